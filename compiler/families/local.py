"""Families stage, local templates: a ``.jinja`` file or a local tokenizer directory -> a :class:`Family`.

``--format chat:PATH`` renders with a template that is not registered by name. A template byte-identical to a
registered family's (TRL's identity comparison, ``trl/chat_templates/README.md``) gets that family's knowledge
(stop strings, call syntax, parsing back); any other template gets the defaults of :class:`Family` (arguments as
dicts, parallel calls allowed) and rows it raises on are left out. A tokenizer directory also gives its special
tokens (``tokenizer_config.json``) and its template (``chat_template.jinja`` or the config's
``chat_template``), and a training variant writes its token ids.

Whether a template can express tool calls at all is probed the way ``trl.chat_template_utils.supports_tool_calling``
does: render ``user -> assistant(tool call) -> tool`` with sentinel strings and require every sentinel in the text.
"""

from __future__ import annotations

import functools
import json
import re
from pathlib import Path
from typing import Any

from toolc.compiler.families.base import Family, _compile, trl_template
from toolc.compiler.families.registry import FAMILIES
from toolc.errors import InputError

__all__ = ["LocalFamily", "local_family", "no_tools_reason", "tool_support_problem"]

_GENERATION = re.compile(r"\{%-?\s*generation\s*-?%\}")
_SENTINELS = ("tool_name_a8f3e2b1", "tool_arg_key_b9d4f5c2", "tool_arg_val_d6e7a9f3", "tool_content_c4f9a8e2")


def tool_support_problem(source: str, variables: dict[str, Any] | None = None) -> str | None:
    """Why a chat template cannot express a tool-calling conversation, or ``None`` when it can.

    Renders ``user -> assistant with one call -> tool result`` (arguments as a dict, then as a JSON string for
    templates that concatenate them) and requires the tool name, argument key and value and the result in the
    text, as ``trl.chat_template_utils.supports_tool_calling`` does.

    Args:
        source: the Jinja template.
        variables: extra template variables (special tokens).

    Returns:
        ``"it raises on the tool role or on tool calls (...)"`` or ``"it drops ..."``; ``None`` when it works.
    """
    import jinja2

    name, key, value, content = _SENTINELS
    compiled = _compile(source)
    text = None
    error = None
    for arguments in ({key: value}, json.dumps({key: value})):
        messages = [{"role": "user", "content": "hi"},
                    {"role": "assistant", "content": "",
                     "tool_calls": [{"type": "function", "function": {"name": name, "arguments": arguments}}]},
                    {"role": "tool", "name": name, "content": content}]
        try:
            text = compiled.render(messages=messages, tools=None, documents=None, add_generation_prompt=False,
                                   **(variables or {}))
            break
        except jinja2.TemplateError as exc:
            error = f"it raises on the tool role or on tool calls ({exc})"
            break
        except TypeError as exc:
            error = f"it raises on tool calls ({exc})"
    if text is None:
        return error
    dropped = [what for what, s in zip(("the tool name", "the arguments", "the arguments", "the tool result"),
                                       _SENTINELS, strict=True) if s not in text]
    return f"it drops {' and '.join(dict.fromkeys(dropped))}" if dropped else None


@functools.cache
def no_tools_reason(stem: str) -> str | None:
    """For a name TRL ships a template under but no family is registered for: why it cannot be a tool format.

    Returns:
        ``"chat template `gemma3` cannot express tool calls: it raises ..."``; ``None`` when trl ships no such
        template (the caller reports an unknown name) or the template can express tools.
    """
    try:
        source = trl_template(stem)
    except FileNotFoundError:
        return None
    problem = tool_support_problem(source, {"bos_token": "", "eos_token": ""})
    if problem is None:
        return (f"trl's chat template `{stem}` has no registered family; render it with `chat:PATH` "
                f"(its file is trl/chat_templates/{stem}.jinja)")
    return f"chat template `{stem}` cannot express tool calls: {problem}; pick a family that can: " + ", ".join(
        n for n, f in FAMILIES.items() if f.template is not None)


class LocalFamily(Family):
    """A family for a template given by path. ``source`` is the template text, ``training_source`` the
    training template (the same text when it carries ``{% generation %}`` markers, else ``None``)."""

    def __init__(self, name: str, source: str, training_source: str | None, tokens: dict[str, str | None],
                 special_tokens: tuple[str, ...]) -> None:
        self.name = name  # type: ignore[misc]
        self.source = source
        self.training_source = training_source
        self.template = name  # type: ignore[misc]
        self.bos_token, self.eos_token, self.pad_token = (  # type: ignore[misc]
            tokens.get("bos_token"), tokens.get("eos_token"), tokens.get("pad_token"))
        self.special_tokens = special_tokens  # type: ignore[misc]
        self.stop = tuple(t for t in (self.eos_token,) if t)  # type: ignore[misc]

    def chat_template(self, training: bool = False) -> str:
        if not training:
            return self.source
        if self.training_source is None:
            raise ValueError(f"chat template `{self.name}` has no `{{% generation %}}` markers and matches no family "
                             "with a training template, so it has no training variant")
        return self.training_source

    def has_training_template(self) -> bool:
        return self.training_source is not None

    def parse(self, text: str, prefix: str = "", tools: Any = None) -> Any:
        raise ValueError(f"no response parser is known for chat template `{self.name}` (it matches no registered "
                         "family); evaluate with a model whose template is registered")


def _token_text(value: Any) -> str | None:
    if isinstance(value, dict):
        return value.get("content")
    return value if isinstance(value, str) else None


def _read_tokenizer_dir(path: Path) -> tuple[str, dict[str, str | None], tuple[str, ...]]:
    config_path = path / "tokenizer_config.json"
    if not config_path.is_file():
        raise InputError(f"`{path}` is not a tokenizer directory (no tokenizer_config.json)")
    config = json.loads(config_path.read_text(encoding="utf-8"))
    template_file = path / "chat_template.jinja"
    source = template_file.read_text(encoding="utf-8") if template_file.is_file() else config.get("chat_template")
    if isinstance(source, list):  # named variants: the default one
        source = next((t["template"] for t in source if t.get("name") == "default"), None)
    if not isinstance(source, str):
        raise InputError(f"tokenizer `{path}` has no chat template")
    tokens = {k: _token_text(config.get(k)) for k in ("bos_token", "eos_token", "pad_token")}
    added: list[str] = [t for t in (_token_text(v) for v in (config.get("added_tokens_decoder") or {}).values()) if t]
    tokenizer_json = path / "tokenizer.json"
    if tokenizer_json.is_file():
        data = json.loads(tokenizer_json.read_text(encoding="utf-8"))
        added += [t["content"] for t in data.get("added_tokens", []) if isinstance(t, dict) and "content" in t]
    return source, tokens, tuple(dict.fromkeys(added))


def local_family(path: Path) -> tuple[Family, str | None]:
    """The family of a ``.jinja`` file or a local tokenizer directory.

    Args:
        path: the file or directory.

    Returns:
        ``(family, tokenizer)``: a registered family when the template is byte-identical to its template (with
        the tokenizer's special tokens where a directory gives them), else a :class:`LocalFamily`; ``tokenizer``
        is the directory for a tokenizer directory, else ``None``.

    Raises:
        InputError: the path does not exist, is not a tokenizer directory, or has no chat template.
        compiler.families.formats.UnknownFormatError: the template cannot express tool calls.
    """
    from toolc.compiler.families.formats import UnknownFormatError

    tokenizer: str | None = None
    if path.is_dir():
        source, tokens, added = _read_tokenizer_dir(path)
        tokenizer = str(path)
        name = path.name
    elif path.is_file():
        source, tokens, added = path.read_text(encoding="utf-8"), {}, ()
        name = path.stem
    else:
        raise InputError(f"chat template `{path}` does not exist (give a .jinja file or a tokenizer directory)")
    for family in FAMILIES.values():
        if family.template is not None and trl_template(family.template) == source and not family.template_kwargs:
            if not tokens:
                return family, tokenizer
            attrs = {k: v for k, v in tokens.items() if v is not None}
            attrs["special_tokens"] = tuple(dict.fromkeys((*family.special_tokens, *added)))
            return type(type(family).__name__, (type(family),), attrs)(), tokenizer
    problem = tool_support_problem(source, {k: v or "" for k, v in tokens.items()})
    if problem is not None:
        raise UnknownFormatError(f"chat:{path}", None, reason=f"chat template `{path}` cannot express tool calls: {problem}")
    training = source if _GENERATION.search(source) else None
    return LocalFamily(name, source, training, tokens, added), tokenizer
