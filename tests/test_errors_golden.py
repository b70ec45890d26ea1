"""Golden error messages: each tests/golden/{errors,check,build}/<case>.tool renders exactly <case>.txt.

``errors/`` holds syntax, lexical and file errors (the front end: ``dsl.load.load_program``); ``check/``
holds name and type errors, rendered through the whole of ``toolc check`` (``compiler.build.check``);
``build/`` holds what only a build finds (warnings such as W601, rows that expansion finds invalid, E6xx),
rendered with the count line ``toolc build`` prints after them. ``explain/<CODE>.txt`` is the text of
``toolc explain CODE``. Review a golden diff like code. To regenerate after an intended change::

    TOOLC_REGEN_GOLDEN=1 pytest tests/test_errors_golden.py

Files under ``_aux/`` are imported by cases (they are not cases themselves).
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

from toolc.cli import main
from toolc.compiler.build import build, check
from toolc.errors import BuildError
from toolc.dsl.diagnostics import Diagnostics
from toolc.dsl.load import load_program

ROOT = Path(__file__).parent / "golden"
GOLDEN = ROOT / "errors"
CASES = [(kind, p.stem) for kind in ("errors", "check", "build") for p in sorted((ROOT / kind).glob("*.tool"))]
EXPLAINED = sorted(p.stem for p in (ROOT / "explain").glob("*.txt"))
REGEN = os.environ.get("TOOLC_REGEN_GOLDEN") == "1"


def render(kind: str, case: str, tmp: Path) -> str:
    if kind == "build":
        diags = Diagnostics()
        try:
            build([Path(f"{case}.tool")], tmp / "out", today=dt.date(2026, 1, 1), progress=False, warnings=diags)
        except BuildError as exc:
            diags = exc.diags
        return f"{diags.render()}\n{diags.summary()}\n"
    if kind == "check":
        _, diags = check([Path(f"{case}.tool")])
    else:
        diags = Diagnostics()
        load_program([Path(f"{case}.tool")], diags)
    return diags.render() + "\n"


def test_there_are_enough_cases():
    assert sum(k == "errors" for k, _ in CASES) >= 15 and sum(k == "check" for k, _ in CASES) >= 12


@pytest.mark.parametrize("kind,case", CASES)
def test_golden_error(kind, case, monkeypatch, tmp_path):
    monkeypatch.chdir(ROOT / kind)  # paths render relative to the golden directory
    got = render(kind, case, tmp_path)
    assert got.strip(), f"{case}.tool reports no error"
    _compare(ROOT / kind / f"{case}.txt", got)


def _compare(expected_file: Path, got: str) -> None:
    if REGEN or not expected_file.exists():
        expected_file.write_text(got, encoding="utf-8")
        if not REGEN:
            pytest.fail(f"wrote missing golden file {expected_file.name}; review it and run again")
    assert got == expected_file.read_text(encoding="utf-8")


def test_a_golden_warning_has_a_secondary_label():
    text = (ROOT / "build" / "shortfall_warning.txt").read_text(encoding="utf-8")
    assert "warning[W601]" in text and "^^^" in text and "------ 50 sft rows asked for here" in text


@pytest.mark.parametrize("code", EXPLAINED)
def test_golden_explain(code, capsys):
    """`toolc explain CODE` prints the code's long explanation."""
    assert main(["explain", code]) == 0
    _compare(ROOT / "explain" / f"{code}.txt", capsys.readouterr().out)


def test_no_stale_golden_files():
    stale = sorted(f"{p.parent.name}/{p.name}" for p in ROOT.glob("*/*.txt")
                   if (p.parent.name, p.stem) not in CASES and p.parent.name != "explain")
    assert not stale, f"golden outputs without a case: {stale}"
