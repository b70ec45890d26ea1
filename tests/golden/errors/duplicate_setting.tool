dataset d {
    sft 100
    seed 1
    sft 200 each
}
