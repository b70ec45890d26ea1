"""Writers stage tests: ``chat:NAME`` rows equal transformers' ``apply_chat_template`` byte for byte, per family.

The reference is a tokenizer carrying the family's template and special tokens, on the build's reference date,
fed messages converted by :func:`family_fixtures.reference_messages` (independent of the writers). Rows a family
cannot express are left out, and the tests check that the reference really cannot express them.
"""

from __future__ import annotations

import dataclasses
import re
import json

import jinja2
import pytest
from family_fixtures import ROOT, TODAY, bundled_records, frozen_today, reference_messages, reference_row, reference_tokenizer
from writer_fixtures import ppo_records, rm_records, sft_records

from toolc.compiler.families import FAMILIES, get_family, resolve_format
from toolc.compiler.record import Record
from toolc.compiler.writers import ChatTemplateWriter, LeftOut, get_writer
from toolc.errors import UnknownFormatError

#: The families the issue names (>= 8), each checked on bundled rows.
FAMILY_NAMES = ("qwen3", "qwen3_nothink", "qwen2_5", "qwen3_instruct_2507", "qwen3_6", "llama3_1", "llama3_2",
                "deepseekv3", "glm4moe", "gptoss", "gemma4", "nemotron_3_nano", "lfm2_v2")
#: Every registered template family (the revisions and siblings too), checked on a smaller sample.
ALL_TEMPLATE_FAMILIES = tuple(n for n, f in FAMILIES.items() if f.template is not None)


def _writer(name: str) -> ChatTemplateWriter:
    return ChatTemplateWriter(get_family(name), today=TODAY)


def _why_left_out(family_name: str, record: Record) -> str | None:
    """What the *reference* shows about a record, independently of the family's own attributes: the template
    raises, drops a parallel call, or never shows the offered tools."""
    family = get_family(family_name)
    try:
        ref = reference_row(family, record)
    except jinja2.TemplateError as exc:
        return f"raises: {exc}"
    text = "".join(ref.values())
    if family_name == "gptoss":  # one "to=functions.NAME" per rendered call: fewer than the calls made
        for key, value in ref.items():
            messages = {"text": record.messages, "prompt": record.messages,
                        "full_chosen": record.messages + record.chosen,
                        "full_rejected": record.messages + record.rejected}[key]
            made = sum(len(m.tool_calls) for m in messages if m.raw is None)
            if value.count("to=functions.") < made:
                return "drops a parallel call"
    if record.tools and not any(t["function"]["description"] in text for t in record.tools):
        return "shows no tools"
    return None


def _assert_row_matches(writer: ChatTemplateWriter, record: Record) -> None:
    row = writer.render(record)
    ref = reference_row(writer.family, record)
    if record.kind == "sft":
        assert row["text"] == ref["text"]
    elif record.kind == "ppo":
        assert row["prompt"] == ref["prompt"]
    else:
        assert row["prompt"] + row["chosen"] == ref["full_chosen"]
        assert row["prompt"] + row["rejected"] == ref["full_rejected"]
        if ref["full_chosen"].startswith(ref["prompt"]) and ref["full_rejected"].startswith(ref["prompt"]):
            assert row["prompt"] == ref["prompt"]
        else:  # the generation prompt is not a prefix: the longest shared prefix, ending before a special token
            assert ref["prompt"].startswith(row["prompt"])


def _check_rows(name: str, records: list[Record]) -> dict[str, int]:
    writer = _writer(name)
    left: dict[str, int] = {}
    for record in records:
        try:
            _assert_row_matches(writer, record)
        except LeftOut as out:
            assert _why_left_out(name, record) is not None, f"{name} left out {record.id} ({out.construct})"
            left[out.construct] = left.get(out.construct, 0) + 1
    return left


def _sample(step: int) -> list[Record]:
    recs = bundled_records()
    return [r for kind in ("sft", "rm", "ppo") for r in recs[kind][::step]]


@pytest.mark.parametrize("name", FAMILY_NAMES)
def test_bundled_rows_equal_apply_chat_template(name: str) -> None:
    """A few hundred rows of the bundled build (every 25th record of each kind) per family."""
    left = _check_rows(name, _sample(25))
    if name in ("llama3_1", "llama3_2", "gptoss"):
        assert set(left) == {"parallel calls"}
    elif name == "deepseekv3":
        assert set(left) == {"tool list"}
    else:
        assert left == {}


@pytest.mark.parametrize("name", ALL_TEMPLATE_FAMILIES)
def test_every_registered_family_renders_like_apply_chat_template(name: str) -> None:
    _check_rows(name, _sample(200))


@pytest.mark.slow
@pytest.mark.parametrize("name", FAMILY_NAMES)
def test_every_bundled_row_equals_apply_chat_template(name: str) -> None:
    """Every SFT, RM and PPO row of ``toolc build specs/main.tool --today 2026-12-02`` (8,000 records); the rows
    left out are the ones docs/formats.md's table states."""
    records = _sample(1)
    left = _check_rows(name, records)
    # exactly the records with a turn of several calls (not a count written here: the data moves)
    parallel = sum(any(len(m.tool_calls) > 1 for m in (*r.messages, *(r.chosen or ()), *(r.rejected or ())))
                   for r in records)
    expected = {"llama3_1": {"parallel calls": parallel}, "llama3_2": {"parallel calls": parallel},
                "gptoss": {"parallel calls": parallel}, "deepseekv3": {"tool list": len(records)}}
    assert left == expected.get(name, {})


@pytest.mark.parametrize("name", FAMILY_NAMES)
@pytest.mark.parametrize("record", [*sft_records(), *rm_records(), *ppo_records()], ids=lambda r: r.id)
def test_fixture_conversations_equal_apply_chat_template(name: str, record: Record) -> None:
    """Hand-built conversations (parallel calls, chains, nested arguments, no system message, malformed answers);
    DeepSeek V3 without the tool list it cannot show."""
    if name == "deepseekv3":
        record = dataclasses.replace(record, tools=())
    try:
        _assert_row_matches(_writer(name), record)
    except LeftOut as out:
        assert out.construct == "parallel calls" and name in ("llama3_1", "llama3_2", "gptoss")
        assert _why_left_out(name, record) is not None


def test_llama_raises_on_parallel_calls_and_the_row_is_left_out() -> None:
    record = next(r for r in sft_records() if r.id == "sft-parallel")
    family = get_family("llama3_1")
    with pytest.raises(jinja2.TemplateError, match="only supports single tool-calls"):
        reference_row(family, record)
    with pytest.raises(LeftOut, match="parallel calls"):
        _writer("llama3_1").render(record)


def test_gptoss_silently_keeps_the_first_parallel_call_so_the_row_is_left_out() -> None:
    record = next(r for r in sft_records() if r.id == "sft-parallel")
    text = reference_row(get_family("gptoss"), record)["text"]
    calls = next(m for m in record.messages if len(m.tool_calls) > 1).tool_calls
    assert json.dumps(calls[0].arguments, ensure_ascii=False) in text
    assert json.dumps(calls[1].arguments, ensure_ascii=False) not in text
    with pytest.raises(LeftOut, match="parallel calls"):
        _writer("gptoss").render(record)


def test_deepseek_never_shows_the_tools_so_rows_offering_tools_are_left_out() -> None:
    record = sft_records()[0]
    assert record.tools
    text = reference_row(get_family("deepseekv3"), record)["text"]
    assert not any(t["function"]["description"] in text for t in record.tools)
    with pytest.raises(LeftOut, match="tool list"):
        _writer("deepseekv3").render(record)


def test_deepseek_takes_arguments_as_a_json_string_and_empty_content() -> None:
    family = get_family("deepseekv3")
    record = dataclasses.replace(sft_records()[0], tools=())
    messages = family.template_messages(record.messages)
    call_turn = next(m for m in messages if m.get("tool_calls"))
    assert call_turn["content"] == "" and isinstance(call_turn["tool_calls"][0]["function"]["arguments"], str)
    as_dicts = [dict(m, tool_calls=[{"type": "function", "function": {"name": c["function"]["name"], "arguments":
                json.loads(c["function"]["arguments"])}} for c in m["tool_calls"]]) if m.get("tool_calls") else m
                for m in messages]
    with pytest.raises(TypeError):  # what a dict does to the inference template
        reference_tokenizer(family).apply_chat_template(as_dicts, tokenize=False)


def test_gemma4_pairs_parallel_results_by_call_id() -> None:
    """Without ids every result of a parallel turn is named after the last call; with them, each after its own."""
    record = next(r for r in sft_records() if r.id == "sft-parallel")
    family = get_family("gemma4")
    text = _writer("gemma4").render(record)["text"]
    calls = next(m for m in record.messages if len(m.tool_calls) > 1).tool_calls
    assert all(f"response:{c.name}{{" in text for c in calls)
    without_ids = [{k: v for k, v in m.items() if k != "tool_call_id"} for m in
                   reference_messages(family, record.messages)]
    for m in without_ids:
        for c in m.get("tool_calls", ()):
            c.pop("id", None)
    plain = reference_tokenizer(family).apply_chat_template(without_ids, tools=list(record.tools), tokenize=False)
    if calls[0].name != calls[1].name:
        assert f"response:{calls[0].name}{{" not in plain


@pytest.mark.parametrize("name,line", [("llama3_2", "Today Date: 02 Dec 2026"), ("gptoss", "Current date: 2026-12-02")])
def test_templates_that_stamp_the_date_render_the_builds_reference_date(name: str, line: str) -> None:
    record = sft_records()[0]
    assert line in _writer(name).render(record)["text"]
    with frozen_today():
        assert line in reference_row(get_family(name), record)["text"]


@pytest.mark.parametrize("name,start", [("llama3_1", "<|begin_of_text|>"), ("gemma4", "<bos>"),
                                         ("lfm2_v2", "<|startoftext|>"), ("glm4moe", "[gMASK]<sop>")])
def test_the_familys_own_special_tokens_are_rendered(name: str, start: str) -> None:
    assert _writer(name).render(sft_records()[0])["text"].startswith(start)


def test_nemotron_rm_prompt_is_the_shared_prefix_ending_at_think() -> None:
    """Nemotron's generation prompt ends ``<think>\\n`` but an answer without reasoning renders ``<think></think>``."""
    record = rm_records()[0]
    row = _writer("nemotron_3_nano").render(record)
    assert row["prompt"].endswith("<|im_start|>assistant\n<think>")
    assert row["chosen"].startswith("</think>")
    nothink = _writer("nemotron_3_nano_nothink").render(record)
    assert nothink["prompt"].endswith("<think></think>")


@pytest.mark.parametrize("name", ["gemma3", "phi3_5", "llama3", "cohere2"])
def test_families_that_cannot_express_tools_are_a_clear_error(name: str) -> None:
    with pytest.raises(UnknownFormatError, match=rf"chat template `{name}` cannot express tool calls: it "):
        resolve_format(f"chat:{name}")


def test_a_jinja_file_identical_to_a_registered_template_gets_that_family(tmp_path) -> None:
    path = tmp_path / "my_llama.jinja"
    path.write_text(get_family("llama3_1").chat_template(), encoding="utf-8")
    spec = resolve_format(f"chat:{path}")
    assert spec.name == "chat-my_llama" and spec.family is get_family("llama3_1")
    record = sft_records()[0]
    assert get_writer(f"chat:{path}", TODAY).render(record)["text"] == _writer("llama3_1").render(record)["text"]


def test_an_unknown_jinja_file_renders_with_defaults_and_its_own_tokens(tmp_path) -> None:
    source = get_family("qwen2_5").chat_template().replace("<|im_start|>", "<|turn|>")
    tok_dir = tmp_path / "tok"
    tok = reference_tokenizer(get_family("qwen2_5"))
    tok.chat_template = source
    tok.save_pretrained(tok_dir)
    spec = resolve_format(f"chat:{tok_dir}")
    assert spec.name == "chat-tok" and spec.tokenizer == str(tok_dir)
    record = sft_records()[0]
    text = get_writer(f"chat:{tok_dir}", TODAY).render(record)["text"]
    assert text == tok.apply_chat_template(reference_messages(get_family("qwen2_5"), record.messages),
                                           tools=list(record.tools), tokenize=False)


def test_a_build_leaves_out_what_a_family_cannot_express_counts_it_and_warns(tmp_path) -> None:
    from datasets import load_dataset

    from toolc.compiler.build import build
    from toolc.dsl.diagnostics import Diagnostics

    warnings = Diagnostics()
    spec = ROOT / "tests" / "data" / "mini.tool"  # weather.compare makes parallel calls
    out = tmp_path / "out"
    m = build([spec], out, today=TODAY, formats=["chat:llama3_1", "chat:gemma4", "qwen"], sft=40, rm=10, ppo=10,
              warnings=warnings)
    assert m["formats"] == ["chat-llama3_1", "chat-gemma4", "qwen"]
    left = m["left_out"]["chat-llama3_1"]
    assert set(left) <= {"sft", "rm", "ppo"} and all(set(c) == {"parallel calls"} for c in left.values())
    assert "chat-gemma4" not in m["left_out"]
    (w,) = warnings.warnings
    assert w.code == "W301" and "chat-llama3_1" in w.message and "parallel calls" in w.message
    for kind in ("sft", "rm", "ppo"):
        n = sum(m["rows"][kind].values())
        written = sum(len(load_dataset("json", data_files=str(out / p), split="train"))
                      for p in m["files"][kind]["chat-llama3_1"].values())
        assert written + sum(left.get(kind, {}).values()) == n


#: Families whose writers render the system turn and tool list once per tool set (``Family.shared_head``).
SHARED_HEAD = tuple(n for n, f in FAMILIES.items() if f.shared_head)


def _forced_head_writer(name: str, training: bool = False) -> ChatTemplateWriter:
    writer = ChatTemplateWriter(get_family(name), today=TODAY, training=training)
    writer.head_after = 0  # every row through the cached head + tail path
    return writer


@pytest.mark.parametrize("name", SHARED_HEAD)
@pytest.mark.parametrize("training", [False, True])
def test_shared_head_renders_equal_the_full_render(name: str, training: bool) -> None:
    """Rendering the system turn and tool list once per tool set and the rest apart gives the full render's bytes
    (a few hundred bundled rows; ``-m slow`` checks every row); the full render equals apply_chat_template."""
    assert set(SHARED_HEAD) >= {"qwen3", "qwen3_nothink", "qwen3_instruct_2507"}
    cached, full = _forced_head_writer(name, training), ChatTemplateWriter(get_family(name), today=TODAY,
                                                                            training=training)
    full.shared_head = False
    for record in _sample(25):
        assert cached.render(record) == full.render(record), record.id
        # without its system turn: the tool list alone is the shared head
        bare = dataclasses.replace(record, messages=tuple(m for m in record.messages if m.role != "system"))
        assert cached.render(bare) == full.render(bare), record.id
    heads = [(system, text) for (system, _), (_, text) in cached._heads.items()]
    assert any(system is not None for system, _ in heads) and any(system is None and text for system, text in heads)


@pytest.mark.slow
@pytest.mark.parametrize("name", SHARED_HEAD)
def test_shared_head_equals_apply_chat_template_on_every_bundled_row(name: str) -> None:
    writer = _forced_head_writer(name)
    for record in _sample(1):
        _assert_row_matches(writer, record)


@pytest.mark.parametrize("name", ALL_TEMPLATE_FAMILIES)
def test_toolcs_template_compiler_renders_like_transformers_own(name: str) -> None:
    """compiler.families.jinja_env (built so a build never imports transformers) gives transformers' compiled
    template's text, and the same ``{% generation %}`` spans, for every registered template and training twin."""
    from transformers.utils.chat_template_utils import _compile_jinja_template, _render_with_assistant_indices

    from toolc.compiler.families.jinja_env import compile_template, render_with_generation_spans

    family = get_family(name)
    records = [r for r in (*sft_records(), *_sample(400)) if r.kind == "sft"]
    variables = family.template_variables(TODAY)
    for training in (False, True) if family.training_template else (False,):
        source = family.chat_template(training)
        ours, theirs = compile_template(source), _compile_jinja_template(source)
        for record in records:
            tools = list(record.tools) or None
            messages = reference_messages(family, record.messages, training)
            try:
                expected = _render_with_assistant_indices(theirs, messages, tools, None, False, **variables)
            except jinja2.TemplateError as exc:
                with pytest.raises(jinja2.TemplateError, match=re.escape(str(exc))):
                    render_with_generation_spans(ours, messages=messages, tools=tools, documents=None,
                                                 add_generation_prompt=False, **variables)
                continue
            got = render_with_generation_spans(ours, messages=messages, tools=tools, documents=None,
                                               add_generation_prompt=False, **variables)
            assert got[0] == expected[0]
            assert [tuple(s) for s in got[1]] == [tuple(s) for s in expected[1]]
            assert ours.render(messages=messages, tools=tools, documents=None, add_generation_prompt=True,
                               **variables) == theirs.render(messages=messages, tools=tools, documents=None,
                                                             add_generation_prompt=True, **variables)


def test_templates_run_sandboxed_as_in_transformers() -> None:
    """A template cannot reach attributes that start with ``_`` (namespace or object), and raise_exception raises."""
    from toolc.compiler.families.jinja_env import compile_template

    with pytest.raises(jinja2.exceptions.SecurityError):
        compile_template("{% set ns = namespace(_x=1) %}{{ ns._x }}").render()
    with pytest.raises(jinja2.exceptions.SecurityError):
        compile_template("{{ messages.__class__.__mro__ }}").render(messages=[])
    with pytest.raises(jinja2.TemplateError, match="no tools"):
        compile_template("{{ raise_exception('no tools') }}").render()
    assert compile_template("{{ {'a': '<b>'} | tojson }}").render() == '{"a": "<b>"}'
