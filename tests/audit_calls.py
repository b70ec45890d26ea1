"""Audit of the bundled specs' build (issue 8), the per-tool checks: each successful call against its own
arguments and the world, each error result against its call (input: a :class:`~audit_rows.Call` and its
:class:`~audit_rows.Row`; output: ``(check name, ok)`` verdicts). :data:`CALL_CHECKS` maps a tool to its check.

Globs through ``fnmatch``, time zones through ``zoneinfo``, arithmetic and SQL conditions through the small
evaluators of tests/audit_rows.py; the climate classes of the bundled cities are written here from general
climatology, not read from toolc's files.
"""

from __future__ import annotations

import datetime as dt
import fnmatch
import math
import re
from typing import Callable
from zoneinfo import ZoneInfo

from toolc.compiler.simulate.climate import lookup
from toolc.compiler.simulate.places import CENTRE_NAMES

from audit_rows import (
    HAN, TODAY, USER_TZ, Call, Row, Verdicts, arithmetic, dates_in, iso_day, latin_language, script_language,
    sql_condition, to_celsius,
)


def check_calculate(c: Call, row: Row) -> Verdicts:
    exact = arithmetic(c.args["expression"])
    want = round(exact, c.args.get("precision", 2))
    yield "calculator value equals the expression", math.isclose(c.result["result"], want, rel_tol=1e-9, abs_tol=1e-9)
    rounded = not math.isclose(want, exact, abs_tol=1e-12)
    if "precision" in c.args:  # "94.5 (rounded to 6 decimal places)": a value with fewer decimals was not rounded
        said = any(re.search(r"\brounded\b|保留", t) for role, t in row.texts if role == "assistant")
        yield "a reply says rounded only where the value was", not said or rounded
    if c.reply:  # "100 / 7 = 14.29": a rounded value stated as the expression's value, with nothing to say it is rounded
        value = re.escape(str(c.result["result"]))
        bare = re.search(rf"(=|\bis|\bto|等于|是|为)\s*{value}(?![\d.])", c.reply) and not re.search(
            r"\brounded\b|保留|约|≈|about", c.reply)
        yield "a reply states a rounded value as rounded", not (rounded and bare)


#: the kinds of file folders of one purpose hold
_FOLDER_EXTS = {"/var/log": {"log"}, "~/Pictures": {"jpg", "jpeg", "png", "heic"}, "./src": {"py", "md", "txt", "toml"},
                "/opt/app/config": {"ini", "yaml", "yml", "json", "conf", "toml"},
                "~/Documents/contracts": {"pdf", "docx"}, "~/文档/合同": {"pdf", "docx"}}

#: KB a file of each kind plausibly takes (least, most)
_KIND_KB = {"pdf": (10, 10240), "docx": (5, 2048), "xlsx": (5, 3072), "jpg": (100, 10240)}


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
        yield "dates not after the reference date", iso_day(it["modified"]) <= TODAY
        # sizes a file of its kind has: a PDF or Office document of tens of KB to a few MB, a photo of a few MB
        ext = name.rsplit(".", 1)[-1]
        if "pattern" not in c.args and c.args["directory"] in _FOLDER_EXTS:  # /var/log holds logs, ~/Pictures photos
            yield "files fit their folder", ext in _FOLDER_EXTS[c.args["directory"]]
        if ext in _KIND_KB:
            yield "files as large as their kind", _KIND_KB[ext][0] <= it["size_kb"] <= _KIND_KB[ext][1]
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
            yield "rows honour since", iso_day(rec["created"]) >= iso_day(a["since"])
        if "created" in rec:
            yield "dates not after the reference date", iso_day(rec["created"]) <= TODAY
        if "columns" in a:
            yield "columns as requested", set(rec) <= set(a["columns"])
        if "status" in rec and "created" in rec:  # an order pending for months, or delivered the hour it was placed
            age = (TODAY - iso_day(rec["created"])).days
            yield "order status fits its age", {"pending": age <= 3, "paid": age <= 10, "shipped": 1 <= age <= 14,
                                                "delivered": age >= 2, "refunded": age >= 2}.get(rec["status"], False)
        if "price" in rec and rec.get("name") in _SHOP_PRICES:  # a power bank is not $540, a robot vacuum not 40 yuan
            usual = _SHOP_PRICES[rec["name"]] * (7 if row.lang == "zh" else 1)
            yield "prices fit the product", usual / 3 <= rec["price"] <= usual * 3
    if a.get("order_by", "").lstrip("-") in ("amount", "created", "id"):
        col, desc = a["order_by"].lstrip("-"), a["order_by"].startswith("-")
        vals = [rec[col] for rec in r["rows"] if col in rec]
        yield "sort order as requested", vals == sorted(vals, reverse=desc)


#: a usual shop price in US dollars (yuan: about 7 times as many) of the products the bundled database sells
_SHOP_PRICES = {"Wireless Earbuds": 50, "Mechanical Keyboard": 80, "Ergonomic Chair": 300, "Insulated Tumbler": 30,
                "Air Purifier": 150, "Electric Toothbrush": 50, "Fitness Tracker": 50, "Robot Vacuum": 300,
                "Power Bank": 30, "Desk Lamp": 30, "Backpack": 60, "Espresso Machine": 300, "Rice Cooker": 60,
                "Humidifier": 40, "Water Bottle": 15, "Monitor Arm": 50, "无线蓝牙耳机": 50, "机械键盘": 60,
                "人体工学椅": 200, "保温杯": 20, "空气净化器": 200, "电动牙刷": 40, "智能手环": 40, "扫地机器人": 300,
                "移动电源": 20, "台灯": 20, "双肩背包": 40, "咖啡机": 300, "电饭煲": 60, "加湿器": 30, "运动水壶": 10,
                "显示器支架": 30}


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
    # images of the shapes cameras, screens and print make (a 640x4500 "photo" is none), and files as large as
    # their pixels in the saved format: JPEG and WebP store a photo in well under a byte a pixel, PNG in a few;
    # a compressed copy takes less
    yield "images of a real shape", 1 / 3 <= ow / oh <= 3.5
    bpp = r["size_kb"] * 1024 / (w * h)
    lo, hi = {"jpg": (0.03, 0.8), "webp": (0.02, 0.5), "png": (0.1, 4.0)}[r["format"]]
    yield "image files as large as their pixels", lo * (0.2 if op == "compress" else 1) <= bpp <= hi


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


RAIN = {"light rain", "heavy rain", "thunderstorms", "sleet", "snow"}


def check_get_weather(c: Call, row: Row) -> Verdicts:
    r, a = c.result, c.args
    unit = a.get("unit", "celsius")
    yield "units as requested", r["unit"] == unit
    days = r["forecast"]
    start = iso_day(a["date"]) if "date" in a else TODAY
    yield "list lengths as requested", len(days) == a.get("days", 1) and \
        [d["date"] for d in days] == [(start + dt.timedelta(days=i)).isoformat() for i in range(len(days))]
    for d in days:
        lo, hi = to_celsius(d["temp_low"], unit), to_celsius(d["temp_high"], unit)
        cond, p = d["condition"], d["precip_chance"]
        plausible = -45 <= lo <= hi <= 50 and 0 <= d["humidity"] <= 100 and 0 <= p <= 100
        plausible &= not (cond == "snow" and hi > 3) and not (cond == "sleet" and lo > 0.5)
        plausible &= (p >= 40) if cond in RAIN else (p < 50)
        plausible &= not (cond == "sunny" and p >= 25) and not (cond == "thunderstorms" and hi < 10)
        yield "physical ranges plausible", plausible
        yield from climate_verdicts(a["city"], iso_day(d["date"]), lo, hi, cond)


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
#: temperate cities of the southern hemisphere: summer in December-February, winter in June-August (winter days
#: up to 24 °C; the subtropical ones, SOUTH_SUBTROPICAL, up to 28: a winter day in Brisbane is 22 °C on average)
SOUTH = {"Sydney", "Melbourne", "Adelaide", "Perth", "Brisbane", "Canberra", "Hobart", "Auckland", "Wellington",
         "Christchurch", "Queenstown", "Cape Town", "Johannesburg", "Durban", "Buenos Aires", "Santiago", "Montevideo",
         "Córdoba", "Mendoza", "Valparaíso", "São Paulo"}
SOUTH_SUBTROPICAL = {"Brisbane", "Durban", "São Paulo"}
#: deserts: rain or snow on at most a few days a year
ARID = {"Cairo", "Dubai", "Abu Dhabi", "Doha", "Riyadh", "Kuwait City", "Jeddah", "Muscat", "Manama", "Lima", "Las Vegas",
        "吐鲁番", "敦煌", "哈密", "喀什", "和田", "酒泉", "嘉峪关", "格尔木", "克拉玛依", "库尔勒", "阿克苏"}


def climate_verdicts(city: str, day: dt.date, lo: float, hi: float, cond: str) -> Verdicts:
    """``temperatures fit the city and season`` for one forecast day (°C)."""
    winter, summer = day.month in (12, 1, 2), day.month in (6, 7, 8)
    if city in COLD_WINTER:  # a summer day above 8 °C: 那曲, at 4,500 m, has 15 °C July days on average
        yield "temperatures fit the city and season", (hi <= 5 if winter else hi >= 8 if summer else True)
    if city in TROPICAL:
        yield "temperatures fit the city and season", lo >= 14 and hi >= 24 and cond not in ("snow", "sleet")
    if city in SOUTH:
        top = 28 if city in SOUTH_SUBTROPICAL else 24
        yield "temperatures fit the city and season", (hi >= 15 if winter else hi <= top if summer else True)


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


#: the least a meal of these cuisines costs per person (dollars, yuan): a search under it finds nothing
FLOOR = {"sushi": 12, "steak": 12, "seafood": 12, "Korean BBQ": 12, "hot pot": 12, "Italian food": 11,
         "日料": 30, "火锅": 30, "海鲜": 30, "烤鸭": 30, "粤菜": 30, "西餐": 30}


def check_search_restaurants(c: Call, row: Row) -> Verdicts:
    a, items = c.args, c.result
    f = a.get("filters", {})
    # nothing found exactly when the budget is below what the cuisine costs; the reply then names no place
    hopeless = f.get("max_price_per_person", math.inf) < FLOOR.get(a.get("cuisine"), 0)
    yield "counts within limits", (len(items) == 0) if hopeless else 1 <= len(items) <= a.get("limit", 5)
    if not items and c.reply:
        yield "an empty search is reported as empty", bool(re.search(r"\bno\b|\bnone\b|没有|没找到|未找到", c.reply))
    for it in items:
        yield "prices fit the cuisine", it["price_per_person"] <= min(CHEAP.get(a.get("cuisine"), math.inf),
                                                                      DEAREST[row.lang])
        # a price means something only with its currency: yuan in Chinese rows (人均…元), dollars in English ones
        bare = re.compile(rf"(?<![$\d.]){it['price_per_person']} (?:per person|a head)")
        yield "prices state their currency", it.get("currency") == {"zh": "CNY", "en": "USD"}[row.lang] and \
            not any(bare.search(text) for role, text in row.texts if role == "assistant" and row.lang == "en")
        if "cuisine" in a:
            yield "restaurants of the requested cuisine", it.get("cuisine") == a["cuisine"]
        yield "ratings on a one-decimal scale", it["rating"] == round(it["rating"], 1)  # 4.8, not 4.76
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
    # the tool ranks attractions best rated first: "top sights" replies that name the first ones name the best
    ratings = [it["rating"] for it in items]
    yield "attractions best rated first", ratings == sorted(ratings, reverse=True)
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
        if it["category"] == "theme_park":  # a day at a theme park costs tens of dollars, a hundred yuan and more
            yield "theme parks charge a theme park's price", it["ticket_price"] >= {"zh": 100, "en": 25}[row.lang]
    # an attraction without a ticket is free to enter: a reply says so rather than quoting a price of nothing
    replies = " ".join(text for role, text in row.texts if role == "assistant")
    yield "no price of nothing quoted", not re.search(r"tickets? \$0\b|门票0元", replies)


def route_verdicts(row: Row) -> Verdicts:
    """A route that starts where a restaurant search was centred, to an address the search returned, is at
    least as long as the distance the search gave (a road is never shorter than the straight line) and not
    absurdly longer (at most twice, plus 0.5 km). A search in a city is centred on its centre: a route from "the
    city centre" starts there too."""
    found: dict[tuple[str, str], float] = {}
    for c in row.calls:
        if c.name == "search_restaurants" and c.ok:
            found.update({(c.args["location"].casefold(), it["address"]): it["distance_km"] for it in c.result})
            if lookup(c.args["location"]) is not None:
                found.update({(centre, it["address"]): it["distance_km"] for it in c.result for centre in CENTRE_NAMES})
        elif c.name == "get_directions" and c.ok and (c.args["origin"].casefold(), c.args["destination"]) in found:
            d, r = found[c.args["origin"].casefold(), c.args["destination"]], c.result["distance_km"]
            yield "routes fit the searched distances", d - 0.15 <= r <= 2 * d + 0.5


def file_verdicts(row: Row) -> Verdicts:
    """A file read after a listing showed it holds no date after the listing's ``modified`` (a journal's last
    entry, a log's last line: the file was written then), and is as large as the listing said: its whole content
    (read_file returns whole files, ``line_count`` lines) is ``size_kb`` KB, rounded up; a listed file that
    analyze_data reads holds its ``count`` values in about ``size_kb`` KB."""
    listed: dict[str, dict] = {}
    for c in row.calls:
        if c.name == "list_files" and c.ok:
            listed.update({it["path"]: it for it in c.result})
        elif c.name == "read_file" and c.ok and c.args["path"] in listed:
            item = listed[c.args["path"]]
            dates = dates_in(c.result["content"])
            if dates:
                yield "files not modified before their content", max(dates) <= dt.date.fromisoformat(item["modified"])
            size = len(c.result["content"].encode("utf-8"))
            yield "files as large as their listing says", item["size_kb"] == max(1, -(-size // 1024))
        elif c.name == "analyze_data" and c.ok and c.args["file_path"] in listed:
            # a data file holds its values: a CSV row of a few columns takes 8 bytes at least and 512 at most, so a
            # 1 KB file does not hold 5,000 values nor a 40 MB one 30
            size = listed[c.args["file_path"]]["size_kb"] * 1024
            yield "data files as large as their values", 8 * c.result["count"] <= size <= 512 * c.result["count"]


def check_web_search(c: Call, row: Row) -> Verdicts:
    a, items = c.args, c.result
    yield "list lengths as requested", len(items) == a.get("num_results", 5)
    reach = {"day": 1, "week": 7, "month": 31, "year": 366}.get(a.get("time_range", "any"))
    q = a["query"]
    years = [int(y) for y in re.findall(r"(?<!\d)(?:19|20)\d\d(?!\d)", q)]
    if re.search(r"this year|latest|newest|今年|最新", q, re.IGNORECASE):  # "the latest iPhone launch": this year's
        years.append(TODAY.year)
    words = {w.lower() for w in re.findall(r"[A-Za-z]{3,}", q)} | {q[i:i + 2] for i in range(len(q) - 1)
                                                                   if HAN.match(q[i]) and HAN.match(q[i + 1])}
    for it in items:
        host = re.match(r"https?://([^/]+)/", it["url"]).group(1)
        if "site" in a:
            yield "results respect site", host == a["site"] or host.endswith("." + a["site"])
        text = (it["title"] + " " + it["snippet"]).lower()
        yield "results share words with the query", any(w in text for w in words)
        yield "titles start with a capital letter (or no cased letter)", it["title"][:1] == it["title"][:1].upper()
        published = iso_day(it["published"])
        yield "dates not after the reference date", published <= TODAY
        if reach is not None:
            yield "dates within time_range", published >= TODAY - dt.timedelta(days=reach)
        if years:  # a page about the "2024 Nobel Prize winners" is not from 2022 (a preview a quarter early may be)
            yield "results not older than the year the query names", published >= dt.date(max(years) - 1, 10, 1)


def check_read_file(c: Call, row: Row) -> Verdicts:
    r = c.result
    lines = r["content"].count("\n") + 1
    yield "line counts match the content", r["line_count"] == lines and lines <= c.args.get("max_lines", lines)
    yield "dates not after the reference date", all(d <= TODAY for d in dates_in(r["content"]))


def check_analyze_data(c: Call, row: Row) -> Verdicts:
    r, a = c.result, c.args
    lo, hi, mean, median, std = r["minimum"], r["maximum"], r["mean"], r["median"], r["std"]
    # a distribution's statistics: min <= mean, median <= max; |mean - median| <= std (the mean-median-deviation
    # bound); std^2 <= (max - mean)(mean - min) (Bhatia-Davis)
    yield "statistics consistent", lo <= min(mean, median) <= max(mean, median) <= hi and 0 < std and \
        abs(mean - median) <= std + 0.05 and std ** 2 <= (hi - mean) * (mean - lo) + 0.1
    # ... and enough values for the spread: the two extremes alone give a variance of ((max - mean)^2 +
    # (mean - min)^2) / count at least (a sample's std is larger still); values rounded to 0.1
    yield "count holds the spread", (std + 0.05) ** 2 >= ((hi - mean) ** 2 + (mean - lo) ** 2) / r["count"]
    # no value beyond 12 standard deviations of the rest, and a skewness that leans the way the mean does from the
    # median (Pearson's median skewness, 3 (mean - median) / std)
    yield "statistics consistent", hi - lo <= 12 * std + 0.2 and (
        "skewness" not in r or abs(r["skewness"] - 3 * (mean - median) / std) <= 0.011)
    kind = a.get("analysis", "summary")
    trend_ok = ("trend" in r) == (kind in ("trend", "forecast"))
    if "trend" in r:
        sign = {"rising": 1, "falling": -1, "flat": 0}[r["trend"]]
        change = r["change_pct"]
        trend_ok &= change > 0 if sign > 0 else change < 0 if sign < 0 else abs(change) < 1
        if kind == "forecast":  # continued from where the series ends: a rising one above its median, a falling
            # one below it, by one period's change
            last = r["last_value"]
            trend_ok &= (r["next_value"] - r["mean"]) * sign >= 0 and (last - median) * sign >= 0 and \
                abs(r["next_value"] - last * (1 + change / 100)) <= 0.011 and lo <= last <= hi
    yield "analysis follows the request", trend_ok and ("groups" in r) == ("group_by" in a) == ("top_group" in r)
    if "top_group_mean" in r:  # the best group's mean: at least the overall mean, at most the largest value, and
        # (3+ groups of even size) within std * sqrt(2) of the overall mean: groups' spread is part of the whole's
        yield "statistics consistent", mean - 0.05 <= r["top_group_mean"] <= min(hi, mean + std * math.sqrt(2)) + 0.05
    if re.search(r"\brate\b|率", a.get("column", "")):  # a rate is a percentage (or a fraction)
        yield "statistics fit the column", 0 <= lo and hi <= 100
    scale = None if "column" in a else _FILE_SCALES.get(a["file_path"].rsplit("/", 1)[-1])
    if scale is not None:  # a whole file's statistics: its values' scale
        least, top_at_least, most = scale
        yield "statistics fit the column", least <= lo and top_at_least <= hi <= most


#: file name -> (least value, least maximum, most value) of its numbers: marks out of 100 (someone passes),
#: degrees Celsius on Earth
_FILE_SCALES = {"grades.csv": (0, 50, 100), "成绩.csv": (0, 50, 100),
                "temperatures.csv": (-60, -60, 60), "温度记录.csv": (-60, -60, 60)}


def check_run_command(c: Call, row: Row) -> Verdicts:
    r = c.result
    yield "command output follows the call", r["command"] == c.args["command"] and r["stdout"] != "" and \
        r["duration_ms"] <= c.args.get("timeout_s", 30) * 1000
    yield "dates not after the reference date", all(d <= TODAY for d in dates_in(r["stdout"]))


_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[A-Za-z]{2,}")


#: a body that speaks of an attachment ("please find it attached", "附件请查收")
_SAYS_ATTACHED = re.compile(r"attach|附件|请查收", re.I)


def check_send_email(c: Call, row: Row) -> Verdicts:
    yield "email sent to the requested address", c.result["to"] == c.args["to"] and c.result["status"] == "sent" \
        and all(_EMAIL.fullmatch(a) for a in [c.args["to"], *c.args.get("cc", [])])
    if _SAYS_ATTACHED.search(c.args["body"]):
        yield "a body that speaks of an attachment has one", bool(c.args.get("attachments"))


def check_book_restaurant(c: Call, row: Row) -> Verdicts:
    r, a = c.result, c.args
    yield "booking as requested", r["status"] == "confirmed" and all(r[k] == a[k] for k in (
        "restaurant", "date", "time", "party_size")) and re.fullmatch(r"([01]\d|2[0-3]):[0-5]\d", a["time"]) is not None
    yield "bookings not in the past", iso_day(a["date"]) >= TODAY


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
        ok = (iso_day(a["date"]) - TODAY).days + a.get("days", 1) > 15
    elif (c.name, name) == ("get_weather", "past_date"):
        ok = iso_day(a["date"]) < TODAY
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


#: Arguments that name something only the user (or an earlier result) can tell: a file, a folder, a data column, a
#: place, a restaurant, a person's address, a text to translate, a query. (Not the ones a model derives from what was
#: said: dates, time zones, language codes, SQL conditions, expressions, enum values.)
NAMED_ARGUMENTS = ("path", "file_path", "image_path", "directory", "working_dir", "attachments", "column", "city",
                   "location", "origin", "destination", "restaurant", "cuisine", "to", "cc", "text", "query", "site")


def named_checks(c: Call) -> Verdicts:
    """A call names only what the user said or an earlier result listed (a file the user never named, passed
    because its column was: a data file drawn with the column the user asked about)."""
    for k in NAMED_ARGUMENTS:
        v = c.args.get(k)
        for x in v if isinstance(v, list) else [v]:
            if isinstance(x, str) and x:
                yield "names a call passes were said", x in c.heard


CALL_CHECKS: dict[str, Callable[[Call, Row], Verdicts]] = {
    name.removeprefix("check_"): fn for name, fn in globals().items() if name.startswith("check_")}
