"""Training stage, data: a compiled dataset directory (``toolc build -o DIR``) -> TRL-shaped ``datasets.Dataset``s.

The directory layout and row shapes are the dataset files contract (``docs/training.md``, "Dataset files"):
``DIR/manifest.json`` and ``DIR/{sft,rm,ppo}/{FORMAT}/{train,test}.{jsonl,parquet}``. The trainers read the
``openai`` format, which is also TRL's conversational format
(https://huggingface.co/docs/trl/dataset_formats#conversational), after two repairs that a chat template needs:

* tool-call ``arguments`` are JSON *strings* in the files (one Arrow schema per file) and become ``dict``s here,
  because Qwen2.5's template applies ``tojson`` to them (a string would be double-encoded);
* keys whose value is ``null`` (``tool_calls``, ``tool_call_id``, ``name`` on messages that do not use them) are
  dropped, and a ``null`` ``content`` becomes ``""``, because templates test ``message.tool_calls`` for truth and
  concatenate ``message.content``.

Conversations, tools and ground-truth calls differ in shape from row to row, so they are stored with the
``datasets.Json`` feature: every row decodes back to exactly the Python objects it was built from (no keys filled in
with ``None``, key order kept, numbers exact). Caveat: a later ``Dataset.map`` that *returns* such a column re-encodes
it with pandas' ujson, which rounds floats to 10 decimals; map to new columns instead of rewriting these.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from datasets import Dataset, Features, Json, List, Value

from toolc.compiler.stats import json_object, load_manifest
from toolc.errors import DatasetDirError, on_path
from toolc.vocab import Kind, Split


#: The format the trainers read (OpenAI chat fine-tuning format = TRL conversational format).
TRAIN_FORMAT = "openai"
#: The format whose ``text`` column is the tiny model's tokenizer corpus (Qwen chat template text).
TEXT_FORMAT = "qwen"
#: File extensions a build may write, in the order they are tried.
EXTENSIONS: tuple[str, ...] = ("jsonl", "parquet")
#: Metadata columns every row carries (dataset files contract).
META_COLUMNS: tuple[str, ...] = ("id", "scenario", "template", "source", "split")

_CONVERSATION = List(Json())


def read_manifest(data_dir: str | Path) -> dict[str, Any]:
    """Reads ``DIR/manifest.json``, the marker of a ``toolc build`` output directory.

    Args:
        data_dir: the directory given to ``toolc build -o``.

    Returns:
        The parsed manifest (whatever ``toolc build`` recorded: dataset name, seed, formats, counts, ...).

    Raises:
        NotABuildError: the directory does not exist or has no ``manifest.json``.
        DataError: the manifest is not a JSON object.
    """
    return load_manifest(Path(data_dir))


def dataset_file(data_dir: str | Path, kind: Kind, split: Split, fmt: str = TRAIN_FORMAT) -> Path:
    """Finds ``DIR/{kind}/{fmt}/{split}.{jsonl,parquet}`` (``jsonl`` preferred).

    Args:
        data_dir: a ``toolc build`` output directory.
        kind: ``sft``, ``rm`` or ``ppo``.
        split: ``train`` or ``test``.
        fmt: dataset format directory name (``openai``, ``qwen``, ...).

    Returns:
        Path of the existing file.

    Raises:
        DatasetDirError: not a toolc build, or the kind/format/split was not built (the message says which formats
            the build has, and which flag adds the missing one).
    """
    read_manifest(data_dir)
    root = Path(data_dir)
    fmt_dir = root / kind / fmt
    if not fmt_dir.is_dir():
        have = sorted(p.name for p in (root / kind).iterdir() if p.is_dir()) if (root / kind).is_dir() else []
        hint = f"it has {', '.join(have)}" if have else f"it has no {kind} datasets"
        raise DatasetDirError(
            f"`{root}` lacks the `{fmt}` format for {kind} ({hint}); rebuild with `toolc build ... --format {fmt}`"
        )
    for ext in EXTENSIONS:
        path = fmt_dir / f"{split}.{ext}"
        if path.is_file():
            return path
    raise DatasetDirError(f"`{fmt_dir}` has no {split} split ({split}.jsonl or {split}.parquet)")


def read_rows(path: str | Path) -> list[dict[str, Any]]:
    """Reads every row of one dataset file.

    Args:
        path: a ``.jsonl`` (one JSON object per line, blank lines ignored) or ``.parquet`` file.

    Returns:
        The rows as dicts, in file order.

    Raises:
        DatasetDirError: the file cannot be read, is not UTF-8 or not Parquet, or a line is not a JSON object.
    """
    path = Path(path)
    if path.suffix == ".parquet":
        import pyarrow as pa
        import pyarrow.parquet as pq

        with on_path(path, "read", DatasetDirError):
            try:
                return pq.read_table(path).to_pylist()
            except pa.ArrowException as exc:
                raise DatasetDirError(f"{path}: not a readable Parquet file ({exc})") from None
    rows: list[dict[str, Any]] = []
    with on_path(path, "read", DatasetDirError), path.open(encoding="utf-8") as fh:
        lineno = 0
        try:
            for lineno, line in enumerate(fh, 1):
                if line.strip():
                    rows.append(json_object(line, f"{path}:{lineno}", DatasetDirError))
        except UnicodeDecodeError:
            raise DatasetDirError(f"{path}:{lineno + 1}: not UTF-8 text") from None
    return rows


def _loads_if_str(value: Any) -> Any:
    """Decodes a JSON-in-a-string column value; other values pass through."""
    return json.loads(value) if isinstance(value, str) else value


def normalize_tool_call(call: dict[str, Any]) -> dict[str, Any]:
    """Makes one OpenAI tool call template-ready: null keys dropped, ``function.arguments`` decoded to a dict.

    Arguments that are not valid JSON (a deliberately malformed RM ``rejected`` answer) stay a string, which
    Qwen3's template writes verbatim.

    Args:
        call: ``{"id", "type": "function", "function": {"name", "arguments": "<json>"}}``.

    Returns:
        A new dict of the same shape with ``arguments`` a ``dict`` where it decodes.
    """
    out = {k: v for k, v in call.items() if v is not None}
    fn = out.get("function")
    if isinstance(fn, dict):
        fn = {k: v for k, v in fn.items() if v is not None}
        args = fn.get("arguments")
        if isinstance(args, str):
            try:
                fn["arguments"] = json.loads(args)
            except json.JSONDecodeError:
                pass
        out["function"] = fn
    return out


def normalize_message(message: dict[str, Any]) -> dict[str, Any]:
    """Makes one OpenAI-format message template-ready (see the module docstring).

    Args:
        message: ``{"role", "content": str|null, "tool_calls": [...]|null, "tool_call_id": str|null,
            "name": str|null}`` as the ``openai`` writer emits it.

    Returns:
        A new dict without null keys, ``content`` always a string, tool-call arguments as dicts.
    """
    out: dict[str, Any] = {}
    for key, value in message.items():
        if key == "content":
            out[key] = value or ""
        elif key == "tool_calls":
            if value:
                out[key] = [normalize_tool_call(c) for c in value]
        elif value is not None:
            out[key] = value
    out.setdefault("content", "")
    return out


def normalize_messages(messages: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Applies :func:`normalize_message` to a conversation.

    Args:
        messages: OpenAI-format messages.

    Returns:
        The normalized list (a new list of new dicts).
    """
    return [normalize_message(m) for m in messages]


def _feature_for(values: list[Any]) -> Any:
    """Feature type for a metadata column, from its values (strings, numbers, booleans; anything else is Json)."""
    kinds = {type(v) for v in values if v is not None}
    if kinds <= {str}:
        return Value("string")
    if kinds <= {bool}:
        return Value("bool")
    if kinds <= {int}:
        return Value("int64")
    if kinds <= {int, float}:
        return Value("float64")
    return Json()


def _to_dataset(rows: list[dict[str, Any]], json_columns: tuple[str, ...], where: Path) -> Dataset:
    """Builds a Dataset; ``json_columns`` are lists of JSON objects stored per item as exact JSON text."""
    if not rows:
        raise DatasetDirError(f"{where}: no rows")
    columns = list(rows[0])
    features: dict[str, Any] = {}
    data: dict[str, list[Any]] = {}
    for col in columns:
        values = [row.get(col) for row in rows]
        if col in json_columns:
            features[col] = _CONVERSATION
            # Pre-encoded JSON text is stored verbatim by `Json`, so floats survive exactly (see module docstring).
            data[col] = [[json.dumps(item, ensure_ascii=False) for item in v] for v in values]
        else:
            features[col] = _feature_for(values)
            if isinstance(features[col], Json):
                values = [None if v is None else json.dumps(v, ensure_ascii=False) for v in values]
            data[col] = values
    return Dataset.from_dict(data, features=Features(features))


def _require(row: dict[str, Any], columns: tuple[str, ...], path: Path, index: int) -> None:
    missing = [c for c in columns if c not in row]
    if missing:
        raise DatasetDirError(f"{path}: row {index} lacks column(s) {', '.join(missing)}")


def load_sft(data_dir: str | Path, split: Split = "train") -> Dataset:
    """Loads SFT conversations for TRL's ``SFTTrainer`` (conversational language modeling).

    Args:
        data_dir: a ``toolc build`` output directory with the ``openai`` format.
        split: ``train`` or ``test``.

    Returns:
        Dataset with ``messages`` (list of template-ready message dicts), ``tools`` (list of OpenAI function-tool
        dicts, ``[]`` when none is offered) and the metadata columns (``id``, ``scenario``, ``template``,
        ``source``, ``split``) as the build wrote them.

    Raises:
        DatasetDirError: not a toolc build, the format/split is missing, or a row lacks ``messages``.
    """
    path = dataset_file(data_dir, "sft", split)
    rows = read_rows(path)
    out = []
    for i, row in enumerate(rows):
        _require(row, ("messages",), path, i)
        tools = _loads_if_str(row.get("tools")) or []
        out.append({**row, "messages": normalize_messages(row["messages"]), "tools": tools})
    return _to_dataset(out, ("messages", "tools"), path)


def load_rm(data_dir: str | Path, split: Split = "train") -> Dataset:
    """Loads preference pairs for TRL's ``RewardTrainer`` (conversational, explicit prompt).

    Args:
        data_dir: a ``toolc build`` output directory with the ``openai`` format.
        split: ``train`` or ``test``.

    Returns:
        Dataset with ``prompt`` (messages up to the assistant decision), ``chosen`` and ``rejected`` (the right and
        the perturbed assistant turn, each a list of messages), ``tools``, ``perturbation`` and the metadata columns.

    Raises:
        DatasetDirError: not a toolc build, the format/split is missing, or a row lacks a preference column.
    """
    path = dataset_file(data_dir, "rm", split)
    rows = read_rows(path)
    out = []
    for i, row in enumerate(rows):
        _require(row, ("prompt", "chosen", "rejected"), path, i)
        out.append(
            {
                **row,
                "prompt": normalize_messages(row["prompt"]),
                "chosen": normalize_messages(row["chosen"]),
                "rejected": normalize_messages(row["rejected"]),
                "tools": _loads_if_str(row.get("tools")) or [],
            }
        )
    return _to_dataset(out, ("prompt", "chosen", "rejected", "tools"), path)


def load_ppo(data_dir: str | Path, split: Split = "train") -> Dataset:
    """Loads RL prompts with their verifiable ground truth (for GRPO/PPO reward functions).

    Args:
        data_dir: a ``toolc build`` output directory with the ``openai`` format.
        split: ``train`` or ``test``.

    Returns:
        Dataset with ``prompt`` (messages), ``tools``, ``ground_truth`` (the JSON object of
        :class:`compiler.checker.truth.TurnTruth`: acceptable calls, missing parameter, facts, ...; a list of exact
        calls in older builds), ``expect`` (``compiler.vocab.EXPECTS``) and the metadata columns. TRL passes the extra columns to reward functions as keyword
        arguments.

    Raises:
        DatasetDirError: not a toolc build, the format/split is missing, or a row lacks ``prompt``/``expect``.
    """
    path = dataset_file(data_dir, "ppo", split)
    rows = read_rows(path)
    out = []
    for i, row in enumerate(rows):
        _require(row, ("prompt", "expect"), path, i)
        out.append(
            {
                **row,
                "prompt": normalize_messages(row["prompt"]),
                "tools": _loads_if_str(row.get("tools")) or [],
                "ground_truth": _loads_if_str(row.get("ground_truth")) or [],
            }
        )
    # the ground truth is one JSON value per row (an object; a list of calls in builds before issue 9)
    return _to_dataset(out, ("prompt", "tools"), path)


def iter_corpus(data_dir: str | Path, split: Split = "train") -> Iterator[str]:
    """Yields the chat-template text of every SFT row: the tiny model's tokenizer corpus.

    Reads ``DIR/sft/qwen/{split}`` (``text`` column, Qwen chat template text). A build without the ``qwen`` format
    falls back to rendering the ``openai`` rows with Qwen3's template, which by the dataset files contract gives the
    same text.

    Args:
        data_dir: a ``toolc build`` output directory.
        split: ``train`` or ``test``.

    Yields:
        One rendered conversation per row.

    Raises:
        DatasetDirError: neither the ``qwen`` nor the ``openai`` SFT format is present.
    """
    try:
        path = dataset_file(data_dir, "sft", split, fmt=TEXT_FORMAT)
    except DatasetDirError:
        from transformers.utils.chat_template_utils import render_jinja_template
        from trl.chat_template_utils import qwen3_chat_template

        try:
            ds = load_sft(data_dir, split)
        except DatasetDirError as exc:
            raise DatasetDirError(f"{exc} (need the qwen or openai sft format for the tokenizer corpus)") from exc
        for row in ds:
            rendered, _ = render_jinja_template(
                [row["messages"]], tools=row["tools"] or None, chat_template=qwen3_chat_template
            )
            yield rendered[0]
        return
    for i, row in enumerate(read_rows(path)):
        _require(row, ("text",), path, i)
        yield row["text"]
