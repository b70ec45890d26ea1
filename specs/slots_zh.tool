# Slots shared by several Chinese scenario files.

locale zh_CN

slot zh_city = faker.city                           # 356 distinct zh_CN city names: held-out test cities
                                                     # are unseen, so a model must copy, not memorise
slot zh_day  = { "今天": +0d, "明天": +1d, "后天": +2d, "大后天": +3d }
