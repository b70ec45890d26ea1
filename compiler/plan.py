"""Expansion stage, scenario plans: a checked scenario compiled once per build into plain tuples (input:
ir.ScenarioIR + the build's Expander; output: ScenarioPlan), so that expanding a row walks no AST and repeats no
lookup. Templates become tuples of parts, ``case`` conditions and ``{...}`` expressions become closures
(:mod:`compiler.exprs`), and every call gets its result source (:mod:`compiler.simulate`).
"""

from __future__ import annotations

import datetime as _dt
import functools
import random
import re
from dataclasses import dataclass
from typing import Any, Callable

from toolc.dsl import ast
from toolc.errors import BuildError

from . import ir
from .builtins import ABSENT, BuiltinError
from .exprs import Compiler, text_of
from .scopes import formatted_value, is_template_global, keyed_pick, result_origin, scenario_scope
from .languages import clarification, language, tag_matches
from .lower_results import confirm_word_refs
from .lower_scenarios import loop_item_type
from .simulate import ResultContext, ResultShape, apply_defaults
from .simulate import python as py_sim
from .simulate.errors import ToolErrors

class CallResults:
    """What a tool gives back for one call, in conversations of one locale: an error result when one of its
    ``error`` clauses holds for the arguments (or the scenario forces ``fails NAME``), else the result of its
    ``returns`` shape, of the user's simulator, or ``{"status": "success"}`` for a tool that declares none.

    Call it as ``(arguments, rng, now, fails=None)``; ``fails`` names an error to give.

    Raises:
        SimulationError: no result can be made for these arguments.
        SimulatorError: the user's simulator raised (a build error).
    """

    def __init__(self, ex: Any, tool: ir.ToolIR, locale: str) -> None:
        self.tool, self.today, self.locale = tool, ex.today, locale
        node = tool.node
        self.errors = ToolErrors(tool, ex.prog, locale, ex.today) if node.errors else None
        self.shape = None
        self.simulator = None
        if node.returns is not None and node.simulate is not None:
            if not ex.allow_simulators:
                raise BuildError(f"tool `{tool.name}` is simulated by Python code ({node.simulate}); "
                                 f"pass --allow-simulators to run it")
            path = py_sim.resolve(node.simulate, tool.file, ex.spec_root)
            self.simulator = py_sim.load(path, py_sim.split_ref(node.simulate)[1])
        elif node.returns is not None:
            self.shape = ResultShape(tool, ex.prog, locale, ex.today)

    def __call__(self, arguments: dict[str, Any], rng: random.Random, now: _dt.datetime, fails: str | None = None) -> Any:
        tool, node = self.tool, self.tool.node
        if self.errors is not None:
            ctx = ResultContext(apply_defaults(tool, arguments, self.today, now), rng, now, self.today)
            name = fails or self.errors.triggered(ctx)
            if name is not None:
                return self.errors.result(name, ctx)
            if self.shape is not None:
                return self.shape.run(ctx)
        if self.simulator is not None:
            sim_ctx = py_sim.SimulatorContext(random.Random(int(rng.random() * 2**63)), self.today, now, self.locale,
                                              tool.name)
            return py_sim.call(self.simulator, tool.name, node.simulate, apply_defaults(tool, arguments, self.today, now),
                               sim_ctx, node.simulate_span or node.span)
        if self.shape is not None:
            return self.shape(arguments, rng, now)
        return {"status": "success"}


# ---------------------------------------------------------------------- scenario plans
#
# A scenario is compiled once per build into plain tuples, so that expanding a row walks no AST and repeats
# no lookup; the row's random draws happen in exactly the order the steps and templates define.

# Compiled template parts: (TEXT, text) | (SLOT, name, may_be_result) | (RESULT, base, path)
# | (OPTIONAL, parts) | (CHOICE, (parts, ...)) | (EXPR, fn, origin, shown) | (VALUE, slot): `{mail.value}`
#   (`origin`: the result a quoted value comes from, or None; `shown`: for `{fmt(x, 2)}`, the function giving `x`,
#   the result value the text writes, or None: the value is the expression's own)
# | (FOR, var, base, path, parts, between, last): `{for x in base.path}parts{sep}between{lastsep}last{endfor}`
#   (`last` None: `between` before the last item too).
TEXT, SLOT, RESULT, OPTIONAL, CHOICE, EXPR, VALUE, FOR = range(8)

#: Appended to a slot's name in :attr:`compiler.expand._Row.mentioned` when the user said its value (`{x.value}`);
#: the bare name means its surface was said. A map's surface tells its value ("tomorrow": the date), except where
#: the surface and the value go to two arguments of one call (:attr:`ArgPlan.answer_value`): a column and the file
#: that holds it, a subject and its body. There the value is said only by saying it.
SAID_VALUE = "\x1fvalue"


@dataclass(frozen=True)
class ArgPlan:
    """One argument of a call with its static facts resolved.

    Attributes:
        name: the (dotted) argument name; ``path`` is it split at dots.
        expr: the argument expression.
        slot_or_result: for a slot argument, whether its name may refer to a bound result instead (it is
            neither an alias of the scenario nor a slot of the program).
        required: the top-level parameter is required (asked for when the user never mentioned it).
        as_list: the parameter is list-typed (a scalar value is wrapped into a list).
        kind: ``expr.kind`` (``slotarg``, ``resultarg``, ``listarg`` or ``literal``).
        relative: a slot argument whose slot's values are relative dates in the scenario's locale
            (``Expander.relative_slots``).
        question: for a required slot argument, the clarification question in the scenario's locale
            (:func:`compiler.languages.clarification`; ``None``: the language has none).
        slot: the slot a clarification answer comes from (a slot argument's name; ``slot.text``: ``slot``).
        answer_value: the user answers its question with the slot's value, not its surface: a map slot whose
            surface and value go to two arguments of the call (``subject=mail.text, body=mail``), a pair of texts
            asked for one by one (the subject, then the body), not words and their canonical value
            (``"摄氏": "celsius"``, answered "摄氏"). Such an argument is passed only once the user said the value
            (:data:`SAID_VALUE`), the surface's argument once they said the surface.
        paired: for a list argument, the slots of its items whose surface and value both go to arguments of the
            call (``files=[colfile], columns=[colfile.text]``): such an item is passed once the user said its value,
            as :attr:`answer_value` says for a single value.
    """

    name: str
    path: tuple[str, ...]
    expr: Any
    slot_or_result: bool
    required: bool
    as_list: bool
    kind: str = ""
    relative: bool = False
    question: str | None = None
    slot: str = ""
    answer_value: bool = False
    paired: frozenset[str] = frozenset()


@dataclass(frozen=True)
class CallPlan:
    """One call of a call step: the tool (and its name), its compiled arguments, its result source and, for a
    tool with side effects, its confirmation question."""

    call: ast.Call
    tool: ir.ToolIR
    name: str
    args: tuple[ArgPlan, ...]
    result: CallResults
    #: the tool has side effects: the restating question (a template over the arguments) in the conversation's
    #: language, asked before the call
    confirm: ast.Template | None = None
    #: the required slot arguments (and ``slot.text`` arguments of a slot another argument passes as a value),
    #: asked for when the user has not mentioned their slot
    asks: tuple[ArgPlan, ...] = ()
    #: the confirmation's words for argument values (``{priority_zh[priority]}``): ``(slot, parameter)`` -> the
    #: keyed pick of the conversation's declaration of the map slot (:func:`confirm_words`)
    words: dict[tuple[str, str], Any] | None = None
    #: the arguments the spec words in the assistant's name (:func:`composed_args`): an email's subject or body
    composed: tuple[str, ...] = ()


@dataclass(frozen=True)
class ScenarioPlan:
    """A compiled scenario: ``steps`` holds ``("user", templates, train_idx, test_idx, step_index)``,
    ``("assistant", templates, clarify, arms, all template indices)`` and ``("call", call_plans, any_confirm)`` in step order; ``templates`` are
    the step's alternatives compiled by :func:`_compile_parts`; ``arms`` (``case`` replies) is a tuple of
    ``(condition or None, template indices)``. ``own_tools`` and ``other_tools`` are the definitions of
    :meth:`compiler.expand.Expander.tool_sets` (the scenario's tools; the possible distractors)."""

    steps: tuple[tuple, ...]
    lang: str
    own_tools: tuple[dict[str, Any], ...]
    other_tools: tuple[dict[str, Any], ...]
    #: the system prompts for this build's reference date: ``(text, text without the date)``
    system: tuple[tuple[str, str], ...]
    relative_slots: frozenset[str]
    #: the slots and aliases the scenario's user turns may say (:func:`said_slots`): a reply that reads one of them
    #: in a row whose user never said it states a value nobody gave (``Conversation.unsaid``)
    user_slots: frozenset[str] = frozenset()


class TemplateCompiler:
    """Compiles one scenario's templates and conditions (the scope grows as results are bound)."""

    def __init__(self, ex: Any, scen: ir.ScenarioIR) -> None:
        from toolc.dsl.diagnostics import Diagnostics

        self.ex, self.scen, self.prog = ex, scen, ex.prog
        self.bindings: dict[str, str] = {}
        self.loops: dict[str, Any] = {}  # the variables of the loops being compiled -> their items' types
        self.compiler = Compiler(Diagnostics(), keyed_pick=self._keyed, random_choice=random_choice, join=True)

    def _keyed(self, slot, key, e, scope):
        return keyed_pick(slot, key, self.ex.today)

    def scope(self):
        return scenario_scope(self.prog, self.scen.locale, self.scen.aliases, self.bindings, self.loops)

    def parts(self, parts) -> tuple:
        """Template parts (AST) -> the tuples :meth:`compiler.expand._Row.render` walks (see the comment above)."""
        scen, prog = self.scen, self.prog
        out = []
        for p in parts:
            k = p.kind
            if k == "text":
                out.append((TEXT, p.text))
            elif k == "slotref" and is_template_global(p, prog.slots, scen.aliases, self.bindings):
                # `{today}`: the reference date (scopes.TEMPLATE_GLOBAL), where no slot, alias or result is so named
                # (quoted as a fact of the reply under its own name, so a reward checks the date the reply states)
                fn, _ = self.compiler.compile(ast.EName.make(name=p.name, span=p.span), self.scope())
                out.append((EXPR, fn, p.name, None))
            elif k == "slotref":
                name = p.alias or p.name
                out.append((SLOT, name, name not in scen.aliases and name not in prog.slots))
            elif k == "resultref" and p.base not in self.bindings and tuple(p.path) in (("text",), ("value",)):
                # `{city.text}` / `{mail.value}`: a slot's words / its value (lower_scenarios checked the names)
                if tuple(p.path) == ("text",):
                    out.append((SLOT, p.base, False))
                else:
                    out.append((VALUE, p.base))
            elif k == "resultref":
                out.append((RESULT, p.base, p.path))
            elif k == "expr":
                scope = self.scope()
                fn, _ = self.compiler.compile(p.expr, scope)
                shown = formatted_value(p.expr)  # `{fmt(o.amount, 2)}`: quotes the amount, as the text says it
                origin = result_origin(p.expr if shown is None else shown, scope)
                raw = None if shown is None or origin is None else self.compiler.compile(shown, scope)[0]
                out.append((EXPR, fn, origin, raw))
            elif k == "optional":
                out.append((OPTIONAL, self.parts(p.parts)))
            elif k == "for":  # the separators are written between items: they read no item
                between, last = self.parts(p.between), None if p.last is None else self.parts(p.last)
                self.loops[p.var] = loop_item_type(prog, self.bindings, self.loops, p.base, p.path)
                out.append((FOR, p.var, p.base, p.path, self.parts(p.parts), between, last))
                del self.loops[p.var]
            else:  # choice
                out.append((CHOICE, tuple(self.parts(a) for a in p.alternatives)))
            if len(out) > 1 and out[-1][0] == TEXT and out[-2][0] == TEXT:  # one part for adjacent text
                out[-2:] = [(TEXT, out[-2][1] + out[-1][1])]
        return tuple(out)

    def condition(self, e) -> Callable:
        return self.compiler.compile(e, self.scope())[0]


def random_choice(fns):
    if len(fns) == 1:
        return fns[0]
    return lambda ctx: fns[int(ctx.rng.random() * len(fns))](ctx)


def question_text(prog: ir.Program, tool_name: str, arg_name: str, locale: str) -> str | None:
    """The question an assistant of a conversation in ``locale`` asks for argument ``arg_name`` of ``tool_name``
    when the user left it out (:func:`compiler.languages.clarification`; ``None``: none, or no such tool). Also
    what an incremental build compares to reuse rows that asked it (:mod:`compiler.cache`)."""
    tool = prog.tools.get(tool_name)
    if tool is None:
        return None
    return clarification(param_at(tool.node.params, arg_name), arg_name, locale, tool.locale)


def plan_call(ex: Any, scen: ir.ScenarioIR, call: ast.Call) -> CallPlan:
    prog = ex.prog
    tool = prog.tools[call.tool]
    relative = ex.relative_slots(scen.locale)
    # map slots whose surface and value both go to arguments (or to items of list arguments): each is asked for
    # on its own (ArgPlan.answer_value) and passed once its part was said
    exprs = [x for a in call.args for x in (a.expr.values if a.expr.kind == "listarg" else (a.expr,))]
    surfaces = {x.base for x in exprs if _surface_of_slot(x, scen, prog)}
    paired = surfaces & {x.name for x in exprs if x.kind == "slotarg"}
    args = []
    for arg in call.args:
        e = arg.expr
        param = param_at(tool.node.params, arg.name)
        slot = e.name if e.kind == "slotarg" else e.base if _surface_of_slot(e, scen, prog) else ""
        args.append(ArgPlan(
            name=arg.name, path=tuple(arg.name.split(".")), expr=e,
            slot_or_result=e.kind == "slotarg" and e.name not in scen.aliases and e.name not in prog.slots,
            required=arg.name.split(".")[0] in tool.required,
            as_list=param is not None and isinstance(param.type, ast.ListType), kind=e.kind,
            relative=e.kind == "slotarg" and scen.aliases.get(e.name, e.name) in relative,
            question=question_text(prog, call.tool, arg.name, scen.locale),
            slot=slot, answer_value=e.kind == "slotarg" and slot in paired,
            paired=frozenset(v.name for v in e.values if v.kind == "slotarg" and v.name in paired)
            if e.kind == "listarg" else frozenset()))
    # results speak the conversation's language: Faker values and localized slots come from its locale
    confirm = confirm_text(tool, scen.locale) if tool.node.confirm else None
    return CallPlan(call, tool, tool.name, tuple(args), ex.result_source(tool, scen.locale), confirm,
                    tuple(a for a in args if a.required and (a.kind == "slotarg" or a.slot in paired)),
                    confirm_words(prog, confirm, scen.locale, ex.today) if confirm is not None else None,
                    composed_args(tool, call))


#: What a worded value holds none of: the marks of code, paths, globs and conditions (`*.csv`, `status = 'x'`)
_NOT_WORDS = re.compile(r"[*/\\=<>_$\{\}\[\]|@#%~`^]|^[-+]")


def composed_args(tool: ir.ToolIR, call: ast.Call) -> tuple[str, ...]:
    """The arguments of ``call`` whose value the spec writes as words of the assistant's own: a literal text
    (``subject="Translation"``) of a free-text parameter (a JSON Schema ``string`` with no ``enum``, ``format`` or
    ``pattern``) holding a letter and no mark of code, a path or a glob (:data:`_NOT_WORDS`). Where the user never
    said such a value, another wording is as right (:func:`compiler.ground_truth.gold_calls`)."""
    props = tool.definition["function"]["parameters"].get("properties", {})
    out = []
    for arg in call.args:
        e, schema = arg.expr, props.get(arg.name)
        if e.kind != "literalarg" or not isinstance(e.value.value, str) or not isinstance(schema, dict):
            continue
        text = e.value.value
        if schema.get("type") == "string" and not schema.keys() & {"enum", "format", "pattern", "const"} and \
                re.search(r"[^\W\d_]", text) and not _NOT_WORDS.search(text):
            out.append(arg.name)
    return tuple(out)


def _surface_of_slot(e: Any, scen: ir.ScenarioIR, prog: ir.Program) -> bool:
    """``e`` is ``slot.text``: the words the user said for a slot (an alias of the scenario or a slot of the program),
    not a field of a result."""
    return e.kind == "resultarg" and e.path == ("text",) and (e.base in scen.aliases or e.base in prog.slots)


def plan_scenario(ex: Any, scen: ir.ScenarioIR) -> ScenarioPlan:
    prog = ex.prog
    comp = TemplateCompiler(ex, scen)
    steps: list[tuple] = []
    for si, step in enumerate(scen.node.steps):
        if step.kind == "user":
            train_idx, test_idx = ex.template_choices(scen, si, len(step.alternatives))
            templates = tuple(comp.parts(t.parts) for t in step.alternatives)
            steps.append(("user", templates, tuple(train_idx), tuple(test_idx), si))
        elif step.kind == "assistant":
            templates = tuple(comp.parts(t.parts) for t in step.alternatives)
            arms: tuple = ()
            if step.case is not None:
                arms_l, i = [], 0
                for arm in step.case.arms:
                    n = len(arm.values)
                    cond = comp.condition(arm.cond) if arm.cond is not None else None
                    arms_l.append((cond, tuple(range(i, i + n))))
                    i += n
                arms = tuple(arms_l)
            expect = "clarify" if step.clarify else "refuse" if step.refuse else "none"
            steps.append(("assistant", templates, expect, arms, tuple(range(len(templates)))))
        else:
            cps = tuple(plan_call(ex, scen, c) for c in step.calls)
            steps.append(("call", cps, any(cp.confirm is not None for cp in cps)))
            for c in step.calls:
                if c.bind:
                    comp.bindings[c.bind] = c.tool
    own, others = ex.tool_sets(scen)
    lang = language(scen.locale)
    today_iso = ex.today.isoformat()
    system = tuple((text, text.replace(today_iso, ""))
                   for text in (render_system(t, ex.today) for t in system_prompts(ex.plan, scen.locale)))
    said: set[str] = set()
    for st in steps:
        if st[0] == "user":
            for t in st[1]:
                said_slots(t, said)
    return ScenarioPlan(tuple(steps), lang, tuple(prog.tools[n].definition for n in own),
                         tuple(prog.tools[n].definition for n in others), system, ex.relative_slots(scen.locale),
                         frozenset(said))


def said_slots(parts: tuple, out: set[str]) -> None:
    """Adds to ``out`` the slots and aliases compiled template ``parts`` say (``{city}``, ``{mail.value}``), in
    optional parts, choices and loops too."""
    for p in parts:
        k = p[0]
        if k == SLOT or k == VALUE:
            out.add(p[1])
        elif k == OPTIONAL:
            said_slots(p[1], out)
        elif k == CHOICE:
            for alternative in p[1]:
                said_slots(alternative, out)
        elif k == FOR:
            for inner in (p[4], p[5], p[6] or ()):
                said_slots(inner, out)


def put_argument(args: dict[str, Any], path: tuple[str, ...], value: Any, as_list: bool) -> None:
    """Sets ``args[a][b] = value`` for an argument's path ``(a, b)`` (:attr:`ArgPlan.path`); wraps a scalar into a
    list when ``as_list``."""
    if as_list and not isinstance(value, list):
        value = [value]
    cur = args
    for part in path[:-1]:
        cur = cur.setdefault(part, {})
    cur[path[-1]] = value


def confirm_text(tool: ir.ToolIR, locale: str) -> ast.Template | None:
    """The tool's ``confirm`` text for conversations in ``locale``: the one tagged with its language, else an
    untagged one in its script (``None``: none; ``toolc check`` reports that)."""
    from .languages import script_fits

    texts = tool.node.confirm
    for t in texts:
        if tag_matches(t.lang, locale):
            return t.template
    for t in texts:
        if t.lang is None and script_fits(t.text, locale):
            return t.template
    return None


def confirm_words(prog: ir.Program, confirm: ast.Template, locale: str,
                  today: _dt.date) -> dict[tuple[str, str], Any] | None:
    """The keyed picks a confirmation reads (``{priority_zh[priority]}``: the words of the conversation's
    language for an argument's value), each from the declaration of the map slot for ``locale``
    (:meth:`compiler.ir.Program.slot_for`); ``None`` when it reads none. ``toolc check`` has proved each slot a
    map with an entry for every value of the enum parameter (E106, E315)."""
    words = {}
    for _, slot, param in confirm_word_refs(confirm.parts):
        words[slot, param] = keyed_pick(prog.slot_for(slot, locale), lambda ctx, p=param: ctx.args.get(p, ABSENT),
                                        today)[0]
    return words or None


def render_confirm(cp: CallPlan, ctx: Any, passed: dict[str, Any]) -> tuple[str, str, tuple[tuple[str, str], ...]]:
    """The confirmation question of one call (``cp.confirm`` over the arguments in ``ctx``, a ResultContext, which
    hold every default): ``{name}`` is an argument (a list reads as its items joined by ``, ``), ``{slot[name]}``
    the words a map slot gives the argument's value (``cp.words``); ``[...]`` is kept only when every argument
    inside it was passed (is in ``passed``, the call's own arguments): a default the user never asked for is not
    restated (docs/language.md, "Confirmation before side effects").

    Returns:
        ``(question, static, worded)``: the question, the template's own text in it (no argument values: what the
        language check reads, since a value may quote another language -- a translation sent by email; a map
        slot's words for a value are the template's own), and ``(value, words)`` for each ``{slot[name]}``.

    Raises:
        BuiltinError: a placeholder outside ``[...]`` reads an argument the call did not pass (and that has no
            default).
    """
    out: list[str] = []
    static: list[str] = []
    worded: list[tuple[str, str]] = []
    if not _confirm_parts(cp.confirm.parts, ctx, cp.words, passed, False, out, static, worded):
        raise BuiltinError("the confirmation reads an argument the call does not pass; put it in `[...]`")
    return "".join(out), "".join(static), tuple(worded)


def _confirm_parts(parts: tuple, ctx: Any, words: dict | None, passed: dict[str, Any], inside: bool,
                   out: list[str], static: list[str], worded: list[tuple[str, str]]) -> bool:
    """Appends the text of ``parts`` (and to ``worded`` the ``(value, words)`` of each ``{slot[name]}``);
    ``False`` when an argument they read is absent (``inside`` a ``[...]``: not in ``passed``, a default does not
    count there)."""
    args = ctx.args
    for p in parts:
        if p.kind == "text":
            out.append(p.text)
            static.append(p.text)
        elif p.kind == "slotref":
            v = args.get(p.name, ABSENT)
            if v is ABSENT or (inside and p.name not in passed):
                return False
            out.append(", ".join(text_of(x) for x in v) if isinstance(v, list) else text_of(v))
        elif p.kind == "expr":  # `{slot[name]}`: the slot's words for the argument's value
            slot, name = p.expr.obj.name, p.expr.key.name
            word = words[slot, name](ctx) if name in args and not (inside and name not in passed) else ABSENT
            if word is ABSENT:
                return False
            out.append(text_of(word))
            static.append(text_of(word))
            worded.append((text_of(args[name]), text_of(word)))
        elif p.kind == "optional":
            inner: list[str] = []
            inner_static: list[str] = []
            inner_worded: list[tuple[str, str]] = []
            if _confirm_parts(p.parts, ctx, words, passed, True, inner, inner_static, inner_worded):
                out += inner
                static += inner_static
                worded += inner_worded
    return True


def system_prompts(plan: ir.DatasetIR, locale: str) -> tuple[str, ...]:
    """The dataset's system prompts for a conversation in ``locale``: those tagged with its language, else
    the untagged ones (docs/language.md, "One language per conversation")."""
    tagged = tuple(s.text for s in plan.system if tag_matches(s.lang, locale))
    return tagged or tuple(s.text for s in plan.system if s.lang is None)


def has_relative_dates(slot: ir.SlotIR | None) -> bool:
    return slot is not None and isinstance(slot.node.source, ast.MapSource) and \
        any(isinstance(e.value, ast.RelDate) for e in slot.node.source.entries)


@functools.lru_cache(maxsize=256)
def render_system(text: str, today: _dt.date) -> str:
    """A system prompt with ``{today}`` (``YYYY-MM-DD``) and ``{weekday}`` (English name) filled in."""
    return text.replace("{today}", today.isoformat()).replace("{weekday}", today.strftime("%A"))


def param_at(params: tuple[ast.Param, ...], dotted: str) -> ast.Param | None:
    p = None
    fields = params
    for part in dotted.split("."):
        match = [f for f in fields if f.name == part]
        if not match:
            return None
        p = match[0]
        fields = p.type.fields if isinstance(p.type, ast.ObjectType) else ()
    return p
