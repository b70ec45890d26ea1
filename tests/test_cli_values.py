"""Command-line option values: documented ranges, argparse-style messages, never a traceback (Hypothesis)."""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from toolc import cli, errors, limits
from toolc.compiler import build as build_mod

MINI = Path(__file__).parent / "data" / "mini.tool"

#: Option values a user might type, valid and not.
VALUES = st.one_of(
    st.integers(-(10**30), 10**30).map(str),
    st.integers(-3, limits.MAX_ROWS + 3).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    st.dates().map(dt.date.isoformat),
    st.sampled_from(["nan", "inf", "-inf", "1e400", "-0", "0x10", "1_000", " 5", "", "100", "99.99", "9" * 5000,
                     "9999-12-31", "0001-01-01", "1000-01-01", "8999-12-31", "2025-02-30", str(limits.MAX_SEED),
                     str(limits.MAX_SEED + 1)]),
    st.text(max_size=12),
)


def _int_or_none(text: str) -> int | None:
    try:
        return int(text, 10)
    except ValueError:
        return None


def expected(option: str, text: str):
    """The value the option should take, or ``None`` when it must be refused (an independent statement of the
    documented ranges)."""
    if option in ("--sft", "--rm", "--ppo"):
        n = _int_or_none(text)
        return n if n is not None and 0 <= n <= 1_000_000_000 else None
    if option == "--seed":
        n = _int_or_none(text)
        return n if n is not None and 0 <= n < 2**63 else None
    if option == "--test-percent":
        try:
            x = float(text)
        except ValueError:
            return None
        return x if math.isfinite(x) and 0 <= x < 100 else None
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        return None
    return day if dt.date(1000, 1, 1) <= day <= dt.date(8999, 12, 31) else None


@pytest.fixture
def fake_build(monkeypatch):
    """Replaces the build with one that records its overrides (and checks them as the real one does)."""
    calls: list[dict] = []

    def fake(specs, out, **kw):
        build_mod.Options(kw["dataset"], kw["seed"], kw["today"], None, kw["sft"], kw["rm"], kw["ppo"],
                          kw["test_percent"])
        calls.append(kw)
        return {"rows": {}, "dataset": "d", "formats": [], "shortfalls": []}

    monkeypatch.setattr(build_mod, "build", fake)
    return calls


OPTIONS = ("--sft", "--rm", "--ppo", "--seed", "--test-percent", "--today")
DEST = {"--test-percent": "test_percent", "--sft": "sft", "--rm": "rm", "--ppo": "ppo", "--seed": "seed",
        "--today": "today"}


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(option=st.sampled_from(OPTIONS), text=VALUES)
def test_option_values_are_checked_without_traceback(fake_build, capsys, option, text):
    fake_build.clear()
    want = expected(option, text)
    code = cli.main(["build", str(MINI), "-o", "unused", f"{option}={text}"])
    err = capsys.readouterr().err
    if want is None:
        assert code == 2 and not fake_build
        assert f"toolc build: error: argument {option}:" in err and "Traceback" not in err
    else:
        assert code == 0, err
        got = fake_build[0][DEST[option]]
        assert got == want or (isinstance(want, float) and math.isclose(got, want))


@pytest.mark.parametrize("argv,message", [
    (["--sft=-5"], "argument --sft: expected a row count from 0 to 1_000_000_000, got -5"),
    (["--test-percent=150"], "argument --test-percent: expected a number from 0 up to (not including) 100"),
    (["--test-percent=nan"], "argument --test-percent: expected a number from 0 up to (not including) 100"),
    (["--today=9999-12-31"], "argument --today: expected a date from 1000-01-01 to 8999-12-31, got 9999-12-31"),
    (["--today=0001-01-01"], "argument --today: expected a date from 1000-01-01 to 8999-12-31, got 0001-01-01"),
    (["--seed=-1"], "argument --seed: expected a whole number from 0 to 9223372036854775807, got -1"),
])
def test_refused_values_name_the_option_and_range(tmp_path, capsys, argv, message):
    assert cli.main(["build", str(MINI), "-o", str(tmp_path / "o"), *argv]) == 2
    assert message in capsys.readouterr().err
    assert not (tmp_path / "o").exists()


@pytest.mark.parametrize("today", ["1000-01-01", "8999-12-31"])
def test_the_ends_of_the_date_range_build(tmp_path, capsys, today):
    """Every date arithmetic of a build stays valid at both ends of the --today range (relative dates up to
    100 years away, generated result dates within a week)."""
    spec = tmp_path / "s.tool"
    spec.write_text(MINI.read_text(encoding="utf-8") +
                    '\nslot far = { "a century ago": -36500d, "a century on": +36500d }\n', encoding="utf-8")
    code = cli.main(["build", str(spec), "-o", str(tmp_path / "o"), f"--today={today}", "--format=openai",
                     "--sft=30", "--rm=10", "--ppo=10", "--no-progress"])
    assert code == 0, capsys.readouterr().err


def test_library_callers_get_the_same_checks(tmp_path):
    for kw, text in [({"sft": -5}, "sft: expected a row count"), ({"test_percent": float("nan")}, "test_percent"),
                     ({"today": dt.date(9999, 12, 31)}, "today: expected a date"), ({"seed": 2**63}, "seed")]:
        with pytest.raises(errors.UsageError, match=text):
            build_mod.build([MINI], tmp_path / "o", progress=False, **kw)
    assert not (tmp_path / "o").exists()


def test_spec_counts_and_seed_have_the_same_bounds(tmp_path):
    spec = tmp_path / "s.tool"
    spec.write_text('tool t "x" { a: string }\nslot s = "x" | "y"\nscenario q {\n user "hi {s}"\n call t(a=s)\n}\n'
                    'dataset d {\n sft 1000000001\n seed 9223372036854775807\n}\n', encoding="utf-8")
    prog, diags = build_mod.check([spec])
    assert [e.code for e in diags.errors] == ["E305"]
    assert "at most 1_000_000_000" in diags.errors[0].message and diags.errors[0].span.line == 8
