"""Evaluation (train.evaluate, train.report): decision points, exact metric values on scripted answers, tiny model, CLI."""

import json
from pathlib import Path

import pytest


from tests.train_fixtures import TOOLS, make_dataset_dir, tiny_model
from toolc.cli import main as toolc_main
from toolc.errors import DataError, DatasetDirError
from toolc.train import report as rpt
from toolc.train.data import load_sft
from toolc.train.evaluate import cut_at_stop, decision_points, evaluate, infer_expects, main


def msg(role, content="", calls=None, name=None):
    m = {"role": role, "content": content}
    if calls:
        m["tool_calls"] = [{"type": "function", "function": {"name": n, "arguments": a}} for n, a in calls]
    if name:
        m["name"] = name
    return m


def tool_result(name, value):
    return msg("tool", json.dumps(value, ensure_ascii=False), name=name)


def call_text(*calls):
    return "\n".join(
        "<tool_call>\n" + json.dumps({"name": n, "arguments": a}, ensure_ascii=False) + "\n</tool_call>"
        for n, a in calls
    )


SYSTEM = msg("system", "你是一个可以调用工具的智能助手")
WEATHER = [TOOLS["get_weather"], TOOLS["convert_currency"]]
DINING = [TOOLS["search_restaurants"], TOOLS["book_table"]]

# Seven conversations covering every kind of turn; SCRIPT holds the model's answer at each assistant turn.
ROWS = [
    {"id": "A", "scenario": "weather.single", "tools": WEATHER, "messages": [
        SYSTEM, msg("user", "北京明天天气"),
        msg("assistant", calls=[("get_weather", {"city": "北京", "date": "2025-04-24"})]),
        tool_result("get_weather", {"temp_c": 20}), msg("assistant", "北京明天20℃。")]},
    {"id": "B", "scenario": "weather.parallel", "tools": WEATHER, "messages": [
        SYSTEM, msg("user", "Compare Paris and London"),
        msg("assistant", calls=[("get_weather", {"city": "Paris"}), ("get_weather", {"city": "London"})]),
        tool_result("get_weather", {"temp_c": 20}), tool_result("get_weather", {"temp_c": 15}),
        msg("assistant", "Paris 20, London 15.")]},
    {"id": "C", "scenario": "weather.clarify", "tools": WEATHER, "messages": [
        SYSTEM, msg("user", "帮我查一下天气"), msg("assistant", "请问您想查询哪个城市？"), msg("user", "上海"),
        msg("assistant", calls=[("get_weather", {"city": "上海"})]),
        tool_result("get_weather", {"temp_c": 20}), msg("assistant", "上海20℃。")]},
    {"id": "D", "scenario": "smalltalk", "tools": WEATHER, "messages": [
        SYSTEM, msg("user", "你好"), msg("assistant", "你好！有什么可以帮您？")]},
    {"id": "E", "scenario": "dining.chain", "tools": DINING, "messages": [
        SYSTEM, msg("user", "Find a japanese restaurant in Tokyo and book it for 2"),
        msg("assistant", calls=[("search_restaurants", {"city": "Tokyo", "cuisine": "japanese"})]),
        tool_result("search_restaurants", [{"name": "Blue Lotus"}]),
        msg("assistant", calls=[("book_table", {"restaurant": "Blue Lotus", "people": 2})]),
        tool_result("book_table", {"status": "ok"}), msg("assistant", "Booked.")]},
    {"id": "F", "scenario": "currency.single", "tools": WEATHER, "messages": [
        SYSTEM, msg("user", "100 USD in EUR?"),
        msg("assistant", calls=[("convert_currency", {"amount": 100, "source": "USD", "target": "EUR"})]),
        tool_result("convert_currency", {"value": 92}), msg("assistant", "About 92 EUR.")]},
    {"id": "G", "scenario": "weather.single", "tools": WEATHER, "messages": [
        SYSTEM, msg("user", "杭州后天天气"),
        msg("assistant", calls=[("get_weather", {"city": "杭州", "date": "2025-04-25"})]),
        tool_result("get_weather", {"temp_c": 22}), msg("assistant", "杭州后天22℃。")]},
]

SCRIPT = {
    ("A", 2): call_text(("get_weather", {"city": "北京", "date": "2025-04-24"})),  # right
    ("A", 4): "北京明天20℃。",
    ("B", 2): call_text(("get_weather", {"city": "London"}), ("get_weather", {"city": "Paris"})),  # reordered
    ("B", 5): "Paris is warmer.",
    ("C", 2): "请问是哪个城市？",  # clarification asked
    ("C", 4): call_text(("get_weather", {})),  # missing required argument
    ("C", 6): "<think>\n\n</think>\n\n上海20℃。",
    ("D", 2): call_text(("get_weather", {"city": "北京"})),  # call on a smalltalk turn
    ("E", 2): call_text(("search_restaurants", {"city": "Tokyo", "cuisine": "japanese"})),  # right
    ("E", 4): call_text(("search_restaurants", {"city": "Tokyo"})),  # wrong tool: chain E fails
    ("E", 6): "Booked.",
    ("F", 2): '<tool_call>\n{"name": "convert_currency", "arguments": {"amount": 100,}\n</tool_call>',  # bad JSON
    ("F", 4): "About 92 EUR.",
    ("G", 2): call_text(("get_weather", {"city": "杭州", "date": "2025-04-26"})),  # one wrong value
    ("G", 4): "杭州后天22℃。",
}


def scripted(points):
    return [SCRIPT[(p.conversation, p.index)] for p in points]


def test_decision_points_and_expects():
    points = decision_points(ROWS)
    assert [(p.conversation, p.index, p.expect) for p in points] == [
        ("A", 2, "call"), ("A", 4, "none"), ("B", 2, "call"), ("B", 5, "none"),
        ("C", 2, "clarify"), ("C", 4, "call"), ("C", 6, "none"), ("D", 2, "none"),
        ("E", 2, "call"), ("E", 4, "call"), ("E", 6, "none"), ("F", 2, "call"), ("F", 4, "none"),
        ("G", 2, "call"), ("G", 4, "none"),
    ]
    c1 = points[5]
    assert c1.prompt == ROWS[2]["messages"][:4] and c1.step == 1 and c1.scenario == "weather.clarify"
    assert [g.name for g in points[2].gold] == ["get_weather", "get_weather"]
    assert points[2].gold[0].arguments["city"] == ["Paris"]
    assert decision_points(ROWS, limit=2)[-1].conversation == "B"


def test_expects_column_wins_over_inference():
    row = {**ROWS[2], "expects": json.dumps(["none", "call", "none"])}
    assert [p.expect for p in decision_points([row])] == ["none", "call", "none"]
    with pytest.raises(DatasetDirError, match="expects"):
        decision_points([{**ROWS[2], "expects": ["call", "call"]}])
    with pytest.raises(DatasetDirError, match="makes no call"):
        decision_points([{**ROWS[2], "expects": ["call", "call", "none"]}])


def test_infer_expects_follow_up_question_after_results_is_none():
    # a question after tool results, answered by the user, then a call: not a clarification (no user turn before it)
    messages = ROWS[4]["messages"][:4] + [msg("assistant", "Book it?"), msg("user", "yes")] + ROWS[4]["messages"][4:]
    assert infer_expects(messages) == ["call", "none", "call", "none"]


def test_scripted_answers_give_exact_metrics():
    report = evaluate(None, None, ROWS, generate=scripted, batch_size=4)
    m = report["metrics"]
    assert report["n_conversations"] == 7 and report["n_decisions"] == 15
    assert (m["n_call_turns"], m["n_none_turns"], m["n_clarify_turns"], m["n_chains"]) == (7, 7, 1, 7)
    assert m["format_validity"] == pytest.approx(14 / 15)  # F's bad JSON
    assert m["tool_accuracy"] == pytest.approx(5 / 7)  # E wrong tool, F malformed
    assert m["exact_match"] == pytest.approx(3 / 7)  # A, B (reordered parallel), E's first call
    assert m["partial_match"] == pytest.approx(1 / 7)  # G: right tool, one of two arguments right
    # arguments: tp A2 B2 E2 G1 = 7; fp E(city) G(date) = 2; fn C(city) E(restaurant, people) F(3) G(date) = 7
    assert m["arg_precision"] == pytest.approx(7 / 9)
    assert m["arg_recall"] == pytest.approx(7 / 14)
    assert m["arg_f1"] == pytest.approx(14 / 23)
    assert m["irrelevance_accuracy"] == pytest.approx(6 / 7)  # D called a tool on smalltalk
    assert m["clarification_accuracy"] == 1.0
    assert m["turn_accuracy"] == pytest.approx(10 / 15)
    assert m["chain_success"] == pytest.approx(2 / 7)  # A and B only; E is right at step 0 but not at step 1
    assert m["per_tool"]["get_weather"] == {"calls": 5, "call_accuracy": 0.6, "turns": 4, "exact_match": 0.5}
    assert m["per_tool"]["book_table"]["call_accuracy"] == 0.0
    assert m["per_tool"]["search_restaurants"]["call_accuracy"] == 1.0
    assert m["per_scenario"]["dining.chain"]["chain_success"] == 0.0
    assert m["per_scenario"]["weather.single"]["exact_match"] == 0.5
    by_turn = {(s["id"], s["turn"]): s for s in report["samples"]}
    assert by_turn[("D", 2)]["code"] == "spurious_call"
    assert by_turn[("F", 2)]["code"] == "format"
    assert by_turn[("C", 4)]["code"] == "missing_required"
    assert by_turn[("E", 4)]["correct"] is False and by_turn[("E", 2)]["correct"] is True
    assert by_turn[("B", 2)]["gold"] == [{"name": "get_weather", "arguments": {"city": "Paris"}},
                                         {"name": "get_weather", "arguments": {"city": "London"}}]
    assert all(s["latency_ms"] >= 0 for s in report["samples"])


def test_batching_keeps_answers_with_their_points():
    a = evaluate(None, None, ROWS, generate=scripted, batch_size=1)
    b = evaluate(None, None, ROWS, generate=scripted, batch_size=64)
    assert a["metrics"] == b["metrics"]
    assert [s["completion"] for s in a["samples"]] == [s["completion"] for s in b["samples"]]
    with pytest.raises(ValueError, match="completions for"):
        evaluate(None, None, ROWS, generate=lambda pts: ["x"])
    with pytest.raises(ValueError, match="batch_size"):
        evaluate(None, None, ROWS, generate=scripted, batch_size=0)


def test_cut_at_stop():
    assert cut_at_stop("abc<|im_end|>\n<|endoftext|>", ["<|endoftext|>", "<|im_end|>"]) == "abc"
    assert cut_at_stop("abc", ["<|im_end|>"]) == "abc"


def test_report_tables_json_and_plot(tmp_path):
    base = {"label": "base", "model": "m", "split": "test",
            **evaluate(None, None, ROWS, generate=lambda pts: ["hello"] * len(pts))}
    trained = {"label": "sft", "model": "m", "split": "test", **evaluate(None, None, ROWS, generate=scripted)}
    path = rpt.write_json(trained, tmp_path / "r" / "report.json")
    assert rpt.read_json(path)["metrics"] == json.loads(json.dumps(trained["metrics"]))
    png = rpt.plot_per_tool({"base": base, "sft": trained}, tmp_path / "tools.png")
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    png2 = rpt.plot_per_tool({"base": base, "sft": trained}, tmp_path / "tools2.png")
    assert png.read_bytes() == png2.read_bytes()  # deterministic
    from rich.console import Console

    console = Console(record=True, width=140)
    rpt.print_comparison({"base": base, "sft": trained}, console=console)
    text = console.export_text()
    assert "exact call match" in text and "42.9%" in text and "+42.9" in text and "get_weather" in text
    with pytest.raises(DataError, match="not a toolc evaluation report"):
        (tmp_path / "bad.json").write_text("[]")
        rpt.read_json(tmp_path / "bad.json")


@pytest.fixture(scope="module")
def tiny(tmp_path_factory):
    root = tmp_path_factory.mktemp("eval")
    data = make_dataset_dir(root)
    return data, tiny_model(root, data_dir=data)


def test_evaluate_tiny_model_reports_sane_metrics(tiny):
    from toolc.train.evaluate import load_model_for_eval

    data, model_dir = tiny
    model, tokenizer = load_model_for_eval(str(model_dir), device="cpu")
    report = evaluate(model, tokenizer, load_sft(data, "test"), limit=3, batch_size=4, max_new_tokens=8)
    m = report["metrics"]
    assert report["n_conversations"] == 3 and report["n_decisions"] == len(report["samples"])
    for key in ("format_validity", "tool_accuracy", "exact_match", "arg_recall", "turn_accuracy", "chain_success",
                "irrelevance_accuracy"):
        assert m[key] is not None and 0.0 <= m[key] <= 1.0, key
    assert set(m["per_scenario"]) <= {"weather.single", "weather.parallel", "dining.chain", "weather.clarify",
                                      "currency.single", "smalltalk"}
    assert report["latency_ms"]["mean"] > 0 and report["generation"]["new_tokens"] > 0
    assert all("<|im_end|>" not in s["completion"] for s in report["samples"])


def test_greedy_decode_is_generate_token_for_token(tiny):
    """The evaluation's decoding loop (rows leave the batch when they stop) writes exactly the tokens of
    ``model.generate(do_sample=False)``, padding included, with rows that stop at different steps."""
    import torch
    from transformers import GenerationConfig

    from toolc.train.evaluate import decision_points, load_model_for_eval
    from toolc.train.generation import HFGenerator, greedy_decode

    data, model_dir = tiny
    model, tok = load_model_for_eval(str(model_dir), device="cpu")
    torch.manual_seed(0)  # the untrained model writes one token forever: noise makes its rows differ
    with torch.no_grad():
        for w in model.parameters():
            w.add_(torch.randn_like(w))
    gen = HFGenerator(model, tok, max_new_tokens=12)
    points = decision_points(load_sft(data, "test"), limit=4)[:6]
    tok.padding_side = "left"
    enc = tok([gen.render(p) for p in points], return_tensors="pt", padding=True, add_special_tokens=False)
    pad = gen.pad_token_id
    with torch.inference_mode():
        free = greedy_decode(model, enc["input_ids"], enc["attention_mask"], 12, [], pad)
        # a "stop" token the untrained model writes first at different steps of different rows
        rows = free.tolist()
        first = {t: {row.index(t) if t in row else None for row in rows} for row in rows for t in row}
        stops = [max(first, key=lambda t: (len(first[t]), t))]
        config = GenerationConfig(max_new_tokens=12, do_sample=False, eos_token_id=stops, pad_token_id=pad)
        want = model.generate(**enc, generation_config=config)[:, enc["input_ids"].shape[1]:]
        got = greedy_decode(model, enc["input_ids"], enc["attention_mask"], 12, stops, pad)
    assert free.shape == (len(points), 12)
    assert got.tolist() == want.tolist()
    ends = {next((i for i, t in enumerate(row) if t in stops), None) for row in got.tolist()}
    assert len(ends) >= 2  # rows left the batch at different steps


def test_cli_writes_report_and_plot(tiny, tmp_path, capsys):
    data, model_dir = tiny
    out = tmp_path / "eval" / "report.json"
    assert main(["--model", str(model_dir), "--data", str(data), "--limit", "2", "--max-new-tokens", "4",
                 "-o", str(out), "--device", "cpu"]) == 0
    report = json.loads(out.read_text(encoding="utf-8"))
    assert report["split"] == "test" and report["n_conversations"] == 2 and "per_tool" in report["metrics"]
    assert out.with_suffix(".png").read_bytes()[:4] == b"\x89PNG"
    assert "exact call match" in capsys.readouterr().out
    # comparing against an earlier report prints both columns
    assert main(["--model", str(model_dir), "--data", str(data), "--limit", "2", "--max-new-tokens", "4",
                 "-o", str(tmp_path / "again.json"), "--compare", str(out), "--quiet", "--device", "cpu"]) == 0
    assert "before" in capsys.readouterr().out
    assert toolc_main(["eval", "--model", str(model_dir), "--data", str(tmp_path / "nope"), "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: dataset directory") and err.count("\n") == 1  # one line, no traceback
