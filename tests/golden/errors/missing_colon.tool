tool get_weather {
    city string "城市名称"
}
