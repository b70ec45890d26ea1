# W602: `r[1]` needs two items, the result list may hold one (or none): such rows are dropped, and the build says so
tool find "find places" {
    q: string
    returns list[{ name: string = faker.company }](0..2)
}
slot q = "cafe" | "bar"
scenario s {
    user "find a {q}"
    call find(q=q) -> r
    assistant "try {r[1].name}"
}
dataset d { sft 20 rm 0 ppo 0 format openai }
