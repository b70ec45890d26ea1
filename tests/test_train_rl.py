"""Online RL (train.reward, train.rl): reward components on scripted completions, dataset prep, GRPO on the tiny model."""

import json

import pytest
import torch


from tests.train_fixtures import TOOLS, make_dataset_dir, tiny_model
from toolc.cli import main as toolc_main
from toolc.errors import UsageError
from toolc.train.config import parse_stage_args, stage_yaml
from toolc.train.data import load_ppo, load_rm
from toolc.train.model import load_reward_model, load_tokenizer
from toolc.train.reward import RewardModelReward, assistant_message, make_tool_call_reward_funcs
from toolc.train.rl import RLStageConfig, build_trainer, main, prepare_dataset, reward_curve

TOOLS_JSON = json.dumps([TOOLS["get_weather"], TOOLS["convert_currency"]], ensure_ascii=False)
TRUTH = json.dumps([{"name": "get_weather", "arguments": {"city": "北京", "date": "2025-04-24"}}], ensure_ascii=False)
PARALLEL = json.dumps([{"name": "get_weather", "arguments": {"city": "Paris"}},
                       {"name": "get_weather", "arguments": {"city": "London"}}])


def call(name, args):
    return f"<tool_call>\n{json.dumps({'name': name, 'arguments': args}, ensure_ascii=False)}\n</tool_call>"


RIGHT = call("get_weather", {"city": "北京", "date": "2025-04-24"})

# ground truths of the other kinds, as the PPO `ground_truth` column holds them (compiler.checker.truth)
CLARIFY = json.dumps({"expect": "clarify", "no_call": True, "missing": [{"name": "city", "words": ["city", "城市"]}]})
CONFIRM = json.dumps({"expect": "confirm", "no_call": True, "restate": ["bob@example.com", "Q3"]})
REFUSE = json.dumps({"expect": "refuse", "no_call": True, "not_tools": ["search_flights"]})
FACTS = json.dumps({"expect": "none", "no_call": True, "facts": ["晴", "23"]})

# (completion, ground truth, expect) -> (format, tool_name, arg_names, arg_values, content), per compiler.checker.reward
CASES = [
    (RIGHT, TRUTH, "call", (1, 1, 1, 1, 1)),
    (call("convert_currency", {"amount": 1}), TRUTH, "call", (1, 0, 0, 0, 0)),  # wrong tool
    (call("get_weather", {"city": "北京"}), TRUTH, "call", (1, 1, 0.5, 0.5, 0)),  # missing argument
    (call("get_weather", {"city": "北京", "date": "2025-04-25"}), TRUTH, "call", (1, 1, 1, 0.5, 0)),  # wrong value
    ('<tool_call>\n{"name": "get_weather", "arguments": {"city": }\n</tool_call>', TRUTH, "call", (0, 0, 0, 0, 0)),
    ("北京明天晴。", TRUTH, "call", (1, 0, 0, 0, 0)),  # no call where one was due
    (call("get_weather", {"city": "Paris"}), PARALLEL, "call", (1, 0.5, 0.5, 0.5, 0)),  # one of two parallel calls
    (call("get_weather", {"city": "London"}) + "\n" + call("get_weather", {"city": "Paris"}), PARALLEL, "call",
     (1, 1, 1, 1, 1)),  # parallel calls in another order
    ("你好！", "[]", "none", (1, 1, 1, 1, 1)),
    (RIGHT, "[]", "none", (0, 0, 0, 0, 0)),  # call on smalltalk
    ("请问您想查询哪个城市？", "[]", "clarify", (1, 1, 1, 1, 1)),  # an old ground truth names no parameter
    ("", "[]", "clarify", (1, 0, 0, 0, 0)),
    ("请问您想查询哪个城市？", CLARIFY, None, (1, 1, 1, 1, 1)),
    ("请问您想查询哪一天？", CLARIFY, None, (1, 1, 1, 1, 0)),  # asks, but not for the missing parameter
    (RIGHT, CLARIFY, None, (0, 0, 0, 0, 0)),  # calls with a guessed argument
    ("I'll email bob@example.com about Q3. Send it?", CONFIRM, None, (1, 1, 1, 1, 1)),
    ("Shall I send it?", CONFIRM, None, (1, 1, 1, 1, 0)),  # does not restate the action
    ("抱歉，我没有订机票的工具，无法帮您预订。", REFUSE, None, (1, 1, 1, 1, 1)),
    ("好的，已为您预订。", REFUSE, None, (1, 1, 1, 1, 0)),  # pretends to have done it
    ("北京明天晴，23℃。", FACTS, None, (1, 1, 1, 1, 1)),
    ("北京明天天气不错。", FACTS, None, (1, 1, 1, 1, 0)),  # mentions none of the result's values
]


@pytest.mark.parametrize("completion,truth,expect,want", CASES)
def test_reward_components_of_scripted_completions(completion, truth, expect, want):
    funcs = make_tool_call_reward_funcs()
    assert [f.__name__ for f in funcs] == ["tool_call_format", "tool_call_tool_name", "tool_call_arg_names",
                                           "tool_call_arg_values", "tool_call_content"]
    # exactly what GRPOTrainer._calculate_rewards passes: every other dataset column plus its own extras
    kwargs = dict(prompts=["p"], completions=[completion], completion_ids=[[1, 2]], ground_truth=[truth],
                  tools=[TOOLS_JSON], expect=[expect], id=["ppo-1"], trainer_state=None,
                  log_extra=lambda *a: None, log_metric=lambda *a: None)
    assert tuple(f(**kwargs)[0] for f in funcs) == pytest.approx(want)
    # a conversational completion ([{"role": "assistant", ...}]) gets the same reward
    conv = dict(kwargs, completions=[[{"role": "assistant", "content": completion}]])
    assert tuple(f(**conv)[0] for f in funcs) == pytest.approx(want)


def test_a_completion_cut_by_the_length_limit_scores_zero():
    funcs = make_tool_call_reward_funcs(stop_token_ids=[7])
    kwargs = dict(prompts=["p", "p"], completions=[RIGHT, RIGHT], completion_ids=[[1, 2, 7], [1, 2, 3]],
                  ground_truth=[TRUTH] * 2, tools=[TOOLS_JSON] * 2, expect=["call"] * 2)
    assert [f(**kwargs) for f in funcs] == [[1.0, 0.0]] * 5  # the same text, but the second never ended


def test_reward_funcs_select_components_and_check_columns():
    (values,) = make_tool_call_reward_funcs(["arg_values"])
    out = values(prompts=["a", "b"], completions=[RIGHT, "x"], ground_truth=[TRUTH, TRUTH], tools=[TOOLS_JSON] * 2,
                 expect=["call", "call"])
    assert out == [1.0, 0.0]
    # decoded columns (lists) work as well as JSON strings; missing expect is inferred from the ground truth
    assert values(prompts=["a"], completions=[RIGHT], ground_truth=[json.loads(TRUTH)], tools=[json.loads(TOOLS_JSON)]) == [1.0]
    with pytest.raises(ValueError, match="2 values for 1"):
        values(prompts=["a"], completions=[RIGHT], ground_truth=[TRUTH, TRUTH])
    with pytest.raises(ValueError, match="reward components"):
        make_tool_call_reward_funcs(["format", "speed"])
    with pytest.raises(ValueError, match="reward components"):
        make_tool_call_reward_funcs(["format", "format"])


def test_assistant_message_of_completions():
    assert assistant_message("<think>\n\n</think>\n\n" + RIGHT + "<|im_end|>") == {
        "role": "assistant", "content": "",
        "tool_calls": [{"type": "function", "function": {"name": "get_weather",
                                                         "arguments": {"city": "北京", "date": "2025-04-24"}}}]}
    assert assistant_message("<tool_call>{bad</tool_call><|im_end|>") == {"role": "assistant",
                                                                          "content": "<tool_call>{bad</tool_call>"}
    assert assistant_message("你好") == {"role": "assistant", "content": "你好"}


@pytest.fixture(scope="module")
def setup(tmp_path_factory):
    root = tmp_path_factory.mktemp("rl")
    data = make_dataset_dir(root)
    return data, tiny_model(root, data_dir=data)


def test_prepare_dataset_renders_each_row_with_its_own_tools(setup):
    data, model_dir = setup
    tok = load_tokenizer(model_dir)
    rows = load_ppo(data, "train")
    ds = prepare_dataset(rows, tok)
    assert len(ds) == len(rows)
    assert {"prompt", "prompt_messages", "tools", "ground_truth", "expect", "id", "scenario"} <= set(ds.column_names)
    for row, out in zip(rows, ds):
        assert out["prompt"] == tok.apply_chat_template(row["prompt"], tools=row["tools"], add_generation_prompt=True,
                                                        tokenize=False)
        assert json.loads(out["tools"]) == row["tools"] and json.loads(out["ground_truth"]) == row["ground_truth"]
        assert json.loads(out["prompt_messages"]) == row["prompt"]
    assert len({json.loads(t)[0]["function"]["name"] for t in ds["tools"]}) > 1  # tools differ between rows
    assert len(prepare_dataset(rows, tok, max_prompt_tokens=min(len(tok(p)["input_ids"]) for p in ds["prompt"]))) >= 1
    from toolc.errors import DatasetDirError

    with pytest.raises(DatasetDirError, match="max_length"):
        prepare_dataset(rows, tok, max_prompt_tokens=3)


def test_reward_model_scores_the_rendering_it_was_trained_on(setup):
    data, model_dir = setup
    tok = load_tokenizer(model_dir)
    torch.manual_seed(0)
    rm = load_reward_model(model_dir)
    reward = RewardModelReward(rm, tok, batch_size=2)
    pair = load_rm(data, "train")[0]
    chosen = pair["chosen"][0]
    completion = call(chosen["tool_calls"][0]["function"]["name"], chosen["tool_calls"][0]["function"]["arguments"])
    kwargs = {"prompt_messages": [json.dumps(pair["prompt"], ensure_ascii=False)],
              "tools": [json.dumps(pair["tools"], ensure_ascii=False)]}
    (text,) = reward.texts(["ignored"], [completion], **kwargs)
    # TRL's RewardTrainer tokenizes apply_chat_template(prompt + chosen, tools=tools)
    assert text == tok.apply_chat_template(pair["prompt"] + pair["chosen"], tools=pair["tools"], tokenize=False)
    scores = reward(["a", "b", "c"], [completion, "你好", completion], **{k: v * 3 for k, v in kwargs.items()})
    assert len(scores) == 3 and scores[0] == pytest.approx(scores[2], abs=1e-5) and scores[0] != scores[1]
    assert reward.__name__ == "reward_model"


def test_config_defaults_and_validation(setup):
    data, model_dir = setup
    cfg = parse_stage_args(RLStageConfig, ["--data", str(data), "--model", str(model_dir)], stage_yaml("rl"))
    assert cfg.reward_components == ["format", "tool_name", "arg_names", "arg_values", "content"]
    assert (cfg.num_generations, cfg.per_device_train_batch_size, cfg.full, cfg.eval) == (4, 8, False, False)
    assert cfg.output_dir == "runs/rl"
    with pytest.raises(UsageError, match="reward_weights"):
        RLStageConfig(data="d", model="m", reward_weights=[1.0])
    with pytest.raises(UsageError, match="unknown reward component"):
        RLStageConfig(data="d", model="m", reward_components=["format", "vibes"])


FAST = ["--max_steps", "2", "--per_device_train_batch_size", "4", "--num_generations", "4",
        "--max_completion_length", "12", "--lora_r", "4", "--lora_alpha", "8", "--save_steps", "1000",
        "--warmup_steps", "0", "--learning_rate", "1e-3"]


@pytest.mark.training
def test_grpo_steps_pass_columns_to_rewards_and_move_lora(setup, tmp_path):
    data, model_dir = setup
    seen = []

    def spy(prompts, completions, **kwargs):
        seen.append(kwargs)
        return [0.0] * len(completions)

    torch.manual_seed(0)
    cfg = parse_stage_args(RLStageConfig, ["--data", str(data), "--model", str(model_dir), "-o", str(tmp_path / "rl"),
                                           "--reward_model", str(model_dir), *FAST], stage_yaml("rl"))
    trainer, _ = build_trainer(cfg, extra_reward_funcs=[spy])
    assert trainer.reward_func_names == ["tool_call_format", "tool_call_tool_name", "tool_call_arg_names",
                                         "tool_call_arg_values", "tool_call_content", "reward_model", "spy"]
    before = {k: v.detach().clone() for k, v in trainer.model.named_parameters() if "lora_B" in k}
    assert before and all(float(v.abs().sum()) == 0.0 for v in before.values())  # LoRA B starts at zero
    trainer.train()
    after = dict(trainer.model.named_parameters())
    assert any(not torch.equal(before[k], after[k].detach()) for k in before)  # the reward model's signal moved LoRA
    cols = seen[0]
    assert {"ground_truth", "tools", "expect", "prompt_messages", "id", "scenario"} <= set(cols)
    assert len(cols["ground_truth"]) == 4 and len(set(cols["id"])) == 1  # one prompt, 4 generations
    assert json.loads(cols["tools"][0])[0]["type"] == "function"
    curve = reward_curve(trainer.state.log_history)
    assert len(curve) == 2 and "rewards/tool_call_format/mean" in curve[0] and "rewards/reward_model/mean" in curve[0]


@pytest.mark.training
def test_cli_trains_and_writes_summary(setup, tmp_path, capsys):
    data, model_dir = setup
    out = tmp_path / "run"
    assert main(["--data", str(data), "--model", str(model_dir), "-o", str(out), *FAST]) == 0
    summary = json.loads((out / "train_summary.json").read_text(encoding="utf-8"))
    assert summary["stage"] == "rl" and summary["seconds_per_step"] > 0
    assert summary["reward_functions"][:1] == ["tool_call_format"] and summary["reward_weights"] == [1.0] * 5
    assert len(summary["reward_curve"]) == 2
    assert (out / "adapter_model.safetensors").is_file() and (out / "tokenizer.json").is_file()
    assert "rl: reward" in capsys.readouterr().out
    assert toolc_main(["train", "rl", "--data", str(tmp_path / "nope"), "--model", str(model_dir), "-o", str(out)]) == 2
