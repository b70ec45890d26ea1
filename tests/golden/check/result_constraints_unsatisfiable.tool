# Constraints no generator can satisfy are errors at the clause that asks for them.
tool search "Search restaurants" {
    min_rating: float(0..10)?
    limit: int(1..20) = 5
    unit: "celsius" | "kilos" = "celsius"
    kind: "a" | "b" | "c" = "a"
    returns list[{
        name: "Jade" | "Lotus" | "Bamboo"
        rating: float(3.5..5.0)
        price: int(10..90) in unit
        label: string = labels[kind]
    }](1..limit) unique name where rating >= min_rating
}
slot labels = { "a": "A" | "AA", "b": "B" }
