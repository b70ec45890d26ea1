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
import json
import random
from dataclasses import dataclass, field
from typing import Any, Callable

from dsl import ast

from . import ir
from .record import Expect, Message, ToolCall
from .slots import Draw, Sampler, faker_pool, stable_hash

_NO_RESULT = {"status": "success"}


@dataclass
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


@dataclass
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
        return tuple(d.expect for d in self.decisions)


class ExpansionError(Exception):
    """A scenario produced something invalid at build time; carries the scenario for the error message."""

    def __init__(self, scenario: ir.ScenarioIR, message: str) -> None:
        super().__init__(message)
        self.scenario = scenario


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


class _Row:
    """The state of expanding one row (kept out of Expander so expansion is re-entrant)."""

    def __init__(self, ex: Expander, scen: ir.ScenarioIR, seed: int, split: str) -> None:
        self.ex, self.scen, self.split = ex, scen, split
        self.rng = random.Random(seed)
        self.seed = seed
        self.draws: dict[str, Draw] = {}
        self.mentioned: set[str] = set()
        self.results: dict[str, Any] = {}
        self.messages: list[Message] = []
        self.decisions: list[Decision] = []
        self.template_ids: list[str] = []
        self.lang = language(scen.locale)

    def draw(self, alias: str) -> Draw:
        d = self.draws.get(alias)
        if d is None:
            slot_name = self.scen.aliases.get(alias, alias)
            avoid = {v.surface for a, v in self.draws.items() if self.scen.aliases.get(a, a) == slot_name}
            d = self.ex.sampler(slot_name).draw(self.rng, self.ex.today, self.split,
                                                 self.ex.percent if self.ex.hold_values else 0, avoid,
                                                 self.ex.slot_pools(slot_name))
            self.draws[alias] = d
        return d

    # ------------------------------------------------------------------ rendering

    def render(self, parts, user: bool, out: list[str]) -> None:
        rng = self.rng
        for p in parts:
            k = p.kind
            if k == "text":
                out.append(p.text)
            elif k == "slotref":
                name = p.alias or p.name
                if name in self.results and name not in self.scen.aliases and name not in self.ex.prog.slots:
                    out.append(_text_of(self.results[name]))
                    continue
                out.append(self.draw(name).surface)
                if user:
                    self.mentioned.add(name)
            elif k == "resultref":
                out.append(_text_of(self.lookup(p.base, p.path)))
            elif k == "optional":
                if rng.random() < 0.5:
                    self.render(p.parts, user, out)
            else:  # choice
                self.render(p.alternatives[int(rng.random() * len(p.alternatives))], user, out)

    def lookup(self, base: str, path: tuple) -> Any:
        v = self.results[base]
        for key in path:
            if isinstance(key, int):
                if not isinstance(v, list) or not (-len(v) <= key < len(v)):
                    raise ExpansionError(self.scen, f"result `{base}` has no item [{key}] in this row")
                v = v[key]
            else:
                if not isinstance(v, dict) or key not in v:
                    raise ExpansionError(self.scen, f"result `{base}` has no field `{key}` in this row "
                                                    f"(optional result fields may be absent)")
                v = v[key]
        return v

    # ------------------------------------------------------------------ steps

    def run(self) -> Conversation:
        ex, scen, rng = self.ex, self.scen, self.rng
        plan = ex.plan
        system = plan.system[int(rng.random() * len(plan.system))] if plan.system else None
        if system is not None:
            self.messages.append(Message("system", system))
        tools = self.offered_tools()
        for si, step in enumerate(scen.node.steps):
            kind = step.kind
            if kind == "user":
                train_idx, test_idx = ex.template_choices(scen, si, len(step.alternatives))
                pool = test_idx if self.split == "test" else train_idx
                ai = pool[int(rng.random() * len(pool))]
                self.template_ids.append(f"u{si}.{ai}")
                out: list[str] = []
                self.render(step.alternatives[ai].parts, True, out)
                self.messages.append(Message("user", "".join(out)))
            elif kind == "assistant":
                ai = int(rng.random() * len(step.alternatives))
                out = []
                self.render(step.alternatives[ai].parts, False, out)
                self.decisions.append(Decision(len(self.messages), "clarify" if step.clarify else "none"))
                self.messages.append(Message("assistant", "".join(out)))
            else:
                self.call_step(step)
        self.link_chains()
        return Conversation(self.messages, tools, self.decisions, "+".join(self.template_ids) or "-", self.lang,
                            self.draws, scen.aliases)

    def offered_tools(self) -> list[dict[str, Any]]:
        """The scenario's tools plus ``distractors`` others from the dataset's tools, in random order."""
        ex, scen, rng = self.ex, self.scen, self.rng
        names, others = ex.tool_sets(scen)
        names = list(names)
        lo, hi = ex.plan.distractors
        k = lo + int(rng.random() * (hi - lo + 1))
        if scen.smalltalk and not names:
            k = max(k, 1)
        others = list(others)
        for _ in range(min(k, len(others))):  # partial Fisher-Yates: k distinct distractors
            names.append(others.pop(int(rng.random() * len(others))))
        for i in range(len(names) - 1, 0, -1):  # Fisher-Yates shuffle
            j = int(rng.random() * (i + 1))
            names[i], names[j] = names[j], names[i]
        tools = ex.prog.tools
        return [tools[n].definition for n in names]

    def call_step(self, step: ast.CallStep) -> None:
        prog = self.ex.prog
        # 1. clarify every required argument whose slot the user has not mentioned yet
        for call in step.calls:
            tool = prog.tools[call.tool]
            for arg in call.args:
                e = arg.expr
                if e.kind != "slotarg" or e.name in self.mentioned or e.name in self.results:
                    continue
                top = arg.name.split(".")[0]
                if top in tool.required:
                    self.clarify(tool, arg)
        # 2. the calls (parallel when several)
        calls: list[ToolCall] = []
        arg_slots: list[dict[str, str]] = []
        uses_results = False
        for call in step.calls:
            tool = prog.tools[call.tool]
            args: dict[str, Any] = {}
            slots: dict[str, str] = {}
            for arg in call.args:
                e = arg.expr
                if e.kind == "slotarg":
                    if e.name in self.results and e.name not in self.scen.aliases and e.name not in prog.slots:
                        value = self.results[e.name]
                        uses_results = True
                    elif e.name in self.mentioned:
                        value = self.draw(e.name).value
                        slots[arg.name] = e.name
                    else:
                        continue  # optional and never mentioned: left out
                elif e.kind == "resultarg":
                    value = self.lookup(e.base, e.path)
                    uses_results = True
                elif e.kind == "listarg":
                    value = [v.value for v in e.values]
                else:
                    value = e.value.value
                _put(args, arg.name, value, tool.node.params)
            calls.append(ToolCall(tool.name, args))
            arg_slots.append(slots)
        self.decisions.append(Decision(len(self.messages), "call", tuple(calls), tuple(arg_slots),
                                       uses_results=uses_results))
        self.messages.append(Message("assistant", "", tuple(calls)))
        # 3. one tool message per call, in call order
        for call, tc in zip(step.calls, calls):
            tool = prog.tools[call.tool]
            result = self.result_of(tool)
            if call.bind:
                self.results[call.bind] = result
            self.messages.append(Message("tool", json.dumps(result, ensure_ascii=False), name=tool.name))

    def clarify(self, tool: ir.ToolIR, arg: ast.Arg) -> None:
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

    def result_of(self, tool: ir.ToolIR) -> Any:
        if tool.node.returns is None:
            return dict(_NO_RESULT)
        # results speak the conversation's language: Faker values come from the scenario's locale
        return value_generator(tool.node.returns, self.scen.locale, self.ex.today)(self.rng)

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


def _put(args: dict[str, Any], dotted: str, value: Any, params: tuple[ast.Param, ...]) -> None:
    """Sets ``args[a][b] = value`` for ``a.b``; wraps a scalar into a list for list-typed parameters."""
    parts = dotted.split(".")
    p = _param_at(params, dotted)
    if p is not None and isinstance(p.type, ast.ListType) and not isinstance(value, list):
        value = [value]
    cur = args
    for part in parts[:-1]:
        cur = cur.setdefault(part, {})
    cur[parts[-1]] = value


def _text_of(v: Any) -> str:
    if isinstance(v, str):
        return v
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        return str(v)
    return json.dumps(v, ensure_ascii=False)


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
                                     tuple((k, v.value) for k, v in source.kwargs), today))
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
