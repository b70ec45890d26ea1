"""Diagnostics stage: what a run found wrong or worth saying about a spec, collected and rendered (input: diagnostics; output: text/JSON).

A :class:`Diagnostic` has a level (``error``, ``warning``, ``note``), a code (``E102``; ``toolc explain E102``
prints its long explanation, kept as data in ``dsl/explanations/``), a one-line message, a primary span whose label
is ``hint``, and secondary :class:`Label` s that point at related places ("first set here"), possibly in
other files. Rendered like rustc (the house style; :mod:`dsl.render`)::

    specs/weather.tool:14:22: error[E102]: unknown slot `cty`
       |
    14 |     user "查一下{cty}的天气"
       |                  ^^^ did you mean `city`?

The diagnostics live beside the spans and sources of the first stage (``dsl/``) because every one of them
points into a spec file, and because stages only call forward: the loader, the parser, lowering, the build,
verification and importers all report here without an import cycle.

:class:`SpecError` is the exception that carries one error diagnostic (raised where a stage cannot go on,
e.g. inside a string literal); :class:`Diagnostics` is the collector that every stage reports into, so a run
shows every problem at once.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from typing import Iterable, Literal, get_args

from toolc.errors import ToolcError

from .codes import CODES, explain
from .span import Source, Span

__all__ = ["CODES", "LEVELS", "Diagnostic", "Diagnostics", "Label", "Level", "SpecError", "did_you_mean", "explain"]

#: How serious a diagnostic is: an error stops the run; a warning and a note do not.
Level = Literal["error", "warning", "note"]
LEVELS: tuple[Level, ...] = get_args(Level)


@dataclass(frozen=True, slots=True)
class Label:
    """A secondary place a diagnostic points at (rendered with ``-`` under it): "first set here".

    Attributes:
        span: the place; it may be in another file than the primary span.
        message: the text beside the underline (may be empty).
    """

    span: Span
    message: str = ""


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One problem (or remark) about a spec.

    Attributes:
        code: stable code (``E001``.., ``W601``..; see :data:`CODES`), or ``None`` for a plain note.
        message: one line, what is wrong; lower-case, without a final period.
        span: the primary place (rendered with ``^`` under it); ``None`` for a problem with no position.
        hint: the primary label: what to do, shown beside the carets ("did you mean `city`?"); without a
            span it is shown as ``= help:``.
        notes: extra lines shown after the snippet (``= note: ...``).
        labels: secondary places, each with its own message.
        level: ``error``, ``warning`` or ``note``.
        path: the file the diagnostic is about when it has no span (a file named on the command line that
            cannot be read): the header starts with ``path:`` as it would with a span.
    """

    code: str | None
    message: str
    span: Span | None = None
    hint: str | None = None
    notes: tuple[str, ...] = ()
    labels: tuple[Label, ...] = ()
    level: Level = "error"
    path: str | None = None

    @property
    def file(self) -> str | None:
        """The file of the primary span, else :attr:`path`."""
        return self.span.file if self.span is not None else self.path

    def sort_key(self) -> tuple[bool, str, int, int]:
        """Diagnostics without a span first (by path), then by file, line, column."""
        s = self.span
        return (True, s.file, s.line, s.col) if s is not None else (False, self.path or "", 0, 0)

    def to_json(self) -> dict:
        """The ``--error-format json`` shape: ``level``, ``code``, ``message``, ``file``, ``line``, ``col``,
        ``end_line``, ``end_col`` (absent without a span), ``hint``, ``notes``, ``labels`` (each with ``file``,
        ``line``, ``col``, ``end_line``, ``end_col``, ``message``)."""
        d: dict = {"level": self.level, "code": self.code, "message": self.message}
        if self.span is not None:
            d.update(_span_json(self.span))
        elif self.path is not None:
            d["file"] = self.path
        d.update(hint=self.hint, notes=list(self.notes),
                 labels=[dict(_span_json(label.span), message=label.message) for label in self.labels])
        return d


def _span_json(span: Span) -> dict:
    return {"file": span.file, "line": span.line, "col": span.col, "end_line": span.end_line, "end_col": span.end_col}


class SpecError(ToolcError):
    """A problem in a user's spec, raised where a stage cannot go on; the collector keeps its :attr:`diagnostic`.

    Internal bugs are ordinary exceptions, never this type. The constructor takes the fields of an error
    :class:`Diagnostic`; ``code``, ``message``, ``span``, ``hint``, ``notes`` and ``labels`` read them back.
    """

    def __init__(self, code: str, message: str, span: Span | None = None, hint: str | None = None,
                 notes: Iterable[str] = (), labels: Iterable[Label] = (), *, path: str | None = None) -> None:
        super().__init__(message)
        self.diagnostic = Diagnostic(code, message, span, hint, tuple(notes), tuple(labels), "error", path)

    code = property(lambda self: self.diagnostic.code)
    message = property(lambda self: self.diagnostic.message)
    span = property(lambda self: self.diagnostic.span)
    hint = property(lambda self: self.diagnostic.hint)
    notes = property(lambda self: self.diagnostic.notes)
    labels = property(lambda self: self.diagnostic.labels)

    def __str__(self) -> str:
        d = self.diagnostic
        where = f"{d.file}:{d.span.line}:{d.span.col}: " if d.span else (f"{d.path}: " if d.path else "")
        return f"{where}error[{d.code}]: {d.message}"

    def render(self, fmt: str = "text") -> str:
        """The error on its own (without its source line: the collector keeps sources), text or a JSON list."""
        from .render import render_json, render_text

        return render_json([self.diagnostic]) if fmt == "json" else render_text(self.diagnostic, {})


def did_you_mean(name: str, candidates: Iterable[str]) -> str | None:
    """Returns "did you mean `x`?" for the closest candidate (difflib ratio >= 0.6), else None."""
    best = difflib.get_close_matches(name, list(candidates), n=1, cutoff=0.6)
    return f"did you mean `{best[0]}`?" if best else None


@dataclass
class Diagnostics:
    """Collects every diagnostic of a run so they are reported at once; keeps the sources for snippets.

    Attributes:
        errors: error diagnostics, in the order reported (``bool(diags)`` is whether there is one).
        warnings: warnings and notes (they never fail a run by themselves).
        sources: file name -> decoded source, for the snippets.
    """

    errors: list[Diagnostic] = field(default_factory=list)
    sources: dict[str, Source] = field(default_factory=dict)
    warnings: list[Diagnostic] = field(default_factory=list)
    _seen: set[Diagnostic] = field(default_factory=set, repr=False)

    def add(self, item: Diagnostic | SpecError) -> None:
        """Records a diagnostic (or the one a :class:`SpecError` carries); an identical one is kept once."""
        d = item.diagnostic if isinstance(item, SpecError) else item
        if d in self._seen:
            return
        self._seen.add(d)
        (self.errors if d.level == "error" else self.warnings).append(d)

    def error(self, code: str, message: str, span: Span | None = None, hint: str | None = None,
              notes: Iterable[str] = (), labels: Iterable[Label] = (), *, path: str | None = None) -> None:
        """Records an error (``E001``..): the run fails."""
        self.add(Diagnostic(code, message, span, hint, tuple(notes), tuple(labels), "error", path))

    def warning(self, code: str, message: str, span: Span | None = None, hint: str | None = None,
                notes: Iterable[str] = (), labels: Iterable[Label] = (), *, path: str | None = None) -> None:
        """Records a warning (``W202``..): shown with the errors, never fails a run by itself."""
        self.add(Diagnostic(code, message, span, hint, tuple(notes), tuple(labels), "warning", path))

    def note(self, code: str | None, message: str, span: Span | None = None, hint: str | None = None,
             notes: Iterable[str] = (), labels: Iterable[Label] = (), *, path: str | None = None) -> None:
        """Records a note: information about the run that needs no action."""
        self.add(Diagnostic(code, message, span, hint, tuple(notes), tuple(labels), "note", path))

    def extend(self, other: "Diagnostics") -> None:
        """Adds every diagnostic and source of ``other``."""
        self.sources.update(other.sources)
        for d in (*other.errors, *other.warnings):
            self.add(d)

    def __bool__(self) -> bool:
        return bool(self.errors)

    def sorted(self) -> list[Diagnostic]:
        """Errors in file, line, column order (errors without a span first)."""
        return sorted(self.errors, key=Diagnostic.sort_key)

    def summary(self) -> str:
        """``3 errors``, ``1 error, 2 warnings``, ``1 warning``: the count line after the rendered diagnostics."""
        n_errors, n_warnings = len(self.errors), sum(w.level == "warning" for w in self.warnings)
        parts = [f"{n_errors} error{'s' if n_errors != 1 else ''}"] if n_errors or not n_warnings else []
        if n_warnings:
            parts.append(f"{n_warnings} warning{'s' if n_warnings != 1 else ''}")
        return ", ".join(parts)

    def render(self, fmt: str = "text") -> str:
        """Renders every error, then every warning and note, each group in file order.

        Args:
            fmt: ``text`` (header, source lines, ``^`` under the primary span and ``-`` under secondary
                labels, notes) or ``json`` (a list of :meth:`Diagnostic.to_json` objects).
        """
        from .render import render_json, render_text

        ordered = self.sorted() + sorted(self.warnings, key=Diagnostic.sort_key)
        if fmt == "json":
            return render_json(ordered)
        return "\n".join(render_text(d, self.sources) for d in ordered)
