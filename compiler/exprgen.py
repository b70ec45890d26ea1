"""IR stage, expressions as generated functions: a compiled expression's closure tree joined into one Python
function (input: a closure made by :class:`compiler.exprs.Compiler`; output: a function of ``ctx`` giving the
same value, the same random draws in the same order and the same errors).

The compiler makes one closure per expression node (an operator calls its operands' closures, a field read
its object's); a result field such as ``int(normal_low - climate(city, date).spread..)`` costs half a dozen
Python calls per value. Each closure the compiler makes carries a description of itself (:func:`tag`: the
node kind and its parts -- operand closures, constants); :func:`joined` walks those descriptions and writes
the whole tree as one function body, with the operators' common paths inline (two plain numbers, a dict field
read, ``truth`` of a value) and the rest calling the very helpers the closures call (``_add``, ``get_item``,
built-ins, getters of names, random picks). A closure without a description is called as it is, so the
generated function is the closure tree with its inner calls removed, never another semantics.

No spec text becomes code: the generated source names every value, name, built-in and closure by a
generated identifier (``_e0``, ``_e1``, ...) bound to the object itself, and its only text is the fixed
templates below. Sources that differ only in those objects are compiled once (:data:`_FACTORIES`).
"""

from __future__ import annotations

from typing import Any, Callable

from .builtins import ABSENT, GUARDED, BuiltinError, not_computed
from .operators import _add, _arith, _compare, _sub, get_attr, get_item

#: Not yet in a frame's memo (generated code reads ``memo.get(key, _MISSING)``).
_MISSING = object()

#: Node kinds :func:`joined` writes inline; a tree whose root is another kind (or a leaf) is not rewritten.
_JOINABLE = frozenset({"attr", "logic", "coalesce", "binop", "not", "call", "case", "case_fixed", "once", "list",
                       "item", "code"})

#: generated source -> factory ``(*objects) -> function`` (one ``compile`` per distinct source)
_FACTORIES: dict[str, Callable] = {}

#: the general path of each binary operator (what :func:`compiler.operators.binary` calls off its fast path)
_GENERAL: dict[str, Callable] = {"+": _add, "-": _sub, "*": _arith("*"), "/": _arith("/"), "%": _arith("%"),
                                 "<": _compare("<"), "<=": _compare("<="), ">": _compare(">"),
                                 ">=": _compare(">="), "in": _compare("in")}
_PY_OP = {"+": "+", "-": "-", "*": "*", "<": "<", "<=": "<=", ">": ">", ">=": ">=", "==": "==", "!=": "!="}


def tag(fn: Callable, *node: Any) -> Callable:
    """Marks ``fn`` (a closure of the expression compiler) with what it computes: ``(kind, *parts)``; returns it.

    Kinds: ``("const", value)``, ``("arg", name)`` (``ctx.args.get(name, ABSENT)``), ``("frame", level, name)``
    (``ctx.frames[level].get(name, ABSENT)``), ``("index", level)`` (``ctx.indexes[level]``), ``("attr", obj,
    name)``, ``("logic", stop, left, right)`` (``and``: stop ``False``, ``or``: ``True``), ``("coalesce", left,
    right)``, ``("binop", op, left, right)``, ``("not", operand)``, ``("call", builtin, args)``, ``("case",
    picks)``, ``("case_fixed", level, key, conds, values)``, ``("once", level, key, fn)``, ``("list", items)``,
    ``("item", obj, key)`` -- each exactly the closure's computation (:mod:`compiler.exprs`); ``("code", write)``
    for a closure made elsewhere (a result shape's number draw): ``write(writer, r)`` writes what it computes
    into the local ``r`` with :class:`_Writer`'s ``line``/``value``/``obj``/``temp``."""
    fn._node = node  # type: ignore[attr-defined]
    return fn


def joined(fn: Callable, params: tuple[str, ...] = ("ctx",)) -> Callable:
    """``fn`` as one generated function (the same values, draws and errors), or ``fn`` itself when it is a leaf
    or carries no description (:func:`tag`). ``params``: the function's parameters (``ctx`` first; a ``code``
    node's writer may read the others, e.g. a verification check's ``v`` and ``path``)."""
    node = getattr(fn, "_node", None)
    if node is None or node[0] not in _JOINABLE:
        return fn
    w = _Writer()
    result = w.value(fn)
    w.line(f"return {result}")
    names = list(w.objects)
    source = "def _make(" + ", ".join(names) + "):\n def _joined(" + ", ".join(params) + "):\n" + "\n".join(w.lines) + \
        "\n return _joined\n"
    make = _FACTORIES.get(source)
    if make is None:
        if len(_FACTORIES) > 8192:
            _FACTORIES.clear()
        env: dict[str, Any] = {}
        try:
            code = compile(source, "<toolc expression>", "exec")
        except (SyntaxError, RecursionError, MemoryError):  # beyond Python's limits (a `case` of ~100 arms nests
            return fn  # as deep): the closure tree computes the same
        exec(code, env)  # our templates only (module docstring)
        make = _FACTORIES[source] = env["_make"]
    out = make(*w.objects.values())
    out._node = ("joined", fn)  # type: ignore[attr-defined]
    return out


class _Writer:
    """Writes one generated function body: ``lines`` (indented for the body), ``objects`` (identifier -> object)."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.objects: dict[str, Any] = {"_A": ABSENT, "_M": _MISSING, "_get_attr": get_attr, "_get_item": get_item}
        self._ids: dict[int, str] = {}
        self._temps = 0
        self.indent = 2

    def line(self, text: str) -> None:
        self.lines.append(" " * self.indent + text)

    def obj(self, value: Any) -> str:
        """The identifier the generated code reads ``value`` by (one per distinct object)."""
        name = self._ids.get(id(value))
        if name is None:
            name = self._ids[id(value)] = f"_e{len(self._ids)}"
            self.objects[name] = value
        return name

    def temp(self) -> str:
        self._temps += 1
        return f"t{self._temps}"

    def value(self, fn: Callable) -> str:
        """Writes the computation of ``fn(ctx)`` and returns an identifier (or constant) holding its value,
        which may be read any number of times."""
        node = getattr(fn, "_node", None)
        kind = node[0] if node is not None else None
        if kind == "joined":
            return self.value(node[1])
        if kind == "const":
            return self.obj(node[1])
        r = self.temp()
        if kind == "arg":
            self.line(f"{r} = ctx.args.get({self.obj(node[1])}, _A)")
        elif kind == "frame":
            self.line(f"{r} = ctx.frames[{int(node[1])}].get({self.obj(node[2])}, _A)")
        elif kind == "index":
            self.line(f"{r} = ctx.indexes[{int(node[1])}]")
        elif kind == "attr":
            v = self.value(node[1])
            self.line(f"{r} = {v}.get({self.obj(node[2])}, _A) if type({v}) is dict else _get_attr({v}, {self.obj(node[2])})")
        elif kind == "logic":
            self._logic(r, bool(node[1]), node[2], node[3])
        elif kind == "coalesce":
            a = self.value(node[1])
            self.line(f"{r} = {a}")
            self.line(f"if {r} is _A:")
            self.indent += 1
            self.line(f"{r} = {self.value(node[2])}")
            self.indent -= 1
        elif kind == "binop":
            self._binop(r, node[1], node[2], node[3])
        elif kind == "not":
            v = self.value(node[1])
            self.line(f"{r} = _A if {v} is _A else not {v}")
        elif kind == "call":
            self._call(r, node[1], [self.value(a) for a in node[2]])
        elif kind == "list":
            items = [self.value(a) for a in node[1]]
            self.line(f"{r} = [{', '.join(items)}]")
        elif kind == "item":
            o = self.value(node[1])
            k = self.value(node[2])
            self.line(f"{r} = _get_item({o}, {k})")
        elif kind == "case":
            self._arms(r, [(c, lambda p=p: self._set(r, p)) for c, p in node[1]])
        elif kind == "case_fixed":
            self._case_fixed(r, *node[1:])
        elif kind == "once":
            self._once(r, node[1], node[2], node[3])
        elif kind == "code":
            node[1](self, r)
        else:
            self.line(f"{r} = {self.obj(fn)}(ctx)")
        return r

    def _call(self, r: str, fn: Callable, args: list[str]) -> None:
        # a built-in (compiler.builtins._guarded): its guard inline, around the unguarded function -- the same
        # value or error, without the guard's call and its packing of the arguments (~0.2-0.7 us a call)
        unguarded = getattr(fn, "unguarded", None)
        if unguarded is None:
            self.line(f"{r} = {self.obj(fn)}(ctx{''.join(', ' + a for a in args)})")
            return
        name, raw = unguarded
        self.line("try:")
        self.line(f" {r} = {self.obj(raw)}(ctx{''.join(', ' + a for a in args)})")
        self.line(f"except {self.obj(BuiltinError)}:")
        self.line(" raise")
        self.line(f"except {self.obj(GUARDED)} as _x:")
        self.line(f" {self.obj(not_computed)}({self.obj(name)}, ({''.join(a + ', ' for a in args)}), _x)")

    def _set(self, r: str, fn: Callable) -> None:
        self.line(f"{r} = {self.value(fn)}")

    def _arms(self, r: str, arms: list) -> None:
        """``arms``: ``(condition closure or None, write the arm)``: the first arm whose condition's truth is
        ``True`` (an arm without one always), else ``ABSENT``."""
        depth = 0
        for cond, write in arms:
            if cond is None:
                write()
                break
            c = self.value(cond)
            self.line(f"if {c} is not _A and {c}:")
            self.indent += 1
            write()
            self.indent -= 1
            self.line("else:")
            self.indent += 1
            depth += 1
        else:
            self.line(f"{r} = _A")
        self.indent -= depth

    def local(self, fn: Callable) -> str:
        """Like :meth:`value`, always into a new local (which the caller may overwrite)."""
        v = self.value(fn)
        if v.startswith("t"):
            return v
        r = self.temp()
        self.line(f"{r} = {v}")
        return r

    def _logic(self, r: str, stop: bool, left: Callable, right: Callable) -> None:
        # exprs.Compiler._binary's `logic`: a = truth(left); stop at `stop`; b = truth(right); ...
        a = self.local(left)
        self.line(f"if {a} is not _A:")
        self.line(f" {a} = True if {a} else False")
        self.line(f"if {a} is {stop}:")
        self.line(f" {r} = {stop}")
        self.line("else:")
        self.indent += 1
        b = self.local(right)
        self.line(f"if {b} is not _A:")
        self.line(f" {b} = True if {b} else False")
        self.line(f"{r} = {stop} if {b} is {stop} else _A if {a} is _A or {b} is _A else {not stop}")
        self.indent -= 1

    def _binop(self, r: str, op: str, left: Callable, right: Callable) -> None:
        # compiler.operators.binary, inline: both operands first (left, then right), then the fast path
        a = self.value(left)
        b = self.value(right)
        if op in ("==", "!="):
            self.line(f"{r} = _A if {a} is _A or {b} is _A else {a} {_PY_OP[op]} {b}")
            return
        general = self.obj(_GENERAL[op])
        if op in ("%", "in"):
            self.line(f"{r} = {general}({a}, {b})")
            return
        ta, tb = self.temp(), self.temp()
        self.line(f"{ta} = type({a}); {tb} = type({b})")
        numbers = f"({ta} is int or {ta} is float) and ({tb} is int or {tb} is float)"
        if op == "+":
            self.line(f"{r} = {a} + {b} if {numbers} or {ta} is str and {tb} is str else {general}({a}, {b})")
        elif op == "/":
            self.line(f"if {numbers} and {b} != 0:")
            self.line(f" {r} = {a} / {b}")
            self.line(f" if {ta} is int and {tb} is int and {a} % {b} == 0: {r} = int({r})")
            self.line(f"else: {r} = {general}({a}, {b})")
        else:
            self.line(f"{r} = {a} {_PY_OP[op]} {b} if {numbers} else {general}({a}, {b})")

    def _case_fixed(self, r: str, level: int, key: object, conds: list, values: list) -> None:
        # exprs.Compiler._case's `case_fixed`: the index of the arm that holds, kept in ctx.frames[level]
        memo, i = self.temp(), self.temp()
        self.line(f"{memo} = ctx.frames[{int(level)}]")
        self.line(f"{i} = {memo}.get({self.obj(key)}, _M)")
        self.line(f"if {i} is _M:")
        self.indent += 1
        arms = [(c, lambda n=n: self.line(f"{i} = {n}")) for n, c in enumerate(conds)]
        self._arms(i, arms)
        self.line(f"if {i} is _A: {i} = -1")
        self.line(f"{memo}[{self.obj(key)}] = {i}")
        self.indent -= 1
        for n, v in enumerate(values):
            self.line(f"{'if' if n == 0 else 'elif'} {i} == {n}:")
            self.indent += 1
            self._set(r, v)
            self.indent -= 1
        self.line("else:")
        self.line(f" {r} = _A")

    def _once(self, r: str, level: int, key: object, fn: Callable) -> None:
        # exprs._once_per_frame: computed on the first call while ctx.frames[level] lives (lists and dicts anew)
        if _read_only(fn):  # an argument's (nested) field: reading it again costs less than the memo
            self._set(r, fn)
            return
        memo = self.temp()
        self.line(f"{memo} = ctx.frames[{int(level)}]")
        self.line(f"{r} = {memo}.get({self.obj(key)}, _M)")
        self.line(f"if {r} is _M:")
        self.indent += 1
        self._set(r, fn)
        self.line(f"if type({r}) is not list and type({r}) is not dict: {memo}[{self.obj(key)}] = {r}")
        self.indent -= 1


def _read_only(fn: Callable) -> bool:
    """Whether ``fn`` reads a call argument or one of its (nested) fields and nothing else: the same value (or
    the same error) every time while a call's arguments live, so that a ``once`` memo of it is not needed."""
    node = getattr(fn, "_node", None)
    while node is not None and node[0] in ("attr", "joined"):
        node = getattr(node[1], "_node", None)
    return node is not None and node[0] == "arg"
