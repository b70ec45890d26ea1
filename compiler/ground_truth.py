"""Records stage, ground truth: one decision of an expanded conversation -> its :class:`~compiler.checker.truth.TurnTruth`.

What a verifier needs to judge an answer at that turn (the PPO ``ground_truth`` column, the SFT ``truth`` column):

* ``call`` -- the gold calls in BFCL's possible-answer shape (:func:`compiler.checker.gold_from_call`), widened to
  the values that mean the same thing: a parameter's default may be omitted and, when left out, passed
  explicitly -- ``today`` resolved to the build's reference date, which the schema cannot state; an integer
  also accepts the equal float (``5`` and ``5.0``, which BFCL's type check would reject,
  ``../shared/data/bfcl/CHECKER_NOTES.md`` section 2.4). Parallel calls are order-free. Map-slot surfaces are
  not accepted in place of their values: the bundled maps turn words into machine values (``"明天"`` -> a
  date of a ``format: date`` parameter, ``"check disk space"`` -> ``df -h``, ``"华氏"`` -> an enum member), so
  the surface is a wrong argument there.
* ``clarify`` -- the parameter the question asks for, with the words naming it (its name, the description
  and every ``ask`` question of the tool's declaration, all languages; a hand-written question's own words; the
  question words of its kind: "where" for a location, "when" for a date, "who" for a recipient, "say" for a
  message body, "search for" for search keywords, "do to" for an operation).
* ``confirm`` -- the argument values of the pending calls that the gold question restates (else the tool names).
* ``refuse`` -- the withheld tools the request needed.
* ``none`` -- the tool-result values the gold reply quotes (facts a right final answer mentions), those each other
  alternative of the reply would quote (``or_facts``, :mod:`compiler.reply_facts`), whether the
  reply answers the user's message itself (``answers``: no tool result comes between), where a refusal is wrong,
  whether the results it answers found nothing (``nothing_found``), which it must say, whether a call it answers
  failed (``failed``: an error result), which it must say too, and, for a reply that quotes nothing of results that
  all succeeded, that it must not say a call failed (``succeeded``).

Every kind but ``call`` also carries the conversation's language, in which the reply must be written.
"""

from __future__ import annotations

import datetime as _dt
import functools
from typing import Any

from toolc.dsl import ast

from . import ir
from .checker.match import OMIT, GoldCall, gold_from_call
from .checker.rules import strict_equal
from .checker.truth import MissingParam, TurnTruth, fold, keywords
from .expand import Conversation, Decision
from .languages import script_fits, script_of
from .plan import param_at
from .record import ToolCall
from .simulate.errors import is_error
from .slots import json_kind


def _default(param: ast.Param | None, today: _dt.date) -> tuple[bool, Any]:
    """``(has_default, value)`` of a top-level parameter, ``today`` resolved (``now`` is left unresolved)."""
    d = param.default if param is not None else None
    if d is None:
        return False, None
    if isinstance(d, ast.Keyword):
        return (True, today.isoformat()) if d.name == "today" else (False, None)
    if isinstance(d, ast.ListValue):
        return True, [v.value for v in d.values]
    return True, d.value


class _Memo:
    """What ground truth computes once per program and reference date rather than per row: each tool's parameter
    defaults (:func:`_default`), each clarification's :class:`MissingParam`. One is kept, the last build's."""

    __slots__ = ("defaults", "missing", "prog", "today")

    def __init__(self, prog: ir.Program, today: _dt.date) -> None:
        self.prog, self.today = prog, today
        self.defaults: dict[str, tuple[ir.ToolIR, dict[str, Any]]] = {}
        self.missing: dict[tuple[str, str, str | None], MissingParam] = {}

    def tool_defaults(self, tool: ir.ToolIR) -> dict[str, Any]:
        """Parameter -> default, for the top-level parameters of ``tool`` that have one."""
        hit = self.defaults.get(tool.name)
        if hit is None or hit[0] is not tool:
            out = {}
            for name, param in tool.params.items():
                has, value = _default(param, self.today)
                if has:
                    out[name] = value
            hit = self.defaults[tool.name] = (tool, out)
        return hit[1]

    def missing_param(self, tool_name: str, path: str, question: str | None = None) -> MissingParam:
        """:func:`missing_param`, computed once per (tool, parameter, question)."""
        key = (tool_name, path, question)
        hit = self.missing.get(key)
        if hit is None:
            if len(self.missing) > 65_536:
                self.missing.clear()
            hit = self.missing[key] = missing_param(self.prog, tool_name, path, question)
        return hit


_memo: _Memo | None = None


def _memo_for(prog: ir.Program, today: _dt.date) -> _Memo:
    global _memo
    m = _memo
    if m is None or m.prog is not prog or m.today != today:
        m = _memo = _Memo(prog, today)
    return m


def _widen(gold: GoldCall, call: ToolCall, defaults: dict[str, Any], free: tuple[str, ...] = ()) -> GoldCall:
    """Adds the alternatives of the module docstring to one gold call (``defaults``: the tool's parameter defaults,
    :meth:`_Memo.tool_defaults`)."""
    given = call.arguments
    args: dict[str, list[Any]] = {}
    for name, acc in gold.arguments.items():
        acc = list(acc)
        if name in defaults:
            default = defaults[name]
            if type(default) is list:
                default = list(default)  # each gold call holds its own
            if name in given and strict_equal(given[name], default) and OMIT not in acc:
                acc.append(OMIT)
            if name not in given and not any(strict_equal(a, default) for a in acc if a != OMIT):
                acc.append(default)
        for a in list(acc):
            if type(a) is int:
                acc.append(float(a))
        args[name] = acc
    return GoldCall(gold.name, args, free)


def gold_calls(prog: ir.Program, conv: Conversation, d: Decision, today: _dt.date) -> tuple[GoldCall, ...]:
    """The gold calls of call turn ``d``, widened to the values that mean the same thing (the module docstring:
    a default left out or spelled out, ``today`` resolved to ``today``, an integer's equal float, any wording of an
    argument the spec worded in the assistant's name that no one said: ``free``); one per call of ``d.calls``, in
    order. The PPO ground truth and the RM sampler's "is the rejected side really wrong" judge by
    these, so a call that leaves ``date`` out when the user said "today" is right in both."""
    memo = _memo_for(prog, today)
    defs = {t["function"]["name"]: t for t in conv.tools}
    tools = prog.tools
    free = _free(conv, d)
    return tuple(_widen(gold_from_call(c, defs.get(c.name)), c,
                        memo.tool_defaults(tools[c.name]) if c.name in tools else {}, free[i])
                 for i, c in enumerate(d.calls))


def _free(conv: Conversation, d: Decision) -> list[tuple[str, ...]]:
    """Per call of ``d``, the arguments worded in the assistant's name (``Decision.composed``: a subject
    ``"Translation"``) that neither the user nor a tool said before: any other wording is as right, and a reward
    that wanted these words would punish a model for words nobody asked for."""
    out: list[tuple[str, ...]] = [() for _ in d.calls]
    if any(d.composed):
        said = _said_before(conv, d, "user") + " " + _said_before(conv, d, "tool")
        for i, (c, names) in enumerate(zip(d.calls, d.composed)):
            out[i] = tuple(n for n in names if fold(str(c.arguments.get(n, ""))) not in said)
    return out


def _restated(conv: Conversation, d: Decision,
              question: str) -> tuple[tuple[str, ...], tuple[tuple[str, tuple[str, ...]], ...]]:
    """``(restate, said)`` of a confirmation turn ``d`` whose gold text is ``question``: the pending calls' argument
    values the question says that the user or a tool gave (a value neither gave -- an email subject the assistant
    chose itself, ``译文`` -- is the assistant's own choice, which another answer may make differently; a slot's
    value counts as given: ``df -h`` for "check disk space", ``2026-12-04`` for "tomorrow"), and for each restated
    date, time or number the user gave in other words (``tomorrow``, ``6:30 pm``, ``five``) those words, which
    restate it too, as do the words a map slot gave a value in the question (``d.worded``: ``high`` said as ``高``).
    Not for other texts: the user's "check disk space" does not restate the command that will run."""
    said = fold(question)
    users, tools = _said_before(conv, d, "user"), _said_before(conv, d, "tool")
    drawn: dict[str, dict[str, None]] = {}  # a slot value's text -> the user's words for it, when plain and different
    for draw in conv.draws.values():
        texts = _value_texts(draw.value)
        words = fold(draw.surface)
        for t in texts:
            forms = drawn.setdefault(t, {})
            if len(texts) == 1 and words and words != fold(t) and words in users and _plain(draw.value):
                forms[draw.surface] = None
    values = dict.fromkeys(t for c in d.pending for t in _value_texts(c.arguments))
    worded = dict(d.worded)  # `{priority_zh[priority]}`: the question says `high` as 高, which restates it
    restate = tuple(t for t in values if (f := fold(t)) and (f in said or t in worded) and
                    (f in users or f in tools or t in drawn))
    forms = {t: [*drawn.get(t, ()), *([worded[t]] if t in worded else [])] for t in restate}
    return restate, tuple((t, tuple(forms[t])) for t in restate if forms[t])


def answered_calls(conv: Conversation, d: Decision, since_user: bool = False) -> list:
    """The call traces (:class:`compiler.expand.CallTrace`) whose results turn ``d`` answers: the tool results since
    the decision before it, in call order; ``since_user``: since the last user turn, every result a reply at ``d``
    may quote (a chain's answer quotes the weather of its first call as well as the restaurants of its second)."""
    if since_user:
        since = max((i for i, m in enumerate(conv.messages[:d.index]) if m.role == "user"), default=-1)
    else:
        since = max((x.index for x in conv.decisions if x.index < d.index), default=-1)
    return [t for t in conv.calls if since < t.message < d.index]


def _said_before(conv: Conversation, d: Decision, role: str) -> str:
    """Everything ``role`` (``user``, ``tool``) said before decision ``d``, folded (:func:`fold`)."""
    return fold(" ".join(m.content for m in conv.messages[:d.index] if m.role == role and m.content))


def _plain(value: Any) -> bool:
    """Whether a slot value is a number, a date or a time of day (``18:30``): what a user's own words restate."""
    if json_kind(value) in ("int", "float", "date", "datetime"):
        return True
    try:
        return ":" in value and bool(_dt.time.fromisoformat(value))  # "18:30" (not "1830": digits of a number)
    except (TypeError, ValueError):
        return False


def _value_texts(value: Any) -> list[str]:
    """The texts an argument value shows in a sentence (strings, numbers; list items; object values)."""
    if isinstance(value, bool) or value is None:
        return []
    if isinstance(value, (int, float, str)):
        return [str(value)]
    if isinstance(value, list):
        return [t for v in value for t in _value_texts(v)]
    if isinstance(value, dict):
        return [t for v in value.values() for t in _value_texts(v)]
    return []


#: Question words that ask for a kind of parameter ("Where are you?" asks for a location), English and Chinese:
#: (words in the parameter's name or description that make it that kind, question words added to its words).
QUESTION_WORDS: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...] = (
    (("location", "city", "place", "origin", "destination", "where", "地点", "城市", "位置"),
     ("where", "哪里", "哪儿", "在哪")),
    (("recipient", "person", "contact", "attendee", "收件人", "联系人"), ("who", "whom", "谁")),
    (("body", "message", "正文"), ("say", "write", "写什么", "说什么", "内容")),  # what a message says
    (("keyword", "关键词"), ("search for", "look up", "look for", "搜什么", "查什么", "找什么")),  # a search's words
    (("operation", "操作"), ("do to", "do with", "做什么", "怎么处理")),  # what to do to a thing
)
#: Question words for ``date`` / ``datetime`` parameters.
WHEN_WORDS: tuple[str, ...] = ("when", "what day", "which day", "什么时候", "哪天", "哪一天", "几号", "几点")


def missing_param(prog: ir.Program, tool_name: str, path: str, question: str | None = None) -> MissingParam:
    """The parameter a clarification asks for, with its words: those of its name and description, of its ``ask``
    questions and, when none of those names it there, of a hand-written question (``question``), less the words
    that name the tool's topic -- in the tool's name or description, or in other parameters' questions
    (``weather`` in "Which city's weather?", ``邮件`` asking for a subject) -- plus the question words of its
    kind (:data:`QUESTION_WORDS`, :data:`WHEN_WORDS`)."""
    tool = prog.tools.get(tool_name)
    param = param_at(tool.node.params, path) if tool is not None else None
    if param is None:
        return MissingParam(path, ())
    others = [a.text for q in tool.node.params if q is not param for a in q.asks]
    topic = set(keywords(tool_name, tool.node.description, *others))
    own = keywords(path, param.description)
    asked = [w for w in keywords(*[a.text for a in param.asks]) if w not in topic]
    about = fold(f"{path} {param.description or ''}".replace("_", " "))
    kind = [fold(w) for marks, words in QUESTION_WORDS if any(fold(m) in about for m in marks) for w in words]
    if isinstance(param.type, ast.PrimType) and param.type.name in ("date", "datetime"):
        kind += [fold(w) for w in WHEN_WORDS]
    found = MissingParam(path, tuple(dict.fromkeys(own + asked + kind)))
    if question and not found.named_by(question):  # the hand-written question names it in words of its own
        # (its topic words too when it has no other: "what should I search for?" -- the gold question passes)
        extra = [w for w in keywords(question) if w not in topic] or keywords(question)
        found = MissingParam(path, tuple(dict.fromkeys(found.words + tuple(extra))))
    return found


def _in_script(param: MissingParam, locale: str, gold: str) -> MissingParam:
    """``param`` without the words of another language's script: the words come from every ``ask`` of the parameter
    (``收件``, ``邮箱`` from the Chinese question of an English tool), which an English question never says.
    Latin words stay in any language (parameter names, and terms such as "URL" that Chinese text writes in Latin
    letters; two Latin-script languages cannot be told apart, :mod:`compiler.languages`). The words are kept when
    the conversation's own question (``gold``) would no longer name the parameter without them."""
    kept = _script_words(param.words, locale)
    if len(kept) == len(param.words):
        return param
    fewer = MissingParam(param.name, kept)
    return fewer if fewer.named_by(gold) else param


@functools.lru_cache(maxsize=4096)
def _script_words(words: tuple[str, ...], locale: str) -> tuple[str, ...]:
    return tuple(w for w in words if script_of(w) in (None, "latin") or script_fits(w, locale))


def _unsaid(param: MissingParam, users: str, gold: str) -> MissingParam:
    """``param`` without the words the user already said (``folded`` ``users``): "weather" names the city asked for
    in "Which city's weather?", but an answer that repeats the user's "weather" asks for nothing. The words are
    kept when the conversation's own question (``gold``) would no longer name the parameter without them."""
    kept = tuple(w for w in param.words if w not in users)
    if len(kept) == len(param.words):
        return param
    fewer = MissingParam(param.name, kept)
    return fewer if fewer.named_by(gold) else param


def asked_parameters(conv: Conversation, d: Decision) -> list[tuple[str, str]]:
    """What a hand-written clarification (an ``ask`` step) asked for: the arguments of the next call turn whose
    slot the user's answer is the first to mention -- its surface, or the text the argument receives (a map's
    value said on its own: "Which data file?" answered "inventory.xlsx" after the user named the column "stock
    level", the key of the pair); else, after a failed call, the arguments the retry changes."""
    if d.index + 1 >= len(conv.messages) or conv.messages[d.index + 1].role != "user":
        return []
    answer = conv.messages[d.index + 1].content
    before = [m.content for m in conv.messages[:d.index] if m.role == "user"]
    nxt = next((x for x in conv.decisions if x.index > d.index and x.expect == "call"), None)
    out = []
    for call, slots in zip(nxt.calls, nxt.arg_slots) if nxt is not None else ():
        for arg, alias in slots.items():
            draw = conv.draws.get(alias)
            if draw is None:
                continue
            value = call.arguments.get(arg)
            for said in (draw.surface, value if type(value) is str and value != draw.surface else None):
                if said and said in answer and not any(said in b for b in before):
                    out.append((call.name, arg))
                    break
    if not out and nxt is not None:  # a question after a failed call: it asks for the arguments the retry corrects
        earlier = {c.name: c.arguments for x in conv.decisions if x.expect == "call" and x.index < d.index for c in x.calls}
        for call in nxt.calls:
            prev = earlier.get(call.name)
            if prev is not None:
                out += [(call.name, k) for k, v in call.arguments.items() if k in prev and prev[k] != v]
    return out


#: A call turn's truth without its gold calls (``turn_truth(..., calls=False)``); an answer that quotes nothing.
_CALL = TurnTruth("call", (), order_free=True)
_NONE: dict[tuple, TurnTruth] = {}  # by language, `answers`, `nothing_found`, `failed`, `succeeded`: an answer that
# quotes nothing


def turn_truth(prog: ir.Program, scen: ir.ScenarioIR, conv: Conversation, d: Decision, today: _dt.date,
               calls: bool = True, reads: list | None = None) -> TurnTruth:
    """The ground truth of decision ``d`` of ``conv`` (see the module docstring).

    Args:
        prog: the checked program (tool declarations).
        scen: the scenario the conversation expands.
        conv: the expanded conversation.
        d: one of ``conv.decisions``.
        today: the build's reference date.
        calls: ``False`` leaves a call turn's gold calls out (``TurnTruth("call")``): an SFT row's ``truth``
            column never shows them (the turn itself does, :meth:`TurnTruth.to_json` ``with_calls=False``), and
            widening them cost more than every other kind of turn together.
        reads: receives ``("truth", tool, parameter path, question)`` for each parameter a clarify turn asks for:
            the descriptions its truth read (:func:`missing_param`; :attr:`compiler.generate.Generator.reads`).

    Returns:
        The :class:`TurnTruth`; every kind but ``call`` carries the conversation's language (``lang``).
    """
    expect, lang = d.expect, conv.lang
    if expect == "none":  # an answer: the facts it quotes (the most common turn, with `call`)
        facts = [text for _, _, text, _ in conv.quotes.get(d.index, ()) if text.strip()]
        answers = d.index > 0 and conv.messages[d.index - 1].role == "user"  # no tool result in between
        answered = [t.result for t in answered_calls(conv, d)]  # the results it answers
        failed = any(is_error(r) for r in answered)  # a call failed: the reply says so
        if facts:
            kept = tuple(dict.fromkeys(facts))
            return TurnTruth(expect, facts=kept, lang=lang, answers=answers, failed=failed,
                             or_facts=tuple(f for f in conv.alt_facts.get(d.index, ()) if f != kept))
        empty = [r == [] for r in answered]  # a search that found nothing
        nothing = bool(answered) and all(empty)
        succeeded = not answers and bool(answered) and not failed and not any(empty)  # "Done, it went through."
        key = (lang, answers, nothing, failed, succeeded)
        hit = _NONE.get(key)
        if hit is None:
            hit = _NONE[key] = TurnTruth("none", lang=lang, answers=answers, nothing_found=nothing, failed=failed,
                                         succeeded=succeeded)
        return hit
    if expect == "call":
        if not calls:
            return _CALL
        return TurnTruth("call", gold_calls(prog, conv, d, today), order_free=True)
    if expect == "clarify":
        memo = _memo_for(prog, today)
        if d.missing:  # inserted by the compiler: the question is the parameter's own
            asked, question = d.missing, None
        else:  # a hand-written `ask` step: the words its template wrote (not the values it quotes) name it too
            static = conv.static[d.index] if d.index < len(conv.static) else None
            asked, question = asked_parameters(conv, d), static if static is not None else conv.messages[d.index].content
        if reads is not None:
            reads += [("truth", t, p, question) for t, p in asked]
        users, gold = _said_before(conv, d, "user"), conv.messages[d.index].content or ""
        return TurnTruth("clarify", missing=tuple(
            _unsaid(_in_script(memo.missing_param(t, p, question), conv.locale, gold), users, gold)
            for t, p in asked), lang=lang)
    if expect == "confirm":
        restate, said_as = _restated(conv, d, conv.messages[d.index].content)
        return TurnTruth("confirm", restate=restate or tuple(dict.fromkeys(c.name for c in d.pending)), lang=lang,
                         said=said_as)
    return TurnTruth("refuse", not_tools=tuple(scen.node.withhold), lang=lang)  # the last kind (vocab.EXPECTS)
