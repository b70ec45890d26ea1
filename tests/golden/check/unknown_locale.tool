locale zh_CM
tool t { a: string }
