"""Files stage tests: rows written as JSONL and Parquet by ``compiler/files.py`` (``write_dataset``), read back
with ``datasets``: round trips for every format and kind, byte-determinism, empty splits, row groups, and the
JSON encoding of rows."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import datasets
import orjson
import pyarrow.parquet as pq
import pytest
from writer_fixtures import records_of, sft_records

from toolc.compiler.files import RowColumnsError, write_dataset
from toolc.compiler.writers import FORMAT_NAMES, get_writer
from toolc.vocab import KINDS



def _load(builder: str, path: Path, cache: Path, features: datasets.Features | None = None) -> datasets.Dataset:
    return datasets.load_dataset(builder, data_files=str(path), split="train", cache_dir=str(cache), features=features)


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("name", FORMAT_NAMES)
def test_write_dataset_round_trips_through_load_dataset(tmp_path: Path, name: str, kind: str) -> None:
    writer = get_writer(name)
    features = writer.features(kind)  # type: ignore[arg-type]
    records = records_of(kind)
    expected = [writer.render(r) for r in records]
    out = tmp_path / "out" / kind / name
    count = write_dataset((writer.render(r) for r in records), features, out, "train")
    assert count == len(records)
    assert sorted(p.name for p in out.iterdir()) == ["train.jsonl", "train.parquet"]
    assert sorted(p.name for p in (tmp_path / "out" / kind).iterdir()) == [name], "temporary cache left behind"

    parquet = _load("parquet", out / "train.parquet", tmp_path / "hf")
    assert parquet.features == features.to_datasets()
    assert parquet.to_list() == expected
    typed_json = _load("json", out / "train.jsonl", tmp_path / "hf", features.to_datasets())
    assert typed_json.to_list() == expected
    # What a TRL user does: load the JSONL with inferred types; the values are the same.
    inferred = _load("json", out / "train.jsonl", tmp_path / "hf")
    assert inferred.to_list() == expected
    lines = (out / "train.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) == len(records)
    assert "北京" in "".join(lines), "non-ASCII text is written unescaped (force_ascii=False)"


def test_write_dataset_is_byte_deterministic_and_overwrites(tmp_path: Path) -> None:
    writer = get_writer("openai")
    features = writer.features("sft")
    rows = [writer.render(r) for r in sft_records()]
    paths = []
    for run in ("a", "b"):
        write_dataset(iter(rows), features, tmp_path / run, "train")
        paths.append(tmp_path / run)
    for suffix in ("jsonl", "parquet"):
        assert (paths[0] / f"train.{suffix}").read_bytes() == (paths[1] / f"train.{suffix}").read_bytes()
    # A re-run into the same directory with different rows must not reuse anything from the first run.
    assert write_dataset(iter(rows[:2]), features, paths[0], "train") == 2
    assert pq.read_table(paths[0] / "train.parquet").num_rows == 2
    ids = [json.loads(line)["id"] for line in (paths[0] / "train.jsonl").read_text().splitlines()]
    assert ids == [r["id"] for r in rows[:2]]


def test_shared_tool_lists_encode_as_fresh_copies_do(monkeypatch: pytest.MonkeyPatch) -> None:
    """The ``tools`` column's definitions are encoded once each (compiler.files.SHARED_COLUMNS): rows sharing them
    give the JSONL lines and Arrow rows that row-by-row encoding gives, across batches and after the cache of
    definitions starts again."""
    import copy

    from toolc.compiler import files

    writer = get_writer("openai")
    features = writer.features("sft")
    shared = [writer.render(r) for r in sft_records()] * 3
    fresh = [{**row, "tools": copy.deepcopy(row["tools"])} for row in shared]
    assert len({id(t) for row in shared for t in row["tools"]}) < len(shared)
    reference = files.RowEncoder(features)
    reference._shared = {}  # every column converted row by row
    encoder = files.RowEncoder(features)
    assert set(encoder._shared) == {"tools"}
    for keep in (files.SHARED_MAX, 2):  # 2: definitions are forgotten and encoded again within one row
        monkeypatch.setattr(files, "SHARED_MAX", keep)
        for rows in (shared[:5], shared, shared[3:], fresh):
            assert encoder.lines(rows) == reference.lines(rows)
            assert encoder.lines(rows) == [orjson.dumps(r) for r in rows]
            assert encoder.batch(rows).equals(reference.batch(rows))


def test_write_dataset_empty_writes_schema_only_files(tmp_path: Path) -> None:
    features = get_writer("openai").features("rm")
    assert write_dataset(iter(()), features, tmp_path / "o", "test") == 0
    assert (tmp_path / "o" / "test.jsonl").read_bytes() == b""
    table = pq.read_table(tmp_path / "o" / "test.parquet")
    assert table.num_rows == 0
    assert table.schema.names == list(features)
    assert datasets.Dataset(table).features == features.to_datasets()  # the features survive in the metadata
    # datasets.load_dataset refuses splits with no rows, whatever the file (documented in compiler.files).
    with pytest.raises(ValueError, match="corresponds to no data"):
        _load("parquet", tmp_path / "o" / "test.parquet", tmp_path / "hf")


def test_write_dataset_streams_rows_without_datasets_progress_bars(tmp_path: Path) -> None:
    writer = get_writer("qwen-fc")
    consumed = []

    def rows() -> Any:
        for r in sft_records():
            consumed.append(r.id)
            yield writer.render(r)

    datasets.enable_progress_bars()
    try:
        assert write_dataset(rows(), writer.features("sft"), tmp_path / "o", "train") == len(sft_records())
        assert not datasets.utils.are_progress_bars_disabled(), "progress bar state must be left alone"
    finally:
        datasets.disable_progress_bars()
    assert consumed == [r.id for r in sft_records()]


def test_write_dataset_rejects_rows_that_do_not_fit(tmp_path: Path) -> None:
    features = get_writer("qwen").features("sft")
    good = {"text": "x", "expects": "[]", "truth": "[]", "id": "1", "scenario": "s", "template": "t", "source": "a:1",
            "split": "train"}
    extra = [good, {**good, "oops": 1}]
    with pytest.raises(RowColumnsError, match=r"row 1 \(id='1'\).*unexpected columns \['oops'\], missing columns \[\]"):
        write_dataset(iter(extra), features, tmp_path / "o", "train")
    missing = [{k: v for k, v in good.items() if k != "source"}]
    with pytest.raises(RowColumnsError, match=r"row 0 .*missing columns \['source'\]"):
        write_dataset(iter(missing), features, tmp_path / "o", "train")
    assert not list((tmp_path / "o").iterdir())
    assert [p.name for p in tmp_path.iterdir()] == ["o"]

# ------------------------------------------------------------------ many rows: record batches


def _many_rows(n: int) -> list[dict[str, Any]]:
    """``n`` distinct openai sft rows: the fixture rows with their own ids and a long distinct first message,
    some with characters JSON escapes (quote, backslash, control characters) and non-ASCII text."""
    writer = get_writer("openai")
    base = [writer.render(r) for r in sft_records()]
    rows = []
    for i in range(n):
        row = dict(base[i % len(base)])
        row["id"] = f"row-{i}"
        text = " ".join(hashlib.sha256(f"{i}/{j}".encode()).hexdigest() for j in range(12))
        if i % 7 == 0:
            text += f' quote " backslash \\ slash / newline \n tab \t bell \x07 unit \x1f 中文 {i}'
        row["messages"] = [{**row["messages"][0], "content": text}, *row["messages"][1:]]
        rows.append(row)
    return rows


def test_write_dataset_rows_across_row_groups(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """More rows than one row group (1000 here), converted in chunks (37) that do not divide it: the Parquet file
    holds whole row groups, both files read back equal to the rows, and two writes give the same bytes."""
    import toolc.compiler.files as files

    rows = _many_rows(2600)
    monkeypatch.setattr(files, "CONVERT_ROWS", 37)
    monkeypatch.setattr(files, "ROW_GROUP_ROWS", 1000)
    features = get_writer("openai").features("sft")
    for run in ("a", "b"):
        assert write_dataset(iter(rows), features, tmp_path / run, "train") == len(rows)
    meta = pq.ParquetFile(tmp_path / "a" / "train.parquet").metadata
    assert [meta.row_group(i).num_rows for i in range(meta.num_row_groups)] == [1000, 1000, 600]
    for suffix in ("jsonl", "parquet"):
        assert (tmp_path / "a" / f"train.{suffix}").read_bytes() == (tmp_path / "b" / f"train.{suffix}").read_bytes()
    assert _load("parquet", tmp_path / "a" / "train.parquet", tmp_path / "hf").to_list() == rows
    assert _load("json", tmp_path / "a" / "train.jsonl", tmp_path / "hf", features.to_datasets()).to_list() == rows
    # The JSONL is standard compact JSON, one row per line, keys in row order, non-ASCII unescaped: the same
    # bytes as the standard library writes for these rows (whose text has quotes, backslashes, control
    # characters, `/` and CJK).
    reference = b"".join(json.dumps(r, ensure_ascii=False, separators=(",", ":")).encode() + b"\n" for r in rows)
    assert (tmp_path / "a" / "train.jsonl").read_bytes() == reference


@pytest.mark.parametrize("value", [
    {"city": "北京", "n": [1, 2.5, -0.0, 1e300, True, None], "nested": {"q": 'say "hi"\\n', "e": {}}},
    "text with \u2028 and \x01", 7, 0.1, float("nan"), float("-inf"), [], None, False, 2**70,
])
def test_dumps_is_json_dumps_without_ascii_escapes(value: Any) -> None:
    from toolc.compiler.record import dumps

    assert dumps(value) == json.dumps(value, ensure_ascii=False)
