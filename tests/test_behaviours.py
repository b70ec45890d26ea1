"""Behaviours (docs/language.md, "Behaviours"): tool errors and recovery, confirmation before side effects,
refusals with withheld tools, structured list arguments -- on expanded rows, checked independently."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from toolc.compiler.build import Options, check, resolve_plan
from toolc.compiler.expand import Expander
from toolc.compiler.languages import CONFIRMATIONS
from toolc.compiler.verify import Verifier

TODAY = dt.date(2026, 12, 2)

SPEC = r'''
locale en_US
tool send_email "Send an email" {
    to: string
    subject: string
    cc: list[string]?
    returns { status: "sent" }
    confirm en "I'll email {to} about \"{subject}\"[ (cc: {cc})]. Send it?"
    error bad_address "{to} is not a valid email address." when not matches(to, "*@*.*")
    error unavailable "The mail server is unavailable." rate 30%
}
tool get_time "Time in a zone" {
    timezone: string
    returns { time: string = tz_time(timezone) }
    error unknown_zone "Unknown time zone {timezone}; use an IANA name such as Asia/Tokyo." when not ("/" in timezone)
}
tool book_flight "Book a flight" { destination: string }

slot email = "ann@example.com" | "bob@example.com" | "cy@example.com" | "dee@example.com"
slot bad = "ann at example" | "bob(at)example.com"
slot subj = "the report" | "lunch" | "the budget"
slot city_tz = { "Tokyo": "Asia/Tokyo", "London": "Europe/London", "Paris": "Europe/Paris" }

scenario mail {
    user "Email {email} and copy {email as b} and {email as c} about {subj}"
    call send_email(to=email, subject=subj, cc=[b, c]) -> r fails unavailable
    assistant case {
        when r.error == "unavailable": "Sorry, the mail server is down; please try again later."
        else: "Sent."
    }
}
scenario mail.declined {
    user "Email {email} about {subj}"
    call send_email(to=email, subject=subj) declined
    assistant "OK, I won't send it."
}
scenario mail.bad {
    user "Email {bad} about {subj}"
    call send_email(to=bad, subject=subj) -> r
    assistant "{r.message} Could you check the address?"
}
scenario time.retry {
    user "What time is it in {city_tz}?"
    call get_time(timezone=city_tz.text) -> t1 fails unknown_zone
    call get_time(timezone=city_tz) -> t2
    assistant "It is {t2.time} in {city_tz}."
}
scenario flight.refuse {
    withhold book_flight
    user "Book me a flight to Rome" | "Get me a plane ticket to Oslo"
    refuse "Sorry, I have no tool that can book flights."
}
dataset d { system en "You are a helpful assistant. Today is {today}." distractors 2..2 test 0% }
'''


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    return compiled(tmp_path_factory.mktemp("behaviours") / "b.tool", SPEC)


def compiled(spec, text):
    """``(program, expander, verifier)`` of spec ``text`` written to ``spec``."""
    spec.write_text(text, encoding="utf-8")
    prog, diags = check([spec])
    assert not diags, diags.render()
    return prog, Expander(prog, resolve_plan(prog, Options(), diags), TODAY), Verifier(prog, TODAY)


def rows(built, scenario, n=60):
    prog, ex, verifier = built
    out = []
    for seed in range(n):
        conv = ex.expand(prog.scenarios[scenario], seed, "train")
        assert verifier.failure(conv) is None, verifier.failure(conv)
        out.append(conv)
    return out


def test_confirmation_comes_before_a_call_with_side_effects(built):
    failed = 0
    for c in rows(built, "mail"):
        assert c.expects == ("confirm", "call", "none")
        question, answer, call_turn = c.messages[2], c.messages[3], c.messages[4]
        args = call_turn.tool_calls[0].arguments
        assert question.content == (f'I\'ll email {args["to"]} about "{args["subject"]}" '
                                    f'(cc: {", ".join(args["cc"])}). Send it?')
        assert answer.role == "user" and answer.content in CONFIRMATIONS["en"][True]
        assert c.decisions[0].pending == call_turn.tool_calls
        assert len(args["cc"]) == 2 and args["to"] not in args["cc"]  # one item per alias the user said
        result = json.loads(c.messages[5].content)
        if result.get("error") == "unavailable":
            failed += 1
            assert c.messages[-1].content.startswith("Sorry")
        else:
            assert result == {"status": "sent"} and c.messages[-1].content == "Sent."
    assert 8 <= failed <= 30  # `fails unavailable` uses the error's rate, 30 %


DEFAULTS_SPEC = r'''
locale en_US
tool send_email "Send an email" {
    to: string
    priority: "low" | "normal" | "high" = "normal"
    format: "text" | "html" = "text"
    returns { status: "sent" }
    confirm en "Send it to {to} as {format}[, {priority} priority]?"
}
slot email = "ann@example.com" | "bob@example.com"
slot urgency = { "urgent": "high", "not urgent": "low" }
scenario mail.urgent {
    user "Email {email}, it is {urgency}"
    call send_email(to=email, priority=urgency) -> r
    assistant "Sent."
}
scenario mail.plain {
    user "Email {email}"
    call send_email(to=email) -> r
    assistant "Sent."
}
dataset d { distractors 0..0 test 0% }
'''


def test_a_confirmation_restates_a_default_only_outside_brackets(tmp_path):
    """`[...]` in a confirmation is kept only when the arguments inside were passed: a priority the user asked for
    is restated, the default one is not; a placeholder outside `[...]` shows the default (docs/language.md)."""
    built = compiled(tmp_path / "d.tool", DEFAULTS_SPEC)
    for name, said in (("mail.urgent", True), ("mail.plain", False)):
        for c in rows(built, name, 10):
            args = c.messages[4].tool_calls[0].arguments
            assert ("priority" in args) is said
            tail = f", {args['priority']} priority" if said else ""
            assert c.messages[2].content == f"Send it to {args['to']} as text{tail}?"


WORDS_SPEC = r'''
locale zh_CN
tool send_email "Send an email" {
    to: string
    priority: "low" | "normal" | "high" = "normal"
    returns { status: "sent" }
    confirm zh "发邮件给{to}[，优先级：{priority_zh[priority]}]？"
}
slot priority_zh = { "low": "低", "normal": "普通", "high": "高" }
slot email = "ann@example.com" | "bob@example.com"
slot urgency = { "紧急": "high", "不急": "low" }
scenario mail.urgent {
    user "给{email}发封邮件，{urgency}"
    call send_email(to=email, priority=urgency) -> r
    assistant "已发送。"
}
scenario mail.plain {
    user "给{email}发封邮件"
    call send_email(to=email) -> r
    assistant "已发送。"
}
dataset d { distractors 0..0 test 0% }
'''


def test_a_confirmation_says_an_enum_value_in_its_own_language(tmp_path):
    """`{priority_zh[priority]}` in a confirmation gives the map slot's words for the argument's value (a Chinese
    confirmation says 高, not the enum's `high`), inside `[...]` only where the call passed it; the ground truth counts
    those words as restating the value, so an answer that says 高 or high restates it and one that says neither does
    not."""
    from toolc.compiler.checker import reward_components
    from toolc.compiler.ground_truth import turn_truth

    built = compiled(tmp_path / "w.tool", WORDS_SPEC)
    prog = built[0]
    seen = set()
    for name, said in (("mail.urgent", True), ("mail.plain", False)):
        for c in rows(built, name, 12):
            args = c.decisions[0].pending[0].arguments
            to = args["to"]
            word = {"high": "高", "low": "低"}.get(args.get("priority"))
            assert c.messages[c.decisions[0].index].content == (f"发邮件给{to}，优先级：{word}？" if said else
                                                                f"发邮件给{to}？")
            truth = turn_truth(prog, prog.scenarios[name], c, c.decisions[0], TODAY)
            if not said:
                assert truth.restate == (to,) and not truth.said
                continue
            seen.add(args["priority"])
            assert truth.restate == (to, args["priority"]) and dict(truth.said) == {args["priority"]: (word,)}
            for text, share in ((f"发给{to}，{word}优先级，可以吗？", 1.0), (f"发给{to}，{args['priority']}，可以吗？", 1.0),
                                (f"发给{to}，可以吗？", 0.5)):
                assert reward_components(text, truth, c.tools)["content"] == share, text
    assert seen == {"high", "low"}


@pytest.mark.parametrize("confirm, slot, code, says", [
    ("{priorty_zh[priority]}", '{ "low": "低", "normal": "普通", "high": "高" }', "E102", "did you mean `priority_zh`"),
    ("{priority_zh[priorty]}", '{ "low": "低", "normal": "普通", "high": "高" }', "E103", "no parameter `priorty`"),
    ("{priority_zh[priority]}", '"低" | "高"', "E106", "not one"),
    ("{priority_zh[priority]}", '{ "low": "低", "high": "高" }', "E315", "no entry for 'normal'"),
    ("{priority_zh[to]}", '{ "low": "低", "normal": "普通", "high": "高" }', "E315", "`to` is not an enum"),
    ("{priority_zh[priority].x}", '{ "low": "低", "normal": "普通", "high": "高" }', "E002", "map slot's words"),
])
def test_a_confirmation_reading_words_it_cannot_have_is_a_spec_error(tmp_path, confirm, slot, code, says):
    spec = tmp_path / "e.tool"
    spec.write_text(WORDS_SPEC.replace("{priority_zh[priority]}", confirm).replace(
        '{ "low": "低", "normal": "普通", "high": "高" }', slot), encoding="utf-8")
    _, diags = check([spec])
    (err,) = diags.errors
    text = diags.render()
    assert err.code == code and says in text, text
    assert err.span.line == 7  # the confirm line, with a caret under the placeholder


def test_every_declaration_of_a_confirmations_words_is_checked(tmp_path):
    """A conversation reads the declaration of its own locale: an English `priority_zh` that is no map is an error
    too, though the Chinese one is fine."""
    (tmp_path / "en.tool").write_text('locale en_US\nslot priority_zh = "low" | "high"\n', encoding="utf-8")
    spec = tmp_path / "w.tool"
    spec.write_text(WORDS_SPEC.replace("locale zh_CN\n", 'locale zh_CN\nimport "en.tool"\n'), encoding="utf-8")
    _, diags = check([spec])
    assert [e.code for e in diags.errors] == ["E106"] and "`priority_zh` is not one" in diags.render()


def test_a_declined_call_is_not_made(built):
    for c in rows(built, "mail.declined", 20):
        assert c.expects == ("confirm", "none") and not c.calls
        assert c.messages[3].content in CONFIRMATIONS["en"][False]
        assert all(not m.tool_calls for m in c.messages)


def test_an_error_follows_from_the_call(built):
    for c in rows(built, "mail.bad", 20):
        result = json.loads(c.messages[5].content)
        to = c.calls[0].arguments["to"]
        assert result == {"error": "bad_address", "message": f"{to} is not a valid email address."}
        assert c.messages[-1].content.startswith(result["message"])


def test_retry_with_corrected_arguments(built):
    for c in rows(built, "time.retry", 20):
        first, second = c.calls
        assert first.result["error"] == "unknown_zone" and "/" not in first.arguments["timezone"]
        assert second.arguments["timezone"] in ("Asia/Tokyo", "Europe/London", "Europe/Paris")
        assert "error" not in second.result
        assert first.arguments["timezone"] in c.messages[1].content  # the words the user said


def test_refusal_offers_no_withheld_tool(built):
    for c in rows(built, "flight.refuse", 30):
        assert c.expects == ("refuse",) and not c.calls
        names = {t["function"]["name"] for t in c.tools}
        assert "book_flight" not in names and len(names) == 2  # distractors only, never the withheld tool


def test_verification_rejects_errors_that_contradict_the_call(built):
    prog, ex, verifier = built
    conv = ex.expand(prog.scenarios["mail"], 0, "train")
    trace = conv.calls[0]
    trace.result = {"error": "bad_address", "message": f"{trace.arguments['to']} is not a valid email address."}
    assert verifier.failure(conv)[:2] == ("execution", "error")  # the address is valid: `when` does not hold
    conv = ex.expand(prog.scenarios["mail.bad"], 0, "train")
    conv.calls[0].result = {"status": "sent"}
    assert verifier.failure(conv)[:2] == ("execution", "error")  # an invalid address cannot be sent to


@pytest.mark.parametrize("snippet,code", [
    ('scenario s { user "x {email}" call send_email(to=email, subject="a") fails nope }', "E318"),
    ('scenario s { user "x" call get_time(timezone="Asia/Tokyo") declined assistant "ok" }', "E318"),
    ('scenario s { withhold get_time user "x" call get_time(timezone="Asia/Tokyo") }', "E318"),
])
def test_behaviour_errors_in_scenarios(tmp_path, snippet, code):
    assert [e.code for e in _errors_of(tmp_path, SPEC.split("scenario mail {")[0] + snippet)] == [code]


@pytest.mark.parametrize("pretend, bad", [
    ('"Alarm set for {city_tz}[, {subj}]."', None),                 # the user's words: slots, optional parts
    ('"Done(!|.) {city_tz.text}"', None),                            # a slot's words, a choice
    ('"It is {t.time} there."', "t.time}"),                         # a result: a refusal has none
    ('"Set for {city_tz.value}."', "city_tz.value}"),               # a slot's value is no word the user said
    ('"(Ok|Set for {len(subj)})."', "{len(subj)}"),                 # an expression, inside a choice
])
def test_a_pretend_text_holds_the_users_words_only(tmp_path, pretend, bad):
    """E321: a `pretend` text is rendered after the row is made, from the user's words; the caret is at the part."""
    snippet = ('scenario s { user "Time in {city_tz}?" call get_time(timezone=city_tz) -> t user "Alarm for {subj}" '
               f'refuse "I can\'t set alarms." pretend {pretend} }}')
    text = SPEC.split("scenario mail {")[0] + snippet
    errors = _errors_of(tmp_path, text)
    assert [e.code for e in errors] == ([] if bad is None else ["E321"])
    if bad is not None:
        line = text.splitlines()[errors[0].span.line - 1]
        assert line[errors[0].span.col - 1:].startswith(bad)


def _errors_of(tmp_path, text: str) -> list:
    """The errors ``check`` reports for a one-file spec."""
    spec = tmp_path / "s.tool"
    spec.write_text(text, encoding="utf-8")
    return check([spec])[1].errors


def test_a_tool_with_side_effects_needs_a_confirmation_in_the_language(tmp_path):
    spec = tmp_path / "zh.tool"
    spec.write_text('locale zh_CN\ntool send_email "Send" { to: string ask "发给谁？" confirm en "Send to {to}?" }\n'
                    'slot email = "a@b.cn" | "c@d.cn"\nscenario zh.s { user "给{email}发邮件" call send_email(to=email) '
                    'assistant "好的。" }\n', encoding="utf-8")
    _, diags = check([spec])
    assert [e.code for e in diags.errors] == ["E311"] and "confirm zh" in diags.errors[0].hint


def test_a_confirmation_quoting_another_language_keeps_its_row(tmp_path):
    """The confirmation restates the arguments; a value in another language (a translation the assistant emails)
    is the argument's, not the template's: the language check reads the template's own text, and the row stays."""
    spec = tmp_path / "t.tool"
    spec.write_text('locale en_US\ntool send_email "Send" { to: string body: string '
                    'confirm en "I\'ll email {to} this message:\\n\\n{body}\\n\\nSend it?" }\n'
                    'slot email = "a@b.com" | "c@d.com"\nslot zh_text = "我们会尽快处理您的问题，感谢您的耐心等待。" | "周一博物馆闭馆。"\n'
                    'scenario s { user "Email {email} the Chinese text {zh_text}" call send_email(to=email, body=zh_text) '
                    'assistant "Sent." }\ndataset d { test 0% }\n', encoding="utf-8")
    prog, diags = check([spec])
    assert not diags, diags.render()
    ex, verifier = Expander(prog, resolve_plan(prog, Options(), diags), TODAY), Verifier(prog, TODAY)
    for seed in range(6):
        conv = ex.expand(prog.scenarios["s"], seed, "train")
        body = conv.decisions[0].pending[0].arguments["body"]
        assert conv.messages[conv.decisions[0].index].content == f"I'll email {conv.decisions[0].pending[0].arguments['to']} this " \
                                           f"message:\n\n{body}\n\nSend it?"
        assert verifier.failure(conv) is None, verifier.failure(conv)


def test_a_list_argument_takes_the_words_the_user_said(tmp_path):
    """`[col.text, "status"]`: a list item may be a slot's surface (the retry passes the value), and a list item
    whose slot the user did not mention is left out."""
    spec = tmp_path / "cols.tool"
    spec.write_text('''locale en_US
tool query "Query" {
    columns: list[string]
    extra: list[string]?
    returns { n: int(1..5) }
    error unknown_column "Unknown column in {columns}." when ("total" in columns) or ("date" in columns)
}
slot col = { "total": "amount", "date": "created" }
slot other = "city" | "status"
scenario s {
    user "Show the {col} column"
    call query(columns=[col.text, "id"], extra=[other.text]) fails unknown_column
    call query(columns=[col, "id"]) -> q
    assistant "{q.n} rows."
}
dataset d { system en "Assistant. Today is {today}." test 0% }
''', encoding="utf-8")
    prog, diags = check([spec])
    assert not diags, diags.render()
    ex, verifier = Expander(prog, resolve_plan(prog, Options(), diags), TODAY), Verifier(prog, TODAY)
    for seed in range(10):
        c = ex.expand(prog.scenarios["s"], seed, "train")
        assert verifier.failure(c) is None
        first, second = c.calls
        said = first.arguments["columns"][0]
        assert said in c.messages[1].content and first.arguments == {"columns": [said, "id"]}  # `extra` unsaid
        assert first.result["error"] == "unknown_column"
        assert second.arguments["columns"] == [{"total": "amount", "date": "created"}[said], "id"]


def test_a_call_the_assistant_corrects_is_no_target(built):
    """`SGT` -> unknown_zone -> `Asia/Singapore`: the failed first call is never a PPO ground truth nor the chosen
    side of an RM pair (the retry is what was right); the retry itself stays a target."""
    for c in rows(built, "time.retry", 20):
        assert c.self_corrected() == frozenset({0})
    for c in rows(built, "mail.bad", 5):  # the error is explained to the user: the call was right
        assert c.self_corrected() == frozenset()
    prog, ex, _ = built
    from toolc.compiler.generate import Generator
    gen = Generator(prog, ex.plan, TODAY)
    seen = []
    for kind in ("ppo", "rm"):
        for rec in gen.records(kind):
            if rec.provenance.scenario == "time.retry" and rec.expect == "call":
                tz = (rec.chosen[0].tool_calls if kind == "rm" else rec.expected)[0].arguments["timezone"]
                seen.append(tz)
                assert "/" in tz, rec
    assert seen


LOCALIZED = r'''
locale zh_CN
import "en.tool"
tool send_email "Send an email" {
    to: string
    returns { status: "sent" }
    error bad_address "Invalid recipient address: {to}." | zh "收件地址无效：{to}。" when not matches(to, "*@*.*")
}
slot bad = "ann at example" | "bob(at)example"
scenario zh.bad {
    user "给{bad}发邮件"
    call send_email(to=bad) -> r
    assistant "{r.message}请检查一下地址。"
}
dataset d { system zh "你是助手。今天是{today}。" | en "You are an assistant. Today is {today}." test 0% }
'''
LOCALIZED_EN = r'''
locale en_US
slot en_bad = "ann at example" | "bob(at)example"
scenario en.bad {
    user "Email {en_bad}"
    call send_email(to=en_bad) -> r
    assistant "{r.message} Could you check the address?"
}
'''


def test_an_error_message_in_the_conversations_language(tmp_path):
    """``error NAME "..." | zh "..."``: a Chinese conversation gets the Chinese message, any other the untagged one;
    verification holds each to its language's template; fmt keeps both."""
    from toolc.dsl.fmt import format_text

    (tmp_path / "main.tool").write_text(LOCALIZED, encoding="utf-8")
    (tmp_path / "en.tool").write_text(LOCALIZED_EN, encoding="utf-8")
    prog, diags = check([tmp_path / "main.tool"])
    assert not diags, diags.render()
    ex, verifier = Expander(prog, resolve_plan(prog, Options(), diags), TODAY), Verifier(prog, TODAY)
    for name, message in (("zh.bad", "收件地址无效：{}。"), ("en.bad", "Invalid recipient address: {}.")):
        for seed in range(6):
            conv = ex.expand(prog.scenarios[name], seed, "train")
            assert verifier.failure(conv) is None, verifier.failure(conv)
            to = conv.calls[0].arguments["to"]
            assert conv.calls[0].result == {"error": "bad_address", "message": message.format(to)}
    conv = ex.expand(prog.scenarios["zh.bad"], 0, "train")
    to = conv.calls[0].arguments["to"]
    conv.calls[0].result = {"error": "bad_address", "message": f"Invalid recipient address: {to}."}
    assert verifier.failure(conv)[:2] == ("execution", "error")  # the other language's message
    once = format_text(LOCALIZED, "main.tool")
    assert 'error bad_address "Invalid recipient address: {to}." | zh "收件地址无效：{to}。" when' in once
    assert format_text(once, "main.tool") == once


def test_a_wrong_placeholder_in_any_languages_error_message_is_reported(tmp_path):
    (tmp_path / "main.tool").write_text(LOCALIZED.replace("收件地址无效：{to}", "收件地址无效：{too}"), encoding="utf-8")
    (tmp_path / "en.tool").write_text(LOCALIZED_EN, encoding="utf-8")
    _, diags = check([tmp_path / "main.tool"])
    err = next(e for e in diags.errors if e.code == "E102")
    line = LOCALIZED.splitlines().index(next(x for x in LOCALIZED.splitlines() if "error bad_address" in x)) + 1
    assert (err.span.line, "`too`" in err.message) == (line, True)


@pytest.mark.parametrize("clause,message", [
    ('error e zh when a == "x"', "expected a string after the language tag"),
    ('error e "a" | zh when a == "x"', "expected a string after the language tag"),
    ("error e when a == 1", "expected the error's message"),
])
def test_a_malformed_error_clause_says_what_it_expected(tmp_path, clause, message):
    errors = _errors_of(tmp_path, f'locale en_US\ntool t "x" {{\n    a: string\n    returns {{ v: int(1..3) }}\n'
                                  f'    {clause}\n}}\n')
    assert [e.code for e in errors] == ["E001"] and message in errors[0].message and errors[0].span.line == 5
