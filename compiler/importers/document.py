"""Import stage: a tool document on disk -> a JSON value and its ``$ref`` resolver (input: path; output: JSON value).

JSON, JSONL (one JSON value a line, read as a list) and YAML (1.1 via PyYAML's safe loader, without
its timestamp rule, so ``2025-01-01`` stays the string OpenAPI means) are read. ``$ref`` is resolved
by the ``referencing`` library (https://referencing.readthedocs.io): it is already installed as the
resolver of ``jsonschema``, follows the JSON Schema rules for base URIs, ``$id`` and JSON Pointer
escapes, and hands back plain dicts (``jsonref``'s lazy proxies would leak into the AST; ``prance``
and ``openapi-spec-validator`` validate whole documents, which an importer that reports what it cannot
keep does not need).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Callable
from urllib.parse import unquote, urlparse

import yaml
from referencing import Registry, Resource
from referencing.exceptions import NoSuchResource
from referencing.jsonschema import DRAFT202012

from toolc.dsl.load import read_regular_file
from toolc.errors import InputError, on_path

#: Largest document read (bytes): OpenAPI documents of large services reach a few MiB.
MAX_DOCUMENT_BYTES = 64 * 1024 * 1024


class _Loader(yaml.SafeLoader):
    """PyYAML's safe loader without the timestamp rule (dates stay strings, as in JSON)."""


_Loader.yaml_implicit_resolvers = {
    k: [(tag, rx) for tag, rx in v if tag != "tag:yaml.org,2002:timestamp"]
    for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def parse_text(text: str, name: str) -> Any:
    """Parses JSON, then JSONL, then YAML (by extension first when it says which).

    Raises:
        InputError: none of them parses; the message gives the JSON error's line and column.
    """
    suffix = Path(name).suffix.lower()
    if suffix in (".yaml", ".yml"):
        return _yaml(text, name)
    try:
        return json.loads(text)
    except json.JSONDecodeError as first:
        lines = [ln for ln in text.splitlines() if ln.strip()]
        if suffix == ".jsonl" or (len(lines) > 1 and lines[0].lstrip().startswith("{")):
            rows = []
            for i, line in enumerate(text.splitlines(), 1):
                if line.strip():
                    try:
                        rows.append(json.loads(line))
                    except json.JSONDecodeError as e:
                        raise InputError(f"{name}:{i}:{e.colno}: not JSON: {e.msg}") from None
            return rows
        if suffix == ".json":
            raise InputError(f"{name}:{first.lineno}:{first.colno}: not JSON: {first.msg}") from None
        return _yaml(text, name)


def _yaml(text: str, name: str) -> Any:
    try:
        return yaml.load(text, Loader=_Loader)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        where = f"{name}:{mark.line + 1}:{mark.column + 1}" if mark else name
        raise InputError(f"{where}: not JSON or YAML: {getattr(e, 'problem', None) or e}") from None


def load_document(path: Path) -> Any:
    """Reads and parses one document.

    Raises:
        InputError: unreadable, too large, not UTF-8, or not JSON / JSONL / YAML.
    """
    with on_path(path, "read"):  # a directory, FIFO or device is refused without blocking
        data = read_regular_file(path, MAX_DOCUMENT_BYTES + 1)
    if len(data) > MAX_DOCUMENT_BYTES:
        raise InputError(f"{path} is larger than {MAX_DOCUMENT_BYTES // (1024 * 1024)} MiB")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise InputError(f"{path}: not UTF-8 (byte {e.start})") from None
    return parse_text(text, str(path))


def make_resolver(doc: Any, base_uri: str, retrieve: Callable[[str], Any] | None = None) -> Any:
    """A ``referencing`` resolver for ``$ref`` inside ``doc`` (and, through ``retrieve``, other documents).

    Args:
        doc: the document (its root is what ``#`` names).
        base_uri: its URI; relative references resolve against it.
        retrieve: ``uri -> JSON value`` for other documents; default: none may be loaded.
    """

    def _retrieve(uri: str) -> Resource:
        if retrieve is None:
            raise NoSuchResource(ref=uri)
        return _resource(retrieve(uri))

    registry = Registry(retrieve=_retrieve).with_resource(base_uri, _resource(doc))
    return registry.resolver(base_uri=base_uri)


def _resource(contents: Any) -> Resource:
    """A JSON Schema 2020-12 resource for a schema (``$id``, ``$anchor`` understood); any other JSON value
    (a list of tools, a JSONL file) is opaque: only JSON Pointers reach into it."""
    return DRAFT202012.create_resource(contents) if isinstance(contents, dict) else Resource.opaque(contents)


def file_retriever(root: Path) -> Callable[[str], Any]:
    """``retrieve`` for :func:`make_resolver`: ``file:`` URIs inside ``root`` only, parsed as JSON / YAML.

    Raises (inside the resolver, reported as a warning by the reader): ``NoSuchResource`` for another
    scheme (nothing is fetched from a network) or a file outside ``root``.
    """
    root = root.resolve()

    def retrieve(uri: str) -> Any:
        parsed = urlparse(uri)
        if parsed.scheme != "file":
            raise NoSuchResource(ref=uri)
        path = Path(unquote(parsed.path)).resolve()
        if root not in path.parents and path != root:
            raise NoSuchResource(ref=uri)
        return load_document(path)

    return retrieve
