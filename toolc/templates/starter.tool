# A starter spec written by `toolc new`: one tool, its slots, four scenarios and a dataset.
# Check it with `toolc check .`, build it with `toolc build . -o out`, then edit and rebuild
# (`toolc watch . -o out` rebuilds on every save). The language: docs/language.md.

locale en_US

tool get_weather "Get the weather forecast for a city on a given day." {
    city: string                                "City name, e.g. Paris"  ask "Which city should I check?"
    date: date = today                          "Day of the forecast, YYYY-MM-DD"
    unit: "celsius" | "fahrenheit" = "celsius"  "Temperature unit"
    returns {
        condition: "sunny" | "cloudy" | "rain" | "snow"
        temp_c: int(-10..38)
    }
}

slot city = faker.city
slot day = { "today": +0d, "tomorrow": +1d, "the day after tomorrow": +2d }
slot unit = { "Celsius": "celsius", "Fahrenheit": "fahrenheit" }

# the user names the city (and maybe the day): one call, then an answer that uses the result
scenario weather.single weight 3 {
    user "What's the weather in {city}[ {day}]?" | "Will it rain in {city} {day}?" | "{city} forecast[, please]"
    call get_weather(city=city, date=day) -> w
    assistant "{city}: {w.condition}, {w.temp_c}°C." | "Expect {w.condition} in {city}, around {w.temp_c}°C."
}

# a unit the user asks for is passed on
scenario weather.unit {
    user "How warm is it in {city}? Answer in {unit}."
    call get_weather(city=city, unit=unit) -> w
    assistant "In {city} it is {w.condition}."
}

# no city: the assistant asks the `ask` question, the user answers, then the call follows
scenario weather.vague {
    user "What's the weather like {day}?" | "Do I need an umbrella {day}?"
    call get_weather(city=city, date=day)
}

# tools are offered, none may be called
scenario smalltalk {
    user "(Hi|Hello|Hey)[ there][!]"
       | "(Thanks|Thank you)[, that's all][.]"
       | "Who are you?"
       | "Tell me a joke[, please]"
    assistant "Hello! Ask me about the weather anywhere."
            | "Happy to help with the weather[ anywhere]."
            | "I can look up weather forecasts for you.[ Which city?]"
}

dataset starter {
    sft 200
    rm 100 perturb value, tool, missing, extra, type, no_call, spurious_call, needless_refusal
    ppo 50
    test 10% holdout templates, values
    format openai, qwen
    seed 1
}
