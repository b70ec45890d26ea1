"""Parse stage: `.tool` source text -> AST (input: a Source; output: a dsl.ast.Module, errors into Diagnostics).

The grammar is ``grammars/tool.lark`` (lark LALR(1) with the contextual lexer; conflict- and
collision-free under ``strict=True``, which the tests check). :class:`_Build` -- a lark ``Transformer`` --
is the only code that touches ``lark.Tree``; every AST node it builds carries the
:class:`~dsl.span.Span` of its text, from its first character to its last. (Spans are computed from the
tokens, which the tree keeps -- ``keep_all_tokens`` -- instead of lark's ``propagate_positions``: the
same positions, for less time.)

Syntax errors are collected, not raised: the parser is driven token by token through lark's interactive
LALR parser, and on an error it

1. labels the failure from a table of known-bad snippets (:data:`ERROR_EXAMPLES`, matched with
   ``UnexpectedInput.match_examples`` and, failing an exact match, by parser state alone), and always
   says what was expected, in readable tokens (:func:`describe_terminal`);
2. recovers in panic mode: it pops the parser stacks back to the top level and skips tokens until
   the next declaration keyword (``tool``, ``slot``, ``scenario``, ``dataset``, ``import``, ``locale``),
   so each broken declaration costs one error and the declarations after it are still checked.
   Every step consumes input, so recovery always terminates.

An unexpected declaration keyword or end of file while a ``{``/``(``/``[`` is open is reported at the
opening bracket ("unclosed `{` in tool `get_weather`"). Because the contextual lexer reads ``tool``
as a plain name where a name may stand (a parameter may be called ``slot``), such a name at the start
of a line that the parser then chokes on is taken back as the keyword it most likely is.
"""

from __future__ import annotations

import gc
import math
import unicodedata
from contextlib import contextmanager
from dataclasses import replace
from functools import lru_cache
from typing import Any, Iterator

from lark import Lark, Token, Transformer, Tree
from lark.exceptions import UnexpectedCharacters, UnexpectedInput, UnexpectedToken, VisitError
from lark.lexer import PatternRE, PatternStr
from lark.parsers.lalr_analysis import Shift

from toolc.grammars import grammar_text

from .ast import (
    Arg, AssistantStep, Call, CallStep, ChoiceSource, Count, DatasetDecl, EnumType, FakerSource, Import, Keyword,
    ListArg, ListType, Literal_, LiteralArg, MapEntry, MapSource, Module, ObjectType, Param, PrimType, RangeSource, RelDate,
    ResultArg, Scenario, Slot, SlotArg, Template, Tool, UserStep,
)
from .diagnostics import Diagnostics, SpecError, did_you_mean
from .span import Source, Span
from .template import parse_template, unquote

__all__ = ["parse_module", "parse_source", "gc_paused", "describe_terminal", "ERROR_EXAMPLES", "TYPE_NAMES", "MAX_SYNTAX_ERRORS"]

#: Type names as written -> the normalised :class:`~dsl.ast.PrimType` name.
TYPE_NAMES: dict[str, str] = {
    "string": "string", "str": "string", "int": "int", "integer": "int", "float": "float", "number": "float",
    "bool": "bool", "boolean": "bool", "date": "date", "datetime": "datetime",
}
#: Syntax errors reported per file before the parser gives up on it.
MAX_SYNTAX_ERRORS = 25
#: Deepest parse tree accepted (the stages after the parser recurse over the AST).
MAX_NESTING = 200
#: Largest distance of a relative date (``+Nd``) from the reference date, in days (about 100 years).
MAX_RELATIVE_DAYS = 36_500
#: Keywords that start a top-level declaration: panic-mode recovery resumes at them.
DECL_KEYWORDS = ("tool", "slot", "scenario", "dataset", "import", "locale")
_SYNC = frozenset("_" + k.upper() for k in DECL_KEYWORDS)  # their terminal names in tool.lark
_KEPT_PUNCTUATION = frozenset({"QMARK", "DOTDOT"})  # named string terminals the builder reads
_KEYWORD_SUFFIX = "(?![A-Za-z0-9_])"  # how tool.lark writes a keyword: /tool(?![A-Za-z0-9_])/
_OPENERS = {"LBRACE": ("{", "}"), "LPAR": ("(", ")"), "LSQB": ("[", "]")}

# Readable names of the regex terminals (the string terminals read as themselves).
_REGEX_TERMINALS = {
    "NAME": "a name", "QNAME": "a name", "WORD": "a name", "PATTERN": "a scenario name pattern",
    "NUMBER": "a number", "RELDATE": "a relative date like `+1d`", "STRING": "a string",
    "$END": "the end of the file",
}

#: Known-bad snippets -> the message shown for a syntax error in the same parser state (see
#: ``UnexpectedInput.match_examples``). Within one parser state, put the general label first.
ERROR_EXAMPLES: dict[str, list[str]] = {
    "expected a declaration (`tool`, `slot`, `scenario`, `dataset`, `import` or `locale`)": [
        "foo", "tool t {} foo", '"x"', "tool t {} 1", "tool t {} :", "tool t {} (",
    ],
    "unmatched `}`": ["}", "tool t {} }", "slot s = 1 }"],
    "expected a tool name after `tool`": ['tool "d" {}', "tool {", "tool 1", "tool t.x {}"],
    "expected `{` to open the tool body": ["tool t x", 'tool t "d" x', 'tool t "d" "e"', "tool t (", "tool t :"],
    "expected a parameter name": ["tool t { : int }", "tool t { 1: int }", 'tool t { "x": int }', "tool t { x: int, , }"],
    "missing `:` after parameter name": [
        "tool t { x string }", "tool t { x }", 'tool t { x "d" }', "tool t { a: int x string }", "tool t { x = 1 }",
        "tool t { x int }", "tool t { x(1..2) }", "tool t { x ? }",
    ],
    "expected a type": [
        "tool t { x: }", "tool t { x: ? }", "tool t { x: = 1 }", "tool t { x: , }",
        "tool t { x: [string] }", "tool t { a: int, x: }", "tool t { returns }", "tool t { x: list[] }",
        "tool t { x: list[?] }",
    ],
    "expected a string or a number after `|` in an enum": ['tool t { x: "a" | }', 'tool t { x: "a" | b }', 'tool t { x: 1 | }'],
    "expected `]` to close `list[...]`": ["tool t { x: list[string }", "tool t { x: list[string string] }"],
    "expected a default value after `=`": ["tool t { x: int = }", "tool t { x: int = ? }", "tool t { x: int = , }"],
    "expected a string after `ask`": ["tool t { x: int ask 1 }", "tool t { x: int ask }", "tool t { x: int ask x }"],
    "parameters must come before `returns`": ["tool t { returns string x: int }", "tool t { returns { a: int } x: int }"],
    "expected `..` in a range: write `(LO..HI)`, `(LO..)` or `(..HI)`": [
        "tool t { x: int(1) }", "tool t { x: int(1, 5) }", "tool t { x: int(1 5) }", "slot s = int(1)",
        "tool t { x: int() }", "tool t { x: int(a..b) }", "tool t { x: list[int](2) }",
    ],
    "expected `)` to close the range": [
        "tool t { x: int(1..5 }", "tool t { x: int(1...5) }", "tool t { x: int(1..5..6) }", "tool t { x: int(..5 }",
    ],
    "expected a number after `..`": ["tool t { x: list[int](1..) }", "tool t { x: list[int](1..x) }"],
    "expected `=` after the slot name": ["slot s faker.city", "slot s: faker.city", 'slot s "x"', "slot s"],
    "expected a slot name after `slot`": ["slot = 1", 'slot "s" = 1', "slot 1 = 2"],
    "expected a value source after `=`: `faker.PROVIDER`, literals `\"a\" | \"b\"`, `int(LO..HI)` or a map `{...}`": [
        "slot s = }", "slot s = ?", "slot s = [1, 2]", "slot s =", "slot s = (1..2)",
    ],
    "expected a Faker provider name after `faker.`": ["slot s = faker.", "slot s = faker.1", 'slot s = faker."x"'],
    "Faker arguments are literals: `\"value\"` or `name=\"value\"`": [
        "slot s = faker.x(a)", "slot s = faker.x(a=b)", "slot s = faker.x(a=)", "slot s = faker.x(,)",
        "slot s = faker.x(1 2)", "slot s = faker.x(today)",
    ],
    "a map entry is `\"surface\": value`": ["slot s = { a: 1 }", "slot s = { 1: 2 }", 'slot s = { "a": 1 b }'],
    "expected `:` after the map key": ['slot s = { "a" 1 }', 'slot s = { "a" }', 'slot s = { "a" = 1 }'],
    "expected a literal or a relative date like `+1d` after `:`": ['slot s = { "a": }', 'slot s = { "a": today }', 'slot s = { "a": x }'],
    "expected a string or a number after `|`": ['slot s = "a" | ', 'slot s = "a" | }', 'slot s = "a" | x'],
    "expected a scenario name after `scenario`": ["scenario {", 'scenario "s" {', "scenario 1 {"],
    "expected `{` to open the scenario": ["scenario a b", "scenario a user", "scenario a weight {", "scenario a weight 1 x"],
    "expected a step: `user`, `call` or `assistant`": [
        "scenario a { foo }", 'scenario a { say "x" }', 'scenario a { user "x" foo }', 'scenario a { "x" }',
        "scenario a { call f() foo }", 'scenario a { assistant "x" foo }', "scenario a { tools b foo }",
    ],
    "`tools` must come first in a scenario": ['scenario a { user "x" tools b }', "scenario a { call f() tools b }"],
    "expected a tool name after `tools`": ["scenario a { tools }", 'scenario a { tools "b" }'],
    "expected a string after `user`": ["scenario a { user hello }", "scenario a { user }", "scenario a { user 1 }"],
    "expected a string after `assistant`": ["scenario a { assistant hello }", "scenario a { assistant }"],
    "expected a string after `|`": ['scenario a { user "x" | }', 'scenario a { user "x" | y }', 'scenario a { assistant "x" | }'],
    "expected a tool name after `call`": ['scenario a { call "f" }', "scenario a { call }", "scenario a { call (a=b) }"],
    "expected a tool call after `&`": ["scenario a { call f() & }", "scenario a { call f() & 1 }"],
    "expected `(` after the tool name": ["scenario a { call f }", "scenario a { call f -> w }", "scenario a { call f a=b }"],
    "arguments are `name=value`": [
        "scenario a { call f(city) }", "scenario a { call f(city: x) }", "scenario a { call f(1) }",
        'scenario a { call f("a") }', "scenario a { call f(a=b, c) }",
    ],
    "expected a slot, a result path or a literal after `=`": [
        "scenario a { call f(a=) }", "scenario a { call f(a=,) }", "scenario a { call f(a=?) }",
    ],
    "expected `,` or `)` between arguments": ["scenario a { call f(a=b c=d) }", 'scenario a { call f(a="b" c=d) }'],
    "expected a name after `->`": ["scenario a { call f() -> }", 'scenario a { call f() -> "w" }'],
    "expected a field name or `[index]` in the result path": [
        "scenario a { call f(a=w.) }", "scenario a { call f(a=w.1) }", "scenario a { call f(a=w[x]) }",
        "scenario a { call f(a=w[]) }", "scenario a { call f(a=w[0) }",
    ],
    "expected a dataset name after `dataset`": ["dataset {", 'dataset "d" {', "dataset 1 {"],
    "expected `{` to open the dataset": ["dataset d x", "dataset d sft"],
    "unknown dataset setting": [
        "dataset d { foo }", "dataset d { size 10 }", "dataset d { sft 1 foo }", 'dataset d { "x" }',
        "dataset d { sft 1 each foo }",
    ],
    "expected a number": [
        "dataset d { sft }", "dataset d { sft x }", 'dataset d { rm "x" }', "dataset d { ppo }", "dataset d { seed }",
        "dataset d { seed x }", "dataset d { distractors }", "dataset d { distractors 1.. }", "dataset d { test }",
        "dataset d { test x }", "scenario a weight x {",
    ],
    "expected `%` after the test share: `test 10%`": ["dataset d { test 10 }", "dataset d { test 10 holdout values }"],
    "expected a string after `system`": ["dataset d { system }", "dataset d { system x }"],
    "expected a scenario name pattern such as `weather.*`": ["dataset d { scenarios }", "dataset d { scenarios , }", 'dataset d { scenarios "a" }'],
    "expected a name": [
        "dataset d { format }", "dataset d { perturb }", "dataset d { test 10% holdout }", "dataset d { format , }",
        'dataset d { format "qwen" }', "dataset d { format qwen, }",
    ],
    "expected a locale name such as `zh_CN` after `locale`": ['locale "zh_CN"', "locale", "locale 1"],
    "expected a quoted path after `import`": ["import other.tool", "import", "import 1"],
}


#: Options of the one Lark instance. ``keep_all_tokens``: punctuation and keywords stay in the tree so
#: every node's span runs from its first to its last character (the builder drops them).
LARK_OPTIONS: dict[str, Any] = dict(parser="lalr", lexer="contextual", keep_all_tokens=True, maybe_placeholders=False)


@lru_cache(maxsize=1)
def _parser() -> Lark:
    """The one Lark instance, built once per process.

    With ``interegular`` installed, lark checks every pair of terminals for collisions on *every*
    build, its own meta-grammar included: ~0.5 s of a ~0.6 s build. ``tests/test_parse.py`` builds the
    grammar with ``strict=True`` (collisions and LALR conflicts are errors), so here the check is
    skipped by hiding interegular from lark's lexer module for the duration of the build.
    """
    import lark.lexer as lark_lexer

    saved = getattr(lark_lexer, "has_interegular", None)
    if saved is not None:
        lark_lexer.has_interegular = False
    try:
        return Lark(grammar_text(), **LARK_OPTIONS)
    finally:
        if saved is not None:
            lark_lexer.has_interegular = saved


@lru_cache(maxsize=1)
def _dropped_terminals() -> frozenset[str]:
    """Terminals lark would filter out of the tree (punctuation, ``_KEYWORDS``): the parser keeps them for spans only."""
    return frozenset(t.name for t in _parser().terminals
                     if t.name.startswith("_") or (isinstance(t.pattern, PatternStr) and t.name not in _KEPT_PUNCTUATION))


def _first_token(tree: Tree) -> Token:
    while isinstance(tree, Tree):
        tree = tree.children[0]
    return tree


@lru_cache(maxsize=1)
def _terminal_names() -> dict[str, str]:
    names = dict(_REGEX_TERMINALS)
    for t in _parser().terminals:
        if isinstance(t.pattern, PatternStr):
            names[t.name] = f"`{t.pattern.value}`"
        elif isinstance(t.pattern, PatternRE) and t.pattern.value.endswith(_KEYWORD_SUFFIX):
            stem = t.pattern.value[:-len(_KEYWORD_SUFFIX)]
            if stem.isalpha():
                names[t.name] = f"`{stem}`"
    return names


def describe_terminal(name: str) -> str:
    """Readable form of a grammar terminal: ``RBRACE`` -> "`}`", ``NAME`` -> "a name", ``$END`` -> "the end of the file"."""
    return _terminal_names().get(name, name.lower())


def _expected_text(names: set[str]) -> str:
    shown = sorted({describe_terminal(n) for n in names}, key=lambda s: (not s.startswith("a"), s))
    if len(shown) > 12:
        shown = shown[:12] + ["..."]
    if len(shown) == 1:
        return shown[0]
    return "one of " + ", ".join(shown)


def _found_text(tok: Token) -> str:
    if tok.type == "$END":
        return "the end of the file"
    value = str(tok.value)
    if len(value) > 30:
        value = value[:27] + "..."
    if tok.type == "STRING":
        return f"string `{value}`"
    if tok.type == "NUMBER":
        return f"number `{value}`"
    return f"`{value}`"


@lru_cache(maxsize=1)
def _example_table() -> tuple[dict[str, UnexpectedInput], dict[tuple[Any, str], str], dict[Any, str]]:
    """Parses every snippet of :data:`ERROR_EXAMPLES` once.

    Returns:
        (snippet -> the error it raises, (state, token type) -> label, state -> label); the two lookup
        tables hold only unambiguous entries and back ``match_examples`` up for nested contexts,
        where the stack depth differs from the snippet's.
    """
    errors: dict[str, UnexpectedInput] = {}
    by_type: dict[tuple[Any, str], set[str]] = {}
    by_state: dict[Any, set[str]] = {}
    for label, snippets in ERROR_EXAMPLES.items():
        for snippet in snippets:
            try:
                _parser().parse(snippet)
            except UnexpectedInput as e:
                errors[snippet] = e
                if isinstance(e, UnexpectedToken) and e.state is not None:
                    by_type.setdefault((e.state.position, e.token.type), set()).add(label)
                    by_state.setdefault(e.state.position, set()).add(label)
            else:  # pragma: no cover - a table entry that parses is a bug in the table
                raise AssertionError(f"error example parses: {snippet!r}")
    return (errors, {k: next(iter(v)) for k, v in by_type.items() if len(v) == 1},
            {k: next(iter(v)) for k, v in by_state.items() if len(v) == 1})


def _label(e: UnexpectedToken) -> str | None:
    """The known-bad-snippet label for error ``e`` (whose parser state must not have changed since)."""
    errors, by_type, by_state = _example_table()

    def replay(snippet: str) -> None:
        raise errors[snippet]

    label = e.match_examples(replay, ERROR_EXAMPLES, token_type_match_fallback=True, use_accepts=False)
    if label is None and e.state is not None:
        label = by_type.get((e.state.position, e.token.type)) or by_state.get(e.state.position)
    return label


def _tok_span(file: str, tok: Token) -> Span:
    return Span(file, tok.line, tok.column, tok.end_line, tok.end_column)


# ================================================================================================ driver


class _Reporter:
    """Forwards errors to the Diagnostics and counts them (Diagnostics de-duplicates, so its length cannot)."""

    def __init__(self, diags: Diagnostics) -> None:
        self.diags = diags
        self.count = 0

    def add(self, error: SpecError) -> None:
        self.count += 1
        self.diags.add(error)


class _TooManyErrors(Exception):
    pass


class _Driver:
    """Feeds tokens to lark's LALR parser state one by one, reporting and recovering from syntax errors."""

    def __init__(self, source: Source, report: _Reporter) -> None:
        self.source = source
        self.text = source.text
        self.report = report
        self.errors = 0
        self.recovering = False
        self.last: Token | None = None  # the last token fed successfully

    # -- error reporting

    def error(self, error: SpecError) -> None:
        self.errors += 1
        if self.errors >= MAX_SYNTAX_ERRORS:
            self.report.add(replace(error, notes=(*error.notes, "too many syntax errors: the rest of this file is not checked")))
            raise _TooManyErrors
        self.report.add(error)

    def syntax_error(self, e: UnexpectedToken, tok: Token, reached: Token) -> None:
        """Reports the failure of ``tok`` (``reached`` is ``tok`` or the line-start keyword it revealed)."""
        ps = e.state
        file = self.source.path
        if reached.type in _SYNC or reached.type == "$END":
            opener = next((v for v in reversed(ps.value_stack) if isinstance(v, Token) and v.type in _OPENERS), None)
            if opener is not None:
                open_ch, close_ch = _OPENERS[opener.type]
                where = self.where(ps.value_stack)
                before = ("the end of the file" if reached.type == "$END"
                          else f"`{reached.value}` at {reached.line}:{reached.column}")
                self.error(SpecError(
                    "E001", f"unclosed `{open_ch}`{where}", _tok_span(file, opener),
                    hint=f"this `{open_ch}` is never closed",
                    notes=(f"expected `{close_ch}` before {before}",)))
                return
        if reached is not tok:  # a line-start keyword the parser had taken for a name
            self.error(SpecError(
                "E001", f"the declaration before `{reached.value}` is incomplete", _tok_span(file, reached),
                hint=f"`{reached.value}` at the start of a line begins a new declaration"))
            return
        label = _label(e)
        expected = set(ps.parse_conf.states[ps.position].keys()) if ps is not None else set(e.expected)
        expected = {n for n in expected if n.isupper() or n == "$END"}
        hint = f"expected {_expected_text(expected)}, found {_found_text(reached)}"
        if reached.type in ("NAME", "QNAME", "WORD", "PATTERN"):
            keywords = [self.keyword(n) for n in expected if self.keyword(n)]
            guess = did_you_mean(str(reached.value), keywords)
            if guess:
                hint = f"{hint}; {guess}"
        message = label or f"unexpected {_found_text(reached)}"
        notes: tuple[str, ...] = ()
        closers = {close: open_ for open_, close in _OPENERS.values()}
        if str(reached.value) in closers and reached.type != "STRING":
            opener = next((v for v in reversed(ps.value_stack) if isinstance(v, Token) and v.type in _OPENERS), None)
            if opener is not None and _OPENERS[opener.type][1] != reached.value:
                notes = (f"the `{opener.value}` at {opener.line}:{opener.column} is still open",)
        self.error(SpecError("E001", message, self.eof_span() if reached.type == "$END" else _tok_span(file, reached),
                             hint=hint, notes=notes))

    @staticmethod
    def keyword(terminal: str) -> str | None:
        text = _terminal_names().get(terminal, "")
        return text[1:-1] if text.startswith("`") and text[1:-1].isalpha() else None

    def where(self, stack: list) -> str:
        """Names the declaration being parsed (`` in tool `get_weather` ``), read from the parser's value stack."""
        for i, v in enumerate(stack):
            if isinstance(v, Token) and v.type in _SYNC and i + 1 < len(stack) and isinstance(stack[i + 1], Token):
                return f" in {v.value} `{stack[i + 1].value}`"
        return ""

    def eof_span(self) -> Span:
        if self.last is None:
            return Span(self.source.path, 1, 1, 1, 2)
        line, col = self.last.end_line, self.last.end_column
        return Span(self.source.path, line, col, line, col + 1)

    def lexical_error(self, e: UnexpectedCharacters) -> int:
        """Reports a character no token can start with; returns how many characters to skip."""
        file, text, pos = self.source.path, self.text, e.pos_in_stream
        ch = text[pos]
        line_end = text.find("\n", pos)
        line_end = len(text) if line_end < 0 else line_end
        if ch == '"':
            if not self.recovering:
                self.error(SpecError(
                    "E003", "unterminated string", Span(file, e.line, e.column, e.line, e.column + max(line_end - pos, 1)),
                    hint='add the closing `"`; a string ends on the line it starts (write `\\n` for a line break)'))
            return max(line_end - pos, 1)
        if ch == "'":
            close = text.find("'", pos + 1, line_end)
            skip = (close + 1 - pos) if close > 0 else 1
            if not self.recovering:
                self.error(SpecError("E001", "strings are written in double quotes", Span(file, e.line, e.column, e.line, e.column + skip),
                                     hint="write `\"...\"` instead of `'...'`"))
            return skip
        if not self.recovering:
            allowed = {a for a in (e.allowed or ()) if a not in ("WS", "COMMENT")}
            hint = f"expected {_expected_text(allowed)}" if 0 < len(allowed) <= 4 else None
            ascii_ch = unicodedata.normalize("NFKC", ch)
            if ascii_ch != ch and len(ascii_ch) == 1 and ascii_ch.isascii():
                hint = f"`{ch}` is a full-width character; write the ASCII `{ascii_ch}`"
            name = unicodedata.name(ch, f"U+{ord(ch):04X}")
            shown = f"`{ch}`" if ch.isprintable() and not ch.isspace() else name
            self.error(SpecError("E001", f"unexpected character {shown}", Span(file, e.line, e.column, e.line, e.column + 1),
                                 hint=hint))
        return 1

    # -- recovery

    @staticmethod
    def to_top(ps: Any, terminal: str = "_TOOL") -> None:
        """Pops the parser stacks back to a state that accepts ``terminal`` (panic mode).

        A state that accepts a declaration keyword through reductions (a complete declaration not yet
        reduced) is kept, so the declaration survives.
        """
        states = ps.parse_conf.states
        while terminal not in states[ps.state_stack[-1]]:
            ps.state_stack.pop()
            ps.value_stack.pop()

    def resume(self, ps: Any, tok: Token) -> Any:
        """Feeds a declaration keyword or ``$END`` after popping back to where it can stand."""
        is_end = tok.type == "$END"
        self.to_top(ps, tok.type)
        try:
            result = ps.feed_token(tok, is_end)
        except UnexpectedToken:  # an LALR look-ahead admitted it, the reductions then refused it
            states = ps.parse_conf.states
            while states[ps.state_stack[-1]].get("_TOOL", (None,))[0] is not Shift:
                ps.state_stack.pop()
                ps.value_stack.pop()
            result = ps.feed_token(tok, is_end)
        if not is_end:
            self.last = tok
        self.recovering = False
        return result

    def line_start_keyword(self, ps: Any) -> Token | None:
        """The declaration keyword hiding in the last shifted token (a name first on its line), if any."""
        if self.recovering or self.last is None:
            return None
        prev = ps.value_stack[-1] if ps.value_stack else None
        while isinstance(prev, Tree) and prev.children:  # the parser may have reduced it already
            prev = prev.children[-1]
        if (isinstance(prev, Token) and prev.type == "NAME" and prev.value in DECL_KEYWORDS
                and prev.start_pos == self.last.start_pos):
            start = self.text.rfind("\n", 0, prev.start_pos) + 1
            if not self.text[start:prev.start_pos].strip():
                return Token.new_borrow_pos("_" + prev.value.upper(), prev.value, prev)
        return None

    # -- main loop

    def run(self) -> Tree | None:
        ip = _parser().parse_interactive(self.text)
        ps = self.lexer_ps = ip.parser_state
        self.lexer = ip.lexer_thread
        self.tokens: Iterator[Token] = self.lexer.lex(ps)
        try:
            while True:
                try:
                    tok = next(self.tokens)
                except StopIteration:
                    break
                except UnexpectedCharacters as e:
                    skip = self.lexical_error(e)
                    self.lexer.state.line_ctr.feed(self.text[e.pos_in_stream:e.pos_in_stream + skip])
                    self.recovering = True
                    self.tokens = self.lexer.lex(ps)
                    continue
                except UnexpectedToken as e:  # a token of the language, but not one this state lexes
                    self.tokens = self.lexer.lex(ps)
                    self.fail(e, e.token, ps)
                    continue
                try:
                    ps.feed_token(tok)
                    self.last = tok
                    self.recovering = False
                except UnexpectedToken as e:
                    self.fail(e, tok, ps)
            end = Token.new_borrow_pos("$END", "", self.last) if self.last else Token("$END", "", 0, 1, 1)
            try:
                return ps.feed_token(end, True)
            except UnexpectedToken as e:
                if not self.recovering:
                    self.syntax_error(e, end, end)
                return self.resume(ps, end)
        except _TooManyErrors:
            return None

    def fail(self, e: UnexpectedToken, tok: Token, ps: Any) -> None:
        """Reports (unless already recovering) and resynchronises at the top level."""
        e.state = ps
        keyword = self.line_start_keyword(ps) if tok.type not in _SYNC else None
        if not self.recovering:
            self.syntax_error(e, tok, keyword or tok)
        if keyword is not None:  # resume at the keyword, then lex `tok` again in the new state
            self.resume(ps, keyword)
            self.rewind(tok)
        elif tok.type in _SYNC:
            self.resume(ps, tok)
        else:
            self.to_top(ps)
            self.recovering = True

    def rewind(self, tok: Token) -> None:
        """Moves the lexer back to the start of ``tok`` (it was read in a state that no longer applies)."""
        lc = self.lexer.state.line_ctr
        lc.char_pos, lc.line, lc.column = tok.start_pos, tok.line, tok.column
        lc.line_start_pos = tok.start_pos - tok.column + 1
        self.tokens = self.lexer.lex(self.lexer_ps)


# ================================================================================================ transformer


class _Build(Transformer):
    """Parse tree -> AST nodes with spans. Reports value-level errors (escapes, types, ranges) and goes on.

    One method per grammar rule, called as ``method(span, children)`` with the children already built
    (punctuation and keywords left out).
    :meth:`transform` walks the tree itself, iteratively: it binds every rule method once (lark's
    ``v_args`` wrapper re-binds per node and was most of the parse time), and a deeply nested spec
    cannot overflow Python's stack.
    """

    def __init__(self, file: str, report: _Reporter) -> None:
        super().__init__(visit_tokens=False)
        self.file = file
        self.report = report

    def transform(self, tree: Tree) -> Any:
        """Builds the AST bottom-up (post-order) from ``tree``; each node's span runs from its first token to its last.

        Raises:
            SpecError: E001 when the tree nests deeper than :data:`MAX_NESTING` (later stages recurse).
        """
        rules, drop, file = _rule_functions(), _dropped_terminals(), self.file
        # one frame per open tree: [node, index of the next child, built children]; a built child is a
        # token or a tuple (value, line, col, end_line, end_col)
        frames: list[list] = [[tree, 0, []]]
        while True:
            frame = frames[-1]
            node, i, kids = frame
            children = node.children
            n = len(children)
            while i < n:
                child = children[i]
                i += 1
                if type(child) is Tree:
                    frame[1] = i
                    if len(frames) >= MAX_NESTING:
                        raise SpecError("E001", f"the spec nests deeper than {MAX_NESTING} levels here",
                                        self.tspan(_first_token(child)), hint="flatten the nested types")
                    frames.append([child, 0, []])
                    break
                kids.append(child)
            else:  # every child built: build this node
                frames.pop()
                if kids:
                    first, last = kids[0], kids[-1]
                    sl, sc = (first.line, first.column) if type(first) is Token else (first[1], first[2])
                    el, ec = (last.end_line, last.end_column) if type(last) is Token else (last[3], last[4])
                    values = [k if type(k) is Token else k[0] for k in kids
                              if type(k) is not Token or k.type not in drop]
                    built = (rules[node.data](self, Span(file, sl, sc, el, ec), values), sl, sc, el, ec)
                else:
                    built = (rules[node.data](self, None, []), 1, 1, 1, 1)
                if not frames:
                    return built[0]
                frames[-1][2].append(built)

    def tspan(self, tok: Token) -> Span:
        return _tok_span(self.file, tok)

    def fail(self, code: str, message: str, span: Span | None, hint: str | None = None,
             notes: tuple[str, ...] = ()) -> None:
        self.report.add(SpecError(code, message, span, hint, notes))

    def string(self, tok: Token) -> str:
        try:
            return unquote(str(tok), self.tspan(tok))
        except SpecError as e:
            self.report.add(e)
            return ""

    def template(self, tok: Token) -> Template:
        try:
            return parse_template(str(tok), self.tspan(tok))
        except SpecError as e:
            self.report.add(e)
            return Template(parts=(), source_text=str(tok)[1:-1], span=self.tspan(tok))

    def number(self, tok: Token) -> int | float:
        """The value of a NUMBER token: an int without ``.``/exponent, else a float; E205 out of range."""
        text = str(tok)
        if all(c.isdigit() for c in text.lstrip("+-")):
            digits = text.lstrip("+-").lstrip("0")
            if len(digits) <= 19 and abs(value := int(text)) < 2**63:
                return value
        else:
            value = float(text)
            if math.isfinite(value):
                return value
        shown = text if len(text) <= 24 else text[:21] + "..."
        self.fail("E205", f"number `{shown}` is out of range", self.tspan(tok),
                  hint="whole numbers must fit in 64 bits, and floats must be finite")
        return 0

    def integer(self, tok: Token, what: str, code: str = "E205", minimum: int | None = None) -> int:
        value = self.number(tok)
        if not isinstance(value, int):
            self.fail(code, f"{what} must be a whole number, not `{tok}`", self.tspan(tok))
            return 0
        if minimum is not None and value < minimum:
            self.fail(code, f"{what} must be at least {minimum}, not `{tok}`", self.tspan(tok))
        return value

    # -- module

    def start(self, span: Span | None, items: list) -> list:
        return items

    def locale(self, span: Span | None, c: list) -> tuple[str, str, Span | None]:
        return ("locale", str(c[0]), span)

    def import_(self, span: Span | None, c: list) -> Import:
        return Import(path=self.string(c[0]), span=span)

    # -- tools

    def tool(self, span: Span | None, c: list) -> Tool:
        name = str(c[0])
        rest = c[1:]
        description = ""
        if rest and isinstance(rest[0], Token):
            description = self.string(rest.pop(0))
        returns = rest.pop() if rest and isinstance(rest[-1], _Returns) else None
        return Tool(name=name, description=description, params=tuple(rest),
                    returns=returns.type if returns else None, span=span)

    def returns(self, span: Span | None, c: list) -> "_Returns":
        return _Returns(_as_result_shape(c[0]))

    def param(self, span: Span | None, c: list) -> Param:
        name, type_ = str(c[0]), c[1]
        optional, default, source, description, ask = False, None, None, None, None
        for x in c[2:]:
            if isinstance(x, Token) and x.type == "QMARK":
                optional = True
            elif isinstance(x, Token):
                description = self.string(x)
            elif isinstance(x, _Default):
                if isinstance(x.value, FakerSource):
                    source = x.value
                else:
                    default = x.value
            elif isinstance(x, _Ask):
                ask = x.text
        return Param(name=name, type=type_, optional=optional, default=default, source=source,
                     description=description, ask=ask, span=span)

    def default(self, span: Span | None, c: list) -> "_Default":
        return _Default(c[0])

    def ask(self, span: Span | None, c: list) -> "_Ask":
        return _Ask(self.string(c[0]))

    def prim_type(self, span: Span | None, c: list) -> PrimType:
        tok = c[0]
        name = self.type_name(tok)
        if name == "list":
            self.fail("E001", "`list` needs an item type", self.tspan(tok), hint="write `list[string]`")
            name = "string"
        lo = hi = None
        if len(c) > 1:
            lo, hi, rspan = c[1]
            if name not in ("int", "float"):
                self.fail("E203", f"`{tok}` takes no range; only `int` and `float` do", rspan)
                lo = hi = None
            else:
                lo, hi = self.check_range(name, lo, hi, rspan)
        return PrimType(name=name, lo=lo, hi=hi, span=span)  # type: ignore[arg-type]

    def type_name(self, tok: Token) -> str:
        written = str(tok)
        if written in TYPE_NAMES:
            return TYPE_NAMES[written]
        if written == "list":
            return "list"
        self.fail("E001", f"unknown type `{written}`", self.tspan(tok),
                  hint=did_you_mean(written, [*TYPE_NAMES, "list"]) or
                  "expected a type: string, int, float, bool, date, datetime, list[T], \"a\" | \"b\" or { ... }")
        return "string"

    def check_range(self, name: str, lo: Any, hi: Any, span: Span | None) -> tuple[Any, Any]:
        if name == "int":
            for b in (lo, hi):
                if isinstance(b, float):
                    self.fail("E203", f"an `int` range needs whole-number bounds, not `{b}`", span)
                    return None, None
        if lo is not None and hi is not None and lo > hi:
            self.fail("E203", f"empty range: {lo} is greater than {hi}", span, hint=f"write `({hi}..{lo})`")
            return None, None
        return lo, hi

    def list_type(self, span: Span | None, c: list) -> ListType:
        tok, item = c[0], c[1]
        if str(tok) != "list":
            self.fail("E001", f"unknown type `{tok}`", self.tspan(tok),
                      hint=did_you_mean(str(tok), ["list"]) or "only `list` takes an item type: `list[string]`")
        count_lo = count_hi = None
        if len(c) > 2:
            count_lo, count_hi = c[2]
        return ListType(item=item, count_lo=count_lo, count_hi=count_hi, span=span)

    def enum_type(self, span: Span | None, c: list) -> EnumType:
        values: list[str | int] = []
        for tok in c:
            if tok.type == "STRING":
                values.append(self.string(tok))
            else:
                value = self.number(tok)
                if not isinstance(value, int):
                    self.fail("E205", f"enum members are strings or whole numbers, not `{tok}`", self.tspan(tok))
                    value = 0
                values.append(value)
        return EnumType(values=tuple(values), span=span)

    def object_type(self, span: Span | None, c: list) -> ObjectType:
        return ObjectType(fields=tuple(c), span=span)

    def range(self, span: Span | None, c: list) -> tuple[Any, Any, Span | None]:
        lo = hi = None
        seen_dots = False
        for tok in c:
            if tok.type == "DOTDOT":
                seen_dots = True
            elif seen_dots:
                hi = self.number(tok)
            else:
                lo = self.number(tok)
        span = span
        if lo is None and hi is None:
            self.fail("E203", "a range needs at least one bound", span, hint="write `(1..10)`, `(1..)` or `(..10)`")
        return lo, hi, span

    def count(self, span: Span | None, c: list) -> tuple[int | None, int | None]:
        lo = self.integer(c[0], "an item count", "E203", minimum=0)
        hi = self.integer(c[2], "an item count", "E203", minimum=0)
        if lo > hi:
            self.fail("E203", f"empty item count range: {lo} is greater than {hi}", span)
            return None, None
        return lo, hi

    def name_value(self, span: Span | None, c: list) -> Keyword:
        word = str(c[0])
        if word not in ("today", "now"):
            self.fail("E205", f"unknown value `{word}`", self.tspan(c[0]),
                      hint=did_you_mean(word, ["today", "now"]) or
                      "a default is a literal (`\"x\"`, `3`, `2.5`, `true`), `today`, `now` or `faker.PROVIDER`")
            word = "today"
        return Keyword(name=word, span=span)  # type: ignore[arg-type]

    def literal(self, span: Span | None, c: list) -> Literal_:
        tok = c[0]
        value: str | bool | int | float
        if tok.type == "STRING":
            value = self.string(tok)
        elif tok.type == "TRUE":
            value = True
        elif tok.type == "FALSE":
            value = False
        else:
            value = self.number(tok)
        return Literal_(value=value, span=span)

    # -- slots

    def slot(self, span: Span | None, c: list) -> Slot:
        return Slot(name=str(c[0]), source=c[1], span=span)

    def faker(self, span: Span | None, c: list) -> FakerSource:
        base, provider = c[0], c[1]
        if str(base) != "faker":
            self.fail("E001", f"unknown value source `{base}.{provider}`", self.tspan(base),
                      hint=did_you_mean(str(base), ["faker"]) or "values come from Faker providers: `faker.city`")
        args: list[Literal_] = []
        kwargs: list[tuple[str, Literal_]] = []
        for arg in (c[2] if len(c) > 2 else ()):
            if isinstance(arg, Literal_):
                if kwargs:
                    self.fail("E204", "positional argument after a keyword argument", arg.span,
                              hint="put positional arguments first")
                args.append(arg)
            else:
                name, value, span = arg
                if any(k == name for k, _ in kwargs):
                    self.fail("E204", f"argument `{name}` is given twice", span)
                kwargs.append((name, value))
        return FakerSource(provider=str(provider), args=tuple(args), kwargs=tuple(kwargs),
                           provider_span=self.tspan(provider), span=span)

    def faker_args(self, span: Span | None, c: list) -> list:
        return c

    def kwarg(self, span: Span | None, c: list) -> tuple[str, Literal_, Span | None]:
        return (str(c[0]), c[1], span)

    def choice_source(self, span: Span | None, c: list) -> ChoiceSource:
        return ChoiceSource(values=tuple(c), span=span)

    def range_source(self, span: Span | None, c: list) -> RangeSource:
        tok, (lo, hi, rspan) = c[0], c[1]
        name = TYPE_NAMES.get(str(tok))
        if name not in ("int", "float"):
            self.fail("E001", f"unknown value source `{tok}(...)`", self.tspan(tok),
                      hint=did_you_mean(str(tok), ["int", "float"]) or "a range slot is `int(LO..HI)` or `float(LO..HI)`")
            name = "int"
        if lo is None or hi is None:
            if lo is not None or hi is not None:
                self.fail("E203", "a slot range needs both bounds", rspan, hint="write `(LO..HI)`, e.g. `int(1..20)`")
            lo, hi = lo if lo is not None else 0, hi if hi is not None else 0
        else:
            checked = self.check_range(name, lo, hi, rspan)
            if checked == (None, None):
                lo, hi = 0, 0
        return RangeSource(type=name, lo=lo, hi=hi, span=span)  # type: ignore[arg-type]

    def map_source(self, span: Span | None, c: list) -> MapSource:
        return MapSource(entries=tuple(c), span=span)

    def map_entry(self, span: Span | None, c: list) -> MapEntry:
        return MapEntry(surface=self.string(c[0]), value=c[1], span=span)

    def reldate(self, span: Span | None, c: list) -> RelDate:
        text = str(c[0])
        digits = text[:-1].lstrip("+-")
        days = int(text[:-1]) * (7 if text.endswith("w") else 1) if len(digits) <= 6 else MAX_RELATIVE_DAYS + 1
        if abs(days) > MAX_RELATIVE_DAYS:
            self.fail("E205", f"relative date `{text}` is more than {MAX_RELATIVE_DAYS} days away", span)
            days = 0
        return RelDate(days=days, span=span)

    # -- scenarios

    def scenario(self, span: Span | None, c: list) -> Scenario:
        name = str(c[0])
        weight, tools, steps = 1.0, (), []
        for x in c[1:]:
            if isinstance(x, _Weight):
                weight = x.value
            elif isinstance(x, _Tools):
                tools = x.names
            else:
                steps.append(x)
        return Scenario(name=name, weight=weight, tools=tools, steps=tuple(steps), span=span)

    def weight(self, span: Span | None, c: list) -> "_Weight":
        value = float(self.number(c[0]))
        if value <= 0:
            self.fail("E205", f"a scenario weight must be positive, not `{c[0]}`", self.tspan(c[0]))
            value = 1.0
        return _Weight(value)

    def scenario_tools(self, span: Span | None, c: list) -> "_Tools":
        return _Tools(tuple(str(t) for t in c))

    def user_step(self, span: Span | None, c: list) -> UserStep:
        return UserStep(alternatives=tuple(self.template(t) for t in c), span=span)

    def assistant_step(self, span: Span | None, c: list) -> AssistantStep:
        return AssistantStep(alternatives=tuple(self.template(t) for t in c), span=span)

    def ask_step(self, span: Span | None, c: list) -> AssistantStep:
        return AssistantStep(alternatives=tuple(self.template(t) for t in c), clarify=True, span=span)

    def list_literal(self, span: Span | None, c: list) -> ListArg:
        return ListArg(values=tuple(c), span=span)

    def call_step(self, span: Span | None, c: list) -> CallStep:
        return CallStep(calls=tuple(c), span=span)

    def call(self, span: Span | None, c: list) -> Call:
        tool = c[0]
        bind = c.pop() if len(c) > 1 and isinstance(c[-1], _Bind) else None
        return Call(tool=str(tool), args=tuple(c[1:]), bind=bind.name if bind else None,
                    tool_span=self.tspan(tool), span=span)

    def bind(self, span: Span | None, c: list) -> "_Bind":
        return _Bind(str(c[0]))

    def arg(self, span: Span | None, c: list) -> Arg:
        *names, expr = c
        if isinstance(expr, Literal_):
            expr = LiteralArg(value=expr, span=expr.span)
        return Arg(name=".".join(str(n) for n in names), expr=expr, span=span)

    def ref(self, span: Span | None, c: list) -> SlotArg | ResultArg:
        if len(c) == 1:
            return SlotArg(name=str(c[0]), span=span)
        return ResultArg(base=str(c[0]), path=tuple(c[1:]), span=span)

    def field(self, span: Span | None, c: list) -> str:
        return str(c[0])

    def index(self, span: Span | None, c: list) -> int:
        return self.integer(c[0], "a list index", minimum=0)

    # -- datasets

    def dataset(self, span: Span | None, c: list) -> DatasetDecl:
        name = str(c[0])
        values: dict[str, Any] = {}
        spans: dict[str, Span | None] = {}
        for key, value, span in c[1:]:
            if key in spans:
                first = spans[key]
                self.fail("E303", f"`{key}` is set twice in dataset `{name}`", span,
                          hint="remove one of them", notes=(f"first set at {first}",) if first else ())
                continue
            spans[key] = span
            if key == "test":
                values["test_percent"], holdout = value
                if holdout is not None:
                    values["holdout"], spans["holdout"] = holdout
            else:
                values["formats" if key == "format" else key] = value
        return DatasetDecl(name=name, setting_spans=spans, span=span, **values)

    def system(self, span: Span | None, c: list) -> tuple:
        return ("system", tuple(self.string(t) for t in c), span)

    def scenarios(self, span: Span | None, c: list) -> tuple:
        return ("scenarios", tuple(str(t) for t in c), span)

    def _count(self, key: str, span: Span | None, c: list) -> tuple:
        n = self.integer(c[0], f"the `{key}` row count", "E305", minimum=0)
        return (key, Count(n=n, each=len(c) > 1, span=span), span)

    def sft(self, span: Span | None, c: list) -> tuple:
        return self._count("sft", span, c)

    def rm(self, span: Span | None, c: list) -> tuple:
        return self._count("rm", span, c)

    def ppo(self, span: Span | None, c: list) -> tuple:
        return self._count("ppo", span, c)

    def perturb(self, span: Span | None, c: list) -> tuple:
        return ("perturb", tuple(str(t) for t in c), span)

    def distractors(self, span: Span | None, c: list) -> tuple:
        lo = self.integer(c[0], "the number of distractors", "E305", minimum=0)
        hi = self.integer(c[2], "the number of distractors", "E305", minimum=0) if len(c) > 2 else lo
        if lo > hi:
            self.fail("E305", f"empty distractor range: {lo} is greater than {hi}", span)
            hi = lo
        return ("distractors", (lo, hi), span)

    def test(self, span: Span | None, c: list) -> tuple:
        percent = float(self.number(c[0]))
        if not 0 <= percent < 100:
            self.fail("E305", f"the test share must be at least 0% and below 100%, not {c[0]}%", self.tspan(c[0]))
            percent = 0.0
        holdout = c[1] if len(c) > 1 else None
        return ("test", (percent, holdout), span)

    def holdout(self, span: Span | None, c: list) -> tuple[tuple[str, ...], Span | None]:
        names = tuple(str(t) for t in c)
        return (() if names == ("none",) else names), span

    def format(self, span: Span | None, c: list) -> tuple:
        return ("format", tuple(str(t) for t in c), span)

    def seed(self, span: Span | None, c: list) -> tuple:
        return ("seed", self.integer(c[0], "the seed", "E305", minimum=0), span)


class _Default:
    __slots__ = ("value",)

    def __init__(self, value: Any) -> None:
        self.value = value


class _Ask:
    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        self.text = text


class _Returns:
    __slots__ = ("type",)

    def __init__(self, type_: Any) -> None:
        self.type = type_


class _Weight:
    __slots__ = ("value",)

    def __init__(self, value: float) -> None:
        self.value = value


class _Tools:
    __slots__ = ("names",)

    def __init__(self, names: tuple[str, ...]) -> None:
        self.names = names


class _Bind:
    __slots__ = ("name",)

    def __init__(self, name: str) -> None:
        self.name = name


#: Grammar rules with a method in :class:`_Build` (every named rule of tool.lark).
_RULES = (
    "start", "locale", "import_", "tool", "returns", "param", "default", "ask", "prim_type", "list_type", "enum_type",
    "object_type", "range", "count", "name_value", "literal", "slot", "faker", "faker_args", "kwarg",
    "choice_source", "range_source", "map_source", "map_entry", "reldate", "scenario", "weight", "scenario_tools",
    "user_step", "assistant_step", "ask_step", "call_step", "call", "bind", "arg", "ref", "list_literal", "field", "index", "dataset", "system",
    "scenarios", "sft", "rm", "ppo", "perturb", "distractors", "test", "holdout", "format", "seed",
)


@lru_cache(maxsize=1)
def _rule_functions() -> dict[str, Any]:
    """Grammar rule -> the :class:`_Build` function building it (called with the builder as ``self``)."""
    return {name: getattr(_Build, name) for name in _RULES}


def _as_result_shape(type_: Any) -> Any:
    """In a ``returns`` shape a literal after ``=`` is the field's value source, not a default."""
    if isinstance(type_, ObjectType):
        fields = []
        for f in type_.fields:
            update: dict[str, Any] = {"type": _as_result_shape(f.type)}
            if isinstance(f.default, Literal_):
                update.update(source=f.default, default=None)
            fields.append(f.model_copy(update=update))
        return type_.model_copy(update={"fields": tuple(fields)})
    if isinstance(type_, ListType):
        return type_.model_copy(update={"item": _as_result_shape(type_.item)})
    return type_


# ================================================================================================ API


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pauses Python's cyclic garbage collector while a file is parsed.

    Parsing allocates hundreds of thousands of small acyclic objects (tokens, trees, nodes); each
    allocation burst triggers a generation-2 scan of everything alive, which doubled the parse time
    of a 1,000-tool spec. Nothing here creates reference cycles, so pausing is safe; the previous
    state is restored on exit.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def parse_source(source: Source, diags: Diagnostics) -> tuple[Module | None, bool]:
    """Parses a file as far as possible, also past errors.

    Args:
        source: the decoded file; ``source.path`` becomes the file of every span.
        diags: receives every syntax, lexical and literal error found.

    Returns:
        ``(module, ok)``: ``module`` holds the declarations that parsed (``None`` only when the parser
        gave up after :data:`MAX_SYNTAX_ERRORS`); ``ok`` is False when any error was reported. The loader
        uses a partial module to follow the imports of a broken file.
    """
    report = _Reporter(diags)
    with gc_paused():
        tree = _Driver(source, report).run()
        if tree is None:
            return None, False
        try:
            items = _Build(source.path, report).transform(tree)
        except SpecError as e:
            report.add(e)
            return None, False
        except VisitError as e:  # exceptions inside a lark Transformer arrive wrapped
            if isinstance(e.orig_exc, SpecError):
                report.add(e.orig_exc)
                return None, False
            raise e.orig_exc from e
    locale: str | None = None
    locale_span: Span | None = None
    imports: list[Import] = []
    decls: list[Any] = []
    for item in items:
        if isinstance(item, tuple):  # ("locale", name, span)
            if locale is not None:
                report.add(SpecError("E303", "`locale` is set twice in this file", item[2],
                                     hint="a file has at most one `locale`",
                                     notes=(f"first set at {locale_span}",) if locale_span else ()))
                continue
            locale, locale_span = item[1], item[2]
        elif isinstance(item, Import):
            imports.append(item)
        else:
            decls.append(item)
    lines = source.text.split("\n")
    span = Span(source.path, 1, 1, len(lines), len(lines[-1]) + 1)
    module = Module(path=source.path, locale=locale, imports=tuple(imports), decls=tuple(decls), span=span)
    return module, report.count == 0


def parse_module(source: Source, diags: Diagnostics) -> Module | None:
    """Parses one `.tool` file into a :class:`~dsl.ast.Module`.

    Args:
        source: the decoded file (``source.path`` is the file name used in spans and messages).
        diags: collects every error found in the file -- syntax errors (E001, as many as recovery
            finds, each saying what was expected), string/template errors (E002, E003) and
            value errors the grammar cannot express (E203 ranges, E205 literals, E303 a second
            ``locale`` or dataset setting, E305 dataset values).

    Returns:
        The module, or ``None`` when any error was reported for this file.

    Raises:
        Nothing for a bad spec: every problem is a :class:`~dsl.diagnostics.SpecError` in ``diags``.
    """
    module, ok = parse_source(source, diags)
    return module if ok else None
