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

from . import ir
from toolc.vocab import PERTURBATIONS
from .schema import is_required, tool_definition
from .chat_control import spec_chat_control
from .faker_args import argument_error
from .slots import (PROBE_DATE, PROBE_DRAWS, PoolError, faker_for, faker_pool, faker_providers, json_kind, known_locales,
                    make_sampler)

DEFAULT_LOCALE = "en_US"


def lower(modules: Iterable[ast.Module], diags: Diagnostics, file_bytes: dict[str, bytes] | None = None,
          names: dict[str, str] | None = None) -> ir.Program:
    """Checks every declaration and returns the IR (complete only when ``diags`` stays empty).

    Args:
        modules: parsed modules, imports before importers (as :func:`dsl.load.load_program` orders them).
        diags: collector that receives every spec error.
        file_bytes: raw bytes per module path, for the manifest's spec hashes.
        names: module path -> the name the build records (:func:`dsl.load.spec_name`: relative to the spec
            tree); default: the module path. Rows' ``source`` and the manifest's spec list use it.

    Returns:
        the program IR; entries with errors are left out.
    """
    modules = list(modules)
    prog = ir.Program()
    names = names or {}
    for m in modules:
        data = (file_bytes or {}).get(m.path)
        digest = hashlib.sha256(data if data is not None else m.model_dump_json().encode()).hexdigest()
        prog.files[names.get(m.path, m.path)] = digest
    seen: dict[str, Span | None] = {}
    locales = {m.path: _check_locale(m, diags) for m in modules}
    for m in modules:
        for hit, node in spec_chat_control(m):
            diags.error("E206", f"chat-template control text `{hit}` in spec text", getattr(node, "span", None),
                        hint="a spec may not write a model's chat structure; remove it",
                        notes=("a tokenizer reads it as a special token wherever it stands, so it would start or "
                               "end turns the spec never declared",))

    def claim(name: str, what: str, span: Span | None) -> bool:
        if name in seen:
            first = seen[name]
            diags.error("E105", f"duplicate name `{name}`", span,
                        labels=(Label(first, f"`{name}` is first declared here"),) if first else ())
            return False
        seen[name] = span
        return True

    # tools and slots first: scenarios refer to them across files
    for m in modules:
        for d in m.decls:
            if isinstance(d, ast.Tool) and claim(d.name, "tool", d.span):
                t = _lower_tool(d, names.get(m.path, m.path), locales[m.path], diags)
                if t:
                    prog.tools[d.name] = t
            elif isinstance(d, ast.Slot) and claim(d.name, "slot", d.span):
                s = _lower_slot(d, locales[m.path], diags)
                if s:
                    prog.slots[d.name] = s
    for m in modules:
        for d in m.decls:
            if isinstance(d, ast.Scenario) and claim(d.name, "scenario", d.span):
                s = _ScenarioChecker(d, names.get(m.path, m.path), locales[m.path], prog, diags, set(seen)).run()
                if s:
                    prog.scenarios[d.name] = s
    for m in modules:
        for d in m.decls:
            if isinstance(d, ast.DatasetDecl) and claim(d.name, "dataset", d.span):
                prog.datasets[d.name] = _lower_dataset(d, prog, diags)
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


def _lower_tool(t: ast.Tool, path: str, locale: str, diags: Diagnostics) -> ir.ToolIR | None:
    before = len(diags.errors)
    _check_fields(t.params, diags, where=f"tool `{t.name}`", locale=locale, result=False)
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
        if p.source is not None:
            if isinstance(p.source, ast.FakerSource):
                _check_faker(p.source, locale, diags, probe=True)
            elif fits_value(p.source.value, p.type) is not None:
                diags.error("E201", f"value {_show(p.source.value)} does not fit field `{p.name}`: "
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
                return f"default item {_show(v.value)} does not fit `{p.name}`: {err}"
        return None
    if isinstance(p.type, ast.ListType):
        return f"default {_show(d.value)} of list `{p.name}` is not a list (write `[{_show(d.value)}]`)"
    err = fits_value(d.value, p.type)
    if err is None:
        return None
    if isinstance(p.type, ast.EnumType):
        return f"default {_show(d.value)} of `{p.name}` is not one of {_show_enum(p.type)}"
    return f"default {_show(d.value)} does not fit `{p.name}`: {err}"


def _show(v: Any) -> str:
    import json

    return json.dumps(v, ensure_ascii=False)


def _show_enum(t: ast.EnumType) -> str:
    return ", ".join(_show(v) for v in t.values)


def fits_value(v: Any, t) -> str | None:
    """Whether a literal value fits a parameter type; ``None`` if it does, else the reason."""
    k = json_kind(v)
    if isinstance(t, ast.EnumType):
        return None if v in t.values and not isinstance(v, bool) else f"not one of {_show_enum(t)}"
    if isinstance(t, ast.ListType):
        return fits_value(v, t.item)  # a scalar fills a one-element list
    if isinstance(t, ast.ObjectType):
        return "an object parameter takes its fields as dotted arguments (`filter.min=...`)"
    return fits_kind(k, t, lo=v if k in ("int", "float") else None, hi=v if k in ("int", "float") else None)


def fits_kind(kind: str, t, lo: float | None = None, hi: float | None = None, values: list | None = None) -> str | None:
    """Whether values of type tag ``kind`` (optionally within ``lo..hi`` or from ``values``) fit type ``t``."""
    if isinstance(t, ast.ListType):
        return fits_kind(kind, t.item, lo, hi, values)
    if isinstance(t, ast.ObjectType):
        return "an object parameter takes its fields as dotted arguments (`filter.min=...`)"
    if isinstance(t, ast.EnumType):
        if values is None:
            return f"its values are open-ended {kind}s, but the parameter takes only {_show_enum(t)}"
        bad = [v for v in values if v not in t.values or isinstance(v, bool)]
        return f"{_show(bad[0])} is not one of {_show_enum(t)}" if bad else None
    name = t.name
    ok = {
        "string": {"string", "date", "datetime"},
        "int": {"int"},
        "float": {"int", "float"},
        "bool": {"bool"},
        "date": {"date"},
        "datetime": {"datetime"},
    }[name]
    if kind not in ok:
        return f"it gives {_kind_name(kind)} values, but the parameter is {_kind_name(name)}"
    if name in ("int", "float"):
        if t.lo is not None and lo is not None and lo < t.lo:
            return f"its values reach {lo}, below the parameter's minimum {t.lo}"
        if t.hi is not None and hi is not None and hi > t.hi:
            return f"its values reach {hi}, above the parameter's maximum {t.hi}"
    return None


def _kind_name(k: str) -> str:
    return {"int": "integer", "float": "number", "bool": "boolean", "mixed": "mixed-type"}.get(k, k)


# ---------------------------------------------------------------------------------------------- slots


def _check_faker(src: ast.FakerSource, locale: str, diags: Diagnostics, probe: bool = False) -> bool:
    """Checks the provider name and its arguments' limits (:mod:`compiler.faker_args`); with ``probe``, also
    draws the probe pool (result fields, whose pools are otherwise first drawn by a build)."""
    providers = faker_providers(locale)
    if src.provider not in providers:
        diags.error("E104", f"unknown Faker provider `{src.provider}` for locale {locale}",
                    src.provider_span or src.span, hint=did_you_mean(src.provider, providers))
        return False
    bad = argument_error(src, getattr(faker_for(locale), src.provider), providers)
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


def slot_fit(sampler, t) -> str | None:
    """Whether every value a slot can give fits parameter type ``t`` (``None`` = fits, else the reason)."""
    values = [d.value for d in sampler.finite] if sampler.finite is not None else None
    if sampler.kind == "mixed":
        if values is None:
            return "its values have mixed types"
        for v in values:
            err = fits_value(v, t)
            if err:
                return err
        return None
    lo = sampler.lo if sampler.lo is not None else (min(values) if values and sampler.kind in ("int", "float") else None)
    hi = sampler.hi if sampler.hi is not None else (max(values) if values and sampler.kind in ("int", "float") else None)
    return fits_kind(sampler.kind, t, lo, hi, values)


# ---------------------------------------------------------------------------------------------- scenarios


def type_at(t, path: tuple[str | int, ...]):
    """The type at ``path`` inside a result shape, or ``(None, failing_index)``."""
    for i, key in enumerate(path):
        if isinstance(key, int):
            if not isinstance(t, ast.ListType):
                return None, i
            t = t.item
        else:
            if not isinstance(t, ast.ObjectType):
                return None, i
            match = [f for f in t.fields if f.name == key]
            if not match:
                return None, i
            t = match[0].type
    return t, -1


def _field_names(t) -> list[str]:
    return [f.name for f in t.fields] if isinstance(t, ast.ObjectType) else []


def type_kind(t) -> tuple[str, Any]:
    """Type tag (and enum values) of a result type, for checking result paths passed as arguments."""
    if isinstance(t, ast.PrimType):
        return t.name, None
    if isinstance(t, ast.EnumType):
        return ("int" if all(isinstance(v, int) for v in t.values) else "string"), list(t.values)
    return ("list" if isinstance(t, ast.ListType) else "object"), None


class _ScenarioChecker:
    """Checks one scenario: names, aliases, result bindings, argument types, required arguments."""

    def __init__(self, s: ast.Scenario, path: str, locale: str, prog: ir.Program, diags: Diagnostics,
                 declared: set[str]) -> None:
        self.s, self.path, self.locale, self.prog, self.diags = s, path, locale, prog, diags
        # names declared but dropped for their own errors: referring to them is not a second error
        self.broken = declared - set(prog.tools) - set(prog.slots)
        self.aliases: dict[str, str] = {}
        self.bindings: dict[str, str] = {}
        self.ok = True

    def err(self, *a, **k) -> None:
        self.ok = False
        self.diags.error(*a, **k)

    def run(self) -> ir.ScenarioIR | None:
        s = self.s
        if not s.steps:
            self.err("E304", f"scenario `{s.name}` has no steps", s.span, hint="add a `user \"...\"` turn")
            return None
        if not isinstance(s.steps[0], ast.UserStep):
            self.err("E304", f"scenario `{s.name}` must start with a `user` turn", s.steps[0].span or s.span)
        if s.weight <= 0:
            self.err("E305", f"weight must be positive, got {s.weight}", s.span)
        for name in s.tools:
            if name not in self.prog.tools and name not in self.broken:
                self.err("E101", f"unknown tool `{name}`", s.span, hint=did_you_mean(name, self.prog.tools))
        # aliases are scenario-wide: collect them first
        for step in s.steps:
            if isinstance(step, (ast.UserStep, ast.AssistantStep)):
                for tpl in step.alternatives:
                    self._collect_aliases(tpl.parts)
        called: list[str] = []
        for step in s.steps:
            if isinstance(step, (ast.UserStep, ast.AssistantStep)):
                for tpl in step.alternatives:
                    self._check_parts(tpl.parts, user=isinstance(step, ast.UserStep))
            else:
                new_bindings = {}
                for call in step.calls:
                    self._check_call(call)
                    if call.tool not in called:
                        called.append(call.tool)
                    if call.bind:
                        if call.bind in self.bindings or call.bind in new_bindings or call.bind in self.aliases:
                            self.err("E105", f"result name `{call.bind}` is already bound", call.span)
                        new_bindings[call.bind] = call.tool
                self.bindings.update(new_bindings)  # parallel calls cannot see each other's results
        if not self.ok:
            return None
        return ir.ScenarioIR(node=s, file=self.path, line=s.span.line if s.span else 0, locale=self.locale,
                             aliases=dict(self.aliases), bindings=dict(self.bindings), called=tuple(called),
                             extra_tools=tuple(s.tools), smalltalk=not called)

    def _collect_aliases(self, parts) -> None:
        for p in parts:
            if isinstance(p, ast.SlotRef):
                if p.alias:
                    if p.name not in self.prog.slots:
                        if p.name in self.broken:
                            self.aliases[p.alias] = p.name
                        continue  # reported by _check_parts
                    if p.alias in self.prog.slots:
                        self.err("E105", f"alias `{p.alias}` hides the slot of the same name", p.span)
                    elif self.aliases.get(p.alias, p.name) != p.name:
                        self.err("E105", f"alias `{p.alias}` already names slot `{self.aliases[p.alias]}`", p.span)
                    self.aliases[p.alias] = p.name
            elif isinstance(p, ast.OptionalPart):
                self._collect_aliases(p.parts)
            elif isinstance(p, ast.ChoicePart):
                for alt in p.alternatives:
                    self._collect_aliases(alt)

    def _names(self) -> list[str]:
        return list(self.prog.slots) + list(self.aliases) + list(self.bindings)

    def _check_parts(self, parts, user: bool) -> None:
        for p in parts:
            if isinstance(p, ast.SlotRef):
                if p.name in self.prog.slots or p.name in self.aliases or p.name in self.bindings or \
                        p.name in self.broken:
                    continue
                self.err("E102", f"unknown slot `{p.name}`", p.span, hint=did_you_mean(p.name, self._names()))
            elif isinstance(p, ast.ResultRef):
                self._check_result_path(p.base, p.path, p.span)
            elif isinstance(p, ast.OptionalPart):
                self._check_parts(p.parts, user)
            elif isinstance(p, ast.ChoicePart):
                for alt in p.alternatives:
                    self._check_parts(alt, user)

    def _check_result_path(self, base: str, path: tuple, span: Span | None):
        if base not in self.bindings:
            if base in self.prog.slots or base in self.aliases:
                self.err("E106", f"`{base}` is a slot, not a tool result; slots have no fields", span)
            else:
                self.err("E107", f"unknown result `{base}`", span,
                         hint=did_you_mean(base, self.bindings) or "bind a call's result with `-> name` before using it")
            return None
        tool = self.prog.tools.get(self.bindings[base])
        if tool is None:
            return None
        returns = tool.node.returns
        if returns is None:
            self.err("E106", f"tool `{tool.name}` declares no `returns` shape, so `{base}` has no fields", span)
            return None
        t, bad = type_at(returns, path)
        if t is None:
            key = path[bad]
            prefix_t, _ = type_at(returns, path[:bad])
            if isinstance(key, int):
                msg = f"`{_path_text(base, path[:bad])}` is not a list"
                self.err("E106", msg, span)
            else:
                self.err("E106", f"result of `{tool.name}` has no field `{key}`", span,
                         hint=did_you_mean(key, _field_names(prefix_t)))
        return t

    def _check_call(self, call: ast.Call) -> None:
        tool = self.prog.tools.get(call.tool)
        if tool is None:
            if call.tool in self.broken:
                self.ok = False
                return
            self.err("E101", f"unknown tool `{call.tool}`", call.tool_span or call.span,
                     hint=did_you_mean(call.tool, self.prog.tools))
            return
        given: set[str] = set()
        misspelt = False
        for arg in call.args:
            top = arg.name.split(".")[0]
            if arg.name in given:
                self.err("E105", f"argument `{arg.name}` is given twice", arg.span)
            given.add(top)
            param_t = self._param_type(tool, arg)
            if param_t is None:
                misspelt = True
                continue
            self._check_arg_value(tool, arg, param_t)
        missing = [r for r in tool.required if r not in given]
        if misspelt:  # an unknown argument name is most likely the missing one, misspelt: one error is enough
            return
        for r in missing:
            self.err("E301", f"required argument `{r}` of `{tool.name}` is never given", call.tool_span or call.span,
                     hint=f"pass it, e.g. `{r}=<slot>`; a slot the user does not mention makes the assistant ask for it")

    def _param_type(self, tool: ir.ToolIR, arg: ast.Arg):
        parts = arg.name.split(".")
        fields = tool.node.params
        t = None
        for i, part in enumerate(parts):
            match = [f for f in fields if f.name == part]
            if not match:
                where = f"`{tool.name}`" if i == 0 else f"`{'.'.join(parts[:i])}`"
                self.err("E103", f"{where} has no parameter `{part}`", arg.span,
                         hint=did_you_mean(part, [f.name for f in fields]))
                return None
            t = match[0].type
            if i < len(parts) - 1:
                if not isinstance(t, ast.ObjectType):
                    self.err("E103", f"`{'.'.join(parts[:i + 1])}` is not an object parameter", arg.span)
                    return None
                fields = t.fields
        return t

    def _check_arg_value(self, tool: ir.ToolIR, arg: ast.Arg, t) -> None:
        e = arg.expr
        where = f"argument `{arg.name}` of `{tool.name}`"
        if isinstance(e, ast.LiteralArg):
            err = fits_value(e.value.value, t)
            if err:
                self.err("E201", f"{where} gets {_show(e.value.value)}, which does not fit: {err}", e.span or arg.span)
        elif isinstance(e, ast.SlotArg):
            slot_name = self.aliases.get(e.name, e.name)
            if e.name in self.bindings:
                rt = self._check_result_path(e.name, (), e.span or arg.span)
                if rt is not None:
                    self._check_result_fit(where, rt, t, e.span or arg.span)
                return
            slot = self.prog.slots.get(slot_name)
            if slot is None:
                if slot_name in self.broken:
                    self.ok = False
                else:
                    self.err("E102", f"unknown slot `{e.name}`", e.span or arg.span, hint=did_you_mean(e.name, self._names()))
                return
            err = slot_fit(slot.sampler, t)
            if err:
                self.err("E201", f"slot `{e.name}` cannot fill {where}: {err}", e.span or arg.span)
        elif isinstance(e, ast.ResultArg):
            rt = self._check_result_path(e.base, e.path, e.span or arg.span)
            if rt is not None:
                self._check_result_fit(where, rt, t, e.span or arg.span)
        elif isinstance(e, ast.ListArg):
            if not isinstance(t, ast.ListType):
                self.err("E201", f"{where} is not a list parameter, so it cannot take a list", e.span or arg.span)
                return
            for v in e.values:
                err = fits_value(v.value, t.item)
                if err:
                    self.err("E201", f"{where} gets list item {_show(v.value)}, which does not fit: {err}",
                             v.span or e.span or arg.span)

    def _check_result_fit(self, where: str, rt, t, span) -> None:
        kind, values = type_kind(rt)
        if kind in ("list", "object"):
            if not (isinstance(t, ast.ListType) and kind == "list"):
                self.err("E201", f"{where} would get a {kind} from the tool result", span)
            return
        lo = getattr(rt, "lo", None)
        hi = getattr(rt, "hi", None)
        err = fits_kind(kind, t, lo, hi, values)
        if err and isinstance(t, ast.PrimType) and t.name in ("int", "float") and lo is None:
            err = None if kind in ("int", "float") and (t.name == "float" or kind == "int") else err
        if err:
            self.err("E201", f"the tool result cannot fill {where}: {err}", span)


def _path_text(base: str, path: tuple) -> str:
    out = base
    for k in path:
        out += f"[{k}]" if isinstance(k, int) else f".{k}"
    return out


# ---------------------------------------------------------------------------------------------- datasets


def _lower_dataset(d: ast.DatasetDecl, prog: ir.Program, diags: Diagnostics) -> ir.DatasetIR:
    spans = d.setting_spans or {}
    base = ir.DatasetIR.default(d.name, tuple(prog.scenarios))
    names = list(prog.scenarios)
    chosen: list[str] = []
    for pat in d.scenarios:
        hits = [n for n in names if fnmatch.fnmatchcase(n, pat)]
        if not hits:
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
    return ir.DatasetIR(
        name=d.name,
        system=d.system or base.system,
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

