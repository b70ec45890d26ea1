"""Diagnostics as a user reads them: levels, secondary labels, codes with explanations, JSON, and rendering
that stays short and aligned on any line (1 MB lines, emoji, CJK)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from toolc.cli import main
from toolc.compiler.build import check
from toolc.dsl.codes import CODES, explain
from toolc.dsl.diagnostics import Diagnostic, Diagnostics, Label
from toolc.dsl.render import MAX_LINE_CHARS, display_width, render_text
from toolc.dsl.span import Source, Span
from toolc.errors import UsageError

ROOT = Path(__file__).resolve().parents[1]


def caret_column(rendered: str, mark: str = "^") -> int:
    """Display column (0-based, after the gutter) of the first underline row's first ``mark``."""
    row = next(line for line in rendered.splitlines() if re.match(r"\s*\|\s*[\^-]", line) and mark in line)
    gutter = row.index("|") + 2
    return display_width(row[gutter:row.index(mark)])


def source_column(rendered: str, line_no: int, needle: str) -> int:
    """Display column (0-based, after the gutter) where ``needle`` starts in the shown source line ``line_no``."""
    row = next(line for line in rendered.splitlines() if re.match(rf"\s*{line_no} \| ", line))
    gutter = row.index("|") + 2
    return display_width(row[gutter:row.index(needle)])


# ---------------------------------------------------------------------------------------------- codes


def _codes_in_source() -> set[str]:
    found = set()
    for folder in ("dsl", "compiler", "toolc", "train"):
        for path in (ROOT / folder).rglob("*.py"):
            found |= set(re.findall(r'"([EW]\d{3})"', path.read_text(encoding="utf-8")))
    return found


def test_every_code_in_the_source_has_an_explanation_and_every_explanation_a_use():
    used = _codes_in_source()
    assert used - set(CODES) == set(), "codes without dsl/explanations/CODE.md"
    assert set(CODES) - used == set(), "explanations of codes nothing reports"
    for code, title in CODES.items():
        assert title and title == title.strip() and not title.endswith("."), code


@pytest.mark.parametrize("code", sorted(CODES))
def test_the_erroneous_example_of_each_explanation_reports_its_code(code, tmp_path):
    """A ```tool block in an explanation is a spec that `toolc check` reports with that code (as rustc tests
    the examples of its error index)."""
    blocks = re.findall(r"```tool\n(.*?)```", explain(code), re.S)
    for i, block in enumerate(blocks):
        spec = tmp_path / f"example{i}.tool"
        spec.write_text(block, encoding="utf-8")
        _, diags = check([spec])
        assert code in [d.code for d in (*diags.errors, *diags.warnings)], diags.render()


def test_explain_unknown_code_suggests_and_exits_two(capsys):
    assert main(["explain", "E1022"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: no diagnostic code `E1022`; did you mean `E102`") and err.count("\n") == 1
    assert main(["explain", "102"]) == 0 and capsys.readouterr().out.startswith("# E102: unknown slot")
    with pytest.raises(UsageError):
        explain("nonsense")


def test_expansion_errors_have_their_own_codes():
    assert {"E601", "E602", "E603"} <= set(CODES) and CODES["E201"] != CODES["E601"]


# ---------------------------------------------------------------------------------------------- rendering


def _diag(text: str, span: Span, **kw) -> str:
    return render_text(Diagnostic("E001", "m", span, **kw), {span.file: Source(span.file, text)})


def test_a_one_megabyte_line_prints_a_short_window_around_the_caret():
    text = 'slot s = "' + "a" * 1_000_000 + '" | cty\n'
    col = text.index("cty") + 1
    out = _diag(text, Span("x.tool", 1, col, 1, col + 3), hint="expected a string")
    assert len(out) < 3 * MAX_LINE_CHARS
    shown = out.splitlines()[2]
    assert shown.startswith("1 | ...") and shown.endswith("| cty")
    assert caret_column(out) == source_column(out, 1, "cty")
    # the error at the start of the line: the window starts there and is cut at the end
    out = _diag(text, Span("x.tool", 1, 1, 1, 5))
    assert out.splitlines()[2].startswith("1 | slot s") and out.splitlines()[2].endswith("...")
    assert len(out) < 3 * MAX_LINE_CHARS


def test_a_1mb_line_through_toolc_check_is_clipped(tmp_path, capsys):
    spec = tmp_path / "long.tool"
    spec.write_text('slot s = "' + "a" * 1_000_000 + '" | cty\n', encoding="utf-8")
    assert main(["check", str(spec)]) == 1
    err = capsys.readouterr().err
    assert len(err) < 2000 and "error[E001]" in err and "^^^" in err


@pytest.mark.parametrize("prefix,width", [
    ("😀", 2), ("中文", 4), ("❤️", 2), ("e\u0301", 1), ("👨\u200d👩\u200d👧", 2), ("１２", 4), ("🇨🇳", 2), ("abc", 3),
])
def test_carets_line_up_after_emoji_and_wide_characters(prefix, width):
    """The caret goes under the token in display columns: wide characters count two, combining marks,
    variation selectors and zero-width joiners none."""
    assert display_width(prefix) == width
    text = f'    user "{prefix}{{cty}}"'
    col = text.index("{cty}") + 1  # code points, as spans count
    out = _diag(text, Span("x.tool", 1, col, 1, col + 5))
    assert caret_column(out) == display_width('    user "') + width == source_column(out, 1, "{cty}")


def test_labels_in_another_file_and_on_far_lines(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("a.tool").write_text('import "b.tool"\ntool get_weather { city: string }\n', encoding="utf-8")
    Path("b.tool").write_text("\n" * 20 + "tool get_weather { town: string }\n", encoding="utf-8")
    _, diags = check([Path("a.tool")])
    (err,) = diags.errors
    assert err.code == "E105" and len(err.labels) == 1 and err.labels[0].span.file != err.span.file
    text = diags.render()
    first, other = (err.span, err.labels[0].span)
    assert f"::: {other}" in text and "is first declared here" in text
    assert text.index("^^^") < text.index(f"::: {other}")  # the primary file comes first
    assert re.search(rf"^{other.line} \| tool get_weather", text, re.M)
    assert re.search(rf"^ ?{first.line} \| tool get_weather", text, re.M)


def test_json_carries_level_and_labels(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("d.tool").write_text("dataset d {\n    seed 1\n    seed 2\n}\n", encoding="utf-8")
    _, diags = check([Path("d.tool")])
    diags.warning("W601", "a warning", Span("d.tool", 1, 1, 1, 8), labels=(Label(Span("d.tool", 2, 5, 2, 11), "here"),))
    (err, warn) = json.loads(diags.render("json"))
    assert err["level"] == "error" and err["code"] == "E303" and (err["line"], err["col"]) == (3, 5)
    assert err["labels"] == [{"file": "d.tool", "line": 2, "col": 5, "end_line": 2, "end_col": 11,
                              "message": "first set here"}]
    assert err["notes"] == [] and warn["level"] == "warning" and warn["labels"][0]["message"] == "here"


def test_levels_and_summary():
    diags = Diagnostics()
    assert diags.summary() == "0 errors"
    diags.warning("W601", "w", None)
    assert not diags and diags.summary() == "1 warning"
    diags.note(None, "just so you know")
    diags.error("E001", "e", None)
    diags.error("E001", "e", None)  # identical: kept once
    assert diags and diags.summary() == "1 error, 1 warning"
    text = diags.render()
    assert text.splitlines() == ["error[E001]: e", "warning[W601]: w", "note: just so you know"]


def test_a_missing_file_named_on_the_command_line_has_a_path_prefix(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(["check", "missing.tool"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("missing.tool: error[E401]: cannot read `missing.tool`: no such file or directory\n")
    Path("dir.tool").mkdir()
    assert main(["check", "dir.tool", "--error-format", "json"]) == 1
    (d,) = json.loads(capsys.readouterr().out)
    assert d["file"] == "dir.tool" and d["code"] == "E401" and "line" not in d


def test_rows_the_verification_stage_drops_are_a_warning_at_the_scenario(tmp_path, monkeypatch):
    """A row whose call fails the tool's schema (a value the checks before expansion could not see) is dropped
    by the verification stage, counted in the manifest, and named in one W602 warning per scenario."""
    from toolc.compiler import verify
    from toolc.compiler.build import build

    monkeypatch.setattr(verify, "validate_call", lambda call, definition: ["'x' is not of type 'integer'"])
    monkeypatch.chdir(ROOT / "tests" / "data")
    warnings = Diagnostics()
    manifest = build([Path("mini.tool")], tmp_path / "out", sft=5, rm=0, ppo=0, formats=["openai"], progress=False,
                     warnings=warnings)
    schema = manifest["verification"]["stages"]["schema"]
    assert schema["dropped"] > 0 and schema["reasons"] == {"call-schema": schema["dropped"]}
    dropped = [w for w in warnings.warnings if w.code == "W602"]
    assert dropped and all("dropped by the verification stage (schema/call-schema" in w.message for w in dropped)
    assert all(w.span is not None and "is not of type" in w.hint for w in dropped)


def test_checking_twenty_thousand_errors_stays_fast(tmp_path):
    """Rendering asked Source.line for every error (a split of the whole file each time): 94 s for 20,000
    duplicate tools; the lines are split once now."""
    import time

    spec = tmp_path / "big.tool"
    spec.write_text("tool t { x: int }\n" * 20_000, encoding="utf-8")
    start = time.perf_counter()
    _, diags = check([spec])
    text = diags.render()
    assert len(diags.errors) == 19_999 and text.count("first declared here") == 19_999
    assert time.perf_counter() - start < 30


def test_a_dataset_naming_a_scenario_dropped_for_its_own_errors_is_no_second_error(tmp_path, capsys):
    """`scenarios book` where `book` has a misspelt slot: the one error is the slot's, not also "no scenario matches
    `book`" (which sends a new user looking for a scenario that is there); a name nothing declares still is E108."""
    spec = tmp_path / "t.tool"
    spec.write_text('locale en_US\ntool t "T" { a: string "A" }\nslot s = "x" | "y"\n'
                    'scenario book {\n    user "Do {sx}"\n    call t(a=s)\n    assistant "Done."\n}\n'
                    'dataset d { scenarios book, bok sft 2 }\n', encoding="utf-8")
    assert main(["check", str(spec)]) == 1
    err = capsys.readouterr().err
    assert "E102" in err and "no scenario matches `book`" not in err
    assert "no scenario matches `bok`" in err
