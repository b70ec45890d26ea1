# 搜索、计算、翻译（中文）：单次调用、自然语言到表达式的映射、缺参澄清。
# 计算结果就是表达式的值；译文是目标语言的真实译文（phrases.tool 中的 14 个句子，每句 8 种语言）。

locale zh_CN
import "tools_info.tool"

slot zh_query   = "人工智能的最新进展" | "2024年诺贝尔物理学奖得主" | "Python异步编程教程" | "新能源汽车销量排行"
                | "如何提高睡眠质量" | "大语言模型微调方法" | "量子计算的原理" | "最新的iPhone发布会"
                | "今年高考作文题目" | "杭州亚运会奖牌榜" | "Transformer架构详解" | "个人所得税专项附加扣除"
                | "马拉松训练计划" | "北京到上海高铁时刻表" | "低碳饮食的好处" | "Rust和Go的区别"
                | "深度学习入门书籍推荐" | "春节放假安排" | "碳中和政策解读" | "全球气候变化最新报告"
                | "家庭光伏发电补贴" | "儿童近视防控方法" | "国产大飞机C919" | "长江十年禁渔"
slot zh_range   = { "最近一天": "day", "24小时内": "day", "最近一周": "week", "这周": "week",
                    "最近一个月": "month", "今年": "year", "最近一年": "year" }
slot zh_count   = int(3..10)
# 成对的话题和会写它的网站（`{zh_site_topic}`是话题，`{zh_site_topic.value}`是网站）
slot zh_site_topic = { "大语言模型微调方法": "zhihu.com", "如何提高睡眠质量": "zhihu.com", "Python异步编程教程": "csdn.net",
                       "Rust和Go的区别": "juejin.cn", "前端性能优化": "juejin.cn", "开源的中文分词工具": "github.com",
                       "量子计算的原理": "wikipedia.org", "Transformer架构详解": "bilibili.com", "马拉松训练计划": "bilibili.com",
                       "深度学习入门书籍推荐": "douban.com", "今年值得看的科幻小说": "douban.com", "效率工具推荐": "sspai.com",
                       "扩散模型最新论文": "arxiv.org", "Git合并冲突怎么解决": "stackoverflow.com" }
slot zh_expr    = "25 * 4 + 10" | "(128 + 256) / 4" | "3.14 * 5 ^ 2" | "sqrt(144) + 7" | "1024 / 16 - 9" | "17 * 23"
                | "(45 - 18) * 3.5" | "2 ^ 10" | "999 * 999" | "365 * 24 * 60" | "88.5 * 1.13" | "(1 + 0.05) ^ 10"
                | "7200 / 36" | "12.5 * 8 - 3.2" | "sqrt(2) * 100" | "(300 - 45) / 15" | "46 * 46 + 12" | "1000 * 0.035 * 3"
                | "12345 + 67890" | "100 / 7" | "(2.5 + 3.75) * 4" | "sqrt(1764)" | "5 ^ 3 - 2 ^ 5" | "86400 / 60 / 60"
slot zh_math    = { "一百四十四的平方根": "sqrt(144)", "2的10次方": "2 ^ 10", "三百六十五乘以二十四": "365 * 24",
                    "一千除以八": "1000 / 8", "12加35再乘以3": "(12 + 35) * 3", "256的平方根": "sqrt(256)",
                    "九十九乘九十九": "99 * 99", "1500的百分之十五": "1500 * 0.15", "3的5次方减去100": "3 ^ 5 - 100",
                    "128加256加512": "128 + 256 + 512", "半径为5的圆的面积": "3.14159 * 5 ^ 2", "一天的秒数": "24 * 60 * 60" }
slot zh_money   = { "350元打八折后的价格": "350 * 0.8", "1280元打八五折后的价格": "1280 * 0.85", "399元打七折后的价格": "399 * 0.7",
                    "单价12.8元的商品买15件的总价": "12.8 * 15", "一万块存三年、年利率3%的利息": "10000 * 0.03 * 3",
                    "每天38.5元、连续30天的总花费": "38.5 * 30", "三个人平摊458元，每人的份额": "458 / 3" }
slot zh_prec    = int(1..6)
slot zh_text = "今天天气真好，我们去公园散步吧。" | "请问附近有地铁站吗？" | "会议推迟到下周三下午三点。" | "感谢您的耐心等待，我们会尽快处理。" | "我想预订两晚的双人间。"
                | "这道菜太辣了，能少放点辣椒吗？" | "祝你生日快乐，万事如意！" | "产品将于下个月正式上市。" | "请在周五之前把报告发给我。" | "我对这个职位非常感兴趣。"
                | "路上注意安全，到了给我发消息。" | "这本书值得反复阅读。" | "博物馆周一闭馆。" | "请问这件衣服有大一号的吗？"
slot zh_foreign = "The weather is lovely today, so let's take a walk in the park." | "今日はとても良い天気ですね。公園を散歩しましょう。"
                | "오늘 날씨가 정말 좋네요. 공원에 산책하러 갑시다." | "Il fait vraiment beau aujourd'hui, allons nous promener au parc."
                | "Das Wetter ist heute wirklich schön, lassen Sie uns im Park spazieren gehen."
                | "Hoy hace un tiempo estupendo; vamos a dar un paseo por el parque."
                | "Сегодня прекрасная погода, давайте прогуляемся в парке."
                | "Excuse me, is there a subway station nearby?" | "すみません、この近くに地下鉄の駅はありますか？"
                | "실례합니다, 근처에 지하철역이 있습니까?" | "Excusez-moi, y a-t-il une station de métro près d'ici ?"
                | "Entschuldigen Sie, gibt es hier in der Nähe eine U-Bahn-Station?"
                | "Disculpe, ¿hay una estación de metro cerca de aquí?"
                | "Извините, здесь поблизости есть станция метро?"
                | "The meeting has been postponed to next Wednesday at 3 p.m." | "会議は来週水曜日の午後3時に延期されました。"
                | "회의가 다음 주 수요일 오후 3시로 연기되었습니다." | "La réunion a été reportée à mercredi prochain à 15 heures."
                | "Die Besprechung wurde auf nächsten Mittwoch um 15 Uhr verschoben."
                | "La reunión se ha aplazado al próximo miércoles a las tres de la tarde."
                | "Совещание перенесено на следующую среду, на три часа дня."
                | "Thank you for your patience; we will deal with it as soon as possible."
                | "お待ちいただきありがとうございます。できるだけ早く対応いたします。" | "기다려 주셔서 감사합니다. 최대한 빨리 처리하겠습니다."
                | "Merci de votre patience, nous traiterons votre demande dans les plus brefs délais."
                | "Vielen Dank für Ihre Geduld, wir kümmern uns so schnell wie möglich darum."
                | "Gracias por su paciencia; lo resolveremos lo antes posible."
                | "Спасибо за ваше терпение, мы решим этот вопрос как можно скорее."
                | "I would like to book a double room for two nights." | "ダブルルームを2泊予約したいのですが。" | "더블룸을 2박 예약하고 싶습니다."
                | "Je voudrais réserver une chambre double pour deux nuits."
                | "Ich möchte ein Doppelzimmer für zwei Nächte buchen."
                | "Quisiera reservar una habitación doble para dos noches."
                | "Я хотел бы забронировать двухместный номер на две ночи."
                | "This dish is too spicy. Could you use less chili?" | "この料理は辛すぎます。唐辛子を少なめにしていただけますか？"
                | "이 요리는 너무 맵습니다. 고추를 좀 덜 넣어 주실 수 있나요?"
                | "Ce plat est trop épicé. Pourriez-vous mettre moins de piment ?"
                | "Dieses Gericht ist zu scharf. Könnten Sie weniger Chili verwenden?"
                | "Este plato pica demasiado. ¿Podría ponerle menos chile?"
                | "Это блюдо слишком острое. Не могли бы вы положить поменьше перца?"
                | "Happy birthday, and may all your wishes come true!" | "お誕生日おめでとうございます。すべてがうまくいきますように！"
                | "생일을 진심으로 축하드립니다. 모든 일이 뜻대로 이루어지길 바랍니다!"
                | "Joyeux anniversaire, et que tous vos souhaits se réalisent !"
                | "Alles Gute zum Geburtstag, und mögen all Ihre Wünsche in Erfüllung gehen!"
                | "¡Feliz cumpleaños, y que se cumplan todos sus deseos!"
                | "С днём рождения! Пусть сбудутся все ваши желания!"
                | "The product will officially launch next month." | "製品は来月正式に発売されます。" | "제품은 다음 달에 정식 출시됩니다."
                | "Le produit sera officiellement lancé le mois prochain."
                | "Das Produkt kommt nächsten Monat offiziell auf den Markt."
                | "El producto saldrá oficialmente al mercado el mes que viene."
                | "Продукт официально поступит в продажу в следующем месяце."
                | "Please send me the report before Friday." | "金曜日までに報告書を送ってください。" | "금요일 전까지 보고서를 보내 주십시오."
                | "Veuillez m'envoyer le rapport avant vendredi." | "Bitte schicken Sie mir den Bericht vor Freitag."
                | "Por favor, envíeme el informe antes del viernes." | "Пожалуйста, пришлите мне отчёт до пятницы."
                | "I am very interested in this position." | "このポジションに大変興味を持っております。" | "이 직책에 큰 관심이 있습니다."
                | "Ce poste m'intéresse beaucoup." | "Ich interessiere mich sehr für diese Stelle."
                | "Estoy muy interesado en este puesto." | "Я очень заинтересован в этой должности."
                | "Have a safe trip, and send me a message when you arrive." | "道中お気をつけて。着いたらメッセージをください。"
                | "조심해서 가시고, 도착하면 메시지를 보내 주세요." | "Faites bon voyage et envoyez-moi un message à votre arrivée."
                | "Gute Fahrt, und schicken Sie mir eine Nachricht, wenn Sie angekommen sind."
                | "Buen viaje, y envíeme un mensaje cuando llegue."
                | "Счастливого пути, напишите мне, когда доберётесь." | "This book is worth reading again and again."
                | "この本は何度も読み返す価値があります。" | "이 책은 여러 번 읽을 만한 가치가 있습니다." | "Ce livre mérite d'être relu plusieurs fois."
                | "Dieses Buch ist es wert, immer wieder gelesen zu werden."
                | "Este libro merece leerse una y otra vez." | "Эту книгу стоит перечитывать снова и снова."
                | "The museum is closed on Mondays." | "博物館は月曜日が休館日です。" | "박물관은 월요일에 휴관합니다."
                | "Le musée est fermé le lundi." | "Das Museum ist montags geschlossen."
                | "El museo cierra los lunes." | "Музей закрыт по понедельникам."
                | "Do you have this in a larger size?" | "この服のワンサイズ大きいものはありますか？" | "이 옷 한 치수 큰 것이 있습니까?"
                | "Avez-vous ce vêtement dans une taille au-dessus ?"
                | "Haben Sie dieses Kleidungsstück eine Nummer größer?"
                | "¿Tiene esta prenda en una talla más grande?" | "У вас есть эта вещь на размер больше?"
slot zh_lang    = { "英文": "en", "英语": "en", "日语": "ja", "日文": "ja", "韩语": "ko", "法语": "fr",
                    "德语": "de", "西班牙语": "es", "俄语": "ru" }
slot lang_zh    = { "zh": "中文", "en": "英文", "ja": "日文", "ko": "韩文", "fr": "法文", "de": "德文", "es": "西班牙文",
                    "ru": "俄文" }

scenario zh.search.web weight 3 {
    user "搜一下{zh_query}"
       | "帮我(查查|搜搜){zh_query}[的相关信息]"
       | "网上查一下{zh_query}"
       | "我想了解{zh_query}，帮我搜索一下"
       | "在网上找{zh_count}条关于{zh_query}的资料"
    call web_search(query=zh_query, num_results=zh_count) -> s
    assistant "找到{len(s)}条结果，前两条是：\n1. {s[0].title}（{s[0].url}）\n2. {s[1].title}（{s[1].url}）"
            | "搜索结果中排第一的是《{s[0].title}》：{s[0].snippet}"
}

scenario zh.search.recent weight 2 {
    user "搜索{zh_range}关于{zh_query}的新闻"
       | "帮我找找{zh_range}有关{zh_query}的报道"
       | "{zh_range}关于{zh_query}有什么新消息？"
    call web_search(query=zh_query, time_range=zh_range) -> s
    assistant "{zh_range}共找到{len(s)}条相关结果，最新的一条是《{max(s, published).title}》，发布于{max(s, published).published}。"
            | "最新的报道是{max(s, published).published}发布的《{max(s, published).title}》（{max(s, published).url}）。"
}

scenario zh.search.site {
    user "在{zh_site_topic.value}上搜一下{zh_site_topic}"
       | "帮我去{zh_site_topic.value}找找关于{zh_site_topic}的内容"
       | "{zh_site_topic.value}上有没有讲{zh_site_topic}的？"
    call web_search(query=zh_site_topic.text, site=zh_site_topic) -> s
    assistant "在{zh_site_topic.value}上找到{len(s)}条结果，第一条是《{s[0].title}》（{s[0].url}）。"
}

# 没有说搜什么：插入“请问您想搜索什么内容？”。
scenario zh.search.vague {
    user "帮我上网搜点东西"
       | "能帮我查个资料吗？"
       | "我想搜点东西"
    call web_search(query=zh_query) -> s
    assistant "找到{len(s)}条结果，排在最前面的是：{s[0].title}（{s[0].url}）；{s[1].title}（{s[1].url}）。"
}

scenario zh.calc.expr weight 3 {
    user "帮我(计算|算)一下 {zh_expr}"
       | "{zh_expr} 等于多少？"
       | "{zh_expr} = ?"
       | "算算 {zh_expr}[ 是多少]"
       | "请计算：{zh_expr}"
    call calculate(expression=zh_expr) -> c
    assistant case {                              # 四舍五入过的结果不写“=”（工具默认保留2位小数）
        when c.result == calc(c.expression, 12): "{zh_expr} = {c.result}" | "计算结果是{c.result}。"
        else: "{zh_expr} ≈ {c.result}（保留2位小数）" | "计算结果约为{c.result}（保留2位小数）。" }
}

scenario zh.calc.words weight 2 {
    user "{zh_math}是多少？"
       | "帮我算一下{zh_math}"
       | "你能算出{zh_math}吗？"
       | "{zh_math}等于几？"
    call calculate(expression=zh_math) -> c
    assistant case {
        when c.result == calc(c.expression, 12): "{zh_math}等于{c.result}。" | "算好了，结果是{c.result}。"
        else: "{zh_math}约等于{c.result}（保留2位小数）。" | "算好了，结果约为{c.result}（保留2位小数）。" }
}

scenario zh.calc.money {                          # 金额写到分（17.30元）
    user "{zh_money}是多少？"
       | "帮我算一下{zh_money}"
       | "{zh_money}是多少钱？"
    call calculate(expression=zh_money) -> c
    assistant case {
        when c.result == calc(c.expression, 12): "{zh_money}是{fmt(c.result, 2)}元。" | "算好了，是{fmt(c.result, 2)}元。"
        else: "{zh_money}约为{fmt(c.result, 2)}元（保留到分）。" | "算好了，约{fmt(c.result, 2)}元（保留到分）。" }
}

scenario zh.calc.precision {
    user "计算 {zh_expr}，保留{zh_prec}位小数"
       | "{zh_expr} 等于多少？结果精确到小数点后{zh_prec}位"
       | "帮我算 {zh_expr}，要{zh_prec}位小数"
    call calculate(expression=zh_expr, precision=zh_prec) -> c
    assistant case {                              # 小数位数不到要求的是精确值，不说“保留”
        when c.result == calc(c.expression, 12): "结果是{c.result}，这是精确值，不需要四舍五入。"
        else: "结果是{c.result}（保留{zh_prec}位小数）。" }
}

scenario zh.calc.vague {
    user "帮我算个数"
       | "我有道计算题想请你帮忙"
       | "能帮我做个计算吗？"
    call calculate(expression=zh_expr) -> c
    assistant case {
        when c.result == calc(c.expression, 12): "{zh_expr} = {c.result}"
        else: "{zh_expr} ≈ {c.result}（保留2位小数）" }
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
    assistant "这是一句{lang_zh[t.source_language]}，中文意思是：{t.translated_text}" | "翻译结果：{t.translated_text}"
}

scenario zh.translate.formal {
    user "用正式的语气把“{zh_text}”翻译成{zh_lang}"
       | "请把“{zh_text}”译成{zh_lang}，要正式、书面一点"
       | "“{zh_text}”翻译成{zh_lang}，用于商务场合"
    call translate_text(text=zh_text, target_language=zh_lang, formality="formal") -> t
    assistant "正式的{zh_lang}译文：{t.translated_text}"
}

# 文本和目标语言都没说：依次插入两个 ask 提问。
scenario zh.translate.vague {
    user "帮我翻译一句话"
       | "能帮我翻译点东西吗？"
       | "我需要翻译"
    call translate_text(text=zh_text, target_language=zh_lang) -> t
    assistant "{zh_lang}译文：{t.translated_text}"
}

# 这些行里没有提供搜索工具：助手说明做不到，不调用工具。
scenario zh.refuse.no_search {
    tools calculate, get_weather
    withhold web_search
    user "搜一下{zh_query}" | "帮我(查查|搜搜){zh_query}" | "网上查一下{zh_query}"
    refuse "抱歉，这里我没法上网搜索：现在可用的工具都不能联网查询。"
         | "这次对话里我没有网页搜索的工具，没法帮您查这个。"
}
