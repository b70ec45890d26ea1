tool get_weather "查询天气 {
    city: string
}
