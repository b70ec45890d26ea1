tool t "x" { tags: list[string]?, n: int(1..3) }
scenario s { user "x" call t(tags=["a", 2], n=[1]) }
