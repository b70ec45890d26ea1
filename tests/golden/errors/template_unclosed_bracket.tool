scenario s {
    user "帮我看看{city}的天气[，谢谢"
}
