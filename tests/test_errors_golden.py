"""Golden error messages: each tests/golden/errors/<case>.tool renders exactly <case>.txt.

The rendered text is what `toolc check` prints for syntax, lexical and file errors (the front end's
part of the messages). Review a golden diff like code. To regenerate after an intended change::

    TOOLC_REGEN_GOLDEN=1 pytest tests/test_errors_golden.py

Files under ``_aux/`` are imported by cases (they are not cases themselves).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from dsl.diagnostics import Diagnostics
from dsl.load import load_program

GOLDEN = Path(__file__).parent / "golden" / "errors"
CASES = sorted(p.stem for p in GOLDEN.glob("*.tool"))
REGEN = os.environ.get("TOOLC_REGEN_GOLDEN") == "1"


def render(case: str) -> str:
    diags = Diagnostics()
    load_program([Path(f"{case}.tool")], diags)
    return diags.render() + "\n"


def test_there_are_enough_cases():
    assert len(CASES) >= 15


@pytest.mark.parametrize("case", CASES)
def test_golden_error(case, monkeypatch):
    monkeypatch.chdir(GOLDEN)  # paths render relative to the golden directory
    got = render(case)
    assert got.strip(), f"{case}.tool reports no error"
    expected_file = GOLDEN / f"{case}.txt"
    if REGEN or not expected_file.exists():
        expected_file.write_text(got, encoding="utf-8")
        if not REGEN:
            pytest.fail(f"wrote missing golden file {expected_file.name}; review it and run again")
    assert got == expected_file.read_text(encoding="utf-8")


def test_no_stale_golden_files():
    stale = sorted(p.name for p in GOLDEN.glob("*.txt") if p.stem not in CASES)
    assert not stale, f"golden outputs without a case: {stale}"
