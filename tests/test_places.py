"""One map for simulated searches and routes (compiler/simulate/places.py): a place keeps its point, a city's
name is its centre, and the bundled tools' distances agree between a search and a route."""

from __future__ import annotations

import itertools
import math

import pytest

from toolc.compiler.builtins import BUILTINS, BuiltinError
from toolc.compiler.simulate import places

NAMES = ["火车站", "市博物馆", "香港街67号", "the airport", "1181 Carter Passage", "72 Hodges Loaf", "Central Station"]


def test_a_city_is_its_centre_and_other_places_lie_within_the_radius():
    assert places.point("北京") == places.point("Sydney") == (0.0, 0.0)
    for name in NAMES:
        x, y = places.point(name)
        assert 0 < math.hypot(x, y) <= places.RADIUS_KM
    assert len({places.point(n) for n in NAMES}) == len(NAMES)


def test_the_centre_by_name_is_the_centre_and_a_city_s_heart_lies_near_it():
    """A route from "the city centre" starts where a search in the city is centred (before: a random point up to 9 km
    away, so a route from the centre was shorter than the distance the search gave); the old town, the main square,
    人民广场 lie within CENTRAL_KM of it, any other landmark anywhere in the city."""
    for name in ("the city centre", "The City Center", "downtown", "市中心"):
        assert places.point(name) == (0.0, 0.0)
    for name in places.CENTRAL_NAMES:
        assert 0 < math.hypot(*places.point(name)) <= places.CENTRAL_KM
    assert places.point("The Old Town ") == places.point("the old town")
    assert math.hypot(*places.point("the airport")) > places.CENTRAL_KM  # the name's own point, as before


def test_points_come_from_the_name_only():
    """The same name is the same point in every build (the map is part of the dataset's world)."""
    assert places.point("The Airport ") == places.point("the airport")
    assert places.point("火车站") == pytest.approx((5.7164, 2.4831), abs=1e-4)


def test_distances_are_a_metric():
    for a, b, c in itertools.permutations(NAMES + ["London"], 3):
        ab, bc, ac = places.distance_km(a, b), places.distance_km(b, c), places.distance_km(a, c)
        assert ab == places.distance_km(b, a) and ac <= ab + bc + 1e-9
    assert places.distance_km("London", "火车站") == pytest.approx(math.hypot(*places.point("火车站")))


def test_the_builtin_rounds_and_refuses_non_names():
    fn = BUILTINS["place_km"].fn
    assert fn(None, "火车站", "市博物馆") == round(places.distance_km("火车站", "市博物馆"), 1)
    with pytest.raises(BuiltinError, match="two place names"):
        fn(None, "火车站", 3)
