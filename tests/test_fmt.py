"""toolc fmt: the canonical layout is idempotent, keeps every comment, and never changes what a build makes."""

from __future__ import annotations

import json
import shutil
import textwrap
from pathlib import Path

import pytest
from specgen import generate_spec
from test_cli import toolc

from toolc.dsl.diagnostics import Diagnostics
from toolc.dsl.fmt import format_text
from toolc.dsl.parse import parse_with_comments
from toolc.dsl.span import Source

ROOT = Path(__file__).resolve().parents[1]
BUNDLED = sorted((ROOT / "specs").glob("*.tool")) + [ROOT / "tests" / "data" / "mini.tool",
                                                      ROOT / "toolc" / "templates" / "starter.tool"]


def _comments(text: str) -> list[str]:
    _, comments = parse_with_comments(Source("x.tool", text), Diagnostics())
    return [c.text for c in comments]


@pytest.mark.parametrize("path", BUNDLED, ids=lambda p: p.name)
def test_idempotent_and_comments_kept_on_every_bundled_spec(path):
    text = path.read_text(encoding="utf-8")
    once = format_text(text, path.name)
    assert format_text(once, path.name) == once
    assert _comments(once) == _comments(text)


def test_idempotent_on_generated_specs():
    for seed in range(5):
        text = generate_spec(12, seed=seed)
        once = format_text(text)
        assert format_text(once) == once


def test_the_starter_spec_is_already_canonical():
    text = (ROOT / "toolc" / "templates" / "starter.tool").read_text(encoding="utf-8")
    assert format_text(text) == text


def test_layout_and_comment_placement():
    src = textwrap.dedent('''\
        # file header

        locale en_US
        tool   get_weather "Weather"{   # the tool
          city:string "City"   ask "Which city?"
          # about the unit
          unit: "c"|"f"="c"
          days :int(1..7)?     # how many
          returns {condition:"sun"|"rain",  temp: int}
        }
        slot day={"today":+0d,"tomorrow":1d}
        scenario w weight 2.0{
          user "weather in {day}?"|"{day} weather"
          call get_weather(city="Paris",days=3)->w
          assistant "{w.condition}"
          # trailing note
        }
        dataset d{rm 10 perturb value
          sft 5 each
          test 10% holdout none
        }
        # the end
        ''')
    assert format_text(src) == textwrap.dedent('''\
        # file header

        locale en_US

        tool get_weather "Weather" {  # the tool
            city: string  "City"  ask "Which city?"
            # about the unit
            unit: "c" | "f" = "c"
            days: int(1..7)?  # how many
            returns { condition: "sun" | "rain", temp: int }
        }

        slot day = { "today": +0d, "tomorrow": +1d }

        scenario w weight 2 {
            user "weather in {day}?" | "{day} weather"
            call get_weather(city="Paris", days=3) -> w
            assistant "{w.condition}"
            # trailing note
        }

        dataset d {
            rm 10 perturb value
            sft 5 each
            test 10% holdout none
        }
        # the end
        ''')


def test_a_long_case_in_a_result_field_is_laid_out_one_arm_a_line():
    """A derived field whose `case` passes the line width, or was written over lines, keeps one arm a line (before,
    every such field was joined onto one line of up to 200 characters); a short one written inline stays inline."""
    src = textwrap.dedent('''\
        tool t "T" {
            x: int
            returns {
                p: int(0..100)
                hi: int(-5..30)
                condition: "sunny" | "cloudy" | "rain" | "snow" = case { when hi <= 1 and p >= 50: "snow"  when p >= 50: "rain"  when p >= 25: "cloudy"  else: "sunny" }
                short: string = case { when p >= 50: "wet"  else: "dry" }
                written: string = case {
                    when p > 1: "a"
                    else: "b"
                }  "written over lines"
            }
        }
        ''')
    out = format_text(src)
    assert out == textwrap.dedent('''\
        tool t "T" {
            x: int
            returns {
                p: int(0..100)
                hi: int(-5..30)
                condition: "sunny" | "cloudy" | "rain" | "snow" = case {
                    when hi <= 1 and p >= 50: "snow"
                    when p >= 50: "rain"
                    when p >= 25: "cloudy"
                    else: "sunny"
                }
                short: string = case { when p >= 50: "wet"  else: "dry" }
                written: string = case {
                    when p > 1: "a"
                    else: "b"
                }  "written over lines"
            }
        }
        ''')
    assert format_text(out) == out


def test_formatting_never_changes_the_build(tmp_path):
    """Build the bundled specs, and their formatted copy: the same rows, byte for byte (the manifest differs only
    in the specs' own hashes)."""
    formatted = tmp_path / "specs"
    shutil.copytree(ROOT / "specs", formatted, ignore=shutil.ignore_patterns("__*"))
    r = toolc("fmt", str(formatted))
    assert r.returncode == 0 and r.stdout.count("reformatted") == len(list(formatted.glob("*.tool"))), r.stderr
    flags = ["--today", "2026-12-02", "--sft", "300", "--rm", "150", "--ppo", "60", "--no-progress"]
    assert toolc("build", str(ROOT / "specs"), "-o", str(tmp_path / "a"), *flags).returncode == 0
    assert toolc("build", str(formatted), "-o", str(tmp_path / "b"), *flags).returncode == 0
    files = sorted(p.relative_to(tmp_path / "a") for p in (tmp_path / "a").rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(tmp_path / "b") for p in (tmp_path / "b").rglob("*") if p.is_file())
    for rel in files:
        a, b = (tmp_path / "a" / rel).read_bytes(), (tmp_path / "b" / rel).read_bytes()
        if rel.name == "manifest.json":
            ma, mb = json.loads(a), json.loads(b)
            assert ma.pop("specs").keys() == mb.pop("specs").keys() and ma == mb
        elif rel.parts[0] == ".toolc-cache":
            continue  # the incremental-build cache keeps each scenario's line (keys, provenance), which formatting moves
        else:
            assert a == b, rel


def test_cli_check_write_stdin_and_errors(tmp_path):
    spec = tmp_path / "t.tool"
    messy = 'tool t {  a:int  # keep me\n}\n'
    spec.write_text(messy, encoding="utf-8")
    r = toolc("fmt", "--check", str(spec))
    assert r.returncode == 1 and "would reformat" in r.stdout
    assert spec.read_text(encoding="utf-8") == messy  # --check changes nothing
    assert toolc("fmt", str(spec)).returncode == 0
    assert spec.read_text(encoding="utf-8") == "tool t {\n    a: int  # keep me\n}\n"
    assert toolc("fmt", "--check", str(spec)).returncode == 0
    bad = tmp_path / "bad.tool"
    bad.write_text("tool {\n", encoding="utf-8")
    r = toolc("fmt", "--check", str(tmp_path))
    assert r.returncode == 2 and "error[E001]" in r.stderr
    assert bad.read_text(encoding="utf-8") == "tool {\n"
    import subprocess
    import sys

    r = subprocess.run([sys.executable, "-m", "toolc.cli", "fmt", "-"], input=messy, capture_output=True, text=True,
                       cwd=ROOT, timeout=60)
    assert r.returncode == 0 and r.stdout == "tool t {\n    a: int  # keep me\n}\n"


def test_a_refusals_pretend_texts_go_on_a_line_of_their_own():
    src = 'scenario s {\n    user "x"\n    refuse "No." | "Sorry, no." pretend "Done!"\n}\n'
    once = format_text(src)
    assert once == 'scenario s {\n    user "x"\n    refuse "No." | "Sorry, no."\n        pretend "Done!"\n}\n', once
    assert format_text(once) == once


def test_a_long_pool_fills_its_lines_and_a_commented_one_keeps_a_value_a_line():
    """A slot's values fill lines of 120 columns: choices continue with ``|`` under the ``=``, map entries under the
    first entry, a broken map line ends with its comma; a comment among them keeps one value a line."""
    cities = " | ".join(f'"City{i:03d}"' for i in range(30))
    zones = ", ".join(f'"Town{i:02d}": "Zone/T{i:02d}"' for i in range(12))
    src = f"slot city = {cities}\nslot tz = {{ {zones} }}\nslot few = {{\n    \"a\": 1\n    \"b\": 2\n}}\n" \
          'slot noted = "x"  # the first\n    | "y"\n'
    out = format_text(src)
    lines = out.splitlines()
    assert all(len(line) <= 120 for line in lines)
    city = [ln for ln in lines if "City0" in ln]
    assert city[0].startswith('slot city = "City000" | ') and len(city) == 4
    assert all(ln.startswith(" " * 10 + '| "City') for ln in city[1:])
    assert all(len(ln) + len(' | "City000"') > 120 for ln in city[:-1])  # each line as full as it can be
    tz = [ln for ln in lines if "Town" in ln]
    assert tz[0].startswith('slot tz = { "Town00": ') and tz[-1].endswith('"Zone/T11" }') and len(tz) >= 3
    assert all(ln.endswith(",") for ln in tz[:-1]) and all(ln.startswith(" " * 12 + '"Town') for ln in tz[1:])
    assert 'slot few = { "a": 1, "b": 2 }' in lines  # a short map on one line, however it was written
    assert 'slot noted = "x"  # the first' in lines and '           | "y"' in lines  # `|` under the `=`
    assert format_text(out) == out


def test_a_case_arm_too_long_for_its_condition_line_puts_its_texts_below():
    long = "x" * 100
    src = textwrap.dedent(f'''\
        tool t "T" {{
            returns {{ n: int }}
        }}
        scenario s {{
            user "go"
            call t() -> r
            assistant case {{ when r.n > 5: "{long} {{r.n}}" | "more {{r.n}}" else: "few {{r.n}}" }}
        }}
        ''')
    out = format_text(src)
    assert f'''        when r.n > 5:
            "{long} {{r.n}}"
          | "more {{r.n}}"
        else: "few {{r.n}}"''' in out
    assert format_text(out) == out


def test_lines_are_measured_in_the_columns_a_terminal_shows():
    """A Han character takes two columns: a pool of Chinese values fills half as many characters a line."""
    values = " | ".join(f'"城市{i:02d}号"' for i in range(24))
    lines = format_text(f"slot city = {values}\n").splitlines()
    wide = [sum(2 if "\u4e00" <= c <= "\u9fff" else 1 for c in ln) for ln in lines]
    assert len(lines) > 2 and max(wide) <= 120 and min(wide[:-1]) > 100
