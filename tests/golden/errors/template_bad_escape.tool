scenario s {
    user "查一下\q{city}的天气"
}
