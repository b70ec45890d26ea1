dataset d {
    sft 100
