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

from typing import Any, Callable

import orjson

from . import ir
from .cache import CacheWriter, Previous, Source, decode_record, link_or_copy, state_hash, tool_hashes

__all__ = ["CarryingWriter", "Replay", "RmStates", "pack", "unpack"]

#: Rows read back from a previous file at a time: one by one (rows of a scenario that offer a changed tool
#: between them), or as a run.
_CHUNK, _RUN = 512, 4096


def pack(rows: list[list], formats: list[str]) -> dict[str, Any]:
    """The cache entry of a scenario's kept rows, except its key and counts.

    Args:
        rows: per kept row, in order, ``[split, offered tool names, places, facts, [start, stop)]``: per format
            the row's position in its ``{format}/{split}`` file (or the construct it was left out for), its
            :func:`compiler.generate.row_facts` and its record's span in the records file.
        formats: the build's format names.

    Returns:
        ``at`` / ``n``: per ``{format}/{split}`` the position of the scenario's first row there and its rows (a
        scenario's rows are consecutive in every file); ``left``: per format the rows left out, by construct;
        ``tools``: every tool its rows offer; ``facts``: ``[facts, rows]`` pairs (what the manifest counts);
        ``records``: its byte range in the records file; ``count``; ``rows``: the rows as JSON text with places
        and spans relative to ``at`` and ``records`` (so a reused scenario's text is kept as it is, and
        ``index.json`` loads without making an object per row).
    """
    at: dict[str, int] = {}
    n: dict[str, int] = {}
    left: dict[str, dict[str, int]] = {}
    tools: set[str] = set()
    facts: dict[bytes, list] = {}
    base = rows[0][4][0] if rows else 0
    out = []
    for split, offered, places, fact, span in rows:
        tools.update(offered)
        rel: list = []
        for fmt, p in zip(formats, places):
            if isinstance(p, str):
                counts = left.setdefault(fmt, {})
                counts[p] = counts.get(p, 0) + 1
                rel.append(p)
                continue
            k = f"{fmt}/{split}"
            first = at.setdefault(k, p)
            n[k] = n.get(k, 0) + 1
            rel.append(p - first)
        b = orjson.dumps(fact)
        hit = facts.get(b)
        if hit is None:
            facts[b] = [fact, 1]
        else:
            hit[1] += 1
        out.append([split, offered, rel, fact, span[0] - base, span[1] - base])
    return {"at": at, "n": n, "left": left, "tools": sorted(tools), "facts": list(facts.values()),
            "records": [base, rows[-1][4][1] + 1 if rows else base], "count": len(rows),
            "rows": orjson.dumps(out).decode()}


def unpack(entry: dict[str, Any], formats: list[str]) -> list[list]:
    """The rows :func:`pack` packed (``formats``: the build's that packed them), with absolute places and spans."""
    at, base = entry["at"], entry["records"][0]
    rows = []
    for split, offered, rel, fact, a, b in orjson.loads(entry["rows"]):
        places = [p if isinstance(p, str) else at[f"{fmt}/{split}"] + p for fmt, p in zip(formats, rel)]
        rows.append([split, offered, places, fact, [base + a, base + b]])
    return rows


class CarryingWriter:
    """A :class:`compiler.files.SplitWriter` that carries the previous build's files when nothing changed them.

    Args:
        writer: the split writer (its ``out_dir`` and ``split`` name the files).
        source: ``() -> Source | None``, the previous build's same pair of files (opened on first use).
        rel: ``{kind}/{format}/{split}``.
    """

    def __init__(self, writer, source: Callable[[], Source | None], rel: str) -> None:
        self.writer, self._source_fn, self.rel = writer, source, rel
        self._source: Source | None = None
        self._opened = False
        self.pending = 0  # rows 0 .. pending-1 of the previous file, not yet written
        self.pure = True  # every row so far was the next row of the previous file

    @property
    def source(self) -> Source | None:
        if not self._opened:
            self._opened = True
            self._source = self._source_fn()
        return self._source

    @property
    def count(self) -> int:
        return self.pending + self.writer.count

    def __enter__(self) -> "CarryingWriter":
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        self.writer.discard()

    def add_encoded(self, lines: list[bytes], batch) -> None:
        """Appends rows encoded by a :class:`compiler.files.RowEncoder` (as the split writer does)."""
        self._materialize()
        self.writer.add_encoded(lines, batch)

    def add_old(self, positions: list[int]) -> None:
        """Appends the previous file's rows at ``positions`` (ascending)."""
        n = len(positions)
        if self.pure and positions[0] == self.pending and positions[-1] == self.pending + n - 1:
            self.pending += n
            return
        self._materialize()
        self.writer.add_encoded(*self.source.read(positions))

    def add_old_range(self, start: int, n: int) -> None:
        """Appends the previous file's rows ``[start, start + n)``."""
        if self.pure and start == self.pending:
            self.pending += n
            return
        self._materialize()
        self._copy(start, start + n)

    def read(self, positions: list[int]):
        """``(lines, batch)`` of the previous file's rows at ``positions``."""
        return self.source.read(positions)

    def _copy(self, start: int, stop: int) -> None:
        """Writes the previous file's rows ``[start, stop)``: their JSONL bytes copied as they are, their Arrow rows
        read back from the Parquet file."""
        src = self.source
        for a in range(start, stop, _RUN):
            b = min(a + _RUN, stop)
            self.writer.add_copied(src.lines.fd, *src.lines.offsets(a, b), src.table.slice(a, b))

    def _materialize(self) -> None:
        """Writes the rows counted so far; from here on every row is written."""
        n, self.pending, self.pure = self.pending, 0, False
        self._copy(0, n)

    def finish(self, empty_files: bool = True) -> int:
        """Carries the previous files when this file is all of their rows in order, else completes the written
        files (:meth:`compiler.files.SplitWriter.finish`); returns the rows."""
        if self.pure and self.pending and self.source is not None and self.pending == self.source.rows:
            out_dir, split = self.writer.out_dir, self.writer.split
            out_dir.mkdir(exist_ok=True)  # never its parents (SplitWriter.finish)
            for ext in ("jsonl", "parquet"):
                link_or_copy(self.source.out / f"{self.rel}.{ext}", out_dir / f"{split}.{ext}")
            n, self.pending = self.pending, 0
            self.writer.discard()
            return n
        self._materialize()
        return self.writer.finish(empty_files)


class _Assembler:
    """The rows of one (format, split) file in order, from two sources: rows of the previous file (by position)
    and newly rendered rows; up to 512 rows at a time are handed to the writer as one batch (rows of the
    previous file taken in one go, new rows encoded in one go, then put in order)."""

    def __init__(self, writer: CarryingWriter, encoder) -> None:
        self.writer, self.encoder = writer, encoder
        self.order: list[int] = []  # >= 0: index into old; < 0: -1 - index into new
        self.old: list[int] = []
        self.new: list[dict[str, Any]] = []

    def add_old(self, pos: int) -> None:
        self.order.append(len(self.old))
        self.old.append(pos)
        if len(self.order) >= _CHUNK:
            self.flush()

    def add_new(self, row: dict[str, Any]) -> None:
        self.order.append(-1 - len(self.new))
        self.new.append(row)
        if len(self.order) >= _CHUNK:
            self.flush()

    def flush(self) -> None:
        import pyarrow as pa

        if not self.order:
            return
        if not self.new:
            self.writer.add_old(self.old)
        elif not self.old:
            self.writer.add_encoded(self.encoder.lines(self.new), self.encoder.batch(self.new))
        else:
            old_lines, old_batch = self.writer.read(self.old)
            new_lines = self.encoder.lines(self.new)
            n_old = len(self.old)
            perm = [i if i >= 0 else n_old - 1 - i for i in self.order]
            table = pa.Table.from_batches([old_batch, self.encoder.batch(self.new)],
                                          schema=self.encoder.schema).take(perm).combine_chunks()
            lines = [old_lines[i] if i >= 0 else new_lines[-1 - i] for i in self.order]
            self.writer.add_encoded(lines, table.to_batches()[0])
        self.order, self.old, self.new = [], [], []


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
        self.asm: dict[tuple[str, str], _Assembler] = {}
        #: scenarios replayed; rows copied from the previous files and rows rendered again (reports and tests)
        self.scenarios = self.copied = self.rendered = 0

    def _assembler(self, fmt: str, split: str) -> _Assembler:
        a = self.asm.get((fmt, split))
        if a is None:
            a = self.asm[(fmt, split)] = _Assembler(self.splits[(fmt, split)], self.encoders[(fmt, self.kind)])
        return a

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
        whole = (self.prev.formats == names and all(t in self.same_tools for t in cached["tools"])
                 and all(self.splits[tuple(k.rsplit("/", 1))].source is not None for k in cached["n"]))
        if whole:  # no row offers a changed tool: runs of rows copied as they are
            entry = self._copy(cached)
        else:
            entry = pack(self._rows(cached), names)
        entry["records"] = self.cache.carry(cached["records"])
        if self.on_row:
            for _ in range(cached["count"]):
                self.on_row()
        if rm is not None:
            self.pairs.restore(rm["state_out"])
            add_stats(self.pairs.stats, rm["stats"])
        self.scenarios += sel.want > 0
        self.cache.scenario(sel.scenario, {"key": key, **{k: cached[k] for k in ("checked", "passed", "drops",
                                                                                 "duplicates", "shortfall")},
                                           **entry, **(rm or {})})
        return True

    def _copy(self, cached: dict[str, Any]) -> dict[str, Any]:
        """A scenario's rows copied from the previous files, a run per file; its entry without ``records``."""
        at = {}
        for k, n in cached["n"].items():
            fmt, split = k.rsplit("/", 1)
            counter = self.rows[fmt][self.kind]
            at[k] = counter[split]
            self.splits[(fmt, split)].add_old_range(cached["at"][k], n)
            counter[split] += n
            self.copied += n
        for fmt, constructs in cached["left"].items():
            counts = self.left.setdefault(fmt, {}).setdefault(self.kind, {})
            for construct, n in constructs.items():
                counts[construct] = counts.get(construct, 0) + n
        return {k: cached[k] for k in ("n", "left", "tools", "facts", "count", "rows")} | {"at": at}

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
                place = places[oi] if oi is not None and unchanged else None
                if isinstance(place, str):  # left out of this format before, for the same record and tools
                    counts = self.left.setdefault(w.name, {}).setdefault(kind, {})
                    counts[place] = counts.get(place, 0) + 1
                    new_places.append(place)
                    continue
                asm = self._assembler(w.name, split)
                counter = self.rows[w.name][kind]
                if place is not None and asm.writer.source is not None:
                    asm.add_old(place)
                    self.copied += 1
                else:
                    if rec is None:
                        rec = decode_record(self.prev.record_bytes(kind, *span), self.defs)
                    try:
                        row = w.render(rec)
                    except LeftOut as out:
                        counts = self.left.setdefault(w.name, {}).setdefault(kind, {})
                        counts[out.construct] = counts.get(out.construct, 0) + 1
                        new_places.append(out.construct)
                        continue
                    self.encoders[(w.name, kind)].check(row, counter[split])
                    asm.add_new(row)
                    self.rendered += 1
                new_places.append(counter[split])
                counter[split] += 1
            rows_out.append([split, tools, new_places, facts, [span[0] - base, span[1] - base]])
        for a in self.asm.values():
            a.flush()
        return rows_out


class RmStates:
    """Records, per computed RM scenario, the pair sampler's state entering it (hashed), the state leaving it and
    what it added to the sampler's stats, in the scenario's cache entry (what :meth:`Replay.scenario` checks and
    restores). RM scenarios are made one after another (:func:`compiler.shards.run_kind`), so a scenario ends
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
