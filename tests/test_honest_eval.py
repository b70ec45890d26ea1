"""Honest evaluation (issue 9, item 7): an answer that never ends is invalid for every metric, the babble baseline
scores 0, clarify / confirm / refuse turns are judged on what they say, and headline metrics carry bootstrap
intervals."""

import json

import pytest

from tests.test_eval import ROWS, scripted
from tests.train_fixtures import TOOLS
from toolc.compiler.checker import Scoreboard, TurnTruth, parse_tool_calls, score_turn
from toolc.compiler.checker.intervals import HEADLINE
from toolc.train.evaluate import babble_report, decision_points, evaluate
from toolc.train.generation import BabbleGenerator, Completion

RATES = ("format_validity", "tool_accuracy", "exact_match", "partial_match", "arg_precision", "arg_recall", "arg_f1",
         "turn_accuracy", "chain_success", "irrelevance_accuracy", "clarification_accuracy", "confirmation_accuracy",
         "refusal_accuracy", "fact_recall")

WEATHER = [TOOLS["get_weather"], TOOLS["convert_currency"]]
SYSTEM = {"role": "system", "content": "You are a helpful assistant."}
CLARIFY = {"expect": "clarify", "no_call": True, "missing": [{"name": "city", "words": ["city", "城市"]}]}
CONFIRM = {"expect": "confirm", "no_call": True, "restate": ["bob@example.com", "lunch"]}
REFUSE = {"expect": "refuse", "no_call": True, "not_tools": ["book_flight"]}

# rows as a build writes them: `expects` and `truth` columns (JSON text)
BEHAVIOUR_ROWS = [
    {"id": "c", "scenario": "clarify", "tools": WEATHER, "expects": json.dumps(["clarify"]),
     "truth": json.dumps([CLARIFY]),
     "messages": [SYSTEM, {"role": "user", "content": "帮我查一下天气"},
                  {"role": "assistant", "content": "请问您想查询哪个城市？"}]},
    {"id": "m", "scenario": "confirm", "tools": WEATHER, "expects": json.dumps(["confirm"]),
     "truth": json.dumps([CONFIRM]),
     "messages": [SYSTEM, {"role": "user", "content": "Email bob@example.com about lunch"},
                  {"role": "assistant", "content": "I'll email bob@example.com about lunch. Send it?"}]},
    {"id": "r", "scenario": "refuse", "tools": WEATHER, "expects": json.dumps(["refuse"]),
     "truth": json.dumps([REFUSE]),
     "messages": [SYSTEM, {"role": "user", "content": "Book me a flight to Rome"},
                  {"role": "assistant", "content": "Sorry, I have no tool that can book flights."}]},
]


def test_a_never_ending_answer_is_invalid_for_every_metric():
    # the right answers, but none of them ended within the budget
    unfinished = evaluate(None, None, ROWS, generate=lambda pts: [Completion(t, False) for t in scripted(pts)])
    m = unfinished["metrics"]
    assert m["n_unfinished"] == m["n_turns"] == 15
    assert all(m[k] == 0.0 for k in RATES if m[k] is not None), {k: m[k] for k in RATES}
    assert {s["code"] for s in unfinished["samples"]} == {"no_stop"}
    # the same answers, finished, score what test_eval says they do
    assert evaluate(None, None, ROWS, generate=scripted)["metrics"]["exact_match"] == pytest.approx(3 / 7)
    tools = WEATHER
    for expect, gold_text in (("none", "Hello!"), ("clarify", "Which city?"), ("refuse", "I can't do that.")):
        s = score_turn(parse_tool_calls(gold_text), [], tools, expect, stopped=False)
        assert not s.correct and not s.format_ok and s.verdict.code == "no_stop"


def test_babble_scores_zero_on_every_metric():
    rows = ROWS + BEHAVIOUR_ROWS
    report = babble_report(rows, 32)
    m = report["metrics"]
    assert m["n_unfinished"] == m["n_turns"] == 18
    assert all(m[k] == 0.0 for k in RATES if m[k] is not None), {k: m[k] for k in RATES}
    assert report["generation"]["truncated"] == 18 and report["generation"]["new_tokens"] == 18 * 32
    assert report["intervals"]["turn_accuracy"] == [0.0, 0.0]
    # what it writes: the user's words to the budget -- it would pass naive content checks if it counted
    gen = BabbleGenerator(5)
    (done,) = gen(decision_points(BEHAVIOUR_ROWS[1:2]))
    assert not done.stopped and done.text == "Email bob@example.com about lunch Email"


@pytest.mark.parametrize("row,answer,right", [
    (0, "请问是哪个城市？", True),
    (0, "Which city should I look up?", True),
    (0, "请问是哪一天？", False),  # a question, but not for the missing parameter
    (0, "", False),
    (1, "Send an email to bob@example.com about lunch?", True),
    (1, "Shall I send it?", False),  # does not restate the action
    (1, '<tool_call>\n{"name": "get_weather", "arguments": {"city": "Rome"}}\n</tool_call>', False),
    (2, "抱歉，我无法帮您订机票。", True),
    (2, "Sorry, I can't book flights.", True),
    (2, "Sure, booked!", False),
    (2, "我没有订机票的工具，这个帮不了您。", True),
    (2, "没有问题，这个功能我来帮您。", False),
    (2, "Sorry, flights are outside what my tools can do.", True),
])
def test_clarify_confirm_refuse_are_judged_on_what_they_say(row, answer, right):
    report = evaluate(None, None, [BEHAVIOUR_ROWS[row]], generate=lambda pts: [answer] * len(pts), resamples=0)
    m = report["metrics"]
    kind = json.loads(BEHAVIOUR_ROWS[row]["expects"])[0]
    metric = {"clarify": "clarification_accuracy", "confirm": "confirmation_accuracy", "refuse": "refusal_accuracy"}
    assert m[metric[kind]] == float(right) and m["per_kind"][kind] == {"turns": 1, "accuracy": float(right)}
    assert report["intervals"] == {}


def test_bootstrap_intervals_are_seeded_and_hold_the_estimate():
    report = evaluate(None, None, ROWS, generate=scripted)
    ci, m = report["intervals"], report["metrics"]
    assert set(ci) <= set(HEADLINE) and {"turn_accuracy", "exact_match", "chain_success", "arg_f1"} <= set(ci)
    for k, (lo, hi) in ci.items():
        assert lo <= m[k] + 1e-9 and m[k] - 1e-9 <= hi, (k, lo, m[k], hi)
    assert ci["exact_match"][0] < ci["exact_match"][1]  # 7 conversations: a wide interval
    assert evaluate(None, None, ROWS, generate=scripted)["intervals"] == ci  # fixed seed
    other = evaluate(None, None, ROWS, generate=scripted, seed=1)["intervals"]
    assert other != ci
    board = Scoreboard()
    for i in range(50):
        board.add(score_turn(parse_tool_calls("hi"), [], WEATHER, "none"), chain=str(i))
    assert board.intervals()["irrelevance_accuracy"] == [1.0, 1.0]


def test_truth_column_must_match_the_turns():
    from toolc.errors import DatasetDirError

    with pytest.raises(DatasetDirError, match="truth"):
        decision_points([{**BEHAVIOUR_ROWS[0], "truth": json.dumps([CLARIFY, CLARIFY])}])
    (p,) = decision_points(BEHAVIOUR_ROWS[:1])
    assert p.truth == TurnTruth.from_json(CLARIFY)
