tool t {
    d: date = tody
    n: 1 | 2.5
}
