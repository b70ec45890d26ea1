"""Audit of the bundled specs' build (issue 8): every row, read as a trainer reads it, checked against its
own calls and the world by tests/audit_checks.py, audit_calls.py and audit_rows.py (code that shares nothing
with the generator).

One build of ``specs/main.tool`` (dataset ``assistant``, openai format, SFT and PPO rows, reference date
2026-12-02) feeds every test. Thresholds: no row with a call fails any check (issue 8 allowed 1 %, under which 16
Chinese email confirmations saying `优先级：high` went unnoticed), and no row mixes languages between its system
prompt, user turns and replies.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest

import audit_calls
import audit_checks
import audit_rows as audit_rows_module
from audit_calls import (CALL_CHECKS, check_analyze_data, check_calculate, check_get_current_time, check_get_directions,
                         check_get_weather, check_list_files, check_query_database, check_search_restaurants,
                         check_send_email, check_translate_text, check_web_search, file_verdicts, named_checks,
                         route_verdicts)
from audit_checks import audit_rows, behaviours, cross_row_checks, relative_dates, reply_checks
from audit_rows import ROOT, TODAY, Call, Row, load_rows, script_language, without_values
from toolc.cli import main as toolc_main

BUILD = ["build", str(ROOT / "specs" / "main.tool"), "--dataset", "assistant", "--sft", "3000", "--rm", "0",
         "--ppo", "500", "--format", "openai", "--today", TODAY.isoformat()]


@pytest.fixture(scope="module")
def build(tmp_path_factory) -> tuple[Path, list[Row]]:
    out = tmp_path_factory.mktemp("audit") / "out"
    assert toolc_main([*BUILD, "-o", str(out)]) == 0
    return out, load_rows(out)


@pytest.fixture(scope="module")
def audit(build) -> tuple[int, dict[str, tuple[set[int], set[int]]]]:
    return audit_rows(build[1])


# ---------------------------------------------------------------------------------------------- tests

CHECKS = [
    "calculator value equals the expression", "paths under the requested directory", "paths match the pattern",
    "counts within limits", "rows honour the WHERE condition", "rows honour since", "columns as requested",
    "filters honoured", "widths as requested", "formats as requested", "aspect ratio kept",
    "time-zone offsets right", "dates right", "translations in the target language", "list lengths as requested",
    "units as requested", "units as requested (°F results in the °F range)", "physical ranges plausible",
    "sort order as requested", "the reply's yes/no present when asked", "the reply names the warmer city",
    "the reply says day or night", "dates not after the reference date", "dates within time_range",
    "results respect site", "results share words with the query", "no English enum word in a Chinese reply",
    "relative dates resolved against the stated today", "restaurants of the requested cuisine",
    "restaurants of the requested cuisine (one cuisine per name)", "attractions of the requested category",
    "attractions of the requested category (one category per name)", "attractions in the requested city",
    "duration follows distance and mode", "line counts match the content", "statistics consistent",
    "analysis follows the request", "command output follows the call", "email sent to the requested address",
    "booking as requested", "bookings not in the past", "deleted the requested file", "tool errors follow from the call",
    "temperatures fit the city and season", "rainy days fit the city's climate (deserts)", "prices fit the cuisine",
    "attractions fit their category", "routes fit the searched distances", "one length per route",
    "results not older than the year the query names", "statistics fit the column", "no rain below freezing",
    "prices state their currency", "snow is not called rain", "attractions best rated first",
    "count holds the spread", "files not modified before their content", "an empty search is reported as empty",
    "files as large as their listing says", "a body that speaks of an attachment has one",
    "data files as large as their values", "a reply says rounded only where the value was",
    "ratings on a one-decimal scale", "prices fit the product", "names a call passes were said",
    "a reply states a rounded value as rounded",
]


@pytest.mark.parametrize("check", CHECKS)
def test_no_call_row_fails_a_check(build, audit, check):
    call_rows, stats = audit
    assert check in stats, f"`{check}` never applied: the build has no row it could audit"
    applied, failed = stats[check]
    assert len(applied) >= 5, f"`{check}` applied to only {len(applied)} rows"
    examples = [(build[1][i].scenario, build[1][i].texts[-2:]) for i in sorted(failed)[:2]]
    # none may fail: the bundled build fails none, and a check that a right row fails is a check to mend (as
    # `relative_dates` was for 昆明天气)
    assert not failed, f"`{check}` fails on {len(failed)} of {call_rows} call rows, e.g. {examples}"


def test_a_build_in_another_season_fails_no_check(tmp_path, monkeypatch):
    """Dates, seasons and ages move with the reference date: a build on 2027-07-20 (northern summer, southern
    winter; another seed) audited against that date fails no check either."""
    today = dt.date(2027, 7, 20)
    for module in (audit_rows_module, audit_calls, audit_checks):
        monkeypatch.setattr(module, "TODAY", today)
    out = tmp_path / "out"
    build = [*BUILD[:BUILD.index("--today")], "--today", today.isoformat(), "--seed", "5", "--sft", "1500", "--ppo", "0"]
    assert toolc_main([*build, "-o", str(out)]) == 0
    rows = load_rows(out)
    call_rows, stats = audit_rows(rows)
    assert call_rows > 1000
    failed = {check: [rows[i].scenario for i in sorted(f)[:3]] for check, (_, f) in stats.items() if f}
    assert not failed, failed


def test_every_tool_is_audited(build):
    _, rows = build
    called = {c.name for row in rows for c in row.calls if c.result is not None}
    assert called == set(CALL_CHECKS), f"tools without audited results: {set(CALL_CHECKS) - called}"


def test_no_row_mixes_languages(build):
    """System prompt, user turns and replies (with the argument and result values they quote taken out) are
    all in the system prompt's language, and every system prompt states the reference date."""
    _, rows = build
    bad = []
    for row in rows:
        want = script_language(row.system)
        assert want in ("zh", "latin"), row.system
        for role, text in row.texts:
            got = script_language(without_values(text, row))
            if got not in (None, want):
                bad.append((row.scenario, role, text))
        if TODAY.isoformat() not in row.system:
            bad.append((row.scenario, "system", row.system))
    assert {r.lang for r in rows} == {"zh", "en"}
    assert bad == [], f"{len(bad)} of {len(rows)} rows mix languages, e.g. {bad[:3]}"


BEHAVIOURS = ("error", "confirm", "refuse", "structured", "turns3")
MIN_SHARE = 0.03


def test_every_behaviour_in_at_least_3_percent_of_sft_rows_per_language(build):
    """Issue 9, "How we will know": tool error + recovery, confirmation, refusal, a list or object argument and
    three or more user turns each show in at least 3 % of the SFT rows of each language (detected from the rows,
    not from scenario names)."""
    _, rows = build
    sft = [r for r in rows if r.kind == "sft"]
    short = []
    for lang in ("zh", "en"):
        mine = [r for r in sft if r.lang == lang]
        counts = {b: sum(b in behaviours(r) for r in mine) for b in BEHAVIOURS}
        short += [(lang, b, f"{n / len(mine):.1%}") for b, n in counts.items() if n < MIN_SHARE * len(mine)]
    assert short == [], f"behaviours below {MIN_SHARE:.0%} of SFT rows: {short}"


def test_behaviours_are_detected_from_rows():
    row = Row("sft", "s", "You are an assistant. Today is 2026-12-02.", expects=["confirm", "call", "none"], user_turns=2)
    row.calls = [Call("send_email", {"to": "a@b.com", "cc": ["c@d.com"]}, {"error": "unavailable", "message": "down"})]
    assert behaviours(row) == {"error", "confirm", "structured"}
    row = Row("sft", "s", "", expects=["refuse"], user_turns=3)
    assert behaviours(row) == {"refuse", "turns3"}
    row = Row("sft", "s", "", expects=["call", "none"], user_turns=1)
    row.calls = [Call("get_weather", {"city": "Oslo"}, {"unit": "celsius", "forecast": []})]
    assert behaviours(row) == set()


def test_manifest_reports_drops_and_pass_rates_per_stage(build, capsys):
    out, rows = build
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    v = manifest["verification"]
    stages = v["stages"]
    assert list(stages) == ["format", "schema", "execution", "semantic"] or set(stages) == {
        "format", "schema", "execution", "semantic"}
    reaching = v["checked"]
    for name in ("format", "schema", "execution", "semantic"):
        s = stages[name]
        assert s["checked"] == reaching and s["dropped"] == sum(s["reasons"].values())
        reaching -= s["dropped"]
    assert v["passed"] == reaching == len(rows) + sum(manifest["duplicates_dropped"].values())
    assert toolc_main(["stats", str(out)]) == 0
    shown = capsys.readouterr().out
    assert "pass %" in shown, "`toolc stats` shows no pass-rate column"
    for name in ("format", "schema", "execution", "semantic"):
        s = stages[name]
        rate = 100 * (s["checked"] - s["dropped"]) / s["checked"]
        line = next((ln for ln in shown.splitlines() if re.search(rf"\b{name}\b", ln) and str(s["checked"]) in ln), "")
        assert f"{rate:.1f}" in line, f"`toolc stats` shows no pass rate ({rate:.1f}) for the {name} stage"


def test_replies_claim_only_offered_tools(build, audit):
    """No reply says the assistant can do what no offered tool does ("I can translate" with no translation tool,
    found in greetings and capability answers): not one row."""
    applied, failed = audit[1]["capabilities claimed are offered tools"]
    assert len(applied) >= 5
    assert not failed, [(build[1][i].scenario, build[1][i].texts[-1]) for i in sorted(failed)[:3]]
    row = Row("sft", "s", "Today is 2026-12-02.", texts=[("assistant", "Hi! I can check the weather and translate.")],
              offered={"get_weather"})
    assert dict(reply_checks(row)) == {"capabilities claimed are offered tools": False}
    row.offered.add("translate_text")
    assert dict(reply_checks(row)) == {"capabilities claimed are offered tools": True}
    assert not dict(reply_checks(Row("sft", "s", "今天是2026-12-02。", texts=[("assistant", "抱歉，我不能翻译。")])))


def test_snow_is_not_answered_as_rain():
    """Asked whether it will rain, a reply may not say yes to rain and name snow (the wettest day of a forecast)."""
    days = [{"date": "2026-12-05", "temp_low": -9, "temp_high": 1, "precip_chance": 66, "humidity": 60,
             "condition": "snow"}]

    def verdict(lang: str, asked: str, reply: str) -> bool:
        row = Row("sft", "s", "Today is 2026-12-02." if lang == "en" else "今天是2026-12-02。")
        c = Call("get_weather", {"city": "X", "days": 3}, {"unit": "celsius", "forecast": days}, asked=asked)
        c.reply = reply
        row.calls.append(c)
        return dict(reply_checks(row))["snow is not called rain"]

    assert not verdict("en", "Will it rain in X?", "Yes: 2026-12-05 has a 66% chance (snow), so take an umbrella.")
    assert verdict("en", "Will it rain in X?", "Yes, though as snow rather than rain: 2026-12-05 has a 66% chance "
                                               "of snow, so bring an umbrella and dress warmly that day.")
    assert not verdict("zh", "X会下雨吗？", "会下雨：2026-12-05降水概率66%（下雪），那天出门记得带伞。")
    assert verdict("zh", "X会下雨吗？", "会下雪：2026-12-05降水概率66%，那天出门记得带伞、注意保暖。")


def test_audit_catches_wrong_results():
    """The checks fail on the defects issue 8 lists (so a passing audit means something)."""
    row = Row("sft", "s", f"今天是{TODAY}。")
    calc = Call("calculate", {"expression": "25 * 4 + 10"}, {"expression": "25 * 4 + 10", "result": 295222.0})
    assert dict(check_calculate(calc, row)) == {"calculator value equals the expression": False}
    exact = Row("sft", "s", "", texts=[("assistant", "(45 - 18) * 3.5 = 94.5 (rounded to 6 decimal places).")])
    calc = Call("calculate", {"expression": "(45 - 18) * 3.5", "precision": 6}, {"result": 94.5})
    assert dict(check_calculate(calc, exact))["a reply says rounded only where the value was"] is False
    calc = Call("calculate", {"expression": "sqrt(2) * 100", "precision": 2}, {"result": 141.42})
    assert dict(check_calculate(calc, exact))["a reply says rounded only where the value was"] is True
    bare = Call("calculate", {"expression": "100 / 7"}, {"result": 14.29}, reply="100 / 7 = 14.29")
    assert dict(check_calculate(bare, row))["a reply states a rounded value as rounded"] is False
    bare.reply = "100 / 7 ≈ 14.29 (rounded to 2 decimal places)"
    assert dict(check_calculate(bare, row))["a reply states a rounded value as rounded"] is True
    whole = Call("calculate", {"expression": "12.5 * 8"}, {"result": 100}, reply="算好了，结果是100。")
    assert dict(check_calculate(whole, row))["a reply states a rounded value as rounded"] is True
    ls = Call("list_files", {"directory": "~/Documents", "pattern": "*.pdf"},
              [{"path": "/tmp/x/report.docx", "size_kb": 3, "modified": "2027-01-01"}])
    assert {k: ok for k, ok in check_list_files(ls, row) if not ok} == {
        "paths under the requested directory": False, "paths match the pattern": False,
        "dates not after the reference date": False, "files as large as their kind": False}  # a 3 KB .docx
    tm = Call("get_current_time", {"timezone": "Asia/Kolkata"},
              {"timezone": "Asia/Kolkata", "date": "2026-12-02", "local_time": "10:00", "weekday": "Wednesday",
               "utc_offset": "+08:00"})
    assert dict(check_get_current_time(tm, row))["time-zone offsets right"] is False
    tr = Call("translate_text", {"text": "你好", "target_language": "ja"},
              {"translated_text": "Lorem ipsum dolor sit amet."})
    assert dict(check_translate_text(tr, row)) == {"translations in the target language": False}
    wx = Call("get_weather", {"city": "北京", "days": 5, "unit": "fahrenheit"},
              {"unit": "fahrenheit", "forecast": [{"date": "2026-12-02", "temp_low": 68, "temp_high": 70,
                                                    "precip_chance": 80, "humidity": 50, "condition": "snow"}]})
    assert dict(check_get_weather(wx, row)) == {"units as requested": True, "list lengths as requested": False,
                                                "physical ranges plausible": False}
    mohe = Call("get_weather", {"city": "漠河", "date": "2026-12-03"}, {"unit": "celsius", "forecast": [
        {"date": "2026-12-03", "temp_low": 16, "temp_high": 27, "precip_chance": 57, "humidity": 60,
         "condition": "light rain"}]})
    assert ("temperatures fit the city and season", False) in list(check_get_weather(mohe, row))
    sydney = Call("get_weather", {"city": "Sydney"}, {"unit": "celsius", "forecast": [
        {"date": "2026-12-02", "temp_low": -7, "temp_high": -4, "precip_chance": 42, "humidity": 60,
         "condition": "cloudy"}]})
    assert ("temperatures fit the city and season", False) in list(check_get_weather(sydney, row))
    noodles = Call("search_restaurants", {"location": "湖州", "cuisine": "兰州拉面"}, [
        {"name": "西北面馆", "cuisine": "兰州拉面", "rating": 4.4, "price_per_person": 352, "distance_km": 4.8,
         "open_now": True, "delivery": False, "address": "温路619号"}])
    assert ("prices fit the cuisine", False) in list(check_search_restaurants(noodles, row))
    nobel = Call("web_search", {"query": "2024年诺贝尔物理学奖得主"}, [
        {"rank": 1, "title": "2024年诺贝尔物理学奖得主：一文读懂", "url": "https://ifeng.com/detail/1",
         "snippet": "聚焦“2024年诺贝尔物理学奖得主”。", "published": "2023-02-05"}])
    assert ("results not older than the year the query names", False) in list(check_web_search(nobel, row))
    rate = Call("analyze_data", {"file_path": "inventory.xlsx", "column": "refund rate"},
                {"count": 786, "minimum": 340.0, "maximum": 3628.3, "mean": 765.4, "std": 287.1, "median": 746.2})
    assert ("statistics fit the column", False) in list(check_analyze_data(rate, row))
    outlier = Call("analyze_data", {"file_path": "/data/exports/每周KPI.csv", "analysis": "distribution"},
                   {"count": 19875, "minimum": 452.8, "maximum": 5223.7, "mean": 648.4, "std": 67.4, "median": 603.2,
                    "skewness": 1.32})  # a value 68 std above the mean, and a skewness that does not follow
    assert ("statistics consistent", False) in list(check_analyze_data(outlier, row))
    unnamed = Call("analyze_data", {"file_path": "./data/app_events.csv", "column": "使用时长"},
                   heard="帮我看看使用时长的统计情况")
    assert list(named_checks(unnamed)) == [("names a call passes were said", False),  # a file nobody named
                                           ("names a call passes were said", True)]
    unnamed = Call("analyze_data", {"file_path": "sales_2024.csv", "column": "销售额"},
                   heard="对sales_2024.csv做个趋势分析")
    assert list(named_checks(unnamed))[1] == ("names a call passes were said", False)  # a column nobody named
    listed = Call("analyze_data", {"file_path": "~/reports/a.csv"},
                  heard='find the newest CSV\n[{"path": "~/reports/a.csv"}]')
    assert list(named_checks(listed)) == [("names a call passes were said", True)]  # an earlier result's file
    near = Row("sft", "s", f"Today is {TODAY}.")
    near.calls = [Call("search_restaurants", {"location": "the hotel", "cuisine": "ramen"}, [
        {"name": "Ippudo", "cuisine": "ramen", "rating": 4.5, "price_per_person": 20, "distance_km": 4.8,
         "open_now": True, "delivery": False, "address": "1 Main St"}]),
        Call("get_directions", {"origin": "the hotel", "destination": "1 Main St"}, {"distance_km": 1.5,
                                                                                     "duration_min": 5})]
    assert list(route_verdicts(near)) == [("routes fit the searched distances", False)]
    twice = [Row("sft", "s", ""), Row("sft", "s", "")]
    for r, km in zip(twice, (3.1, 25.0)):
        r.calls = [Call("get_directions", {"origin": "火车站", "destination": "市博物馆"}, {"distance_km": km,
                                                                                         "duration_min": 20})]
    assert cross_row_checks(twice)["one length per route"] == ({0, 1}, {0, 1})
    go = Call("get_directions", {"origin": "a", "destination": "b", "mode": "walking"},
              {"distance_km": 46, "duration_min": 54})
    assert dict(check_get_directions(go, row)) == {"duration follows distance and mode": False}
    rain = Call("get_weather", {"city": "北京"}, {"unit": "celsius", "forecast": [
        {"date": "2026-12-02", "temp_low": 3, "temp_high": 9, "precip_chance": 80, "humidity": 80,
         "condition": "light rain"}]}, asked="需要带伞吗？",
        reply="北京最高9℃，最低3℃，降水概率80%。")
    row.calls = [rain]
    assert ("the reply's yes/no present when asked", False) in list(reply_checks(row))
    frozen = Call("get_weather", {"city": "哈密", "date": "2026-12-03"}, {"unit": "celsius", "forecast": [
        {"date": "2026-12-03", "temp_low": -10, "temp_high": -2, "precip_chance": 32, "humidity": 67,
         "condition": "cloudy"}]}, asked="明天要不要带伞？", reply="可能会下雨，明天降水概率32%，带把小伞比较稳妥。")
    row.calls = [frozen]
    assert ("no rain below freezing", False) in list(reply_checks(row))
    db = Call("query_database", {"table": "orders", "limit": 5, "where": "amount > 1000"},
              {"total_matches": 362, "row_count": 362, "rows": [{"amount": 20.0}]})
    assert ("counts within limits", False) in list(check_query_database(db, row))
    shop = Call("query_database", {"table": "products"},
                {"total_matches": 2, "row_count": 1, "rows": [{"name": "Power Bank", "price": 542.71}]})
    assert ("prices fit the product", False) in list(check_query_database(shop, Row("sft", "s", "")))
    assert ("rows honour the WHERE condition", False) in list(check_query_database(db, row))
    few = Call("analyze_data", {"file_path": "marketing_campaign.csv", "column": "客单价", "group_by": "store"},
               {"groups": 18, "count": 45, "minimum": 153.4, "maximum": 3605.3, "mean": 351.3, "std": 134.6,
                "median": 312.8})
    assert ("count holds the spread", False) in list(check_analyze_data(few, row))
    kunming = Row("sft", "s", f"今天是{TODAY}。")
    kunming.calls = [Call("get_weather", {"city": "昆明", "date": "2026-12-27"}, asked="25天后昆明天气怎么样？")]
    assert list(relative_dates(kunming)) == []  # 昆明天气 holds 明天, but says no relative date
    kunming.calls[0].asked = "昆明明天天气怎么样？"
    assert list(relative_dates(kunming)) == [("relative dates resolved against the stated today", False)]
    stats = {"count": 2833, "minimum": 405.3, "maximum": 4413.3, "mean": 2869.3, "std": 685.9, "median": 3412.1,
             "trend": "falling", "change_pct": -18.3}
    falling = Call("analyze_data", {"file_path": "q.xlsx", "column": "profit", "analysis": "forecast"},
                   {**stats, "last_value": 3600.0, "next_value": 2941.2})  # down from a value above the median
    assert ("analysis follows the request", False) in list(check_analyze_data(falling, row))
    falling.result = {**stats, "last_value": 1021.8, "next_value": 834.81}  # from near the bottom: holds
    assert ("analysis follows the request", True) in list(check_analyze_data(falling, row))
    diary = Row("sft", "s", "")
    diary.calls = [Call("list_files", {"directory": "~/Desktop", "pattern": "*.txt"},
                        [{"name": "日记.txt", "path": "~/Desktop/日记.txt", "size_kb": 1, "modified": "2026-05-18"}]),
                   Call("read_file", {"path": "~/Desktop/日记.txt"},
                        {"path": "~/Desktop/日记.txt", "content": "2026-11-30：给妈妈打了电话\n2026-12-01：和老朋友吃了顿饭",
                         "line_count": 2})]
    assert list(file_verdicts(diary)) == [("files not modified before their content", False),
                                          ("files as large as their listing says", True)]
    big = Row("sft", "s", "")  # a 26 MB CSV in the listing, four lines when read
    big.calls = [Call("list_files", {"directory": "/backup", "pattern": "*.csv"},
                      [{"name": "members.csv", "path": "/backup/members.csv", "size_kb": 26669, "modified": "2026-03-28"}]),
                 Call("read_file", {"path": "/backup/members.csv"},
                      {"path": "/backup/members.csv", "content": "member_id,name\nM-201,Alice\nM-202,Bob\nM-203,Priya",
                       "line_count": 4})]
    assert list(file_verdicts(big)) == [("files as large as their listing says", False)]
    tiny = Row("sft", "s", "")  # a 1 KB CSV in the listing, 5,216 values when analysed
    tiny.calls = [Call("list_files", {"directory": "./data", "pattern": "*.csv"},
                       [{"name": "users.csv", "path": "./data/users.csv", "size_kb": 1, "modified": "2026-11-28"}]),
                  Call("analyze_data", {"file_path": "./data/users.csv"},
                       {"count": 5216, "minimum": 1.0, "maximum": 9.0, "mean": 5.0, "std": 2.0, "median": 5.0})]
    assert list(file_verdicts(tiny)) == [("data files as large as their values", False)]
    tiny.calls[0].result[0]["size_kb"] = 326  # 64 bytes a row
    assert list(file_verdicts(tiny)) == [("data files as large as their values", True)]
    unattached = Call("send_email", {"to": "a@b.com", "subject": "Invoice attached", "body": "Please find it attached."},
                      {"to": "a@b.com", "status": "sent"})
    assert ("a body that speaks of an attachment has one", False) in list(check_send_email(unattached, row))


def test_enum_leak_check_spares_quoted_free_text_arguments():
    """"趋势为falling" leaks a result enum into a Chinese reply; quoting the command the model chose to run
    ("将执行命令：git status") does not."""
    leak = Row("sft", "s", f"今天是{TODAY}。", texts=[("user", "股价走势如何？"), ("assistant", "趋势为falling。")])
    leak.calls = [Call("get_stock", {"symbol": "AAPL"}, {"trend": "falling", "price": 3.0})]
    assert ("no English enum word in a Chinese reply", False) in list(reply_checks(leak))
    quoted = Row("sft", "s", f"今天是{TODAY}。", texts=[("user", "查看git状态"), ("assistant", "将执行命令：git status。")],
                 free_text={"git status"})
    quoted.calls = [Call("run_command", {"command": "git status"}, {"command": "git status", "state": "finished"})]
    assert ("no English enum word in a Chinese reply", True) in list(reply_checks(quoted))


def test_an_image_has_one_size_in_every_row(build):
    """An image the scenarios name (``logo.png``, ``证件照.jpg``) has the same pixels wherever it is edited
    (specs/tools_data.tool ``image_width`` / ``image_height``): a file does not change size between two rows."""
    sizes: dict[str, set[tuple[int, int]]] = {}
    for row in build[1]:
        for c in row.calls:
            if c.name == "process_image" and c.ok:
                o = c.result["original"]
                sizes.setdefault(c.args["image_path"].rsplit("/", 1)[-1], set()).add((o["width"], o["height"]))
    assert len(sizes) >= 10, sorted(sizes)
    assert {name: s for name, s in sizes.items() if len(s) > 1} == {}


def test_files_read_have_contents_of_their_own(build):
    """Two files read in the build (grades.csv and temperatures.csv, CHANGELOG.md and FAQ.md, utils.py and
    train.py) never share one content: a file's text follows its name (specs/pools_office_*.tool `file_text`,
    tools_office.tool `code_text`), so a reply quoting it is about that file. Service logs (app.log, api.log,
    ...) share the lines a service writes when it starts, and are left out."""
    by_content: dict[str, set[str]] = {}
    for row in build[1]:
        for c in row.calls:
            if c.name == "read_file" and isinstance(c.result, dict) and "content" in c.result:
                name = c.args["path"].replace("\\", "/").rsplit("/", 1)[-1]
                if not name.endswith(".log"):
                    by_content.setdefault(c.result["content"], set()).add(name)
    names = set().union(*by_content.values())
    assert {n.rsplit(".", 1)[-1] for n in names} >= {"csv", "md", "txt"}, sorted(names)
    assert [sorted(n) for n in by_content.values() if len(n) > 1] == []
