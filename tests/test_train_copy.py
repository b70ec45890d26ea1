"""Copying argument values: the teacher-forced probe (train.probe) and the value swaps (train.augment)."""

import random

import pytest

from toolc.train.augment import augment_sft, look_alike, pools, swap_values, swappable
from toolc.train.probe import probe, slot_values, value_kind

WEATHER = {"type": "function", "function": {"name": "get_weather", "parameters": {"type": "object", "properties": {
    "city": {"type": "string"},
    "date": {"type": "string", "format": "date"},
    "unit": {"type": "string", "enum": ["celsius", "fahrenheit"]},
}}}}
EMAIL = {"type": "function", "function": {"name": "send_email", "parameters": {"type": "object", "properties": {
    "to": {"type": "string"}, "subject": {"type": "string"},
}}}}


def _call(name, args, i=0):
    return {"id": f"call_{i}", "type": "function", "function": {"name": name, "arguments": args}}


def _weather_row(city="鹤岗", date="2025-04-24", unit="celsius"):
    args = {"city": city, "date": date, "unit": unit}
    return {"messages": [
        {"role": "system", "content": "你是一个可以调用工具的智能助手。"},
        {"role": "user", "content": f"明天{city}天气怎么样？用celsius"},
        {"role": "assistant", "content": "", "tool_calls": [_call("get_weather", args)]},
        {"role": "tool", "content": f'{{"city": "{city}", "temp_low": 3}}', "tool_call_id": "call_0"},
        {"role": "assistant", "content": f"{city}明天最低3℃。"},
    ], "tools": [WEATHER]}


# --- the probe ---------------------------------------------------------------------------------------------------

class _Oracle:
    """A stand-in causal LM that predicts the gold next token everywhere, except the tokens in ``wrong``."""

    def __init__(self, vocab_size, wrong=()):
        import torch

        self.vocab_size, self.wrong = vocab_size, set(wrong)
        self._param = torch.nn.Parameter(torch.zeros(1))

    def eval(self):
        return self

    def parameters(self):
        return iter([self._param])

    def __call__(self, input_ids):
        import torch

        ids = input_ids[0].tolist()
        logits = torch.zeros(1, len(ids), self.vocab_size)
        for t, nxt in enumerate(ids[1:]):
            logits[0, t, (nxt + 1) % self.vocab_size if nxt in self.wrong else nxt] = 1.0
        return type("Out", (), {"logits": logits})()


@pytest.fixture(scope="module")
def tokenizer(tmp_path_factory):
    from tests.train_fixtures import tiny_model
    from toolc.train.model import load_tokenizer

    return load_tokenizer(tiny_model(tmp_path_factory.mktemp("probe")))


def test_value_kind_and_slot_values():
    values = slot_values([_weather_row("北京")])
    assert values[("get_weather", "city")] == {"北京"} and values[("get_weather", "unit")] == {"celsius"}
    assert value_kind("鹤岗", "鹤岗天气", values[("get_weather", "city")]) == "copy"
    assert value_kind("北京", "北京天气", values[("get_weather", "city")]) == "seen"
    assert value_kind("2025-04-24", "明天北京天气", set()) == "other"


def test_probe_scores_a_perfect_model_right_and_splits_values_by_kind(tokenizer):
    train = slot_values([_weather_row("北京")])  # celsius was seen in training, 鹤岗 was not
    report = probe(_Oracle(len(tokenizer)), tokenizer, [_weather_row()], train)
    assert report["conversations"] == 1
    assert report["calls"]["exact"] == {"n": 1, "right": 1, "rate": 1.0}
    assert report["calls"]["tool"]["rate"] == 1.0
    assert {k: (v["n"], v["right"]) for k, v in report["values"].items()} == {
        "copy": (1, 1), "other": (1, 1), "seen": (1, 1)}  # 鹤岗 / the date / celsius
    assert report["value_tokens"]["copy/first"] == {"n": 1, "right": 1, "rate": 1.0}
    assert report["examples"] == []


def test_probe_counts_a_value_wrong_when_one_of_its_tokens_is(tokenizer):
    ids = tokenizer("岗", add_special_tokens=False)["input_ids"]
    report = probe(_Oracle(len(tokenizer), wrong=[ids[-1]]), tokenizer, [_weather_row()],
                   slot_values([_weather_row("北京")]))
    assert report["calls"]["exact"]["right"] == 0 and report["calls"]["tool"]["right"] == 1
    assert report["values"]["copy"]["right"] == 0 and report["values"]["other"]["right"] == 1
    assert report["value_tokens"]["copy/first"]["rate"] == 1.0 and report["value_tokens"]["copy/later"]["rate"] < 1
    assert report["examples"][0]["value"] == "鹤岗" and report["examples"][0]["wrote"] != "鹤岗"


# --- value swaps -------------------------------------------------------------------------------------------------

def test_swappable_values_are_typed_by_the_user_and_free_form():
    row = _weather_row()
    assert swappable(row) == ["鹤岗"]  # the date is not in the user's words; celsius is an enum value
    email = {"messages": [
        {"role": "user", "content": "Email bob.lee@example.com about the Q3 budget"},
        {"role": "assistant", "content": "", "tool_calls": [
            _call("send_email", {"to": "bob.lee@example.com", "subject": "Q3 budget"})]},
    ], "tools": [EMAIL]}
    assert swappable(email) == ["bob.lee@example.com", "Q3 budget"]


def test_swap_replaces_a_value_everywhere_with_a_look_alike():
    rng = random.Random(0)
    messages = swap_values(_weather_row(), rng, ["甲", "乙"], ["alpha"])
    city = messages[2]["tool_calls"][0]["function"]["arguments"]["city"]
    assert city != "鹤岗" and len(city) == 2 and set(city) <= {"甲", "乙"}
    assert messages[1]["content"] == f"明天{city}天气怎么样？用celsius"
    assert messages[3]["content"] == f'{{"city": "{city}", "temp_low": 3}}'
    assert messages[4]["content"] == f"{city}明天最低3℃。"
    args = messages[2]["tool_calls"][0]["function"]["arguments"]
    assert args["date"] == "2025-04-24" and args["unit"] == "celsius"
    assert _weather_row()["messages"][1]["content"] == "明天鹤岗天气怎么样？用celsius"  # the row is not modified
    assert look_alike("bob.lee@example.com", random.Random(1), [], ["kiwi"]) == "kiwi.kiwi@kiwi.kiwi"
    assert look_alike("Q3 Budget 2025", random.Random(1), [], ["kiwi"]) == "Kiwi3 Kiwi 2025"


def test_augment_sft_swaps_a_fraction_of_the_training_rows_deterministically(tmp_path):
    from tests.train_fixtures import make_dataset_dir
    from toolc.train.data import load_sft

    ds = load_sft(make_dataset_dir(tmp_path, sft=40), "train")
    assert augment_sft(ds, 0.0, 1) is ds
    han, words = pools(ds)
    assert "北" in han and "weather" in words
    everything = augment_sft(ds, 1.0, 1)
    assert everything.column_names == ds.column_names and len(everything) == len(ds)
    changed = [a["messages"] != b["messages"] for a, b in zip(ds, everything)]
    assert changed == [bool(swappable(r)) for r in ds] and any(changed)
    half = augment_sft(ds, 0.5, 1)
    assert 0 < sum(a["messages"] != b["messages"] for a, b in zip(ds, half)) < sum(changed)
    assert half.to_list() == augment_sft(ds, 0.5, 1).to_list()
    with pytest.raises(ValueError, match=r"\[0, 1\]"):
        augment_sft(ds, 1.5, 1)
