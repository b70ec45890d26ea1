"""Writers stage tests: registry, per-format rows and schemas (the files they go into: tests/test_files.py)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import datasets
import pytest
from writer_fixtures import (
    GET_WEATHER,
    MALFORMED,
    SYSTEM,
    WEATHER_BJ,
    WEATHER_SH,
    ppo_records,
    records_of,
    rm_records,
    sft_records,
)

from toolc.compiler.record import Message, Provenance, Record, ToolCall
from toolc.compiler.writers import (
    FORMAT_NAMES,
    WRITERS,
    AlpacaWriter,
    OpenAIFunctionsWriter,
    OpenAIWriter,
    QwenFcWriter,
    RenderError,
    UnknownFormatError,
    get_writer,
)
from toolc.compiler.writers.base import META_COLUMNS
from toolc.errors import UsageError
from toolc.vocab import KINDS

PROV = Provenance("specs/demo.tool", 7, "demo.s", "u0.1", 42, "demo")


def record(
    kind: str = "sft", messages: tuple[Message, ...] = (), tools: tuple[dict[str, Any], ...] = (GET_WEATHER,), **kw: Any
) -> Record:
    return Record(kind=kind, id="r-1", messages=messages, tools=tools, provenance=PROV, **kw)  # type: ignore[arg-type]


# --- registry ------------------------------------------------------------------------------------------------


def test_registry_order_and_lookup() -> None:
    assert FORMAT_NAMES == ("qwen", "qwen-fc", "openai", "openai-functions", "alpaca", "qwen2.5", "llamafactory",
                            "openai-ft")
    assert list(WRITERS) == list(FORMAT_NAMES)
    for name in FORMAT_NAMES:
        assert get_writer(name) is WRITERS[name]
        assert get_writer(name).name == name


@pytest.mark.parametrize(
    ("typo", "suggestion"),
    [
        ("opneai", "openai"),
        ("qwenfc", "qwen-fc"),
        ("openai_functions", "openai-functions"),
        ("alpacca", "alpaca"),
        ("Qwen", "qwen"),
    ],
)
def test_unknown_format_did_you_mean(typo: str, suggestion: str) -> None:
    with pytest.raises(UnknownFormatError) as info:
        get_writer(typo)
    assert str(info.value) == f"unknown format `{typo}`; did you mean `{suggestion}`?"
    assert info.value.suggestion == suggestion
    assert isinstance(info.value, UsageError)


def test_unknown_format_without_close_match_lists_formats() -> None:
    with pytest.raises(UnknownFormatError, match="unknown format `xml`; expected one of: qwen, qwen-fc, openai"):
        get_writer("xml")


def test_registered_formats_match_the_compilers_list():
    from toolc.vocab import FORMATS
    from toolc.compiler.writers import FORMAT_NAMES

    assert FORMAT_NAMES == FORMATS


def test_importing_writers_does_not_import_trl_or_torch() -> None:
    """The CLI imports the registry for every build; TRL (and torch) load only when a Qwen template is used."""
    code = "import sys, compiler.writers, compiler.files; print('trl' in sys.modules, 'torch' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False", "False"]


def test_an_openai_build_imports_no_datasets_or_transformers(tmp_path: Path) -> None:
    """Start-up is part of every build: the openai writer and the files stage need pyarrow (which imports pandas
    on its first ``pyarrow.array``), not datasets (~1 s with huggingface_hub and fsspec) or transformers."""
    code = ("import sys, datetime; from toolc.compiler.build import build; "
            f"build([{str(Path(__file__).parent / 'data' / 'mini.tool')!r}], {str(tmp_path / 'o')!r}, "
            "today=datetime.date(2025, 4, 23), formats=['openai'], sft=20, rm=5, ppo=5); "
            "print(*[m in sys.modules for m in ('datasets', 'transformers', 'torch')])")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False"] * 3


# --- every writer, every kind: rows conform to the schema ----------------------------------------------------------


def _sharegpt_ok(record: Record) -> bool:
    """Whether LLaMA-Factory's sharegpt can hold the record (no text beside calls, single-message answers)."""
    from toolc.compiler.writers import LeftOut

    try:
        get_writer("llamafactory").render(record)
    except LeftOut:
        return False
    return True


def conforms(value: Any, feature: Any) -> bool:
    """Whether a Python value fits a ``datasets`` feature (strings, lists of structs, structs; None allowed)."""
    if value is None:
        return True
    if isinstance(feature, datasets.Json):
        return json.loads(json.dumps(value)) == value  # any JSON value
    if isinstance(feature, datasets.Value):
        return isinstance(value, {"string": str, "bool": bool}[feature.dtype])
    if isinstance(feature, datasets.List):
        return isinstance(value, list) and all(conforms(v, feature.feature) for v in value)
    if isinstance(feature, dict):
        return (
            isinstance(value, dict)
            and list(value) == list(feature)
            and all(conforms(value[k], feature[k]) for k in feature)
        )
    raise AssertionError(f"unexpected feature {feature!r}")


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("name", [*FORMAT_NAMES, "qwen-train", "qwen-fc-train"])
def test_features_are_the_datasets_features(name: str, kind: str) -> None:
    """The writers' features (compiler.writers.features, no datasets import) give the Arrow schema and metadata
    datasets gives for the same features, and survive datasets' round trip."""
    features = get_writer(name).features(kind)  # type: ignore[arg-type]
    theirs = features.to_datasets()
    assert list(theirs) == list(features)
    assert theirs.to_dict() == features.to_dict()
    assert features.arrow_schema.equals(theirs.arrow_schema, check_metadata=True)


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("name", FORMAT_NAMES)
def test_rows_conform_to_features(name: str, kind: str, tmp_path) -> None:
    from toolc.compiler.files import write_dataset

    writer = get_writer(name)
    features = writer.features(kind)  # type: ignore[arg-type]
    if not writer.bare:
        assert list(features)[-len(META_COLUMNS) :] == list(META_COLUMNS)
    rows = [writer.render(r) for r in records_of(kind) if name != "llamafactory" or _sharegpt_ok(r)]
    for row in rows:
        assert list(row) == list(features), "row keys must be the schema's columns, in order"
        assert conforms(row, dict(features.to_datasets())), row
    # both files take the rows under the schema, and datasets reads the Parquet file back to the same rows
    assert write_dataset(rows, features, tmp_path, "train") == len(rows)
    back = datasets.load_dataset("parquet", data_files=str(tmp_path / "train.parquet"), split="train")
    assert back.features == features.to_datasets() and back.to_list() == rows


@pytest.mark.parametrize("name", FORMAT_NAMES)
def test_kind_and_meta_columns_are_shared(name: str) -> None:
    writer = get_writer(name)
    if writer.bare:
        pytest.skip("a bare export carries only its own columns")
    assert {"perturbation"} <= set(writer.features("rm"))
    assert {"ground_truth", "expect"} <= set(writer.features("ppo"))
    row = writer.render(sft_records()[0])
    assert {k: row[k] for k in META_COLUMNS} == {
        "id": "sft-single",
        "scenario": "demo.single",
        "template": "u0.0",
        "source": "specs/weather.tool",
        "split": "train",
    }
    rm = [writer.render(r) for r in rm_records()]
    assert [r["perturbation"] for r in rm] == ["value", "format", "no_call", "order", "type", "missing"]
    ppo = {r.id: writer.render(r) for r in ppo_records()}
    # a record built without a ground truth gets its exact calls as the only acceptable values
    assert json.loads(ppo["ppo-parallel"]["ground_truth"]) == {"expect": "call", "no_call": False, "calls": [
        {"name": "get_weather", "arguments": {"city": ["北京"], "date": ["2025-04-24"]}},
        {"name": "get_weather", "arguments": {"city": ["上海"], "date": ["2025-04-24"], "unit": ["celsius"], "days": [3]}},
    ]}
    assert ppo["ppo-parallel"]["expect"] == "call"  # derived from the expected calls
    assert ppo["ppo-none"]["expect"] == "none"
    assert json.loads(ppo["ppo-none"]["ground_truth"]) == {"expect": "none", "no_call": True}
    assert ppo["ppo-clarify"]["expect"] == "clarify"


def test_unknown_kind_is_rejected() -> None:
    with pytest.raises(ValueError, match="unknown dataset kind `dpo`"):
        get_writer("openai").features("dpo")  # type: ignore[arg-type]


# --- openai --------------------------------------------------------------------------------------------------------


def msg(
    role: str, content: str | None, tool_calls: Any = None, tool_call_id: str | None = None, name: str | None = None
) -> dict[str, Any]:
    return {"role": role, "content": content, "tool_calls": tool_calls, "tool_call_id": tool_call_id, "name": name}


def test_openai_parallel_calls_ids_and_results() -> None:
    row = OpenAIWriter().render(next(r for r in sft_records() if r.id == "sft-parallel"))
    m = row["messages"]
    assert m[2] == msg(
        "assistant",
        None,
        [
            {
                "id": "call_0",
                "type": "function",
                "function": {"name": "get_weather", "arguments": {"city": "北京", "date": "2025-04-24"}},
            },
            {
                "id": "call_1",
                "type": "function",
                "function": {
                    "name": "get_weather",
                    "arguments": {"city": "上海", "date": "2025-04-24", "unit": "celsius", "days": 3},
                },
            },
        ],
    )
    assert m[3] == msg("tool", '{"condition": "晴", "temp_c": 25}', tool_call_id="call_0", name="get_weather")
    assert m[4]["tool_call_id"] == "call_1"
    assert m[5] == msg("assistant", "北京晴，25℃；上海小雨，18℃。")
    assert row["tools"] == [GET_WEATHER]


def test_openai_call_ids_count_across_conversation_and_continue_in_rm_answers() -> None:
    sft = OpenAIWriter().render(next(r for r in sft_records() if r.id == "sft-chain"))
    ids = [c["id"] for m in sft["messages"] if m["tool_calls"] for c in m["tool_calls"]]
    assert ids == ["call_0", "call_1"]
    assert [m["tool_call_id"] for m in sft["messages"] if m["role"] == "tool"] == ["call_0", "call_1"]
    rm = OpenAIWriter().render(next(r for r in rm_records() if r.perturbation == "type"))
    assert rm["chosen"][0]["tool_calls"][0]["id"] == "call_1"
    assert rm["rejected"][0]["tool_calls"][0]["id"] == "call_1"
    assert rm["rejected"][0]["tool_calls"][0]["function"]["arguments"]["party_size"] == "4"


def test_openai_raw_answer_is_text() -> None:
    rm = OpenAIWriter().render(next(r for r in rm_records() if r.perturbation == "format"))
    assert rm["rejected"] == [msg("assistant", MALFORMED)]


@pytest.mark.parametrize("writer", [OpenAIWriter(), OpenAIFunctionsWriter()], ids=lambda w: w.name)
def test_tool_result_must_answer_a_pending_call(writer: Any) -> None:
    orphan = record(messages=(Message("user", "hi"), Message("tool", "{}", name="get_weather")))
    with pytest.raises(RenderError, match="record `r-1`: tool result .* answers no pending tool call"):
        writer.render(orphan)
    wrong = record(
        messages=(
            Message("user", "hi"),
            Message("assistant", tool_calls=(WEATHER_BJ,)),
            Message("tool", "{}", name="book_table"),
        )
    )
    with pytest.raises(RenderError, match="tool result for `book_table` where the result of `get_weather`"):
        writer.render(wrong)


# --- openai-functions ----------------------------------------------------------------------------------------------


def test_openai_functions_splits_parallel_calls_into_pairs() -> None:
    row = OpenAIFunctionsWriter().render(next(r for r in sft_records() if r.id == "sft-parallel"))
    shape = [(m["role"], (m["function_call"] or {}).get("name") or m["name"]) for m in row["messages"]]
    assert shape == [
        ("system", None),
        ("user", None),
        ("assistant", "get_weather"),
        ("function", "get_weather"),
        ("assistant", "get_weather"),
        ("function", "get_weather"),
        ("assistant", None),
    ]
    calls = [json.loads(m["function_call"]["arguments"])["city"] for m in row["messages"] if m["function_call"]]
    results = [json.loads(m["content"])["temp_c"] for m in row["messages"] if m["role"] == "function"]
    assert calls == ["北京", "上海"] and results == [25, 18]
    assert row["messages"][2]["content"] is None
    assert json.loads(row["functions"]) == [GET_WEATHER["function"]]


def test_openai_functions_parallel_answer_is_consecutive_calls() -> None:
    row = OpenAIFunctionsWriter().render(next(r for r in rm_records() if r.perturbation == "order"))
    assert [json.loads(m["function_call"]["arguments"])["city"] for m in row["chosen"]] == ["北京", "上海"]
    assert [json.loads(m["function_call"]["arguments"])["city"] for m in row["rejected"]] == ["上海", "北京"]


# --- qwen-fc -------------------------------------------------------------------------------------------------------


def test_qwen_fc_without_tools_is_exactly_seed_000() -> None:
    seed = (
        "<|im_start|>system\n你是一个可以调用工具的智能助手<|im_end|>\n"
        "<|im_start|>user\n查一下广州天气<|im_end|>\n"
        '<|im_start|>assistant\n<function_call>{"name": "get_weather", "arguments": {"city": "广州"}}'
        "</function_call><|im_end|>"
    )
    rec = record(
        messages=(
            Message("system", SYSTEM),
            Message("user", "查一下广州天气"),
            Message("assistant", tool_calls=(ToolCall("get_weather", {"city": "广州"}),)),
        ),
        tools=(),
    )
    assert QwenFcWriter().render(rec)["input"] == seed


def test_qwen_fc_tools_results_and_parallel_calls() -> None:
    row = QwenFcWriter().render(next(r for r in sft_records() if r.id == "sft-parallel"))
    text = row["input"]
    tool_json = json.dumps(GET_WEATHER["function"], ensure_ascii=False)
    assert text.startswith(f"<|im_start|>system\n{SYSTEM}\n\n# Tools\n{tool_json}<|im_end|>\n")
    assert (
        "<|im_start|>assistant\n"
        '<function_call>{"name": "get_weather", "arguments": {"city": "北京", "date": "2025-04-24"}}</function_call>\n'
        '<function_call>{"name": "get_weather", "arguments": {"city": "上海", "date": "2025-04-24", '
        '"unit": "celsius", "days": 3}}</function_call><|im_end|>\n'
        '<|im_start|>function\n{"condition": "晴", "temp_c": 25}<|im_end|>\n<|im_start|>function\n'
    ) in text
    assert not text.endswith("\n")
    no_system = QwenFcWriter().render(next(r for r in sft_records() if r.id == "sft-smalltalk"))["input"]
    assert no_system.startswith("<|im_start|>system\n# Tools\n{")


@pytest.mark.parametrize("rm", rm_records(), ids=lambda r: r.id)
def test_qwen_fc_rm_prompt_plus_answer_is_the_sft_text(rm: Record) -> None:
    writer = QwenFcWriter()
    row = writer.render(rm)
    for answer in ("chosen", "rejected"):
        sft = record(messages=rm.messages + getattr(rm, answer), tools=rm.tools)
        assert row["prompt"] + row[answer] == writer.render(sft)["input"]
    assert row["prompt"].endswith("<|im_start|>assistant\n")


# --- alpaca --------------------------------------------------------------------------------------------------------


SEED_004_CALL = ToolCall("queryWeather", {"location": "北京", "date": "2025-04-24"})


def test_alpaca_matches_seed_004_shapes() -> None:
    prompt = (Message("user", "帮我查一下明天北京的天气"),)
    answer = (Message("assistant", tool_calls=(SEED_004_CALL,)),)
    sft = AlpacaWriter().render(record(messages=prompt + answer, tools=()))
    assert {k: sft[k] for k in ("instruction", "input", "output")} == {
        "instruction": "帮我查一下明天北京的天气",
        "input": "",
        "output": '{"tool_call": {"tool_name": "queryWeather", '
        '"parameters": {"location": "北京", "date": "2025-04-24"}}}',
    }
    rejected = ToolCall("queryWeather", {"location": "上海", "date": "2025-04-24"})
    rm = AlpacaWriter().render(
        record(
            "rm",
            prompt,
            tools=(),
            chosen=answer,
            rejected=(Message("assistant", tool_calls=(rejected,)),),
            perturbation="value",
        )
    )
    assert (rm["prompt"], rm["chosen"], rm["rejected"]) == (
        "帮我查一下明天北京的天气",
        "queryWeather(location=北京, date=2025-04-24)",
        "queryWeather(location=上海, date=2025-04-24)",
    )
    ppo = AlpacaWriter().render(record("ppo", prompt, tools=(), expected=(SEED_004_CALL,), expect="call"))
    assert ppo["prompt"] == "帮我查一下明天北京的天气"
    assert ppo["response"] == "queryWeather(location=北京, date=2025-04-24)"


def test_alpaca_multi_step_targets_last_call_with_steps_in_input() -> None:
    row = AlpacaWriter().render(next(r for r in sft_records() if r.id == "sft-chain"))
    assert row["instruction"].startswith("在上海找一家")
    assert json.loads(row["output"])["tool_call"]["tool_name"] == "book_table"
    sections = row["input"].split("\n\n")
    assert [s.split("\n")[0] for s in sections] == ["Tools:", "Conversation:", "Steps:"]
    assert sections[1] == f"Conversation:\nsystem: {SYSTEM}"
    steps = sections[2].split("\n")
    assert json.loads(steps[1].removeprefix("assistant: "))["tool_call"]["tool_name"] == "search_restaurants"
    assert steps[2].startswith("tool (search_restaurants): [{")


def test_alpaca_clarification_parallel_and_smalltalk() -> None:
    by_id = {r.id: AlpacaWriter().render(r) for r in sft_records()}
    clarify = by_id["sft-clarify"]
    assert clarify["instruction"] == "杭州"
    assert clarify["input"].endswith(
        "Conversation:\nsystem: 你是一个可以调用工具的智能助手\nuser: 帮我查一下天气\nassistant: 请问您想查询哪个城市？"
    )
    expected_output = {"tool_call": {"tool_name": "get_weather", "parameters": {"city": "杭州"}}}
    assert json.loads(clarify["output"]) == expected_output
    parallel = json.loads(by_id["sft-parallel"]["output"])
    assert [c["parameters"]["city"] for c in parallel["tool_calls"]] == ["北京", "上海"]
    assert by_id["sft-smalltalk"]["output"] == "你好！我是可以调用工具的助手，有什么可以帮您？"


def test_alpaca_call_style_values() -> None:
    arguments = {"s": "上海", "n": 4, "x": 4.5, "b": True, "z": None, "o": {"open_now": False}, "l": ["川菜", 2]}
    call = ToolCall("f", arguments)
    ppo = AlpacaWriter().render(record("ppo", (Message("user", "q"),), tools=(), expected=(call, WEATHER_SH)))
    assert ppo["response"] == (
        'f(s=上海, n=4, x=4.5, b=true, z=null, o={"open_now": false}, l=["川菜", 2]); '
        "get_weather(city=上海, date=2025-04-24, unit=celsius, days=3)"
    )


def test_alpaca_sft_without_assistant_turn_is_an_error() -> None:
    with pytest.raises(RenderError, match="without an assistant turn"):
        AlpacaWriter().render(record(messages=(Message("user", "hi"),)))



def test_shared_tool_json_is_json_dumps_of_the_tools_whatever_was_cached_before() -> None:
    """The tools' JSON texts made once a build (compiler.record.shared_json) are `json.dumps(..., ensure_ascii=False)`
    of what is offered: a list of tools joined from them, the `functions` column and the function lines of
    plain-text formats, also for a tool whose identity a previous, collected definition had."""
    from toolc.compiler.record import dumps, json_list, shared_json
    from toolc.compiler.writers.base import function_lines, functions_of
    from toolc.compiler.writers.base import functions_json

    for round_ in range(3):
        tools = tuple({"type": "function", "function": {"name": f"t{i}_{round_}", "description": "città «x»",
                                                         "parameters": {"type": "object", "properties": {
                                                             "n": {"type": "integer", "minimum": round_}}}}}
                      for i in range(3))
        assert json_list([shared_json(t) for t in tools]) == json.dumps(list(tools), ensure_ascii=False) \
            == dumps(list(tools))
        assert functions_json(tools) == json.dumps(functions_of(tools), ensure_ascii=False)
        assert function_lines(tools) == "\n".join(json.dumps(t["function"], ensure_ascii=False) for t in tools)
        assert function_lines(tools[:1]) == json.dumps(tools[0]["function"], ensure_ascii=False)
        del tools
    assert function_lines(()) == "" and functions_json(()) == "[]"
