# A number's range bound must be a number: a text parameter, or a map slot with a text entry, would reach the
# generator (found by tests/test_fuzz_check.py: the build failed with an internal error).
slot price_lo = { "ramen": 12, "sushi": "Totto Ramen", "*": 10 }
slot price_hi = { "ramen": 30, "sushi": 150 | 120, "*": 60 }

tool find_restaurant "Find a restaurant" {
    cuisine: "ramen" | "sushi"
    party: string "How many people, as the user said it"
    returns {
        price_per_person: int(price_lo[cuisine]..price_hi[cuisine] ?? 60)
        seats: int(party..12)
    }
}
