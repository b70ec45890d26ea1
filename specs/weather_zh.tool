# 天气与时间（中文）：单次调用、多天预报、单位、缺参澄清、并行比较、多轮追问、时区映射。
# 用户问的是“是/否”或“哪个”时（会下雨吗、要带伞吗、冷不冷、哪边更暖和、白天还是晚上），场景单独拆出，
# 回复按结果分支（assistant case），先回答问题本身，再给数字。结果里的英文代码一律换成中文（cond_zh 等）。

locale zh_CN
import "tools_travel.tool"
import "slots_zh.tool"

slot zh_unit  = { "华氏度": "fahrenheit", "华氏": "fahrenheit", "摄氏度": "celsius", "摄氏": "celsius" }
# 降水的说法：下雪、下雨夹雪，别的都是下雨
slot precip_zh = { "snow": "雪", "sleet": "雨夹雪", "*": "雨" }
slot zh_ndays = { "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "3": 3, "5": 5, "7": 7 }
slot zh_tz    = { "北京": "Asia/Shanghai", "上海": "Asia/Shanghai", "东京": "Asia/Tokyo", "大阪": "Asia/Tokyo",
                  "首尔": "Asia/Seoul", "新加坡": "Asia/Singapore", "曼谷": "Asia/Bangkok", "迪拜": "Asia/Dubai",
                  "新德里": "Asia/Kolkata", "孟买": "Asia/Kolkata", "加德满都": "Asia/Kathmandu", "莫斯科": "Europe/Moscow",
                  "伦敦": "Europe/London", "巴黎": "Europe/Paris", "柏林": "Europe/Berlin", "罗马": "Europe/Rome",
                  "马德里": "Europe/Madrid", "伊斯坦布尔": "Europe/Istanbul", "开罗": "Africa/Cairo",
                  "约翰内斯堡": "Africa/Johannesburg", "纽约": "America/New_York", "洛杉矶": "America/Los_Angeles",
                  "芝加哥": "America/Chicago", "丹佛": "America/Denver", "多伦多": "America/Toronto",
                  "温哥华": "America/Vancouver", "墨西哥城": "America/Mexico_City", "圣保罗": "America/Sao_Paulo",
                  "布宜诺斯艾利斯": "America/Argentina/Buenos_Aires", "悉尼": "Australia/Sydney",
                  "珀斯": "Australia/Perth", "奥克兰": "Pacific/Auckland", "檀香山": "Pacific/Honolulu",
                  "香港": "Asia/Hong_Kong", "台北": "Asia/Taipei", "雅加达": "Asia/Jakarta", "河内": "Asia/Ho_Chi_Minh" }

# ------------------------------------------------------------------------------------------ 天气：一般询问

scenario zh.weather.single weight 4 {
    user "查一下{zh_city}的天气"
       | "{zh_city}{zh_day}天气怎么样？"
       | "帮我看看{zh_day}{zh_city}的天气[，谢谢]"
       | "(请问|想问一下){zh_city}[{zh_day}]的天气预报"
       | "我{zh_day}要去{zh_city}，那边天气如何？"
       | "{zh_city}天气"
       | "(帮我|麻烦)查查{zh_city}{zh_day}的(天气|气温)"
       | "{zh_city}[{zh_day}](是晴天还是雨天|天气好吗)？"
       | "(告诉我|说说){zh_city}的天气情况"
       | "{zh_day}{zh_city}的气温多少度？"
       | "我在{zh_city}，{zh_day}天气怎样？"
    call get_weather(city=zh_city, date=zh_day) -> w
    assistant "{zh_city}{w.forecast[0].date}{cond_zh[w.forecast[0].condition]}，气温{w.forecast[0].temp_low}～{w.forecast[0].temp_high}℃，降水概率{w.forecast[0].precip_chance}%。"
            | "{zh_city}的天气：{cond_zh[w.forecast[0].condition]}，最高{w.forecast[0].temp_high}℃，最低{w.forecast[0].temp_low}℃，湿度{w.forecast[0].humidity}%。"
            | "查到了：{zh_city}{cond_zh[w.forecast[0].condition]}，气温{w.forecast[0].temp_low}到{w.forecast[0].temp_high}℃，风速约{w.forecast[0].wind_kph}公里/小时。"
}

# ------------------------------------------------------------------------------------------ 天气：是/否问题

scenario zh.weather.rain weight 3 {
    user "{zh_day}{zh_city}会下雨吗？"
       | "[请问]{zh_day}去{zh_city}需要带伞吗？"
       | "{zh_city}[{zh_day}]要不要带伞？"
       | "{zh_city}{zh_day}下雨吗？"
       | "{zh_day}{zh_city}会不会下雨[啊]？"
       | "出门去{zh_city}，{zh_day}得带伞吗？"
    call get_weather(city=zh_city, date=zh_day) -> w
    assistant case {
        when w.forecast[0].condition == "snow":
            "会下雪，记得带伞、注意保暖：{zh_city}降水概率{w.forecast[0].precip_chance}%，最低{w.forecast[0].temp_low}℃。"
        when w.forecast[0].condition == "sleet":
            "会下雨夹雪，记得带伞、注意保暖：{zh_city}降水概率{w.forecast[0].precip_chance}%，最低{w.forecast[0].temp_low}℃。"
        when w.forecast[0].precip_chance >= 50:
            "会下雨，记得带伞：{zh_city}{cond_zh[w.forecast[0].condition]}，降水概率{w.forecast[0].precip_chance}%。"
          | "需要带伞。{zh_city}预计{cond_zh[w.forecast[0].condition]}，降水概率{w.forecast[0].precip_chance}%。"
        when w.forecast[0].precip_chance >= 30 and w.forecast[0].temp_high <= 1:
            "可能会下雪：{zh_city}{cond_zh[w.forecast[0].condition]}，降水概率{w.forecast[0].precip_chance}%，最高只有{w.forecast[0].temp_high}℃，注意保暖。"
        when w.forecast[0].precip_chance >= 30:
            "可能会下雨：{zh_city}{cond_zh[w.forecast[0].condition]}，降水概率{w.forecast[0].precip_chance}%，建议带把伞以防万一。"
        else:
            "不会下雨，不用带伞：{zh_city}{cond_zh[w.forecast[0].condition]}，降水概率只有{w.forecast[0].precip_chance}%。"
          | "不用带伞。{zh_city}{cond_zh[w.forecast[0].condition]}，降水概率{w.forecast[0].precip_chance}%，气温{w.forecast[0].temp_low}～{w.forecast[0].temp_high}℃。"
    }
}

scenario zh.weather.cold weight 2 {
    user "{zh_city}{zh_day}冷不冷？[要不要穿外套？]"
       | "{zh_day}去{zh_city}要穿厚衣服吗？"
       | "{zh_city}[{zh_day}]冷吗？"
       | "{zh_day}{zh_city}需要穿外套吗？"
    call get_weather(city=zh_city, date=zh_day) -> w
    # 冷而且很可能下雨（雪）的天也要说出来，和热天一样
    assistant case {
        when w.forecast[0].temp_low <= 5 and w.forecast[0].precip_chance >= 60:
            "挺冷的，而且多半会下{precip_zh[w.forecast[0].condition]}：{zh_city}最低{w.forecast[0].temp_low}℃，{cond_zh[w.forecast[0].condition]}，降水概率{w.forecast[0].precip_chance}%，穿厚外套，记得带伞。"
        when w.forecast[0].temp_low <= 12 and w.forecast[0].precip_chance >= 60:
            "有点凉，而且多半会下雨：{zh_city}气温{w.forecast[0].temp_low}～{w.forecast[0].temp_high}℃，{cond_zh[w.forecast[0].condition]}，降水概率{w.forecast[0].precip_chance}%，加件外套，记得带伞。"
        when w.forecast[0].temp_low <= 5:
            "挺冷的：{zh_city}最低{w.forecast[0].temp_low}℃，最高{w.forecast[0].temp_high}℃，建议穿厚外套或羽绒服。"
        when w.forecast[0].temp_low <= 12:
            "有点凉：{zh_city}气温{w.forecast[0].temp_low}～{w.forecast[0].temp_high}℃，早晚最好加件外套。"
        else:
            "不冷：{zh_city}最低也有{w.forecast[0].temp_low}℃，最高{w.forecast[0].temp_high}℃，穿薄一点就行。"
    }
}

scenario zh.weather.hot weight 2 {
    user "{zh_day}{zh_city}热不热？"
       | "{zh_city}[{zh_day}]会很热吗？"
       | "{zh_day}去{zh_city}要不要穿短袖？"
    call get_weather(city=zh_city, date=zh_day) -> w
    # 热但很可能下雨的天要说出来：最高30℃、雷阵雨概率91%，只说“注意防暑”就漏了雨
    assistant case {
        when w.forecast[0].temp_high >= 25 and w.forecast[0].precip_chance >= 60:
            "挺热，而且多半会下雨：{zh_city}最高{w.forecast[0].temp_high}℃，{cond_zh[w.forecast[0].condition]}，降水概率{w.forecast[0].precip_chance}%，穿短袖，记得带伞。"
        when w.forecast[0].temp_high >= 30:
            "很热：{zh_city}最高{w.forecast[0].temp_high}℃，注意防暑，多喝水。"
        when w.forecast[0].temp_high >= 25:
            "有点热：{zh_city}最高{w.forecast[0].temp_high}℃，可以穿短袖。"
        when w.forecast[0].temp_high >= 18 and w.forecast[0].precip_chance >= 60:
            "不算热，而且多半会下雨：{zh_city}最高{w.forecast[0].temp_high}℃，{cond_zh[w.forecast[0].condition]}，降水概率{w.forecast[0].precip_chance}%，穿件薄外套，记得带伞。"
        when w.forecast[0].temp_high >= 18:
            "不算热：{zh_city}最高{w.forecast[0].temp_high}℃，最低{w.forecast[0].temp_low}℃，白天短袖可以，早晚加件薄外套。"
        when w.forecast[0].temp_high >= 10:
            "不热：{zh_city}最高只有{w.forecast[0].temp_high}℃，最低{w.forecast[0].temp_low}℃，穿短袖会冷，带件外套吧。"
        else:
            "不热，还挺冷：{zh_city}最高只有{w.forecast[0].temp_high}℃，最低{w.forecast[0].temp_low}℃，要穿厚外套，注意保暖。"
    }
}

scenario zh.weather.outing weight 2 {
    user "{zh_city}{zh_day}适合出门吗？"
       | "{zh_day}在{zh_city}适合户外活动吗？"
       | "{zh_day}去{zh_city}爬山，天气合适吗？"
    call get_weather(city=zh_city, date=zh_day) -> w
    assistant case {
        when w.forecast[0].precip_chance >= 50:
            "不太适合：{zh_city}{cond_zh[w.forecast[0].condition]}，降水概率{w.forecast[0].precip_chance}%，户外活动建议改期。"
        when w.forecast[0].temp_high >= 33 or w.forecast[0].temp_high <= 0:
            "不太适合：{zh_city}最高{w.forecast[0].temp_high}℃，最低{w.forecast[0].temp_low}℃，在户外待久了会不舒服。"
        # 有雾、小雨或降水概率不低：算不上“适合出门”
        when w.forecast[0].precip_chance >= 30 or w.forecast[0].condition in ["fog", "light rain", "sleet", "snow", "thunderstorms", "heavy rain"]:
            "可以去，但要有备选：{zh_city}{cond_zh[w.forecast[0].condition]}，降水概率{w.forecast[0].precip_chance}%，气温{w.forecast[0].temp_low}～{w.forecast[0].temp_high}℃，最好准备个室内方案。"
        when w.forecast[0].temp_high <= 10:
            "可以出门，但比较冷：{zh_city}{cond_zh[w.forecast[0].condition]}，气温{w.forecast[0].temp_low}～{w.forecast[0].temp_high}℃，降水概率{w.forecast[0].precip_chance}%，注意保暖。"
        else:
            "适合出门：{zh_city}{cond_zh[w.forecast[0].condition]}，气温{w.forecast[0].temp_low}～{w.forecast[0].temp_high}℃，降水概率{w.forecast[0].precip_chance}%。"
    }
}

# ------------------------------------------------------------------------------------------ 多天预报、单位

scenario zh.weather.forecast weight 2 {
    user "{zh_city}未来{zh_ndays}天的天气怎么样？"
       | "帮我查查{zh_city}接下来{zh_ndays}天的天气预报"
       | "看一下未来{zh_ndays}天{zh_city}的气温变化"
       | "{zh_city}这{zh_ndays}天天气如何[？]"
    call get_weather(city=zh_city, days=zh_ndays) -> w
    assistant "{zh_city}未来{len(w.forecast)}天：最高气温{max(w.forecast, temp_high).temp_high}℃（{max(w.forecast, temp_high).date}），最低气温{min(w.forecast, temp_low).temp_low}℃（{min(w.forecast, temp_low).date}）；第一天{cond_zh[w.forecast[0].condition]}，最后一天{cond_zh[w.forecast[-1].condition]}。"
            | "已查到{zh_city}{len(w.forecast)}天的预报，首日{cond_zh[w.forecast[0].condition]}，{w.forecast[0].temp_low}～{w.forecast[0].temp_high}℃；期间最高{max(w.forecast, temp_high).temp_high}℃，最低{min(w.forecast, temp_low).temp_low}℃。"
            | "{zh_city}未来{len(w.forecast)}天逐日预报：{for d in w.forecast}\n- {d.date}：{cond_zh[d.condition]}，{d.temp_low}～{d.temp_high}℃，降水概率{d.precip_chance}%{endfor}"
}

scenario zh.weather.forecast_rain {
    user "{zh_city}未来{zh_ndays}天会下雨吗？"
       | "接下来{zh_ndays}天{zh_city}有没有雨？"
       | "看一下未来{zh_ndays}天{zh_city}会不会下雨"
    call get_weather(city=zh_city, days=zh_ndays) -> w
    assistant case {                              # 降水最多的那天若是雪或雨夹雪，就照实说，不说“下雨”
        when max(w.forecast, precip_chance).condition == "snow":
            "会下雪：{max(w.forecast, precip_chance).date}降水概率{max(w.forecast, precip_chance).precip_chance}%，那天出门记得带伞、注意保暖。"
        when max(w.forecast, precip_chance).condition == "sleet":
            "会下雨夹雪：{max(w.forecast, precip_chance).date}降水概率{max(w.forecast, precip_chance).precip_chance}%，那天出门记得带伞、注意保暖。"
        when max(w.forecast, precip_chance).precip_chance >= 50:
            "会下雨：{max(w.forecast, precip_chance).date}降水概率{max(w.forecast, precip_chance).precip_chance}%（{cond_zh[max(w.forecast, precip_chance).condition]}），那天出门记得带伞。"
        when max(w.forecast, precip_chance).precip_chance >= 30 and max(w.forecast, precip_chance).temp_high <= 1:
            "可能会下雪：降水概率最高的是{max(w.forecast, precip_chance).date}，为{max(w.forecast, precip_chance).precip_chance}%，当天最高只有{max(w.forecast, precip_chance).temp_high}℃，注意保暖。"
        when max(w.forecast, precip_chance).precip_chance >= 30:
            "可能会有雨：降水概率最高的是{max(w.forecast, precip_chance).date}，为{max(w.forecast, precip_chance).precip_chance}%，其余几天概率更低。"
        else:
            "不会下雨：未来{len(w.forecast)}天降水概率最高只有{max(w.forecast, precip_chance).precip_chance}%。"
    }
}

scenario zh.weather.unit {
    user "用{zh_unit}告诉我{zh_city}[{zh_day}]的气温"
       | "{zh_city}{zh_day}多少度？用{zh_unit}表示"
       | "查一下{zh_city}的温度，单位用{zh_unit}"
       | "{zh_day}{zh_city}气温是多少{zh_unit}？"
    call get_weather(city=zh_city, date=zh_day, unit=zh_unit) -> w
    assistant case {
        when w.unit == "fahrenheit":
            "{zh_city}最高{w.forecast[0].temp_high}℉，最低{w.forecast[0].temp_low}℉，{cond_zh[w.forecast[0].condition]}。"
          | "按华氏度计算，{zh_city}气温在{w.forecast[0].temp_low}到{w.forecast[0].temp_high}℉之间。"
        else:
            "{zh_city}最高{w.forecast[0].temp_high}℃，最低{w.forecast[0].temp_low}℃，{cond_zh[w.forecast[0].condition]}。"
          | "按摄氏度计算，{zh_city}气温在{w.forecast[0].temp_low}到{w.forecast[0].temp_high}℃之间。"
    }
}

# ------------------------------------------------------------------------------------------ 缺城市：编译器插入 ask 提问

scenario zh.weather.vague weight 2 {
    user "{zh_day}天气怎么样？"
       | "帮我查一下天气"
       | "查查天气预报"
       | "出门前想看看{zh_day}的天气"
       | "(帮我|麻烦)看看{zh_day}的天气预报"
       | "[想知道]{zh_day}天气(好吗|如何)"
       | "天气怎么样？"
       | "我想查天气[，谢谢]"
    call get_weather(city=zh_city, date=zh_day) -> w
    assistant "{zh_city}{cond_zh[w.forecast[0].condition]}，最高气温{w.forecast[0].temp_high}℃，最低{w.forecast[0].temp_low}℃，降水概率{w.forecast[0].precip_chance}%。"
            | "好的，{zh_city}{cond_zh[w.forecast[0].condition]}，气温{w.forecast[0].temp_low}～{w.forecast[0].temp_high}℃。"
}

scenario zh.weather.vague_rain {
    user "[请问]{zh_day}会下雨吗？"
       | "{zh_day}需要带伞吗？"
       | "{zh_day}要不要带伞？"
    call get_weather(city=zh_city, date=zh_day) -> w
    assistant case {
        when w.forecast[0].condition in ["snow", "sleet"]:
            "要带伞、注意保暖：{zh_city}预计{cond_zh[w.forecast[0].condition]}，降水概率{w.forecast[0].precip_chance}%。"
        when w.forecast[0].precip_chance >= 50:
            "会下雨，记得带伞：{zh_city}{cond_zh[w.forecast[0].condition]}，降水概率{w.forecast[0].precip_chance}%。"
        when w.forecast[0].precip_chance >= 30 and w.forecast[0].temp_high <= 1:
            "可能会下雪：{zh_city}降水概率{w.forecast[0].precip_chance}%，最高只有{w.forecast[0].temp_high}℃，注意保暖。"
        when w.forecast[0].precip_chance >= 30:
            "可能会下雨：{zh_city}降水概率{w.forecast[0].precip_chance}%，建议带把伞。"
        else:
            "不会下雨，不用带伞：{zh_city}{cond_zh[w.forecast[0].condition]}，降水概率{w.forecast[0].precip_chance}%。"
    }
}

# ------------------------------------------------------------------------------------------ 两地比较、追问

scenario zh.weather.compare {
    user "比较一下{zh_city as a}和{zh_city as b}的天气"
       | "帮我同时查一下{zh_city as a}、{zh_city as b}[{zh_day}]的天气"
       | "{zh_city as a}跟{zh_city as b}{zh_day}天气(怎么样|如何)？"
    call get_weather(city=a, date=zh_day) -> wa & get_weather(city=b, date=zh_day) -> wb
    assistant "{a}：{cond_zh[wa.forecast[0].condition]}，{wa.forecast[0].temp_low}～{wa.forecast[0].temp_high}℃，降水概率{wa.forecast[0].precip_chance}%；{b}：{cond_zh[wb.forecast[0].condition]}，{wb.forecast[0].temp_low}～{wb.forecast[0].temp_high}℃，降水概率{wb.forecast[0].precip_chance}%。"
}

scenario zh.weather.warmer weight 2 {
    user "{zh_day}{zh_city as a}和{zh_city as b}哪边更暖和？"
       | "{zh_city as a}和{zh_city as b}[{zh_day}]哪个城市更暖和？"
       | "{zh_day}去{zh_city as a}还是{zh_city as b}？哪边暖和一点？"
    call get_weather(city=a, date=zh_day) -> wa & get_weather(city=b, date=zh_day) -> wb
    # 以全天平均（(最低 + 最高) / 2）高出至少1℃为准；只是最高气温高一点不算更暖和
    assistant case {
        when wa.forecast[0].temp_high + wa.forecast[0].temp_low >= wb.forecast[0].temp_high + wb.forecast[0].temp_low + 2:
            "{a}更暖和：{a}{wa.forecast[0].temp_low}～{wa.forecast[0].temp_high}℃，{b}{wb.forecast[0].temp_low}～{wb.forecast[0].temp_high}℃。"
        when wb.forecast[0].temp_high + wb.forecast[0].temp_low >= wa.forecast[0].temp_high + wa.forecast[0].temp_low + 2:
            "{b}更暖和：{b}{wb.forecast[0].temp_low}～{wb.forecast[0].temp_high}℃，{a}{wa.forecast[0].temp_low}～{wa.forecast[0].temp_high}℃。"
        else:
            "两地差不多：{a}{wa.forecast[0].temp_low}～{wa.forecast[0].temp_high}℃，{b}{wb.forecast[0].temp_low}～{wb.forecast[0].temp_high}℃。"
    }
}

scenario zh.weather.followup weight 2 {
    user "{zh_city as a}{zh_day}天气怎么样？"
       | "查一下{zh_city as a}[{zh_day}]的天气"
    call get_weather(city=a, date=zh_day) -> w1
    assistant "{a}{cond_zh[w1.forecast[0].condition]}，最高{w1.forecast[0].temp_high}℃，最低{w1.forecast[0].temp_low}℃，降水概率{w1.forecast[0].precip_chance}%。"
    user "那{zh_city as b}呢？"
       | "{zh_city as b}呢？"
       | "再帮我看看{zh_city as b}"
       | "换成{zh_city as b}呢"
    call get_weather(city=b, date=zh_day) -> w2
    assistant "{b}{cond_zh[w2.forecast[0].condition]}，最高{w2.forecast[0].temp_high}℃，最低{w2.forecast[0].temp_low}℃，降水概率{w2.forecast[0].precip_chance}%。"
}

scenario zh.weather.thanks {
    user "{zh_city}[{zh_day}]天气怎么样？"
       | "帮我查下{zh_city}的天气"
    call get_weather(city=zh_city, date=zh_day) -> w
    assistant "{zh_city}{cond_zh[w.forecast[0].condition]}，气温{w.forecast[0].temp_low}～{w.forecast[0].temp_high}℃，降水概率{w.forecast[0].precip_chance}%。"
    user "好的，谢谢！" | "知道了，多谢" | "谢啦" | "明白了，辛苦了"
    assistant "不客气！出门注意看天。" | "不客气，祝您出行愉快！" | "随时为您服务。"
}

# ------------------------------------------------------------------------------------------ 时间

scenario zh.time.zone weight 2 {
    user "{zh_tz}现在几点了？"
       | "现在{zh_tz}是几点？"
       | "帮我看看{zh_tz}的当地时间"
       | "{zh_tz}那边现在是什么时间[？]"
       | "我朋友在{zh_tz}，他那里现在几点？"
       | "(查一下|告诉我){zh_tz}的时间"
       | "[请问]{zh_tz}时间现在是多少？"
       | "{zh_tz}今天几号了？"
       | "我要给{zh_tz}的同事打电话，那边几点了？"
       | "{zh_tz}当地时间[是]多少？"
    call get_current_time(timezone=zh_tz) -> t
    assistant "{zh_tz}现在是{t.local_time}，当地日期{t.date}（{weekday_zh[t.weekday]}）。"
            | "当前{zh_tz}时间为{t.date} {t.local_time}，{weekday_zh[t.weekday]}，UTC{t.utc_offset}。"
}

scenario zh.time.daynight {
    user "{zh_tz}现在是白天还是晚上？"
       | "{zh_tz}那边现在天亮了吗？"
       | "现在给{zh_tz}的朋友打电话，他那边是白天还是晚上？"
    call get_current_time(timezone=zh_tz) -> t
    assistant case {                              # 5点前各地都是夜里；5点到6点夏天天刚亮，冬天还黑着
        when t.local_time >= "06:00" and t.local_time < "18:00": "{zh_tz}现在是白天，当地时间{t.local_time}。"
        when t.local_time >= "18:00": "{zh_tz}现在是晚上，当地时间{t.local_time}。"
        when t.local_time >= "05:00": "{zh_tz}现在是清晨，当地时间{t.local_time}，夏天这时天刚亮，冬天天还黑着。"
        else: "{zh_tz}现在是凌晨，当地时间{t.local_time}，天还没亮。"
    }
}

# 系统提示里写着今天的日期：问日期时直接读提示，不调用工具（星期和时间提示里没有，下面调用 get_current_time）
scenario zh.date.today {
    tools get_current_time
    user "今天几号[了]？" | "[请问]今天是几月几号？" | "今天是几号？" | "今天的日期是多少？" | "今天是哪一天？"
       | "你知道今天几号吗？" | "告诉我今天的日期"
    assistant "今天是{today}。" | "今天的日期是{today}。"
}

scenario zh.time.local weight 2 {
    user "现在几点了？"
       | "几点了[？]"
       | "告诉我现在的时间"
       | "现在是什么时间[？]"
       | "(查一下|看看)现在的时间"
       | "现在几点钟[了]？"
       | "今天星期几？"
       | "帮我看(一下|看)时间"
       | "我这里现在几点了？"
       | "当前时间是多少？"
    call get_current_time() -> t
    assistant "现在是{t.date}（{weekday_zh[t.weekday]}）{t.local_time}。" | "当前时间：{t.date} {t.local_time}，{weekday_zh[t.weekday]}。"
}

scenario zh.time.compare {
    user "{zh_tz as x}和{zh_tz as y}现在各是几点？"
       | "帮我看看{zh_tz as x}、{zh_tz as y}两地的当前时间"
       | "现在{zh_tz as x}几点？{zh_tz as y}呢？"
    call get_current_time(timezone=x) -> tx & get_current_time(timezone=y) -> ty
    assistant "{x}现在是{tx.date} {tx.local_time}（UTC{tx.utc_offset}），{y}现在是{ty.date} {ty.local_time}（UTC{ty.utc_offset}）。"
}

# ------------------------------------------------------------------------------------------ 工具报错与多轮会话

slot zh_farday = { "三周后": +21d, "20天后": +20d, "一个月后": +30d, "25天后": +25d, "16天后": +16d, "下个月这个时候": +30d }
slot zh_tomorrow = { "明天": +1d }
# 时区缩写（不是 IANA 名称，工具会报错）及其对应的时区
slot zh_tzabbr = { "EST": "America/New_York", "PST": "America/Los_Angeles", "JST": "Asia/Tokyo", "CET": "Europe/Paris",
                   "GMT": "Etc/GMT", "AEST": "Australia/Sydney", "KST": "Asia/Seoul", "MST": "America/Denver",
                   "HKT": "Asia/Hong_Kong", "SGT": "Asia/Singapore" }
slot zh_cst    = { "美国中部时间": "America/Chicago", "芝加哥那边的时间": "America/Chicago", "美国的": "America/Chicago",
                   "中国标准时间": "Asia/Shanghai", "北京时间": "Asia/Shanghai", "中国的": "Asia/Shanghai" }

# 报错：日期超出预报范围，助手解释原因，并提供未来一周的预报。
scenario zh.weather.too_far {
    user "{zh_farday}{zh_city}天气怎么样？"
       | "帮我查一下{zh_city}{zh_farday}的天气"
       | "我{zh_farday}要去{zh_city}，那时候天气如何？"
    call get_weather(city=zh_city, date=zh_farday) -> w fails too_far
    assistant "抱歉，天气预报最多只能查到14天以内，{zh_farday}的{zh_city}天气暂时还查不到，建议临近出发时再查。要不要先看看未来一周的天气？"
            | "这个日期太远了：天气服务只提供14天以内的预报。可以等日子近一些再帮您查{zh_city}，或者现在先看看未来7天的情况？"
    user "好的，看看未来一周吧" | "那先查未来7天的" | "行，给我看看接下来一周的。"
    call get_weather(city=zh_city, days=7) -> w2
    assistant "{zh_city}未来7天：最热是{max(w2.forecast, temp_high).date}，最高{max(w2.forecast, temp_high).temp_high}℃；最冷是{min(w2.forecast, temp_low).date}，最低{min(w2.forecast, temp_low).temp_low}℃；降水概率最高的是{max(w2.forecast, precip_chance).date}（{max(w2.forecast, precip_chance).precip_chance}%）。"
}

# 报错：天气服务暂时不可用，助手说明情况，用户要求后重试。
scenario zh.weather.unavailable {
    user "{zh_city}{zh_day}天气怎么样？" | "查一下{zh_city}[{zh_day}]的天气"
    call get_weather(city=zh_city, date=zh_day) -> w fails unavailable 100%
    assistant "抱歉，天气服务暂时没有响应，没能查到{zh_city}的天气。要我再试一次吗？"
            | "天气服务现在暂时不可用，这次没查到。需要我重试一下吗？"
    user "好，再试一次" | "麻烦再查一下。" | "再试试吧。"
    call get_weather(city=zh_city, date=zh_day) -> w2
    assistant "这次查到了：{zh_city}{cond_zh[w2.forecast[0].condition]}，气温{w2.forecast[0].temp_low}～{w2.forecast[0].temp_high}℃，降水概率{w2.forecast[0].precip_chance}%。"
}

# 多轮会话：先查三天预报，“明天呢？”直接根据这条结果回答（不再调用），再问另一个城市。
# （每个城市只调用一次：同一城市同一天调用两次会得到两份不同的预报。）
scenario zh.weather.session weight 2 {
    user "{zh_city}未来三天天气怎么样？" | "帮我查一下{zh_city}接下来3天的天气" | "{zh_city}这三天的天气预报"
    call get_weather(city=zh_city, days=3) -> w
    assistant "{zh_city}未来三天：{w.forecast[0].date}{cond_zh[w.forecast[0].condition]}，{w.forecast[0].temp_low}～{w.forecast[0].temp_high}℃；{w.forecast[1].date}{cond_zh[w.forecast[1].condition]}，{w.forecast[1].temp_low}～{w.forecast[1].temp_high}℃；{w.forecast[2].date}{cond_zh[w.forecast[2].condition]}，{w.forecast[2].temp_low}～{w.forecast[2].temp_high}℃。"
    user "那明天出门要带伞吗？" | "明天需要带伞吗？" | "明天要不要带伞？"
    assistant case {
        when w.forecast[1].precip_chance >= 50: "要带伞：明天降水概率{w.forecast[1].precip_chance}%，预计{cond_zh[w.forecast[1].condition]}。"
        when w.forecast[1].precip_chance >= 30 and w.forecast[1].temp_high <= 1:
            "可能会下雪，明天降水概率{w.forecast[1].precip_chance}%，最高只有{w.forecast[1].temp_high}℃，注意保暖。"
        when w.forecast[1].precip_chance >= 30: "可能会下雨，明天降水概率{w.forecast[1].precip_chance}%，带把小伞比较稳妥。"
        else: "不用带伞，明天降水概率只有{w.forecast[1].precip_chance}%。"
    }
    user "那{zh_city as b}{zh_tomorrow}呢？" | "{zh_city as b}{zh_tomorrow}天气怎么样？" | "再看看{zh_city as b}{zh_tomorrow}的天气"
    call get_weather(city=b, date=zh_tomorrow) -> wb
    assistant "{b}明天{cond_zh[wb.forecast[0].condition]}，气温{wb.forecast[0].temp_low}～{wb.forecast[0].temp_high}℃，降水概率{wb.forecast[0].precip_chance}%。"
}

# 报错后修正参数重试：时区缩写不是 IANA 名称，工具的报错信息给出了正确写法。
scenario zh.time.abbrev weight 2 {
    user "现在{zh_tzabbr}时间几点？" | "{zh_tzabbr}现在是几点？" | "帮我看看{zh_tzabbr}的当前时间"
    call get_current_time(timezone=zh_tzabbr.text) fails unknown_zone
    call get_current_time(timezone=zh_tzabbr) -> t
    assistant "{zh_tzabbr}（{t.timezone}）现在是{t.local_time}，日期{t.date}，{weekday_zh[t.weekday]}。"
            | "现在是{zh_tzabbr}时间{t.local_time}（{t.date}，{weekday_zh[t.weekday]}）。"
}

# 报错后向用户确认：CST 有歧义。
scenario zh.time.ambiguous {
    user "现在CST几点？" | "CST时间现在是多少？" | "帮我查一下CST的当前时间"
    call get_current_time(timezone="CST") fails unknown_zone
    ask "CST既可以指美国中部时间，也可以指中国标准时间，您指的是哪一个？" | "您说的CST是美国中部时间还是中国标准时间？"
    user "{zh_cst}" | "我说的是{zh_cst}。" | "{zh_cst}吧。"
    call get_current_time(timezone=zh_cst) -> t
    assistant "那边现在是{t.local_time}，日期{t.date}，{weekday_zh[t.weekday]}（{t.timezone}，UTC{t.utc_offset}）。"
}

# 这些行里没有提供任务需要的工具（也没有能查到的工具）：助手说明做不到，不调用工具。提供了该工具时，同样的拒绝是错的
# （RM `needless_refusal`：只有提供的工具和调用能区分两者）。
scenario zh.refuse.no_weather {
    tools calculate, translate_text
    withhold get_weather, web_search
    user "{zh_city}{zh_day}天气怎么样？" | "{zh_city}{zh_day}会下雨吗？" | "帮我查查{zh_city}的天气预报"
       | "{zh_day}去{zh_city}要带外套吗？"
    refuse "抱歉，这里我查不了天气：现在可用的工具都不能查询天气预报。"
         | "这次对话里我没有查天气的工具，没法告诉您天气情况。"
        pretend "{zh_city}(晴|多云|小雨)，(最高8℃，最低2℃|最高14℃，最低6℃|最高19℃，最低11℃|最高23℃，最低15℃)。"
            | "{zh_city}的天气预报：(晴转多云|多云|午后有小雨)，(最高14℃，最低6℃|最高19℃，最低11℃)，降水概率20%，微风，总体比较舒适。"
}

scenario zh.refuse.no_time {
    tools calculate, get_weather
    withhold get_current_time, web_search, run_command    # 命令行也能查时间（`TZ=Asia/Tokyo date`）
    user "{zh_tz}现在几点了？" | "帮我看看{zh_tz}的当地时间" | "我朋友在{zh_tz}，他那里现在几点？"
    refuse "抱歉，这里我查不了其他地方的时间：现有的工具都不能查询时间。"
         | "这次对话里我没有查询时间或时区的工具，没法告诉您那边的当地时间。"
        pretend "{zh_tz}现在是(上午9点15分|下午2点40分|晚上9点05分|早上6点50分)。"
            | "{zh_tz}当地现在是(上午9点15分|下午2点40分|晚上9点05分)，今天是(星期一|星期三|星期六)，和北京时间有几个小时的时差。"
}
