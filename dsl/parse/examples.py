"""Parse stage, data: known-bad snippets and readable terminal names for syntax errors (input: none; output: tables).

Data only, read by :mod:`.driver`. Each label of :data:`ERROR_EXAMPLES` is the message shown when a syntax
error happens in the same LALR parser state as one of its snippets (lark's ``UnexpectedInput.match_examples``,
https://lark-parser.readthedocs.io/en/stable/classes.html#unexpectedinput); a test checks that every snippet
fails to parse. :data:`TERMINAL_NAMES` names the regex terminals of ``grammars/tool.lark`` in words (string
terminals such as ``LBRACE`` read as themselves, keywords as the word).
"""

from __future__ import annotations

__all__ = ["ERROR_EXAMPLES", "TERMINAL_NAMES"]

#: Readable names of the regex terminals of tool.lark (string terminals and keywords read as themselves).
TERMINAL_NAMES: dict[str, str] = {
    "NAME": "a name", "QNAME": "a name", "WORD": "a name", "PATTERN": "a scenario name pattern",
    "QUOTED_NAME": "a quoted name", "NUMBER": "a number", "RELDATE": "a relative date like `+1d`", "STRING": "a string",
    "ADD_OP": "`+` or `-`", "MUL_OP": "`*`, `/` or `%`", "COMP_OP": "a comparison", "IN": "`in`", "DESC": "`desc`",
    "$END": "the end of the file",
}

#: Known-bad snippets -> the message shown for a syntax error in the same parser state (see
#: ``UnexpectedInput.match_examples``). Within one parser state, put the general label first.
ERROR_EXAMPLES: dict[str, list[str]] = {
    "expected a declaration (`tool`, `slot`, `scenario`, `dataset`, `import` or `locale`)": [
        "foo", "tool t {} foo", '"x"', "tool t {} 1", "tool t {} :", "tool t {} (",
    ],
    "unmatched `}`": ["}", "tool t {} }", "slot s = 1 }"],
    "expected a tool name after `tool`": ["tool {", "tool 1", "tool t.x {}"],
    "expected `{` to open the tool body": ["tool t x", 'tool t "d" x', 'tool t "d" "e"', "tool t (", "tool t :"],
    "expected a parameter name": ["tool t { : int }", "tool t { 1: int }", "tool t { x: int, , }"],
    "missing `:` after parameter name": [
        "tool t { x string }", "tool t { x }", 'tool t { x "d" }', "tool t { a: int x string }", "tool t { x = 1 }",
        "tool t { x int }", "tool t { x(1..2) }", "tool t { x ? }",
    ],
    "expected a type": [
        "tool t { x: }", "tool t { x: ? }", "tool t { x: = 1 }", "tool t { x: , }",
        "tool t { x: [string] }", "tool t { a: int, x: }", "tool t { returns }", "tool t { x: list[] }",
        "tool t { x: list[?] }",
    ],
    "expected a string or a number after `|` in an enum": ['tool t { x: "a" | }', 'tool t { x: "a" | b }', 'tool t { x: 1 | }'],
    "expected `]` to close `list[...]`": ["tool t { x: list[string }", "tool t { x: list[string string] }"],
    "expected a default value after `=`": ["tool t { x: int = }", "tool t { x: int = ? }", "tool t { x: int = , }"],
    "expected a string after `ask`": ["tool t { x: int ask 1 }", "tool t { x: int ask }", "tool t { x: int ask x }"],
    "parameters must come before `returns`": ["tool t { returns string x: int }", "tool t { returns { a: int } x: int }"],
    "expected `..` in a range: write `(LO..HI)`, `(LO..)` or `(..HI)`": [
        "tool t { x: int(1) }", "tool t { x: int(1, 5) }", "tool t { x: int(1 5) }", "slot s = int(1)",
        "tool t { x: int() }",
    ],
    "expected `)` to close the range": [
        "tool t { x: int(1..5 }", "tool t { x: int(1...5) }", "tool t { x: int(1..5..6) }", "tool t { x: int(..5 }",
    ],
    "expected a number after `..`": ["tool t { x: list[int](1..) }"],
    "expected `=` after the slot name": ["slot s faker.city", "slot s: faker.city", 'slot s "x"', "slot s"],
    "expected a slot name after `slot`": ["slot = 1", 'slot "s" = 1', "slot 1 = 2"],
    "expected a value source after `=`: `faker.PROVIDER`, literals `\"a\" | \"b\"`, `int(LO..HI)` or a map `{...}`": [
        "slot s = }", "slot s = ?", "slot s = [1, 2]", "slot s =", "slot s = (1..2)",
    ],
    "expected a Faker provider name after `faker.`": ["slot s = faker.", "slot s = faker.1", 'slot s = faker."x"'],
    "Faker arguments are literals: `\"value\"` or `name=\"value\"`": [
        "slot s = faker.x(a)", "slot s = faker.x(a=b)", "slot s = faker.x(a=)", "slot s = faker.x(,)",
        "slot s = faker.x(1 2)", "slot s = faker.x(today)",
    ],
    "a map entry is `\"surface\": value`": ["slot s = { a: 1 }", "slot s = { 1: 2 }", 'slot s = { "a": 1 b }'],
    "expected `:` after the map key": ['slot s = { "a" 1 }', 'slot s = { "a" }', 'slot s = { "a" = 1 }'],
    "expected a literal or a relative date like `+1d` after `:`": ['slot s = { "a": }', 'slot s = { "a": today }', 'slot s = { "a": x }'],
    "expected a string or a number after `|`": ['slot s = "a" | ', 'slot s = "a" | }', 'slot s = "a" | x'],
    "expected a scenario name after `scenario`": ["scenario {", 'scenario "s" {', "scenario 1 {"],
    "expected `{` to open the scenario": ["scenario a b", "scenario a user", "scenario a weight {", "scenario a weight 1 x"],
    "expected a step: `user`, `call` or `assistant`": [
        "scenario a { foo }", 'scenario a { say "x" }', 'scenario a { user "x" foo }', 'scenario a { "x" }',
        "scenario a { call f() foo }", 'scenario a { assistant "x" foo }', "scenario a { tools b foo }",
    ],
    "`tools` must come first in a scenario": ['scenario a { user "x" tools b }', "scenario a { call f() tools b }"],
    "expected a tool name after `tools`": ["scenario a { tools }", "scenario a { tools 1 }"],
    "expected a string after `user`": ["scenario a { user hello }", "scenario a { user }", "scenario a { user 1 }"],
    "expected a string after `assistant`": ["scenario a { assistant hello }", "scenario a { assistant }"],
    "expected a string after `|`": ['scenario a { user "x" | }', 'scenario a { user "x" | y }', 'scenario a { assistant "x" | }',
                                    'tool t { x: int error e "a" | }', 'tool t { x: int error e "a" | when }'],
    "expected a tool name after `call`": ["scenario a { call 1 }", "scenario a { call }", "scenario a { call (a=b) }"],
    "expected a tool call after `&`": ["scenario a { call f() & }", "scenario a { call f() & 1 }"],
    "expected `(` after the tool name": ["scenario a { call f }", "scenario a { call f -> w }", "scenario a { call f a=b }"],
    "arguments are `name=value`": [
        "scenario a { call f(city) }", "scenario a { call f(city: x) }", "scenario a { call f(1) }",
        'scenario a { call f("a") }', "scenario a { call f(a=b, c) }",
    ],
    "expected a slot, a result path or a literal after `=`": [
        "scenario a { call f(a=) }", "scenario a { call f(a=,) }", "scenario a { call f(a=?) }",
    ],
    "expected `,` or `)` between arguments": ["scenario a { call f(a=b c=d) }", 'scenario a { call f(a="b" c=d) }'],
    "expected a name after `->`": ["scenario a { call f() -> }", 'scenario a { call f() -> "w" }'],
    "expected a field name or `[index]` in the result path": [
        "scenario a { call f(a=w.) }", "scenario a { call f(a=w.1) }", "scenario a { call f(a=w[x]) }",
        "scenario a { call f(a=w[]) }", "scenario a { call f(a=w[0) }",
    ],
    "expected a dataset name after `dataset`": ["dataset {", 'dataset "d" {', "dataset 1 {"],
    "expected `{` to open the dataset": ["dataset d x", "dataset d sft"],
    "unknown dataset setting": [
        "dataset d { foo }", "dataset d { size 10 }", "dataset d { sft 1 foo }", 'dataset d { "x" }',
        "dataset d { sft 1 each foo }",
    ],
    "expected a number": [
        "dataset d { sft }", "dataset d { sft x }", 'dataset d { rm "x" }', "dataset d { ppo }", "dataset d { seed }",
        "dataset d { seed x }", "dataset d { distractors }", "dataset d { distractors 1.. }", "dataset d { test }",
        "dataset d { test x }", "scenario a weight x {",
    ],
    "expected `%` after the test share: `test 10%`": ["dataset d { test 10 }", "dataset d { test 10 holdout values }"],
    "expected a string after `system`": ["dataset d { system }"],
    "expected a string after the language tag": ["dataset d { system x }", "tool t { x: int confirm zh }",
                                                  "tool t { x: int error e zh }", "tool t { x: int error e zh when }"],
    "expected the error's message: `error NAME \"text\"`, or per language `error NAME zh \"...\" | en \"...\"`": [
        "tool t { x: int error e }", "tool t { x: int error e 1 }", "tool t { x: int error e when x }"],
    "expected a scenario name pattern such as `weather.*`": ["dataset d { scenarios }", "dataset d { scenarios , }", 'dataset d { scenarios "a" }'],
    "expected a name": [
        "dataset d { format }", "dataset d { perturb }", "dataset d { test 10% holdout }", "dataset d { format , }",
        'dataset d { format "qwen" }', "dataset d { format qwen, }",
    ],
    "expected a locale name such as `zh_CN` after `locale`": ['locale "zh_CN"', "locale", "locale 1"],
    "expected a quoted path after `import`": ["import other.tool", "import", "import 1"],
}
