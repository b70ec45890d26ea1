# Three broken declarations, each reported once; the good ones in between parse.
tool a {
    x int
}
tool ok1 { y: int }
slot s = faker.
scenario sc {
    usr "hello"
}
tool ok2 { z: string }
