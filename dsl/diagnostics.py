"""Diagnostics stage: the one spec-error type, a collector, and the one renderer (input: errors; output: text/JSON).

Rendered like rustc/ruff (the house style)::

    specs/weather.tool:14:22: error[E012]: unknown slot `cty`
       |
    14 |     user "查一下{cty}的天气"
       |                  ^^^ did you mean `city`?
"""

from __future__ import annotations

import difflib
import json
import unicodedata
from dataclasses import dataclass, field
from typing import Iterable

from toolc.errors import ToolcError

from .span import Source, Span


@dataclass(frozen=True)
class SpecError(ToolcError):
    """A problem in a user's spec. Internal bugs are ordinary exceptions, never this type.

    Attributes:
        code: stable code, ``E001``..; see :data:`CODES`.
        message: one line, what is wrong.
        span: where; ``None`` only for errors about the command line or a missing file.
        hint: what to do (shown under the caret), e.g. "did you mean `city`?".
        notes: extra lines shown after the snippet.
    """

    code: str
    message: str
    span: Span | None = None
    hint: str | None = None
    notes: tuple[str, ...] = ()

    def __str__(self) -> str:  # pragma: no cover - used by pytest output only
        return f"{self.span}: error[{self.code}]: {self.message}" if self.span else f"error[{self.code}]: {self.message}"

    def render(self, fmt: str = "text") -> str:
        """The error without its source snippet (the collector renders snippets): text or a one-item JSON list."""
        if fmt == "json":
            return json.dumps([self.to_json()], ensure_ascii=False, indent=2)
        return render_error(self, None)

    def to_json(self) -> dict:
        """``--error-format json`` shape: code, message, file, line, col, end_line, end_col, hint, notes."""
        d: dict = {"code": self.code, "message": self.message, "hint": self.hint, "notes": list(self.notes)}
        if self.span:
            d.update(file=self.span.file, line=self.span.line, col=self.span.col,
                     end_line=self.span.end_line, end_col=self.span.end_col)
        return d


#: Error and warning codes. Syntax: E0xx; names: E1xx; types and values: E2xx; structure: E3xx; files: E4xx;
#: importing tool definitions (``toolc import``): E5xx / W5xx.
CODES: dict[str, str] = {
    "E001": "syntax error",
    "E002": "invalid template text",
    "E003": "invalid string literal",
    "E101": "unknown tool",
    "E102": "unknown slot",
    "E103": "unknown parameter",
    "E104": "unknown Faker provider",
    "E105": "duplicate name",
    "E106": "unknown result field",
    "E107": "unknown result binding",
    "E108": "unknown scenario pattern",
    "E109": "unknown format",
    "E110": "unknown perturbation",
    "E111": "unknown locale",
    "E201": "slot values cannot fit the parameter type",
    "E202": "default outside the parameter's type",
    "E203": "invalid range",
    "E204": "invalid Faker arguments",
    "E205": "invalid literal",
    "E206": "chat-template control text in spec text",
    "E301": "required argument cannot be filled",
    "E302": "import cycle",
    "E303": "duplicate declaration",
    "E304": "empty scenario",
    "E305": "invalid dataset setting",
    "E306": "no dataset",
    "E401": "cannot read spec file",
    "E402": "spec file is not UTF-8",
    "E403": "spec file too large",
    "E404": "import outside the spec tree",
    "E501": "not a tool document toolc can import",
    "E502": "a tool definition that cannot be imported",
    "W202": "default outside the parameter's type",
    "W501": "imported schema read with a guessed type",
    "W502": "union or null type cannot be said",
    "W503": "free-form object cannot be said",
    "W504": "constraint or format not kept",
    "W505": "`$ref` unresolved or recursive",
    "W506": "required name not kept",
    "W507": "default not kept",
    "W508": "enum changed or not kept",
    "W509": "annotation not kept",
    "W510": "duplicate tool or parameter name",
    "W511": "where a parameter travels in the request is not kept",
}


def did_you_mean(name: str, candidates: Iterable[str]) -> str | None:
    """Returns "did you mean `x`?" for the closest candidate (difflib ratio >= 0.6), else None."""
    best = difflib.get_close_matches(name, list(candidates), n=1, cutoff=0.6)
    return f"did you mean `{best[0]}`?" if best else None


@dataclass
class Diagnostics:
    """Collects every spec error of a run so they are reported at once; keeps the sources for snippets."""

    errors: list[SpecError] = field(default_factory=list)
    sources: dict[str, Source] = field(default_factory=dict)
    #: problems that do not stop a build (rendered ``warning[W..]``); ``bool(diags)`` counts errors only
    warnings: list[SpecError] = field(default_factory=list)

    def add(self, error: SpecError) -> None:
        if error not in self.errors:
            self.errors.append(error)

    def warning(self, code: str, message: str, span: Span | None = None, hint: str | None = None,
                notes: tuple[str, ...] = ()) -> None:
        """Records a warning (``W001``..): shown with the errors, never fails a run by itself."""
        w = SpecError(code, message, span, hint, notes)
        if w not in self.warnings:
            self.warnings.append(w)

    def error(self, code: str, message: str, span: Span | None = None, hint: str | None = None,
              notes: tuple[str, ...] = ()) -> None:
        self.add(SpecError(code, message, span, hint, notes))

    def __bool__(self) -> bool:
        return bool(self.errors)

    def sorted(self) -> list[SpecError]:
        """Errors in file, line, column order (errors without a span first)."""
        return sorted(self.errors, key=lambda e: (e.span.file, e.span.line, e.span.col) if e.span else ("", 0, 0))

    def render(self, fmt: str = "text") -> str:
        """Renders every error, then every warning; ``fmt`` is ``text`` (with snippets and carets) or ``json``
        (a list; warnings carry ``"level": "warning"``)."""
        errs = self.sorted()
        warns = sorted(self.warnings, key=lambda e: (e.span.file, e.span.line, e.span.col) if e.span else ("", 0, 0))
        if fmt == "json":
            return json.dumps([e.to_json() for e in errs] + [dict(w.to_json(), level="warning") for w in warns],
                              ensure_ascii=False, indent=2)
        return "\n".join([render_error(e, self.sources.get(e.span.file) if e.span else None) for e in errs] +
                         [render_error(w, self.sources.get(w.span.file) if w.span else None, "warning")
                          for w in warns])


def _width(text: str) -> int:
    """Terminal columns of ``text`` (East Asian wide and full-width characters take two)."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def render_error(e: SpecError, source: Source | None, level: str = "error") -> str:
    """Renders one error (or warning): header, the source line, a caret under the spot, the hint, then notes."""
    head = f"{e.span}: {level}[{e.code}]: {e.message}" if e.span else f"{level}[{e.code}]: {e.message}"
    lines = [head]
    if e.span and source is not None:
        text = source.line(e.span.line).replace("\t", " ")
        num = str(e.span.line)
        pad = " " * len(num)
        start = max(e.span.col - 1, 0)
        end = e.span.end_col - 1 if e.span.end_line == e.span.line else len(text)
        end = max(end, start + 1)
        caret_pad = " " * _width(text[:start])
        carets = "^" * max(_width(text[start:end]), 1)
        lines += [f"{pad} |", f"{num} | {text}", f"{pad} | {caret_pad}{carets}" + (f" {e.hint}" if e.hint else "")]
    elif e.hint:
        lines.append(f"  = help: {e.hint}")
    lines += [f"  = note: {n}" for n in e.notes]
    return "\n".join(lines)
