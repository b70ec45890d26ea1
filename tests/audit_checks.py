"""Audit of the bundled specs' build (issue 8), the checks: every row read as a trainer reads it and checked
against its own calls and the world (used by tests/test_audit.py).

The checks share no code with toolc's generator or its verification stage: arithmetic through Python's
``ast``, globs through ``fnmatch``, time zones through ``zoneinfo``, scripts through Unicode blocks, SQL
conditions through a small parser here. A check yields ``(name, ok)`` verdicts; :func:`audit_rows` counts, per
check, the rows it applied to and the rows that failed it.
"""

from __future__ import annotations

import ast
import datetime as dt
import fnmatch
import json
import math
import operator
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterator
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parents[1]
TODAY = dt.date(2026, 12, 2)
#: where a user without an explicit time zone lives: Chinese conversations in China, English ones in New York
USER_TZ = {"zh": "Asia/Shanghai", "en": "America/New_York"}


# ---------------------------------------------------------------------------------------------- rows


@dataclass
class Call:
    name: str
    args: dict[str, Any]
    result: Any = None          # None for a PPO ground-truth call (no result yet)
    asked: str = ""             # the last user turn before the call
    reply: str = ""             # the first assistant text after the call's results

    @property
    def error(self) -> str | None:
        """The error name of an error result (``{"error": NAME, "message": TEXT}``), else ``None``."""
        r = self.result
        return r["error"] if isinstance(r, dict) and set(r) == {"error", "message"} else None

    @property
    def ok(self) -> bool:
        """Whether the call has a result that is not an error."""
        return self.result is not None and self.error is None


@dataclass
class Row:
    kind: str
    scenario: str
    system: str
    texts: list[tuple[str, str]] = field(default_factory=list)   # (role, content) of user and assistant text
    calls: list[Call] = field(default_factory=list)
    expects: list[str] = field(default_factory=list)              # SFT: what each assistant turn does
    user_turns: int = 0
    free_text: set[str] = field(default_factory=set)              # argument values of parameters without an enum

    @property
    def lang(self) -> str:
        return "zh" if _count(self.system, _HAN) else "en"


def _json(value: Any) -> Any:
    """A JSON column as written: structured (the ``openai`` format's ``Json`` features) or JSON text."""
    return json.loads(value) if isinstance(value, str) else value


def _row(kind: str, record: dict[str, Any]) -> Row:
    messages = record["messages"] if kind == "sft" else record["prompt"]
    row = Row(kind, record["scenario"], messages[0]["content"] if messages[0]["role"] == "system" else "",
              expects=_json(record["expects"]) if kind == "sft" else [],
              user_turns=sum(m["role"] == "user" for m in messages))
    by_id: dict[str, Call] = {}
    pending: list[Call] = []
    last_user = ""
    for m in messages[1:]:
        if m["role"] == "user":
            last_user = m["content"]
            row.texts.append(("user", m["content"]))
        elif m["role"] == "assistant" and m.get("tool_calls"):
            pending = []
            for tc in m["tool_calls"]:
                c = Call(tc["function"]["name"], _json(tc["function"]["arguments"]), asked=last_user)
                by_id[tc["id"]] = c
                pending.append(c)
                row.calls.append(c)
        elif m["role"] == "tool":
            by_id[m["tool_call_id"]].result = json.loads(m["content"])
        elif m["role"] == "assistant":
            row.texts.append(("assistant", m["content"]))
            for c in pending:
                c.reply = m["content"]
            pending = []
    schemas = {t["function"]["name"]: t["function"]["parameters"].get("properties", {})
               for t in _json(record.get("tools") or "[]")}
    row.free_text = {v for c in row.calls for k, v in c.args.items()
                     if isinstance(v, str) and "enum" not in schemas.get(c.name, {}).get(k, {"enum": ()})}
    if kind == "ppo":  # the ground truth lists acceptable values, the exact (generated) one first; "" = left out
        for g in _json(record["ground_truth"]).get("calls", ()):
            exact = {k: acc[0] for k, acc in g["arguments"].items() if acc and acc[0] != ""}
            row.calls.append(Call(g["name"], exact, asked=last_user))
    return row


# ---------------------------------------------------------------------------------------------- helpers

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")
_KANA = re.compile(r"[\u3040-\u30ff]")
_HANGUL = re.compile(r"[\uac00-\ud7af\u1100-\u11ff]")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")
_DATE = re.compile(r"\b(\d{4})[-/](\d{2})[-/](\d{2})\b")


def _count(text: str, pattern: re.Pattern) -> int:
    return len(pattern.findall(text))


def _day(s: str) -> dt.date:
    return dt.date.fromisoformat(s[:10])


def _dates_in(text: str) -> list[dt.date]:
    out = []
    for y, m, d in _DATE.findall(text):
        try:
            out.append(dt.date(int(y), int(m), int(d)))
        except ValueError:
            pass
    return out


def _to_c(v: float, unit: str) -> float:
    return (v - 32) * 5 / 9 if unit == "fahrenheit" else v


_OPS = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul, ast.Div: operator.truediv,
        ast.Mod: operator.mod, ast.Pow: operator.pow, ast.USub: operator.neg, ast.UAdd: operator.pos}
_FUNCS = {"sqrt": math.sqrt, "abs": abs, "round": round}


def arithmetic(expression: str) -> float:
    """The value of an arithmetic expression as the calculator tool describes it (``^`` is power)."""
    def ev(n: ast.AST) -> float:
        if isinstance(n, ast.Expression):
            return ev(n.body)
        if isinstance(n, ast.Constant) and isinstance(n.value, (int, float)):
            return n.value
        if isinstance(n, ast.BinOp):
            return _OPS[type(n.op)](ev(n.left), ev(n.right))
        if isinstance(n, ast.UnaryOp):
            return _OPS[type(n.op)](ev(n.operand))
        if isinstance(n, ast.Call) and isinstance(n.func, ast.Name):
            return _FUNCS[n.func.id](*[ev(a) for a in n.args])
        raise ValueError(f"not arithmetic: {ast.dump(n)}")
    return ev(ast.parse(expression.replace("^", "**").replace("×", "*").replace("÷", "/"), mode="eval"))


_SQL = re.compile(r"^\s*(\w+)\s*(>=|<=|!=|=|>|<)\s*(?:'([^']*)'|(-?\d+(?:\.\d+)?))\s*$")


def sql_condition(where: str) -> Callable[[dict], bool | None]:
    """A one-comparison SQL WHERE condition as a test on a row (``None``: the row lacks the column)."""
    m = _SQL.match(where)
    assert m, f"unsupported WHERE condition {where!r}"
    col, op, text, num = m.groups()
    want: Any = text if text is not None else float(num)
    cmp = {"=": operator.eq, "!=": operator.ne, ">": operator.gt, "<": operator.lt, ">=": operator.ge,
           "<=": operator.le}[op]
    return lambda row: None if col not in row else cmp(row[col], want)


#: words and letters that mark a Latin-script language (the audit tells English, French, German and Spanish apart)
_STOPWORDS = {
    "en": "the is a an and you to of in this have be will me please for on it are your with when we i do could "
          "would thank has been by at let's so may all".split(),
    "fr": "le la les des du de est et vous pour un une dans au avec nous ce que qui sera y il votre mon me moins "
          "plus à été faites".split(),
    "de": "der die das und ist sie ich nicht ein eine mit für zu es wir bitte dieses mir vor im auf den dem "
          "wurde wenn haben".split(),
    "es": "el la los las de y es que en un una por para con su se este lo al del le está hay hace muy".split(),
}
_LETTERS = {"en": "", "fr": "éèêàçù", "de": "äöüß", "es": "ñ¿¡áíóú"}


def latin_language(text: str) -> str:
    words = re.findall(r"[a-zà-ÿ']+", text.lower())
    scores = {lang: sum(w in vocab for w in words) + 2 * sum(ch in _LETTERS[lang] for ch in text.lower())
              for lang, vocab in _STOPWORDS.items()}
    return max(scores, key=lambda k: scores[k])


def script_language(text: str) -> str | None:
    """``zh``, ``ja``, ``ko``, ``ru``, ``latin`` or ``None`` (no letters), by Unicode blocks."""
    if _count(text, _KANA):
        return "ja"
    counts = {"zh": _count(text, _HAN), "ko": _count(text, _HANGUL), "ru": _count(text, _CYRILLIC),
              "latin": _count(text, _LATIN) / 5}
    best = max(counts, key=lambda k: counts[k])
    return best if counts[best] else None


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, dict):
        for v in value.values():
            yield from _strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v)
    elif isinstance(value, str):
        yield value
        if value.endswith(".") and len(value) > 1:
            yield value[:-1]


def without_values(text: str, row: Row) -> str:
    """``text`` minus every argument and result value it quotes (those may be in any language)."""
    values = sorted({s for c in row.calls for s in (*_strings(c.args), *_strings(c.result)) if s}, key=len,
                    reverse=True)
    for v in values:
        text = text.replace(v, " ")
    return _ADDRESSES.sub(" ", text)


#: e-mail addresses, URLs and file paths: language-neutral wherever they stand
_ADDRESSES = re.compile(r"\S+@\S+|https?://\S+|[\w.~-]*/[\w./~-]+")


# ---------------------------------------------------------------------------------------------- call checks

Verdicts = Iterator[tuple[str, bool]]


def check_calculate(c: Call, row: Row) -> Verdicts:
    want = round(arithmetic(c.args["expression"]), c.args.get("precision", 2))
    yield "calculator value equals the expression", math.isclose(c.result["result"], want, rel_tol=1e-9, abs_tol=1e-9)


def check_list_files(c: Call, row: Row) -> Verdicts:
    base = c.args["directory"].rstrip("/") + "/"
    items = c.result
    for it in items:
        rest = it["path"][len(base):] if it["path"].startswith(base) else None
        yield "paths under the requested directory", rest is not None and (
            c.args.get("recursive", False) or "/" not in rest)
        name = it["path"].rsplit("/", 1)[-1]
        if "pattern" in c.args:
            yield "paths match the pattern", fnmatch.fnmatchcase(name, c.args["pattern"])
        yield "dates not after the reference date", _day(it["modified"]) <= TODAY
    key, desc = {"name": ("path", False), "size": ("size_kb", True), "modified": ("modified", True)}[
        c.args.get("sort_by", "name")]
    values = [it[key].rsplit("/", 1)[-1] if key == "path" else it[key] for it in items]
    yield "sort order as requested", values == sorted(values, reverse=desc)


def check_query_database(c: Call, row: Row) -> Verdicts:
    r, a = c.result, c.args
    yield "counts within limits", len(r["rows"]) <= a.get("limit", 10) and r["row_count"] == len(r["rows"]) <= \
        r["total_matches"]
    test = sql_condition(a["where"]) if "where" in a else None
    for rec in r["rows"]:
        if test is not None:
            yield "rows honour the WHERE condition", test(rec) is not False
        if "since" in a and "created" in rec:
            yield "rows honour since", _day(rec["created"]) >= _day(a["since"])
        if "created" in rec:
            yield "dates not after the reference date", _day(rec["created"]) <= TODAY
        if "columns" in a:
            yield "columns as requested", set(rec) <= set(a["columns"])
    if a.get("order_by", "").lstrip("-") in ("amount", "created", "id"):
        col, desc = a["order_by"].lstrip("-"), a["order_by"].startswith("-")
        vals = [rec[col] for rec in r["rows"] if col in rec]
        yield "sort order as requested", vals == sorted(vals, reverse=desc)


def check_process_image(c: Call, row: Row) -> Verdicts:
    a, r = c.args, c.result
    src = a["image_path"].rsplit(".", 1)[-1].lower().replace("jpeg", "jpg")
    want = a.get("output_format", src)
    yield "formats as requested", r["format"] == want and r["output_path"].endswith("." + want)
    (ow, oh), (w, h) = (r["original"]["width"], r["original"]["height"]), (r["size"]["width"], r["size"]["height"])
    op = a["operation"]
    if op == "resize" and "width" in a:
        yield "widths as requested", w == a["width"]
        if "height" not in a:
            yield "aspect ratio kept", abs(h - w * oh / ow) <= 1
    elif op == "rotate" and abs(a.get("angle", 0)) % 180 == 90:
        yield "widths as requested", (w, h) == (oh, ow)
    elif op not in ("resize", "crop", "rotate"):
        yield "widths as requested", (w, h) == (ow, oh)


def check_get_current_time(c: Call, row: Row) -> Verdicts:
    r = c.result
    tz = c.args.get("timezone", USER_TZ[row.lang])
    local = dt.datetime.fromisoformat(f"{r['date']}T{r['local_time']}").replace(tzinfo=ZoneInfo(tz))
    off = local.utcoffset()
    minutes = int(off.total_seconds() // 60)
    offset = f"{'+' if minutes >= 0 else '-'}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"
    yield "time-zone offsets right", r["timezone"] == tz and r["utc_offset"] == offset
    instant = local.astimezone(ZoneInfo(USER_TZ[row.lang]))
    yield "dates right", instant.date() == TODAY and r["weekday"] == local.strftime("%A")


def check_translate_text(c: Call, row: Row) -> Verdicts:
    target, text = c.args["target_language"], c.result["translated_text"]
    script = script_language(text)
    ok = text != c.args["text"] and (script == target if target in ("zh", "ja", "ko", "ru") else
                                     script == "latin" and latin_language(text) == target)
    yield "translations in the target language", ok


_RAIN = {"light rain", "heavy rain", "thunderstorms", "sleet", "snow"}


def check_get_weather(c: Call, row: Row) -> Verdicts:
    r, a = c.result, c.args
    unit = a.get("unit", "celsius")
    yield "units as requested", r["unit"] == unit
    days = r["forecast"]
    start = _day(a["date"]) if "date" in a else TODAY
    yield "list lengths as requested", len(days) == a.get("days", 1) and \
        [d["date"] for d in days] == [(start + dt.timedelta(days=i)).isoformat() for i in range(len(days))]
    for d in days:
        lo, hi = _to_c(d["temp_low"], unit), _to_c(d["temp_high"], unit)
        cond, p = d["condition"], d["precip_chance"]
        plausible = -45 <= lo <= hi <= 50 and 0 <= d["humidity"] <= 100 and 0 <= p <= 100
        plausible &= not (cond == "snow" and hi > 3) and not (cond == "sleet" and lo > 0.5)
        plausible &= (p >= 40) if cond in _RAIN else (p < 50)
        plausible &= not (cond == "sunny" and p >= 25) and not (cond == "thunderstorms" and hi < 10)
        yield "physical ranges plausible", plausible
        yield from climate_verdicts(a["city"], _day(d["date"]), lo, hi, cond)


# Climate classes of cities the bundled specs name, written here from general climatology (not read from toolc's
# climate files): what a forecast for them may never say, whatever its source.
#: northern cities whose coldest month has a mean daily maximum of about -5 °C or less
COLD_WINTER = {"漠河", "黑河", "哈尔滨", "齐齐哈尔", "伊春", "佳木斯", "绥化", "大庆", "鹤岗", "呼伦贝尔", "满洲里", "锡林浩特",
               "那曲", "Harbin", "Ulaanbaatar", "Winnipeg", "Saskatoon", "Regina", "Edmonton", "Quebec City", "Ottawa",
               "Montreal", "Minneapolis"}
#: lowland tropical cities: warm all year, never snow
TROPICAL = {"Singapore", "Kuala Lumpur", "Penang", "Jakarta", "Bangkok", "Phuket", "Manila", "Cebu", "Ho Chi Minh City",
            "Phnom Penh", "Colombo", "Malé", "Mumbai", "Chennai", "Kochi", "Lagos", "Accra", "Panama City", "San Juan",
            "Cartagena", "Salvador", "Recife", "Darwin", "三亚", "三沙"}
#: temperate cities of the southern hemisphere: summer in December-February, winter in June-August
SOUTH = {"Sydney", "Melbourne", "Adelaide", "Perth", "Brisbane", "Canberra", "Hobart", "Auckland", "Wellington",
         "Christchurch", "Queenstown", "Cape Town", "Johannesburg", "Durban", "Buenos Aires", "Santiago", "Montevideo",
         "Córdoba", "Mendoza", "Valparaíso", "São Paulo"}
#: deserts: rain or snow on at most a few days a year
ARID = {"Cairo", "Dubai", "Abu Dhabi", "Doha", "Riyadh", "Kuwait City", "Jeddah", "Muscat", "Manama", "Lima", "Las Vegas",
        "吐鲁番", "敦煌", "哈密", "喀什", "和田", "酒泉", "嘉峪关", "格尔木", "克拉玛依", "库尔勒", "阿克苏"}


def climate_verdicts(city: str, day: dt.date, lo: float, hi: float, cond: str) -> Verdicts:
    """``temperatures fit the city and season`` for one forecast day (°C)."""
    winter, summer = day.month in (12, 1, 2), day.month in (6, 7, 8)
    if city in COLD_WINTER:
        yield "temperatures fit the city and season", (hi <= 5 if winter else hi >= 15 if summer else True)
    if city in TROPICAL:
        yield "temperatures fit the city and season", lo >= 14 and hi >= 24 and cond not in ("snow", "sleet")
    if city in SOUTH:
        yield "temperatures fit the city and season", (hi >= 15 if winter else hi <= 24 if summer else True)


_SPEED = {"walking": (2.5, 7), "cycling": (8, 25), "transit": (8, 45), "driving": (10, 90)}
#: minutes a trip may spend not moving: waiting for a bus or train, finding a parking place, unlocking a bike
_OVERHEAD = {"walking": 1, "cycling": 2, "transit": 10, "driving": 4}


def check_get_directions(c: Call, row: Row) -> Verdicts:
    r = c.result
    mode = c.args.get("mode", "driving")
    lo, hi = _SPEED[mode]
    km, minutes = r["distance_km"], r["duration_min"]
    yield "duration follows distance and mode", minutes > 0 and \
        km / hi * 60 - 1 <= minutes <= km / lo * 60 + _OVERHEAD[mode]


#: the most a meal of a cheap cuisine costs per person (yuan in Chinese rows, dollars in English ones)
CHEAP = {"兰州拉面": 60, "串串香": 150, "东北菜": 200, "tacos": 40, "burgers": 40, "pho": 40, "ramen": 45, "pizza": 50}
#: the most any restaurant of the bundled searches costs per person
DEAREST = {"zh": 600, "en": 250}


def check_search_restaurants(c: Call, row: Row) -> Verdicts:
    a, items = c.args, c.result
    f = a.get("filters", {})
    yield "counts within limits", 1 <= len(items) <= a.get("limit", 5)
    for it in items:
        yield "prices fit the cuisine", it["price_per_person"] <= min(CHEAP.get(a.get("cuisine"), math.inf),
                                                                      DEAREST[row.lang])
        # a price means something only with its currency: yuan in Chinese rows (人均…元), dollars in English ones
        bare = re.compile(rf"(?<![$\d.]){it['price_per_person']} (?:per person|a head)")
        yield "prices state their currency", it.get("currency") == {"zh": "CNY", "en": "USD"}[row.lang] and \
            not any(bare.search(text) for role, text in row.texts if role == "assistant" and row.lang == "en")
        if "cuisine" in a:
            yield "restaurants of the requested cuisine", it.get("cuisine") == a["cuisine"]
        yield "filters honoured", it["rating"] >= f.get("min_rating", 0) and \
            it["price_per_person"] <= f.get("max_price_per_person", math.inf) and \
            all(it[k] == f[k] for k in ("open_now", "delivery") if k in f)
    key, desc = {"rating": ("rating", True), "distance": ("distance_km", False), "price": ("price_per_person", False)}[
        a.get("sort_by", "rating")]
    vals = [it[key] for it in items]
    yield "sort order as requested", vals == sorted(vals, reverse=desc)


def check_search_tourist_spots(c: Call, row: Row) -> Verdicts:
    a, items = c.args, c.result
    yield "counts within limits", 1 <= len(items) <= a.get("limit", 5)
    for it in items:
        if "category" in a:
            yield "attractions of the requested category", it["category"] == a["category"]
        if a.get("family_friendly"):
            yield "filters honoured", it["family_friendly"] is True and it["category"] != "night_life"
        yield "attractions in the requested city", it["name"].startswith(a["city"])
        # museums, zoos and theme parks welcome children; bars and clubs do not
        if it["category"] in ("museum", "theme_park", "night_life"):
            yield "attractions fit their category", it["family_friendly"] is (it["category"] != "night_life")
        # a ticket price in the user's currency, and in that currency's range (a theme park is not 285 dollars)
        top = {"zh": 320, "en": 160}[row.lang]
        yield "prices state their currency", it.get("currency") == {"zh": "CNY", "en": "USD"}[row.lang] and \
            0 <= it["ticket_price"] <= top
    # an attraction without a ticket is free to enter: a reply says so rather than quoting a price of nothing
    replies = " ".join(text for role, text in row.texts if role == "assistant")
    yield "no price of nothing quoted", not re.search(r"tickets? \$0\b|门票0元", replies)


def route_verdicts(row: Row) -> Verdicts:
    """A route that starts where a restaurant search was centred, to an address the search returned, is at
    least as long as the distance the search gave (a road is never shorter than the straight line) and not
    absurdly longer (at most twice, plus 0.5 km)."""
    found: dict[tuple[str, str], float] = {}
    for c in row.calls:
        if c.name == "search_restaurants" and c.ok:
            found.update({(c.args["location"], it["address"]): it["distance_km"] for it in c.result})
        elif c.name == "get_directions" and c.ok and (c.args["origin"], c.args["destination"]) in found:
            d, r = found[c.args["origin"], c.args["destination"]], c.result["distance_km"]
            yield "routes fit the searched distances", d - 0.15 <= r <= 2 * d + 0.5


def check_web_search(c: Call, row: Row) -> Verdicts:
    a, items = c.args, c.result
    yield "list lengths as requested", len(items) == a.get("num_results", 5)
    reach = {"day": 1, "week": 7, "month": 31, "year": 366}.get(a.get("time_range", "any"))
    q = a["query"]
    years = [int(y) for y in re.findall(r"(?<!\d)(?:19|20)\d\d(?!\d)", q)]
    if re.search(r"this year|latest|newest|今年|最新", q, re.IGNORECASE):  # "the latest iPhone launch": this year's
        years.append(TODAY.year)
    words = {w.lower() for w in re.findall(r"[A-Za-z]{3,}", q)} | {q[i:i + 2] for i in range(len(q) - 1)
                                                                   if _HAN.match(q[i]) and _HAN.match(q[i + 1])}
    for it in items:
        host = re.match(r"https?://([^/]+)/", it["url"]).group(1)
        if "site" in a:
            yield "results respect site", host == a["site"] or host.endswith("." + a["site"])
        text = (it["title"] + " " + it["snippet"]).lower()
        yield "results share words with the query", any(w in text for w in words)
        published = _day(it["published"])
        yield "dates not after the reference date", published <= TODAY
        if reach is not None:
            yield "dates within time_range", published >= TODAY - dt.timedelta(days=reach)
        if years:  # a page about the "2024 Nobel Prize winners" is not from 2022 (a preview a quarter early may be)
            yield "results not older than the year the query names", published >= dt.date(max(years) - 1, 10, 1)


def check_read_file(c: Call, row: Row) -> Verdicts:
    r = c.result
    lines = r["content"].count("\n") + 1
    yield "line counts match the content", r["line_count"] == lines and lines <= c.args.get("max_lines", lines)
    yield "dates not after the reference date", all(d <= TODAY for d in _dates_in(r["content"]))


def check_analyze_data(c: Call, row: Row) -> Verdicts:
    r, a = c.result, c.args
    lo, hi, mean, median, std = r["minimum"], r["maximum"], r["mean"], r["median"], r["std"]
    # a distribution's statistics: min <= mean, median <= max; |mean - median| <= std (the mean-median-deviation
    # bound); std^2 <= (max - mean)(mean - min) (Bhatia-Davis)
    yield "statistics consistent", lo <= min(mean, median) <= max(mean, median) <= hi and 0 < std and \
        abs(mean - median) <= std + 0.05 and std ** 2 <= (hi - mean) * (mean - lo) + 0.1
    kind = a.get("analysis", "summary")
    trend_ok = ("trend" in r) == (kind in ("trend", "forecast"))
    if "trend" in r:
        sign = {"rising": 1, "falling": -1, "flat": 0}[r["trend"]]
        change = r["change_pct"]
        trend_ok &= change > 0 if sign > 0 else change < 0 if sign < 0 else abs(change) < 1
        if kind == "forecast":
            trend_ok &= (r["next_value"] - r["mean"]) * sign >= 0
    yield "analysis follows the request", trend_ok and ("groups" in r) == ("group_by" in a)
    if re.search(r"\brate\b|率", a.get("column", "")):  # a rate is a percentage (or a fraction)
        yield "statistics fit the column", 0 <= lo and hi <= 100


def check_run_command(c: Call, row: Row) -> Verdicts:
    r = c.result
    yield "command output follows the call", r["command"] == c.args["command"] and r["stdout"] != "" and \
        r["duration_ms"] <= c.args.get("timeout_s", 30) * 1000
    yield "dates not after the reference date", all(d <= TODAY for d in _dates_in(r["stdout"]))


_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[A-Za-z]{2,}")


def check_send_email(c: Call, row: Row) -> Verdicts:
    yield "email sent to the requested address", c.result["to"] == c.args["to"] and c.result["status"] == "sent" \
        and all(_EMAIL.fullmatch(a) for a in [c.args["to"], *c.args.get("cc", [])])


def check_book_restaurant(c: Call, row: Row) -> Verdicts:
    r, a = c.result, c.args
    yield "booking as requested", r["status"] == "confirmed" and all(r[k] == a[k] for k in (
        "restaurant", "date", "time", "party_size")) and re.fullmatch(r"([01]\d|2[0-3]):[0-5]\d", a["time"]) is not None
    yield "bookings not in the past", _day(a["date"]) >= TODAY


def check_delete_file(c: Call, row: Row) -> Verdicts:
    yield "deleted the requested file", c.result == {"path": c.args["path"], "deleted": True}


#: errors a tool may give in any row (the service's state, not the call's arguments)
TRANSIENT_ERRORS = {("get_weather", "unavailable"), ("send_email", "unavailable"), ("query_database", "timeout"),
                    ("book_restaurant", "fully_booked")}
#: the columns of each table of the sales database (tools_data.tool)
TABLE_COLUMNS = {"orders": {"id", "customer", "amount", "quantity", "status", "payment_method", "city", "created"},
                 "customers": {"id", "name", "city", "level", "created"},
                 "products": {"id", "name", "price", "stock", "created"},
                 "employees": {"id", "name", "department", "created"}}


def _valid_zone(name: str) -> bool:
    try:
        ZoneInfo(name)
    except (ValueError, KeyError, OSError):
        return False
    return "/" in name or name == "UTC"


def error_checks(c: Call, row: Row) -> Verdicts:
    """An error result follows from its call: the arguments really are wrong in the way the error says (checked
    here without the tool's own conditions), or the error is a transient one a service may give at any time."""
    a, name = c.args, c.error
    if (c.name, name) in TRANSIENT_ERRORS:
        ok = True
    elif (c.name, name) == ("get_weather", "too_far"):
        ok = (_day(a["date"]) - TODAY).days + a.get("days", 1) > 15
    elif (c.name, name) == ("get_weather", "past_date"):
        ok = _day(a["date"]) < TODAY
    elif (c.name, name) == ("get_current_time", "unknown_zone"):
        ok = not _valid_zone(a["timezone"])
    elif (c.name, name) == ("send_email", "bad_address"):
        ok = not _EMAIL.fullmatch(a["to"])
    elif (c.name, name) == ("read_file", "binary_file"):
        ok = a["path"].rsplit(".", 1)[-1].lower() in {"pdf", "docx", "xlsx", "jpg", "png", "zip"}
    elif (c.name, name) == ("read_file", "not_found"):
        ok = not any(x.ok and x.name == "read_file" and x.args["path"] == a["path"] for x in row.calls)
    elif (c.name, name) == ("query_database", "unknown_column"):
        ok = not set(a.get("columns", [])) <= TABLE_COLUMNS[a["table"]]
    else:
        ok = False
    yield "tool errors follow from the call", ok and c.result["message"] != ""


CALL_CHECKS: dict[str, Callable[[Call, Row], Verdicts]] = {
    name.removeprefix("check_"): fn for name, fn in globals().items() if name.startswith("check_")}


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
        m = re.match(r"\s*(Yes|No|Maybe)\b", reply)
        return m.group(1).lower() if m else ""
    if any(n in reply for n in _NO_RAIN) or "不冷" in reply or "不热" in reply:
        return "no"
    if "可能" in reply:
        return "maybe"
    return "yes" if re.search(r"会下|带伞|冷|很热", reply) else ""


#: a reply that says it will (or may) rain: "会下雨" but not "不会下雨"; "Yes"/"Maybe" ... "rain"
_SAYS_RAIN = {"zh": re.compile(r"(?<!不)会下雨|(?<!不)要下雨"), "en": re.compile(r"^(?:Yes|Maybe)\b[^\n]*\brain\b")}


def reply_checks(row: Row) -> Verdicts:
    weather = [c for c in row.calls if c.name == "get_weather" and c.ok and c.reply]
    for c in weather:  # below freezing all day, precipitation falls as snow
        if all(_to_c(d["temp_high"], c.result["unit"]) <= 0 for d in c.result["forecast"]):
            yield "no rain below freezing", not _SAYS_RAIN[row.lang].search(c.reply)
    lang = row.lang
    if len(weather) == 1:
        c = weather[0]
        unit = c.result["unit"]
        days = c.result["forecast"]
        p = max(d["precip_chance"] for d in days)
        lo, hi = _to_c(days[0]["temp_low"], unit), _to_c(days[0]["temp_high"], unit)
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
        (a, wa), (b, wb) = [(c.args["city"], c.result["forecast"][0]["temp_high"]) for c in weather]
        reply = weather[0].reply
        if wa == wb:
            yield "the reply names the warmer city", "一样" in reply or "equally" in reply
        else:
            win = a if wa > wb else b
            yield "the reply names the warmer city", f"{win}更暖和" in reply or f"{win} is warmer" in reply
    for c in row.calls:
        if c.name == "get_current_time" and c.ok and c.reply and _DAYNIGHT_Q[lang].search(c.asked):
            h = int(c.result["local_time"][:2])
            want = ("白天", "daytime") if 6 <= h < 18 else ("晚上", "evening") if h >= 18 else ("凌晨", "night")
            yield "the reply says day or night", want[0 if lang == "zh" else 1] in c.reply
    times = [c for c in row.calls if c.name == "get_current_time" and c.ok]
    if len(times) == 2:
        instants = {dt.datetime.fromisoformat(f"{c.result['date']}T{c.result['local_time']}")
                    .replace(tzinfo=ZoneInfo(c.result["timezone"])).timestamp() for c in times}
        yield "time-zone offsets right", len(instants) == 1
    if lang == "zh":
        codes = {s for c in row.calls if c.ok for s in _strings(c.result)
                 if len(s) >= 3 and re.fullmatch(r"[a-z]+(?:[ _][a-z]+){0,2}", s) or s in _WEEKDAYS}
        codes -= row.free_text  # a free-text argument ("git status") may be quoted back; an enum one not
        replies = " ".join(t for role, t in row.texts if role == "assistant")
        for v in sorted({s for c in row.calls for s in (*_strings(c.args), *_strings(c.result))} - codes, key=len,
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
        hit = next((off for word, off in _RELATIVE[row.lang] if word in c.asked), None)
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
                    arid_days += [(i, d["condition"] in _RAIN) for d in c.result["forecast"]]
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
            # deserts: rain or snow on at most one forecast day in ten (the driest cities have a few a year)
            "rainy days fit the city's climate (deserts)": (
                {i for i, _ in arid_days},
                {i for i, wet in arid_days if wet} if sum(w for _, w in arid_days) > 0.1 * len(arid_days) else set())}


def audit_rows(rows: list[Row]) -> tuple[int, dict[str, tuple[set[int], set[int]]]]:
    """``(call rows, {check: (rows it applied to, rows that failed it)})``."""
    applied: dict[str, set[int]] = defaultdict(set)
    failed: dict[str, set[int]] = defaultdict(set)
    call_rows = 0
    for i, row in enumerate(rows):
        call_rows += bool(row.calls)
        verdicts = list(reply_checks(row)) + list(route_verdicts(row))
        for c in row.calls:
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


def load_rows(out: Path) -> list[Row]:
    """The SFT and PPO rows of a build's openai files."""
    rows = []
    for kind in ("sft", "ppo"):
        for split in ("train", "test"):
            path = out / kind / "openai" / f"{split}.jsonl"
            for line in path.read_text(encoding="utf-8").splitlines() if path.exists() else ():
                rows.append(_row(kind, json.loads(line)))
    return rows
