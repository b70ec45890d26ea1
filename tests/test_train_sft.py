"""SFT stage (train.sft, train.data, train.config) on the tiny model: loss mask, learning, checkpoints, merge."""

import json
import shutil
from pathlib import Path

import pytest
import torch


from tests.train_fixtures import make_dataset_dir, tiny_model
from toolc.train.config import QWEN_LORA_TARGETS, SFTStageConfig, parse_stage_args
from toolc.cli import main as toolc_main
from toolc.errors import DatasetDirError
from toolc.train.data import load_ppo, load_sft
from toolc.train.model import load_causal_lm, load_tokenizer
from toolc.train.sft import build_sft_trainer, main

pytestmark = pytest.mark.training

FAST = ["--logging_steps", "1", "--gradient_accumulation_steps", "1", "--warmup_steps", "0"]


@pytest.fixture(scope="module")
def setup(tmp_path_factory):
    root = tmp_path_factory.mktemp("sft")
    data = make_dataset_dir(root)
    return data, tiny_model(root, data_dir=data)


def cfg_for(data, model, out, *extra):
    return parse_stage_args(SFTStageConfig, ["--data", str(data), "--model", str(model), "-o", str(out), *FAST,
                                             *extra], "sft")


def summary(out):
    return json.loads((Path(out) / "train_summary.json").read_text(encoding="utf-8"))


# --- data -------------------------------------------------------------------------------------------------------

def _walk(value):
    if isinstance(value, dict):
        for v in value.values():
            yield from _walk(v)
        yield value
    elif isinstance(value, list):
        for v in value:
            yield from _walk(v)
    else:
        yield value


def test_load_sft_is_template_ready(setup):
    data, _ = setup
    ds = load_sft(data, "train")
    assert {"messages", "tools", "id", "scenario", "template", "source", "split"} <= set(ds.column_names)
    assert len(ds) == 24 and len(load_sft(data, "test")) == 6
    calls = 0
    for row in ds:
        assert None not in list(_walk(row["messages"]))  # null keys dropped, content never null
        assert all(isinstance(m["content"], str) for m in row["messages"])
        assert all(t["type"] == "function" for t in row["tools"])
        for m in row["messages"]:
            for call in m.get("tool_calls", []):
                assert isinstance(call["function"]["arguments"], dict)
                calls += 1
    assert calls > 20
    # float arguments survive exactly (the Json feature keeps the original JSON text)
    lines = (data / "sft/openai/train.jsonl").read_text(encoding="utf-8").splitlines()
    raw = {r["id"]: r for r in map(json.loads, lines)}
    for row in ds.filter(lambda r: r["scenario"] == "currency.single"):
        expected = json.loads(raw[row["id"]]["messages"][2]["tool_calls"][0]["function"]["arguments"])
        assert row["messages"][2]["tool_calls"][0]["function"]["arguments"] == expected
        assert isinstance(expected["amount"], float)


def test_load_ppo_decodes_ground_truth(setup):
    data, _ = setup
    ds = load_ppo(data, "train")
    row = next(r for r in ds if r["expect"] == "call")
    assert isinstance(row["ground_truth"], list) and row["ground_truth"][0]["name"]
    assert isinstance(row["ground_truth"][0]["arguments"], dict)
    assert row["prompt"][-1]["role"] == "user"


def test_dataset_dir_errors(tmp_path, setup):
    data, _ = setup
    with pytest.raises(DatasetDirError, match="not a toolc build"):
        load_sft(tmp_path, "train")
    copy = tmp_path / "copy"
    shutil.copytree(data, copy)
    shutil.rmtree(copy / "sft" / "openai")
    with pytest.raises(DatasetDirError, match="lacks the `openai` format.*it has qwen"):
        load_sft(copy, "train")
    assert toolc_main(["train", "sft", "--data", str(copy), "--model", "x"]) == 2


# --- config -----------------------------------------------------------------------------------------------------

def test_config_defaults_are_seed_002_recipe():
    cfg = parse_stage_args(SFTStageConfig, ["--data", "d", "--model", "m"], "sft")
    assert (cfg.lora_r, cfg.lora_alpha, cfg.lora_dropout) == (16, 32, 0.1)
    assert cfg.lora_target_modules == list(QWEN_LORA_TARGETS)
    assert (cfg.learning_rate, cfg.lr_scheduler_type, cfg.num_train_epochs) == (1e-4, "cosine", 5)
    assert (cfg.per_device_train_batch_size, cfg.gradient_accumulation_steps, cfg.max_length) == (1, 8, 1024)
    assert cfg.assistant_only_loss is True and cfg.full is False and cfg.output_dir == "runs/sft"


def test_flags_override_yaml(tmp_path, capsys):
    yml = tmp_path / "my.yaml"
    yml.write_text("data: from-yaml\nmodel: m\nlora_r: 4\nlearning-rate: 3.0e-4\nfull: true\n", encoding="utf-8")
    cfg = parse_stage_args(SFTStageConfig, ["--config", str(yml), "--lora-r", "8", "--no_assistant_only_loss"], "sft")
    assert (cfg.data, cfg.lora_r, cfg.learning_rate, cfg.full, cfg.assistant_only_loss) == (
        "from-yaml", 8, 3e-4, True, False)
    assert parse_stage_args(SFTStageConfig, ["--config", str(yml), "--resume"], "sft").resume == "latest"
    yml.write_text("data: d\nmodel: m\nlora_rank: 4\n", encoding="utf-8")
    with pytest.raises(SystemExit):
        parse_stage_args(SFTStageConfig, ["--config", str(yml)], "sft", prog="toolc train sft")
    assert "unknown option `lora_rank`; did you mean `lora_r`?" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        parse_stage_args(SFTStageConfig, ["--model", "m"], "sft")
    assert "--data" in capsys.readouterr().err


def test_help_lists_every_field(capsys):
    import dataclasses

    with pytest.raises(SystemExit) as exit_:
        main(["--help"])
    assert exit_.value.code == 0
    text = capsys.readouterr().out
    for f in dataclasses.fields(SFTStageConfig):
        assert f"--{f.name}" in text and f.metadata["help"]
    assert "{% generation %}" in text and "--config" in text


# --- loss mask --------------------------------------------------------------------------------------------------

def _assistant_text(message):
    """What Qwen3's training template puts between {% generation %} tags for one assistant message."""
    content = message["content"]
    text = "<think>\n\n</think>\n\n" + content
    for k, call in enumerate(message.get("tool_calls", [])):
        if k or content:
            text += "\n"
        fn = call["function"]
        text += ('<tool_call>\n{"name": "' + fn["name"] + '", "arguments": '
                 + json.dumps(fn["arguments"], ensure_ascii=False) + "}\n</tool_call>")
    return text + "<|im_end|>\n"


def _spans(ids, labels):
    spans, current = [], []
    for token, label in zip(ids, labels, strict=True):
        if label != -100:
            current.append(token)
        elif current:
            spans.append(current)
            current = []
    if current:
        spans.append(current)
    return spans


def test_assistant_only_mask_covers_exactly_assistant_turns(tmp_path, setup):
    from trl.chat_template_utils import qwen3_training_chat_template

    data, model = setup
    trainer, _ = build_sft_trainer(cfg_for(data, model, tmp_path / "run", "--no_eval"))
    assert trainer.chat_template == qwen3_training_chat_template  # TRL swapped the template for the tiny model
    tok = load_tokenizer(model)
    source = load_sft(data, "train")
    assert len(trainer.train_dataset) == len(source)
    for row, example in zip(source, trainer.train_dataset, strict=True):
        ids, labels = example["input_ids"], example["labels"]
        masked = [tok.decode(span) for span in _spans(ids, labels)]
        assert masked == [_assistant_text(m) for m in row["messages"] if m["role"] == "assistant"], row["id"]
        unmasked = tok.decode([t for t, lab in zip(ids, labels, strict=True) if lab == -100])
        assert row["messages"][0]["content"] in unmasked and "# Tools" in unmasked  # system prompt + tool list
        for m in row["messages"]:
            if m["role"] in ("user", "tool"):
                assert m["content"] in unmasked
        assert "<tool_response>" not in "".join(masked) and "<|im_start|>user" not in "".join(masked)


# --- training ---------------------------------------------------------------------------------------------------

def _lora_b(model):
    return {n: p.detach().clone() for n, p in model.named_parameters() if "lora_B" in n}


def test_lora_steps_move_adapter_and_lower_loss(tmp_path, setup):
    data, model = setup
    out = tmp_path / "lora"
    cfg = cfg_for(data, model, out, "--max_steps", "12", "--learning_rate", "5e-3", "--save_steps", "100")
    trainer, _ = build_sft_trainer(cfg)
    before = _lora_b(trainer.model)
    assert before and all(torch.count_nonzero(v) == 0 for v in before.values())  # LoRA B starts at zero
    trainable = {
        n.split(".lora_")[0].rsplit(".", 1)[-1] for n, p in trainer.model.named_parameters() if p.requires_grad
    }
    assert trainable == set(QWEN_LORA_TARGETS)
    trainer.train()
    after = _lora_b(trainer.model)
    assert all(torch.count_nonzero(v) > 0 for v in after.values())
    losses = [r["loss"] for r in trainer.state.log_history if "loss" in r]
    assert sum(losses[-4:]) / 4 < sum(losses[:4]) / 4


def test_cli_full_finetune_lowers_loss(tmp_path, setup, capsys):
    data, model = setup
    out = tmp_path / "full"
    assert main(["--data", str(data), "--model", str(model), "-o", str(out), "--full", "--max_steps", "20",
                 "--learning_rate", "3e-3", "--save_steps", "100", *FAST]) == 0
    printed = capsys.readouterr().out
    assert "tokens/s" in printed and "qwen3_training" in printed
    s = summary(out)
    assert s["trainable_params"] == s["total_params"] and s["tokens_per_second"] > 0
    assert (out / "model.safetensors").is_file() and not (out / "adapter_config.json").exists()
    state = json.loads((out / "checkpoint-20" / "trainer_state.json").read_text(encoding="utf-8"))
    losses = [r["loss"] for r in state["log_history"] if "loss" in r]
    assert sum(losses[-5:]) / 5 < sum(losses[:5]) / 5 - 0.3
    assert "eval_loss" in s["metrics"]
    assert load_causal_lm(out).config.model_type == "qwen3"
    from transformers import AutoTokenizer
    from trl.chat_template_utils import qwen3_training_chat_template

    # saved with the template it trained on (earlier assistant turns keep their empty think block)
    assert AutoTokenizer.from_pretrained(out).chat_template == qwen3_training_chat_template


def test_resume_from_checkpoint(tmp_path, setup):
    data, model = setup
    out = tmp_path / "resume"
    base = ["--data", str(data), "--model", str(model), "-o", str(out), "--save_steps", "2", "--no_eval", *FAST]
    assert main([*base, "--max_steps", "4"]) == 0
    assert (out / "checkpoint-4").is_dir()
    first = summary(out)["tokens"]
    assert main([*base, "--max_steps", "6", "--resume"]) == 0
    state = json.loads((out / "checkpoint-6" / "trainer_state.json").read_text(encoding="utf-8"))
    assert state["global_step"] == 6
    steps = [r["step"] for r in state["log_history"] if "loss" in r]
    assert steps == [1, 2, 3, 4, 5, 6]  # the first four come from checkpoint-4's state
    assert 0 < summary(out)["tokens"] < first  # this run trained only steps 5-6
    assert toolc_main(["train", "sft", *base, "--max_steps", "6", "--resume", str(tmp_path / "nope")]) == 2


def test_merge_output_loads_and_matches_adapter(tmp_path, setup):
    data, model = setup
    out = tmp_path / "merge"
    assert main(["--data", str(data), "--model", str(model), "-o", str(out), "--merge", "--max_steps", "3",
                 "--learning_rate", "5e-3", "--no_eval", *FAST]) == 0
    merged = load_causal_lm(out / "merged")
    assert type(merged).__name__ == "Qwen3ForCausalLM"
    assert not any("lora" in n for n, _ in merged.named_parameters())
    adapted = load_causal_lm(out)  # adapter dir -> base + LoRA (peft.PeftModel)
    assert type(adapted).__name__ == "PeftModelForCausalLM"
    base = load_causal_lm(model)
    ids = load_tokenizer(out / "merged")("<|im_start|>user\n北京天气<|im_end|>\n", return_tensors="pt")["input_ids"]
    with torch.no_grad():
        merged_logits, adapted_logits, base_logits = merged(ids).logits, adapted(ids).logits, base(ids).logits
    torch.testing.assert_close(merged_logits, adapted_logits, atol=1e-4, rtol=1e-4)
    assert not torch.allclose(merged_logits, base_logits, atol=1e-4)
