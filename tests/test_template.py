"""Template-string tests: placeholders, optional parts, inline choices, escapes, and spans inside the string."""

from __future__ import annotations

import pytest

from toolc.dsl.ast import ChoicePart, OptionalPart, ResultRef, SlotRef, Template, Text
from toolc.dsl.diagnostics import SpecError
from toolc.dsl.span import Span
from toolc.dsl.template import parse_template, unquote

# the literal sits at line 7, its opening quote in column 10: content offset i is column 11 + i
AT = Span("s.tool", 7, 10, 7, 60)


def parts(literal: str) -> tuple:
    return parse_template(literal, AT).parts


def fail(literal: str) -> SpecError:
    with pytest.raises(SpecError) as e:
        parse_template(literal, AT)
    return e.value


def cols(literal: str, needle: str) -> tuple[int, int]:
    """Source columns [start, end) of ``needle`` inside ``literal`` when the literal starts at column 10."""
    i = literal.index(needle)
    return AT.col + i, AT.col + i + len(needle)


def test_plain_text():
    assert parts('"你好，世界"') == (Text(text="你好，世界"),)
    assert parts('""') == ()


def test_slot_refs_aliases_and_result_paths():
    assert parts('"查一下{city}的天气"') == (Text(text="查一下"), SlotRef(name="city"), Text(text="的天气"))
    assert parts('"{city as a}和{ city  as  b }"') == (
        SlotRef(name="city", alias="a"), Text(text="和"), SlotRef(name="city", alias="b"))
    assert parts('"{w.temp_c}{r[0].name}{r.items[12]}{w}"') == (
        ResultRef(base="w", path=("temp_c",)), ResultRef(base="r", path=(0, "name")),
        ResultRef(base="r", path=("items", 12)), SlotRef(name="w"))


def test_optional_parts_nest_and_may_hold_a_choice():
    assert parts('"看看[{day}]天气[，谢谢[！]]"') == (
        Text(text="看看"), OptionalPart(parts=(SlotRef(name="day"),)), Text(text="天气"),
        OptionalPart(parts=(Text(text="，谢谢"), OptionalPart(parts=(Text(text="！"),)))))
    assert parts('"[请|麻烦]问"') == (
        OptionalPart(parts=(ChoicePart(alternatives=((Text(text="请"),), (Text(text="麻烦"),))),)), Text(text="问"))


def test_inline_choice_only_with_a_top_level_bar():
    assert parts('"(请问|麻烦问下|){city}"') == (
        ChoicePart(alternatives=((Text(text="请问"),), (Text(text="麻烦问下"),), ())), SlotRef(name="city"))
    # no top-level `|`: the parentheses are text, merged with the text around them
    assert parts('"温度(摄氏{unit}度)"') == (Text(text="温度(摄氏"), SlotRef(name="unit"), Text(text="度)"))
    assert parts('"a ((x|y)) b"') == (
        Text(text="a ("), ChoicePart(alternatives=((Text(text="x"),), (Text(text="y"),))), Text(text=") b"))
    # full-width parentheses are never special: this `|` is outside any choice
    assert parts('"（注：{x}）"') == (Text(text="（注："), SlotRef(name="x"), Text(text="）"))
    assert "outside an inline choice" in fail('"（a|b）"').message


def test_choice_alternatives_hold_any_parts():
    (choice,) = parts('"({city}的天气|[明天]{day}呢)"')
    assert choice == ChoicePart(alternatives=(
        (SlotRef(name="city"), Text(text="的天气")),
        (OptionalPart(parts=(Text(text="明天"),)), SlotRef(name="day"), Text(text="呢"))))


def test_escapes():
    lit = r'"\{city\} \[x\] \(a\|b\) \"q\" \\ \/ \n\t\u00e9\ud83d\ude00"'
    assert parts(lit) == (Text(text='{city} [x] (a|b) "q" \\ / \n\té😀'),)
    assert unquote(lit) == '{city} [x] (a|b) "q" \\ / \n\té😀'
    assert unquote('"plain"') == "plain"


def test_source_text_is_the_literal_as_written():
    t = parse_template(r'"a\{b [c]"', AT)
    assert isinstance(t, Template) and t.source_text == r"a\{b [c]"


def test_spans_point_at_names_inside_the_string():
    lit = '"查一下{cty}的天气，{w.temp_c}度，{city as a}"'
    p = parts(lit)
    assert p[1].span == Span("s.tool", 7, *cols(lit, "cty")[:1], 7, cols(lit, "cty")[1])
    assert (p[3].span.col, p[3].span.end_col) == cols(lit, "w.temp_c")
    alias_ref = p[5]
    start = AT.col + lit.index("city as")
    assert (alias_ref.span.col, alias_ref.span.end_col) == (start, start + 4)
    assert (p[0].span.col, p[0].span.end_col) == cols(lit, "查一下")


def test_spans_account_for_escapes_before_the_name():
    lit = r'"\u00e9\n{cty}"'  # 8 source characters before `{`
    (_, ref) = parts(lit)
    assert (ref.span.col, ref.span.end_col) == cols(lit, "cty")


@pytest.mark.parametrize("literal,message,needle", [
    ('"查一下{cty的天气"', "unclosed `{`", "{"),
    ('"a}b"', "unmatched `}`", "}"),
    ('"[可选"', "unclosed `[`", "["),
    ('"可选]"', "unmatched `]`", "]"),
    ('"(a|b"', "unclosed `(`", "("),
    ('"a)"', "unmatched `)`", ")"),
    ('"a|b"', "`|` outside an inline choice", "|"),
    ('"[]"', "empty `[]`", "[]"),
    ('"{}"', "invalid placeholder `{}`", "{}"),
    ('"{a b}"', "invalid placeholder `{a b}`", "{a b}"),
    ('"{城市}"', "invalid placeholder", "{城市}"),
    ('"{a.}"', "invalid placeholder", "{a.}"),
    ('"{r[x]}"', "invalid placeholder", "{r[x]}"),
    (r'"{a\n}"', "invalid placeholder", r"{a\n}"),
    ('"{a{b}"', "unclosed `{`", "{"),
    ('"a{endfor}"', "`{endfor}` closes no `{for ...}` loop", "{endfor}"),
    ('"{for f in r}{f}"', "unclosed `{for ...}` loop", "{for f in r}"),
    ('"{for f in r}{endfor}"', "empty `{for ...}` loop", "{for f in r}{endfor}"),
    ('"[{for f in r}{f}]{endfor}"', "unmatched `]`", "]"),
    ('"{for f r}{f}{endfor}"', "malformed loop `{for f r}`", "{for f r}"),
    ('"{for f in r.x[y]}{f}{endfor}"', "malformed loop", "{for f in r.x[y]}"),
])
def test_template_errors_point_at_the_character(literal, message, needle):
    e = fail(literal)
    assert e.code == "E002" and message in e.message and e.hint
    assert (e.span.line, e.span.col, e.span.end_col) == (7, *cols(literal, needle))


@pytest.mark.parametrize("literal,needle", [
    (r'"abc\q"', r"\q"), (r'"\u12"', r"\u"), (r'"x\ud800y"', r"\ud800"), ('"a\x01b"', "\x01"),
])
def test_bad_escapes_are_E003(literal, needle):
    e = fail(literal)
    assert e.code == "E003"
    assert e.span.col == cols(literal, needle)[0]
    with pytest.raises(SpecError):
        unquote(literal, AT)


def test_nesting_limit():
    deep = '"' + "[" * 40 + "x" + "]" * 40 + '"'
    e = fail(deep)
    assert e.code == "E002" and "deeper" in e.message
    ok = '"' + "[" * 10 + "x" + "]" * 10 + '"'
    assert parse_template(ok, AT).parts


def test_without_a_span_errors_still_carry_positions():
    with pytest.raises(SpecError) as e:
        parse_template('"ab}"')
    assert e.value.span.col == 4  # `"` is column 1


def test_a_result_index_too_long_for_a_number_is_an_invalid_placeholder() -> None:
    """Found by the parse fuzzer: ``{w[<5,001 digits>]}`` raised Python's int-conversion limit instead of E002."""
    with pytest.raises(SpecError) as exc:
        parse_template('"{w[' + "0" * 5001 + ']}"', AT)
    assert exc.value.code == "E002"


def test_a_for_loop_holds_the_text_to_repeat_and_nests():
    from toolc.dsl.ast import ForPart

    literal = r'"Files:{for f in r.files}\n- {f.path}[!]{endfor} ok"'
    got = parts(literal)
    assert got[0] == Text(text="Files:") and got[2] == Text(text=" ok")
    loop = got[1]
    assert isinstance(loop, ForPart) and (loop.var, loop.base, loop.path) == ("f", "r", ("files",))
    assert loop.parts == (Text(text="\n- "), ResultRef(base="f", path=("path",)), OptionalPart(parts=(Text(text="!"),)))
    assert (loop.span.col, loop.span.end_col) == cols(literal, "f in r.files")
    inner = parts('"{ for d in w.days }{for h in d.hours[0].x}{h}{endfor}{ endfor }"')[0]
    assert inner.var == "d" and inner.parts[0].var == "h" and inner.parts[0].path == ("hours", 0, "x")


def test_a_loop_may_say_what_stands_between_its_items():
    loop = parts('"{for c in m.cc}{c}{sep}, {lastsep} and {endfor}"')[0]
    assert loop.parts == (SlotRef(name="c"),) and loop.between == (Text(text=", "),)
    assert loop.last == (Text(text=" and "),)
    loop = parts('"{for c in m.cc}{c}{sep}、{endfor}"')[0]
    assert loop.between == (Text(text="、"),) and loop.last is None
    assert parts('"{sep} and {lastsep}"') == (SlotRef(name="sep"), Text(text=" and "), SlotRef(name="lastsep"))


@pytest.mark.parametrize("literal", ['"{for c in m}{c}{lastsep} and {endfor}"', '"{for c in m}{c}{sep},{sep};{endfor}"',
                                     '"{for c in m}{c}{sep}, {lastsep} and {sep}; {endfor}"'])
def test_a_separator_out_of_place_is_e002_at_it(literal):
    e = fail(literal)
    assert e.code == "E002" and "out of place in a loop" in str(e)
    assert literal[e.span.col - AT.col:].startswith(("{sep}", "{lastsep}"))


def test_an_escaped_brace_keeps_for_and_endfor_as_text():
    assert parts(r'"\{endfor\} and \{for x in y\}"') == (Text(text="{endfor} and {for x in y}"),)
