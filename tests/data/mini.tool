# A small but complete spec used by the compiler tests: every language feature appears once.
locale zh_CN

tool get_weather "查询指定城市某天的天气" {
    city: string "城市名称" ask "请问您想查询哪个城市？"
    date: date = today "日期，YYYY-MM-DD"
    unit: "celsius" | "fahrenheit" = "celsius"
    returns {
        condition: "晴" | "多云" | "小雨"
        temp_c: int(-10..40)
    }
}

tool search_restaurants "搜索某地的餐厅" {
    location: string "地点"
    cuisine: string? "菜系"
    sort_by: "rating" | "distance" = "rating"
    limit: int(1..20)?
    filter: { min_rating: float(0..5)?, open_now: bool? }?
    returns list[{ name: string = faker.company, rating: float(3.0..5.0) }](2..4)
}

tool convert_currency "货币换算" {
    amount: float(0..) "金额"
    from_currency: "CNY" | "USD" | "EUR"
    to_currency: "CNY" | "USD" | "EUR"
    returns { result: float }
}

slot city    = faker.city
slot day     = { "今天": +0d, "明天": +1d, "后天": +2d }
slot cuisine = "川菜" | "粤菜" | "日料" | "湘菜" | "东北菜"
slot n       = int(1..10)
slot amount  = int(1..500)
slot cur     = { "人民币": "CNY", "美元": "USD", "欧元": "EUR" }

scenario weather.single weight 2 {
    user "查一下{city}的天气" | "{city}{day}天气怎么样？" | "帮我看看{day}{city}的天气[，谢谢]" | "(请问|麻烦问下){city}天气如何"
    call get_weather(city=city, date=day) -> w
    assistant "{city}{w.condition}，{w.temp_c}℃。"
}

scenario weather.vague {
    user "帮我查一下天气" | "天气怎么样？"
    call get_weather(city=city)
    assistant "好的，已为您查询。"
}

scenario weather.compare {
    user "比较一下{city as a}和{city as b}的天气" | "{city as a}和{city as b}哪个更暖和？"
    call get_weather(city=a) & get_weather(city=b)
    assistant "已为您比较两地天气。"
}

scenario trip.plan {
    tools convert_currency
    user "{city}今天适合出门吗？顺便推荐几家{cuisine}餐厅" | "去{city}玩，天气如何？有什么{cuisine}推荐"
    call get_weather(city=city) -> w
    call search_restaurants(location=city, cuisine=cuisine, limit=n, filter.open_now=true) -> r
    assistant "{city}今天{w.condition}。推荐您去{r[0].name}。"
    user "那第二家呢？" | "换一家"
    call search_restaurants(location=r[1].name, sort_by="distance")
    assistant "已为您找到附近的餐厅。"
}

scenario money.convert {
    user "把{amount}{cur}换成{cur as to}" | "{amount}{cur}是多少{cur as to}？" | "帮我算算{amount}{cur}能换多少{cur as to}"
    call convert_currency(amount=amount, from_currency=cur, to_currency=to) -> x
    assistant "{amount}{cur}约合{x.result}{to}。"
}

scenario smalltalk {
    user "给我讲个笑话" | "你是谁？" | "谢谢你"
    assistant "好的，……" | "我是一个可以调用工具的智能助手。"
}

dataset mini {
    system "你是一个可以调用工具的智能助手。今天是{today}。"
    sft 300
    rm 200 perturb value, tool, missing, extra, type, no_call, spurious_call, format, order
    ppo 100
    distractors 0..2
    test 20% holdout templates, values
    format qwen, qwen-fc, openai, openai-functions, alpaca
    seed 7
}
