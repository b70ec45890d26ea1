# Smalltalk (English): tools are offered, none may be called.

locale en_US
import "tools_travel.tool"
import "tools_info.tool"
import "tools_office.tool"

scenario en.chat.greeting weight 2 {
    tools get_weather, web_search
    user "Hi" | "Hello[ there]!" | "Good morning!" | "Hey, are you there?" | "Good evening"
       | "Good afternoon" | "Hey[!]" | "Anyone there?" | "Hi, excuse me" | "Hello, how are you?"
    assistant "Hi! I can check the weather, search the web, do math, translate, send emails and more. What do you need?"
            | "Hello! How can I help you today?"
            | "Hey! What can I do for you?"
}

scenario en.chat.identity weight 2 {
    tools get_weather, calculate, send_email
    user "Who are you?" | "What's your name?" | "Tell me about yourself" | "What can you do?" | "Are you a bot?"
    assistant "I'm an assistant that can use tools: weather, time, web search, calculations, translation, files, email and more."
            | "I'm your AI assistant. I can call tools to look things up and get tasks done for you."
}

scenario en.chat.thanks {
    tools search_restaurants, translate_text
    user "Thanks!" | "Thank you so much" | "Appreciate it" | "Cheers, that helped"
    assistant "You're welcome! Anything else?" | "Glad I could help."
}

scenario en.chat.joke {
    tools web_search, get_weather
    user "Tell me a joke" | "Make me laugh" | "Got any jokes?" | "Say something funny" | "I'm bored, cheer me up"
       | "Know any good puns?" | "[Can you ]tell me a dad joke[?]" | "Tell me something (funny|silly)"
       | "Cheer me up with a joke"
    assistant "Why do programmers prefer dark mode? Because light attracts bugs."
            | "I told my computer I needed a break, and it said: no problem, I'll go to sleep."
            | "Why don't scientists trust atoms? Because they make up everything."
            | "I'm reading a book about anti-gravity. It's impossible to put down."
}

scenario en.chat.mood {
    tools get_weather, web_search, calculate
    user "I'm having a rough day" | "Work is really stressing me out" | "I'm so tired" | "I can't sleep lately"
    assistant "Sorry to hear that. Take a short break, drink some water and breathe; I'm here if you want to talk."
            | "That sounds hard. A walk or a bit of rest can help, and you can tell me what's going on if you like."
}

scenario en.chat.bye {
    tools get_weather, send_email
    user "Bye" | "See you later" | "That's all for now" | "Okay, I'm done, thanks"
    assistant "Goodbye, have a great day!" | "See you! I'm here whenever you need me."
}

# Questions about the assistant's abilities: no call is due.
scenario en.chat.capability {
    tools get_weather, get_current_time, web_search
    user "Can you check the weather?" | "Do you translate?" | "Can you send emails?" | "Can you do math?"
    assistant "Yes! Tell me the details, like the city, the text or the recipient, and I'll take care of it."
            | "Sure, just tell me exactly what you need."
}
