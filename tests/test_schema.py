"""Tools round-trip through JSON Schema (LANGUAGE.md non-negotiable 3); OpenAI/BFCL definitions import."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from toolc.compiler.build import check
from toolc.compiler.importers import import_document
from toolc.compiler.schema import tool_definition
from toolc.dsl.unparse import unparse_tool as format_tool
from toolc.dsl.diagnostics import Diagnostics
from toolc.dsl.parse import parse_module
from toolc.dsl.span import Source

ROOT = Path(__file__).resolve().parents[1]
BFCL = ROOT.parent / "shared" / "data" / "bfcl" / "bfcl_records.jsonl"
SPEC_FILES = [ROOT / "tests" / "data" / "mini.tool", *sorted((ROOT / "specs").glob("*.tool"))]


def _tools():
    prog, diags = check(SPEC_FILES[:1])
    assert not diags, diags.render()
    tools = dict(prog.tools)
    specs = sorted((ROOT / "specs").glob("*.tool"))
    if specs:
        p2, d2 = check(specs)
        if not d2:
            tools.update(p2.tools)
    return tools


@pytest.mark.parametrize("extensions", [True])
def test_export_then_import_gives_the_same_tool(extensions):
    tools = _tools()
    assert len(tools) >= 3
    for name, t in tools.items():
        imported = import_document([json.loads(json.dumps(tool_definition(t.node, extensions=True)))])
        assert not imported.diags.warnings and not imported.diags.errors, imported.diags.render()
        assert imported.tools == [t.node], name


def test_printed_tool_parses_back_to_the_same_tool():
    for name, t in _tools().items():
        text = format_tool(t.node)
        diags = Diagnostics()
        mod = parse_module(Source("printed.tool", text), diags)
        assert not diags, diags.render() + "\n" + text
        assert mod.decls[0] == t.node, text


def test_plain_export_is_valid_openai_function_json_schema():
    from jsonschema import Draft202012Validator

    for t in _tools().values():
        d = tool_definition(t.node)
        assert d["type"] == "function" and set(d["function"]) == {"name", "description", "parameters"}
        Draft202012Validator.check_schema(d["function"]["parameters"])
        assert not any(k.startswith("x-") for k in json.dumps(d))


@pytest.mark.skipif(not BFCL.is_file(), reason="../shared/data/bfcl not present")
def test_bfcl_tools_import_print_and_parse_back():
    defs = {}
    with open(BFCL, encoding="utf-8") as f:
        for line in f:
            for t in json.loads(line)["tools"]:
                defs[t["function"]["name"]] = t
    assert len(defs) > 600  # distinct function names over the 800 records
    ok = 0
    for name, d in defs.items():
        (tool,) = import_document([d]).tools
        tool = tool.model_copy(update={"name": tool.name.replace(".", "_")})
        text = format_tool(tool)
        diags = Diagnostics()
        mod = parse_module(Source("bfcl.tool", text), diags)
        assert not diags, diags.render() + "\n" + text
        assert mod.decls[0] == tool, text
        ok += 1
    assert ok == len(defs)
