# Slots shared by several Chinese scenario files.

locale zh_CN

slot zh_city = faker.city_name                      # 70 real Chinese cities (北京, 成都, ...)
slot zh_day  = { "今天": +0d, "明天": +1d, "后天": +2d, "大后天": +3d }
