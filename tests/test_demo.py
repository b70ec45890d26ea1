"""The demo (train.demo, train.demo_report), its breakdowns (train.breakdown), the SFT loss on labelled positions and
the kept allocator: exact values on hand-made samples, and the whole pipeline at tiny sizes (seconds)."""

import json
from pathlib import Path

import pytest

from toolc.cli import main as toolc_main
from toolc.errors import InputError, UsageError
from toolc.train import breakdown as bd


def sample(conv, turn, expect, correct, gold=None, scenario="zh.weather.single", step=0, seed=None):
    s = {"id": conv, "turn": turn, "step": step, "scenario": scenario, "expect": expect, "correct": correct,
         "gold": gold if gold is not None else ([{"name": "get_weather", "arguments": {"city": "北京"}}]
                                                if expect == "call" else "好的"),
         "completion": "", "code": "ok" if correct else "value", "message": ""}
    if seed is not None:
        s["seed"] = seed
    return s


# --- breakdowns ----------------------------------------------------------------------------------------------------

def test_behaviours_of_each_kind_of_turn():
    single = sample("a", 2, "call", True)
    parallel = sample("a", 2, "call", True, gold=[{"name": "get_weather", "arguments": {"city": "北京"}},
                                                  {"name": "get_weather", "arguments": {"city": "上海"}}])
    structured = sample("a", 2, "call", True, gold=[{"name": "query", "arguments": {"filter": {"min": 1}}}])
    assert bd.behaviours_of(single) == ["single call"]
    assert bd.behaviours_of(parallel) == ["parallel calls"]
    assert bd.behaviours_of(structured) == ["structured arguments"]
    assert bd.behaviours_of(single, chained=True) == ["chained call"]
    assert bd.behaviours_of(sample("a", 2, "clarify", True)) == ["clarification"]
    assert bd.behaviours_of(sample("a", 4, "none", True)) == ["no call (answer, smalltalk)"]


def test_annotate_marks_chains_languages_and_tools():
    rows = bd.annotate([sample("c", 2, "call", True, scenario="en.trip.plan", step=0),
                        sample("c", 4, "call", False, scenario="en.trip.plan", step=1),
                        sample("d", 2, "none", True, scenario="chat", step=0)])
    by = {(r["id"], r["step"]): r for r in rows}
    assert by[("c", 0)]["behaviours"] == ["single call"] and by[("c", 1)]["behaviours"] == ["chained call"]
    assert by[("c", 0)]["language"] == "en" and by[("d", 0)]["language"] == "?"
    assert by[("c", 1)]["tools"] == ["get_weather"] and by[("d", 0)]["tools"] == []
    # seeds pooled: another seed's first call on the same conversation is not a chained call
    pooled = bd.annotate([sample("c", 2, "call", True, seed=s) for s in (1, 2)])
    assert [r["behaviours"] for r in pooled] == [["single call"], ["single call"]]


def test_accuracy_interval_resamples_conversations():
    samples = [sample(f"c{i}", 2, "call", i % 4 != 0) for i in range(40)]  # 30 of 40 right
    acc = bd.accuracy(samples, resamples=500, seed=3)
    assert (acc["n"], acc["correct"], acc["accuracy"]) == (40, 30, 0.75)
    lo, hi = acc["ci"]
    assert 0.55 < lo < 0.75 < hi < 0.9
    assert bd.accuracy(samples, resamples=500, seed=3) == acc  # seeded
    # one conversation with all its turns right or wrong together: the interval is as wide as for one turn each
    together = [sample("one", t, "call", True) for t in range(30)] + [sample("two", t, "call", False) for t in range(10)]
    assert bd.accuracy(together, resamples=500)["ci"][0] < 0.3  # only two clusters: anything from 0 up
    assert bd.accuracy([], resamples=10) == {"n": 0, "correct": 0, "accuracy": None}


def test_breakdown_counts_a_sample_in_each_of_its_groups():
    rows = bd.annotate([sample("a", 2, "call", True), sample("b", 2, "call", False, scenario="en.x"),
                        sample("c", 2, "clarify", True)])
    by_lang = bd.breakdown(rows, "language", resamples=0)
    assert by_lang == {"en": {"n": 1, "correct": 0, "accuracy": 0.0},
                       "zh": {"n": 2, "correct": 2, "accuracy": 1.0}}
    by_behaviour = bd.breakdown(rows, "behaviours", resamples=0, order=bd.BEHAVIOURS)
    assert list(by_behaviour) == ["single call", "clarification"]
    assert by_behaviour["single call"]["accuracy"] == 0.5


def test_paired_delta_counts_fixed_and_broken_turns():
    before = [sample(f"c{i}", 2, "call", i < 5) for i in range(10)] + [sample("z", 4, "none", True)]
    after = [sample(f"c{i}", 2, "call", i < 8) for i in range(10)] + [sample("z", 4, "none", False)]
    d = bd.paired_delta(before, after, where=lambda s: s["expect"] == "call", resamples=400)
    assert (d["n"], d["before"], d["after"], d["delta"], d["improved"], d["worsened"]) == (10, 0.5, 0.8, 0.3, 3, 0)
    assert 0.0 < d["ci"][0] <= 0.3 <= d["ci"][1] <= 0.7
    same = bd.paired_delta(before, before, resamples=50)
    assert same["delta"] == 0.0 and same["ci"] == [0.0, 0.0]
    with pytest.raises(ValueError, match="different decision points"):
        bd.paired_delta(before, after[:3])
    # seeds pooled: each seed pairs with itself
    pooled_b = [sample("c", 2, "call", False, seed=s) for s in (1, 2)]
    pooled_a = [sample("c", 2, "call", s == 1, seed=s) for s in (1, 2)]
    assert bd.paired_delta(pooled_b, pooled_a, resamples=10)["delta"] == 0.5


def test_plot_and_markdown_of_a_breakdown(tmp_path):
    tables = {"SFT": {"get_weather": {"n": 4, "correct": 3, "accuracy": 0.75, "ci": [0.5, 1.0]}},
              "RL": {"get_weather": {"n": 4, "correct": 4, "accuracy": 1.0, "ci": [1.0, 1.0]}}}
    path = bd.plot_breakdown(tables, tmp_path / "p.png", title="t")
    assert path.read_bytes()[:4] == b"\x89PNG"
    assert bd.plot_breakdown(tables, tmp_path / "q.png", title="t").read_bytes() == path.read_bytes()
    text = bd.markdown_table(tables, "tool")
    assert "| get_weather | 4 | 75.0% [50.0–100.0] | 100.0% [100.0–100.0] |" in text
    uneven = {"a": {"z": {"n": 1, "accuracy": 1.0}}, "b": {"y": {"n": 1, "accuracy": 0.0}, "z": {"n": 1, "accuracy": 0.0}}}
    rows = bd.markdown_table(uneven, "g", order=("z",)).splitlines()[2:]
    assert [r.split(" | ")[0] for r in rows] == ["| z", "| y"]
    assert rows[1] == "| y | 1 | — | 0.0% |"


def test_failed_samples_show_different_scenarios_first():
    rows = [sample("a", 2, "call", False, scenario="s1"), sample("b", 2, "call", False, scenario="s1"),
            sample("c", 2, "call", False, scenario="s2"), sample("d", 2, "call", True, scenario="s3"),
            sample("e", 2, "none", False, scenario="s4")]
    failed = bd.failed_samples(rows, 2)
    assert [f["id"] for f in failed] == ["a", "c"]
    assert failed[0]["expected"] == [{"name": "get_weather", "arguments": {"city": "北京"}}]


# --- SFT loss on labelled positions, allocator ---------------------------------------------------------------------

def test_loss_on_labelled_positions_equals_the_full_loss(tmp_path):
    import torch

    from tests.train_fixtures import tiny_model
    from toolc.train.model import load_causal_lm
    from toolc.train.sft import loss_on_labelled_positions

    model = load_causal_lm(tiny_model(tmp_path), dtype="float32")
    torch.manual_seed(0)
    ids = torch.randint(0, model.config.vocab_size, (2, 12))
    labels = ids.clone()
    labels[:, :7] = -100  # the prompt
    labels[1, 10:] = -100
    mask = torch.ones_like(ids)
    mask[1, 10:] = 0  # right padding
    full = model(input_ids=ids, attention_mask=mask, labels=labels).loss
    ours = loss_on_labelled_positions(model, {"input_ids": ids, "attention_mask": mask, "labels": labels})
    assert torch.allclose(full, ours, atol=1e-5)
    ours.backward()
    assert model.get_output_embeddings().weight.grad is not None
    n = int((labels[:, 1:] != -100).sum())
    halved = loss_on_labelled_positions(model, {"input_ids": ids, "labels": labels}, num_items_in_batch=2 * n)
    assert torch.allclose(halved * 2, model(input_ids=ids, labels=labels).loss, atol=1e-5)


def test_call_turns_weigh_call_loss_weight_times_the_other_assistant_tokens():
    import torch

    from toolc.train.sft import _call_turn_weights

    call = 5
    # labels after the shift: two assistant turns in row 0 (the second one calls a tool), one reply in row 1
    labels = torch.tensor([[-100, 1, 2, -100, -100, call, 3, 4, -100],
                           [-100, -100, 6, 7, 8, -100, -100, -100, -100]])
    mask = labels != -100
    weights = _call_turn_weights(labels, mask, call, 3.0)
    assert weights.tolist() == [1, 1, 3, 3, 3, 1, 1, 1]  # labels[mask] order: row 0's turns, then row 1's


def test_weighted_loss_is_the_weighted_mean_of_token_losses(tmp_path):
    import torch

    from tests.train_fixtures import tiny_model
    from toolc.train.model import load_causal_lm
    from toolc.train.sft import loss_on_labelled_positions

    model = load_causal_lm(tiny_model(tmp_path), dtype="float32")
    torch.manual_seed(0)
    ids = torch.randint(0, model.config.vocab_size, (1, 10))
    call = int(ids[0, 6])
    labels = ids.clone()
    labels[0, :2] = -100
    labels[0, 4:6] = -100  # turns: positions 2-3 (a reply) and 6-9 (holding the call token)
    logits = model(input_ids=ids).logits[0, :-1]
    token = torch.nn.functional.cross_entropy(logits, ids[0, 1:], reduction="none")
    reply, calls = token[1:3], token[5:9]  # shifted: targets at positions 2-3 and 6-9
    expected = (reply.sum() + 4 * calls.sum()) / (2 + 4 * 4)
    ours = loss_on_labelled_positions(model, {"input_ids": ids, "labels": labels}, call_token_id=call, call_weight=4.0)
    assert torch.allclose(ours, expected, atol=1e-5)
    plain = loss_on_labelled_positions(model, {"input_ids": ids, "labels": labels}, call_token_id=call)
    assert torch.allclose(plain, torch.cat([reply, calls]).mean(), atol=1e-5)


def test_keep_freed_memory_applies_on_linux():
    import platform

    from toolc.train.common import keep_freed_memory

    expected = platform.system() == "Linux" and platform.libc_ver()[0] == "glibc"
    assert keep_freed_memory() is expected


def test_threads_follow_the_cores_other_processes_keep_busy_now(monkeypatch):
    """One torch thread when half the cores are busy over the sample, torch's default when they are not, whatever
    the lagging 1-minute load average says (it still counts a build that has just ended)."""
    import os

    import psutil

    from toolc.train.demo import default_threads

    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    monkeypatch.setattr(os, "getloadavg", lambda: (2.0, 2.0, 2.0))
    for percent, want in ((55.0, 1), (50.0, 1), (12.0, None), (0.0, None)):
        monkeypatch.setattr(psutil, "cpu_percent", lambda interval=None, p=percent: p)
        assert default_threads() == (want, percent / 100 * 2)
    monkeypatch.setattr(os, "cpu_count", lambda: 1)
    assert default_threads()[0] is None  # one core: nothing to contend with


def test_busy_cores_are_measured_over_the_sample():
    import os
    import time

    from toolc.train.demo import default_threads

    t = time.perf_counter()
    _, busy = default_threads(sample_s=0.2)
    assert time.perf_counter() - t >= 0.19
    assert 0.0 <= busy <= (os.cpu_count() or 1)


# --- the demo ------------------------------------------------------------------------------------------------------

def test_demo_spec_files(tmp_path):
    from toolc.train.demo import spec_files

    root = Path(__file__).resolve().parents[1]
    assert spec_files(root / "specs") == [root / "specs" / "main.tool"]
    assert spec_files(root / "tests" / "data" / "mini.tool") == [root / "tests" / "data" / "mini.tool"]
    (tmp_path / "b.tool").write_text("", encoding="utf-8")
    (tmp_path / "a.tool").write_text("", encoding="utf-8")
    assert spec_files(tmp_path) == [tmp_path / "a.tool", tmp_path / "b.tool"]
    with pytest.raises(InputError, match="no .tool specs"):
        spec_files(tmp_path / "nothing")


def test_demo_config_takes_unset_knobs_from_the_profile():
    from toolc.train.demo import PROFILES, REAL_MODEL, DemoConfig

    cfg = DemoConfig(epochs=3.0).resolved()
    assert cfg.epochs == 3.0 and cfg.hidden_size == PROFILES["default"]["hidden_size"]
    assert cfg.dataset == "assistant"  # the whole bundled product
    assert DemoConfig(profile="full").resolved().epochs == PROFILES["full"]["epochs"]
    real = DemoConfig(model="Qwen/Qwen3-0.6B").resolved()
    assert real.learning_rate == REAL_MODEL["learning_rate"] and real.batch_size == REAL_MODEL["batch_size"]
    with pytest.raises(UsageError, match="--profile"):
        DemoConfig(profile="huge").resolved()
    with pytest.raises(UsageError, match="divisible"):
        DemoConfig(rl_batch_size=6, rl_generations=4).resolved()


MINI = ["--specs", str(Path(__file__).resolve().parent / "data" / "mini.tool"), "--dataset", "mini",
        "--sft-rows", "40", "--vocab-size", "400", "--hidden-size", "32", "--layers", "1", "--max-steps", "2",
        "--batch-size", "4", "--eval-limit", "3", "--max-new-tokens", "6", "--train-eval", "2", "--rl-steps", "2",
        "--rl-batch-size", "4", "--rl-generations", "2", "--resamples", "50"]


@pytest.mark.training
def test_demo_runs_every_phase_for_every_seed(tmp_path, capsys):
    from toolc.train.demo import main as demo_main

    out = tmp_path / "demo"
    assert demo_main(["-o", str(out), *MINI, "--seeds", "3", "5", "--base-limit", "2"]) == 0
    summary = json.loads((out / "demo.json").read_text(encoding="utf-8"))
    phases = {"tiny", "eval_base", "sft", "eval_sft", "rl", "eval_rl", "eval_train"}
    assert set(summary["seconds"]) == {f"{p}/{s}" for p in phases for s in (3, 5)} | {"compile", "babble", "report",
                                                                                         "total"}
    assert [s["seed"] for s in summary["seeds"]] == [3, 5]
    first = summary["seeds"][0]
    assert set(first["metrics"]) == {"base", "sft", "rl", "train"} and first["sft"]["steps"] == 2
    assert first["rl"]["steps"] == 2 and first["budget"] == 6
    assert summary["rl_delta"]["exact_calls"]["n"] == 2 * summary["seeds"][0]["metrics"]["sft"]["n_call_turns"]
    assert set(summary["breakdowns"]) == {"tool", "behaviour", "language"}
    assert set(summary["breakdowns"]["tool"]) == {"babble", "base", "SFT", "SFT+RL"}
    for name, n in (("eval_base", 2), ("eval_sft", 3), ("eval_rl", 3)):  # the untrained model on a sample
        report = json.loads((out / "seed-3" / f"{name}.json").read_text(encoding="utf-8"))
        assert report["n_conversations"] == n and report["seed"] == 3 and "exact_match" in report["intervals"]
    babble = json.loads((out / "eval_babble.json").read_text(encoding="utf-8"))
    assert babble["metrics"]["turn_accuracy"] == 0.0 and babble["metrics"]["n_unfinished"] == babble["n_decisions"]
    assert summary["mean"]["babble"]["turn_accuracy"] == 0.0
    for png in ("per_tool", "per_behaviour", "per_language"):
        assert (out / f"{png}.png").read_bytes()[:4] == b"\x89PNG"
    assert (out / "seed-3" / "sft" / "model.safetensors").is_file()  # full fine-tuning, not an adapter
    text = (out / "report.md").read_text(encoding="utf-8")
    assert "3 conversations" in text and "evaluated on the first 2 of them" in text
    for heading in ("## Per seed", "## Mean over seeds", "## What RL adds over SFT", "## Per tool",
                    "## Per behaviour", "## Failed samples"):
        assert heading in text
    assert "held-out exact-call accuracy per seed" in capsys.readouterr().out
    assert toolc_main(["demo", "-o", str(out), "--specs", str(tmp_path / "none")]) == 2


@pytest.mark.training
def test_demo_with_a_given_model_trains_lora(tmp_path):
    from tests.train_fixtures import tiny_model
    from toolc.train.demo import main as demo_main

    model = tiny_model(tmp_path)
    out = tmp_path / "demo"
    assert demo_main(["-o", str(out), *MINI, "--model", str(model), "--rl-steps", "0", "--skip-base",
                      "--call-loss-weight", "2"]) == 0
    assert (out / "seed-42" / "sft" / "adapter_config.json").is_file()  # LoRA on a real (pretrained) model
    assert (out / "seed-42" / "sft" / "merged" / "config.json").is_file()
    summary = json.loads((out / "demo.json").read_text(encoding="utf-8"))
    assert set(summary["seeds"][0]["metrics"]) == {"sft", "train"} and summary["rl_delta"] is None
    assert summary["config"]["call_loss_weight"] == 2.0  # tool-call turns weigh double in the LoRA SFT loss
