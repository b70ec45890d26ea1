slot a = fakr.city
slot b = faker.date_between(start_date="-30d", 5)
slot c = faker.pyint(min)
