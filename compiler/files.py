"""Writers stage, files: rendered rows -> ``{split}.jsonl`` and ``{split}.parquet``, streamed (input: row dicts; output: files).

Each row is written twice as it arrives, with nothing kept that grows with the number of rows:

* one JSONL line, encoded by orjson (https://github.com/ijl/orjson) and appended to the JSONL file;
* one Arrow row: rows are converted to Arrow column by column (``pyarrow.array`` typed by the fixed
  ``features``) :data:`CONVERT_ROWS` at a time and written to the Parquet file by ``pyarrow``'s
  ``ParquetWriter`` in row groups of :data:`ROW_GROUP_ROWS` rows.

Both files are written by threads of their own while the next rows are made (pyarrow releases the GIL while it
encodes, and so do file writes and kernel copies): one write in flight per file at a time, so each file's writes
keep their order, and at most two row groups are held. Only where this process is the one making rows
(``--jobs 1``, a rebuild): beside worker processes the writes stay on the caller's thread (``background``).

Both files are written inside a fresh temporary directory next to ``out_dir`` (``.toolc-cache-{split}-*``)
and renamed into place by :meth:`SplitWriter.finish`, so an interrupted write leaves no half-written file
under its final name, and nothing behind once the writer is closed.

Notes on the bytes (deterministic: the same rows give the same bytes, however they were batched):

* JSONL: UTF-8 (non-ASCII unescaped), one compact object per line (``{"a":1,"b":null}``), keys in the
  row's order (the writers build rows in schema order), absent values ``null``, ``/`` unescaped (builds
  before orjson went through pandas, which wrote ``\\/``; every JSON reader gives ``/`` back either way).
  ``datasets.load_dataset("json")`` reads the files.
* JSON-valued features (``datasets.Json()``, alone or inside lists and structs: the ``openai`` format's tool
  parameters and call arguments): the JSONL line holds the value itself; the Parquet column holds it as JSON text
  in Arrow's ``arrow.json`` extension type, as ``datasets`` stores ``Json`` (it decodes back to the value).
* Parquet: written as ``datasets`` writes it (``Dataset.to_parquet``, datasets 5.x ``io/parquet.py``):
  snappy, dictionary encoding, content-defined chunking with ``datasets``' options and a page index; the
  ``datasets`` features travel in the schema metadata (``Features.arrow_schema``), so
  ``load_dataset("parquet")`` restores them exactly. Row groups hold :data:`ROW_GROUP_ROWS` rows (the
  last one fewer).
* 0 rows give an empty (0-byte) JSONL file and a Parquet file with the full schema and no rows.
  ``pyarrow.parquet.read_table`` / polars read both, but ``datasets.load_dataset`` refuses any split with
  no data (``Instruction "train" corresponds to no data!``), whatever the file.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import sys
import tempfile
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any, Callable

import orjson
import pyarrow as pa
import pyarrow.parquet as pq

from toolc.errors import RowColumnsError

__all__ = ["CDC_OPTIONS", "CONVERT_ROWS", "ROW_GROUP_ROWS", "RowColumnsError", "RowEncoder", "SplitWriter",
           "copy_range", "naming_errors", "skip_pandas_probe", "system_memory_pool", "write_dataset"]

def skip_pandas_probe() -> None:
    """Makes ``pyarrow.array`` stop probing for pandas in this process, for a process that never hands pandas
    objects to pyarrow (``toolc build``).

    ``pyarrow.array(list)`` asks its lazy pandas shim whether the list is a pandas object, which imports
    pandas on the first call (pyarrow's ``array.pxi`` ``_is_array_like``): ~0.2 s of every build, for
    nothing. The shim tries the import once; making that one try fail (a finder refusing ``pandas`` for the
    call) leaves it answering "not pandas" to such checks, while an explicit conversion (``to_pandas``)
    still imports pandas. Nothing happens when pandas is already imported.
    """
    if "pandas" in sys.modules:
        return

    class _NoPandas:
        @staticmethod
        def find_spec(name: str, path: Any = None, target: Any = None) -> None:
            if name == "pandas":
                raise ImportError("pandas is not probed in this process")

    finder = _NoPandas()
    sys.meta_path.insert(0, finder)
    try:
        pa.array([0])
    finally:
        sys.meta_path.remove(finder)


#: Rows converted to Arrow (and JSONL lines written) at a time: row dicts are large, so few are held.
CONVERT_ROWS = 200
#: Rows per Parquet row group. ``datasets`` aims at row groups of at most 100 MB uncompressed
#: (``config.MAX_ROW_GROUP_SIZE``); rows of the bundled formats are 1-10 kB, so 10,000 rows stay under it while
#: a reader of one row reads a bounded group. Memory: one row group of converted (compact) rows is held.
ROW_GROUP_ROWS = 10_000
#: Content-defined chunking of Parquet pages, as ``datasets`` writes it (``config.DEFAULT_CDC_OPTIONS``): files
#: that share rows share pages, which the Hub's storage deduplicates.
CDC_OPTIONS = {"min_chunk_size": 256 * 1024, "max_chunk_size": 1024 * 1024, "norm_level": 0}


@contextlib.contextmanager
def system_memory_pool() -> Iterator[None]:
    """Routes Arrow allocations to the system allocator while writing, and restores the previous pool.

    Arrow's default pool (jemalloc or mimalloc) keeps freed batches cached, so peak memory grew with the number
    of rows written (measured: +190 MiB from 10k to 100k rows); with the system pool it stays nearly flat.
    ``toolc`` itself sets ``ARROW_DEFAULT_MEMORY_POOL=system``; this covers library callers.
    """
    previous = pa.default_memory_pool()
    pa.set_memory_pool(pa.system_memory_pool())
    try:
        yield
    finally:
        pa.set_memory_pool(previous)


class RowEncoder:
    """Encodes rendered rows of one schema: JSONL lines (orjson) and an Arrow record batch typed by the schema
    (``Json`` columns as JSON text in ``arrow.json``); see the module docstring for the bytes. Stateless after
    construction, so shard workers encode rows in parallel and the writer only appends them.

    Args:
        features: the fixed schema (``Writer.features(kind)``); only its ``arrow_schema`` is used.
    """

    def __init__(self, features: Any) -> None:
        self.schema: pa.Schema = features.arrow_schema  # with the datasets features in its metadata
        self._columns = list(self.schema.names)
        self._expected = set(self._columns)
        self._types = self.schema.types
        # columns holding JSON-valued features: (Arrow storage type, value encoder) to build them with
        self._json = {c: (_storage_type(t), _json_encoder(t)) for c, t in zip(self._columns, self._types)
                      if _has_extension(t)}
        self._shared = {c: _SharedItems(t) for c, t in zip(self._columns, self._types)
                        if c in SHARED_COLUMNS and (pa.types.is_list(t) or pa.types.is_large_list(t))}

    def check(self, row: dict[str, Any], index: int) -> None:
        """Raises :class:`RowColumnsError` when ``row`` (the ``index``-th of its file) lacks or adds columns."""
        if row.keys() != self._expected:
            extra = sorted(row.keys() - self._expected)
            missing = [c for c in self._columns if c not in row]
            raise RowColumnsError(
                f"row {index} (id={row.get('id')!r}) does not match the schema: "
                f"unexpected columns {extra}, missing columns {missing}"
            )

    def lines(self, rows: list[dict[str, Any]]) -> list[bytes]:
        """One compact JSON object per row (no newline)."""
        dumps = orjson.dumps
        if not self._shared:
            return [dumps(r) for r in rows]
        out = []
        for r in rows:
            r = dict(r)  # the same key order, shared values as their JSON text (:data:`SHARED_COLUMNS`)
            for c, shared in self._shared.items():
                r[c] = shared.fragment(r[c])
            out.append(dumps(r))
        return out

    def batch(self, rows: list[dict[str, Any]]) -> pa.RecordBatch:
        """The rows as one Arrow record batch of :attr:`schema`."""
        arrays = [self._array(c, t, [r[c] for r in rows]) for c, t in zip(self._columns, self._types)]
        return pa.RecordBatch.from_arrays(arrays, schema=self.schema)

    def column(self, name: str, values: list[Any]) -> pa.Array:
        """Rows' values of column ``name`` as the Arrow array :meth:`batch` makes of them."""
        return self._array(name, self.schema.field(name).type, values)

    def _array(self, name: str, tp: pa.DataType, values: list[Any]) -> pa.Array:
        shared = self._shared.get(name)
        if shared is not None:
            return shared.column(values)
        if name not in self._json:
            return pa.array(values, type=tp)
        storage, encode = self._json[name]
        # a view, not a cast: the storage type has the extension type's layout, and ``cast`` costs ~55 us a call
        # (pyarrow.compute's kernel dispatch) against ~3 us, for every column of every batch
        return pa.array([encode(v) for v in values], type=storage).view(tp)


#: Columns whose values are lists of objects that rows share (``tools``: the build's tool definitions, the same dicts
#: in every row that offers them, :class:`compiler.record.Record`): :class:`RowEncoder` encodes each object once
#: (:class:`_SharedItems`). An object no other row shares is encoded as any other value (and its entry soon forgotten).
SHARED_COLUMNS = frozenset({"tools"})


class _SharedItems:
    """The encodings of the items of one shared list column (:data:`SHARED_COLUMNS`), made once per item, told apart
    by identity: its JSON text (an ``orjson.Fragment``, which ``orjson.dumps`` writes as it is) and its Arrow storage
    value (``Json`` fields as text). Rows offer tool sets that are mostly their own (distractors), but few tools:
    the items repeat, the lists do not. Entries hold their objects, so an identity is never reused while its entry
    lives; after :data:`SHARED_MAX` items they start again.

    Args:
        tp: the column's Arrow type (a list type, possibly holding ``Json`` features).
    """

    __slots__ = ("encode", "items", "storage", "type")

    def __init__(self, tp: pa.DataType) -> None:
        self.type = tp
        self.storage = _storage_type(tp)
        self.encode = _json_encoder(tp.value_type)
        self.items: dict[int, tuple[Any, Any, Any]] = {}  # id -> (item, fragment, storage value)

    def _entry(self, item: Any) -> tuple[Any, Any, Any]:
        hit = self.items.get(id(item))
        if hit is None or hit[0] is not item:
            if len(self.items) >= SHARED_MAX:
                self.items.clear()
            hit = self.items[id(item)] = (item, orjson.Fragment(orjson.dumps(item)), self.encode(item))
        return hit

    def fragment(self, value: Any) -> Any:
        """``value`` (a list, or ``None``) with its items as their JSON text, for ``orjson.dumps``."""
        if value is None:
            return None
        entry = self._entry
        return [entry(x)[1] for x in value]

    def column(self, values: list[Any]) -> pa.Array:
        """``values`` (one list per row; ``None`` for null) as an Arrow array of the column's type."""
        entry = self._entry
        return pa.array([None if v is None else [entry(x)[2] for x in v] for v in values],
                        type=self.storage).view(self.type)  # a view: see RowEncoder._array


#: Items a :class:`_SharedItems` keeps before it starts again (a build offers tens of tools; thousands of tool sets).
SHARED_MAX = 4_096


class SplitWriter:
    """Streams the rows of one split to ``{split}.jsonl`` and ``{split}.parquet`` (see the module docstring).

    Use it as a context manager (or call :meth:`discard`) so that an error leaves no temporary files and no
    output file behind. At most :data:`CONVERT_ROWS` row dicts and two row groups of Arrow rows (one being written)
    are held.

    Args:
        features: the fixed schema (``Writer.features(kind)``, :class:`compiler.writers.features.Features`, or a
            ``datasets.Features``); only its ``arrow_schema`` is used. Both files carry it.
        out_dir: directory the files go into; created by :meth:`finish`. Its parent must exist and holds the
            temporary directory (``.toolc-cache-{split}-*``) while rows are written. A writer never recreates a
            parent that vanished under it (another program removed the build's tree): it fails with
            ``FileNotFoundError`` instead of writing an incomplete tree.
        split: file stem, ``"train"`` or ``"test"``.
        background: write on threads of their own (module docstring), for a process that is the only one
            making rows; ``False``: on the caller's thread, where worker processes keep every core busy (extra
            threads there measured ~1 s slower on the README build's 5 formats: 30 writers, 2 workers).

    Attributes:
        count: rows added so far.
    """

    def __init__(self, features: Any, out_dir: Path, split: str, background: bool = True) -> None:
        self.features, self.out_dir, self.split = features, Path(out_dir), split
        self.background = background
        self.count = 0
        self.encoder = RowEncoder(features)
        self._schema: pa.Schema = self.encoder.schema
        self._rows: list[dict[str, Any]] = []  # not yet converted nor written
        self._group: list[pa.RecordBatch] = []  # converted, not yet written to the Parquet file
        self._group_len = 0
        self._tmp_dir: Path | None = None
        self._jsonl: Any = None
        self._parquet: pq.ParquetWriter | None = None
        self._thread: ThreadPoolExecutor | None = None  # writes both files while the next rows are made
        self._pending: dict[str, Future] = {}  # file suffix -> its write in flight (one per file: in order)

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
        self.encoder.check(row, self.count)
        self._rows.append(row)
        self.count += 1
        if len(self._rows) == CONVERT_ROWS:
            self._flush_rows()

    def add_encoded(self, lines: list[bytes], batch: pa.RecordBatch) -> None:
        """Appends rows another process encoded with a :class:`RowEncoder` of the same features: their JSONL
        lines (without newlines) and their Arrow batch, in the same order; the bytes are those :meth:`add`
        gives for the same rows."""
        self._flush_rows()
        self.count += len(lines)
        self._write_encoded(lines, batch)

    def add_copied(self, fd: int, start: int, stop: int, batch: pa.RecordBatch) -> None:
        """Appends rows whose JSONL lines are bytes ``[start, stop)`` of the open file ``fd`` (whole lines, each
        with its newline: another file of the same features) and whose Arrow rows are ``batch``; the lines are
        copied by the kernel (``os.copy_file_range``, Linux >= 4.5; read and written where it is refused)."""
        self.add_parts([(fd, start, stop)], batch)

    def add_parts(self, parts: list[bytes | tuple[int, int, int]], batch: pa.RecordBatch,
                  release: Callable[[], None] | None = None) -> None:
        """Appends rows whose JSONL lines are ``parts`` in order -- ``bytes`` or ``(fd, start, stop)``, bytes of
        another file of the same features copied as :meth:`add_copied` copies them; together whole lines, each
        with its newline (a part may be a piece of a line: :mod:`compiler.swap`) -- and whose Arrow rows are
        ``batch``; ``release`` is called once the parts are copied (or the copy failed), e.g. to close their
        files."""
        try:
            self._flush_rows()
            if len(batch):
                self._open()
                self._wait("jsonl")  # a failed earlier write is raised here, before the parts change hands
        except BaseException:
            if release is not None:
                release()
            raise
        if not len(batch):
            if release is not None:
                release()
            return
        self._submit("jsonl", self._write_lines, parts, release)  # _write_lines releases them
        self.count += len(batch)
        self._group.append(batch)
        self._group_len += len(batch)
        if self._group_len >= ROW_GROUP_ROWS:
            self._write_groups(whole=True)

    def _flush_rows(self) -> None:
        """Writes the buffered rows' JSONL lines and converts them to one Arrow record batch; writes a row group
        once the converted rows fill one."""
        rows, self._rows = self._rows, []
        if rows:
            self._write_encoded(self.encoder.lines(rows), self.encoder.batch(rows))

    def _write_encoded(self, lines: list[bytes], batch: pa.RecordBatch) -> None:
        if not lines:
            return
        self._open()
        self._submit("jsonl", self._write_lines, [b"\n".join(lines) + b"\n"])
        self._group.append(batch)
        self._group_len += len(lines)
        if self._group_len >= ROW_GROUP_ROWS:
            self._write_groups(whole=True)

    def _write_groups(self, whole: bool = False) -> None:
        """Writes the converted rows to the Parquet file in row groups of :data:`ROW_GROUP_ROWS` rows; ``whole``
        keeps the rows that do not fill a last group for later (only the final write leaves a shorter one)."""
        table = pa.Table.from_batches(self._group, schema=self._schema)
        ready = len(table) // ROW_GROUP_ROWS * ROW_GROUP_ROWS if whole else len(table)
        if ready:
            self._submit("parquet", self._write_rows, table.slice(0, ready))
        rest = table.slice(ready)
        self._group, self._group_len = rest.to_batches(), len(rest)

    def _submit(self, suffix: str, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> None:
        """Runs ``fn(*args, **kwargs)``, a write to the ``suffix`` file, on a thread of its own once the file's
        previous write is done: writes to a file happen in order, one at a time, while the caller goes on (without
        ``background``: at once, on the caller's thread)."""
        self._wait(suffix)
        if not self.background:
            with naming_errors(self._tmp_dir / f"{self.split}.{suffix}"):
                fn(*args, **kwargs)
            return
        if self._thread is None:
            self._thread = ThreadPoolExecutor(2, thread_name_prefix=f"toolc-write-{self.split}")
        self._pending[suffix] = self._thread.submit(fn, *args, **kwargs)

    def _wait(self, suffix: str) -> None:
        """Waits for the ``suffix`` file's write in flight (if any); raises its error, naming the file."""
        pending = self._pending.pop(suffix, None)
        if pending is not None:
            with naming_errors(self._tmp_dir / f"{self.split}.{suffix}"):
                pending.result()

    def _write_rows(self, table: pa.Table) -> None:
        """Writes ``table`` to the Parquet file in row groups of :data:`ROW_GROUP_ROWS` rows."""
        # Parquet pages follow the Arrow chunks written: re-chunk to CONVERT_ROWS rows from the row group's start,
        # so the bytes do not depend on how the rows arrived (add, or add_encoded from shards). Slices are views:
        # only one that straddles two chunks is copied (combining the whole table copied every row, as long as
        # writing them)
        batches = []
        for start in range(0, len(table), CONVERT_ROWS):
            batches.extend(table.slice(start, CONVERT_ROWS).combine_chunks().to_batches())
        part = pa.Table.from_batches(batches, schema=self._schema)
        self._parquet.write_table(part, row_group_size=ROW_GROUP_ROWS)

    def _write_lines(self, parts: list[bytes | tuple[int, int, int]], release: Callable[[], None] | None = None) -> None:
        """Appends :meth:`add_parts`' ``parts`` to the JSONL file, then calls ``release``."""
        try:
            out = self._jsonl
            for part in parts:
                if isinstance(part, tuple):
                    out.flush()
                    copy_range(part[0], out.fileno(), part[1], part[2])
                else:
                    out.write(part)
        finally:
            if release is not None:
                release()

    def _open(self) -> None:
        """Creates the temporary directory and opens both files in it (once)."""
        if self._tmp_dir is not None:
            return
        self._tmp_dir = Path(tempfile.mkdtemp(prefix=f".toolc-cache-{self.split}-", dir=self.out_dir.parent))
        self._jsonl = open(self._tmp_dir / f"{self.split}.jsonl", "wb", buffering=1 << 20)  # noqa: SIM115
        self._parquet = pq.ParquetWriter(self._tmp_dir / f"{self.split}.parquet", self._schema,
                                         use_content_defined_chunking=CDC_OPTIONS, write_page_index=True)

    def finish(self, empty_files: bool = True) -> int:
        """Completes ``{split}.jsonl`` and ``{split}.parquet``, moves them into ``out_dir`` and removes the
        temporary directory.

        Args:
            empty_files: with no rows, write the schema-only files (module docstring); ``False`` writes nothing.

        Returns:
            the number of rows written.
        """
        try:
            if self.count == 0 and not empty_files:
                return 0
            self._flush_rows()
            self._open()
            if self._group:
                self._write_groups()
            self._wait("jsonl")
            self._wait("parquet")
            with naming_errors(self._tmp_dir / f"{self.split}.parquet"):
                self._parquet.add_key_value_metadata({"content_defined_chunking": json.dumps(CDC_OPTIONS)})
                self._parquet.close()
            with naming_errors(self._tmp_dir / f"{self.split}.jsonl"):
                self._jsonl.close()
            self.out_dir.mkdir(exist_ok=True)  # never its parents: see the class docstring
            for suffix in ("jsonl", "parquet"):
                os.replace(self._tmp_dir / f"{self.split}.{suffix}", self.out_dir / f"{self.split}.{suffix}")
            return self.count
        finally:
            self.discard()

    def discard(self) -> None:
        """Drops the buffered rows and the temporary files (idempotent); files already moved into place stay."""
        self._rows, self._group, self._group_len = [], [], 0
        if self._thread is not None:  # writes in flight, if any, are finished first (or fail)
            stop_threads(self._thread)
            self._thread, self._pending = None, {}
        # closing flushes buffers; on a full disk that fails again, and must not replace the error being handled
        if self._parquet is not None:
            with contextlib.suppress(OSError):
                self._parquet.close()  # idempotent
            self._parquet = None
        if self._jsonl is not None:
            with contextlib.suppress(OSError):
                self._jsonl.close()
            self._jsonl = None
        if self._tmp_dir is not None:
            shutil.rmtree(self._tmp_dir, ignore_errors=True)
            self._tmp_dir = None


def stop_threads(pool: ThreadPoolExecutor) -> None:
    """Shuts a thread pool down -- its queued tasks cancelled, its threads joined -- through interrupts (one meanwhile
    is dropped; the one being handled, if any, goes on once they have stopped). A pool whose threads write or read a
    file is stopped this way before the file is closed: closing a Parquet writer that another thread still wrote to
    crashed the process (SIGSEGV, exit -11) when a Ctrl-C left the wait early (build._finish, discard below,
    compiler.cache's read-ahead)."""
    while True:
        try:
            pool.shutdown(wait=True, cancel_futures=True)
            return
        except KeyboardInterrupt:
            continue


def copy_range(src: int, dst: int, start: int, stop: int) -> None:
    """Appends bytes ``[start, stop)`` of file ``src`` at ``dst``'s position (which is its end)."""
    pos = start
    fast = hasattr(os, "copy_file_range")
    while pos < stop:
        n = 0
        if fast:
            try:
                n = os.copy_file_range(src, dst, stop - pos, pos)
            except OSError:
                fast = False
        if not fast:
            chunk = os.pread(src, min(stop - pos, 1 << 22), pos)
            n = os.write(dst, chunk) if chunk else 0
        if n <= 0:
            raise OSError(f"a file being copied ended at byte {pos} of {stop}")
        pos += n


def _has_extension(tp: pa.DataType) -> bool:
    if isinstance(tp, pa.BaseExtensionType):
        return True
    if pa.types.is_list(tp) or pa.types.is_large_list(tp):
        return _has_extension(tp.value_type)
    return pa.types.is_struct(tp) and any(_has_extension(f.type) for f in tp)


def _storage_type(tp: pa.DataType) -> pa.DataType:
    """``tp`` with every extension type (``arrow.json``) replaced by its storage type (``string``)."""
    if isinstance(tp, pa.BaseExtensionType):
        return tp.storage_type
    if pa.types.is_list(tp):
        return pa.list_(_storage_type(tp.value_type))
    if pa.types.is_large_list(tp):
        return pa.large_list(_storage_type(tp.value_type))
    if pa.types.is_struct(tp):
        return pa.struct([pa.field(f.name, _storage_type(f.type), f.nullable) for f in tp])
    return tp


def _json_text(value: Any) -> str | None:
    """Compact JSON text of a ``Json`` value (``None`` for null)."""
    if value is None:
        return None
    return orjson.dumps(value).decode()


def _json_encoder(tp: pa.DataType) -> Callable[[Any], Any]:
    """A function turning a row value of type ``tp`` into its storage form: ``Json`` values as JSON text."""
    if isinstance(tp, pa.BaseExtensionType):
        return _json_text
    if pa.types.is_list(tp) or pa.types.is_large_list(tp):
        item = _json_encoder(tp.value_type)
        holding = [f.name for f in tp.value_type if _has_extension(f.type)] if pa.types.is_struct(tp.value_type) else []
        if len(holding) == 1:  # structs with one JSON field (messages' ``tool_calls``): most items pass as they are
            (name,) = holding
            return lambda v: None if v is None else [x if x is None or x.get(name) is None else item(x) for x in v]
        return lambda v: None if v is None else [item(x) for x in v]
    if pa.types.is_struct(tp) and _has_extension(tp):
        json_fields = [(f.name, _json_encoder(f.type)) for f in tp if _has_extension(f.type)]

        def struct(v: Any) -> Any:  # a copy only where a field holds JSON (most messages have no tool_calls)
            if v is None:
                return None
            out = None
            for name, encode in json_fields:
                x = v.get(name)
                if x is not None:
                    if out is None:
                        out = dict(v)
                    out[name] = encode(x)
            return v if out is None else out

        return struct
    return lambda v: v


@contextlib.contextmanager
def naming_errors(path: Path) -> Iterator[None]:
    """Gives an ``OSError`` without a file name (pyarrow's: ``[Errno 28] Error writing bytes to file``) the
    name of the file being written and the plain reason, so the build's one-line error names it."""
    try:
        yield
    except OSError as exc:
        errno = exc.errno
        if not errno:  # pyarrow's message may carry it: "Error writing bytes to file. Detail: [errno 28] ..."
            found = re.search(r"\[errno (\d+)\]", str(exc), re.IGNORECASE)
            errno = int(found.group(1)) if found else None
        if exc.filename is not None or not errno:
            raise
        raise OSError(errno, os.strerror(errno), str(path)) from exc


def write_dataset(rows: Iterable[dict[str, Any]], features: Any, out_dir: Path, split: str) -> int:
    """Writes ``rows`` to ``{out_dir}/{split}.jsonl`` and ``{out_dir}/{split}.parquet``.

    Args:
        rows: rendered rows (e.g. ``(writer.render(r) for r in records)``), each with exactly the columns of
            ``features``; consumed once, lazily -- never held in memory all at once.
        features: the fixed ``datasets.Features`` schema (``Writer.features(kind)``); both files carry it.
        out_dir: directory to write into; created if missing. Its parent holds the temporary directory
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
