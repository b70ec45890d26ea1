"""Import stage: JSON Schema (draft 2020-12 / draft-07, OpenAPI 3.0 / 3.1 schema objects) -> tool AST, with warnings.

Every importer (OpenAI, OpenAPI, MCP, JSON-Schema function lists, BFCL) ends here: a parameters schema
becomes :class:`~toolc.dsl.ast.Param` nodes. What the `.tool` language can say is kept exactly (names,
types, ``required``, enums, defaults, bounds, descriptions, nesting, ``date`` / ``date-time`` formats);
what it cannot say is reported as a warning that names the construct and its JSON path (W501..W509,
see :data:`toolc.dsl.diagnostics.CODES`), never dropped in silence. ``$ref`` is resolved with the
``referencing`` library (the resolver the ``jsonschema`` package uses: JSON Pointer fragments, ``$id``
base URIs, ``$anchor``), so the rules are the JSON Schema specification's, not ours; a recursive
``$ref`` is cut at the repetition (an object without fields) with a warning.

Read as the language's meaning, without a warning:

* ``additionalProperties: false`` -- a `.tool` object already takes only its fields.
* ``const: v`` -- the one-member enum ``v``.
* ``title`` when it only restates the name (pydantic writes ``"title": "Max Results"`` for
  ``max_results`` and the class name on a model), ``$schema``, ``$id``, ``$defs`` / ``definitions``.
* toolc's own export keys: ``x-ask``, ``x-returns``, ``x-count``, ``x-source``, ``x-optional``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from toolc.dsl import ast
from toolc.dsl.diagnostics import Diagnostics

__all__ = ["JsonPath", "SchemaReader", "show_path"]

#: A location in the imported document: keys and list indexes from its root.
JsonPath = tuple[str | int, ...]

_IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")

#: keywords read without a word (see the module docstring); ``description`` / ``default`` / ... are read below
_QUIET = frozenset({"$schema", "$id", "$defs", "definitions", "$anchor", "$dynamicAnchor", "x-ask", "x-default", "x-returns",
                    "x-count", "x-source", "x-optional"})
#: keywords the reader uses, per JSON type
_USED_ANY = frozenset({"type", "description", "default", "enum", "const", "title", "nullable", "$ref", "anyOf",
                       "oneOf", "allOf"})
_USED = {
    "string": frozenset({"format"}),
    "number": frozenset({"minimum", "maximum"}),
    "integer": frozenset({"minimum", "maximum"}),
    "boolean": frozenset(),
    "array": frozenset({"items"}),
    "object": frozenset({"properties", "required", "additionalProperties"}),
    "null": frozenset(),
}
_JSON_TYPES = frozenset(_USED)
_DATE_FORMATS = {"date": "date", "date-time": "datetime"}


def show_path(path: JsonPath) -> str:
    """JSONPath-style text of a location: ``$.paths["/pets/{id}"].get.parameters[0].schema``."""
    out = "$"
    for k in path:
        if isinstance(k, int):
            out += f"[{k}]"
        elif _IDENT.match(k):
            out += f".{k}"
        else:
            out += '["' + k.replace("\\", "\\\\").replace('"', '\\"') + '"]'
    return out


def derived_title(name: str) -> str:
    """The ``title`` pydantic derives from a field name (``max_results`` -> ``Max Results``)."""
    return name.replace("_", " ").title()


@dataclass
class SchemaReader:
    """Turns JSON Schema objects into tool AST types; problems go to ``diags`` as warnings.

    Attributes:
        diags: receives the warnings (``W5xx``), each about ``file``; the message starts with the JSON path.
        file: the imported file's display name (prefix of every message).
        resolver: a ``referencing.Resolver`` for ``$ref`` (``None``: a ``$ref`` is a warning).
        openapi30: read OpenAPI 3.0 schema objects (``nullable``, boolean ``exclusiveMinimum``, and
            siblings of ``$ref`` ignored as that version says).
    """

    diags: Diagnostics
    file: str
    resolver: Any = None
    openapi30: bool = False
    _stack: list[str] = field(default_factory=list)

    # ------------------------------------------------------------------------------------------ warnings

    def warn(self, code: str, path: JsonPath, message: str, hint: str | None = None) -> None:
        """Records a warning ``{path}: {message}`` about ``file``."""
        self.diags.warning(code, f"{show_path(path)}: {message}", hint=hint, path=self.file)

    # ------------------------------------------------------------------------------------------ $ref

    def resolve(self, schema: Any, path: JsonPath) -> tuple[dict[str, Any], Any, str | None]:
        """Follows ``$ref`` (repeatedly); returns the schema, the resolver to use inside it, the ref text.

        Siblings of ``$ref`` are laid over the target (2020-12 and OpenAPI 3.1); OpenAPI 3.0 ignores them.
        A ``$ref`` that cannot be resolved gives a warning and ``{}``.
        """
        if not isinstance(schema, dict):
            return {}, self.resolver, None
        ref_text = None
        resolver = self.resolver
        seen = 0
        while isinstance(schema.get("$ref"), str) and seen < 64:
            seen += 1
            ref = schema["$ref"]
            ref_text = ref
            if resolver is None:
                self.warn("W505", path, f"`$ref` {ref!r} cannot be resolved here", "import the whole document")
                return {}, resolver, ref
            try:
                resolved = resolver.lookup(ref)
            except Exception as exc:  # referencing.exceptions.Unresolvable and subclasses
                self.warn("W505", path, f"`$ref` {ref!r} cannot be resolved: {type(exc).__name__}: {exc}")
                return {}, resolver, ref
            siblings = {k: v for k, v in schema.items() if k != "$ref"}
            target = resolved.contents if isinstance(resolved.contents, dict) else {}
            if siblings and self.openapi30:
                ignored = sorted(k for k in siblings if k not in ("description", "summary"))
                if ignored:
                    self.warn("W504", path, f"OpenAPI 3.0 ignores keywords beside `$ref` ({', '.join(ignored)})")
                siblings = {}
            schema = {**target, **siblings}
            resolver = resolved.resolver
        return schema, resolver, ref_text

    # ------------------------------------------------------------------------------------------ objects

    def params(self, schema: Any, path: JsonPath, *, name_hint: str | None = None) -> tuple[ast.Param, ...]:
        """Parameters of an object schema (a function's ``parameters`` / an MCP ``inputSchema``).

        Args:
            schema: the object schema (``$ref`` allowed).
            path: its location, for warnings.
            name_hint: the tool name (a ``title`` equal to it is not a loss).
        """
        schema, resolver, ref = self.resolve(schema, path)
        with self._scope(resolver, ref, path):
            if schema.get("type", "object") != "object" and schema.get("type") != ["object"]:
                self.warn("W501", path, f"parameters of type {schema.get('type')!r} are not an object; "
                                        "read as an object")
            self._unsaid(schema, path, "object", titles=(name_hint, _ref_name(ref)))
            return self._fields(schema, path)

    def _fields(self, s: dict[str, Any], path: JsonPath) -> tuple[ast.Param, ...]:
        props = s.get("properties") or {}
        if not isinstance(props, dict):
            self.warn("W501", path + ("properties",), "`properties` is not an object; ignored")
            props = {}
        required = s.get("required") or []
        if not isinstance(required, list):
            self.warn("W501", path + ("required",), "`required` is not a list; ignored")
            required = []
        missing = [r for r in required if r not in props]
        if missing:
            self.warn("W506", path + ("required",), f"required {', '.join(map(repr, missing))} "
                                                     "not among the properties; not kept")
        extra = s.get("additionalProperties", False)
        if extra is not False and not (extra is True and props) and "additionalProperties" in s:
            self.warn("W503", path + ("additionalProperties",),
                      "`additionalProperties` (a free-form map) cannot be said; the object takes only its fields")
        elif extra is True:
            self.warn("W503", path + ("additionalProperties",), "`additionalProperties: true` not kept; "
                                                                "the object takes only its fields")
        out = []
        for name, ps in props.items():
            out.append(self.param(name, ps, path + ("properties", name), name in required))
        return tuple(out)

    def param(self, name: str, ps: Any, path: JsonPath, required: bool) -> ast.Param:
        """One parameter (or object field) named ``name`` with schema ``ps`` (``$ref`` allowed)."""
        schema, resolver, ref = self.resolve(ps, path)
        with self._scope(resolver, ref, path):
            t, nullable = self._type(schema, path, titles=(name, derived_title(name), _ref_name(ref)))
            if nullable:
                self.warn("W502", path, "`null` is not a value the language has; not kept"
                          + ("" if required else " (the parameter is optional)"))
            default = self._default(schema, t, path, nullable)
            optional = not required
            if required and default is not None:
                # required although it has a default (JSON Schema allows both): kept with `!`
                return ast.Param(name=name, type=t, required=True, default=default,
                                 description=_text(schema.get("description")), asks=_asks(schema.get("x-ask")),
                                 source=self._x_source(schema))
            if default is not None and not schema.get("x-optional"):
                optional = False  # a default already makes it optional; `?` is kept only when exported explicitly
            return ast.Param(name=name, type=t, optional=optional, default=default, source=self._x_source(schema),
                             description=_text(schema.get("description")), asks=_asks(schema.get("x-ask")))

    def _default(self, s: dict[str, Any], t: Any, path: JsonPath, nullable: bool) -> Any:
        if s.get("x-default") in ("today", "now"):  # toolc's export of a `today` / `now` default
            return ast.Keyword(name=s["x-default"])
        if "default" not in s:
            return None
        dv = s["default"]
        if dv in ("today", "now") and isinstance(t, ast.PrimType) and t.name in ("date", "datetime"):
            return ast.Keyword(name=dv)
        if isinstance(dv, (str, int, float, bool)):
            return ast.Literal_(value=dv)
        if isinstance(dv, list) and all(isinstance(v, (str, int, float, bool)) for v in dv):
            return ast.ListValue(values=tuple(ast.Literal_(value=v) for v in dv))
        if dv is None:
            if not nullable:
                self.warn("W507", path + ("default",), "default `null` not kept; the parameter is optional")
            return None
        self.warn("W507", path + ("default",), f"a {type(dv).__name__} default cannot be said; not kept")
        return None

    def _x_source(self, s: dict[str, Any]) -> Any:
        """toolc's own ``x-source``: a literal, a Faker provider, an expression or a template (as written)."""
        xs = s.get("x-source")
        if not isinstance(xs, dict):
            return None
        if "literal" in xs:
            return ast.Literal_(value=xs["literal"])
        if isinstance(xs.get("expr"), str) or isinstance(xs.get("template"), str):
            from toolc.dsl.diagnostics import Diagnostics
            from toolc.dsl.parse import parse_expression, parse_template_text

            scratch = Diagnostics()
            node = parse_expression(xs["expr"], scratch) if "expr" in xs else parse_template_text(xs["template"], scratch)
            if node is None:
                self.warn("W509", ("x-source",), f"a result source toolc cannot read back: {scratch.errors[0].message}")
            return node
        if not isinstance(xs.get("faker"), str):
            return None
        return ast.FakerSource(provider=xs["faker"], args=tuple(ast.Literal_(value=v) for v in xs.get("args", [])),
                               kwargs=tuple((k, ast.Literal_(value=v)) for k, v in xs.get("kwargs", {}).items()))

    # ------------------------------------------------------------------------------------------ types

    def type_of(self, schema: Any, path: JsonPath) -> Any:
        """The tool AST type of a schema (``$ref`` allowed); ``null`` alternatives are warned about."""
        s, resolver, ref = self.resolve(schema, path)
        with self._scope(resolver, ref, path):
            t, nullable = self._type(s, path, titles=(_ref_name(ref),))
            if nullable:
                self.warn("W502", path, "`null` is not a value the language has; not kept")
            return t

    def _type(self, s: dict[str, Any], path: JsonPath, titles: tuple[str | None, ...] = ()) -> tuple[Any, bool]:
        """(type, nullable) of a resolved schema."""
        if self._cut:
            return ast.ObjectType(fields=()), False
        s, nullable = self._combinators(s, path)
        ty = s.get("type")
        if isinstance(ty, list):
            kinds = [x for x in ty if x != "null"]
            nullable = nullable or "null" in ty
            if len(kinds) > 1:
                self.warn("W502", path + ("type",), f"a union of types {kinds} cannot be said; kept `{kinds[0]}`")
            ty = kinds[0] if kinds else None
        if self.openapi30 and s.get("nullable") is True:
            nullable = True
        if ty is None:
            ty = _infer_type(s)
            if ty is None:
                self.warn("W501", path, "no `type`: read as a string")
                ty = "string"
        if ty not in _JSON_TYPES:
            self.warn("W501", path + ("type",), f"unknown type {ty!r}: read as a string")
            ty = "string"
        if ty == "null":
            self.warn("W502", path, "a parameter that is always `null` cannot be said; read as a string")
            ty = "string"
        self._unsaid(s, path, ty, titles)
        if "enum" in s or "const" in s:
            t, enum_null = self._enum(s, ty, path)
            if t is not None:
                return t, nullable or enum_null
        if ty == "string":
            fmt = s.get("format")
            if fmt in _DATE_FORMATS:
                return ast.PrimType(name=_DATE_FORMATS[fmt]), nullable
            if fmt is not None:
                self.warn("W504", path + ("format",), f"format {fmt!r} not kept (only `date` and `date-time` are)")
            return ast.PrimType(name="string"), nullable
        if ty in ("integer", "number"):
            return self._number(s, ty, path), nullable
        if ty == "boolean":
            return ast.PrimType(name="bool"), nullable
        if ty == "array":
            return self._array(s, path), nullable
        return ast.ObjectType(fields=self._fields(s, path)), nullable

    def _combinators(self, s: dict[str, Any], path: JsonPath) -> tuple[dict[str, Any], bool]:
        """Folds ``allOf`` (objects merged), and ``anyOf`` / ``oneOf`` with one non-null branch."""
        nullable = False
        for key in ("anyOf", "oneOf"):
            branches = s.get(key)
            if not isinstance(branches, list):
                continue
            resolved = [self.resolve(b, path + (key, i))[0] for i, b in enumerate(branches)]
            keep = [b for b in resolved if b.get("type") != "null"]
            nullable = nullable or len(keep) < len(resolved)
            rest = {k: v for k, v in s.items() if k != key}
            if not keep:
                s = rest
                continue
            if len(keep) > 1:
                self.warn("W502", path + (key,), f"`{key}` with {len(keep)} alternatives cannot be said; "
                                                 "kept the first")
            s = {**keep[0], **rest}
        parts = s.get("allOf")
        if isinstance(parts, list):
            merged: dict[str, Any] = {k: v for k, v in s.items() if k != "allOf"}
            for i, part in enumerate(parts):
                p, _, _ = self.resolve(part, path + ("allOf", i))
                for k, v in p.items():
                    if k == "properties" and isinstance(v, dict):
                        merged["properties"] = {**merged.get("properties", {}), **v}
                    elif k == "required" and isinstance(v, list):
                        merged["required"] = list(dict.fromkeys([*merged.get("required", []), *v]))
                    elif k in merged and merged[k] != v and k not in ("description", "title"):
                        self.warn("W502", path + ("allOf", i, k), f"`allOf` parts disagree on `{k}`; kept the first")
                    else:
                        merged.setdefault(k, v)
            s = merged
        return s, nullable

    def _enum(self, s: dict[str, Any], ty: str, path: JsonPath) -> tuple[Any, bool]:
        if "enum" in s:
            values, where = s["enum"], path + ("enum",)
        else:
            values, where = [s["const"]], path + ("const",)
        if not isinstance(values, list) or not values:
            self.warn("W508", where, "an empty or malformed enum cannot be said; not kept")
            return None, False
        nullable = None in values
        values = [v for v in values if v is not None]
        strs = all(isinstance(v, str) for v in values)
        ints = all(isinstance(v, int) and not isinstance(v, bool) for v in values)
        if ty == "array":
            # JSON Schema reads an enum on an array as whole-array values; authors mean its items
            if strs or ints:
                self.warn("W508", where, "an enum on an array is read as an enum of its items (`list[...]`)")
                return ast.ListType(item=ast.EnumType(values=tuple(values))), nullable
            return None, nullable
        if values and (strs and ty == "string" or ints and ty in ("integer", "number")):
            if ints and ty == "number":
                self.warn("W508", where, "an enum of whole numbers on a `number` becomes an integer enum")
            if len(set(values)) != len(values):
                self.warn("W508", where, "repeated enum members not kept")
                values = list(dict.fromkeys(values))
            return ast.EnumType(values=tuple(values)), nullable
        if values:
            self.warn("W508", where, f"an enum of {_kinds(values)} on a {ty} cannot be said; not kept")
        return None, nullable

    def _number(self, s: dict[str, Any], ty: str, path: JsonPath) -> ast.PrimType:
        name = "int" if ty == "integer" else "float"
        bounds = {}
        for key in ("minimum", "maximum"):
            v = s.get(key)
            if v is None:
                continue
            if isinstance(v, bool) or not isinstance(v, (int, float)) or (name == "int" and v != int(v)):
                self.warn("W504", path + (key,), f"`{key}` {v!r} does not fit a {ty}; not kept")
                continue
            bounds[key] = int(v) if name == "int" else v
        lo, hi = bounds.get("minimum"), bounds.get("maximum")
        if lo is not None and hi is not None and lo > hi:
            self.warn("W504", path, f"empty range {lo}..{hi} not kept")
            lo = hi = None
        return ast.PrimType(name=name, lo=lo, hi=hi)

    def _array(self, s: dict[str, Any], path: JsonPath) -> ast.ListType:
        items = s.get("items")
        if isinstance(items, list) or "prefixItems" in s:  # tuple forms (draft-07 list, 2020-12 prefixItems)
            first = (items if isinstance(items, list) else s.get("prefixItems") or [{}])
            self.warn("W502", path + ("items",), "a tuple of item types cannot be said; kept the first item type")
            items = first[0] if first else {}
        if items is None or items is True or items == {}:
            self.warn("W501", path, "an array without an item type: items read as strings")
            items = {"type": "string"}
        ipath = path + ("items",)
        item_schema, resolver, ref = self.resolve(items, ipath)
        with self._scope(resolver, ref, ipath):
            item, nullable = self._type(item_schema, ipath, titles=(_ref_name(ref),))
            if nullable:
                self.warn("W502", ipath, "`null` items cannot be said; not kept")
            if item_schema.get("description"):
                self.warn("W509", ipath + ("description",), "a description of array items cannot be said; not kept")
            if "default" in item_schema:
                self.warn("W507", ipath + ("default",), "a default of array items cannot be said; not kept")
        count = s.get("x-count") or [None, None]
        return ast.ListType(item=item, count_lo=count[0], count_hi=count[1])

    # ------------------------------------------------------------------------------------------ helpers

    def _unsaid(self, s: dict[str, Any], path: JsonPath, ty: str, titles: tuple[str | None, ...]) -> None:
        """Warns once per keyword of ``s`` the reader does not keep."""
        used = _USED_ANY | _USED.get(ty, frozenset())
        for k in s:
            if k in used or k in _QUIET:
                continue
            if k in ("exclusiveMinimum", "exclusiveMaximum", "minLength", "maxLength", "pattern", "minItems",
                     "maxItems", "uniqueItems", "multipleOf", "minProperties", "maxProperties"):
                self.warn("W504", path + (k,), f"`{k}` not kept")
            elif k in ("example", "examples"):
                self.warn("W509", path + (k,), f"`{k}` not kept")
            elif k in ("prefixItems",):
                continue  # reported by _array
            else:
                self.warn("W509", path + (k,), f"`{k}` not kept")
        title = s.get("title")
        if title is not None and title not in titles:
            self.warn("W509", path + ("title",), f"title {title!r} not kept")

    @property
    def _cut(self) -> bool:
        return len(self._stack) > len(set(self._stack))

    def _scope(self, resolver: Any, ref: str | None, path: JsonPath) -> "_Scope":
        return _Scope(self, resolver, ref, path)


class _Scope:
    """Enters a resolved ``$ref``: its resolver becomes current; a repeated ref is a recursion, cut here."""

    def __init__(self, reader: SchemaReader, resolver: Any, ref: str | None, path: JsonPath) -> None:
        self.reader, self.resolver, self.ref, self.path = reader, resolver, ref, path

    def __enter__(self) -> None:
        self.saved = self.reader.resolver
        self.reader.resolver = self.resolver
        if self.ref is not None:
            key = _ref_key(self.resolver, self.ref)
            if key in self.reader._stack:
                self.reader._stack.append(key)
                self.reader.warn("W505", self.path, f"`$ref` {self.ref!r} refers to itself; the repetition is cut "
                                                    "(an object without fields)")
                return
            self.reader._stack.append(key)

    def __exit__(self, *exc: object) -> None:
        self.reader.resolver = self.saved
        if self.ref is not None:
            self.reader._stack.pop()


def _ref_key(resolver: Any, ref: str) -> str:
    base = getattr(resolver, "_base_uri", "") if resolver is not None else ""
    return f"{base}|{ref}"


def _ref_name(ref: str | None) -> str | None:
    """``#/components/schemas/Pet`` -> ``Pet`` (a title equal to it restates the name)."""
    return ref.rsplit("/", 1)[-1] if ref else None


def _infer_type(s: dict[str, Any]) -> str | None:
    if "properties" in s:
        return "object"
    if "items" in s:
        return "array"
    values = s.get("enum") if isinstance(s.get("enum"), list) else [s["const"]] if "const" in s else None
    if values:
        v = next((x for x in values if x is not None), None)
        if isinstance(v, bool):
            return "boolean"
        if isinstance(v, int):
            return "integer"
        if isinstance(v, float):
            return "number"
        return "string"
    return None


def _kinds(values: list[Any]) -> str:
    names = sorted({{bool: "booleans", int: "integers", float: "numbers", str: "strings"}.get(type(v), "objects")
                    for v in values})
    return " and ".join(names)


def _text(v: Any) -> str | None:
    return v if isinstance(v, str) and v else None



def _asks(x: Any) -> tuple[ast.LangText, ...]:
    """``x-ask`` back into clarification questions: a string (untagged) or ``[{"lang", "text"}, ...]``."""
    if isinstance(x, str):
        return (ast.LangText(text=x),)
    if isinstance(x, list):
        return tuple(ast.LangText(lang=a.get("lang"), text=a["text"]) for a in x
                     if isinstance(a, dict) and isinstance(a.get("text"), str))
    return ()
