scenario s {
    user "查一下{city}"
    call get_weather(city=city
}
