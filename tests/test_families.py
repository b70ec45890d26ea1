"""Families stage tests: the registry, format names, and what every family says about itself."""

from __future__ import annotations

import dataclasses
import subprocess
import sys

import pytest
from writer_fixtures import rm_records

from toolc.compiler.families import (
    DEFAULT_FAMILY,
    FAMILIES,
    FORMATS,
    MALFORMED_STYLES,
    Malformed,
    UnknownFamilyError,
    UnknownFormatError,
    format_problem,
    get_family,
    resolve_format,
)
from toolc.compiler.checker import parse_tool_calls
from toolc.compiler.record import Message, ToolCall
from toolc.compiler.writers import ChatTemplateWriter, QwenFcWriter, get_writer

CALL = ToolCall("get_weather", {"city": "北京", "date": "2025-04-24", "days": 3})


def test_unknown_family_suggests_the_closest_name() -> None:
    with pytest.raises(UnknownFamilyError, match=r"unknown model family `qwen-3`; did you mean `qwen3`\?"):
        get_family("qwen-3")


def test_fixed_formats_keep_their_names_and_families() -> None:
    assert FORMATS == ("qwen", "qwen-fc", "openai", "openai-functions", "alpaca", "qwen2.5", "llamafactory", "openai-ft")
    assert resolve_format("qwen").family is get_family("qwen3")
    assert resolve_format("qwen2.5").family is get_family("qwen2_5")
    assert resolve_format("qwen-fc").family is get_family("qwen_fc")
    assert resolve_format("openai").family is None


@pytest.mark.parametrize("given,name,training", [
    ("chat:qwen3", "chat-qwen3", False),
    ("chat-qwen3", "chat-qwen3", False),
    ("chat:qwen3-train", "chat-qwen3-train", True),
    ("qwen-train", "qwen-train", True),
    ("qwen-fc-train", "qwen-fc-train", True),
])
def test_chat_and_training_format_names_resolve_to_their_directory(given: str, name: str, training: bool) -> None:
    spec = resolve_format(given)
    assert (spec.name, spec.training, spec.given) == (name, training, given)
    writer = get_writer(given)
    assert writer.name == name
    assert isinstance(writer, QwenFcWriter if "fc" in given else ChatTemplateWriter)


@pytest.mark.parametrize("given,message", [
    ("opneai", "did you mean `openai`?"),
    ("chat:qwen9", "no model family `qwen9`; did you mean `chat:qwen3`?"),
    ("openai-train", "`openai` is not a text format, so it has no training variant"),
])
def test_unknown_formats_say_why(given: str, message: str) -> None:
    with pytest.raises(UnknownFormatError) as exc:
        resolve_format(given)
    assert message in str(exc.value)
    assert format_problem(given) is not None


@pytest.mark.parametrize("style", MALFORMED_STYLES)
def test_the_default_familys_malformed_call_is_what_qwen_rm_rows_show(style: str) -> None:
    """``raw`` (what formats without a family of their own show) is the default family's syntax."""
    text = get_family(DEFAULT_FAMILY).malformed(Malformed(style, CALL))
    assert text.startswith("<tool_call>\n") and text.endswith("\n</tool_call>")
    record = next(r for r in rm_records() if r.perturbation == "format")
    assert record.rejected[0].raw is not None


def test_every_family_is_registered_once_under_its_name() -> None:
    for name, family in FAMILIES.items():
        assert family.name == name
        assert type(family).__doc__, f"{name} has no docstring"


def test_format_names_resolve_without_heavy_imports() -> None:
    """``toolc check`` validates format names: the registry imports neither datasets, transformers nor torch."""
    code = ("import sys; from toolc.compiler.families import resolve_format; resolve_format('chat:qwen3-train'); "
            "print(sorted(m for m in ('datasets', 'transformers', 'torch', 'trl') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


@pytest.mark.parametrize("style", MALFORMED_STYLES)
def test_qwen_fc_rm_negatives_are_broken_function_calls_not_qwen_syntax(style: str) -> None:
    """A seed-000 set must not teach "Qwen syntax = wrong": its format negatives are broken ``<function_call>``s."""
    record = next(r for r in rm_records() if r.perturbation == "format")
    bad = Malformed(style, CALL)
    qwen_text = get_family(DEFAULT_FAMILY).malformed(bad)
    rejected = (Message("assistant", "", raw=qwen_text, malformed=bad),)
    row = get_writer("qwen-fc").render(dataclasses.replace(record, rejected=rejected))
    assert row["rejected"].startswith("<function_call>") and "<tool_call>" not in row["rejected"]
    assert not parse_tool_calls(row["rejected"]).format_ok


def test_every_familys_special_tokens_are_chat_control_text() -> None:
    """A spec string holding any registered family's marker (Gemma 4's ``<|turn>``, GLM's ``<arg_key>``) is refused,
    as the families' own control strings are (``compiler.chat_control``)."""
    from toolc.compiler.chat_control import find_chat_control

    for family in FAMILIES.values():
        for token in family.special_tokens:
            assert find_chat_control(f"a {token} b") is not None, (family.name, token)
