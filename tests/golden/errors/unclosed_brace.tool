tool get_weather "查询天气" {
    city: string "城市名称"
    date: date = today

tool search "搜索" {
    query: string
}
