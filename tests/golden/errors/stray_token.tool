tool t {
    x: int
}
}
slot s = faker.city @
