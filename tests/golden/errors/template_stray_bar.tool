scenario s {
    user "查一下{city}的天气|{city}天气怎么样"
}
