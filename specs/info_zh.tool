# 搜索、计算、翻译（中文）：单次调用、自然语言到表达式的映射、缺参澄清、搜索结果翻译/转发的依赖链。

locale zh_CN
import "tools_info.tool"

slot zh_query   = "人工智能的最新进展" | "2024年诺贝尔物理学奖得主" | "Python异步编程教程" | "新能源汽车销量排行"
                | "如何提高睡眠质量" | "大语言模型微调方法" | "量子计算的原理" | "最新的iPhone发布会"
                | "今年高考作文题目" | "杭州亚运会奖牌榜" | "Transformer架构详解" | "个人所得税专项附加扣除"
                | "马拉松训练计划" | "北京到上海高铁时刻表" | "低碳饮食的好处" | "Rust和Go的区别"
                | "深度学习入门书籍推荐" | "春节放假安排" | "碳中和政策解读" | "全球气候变化最新报告"
slot zh_range   = { "最近一天": "day", "24小时内": "day", "最近一周": "week", "这周": "week",
                    "最近一个月": "month", "今年": "year", "最近一年": "year" }
slot zh_count   = int(3..10)
slot zh_site    = "zhihu.com" | "github.com" | "wikipedia.org" | "arxiv.org" | "stackoverflow.com" | "bilibili.com"
                | "douban.com" | "csdn.net"
slot zh_expr    = "25 * 4 + 10" | "(128 + 256) / 4" | "3.14 * 5 ^ 2" | "sqrt(144) + 7" | "1024 / 16 - 9" | "17 * 23"
                | "(45 - 18) * 3.5" | "2 ^ 10" | "999 * 999" | "365 * 24 * 60" | "88.5 * 1.13" | "(1 + 0.05) ^ 10"
                | "7200 / 36" | "12.5 * 8 - 3.2" | "sqrt(2) * 100" | "(300 - 45) / 15" | "46 * 46 + 12" | "1000 * 0.035 * 3"
slot zh_math    = { "一百四十四的平方根": "sqrt(144)", "2的10次方": "2 ^ 10", "三百六十五乘以二十四": "365 * 24",
                    "一千除以八": "1000 / 8", "12加35再乘以3": "(12 + 35) * 3", "256的平方根": "sqrt(256)",
                    "九十九乘九十九": "99 * 99", "1500的百分之十五": "1500 * 0.15", "3的5次方减去100": "3 ^ 5 - 100",
                    "一万块存三年、年利率3%的利息": "10000 * 0.03 * 3", "128加256加512": "128 + 256 + 512",
                    "半径为5的圆的面积": "3.14159 * 5 ^ 2" }
slot zh_prec    = int(0..6)
slot zh_text    = "今天天气真好，我们去公园散步吧。" | "请问附近有地铁站吗？" | "这个会议推迟到下周三下午三点。"
                | "感谢您的耐心等待，我们会尽快处理。" | "我想预订两晚的双人间。" | "这道菜太辣了，能少放点辣椒吗？"
                | "祝你生日快乐，万事如意！" | "产品将于下个月正式上市。" | "请把报告在周五之前发给我。"
                | "我对这个职位非常感兴趣。" | "路上注意安全，到了给我发消息。" | "这本书值得反复阅读。"
                | "我们公司专注于人工智能技术研发。" | "请问这件衣服有大一号的吗？"
slot zh_foreign = "Where is the nearest subway station?" | "The meeting has been moved to Thursday."
                | "I would like to book a table for two." | "Thank you for your quick reply."
                | "Machine learning is changing every industry." | "Could you send me the invoice again?"
                | "Bonjour, je voudrais un café, s'il vous plaît." | "Das Wetter ist heute sehr schön."
                | "お会いできて嬉しいです。" | "¿Dónde está la estación de tren?" | "Please keep the receipt."
                | "Our flight was delayed by two hours."
slot zh_lang    = { "英文": "en", "英语": "en", "日语": "ja", "日文": "ja", "韩语": "ko", "法语": "fr",
                    "德语": "de", "西班牙语": "es", "俄语": "ru" }

scenario zh.search.web weight 3 {
    user "搜一下{zh_query}"
       | "帮我(查查|搜搜){zh_query}[的相关信息]"
       | "网上查一下{zh_query}"
       | "我想了解{zh_query}，帮我搜索一下"
       | "搜索{zh_range}关于{zh_query}的新闻"
       | "在网上找{zh_count}条关于{zh_query}的资料"
    call web_search(query=zh_query, time_range=zh_range, num_results=zh_count) -> s
    assistant "找到以下结果：\n1. {s[0].title}（{s[0].url}）\n2. {s[1].title}（{s[1].url}）"
            | "搜索结果中最相关的是《{s[0].title}》：{s[0].snippet}"
}

scenario zh.search.site {
    user "在{zh_site}上搜一下{zh_query}"
       | "帮我去{zh_site}找找关于{zh_query}的内容"
       | "{zh_site}上有没有讲{zh_query}的？"
    call web_search(query=zh_query, site=zh_site) -> s
    assistant "在{zh_site}上找到：{s[0].title}（{s[0].url}）。"
}

# 没有说搜什么：插入“请问您想搜索什么内容？”。
scenario zh.search.vague {
    user "帮我上网搜点东西"
       | "能帮我查个资料吗？"
       | "帮我搜索一下{zh_range}的新闻"
       | "我想搜点东西"
    call web_search(query=zh_query, time_range=zh_range) -> s
    assistant "找到这些结果：{s[0].title}（{s[0].url}）；{s[1].title}（{s[1].url}）。"
}

scenario zh.calc.expr weight 3 {
    user "帮我(计算|算)一下 {zh_expr}"
       | "{zh_expr} 等于多少？"
       | "{zh_expr} = ?"
       | "算算 {zh_expr}[ 是多少]"
       | "请计算：{zh_expr}"
    call calculate(expression=zh_expr) -> c
    assistant "{zh_expr} = {c.result}" | "计算结果是{c.result}。"
}

scenario zh.calc.words weight 2 {
    user "{zh_math}是多少？"
       | "帮我算一下{zh_math}"
       | "你能算出{zh_math}吗？"
       | "{zh_math}等于几？"
    call calculate(expression=zh_math) -> c
    assistant "{zh_math}等于{c.result}。" | "算好了，结果是{c.result}。"
}

scenario zh.calc.precision {
    user "计算 {zh_expr}，保留{zh_prec}位小数"
       | "{zh_expr} 等于多少？结果精确到小数点后{zh_prec}位"
       | "帮我算 {zh_expr}，要{zh_prec}位小数"
    call calculate(expression=zh_expr, precision=zh_prec) -> c
    assistant "结果是{c.result}（保留{zh_prec}位小数）。"
}

scenario zh.calc.vague {
    user "帮我算个数"
       | "我有道计算题想请你帮忙"
       | "能帮我做个计算吗？"
    call calculate(expression=zh_expr) -> c
    assistant "{zh_expr} = {c.result}"
}

scenario zh.translate weight 3 {
    user "把“{zh_text}”翻译成{zh_lang}"
       | "“{zh_text}”用{zh_lang}怎么说？"
       | "帮我翻译成{zh_lang}：{zh_text}"
       | "请将这句话译为{zh_lang}：{zh_text}"
    call translate_text(text=zh_text, target_language=zh_lang) -> t
    assistant "{zh_lang}译文：{t.translated_text}" | "翻译好了：{t.translated_text}"
}

scenario zh.translate.to_zh weight 2 {
    user "把“{zh_foreign}”翻译成中文"
       | "这句话是什么意思：{zh_foreign}"
       | "“{zh_foreign}”翻成中文怎么说？"
       | "帮我翻译一下：{zh_foreign}"
    call translate_text(text=zh_foreign, target_language="zh") -> t
    assistant "中文意思是：{t.translated_text}" | "翻译结果：{t.translated_text}"
}

scenario zh.translate.formal {
    user "用正式的语气把“{zh_text}”翻译成{zh_lang}"
       | "请把“{zh_text}”译成{zh_lang}，要正式、书面一点"
       | "“{zh_text}”翻译成{zh_lang}，用于商务场合"
    call translate_text(text=zh_text, target_language=zh_lang, formality="formal") -> t
    assistant "正式译文：{t.translated_text}"
}

# 文本和目标语言都没说：依次插入两个 ask 提问。
scenario zh.translate.vague {
    user "帮我翻译一句话"
       | "能帮我翻译点东西吗？"
       | "我需要翻译"
    call translate_text(text=zh_text, target_language=zh_lang) -> t
    assistant "{zh_lang}译文：{t.translated_text}"
}

# 依赖链：搜索后把第一条结果的摘要翻译出来。
scenario zh.search.translate {
    user "搜一下{zh_query}，把第一条结果的摘要翻译成{zh_lang}"
       | "帮我查查{zh_query}，然后把最相关那条的摘要译成{zh_lang}"
       | "搜索{zh_query}并将首条结果摘要翻译为{zh_lang}"
    call web_search(query=zh_query) -> s
    call translate_text(text=s[0].snippet, target_language=zh_lang) -> t
    assistant "第一条结果是《{s[0].title}》，摘要的{zh_lang}译文：{t.translated_text}"
}
