# System prompts follow the conversation's language and state today's date where relative dates are resolved.
locale zh_CN
tool get_weather "Weather" {
    city: string ask "请问哪个城市？"
    date: date = today
    returns { temp: int(0..30) }
}
slot city = "北京" | "上海" | "广州" | "深圳"
slot day = { "今天": +0d, "明天": +1d }
scenario zh.weather {
    user "{city}{day}天气怎么样？"
    call get_weather(city=city, date=day) -> w
    assistant "{city}{w.temp}度。"
}
dataset only_english {
    system en "You are a helpful assistant."
}
dataset no_date {
    system "你是智能助手。"
}
dataset wrong_script {
    system "You are a helpful assistant. Today is {today}."
}
