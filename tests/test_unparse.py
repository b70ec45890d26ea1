"""dsl/unparse.py prints tools that parse back to the same AST; the quoted-name, `!` and list-default syntax."""

from __future__ import annotations

import textwrap

from hypothesis import given, settings
from hypothesis import strategies as st

from toolc.dsl import ast
from toolc.dsl.diagnostics import Diagnostics
from toolc.dsl.parse import parse_module
from toolc.dsl.span import Source
from toolc.dsl.unparse import unparse_tool


def _parse(text: str) -> ast.Module:
    diags = Diagnostics()
    mod = parse_module(Source("t.tool", textwrap.dedent(text)), diags)
    assert not diags, diags.render()
    return mod


def test_quoted_names_required_marker_and_list_defaults():
    mod = _parse('''
        tool "http.get" "Fetch" {
            "Content-Type": "a" | "b"! = "a" "the media type"
            "año_vehiculo": int?
            tags: list[string] = ["x", "y"]
            empty: list[int] = []
        }
        slot s = { "k": "v"
                   "k2": "w" }
        scenario x {
            tools "http.get"
            user "{s}"
            call "http.get"("Content-Type"="a", tags=["x"])
        }
    ''')
    tool = mod.decls[0]
    assert tool.name == "http.get"
    ct, year, tags, empty = tool.params
    assert (ct.name, ct.required, ct.default.value) == ("Content-Type", True, "a")
    assert (year.name, year.optional) == ("año_vehiculo", True)
    assert tags.default == ast.ListValue(values=(ast.Literal_(value="x"), ast.Literal_(value="y")))
    assert empty.default == ast.ListValue(values=())
    call = mod.decls[2].steps[1].calls[0]
    assert call.tool == "http.get" and [a.name for a in call.args] == ["Content-Type", "tags"]
    assert mod.decls[2].tools == ("http.get",)


def test_a_description_is_not_read_as_a_name():
    (tool,) = _parse('tool t { a: int "first"\n b: int "second" }').decls
    assert [(p.name, p.description) for p in tool.params] == [("a", "first"), ("b", "second")]


_names = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1, max_size=12)
_scalars = st.one_of(st.text(max_size=8), st.integers(-1000, 1000), st.booleans())


@st.composite
def _tools(draw) -> ast.Tool:
    params = []
    for name in draw(st.lists(_names, max_size=5, unique=True)):
        kind = draw(st.sampled_from(["string", "int", "list", "enum"]))
        if kind == "list":
            t = ast.ListType(item=ast.PrimType(name="string"))
            d = draw(st.one_of(st.none(), st.lists(st.text(max_size=5), max_size=3).map(
                lambda vs: ast.ListValue(values=tuple(ast.Literal_(value=v) for v in vs)))))
        elif kind == "enum":
            t = ast.EnumType(values=tuple(draw(st.lists(st.text(max_size=5), min_size=1, max_size=3, unique=True))))
            d = draw(st.one_of(st.none(), _scalars.map(lambda v: ast.Literal_(value=v))))
        else:
            t = ast.PrimType(name=kind)
            d = draw(st.one_of(st.none(), _scalars.map(lambda v: ast.Literal_(value=v))))
        optional = draw(st.booleans())
        required = d is not None and not optional and draw(st.booleans())
        params.append(ast.Param(name=name, type=t, optional=optional, required=required, default=d,
                                description=draw(st.one_of(st.none(), st.text(min_size=1, max_size=10)))))
    return ast.Tool(name=draw(_names), description=draw(st.text(max_size=10)), params=tuple(params))


@settings(max_examples=150, deadline=None)
@given(_tools())
def test_unparse_then_parse_gives_the_same_tool(tool):
    text = unparse_tool(tool)
    diags = Diagnostics()
    mod = parse_module(Source("t.tool", text), diags)
    assert not diags, diags.render() + "\n" + text
    assert mod.decls == (tool,), text


def test_keywords_name_parameters_before_a_colon():
    """A declaration keyword, `returns` or `ask` followed by `:` is a name, also right after a literal default
    (where the lexer state is shared with a slot's last choice)."""
    tool = ast.Tool(name="t", params=tuple(
        ast.Param(name=n, type=ast.PrimType(name="string"), default=ast.Literal_(value="x"))
        for n in ("a", "slot", "locale", "returns", "ask", "tool", "date")))
    text = unparse_tool(tool)
    assert "    slot: string" in text and "    returns: string" in text
    assert _parse(text).decls == (tool,)
    (t,) = _parse('tool t { a: int = 1 ask "q?"\n ask: bool }').decls
    assert (t.params[0].ask, t.params[1].name) == ("q?", "ask")


def test_a_literal_default_with_template_characters_round_trips():
    """`= "{"` is a template (E002); a default holding `{` is printed with escaped template syntax, and a
    string of escaped template characters only parses back as a literal default (found by the fuzz test)."""
    for value in ("{", "{}", "{[x](a|b)", "a\\{", "{x}"):
        tool = ast.Tool(name="t", params=(ast.Param(name="a", type=ast.PrimType(name="string"),
                                                    default=ast.Literal_(value=value)),))
        assert _parse(unparse_tool(tool)).decls == (tool,), value
    (t,) = _parse('tool t { a: string = "\\{x\\}" }').decls
    assert (t.params[0].default.value, t.params[0].source) == ("{x}", None)
