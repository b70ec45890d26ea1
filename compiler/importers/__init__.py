"""Import stage: tool definitions from where they live -> `.tool` text + diagnostics (input: a file; output: Imported).

One module per source, each with ``detect(doc) -> bool`` and ``read(doc, ctx) -> None`` (adds tools to
the context):

======================  =====================================================================================
``openai``              OpenAI function tools (Chat Completions ``tools``, legacy ``functions``, Responses
                        API flat tools, bare function objects)
``openapi``             OpenAPI 3.0 / 3.1 documents (JSON or YAML): one tool per operation
``mcp``                 MCP ``tools/list`` results (bare or in a JSON-RPC response) and server manifests
                        listing tools with ``inputSchema``
``jsonschema``          JSON-Schema function lists: pydantic ``model_json_schema()`` outputs (name from
                        ``title``) or a ``{name: schema}`` map
``bfcl``                raw BFCL question files (``function`` lists) and toolc's flattened BFCL records
======================  =====================================================================================

What a source holds that the language cannot say becomes a warning naming the construct and its JSON
path (:mod:`.convert`); nothing is dropped in silence. Two tools with one name: the first is kept, and a
warning names the other unless the two are identical.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable
from urllib.parse import quote

from toolc.dsl import ast
from toolc.dsl.diagnostics import Diagnostics
from toolc.dsl.unparse import unparse_tool
from toolc.errors import ToolImportError

from . import bfcl, jsonschema, mcp, openai, openapi
from .convert import JsonPath, SchemaReader, show_path
from .document import load_document, make_resolver

__all__ = ["Imported", "ImportContext", "SOURCES", "detect", "import_document", "import_file"]

#: source name -> module, in detection order (the most specific shapes first)
SOURCES = {"openapi": openapi, "mcp": mcp, "bfcl": bfcl, "openai": openai, "jsonschema": jsonschema}


@dataclass
class Imported:
    """What an import produced.

    Attributes:
        tools: the tools, in document order, names unique.
        diags: warnings (``W5xx``) about what was not kept, errors (``E5xx``) about what could not be read.
        source: which importer read the document (a key of :data:`SOURCES`).
    """

    tools: list[ast.Tool]
    diags: Diagnostics
    source: str

    def text(self) -> str:
        """The tools as `.tool` source, one declaration each, separated by blank lines."""
        return "\n\n".join(unparse_tool(t) for t in self.tools) + ("\n" if self.tools else "")


@dataclass
class ImportContext:
    """What a source module needs: where warnings go, how to read schemas, where tools are collected.

    Attributes:
        file: display name of the document.
        diags: the collector.
        resolver: the document's ``referencing`` resolver (``$ref`` inside it).
    """

    file: str
    diags: Diagnostics
    resolver: Any = None
    base_uri: str = "urn:toolc:document"
    retrieve: Callable[[str], Any] | None = None
    tools: dict[str, tuple[ast.Tool, JsonPath]] = field(default_factory=dict)

    def schema_resolver(self, schema: Any, path: JsonPath) -> Any:
        """A resolver whose ``#`` is ``schema`` itself: a function's ``parameters`` or an MCP ``inputSchema`` is
        a JSON Schema document of its own (``#/$defs/Point`` means inside it), while relative file
        references still resolve next to the imported file."""
        return make_resolver(schema, f"{self.base_uri}?schema={quote(show_path(path), safe='')}", self.retrieve)

    def reader(self, *, openapi30: bool = False, resolver: Any = None, file: str | None = None) -> SchemaReader:
        """A schema reader that reports into this context."""
        return SchemaReader(self.diags, file or self.file, resolver if resolver is not None else self.resolver,
                            openapi30=openapi30)

    def error(self, code: str, path: JsonPath, message: str, hint: str | None = None) -> None:
        """An item that cannot be imported at all (it is skipped; the others still are)."""
        self.diags.error(code, f"{show_path(path)}: {message}", hint=hint, path=self.file)

    def warn(self, code: str, path: JsonPath, message: str, hint: str | None = None) -> None:
        self.diags.warning(code, f"{show_path(path)}: {message}", hint=hint, path=self.file)

    def add(self, tool: ast.Tool, path: JsonPath) -> None:
        """Keeps ``tool``; a second tool of the same name is dropped, with a warning unless identical."""
        first = self.tools.get(tool.name)
        if first is None:
            self.tools[tool.name] = (tool, path)
        elif first[0] != tool:
            self.warn("W510", path, f"a second definition of `{tool.name}` differs from the first "
                                    f"({show_path(first[1])}); kept the first",
                      hint="import the two from separate files to keep both")


def detect(doc: Any) -> str | None:
    """Which source a loaded document looks like (a key of :data:`SOURCES`), or ``None``."""
    for name, module in SOURCES.items():
        if module.detect(doc):
            return name
    return None


def import_document(doc: Any, *, file: str = "<input>", source: str | None = None, base_uri: str | None = None,
                    retrieve: Callable[[str], Any] | None = None) -> Imported:
    """Imports tools from an already-loaded JSON / YAML document.

    Args:
        doc: the document (a dict, or a list for JSON arrays and JSONL files).
        file: display name used in messages.
        source: force a source (a key of :data:`SOURCES`); default: detected.
        base_uri: the document's URI, for ``$ref`` (default ``urn:toolc:document``).
        retrieve: loads other documents named by ``$ref`` (default: none may be loaded).

    Returns:
        The :class:`Imported` tools and diagnostics.

    Raises:
        ToolImportError: the source is unknown or the document is none of the known shapes.
    """
    if source is None:
        source = detect(doc)
        if source is None:
            raise ToolImportError(f"{file}: not a tool document toolc knows (OpenAI tools, OpenAPI 3, MCP tools/list, "
                               "JSON-Schema function list, BFCL questions)")
    elif source not in SOURCES:
        raise ToolImportError(f"unknown import source `{source}` (one of: {', '.join(SOURCES)})")
    diags = Diagnostics()
    base_uri = base_uri or "urn:toolc:document"
    ctx = ImportContext(file, diags, make_resolver(doc, base_uri, retrieve), base_uri, retrieve)
    SOURCES[source].read(doc, ctx)
    return Imported([t for t, _ in ctx.tools.values()], diags, source)


def import_file(path: Path, *, source: str | None = None, display: str | None = None) -> Imported:
    """Reads a JSON, JSONL or YAML file and imports its tools (see :func:`import_document`).

    ``$ref`` may name other files in the same directory tree (JSON or YAML); nothing is fetched from a
    network.

    Raises:
        InputError: the file cannot be read, or is not JSON, JSONL or YAML.
        ToolImportError: it is no known tool document.
    """
    from .document import file_retriever

    doc = load_document(path)
    return import_document(doc, file=display or str(path), source=source, base_uri=path.resolve().as_uri(),
                           retrieve=file_retriever(path.resolve().parent))

