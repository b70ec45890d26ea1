"""Expansion stage: one scenario + one row seed -> one concrete conversation (input: ir.ScenarioIR; output: Conversation).

Semantics (docs/language.md): slot surfaces go into the user's words and slot values into arguments; an argument
whose slot the user never mentioned is dropped when optional and asked for when required (clarification turn, then
the user's answer, then the call) -- of a map pairing two arguments, the part it passes (``plan.SAID_VALUE``);
results come from the results stage (:mod:`compiler.simulate`: the tool's ``returns`` shape, derived from the call, or
an opted-in user simulator) and feed later arguments and replies (``case`` replies follow the results). The system
prompt and clarification questions are in the conversation's language, and the system prompt states the reference
date (``{today}``). All randomness comes from one ``random.Random(row_seed)``, so a row depends only on (dataset seed,
scenario name, row index) and the reference date.

Besides the messages, a :class:`Conversation` keeps what the verification stage re-checks: every call with
its arguments and result (:class:`CallTrace`), the text each message's template wrote itself (without
slot or result values), the result values each reply quotes, and whether a relative date was resolved.
"""

from __future__ import annotations

import datetime as _dt
import random
import _random
from typing import Any, Callable

from . import ir
from .builtins import ABSENT, BuiltinError
# the expansion's output types, re-exported (most stages import them from here)
from .conversation import CallTrace, Conversation, Decision, ExpansionError  # noqa: F401
from .exprs import text_of, truth
from .languages import confirmations, user_time_zone
from .plan import (
    EXPR, FOR, OPTIONAL, RESULT, SAID_VALUE, SLOT, TEXT, VALUE, ArgPlan, CallPlan, CallResults, ScenarioPlan,
    has_relative_dates, plan_scenario, put_argument, render_confirm,
)
from .record import Message, ToolCall, dumps
from .reply_facts import other_facts
from .scopes import TEMPLATE_GLOBAL
from .simulate import ResultContext, SimulationError, apply_defaults
from .slots import Draw, Sampler, stable_hash


class Expander:
    """Expands the scenarios of one dataset plan.

    Args:
        prog: the checked program.
        plan: the dataset plan (with CLI overrides applied).
        today: the reference date for ``today``/relative dates.
        allow_simulators: run user simulators (``simulate "file.py:function"``); without it a scenario that
            calls a simulated tool cannot be expanded (the build refuses it before it starts).
        spec_root: the spec tree (simulator files must lie inside it).
    """

    def __init__(self, prog: ir.Program, plan: ir.DatasetIR, today: _dt.date, allow_simulators: bool = False,
                 spec_root: Any = None) -> None:
        self.prog, self.plan, self.today = prog, plan, today
        self.today_iso = today.isoformat()
        self.allow_simulators, self.spec_root = allow_simulators, spec_root
        self.percent = plan.test_percent
        self.hold_values = "values" in plan.holdout
        self.hold_templates = "templates" in plan.holdout
        pool: list[str] = []
        for name in plan.scenarios:
            s = prog.scenarios[name]
            for t in s.called + s.extra_tools:
                if t not in pool:
                    pool.append(t)
        self.tool_pool = tuple(sorted(pool))
        self._pools: dict[tuple[str, str], tuple] = {}
        self._tool_sets: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {}
        self._samplers: dict[tuple[str, str], Sampler] = {}
        self._held: dict[tuple[str, int], tuple[list[int], list[int]]] = {}
        self._plans: dict[str, ScenarioPlan] = {}
        self._slot_draws: dict[tuple[str, str], tuple[Sampler, tuple]] = {}
        self._relative: dict[str, frozenset[str]] = {}
        self._results: dict[tuple[str, str], Callable | None] = {}
        self._instants: dict[str, list] = {}
        self.value_percent = self.percent if self.hold_values else 0
        #: the descriptions the row being expanded read, as probes (:attr:`compiler.generate.Generator.reads`)
        self.reads: list[tuple] = []

    # ------------------------------------------------------------------ templates and slots

    def template_choices(self, scen: ir.ScenarioIR, step_index: int, n: int) -> tuple[list[int], list[int]]:
        """Train and test alternative indices of one user step (held-out templates go to test only)."""
        key = (scen.name, step_index)
        if key not in self._held:
            idx = list(range(n))
            if not self.hold_templates or n < 2 or self.percent <= 0:
                self._held[key] = (idx, idx)
            else:
                k = max(1, round(n * self.percent / 100))
                ranked = sorted(idx, key=lambda i: stable_hash("tpl", scen.name, step_index, i))
                test = sorted(ranked[:k])
                self._held[key] = ([i for i in idx if i not in test], test)
        return self._held[key]

    def tool_sets(self, scen: ir.ScenarioIR) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """The scenario's own tools (called, then ``tools`` extras) and the dataset tools it may add as distractors."""
        hit = self._tool_sets.get(scen.name)
        if hit is None:
            own = tuple(scen.called) + tuple(t for t in scen.extra_tools if t not in scen.called)
            withheld = set(scen.node.withhold)  # never offered: the user asks what no offered tool can do
            hit = (own, tuple(t for t in self.tool_pool if t not in own and t not in withheld))
            self._tool_sets[scen.name] = hit
        return hit

    def sampler(self, name: str, locale: str = "") -> Sampler | None:
        """The slot's sampler in ``locale`` (localized slots) for this build's reference date (Faker pools depend
        on it), built on first use: a dataset that uses few of the program's slots draws no pools for the rest."""
        key = (name, locale)
        s = self._samplers.get(key)
        if s is None:
            slot = self.prog.slot_for(name, locale) if locale else self.prog.slots.get(name)
            if slot is not None:
                s = self._samplers[key] = slot.sampler.at_date(self.today)
        return s

    def slot_pools(self, name: str, locale: str = "") -> tuple:
        """Train and test pools of a slot for this build (held-out values only in test)."""
        key = (name, locale)
        if key not in self._pools:
            self._pools[key] = self.sampler(name, locale).pools(self.percent if self.hold_values else 0)
        return self._pools[key]

    def slot_draw(self, name: str, locale: str = "") -> tuple[Sampler, tuple]:
        """``(sampler, pools)`` of a slot, for drawing (cached: expansion draws several per row)."""
        key = (name, locale)
        hit = self._slot_draws.get(key)
        if hit is None:
            hit = self._slot_draws[key] = (self.sampler(name, locale), self.slot_pools(name, locale))
        return hit

    def relative_slots(self, locale: str) -> frozenset[str]:
        """The slots whose values are relative dates (``明天`` -> a date) in conversations of ``locale``."""
        hit = self._relative.get(locale)
        if hit is None:
            prog = self.prog
            hit = self._relative[locale] = frozenset(
                name for name in prog.slot_names() if has_relative_dates(prog.slot_for(name, locale)))
        return hit

    def scenario_plan(self, scen: ir.ScenarioIR) -> ScenarioPlan:
        """The scenario's steps with everything that does not depend on the row resolved (built on first use)."""
        plan = self._plans.get(scen.name)
        if plan is None:
            plan = self._plans[scen.name] = plan_scenario(self, scen)
        return plan

    def instants(self, locale: str) -> list:
        """The reference instants of conversations in ``locale`` by minute after 07:00 local (see
        :func:`_reference_instant`), each made on first use."""
        hit = self._instants.get(locale)
        if hit is None:
            hit = self._instants[locale] = [None] * _DAY_MINUTES
        return hit

    def result_source(self, tool: ir.ToolIR, locale: str) -> CallResults:
        """``(arguments, rng, now) -> result`` for a tool in conversations of ``locale`` (``None``: the tool
        declares no ``returns``; its result is ``{"status": "success"}``)."""
        key = (tool.name, locale)
        if key not in self._results:
            self._results[key] = CallResults(self, tool, locale)
        return self._results[key]

    # ------------------------------------------------------------------ the conversation

    def expand(self, scen: ir.ScenarioIR, row_seed: int, split: str) -> Conversation:
        """Expands one row.

        Args:
            scen: the scenario.
            row_seed: the row's 64-bit seed.
            split: ``train`` or ``test``; test rows use held-out templates and slot values.

        Returns:
            the conversation.

        Raises:
            ExpansionError: the row cannot be built (the generator drops it and counts ``stage``/``reason``).
        """
        return _Row(self, scen, row_seed, split).run()


class _Row:
    """The state of expanding one row (kept out of Expander so expansion is re-entrant); it is also the
    run-time context of the scenario's compiled expressions (``value_of``, ``results``, ``rng``)."""

    __slots__ = ("alt_facts", "calls", "decisions", "drawn", "draws", "ex", "lang", "last_call", "mentioned",
                 "messages", "now", "plan", "quotes", "relative", "results", "rng", "scen", "seed", "split", "static",
                 "template_ids", "today_iso", "unsaid")

    def __init__(self, ex: Expander, scen: ir.ScenarioIR, seed: int, split: str) -> None:
        self.ex, self.scen, self.split = ex, scen, split
        self.plan = ex.scenario_plan(scen)
        self.rng = _seeded(seed)
        self.seed = seed
        self.draws: dict[str, Draw] = {}
        self.drawn: dict[str, set[str]] = {}  # slot name -> surfaces drawn for it in this row
        self.mentioned: set[str] = set()
        self.results: dict[str, Any] = {}
        self.messages: list[Message] = []
        self.static: list[str | None] = []
        self.quotes: dict[int, list[tuple[str, Any, str, int | None]]] = {}
        self.alt_facts: dict[int, tuple[tuple[str, ...], ...]] = {}
        self.decisions: list[Decision] = []
        self.calls: list[CallTrace] = []
        self.template_ids: list[str] = []
        self.lang = self.plan.lang
        self.today_iso = ex.today_iso
        self.relative = False
        self.last_call: Decision | None = None  # the latest call decision (see link_chains)
        self.unsaid: list[str] = []  # slots replies read that the user could have said and did not
        self.now = _reference_instant(ex, scen.locale, self.rng)

    def draw(self, alias: str) -> Draw:
        """The row's draw for a slot or alias: drawn on first use, avoiding surfaces other aliases of the same
        slot already drew."""
        d = self.draws.get(alias)
        if d is None:
            ex = self.ex
            slot_name = self.scen.aliases.get(alias, alias)
            avoid = self.drawn.setdefault(slot_name, set())
            sampler, pools = ex.slot_draw(slot_name, self.scen.locale)
            d = sampler.draw(self.rng, ex.today, self.split, ex.value_percent, avoid, pools)
            self.draws[alias] = d
            avoid.add(d.surface)
        return d

    def value_of(self, name: str) -> Any:
        """A slot's or alias's value in this row (for expressions)."""
        return self.draw(name).value

    # ------------------------------------------------------------------ rendering

    def render(self, parts: tuple, user: bool, out: list[str], static: list[str], quotes: list | None = None) -> None:
        """Appends the text of compiled template ``parts`` to ``out`` and the template's own text to ``static``
        (``user``: slots used count as mentioned; ``quotes`` collects quoted result values)."""
        rng = self.rng
        for p in parts:
            k = p[0]
            if k == TEXT:
                out.append(p[1])
                static.append(p[1])
            elif k == SLOT:
                name = p[1]
                if p[2] and name in self.results:
                    text = text_of(self.results[name])
                    out.append(text)
                    if quotes is not None:
                        quotes.append((name, self.results[name], text, None))
                    continue
                out.append(self.draw(name).surface)
                if user:
                    self.mentioned.add(name)
                elif quotes is not None and name in self.plan.user_slots and not self.said_part(name):
                    self.unsaid.append(name)  # a reply states what the user could have said, and did not
            elif k == RESULT:
                value = self.lookup(p[1], p[2])
                text = text_of(value)
                out.append(text)
                if quotes is not None:
                    quotes.append((p[1], value, text, None))
            elif k == EXPR:
                try:
                    value = p[1](self)
                except BuiltinError as exc:
                    raise ExpansionError(self.scen, str(exc)) from None
                if value is ABSENT:
                    raise ExpansionError(self.scen, "a `{...}` placeholder has no value in this row (an absent argument)")
                text = text_of(value)
                out.append(text)
                if p[2] == TEMPLATE_GLOBAL:  # `{today}`: the row needs today's date in its prompt
                    self.relative = True
                if quotes is not None and p[2] is not None:  # `{fmt(x, 2)}` (p[3]): `x`, fixed decimals
                    quotes.append((p[2], value, text, None) if p[3] is None else
                                  (p[2], p[3](self), text, len(text.partition(".")[2])))
            elif k == VALUE:  # `{mail.value}`: a slot's value, said
                out.append(text_of(self.draw(p[1]).value))
                if user:
                    self.mentioned.add(p[1] + SAID_VALUE)
                elif quotes is not None and p[1] in self.plan.user_slots and not self.said_part(p[1]):
                    self.unsaid.append(p[1])
            elif k == OPTIONAL:
                if rng.random() < 0.5:
                    self.render(p[1], user, out, static, quotes)
            elif k == FOR:  # `{for x in r.items}`: the body once per item, `x` read as a result while it runs
                items = self.lookup(p[2], p[3])
                if not isinstance(items, list):
                    raise ExpansionError(self.scen, f"loops over `{p[2]}`, which is no list in this row")
                first, last = len(quotes) if quotes is not None else 0, len(items) - 1
                for i, item in enumerate(items):
                    if i:  # `{sep}`, or `{lastsep}` before the last item
                        self.render(p[6] if i == last and p[6] is not None else p[5], user, out, static, quotes)
                    self.results[p[1]] = item
                    self.render(p[4], user, out, static, quotes)
                self.results.pop(p[1], None)
                if quotes is not None:  # an item's values are quoted from the result the loop reads
                    quotes[first:] = [(p[2], *q[1:]) if q[0] == p[1] else q for q in quotes[first:]]
            else:  # choice
                alternatives = p[1]
                self.render(alternatives[int(rng.random() * len(alternatives))], user, out, static, quotes)

    def lookup(self, base: str, path: tuple) -> Any:
        """The value at ``path`` in bound result ``base``.

        Raises:
            ExpansionError: this row's result has no such list item or field (the row is dropped and counted;
                e.g. ``{r[2].name}`` when the list has two items, or an absent optional field).
        """
        v = self.results[base]
        for key in path:
            if type(key) is str and type(v) is dict and key in v:  # the common case: a field that is there
                v = v[key]
                continue
            if isinstance(key, int):
                if not isinstance(v, list) or not (-len(v) <= key < len(v)):
                    n = len(v) if isinstance(v, list) else 0
                    raise ExpansionError(self.scen, f"reads item [{key}] of result `{base}`, which has {n} "
                                                    f"item{'s' if n != 1 else ''} in this row")
                v = v[key]
            else:
                if not isinstance(v, dict) or key not in v:
                    raise ExpansionError(self.scen, f"reads field `{key}` of result `{base}`, which is absent in "
                                                    f"this row")
                v = v[key]
        return v

    def add(self, message: Message, static: str | None) -> None:
        self.messages.append(message)
        self.static.append(static)

    # ------------------------------------------------------------------ steps

    def run(self) -> Conversation:
        ex, rng = self.ex, self.rng
        system = self.plan.system
        if system:
            text, static = system[int(rng.random() * len(system))]
            self.add(Message("system", text), static)
        tools = self.offered_tools()
        for step in self.plan.steps:
            kind = step[0]
            if kind == "user":
                _, templates, train_idx, test_idx, si = step
                pool = test_idx if self.split == "test" else train_idx
                ai = pool[int(rng.random() * len(pool))]
                self.template_ids.append(f"u{si}.{ai}")
                out: list[str] = []
                static: list[str] = []
                self.render(templates[ai], True, out, static)
                self.add(Message("user", "".join(out)), "".join(static))
            elif kind == "assistant":
                self.reply(step)
            else:
                self.call_step(step[1], step[2])
        return Conversation(self.messages, tools, self.decisions, "+".join(self.template_ids) or "-", self.lang,
                            self.draws, self.scen.aliases, self.scen.locale, self.now, self.calls, self.static,
                            self.quotes, self.relative, self.scen.name, self.alt_facts, tuple(self.unsaid))

    def reply(self, step: tuple) -> None:
        _, templates, expect, arms, choices = step
        rng = self.rng
        if arms:
            for cond, idx in arms:
                try:
                    hit = cond is None or truth(cond(self)) is True
                except BuiltinError as exc:
                    raise ExpansionError(self.scen, str(exc)) from None
                if hit:
                    choices = idx
                    break
            else:
                raise ExpansionError(self.scen, "no `case` arm holds in this row and there is no `else`")
        out: list[str] = []
        static: list[str] = []
        quotes: list = []
        written = choices[int(rng.random() * len(choices))]
        self.render(templates[written], False, out, static, quotes)
        self.decisions.append(Decision(len(self.messages), expect))
        if quotes:
            self.quotes[len(self.messages)] = quotes
            others = other_facts(self, templates, choices, written) if len(choices) > 1 else ()
            if others:  # what the other alternatives would quote: as right an answer (compiler.reply_facts)
                self.alt_facts[len(self.messages)] = others
        self.add(Message("assistant", "".join(out)), "".join(static))

    def offered_tools(self) -> list[dict[str, Any]]:
        """The scenario's tools plus ``distractors`` others from the dataset's tools, in random order."""
        rng = self.rng
        tools = list(self.plan.own_tools)
        lo, hi = self.ex.plan.distractors
        k = lo + int(rng.random() * (hi - lo + 1))
        if self.scen.smalltalk and not tools:
            k = max(k, 1)
        others = list(self.plan.other_tools)
        for _ in range(min(k, len(others))):  # partial Fisher-Yates: k distinct distractors
            tools.append(others.pop(int(rng.random() * len(others))))
        for i in range(len(tools) - 1, 0, -1):  # Fisher-Yates shuffle
            j = int(rng.random() * (i + 1))
            tools[i], tools[j] = tools[j], tools[i]
        return tools

    def call_step(self, calls: tuple[CallPlan, ...], any_confirm: bool) -> None:
        mentioned, results = self.mentioned, self.results
        # 1. clarify every required argument whose slot the user has not mentioned yet (both arguments a map slot
        #    pairs: one question each, for the part not said)
        for cp in calls:
            asked: set[str] = set()
            for a in cp.asks:
                if a.slot not in results and not self.said(a):
                    asked.add(a.slot + SAID_VALUE if a.answer_value else a.slot)
                    self.clarify(cp.tool, a)
            mentioned |= asked
        # 2. the calls (parallel when several)
        tool_calls: list[ToolCall] = []
        arg_slots: list[dict[str, str]] = []
        uses_results = False
        for cp in calls:
            args, slots, used = self.arguments(cp)
            uses_results |= used
            tool_calls.append(ToolCall(cp.name, args))
            arg_slots.append(slots)
        # 3. a tool with side effects: the assistant restates the calls and asks; the user confirms or declines
        if any_confirm:
            declined = any(cp.call.declined for cp in calls)
            self.confirm(calls, tool_calls, declined)
            if declined:
                return
        messages = self.messages
        decision = Decision(len(messages), "call", tuple(tool_calls), tuple(arg_slots), uses_results=uses_results,
                            composed=tuple([cp.composed for cp in calls]))
        self.link_chains(decision)
        self.decisions.append(decision)
        self.add(Message("assistant", "", tuple(tool_calls)), None)
        # 4. one tool message per call, in call order
        rng, now = self.rng, self.now
        for cp, tc in zip(calls, tool_calls):
            call = cp.call
            fails = None
            if call.fails is not None:
                percent = call.fails_percent or cp.result.errors.rate(call.fails) or 100.0
                fails = call.fails if rng.random() * 100 < percent else None
            try:
                result = cp.result(tc.arguments, rng, now, fails)
            except SimulationError as exc:
                raise ExpansionError(self.scen, f"`{cp.name}` cannot answer {dumps(tc.arguments)}: {exc}",
                                     "execution", "simulation") from None
            if call.bind:
                results[call.bind] = result
            self.calls.append(CallTrace(cp.name, tc.arguments, result, len(messages), call.bind, fails))
            self.add(Message("tool", dumps(result), name=cp.name), None)

    def said(self, a: ArgPlan) -> bool:
        """Whether the user said what argument ``a`` passes of its slot (:meth:`said_part`)."""
        return self.said_part(a.slot, value=a.answer_value, surface=a.kind != "slotarg")

    def said_part(self, slot: str, value: bool = False, surface: bool = False) -> bool:
        """Whether the user said the part of ``slot`` an argument (or a list item) passes: its ``value`` where a map
        pairs two arguments (:attr:`ArgPlan.answer_value`, :attr:`ArgPlan.paired`), its ``surface`` for
        ``slot.text``, else either (plan.SAID_VALUE)."""
        mentioned = self.mentioned
        if value:
            return slot + SAID_VALUE in mentioned
        return slot in mentioned or (not surface and slot + SAID_VALUE in mentioned)

    def arguments(self, cp: CallPlan) -> tuple[dict[str, Any], dict[str, str], bool]:
        """The arguments of one call: ``(arguments, argument -> slot alias, whether a result fed them)``."""
        mentioned, results = self.mentioned, self.results
        args: dict[str, Any] = {}
        slots: dict[str, str] = {}
        uses_results = False
        for a in cp.args:
            e = a.expr
            k = a.kind
            if k == "slotarg":
                name = e.name
                if a.slot_or_result and name in results:
                    value = results[name]
                    uses_results = True
                elif self.said(a):
                    value = self.draw(name).value
                    slots[a.name] = name
                    if a.relative:
                        self.relative = True
                else:
                    continue  # optional and never mentioned: left out
            elif k == "resultarg":
                if e.base not in results and e.path == ("text",):  # `city.text`: the words the user said
                    if a.slot and not a.required and not self.said(a):
                        continue  # optional, and its words never said: left out
                    value = self.draw(e.base).surface
                else:
                    value = self.lookup(e.base, e.path)
                    uses_results = True
            elif k == "listarg":
                value = []
                for v in e.values:
                    if v.kind == "literal":
                        value.append(v.value)
                    elif v.kind == "slotarg" and v.name in results:
                        value.append(results[v.name])
                    elif v.kind == "slotarg":
                        if self.said_part(v.name, value=v.name in a.paired):
                            value.append(self.draw(v.name).value)
                    elif v.base not in results and v.path == ("text",):  # `[city.text]`: the user's words
                        if self.said_part(v.base, surface=True):
                            value.append(self.draw(v.base).surface)
                    else:
                        value.append(self.lookup(v.base, v.path))
                if not value and any(v.kind != "literal" for v in e.values):
                    continue  # none of its slots was mentioned
            else:
                value = e.value.value
            path = a.path
            if len(path) == 1 and not a.as_list:
                args[path[0]] = value
            else:
                put_argument(args, path, value, a.as_list)
        return args, slots, uses_results

    def confirm(self, calls: tuple[CallPlan, ...], tool_calls: list[ToolCall], declined: bool) -> None:
        """The confirmation turn before calls with side effects, and the user's yes or no."""
        texts = []
        statics = []
        worded: tuple[tuple[str, str], ...] = ()
        for cp, tc in zip(calls, tool_calls):
            if cp.confirm is None:
                continue
            ctx = ResultContext(apply_defaults(cp.tool, tc.arguments, self.ex.today, self.now), self.rng, self.now,
                                self.ex.today)
            try:
                text, static, words = render_confirm(cp, ctx, tc.arguments)
            except BuiltinError as exc:
                raise ExpansionError(self.scen, f"confirmation of `{cp.name}`: {exc}") from None
            texts.append(text)
            statics.append(static)
            worded += words
        sep = " " if self.lang not in ("zh", "ja") else ""
        question = sep.join(texts)
        self.decisions.append(Decision(len(self.messages), "confirm", pending=tuple(tool_calls), worded=worded))
        self.add(Message("assistant", question), sep.join(statics))
        answers = confirmations(self.scen.locale, not declined)
        answer = answers[int(self.rng.random() * len(answers))]
        self.add(Message("user", answer), answer)

    def clarify(self, tool: ir.ToolIR, arg: ArgPlan) -> None:
        self.ex.reads.append(("ask", tool.name, arg.name, self.scen.locale))  # what the row read (plan.question_text)
        question = arg.question
        if question is None:
            raise ExpansionError(self.scen, f"no clarification question for `{arg.name}` in {self.scen.locale}")
        self.decisions.append(Decision(len(self.messages), "clarify", missing=((tool.name, arg.name),)))
        self.add(Message("assistant", question), question)
        drawn = self.draw(arg.slot)
        self.add(Message("user", text_of(drawn.value) if arg.answer_value else drawn.surface), "")

    def link_chains(self, decision: Decision) -> None:
        """Marks the previous call decision as feeding ``decision`` when it uses results (``order`` perturbation)."""
        if decision.uses_results and self.last_call is not None:
            self.last_call.feeds_next = decision.index
        self.last_call = decision


_new_random = random.Random.__new__
_seed_random = _random.Random.seed


def _seeded(seed: int) -> random.Random:
    """``random.Random(seed)`` (the same state), without the Python-level ``__init__``/``seed`` layers of the
    standard library, which seed an int exactly this way (``_random.Random.seed``) and clear ``gauss_next``."""
    rng = _new_random(random.Random)
    _seed_random(rng, seed)
    rng.gauss_next = None
    return rng


#: Minutes of the day a row's reference instant may fall in: 07:00 .. 21:59 local.
_DAY_MINUTES = 15 * 60


def _reference_instant(ex: Expander, locale: str, rng: random.Random) -> _dt.datetime:
    """The row's "now": a minute of ``ex.today`` in the user's time zone (``languages.user_time_zone``), as an
    aware UTC datetime, so the user's local date is the reference date the system prompt states."""
    i = int(rng.random() * _DAY_MINUTES)
    table = ex.instants(locale)
    hit = table[i]
    if hit is None:
        hit = table[i] = _instant(ex.today, locale, 7 * 60 + i)
    return hit


def _instant(today: _dt.date, locale: str, minute: int) -> _dt.datetime:
    from zoneinfo import ZoneInfo

    local = _dt.datetime.combine(today, _dt.time(minute // 60, minute % 60), ZoneInfo(user_time_zone(locale)))
    return local.astimezone(_dt.timezone.utc)

