tool t "x" {
    unit: "celsius" | "fahrenheit" = "kelvin"
    n: int(1..5) = 9
}
