# English result pools of the travel tools: restaurant names by cuisine, attraction-name suffixes by
# category, prices. Declared under the same names in pools_travel_zh.tool (localized slots): English
# conversations get these values, Chinese ones the Chinese values. Streets by city are English only (below);
# Chinese conversations take `street` of pools_travel_zh.tool.
# Restaurant names are unique across cuisines; an attraction's name is its city plus a suffix of its category.

locale en_US

slot restaurant_names = {
    "sushi": "Sakura Omakase" | "Kawa Sushi Bar" | "Shiokaze Sushi" | "Nami Sushi Counter" | "Sushi Tsuki"
           | "Hoshi Sushi" | "Sora Omakase" | "Aoi Sushi" | "Tomo Sushi" | "Minato Sushi Bar" | "Umi Sushi House"
           | "Hana Sushi" | "Kaiyo Sushi" | "Koi Sushi"
  , "Thai food": "Elephant Gate Thai" | "Jasmine Rice Kitchen" | "Andaman Thai" | "Som Tam Corner" | "Thai Basil"
               | "Siam Orchid" | "Bangkok Garden" | "Ayutthaya Kitchen" | "Chiang Mai Table" | "Isan Street Kitchen"
               | "Baan Thai" | "Sukhothai" | "Krua Thai" | "Thai Spice House"
  , "pizza": "Crust & Char" | "Napoli Fire Pizza" | "Stone Hearth Pizza" | "Basil & Burrata" | "Margherita Corner"
           | "The Pizza Peel" | "Little Vesuvio" | "Mamma Lucia Pizzeria" | "Flour & Flame" | "Sal's Corner Slice"
           | "Wood Fire Pie Co." | "Blistered Crust" | "Brick Oven Co." | "Slice House"
  , "dim sum": "Bamboo Steamer" | "Lotus Leaf Tea House" | "Phoenix Tea Room" | "Silver Pavilion Dim Sum"
             | "Lucky Dumpling House" | "Har Gow House" | "Jade Dragon Dim Sum" | "Pearl River Tea House"
             | "Canton Dim Sum" | "Dim Sum Palace" | "Red Lantern Dim Sum" | "Dragon Court" | "Emerald Bay Dim Sum"
             | "Crystal Shrimp Tea House"
  , "tacos": "Taqueria El Sol Rojo" | "Tacos Don Chuy" | "El Trompo Dorado" | "Carnitas Don Beto" | "Tacos La Placita"
           | "El Comal Taqueria" | "Birria Corner" | "Taqueria Dos Hermanos" | "Taco Loco" | "Salsa Roja Tacos"
           | "Cilantro Taqueria" | "Al Pastor Corner" | "Masa & Maíz Tacos" | "Tacos El Güero"
  , "ramen": "Ramen Tsubasa" | "Menya Hinode" | "Shoyu Lantern" | "Ramen Kogarashi" | "Yuki Noodle Bar"
           | "Miso Moon Ramen" | "Ramen Kamome" | "Chashu Corner" | "Noodle Alley Ramen" | "Ramen Hotaru"
           | "Tsukimi Ramen" | "Ramen Shack" | "Tonkotsu House" | "Menya Kotobuki"
  , "Indian food": "Copper Handi" | "Marigold Tandoor" | "Garam Masala House" | "Jaipur Thali House" | "Curry Leaf"
                 | "Cardamom & Clove" | "Amritsar Dhaba" | "Lucknow Kebab House" | "Saffron Indian Kitchen"
                 | "Taj Tandoori" | "Chennai Dosa House" | "Kerala Kitchen" | "Mumbai Street" | "Himalayan Curry House"
  , "vegan food": "Green Fork Vegan" | "The Lentil Table" | "Kale & Cashew" | "Meadow Plant Kitchen"
                | "Green Zone Vegan" | "Chickpea Collective" | "The Verdant Bowl" | "Fern & Fig" | "Sprout Café"
                | "Leafy Table" | "Beet & Barley" | "Root & Bloom" | "Greenhouse Vegan Kitchen" | "Sunflower Plant Café"
  , "steak": "Ribeye Room" | "The Cleaver Room" | "The Porterhouse Club" | "Smoke & Sear" | "Hickory Grill House"
           | "Sirloin & Stone" | "The Dry Aged Room" | "Red Oak Steakhouse" | "Tallow & Salt" | "Prime Cut"
           | "Ember Steakhouse" | "The Chop House" | "Iron Skillet Grill" | "Bone-In Grill"
  , "seafood": "Tidewater Fish House" | "The Salty Gull" | "Driftwood Oyster Co." | "Oyster Bar & Grill"
             | "Saltwater Chowder House" | "Fisherman's Wharf Grill" | "The Mussel Shoal" | "Blue Water Seafood"
             | "Harbor House" | "Anchor & Tide" | "Salt Marsh Kitchen" | "Captain's Catch" | "Coral Reef Grill"
             | "Shucker's Oyster Bar"
  , "burgers": "Bun & Patty" | "Smoky Griddle Burgers" | "The Cheddar Stack" | "Brioche & Beef" | "Char Burger Co."
             | "Pickle Jar Burgers" | "Flat Top Burger Bar" | "Bacon & Bun" | "Holy Cow Burgers" | "Patty Wagon"
             | "The Burger Lab" | "Stack House" | "Grill Brothers" | "Double Decker Burgers"
  , "Korean BBQ": "Charcoal Seoul" | "Galbi House" | "Samgyeopsal Corner" | "Busan Charcoal Grill" | "Hanok Table BBQ"
                | "Kimchi & Coals" | "Jeju Black Pork House" | "Insadong Grill" | "Sura Korean Grill" | "Gangnam Grill"
                | "Hanu Korean BBQ" | "Arirang House" | "Ssam Garden BBQ" | "Myeongdong Grill"
  , "Italian food": "Osteria del Ponte" | "Trattoria Lucca" | "Casa Rosa Trattoria" | "La Vigna" | "Gnocchi & Grappa"
                  | "Osteria Sole" | "Trattoria Ferrara" | "Trattoria Roma" | "Nonna's Kitchen" | "Bella Notte"
                  | "Cucina Stella" | "Tuscany Table" | "Ristorante Milano" | "Olive & Thyme"
  , "hot pot": "Yin Yang Pot" | "Numbing Pepper Hot Pot" | "Bubbling Cauldron" | "Chongqing Hot Pot House"
             | "Simmer & Dip" | "Spice River Hot Pot" | "Peppercorn Pot House" | "Swish Shabu Bar" | "Sichuan Fire Pot"
             | "Red Broth" | "Bubbling Pot Co." | "Golden Pot" | "Mongolian Hot Pot Co." | "Chili Oil Hot Pot"
  , "pho": "Pho Mekong" | "Star Anise Pho" | "Pho Saigon" | "Pho Dalat" | "Pho Ha Long" | "Bamboo Bowl Pho"
         | "Hanoi Corner" | "Saigon Noodle House" | "Pho Hoi An" | "Lemongrass Pho" | "Pho Viet" | "Golden Bowl Pho"
         | "Pho Real" | "Little Saigon Kitchen"
  , "Mexican food": "Casa Agave" | "Cocina del Sol" | "La Cocina de Abuela" | "Mesa Poblana" | "Cantina Las Palmas"
                  | "El Nopal Dorado" | "Mezcal House" | "Tierra Roja" | "Chile Ancho Grill" | "Hacienda Grill"
                  | "Cocina Lupita" | "Salsa Verde Kitchen" | "Casa Jalisco" | "El Mariachi"
  , "brunch": "The Early Bird Café" | "Hollandaise House" | "Sunday Skillet" | "The Poached Pear Café"
            | "The Brunch Parlor" | "Sunny Side Café" | "Mimosa Terrace" | "French Toast Social" | "Honey & Oats"
            | "Rise & Shine Kitchen" | "Porch Light Café" | "Avocado & Co." | "The Griddle Room" | "Toast & Co."
  , "Greek food": "Aegean Table" | "Taverna Thalassa" | "Blue Shutters Taverna" | "Ouzo & Oregano" | "Zorba's Taverna"
                | "The Olive Grove" | "Santorini Grill" | "Opa!" | "Mykonos Kitchen" | "Athena Taverna"
                | "Taverna Naxos" | "Pita Pan" | "Souvlaki House" | "Cretan Kitchen"
  , "*": "The Local Table" | "Elm Street Bistro" | "Main Street Diner" | "The Copper Kettle" | "Harvest Kitchen"
       | "The Blue Door" | "Birch & Barrel" | "Willow Lane Bistro" | "The Grand Café" | "Market Street Grill"
       | "Old Town Tavern" | "Lantern House" | "Riverside Kitchen" | "The Garden Room"
}

# Sights a search makes up, named after their city. `spot_suffix[category + new_world[street_area[city]]]` first:
# a city of the United States, Canada, Australia or New Zealand has a historic district, no city walls, castle or
# fortress; a name tied to one region or to water (a hawker centre, a maritime museum, a harbour promenade) is in
# no pool, since a city of any region may draw it.
slot spot_suffix = {
    "historic": "Old Town" | "Old City Walls" | "Cathedral" | "Castle" | "Historic District" | "Old Town Hall"
              | "Heritage Village" | "City Gate" | "Clock Tower" | "Fortress"
  , "historic_new": "Historic District" | "Old Town Hall" | "Heritage Village" | "Clock Tower" | "Old Courthouse"
                  | "Heritage Park" | "Historic Depot" | "Pioneer Village" | "Old Mill" | "Historic Main Street"
  , "nature": "Botanical Garden" | "Riverside Park" | "Nature Reserve" | "Forest Park" | "Nature Trail"
            | "Wetland Park" | "Country Park" | "City Park" | "Arboretum" | "Greenway Trail"
  , "museum": "History Museum" | "Museum of Art" | "Science Center" | "Natural History Museum" | "Transport Museum"
            | "Museum of Modern Art" | "City Museum" | "Railway Museum" | "Aquarium" | "Design Museum"
  , "theme_park": "Zoo" | "Adventure Park" | "Water Park" | "Amusement Park" | "Safari Park" | "Children's Park"
                | "Funland" | "Wildlife Park" | "Film Studios" | "Dinosaur Park"
  , "shopping": "Central Mall" | "Outlet Village" | "Shopping Arcade" | "Flea Market" | "Market Hall"
              | "Shopping Street" | "Design District" | "Galleria" | "Antique Market" | "Town Center Mall"
  , "night_life": "Night Market" | "Jazz Bar Street" | "Rooftop Bar District" | "Nightlife Quarter" | "Night Bazaar"
                | "Night Walk" | "Bar Street" | "Cocktail Row" | "Live Music Strip" | "Lantern Promenade"
  , "food_street": "Food Street" | "Food Hall" | "Street Food Market" | "Food Market" | "Food Court"
                 | "Night Food Bazaar" | "Gourmet Market" | "Food Truck Park" | "Market Lane" | "Snack Alley"
}

slot new_world = { "us": "_new", "ca": "_new", "qc": "_new", "anz": "_new", "*": "" }

# Typical spend per person by cuisine: the cheapest and the dearest places a search may return (tacos are not
# 120 a head); "*" for cuisines not listed.
slot price_lo = { "sushi": 20, "Thai food": 12, "pizza": 10, "dim sum": 15, "tacos": 8, "ramen": 14, "Indian food": 14,
                  "vegan food": 14, "steak": 15, "seafood": 15, "burgers": 8, "Korean BBQ": 15, "Italian food": 15,
                  "hot pot": 15, "pho": 10, "Mexican food": 12, "brunch": 15, "Greek food": 15, "*": 12 }
slot price_hi = { "sushi": 150, "Thai food": 40, "pizza": 35, "dim sum": 50, "tacos": 25, "ramen": 30, "Indian food": 50,
                  "vegan food": 45, "steak": 150, "seafood": 90, "burgers": 25, "Korean BBQ": 70, "Italian food": 80,
                  "hot pot": 60, "pho": 22, "Mexican food": 50, "brunch": 40, "Greek food": 60, "*": 60 }
# the highest ticket price of an attraction per category, in US dollars (0: free to enter)
slot spot_price_max = { "historic": 30, "nature": 25, "museum": 30, "theme_park": 160, "shopping": 0, "night_life": 0,
                        "food_street": 0 }
# the lowest: a theme park is never free nor a few dollars (other kinds may be free to enter)
slot spot_price_min = { "theme_park": 30, "*": 0 }

# Streets of a result's address by where the search was (`street_area[location]`): names common in the
# city's country, or that city's own (a restaurant in Paris is on the Rue Victor Hugo, not on a made-up US
# street), written after the house number or before it as there (`number_after`). A place not listed (an
# address the user typed) is in the user's own country: US streets.
slot street_area = { "New York": "us", "Los Angeles": "us", "Chicago": "us", "Houston": "us", "Phoenix": "us",
                     "Philadelphia": "us", "San Antonio": "us", "San Diego": "us", "Dallas": "us", "San Jose": "us",
                     "Austin": "us", "Jacksonville": "us", "Fort Worth": "us", "Columbus": "us", "Charlotte": "us",
                     "San Francisco": "us", "Indianapolis": "us", "Seattle": "us", "Denver": "us",
                     "Washington, D.C.": "us", "Boston": "us", "El Paso": "us", "Nashville": "us", "Detroit": "us",
                     "Oklahoma City": "us", "Portland": "us", "Las Vegas": "us", "Memphis": "us", "Louisville": "us",
                     "Baltimore": "us", "Milwaukee": "us", "Albuquerque": "us", "Tucson": "us", "Fresno": "us",
                     "Sacramento": "us", "Kansas City": "us", "Atlanta": "us", "Miami": "us", "Raleigh": "us",
                     "Omaha": "us", "Minneapolis": "us", "Tulsa": "us", "Cleveland": "us", "New Orleans": "us",
                     "Tampa": "us", "Honolulu": "us", "Anchorage": "us", "Pittsburgh": "us", "Cincinnati": "us",
                     "St. Louis": "us", "Orlando": "us", "Salt Lake City": "us", "Buffalo": "us", "Richmond": "us",
                     "Boise": "us", "Savannah": "us", "Charleston": "us", "Santa Fe": "us", "Madison": "us",
                     "Providence": "us", "Toronto": "ca", "Montreal": "qc", "Vancouver": "ca", "Calgary": "ca",
                     "Edmonton": "ca", "Ottawa": "ca", "Winnipeg": "ca", "Quebec City": "qc", "Halifax": "ca",
                     "Victoria": "ca", "Saskatoon": "ca", "Regina": "ca", "Mexico City": "mx", "Guadalajara": "mx",
                     "Monterrey": "mx", "Cancún": "mx", "Oaxaca": "mx", "Havana": "latam", "San Juan": "latam",
                     "Panama City": "latam", "San José": "latam", "Guatemala City": "latam", "Bogotá": "latam",
                     "Medellín": "latam", "Cartagena": "latam", "Lima": "latam", "Cusco": "latam", "Quito": "latam",
                     "Santiago": "latam", "Valparaíso": "latam", "Buenos Aires": "latam", "Córdoba": "latam",
                     "Mendoza": "latam", "Montevideo": "latam", "São Paulo": "br", "Rio de Janeiro": "br",
                     "Brasília": "br", "Salvador": "br", "Recife": "br", "La Paz": "latam", "Asunción": "latam",
                     "Caracas": "latam", "London": "uk", "Manchester": "uk", "Birmingham": "uk", "Liverpool": "uk",
                     "Leeds": "uk", "Glasgow": "uk", "Edinburgh": "uk", "Bristol": "uk", "Oxford": "uk",
                     "Cambridge": "uk", "Cardiff": "uk", "Belfast": "uk", "Dublin": "uk", "Cork": "uk", "Galway": "uk",
                     "Paris": "fr", "Lyon": "fr", "Marseille": "fr", "Nice": "fr", "Bordeaux": "fr", "Toulouse": "fr",
                     "Strasbourg": "fr", "Lille": "fr", "Nantes": "fr", "Montpellier": "fr", "Berlin": "de",
                     "Munich": "de", "Hamburg": "de", "Frankfurt": "de", "Cologne": "de", "Stuttgart": "de",
                     "Düsseldorf": "de", "Dresden": "de", "Leipzig": "de", "Heidelberg": "de", "Nuremberg": "de",
                     "Bremen": "de", "Amsterdam": "nl", "Rotterdam": "nl", "The Hague": "nl", "Utrecht": "nl",
                     "Brussels": "fr_be_ch", "Antwerp": "nl", "Bruges": "nl", "Ghent": "nl", "Luxembourg": "fr_be_ch",
                     "Zurich": "ch_de", "Geneva": "fr_be_ch", "Basel": "ch_de", "Bern": "ch_de",
                     "Lausanne": "fr_be_ch", "Vienna": "de", "Salzburg": "de", "Innsbruck": "de", "Madrid": "es",
                     "Barcelona": "es", "Valencia": "es", "Seville": "es", "Granada": "es", "Málaga": "es",
                     "Bilbao": "es", "Palma": "es", "Lisbon": "pt", "Porto": "pt", "Rome": "it", "Milan": "it",
                     "Naples": "it", "Florence": "it", "Venice": "it", "Turin": "it", "Bologna": "it", "Genoa": "it",
                     "Palermo": "it", "Verona": "it", "Pisa": "it", "Copenhagen": "dk", "Stockholm": "se",
                     "Gothenburg": "se", "Oslo": "no", "Bergen": "no", "Helsinki": "fi", "Reykjavik": "is",
                     "Tallinn": "ee", "Riga": "lv", "Vilnius": "lt", "Warsaw": "pl", "Kraków": "pl", "Gdańsk": "pl",
                     "Wrocław": "pl", "Prague": "cz", "Brno": "cz", "Budapest": "hu", "Bratislava": "sk",
                     "Ljubljana": "si", "Zagreb": "hr", "Split": "hr", "Dubrovnik": "hr", "Belgrade": "belgrade",
                     "Sarajevo": "sarajevo", "Sofia": "sofia", "Bucharest": "bucharest", "Athens": "athens",
                     "Thessaloniki": "thessaloniki", "Istanbul": "tr", "Ankara": "tr", "Izmir": "tr", "Antalya": "tr",
                     "Moscow": "moscow", "Saint Petersburg": "spb", "Kyiv": "kyiv", "Lviv": "lviv", "Odesa": "odesa",
                     "Minsk": "minsk", "Tbilisi": "tbilisi", "Yerevan": "yerevan", "Baku": "baku", "Almaty": "almaty",
                     "Tashkent": "tashkent", "Cairo": "cairo", "Alexandria": "alexandria", "Marrakesh": "ma",
                     "Casablanca": "ma", "Fez": "ma", "Tunis": "tunis", "Algiers": "algiers", "Lagos": "ng",
                     "Abuja": "ng", "Accra": "accra", "Dakar": "dakar", "Addis Ababa": "addis", "Nairobi": "ke",
                     "Mombasa": "ke", "Kampala": "kampala", "Kigali": "kigali", "Dar es Salaam": "tz",
                     "Zanzibar City": "tz", "Johannesburg": "za", "Cape Town": "za", "Durban": "za",
                     "Windhoek": "windhoek", "Lusaka": "lusaka", "Harare": "harare", "Dubai": "dubai",
                     "Abu Dhabi": "abudhabi", "Doha": "doha", "Riyadh": "sa", "Jeddah": "sa", "Muscat": "muscat",
                     "Kuwait City": "kuwait", "Manama": "manama", "Amman": "amman", "Beirut": "beirut",
                     "Jerusalem": "jerusalem", "Tel Aviv": "telaviv", "Tehran": "tehran", "Mumbai": "in",
                     "Delhi": "in", "Bangalore": "in", "Chennai": "in", "Kolkata": "in", "Hyderabad": "in",
                     "Pune": "in", "Jaipur": "in", "Ahmedabad": "in", "Panaji": "in", "Kochi": "in", "Agra": "in",
                     "Varanasi": "in", "Karachi": "pk", "Lahore": "pk", "Islamabad": "pk", "Dhaka": "dhaka",
                     "Kathmandu": "kathmandu", "Colombo": "colombo", "Malé": "male", "Beijing": "cn", "Shanghai": "cn",
                     "Guangzhou": "cn", "Shenzhen": "cn", "Chengdu": "cn", "Hangzhou": "cn", "Xi'an": "cn",
                     "Wuhan": "cn", "Nanjing": "cn", "Chongqing": "cn", "Tianjin": "cn", "Suzhou": "cn",
                     "Xiamen": "cn", "Qingdao": "cn", "Kunming": "cn", "Harbin": "cn", "Guilin": "cn",
                     "Hong Kong": "hk", "Macau": "macau", "Taipei": "tw", "Kaohsiung": "tw", "Tokyo": "jp",
                     "Osaka": "jp", "Kyoto": "jp", "Yokohama": "jp", "Nagoya": "jp", "Sapporo": "jp", "Fukuoka": "jp",
                     "Kobe": "jp", "Hiroshima": "jp", "Sendai": "jp", "Nara": "jp", "Naha": "jp", "Seoul": "kr",
                     "Busan": "kr", "Incheon": "kr", "Daegu": "kr", "Jeju City": "kr", "Ulaanbaatar": "ulaanbaatar",
                     "Bangkok": "bangkok", "Chiang Mai": "chiangmai", "Phuket": "phuket", "Hanoi": "vn",
                     "Ho Chi Minh City": "vn", "Da Nang": "vn", "Hoi An": "vn", "Phnom Penh": "phnompenh",
                     "Siem Reap": "siemreap", "Vientiane": "vientiane", "Yangon": "yangon", "Kuala Lumpur": "kl",
                     "Penang": "penang", "Singapore": "sg", "Jakarta": "id", "Denpasar": "id", "Yogyakarta": "id",
                     "Manila": "ph", "Cebu": "ph", "Sydney": "anz", "Melbourne": "anz", "Brisbane": "anz",
                     "Perth": "anz", "Adelaide": "anz", "Canberra": "anz", "Hobart": "anz", "Darwin": "anz",
                     "Cairns": "anz", "Gold Coast": "anz", "Auckland": "anz", "Wellington": "anz",
                     "Christchurch": "anz", "Queenstown": "anz", "Suva": "suva", "*": "us" }
slot streets = {
    "us": "Main Street" | "Oak Street" | "Maple Avenue" | "Washington Street" | "Park Avenue" | "Elm Street"
        | "Lincoln Avenue" | "Pine Street" | "Market Street" | "Broadway" | "Cedar Street" | "Jefferson Avenue"
        | "Lake Street" | "Church Street" | "Franklin Street" | "Center Street",
    "ca": "King Street" | "Queen Street" | "Main Street" | "Wellington Street" | "Victoria Street" | "Front Street"
        | "Elgin Street" | "Albert Street" | "Church Street" | "Dundas Street",
    "qc": "Rue Saint-Denis" | "Boulevard René-Lévesque" | "Rue Saint-Paul" | "Rue Notre-Dame" | "Rue Saint-Jean"
        | "Rue Sherbrooke",
    "mx": "Avenida Juárez" | "Calle Hidalgo" | "Calle Morelos" | "Calle Allende" | "Calle Madero"
        | "Avenida Revolución" | "Calle Zaragoza" | "Avenida Independencia",
    "latam": "Avenida Bolívar" | "Calle Sucre" | "Avenida del Libertador" | "Calle Independencia"
           | "Avenida San Martín" | "Avenida Colón" | "Calle Junín" | "Calle Ayacucho",
    "br": "Rua Sete de Setembro" | "Avenida Brasil" | "Rua XV de Novembro" | "Rua Direita" | "Rua das Flores"
        | "Avenida Getúlio Vargas" | "Rua Tiradentes" | "Rua Barão do Rio Branco",
    "uk": "High Street" | "Station Road" | "Church Street" | "Victoria Road" | "Park Road" | "Mill Lane"
        | "King Street" | "Queen Street" | "George Street" | "Castle Street" | "Market Street" | "Bridge Street",
    "fr": "Rue de la République" | "Rue Victor Hugo" | "Avenue Jean Jaurès" | "Rue Pasteur" | "Boulevard Gambetta"
        | "Rue du Général de Gaulle" | "Rue de la Gare" | "Rue Nationale" | "Place du Marché" | "Rue Saint-Jacques"
        | "Avenue de la Liberté" | "Rue des Écoles",
    "fr_be_ch": "Rue de la Gare" | "Rue du Marché" | "Avenue de la Gare" | "Rue Neuve" | "Rue du Lac"
              | "Rue de l'Église" | "Place du Marché" | "Rue Haute",
    "de": "Hauptstraße" | "Bahnhofstraße" | "Schulstraße" | "Gartenstraße" | "Kirchstraße" | "Bergstraße"
        | "Lindenstraße" | "Goethestraße" | "Schillerstraße" | "Marktplatz" | "Mühlenweg" | "Friedrichstraße",
    "ch_de": "Bahnhofstrasse" | "Hauptstrasse" | "Kirchgasse" | "Marktgasse" | "Seestrasse" | "Dorfstrasse"
           | "Rathausgasse" | "Spitalgasse",
    "nl": "Kerkstraat" | "Dorpsstraat" | "Stationsstraat" | "Molenstraat" | "Schoolstraat" | "Nieuwstraat"
        | "Hoogstraat" | "Kloosterstraat" | "Brugstraat" | "Marktstraat",
    "es": "Calle Mayor" | "Calle Real" | "Avenida de la Constitución" | "Calle de la Iglesia" | "Calle Nueva"
        | "Calle San Juan" | "Gran Vía" | "Calle del Carmen" | "Calle del Sol" | "Plaza Mayor",
    "pt": "Rua Direita" | "Rua da Liberdade" | "Rua das Flores" | "Avenida da República" | "Rua do Comércio"
        | "Rua Nova" | "Rua Cinco de Outubro" | "Rua de Santo António",
    "it": "Via Roma" | "Via Garibaldi" | "Via Mazzini" | "Corso Vittorio Emanuele II" | "Via Dante" | "Via Cavour"
        | "Via Marconi" | "Via Verdi" | "Corso Italia" | "Via XX Settembre" | "Via Nazionale",
    "dk": "Vestergade" | "Østergade" | "Nørregade" | "Søndergade" | "Bredgade" | "Kongensgade" | "Torvegade"
        | "Jernbanegade",
    "se": "Storgatan" | "Drottninggatan" | "Kungsgatan" | "Järnvägsgatan" | "Kyrkogatan" | "Skolgatan" | "Nygatan"
        | "Torggatan",
    "no": "Storgata" | "Kirkegata" | "Kongens gate" | "Dronningens gate" | "Strandgata" | "Torggata" | "Skolegata"
        | "Jernbanegata",
    "fi": "Kauppakatu" | "Kirkkokatu" | "Rautatienkatu" | "Satamakatu" | "Koulukatu" | "Puistokatu"
        | "Aleksanterinkatu" | "Kalevankatu",
    "is": "Laugavegur" | "Skólavörðustígur" | "Bankastræti" | "Hverfisgata" | "Austurstræti" | "Lækjargata",
    "ee": "Pärnu maantee" | "Narva maantee" | "Tartu maantee" | "Viru tänav" | "Harju tänav" | "Rävala puiestee",
    "lv": "Brīvības iela" | "Elizabetes iela" | "Krišjāņa Barona iela" | "Tērbatas iela" | "Gertrūdes iela"
        | "Kalēju iela",
    "lt": "Gedimino prospektas" | "Pilies gatvė" | "Vilniaus gatvė" | "Didžioji gatvė" | "Vokiečių gatvė"
        | "Totorių gatvė",
    "pl": "ul. Mickiewicza" | "ul. Kościuszki" | "ul. Słowackiego" | "ul. Długa" | "ul. Kolejowa" | "ul. Szkolna"
        | "ul. Ogrodowa" | "ul. Piłsudskiego" | "ul. Sienkiewicza",
    "cz": "Masarykova" | "Palackého" | "Husova" | "Komenského" | "Nádražní" | "Školní" | "Nová" | "Jungmannova",
    "hu": "Andrássy út" | "Rákóczi út" | "Kossuth Lajos utca" | "Váci utca" | "Király utca" | "Dohány utca",
    "sk": "Obchodná" | "Štúrova" | "Hlavná" | "Panská" | "Michalská" | "Laurinská",
    "si": "Slovenska cesta" | "Trubarjeva cesta" | "Prešernova cesta" | "Čopova ulica" | "Wolfova ulica"
        | "Cankarjeva cesta",
    "hr": "Ilica" | "Ulica kralja Zvonimira" | "Vukovarska ulica" | "Ulica Ante Starčevića" | "Ulica Stjepana Radića"
        | "Ulica Petra Preradovića",
    "belgrade": "Knez Mihailova" | "Bulevar kralja Aleksandra" | "Nemanjina" | "Takovska" | "Kralja Milana"
              | "Makedonska",
    "sarajevo": "Ferhadija" | "Maršala Tita" | "Zelenih beretki" | "Titova" | "Obala Kulina bana"
              | "Branilaca Sarajeva",
    "sofia": "Vitosha Boulevard" | "Rakovski Street" | "Graf Ignatiev Street" | "Tsar Osvoboditel Boulevard"
           | "Shipka Street" | "Oborishte Street",
    "bucharest": "Calea Victoriei" | "Bulevardul Magheru" | "Strada Lipscani" | "Bulevardul Unirii"
               | "Strada Academiei" | "Calea Dorobanților",
    "athens": "Ermou" | "Panepistimiou" | "Stadiou" | "Athinas" | "Adrianou" | "Voukourestiou",
    "thessaloniki": "Egnatia" | "Tsimiski" | "Aristotelous" | "Mitropoleos" | "Agias Sofias" | "Ermou",
    "tr": "Atatürk Caddesi" | "Cumhuriyet Caddesi" | "İnönü Caddesi" | "Mithatpaşa Caddesi" | "Fevzi Paşa Caddesi"
        | "Kazım Karabekir Caddesi" | "Gazi Mustafa Kemal Bulvarı",
    "moscow": "Tverskaya Street" | "Arbat Street" | "Myasnitskaya Street" | "Pokrovka Street" | "Petrovka Street"
            | "Bolshaya Nikitskaya Street",
    "spb": "Nevsky Prospekt" | "Liteyny Prospekt" | "Sadovaya Street" | "Bolshaya Morskaya Street"
         | "Gorokhovaya Street" | "Rubinstein Street",
    "kyiv": "Khreshchatyk Street" | "Volodymyrska Street" | "Shevchenko Boulevard" | "Andriivskyi Descent"
          | "Saksahanskoho Street" | "Velyka Vasylkivska Street",
    "lviv": "Svobody Avenue" | "Shevchenka Avenue" | "Rynok Square" | "Krakivska Street" | "Staroievreiska Street"
          | "Doroshenka Street",
    "odesa": "Deribasivska Street" | "Rishelievska Street" | "Pushkinska Street" | "Katerynynska Street"
           | "Prymorskyi Boulevard" | "Hretska Street",
    "minsk": "Independence Avenue" | "Nemiga Street" | "Karl Marx Street" | "Lenin Street" | "Kirova Street"
           | "Internatsionalnaya Street",
    "tbilisi": "Rustaveli Avenue" | "Chavchavadze Avenue" | "Aghmashenebeli Avenue" | "Leselidze Street"
             | "Kostava Street" | "Pekini Avenue",
    "yerevan": "Abovyan Street" | "Mashtots Avenue" | "Northern Avenue" | "Tumanyan Street" | "Saryan Street"
             | "Amiryan Street",
    "baku": "Nizami Street" | "Neftchilar Avenue" | "Istiglaliyyat Street" | "Fuzuli Street"
          | "Rashid Behbudov Street" | "Azadliq Avenue",
    "almaty": "Abay Avenue" | "Dostyk Avenue" | "Panfilov Street" | "Tole Bi Street" | "Furmanov Street"
            | "Zhibek Zholy Avenue",
    "tashkent": "Amir Temur Avenue" | "Navoi Street" | "Shota Rustaveli Street" | "Mustaqillik Avenue"
              | "Afrosiyob Street" | "Buyuk Ipak Yuli Street",
    "cairo": "Tahrir Street" | "Talaat Harb Street" | "Qasr El Nil Street" | "26th of July Street" | "Ramses Street"
           | "Abdel Khalek Tharwat Street",
    "alexandria": "El Horreya Road" | "Fouad Street" | "Saad Zaghloul Street" | "Safiya Zaghloul Street"
                | "El Geish Road" | "Nabi Daniel Street",
    "ma": "Avenue Mohammed V" | "Boulevard Hassan II" | "Avenue Hassan II" | "Boulevard Mohammed VI"
        | "Rue de la Liberté" | "Avenue des FAR",
    "tunis": "Avenue Habib Bourguiba" | "Avenue de France" | "Rue de Marseille" | "Avenue de Paris"
           | "Rue Charles de Gaulle" | "Avenue Mohamed V",
    "algiers": "Rue Didouche Mourad" | "Boulevard Zighoud Youcef" | "Rue Larbi Ben M'hidi" | "Boulevard Mohamed V"
             | "Rue Hassiba Ben Bouali" | "Boulevard Krim Belkacem",
    "ng": "Awolowo Road" | "Adeola Odeku Street" | "Ahmadu Bello Way" | "Herbert Macaulay Way" | "Broad Street"
        | "Aminu Kano Crescent",
    "accra": "Oxford Street" | "Independence Avenue" | "Liberation Road" | "Kwame Nkrumah Avenue"
           | "Ring Road Central" | "Castle Road",
    "dakar": "Avenue Léopold Sédar Senghor" | "Avenue Georges Pompidou" | "Rue Carnot" | "Boulevard de la République"
           | "Avenue Cheikh Anta Diop" | "Rue Mohamed V",
    "addis": "Churchill Avenue" | "Bole Road" | "Africa Avenue" | "Ras Mekonnen Avenue" | "Haile Gebrselassie Road"
           | "Cameroon Street",
    "ke": "Moi Avenue" | "Kenyatta Avenue" | "Haile Selassie Avenue" | "Nkrumah Road" | "Digo Road"
        | "Tom Mboya Street",
    "kampala": "Kampala Road" | "Jinja Road" | "Acacia Avenue" | "Nile Avenue" | "Parliament Avenue" | "Bombo Road",
    "kigali": "KN 3 Road" | "KG 7 Avenue" | "KN 4 Avenue" | "KG 11 Avenue" | "KN 5 Road" | "KG 9 Avenue",
    "tz": "Samora Avenue" | "Ali Hassan Mwinyi Road" | "Bibi Titi Mohamed Street" | "Morogoro Road" | "Kenyatta Road"
        | "Gizenga Street",
    "za": "Main Road" | "Church Street" | "Voortrekker Road" | "Victoria Road" | "Beach Road" | "Oxford Road"
        | "Long Street" | "Jan Smuts Avenue",
    "windhoek": "Independence Avenue" | "Sam Nujoma Drive" | "Robert Mugabe Avenue" | "Fidel Castro Street"
              | "Nelson Mandela Avenue" | "Hosea Kutako Drive",
    "lusaka": "Cairo Road" | "Independence Avenue" | "Great East Road" | "Church Road" | "Addis Ababa Drive"
            | "Los Angeles Boulevard",
    "harare": "Samora Machel Avenue" | "Julius Nyerere Way" | "Jason Moyo Avenue" | "Robert Mugabe Road"
            | "Nelson Mandela Avenue" | "Leopold Takawira Street",
    "dubai": "Sheikh Zayed Road" | "Al Wasl Road" | "Jumeirah Beach Road" | "Al Khail Road" | "Al Maktoum Road"
           | "Al Rigga Road",
    "abudhabi": "Corniche Road" | "Hamdan Street" | "Electra Street" | "Airport Road" | "Khalifa Street"
              | "Al Falah Street",
    "doha": "Corniche Street" | "Salwa Road" | "C Ring Road" | "Al Rayyan Road" | "Grand Hamad Street"
          | "Al Sadd Street",
    "sa": "King Fahd Road" | "King Abdulaziz Road" | "Tahlia Street" | "Prince Sultan Street" | "Olaya Street"
        | "Madinah Road",
    "muscat": "Sultan Qaboos Street" | "Al Bahri Road" | "18th November Street" | "Al Khuwair Street"
            | "Al Kharjiyah Street" | "Muttrah Corniche",
    "kuwait": "Gulf Road" | "Fahad Al-Salem Street" | "Soor Street" | "Abdullah Al-Salem Street" | "Al-Hilali Street"
            | "Ahmad Al-Jaber Street",
    "manama": "Government Avenue" | "Exhibition Road" | "Bab Al Bahrain Avenue" | "Palace Avenue"
            | "Sheikh Isa Avenue" | "Al Fateh Highway",
    "amman": "Rainbow Street" | "Zahran Street" | "Mecca Street" | "King Hussein Street" | "Prince Mohammed Street"
           | "Wasfi Al-Tal Street",
    "beirut": "Hamra Street" | "Bliss Street" | "Gouraud Street" | "Armenia Street" | "Monot Street"
            | "Mar Mikhael Street",
    "jerusalem": "Jaffa Road" | "King George Street" | "Ben Yehuda Street" | "Emek Refaim Street" | "Hillel Street"
               | "Agripas Street",
    "telaviv": "Dizengoff Street" | "Rothschild Boulevard" | "Allenby Street" | "Ben Yehuda Street"
             | "Ibn Gabirol Street" | "Sheinkin Street",
    "tehran": "Valiasr Street" | "Enghelab Street" | "Azadi Street" | "Shariati Street" | "Ferdowsi Street"
            | "Taleghani Street",
    "in": "MG Road" | "Station Road" | "Nehru Road" | "Gandhi Road" | "Subhash Road" | "Tilak Road" | "Ambedkar Road"
        | "Patel Road" | "Park Street" | "Church Street",
    "pk": "Jinnah Road" | "Mall Road" | "Shahrah-e-Faisal" | "Allama Iqbal Road" | "Club Road" | "Liaquat Road"
        | "Jinnah Avenue",
    "dhaka": "Mirpur Road" | "Satmasjid Road" | "Airport Road" | "Kemal Ataturk Avenue" | "Gulshan Avenue"
           | "Elephant Road",
    "kathmandu": "Durbar Marg" | "Kantipath" | "Tridevi Marg" | "New Road" | "Lazimpat Road" | "Jhochhen Tole",
    "colombo": "Galle Road" | "Duplication Road" | "Union Place" | "Marine Drive" | "Ward Place"
             | "Bauddhaloka Mawatha",
    "male": "Majeedhee Magu" | "Boduthakurufaanu Magu" | "Chandhanee Magu" | "Orchid Magu" | "Sosun Magu"
          | "Ameenee Magu",
    "cn": "Zhongshan Road" | "Renmin Road" | "Jiefang Road" | "Jianshe Road" | "Heping Road" | "Xinhua Road"
        | "Wenhua Road" | "Zhongshan North Road",
    "hk": "Nathan Road" | "Queen's Road Central" | "Des Voeux Road Central" | "Hennessy Road" | "Canton Road"
        | "Lockhart Road",
    "macau": "Avenida de Almeida Ribeiro" | "Rua do Campo" | "Avenida da Praia Grande" | "Rua da Felicidade"
           | "Avenida do Infante D. Henrique" | "Rua de São Paulo",
    "tw": "Zhongshan Road" | "Zhongzheng Road" | "Minsheng Road" | "Minzu Road" | "Zhonghua Road" | "Heping Road",
    "jp": "Chuo-dori" | "Ekimae-dori" | "Showa-dori" | "Taisho-dori" | "Hon-dori" | "Meiji-dori",
    "kr": "Jungang-ro" | "Jungang-daero" | "Munhwa-ro" | "Jong-ro" | "Sejong-daero" | "Gwangbok-ro",
    "ulaanbaatar": "Peace Avenue" | "Chinggis Avenue" | "Seoul Street" | "Baga Toiruu" | "Juulchin Street"
                 | "Olympic Street",
    "bangkok": "Sukhumvit Road" | "Silom Road" | "Rama IV Road" | "Ratchadamri Road" | "Charoen Krung Road"
             | "Phetchaburi Road",
    "chiangmai": "Nimmanhaemin Road" | "Huay Kaew Road" | "Tha Phae Road" | "Chang Klan Road" | "Ratchadamnoen Road"
               | "Loi Kroh Road",
    "phuket": "Thalang Road" | "Rat-U-Thit Road" | "Phang Nga Road" | "Thepkrasattri Road" | "Bangla Road"
            | "Dibuk Road",
    "vn": "Le Loi Street" | "Tran Hung Dao Street" | "Hai Ba Trung Street" | "Le Duan Street" | "Quang Trung Street"
        | "Phan Chu Trinh Street" | "Nguyen Trai Street" | "Tran Phu Street",
    "phnompenh": "Sisowath Quay" | "Norodom Boulevard" | "Monivong Boulevard" | "Sihanouk Boulevard" | "Street 240"
               | "Russian Boulevard",
    "siemreap": "Sivatha Road" | "Pub Street" | "Charles de Gaulle Road" | "Pokambor Avenue" | "Airport Road"
              | "Wat Bo Road",
    "vientiane": "Setthathirath Road" | "Samsenthai Road" | "Fa Ngum Road" | "Lane Xang Avenue" | "Khounboulom Road"
               | "Chao Anou Road",
    "yangon": "Sule Pagoda Road" | "Bogyoke Aung San Road" | "Pansodan Street" | "Anawrahta Road"
            | "Maha Bandula Road" | "Strand Road",
    "kl": "Jalan Bukit Bintang" | "Jalan Ampang" | "Jalan Sultan Ismail" | "Jalan Tuanku Abdul Rahman" | "Jalan Alor"
        | "Jalan Petaling",
    "penang": "Lebuh Chulia" | "Jalan Penang" | "Lebuh Armenian" | "Jalan Burma" | "Lebuh Pantai" | "Jalan Macalister",
    "sg": "Orchard Road" | "North Bridge Road" | "Victoria Street" | "Beach Road" | "Serangoon Road"
        | "Tanjong Pagar Road",
    "id": "Jalan Sudirman" | "Jalan Gajah Mada" | "Jalan Diponegoro" | "Jalan Ahmad Yani" | "Jalan Pahlawan"
        | "Jalan Hayam Wuruk",
    "ph": "Rizal Street" | "Mabini Street" | "Burgos Street" | "Bonifacio Street" | "Quezon Avenue"
        | "Osmeña Boulevard",
    "anz": "George Street" | "Queen Street" | "King Street" | "Elizabeth Street" | "William Street"
         | "Victoria Street" | "Albert Street" | "Church Street" | "Bridge Street" | "Beach Road",
    "suva": "Victoria Parade" | "Thomson Street" | "Cumming Street" | "Renwick Road" | "Waimanu Road"
          | "Gordon Street" }
slot number_after = { "mx": true, "latam": true, "br": true, "fr_be_ch": true, "de": true, "ch_de": true, "nl": true,
                      "es": true, "pt": true, "it": true, "dk": true, "se": true, "no": true, "fi": true, "is": true,
                      "ee": true, "lv": true, "lt": true, "pl": true, "cz": true, "hu": true, "sk": true, "si": true,
                      "hr": true, "belgrade": true, "sarajevo": true, "athens": true, "thessaloniki": true, "tr": true,
                      "macau": true, "id": true, "*": false }
