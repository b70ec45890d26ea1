locale zh_CN
slot city = faker.city
locale en_US
