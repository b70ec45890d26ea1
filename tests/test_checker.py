"""Tests of compiler.checker: parsing, BFCL-style call checking, JSON Schema validation, scores and rewards."""

from __future__ import annotations

import json

import pytest

from toolc.compiler.checker import (
    GoldCall,
    Scoreboard,
    check_call,
    check_calls,
    gold_from_call,
    normalize_string,
    parse_completion,
    parse_tool_calls,
    reward_components,
    score_turn,
    tool_call_reward,
    tool_call_reward_func,
    validate_call,
)
from toolc.compiler.checker.match import max_weight_assignment
from toolc.compiler.checker.validate import compile_validator
from toolc.compiler.record import ToolCall


def _tool(name: str, props: dict, required: list[str] | None = None) -> dict:
    return {
        "type": "function",
        "function": {
            "name": name,
            "description": f"{name} tool",
            "parameters": {"type": "object", "properties": props, "required": required or []},
        },
    }


WEATHER = _tool(
    "get_weather",
    {
        "city": {"type": "string", "description": "city"},
        "date": {"type": "string", "format": "date"},
        "unit": {"type": "string", "enum": ["celsius", "fahrenheit"], "default": "celsius"},
        "days": {"type": "integer", "minimum": 1, "maximum": 7},
        "when": {"type": "string", "format": "date-time"},
    },
    ["city"],
)
HOTEL = _tool(
    "find_hotel",
    {
        "city": {"type": "string"},
        "max_price": {"type": "number"},
        "stars": {"type": "integer"},
        "pets": {"type": "boolean"},
        "tags": {"type": "array", "items": {"type": "string"}},
        "filter": {
            "type": "object",
            "properties": {"min_rating": {"type": "number"}, "open_now": {"type": "boolean"}},
        },
    },
    ["city"],
)
TOOLS = [WEATHER, HOTEL]


def _call(name: str, **args) -> ToolCall:
    return ToolCall(name, args)


def _qwen(*calls: ToolCall, text: str = "") -> str:
    blocks = "\n".join(f"<tool_call>\n{json.dumps(c.to_json(), ensure_ascii=False)}\n</tool_call>" for c in calls)
    return text + blocks + "<|im_end|>"


# --------------------------------------------------------------------------- parsing


def test_parse_qwen_blocks_parallel_and_eos():
    a, b = _call("get_weather", city="广州"), _call("get_weather", city="Paris", days=2)
    turn = parse_tool_calls(_qwen(a, b))
    assert turn.format_ok and turn.error is None
    assert turn.calls == [a, b]
    assert turn.content == ""


def test_parse_seed000_function_call_and_text_outside():
    text = '好的。<function_call>{"name": "get_weather", "arguments": {"city": "广州"}}</function_call><|im_end|>'
    turn = parse_tool_calls(text)
    assert turn.format_ok
    assert turn.calls == [_call("get_weather", city="广州")]
    assert turn.content == "好的。"


def test_parse_think_block_and_string_arguments():
    body = json.dumps({"name": "get_weather", "arguments": json.dumps({"city": "Oslo"})})
    text = f"<think>\nuser wants weather\n</think>\n\n<tool_call>\n{body}\n</tool_call>"
    turn = parse_tool_calls(text)
    assert turn.format_ok
    assert turn.reasoning == "user wants weather"
    assert turn.calls == [_call("get_weather", city="Oslo")]
    # reasoning whose <think> opener was in the prompt (Qwen3 template)
    turn = parse_tool_calls("thinking...</think>\n\nHello!")
    assert turn.format_ok and turn.content == "Hello!" and turn.reasoning == "thinking..."


def test_parse_text_is_stopped_at_first_im_end():
    turn = parse_tool_calls("Hi there<|im_end|>\n<|im_start|>user\n<tool_call>")
    assert turn.format_ok and turn.content == "Hi there" and turn.calls == []


@pytest.mark.parametrize(
    "text, fragment",
    [
        ('<tool_call>\n{"name": "get_weather", "arguments": {"city": "Paris"}\n</tool_call>', "invalid JSON"),
        ("<tool_call>\n{'name': 'get_weather', 'arguments': {}}\n</tool_call>", "invalid JSON"),
        ('<tool_call>\n{"name": "get_weather", "arguments": {"city": "Paris"}}', "unbalanced <tool_call>"),
        ('{"name": "x", "arguments": {}}</tool_call>', "unbalanced </tool_call>"),
        ('<tool_call>\n{"arguments": {}}\n</tool_call>', "no tool name"),
        ('<tool_call>\n{"name": "f", "arguments": [1]}\n</tool_call>', "must be a JSON object"),
        ('<tool_call>\n{"name": "f", "arguments": {"x": NaN}}\n</tool_call>', "invalid JSON"),
        ('<tool_call>\n["f"]\n</tool_call>', "not a JSON object"),
        ("<think>never closed", "unclosed <think>"),
    ],
)
def test_parse_malformed_is_format_failure(text, fragment):
    turn = parse_tool_calls(text)
    assert not turn.format_ok
    assert fragment in turn.error


def test_parse_keeps_good_calls_of_a_partly_malformed_turn():
    good = _call("get_weather", city="Rome")
    turn = parse_tool_calls(_qwen(good).removesuffix("<|im_end|>") + "\n<tool_call>\n{oops}\n</tool_call>")
    assert not turn.format_ok and turn.calls == [good]


def test_parse_openai_message_and_trl_conversational_completion():
    msg = {
        "role": "assistant",
        "content": None,
        "tool_calls": [
            {"id": "call_0", "type": "function", "function": {"name": "get_weather", "arguments": '{"city": "Lima"}'}}
        ],
    }
    assert parse_completion(msg).calls == [_call("get_weather", city="Lima")]
    turn = parse_completion([{"role": "assistant", "content": _qwen(_call("get_weather", city="Kyiv"))}])
    assert turn.format_ok and turn.calls == [_call("get_weather", city="Kyiv")]
    bad = {"role": "assistant", "content": "", "tool_calls": [{"function": {"name": "f", "arguments": "{bad"}}]}
    assert not parse_completion(bad).format_ok


# --------------------------------------------------------------------------- gold from toolc calls


def test_gold_from_call_defaults_and_omission():
    gold = gold_from_call(_call("get_weather", city="Paris", days=3), WEATHER)
    assert gold.arguments == {
        "city": ["Paris"],
        "days": [3],
        "date": [""],
        "unit": ["", "celsius"],
        "when": [""],
    }
    assert check_call(_call("get_weather", city="Paris", days=3), gold, WEATHER).ok
    assert check_call(_call("get_weather", city="Paris", days=3, unit="celsius"), gold, WEATHER).ok  # the default
    v = check_call(_call("get_weather", city="Paris", days=3, unit="fahrenheit"), gold, WEATHER)
    assert v.code == "wrong_value"
    v = check_call(_call("get_weather", city="Paris", days=3, date="2024-01-01"), gold, WEATHER)
    assert v.code == "wrong_value"  # optional left out by the gold: anything but omission is wrong
    # an argument given with its default value may also be omitted
    gold = gold_from_call(_call("get_weather", city="Paris", unit="celsius"), WEATHER)
    assert check_call(_call("get_weather", city="Paris"), gold, WEATHER).ok


def test_gold_from_call_object_argument_becomes_pattern():
    call = _call("find_hotel", city="Nice", filter={"min_rating": 4.5})
    gold = gold_from_call(call, HOTEL)
    assert gold.arguments["filter"] == [{"min_rating": [4.5], "open_now": [""]}]
    assert check_call(call, gold, HOTEL).ok
    assert check_call(_call("find_hotel", city="Nice", filter={"min_rating": 4}), gold, HOTEL).code == "wrong_value"
    extra = _call("find_hotel", city="Nice", filter={"min_rating": 4.5, "open_now": True})
    assert check_call(extra, gold, HOTEL).code == "wrong_value"
    # inner values: type-aware equality by default, Python == (1 == True) in BFCL mode
    gold = gold_from_call(extra, HOTEL)
    as_int = _call("find_hotel", city="Nice", filter={"min_rating": 4.5, "open_now": 1})
    assert check_call(as_int, gold, HOTEL).code == "wrong_value"
    assert check_call(as_int, gold, HOTEL, bfcl=True).ok
    assert check_call(_call("find_hotel", city="Nice", filter={"min_rating": 4.5, "open_now": True}), gold, HOTEL).ok


# --------------------------------------------------------------------------- single-call verdicts


@pytest.fixture
def hotel_gold() -> GoldCall:
    acceptable = {
        "city": ["Nice"],
        "max_price": [200.0],
        "stars": ["", 4],
        "pets": ["", False],
        "tags": [""],
        "filter": [""],
    }
    return GoldCall("find_hotel", acceptable)


@pytest.mark.parametrize("bfcl", [False, True])
def test_check_call_verdicts(hotel_gold, bfcl):
    def verdict(name="find_hotel", **args):
        return check_call(ToolCall(name, args), hotel_gold, HOTEL, bfcl=bfcl)

    assert verdict(city="Nice", max_price=200.0).ok
    assert verdict(name="get_weather", city="Nice", max_price=200.0).code == "wrong_name"
    assert verdict(name="Find_Hotel", city="Nice", max_price=200.0).code == "wrong_name"  # case matters
    assert verdict(max_price=200.0).code == "missing_required"
    assert verdict(City="Nice", max_price=200.0).code == "missing_required"  # exact key
    assert verdict(city="Nice", max_price=200.0, rooms=2).code == "unexpected_param"
    assert verdict(city="Nice").code == "missing_optional"  # max_price not required, but the gold lacks ""
    assert verdict(city="Nice", max_price=200).ok  # int -> float promotion
    assert verdict(city="Nice", max_price=200.0000001).code == "wrong_value"  # no float tolerance
    assert verdict(city="Nice", max_price="200").code == "wrong_type"
    assert verdict(city="Nice", max_price=200.0, stars=4).ok
    assert verdict(city="Nice", max_price=200.0, stars=4.0).code == "wrong_type"  # no float -> int
    assert verdict(city="Nice", max_price=200.0, stars="4").code == "wrong_type"
    assert verdict(city="Nice", max_price=200.0, stars=True).code == "wrong_type"  # bool is not int
    assert verdict(city="Nice", max_price=200.0, pets=0).code == "wrong_type"  # int is not bool
    assert verdict(city="Nice", max_price=200.0, pets=False).ok
    assert verdict(city="  n-i.c_e ", max_price=200.0).ok  # string normalisation
    assert verdict(city="Nice!", max_price=200.0).code == "wrong_value"


@pytest.mark.parametrize("bfcl", [False, True])
def test_string_normalisation_rules(bfcl):
    assert normalize_string("Jan 28, 2021") == normalize_string("Jan.28,2021")
    assert normalize_string("2021/01/28") == normalize_string("2021-01-28") == "20210128"
    tool = _tool("f", {"d": {"type": "string"}}, ["d"])
    gold = GoldCall("f", {"d": ["2021-01-28"]})
    assert check_call(_call("f", d="2021/01/28"), gold, tool, bfcl=bfcl).ok
    assert not check_call(_call("f", d="20210128!"), gold, tool, bfcl=bfcl).ok
    assert check_call(_call("f", d="it's"), GoldCall("f", {"d": ['it"s']}), tool, bfcl=bfcl).ok


def test_enum_and_format_strings_are_exact_in_default_mode_only():
    gold = GoldCall("get_weather", {"city": ["Paris"], "unit": ["celsius"], "date": [""], "days": [""], "when": [""]})
    pred = _call("get_weather", city="paris", unit="Celsius")
    assert check_call(pred, gold, WEATHER, bfcl=True).ok
    assert check_call(pred, gold, WEATHER).code == "wrong_value"
    assert check_call(_call("get_weather", city="PARIS", unit="celsius"), gold, WEATHER).ok


@pytest.mark.parametrize("bfcl", [False, True])
def test_must_omit_and_optional_marker(bfcl):
    tool = _tool("f", {"a": {"type": "string"}, "n": {"type": "integer"}})
    gold = GoldCall("f", {"a": [""], "n": [""]})
    assert check_call(_call("f"), gold, tool, bfcl=bfcl).ok
    assert check_call(_call("f", a=" - "), gold, tool, bfcl=bfcl).ok  # normalises to ""
    assert check_call(_call("f", a="x"), gold, tool, bfcl=bfcl).code == "wrong_value"
    assert check_call(_call("f", n=5), gold, tool, bfcl=bfcl).code in ("wrong_type", "wrong_value")


def test_empty_array_for_omittable_array_is_a_bfcl_quirk():
    tool = _tool("f", {"xs": {"type": "array", "items": {"type": "string"}}})
    gold = GoldCall("f", {"xs": ["", ["a"]]})
    assert check_call(_call("f", xs=[]), gold, tool, bfcl=True).ok
    assert check_call(_call("f", xs=[]), gold, tool).code == "wrong_value"
    assert check_call(_call("f", xs=["A"]), gold, tool).ok
    assert check_call(_call("f", xs=[]), GoldCall("f", {"xs": [[], ""]}), tool).ok


def test_element_type_quirk_depends_on_gold_order_in_bfcl_mode():
    tool = _tool("f", {"xs": {"type": "array", "items": {"type": "float"}}}, ["xs"])
    strict, loose = GoldCall("f", {"xs": [[1.0, 2.0]]}), GoldCall("f", {"xs": ["", [1.0, 2.0]]})
    ints = _call("f", xs=[1, 2])
    assert check_call(ints, strict, tool, bfcl=True).code == "wrong_type"
    assert check_call(ints, loose, tool, bfcl=True).ok
    assert check_call(ints, strict, tool).ok and check_call(ints, loose, tool).ok  # promotion on elements
    assert check_call(_call("f", xs=[True, 2.0]), strict, tool).code == "wrong_type"
    assert check_call(_call("f", xs=[2.0, 1.0]), strict, tool).code == "wrong_value"  # order matters


@pytest.mark.parametrize("bfcl", [False, True])
def test_variable_escape_hatch(bfcl):
    tool = _tool("f", {"n": {"type": "integer"}}, ["n"])
    gold = GoldCall("f", {"n": ["num"]})
    assert check_call(_call("f", n="num"), gold, tool, bfcl=bfcl).ok
    assert not check_call(_call("f", n="NUM"), gold, tool, bfcl=bfcl).ok  # exact, no normalisation
    assert not check_call(_call("f", n=3), gold, tool, bfcl=bfcl).ok


def test_variable_escape_hatch_is_per_value_in_default_mode():
    tool = _tool("f", {"s": {"type": "string"}}, ["s"])
    gold = GoldCall("f", {"s": [True, "Wembley"]})
    assert check_call(_call("f", s="wembley"), gold, tool).ok
    assert check_call(_call("f", s="wembley"), gold, tool, bfcl=True).code == "wrong_value"
    assert check_call(_call("f", s=True), gold, tool, bfcl=True).ok and check_call(_call("f", s=True), gold, tool).ok


@pytest.mark.parametrize("bfcl", [False, True])
def test_dict_and_array_of_dict_patterns(bfcl):
    tool = _tool(
        "q",
        {
            "where": {"type": "dict", "properties": {"field": {"type": "string"}, "op": {"type": "string"}}},
            "conds": {"type": "array", "items": {"type": "dict"}},
        },
        ["where"],
    )
    gold = GoldCall(
        "q",
        {
            "where": [{"field": ["age"], "op": [">", "gt"], "limit": ["", 10]}],
            "conds": ["", [{"k": ["a"]}, {"k": ["b"]}]],
        },
    )
    assert check_call(_call("q", where={"field": "Age", "op": "gt"}), gold, tool, bfcl=bfcl).ok
    assert check_call(_call("q", where={"field": "age", "op": ">", "limit": 10}), gold, tool, bfcl=bfcl).ok
    assert check_call(_call("q", where={"field": "age"}), gold, tool, bfcl=bfcl).code == "wrong_value"
    extra_key = _call("q", where={"field": "age", "op": ">", "x": 1})
    assert check_call(extra_key, gold, tool, bfcl=bfcl).code == "wrong_value"
    ok = _call("q", where={"field": "age", "op": ">"}, conds=[{"k": "a"}, {"k": "b"}])
    assert check_call(ok, gold, tool, bfcl=bfcl).ok
    swapped = _call("q", where={"field": "age", "op": ">"}, conds=[{"k": "b"}, {"k": "a"}])
    assert check_call(swapped, gold, tool, bfcl=bfcl).code == "wrong_value"  # same position


# --------------------------------------------------------------------------- whole turns


def test_reordered_parallel_calls_are_accepted_and_counts_must_match():
    a, b = _call("get_weather", city="Paris"), _call("find_hotel", city="Paris", stars=4)
    gold = [gold_from_call(a, WEATHER), gold_from_call(b, HOTEL)]
    for bfcl in (False, True):
        assert check_calls([a, b], gold, TOOLS, bfcl=bfcl).ok
        assert check_calls([b, a], gold, TOOLS, bfcl=bfcl).ok
        assert check_calls([a], gold, TOOLS, bfcl=bfcl).code == "wrong_count"
        assert check_calls([a, b, a], gold, TOOLS, bfcl=bfcl).code == "wrong_count"
        wrong = _call("find_hotel", city="Paris", stars=5)
        assert check_calls([wrong, a], gold, TOOLS, bfcl=bfcl).code == "wrong_value"
    assert check_calls([], [], TOOLS).ok


def test_greedy_versus_optimal_parallel_matching():
    # CHECKER_NOTES.md section 1: GT A in {x, y}, B in {x}; model [x, y] fails greedily, [y, x] passes.
    tool = _tool("f", {"v": {"type": "string"}}, ["v"])
    gold = [GoldCall("f", {"v": ["x", "y"]}), GoldCall("f", {"v": ["x"]})]
    xy, yx = [_call("f", v="x"), _call("f", v="y")], [_call("f", v="y"), _call("f", v="x")]
    assert check_calls(xy, gold, [tool], bfcl=True).code == "no_match"
    assert check_calls(yx, gold, [tool], bfcl=True).ok
    assert check_calls(xy, gold, [tool]).ok and check_calls(yx, gold, [tool]).ok


def test_max_weight_assignment_is_optimal():
    w = [[3.0, 2.0, 0.0], [3.0, 0.0, 0.0], [0.0, 0.0, 1.0]]
    assert max_weight_assignment(w) == [(0, 1), (1, 0), (2, 2)]
    assert max_weight_assignment([[0.0, 5.0]]) == [(0, 1)]
    assert max_weight_assignment([[0.0], [0.0]]) == []


# --------------------------------------------------------------------------- JSON Schema validation


def test_validate_call_catches_schema_errors():
    good = _call("get_weather", city="Paris", date="2024-02-29", days=7, when="2024-05-01T08:30:00")
    assert validate_call(good, WEATHER) == []
    assert validate_call(_call("get_weather", city="Paris", when="2024-05-01T08:30:00+02:00"), WEATHER) == []
    cases = {
        "type": (_call("get_weather", city=3), "$.city: 3 is not of type 'string'"),
        "enum": (_call("get_weather", city="P", unit="kelvin"), "$.unit: 'kelvin' is not one of"),
        "range": (_call("get_weather", city="P", days=9), "$.days: 9 is greater than the maximum of 7"),
        "bool": (_call("get_weather", city="P", days=True), "$.days: True is not of type 'integer'"),
        "date": (_call("get_weather", city="P", date="2024/01/02"), "$.date: '2024/01/02' is not a 'date'"),
        "bad day": (_call("get_weather", city="P", date="2023-02-29"), "is not a 'date'"),
        "date-time": (_call("get_weather", city="P", when="2024-05-01 8:30"), "is not a 'date-time'"),
        "required": (_call("get_weather", days=2), "$: 'city' is a required property"),
        "unknown": (_call("get_weather", city="P", town="Q"), "Additional properties are not allowed ('town'"),
        "name": (_call("get_wether", city="P"), "call names 'get_wether'"),
    }
    for label, (call, fragment) in cases.items():
        errors = validate_call(call, WEATHER)
        assert any(fragment in e for e in errors), (label, errors)
    assert validate_call(_call("find_hotel", city="N", filter={"min_rating": 4, "x": 1}), HOTEL) == [
        "$.filter: Additional properties are not allowed ('x' was unexpected)"
    ]


def test_validate_call_converts_bfcl_types_and_caches():
    tool = {
        "type": "function",
        "function": {
            "name": "m.f",
            "parameters": {
                "type": "dict",
                "properties": {
                    "x": {"type": "float"},
                    "pt": {"type": "tuple", "items": {"type": "float"}},
                    "o": {"type": "dict"},
                },
                "required": ["x"],
            },
        },
    }
    assert validate_call(_call("m.f", x=1, pt=[1.5, 2], o={"a": 1}), tool) == []
    assert validate_call(_call("m.f", x="1"), tool) == ["$.x: '1' is not of type 'number'"]
    assert compile_validator(tool) is compile_validator(json.loads(json.dumps(tool)))  # cached by content


def _full_validation(call: ToolCall, tool: dict) -> list[str]:
    """validate_call's answer computed by jsonschema alone (no property-wise shortcut)."""
    validator = compile_validator(tool)
    errors = [] if call.name == tool["function"]["name"] else [
        f"$: call names {call.name!r} but the tool is {tool['function']['name']!r}"]
    return errors + sorted(f"{e.json_path}: {e.message}" for e in validator.iter_errors(call.arguments))


def test_property_wise_validation_agrees_with_jsonschema():
    """validate_call decides valid calls property by property with memoised verdicts; every answer, valid or
    not, repeated or not, must be the one jsonschema gives for the whole arguments object."""
    import random

    from toolc.compiler.checker.validate import _PropertyCheck

    tool = _tool("t", {
        "city": {"type": "string", "minLength": 2},
        "date": {"type": "string", "format": "date"},
        "when": {"type": "string", "format": "date-time"},
        "unit": {"type": "string", "enum": ["c", "f"]},
        "days": {"type": "integer", "minimum": 1, "maximum": 7},
        "tags": {"type": "array", "items": {"type": "string"}},
        "filter": {"type": "object", "properties": {"min": {"type": "number"}}},
    }, ["city"])
    assert _PropertyCheck.of(compile_validator(tool)) is not None
    values = ["Paris", "P", "2025-04-24", "2025-02-30", "2025-04-24T10:00:00", "c", "x", 0, 3, 3.0, 8, True,
              None, ["a"], [1], [], {"min": 1}, {"min": "1"}, {"other": 1}, {}]
    rng = random.Random(7)
    for _ in range(3000):
        names = rng.sample(["city", "date", "when", "unit", "days", "tags", "filter", "extra"], rng.randrange(5))
        args = {n: rng.choice(values) for n in names}
        call = ToolCall(rng.choice(["t", "t", "t", "other"]), args)
        assert validate_call(call, tool) == _full_validation(call, tool), args


def test_property_wise_validation_is_only_used_where_it_is_exact():
    """Schemas with references, pattern properties or open objects are validated whole."""
    from toolc.compiler.checker.validate import _PropertyCheck

    def check_of(parameters: dict):
        return _PropertyCheck.of(compile_validator({"type": "function", "function": {"name": "f",
                                                                                       "parameters": parameters}}))

    assert check_of({"type": "object", "properties": {"a": {"type": "string"}}}) is not None  # closed by toolc
    assert check_of({"type": "object", "properties": {"a": {"$ref": "#/$defs/x"}},
                     "$defs": {"x": {"type": "string"}}}) is None
    assert check_of({"type": "object", "properties": {"a": {"type": "string"}},
                     "patternProperties": {"^b": {"type": "integer"}}}) is None
    assert check_of({"type": "object", "properties": {"a": {"type": "string"}}, "additionalProperties": True}) is None
    assert check_of({"type": "object", "properties": {"a": {"type": "string"}}, "minProperties": 1}) is None


# --------------------------------------------------------------------------- scores


def test_score_turn_call_none_clarify():
    a, b = _call("get_weather", city="Paris", days=3), _call("find_hotel", city="Paris")
    gold = [gold_from_call(a, WEATHER), gold_from_call(b, HOTEL)]
    s = score_turn(parse_tool_calls(_qwen(b, a)), gold, TOOLS, "call")
    assert s.exact and s.tool_correct and s.format_ok and (s.arg_tp, s.arg_fp, s.arg_fn) == (3, 0, 0)
    text = _qwen(_call("get_weather", city="Paris", days=4), _call("find_hotel", city="Paris", rooms=1))
    s = score_turn(parse_tool_calls(text), gold, TOOLS, "call")
    assert not s.exact and s.tool_correct and (s.arg_tp, s.arg_fp, s.arg_fn) == (2, 2, 1)
    s = score_turn(parse_tool_calls(_qwen(_call("get_time"))), [], TOOLS, "none")  # a call on a smalltalk turn
    assert s.irrelevance_ok is False and not s.correct and s.verdict.code == "spurious_call"
    s = score_turn(parse_tool_calls("Hello! How can I help?"), [], TOOLS, "none")
    assert s.irrelevance_ok and s.correct
    s = score_turn(parse_tool_calls("<tool_call>\n{bad\n</tool_call>"), [], TOOLS, "none")
    assert s.irrelevance_ok is False and not s.format_ok
    assert score_turn(parse_tool_calls("Which city?"), [], TOOLS, "clarify").clarify_ok
    assert not score_turn(parse_tool_calls(""), [], TOOLS, "clarify").clarify_ok
    assert not score_turn(parse_tool_calls(_qwen(a)), [], TOOLS, "clarify").clarify_ok
    with pytest.raises(ValueError):
        score_turn(parse_tool_calls(""), [], TOOLS, "maybe")  # type: ignore[arg-type]


def test_scoreboard_summary():
    a = _call("get_weather", city="Paris")
    gold = [gold_from_call(a, WEATHER)]
    board = Scoreboard()
    board.add(score_turn(parse_tool_calls(_qwen(a)), gold, TOOLS, "call"), scenario="w", chain="c1")
    board.add(score_turn(parse_tool_calls("Sunny."), [], TOOLS, "none"), scenario="w", chain="c1")
    rome = _qwen(_call("get_weather", city="Rome"))
    board.add(score_turn(parse_tool_calls(rome), gold, TOOLS, "call"), scenario="w", chain="c2")
    board.add(score_turn(parse_tool_calls(_qwen(_call("find_hotel", city="Paris"))), gold, TOOLS, "call"), scenario="h")
    board.add(score_turn(parse_tool_calls("<tool_call>{"), gold, TOOLS, "call"), scenario="h")
    board.add(score_turn(parse_tool_calls("Which city?"), [], TOOLS, "clarify"), scenario="h")
    s = board.summary()
    assert s["n_turns"] == 6 and s["n_call_turns"] == 4 and s["n_chains"] == 5
    assert s["format_validity"] == pytest.approx(5 / 6)
    assert s["tool_accuracy"] == pytest.approx(2 / 4)
    assert s["exact_match"] == pytest.approx(1 / 4)
    assert s["partial_match"] == 0.0
    assert s["arg_precision"] == pytest.approx(1 / 3)  # tp: Paris; fp: Rome, hotel's city
    assert s["arg_recall"] == pytest.approx(1 / 4)  # fn: Rome turn, hotel turn, malformed turn
    assert s["arg_f1"] == pytest.approx(2 * (1 / 3) * (1 / 4) / (1 / 3 + 1 / 4))
    assert s["chain_success"] == pytest.approx(2 / 5)  # c1 and the clarify turn
    assert s["irrelevance_accuracy"] == 1.0 and s["clarification_accuracy"] == 1.0
    assert s["turn_accuracy"] == pytest.approx(3 / 6)
    assert s["per_tool"] == {"get_weather": {"calls": 4, "call_accuracy": 0.25, "turns": 4, "exact_match": 0.25}}
    assert list(s["per_scenario"]) == ["h", "w"] and s["per_scenario"]["w"]["exact_match"] == 0.5
    assert Scoreboard().summary()["exact_match"] is None


# --------------------------------------------------------------------------- rewards


def test_reward_components_ordering():
    gold = [{"name": "get_weather", "arguments": {"city": "Paris", "days": 3}}]
    right = _qwen(_call("get_weather", city="Paris", days=3))
    partial = _qwen(_call("get_weather", city="Paris", days=4))
    wrong_tool = _qwen(_call("find_hotel", city="Paris"))
    malformed = '<tool_call>\n{"name": "get_weather", "arguments": {"city": "Paris", "days": 3}\n</tool_call>'
    tools = json.dumps(TOOLS)  # the ppo rows' JSON-string column
    comps = {k: reward_components(v, json.dumps(gold), tools, "call") for k, v in
             {"right": right, "partial": partial, "wrong_tool": wrong_tool, "malformed": malformed}.items()}
    assert comps["right"] == {"format": 1.0, "tool_name": 1.0, "arg_names": 1.0, "arg_values": 1.0, "content": 1.0}
    assert comps["partial"] == {"format": 1.0, "tool_name": 1.0, "arg_names": 1.0, "arg_values": 0.5, "content": 0.0}
    assert comps["wrong_tool"] == {"format": 1.0, "tool_name": 0.0, "arg_names": 0.0, "arg_values": 0.0,
                                   "content": 0.0}
    assert comps["malformed"] == dict.fromkeys(comps["right"], 0.0)
    rewards = [tool_call_reward(x, gold, TOOLS, "call") for x in (right, partial, wrong_tool, malformed)]
    assert rewards == sorted(rewards, reverse=True) and len(set(rewards)) == 4
    assert rewards[1] == pytest.approx(0.7)
    # extra calls and missing parallel calls cost credit
    two = [gold[0], {"name": "find_hotel", "arguments": {"city": "Paris"}}]
    half = reward_components(right, two, TOOLS, "call")
    assert half["tool_name"] == 0.5 and half["arg_values"] == 0.5
    twice = _qwen(_call("get_weather", city="Paris", days=3), _call("get_weather", city="Paris", days=3))
    spam = reward_components(twice, gold, TOOLS, "call")
    assert spam["tool_name"] == 0.5 and spam["arg_values"] == 0.5
    # a missing optional default is fine, a missing required argument is not
    explicit_default = _qwen(_call("get_weather", city="Paris", days=3, unit="celsius"))
    assert reward_components(explicit_default, gold, TOOLS)["arg_values"] == 1.0
    assert reward_components(_qwen(_call("get_weather", days=3)), gold, TOOLS)["arg_names"] == 0.5


def test_reward_for_no_call_turns_and_weights():
    call = _qwen(_call("get_weather", city="Paris"))
    assert tool_call_reward("Nice to meet you!", "[]", TOOLS, "none") == 1.0
    assert tool_call_reward(call, "[]", TOOLS, "none") == 0.0
    assert tool_call_reward("<tool_call>{", "[]", TOOLS, "none") == 0.0
    assert tool_call_reward("Which city do you mean?", [], TOOLS, "clarify") == 1.0
    empty = reward_components("", [], TOOLS, "clarify")
    assert empty == {"format": 1.0, "tool_name": 0.0, "arg_names": 0.0, "arg_values": 0.0, "content": 0.0}
    gold = [{"name": "get_weather", "arguments": {"city": "Paris", "days": 3}}]
    partial = _qwen(_call("get_weather", city="Paris", days=4))
    assert tool_call_reward(partial, gold, TOOLS, weights={"arg_values": 1.0}) == 0.5
    with pytest.raises(ValueError):
        tool_call_reward(partial, gold, TOOLS, weights={"style": 1.0})
    out = tool_call_reward_func(
        completions=[[{"role": "assistant", "content": call}], "Hi!"],
        ground_truth=[json.dumps([{"name": "get_weather", "arguments": {"city": "Paris"}}]), "[]"],
        expect=["call", "none"],
        tools=[json.dumps(TOOLS)] * 2,
        prompts=["p1", "p2"],
    )
    assert out == [1.0, 1.0]


# --------------------------------------------------------------------------- RM rejected answers


def test_rm_perturbations_of_a_toolc_call_are_rejected():
    chosen = _call("get_weather", city="Paris", days=3)
    gold = [gold_from_call(chosen, WEATHER)]
    rejected = {
        "value": _call("get_weather", city="Lyon", days=3),
        "tool": _call("find_hotel", city="Paris"),
        "missing": _call("get_weather", days=3),
        "extra": _call("get_weather", city="Paris", days=3, unit="fahrenheit"),
        "type": _call("get_weather", city="Paris", days="3"),
    }
    assert check_calls([chosen], gold, TOOLS).ok
    for label, call in rejected.items():
        assert not check_calls([call], gold, TOOLS).ok, label
    assert not check_calls([], gold, TOOLS).ok  # no_call
