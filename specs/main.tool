# Entry point of the bundled specs: imports every domain file (Chinese and English) and declares
# the build plans.
#
#   toolc check specs/main.tool
#   toolc build specs/main.tool --dataset assistant -o out/assistant
#   toolc build specs/main.tool --dataset demo -o out/demo
#
# Layout: tools_*.tool hold the 17 tools (shared by both languages), pools_*_zh/en.tool their localized
# result pools, slots_*.tool the slots used by several files, and <domain>_zh.tool / <domain>_en.tool the
# scenarios (names start `zh.` / `en.`). Both languages use every behaviour (docs/language.md, "Behaviours"):
# tool errors and what follows them (a retry with corrected arguments, a question to the user, an explanation),
# a confirmation before every call with side effects (send_email, run_command, book_restaurant, delete_file;
# some declined), refusals when no offered tool fits (`*.refuse.*`), list and object arguments (cc,
# attachments, filters, columns, avoid, special_requests) and sessions of 3-6 user turns that refer back
# ("the second one", "and tomorrow?"); tests/test_audit.py keeps each in at least 3 % of SFT rows per language.
# Every system prompt states today's date: conversations turn "明天" / "tomorrow" into dates, and the model
# can only learn that from a prompt that says what today is.

import "weather_zh.tool"
import "weather_en.tool"
import "travel_zh.tool"
import "travel_en.tool"
import "info_zh.tool"
import "info_en.tool"
import "office_zh.tool"
import "office_en.tool"
import "data_zh.tool"
import "data_en.tool"
import "chat_zh.tool"
import "chat_en.tool"

# Everything: all tools, every scenario in both languages, every perturbation and format.
dataset assistant {
    system zh "你是一个可以调用工具的智能助手。今天是{today}。"
         | zh "你是智能助手，可以使用下面提供的工具完成用户的请求。当前日期：{today}。"
         | en "You are a helpful assistant with access to tools. Today is {today}."
         | en "You are an assistant that can call the tools below to help the user. The current date is {today}."
    scenarios zh.*, en.*
    sft 5000
    rm  2000 perturb value, tool, count, missing_optional, missing, type, extra, format, order, no_call, spurious_call,
                     needless_refusal, wrong_fact, skip_clarify, skip_confirm, skip_refuse, ignore_error, wrong_language,
                     made_up_results
    ppo 1000
    distractors 0..3
    test 10% holdout templates, values
    format qwen, qwen-fc, openai, openai-functions, alpaca
    seed 42
}

# A small Chinese-only dataset: two tools (weather, time), single calls, a clarification and smalltalk, with
# large copy-slot pools (370 real cities). It was the CPU demo's data until `toolc demo` moved to the whole
# `assistant` dataset (docs/training.md); kept as a quick build of a narrow task.
dataset demo {
    system zh "你是智能助手。今天是{today}。"
    scenarios zh.weather.single, zh.weather.vague, zh.time.zone, zh.time.local, zh.chat.greeting, zh.chat.joke
    sft 3000
    rm  500 perturb value, tool, missing, no_call, spurious_call, needless_refusal
    ppo 200
    distractors 0..1
    test 10% holdout templates, values
    format qwen, openai
    seed 42
}
