"""Writers stage tests: the ``qwen`` writer equals ``tokenizer.apply_chat_template`` byte for byte."""

from __future__ import annotations

import json
import subprocess
import sys
from typing import Any

import pytest
from writer_fixtures import (
    CONVERSATIONS,
    GET_WEATHER,
    SYSTEM,
    WEATHER_BJ,
    make_qwen_tokenizer,
    ppo_records,
    rm_records,
    sft_records,
)

from toolc.compiler.record import Message, Provenance, Record
from toolc.compiler.writers import QwenWriter, RenderError, get_writer

TEMPLATES = ("qwen3", "qwen2.5")


def template_input(messages: tuple[Message, ...]) -> list[dict[str, Any]]:
    """The conversation as a user of ``apply_chat_template`` writes it (independent of the writer's code)."""
    out = []
    for m in messages:
        if m.raw is not None:
            out.append({"role": m.role, "content": m.raw})
        elif m.role == "tool":
            out.append({"role": "tool", "name": m.name, "content": m.content})
        elif m.tool_calls:
            out.append(
                {
                    "role": "assistant",
                    "content": m.content,
                    "tool_calls": [
                        {"type": "function", "function": {"name": c.name, "arguments": c.arguments}}
                        for c in m.tool_calls
                    ],
                }
            )
        else:
            out.append({"role": m.role, "content": m.content})
    return out


@pytest.fixture(scope="module", params=TEMPLATES)
def pair(request: pytest.FixtureRequest) -> tuple[QwenWriter, Any]:
    return QwenWriter(request.param), make_qwen_tokenizer(request.param)


@pytest.mark.parametrize("record", sft_records(), ids=lambda r: r.id)
def test_sft_text_equals_apply_chat_template(pair: tuple[QwenWriter, Any], record: Record) -> None:
    writer, tokenizer = pair
    expected = tokenizer.apply_chat_template(
        template_input(record.messages), tools=list(record.tools), tokenize=False
    )
    assert writer.render(record)["text"] == expected


def test_fixture_covers_the_required_conversations() -> None:
    assert {"single", "parallel", "chain", "clarify", "smalltalk"} <= set(CONVERSATIONS)


@pytest.mark.parametrize("record", rm_records(), ids=lambda r: r.id)
def test_rm_prompt_plus_answer_equals_apply_chat_template(pair: tuple[QwenWriter, Any], record: Record) -> None:
    writer, tokenizer = pair
    row = writer.render(record)
    prompt = template_input(record.messages)
    tools = list(record.tools)
    assert row["prompt"] == tokenizer.apply_chat_template(
        prompt, tools=tools, tokenize=False, add_generation_prompt=True
    )
    for answer in ("chosen", "rejected"):
        full = tokenizer.apply_chat_template(
            prompt + template_input(getattr(record, answer)), tools=tools, tokenize=False
        )
        assert row["prompt"] + row[answer] == full
        assert row[answer].endswith("<|im_end|>\n")
    assert row["chosen"] != row["rejected"]


@pytest.mark.parametrize("record", ppo_records(), ids=lambda r: r.id)
def test_ppo_prompt_equals_apply_chat_template(pair: tuple[QwenWriter, Any], record: Record) -> None:
    writer, tokenizer = pair
    expected = tokenizer.apply_chat_template(
        template_input(record.messages), tools=list(record.tools), tokenize=False, add_generation_prompt=True
    )
    assert writer.render(record)["prompt"] == expected
    assert expected.endswith("<|im_start|>assistant\n")


def test_registered_qwen_is_qwen3() -> None:
    writer = get_writer("qwen")
    assert isinstance(writer, QwenWriter)
    assert writer.template == "qwen3"
    assert QwenWriter("qwen2.5").name == "qwen2.5"


def test_templates_are_trls_and_load_without_torch() -> None:
    """The template text is trl's (read from the file trl reads), and loading it imports no torch."""
    code = ("import sys; from compiler.writers.qwen import qwen_chat_template as t; "
            "sources = [t('qwen3'), t('qwen2.5')]; assert 'torch' not in sys.modules; "
            "from trl.chat_template_utils import qwen3_chat_template as a, qwen2_5_chat_template as b; "
            "print(sources == [a, b])")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "True"


def test_unknown_template_is_rejected() -> None:
    with pytest.raises(ValueError, match="unknown Qwen chat template `qwen9`"):
        QwenWriter("qwen9")  # type: ignore[arg-type]


def test_single_call_golden_qwen3() -> None:
    """Pins the exact text (Chinese unescaped, arguments in parameter order, empty think block on the last turn)."""
    record = Record(
        kind="sft",
        id="golden",
        messages=(
            Message("system", SYSTEM),
            Message("user", "帮我查一下明天北京的天气"),
            Message("assistant", tool_calls=(WEATHER_BJ,)),
        ),
        tools=(GET_WEATHER,),
        provenance=Provenance("a.tool", 1, "s", "u0.0", 0, "d"),
    )
    text = QwenWriter("qwen3").render(record)["text"]
    assert text.startswith(f"<|im_start|>system\n{SYSTEM}\n\n# Tools\n\n")
    assert '"description": "查询指定城市某天的天气"' in text
    assert text.endswith(
        "<|im_start|>user\n帮我查一下明天北京的天气<|im_end|>\n"
        "<|im_start|>assistant\n<think>\n\n</think>\n\n"
        '<tool_call>\n{"name": "get_weather", "arguments": {"city": "北京", "date": "2025-04-24"}}\n'
        "</tool_call><|im_end|>\n"
    )


@pytest.mark.parametrize("template", TEMPLATES)
def test_raw_answer_is_plain_assistant_text(template: str) -> None:
    record = next(r for r in rm_records() if r.perturbation == "format")
    row = QwenWriter(template).render(record)  # type: ignore[arg-type]
    raw = record.rejected[0].raw
    assert raw is not None and raw in row["rejected"]
    assert "</tool_call>" not in row["rejected"]
    assert "</tool_call>" in row["chosen"]


def test_tools_absent_renders_no_tool_block() -> None:
    record = Record(
        kind="sft",
        id="no-tools",
        messages=(Message("user", "你好"), Message("assistant", "你好！")),
        tools=(),
        provenance=Provenance("a.tool", 1, "s", "u0.0", 0, "d"),
    )
    for template in TEMPLATES:
        tokenizer = make_qwen_tokenizer(template)
        text = QwenWriter(template).render(record)["text"]  # type: ignore[arg-type]
        assert "# Tools" not in text
        assert text == tokenizer.apply_chat_template(template_input(record.messages), tokenize=False)


def test_prompt_falls_back_to_the_shared_prefix_when_the_generation_prompt_is_not_one() -> None:
    """A template whose generation prompt is not a prefix of prompt + answer: ``prompt`` is what the three renders
    share, cut back to a special token, and ``prompt + chosen`` is still the whole conversation."""
    writer = QwenWriter("qwen3")
    record = rm_records()[0]
    row = writer.render(record)
    original = writer._render

    def drifting(messages, tools, add_generation_prompt=False, spans=False):
        out = original(messages, tools, add_generation_prompt, spans)
        return type(out)(out.text + "<|im_start|>x") if add_generation_prompt else out

    writer._render = drifting  # type: ignore[method-assign]
    drifted = writer.render(record)
    # the answers start "<think>": the shared "<" would split <|im_start|>, so the prompt ends before it
    assert drifted["prompt"] == row["prompt"]
    assert drifted["prompt"] + drifted["chosen"] == row["prompt"] + row["chosen"]


@pytest.mark.parametrize("record", sft_records(), ids=lambda r: r.id)
def test_openai_rows_through_qwen3_template_equal_qwen_rows(record: Record) -> None:
    """What TRL does with an ``openai`` row as it is (structured ``tools`` and ``arguments``; apply_chat_template
    drops the None keys) gives the ``qwen`` text."""
    row = get_writer("openai").render(record)
    tokenizer = make_qwen_tokenizer("qwen3")
    text = tokenizer.apply_chat_template(row["messages"], tools=row["tools"], tokenize=False)
    assert text == get_writer("qwen").render(record)["text"]
