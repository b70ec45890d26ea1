tool "http.get" {
    "Accept-Language": "en" | "zh" = "fr"
    "año": int(1990..2030)! = 1980
}
