"""Source stage: spec source files and the spans that point into them (input: file bytes; output: text + positions)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple


class Span(NamedTuple):
    """A region of a spec file. Lines and columns are 1-based; ``end_col`` is exclusive.

    Columns count Unicode code points (not bytes), so a caret lines up under CJK text when the terminal
    shows one column per character; :mod:`dsl.diagnostics` widens carets for wide characters.

    A named tuple (immutable, compared and hashed by value, the repr of a dataclass): the parser makes one per
    AST node, ~66,000 for a 1,000-tool spec, and a tuple is made in a fifth of a frozen dataclass's time.
    """

    file: str
    line: int
    col: int
    end_line: int
    end_col: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.col}"

    def shifted(self, line_delta: int = 0, col: int | None = None, end_col: int | None = None) -> "Span":
        """Returns a sub-span on the same line(s), e.g. a slot reference inside a string literal."""
        line = self.line + line_delta
        return Span(self.file, line, col if col is not None else self.col, line, end_col if end_col is not None else self.end_col)


@dataclass(frozen=True, slots=True)
class Source:
    """One spec file's decoded text.

    Attributes:
        path: the path as the user named it (kept relative when given relative).
        text: the decoded UTF-8 text.
    """

    path: str
    text: str

    def line(self, n: int) -> str:
        """Returns line ``n`` (1-based) without its newline, or ``""`` past the end."""
        lines = _lines(self.text)
        return lines[n - 1].rstrip("\r") if 1 <= n <= len(lines) else ""


@lru_cache(maxsize=16)
def _lines(text: str) -> tuple[str, ...]:
    """The lines of a source text, split once per text (rendering 20,000 errors of one file asks 20,000 times)."""
    return tuple(text.split("\n"))  # not splitlines(): U+2028, \x0c, \x85 are not line breaks here


#: Largest spec file toolc reads (bytes). Bigger inputs get a spec error, not a slow parse.
MAX_SPEC_BYTES = 8 * 1024 * 1024


def display_path(path: Path) -> str:
    """The path shown in messages: relative to the working directory when it is below it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)
