"""Writers stage, files: rendered rows -> ``{split}.jsonl`` and ``{split}.parquet`` written with ``datasets``.

Rows stream in batches into an Arrow cache file on disk (``datasets.arrow_writer.ArrowWriter``, the writer
behind every ``datasets`` cache), so memory stays flat in the number of rows; ``Dataset.from_file`` then maps
that file and ``Dataset.to_json`` / ``Dataset.to_parquet`` write the two files batch by batch. Rows become
Arrow columns typed by the fixed ``features`` directly (``pyarrow.array``), with no JSON text parsed back.
The cache lives in a fresh temporary directory next to ``out_dir`` and is removed afterwards. Files are
first written inside that directory and then moved into place, so an interrupted write leaves no
half-written file under its final name.

Notes on the bytes (deterministic: the same rows give the same bytes):

* JSONL is written by ``datasets`` through pandas (``force_ascii=False``): UTF-8, one compact object per
  line, keys in schema order, absent values ``null``; pandas escapes ``/`` as ``\\/`` (valid JSON; every
  JSON reader gives ``/`` back).
* Parquet carries the ``datasets`` features in its schema metadata, so ``load_dataset("parquet")``
  restores them exactly. Its pages follow the cache's record batches, laid out as :class:`SplitWriter` says.
* 0 rows give an empty (0-byte) JSONL file and a Parquet file with the full schema and no rows.
  ``pyarrow.parquet.read_table`` / polars read both, but ``datasets.load_dataset`` refuses any split with
  no data (``Instruction "train" corresponds to no data!``), whatever the file.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import datasets
import numpy as np
import pyarrow as pa
from datasets import Dataset, Features
from datasets.arrow_writer import ArrowWriter, get_arrow_writer_batch_size_from_features
from datasets.packaged_modules.json.json import JsonConfig
from datasets.utils import are_progress_bars_disabled

__all__ = ["CONVERT_ROWS", "RowColumnsError", "SplitWriter", "quiet_datasets", "write_dataset"]

#: Rows converted to Arrow at a time: Python row dicts are large, so few are held (a build keeps one writer
#: per format and split open); converted rows are compact until their record batch is written.
CONVERT_ROWS = 100

#: Bytes of JSONL that ``datasets``' JSON reader takes at a time (see :class:`SplitWriter`).
_JSON_PIECE_BYTES = JsonConfig.chunksize


class RowColumnsError(ValueError):
    """A row whose columns are not exactly the schema's (``datasets`` would silently drop or null-fill them)."""


@contextlib.contextmanager
def quiet_datasets() -> Iterator[None]:
    """Silences ``datasets``' progress bars (the build shows its own) and restores the previous state.

    It also routes Arrow allocations to the system allocator while writing: Arrow's default pool (jemalloc
    or mimalloc) keeps freed batches cached, so peak memory grew with the number of rows written
    (measured: +190 MiB from 10k to 100k rows); with the system pool it stays nearly flat (+40 MiB).
    """
    was_disabled = are_progress_bars_disabled()
    previous_pool = pa.default_memory_pool()
    datasets.disable_progress_bars()
    pa.set_memory_pool(pa.system_memory_pool())
    try:
        yield
    finally:
        pa.set_memory_pool(previous_pool)
        if not was_disabled:
            datasets.enable_progress_bars()


class SplitWriter:
    """Streams the rows of one split to disk and finally writes ``{split}.jsonl`` and ``{split}.parquet``.

    Rows are turned into Arrow columns typed by ``features`` (:data:`CONVERT_ROWS` at a time) and appended
    to an Arrow cache file with ``datasets``' ``ArrowWriter``; :meth:`finish` writes the two files from that
    cache with ``Dataset.to_json`` / ``Dataset.to_parquet``. Use it as a context manager (or call
    :meth:`discard`) so that an error leaves no cache and no output file behind.

    The cache holds the rows in the same Arrow record batches as ``Dataset.from_json`` of a JSONL file of
    the rows (``json.dumps(row, ensure_ascii=False)`` per line) would: that reader takes the file
    ``JsonConfig.chunksize`` bytes at a time (plus the rest of the last line, so a row whose line starts
    within those bytes stays in the piece) and writes each piece in record batches of ``writer_batch_size``
    rows. Parquet's data pages follow the record batches, so this layout keeps the Parquet bytes exactly
    those of builds that went through such a JSONL file. The line lengths come from :func:`json_bytes`.

    Args:
        features: the fixed schema (``Writer.features(kind)``); both files carry it.
        out_dir: directory the files go into; created by :meth:`finish`. Its parent holds the temporary
            cache (``.toolc-cache-{split}-*``) while rows are written.
        split: file stem, ``"train"`` or ``"test"``.

    Attributes:
        count: rows added so far.
    """

    def __init__(self, features: Features, out_dir: Path, split: str) -> None:
        self.features, self.out_dir, self.split = features, Path(out_dir), split
        self.count = 0
        schema = features.arrow_schema
        self._columns = list(features)
        self._expected = set(self._columns)
        self._schema = pa.schema([schema.field(c) for c in self._columns])
        self._types = self._schema.types
        self._vectorised = all(json_bytes_supported(t) for t in self._types)
        self._lines: list[int] = []  # JSONL line bytes of the converted rows, when not vectorised
        self._batch_rows = get_arrow_writer_batch_size_from_features(features) or datasets.config.DEFAULT_MAX_BATCH_SIZE
        self._rows: list[dict[str, Any]] = []  # not yet converted to Arrow
        self._converted: list[pa.RecordBatch] = []  # converted, not yet laid out
        self._converted_len = 0
        self._batch: list[pa.RecordBatch] = []  # laid-out rows of the record batch being filled
        self._batch_len = 0
        self._piece_bytes = 0  # JSONL bytes of the reader's current piece so far
        self._cache_dir: Path | None = None
        self._arrow: ArrowWriter | None = None

    def __enter__(self) -> SplitWriter:
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        self.discard()

    def add(self, row: dict[str, Any]) -> None:
        """Appends one row.

        Raises:
            RowColumnsError: when the row's columns are not exactly ``features``' columns (values are not
                type-checked here: writers produce conforming rows; Arrow rejects a wrong type).
        """
        if row.keys() != self._expected:
            extra = sorted(row.keys() - self._expected)
            missing = [c for c in self._columns if c not in row]
            raise RowColumnsError(
                f"row {self.count} (id={row.get('id')!r}) does not match the schema: "
                f"unexpected columns {extra}, missing columns {missing}"
            )
        self._rows.append(row)
        self.count += 1
        if len(self._rows) == CONVERT_ROWS:
            self._convert()

    def _convert(self) -> None:
        """Turns the buffered rows into one Arrow record batch (column by column); lays the converted rows out
        once they fill a record batch."""
        rows, self._rows = self._rows, []
        if rows:
            arrays = [pa.array([r[c] for r in rows], type=t) for c, t in zip(self._columns, self._types)]
            self._converted.append(pa.RecordBatch.from_arrays(arrays, schema=self._schema))
            self._converted_len += len(rows)
            if not self._vectorised:
                self._lines.extend(len(json.dumps(r, ensure_ascii=False).encode("utf-8")) + 1 for r in rows)
        if self._converted_len >= self._batch_rows:
            self._lay_out()

    def _lay_out(self) -> None:
        """Splits the converted rows into the reader's pieces and record batches (class docstring)."""
        if not self._converted:
            return
        batch = pa.Table.from_batches(self._converted).combine_chunks().to_batches()[0]
        self._converted, self._converted_len = [], 0
        if self._vectorised:
            lines = json_bytes(pa.StructArray.from_arrays(batch.columns, fields=list(self._schema))) + 1
        else:
            lines, self._lines = np.array(self._lines, dtype=np.int64), []
        start = 0
        while start < len(batch):
            offsets = self._piece_bytes + np.cumsum(lines[start:]) - lines[start:]  # where each line would start
            stay = int(np.searchsorted(offsets, _JSON_PIECE_BYTES, side="right"))
            if stay == 0:  # the next line starts after the piece: the reader's next piece begins with it
                self._write_batch()
                self._piece_bytes = 0
                continue
            self._piece_bytes += int(lines[start:start + stay].sum())
            self._append(batch.slice(start, stay))
            start += stay

    def _append(self, rows: pa.RecordBatch) -> None:
        """Adds converted rows to the record batch being filled, writing each batch when it is full."""
        while len(rows):
            room = self._batch_rows - self._batch_len
            self._batch.append(rows.slice(0, room))
            self._batch_len += min(room, len(rows))
            rows = rows.slice(room)
            if self._batch_len == self._batch_rows:
                self._write_batch()

    def _write_batch(self) -> None:
        """Appends the record batch being filled to the Arrow cache file."""
        if not self._batch:
            return
        if self._arrow is None:
            self._arrow = ArrowWriter(features=self.features, path=str(self._new_cache_dir() / "rows.arrow"),
                                      writer_batch_size=self._batch_rows)
        self._arrow.write_table(pa.Table.from_batches(self._batch))  # ArrowWriter combines the chunks
        self._batch, self._batch_len = [], 0

    def _new_cache_dir(self) -> Path:
        self.out_dir.parent.mkdir(parents=True, exist_ok=True)
        self._cache_dir = Path(tempfile.mkdtemp(prefix=f".toolc-cache-{self.split}-", dir=self.out_dir.parent))
        return self._cache_dir

    def finish(self, empty_files: bool = True) -> int:
        """Writes ``{split}.jsonl`` and ``{split}.parquet`` into ``out_dir`` and removes the cache.

        Args:
            empty_files: with no rows, write the schema-only files (module docstring); ``False`` writes nothing.

        Returns:
            the number of rows written.
        """
        try:
            if self.count == 0 and not empty_files:
                return 0
            self.out_dir.mkdir(parents=True, exist_ok=True)
            with quiet_datasets():
                self._convert()
                self._lay_out()
                self._write_batch()
                if self._arrow is None:
                    self._new_cache_dir()
                    dataset = Dataset.from_dict({name: [] for name in self.features}, features=self.features)
                else:
                    self._arrow.finalize()
                    dataset = Dataset.from_file(str(self._cache_dir / "rows.arrow"))
                _stage_and_move(dataset, self._cache_dir, self.out_dir, self.split)
            return self.count
        finally:
            self.discard()

    def discard(self) -> None:
        """Drops the buffered rows and the cache (idempotent); files already moved into place stay."""
        self._rows, self._converted, self._batch, self._lines = [], [], [], []
        if self._arrow is not None:
            self._arrow.close()
            self._arrow = None
        if self._cache_dir is not None:
            shutil.rmtree(self._cache_dir, ignore_errors=True)
            self._cache_dir = None


def write_dataset(rows: Iterable[dict[str, Any]], features: Features, out_dir: Path, split: str) -> int:
    """Writes ``rows`` to ``{out_dir}/{split}.jsonl`` and ``{out_dir}/{split}.parquet``.

    Args:
        rows: rendered rows (e.g. ``(writer.render(r) for r in records)``), each with exactly the columns of
            ``features``; consumed once, lazily -- never held in memory all at once.
        features: the fixed schema (``Writer.features(kind)``); both files carry it.
        out_dir: directory to write into; created if missing. Its parent holds the temporary Arrow cache
            (``.toolc-cache-*``) while writing.
        split: file stem, ``"train"`` or ``"test"``.

    Returns:
        the number of rows written.

    Raises:
        RowColumnsError: when a row's columns are not exactly ``features``' columns; no output file is
            written then (values are not type-checked here: writers produce conforming rows).
    """
    Path(out_dir).mkdir(parents=True, exist_ok=True)
    with SplitWriter(features, out_dir, split) as writer:
        for row in rows:
            writer.add(row)
        return writer.finish()


def _stage_and_move(dataset: Dataset, cache_dir: Path, out_dir: Path, split: str) -> int:
    """Writes both files inside ``cache_dir``, then renames them into ``out_dir``; returns the row count."""
    staged_jsonl = cache_dir / f"{split}.jsonl"
    staged_parquet = cache_dir / f"{split}.parquet"
    dataset.to_json(staged_jsonl, force_ascii=False, lines=True)
    dataset.to_parquet(staged_parquet)
    count = dataset.num_rows
    del dataset
    os.replace(staged_jsonl, out_dir / f"{split}.jsonl")
    os.replace(staged_parquet, out_dir / f"{split}.parquet")
    return count


# ---------------------------------------------------------------------- JSON text lengths
#
# SplitWriter lays rows out by the length of their JSONL lines (json.dumps(row, ensure_ascii=False) + "\n");
# encoding every row to measure it would cost more than converting it to Arrow, so the lengths are computed
# from the Arrow columns instead (tests check them against json.dumps on every format's rows).


def json_bytes_supported(arrow_type: pa.DataType) -> bool:
    """Whether :func:`json_bytes` handles values of ``arrow_type`` (strings, and lists and structs of them)."""
    if pa.types.is_string(arrow_type) or pa.types.is_large_string(arrow_type):
        return True
    if pa.types.is_list(arrow_type) or pa.types.is_large_list(arrow_type):
        return json_bytes_supported(arrow_type.value_type)
    if pa.types.is_struct(arrow_type):
        return all(json_bytes_supported(f.type) for f in arrow_type)
    return False


def json_bytes(array: pa.Array) -> np.ndarray:
    """Per value of ``array``, the UTF-8 length of ``json.dumps(value, ensure_ascii=False)`` (``None``: ``null``).

    Computed column by column from the Arrow buffers (numpy), without writing any text: a string is its UTF-8
    bytes, two quotes and what escaping adds (:func:`_string_json_bytes`); a list ``[a, b]`` adds brackets and
    ``", "`` separators to its items; a struct ``{"k": v, ...}`` adds braces, its quoted keys, ``": "`` and
    ``", "`` to its fields; a null is ``null``. Only types :func:`json_bytes_supported` accepts.

    Returns:
        an ``int64`` array of ``len(array)`` lengths.
    """
    t = array.type
    if pa.types.is_struct(t):
        length = np.full(len(array), 2 + 2 * (t.num_fields - 1) if t.num_fields else 2, dtype=np.int64)
        for i, f in enumerate(t):
            length += len(json.dumps(f.name, ensure_ascii=False).encode("utf-8")) + 2 + json_bytes(array.field(i))
    elif pa.types.is_list(t) or pa.types.is_large_list(t):
        offsets = array.offsets.to_numpy()
        items = np.concatenate(([0], np.cumsum(json_bytes(array.values))))
        count = np.diff(offsets)
        length = 2 + items[offsets[1:]] - items[offsets[:-1]] + 2 * np.maximum(count - 1, 0)
    else:
        length = _string_json_bytes(array)
    if array.null_count:
        length = np.where(array.is_null().to_numpy(zero_copy_only=False), 4, length)
    return length


def _string_json_bytes(array: pa.Array) -> np.ndarray:
    """:func:`json_bytes` of a string array (nulls not handled), from its offsets and UTF-8 data buffers."""
    _, offsets_buffer, data_buffer = array.buffers()
    offset_type = np.int64 if pa.types.is_large_string(array.type) else np.int32
    offsets = np.frombuffer(offsets_buffer, dtype=offset_type, count=len(array) + 1,
                            offset=array.offset * np.dtype(offset_type).itemsize).astype(np.int64)
    data = np.frombuffer(data_buffer, dtype=np.uint8)[offsets[0]:offsets[-1]] if data_buffer else np.zeros(0, np.uint8)
    offsets -= offsets[0]
    # json.dumps escapes '"' and '\\' and the control characters: \b \t \n \f \r as two characters (one
    # more byte each), the others as six (\u00XX: five more); everything else, non-ASCII too, stays as is.
    control = data < 32
    escaped = control | (data == 34) | (data == 92)
    extra = _segment_sums(escaped, offsets)
    if control.any():
        long_escapes = control & ((data < 8) | (data == 11) | (data > 13))  # \u00XX: four more still
        if long_escapes.any():
            extra += 4 * _segment_sums(long_escapes, offsets)
    return 2 + np.diff(offsets) + extra


def _segment_sums(flags: np.ndarray, offsets: np.ndarray) -> np.ndarray:
    """``sums[i] = flags[offsets[i]:offsets[i + 1]].sum()`` (empty segments give 0), as ``int64``."""
    if len(offsets) < 2:
        return np.zeros(0, dtype=np.int64)
    sums = np.add.reduceat(np.append(flags, False).view(np.uint8), offsets[:-1], dtype=np.uint32).astype(np.int64)
    sums[offsets[1:] == offsets[:-1]] = 0
    return sums
