# Tools for information work: web_search, calculate, translate_text.
# Shared by info_zh.tool and info_en.tool (see tools_travel.tool for the language conventions).

locale en_US

tool web_search "Search the web and return the top results with title, URL and snippet." {
    query: string                                 "Search keywords or question"
                                                  ask "请问您想搜索什么内容？"
    num_results: int(1..10) = 5                   "Number of results to return"
    time_range: "day" | "week" | "month" | "year" | "any" = "any"
                                                  "Only results published within this period"
    site: string?                                 "Restrict results to one domain, e.g. zhihu.com"
    returns list[{
        title: string = faker.sentence
        url: string = faker.url
        snippet: string = faker.paragraph
        published: date
    }](3..5)
}

tool calculate "Evaluate an arithmetic expression exactly (no rounding errors)." {
    expression: string                            "Expression with numbers, + - * / ^, parentheses and sqrt(), e.g. (3 + 5) * 12"
                                                  ask "请问您要计算什么？"
    precision: int(0..10) = 2                     "Decimal places to round the result to"
    returns {
        result: float(-5000.0..500000.0)
    }
}

tool translate_text "Translate text into another language." {
    text: string                                  "Text to translate"
                                                  ask "请问您要翻译哪段文字？"
    target_language: "zh" | "en" | "ja" | "ko" | "fr" | "de" | "es" | "ru"
                                                  "Target language, ISO 639-1 code"
                                                  ask "请问要翻译成哪种语言？"
    source_language: "auto" | "zh" | "en" | "ja" | "ko" | "fr" | "de" | "es" | "ru" = "auto"
                                                  "Source language; detected automatically when auto"
    formality: "formal" | "informal"?             "Register of the translation, where the target language has one"
    returns {
        translated_text: string = faker.sentence
        detected_language: "zh" | "en" | "ja" | "fr" | "de" | "es"
    }
}
