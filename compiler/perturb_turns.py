"""Perturbation stage, turns other than calls: a right reply, question, confirmation or refusal -> wrong ones (input: Decision; output: Candidates).

====================  ===============================================================================================
``spurious_call``     a call on a turn where none is due: after results, the same calls again (a model that does not
                      read what came back), and calls of offered tools with values nobody gave (smalltalk)
``needless_refusal``  a refusal where the assistant can answer: smalltalk, the answer after the results (When2Call's
                      "unable to answer" where a direct answer is due): after results of a tool, the specs' own
                      refusals of the language from scenarios that withhold that tool -- the chosen answer where
                      the tool is not offered, so only the offered tools and the call tell the two apart
                      (``hard``) -- else refusals naming the conversation's tools: the tool whose results it
                      ignores, or (smalltalk) the tools offered ("I can only use get_weather and send_email"),
                      beside the two shortest canned ones for the length balance (never ``hard``)
``wrong_fact``        the final answer with one fact the results gave replaced by another value (another item's
                      field of the same results, a number one off, a date one day off)
``skip_clarify``      a call where the assistant had to ask for a missing required argument, with a value the
                      user never said (another value of the slot), or a reply: the conversation's answer or report
                      said at once (made up, naming what the user had yet to say)
``skip_confirm``      the call with side effects made at once where the assistant had to restate it and ask, or a
                      reply that claims it is done: the conversation's own report of the call, said before anything
                      was called, else (the user said no, the call failed) another row's report after that tool
                      succeeded, in this conversation's slot values, and canned claims (never ``hard``)
``skip_refuse``       a call of an offered tool where no offered tool can do the task and the assistant must say
                      so, or a reply: the refusal's ``pretend`` texts in this conversation's words, and, where the
                      scenario withholds the tool the task needs, the answer another row gives after that tool's
                      results, in this conversation's slot values (made up); else a canned claim that it is done
                      (never ``hard``)
``ignore_error``      after a tool error: the failed call repeated unchanged, or a reply that says all went well
                      (the conversation's report of a later call that succeeded, else another row's report after
                      that tool succeeded, in this conversation's slot values, and canned claims, never ``hard``)
``wrong_language``    the right question or refusal in the other language (Chinese to an English user, English to a
                      Chinese one): the parameter's own ``ask`` question of the other language, the other
                      language's refusal of the same task (withholding and offering the same tools), else of the
                      same withheld tool, or a canned one (never ``hard``); nothing appended
``made_up_results``   after results that found nothing (every one an empty list): the answer a search that found
                      something gets -- another row's reply after the same tool alone (no other tool's result
                      since the user's turn), in the language, its argument values replaced by this call's --
                      naming places, files or pages no result holds
====================  ===============================================================================================

Labels and mix: :mod:`compiler.perturb`; the answers of other rows the made-up negatives say: :mod:`compiler.donors`.
Languages: the canned texts exist in Chinese and English; other languages get the English ones.
"""

from __future__ import annotations

import json
import random
from typing import Any, Iterator

from toolc.dsl import ast

from . import ir
from .donors import ASCII_ALNUM, answers_of_others, find_bounded, made_up_results, per_program, result_leaves, slots_of
from .expand import Conversation, Decision, Expander
from .exprs import text_of
from .ground_truth import answered_calls
from .languages import language
from .perturb import Candidate, _date, neighbours
from .record import Message, ToolCall
from .simulate.constraints import random_value
from .simulate.errors import is_error

_REFUSAL = {
    "zh": ("抱歉，做不到。", "抱歉，这个我帮不了。", "抱歉，我没有可以完成这个请求的工具，无法帮您处理。",
           "非常抱歉，我目前没有任何可以完成这个请求的工具，所以这件事我无法帮您处理，请您换一种方式试试。"),
    "en": ("Sorry, I can't.", "Sorry, I can't help with that.",
           "Sorry, none of my tools can do that, so I can't help with this request.",
           "I'm sorry, but none of the tools I have can do that, so I'm unable to help with this request. "
           "Please try another way."),
}
_SUCCESS = {
    "zh": ("好的，已经办好了。", "已经为您处理完成，一切顺利，还有什么需要吗？",
           "好的，已经全部为您处理完成了，整个过程都很顺利，结果也已经确认无误。如果还有其他需要，随时告诉我。"),
    "en": ("Done, it went through.", "All done: the request completed successfully. Anything else?",
           "All done! I've taken care of that for you and everything went through successfully, with the result "
           "confirmed. Let me know if there is anything else you need."),
}


#: Over-refusals in a conversation's own terms (``needless_refusal`` where the specs write no refusal of the tool):
#: ``{tools}`` -- after results, the tools called ("get_weather didn't give me what I need"); else (smalltalk) the
#: tools offered, the "I can only use these tools" of an assistant that takes its tool list for its whole remit.
_TOOL_REFUSAL = {
    "zh": {"after": ("抱歉，{tools}没有给出我需要的信息，这个问题我回答不了。",
                     "不好意思，{tools}的结果里没有能回答这个问题的内容，所以我帮不了您。"),
           "offered": ("抱歉，这个我帮不了，我只能使用{tools}。",
                       "抱歉，我能调用的工具只有{tools}，都做不了这件事，所以没法帮您。")},
    "en": {"after": ("Sorry, {tools} didn't give me what I need to answer that.",
                     "I'm sorry, there's nothing in the results of {tools} that answers this, so I can't help "
                     "with it."),
           "offered": ("Sorry, I can't help with that. I can only use {tools}.",
                       "I can't do that, sorry. The only tools I have are {tools}, and this request doesn't fit any of "
                       "them.")},
}


def _texts(table: dict[str, tuple[str, ...]], lang: str) -> tuple[str, ...]:
    return table.get(lang, table["en"])


def _listed(names: list[str], lang: str) -> str:
    """Tool names as a list of the language: ``a, b and c`` / ``a、b和c``."""
    if len(names) < 2:
        return "".join(names)
    if lang == "zh":
        return "、".join(names[:-1]) + "和" + names[-1]
    return ", ".join(names[:-1]) + " and " + names[-1]


def turn_applicable(kind: str, conv: Conversation, d: Decision, prog: ir.Program) -> bool:
    """Whether a turn label applies to decision ``d`` (see the module docstring)."""
    if kind == "spurious_call":
        return d.expect == "none" and bool(conv.tools)
    if kind == "needless_refusal":
        return d.expect == "none"
    if kind == "wrong_fact":
        return d.expect == "none" and bool(_quoted(conv, d))
    if kind == "skip_clarify":
        return d.expect == "clarify" and _next_call(conv, d) is not None
    if kind == "skip_confirm":
        return d.expect == "confirm" and bool(d.pending)
    if kind == "skip_refuse":
        return d.expect == "refuse" and bool(conv.tools)
    if kind == "ignore_error":
        return bool(failed_calls(conv, d))
    if kind == "made_up_results":
        traces = answered_calls(conv, d) if d.expect == "none" else []
        return bool(traces) and all(t.result == [] for t in traces)
    if kind == "wrong_language":
        return conv.lang in _OTHER and (d.expect == "refuse" or (d.expect == "clarify" and bool(_other_asks(conv, d, prog))))
    return False


def turn_candidates(kind: str, conv: Conversation, d: Decision, ex: Expander, rng: random.Random) -> list[Candidate]:
    """Rejected answers of a turn label for ``d`` (call only when :func:`turn_applicable`); may be empty."""
    return [m if isinstance(m, Candidate) else Candidate(m) for m in _KINDS[kind](conv, d, ex, rng)]


def _bare(calls: tuple[ToolCall, ...]) -> list[Message]:
    """The calls without a word before them, as every chosen call is written (an acknowledgement before the rejected
    calls only, "Sure, doing that now.", would teach a reward model that text before a call is wrong)."""
    return [Message("assistant", "", calls)]


def _next_call(conv: Conversation, d: Decision) -> Decision | None:
    return next((x for x in conv.decisions if x.index > d.index and x.expect == "call"), None)


def _quoted(conv: Conversation, d: Decision) -> list[tuple[str, Any, str, int | None]]:
    content = conv.messages[d.index].content
    return [q for q in conv.quotes.get(d.index, ()) if q[2] and q[2] in content]


def failed_calls(conv: Conversation, d: Decision) -> tuple[ToolCall, ...]:
    """The calls whose error results the turn ``d`` answers (tool results right before it), in call order."""
    return tuple(ToolCall(t.tool, t.arguments) for t in answered_calls(conv, d) if is_error(t.result))


def _random_calls(conv: Conversation, ex: Expander, rng: random.Random) -> Iterator[tuple[ir.ToolIR, dict[str, Any]]]:
    """Up to two offered tools, each with random values for its required parameters (calls nobody asked for);
    lazy, so a caller's own draws for one tool come before the next tool's."""
    for t in rng.sample(conv.tools, min(2, len(conv.tools))):
        tool = ex.prog.tools[t["function"]["name"]]
        yield tool, {p.name: random_value(p.type, rng, conv.locale, ex.today)
                     for p in tool.node.params if p.name in tool.required}


def _spurious(conv: Conversation, d: Decision, ex: Expander, rng: random.Random) -> list[Message]:
    # after results that came back, the call that gave them once more (the loop a model falls into when it does not
    # read its results: every argument right, so only the results in the prompt make it wrong); a turn without
    # results (smalltalk) can only call an offered tool with values nobody gave
    done = answered_calls(conv, d)
    if done and not any(is_error(t.result) for t in done):
        return [Message("assistant", "", tuple(ToolCall(t.tool, t.arguments) for t in done))]
    out = []
    for tool, args in _random_calls(conv, ex, rng):
        out.append(Message("assistant", "", (ToolCall(tool.name, args),)))
        optional = [p for p in tool.node.params if p.name not in tool.required]
        if optional:
            p = optional[rng.randrange(len(optional))]
            more = {q.name: args[q.name] if q.name in args else random_value(p.type, rng, conv.locale, ex.today)
                    for q in tool.node.params if q.name in args or q.name == p.name}
            out.append(Message("assistant", "", (ToolCall(tool.name, more),)))
    return out


def _wrong_fact(conv: Conversation, d: Decision, ex: Expander, rng: random.Random) -> list[Message]:
    content = conv.messages[d.index].content
    leaves: list[tuple[str, Any]] = []
    fields: dict[str, ast.TypeExpr] = {}
    types = per_program(ex.prog, "field types", _field_types_by_tool)
    for t in conv.calls:
        if t.message < d.index:
            result_leaves(t.result, "", leaves)
            fields = {**types.get(t.tool, {}), **fields}  # the first call's declaration wins
    out = []
    for _, value, text, decimals in _quoted(conv, d):
        # the same field of another item or day of the results first, then a neighbouring value of the same type
        # (within the field's declared range: a rating of 1..5 is not 0)
        keys = {k for k, v in leaves if v == value and type(v) is type(value)}
        same = {json.dumps(v, ensure_ascii=False) for k, v in leaves
                if k in keys and type(v) is type(value) and v != value}
        others = [json.loads(v) for v in sorted(same)]
        rng.shuffle(others)
        # a text is not cut or doubled into a "fact": only numbers and dates get neighbouring values
        near = not isinstance(value, str) or _date(value) is not None
        declared = [fields[k] for k in sorted(keys) if k in fields]
        others = others[:2] + (neighbours(value, declared[0] if declared else None, None, conv, ex, rng, 2)
                               if near else [])
        # a number below zero where this field never is (a -1 % chance of rain, a count of -1) is wrong by its form
        # alone, as is a name said twice ("the Museum and the Museum"): neither teaches a reward model to check
        signed = any(_number(v) and v < 0 for k, v in leaves if k in keys) or any("temp" in k for k in keys)
        at = _find(content, text)
        if at < 0:
            continue
        for new in others:
            new_text = text_of(new) if decimals is None or not _number(new) else f"{float(new):.{decimals}f}"
            if not new_text or new_text == text:
                continue
            if _number(new) and _number(value) and new < 0 <= value and not signed:
                continue
            if isinstance(new, str) and _date(new) is None and _find(content, new_text) >= 0:
                continue
            out.append(Message("assistant", content[:at] + new_text + content[at + len(text):]))
    return out


def _number(v: Any) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def _field_types_by_tool(prog: ir.Program) -> dict[str, dict[str, ast.TypeExpr]]:
    """Per tool, the declared type of every field of its result shape, by field name (made once per program)."""
    out: dict[str, dict[str, ast.TypeExpr]] = {}
    for name, tool in prog.tools.items():
        if tool.node.returns is not None:
            _field_types(tool.node.returns, out.setdefault(name, {}))
    return out


def _field_types(t: ast.TypeExpr, out: dict[str, ast.TypeExpr]) -> None:
    """The declared type of every field of a result shape, by field name (the first declaration wins)."""
    if isinstance(t, ast.ListType):
        _field_types(t.item, out)
    elif isinstance(t, ast.ObjectType):
        for f in t.fields:
            out.setdefault(f.name, f.type)
            _field_types(f.type, out)


def _find(content: str, text: str) -> int:
    """Where ``text`` stands on its own in ``content`` (not inside a longer number or word: ``4`` is not found in
    ``2025-04-24``), or -1."""
    return find_bounded(content, text, 0, _WORD_BEFORE, _WORD_AFTER)


#: What may not touch a value :func:`_find` finds: before it, and after it.
_WORD_BEFORE = ASCII_ALNUM | frozenset(".-")
_WORD_AFTER = ASCII_ALNUM


def _skip_clarify(conv: Conversation, d: Decision, ex: Expander, rng: random.Random) -> list[Message]:
    call_turn = _next_call(conv, d)
    answers = {conv.messages[x.index + 1].content for x in conv.decisions
               if d.index <= x.index < call_turn.index and x.expect == "clarify" and x.index + 1 < len(conv.messages)}
    calls = list(call_turn.calls)
    for i, call in enumerate(calls):  # the values the user gave only when asked: invented instead
        slots = call_turn.arg_slots[i] if i < len(call_turn.arg_slots) else {}
        args = dict(call.arguments)
        for name, alias in slots.items():
            draw = conv.draws.get(alias)
            if draw is not None and draw.surface in answers and name in args:
                param = ex.prog.tools[call.name].params.get(name)
                found = neighbours(args[name], param.type if param else None, alias, conv, ex, rng, 1)
                if found:
                    args[name] = found[0]
        calls[i] = ToolCall(call.name, args)
    # the conversation's own answer or report, said at once -- made up, with the values the user had yet to give
    # ("No, Karamay looks dry" before the city was named; "Sent to ann@example.com" before the address was given);
    # "Done, it went through" answers no question, and a canned text is one a reward model learns by its words
    answer = _answer_after(conv, call_turn)
    return _bare(tuple(calls)) + ([Message("assistant", answer)] if answer else _claims(conv.lang))


def _answer_after(conv: Conversation, d: Decision) -> str | None:
    """The conversation's first reply after decision ``d`` (the answer to the results of its calls), or ``None``."""
    return next((conv.messages[x.index].content for x in conv.decisions
                 if x.expect == "none" and x.index > d.index and conv.messages[x.index].content), None)


def _claims(lang: str) -> list[Message]:
    """Replies that claim the task is done although nothing was called."""
    return [Message("assistant", t) for t in _texts(_SUCCESS, lang)]


def _canned_claims(lang: str) -> list[Candidate]:
    """:func:`_claims` beside made-up answers: never hard, their words alone give them away."""
    return [Candidate(m, plausible=False) for m in _claims(lang)]


def _refusals_by_language(prog: ir.Program) -> dict[str, dict[str, tuple[frozenset[str], ...]]]:
    by_lang: dict[str, dict[str, tuple[set[str], set[str], set[str]]]] = {}
    for scen in prog.scenarios.values():
        for step in scen.node.steps:
            if isinstance(step, ast.AssistantStep) and step.refuse:
                for alt in step.alternatives:
                    if alt.parts and all(isinstance(part, ast.Text) for part in alt.parts):
                        text = "".join(part.text for part in alt.parts)
                        withheld, slots, offered = by_lang.setdefault(language(scen.locale), {}).setdefault(
                            text, (set(), set(), set()))
                        withheld.update(scen.node.withhold)
                        slots.update(slots_of(scen.node))
                        offered.update(scen.node.tools)
    return {k: {t: tuple(frozenset(x) for x in sets) for t, sets in v.items()} for k, v in by_lang.items()}


def spec_refusals(prog: ir.Program, lang: str) -> dict[str, tuple[frozenset[str], frozenset[str], frozenset[str]]]:
    """The texts of ``refuse "..."`` steps of ``prog``'s scenarios in language ``lang`` (``zh``, ``en``): those
    that are plain text (no slot, result, optional or choice part), in scenario order, each once, with the tools
    the scenarios that say it withhold (``withhold a, b``; none for a refusal of what no tool does), the slots
    those scenarios draw and the tools they offer themselves (``tools a, b``)."""
    return per_program(prog, "refusals", _refusals_by_language).get(lang, {})


def _drawn_slots(conv: Conversation) -> set[str]:
    return {conv.aliases.get(a, a) for a in conv.draws}


def _needless_refusal(conv: Conversation, d: Decision, ex: Expander, rng: random.Random) -> list[Candidate]:
    # after results of a tool, a refusal the specs write where that tool is withheld from a request like this one
    # (a scenario drawing a slot this conversation drew: "Sorry, I can't check the weather here" after a forecast of
    # a city, not "I can't plan routes" after a web search): the same text is the chosen answer of rows without the
    # tool, so only the offered tools and the call tell the two apart (hard). A refusal of another task ("I can't
    # play music" after a forecast) is not taken: wrong for its topic, which an answer-only model sees. Where there
    # is none (smalltalk, a tool no scenario withholds), the canned texts, which say no to anything: the over-refusal
    # of a "tell me a joke" (rejected only, never hard)
    answered = [t.tool for t in answered_calls(conv, d)]
    called, drawn = set(answered), _drawn_slots(conv)
    own = [Candidate(Message("assistant", t)) for t, (withheld, slots, _) in spec_refusals(ex.prog, conv.lang).items()
           if withheld & called and slots & drawn]
    if own:
        return own
    # else refusals in this conversation's terms, naming the tools it called (after results) or offers (smalltalk):
    # a text shared by every row ("Sorry, I can't.") is one a reward model learns to mark down by its words alone
    names = list(dict.fromkeys(answered)) if called else [t["function"]["name"] for t in conv.tools]
    if not names:
        return [Candidate(Message("assistant", t), plausible=False) for t in _texts(_REFUSAL, conv.lang)]
    lang = conv.lang if conv.lang in _TOOL_REFUSAL else "en"
    table, tools = _TOOL_REFUSAL[lang], _listed(names, lang)
    # the two shortest canned texts stay beside them: a tool list makes every one longer than "Hi! How can I help?",
    # and without a shorter refusal the length balance could not take smalltalk's pairs at all. Two texts a side:
    # more on the longer side gave the sampler more distinct longer pairs than shorter ones (a repeated pair is not
    # taken), and the label drifted to 60 % longer
    return [Candidate(Message("assistant", t.format(tools=tools)), plausible=False)
            for t in table["after" if called else "offered"] + _texts(_REFUSAL, conv.lang)[:2]]


def _skip_confirm(conv: Conversation, d: Decision, ex: Expander, rng: random.Random) -> list[Candidate | Message]:
    # the claim is the conversation's own report of the confirmed call, said before anything was called ("Sent
    # (message id a8d3...)": an id nobody returned); where it has none (the user said no, the call failed), the
    # report another row of the tool gives after it succeeded, in this conversation's words, and canned claims for
    # the length balance, never hard -- the same few canned texts in every conversation teach a reward model the
    # texts, not the missing call
    call = _next_call(conv, d)
    confirmed = call is not None and [c.name for c in call.calls] == [c.name for c in d.pending]
    answer = _answer_after(conv, call) if confirmed else None  # not the reply to a user who said no
    if answer:
        return _bare(d.pending) + [Message("assistant", answer)]
    return _bare(d.pending) + _made_up_or_claims(conv, d, ex, rng, tuple(dict.fromkeys(c.name for c in d.pending)))


def _made_up_or_claims(conv: Conversation, d: Decision, ex: Expander, rng: random.Random,
                       tools: tuple[str, ...]) -> list[Candidate | Message]:
    """Reports of other rows after ``tools`` succeeded (:func:`answers_of_others`), and the canned claims that it
    is done, which their words give away (never hard: the pair sampler takes them where no report has the length
    the balance needs; without them, the reports of one length made the calls of ``skip_confirm`` its usual
    rejected side, and pairs where only the rejected answer calls outnumbered the others 42 to 32 in
    ``tests/test_rm_pairs.py``'s 1,000-pair build)."""
    return answers_of_others(conv, d, ex, rng, tools) + _canned_claims(conv.lang)


def _skip_refuse(conv: Conversation, d: Decision, ex: Expander, rng: random.Random) -> list[Candidate | Message]:
    # the refusal's own `pretend` texts in the user's words ("Done: your alarm is set for 6:30."), and, where the
    # scenario withholds the tool the task needs, the answer a row with that tool gives, in this conversation's
    # words ("Paris tomorrow: sunny, 3 to 9°C" with no weather tool offered): fluent, on topic and made up; a
    # canned "All done!" only where neither exists, never hard (its words alone give it away)
    calls: list[Candidate | Message] = [m for tool, args in _random_calls(conv, ex, rng)
                                        for m in _bare((ToolCall(tool.name, args),))]
    scen = ex.prog.scenarios.get(conv.scenario)
    if scen is None:
        return calls + _canned_claims(conv.lang)
    made_up = _pretended(conv, d, scen.node, rng) + answers_of_others(conv, d, ex, rng, scen.node.withhold)
    return calls + (made_up or _canned_claims(conv.lang))


def _pretended(conv: Conversation, d: Decision, node: ast.Scenario, rng: random.Random) -> list[Message]:
    """The ``pretend`` texts of the refusal that decision ``d`` is (the scenario's n-th ``refuse`` step for the n-th
    refusal of the conversation), rendered with this conversation's slot draws, each once (the pair sampler picks the
    length it needs); a text naming a slot the row did not draw is left out."""
    refusals = [s for s in node.steps if isinstance(s, ast.AssistantStep) and s.refuse]
    nth = sum(1 for x in conv.decisions if x.expect == "refuse" and x.index < d.index)
    if nth >= len(refusals) or not refusals[nth].pretend:
        return []
    texts: list[str] = []
    for tpl in refusals[nth].pretend:
        out: list[str] = []
        if _render_words(tpl.parts, conv, rng, out):
            text = "".join(out)
            if text not in texts and text != conv.messages[d.index].content:
                texts.append(text)
    return [Message("assistant", t) for t in texts]


def _render_words(parts: tuple, conv: Conversation, rng: random.Random, out: list[str]) -> bool:
    """Appends a template of slots, choices and optional parts (what ``check`` lets a ``pretend`` text hold, E321)
    rendered with ``conv``'s draws; ``False`` when it names a slot the row did not draw."""
    for p in parts:
        if isinstance(p, ast.Text):
            out.append(p.text)
        elif isinstance(p, ast.SlotRef) or (isinstance(p, ast.ResultRef) and tuple(p.path) == ("text",)):
            draw = conv.draws.get(p.alias or p.name if isinstance(p, ast.SlotRef) else p.base)
            if draw is None:
                return False
            out.append(draw.surface)
        elif isinstance(p, ast.OptionalPart):
            if rng.random() < 0.5 and not _render_words(p.parts, conv, rng, out):
                return False
        elif isinstance(p, ast.ChoicePart):
            if not _render_words(p.alternatives[int(rng.random() * len(p.alternatives))], conv, rng, out):
                return False
        else:  # a result or an expression: `check` refuses it (E321)
            return False
    return True


def _ignore_error(conv: Conversation, d: Decision, ex: Expander, rng: random.Random) -> list[Candidate | Message]:
    # a reply that says all went well: the conversation's own report of a later call that did succeed, said here
    # ("Booked: Luca's, 2026-12-04 13:00" right after "fully booked"), else the report another row of the tool gives
    # after it succeeded, in this conversation's words, beside canned claims
    out: list[Candidate | Message] = []
    failed = failed_calls(conv, d)
    if d.expect != "call":
        report = _answer_after(conv, d)
        out = [Message("assistant", report)] if report else \
            _made_up_or_claims(conv, d, ex, rng, tuple(dict.fromkeys(c.name for c in failed)))
    if d.expect in ("call", "clarify"):
        out.append(Message("assistant", "", failed))
    return out


#: The other language of a conversation, for ``wrong_language`` (the languages with canned texts).
_OTHER = {"zh": "en", "en": "zh"}


def _other_asks(conv: Conversation, d: Decision, prog: ir.Program) -> list[str]:
    """The ``ask`` questions, in the other language, of the parameters a clarification asks for (an inserted one:
    its own; a hand-written one: those the user's answer gives, :func:`compiler.ground_truth.asked_parameters`)."""
    from .ground_truth import asked_parameters
    from .plan import param_at

    other, out = _OTHER.get(conv.lang), []
    for tool, path in d.missing or asked_parameters(conv, d):
        t = prog.tools.get(tool)
        param = param_at(t.node.params, path) if t is not None else None
        out += [a.text for a in (param.asks if param is not None else ()) if a.lang == other]
    return out


def _wrong_language(conv: Conversation, d: Decision, ex: Expander, rng: random.Random) -> list[Candidate | Message]:
    # the question or refusal of the other language as it stands, nothing added: the pair sampler compares the two
    # languages' lengths in English characters (compiler.pairs.answer_length), so Chinese's fewer characters for the
    # same words do not push every negative to one side, and no padding (a polite tail no chosen answer has) is needed.
    # A refusal: the other language's refusals of the same task -- scenarios that withhold and offer the same tools
    # ("Sorry, I can't book rides" to a Chinese user asking for a taxi, both rows offering only directions) -- else
    # of scenarios withholding the same tools ("I can't check the weather here" to a Chinese user refused the
    # forecast); the canned ones beside them, for the length balance, never hard (their words give them away)
    other = _OTHER[conv.lang]
    if d.expect != "refuse":
        return [Message("assistant", t) for t in dict.fromkeys(_other_asks(conv, d, ex.prog))]
    scen = ex.prog.scenarios.get(conv.scenario)
    ours = set(scen.node.withhold) if scen is not None else set()
    offered = set(scen.node.tools) if scen is not None else set()
    refusals = spec_refusals(ex.prog, other)
    own = [t for t, (withheld, _, tools) in refusals.items() if withheld == ours and tools == offered] or \
        [t for t, (withheld, _, _) in refusals.items() if ours and withheld == ours]
    return [Candidate(Message("assistant", t)) for t in own] + \
        [Candidate(Message("assistant", t), plausible=False) for t in _texts(_REFUSAL, other) if t not in own]


_KINDS = {
    "spurious_call": _spurious,
    "needless_refusal": _needless_refusal,
    "wrong_fact": _wrong_fact,
    "skip_clarify": _skip_clarify,
    "skip_confirm": _skip_confirm,
    "skip_refuse": _skip_refuse,
    "ignore_error": _ignore_error,
    "wrong_language": _wrong_language,
    "made_up_results": made_up_results,
}
