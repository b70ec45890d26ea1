"""Test fixtures for the training stage: a small compiled-dataset directory and a tiny Qwen3 model.

``make_dataset_dir`` writes what ``toolc build -o DIR`` writes (the dataset files contract in
``docs/formats.md`` and ``docs/training.md``): ``manifest.json`` plus ``{sft,rm,ppo}/openai/{train,test}.jsonl``
and ``sft/qwen/{train,test}.jsonl``, so training tests run without the compiler. Rows cover a single call, parallel
calls, a chain with tool results, a clarification and smalltalk, in Chinese and English.

Import from a test file (``pyproject.toml`` puts the repository root and ``tests/`` on ``sys.path``)::

    from tests.train_fixtures import make_dataset_dir, tiny_model
"""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

from transformers.utils.chat_template_utils import render_jinja_template
from trl.chat_template_utils import qwen3_chat_template

from toolc.train.data import normalize_messages

REFERENCE_DATE = "2025-04-23"

TOOLS: dict[str, dict[str, Any]] = {
    "get_weather": {
        "type": "function",
        "function": {
            "name": "get_weather",
            "description": "查询指定城市某天的天气",
            "parameters": {
                "type": "object",
                "properties": {
                    "city": {"type": "string", "description": "城市名称"},
                    "date": {"type": "string", "format": "date", "description": "日期，YYYY-MM-DD"},
                },
                "required": ["city"],
            },
        },
    },
    "search_restaurants": {
        "type": "function",
        "function": {
            "name": "search_restaurants",
            "description": "Search restaurants in a city",
            "parameters": {
                "type": "object",
                "properties": {
                    "city": {"type": "string"},
                    "cuisine": {"type": "string", "enum": ["sichuan", "cantonese", "japanese", "italian"]},
                },
                "required": ["city"],
            },
        },
    },
    "book_table": {
        "type": "function",
        "function": {
            "name": "book_table",
            "description": "Book a table at a restaurant",
            "parameters": {
                "type": "object",
                "properties": {
                    "restaurant": {"type": "string"},
                    "people": {"type": "integer", "minimum": 1, "maximum": 12},
                },
                "required": ["restaurant", "people"],
            },
        },
    },
    "convert_currency": {
        "type": "function",
        "function": {
            "name": "convert_currency",
            "description": "Convert an amount between currencies",
            "parameters": {
                "type": "object",
                "properties": {
                    "amount": {"type": "number"},
                    "source": {"type": "string", "enum": ["USD", "EUR", "CNY", "JPY"]},
                    "target": {"type": "string", "enum": ["USD", "EUR", "CNY", "JPY"]},
                },
                "required": ["amount", "source", "target"],
            },
        },
    },
}

CITIES_ZH = ["北京", "上海", "广州", "深圳", "杭州", "成都"]
CITIES_EN = ["Paris", "London", "Tokyo", "Berlin", "Madrid", "Rome"]
DAYS_ZH = {"今天": "2025-04-23", "明天": "2025-04-24", "后天": "2025-04-25"}
SYSTEM = ["你是一个可以调用工具的智能助手", "You are a helpful assistant with access to tools."]


def _msg(role: str, content: str | None = None, **extra: Any) -> dict[str, Any]:
    """One message in the ``openai`` writer's shape: every key present, unused ones null."""
    return {
        "role": role,
        "content": content,
        "tool_calls": extra.get("tool_calls"),
        "tool_call_id": extra.get("tool_call_id"),
        "name": extra.get("name"),
    }


def _calls(*calls: tuple[str, dict[str, Any]], start: int = 0) -> list[dict[str, Any]]:
    return [
        {
            "id": f"call_{start + k}",
            "type": "function",
            "function": {"name": name, "arguments": json.dumps(args, ensure_ascii=False)},
        }
        for k, (name, args) in enumerate(calls)
    ]


def _results(calls: list[dict[str, Any]], results: list[Any]) -> list[dict[str, Any]]:
    return [
        _msg("tool", json.dumps(r, ensure_ascii=False), tool_call_id=c["id"], name=c["function"]["name"])
        for c, r in zip(calls, results, strict=True)
    ]


class _Scenario:
    """A conversation built by one scenario: the full SFT conversation plus its first decision point."""

    def __init__(self, name: str, template: str, line: int, tools: list[str], messages: list[dict[str, Any]],
                 decision: int, expect: str, truth: list[dict[str, Any]]):
        self.name, self.template, self.line, self.tools = name, template, line, tools
        self.messages, self.decision, self.expect, self.truth = messages, decision, expect, truth


def _weather_single(rng: random.Random, i: int) -> _Scenario:
    if i % 2 == 0:
        city, (day, date) = rng.choice(CITIES_ZH), rng.choice(list(DAYS_ZH.items()))
        k = rng.randrange(3)
        user = [f"查一下{city}{day}的天气", f"{city}{day}天气怎么样？", f"帮我看看{day}{city}的天气，谢谢"][k]
        args = {"city": city, "date": date}
        cond, temp = rng.choice(["晴", "多云", "小雨"]), rng.randint(-5, 35)
        reply = f"{city}{day}{cond}，{temp}℃。"
        system = SYSTEM[0]
    else:
        city, k = rng.choice(CITIES_EN), rng.randrange(2)
        user = [f"What's the weather in {city}?", f"Is it raining in {city} today?"][k]
        args = {"city": city}
        cond, temp = rng.choice(["sunny", "cloudy", "rain"]), rng.randint(-5, 35)
        reply = f"It is {cond} in {city}, {temp}°C."
        system = SYSTEM[1]
    calls = _calls(("get_weather", args))
    messages = [
        _msg("system", system),
        _msg("user", user),
        _msg("assistant", None, tool_calls=calls),
        *_results(calls, [{"condition": cond, "temp_c": temp}]),
        _msg("assistant", reply),
    ]
    return _Scenario("weather.single", f"u0.{k}", 3, ["get_weather", "convert_currency"], messages, 2, "call",
                     [{"name": "get_weather", "arguments": args}])


def _weather_parallel(rng: random.Random, i: int) -> _Scenario:
    zh = i % 2 == 0
    a, b = rng.sample(CITIES_ZH if zh else CITIES_EN, 2)
    user = f"{a}和{b}今天天气怎么样？" if zh else f"Compare the weather in {a} and {b}."
    calls = _calls(("get_weather", {"city": a}), ("get_weather", {"city": b}))
    ta, tb = rng.randint(0, 30), rng.randint(0, 30)
    reply = f"{a}{ta}℃，{b}{tb}℃。" if zh else f"{a}: {ta}°C, {b}: {tb}°C."
    messages = [
        _msg("system", SYSTEM[0 if zh else 1]),
        _msg("user", user),
        _msg("assistant", None, tool_calls=calls),
        *_results(calls, [{"temp_c": ta}, {"temp_c": tb}]),
        _msg("assistant", reply),
    ]
    truth = [{"name": "get_weather", "arguments": {"city": a}}, {"name": "get_weather", "arguments": {"city": b}}]
    return _Scenario("weather.parallel", "u0.0", 12, ["get_weather"], messages, 2, "call", truth)


def _dining_chain(rng: random.Random, i: int) -> _Scenario:
    city, cuisine, people = rng.choice(CITIES_EN), rng.choice(["sichuan", "japanese", "italian"]), rng.randint(2, 6)
    first = _calls(("search_restaurants", {"city": city, "cuisine": cuisine}))
    name = f"{rng.choice(['Golden', 'Blue', 'Red', 'Green'])} {rng.choice(['Dragon', 'Lotus', 'Olive', 'Crane'])}"
    second = _calls(("book_table", {"restaurant": name, "people": people}), start=1)
    messages = [
        _msg("system", SYSTEM[1]),
        _msg("user", f"Find a {cuisine} restaurant in {city} and book a table for {people}."),
        _msg("assistant", None, tool_calls=first),
        *_results(first, [[{"name": name, "rating": round(rng.uniform(3.0, 5.0), 1)}]]),
        _msg("assistant", None, tool_calls=second),
        *_results(second, [{"status": "ok", "confirmation": f"R{rng.randint(1000, 9999)}"}]),
        _msg("assistant", f"Booked {name} for {people} people."),
    ]
    truth = [{"name": "search_restaurants", "arguments": {"city": city, "cuisine": cuisine}}]
    return _Scenario("dining.chain", "u0.0", 20, ["search_restaurants", "book_table"], messages, 2, "call", truth)


def _weather_clarify(rng: random.Random, i: int) -> _Scenario:
    city = rng.choice(CITIES_ZH)
    calls = _calls(("get_weather", {"city": city}))
    messages = [
        _msg("system", SYSTEM[0]),
        _msg("user", "帮我查一下天气"),
        _msg("assistant", "请问您想查询哪个城市？"),
        _msg("user", city),
        _msg("assistant", None, tool_calls=calls),
        *_results(calls, [{"condition": "晴", "temp_c": 20}]),
        _msg("assistant", f"{city}今天晴，20℃。"),
    ]
    return _Scenario("weather.clarify", "u0.0", 30, ["get_weather"], messages, 2, "clarify", [])


def _currency(rng: random.Random, i: int) -> _Scenario:
    amount = round(rng.uniform(1, 500), 2)
    source, target = rng.sample(["USD", "EUR", "CNY", "JPY"], 2)
    args = {"amount": amount, "source": source, "target": target}
    calls = _calls(("convert_currency", args))
    value = round(amount * rng.uniform(0.5, 2.0), 2)
    messages = [
        _msg("system", SYSTEM[1]),
        _msg("user", f"How much is {amount} {source} in {target}?"),
        _msg("assistant", None, tool_calls=calls),
        *_results(calls, [{"value": value}]),
        _msg("assistant", f"{amount} {source} is about {value} {target}."),
    ]
    return _Scenario("currency.single", "u0.0", 40, ["convert_currency", "get_weather"], messages, 2, "call",
                     [{"name": "convert_currency", "arguments": args}])


def _smalltalk(rng: random.Random, i: int) -> _Scenario:
    zh = i % 2 == 0
    user, reply = (("你好", "你好！有什么可以帮您？") if zh else ("Thanks a lot!", "You're welcome!"))
    messages = [_msg("system", SYSTEM[0 if zh else 1]), _msg("user", user), _msg("assistant", reply)]
    return _Scenario("smalltalk", f"u0.{int(not zh)}", 50, ["get_weather"], messages, 2, "none", [])


SCENARIOS = (_weather_single, _weather_parallel, _dining_chain, _weather_clarify, _currency, _smalltalk)


def _meta(s: _Scenario, kind: str, index: int, split: str) -> dict[str, Any]:
    return {
        "id": f"{kind}-{s.name}-{index:05d}",
        "scenario": s.name,
        "template": s.template,
        "source": f"specs/fixture.tool:{s.line}",
        "split": split,
    }


def _perturb(s: _Scenario, rng: random.Random) -> tuple[str, dict[str, Any]]:
    """A rejected assistant turn for the decision point of ``s`` and its perturbation label."""
    chosen = s.messages[s.decision]
    if not chosen["tool_calls"]:
        return "spurious_call", _msg("assistant", None, tool_calls=_calls(("get_weather", {"city": "北京"})))
    call = chosen["tool_calls"][0]["function"]
    args = json.loads(call["arguments"])
    label = ["value", "tool", "missing", "no_call", "format"][rng.randrange(5)]
    if label == "value":
        key = next(iter(args))
        bad = {**args, key: (args[key] + "X") if isinstance(args[key], str) else args[key] + 1}
        return label, _msg("assistant", None, tool_calls=_calls((call["name"], bad)))
    if label == "tool":
        other = "convert_currency" if call["name"] != "convert_currency" else "get_weather"
        return label, _msg("assistant", None, tool_calls=_calls((other, args)))
    if label == "missing":
        return label, _msg("assistant", None, tool_calls=_calls((call["name"], dict(list(args.items())[1:]))))
    if label == "no_call":
        return label, _msg("assistant", "I cannot help with that.")
    return label, _msg("assistant", f"{call['name']}({json.dumps(args, ensure_ascii=False)})")


def render_qwen(messages: list[dict[str, Any]], tools: list[dict[str, Any]]) -> str:
    """Renders openai-format messages with Qwen3's chat template (what the ``qwen`` writer emits)."""
    rendered, _ = render_jinja_template(
        [normalize_messages(messages)], tools=tools or None, chat_template=qwen3_chat_template
    )
    return rendered[0]


def _write_jsonl(path: Path, rows: list[dict[str, Any]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")


def make_dataset_dir(tmp_path: str | Path, *, sft: int = 30, rm: int = 30, ppo: int = 30, seed: int = 0,
                     test_every: int = 5) -> Path:
    """Writes a small compiled-dataset directory in the dataset files contract format.

    Args:
        tmp_path: parent directory; the dataset goes to ``tmp_path / "data"``.
        sft: number of SFT rows (all splits); scenarios cycle so every kind of conversation appears.
        rm: number of RM pairs.
        ppo: number of PPO prompts.
        seed: RNG seed (same seed -> byte-identical files).
        test_every: every ``test_every``-th row goes to the test split.

    Returns:
        The dataset directory (``manifest.json``, ``{sft,rm,ppo}/openai/{train,test}.jsonl``,
        ``sft/qwen/{train,test}.jsonl``).
    """
    root = Path(tmp_path) / "data"
    rng = random.Random(seed)
    files: dict[tuple[str, str, str], list[dict[str, Any]]] = {}

    def add(kind: str, fmt: str, split: str, row: dict[str, Any]) -> None:
        files.setdefault((kind, fmt, split), []).append(row)

    for kind, count in (("sft", sft), ("rm", rm), ("ppo", ppo)):
        for index in range(count):
            s = SCENARIOS[index % len(SCENARIOS)](rng, index // len(SCENARIOS))
            split = "test" if index % test_every == test_every - 1 else "train"
            tools = [TOOLS[name] for name in s.tools]
            meta = _meta(s, kind, index, split)
            if kind == "sft":
                add("sft", "openai", split, {"messages": s.messages, "tools": json.dumps(tools, ensure_ascii=False),
                                             **meta})
                add("sft", "qwen", split, {"text": render_qwen(s.messages, tools), **meta})
            elif kind == "rm":
                label, rejected = _perturb(s, rng)
                add("rm", "openai", split, {
                    "prompt": s.messages[: s.decision],
                    "chosen": [s.messages[s.decision]],
                    "rejected": [rejected],
                    "tools": json.dumps(tools, ensure_ascii=False),
                    "perturbation": label,
                    **meta,
                })
            else:
                add("ppo", "openai", split, {
                    "prompt": s.messages[: s.decision],
                    "tools": json.dumps(tools, ensure_ascii=False),
                    "ground_truth": json.dumps(s.truth, ensure_ascii=False),
                    "expect": s.expect,
                    **meta,
                })
    for (kind, fmt, split), rows in sorted(files.items()):
        _write_jsonl(root / kind / fmt / f"{split}.jsonl", rows)
    manifest = {
        "toolc": "fixture",
        "dataset": "fixture",
        "seed": seed,
        "today": REFERENCE_DATE,
        "formats": ["openai", "qwen"],
        "counts": {f"{k}/{f}/{s}": len(v) for (k, f, s), v in sorted(files.items())},
    }
    (root / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return root


def tiny_model(tmp_path: str | Path, *, data_dir: str | Path | None = None) -> Path:
    """Builds a very small Qwen3-architecture model (seconds) with a tokenizer trained on the fixture corpus.

    Args:
        tmp_path: parent directory; the model goes to ``tmp_path / "tiny"``.
        data_dir: a dataset directory whose SFT text is the tokenizer corpus; made with
            :func:`make_dataset_dir` under ``tmp_path`` when omitted.

    Returns:
        The model directory, loadable with ``train.model.load_tokenizer`` / ``load_causal_lm``.
    """
    from toolc.train.data import iter_corpus
    from toolc.train.tiny import build_tiny_model

    data_dir = Path(data_dir) if data_dir is not None else make_dataset_dir(tmp_path)
    return build_tiny_model(
        list(iter_corpus(data_dir)), Path(tmp_path) / "tiny", vocab_size=600, hidden_size=64, layers=2,
        heads=4, kv_heads=2, intermediate_size=128, seed=0,
    )
