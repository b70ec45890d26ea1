"""Audit of the bundled specs' build (issue 8), the reply and whole-build checks, and the audit itself
(input: the :class:`~audit_rows.Row` s of a build; output: per check, the rows it applied to and the rows that
failed it). Used by tests/test_audit.py.

The checks share no code with toolc's generator or its verification stage. A check yields ``(name, ok)``
verdicts: the per-tool checks of tests/audit_calls.py, the reply checks here (a reply answers what was asked,
in the units asked for, with dates resolved against the stated today), and checks over the whole build
(:func:`cross_row_checks`); :func:`audit_rows` runs them all over the rows of tests/audit_rows.py.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from zoneinfo import ZoneInfo

from audit_calls import ARID, CALL_CHECKS, RAIN, error_checks, file_verdicts, named_checks, route_verdicts
from audit_rows import TODAY, Row, Verdicts, strings_in, to_celsius

# ---------------------------------------------------------------------------------------------- reply checks

_RAIN_Q = {"zh": re.compile(r"下雨|带伞|有没有雨|有雨"), "en": re.compile(r"\brain\b|umbrella", re.I)}
_COLD_Q = {"zh": re.compile(r"冷不冷|冷吗|外套|厚衣服"), "en": re.compile(r"\bcold\b|jacket", re.I)}
_HOT_Q = {"zh": re.compile(r"热不热|很热|热吗|短袖"), "en": re.compile(r"\bhot\b|shorts", re.I)}
_WARMER_Q = {"zh": re.compile(r"暖和"), "en": re.compile(r"warmer", re.I)}
_DAYNIGHT_Q = {"zh": re.compile(r"白天|晚上|天亮"),
               "en": re.compile(r"day or night|daytime|morning or night", re.I)}
_NO_RAIN = ("不会下", "不用带伞", "不需要带伞")


def _yes_no(reply: str, lang: str) -> str:
    """``yes``, ``no``, ``maybe`` or ``""``: how a reply answers a yes/no question."""
    if lang == "en":
        m = re.match(r"\s*(Yes|No|Maybe|Not really)\b", reply)
        return ("no" if m.group(1) == "Not really" else m.group(1).lower()) if m else ""
    if any(n in reply for n in _NO_RAIN) or "不冷" in reply or "不热" in reply or "不算热" in reply:
        return "no"
    if "可能" in reply:
        return "maybe"
    return "yes" if re.search(r"会下|带伞|冷|很热", reply) else ""


#: a reply that says it will (or may) rain: "会下雨" but not "不会下雨"; "Yes"/"Maybe" ... "rain"
_SAYS_RAIN = {"zh": re.compile(r"(?<!不)会下雨|(?<!不)要下雨|(?<!不)会有雨"),
              "en": re.compile(r"^(?:Yes|Maybe)\b(?![^\n]*rather than rain)[^\n]*\brain\b")}
#: a "yes, it will rain" that names snow: "Yes: 2026-12-05 has a 66% chance (snow)", "会下雨：...（下雪）" (but not
#: "Yes, though as snow rather than rain": the umbrella is still due)
_RAIN_BUT_SNOW = {"zh": re.compile(r"(?<!不)会下雨(?!夹雪)[^\n]*（下雪）"), "en": re.compile(r"^Yes\b(?![^\n]*rather than rain)[^\n]*\bsnow\b", re.I)}


#: What a reply may say the assistant can do, and the tool that makes it true (English, Chinese).
_CAN = [("get_weather", r"\bweather\b|forecast", "天气"),
        ("web_search", r"search the web|search for it|search online", "搜索(?!餐厅)|上网搜|搜一搜"),
        ("search_restaurants", r"restaurant", "餐厅"),
        ("calculate", r"\bmath\b|calculat", "计算|算数"),
        ("translate_text", r"translat", "翻译"),
        ("send_email", r"\be-?mails?\b", "邮件"),
        ("search_tourist_spots", r"attraction", "景点"),
        ("get_directions", r"\broute\b|how long the trip", "路线|路上")]
#: a clause that says "I can ...": English up to the sentence's end (not "I can't"), Chinese up to a full stop
_I_CAN = {"en": re.compile(r"\bI can (?!not\b|'t)[^.!?]*", re.I), "zh": re.compile(r"我(?:可以|能)(?:帮)?[^。！？]*")}


def capability_claims(row: Row) -> Verdicts:
    """A reply that says what the assistant can do names only tools the row offers ("I can translate" with no
    translation tool teaches a model to claim tools it lacks)."""
    for role, text in row.texts:
        if role != "assistant":
            continue
        for claim in _I_CAN[row.lang].findall(text):
            for tool, en, zh in _CAN:
                if re.search(en if row.lang == "en" else zh, claim, re.I):
                    yield "capabilities claimed are offered tools", tool in row.offered


def reply_checks(row: Row) -> Verdicts:
    yield from capability_claims(row)
    weather = [c for c in row.calls if c.name == "get_weather" and c.ok and c.reply]
    for c in weather:  # below freezing all day, precipitation falls as snow
        if all(to_celsius(d["temp_high"], c.result["unit"]) <= 0 for d in c.result["forecast"]):
            yield "no rain below freezing", not _SAYS_RAIN[row.lang].search(c.reply)
        if _RAIN_Q[row.lang].search(c.asked):  # asked about rain: snow is answered as snow
            yield "snow is not called rain", not _RAIN_BUT_SNOW[row.lang].search(c.reply)
    lang = row.lang
    if len(weather) == 1:
        c = weather[0]
        unit = c.result["unit"]
        days = c.result["forecast"]
        p = max(d["precip_chance"] for d in days)
        lo, hi = to_celsius(days[0]["temp_low"], unit), to_celsius(days[0]["temp_high"], unit)
        said = _yes_no(c.reply, lang)
        if _RAIN_Q[lang].search(c.asked):
            yield "the reply's yes/no present when asked", said == "yes" if p >= 50 else said == "no" if p < 30 \
                else said in ("maybe", "yes")
        elif _COLD_Q[lang].search(c.asked) and not _WARMER_Q[lang].search(c.asked):
            yield "the reply's yes/no present when asked", said == "yes" if lo <= 5 else said == "no" if lo >= 13 \
                else True
        elif _HOT_Q[lang].search(c.asked):
            yield "the reply's yes/no present when asked", said == "yes" if hi >= 30 else said == "no" if hi < 25 \
                else True
        if unit == "fahrenheit":
            yield "units as requested", not re.search("℃|°C|摄氏", c.reply)
        elif re.search(r"\d", c.reply):
            yield "units as requested", not re.search("℉|°F|华氏", c.reply)
    if len(weather) == 2 and _WARMER_Q[lang].search(weather[0].asked):
        # warmer: the day's mean ((low + high) / 2) higher by at least 1 degree; closer is "about the same" (a
        # higher high alone is no verdict: 7 and -2 is warmer than 8 and -5)
        (a, wa), (b, wb) = [(c.args["city"], c.result["forecast"][0]["temp_high"] + c.result["forecast"][0]["temp_low"])
                            for c in weather]
        reply = weather[0].reply
        if abs(wa - wb) < 2:
            yield "the reply names the warmer city", "差不多" in reply or "About the same" in reply
        else:
            win = a if wa > wb else b
            yield "the reply names the warmer city", f"{win}更暖和" in reply or f"{win} is warmer" in reply
    for c in row.calls:
        if c.name == "get_current_time" and c.ok and c.reply and _DAYNIGHT_Q[lang].search(c.asked):
            h = int(c.result["local_time"][:2])
            # 5 to 6 is dawn in summer and dark in winter: "early morning", not "the middle of the night"
            want = ("白天", "daytime") if 6 <= h < 18 else ("晚上", "evening") if 18 <= h < 22 else \
                ("晚上", "night") if h >= 22 else ("清晨", "early morning") if h == 5 else ("凌晨", "middle of the night")
            yield "the reply says day or night", want[0 if lang == "zh" else 1] in c.reply
    times = [c for c in row.calls if c.name == "get_current_time" and c.ok]
    if len(times) == 2:
        instants = {dt.datetime.fromisoformat(f"{c.result['date']}T{c.result['local_time']}")
                    .replace(tzinfo=ZoneInfo(c.result["timezone"])).timestamp() for c in times}
        yield "time-zone offsets right", len(instants) == 1
    if lang == "zh":
        codes = {s for c in row.calls if c.ok for s in strings_in(c.result)
                 if len(s) >= 3 and re.fullmatch(r"[a-z]+(?:[ _][a-z]+){0,2}", s) or s in _WEEKDAYS}
        codes -= row.free_text  # a free-text argument ("git status") may be quoted back; an enum one not
        replies = " ".join(t for role, t in row.texts if role == "assistant")
        for v in sorted({s for c in row.calls for s in (*strings_in(c.args), *strings_in(c.result))} - codes, key=len,
                        reverse=True):
            replies = replies.replace(v, " ")  # a code inside a quoted path or file content is not a reply word
        if codes and replies:
            yield "no English enum word in a Chinese reply", not any(
                re.search(rf"(?<![A-Za-z]){re.escape(s)}(?![A-Za-z])", replies) for s in codes)
    yield from relative_dates(row)


_WEEKDAYS = {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"}
_RELATIVE = {"zh": [("大后天", 3), ("后天", 2), ("明天", 1), ("今天", 0)],
             "en": [("the day after tomorrow", 2), ("in three days", 3), ("tomorrow", 1), ("today", 0)]}


def relative_dates(row: Row) -> Verdicts:
    for c in row.calls:
        if c.name != "get_weather":
            continue
        asked = c.asked.replace(c.args["city"], " ")  # 昆明天气 says no 明天
        hit = next((off for word, off in _RELATIVE[row.lang] if word in asked), None)
        if hit is not None:
            yield "relative dates resolved against the stated today", \
                c.args.get("date") == (TODAY + dt.timedelta(days=hit)).isoformat() and TODAY.isoformat() in row.system


def cross_row_checks(rows: list[Row]) -> dict[str, tuple[set[int], set[int]]]:
    """Checks over the whole build: a restaurant name belongs to one cuisine, an attraction name (without its
    city) to one category, Fahrenheit results are Fahrenheit-range numbers, deserts have few rainy days, and a
    route has one length."""
    cuisines: dict[str, set[str]] = defaultdict(set)
    kinds: dict[str, set[str]] = defaultdict(set)
    users: dict[str, set[int]] = defaultdict(set)
    temps: dict[str, list[float]] = defaultdict(list)
    fahrenheit_rows: set[int] = set()
    arid_days: list[tuple[int, bool]] = []
    routes: dict[tuple, set[float]] = defaultdict(set)
    route_rows: dict[tuple, set[int]] = defaultdict(set)
    for i, row in enumerate(rows):
        for c in row.calls:
            if not c.ok:
                continue
            if c.name == "search_restaurants" and "cuisine" in c.args:
                for it in c.result:
                    cuisines[it["name"]].add(c.args["cuisine"])
                    users["r:" + it["name"]].add(i)
            elif c.name == "get_directions":
                key = (c.args["origin"], c.args["destination"], c.args.get("mode", "driving"),
                       tuple(c.args.get("avoid", ())))
                routes[key].add(c.result["distance_km"])
                route_rows[key].add(i)
            elif c.name == "search_tourist_spots":
                for it in c.result:
                    kinds[it["name"].removeprefix(c.args["city"])].add(it["category"])
                    users["s:" + it["name"].removeprefix(c.args["city"])].add(i)
            elif c.name == "get_weather":
                temps[c.result["unit"]] += [d[k] for d in c.result["forecast"] for k in ("temp_low", "temp_high")]
                if c.result["unit"] == "fahrenheit":
                    fahrenheit_rows.add(i)
                if c.args["city"] in ARID:
                    arid_days += [(i, d["condition"] in RAIN) for d in c.result["forecast"]]
    bad_r = {i for n, cs in cuisines.items() if len(cs) > 1 for i in users["r:" + n]}
    bad_s = {i for n, ks in kinds.items() if len(ks) > 1 for i in users["s:" + n]}
    mean = {u: sum(v) / len(v) for u, v in temps.items() if v}
    f_ok = "fahrenheit" in mean and "celsius" in mean and mean["fahrenheit"] > mean["celsius"] + 15
    return {"restaurants of the requested cuisine (one cuisine per name)": (
                {i for k in users if k.startswith("r:") for i in users[k]}, bad_r),
            "attractions of the requested category (one category per name)": (
                {i for k in users if k.startswith("s:") for i in users[k]}, bad_s),
            "units as requested (°F results in the °F range)": (fahrenheit_rows, set() if f_ok else fahrenheit_rows),
            # the same route (origin, destination, mode, roads avoided) has one length in every row
            "one length per route": ({i for v in route_rows.values() for i in v},
                                     {i for k, v in route_rows.items() if len(routes[k]) > 1 for i in v}),
            # deserts: rain or snow on a few days a year (at most 6 % of a desert's days: REGIMES["A"] in
            # compiler/simulate/climate.py), so no more rainy forecast days than 6 % and two standard deviations
            # of a binomial draw (5 of 46 days is chance; 10 of 46 is not)
            "rainy days fit the city's climate (deserts)": (
                {i for i, _ in arid_days},
                {i for i, wet in arid_days if wet} if sum(w for _, w in arid_days) > _most_wet(len(arid_days))
                else set())}


def _most_wet(days: int, share: float = 0.06) -> float:
    """The most rainy days of ``days`` desert forecast days that chance allows: the mean and two standard deviations
    of a binomial draw with ``share``, and one day."""
    return share * days + 2 * (share * (1 - share) * days) ** 0.5 + 1


def audit_rows(rows: list[Row]) -> tuple[int, dict[str, tuple[set[int], set[int]]]]:
    """``(call rows, {check: (rows it applied to, rows that failed it)})``."""
    applied: dict[str, set[int]] = defaultdict(set)
    failed: dict[str, set[int]] = defaultdict(set)
    call_rows = 0
    for i, row in enumerate(rows):
        call_rows += bool(row.calls)
        verdicts = list(reply_checks(row)) + list(route_verdicts(row)) + list(file_verdicts(row))
        for c in row.calls:
            verdicts += list(named_checks(c))
            if c.ok:
                verdicts += list(CALL_CHECKS[c.name](c, row))
            elif c.error is not None:
                verdicts += list(error_checks(c, row))
        for name, ok in verdicts:
            applied[name].add(i)
            if not ok:
                failed[name].add(i)
    stats = {k: (applied[k], failed[k]) for k in applied}
    stats.update(cross_row_checks(rows))
    return call_rows, stats


def behaviours(row: Row) -> set[str]:
    """The behaviours of issue 9 an SFT row shows, read from the row itself: ``error`` (a tool gave an error
    result), ``confirm`` / ``refuse`` (an assistant turn expected to confirm or to refuse), ``structured`` (a call
    passes a list or object argument) and ``turns3`` (three or more user turns)."""
    found = set()
    if any(c.error is not None for c in row.calls):
        found.add("error")
    found |= {"confirm", "refuse"} & set(row.expects)
    if any(isinstance(v, (list, dict)) for c in row.calls for v in c.args.values()):
        found.add("structured")
    if row.user_turns >= 3:
        found.add("turns3")
    return found
