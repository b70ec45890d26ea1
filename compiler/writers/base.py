"""Writers stage, shared part: the :class:`Writer` base every format implements (``Record`` -> one row).

A writer is a small object with a ``name``, a fixed ``datasets.Features`` schema per dataset kind
(:meth:`Writer.features`) and a pure :meth:`Writer.render` that turns one canonical
:class:`~compiler.record.Record` into one row conforming to that schema. Subclasses only describe
their own *body* columns (``text``, ``messages``, ``prompt``/``chosen``/``rejected``, ...); the
columns every format shares are added here, once:

* kind columns -- ``sft``: ``expects`` (JSON list, one entry per assistant turn) and ``truth`` (JSON list, what
  each turn must do beyond its calls: :meth:`compiler.checker.truth.TurnTruth.to_json` without calls); ``rm``:
  ``perturbation`` and ``hard`` (bool: the rejected answer is a schema-valid near miss, :mod:`compiler.pairs`);
  ``ppo``: ``ground_truth`` (JSON object, :meth:`TurnTruth.to_json`: acceptable values per argument, the missing
  parameter, ...) and ``expect`` (``compiler.vocab.EXPECTS``);
* metadata columns -- ``id``, ``scenario``, ``template``, ``source`` (``"path:line"``), ``split``.

Column order is body, kind columns, metadata, and every row dict is built in that order, so the
Arrow schema and the JSON key order agree. The contract lives in ``docs/formats.md``
("Dataset files contract").
"""

from __future__ import annotations

import abc
import functools
from collections import deque
from typing import Any, Callable

from toolc.compiler.writers.features import Features, Value

from toolc.compiler.record import Message, Record, ToolCall, dumps, json_list, shared_json
from toolc.errors import RenderError
from toolc.vocab import KINDS, Expect, Kind

__all__ = [
    "META_COLUMNS",
    "PendingCalls",
    "Writer",
    "expect_of",
    "function_lines",
    "functions_json",
    "functions_of",
    "ground_truth_json",
    "ground_truth_of",
    "is_call_turn",
    "kind_columns",
    "meta_columns",
    "string_features",
]

#: Metadata columns carried by every row of every format, in column order.
META_COLUMNS: tuple[str, ...] = ("id", "scenario", "template", "source", "split")


def string_features(*names: str) -> dict[str, Value]:
    """Returns ``{name: Value("string")}`` for each name, in order.

    Args:
        *names: column names.

    Returns:
        an ordered mapping usable as (part of) a ``datasets.Features``.
    """
    return {n: Value("string") for n in names}


def _kind_features(kind: Kind) -> dict[str, Value]:
    if kind == "rm":
        return {**string_features("perturbation"), "hard": Value("bool")}
    if kind == "ppo":
        return string_features("ground_truth", "expect")
    if kind == "sft":
        return string_features("expects", "truth")
    raise ValueError(f"unknown dataset kind `{kind}`; expected one of {', '.join(KINDS)}")


def meta_columns(record: Record) -> dict[str, str]:
    """The metadata columns of a row.

    Args:
        record: the record being rendered.

    Returns:
        ``{"id", "scenario", "template", "source", "split"}``; ``source`` is the spec file of the scenario,
        relative to the spec tree (see :class:`compiler.record.Provenance`). The line is left out: a row
        must not change when lines above its scenario move (a comment added, ``toolc fmt``), and the
        scenario's name, unique in the build, already points at it.
    """
    p = record.provenance
    return {
        "id": record.id,
        "scenario": p.scenario,
        "template": p.template,
        "source": p.file,
        "split": record.split,
    }


def expect_of(record: Record) -> Expect:
    """What kind of assistant turn a PPO prompt is due: ``record.expect``, else derived from ``expected``.

    Args:
        record: a ``ppo`` record.

    Returns:
        ``"call" | "none" | "clarify"``; when the record leaves ``expect`` unset it is ``"call"`` if
        ground-truth calls exist, else ``"none"``.
    """
    if record.expect is not None:
        return record.expect
    return "call" if record.expected else "none"


def ground_truth_of(record: Record) -> dict[str, Any]:
    """The ground truth of a PPO record as a JSON object: :meth:`TurnTruth.to_json` of ``record.truth``; a record
    built without one (by hand) gets the exact calls as the only acceptable values (``{"expect", "no_call",
    "calls"}``)."""
    if record.truth is not None:
        return record.truth.to_json()
    calls = [{"name": c.name, "arguments": {k: [v] for k, v in c.arguments.items()}} for c in record.expected]
    expect = expect_of(record)
    return {"expect": expect, "no_call": expect != "call", **({"calls": calls} if calls else {})}


def ground_truth_json(record: Record) -> str:
    """The ``ground_truth`` column: compact JSON text of :func:`ground_truth_of` (:func:`compiler.record.dumps`)."""
    return dumps(ground_truth_of(record))


def kind_columns(record: Record) -> dict[str, Any]:
    """The kind-specific columns shared by every format (see the module docstring).

    Args:
        record: the record being rendered.

    Returns:
        ``{"expects", "truth"}`` for ``sft`` (JSON lists, one entry per assistant turn, in order: what the turn
        does and what it must say -- evaluation reads both); ``{"perturbation", "hard"}`` for ``rm`` (``""`` when
        the record has no label; ``hard``: the rejected answer is a schema-valid near miss, :mod:`compiler.pairs`);
        ``{"ground_truth", "expect"}`` for ``ppo``.
    """
    last = _LAST_KIND_COLUMNS
    if last[0] is record:  # the same record rendered by the build's next format: the same columns
        return last[1]
    if record.kind == "rm":
        out = {"perturbation": record.perturbation or "", "hard": bool(record.hard)}
    elif record.kind == "ppo":
        out = {"ground_truth": ground_truth_json(record), "expect": expect_of(record)}
    else:
        out = {"expects": _expects_json(record.expects),
               "truth": json_list([_truth_text(t) for t in record.truths])}
    last[:] = [record, out]
    return out


#: The last record :func:`kind_columns` saw and its columns: a build renders each record in every format in turn
#: (``compiler.shards.compute``), and the JSON of its truths (~5 us a record) is the same in all of them. Records
#: are not changed once made; callers only read the dict (``row.update``).
_LAST_KIND_COLUMNS: list[Any] = [None, None]


#: ``TurnTruth -> its JSON text`` without calls (an SFT row's ``truth`` items): the truths of calls, of clarifying
#: questions and of answers quoting the same facts repeat from row to row. Bounded: cleared when full.
_TRUTH_TEXT: dict[Any, str] = {}


def _truth_text(truth: Any) -> str:
    """``dumps(truth.to_json(with_calls=False))``, remembered by value (:data:`_TRUTH_TEXT`)."""
    text = _TRUTH_TEXT.get(truth)
    if text is None:
        if len(_TRUTH_TEXT) >= 4096:
            _TRUTH_TEXT.clear()
        text = _TRUTH_TEXT[truth] = dumps(truth.to_json(with_calls=False))
    return text


@functools.lru_cache(maxsize=1024)
def _expects_json(expects: tuple[Expect, ...]) -> str:
    """The ``expects`` column (cached: a build has few distinct turn sequences)."""
    return dumps(list(expects))


def functions_of(tools: tuple[dict[str, Any], ...] | list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The bare function objects ``{"name", "description", "parameters"}`` of OpenAI function tools.

    Args:
        tools: ``({"type": "function", "function": {...}}, ...)`` as in ``Record.tools``.

    Returns:
        the ``function`` member of each tool, in offered order (the objects themselves, not copies).
    """
    return [t["function"] for t in tools]


def function_lines(tools: tuple[dict[str, Any], ...] | list[dict[str, Any]]) -> str:
    """The offered tools as JSON lines: one compact function object per line, in offered order.

    Used where a plain-text format must tell the model its tools (``qwen-fc`` system message, ``alpaca``
    input).

    Args:
        tools: ``Record.tools``.

    Returns:
        ``"\\n".join(dumps(function) for each tool)``; ``""`` for no tools (each function's JSON made once a build:
        :func:`compiler.record.shared_json`).
    """
    return "\n".join(_function_texts(tools))


def functions_json(tools: tuple[dict[str, Any], ...] | list[dict[str, Any]]) -> str:
    """``dumps(functions_of(tools))``: the offered tools' function objects as one JSON list (the ``functions`` column
    of ``openai-functions``, the ``tools`` column of ``llamafactory``), joined from each function's JSON, made once
    a build (:func:`compiler.record.shared_json`)."""
    return json_list(_function_texts(tools))


def _function_texts(tools: tuple[dict[str, Any], ...] | list[dict[str, Any]]) -> list[str]:
    return [shared_json(t["function"]) for t in tools]


#: RM rows a writer keeps rendered (:meth:`Writer._rm_row`): more than the candidates of one RM row.
RM_ROWS_KEPT = 32


class Writer(abc.ABC):
    """One output format: a fixed schema per kind and a record -> row renderer.

    Subclasses set :attr:`name` and implement :meth:`body_features`, :meth:`render_sft`,
    :meth:`render_rm` and :meth:`render_ppo`; they return only their body columns. A writer holds no
    per-row state, so one instance may render any number of records (and rows depend only on the
    record: deterministic).
    """

    #: The registered format name (``qwen``, ``openai``, ...).
    name: str = ""
    #: Rows carry only the body columns (no kind or metadata columns): for files a service validates strictly
    #: (OpenAI's fine-tuning API rejects unknown keys).
    bare: bool = False
    #: The RM row's columns holding the chosen and the rejected answer (:meth:`rm_answers`).
    rm_columns: tuple[str, str] = ("chosen", "rejected")

    def extra_files(self, kind: Kind, splits: dict[str, int]) -> dict[str, str]:
        """Files the format writes beside a kind's split files, once they are written (a loader's config).

        Args:
            kind: ``"sft" | "rm" | "ppo"``.
            splits: rows written per split (``{"train": n, "test": m}``).

        Returns:
            file name (inside ``{kind}/{format}/``) -> UTF-8 text; ``{}`` by default.
        """
        return {}

    @abc.abstractmethod
    def body_features(self, kind: Kind) -> dict[str, Any]:
        """The format's own columns for ``kind``, in column order.

        Args:
            kind: ``"sft" | "rm" | "ppo"``.

        Returns:
            an ordered mapping of column name to ``datasets`` feature type.
        """

    @abc.abstractmethod
    def render_sft(self, record: Record) -> dict[str, Any]:
        """Body columns of an ``sft`` row (the whole conversation)."""

    @abc.abstractmethod
    def render_rm(self, record: Record) -> dict[str, Any]:
        """Body columns of an ``rm`` row (prompt, chosen and rejected continuation)."""

    @abc.abstractmethod
    def render_ppo(self, record: Record) -> dict[str, Any]:
        """Body columns of a ``ppo`` row (the prompt, in the format's shape)."""

    def rm_answers(self, record: Record) -> tuple[Any, Any]:
        """The chosen and the rejected answer of an ``rm`` record as this format writes them (the pair sampler
        refuses a pair whose two answers read the same in some format).

        Raises:
            LeftOut: the format cannot express the record.
        """
        row = self._rm_row(record)
        return row[self.rm_columns[0]], row[self.rm_columns[1]]

    def _rm_row(self, record: Record) -> dict[str, Any]:
        """``render_rm(record)``, kept for the last :data:`RM_ROWS_KEPT` records by identity: the pair sampler renders
        every candidate pair of an RM row (:meth:`rm_answers`), then the build writes the one it took (:meth:`render`),
        which rendered it a second time in every format (a chat template renders the conversation three times)."""
        memo = self.__dict__.get("_rm_rows")
        if memo is None:
            memo = self._rm_rows = {}
        hit = memo.get(id(record))
        if hit is not None and hit[0] is record:
            return hit[1]
        row = self.render_rm(record)
        if len(memo) >= RM_ROWS_KEPT:
            del memo[next(iter(memo))]
        memo[id(record)] = (record, row)
        return row

    def tool_columns(self, kind: Kind) -> dict[str, Callable[[tuple[dict[str, Any], ...]], Any]]:
        """The columns of a ``kind`` row that are a function of the offered tools' definitions alone
        (``Record.tools``), with that function; ``{}`` (the default): none is.

        A writer that names columns here promises that nothing else in its rows, nor whether it leaves a record
        out (:class:`~compiler.writers.chat_template.LeftOut`), depends on the definitions: an incremental build
        then replaces only these columns of a kept row whose offered tools changed (:mod:`compiler.reuse`).
        ``tests/test_incremental.py`` checks the promise on every bundled record.
        """
        return {}

    def features(self, kind: Kind) -> Features:
        """The fixed schema of every row of ``kind`` in this format.

        Args:
            kind: ``"sft" | "rm" | "ppo"``.

        Returns:
            ``datasets.Features``: body columns, then kind columns (``rm``: ``perturbation``, ``hard``;
            ``ppo``: ``ground_truth``, ``expect``), then ``id``, ``scenario``, ``template``,
            ``source``, ``split`` -- all strings except structured message columns.

        Raises:
            ValueError: for an unknown kind.
        """
        if self.bare:
            return Features(self.body_features(kind))
        kind_part = _kind_features(kind)
        return Features({**self.body_features(kind), **kind_part, **string_features(*META_COLUMNS)})

    def render(self, record: Record) -> dict[str, Any]:
        """Renders one record as one row of this format.

        Args:
            record: the canonical record; its ``kind`` selects the schema.

        Returns:
            a dict whose keys are exactly ``self.features(record.kind)`` in that order.

        Raises:
            RenderError: when the record is internally inconsistent for this format.
            ValueError: for an unknown kind.
        """
        kind = record.kind
        if kind == "sft":
            row = self.render_sft(record)
        elif kind == "rm":
            row = dict(self._rm_row(record))
        elif kind == "ppo":
            row = self.render_ppo(record)
        else:
            raise ValueError(f"unknown dataset kind `{kind}`; expected one of {', '.join(KINDS)}")
        if self.bare:
            return row
        row.update(kind_columns(record))
        row.update(meta_columns(record))
        return row

    def __repr__(self) -> str:
        return f"{type(self).__name__}(name={self.name!r})"


def is_call_turn(message: Message) -> bool:
    """Whether ``message`` is an assistant turn rendered as tool calls (has calls and no ``raw`` text)."""
    return message.role == "assistant" and message.raw is None and bool(message.tool_calls)


class PendingCalls:
    """Pairs tool results with the calls they answer: calls are answered in the order they were made.

    Call ids are deterministic, ``call_0``, ``call_1``, ... counted across one conversation (the
    ``openai`` contract in ``docs/formats.md``). For RM rows the prompt's state is
    :meth:`copy`-ed so that ``chosen`` and ``rejected`` each continue the prompt's numbering.

    Args:
        record_id: the record's id, for error messages.
    """

    __slots__ = ("_queue", "next_index", "record_id")

    def __init__(self, record_id: str) -> None:
        self.record_id = record_id
        self.next_index = 0
        self._queue: deque[tuple[str, str]] = deque()

    def copy(self) -> PendingCalls:
        """An independent copy (same counter, same unanswered calls)."""
        other = PendingCalls(self.record_id)
        other.next_index = self.next_index
        other._queue = deque(self._queue)
        return other

    def issue(self, call: ToolCall) -> str:
        """Registers a call and returns its id (``call_<k>``)."""
        call_id = f"call_{self.next_index}"
        self.next_index += 1
        self._queue.append((call_id, call.name))
        return call_id

    def answer(self, message: Message) -> tuple[str, str]:
        """Matches a ``tool`` message with the oldest unanswered call.

        Args:
            message: a ``tool`` message; its ``name``, when set, must be the called tool's name.

        Returns:
            ``(call_id, tool_name)`` of the answered call.

        Raises:
            RenderError: when no call is waiting for a result, or the result names another tool.
        """
        if not self._queue:
            raise RenderError(
                f"record `{self.record_id}`: tool result (name={message.name!r}) answers no pending tool call"
            )
        call_id, name = self._queue.popleft()
        if message.name is not None and message.name != name:
            raise RenderError(
                f"record `{self.record_id}`: tool result for `{message.name}` where the result of `{name}` "
                f"({call_id}) is due; tool results must follow their calls in call order"
            )
        return call_id, name
