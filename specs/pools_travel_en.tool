# English result pools of the travel tools: restaurant names by cuisine, attraction-name suffixes by
# category, streets. Declared under the same names in pools_travel_zh.tool (localized slots): English
# conversations get these values, Chinese ones the Chinese values.
# Restaurant names are unique across cuisines; an attraction's name is its city plus a suffix of its category.

locale en_US

slot restaurant_names = {
    "sushi": "Sushi Nakazawa" | "Sushi Zen" | "Kaze Omakase" | "Uchi" | "Sushi Yasuda" | "Blue Ribbon Sushi" | "Nobu"
           | "Sushi Seki" | "Tomo Sushi" | "Kura Sushi Bar" | "Umi Sushi House" | "Hana Sushi" | "Sushi Den" | "Koi Sushi"
  , "Thai food": "Lotus of Siam" | "Jitlada" | "Kin Khao" | "Pok Pok" | "Thai Basil" | "Siam Orchid" | "Bangkok Garden"
               | "Ayutthaya Kitchen" | "Chiang Mai Table" | "Isan Street Kitchen" | "Baan Thai" | "Sukhothai" | "Krua Thai"
               | "Thai Spice House"
  , "pizza": "Di Fara Pizza" | "Lucali" | "Pizzeria Bianco" | "Una Pizza Napoletana" | "Joe's Pizza" | "Roberta's"
           | "Motorino" | "Pizzeria Mozza" | "Razza" | "Tony's Pizza Napoletana" | "Apizza Scholls" | "Pequod's Pizza"
           | "Brick Oven Co." | "Slice House"
  , "dim sum": "Nom Wah Tea Parlor" | "Jing Fong" | "Tim Ho Wan" | "Golden Unicorn" | "Yank Sing" | "Har Gow House"
             | "Jade Dragon Dim Sum" | "Pearl River Tea House" | "Canton Dim Sum" | "Dim Sum Palace" | "Red Lantern Dim Sum"
             | "Dragon Court" | "Koi Palace" | "Hong Kong Lounge"
  , "tacos": "Los Tacos No. 1" | "Tacos El Gordo" | "Guisados" | "Leo's Tacos Truck" | "Taqueria Cancun" | "El Farolito"
           | "Tacos 1986" | "La Taqueria" | "Taco Loco" | "Tacos Tu Madre" | "Sonora Taco Shop" | "Al Pastor Corner"
           | "Tortilleria Nixtamal" | "Mi Tierra Tacos"
  , "ramen": "Ippudo" | "Ichiran" | "Totto Ramen" | "Mensho" | "Afuri" | "Ramen Nagi" | "Marufuku Ramen" | "Tsujita"
           | "Hakata Ramen Shin" | "Menya Musashi" | "Kinton Ramen" | "Ramen Shack" | "Tonkotsu House" | "Orenchi Ramen"
  , "Indian food": "Indian Accent" | "Dishoom" | "Rasika" | "Tamarind" | "Bombay Palace" | "Masala Art" | "Punjab Grill"
                 | "Curry Leaf" | "Saffron Indian Kitchen" | "Taj Tandoori" | "Chennai Dosa House" | "Kerala Kitchen"
                 | "Mumbai Street" | "Himalayan Curry House"
  , "vegan food": "Planta" | "By Chloe" | "Crossroads Kitchen" | "Candle 79" | "Green Zone Vegan" | "Plant Power Kitchen"
                | "Modern Love" | "Avant Garden" | "Sprout Café" | "Leafy Table" | "The Herbivore" | "Root & Bloom"
                | "Wild Ginger Vegan" | "Good Earth Kitchen"
  , "steak": "Peter Luger" | "Keens Steakhouse" | "Gibsons Bar & Steakhouse" | "Bern's Steak House" | "St. Elmo Steak House"
           | "Hawksmoor" | "Gaucho" | "The Capital Grille" | "Bull & Bear" | "Prime Cut" | "Ember Steakhouse"
           | "The Chop House" | "Iron Skillet Grill" | "Cattlemen's"
  , "seafood": "Legal Sea Foods" | "Neptune Oyster" | "The Crab House" | "Oyster Bar & Grill" | "Pike Place Chowder"
             | "Fisherman's Wharf Grill" | "The Lobster Pot" | "Blue Water Seafood" | "Harbor House" | "Anchor & Tide"
             | "Salt Marsh Kitchen" | "Captain's Catch" | "Pier 39 Seafood" | "Shucker's Oyster Bar"
  , "burgers": "Shake Shack" | "In-N-Out Burger" | "Five Guys" | "Au Cheval" | "Umami Burger" | "Burger Joint"
             | "Red Robin" | "Smashburger" | "Holy Cow Burgers" | "Patty Wagon" | "The Burger Lab" | "Stack House"
             | "Grill Brothers" | "Double Decker Burgers"
  , "Korean BBQ": "Cote" | "Kang Ho-dong Baekjeong" | "Gen Korean BBQ" | "Park's BBQ" | "Seoul Garden" | "Kristalbelli"
                | "Jongro BBQ" | "Han Bat" | "Honey Pig" | "Gangnam Grill" | "Hanu Korean BBQ" | "Arirang House"
                | "Bulgogi Brothers" | "Myeongdong Grill"
  , "Italian food": "Carbone" | "L'Artusi" | "Via Carota" | "Lilia" | "Osteria Mozza" | "Il Buco" | "Rao's"
                  | "Trattoria Roma" | "Nonna's Kitchen" | "Bella Notte" | "Piccolo Forno" | "Tuscany Table"
                  | "Ristorante Milano" | "Olive & Thyme"
  , "hot pot": "Haidilao Hot Pot" | "Little Sheep Hot Pot" | "Liuyishou Hot Pot" | "Chongqing Hot Pot House" | "Spicy Grandma"
             | "Boiling Point" | "Mala Town" | "Tasty Pot" | "Sichuan Fire Pot" | "Red Broth" | "Happy Lamb Hot Pot"
             | "Golden Pot" | "Mongolian Hot Pot Co." | "Shabu Shabu House"
  , "pho": "Pho Bac" | "Pho 24" | "Pho Saigon" | "Pho Hoa" | "Pho Thin" | "Pho Bang" | "Hanoi Corner" | "Saigon Noodle House"
         | "Pho Hung" | "Lemongrass Pho" | "Pho Viet" | "Golden Bowl Pho" | "Pho Real" | "Little Saigon Kitchen"
  , "Mexican food": "Frontera Grill" | "Cosme" | "Topolobampo" | "La Condesa" | "Casa Oaxaca" | "El Charro Café"
                  | "Cantina Laredo" | "Rosa Mexicano" | "Mole Madre" | "Hacienda Grill" | "Cocina Lupita"
                  | "Salsa Verde Kitchen" | "Casa Jalisco" | "El Mariachi"
  , "brunch": "Sarabeth's" | "Balthazar" | "Jack's Wife Freda" | "Clinton St. Baking Co." | "Café Gratitude"
            | "The Breakfast Club" | "Sunny Side Café" | "Eggslut" | "Bluestone Lane" | "Morning Glory" | "The Pancake Pantry"
            | "Avocado & Co." | "Biscuit Love" | "Toast & Co."
  , "Greek food": "Estiatorio Milos" | "Avra" | "Molyvos" | "Taverna Kyclades" | "Zorba's Taverna" | "The Olive Grove"
                | "Santorini Grill" | "Opa!" | "Mykonos Kitchen" | "Athena Taverna" | "Greek Islands" | "Pita Pan"
                | "Souvlaki House" | "Kefi"
  , "*": "The Local Table" | "Corner Bistro" | "Main Street Diner" | "The Copper Kettle" | "Harvest Kitchen" | "The Blue Door"
       | "Maple & Ash" | "Union Square Café" | "The Grand Café" | "Market Street Grill" | "Old Town Tavern" | "Lantern House"
       | "Riverside Kitchen" | "The Garden Room"
}

slot spot_suffix = {
    "historic": "Old Town" | "Old City Walls" | "Cathedral" | "Castle" | "Historic District" | "Old Town Hall"
              | "Heritage Village" | "City Gate" | "Clock Tower" | "Fortress"
  , "nature": "Botanical Garden" | "Riverside Park" | "Nature Reserve" | "Forest Park" | "Lakeside Trail"
            | "Wetland Park" | "Hills Country Park" | "Waterfront Park" | "Arboretum" | "Canyon Trail"
  , "museum": "History Museum" | "Museum of Art" | "Science Center" | "Natural History Museum" | "Maritime Museum"
            | "Museum of Modern Art" | "City Museum" | "Railway Museum" | "Aquarium" | "Design Museum"
  , "theme_park": "Zoo" | "Adventure Park" | "Water Park" | "Amusement Park" | "Safari Park" | "Children's Park"
                | "Funland" | "Wildlife Park" | "Film Studios" | "Dinosaur Park"
  , "shopping": "Central Mall" | "Outlet Village" | "Shopping Arcade" | "Flea Market" | "Market Hall"
              | "Shopping Street" | "Design District" | "Galleria" | "Antique Market" | "Town Center Mall"
  , "night_life": "Night Market" | "Jazz Bar Street" | "Rooftop Bar District" | "Nightlife Quarter" | "Night Bazaar"
                | "Waterfront Night Walk" | "Riverside Bars" | "Cocktail Row" | "Live Music Strip" | "Harbor Lights Promenade"
  , "food_street": "Food Street" | "Food Hall" | "Street Food Market" | "Hawker Centre" | "Food Court"
                 | "Night Food Bazaar" | "Gourmet Market" | "Food Truck Park" | "Market Lane" | "Snack Alley"
}

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

slot street = faker.street_name
