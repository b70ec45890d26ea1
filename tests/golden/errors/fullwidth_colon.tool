tool get_weather {
    city：string
}
