"""Incremental builds (compiler/cache.py, compiler/reuse.py): a build into an earlier toolc output reuses the rows
nothing changed (RM rows too, when the pair sampler enters their scenario in the same state), carries files whose
rows are all unchanged, and writes the same bytes as a full build, after no change, a tool description change, a
scenario edit and a seed change; a cache never makes a wrong row (edited or copied files are not trusted), and
issue 7's output guarantees still hold."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import os
import shutil
from pathlib import Path

import orjson
import pytest

from toolc.cli import main
from toolc.compiler import cache as cache_mod
from toolc.compiler.build import build
from toolc.compiler.output import MARKER
from toolc.compiler.reuse import Replay

HERE = Path(__file__).parent
SPECS = HERE.parent / "specs"
TODAY = dt.date(2025, 4, 23)
COUNTS = dict(sft=160, rm=80, ppo=40)


def digest(root: Path) -> dict[str, str]:
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture
def specs(tmp_path) -> Path:
    """A copy of the bundled specs, to edit."""
    dst = tmp_path / "specs"
    shutil.copytree(SPECS, dst, ignore=shutil.ignore_patterns("__pycache__", "*.py"))
    return dst / "main.tool"


def _build(spec: Path, out: Path, stats: dict | None = None, **kw) -> dict:
    opts = dict(today=TODAY, progress=False, jobs=1, **COUNTS)
    opts.update(kw)
    return build([spec], out, stats=stats, **opts)


def _rm_rows(manifest: dict) -> int:
    return sum(manifest["rows"]["rm"].values())


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def _same_as_full(spec: Path, out: Path, tmp_path: Path, **kw) -> None:
    """``out`` (an incremental build) holds the bytes of a full build of the same specs, its cache included."""
    full = tmp_path / "full"
    shutil.rmtree(full, ignore_errors=True)
    _build(spec, full, incremental=False, **kw)
    assert digest(out) == digest(full)


def test_rebuild_without_change_reuses_every_row_and_is_identical(specs, tmp_path):
    out = tmp_path / "out"
    _build(specs, out)
    before = digest(out)
    stats: dict = {}
    inodes = _inodes(out)
    _build(specs, out, stats)
    assert digest(out) == before
    assert stats["rendered"] == 0 and stats["copied"] > 0 and stats["scenarios"] == stats["cached_scenarios"]
    assert stats["computed_rows"] == 0  # RM rows too: the pair sampler enters each scenario in the same state
    carried = {rel for rel, ino in _inodes(out).items() if inodes.get(rel) == ino}
    assert carried == {rel for rel in inodes if rel.endswith((".jsonl", ".parquet", ".records"))}  # linked, not written


def _inodes(out: Path) -> dict[str, int]:
    return {str(p.relative_to(out)): p.stat().st_ino for p in out.rglob("*") if p.is_file()}


def test_tool_description_change_renders_only_rows_offering_it(specs, tmp_path):
    """Every format of the README build, RM and PPO rows too: rows offering the tool get their tool columns
    replaced (openai, openai-functions) or are rendered again (chat templates, alpaca); of the scenarios offering
    it themselves only RM ones are made again (pairs are judged by their answers as rendered): SFT and PPO rows,
    those that ask for its parameters too, read nothing of the tool's description (cache entry ``reads``)."""
    out = tmp_path / "out"
    _build(specs, out)
    _edit(specs.parent / "tools_info.tool", '"Translate text into another language."',
          '"Translate a text into another language, keeping its tone."')
    stats: dict = {}
    _build(specs, out, stats)
    _same_as_full(specs, out, tmp_path)
    assert stats["rendered"] > 0 and stats["patched"] > 0 and stats["copied"] > stats["rendered"] + stats["patched"]
    _, _, own = _keys(specs)
    index = orjson.loads((out / cache_mod.CACHE_DIR / "index.json").read_bytes())["kinds"]
    offering = sum(e["count"] for kind in index.values() for n, e in kind.items() if "translate_text" in own[n])
    asking = sum(e["count"] for kind in ("sft", "ppo") for n, e in index[kind].items()
                 if "translate_text" in own[n] and e["docs"] is not None)
    rm = sum(e["count"] for n, e in index["rm"].items() if "translate_text" in own[n])
    assert 0 < asking and 0 < stats["computed_rows"] == rm < offering  # computed: the RM rows offering it
    # RM scenarios after them are reused: the pairs made again leave the sampler in the same state
    assert stats["rm_scenarios"] > 0


def _asking(out: Path, tool: str) -> dict[str, int]:
    """``{kind/scenario: rows}`` of the cached SFT and PPO scenarios whose rows read a description of ``tool``."""
    index = orjson.loads((out / cache_mod.CACHE_DIR / "index.json").read_bytes())["kinds"]
    return {f"{kind}/{n}": e["count"] for kind in ("sft", "ppo") for n, e in index[kind].items()
            if any(probe[1] == tool for probe in e["reads"] or ())}


def test_a_tool_description_edit_reuses_rows_that_asked_for_its_parameters(specs, tmp_path):
    """Rows that ask a clarifying question read descriptions only through the question and the clarify truth's
    words (cache entry ``reads``): editing the tool's description leaves both as they were, so every SFT and PPO
    row is reused (those offering the tool with their ``tools`` column patched), equal to a full build; editing
    the description of a parameter they ask for changes their truth, and exactly those scenarios are expanded
    again."""
    out = tmp_path / "out"
    _build(specs, out, rm=0, formats=["openai"])
    asking = _asking(out, "get_weather")
    assert asking
    travel = specs.parent / "tools_travel.tool"
    _edit(travel, 'tool get_weather "Get the daily weather', 'tool get_weather "(edited) Get the daily weather')
    stats: dict = {}
    _build(specs, out, stats, rm=0, formats=["openai"])
    assert stats["computed_rows"] == 0 and stats["patched"] > 0
    _same_as_full(specs, out, tmp_path, rm=0, formats=["openai"])
    assert _asking(out, "get_weather") == asking
    _edit(travel, '"City name, e.g. 北京 or London"', '"Name of a town, e.g. 北京 or London"')
    stats = {}
    _build(specs, out, stats, rm=0, formats=["openai"])
    asked_city = {k for k, n in _asking(out, "get_weather").items() if n}
    assert stats["computed_rows"] == sum(asking[k] for k in asked_city)
    assert stats["scenarios"] == stats["cached_scenarios"] - len(asked_city)
    _same_as_full(specs, out, tmp_path, rm=0, formats=["openai"])


def test_description_changes_patch_the_openai_tools_column(specs, tmp_path):
    """A tool description and a parameter description changed: rows of the openai format offering the tool are
    the previous rows with the ``tools`` column replaced (nothing rendered again), equal to a full build."""
    out = tmp_path / "out"
    _build(specs, out, formats=["openai"])
    tools = specs.parent / "tools_info.tool"
    _edit(tools, '"Translate text into another language."', '"Translate a text (tone kept)."')
    _edit(tools, '"Source language; detected automatically when auto"', '"Source language (auto: detected)"')
    stats: dict = {}
    _build(specs, out, stats, formats=["openai"])
    _same_as_full(specs, out, tmp_path, formats=["openai"])
    assert stats["patched"] > 0 and stats["rendered"] == 0


@pytest.mark.parametrize("which", ["all", "tools"])
def test_rows_read_descriptions_only_where_their_cache_entry_says(specs, tmp_path, which):
    """What lets a scenario's rows be reused after descriptions changed: with every tool and parameter description
    of the bundled specs changed (``all``), or every tool's own (``tools``), the records of every scenario whose
    rows ask no clarifying question (cache entry ``docs`` null) are the same bytes, and so are those of every
    scenario whose rows asked but read the same (its ``docs``, the hash of its ``reads`` evaluated on the
    program, unchanged: all of them when only tools' descriptions changed); a toolc change that lets a
    description reach a record some other way fails here."""
    from toolc.compiler.build import _check
    from toolc.dsl import ast

    a, b = tmp_path / "a", tmp_path / "b"
    _build(specs, a, incremental=False, rm=0)
    prog, _, _ = _check([specs])
    texts = set()

    def collect(node):
        if isinstance(node, ast.Tool if which == "tools" else (ast.Tool, ast.Param)) and node.description:
            texts.add(node.description)
        if isinstance(node, ast.Node):
            for name in type(node).model_fields:
                collect(getattr(node, name))
        elif isinstance(node, tuple):
            for item in node:
                collect(item)

    for tool in prog.tools.values():
        collect(tool.node)
    for path in specs.parent.glob("tools_*.tool"):
        text = path.read_text(encoding="utf-8")
        for d in sorted(texts, key=len, reverse=True):
            text = text.replace(_quote(d), _quote("Changed: " + d))
        path.write_text(text, encoding="utf-8")
    _build(specs, b, incremental=False, rm=0)
    ia = orjson.loads((a / cache_mod.CACHE_DIR / "index.json").read_bytes())["kinds"]
    ib = orjson.loads((b / cache_mod.CACHE_DIR / "index.json").read_bytes())["kinds"]
    same = asked = asked_same = 0
    for kind in ("sft", "ppo"):
        ra = (a / cache_mod.CACHE_DIR / f"{kind}.records").read_bytes()
        rb = (b / cache_mod.CACHE_DIR / f"{kind}.records").read_bytes()
        for name, entry in ia[kind].items():
            if entry["docs"] is not None:
                asked += 1
                assert entry["reads"] and ib[kind][name]["reads"] == entry["reads"]
                if ib[kind][name]["docs"] != entry["docs"]:
                    continue
                asked_same += 1
            assert ib[kind][name]["docs"] == entry["docs"]
            (x, y), (u, v) = entry["records"], ib[kind][name]["records"]
            assert ra[x:y] == rb[u:v], (kind, name)
            same += entry["count"] > 0
    assert same > 50 and asked > 0
    assert asked_same == (asked if which == "tools" else 0)


def _quote(text: str) -> str:
    from toolc.dsl.unparse import quote

    return quote(text)


def test_tool_columns_are_what_their_writers_promise():
    """A writer naming tool columns (``Writer.tool_columns``) renders every bundled record, with other tool
    definitions, as the same row but for those columns, which are the function of the tools it names."""
    from toolc.compiler.build import Options, _check, resolve_plan
    from toolc.compiler.generate import Generator
    from toolc.compiler.writers import LeftOut, get_writer
    from toolc.dsl.diagnostics import Diagnostics

    prog, _, _ = _check([SPECS / "main.tool"])
    plan = resolve_plan(prog, Options(sft=200, rm=200, ppo=100), Diagnostics())
    gen = Generator(prog, plan, TODAY)
    writers = [w for f in ("openai", "openai-functions", "openai-ft") if (w := get_writer(f, TODAY)).tool_columns("sft")]
    assert len(writers) == 3

    def other(tool):
        fn = dict(tool["function"], description="Another description.")
        params = dict(fn["parameters"], properties={**fn["parameters"]["properties"], "extra": {"type": "integer"}})
        return {**tool, "function": {**fn, "parameters": params}}

    checked = 0
    for kind in ("sft", "rm", "ppo"):
        for rec in gen.records(kind):
            changed = dataclasses.replace(rec, tools=tuple(other(t) for t in rec.tools))
            for w in writers:
                cols = w.tool_columns(kind)
                if not cols:  # no promise (openai-ft RM rows hold the tools inside `input`)
                    continue
                try:
                    row = w.render(rec)
                except LeftOut as out:
                    with pytest.raises(LeftOut) as again:
                        w.render(changed)
                    assert again.value.construct == out.construct
                    continue
                new = w.render(changed)
                assert new == {**row, **{c: fn(changed.tools) for c, fn in cols.items()}}
                assert {c: row[c] for c in cols} == {c: fn(rec.tools) for c, fn in cols.items()}
                checked += 1
    assert checked > 500


def test_a_patched_line_is_decoded_where_its_tools_text_is_not_found_once():
    from toolc.compiler.reuse import _patch_line

    row = {"messages": [{"content": "x"}], "tools": [{"a": 1}], "echo": {"tools": [{"a": 1}]}}
    line = orjson.dumps(row)
    patch = [("tools", [{"a": 2}], b'"tools":[{"a":1}]', b'"tools":[{"a":2}]')]
    assert _patch_line(line, patch) == orjson.dumps({**row, "tools": [{"a": 2}]})  # twice: decoded
    assert _patch_line(line, [("tools", [{"a": 2}], None, b'"tools":[{"a":2}]')]) == \
        orjson.dumps({**row, "tools": [{"a": 2}]})  # previous text unknown
    once = orjson.dumps({"messages": [], "tools": [{"a": 1}], "id": "r"})
    assert _patch_line(once, patch) == b'{"messages":[],"tools":[{"a":2}],"id":"r"}'


def test_scenario_edit_recomputes_that_scenario_only(specs, tmp_path):
    out = tmp_path / "out"
    _build(specs, out)
    path = specs.parent / "weather_en.tool"
    first = _first_scenario_line(path)
    path.write_text(path.read_text(encoding="utf-8").replace(first, first.replace('user "', 'user "Hey, ', 1), 1),
                    encoding="utf-8")
    stats: dict = {}
    _build(specs, out, stats)
    _same_as_full(specs, out, tmp_path)
    assert stats["rendered"] == 0 and stats["scenarios"] > 0 and 0 < stats["computed_rows"] < sum(COUNTS.values())


@pytest.mark.parametrize("run", [3, 16])
def test_runs_with_patched_rows_are_written_as_they_grow(specs, tmp_path, monkeypatch, run):
    """A run of previous rows with substitutes is written every ``_RUN`` rows rather than held to its end (its
    patches are not all kept): the bytes are those of a full build, at any run length; the pages of the previous
    JSONL file behind the rows read are unmapped as they go (here every few bytes), with the same bytes."""
    from toolc.compiler import reuse

    out = tmp_path / "out"
    _build(specs, out, formats=["openai"], rm=0)
    _edit(specs.parent / "tools_travel.tool", 'tool get_weather "Get the daily weather',
          'tool get_weather "(edited) Get the daily weather')
    monkeypatch.setattr(reuse, "_RUN", run)
    monkeypatch.setattr(cache_mod, "_WINDOW", 4096)
    stats: dict = {}
    _build(specs, out, stats, formats=["openai"], rm=0)
    assert stats["patched"] > 2 * run and stats["computed_rows"] == 0
    _same_as_full(specs, out, tmp_path, formats=["openai"], rm=0)


def test_rows_copied_where_the_kernel_refuses_copy_file_range(specs, tmp_path, monkeypatch):
    """Runs of unchanged rows are copied with ``os.copy_file_range``; where it is refused (another file system,
    an old kernel) they are read and written, and the bytes are the same."""
    out = tmp_path / "out"
    _build(specs, out, formats=["openai"])
    path = specs.parent / "weather_en.tool"
    first = _first_scenario_line(path)
    path.write_text(path.read_text(encoding="utf-8").replace(first, first.replace('user "', 'user "Hey, ', 1), 1),
                    encoding="utf-8")

    def refused(*a, **kw):
        raise OSError(18, "Invalid cross-device link")

    monkeypatch.setattr(os, "copy_file_range", refused)
    stats: dict = {}
    _build(specs, out, stats, formats=["openai"])
    assert stats["copied"] > 0
    _same_as_full(specs, out, tmp_path, formats=["openai"])


def _first_scenario_line(path: Path) -> str:
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip().startswith('user "'):
            return line
    raise AssertionError("no user line")


def test_seed_change_reuses_nothing(specs, tmp_path):
    out = tmp_path / "out"
    _build(specs, out)
    stats: dict = {}
    _build(specs, out, stats, seed=99)
    _same_as_full(specs, out, tmp_path, seed=99)
    assert stats["scenarios"] == 0 and stats["copied"] == 0


def test_other_formats_and_today_are_safe(specs, tmp_path):
    out = tmp_path / "out"
    _build(specs, out, formats=["openai"])
    stats: dict = {}
    m = _build(specs, out, stats, formats=["openai", "qwen"])  # a new format: rendered from cached records
    _same_as_full(specs, out, tmp_path, formats=["openai", "qwen"])
    assert stats["scenarios"] > 0 and stats["rendered"] > 0 and stats["computed_rows"] == _rm_rows(m)
    stats = {}
    _build(specs, out, stats, formats=["openai", "qwen"], today=dt.date(2025, 5, 1))
    _same_as_full(specs, out, tmp_path, formats=["openai", "qwen"], today=dt.date(2025, 5, 1))
    assert stats["scenarios"] == 0


def test_a_hand_edited_output_file_is_not_copied(specs, tmp_path):
    out = tmp_path / "out"
    _build(specs, out, formats=["openai"])
    path = out / "sft" / "openai" / "train.jsonl"
    data = path.read_bytes()
    path.write_bytes(data.replace(b'"role":"user"', b'"role":"USER"', 1))  # same size and name
    stats: dict = {}
    _build(specs, out, stats, formats=["openai"])
    _same_as_full(specs, out, tmp_path, formats=["openai"])
    assert stats["rendered"] > 0


def test_copied_outputs_rebuild_what_is_newer_than_their_index_and_reuse_the_rest(specs, tmp_path):
    out = tmp_path / "out"
    _build(specs, out, formats=["openai"])
    plain, kept = tmp_path / "plain", tmp_path / "kept"
    shutil.copytree(out, plain, copy_function=shutil.copyfile)  # new times, as `cp -r` gives
    index = plain / cache_mod.CACHE_DIR / "index.json"
    os.utime(index, ns=(1, 1))  # copied first: every other file is newer than the index
    stats: dict = {}
    _build(specs, plain, stats, formats=["openai"])
    assert stats["scenarios"] == 0 and digest(plain) == digest(out)
    shutil.copytree(out, kept)  # times kept (copy2), as `cp -a` gives
    stats = {}
    _build(specs, kept, stats, formats=["openai"])
    assert stats["computed_rows"] == 0 and digest(kept) == digest(out)


def test_a_damaged_cache_is_ignored(specs, tmp_path):
    out = tmp_path / "out"
    _build(specs, out, formats=["openai"])
    (out / cache_mod.CACHE_DIR / "sft.records").write_bytes(b"[]\n")
    stats: dict = {}
    _build(specs, out, stats, formats=["openai"])
    _same_as_full(specs, out, tmp_path, formats=["openai"])
    (out / cache_mod.CACHE_DIR / "index.json").write_bytes(b"{not json")
    _build(specs, out, formats=["openai"])
    _same_as_full(specs, out, tmp_path, formats=["openai"])


def test_cache_files_are_toolcs_and_a_failed_incremental_build_keeps_the_output(specs, tmp_path, monkeypatch):
    out = tmp_path / "out"
    _build(specs, out, formats=["openai"])
    listed = (out / MARKER).read_text(encoding="utf-8").splitlines()[1:]
    assert f"{cache_mod.CACHE_DIR}/index.json" in listed and f"{cache_mod.CACHE_DIR}/sft.records" in listed
    before = digest(out)

    def interrupted(self, *a, **kw):
        raise KeyboardInterrupt

    monkeypatch.setattr(Replay, "scenario", interrupted)
    with pytest.raises(KeyboardInterrupt):
        _build(specs, out, formats=["openai"])
    assert digest(out) == before
    assert sorted(n for n in os.listdir(tmp_path) if n.startswith(".out.") and not n.endswith(".lock")) == []


def test_cli_no_cache_computes_everything_and_jobs_agree(specs, tmp_path, capsys):
    out = tmp_path / "out"
    args = ["build", str(specs), "-o", str(out), "--today", "2025-04-23", "--sft", "160", "--rm", "80", "--ppo",
            "40", "--format", "openai,qwen", "--no-progress"]
    assert main(args + ["--jobs", "2"]) == 0
    first = digest(out)
    assert "reused" not in capsys.readouterr().out
    assert main(args + ["--jobs", "1"]) == 0
    assert "reused the rows of" in capsys.readouterr().out
    assert main(args + ["--no-cache", "--jobs", "3"]) == 0
    assert "reused" not in capsys.readouterr().out
    assert digest(out) == first


def _keys(spec: Path) -> tuple[dict, dict, dict]:
    from toolc.compiler.build import Options, _check, resolve_plan
    from toolc.compiler.generate import Generator
    from toolc.dsl.diagnostics import Diagnostics

    prog, diags, _ = _check([spec])
    assert not diags
    plan = resolve_plan(prog, Options(**COUNTS), Diagnostics())
    gen = Generator(prog, plan, TODAY)
    own_tools = lambda n: gen.ex.tool_sets(prog.scenarios[n])[0]  # noqa: E731
    keys = cache_mod.scenario_keys(prog, plan, TODAY, gen.quotas(), own_tools, gen.ex.tool_pool)
    docs = cache_mod.description_hashes(prog, plan, own_tools)
    own = {n: set(own_tools(n)) for n in plan.scenarios}
    return keys, docs, own


def test_scenario_keys_change_with_what_reaches_a_scenarios_records(specs):
    """Descriptions reach records only through the scenarios offering the tool themselves, and only where a row
    asks a clarifying question (a built-in question names a parameter by its description; the clarify ground
    truth takes words from both): they are kept apart from the key (``description_hashes``); anything else about
    a tool reaches every scenario (distractors, perturbations)."""
    tools = specs.parent / "tools_info.tool"
    base, base_docs, own = _keys(specs)
    _edit(tools, '"Source language; detected automatically when auto"', '"Source language (auto: detected)"')
    _edit(tools, '"Translate text into another language."', '"Translate a text."')
    desc, desc_docs, _ = _keys(specs)
    assert desc == base
    changed = {n for n in base_docs if base_docs[n] != desc_docs[n]}
    assert changed and changed == {n for n in base_docs if "translate_text" in own[n]}
    _edit(tools, '= "auto"\n', '= "en"\n')
    default, _, _ = _keys(specs)
    assert all(default[k] != desc[k] for k in base)


def test_an_rm_key_changes_with_the_values_other_scenarios_write_for_its_tools(specs):
    """A ``value`` negative of an argument the spec writes is another value some scenario of the same locale writes
    for that parameter (compiler.perturb.written_values): editing ``order_by="-amount"`` in one English scenario can
    change the RM rows of every English scenario that calls query_database, and nothing else."""
    from toolc.compiler.build import _check

    base, _, _ = _keys(specs)
    _edit(specs.parent / "data_en.tool", 'order_by="-amount", limit=en_nrows', 'order_by="-created", limit=en_nrows')
    new, _, _ = _keys(specs)
    prog, _, _ = _check([specs])
    changed = {k for k in base if base[k] != new[k]}
    queries = {("rm", n) for n, s in prog.scenarios.items() if s.locale == "en_US" and "query_database" in s.called}
    edited = {(kind, n) for kind, n in base if n == "en.db.top"}
    assert changed == queries | edited and len(queries) > 2


def test_an_rm_key_changes_with_the_other_languages_refusals(specs):
    """A refusal's ``wrong_language`` negative is a refusal of the other language (compiler.perturb_turns): editing an
    English refusal changes the RM keys of Chinese scenarios too, and no SFT or PPO key."""
    base, _, _ = _keys(specs)
    _edit(specs.parent / "chat_en.tool", "Sorry, I can't play music or control audio: none of my tools do that.",
          "Sorry, I can't play music or control audio: no tool of mine does that.")
    new, _, _ = _keys(specs)
    changed = {k for k in base if base[k] != new[k]}
    assert ("rm", "zh.refuse.media") in changed and ("sft", "en.refuse.media") in changed
    assert {kind for kind, n in changed if n != "en.refuse.media"} == {"rm"}


def test_undescribed_schema_keeps_a_parameter_named_description():
    schema = {"type": "object", "description": "d", "properties": {
        "description": {"type": "string", "description": "x", "default": {"description": "kept"}},
        "items": {"type": "array", "items": {"type": "object", "description": "y", "properties": {}}}}}
    assert cache_mod._undescribed(schema) == {"type": "object", "properties": {
        "description": {"type": "string", "default": {"description": "kept"}},
        "items": {"type": "array", "items": {"type": "object", "properties": {}}}}}


def test_record_codec_round_trips_every_bundled_record():
    """What the cache stores of a record gives back the same record (RM rows with malformed answers too)."""
    from toolc.compiler.build import Options, _check, resolve_plan
    from toolc.compiler.generate import Generator
    from toolc.dsl.diagnostics import Diagnostics

    prog, _, _ = _check([SPECS / "main.tool"])
    plan = resolve_plan(prog, Options(sft=300, rm=300, ppo=100), Diagnostics())
    gen = Generator(prog, plan, TODAY)
    defs = {n: t.definition for n, t in prog.tools.items()}
    kinds = set()
    for kind in ("sft", "rm", "ppo"):
        for rec in gen.records(kind):
            assert cache_mod.decode_record(cache_mod.encode_record(rec), defs) == rec
            kinds.add(rec.perturbation)
    assert "format" in kinds  # malformed answers were among them
