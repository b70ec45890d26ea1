# Weather and time (English): single calls, forecasts, units, clarification, parallel calls, follow-ups,
# city -> IANA time zone maps. A yes/no or "which one" question (will it rain, do I need an umbrella, is it
# cold, which is warmer, is it day or night) has its own scenario whose reply branches on the result
# (`assistant case`) and answers the question first.

locale en_US
import "tools_travel.tool"
import "slots_en.tool"

slot en_unit  = { "Fahrenheit": "fahrenheit", "°F": "fahrenheit", "Celsius": "celsius", "°C": "celsius" }
slot en_ndays = { "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "3": 3, "5": 5 }
slot en_tz    = { "Tokyo": "Asia/Tokyo", "Osaka": "Asia/Tokyo", "Seoul": "Asia/Seoul", "Beijing": "Asia/Shanghai",
                  "Shanghai": "Asia/Shanghai", "Hong Kong": "Asia/Hong_Kong", "Singapore": "Asia/Singapore",
                  "Bangkok": "Asia/Bangkok", "Jakarta": "Asia/Jakarta", "Dubai": "Asia/Dubai", "Mumbai": "Asia/Kolkata",
                  "Delhi": "Asia/Kolkata", "Kathmandu": "Asia/Kathmandu", "Moscow": "Europe/Moscow",
                  "Istanbul": "Europe/Istanbul", "London": "Europe/London", "Dublin": "Europe/Dublin",
                  "Paris": "Europe/Paris", "Berlin": "Europe/Berlin", "Madrid": "Europe/Madrid", "Rome": "Europe/Rome",
                  "Athens": "Europe/Athens", "Cairo": "Africa/Cairo", "Nairobi": "Africa/Nairobi",
                  "Johannesburg": "Africa/Johannesburg", "New York": "America/New_York", "Boston": "America/New_York",
                  "Chicago": "America/Chicago", "Denver": "America/Denver", "Phoenix": "America/Phoenix",
                  "Los Angeles": "America/Los_Angeles", "Seattle": "America/Los_Angeles", "Toronto": "America/Toronto",
                  "Vancouver": "America/Vancouver", "Mexico City": "America/Mexico_City", "São Paulo": "America/Sao_Paulo",
                  "Buenos Aires": "America/Argentina/Buenos_Aires", "Sydney": "Australia/Sydney",
                  "Perth": "Australia/Perth", "Auckland": "Pacific/Auckland", "Honolulu": "Pacific/Honolulu",
                  "Anchorage": "America/Anchorage" }

# ------------------------------------------------------------------------------------------ weather: general questions

scenario en.weather.single weight 4 {
    user "What's the weather in {en_city}?"
       | "How's the weather in {en_city} {en_day}?"
       | "(Check|Look up) the forecast for {en_city}[ {en_day}][, please]"
       | "I'm heading to {en_city} {en_day}. What's the weather like there?"
       | "{en_city} weather[ {en_day}]"
       | "(Tell me|Give me) the weather (for|in) {en_city}[ {en_day}]"
       | "I'm in {en_city}. How's the weather {en_day}?"
       | "What will the temperature be in {en_city} {en_day}?"
    call get_weather(city=en_city, date=en_day) -> w
    assistant "{en_city} on {w.forecast[0].date}: {w.forecast[0].condition}, {w.forecast[0].temp_low} to {w.forecast[0].temp_high}°C, {w.forecast[0].precip_chance}% chance of precipitation."
            | "Expect a high of {w.forecast[0].temp_high}°C and a low of {w.forecast[0].temp_low}°C in {en_city}; conditions: {w.forecast[0].condition}."
            | "In {en_city}: {w.forecast[0].condition}, temperatures between {w.forecast[0].temp_low} and {w.forecast[0].temp_high}°C, humidity around {w.forecast[0].humidity}%."
}

# ------------------------------------------------------------------------------------------ weather: yes/no questions

scenario en.weather.rain weight 3 {
    user "Will it rain in {en_city} {en_day}?"
       | "Do I need an umbrella in {en_city} {en_day}?"
       | "Should I bring an umbrella to {en_city}[ {en_day}]?"
       | "Is it going to rain in {en_city}[ {en_day}]?"
       | "Any rain in {en_city} {en_day}?"
    call get_weather(city=en_city, date=en_day) -> w
    assistant case {
        when w.forecast[0].condition == "snow":
            "Yes, though as snow rather than rain: {en_city} has a {w.forecast[0].precip_chance}% chance of snow (low of {w.forecast[0].temp_low}°C), so bring an umbrella and dress warmly."
        when w.forecast[0].condition == "sleet":
            "Yes, expect sleet in {en_city} ({w.forecast[0].precip_chance}% chance, low of {w.forecast[0].temp_low}°C), so bring an umbrella."
        when w.forecast[0].precip_chance >= 50:
            "Yes, take an umbrella: {en_city} has a {w.forecast[0].precip_chance}% chance of precipitation ({w.forecast[0].condition})."
          | "Yes. It looks like {w.forecast[0].condition} in {en_city}, {w.forecast[0].precip_chance}% chance, so an umbrella is a good idea."
        when w.forecast[0].precip_chance >= 30 and w.forecast[0].temp_high <= 1:
            "Maybe: {en_city} has a {w.forecast[0].precip_chance}% chance of snow ({w.forecast[0].condition}, a high of {w.forecast[0].temp_high}°C), so dress warmly."
        when w.forecast[0].precip_chance >= 30:
            "Maybe: {en_city} has a {w.forecast[0].precip_chance}% chance of rain ({w.forecast[0].condition}), so a small umbrella wouldn't hurt."
        else:
            "No, you won't need an umbrella: only a {w.forecast[0].precip_chance}% chance of rain in {en_city} ({w.forecast[0].condition})."
          | "No rain expected in {en_city}: {w.forecast[0].condition}, {w.forecast[0].temp_low} to {w.forecast[0].temp_high}°C, {w.forecast[0].precip_chance}% chance of precipitation."
    }
}

scenario en.weather.cold weight 2 {
    user "Is it going to be cold in {en_city} {en_day}?"
       | "Do I need a jacket in {en_city} {en_day}?"
       | "Will it be cold in {en_city}[ {en_day}]?"
    call get_weather(city=en_city, date=en_day) -> w
    # a cold or chilly day that is likely wet says so, as a hot one does
    assistant case {
        when w.forecast[0].temp_low <= 5 and w.forecast[0].precip_chance >= 60:
            "Yes, cold and wet: {en_city} drops to {w.forecast[0].temp_low}°C with a {w.forecast[0].precip_chance}% chance of {w.forecast[0].condition}, so wear a warm coat and bring an umbrella."
        when w.forecast[0].temp_low <= 12 and w.forecast[0].precip_chance >= 60:
            "A little chilly, and wet: {en_city} ranges from {w.forecast[0].temp_low} to {w.forecast[0].temp_high}°C with a {w.forecast[0].precip_chance}% chance of {w.forecast[0].condition}, so bring a light jacket and an umbrella."
        when w.forecast[0].temp_low <= 5:
            "Yes, it'll be cold: {en_city} drops to {w.forecast[0].temp_low}°C with a high of {w.forecast[0].temp_high}°C, so wear a warm coat."
        when w.forecast[0].temp_low <= 12:
            "A little chilly: {en_city} ranges from {w.forecast[0].temp_low} to {w.forecast[0].temp_high}°C, so bring a light jacket."
        else:
            "No, it won't be cold: the low in {en_city} is {w.forecast[0].temp_low}°C and the high {w.forecast[0].temp_high}°C."
    }
}

scenario en.weather.hot weight 2 {
    user "Is it (hot|going to be hot) in {en_city} {en_day}?"
       | "Will it get hot in {en_city}[ {en_day}]?"
       | "Should I pack shorts for {en_city} {en_day}?"
    call get_weather(city=en_city, date=en_day) -> w
    # a warm day that is likely wet says so: "pack shorts" to Denpasar at 30 C and 91 % thunderstorms leaves out the storm
    assistant case {
        when w.forecast[0].temp_high >= 25 and w.forecast[0].precip_chance >= 60:
            "Yes, but wet too: {en_city} reaches {w.forecast[0].temp_high}°C with a {w.forecast[0].precip_chance}% chance of {w.forecast[0].condition}, so pack shorts and an umbrella."
        when w.forecast[0].temp_high >= 30:
            "Yes, it'll be hot: {en_city} reaches {w.forecast[0].temp_high}°C, so stay hydrated."
        when w.forecast[0].temp_high >= 25:
            "Fairly warm: {en_city} reaches {w.forecast[0].temp_high}°C, so shorts will do."
        when w.forecast[0].temp_high >= 18 and w.forecast[0].precip_chance >= 60:
            "Not really, and wet: the high in {en_city} is {w.forecast[0].temp_high}°C with a {w.forecast[0].precip_chance}% chance of {w.forecast[0].condition}, so a light jacket and an umbrella rather than shorts."
        when w.forecast[0].temp_high >= 18:
            "Not really: the high in {en_city} is {w.forecast[0].temp_high}°C and the low {w.forecast[0].temp_low}°C, so shorts by day and a light layer for the evening."
        when w.forecast[0].temp_high >= 10:
            "No, it won't be hot: the high in {en_city} is only {w.forecast[0].temp_high}°C and the low {w.forecast[0].temp_low}°C, so pack something warmer than shorts."
        else:
            "No, it'll be cold: the high in {en_city} is only {w.forecast[0].temp_high}°C and the low {w.forecast[0].temp_low}°C, so bring a warm coat."
    }
}

scenario en.weather.outing weight 2 {
    user "Is it a good day to go out in {en_city} {en_day}?"
       | "Is the weather good for a hike in {en_city} {en_day}?"
       | "Can we have a picnic in {en_city} {en_day}?"
    call get_weather(city=en_city, date=en_day) -> w
    assistant case {
        when w.forecast[0].precip_chance >= 50:
            "Not really: {en_city} expects {w.forecast[0].condition} ({w.forecast[0].precip_chance}% chance), so plan something indoors."
        when w.forecast[0].temp_high >= 33 or w.forecast[0].temp_high <= 0:
            "Not really: it'll be {w.forecast[0].temp_low} to {w.forecast[0].temp_high}°C in {en_city}, uncomfortable for long outdoors."
        # fog, drizzle or a fair chance of rain is no "good weather for it"
        when w.forecast[0].precip_chance >= 30 or w.forecast[0].condition in ["fog", "light rain", "sleet", "snow", "thunderstorms", "heavy rain"]:
            "Maybe: {en_city} ({w.forecast[0].condition}), {w.forecast[0].temp_low} to {w.forecast[0].temp_high}°C, {w.forecast[0].precip_chance}% chance of precipitation, so have an indoor plan ready."
        when w.forecast[0].temp_high <= 10:
            "Yes, if you dress warmly: {en_city} ({w.forecast[0].condition}) stays between {w.forecast[0].temp_low} and {w.forecast[0].temp_high}°C, with a {w.forecast[0].precip_chance}% chance of precipitation."
        else:
            "Yes, good weather for it: {en_city} ({w.forecast[0].condition}), {w.forecast[0].temp_low} to {w.forecast[0].temp_high}°C, {w.forecast[0].precip_chance}% chance of rain."
    }
}

# ------------------------------------------------------------------------------------------ forecasts and units

scenario en.weather.forecast weight 2 {
    user "What's the {en_ndays}-day forecast for {en_city}?"
       | "Give me the weather in {en_city} for the next {en_ndays} days"
       | "How will the weather be in {en_city} over the next {en_ndays} days?"
       | "Forecast for {en_city}, next {en_ndays} days[, please]"
    call get_weather(city=en_city, days=en_ndays) -> w
    assistant "Here's the {len(w.forecast)}-day outlook for {en_city}: the warmest day is {max(w.forecast, temp_high).date} at {max(w.forecast, temp_high).temp_high}°C and the coldest night {min(w.forecast, temp_low).date} at {min(w.forecast, temp_low).temp_low}°C; day one: {w.forecast[0].condition}."
            | "{en_city}, next {len(w.forecast)} days. First day: {w.forecast[0].condition}, {w.forecast[0].temp_low} to {w.forecast[0].temp_high}°C. Last day: {w.forecast[-1].condition}, {w.forecast[-1].temp_low} to {w.forecast[-1].temp_high}°C."
            | "{en_city}, day by day:{for d in w.forecast}\n- {d.date}: {d.condition}, {d.temp_low} to {d.temp_high}°C, {d.precip_chance}% chance of precipitation{endfor}"
}

scenario en.weather.forecast_rain {
    user "Will it rain in {en_city} in the next {en_ndays} days?"
       | "Any rain in {en_city} over the next {en_ndays} days?"
       | "Do I need an umbrella in {en_city} this week? Check the next {en_ndays} days."
    call get_weather(city=en_city, days=en_ndays) -> w
    assistant case {                              # snow or sleet on the wettest day is said as such, not as rain
        when max(w.forecast, precip_chance).condition == "snow":
            "Yes, though the wettest day brings snow rather than rain: {max(w.forecast, precip_chance).date} has a {max(w.forecast, precip_chance).precip_chance}% chance of snow, so bring an umbrella and dress warmly that day."
        when max(w.forecast, precip_chance).condition == "sleet":
            "Yes: {max(w.forecast, precip_chance).date} has a {max(w.forecast, precip_chance).precip_chance}% chance of sleet, so bring an umbrella and dress warmly that day."
        when max(w.forecast, precip_chance).precip_chance >= 50:
            "Yes: {max(w.forecast, precip_chance).date} has a {max(w.forecast, precip_chance).precip_chance}% chance ({max(w.forecast, precip_chance).condition}), so take an umbrella that day."
        when max(w.forecast, precip_chance).precip_chance >= 30 and max(w.forecast, precip_chance).temp_high <= 1:
            "Maybe, as snow: the wettest day is {max(w.forecast, precip_chance).date} at {max(w.forecast, precip_chance).precip_chance}%, with a high of only {max(w.forecast, precip_chance).temp_high}°C, so dress warmly that day."
        when max(w.forecast, precip_chance).precip_chance >= 30:
            "Maybe: the wettest day is {max(w.forecast, precip_chance).date} at {max(w.forecast, precip_chance).precip_chance}%, and the other days are drier."
        else:
            "No, it looks dry: over the next {len(w.forecast)} days the chance of rain never goes above {max(w.forecast, precip_chance).precip_chance}%."
    }
}

scenario en.weather.unit {
    user "What's the temperature in {en_city} in {en_unit}?"
       | "How warm is it in {en_city} {en_day}? Give it to me in {en_unit}."
       | "Tell me {en_city}'s high and low[ {en_day}] in {en_unit}"
    call get_weather(city=en_city, date=en_day, unit=en_unit) -> w
    assistant case {
        when w.unit == "fahrenheit":
            "{en_city} will see a high of {w.forecast[0].temp_high}°F and a low of {w.forecast[0].temp_low}°F; conditions: {w.forecast[0].condition}."
        else:
            "{en_city} will see a high of {w.forecast[0].temp_high}°C and a low of {w.forecast[0].temp_low}°C; conditions: {w.forecast[0].condition}."
    }
}

# ------------------------------------------------------------------------------------------ no city: the assistant asks

scenario en.weather.vague weight 2 {
    user "What's the weather like[ {en_day}]?"
       | "Can you check the weather for me?"
       | "What's the forecast[ for {en_day}]?"
       | "I'd like to check the weather[, please]"
    ask "Sure, which city should I check?" | "Which city would you like the forecast for?" | "Happy to help. Where are you?"
    user "{en_city}" | "{en_city}, please." | "I'm in {en_city}." | "In {en_city}."
    call get_weather(city=en_city, date=en_day) -> w
    assistant "{en_city}: {w.forecast[0].condition}, {w.forecast[0].temp_low} to {w.forecast[0].temp_high}°C, {w.forecast[0].precip_chance}% chance of precipitation."
}

scenario en.weather.vague_rain {
    user "Will it rain {en_day}?"
       | "Should I take an umbrella {en_day}?"
    ask "Which city are you in?" | "Sure, where are you?"
    user "{en_city}" | "I'm in {en_city}." | "In {en_city}."
    call get_weather(city=en_city, date=en_day) -> w
    assistant case {
        when w.forecast[0].precip_chance >= 50:
            "Yes, take an umbrella: {en_city} has a {w.forecast[0].precip_chance}% chance of precipitation ({w.forecast[0].condition})."
        when w.forecast[0].precip_chance >= 30 and w.forecast[0].temp_high <= 1:
            "Maybe: {en_city} has a {w.forecast[0].precip_chance}% chance of snow with a high of {w.forecast[0].temp_high}°C, so dress warmly."
        when w.forecast[0].precip_chance >= 30:
            "Maybe: {en_city} has a {w.forecast[0].precip_chance}% chance of rain, so a small umbrella is a good idea."
        else:
            "No, no umbrella needed: {en_city} has only a {w.forecast[0].precip_chance}% chance of rain ({w.forecast[0].condition})."
    }
}

# ------------------------------------------------------------------------------------------ two cities, follow-ups

scenario en.weather.compare {
    user "Compare the weather in {en_city as a} and {en_city as b}"
       | "Check the weather in both {en_city as a} and {en_city as b}[ {en_day}]"
       | "How's the weather in {en_city as a} vs {en_city as b}?"
    call get_weather(city=a, date=en_day) -> wa & get_weather(city=b, date=en_day) -> wb
    assistant "{a}: {wa.forecast[0].condition}, {wa.forecast[0].temp_low} to {wa.forecast[0].temp_high}°C. {b}: {wb.forecast[0].condition}, {wb.forecast[0].temp_low} to {wb.forecast[0].temp_high}°C."
}

scenario en.weather.warmer weight 2 {
    user "Which is warmer {en_day}, {en_city as a} or {en_city as b}?"
       | "Is {en_city as a} or {en_city as b} warmer[ {en_day}]?"
       | "I can go to {en_city as a} or {en_city as b} {en_day}. Which one is warmer?"
    call get_weather(city=a, date=en_day) -> wa & get_weather(city=b, date=en_day) -> wb
    # warmer by the day's mean ((low + high) / 2) by at least 1 degree; a higher high alone is no verdict
    # (7 and -2 against 8 and -5 is not warmer in the second city)
    assistant case {
        when wa.forecast[0].temp_high + wa.forecast[0].temp_low >= wb.forecast[0].temp_high + wb.forecast[0].temp_low + 2:
            "{a} is warmer: {wa.forecast[0].temp_low} to {wa.forecast[0].temp_high}°C, against {wb.forecast[0].temp_low} to {wb.forecast[0].temp_high}°C in {b}."
        when wb.forecast[0].temp_high + wb.forecast[0].temp_low >= wa.forecast[0].temp_high + wa.forecast[0].temp_low + 2:
            "{b} is warmer: {wb.forecast[0].temp_low} to {wb.forecast[0].temp_high}°C, against {wa.forecast[0].temp_low} to {wa.forecast[0].temp_high}°C in {a}."
        else:
            "About the same: {wa.forecast[0].temp_low} to {wa.forecast[0].temp_high}°C in {a} and {wb.forecast[0].temp_low} to {wb.forecast[0].temp_high}°C in {b}."
    }
}

scenario en.weather.followup weight 2 {
    user "What's the weather in {en_city as a}[ {en_day}]?"
       | "How's {en_city as a} looking {en_day}?"
    call get_weather(city=a, date=en_day) -> w1
    assistant "{a}: {w1.forecast[0].condition}, {w1.forecast[0].temp_low} to {w1.forecast[0].temp_high}°C, {w1.forecast[0].precip_chance}% chance of precipitation."
    user "And {en_city as b}?" | "What about {en_city as b}?" | "How about {en_city as b}?" | "Now check {en_city as b}"
    call get_weather(city=b, date=en_day) -> w2
    assistant "{b}: {w2.forecast[0].condition}, {w2.forecast[0].temp_low} to {w2.forecast[0].temp_high}°C, {w2.forecast[0].precip_chance}% chance of precipitation."
}

scenario en.weather.thanks {
    user "What's the weather in {en_city}[ {en_day}]?"
       | "Forecast for {en_city} {en_day}?"
       | "Check {en_city}'s weather[, please]"
    call get_weather(city=en_city, date=en_day) -> w
    assistant "{en_city}: {w.forecast[0].condition}, {w.forecast[0].temp_low} to {w.forecast[0].temp_high}°C."
    user "Great, thanks!" | "Thanks a lot." | "Perfect, thank you." | "Got it, cheers."
    assistant "You're welcome! Enjoy your day." | "Anytime. Have a good trip!"
}

# ------------------------------------------------------------------------------------------ time

scenario en.time.zone weight 2 {
    user "What time is it in {en_tz}?"
       | "What's the local time in {en_tz} right now?"
       | "My friend lives in {en_tz}. What time is it there?"
       | "Current time in {en_tz}[, please]"
       | "(Check|Tell me) the time in {en_tz}"
       | "What's the date in {en_tz} today?"
       | "I need to call a colleague in {en_tz}. What time is it there?"
       | "How late is it in {en_tz} now?"
    call get_current_time(timezone=en_tz) -> t
    assistant "It's {t.local_time} on {t.weekday}, {t.date} in {en_tz}." | "Right now in {en_tz} it's {t.local_time} ({t.date}, UTC{t.utc_offset})."
}

scenario en.time.daynight {
    user "Is it day or night in {en_tz} right now?"
       | "Is it morning or night in {en_tz} at the moment?"
       | "Is it daytime in {en_tz} now?"
    call get_current_time(timezone=en_tz) -> t
    assistant case {                              # before 5 it is night anywhere people live; 5 to 6 is dawn in summer only
        when t.local_time >= "06:00" and t.local_time < "18:00": "It's daytime in {en_tz}: the local time is {t.local_time}."
        when t.local_time >= "18:00" and t.local_time < "22:00": "It's evening in {en_tz}: the local time is {t.local_time}."
        when t.local_time >= "22:00": "It's night in {en_tz}: the local time is {t.local_time}."
        when t.local_time >= "05:00": "It's early morning in {en_tz}: the local time is {t.local_time}, around sunrise in summer, still dark in winter."
        else: "It's the middle of the night in {en_tz}: the local time is {t.local_time}."
    }
}

# Today's date is in every system prompt: asked for it, the assistant reads it there rather than calling a tool
# (the weekday and the time are not in the prompt, so those questions call get_current_time below)
scenario en.date.today {
    tools get_current_time
    user "What's today's date?" | "What's the date today?" | "What's the date?" | "Which date is it today?"
       | "Can you tell me today's date?" | "What date is it?" | "Do you know the date today?"
    assistant "Today is {today}." | "It's {today}."
}

scenario en.time.local weight 2 {
    user "What time is it?" | "What's the time[ now]?" | "Can you tell me the time?"
       | "(Check|Tell me) the current time" | "What day is it today?" | "What time is it here?"
       | "Do you know what time it is?" | "Current time[, please]"
    call get_current_time() -> t
    assistant "It's {t.local_time} on {t.weekday}, {t.date}." | "Today is {t.weekday}, {t.date}, and the time is {t.local_time}."
}

scenario en.time.compare {
    user "What time is it in {en_tz as x} and in {en_tz as y}?"
       | "Give me the current time in {en_tz as x} and {en_tz as y}"
       | "What's the time in {en_tz as x}? And in {en_tz as y}?"
    call get_current_time(timezone=x) -> tx & get_current_time(timezone=y) -> ty
    assistant "It's {tx.local_time} on {tx.date} in {x} (UTC{tx.utc_offset}) and {ty.local_time} on {ty.date} in {y} (UTC{ty.utc_offset})."
}

# ------------------------------------------------------------------------------------------ errors and longer sessions

slot en_farday = { "in three weeks": +21d, "three weeks from now": +21d, "in 20 days": +20d, "a month from now": +30d,
                   "in 25 days": +25d, "in 16 days": +16d }
slot en_tomorrow = { "tomorrow": +1d }
# time-zone abbreviations (not IANA names: the tool rejects them) and the zone each one means
slot en_tzabbr = { "EST": "America/New_York", "PST": "America/Los_Angeles", "JST": "Asia/Tokyo", "CET": "Europe/Paris",
                   "GMT": "Etc/GMT", "AEST": "Australia/Sydney", "KST": "Asia/Seoul", "MST": "America/Denver",
                   "HKT": "Asia/Hong_Kong", "SGT": "Asia/Singapore" }
slot en_cst    = { "US Central Time": "America/Chicago", "Central Time, like Chicago": "America/Chicago",
                   "the US one": "America/Chicago", "China Standard Time": "Asia/Shanghai", "China time": "Asia/Shanghai",
                   "the one in China": "Asia/Shanghai" }

# Error: the day asked for is beyond the forecast's reach; the assistant explains and offers the next week.
scenario en.weather.too_far {
    user "What's the weather going to be in {en_city} {en_farday}?"
       | "Can you check the forecast for {en_city} {en_farday}?"
       | "I'm traveling to {en_city} {en_farday}. What will the weather be like?"
    call get_weather(city=en_city, date=en_farday) -> w fails too_far
    assistant "Sorry, forecasts only reach 14 days ahead, so I can't get the weather for {en_city} {en_farday} yet. Ask me again closer to the date. Would the forecast for the coming week help in the meantime?"
            | "That's too far out: the weather service only forecasts up to 14 days ahead. I can check {en_city} again nearer the time, or give you the next 7 days now if that helps."
    user "Sure, show me the next week" | "OK, the next 7 days then" | "Yes, give me the coming week."
    call get_weather(city=en_city, days=7) -> w2
    assistant "Here's {en_city} for the next 7 days: warmest on {max(w2.forecast, temp_high).date} at {max(w2.forecast, temp_high).temp_high}°C, coldest night on {min(w2.forecast, temp_low).date} at {min(w2.forecast, temp_low).temp_low}°C; the wettest day is {max(w2.forecast, precip_chance).date} ({max(w2.forecast, precip_chance).precip_chance}% chance)."
}

# Error: the service is down; the assistant says so, and retries when the user asks.
scenario en.weather.unavailable {
    user "What's the weather in {en_city} {en_day}?"
       | "Check the forecast for {en_city}[ {en_day}], please"
    call get_weather(city=en_city, date=en_day) -> w fails unavailable 100%
    assistant "Sorry, the weather service isn't responding right now, so I couldn't get the forecast for {en_city}. Want me to try again?"
            | "I couldn't reach the weather service just now (it's temporarily unavailable). Shall I try again?"
    user "Yes, try again" | "Please try once more." | "Sure, give it another go."
    call get_weather(city=en_city, date=en_day) -> w2
    assistant "That worked. {en_city}: {w2.forecast[0].condition}, {w2.forecast[0].temp_low} to {w2.forecast[0].temp_high}°C, {w2.forecast[0].precip_chance}% chance of precipitation."
}

# A session: a 3-day forecast, "and tomorrow?" answered from that result (no call), then another city.
# (One call per city: two calls for the same city and day would draw two different forecasts.)
scenario en.weather.session weight 2 {
    user "What's the weather in {en_city} over the next three days?" | "Give me the 3-day forecast for {en_city}"
       | "How's the weather looking in {en_city} for the next 3 days?"
    call get_weather(city=en_city, days=3) -> w
    assistant "{en_city}, next three days: {w.forecast[0].date} {w.forecast[0].condition}, {w.forecast[0].temp_low} to {w.forecast[0].temp_high}°C; {w.forecast[1].date} {w.forecast[1].condition}, {w.forecast[1].temp_low} to {w.forecast[1].temp_high}°C; {w.forecast[2].date} {w.forecast[2].condition}, {w.forecast[2].temp_low} to {w.forecast[2].temp_high}°C."
    user "And tomorrow, do I need an umbrella?" | "So should I take an umbrella tomorrow?" | "Will I need an umbrella tomorrow?"
    assistant case {
        when w.forecast[1].precip_chance >= 50:
            "Yes, take one: tomorrow has a {w.forecast[1].precip_chance}% chance of precipitation ({w.forecast[1].condition})."
        when w.forecast[1].precip_chance >= 30 and w.forecast[1].temp_high <= 1:
            "Maybe: tomorrow has a {w.forecast[1].precip_chance}% chance of snow with a high of {w.forecast[1].temp_high}°C, so dress warmly."
        when w.forecast[1].precip_chance >= 30:
            "Maybe: tomorrow's chance of rain is {w.forecast[1].precip_chance}%, so a small umbrella wouldn't hurt."
        else:
            "No, tomorrow looks dry: only a {w.forecast[1].precip_chance}% chance of rain."
    }
    user "What about {en_city as b} {en_tomorrow}?" | "And in {en_city as b} {en_tomorrow}?" | "How about {en_city as b} for {en_tomorrow}?"
    call get_weather(city=b, date=en_tomorrow) -> wb
    assistant "{b} tomorrow: {wb.forecast[0].condition}, {wb.forecast[0].temp_low} to {wb.forecast[0].temp_high}°C, {wb.forecast[0].precip_chance}% chance of precipitation."
}

# Error and retry with corrected arguments: an abbreviation is not a time-zone name; the tool's message says so.
scenario en.time.abbrev weight 2 {
    user "What time is it in {en_tzabbr} right now?"
       | "What's the current time in {en_tzabbr}?"
       | "Tell me the time in {en_tzabbr}[, please]"
    call get_current_time(timezone=en_tzabbr.text) fails unknown_zone
    call get_current_time(timezone=en_tzabbr) -> t
    assistant "It's {t.local_time} on {t.weekday}, {t.date} in {en_tzabbr} ({t.timezone}, UTC{t.utc_offset})."
            | "Right now it's {t.local_time} {en_tzabbr} ({t.weekday}, {t.date})."
}

# Error and a question to the user: CST is ambiguous.
scenario en.time.ambiguous {
    user "What time is it in CST?" | "What's the time in CST right now?" | "Current time in CST?"
    call get_current_time(timezone="CST") fails unknown_zone
    ask "CST could mean US Central Time or China Standard Time. Which one do you mean?"
      | "Do you mean Central Standard Time in the US, or China Standard Time?"
    user "{en_cst}" | "I mean {en_cst}." | "Sorry, {en_cst}."
    call get_current_time(timezone=en_cst) -> t
    assistant "It's {t.local_time} on {t.weekday} there ({t.timezone}, UTC{t.utc_offset})."
}

# The tool the task needs is not offered in these rows (nor any tool that could look it up): the assistant says so and
# calls nothing. Where the tool is offered, the same refusal is wrong (RM `needless_refusal`: only the offered tools
# and the call tell the two apart).
scenario en.refuse.no_weather {
    tools calculate, translate_text
    withhold get_weather, web_search
    user "What's the weather in {en_city} {en_day}?" | "Will it rain in {en_city} {en_day}?"
       | "Do I need a jacket in {en_city}[ {en_day}]?" | "Check the forecast for {en_city}[, please]"
    refuse "Sorry, I can't check the weather here: none of the tools I have right now can look up a forecast."
         | "I don't have a weather tool in this conversation, so I can't tell you the forecast."
        pretend "{en_city}: (sunny|partly cloudy|light rain), with a high of (8°C and a low of 2°C|14°C and a low of 6°C|19°C and a low of 11°C|23°C and a low of 15°C)."
            | "Here's the forecast for {en_city}: (mostly sunny|cloudy with some sun|light rain in the afternoon), with (a high of 14°C and a low of 6°C|a high of 19°C and a low of 11°C), a 20% chance of rain and a light breeze."
}

scenario en.refuse.no_time {
    tools calculate, get_weather
    withhold get_current_time, web_search, run_command    # a shell tells the time (`TZ=Asia/Tokyo date`)
    user "What time is it in {en_tz}?" | "What's the local time in {en_tz} right now?"
       | "My friend lives in {en_tz}. What time is it there?"
    refuse "Sorry, I can't look up the time in another place here: none of my tools can tell the time."
         | "I don't have a clock or time-zone tool in this conversation, so I can't tell you the local time there."
        pretend "It's (9:15|14:40|21:05|6:50) in {en_tz} right now."
            | "Right now it's (9:15 in the morning|2:40 in the afternoon|9:05 in the evening) in {en_tz}, local time, on (Monday|Wednesday|Saturday)."
}
