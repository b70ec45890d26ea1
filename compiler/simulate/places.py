"""Results stage, places: one map for every simulated search and route, so distances agree between calls
(input: two place names; output: the straight-line distance between them in km).

A restaurant search says a place is 4.8 km from the city centre; a route from the convention centre to that
place must then fit one map with it, and the same route asked twice must have the same length. The built-in
function ``place_km(a, b)`` (registered in ``compiler/builtins.py``) gives every place name a fixed point:

* a city's name (any city of the climate files, ``compiler/simulate/climate.py``) stands for the city centre,
  the origin ``(0, 0)``, and so do the words for the centre itself (:data:`CENTRE_NAMES`: "the city centre",
  "downtown", "市中心"), which a route may start from after a search in that city;
* any other name (an address, a landmark such as ``火车站`` or ``the airport``) gets a point drawn from its
  text (BLAKE2b of the NFC-normalised, case-folded name), uniformly over a disc of :data:`RADIUS_KM` around
  the centre -- :data:`CENTRAL_KM` for the landmarks every city has at its heart (:data:`CENTRAL_NAMES`: the
  old town, the main square, 人民广场) -- so the same name is always the same point, in every row and every build.

A result's distance is the Euclidean distance between the two points; routes multiply it by a detour
factor per travel mode (the bundled ``get_directions`` does that in the spec). Names of different cities
share one map: a row that names no city for its landmarks (``从火车站到市博物馆``) still sees a consistent
world.
"""

from __future__ import annotations

import hashlib
import math
import unicodedata
from functools import lru_cache
from typing import Any

from ..builtins import ABSENT, BuiltinError
from .climate import lookup

#: the radius (km) of the disc a place that is not a city lies in: a city's restaurants, sights and
#: landmarks within about half an hour's drive of its centre
RADIUS_KM = 9.0


#: names of the city centre itself (NFC, case-folded): the origin, as a city's name is
CENTRE_NAMES = frozenset({"the city centre", "the city center", "city centre", "city center", "the centre",
                          "the center", "the town centre", "the town center", "downtown", "市中心", "市区中心"})


#: landmarks at a city's heart (NFC, case-folded): within :data:`CENTRAL_KM` of the centre, not anywhere in the
#: city (a 15 km walk from "the old town" to a restaurant 6.8 km from the centre)
CENTRAL_NAMES = frozenset({"the old town", "old town", "the main square", "the central market", "city hall",
                           "the cathedral", "人民广场", "老城区", "步行街"})
CENTRAL_KM = 2.5


@lru_cache(maxsize=8192)
def point(name: str) -> tuple[float, float]:
    """The place's point on the map, in km east and north of the city centre."""
    folded = unicodedata.normalize("NFC", name).strip().casefold()
    if folded in CENTRE_NAMES or lookup(name) is not None:
        return 0.0, 0.0
    key = folded.encode("utf-8")
    digest = hashlib.blake2b(key, digest_size=16).digest()
    u = int.from_bytes(digest[:8], "big") / 2**64
    v = int.from_bytes(digest[8:], "big") / 2**64
    r, theta = (CENTRAL_KM if folded in CENTRAL_NAMES else RADIUS_KM) * math.sqrt(u), 2 * math.pi * v
    return r * math.cos(theta), r * math.sin(theta)


def distance_km(a: str, b: str) -> float:
    """The straight-line distance between two places, km (not rounded).

    >>> distance_km("Paris", "paris") == 0.0 and distance_km("the airport", "the airport") == 0.0
    True
    >>> abs(distance_km("A St 1", "B St 2") - distance_km("B St 2", "A St 1")) < 1e-12
    True
    """
    (ax, ay), (bx, by) = point(a), point(b)
    return math.hypot(ax - bx, ay - by)


def place_km(ctx: Any, a: Any, b: Any) -> float:
    """The built-in ``place_km(a, b)``: :func:`distance_km` rounded to 0.1 km; raises
    :class:`~compiler.builtins.BuiltinError` for a name that is not a string."""
    if a is ABSENT or b is ABSENT:
        return ABSENT
    if not isinstance(a, str) or not isinstance(b, str):
        raise BuiltinError(f"place_km needs two place names, got {a!r}, {b!r}")
    return _place_km(a, b)


@lru_cache(maxsize=65536)
def _place_km(a: str, b: str) -> float:
    return round(distance_km(a, b), 1)
