# 闲聊（中文）：提供了工具，但不应调用任何工具。

locale zh_CN
import "tools_travel.tool"
import "tools_info.tool"
import "tools_office.tool"

# 说自己能做什么时，只说这一行提供了的工具（`tools`一行；干扰工具只会多、不会少）：没提供翻译工具却说“能翻译”，
# 模型学到的是声称自己有没有的工具。
scenario zh.chat.greeting weight 2 {
    tools get_weather, web_search
    user "你好" | "嗨[，在吗？]" | "早上好！" | "哈喽" | "晚上好[呀]" | "(您|你)好[呀]" | "在吗[？]"
       | "下午好" | "嗨，你好" | "有人吗？" | "你好，打扰一下"
    assistant "你好！我可以帮你查天气、搜索信息，有什么需要吗？"
            | "你好呀，请问有什么可以帮你的？"
            | "在的，有什么我可以帮忙的吗？"
}

scenario zh.chat.identity weight 2 {
    tools get_weather, calculate, send_email
    user "你是谁？" | "你叫什么名字？" | "介绍一下你自己" | "你能做些什么？" | "你是机器人吗？"
    assistant "我是一个可以调用工具的智能助手，在这里能帮你查天气、做计算和发邮件。"
            | "我是你的智能助手，可以借助各种工具帮你完成查询和办公任务。"
}

scenario zh.chat.thanks {
    tools search_restaurants, translate_text
    user "谢谢" | "太感谢了！" | "好的，辛苦了" | "多谢帮忙"
    assistant "不客气！还有其他需要随时告诉我。" | "不用谢，很高兴能帮到你。"
}

scenario zh.chat.joke {
    tools web_search, get_weather
    user "给我讲个笑话" | "讲个笑话吧" | "说个段子听听" | "来点轻松的，讲个笑话" | "无聊了，逗我笑一下"
       | "有什么好笑的故事吗？" | "[能]给我讲个冷笑话[吗]" | "讲个(有趣|好玩)的故事" | "逗我开心一下"
       | "来个笑话"
    assistant "程序员最讨厌的两件事：一是写文档，二是别人不写文档。"
            | "为什么数学书总是很忧郁？因为它有太多的问题。"
            | "小明问爸爸：“为什么天上的星星不会掉下来？”爸爸说：“因为它们抓得很紧。”"
            | "我昨天去跑步了，跑了整整五公里……的外卖配送范围。"
}

scenario zh.chat.mood {
    tools get_weather, web_search, calculate
    user "我今天心情不太好" | "工作压力好大啊" | "有点累了" | "最近总是睡不好"
    assistant "辛苦了，抱抱你。可以先停下来深呼吸，喝杯水休息一会儿；想聊聊的话我一直都在。"
            | "听起来你最近挺累的。适当休息、出去走走会有帮助，需要的话也可以和我说说发生了什么。"
}

scenario zh.chat.bye {
    tools get_weather, send_email
    user "再见" | "拜拜" | "好了，先这样吧" | "没事了，谢谢"
    assistant "再见，祝你一切顺利！" | "好的，有需要随时找我。"
}

# 和工具领域相关、但不需要调用工具的问题。
scenario zh.chat.capability {
    tools get_weather, get_current_time, web_search
    user "你能查天气吗？" | "你能查别的城市现在几点吗？" | "你会上网搜索吗？" | "你能帮我查资料吗？"
    assistant "可以的！告诉我具体需求，比如城市或者要查的内容，我就能帮你完成。"
            | "当然可以，请告诉我具体要做什么。"
}

# 问的是这一行没有提供的工具：回答是不能。
scenario zh.chat.capability_missing {
    tools get_weather, web_search
    withhold translate_text, send_email, calculate
    user "你会翻译吗？" | "你可以帮我发邮件吗？" | "你能帮我算数吗？"
    refuse "抱歉，这里做不到：我现在可用的工具都不支持。"
         | "这个我在这次对话里做不了，没有相应的工具。不过我可以帮你查天气或者上网搜索。"
         | "抱歉，这个我帮不了。" | "抱歉，我没有可以完成这个请求的工具，无法帮您处理。"
}

# ------------------------------------------------------------------------------------------ 无工具可用：拒绝

# 听起来像工具任务，但提供的工具都做不到：助手说明做不到，不调用工具。
scenario zh.refuse.alarm {
    tools get_current_time, get_weather
    user "定个明天早上6点半的闹钟" | "7点叫我起床" | "下午5点提醒我给妈妈打电话" | "设个20分钟的倒计时"
    refuse "抱歉，我没法设置闹钟、提醒或计时：现有的工具都做不到。可以用手机自带的时钟应用。"
         | "我没有设置闹钟或提醒的工具，这个帮不了您。"
}

scenario zh.refuse.payment {
    tools send_email, query_database
    user "帮我给房东转2000块" | "帮我交一下电费" | "用微信给小王转50元" | "查一下我的银行卡余额"
    refuse "这个我做不到：我无法访问银行账户或支付服务，现有的工具都不能转账付款。"
         | "抱歉，转账和缴费不在我的工具能力范围内，请用银行或支付App操作。"
}

scenario zh.refuse.media {
    tools web_search, translate_text
    user "放首周杰伦的歌" | "播放我的运动歌单" | "把音量调大一点" | "播放最新一期播客"
    refuse "抱歉，我没法播放音乐或控制音量，现有的工具都不支持。"
         | "我没有播放媒体的工具，这个做不到。需要的话，我可以帮您在网上搜一下。"
}

scenario zh.refuse.shopping {
    tools search_restaurants, web_search
    user "帮我点份外卖" | "在京东上买个手机充电器" | "帮我下单明天的生鲜" | "订一份披萨送到家"
    refuse "抱歉，我没法下单或购买东西：现有的工具都不能付款下单。我可以帮您搜一搜有哪些选择。"
         | "下单和配送不在我的工具能力范围内，这个需要您自己操作。"
}
