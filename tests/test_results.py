"""Results that follow from calls: every result construct of docs/language.md ("Result shapes",
"Expressions", "Replies that follow the results") on generated rows, checked independently of the generator."""

from __future__ import annotations

import datetime as dt
import fnmatch
import json
from zoneinfo import ZoneInfo

import pytest

from toolc.compiler.build import Options, check, resolve_plan
from toolc.compiler.expand import ExpansionError, Expander
from toolc.compiler.verify import Verifier

TODAY = dt.date(2026, 12, 2)

SPEC = r'''
locale en_US

tool get_weather "Forecast, one entry per day." {
    city: string
    date: date = today
    unit: "celsius" | "fahrenheit" = "celsius"
    days: int(1..7) = 1
    returns {
        city: string = city
        unit: string = unit
        forecast: list[{
            date: date = date + index
            precip_chance: int(0..100)
            temp_low: int(-10..25) in unit
            temp_high: int(temp_low + 2..temp_low + 12) in unit
            condition: "sunny" | "cloudy" | "light rain" | "snow" = case {
                when temp_high <= 1 and precip_chance >= 50: "snow"
                when precip_chance >= 50: "light rain"
                when precip_chance >= 25: "cloudy"
                else: "sunny"
            }
        }](days) sorted by date
    }
}

tool calculate "Arithmetic" {
    expression: string
    precision: int(0..6) = 2
    returns { result: float = calc(expression, precision) }
}

tool list_files "Files in a directory" {
    directory: string
    pattern: string = "*"
    sort_by: "name" | "size" = "name"
    limit: int(1..10) = 5
    returns list[{
        path: string = "{directory}/{glob_fill(pattern, file_name)}"
        size_kb: int(1..5000)
        modified: date(today - 365..today)
    }](1..limit) unique path unique modified sorted by sort_by { "name": path, "size": size_kb desc }
      where matches(path, join_path(directory, pattern))
}

tool find_places "Places of a kind" {
    city: string
    kind: "museum" | "park"
    min_rating: float(0..5)?
    returns list[{
        name: string = city + " " + place_names[kind]
        kind: string = kind
        rating: float(1.0..5.0)
    }](2..4) where rating >= min_rating
}

tool local_time "Time in a zone" {
    timezone: string?
    returns { timezone: string = timezone ?? user_tz, date: date = tz_date(timezone ?? user_tz),
              time: string = tz_time(timezone ?? user_tz), utc_offset: string = tz_offset(timezone ?? user_tz) }
}

slot city = "Paris" | "Lyon" | "Nice" | "Lille"
slot day = { "today": +0d, "tomorrow": +1d }
slot unit = { "in Fahrenheit": "fahrenheit", "in Celsius": "celsius" }
slot ndays = { "3": 3, "5": 5, "7": 7 }
slot expr = "25 * 4 + 10" | "(128 + 256) / 4" | "2 ^ 10" | "sqrt(2) * 100"
slot dir = "~/Documents" | "/data/reports" | "~/Pictures"
slot pat = "*.pdf" | "report_*.csv" | "IMG_????.jpg"
slot file_name = faker.file_name
slot kind = "museum" | "park"
slot minr = float(3.0..4.5)
slot tz = "Asia/Tokyo" | "Europe/London" | "America/Los_Angeles" | "Asia/Kolkata"
slot place_names = { "museum": "Art Museum" | "History Museum" | "Science Center", "park": "Riverside Park" | "Botanical Garden" }
slot cond_en = { "sunny": "sunny", "cloudy": "cloudy", "light rain": "rainy", "snow": "snowy" }

scenario weather {
    user "Weather in {city} {day} {unit} for the next {ndays} days?"
    call get_weather(city=city, date=day, unit=unit, days=ndays) -> w
    assistant case {
        when max(w.forecast, precip_chance).precip_chance >= 50: "Yes, take an umbrella: up to {max(w.forecast, precip_chance).precip_chance}% rain."
        else: "No umbrella needed; mostly {cond_en[w.forecast[0].condition]}."
    }
}
scenario calc { user "What is {expr}?" call calculate(expression=expr) -> c assistant "{expr} = {c.result}." }
scenario files { user "List {pat} files in {dir}" call list_files(directory=dir, pattern=pat) -> r assistant "Found {len(r)} files." }
scenario files_by_size { user "Biggest files in {dir}" call list_files(directory=dir, sort_by="size") -> r assistant "The biggest is {r[0].path}." }
scenario places { user "{kind} in {city} rated above {minr}" call find_places(city=city, kind=kind, min_rating=minr) -> p
                  assistant "Try {max(p, rating).name}." }
scenario places_any { user "a {kind} in {city}" call find_places(city=city, kind=kind) -> p assistant "Try {p[0].name}." }
scenario time { user "Time in {tz}?" call local_time(timezone=tz) -> t assistant "It is {t.time} there." }
scenario my_time { user "What time is it?" call local_time() -> t assistant "It is {t.time}." }

dataset d { system en "You are a helpful assistant. Today is {today}." test 0% }
'''


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    spec = tmp_path_factory.mktemp("results") / "results.tool"
    spec.write_text(SPEC, encoding="utf-8")
    prog, diags = check([spec])
    assert not diags, diags.render()
    plan = resolve_plan(prog, Options(), diags)
    return prog, Expander(prog, plan, TODAY), Verifier(prog, TODAY)


def rows(built, scenario, n=80):
    prog, ex, verifier = built
    out = []
    for seed in range(n):
        conv = ex.expand(prog.scenarios[scenario], seed, "train")
        assert verifier.failure(conv) is None, verifier.failure(conv)
        out.append(conv)
    return out


def result(conv, i=0):
    return json.loads(conv.messages[conv.calls[i].message].content)


def test_weather_follows_the_call(built):
    units = set()
    for c in rows(built, "weather"):
        args = c.calls[0].arguments
        r = result(c)
        assert r["city"] == args["city"] and r["unit"] == args["unit"]
        assert len(r["forecast"]) == args["days"]
        start = dt.date.fromisoformat(args["date"])
        assert [f["date"] for f in r["forecast"]] == [(start + dt.timedelta(days=i)).isoformat() for i in range(args["days"])]
        for f in r["forecast"]:
            lo, hi = f["temp_low"], f["temp_high"]
            if args["unit"] == "fahrenheit":  # generated in celsius, given in fahrenheit
                lo, hi = (lo - 32) * 5 / 9, (hi - 32) * 5 / 9
            assert -10.6 <= lo <= 25.6 and lo + 1.4 <= hi <= lo + 12.6
            assert (f["condition"] == "snow") == (hi <= 1.6 and f["precip_chance"] >= 50) or hi > 1
            if f["condition"] == "sunny":
                assert f["precip_chance"] < 25
        units.add(args["unit"])
        wettest = max(f["precip_chance"] for f in r["forecast"])
        reply = c.messages[-1].content
        assert reply.startswith("Yes") == (wettest >= 50) and (f"{wettest}%" in reply) == (wettest >= 50)
    assert units == {"celsius", "fahrenheit"}


def test_calculator_results_equal_the_expression(built):
    for c in rows(built, "calc", 40):
        expr = c.calls[0].arguments["expression"]
        want = round(eval(expr.replace("^", "**").replace("sqrt", "__import__('math').sqrt")), 2)
        assert result(c)["result"] == pytest.approx(want)
        assert c.messages[-1].content == f"{expr} = {json.loads(c.messages[-2].content)['result']}."


def test_files_lie_under_the_directory_match_the_pattern_and_are_sorted(built):
    for c in rows(built, "files"):
        args, r = c.calls[0].arguments, result(c)
        assert 1 <= len(r) <= 5 and len({f["path"] for f in r}) == len(r)
        assert len({f["modified"] for f in r}) == len(r)  # each `unique` field on its own, not the pair
        for f in r:
            directory, name = f["path"].rsplit("/", 1)
            assert directory == args["directory"] and fnmatch.fnmatchcase(name, args["pattern"])
            assert (TODAY - dt.timedelta(days=365)).isoformat() <= f["modified"] <= TODAY.isoformat()
        assert [f["path"] for f in r] == sorted(f["path"] for f in r)
        assert c.messages[-1].content == f"Found {len(r)} files."
    for c in rows(built, "files_by_size", 30):
        sizes = [f["size_kb"] for f in result(c)]
        assert sizes == sorted(sizes, reverse=True)


def test_keyed_picks_and_where_filters(built):
    for c in rows(built, "places"):
        args, r = c.calls[0].arguments, result(c)
        for p in r:
            assert p["kind"] == args["kind"] and p["rating"] >= args["min_rating"]
            suffix = p["name"][len(args["city"]) + 1:]
            assert p["name"].startswith(args["city"] + " ")
            assert suffix in ({"Art Museum", "History Museum", "Science Center"} if args["kind"] == "museum"
                              else {"Riverside Park", "Botanical Garden"})
        best = max(r, key=lambda p: p["rating"])
        assert c.messages[-1].content == f"Try {best['name']}."
    ratings = [p["rating"] for c in rows(built, "places_any") for p in result(c)]
    assert min(ratings) < 3.0  # no minimum asked: the condition on an absent argument holds, nothing narrowed


def test_time_zones_through_zoneinfo(built):
    for c in rows(built, "time", 40) + rows(built, "my_time", 20):
        r = result(c)
        tz = c.calls[0].arguments.get("timezone", "America/New_York")  # en_US users live in New York
        local = c.now.astimezone(ZoneInfo(tz))
        assert r == {"timezone": tz, "date": local.date().isoformat(), "time": local.strftime("%H:%M"),
                     "utc_offset": local.strftime("%z")[:3] + ":" + local.strftime("%z")[3:]}
        assert c.now.astimezone(ZoneInfo("America/New_York")).date() == TODAY  # the user's own date is today


def test_the_system_prompt_states_today(built):
    for c in rows(built, "weather", 10):
        assert c.messages[0].content == "You are a helpful assistant. Today is 2026-12-02."
        assert c.relative_dates


def test_verification_catches_a_result_that_contradicts_its_call(built):
    prog, ex, verifier = built
    conv = ex.expand(prog.scenarios["calc"], 3, "train")
    bad = dict(result(conv), result=295222.0)
    conv.messages[conv.calls[0].message].content = json.dumps(bad)
    conv.calls[0].result = bad
    stage, reason, detail = verifier.failure(conv)
    assert (stage, reason) == ("execution", "derivation") and "295222" in detail
    conv = ex.expand(prog.scenarios["files"], 3, "train")
    wrong = [dict(f, path=f"/elsewhere/{i}.txt") for i, f in enumerate(result(conv))]
    conv.calls[0].result = wrong
    assert verifier.failure(conv)[:2] == ("execution", "constraint")  # the `where` clause is checked again
    conv = next(c for c in rows(built, "files", 40) if len(result(c)) >= 2)
    same_day = result(conv)
    same_day[1]["modified"] = same_day[0]["modified"]  # paths still differ: `unique modified` alone is broken
    conv.calls[0].result = same_day
    stage, reason, detail = verifier.failure(conv)
    assert (stage, reason) == ("execution", "unique") and "repeats modified" in detail, detail


def test_verification_catches_a_reply_quoting_what_the_result_does_not_say(built):
    prog, ex, verifier = built
    conv = ex.expand(prog.scenarios["places_any"], 5, "train")
    quoted = conv.quotes[len(conv.messages) - 1][0]
    r = [dict(p, name="Somewhere Else") for p in result(conv)]
    conv.messages[conv.calls[0].message].content = json.dumps(r)
    stage, reason, _ = verifier.failure(conv)
    assert (stage, reason) == ("semantic", "quote") and quoted[0] == "p"


def test_a_row_whose_reply_reads_a_missing_item_is_dropped_and_counted(tmp_path):
    spec = tmp_path / "s.tool"
    spec.write_text('''
tool t { n: int(0..3) returns list[{ x: int(1..9) }](n) }
slot n = int(0..3)
scenario s { user "give me {n}" call t(n=n) -> r assistant "the first is {r[0].x}" }
dataset d { system "Hi." sft 40 rm 0 ppo 0 format openai test 0% }
''', encoding="utf-8")
    from toolc.compiler.build import build

    m = build([spec], tmp_path / "out", today=TODAY)
    v = m["verification"]
    dropped = v["stages"]["semantic"]["reasons"].get("template", 0)
    assert dropped > 0 and v["checked"] == v["passed"] + dropped
    assert m["rows"]["sft"]["train"] == 40  # later row indices fill the quota
    assert v["examples"]["semantic/template"][0]["scenario"] == "s"


def test_text_joined_with_a_date_and_fmt_of_a_date_is_a_spec_error(tmp_path):
    """``"text" + date`` writes the date (a journal dated back from the reference date); ``fmt`` of a date is not
    a number: ``check`` reports it at the argument (E320), where the build once stopped with an internal error."""
    from toolc.compiler.build import BuildError, build

    spec = tmp_path / "s.tool"
    body = ('tool t {{ p: string returns {{ content: string = case {{ when p == "j": {src} else: "none" }} }} }}\n'
            'scenario s {{ user "read j" call t(p="j") -> r assistant "{{r.content}}" }}\n'
            'dataset d {{ system "Hi." sft 2 rm 0 ppo 0 format openai test 0% }}\n')
    spec.write_text(body.format(src='(today - 1) + ": walk"'), encoding="utf-8")
    build([spec], tmp_path / "ok", today=TODAY)
    row = json.loads((tmp_path / "ok" / "sft" / "openai" / "train.jsonl").read_text(encoding="utf-8").splitlines()[0])
    assert json.loads(row["messages"][3]["content"]) == {"content": f"{TODAY - dt.timedelta(days=1)}: walk"}
    spec.write_text(body.format(src='"x" + fmt(today - 1)'), encoding="utf-8")
    with pytest.raises(BuildError) as err:
        build([spec], tmp_path / "bad", today=TODAY)
    (diag,) = err.value.diags.errors
    assert diag.code == "E320" and "`fmt` takes a number as argument 1, not a date" in diag.message
    assert not (tmp_path / "bad").exists()


def _execution(verifier, conv, result_value):
    conv.calls[0].result = result_value
    return verifier.failure(conv)


def test_execution_check_catches_every_kind_of_bad_field_with_its_path(built):
    """Each check the execution stage makes is still made where a value is decided by its type alone or by
    static bounds: wrong types, out-of-range values (static, computed, in another unit), undeclared and missing
    fields, derivations -- named by their path in the result."""
    prog, ex, verifier = built
    conv = next(c for c in rows(built, "weather", 40)
                if c.calls[0].arguments["unit"] == "fahrenheit" and c.calls[0].arguments["days"] >= 3)
    good = result(conv)

    def day(i, **changes):
        r = json.loads(json.dumps(good))
        r["forecast"][i].update(changes)
        for k, v in list(changes.items()):
            if v is None:
                del r["forecast"][i][k]
        return r

    f2 = good["forecast"][2]
    cases = [
        (day(2, precip_chance=101), "constraint", "$.forecast[2].precip_chance = 101 is above its bound 100"),
        (day(2, precip_chance=-1), "constraint", "$.forecast[2].precip_chance = -1 is below its bound 0"),
        (day(2, precip_chance=50.0), "result-schema", "$.forecast[2].precip_chance = 50.0 is not a int"),
        (day(2, precip_chance=True), "result-schema", "$.forecast[2].precip_chance = True is not a int"),
        (day(1, condition="hail"), "result-schema", "$.forecast[1].condition = 'hail' is not one of the declared values"),
        (day(2, temp_high=f2["temp_low"] + 40), "constraint", "$.forecast[2].temp_high"),  # bound from temp_low, in °F
        (day(2, temp_low=-40), "constraint", "$.forecast[2].temp_low = -40 is below its bound -10"),  # -40 °F < -10 °C
        (day(0, wind=3), "result-schema", "$.forecast[0] has undeclared fields ['wind']"),
        (day(0, precip_chance=None), "result-schema", "$.forecast[0] lacks the field `precip_chance`"),
        (day(1, date=good["forecast"][2]["date"]), "derivation", "$.forecast[1].date = "),
        (dict(good, city=7), "result-schema", "$.city = 7 is not a string"),
        (dict(good, city="Elsewhere"), "derivation", "$.city = 'Elsewhere', but its source gives"),
    ]
    for bad, reason, detail in cases:
        stage, got_reason, got = _execution(verifier, conv, bad)
        assert (stage, got_reason) == ("execution", reason) and detail in got, (detail, got)
    assert _execution(verifier, conv, good) is None


def test_parsed_results_read_as_json_reads_them():
    from toolc.compiler.verify.structure import parse_json

    for text in ['{"a": [1, 2.5, -0.0, "é", null, true]}', "[1, 18446744073709551616]", "[-92233720368547758090]",
                 "[NaN, Infinity]", "1e400", '"\\ud800"', '{"a": 1, "a": 2}', " [1] "]:
        assert repr(parse_json(text)) == repr(json.loads(text)), text
    for text in ["[1,]", "", "[1] x", '"a\x01"', "01"]:
        with pytest.raises(ValueError):
            parse_json(text)


def test_quoted_scalars_are_found_as_the_full_search_finds_them():
    from toolc.compiler.verify.semantic import _contains, _is_scalar, _Leaves

    result = {"a": [1, 2.5, {"b": "x", "c": None}], "d": True, "e": "1", "f": [[0]], "g": float("nan")}
    probes = [1, 1.0, 2.5, "x", None, True, False, 0, 0.0, "1", "y", 3, "b", float("nan")]
    leaves = _Leaves(result)
    for value in probes:  # one walker answers every probe in turn, as a reply's quotes ask
        assert _is_scalar(value)
        found = leaves.has(value)
        assert (found if found is not None else _contains(result, value)) == _contains(result, value), value
    assert _Leaves({"n": 1}).has(True) is False and _Leaves({"n": True}).has(1) is False


def _mutations(value):
    """Wrong versions of a result: each leaf replaced, each key dropped or one added, each list shortened,
    repeated or reversed (what a broken generator or simulator could give)."""
    if isinstance(value, dict):
        for k, v in value.items():
            for w in _mutations(v):
                yield {**value, k: w}
            yield {x: y for x, y in value.items() if x != k}
        yield {**value, "zz": 1}
    elif isinstance(value, list):
        for i, v in enumerate(value):
            for w in _mutations(v):
                yield value[:i] + [w] + value[i + 1:]
        if value:
            yield value[1:]
            yield value + value[:1]
            yield value[::-1]
    else:
        for w in ({"x": 1}, [1], None, True, "x", -1000, 10_000, 2.5):
            yield w
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            yield value + 1
            yield value - 1


def test_joined_checks_fail_as_the_closures_do(built, monkeypatch):
    """Verification checks compiled into generated functions (compiler/exprgen.py) give every result the same
    verdict, reason and message as the closure checks: on the generated results and on wrong versions of them."""
    from toolc.compiler import exprs
    from toolc.compiler.verify import results as checks

    prog, ex, _ = built
    joined = {name: checks.ResultCheck(prog.tools[name], prog, "en_US", TODAY) for name in prog.tools}
    with monkeypatch.context() as m:
        m.setattr(exprs, "joined", lambda fn, params=("ctx",): fn)
        m.setattr(checks, "joined", lambda fn, params=("ctx",): fn)
        plain = {name: checks.ResultCheck(prog.tools[name], prog, "en_US", TODAY) for name in prog.tools}

    def verdict(check, res, args, now):
        try:
            check(res, args, now)
        except checks.Failure as exc:
            return exc.reason, exc.detail
        return None

    seen = set()
    for scenario in prog.scenarios:
        for conv in rows(built, scenario, 12):
            for trace in conv.calls:
                res = json.loads(conv.messages[trace.message].content)
                for wrong in [res, *_mutations(res)]:
                    got = verdict(joined[trace.tool], wrong, trace.arguments, conv.now)
                    assert got == verdict(plain[trace.tool], wrong, trace.arguments, conv.now), (trace.tool, wrong)
                    seen.add(got and got[0])
    assert {None, "result-schema", "constraint", "derivation", "count", "unique", "order"} <= seen, seen


@pytest.mark.parametrize("name", sorted(__import__("toolc.compiler.builtins", fromlist=["BUILTINS"]).BUILTINS))
def test_a_builtin_given_the_wrong_kind_of_value_fails_as_a_counted_drop(name):
    """Every built-in, given texts, numbers, dates or lists where it wants something else, returns a value or
    raises ``BuiltinError`` (the row is dropped and counted with the reason), never the ``ValueError`` /
    ``TypeError`` of the code under it, which stopped the build with an internal error (``days_between(city,
    today)``, ``round("abc")``, ``max("abc", 3)``)."""
    import itertools
    import types

    from toolc.compiler.builtins import BUILTINS, BuiltinError

    b = BUILTINS[name]
    ctx = types.SimpleNamespace(now=dt.datetime(2026, 12, 2, 9, 30, tzinfo=dt.timezone.utc), today=TODAY)
    wrong = ["abc", 3, 2.5, "2026-12-02", ["x", 1], {"a": 1}, None, True]
    arity = b.min_args if b.max_args is None else b.max_args
    for args in itertools.product(wrong, repeat=min(arity, 3)):
        try:
            b.fn(ctx, *args)
        except BuiltinError:
            pass


TODAY_SPEC = r'''
locale en_US
tool get_time "Current time" { returns { time: string = "12:00" } }
{slot}
scenario date.today {
    tools get_time
    user "What's the date?"
    assistant "Today is {today}."
}
dataset d { system en "{system}" test 0% }
'''


@pytest.mark.parametrize("slot, system, said", [
    ("", "You are a helpful assistant. Today is {today}.", "Today is 2026-12-02."),
    ('slot today = "the day"', "You are a helpful assistant. Today is {today}.", "Today is the day."),  # a slot wins
    ("", "You are a helpful assistant.", None),  # nowhere for the model to read the date: E308
])
def test_a_text_says_today_where_the_prompt_states_it(tmp_path, slot, system, said):
    """`{today}` in a user or assistant text writes the reference date (docs/language.md, "Today in the prompt"), as
    in a system prompt, which must then state it too (E308); a slot named `today` keeps its own meaning."""
    path = tmp_path / "d.tool"
    path.write_text(TODAY_SPEC.replace("{slot}", slot).replace("{system}", system), encoding="utf-8")
    prog, diags = check([path])
    if said is None:
        assert [d.code for d in diags.errors] == ["E308"] and "says `{today}`" in diags.render()
        return
    assert not diags, diags.render()
    conv = Expander(prog, resolve_plan(prog, Options(), diags), TODAY).expand(prog.scenarios["date.today"], 0, "train")
    assert conv.messages[-1].content == said and not conv.calls
    # the date is a fact the reply states (a reward checks it) and the row needs it in its prompt
    assert [q[2] for q in conv.quotes.get(len(conv.messages) - 1, ())] == (["2026-12-02"] if not slot else [])
    assert conv.relative_dates == (not slot)


def test_a_misspelt_today_is_named_in_the_hint(tmp_path):
    path = tmp_path / "d.tool"
    path.write_text(TODAY_SPEC.replace("{slot}", "").replace("{system}", "Today is {today}.")
                    .replace("Today is {today}.\"\n}", "Today is {todya}.\"\n}"), encoding="utf-8")
    _, diags = check([path])
    assert [d.code for d in diags.errors] == ["E102"] and "did you mean `today`?" in diags.render()


def test_capitalize_raises_the_first_letter_only():
    """`capitalize(s)`: the first character in upper case and the rest as it is (a search title made of the user's
    query: "Rust vs Go speed", not Python's "Rust vs go speed"); Han text and empty text unchanged."""
    import types

    from toolc.compiler.builtins import BUILTINS

    fn, ctx = BUILTINS["capitalize"].fn, types.SimpleNamespace()
    assert fn(ctx, "rust vs Go speed") == "Rust vs Go speed"
    assert fn(ctx, "éclairs in Paris") == "Éclairs in Paris"
    assert fn(ctx, "大语言模型") == "大语言模型" and fn(ctx, "") == ""
    assert fn(ctx, 42) == "42"


def test_round_never_gives_minus_zero():
    """`round(-0.04, 1)` is 0.0, not Python's -0.0 (JSON `-0.0`: a flat trend's `change_pct` in `analyze_data`)."""
    import math
    import types

    from toolc.compiler.builtins import BUILTINS

    fn, ctx = BUILTINS["round"].fn, types.SimpleNamespace()
    assert math.copysign(1, fn(ctx, -0.04, 1)) == 1 and fn(ctx, -0.04, 1) == 0.0
    assert fn(ctx, -0.06, 1) == -0.1 and fn(ctx, 2.675, 2) == round(2.675, 2) and fn(ctx, -0.4) == 0
