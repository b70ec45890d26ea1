tool t "café" {}
