"""Climate normals (compiler/simulate/climate.py): every city the bundled specs name has normals, the
seasons follow the hemisphere, and a forecast built through the `climate` built-in fits its city and date."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from audit_rows import ROOT
from toolc.compiler.builtins import BUILTINS, BuiltinError
from toolc.compiler.simulate import climate

D = dt.date


def _slot_cities(file: str, slot: str) -> list[str]:
    text = (ROOT / "specs" / file).read_text(encoding="utf-8")
    body = re.search(rf"^slot {slot}\s*=(.*?)(?=^\S|\Z)", text, re.S | re.M).group(1)
    return re.findall(r'"([^"]+)"', body)


@pytest.mark.parametrize("file,slot", [("slots_zh.tool", "zh_city"), ("slots_en.tool", "en_city")])
def test_every_city_the_specs_name_has_normals(file, slot):
    cities = _slot_cities(file, slot)
    assert len(cities) >= 300
    assert [c for c in cities if climate.lookup(c) is None] == []


def test_seasons_follow_the_city_and_the_hemisphere():
    mohe = climate.normals("漠河", D(2026, 12, 2))
    assert mohe["high"] <= -10 and mohe["low"] <= -25          # far-north China in December
    assert climate.normals("漠河", D(2026, 7, 15))["high"] >= 20
    sydney_jan, sydney_jul = climate.normals("Sydney", D(2026, 1, 15)), climate.normals("Sydney", D(2026, 7, 15))
    assert sydney_jan["high"] > sydney_jul["high"] + 6          # southern summer in January
    delhi = {m: climate.normals("Delhi", D(2026, m, 15)) for m in (1, 5, 8)}
    assert delhi[5]["high"] > delhi[8]["high"] > delhi[1]["high"]   # hottest before the monsoon
    assert delhi[8]["wet_days"] > 40 > 10 > delhi[1]["wet_days"]    # rain in the monsoon, a dry winter
    assert climate.normals("Cairo", D(2026, 12, 2))["wet_days"] <= 5
    assert climate.normals("London", D(2026, 12, 2))["wet_days"] >= 40
    singapore = [climate.normals("Singapore", D(2026, m, 1)) for m in range(1, 13)]
    assert min(n["low"] for n in singapore) >= 22


def test_names_are_aliases_and_case_insensitive():
    assert climate.lookup("北京") is climate.lookup("Beijing") is climate.lookup("beijing")
    assert climate.lookup("Washington, D.C.") is not None     # a comma inside a name
    assert climate.lookup("Atlantis") is None


def test_normals_change_smoothly_from_day_to_day():
    for city in ("漠河", "Sydney", "Delhi", "Brasília", "Lima"):
        days = [climate.normals(city, D(2026, 1, 1) + dt.timedelta(days=i)) for i in range(366)]
        for a, b in zip(days, days[1:]):
            assert abs(a["high"] - b["high"]) <= 1 and abs(a["low"] - b["low"]) <= 1, city


@pytest.mark.parametrize("share", [0, 3, 20, 45, 50, 65])
def test_precipitation_range_gives_rainy_days_as_often_as_the_normals(share, monkeypatch):
    """A uniform draw from ``precip_min..precip_max`` reaches 50 % on about ``wet_days`` % of days."""
    monkeypatch.setitem(climate.REGIMES, "Z", (share, share, "warm"))
    monkeypatch.setattr(climate, "lookup", lambda city: climate.Climate(10, 0, 20, 10, "Z", 7, 1, 7))
    n = climate.normals("x", D(2026, 3, 1))
    lo, hi = n["precip_min"], n["precip_max"]
    assert 0 <= lo <= hi <= 100
    rainy = sum(v >= 50 for v in range(lo, hi + 1)) / (hi - lo + 1)
    assert abs(rainy - share / 100) <= 0.03


def test_the_builtin_reads_json_dates_and_refuses_unknown_cities():
    fn = BUILTINS["climate"].fn
    assert fn(None, "漠河", "2026-12-02") == climate.normals("漠河", D(2026, 12, 2))
    with pytest.raises(BuiltinError, match="no climate normals for `Atlantis`"):
        fn(None, "Atlantis", "2026-12-02")
    with pytest.raises(BuiltinError, match="YYYY-MM-DD"):
        fn(None, "漠河", "tomorrow")


@pytest.mark.parametrize("line,why", [
    ("Oslo: 0 -6 22", "expected"),
    ("Oslo: 0 -6 22 13 Q", "bad regime"),
    ("Oslo: 0 -6 22 13 C warm=13", "bad regime, month"),
    ("Oslo: 0 6 22 13 C", "temperatures"),
])
def test_malformed_lines_are_reported_with_their_location(line, why):
    with pytest.raises(ValueError, match=rf"f\.txt:2: .*{why}"):
        climate.parse("# header\n" + line, "f.txt")
    with pytest.raises(ValueError, match="listed twice"):
        climate.parse("Oslo: 0 -6 22 13 C\nOslo|Kristiania: 0 -6 22 13 C", "f.txt")
