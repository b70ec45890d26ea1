# Result fields that wait for each other, an unknown function, a function on the wrong type; and a
# computed default in a tool's parameters.
tool t "Broken derivations" {
    n: int(1..5) = 2
    returns {
        a: int = b + 1
        b: int = a - 1
        c: float = cacl("1 + 1")
        d: int = len(n, 2)
    }
}
tool u "Parameters take literal defaults" {
    n: int(1..5) = days * 2
}
