"""Checker stage: predicted tool calls + gold calls (acceptable values per argument) -> verdicts.

This is toolc's one AST checker. Its rules follow the Berkeley Function-Calling Leaderboard (BFCL) AST
checker (``bfcl_eval/eval_checker/ast_eval/ast_checker.py`` in ShishirPatil/gorilla, paraphrased in
``../shared/data/bfcl/CHECKER_NOTES.md``; no code copied). Two modes:

``bfcl=True`` reproduces BFCL faithfully, quirks included:

* parallel calls are matched **greedily** (each gold call, in order, takes the first unused predicted call
  that passes), so a valid set of calls can fail when one gold call accepts several values (in the BFCL
  data, ``parallel_178`` answered in reverse order);
* the one-level element-type check of arrays is skipped when the first acceptable value is not a list
  (``""``), so ``[1, 2]`` for ``array<float>`` passes or fails depending on the order of the gold values;
* ``""`` (the "may be omitted" marker) among an array's acceptable values also accepts ``[]``;
* the "variable" escape hatch switches the whole argument to exact comparison as soon as the first
  non-``""`` acceptable value has another type than the schema's (so ``["", true]`` for a string rejects
  every real string);
* values are compared with Python ``==`` (``True == 1`` inside lists and dicts).

The default mode keeps every rule and fixes those quirks:

* parallel calls are matched by an optimal bipartite matching (any order that can be right is right);
* array elements are type-checked always, with the same int -> float promotion as top-level arguments;
* ``""`` never stands for ``[]``: an empty array is accepted only when a gold value is ``[]``;
* the escape hatch is per value: a value of the schema type is compared with the type's rule against the
  acceptable values of that type, and any value may equal (exactly) an acceptable value of another type;
* equality is type-aware (``True`` never equals ``1``; ``1`` equals ``1.0``);
* strings of parameters with an ``enum`` or a ``format`` (machine-readable values) are compared exactly,
  other strings after BFCL's normalisation;
* JSON Schema types (``number``, ``object``, type lists, ``null``) are understood, and ``any`` means any type.

Gold values follow BFCL's shape: each argument maps to a list of acceptable values, ``""`` meaning "may be
omitted". An acceptable value of an object parameter is a *pattern* ``{key: [acceptable values]}`` (one
level deep, like BFCL); an array-of-objects parameter's acceptable value is a list of such patterns.
:func:`gold_from_call` builds this shape from one of toolc's own exact calls.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from toolc.compiler.checker.rules import (
    CODES,
    OK,
    OMIT,
    Verdict,
    check_argument,
    normalize_string,
    strict_equal,
)
from toolc.compiler.record import ToolCall

__all__ = [
    "CODES",
    "OK",
    "OMIT",
    "GoldCall",
    "Verdict",
    "check_argument",
    "check_call",
    "check_calls",
    "gold_from_call",
    "match_calls",
    "max_matching",
    "max_weight_assignment",
    "normalize_string",
    "strict_equal",
    "tool_function",
    "tool_name",
    "tool_parameters",
    "tools_by_name",
]


@dataclass(frozen=True, slots=True)
class GoldCall:
    """A gold tool call with acceptable values per argument (BFCL's possible-answer shape).

    Attributes:
        name: the tool's name.
        arguments: parameter name -> list of acceptable values; ``""`` in a list means the argument may be
            omitted, ``[""]`` alone that it must be omitted. Object values are patterns (see module doc).
        free: toolc's own addition to BFCL's shape: the arguments whose value the assistant words itself (an email
            subject no one gave, :func:`compiler.ground_truth.gold_calls`): any text that is not blank is right
            (their ``arguments`` entry still says whether they may be omitted).
    """

    name: str
    arguments: dict[str, list[Any]]
    free: tuple[str, ...] = ()

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> GoldCall:
        """Builds a gold call from ``{"name": ..., "arguments": {param: [acceptable values]}}``.

        Raises:
            ValueError: when an argument's acceptable values are not a list.
        """
        args = dict(data.get("arguments") or {})
        for k, v in args.items():
            if not isinstance(v, list):
                raise ValueError(f"gold argument {k!r} of {data.get('name')!r}: acceptable values must be a list")
        return cls(str(data["name"]), args, tuple(data.get("free") or ()))

    def to_json(self) -> dict[str, Any]:
        """Returns ``{"name", "arguments"}`` (the BFCL possible-answer shape), with ``free`` where there are any."""
        out = {"name": self.name, "arguments": self.arguments}
        if self.free:
            out["free"] = list(self.free)
        return out

    def accepts(self, name: str, value: Any, schema: Mapping[str, Any] | None, *, bfcl: bool = False) -> Verdict:
        """:func:`check_argument` of one passed argument against its acceptable values; for a :attr:`free` one,
        whether it is a text that is not blank."""
        if name in self.free:
            if isinstance(value, str) and value.strip():
                return OK
            return Verdict(False, "wrong_value", f"{name}: expected a text in the assistant's own words, got {value!r}")
        return check_argument(name, value, self.arguments[name], schema, bfcl=bfcl)

    def mandatory(self) -> list[str]:
        """Names of the arguments whose acceptable values lack ``""`` (must be passed)."""
        return [k for k, v in self.arguments.items() if OMIT not in v]


# --------------------------------------------------------------------------- schema access


def tool_function(tool: Mapping[str, Any] | None) -> Mapping[str, Any] | None:
    """The function object of an OpenAI function tool (``tool["function"]``); a bare function passes through."""
    if tool is None:
        return None
    fn = tool.get("function")
    return fn if isinstance(fn, Mapping) else tool


def tool_name(tool: Mapping[str, Any]) -> str:
    """The name of an OpenAI function tool (or bare function object)."""
    fn = tool_function(tool)
    return str(fn["name"]) if fn else ""


def tool_parameters(tool: Mapping[str, Any] | None) -> Mapping[str, Any]:
    """The ``parameters`` schema of a tool definition (``{}`` when absent or when ``tool`` is None)."""
    fn = tool_function(tool)
    if not fn:
        return {}
    params = fn.get("parameters")
    return params if isinstance(params, Mapping) else {}


def tools_by_name(tools: Iterable[Mapping[str, Any]] | None) -> dict[str, Mapping[str, Any]]:
    """Maps tool name -> tool definition (the first definition wins on duplicate names)."""
    out: dict[str, Mapping[str, Any]] = {}
    for t in tools or ():
        out.setdefault(tool_name(t), t)
    return out


# --------------------------------------------------------------------------- gold from toolc calls


def _pattern(value: Any, schema: Mapping[str, Any] | None) -> Any:
    """One exact argument value -> one acceptable value (objects become one-level patterns)."""
    schema = schema or {}
    if isinstance(value, dict):
        props = schema.get("properties") if isinstance(schema.get("properties"), Mapping) else {}
        pat: dict[str, list[Any]] = {}
        for k, v in value.items():
            sub = props.get(k) or {}
            acc = [v]
            if "default" in sub and strict_equal(v, sub["default"]):
                acc.append(OMIT)
            pat[k] = acc
        for k, sub in props.items():
            if k not in pat:
                pat[k] = [OMIT, sub["default"]] if isinstance(sub, Mapping) and "default" in sub else [OMIT]
        return pat
    if isinstance(value, (list, tuple)) and value and all(isinstance(v, dict) for v in value):
        items = schema.get("items") if isinstance(schema.get("items"), Mapping) else None
        return [_pattern(v, items) for v in value]
    if isinstance(value, tuple):
        return list(value)
    return value


def gold_from_call(call: ToolCall, tool: Mapping[str, Any] | None) -> GoldCall:
    """Builds the gold call of one of toolc's own exact calls.

    Given arguments accept their value (objects become one-level patterns, see the module doc); a given
    argument equal to the schema ``default`` may also be omitted. Schema parameters the call leaves out
    accept ``""`` (omission) plus the schema ``default`` if any: passing the default explicitly is right,
    any other value is not.

    Args:
        call: the exact call (``compiler.record.ToolCall``).
        tool: its tool definition ``{"type": "function", "function": {"name", "description", "parameters"}}``;
            ``None`` when unknown (then only the given arguments are known).

    Returns:
        The :class:`GoldCall`.
    """
    props = tool_parameters(tool).get("properties")
    props = props if isinstance(props, Mapping) else {}
    args: dict[str, list[Any]] = {}
    for k, v in call.arguments.items():
        sub = props.get(k) if isinstance(props.get(k), Mapping) else None
        acc = [_pattern(v, sub)]
        if sub is not None and "default" in sub and strict_equal(v, sub["default"]):
            acc.append(OMIT)
        args[k] = acc
    for k, sub in props.items():
        if k not in args:
            args[k] = [OMIT, sub["default"]] if isinstance(sub, Mapping) and "default" in sub else [OMIT]
    return GoldCall(call.name, args)


# --------------------------------------------------------------------------- one call


def check_call(pred: ToolCall, gold: GoldCall, tool: Mapping[str, Any] | None, *, bfcl: bool = False) -> Verdict:
    """Checks one predicted call against one gold call, BFCL's single-call rules in BFCL's order.

    1. name equal (case-sensitive) -> else ``wrong_name``;
    2. every schema-``required`` parameter passed -> else ``missing_required`` (from the schema, even when
       the gold marks it ``""``);
    3. every passed parameter is in the schema and in the gold -> else ``unexpected_param``;
    4. per passed argument, type then value (:func:`check_argument`) -> ``wrong_type`` / ``wrong_value``;
    5. every gold parameter left out accepts ``""`` -> else ``missing_optional``.

    Args:
        pred: the predicted call.
        gold: the gold call.
        tool: the gold tool's definition (BFCL uses the gold function's schema); ``None`` skips the schema rules.
        bfcl: reproduce BFCL's quirks (see the module docstring).

    Returns:
        The :class:`Verdict` (the first failed rule).
    """
    if pred.name != gold.name:
        return Verdict(False, "wrong_name", f"expected tool {gold.name!r}, got {pred.name!r}")
    args = pred.arguments
    if not isinstance(args, Mapping):
        return Verdict(False, "wrong_type", f"{pred.name}: arguments must be an object, got {type(args).__name__}")
    params = tool_parameters(tool)
    props = params.get("properties") if tool is not None else None
    props = props if isinstance(props, Mapping) else ({} if tool is not None else None)
    for req in params.get("required") or ():
        if req not in args:
            return Verdict(False, "missing_required", f"{pred.name}: missing required argument {req!r}")
    for k in args:
        if (props is not None and k not in props) or k not in gold.arguments:
            return Verdict(False, "unexpected_param", f"{pred.name}: unexpected argument {k!r}")
    for k, v in args.items():
        verdict = gold.accepts(k, v, props.get(k) if props else None, bfcl=bfcl)
        if not verdict.ok:
            return Verdict(False, verdict.code, f"{pred.name}: {verdict.message}")
    for k, acc in gold.arguments.items():
        if k not in args and OMIT not in acc:
            return Verdict(False, "missing_optional", f"{pred.name}: argument {k!r} must be passed")
    return OK


# --------------------------------------------------------------------------- matching


def max_matching(ok: Sequence[Sequence[bool]], n_gold: int) -> list[int]:
    """Maximum bipartite matching (Kuhn's augmenting paths), deterministic.

    Args:
        ok: ``ok[i][j]`` is True when predicted call ``i`` may answer gold call ``j``; shape (n_pred, n_gold).
        n_gold: number of gold calls (columns).

    Returns:
        ``match[j]`` = the predicted call matched to gold call ``j``, or ``-1``; length n_gold.
    """
    match = [-1] * n_gold

    def augment(i: int, seen: list[bool]) -> bool:
        for j in range(n_gold):
            if ok[i][j] and not seen[j]:
                seen[j] = True
                if match[j] < 0 or augment(match[j], seen):
                    match[j] = i
                    return True
        return False

    for i in range(len(ok)):
        augment(i, [False] * n_gold)
    return match


def max_weight_assignment(weights: Sequence[Sequence[float]]) -> list[tuple[int, int]]:
    """Maximum-weight assignment (Hungarian algorithm, O(n^3)) on a rectangular matrix.

    Args:
        weights: ``weights[i][j] >= 0``; shape (rows, cols). A zero weight means "do not pair".

    Returns:
        The ``(i, j)`` pairs of positive weight in the optimal assignment, sorted by ``i``.
    """
    rows = len(weights)
    cols = len(weights[0]) if rows else 0
    n = max(rows, cols)
    if n == 0:
        return []
    top = max((w for r in weights for w in r), default=0.0)
    cost = [[top - (weights[i][j] if i < rows and j < cols else 0.0) for j in range(n)] for i in range(n)]
    inf = float("inf")
    u = [0.0] * (n + 1)
    v = [0.0] * (n + 1)
    p = [0] * (n + 1)  # p[j] = row (1-based) assigned to column j
    way = [0] * (n + 1)
    for i in range(1, n + 1):
        p[0] = i
        j0 = 0
        minv = [inf] * (n + 1)
        used = [False] * (n + 1)
        while True:
            used[j0] = True
            i0, delta, j1 = p[j0], inf, 0
            for j in range(1, n + 1):
                if not used[j]:
                    cur = cost[i0 - 1][j - 1] - u[i0] - v[j]
                    if cur < minv[j]:
                        minv[j], way[j] = cur, j0
                    if minv[j] < delta:
                        delta, j1 = minv[j], j
            for j in range(n + 1):
                if used[j]:
                    u[p[j]] += delta
                    v[j] -= delta
                else:
                    minv[j] -= delta
            j0 = j1
            if p[j0] == 0:
                break
        while j0:
            j1 = way[j0]
            p[j0] = p[j1]
            j0 = j1
    pairs = [(p[j] - 1, j - 1) for j in range(1, n + 1)]
    return sorted((i, j) for i, j in pairs if i < rows and j < cols and weights[i][j] > 0)


def match_calls(
    pred: Sequence[ToolCall],
    gold: Sequence[GoldCall],
    tools: Iterable[Mapping[str, Any]] | Mapping[str, Mapping[str, Any]] | None,
    *,
    bfcl: bool = False,
) -> tuple[Verdict, list[int]]:
    """Matches a turn's predicted calls to its gold calls and says whether the turn is right.

    Args:
        pred: predicted calls, in emitted order.
        gold: gold calls.
        tools: the offered tools (a list of definitions or a name -> definition map).
        bfcl: greedy matching (BFCL) instead of an optimal one.

    Returns:
        ``(verdict, match)`` where ``match[j]`` is the index of the predicted call accepted for gold call
        ``j`` or ``-1``: a maximum matching, computed even when the counts differ (with ``bfcl=True`` and
        equal counts, the greedy assignment as far as it got).
    """
    by_name = tools if isinstance(tools, Mapping) else tools_by_name(tools)
    n_p, n_g = len(pred), len(gold)
    cache: dict[tuple[int, int], Verdict] = {}

    def verdict(i: int, j: int) -> Verdict:
        if (i, j) not in cache:
            cache[(i, j)] = check_call(pred[i], gold[j], by_name.get(gold[j].name), bfcl=bfcl)
        return cache[(i, j)]

    if bfcl and n_p == n_g:
        match = [-1] * n_g
        used = [False] * n_p
        for j in range(n_g):
            for i in range(n_p):
                if not used[i] and verdict(i, j).ok:
                    match[j], used[i] = i, True
                    break
            else:
                ok = [[pred[i].name == gold[jj].name and verdict(i, jj).ok for jj in range(n_g)] for i in range(n_p)]
                best = max_matching(ok, n_g)
                if min(best) >= 0:  # the greedy quirk: a right set of calls, matched badly
                    return Verdict(
                        False,
                        "no_match",
                        f"gold call {j} ({gold[j].name}): its predicted call was taken by an earlier gold call "
                        "(BFCL greedy matching; an optimal matching accepts this turn)",
                    ), match
                return _explain(pred, gold, verdict, best, best.index(-1)), match
        return OK, match
    ok = [[pred[i].name == gold[j].name and verdict(i, j).ok for j in range(n_g)] for i in range(n_p)]
    match = max_matching(ok, n_g)
    if n_p != n_g:
        return Verdict(False, "wrong_count", f"expected {n_g} call(s), got {n_p}"), match
    if n_p == 1:
        return verdict(0, 0), match
    missing = [j for j in range(n_g) if match[j] < 0]
    if missing:
        return _explain(pred, gold, verdict, match, missing[0]), match
    return OK, match


def _explain(
    pred: Sequence[ToolCall], gold: Sequence[GoldCall], verdict: Callable[[int, int], Verdict], match: list[int], j: int
) -> Verdict:
    """The verdict of an unmatched gold call ``j`` against its most plausible unused predicted call."""
    if len(pred) == 1 and len(gold) == 1:
        return verdict(0, 0)
    used = {i for i in match if i >= 0}
    free = [i for i in range(len(pred)) if i not in used]
    same = [i for i in free if pred[i].name == gold[j].name]
    cand = same or free
    if cand:
        v = verdict(cand[0], j)
        if not v.ok:
            return Verdict(False, v.code, f"gold call {j} ({gold[j].name}): {v.message}")
    return Verdict(False, "no_match", f"gold call {j} ({gold[j].name}): no predicted call left that matches it")


def check_calls(
    pred: Sequence[ToolCall],
    gold: Sequence[GoldCall],
    tools: Iterable[Mapping[str, Any]] | None,
    *,
    bfcl: bool = False,
) -> Verdict:
    """Checks a whole assistant turn: the counts must match and every gold call must be answered.

    Order does not matter. The default mode uses an optimal bipartite matching (a set of calls that can be
    right is right); ``bfcl=True`` uses BFCL's greedy matching (CHECKER_NOTES.md section 1: each gold call in
    order takes the first unused predicted call that passes, so GT ``A in {x, y}, B in {x}`` rejects
    ``[x, y]``). No call expected and none made is ``ok``.

    Args:
        pred: predicted calls.
        gold: gold calls.
        tools: the offered tool definitions (the gold tools' schemas are looked up by name).
        bfcl: reproduce BFCL's quirks.

    Returns:
        The :class:`Verdict`; ``wrong_count`` when the numbers of calls differ; for a failed parallel turn
        the code of the most plausible failing pair (``no_match`` when every candidate was taken).
    """
    return match_calls(pred, gold, tools, bfcl=bfcl)[0]
