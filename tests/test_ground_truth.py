"""Ground truth a verifier can trust (issue 9): what PPO rows state per kind of turn, and the reward that reads it --
acceptable alternatives, an omitted default, order-free parallel calls, wrong values rejected, and the content
checks of clarify / confirm / refuse / final answers."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from family_fixtures import bundled_records

from toolc.compiler.build import Options, check, resolve_plan
from toolc.compiler.checker import TurnTruth, reward_components, tool_call_reward
from toolc.compiler.checker.truth import MissingParam, content_score, in_language, says_cannot, says_failed
from toolc.compiler.expand import Expander, ExpansionError
from toolc.compiler.generate import Generator
from toolc.compiler.ground_truth import turn_truth
from toolc.compiler.simulate.errors import is_error
from toolc.compiler.writers.base import ground_truth_json

TODAY = dt.date(2026, 12, 2)

SPEC = r'''
locale en_US
tool get_weather "Get the weather forecast" {
    city: string "City name, e.g. Paris" ask en "Which city?" ask zh "请问您想查询哪个城市？"
    date: date = today "Forecast day"
    days: int(1..7) = 1 "Number of days"
    returns { temp: int(-10..40) }
}
tool send_email "Send an email" {
    to: string
    subject: string
    returns { status: "sent" }
    confirm en "I'll email {to} about \"{subject}\". Send it?"
}
tool book_flight "Book a flight" { destination: string }

slot city = "Paris" | "Oslo" | "Lima" | "Quito"
slot day = { "today": +0d, "tomorrow": +1d }
slot n = { "two days": 2, "three days": 3 }
slot email = "ann@example.com" | "bob@example.com"
slot subj = "the report" | "lunch"

scenario weather {
    user "Weather in {city} {day}?"
    call get_weather(city=city, date=day) -> w
    assistant "It is {w.temp} degrees in {city}."
}
scenario weather.days {
    user "Forecast for {city} for {n}"
    call get_weather(city=city, days=n) -> w
    assistant "{w.temp} degrees."
}
scenario weather.vague {
    user "What's the weather like {day}?"
    call get_weather(city=city, date=day) -> w
    assistant "{w.temp} degrees in {city}."
}
scenario weather.two {
    user "Weather in {city} and {city as c2}?"
    call get_weather(city=city) -> a & get_weather(city=c2) -> b
    assistant "{city}: {a.temp}, {c2}: {b.temp}."
}
scenario mail {
    user "Email {email} about {subj}"
    call send_email(to=email, subject=subj) -> r
    assistant "Sent."
}
scenario flight.refuse {
    withhold book_flight
    user "Book me a flight to Rome"
    refuse "Sorry, I have no tool that can book flights."
}
scenario chat { user "Hi!" assistant "Hello! How can I help?" }
dataset d { system en "You are a helpful assistant. Today is {today}." distractors 0..0 test 0% ppo 120 sft 40 }
'''


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    spec = tmp_path_factory.mktemp("truth") / "t.tool"
    spec.write_text(SPEC, encoding="utf-8")
    prog, diags = check([spec])
    assert not diags.errors, diags.render()
    plan = resolve_plan(prog, Options(), diags)
    return prog, plan, Expander(prog, plan, TODAY)


def truths(built, scenario, expect, n=8):
    prog, _, ex = built
    out = []
    for seed in range(n):
        conv = ex.expand(prog.scenarios[scenario], seed, "train")
        out += [(conv, d, turn_truth(prog, prog.scenarios[scenario], conv, d, TODAY))
                for d in conv.decisions if d.expect == expect]
    assert out, f"no {expect} turn in {scenario}"
    return out


def call(name, **args):
    return f"<tool_call>\n{json.dumps({'name': name, 'arguments': args})}\n</tool_call>"


def test_call_truth_accepts_what_means_the_same(built):
    for conv, d, t in truths(built, "weather", "call"):
        (gold,) = t.calls
        city, date = d.calls[0].arguments["city"], d.calls[0].arguments["date"]
        tools = conv.tools
        assert tool_call_reward(call("get_weather", city=city, date=date), t, tools) == 1.0
        assert tool_call_reward(call("get_weather", city=city.upper(), date=date, days=1), t, tools) == 1.0
        assert tool_call_reward(call("get_weather", city=city, date=date, days=1.0), t, tools) == 1.0  # 1 == 1.0
        wrong = reward_components(call("get_weather", city="Atlantis", date=date), t, tools)
        assert wrong["arg_values"] == 0.5 and wrong["content"] == 0.0
        bad_days = reward_components(call("get_weather", city=city, date=date, days=2), t, tools)
        assert bad_days["content"] == 0.0
        if date == TODAY.isoformat():  # the user said "today": the date is the default and may be left out
            assert "" in gold.arguments["date"]
            assert tool_call_reward(call("get_weather", city=city), t, tools) == 1.0
        else:
            assert reward_components(call("get_weather", city=city), t, tools)["content"] == 0.0


def test_an_omitted_today_default_may_be_passed_explicitly(built):
    for conv, d, t in truths(built, "weather.days", "call"):
        args = d.calls[0].arguments
        assert "date" not in args and t.calls[0].arguments["date"] == ["", TODAY.isoformat()]
        explicit = call("get_weather", city=args["city"], days=args["days"], date=TODAY.isoformat())
        assert tool_call_reward(explicit, t, conv.tools) == 1.0
        assert tool_call_reward(call("get_weather", city=args["city"], days=float(args["days"])), t, conv.tools) == 1.0
        other_day = call("get_weather", city=args["city"], days=args["days"], date="2026-12-25")
        assert reward_components(other_day, t, conv.tools)["content"] == 0.0


def test_parallel_calls_are_order_free(built):
    (conv, d, t), *_ = truths(built, "weather.two", "call", 1)
    assert t.order_free and t.to_json()["order_free"] is True and len(t.calls) == 2
    a, b = (c.arguments["city"] for c in d.calls)
    assert tool_call_reward(call("get_weather", city=b) + call("get_weather", city=a), t, conv.tools) == 1.0
    one = reward_components(call("get_weather", city=a), t, conv.tools)
    assert one["tool_name"] == 0.5 and one["content"] == 0.0
    ordered = TurnTruth("call", t.calls, order_free=False)
    assert reward_components(call("get_weather", city=b) + call("get_weather", city=a), ordered, conv.tools)[
        "content"] == 0.0


def test_clarify_truth_names_the_missing_parameter_in_both_languages(built):
    found = truths(built, "weather.vague", "clarify")
    assert found
    for conv, d, t in found:
        (missing,) = t.missing
        assert missing.name == "city" and "city" in missing.words
        assert "天气" not in missing.words and "weather" not in missing.words  # the tool's topic names nothing
        # the conversation is English: the words of the parameter's Chinese question (城市) and the Chinese question
        # words of a place (哪里) are not among those an English question can use
        assert not any("\u4e00" <= ch <= "\u9fff" for w in missing.words for ch in w), missing.words
        for text, named in [("Which city?", True), ("In which CITY should I look?", True),
                            ("Where are you?", True),  # the question word of a place
                            ("请问是哪个城市？", False), ("您在哪里？", False),
                            ("What day do you mean?", False), ("请问是哪一天？", False)]:
            assert missing.named_by(text) is named, text
            assert reward_components(text, t, conv.tools)["content"] == float(named), text
        assert reward_components(call("get_weather", city="Paris"), t, conv.tools) == dict.fromkeys(
            ("format", "tool_name", "arg_names", "arg_values", "content"), 0.0)


def test_confirm_refuse_and_final_answer_truths(built):
    for conv, d, t in truths(built, "mail", "confirm"):
        args = d.pending[0].arguments
        assert set(t.restate) == {args["to"], args["subject"]}
        assert reward_components(f"Send the mail about {args['subject']} to {args['to']}?", t, conv.tools)[
            "content"] == 1.0
        assert reward_components("Shall I go ahead?", t, conv.tools)["content"] == 0.0
        assert reward_components(call("send_email", **args), t, conv.tools)["format"] == 0.0  # no call before a yes
    for conv, d, t in truths(built, "flight.refuse", "refuse", 2):
        assert t.not_tools == ("book_flight",) and t.no_call
        assert reward_components("Sorry, I can't book flights.", t, conv.tools)["content"] == 1.0
        assert says_cannot("抱歉，我无法订机票。")  # a Chinese refusal is one, but not to an English user:
        assert reward_components("抱歉，我无法订机票。", t, conv.tools)["content"] == 0.0
        assert reward_components("Done, your flight to Rome is booked.", t, conv.tools)["content"] == 0.0
    for conv, d, t in truths(built, "weather", "none"):
        temp = str(json.loads(conv.messages[d.index - 1].content)["temp"])
        assert temp in t.facts
        assert reward_components(f"{temp} degrees.", t, conv.tools)["content"] == pytest.approx(
            1 / len(t.facts) * sum(f in f"{temp} degrees." for f in t.facts))


def test_ppo_rows_state_a_ground_truth_for_every_kind(built):
    prog, plan, _ = built
    gen = Generator(prog, plan, TODAY)
    rows = [json.loads(ground_truth_json(r)) for r in gen.records("ppo")]
    kinds = {g["expect"] for g in rows}
    assert kinds == {"call", "clarify", "confirm", "refuse", "none"}
    for g in rows:
        t = TurnTruth.from_json(g)
        assert g["no_call"] == (t.expect != "call")
        assert t.to_json() == g  # round trip
        if t.expect == "call":
            assert t.calls
        elif t.expect == "clarify":
            assert t.missing
        elif t.expect == "confirm":
            assert t.restate
        elif t.expect == "refuse":
            assert t.not_tools
    assert gen.tally.ppo_expects == {k: sum(g["expect"] == k for g in rows) for k in kinds}


def test_sft_truth_column_is_the_full_truth_without_its_calls(built):
    """SFT records skip the gold calls (``calls=False``); the ``truth`` column they give is the one the full
    ground truth gives, for every kind of turn."""
    prog, plan, ex = built
    kinds = set()
    for name, scen in prog.scenarios.items():
        for seed in range(6):
            conv = ex.expand(scen, seed, "train")
            for d in conv.decisions:
                full, lean = turn_truth(prog, scen, conv, d, TODAY), turn_truth(prog, scen, conv, d, TODAY, calls=False)
                assert lean.to_json(with_calls=False) == full.to_json(with_calls=False)
                assert lean.calls == () and (full.calls != ()) == (d.expect == "call")
                kinds.add(d.expect)
    assert kinds == {"call", "clarify", "confirm", "refuse", "none"}


def test_a_reply_in_the_other_language_earns_no_content():
    """A no-call turn's truth carries the conversation's language; a reply in the other one scores 0 on content
    however many of the truth's words it holds (a clarification's words and a refusal's phrases are listed in
    both languages), while values it quotes (a name, a translation) may be in any language."""
    assert in_language("Which city?", "en") and not in_language("请问您要查哪个城市？", "en")
    assert in_language("请问您要查哪个城市？", "zh") and not in_language("Which city do you mean?", "zh")
    assert in_language("sqrt(144) + 7 = 19", "zh")  # no English sentence: a formula
    assert in_language("In Chinese: 博物馆周一闭馆。", "en", ["博物馆周一闭馆。"])  # a quoted translation
    assert in_language("Paris：晴，12℃", "zh") and in_language("anything", None) and in_language("任何", "fr")
    # a sprinkle of the other script does not make a reply of one language pass for the other
    assert not in_language("Sure, the weather in the city is fine 好", "zh")
    assert not in_language("好的，天气很好，没有问题 OK fine", "en")
    truth = TurnTruth("clarify", missing=(MissingParam("city", ("city", "城市")),), lang="zh")
    assert content_score(truth, "请问是哪个城市？") == 1.0 and content_score(truth, "Which city?") == 0.0
    assert TurnTruth.from_json(truth.to_json()) == truth and truth.to_json()["lang"] == "zh"
    assert TurnTruth.from_json({"expect": "clarify"}).lang is None  # older truths: not checked


def test_a_confirmation_in_the_users_own_words_restates_the_call():
    """"Book Pho 79 today at 6:30 pm for two?" restates reservation(2026-12-03, 18:30, 2) as well as the gold question
    does: the truth lists the user's words for a restated date, time or number (``said``); a wrong time, or a
    command described instead of named ("check disk space" for ``df -h``), does not restate it."""
    from pathlib import Path

    prog, diags = check([Path(__file__).resolve().parents[1] / "specs" / "main.tool"])
    ex = Expander(prog, resolve_plan(prog, Options(), diags), TODAY)
    scen = prog.scenarios["en.restaurant.book_declined"]
    for seed in range(4):
        conv = ex.expand(scen, seed, "train")
        d = next(x for x in conv.decisions if x.expect == "confirm")
        t = turn_truth(prog, scen, conv, d, TODAY)
        said = dict(t.said)
        assert TurnTruth.from_json(t.to_json()) == t and said
        args = d.pending[0].arguments
        own = " ".join([args["restaurant"]] + [said.get(str(args[k]), (str(args[k]),))[0]
                                               for k in ("date", "time", "party_size")])
        assert content_score(t, f"Shall I book {own}?") == 1.0, (own, t)
        wrong = own.replace(said.get(args["time"], (args["time"],))[0], "11:45 pm")
        assert content_score(t, f"Shall I book {wrong}?") < 1.0
    scen = prog.scenarios["en.cmd.run"]
    conv = ex.expand(scen, 0, "train")
    t = turn_truth(prog, scen, conv, next(x for x in conv.decisions if x.expect == "confirm"), TODAY)
    assert not t.said  # the user's request is no restatement of the command
    # a value neither the user nor a tool gave (the subject the assistant chose, 译文) is not required of another
    # answer, which may choose its own; the address the user gave is, and so is the body a tool gave (the
    # translation the question shows before it is sent)
    scen = prog.scenarios["zh.translate.email"]
    conv = ex.expand(scen, 0, "train")
    d = next(x for x in conv.decisions if x.expect == "confirm")
    t = turn_truth(prog, scen, conv, d, TODAY)
    args = d.pending[0].arguments
    assert "译文" in conv.messages[d.index].content and args["body"] in conv.messages[d.index].content
    assert t.restate == (args["to"], args["body"])


def test_a_number_is_mentioned_only_as_a_number_of_its_own():
    """A fact ``14`` or a party size ``2`` is not mentioned by a date that holds the digits (``2026-12-14``): else a
    policy earns the content reward by naming any date."""
    from toolc.compiler.checker.truth import mentions

    assert mentions("Rain on 2026-12-14.", ["14"]) == 0.0 and mentions("A 14% chance of rain.", ["14"]) == 1.0
    assert mentions("Book 2026-12-05 at 19:00?", ["2026-12-05", "19:00", "2"]) == pytest.approx(2 / 3)
    assert mentions("Book 2026-12-05 at 19:00 for 2?", ["2026-12-05", "19:00", "2"]) == 1.0
    assert mentions("订2026-12-05的位子，2位", ["2"]) == 1.0 and mentions("-12 to -4°C", ["-4", "-12"]) == 1.0
    assert mentions("14.5 km", ["14"]) == 0.0 and mentions("It costs 3.5 dollars.", ["3.5"]) == 1.0


@pytest.mark.parametrize("text, fact, mentioned", [
    ("$1613.60 (delivered)", "1613.6", True),      # the amount written as money is the amount the tool returned
    ("$1,613.60 (delivered)", "1613.6", True),
    ("$1613.6", "1613.60", True),                  # a fact written to the cent, said as the result gave it
    ("金额1613.60元", "1613.6", True),
    ("26.0 °C", "26", True),
    ("1,000,000 rows", "1000000", True),
    ("$1613.65", "1613.6", False),                 # another value
    ("$1,613", "613", False),                      # part of a larger number
    ("$1,613", "1", False),
    ("$2,300", "2", False),
    ("$100", "10", False),
    ("items 3,4 and 5", "4", True),                # a list is no thousands separator
])
def test_a_number_is_mentioned_by_its_value(text, fact, mentioned):
    """A fact is mentioned by a number of the same value, with trailing zeros or thousands separators: a model that
    writes an amount of 1613.6 as ``$1,613.60`` earns its content (docs/formats.md, ``none``)."""
    from toolc.compiler.checker.truth import mentions

    assert mentions(text, [fact]) == float(mentioned)


def test_a_clarification_must_ask_and_name_what_the_user_did_not_say():
    """An answer that names the missing parameter is no clarification unless it asks ("北京天气晴" names the
    weather); the words the user already said name nothing (an echo of "查一下天气" would pass as asking for the
    city), unless the conversation's own question needs them."""
    from toolc.compiler.checker.truth import fold
    from toolc.compiler.ground_truth import _unsaid

    city = MissingParam("city", ("city", "城市", "天气", "where", "哪里"))
    zh = TurnTruth("clarify", missing=(city,), lang="zh")
    assert content_score(zh, "北京天气晴，最高9℃。") == 0.0
    assert content_score(zh, "请问是哪个城市？") == 1.0 and content_score(zh, "请告诉我城市名") == 1.0
    en = TurnTruth("clarify", missing=(MissingParam("body", ("body", "text", "say")),), lang="en")
    assert content_score(en, "Please give me the text.") == 1.0 and content_score(en, "Send me the text.") == 1.0
    assert content_score(en, "The text is ready.") == 0.0
    said = fold("帮我查一下天气")
    fewer = _unsaid(city, said, "请问您想查询哪个城市的天气？")
    assert fewer.words == ("city", "城市", "where", "哪里")
    assert content_score(TurnTruth("clarify", missing=(fewer,), lang="zh"), "帮我查一下天气？") == 0.0
    assert _unsaid(city, said, "查哪儿的天气？") is city  # the question names it by "天气" alone: kept
    assert _unsaid(city, fold("你好"), "请问是哪个城市？") is city
    # smalltalk is answered, not refused: a refusal where the reply answers the user directly earns nothing
    hello = TurnTruth("none", lang="en", answers=True)
    assert content_score(hello, "Good morning! How can I help?") == 1.0
    assert content_score(hello, "Sorry, I can't help with that.") == 0.0
    assert TurnTruth.from_json(hello.to_json()) == hello and "answers" not in TurnTruth("none").to_json()
    assert content_score(TurnTruth("none", lang="en"), "Sorry, I can't get that forecast: the service is down.") == 1.0
    # after a search that found nothing, the answer says so; a list of places is made up
    empty = TurnTruth("none", lang="en", nothing_found=True)
    assert content_score(empty, "I found no sushi places in Belgrade at $6 or less per person.") == 1.0
    assert content_score(empty, "Try Sushi Zen (rated 4.5, $6 per person).") == 0.0
    assert TurnTruth.from_json(empty.to_json()) == empty
    # the evaluator's verdicts say the same
    from types import SimpleNamespace

    from toolc.compiler.checker.score import _no_call_verdict
    verdict = lambda t, text: _no_call_verdict("none", SimpleNamespace(content=text), t)[0].code  # noqa: E731
    assert verdict(hello, "Sorry, I can't help with that.") == "needless_refusal"
    assert verdict(hello, "Good morning!") == "ok" and verdict(empty, "I found no sushi places.") == "ok"
    assert verdict(empty, "Try Sushi Zen (rated 4.5).") == "made_up_results"
    # after a call that failed, the answer says so; a report of success is made up
    failed = TurnTruth("none", lang="en", failed=True)
    assert content_score(failed, "Sorry, Harbor House is fully booked at 19:00. Would another time work?") == 1.0
    assert content_score(failed, "Booked! Harbor House at 19:00 for 2, confirmation HX1234.") == 0.0
    assert verdict(failed, "Done, it went through.") == "ignored_error"
    assert verdict(failed, "The mail server is down, so nothing was sent.") == "ok"
    assert content_score(TurnTruth("none", lang="zh", failed=True), "抱歉，新白鹿明天晚上7点已经订满了。") == 1.0
    assert content_score(TurnTruth("none", lang="zh", failed=True), "好的，已经为您订好了。") == 0.0
    assert TurnTruth.from_json(failed.to_json()) == failed and "failed" not in TurnTruth("none").to_json()
    assert not says_failed("Done: ~/logs/error.log has 2 lines.")  # a file's name is not a failure
    # after calls that succeeded, an answer that quotes nothing of them may not say one failed
    sent = TurnTruth("none", lang="en", succeeded=True)
    assert content_score(sent, "Done, it went through.") == 1.0
    assert content_score(sent, "Sorry, the email couldn't be sent: the mail server is down.") == 0.0
    assert verdict(sent, "Sorry, that failed.") == "claimed_failure" and verdict(sent, "Sent!") == "ok"
    assert TurnTruth.from_json(sent.to_json()) == sent
    # a confirmation asks too: the same values stated as done claim a booking nobody made (skip_confirm)
    book = TurnTruth("confirm", restate=("牛排家", "2026-12-02", "13:00", "8"), lang="zh")
    assert content_score(book, "将为您预订牛排家，2026-12-02 13:00，8位。确认预订吗？") == 1.0
    assert content_score(book, "已订好：牛排家，2026-12-02 13:00，8位，预订号NJ8075。") == 0.0


def test_every_gold_reply_of_the_bundled_build_earns_full_content():
    """The reward's content check agrees with the data: every no-call assistant turn of the bundled build (its
    clarifications, confirmations, refusals and answers, both languages) scores 1.0 against its own truth."""
    checked = 0
    for rec in bundled_records()["sft"]:
        turns = [m for m in rec.messages if m.role == "assistant"]
        assert len(turns) == len(rec.truths)
        for truth, m in zip(rec.truths, turns):
            if truth.expect != "call":
                assert truth.lang in ("zh", "en")
                assert content_score(truth, m.content or "") == 1.0, (rec.provenance.scenario, m.content, truth)
                checked += 1
    assert checked > 5000


def test_clarify_truth_of_a_chinese_conversation_keeps_its_words_and_latin_ones(tmp_path):
    spec = tmp_path / "zh.tool"
    spec.write_text(r'''
locale zh_CN
tool get_weather "Get the weather forecast" {
    city: string "City name, e.g. Paris" ask en "Which city?" ask zh "请问您想查询哪个城市？"
    date: date = today "Forecast day"
    returns { temp: int(-10..40) }
}
slot city = "北京" | "上海"
slot day = { "今天": +0d, "明天": +1d }
scenario weather.vague {
    user "{day}天气怎么样？"
    call get_weather(city=city, date=day) -> w
    assistant "{city}{w.temp}度。"
}
dataset d { system zh "你是智能助手。今天是{today}。" distractors 0..0 test 0% sft 10 }
''', encoding="utf-8")
    prog, diags = check([spec])
    assert not diags.errors, diags.render()
    ex = Expander(prog, resolve_plan(prog, Options(), diags), TODAY)
    scen = prog.scenarios["weather.vague"]
    conv = ex.expand(scen, 0, "train")
    (d,) = [d for d in conv.decisions if d.expect == "clarify"]
    (missing,) = turn_truth(prog, scen, conv, d, TODAY).missing
    assert {"city", "城市"} <= set(missing.words)  # the parameter's name stays: Chinese text may write it
    assert missing.named_by("请问是哪个城市？") and missing.named_by("您在哪里？")


def test_a_clarification_answered_with_a_maps_value_names_that_parameter(tmp_path):
    """The user names a column, the assistant asks for the file, and the answer is the file of the pair the column
    was drawn with (a map's value said on its own): the clarification asked for the file (``missing``), so a reward
    can tell "Which file?" from any other question."""
    spec = tmp_path / "pair.tool"
    spec.write_text(r'''
locale en_US
tool analyze "Analyze a data file" {
    file: string "Data file" ask en "Which file?"
    column: string? "Column to analyze"
    returns { n: int(1..9) }
}
slot colfile = { "revenue": "sales.csv", "page views": "traffic.csv" }
scenario vague {
    user "I need the stats for {colfile}"
    ask "Which data file is it?"
    user "It's {colfile.value}."
    call analyze(file=colfile, column=colfile.text) -> a
    assistant "{a.n} values."
}
dataset d { system en "Today is {today}." distractors 0..0 test 0% sft 4 }
''', encoding="utf-8")
    prog, diags = check([spec])
    assert not diags.errors, diags.render()
    built = (prog, None, Expander(prog, resolve_plan(prog, Options(), diags), TODAY))
    for conv, d, t in truths(built, "vague", "clarify", 4):
        assert [p.name for p in t.missing] == ["file"], t
        assert content_score(t, "Which file should I use?") == 1.0
        assert content_score(t, "Which store do you mean?") == 0.0


ALTS_SPEC = r'''
locale en_US
tool list_files "List the files of a folder" {
    directory: string "Folder"
    returns list[{ name: string = names, size_kb: int(1..900) }](1..4) unique name
}
slot names = "a.txt" | "b.md" | "c.csv" | "d.pdf" | "e.log"
slot dir = "~/docs" | "/tmp"
slot friend = "Ann" | "Bob"
scenario files {
    user "What's in {dir}?"
    call list_files(directory=dir) -> f
    assistant "{len(f)} files:{for x in f}\n- {x.name}{endfor}"
            | "The first is {f[0].name} ({f[0].size_kb} KB)[, then {f[-1].name}]."
            | "The second is {f[1].name}."
            | "Hi {friend}: {f[0].name}."
}
'''


def test_a_final_answer_may_be_written_like_any_alternative_of_its_reply(tmp_path):
    """A reply's other alternatives are as right as the one a row wrote: the truth keeps what each would quote in
    the same row (``or_facts``: its optional parts left out, an alternative the row cannot write -- a second file
    of one -- left out), and an answer written like one of them earns the whole content. Working that out neither
    draws from the row's random stream nor keeps a slot only an unwritten alternative names."""
    from test_behaviours import compiled

    prog, ex, _ = compiled(tmp_path / "alts.tool", ALTS_SPEC)
    scen = prog.scenarios["files"]
    listings = 0
    for seed in range(60):
        try:
            conv = ex.expand(scen, seed, "train")
        except ExpansionError:  # "The second is ..." of one file: the row is dropped
            continue
        again = ex.expand(scen, seed, "train")
        assert [m.content for m in again.messages] == [m.content for m in conv.messages]
        assert again.alt_facts == conv.alt_facts
        files, reply = conv.calls[0].result, conv.messages[-1].content
        assert ("friend" in conv.draws) == reply.startswith("Hi ")
        if not reply.endswith(":" + "".join(f"\n- {x['name']}" for x in files)):
            continue
        listings += 1
        truth = turn_truth(prog, scen, conv, conv.decisions[-1], TODAY)
        first, names = files[0], tuple(x["name"] for x in files)
        expected = [(first["name"], str(first["size_kb"]))] + ([(files[1]["name"],)] if len(files) > 1 else []) + \
                   [(first["name"],)]
        assert truth.facts == names  # `{len(f)}` is computed, no value of the result
        assert truth.or_facts == tuple(f for f in dict.fromkeys(expected) if f != names), (truth, files)
        assert TurnTruth.from_json(json.loads(json.dumps(truth.to_json()))) == truth
        written_like_another = f"The first is {first['name']} ({first['size_kb']} KB)."
        assert content_score(truth, written_like_another) == 1.0
        assert content_score(truth, "I found some files.") == 0.0
    assert listings >= 10


def test_after_a_failed_call_the_reward_takes_only_a_reply_that_says_so():
    """A PPO prompt that ends in a tool error (fully booked, the service down, a date too far ahead) carries
    ``failed``, and the reward's content check agrees with the RM pairs of the bundled build: every chosen reply after
    a failed call says it failed (:func:`says_failed`), every ``ignore_error`` reply that reports a success does not.
    Before ``failed``, any English text after "Forecasts reach 14 days ahead" earned the full reward."""
    records = bundled_records()
    after_error = [r for r in records["ppo"] if r.messages[-1].role == "tool" and
                   is_error(json.loads(r.messages[-1].content)) and r.expect == "none"]
    assert len(after_error) >= 5
    assert all(r.truth.failed for r in after_error), [r.provenance.scenario for r in after_error if not r.truth.failed]
    assert not any(r.truth.failed for r in records["ppo"] if r.messages[-1].role != "tool")
    sent = [r for r in records["ppo"] if r.truth.succeeded]
    assert sent and all(r.expect == "none" and not r.truth.facts and r.messages[-1].role == "tool" for r in sent)
    checked = 0
    for r in records["rm"]:
        if r.perturbation != "ignore_error" or r.expect != "none" or r.rejected[0].tool_calls:
            continue  # a call's or a clarification's turn: the failed call repeated is the negative
        assert says_failed(r.chosen[0].content), r.chosen[0].content
        assert not says_failed(r.rejected[0].content), r.rejected[0].content
        truth = TurnTruth("none", lang="zh" if r.provenance.scenario.startswith("zh.") else "en", failed=True)
        assert content_score(truth, r.rejected[0].content) == 0.0
        checked += 1
    assert checked >= 10
