"""Expansion semantics on tests/data/mini.tool: one test per language feature a user relies on."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from toolc.compiler.build import Options, check, resolve_plan
from toolc.compiler.expand import Expander
from toolc.compiler.generate import Generator, allocate
from toolc.dsl import ast

MINI = Path(__file__).parent / "data" / "mini.tool"
TODAY = dt.date(2025, 4, 23)


@pytest.fixture(scope="module")
def ex():
    prog, diags = check([MINI])
    assert not diags, diags.render()
    plan = resolve_plan(prog, Options(), diags)
    return Expander(prog, plan, TODAY)


def convs(ex, name, n=60, split="train"):
    s = ex.prog.scenarios[name]
    return [ex.expand(s, seed, split) for seed in range(n)]


def roles(c):
    return [m.role for m in c.messages]


def test_single_call_relative_date_and_result_in_reply(ex):
    seen_dates = set()
    for c in convs(ex, "weather.single"):
        user = c.messages[1].content
        call = c.decisions[0].calls[0]
        assert call.name == "get_weather"
        assert call.arguments["city"] in user  # the surface the user said is the value
        if "date" in call.arguments:
            seen_dates.add(call.arguments["date"])
            word = {"2025-04-23": "今天", "2025-04-24": "明天", "2025-04-25": "后天"}[call.arguments["date"]]
            assert word in user
        else:  # `day` not mentioned: optional argument left out, never invented
            assert not any(w in user for w in ("今天", "明天", "后天"))
        result = json.loads(c.messages[3].content)
        assert c.messages[4].content.endswith(f"{result['temp_c']}℃。")
    assert seen_dates == {"2025-04-23", "2025-04-24", "2025-04-25"}


def test_optional_fragments_and_inline_choices_vary(ex):
    # one of the four templates is held out for the test split: look at both splits
    texts = {c.messages[1].content for split in ("train", "test") for c in convs(ex, "weather.single", 200, split)}
    assert any(t.endswith("，谢谢") for t in texts) and any(t.endswith("的天气") for t in texts)
    assert any(t.startswith("请问") for t in texts) and any(t.startswith("麻烦问下") for t in texts)


def test_missing_required_argument_gets_a_clarification_turn(ex):
    for c in convs(ex, "weather.vague", 20):
        assert roles(c) == ["system", "user", "assistant", "user", "assistant", "tool", "assistant"]
        assert c.messages[2].content == "请问您想查询哪个城市？"
        assert c.expects == ("clarify", "call", "none")
        assert c.decisions[1].calls[0].arguments == {"city": c.messages[3].content}


def test_parallel_calls_use_independent_alias_draws(ex):
    for c in convs(ex, "weather.compare", 30):
        calls = c.decisions[0].calls
        assert [x.name for x in calls] == ["get_weather", "get_weather"]
        assert calls[0].arguments["city"] != calls[1].arguments["city"]
        assert roles(c)[2:5] == ["assistant", "tool", "tool"]


def test_chain_arguments_come_from_earlier_results(ex):
    for c in convs(ex, "trip.plan", 20):
        first, second, third = (d for d in c.decisions if d.expect == "call")
        r = json.loads(c.messages[second.index + 1].content)
        assert third.calls[0].arguments == {"location": r[1]["name"], "sort_by": "distance"}
        assert second.calls[0].arguments["filter"] == {"open_now": True}
        assert 2 <= len(r) <= 4
        assert first.feeds_next == -1 and second.feeds_next == third.index


def test_enum_values_from_a_map_slot(ex):
    for c in convs(ex, "money.convert", 30):
        args = c.decisions[0].calls[0].arguments
        assert args["from_currency"] in ("CNY", "USD", "EUR") and args["from_currency"] != args["to_currency"]


def test_smalltalk_offers_tools_and_calls_none(ex):
    for c in convs(ex, "smalltalk", 30):
        assert c.tools and c.expects == ("none",)
        assert not any(m.tool_calls for m in c.messages)


def test_distractors_stay_in_range_and_right_tools_are_offered(ex):
    for c in convs(ex, "weather.single", 50):
        names = [t["function"]["name"] for t in c.tools]
        assert "get_weather" in names and 1 <= len(names) <= 3 and len(set(names)) == len(names)
    for c in convs(ex, "trip.plan", 10):
        assert "convert_currency" in [t["function"]["name"] for t in c.tools]  # `tools` offers extras


def test_expansion_is_a_function_of_the_seed(ex):
    s = ex.prog.scenarios["trip.plan"]
    a, b = ex.expand(s, 1234, "train"), ex.expand(s, 1234, "train")
    assert a.messages == b.messages and a.tools == b.tools


def test_allocation_shares_totals_by_weight_exactly(ex):
    quotas = allocate(ex.plan, ex.prog, ast.Count(n=301))
    assert sum(quotas.values()) == 301
    assert quotas["weather.single"] in (86, 87)  # weight 2 of a total weight 7
    each = allocate(ex.plan, ex.prog, ast.Count(n=10, each=True))
    assert each["weather.single"] == 20 and each["smalltalk"] == 10


def test_generator_dedupes_and_reports_shortfalls(ex):
    prog = ex.prog
    plan = ex.plan.__class__(**{**ex.plan.__dict__, "scenarios": ("smalltalk",), "sft": ast.Count(n=500)})
    g = Generator(prog, plan, TODAY)
    rows = list(g.records("sft"))
    assert len(rows) < 500  # 3 utterances x 2 replies x a few tool sets: far fewer distinct rows
    assert g.tally.shortfalls and g.tally.duplicates_dropped["sft"] > 0
    keys = {json.dumps([m.content for m in r.messages] + r.tool_names, ensure_ascii=False) for r in rows}
    assert len(keys) == len(rows)


ASK_SPEC = """
locale en_US
tool get_directions "Route between two places" {
    origin: string "Start" ask "请问从哪里出发？"
    destination: string "Destination"
    avoid: list["tolls" | "highways" | "ferries"]?
    returns { minutes: int(1..90) }
}
slot place = "Union Square" | "Pier 39" | "Golden Gate Park" | "Ferry Building"
scenario route.by_hand {
    user "How do I get there?"
    ask "Where are you starting from?" | "From where?"
    user "From {place}."
    call get_directions(origin=place, destination="Pier 39", avoid=["tolls", "ferries"]) -> r
    assistant "About {r.minutes} minutes."
}
scenario route.auto {
    user "Directions to Pier 39, please."
    call get_directions(origin=place, destination="Pier 39", avoid=[])
}
"""


def test_ask_steps_and_list_literals(tmp_path):
    spec = tmp_path / "ask.tool"
    spec.write_text(ASK_SPEC, encoding="utf-8")
    prog, diags = check([spec])
    assert not diags, diags.render()
    ex = Expander(prog, resolve_plan(prog, Options(), diags), TODAY)
    c = ex.expand(prog.scenarios["route.by_hand"], 1, "train")
    assert c.expects == ("clarify", "call", "none")  # a hand-written question counts as a clarification
    assert c.decisions[1].calls[0].arguments["avoid"] == ["tolls", "ferries"]
    # `ask` text in another language than the scenario's: the built-in English question is asked instead
    auto = ex.expand(prog.scenarios["route.auto"], 2, "train")
    assert auto.expects == ("clarify", "call")
    assert auto.messages[2].content == "Could you tell me the start?"
    assert auto.decisions[1].calls[0].arguments["avoid"] == []


def test_row_seeds_from_a_hashed_prefix_equal_the_full_hash():
    """Row seeds come from `stable_hasher` (prefix hashed once); they must be the documented
    stable_hash(seed, kind, scenario, i), or every build's rows would change."""
    from toolc.compiler.slots import stable_hash, stable_hasher

    row_seed = stable_hasher(42, "sft", "zh.weather.single")
    assert [row_seed(i) for i in range(50)] == [stable_hash(42, "sft", "zh.weather.single", i) for i in range(50)]
    assert stable_hasher()("x") == stable_hash("x")


PAIRS = """locale en_US
tool send_email "Send an email" {
    to: string "Recipient"
    subject: string "Subject line"
    body: string "Plain-text body"
    returns { status: "sent" = "sent" }
}
slot em = faker.email
slot mail = { "Friday meeting moved": "The meeting is moved to Monday.", "Q3 report draft": "The Q3 draft is attached." }
scenario mail.pair {
    user "Email {em}, subject \\"{mail}\\", body: {mail.value}"
    call send_email(to=em, subject=mail.text, body=mail) -> m
    assistant "Sent \\"{mail.text}\\": {mail.value}"
}
"""


def _expander(tmp_path, text: str):
    """``(program, Expander)`` of the spec ``text`` (checked without a diagnostic)."""
    spec = tmp_path / "spec.tool"
    spec.write_text(text, encoding="utf-8")
    prog, diags = check([spec])
    assert not diags, diags.render()
    return prog, Expander(prog, resolve_plan(prog, Options(), diags), TODAY)


def test_a_map_slot_says_its_words_and_its_value_in_templates(tmp_path):
    """`{mail}` / `{mail.text}` is the key the user says, `{mail.value}` the value it maps to, so two texts that
    belong together (an email's subject and body) are drawn once, in user turns, calls and replies alike."""
    prog, ex = _expander(tmp_path, PAIRS)
    pairs = {"Friday meeting moved": "The meeting is moved to Monday.", "Q3 report draft": "The Q3 draft is attached."}
    seen = set()
    for seed in range(20):
        c = ex.expand(prog.scenarios["mail.pair"], seed, "train")
        args = c.decisions[0].calls[0].arguments
        assert pairs[args["subject"]] == args["body"]
        assert c.messages[1].content.endswith(f'subject "{args["subject"]}", body: {args["body"]}')
        assert c.messages[-1].content == f'Sent "{args["subject"]}": {args["body"]}'
        seen.add(args["subject"])
    assert seen == set(pairs)


UNIT = """
tool set_unit "Set the temperature unit" {
    unit: string "Temperature unit"
    returns { unit: string = unit }
}
slot unit = { "Celsius": "celsius", "Fahrenheit": "fahrenheit" }
scenario unit.vague {
    user "Change the temperature unit"
    call set_unit(unit=unit) -> u
}
"""


def test_a_map_slot_pair_the_user_never_said_is_asked_for_one_text_at_a_time(tmp_path):
    """Subject and body left out: the assistant asks for each, and the user answers the subject question with the
    subject and the body question with the body that goes with it (before, one question got the subject as the
    answer and the body was never said); a map of words to a canonical value is still answered with the words."""
    prog, ex = _expander(tmp_path, PAIRS.replace('user "Email {em}, subject \\"{mail}\\", body: {mail.value}"',
                                                 'user "Email {em}"') + UNIT)
    pairs = {"Friday meeting moved": "The meeting is moved to Monday.", "Q3 report draft": "The Q3 draft is attached."}
    for seed in range(10):
        c = ex.expand(prog.scenarios["mail.pair"], seed, "train")
        assert c.expects == ("clarify", "clarify", "call", "none")
        assert [m.role for m in c.messages[2:6]] == ["assistant", "user", "assistant", "user"]
        subject, body = c.messages[3].content, c.messages[5].content
        assert pairs[subject] == body
        assert c.decisions[2].calls[0].arguments == {"to": c.messages[1].content.split()[-1], "subject": subject,
                                                     "body": body}
    for seed in range(4):
        c = ex.expand(prog.scenarios["unit.vague"], seed, "train")
        assert c.expects[0] == "clarify" and c.messages[3].content in ("Celsius", "Fahrenheit")
        assert c.decisions[1].calls[0].arguments == {"unit": c.messages[3].content.lower()}


COLUMNS = """locale en_US
tool analyze "Analyze a data file" {
    file: string "Data file" ask en "Which data file?"
    column: string? "Column to analyze"
    returns { n: int(1..9) }
}
slot colfile = { "revenue": "sales.csv", "page views": "traffic.csv" }
scenario by_column { user "I need the stats for {colfile}"  call analyze(file=colfile, column=colfile.text) -> a }
scenario by_file { user "Analyze {colfile.value}"  call analyze(file=colfile, column=colfile.text) -> a }
"""


def test_a_pair_said_in_part_passes_only_the_part_said(tmp_path):
    """A map pairing two arguments (a column and the file that holds it) is not told by either half: the column
    alone leaves the file to be asked for (it was passed, a file nobody named), the file alone leaves the optional
    column out (it was passed, after a question for the file the user had just named)."""
    prog, ex = _expander(tmp_path, COLUMNS)
    files = {"revenue": "sales.csv", "page views": "traffic.csv"}
    for seed in range(6):
        c = ex.expand(prog.scenarios["by_column"], seed, "train")
        column = c.messages[1].content.removeprefix("I need the stats for ")
        assert c.expects[:2] == ("clarify", "call") and c.messages[2].content == "Which data file?"
        assert c.messages[3].content == files[column]
        assert c.decisions[1].calls[0].arguments == {"file": files[column], "column": column}
        c = ex.expand(prog.scenarios["by_file"], seed, "train")
        assert c.expects[0] == "call"
        assert c.decisions[0].calls[0].arguments == {"file": c.messages[1].content.removeprefix("Analyze ")}


LIST_COLUMNS = """locale en_US
tool analyze "Analyze data files" {
    files: list[string] "Data files"
    columns: list[string]? "Columns to analyze"
    returns { n: int(1..9) }
}
slot colfile = { "revenue": "sales.csv", "page views": "traffic.csv" }
scenario by_column { user "I need the stats for {colfile}"  call analyze(files=[colfile], columns=[colfile.text]) -> a }
scenario by_file { user "Analyze {colfile.value}"  call analyze(files=[colfile], columns=[colfile.text]) -> a }
"""


def test_a_pair_in_list_items_passes_only_the_part_said(tmp_path):
    """The same for items of list arguments: the file named alone is passed (before, an item counted as said only
    by its surface, so the file was left out and the call lacked its required files), the column named alone no
    longer passes a file nobody named (the call lacks the file, and verification drops the row)."""
    from toolc.compiler.verify import Verifier

    prog, ex = _expander(tmp_path, LIST_COLUMNS)
    verifier = Verifier(prog, TODAY)
    for seed in range(6):
        c = ex.expand(prog.scenarios["by_file"], seed, "train")
        assert c.decisions[0].calls[0].arguments == {"files": [c.messages[1].content.removeprefix("Analyze ")]}
        assert verifier.failure(c) is None
        c = ex.expand(prog.scenarios["by_column"], seed, "train")
        column = c.messages[1].content.removeprefix("I need the stats for ")
        assert c.decisions[0].calls[0].arguments == {"columns": [column]}
        assert verifier.failure(c)[:2] == ("schema", "call-schema")


def test_value_of_a_name_that_is_not_a_slot_is_a_spec_error(tmp_path):
    spec = tmp_path / "bad.tool"
    spec.write_text(PAIRS.replace("body: {mail.value}", "body: {mial.value}"), encoding="utf-8")
    _, diags = check([spec])
    assert "E107" in diags.render() and "bad.tool:11:" in diags.render()


def test_a_misspelt_slot_in_an_argument_s_text_suggests_the_slot(tmp_path):
    """`subject=mial.text`: the words said for a slot nobody declared; the error names the slot it resembles."""
    spec = tmp_path / "bad.tool"
    spec.write_text(PAIRS.replace("subject=mail.text", "subject=mial.text"), encoding="utf-8")
    _, diags = check([spec])
    text = diags.render()
    assert "error[E107]: unknown slot or result `mial`" in text and "bad.tool:12:36:" in text
    assert "`mail`" in text  # did you mean
