"""Build stage, incremental builds: what a build keeps beside its output so that the next build into the same
``-o`` reuses untouched rows (input: the previous output; output: ``OUT/.toolc-cache/``).

Two levels of reuse, both byte-identical to a full build:

1. **Rows of a scenario** (per kind): a scenario whose *scenario key* (:func:`scenario_keys`) is unchanged
   makes the same canonical records, so its rows are not expanded again: which row indices were kept, their
   records, the verification drops and duplicates counted on the way all come from the cache. The key hashes
   everything that reaches those records: the scenario's checked AST, file and line; every tool it calls or
   offers itself, whole (descriptions too: clarifying questions quote parameter descriptions); every other
   tool of the program without its descriptions (a distractor's name and schema reach RM perturbations,
   its descriptions only the rendered tool list); the dataset's tools distractors are drawn from; every
   slot; the dataset's seed, name, system prompts, perturbations, distractors, test share, held-out kinds
   and the scenario's row count; ``--today``; and
   the code fingerprint (:func:`code_fingerprint`: toolc's own files and the versions of the libraries whose
   output reaches the files). A scenario that calls a tool simulated by user code is never reused, nor are
   RM rows (their pairs depend on the RM rows generated before them, :mod:`compiler.pairs`).
2. **Rendered rows** (per row and format): a kept row whose offered tools are all unchanged (the hash of each
   tool's definition as offered) is copied from the previous files (its JSONL line; its Arrow row read back
   from the Parquet file, which re-encodes to the same bytes); a row that offers a changed tool is rendered
   again from its cached record with the new definitions. A one-tool description change therefore re-renders
   only the rows that offer that tool and expands only the rows of the scenarios that call it.

Files (listed in the output's marker, so :mod:`compiler.output` treats them as toolc's): ``index.json`` (the
keys, per scenario the rows kept, their offered tools and places in the files, the counts; the BLAKE2b hash of
every file it points into, checked before anything is read from it) and ``{kind}.records`` (one JSON line per
kept row: the canonical record with tools by name; JSON, never pickle: nothing in an output directory can run
code). A file whose bytes changed since is not read: its rows are rendered again, or expanded again when a
records file changed. The cache is deterministic too: the same build writes the same cache bytes.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Any

import orjson

from . import ir
from .record import Malformed, Message, Provenance, Record, ToolCall

__all__ = ["CACHE_DIR", "CacheWriter", "Previous", "code_fingerprint", "decode_record", "encode_record",
           "scenario_keys", "tool_hashes"]

#: The cache's folder inside an output directory.
CACHE_DIR = ".toolc-cache"
#: Bumped when the cache's layout changes (an older cache is then ignored).
LAYOUT = 2
#: Libraries whose versions change bytes a build writes (Faker pools, Parquet encoding, JSON, templates).
_LIBRARIES = ("faker", "pyarrow", "orjson", "jinja2", "pydantic", "lark", "tzdata")

_FINGERPRINT: list[str] = []


def code_fingerprint() -> str:
    """A hash of toolc's own files (every file of the ``toolc``, ``toolc.compiler`` and ``toolc.dsl`` packages),
    the Python version and the versions of :data:`_LIBRARIES`: any change of the code that makes rows makes
    every scenario key new. Computed once per process (~10 ms)."""
    if not _FINGERPRINT:
        import sys
        from importlib import metadata

        import toolc
        import toolc.compiler
        import toolc.dsl

        h = hashlib.sha256(f"layout {LAYOUT} python {sys.version}".encode())
        for lib in _LIBRARIES:
            try:
                h.update(f"{lib} {metadata.version(lib)}\n".encode())
            except metadata.PackageNotFoundError:
                h.update(f"{lib} -\n".encode())
        roots = sorted({Path(m.__file__).parent for m in (toolc, toolc.compiler, toolc.dsl)})
        for root in roots:
            for p in sorted(root.rglob("*")):
                if p.is_file() and "__pycache__" not in p.parts and p.suffix not in (".pyc", ".pyo"):
                    h.update(str(p.relative_to(root.parent)).encode() + b"\0" + p.read_bytes() + b"\0")
        _FINGERPRINT.append(h.hexdigest())
    return _FINGERPRINT[0]


def _dump(x: Any) -> bytes:
    """Canonical bytes of AST nodes (pydantic dumps leave spans out), tuples of them and JSON values."""
    from toolc.dsl import ast

    if isinstance(x, ast.Node):
        return x.model_dump_json().encode()
    if isinstance(x, (tuple, list)):
        return b"[" + b",".join(_dump(i) for i in x) + b"]"
    return orjson.dumps(x, option=orjson.OPT_SORT_KEYS | orjson.OPT_NON_STR_KEYS, default=repr)


def _undocumented(node: Any) -> Any:
    """A tool's AST with the tool's and every parameter's description blanked (for distractor tools)."""
    from toolc.dsl import ast

    if isinstance(node, ast.Node):
        update = {}
        for name in type(node).model_fields:
            value = getattr(node, name)
            new = _undocumented(value)
            if new is not value:
                update[name] = new
        if isinstance(node, (ast.Tool, ast.Param)) and node.description:
            update["description"] = "" if isinstance(node, ast.Tool) else None
        return node.model_copy(update=update) if update else node
    if isinstance(node, tuple):
        items = tuple(_undocumented(i) for i in node)
        return items if any(a is not b for a, b in zip(items, node)) else node
    return node


def tool_hashes(prog: ir.Program) -> dict[str, str]:
    """Tool name -> hash of its definition as offered to models (what a rendered tool list shows)."""
    return {name: hashlib.sha256(orjson.dumps(t.definition)).hexdigest()[:32] for name, t in prog.tools.items()}


def scenario_keys(prog: ir.Program, plan: ir.DatasetIR, today, quotas: dict[str, dict[str, int]],
                  own_tools, pool: tuple[str, ...]) -> dict[tuple[str, str], str | None]:
    """``(kind, scenario) -> key`` (see the module docstring; ``None``: never reused).

    Args:
        own_tools: ``scenario -> tool names`` it offers itself (``Expander.tool_sets``' first part).
        pool: the dataset's tools, distractors are drawn from (``Expander.tool_pool``).
    """
    common = hashlib.sha256()
    for part in (code_fingerprint(), plan.name, plan.seed, today.isoformat(), plan.system, plan.perturb,
                 list(plan.distractors), plan.test_percent, plan.holdout, list(pool)):
        common.update(_dump(part) + b"\n")
    for name, t in prog.tools.items():  # every tool without descriptions (distractors, perturbations)
        common.update(name.encode() + b"\0" + _dump(_undocumented(t.node)) + b"\0" + t.locale.encode() + b"\n")
    for name, variants in sorted(prog.slot_variants.items()):
        for locale, slot in sorted(variants.items()):
            common.update(f"{name} {locale} {slot.locale}".encode() + _dump(slot.node) + b"\n")
    for name, slot in prog.slots.items():
        common.update(f"{name} {slot.locale}".encode() + _dump(slot.node) + b"\n")
    keys: dict[tuple[str, str], str | None] = {}
    for name in plan.scenarios:
        scen = prog.scenarios[name]
        h = common.copy()
        h.update(_dump([scen.file, scen.line, scen.locale, sorted(scen.aliases.items()),
                        sorted(scen.bindings.items()), list(scen.called), list(scen.extra_tools), scen.smalltalk]))
        h.update(_dump(scen.node))
        simulated = False
        for t in own_tools(name):
            tool = prog.tools[t]
            h.update(_dump(tool.node) + orjson.dumps(tool.definition) + tool.file.encode())
            if tool.node.simulate is not None:
                simulated = True
        for t in scen.called:
            if prog.tools[t].node.simulate is not None:
                simulated = True
        for kind, want in quotas.items():
            if name in want:
                keys[(kind, name)] = None if simulated else _finish(h.copy(), kind, want[name])
    return keys


def _finish(h, kind: str, want: int) -> str:
    h.update(f"{kind} {want}".encode())
    return h.hexdigest()[:32]


# ------------------------------------------------------------------------------------------ record codec


def _msg(m: Message) -> list:
    mal = None if m.malformed is None else [m.malformed.style, m.malformed.call.name, m.malformed.call.arguments]
    return [m.role, m.content, [[c.name, c.arguments] for c in m.tool_calls], m.name, m.raw, mal]


def _unmsg(x: list) -> Message:
    mal = None if x[5] is None else Malformed(x[5][0], ToolCall(x[5][1], x[5][2]))
    return Message(x[0], x[1], tuple([ToolCall(n, a) for n, a in x[2]]), x[3], x[4], mal)


def encode_record(rec: Record) -> bytes:
    """One record as one JSON line (tools by name; the definitions are the build's)."""
    p = rec.provenance
    return orjson.dumps([rec.kind, rec.id, [_msg(m) for m in rec.messages], [t["function"]["name"] for t in rec.tools],
                         [p.file, p.line, p.scenario, p.template, p.seed, p.dataset], rec.split,
                         [_msg(m) for m in rec.chosen], [_msg(m) for m in rec.rejected], rec.perturbation,
                         [[c.name, c.arguments] for c in rec.expected], rec.expect, list(rec.expects), rec.meta,
                         None if rec.truth is None else rec.truth.to_json(), [t.to_json() for t in rec.truths],
                         rec.hard])


def decode_record(line: bytes, definitions: dict[str, dict[str, Any]]) -> Record:
    """The record :func:`encode_record` wrote, offering the tools' ``definitions`` of this build."""
    from .checker.truth import TurnTruth

    x = orjson.loads(line)
    return Record(x[0], x[1], tuple([_unmsg(m) for m in x[2]]), tuple([definitions[n] for n in x[3]]),
                  Provenance(*x[4]), x[5], tuple([_unmsg(m) for m in x[6]]), tuple([_unmsg(m) for m in x[7]]),
                  perturbation=x[8], expected=tuple([ToolCall(n, a) for n, a in x[9]]), expect=x[10],
                  expects=tuple(x[11]), meta=x[12], truth=None if x[13] is None else TurnTruth.from_json(x[13]),
                  truths=tuple([TurnTruth.from_json(t) for t in x[14]]), hard=x[15])


# ------------------------------------------------------------------------------------------ previous build


def _digest(path: Path) -> str | None:
    """BLAKE2b of a file's bytes (``None``: unreadable); ~1 GB/s, about what reading the file costs."""
    try:
        with open(path, "rb") as f:
            return hashlib.file_digest(f, lambda: hashlib.blake2b(digest_size=16)).hexdigest()
    except OSError:
        return None


class _Lines:
    """Random access to the lines of a file by ``pread`` (line offsets found on first use: 8 bytes a line; the
    file is never held in memory)."""

    def __init__(self, path: Path) -> None:
        self._fd = os.open(path, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0))
        self._starts = None

    def at(self, start: int, stop: int) -> bytes:
        return os.pread(self._fd, stop - start, start)

    def _index(self):
        from array import array

        starts, pos = array("q", [0]), 0
        while True:
            chunk = os.pread(self._fd, 1 << 22, pos)
            if not chunk:
                break
            find, i = chunk.find, 0
            while (i := find(b"\n", i) + 1) > 0:
                starts.append(pos + i)
            pos += len(chunk)
        return starts

    def lines(self, positions: list[int]) -> list[bytes]:
        """The lines at ``positions`` (without their newline); runs of consecutive lines are read at once."""
        if self._starts is None:
            self._starts = self._index()
        starts, out, i, n = self._starts, [], 0, len(positions)
        while i < n:
            j = i
            while j + 1 < n and positions[j + 1] == positions[j] + 1:
                j += 1
            a, b = starts[positions[i]], starts[positions[j] + 1]
            out += os.pread(self._fd, b - a, a)[:-1].split(b"\n")
            i = j + 1
        return out

    def close(self) -> None:
        if self._fd >= 0:
            os.close(self._fd)
            self._fd = -1


class _Rows:
    """Random access to the Arrow rows of a Parquet file, a row group at a time (the last one kept)."""

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

    def take(self, positions: list[int]):
        """The rows at ``positions`` (ascending within one call), as one record batch of the schema."""
        import bisect

        import pyarrow as pa

        parts = []
        run: list[int] = []
        for p in positions:
            g = bisect.bisect_right(self._starts, p) - 1
            if g != self._group:
                if run:
                    parts.append(self._table.take(run))
                    run = []
                self._table = self._file.read_row_group(g)
                self._group = g
            run.append(p - self._starts[g])
        if run:
            parts.append(self._table.take(run))
        table = pa.concat_tables(parts) if len(parts) > 1 else parts[0]
        batches = table.combine_chunks().to_batches()
        if len(batches) == 1:
            return batches[0].cast(self._schema) if batches[0].schema != self._schema else batches[0]
        return pa.Table.from_batches(batches).combine_chunks().cast(self._schema).to_batches()[0]

    def close(self) -> None:
        self._file.close()


class Previous:
    """The cache of the output a build replaces (``None`` from :meth:`load` when there is none to use).

    Attributes:
        index: the previous ``index.json``.
        tools: tool name -> definition hash of the previous build.
    """

    def __init__(self, out: Path, index: dict[str, Any]) -> None:
        self.out, self.index = out, index
        self.tools: dict[str, str] = index["tools"]
        self.formats: list[str] = index["formats"]
        self._lines: dict[str, _Lines] = {}
        self._rows: dict[str, _Rows] = {}
        self._records: dict[str, _Lines] = {}
        self._valid: dict[str, bool] = {}

    @classmethod
    def load(cls, out: Path) -> "Previous | None":
        """Reads ``out``'s cache; ``None`` when absent, unreadable, of another layout, or its records changed."""
        try:
            index = orjson.loads((out / CACHE_DIR / "index.json").read_bytes())
        except (OSError, orjson.JSONDecodeError):
            return None
        if not isinstance(index, dict) or index.get("layout") != LAYOUT:
            return None
        return cls(out, index)

    def valid(self, rel: str) -> bool:
        """Whether a file the index points into holds the bytes the previous build wrote (its hash; checked once)."""
        hit = self._valid.get(rel)
        if hit is None:
            want = self.index["files"].get(rel)
            hit = self._valid[rel] = want is not None and _digest(self.out / rel) == want
        return hit

    def scenario(self, kind: str, name: str, key: str | None) -> dict[str, Any] | None:
        """The cached rows of a scenario when its key is unchanged and its records file is intact."""
        if key is None:
            return None
        entry = self.index["kinds"].get(kind, {}).get(name)
        if entry is None or entry["key"] != key or not self.valid(f"{CACHE_DIR}/{kind}.records"):
            return None
        return entry

    def record_line(self, kind: str, span: list[int]) -> bytes:
        lines = self._records.get(kind)
        if lines is None:
            lines = self._records[kind] = _Lines(self.out / CACHE_DIR / f"{kind}.records")
        return lines.at(span[0], span[1])

    def files(self, kind: str, fmt: str, split: str, schema) -> tuple[_Lines, _Rows] | None:
        """Readers of a previous ``{kind}/{fmt}/{split}`` pair of files, or ``None`` when either changed."""
        rel = f"{kind}/{fmt}/{split}"
        if rel not in self._lines:
            if not (self.valid(rel + ".jsonl") and self.valid(rel + ".parquet")):
                return None
            self._lines[rel] = _Lines(self.out / f"{rel}.jsonl")
            self._rows[rel] = _Rows(self.out / f"{rel}.parquet", schema)
        return self._lines[rel], self._rows[rel]

    def close(self) -> None:
        for r in list(self._lines.values()) + list(self._records.values()):
            r.close()
        for rows in self._rows.values():
            rows.close()
        self._lines.clear()
        self._rows.clear()
        self._records.clear()


class CacheWriter:
    """Writes this build's cache into the staging tree: records as rows are kept, the index at the end.

    Args:
        staging: the build's staging tree.
        tools: this build's :func:`tool_hashes`.
        formats: this build's format names (writers' order).
    """

    def __init__(self, staging: Path, tools: dict[str, str], formats: list[str]) -> None:
        self.dir = staging / CACHE_DIR
        self.dir.mkdir()
        self.index: dict[str, Any] = {"layout": LAYOUT, "tools": tools, "formats": formats, "kinds": {}, "files": {}}
        self._file = None
        self._kind = ""
        self._pos = 0

    def begin(self, kind: str) -> None:
        self.end()
        self._kind = kind
        self._file = open(self.dir / f"{kind}.records", "wb", buffering=1 << 20)  # noqa: SIM115
        self._pos = 0
        self.index["kinds"][kind] = {}

    def record(self, line: bytes) -> list[int]:
        """Appends one record line; returns its ``[start, stop)`` in the file."""
        start = self._pos
        self._file.write(line + b"\n")
        self._pos += len(line) + 1
        return [start, start + len(line)]

    def scenario(self, name: str, entry: dict[str, Any]) -> None:
        self.index["kinds"][self._kind][name] = entry

    def end(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None

    def finish(self, staging: Path, data_files: list[str]) -> list[str]:
        """Writes ``index.json`` with the hash of every file it points into; returns the cache's files (relative
        to the output)."""
        self.end()
        files = [f"{CACHE_DIR}/{k}.records" for k in self.index["kinds"]]
        for rel in sorted(files + data_files):
            self.index["files"][rel] = _digest(staging / rel)
        (self.dir / "index.json").write_bytes(orjson.dumps(self.index, option=orjson.OPT_SORT_KEYS))
        return files + [f"{CACHE_DIR}/index.json"]


# ------------------------------------------------------------------------------------------ writing reused rows


class _Assembler:
    """The rows of one (format, split) file in order, from two sources: rows of the previous file (by position)
    and newly rendered rows; up to 512 rows at a time are handed to the split writer as one batch (rows of the
    previous file taken in one go, new rows encoded in one go, then put in order)."""

    def __init__(self, writer, encoder, source) -> None:
        self.writer, self.encoder, self.source = writer, encoder, source
        self.order: list[int] = []  # >= 0: index into old; < 0: -1 - index into new
        self.old: list[int] = []
        self.new: list[dict[str, Any]] = []

    def add_old(self, pos: int) -> None:
        self.order.append(len(self.old))
        self.old.append(pos)
        if len(self.order) >= 512:
            self.flush()

    def add_new(self, row: dict[str, Any]) -> None:
        self.order.append(-1 - len(self.new))
        self.new.append(row)
        if len(self.order) >= 512:
            self.flush()

    def flush(self) -> None:
        import pyarrow as pa

        if not self.order:
            return
        old_lines = new_lines = []
        batches = []
        if self.old:
            lines, rows = self.source
            old_lines = lines.lines(self.old)
            batches.append(rows.take(self.old))
        if self.new:
            new_lines = self.encoder.lines(self.new)
            batches.append(self.encoder.batch(self.new))
        n_old = len(self.old)
        if len(batches) == 1:
            self.writer.add_encoded(old_lines or new_lines, batches[0])
        else:
            perm = [i if i >= 0 else n_old - 1 - i for i in self.order]
            table = pa.Table.from_batches(batches, schema=self.encoder.schema).take(perm).combine_chunks()
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
        writers: this build's writers; ``splits``: their split writers by ``(format, split)``;
            ``encoders``: ``(format, kind) -> RowEncoder``.
        rows, left: the build's counters of written and left-out rows (updated).
        on_row: progress callback.
    """

    def __init__(self, prev: Previous, cache: CacheWriter, prog: ir.Program, kind: str, writers, splits, encoders,
                 rows, left, on_row=None) -> None:
        self.prev, self.cache, self.kind, self.writers = prev, cache, kind, writers
        self.splits, self.encoders, self.rows, self.left, self.on_row = splits, encoders, rows, left, on_row
        self.defs = {n: t.definition for n, t in prog.tools.items()}
        self.same_tools = {n for n, h in tool_hashes(prog).items() if prev.tools.get(n) == h}
        self.old_format = {f: i for i, f in enumerate(prev.formats)}
        self.asm: dict[tuple[str, str], _Assembler] = {}
        #: rows copied from the previous files and rows rendered again (for reports and tests)
        self.copied = self.rendered = 0

    def _assembler(self, fmt: str, split: str) -> _Assembler:
        a = self.asm.get((fmt, split))
        if a is None:
            enc = self.encoders[(fmt, self.kind)]
            source = self.prev.files(self.kind, fmt, split, enc.schema) if fmt in self.old_format else None
            a = self.asm[(fmt, split)] = _Assembler(self.splits[(fmt, split)], enc, source)
        return a

    def scenario(self, sel, cached: dict[str, Any], key: str) -> None:
        """Writes one scenario's cached rows (copied or rendered again), counts them and caches them anew."""
        from .writers import LeftOut

        sel.replay(cached)
        kind, rows_out = self.kind, []
        for split, tools, places, facts, span in cached["rows"]:
            line = self.prev.record_line(kind, span)
            new_span = self.cache.record(line)
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
                if place is not None and asm.source is not None:
                    asm.add_old(place)
                    self.copied += 1
                else:
                    if rec is None:
                        rec = decode_record(line, self.defs)
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
            rows_out.append([split, tools, new_places, facts, new_span])
            if self.on_row:
                self.on_row()
        for a in self.asm.values():
            a.flush()
        self.cache.scenario(sel.scenario, {"key": key, **{k: cached[k] for k in ("checked", "passed", "drops",
                                                                                 "duplicates", "shortfall")},
                                           "rows": rows_out})
