"""Lowering stage: checks names and types across all modules and builds the IR (input: dsl modules; output: ir.Program).

Every problem becomes a :class:`dsl.diagnostics.SpecError` in the collector; lowering goes on after an
error so one ``toolc check`` run reports them all. Names get did-you-mean hints (tools, slots,
parameters, Faker providers, result fields, formats, perturbations, locales).
"""

from __future__ import annotations

import fnmatch
import hashlib
from typing import Any, Iterable

from toolc.dsl import ast
from toolc.dsl.diagnostics import Diagnostics, Label, did_you_mean
from toolc.dsl.span import Span

from toolc.vocab import PERTURBATIONS

from . import ir
from .fits import fits_value, show_enum, show_value
from .languages import language, script_fits, tag_matches
from .lower_scenarios import ScenarioChecker
from .lower_results import check_confirm, check_param_types, check_result_shapes
from .schema import is_required, tool_definition
from .scopes import is_template_global
from .chat_control import find_chat_control, spec_chat_control
from .faker_args import argument_error
from .faker_providers import faker_providers, provider_signature
from .slots import PROBE_DATE, PROBE_DRAWS, PoolError, faker_pool, known_locales, make_sampler

DEFAULT_LOCALE = "en_US"


def lower(modules: Iterable[ast.Module], diags: Diagnostics, file_bytes: dict[str, bytes] | None = None,
          names: dict[str, str] | None = None, root: Any = None) -> ir.Program:
    """Checks every declaration and returns the IR (complete only when ``diags`` stays empty).

    Args:
        modules: parsed modules, imports before importers (as :func:`dsl.load.load_program` orders them).
        diags: collector that receives every spec error.
        file_bytes: raw bytes per module path, for the manifest's spec hashes.
        names: module path -> the name the build records (:func:`dsl.load.spec_name`: relative to the spec
            tree); default: the module path. Rows' ``source`` and the manifest's spec list use it.
        root: the spec tree (simulator files must lie inside it).

    Returns:
        the program IR; entries with errors are left out.
    """
    modules = list(modules)
    prog = ir.Program(root=root)
    names = names or {}
    for m in modules:
        data = (file_bytes or {}).get(m.path)
        digest = hashlib.sha256(data if data is not None else m.model_dump_json().encode()).hexdigest()
        prog.files[names.get(m.path, m.path)] = digest
    seen: dict[str, Span | None] = {}
    locales = {m.path: _check_locale(m, diags) for m in modules}
    for m in modules:
        if _no_chat_control(m.path, (file_bytes or {}).get(m.path)):
            continue
        for hit, node in spec_chat_control(m):
            diags.error("E206", f"chat-template control text `{hit}` in spec text", getattr(node, "span", None),
                        hint="a spec may not write a model's chat structure; remove it",
                        notes=("a tokenizer reads it as a special token wherever it stands, so it would start or "
                               "end turns the spec never declared",))

    slot_locales: dict[str, set[str]] = {}

    def claim(name: str, what: str, span: Span | None, locale: str | None = None) -> bool:
        if what == "slot" and name in slot_locales and locale not in slot_locales[name]:
            slot_locales[name].add(locale)  # a localized slot: one declaration per locale
            return True
        if name in seen:
            first = seen[name]
            diags.error("E105", f"duplicate name `{name}`", span,
                        labels=(Label(first, f"`{name}` is first declared here"),) if first else ())
            return False
        seen[name] = span
        if what == "slot":
            slot_locales[name] = {locale}
        return True

    # tools and slots first: scenarios refer to them across files
    for m in modules:
        for d in m.decls:
            if isinstance(d, ast.Tool) and claim(d.name, "tool", d.span):
                t = _lower_tool(d, names.get(m.path, m.path), locales[m.path], diags)
                if t:
                    prog.tools[d.name] = t
            elif isinstance(d, ast.Slot) and claim(d.name, "slot", d.span, locales[m.path]):
                s = _lower_slot(d, locales[m.path], diags)
                if s:
                    prog.slots.setdefault(d.name, s)
                    prog.slot_variants.setdefault(d.name, {})[locales[m.path]] = s
    check_result_shapes(prog, diags)
    # names declared but dropped for their own errors (and scenario names): referring to them is not a second
    # error; kept up to date here rather than copied per scenario (a copy each made 1,000 scenarios quadratic)
    broken = set(seen) - set(prog.tools) - set(prog.slots)
    declared: list[str] = []  # scenario names, those dropped for their own errors too
    for m in modules:
        for d in m.decls:
            if isinstance(d, ast.Scenario) and claim(d.name, "scenario", d.span):
                broken.add(d.name)
                declared.append(d.name)
                s = ScenarioChecker(d, names.get(m.path, m.path), locales[m.path], prog, diags, broken).run()
                if s:
                    prog.scenarios[d.name] = s
    for m in modules:
        for d in m.decls:
            if isinstance(d, ast.DatasetDecl) and claim(d.name, "dataset", d.span):
                prog.datasets[d.name] = _lower_dataset(d, prog, diags, declared)
    return prog


def _check_locale(m: ast.Module, diags: Diagnostics) -> str:
    if m.locale is None:
        return DEFAULT_LOCALE
    if m.locale not in known_locales():
        diags.error("E111", f"unknown locale `{m.locale}`", _first_span(m), hint=did_you_mean(m.locale, known_locales()))
        return DEFAULT_LOCALE
    return m.locale


def _first_span(m: ast.Module) -> Span | None:
    return Span(m.path, 1, 1, 1, 2)


# ---------------------------------------------------------------------------------------------- tools


def _no_chat_control(path: str, data: bytes | None) -> bool:
    """Whether a `.tool` file's text shows no string of its AST can hold chat-template control text, so the walk
    over its AST (:func:`spec_chat_control`, ~15 % of checking a 1,000-tool spec) can be skipped: without a
    backslash every string the parser makes is a run of the file's own characters (escapes are the only
    decoding, dsl.template._pieces), so control text in a string is control text in the file."""
    if data is None or not path.endswith(".tool") or b"\\" in data:
        return False
    try:
        return find_chat_control(data.decode("utf-8")) is None
    except UnicodeDecodeError:
        return False


def _lower_tool(t: ast.Tool, path: str, locale: str, diags: Diagnostics) -> ir.ToolIR | None:
    before = len(diags.errors)
    _check_fields(t.params, diags, where=f"tool `{t.name}`", locale=locale, result=False)
    check_param_types(t.params, diags, f"tool `{t.name}`")
    check_confirm(t, diags)
    if t.returns is not None:
        _check_type(t.returns, diags, locale, result=True)
    if len(diags.errors) != before:
        return None
    params = {p.name: p for p in t.params}
    return ir.ToolIR(node=t, definition=tool_definition(t), params=params,
                     required=tuple(p.name for p in t.params if is_required(p)), file=path, locale=locale)


def _check_fields(fields: tuple[ast.Param, ...], diags: Diagnostics, where: str, locale: str, result: bool) -> None:
    names: dict[str, Span | None] = {}
    for p in fields:
        if p.name in names:
            first = names[p.name]
            diags.error("E105", f"duplicate parameter `{p.name}` in {where}", p.span,
                        labels=(Label(first, "first declared here"),) if first else ())
        names[p.name] = p.span
        _check_type(p.type, diags, locale, result)
        if p.default is not None:
            err = _default_error(p)
            if err:  # JSON Schema does not check a default against its schema; a warning, as the tool says
                diags.warning("W202", err, p.default.span or p.span,
                              hint="the tool definition shows this default as written")
        if p.source is not None and result:
            if isinstance(p.source, ast.FakerSource):
                _check_faker(p.source, locale, diags, probe=True)
            elif isinstance(p.source, ast.Literal_) and fits_value(p.source.value, p.type) is not None:
                diags.error("E201", f"value {show_value(p.source.value)} does not fit field `{p.name}`: "
                            f"{fits_value(p.source.value, p.type)}", p.source.span or p.span)


def _check_type(t, diags: Diagnostics, locale: str, result: bool) -> None:
    if isinstance(t, ast.PrimType):
        if t.lo is not None and t.hi is not None and t.lo > t.hi:
            diags.error("E203", f"empty range {t.lo}..{t.hi}: the lower bound is above the upper bound", t.span)
    elif isinstance(t, ast.EnumType):
        if len(set(t.values)) != len(t.values):
            diags.error("E105", "duplicate value in enum", t.span)
    elif isinstance(t, ast.ListType):
        if t.count_lo is not None and t.count_hi is not None and t.count_lo > t.count_hi:
            diags.error("E203", f"empty item count {t.count_lo}..{t.count_hi}", t.span)
        _check_type(t.item, diags, locale, result)
    elif isinstance(t, ast.ObjectType):
        _check_fields(t.fields, diags, "object", locale, result)


def _default_error(p: ast.Param) -> str | None:
    d = p.default
    if isinstance(d, ast.Keyword):
        if isinstance(p.type, ast.PrimType) and p.type.name in ("date", "datetime", "string"):
            return None
        return f"`{d.name}` is a date default, but `{p.name}` is not a date"
    if isinstance(d, ast.ListValue):
        if not isinstance(p.type, ast.ListType):
            return f"a list default does not fit `{p.name}`, which is not a list"
        for v in d.values:
            err = fits_value(v.value, p.type.item)
            if err is not None:
                return f"default item {show_value(v.value)} does not fit `{p.name}`: {err}"
        return None
    if isinstance(p.type, ast.ListType):
        return f"default {show_value(d.value)} of list `{p.name}` is not a list (write `[{show_value(d.value)}]`)"
    err = fits_value(d.value, p.type)
    if err is None:
        return None
    if isinstance(p.type, ast.EnumType):
        return f"default {show_value(d.value)} of `{p.name}` is not one of {show_enum(p.type)}"
    return f"default {show_value(d.value)} does not fit `{p.name}`: {err}"


# ---------------------------------------------------------------------------------------------- slots


def _check_faker(src: ast.FakerSource, locale: str, diags: Diagnostics, probe: bool = False) -> bool:
    """Checks the provider name and its arguments' limits (:mod:`compiler.faker_args`); with ``probe``, also
    draws the probe pool (result fields, whose pools are otherwise first drawn by a build)."""
    providers = faker_providers(locale)
    if src.provider not in providers:
        diags.error("E104", f"unknown Faker provider `{src.provider}` for locale {locale}",
                    src.provider_span or src.span, hint=did_you_mean(src.provider, providers))
        return False
    bad = argument_error(src, provider_signature(locale, src.provider), providers)
    if bad is not None:
        diags.error("E204", bad[0], bad[1])
        return False
    if probe:
        try:
            faker_pool(locale, src.provider, tuple(a.value for a in src.args),
                       tuple((k, v.value) for k, v in src.kwargs), PROBE_DATE, PROBE_DRAWS)
        except PoolError as exc:
            diags.error(exc.code, str(exc), src.span)
            return False
    return True


def _lower_slot(s: ast.Slot, locale: str, diags: Diagnostics) -> ir.SlotIR | None:
    src = s.source
    if isinstance(src, ast.FakerSource):
        if not _check_faker(src, locale, diags):
            return None
    elif isinstance(src, ast.RangeSource):
        if src.lo > src.hi:
            diags.error("E203", f"empty range {src.lo}..{src.hi}: the lower bound is above the upper bound", src.span)
            return None
    elif isinstance(src, ast.MapSource):
        surfaces = [e.surface for e in src.entries]
        if len(set(surfaces)) != len(surfaces):
            diags.error("E105", f"duplicate surface text in slot `{s.name}`", src.span)
            return None
    try:
        sampler = make_sampler(s, locale)
    except PoolError as exc:
        diags.error(exc.code, str(exc), src.span)
        return None
    return ir.SlotIR(node=s, sampler=sampler, locale=locale)


# ---------------------------------------------------------------------------------------------- datasets


def _lower_dataset(d: ast.DatasetDecl, prog: ir.Program, diags: Diagnostics, declared: list[str]) -> ir.DatasetIR:
    """The dataset's IR; ``declared``: every scenario name the specs declare (a pattern that matches only scenarios
    dropped for their own errors is no second error: "no scenario matches `book`" below "unknown slot" in `book`)."""
    spans = d.setting_spans or {}
    base = ir.DatasetIR.default(d.name, tuple(prog.scenarios))
    names = list(prog.scenarios)
    chosen: list[str] = []
    for pat in d.scenarios:
        hits = [n for n in names if fnmatch.fnmatchcase(n, pat)]
        if not hits and not any(fnmatch.fnmatchcase(n, pat) for n in declared):
            diags.error("E108", f"no scenario matches `{pat}`", spans.get("scenarios", d.span),
                        hint=did_you_mean(pat, names))
        chosen += [h for h in hits if h not in chosen]
    from toolc.vocab import HOLDOUTS

    from .families import FORMATS_NOTE, format_problem

    for f in d.formats:
        problem = format_problem(f)
        if problem is not None:
            diags.error("E109", problem[0], spans.get("format", d.span), hint=problem[1], notes=(FORMATS_NOTE,))
    for p in d.perturb:
        if p not in PERTURBATIONS:
            diags.error("E110", f"unknown perturbation `{p}`", spans.get("perturb", spans.get("rm", d.span)),
                        hint=did_you_mean(p, PERTURBATIONS), notes=(f"perturbations: {', '.join(PERTURBATIONS)}",))
    if d.distractors is not None and d.distractors[0] > d.distractors[1]:
        diags.error("E203", f"empty range {d.distractors[0]}..{d.distractors[1]}", spans.get("distractors", d.span))
    from toolc.limits import MAX_ROWS, MAX_SEED

    for key in ("sft", "rm", "ppo"):
        count = getattr(d, key)
        if count is not None and count.n > MAX_ROWS:
            diags.error("E305", f"`{key}` asks for {count.n} rows; at most {MAX_ROWS:_} are allowed",
                        spans.get(key, d.span))
    if d.seed is not None and d.seed > MAX_SEED:
        diags.error("E305", f"seed {d.seed} is above the largest seed {MAX_SEED}", spans.get("seed", d.span))
    if d.test_percent is not None and not (0 <= d.test_percent < 100):
        diags.error("E305", f"test share must be in 0..<100 %, got {d.test_percent}%", spans.get("test", d.span))
    for h in d.holdout or ():
        if h not in HOLDOUTS:
            diags.error("E305", f"unknown holdout `{h}`", spans.get("test", d.span), hint=did_you_mean(h, HOLDOUTS))
    system = d.system or base.system
    _check_system_prompts(d, system, tuple(chosen) if d.scenarios else base.scenarios, prog, diags)
    return ir.DatasetIR(
        name=d.name,
        system=system,
        scenarios=tuple(chosen) if d.scenarios else base.scenarios,
        sft=d.sft or base.sft,
        rm=d.rm or base.rm,
        ppo=d.ppo or base.ppo,
        perturb=tuple(d.perturb) or base.perturb,
        distractors=d.distractors or base.distractors,
        test_percent=base.test_percent if d.test_percent is None else d.test_percent,
        holdout=base.holdout if d.holdout is None else tuple(d.holdout),
        formats=tuple(d.formats) or base.formats,
        seed=base.seed if d.seed is None else d.seed,
        span=d.span,
    )



def _check_system_prompts(d: ast.DatasetDecl, system: tuple[ast.LangText, ...], scenarios: tuple[str, ...],
                          prog: ir.Program, diags: Diagnostics) -> None:
    """Each scenario's language has a system prompt in that language, stating `{today}` where the scenario
    turns relative dates into dates (docs/language.md, "One language per conversation")."""
    span = (d.setting_spans or {}).get("system", d.span)
    reported: set[tuple[str, str]] = set()
    for name in scenarios:
        scen = prog.scenarios[name]
        locale = scen.locale
        tagged = [s for s in system if tag_matches(s.lang, locale)]
        prompts = tagged or [s for s in system if s.lang is None]
        if not prompts:
            if ("none", language(locale)) not in reported:
                reported.add(("none", language(locale)))
                diags.error("E307", f"dataset `{d.name}` has no system prompt for {locale} conversations "
                            f"(scenario `{name}`)", span,
                            hint=f"add one tagged with the language: `system {language(locale)} \"...\"`")
            continue
        for s in prompts:
            if s.lang is None and not script_fits(s.text, locale) and ("script", s.text) not in reported:
                reported.add(("script", s.text))
                diags.error("E309", f"system prompt {s.text[:30]!r} is not in the language of {locale} conversations "
                            f"(scenario `{name}`)", s.span or span,
                            hint=f"tag prompts with their language: `system {language(locale)} \"...\" | en \"...\"`")
        needs = _needs_today(scen, prog)
        if needs and any("{today}" not in s.text for s in prompts) and ("today", locale) not in reported:
            reported.add(("today", locale))
            diags.error("E308", f"scenario `{name}` {needs}, but a system prompt for its conversations does not state "
                        f"`{{today}}`", span,
                        hint="say the date in every system prompt: `\"... Today is {today}.\"`")


def _says_today(parts: Any, prog: ir.Program, scen: ir.ScenarioIR) -> bool:
    """Whether template parts write ``{today}`` (the reference date, where no slot or alias is so named)."""
    for p in parts:
        if isinstance(p, ast.SlotRef) and is_template_global(p, prog.slots, scen.aliases):
            return True
        if isinstance(p, ast.OptionalPart) and _says_today(p.parts, prog, scen):
            return True
        if isinstance(p, ast.ForPart) and _says_today(p.texts(), prog, scen):
            return True
        if isinstance(p, ast.ChoicePart) and any(_says_today(a, prog, scen) for a in p.alternatives):
            return True
    return False


def _needs_today(scen: ir.ScenarioIR, prog: ir.Program) -> str | None:
    """Why the scenario's rows need today's date in the prompt (``None``: they do not): a relative date (``明天``)
    becomes an argument, or a text says ``{today}``, which the model can only read from the prompt."""
    if _uses_relative_dates(scen, prog):
        return "turns relative dates into dates"
    for step in scen.node.steps:
        if isinstance(step, (ast.UserStep, ast.AssistantStep)) and \
                any(_says_today(t.parts, prog, scen) for t in step.alternatives):
            return "says `{today}`"
    return None


def _uses_relative_dates(scen: ir.ScenarioIR, prog: ir.Program) -> bool:
    for step in scen.node.steps:
        if isinstance(step, ast.CallStep):
            for call in step.calls:
                for arg in call.args:
                    if isinstance(arg.expr, ast.SlotArg):
                        slot = prog.slot_for(scen.aliases.get(arg.expr.name, arg.expr.name), scen.locale)
                        if slot is not None and isinstance(slot.node.source, ast.MapSource) and \
                                any(isinstance(e.value, ast.RelDate) for e in slot.node.source.entries):
                            return True
    return False
