"""Families stage, shared part: what a model family's chat format needs, as documented class attributes.

A *family* is what a model serves tool calls with: its chat template, its special tokens, how it writes a
call and where a turn ends. The class attributes of :class:`Family` say what differs between families (the
sqlglot dialect pattern: ``class Llama3_2(Llama3_1)`` overrides a few flags); the methods turn canonical
:class:`~compiler.record.Message` objects into the template's input, render it with transformers' own Jinja
environment, write a malformed call in the family's own syntax and parse a completion back into calls.

Sources: the templates are the ones TRL ships in ``trl/chat_templates/*.jinja`` (copies of the Hub
checkpoints' ``chat_template``, each with a ``_training`` twin that marks assistant output with
``{% generation %}``; ``trl/chat_templates/README.md`` says where each comes from); they are rendered the way
``transformers.utils.chat_template_utils._compile_jinja_template`` (the compiler behind
``tokenizer.apply_chat_template``) renders them, by :mod:`.jinja_env` (which does not import transformers); completions are parsed by ``transformers.utils.chat_parsing.parse_response``
with TRL's response templates (``trl.chat_template_utils.*_template``).
"""

from __future__ import annotations

import datetime as _dt
import functools
import importlib.util
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar, Literal

from toolc.compiler.families.native import native_renderer
from toolc.compiler.record import MALFORMED_STYLES, Malformed, Message, Record, ToolCall, dumps

__all__ = ["MALFORMED_STYLES", "CallIds", "broken_arguments", "Family", "Malformed", "Rendered", "trl_template"]

def broken_arguments(bad: Malformed) -> str:
    """A call's arguments as JSON text broken per ``bad.style``: the last ``}`` dropped, Python-style quotes, or a
    call expression ``name(key=value, ...)`` in place of the object (for families whose frame holds a JSON body)."""
    call = bad.call
    args = json.dumps(call.arguments, ensure_ascii=False)
    if bad.style == "unbalanced":
        return args[:-1]
    if bad.style == "quotes":  # no strings to quote ({}): broken as unbalanced instead
        return args.replace('"', "'") if '"' in args else args[:-1]
    return f"{call.name}(" + ", ".join(f"{k}={json.dumps(v, ensure_ascii=False)}" for k, v in call.arguments.items()) + ")"


@dataclass(frozen=True, slots=True)
class Rendered:
    """A rendered text and, for training renders, the character spans of the assistant's output.

    Attributes:
        text: the rendered text.
        spans: ``(start, end)`` character offsets (end exclusive) of every ``{% generation %}`` block, in
            order; empty unless spans were asked for.
    """

    text: str
    spans: tuple[tuple[int, int], ...] = ()


class CallIds:
    """Deterministic tool-call ids ``call_0``, ``call_1``, ... counted across one conversation, and the ids still
    waiting for a result (results answer calls in call order, as in the ``openai`` format)."""

    __slots__ = ("next", "waiting")

    def __init__(self) -> None:
        self.next = 0
        self.waiting: list[str] = []

    def issue(self) -> str:
        """A new id, now waiting for its result."""
        call_id = f"call_{self.next}"
        self.next += 1
        self.waiting.append(call_id)
        return call_id

    def answer(self) -> str | None:
        """The id the next result answers (the oldest waiting), or ``None`` when none waits."""
        return self.waiting.pop(0) if self.waiting else None

    def copy(self) -> CallIds:
        """An independent copy (same counter, same waiting ids)."""
        other = CallIds()
        other.next = self.next
        other.waiting = list(self.waiting)
        return other


@functools.cache
def trl_template(stem: str) -> str:
    """The text of ``trl/chat_templates/{stem}.jinja``, read from trl's package data.

    ``trl.chat_template_utils`` reads the same files but imports torch (seconds); this does not even import
    ``trl`` (the package is located with ``importlib.util.find_spec``, which runs none of its code).

    Args:
        stem: the file name without ``.jinja`` (``qwen3``, ``llama3_1``, ``gptoss_training``).

    Returns:
        the template text.

    Raises:
        FileNotFoundError: trl ships no such template.
    """
    spec = importlib.util.find_spec("trl")
    locations = list(spec.submodule_search_locations or []) if spec is not None else []
    path = Path(locations[0] if locations else ".") / "chat_templates" / f"{stem}.jinja"
    if not path.is_file():
        raise FileNotFoundError(f"trl ships no chat template `{stem}.jinja`")
    return path.read_text(encoding="utf-8")


def _compile(source: str) -> Any:
    """The compiled template for ``source``, as transformers compiles it (sandboxed, ``trim_blocks``, its
    ``tojson``, ``{% generation %}``): :func:`.jinja_env.compile_template`."""
    from .jinja_env import compile_template

    return compile_template(source)


class Family:
    """A model family's chat format. Subclasses override the class attributes below; instances are stateless.

    Attributes:
        name: the registered name (``qwen3``, ``llama3_1``), used in ``--format chat:NAME``.
        template: the stem of the inference template in ``trl/chat_templates`` (``None``: not template-rendered).
        training_template: the stem of its ``{% generation %}``-marked training twin, ``None`` when there is none.
        template_kwargs: extra template variables every render passes (``{"enable_thinking": False}``).
        bos_token, eos_token, pad_token: the family's special tokens, passed to the template as
            ``apply_chat_template`` passes a tokenizer's ``special_tokens_map``.
        special_tokens: every control string the family's text uses (turn markers, call markers); a tokenizer
            for the family adds them as single tokens, and spec text may not contain them.
        stop: strings that end an assistant turn in generated text (the evaluator stops there).
        response_template: the name of TRL's response template for parsing completions back
            (``trl.chat_template_utils.qwen3_template``), or ``None`` when :meth:`parse` is overridden.
        call_markers: strings that only a (possibly malformed) call contains; left in parsed content they make a
            completion malformed.
        call_frame: strings a call's region holds besides its arguments (Qwen3.5's ``</function>``), which the
            parser's strictness check allows.
        parallel_calls: ``"all"`` (a turn may hold several calls), ``"first"`` (the template silently keeps only
            the first: gpt-oss) or ``"none"`` (the template raises: Llama 3.x).
        shows_tools: whether the template shows the offered tools to the model (DeepSeek V3 does not).
        tool_role: the role tool results are rendered under in the text (``user`` for Qwen's
            ``<tool_response>`` blocks, ``ipython`` for Llama 3.x).
        arguments: how the inference template takes call arguments: ``"dict"`` or ``"json"`` (a JSON string;
            DeepSeek V3 concatenates them as text).
        training_arguments: the same for the training template.
        call_ids: whether tool calls carry ids and results the id they answer (Gemma 4 pairs results by id).
        dated: whether the template stamps the current date (``strftime_now``); the build's reference date is
            rendered so builds stay deterministic.
        shared_head: whether the template writes the system turn and the tool list (or the tool list alone, when
            there is no system turn) as a prefix that depends only on them and renders the rest alike without them,
            so a writer may render that prefix once per tool set (``compiler.writers.chat_template``); true for
            Qwen3's templates, proven on every bundled row, with and without its system turn.
    """

    name: ClassVar[str] = ""
    template: ClassVar[str | None] = None
    training_template: ClassVar[str | None] = None
    template_kwargs: ClassVar[Mapping[str, Any]] = {}
    bos_token: ClassVar[str | None] = None
    eos_token: ClassVar[str | None] = None
    pad_token: ClassVar[str | None] = None
    special_tokens: ClassVar[tuple[str, ...]] = ()
    stop: ClassVar[tuple[str, ...]] = ()
    response_template: ClassVar[str | None] = None
    call_markers: ClassVar[tuple[str, ...]] = ()
    call_frame: ClassVar[tuple[str, ...]] = ()
    parallel_calls: ClassVar[Literal["all", "first", "none"]] = "all"
    shows_tools: ClassVar[bool] = True
    tool_role: ClassVar[str] = "tool"
    arguments: ClassVar[Literal["dict", "json"]] = "dict"
    training_arguments: ClassVar[Literal["dict", "json"]] = "dict"
    call_ids: ClassVar[bool] = False
    dated: ClassVar[bool] = False
    shared_head: ClassVar[bool] = False

    def __repr__(self) -> str:
        return f"{type(self).__name__}(name={self.name!r})"

    # ------------------------------------------------------------------ templates

    def chat_template(self, training: bool = False) -> str:
        """The Jinja source of the inference template, or of the training template with ``training``.

        Raises:
            ValueError: the family has no such template (``training``: TRL ships no ``_training`` twin).
        """
        stem = self.training_template if training else self.template
        if stem is None:
            what = "training template (TRL ships no `_training` twin)" if training else "chat template"
            raise ValueError(f"family `{self.name}` has no {what}")
        return trl_template(stem)

    def has_training_template(self) -> bool:
        """Whether :meth:`chat_template` ``(training=True)`` has a template to return."""
        return self.training_template is not None

    def template_variables(self, today: _dt.date | None) -> dict[str, Any]:
        """The variables besides ``messages``/``tools`` a render passes: special tokens, ``template_kwargs`` and
        ``strftime_now`` bound to ``today`` (midnight), what ``apply_chat_template`` passes on that day."""
        out: dict[str, Any] = {}
        for key in ("bos_token", "eos_token", "pad_token"):
            value = getattr(self, key)
            if value is not None:
                out[key] = value
        out.update(self.template_kwargs)
        if today is not None:
            moment = _dt.datetime.combine(today, _dt.time())
            out["strftime_now"] = moment.strftime
        return out

    def render(self, messages: list[dict[str, Any]], tools: Sequence[Mapping[str, Any]] | None, *,
               add_generation_prompt: bool = False, training: bool = False, today: _dt.date | None = None,
               spans: bool = False) -> Rendered:
        """Renders template input exactly as ``tokenizer.apply_chat_template(..., tokenize=False)`` does.

        Args:
            messages: template input (:meth:`template_messages`); keys whose value is ``None`` must be absent
                (``apply_chat_template`` drops them).
            tools: OpenAI function tools; empty or ``None`` renders no tool list.
            add_generation_prompt: append the header of a new assistant turn.
            training: render with the training template.
            today: the reference date ``strftime_now`` renders.
            spans: also return the character spans of the ``{% generation %}`` blocks.

        Returns:
            the :class:`Rendered` text (and spans).

        Raises:
            jinja2.TemplateError: the template refuses the input (``raise_exception``).
            ValueError: no such template.
        """
        source = self.chat_template(training)
        variables = self.template_variables(today)
        tools = list(tools) if tools else None
        if not spans:  # the same text, written in Python where the template's exact text is known (.native)
            native = native_renderer(source)
            text = native(messages, tools, add_generation_prompt, variables) if native is not None else None
            if text is not None:
                return Rendered(text)
        compiled = _compile(source)
        if spans:
            from .jinja_env import render_with_generation_spans

            text, indices = render_with_generation_spans(compiled, messages=messages, tools=tools, documents=None,
                                                         add_generation_prompt=add_generation_prompt, **variables)
            return Rendered(text, tuple((int(s), int(e)) for s, e in indices))
        return Rendered(compiled.render(messages=messages, tools=tools, documents=None,
                                        add_generation_prompt=add_generation_prompt, **variables))

    # ------------------------------------------------------------------ records -> template input

    def unsupported(self, record: Record) -> str | None:
        """The construct of ``record`` this family cannot express, or ``None``.

        Returns:
            ``"parallel calls"`` when a turn holds several calls and the template keeps one or raises;
            ``"tool list"`` when tools are offered and the template never shows them.
        """
        if not self.shows_tools and record.tools:
            return "tool list"
        if self.parallel_calls != "all":
            for part in (record.messages, record.chosen, record.rejected):
                if any(len(m.tool_calls) > 1 and m.raw is None for m in part):
                    return "parallel calls"
        return None

    def template_messages(self, messages: Sequence[Message], training: bool = False,
                          ids: CallIds | None = None) -> list[dict[str, Any]]:
        """Converts canonical messages to this family's template input, and only as far as it needs.

        Tool calls become ``{"type": "function", "function": {"name", "arguments"}}`` with arguments a dict or a
        JSON string (:attr:`arguments` / :attr:`training_arguments`), plus ``"id"`` (``call_<k>`` counted across
        the conversation) when :attr:`call_ids`, with ``tool_call_id`` on the results (answered in call order).
        A call-only assistant turn has ``""`` content. A malformed answer (``format`` perturbation) is plain
        assistant text in the family's own syntax (:meth:`malformed`); other ``raw`` text stays as it is.

        Args:
            messages: canonical messages, in order.
            training: convert for the training template.
            ids: the call ids issued so far and not yet answered, updated in place (an RM row's answers each
                continue a :meth:`CallIds.copy` of the prompt's); ``None`` starts a new conversation.

        Returns:
            list of message dicts with ``role``, ``content`` and, where present, ``tool_calls``, ``name``,
            ``tool_call_id``.
        """
        as_json = (self.training_arguments if training else self.arguments) == "json"
        ids = ids if ids is not None else CallIds()
        out: list[dict[str, Any]] = []
        for m in messages:
            if m.malformed is not None:
                out.append({"role": m.role, "content": self.malformed(m.malformed)})
                continue
            if m.raw is not None:
                out.append({"role": m.role, "content": m.raw})
                continue
            d: dict[str, Any] = {"role": m.role, "content": m.content}
            if m.tool_calls:
                calls = []
                for c in m.tool_calls:
                    call: dict[str, Any] = {"type": "function",
                                            "function": {"name": c.name,
                                                         "arguments": dumps(c.arguments) if as_json else c.arguments}}
                    if self.call_ids:
                        call["id"] = ids.issue()
                    calls.append(call)
                d["tool_calls"] = calls
            if m.name is not None:
                d["name"] = m.name
            if m.role == "tool" and self.call_ids:
                answered = ids.answer()
                if answered is not None:
                    d["tool_call_id"] = answered
            out.append(d)
        return out

    # ------------------------------------------------------------------ malformed calls

    def call_body(self, call: ToolCall) -> str:
        """The JSON object a call is written as inside its markers (Hermes style: ``{"name", "arguments"}``)."""
        return dumps({"name": call.name, "arguments": call.arguments})  # json.dumps(..., ensure_ascii=False), built once

    def wrap_call(self, body: str) -> str:
        """Puts a call body between the family's call markers (Hermes: ``<tool_call>\\n...\\n</tool_call>``)."""
        return f"<tool_call>\n{body}\n</tool_call>"

    def malformed(self, bad: Malformed) -> str:
        """A malformed call in this family's own syntax: the text of a ``format``-perturbed answer.

        The default writes :meth:`call_body` between :meth:`wrap_call`'s markers and breaks it per
        :data:`MALFORMED_STYLES`; families whose calls are not a JSON body override it.

        Args:
            bad: the style and the intended call.

        Returns:
            the text; :meth:`parse` reports it as malformed (tested for every family).
        """
        call = bad.call
        body = self.call_body(call)
        if bad.style == "unbalanced":
            return self.wrap_call(body[:-1])
        if bad.style == "quotes":
            return self.wrap_call(body.replace('"', "'"))
        args = ", ".join(f"{k}={json.dumps(v, ensure_ascii=False)}" for k, v in call.arguments.items())
        return self.wrap_call(f"{call.name}({args})")

    # ------------------------------------------------------------------ parsing back

    def terminate(self, text: str) -> str:
        """A completion as the response parser expects it: cut after its first stop string, or, where decoding
        dropped it (``skip_special_tokens``) or generation ran out, with the family's first stop string appended
        (response templates close the last call on the end-of-turn marker)."""
        cut = min(((k, s) for s in self.stop if (k := text.find(s)) >= 0), default=None)
        if cut is not None:
            return text[: cut[0] + len(cut[1])]
        return text + self.end_of_turn(text)

    def end_of_turn(self, text: str) -> str:
        """The marker that ends an assistant turn like ``text`` (the first stop string)."""
        return self.stop[0] if self.stop else ""

    def parse(self, text: str, prefix: str = "", tools: Sequence[Mapping[str, Any]] | None = None) -> Any:
        """Parses a completion of this family into calls (see :mod:`compiler.families.parse`).

        Args:
            text: what the model generated after the prompt.
            prefix: the prompt text (templates that pre-write part of the answer need it).
            tools: the offered tools (argument types, where the call syntax loses them).

        Returns:
            a :class:`compiler.checker.parse.ParsedTurn`.
        """
        from toolc.compiler.families.parse import parse_with_template

        return parse_with_template(self, text, prefix, tools)
