# A starter spec written by `toolc new`: one tool, its slots, six scenarios and a dataset.
# Check it with `toolc check .`, build it with `toolc build . -o out`, then edit and rebuild
# (`toolc watch . -o out` rebuilds on every save). The language: docs/language.md.
# A row is a claim about the world: a result follows from its call (the day and unit asked for, snow only
# when it is cold) and a reply answers the question from the result.

locale en_US

tool get_weather "Get the weather forecast for a city on a given day." {
    city: string                                "City name, e.g. Paris"  ask "Which city should I check?"
    date: date = today                          "Day of the forecast, YYYY-MM-DD"
    unit: "celsius" | "fahrenheit" = "celsius"  "Temperature unit"
    returns {
        city: string = city
        date: date = date
        unit: string = unit
        precip_chance: int(0..100)
        temp_low: int(-10..25) in unit
        temp_high: int(temp_low + 2..temp_low + 12) in unit
        condition: "sunny" | "cloudy" | "rain" | "snow" = case {
            when temp_high <= 1 and precip_chance >= 50: "snow"
            when precip_chance >= 50: "rain"
            when precip_chance >= 25: "cloudy"
            else: "sunny"
        }
    }
}

slot city = faker.city
slot day = { "today": +0d, "tomorrow": +1d, "the day after tomorrow": +2d }
slot unit = { "Celsius": "celsius", "Fahrenheit": "fahrenheit" }

# the user names the city (and maybe the day): one call, then an answer that uses the result
scenario weather.single weight 3 {
    user "What's the weather in {city}[ {day}]?" | "{city} forecast[, please]"
    call get_weather(city=city, date=day) -> w
    assistant "{city}: {w.condition}, {w.temp_low} to {w.temp_high}°C, {w.precip_chance}% chance of precipitation."
            | "In {city}: {w.condition}, between {w.temp_low} and {w.temp_high}°C."
}

# a yes/no question: the reply answers it from the result
scenario weather.rain weight 2 {
    user "Will it rain in {city} {day}?" | "Do I need an umbrella in {city} {day}?"
    call get_weather(city=city, date=day) -> w
    assistant case {
        when w.temp_high <= 1 and w.precip_chance >= 25:
            "Snow rather than rain: {city} has a {w.precip_chance}% chance of precipitation and a high of {w.temp_high}°C, so dress warmly."
        when w.precip_chance >= 50: "Yes, take an umbrella: {city} has a {w.precip_chance}% chance of rain."
        when w.precip_chance >= 25: "Maybe: {city} has a {w.precip_chance}% chance of rain ({w.condition})."
        else: "No, the chance of rain in {city} is only {w.precip_chance}%."
    }
}

# a unit the user asks for is passed on, and the reply gives the temperatures in it
scenario weather.unit {
    user "How warm is it in {city}? Answer in {unit}."
    call get_weather(city=city, unit=unit) -> w
    assistant case {
        when w.unit == "fahrenheit": "In {city} it's {w.temp_low} to {w.temp_high}°F ({w.condition})."
        else: "In {city} it's {w.temp_low} to {w.temp_high}°C ({w.condition})."
    }
}

# no city: the assistant asks the `ask` question, the user answers, then the call follows
scenario weather.vague {
    user "What's the weather like {day}?" | "What will the weather be {day}?"
    call get_weather(city=city, date=day) -> w
    assistant "{city} {day}: {w.condition}, {w.temp_low} to {w.temp_high}°C."
}

# tools are offered, none may be called: each reply answers what was said
scenario greeting {
    user "(Hi|Hello|Hey)[ there][!]"
    assistant "Hello! Ask me about the weather anywhere." | "Hi! Which city's weather should I check?"
}

scenario thanks {
    user "(Thanks|Thank you|Thanks a lot)[, that's all][.]" | "(Great|Perfect), thanks[!]"
    assistant "You're welcome!" | "Glad to help. Ask me about the weather any time." | "Any time!"
}

dataset starter {
    sft 200
    rm 100 perturb value, tool, missing, extra, type, no_call, spurious_call, needless_refusal
    ppo 50
    test 10% holdout templates, values
    format openai, qwen
    seed 1
}
