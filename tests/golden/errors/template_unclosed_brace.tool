scenario s {
    user "查一下{city的天气"
    assistant "好的}"
}
