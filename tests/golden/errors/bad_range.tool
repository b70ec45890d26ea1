tool t {
    a: int(1...5)
}
tool u {
    b: int(5..1)
    c: int(1.5..2)
    d: string(1..3)
}
slot n = int(1..)
