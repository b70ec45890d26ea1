"""``made_up_results`` RM pairs (issue 9): after a search that found nothing, the rejected answer is what a search that
found something gets -- fluent, on topic, and naming places no result holds."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from rm_fixtures import TODAY
from rm_fixtures import conversations as _conversations
from rm_fixtures import decision as _decision
from rm_fixtures import wrong_candidates as _wrong_candidates

from toolc.compiler.build import Options, check, resolve_plan
from toolc.compiler.expand import Expander
from toolc.compiler.pairs import is_hard
from toolc.compiler.perturb import applicable


def _setup(path, text):
    """(program, expander) of a spec text written to ``path``."""
    path.write_text(text, encoding="utf-8")
    prog, diags = check([path])
    assert not diags, diags.render()
    return prog, Expander(prog, resolve_plan(prog, Options(), diags), TODAY)


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
    setup = _setup(tmp_path / "empty.tool", EMPTY)
    prog = setup[0]
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


FOOD = r'''
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
'''

#: the places of each cuisine in FOOD's `places` slot
NAMES = {"sushi": ("Sushi Zen", "Umi", "Kaze"), "pizza": ("Forno", "Luigi's", "Napoli"),
         "tapas": ("El Bar", "Casa Pepe", "Sol"), "ramen": ("Ichiran", "Menya", "Ramen Do")}

PLACES = FOOD + r'''
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
    setup = _setup(tmp_path / "places.tool", PLACES)
    prog = setup[0]
    fits = total = 0
    for conv in _conversations(setup, "food.none", 16):
        cuisine = conv.calls[0].arguments["cuisine"]
        for c in _wrong_candidates(setup, "made_up_results", conv, _decision(conv, "none")):
            total += 1
            fits += c.message.content.startswith(tuple(f"Try {n} " for n in NAMES[cuisine]))
    assert total >= 16 and fits / total >= 0.75, (fits, total)


WITHHELD = FOOD + r'''
tool sky "The sky over a city" {
    city: string
    returns { sky: "sunny" | "cloudy" }
}
scenario food.find {
    user "Find {food} in {city}"
    call find_food(city=city, cuisine=food) -> r
    assistant "Try {r[0].name} in {city} (about ${r[0].price}) or {r[1].name}."
}
scenario food.two {
    user "Find {food} in {city as a} and {city as b}"
    call find_food(city=a, cuisine=food) & find_food(city=b, cuisine=food)
    assistant "Both cities have {food}."
}
scenario food.refuse {
    tools sky
    withhold find_food
    user "Where can I eat {food} in {city}?"
    refuse "Sorry, I can't search for restaurants here."
}
scenario alarm.refuse {
    tools sky
    user "Set an alarm for 7"
    refuse "Sorry, I can't set alarms."
}
dataset d { system en "You are a helpful assistant. Today is {today}." test 0% seed 3 }
'''


def test_skip_refuse_answers_what_a_row_with_the_withheld_tool_would(tmp_path):
    """Where the scenario withholds the tool the task needs, the rejected reply is the answer a row that has the tool
    gives, in this conversation's city and cuisine: fluent, on topic and made up (hard), instead of a canned "All
    done!". A two-city answer keeps another city and is not taken; a task no scenario does gets the canned claims."""
    setup = _setup(tmp_path / "withheld.tool", WITHHELD)
    prog = setup[0]
    for conv in _conversations(setup, "food.refuse", 6):
        city, food = conv.draws["city"].surface, conv.draws["food"].surface
        replies = [c for c in _wrong_candidates(setup, "skip_refuse", conv, _decision(conv, "refuse"))
                   if not c.message.tool_calls]
        assert replies
        for c in replies:
            assert c.message.content.startswith(tuple(f"Try {n} in {city} " for n in NAMES[food])), c.message.content
            assert is_hard("skip_refuse", c.message, conv.tools) and c.plausible
    for conv in _conversations(setup, "alarm.refuse", 2):
        replies = [c.message.content for c in _wrong_candidates(setup, "skip_refuse", conv, _decision(conv, "refuse"))
                   if not c.message.tool_calls]
        assert replies and all(r.startswith(("Done", "All done")) for r in replies)
    for conv in _conversations(setup, "alarm.refuse", 2):  # canned claims are given away by their words: not hard
        for c in _wrong_candidates(setup, "skip_refuse", conv, _decision(conv, "refuse")):
            if not c.message.tool_calls:
                assert not c.plausible


PRETEND = WITHHELD.replace('''    user "Set an alarm for 7"
    refuse "Sorry, I can't set alarms."''', '''    user "Set an alarm for {hour}" | "Wake me up[ tomorrow], please"
    refuse "Sorry, I can't set alarms."
        pretend "Done: your alarm is set for {hour}." | "Alarm set(, sleep well|)!"''').replace(
    "slot food =", "slot hour = \"6:30\" | \"7 am\"\nslot food =")


def test_skip_refuse_says_the_refusals_pretend_texts_in_the_users_words(tmp_path):
    """A refusal's `pretend` texts are the made-up answers of its `skip_refuse` pairs, rendered with the row's slots
    (hard); an alternative naming a slot the row did not draw is left out; they are never chosen or in SFT rows."""
    setup = _setup(tmp_path / "pretend.tool", PRETEND)
    seen = set()
    for conv in _conversations(setup, "alarm.refuse", 12):
        hour = conv.draws.get("hour")
        replies = [c for c in _wrong_candidates(setup, "skip_refuse", conv, _decision(conv, "refuse"))
                   if not c.message.tool_calls]
        texts = {c.message.content for c in replies}
        allowed = {"Alarm set, sleep well!", "Alarm set!"} | ({f"Done: your alarm is set for {hour.surface}."}
                                                            if hour is not None else set())
        assert texts and texts <= allowed, (texts, allowed)
        assert all(is_hard("skip_refuse", c.message, conv.tools) and c.plausible for c in replies)
        assert all(m.content not in allowed for m in conv.messages)  # the refusal itself is said
        seen |= texts
    assert any(t.startswith("Done: your alarm is set for ") for t in seen) and "Alarm set!" in seen


MAIL = r'''
locale en_US
tool send "Send a note" {
    to: string
    subject: string
    returns { status: "sent", to: string = to, subject: string = subject }
    confirm en "Send \"{subject}\" to {to}?"
}
slot who = "ann@example.com" | "bob@example.com" | "cy@example.com" | "dee@example.com"
slot topic = "Friday's meeting" | "the budget" | "lunch plans" | "the offsite"
scenario send.ok {
    user "Send {who} a note about {topic}"
    call send(to=who, subject=topic) -> s
    assistant "Sent to {s.to}: {s.subject}."
}
scenario send.no {
    user "Write {who} about {topic}"
    call send(to=who, subject=topic) declined
    assistant "OK, I won't send it."
}
dataset d { system en "You are a helpful assistant. Today is {today}." test 0% seed 3 }
'''


def test_skip_confirm_after_a_no_claims_what_a_sent_row_reports_in_the_users_words(tmp_path):
    """Where the user said no, the conversation has no report of its own: the `skip_confirm` reply is the report a
    row where the call went through gives, with this conversation's address and subject (hard), even where the
    rows' results echo other addresses (the answer quotes only the draws); the canned "Done" claims beside it are
    never hard."""
    setup = _setup(tmp_path / "mail.tool", MAIL)
    for conv in _conversations(setup, "send.no", 6):
        who, topic = conv.draws["who"].surface, conv.draws["topic"].surface
        replies = [c for c in _wrong_candidates(setup, "skip_confirm", conv, _decision(conv, "confirm"))
                   if not c.message.tool_calls and c.plausible]
        assert [c.message.content for c in replies] == [f"Sent to {who}: {topic}."], replies
        assert all(is_hard("skip_confirm", c.message, conv.tools) for c in replies)
    lone = _setup(tmp_path / "lone.tool", MAIL.replace("scenario send.ok", "scenario other.ok").replace(
        'call send(to=who, subject=topic) -> s\n    assistant "Sent to {s.to}: {s.subject}."',
        'assistant "Hello."'))
    for conv in _conversations(lone, "send.no", 2):
        replies = [c for c in _wrong_candidates(lone, "skip_confirm", conv, _decision(conv, "confirm"))
                   if not c.message.tool_calls]
        assert replies and all(not c.plausible for c in replies)


BOOK = r'''
locale en_US
tool book "Book a table" {
    time: string
    returns { status: "booked", time: string = time }
    confirm en "Book a table at {time}?"
}
slot at = { "7 pm": "19:00", "8 pm": "20:00", "noon": "12:00", "9 pm": "21:00" }
scenario book.ok {
    user "Book a table at {at}"
    call book(time=at) -> b
    assistant "Booked at {at} ({b.time})."
}
scenario book.no {
    user "Get us a table at {at}"
    call book(time=at) declined
    assistant "OK, no booking."
}
dataset d { system en "You are a helpful assistant. Today is {today}." test 0% seed 3 }
'''


def test_a_donor_answer_stating_a_value_no_swap_replaces_is_not_taken(tmp_path):
    """Only the words of a slot are replaced in another row's answer: one that also states the value of its own draw
    ("Booked at 7 pm (19:00)." becomes "Booked at 8 pm (19:00).") is not said to a user who asked for 8 pm."""
    setup = _setup(tmp_path / "book.tool", BOOK)
    for conv in _conversations(setup, "book.no", 8):
        at = conv.draws["at"]
        made_up = [c.message.content for c in _wrong_candidates(setup, "skip_confirm", conv, _decision(conv, "confirm"))
                   if not c.message.tool_calls and c.plausible]
        assert all(t == f"Booked at {at.surface} ({at.value})." for t in made_up), (at, made_up)


SKY = r'''
locale en_US
tool sky "The weather over a city" {
    city: string
    returns { sky: "sunny" | "cloudy" | "rain", temp: int(-5..30) }
    error unavailable "The weather service is down."
}
tool note "Write a note" {
    text: string
}
slot city = "Paris" | "Rome" | "Oslo" | "Lisbon" | "Vienna" | "Madrid" | "Prague" | "Dublin"
scenario sky.rain {
    user "Will it rain in {city}?"
    call sky(city=city) -> w
    assistant "In {city} the sky is {w.sky} today."
}
scenario sky.hot {
    user "Is it hot in {city}?"
    call sky(city=city) -> w
    assistant "{city} has {w.temp} degrees, sky {w.sky}."
}
scenario sky.jacket {
    user "Do I need a jacket in {city} tonight?"
    call sky(city=city) -> w
    assistant "Jacket or not in {city}: it is {w.temp} degrees out."
}
scenario sky.forecast {
    user "Show the forecast for {city}"
    call sky(city=city) -> w
    assistant "The forecast for {city}: {w.sky}, {w.temp} degrees."
}
scenario sky.umbrella {
    user "Umbrella in {city}?"
    call sky(city=city) -> w
    assistant "Sky over {city}: {w.sky}."
}
scenario sky.retry {
    user "Do I need a jacket in {city} tonight, do you think?"
    call sky(city=city) -> w fails unavailable 100%
    assistant "The weather service is down. Try again?"
    user "Yes, try again"
    call sky(city=city) -> w2
    assistant "That worked. {city}: {w2.temp} degrees, {w2.sky}."
}
scenario sky.none {
    tools note
    withhold sky
    user "Do I need a jacket in {city} tonight?"
    refuse "I can't check the weather here."
}
dataset d { system en "You are a helpful assistant. Today is {today}." test 0% seed 3 }
'''


def test_a_made_up_answer_answers_the_question_asked_and_never_follows_an_error(tmp_path):
    """Of the answers other rows give after the withheld tool, those of the scenario whose question shares this one's
    rarer words come first ("Do I need a jacket?" is answered about a jacket, not about rain), and an answer that
    follows a tool error ("That worked. ...") is never taken: it tells of a failure this conversation never had."""
    setup = _setup(tmp_path / "sky.tool", SKY)
    for conv in _conversations(setup, "sky.none", 8):
        made_up = [c.message.content for c in _wrong_candidates(setup, "skip_refuse", conv, _decision(conv, "refuse"))
                   if not c.message.tool_calls]
        city = conv.draws["city"].surface
        assert made_up and made_up[0].startswith(f"Jacket or not in {city}: "), made_up
        assert not any(t.startswith("That worked") for t in made_up), made_up


#: SKY's scenarios, whose rows draw a city alone, and two whose rows also draw who asks.
WHO = SKY.replace("dataset d {", r'''slot who = "Ann" | "Bo" | "Cy" | "Di"
scenario sky.for_who {
    user "{who} asks: what is the sky over {city}?"
    call sky(city=city) -> w
    assistant "{who}, {city} is {w.sky}."
}
scenario sky.named {
    user "Sky over {city}, for {who}?"
    call sky(city=city) -> w
    assistant "For {who}: {city} is {w.sky}."
}
dataset d {''')


def test_a_donor_scenario_that_cannot_draw_a_slot_of_the_conversation_is_not_expanded(tmp_path, monkeypatch):
    """Another row's answer is put in this conversation's words only when the row drew every slot it drew (else the
    answer tells of its own row: not taken). A scenario that names no such slot anywhere (SKY's, without ``{who}``)
    cannot give one, so its donor rows are not expanded at all -- and the answers are those of a search
    that expands them (43 % of the README build's donor searches were such)."""
    import random

    from toolc.compiler import donors

    expanded: list[str] = []
    expand = donors._expand_donor
    monkeypatch.setattr(donors, "_expand_donor", lambda ex, scen, k: expanded.append(scen.name) or expand(ex, scen, k))

    def answers(name):
        setup = _setup(tmp_path / name, WHO)
        return [[m.content for m in donors.answers_of_others(c, _decision(c, "none"), setup[1], random.Random(i),
                                                             ("sky",))]
                for i, c in enumerate(_conversations(setup, "sky.for_who", 6))]

    skipped = answers("skip.tool")
    assert set(expanded) == {"sky.named"}
    assert any(skipped) and all(a.startswith("For ") for found in skipped for a in found)
    monkeypatch.setattr(donors, "_drawable_slots", lambda prog: {n: set(prog.slots) for n in prog.scenarios})
    expanded.clear()
    assert answers("all.tool") == skipped and {"sky.rain", "sky.named"} <= set(expanded)


# ---------------------------------------------------------------------------------------------- text searches

_PIECES = ["12", "2", "20", "-", "2.5", ".", ":", "_", "a", "ab", "abc", " ", "位", "\u0663", "7"]


def _regex_number(n: int) -> str:
    return rf"(?<![A-Za-z0-9_.:-]){n}(?![A-Za-z0-9_:]|\.\d)"


@settings(max_examples=500, deadline=None)
@given(st.data())
def test_donor_text_searches_equal_the_regular_expressions(data):
    """The perturbations' searches for a value standing on its own (a number of its own in a donor's answer, a fact
    in a reply) and the donor answer's one-pass replacement find and replace exactly what the regular expressions
    they replace did (``(?<![...])value(?![...])``, one alternation of the values, longest first), with no pattern
    compiled per value. Texts are made of the values searched for and the characters at their bounds."""
    import re

    from toolc.compiler.donors import _replace_all, find_number
    from toolc.compiler.perturb_turns import _find

    olds = st.one_of(st.sampled_from([2, 12, 20, 7, -2, 0]), st.sampled_from(["ab", "abc", "2.5", "a位", "12"]))
    pairs = data.draw(st.lists(st.tuples(olds, st.sampled_from(["X", "YY", ""])), min_size=1, max_size=4))
    text = "".join(data.draw(st.lists(st.sampled_from(_PIECES + [str(o) for o, _ in pairs]), max_size=12)))
    n = data.draw(st.sampled_from([2, 12, 20, 7, -2, 5]))
    m = re.search(_regex_number(n), text)
    assert find_number(n, text) == (m.start() if m else -1)
    needle = str(pairs[0][0])
    m = re.search(rf"(?<![0-9A-Za-z.\-]){re.escape(needle)}(?![0-9A-Za-z])", text)
    assert _find(text, needle) == (m.start() if m else -1)
    table = {str(old): str(new) for old, new in pairs}
    alternatives = [_regex_number(old) if type(old) is int else re.escape(old)
                    for old, _ in sorted(pairs, key=lambda s: -len(str(s[0])))]
    assert _replace_all(text, pairs) == re.sub("|".join(alternatives), lambda m: table[m.group(0)], text)


def test_every_ast_node_of_the_bundled_specs_is_walked():
    """The perturbations' indexes (slots each scenario draws, words of its user turns) walk each scenario's AST by
    node type (donors._nodes, quicker than pydantic's isinstance): the same nodes as a walk of every declared field
    of every node finds, for every bundled scenario and tool."""
    from pathlib import Path

    from toolc.compiler.check import check
    from toolc.compiler.donors import _nodes
    from toolc.dsl import ast

    def walk(x, out):
        if isinstance(x, ast.Node):
            out.append(x)
            for name in type(x).model_fields:
                walk(getattr(x, name), out)
        elif isinstance(x, (tuple, list)):
            for v in x:
                walk(v, out)
        return out

    prog, diags = check([Path(__file__).parent.parent / "specs" / "main.tool"])
    assert prog is not None and not diags.errors
    roots = [s.node for s in prog.scenarios.values()] + [t.node for t in prog.tools.values()]
    for root in roots:
        assert sorted(map(id, _nodes(root))) == sorted(map(id, walk(root, [])))
    assert sum(len(_nodes(r)) for r in roots) > 10_000
