"""Parser tests: every language feature of docs/language.md parses to the expected AST, with the right spans."""

from __future__ import annotations

import shutil
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import pytest

from toolc.dsl import ast as A
from toolc.dsl.diagnostics import Diagnostics
from toolc.dsl.parse import LARK_OPTIONS, TYPE_NAMES, parse_module, parse_source
from toolc.dsl.span import Source, Span
from toolc.grammars import grammar_text

ROOT = Path(__file__).resolve().parent.parent


def parse(text: str, path: str = "t.tool") -> A.Module:
    """Parses ``text`` and fails the test on any error."""
    diags = Diagnostics()
    src = Source(path, textwrap.dedent(text))
    diags.sources[path] = src
    module = parse_module(src, diags)
    assert not diags, diags.render()
    assert module is not None
    return module


def errors(text: str) -> list:
    diags = Diagnostics()
    src = Source("t.tool", textwrap.dedent(text))
    diags.sources["t.tool"] = src
    assert parse_module(src, diags) is None
    return diags.sorted()


def lit(v):
    return A.Literal_(value=v)


def prim(name, lo=None, hi=None):
    return A.PrimType(name=name, lo=lo, hi=hi)


def P(name, type_, **kw):
    return A.Param(name=name, type=type_, **kw)


def tmpl(*parts, src=""):
    return A.Template(parts=tuple(parts), source_text=src)


# ---------------------------------------------------------------------------------------------- grammar


def test_grammar_is_package_data_and_builds_strict():
    """The runtime build skips lark's collision checks; this is where they run (strict: any collision fails)."""
    from lark import Lark

    text = grammar_text()
    assert "start:" in text and "%ignore WS" in text
    Lark(text, strict=True, **LARK_OPTIONS)  # no LALR conflicts, no terminal collisions in any lexer state


def test_installed_wheel_is_one_package_and_finds_the_grammar(tmp_path):
    """A wheel built with the project's packaging config installs one top-level name, ``toolc`` (the
    repository's dsl/, compiler/, train/, grammars/ and specs/ become toolc.dsl, ...), and an import from
    the unpacked wheel finds the grammar and the bundled specs as package data."""
    proj = tmp_path / "proj"
    proj.mkdir()
    shutil.copy(ROOT / "pyproject.toml", proj)
    for folder in ("toolc", "dsl", "compiler", "train", "grammars", "specs"):
        shutil.copytree(ROOT / folder, proj / folder, ignore=shutil.ignore_patterns("__pycache__"))
    (proj / "README.md").write_text("toolc\n")
    subprocess.run([sys.executable, "-m", "pip", "wheel", str(proj), "--no-deps", "--no-build-isolation",
                    "-q", "-w", str(tmp_path / "dist")], check=True, capture_output=True)
    wheel = next((tmp_path / "dist").glob("*.whl"))
    with zipfile.ZipFile(wheel) as z:
        names = z.namelist()
        top = {n.split("/")[0] for n in names}
        assert {t for t in top if not t.endswith(".dist-info")} == {"toolc"}, top
        assert "toolc/grammars/tool.lark" in names
        assert "toolc/specs/main.tool" in names  # `toolc demo` compiles the bundled specs from an install too
        assert "toolc/train/configs/sft.yaml" in names
        assert "toolc/dsl/explanations/E102.md" in names  # `toolc explain` reads them from an install
        z.extractall(tmp_path / "site")
    code = ("import toolc.grammars as g, toolc.dsl.parse; from importlib.resources import files; "
            "print(g.__file__); print(g.grammar_text() == open(%r).read()); "
            "print(files('toolc.specs').joinpath('main.tool').is_file()); "
            "from toolc.dsl.codes import explain; print(explain('E102').startswith('# E102:'))"
            ) % str(ROOT / "grammars" / "tool.lark")
    out = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, check=True,
                         env={"PYTHONPATH": str(tmp_path / "site"), "PATH": ""}).stdout.split()
    assert out[0].startswith(str(tmp_path / "site")) and out[1:] == ["True", "True", "True"]


# ---------------------------------------------------------------------------------------------- files


def test_empty_and_comment_only_files_are_empty_modules():
    assert parse("") == A.Module(path="t.tool")
    assert parse("# nothing here\n   \n# still nothing") == A.Module(path="t.tool")


def test_locale_and_imports():
    m = parse('locale zh_CN\nimport "a.tool"\nimport "sub/b.tool"  # comment\n')
    assert m.locale == "zh_CN"
    assert m.imports == (A.Import(path="a.tool"), A.Import(path="sub/b.tool"))
    assert m.imports[1].span == Span("t.tool", 3, 1, 3, 20)


def test_declarations_in_any_order_keep_their_order():
    m = parse('slot a = 1\ntool t {}\nscenario s {}\nimport "x.tool"\ndataset d {}\nlocale en_US\n')
    assert [d.kind for d in m.decls] == ["slot", "tool", "scenario", "dataset"]
    assert m.locale == "en_US" and len(m.imports) == 1


# ---------------------------------------------------------------------------------------------- tools


DOC_TOOL = '''
tool get_weather "查询指定城市某天的天气" {
    city: string                       "城市名称"        ask "请问您想查询哪个城市？"
    date: date = today                 "日期，YYYY-MM-DD"
    unit: "celsius" | "fahrenheit" = "celsius"
    days: int(1..7)?                   "预报天数"
    tags: list[string]?
    filter: { min_rating: float(0..5)?, open_now: bool? }?
    returns {
        condition: "晴" | "多云" | "小雨"
        temp_c: int(-10..40)
    }
}
'''


def test_the_documented_tool():
    (tool,) = parse(DOC_TOOL).decls
    assert tool == A.Tool(
        name="get_weather",
        description="查询指定城市某天的天气",
        params=(
            P("city", prim("string"), description="城市名称", asks=(A.LangText(text="请问您想查询哪个城市？"),)),
            P("date", prim("date"), default=A.Keyword(name="today"), description="日期，YYYY-MM-DD"),
            P("unit", A.EnumType(values=("celsius", "fahrenheit")), default=lit("celsius")),
            P("days", prim("int", 1, 7), optional=True, description="预报天数"),
            P("tags", A.ListType(item=prim("string")), optional=True),
            P("filter", A.ObjectType(fields=(P("min_rating", prim("float", 0, 5), optional=True),
                                             P("open_now", prim("bool"), optional=True))), optional=True),
        ),
        returns=A.ObjectType(fields=(P("condition", A.EnumType(values=("晴", "多云", "小雨"))),
                                     P("temp_c", prim("int", -10, 40)))),
    )


def test_tool_spans():
    (tool,) = parse(DOC_TOOL).decls
    assert tool.span == Span("t.tool", 2, 1, 13, 2)  # `tool` .. the closing `}`
    city, date = tool.params[:2]
    assert city.span == Span("t.tool", 3, 5, 3, 71)  # name .. end of the ask question
    assert date.default.span == Span("t.tool", 4, 18, 4, 23)
    assert tool.params[3].type.span == Span("t.tool", 6, 11, 6, 20)  # int(1..7)


def test_minimal_tools_and_separators():
    m = parse('''
        tool a {}
        tool b "only a description" {}
        tool c { x: int, y: int, }
        tool d { x: int y: int }
        tool e { returns string }
    ''')
    a, b, c, d, e = m.decls
    assert a == A.Tool(name="a") and b == A.Tool(name="b", description="only a description")
    assert c.params == d.params == (P("x", prim("int")), P("y", prim("int")))
    assert e == A.Tool(name="e", returns=prim("string"))


@pytest.mark.parametrize("written,name", sorted(TYPE_NAMES.items()))
def test_type_names_are_normalised(written, name):
    (tool,) = parse(f"tool t {{ x: {written} }}").decls
    assert tool.params[0].type == prim(name)


@pytest.mark.parametrize("written,lo,hi", [
    ("int(1..20)", 1, 20), ("int(1..)", 1, None), ("int(..100)", None, 100), ("int(-10..-1)", -10, -1),
    ("float(0.5..9.5)", 0.5, 9.5), ("number(..1e3)", None, 1000.0), ("integer(+1..2)", 1, 2),
    ("float(0..5)", 0, 5),
])
def test_ranges(written, lo, hi):
    (tool,) = parse(f"tool t {{ x: {written} }}").decls
    t = tool.params[0].type
    assert (t.lo, t.hi) == (lo, hi) and type(t.lo) is type(lo) and type(t.hi) is type(hi)


def test_enums_lists_objects():
    (tool,) = parse('''
        tool t {
            a: 1 | 2 | 3
            b: -1 | 0
            c: "only"
            d: list[list[int(0..9)]]
            e: { inner: { deep: "x" | "y" = "x" } }
            f: list[{ k: string }]?
        }
    ''').decls
    a, b, c, d, e, f = (p.type for p in tool.params)
    assert a == A.EnumType(values=(1, 2, 3)) and b == A.EnumType(values=(-1, 0)) and c == A.EnumType(values=("only",))
    assert d == A.ListType(item=A.ListType(item=prim("int", 0, 9)))
    assert e == A.ObjectType(fields=(P("inner", A.ObjectType(fields=(
        P("deep", A.EnumType(values=("x", "y")), default=lit("x")),))),))
    assert f == A.ListType(item=A.ObjectType(fields=(P("k", prim("string")),))) and tool.params[5].optional


def test_defaults_of_every_kind():
    (tool,) = parse('''
        tool t {
            s: string = "x"   i: int = -3   f: float = 2.5   b: bool = true   n: bool = false
            d: date = today   dt: datetime = now   src: string = faker.city
        }
    ''').decls
    got = {p.name: (p.default, p.source) for p in tool.params}
    assert got["s"] == (lit("x"), None) and got["i"] == (lit(-3), None) and got["f"] == (lit(2.5), None)
    assert got["b"] == (lit(True), None) and got["n"] == (lit(False), None)
    assert got["d"] == (A.Keyword(name="today"), None) and got["dt"] == (A.Keyword(name="now"), None)
    assert got["src"] == (None, A.FakerSource(provider="city"))  # a Faker source is never a default


def test_result_shape_literal_is_a_source_and_list_count():
    (tool,) = parse('''
        tool t {
            x: string = "default"
            returns list[{ name: string = faker.company, status: string = "ok", when: date = today }](2..4)
        }
    ''').decls
    assert tool.params[0].default == lit("default") and tool.params[0].source is None
    shape = tool.returns
    assert (shape.count_lo, shape.count_hi) == (2, 4)
    name, status, when = shape.item.fields
    assert name.source == A.FakerSource(provider="company") and name.default is None
    assert status.source == lit("ok") and status.default is None
    assert when.source == A.EName(name="today") and when.default is None  # in a result: the reference date


def test_keywords_stay_usable_as_names():
    m = parse('''
        tool user { date: date  format: string  test: int  slot: string  user: string  tools: string }
        scenario s { call user(date=today_slot, format="x", slot=slot) }
    ''')
    tool, scen = m.decls
    assert [p.name for p in tool.params] == ["date", "format", "test", "slot", "user", "tools"]
    call = scen.steps[0].calls[0]
    assert call.tool == "user" and [a.name for a in call.args] == ["date", "format", "slot"]


def test_a_refusal_with_pretend_texts():
    """`refuse "..." pretend "..."`: the refusal's alternatives and the made-up answers apart, on one line or two, with
    spans; `pretend` stays usable as a parameter name."""
    m = parse('''
        tool t { pretend: string }
        scenario s {
            user "Set an alarm for {hour}"
            refuse "No alarms here." | "I can't set alarms."
                pretend "Alarm set for {hour}." | "Done(!|.)"
            refuse "No." pretend "Yes."
        }
    ''')
    tool, scen = m.decls
    assert [p.name for p in tool.params] == ["pretend"]
    first, second = scen.steps[1], scen.steps[2]
    assert first.refuse and [t.source_text for t in first.alternatives] == ["No alarms here.", "I can't set alarms."]
    assert [t.source_text for t in first.pretend] == ["Alarm set for {hour}.", "Done(!|.)"]
    assert first.pretend[0].span.line == first.span.end_line == 6
    assert [t.source_text for t in second.alternatives] == ["No."] and [t.source_text for t in second.pretend] == ["Yes."]
    assert parse('scenario s { user "x" refuse "No." }').decls[0].steps[1].pretend == ()


# ---------------------------------------------------------------------------------------------- slots


def test_slots_of_every_kind():
    m = parse('''
        slot city    = faker.city
        slot when    = faker.date_between(start_date="-30d", end_date="+30d")
        slot mixed   = faker.pyint(1, 9, step=2)
        slot cuisine = "川菜" | "粤菜" | "日料"
        slot flags   = true | false
        slot n       = int(1..20)
        slot x       = float(0.5..9.5)
        slot day     = { "今天": +0d, "明天": +1d, "上周": -1w, "后天": 2d }
        slot unit    = { "摄氏": "celsius"
                         "华氏": "fahrenheit", }
    ''')
    city, when, mixed, cuisine, flags, n, x, day, unit = (d.source for d in m.decls)
    assert city == A.FakerSource(provider="city")
    assert when == A.FakerSource(provider="date_between",
                                 kwargs=(("start_date", lit("-30d")), ("end_date", lit("+30d"))))
    assert mixed == A.FakerSource(provider="pyint", args=(lit(1), lit(9)), kwargs=(("step", lit(2)),))
    assert cuisine == A.ChoiceSource(values=(lit("川菜"), lit("粤菜"), lit("日料")))
    assert flags == A.ChoiceSource(values=(lit(True), lit(False)))
    assert n == A.RangeSource(type="int", lo=1, hi=20) and x == A.RangeSource(type="float", lo=0.5, hi=9.5)
    assert day == A.MapSource(entries=(
        A.MapEntry(surface="今天", value=A.RelDate(days=0)), A.MapEntry(surface="明天", value=A.RelDate(days=1)),
        A.MapEntry(surface="上周", value=A.RelDate(days=-7)), A.MapEntry(surface="后天", value=A.RelDate(days=2))))
    assert unit == A.MapSource(entries=(A.MapEntry(surface="摄氏", value=lit("celsius")),
                                        A.MapEntry(surface="华氏", value=lit("fahrenheit"))))
    assert city.provider_span == Span("t.tool", 2, 22, 2, 26)
    assert m.decls[0].span == Span("t.tool", 2, 1, 2, 26)


# ---------------------------------------------------------------------------------------------- scenarios


def test_the_documented_scenario():
    (scen,) = parse('''
        scenario weather.single weight 3 {
            user "查一下{city}的天气"
               | "{city}{day}天气怎么样？"
            call get_weather(city=city, date=day) -> w
            assistant "{city}{w.condition}。"
        }
    ''').decls
    assert scen == A.Scenario(name="weather.single", weight=3.0, steps=(
        A.UserStep(alternatives=(
            tmpl(A.Text(text="查一下"), A.SlotRef(name="city"), A.Text(text="的天气"), src="查一下{city}的天气"),
            tmpl(A.SlotRef(name="city"), A.SlotRef(name="day"), A.Text(text="天气怎么样？"), src="{city}{day}天气怎么样？"),
        )),
        A.CallStep(calls=(A.Call(tool="get_weather", bind="w", args=(
            A.Arg(name="city", expr=A.SlotArg(name="city")), A.Arg(name="date", expr=A.SlotArg(name="day")))),)),
        A.AssistantStep(alternatives=(
            tmpl(A.SlotRef(name="city"), A.ResultRef(base="w", path=("condition",)), A.Text(text="。"),
                 src="{city}{w.condition}。"),)),
    ))


def test_calls_arguments_and_parallel_calls():
    (scen,) = parse('''
        scenario s weight 0.5 {
            tools extra_a, extra_b
            call f(a=r[0].name, b=r.items[1], c="s", d=-2, e=true, f=1.5, filter.open_now=false,) & g()
        }
    ''').decls
    assert scen.weight == 0.5 and scen.tools == ("extra_a", "extra_b")
    f, g = scen.steps[0].calls
    assert g == A.Call(tool="g")
    exprs = {a.name: a.expr for a in f.args}
    assert exprs == {
        "a": A.ResultArg(base="r", path=(0, "name")), "b": A.ResultArg(base="r", path=("items", 1)),
        "c": A.LiteralArg(value=lit("s")), "d": A.LiteralArg(value=lit(-2)), "e": A.LiteralArg(value=lit(True)),
        "f": A.LiteralArg(value=lit(1.5)), "filter.open_now": A.LiteralArg(value=lit(False)),
    }
    assert f.tool_span == Span("t.tool", 4, 10, 4, 11)


def test_template_spans_point_inside_the_source_line():
    m = parse('scenario s {\n    user "查一下{cty}的天气" | "{a.b}"\n}\n')
    first, second = m.decls[0].steps[0].alternatives
    ref = first.parts[1]
    assert ref == A.SlotRef(name="cty") and ref.span == Span("t.tool", 2, 15, 2, 18)
    assert second.parts[0].span == Span("t.tool", 2, 28, 2, 31)


# ---------------------------------------------------------------------------------------------- datasets


def test_the_documented_dataset():
    (d,) = parse('''
        dataset assistant_v1 {
            system "你是一个可以调用工具的智能助手" | "You are a helpful assistant with access to tools."
            scenarios weather.*, trip.plan      # glob patterns
            sft 5000
            rm  2000 perturb value, tool, missing, extra, type, no_call, spurious_call, format, order
            ppo 1000
            distractors 0..3
            test 10% holdout templates, values
            format qwen, openai, qwen-fc, openai-functions
            seed 42
        }
    ''').decls
    assert d == A.DatasetDecl(
        name="assistant_v1", system=(A.LangText(text="你是一个可以调用工具的智能助手"),
                                     A.LangText(text="You are a helpful assistant with access to tools.")),
        scenarios=("weather.*", "trip.plan"), sft=A.Count(n=5000), rm=A.Count(n=2000),
        perturb=("value", "tool", "missing", "extra", "type", "no_call", "spurious_call", "format", "order"),
        ppo=A.Count(n=1000), distractors=(0, 3), test_percent=10.0, holdout=("templates", "values"),
        formats=("qwen", "openai", "qwen-fc", "openai-functions"), seed=42)
    assert set(d.setting_spans) == {"system", "scenarios", "sft", "rm", "perturb", "ppo", "distractors", "test",
                                    "holdout", "format", "seed"}
    assert d.setting_spans["sft"] == Span("t.tool", 5, 5, 5, 13)
    assert d.setting_spans["format"].line == 10


def test_dataset_defaults_and_variants():
    empty, each = parse('''
        dataset empty {}
        dataset each.v2 { sft 200 each  rm 10 each  perturb tool  distractors 2  test 12.5%  scenarios *  }
    ''').decls
    assert empty == A.DatasetDecl(name="empty")
    assert empty.holdout is None and empty.test_percent is None and empty.sft is None
    assert each.sft == A.Count(n=200, each=True) and each.rm == A.Count(n=10, each=True)
    assert each.perturb == ("tool",) and each.distractors == (2, 2)
    assert each.test_percent == 12.5 and each.holdout is None and each.scenarios == ("*",)
    (none,) = parse("dataset d { test 0% holdout none }").decls
    assert none.test_percent == 0.0 and none.holdout == ()


# ---------------------------------------------------------------------------------------------- lexical


def test_strings_escapes_and_comments():
    (tool,) = parse(r'''
        tool t "a \"quoted\" # not a comment \u00e9\ud83d\ude00 \{\} \n" {  # a comment
            x: int "tab\there"
        }
    ''').decls
    assert tool.description == 'a "quoted" # not a comment é😀 {} \n'
    assert tool.params[0].description == "tab\there"


def test_crlf_and_numbers():
    m = parse("tool t {\r\n  x: float(1e2..2.5e3)\r\n  y: int = +7\r\n}\r\n")
    x, y = m.decls[0].params
    assert (x.type.lo, x.type.hi) == (100.0, 2500.0) and y.default == lit(7)


def test_deterministic_round_trip_of_the_bundled_specs():
    specs = sorted((ROOT / "specs").glob("*.tool"))
    for path in specs:
        text = path.read_text(encoding="utf-8")
        one, two = parse(text, path.name), parse(text, path.name)
        assert one == two and one.model_dump_json() == two.model_dump_json()
        assert one.decls, path


def test_partial_module_after_errors_keeps_good_declarations():
    diags = Diagnostics()
    module, ok = parse_source(Source("t.tool", 'import "a.tool"\ntool broken { x string }\ntool good { y: int }\n'),
                              diags)
    assert not ok and len(diags.errors) == 1
    assert module.imports == (A.Import(path="a.tool"),) and [d.name for d in module.decls] == ["good"]


def test_semantic_value_errors_are_reported_with_codes():
    codes = [e.code for e in errors('''
        tool t {
            a: strng
            b: int(5..1)
            c: int(1.5..3)
            d: string(1..2)
            e: 1 | 2.5
            f: int = tody
        }
        slot s = int(1..)
        slot g = fakr.city
        slot h = faker.x(a=1, 2)
        slot far = { "x": +99999d }
        slot big = 99999999999999999999 | 1e999 | 1
        dataset d { sft 1.5  seed -1  distractors 3..1 }
    ''')]
    assert codes == ["E001", "E203", "E203", "E203", "E205", "E205", "E203", "E001", "E204", "E205", "E205", "E205",
                     "E305", "E305", "E305"]


def test_too_deep_nesting_is_an_error_not_a_crash():
    text = "tool t { x: " + "list[" * 300 + "int" + "]" * 300 + " }"
    (err,) = errors(text)
    assert err.code == "E001" and "nests deeper" in err.message


def test_error_labels_table_is_consistent():
    """Every known-bad snippet fails to parse; most parser states it covers map to one label."""
    from toolc.dsl.parse import ERROR_EXAMPLES
    from toolc.dsl.parse.driver import example_table

    errors, by_type, by_state = example_table()
    assert len(errors) == sum(len(v) for v in ERROR_EXAMPLES.values())
    assert len(by_type) >= 100 and len(by_state) >= 50


def test_error_count_is_capped_per_file():
    from toolc.dsl.parse import MAX_SYNTAX_ERRORS

    errs = errors("tool t { x int }\n}\n" * 100)
    assert len(errs) == MAX_SYNTAX_ERRORS
    assert "rest of this file is not checked" in errs[-1].notes[-1]


def test_builder_callbacks_are_the_grammars_rules():
    """The tree builder's callbacks are looked up by the grammar's rule names: a rule added to tool.lark
    without a callback, or a callback left behind by a removed rule, fails here."""
    from toolc.dsl.parse.build import Build, rule_functions
    from toolc.dsl.parse.exprs import ExprBuild
    from toolc.dsl.parse.grammar import rule_names
    from toolc.dsl.parse.typebuild import TypeBuild

    callbacks = {n for cls in (Build, TypeBuild, ExprBuild) for n, v in vars(cls).items() if callable(v) and not n.startswith("_")}
    assert callbacks == set(rule_names())
    assert set(rule_functions()) == set(rule_names()) and "name_expr" in rule_names()  # an alias names its node
    assert "type" not in rule_names() and "_decl" not in rule_names()  # inlined `?type`, `_decl`


def test_every_subpackage_is_listed_for_installation():
    """pyproject.toml lists packages explicitly (the folders are mapped to ``toolc.*``): a new folder with an
    ``__init__.py`` that is not listed would be missing from an install. Data folders (no ``__init__.py``) are
    listed too, each with its package data, so that setuptools installs them without a warning."""
    import tomllib

    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    listed = set(config["packages"])
    found = {"toolc"}
    for folder, name in config["package-dir"].items():
        base = ROOT / name
        for init in base.rglob("__init__.py"):
            rel = init.parent.relative_to(base).parts
            found.add(".".join((folder, *rel)))
    data = {name for name in config["package-data"] if name not in found}
    for name in data:  # a data folder: below a mapped package, holding files
        parent = max((f for f in config["package-dir"] if name.startswith(f + ".")), key=len)
        folder = ROOT / config["package-dir"][parent] / Path(*name[len(parent) + 1:].split("."))
        assert folder.is_dir() and any(folder.iterdir()), name
    assert found | data == listed


def test_a_misspelt_keyword_read_as_a_name_gets_a_suggestion():
    """``retruns {`` parses as a parameter named ``retruns`` missing its ``:``; the hint names the keyword the
    parser took at that place (``returns``), as it does for a misspelt step keyword (``asistant``)."""
    (e,) = errors("""
        tool t {
            x: int
            retruns { a: int }
        }
    """)
    assert e.message == "missing `:` after parameter name"
    assert "`retruns` was read as a name: did you mean `returns`?" in e.hint
    (e,) = errors("""
        tool t { x: int confrim "Send it?" }
    """)
    assert "did you mean `confirm`?" in e.hint
