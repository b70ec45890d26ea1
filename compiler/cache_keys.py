"""Build stage, incremental builds: the keys (input: the program IR, the dataset plan, ``--today``; output: one
key per (kind, scenario), hashes of tools, descriptions and the pair sampler's state). What a key covers and why
is in :mod:`compiler.cache`'s docstring (level 1, "Rows of a scenario")."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import orjson

from . import ir

__all__ = ["LAYOUT", "code_fingerprint", "description_hashes", "scenario_keys", "state_hash", "tool_hashes"]

#: Bumped when the cache's layout changes (an older cache is then ignored).
LAYOUT = 7
#: Libraries whose versions change bytes a build writes (Faker pools, Parquet encoding, JSON, templates).
_LIBRARIES = ("faker", "pyarrow", "orjson", "jinja2", "pydantic", "lark", "tzdata")

_FINGERPRINT: list[str] = []


def code_fingerprint() -> str:
    """A hash of toolc's own files (every file of the ``toolc``, ``toolc.compiler`` and ``toolc.dsl`` packages),
    the Python version and the versions of :data:`_LIBRARIES`: any change of the code that makes rows makes
    every scenario key new. Computed once per process (~10 ms)."""
    if not _FINGERPRINT:
        import sys
        from importlib import metadata

        import toolc
        import toolc.compiler
        import toolc.dsl

        h = hashlib.sha256(f"layout {LAYOUT} python {sys.version}".encode())
        for lib in _LIBRARIES:
            try:
                h.update(f"{lib} {metadata.version(lib)}\n".encode())
            except metadata.PackageNotFoundError:
                h.update(f"{lib} -\n".encode())
        roots = sorted({Path(m.__file__).parent for m in (toolc, toolc.compiler, toolc.dsl)})
        for root in roots:
            for p in sorted(root.rglob("*")):
                if p.is_file() and "__pycache__" not in p.parts and p.suffix not in (".pyc", ".pyo"):
                    h.update(str(p.relative_to(root.parent)).encode() + b"\0" + p.read_bytes() + b"\0")
        _FINGERPRINT.append(h.hexdigest())
    return _FINGERPRINT[0]


def _dump(x: Any) -> bytes:
    """Canonical bytes of AST nodes, tuples of them and JSON values: :func:`_plain` through orjson, keys sorted."""
    return orjson.dumps(_plain(x), option=orjson.OPT_SORT_KEYS | orjson.OPT_NON_STR_KEYS, default=repr)


_FIELDS: dict[type, tuple[str, ...]] = {}


def _plain(x: Any) -> Any:
    """``x`` as JSON values: an AST node as ``[class name, {field: value}]`` without the fields its dumps exclude
    (spans), tuples as lists, other values as they are (orjson writes ``3`` and ``3.0`` apart, and dates).

    Walks the node's ``__dict__`` instead of pydantic's ``model_dump_json``, whose first call builds every node
    class's serializer (~0.15 s of every build's start-up, see ``Node``'s ``defer_build``)."""
    cls = type(x)
    if cls in _LEAVES:
        return x
    names = _FIELDS.get(cls)
    if names is not None:
        values = x.__dict__
        return [cls.__name__, {n: _plain(values[n]) for n in names}]
    if isinstance(x, (tuple, list)):
        return [_plain(i) for i in x]
    from toolc.dsl.ast_node import Node

    if isinstance(x, Node):  # a node class met for the first time
        _FIELDS[cls] = tuple(n for n, f in cls.model_fields.items() if not f.exclude)
        return _plain(x)
    if isinstance(x, dict):
        return {k: _plain(v) for k, v in x.items()}
    return x


#: Types :func:`_plain` returns as they are without looking further (the leaves of nearly every AST).
_LEAVES = frozenset({str, int, float, bool, type(None)})


def _undocumented(node: Any) -> Any:
    """A tool's AST with the tool's and every parameter's description blanked (for distractor tools)."""
    from toolc.dsl import ast

    if isinstance(node, ast.Node):
        update = {}
        for name in type(node).model_fields:
            value = getattr(node, name)
            new = _undocumented(value)
            if new is not value:
                update[name] = new
        if isinstance(node, (ast.Tool, ast.Param)) and node.description:
            update["description"] = "" if isinstance(node, ast.Tool) else None
        return node.model_copy(update=update) if update else node
    if isinstance(node, tuple):
        items = tuple(_undocumented(i) for i in node)
        return items if any(a is not b for a, b in zip(items, node)) else node
    return node


def _undescribed(schema: Any) -> Any:
    """A JSON Schema without its ``description`` keywords: they are dropped from the schema and from the schemas
    it nests (properties, items, alternatives), never from values (a default, an enum member) nor as the name of
    a property."""
    if not isinstance(schema, dict):
        return schema
    out = {}
    for k, v in schema.items():
        if k == "description":
            continue
        if k in ("properties", "patternProperties", "$defs", "definitions") and isinstance(v, dict):
            v = {name: _undescribed(s) for name, s in v.items()}
        elif k in ("items", "additionalProperties", "not", "contains"):
            v = _undescribed(v)
        elif k in ("anyOf", "oneOf", "allOf", "prefixItems") and isinstance(v, list):
            v = [_undescribed(s) for s in v]
        out[k] = v
    return out


def _undescribed_definition(definition: dict[str, Any]) -> dict[str, Any]:
    """An OpenAI tool definition without the tool's and its parameters' descriptions."""
    fn = {k: v for k, v in definition["function"].items() if k != "description"}
    if "parameters" in fn:
        fn["parameters"] = _undescribed(fn["parameters"])
    return {**definition, "function": fn}


def tool_hashes(prog: ir.Program) -> dict[str, str]:
    """Tool name -> hash of its definition as offered to models (what a rendered tool list shows)."""
    return {name: hashlib.sha256(orjson.dumps(t.definition)).hexdigest()[:32] for name, t in prog.tools.items()}


def scenario_keys(prog: ir.Program, plan: ir.DatasetIR, today, quotas: dict[str, dict[str, int]],
                  own_tools, pool: tuple[str, ...], formats: tuple[str, ...] = ()) -> dict[tuple[str, str], str | None]:
    """``(kind, scenario) -> key`` (see the module docstring; ``None``: never reused).

    Args:
        own_tools: ``scenario -> tool names`` it offers itself (``Expander.tool_sets``' first part).
        pool: the dataset's tools, distractors are drawn from (``Expander.tool_pool``).
        formats: the build's format names (they reach RM pairs only).
    """
    common = hashlib.sha256()
    for part in (code_fingerprint(), plan.name, plan.seed, today.isoformat(), plan.system, plan.perturb,
                 list(plan.distractors), plan.test_percent, plan.holdout, list(pool)):
        common.update(_dump(part) + b"\n")
    for name, t in prog.tools.items():  # every tool without descriptions (distractors, perturbations)
        common.update(name.encode() + b"\0" + _dump(_undocumented(t.node)) + b"\0" + t.locale.encode() + b"\n")
    for name, variants in sorted(prog.slot_variants.items()):
        for locale, slot in sorted(variants.items()):
            common.update(f"{name} {locale} {slot.locale}".encode() + _dump(slot.node) + b"\n")
    for name, slot in prog.slots.items():
        common.update(f"{name} {slot.locale}".encode() + _dump(slot.node) + b"\n")
    keys: dict[tuple[str, str], str | None] = {}
    texts: dict[str, bytes] = {}  # each own tool's text made once (a tool is offered by many scenarios)
    nodes: dict[str, bytes] = {}
    shared: dict[tuple, bytes] = {}  # what RM keys of many scenarios read, dumped once (_written)

    def node_dump(n: str) -> bytes:  # each scenario's AST dumped once (RM keys read the other scenarios' too)
        hit = nodes.get(n)
        if hit is None:
            hit = nodes[n] = _dump(prog.scenarios[n].node)
        return hit
    for name in plan.scenarios:
        scen = prog.scenarios[name]
        h = common.copy()
        h.update(_dump([scen.file, scen.line, scen.locale, sorted(scen.aliases.items()),
                        sorted(scen.bindings.items()), list(scen.called), list(scen.extra_tools), scen.smalltalk]))
        h.update(node_dump(name))
        simulated = False
        for t in own_tools(name):  # whole but for descriptions (description_hashes)
            tool = prog.tools[t]
            text = texts.get(t)
            if text is None:
                text = texts[t] = orjson.dumps(_undescribed_definition(tool.definition)) + tool.file.encode()
            h.update(text)
            if tool.node.simulate is not None:
                simulated = True
        for t in scen.called:
            if prog.tools[t].node.simulate is not None:
                simulated = True
        for kind, want in quotas.items():
            if name in want:
                k = h.copy()
                if kind == "rm":
                    k.update(_written(prog, scen, node_dump, shared))
                keys[(kind, name)] = None if simulated else _finish(k, kind, want[name], formats)
    return keys


def _written(prog: ir.Program, scen: ir.ScenarioIR, node_dump: Callable[[str], bytes],
             shared: dict[tuple, bytes]) -> bytes:
    """What an RM row of ``scen`` reads from other scenarios: the literal values the program's scenarios of its
    locale write for the parameters of the tools it calls (a ``value`` negative of a written argument is another
    of them, :func:`compiler.perturb.written_values`); the refusals of its language and of the other one, the tools
    their scenarios withhold and offer and the slots they draw (``needless_refusal``, ``wrong_language``); and the
    scenarios of its language that call the same tools or the tools it withholds, whose replies the made-up
    negatives expand (:mod:`compiler.donors`). ``node_dump``: scenario name -> its dumped AST (made once for every
    key); ``shared``: the dumps of a tool's written values and of a language's refusals, made once for every key (the
    same bytes as dumping the lists whole: orjson writes a list as its items' texts joined by ``,``)."""
    from .languages import language
    from .perturb import written_values
    from .donors import callers
    from .perturb_turns import _OTHER, spec_refusals

    lang = language(scen.locale)
    others = sorted({n for t in (*scen.called, *scen.node.withhold) for n in callers(prog, lang, t)})

    def made(key: tuple, make: Callable[[], list]) -> bytes:  # a list's items' dumps, joined by ","
        hit = shared.get(key)
        if hit is None:
            hit = shared[key] = b",".join(_dump(x) for x in make())
        return hit

    values = [made(("values", t, scen.locale), lambda t=t: [[t, p.name, list(written_values(prog, t, p.name, scen.locale))]
                                                          for p in prog.tools[t].node.params]) for t in scen.called]
    refusals = [made(("refusals", tongue), lambda tongue=tongue: [[tongue, t, *[sorted(x) for x in sets]]
                                                                  for t, sets in spec_refusals(prog, tongue).items()])
                for tongue in (lang, _OTHER.get(lang)) if tongue]
    return b"[" + b",".join(v for v in values if v) + b"]" + b"[" + b",".join(r for r in refusals if r) + b"]" + \
        b"".join(node_dump(n) for n in others)


def description_hashes(prog: ir.Program, plan: ir.DatasetIR, own_tools) -> dict[str, str]:
    """``scenario -> hash`` of the descriptions of the tools it offers itself (their whole declarations and
    definitions): part of an RM scenario's key (see the module docstring)."""
    out = {}
    texts: dict[str, bytes] = {}  # each tool's text made once (a tool is offered by many scenarios)
    for name in plan.scenarios:
        h = hashlib.sha256()
        for t in own_tools(name):
            text = texts.get(t)
            if text is None:
                tool = prog.tools[t]
                text = texts[t] = _dump(tool.node) + orjson.dumps(tool.definition) + b"\n"
            h.update(text)
        out[name] = h.hexdigest()[:32]
    return out


def _finish(h, kind: str, want: int, formats: tuple[str, ...]) -> str:
    h.update(f"{kind} {want}".encode())
    if kind == "rm":
        h.update(_dump(list(formats)))
    return h.hexdigest()[:32]


def state_hash(state: dict[str, Any]) -> str:
    """A hash of a pair sampler's :meth:`~compiler.pairs.PairSampler.state`."""
    return hashlib.blake2b(orjson.dumps(state), digest_size=16).hexdigest()
