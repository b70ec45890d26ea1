"""A changed tool's definition swapped in the rows an incremental build keeps (compiler/swap.py): a run of rows at
a time, in the JSONL bytes and the Arrow list column, the same as the rows re-encoded; a run that does not hold the
old definitions where expected is left to the row-by-row path, and a build that takes either path writes the bytes
of a full build."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import orjson
import pyarrow as pa
import pytest

from toolc.compiler.cache import _Lines
from toolc.compiler.swap import ToolSwap

TYPE = pa.list_(pa.struct([("name", pa.string()), ("doc", pa.string())]))
OLD = {"a": {"name": "a", "doc": "old a"}, "b": {"name": "b", "doc": "old b"}}
NEW = {"a": {"name": "a", "doc": "new a, longer"}}
KEEP = {"c": {"name": "c", "doc": "c"}}


class _Encoder:
    def column(self, name, values):
        return pa.array(values, type=TYPE)


def _rows(defs, offered_lists, echo=None):
    return [{"id": str(i), "tools": [defs[n] for n in offered], "echo": echo} for i, offered in enumerate(offered_lists)]


def _files(tmp_path: Path, rows) -> tuple[_Lines, pa.RecordBatch]:
    path = tmp_path / "prev.jsonl"
    path.write_bytes(b"".join(orjson.dumps(r) + b"\n" for r in rows))
    batch = pa.RecordBatch.from_pylist([{"tools": r["tools"]} for r in rows], schema=pa.schema([("tools", TYPE)]))
    return _Lines(path), batch


def _text(parts) -> bytes:
    return b"".join(os.pread(p[0], p[2] - p[1], p[1]) if isinstance(p, tuple) else p for p in parts)


OFFERED = [["a", "c"], ["c"], ["c", "a"], ["a"], ["c"]]


def test_a_run_is_the_rows_encoded_again_with_the_new_definitions(tmp_path):
    old_defs, new_defs = {**OLD, **KEEP}, {**OLD, **KEEP, **NEW}
    lines, batch = _files(tmp_path, _rows(old_defs, OFFERED))
    swap = ToolSwap(["tools"], {"a": OLD["a"]}, NEW, _Encoder(), patch=lambda offered: [])
    assert swap.covers(["a", "c"], {"c"}) and not swap.covers(["a", "b"], {"c"})
    rows = [(i, o) for i, o in enumerate(OFFERED) if "a" in o]
    parts, out = swap.write(lines, 0, len(OFFERED), batch, rows)
    want = _rows(new_defs, OFFERED)
    assert _text(parts) == b"".join(orjson.dumps(r) + b"\n" for r in want)
    assert out.column(0).to_pylist() == [r["tools"] for r in want]
    # a run inside the file: rows [1, 4)
    parts, out = swap.write(lines, 1, 4, batch.slice(1, 3), [(1, OFFERED[2]), (2, OFFERED[3])])
    assert _text(parts) == b"".join(orjson.dumps(r) + b"\n" for r in want[1:4])
    assert out.column(0).to_pylist() == [r["tools"] for r in want[1:4]]


@pytest.mark.parametrize("where", ["echo", "missing"])
def test_a_run_holding_an_old_definition_elsewhere_is_refused(tmp_path, where):
    """The old text must occur once in each row offering the tool: also in another column of such a row (rows
    echoing it), or missing from a row said to offer it, and the run is left to the row-by-row path (``None``)."""
    defs = {**OLD, **KEEP}
    rows = _rows(defs, OFFERED, echo=OLD["a"] if where == "echo" else None)
    lines, batch = _files(tmp_path, rows)
    swap = ToolSwap(["tools"], {"a": OLD["a"]}, NEW, _Encoder(), patch=lambda offered: [])
    said = [(i, o) for i, o in enumerate(OFFERED) if "a" in o]
    if where == "missing":
        said.append((1, ["c", "a"]))
    assert swap.write(lines, 0, len(OFFERED), batch, sorted(said)) is None


def test_only_the_rows_offering_a_changed_tool_are_searched(tmp_path):
    """A row that does not offer the changed tool keeps its bytes whatever they hold (nothing of it depends on the
    tool): an old definition's text in it is neither swapped nor a reason to refuse the run."""
    defs, new_defs = {**OLD, **KEEP}, {**OLD, **KEEP, **NEW}
    rows = _rows(defs, OFFERED)
    rows[1]["echo"] = OLD["a"]  # row 1 offers only "c"
    lines, batch = _files(tmp_path, rows)
    swap = ToolSwap(["tools"], {"a": OLD["a"]}, NEW, _Encoder(), patch=lambda offered: [])
    parts, out = swap.write(lines, 0, len(OFFERED), batch, [(i, o) for i, o in enumerate(OFFERED) if "a" in o])
    want = _rows(new_defs, OFFERED)
    want[1]["echo"] = OLD["a"]
    assert _text(parts) == b"".join(orjson.dumps(r) + b"\n" for r in want)
    assert out.column(0).to_pylist() == [r["tools"] for r in want]


def test_a_rebuild_swaps_runs_and_falls_back_to_rows_with_the_same_bytes(tmp_path, monkeypatch):
    """A tool description edit rebuilt in the openai format swaps whole runs; with every run refused it replaces
    the rows' tools columns one by one; both equal a full build."""
    from test_incremental import SPECS, _build, _edit, _same_as_full

    from toolc.compiler import swap as swap_mod

    spec_dir = tmp_path / "specs"
    shutil.copytree(SPECS, spec_dir, ignore=shutil.ignore_patterns("__pycache__", "*.py"))
    spec = spec_dir / "main.tool"
    _build(spec, tmp_path / "base", formats=["openai"], rm=0)
    _edit(spec_dir / "tools_travel.tool", 'tool get_weather "Get the daily weather',
          'tool get_weather "(edited) Get the daily weather')
    real = swap_mod.ToolSwap.write
    for refuse in (False, True):
        out = tmp_path / f"out-{refuse}"
        shutil.copytree(tmp_path / "base", out)
        taken = []

        def write(self, *a, refuse=refuse, taken=taken):
            got = None if refuse else real(self, *a)
            taken.append(got is not None)
            return got

        monkeypatch.setattr(swap_mod.ToolSwap, "write", write)
        stats: dict = {}
        _build(spec, out, stats, formats=["openai"], rm=0)
        assert taken and all(taken) != refuse and stats["patched"] > 0 and stats["computed_rows"] == 0
        _same_as_full(spec, out, tmp_path / f"full-{refuse}", formats=["openai"], rm=0)
