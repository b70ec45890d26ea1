# Web search, calculator and translation (English): single calls, natural language -> expression
# maps, clarification. The calculator's result is the expression's value; a translation is a real
# translation into the target language (14 sentences in 8 languages, phrases.tool).

locale en_US
import "tools_info.tool"

slot en_query   = "latest advances in artificial intelligence" | "2024 Nobel Prize in Physics winners"
                | "Python asyncio tutorial" | "best-selling electric cars this year" | "how to improve sleep quality"
                | "LoRA fine-tuning for large language models" | "how quantum computers work" | "James Webb telescope discoveries"
                | "Rust vs Go performance" | "Mediterranean diet benefits" | "marathon training plan for beginners"
                | "Transformer architecture explained" | "remote work productivity tips" | "history of the Roman Empire"
                | "how to file taxes as a freelancer" | "climate change report 2024" | "best hiking trails in Colorado"
                | "SpaceX Starship launch schedule" | "how to learn Mandarin fast" | "PostgreSQL index tuning"
                | "home solar panel incentives" | "how to start composting" | "electric bike commuting" | "sourdough starter tips"
slot en_range   = { "from the past day": "day", "from the last 24 hours": "day", "from this week": "week",
                    "from the past week": "week", "from the past month": "month", "from this year": "year" }
slot en_count   = int(3..10)
# a topic and a site that writes about it (`{en_site_topic}` is the topic, `{en_site_topic.value}` the site)
slot en_site_topic = { "Python asyncio tutorial": "stackoverflow.com", "PostgreSQL index tuning": "stackoverflow.com",
                       "fixing a Git merge conflict": "stackoverflow.com", "LoRA fine-tuning for large language models": "arxiv.org",
                       "diffusion models for video generation": "arxiv.org", "an open-source Rust web framework": "github.com",
                       "a Python library for PDF parsing": "github.com", "history of the Roman Empire": "wikipedia.org",
                       "how quantum computers work": "wikipedia.org", "2024 Nobel Prize in Physics winners": "nytimes.com",
                       "climate change report 2024": "bbc.com", "marathon training plan for beginners": "reddit.com",
                       "Rust vs Go performance": "reddit.com", "Transformer architecture explained": "medium.com",
                       "best-selling electric cars this year": "theverge.com", "James Webb telescope discoveries": "nature.com" }
slot en_expr    = "25 * 4 + 10" | "(128 + 256) / 4" | "3.14 * 5 ^ 2" | "sqrt(144) + 7" | "1024 / 16 - 9" | "17 * 23"
                | "(45 - 18) * 3.5" | "2 ^ 16" | "999 * 999" | "365 * 24 * 60" | "49.99 * 1.0825" | "(1 + 0.04) ^ 30"
                | "7200 / 36" | "12.5 * 8 - 3.2" | "sqrt(2) * 100" | "(300 - 45) / 15" | "64 * 64 + 12" | "2500 * 0.045 * 5"
                | "12345 + 67890" | "100 / 7" | "(2.5 + 3.75) * 4" | "sqrt(1764)" | "5 ^ 3 - 2 ^ 5" | "86400 / 60 / 60"
slot en_math    = { "the square root of 144": "sqrt(144)", "2 to the power of 10": "2 ^ 10", "365 times 24": "365 * 24",
                    "1000 divided by 8": "1000 / 8", "15 percent of 240": "240 * 0.15", "12 plus 35, times 3": "(12 + 35) * 3",
                    "the square root of 2": "sqrt(2)", "99 squared": "99 ^ 2",
                    "the area of a circle with radius 5": "3.14159 * 5 ^ 2", "3 to the 5th minus 100": "3 ^ 5 - 100",
                    "72 Fahrenheit in Celsius": "(72 - 32) * 5 / 9", "the number of seconds in a day": "24 * 60 * 60" }
slot en_money   = { "a 20% tip on $86.50": "86.5 * 0.2", "$350 with 20% off": "350 * 0.8", "a 15% tip on $42.80": "42.8 * 0.15",
                    "$1,250 split four ways": "1250 / 4", "8.875% sales tax on $59.99": "59.99 * 0.08875",
                    "three tickets at $24.95 each": "3 * 24.95", "$129.99 with 30% off": "129.99 * 0.7",
                    "an 18% tip on a $64 bill": "64 * 0.18" }
slot en_prec    = int(1..6)
slot en_text = "The weather is lovely today, so let's take a walk in the park."
                | "Excuse me, is there a subway station nearby?"
                | "The meeting has been postponed to next Wednesday at 3 p.m."
                | "Thank you for your patience; we will deal with it as soon as possible."
                | "I would like to book a double room for two nights."
                | "This dish is too spicy. Could you use less chili?"
                | "Happy birthday, and may all your wishes come true!"
                | "The product will officially launch next month." | "Please send me the report before Friday."
                | "I am very interested in this position."
                | "Have a safe trip, and send me a message when you arrive."
                | "This book is worth reading again and again." | "The museum is closed on Mondays."
                | "Do you have this in a larger size?"
slot en_foreign = "今天天气真好，我们去公园散步吧。" | "今日はとても良い天気ですね。公園を散歩しましょう。" | "오늘 날씨가 정말 좋네요. 공원에 산책하러 갑시다."
                | "Il fait vraiment beau aujourd'hui, allons nous promener au parc."
                | "Das Wetter ist heute wirklich schön, lassen Sie uns im Park spazieren gehen."
                | "Hoy hace un tiempo estupendo; vamos a dar un paseo por el parque."
                | "Сегодня прекрасная погода, давайте прогуляемся в парке." | "请问附近有地铁站吗？" | "すみません、この近くに地下鉄の駅はありますか？"
                | "실례합니다, 근처에 지하철역이 있습니까?" | "Excusez-moi, y a-t-il une station de métro près d'ici ?"
                | "Entschuldigen Sie, gibt es hier in der Nähe eine U-Bahn-Station?"
                | "Disculpe, ¿hay una estación de metro cerca de aquí?"
                | "Извините, здесь поблизости есть станция метро?" | "会议推迟到下周三下午三点。" | "会議は来週水曜日の午後3時に延期されました。"
                | "회의가 다음 주 수요일 오후 3시로 연기되었습니다." | "La réunion a été reportée à mercredi prochain à 15 heures."
                | "Die Besprechung wurde auf nächsten Mittwoch um 15 Uhr verschoben."
                | "La reunión se ha aplazado al próximo miércoles a las tres de la tarde."
                | "Совещание перенесено на следующую среду, на три часа дня." | "感谢您的耐心等待，我们会尽快处理。"
                | "お待ちいただきありがとうございます。できるだけ早く対応いたします。" | "기다려 주셔서 감사합니다. 최대한 빨리 처리하겠습니다."
                | "Merci de votre patience, nous traiterons votre demande dans les plus brefs délais."
                | "Vielen Dank für Ihre Geduld, wir kümmern uns so schnell wie möglich darum."
                | "Gracias por su paciencia; lo resolveremos lo antes posible."
                | "Спасибо за ваше терпение, мы решим этот вопрос как можно скорее." | "我想预订两晚的双人间。"
                | "ダブルルームを2泊予約したいのですが。" | "더블룸을 2박 예약하고 싶습니다."
                | "Je voudrais réserver une chambre double pour deux nuits."
                | "Ich möchte ein Doppelzimmer für zwei Nächte buchen."
                | "Quisiera reservar una habitación doble para dos noches."
                | "Я хотел бы забронировать двухместный номер на две ночи." | "这道菜太辣了，能少放点辣椒吗？"
                | "この料理は辛すぎます。唐辛子を少なめにしていただけますか？" | "이 요리는 너무 맵습니다. 고추를 좀 덜 넣어 주실 수 있나요?"
                | "Ce plat est trop épicé. Pourriez-vous mettre moins de piment ?"
                | "Dieses Gericht ist zu scharf. Könnten Sie weniger Chili verwenden?"
                | "Este plato pica demasiado. ¿Podría ponerle menos chile?"
                | "Это блюдо слишком острое. Не могли бы вы положить поменьше перца?" | "祝你生日快乐，万事如意！"
                | "お誕生日おめでとうございます。すべてがうまくいきますように！" | "생일을 진심으로 축하드립니다. 모든 일이 뜻대로 이루어지길 바랍니다!"
                | "Joyeux anniversaire, et que tous vos souhaits se réalisent !"
                | "Alles Gute zum Geburtstag, und mögen all Ihre Wünsche in Erfüllung gehen!"
                | "¡Feliz cumpleaños, y que se cumplan todos sus deseos!"
                | "С днём рождения! Пусть сбудутся все ваши желания!" | "产品将于下个月正式上市。" | "製品は来月正式に発売されます。"
                | "제품은 다음 달에 정식 출시됩니다." | "Le produit sera officiellement lancé le mois prochain."
                | "Das Produkt kommt nächsten Monat offiziell auf den Markt."
                | "El producto saldrá oficialmente al mercado el mes que viene."
                | "Продукт официально поступит в продажу в следующем месяце." | "请在周五之前把报告发给我。" | "金曜日までに報告書を送ってください。"
                | "금요일 전까지 보고서를 보내 주십시오." | "Veuillez m'envoyer le rapport avant vendredi."
                | "Bitte schicken Sie mir den Bericht vor Freitag."
                | "Por favor, envíeme el informe antes del viernes." | "Пожалуйста, пришлите мне отчёт до пятницы."
                | "我对这个职位非常感兴趣。" | "このポジションに大変興味を持っております。" | "이 직책에 큰 관심이 있습니다." | "Ce poste m'intéresse beaucoup."
                | "Ich interessiere mich sehr für diese Stelle." | "Estoy muy interesado en este puesto."
                | "Я очень заинтересован в этой должности." | "路上注意安全，到了给我发消息。" | "道中お気をつけて。着いたらメッセージをください。"
                | "조심해서 가시고, 도착하면 메시지를 보내 주세요." | "Faites bon voyage et envoyez-moi un message à votre arrivée."
                | "Gute Fahrt, und schicken Sie mir eine Nachricht, wenn Sie angekommen sind."
                | "Buen viaje, y envíeme un mensaje cuando llegue."
                | "Счастливого пути, напишите мне, когда доберётесь." | "这本书值得反复阅读。" | "この本は何度も読み返す価値があります。"
                | "이 책은 여러 번 읽을 만한 가치가 있습니다." | "Ce livre mérite d'être relu plusieurs fois."
                | "Dieses Buch ist es wert, immer wieder gelesen zu werden."
                | "Este libro merece leerse una y otra vez." | "Эту книгу стоит перечитывать снова и снова."
                | "博物馆周一闭馆。" | "博物館は月曜日が休館日です。" | "박물관은 월요일에 휴관합니다." | "Le musée est fermé le lundi."
                | "Das Museum ist montags geschlossen." | "El museo cierra los lunes."
                | "Музей закрыт по понедельникам." | "请问这件衣服有大一号的吗？" | "この服のワンサイズ大きいものはありますか？" | "이 옷 한 치수 큰 것이 있습니까?"
                | "Avez-vous ce vêtement dans une taille au-dessus ?"
                | "Haben Sie dieses Kleidungsstück eine Nummer größer?"
                | "¿Tiene esta prenda en una talla más grande?" | "У вас есть эта вещь на размер больше?"
slot en_lang    = { "Chinese": "zh", "Mandarin": "zh", "Japanese": "ja", "Korean": "ko", "French": "fr",
                    "German": "de", "Spanish": "es", "Russian": "ru" }
slot lang_en    = { "zh": "Chinese", "en": "English", "ja": "Japanese", "ko": "Korean", "fr": "French", "de": "German",
                    "es": "Spanish", "ru": "Russian" }

scenario en.search.web weight 3 {
    user "Search for {en_query}"
       | "Look up {en_query}[ for me]"
       | "Can you google {en_query}?"
       | "I want to learn about {en_query}. Search the web, please."
       | "Get me {en_count} results on {en_query}"
    call web_search(query=en_query, num_results=en_count) -> s
    assistant "I found {len(s)} results. The top two:\n1. {s[0].title} ({s[0].url})\n2. {s[1].title} ({s[1].url})"
            | "The top result is \"{s[0].title}\": {s[0].snippet}"
}

scenario en.search.recent weight 2 {
    user "Find news about {en_query} {en_range}"
       | "Any articles on {en_query} {en_range}?"
       | "Search for {en_query}, only results {en_range}"
    call web_search(query=en_query, time_range=en_range) -> s
    assistant "I found {len(s)} results {en_range}; the newest is \"{max(s, published).title}\", published {max(s, published).published}."
            | "The most recent one is \"{max(s, published).title}\" ({max(s, published).url}), from {max(s, published).published}."
}

scenario en.search.site {
    user "Search {en_site_topic.value} for {en_site_topic}"
       | "Find something on {en_site_topic} on {en_site_topic.value}"
       | "Is there anything about {en_site_topic} on {en_site_topic.value}?"
    call web_search(query=en_site_topic.text, site=en_site_topic) -> s
    assistant "On {en_site_topic.value} I found {len(s)} results; the first is \"{s[0].title}\" ({s[0].url})."
}

scenario en.search.vague {
    user "Can you search something for me?"
       | "Look something up online for me"
       | "Search the web[, please]"
    ask "Sure, what should I search for?" | "Of course. What are you looking for?"
    user "{en_query}" | "Search for {en_query}." | "I need info on {en_query}."
    call web_search(query=en_query) -> s
    assistant "Top results: {s[0].title} ({s[0].url}); {s[1].title} ({s[1].url})."
}

scenario en.calc.expr weight 3 {
    user "(Calculate|Compute) {en_expr}"
       | "What's {en_expr}?"
       | "{en_expr} = ?"
       | "Can you work out {en_expr}[ for me]?"
       | "Quick math: {en_expr}"
    call calculate(expression=en_expr) -> c
    assistant case {                              # a rounded result is not "=" (the tool rounds to 2 decimal places)
        when c.result == calc(c.expression, 12): "{en_expr} = {c.result}" | "The result is {c.result}."
        else: "{en_expr} ≈ {c.result} (rounded to 2 decimal places)" | "The result is about {c.result}, rounded to 2 decimal places." }
}

scenario en.calc.words weight 2 {
    user "What is {en_math}?"
       | "Calculate {en_math}[, please]"
       | "Can you figure out {en_math}?"
       | "How much is {en_math}?"
    call calculate(expression=en_math) -> c
    assistant case {
        when c.result == calc(c.expression, 12): "So {en_math} is {c.result}." | "That comes to {c.result}."
        else: "So {en_math} is about {c.result} (rounded to 2 decimal places)." | "That comes to about {c.result}, rounded to 2 decimal places." }
}

scenario en.calc.money {                          # money is written to the cent ($17.30, not 17.3)
    user "What is {en_money}?"
       | "How much is {en_money}?"
       | "Can you work out {en_money}[, please]?"
    call calculate(expression=en_money) -> c
    assistant case {                              # a sum rounded to the cent is "about" it
        when c.result == calc(c.expression, 12): "So {en_money} is ${fmt(c.result, 2)}." | "That comes to ${fmt(c.result, 2)}."
        else: "So {en_money} is about ${fmt(c.result, 2)}." | "That comes to about ${fmt(c.result, 2)}, rounded to the cent." }
}

scenario en.calc.precision {
    user "Calculate {en_expr} to {en_prec} decimal places"
       | "What's {en_expr}? Round it to {en_prec} decimals."
       | "Compute {en_expr}, rounded to {en_prec} decimal places"
    call calculate(expression=en_expr, precision=en_prec) -> c
    assistant case {                              # a value with fewer decimals than asked for is exact: not "rounded"
        when c.result == calc(c.expression, 12): "{en_expr} = {c.result} exactly, so there's nothing to round."
        else: "{en_expr} = {c.result} (rounded to {en_prec} decimal places)." }
}

scenario en.translate weight 3 {
    user "Translate \"{en_text}\" into {en_lang}"
       | "How do you say \"{en_text}\" in {en_lang}?"
       | "Translate to {en_lang}: {en_text}"
       | "Can you put this into {en_lang}? {en_text}"
    call translate_text(text=en_text, target_language=en_lang) -> t
    assistant "In {en_lang}: {t.translated_text}" | "Here's the translation: {t.translated_text}"
}

scenario en.translate.to_en weight 2 {
    user "Translate \"{en_foreign}\" into English"
       | "What does \"{en_foreign}\" mean?"
       | "Translate this to English: {en_foreign}"
       | "What's this in English? {en_foreign}"
    call translate_text(text=en_foreign, target_language="en") -> t
    assistant "That's {lang_en[t.source_language]}. It means: {t.translated_text}" | "In English: {t.translated_text}"
}

scenario en.translate.formal {
    user "Translate \"{en_text}\" into {en_lang}, formally"
       | "I need a formal {en_lang} version of \"{en_text}\""
       | "Put \"{en_text}\" into polite, formal {en_lang}"
    call translate_text(text=en_text, target_language=en_lang, formality="formal") -> t
    assistant "Formal {en_lang}: {t.translated_text}"
}

scenario en.translate.vague {
    user "Can you translate something for me?"
       | "I need a translation"
       | "Help me translate a sentence"
    ask "Sure! What's the text, and which language should I translate it into?"
            | "Of course. Send me the text and the target language."
    user "\"{en_text}\" into {en_lang}"
       | "{en_text} Into {en_lang}, please."
       | "Into {en_lang}: {en_text}"
    call translate_text(text=en_text, target_language=en_lang) -> t
    assistant "In {en_lang}: {t.translated_text}"
}

# The search tool is not offered in these rows: the assistant says so and calls nothing.
scenario en.refuse.no_search {
    tools calculate, get_weather
    withhold web_search
    user "Search for {en_query}" | "Look up {en_query}[ for me]" | "Can you google {en_query}?"
    refuse "Sorry, I can't search the web here: none of the tools I have right now can look things up online."
         | "I don't have a web search tool in this conversation, so I can't look that up for you."
}
