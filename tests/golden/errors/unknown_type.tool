tool get_weather {
    city: strng
    days: lst[int]
}
