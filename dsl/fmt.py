"""Format stage: a `.tool` file -> its canonical layout (input: source text; output: text with the same AST and comments).

``toolc fmt`` rewrites files in one layout, as gofmt and black do, so specs read alike and diffs show
changes, not spacing. The layout:

* four spaces per level; declarations in the order written, one blank line between multi-line ones;
  blank lines inside a body kept where the author put them (at most one);
* a parameter is ``name: TYPE[?|!][ = DEFAULT]  "description"  ask "question"``; within a body the
  descriptions line up (over the described parameters whose head is at most :data:`ALIGN_MAX` columns), and what
  does not fit in :data:`WIDTH` columns continues on the next line under the descriptions;
* alternatives (``user``, ``assistant``, ``ask``, ``system``) and object types stay on one line when they were
  written on one line and fit; otherwise one alternative or field a line (alternatives continue with ``|`` under
  the first string);
* a slot's values (``slot city = "a" | "b"``, ``slot tz = { "Tokyo": "Asia/Tokyo", ... }``) fill lines of
  :data:`WIDTH` columns, choices continuing with ``|`` under the ``=``, map entries under the first entry (a long
  pool stays a paragraph, not a page); with a comment among them, one value or entry a line;
* template strings are kept as written (their escapes included); other strings and numbers are written
  in one way (JSON escapes, ``2.5``, ``+3d``).

Comments are kept: a comment on its own line stays before the code that follows it, and a comment after
code stays at the end of that code's (last) line. Formatting checks its own output: the result must parse
to the same AST with the same comments in the same order (:class:`FormatError` otherwise), so it never
changes what a build makes of the file.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Any, Iterable

from . import ast
from .diagnostics import Diagnostics
from .parse import Comment, parse_with_comments
from .span import Source, Span
from .unparse import (quote, unparse_case_arms, unparse_default, unparse_expr, unparse_name, unparse_source, unparse_type,
                      unparse_value)
from .unparse import _PARAM_KEYWORDS  # noqa: PLC2701 - one list of the words a parameter name must quote

__all__ = ["ALIGN_MAX", "FormatError", "WIDTH", "format_source", "format_text"]

#: Line width the layout aims for, in terminal columns (:func:`_width`; strings are never broken, so a line may be
#: longer).
WIDTH = 120
#: Parameters whose head (``name: TYPE ...``) is longer than this do not push the description column right.
ALIGN_MAX = 44
INDENT = "    "


class FormatError(Exception):
    """The formatted text would not mean the same as the input (a bug in the formatter; nothing is written)."""


@dataclass
class _Line:
    """One output line and the source lines of the code it prints (for placing comments and blank lines)."""

    text: str
    depth: int
    first: int
    last: int
    closes: bool = False  # a line that closes a block (`}`): comments before it sit one level deeper


def format_source(source: Source, diags: Diagnostics) -> str | None:
    """The canonical text of one file, or ``None`` when it has errors (reported to ``diags``).

    Raises:
        FormatError: the result would parse differently (a bug; the caller keeps the file as it is).
    """
    module, comments = parse_with_comments(source, diags)
    if module is None:
        return None
    text = _Formatter(module, comments, source.text).run()
    check = Diagnostics()
    again, again_comments = parse_with_comments(Source(source.path, text), check)
    same = again is not None and again.model_dump_json() == module.model_dump_json()  # JSON tells 3 from 3.0
    if not same or [c.text for c in again_comments] != [c.text for c in comments]:
        detail = check.render() if check else "the declarations or comments differ"
        raise FormatError(f"formatting {source.path} would change its meaning: {detail}")
    return text


def format_text(text: str, path: str = "<text>") -> str:
    """:func:`format_source` of a string.

    Raises:
        ValueError: the text has spec errors (the message is the rendered diagnostics).
        FormatError: see :func:`format_source`.
    """
    diags = Diagnostics()
    source = Source(path, text)
    diags.sources[path] = source
    out = format_source(source, diags)
    if out is None:
        raise ValueError(diags.render())
    return out


def _lines(span: Span | None) -> tuple[int, int]:
    return (span.line, span.end_line) if span is not None else (0, 0)


def _num(v: int | float) -> str:
    return repr(int(v)) if isinstance(v, float) and v.is_integer() and abs(v) < 1e15 else repr(v)


class _Formatter:
    def __init__(self, module: ast.Module, comments: list[Comment], text: str) -> None:
        self.module = module
        self.comments = comments
        self.source_lines = text.split("\n")
        self.out: list[_Line] = []
        self.comment_lines = {c.line for c in comments}

    # ------------------------------------------------------------------------------------------ helpers

    def emit(self, text: str, depth: int, first: int, last: int | None = None, closes: bool = False) -> None:
        self.out.append(_Line(text, depth, first, first if last is None else last, closes))

    def has_comment(self, span: Span | None) -> bool:
        """Whether a comment sits inside ``span`` (then it is laid out one item a line)."""
        if span is None:
            return False
        return any(span.line <= c.line <= span.end_line for c in self.comments)

    def multiline(self, span: Span | None) -> bool:
        return span is not None and span.end_line > span.line

    # ------------------------------------------------------------------------------------------ module

    def run(self) -> str:
        items: list[tuple[int, int, Any]] = []
        m = self.module
        if m.locale is not None:
            items.append((*_lines(m.locale_span)[:1], 0, ("locale", m.locale, m.locale_span)))
        for imp in m.imports:
            items.append((_lines(imp.span)[0], 1, imp))
        for d in m.decls:
            items.append((_lines(d.span)[0], 2, d))
        items.sort(key=lambda x: (x[0], x[1]))
        starts: list[int] = []
        for _, _, item in items:
            starts.append(len(self.out))
            if isinstance(item, tuple):
                self.emit(f"locale {item[1]}", 0, *_lines(item[2]))
            elif isinstance(item, ast.Import):
                self.emit(f"import {quote(item.path)}", 0, *_lines(item.span))
            elif isinstance(item, ast.Tool):
                self.tool(item)
            elif isinstance(item, ast.Slot):
                self.slot(item)
            elif isinstance(item, ast.Scenario):
                self.scenario(item)
            else:
                self.dataset(item)
        return self.assemble(starts)

    # ------------------------------------------------------------------------------------------ tools

    def tool(self, t: ast.Tool) -> None:
        first, last = _lines(t.span)
        head = f"tool {unparse_name(t.name)}" + (f" {quote(t.description)}" if t.description else "")
        if not t.params and t.returns is None and not t.confirm and not t.errors and not self.has_comment(t.span):
            self.emit(head + " {}", 0, first, last)
            return
        self.emit(head + " {", 0, first)
        self.params(t.params, 1)
        if t.returns is not None:
            sim = f" simulate {quote(t.simulate)}" if t.simulate else ""
            rf, rl = _lines(t.returns.span)
            self.typed_line("returns ", t.returns, 1, rf, max(rl, _lines(t.simulate_span)[1]), sim)
        if t.confirm:
            cf, cl = _lines(t.confirm[0].span)
            self.alternatives("confirm", [(_lang(c.lang) + quote(c.text), c.span) for c in t.confirm], 1, cf,
                              _lines(t.confirm[-1].span)[1], cf != _lines(t.confirm[-1].span)[1])
        for e in t.errors:
            line = f"error {e.name} " + (" | ".join(_lang(m.lang) + quote_raw(m.template.source_text) for m in e.messages)
                                          or quote_raw(e.message.source_text))
            if e.when is not None:
                line += f" when {unparse_expr(e.when)}"
            if e.rate is not None:
                line += f" rate {_num(e.rate)}%"
            self.emit(line, 1, *_lines(e.span))
        self.emit("}", 0, last, closes=True)

    def params(self, params: Iterable[ast.Param], depth: int) -> None:
        params = list(params)
        heads = {id(p): self.head(p) for p in params}
        expanded = {id(p): self.expands(p.type, depth, heads[id(p)]) for p in params}
        short = [len(heads[id(p)]) for p in params
                 if not expanded[id(p)] and len(heads[id(p)]) <= ALIGN_MAX and (p.description or p.ask)]
        column = max(short, default=0) + 2
        for p in params:
            first, last = _lines(p.span)
            tails = ([quote(p.description)] if p.description else []) + \
                [f"ask {_lang(a.lang)}{quote(a.text)}" for a in p.asks]
            if expanded[id(p)]:
                obj, (opening, closing) = _object_of(p.type)
                self.emit(f"{unparse_name(p.name, keywords=_PARAM_KEYWORDS)}: {opening}{{", depth, first)
                self.params(obj.fields, depth + 1)
                self.finish("}" + _where(obj) + closing + self.suffix(p), tails, depth, last, last, None, closes=True)
            elif self.long_case(p, depth, heads[id(p)]):
                # `name: TYPE = case {`, one arm a line, then `}` and the description
                head = heads[id(p)]
                self.emit(head[:len(head) - len(unparse_expr(p.source))] + "case {", depth, first)
                for arm, text in zip(p.source.arms, unparse_case_arms(p.source)):
                    self.emit(text, depth + 1, *_lines(arm.span or p.span))
                self.finish("}", tails, depth, last, last, None, closes=True)
            else:
                head = heads[id(p)]
                self.finish(head, tails, depth, first, last, column if len(head) <= ALIGN_MAX else None)

    def long_case(self, p: ast.Param, depth: int, head: str) -> bool:
        """Whether a result field's ``case`` source is laid out one arm a line: it was written so, or its line
        would pass :data:`WIDTH`."""
        if p.default is not None or getattr(p.source, "kind", None) != "case":
            return False
        return self.multiline(p.source.span) or len(INDENT * depth) + _width(head) > WIDTH

    def head(self, p: ast.Param) -> str:
        """``name: TYPE[?|!][ = DEFAULT]`` on one line."""
        return f"{unparse_name(p.name, keywords=_PARAM_KEYWORDS)}: {unparse_type(p.type)}{self.suffix(p)}"

    @staticmethod
    def suffix(p: ast.Param) -> str:
        tail = "?" if p.optional else ("!" if p.required else "")
        if p.default is not None:
            tail += " = " + unparse_default(p.default)
        elif p.source is not None:
            tail += " = " + unparse_source(p.source)
        return tail

    def expands(self, t: Any, depth: int, inline: str) -> bool:
        """Whether an object type (or a list of one) is laid out one field a line: it was written so, holds a
        comment or a multi-line field, or does not fit on its line."""
        obj, _ = _object_of(t)
        if obj is None or not obj.fields:
            return False
        return (self.multiline(obj.span) or self.has_comment(obj.span) or len(INDENT * depth) + _width(inline) > WIDTH
                or any(self.multiline(f.span) for f in obj.fields))

    def finish(self, text: str, tails: list[str], depth: int, first: int, last: int, column: int | None,
               closes: bool = False) -> None:
        """Emits ``text`` followed by the description and question: at ``column`` when given (aligned), and on
        continuation lines under it when the line would pass :data:`WIDTH`."""
        width = WIDTH - len(INDENT * depth)
        lines = [text]
        cont = column if column is not None else 4
        for tail in tails:
            gap = " " * (column - len(lines[-1])) if column is not None and len(lines) == 1 and \
                len(lines[-1]) < column else "  "
            if _width(lines[-1]) + len(gap) + _width(tail) <= width or lines[-1].strip() == "":
                lines[-1] += gap + tail
            else:
                lines.append(" " * cont + tail)
        for i, line in enumerate(lines):
            self.emit(line, depth, first, last if i == len(lines) - 1 else first, closes=closes and i == 0)

    def typed_line(self, prefix: str, t: Any, depth: int, first: int, last: int, after: str = "") -> None:
        """``returns TYPE``: the object laid out on lines when :meth:`expands` says so."""
        inline = prefix + unparse_type(t) + after
        if not self.expands(t, depth, inline):
            self.emit(inline, depth, first, last)
            return
        obj, (opening, closing) = _object_of(t)
        self.emit(f"{prefix}{opening}{{", depth, first)
        self.params(obj.fields, depth + 1)
        self.emit("}" + _where(obj) + closing + after, depth, last, closes=True)

    # ------------------------------------------------------------------------------------------ slots

    def slot(self, s: ast.Slot) -> None:
        first, last = _lines(s.span)
        src, head = s.source, f"slot {s.name} = "
        if isinstance(src, ast.ChoiceSource):
            values = [(unparse_value(v.value), v.span) for v in src.values]
            if self.has_comment(s.span):  # one value a line, each keeping its comments
                self.alternatives(head.rstrip(), values, 0, first, last, True)
            else:  # `| "x" | "y"` continues under the `=`
                lead = " " * (len(head) - 2) + "| "
                for text in _fill([t for t, _ in values], head, lead, " | ", ""):
                    self.emit(text, 0, first, last)
        elif isinstance(src, ast.MapSource):
            entries = [(f"{quote(e.surface)}: " + " | ".join(_map_value(v) for v in (e.value, *e.more)), e.span)
                       for e in src.entries]
            if not entries:
                self.emit(head + "{}", 0, first, last)
            elif self.has_comment(src.span):  # one entry a line, each keeping its comments
                self.emit(head + "{", 0, first)
                for text, span in entries:
                    self.emit(text, 1, *_lines(span))
                self.emit("}", 0, last, closes=True)
            else:  # filled, continuing under the first entry
                for text in _fill([t for t, _ in entries], head + "{ ", " " * len(head + "{ "), ", ", " }", ","):
                    self.emit(text, 0, first, last)
        elif isinstance(src, ast.RangeSource):
            self.emit(f"{head}{src.type}({unparse_value(src.lo)}..{unparse_value(src.hi)})", 0, first, last)
        else:
            self.emit(head + unparse_source(src), 0, first, last)

    # ------------------------------------------------------------------------------------------ scenarios

    def scenario(self, s: ast.Scenario) -> None:
        first, last = _lines(s.span)
        head = f"scenario {s.name}" + (f" weight {_num(s.weight)}" if s.weight != 1.0 else "")
        self.emit(head + " {", 0, first)
        if s.tools:
            step_first = _lines(s.steps[0].span)[0] if s.steps else last
            at = next((k for k in range(first, step_first + 1)
                       if re.search(r"(^|[{\s])tools\b", self.source_lines[k - 1])), first)
            self.emit("tools " + ", ".join(unparse_name(t) for t in s.tools), 1, at)
        if s.withhold:
            step_first = _lines(s.steps[0].span)[0] if s.steps else last
            at = next((k for k in range(first, step_first + 1)
                       if re.search(r"(^|[{\s])withhold\b", self.source_lines[k - 1])), first)
            self.emit("withhold " + ", ".join(unparse_name(t) for t in s.withhold), 1, at)
        for step in s.steps:
            sf, sl = _lines(step.span)
            if isinstance(step, ast.CallStep):
                self.emit("call " + " & ".join(_call(c) for c in step.calls), 1, sf, sl)
            elif isinstance(step, ast.AssistantStep) and step.case is not None:
                self.case_reply(step, sf, sl)
            else:
                word = "user" if isinstance(step, ast.UserStep) else \
                    ("ask" if step.clarify else "refuse" if step.refuse else "assistant")
                alts = [(quote_raw(t.source_text), t.span) for t in step.alternatives]
                if isinstance(step, ast.AssistantStep) and step.pretend:  # `pretend ...` on a line of its own
                    pf = _lines(step.pretend[0].span)[0] or sf
                    said = _lines(step.alternatives[-1].span)[1] or sf
                    self.alternatives(word, alts, 1, sf, said, said > sf)
                    made_up = [(quote_raw(t.source_text), t.span) for t in step.pretend]
                    self.alternatives("pretend", made_up, 2, pf, max(sl, pf), sl > pf)
                else:
                    self.alternatives(word, alts, 1, sf, sl, self.multiline(step.span))
        self.emit("}", 0, last, closes=True)

    def case_reply(self, step: ast.AssistantStep, first: int, last: int) -> None:
        """``assistant case {`` then one arm a line (``when COND: "..." | "..."``), then ``}``; an arm whose first text
        does not fit beside its condition has ``when COND:`` on a line of its own, its texts one a line below."""
        self.emit("assistant case {", 1, first)
        for arm in step.case.arms:
            word = "else:" if arm.cond is None else f"when {unparse_expr(arm.cond)}:"
            alts = [(quote_raw(v.source_text), v.span) for v in arm.values]
            af, al = _lines(arm.span)
            if len(INDENT * 2) + _width(word) + 1 + _width(alts[0][0]) > WIDTH:  # `when ...:` on a line of its own
                self.emit(word, 2, af)
                for i, (text, span) in enumerate(alts):
                    a, b = _lines(span) if span is not None else (af, al)
                    if i:
                        self.emit("  | " + text, 2, a, b)
                    else:
                        self.emit(text, 3, a, b)
            else:
                self.alternatives(word, alts, 2, af, al, self.multiline(arm.span))
        self.emit("}", 1, last, closes=True)

    def alternatives(self, word: str, alts: list[tuple[str, Span | None]], depth: int, first: int, last: int,
                     was_multiline: bool) -> None:
        inline = f"{word} " + " | ".join(t for t, _ in alts)
        if len(alts) == 1 or not (was_multiline or len(INDENT * depth) + _width(inline) > WIDTH):
            self.emit(inline, depth, first, last)
            return
        lead = " " * (len(word) - 1) + "| "
        for i, (text, span) in enumerate(alts):
            a, b = _lines(span) if span is not None else (first, last)
            self.emit((f"{word} " if i == 0 else lead) + text, depth, a if i else first, b)

    # ------------------------------------------------------------------------------------------ datasets

    def dataset(self, d: ast.DatasetDecl) -> None:
        first, last = _lines(d.span)
        spans = d.setting_spans
        self.emit(f"dataset {d.name} {{", 0, first)
        order = sorted(spans, key=lambda k: (spans[k].line, spans[k].col) if spans[k] else (0, 0))
        perturb_on_rm = "perturb" in spans and "rm" in spans and spans["perturb"] and spans["rm"] and \
            spans["perturb"].line == spans["rm"].line
        for key in order:
            a, b = _lines(spans[key])
            if key == "system":
                self.alternatives("system", [(_lang(x.lang) + quote(x.text), x.span) for x in d.system], 1, a, b,
                                  self.multiline(spans[key]))
            elif key == "scenarios":
                self.emit("scenarios " + ", ".join(d.scenarios), 1, a, b)
            elif key in ("sft", "rm", "ppo"):
                c = getattr(d, key)
                text = f"{key} {c.n}" + (" each" if c.each else "")
                if key == "rm" and perturb_on_rm:
                    text += " perturb " + ", ".join(d.perturb)
                    b = max(b, spans["perturb"].end_line)
                self.emit(text, 1, a, b)
            elif key == "perturb" and not perturb_on_rm:
                self.emit("perturb " + ", ".join(d.perturb), 1, a, b)
            elif key == "distractors" and d.distractors is not None:
                lo, hi = d.distractors
                self.emit(f"distractors {lo}" + (f"..{hi}" if hi != lo else ""), 1, a, b)
            elif key == "test":
                text = f"test {_num(d.test_percent)}%"
                if d.holdout is not None:
                    text += " holdout " + (", ".join(d.holdout) if d.holdout else "none")
                self.emit(text, 1, a, max(b, _lines(spans.get("holdout"))[1]))
            elif key == "format":
                self.emit("format " + ", ".join(d.formats), 1, a, b)
            elif key == "seed":
                self.emit(f"seed {d.seed}", 1, a, b)
        self.emit("}", 0, last, closes=True)

    # ------------------------------------------------------------------------------------------ assembly

    def assemble(self, starts: list[int]) -> str:
        """Places comments and blank lines between the code lines and joins everything."""
        out = self.out
        before: dict[int, list[Comment]] = {}
        after: dict[int, Comment] = {}
        tail: list[Comment] = []
        for c in self.comments:
            if c.own_line:
                target = next((i for i, ln in enumerate(out) if ln.first > c.line), None)
                if target is None:
                    tail.append(c)
                else:
                    before.setdefault(target, []).append(c)
            else:
                holders = [i for i, ln in enumerate(out) if ln.first <= c.line <= ln.last]
                if holders:
                    target = min(holders, key=lambda i: (out[i].last - out[i].first, -i))
                else:
                    target = max((i for i, ln in enumerate(out) if ln.first <= c.line), default=0)
                after[target] = c if target not in after else Comment(c.line, c.col, after[target].text + " " +
                                                                       c.text, False)
        top = set(starts)
        text: list[str] = []
        prev_src = 0  # last source line of what was written
        prev_depth_open = True
        for i, ln in enumerate(out):
            group = before.get(i, [])
            first_src = group[0].line if group else ln.first
            blank = self.blank_between(prev_src, first_src) and not prev_depth_open and not (ln.closes and not group)
            if i in top and i and not blank and (self._multi(i, starts) or self._multi_prev(i, starts)):
                blank = True
            if blank and text:
                text.append("")
            depth = ln.depth + (1 if ln.closes else 0)
            for j, c in enumerate(group):
                if j and self.blank_between(group[j - 1].line, c.line):
                    text.append("")
                text.append(INDENT * depth + c.text)
            if group and self.blank_between(group[-1].line, ln.first) and not ln.closes:
                text.append("")
            line = INDENT * ln.depth + ln.text
            if i in after:
                line += "  " + after[i].text
            text.append(line)
            prev_src = max(ln.last, after[i].line if i in after else 0)
            prev_depth_open = ln.text.endswith(("{", "[{")) and not ln.text.endswith("{}")
        if tail:
            if text and self.blank_between(prev_src, tail[0].line):
                text.append("")
            for j, c in enumerate(tail):
                if j and self.blank_between(tail[j - 1].line, c.line):
                    text.append("")
                text.append(c.text)
        return "\n".join(text).rstrip("\n") + "\n" if text else ""

    def blank_between(self, a: int, b: int) -> bool:
        """Whether the source has an empty line strictly between lines ``a`` and ``b``."""
        return any(not self.source_lines[k - 1].strip() for k in range(a + 1, b) if 0 < k <= len(self.source_lines))

    def _multi(self, i: int, starts: list[int]) -> bool:
        k = self._index(starts)[i]
        end = starts[k + 1] if k + 1 < len(starts) else len(self.out)
        return end - i > 1

    def _multi_prev(self, i: int, starts: list[int]) -> bool:
        k = self._index(starts)[i]
        return k > 0 and i - starts[k - 1] > 1

    def _index(self, starts: list[int]) -> dict[int, int]:
        if getattr(self, "_starts_index", None) is None:
            self._starts_index = {v: k for k, v in enumerate(starts)}
        return self._starts_index


def _object_of(t: Any) -> tuple[ast.ObjectType | None, tuple[str, str]]:
    """The object type inside ``t`` (itself, or a list's item) and the text around it (a list's item count and
    clauses after its ``]``)."""
    if isinstance(t, ast.ObjectType):
        return t, ("", "")
    if isinstance(t, ast.ListType) and isinstance(t.item, ast.ObjectType):
        inner = unparse_type(t.item)
        after = unparse_type(t)[len("list[" + inner + "]"):]
        return t.item, ("list[", "]" + after)
    return None, ("", "")


def _width(text: str) -> int:
    """The columns ``text`` takes in a terminal: two for a wide or full-width character (Han, kana, ``，``), one
    for the others (Unicode East Asian Width, https://www.unicode.org/reports/tr11/)."""
    if text.isascii():
        return len(text)
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _fill(items: list[str], head: str, lead: str, joiner: str, end: str, line_end: str = "") -> list[str]:
    """``head`` and ``items`` joined by ``joiner``, as many a line as fit in :data:`WIDTH` columns (an item longer
    than a line has one of its own), each further line starting with ``lead``; a line that breaks ends with
    ``line_end`` (a map's ``,``); the last ends with ``end``."""
    lines: list[str] = []
    line = head + items[0]
    for i, item in enumerate(items[1:], 1):
        tail = end if i == len(items) - 1 else line_end
        if _width(line) + len(joiner) + _width(item) + len(tail) > WIDTH:
            lines.append(line + line_end)
            line = lead + item
        else:
            line += joiner + item
    return lines + [line + end]


def _where(obj: ast.ObjectType) -> str:
    return f" where {unparse_expr(obj.where)}" if obj.where is not None else ""


def _lang(lang: str | None) -> str:
    return f"{lang} " if lang else ""


def _opt(v: int | None) -> str:
    return "" if v is None else str(v)


def quote_raw(source_text: str) -> str:
    """A template string as written (its escapes kept)."""
    return '"' + source_text + '"'


def _map_value(v: Any) -> str:
    if isinstance(v, ast.RelDate):
        return f"{'+' if v.days >= 0 else '-'}{abs(v.days)}d"
    return unparse_value(v.value)


def _call(c: ast.Call) -> str:
    args = ", ".join(f"{'.'.join(unparse_name(n) for n in a.name.split('.'))}={_arg(a.expr)}" for a in c.args)
    out = f"{unparse_name(c.tool)}({args})" + (f" -> {c.bind}" if c.bind else "")
    if c.fails is not None:
        out += f" fails {c.fails}" + (f" {_num(c.fails_percent)}%" if c.fails_percent is not None else "")
    return out + (" declined" if c.declined else "")


def _arg(e: Any) -> str:
    if isinstance(e, ast.SlotArg):
        return e.name
    if isinstance(e, ast.ResultArg):
        return e.base + "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in e.path)
    if isinstance(e, ast.LiteralArg):
        return unparse_value(e.value.value)
    return "[" + ", ".join(unparse_value(v.value) if isinstance(v, ast.Literal_) else _arg(v) for v in e.values) + "]"

