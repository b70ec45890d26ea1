"""Reward-model stage (train.rm, train.data.load_rm) on the tiny model: pairs, learning, adapter + head round trip."""

import json

import pytest
import torch


from tests.train_fixtures import make_dataset_dir, tiny_model
from toolc.train.config import RMStageConfig, parse_stage_args
from toolc.train.data import load_rm
from toolc.train.model import load_reward_model, load_tokenizer
from toolc.train.rm import build_rm_trainer, main

pytestmark = pytest.mark.training

FAST = ["--logging_steps", "1", "--gradient_accumulation_steps", "1", "--warmup_steps", "0"]


@pytest.fixture(scope="module")
def setup(tmp_path_factory):
    root = tmp_path_factory.mktemp("rm")
    data = make_dataset_dir(root)
    return data, tiny_model(root, data_dir=data)


def rewards(model, tokenizer, rows):
    """(chosen, rejected) rewards of each pair, scored independently of TRL's preprocessing."""
    out = []
    model.eval()
    with torch.no_grad():
        for row in rows:
            pair = []
            for side in ("chosen", "rejected"):
                ids = tokenizer.apply_chat_template(row["prompt"] + row[side], tools=row["tools"] or None,
                                                    return_tensors="pt", return_dict=True)["input_ids"]
                pair.append(model(input_ids=ids).logits[0, 0].item())
            out.append(tuple(pair))
    return out


def accuracy(pairs):
    return sum(c > r for c, r in pairs) / len(pairs)


def test_load_rm_is_conversational_preference(setup):
    data, _ = setup
    ds = load_rm(data, "train")
    assert {"prompt", "chosen", "rejected", "tools", "perturbation", "id", "split"} <= set(ds.column_names)
    for row in ds:
        assert row["prompt"][-1]["role"] == "user"
        assert [m["role"] for m in row["chosen"]] == ["assistant"] == [m["role"] for m in row["rejected"]]
        assert row["chosen"] != row["rejected"]
    assert {"value", "tool", "missing", "no_call", "format", "spurious_call"} >= set(ds["perturbation"])


def test_chosen_outscores_rejected_after_training(tmp_path, setup, capsys):
    data, model = setup
    out = tmp_path / "full"
    tok = load_tokenizer(model)
    pairs = load_rm(data, "train")
    before = accuracy(rewards(load_reward_model(model), tok, pairs))
    assert main(["--data", str(data), "--model", str(model), "-o", str(out), "--full", "--max_steps", "36",
                 "--learning_rate", "1e-3", "--lr_scheduler_type", "constant", "--save_steps", "100", *FAST]) == 0
    assert "eval pairwise accuracy" in capsys.readouterr().out
    after_pairs = rewards(load_reward_model(out), tok, pairs)
    after = accuracy(after_pairs)
    assert after >= 0.8 and after > before
    margin = sum(c - r for c, r in after_pairs) / len(after_pairs)
    assert margin > 0.5
    summary = json.loads((out / "train_summary.json").read_text(encoding="utf-8"))
    assert summary["stage"] == "rm" and "eval_accuracy" in summary["metrics"]


def test_lora_reward_adapter_trains_head_and_round_trips(tmp_path, setup):
    data, model = setup
    out = tmp_path / "lora"
    cfg = parse_stage_args(RMStageConfig, ["--data", str(data), "--model", str(model), "-o", str(out),
                                           "--max_steps", "6", "--learning_rate", "5e-3", "--no_eval", *FAST], "rm")
    trainer, _ = build_rm_trainer(cfg)
    trainable = {n for n, p in trainer.model.named_parameters() if p.requires_grad}
    assert any("lora_A" in n for n in trainable) and any("score" in n for n in trainable)
    assert not any("embed_tokens" in n for n in trainable)
    start = {n: p.detach().clone() for n, p in trainer.model.named_parameters() if p.requires_grad}
    trainer.train()
    trainer.save_model(str(out))
    moved = [n for n, p in trainer.model.named_parameters() if p.requires_grad and not torch.equal(p, start[n])]
    assert any("score" in n for n in moved) and any("lora_B" in n for n in moved)
    tok = load_tokenizer(out)
    rows = load_rm(data, "train").select(range(4))
    loaded = load_reward_model(out)  # adapter dir -> base seq-cls model + LoRA + trained score head
    assert type(loaded).__name__.startswith("PeftModel")
    expected = rewards(trainer.model, tok, rows)
    flat = [r for pair in expected for r in pair]
    assert [r for pair in rewards(loaded, tok, rows) for r in pair] == pytest.approx(flat, abs=1e-4)
    torch.manual_seed(0)
    fresh = [r for pair in rewards(load_reward_model(model), tok, rows) for r in pair]
    assert fresh != pytest.approx(flat, abs=1e-4)
