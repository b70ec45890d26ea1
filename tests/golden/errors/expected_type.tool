tool get_weather {
    city:
}
