"""Round trip on real schemas (issue 10): import -> check -> export gives equivalent schemas.

"Equivalent" is :func:`roundtrip.signature`: names, JSON types, required, enums, defaults and nesting.
The BFCL measure reads ../shared/data/bfcl (never copied here) and skips when it is absent.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from roundtrip import differences, signature

from toolc.compiler.bfcl import to_json_schema
from toolc.compiler.build import check
from toolc.compiler.export import export_tools
from toolc.compiler.importers import import_document

ROOT = Path(__file__).resolve().parents[1]
BFCL = ROOT.parent / "shared" / "data" / "bfcl" / "bfcl_records.jsonl"


def round_trip(doc, tmp_path: Path, name: str = "imported", source: str | None = None):
    """import -> .tool text -> check -> the checked tools, and the import's diagnostics."""
    imported = import_document(doc, source=source)
    spec = tmp_path / f"{name}.tool"
    spec.write_text(imported.text(), encoding="utf-8")
    prog, diags = check([spec])
    assert not diags, diags.render() + "\n" + imported.text()
    return [prog.tools[t.name].node for t in imported.tools], imported


def _distinct_bfcl_tools() -> list[dict]:
    defs: dict[str, dict] = {}
    with open(BFCL, encoding="utf-8") as f:
        for line in f:
            for t in json.loads(line)["tools"]:
                defs[json.dumps(t, sort_keys=True)] = t
    return list(defs.values())


@pytest.mark.skipif(not BFCL.is_file(), reason=f"BFCL data not found at {BFCL}")
def test_bfcl_tool_definitions_round_trip(tmp_path):
    defs = _distinct_bfcl_tools()
    assert len(defs) == 866  # distinct definitions (name + schema) over the 800 questions
    failed = []
    for i, d in enumerate(defs):
        fn = d["function"]
        (tool,), _ = round_trip([d], tmp_path, f"t{i}")
        (back,) = export_tools([tool], "openai", extensions=False)
        want = {"name": fn["name"], "parameters": signature(to_json_schema(fn["parameters"]))}
        got = {"name": back["function"]["name"], "parameters": signature(back["function"]["parameters"])}
        diff = differences(want, got)
        if diff:
            failed.append((fn["name"], diff))
    share = 1 - len(failed) / len(defs)
    print(f"BFCL round trip: {len(defs) - len(failed)}/{len(defs)} = {share:.2%} equivalent; failed: {failed}")
    assert share >= 0.995, failed
    # the one BFCL schema that cannot be said: `required` names that are not among the properties
    assert [name for name, _ in failed] == ["waste_calculation.calculate"]


DATA = ROOT / "tests" / "data" / "import"


def _load(name: str):
    from toolc.compiler.importers.document import load_document

    return load_document(DATA / name)


def _fixpoint(tools, tmp_path: Path, shape: str) -> None:
    """Exporting as ``shape`` and importing that again gives the same tools, without a warning."""
    doc = json.loads(json.dumps(export_tools(tools, shape)))
    again, imported = round_trip(doc, tmp_path, f"again_{shape}")
    assert again == tools
    assert not imported.diags.warnings, imported.diags.render()


def test_openapi_with_refs_and_header_parameters_round_trips(tmp_path):
    tools, imported = round_trip(_load("weather_openapi30.yaml"), tmp_path)
    assert imported.source == "openapi"
    exported = {d["function"]["name"]: d["function"]["parameters"]
                for d in export_tools(tools, "openai", extensions=False)}
    # the operation's parameters as the document means them: $refs resolved, path-level `city` first
    assert signature(exported["get_forecast"]) == signature({
        "type": "object",
        "properties": {
            "city": {"type": "string"},
            "X-Request-ID": {"type": "string"},
            "days": {"type": "integer", "default": 3},
            "units": {"type": "string", "enum": ["metric", "imperial"], "default": "metric"},
            "Accept-Language": {"type": "string", "enum": ["en", "zh", "es"]},
        },
        "required": ["city", "X-Request-ID", "units"],
    })
    assert exported["get_forecast"]["properties"]["days"] == {
        "type": "integer", "minimum": 1, "maximum": 14, "description": "Number of days", "default": 3}
    place = {"type": "object", "properties": {"lat": {"type": "number"}, "lon": {"type": "number"},
                                              "name": {"type": "string"}}, "required": ["lat", "lon"]}
    assert signature(exported["create_alert"]) == signature({
        "type": "object",
        "properties": {
            "X-Request-ID": {"type": "string"},
            "place": place,
            "kinds": {"type": "array", "items": {"type": "string", "enum": ["storm", "heat", "frost"]}},
            "starts": {"type": "string"},
            "parent": {"type": "object", "properties": {}},  # the recursion, cut
        },
        "required": ["X-Request-ID", "place", "kinds"],
    })
    assert [t.name for t in tools] == ["get_forecast", "create_alert", "delete_stations_station_id"]
    forecast = next(t for t in tools if t.name == "get_forecast")
    assert forecast.description == "Forecast for a city\n\nDaily forecast, up to two weeks ahead."
    assert forecast.returns is not None  # the 200 response's schema
    text = imported.diags.render()
    for expected in ("format 'uuid' not kept", "refers to itself", "`null` is not a value",
                     "where 7 parameters travel in the request"):
        assert expected in text, text
    for shape in ("openai", "mcp", "openapi"):
        _fixpoint(tools, tmp_path, shape)


def test_openapi_31_json_reads_type_lists_ref_siblings_and_list_defaults(tmp_path):
    tools, imported = round_trip(_load("notes_openapi31.json"), tmp_path)
    by_name = {t.name: t for t in tools}
    (params,) = [d["function"]["parameters"] for d in export_tools([by_name["add_note"]], extensions=False)]
    assert params["properties"]["Idempotency-Key"] == {"type": "string"}
    assert params["properties"]["tags"]["default"] == ["inbox"]
    assert params["properties"]["color"] == {"type": "string", "enum": ["yellow", "blue", "green"],
                                             "description": "Card colour"}
    assert params["required"] == ["Idempotency-Key", "text"]
    assert "`null` is not a value" in imported.diags.render()  # `tag: ["string", "null"]`
    _fixpoint(tools, tmp_path, "openapi")


def test_openapi_ignores_accept_content_type_and_authorization_headers_with_a_warning(tmp_path):
    doc = {"openapi": "3.0.0", "info": {"title": "x", "version": "1"}, "paths": {"/a": {"get": {
        "operationId": "a", "responses": {}, "parameters": [
            {"name": "Content-Type", "in": "header", "schema": {"type": "string"}},
            {"name": "X-Trace", "in": "header", "schema": {"type": "string"}}]}}}}
    (tool,), imported = round_trip(doc, tmp_path)
    assert [p.name for p in tool.params] == ["X-Trace"]
    assert "header parameter `Content-Type` not kept" in imported.diags.render()


def test_mcp_tools_list_round_trips(tmp_path):
    doc = _load("mcp_tools_list.json")
    tools, imported = round_trip(doc, tmp_path)
    assert imported.source == "mcp"
    exported = export_tools(tools, "mcp", extensions=False)["tools"]
    originals = doc["result"]["tools"]
    assert [t["name"] for t in exported] == [t["name"] for t in originals]
    for mine, theirs in zip(exported, originals):
        assert differences(signature(theirs["inputSchema"]), signature(mine["inputSchema"])) == [], mine["name"]
        if "outputSchema" in theirs:
            assert signature(mine["outputSchema"]) == signature(theirs["outputSchema"])
    # what MCP says that a .tool file cannot: reported, each with its path
    text = imported.diags.render()
    assert "$.result.tools[0].title: `title` not kept" in text
    assert "$.result.tools[0].annotations: `annotations` not kept" in text
    assert "$.result.tools[3].inputSchema.properties.url.format: format 'uri' not kept" in text
    _fixpoint(tools, tmp_path, "mcp")
