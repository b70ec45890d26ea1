tool t {
    "": string
}
