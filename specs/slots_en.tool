# Slots shared by several English scenario files: real city names, relative days, and English words for
# result codes that are not English words themselves ("night_life" -> "nightlife").

locale en_US

# 350 real cities around the world, in English (en_US `faker.city` only invents names such as "New Melanie").
slot en_city = "New York" | "Los Angeles" | "Chicago" | "Houston" | "Phoenix" | "Philadelphia" | "San Antonio"
             | "San Diego" | "Dallas" | "San Jose" | "Austin" | "Jacksonville" | "Fort Worth" | "Columbus"
             | "Charlotte" | "San Francisco" | "Indianapolis" | "Seattle" | "Denver" | "Washington, D.C."
             | "Boston" | "El Paso" | "Nashville" | "Detroit" | "Oklahoma City" | "Portland" | "Las Vegas"
             | "Memphis" | "Louisville" | "Baltimore" | "Milwaukee" | "Albuquerque" | "Tucson" | "Fresno"
             | "Sacramento" | "Kansas City" | "Atlanta" | "Miami" | "Raleigh" | "Omaha" | "Minneapolis"
             | "Tulsa" | "Cleveland" | "New Orleans" | "Tampa" | "Honolulu" | "Anchorage" | "Pittsburgh"
             | "Cincinnati" | "St. Louis" | "Orlando" | "Salt Lake City" | "Buffalo" | "Richmond" | "Boise"
             | "Savannah" | "Charleston" | "Santa Fe" | "Madison" | "Providence" | "Toronto" | "Montreal"
             | "Vancouver" | "Calgary" | "Edmonton" | "Ottawa" | "Winnipeg" | "Quebec City" | "Halifax"
             | "Victoria" | "Saskatoon" | "Regina" | "Mexico City" | "Guadalajara" | "Monterrey" | "Cancún"
             | "Oaxaca" | "Havana" | "San Juan" | "Panama City" | "San José" | "Guatemala City" | "Bogotá"
             | "Medellín" | "Cartagena" | "Lima" | "Cusco" | "Quito" | "Santiago" | "Valparaíso"
             | "Buenos Aires" | "Córdoba" | "Mendoza" | "Montevideo" | "São Paulo" | "Rio de Janeiro"
             | "Brasília" | "Salvador" | "Recife" | "La Paz" | "Asunción" | "Caracas" | "London" | "Manchester"
             | "Birmingham" | "Liverpool" | "Leeds" | "Glasgow" | "Edinburgh" | "Bristol" | "Oxford"
             | "Cambridge" | "Cardiff" | "Belfast" | "Dublin" | "Cork" | "Galway" | "Paris" | "Lyon"
             | "Marseille" | "Nice" | "Bordeaux" | "Toulouse" | "Strasbourg" | "Lille" | "Nantes"
             | "Montpellier" | "Berlin" | "Munich" | "Hamburg" | "Frankfurt" | "Cologne" | "Stuttgart"
             | "Düsseldorf" | "Dresden" | "Leipzig" | "Heidelberg" | "Nuremberg" | "Bremen" | "Amsterdam"
             | "Rotterdam" | "The Hague" | "Utrecht" | "Brussels" | "Antwerp" | "Bruges" | "Ghent"
             | "Luxembourg" | "Zurich" | "Geneva" | "Basel" | "Bern" | "Lausanne" | "Vienna" | "Salzburg"
             | "Innsbruck" | "Madrid" | "Barcelona" | "Valencia" | "Seville" | "Granada" | "Málaga" | "Bilbao"
             | "Palma" | "Lisbon" | "Porto" | "Rome" | "Milan" | "Naples" | "Florence" | "Venice" | "Turin"
             | "Bologna" | "Genoa" | "Palermo" | "Verona" | "Pisa" | "Copenhagen" | "Stockholm" | "Gothenburg"
             | "Oslo" | "Bergen" | "Helsinki" | "Reykjavik" | "Tallinn" | "Riga" | "Vilnius" | "Warsaw"
             | "Kraków" | "Gdańsk" | "Wrocław" | "Prague" | "Brno" | "Budapest" | "Bratislava" | "Ljubljana"
             | "Zagreb" | "Split" | "Dubrovnik" | "Belgrade" | "Sarajevo" | "Sofia" | "Bucharest" | "Athens"
             | "Thessaloniki" | "Istanbul" | "Ankara" | "Izmir" | "Antalya" | "Moscow" | "Saint Petersburg"
             | "Kyiv" | "Lviv" | "Odesa" | "Minsk" | "Tbilisi" | "Yerevan" | "Baku" | "Almaty" | "Tashkent"
             | "Cairo" | "Alexandria" | "Marrakesh" | "Casablanca" | "Fez" | "Tunis" | "Algiers" | "Lagos"
             | "Abuja" | "Accra" | "Dakar" | "Addis Ababa" | "Nairobi" | "Mombasa" | "Kampala" | "Kigali"
             | "Dar es Salaam" | "Zanzibar City" | "Johannesburg" | "Cape Town" | "Durban" | "Windhoek"
             | "Lusaka" | "Harare" | "Dubai" | "Abu Dhabi" | "Doha" | "Riyadh" | "Jeddah" | "Muscat"
             | "Kuwait City" | "Manama" | "Amman" | "Beirut" | "Jerusalem" | "Tel Aviv" | "Tehran" | "Mumbai"
             | "Delhi" | "Bangalore" | "Chennai" | "Kolkata" | "Hyderabad" | "Pune" | "Jaipur" | "Ahmedabad"
             | "Panaji" | "Kochi" | "Agra" | "Varanasi" | "Karachi" | "Lahore" | "Islamabad" | "Dhaka"
             | "Kathmandu" | "Colombo" | "Malé" | "Beijing" | "Shanghai" | "Guangzhou" | "Shenzhen" | "Chengdu"
             | "Hangzhou" | "Xi'an" | "Wuhan" | "Nanjing" | "Chongqing" | "Tianjin" | "Suzhou" | "Xiamen"
             | "Qingdao" | "Kunming" | "Harbin" | "Guilin" | "Hong Kong" | "Macau" | "Taipei" | "Kaohsiung"
             | "Tokyo" | "Osaka" | "Kyoto" | "Yokohama" | "Nagoya" | "Sapporo" | "Fukuoka" | "Kobe"
             | "Hiroshima" | "Sendai" | "Nara" | "Naha" | "Seoul" | "Busan" | "Incheon" | "Daegu" | "Jeju City"
             | "Ulaanbaatar" | "Bangkok" | "Chiang Mai" | "Phuket" | "Hanoi" | "Ho Chi Minh City" | "Da Nang"
             | "Hoi An" | "Phnom Penh" | "Siem Reap" | "Vientiane" | "Yangon" | "Kuala Lumpur" | "Penang"
             | "Singapore" | "Jakarta" | "Denpasar" | "Yogyakarta" | "Manila" | "Cebu" | "Sydney" | "Melbourne"
             | "Brisbane" | "Perth" | "Adelaide" | "Canberra" | "Hobart" | "Darwin" | "Cairns" | "Gold Coast"
             | "Auckland" | "Wellington" | "Christchurch" | "Queenstown" | "Suva"

slot en_day  = { "today": +0d, "tomorrow": +1d, "the day after tomorrow": +2d, "in three days": +3d }

slot spot_cat_en = { "historic": "historic site", "nature": "nature spot", "museum": "museum", "theme_park": "theme park",
                     "shopping": "shopping area", "night_life": "nightlife spot", "food_street": "food street" }
slot mode_en     = { "driving": "by car", "walking": "on foot", "transit": "by public transit", "cycling": "by bike" }
