# Restaurants, tourist spots and maps (English): searches, filters, clarification, dependent chains,
# parallel calls, follow-ups. Restaurants are of the cuisine asked for and pass the filters; attractions are
# of the category asked for; a route's duration follows its distance and travel mode.

locale en_US
import "tools_travel.tool"
import "slots_en.tool"

slot en_cuisine  = "sushi" | "Thai food" | "pizza" | "dim sum" | "tacos" | "ramen" | "Indian food" | "vegan food"
                 | "steak" | "seafood" | "burgers" | "Korean BBQ" | "Italian food" | "hot pot" | "pho" | "Mexican food"
                 | "brunch" | "Greek food"
slot en_sort     = { "top-rated": "rating", "highest-rated": "rating", "best-reviewed": "rating", "closest": "distance",
                     "nearest": "distance", "cheapest": "price", "most affordable": "price" }
slot en_nresults = int(3..10)
slot en_budget   = 15 | 20 | 25 | 30 | 40 | 50 | 75
slot en_minrating = 4.0 | 4.2 | 4.5 | 4.7
slot en_spot_cat = { "historic sites": "historic", "historical landmarks": "historic", "nature spots": "nature",
                     "parks and hikes": "nature", "museums": "museum", "theme parks": "theme_park",
                     "shopping areas": "shopping", "nightlife spots": "night_life", "food streets": "food_street",
                     "street food markets": "food_street" }
slot en_mode     = { "by car": "driving", "driving": "driving", "on foot": "walking", "walking": "walking",
                     "by public transit": "transit", "by subway": "transit", "by bus": "transit", "by bike": "cycling",
                     "cycling": "cycling" }
slot en_origin   = faker.street_address
slot en_place    = "Central Station" | "the airport" | "City Hall" | "Union Square" | "the Convention Center"
                 | "Central Park" | "the Public Library" | "the Museum of Modern Art" | "the university campus"
                 | "Main Street Mall" | "the waterfront" | "the stadium" | "the zoo" | "Chinatown"
# where a user in a named city starts from: places every city has (an address would have to be one of that city,
# and `en_origin` is a US one)
slot en_start    = "the train station" | "the airport" | "City Hall" | "the city centre" | "the bus station"
                 | "the university" | "the central market" | "the main square" | "the old town" | "the cathedral"

scenario en.restaurant.search weight 3 {
    user "Find me some good {en_cuisine} in {en_city}"
       | "Any {en_sort} places for {en_cuisine} in {en_city}?"
       | "Recommend {en_nresults} places for {en_cuisine} in {en_city}"
       | "Where can I get {en_cuisine} in {en_city}?"
       | "Show me the {en_sort} restaurants in {en_city}"
       | "I'm craving {en_cuisine}. What's good in {en_city}[, preferably {en_sort}]?"
    call search_restaurants(location=en_city, cuisine=en_cuisine, sort_by=en_sort, limit=en_nresults) -> r
    assistant case {                              # "a good alternative" only for a place rated 4.0 or more
        when r[1].rating >= 4.0:
            "I found {len(r)} places:{for x in r}\n- {x.name}: rated {fmt(x.rating, 1)}, about ${x.price_per_person} per person, {x.distance_km} km away{endfor}"
          | "Top pick: {r[0].name} at {r[0].address}, rated {fmt(r[0].rating, 1)}. {r[1].name} is a good alternative at {fmt(r[1].rating, 1)}."
        else:
            "I found {len(r)} places:{for x in r}\n- {x.name}: rated {fmt(x.rating, 1)}, about ${x.price_per_person} per person, {x.distance_km} km away{endfor}"
          | "First on the list: {r[0].name} at {r[0].address}, rated {fmt(r[0].rating, 1)}. There's also {r[1].name}, rated {fmt(r[1].rating, 1)}."
    }
}

scenario en.restaurant.filter weight 2 {
    user "Any {en_cuisine} in {en_city} under ${en_budget} a head?"
       | "Find {en_cuisine} in {en_city} rated {en_minrating} or higher"
       | "{en_cuisine} in {en_city}, rated at least {en_minrating} and no more than ${en_budget} per person?"
    call search_restaurants(location=en_city, cuisine=en_cuisine, filters.max_price_per_person=en_budget,
                            filters.min_rating=en_minrating) -> r
    assistant case {
        when len(r) == 0: "I found no {en_cuisine} places in {en_city} that fit. Should I loosen the filters?"
        when len(r) == 1: "One place fits: {r[0].name} (rated {fmt(r[0].rating, 1)}, ${r[0].price_per_person} per person)."
        else: "{len(r)} places fit:{for x in r}\n- {x.name}: rated {fmt(x.rating, 1)}, ${x.price_per_person} per person{endfor}"
    }
}

# a budget no place of the cuisine meets: the search finds nothing, and the answer says so (no made-up places)
slot en_pricey = "sushi" | "steak" | "seafood" | "Korean BBQ" | "hot pot" | "Italian food"
slot en_tinybudget = 5 | 6 | 8 | 10

scenario en.restaurant.none {
    user "Any {en_pricey} in {en_city} under ${en_tinybudget} a head?"
       | "Find me {en_pricey} in {en_city} for ${en_tinybudget} or less per person"
    call search_restaurants(location=en_city, cuisine=en_pricey, filters.max_price_per_person=en_tinybudget) -> r
    assistant "I found no {en_pricey} places in {en_city} at ${en_tinybudget} or less per person. Should I try a higher budget or another cuisine?"
}

scenario en.restaurant.open {
    user "Which {en_cuisine} places in {en_city} are open right now?"
       | "I want {en_cuisine} in {en_city} now. What's open?"
    call search_restaurants(location=en_city, cuisine=en_cuisine, filters.open_now=true) -> r
    assistant case {                              # two places named as "the ones open" only where they are all
        when len(r) > 2:
            "{len(r)} places are open now:{for x in r}\n- {x.name} (rated {fmt(x.rating, 1)}), {x.address}{endfor}"
          | "{len(r)} places are open now, including {r[0].name} (rated {fmt(r[0].rating, 1)}, {r[0].address}) and {r[1].name} (rated {fmt(r[1].rating, 1)})."
        else: "Open now:{for x in r}\n- {x.name} (rated {fmt(x.rating, 1)}), {x.address}{endfor}"
    }
}

scenario en.restaurant.vague weight 2 {
    user "Find me a place for {en_cuisine}"
       | "Any good {en_cuisine} around?"
       | "I want the {en_sort} restaurant nearby"
    ask "Sure. Which city or neighborhood should I search in?" | "Where are you looking to eat?"
    user "{en_city}" | "In {en_city}." | "I'm in {en_city} right now."
    call search_restaurants(location=en_city, cuisine=en_cuisine, sort_by=en_sort) -> r
    assistant "In {en_city}, try {r[0].name} (rated {fmt(r[0].rating, 1)}) or {r[1].name} (rated {fmt(r[1].rating, 1)})."
}

scenario en.spots.search weight 3 {
    user "What are the best things to do in {en_city}?"
       | "Recommend some {en_spot_cat} in {en_city}"
       | "I'm visiting {en_city}. Any {en_spot_cat} worth seeing?"
       | "Top attractions in {en_city}[, please]"
       | "Where should I go for {en_spot_cat} in {en_city}?"
    call search_tourist_spots(city=en_city, category=en_spot_cat) -> s
    assistant case {                              # no "tickets $0": an attraction without a ticket is free to enter
        when s[0].ticket_price == 0:
            "In {en_city}, check out {s[0].name} ({spot_cat_en[s[0].category]}, rated {fmt(s[0].rating, 1)}, free to enter, open {s[0].opening_hours}) and {s[1].name} ({spot_cat_en[s[1].category]}, rated {fmt(s[1].rating, 1)})."
          | "Two good options: {s[0].name} (rated {fmt(s[0].rating, 1)}) and {s[1].name} (rated {fmt(s[1].rating, 1)})."
        else:
            "In {en_city}, check out {s[0].name} ({spot_cat_en[s[0].category]}, rated {fmt(s[0].rating, 1)}, tickets ${s[0].ticket_price}, open {s[0].opening_hours}) and {s[1].name} ({spot_cat_en[s[1].category]}, rated {fmt(s[1].rating, 1)})."
          | "Two good options: {s[0].name} (rated {fmt(s[0].rating, 1)}) and {s[1].name} (rated {fmt(s[1].rating, 1)})."
    }
}

scenario en.spots.family {
    user "What can I do with my kids in {en_city}?"
       | "Any family-friendly attractions in {en_city}?"
       | "We're taking the children to {en_city}. Where should we go?"
    call search_tourist_spots(city=en_city, family_friendly=true) -> s
    assistant case {                              # no "tickets $0": free to enter
        when s[0].ticket_price == 0 and s[1].ticket_price == 0:
            "Kids tend to love {s[0].name} (a {spot_cat_en[s[0].category]}) and {s[1].name} (a {spot_cat_en[s[1].category]}), both free to enter."
        when s[0].ticket_price == 0:
            "Kids tend to love {s[0].name} (a {spot_cat_en[s[0].category]}, free to enter) and {s[1].name} (a {spot_cat_en[s[1].category]}, tickets ${s[1].ticket_price})."
        when s[1].ticket_price == 0:
            "Kids tend to love {s[0].name} (a {spot_cat_en[s[0].category]}, tickets ${s[0].ticket_price}) and {s[1].name} (a {spot_cat_en[s[1].category]}, free to enter)."
        else:
            "Kids tend to love {s[0].name} (a {spot_cat_en[s[0].category]}, tickets ${s[0].ticket_price}) and {s[1].name} (a {spot_cat_en[s[1].category]}, tickets ${s[1].ticket_price})."
    }
}

scenario en.directions weight 3 {
    user "How do I get from {en_origin} to {en_place}?"
       | "How long does it take to get to {en_place} from {en_origin} {en_mode}?"
       | "Directions from {en_origin} to {en_place}[ {en_mode}], please"
       | "I'm at {en_origin}. How far is {en_place}?"
       | "Plan a route from {en_origin} to {en_place}"
    call get_directions(origin=en_origin, destination=en_place, mode=en_mode) -> g
    assistant case {
        when g.mode == "driving": "By car it's about {g.distance_km} km and should take around {g.duration_min} minutes; traffic is {g.traffic}."
        else: "That's {g.distance_km} km {mode_en[g.mode]}, roughly {g.duration_min} minutes."
    }
}

scenario en.directions.vague {
    user "How do I get to {en_place}?"
       | "How long to {en_place} {en_mode}?"
       | "Navigate to {en_place}"
    ask "Where are you starting from?" | "Sure, what's your starting point?"
    user "{en_origin}" | "I'm at {en_origin}." | "From {en_origin}."
    call get_directions(origin=en_origin, destination=en_place, mode=en_mode) -> g
    assistant "From {en_origin} it's {g.distance_km} km {mode_en[g.mode]}, about {g.duration_min} minutes."
}

# Chain: the best restaurant's address becomes the route's destination.
scenario en.dinner.route weight 2 {
    user "Find the best {en_cuisine} in {en_city} and tell me how to get there from {en_start}"
       | "Where's the best {en_cuisine} in {en_city}? I'm at {en_start}, so give me directions too"
       | "I want {en_cuisine} in {en_city}. Pick the top-rated spot and route me there from {en_start}"
    call search_restaurants(location=en_city, cuisine=en_cuisine) -> r
    call get_directions(origin=en_start, destination=r[0].address) -> g
    assistant "{r[0].name} (rated {fmt(r[0].rating, 1)}) is at {r[0].address}. From {en_start} it's {g.distance_km} km, about {g.duration_min} minutes by car."
}

# Chain around the user: restaurants near where the user is, then the route from there to the nearest one
# (the route is at least as long as the distance the search gave: both come from one map).
scenario en.dinner.nearby weight 2 {
    user "Find {en_cuisine} near {en_origin} and tell me how to get to the closest one[ {en_mode}]"
       | "I'm at {en_origin}. What's the nearest {en_cuisine} place, and how do I get there[ {en_mode}]?"
       | "Any {en_cuisine} close to {en_origin}? Route me to the nearest one[ {en_mode}]"
    call search_restaurants(location=en_origin, cuisine=en_cuisine, sort_by="distance") -> r
    call get_directions(origin=en_origin, destination=r[0].address, mode=en_mode) -> g
    assistant "The closest is {r[0].name} (rated {fmt(r[0].rating, 1)}) at {r[0].address}, {r[0].distance_km} km away. The route is {g.distance_km} km {mode_en[g.mode]}, about {g.duration_min} minutes."
}

# Chain: the top attraction's address becomes the route's destination.
scenario en.spot.route {
    user "Find {en_spot_cat} in {en_city} and plan a route to the first one from {en_start}"
       | "I'm at {en_start} in {en_city}. Which of the {en_spot_cat} should I visit, and how do I get there {en_mode}?"
       | "Recommend {en_spot_cat} in {en_city} and tell me how long it takes from {en_start}"
    call search_tourist_spots(city=en_city, category=en_spot_cat) -> s
    call get_directions(origin=en_start, destination=s[0].address, mode=en_mode) -> g
    assistant "Go to {s[0].name} (rated {fmt(s[0].rating, 1)}). It's {g.distance_km} km from {en_start} {mode_en[g.mode]}, about {g.duration_min} minutes."
}

# Parallel: weather and attractions in one assistant turn.
scenario en.trip.parallel weight 2 {
    user "I'm going to {en_city} {en_day}. How's the weather, and what should I see?"
       | "Check the weather in {en_city}[ {en_day}] and find some attractions there"
       | "Planning a trip to {en_city} {en_day}: weather and top sights, please"
    call get_weather(city=en_city, date=en_day) -> w & search_tourist_spots(city=en_city) -> s
    assistant "{en_city}: {w.forecast[0].condition}, {w.forecast[0].temp_low} to {w.forecast[0].temp_high}°C. Don't miss {s[0].name} and {s[1].name}."
}

scenario en.trip.plan {
    user "Check the weather in {en_city} {en_day}, then find me a place for {en_cuisine}"
       | "Weather in {en_city} and a good place for {en_cuisine}, please"
    call get_weather(city=en_city, date=en_day) -> w
    call search_restaurants(location=en_city, cuisine=en_cuisine) -> r
    assistant "{en_city}: {w.forecast[0].condition}, {w.forecast[0].temp_low} to {w.forecast[0].temp_high}°C. For {en_cuisine}, try {r[0].name} (rated {fmt(r[0].rating, 1)})."
}

# Follow-up: route to a restaurant from the previous answer.
scenario en.restaurant.followup weight 2 {
    user "Any good {en_cuisine} in {en_city}?"
       | "Find {en_cuisine} restaurants in {en_city}"
       | "Where should I eat {en_cuisine} in {en_city}?"
    call search_restaurants(location=en_city, cuisine=en_cuisine) -> r
    assistant "Try {r[0].name} (rated {fmt(r[0].rating, 1)}) or {r[1].name} (rated {fmt(r[1].rating, 1)})."
    user "How do I get to the first one from {en_start}?"
       | "How long to {r[0].name} from {en_start}?"
       | "I'm at {en_start}. How long does it take to get to {r[0].name} {en_mode}?"
    call get_directions(origin=en_start, destination=r[0].address, mode=en_mode) -> g
    assistant "From {en_start} to {r[0].name}: {g.distance_km} km {mode_en[g.mode]}, about {g.duration_min} minutes."
}

# ------------------------------------------------------------------------------------------ bookings, avoid lists, refusals

slot en_party    = { "two": 2, "2 people": 2, "the two of us": 2, "three": 3, "four": 4, "4 people": 4, "five": 5, "six": 6,
                     "8 people": 8 }
slot en_bookday  = { "today": +0d, "tomorrow": +1d, "the day after tomorrow": +2d }
slot en_booktime = { "6 pm": "18:00", "6:30 pm": "18:30", "7 pm": "19:00", "7:30 pm": "19:30", "8 pm": "20:00", "noon": "12:00",
                     "12:30": "12:30", "1 pm": "13:00" }
slot en_req      = { "by the window": "window seat", "with a high chair for the baby": "high chair",
                     "somewhere quiet": "quiet table", "outside on the terrace": "outdoor seating",
                     "and mention it's a birthday": "birthday celebration" }
slot en_restname = "Olive & Thyme" | "The Copper Pot" | "Blue Door Bistro" | "Harbor House" | "Saffron Table" | "Luca's Trattoria"
                 | "The Green Fig" | "Kaze Omakase" | "Jitlada" | "Tacos El Gordo" | "Pho 79" | "The Smokehouse"
slot en_avoid1   = { "tolls": "tolls", "toll roads": "tolls" }
slot en_avoid2   = { "highways": "highways", "the freeway": "highways", "ferries": "ferries" }

# A session: search, route to "the second one", then book it (the booking is confirmed first).
scenario en.restaurant.session weight 2 {
    user "Find {en_cuisine} in {en_city}" | "Any good {en_cuisine} places in {en_city}?" | "I want {en_cuisine} in {en_city}. Any ideas?"
    call search_restaurants(location=en_city, cuisine=en_cuisine) -> r
    assistant "I found {len(r)} places, best rated first:{for x in r}\n- {x.name} (rated {fmt(x.rating, 1)}, about ${x.price_per_person} per person){endfor}"
    user "How do I get to the second one from {en_start}[ {en_mode}]?" | "How far is the second one from {en_start}?"
    call get_directions(origin=en_start, destination=r[1].address, mode=en_mode) -> g
    assistant "{r[1].name} is {g.distance_km} km from {en_start} {mode_en[g.mode]}, about {g.duration_min} minutes."
    user "Great, book it for {en_party} {en_bookday} at {en_booktime}[ {en_req}]"
       | "Book a table there for {en_party}, {en_bookday} at {en_booktime}[, {en_req}]"
    call book_restaurant(restaurant=r[1].name, date=en_bookday, time=en_booktime, party_size=en_party,
                         special_requests=[en_req]) -> b
    assistant "Booked! {b.restaurant}, {b.date} at {b.time}, table for {b.party_size}. Your confirmation code is {b.confirmation_code}."
}

# A booking that goes through at once (restated and confirmed first: booking has side effects).
scenario en.restaurant.book_now {
    user "Book a table at {en_restname} for {en_party} {en_bookday} at {en_booktime}[, {en_req}]"
       | "Please reserve {en_restname} for {en_party}, {en_bookday} at {en_booktime}"
       | "I'd like a table for {en_party} at {en_restname} {en_bookday}, {en_booktime}"
    call book_restaurant(restaurant=en_restname, date=en_bookday, time=en_booktime, party_size=en_party,
                         special_requests=[en_req]) -> b
    assistant "Booked: {b.restaurant}, {b.date} at {b.time}, table for {b.party_size}. Confirmation code {b.confirmation_code}."
            | "You're all set at {b.restaurant} on {b.date} at {b.time} for {b.party_size}. Your confirmation code is {b.confirmation_code}."
}

# Error and a question to the user: the time asked for is fully booked; the user picks another one.
scenario en.restaurant.book {
    user "Book a table at {en_restname} for {en_party} {en_bookday} at {en_booktime}"
       | "Can you reserve {en_restname} for {en_party}, {en_bookday} at {en_booktime}?"
       | "Make a reservation at {en_restname}: {en_party}, {en_bookday}, {en_booktime}[, {en_req}]"
    call book_restaurant(restaurant=en_restname, date=en_bookday, time=en_booktime, party_size=en_party,
                         special_requests=[en_req]) -> b1 fails fully_booked 100%
    ask "Sorry, {en_restname} is fully booked at {en_booktime} {en_bookday}. Would another time work?"
      | "{en_restname} has no table left at {en_booktime} {en_bookday}. Is there another time that suits you?"
    user "Try {en_booktime as t2} then" | "How about {t2}?" | "OK, {t2} instead."
    call book_restaurant(restaurant=en_restname, date=en_bookday, time=t2, party_size=en_party,
                         special_requests=[en_req]) -> b2
    assistant "Done: {b2.restaurant}, {b2.date} at {b2.time} for {b2.party_size}. Confirmation code {b2.confirmation_code}."
}

scenario en.restaurant.book_declined {
    user "Book {en_restname} for {en_party} {en_bookday} at {en_booktime}"
       | "Reserve a table for {en_party} at {en_restname}, {en_bookday} at {en_booktime}"
    call book_restaurant(restaurant=en_restname, date=en_bookday, time=en_booktime, party_size=en_party) declined
    assistant "OK, I haven't booked anything. Let me know if you want a different time or place."
            | "No problem, no reservation made."
}

# List argument: road features to avoid.
scenario en.directions.avoid {
    user "Directions from {en_origin} to {en_place} avoiding {en_avoid1}[ and {en_avoid2}]"
       | "Drive me from {en_origin} to {en_place}, no {en_avoid1}[ and no {en_avoid2}]"
       | "Route from {en_origin} to {en_place} by car; I want to avoid {en_avoid1}[ and {en_avoid2}]"
    call get_directions(origin=en_origin, destination=en_place, mode="driving", avoid=[en_avoid1, en_avoid2]) -> g
    assistant "Here's a route that avoids them: {g.distance_km} km, about {g.duration_min} minutes; traffic is {g.traffic}."
            | "Avoiding those, it's {g.distance_km} km and takes about {g.duration_min} minutes ({g.traffic} traffic)."
}

# No tool fits: booking flights and hailing rides are outside every tool; the assistant says so and calls nothing.
scenario en.refuse.flight {
    tools get_directions, search_tourist_spots, get_weather    # the reply offers the weather and attractions instead
    user "Book me a flight to {en_city} {en_bookday}" | "Can you get me a plane ticket to {en_city}?"
       | "Find and book the cheapest flight to {en_city} for {en_bookday}"
    refuse "Sorry, I can't book flights: none of my tools can search or buy plane tickets. An airline's website or a travel app can do that."
         | "I'm not able to book flights; I don't have a tool for airline tickets. I can check the weather or find attractions in {en_city} if that helps."
        pretend "I've booked your flight to {en_city}: the e-ticket will be in your inbox shortly."
            | "Done: you have a seat on the (cheapest|earliest) flight to {en_city}."
            | "All booked: I found the cheapest direct flight to {en_city} and reserved a seat for you. Your e-ticket and the booking reference will arrive in your inbox within a few minutes."
}

scenario en.refuse.ride {
    tools get_directions
    user "Call me a taxi to {en_place}" | "Get me an Uber from {en_origin} to {en_place}" | "Order a ride to {en_place}[, please]"
    refuse "I can't book rides: I have no taxi or ride-hailing tool. I can plan the route to {en_place} for you, though."
         | "Sorry, ordering a taxi isn't something my tools can do. If you like, I can tell you how long the trip takes."
        pretend "Your ride to {en_place} is on its way: the driver will pick you up in about (3|5|8) minutes."
            | "I've booked a ride to {en_place} for you: a driver has accepted the request and will pick you up at your current location in about (3|5|8) minutes. You'll get the car details by text."
}

# No tool fits: the booking tool is withheld, only the search tool is offered.
scenario en.refuse.booking {
    tools search_restaurants
    withhold book_restaurant
    user "Book a table at {en_restname} for {en_party} {en_bookday} at {en_booktime}"
       | "Reserve {en_restname} for {en_party} at {en_booktime} {en_bookday}"
    refuse "Sorry, I can't make reservations here: I can search for restaurants, but none of my tools can book a table. You could call {en_restname} directly."
         | "I'm not able to book tables with the tools I have; I can only look restaurants up."
        pretend "Booked: a table at {en_restname} for {en_party} at {en_booktime}." | "Your table at {en_restname} is reserved. Enjoy your meal!"
            | "All set: I've reserved a table at {en_restname} for you, and the restaurant has confirmed the booking. You'll receive a confirmation by text, and they'll hold the table for 15 minutes."
}

# The tool the task needs is not offered in these rows (nor a web search that could stand in): the assistant says so.
scenario en.refuse.no_restaurants {
    tools get_weather, get_current_time
    withhold search_restaurants, web_search
    user "Find me {en_cuisine} in {en_city}" | "Where can I get good {en_cuisine} in {en_city}?"
       | "Recommend a few {en_cuisine} places in {en_city}"
    refuse "Sorry, I can't search for restaurants here: none of the tools I have right now can."
         | "I don't have a restaurant search tool in this conversation, so I can't recommend places."
        pretend "Try (Golden Fork|The Corner Table|Harbor House) in {en_city}: great {en_cuisine}, rated (4.3|4.6|4.8)."
            | "Here are a few good options in {en_city}: (Golden Fork|The Corner Table|Harbor House) (rated 4.6, about $25 a person|rated 4.4, about $30 a person), and (Blue Lantern|Olive & Thyme|Maple Street Kitchen) (rated 4.3|rated 4.5), both open now."
}

scenario en.refuse.no_directions {
    tools get_weather, search_tourist_spots
    withhold get_directions, web_search
    user "How do I get from {en_origin} to {en_place}?" | "Plan a route from {en_origin} to {en_place}"
       | "How long does it take to get to {en_place} from {en_origin} {en_mode}?"
    refuse "Sorry, I can't plan routes here: none of the tools I have right now can give directions."
         | "I don't have a maps or directions tool in this conversation, so I can't tell you how to get there."
        pretend "From {en_origin} to {en_place} it's about (6|9|12|15) km, roughly (15|20|25|35) minutes by car."
            | "The best route from {en_origin} to {en_place} is about (6|9|12|15) km and takes roughly (15|20|25|35) minutes with current traffic: head north on Main Street, then follow the signs."
}
