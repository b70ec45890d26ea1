"""Property tests: mutated specs never crash the front end, and parsing is deterministic.

Mutations (character and token deletes, inserts, duplicates, swaps, truncation, raw bytes) of valid
spec text -- the bundled specs/*.tool, generated specs and the samples below -- must make
``parse_module`` / ``load_program`` report :class:`~dsl.diagnostics.SpecError` s, never raise anything.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from toolc.dsl.diagnostics import CODES, Diagnostics
from toolc.dsl.load import load_program
from toolc.dsl.parse import parse_module
from toolc.dsl.span import Source
from specgen import generate_spec

ROOT = Path(__file__).resolve().parent.parent

SAMPLE = r'''
locale zh_CN
import "other.tool"   # comment
tool get_weather "查询天气" {
    city: string "城市" ask "哪个城市？"
    date: date = today
    unit: "celsius" | "fahrenheit" = "celsius",
    days: int(1..7)?
    tags: list[string]?
    filter: { min_rating: float(0..5)?, open_now: bool? }?
    returns list[{ name: string = faker.company, n: int(-3..) }](2..4)
}
slot city = faker.city
slot when = faker.date_between(start_date="-30d", end_date="+30d")
slot day  = { "今天": +0d, "明天": +1d, "下周": +1w }
slot n    = int(1..20)
scenario weather.single weight 3 {
    tools get_weather
    user "查一下{city}的天气[，谢谢]" | "(请问|麻烦问下){city as a}\{x\}"
    call get_weather(city=city, date=day, filter.open_now=true) -> w & other(x=w[0].name, y="s", z=-1.5)
    assistant "{city}{w.condition}，{w.temp_c}℃。"
}
dataset d {
    system "你是助手" | "You are helpful."
    scenarios weather.*, trip.plan
    sft 100 each
    rm 50 perturb value, tool
    distractors 0..3
    test 10% holdout templates, values
    format qwen, qwen-fc
    seed 7
}
'''

SEEDS = [SAMPLE, generate_spec(3, seed=1)] + [p.read_text(encoding="utf-8") for p in sorted((ROOT / "specs").glob("*.tool"))]
TOKEN_RE = re.compile(r'"(?:[^"\\\n]|\\.)*"|\w+|\s+|.', re.DOTALL)
ALPHABET = list('{}[]()|"\\:=,.?#&%-+\n\t @\'：，（）') + [
    "tool", "slot", "scenario", "dataset", "import", "locale", "user", "call", "returns", "ask", "list[", "int(1..",
    "->", "faker.", "\\u12", "\\q", "{x}", "天气", "\x00", "\u2028", "\r",
    "99999999999999999999e999", "9" * 5000, "+99999999d",  # numbers out of range
]

FUZZ = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def mutate(draw, units: list[str], inserts: list[str], ops: list[str], times: int) -> str:
    """Applies ``times`` random edits (from ``ops``) to a list of characters or tokens; returns the text.

    ``rename`` replaces an identifier token with one of ``inserts`` (names that exist elsewhere in the specs).
    """
    for _ in range(draw(st.integers(1, times))):
        n = len(units)
        op = draw(st.sampled_from(ops))
        i = draw(st.integers(0, max(n - 1, 0)))
        j = min(n, i + draw(st.integers(1, 8)))
        if op == "delete":
            del units[i:j]
        elif op == "insert":
            units.insert(i, draw(st.sampled_from(inserts)))
        elif op == "rename":
            idents = [k for k, u in enumerate(units) if u.isidentifier()]
            if idents:
                units[draw(st.sampled_from(idents))] = draw(st.sampled_from(inserts))
        elif op == "duplicate":
            units[i:i] = units[i:j]
        elif op == "swap" and n > 1:
            k = draw(st.integers(0, n - 1))
            units[i], units[k] = units[k], units[i]
        elif op == "truncate":
            del units[i:]
    return "".join(units)


EDITS = ["delete", "insert", "duplicate", "swap", "truncate"]


@st.composite
def mutated(draw) -> str:
    text = draw(st.sampled_from(SEEDS))
    as_tokens = draw(st.booleans())
    return mutate(draw, TOKEN_RE.findall(text) if as_tokens else list(text), ALPHABET, EDITS, 4)


def check_parse(text: str) -> tuple:
    diags = Diagnostics()
    src = Source("f.tool", text)
    diags.sources["f.tool"] = src
    module = parse_module(src, diags)  # must not raise
    assert (module is None) == bool(diags), diags.render()
    lines = text.count("\n") + 2
    for e in diags.errors:
        assert e.code in CODES and e.message
        assert e.span is not None and e.span.file == "f.tool"
        assert 1 <= e.span.line <= lines and e.span.col >= 1 and e.span.end_line >= e.span.line
    rendered = diags.render()
    diags.render("json")
    return module, rendered


@FUZZ
@given(mutated())
def test_mutated_specs_report_spec_errors_only(text):
    check_parse(text)


@FUZZ
@given(mutated())
def test_parsing_is_deterministic(text):
    m1, r1 = check_parse(text)
    m2, r2 = check_parse(text)
    assert r1 == r2
    assert (m1 is None and m2 is None) or m1.model_dump_json() == m2.model_dump_json()


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from(ALPHABET + list("abc xyz 0123456789")), max_size=80).map("".join))
def test_random_token_soup(text):
    check_parse(text)


@settings(max_examples=100, deadline=None)
@given(seed=st.sampled_from(SEEDS), data=st.data())
def test_load_program_on_mutated_bytes(tmp_path_factory, seed, data):
    raw = bytearray(seed.encode("utf-8"))
    for _ in range(data.draw(st.integers(1, 3))):
        i = data.draw(st.integers(0, max(len(raw) - 1, 0)))
        op = data.draw(st.sampled_from(["byte", "cut", "nul"]))
        if op == "byte":
            raw[i:i + 1] = bytes([data.draw(st.integers(0x80, 0xFF))])
        elif op == "cut":
            del raw[i:]
        else:
            raw[i:i] = b"\x00"
    d = tmp_path_factory.mktemp("fuzz")
    (d / "a.tool").write_bytes(bytes(raw))
    diags = Diagnostics()
    program = load_program([d / "a.tool"], diags)  # must not raise
    diags.render()
    assert bool(diags) or len(program.modules) == 1


@pytest.mark.parametrize("index", range(len(SEEDS)))
def test_seeds_are_valid_and_round_trip(index):
    module, rendered = check_parse(SEEDS[index])
    assert module is not None and not rendered
    again, _ = check_parse(SEEDS[index])
    assert again == module and again.model_dump_json() == module.model_dump_json()


@settings(max_examples=30, deadline=None)
@given(st.integers(0, 10_000), st.integers(1, 6))
def test_generated_specs_always_parse(seed, n):
    module, rendered = check_parse(generate_spec(n, seed=seed))
    assert module is not None and len([d for d in module.decls if d.kind == "tool"]) == n
