"""Export tests: the structured ``openai`` files load in ``datasets`` and train in TRL; LLaMA-Factory, Axolotl and
OpenAI fine-tuning files conform to the schemas those tools document."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from toolc.compiler.build import build

HERE = Path(__file__).parent
MINI = HERE / "data" / "mini.tool"  # single, parallel and chained calls, clarifications, smalltalk


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, dict]:
    out = tmp_path_factory.mktemp("exports") / "out"
    manifest = build([MINI], out, today=dt.date(2025, 4, 23), formats=["openai", "qwen", "llamafactory", "openai-ft"],
                     sft=120, rm=60, ppo=30, progress=False)
    return out, manifest


def _lines(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


# --- openai: structured features ------------------------------------------------------------------------------------


def test_openai_tools_and_arguments_are_structured_and_load_the_same_from_jsonl_and_parquet(built) -> None:
    from datasets import Json, load_dataset

    out, _ = built
    raw = _lines(out / "sft" / "openai" / "train.jsonl")
    assert isinstance(raw[0]["tools"], list) and isinstance(raw[0]["tools"][0]["function"]["parameters"], dict)
    calls = [c for r in raw for m in r["messages"] for c in (m["tool_calls"] or ())]
    assert calls and all(isinstance(c["function"]["arguments"], dict) for c in calls)
    jsonl = load_dataset("json", data_files=str(out / "sft" / "openai" / "train.jsonl"), split="train")
    parquet = load_dataset("parquet", data_files=str(out / "sft" / "openai" / "train.parquet"), split="train")
    assert isinstance(parquet.features["tools"].feature["function"]["parameters"], Json)
    assert jsonl.to_list() == parquet.to_list() == raw


@pytest.mark.training
@pytest.mark.parametrize("ext", ["jsonl", "parquet"])
def test_trl_sft_trainer_prepares_and_trains_a_step_on_each_structured_file(built, ext, tmp_path) -> None:
    """TRL reads the files as they are (``load_dataset``), renders ``messages`` + ``tools`` with the model's chat
    template and trains one step, loss on the assistant turns."""
    import math

    from datasets import load_dataset
    from train_fixtures import tiny_model
    from trl import SFTConfig, SFTTrainer

    from toolc.train.model import load_causal_lm, load_tokenizer

    out, _ = built
    model_dir = tiny_model(tmp_path, data_dir=out)
    data = load_dataset("json" if ext == "jsonl" else "parquet",
                        data_files=str(out / "sft" / "openai" / f"train.{ext}"), split="train")
    data = data.select_columns(["messages", "tools"])
    trainer = SFTTrainer(
        model=load_causal_lm(str(model_dir)), processing_class=load_tokenizer(str(model_dir)), train_dataset=data,
        args=SFTConfig(output_dir=str(tmp_path / "run"), max_steps=1, per_device_train_batch_size=2,
                       assistant_only_loss=True, report_to=[], save_strategy="no", use_cpu=True, max_length=1024))
    first = trainer.train_dataset[0]
    trained = [t for t in first["labels"] if t != -100]
    assert 0 < len(trained) < len(first["input_ids"])  # the assistant turns, not the prompt, tools or results
    result = trainer.train()
    assert trainer.state.global_step == 1 and math.isfinite(result.training_loss)


def test_axolotl_config_points_at_the_openai_files_with_the_fields_they_have(built) -> None:
    """Axolotl's ``chat_template`` dataset type (docs/dataset-formats/conversation.qmd; prompt_strategies/
    chat_template.py): ``field_messages`` a list of messages with ``role``/``content``, ``field_tools`` a list of
    dicts (it refuses a JSON string)."""
    out, manifest = built
    assert "sft/openai/axolotl.yaml" in manifest["extra_files"]
    config = yaml.safe_load((out / "sft" / "openai" / "axolotl.yaml").read_text(encoding="utf-8"))
    for entry in config["datasets"] + config["test_datasets"]:
        assert entry["type"] == "chat_template" and entry["ds_type"] == "json"
        rows = _lines(out / entry["path"])
        for row in rows:
            messages, tools = row[entry["field_messages"]], row[entry["field_tools"]]
            assert isinstance(tools, list) and all(isinstance(t, dict) for t in tools)
            mapping = entry["message_property_mappings"]
            assert all(mapping["role"] in m and mapping["content"] in m for m in messages)
            assert {m["role"] for m in messages} <= {"system", "user", "assistant", "tool"}
        assert entry["roles_to_train"] == ["assistant"]


# --- LLaMA-Factory ----------------------------------------------------------------------------------------------------

#: LLaMA-Factory's sharegpt format with tools (data/README.md, "Sharegpt Format"; data/glaive_toolcall_*_demo.json).
SHAREGPT_TURN = {"type": "object", "required": ["from", "value"], "additionalProperties": False,
                 "properties": {"from": {"enum": ["human", "gpt", "function_call", "observation"]},
                                "value": {"type": "string"}}}
SHAREGPT_ROW = {"type": "object", "required": ["conversations", "system", "tools"],
                "properties": {"conversations": {"type": "array", "items": SHAREGPT_TURN, "minItems": 1},
                               "system": {"type": "string"}, "tools": {"type": "string"},
                               "chosen": SHAREGPT_TURN, "rejected": SHAREGPT_TURN}}
#: A ``dataset_info.json`` entry (data/README.md, "dataset_info.json").
DATASET_INFO_ENTRY = {
    "type": "object", "required": ["file_name", "formatting", "columns"],
    "properties": {"file_name": {"type": "string"}, "formatting": {"enum": ["alpaca", "sharegpt"]},
                   "ranking": {"type": "boolean"},
                   "columns": {"type": "object", "additionalProperties": {"type": "string"},
                               "propertyNames": {"enum": ["prompt", "query", "response", "history", "messages",
                                                          "system", "tools", "images", "videos", "audios", "chosen",
                                                          "rejected", "kto_tag"]}},
                   "tags": {"type": "object", "additionalProperties": {"type": "string"},
                            "propertyNames": {"enum": ["role_tag", "content_tag", "user_tag", "assistant_tag",
                                                       "observation_tag", "function_tag", "system_tag"]}}},
    "additionalProperties": False}


def _function_call_ok(value: str) -> bool:
    calls = json.loads(value)
    calls = calls if isinstance(calls, list) else [calls]
    return all(set(c) == {"name", "arguments"} and isinstance(c["arguments"], dict) for c in calls)


@pytest.mark.parametrize("kind", ["sft", "rm", "ppo"])
def test_llamafactory_rows_are_sharegpt_with_tools(built, kind) -> None:
    out, manifest = built
    info = json.loads((out / kind / "llamafactory" / "dataset_info.json").read_text(encoding="utf-8"))
    assert f"{kind}/llamafactory/dataset_info.json" in manifest["extra_files"]
    written = sum(len(_lines(out / kind / "llamafactory" / e["file_name"])) for e in info.values())
    left = sum(manifest["left_out"].get("llamafactory", {}).get(kind, {}).values())
    assert written + left == sum(manifest["rows"][kind].values()) and written > left
    for name, entry in info.items():
        jsonschema.validate(entry, DATASET_INFO_ENTRY)
        assert entry.get("ranking", False) is (kind == "rm") and name == f"toolc_{kind}_{entry['file_name'][:-6]}"
        rows = _lines(out / kind / "llamafactory" / entry["file_name"])
        for row in rows:
            jsonschema.validate(row, SHAREGPT_ROW)
            turns = row["conversations"]
            # human / observation at odd positions, gpt / function_call at even ones (1-based)
            for i, turn in enumerate(turns):
                assert turn["from"] in (("human", "observation") if i % 2 == 0 else ("gpt", "function_call")), row
                if turn["from"] == "function_call":
                    assert _function_call_ok(turn["value"])
            for t in json.loads(row["tools"]):
                assert set(t) == {"name", "description", "parameters"}
            if kind == "rm":
                assert len(turns) % 2 == 1 and row["chosen"] != row["rejected"]
                for answer in (row["chosen"], row["rejected"]):
                    assert answer["from"] in ("gpt", "function_call")
            else:
                assert len(turns) % 2 == 0


# --- OpenAI fine-tuning -----------------------------------------------------------------------------------------------

_TOOL = {"type": "object", "required": ["type", "function"], "additionalProperties": False,
         "properties": {"type": {"const": "function"},
                        "function": {"type": "object", "required": ["name"],
                                     "properties": {"name": {"type": "string", "pattern": "^[a-zA-Z0-9_-]{1,64}$"},
                                                    "description": {"type": "string"},
                                                    "parameters": {"type": "object"}}}}}
_CALL = {"type": "object", "required": ["id", "type", "function"], "additionalProperties": False,
         "properties": {"id": {"type": "string"}, "type": {"const": "function"},
                        "function": {"type": "object", "required": ["name", "arguments"], "additionalProperties": False,
                                     "properties": {"name": {"type": "string"}, "arguments": {"type": "string"}}}}}
#: OpenAI's chat messages as a fine-tuning line holds them (openai-openapi ``FineTuneChatRequestInput``): each role's
#: own keys only.
_MESSAGE = {"oneOf": [
    {"type": "object", "required": ["role", "content"], "additionalProperties": False,
     "properties": {"role": {"enum": ["system", "user"]}, "content": {"type": "string"}}},
    {"type": "object", "required": ["role"], "additionalProperties": False,
     "properties": {"role": {"const": "assistant"}, "content": {"type": "string"},
                    "tool_calls": {"type": "array", "items": _CALL, "minItems": 1}},
     "anyOf": [{"required": ["content"]}, {"required": ["tool_calls"]}]},
    {"type": "object", "required": ["role", "tool_call_id", "content"], "additionalProperties": False,
     "properties": {"role": {"const": "tool"}, "tool_call_id": {"type": "string"}, "content": {"type": "string"}}},
]}
OPENAI_SFT = {"type": "object", "required": ["messages"], "additionalProperties": False,
              "properties": {"messages": {"type": "array", "items": _MESSAGE, "minItems": 1},
                             "tools": {"type": "array", "items": _TOOL},
                             "parallel_tool_calls": {"type": "boolean"}}}
#: The preference (DPO) line: ``input`` as an SFT line, one assistant message on each side.
OPENAI_DPO = {"type": "object", "required": ["input", "preferred_output", "non_preferred_output"],
              "additionalProperties": False,
              "properties": {"input": OPENAI_SFT,
                             "preferred_output": {"type": "array", "items": _MESSAGE, "minItems": 1},
                             "non_preferred_output": {"type": "array", "items": _MESSAGE, "minItems": 1}}}
#: Reinforcement fine-tuning: the messages (ending with the user's turn or a tool result) plus reference fields.
OPENAI_RFT = {**OPENAI_SFT, "additionalProperties": {"not": {"const": None}},
              "properties": {**OPENAI_SFT["properties"],
                             "ground_truth": {"type": "object", "required": ["expect", "no_call"]},
                             "expect": {"enum": ["call", "none", "clarify", "confirm", "refuse"]}}}


@pytest.mark.parametrize("kind,schema", [("sft", OPENAI_SFT), ("rm", OPENAI_DPO), ("ppo", OPENAI_RFT)])
def test_openai_fine_tuning_lines_follow_the_documented_schema(built, kind, schema) -> None:
    out, manifest = built
    for split in ("train", "test"):
        rows = _lines(out / kind / "openai-ft" / f"{split}.jsonl")
        assert len(rows) == manifest["rows"][kind][split]
        for row in rows:
            jsonschema.validate(row, schema)
            messages = row["input"]["messages"] if kind == "rm" else row["messages"]
            calls = [c for m in messages + row.get("preferred_output", []) for c in m.get("tool_calls", ())]
            assert all(isinstance(json.loads(c["function"]["arguments"]), dict) for c in calls)
            answered = [m["tool_call_id"] for m in messages if m["role"] == "tool"]
            issued = [c["id"] for m in messages for c in m.get("tool_calls", ())]
            assert answered == issued[: len(answered)]
            parallel = any(len(m.get("tool_calls", ())) > 1 for m in messages + row.get("preferred_output", [])
                           + row.get("non_preferred_output", []))
            flag = row["input"]["parallel_tool_calls"] if kind == "rm" else row["parallel_tool_calls"]
            assert flag is parallel or (kind == "ppo" and len(row["ground_truth"].get("calls", ())) > 1)
    assert any(json.loads(line).get("parallel_tool_calls") for line in
               (out / "sft" / "openai-ft" / "train.jsonl").read_text(encoding="utf-8").splitlines())
