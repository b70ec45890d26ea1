# Tools for weather, time and travel: get_weather, get_current_time, search_restaurants,
# search_tourist_spots, get_directions.
#
# Shared by the Chinese (*_zh.tool) and English (*_en.tool) scenarios through `import`. Descriptions are
# English, like most real tool schemas; clarification questions come in both languages (`ask zh` / `ask en`).
# Every result follows from its call: the forecast has `days` entries starting at `date`, in the unit asked
# for, with temperatures and rainy days that fit the city's climate in that season (built-in `climate`, from
# compiler/simulate/climate_*.txt) and conditions that fit the temperature and the chance of rain; times come from the time zone at the
# row's reference instant; restaurants are of the cuisine asked for, cost what the cuisine costs and pass the
# filters; attractions are of the category asked for; distances come from one map that every search and route
# shares (built-in `place_km`), and a route's duration follows its distance and travel mode.
# Result text in the conversation's language comes from the localized pools (pools_travel_zh/en.tool).

locale en_US
import "pools_travel_zh.tool"
import "pools_travel_en.tool"

# ------------------------------------------------------------------------------------------ weather and time

tool get_weather "Get the daily weather forecast for a city: one entry per day, starting at `date`." {
    city: string                                  "City name, e.g. 北京 or London"
                                                  ask zh "请问您想查询哪个城市的天气？"
                                                  ask en "Which city should I check the weather for?"
    date: date = today                            "First forecast day, YYYY-MM-DD; today (the user's current date) when omitted"
    unit: "celsius" | "fahrenheit" = "celsius"    "Temperature unit of temp_low and temp_high"
    days: int(1..7) = 1                           "Number of consecutive days to forecast, starting at `date`"
    returns {
        city: string = city
        unit: string = unit
        # the city's climate normals for the first day (built-in `climate`: compiler/simulate/climate_*.txt), so
        # Mohe is far below freezing in December and Sydney warm in January; each day's low strays from the normal
        # by at most the city's `spread` (2 degrees in the tropics, up to 6 where the seasons differ most)
        normal_low: int in unit = climate(city, date).low
        normal_high: int in unit = climate(city, date).high
        forecast: list[{
            date: date = date + index
            # temperatures are drawn in celsius and given in the unit the call asked for
            temp_low: int(normal_low - climate(city, date).spread..normal_low + climate(city, date).spread) in unit
            # the day's range stays within 3 degrees of the normal range between low and high
            temp_high: int(temp_low + max(2, normal_high - normal_low - 3)..temp_low + max(4, normal_high - normal_low + 3))
                       in unit
            # rainy days (a chance of 50 % or more) as often as the city's normals have them in this season
            precip_chance: int(climate(city, date).precip_min..climate(city, date).precip_max)
            humidity: int(35 + precip_chance / 3..65 + precip_chance * 3 / 10)
            wind_kph: int(2..38)
            # snow only below freezing, rain only with a high chance of precipitation
            condition: "sunny" | "partly cloudy" | "cloudy" | "fog" | "light rain" | "heavy rain" | "thunderstorms"
                     | "sleet" | "snow" = case {
                when precip_chance >= 50 and temp_high <= 1: "snow"
                when precip_chance >= 50 and temp_low <= 0 and temp_high <= 4: "sleet"
                when precip_chance >= 80 and temp_high >= 22: "thunderstorms" | "heavy rain"
                when precip_chance >= 75: "heavy rain"
                when precip_chance >= 50: "light rain"
                when precip_chance >= 15 and humidity >= 72: "fog"
                when precip_chance >= 30: "cloudy"
                when precip_chance >= 15: "partly cloudy"
                else: "sunny"
            }
        }](days) sorted by date
    }
    error too_far "Forecasts reach 14 days ahead; {date} is further away."
        | zh "天气预报最多覆盖未来14天；{date}超出了这个范围。" when days_between(today, date) + days > 15
    error past_date "No forecast for past dates: {date} is before today."
        | zh "没有过去日期的预报：{date}早于今天。" when days_between(today, date) < 0
    error unavailable "The weather service is temporarily unavailable. Try again later."
        | zh "天气服务暂时不可用，请稍后重试。" rate 5%
}

tool get_current_time "Get the current local date, time, weekday and UTC offset in a time zone." {
    timezone: string?    "IANA time zone name, e.g. Asia/Shanghai or America/New_York; the user's own time zone when omitted"
    returns {
        timezone: string = timezone ?? user_tz
        date: date = tz_date(timezone ?? user_tz)
        local_time: string = tz_time(timezone ?? user_tz)
        weekday: string = tz_weekday(timezone ?? user_tz)
        utc_offset: string = tz_offset(timezone ?? user_tz)
    }
    # abbreviations such as EST or CST are not IANA names (and some are ambiguous)
    error unknown_zone "Unknown time zone: {timezone}. Use an IANA time zone name such as Asia/Tokyo or America/Chicago."
        | zh "未知时区：{timezone}。请使用IANA时区名称，例如Asia/Tokyo或America/Chicago。"
        when not ((("/" in timezone) or timezone == "UTC") ?? true)
}

# ------------------------------------------------------------------------------------------ restaurants and sights

slot coin       = true | false
slot house_no   = int(1..899)
slot spot_kind  = "historic" | "nature" | "museum" | "theme_park" | "shopping" | "night_life" | "food_street"
# the opening hours per category (the highest ticket price, `spot_price_max`, is in the pools: yuan or dollars)
slot spot_hours = { "historic": "08:30-17:30" | "09:00-17:00" | "08:00-18:00", "nature": "06:00-20:00" | "00:00-24:00",
                    "museum": "09:00-17:00" | "09:30-17:30" | "10:00-18:00", "theme_park": "09:30-18:00" | "10:00-21:00",
                    "shopping": "10:00-22:00" | "10:00-21:30", "night_life": "19:00-02:00" | "20:00-03:00",
                    "food_street": "10:00-23:00" | "16:00-01:00" }
# museums, zoos, parks and markets welcome children; bars and clubs do not
slot kid_ok     = { "night_life": false, "*": true }

tool search_restaurants "Search restaurants in or near a place; every result is of the cuisine asked for and passes the filters." {
    location: string                              "City, district, street or landmark to search around"
                                                  ask zh "请问您想在哪个城市或地点找餐厅？"
                                                  ask en "Which city or area should I search in?"
    cuisine: string?                              "Cuisine or dish, e.g. 川菜, hot pot, sushi"
    sort_by: "rating" | "distance" | "price" = "rating"   "Ranking order: highest rating, nearest or cheapest first"
    limit: int(1..20) = 5                         "Maximum number of results"
    filters: {
        open_now: bool?                           "Only places open right now"
        min_rating: float(0..5)?                  "Minimum average rating (0-5)"
        max_price_per_person: int(1..)?           "Budget per person, in the user's currency (the results' `currency`)"
        delivery: bool?                           "Only places that deliver"
    }?                                            "Extra filters; all off when omitted"
    returns list[{
        name: string = restaurant_names[cuisine]
        cuisine: string? = cuisine
        rating: float(3.2..5.0)
        # what a meal of this cuisine costs (pools_travel_*.tool `price_lo` / `price_hi`)
        price_per_person: int(price_lo[cuisine ?? "*"]..price_hi[cuisine ?? "*"])
        # prices are given in the user's currency (yuan for Chinese, US dollars for English conversations): a
        # sushi dinner in Tokyo is 60 dollars, not 60 "local currency" (yen)
        currency: "CNY" | "USD" = case { when lang == "zh": "CNY" else: "USD" }
        # from the search location on the one map every search and route shares (built-in `place_km`), so a
        # route from there to this address is at least this long
        distance_km: float = place_km(location, address)
        open_now: bool = filters.open_now ?? coin
        delivery: bool = filters.delivery ?? coin
        address: string = case { when lang == "zh": street + fmt(house_no) + "号"
                                 when number_after[street_area[location]]: streets[street_area[location]] + " " + fmt(house_no)
                                 else: fmt(house_no) + " " + streets[street_area[location]] }
    # none at all when the budget is below what the cheapest meal of the cuisine costs (sushi under 8 dollars): the
    # search finds nothing, and the reply must say so rather than make places up
    }](case { when (filters.max_price_per_person ?? price_lo[cuisine ?? "*"]) < price_lo[cuisine ?? "*"]: 0
              else: min(limit, 2) }
       ..case { when (filters.max_price_per_person ?? price_lo[cuisine ?? "*"]) < price_lo[cuisine ?? "*"]: 0
                else: min(limit, 5) }) unique name
      where rating >= filters.min_rating and price_per_person <= filters.max_price_per_person
      sorted by sort_by { "rating": rating desc, "distance": distance_km, "price": price_per_person }
}

tool search_tourist_spots "Find tourist attractions in a city, best rated first; every result is of the category asked for." {
    city: string                                  "City name"
                                                  ask zh "请问您想去哪个城市游玩？"
                                                  ask en "Which city are you visiting?"
    category: "historic" | "nature" | "museum" | "theme_park" | "shopping" | "night_life" | "food_street"?
                                                  "Kind of attraction; every kind when omitted"
    family_friendly: bool?                        "Only attractions suitable for children"
    limit: int(1..10) = 5                         "Maximum number of results"
    returns list[{
        category: "historic" | "nature" | "museum" | "theme_park" | "shopping" | "night_life" | "food_street"
                = category ?? spot_kind
        name: string = case { when lang == "zh": city + spot_suffix[category]
                              else: city + " " + (spot_suffix[category + new_world[street_area[city]]] ?? spot_suffix[category]) }
        rating: float(3.8..5.0)
        # in the user's currency, like restaurant prices: a theme park is 120..320 yuan or 30..160 dollars
        ticket_price: int(spot_price_min[category]..spot_price_max[category])
        currency: "CNY" | "USD" = case { when lang == "zh": "CNY" else: "USD" }
        opening_hours: string = spot_hours[category]
        family_friendly: bool = case { when family_friendly == true: true else: kid_ok[category] }
        address: string = case { when lang == "zh": street + fmt(house_no) + "号"
                                 when number_after[street_area[city]]: streets[street_area[city]] + " " + fmt(house_no)
                                 else: fmt(house_no) + " " + streets[street_area[city]] }
    }](min(limit, 2)..min(limit, 5)) unique name where not (family_friendly and category == "night_life")
      sorted by rating desc
}

# ------------------------------------------------------------------------------------------ maps

# typical speeds (km/h), how much longer than the straight line a route is (road network detour factors) and
# the time spent waiting (min) per travel mode; driving is slowed down by traffic
slot mode_kmh    = { "walking": 4.8, "cycling": 15, "transit": 24, "driving": 36 }
slot mode_detour = { "walking": 1.25, "cycling": 1.3, "transit": 1.4, "driving": 1.35 }
slot mode_wait   = { "walking": 0, "cycling": 1, "transit": 6, "driving": 2 }
slot slowdown    = { "light": 1.0, "moderate": 1.3, "heavy": 1.7, "*": 1.0 }

tool get_directions "Plan a route between two places and estimate distance and travel time." {
    origin: string                                "Start address or place name"
                                                  ask zh "请问您从哪里出发？"
                                                  ask en "Where are you starting from?"
    destination: string                           "Destination address or place name"
                                                  ask zh "请问您要去哪里？"
                                                  ask en "Where would you like to go?"
    mode: "driving" | "walking" | "transit" | "cycling" = "driving"   "Travel mode"
    avoid: list["tolls" | "highways" | "ferries"]?   "Road features to avoid (driving only)"
    depart_at: datetime?                          "Departure time, YYYY-MM-DDTHH:MM:SS; now when omitted"
    returns {
        origin: string = origin
        destination: string = destination
        mode: string = mode
        # the straight line on the map searches share (built-in `place_km`) times the mode's detour: the same
        # route has the same length in every row, and a restaurant found 3 km away is at least 3 km by road
        distance_km: float = round(max(0.3, place_km(origin, destination) * mode_detour[mode]), 1)
        traffic: "light" | "moderate" | "heavy"? = case { when mode == "driving": "light" | "moderate" | "heavy" }
        duration_min: int = round(distance_km * 60 / mode_kmh[mode] * slowdown[traffic ?? "*"]) + mode_wait[mode]
    }
}

# ------------------------------------------------------------------------------------------ bookings

slot booking_code = faker.bothify(text="??####", letters="ABCDEFGHJKLMNPQRSTUVWXYZ")

tool book_restaurant "Reserve a table at a restaurant." {
    restaurant: string                            "Restaurant name, as returned by search_restaurants"
                                                  ask zh "请问要预订哪家餐厅？"
                                                  ask en "Which restaurant should I book?"
    date: date                                    "Date of the reservation, YYYY-MM-DD"
                                                  ask zh "请问订哪一天？"
                                                  ask en "For which day?"
    time: string                                  "Arrival time, HH:MM (24-hour)"
                                                  ask zh "请问几点到店？"
                                                  ask en "What time should the table be for?"
    party_size: int(1..20)                        "Number of guests"
                                                  ask zh "请问一共几位？"
                                                  ask en "How many people?"
    special_requests: list[string]?               "Requests for the restaurant, e.g. window seat, high chair"
    returns {
        confirmation_code: string = booking_code
        status: "confirmed" = "confirmed"
        restaurant: string = restaurant
        date: date = date
        time: string = time
        party_size: int = party_size
    }
    # a booking has side effects: the assistant restates it and asks before every call
    confirm zh "将为您预订{restaurant}，{date} {time}，{party_size}位[，备注：{special_requests}]。确认预订吗？"
          | en "I'll book a table for {party_size} at {restaurant} on {date} at {time}[ (requests: {special_requests})]. Shall I go ahead?"
    error fully_booked "{restaurant} has no table for {party_size} at {time} on {date}."
        | zh "{restaurant}在{date} {time}没有可容纳{party_size}位的空桌。" rate 20%
    error past_time "Cannot book for a past date: {date}."
        | zh "无法预订过去的日期：{date}。" when days_between(today, date) < 0
}
