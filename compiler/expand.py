"""Expansion stage: one scenario + one row seed -> one concrete conversation (input: ir.ScenarioIR; output: Conversation).

Semantics (docs/language.md): slot surfaces go into the user's words and slot values into arguments;
an argument whose slot the user never mentioned is dropped when optional and asked for when required
(clarification turn, then the user's answer, then the call); results are generated from the tool's
``returns`` shape and feed later arguments and replies. All randomness comes from one
``random.Random(row_seed)`` plus the locale's Faker re-seeded with the same seed, so a row depends only on
(dataset seed, scenario name, row index) and the reference date.
"""

from __future__ import annotations

import datetime as _dt
import random
from dataclasses import dataclass, field
from typing import Any, Callable

from toolc.dsl import ast
from toolc.dsl.diagnostics import Label, SpecError
from toolc.dsl.span import Span
from toolc.vocab import Expect

from . import ir
from .record import Message, ToolCall, dumps
from .slots import Draw, Sampler, faker_pool, stable_hash

_NO_RESULT = {"status": "success"}


@dataclass(slots=True)
class Decision:
    """One assistant turn of a conversation, seen as a decision the model must make.

    Attributes:
        index: position of the assistant message in ``Conversation.messages``.
        expect: ``call`` | ``clarify`` | ``none``.
        calls: the calls of a ``call`` turn (empty otherwise).
        arg_slots: per call, argument name -> the slot alias that filled it (for near-miss perturbations).
        feeds_next: index of the next ``call`` decision that uses this turn's results (for ``order``), or -1.
    """

    index: int
    expect: Expect
    calls: tuple[ToolCall, ...] = ()
    arg_slots: tuple[dict[str, str], ...] = ()
    feeds_next: int = -1
    uses_results: bool = False


@dataclass(slots=True)
class Conversation:
    """The expansion of one row: messages, offered tools and the decisions in it."""

    messages: list[Message]
    tools: list[dict[str, Any]]
    decisions: list[Decision]
    template: str
    lang: str = "en"
    draws: dict[str, Draw] = field(default_factory=dict)
    aliases: dict[str, str] = field(default_factory=dict)  # the scenario's alias -> slot table

    @property
    def expects(self) -> tuple[Expect, ...]:
        return tuple([d.expect for d in self.decisions])


class ExpansionError(SpecError):
    """A scenario produced an invalid row while expanding (codes ``E601``..): a spec error found only on some rows.

    Attributes:
        scenario: the scenario that produced the row.
    """

    def __init__(self, scenario: ir.ScenarioIR, code: str, message: str, span: Span | None = None,
                 hint: str | None = None, labels: tuple[Label, ...] = ()) -> None:
        super().__init__(code, f"scenario `{scenario.name}` {message}", span or scenario.node.span, hint, (), labels)
        self.scenario = scenario


def binding_label(scen: ir.ScenarioIR, base: str) -> tuple[Label, ...]:
    """A secondary label at the call that binds result ``base`` in ``scen`` (none when it cannot be found)."""
    for step in scen.node.steps:
        for call in getattr(step, "calls", ()):
            if call.bind == base and call.span is not None:
                return (Label(call.span, f"`{base}` is bound here"),)
    return ()


_ASK_DEFAULT = {
    "zh": "请问您想要的{label}是什么？",
    "en": "Could you tell me the {label}?",
}


def text_language(text: str) -> str:
    """``zh`` when ``text`` contains CJK ideographs, else ``en`` (which built-in or ``ask`` text fits a row)."""
    return "zh" if any("\u4e00" <= ch <= "\u9fff" for ch in text) else "en"


def language(locale: str) -> str:
    """``zh`` for Chinese locales, else ``en`` (picks built-in default texts such as clarification questions)."""
    return "zh" if locale.lower().startswith("zh") else "en"


class Expander:
    """Expands the scenarios of one dataset plan.

    Args:
        prog: the checked program.
        plan: the dataset plan (with CLI overrides applied).
        today: the reference date for ``today``/relative dates.
    """

    def __init__(self, prog: ir.Program, plan: ir.DatasetIR, today: _dt.date) -> None:
        self.prog, self.plan, self.today = prog, plan, today
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
        self._pools: dict[str, tuple] = {}
        self._tool_sets: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {}
        self._samplers: dict[str, Sampler] = {}
        self._held: dict[tuple[str, int], tuple[list[int], list[int]]] = {}
        self._plans: dict[str, _ScenarioPlan] = {}
        self._slot_draws: dict[str, tuple[Sampler, tuple]] = {}
        self.value_percent = self.percent if self.hold_values else 0

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
            hit = (own, tuple(t for t in self.tool_pool if t not in own))
            self._tool_sets[scen.name] = hit
        return hit

    def sampler(self, name: str) -> Sampler | None:
        """The slot's sampler for this build's reference date (Faker pools depend on it), built on first use:
        a dataset that uses few of the program's slots draws no pools for the rest."""
        s = self._samplers.get(name)
        if s is None and name in self.prog.slots:
            s = self._samplers[name] = self.prog.slots[name].sampler.at_date(self.today)
        return s

    def slot_pools(self, name: str) -> tuple:
        """Train and test pools of a slot for this build (held-out values only in test)."""
        if name not in self._pools:
            self._pools[name] = self.sampler(name).pools(self.percent if self.hold_values else 0)
        return self._pools[name]

    def slot_draw(self, name: str) -> tuple[Sampler, tuple]:
        """``(sampler, pools)`` of a slot, for drawing (cached: expansion draws several per row)."""
        hit = self._slot_draws.get(name)
        if hit is None:
            hit = self._slot_draws[name] = (self.sampler(name), self.slot_pools(name))
        return hit

    def scenario_plan(self, scen: ir.ScenarioIR) -> _ScenarioPlan:
        """The scenario's steps with everything that does not depend on the row resolved (built on first use)."""
        plan = self._plans.get(scen.name)
        if plan is None:
            plan = self._plans[scen.name] = _plan_scenario(self, scen)
        return plan

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
            ExpansionError: when a result path does not exist in a generated result (an empty list).
        """
        return _Row(self, scen, row_seed, split).run()


# ---------------------------------------------------------------------- scenario plans
#
# A scenario is compiled once per build into plain tuples, so that expanding a row walks no AST and repeats
# no lookup; the row's random draws happen in exactly the order the steps and templates define.

# Compiled template parts: (_TEXT, text) | (_SLOT, name, may_be_result) | (_RESULT, base, path, span)
# | (_OPTIONAL, parts) | (_CHOICE, (parts, ...)).
_TEXT, _SLOT, _RESULT, _OPTIONAL, _CHOICE = range(5)


@dataclass(frozen=True)
class _ArgPlan:
    """One argument of a call with its static facts resolved.

    Attributes:
        name: the (dotted) argument name; ``path`` is it split at dots.
        expr: the argument expression.
        slot_or_result: for a slot argument, whether its name may refer to a bound result instead (it is
            neither an alias of the scenario nor a slot of the program).
        required: the top-level parameter is required (asked for when the user never mentioned it).
        as_list: the parameter is list-typed (a scalar value is wrapped into a list).
    """

    name: str
    path: tuple[str, ...]
    expr: Any
    slot_or_result: bool
    required: bool
    as_list: bool


@dataclass(frozen=True)
class _CallPlan:
    """One call of a call step: the tool (and its name), its compiled arguments and its result generator
    (``None``: no ``returns``, the result is ``{"status": "success"}``)."""

    call: ast.Call
    tool: ir.ToolIR
    name: str
    args: tuple[_ArgPlan, ...]
    result: Callable[[random.Random], Any] | None


@dataclass(frozen=True)
class _ScenarioPlan:
    """A compiled scenario: ``steps`` holds ``("user", templates, train_idx, test_idx, step_index)``,
    ``("assistant", templates, clarify)`` and ``("call", call_plans)`` in step order; ``templates`` are the
    step's alternatives compiled by :func:`_compile_parts`. ``own_tools`` and ``other_tools`` are the
    definitions of :meth:`Expander.tool_sets` (the scenario's tools; the possible distractors)."""

    steps: tuple[tuple, ...]
    lang: str
    own_tools: tuple[dict[str, Any], ...]
    other_tools: tuple[dict[str, Any], ...]


def _compile_parts(parts, scen: ir.ScenarioIR, prog: ir.Program) -> tuple:
    """Template parts (AST) -> the tuples :meth:`_Row.render` walks (see the comment above)."""
    out = []
    for p in parts:
        k = p.kind
        if k == "text":
            out.append((_TEXT, p.text))
        elif k == "slotref":
            name = p.alias or p.name
            out.append((_SLOT, name, name not in scen.aliases and name not in prog.slots))
        elif k == "resultref":
            out.append((_RESULT, p.base, p.path, p.span))
        elif k == "optional":
            out.append((_OPTIONAL, _compile_parts(p.parts, scen, prog)))
        else:  # choice
            out.append((_CHOICE, tuple(_compile_parts(a, scen, prog) for a in p.alternatives)))
    return tuple(out)


def _plan_call(ex: Expander, scen: ir.ScenarioIR, call: ast.Call) -> _CallPlan:
    prog = ex.prog
    tool = prog.tools[call.tool]
    args = []
    for arg in call.args:
        e = arg.expr
        param = _param_at(tool.node.params, arg.name)
        args.append(_ArgPlan(
            name=arg.name, path=tuple(arg.name.split(".")), expr=e,
            slot_or_result=e.kind == "slotarg" and e.name not in scen.aliases and e.name not in prog.slots,
            required=arg.name.split(".")[0] in tool.required,
            as_list=param is not None and isinstance(param.type, ast.ListType)))
    # results speak the conversation's language: Faker values come from the scenario's locale
    result = None if tool.node.returns is None else value_generator(tool.node.returns, scen.locale, ex.today)
    return _CallPlan(call, tool, tool.name, tuple(args), result)


def _plan_scenario(ex: Expander, scen: ir.ScenarioIR) -> _ScenarioPlan:
    prog = ex.prog
    steps: list[tuple] = []
    for si, step in enumerate(scen.node.steps):
        if step.kind == "user":
            train_idx, test_idx = ex.template_choices(scen, si, len(step.alternatives))
            templates = tuple(_compile_parts(t.parts, scen, prog) for t in step.alternatives)
            steps.append(("user", templates, tuple(train_idx), tuple(test_idx), si))
        elif step.kind == "assistant":
            templates = tuple(_compile_parts(t.parts, scen, prog) for t in step.alternatives)
            steps.append(("assistant", templates, step.clarify))
        else:
            steps.append(("call", tuple(_plan_call(ex, scen, c) for c in step.calls)))
    own, others = ex.tool_sets(scen)
    return _ScenarioPlan(tuple(steps), language(scen.locale), tuple(prog.tools[n].definition for n in own),
                         tuple(prog.tools[n].definition for n in others))


class _Row:
    """The state of expanding one row (kept out of Expander so expansion is re-entrant)."""

    __slots__ = ("decisions", "drawn", "draws", "ex", "lang", "mentioned", "messages", "plan", "results", "rng",
                 "scen", "seed", "split", "template_ids")

    def __init__(self, ex: Expander, scen: ir.ScenarioIR, seed: int, split: str) -> None:
        self.ex, self.scen, self.split = ex, scen, split
        self.plan = ex.scenario_plan(scen)
        self.rng = random.Random(seed)
        self.seed = seed
        self.draws: dict[str, Draw] = {}
        self.drawn: dict[str, set[str]] = {}  # slot name -> surfaces drawn for it in this row
        self.mentioned: set[str] = set()
        self.results: dict[str, Any] = {}
        self.messages: list[Message] = []
        self.decisions: list[Decision] = []
        self.template_ids: list[str] = []
        self.lang = self.plan.lang

    def draw(self, alias: str) -> Draw:
        """The row's draw for a slot or alias: drawn on first use, avoiding surfaces other aliases of the same
        slot already drew."""
        d = self.draws.get(alias)
        if d is None:
            ex = self.ex
            slot_name = self.scen.aliases.get(alias, alias)
            avoid = self.drawn.setdefault(slot_name, set())
            sampler, pools = ex.slot_draw(slot_name)
            d = sampler.draw(self.rng, ex.today, self.split, ex.value_percent, avoid, pools)
            self.draws[alias] = d
            avoid.add(d.surface)
        return d

    # ------------------------------------------------------------------ rendering

    def render(self, parts: tuple, user: bool, out: list[str]) -> None:
        """Appends the text of compiled template ``parts`` to ``out`` (``user``: slots used count as mentioned)."""
        rng = self.rng
        for p in parts:
            k = p[0]
            if k == _TEXT:
                out.append(p[1])
            elif k == _SLOT:
                name = p[1]
                if p[2] and name in self.results:
                    out.append(_text_of(self.results[name]))
                    continue
                out.append(self.draw(name).surface)
                if user:
                    self.mentioned.add(name)
            elif k == _RESULT:
                out.append(_text_of(self.lookup(p[1], p[2], p[3])))
            elif k == _OPTIONAL:
                if rng.random() < 0.5:
                    self.render(p[1], user, out)
            else:  # choice
                alternatives = p[1]
                self.render(alternatives[int(rng.random() * len(alternatives))], user, out)

    def lookup(self, base: str, path: tuple, span: Span | None = None) -> Any:
        """The value at ``path`` in bound result ``base``; ``span`` is where the spec reads it (for errors).

        Raises:
            ExpansionError: E602 (no such list item in this row) or E603 (a field absent in this row).
        """
        v = self.results[base]
        for key in path:
            if isinstance(key, int):
                if not isinstance(v, list) or not (-len(v) <= key < len(v)):
                    n = len(v) if isinstance(v, list) else 0
                    raise ExpansionError(self.scen, "E602", f"reads item [{key}] of result `{base}`, which has {n} "
                                         f"item{'s' if n != 1 else ''} in a generated row", span,
                                         hint="the list's item count allows fewer items than this index needs",
                                         labels=binding_label(self.scen, base))
                v = v[key]
            else:
                if not isinstance(v, dict) or key not in v:
                    raise ExpansionError(self.scen, "E603", f"reads field `{key}` of result `{base}`, which is absent "
                                         "in a generated row", span, hint="an optional result field may be absent",
                                         labels=binding_label(self.scen, base))
                v = v[key]
        return v

    # ------------------------------------------------------------------ steps

    def run(self) -> Conversation:
        ex, rng = self.ex, self.rng
        system = ex.plan.system
        if system:
            self.messages.append(Message("system", system[int(rng.random() * len(system))]))
        tools = self.offered_tools()
        for step in self.plan.steps:
            kind = step[0]
            if kind == "user":
                _, templates, train_idx, test_idx, si = step
                pool = test_idx if self.split == "test" else train_idx
                ai = pool[int(rng.random() * len(pool))]
                self.template_ids.append(f"u{si}.{ai}")
                out: list[str] = []
                self.render(templates[ai], True, out)
                self.messages.append(Message("user", "".join(out)))
            elif kind == "assistant":
                _, templates, clarify = step
                out = []
                self.render(templates[int(rng.random() * len(templates))], False, out)
                self.decisions.append(Decision(len(self.messages), "clarify" if clarify else "none"))
                self.messages.append(Message("assistant", "".join(out)))
            else:
                self.call_step(step[1])
        self.link_chains()
        return Conversation(self.messages, tools, self.decisions, "+".join(self.template_ids) or "-", self.lang,
                            self.draws, self.scen.aliases)

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

    def call_step(self, calls: tuple[_CallPlan, ...]) -> None:
        mentioned, results = self.mentioned, self.results
        # 1. clarify every required argument whose slot the user has not mentioned yet
        for cp in calls:
            for a in cp.args:
                e = a.expr
                if e.kind != "slotarg" or e.name in mentioned or e.name in results:
                    continue
                if a.required:
                    self.clarify(cp.tool, a)
        # 2. the calls (parallel when several)
        tool_calls: list[ToolCall] = []
        arg_slots: list[dict[str, str]] = []
        uses_results = False
        for cp in calls:
            args: dict[str, Any] = {}
            slots: dict[str, str] = {}
            for a in cp.args:
                e = a.expr
                k = e.kind
                if k == "slotarg":
                    if a.slot_or_result and e.name in results:
                        value = results[e.name]
                        uses_results = True
                    elif e.name in mentioned:
                        value = self.draw(e.name).value
                        slots[a.name] = e.name
                    else:
                        continue  # optional and never mentioned: left out
                elif k == "resultarg":
                    value = self.lookup(e.base, e.path, e.span)
                    uses_results = True
                elif k == "listarg":
                    value = [v.value for v in e.values]
                else:
                    value = e.value.value
                _put(args, a.path, value, a.as_list)
            tool_calls.append(ToolCall(cp.name, args))
            arg_slots.append(slots)
        self.decisions.append(Decision(len(self.messages), "call", tuple(tool_calls), tuple(arg_slots),
                                       uses_results=uses_results))
        self.messages.append(Message("assistant", "", tuple(tool_calls)))
        # 3. one tool message per call, in call order
        for cp in calls:
            result = dict(_NO_RESULT) if cp.result is None else cp.result(self.rng)
            if cp.call.bind:
                results[cp.call.bind] = result
            self.messages.append(Message("tool", dumps(result), name=cp.name))

    def clarify(self, tool: ir.ToolIR, arg: _ArgPlan) -> None:
        param = _param_at(tool.node.params, arg.name)
        label = (param.description or param.name.replace("_", " ")) if param else arg.name
        if param is not None and param.ask and text_language(param.ask) == self.lang:
            question = param.ask
        else:
            label = label if self.lang == "zh" else label[:1].lower() + label[1:]
            question = _ASK_DEFAULT[self.lang].format(label=label)
        self.decisions.append(Decision(len(self.messages), "clarify"))
        self.messages.append(Message("assistant", question))
        self.messages.append(Message("user", self.draw(arg.expr.name).surface))
        self.mentioned.add(arg.expr.name)

    def link_chains(self) -> None:
        """Marks call decisions whose results a later call uses (for the ``order`` perturbation)."""
        calls = [d for d in self.decisions if d.expect == "call"]
        for a, b in zip(calls, calls[1:]):
            if b.uses_results:
                a.feeds_next = b.index


def _param_at(params: tuple[ast.Param, ...], dotted: str) -> ast.Param | None:
    p = None
    fields = params
    for part in dotted.split("."):
        match = [f for f in fields if f.name == part]
        if not match:
            return None
        p = match[0]
        fields = p.type.fields if isinstance(p.type, ast.ObjectType) else ()
    return p


def _put(args: dict[str, Any], path: tuple[str, ...], value: Any, as_list: bool) -> None:
    """Sets ``args[a][b] = value`` for the path ``(a, b)``; wraps a scalar into a list when ``as_list``."""
    if as_list and not isinstance(value, list):
        value = [value]
    cur = args
    for part in path[:-1]:
        cur = cur.setdefault(part, {})
    cur[path[-1]] = value


def _text_of(v: Any) -> str:
    if isinstance(v, str):
        return v
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        return str(v)
    return dumps(v)


def generate_value(t, rng: random.Random, locale: str, today: _dt.date, source=None) -> Any:
    """A random value of a result type (``docs/language.md``, "Result shapes").

    Args:
        t: the type expression.
        rng: the row's random generator.
        locale: Faker locale for generated text (values come from seeded pools, see ``slots.faker_pool``).
        today: reference date; generated dates fall within a week of it.
        source: the field's value source (Faker provider or literal), if declared.

    Returns:
        a JSON value.
    """
    return value_generator(t, locale, today, source)(rng)


_GENERATORS: dict[tuple, tuple[Any, Callable[[random.Random], Any]]] = {}


def value_generator(t, locale: str, today: _dt.date, source=None) -> Callable[[random.Random], Any]:
    """Compiles a result type into a function ``rng -> value`` (cached: a build generates millions of values).

    The cache key holds the (immutable) type node itself, so an entry never outlives its node's identity.
    """
    key = (id(t), id(source), locale, today)
    hit = _GENERATORS.get(key)
    if hit is not None and hit[0] is t:
        return hit[1]
    fn = _compile(t, locale, today, source)
    if len(_GENERATORS) > 100_000:
        _GENERATORS.clear()
    _GENERATORS[key] = (t, fn)
    return fn


def _pick_from(pool: tuple | list) -> Callable[[random.Random], Any]:
    n = len(pool)
    return lambda rng: pool[int(rng.random() * n)]


def _compile(t, locale: str, today: _dt.date, source) -> Callable[[random.Random], Any]:
    if source is not None:
        if isinstance(source, ast.Literal_):
            value = source.value
            return lambda rng: value
        return _pick_from(faker_pool(locale, source.provider, tuple(a.value for a in source.args),
                                     tuple((k, v.value) for k, v in source.kwargs), today, span=source.span))
    if isinstance(t, ast.PrimType):
        n = t.name
        if n == "int":
            lo = int(t.lo) if t.lo is not None else 0
            hi = int(t.hi) if t.hi is not None else max(lo, 0) + 100
            span = hi - lo + 1
            return lambda rng: lo + int(rng.random() * span)
        if n == "float":
            flo = float(t.lo) if t.lo is not None else 0.0
            fhi = float(t.hi) if t.hi is not None else flo + 100.0
            return lambda rng: round(flo + (fhi - flo) * rng.random(), 1)
        if n == "bool":
            return lambda rng: rng.random() < 0.5
        if n == "date":
            return _pick_from([(today + _dt.timedelta(days=d)).isoformat() for d in range(-3, 8)])
        if n == "datetime":
            return _pick_from([_dt.datetime.combine(today, _dt.time(h, m)).isoformat()
                               for h in range(24) for m in (0, 15, 30, 45)])
        return _pick_from(faker_pool(locale, "word", (), (), today))
    if isinstance(t, ast.EnumType):
        return _pick_from(t.values)
    if isinstance(t, ast.ListType):
        lo = t.count_lo if t.count_lo is not None else 1
        hi = t.count_hi if t.count_hi is not None else max(lo, 3)
        item = _compile(t.item, locale, today, None)
        span = hi - lo + 1
        return lambda rng: [item(rng) for _ in range(lo + int(rng.random() * span))]
    # optional result fields are generated too: a later step may refer to them
    fields = [(f.name, _compile(f.type, locale, today, f.source)) for f in t.fields]
    return lambda rng: {name: gen(rng) for name, gen in fields}
