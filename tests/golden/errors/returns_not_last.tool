tool t {
    returns { ok: bool }
    x: int
}
