"""toolc diff: two builds or two spec versions; exit 0 same, 1 different, 2 error."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest
from test_cli import toolc

from toolc.compiler.build import build
from toolc.compiler.diff import diff_builds, diff_specs

MINI = Path(__file__).parent / "data" / "mini.tool"
DAY = dt.date(2025, 4, 23)


def _versions(tmp_path: Path) -> tuple[Path, Path]:
    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir()
    b.mkdir()
    shutil.copy(MINI, a / "mini.tool")
    text = MINI.read_text(encoding="utf-8")
    text = text.replace('tool convert_currency "', 'tool convert_currency "(v2) ')  # one description
    text = text.replace("scenario smalltalk {", 'scenario smalltalk.thanks {\n    user "谢谢"\n    assistant "不客气"\n}\n\n'
                        "scenario smalltalk {")
    (b / "mini.tool").write_text(text, encoding="utf-8")
    return a, b


def _build(spec: Path, out: Path) -> Path:
    build([spec], out, today=DAY, formats=["openai", "qwen"], sft=80, rm=40, ppo=20, progress=False)
    return out


def test_spec_versions_list_changed_tools_scenarios_and_affected(tmp_path):
    a, b = _versions(tmp_path)
    r = diff_specs([a], [b])
    assert r.sections["tools"].changed == {"convert_currency": "description"}
    assert r.sections["scenarios"].added == ["smalltalk.thanks"] and not r.sections["scenarios"].removed
    assert "money.convert" in r.affected
    assert not diff_specs([a], [a]).sections["tools"] and diff_specs([a], [a]).same


def test_builds_rows_added_removed_and_changed_per_kind_and_split(tmp_path):
    a, b = _versions(tmp_path)
    out_a, out_b = _build(a / "mini.tool", tmp_path / "out_a"), _build(b / "mini.tool", tmp_path / "out_b")
    r = diff_builds(out_a, out_b)
    assert r.row_format == "openai"
    assert r.sections["tools"].changed == {"convert_currency": "description"}
    assert r.sections["specs"].changed == {"mini.tool": "content"}
    assert "smalltalk.thanks" in r.sections["scenarios"].added
    rows = {k: {s: vars(c) for s, c in v.items()} for k, v in r.rows.items()}
    manifest_b = json.loads((out_b / "manifest.json").read_text(encoding="utf-8"))
    for kind, splits in rows.items():
        for split, c in splits.items():  # every row of B is accounted for
            assert c["added"] + c["changed"] + c["same"] == manifest_b["rows"][kind][split]
    assert sum(c["changed"] for v in rows.values() for c in v.values()) > 0
    assert sum(c["added"] for v in rows.values() for c in v.values()) > 0
    assert any("tools changed" in e and "(v2)" in e for e in r.examples)
    assert diff_builds(out_a, out_a).same


def test_cli_exit_codes(tmp_path):
    a, b = _versions(tmp_path)
    out_a = _build(a / "mini.tool", tmp_path / "out_a")
    out_a2 = _build(a / "mini.tool", tmp_path / "out_a2")
    out_b = _build(b / "mini.tool", tmp_path / "out_b")
    same = toolc("diff", str(out_a), str(out_a2))
    assert same.returncode == 0 and same.stdout.strip() == "no differences", same.stderr
    different = toolc("diff", str(out_a), str(out_b), "--json")
    assert different.returncode == 1, different.stderr
    assert json.loads(different.stdout)["tools"]["changed"] == {"convert_currency": "description"}
    specs = toolc("diff", str(a), str(b), "--today", "2025-04-23", "--sft", "40", "--rm", "10", "--ppo", "10")
    assert specs.returncode == 1 and "smalltalk.thanks" in specs.stdout and "rows (openai)" in specs.stdout
    assert toolc("diff", str(a), str(a), "--specs-only").returncode == 0
    mixed = toolc("diff", str(out_a), str(b))
    assert mixed.returncode == 2 and "cannot compare a build" in mixed.stderr
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "x.tool").write_text("tool {", encoding="utf-8")
    errors = toolc("diff", str(a), str(broken), "--specs-only")  # 2, not 1: an error is not a difference
    assert errors.returncode == 2 and "error[E001]" in errors.stderr
    assert toolc("diff", str(tmp_path / "missing"), str(a), "--specs-only").returncode == 2
