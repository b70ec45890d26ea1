# W601: the scenario can make 2 distinct rows; the warning points at it, and a secondary label at `sft 50`
tool greet "say hello" {
    name: string
}
slot name = "Ada" | "Bob"
scenario hello {
    user "say hello to {name}"
    call greet(name=name)
}
dataset d {
    sft 50
    rm 0
    ppo 0
    format openai
}
