"""Perturbation stage: a right assistant turn -> labelled wrong ones for RM ``rejected`` (input: Decision; output: Candidates).

The labels and their meaning (``docs/formats.md``, "RM perturbations"; behaviour labels in :mod:`compiler.perturb_turns`):

=====================  ==============================================================================================
``value``              one argument gets a neighbouring value that still passes the schema: another value of the
                       same slot (another city of the pool), a date one day off, a number +-1 within its range,
                       another enum member, the other boolean, another result item's value of the same field,
                       another value the specs write for the argument (:func:`written_values`)
``tool``               a plausible tool of the same domain (the same spec file, or sharing argument names) with the
                       arguments mapped onto its parameters; offered beside the right one
``count``              a wrong number of calls: one call of a parallel turn left out, or one more call (the same
                       tool for a neighbouring value, or the same call twice)
``missing_optional``   an optional argument the user asked for is left out (or left at its default)
``missing``            a required argument left out, or passed under a name the tool does not have
``extra``              an argument the tool does not have: a hallucinated one added, or an optional one renamed
``type``               right value, wrong JSON type (``"5"`` for ``5``, ``["x"]`` or ``null`` for ``"x"``, ``1`` for
                       ``true``)
``format``             malformed call syntax, written by each model family in its own syntax
``order``              in a dependent chain, the later call issued first
``no_call``            prose where a call was due (the final answer made up, or a promise to look)
=====================  ==============================================================================================

Each label gives several candidates (:func:`candidates`) of different lengths, so that the pair sampler
(:mod:`compiler.pairs`) can keep the rejected answer longer in about half of the pairs of every label; the sampler
then checks every candidate to really be wrong with the one checker (:mod:`compiler.checker`).

The default mix (:data:`MIX`) follows the error distribution of FC-RewardBench (ToolRM, arXiv 2509.11963; dataset
card https://huggingface.co/datasets/ibm-research/fc-reward-bench, "Error Type Distribution"): of its 1,500
incorrect calls, parameter value error 650, incorrect function name 403, incorrect number of function calls 245,
missing optional parameter 78, missing required parameter 45, parameter value type error 43, unexpected parameter
21, parsing error 15 -- the weights of ``value``, ``tool``, ``count``, ``missing_optional``, ``missing``, ``type``,
``extra`` and ``format``. FC-RewardBench has single-turn calls only; the labels of turns where no call (or another
call) is due get weights of the same scale, so that where such a turn occurs its own mistake is the usual negative.
"""

from __future__ import annotations

import datetime as _dt
import json
import random
from dataclasses import dataclass
from typing import Any, Callable

from toolc.dsl import ast

from . import ir
from .checker import validate_call
from .expand import Conversation, Decision, Expander
from .families import DEFAULT_FAMILY, get_family
from .record import MALFORMED_STYLES, Malformed, Message, ToolCall

#: Relative weight of each label in the default mix (see the module docstring for the source of the numbers).
MIX: dict[str, int] = {
    "value": 650, "tool": 403, "count": 245, "missing_optional": 78, "missing": 45, "type": 43, "extra": 21,
    "format": 15,
    "order": 100, "no_call": 100, "spurious_call": 100, "needless_refusal": 50, "wrong_fact": 200,
    "skip_clarify": 600, "skip_confirm": 800, "skip_refuse": 800, "ignore_error": 800, "wrong_language": 400,
    "made_up_results": 800,
}
#: Labels whose rejected answer is a near miss: when it also passes the schema (every call names an offered tool
#: and its arguments validate), the pair is ``hard`` -- only the conversation tells the two answers apart.
NEAR_MISS: frozenset[str] = frozenset({"value", "tool", "count", "missing_optional", "order", "wrong_fact",
                                       "needless_refusal", "skip_clarify", "skip_confirm", "skip_refuse", "ignore_error",
                                       "wrong_language", "made_up_results"})

#: Argument names no bundled tool has, used by ``extra``.
_EXTRA_NAMES = ("verbose", "user_id", "priority", "timezone", "callback_url", "force", "session", "debug")
_EXTRA_VALUES: tuple[Any, ...] = (True, 1, "high", "UTC")
_SYNONYMS = {"city": "location", "location": "place", "date": "day", "query": "q", "destination": "to",
             "origin": "from", "timezone": "tz", "expression": "expr", "text": "content", "path": "file",
             "directory": "dir", "command": "cmd", "limit": "max", "to": "recipient", "subject": "title"}
_PROSE = {
    "zh": ("好的，已经为您处理好了，还有什么可以帮您？", "好的，我这就帮您查一下。", "好的。"),
    "en": ("Sure, that's done. Is there anything else I can help with?", "Let me check that for you.", "On it."),
}


@dataclass(slots=True)
class Candidate:
    """One rejected answer: the message, and the offered tools of the row when the label changed them."""

    message: Message
    tools: tuple[dict[str, Any], ...] | None = None
    #: ``False`` for a near miss no one would make: a wrong tool whose arguments landed in parameters that mean
    #: something else (``list_files(directory="jill@example.com")``); schema-valid, yet never ``hard``
    plausible: bool = True


def prose(lang: str) -> tuple[str, ...]:
    """Canned assistant texts of a language (``en`` for languages without their own)."""
    return _PROSE.get(lang, _PROSE["en"])


def applicable(kind: str, conv: Conversation, d: Decision, prog: ir.Program) -> bool:
    """Whether perturbation ``kind`` can be applied to decision ``d`` of ``conv``."""
    if kind in _TURN_LABELS:
        from .perturb_turns import turn_applicable

        return turn_applicable(kind, conv, d, prog)
    if d.expect != "call":
        return False
    if kind in ("value", "type"):
        return any(c.arguments for c in d.calls)
    if kind == "tool":
        return len(prog.tools) > 1
    if kind == "missing":
        return any(set(prog.tools[c.name].required) & set(c.arguments) for c in d.calls)
    if kind == "missing_optional":
        return any(_asked_optional(prog, d, i) for i in range(len(d.calls)))
    if kind in ("extra", "no_call", "format", "count"):
        return True
    if kind == "order":
        return d.feeds_next >= 0
    return False


def candidates(kind: str, conv: Conversation, d: Decision, ex: Expander, rng: random.Random) -> list[Candidate]:
    """Rejected answers of label ``kind`` for decision ``d`` (call only when :func:`applicable`); may be empty."""
    if kind in _TURN_LABELS:
        from .perturb_turns import turn_candidates

        return turn_candidates(kind, conv, d, ex, rng)
    return [c if isinstance(c, Candidate) else Candidate(c) for c in _KINDS[kind](conv, d, ex, rng)]


def perturb(kind: str, conv: Conversation, d: Decision, ex: Expander, rng: random.Random) -> Message:
    """The first candidate's rejected message (see :func:`candidates`).

    Raises:
        ValueError: the label has no candidate for this decision.
    """
    found = candidates(kind, conv, d, ex, rng)
    if not found:
        raise ValueError(f"perturbation `{kind}` has no candidate here")
    return found[0].message


def _replace(calls: tuple[ToolCall, ...], i: int, new: ToolCall) -> tuple[ToolCall, ...]:
    return calls[:i] + (new,) + calls[i + 1:]


def _calls(calls: tuple[ToolCall, ...]) -> Message:
    return Message("assistant", "", calls)


def _slots(d: Decision, i: int) -> dict[str, str]:
    return d.arg_slots[i] if i < len(d.arg_slots) else {}


def _asked_optional(prog: ir.Program, d: Decision, i: int) -> list[str]:
    """Optional arguments of call ``i`` that came from the user's words (a slot)."""
    tool = prog.tools[d.calls[i].name]
    return [n for n in d.calls[i].arguments if n in _slots(d, i) and n not in tool.required]


# ------------------------------------------------------------------ neighbouring values


def neighbours(v: Any, t: Any, alias: str | None, conv: Conversation, ex: Expander, rng: random.Random,
               k: int = 4, written: tuple[Any, ...] | None = None) -> list[Any]:
    """Values of the same type close to ``v`` (at most ``k``, none equal to ``v``): other members of an enum,
    the other boolean, +-1 within an int range, a float one step off (within its range), a date one day off,
    other draws of the slot that filled it (another city of the pool); for a string without a slot, the other
    values the results give in the same field (another restaurant's address), else, where ``written`` is given
    (the values the specs write for this argument, :func:`written_values`), another of those
    (``order_by="-created"`` for ``"-amount"``; none when there is no other: a text cut or doubled is wrong by its
    form alone), else the string cut or doubled (a fact of a reply, where the caller takes no text)."""
    out: list[Any] = []
    if isinstance(t, ast.EnumType):
        out = [x for x in t.values if x != v]
        rng.shuffle(out)
        return out[:k]
    if isinstance(v, bool):
        return [not v]
    if isinstance(v, int):
        lo, hi = getattr(t, "lo", None), getattr(t, "hi", None)
        for step in (1, -1, 10, -10):
            x = v + step
            if (lo is None or x >= lo) and (hi is None or x <= hi) and x not in out:
                out.append(x)
        return out[:k]
    if isinstance(v, float):
        step = max(0.5, round(abs(v) * 0.1, 1))
        lo, hi = getattr(t, "lo", None), getattr(t, "hi", None)  # a rating of 3.2..5.0 is not 5.3
        return [x for x in (round(v + step, 2), round(v - step, 2))
                if (lo is None or x >= lo) and (hi is None or x <= hi)][:k]
    if isinstance(v, list):
        if not v:
            return [["?"]]
        item_t = getattr(t, "item", None)
        out = [[x] + v[1:] for x in neighbours(v[0], item_t, alias, conv, ex, rng, k, written) if x not in v]
        return out[:k]
    if isinstance(v, dict):
        if not v:
            return []
        key = sorted(v)[rng.randrange(len(v))]
        return [{**v, key: x} for x in neighbours(v[key], None, None, conv, ex, rng, k)]
    if not isinstance(v, str):
        return []
    day = _date(v)
    if day is not None:
        return [(day + _dt.timedelta(days=s)).isoformat() for s in (1, -1)]
    if alias is not None:
        sampler = ex.sampler(conv.aliases.get(alias, alias), conv.locale)
        if sampler is not None:
            seen = {v}
            for _ in range(4 * k):
                other = sampler.draw(rng, ex.today, "train", 0, seen).value
                if isinstance(other, str) and other not in seen:
                    seen.add(other)
                    out.append(other)
                    if len(out) >= k:
                        break
            if out:
                return out
    siblings = _result_siblings(v, conv)
    if siblings:  # a value a result gave (an address, a path): another item's of the same field
        return siblings[:k]
    if written is not None:
        out = [x for x in written if isinstance(x, str) and x != v]
        rng.shuffle(out)
        return out[:k]
    return [v[:-1] if len(v) > 1 else v + v, v + v]


def written_values(prog: ir.Program, tool: str, param: str, locale: str) -> tuple[Any, ...]:
    """The literal values the program's scenarios of ``locale`` pass to ``tool``'s parameter ``param``, in spec
    order, each once: the written arguments (``order_by="-amount"``) and the written items of a list argument
    (``columns=["id", "amount"]`` gives ``id`` and ``amount``). A ``value`` negative of a written argument is
    another of them: a value some other request of the same tool asks for, where cutting or doubling the text
    makes a negative a model tells apart by its form."""
    global _written
    if _written is None or _written[0] is not prog:
        _written = (prog, _written_index(prog))
    return _written[1].get((tool, param, locale), ())


#: ``(program, {(tool, parameter, locale): values})`` of the last program asked about (:func:`written_values`)
_written: tuple[ir.Program, dict[tuple[str, str, str], tuple[Any, ...]]] | None = None


def _written_index(prog: ir.Program) -> dict[tuple[str, str, str], tuple[Any, ...]]:
    found: dict[tuple[str, str, str], dict[Any, None]] = {}
    for sc in prog.scenarios.values():
        for step in sc.node.steps:
            for call in getattr(step, "calls", ()):
                for arg in call.args:
                    expr = arg.expr
                    items = ([expr.value] if isinstance(expr, ast.LiteralArg) else
                             [x for x in expr.values if isinstance(x, ast.Literal_)] if isinstance(expr, ast.ListArg)
                             else [])
                    for lit in items:
                        found.setdefault((call.tool, arg.name, sc.locale), {})[lit.value] = None
    return {key: tuple(values) for key, values in found.items()}


def _result_siblings(v: str, conv: Conversation) -> list[str]:
    """The other texts the conversation's tool results give under a field where they give ``v`` (the other
    results' addresses for an address taken from a search), in result order: the item a model could have
    picked by mistake, where a text cut or doubled is wrong by its form alone."""
    fields: set[str] = set()
    found: dict[str, list[str]] = {}

    def walk(x: Any) -> None:
        if isinstance(x, dict):
            for key, value in x.items():
                if isinstance(value, str):
                    if value == v:
                        fields.add(key)
                    found.setdefault(key, []).append(value)
                else:
                    walk(value)
        elif isinstance(x, list):
            for item in x:
                walk(item)

    for trace in conv.calls:
        walk(trace.result)
    return list(dict.fromkeys(s for key in sorted(fields) for s in found[key] if s != v))


def near_miss(v: Any, t, alias: str | None, conv: Conversation, ex: Expander, rng: random.Random) -> Any:
    """One neighbouring value of ``v`` (see :func:`neighbours`); ``v`` itself when it has none."""
    found = neighbours(v, t, alias, conv, ex, rng, 1)
    return found[0] if found else v


def _date(v: str) -> _dt.date | None:
    if len(v) != 10:
        return None
    try:
        return _dt.date.fromisoformat(v)
    except ValueError:
        return None


def _value(conv: Conversation, d: Decision, ex: Expander, rng: random.Random) -> list[Message]:
    out = []
    for i, call in enumerate(d.calls):
        tool = ex.prog.tools[call.name]
        slots = _slots(d, i)
        # arguments from slots (the user's words) first: near misses of what was said
        for name in sorted(call.arguments, key=lambda n: (n not in slots, rng.random())):
            param = tool.params.get(name)
            for new in neighbours(call.arguments[name], param.type if param else None, slots.get(name), conv, ex,
                                  rng, 3, written_values(ex.prog, call.name, name, conv.locale)):
                out.append(_calls(_replace(d.calls, i, ToolCall(call.name, {**call.arguments, name: new}))))
    return out


# ------------------------------------------------------------------ another tool


def _tool(conv: Conversation, d: Decision, ex: Expander, rng: random.Random) -> list[Candidate]:
    i = rng.randrange(len(d.calls))
    call = d.calls[i]
    prog = ex.prog
    offered = {t["function"]["name"]: t for t in conv.tools}
    src = prog.tools[call.name]
    scored = []
    for name, tool in prog.tools.items():
        if name == call.name or name in {c.name for c in d.calls}:
            continue
        if tool.file != src.file and tool.params.keys().isdisjoint(call.arguments):
            continue  # another domain and nothing in common: not a plausible confusion (mapped or not)
        args = map_arguments(call, src, tool)
        if args is None:
            continue
        same = sum(1 for n in args if n in call.arguments)
        # every moved value keeps its meaning; with none moved (each argument under its own name), trivially
        plausible = same == len(args) or map_arguments(call, src, tool, same_role) == args
        scored.append((not plausible, name not in offered, tool.file != src.file, -same, rng.random(), name, args))
    scored.sort()
    out: list[Candidate] = []
    for implausible, absent, _, _, _, name, args in scored[:3]:
        msg = _calls(_replace(d.calls, i, ToolCall(name, args)))
        tools = None
        if absent:  # offer the confused tool beside the right one, at a random place
            listed = list(conv.tools)
            listed.insert(rng.randrange(len(listed) + 1), prog.tools[name].definition)
            tools = tuple(listed)
        out.append(Candidate(msg, tools, not implausible))
    if not out:  # nothing plausible: another offered tool with the same arguments (fails its schema)
        pool = [n for n in offered if n != call.name] or [n for n in prog.tools if n != call.name]
        out.append(Candidate(_calls(_replace(d.calls, i, ToolCall(pool[rng.randrange(len(pool))], call.arguments)))))
    return out


#: Parameter names that hold the same kind of value under another name: a wrong-tool negative that moves an
#: argument between them (``search_tourist_spots(city=...)`` -> ``search_restaurants(location=...)``,
#: ``read_file(path=...)`` -> ``list_files(directory=...)``) is a confusion a model could make; one that moves a
#: value into a parameter that means something else (``list_files(directory="jill@example.com")``,
#: ``calculate(expression="how to learn Mandarin fast")``) is wrong for a reason no model has to learn: kept as a
#: negative, never labelled ``hard`` (:attr:`Candidate.plausible`).
ROLES: dict[str, str] = {
    **dict.fromkeys(("city", "location", "place", "origin", "destination", "address"), "place"),
    **dict.fromkeys(("path", "file", "file_path", "filepath", "filename", "image_path", "directory", "dir", "folder"),
                    "file"),
    **dict.fromkeys(("query", "q", "keywords", "search"), "query"),
    **dict.fromkeys(("to", "recipient", "email"), "recipient"),
}


def same_role(src_param: str, dst_param: str) -> bool:
    """Whether an argument of ``src_param`` may fill ``dst_param`` of another tool and keep its meaning (:data:`ROLES`)."""
    return src_param == dst_param or ROLES.get(src_param.lower(), src_param) == ROLES.get(dst_param.lower(), dst_param)


def map_arguments(call: ToolCall, src: ir.ToolIR, dst: ir.ToolIR,
                  may_move: Callable[[str, str], bool] | None = None) -> dict[str, Any] | None:
    """``call``'s arguments put onto ``dst``'s parameters: same name first, then a required parameter takes an
    unused argument of the same JSON type (with ``may_move``, only one that ``may_move(argument name, parameter
    name)`` allows). ``None`` when a required parameter stays empty or the mapped call fails ``dst``'s schema."""
    args: dict[str, Any] = {}
    used: set[str] = set()
    for p in dst.node.params:
        if p.name in call.arguments:
            args[p.name] = call.arguments[p.name]
            used.add(p.name)
    for p in dst.node.params:
        if p.name in args or p.name not in dst.required:
            continue
        schema = dst.definition["function"]["parameters"]["properties"].get(p.name, {})
        for n, v in call.arguments.items():
            # same JSON type, and a date only where a date goes
            if n not in used and _json_type(v) == schema.get("type") and (
                    isinstance(v, str) and _date(v) is not None) == (schema.get("format") == "date") and (
                    may_move is None or may_move(n, p.name)):
                args[p.name] = v
                used.add(n)
                break
        else:
            return None
    ordered = {p.name: args[p.name] for p in dst.node.params if p.name in args}
    if validate_call(ToolCall(dst.name, ordered), dst.definition):
        return None
    return ordered


def _json_type(v: Any) -> str:
    if isinstance(v, bool):
        return "boolean"
    if isinstance(v, int):
        return "integer"
    if isinstance(v, float):
        return "number"
    if isinstance(v, str):
        return "string"
    return "array" if isinstance(v, list) else "object"


# ------------------------------------------------------------------ counts, arguments, types


def _count(conv: Conversation, d: Decision, ex: Expander, rng: random.Random) -> list[Message]:
    out = []
    if len(d.calls) > 1:  # one call of the parallel turn left out
        out += [_calls(d.calls[:j] + d.calls[j + 1:]) for j in range(len(d.calls))]
    j = rng.randrange(len(d.calls))
    call = d.calls[j]
    tool = ex.prog.tools[call.name]
    slots = _slots(d, j)
    for name in [n for n in call.arguments if n in slots][:2]:  # one more call: the same tool, another value
        param = tool.params.get(name)
        for new in neighbours(call.arguments[name], param.type if param else None, slots[name], conv, ex, rng, 2):
            out.append(_calls(d.calls + (ToolCall(call.name, {**call.arguments, name: new}),)))
    out.append(_calls(d.calls[:j + 1] + (call,) + d.calls[j + 1:]))  # the same call twice
    return out


def _missing_optional(conv: Conversation, d: Decision, ex: Expander, rng: random.Random) -> list[Message]:
    out = []
    for i in range(len(d.calls)):
        call = d.calls[i]
        tool = ex.prog.tools[call.name]
        props = tool.definition["function"]["parameters"]["properties"]
        for name in _asked_optional(ex.prog, d, i):
            left = {k: v for k, v in call.arguments.items() if k != name}
            out.append(_calls(_replace(d.calls, i, ToolCall(call.name, left))))
            if "default" in props.get(name, {}):  # left at its default
                out.append(_calls(_replace(d.calls, i, ToolCall(call.name, {**call.arguments,
                                                                             name: props[name]["default"]}))))
            for other, schema in props.items():  # left out, and another optional one spelled out at its default
                if other not in call.arguments and "default" in schema:
                    args = {p.name: (left[p.name] if p.name in left else schema["default"])
                            for p in tool.node.params if p.name in left or p.name == other}
                    out.append(_calls(_replace(d.calls, i, ToolCall(call.name, args))))
    return out


def wrong_names(name: str, taken: set[str] | dict) -> list[str]:
    """Plausible wrong spellings of a parameter name, shorter and longer (``city`` -> ``location``, ``cty``,
    ``city_name``), none of them in ``taken``."""
    parts = name.split("_")
    out = [_SYNONYMS.get(name, ""), parts[0] + "".join(p.title() for p in parts[1:]),
           name[:3] if len(name) > 4 else "", f"{name}_name", f"target_{name}"]
    return [n for n in dict.fromkeys(out) if n and n != name and n not in taken]


def _renamed(call: ToolCall, name: str, new: str) -> ToolCall:
    return ToolCall(call.name, {(new if k == name else k): v for k, v in call.arguments.items()})


def _missing(conv: Conversation, d: Decision, ex: Expander, rng: random.Random) -> list[Message]:
    out = []
    for i, call in enumerate(d.calls):
        tool = ex.prog.tools[call.name]
        for name in [n for n in call.arguments if n in tool.required]:
            out.append(_calls(_replace(d.calls, i, ToolCall(call.name, {k: v for k, v in call.arguments.items()
                                                                         if k != name}))))
            out += [_calls(_replace(d.calls, i, _renamed(call, name, new))) for new in wrong_names(name, tool.params)]
    return out


def _extra(conv: Conversation, d: Decision, ex: Expander, rng: random.Random) -> list[Message]:
    out = []
    for i, call in enumerate(d.calls):
        tool = ex.prog.tools[call.name]
        names = [n for n in _EXTRA_NAMES if n not in tool.params]
        for name in (names[rng.randrange(len(names))],) if names else ():
            value = _EXTRA_VALUES[rng.randrange(len(_EXTRA_VALUES))]
            out.append(_calls(_replace(d.calls, i, ToolCall(call.name, {**call.arguments, name: value}))))
        for name in [n for n in call.arguments if n not in tool.required]:
            out += [_calls(_replace(d.calls, i, _renamed(call, name, new))) for new in wrong_names(name, tool.params)]
    return out


def wrong_type(v: Any) -> Any:
    """The same value with another JSON type: ``5`` -> ``"5"``, ``true`` -> ``"true"``, ``"x"`` -> ``["x"]``."""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        return str(v)
    if isinstance(v, str):
        try:
            return int(v)
        except ValueError:
            try:
                return float(v)
            except ValueError:
                return [v]
    if isinstance(v, list):
        return ", ".join(str(x) for x in v)
    return json.dumps(v, ensure_ascii=False)


def _type(conv: Conversation, d: Decision, ex: Expander, rng: random.Random) -> list[Message]:
    out = []
    for i, call in enumerate(d.calls):
        for name, v in call.arguments.items():
            others = [wrong_type(v)]
            if isinstance(v, (str, int, float)) and not isinstance(v, bool):
                others.append([v])  # a scalar wrapped in a list
            if isinstance(v, bool):
                others.append(int(v))  # 1 / 0 for true / false
            if isinstance(v, str) and len(v) > 2:
                others.append(None)  # null for a string
            if isinstance(v, str) and _date(v) is not None:
                others.append(int(v.replace("-", "")))  # 20250424 for "2025-04-24"
            out += [_calls(_replace(d.calls, i, ToolCall(call.name, {**call.arguments, name: x}))) for x in others]
    return out


# ------------------------------------------------------------------ syntax, order, prose


def _format(conv: Conversation, d: Decision, ex: Expander, rng: random.Random) -> list[Message]:
    # what is broken is format-neutral (Malformed); each family writes it in its own syntax, `raw` in the default's
    family = get_family(DEFAULT_FAMILY)
    out = []
    for style in MALFORMED_STYLES:
        bad = Malformed(style, d.calls[rng.randrange(len(d.calls))])
        out.append(Message("assistant", "", raw=family.malformed(bad), malformed=bad))
    return out


def _order(conv: Conversation, d: Decision, ex: Expander, rng: random.Random) -> list[Message]:
    later = next(x for x in conv.decisions if x.index == d.feeds_next)
    return [_calls(later.calls)]


def _no_call(conv: Conversation, d: Decision, ex: Expander, rng: random.Random) -> list[Message]:
    # the conversation's own answer to this request, said without calling anything (a made-up answer): the first
    # text after the call, before the user speaks again ("~/notes/a.txt does not exist; the folder has b.txt and
    # c.txt" after a failed read, not the answer about c.txt the user asks for next, nor the answer to a later
    # request of a session); a question only where it quotes results (asking "US or China Standard Time?" before
    # calling is no mistake), never a confirmation of a later call. Or a promise to look. No polite tail to lengthen
    # it: a sentence found only in rejected answers teaches a reward model to mark the sentence down wherever it
    # appears (PairSampler keeps the label's share without it)
    own = []
    for x in conv.decisions:
        if x.index <= d.index or x.expect == "call":
            continue
        if not any(m.role == "user" for m in conv.messages[d.index + 1:x.index]) and (
                x.expect == "none" or x.expect == "clarify" and conv.quotes.get(x.index)):
            own.append(conv.messages[x.index].content)
        break
    return [Message("assistant", text) for text in own + list(prose(conv.lang)) if text]


_KINDS: dict[str, Callable[[Conversation, Decision, Expander, random.Random], list]] = {
    "value": _value,
    "tool": _tool,
    "count": _count,
    "missing_optional": _missing_optional,
    "missing": _missing,
    "extra": _extra,
    "type": _type,
    "format": _format,
    "order": _order,
    "no_call": _no_call,
}
#: Labels of turns other than calls (:mod:`compiler.perturb_turns`).
_TURN_LABELS = frozenset({"spurious_call", "needless_refusal", "wrong_fact", "skip_clarify", "skip_confirm", "skip_refuse",
                          "ignore_error", "wrong_language", "made_up_results"})
