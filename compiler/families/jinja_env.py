"""Families, template compiler: chat-template text -> a compiled, sandboxed jinja2 template (input: template
source; output: ``jinja2.Template``), the way ``tokenizer.apply_chat_template`` compiles it.

Source of every rule: ``transformers.utils.chat_template_utils._cached_compile_jinja_template`` and
``_render_with_assistant_indices`` (transformers 5.x): an ``ImmutableSandboxedEnvironment`` with
``trim_blocks`` and ``lstrip_blocks``, the ``loopcontrols`` extension and the ``{% generation %}`` tag that
records where assistant output lies, a ``tojson`` filter without HTML escaping, and the globals
``raise_exception``, ``strftime_now``, ``dict`` and ``namespace`` (which refuses ``_``-prefixed attributes).
It is rebuilt here because importing that module imports ``transformers`` (~1 s: more than a whole build of
40,000 rows takes); ``tests/test_family_renders.py`` renders every registered family's templates with both and
requires the same text and the same generation spans.
"""

from __future__ import annotations

import functools
import json
import types
from contextlib import contextmanager
from datetime import datetime
from typing import Any, Iterator

from toolc.compiler.record import dumps

__all__ = ["compile_template", "render_with_generation_spans", "tojson_text"]


@functools.cache
def _environment() -> Any:
    """The one sandboxed environment every template is compiled in (as transformers builds one per template:
    the same settings, so the same output)."""
    import jinja2
    import jinja2.ext
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    major, minor, patch = (int(p) if p.isdigit() else 0 for p in (jinja2.__version__.split(".") + ["0", "0"])[:3])
    if (major, minor, patch) < (3, 1, 6):  # transformers' floor: older versions have known sandbox escapes
        raise ImportError(f"chat templates need jinja2>=3.1.6; jinja2 {jinja2.__version__} is installed")

    class GenerationTracker(jinja2.ext.Extension):
        """``{% generation %}...{% endgeneration %}``: renders its body; while a tracker is active, records the
        body's ``(start, end)`` character offsets in the output (transformers' ``AssistantTracker``)."""

        tags = {"generation"}

        def __init__(self, environment: Any) -> None:
            super().__init__(environment)
            environment.extend(activate_tracker=self.activate_tracker)
            self._rendered_blocks: list[str] | None = None
            self._generation_indices: list[tuple[int, int]] | None = None

        def parse(self, parser: Any) -> Any:
            lineno = next(parser.stream).lineno
            body = parser.parse_statements(("name:endgeneration",), drop_needle=True)
            return jinja2.nodes.CallBlock(self.call_method("_generation_support"), [], [], body).set_lineno(lineno)

        @jinja2.pass_eval_context
        def _generation_support(self, context: Any, caller: Any) -> str:
            rv = caller()
            if self._rendered_blocks is not None and self._generation_indices is not None:
                start = len("".join(self._rendered_blocks))
                self._generation_indices.append((start, start + len(rv)))
            return rv

        @contextmanager
        def activate_tracker(self, rendered_blocks: list[str], generation_indices: list[tuple[int, int]]) -> Iterator[None]:
            if self._rendered_blocks is not None or self._generation_indices is not None:
                raise ValueError("a generation tracker is already active")
            self._rendered_blocks, self._generation_indices = rendered_blocks, generation_indices
            try:
                yield
            finally:
                self._rendered_blocks = self._generation_indices = None

    def raise_exception(message: str) -> None:
        raise jinja2.exceptions.TemplateError(message)

    def tojson(x: Any, ensure_ascii: bool = False, indent: Any = None, separators: Any = None,
               sort_keys: bool = False) -> str:
        return _tojson(x, ensure_ascii, indent, separators, sort_keys)

    def strftime_now(format: str) -> str:
        return datetime.now().strftime(format)

    class TemplateDict:
        """``dict(...)`` in a template, without the attributes of the ``dict`` type itself."""

        def __call__(self, *args: Any, **kwargs: Any) -> dict:
            return dict(*args, **kwargs)

        def fromkeys(self, *args: Any, **kwargs: Any) -> dict:
            return dict.fromkeys(*args, **kwargs)

    class TemplateNamespace(jinja2.utils.Namespace):
        """``namespace(...)`` refusing ``_``-prefixed attributes (no way to CPython internals)."""

        def __init__(*args: Any, **kwargs: Any) -> None:  # Namespace's signature trick: `namespace(self=...)` works
            self, args = args[0], args[1:]
            attrs = dict(*args, **kwargs)
            for name in attrs:
                TemplateNamespace._check_name(name)
            jinja2.utils.Namespace.__init__(self, attrs)

        def __setitem__(self, name: str, value: Any) -> None:
            TemplateNamespace._check_name(name)
            jinja2.utils.Namespace.__setitem__(self, name, value)

        @staticmethod
        def _check_name(name: Any) -> None:
            if isinstance(name, str) and name.startswith("_"):
                raise jinja2.exceptions.SecurityError(
                    f"Chat templates cannot store underscore-prefixed attributes on a namespace, but got {name!r}. "
                    "Please rename the attribute.")

    class Environment(ImmutableSandboxedEnvironment):
        """The sandbox, with its verdict on an attribute remembered per ``(type, attribute)``: jinja2's checks
        (``is_internal_attribute``, ``modifies_known_mutable``) read only the object's type and the name, and
        they were over half the time of rendering a row (isinstance against abc classes on every
        ``message.content.startswith``).

        ``obj.name`` (:meth:`getattr`) gives what the sandbox gives, sooner where the answer follows from the type
        alone: on a plain ``dict`` a name that is no attribute of ``dict`` is the item (the sandbox tries the
        attribute first and takes the item after the ``AttributeError``: ``message.role``, the most frequent
        look-up); on ``str``, ``list``, ``dict`` and ``tuple`` an attribute of the type that the sandbox allowed
        once is allowed again (``message.content.startswith``), never ``str.format`` / ``format_map``, which the
        sandbox wraps; on any other type (``loop.index0``, ``ns.last_query_index``) an attribute whose verdict is
        remembered is read and returned after the sandbox's own ``str.format`` wrapping, without asking again. A
        built-in function or method is safe to call (:meth:`is_safe_callable`: it has no attributes of its own,
        so none of the markers the sandbox looks for)."""

        def __init__(self, **kwargs: Any) -> None:
            super().__init__(**kwargs)
            self._verdicts: dict[tuple[type, str], bool] = {}
            self._allowed: set[tuple[type, str]] = set()

        def is_safe_callable(self, obj: Any) -> bool:
            # a built-in function or method (``content.startswith``) has no attributes of its own, so neither
            # ``unsafe_callable`` nor ``alters_data``, which the sandbox looks for
            return type(obj) is _BUILTIN or super().is_safe_callable(obj)

        def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
            key = (type(obj), attr)
            verdict = self._verdicts.get(key)
            if verdict is None:
                verdict = self._verdicts[key] = super().is_safe_attribute(obj, attr, value)
            return verdict

        def getattr(self, obj: Any, attribute: str) -> Any:
            tp = type(obj)
            if tp is dict and attribute not in _DICT_ATTRIBUTES:
                try:
                    return obj[attribute]
                except KeyError:
                    return self.undefined(obj=obj, name=attribute)
            key = (tp, attribute)
            if key in self._allowed:
                return getattr(obj, attribute)
            if self._verdicts.get(key) is True:  # any other type: the sandbox's steps, its verdict remembered
                try:
                    value = getattr(obj, attribute)
                except AttributeError:
                    return super().getattr(obj, attribute)
                if type(value) in _METHOD_TYPES:
                    fmt = self.wrap_str_format(value)
                    if fmt is not None:
                        return fmt
                return value
            value = super().getattr(obj, attribute)
            if tp in _PLAIN_TYPES and attribute not in ("format", "format_map") and hasattr(tp, attribute) and \
                    self._verdicts.get(key) is True:
                self._allowed.add(key)
            return value

    env = Environment(trim_blocks=True, lstrip_blocks=True, extensions=[GenerationTracker, jinja2.ext.loopcontrols])
    env.filters["tojson"] = tojson
    env.globals["raise_exception"] = raise_exception
    env.globals["strftime_now"] = strftime_now
    env.globals["dict"] = TemplateDict()
    env.globals["namespace"] = TemplateNamespace
    return env


#: Attribute names of a plain ``dict`` (``items``, ``get``, ...): ``obj.name`` on a dict is the attribute for
#: these, the item for every other name (:meth:`Environment.getattr`).
_DICT_ATTRIBUTES = frozenset(dir(dict))
#: What ``str.format`` and other bound methods are (the sandbox wraps ``format`` and ``format_map`` of a string).
_METHOD_TYPES = frozenset({types.MethodType, types.BuiltinMethodType})
_BUILTIN = types.BuiltinFunctionType
#: Types whose attributes are the type's own (no instance attributes), so that one look-up decides them all.
_PLAIN_TYPES = frozenset({str, list, dict, tuple})
#: Tool definitions seen by ``tojson``, by identity and options: their text (``{{ tool | tojson }}`` in every row
#: that offers the tool). The entry holds the definition, so its id is not reused while it is kept.
_TOOL_JSON: dict[tuple, tuple[Any, str]] = {}


def tojson_text(x: Any) -> str:
    """``x | tojson`` with transformers' defaults (no options), as :func:`_tojson` writes it."""
    return _tojson(x, False, None, None, False)


def _tojson(x: Any, ensure_ascii: bool, indent: Any, separators: Any, sort_keys: bool) -> str:
    """transformers' ``tojson``: ``json.dumps`` with these options; with its defaults through :func:`dumps`
    (the same text, without building an encoder per call), and the text of a tool definition (``{"type":
    "function", ...}``, build-lifetime and never changed) made once per options."""
    plain = not ensure_ascii and indent is None and separators is None and not sort_keys
    if type(x) is not dict or x.get("type") != "function":
        return dumps(x) if plain else json.dumps(x, ensure_ascii=ensure_ascii, indent=indent,
                                                   separators=separators, sort_keys=sort_keys)
    try:
        key = (id(x), ensure_ascii, indent, None if separators is None else tuple(separators), sort_keys)
        hit = _TOOL_JSON.get(key)
    except TypeError:  # options that are not hashable
        key = hit = None
    if hit is None or hit[0] is not x:
        text = dumps(x) if plain else json.dumps(x, ensure_ascii=ensure_ascii, indent=indent, separators=separators,
                                                 sort_keys=sort_keys)
        if key is None:
            return text
        if len(_TOOL_JSON) > 4096:
            _TOOL_JSON.clear()
        hit = _TOOL_JSON[key] = (x, text)
    return hit[1]


@functools.cache
def compile_template(source: str) -> Any:
    """The compiled template of chat-template text ``source`` (a ``jinja2.Template``; ``.render(messages=...,
    tools=..., add_generation_prompt=..., **variables)`` gives the text).

    Raises:
        jinja2.TemplateSyntaxError: ``source`` is not a valid template.
        ImportError: jinja2 is older than 3.1.6.
    """
    return _environment().from_string(source)


def render_with_generation_spans(compiled: Any, **variables: Any) -> tuple[str, list[tuple[int, int]]]:
    """Renders ``compiled`` with ``variables``; returns the text and the ``(start, end)`` character offsets of
    every ``{% generation %}`` block in it (transformers' ``_render_with_assistant_indices``)."""
    blocks: list[str] = []
    spans: list[tuple[int, int]] = []
    with compiled.environment.activate_tracker(blocks, spans):
        for block in compiled.generate(**variables):
            blocks.append(block)
        text = "".join(blocks)
    return text, spans
