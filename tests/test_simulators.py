"""User simulators (docs/language.md, "Simulators"): code named by a spec runs only with --allow-simulators,
its results are verified, its exceptions are one error at the spec, and builds stay deterministic."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from toolc.cli import main
from toolc.compiler.build import BuildError, build, check

TODAY = dt.date(2026, 12, 2)

SPEC = '''tool quote "Stock quote" {
    symbol: string
    returns { symbol: string, price: float(0..10000), currency: "USD" | "EUR" } simulate "sims.py:quote"
}
slot symbol = "AAPL" | "MSFT" | "BOOM" | "NVDA" | "TSLA"
scenario q { user "price of {symbol}?" call quote(symbol=symbol) -> r assistant "{r.symbol}: {r.price} {r.currency}" }
dataset d { system "You are a helpful assistant." sft 30 rm 0 ppo 0 format openai test 0% }
'''

SIMS = '''
import pathlib
pathlib.Path(__file__).with_name("imported.marker").write_text("code ran")

def quote(arguments, ctx):
    if arguments["symbol"] == "BOOM" and ctx.tool == "quote" and RAISE:
        raise ValueError("no such symbol")
    return {"symbol": arguments["symbol"], "price": round(100 + ctx.rng.random() * 50, 2), "currency": "USD"}

RAISE = False
'''


@pytest.fixture()
def tree(tmp_path):
    (tmp_path / "spec.tool").write_text(SPEC, encoding="utf-8")
    (tmp_path / "sims.py").write_text(SIMS, encoding="utf-8")
    return tmp_path


def test_naming_a_simulator_runs_no_code(tree):
    _, diags = check([tree / "spec.tool"])
    assert not diags
    with pytest.raises(BuildError) as exc:
        build([tree / "spec.tool"], tree / "out", today=TODAY)
    text = exc.value.diags.render()
    assert "E601" in text and "--allow-simulators" in text and "spec.tool:3:" in text
    assert not (tree / "imported.marker").exists() and not (tree / "out").exists()


def test_with_the_flag_results_come_from_the_function_and_are_verified(tree):
    m = build([tree / "spec.tool"], tree / "a", today=TODAY, allow_simulators=True)
    assert (tree / "imported.marker").exists()
    rows = [json.loads(line) for line in (tree / "a" / "sft" / "openai" / "train.jsonl").read_text().splitlines()]
    assert len(rows) == 30 and m["verification"]["passed"] == m["verification"]["checked"]
    for r in rows:
        result = json.loads(r["messages"][3]["content"])
        args = r["messages"][2]["tool_calls"][0]["function"]["arguments"]  # structured (a Json feature)
        args = json.loads(args) if isinstance(args, str) else args
        assert result["symbol"] == args["symbol"] and 100 <= result["price"] <= 150
        assert r["messages"][4]["content"] == f"{result['symbol']}: {result['price']} USD"
    build([tree / "spec.tool"], tree / "b", today=TODAY, allow_simulators=True)
    for f in ("sft/openai/train.jsonl", "manifest.json"):
        assert (tree / "a" / f).read_bytes() == (tree / "b" / f).read_bytes()  # randomness only from ctx.rng


def test_a_simulator_exception_is_one_error_at_the_spec(tree, capsys):
    (tree / "sims.py").write_text(SIMS.replace("RAISE = False", "RAISE = True"), encoding="utf-8")
    with pytest.raises(BuildError) as exc:
        build([tree / "spec.tool"], tree / "out", today=TODAY, allow_simulators=True)
    text = exc.value.diags.render()
    assert "E603" in text and "spec.tool:3:" in text and "`quote`" in text and '{"symbol": "BOOM"}' in text
    assert "ValueError: no such symbol" in text and "Traceback" not in text
    assert not (tree / "out").exists()
    code = main(["build", str(tree / "spec.tool"), "-o", str(tree / "out"), "--allow-simulators"])
    err = capsys.readouterr().err
    assert code == 1 and "E603" in err and "Traceback" not in err


def test_a_simulator_outside_the_spec_tree_is_refused(tmp_path):
    (tmp_path / "specs").mkdir()
    (tmp_path / "sims.py").write_text(SIMS, encoding="utf-8")
    (tmp_path / "specs" / "spec.tool").write_text(SPEC.replace("sims.py:quote", "../sims.py:quote"), encoding="utf-8")
    _, diags = check([tmp_path / "specs" / "spec.tool"])
    assert [e.code for e in diags.errors] == ["E602"] and "outside the spec tree" in diags.errors[0].message
