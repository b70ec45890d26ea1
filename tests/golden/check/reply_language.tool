# One language per conversation: English enum values in a Chinese reply and English template text in a
# Chinese scenario.
locale zh_CN
tool get_weather "Weather" {
    city: string ask "请问哪个城市？"
    returns { condition: "sunny" | "light rain", temp: int(0..30) }
}
slot city = "北京" | "上海" | "广州" | "深圳"
scenario zh.weather {
    user "{city}天气怎么样？"
    call get_weather(city=city) -> w
    assistant "{city}{w.condition}，{w.temp}度。" | "The weather in {city} is nice."
}
