# 天气与时间（中文）：单次调用、多天预报、单位、缺参澄清、并行比较、多轮追问、时区映射。

locale zh_CN
import "tools_travel.tool"
import "slots_zh.tool"

slot zh_unit  = { "华氏度": "fahrenheit", "华氏": "fahrenheit", "摄氏度": "celsius", "摄氏": "celsius" }
slot zh_ndays = { "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "3": 3, "5": 5, "7": 7 }
slot zh_tz    = { "北京": "Asia/Shanghai", "上海": "Asia/Shanghai", "东京": "Asia/Tokyo", "大阪": "Asia/Tokyo",
                  "首尔": "Asia/Seoul", "新加坡": "Asia/Singapore", "曼谷": "Asia/Bangkok", "迪拜": "Asia/Dubai",
                  "新德里": "Asia/Kolkata", "莫斯科": "Europe/Moscow", "伦敦": "Europe/London", "巴黎": "Europe/Paris",
                  "柏林": "Europe/Berlin", "罗马": "Europe/Rome", "马德里": "Europe/Madrid", "纽约": "America/New_York",
                  "洛杉矶": "America/Los_Angeles", "芝加哥": "America/Chicago", "多伦多": "America/Toronto",
                  "温哥华": "America/Vancouver", "悉尼": "Australia/Sydney", "奥克兰": "Pacific/Auckland",
                  "圣保罗": "America/Sao_Paulo", "开罗": "Africa/Cairo", "香港": "Asia/Hong_Kong", "台北": "Asia/Taipei" }

scenario zh.weather.single weight 4 {
    user "查一下{zh_city}的天气"
       | "{zh_city}{zh_day}天气怎么样？"
       | "帮我看看{zh_day}{zh_city}的天气[，谢谢]"
       | "{zh_day}{zh_city}会下雨吗？"
       | "(请问|想问一下){zh_city}[{zh_day}]的天气预报"
       | "{zh_city}{zh_day}冷不冷？[要不要穿外套？]"
       | "我{zh_day}要去{zh_city}，那边天气如何？"
       | "{zh_city}天气"
       | "{zh_day}{zh_city}(热不热|晒不晒)？"
       | "(帮我|麻烦)查查{zh_city}{zh_day}的(天气|气温)"
       | "{zh_city}[{zh_day}](是晴天还是雨天|天气好吗)？"
       | "[请问]{zh_day}去{zh_city}需要带伞吗？"
       | "(告诉我|说说){zh_city}的天气情况"
       | "{zh_day}{zh_city}的气温多少度？"
       | "我在{zh_city}，{zh_day}天气怎样？"
       | "{zh_city}{zh_day}适合出门吗？"
    call get_weather(city=zh_city, date=zh_day) -> w
    assistant "{zh_city}最高气温{w.temp_high}℃，最低{w.temp_low}℃，降水概率{w.precip_chance}%。"
            | "{zh_city}的天气：气温{w.temp_low}～{w.temp_high}℃，湿度{w.humidity}%，降水概率{w.precip_chance}%。"
            | "查到了：{zh_city}气温{w.temp_low}到{w.temp_high}℃，降水概率{w.precip_chance}%，风速约{w.wind_kph}公里/小时。"
}

scenario zh.weather.forecast weight 2 {
    user "{zh_city}未来{zh_ndays}天的天气怎么样？"
       | "帮我查查{zh_city}接下来{zh_ndays}天的天气预报"
       | "看一下未来{zh_ndays}天{zh_city}(会不会下雨|的气温变化)"
       | "{zh_city}这{zh_ndays}天天气如何[？]"
    call get_weather(city=zh_city, days=zh_ndays) -> w
    assistant "已查询{zh_city}未来{zh_ndays}天的预报。首日气温{w.temp_low}～{w.temp_high}℃，降水概率{w.precip_chance}%。"
            | "{zh_city}未来{zh_ndays}天预报已获取：第一天最高{w.temp_high}℃，最低{w.temp_low}℃。"
}

scenario zh.weather.unit {
    user "用{zh_unit}告诉我{zh_city}[{zh_day}]的气温"
       | "{zh_city}{zh_day}多少度？用{zh_unit}表示"
       | "查一下{zh_city}的温度，单位用{zh_unit}"
       | "{zh_day}{zh_city}气温是多少{zh_unit}？"
    call get_weather(city=zh_city, date=zh_day, unit=zh_unit) -> w
    assistant "{zh_city}最高{w.temp_high}度，最低{w.temp_low}度（{zh_unit}）。"
            | "按{zh_unit}计算，{zh_city}气温在{w.temp_low}到{w.temp_high}度之间。"
}

# 没有说城市：编译器插入 ask 提问（“请问您想查询哪个城市的天气？”），用户回答城市后再调用。
scenario zh.weather.vague weight 2 {
    user "{zh_day}天气怎么样？"
       | "帮我查一下天气"
       | "[请问]{zh_day}会下雨吗？"
       | "查查天气预报"
       | "出门前想看看{zh_day}的天气"
       | "{zh_day}(冷不冷|热不热)？"
       | "(帮我|麻烦)看看{zh_day}的天气预报"
       | "{zh_day}需要带伞吗？"
       | "[想知道]{zh_day}天气(好吗|如何)"
       | "天气怎么样？"
       | "{zh_day}适合出门吗？"
       | "我想查天气[，谢谢]"
    call get_weather(city=zh_city, date=zh_day) -> w
    assistant "{zh_city}最高气温{w.temp_high}℃，最低{w.temp_low}℃，降水概率{w.precip_chance}%。"
            | "好的，{zh_city}气温{w.temp_low}～{w.temp_high}℃，降水概率{w.precip_chance}%。"
}

scenario zh.weather.compare weight 2 {
    user "比较一下{zh_city as a}和{zh_city as b}的天气"
       | "{zh_day}{zh_city as a}和{zh_city as b}哪边更暖和？"
       | "帮我同时查一下{zh_city as a}、{zh_city as b}[{zh_day}]的天气"
       | "{zh_city as a}跟{zh_city as b}{zh_day}天气(怎么样|如何)？"
    call get_weather(city=a, date=zh_day) -> wa & get_weather(city=b, date=zh_day) -> wb
    assistant "{a}：{wa.temp_low}～{wa.temp_high}℃，降水概率{wa.precip_chance}%；{b}：{wb.temp_low}～{wb.temp_high}℃，降水概率{wb.precip_chance}%。"
            | "{a}最高{wa.temp_high}℃，{b}最高{wb.temp_high}℃。"
}

scenario zh.weather.followup weight 2 {
    user "{zh_city as a}{zh_day}天气怎么样？"
       | "查一下{zh_city as a}[{zh_day}]的天气"
       | "{zh_city as a}[{zh_day}]下雨吗？"
    call get_weather(city=a, date=zh_day) -> w1
    assistant "{a}最高{w1.temp_high}℃，最低{w1.temp_low}℃，降水概率{w1.precip_chance}%。"
    user "那{zh_city as b}呢？"
       | "{zh_city as b}呢？"
       | "再帮我看看{zh_city as b}"
       | "换成{zh_city as b}呢"
    call get_weather(city=b, date=zh_day) -> w2
    assistant "{b}最高{w2.temp_high}℃，最低{w2.temp_low}℃，降水概率{w2.precip_chance}%。"
}

scenario zh.weather.thanks {
    user "{zh_city}[{zh_day}]天气怎么样？"
       | "帮我查下{zh_city}的天气"
       | "{zh_day}{zh_city}热不热？"
    call get_weather(city=zh_city, date=zh_day) -> w
    assistant "{zh_city}气温{w.temp_low}～{w.temp_high}℃，降水概率{w.precip_chance}%。"
    user "好的，谢谢！" | "知道了，多谢" | "谢啦" | "明白了，辛苦了"
    assistant "不客气！出门注意看天。" | "不客气，祝您出行愉快！" | "随时为您服务。"
}

scenario zh.time.zone weight 2 {
    user "{zh_tz}现在几点了？"
       | "现在{zh_tz}是几点？"
       | "帮我看看{zh_tz}的当地时间"
       | "{zh_tz}那边现在是什么时间[？]"
       | "我朋友在{zh_tz}，他那里现在几点？"
       | "(查一下|告诉我){zh_tz}的时间"
       | "{zh_tz}(现在|此刻)是(白天还是晚上|几点钟)？"
       | "[请问]{zh_tz}时间现在是多少？"
       | "{zh_tz}今天几号了？"
       | "我要给{zh_tz}的同事打电话，那边几点了？"
       | "{zh_tz}当地时间[是]多少？"
    call get_current_time(timezone=zh_tz) -> t
    assistant "{zh_tz}现在是{t.local_time}（{t.date}）。"
            | "当前{zh_tz}时间为{t.date} {t.local_time}。"
}

scenario zh.time.local weight 2 {
    user "现在几点了？"
       | "几点了[？]"
       | "告诉我现在的时间"
       | "今天几号[了]？"
       | "现在是什么时间[？]"
       | "(查一下|看看)现在的时间"
       | "[请问]今天是几月几号？"
       | "现在几点钟[了]？"
       | "今天星期几？"
       | "帮我看(一下|看)时间"
       | "我这里现在几点了？"
       | "当前时间是多少？"
    call get_current_time() -> t
    assistant "现在是{t.date} {t.local_time}。" | "当前时间：{t.date} {t.local_time}。"
}

scenario zh.time.compare {
    user "{zh_tz as x}和{zh_tz as y}现在各是几点？"
       | "帮我看看{zh_tz as x}、{zh_tz as y}两地的当前时间"
       | "现在{zh_tz as x}几点？{zh_tz as y}呢？"
    call get_current_time(timezone=x) -> tx & get_current_time(timezone=y) -> ty
    assistant "{x}现在是{tx.local_time}，{y}现在是{ty.local_time}。"
}
