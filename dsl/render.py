"""Diagnostics stage, rendering: diagnostics -> rustc-style text or JSON (input: Diagnostic + sources; output: str).

Text, as rustc renders it (https://rustc-dev-guide.rust-lang.org/diagnostics.html), with the location in
the header as ruff does::

    dup.tool:5:5: error[E303]: `seed` is set twice in dataset `d`
      |
    4 |     seed 1
      |     ------ first set here
    5 |     seed 2
      |     ^^^^^^ remove one of them

``^`` marks the primary span and its label (the diagnostic's ``hint``), ``-`` each secondary label; lines
are shown in order, ``...`` stands for the lines between, and labels in another file follow under a
``::: file:line:col`` line. Columns are display columns (``rich.cells.cell_len``: CJK and emoji take two,
combining marks, variation selectors and zero-width joiners none), so carets line up under wide text. A
line longer than :data:`MAX_LINE_CHARS` characters is shown as a window of it around its labels, with
``...`` where it was cut, so an error on a 1 MB line prints one short line.
"""

from __future__ import annotations

import json
from typing import Iterable, NamedTuple

from .diagnostics import Diagnostic
from .span import Source, Span

__all__ = ["CONTEXT_CHARS", "MAX_LINE_CHARS", "display_width", "render_json", "render_text"]

#: Longest source line shown whole, in characters; longer lines are clipped around their labels.
MAX_LINE_CHARS = 160
#: Characters of context kept before the first label of a clipped line.
CONTEXT_CHARS = 40
_ELLIPSIS = "..."


def display_width(text: str) -> int:
    """Terminal columns of ``text`` (grapheme-aware: ``"中"`` and ``"😀"`` are 2, ``"e\\u0301"`` is 1)."""
    from rich.cells import cell_len

    return cell_len(text)


class _Mark(NamedTuple):
    span: Span
    message: str
    primary: bool


def render_json(diagnostics: Iterable[Diagnostic]) -> str:
    """A JSON list of :meth:`Diagnostic.to_json` objects (UTF-8 kept, indented)."""
    return json.dumps([d.to_json() for d in diagnostics], ensure_ascii=False, indent=2)


def render_text(d: Diagnostic, sources: dict[str, Source]) -> str:
    """Renders one diagnostic: header, the source lines its labels point at with ``^``/``-`` under them, notes.

    Args:
        d: the diagnostic.
        sources: file name -> source; a label in a file without a source is left out (the primary one's text
            then shows as ``= help:``).
    """
    tag = f"{d.level}[{d.code}]" if d.code else d.level
    where = f"{d.span}: " if d.span is not None else (f"{d.path}: " if d.path else "")
    lines = [f"{where}{tag}: {d.message}"]
    marks = [_Mark(d.span, d.hint or "", True)] if d.span is not None else []
    marks += [_Mark(label.span, label.message, False) for label in d.labels]
    marks = [m for m in marks if m.span.file in sources]
    shown_primary = any(m.primary for m in marks)
    if marks:
        lines += _snippets(marks, sources, d.span.file if shown_primary else None)
    if d.hint and not shown_primary:
        lines.append(f"  = help: {d.hint}")
    lines += [f"  = note: {n}" for n in d.notes]
    return "\n".join(lines)


def _snippets(marks: list[_Mark], sources: dict[str, Source], primary_file: str | None) -> list[str]:
    """The source lines of every mark, grouped by file (the primary's first), with the gutter and underlines."""
    files: dict[str, list[_Mark]] = {}
    if primary_file is not None:
        files[primary_file] = []
    for m in marks:
        files.setdefault(m.span.file, []).append(m)
    width = max(len(str(m.span.line)) for m in marks)
    pad = " " * width
    out: list[str] = []
    for file, group in files.items():
        if file != primary_file:
            first = min(group, key=lambda m: (m.span.line, m.span.col))
            out.append(f"{pad}::: {first.span}")
        out.append(f"{pad} |")
        source = sources[file]
        previous = None
        for line_no in sorted({m.span.line for m in group}):
            if previous is not None and line_no > previous + 1:
                out.append("...")
            previous = line_no
            on_line = sorted((m for m in group if m.span.line == line_no), key=lambda m: (not m.primary, m.span.col))
            out += _line(line_no, source.line(line_no), on_line, width)
    return out


def _line(line_no: int, text: str, marks: list[_Mark], width: int) -> list[str]:
    """One source line (clipped to a window around its marks when long) and one underline row per mark."""
    text = text.replace("\t", " ")
    ranges = []
    for m in marks:
        start = max(m.span.col - 1, 0)
        end = m.span.end_col - 1 if m.span.end_line == m.span.line else len(text)
        ranges.append((start, max(end, start + 1)))
    lo, prefix, suffix = 0, "", ""
    if len(text) > MAX_LINE_CHARS:
        first = min(start for start, _ in ranges)
        lo = max(0, min(first, len(text)) - CONTEXT_CHARS)
        hi = min(len(text), lo + MAX_LINE_CHARS)
        prefix = _ELLIPSIS if lo > 0 else ""
        suffix = _ELLIPSIS if hi < len(text) else ""
        text = text[lo:hi]
    shown = prefix + text + suffix
    pad = " " * width
    rows = [f"{str(line_no).rjust(width)} | {shown}"]
    for m, (start, end) in zip(marks, ranges):
        start, end = max(start - lo, 0), max(min(end - lo, len(text)), start - lo + 1)
        indent = display_width(prefix + text[:start])
        under = ("^" if m.primary else "-") * max(display_width(text[start:end]), 1)
        rows.append(f"{pad} | {' ' * indent}{under}" + (f" {m.message}" if m.message else ""))
    return rows
