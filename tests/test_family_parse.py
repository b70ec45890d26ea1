"""Checker tests, parsing back: every family's parser reads its own rendered calls as the original calls and rejects
its own malformed negatives; evaluation and the RL reward parse in the model's family."""

from __future__ import annotations

import dataclasses

import pytest
from family_fixtures import TODAY, bundled_records
from writer_fixtures import rm_records

from toolc.compiler.checker import parse_tool_calls, reward_components
from toolc.compiler.families import FAMILIES, MALFORMED_STYLES, Malformed, family_of_template, get_family
from toolc.compiler.record import Message, Record
from toolc.compiler.writers import ChatTemplateWriter, LeftOut, get_writer

TEMPLATE_FAMILIES = tuple(n for n, f in FAMILIES.items() if f.template is not None)


def _call_answers(name: str) -> list[tuple[Record, dict]]:
    """RM rows whose chosen answer makes calls, rendered by the family (bundled sample + hand-built records)."""
    writer = ChatTemplateWriter(get_family(name), today=TODAY) if name != "qwen_fc" else get_writer("qwen-fc")
    out = []
    for record in bundled_records()["rm"][::20] + rm_records():
        if name == "deepseekv3":
            record = dataclasses.replace(record, tools=())
        answer = record.chosen[0]
        if answer.raw is not None or not answer.tool_calls:
            continue
        try:
            out.append((record, writer.render(record)))
        except LeftOut:
            continue
    assert len(out) > 50
    return out


@pytest.mark.parametrize("name", [*TEMPLATE_FAMILIES, "qwen_fc"])
def test_each_family_parses_its_own_calls_back(name: str) -> None:
    family = get_family(name)
    for record, row in _call_answers(name):
        parsed = family.parse(row["chosen"], row["prompt"], list(record.tools) or None)
        assert parsed.format_ok, (record.id, parsed.error, row["chosen"][:200])
        assert parsed.calls == list(record.chosen[0].tool_calls), record.id


@pytest.mark.parametrize("name", [*TEMPLATE_FAMILIES, "qwen_fc"])
def test_each_familys_malformed_negatives_are_malformed_in_its_own_syntax(name: str) -> None:
    """The RM ``format`` negative of every style, rendered in an RM row, fails the family's own parser and
    carries the family's call markers, not another family's."""
    family = get_family(name)
    writer = ChatTemplateWriter(family, today=TODAY) if name != "qwen_fc" else get_writer("qwen-fc")
    for record, _ in _call_answers(name)[:40]:
        for style in MALFORMED_STYLES:
            bad = Malformed(style, record.chosen[0].tool_calls[0])
            row = writer.render(dataclasses.replace(record, rejected=(Message("assistant", "", raw="x", malformed=bad),)))
            parsed = family.parse(row["rejected"], row["prompt"], list(record.tools) or None)
            assert not parsed.format_ok, (record.id, style, row["rejected"][:200])
            text = family.malformed(bad)
            assert any(m in text for m in family.call_markers) or text.startswith('{"name"'), (style, text)
            if "<tool_call>" not in family.call_markers:
                assert "<tool_call>" not in row["rejected"], (style, row["rejected"][:200])


@pytest.mark.parametrize("name", ["llama3_1", "gptoss", "gemma4", "qwen3_6"])
def test_completions_decoded_without_their_end_marker_still_parse(name: str) -> None:
    """TRL decodes completions with ``skip_special_tokens``: the end-of-turn marker is put back before parsing."""
    family = get_family(name)
    for record, row in _call_answers(name)[:20]:
        text = row["chosen"]
        for stop in family.stop:
            text = text.split(stop, 1)[0]
        parsed = family.parse(text, row["prompt"], list(record.tools) or None)
        assert parsed.format_ok and parsed.calls == list(record.chosen[0].tool_calls), (record.id, parsed)


def test_an_unclosed_or_cut_call_is_malformed() -> None:
    family = get_family("glm4moe")
    assert not family.parse("<tool_call>get_weather\n<arg_key>city</arg_key>\n<arg_value>北京", "").format_ok
    lfm = get_family("lfm2_v2")
    assert not lfm.parse("<|tool_call_start|>[get_weather(city='北京'", "").format_ok
    assert lfm.parse("<|tool_call_start|>[calc(expression='(1 + 2) * 3', n=2)]<|tool_call_end|>", "").calls[0].arguments \
        == {"expression": "(1 + 2) * 3", "n": 2}


def test_the_tokenizers_template_names_its_family() -> None:
    from trl.chat_template_utils import qwen3_chat_template, qwen3_training_chat_template

    assert family_of_template(qwen3_chat_template) is get_family("qwen3")
    assert family_of_template(qwen3_training_chat_template) is get_family("qwen3")
    assert family_of_template(get_family("llama3_2").chat_template()) is get_family("llama3_2")
    assert family_of_template("{{ messages }}") is None


def test_the_rl_reward_parses_in_the_policys_family() -> None:
    from toolc.train.reward import make_tool_call_reward_funcs

    family = get_family("llama3_1")
    record, row = _call_answers("llama3_1")[0]
    truth = [c.to_json() for c in record.chosen[0].tool_calls]
    assert reward_components(row["chosen"], truth, list(record.tools), family=family, prefix=row["prompt"]) == {
        "format": 1.0, "tool_name": 1.0, "arg_names": 1.0, "arg_values": 1.0, "content": 1.0}
    assert reward_components(row["chosen"], truth, list(record.tools))["tool_name"] == 0.0  # no Hermes call in it
    funcs = make_tool_call_reward_funcs(family=family)
    values = [f(prompts=[row["prompt"]], completions=[row["chosen"]], ground_truth=[truth],
                tools=[list(record.tools)], expect=["call"]) for f in funcs]
    assert values == [[1.0]] * 5


def test_evaluation_scores_a_familys_completions_in_its_syntax() -> None:
    from toolc.train.evaluate import decision_points, score_points

    family = get_family("gptoss")
    rows = [get_writer("openai").render(r) for r in bundled_records()["sft"][:200:10]]
    points = [p for p in decision_points(rows) if p.expect == "call"]
    writer = ChatTemplateWriter(family, today=TODAY)
    completions, prompts = [], []
    for p in points:
        prompt = writer.apply(_plain(p.prompt), p.tools, add_generation_prompt=True)
        full = writer.apply(_plain(p.prompt + [p.target]), p.tools)
        prompts.append(prompt)
        completions.append(full[len(prompt):])
    board, _ = score_points(points, completions, family=family, prompts=prompts)
    assert board.summary()["exact_match"] == 1.0
    default, _ = score_points(points, completions)
    assert default.summary()["exact_match"] == 0.0  # the default Hermes parser finds no call in harmony text


def _plain(messages: list[dict]) -> list[dict]:
    """openai-format messages as template input (arguments decoded, null keys dropped)."""
    import json

    out = []
    for m in messages:
        d = {k: v for k, v in m.items() if v is not None}
        d.setdefault("content", "")
        if d.get("tool_calls"):
            d["tool_calls"] = [{"type": "function", "function": {
                "name": c["function"]["name"], "arguments": json.loads(c["function"]["arguments"])
                if isinstance(c["function"]["arguments"], str) else c["function"]["arguments"]}}
                for c in d["tool_calls"]]
        out.append(d)
    return out


def test_default_parser_is_unchanged_without_a_family() -> None:
    assert parse_tool_calls('<tool_call>\n{"name": "f", "arguments": {"a": 1}}\n</tool_call>').calls[0].arguments == {"a": 1}
