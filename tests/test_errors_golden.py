"""Golden error messages: each tests/golden/{errors,check}/<case>.tool renders exactly <case>.txt.

``errors/`` holds syntax, lexical and file errors (the front end: ``dsl.load.load_program``); ``check/``
holds name and type errors, rendered through the whole of ``toolc check`` (``compiler.build.check``).
Review a golden diff like code. To regenerate after an intended change::

    TOOLC_REGEN_GOLDEN=1 pytest tests/test_errors_golden.py

Files under ``_aux/`` are imported by cases (they are not cases themselves).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from toolc.compiler.build import check
from toolc.dsl.diagnostics import Diagnostics
from toolc.dsl.load import load_program

ROOT = Path(__file__).parent / "golden"
GOLDEN = ROOT / "errors"
CASES = [("errors", p.stem) for p in sorted(GOLDEN.glob("*.tool"))] + \
        [("check", p.stem) for p in sorted((ROOT / "check").glob("*.tool"))]
REGEN = os.environ.get("TOOLC_REGEN_GOLDEN") == "1"


def render(kind: str, case: str) -> str:
    if kind == "check":
        _, diags = check([Path(f"{case}.tool")])
    else:
        diags = Diagnostics()
        load_program([Path(f"{case}.tool")], diags)
    return diags.render() + "\n"


def test_there_are_enough_cases():
    assert sum(k == "errors" for k, _ in CASES) >= 15 and sum(k == "check" for k, _ in CASES) >= 12


@pytest.mark.parametrize("kind,case", CASES)
def test_golden_error(kind, case, monkeypatch):
    monkeypatch.chdir(ROOT / kind)  # paths render relative to the golden directory
    got = render(kind, case)
    assert got.strip(), f"{case}.tool reports no error"
    expected_file = ROOT / kind / f"{case}.txt"
    if REGEN or not expected_file.exists():
        expected_file.write_text(got, encoding="utf-8")
        if not REGEN:
            pytest.fail(f"wrote missing golden file {expected_file.name}; review it and run again")
    assert got == expected_file.read_text(encoding="utf-8")


def test_no_stale_golden_files():
    stale = sorted(f"{p.parent.name}/{p.name}" for p in ROOT.glob("*/*.txt") if (p.parent.name, p.stem) not in CASES)
    assert not stale, f"golden outputs without a case: {stale}"
