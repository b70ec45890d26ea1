"""RM pairs that teach (issue 9, item 8): each perturbation label on small specs, the pair sampler's length balance,
the ``hard`` column in every RM format, chosen != rejected as written, and the shortcut audit of a build."""

from __future__ import annotations

import datetime as dt
import json
import random
import re
from pathlib import Path

import pytest
from rm_fixtures import TODAY
from rm_fixtures import conversations as _conversations
from rm_fixtures import decision as _decision
from rm_fixtures import wrong_candidates as _wrong_candidates

from toolc.compiler.build import Options, build, check, resolve_plan
from toolc.compiler.checker import check_calls, gold_from_call, validate_call
from toolc.compiler.expand import Expander
from toolc.compiler.generate import Generator
from toolc.compiler.ground_truth import gold_calls, turn_truth
from toolc.compiler.pairs import FORMAT_SLACK, answer_text, is_hard, is_wrong, schema_valid
from toolc.compiler.perturb import MIX, applicable, candidates, wrong_names
from toolc.compiler.record import ToolCall
from toolc.compiler.rm_audit import audit
from toolc.compiler.writers import AlpacaWriter, get_writer
from toolc.vocab import FORMATS, PERTURBATIONS


SPEC = r'''
locale en_US
tool get_weather "Weather forecast for a city" {
    city: string
    date: date?
    unit: "celsius" | "fahrenheit" = "celsius"
    days: int(1..7) = 1
    returns { city: string = city, temp: int(-5..35), condition: "sunny" | "cloudy" | "rain" }
}
tool find_sights "Sights in a city" {
    city: string
    limit: int(1..10) = 5
    returns list[{ name: "Old Town" | "Harbour" | "Museum Hill" | "Botanic Garden", rating: int(1..5) }](2..3)
}
tool send_email "Send an email" {
    to: string
    subject: string
    returns { status: "sent" }
    confirm en "I'll email {to} about \"{subject}\". Send it?"
}
tool get_time "Time in a zone" {
    timezone: string
    returns { time: string = tz_time(timezone) }
    error unknown_zone "Unknown time zone {timezone}; use an IANA name such as Asia/Tokyo." when not ("/" in timezone)
}
tool book_flight "Book a flight" { destination: string }

slot city = "Paris" | "Rome" | "Oslo" | "Lisbon" | "Vienna" | "Prague" | "Dublin" | "Madrid"
slot day = { "today": +0d, "tomorrow": +1d }
slot unit = { "in fahrenheit": "fahrenheit", "in celsius": "celsius" }
slot n = int(2..6)
slot email = "ann@example.com" | "bob@example.com" | "cy@example.com"
slot subj = "the report" | "lunch" | "the budget"
slot city_tz = { "Tokyo": "Asia/Tokyo", "London": "Europe/London", "Paris": "Europe/Paris" }

scenario weather {
    user "Weather in {city} {day} {unit} for {n} days"
    call get_weather(city=city, date=day, unit=unit, days=n) -> w
    assistant "{city}: {w.temp} degrees and {w.condition}."
}
scenario compare {
    user "Compare the weather in {city as a} and {city as b}"
    call get_weather(city=a) & get_weather(city=b)
    assistant "Here is the comparison."
}
scenario vague {
    user "What's the weather like?"
    call get_weather(city=city) -> w
    assistant "{city}: {w.condition}."
}
scenario sights {
    user "What should I see in {city}?"
    call find_sights(city=city) -> s
    assistant "Try {s[0].name} (rated {s[0].rating}) or {s[1].name}."
}
scenario mail {
    user "Email {email} about {subj}"
    call send_email(to=email, subject=subj)
    assistant "Sent."
}
scenario time.retry {
    user "What time is it in {city_tz}?"
    call get_time(timezone=city_tz.text) -> t1 fails unknown_zone
    call get_time(timezone=city_tz) -> t2
    assistant "It is {t2.time} in {city_tz}."
}
scenario flight.refuse {
    withhold book_flight
    user "Book me a flight to Rome"
    refuse "Sorry, I have no tool that can book flights."
}
scenario weather.refuse {
    tools find_sights
    withhold get_weather
    user "What's the weather in {city}?"
    refuse "Sorry, I can't check the weather here: none of my tools can." | "No weather tool here, sorry."
}
scenario hello {
    user "Hi there!"
    assistant "Hello! How can I help you today?"
}
dataset d { system en "You are a helpful assistant. Today is {today}." distractors 1..2 test 0% seed 3 }
'''

NEW_LABELS = ("count", "missing_optional", "needless_refusal", "wrong_fact", "skip_clarify", "skip_confirm",
              "skip_refuse", "ignore_error")


@pytest.fixture(scope="module")
def spec(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("rm") / "rm.tool"
    path.write_text(SPEC, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def setup(spec):
    prog, diags = check([spec])
    assert not diags, diags.render()
    return prog, Expander(prog, resolve_plan(prog, Options(), diags), TODAY)


def test_every_label_has_a_weight_and_the_mix_follows_fc_rewardbench():
    assert set(MIX) == set(PERTURBATIONS)
    fc = ("value", "tool", "count", "missing_optional", "missing", "type", "extra", "format")
    assert [MIX[k] for k in fc] == [650, 403, 245, 78, 45, 43, 21, 15]  # FC-RewardBench's 1,500 errors


def test_value_neighbours_pass_the_schema_and_are_wrong(setup):
    prog, _ = setup
    for conv in _conversations(setup, "weather"):
        d = _decision(conv, "call")
        tool = prog.tools["get_weather"].definition
        for c in _wrong_candidates(setup, "value", conv, d):
            (call,) = c.message.tool_calls
            assert validate_call(call, tool) == []  # a near miss: another city, date +-1, days +-1, other unit
            changed = [k for k in call.arguments if call.arguments[k] != d.calls[0].arguments[k]]
            assert len(changed) == 1
            if changed == ["city"]:
                assert call.arguments["city"] in ("Paris", "Rome", "Oslo", "Lisbon", "Vienna", "Prague", "Dublin",
                                                  "Madrid")
            if changed == ["date"]:
                delta = dt.date.fromisoformat(call.arguments["date"]) - dt.date.fromisoformat(d.calls[0].arguments["date"])
                assert abs(delta.days) == 1


def test_tool_is_a_same_domain_tool_with_mapped_arguments(setup):
    prog, _ = setup
    conv = _conversations(setup, "vague")[0]
    d = _decision(conv, "call")
    c = _wrong_candidates(setup, "tool", conv, d)[0]
    (call,) = c.message.tool_calls
    assert call.name == "find_sights" and call.arguments == {"city": d.calls[0].arguments["city"]}
    tools = c.tools if c.tools is not None else tuple(conv.tools)
    assert "find_sights" in [t["function"]["name"] for t in tools]  # offered beside the right tool
    assert is_hard("tool", c.message, tools)


BUNDLED = Path(__file__).resolve().parents[1] / "specs" / "main.tool"


@pytest.fixture(scope="module")
def bundled():
    """The bundled specs, checked once: ``(program, expander)``."""
    prog, diags = check([BUNDLED])
    return prog, Expander(prog, resolve_plan(prog, Options(), diags), TODAY)


@pytest.mark.parametrize("scenario, plausible", [
    ("en.files.read", {"list_files": True, "delete_file": True}),   # a path stays a path
    ("en.search.web", {"calculate": False}),                          # a search query is no arithmetic expression
])
def test_a_wrong_tool_is_hard_only_when_its_arguments_keep_their_meaning(bundled, scenario, plausible):
    """A wrong-tool negative that moves a value into a parameter meaning something else
    (``calculate(expression="how to learn Mandarin fast")``) is kept, but never labelled hard."""
    prog, ex = bundled
    conv = ex.expand(prog.scenarios[scenario], 1, "train")
    d = _decision(conv, "call")
    found = {c.message.tool_calls[0].name: c for c in candidates("tool", conv, d, ex, random.Random(0))}
    for name, want in plausible.items():
        assert found[name].plausible is want, (name, found[name].message.tool_calls)
    if not all(plausible.values()):  # the sampler labels such a pair easy even though it passes the schema
        c = next(c for n, c in found.items() if not plausible.get(n, True))
        tools = c.tools if c.tools is not None else tuple(conv.tools)
        assert schema_valid(c.message, tools) and c.plausible is False


def test_count_leaves_out_or_adds_a_parallel_call(setup):
    for conv in _conversations(setup, "compare", 6):
        d = _decision(conv, "call")
        sizes = {len(c.message.tool_calls) for c in _wrong_candidates(setup, "count", conv, d)}
        assert sizes == {1, 3}


def test_missing_optional_drops_what_the_user_asked_for(setup):
    for conv in _conversations(setup, "weather"):
        d = _decision(conv, "call")
        asked = d.calls[0].arguments
        for c in _wrong_candidates(setup, "missing_optional", conv, d):
            args = c.message.tool_calls[0].arguments
            assert any(k not in args or args[k] != v for k, v in asked.items() if k != "city")
            assert args["city"] == asked["city"]  # the required argument stays


TODAY_DEFAULT_SPEC = r'''
locale en_US
tool get_weather "Weather forecast for a city" {
    city: string
    date: date = today "First forecast day; today when omitted"
    unit: "celsius" | "fahrenheit" = "celsius"
    returns { city: string = city, temp: int(-5..35) }
}
slot city = "Paris" | "Rome" | "Oslo" | "Lisbon"
slot day = { "today": +0d, "tomorrow": +1d }
slot unit = { "in fahrenheit": "fahrenheit", "in celsius": "celsius" }
scenario weather {
    user "Weather in {city} {day} {unit}"
    call get_weather(city=city, date=day, unit=unit) -> w
    assistant "{city}: {w.temp} degrees."
}
dataset d { system en "You are a helpful assistant. Today is {today}." test 0% seed 3 }
'''


def test_leaving_out_an_argument_equal_to_its_default_is_right(tmp_path):
    """`date = today` and the user said "today": a call without `date` means the same, so it is right for the PPO
    ground truth and never the rejected side of a `missing_optional` pair (likewise `unit` said as "in celsius")."""
    path = tmp_path / "d.tool"
    path.write_text(TODAY_DEFAULT_SPEC, encoding="utf-8")
    prog, diags = check([path])
    assert not diags, diags.render()
    ex = Expander(prog, resolve_plan(prog, Options(), diags), TODAY)
    seen = set()
    for seed in range(40):
        conv = ex.expand(prog.scenarios["weather"], seed, "train")
        d = _decision(conv, "call")
        args = d.calls[0].arguments
        gold = list(turn_truth(prog, prog.scenarios["weather"], conv, d, TODAY).calls)
        for left_out in ("date", "unit"):
            pred = [ToolCall("get_weather", {k: v for k, v in args.items() if k != left_out})]
            at_default = args[left_out] == {"date": TODAY.isoformat(), "unit": "celsius"}[left_out]
            seen.add((left_out, at_default))
            assert check_calls(pred, gold, conv.tools).ok == at_default, (left_out, args)
        for c in candidates("missing_optional", conv, d, ex, random.Random(seed)):
            wrong = is_wrong(c.message, d, conv, "missing_optional", gold_calls(prog, conv, d, TODAY))
            dropped = set(args) - set(c.message.tool_calls[0].arguments)
            if dropped == {"date"}:
                assert wrong == (args["date"] != TODAY.isoformat()), (args, c.message.tool_calls)
    assert seen == {("date", True), ("date", False), ("unit", True), ("unit", False)}


def test_missing_and_extra_rename_arguments_both_ways():
    assert wrong_names("city", {"city"}) == ["location", "city_name", "target_city"]
    assert wrong_names("start_date", {}) == ["startDate", "sta", "start_date_name", "target_start_date"]


def test_skip_confirm_calls_without_asking(setup):
    for conv in _conversations(setup, "mail", 4):
        d = _decision(conv, "confirm")
        found = _wrong_candidates(setup, "skip_confirm", conv, d)
        calls = [c for c in found if c.message.tool_calls]
        assert calls and all(c.message.tool_calls == d.pending for c in calls)
        assert any(not c.message.tool_calls for c in found)  # or claims it is done
        assert is_hard("skip_confirm", calls[0].message, conv.tools)
        assert not is_hard("skip_confirm", calls[0].message, [])  # a call of a tool that is not offered


def test_skip_confirm_claims_what_the_conversation_reports_or_a_canned_done_where_the_user_declined(bundled):
    """A reply that skips the confirmation claims the action done in the conversation's own words (an id or an
    output nobody returned yet), not in the same canned text every conversation gets; where the user declined
    there is no such report: the report of a row where the call went through, in this conversation's address
    (hard), beside the canned claims (never hard)."""
    prog, ex = bundled
    reports = 0
    for name, confirmed in (("en.email.send", True), ("zh.email.send", True), ("en.email.declined", False)):
        for seed in range(4):
            conv = ex.expand(prog.scenarios[name], seed, "train")
            d = _decision(conv, "confirm")
            found = [c for c in _wrong_candidates(bundled, "skip_confirm", conv, d) if not c.message.tool_calls]
            claims = [c.message.content for c in found]
            if confirmed:
                report = conv.messages[-1].content
                assert claims == [report] and conv.messages[-2].role == "tool"
            else:
                to = d.pending[0].arguments["to"]
                assert conv.messages[-1].content not in claims
                assert sum(not c.plausible for c in found) == 3  # the canned claims
                made_up = [c.message.content for c in found if c.plausible]
                assert all(to in t for t in made_up), made_up
                reports += len(made_up)
    assert reports


def test_skip_refuse_calls_an_offered_tool(setup):
    for conv in _conversations(setup, "flight.refuse", 4):
        d = _decision(conv, "refuse")
        offered = {t["function"]["name"] for t in conv.tools}
        calls = [c for c in _wrong_candidates(setup, "skip_refuse", conv, d) if c.message.tool_calls]
        assert calls and all(c.message.tool_calls[0].name in offered for c in calls)
        assert all(schema_valid(c.message, conv.tools) for c in calls)


def test_skip_clarify_calls_with_a_value_the_user_never_said(setup):
    for conv in _conversations(setup, "vague", 6):
        d = _decision(conv, "clarify")
        said = conv.messages[d.index + 1].content
        calls = [c for c in _wrong_candidates(setup, "skip_clarify", conv, d) if c.message.tool_calls]
        assert calls
        for c in calls:
            assert c.message.tool_calls[0].name == "get_weather"
            assert c.message.tool_calls[0].arguments["city"] != said
        # a question, not an action: the reply is the conversation's answer said at once (naming the city the
        # user had yet to give), never "Done, it went through"
        replies = [c.message.content for c in _wrong_candidates(setup, "skip_clarify", conv, d)
                   if not c.message.tool_calls]
        assert replies == [conv.messages[-1].content] and said in replies[0]


def test_ignore_error_repeats_the_failed_call(setup):
    for conv in _conversations(setup, "time.retry", 4):
        d = [x for x in conv.decisions if x.expect == "call"][1]  # the retry after unknown_zone
        (c,) = _wrong_candidates(setup, "ignore_error", conv, d)
        assert c.message.tool_calls == (ToolCall("get_time", conv.calls[0].arguments),)
        gold = [gold_from_call(x, next(t for t in conv.tools if t["function"]["name"] == x.name)) for x in d.calls]
        assert not check_calls(list(c.message.tool_calls), gold, conv.tools).ok


def test_no_call_makes_up_the_answer_to_this_request(bundled):
    """Left out, a call is answered with what the conversation says next from its results: the forecast of the
    first request of a session (not the umbrella advice or the other city asked for later), and after a read that
    fails, "the file does not exist, the folder has ..." (not the contents of the file the user picks next)."""
    prog, ex = bundled
    for scenario in ("zh.weather.session", "zh.files.missing"):
        for seed in range(3):
            conv = ex.expand(prog.scenarios[scenario], seed, "train")
            d = _decision(conv, "call")
            nxt = next(x for x in conv.decisions if x.index > d.index and x.expect != "call")
            assert conv.quotes.get(nxt.index), scenario
            found = _wrong_candidates(bundled, "no_call", conv, d)
            assert found[0].message.content == conv.messages[nxt.index].content != conv.messages[-1].content


def test_ignore_error_and_skip_clarify_claim_in_the_conversations_own_words(bundled):
    """After "fully booked", the reply that ignores the error is the conversation's own report of the booking that
    later went through, said too early; a skipped clarification of an email is the report of the email sent, before
    the user named the address -- not a canned "Done" (a text a reward model learns by its words)."""
    prog, ex = bundled
    for seed in range(3):
        conv = ex.expand(prog.scenarios["en.restaurant.book"], seed, "train")
        d = _decision(conv, "clarify")  # "X is fully booked at 19:00. Another time?"
        replies = [c.message.content for c in _wrong_candidates(bundled, "ignore_error", conv, d)
                   if not c.message.tool_calls]
        assert replies == [conv.messages[-1].content] and conv.messages[-2].role == "tool"
        conv = ex.expand(prog.scenarios["en.email.vague"], seed, "train")
        d = _decision(conv, "clarify")
        replies = [c.message.content for c in _wrong_candidates(bundled, "skip_clarify", conv, d)
                   if not c.message.tool_calls]
        assert replies == [conv.messages[-1].content]


def test_wrong_fact_changes_one_fact_of_the_results(setup):
    for conv in _conversations(setup, "sights", 6):
        d = [x for x in conv.decisions if x.expect == "none"][-1]
        chosen = conv.messages[d.index].content
        for c in _wrong_candidates(setup, "wrong_fact", conv, d):
            assert c.message.content != chosen and not c.message.tool_calls
            new = c.message.content  # one quoted result value swapped, the text around it kept
            assert any(new.startswith(chosen[:chosen.index(t)]) and new.endswith(chosen[chosen.index(t) + len(t):])
                       for _, _, t, _ in conv.quotes[d.index] if t in chosen)


def test_wrong_facts_are_not_wrong_by_their_form(setup):
    """A wrong fact is a value the results could have given: never a second mention of a name the answer already
    says ("Try Harbour or Harbour"), a rating outside the field's declared 1..5, or a number below zero where the
    results have none (a -1 % chance of rain) -- defects a reward model spots without reading the results."""
    seen = 0
    for conv in _conversations(setup, "sights", 12):
        d = [x for x in conv.decisions if x.expect == "none"][-1]
        chosen = conv.messages[d.index].content
        names = {it["name"] for it in conv.calls[0].result}
        for c in _wrong_candidates(setup, "wrong_fact", conv, d):
            seen += 1
            new = c.message.content
            assert all(new.count(n) <= max(1, chosen.count(n)) for n in names), (chosen, new)
            ratings = [int(x) for x in re.findall(r"rated (-?\d+)", new)]
            assert all(1 <= r <= 5 for r in ratings), new
    assert seen >= 12


def test_spurious_call_after_results_repeats_the_call_that_gave_them(setup):
    """After a forecast came back, the first spurious call is the same get_weather call again (every argument right:
    only the results already in the prompt make it wrong), not a call with values nobody said."""
    for conv in _conversations(setup, "weather", 4):
        d = _decision(conv, "none")
        first = _wrong_candidates(setup, "spurious_call", conv, d)[0]
        assert first.message.tool_calls == (ToolCall("get_weather", conv.calls[0].arguments),)


def test_needless_refusal_and_spurious_call_on_smalltalk(setup):
    conv = _conversations(setup, "hello", 1)[0]
    d = _decision(conv, "none")
    refusals = _wrong_candidates(setup, "needless_refusal", conv, d)
    assert len({len(answer_text(c.message)) for c in refusals}) >= 3  # lengths on both sides of the reply
    # no tool was called: no spec refusal is on topic ("I have no tool that can book flights" to a greeting), only
    # the canned ones, never hard
    assert not any("flights" in c.message.content or "weather" in c.message.content for c in refusals)
    assert not any(is_hard("needless_refusal", c.message, conv.tools) and c.plausible for c in refusals)
    assert all(c.message.tool_calls for c in _wrong_candidates(setup, "spurious_call", conv, d))


def test_needless_refusal_names_the_tools_of_its_own_conversation(setup):
    """Where no spec refusal fits, the over-refusal is said in the conversation's terms -- the tools it offers
    (smalltalk: "I can only use get_weather and find_sights") or the tool whose results it ignores -- so the texts
    differ between rows as the tool lists do, not one canned "Sorry, I can't" in every row; the two shortest
    canned texts stay beside them for the length balance (a greeting's reply is shorter than any tool list)."""
    lists = set()
    for conv in _conversations(setup, "hello", 6):
        d = _decision(conv, "none")
        texts = [c.message.content for c in _wrong_candidates(setup, "needless_refusal", conv, d)]
        offered = [t["function"]["name"] for t in conv.tools]
        named = [t for t in texts if all(n in t for n in offered)]
        assert len(named) == 2, texts
        assert set(texts) - set(named) == {"Sorry, I can't.", "Sorry, I can't help with that."}
        lists.add(tuple(offered))
    assert len(lists) > 1  # rows offer other tools, and their refusals say so
    for conv in _conversations(setup, "sights", 2):  # no scenario withholds find_sights: no spec refusal fits
        d = _decision(conv, "none")
        texts = [c.message.content for c in _wrong_candidates(setup, "needless_refusal", conv, d)]
        assert "Sorry, find_sights didn't give me what I need to answer that." in texts


def test_needless_refusal_after_results_is_the_refusal_of_rows_without_the_tool(setup):
    # the answer after get_weather's result against the spec's refusal where get_weather is withheld: the chosen
    # answer of `weather.refuse`, hard; the flight refusal (another task) is not a candidate
    for conv in _conversations(setup, "weather", 4):
        d = _decision(conv, "none")
        refusals = _wrong_candidates(setup, "needless_refusal", conv, d)
        assert [c.message.content for c in refusals[:2]] == \
            ["Sorry, I can't check the weather here: none of my tools can.", "No weather tool here, sorry."]
        assert [is_hard("needless_refusal", c.message, conv.tools) and c.plausible for c in refusals] == [True, True]
        assert not any("flights" in c.message.content for c in refusals)


@pytest.fixture(scope="module")
def built(spec, tmp_path_factory):
    out = tmp_path_factory.mktemp("rmb") / "out"
    manifest = build([spec], out, today=TODAY, sft=0, ppo=0, rm=1500, formats=list(FORMATS), progress=False)
    return out, manifest


def _rm_rows(out, fmt):
    rows = []
    for split in ("train", "test"):
        path = out / "rm" / fmt / f"{split}.jsonl"
        if path.is_file():
            rows += [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    return rows


def test_every_new_label_occurs_in_a_build(built):
    _, m = built
    assert set(NEW_LABELS) <= set(m["perturbations"]), m["perturbations"]


def test_hard_column_in_every_rm_format(built):
    out, m = built
    ids = None
    for fmt in FORMATS:
        writer = get_writer(fmt, TODAY)
        rows = _rm_rows(out, fmt)
        assert rows, fmt
        if writer.bare:  # OpenAI's preference files take no other keys
            assert all("hard" not in r for r in rows)
            continue
        assert writer.features("rm")["hard"].dtype == "bool"
        hard = {r["id"]: r["hard"] for r in rows}
        assert all(isinstance(v, bool) for v in hard.values())
        assert ids is None or all(ids[k] == v for k, v in hard.items())  # one canonical record behind every format
        if ids is None or len(hard) > len(ids):  # a format may leave out rows it cannot express (W301)
            ids = {**(ids or {}), **hard}
    assert sum(ids.values()) == m["rm_pairs"]["hard"]


def test_chosen_differs_from_rejected_in_every_format(built):
    out, _ = built
    for fmt in FORMATS:
        a, b = get_writer(fmt, TODAY).rm_columns
        for r in _rm_rows(out, fmt):
            assert r[a] != r[b], (fmt, r.get("id"))


def test_no_rejected_answer_is_padded_with_words_no_chosen_answer_has(built):
    """A rejected call is written bare, as every chosen call is (an acknowledgement before it, "Sure, doing that
    now.", would teach a reward model that text before a call is wrong), and a ``no_call`` reply is not lengthened
    with a polite tail that no chosen answer has (a reward model would mark the tail down wherever it appears)."""
    out, _ = built
    rows = _rm_rows(out, "openai")
    calls = [r["rejected"][-1] for r in rows if r["rejected"][-1].get("tool_calls")]
    assert calls and all(not m.get("content") for m in calls)
    replies = [r["rejected"][-1]["content"] for r in rows if r["perturbation"] == "no_call"]
    chosen = {m["content"] for r in rows for m in r["chosen"] if m.get("content")}
    assert replies and not any(c != t and c.startswith(t) for c in replies for t in chosen)


def test_length_balance_per_label(built):
    out, m = built
    for label, c in m["rm_pairs"]["lengths"].items():  # the default family's text
        differ = c["longer"] + c["shorter"]
        if differ >= 20:
            assert 0.4 <= c["longer"] / differ <= 0.6, (label, c)
    report = audit(out)  # each format within the sampler's slack for formats (compiler.pairs.FORMAT_SLACK)
    for fmt in ("qwen", "qwen-fc", "alpaca", "openai"):
        for label, c in report["lengths"][fmt].items():
            if c["longer"] + c["shorter"] >= 30:
                n = c["longer"] + c["shorter"] + c["equal"]
                assert abs(c["longer"] - c["shorter"]) <= max(4, FORMAT_SLACK * n), (fmt, label, c)
                assert 0.35 <= c["longer_share"] <= 0.65, (fmt, label, c)


def test_near_misses_are_the_majority_and_shortcuts_fail(built):
    out, m = built
    report = audit(out)
    assert report["hard_share"] >= 0.6 and report["near_miss_share"] >= 0.6, report
    assert report["classifier_max"] <= 0.65, report["classifier"]


def test_the_audit_counts_canned_rejected_replies():
    """A reply that is the rejected answer of >= 5 pairs and the chosen answer of none is canned: a reward model can
    learn to mark it down by its words alone; one that is also chosen somewhere is not."""
    from toolc.compiler.rm_audit import canned

    def pair(label, chosen, rejected):
        return {"label": label, "chosen_text": chosen, "rejected_text": rejected}
    pairs = ([pair("needless_refusal", "Paris: sunny.", "Sorry, I can't.") for _ in range(5)]
             + [pair("skip_confirm", "Send it?", "Done, it went through.") for _ in range(5)]
             + [pair("needless_refusal", "Done, it went through.", "Sorry, I can't help.") for _ in range(4)]
             + [pair("no_call", None, "Let me check.") for _ in range(6)])
    assert canned(pairs) == {"needless_refusal": 5, "no_call": 6}  # "Done, ..." is chosen once
    assert canned(pairs[:10]) == {"needless_refusal": 5, "skip_confirm": 5}


def test_a_type_pair_that_alpaca_writes_the_same_is_not_taken(spec):
    prog, diags = check([spec])
    plan = resolve_plan(prog, Options(), diags)
    from dataclasses import replace

    plan = replace(plan, perturb=("type",), scenarios=("weather",))
    gen = Generator(prog, plan, TODAY, writers=(AlpacaWriter(),))
    rows = [AlpacaWriter().render(r) for r in gen.records("rm")]
    assert rows and all(r["chosen"] != r["rejected"] for r in rows)
    assert gen.pairs.stats.indistinct > 0  # days=3 vs days="3" read `days=3` in alpaca: skipped


def test_the_bundled_build_meets_the_targets(tmp_path):
    """Issue 9: schema-valid near misses >= 60 % of the pairs, the shortcut classifier <= 65 %, and every label with
    enough pairs of different lengths within 50 +- 10 % (bundled specs, RM only)."""
    root = Path(__file__).resolve().parents[1]
    out = tmp_path / "out"
    build([root / "specs" / "main.tool"], out, dataset="assistant", today=dt.date(2025, 4, 23), sft=0, ppo=0,
          formats=["qwen", "openai", "alpaca"], progress=False)
    report = audit(out)
    assert report["hard_share"] >= 0.6 and report["near_miss_share"] >= 0.6, report
    assert report["classifier_max"] <= 0.65, report["classifier"]
    for fmt, table in report["lengths"].items():
        for label, c in table.items():
            if c["longer"] + c["shorter"] >= 30:
                assert 0.4 <= c["longer_share"] <= 0.6, (fmt, label, c)


@pytest.mark.parametrize("seed", [42, 2])
def test_a_call_against_a_reply_keeps_its_share_when_formats_write_calls_at_very_different_lengths(tmp_path, seed):
    """alpaca writes a call shorter than most replies (``get_weather(city=Paris)``), qwen-fc longer (its JSON): a
    reply of middling length is longer in one format and shorter in the other. The sampler takes the candidate that
    evens every format's balance best, so pairs of a call against a reply (``no_call``, the calls of the ``skip_``
    labels) are not starved: before, 14 ``no_call`` pairs of 1,000 (the MIX asks for ~18) and 30 pairs where only
    the rejected side calls against 20 where only the chosen side does. Seed 2 had 53 against 32 while only
    ``no_call`` answered the calling side (now ``spurious_call`` yields too); replies listing a result's items, 49
    against 38 with seed 42 (now :data:`compiler.pairs.SHAPE_SLACK`)."""
    root = Path(__file__).resolve().parents[1]
    out = tmp_path / "out"
    build([root / "specs" / "main.tool"], out, dataset="assistant", today=dt.date(2025, 4, 23), sft=0, ppo=0, rm=1000,
          formats=["openai", "qwen-fc", "alpaca"], progress=False, seed=seed)
    labels, sides = {}, {"rejected": 0, "chosen": 0}
    for r in _rm_rows(out, "openai"):
        labels[r["perturbation"]] = labels.get(r["perturbation"], 0) + 1
        # a malformed call tries to call (pairs.calling_side, the sampler's count), though openai writes it as text
        a = bool(r["chosen"][-1].get("tool_calls"))
        b = bool(r["rejected"][-1].get("tool_calls")) or r["perturbation"] == "format"
        if a != b:
            sides["rejected" if b else "chosen"] += 1
    assert labels["no_call"] >= 1000 * MIX["no_call"] / sum(MIX.values()), labels  # its share of the mix (~18)
    assert abs(sides["rejected"] - sides["chosen"]) <= 0.1 * sum(sides.values()), sides
    report = audit(out)
    for fmt, table in report["lengths"].items():  # and every format stays balanced
        for label, c in table.items():
            if c["longer"] + c["shorter"] >= 30:
                assert 0.4 <= c["longer_share"] <= 0.6, (fmt, label, c)


def test_a_value_taken_from_a_result_is_missed_for_another_item_of_the_results():
    """`destination=r[0].address`: the wrong value is another restaurant's address from the same results (a pick a
    model can get wrong), not the address cut or doubled (wrong by its form alone)."""
    from types import SimpleNamespace

    from toolc.compiler.conversation import CallTrace
    from toolc.compiler.perturb import neighbours

    found = [{"name": "A", "address": "1 Main St"}, {"name": "B", "address": "2 Oak Ave"},
             {"name": "C", "address": "3 Elm Rd"}]
    conv = SimpleNamespace(calls=[CallTrace("search_restaurants", {"location": "X"}, found, 3)])
    assert neighbours("1 Main St", None, None, conv, None, random.Random(0)) == ["2 Oak Ave", "3 Elm Rd"]
    # a text no result gives: cut or doubled, as before
    assert neighbours("free text", None, None, conv, None, random.Random(0)) == ["free tex", "free textfree text"]


@pytest.mark.parametrize("scenario,argument,some", [
    ("en.db.columns", "columns", True),   # columns=["id", "amount"]: another column ("status"), not "i"
    ("zh.db.columns", "columns", True),
    ("en.email.send", "subject", True),   # a subject of the specs' other emails, not the subject cut
    ("zh.db.top", "order_by", False),     # order_by="-amount", the only sort key written: none, not "-amoun"
])
def test_a_written_argument_is_missed_for_another_value_the_specs_write(bundled, scenario, argument, some):
    """A `value` negative of an argument written in the spec is a value other requests of the same tool ask for
    (``columns=["status", "amount"]`` for ``["id", "amount"]``), never the text cut or doubled (wrong by its form
    alone); an argument written with one value only gets no such negative."""
    from toolc.compiler.perturb import written_values

    prog, ex = bundled
    seen = 0
    for n in range(1, 9):
        conv = ex.expand(prog.scenarios[scenario], n, "train")
        d = _decision(conv, "call")
        call = next(c for c in d.calls if argument in c.arguments)
        right = call.arguments[argument]
        written = set(written_values(prog, call.name, argument, conv.locale))
        for c in candidates("value", conv, d, ex, random.Random(n)):
            wrong = next(x for x in c.message.tool_calls if x.name == call.name).arguments.get(argument)
            if wrong is None or wrong == right:
                continue
            seen += 1
            for r, w in (zip(right, wrong) if isinstance(right, list) else [(right, wrong)]):
                if r != w:
                    assert w in written and w not in (r[:-1], r + r), (right, wrong)
    assert bool(seen) is some


@pytest.mark.parametrize("scenario,expect", [("zh.weather.vague", "clarify"), ("en.weather.vague", "clarify"),
                                             ("en.refuse.flight", "refuse"), ("zh.refuse.media", "refuse")])
def test_wrong_language_is_the_right_turn_in_the_other_language(bundled, scenario, expect):
    """`wrong_language`: a clarification asks for the same parameter with its own `ask` question of the other
    language, a refusal refuses in the other language; the checker calls it wrong (the ground truth's `lang`),
    and the reward's content check gives it 0 while the chosen turn gets 1."""
    from toolc.compiler.checker.truth import content_score, in_language
    from toolc.compiler.ground_truth import missing_param
    from toolc.compiler.pairs import is_wrong

    prog, ex = bundled
    conv = ex.expand(prog.scenarios[scenario], 1, "train")
    d = _decision(conv, expect)
    assert applicable("wrong_language", conv, d, prog)
    found = candidates("wrong_language", conv, d, ex, random.Random(0))
    assert found
    truth = turn_truth(prog, prog.scenarios[scenario], conv, d, TODAY)
    assert content_score(truth, conv.messages[d.index].content) == 1.0
    other = [a.text for p in (prog.tools["get_weather"].node.params) for a in (p.asks or ()) if a.lang != conv.lang]
    for c in found:
        assert not c.message.tool_calls and not in_language(c.message.content, conv.lang)
        if expect == "clarify":  # the other language's own question, nothing appended to it
            assert c.message.content in other
        assert is_wrong(c.message, d, conv, "wrong_language", ())
        assert content_score(truth, c.message.content) == 0.0
        if expect == "clarify":  # the same parameter asked for: only the language is wrong (named by the words of
            # both languages' questions; the row's truth keeps those of its own script only)
            assert all(missing_param(prog, "get_weather", m.name).named_by(c.message.content) for m in truth.missing)


@pytest.mark.parametrize("scenario,twin", [("zh.refuse.ride", "en.refuse.ride"), ("en.refuse.alarm", "zh.refuse.alarm"),
                                           ("zh.refuse.no_weather", "en.refuse.no_weather")])
def test_wrong_language_refuses_the_same_task_in_the_other_language(bundled, scenario, twin):
    """A refusal's `wrong_language` negatives are the refusals of the other language's scenario of the same task (it
    withholds and offers the same tools: a Chinese taxi request refused in English as a taxi request, not as a
    payment); the canned refusals beside them are never hard."""
    prog, ex = bundled
    twins = {"".join(p.text for p in alt.parts) for step in prog.scenarios[twin].node.steps
             if getattr(step, "refuse", False) for alt in step.alternatives if all(p.kind == "text" for p in alt.parts)}
    assert twins
    for n in range(3):
        conv = ex.expand(prog.scenarios[scenario], n, "train")
        found = candidates("wrong_language", conv, _decision(conv, "refuse"), ex, random.Random(n))
        own = [c.message.content for c in found if c.plausible]
        assert own and set(own) <= twins, (own, twins)
        assert all(c.message.content in own or not c.plausible for c in found)


def test_a_declined_booking_is_claimed_done_in_this_conversations_time_and_date(bundled):
    """Where the user said no to a booking, ``skip_confirm``'s claim that it is done is the report of a row where a
    booking went through (``en.restaurant.book_now``), put in this conversation's restaurant, date and time: the
    report quotes the time and date as values ("20:00" where the user said "8 pm"), which are put in too, not left
    as the other row's (which made the report unusable, and the canned "All done!" took its place)."""
    prog, ex = bundled
    made_up = 0
    for seed in range(8):
        conv = ex.expand(prog.scenarios["en.restaurant.book_declined"], seed, "train")
        d = _decision(conv, "confirm")
        draws = {conv.aliases.get(a, a): dr for a, dr in conv.draws.items()}
        for c in _wrong_candidates(bundled, "skip_confirm", conv, d):
            if c.message.tool_calls or not c.plausible:
                continue
            text = c.message.content
            assert draws["en_restname"].surface in text, text
            assert draws["en_bookday"].value in text, text
            assert draws["en_booktime"].value in text or draws["en_booktime"].surface in text, text
            made_up += 1
    assert made_up >= 4
