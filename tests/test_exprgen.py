"""Expressions joined into one generated function (compiler/exprgen.py) give what the closure tree gives: the
same value, the same random draws in the same order, the same error -- on every operator, on absent, mixed and
wrong-typed operands, with values kept per frame (a result shape's ``level``)."""

from __future__ import annotations

import itertools
import random

import pytest

from toolc.compiler.builtins import ABSENT, BUILTINS
from toolc.compiler.exprs import Binding, Compiler, Scope
from toolc.compiler.exprgen import joined, tag
from toolc.dsl.diagnostics import Diagnostics
from toolc.dsl.parse import parse_expression

EXPRESSIONS = [
    "a + b", "a - b", "a * b", "a / b", "a % b", "a < b", "a <= b", "a > b", "a >= b", "a == b", "a != b",
    "a in b", "a + 1", "a - 1", "a / 2", "a == \"x\"", "a ?? b", "(a ?? 3) * (b ?? 2)", "not a", "a and b", "a or b",
    "not (a and (b or a))", "(a > 1) and (b < 5) or (a == b)", "max(a, b)", "min(a, 2) + len(s)",
    "round(a / 3, 2)", "s[0]", "s[a]", "o.x", "o.x + o.y", "o.missing ?? 7", "[a, b, 1]", "len([a, b])",
    "case { when a > b: a when a == b: 0 else: b }", "case { when a: \"yes\" }",
    "case { when (a ?? 0) > 2 and (b ?? 0) > 2: a * b when b: b + 1 }", "days_between(d, d + a)", "d + a",
    "d - 3", "e - d", "(o.x ?? 0) >= 2 and \"q\" in s", "climate(a, d).low", "fmt(a, b)", "days_between(a, d) + 1",
]
VALUES = [ABSENT, 0, 1, 3, 2.5, -1.0, True, False, "x", "2026-12-02", [1, 2], {"x": 1}]


def _scope() -> Scope:
    names = {}
    for n in ("a", "b"):
        names[n] = Binding(tag(lambda ctx, n=n: ctx.args.get(n, ABSENT), "arg", n), "any", "arg")
    for n, v, t in (("s", ["p", "q", "r"], "any"), ("o", {"x": 2, "y": 3.5}, "any"), ("d", "2026-12-02", "date"),
                    ("e", "2027-01-05", "date")):
        names[n] = Binding(tag(lambda ctx, v=v: v, "const", v), t, "global")
    return Scope(names)


class _Ctx:
    def __init__(self, args):
        self.args, self.frames, self.rng = args, [{}, {}], random.Random(7)


def _run(fn, ctx):
    try:
        return "ok", fn(ctx)
    except Exception as exc:  # noqa: BLE001 - the same error either way (a built-in may raise TypeError too)
        return "error", type(exc).__name__, str(exc)


@pytest.mark.parametrize("text", EXPRESSIONS)
def test_joined_function_equals_closure_tree(text: str) -> None:
    e = parse_expression(text, Diagnostics())
    assert e is not None
    closure, _ = Compiler(Diagnostics()).compile(e, _scope())
    compiler = Compiler(Diagnostics(), join=True)
    fn, _ = compiler.compile(e, _scope())
    assert compiler.ok
    if text not in ("s[0]",):  # a leaf or a lone item read is not worth joining; every other one is
        assert fn is not closure and getattr(fn, "_node", ("",))[0] == "joined"
    for a, b in itertools.product(VALUES, VALUES):
        args = {k: v for k, v in (("a", a), ("b", b)) if v is not ABSENT}
        assert _run(fn, _Ctx(args)) == _run(closure, _Ctx(args)), (text, a, b)


def test_built_ins_guarded_inline() -> None:
    """A joined function calls a built-in's own code with its guard written inline, not through the guard's
    wrapper (a Python call and an argument tuple less per call); the errors are the wrapper's, message for message
    (``test_joined_function_equals_closure_tree`` compares them on wrong-typed arguments)."""
    e = parse_expression("round(a, 2) + days_between(d, d)", Diagnostics())
    fn, _ = Compiler(Diagnostics(), join=True).compile(e, _scope())
    held = [c.cell_contents for c in fn.__closure__ or ()]
    assert BUILTINS["round"].fn not in held and BUILTINS["days_between"].fn not in held
    assert BUILTINS["round"].fn.unguarded[1] in held
    assert _run(fn, _Ctx({"a": 4.567})) == ("ok", 4.57)
    assert _run(fn, _Ctx({"a": "x"})) == (
        "error", "BuiltinError", "round('x', 2) cannot be computed: could not convert string to float: 'x'")


def test_values_kept_per_frame_and_random_arms() -> None:
    """A `case` whose arm is chosen once per frame and a subexpression computed once per frame (a result
    shape's levels), with random alternatives: same values and the same draws as the closures."""
    def level(b):
        return 0 if b.kind == "arg" else 1

    def choice(fns):
        return fns[0] if len(fns) == 1 else (lambda ctx: fns[int(ctx.rng.random() * len(fns))](ctx))

    scope = Scope({"x": Binding(tag(lambda ctx: ctx.frames[1].get("x", ABSENT), "frame", 1, "x"), "int", "field",
                                level=1)}, _scope(), level=1)
    texts = ["case { when a > 1: x + 1 | x + 2 | x * 3 when (a ?? 0) == 0: x else: 5 }",
             "x + (a ?? 0) * 2 + max(b ?? 1, 4)", "case { when a > 1 and b: \"p\" | \"q\" else: \"r\" }"]
    for text in texts:
        e = parse_expression(text, Diagnostics())
        closure = Compiler(Diagnostics(), random_choice=choice, level=level).compile(e, scope)[0]
        fn = Compiler(Diagnostics(), random_choice=choice, level=level, join=True).compile(e, scope)[0]
        for a, b, x in itertools.product([ABSENT, 0, 2, 3.5], [ABSENT, 1, False], [1, 4]):
            args = {k: v for k, v in (("a", a), ("b", b)) if v is not ABSENT}
            c1, c2 = _Ctx(args), _Ctx(args)
            for c in (c1, c2):
                c.frames[1]["x"] = x
            got = [_run(fn, c1) for _ in range(3)]
            want = [_run(closure, c2) for _ in range(3)]
            assert got == want and c1.rng.random() == c2.rng.random(), (text, a, b, x)
            assert len(c1.frames[0]) == len(c2.frames[0]) and len(c1.frames[1]) == len(c2.frames[1])


def test_too_deep_for_python_stays_a_closure() -> None:
    """A `case` with more arms than Python nests blocks (its conditions nest one level each) is left as the
    closure tree, which computes the same."""
    arms = " ".join(f"when a == {i}: {i * 2}" for i in range(150))
    e = parse_expression(f"case {{ {arms} else: -1 }}", Diagnostics())
    fn = Compiler(Diagnostics(), join=True).compile(e, _scope())[0]
    assert getattr(fn, "_node", ("",))[0] != "joined"
    assert [fn(_Ctx({"a": a})) for a in (0, 149, 150)] == [0, 298, -1]
