# Web search, calculator and translation (English): single calls, natural language -> expression
# maps, clarification, search -> translate chain.

locale en_US
import "tools_info.tool"

slot en_query   = "latest advances in artificial intelligence" | "2024 Nobel Prize in Physics winners"
                | "Python asyncio tutorial" | "best-selling electric cars this year" | "how to improve sleep quality"
                | "LoRA fine-tuning for large language models" | "how quantum computers work" | "James Webb telescope discoveries"
                | "Rust vs Go performance" | "Mediterranean diet benefits" | "marathon training plan for beginners"
                | "Transformer architecture explained" | "remote work productivity tips" | "history of the Roman Empire"
                | "how to file taxes as a freelancer" | "climate change report 2024" | "best hiking trails in Colorado"
                | "SpaceX Starship launch schedule" | "how to learn Mandarin fast" | "PostgreSQL index tuning"
slot en_range   = { "from the past day": "day", "from the last 24 hours": "day", "from this week": "week",
                    "from the past week": "week", "from the past month": "month", "from this year": "year" }
slot en_count   = int(3..10)
slot en_site    = "github.com" | "wikipedia.org" | "arxiv.org" | "stackoverflow.com" | "reddit.com" | "nytimes.com"
                | "bbc.com" | "medium.com"
slot en_expr    = "25 * 4 + 10" | "(128 + 256) / 4" | "3.14 * 5 ^ 2" | "sqrt(144) + 7" | "1024 / 16 - 9" | "17 * 23"
                | "(45 - 18) * 3.5" | "2 ^ 16" | "999 * 999" | "365 * 24 * 60" | "49.99 * 1.0825" | "(1 + 0.04) ^ 30"
                | "7200 / 36" | "12.5 * 8 - 3.2" | "sqrt(2) * 100" | "(300 - 45) / 15" | "64 * 64 + 12" | "2500 * 0.045 * 5"
slot en_math    = { "the square root of 144": "sqrt(144)", "2 to the power of 10": "2 ^ 10", "365 times 24": "365 * 24",
                    "1000 divided by 8": "1000 / 8", "15 percent of 240": "240 * 0.15", "12 plus 35, times 3": "(12 + 35) * 3",
                    "the square root of 2": "sqrt(2)", "99 squared": "99 ^ 2", "a 20% tip on $86.50": "86.5 * 0.2",
                    "the area of a circle with radius 5": "3.14159 * 5 ^ 2", "3 to the 5th minus 100": "3 ^ 5 - 100",
                    "72 Fahrenheit in Celsius": "(72 - 32) * 5 / 9" }
slot en_prec    = int(0..6)
slot en_text    = "The meeting has been moved to Thursday at 3 pm." | "Where is the nearest train station?"
                | "Thank you for your patience; we will fix this soon." | "I'd like to book a double room for two nights."
                | "Happy birthday, and all the best for the year ahead!" | "The product launches next month."
                | "Please send me the report before Friday." | "I'm very interested in this position."
                | "Could we get the check, please?" | "Our flight was delayed by two hours."
                | "This book is worth reading twice." | "Is this jacket available in a larger size?"
                | "Let's grab coffee next week." | "The museum is closed on Mondays."
slot en_foreign = "今天天气真好。" | "请问洗手间在哪里？" | "我们下周见。" | "这个多少钱？"
                | "Je voudrais un café, s'il vous plaît." | "Das Wetter ist heute sehr schön." | "¿Dónde está la estación de tren?"
                | "お会いできて嬉しいです。" | "Grazie mille per l'aiuto." | "감사합니다, 좋은 하루 되세요."
                | "Где находится ближайшая аптека?" | "Obrigado pela ajuda."
slot en_lang    = { "Chinese": "zh", "Mandarin": "zh", "Japanese": "ja", "Korean": "ko", "French": "fr",
                    "German": "de", "Spanish": "es", "Russian": "ru" }

scenario en.search.web weight 3 {
    user "Search for {en_query}"
       | "Look up {en_query}[ for me]"
       | "Can you google {en_query}?"
       | "I want to learn about {en_query}. Search the web, please."
       | "Find news about {en_query} {en_range}"
       | "Get me {en_count} results on {en_query}"
    call web_search(query=en_query, time_range=en_range, num_results=en_count) -> s
    assistant "Here's what I found:\n1. {s[0].title} ({s[0].url})\n2. {s[1].title} ({s[1].url})"
            | "The most relevant result is \"{s[0].title}\": {s[0].snippet}"
}

scenario en.search.site {
    user "Search {en_site} for {en_query}"
       | "Find something on {en_query} on {en_site}"
       | "Is there anything about {en_query} on {en_site}?"
    call web_search(query=en_query, site=en_site) -> s
    assistant "On {en_site} I found \"{s[0].title}\" ({s[0].url})."
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
    assistant "{en_expr} = {c.result}" | "The result is {c.result}."
}

scenario en.calc.words weight 2 {
    user "What is {en_math}?"
       | "Calculate {en_math}[, please]"
       | "Can you figure out {en_math}?"
       | "How much is {en_math}?"
    call calculate(expression=en_math) -> c
    assistant "{en_math} is {c.result}." | "That comes to {c.result}."
}

scenario en.calc.precision {
    user "Calculate {en_expr} to {en_prec} decimal places"
       | "What's {en_expr}? Round it to {en_prec} decimals."
       | "Compute {en_expr}, rounded to {en_prec} decimal places"
    call calculate(expression=en_expr, precision=en_prec) -> c
    assistant "{en_expr} = {c.result} (rounded to {en_prec} decimal places)."
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
    assistant "It means: {t.translated_text}" | "In English: {t.translated_text}"
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
       | "{en_text} — in {en_lang}, please"
       | "Into {en_lang}: {en_text}"
    call translate_text(text=en_text, target_language=en_lang) -> t
    assistant "In {en_lang}: {t.translated_text}"
}

# Chain: the first result's snippet is translated.
scenario en.search.translate {
    user "Search for {en_query} and translate the top result's snippet into {en_lang}"
       | "Look up {en_query}, then give me the first snippet in {en_lang}"
       | "Find {en_query} and translate the best result's summary to {en_lang}"
    call web_search(query=en_query) -> s
    call translate_text(text=s[0].snippet, target_language=en_lang) -> t
    assistant "Top result: \"{s[0].title}\". In {en_lang}: {t.translated_text}"
}
