locale zh_CN
tool get_weather "天气" {
    city: string "城市名称" ask "请问您想查询哪个城市？"
    date: date = today
    unit: "celsius" | "fahrenheit" = "celsius"
    days: int(1..7)?
    returns { condition: "晴" | "雨", temp_c: int(-10..40) }
}
slot city = faker.city
scenario s { user "{city}" call get_weather(city=city) }
dataset d { format qwen, opneai
  rm 10 perturb value, wrong_tool }
