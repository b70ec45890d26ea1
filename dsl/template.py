"""Template stage: string literals and template strings (input: a quoted literal as written; output: text / Template).

A string literal is double-quoted with JSON escapes (RFC 8259 section 7: ``\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX``)
plus the template escapes ``\\{ \\} \\[ \\] \\( \\) \\|``, which stand for the character itself. In a plain
string (a description, a question, a map key) the template escapes are simply that character; in a
user/assistant template they make the character literal text instead of template syntax:

* ``{slot}``, ``{slot as alias}`` -- :class:`~dsl.ast.SlotRef`;
* ``{w.temp_c}``, ``{r[0].name}``, ``{r.items[1]}`` -- :class:`~dsl.ast.ResultRef`;
* ``[text]`` -- :class:`~dsl.ast.OptionalPart` (nests; ``[a|b]`` is an optional choice);
* ``(a|b)`` -- :class:`~dsl.ast.ChoicePart` when the group has a top-level ``|``, otherwise the
  parentheses and their content are literal text;
* ``{for f in r.files}...{endfor}`` -- :class:`~dsl.ast.ForPart`: the text between them once per item of a result's
  list, ``{f.path}`` reading the item (nests; ``endfor`` is no placeholder); inside, ``{sep}`` starts the text
  written between two items and ``{lastsep}`` the text between the last two (``{c}{sep}, {lastsep} and {endfor}``);
* a ``|`` anywhere else is an error (``\\|`` writes a literal bar).

Positions: a string token never spans lines, so content offset ``i`` sits at column
``span.col + 1 + i`` of the literal's line. Every error and every slot/result reference gets a span
pointing at the exact characters inside the string.
"""

from __future__ import annotations

import re

from .ast import ChoicePart, ExprRef, ForPart, OptionalPart, ResultRef, SlotRef, Template, TemplatePart, Text
from .diagnostics import SpecError
from .span import Span

#: JSON escapes (RFC 8259 section 7) -> the character they stand for.
JSON_ESCAPES: dict[str, str] = {'"': '"', "\\": "\\", "/": "/", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t"}
#: Template characters that a backslash makes literal.
TEMPLATE_CHARS = "{}[]()|"
#: Deepest nesting of ``[...]`` / ``(...)`` accepted in one template.
MAX_TEMPLATE_NESTING = 32

_ESCAPE_HINT = ('valid escapes: \\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX, '
                "and \\{ \\} \\[ \\] \\( \\) \\| for literal template characters")
_NAME = r"[A-Za-z_][A-Za-z0-9_]*"
_SLOT_RE = re.compile(rf"\s*({_NAME})(?:\s+as\s+({_NAME}))?\s*", re.ASCII)
_RESULT_RE = re.compile(rf"\s*({_NAME})((?:\.{_NAME}|\[[0-9]+\])+)\s*", re.ASCII)
_STEP_RE = re.compile(rf"\.({_NAME})|\[([0-9]+)\]", re.ASCII)
_FOR_RE = re.compile(rf"\s*for\s+({_NAME})\s+in\s+({_NAME})((?:\.{_NAME}|\[[0-9]+\])*)\s*", re.ASCII)
_FOR_START_RE = re.compile(r"for\s", re.ASCII)
#: The placeholder that closes a ``{for ...}`` loop, and those that start its separators.
END_FOR, SEP, LAST_SEP = "endfor", "sep", "lastsep"
_LOOP_MARKS = frozenset({END_FOR, SEP, LAST_SEP})
_PLACEHOLDER_HINT = "write `{slot}`, `{slot as alias}` or a result path such as `{w.temp_c}` / `{r[0].name}`"
# One piece of literal content: an escape, one template character, or a run of other text.
_PIECE_RE = re.compile(r"\\(u[0-9a-fA-F]{4}|.?)|([{}\[\]()|])|([^\\{}\[\]()|]+)", re.DOTALL)
_CONTROL_RE = re.compile(r"[\x00-\x08\x0a-\x1f]")
# The pieces of content without escapes: one template character, or a run of other text.
_PLAIN_PIECE_RE = re.compile(r"([{}\[\]()|])|[^{}\[\]()|]+")

_new_span = tuple.__new__  # Span(...) without its keyword-handling __new__

# Kinds of pieces.
_TEXT, _META = 0, 1


class _Where:
    """Maps content offsets of one literal to source spans."""

    __slots__ = ("file", "line", "col")

    def __init__(self, literal: str, span: Span | None) -> None:
        span = span or Span("<string>", 1, 1, 1, len(literal) + 1)
        self.file, self.line, self.col = span.file, span.line, span.col + 1

    def at(self, start: int, end: int) -> Span:
        """Span of content characters ``[start, end)`` (offsets after the opening quote)."""
        return _new_span(Span, (self.file, self.line, self.col + start, self.line, self.col + max(end, start + 1)))


def _pieces(literal: str, where: _Where, template: bool) -> list[tuple[int, str, int, int]]:
    """Splits a quoted literal into ``(kind, text, start, end)`` pieces; offsets count from after the quote.

    Escapes are decoded into ``_TEXT`` pieces; unescaped template characters become ``_META`` pieces
    when ``template`` (otherwise text).

    Raises:
        SpecError: E003 for an unterminated literal, an invalid escape, a lone surrogate or a raw
            control character (a tab is allowed).
    """
    if len(literal) < 2 or literal[0] != '"' or literal[-1] != '"' or literal.endswith('\\"') and _odd_tail(literal):
        raise SpecError("E003", "unterminated string", where.at(-1, len(literal) - 1),
                        hint='add the closing `"`; a string ends on the line it starts')
    text = literal[1:-1]
    if "\\" not in text and not _CONTROL_RE.search(text):  # no escapes to decode, nothing to refuse
        meta = _META if template else _TEXT
        return [(_TEXT, m.group(), m.start(), m.end()) if m.lastindex is None else (meta, m.group(), m.start(), m.end())
                for m in _PLAIN_PIECE_RE.finditer(text)]
    out: list[tuple[int, str, int, int]] = []
    pos, n = 0, len(text)
    while pos < n:
        m = _PIECE_RE.match(text, pos)
        assert m is not None  # the pattern matches any non-empty rest
        end = m.end()
        esc, meta, run = m.group(1), m.group(2), m.group(3)
        if run is not None:
            bad = _CONTROL_RE.search(run)
            if bad:
                at = pos + bad.start()
                raise SpecError("E003", f"control character U+{ord(bad.group()):04X} in a string", where.at(at, at + 1),
                                hint=f"write it as \\u{ord(bad.group()):04x}")
            out.append((_TEXT, run, pos, end))
        elif meta is not None:
            out.append((_META if template else _TEXT, meta, pos, end))
        elif esc in JSON_ESCAPES:
            out.append((_TEXT, JSON_ESCAPES[esc], pos, end))
        elif esc and esc in TEMPLATE_CHARS:
            out.append((_TEXT, esc, pos, end))
        elif esc.startswith("u") and len(esc) == 5:
            code = int(esc[1:], 16)
            if 0xD800 <= code < 0xDC00:  # a high surrogate must be followed by a low one
                low = _PIECE_RE.match(text, end)
                lo_esc = low.group(1) if low else None
                if lo_esc and lo_esc.startswith("u") and len(lo_esc) == 5 and 0xDC00 <= int(lo_esc[1:], 16) < 0xE000:
                    code = 0x10000 + ((code - 0xD800) << 10) + (int(lo_esc[1:], 16) - 0xDC00)
                    end = low.end()  # type: ignore[union-attr]
            if 0xD800 <= code < 0xE000:
                raise SpecError("E003", "lone surrogate in a \\u escape", where.at(pos, end),
                                hint="write the character itself, or a \\uD8xx\\uDCxx pair")
            out.append((_TEXT, chr(code), pos, end))
        elif esc.startswith("u"):
            raise SpecError("E003", "invalid escape: `\\u` needs four hex digits", where.at(pos, pos + 2),
                            hint="for example \\u00e9")
        else:
            shown = "\\" + esc
            raise SpecError("E003", f"invalid escape `{shown}` in a string", where.at(pos, end), hint=_ESCAPE_HINT)
        pos = end
    return out


def _odd_tail(literal: str) -> bool:
    """True when the final quote of ``literal`` is escaped (an odd run of backslashes before it)."""
    k = len(literal) - 2
    run = 0
    while k >= 1 and literal[k] == "\\":
        run += 1
        k -= 1
    return run % 2 == 1


def unquote(literal: str, span: Span | None = None) -> str:
    """Decodes a string literal as written in a spec (with its quotes) into its text.

    Args:
        literal: the token text, e.g. ``"城市\\n名称"`` including both double quotes.
        span: the token's span (one line); error spans point inside it.

    Returns:
        The decoded text (JSON escapes and template escapes resolved).

    Raises:
        SpecError: E003 for an invalid escape or a raw control character.
    """
    if "\\" not in literal and len(literal) >= 2 and literal[0] == '"' == literal[-1] and not _CONTROL_RE.search(literal):
        return literal[1:-1]
    return "".join(p[1] for p in _pieces(literal, _Where(literal, span), template=False))


def parse_template(literal: str, span: Span | None = None, parse_expr=None) -> Template:
    """Parses one user/assistant alternative into a :class:`~dsl.ast.Template`.

    Args:
        literal: the string token as written, including both double quotes, e.g. ``"查一下{city}的天气[，谢谢]"``.
        span: the token's span in its file (a string literal never spans lines). Spans of the parts
            (``SlotRef`` names, ``ResultRef`` paths, texts) are computed inside it.
        parse_expr: ``(text, span) -> expression node`` for a placeholder that is neither a slot nor a result
            path (``{max(r, rating).name}``, ``{cond_zh[w.condition]}``); ``None``: such placeholders are errors.

    Returns:
        The template; ``source_text`` is the literal's content as written (without the quotes).
        Adjacent text is merged into one :class:`~dsl.ast.Text`.

    Raises:
        SpecError: E002 for unbalanced ``{ } [ ] ( )``, a stray ``|``, a malformed placeholder or
            nesting deeper than :data:`MAX_TEMPLATE_NESTING`; E003 for a bad escape.
    """
    where = _Where(literal, span)
    parser = _TemplateParser(_pieces(literal, where, template=True), literal[1:-1], where, parse_expr)
    parts = parser.sequence(None, False, 0)
    return Template.make(parts=parts, source_text=literal[1:-1], span=span)


class _TemplateParser:
    """Recursive descent over pieces: sequence := (text | {..} | [..] | (..))*."""

    def __init__(self, pieces: list[tuple[int, str, int, int]], content: str, where: _Where, parse_expr=None) -> None:
        self.pieces = pieces
        self.content = content
        self.where = where
        self.parse_expr = parse_expr
        self.i = 0

    def error(self, message: str, start: int, end: int, hint: str | None = None) -> SpecError:
        return SpecError("E002", message, self.where.at(start, end), hint=hint)

    def sequence(self, closer: str | None, bars: bool, depth: int) -> tuple[TemplatePart, ...]:
        """Parses parts up to (not including) the meta ``closer`` or, when ``bars``, a meta ``|``."""
        parts: list[TemplatePart] = []
        buf: list[tuple[int, str, int, int]] = []  # pending text pieces
        pieces, n = self.pieces, len(self.pieces)
        while self.i < n:
            piece = self.pieces[self.i]
            kind, ch, start, end = piece
            if kind == _TEXT:
                buf.append(piece)
                self.i += 1
                continue
            if ch == closer or (bars and ch == "|"):
                break
            if ch == "{":
                body = self.peek_placeholder()
                if closer == END_FOR and body in _LOOP_MARKS:
                    break
                if body == END_FOR:
                    raise self.error("`{endfor}` closes no `{for ...}` loop", start, self.placeholder_end(),
                                     hint="open the loop with `{for x in result.list}`, or write `\\{endfor\\}` "
                                          "for the literal text")
                self.flush(buf, parts)
                if body is not None and _FOR_RE.fullmatch(body):
                    parts.append(self.loop(depth + 1))
                elif body is not None and _FOR_START_RE.match(body):
                    raise self.error(f"malformed loop `{{{body}}}`", start, self.placeholder_end(),
                                     hint="write `{for x in r.items}`: a new name, `in`, and a result's list")
                else:
                    parts.append(self.placeholder())
            elif ch == "[":
                self.flush(buf, parts)
                parts.append(self.optional(depth + 1))
            elif ch == "(":
                open_p = piece
                alternatives = self.group(")", depth + 1)
                close_p = pieces[self.i - 1]
                if len(alternatives) > 1:
                    self.flush(buf, parts)
                    parts.append(ChoicePart.make(alternatives=alternatives, span=self.where.at(start, close_p[3])))
                else:  # no top-level `|`: the parentheses are literal text around ordinary parts
                    buf.append((_TEXT, "(", open_p[2], open_p[3]))
                    for p in alternatives[0]:
                        if isinstance(p, Text):
                            s = p.span
                            off = s.col - self.where.col if s is not None else 0
                            buf.append((_TEXT, p.text, off, off + (s.end_col - s.col if s is not None else 0)))
                        else:
                            self.flush(buf, parts)
                            parts.append(p)
                    buf.append((_TEXT, ")", close_p[2], close_p[3]))
            elif ch == "|":
                raise self.error("`|` outside an inline choice", start, end,
                                 hint='write `(a|b)` for a choice, `"a" | "b"` for alternatives, or `\\|` for a literal bar')
            else:  # a closer that nobody opened
                opener = {"}": "{", "]": "[", ")": "("}[ch]
                raise self.error(f"unmatched `{ch}` in template", start, end,
                                 hint=f"no `{opener}` opens it; write `\\{ch}` for a literal `{ch}`")
        self.flush(buf, parts)
        return tuple(parts)

    def flush(self, buf: list[tuple[int, str, int, int]], parts: list[TemplatePart]) -> None:
        """Turns pending text pieces into one :class:`~dsl.ast.Text` part."""
        if buf:
            text = buf[0][1] if len(buf) == 1 else "".join([p[1] for p in buf])
            parts.append(Text.make(text=text, span=self.where.at(buf[0][2], buf[-1][3])))
            buf.clear()

    def brace_after(self) -> int:
        """The index of the first unescaped ``{`` or ``}`` after the placeholder that opens at ``self.i`` (its
        closing brace when it is closed), or ``len(self.pieces)``."""
        j = self.i + 1
        while j < len(self.pieces) and not (self.pieces[j][0] == _META and self.pieces[j][1] in "{}"):
            j += 1
        return j

    def placeholder_end(self) -> int:
        """The content offset just past the ``}`` closing the placeholder that opens at ``self.i`` (or the end of
        the content)."""
        j = self.brace_after()
        return self.pieces[j][3] if j < len(self.pieces) else len(self.content)

    def peek_placeholder(self) -> str | None:
        """The stripped text of the placeholder that opens at ``self.i`` when it is closed and holds plain
        characters and ``[ ]`` only (no escape, no other template character), else ``None``; ``self.i`` is left
        where it is."""
        j = self.brace_after()
        if j == len(self.pieces) or self.pieces[j][1] != "}" or not all(map(_plain, self.pieces[self.i + 1:j])):
            return None
        return self.content[self.pieces[self.i][3]:self.pieces[j][2]].strip()

    def loop(self, depth: int) -> ForPart:
        """``{for VAR in BASE.PATH}`` ... ``{endfor}``; leaves ``self.i`` just past the ``{endfor}``."""
        _, _, open_start, open_end = self.pieces[self.i]
        if depth > MAX_TEMPLATE_NESTING:
            raise self.error(f"template nests `[...]`/`(...)`/`{{for}}` deeper than {MAX_TEMPLATE_NESTING} levels",
                             open_start, open_end)
        head_end = self.skip_placeholder()
        m = _FOR_RE.fullmatch(self.content[open_end:head_end - 1])
        assert m is not None  # sequence() looked
        path = tuple(int(ix) if ix else name for name, ix in _STEP_RE.findall(m.group(3)))
        texts: dict[str, tuple[TemplatePart, ...]] = {}
        mark = "parts"
        while True:
            texts[mark] = self.sequence(END_FOR, False, depth)
            if self.i >= len(self.pieces):
                raise self.error("unclosed `{for ...}` loop in template", open_start, head_end,
                                 hint="end the text to repeat with `{endfor}`")
            at, mark = self.pieces[self.i][2], self.peek_placeholder()
            close_end = self.skip_placeholder()
            if mark == END_FOR:
                break
            if mark in texts or (mark == LAST_SEP and SEP not in texts):
                raise self.error(f"`{{{mark}}}` out of place in a loop", at, close_end,
                                 hint="a loop is `{for x in r.items}TEXT{sep}BETWEEN{lastsep}BEFORE LAST{endfor}`, "
                                      "the last two parts optional, each once")
        if not texts["parts"]:
            raise self.error("empty `{for ...}` loop in template", open_start, close_end,
                             hint="write the text to repeat for each item between `{for ...}` and `{endfor}`")
        return ForPart.make(var=m.group(1), base=m.group(2), path=path, parts=texts["parts"],
                            between=texts.get(SEP, ()), last=texts.get(LAST_SEP),
                            span=self.where.at(open_end + m.start(1), open_end + m.end(3)))

    def skip_placeholder(self) -> int:
        """Moves ``self.i`` past the closed placeholder that opens there; returns the content offset past its
        ``}``."""
        self.i = self.brace_after() + 1
        return self.pieces[self.i - 1][3]

    def placeholder(self) -> SlotRef | ResultRef | ExprRef:
        _, _, open_start, open_end = self.pieces[self.i]
        j = self.brace_after()
        if j == len(self.pieces) or self.pieces[j][1] == "{":
            raise self.error("unclosed `{` in template", open_start, open_end,
                             hint="add the closing `}`, or write `\\{` for a literal brace")
        inner = self.pieces[self.i + 1:j]
        close_end = self.pieces[j][3]
        self.i = j + 1
        if all(map(_plain, inner)):
            body = self.content[open_end:close_end - 1]  # plain characters: body offsets map 1:1 to the source

            def span_of(a: int, b: int) -> Span:
                return self.where.at(open_end + a, open_end + b)

            m = _SLOT_RE.fullmatch(body)
            if m:
                return SlotRef.make(name=m.group(1), alias=m.group(2), span=span_of(m.start(1), m.end(1)))
            m = _RESULT_RE.fullmatch(body)
            steps = _STEP_RE.findall(m.group(2)) if m else []
            if m and all(len(ix) <= 18 for _, ix in steps):  # a longer index is no list position (nor an int() input)
                path = tuple(int(ix) if ix else name for name, ix in steps)
                return ResultRef.make(base=m.group(1), path=path, span=span_of(m.start(1), m.end(2)))
        if self.parse_expr is not None and all(p[0] == _META or p[3] - p[2] == len(p[1]) for p in inner) and inner:
            body = self.content[open_end:close_end - 1]
            return ExprRef.make(expr=self.parse_expr(body, self.where.at(open_end, close_end - 1)),
                           span=self.where.at(open_start, close_end))
        shown = self.content[open_start:close_end]
        raise SpecError("E002", f"invalid placeholder `{shown}` in template", self.where.at(open_start, close_end),
                        hint=_PLACEHOLDER_HINT)

    def optional(self, depth: int) -> OptionalPart:
        _, _, open_start, open_end = self.pieces[self.i]
        alternatives = self.group("]", depth)
        close_end = self.pieces[self.i - 1][3]
        parts: tuple[TemplatePart, ...]
        if len(alternatives) == 1:
            parts = alternatives[0]
        else:
            parts = (ChoicePart.make(alternatives=alternatives, span=self.where.at(open_start, close_end)),)
        if not parts:
            raise self.error("empty `[]` in template", open_start, close_end,
                             hint="put the optional text inside the brackets, or write `\\[\\]` for literal brackets")
        return OptionalPart.make(parts=parts, span=self.where.at(open_start, close_end))

    def group(self, closer: str, depth: int) -> tuple[tuple[TemplatePart, ...], ...]:
        """Parses ``opener alt (| alt)* closer``; leaves ``self.i`` just past the closer."""
        _, opener, open_start, open_end = self.pieces[self.i]
        if depth > MAX_TEMPLATE_NESTING:
            raise self.error(f"template nests `[...]`/`(...)` deeper than {MAX_TEMPLATE_NESTING} levels",
                             open_start, open_end)
        self.i += 1
        alts = [self.sequence(closer, True, depth)]
        while self.i < len(self.pieces) and self.pieces[self.i][1] == "|" and self.pieces[self.i][0] == _META:
            self.i += 1
            alts.append(self.sequence(closer, True, depth))
        if self.i >= len(self.pieces):
            what = "an inline choice or literal parentheses" if closer == ")" else "an optional part"
            raise self.error(f"unclosed `{opener}` in template", open_start, open_end,
                             hint=f"`{opener}` opens {what}; add `{closer}`, or write `\\{opener}` for a literal `{opener}`")
        self.i += 1  # the closer
        return tuple(alts)


def _plain(piece: tuple[int, str, int, int]) -> bool:
    """Whether a piece inside braces is plain: characters as written (no escape), or a result path's ``[`` ``]``."""
    kind, text, start, end = piece
    return text in "[]" if kind == _META else end - start == len(text)


def static_text(parts: tuple[TemplatePart, ...]) -> list[str]:
    """The literal texts of a template's parts, those inside optional parts and every alternative of a choice
    included, in order; placeholders left out."""
    out: list[str] = []
    for p in parts:
        if isinstance(p, Text):
            out.append(p.text)
        elif isinstance(p, OptionalPart):
            out += static_text(p.parts)
        elif isinstance(p, ForPart):
            out += static_text(p.texts())
        elif isinstance(p, ChoicePart):
            for alt in p.alternatives:
                out += static_text(alt)
    return out
