"""Build stage, incremental builds: what a build keeps beside its output so that the next build into the same
``-o`` reuses untouched rows (input: the previous output; output: ``OUT/.toolc-cache/``).

Three levels of reuse, all byte-identical to a full build:

1. **Rows of a scenario** (per kind): a scenario whose *scenario key* (:func:`scenario_keys`, made in
   :mod:`compiler.cache_keys` with the other hashes) is unchanged
   makes the same canonical records, so its rows are not expanded again: which row indices were kept, their
   records, the verification drops and duplicates counted on the way all come from the cache. The key hashes
   everything that reaches those records: the scenario's checked AST, file and line; every tool of the program
   without its descriptions (a tool's name and schema reach RM perturbations); the definitions of the tools
   the scenario calls or offers itself, without their descriptions; the dataset's tools distractors are drawn from; every
   slot; the dataset's seed, name, system prompts, perturbations, distractors, test share, held-out kinds
   and the scenario's row count; for RM rows the formats too (pairs that read the same in some format are
   not taken) and the literal values every scenario of its locale writes for the tools it calls (``value``
   negatives of a written argument, :func:`compiler.perturb.written_values`), the refusals of its language
   (``needless_refusal``) and the scenarios of its language that call the same tools (``made_up_results``
   expands them, :mod:`compiler.perturb_turns`); ``--today``; and the code fingerprint (:func:`code_fingerprint`: toolc's own files and the
   versions of the libraries whose output reaches the files). A scenario that calls a tool simulated by user
   code is never reused. RM rows also depend on the RM rows made before them (the pair sampler's length
   balance runs over the whole build, :mod:`compiler.pairs`): an RM scenario is reused only when the sampler
   enters it in the state it had when the cached rows were made (a hash of :meth:`PairSampler.state
   <compiler.pairs.PairSampler.state>`), and leaves the sampler in the state the cache recorded after them.
   **Descriptions** reach a record only where its conversation asks a clarifying question: a built-in
   question names the parameter by its description (:func:`compiler.plan.question_text`), the clarify ground
   truth takes words from the tool's and the parameter's (:func:`compiler.ground_truth.missing_param`); a
   distractor's only reach the rendered tool list. A computed row records each such read as a probe
   (:attr:`compiler.generate.Generator.reads`), and a scenario's entry keeps its rows' probes (``reads``) with the
   hash of their values (``docs``, :func:`compiler.generate.description_reads`). A scenario whose rows read
   none (``docs`` null) is reused whatever its tools' descriptions say; the others when their probes, evaluated
   on the new program, give the same values -- so a tool's description edit (which only changes a clarify
   truth's words when it brings a word its parameters' questions use) reuses them, a parameter's description
   edit makes the scenarios that asked for it again. RM scenarios (their pairs are also judged by the rendered
   answers) are reused only when the descriptions of the tools they offer themselves are unchanged
   (:func:`description_hashes`, kept as the entry's ``docs``). ``tests/test_incremental.py`` checks that
   records of scenarios whose entries say they read nothing, or read the same, do not change when every
   description of the bundled specs does.
2. **Rendered rows** (per row and format, :mod:`compiler.reuse`): a kept row whose offered tools are all
   unchanged (the hash of each tool's definition as offered) is copied from the previous files (its JSONL line;
   its Arrow row read back from the Parquet file, which re-encodes to the same bytes); a row that offers a
   changed tool gets only the columns its format names as made of the offered tools replaced
   (:meth:`compiler.writers.base.Writer.tool_columns`: ``tools`` of ``openai``; the previous definitions are
   kept in the index to find their text in the JSONL line), or is rendered again from its cached record with
   the new definitions (formats that show the tools inside a text: chat templates).
   A scenario none of whose rows offers a changed tool is copied as whole runs of rows (its rows are
   consecutive in every file), without looking at its rows one by one; its records are copied as one range.
3. **Whole files**: a file whose rows all come, in order, from the same file of the previous build (and a
   records file whose lines all do) is that file: it is hard-linked (copied where links are refused) instead
   of written again.

Files (listed in the output's marker, so :mod:`compiler.output` treats them as toolc's): ``index.json`` (the
keys; the tools' definitions and their hashes; per scenario the counts, where its rows are in each file and in
the records file, and its rows packed as one JSON text, :func:`pack`; the size and rows of every file it points
into) and ``{kind}.records`` (one JSON
line per kept row: the canonical record with tools by name; JSON, never pickle: nothing in an output directory
can run code). A file is read only when it is the file the previous build wrote: its size is the recorded one
and it was last modified before ``index.json`` was (the build makes sure ``index.json`` is newer than every file
it wrote; hard links keep the times of carried files). An edited file is therefore newer and is not read (its
rows are rendered again, or expanded again when a records file changed); so is a file of an output copied
without its times (``cp -r``; ``cp -a`` keeps them) when it was copied after ``index.json``. The cache is
deterministic: the same build writes the same cache bytes, so an incremental build's whole output, cache included, equals a full build's.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Callable

import orjson

from . import ir
from .record import Provenance, Record, ToolCall, content_json, message_from_fields

__all__ = ["CACHE_DIR", "CacheWriter", "Previous", "Source", "code_fingerprint", "decode_record",
           "description_hashes", "encode_record", "link_or_copy", "scenario_keys", "state_hash", "tool_hashes"]

#: The cache's folder inside an output directory.
CACHE_DIR = ".toolc-cache"
# the keys are part of the cache's interface (re-exported)
from .cache_keys import (LAYOUT, _undescribed, code_fingerprint, description_hashes, scenario_keys,  # noqa: F401
                         state_hash, tool_hashes)


# ------------------------------------------------------------------------------------------ record codec


def encode_record(rec: Record, content: bytes | None = None) -> bytes:
    """One record as one JSON line (tools by name; the definitions are the build's): ``[kind, id, content,
    provenance, split, perturbation, expect, expects, meta, truth, truths, hard]``, ``content`` being the row's
    :func:`compiler.record.content_json` (pass it when made already: the content key hashes the same bytes)."""
    p = rec.provenance
    return orjson.dumps([rec.kind, rec.id, orjson.Fragment(content_json(rec) if content is None else content),
                         [p.file, p.line, p.scenario, p.template, p.seed, p.dataset], rec.split, rec.perturbation,
                         rec.expect, list(rec.expects), rec.meta, None if rec.truth is None else rec.truth.to_json(),
                         [t.to_json() for t in rec.truths], rec.hard])


def decode_record(line: bytes, definitions: dict[str, dict[str, Any]]) -> Record:
    """The record :func:`encode_record` wrote, offering the tools' ``definitions`` of this build."""
    from .checker.truth import TurnTruth

    x = orjson.loads(line)
    messages, tools, chosen, rejected, expected = x[2]
    return Record(x[0], x[1], _messages(messages), tuple([definitions[n] for n in tools]), Provenance(*x[3]), x[4],
                  _messages(chosen), _messages(rejected),
                  perturbation=x[5], expected=tuple([ToolCall(n, a) for n, a in expected]), expect=x[6],
                  expects=tuple(x[7]), meta=x[8], truth=None if x[9] is None else TurnTruth.from_json(x[9]),
                  truths=tuple([TurnTruth.from_json(t) for t in x[10]]), hard=x[11])


def _messages(fields: list) -> tuple:
    return tuple([message_from_fields(m) for m in fields])


# ------------------------------------------------------------------------------------------ previous build


class _Lines:
    """Random access to the lines of a file, memory-mapped (line offsets found on first use: 8 bytes a line). The
    file's pages are the kernel's page cache, never copied into this process as a whole; lines are read in file
    order, so the pages behind them are unmapped :data:`_WINDOW` bytes at a time (:meth:`_release`): a mapped page
    counts in the process's resident memory."""

    def __init__(self, path: Path) -> None:
        self._fd = os.open(path, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0))
        self._starts = None
        self._mm = None
        self._released = 0  # bytes [0, _released) of the file are unmapped

    def _map(self):
        if self._mm is None:
            import mmap

            size = os.fstat(self._fd).st_size
            self._mm = mmap.mmap(self._fd, size, access=mmap.ACCESS_READ) if size else b""
        return self._mm

    def _release(self, upto: int, start: int = -1) -> None:
        """Unmaps the pages before byte ``upto`` (from ``start``, default: where the last release ended)."""
        import mmap

        start = self._released if start < 0 else start
        end = upto - upto % mmap.PAGESIZE
        if end > start and not isinstance(self._mm, bytes):
            self._mm.madvise(mmap.MADV_DONTNEED, start, end - start)
        self._released = max(self._released, end)

    def at(self, start: int, stop: int) -> bytes:
        return os.pread(self._fd, stop - start, start)

    def _index(self):
        from array import array

        mm = self._map()
        starts, find, i, mark = array("q", [0]), mm.find, 0, _WINDOW
        append = starts.append
        while (i := find(b"\n", i) + 1) > 0:
            append(i)
            if i > mark:
                self._release(i, 0)
                mark = i + _WINDOW
        self._release(len(mm), 0)
        self._released = 0
        return starts

    def offsets(self, start: int, stop: int) -> tuple[int, int]:
        """Bytes ``[a, b)`` holding lines ``[start, stop)``, newlines included."""
        if self._starts is None:
            self._starts = self._index()
        return self._starts[start], self._starts[stop]

    @property
    def fd(self) -> int:
        return self._fd

    def find_all(self, needle: bytes, start: int, stop: int, release: bool = True) -> list[int]:
        """The positions of ``needle`` in bytes ``[start, stop)`` (not overlapping), found in the mapped file (no
        copy); the pages before ``stop`` are unmapped after (``release``; else see :meth:`release`)."""
        find, found, i = self._map().find, [], start
        while (i := find(needle, i, stop)) >= 0:
            found.append(i)
            i += len(needle)
        if release:
            self._release(stop)
        return found

    def release(self, upto: int) -> None:
        """Unmaps the pages before byte ``upto`` that earlier reads left mapped (the file is read in order)."""
        if self._mm is not None:
            self._release(upto)

    def line(self, i: int) -> bytes:
        """Line ``i`` (without its newline)."""
        if self._starts is None:
            self._starts = self._index()
        a = self._starts[i]
        if a - self._released > _WINDOW:
            self._release(a)
        return self._mm[a:self._starts[i + 1] - 1]

    def close(self) -> None:
        if self._mm is not None and not isinstance(self._mm, bytes):
            self._mm.close()
        self._mm = None
        if self._fd >= 0:
            os.close(self._fd)
            self._fd = -1


#: Bytes of a memory-mapped file read before the pages behind are unmapped (:class:`_Lines`).
_WINDOW = 16 << 20


class _Rows:
    """Random access to the Arrow rows of a Parquet file, a row group at a time (the last one kept).

    Rows are mostly read in order: after reading a row group, the next one is read by a thread of its own while
    the caller works on this one (pyarrow releases the GIL while it decodes); at most two are held."""

    def __init__(self, path: Path, schema) -> None:
        import pyarrow.parquet as pq

        self._file = pq.ParquetFile(path)
        self._schema = schema
        meta = self._file.metadata
        self._starts = [0]
        for g in range(meta.num_row_groups):
            self._starts.append(self._starts[-1] + meta.row_group(g).num_rows)
        self._group = -1
        self._table = None
        self._thread = None  # ThreadPoolExecutor reading ahead, made on first use; False once stopped
        self._ahead: tuple | None = None  # (row group, future of its table)

    def _read(self, g: int):
        return self._file.read_row_group(g, use_threads=False)  # one thread: less CPU, fewer arenas

    def _load(self, g: int):
        """Row group ``g`` as a table, and the next one set reading."""
        from concurrent.futures import ThreadPoolExecutor

        ahead, self._ahead = self._ahead, None
        if ahead is not None:
            table = ahead[1].result()  # the file is never read by two threads at once
            if ahead[0] != g:
                table = self._read(g)
        else:
            table = self._read(g)
        if g + 2 < len(self._starts) and self._thread is not False:
            if self._thread is None:
                self._thread = ThreadPoolExecutor(1, thread_name_prefix="toolc-parquet-read")
            self._ahead = (g + 1, self._thread.submit(self._read, g + 1))
        return table

    def slice(self, start: int, stop: int):
        """The rows ``[start, stop)``, as one record batch of the schema."""
        import bisect

        import pyarrow as pa

        parts = []
        while start < stop:
            g = bisect.bisect_right(self._starts, start) - 1
            if g != self._group:
                self._table = self._load(g)
                self._group = g
            end = min(stop, self._starts[g + 1])
            parts.append(self._table.slice(start - self._starts[g], end - start))
            start = end
        table = (pa.concat_tables(parts) if len(parts) > 1 else parts[0]).combine_chunks()
        return (table if table.schema == self._schema else table.cast(self._schema)).to_batches()[0]

    def stop_reading_ahead(self) -> None:
        """Ends the thread reading ahead (once its read is done): called when the file's reader is done, so the
        thread does not outlive it (nor live on in a worker forked later, :mod:`compiler.shards`); reads after it
        are made on the caller's thread."""
        if self._thread:
            from .files import stop_threads

            stop_threads(self._thread)
        self._thread, self._ahead = False, None

    def close(self) -> None:
        self.stop_reading_ahead()
        self._file.close()


class Source:
    """A valid pair of files ``{kind}/{format}/{split}.{jsonl,parquet}`` of the previous build.

    Attributes:
        rel: ``{kind}/{format}/{split}`` (relative to the output).
        rows: the rows in each file.
        lines, table: readers of its JSONL lines and of its Arrow rows.
    """

    def __init__(self, out: Path, rel: str, rows: int, schema) -> None:
        self.out, self.rel, self.rows = out, rel, rows
        self.lines = _Lines(out / f"{rel}.jsonl")
        self.table = _Rows(out / f"{rel}.parquet", schema)

    def close(self) -> None:
        self.lines.close()
        self.table.close()


class Previous:
    """The cache of the output a build replaces (``None`` from :meth:`load` when there is none to use).

    Attributes:
        index: the previous ``index.json``.
        tools: tool name -> definition hash of the previous build.
        defs: tool name -> definition (as offered) of the previous build (kept as JSON text in the index: its keys
            in their order).
        formats: the previous build's format names.
    """

    def __init__(self, out: Path, index: dict[str, Any], written: int) -> None:
        self.out, self.index, self.written = out, index, written
        self.tools: dict[str, str] = index["tools"]
        self.defs: dict[str, dict[str, Any]] = {n: orjson.loads(d) for n, d in index["defs"].items()}
        self.formats: list[str] = index["formats"]
        self._sources: dict[str, Source | None] = {}
        self._records: dict[str, _Lines] = {}
        self._valid: dict[str, bool] = {}

    @classmethod
    def load(cls, out: Path) -> "Previous | None":
        """Reads ``out``'s cache; ``None`` when absent, unreadable or of another layout."""
        path = out / CACHE_DIR / "index.json"
        try:
            written = os.stat(path).st_mtime_ns
            index = orjson.loads(path.read_bytes())
        except (OSError, orjson.JSONDecodeError):
            return None
        if not isinstance(index, dict) or index.get("layout") != LAYOUT:
            return None
        return cls(out, index, written)

    def valid(self, rel: str) -> bool:
        """Whether a file the index points into is the file the previous build wrote: its size is the recorded
        one and it was last modified before ``index.json`` was written (checked once; see the module docstring)."""
        hit = self._valid.get(rel)
        if hit is None:
            want = self.index["files"].get(rel)
            try:
                st = os.stat(self.out / rel)
                hit = want is not None and st.st_size == want["size"] and st.st_mtime_ns < self.written
            except OSError:
                hit = False
            self._valid[rel] = hit
        return hit

    def scenario(self, kind: str, name: str, key: str | None, docs: str | None,
                 reads: Callable[[list], str | None]) -> dict[str, Any] | None:
        """The cached rows of a scenario when its key is unchanged, so is what its rows read of descriptions
        (``reads``: :func:`compiler.generate.description_reads` of the entry's probes on this build's program;
        RM rows: the descriptions of its own tools, ``docs``, :func:`description_hashes`), and its records file
        is intact."""
        if key is None:
            return None
        entry = self.index["kinds"].get(kind, {}).get(name)
        if entry is None or entry["key"] != key or not self.valid(f"{CACHE_DIR}/{kind}.records"):
            return None
        if entry["docs"] is not None and entry["docs"] != (reads(entry["reads"]) if entry["reads"] else docs):
            return None
        return entry

    def records(self, kind: str) -> Path | None:
        """The previous ``{kind}.records`` when it is intact, else ``None``."""
        rel = f"{CACHE_DIR}/{kind}.records"
        return self.out / rel if rel in self.index["files"] and self.valid(rel) else None

    def _records_file(self, kind: str) -> _Lines:
        lines = self._records.get(kind)
        if lines is None:
            lines = self._records[kind] = _Lines(self.out / CACHE_DIR / f"{kind}.records")
        return lines

    def record_bytes(self, kind: str, start: int, stop: int) -> bytes:
        """Bytes ``[start, stop)`` of the previous ``{kind}.records``."""
        return self._records_file(kind).at(start, stop)

    def copy_records(self, kind: str, start: int, stop: int, dst) -> None:
        """Appends bytes ``[start, stop)`` of the previous ``{kind}.records`` to the open file ``dst``."""
        from .files import copy_range

        dst.flush()
        copy_range(self._records_file(kind).fd, dst.fileno(), start, stop)

    def source(self, kind: str, fmt: str, split: str, schema) -> Source | None:
        """The previous ``{kind}/{fmt}/{split}`` pair of files, or ``None`` when there is none or either changed."""
        rel = f"{kind}/{fmt}/{split}"
        if rel not in self._sources:
            ok = fmt in self.formats and self.valid(rel + ".jsonl") and self.valid(rel + ".parquet")
            self._sources[rel] = Source(self.out, rel, self.index["files"][rel + ".jsonl"]["rows"], schema) if ok else None
        return self._sources[rel]

    def close(self) -> None:
        for r in self._records.values():
            r.close()
        for src in self._sources.values():
            if src is not None:
                src.close()
        self._sources.clear()
        self._records.clear()


def link_or_copy(src: Path, dst: Path) -> None:
    """``dst`` becomes a hard link to ``src`` (no bytes written), or a copy where the file system refuses links.

    A link is safe here: toolc never writes into a file of an output (a build writes new files and swaps the
    whole tree in), so the old and the new output never see each other's changes."""
    try:
        os.link(src, dst)
    except OSError:
        import shutil

        shutil.copyfile(src, dst)


class CacheWriter:
    """Writes this build's cache into the staging tree: records as rows are kept, the index at the end.

    A kind's records file is carried (:func:`link_or_copy`) from the previous build when every line of it comes,
    in order, from the previous records file (:meth:`carry`); the lines are copied into a new file from the first
    row that breaks that.

    Args:
        staging: the build's staging tree.
        prog: the program (its tools' definitions and :func:`tool_hashes` are kept: a later build patches the
            columns of rows whose tools it changed, :mod:`compiler.reuse`).
        formats: this build's format names (writers' order).
        prev: the previous build's cache, when there is one.
    """

    def __init__(self, staging: Path, prog: ir.Program, formats: list[str], prev: Previous | None = None) -> None:
        self.dir = staging / CACHE_DIR
        self.dir.mkdir()
        self.formats = formats
        self.index: dict[str, Any] = {"layout": LAYOUT, "tools": tool_hashes(prog), "formats": formats, "kinds": {},
                                      "files": {},
                                      "defs": {n: orjson.dumps(t.definition).decode() for n, t in prog.tools.items()}}
        self.prev = prev
        self._file = None
        self._kind = ""
        self._pos = 0
        self._src: Path | None = None  # the previous records file, while every line so far comes from it
        self._src_end = 0

    def begin(self, kind: str) -> None:
        self.end()
        self._kind = kind
        self._pos = 0
        self._src = self.prev.records(kind) if self.prev is not None else None
        self._src_end = 0
        self.index["kinds"][kind] = {}

    def _spill(self) -> None:
        """Stops carrying: opens the new records file and copies the lines carried so far into it."""
        if self._file is not None:
            return
        self._file = open(self.dir / f"{self._kind}.records", "wb", buffering=1 << 20)  # noqa: SIM115
        self._pos = 0
        if self._src is not None and self._src_end:
            self._copy(0, self._src_end)
        self._src = None

    def _copy(self, start: int, stop: int) -> None:
        self.prev.copy_records(self._kind, start, stop, self._file)
        self._pos += stop - start

    def record(self, line: bytes) -> list[int]:
        """Appends one record line; returns its ``[start, stop)`` in the file."""
        self._spill()
        start = self._pos
        self._file.write(line + b"\n")
        self._pos += len(line) + 1
        return [start, start + len(line)]

    def carry(self, span: list[int]) -> list[int]:
        """Appends the previous records file's lines in ``span`` (``[start, stop)``, whole lines); returns where
        they are in the new file."""
        start, stop = span
        if start == stop:  # no rows (as :func:`compiler.cache_rows.pack` writes it)
            return [0, 0]
        if self._src is not None and start == self._src_end:
            self._src_end = self._pos = stop
            return [start, stop]
        self._spill()
        at = self._pos
        self._copy(start, stop)
        return [at, self._pos]

    def scenario(self, name: str, entry: dict[str, Any]) -> None:
        """Adds to the cache entry of a scenario of the current kind."""
        self.index["kinds"][self._kind].setdefault(name, {}).update(entry)

    def end(self) -> None:
        if not self._kind:
            return
        path = self.dir / f"{self._kind}.records"
        if self._file is None and self._src is not None and self._src_end and self._src_end == os.path.getsize(self._src):
            link_or_copy(self._src, path)  # every line of the previous file, in order: that file
        else:
            self._spill()
            self._file.close()
        self._file = None
        self._src = None
        self._kind = ""

    def finish(self, staging: Path, data_files: dict[str, int]) -> list[str]:
        """Writes ``index.json`` with the size and rows of every file it points into (``data_files``: relative
        path -> rows), modified after all of them (see the module docstring); returns the cache's files (relative
        to the output)."""
        import time

        self.end()
        files = [f"{CACHE_DIR}/{k}.records" for k in self.index["kinds"]]
        rows = dict.fromkeys(files, None) | data_files
        newest = 0
        for rel in sorted(rows):
            st = os.stat(staging / rel)
            newest = max(newest, st.st_mtime_ns)
            self.index["files"][rel] = {"rows": rows[rel], "size": st.st_size}
        path = self.dir / "index.json"
        path.write_bytes(orjson.dumps(self.index, option=orjson.OPT_SORT_KEYS))
        for _ in range(200):  # a file as new as the index would count as changed (a coarse clock: ~4 ms)
            if os.stat(path).st_mtime_ns > newest:
                break
            time.sleep(0.005)
            os.utime(path)
        return files + [f"{CACHE_DIR}/index.json"]
