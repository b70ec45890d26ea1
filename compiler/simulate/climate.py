"""Results stage, climate normals: what weather is plausible in a city on a date (input: a city name and a
date; output: the day's normal low and high in °C and the share of days with precipitation).

A simulated forecast must fit its city and season: Mohe (漠河) in December is far below freezing, Sydney is
warm in January, Delhi is hottest in May or June, Cairo hardly ever rains. The built-in function
``climate(city, date)`` (registered in ``compiler/builtins.py``) reads these normals from two data files
beside this module:

* ``climate_zh.txt`` -- the 370 Chinese cities of ``specs/slots_zh.tool`` (with English aliases);
* ``climate_world.txt`` -- the cities outside China of ``specs/slots_en.tool``.

One line per city::

    NAMES: COLD_HIGH COLD_LOW WARM_HIGH WARM_LOW REGIME [S] [warm=M] [cold=M] [wet=M]

``NAMES`` lists the names a call may use, separated by ``|`` (``北京|Beijing``). The four numbers are
the mean daily maximum and minimum (°C) of the coldest and of the warmest month, rounded to whole degrees.
They are the file author's approximation of national weather services' 1991-2020 station normals (CMA,
NOAA, Met Office, ... as quoted in the cities' published climate tables), good to about ±3 °C: enough to
keep a simulated day in its season, not a measurement. ``S`` marks the southern hemisphere. ``warm=M`` and
``cold=M`` name the warmest and coldest month (1-12; by default July and January, or January and July with
``S``); ``wet=M`` the month with the most days of precipitation (by default the warmest month, or the coldest
for the winter-wet regimes ``E``, ``D`` and ``d``).

``REGIME`` is the precipitation regime: the share of days with precipitation in the driest and the wettest
month, by :data:`REGIMES` (after Köppen's climate groups: monsoon, Mediterranean, maritime, arid ...).

Between the coldest and the warmest month the normals follow a half cosine (rising and falling limbs may
differ in length), so every day of the year has its own normal; the precipitation share follows a cosine
with its peak in the wet month (sharper for monsoon regimes, :data:`PEAKS`).
"""

from __future__ import annotations

import datetime as _dt
import math
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..builtins import ABSENT, BuiltinError

#: regime letter -> (share of days with precipitation in the driest month, in the wettest month, the season
#: of the wet month by default: "warm" or "cold"). Shares in percent, rounded climatological values.
REGIMES: dict[str, tuple[int, int, str]] = {
    "A": (2, 6, "warm"),     # desert (Cairo, Dubai, Lima, Turpan)
    "a": (5, 20, "warm"),    # semi-arid, summer showers (Phoenix, Urumqi, Yinchuan)
    "B": (5, 35, "warm"),    # steppe with summer rain (Hohhot, Lanzhou, Denver, Ulaanbaatar)
    "M": (7, 45, "warm"),    # continental monsoon, dry winter (Beijing, Harbin, Seoul)
    "Y": (4, 65, "warm"),    # tropical or highland monsoon, dry season (Delhi, Kunming, Bangkok, Lhasa)
    "S": (30, 45, "warm"),   # humid subtropical, wet all year (Shanghai, Wuhan, Atlanta, Sydney)
    "G": (15, 55, "warm"),   # subtropical monsoon coast, drier winter (Guangzhou, Tokyo, Rio de Janeiro)
    "C": (30, 40, "warm"),   # humid continental, wet all year (Chicago, Berlin, Moscow)
    "E": (35, 55, "cold"),   # maritime, wetter winter (London, Seattle, Bergen)
    "D": (3, 40, "cold"),    # Mediterranean, dry summer (Rome, Athens, Perth)
    "d": (1, 18, "cold"),    # semi-arid with winter rain (Marrakesh, Tehran, Los Angeles)
    "T": (45, 65, "warm"),   # tropical rainforest, wet all year (Singapore, Bogotá)
}

#: how sharply a regime's wet season peaks: the seasonal cosine is raised to this power (monsoon rains
#: come in a few months; elsewhere the wet season is broad).
PEAKS: dict[str, int] = {"Y": 3, "M": 2, "B": 2, "a": 2}

FILES = ("climate_zh.txt", "climate_world.txt")


@dataclass(frozen=True)
class Climate:
    """One city's normals (see the module docstring for the meaning of each field)."""

    cold_high: int
    cold_low: int
    warm_high: int
    warm_low: int
    regime: str
    warm_month: int
    cold_month: int
    wet_month: int


def _key(name: str) -> str:
    return unicodedata.normalize("NFC", name).strip().casefold()


def parse(text: str, source: str = "<climate>") -> dict[str, Climate]:
    """Name -> :class:`Climate` of every line of a climate file. Raises ``ValueError`` with ``source:line``
    for a malformed line, an unknown regime or a name listed twice."""
    out: dict[str, Climate] = {}
    for no, raw in enumerate(text.splitlines(), 1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        try:
            names, rest = line.split(":", 1)
            words = rest.split()
            ch, cl, wh, wl = (int(w) for w in words[:4])
            regime = words[4]
            opts = {k: int(v) for k, v in (w.split("=") for w in words[5:] if "=" in w)}
            south = "S" in words[5:]
        except (ValueError, IndexError):
            raise ValueError(f"{source}:{no}: expected `NAMES: CH CL WH WL REGIME [S] [warm=M] ...`: {raw!r}") from None
        if regime not in REGIMES or set(opts) - {"warm", "cold", "wet"} or \
                any(not 1 <= m <= 12 for m in opts.values()) or cl > ch or wl > wh or ch > wh:
            raise ValueError(f"{source}:{no}: bad regime, month or temperatures: {raw!r}")
        warm = opts.get("warm", 1 if south else 7)
        cold = opts.get("cold", 7 if south else 1)
        wet = opts.get("wet", cold if REGIMES[regime][2] == "cold" else warm)
        c = Climate(ch, cl, wh, wl, regime, warm, cold, wet)
        for name in names.split("|"):
            k = _key(name)
            if k in out:
                raise ValueError(f"{source}:{no}: `{name.strip()}` is listed twice")
            out[k] = c
    return out


@lru_cache(maxsize=1)
def table() -> dict[str, Climate]:
    """Every city of the bundled climate files (names case-folded and NFC-normalised)."""
    out: dict[str, Climate] = {}
    here = Path(__file__).parent
    for name in FILES:
        path = here / name
        for k, v in parse(path.read_text(encoding="utf-8"), str(path)).items():
            if k in out:
                raise ValueError(f"{path}: `{k}` is also in another climate file")
            out[k] = v
    return out


def lookup(city: str) -> Climate | None:
    """The normals of ``city`` (any of its listed names, case-insensitive), or ``None``."""
    return table().get(_key(city)) if isinstance(city, str) else None


def _month_position(day: _dt.date) -> float:
    """The date as a month coordinate: 1.0 is mid-January, 12.0 mid-December (continuous, period 12)."""
    start = _dt.date(day.year, 1, 1)
    length = (_dt.date(day.year + 1, 1, 1) - start).days
    return ((day - start).days + 0.5) / length * 12 + 0.5


def _seasonal(cold: float, warm: float, cold_month: int, warm_month: int, m: float) -> float:
    """The value at month coordinate ``m`` on a half-cosine rise from ``cold`` (at ``cold_month``) to ``warm``
    (at ``warm_month``) and a half-cosine fall back."""
    rise = (warm_month - cold_month) % 12 or 6
    pos = (m - cold_month) % 12
    if pos <= rise:
        f = (1 - math.cos(math.pi * pos / rise)) / 2
    else:
        f = (1 + math.cos(math.pi * (pos - rise) / (12 - rise))) / 2
    return cold + (warm - cold) * f


def normals(city: str, day: _dt.date) -> dict[str, int] | None:
    """The normals of ``city`` on ``day``, or ``None`` for a city the files do not list.

    Returns ``{"low": °C, "high": °C, "spread": °C, "wet_days": %, "precip_min": %, "precip_max": %}``: the
    normal daily minimum and maximum, how far a day's temperatures may stray from them (2 °C in the tropics,
    where the seasons hardly differ, up to 6 °C where the annual range is large: a fifth of the difference
    between the warmest and the coldest month's maximum), the share of days with precipitation, and the range a
    day's "chance of
    precipitation" is drawn from so that a chance of 50 % or more (a rainy or snowy day in the bundled
    specs) comes up on about ``wet_days`` % of days (uniform draw: ``P(x >= 50) = wet_days / 100``).

    >>> n = normals("漠河", _dt.date(2026, 12, 2)); n["high"] < -10, n["low"] < -25
    (True, True)
    >>> normals("Sydney", _dt.date(2026, 1, 15))["high"], normals("Sydney", _dt.date(2026, 7, 15))["high"]
    (26, 17)
    """
    c = lookup(city)
    if c is None:
        return None
    m = _month_position(day)
    low = _seasonal(c.cold_low, c.warm_low, c.cold_month, c.warm_month, m)
    high = _seasonal(c.cold_high, c.warm_high, c.cold_month, c.warm_month, m)
    dry, wet, _ = REGIMES[c.regime]
    f = (1 + math.cos(2 * math.pi * (m - c.wet_month) / 12)) / 2
    share = dry + (wet - dry) * f ** PEAKS.get(c.regime, 1)
    p = share / 100
    if p <= 0.5:
        lo, hi = 0, round(50 / (1 - p))
    else:
        lo, hi = round(100 - 50 / p), 100
    spread = round(min(6.0, max(2.0, (c.warm_high - c.cold_high) / 5)))
    return {"low": round(low), "high": round(high), "spread": spread, "wet_days": round(share), "precip_min": lo,
            "precip_max": min(hi, 100)}


def climate(ctx: Any, city: Any, day: Any) -> dict[str, int]:
    """The built-in ``climate(city, date)``: :func:`normals` for a JSON date (``YYYY-MM-DD``); a city no
    climate file lists raises :class:`~compiler.builtins.BuiltinError` (the row is dropped and counted, never
    shipped with invented weather)."""
    if city is ABSENT or day is ABSENT:
        return ABSENT
    if isinstance(city, str) and isinstance(day, str):  # a forecast reads the same day's normals up to 4 times
        return _normals_of(city, day).copy()
    return _normals_of.__wrapped__(city, day)


@lru_cache(maxsize=4096)
def _normals_of(city: Any, day: Any) -> dict[str, int]:
    """:func:`climate`'s normals (cached: each caller gets its own copy)."""
    try:
        d = _dt.date.fromisoformat(str(day)[:10])
    except ValueError:
        raise BuiltinError(f"climate needs a date YYYY-MM-DD, got {day!r}") from None
    out = normals(city, d)
    if out is None:
        raise BuiltinError(f"no climate normals for `{city}` (compiler/simulate/climate_*.txt lists the known cities)")
    return out
