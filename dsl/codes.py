"""Diagnostics stage, data: the diagnostic codes and their long explanations (input: ``dsl/explanations/*.md``; output: text).

Every code has one Markdown file, ``dsl/explanations/CODE.md`` (shipped as package data), as rustc keeps
``rustc_error_codes/src/error_codes/E0001.md``: its first line is ``# CODE: title``, the rest explains the
problem with an erroneous example (a ```` ```tool ```` block, which ``tests/test_diagnostics.py`` checks
really reports that code) and the fix. ``toolc explain CODE`` prints it.

Ranges: ``E0xx`` syntax and literals, ``E1xx`` names, ``E2xx`` types and values, ``E3xx`` structure,
``E4xx`` files, ``E5xx`` importing tools, ``E6xx`` rows that expansion found invalid; warnings ``W2xx`` values,
``W3xx`` outputs, ``W5xx`` imports, ``W6xx`` expansion.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator, Mapping
from functools import lru_cache
from importlib import resources

from toolc.errors import UsageError

__all__ = ["CODES", "explain"]

_TITLE = re.compile(r"# ([EW]\d{3}): (.+)")
#: Folder of the explanations inside this package.
EXPLANATIONS = "explanations"


@lru_cache(maxsize=1)
def _explanations() -> dict[str, str]:
    """Code -> the whole Markdown text, read once from the package data."""
    folder = resources.files(__package__).joinpath(EXPLANATIONS)
    texts = {}
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".md"):
            texts[entry.name[:-3]] = entry.read_text(encoding="utf-8")
    return texts


@lru_cache(maxsize=1)
def _titles() -> dict[str, str]:
    titles = {}
    for code, text in _explanations().items():
        m = _TITLE.fullmatch(text.split("\n", 1)[0])
        if m is None or m.group(1) != code:
            raise ValueError(f"{EXPLANATIONS}/{code}.md must start with `# {code}: TITLE`")  # a packaging bug
        titles[code] = m.group(2)
    return titles


class _Codes(Mapping[str, str]):
    """Code -> its one-line title (``"E102"`` -> ``"unknown slot"``), read from the explanations on first use."""

    def __getitem__(self, code: str) -> str:
        return _titles()[code]

    def __iter__(self) -> Iterator[str]:
        return iter(_titles())

    def __len__(self) -> int:
        return len(_titles())


#: Code -> title, e.g. ``CODES["E102"] == "unknown slot"``.
CODES: Mapping[str, str] = _Codes()


def explain(code: str) -> str:
    """The long explanation of a diagnostic code (Markdown text).

    Args:
        code: ``E102``, ``e102`` or ``102`` (an ``E`` is assumed).

    Raises:
        UsageError: the code does not exist; the message suggests the closest codes ("did you mean `E102`?").
    """
    key = code.strip().upper()
    if key.isdigit():
        key = "E" + key.zfill(3)
    texts = _explanations()
    if key in texts:
        return texts[key]
    close = difflib.get_close_matches(key, list(texts), n=3, cutoff=0.5)
    hint = f"; did you mean {' or '.join(f'`{c}`' for c in close)}?" if close else ""
    raise UsageError(f"no diagnostic code `{code}`{hint} (codes: {min(texts)}..{max(texts)})")
