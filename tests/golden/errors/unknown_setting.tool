dataset d {
    sft 100
    formats qwen, openai
}
