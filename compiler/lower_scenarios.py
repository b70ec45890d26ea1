"""Lowering stage, scenarios: checks one scenario's names, aliases, result bindings, argument types, required
arguments, placeholders and ``case`` conditions, and its language (input: dsl.ast.Scenario + the IR's tools and
slots; output: ir.ScenarioIR, errors in the collector)."""

from __future__ import annotations

from typing import Any

from toolc.dsl import ast
from toolc.dsl.diagnostics import Diagnostics, did_you_mean
from toolc.dsl.span import Span
from toolc.dsl.template import static_text

from . import ir
from .exprs import show
from .scopes import TEMPLATE_GLOBAL, is_template_global, result_type
from .fits import fits_kind, fits_value, show_value, slot_fit
from .languages import clarification, language, script_fits
from .slots import PROBE_DATE


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


def loop_item_type(prog: ir.Program, bindings: dict[str, str], loops: dict[str, Any], base: str, path: tuple):
    """The type of one item of the list a checked ``{for x in base.path}`` loop runs over (``"any"``: not known);
    ``bindings``: result name -> tool, ``loops``: the enclosing loops' variables -> their items' types."""
    if base in loops:
        t = loops[base]
    else:
        tool = prog.tools.get(bindings.get(base, ""))
        t = result_type(tool)
    t, _ = type_at(t, path) if t != "any" else ("any", -1)
    return t.item if isinstance(t, ast.ListType) else "any"


def _field_names(t) -> list[str]:
    return [f.name for f in t.fields] if isinstance(t, ast.ObjectType) else []


def type_kind(t) -> tuple[str, Any]:
    """Type tag (and enum values) of a result type, for checking result paths passed as arguments."""
    if isinstance(t, ast.PrimType):
        return t.name, None
    if isinstance(t, ast.EnumType):
        return ("int" if all(isinstance(v, int) for v in t.values) else "string"), list(t.values)
    return ("list" if isinstance(t, ast.ListType) else "object"), None


class ScenarioChecker:
    """Checks one scenario: names, aliases, result bindings, argument types, required arguments."""

    def __init__(self, s: ast.Scenario, path: str, locale: str, prog: ir.Program, diags: Diagnostics,
                 broken: set[str]) -> None:
        self.s, self.path, self.locale, self.prog, self.diags = s, path, locale, prog, diags
        # names declared but dropped for their own errors: referring to them is not a second error
        self.broken = broken
        self.aliases: dict[str, str] = {}
        self.bindings: dict[str, str] = {}
        #: the variables of the `{for}` loops being checked -> their items' type
        self.loops: dict[str, Any] = {}
        self.separating: str | None = None  # the variable of the loop whose separators are being checked
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
        for name in s.tools + s.withhold:
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
                    self._check_language(tpl, step)
                if isinstance(step, ast.AssistantStep):
                    self._check_pretend(step)
                if isinstance(step, ast.AssistantStep) and step.case is not None:
                    for arm in step.case.arms:
                        if arm.cond is not None:
                            self._compile(arm.cond)
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
            elif isinstance(p, ast.ForPart):
                self._collect_aliases(p.texts())
            elif isinstance(p, ast.ChoicePart):
                for alt in p.alternatives:
                    self._collect_aliases(alt)

    def _names(self) -> list[str]:
        return list(self.prog.slots) + list(self.aliases) + list(self.bindings) + [TEMPLATE_GLOBAL]

    def _check_parts(self, parts, user: bool, words_only: bool = False) -> None:
        """Checks a template's parts; ``words_only`` (a ``pretend`` text): a result or an expression is E321."""
        for p in parts:
            if words_only and (isinstance(p, (ast.ExprRef, ast.ForPart)) or (isinstance(p, ast.ResultRef) and not (
                    tuple(p.path) == ("text",) and p.base not in self.bindings
                    and (p.base in self.prog.slots or p.base in self.aliases)))):
                self.err("E321", "a `pretend` text may hold the user's words only (slots), not results or "
                         "expressions", p.span, hint="write the made-up answer from the slots the user turns draw: "
                         "`{city}`, not `{w.temp}`")
                continue
            if isinstance(p, ast.SlotRef):
                if p.name in self.prog.slots or p.name in self.aliases or p.name in self.bindings or \
                        p.name in self.loops or p.name in self.broken or is_template_global(p):
                    continue
                self.err("E102", f"unknown slot `{p.name}`", p.span, hint=did_you_mean(p.name, self._names()))
            elif isinstance(p, ast.ResultRef) and p.base not in self.bindings and tuple(p.path) == ("value",) and \
                    (p.base in self.prog.slots or p.base in self.aliases):
                t = self._compile(ast.EName.make(name=p.base, span=p.span))  # `{mail.value}`: the slot's value
                if not user and t is not None:
                    self._check_reply_value(t, p.span, f"{p.base}.value")
            elif isinstance(p, ast.ResultRef):
                rt = self._check_result_path(p.base, p.path, p.span)
                if not user:
                    self._check_reply_value(rt, p.span, f"{p.base}{_path_suffix(p.path)}")
            elif isinstance(p, ast.ExprRef):
                t = self._compile(p.expr)
                if not user and t is not None:
                    self._check_reply_value(t, p.span, show(p.expr))
            elif isinstance(p, ast.OptionalPart):
                self._check_parts(p.parts, user, words_only)
            elif isinstance(p, ast.ChoicePart):
                for alt in p.alternatives:
                    self._check_parts(alt, user, words_only)
            elif isinstance(p, ast.ForPart):
                self._check_loop(p, user)

    def _check_loop(self, p: ast.ForPart, user: bool) -> None:
        """``{for x in r.items}...{endfor}``: a reply's loop over a list of a bound result, its variable a new name;
        the text between is checked with ``x`` read as one item."""
        if user:
            self.err("E322", "a user turn cannot loop over results", p.span,
                     hint="a user has seen no results; loop in an assistant reply")
            return
        if p.var in self.prog.slots or p.var in self.aliases or p.var in self.bindings or p.var in self.loops:
            self.err("E105", f"loop variable `{p.var}` is already a slot, alias or result", p.span,
                     hint="name the item with a new name: `{for item in ...}`")
            return
        t = self._check_result_path(p.base, p.path, p.span)
        self.separating = p.var
        self._check_parts(p.between + (p.last or ()), False)  # between items: no item to read
        self.separating = None
        item: Any = "any"
        if isinstance(t, ast.ListType):
            item = t.item
        elif t is not None and t != "any":
            self.err("E322", f"`{_path_text(p.base, p.path)}` is not a list", p.span,
                     hint="loop over a list of a result, such as `{for f in r.files}` or `{for d in w.days}`")
        self.loops[p.var] = item
        self._check_parts(p.parts, False)
        del self.loops[p.var]

    def _check_pretend(self, step: ast.AssistantStep) -> None:
        """``pretend`` texts: the scenario's language, and only the user's words (slots, choices, optional parts):
        a made-up answer is rendered for a row after the fact, where no result or expression is at hand (E321)."""
        for tpl in step.pretend:
            self._check_parts(tpl.parts, user=False, words_only=True)
            self._check_language(tpl, step)

    def _compile(self, e) -> object | None:
        """Checks an expression of the scenario (a placeholder, a `case` condition); returns its static type."""
        from .exprs import Compiler
        from .scopes import keyed_pick, scenario_scope

        scope = scenario_scope(self.prog, self.locale, self.aliases, self.bindings, self.loops)
        compiler = Compiler(self.diags, keyed_pick=lambda slot, key, e, sc: keyed_pick(slot, key, PROBE_DATE))
        _, t = compiler.compile(e, scope)
        if not compiler.ok:
            self.ok = False
            return None
        return t

    def _check_reply_value(self, t, span: Span | None, text: str) -> None:
        """A reply in a language other than English may not quote an English enum value as it is."""
        if language(self.locale) == "en" or not isinstance(t, ast.EnumType):
            return
        words = [v for v in t.values if isinstance(v, str) and v.isascii() and any(c.isalpha() for c in v)]
        if words:
            self.err("E310", f"`{{{text}}}` puts an English value ({words[0]!r}, ...) into a {self.locale} reply",
                     span, hint="map the values to words of the language with a map slot: "
                     f"`slot names = {{ {words[0]!r}: \"...\", ... }}`, then `{{names[{text}]}}`".replace("'", '"'))

    def _check_language(self, tpl: ast.Template, step) -> None:
        """Template text the scenario writes itself must be in its language's script."""
        text = "".join(static_text(tpl.parts))
        if not script_fits(text, self.locale):
            what = "user turn" if isinstance(step, ast.UserStep) else "reply"
            self.err("E309", f"this {what} is not in the language of the scenario's locale {self.locale}",
                     tpl.span or step.span, hint="write it in the scenario's language, or move the scenario to a "
                     "file with the right `locale`")

    def _check_result_path(self, base: str, path: tuple, span: Span | None):
        if base in self.loops:
            return self._check_path(self.loops[base], base, path, span, f"loop item `{base}`")
        if base not in self.bindings:
            if (base in self.prog.slots or base in self.aliases) and path == ("text",):
                return ast.PrimType.make(name="string")  # `city.text`: the words the user said for the slot
            if base in self.prog.slots or base in self.aliases:
                self.err("E106", f"`{base}` is a slot, not a tool result; slots have no fields", span)
            elif path == ("text",):  # `name.text`: the words said for a slot, or a result's `text` field
                self.err("E107", f"unknown slot or result `{base}`", span,
                         hint=did_you_mean(base, self._names()) or "declare the slot, or bind a call's result with "
                                                                   "`-> name` before using it")
            elif base == self.separating:
                self.err("E107", f"`{base}` is read between two items, where there is no item", span,
                         hint="`{sep}` and `{lastsep}` start the text between items: read the item before them")
            else:
                self.err("E107", f"unknown result `{base}`", span,
                         hint=did_you_mean(base, self.bindings) or "bind a call's result with `-> name` before using it")
            return None
        tool = self.prog.tools.get(self.bindings[base])
        if tool is None:
            return None
        returns = result_type(tool)
        if returns == "any" and path:
            if tool.node.returns is None and not tool.node.errors:
                self.err("E106", f"tool `{tool.name}` declares no `returns` shape, so `{base}` has no fields", span)
                return None
            return "any"
        return self._check_path(returns, base, path, span, f"result of `{tool.name}`")

    def _check_path(self, returns: Any, base: str, path: tuple, span: Span | None, what: str):
        """The type at ``path`` in ``returns`` (``"any"``: not known), or ``None`` after an E106 at ``span``."""
        t, bad = type_at(returns, path) if returns != "any" else (returns, -1)
        if t is None:
            key = path[bad]
            prefix_t, _ = type_at(returns, path[:bad])
            if isinstance(key, int):
                msg = f"`{_path_text(base, path[:bad])}` is not a list"
                self.err("E106", msg, span)
            else:
                self.err("E106", f"{what} has no field `{key}`", span,
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
        self._check_behaviour(call, tool)
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
        for arg in call.args:
            top = arg.name.split(".")[0]
            if top in tool.required and isinstance(arg.expr, ast.SlotArg) and \
                    clarification(tool.params.get(top), top, self.locale, tool.locale) is None:
                self.err("E311", f"no question in {self.locale} asks for `{top}` when the user leaves it out",
                         arg.span, hint=f"add `ask {language(self.locale)} \"...\"` to parameter `{top}` of "
                         f"`{tool.name}`")
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
                self.err("E201", f"{where} gets {show_value(e.value.value)}, which does not fit: {err}", e.span or arg.span)
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
                if isinstance(v, ast.Literal_):
                    err = fits_value(v.value, t.item)
                    if err:
                        self.err("E201", f"{where} gets list item {show_value(v.value)}, which does not fit: {err}",
                                 v.span or e.span or arg.span)
                elif isinstance(v, ast.SlotArg):  # one item per slot or alias the user mentioned
                    item_arg = arg.model_copy(update={"expr": v})
                    self._check_arg_value(tool, item_arg, t.item)
                else:
                    rt = self._check_result_path(v.base, v.path, v.span or arg.span)
                    if rt is not None:
                        self._check_result_fit(where, rt, t.item, v.span or arg.span)

    def _check_behaviour(self, call: ast.Call, tool: ir.ToolIR) -> None:
        """``withhold``, ``fails NAME``, ``declined`` and the confirmation text of a tool with side effects."""
        from .plan import confirm_text

        if call.tool in self.s.withhold:
            self.err("E318", f"`{call.tool}` is withheld in this scenario, so it cannot be called", call.tool_span or call.span)
        if call.fails is not None and call.fails not in {e.name for e in tool.node.errors}:
            self.err("E318", f"`{tool.name}` declares no error `{call.fails}`", call.span,
                     hint=did_you_mean(call.fails, [e.name for e in tool.node.errors]) or
                     f"declare it in the tool: `error {call.fails} \"message\"`")
        if call.declined and not tool.node.confirm:
            self.err("E318", f"`declined`: `{tool.name}` asks for no confirmation (it has no `confirm` text)", call.span)
        if call.declined and call.bind:
            self.err("E318", "a declined call gives no result to bind", call.span)
        if tool.node.confirm and confirm_text(tool, self.locale) is None:
            self.err("E311", f"`{tool.name}` has side effects but no `confirm` text in {self.locale}", call.span,
                     hint=f"add `confirm {language(self.locale)} \"...\"` to the tool")

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


def _path_suffix(path: tuple) -> str:
    return "".join(f"[{k}]" if isinstance(k, int) else f".{k}" for k in path)


def _path_text(base: str, path: tuple) -> str:
    out = base
    for k in path:
        out += f"[{k}]" if isinstance(k, int) else f".{k}"
    return out
