# Slots shared by several English scenario files.

locale en_US

# Real cities: en_US `faker.city` only invents names ("New Melanie").
slot en_city = "London" | "Paris" | "Tokyo" | "New York" | "Chicago" | "Seattle" | "Boston" | "San Francisco"
             | "Los Angeles" | "Toronto" | "Vancouver" | "Sydney" | "Melbourne" | "Berlin" | "Madrid" | "Rome"
             | "Amsterdam" | "Dublin" | "Edinburgh" | "Lisbon" | "Vienna" | "Prague" | "Singapore" | "Hong Kong"
             | "Seoul" | "Bangkok" | "Dubai" | "Istanbul" | "Mexico City" | "Austin" | "Denver" | "Miami"
             | "Atlanta" | "Montreal" | "Auckland" | "Cape Town" | "Copenhagen" | "Stockholm" | "Zurich" | "Shanghai"
slot en_day  = { "today": +0d, "tomorrow": +1d, "the day after tomorrow": +2d, "in three days": +3d }
