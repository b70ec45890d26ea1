"""Build stage, incremental builds: writing reused rows (input: the previous build's cache and files,
:mod:`compiler.cache`; output: rows handed to the split writers, files carried whole).

* :class:`Replay` writes the rows of a scenario whose key is unchanged: each row is copied from the previous
  files when the tools it offers are unchanged, else rendered again from its cached record.
* :class:`CarryingWriter` stands in front of a split writer: while every row it gets is the next row of the
  same file of the previous build, it only counts them; if that holds to the end and covers the whole previous
  file, the previous JSONL and Parquet files are carried (hard-linked, :func:`compiler.cache.link_or_copy`)
  instead of written again. The first row that breaks it makes it write the rows counted so far (read back from
  the previous files, as :class:`Replay` copies rows) and go on as a plain split writer. Either way the bytes
  are those of a full build.
"""

from __future__ import annotations

import contextlib
import gc
from typing import Any, Callable, Iterator

import orjson

from . import ir
from .cache import CacheWriter, Previous, Source, decode_record, link_or_copy, state_hash, tool_hashes
from .cache_rows import pack, unpack

__all__ = ["CarryingWriter", "Replay", "RmStates"]

#: Rows read back from a previous file at a time: one by one (rows of a scenario that offer a changed tool
#: between them), or as a run.
_CHUNK, _RUN = 512, 4096


class CarryingWriter:
    """A :class:`compiler.files.SplitWriter` that carries the previous build's files when nothing changed them.

    Rows of the previous file are taken as runs of positions (:meth:`add_old_range`); a run may hold rows that
    are substituted (:meth:`substitute`: a row rendered again, or the previous row with some columns replaced).
    A run is written when a row that does not continue it arrives, up to :data:`_RUN` rows at a time: the
    JSONL bytes of its unchanged rows copied by the kernel, those of its substituted rows written, and its
    Arrow rows sliced from the previous Parquet file's row groups with the substitutes put in. New rows
    (:meth:`add_new`) are encoded :data:`_CHUNK` at a time. When the whole file is one run of all the previous
    file's rows in order, without substitutes, the previous JSONL and Parquet files are carried (hard-linked,
    :func:`compiler.cache.link_or_copy`) instead.

    Args:
        writer: the split writer (its ``out_dir`` and ``split`` name the files; its ``encoder`` encodes rows).
        source: ``() -> Source | None``, the previous build's same pair of files (opened on first use).
        rel: ``{kind}/{format}/{split}``.
    """

    def __init__(self, writer, source: Callable[[], Source | None], rel: str) -> None:
        self.writer, self._source_fn, self.rel = writer, source, rel
        self._source: Source | None = None
        self._opened = False
        self._run: list[int] | None = None  # [start, stop) of previous rows taken, not yet written
        self._subs: dict[int, tuple] = {}  # position in the run -> ("row", row) | ("cols", patch)
        self._new: list[dict[str, Any]] = []  # new rows, not yet encoded
        self.swap = None  # the format's ToolSwap, set by Replay when it makes one

    @property
    def source(self) -> Source | None:
        if not self._opened:
            self._opened = True
            self._source = self._source_fn()
        return self._source

    def __enter__(self) -> "CarryingWriter":
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        self._stop_reading()
        self.writer.discard()

    def _stop_reading(self) -> None:
        if self._source is not None:
            self._source.table.stop_reading_ahead()

    def add_parts(self, parts: list, batch, release=None) -> None:
        """Appends rows given as JSONL byte parts and their Arrow batch (as the split writer's ``add_parts``)."""
        self._flush()
        self.writer.add_parts(parts, batch, release)

    def add_new(self, row: dict[str, Any]) -> None:
        """Appends a rendered row."""
        if self._run is not None:
            self._flush()
        self._new.append(row)
        if len(self._new) >= _CHUNK:
            self._flush()

    def add_old_range(self, start: int, n: int) -> None:
        """Appends the previous file's rows ``[start, start + n)``."""
        if n <= 0:
            return
        run = self._run
        if run is not None and run[1] == start:
            run[1] += n
            return
        self._flush()
        self._run = [start, start + n]

    def substitute(self, pos: int, what: str, data) -> None:
        """Appends, in place of the previous file's row at ``pos``, ``data``: a rendered row (``what`` ``"row"``),
        :meth:`Replay._patch`'s list (``"cols"``): the previous row with those columns replaced, or the row's
        offered tools (``"swap"``): the previous row with the changed tools' items swapped (:attr:`swap`)."""
        self.add_old_range(pos, 1)
        self._subs[pos] = (what, data)
        if pos + 1 - self._run[0] >= _RUN:  # a run with substitutes is written as it grows: they are not all held
            self._flush(pos + 1)

    def _flush(self, upto: int | None = None) -> None:
        """Writes the pending new rows, or the pending run (up to the previous file's row ``upto``, when given)."""
        if self._new:
            rows, self._new = self._new, []
            enc = self.writer.encoder
            self.writer.add_encoded(enc.lines(rows), enc.batch(rows))
        if self._run is None:
            return
        (start, stop), subs = self._run, self._subs
        if upto is None or upto >= stop:
            self._run, self._subs = None, {}
        else:
            self._run, self._subs = [upto, stop], {p: v for p, v in subs.items() if p >= upto}
            stop = upto
        src = self.source
        for a in range(start, stop, _RUN):
            b = min(a + _RUN, stop)
            here = sorted(p for p in subs if a <= p < b) if subs else ()
            if not here:
                self.writer.add_copied(src.lines.fd, *src.lines.offsets(a, b), src.table.slice(a, b))
            else:
                self._write_substituted(src, a, b, here, subs)

    def _write_substituted(self, src: Source, a: int, b: int, here: list[int], subs: dict[int, tuple]) -> None:
        """Writes the previous rows ``[a, b)`` with the substitutes at positions ``here`` (ascending)."""
        import pyarrow as pa

        swaps = [p for p in here if subs[p][0] == "swap"]
        if swaps:  # the whole run swapped at once, else each row's columns replaced (a row offering a new tool)
            if len(swaps) == len(here):
                got = self.swap.write(src.lines, a, b, src.table.slice(a, b), [(p - a, subs[p][1]) for p in here])
                if got is not None:
                    self.writer.add_parts(*got)
                    return
            for p in swaps:
                subs[p] = ("cols", self.swap.patch(subs[p][1]))
        enc, fd = self.writer.encoder, src.lines.fd
        parts: list = []
        cur = a
        rows: list[int] = []  # positions of whole rows rendered again
        cols: dict[str, tuple[list[int], list[Any]]] = {}
        for p in here:
            if p > cur:
                parts.append((fd, *src.lines.offsets(cur, p)))
            what, data = subs[p]
            if what == "row":
                rows.append(p)
                parts.append(enc.lines([data])[0] + b"\n")
            else:
                parts.append(_patch_line(src.lines.line(p), data) + b"\n")
                for col, value, _, _ in data:
                    positions, values = cols.setdefault(col, ([], []))
                    positions.append(p - a)
                    values.append(value)
            cur = p + 1
        if cur < b:
            parts.append((fd, *src.lines.offsets(cur, b)))
        batch = src.table.slice(a, b)
        n = len(batch)
        for col, (positions, values) in cols.items():  # one column replaced where patched
            perm = list(range(n))
            distinct: dict[int, int] = {}  # a value is shared by the rows offering the same tools: encoded once
            uniq: list = []
            for i, v in zip(positions, values):
                k = distinct.get(id(v))
                if k is None:
                    k = distinct[id(v)] = len(uniq)
                    uniq.append(v)
                perm[i] = n + k
            new = enc.column(col, uniq)
            j = batch.schema.get_field_index(col)
            merged = pa.concat_arrays([batch.column(j), new]).take(pa.array(perm, pa.int32()))
            batch = batch.set_column(j, batch.schema.field(j), merged)
        if rows:  # whole rows replaced
            perm = list(range(n))
            for k, p in enumerate(rows):
                perm[p - a] = n + k
            new = enc.batch([subs[p][1] for p in rows])
            batch = pa.Table.from_batches([batch, new], schema=enc.schema).take(
                pa.array(perm, pa.int32())).combine_chunks().to_batches()[0]
        self.writer.add_parts(parts, batch)

    def finish(self, empty_files: bool = True) -> int:
        """Carries the previous files when this file is all of their rows in order, else completes the written
        files (:meth:`compiler.files.SplitWriter.finish`); returns the rows."""
        run = self._run
        if (run is not None and not self._subs and not self._new and self.writer.count == 0 and run[0] == 0
                and self.source is not None and run[1] == self.source.rows):
            out_dir, split = self.writer.out_dir, self.writer.split
            out_dir.mkdir(exist_ok=True)  # never its parents (SplitWriter.finish)
            for ext in ("jsonl", "parquet"):
                link_or_copy(self.source.out / f"{self.rel}.{ext}", out_dir / f"{split}.{ext}")
            self._run = None
            self.writer.discard()
            return run[1]
        self._flush()
        self._stop_reading()
        return self.writer.finish(empty_files)


@contextlib.contextmanager
def _collector_held() -> Iterator[None]:
    """Holds Python's cyclic garbage collector back while a scenario's cached rows are read: they are tens of
    thousands of small acyclic objects (freed by reference counting), whose allocation would otherwise set off
    collections that scan every object alive (~0.1 s of a 100k-row rebuild)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _patch_line(line: bytes, patch: list[tuple]) -> bytes:
    """A previous JSONL line with columns replaced: each column's previous JSON text (``"name":value``, when
    known) swapped for the new one where it occurs once in the line, else the line decoded, changed and encoded
    again (orjson, as :class:`compiler.files.RowEncoder` encodes rows: the same bytes). The previous text is
    looked for where its short ``"name":`` is (a long needle costs a search as much as the line)."""
    for col, _, old, new in patch:
        i = -1
        if old is not None:
            key = orjson.dumps(col) + b":"
            j = line.find(key)
            while j >= 0:
                if line.startswith(old, j):
                    if i >= 0:
                        i = -1
                        break
                    i = j
                j = line.find(key, j + 1)
        if i < 0:
            row = orjson.loads(line)
            for c, value, _, _ in patch:
                row[c] = value
            return orjson.dumps(row)
        line = line[:i] + new + line[i + len(old):]
    return line


class Replay:
    """Writes the rows of scenarios whose key is unchanged from the previous build's cache (one kind).

    Args:
        prev: the previous build's cache.
        cache: this build's cache writer (the rows are cached again, at their new places).
        prog: the program (tool definitions of this build).
        kind: the kind being written.
        writers: this build's writers; ``splits``: their :class:`CarryingWriter` by ``(format, split)``;
            ``encoders``: ``(format, kind) -> RowEncoder``.
        rows, left: the build's counters of written and left-out rows (updated).
        on_row: progress callback.
        pairs: the RM pair sampler (RM rows only): a scenario is replayed only when the sampler is in the state
            the cached rows were made in, and is left in the state they left it in.
    """

    def __init__(self, prev: Previous, cache: CacheWriter, prog: ir.Program, kind: str, writers, splits, encoders,
                 rows, left, on_row=None, pairs=None) -> None:
        self.prev, self.cache, self.kind, self.writers = prev, cache, kind, writers
        self.splits, self.encoders, self.rows, self.left, self.on_row = splits, encoders, rows, left, on_row
        self.pairs = pairs
        self.defs = {n: t.definition for n, t in prog.tools.items()}
        self.same_tools = {n for n, h in tool_hashes(prog).items() if prev.tools.get(n) == h}
        self.old_format = {f: i for i, f in enumerate(prev.formats)}
        self.tool_columns = {w.name: w.tool_columns(kind) for w in writers}
        self._patches: dict[tuple, list[tuple]] = {}
        self._swaps: dict[str, Any] = {}
        self._old_texts: dict[str, bytes] = {}
        self._new_texts: dict[str, bytes] = {}
        #: scenarios replayed; rows copied from the previous files, rendered again, or with their tool columns
        #: replaced (reports and tests)
        self.scenarios = self.copied = self.rendered = self.patched = 0

    def scenario(self, sel, cached: dict[str, Any], key: str) -> bool:
        """Writes one scenario's cached rows (copied or rendered again), counts them and caches them anew;
        ``False`` (nothing done) for RM rows made from another sampler state."""
        rm = None
        if self.pairs is not None:
            if cached.get("state_in") != state_hash(self.pairs.state()):
                return False
            rm = {k: cached[k] for k in ("state_in", "state_out", "stats")}
        sel.replay(cached)
        names = [w.name for w in self.writers]
        same = self.prev.formats == names and all(self.splits[tuple(k.rsplit("/", 1))].source is not None
                                                  for k in cached["n"])
        entry = None
        if same:
            if all(t in self.same_tools for t in cached["tools"]):  # no row offers a changed tool
                entry = self._copy(cached, {})
            else:
                with _collector_held():
                    subs = self._substitutes(cached)
                if subs is not None:
                    entry = self._copy(cached, subs)
        if entry is None:
            entry = pack(self._rows(cached), names)
        entry["records"] = self.cache.carry(cached["records"])
        if self.on_row:
            for _ in range(cached["count"]):
                self.on_row()
        if rm is not None:
            self.pairs.restore(rm["state_out"])
            add_stats(self.pairs.stats, rm["stats"])
        self.scenarios += sel.want > 0
        self.cache.scenario(sel.scenario, {"key": key, **{k: cached[k] for k in ("docs", "reads", "checked", "passed",
                                                                                 "drops", "duplicates", "shortfall")},
                                           **entry, **(rm or {})})
        return True

    def _copy(self, cached: dict[str, Any], subs: dict[str, list]) -> dict[str, Any]:
        """A scenario's rows copied from the previous files, a run per file, with the substitutes ``subs``
        (``{format}/{split}`` -> ``[(relative place, what, data), ...]``, :meth:`_substitutes`) in place of some
        rows; its entry without ``records``."""
        at = {}
        for k, n in cached["n"].items():
            fmt, split = k.rsplit("/", 1)
            counter = self.rows[fmt][self.kind]
            at[k] = counter[split]
            writer, start = self.splits[(fmt, split)], cached["at"][k]
            pos = 0
            for place, what, data in subs.get(k, ()):
                writer.add_old_range(start + pos, place - pos)
                writer.substitute(start + place, what, data)
                pos = place + 1
            writer.add_old_range(start + pos, n - pos)
            counter[split] += n
            self.copied += n - len(subs.get(k, ()))
        for fmt, constructs in cached["left"].items():
            counts = self.left.setdefault(fmt, {}).setdefault(self.kind, {})
            for construct, n in constructs.items():
                counts[construct] = counts.get(construct, 0) + n
        return {k: cached[k] for k in ("n", "left", "tools", "facts", "count", "rows")} | {"at": at}

    def _substitutes(self, cached: dict[str, Any]) -> dict[str, list] | None:
        """What replaces the rows of a scenario that offer a changed tool, when every row keeps its place in every
        file (same formats, and a row left out of a format before is left out again, for the same construct):
        per ``{format}/{split}``, ``[(relative place, "swap", offered) | (relative place, "cols", patch) |
        (relative place, "row", row), ...]`` -- the changed tools' items swapped (:mod:`compiler.swap`), the tool
        columns replaced (:meth:`compiler.writers.base.Writer.tool_columns`) or the row rendered again from its
        record; ``None`` when some row's place changes (the caller goes row by row, :meth:`_rows`)."""
        from .writers import LeftOut

        kind, same, base = self.kind, self.same_tools, cached["records"][0]
        subs: dict[str, list] = {}
        for split, offered, rel, _, a, b in orjson.loads(cached["rows"]):
            if same.issuperset(offered):
                continue
            rec = None
            for w, place in zip(self.writers, rel):
                cols = self.tool_columns[w.name]
                if cols:
                    if not isinstance(place, str):  # (left out before: left out again, the writer promises)
                        swap = self._swap(w.name)
                        subs.setdefault(f"{w.name}/{split}", []).append(
                            (place, "swap", offered) if swap is not None and swap.covers(offered, same)
                            else (place, "cols", self._patch(w.name, offered)))
                    continue
                if rec is None:
                    rec = decode_record(self.prev.record_bytes(kind, base + a, base + b), self.defs)
                try:
                    row = w.render(rec)
                except LeftOut as out:
                    if place == out.construct:
                        continue
                    return None
                if isinstance(place, str):
                    return None
                self.encoders[(w.name, kind)].check(row, place)
                subs.setdefault(f"{w.name}/{split}", []).append((place, "row", row))
        for k, items in subs.items():
            if items[0][1] != "row":
                self.patched += len(items)
            else:
                self.rendered += len(items)
        return subs

    def _swap(self, fmt: str):
        """``fmt``'s :class:`compiler.swap.ToolSwap` (tool columns all lists, a changed tool known before) or None."""
        if fmt not in self._swaps:
            from .swap import ToolSwap

            cols, swap = self.tool_columns[fmt], None
            changed = [n for n in self.defs if n not in self.same_tools and n in self.prev.defs]
            if cols and changed and all(fn is list for fn in cols.values()):
                swap = ToolSwap(list(cols), {n: self.prev.defs[n] for n in changed},
                                {n: self.defs[n] for n in changed}, self.encoders[(fmt, self.kind)],
                                lambda offered, fmt=fmt: self._patch(fmt, offered))
                for (f, _), writer in self.splits.items():
                    if f == fmt:
                        writer.swap = swap
            self._swaps[fmt] = swap
        return self._swaps[fmt]

    def _patch(self, fmt: str, offered: list[str]) -> list[tuple]:
        """The tool columns of a row of ``fmt`` offering ``offered``: ``[(column, value, previous JSON text, new
        JSON text), ...]`` (texts as the column appears in a JSONL line, the previous one ``None`` where the
        previous definitions are not known)."""
        key = (fmt, *offered)
        hit = self._patches.get(key)
        if hit is None:
            if len(self._patches) >= _CHUNK * 8:  # most lists are a row's own (distractors): kept a while only
                self._patches.clear()
            new = tuple([self.defs[n] for n in offered])
            old = None if any(n not in self.prev.defs for n in offered) else tuple([self.prev.defs[n] for n in offered])
            hit = []
            for col, fn in self.tool_columns[fmt].items():
                name = orjson.dumps(col) + b":"
                value = fn(new)
                if fn is list:  # orjson writes a list as its items' texts joined by commas: each tool's text made once
                    texts = (None if old is None else name + self._texts(offered, self.prev.defs, self._old_texts),
                             name + self._texts(offered, self.defs, self._new_texts))
                else:
                    texts = (None if old is None else name + orjson.dumps(fn(old)), name + orjson.dumps(value))
                hit.append((col, value, *texts))
            self._patches[key] = hit
        return hit

    @staticmethod
    def _texts(names: list[str], defs: dict[str, Any], memo: dict[str, bytes]) -> bytes:
        """``orjson.dumps([defs[n] for n in names])``, from each definition's text made once (in ``memo``)."""
        out = []
        for n in names:
            text = memo.get(n)
            if text is None:
                text = memo[n] = orjson.dumps(defs[n])
            out.append(text)
        return b"[" + b",".join(out) + b"]"

    def _rows(self, cached: dict[str, Any]) -> list[list]:
        """A scenario's rows one by one: copied where their tools are unchanged, else rendered again from their
        records; returns them for :func:`pack` (spans relative to the scenario's records)."""
        from .writers import LeftOut

        kind, rows_out = self.kind, []
        base = cached["records"][0]
        for split, tools, places, facts, span in unpack(cached, self.prev.formats):
            unchanged = all(t in self.same_tools for t in tools)
            rec = None
            new_places: list = []
            for w in self.writers:
                oi = self.old_format.get(w.name)
                place = places[oi] if oi is not None else None
                if isinstance(place, str) and unchanged:  # left out of this format before, for the same record and tools
                    counts = self.left.setdefault(w.name, {}).setdefault(kind, {})
                    counts[place] = counts.get(place, 0) + 1
                    new_places.append(place)
                    continue
                out = self.splits[(w.name, split)]
                counter = self.rows[w.name][kind]
                old = isinstance(place, int) and out.source is not None
                if old and unchanged:
                    out.add_old_range(place, 1)
                    self.copied += 1
                else:
                    if rec is None:
                        rec = decode_record(self.prev.record_bytes(kind, *span), self.defs)
                    try:
                        row = w.render(rec)
                    except LeftOut as left:
                        counts = self.left.setdefault(w.name, {}).setdefault(kind, {})
                        counts[left.construct] = counts.get(left.construct, 0) + 1
                        new_places.append(left.construct)
                        continue
                    self.encoders[(w.name, kind)].check(row, counter[split])
                    if old:
                        out.substitute(place, "row", row)
                    else:
                        out.add_new(row)
                    self.rendered += 1
                new_places.append(counter[split])
                counter[split] += 1
            rows_out.append([split, tools, new_places, facts, [span[0] - base, span[1] - base]])
        return rows_out


class RmStates:
    """Records, per computed RM scenario, the pair sampler's state entering it (hashed), the state leaving it and
    what it added to the sampler's stats, in the scenario's cache entry (what :meth:`Replay.scenario` checks and
    restores). RM scenarios are made one after another (:func:`compiler.merge.run_kind`), so a scenario ends
    where the next one, computed or replayed, begins.

    Args:
        cache: this build's cache writer (its current kind is ``rm``).
        pairs: the build's pair sampler.
    """

    def __init__(self, cache: CacheWriter, pairs) -> None:
        self.cache, self.pairs = cache, pairs
        self._open: tuple | None = None

    def start(self, name: str) -> None:
        """A computed scenario begins (``run_kind``'s ``on_start``)."""
        self.leave()
        self._open = (name, state_hash(self.pairs.state()), self.pairs.stats.to_json())

    def leave(self) -> None:
        """The scenario computed last has ended: completes its entry."""
        if self._open is not None:
            name, state_in, stats = self._open
            self._open = None
            self.cache.scenario(name, {"state_in": state_in, "state_out": self.pairs.state(),
                                       "stats": stats_delta(stats, self.pairs.stats.to_json())})

    def before_reuse(self, reuse: Callable[[Any], bool]) -> Callable[[Any], bool]:
        """``reuse`` (a replay of one scenario), after ending the computed scenario before it."""

        def run(sel) -> bool:
            self.leave()
            return reuse(sel)

        return run


def stats_delta(before: dict[str, Any], after: dict[str, Any]) -> dict[str, Any]:
    """What a scenario's RM rows added to the sampler's :class:`~compiler.pairs.PairStats` (``to_json`` forms)."""
    lengths = {}
    for label, c in after["lengths"].items():
        b = before["lengths"].get(label, {})
        d = {k: v - b.get(k, 0) for k, v in c.items()}
        if any(d.values()):
            lengths[label] = d
    return {"hard": after["hard"] - before["hard"], "indistinct": after["indistinct"] - before["indistinct"],
            "lengths": lengths}


def add_stats(stats, delta: dict[str, Any]) -> None:
    """Adds a :func:`stats_delta` to a :class:`~compiler.pairs.PairStats`."""
    stats.hard += delta["hard"]
    stats.indistinct += delta["indistinct"]
    for label, d in delta["lengths"].items():
        c = stats.lengths.setdefault(label, {"longer": 0, "shorter": 0, "equal": 0})
        for k, v in d.items():
            c[k] += v
