"""Training-variant tests: ``F-train`` rows render with the family's training template, their assistant spans cover
exactly the assistant's tokens (checked with a tokenizer trained on the corpus with the family's special tokens,
as ``train/tiny.py`` builds the tiny model's), and thinking is rendered alike across turns and across SFT/RM/PPO."""

from __future__ import annotations

import dataclasses
import functools
import json

import pytest
from family_fixtures import TODAY, bundled_records, frozen_today, reference_messages, reference_row
from writer_fixtures import rm_records, sft_records

from toolc.compiler.families import get_family
from toolc.compiler.record import Record
from toolc.compiler.writers import ChatTemplateWriter, LeftOut, get_writer
from toolc.train.tiny import train_tokenizer

#: Families with a training template (TRL's ``_training`` twins; toolc's for Llama 3.x).
TRAINING_FAMILIES = ("qwen3", "qwen3_nothink", "qwen2_5", "qwen3_instruct_2507", "qwen3_6", "llama3_1", "llama3_2",
                     "glm4moe", "gptoss", "nemotron_3_nano", "lfm2_v2", "deepseekv3")


def _writer(name: str) -> ChatTemplateWriter:
    return ChatTemplateWriter(get_family(name), today=TODAY, training=True)


def _records(name: str, step: int) -> list[Record]:
    recs = bundled_records()["sft"][::step]
    if name == "deepseekv3":  # it shows no tools: every bundled row is left out, so render them without
        recs = [dataclasses.replace(r, tools=()) for r in recs]
    return recs


@functools.cache
def _corpus(name: str) -> tuple[tuple[Record, dict], ...]:
    writer = _writer(name)
    out = []
    for record in _records(name, 40):
        try:
            out.append((record, writer.render(record)))
        except LeftOut:
            continue
    return tuple(out)


@functools.cache
def _tokenizer(name: str):
    """A BPE tokenizer trained on the family's own training texts, with its special tokens as single tokens and
    Qwen's split regex (words, numbers and line breaks apart, as the families' own tokenizers split them:
    TRL's ``qwen2_5_training`` span starts at the newline after ``<|im_start|>assistant``)."""
    return train_tokenizer((row["text"] for _, row in _corpus(name)), vocab_size=1024, pretokenizer="qwen",
                           family=get_family(name))


def _inside(span: tuple[int, int], spans: list[list[int]]) -> bool:
    return any(s <= span[0] and span[1] <= e for s, e in spans)


def _outside(span: tuple[int, int], spans: list[list[int]]) -> bool:
    return all(span[1] <= s or e <= span[0] for s, e in spans)


@pytest.mark.parametrize("name", TRAINING_FAMILIES)
def test_training_rows_equal_apply_chat_template_with_the_training_template(name: str) -> None:
    for record in _records(name, 100):
        try:
            row = _writer(name).render(record)
        except LeftOut:
            continue
        assert row["text"] == reference_row(get_family(name), record, training=True)["text"]


@pytest.mark.parametrize("name", TRAINING_FAMILIES)
def test_assistant_masks_cover_exactly_the_assistants_tokens(name: str) -> None:
    """Tokenized with a corpus tokenizer carrying the family's special tokens: no token straddles a span edge, the
    masked tokens cover the spans' characters and no others, one span per assistant turn holding its text and calls, and no span touches the
    system prompt, a user turn or a tool result."""
    tok = _tokenizer(name)
    for record, row in _corpus(name):
        text, spans = row["text"], row["assistant_spans"]
        enc = tok(text, add_special_tokens=False, return_offsets_mapping=True)
        masked: set[int] = set()  # characters of masked tokens (byte-level tokens may share a character)
        for start, end in enc["offset_mapping"]:
            inside, outside = _inside((start, end), spans), _outside((start, end), spans)
            assert inside or outside, f"{record.id}: token {text[start:end]!r} straddles a span edge"
            if inside:
                masked.update(range(start, end))
        assert masked == {k for s, e in spans for k in range(s, e)}
        assert len(spans) == sum(1 for m in record.messages if m.role == "assistant"), record.id
        pos = 0  # each message where the template renders it: in order, after the previous one
        for m in record.messages:
            needles = [c.name for c in m.tool_calls] or [m.content.strip(),
                                                         json.dumps(m.content.strip(), ensure_ascii=False)[1:-1]]
            if not needles[0]:
                continue
            found = [(k, k + len(n)) for n in needles if (k := text.find(n, pos)) >= 0]
            assert found, f"{record.id}: {m.role} message not rendered after offset {pos}"
            where = min(found)
            if m.role == "assistant":
                assert _inside(where, spans), f"{record.id}: assistant text outside the spans"
            else:
                assert _outside(where, spans), f"{record.id}: {m.role} text inside a span"
            pos = where[1]


def test_named_local_tokenizer_gives_apply_chat_templates_ids_and_masks(tmp_path) -> None:
    """``chat:DIR-train``: ``input_ids`` / ``assistant_masks`` equal transformers' own
    ``apply_chat_template(..., return_assistant_tokens_mask=True)`` with the training template."""
    family = get_family("qwen3")
    tok = _tokenizer("qwen3")
    tok.save_pretrained(tmp_path / "tok")
    writer = get_writer(f"chat:{tmp_path / 'tok'}-train", TODAY)
    assert writer.name == "chat-tok-train"
    for record, _ in _corpus("qwen3")[:20]:
        row = writer.render(record)
        with frozen_today():
            ref = tok.apply_chat_template(reference_messages(family, record.messages, training=True),
                                          tools=list(record.tools) or None, tokenize=True, return_dict=True,
                                          return_assistant_tokens_mask=True,
                                          chat_template=family.chat_template(training=True))
        assert row["input_ids"] == list(ref["input_ids"])
        assert row["assistant_masks"] == list(ref["assistant_masks"])
        assert sum(row["assistant_masks"]) > 0


@pytest.mark.parametrize("name,block_in_prompt", [("qwen3", False), ("qwen3_nothink", True)])
def test_qwen3_thinking_is_rendered_alike_across_turns_and_kinds(name: str, block_in_prompt: bool) -> None:
    """Every assistant turn of the training text carries the empty think block (the inference text has it only on
    the last turn); an RM row's prompt + chosen is the SFT training text of that conversation; the block opens the
    chosen answer with thinking on and closes the prompt with thinking off; a PPO prompt is the RM prompt."""
    block = "<think>\n\n</think>\n\n"
    writer = _writer(name)
    for record in sft_records():
        turns = sum(1 for m in record.messages if m.role == "assistant")
        assert writer.render(record)["text"].count(block) == turns
    inference = get_writer("qwen").render(next(r for r in sft_records() if r.id == "sft-chain"))["text"]
    assert inference.count(block) == 1
    for record in rm_records():
        row = writer.render(record)
        sft = dataclasses.replace(record, kind="sft", messages=record.messages + record.chosen)
        assert row["prompt"] + row["chosen"] == writer.render(sft)["text"]
        assert row["prompt"].endswith(block) is block_in_prompt
        assert row["chosen"].startswith(block) is not block_in_prompt
        ppo = dataclasses.replace(record, kind="ppo", chosen=(), rejected=())
        assert writer.render(ppo)["prompt"] == row["prompt"]


def test_llama_training_templates_render_the_inference_text() -> None:
    """toolc's Llama 3.x training templates only add ``{% generation %}`` markers."""
    for name in ("llama3_1", "llama3_2"):
        inference = ChatTemplateWriter(get_family(name), today=TODAY)
        for record in _records(name, 25):
            try:
                assert _writer(name).render(record)["text"] == inference.render(record)["text"]
            except LeftOut:
                continue


def test_qwen_fc_training_spans_are_the_assistant_blocks() -> None:
    writer = get_writer("qwen-fc-train")
    for record in sft_records():
        row = writer.render(record)
        assert row["input"] == get_writer("qwen-fc").render(record)["input"]
        texts = [row["input"][s:e] for s, e in row["assistant_spans"]]
        assert len(texts) == sum(1 for m in record.messages if m.role == "assistant")
        assert all(t.endswith("<|im_end|>") and "<|im_start|>" not in t for t in texts)


def test_a_family_without_a_training_template_has_no_training_variant() -> None:
    from toolc.compiler.families import resolve_format
    from toolc.errors import UnknownFormatError

    with pytest.raises(UnknownFormatError, match="family `gemma4` has no training template"):
        resolve_format("chat:gemma4-train")
