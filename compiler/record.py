"""Records stage: the one canonical conversation record that expansion produces and every writer renders.

A :class:`Record` is format-neutral: messages carry tool calls as ``{name, arguments}`` with
``arguments`` a JSON-able ``dict``; the offered tools are OpenAI function-tool definitions
(``{"type": "function", "function": {"name", "description", "parameters"}}``, the shape that
``transformers``' ``apply_chat_template(tools=...)`` and the OpenAI chat API take). Writers in
:mod:`compiler.writers` turn one record into one row of one format; nothing else renders.

The classes are ``dataclasses`` with ``slots`` rather than pydantic models: a build makes hundreds of
thousands of them per second and they are never parsed from untrusted input (the spec was validated by
then), so validation would be pure overhead. They are values: nothing assigns to a field after
construction (build a new one instead). They are not ``frozen`` because a frozen dataclass's ``__init__``
sets each field through ``object.__setattr__``, about four times slower, which cost ~10% of the record
stream; being mutable, they are also unhashable.

Dataset kinds:

* ``sft`` -- ``messages`` is the whole conversation (system, user, assistant tool calls, tool results,
  assistant replies, follow-ups).
* ``rm`` -- ``messages`` is the prompt (everything before one assistant decision), ``chosen`` the right
  assistant turn, ``rejected`` a labelled perturbation of it (``perturbation``; ``hard`` when it is a
  schema-valid near miss, see :mod:`compiler.pairs`), following TRL's preference format
  (https://huggingface.co/docs/trl/dataset_formats#preference).
* every kind -- ``expects`` lists, for each assistant message of ``messages`` (SFT) in order, what that turn
  does: ``call`` (tool calls), ``clarify`` (asks for a missing required argument) or ``none`` (a reply
  with no call: smalltalk, or the answer after tool results). Evaluation reads it.
* ``ppo`` -- ``messages`` is the prompt; ``expected`` holds the exact calls of the next assistant turn (empty
  when no call is due), ``expect`` says what kind of turn is due and ``truth`` what a verifier checks
  (:class:`compiler.checker.truth.TurnTruth`: acceptable values per argument, the missing parameter, the
  values to restate, the facts to mention). SFT records carry one ``truths`` entry per assistant turn.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from json.encoder import c_make_encoder, encode_basestring
from typing import TYPE_CHECKING, Any, Callable, Iterable, Literal

from orjson import dumps as _orjson_dumps

from toolc.vocab import Expect, Kind, Split

if TYPE_CHECKING:
    from toolc.compiler.checker.truth import TurnTruth

Role = Literal["system", "user", "assistant", "tool"]


@dataclass(slots=True)
class ToolCall:
    """One tool call: the tool's name and its arguments (JSON-able values, keys in parameter order)."""

    name: str
    arguments: dict[str, Any]

    def to_json(self) -> dict[str, Any]:
        """Returns ``{"name": ..., "arguments": {...}}``, the shape Qwen's ``<tool_call>`` body uses."""
        return {"name": self.name, "arguments": self.arguments}


#: The ways a ``format`` perturbation breaks a call, in the order the perturbation draws them: the call body loses
#: its last closing brace; JSON written with Python-style single quotes; the arguments written as a call
#: expression ``name(key=value)`` instead of the format's own syntax.
MALFORMED_STYLES: tuple[str, ...] = ("unbalanced", "quotes", "call_expr")


@dataclass(frozen=True, slots=True)
class Malformed:
    """A format-neutral description of a malformed call (the RM ``format`` perturbation).

    Each model family writes it in its own call syntax (``compiler.families``: ``Family.malformed``), so a
    Llama set's negative looks like a broken Llama call, never like Qwen syntax.

    Attributes:
        style: one of :data:`MALFORMED_STYLES`.
        call: the call the model meant to make.
    """

    style: str
    call: ToolCall


@dataclass(slots=True)
class Message:
    """One chat message.

    Attributes:
        role: ``system`` | ``user`` | ``assistant`` | ``tool``.
        content: the text; ``""`` for an assistant turn that only calls tools. A tool message's content is
            the tool result as compact JSON text (``json.dumps(result, ensure_ascii=False)``).
        tool_calls: the calls of an assistant turn, in order (several = parallel calls).
        name: for a ``tool`` message, the name of the tool whose result it carries.
        raw: for a malformed assistant answer (RM ``format`` perturbation) the literal text the model
            would have produced in place of the calls, in the default family's syntax (Qwen3's
            ``<tool_call>``); writers without a family of their own render it verbatim instead of ``tool_calls``.
        malformed: for the same answer, what was broken and which call (:class:`Malformed`); a chat-template
            writer writes it in its own family's syntax instead of ``raw``.
    """

    role: Role
    content: str = ""
    tool_calls: tuple[ToolCall, ...] = ()
    name: str | None = None
    raw: str | None = None
    malformed: Malformed | None = None


@dataclass(slots=True)
class Provenance:
    """Where a row came from, so any row can be traced to the spec line that made it.

    Attributes:
        file: the spec file, relative to the spec tree (``dsl.load.spec_name``).
        line: 1-based line of the ``scenario`` declaration.
        scenario: scenario name (``weather.single``).
        template: which user-utterance alternative(s) were chosen, e.g. ``"u0.2"`` or ``"u0.1+u1.0"``.
        seed: the row's own 64-bit seed (derived from dataset seed, scenario name and row index).
        dataset: the ``dataset`` block's name.
    """

    file: str
    line: int
    scenario: str
    template: str
    seed: int
    dataset: str


@dataclass(slots=True)
class Record:
    """The canonical record every writer renders. See the module docstring for the three kinds."""

    kind: Kind
    id: str
    messages: tuple[Message, ...]
    tools: tuple[dict[str, Any], ...]
    provenance: Provenance
    split: Split = "train"
    chosen: tuple[Message, ...] = ()
    rejected: tuple[Message, ...] = ()
    perturbation: str | None = None
    #: ``rm``: the rejected answer is a schema-valid near miss (``compiler.pairs``)
    hard: bool = False
    expected: tuple[ToolCall, ...] = ()
    expect: Expect | None = None
    expects: tuple[Expect, ...] = ()
    #: ``ppo``: the verifiable ground truth of the next turn; ``sft``: one per assistant turn (``expects`` order), a
    #: call turn's without its gold calls (the turn shows them; ``ground_truth.turn_truth(..., calls=False)``)
    truth: TurnTruth | None = None
    truths: tuple[TurnTruth, ...] = ()
    meta: dict[str, Any] = field(default_factory=dict)

    @property
    def tool_names(self) -> list[str]:
        """Names of the offered tools, in offered order."""
        return [t["function"]["name"] for t in self.tools]


def messages_to_template_input(messages: tuple[Message, ...] | list[Message]) -> list[dict[str, Any]]:
    """Converts messages to the list-of-dicts input of ``tokenizer.apply_chat_template``.

    Tool calls become ``{"type": "function", "function": {"name", "arguments": dict}}`` (arguments as a dict:
    Qwen2.5's template applies ``tojson`` to them). ``raw`` messages become plain assistant text.

    Returns:
        list of message dicts with ``role``, ``content`` and, where present, ``tool_calls`` / ``name``.
    """
    out: list[dict[str, Any]] = []
    for m in messages:
        if m.raw is not None:
            out.append({"role": m.role, "content": m.raw})
            continue
        d: dict[str, Any] = {"role": m.role, "content": m.content}
        if m.tool_calls:
            d["tool_calls"] = [
                {"type": "function", "function": {"name": c.name, "arguments": c.arguments}} for c in m.tool_calls
            ]
        if m.name is not None:
            d["name"] = m.name
        out.append(d)
    return out


def _compact_encoder() -> Callable[[Any], str]:
    """The function behind :func:`dumps`: the standard library's C encoder, built once.

    ``json.dumps(value, ensure_ascii=False)`` builds a ``JSONEncoder`` and its C encoder on every call, which
    costs more than encoding the small objects (arguments, results) a build encodes by the million. This
    builds the same C encoder once (``json.encoder.c_make_encoder`` with the arguments
    ``JSONEncoder.iterencode`` passes), without a circular-reference check (JSON values made by toolc are
    trees). Where that encoder is missing or encodes a probe differently (another Python), a shared
    ``JSONEncoder`` is used instead; the text is the same either way.
    """
    reference = json.JSONEncoder(ensure_ascii=False)
    probe = {"a": [1, 2.5, -0.0, 1e300, True, None, "é\n\"\\\x01"], "b": {}}
    try:
        encode = c_make_encoder(None, reference.default, encode_basestring, None, reference.key_separator,
                                reference.item_separator, reference.sort_keys, reference.skipkeys,
                                reference.allow_nan)
        if "".join(encode(probe, 0)) == reference.encode(probe):
            return lambda value: "".join(encode(value, 0))
    except TypeError:  # pragma: no cover - c_make_encoder is None, or takes other arguments
        pass
    return reference.encode  # pragma: no cover


_encode = _compact_encoder()


def dumps(value: Any) -> str:
    """Compact, deterministic JSON text used for every JSON-in-a-string column: ``json.dumps(value,
    ensure_ascii=False)`` exactly (``", "`` and ``": "`` separators, non-ASCII text unescaped)."""
    return _encode(value)


def message_fields(m: Message) -> list:
    """A message as JSON-ready fields: ``[role, content, [[tool, arguments], ...], name, raw, malformed]``
    (``malformed``: ``None`` or ``[style, tool, arguments]``). The cache's record lines (:mod:`compiler.cache`) and
    :func:`content_json` hold messages in this shape."""
    mal = m.malformed
    return [m.role, m.content, [[c.name, c.arguments] for c in m.tool_calls] if m.tool_calls else [], m.name, m.raw,
            None if mal is None else [mal.style, mal.call.name, mal.call.arguments]]


def message_from_fields(x: list) -> Message:
    """The message :func:`message_fields` gave ``x`` for (its inverse)."""
    mal = None if x[5] is None else Malformed(x[5][0], ToolCall(x[5][1], x[5][2]))
    return Message(x[0], x[1], tuple([ToolCall(n, a) for n, a in x[2]]), x[3], x[4], mal)


def content_json(rec: Record) -> bytes:
    """Everything a row shows, as compact JSON (orjson): ``[messages, offered tool names, chosen, rejected, expected
    calls]``, messages as :func:`message_fields`. What :func:`compiler.generate.content_key` hashes and the cache's
    record line embeds (:func:`compiler.cache.encode_record`): made once per row for both.

    Raises:
        TypeError: a value JSON cannot hold (orjson's ``JSONEncodeError``, e.g. an integer beyond 64 bits).
    """
    return _orjson_dumps([[message_fields(m) for m in rec.messages], [t["function"]["name"] for t in rec.tools],
                          [message_fields(m) for m in rec.chosen], [message_fields(m) for m in rec.rejected],
                          [[c.name, c.arguments] for c in rec.expected]])


_SHARED_JSON: dict[int, tuple[Any, str]] = {}


def shared_json(value: Any) -> str:
    """``dumps(value)`` for a value a build shares between rows and never changes (a tool definition, its function
    object), cached by identity: the entry keeps the value alive, so an identity is never reused for another."""
    hit = _SHARED_JSON.get(id(value))
    if hit is None or hit[0] is not value:
        if len(_SHARED_JSON) > 65_536:
            _SHARED_JSON.clear()
        hit = _SHARED_JSON[id(value)] = (value, dumps(value))
    return hit[1]


def json_list(texts: Iterable[str]) -> str:
    """The JSON text of a list, from its items' JSON texts (each :func:`dumps`' text): ``dumps([a, b])`` equals
    ``json_list([dumps(a), dumps(b)])`` (``", "`` between items), so items encoded once (:func:`shared_json`, a
    remembered truth) are joined, not encoded again."""
    return "[" + ", ".join(texts) + "]"
