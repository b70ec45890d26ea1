"""Parse stage, driver: `.tool` source -> lark parse tree, with LALR panic-mode recovery (input: a Source; output: a Tree or None, errors into a Reporter).

Syntax errors are collected, not raised: the parser is driven token by token through lark's interactive
LALR parser (https://lark-parser.readthedocs.io/en/stable/classes.html#interactiveparser), and on an error it

1. labels the failure from a table of known-bad snippets (:data:`.examples.ERROR_EXAMPLES`, matched with
   ``UnexpectedInput.match_examples`` and, failing an exact match, by parser state alone), and always
   says what was expected, in readable tokens (:func:`.grammar.describe_terminal`);
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

import unicodedata
from dataclasses import replace
from functools import lru_cache
from typing import Any, Iterator

from lark import Token, Tree
from lark.exceptions import UnexpectedCharacters, UnexpectedInput, UnexpectedToken
from lark.parsers.lalr_analysis import Shift

from ..diagnostics import Label, SpecError, did_you_mean
from ..span import Source, Span
from .examples import ERROR_EXAMPLES
from .grammar import Reporter, describe_terminal, parser, terminal_names, tok_span

__all__ = ["DECL_KEYWORDS", "MAX_SYNTAX_ERRORS", "example_table", "parse_tree"]

#: Syntax errors reported per file before the parser gives up on it.
MAX_SYNTAX_ERRORS = 25
#: Keywords that start a top-level declaration: panic-mode recovery resumes at them.
DECL_KEYWORDS = ("tool", "slot", "scenario", "dataset", "import", "locale")
_SYNC = frozenset("_" + k.upper() for k in DECL_KEYWORDS)  # their terminal names in tool.lark
_OPENERS = {"LBRACE": ("{", "}"), "LPAR": ("(", ")"), "LSQB": ("[", "]")}


def parse_tree(source: Source, report: Reporter) -> Tree | None:
    """Parses ``source`` as far as possible, reporting every syntax and lexical error (E001, E003) to ``report``.

    Returns:
        The parse tree of what parsed (broken declarations are skipped), or ``None`` when the file had
        :data:`MAX_SYNTAX_ERRORS` errors and the rest was not checked.
    """
    return _Driver(source, report).run()


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
def example_table() -> tuple[dict[str, UnexpectedInput], dict[tuple[Any, str], str], dict[Any, str]]:
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
                parser().parse(snippet, start="start")
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
    errors, by_type, by_state = example_table()

    def replay(snippet: str) -> None:
        raise errors[snippet]

    label = e.match_examples(replay, ERROR_EXAMPLES, token_type_match_fallback=True, use_accepts=False)
    if label is None and e.state is not None:
        label = by_type.get((e.state.position, e.token.type)) or by_state.get(e.state.position)
    return label


class _TooManyErrors(Exception):
    pass


class _Driver:
    """Feeds tokens to lark's LALR parser state one by one, reporting and recovering from syntax errors."""

    def __init__(self, source: Source, report: Reporter) -> None:
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
            d = error.diagnostic
            self.report.add(replace(d, notes=(*d.notes, "too many syntax errors: the rest of this file is not checked")))
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
                at_end = reached.type == "$END"
                before = Label(self.eof_span() if at_end else tok_span(file, reached),
                               f"expected `{close_ch}` before {'the end of the file' if at_end else 'this declaration'}")
                self.error(SpecError("E001", f"unclosed `{open_ch}`{where}", tok_span(file, opener),
                                     hint=f"this `{open_ch}` is never closed", labels=(before,)))
                return
        if reached is not tok:  # a line-start keyword the parser had taken for a name
            self.error(SpecError(
                "E001", f"the declaration before `{reached.value}` is incomplete", tok_span(file, reached),
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
        elif ps is not None and len(ps.state_stack) >= 2 and ps.value_stack and \
                isinstance(ps.value_stack[-1], Token) and ps.value_stack[-1].type in ("NAME", "QNAME", "WORD"):
            # a misspelt keyword read as a name (`retruns {` is a parameter `retruns` missing its `:`): the
            # keywords the parser took before that name
            before = ps.parse_conf.states[ps.state_stack[-2]].keys()
            name = str(ps.value_stack[-1].value)
            guess = did_you_mean(name, [k for n in before if (k := self.keyword(n))])
            if guess:
                hint = f"{hint}; `{name}` was read as a name: {guess}"
        message = label or f"unexpected {_found_text(reached)}"
        labels: tuple[Label, ...] = ()
        closers = {close: open_ for open_, close in _OPENERS.values()}
        if str(reached.value) in closers and reached.type != "STRING":
            opener = next((v for v in reversed(ps.value_stack) if isinstance(v, Token) and v.type in _OPENERS), None)
            if opener is not None and _OPENERS[opener.type][1] != reached.value:
                labels = (Label(tok_span(file, opener), f"this `{opener.value}` is still open"),)
        self.error(SpecError("E001", message, self.eof_span() if reached.type == "$END" else tok_span(file, reached),
                             hint=hint, labels=labels))

    @staticmethod
    def keyword(terminal: str) -> str | None:
        text = terminal_names().get(terminal, "")
        return text[1:-1] if text.startswith("`") and text[1:-1].isalpha() else None

    def where(self, stack: list) -> str:
        """Names the declaration being parsed (`` in tool `get_weather` ``), read from the parser's value stack."""
        for i, v in enumerate(stack):
            if isinstance(v, Token) and v.type in _SYNC and i + 1 < len(stack):
                name = stack[i + 1]
                if isinstance(name, Tree) and name.children:  # an inlined `_tool_name` still on the stack
                    name = name.children[0]
                if isinstance(name, Token):
                    shown = name.value[1:-1] if name.type == "STRING" else name.value
                    return f" in {v.value} `{shown}`"
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
        ip = parser().parse_interactive(self.text, start="start")
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
