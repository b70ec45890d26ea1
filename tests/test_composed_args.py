"""An argument the spec words in the assistant's name -- an email's subject or body no one gave -- is the assistant's
own choice: the ground truth takes any wording for it (``free``), so a reward does not punish a model for words
nobody asked for, and an RM negative is never such a rewording (docs/formats.md, ``call``)."""

from __future__ import annotations

import json

import pytest

from test_behaviours import TODAY, compiled, rows
from toolc.compiler.checker import GoldCall, check_call, tool_call_reward
from toolc.compiler.checker.score import pair_calls
from toolc.compiler.ground_truth import gold_calls
from toolc.compiler.record import ToolCall

SPEC = """\
locale en_US

tool translate_text "Translate text" {
    text: string "The text"
    target_language: "fr" | "de" "The language"
    returns { translated_text: string = "Bonjour" }
}

tool send_email "Send an email" {
    to: string "Recipient"
    subject: string "Subject line"
    body: string "Body"
    returns { status: "sent" }
}

tool list_files "List files" {
    directory: string "Folder"
    pattern: string? "Glob"
    returns list[{ name: string = "a.csv" }](1..2)
}

slot mail = "ann@example.com" | "bo@example.org"
slot lang = { "French": "fr", "German": "de" }

scenario mailed {
    user "Translate 'hello' into {lang} and email it to {mail}"
    call translate_text(text="hello", target_language=lang) -> t
    call send_email(to=mail, subject="Translation", body=t.translated_text) -> m
    assistant "Sent to {mail}."
}

scenario dictated {
    user "Email {mail} with the subject Translation and the body 'see you'"
    call send_email(to=mail, subject="Translation", body="see you") -> m
    assistant "Sent to {mail}."
}

scenario globbed {
    user "List the CSV files in ~/data"
    call list_files(directory="~/data", pattern="*.csv") -> f
    assistant "{len(f)} files."
}
"""


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    return compiled(tmp_path_factory.mktemp("composed") / "c.tool", SPEC)


def _gold(built, scenario, tool):
    prog = built[0]
    conv = rows(built, scenario, 1)[0]
    d = next(x for x in conv.decisions if x.expect == "call" and x.calls[0].name == tool)
    return conv, d, gold_calls(prog, conv, d, TODAY)[0]


def test_a_subject_no_one_gave_may_be_worded_any_way(built):
    conv, d, gold = _gold(built, "mailed", "send_email")
    assert gold.free == ("subject",)  # the body is the tool's translation: exact
    tools = {t["function"]["name"]: t for t in conv.tools}
    call = d.calls[0]
    for subject in ("Your French translation", "Translation of 'hello'"):
        assert check_call(ToolCall(call.name, {**call.arguments, "subject": subject}), gold, tools[call.name]).ok
    for subject in ("", "   ", 7):
        assert not check_call(ToolCall(call.name, {**call.arguments, "subject": subject}), gold, tools[call.name]).ok
    assert not check_call(ToolCall(call.name, {**call.arguments, "body": "Hallo"}), gold, tools[call.name]).ok
    no_subject = {k: v for k, v in call.arguments.items() if k != "subject"}
    assert not check_call(ToolCall(call.name, no_subject), gold, tools[call.name]).ok  # a required one is passed
    pair = pair_calls([ToolCall(call.name, {**call.arguments, "subject": "Hi"})], [gold], list(tools.values()))[0]
    assert pair.values_tp == len(call.arguments)  # the partial-argument scores count it right too


def test_the_reward_reads_free_from_the_ground_truth(built):
    conv, d, gold = _gold(built, "mailed", "send_email")
    truth = {"expect": "call", "no_call": False, "calls": [gold.to_json()]}
    assert json.loads(json.dumps(truth))["calls"][0]["free"] == ["subject"]
    assert GoldCall.from_json(truth["calls"][0]) == gold
    call = d.calls[0]
    message = {"role": "assistant", "content": "", "tool_calls": [
        {"type": "function", "function": {"name": call.name,
                                          "arguments": json.dumps({**call.arguments, "subject": "hello, translated"})}}]}
    assert tool_call_reward(message, json.dumps(truth), conv.tools, "call") == 1.0


def test_words_the_user_gave_and_values_that_are_no_words_stay_exact(built):
    """A subject the user dictated is no longer the assistant's choice; a glob (``*.csv``) is no wording."""
    assert _gold(built, "dictated", "send_email")[2].free == ()
    assert _gold(built, "globbed", "list_files")[2].free == ()
    assert GoldCall("f", {"a": ["x"]}).to_json() == {"name": "f", "arguments": {"a": ["x"]}}  # BFCL's shape as it was


def test_the_bundled_emails_take_any_subject_and_searches_ask_for_no_limit_no_one_gave():
    """The bundled specs word a translation's subject and an export's subject and body themselves; the restaurant
    sessions' search passed ``limit=3`` although no user asked for three (a model that left it out lost the
    reward), and named two of the places it found."""
    from pathlib import Path

    from toolc.compiler.build import Options, check, resolve_plan
    from toolc.compiler.expand import ExpansionError, Expander

    prog, diags = check([Path(__file__).parent.parent / "specs" / "main.tool"])
    ex = Expander(prog, resolve_plan(prog, Options(), diags), TODAY)
    for scenario, tool, free in (("en.translate.email", "send_email", ("subject",)),
                                 ("zh.translate.email", "send_email", ("subject",)),
                                 ("en.db.session", "send_email", ("subject", "body")),
                                 ("zh.db.session", "send_email", ("subject", "body"))):
        conv = ex.expand(prog.scenarios[scenario], 3, "train")
        d = next(x for x in conv.decisions if x.expect == "call" and x.calls[0].name == tool)
        assert gold_calls(prog, conv, d, TODAY)[0].free == free, scenario
    for scenario in ("en.restaurant.session", "zh.restaurant.session"):
        for seed in range(5):
            try:
                conv = ex.expand(prog.scenarios[scenario], seed, "train")
            except ExpansionError:  # a search that found fewer than two places: no second one to ask about
                continue
            d = conv.decisions[0]
            assert "limit" not in d.calls[0].arguments
            listed = conv.messages[d.index + 2].content
            assert all(p["name"] in listed for p in conv.calls[0].result)
