"""Perturbation stage, answers of other rows: what another conversation's assistant said after a tool's results, put
in this conversation's words (input: a Conversation and the tool; output: reply texts), and the per-program indexes
the perturbations read (callers of a tool, slots and words of each scenario).

The made-up negatives of :mod:`.perturb_turns` take their texts from here: ``skip_refuse`` (the answer a row with the
withheld tool gives), ``skip_confirm`` and ``ignore_error`` where the user said no or the call failed (the report a
row gives after the tool succeeded), and ``made_up_results`` (the answer a search that found something gets). A
donor row's answer is kept only where nothing of its own row shows (:func:`_donor_answer`).
"""

from __future__ import annotations

import functools
import json
import math
import random
import re
import string
import weakref
from typing import Any, NamedTuple

from toolc.dsl import ast
from toolc.dsl.template import static_text

from . import ir
from .expand import Conversation, Decision, Expander
from .ground_truth import answered_calls
from .languages import language
from .record import Message
from .simulate.errors import is_error
from .slots import stable_hash


def result_leaves(v: Any, key: str, out: list[tuple[str, Any]]) -> None:
    """Every scalar of a result with the field name it sits under."""
    if isinstance(v, dict):
        for k, x in v.items():
            result_leaves(x, k, out)
    elif isinstance(v, list):
        for x in v:
            result_leaves(x, key, out)
    else:
        out.append((key, v))


#: (id(program), what) -> (program, the index made from it); the program is kept so an id is never reused
_INDEXES: dict[tuple[int, str], tuple[ir.Program, dict]] = {}


def per_program(prog: ir.Program, what: str, make: Any) -> dict:
    """``make(prog)``, made once per program (a build's perturbations read it for every RM row)."""
    hit = _INDEXES.get((id(prog), what))
    if hit is None or hit[0] is not prog:
        hit = _INDEXES[(id(prog), what)] = (prog, make(prog))
    return hit[1]


def _nodes(node: Any) -> list:
    """Every AST node of a subtree (``node`` a node, or a tuple or list of them), in no particular order."""
    # by type, not isinstance: pydantic's model metaclass answers isinstance through hasattr (~2 us a node)
    kinds = _node_types()
    out, stack = [], [node]
    while stack:
        x = stack.pop()
        t = type(x)
        if t in kinds:
            out.append(x)
            stack.extend([v for v in x.__dict__.values() if type(v) in kinds or type(v) is tuple or type(v) is list])
        elif t is tuple or t is list:
            stack.extend(x)
    return out


@functools.cache
def _node_types() -> frozenset[type]:
    """Every AST node class (:class:`toolc.dsl.ast.Node` and its subclasses, all defined when ``ast`` is imported)."""
    found, todo = set(), [ast.Node]
    while todo:
        cls = todo.pop()
        found.add(cls)
        todo.extend(cls.__subclasses__())
    return frozenset(found)


def slots_of(node: Any) -> set[str]:
    """The slots an AST subtree names (``{city}``, ``{city as a}``: ``city``)."""
    return {n.name for n in _nodes(node) if isinstance(n, ast.SlotRef)}


def answers_of_others(conv: Conversation, d: Decision, ex: Expander, rng: random.Random,
                       tools: tuple[str, ...]) -> list[Message]:
    """Up to two answers of other rows of the language to results of one of ``tools`` alone (a tool the scenario
    withholds, one whose call was never confirmed or failed), their slot texts replaced by this conversation's
    draws of the same slots (:func:`_donor_answer`): of :data:`_DONOR_ROWS` rows of four other scenarios per tool,
    answers that share a slot with this conversation and keep nothing of their own row (a web search's answer
    shares no slot with a request for directions, whose scenario withholds the search too; "Can you translate?"
    draws none), different from each other and from the turn's own answer. The scenarios are taken in the order
    of :func:`_donor_order`."""
    found: list[str] = []
    chosen = conv.messages[d.index].content
    drawable = per_program(ex.prog, "drawable", _drawable_slots)
    ours = {conv.aliases.get(a, a) for a in conv.draws}
    for tool in tools:
        for name in _donor_order(conv, d, ex.prog, tool, rng)[:4]:
            tries = _tries(rng)  # drawn before the skip: the random stream, and so every RM row, stays as it was
            if not ours <= drawable[name]:
                # a slot of this conversation that no row of the scenario draws: each answer of its rows would tell
                # (counted in _donor_answer), so none is taken -- and none need be expanded (43 % of the README
                # build's searches)
                continue
            for k in tries:
                got = _donor_answer(ex, ex.prog.scenarios[name], k, tool, conv)
                if got is not None and got[0] == 0:
                    if got[1] != chosen and got[1] not in found:
                        found.append(got[1])
                    break
    return [Message("assistant", t) for t in found[:2]]


def _donor_order(conv: Conversation, d: Decision, prog: ir.Program, tool: str, rng: random.Random) -> list[str]:
    """The other scenarios of the language that call ``tool``: first those that draw every slot this conversation
    drew (their answers can be put in its words), then those whose user turns hold most of the words of its
    question besides its slot texts, each word weighted by how few scenarios use it (a rain question's answer does
    not answer "Do I need a jacket?": "jacket" is rare, "need" is not), then those drawing fewer other slots; ties
    in random order."""
    slots, words, idf = per_program(prog, "asked", _scenario_words)
    drawn = {conv.aliases.get(a, a) for a in conv.draws}
    asked = next((m.content for m in reversed(conv.messages[:d.index]) if m.role == "user"), "")
    for draw in sorted(conv.draws.values(), key=lambda dr: -len(dr.surface)):
        asked = asked.replace(draw.surface, " ")
    ours = _words(asked)
    names = [n for n in callers(prog, conv.lang, tool) if n != conv.scenario]
    # words summed in sorted order: the same words give the same float whatever the process's hash seed
    return sorted(rng.sample(names, len(names)), key=lambda n: (
        len(drawn - slots[n]), -sum(idf[w] for w in sorted(ours & words[n])), len(slots[n] - drawn)))


def _drawable_slots(prog: ir.Program) -> dict[str, set[str]]:
    """Per scenario, the slots its rows may draw, or more: every name its steps give a slot reference (``{city}``,
    ``{city as a}``), a call argument (``city=city``) or an expression (the ``name``, ``slot`` and ``base`` fields of
    its nodes), with the scenario's aliases resolved -- a row draws a slot only where one of these names it
    (:meth:`compiler.expand._Row.draw`)."""
    out: dict[str, set[str]] = {}
    for name, scen in prog.scenarios.items():
        names = {v for n in _nodes(scen.node) for k in ("name", "slot", "base")
                 if isinstance(v := n.__dict__.get(k), str)}
        out[name] = names | {scen.aliases.get(n, n) for n in names}
    return out


def _scenario_words(prog: ir.Program) -> tuple[dict[str, set[str]], dict[str, set[str]], dict[str, float]]:
    """``(slots, words, idf)``: per scenario the slots it names and the :func:`_words` of its user turns' text (every
    alternative, optional and choice parts included), and
    per word its inverse document frequency over the scenarios, ``log(scenarios / scenarios using it)``."""
    slots = {n: slots_of(s.node) for n, s in prog.scenarios.items()}
    words = {n: _words(" ".join(text for st in s.node.steps if isinstance(st, ast.UserStep)
                               for alt in st.alternatives for text in static_text(alt.parts)))
             for n, s in prog.scenarios.items()}
    df: dict[str, int] = {}
    for ws in words.values():
        for w in ws:
            df[w] = df.get(w, 0) + 1
    return slots, words, {w: math.log(len(words) / k) for w, k in df.items()}


def _words(text: str) -> set[str]:
    """Words of ``text``: runs of ASCII letters and digits, other word characters (Han) one each."""
    return set(re.findall(r"[a-z0-9']+|[^\W\da-z_]", text.lower()))


class DonorRow(NamedTuple):
    """What the perturbations read of a donor row (:func:`_donor_record`): its slot draws and its replies to tool
    results -- a few strings and JSON values, kept for the whole build where the row's conversation is a tree of
    objects (the README build keeps ~6,000 donor rows: 24 MiB less peak memory than their conversations).

    Attributes:
        draws: ``(alias, value, surface)`` of each draw, in the order the row drew them.
        replies: per decision that answers (``expect none``), in order: the results it may quote
            (:func:`compiler.ground_truth.answered_calls` since the user's turn) as ``(tool, arguments, result)``, its
            text, and whether an error result came before it in the row.
    """

    draws: tuple[tuple[str, Any, str], ...]
    replies: tuple[tuple[tuple[tuple[str, Any, Any], ...], str, bool], ...]


def donor_record(conv: Conversation) -> DonorRow:
    """The :class:`DonorRow` of an expanded conversation."""
    replies = []
    for x in conv.decisions:
        if x.expect != "none":
            continue
        found = tuple((t.tool, t.arguments, t.result) for t in answered_calls(conv, x, since_user=True))
        failed = any(is_error(t.result) for t in conv.calls if t.message < x.index)
        replies.append((found, conv.messages[x.index].content, failed))
    return DonorRow(tuple((a, d.value, d.surface) for a, d in conv.draws.items()), tuple(replies))


#: Donor rows of one build, by expander: ``(scenario, k) -> DonorRow or None`` (:func:`_donor_record`).
_DONORS: "weakref.WeakKeyDictionary[Expander, dict]" = weakref.WeakKeyDictionary()


def _donor_record(ex: Expander, scen: Any, k: int) -> DonorRow | None:
    """Row ``k`` (``0 <= k <`` :data:`_DONOR_POOL`) of a scenario as a donor (:class:`DonorRow`): the same row for every
    conversation of a build, expanded once (seeded by the scenario and ``k`` alone) and kept as what the perturbations
    read of it; ``None`` when it cannot be expanded."""
    rows = _DONORS.get(ex)
    if rows is None:
        rows = _DONORS[ex] = {}
    key = (scen.name, k)
    if key not in rows:
        rows[key] = _expand_donor(ex, scen, k)
    return rows[key]


def _expand_donor(ex: Expander, scen: Any, k: int) -> DonorRow | None:
    from .conversation import ExpansionError

    seed = stable_hash(f"donor/{scen.name}/{k}") >> 1
    try:
        return donor_record(ex.expand(scen, seed, "train"))
    except ExpansionError:
        return None


def _tries(rng: random.Random) -> list[int]:
    """The donor rows a search tries, in order: :data:`_DONOR_ROWS` of the :data:`_DONOR_POOL`, from a random one on."""
    start = rng.randrange(_DONOR_POOL)
    return [(start + j) % _DONOR_POOL for j in range(_DONOR_ROWS)]


#: What :func:`_donor_row` found, by expander: ``(scenario, k, tool, lists) -> its answer``.
_REPLIES: "weakref.WeakKeyDictionary[Expander, dict]" = weakref.WeakKeyDictionary()


def _donor_row(ex: Expander, scen: Any, k: int, tool: str,
               lists: bool) -> tuple[DonorRow, tuple, str, str] | None:
    """``(row, results, reply, results JSON)``: the scenario's donor row ``k`` (:func:`_donor_record`) and its first
    reply to results of ``tool`` alone since the user's turn (not a weather-and-dinner answer), none an error or empty
    (``lists``: each a non-empty list), the results as ``(tool, arguments, result)``, with the results as JSON text
    (``json.dumps``, unescaped); ``None`` when the row cannot be expanded, has no such reply, that reply is empty or
    follows a tool error. The donor of every answer here; found once per build (the README build's RM rows ask 21,553
    times for ~6,000 rows)."""
    found = _REPLIES.get(ex)
    if found is None:
        found = _REPLIES[ex] = {}
    key = (scen.name, k, tool, lists)
    if key not in found:
        row = _find_reply(ex, scen, k, tool, lists)
        found[key] = row and (*row, json.dumps([t[2] for t in row[1]], ensure_ascii=False))
    return found[key]


def _find_reply(ex: Expander, scen: Any, k: int, tool: str, lists: bool) -> tuple[DonorRow, tuple, str] | None:
    """:func:`_donor_row`'s search, without the results' JSON."""
    row = _donor_record(ex, scen, k)
    if row is None:
        return None
    for found, text, failed in row.replies:
        if not found or any(t[0] != tool or is_error(t[2]) or t[2] in ([], None)
                            or (lists and not isinstance(t[2], list)) for t in found):
            continue
        if failed:
            return None  # a reply after a retry ("That worked: ...") tells of a failure this conversation never had
        return (row, found, text) if text else None
    return None


def _donor_answer(ex: Expander, scen: Any, k: int, tool: str, conv: Conversation) -> tuple[int, str] | None:
    """``(tells, answer)``: the first reply of the scenario's donor row ``k`` to results of ``tool`` alone, with the text
    of each slot it drew replaced by ``conv``'s draw of the same slot. ``tells`` counts what would still show the
    donor row: a slot of ``conv`` it drew twice (two cities compared: another question) or not at all (a route to
    a restaurant found before, for a user who named the destination); its drawn texts left in the answer (``conv``
    has no draw of that slot, or the donor drew it twice); one where the results echo a value, other than a date,
    where ``conv`` drew another, and the answer quotes a text of those results that is no drawn value (the names of
    Indian places for a user who asked for seafood; "Sent to ann@example.com" is only the draws); one for each value
    of its draws, other than their words, that the answer states where ``conv`` drew another (a booking at "19:00"
    for a user who said 8 pm: only words are replaced); and one more when no text was replaced (nothing of this
    conversation's request in it). ``None`` when the row has no such reply."""
    row = _donor_row(ex, scen, k, tool, lists=False)
    if row is None:
        return None
    other, found, text, results = row
    ours = {conv.aliases.get(a, a): dr for a, dr in conv.draws.items()}
    slots = [scen.aliases.get(a, a) for a, _, _ in other.draws]
    tells = len({slot for slot in slots if slots.count(slot) > 1 and slot in ours}) + len(ours.keys() - set(slots))
    swaps, values, echoed = [], [], False
    for slot, (_, value, surface) in zip(slots, other.draws):
        mine = ours.get(slot) if slots.count(slot) == 1 else None
        if mine is not None and mine.value != value and not _DATE_OR_TIME.match(str(value)) and \
                type(value) not in (int, float) and \
                json.dumps(value, ensure_ascii=False) in results:
            echoed = True
        if mine is not None and mine.value != value and isinstance(value, str) and value != surface \
                and len(value) > 1 and value in text:  # a value the reply quotes ("19:00" for "7 pm")
            if isinstance(mine.value, str) and len(mine.value) > 1:
                values.append((value, mine.value))  # put in this conversation's value ("20:00" for "8 pm")
            else:
                tells += 1
        if mine is not None and type(value) is int and type(mine.value) is int and mine.value != value \
                and find_number(value, text) >= 0:  # a count the reply states ("table for 2" for six)
            values.append((value, mine.value))
        if len(surface) > 1 and surface in text:
            if mine is None:
                tells += 1
            else:
                swaps.append((surface, mine.surface))
    if echoed:  # results made for another value: a text the answer quotes from them may belong to it
        drawn = {str(value) for _, value, _ in other.draws} | {surface for _, _, surface in other.draws}
        leaves: list[tuple[str, Any]] = []
        for t in found:
            result_leaves(t[2], "", leaves)
        tells += any(isinstance(v, str) and len(v) > 1 and v not in drawn and v in text for _, v in leaves)
    text = _replace_all(text, swaps + values)
    return (tells if swaps else tells + 1), text


#: ASCII letters and digits: what a value standing on its own may not touch (:func:`find_bounded`'s callers).
ASCII_ALNUM = frozenset(string.ascii_letters + string.digits)
#: Characters that may not touch a number of its own (:func:`find_number`) before it, and after it (a ``.``
#: after it only when a digit follows: "4.5"); ASCII, so "2位" is the number 2.
_NUMBER_BEFORE = ASCII_ALNUM | frozenset("_.:-")
_NUMBER_AFTER = ASCII_ALNUM | frozenset("_:")


def find_bounded(text: str, needle: str, start: int, before: frozenset, after: frozenset,
                 decimal_after: bool = False) -> int:
    """The first index ``>= start`` where ``needle`` stands in ``text`` with no character of ``before`` just before
    it and none of ``after`` just after it (``decimal_after``: nor a ``.`` followed by a decimal digit), or -1: the
    regular expression ``(?<![before])needle(?![after]|\\.\\d)`` without compiling one per needle (the perturbations
    search thousands of different values a build; Python's pattern cache holds 512)."""
    n = len(needle)
    i = text.find(needle, start)
    while i >= 0:
        j = i + n
        if (i == 0 or text[i - 1] not in before) and (j == len(text) or (
                text[j] not in after and not (decimal_after and text[j] == "." and j + 1 < len(text)
                                              and text[j + 1].isdecimal()))):
            return i
        if n == 0 and i == len(text):
            return -1
        i = text.find(needle, i + 1)
    return -1


def find_number(n: int, text: str, start: int = 0) -> int:
    """Where ``n`` stands in ``text`` as a number of its own, not a digit of ``12``, ``2026-12-02``, ``19:30``,
    ``4.5`` or ``BL0446`` (Chinese text around it is no part of it: ``2位``), or -1."""
    return find_bounded(text, str(n), start, _NUMBER_BEFORE, _NUMBER_AFTER, decimal_after=True)


def _replace_all(text: str, pairs: list[tuple[Any, Any]]) -> str:
    """``text`` with every ``old`` of ``pairs`` replaced by its ``new`` in one pass, longest first (a replacement is
    never replaced again: "18:00" put in for "20:00" stays when "18:00" is itself replaced); an ``int`` only where it
    stands as a number of its own (:func:`find_number`). The leftmost match is replaced first, the longest ``old``
    where several start there: what one regular expression of the alternatives would replace."""
    if not pairs:
        return text
    table = {str(old): str(new) for old, new in pairs}
    olds = [old for old, _ in sorted(pairs, key=lambda s: -len(str(s[0])))]
    out, pos = [], 0
    while True:
        best, found = -1, ""
        for old in olds:
            if type(old) is int:
                i = find_number(old, text, pos)
            else:
                i = text.find(old, pos)
            if i >= 0 and (best < 0 or i < best):
                best, found = i, str(old)
        if best < 0 or not found:  # (an empty `old` is never asked for: drawn texts and values are longer)
            break
        out.append(text[pos:best])
        out.append(table[found])
        pos = best + len(found)
    out.append(text[pos:])
    return "".join(out)


def _callers_by_tool(prog: ir.Program) -> dict[tuple[str, str], list[str]]:
    by: dict[tuple[str, str], list[str]] = {}
    for name, scen in prog.scenarios.items():
        for t in scen.called:
            by.setdefault((language(scen.locale), t), []).append(name)
    return by


def callers(prog: ir.Program, lang: str, tool: str) -> list[str]:
    """Names of ``prog``'s scenarios in language ``lang`` that call ``tool``, in program order."""
    return per_program(prog, "callers", _callers_by_tool).get((lang, tool), [])


def made_up_results(conv: Conversation, d: Decision, ex: Expander, rng: random.Random) -> list[Message]:
    # what the assistant says when the same tool did find something: a reply of another row of the language, after a
    # result of the same tool that is not empty, with that row's argument values ("Paris", "Italian") replaced by
    # this call's ("Recife", "sushi"): fluent, on topic, and naming what no result of this conversation holds. Of a
    # few rows of each such scenario, one whose results echo none of its call's values that differ from this call's
    # (results with `"cuisine": "pizza"` hold pizza places, which a reply about sushi would name), else the row that
    # differs least: the places it names are of what was asked, so only the empty results tell the reply wrong
    trace = answered_calls(conv, d)[0]
    ours = {k: v for k, v in trace.arguments.items() if isinstance(v, str) and len(v) > 1}
    names = callers(ex.prog, conv.lang, trace.tool)
    out: list[Message] = []
    for name in rng.sample(names, min(6, len(names))):  # distinct scenarios, some of which may find nothing too
        best: tuple[tuple[int, int], str] | None = None
        for k in _tries(rng):
            got = _donor_reply(ex, ex.prog.scenarios[name], k, trace.tool, ours)
            if got is not None and (best is None or got[0] < best[0]):
                best = got
            if best is not None and best[0][0] == 0:
                break
        if best is not None and best[1] != conv.messages[d.index].content and all(m.content != best[1] for m in out):
            out.append(Message("assistant", best[1]))
        if len(out) >= 2:
            break
    return out


#: A date or time value (``2026-12-03``, ``19:30``): results echo the date and time asked for, and the rest of the
#: results does not depend on them (a booking's code, a forecast's weather are no more another row's for it).
_DATE_OR_TIME = re.compile(r"\d{4}-\d{2}-\d{2}|\d{1,2}:\d{2}")


#: Rows of a scenario tried for a donor answer, of a pool of :data:`_DONOR_POOL` rows a build expands once.
_DONOR_ROWS = 30
_DONOR_POOL = 64


def _donor_reply(ex: Expander, scen: Any, k: int, tool: str,
                 ours: dict[str, str]) -> tuple[tuple[int, int], str] | None:
    """``((values its results echo, values), reply)``: the first reply of the scenario's donor row ``k`` to results of
    ``tool`` alone, none empty (:func:`_donor_row`), with the call's string argument values that differ from ``ours``
    replaced by them (counted: those its results hold, and all); ``None`` when the row has no such reply."""
    row = _donor_row(ex, scen, k, tool, lists=True)
    if row is None:
        return None
    _, found, text, results = row
    swaps = sorted(((v, ours[k]) for k, v in found[0][1].items()
                    if k in ours and isinstance(v, str) and len(v) > 1 and v != ours[k]),
                   key=lambda s: -len(s[0]))
    for old, new in swaps:
        text = text.replace(old, new)
    return (sum(json.dumps(old, ensure_ascii=False) in results for old, _ in swaps), len(swaps)), text
