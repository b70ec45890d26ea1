# Tools for weather, time and travel: get_weather, get_current_time, search_restaurants,
# search_tourist_spots, get_directions (maps).
#
# Shared by the Chinese (*_zh.tool) and English (*_en.tool) scenarios through `import`.
# Descriptions are English, like most real tool schemas, and they are the only part of a tool the
# model sees. `ask` questions are Chinese: they are what the compiler says when a Chinese scenario
# leaves a required argument out; English scenarios write their clarification turns themselves.
# Result shapes avoid language-specific text where replies quote them (numbers, addresses, names).

locale en_US

tool get_weather "Get the weather forecast for a city on a given day." {
    city: string                                  "City name, e.g. 北京 or London"
                                                  ask "请问您想查询哪个城市的天气？"
    date: date = today                            "Forecast day, YYYY-MM-DD; today when omitted"
    unit: "celsius" | "fahrenheit" = "celsius"    "Temperature unit"
    days: int(1..7)?                              "Number of consecutive days to forecast, starting at `date`"
    returns {
        condition: "sunny" | "partly cloudy" | "cloudy" | "light rain" | "heavy rain" | "thunderstorms" | "snow" | "fog"
        temp_high: int(16..34)
        temp_low: int(2..15)
        humidity: int(20..95)
        precip_chance: int(0..100)
        wind_kph: int(0..45)
    }
}

tool get_current_time "Get the current local date and time in a time zone." {
    timezone: string?    "IANA time zone name, e.g. Asia/Shanghai or America/New_York; the user's own time zone when omitted"
    returns {
        date: date
        # an enum, not `faker.time`: Faker draws times up to the wall clock, so they change between builds
        local_time: "00:47" | "03:18" | "06:05" | "07:42" | "08:15" | "09:30" | "10:58" | "11:26" | "12:03" | "13:37"
                  | "14:50" | "15:12" | "16:44" | "17:29" | "18:36" | "19:08" | "20:55" | "21:21" | "22:40" | "23:14"
        utc_offset: "+08:00" | "+09:00" | "+00:00" | "+01:00" | "-05:00" | "-08:00" | "+05:30" | "+10:00"
    }
}

tool search_restaurants "Search restaurants in or near a place, ranked by rating, distance or price." {
    location: string                              "City, district, street or landmark to search around"
                                                  ask "请问您想在哪个城市或地点找餐厅？"
    cuisine: string?                              "Cuisine or dish, e.g. 川菜, hot pot, sushi"
    sort_by: "rating" | "distance" | "price" = "rating"   "Ranking order; price sorts cheapest first"
    limit: int(1..20) = 5                         "Maximum number of results"
    filters: {
        open_now: bool?                           "Only places open right now"
        min_rating: float(0..5)?                  "Minimum average rating (0-5)"
        max_price_per_person: int(1..)?           "Budget per person, in local currency"
        delivery: bool?                           "Only places that deliver"
    }?                                            "Extra filters; all off when omitted"
    returns list[{
        name: "Jade Garden" | "Red Lantern" | "Golden Wok" | "Lotus House" | "Bamboo Grove" | "Old Town Noodles"
            | "Harbor Seafood" | "Spice Route" | "Silk Road Kitchen" | "Panda Dumplings" | "Blue Ginger" | "Peking Duck House"
            | "Mountain Hot Pot" | "Sakura Table" | "Little Saigon" | "Olive & Thyme" | "Copper Kettle" | "Twin Dragons"
            | "Lantern Street Grill" | "Green Bowl"
        rating: float(3.5..5.0)
        price_per_person: int(30..400)
        address: string = faker.street_address
        distance_km: float(0.2..8.0)
    }](2..4)
}

tool search_tourist_spots "Find tourist attractions in a city." {
    city: string                                  "City name"
                                                  ask "请问您想去哪个城市游玩？"
    category: "historic" | "nature" | "museum" | "theme_park" | "shopping" | "night_life" | "food_street"?
                                                  "Kind of attraction; every kind when omitted"
    family_friendly: bool?                        "Only attractions suitable for children"
    limit: int(1..10) = 5                         "Maximum number of results"
    returns list[{
        name: "Old Town" | "City Museum" | "Riverside Park" | "Botanical Garden" | "Ancient City Wall" | "Night Market"
            | "Lakeside Pagoda" | "Science Museum" | "Central Square" | "Forest Park" | "Art District" | "Temple of Heaven Park"
        category: "historic" | "nature" | "museum" | "theme_park" | "shopping" | "night_life" | "food_street"
        rating: float(3.8..5.0)
        ticket_price: int(0..300)
        opening_hours: "08:00-17:00" | "09:00-18:00" | "09:00-21:00" | "10:00-22:00" | "00:00-24:00"
        address: string = faker.street_address
    }](2..4)
}

tool get_directions "Plan a route between two places and estimate distance and travel time." {
    origin: string                                "Start address or place name"
                                                  ask "请问您从哪里出发？"
    destination: string                           "Destination address or place name"
                                                  ask "请问您要去哪里？"
    mode: "driving" | "walking" | "transit" | "cycling" = "driving"   "Travel mode"
    avoid: list["tolls" | "highways" | "ferries"]?   "Road features to avoid (driving only)"
    depart_at: datetime?                          "Departure time, YYYY-MM-DDTHH:MM:SS; now when omitted"
    returns {
        distance_km: float(0.5..60.0)
        duration_min: int(5..150)
        traffic: "light" | "moderate" | "heavy"
    }
}
