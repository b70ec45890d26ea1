# English result pools of the search tool: title tails, snippet openings and endings, sites, URL paths
# (declared under the same names in pools_info_zh.tool). Titles and snippets repeat the query's words.

locale en_US

slot title_tail   = ": a complete guide" | " explained" | " - what you need to know" | ": latest news and analysis"
                  | ": frequently asked questions" | " in 10 minutes" | ": an expert overview" | " | in depth"
                  | ": myths and facts" | ", step by step"
slot snippet_head = "An in-depth look at " | "Everything you need to know about " | "Our editors' take on " | "A practical overview of "
                  | "Experts weigh in on " | "A reader's guide to "
slot snippet_tail = "Includes background, recent developments and common questions." | "Sources and further reading are listed at the end."
                  | "A good starting point for beginners." | "Readers share useful tips in the comments."
                  | "Backed by data and real-world examples."
slot news_site    = "wikipedia.org" | "nytimes.com" | "bbc.com" | "theguardian.com" | "reuters.com" | "medium.com" | "wired.com"
                  | "theverge.com" | "nature.com" | "forbes.com" | "apnews.com" | "arstechnica.com"
slot url_kind     = "article" | "news" | "story" | "p" | "wiki"
