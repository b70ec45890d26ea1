"""``made_up_results`` RM pairs (issue 9): after a search that found nothing, the rejected answer is what a search that
found something gets -- fluent, on topic, and naming places no result holds."""

from __future__ import annotations

from rm_fixtures import TODAY
from rm_fixtures import conversations as _conversations
from rm_fixtures import decision as _decision
from rm_fixtures import wrong_candidates as _wrong_candidates

from toolc.compiler.build import Options, check, resolve_plan
from toolc.compiler.expand import Expander
from toolc.compiler.pairs import is_hard
from toolc.compiler.perturb import applicable


EMPTY = r'''
locale en_US
tool find_food "Restaurants in a city" {
    city: string
    cuisine: string
    budget: int(1..500)?
    returns list[{ name: string = city + " " + cuisine + " House", price: int(10..60) }](case { when (budget ?? 100) < 10: 0 else: 2 })
}
tool sky "The sky over a city" {
    city: string
    returns { sky: "sunny" | "cloudy" }
}
slot city = "Paris" | "Rome" | "Oslo" | "Lisbon" | "Vienna"
slot food = "sushi" | "pizza" | "tapas" | "ramen"
slot tiny = 5 | 8
scenario food.find {
    user "Find {food} in {city}"
    call find_food(city=city, cuisine=food) -> r
    assistant "Try {r[0].name} (about ${r[0].price}) or {r[1].name}."
}
scenario food.chain {
    user "How's the sky in {city}, and where can I eat {food} there?"
    call sky(city=city) -> w
    call find_food(city=city, cuisine=food) -> r
    assistant "{city} is {w.sky}. Try {r[0].name}."
}
scenario food.none {
    user "Any {food} in {city} under ${tiny}?"
    call find_food(city=city, cuisine=food, budget=tiny) -> r
    assistant "I found no {food} places in {city} at ${tiny} or less. Should I try a higher budget?"
}
dataset d { system en "You are a helpful assistant. Today is {today}." test 0% seed 3 }
'''


def test_made_up_results_after_a_search_that_found_nothing(tmp_path):
    """After an empty result the rejected answer is what a search that found something gets: another row's reply
    after the same tool, its argument values replaced by this call's -- the places it names are in no result. Never
    the answer of a chain (``food.chain``: the sky, then restaurants), which quotes another tool's result too."""
    path = tmp_path / "empty.tool"
    path.write_text(EMPTY, encoding="utf-8")
    prog, diags = check([path])
    assert not diags, diags.render()
    setup = (prog, Expander(prog, resolve_plan(prog, Options(), diags), TODAY))
    for conv in _conversations(setup, "food.none", 6):
        d = _decision(conv, "none")
        assert conv.calls[0].result == []
        args = conv.calls[0].arguments
        made_up = _wrong_candidates(setup, "made_up_results", conv, d)
        for c in made_up:
            assert c.message.content.startswith(f"Try {args['city']} {args['cuisine']} House (about $")
            assert is_hard("made_up_results", c.message, conv.tools) and c.plausible
    for conv in _conversations(setup, "food.find", 3):  # results found: nothing to make up
        assert not applicable("made_up_results", conv, _decision(conv, "none"), prog)


PLACES = r'''
locale en_US
tool find_food "Restaurants in a city" {
    city: string
    cuisine: "sushi" | "pizza" | "tapas" | "ramen"
    budget: int(1..500)?
    returns list[{ name: string = places[cuisine], cuisine: string = cuisine, price: int(10..60) }](
        case { when (budget ?? 100) < 10: 0 else: 2 }) unique name
}
slot places = { "sushi": "Sushi Zen" | "Umi" | "Kaze", "pizza": "Forno" | "Luigi's" | "Napoli", "tapas": "El Bar" | "Casa Pepe"
              | "Sol", "ramen": "Ichiran" | "Menya" | "Ramen Do" }
slot city = "Paris" | "Rome" | "Oslo" | "Lisbon" | "Vienna"
slot food = "sushi" | "pizza" | "tapas" | "ramen"
scenario food.find {
    user "Find {food} in {city}"
    call find_food(city=city, cuisine=food) -> r
    assistant "Try {r[0].name} (about ${r[0].price}) or {r[1].name}."
}
scenario food.none {
    user "Any {food} in {city} under $5?"
    call find_food(city=city, cuisine=food, budget=5) -> r
    assistant "I found no {food} places in {city} at $5 or less. Should I try a higher budget?"
}
dataset d { system en "You are a helpful assistant. Today is {today}." test 0% seed 3 }
'''


def test_made_up_results_name_places_of_what_was_asked(tmp_path):
    """The made-up places are, as far as a few rows of the donor scenario allow, of the cuisine the user asked for
    (a row whose results echo no value that differs from this call's): a model must learn that the search found
    nothing, not that the places are of another cuisine. One row each would match 1 time in 4 here."""
    path = tmp_path / "places.tool"
    path.write_text(PLACES, encoding="utf-8")
    prog, diags = check([path])
    assert not diags, diags.render()
    setup = (prog, Expander(prog, resolve_plan(prog, Options(), diags), TODAY))
    names = {"sushi": ("Sushi Zen", "Umi", "Kaze"), "pizza": ("Forno", "Luigi's", "Napoli"),
             "tapas": ("El Bar", "Casa Pepe", "Sol"), "ramen": ("Ichiran", "Menya", "Ramen Do")}
    fits = total = 0
    for conv in _conversations(setup, "food.none", 16):
        cuisine = conv.calls[0].arguments["cuisine"]
        for c in _wrong_candidates(setup, "made_up_results", conv, _decision(conv, "none")):
            total += 1
            fits += c.message.content.startswith(tuple(f"Try {n} " for n in names[cuisine]))
    assert total >= 16 and fits / total >= 0.75, (fits, total)
