# quoted tool and parameter names: any text JSON Schema allows
tool "get-page" "Fetch a page" {
    url: string
    "Content-Type": "text/html" | "application/json"! = "text/html"
}
slot site = "https://example.com" | "https://example.org"
scenario s {
    user "open {site}"
    call "get-pgae"(url=site, "Content-Typ"="text/html")
}
