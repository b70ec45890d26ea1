# Tools for information work: web_search, calculate, translate_text.
# Shared by info_zh.tool and info_en.tool (see tools_travel.tool for the language conventions).
# Search results come from the site asked for, repeat the query's words and are dated within `time_range`,
# never after the reference date; the calculator's result is the expression's value (`calc`, through the
# simpleeval library); a translation is a real translation of a known sentence (phrases.tool).

locale en_US
import "pools_info_zh.tool"
import "pools_info_en.tool"
import "phrases.tool"

# the earliest publication date each `time_range` allows (relative to the reference date)
slot range_start = { "day": -1d, "week": -7d, "month": -30d, "year": -365d, "any": -1825d }
slot article_no = int(10000..9999999)

tool web_search "Search the web and return the top results with title, URL, snippet and publication date." {
    query: string                                 "Search keywords or question"
                                                  ask zh "请问您想搜索什么内容？"
                                                  ask en "What would you like me to search for?"
    num_results: int(1..10) = 5                   "Number of results to return"
    time_range: "day" | "week" | "month" | "year" | "any" = "any"
                                                  "Only results published within this period before today"
    site: string?                                 "Restrict results to one domain, e.g. zhihu.com"
    returns list[{
        rank: int = index + 1
        title: string = capitalize(query) + title_tail       # a title starts with a capital, the query may not
        url: string = "https://{site ?? news_site}/{url_kind}/{article_no}"
        snippet: string = case { when lang == "zh": snippet_head + "“" + query + "”。" + snippet_tail
                                 else: snippet_head + query + ". " + snippet_tail }
        # within the time range, and not before the latest year the query names (built-in `year_start`): pages
        # about the "2024 Nobel Prize winners" are not from 2022
        published: date(min(today, max(range_start[time_range], year_start(query) ?? range_start[time_range]))..today)
    }](num_results) sorted by rank unique title
}

tool calculate "Evaluate an arithmetic expression exactly (no rounding errors)." {
    expression: string                            "Expression with numbers, + - * / ^ (power), parentheses and sqrt(), e.g. (3 + 5) * 12"
                                                  ask zh "请问您要计算什么？"
                                                  ask en "What would you like me to calculate?"
    precision: int(0..10) = 2                     "Decimal places to round the result to"
    returns {
        expression: string = expression
        result: float = calc(expression, precision)
    }
}

tool translate_text "Translate text into another language." {
    text: string                                  "Text to translate"
                                                  ask zh "请问您要翻译哪段文字？"
                                                  ask en "What text should I translate?"
    target_language: "zh" | "en" | "ja" | "ko" | "fr" | "de" | "es" | "ru"
                                                  "Target language, ISO 639-1 code"
                                                  ask zh "请问要翻译成哪种语言？"
                                                  ask en "Which language should I translate it into?"
    source_language: "auto" | "zh" | "en" | "ja" | "ko" | "fr" | "de" | "es" | "ru" = "auto"
                                                  "Source language; detected automatically when auto"
    formality: "formal" | "informal"?             "Register of the translation, where the target language has one"
    returns {
        source_language: string = phrase_lang[text]
        target_language: string = target_language
        translated_text: string = phrase[target_language + "|" + phrase_id[text]]
    }
}
