"""Importers (compiler/importers/): each source, the defects of issue 10, and warnings instead of silent drops."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Literal, Optional

import pytest
from pydantic import BaseModel, Field

from toolc.compiler.build import check
from toolc.compiler.export import export_tools
from toolc.compiler.importers import detect, import_document, import_file
from toolc.dsl import ast
from toolc.errors import ToolImportError


def _fn(name: str, properties: dict, required: list | None = None, **extra) -> dict:
    params = {"type": "object", "properties": properties, **({"required": required} if required else {}), **extra}
    return {"type": "function", "function": {"name": name, "description": "d", "parameters": params}}


def _checked(imported, tmp_path: Path) -> dict[str, ast.Tool]:
    spec = tmp_path / "imported.tool"
    spec.write_text(imported.text(), encoding="utf-8")
    prog, diags = check([spec])
    assert not diags, diags.render() + "\n" + imported.text()
    return {n: t.node for n, t in prog.tools.items()}


def _params(tool: ast.Tool) -> dict:
    return export_tools([tool], extensions=False)[0]["function"]["parameters"]


def test_ref_items_resolve(tmp_path):
    doc = [_fn("f", {"points": {"type": "array", "items": {"$ref": "#/$defs/Point"}}}, ["points"],
               **{"$defs": {"Point": {"type": "object", "properties": {"x": {"type": "number"}}, "required": ["x"]}}})]
    tools = _checked(import_document(doc), tmp_path)
    assert _params(tools["f"])["properties"]["points"] == {
        "type": "array", "items": {"type": "object", "properties": {"x": {"type": "number"}}, "required": ["x"]}}


def test_array_with_enum_is_a_list_of_enum_with_a_warning(tmp_path):
    imported = import_document([_fn("f", {"days": {"type": "array", "enum": ["mon", "tue"]}})])
    tools = _checked(imported, tmp_path)
    assert _params(tools["f"])["properties"]["days"] == {"type": "array", "items": {"type": "string",
                                                                                    "enum": ["mon", "tue"]}}
    assert "an enum on an array is read as an enum of its items" in imported.diags.render()


def test_required_with_default_stays_required(tmp_path):
    imported = import_document([_fn("f", {"unit": {"type": "string", "default": "c"}}, ["unit"])])
    assert "unit: string! = \"c\"" in imported.text()
    params = _params(_checked(imported, tmp_path)["f"])
    assert params["required"] == ["unit"] and params["properties"]["unit"]["default"] == "c"


def test_two_definitions_with_one_name_warn(tmp_path):
    a, b = _fn("f", {"x": {"type": "string"}}), _fn("f", {"y": {"type": "string"}})
    imported = import_document([a, b, a])
    assert [t.name for t in imported.tools] == ["f"]
    assert [w.code for w in imported.diags.warnings] == ["W510"]  # the identical third is no loss
    assert "$[1].function: a second definition of `f` differs from the first ($[0].function)" in \
        imported.diags.warnings[0].message


def test_default_outside_enum_checks_with_a_warning_and_is_kept(tmp_path):
    imported = import_document([_fn("f", {"area": {"type": "string", "enum": ["north", "south"],
                                                   "default": "dontcare"}})])
    spec = tmp_path / "f.tool"
    spec.write_text(imported.text(), encoding="utf-8")
    prog, diags = check([spec])
    assert not diags and [w.code for w in diags.warnings] == ["W202"]
    assert _params(prog.tools["f"].node)["properties"]["area"]["default"] == "dontcare"


def test_names_json_schema_allows_are_kept(tmp_path):
    names = ["Content-Type", "año_vehiculo", "returns", "ask", "a b", "x\"y", "中文"]
    doc = [_fn("get-page", {n: {"type": "string"} for n in names}, names),
           _fn("math.factorial", {"n": {"type": "integer"}})]
    tools = _checked(import_document(doc), tmp_path)
    assert set(tools) == {"get-page", "math.factorial"}
    params = _params(tools["get-page"])
    assert list(params["properties"]) == names and params["required"] == names


def test_what_cannot_be_said_is_a_warning_with_its_path():
    doc = [_fn("f", {
        "a": {"oneOf": [{"type": "string"}, {"type": "integer"}]},
        "b": {"type": "string", "pattern": "^x", "minLength": 2, "examples": ["xy"]},
        "c": {"type": "object", "additionalProperties": {"type": "integer"}},
        "d": {"type": "number", "enum": [0.5, 1.5]},
        "e": {"type": "object", "properties": {"f": {"type": "array", "items": {"type": "string"}, "maxItems": 3}}},
        "g": {"type": "string", "default": None},
    }, ["a"])]
    text = import_document(doc).diags.render()
    for expected in (
        "$[0].function.parameters.properties.a.oneOf: `oneOf` with 2 alternatives cannot be said; kept the first",
        "$[0].function.parameters.properties.b.pattern: `pattern` not kept",
        "$[0].function.parameters.properties.b.minLength: `minLength` not kept",
        "$[0].function.parameters.properties.b.examples: `examples` not kept",
        "$[0].function.parameters.properties.c.additionalProperties: `additionalProperties` (a free-form map)",
        "$[0].function.parameters.properties.d.enum: an enum of numbers on a number cannot be said; not kept",
        "$[0].function.parameters.properties.e.properties.f.maxItems: `maxItems` not kept",
        "$[0].function.parameters.properties.g.default: default `null` not kept",
    ):
        assert expected in text, text


class _Address(BaseModel):
    city: str
    zip_code: Optional[str] = None


class BookTable(BaseModel):
    """Book a table at a restaurant."""

    restaurant: str = Field(description="restaurant name")
    party_size: int = Field(ge=1, le=20)
    seating: Literal["indoor", "outdoor"] = "indoor"
    address: _Address
    tags: list[str] = []


def test_pydantic_model_json_schema_list(tmp_path):
    doc = json.loads(json.dumps([BookTable.model_json_schema()]))
    assert detect(doc) == "jsonschema"
    imported = import_document(doc)
    tools = _checked(imported, tmp_path)
    params = _params(tools["BookTable"])
    assert tools["BookTable"].description == "Book a table at a restaurant."
    assert params["required"] == ["restaurant", "party_size", "address"]
    assert params["properties"]["party_size"] == {"type": "integer", "minimum": 1, "maximum": 20}
    assert params["properties"]["seating"] == {"type": "string", "enum": ["indoor", "outdoor"], "default": "indoor"}
    assert params["properties"]["address"]["properties"]["zip_code"] == {"type": "string"}
    assert params["properties"]["tags"] == {"type": "array", "items": {"type": "string"}, "default": []}
    # pydantic's derived titles are no loss; Optional's null is reported
    assert [w.code for w in imported.diags.warnings] == ["W502"], imported.diags.render()


def test_raw_bfcl_question_file(tmp_path):
    rows = [{"id": "simple_python_0", "question": [[{"role": "user", "content": "area?"}]], "function": [{
        "name": "geometry.area", "description": "Area.", "parameters": {"type": "dict", "properties": {
            "base": {"type": "float", "description": "b"}, "sides": {"type": "tuple", "items": {"type": "integer"}},
            "unit": {"type": "string", "optional": True}}, "required": ["base"]}}]}]
    path = tmp_path / "BFCL_v4_simple_python.json"
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    imported = import_file(path)
    assert imported.source == "bfcl"
    tools = _checked(imported, tmp_path)
    params = _params(tools["geometry.area"])
    assert params["properties"]["base"]["type"] == "number" and params["properties"]["sides"]["type"] == "array"
    assert params["required"] == ["base"]
    assert "`tuple` is read as an array" in imported.diags.render()


def test_unknown_documents_are_refused():
    with pytest.raises(ToolImportError, match="not a tool document"):
        import_document({"hello": "world"})
    with pytest.raises(ToolImportError, match="unknown import source"):
        import_document([], source="soap")
    swagger = import_document({"swagger": "2.0", "paths": {}})
    assert [e.code for e in swagger.diags.errors] == ["E501"] and not swagger.tools


def test_unresolvable_and_remote_refs_are_warnings(tmp_path):
    doc = [_fn("f", {"a": {"$ref": "#/nowhere"}, "b": {"$ref": "https://example.com/s.json"}})]
    path = tmp_path / "tools.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    imported = import_file(path)
    text = imported.diags.render()
    assert text.count("cannot be resolved") == 2, text


def test_refs_to_a_sibling_file(tmp_path):
    (tmp_path / "defs.yaml").write_text("Unit:\n  type: string\n  enum: [c, f]\n", encoding="utf-8")
    path = tmp_path / "tools.json"
    path.write_text(json.dumps([_fn("f", {"unit": {"$ref": "defs.yaml#/Unit"}})]), encoding="utf-8")
    imported = import_file(path)
    assert not imported.diags.warnings, imported.diags.render()
    assert _params(imported.tools[0])["properties"]["unit"] == {"type": "string", "enum": ["c", "f"]}
