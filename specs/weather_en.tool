# Weather and time (English): single calls, forecasts, units, clarification, parallel calls,
# follow-ups, city -> IANA time zone maps.
# The tools' `ask` questions are Chinese, so English clarifications are written out as turns.

locale en_US
import "tools_travel.tool"
import "slots_en.tool"

slot en_unit  = { "Fahrenheit": "fahrenheit", "°F": "fahrenheit", "Celsius": "celsius", "°C": "celsius" }
slot en_ndays = { "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "3": 3, "5": 5 }
slot en_tz    = { "Tokyo": "Asia/Tokyo", "Osaka": "Asia/Tokyo", "Seoul": "Asia/Seoul", "Beijing": "Asia/Shanghai",
                  "Shanghai": "Asia/Shanghai", "Singapore": "Asia/Singapore", "Bangkok": "Asia/Bangkok",
                  "Dubai": "Asia/Dubai", "Mumbai": "Asia/Kolkata", "Moscow": "Europe/Moscow", "London": "Europe/London",
                  "Paris": "Europe/Paris", "Berlin": "Europe/Berlin", "Madrid": "Europe/Madrid", "New York": "America/New_York",
                  "Boston": "America/New_York", "Chicago": "America/Chicago", "Denver": "America/Denver",
                  "Los Angeles": "America/Los_Angeles", "Seattle": "America/Los_Angeles", "Toronto": "America/Toronto",
                  "Sydney": "Australia/Sydney", "Auckland": "Pacific/Auckland", "São Paulo": "America/Sao_Paulo",
                  "Cairo": "Africa/Cairo", "Honolulu": "Pacific/Honolulu" }

scenario en.weather.single weight 4 {
    user "What's the weather in {en_city}?"
       | "How's the weather in {en_city} {en_day}?"
       | "Will it rain in {en_city} {en_day}?"
       | "(Check|Look up) the forecast for {en_city}[ {en_day}][, please]"
       | "Is it going to be cold in {en_city} {en_day}?"
       | "I'm heading to {en_city} {en_day}. What's the weather like there?"
       | "{en_city} weather[ {en_day}]"
       | "Do I need an umbrella in {en_city} {en_day}?"
       | "Is it (hot|sunny) in {en_city} {en_day}?"
       | "(Tell me|Give me) the weather (for|in) {en_city}[ {en_day}]"
       | "I'm in {en_city}. How's the weather {en_day}?"
       | "Is {en_day} a good day to go out in {en_city}?"
       | "How warm will it be in {en_city} {en_day}?"
    call get_weather(city=en_city, date=en_day) -> w
    assistant "{en_city}: {w.condition}, {w.temp_low}–{w.temp_high}°C, {w.precip_chance}% chance of rain."
            | "Expect a high of {w.temp_high}°C and a low of {w.temp_low}°C in {en_city}, with {w.condition} conditions."
            | "In {en_city} it'll be {w.condition} with temperatures between {w.temp_low} and {w.temp_high}°C and humidity around {w.humidity}%."
}

scenario en.weather.forecast weight 2 {
    user "What's the {en_ndays}-day forecast for {en_city}?"
       | "Give me the weather in {en_city} for the next {en_ndays} days"
       | "How will the weather be in {en_city} over the next {en_ndays} days?"
       | "Forecast for {en_city}, next {en_ndays} days[, please]"
    call get_weather(city=en_city, days=en_ndays) -> w
    assistant "Here's the {en_ndays}-day outlook for {en_city}: day one is {w.condition}, {w.temp_low}–{w.temp_high}°C, with a {w.precip_chance}% chance of rain."
}

scenario en.weather.unit {
    user "What's the temperature in {en_city} in {en_unit}?"
       | "How warm is it in {en_city} {en_day}? Give it to me in {en_unit}."
       | "Tell me {en_city}'s high and low[ {en_day}] in {en_unit}"
    call get_weather(city=en_city, date=en_day, unit=en_unit) -> w
    assistant "{en_city} will see a high of {w.temp_high} and a low of {w.temp_low} ({en_unit})."
}

# No city: the assistant asks, the user answers, then the call follows.
scenario en.weather.vague weight 2 {
    user "What's the weather like[ {en_day}]?"
       | "Will it rain {en_day}?"
       | "Can you check the weather for me?"
       | "Do I need a jacket {en_day}?"
       | "(Is it|Will it be) (cold|hot) {en_day}?"
       | "What's the forecast[ for {en_day}]?"
       | "Should I take an umbrella {en_day}?"
       | "I'd like to check the weather[, please]"
    ask "Sure, which city should I check?" | "Which city would you like the forecast for?" | "Happy to help. Where are you?"
    user "{en_city}" | "{en_city}, please." | "I'm in {en_city}." | "In {en_city}."
    call get_weather(city=en_city, date=en_day) -> w
    assistant "{en_city}: {w.condition}, {w.temp_low}–{w.temp_high}°C, {w.precip_chance}% chance of rain."
}

scenario en.weather.compare weight 2 {
    user "Compare the weather in {en_city as a} and {en_city as b}"
       | "Which is warmer {en_day}, {en_city as a} or {en_city as b}?"
       | "Check the weather in both {en_city as a} and {en_city as b}[ {en_day}]"
       | "How's the weather in {en_city as a} vs {en_city as b}?"
    call get_weather(city=a, date=en_day) -> wa & get_weather(city=b, date=en_day) -> wb
    assistant "{a}: {wa.condition}, {wa.temp_low}–{wa.temp_high}°C. {b}: {wb.condition}, {wb.temp_low}–{wb.temp_high}°C."
            | "{a} tops out at {wa.temp_high}°C and {b} at {wb.temp_high}°C."
}

scenario en.weather.followup weight 2 {
    user "What's the weather in {en_city as a}[ {en_day}]?"
       | "How's {en_city as a} looking {en_day}?"
       | "Is it sunny in {en_city as a}[ {en_day}]?"
    call get_weather(city=a, date=en_day) -> w1
    assistant "{a}: {w1.condition}, {w1.temp_low}–{w1.temp_high}°C, {w1.precip_chance}% chance of rain."
    user "And {en_city as b}?" | "What about {en_city as b}?" | "How about {en_city as b}?" | "Now check {en_city as b}"
    call get_weather(city=b, date=en_day) -> w2
    assistant "{b}: {w2.condition}, {w2.temp_low}–{w2.temp_high}°C, {w2.precip_chance}% chance of rain."
}

scenario en.weather.thanks {
    user "What's the weather in {en_city}[ {en_day}]?"
       | "Forecast for {en_city} {en_day}?"
       | "Check {en_city}'s weather[, please]"
    call get_weather(city=en_city, date=en_day) -> w
    assistant "{en_city}: {w.condition}, {w.temp_low}–{w.temp_high}°C."
    user "Great, thanks!" | "Thanks a lot." | "Perfect, thank you." | "Got it, cheers."
    assistant "You're welcome! Enjoy your day." | "Anytime. Have a good trip!"
}

scenario en.time.zone weight 2 {
    user "What time is it in {en_tz}?"
       | "What's the local time in {en_tz} right now?"
       | "Is it morning or night in {en_tz} at the moment?"
       | "My friend lives in {en_tz}. What time is it there?"
       | "Current time in {en_tz}[, please]"
       | "(Check|Tell me) the time in {en_tz}"
       | "What's the date in {en_tz} today?"
       | "I need to call a colleague in {en_tz}. What time is it there?"
       | "How late is it in {en_tz} now?"
    call get_current_time(timezone=en_tz) -> t
    assistant "It's {t.local_time} on {t.date} in {en_tz}." | "Right now in {en_tz} it's {t.local_time} ({t.date})."
}

scenario en.time.local weight 2 {
    user "What time is it?" | "What's the time[ now]?" | "What's today's date?" | "Can you tell me the time?"
       | "(Check|Tell me) the current time" | "What day is it today?" | "What time is it here?"
       | "Do you know what time it is?" | "Current time[, please]"
    call get_current_time() -> t
    assistant "It's {t.local_time} on {t.date}." | "Today is {t.date} and the time is {t.local_time}."
}

scenario en.time.compare {
    user "What time is it in {en_tz as x} and in {en_tz as y}?"
       | "Give me the current time in {en_tz as x} and {en_tz as y}"
       | "What's the time in {en_tz as x}? And in {en_tz as y}?"
    call get_current_time(timezone=x) -> tx & get_current_time(timezone=y) -> ty
    assistant "It's {tx.local_time} in {x} and {ty.local_time} in {y}."
}
