"""Hand-built canonical records and a local Qwen tokenizer for the writer tests (no Hub access needed).

The records cover what the writers must handle: one call, parallel calls, a multi-step chain
(call -> result -> call -> result -> reply), a clarification (assistant asks, user answers, then the
call), smalltalk (tools offered, no call) and a conversation without a system message; Chinese text,
nested object / list arguments, integers, floats and booleans; RM answers with ``raw`` text (``format``
perturbation), text-vs-call answers and parallel answers; PPO prompts due a call, a clarification or
nothing.
"""

from __future__ import annotations

from typing import Any

from tokenizers import Tokenizer, models, pre_tokenizers
from transformers import PreTrainedTokenizerFast

from toolc.compiler.record import Message, Provenance, Record, ToolCall, dumps
from toolc.compiler.writers.qwen import qwen_chat_template

SYSTEM = "你是一个可以调用工具的智能助手"


def _tool(name: str, description: str, properties: dict[str, Any], required: list[str]) -> dict[str, Any]:
    return {
        "type": "function",
        "function": {
            "name": name,
            "description": description,
            "parameters": {"type": "object", "properties": properties, "required": required},
        },
    }


GET_WEATHER = _tool(
    "get_weather",
    "查询指定城市某天的天气",
    {
        "city": {"type": "string", "description": "城市名称"},
        "date": {"type": "string", "format": "date", "description": "日期，YYYY-MM-DD"},
        "unit": {"type": "string", "enum": ["celsius", "fahrenheit"]},
        "days": {"type": "integer", "minimum": 1, "maximum": 7},
    },
    ["city"],
)
SEARCH_RESTAURANTS = _tool(
    "search_restaurants",
    "Search restaurants / 搜索餐厅",
    {
        "city": {"type": "string"},
        "filter": {
            "type": "object",
            "properties": {"min_rating": {"type": "number"}, "open_now": {"type": "boolean"}},
            "required": [],
        },
        "tags": {"type": "array", "items": {"type": "string"}},
    },
    ["city"],
)
BOOK_TABLE = _tool(
    "book_table",
    "预订餐桌",
    {
        "restaurant": {"type": "string"},
        "party_size": {"type": "integer", "minimum": 1},
        "time": {"type": "string", "format": "date-time"},
        "notes": {"type": "string"},
    },
    ["restaurant", "party_size", "time"],
)

WEATHER_BJ = ToolCall("get_weather", {"city": "北京", "date": "2025-04-24"})
WEATHER_SH = ToolCall("get_weather", {"city": "上海", "date": "2025-04-24", "unit": "celsius", "days": 3})
SEARCH = ToolCall(
    "search_restaurants", {"city": "上海", "filter": {"min_rating": 4.5, "open_now": True}, "tags": ["川菜", "辣"]}
)
BOOK = ToolCall(
    "book_table",
    {"restaurant": "蜀香园", "party_size": 4, "time": "2025-04-24T19:00:00", "notes": "靠窗 / \"安静\"\n谢谢"},
)
WEATHER_HZ = ToolCall("get_weather", {"city": "杭州"})
#: A truncated call, the ``raw`` text of an RM ``format`` perturbation.
MALFORMED = '<tool_call>{"name": "get_weather", "arguments": {"city": "北京"'


def _prov(scenario: str, template: str = "u0.0", line: int = 3) -> Provenance:
    return Provenance(
        file="specs/weather.tool", line=line, scenario=scenario, template=template, seed=1234567, dataset="demo"
    )


def system() -> Message:
    return Message("system", SYSTEM)


def user(text: str) -> Message:
    return Message("user", text)


def calls(*cs: ToolCall, content: str = "") -> Message:
    return Message("assistant", content, tool_calls=tuple(cs))


def result(name: str, value: Any) -> Message:
    return Message("tool", dumps(value), name=name)


def say(text: str) -> Message:
    return Message("assistant", text)


#: name -> (messages, tools) of the SFT conversations.
CONVERSATIONS: dict[str, tuple[tuple[Message, ...], tuple[dict[str, Any], ...]]] = {
    "single": (
        (
            system(),
            user("帮我查一下明天北京的天气"),
            calls(WEATHER_BJ),
            result("get_weather", {"condition": "晴", "temp_c": 25}),
            say("北京明天晴，25℃。"),
        ),
        (GET_WEATHER, BOOK_TABLE),
    ),
    "parallel": (
        (
            system(),
            user("北京和上海明天天气怎么样？"),
            calls(WEATHER_BJ, WEATHER_SH),
            result("get_weather", {"condition": "晴", "temp_c": 25}),
            result("get_weather", {"condition": "小雨", "temp_c": 18, "forecast": [18, 19.5, 21]}),
            say("北京晴，25℃；上海小雨，18℃。"),
        ),
        (GET_WEATHER,),
    ),
    "chain": (
        (
            system(),
            user("在上海找一家评分4.5以上、现在营业的川菜馆，帮我订今晚7点4个人的位子"),
            calls(SEARCH),
            result("search_restaurants", [{"name": "蜀香园", "rating": 4.7, "open": True}]),
            calls(BOOK),
            result("book_table", {"ok": True, "confirmation": "BK-0042", "table": None}),
            say("已为您在蜀香园预订今晚19:00、4位，确认号 BK-0042。"),
        ),
        (SEARCH_RESTAURANTS, BOOK_TABLE, GET_WEATHER),
    ),
    "clarify": (
        (
            system(),
            user("帮我查一下天气"),
            say("请问您想查询哪个城市？"),
            user("杭州"),
            calls(WEATHER_HZ),
            result("get_weather", {"condition": "多云", "temp_c": 21}),
            say("杭州今天多云，21℃。"),
        ),
        (GET_WEATHER,),
    ),
    "smalltalk": (
        (user("你好，你是谁？"), say("你好！我是可以调用工具的助手，有什么可以帮您？")),
        (GET_WEATHER, SEARCH_RESTAURANTS),
    ),
    "no_system": (
        (user("What's the weather in 北京 on 2025-04-24?"), calls(WEATHER_BJ)),
        (GET_WEATHER,),
    ),
}


def sft_records() -> list[Record]:
    """One SFT record per conversation in :data:`CONVERSATIONS`."""
    return [
        Record(
            kind="sft",
            id=f"sft-{name}",
            messages=messages,
            tools=tools,
            provenance=_prov(f"demo.{name}", template="u0.1+u1.0" if name == "clarify" else "u0.0"),
            split="test" if name == "smalltalk" else "train",
        )
        for name, (messages, tools) in CONVERSATIONS.items()
    ]


def rm_records() -> list[Record]:
    """RM records: value, format (raw), no_call, parallel/order, multi-step prompt, clarification."""
    base = (system(), user("帮我查一下明天北京的天气"))
    chain_prompt = (
        system(),
        user("在上海找一家评分4.5以上、现在营业的川菜馆，帮我订今晚7点4个人的位子"),
        calls(SEARCH),
        result("search_restaurants", [{"name": "蜀香园", "rating": 4.7, "open": True}]),
    )
    clarify_prompt = (system(), user("帮我查一下天气"))
    specs = [
        # (perturbation, prompt, chosen, rejected, tools)
        ("value", base, (calls(WEATHER_BJ),), (calls(ToolCall("get_weather", {**WEATHER_BJ.arguments, "city": "上海"})),),
         (GET_WEATHER,)),
        ("format", base, (calls(WEATHER_BJ),), (Message("assistant", raw=MALFORMED),), (GET_WEATHER, BOOK_TABLE)),
        ("no_call", base, (calls(WEATHER_BJ),), (say("北京明天应该是晴天。"),), (GET_WEATHER,)),
        ("order", (system(), user("北京和上海明天天气怎么样？")), (calls(WEATHER_BJ, WEATHER_SH),),
         (calls(WEATHER_SH, WEATHER_BJ),), (GET_WEATHER,)),
        ("type", chain_prompt, (calls(BOOK),), (calls(ToolCall("book_table", {**BOOK.arguments, "party_size": "4"})),),
         (SEARCH_RESTAURANTS, BOOK_TABLE)),
        ("missing", clarify_prompt, (say("请问您想查询哪个城市？"),), (calls(ToolCall("get_weather", {})),), (GET_WEATHER,)),
    ]
    return [
        Record(
            kind="rm",
            id=f"rm-{label}",
            messages=prompt,
            tools=tools,
            provenance=_prov(f"demo.rm_{label}", line=10 + i),
            chosen=chosen,
            rejected=rejected,
            perturbation=label,
        )
        for i, (label, prompt, chosen, rejected, tools) in enumerate(specs)
    ]


def ppo_records() -> list[Record]:
    """PPO records due a call, parallel calls, a second step of a chain, a clarification and nothing."""
    chain_prompt = CONVERSATIONS["chain"][0][:4]
    specs: list[tuple[str, tuple[Message, ...], tuple[ToolCall, ...], str | None, tuple[dict[str, Any], ...]]] = [
        ("call", (system(), user("帮我查一下明天北京的天气")), (WEATHER_BJ,), "call", (GET_WEATHER,)),
        ("parallel", (system(), user("北京和上海明天天气怎么样？")), (WEATHER_BJ, WEATHER_SH), None,
         (GET_WEATHER,)),
        ("chain", chain_prompt, (BOOK,), "call", (SEARCH_RESTAURANTS, BOOK_TABLE)),
        ("clarify", (system(), user("帮我查一下天气")), (), "clarify", (GET_WEATHER,)),
        ("none", (user("你好，你是谁？"),), (), None, (GET_WEATHER,)),
    ]
    return [
        Record(
            kind="ppo",
            id=f"ppo-{name}",
            messages=messages,
            tools=tools,
            provenance=_prov(f"demo.ppo_{name}", line=20 + i),
            split="test" if name == "none" else "train",
            expected=expected,
            expect=expect,
        )
        for i, (name, messages, expected, expect, tools) in enumerate(specs)
    ]


def records_of(kind: str) -> list[Record]:
    """The hand-built records of one kind."""
    return {"sft": sft_records, "rm": rm_records, "ppo": ppo_records}[kind]()


def make_qwen_tokenizer(template: str) -> PreTrainedTokenizerFast:
    """A tiny local tokenizer carrying a Qwen chat template (``"qwen3"`` or ``"qwen2.5"``).

    The vocabulary is irrelevant (only ``apply_chat_template(..., tokenize=False)`` is used); what matters
    is that it goes through transformers' own ``apply_chat_template`` with Qwen's special tokens.
    """
    backend = Tokenizer(models.WordLevel({"[UNK]": 0, "<|im_start|>": 1, "<|im_end|>": 2}, unk_token="[UNK]"))
    backend.pre_tokenizer = pre_tokenizers.Whitespace()
    tokenizer = PreTrainedTokenizerFast(
        tokenizer_object=backend,
        unk_token="[UNK]",
        eos_token="<|im_end|>",
        pad_token="<|endoftext|>",
        additional_special_tokens=["<|im_start|>", "<|im_end|>"],
    )
    tokenizer.chat_template = qwen_chat_template(template)
    return tokenizer
