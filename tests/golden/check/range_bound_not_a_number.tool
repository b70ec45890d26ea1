# A number's range picked from a map slot needs a number in every entry (found by tests/test_fuzz_check.py:
# a text value reached the generator and the build failed with an internal error).
slot price_lo = { "ramen": 12, "sushi": "Totto Ramen", "*": 10 }
slot price_hi = { "ramen": 30, "sushi": 150 | 120, "*": 60 }

tool find_restaurant "Find a restaurant" {
    cuisine: "ramen" | "sushi"
    returns { price_per_person: int(price_lo[cuisine]..price_hi[cuisine] ?? 60) }
}
