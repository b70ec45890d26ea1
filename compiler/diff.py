"""Diff stage: two builds, or two versions of a spec tree -> what changed (input: two OUT/ or spec paths; output: a Report).

Two builds (directories holding ``manifest.json``) are compared by their manifests -- spec files, build
settings, formats, row counts -- by the tools their rows offer (read from the rows' ``tools`` column), and
row by row: a row's id names its place (dataset, kind, scenario, index; see :mod:`.generate`), so a row is
*added* or *removed* when its id is in one build only and *changed* when the same id holds other content.
Rows are compared in one format both builds wrote (``openai`` when both have it): every format renders the
same records.

Two spec versions (files or directories) are checked, and their tools, slots, scenarios and datasets are
compared by declaration; a scenario that uses a changed tool or slot is listed as *affected*. When both
versions check, they can be built with the same options (:func:`build_and_diff`) and the builds compared.

``toolc diff`` exits 0 when there is no difference, 1 when there is one, 2 on an error (the usual
:class:`~toolc.errors.ToolcError` exit statuses), so it can gate a CI job.
"""

from __future__ import annotations

import difflib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

from toolc.vocab import KINDS, SPLITS

from .stats import load_manifest

#: Examples of changed, added and removed rows shown per dataset kind.
EXAMPLES_PER_KIND = 2
_META = ("id", "split")


@dataclass
class Changes:
    """Names added, removed and changed between A and B (each sorted)."""

    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    changed: dict[str, str] = field(default_factory=dict)  # name -> what changed, in words

    def __bool__(self) -> bool:
        return bool(self.added or self.removed or self.changed)

    def to_json(self) -> dict[str, Any]:
        return {"added": self.added, "removed": self.removed, "changed": self.changed}


@dataclass
class RowCounts:
    """Rows of one dataset kind and split: added, removed, changed, unchanged."""

    added: int = 0
    removed: int = 0
    changed: int = 0
    same: int = 0

    def __bool__(self) -> bool:
        return bool(self.added or self.removed or self.changed)


@dataclass
class Report:
    """What differs between A and B.

    Attributes:
        sections: title -> :class:`Changes` (``specs``, ``settings``, ``tools``, ``slots``, ``scenarios``,
            ``datasets``; only those that apply to the inputs).
        rows: ``kind -> split -> RowCounts`` (builds only).
        row_format: the format rows were compared in.
        examples: a few changed / added / removed rows, as text blocks.
        affected: scenarios whose rows change through a changed tool or slot (spec versions).
    """

    sections: dict[str, Changes] = field(default_factory=dict)
    rows: dict[str, dict[str, RowCounts]] = field(default_factory=dict)
    row_format: str | None = None
    examples: list[str] = field(default_factory=list)
    affected: list[str] = field(default_factory=list)

    @property
    def same(self) -> bool:
        """Whether nothing differs."""
        return not any(self.sections.values()) and not any(c for k in self.rows.values() for c in k.values())

    def to_json(self) -> dict[str, Any]:
        """``toolc diff --json``: the same content as :meth:`render`, as one JSON object."""
        return {"same": self.same, **{k: v.to_json() for k, v in self.sections.items()},
                "affected_scenarios": self.affected, "row_format": self.row_format,
                "rows": {k: {s: vars(c) for s, c in v.items()} for k, v in self.rows.items()},
                "examples": self.examples}

    def render(self) -> str:
        """Human-readable text: one block per section, the row table, then the examples."""
        if self.same:
            return "no differences"
        out = []
        for title, ch in self.sections.items():
            if not ch:
                continue
            parts = [f"{len(ch.added)} added", f"{len(ch.removed)} removed", f"{len(ch.changed)} changed"]
            out.append(f"{title}: {', '.join(parts)}")
            out += [f"  + {n}" for n in ch.added] + [f"  - {n}" for n in ch.removed]
            out += [f"  ~ {n}: {what}" for n, what in ch.changed.items()]
        if self.affected:
            shown = ", ".join(self.affected[:12]) + (f" and {len(self.affected) - 12} more" if len(self.affected) > 12 else "")
            out.append(f"scenarios that name a changed tool or slot: {shown}")
        if self.rows:
            out.append(f"rows ({self.row_format}): added / removed / changed / unchanged")
            for kind, splits in self.rows.items():
                for split, c in splits.items():
                    out.append(f"  {kind:<4} {split:<5} +{c.added} -{c.removed} ~{c.changed} ={c.same}")
        if self.examples:
            out.append("examples:")
            out += self.examples
        return "\n".join(out)


def _names(a: Iterable[str], b: Iterable[str]) -> tuple[list[str], list[str], list[str]]:
    a, b = list(a), list(b)
    return sorted(set(b) - set(a)), sorted(set(a) - set(b)), [n for n in a if n in set(b)]


def compare_maps(a: dict[str, Any], b: dict[str, Any], describe=None) -> Changes:
    """Changes between two ``name -> value`` maps; ``describe(x, y)`` says in words how a changed value differs."""
    added, removed, common = _names(a, b)
    changed = {n: (describe(a[n], b[n]) if describe else "changed") for n in common if a[n] != b[n]}
    return Changes(added, removed, changed)


def describe_tool(a: dict[str, Any], b: dict[str, Any]) -> str:
    """How two OpenAI tool definitions differ: description, parameters added / removed / changed, result."""
    fa, fb = a.get("function", a), b.get("function", b)
    words = []
    if fa.get("description") != fb.get("description"):
        words.append("description")
    pa = (fa.get("parameters") or {}).get("properties") or {}
    pb = (fb.get("parameters") or {}).get("properties") or {}
    added, removed, common = _names(pa, pb)
    words += [f"+parameter {n}" for n in added] + [f"-parameter {n}" for n in removed]
    words += [f"parameter {n}" for n in common if pa[n] != pb[n]]
    if (fa.get("parameters") or {}).get("required") != (fb.get("parameters") or {}).get("required"):
        words.append("required")
    if fa.get("x-returns") != fb.get("x-returns"):
        words.append("result shape")
    return ", ".join(words) or "changed"


# ---------------------------------------------------------------------------------------------- builds


def is_build(path: Path) -> bool:
    """Whether ``path`` is a ``toolc build`` output directory."""
    return path.is_dir() and (path / "manifest.json").is_file()


_SETTINGS = ("dataset", "seed", "today", "test_percent", "holdout", "distractors", "formats", "toolc_version",
             "perturbations_requested")


def diff_builds(a: Path, b: Path, fmt: str | None = None) -> Report:
    """Compares two build directories.

    Args:
        a, b: ``toolc build`` outputs.
        fmt: the format to compare rows in (default: ``openai`` when both builds have it, else the first
            format both have).

    Raises:
        NotABuildError, DataError: a directory is not a build, or its files cannot be read.
    """
    ma, mb = load_manifest(a), load_manifest(b)
    report = Report()
    report.sections["specs"] = compare_maps({k: v.get("sha256") for k, v in ma.get("specs", {}).items()},
                                            {k: v.get("sha256") for k, v in mb.get("specs", {}).items()},
                                            lambda x, y: "content")
    report.sections["settings"] = compare_maps({k: ma.get(k) for k in _SETTINGS}, {k: mb.get(k) for k in _SETTINGS},
                                               lambda x, y: f"{json.dumps(x)} -> {json.dumps(y)}")
    report.sections["scenarios"] = compare_maps(ma.get("scenarios", {}), mb.get("scenarios", {}), _counts_words)
    common = [f for f in ma.get("formats", []) if f in mb.get("formats", [])]
    fmt = fmt or ("openai" if "openai" in common else (common[0] if common else None))
    if fmt is None:
        return report
    report.row_format = fmt
    tools_a, tools_b = {}, {}
    for kind in KINDS:
        examples: list[str] = []
        for split in SPLITS:
            rows_a, rows_b = _rows(a, kind, fmt, split), _rows(b, kind, fmt, split)
            if rows_a is None and rows_b is None:
                continue
            rows_a, rows_b = rows_a or {}, rows_b or {}
            _collect_tools(rows_a.values(), tools_a)
            _collect_tools(rows_b.values(), tools_b)
            counts = RowCounts()
            for rid, row in rows_b.items():
                old = rows_a.get(rid)
                if old is None:
                    counts.added += 1
                    if len(examples) < EXAMPLES_PER_KIND:
                        examples.append(f"  + {kind} {rid} ({row.get('scenario')}, {split})")
                elif old != row:
                    counts.changed += 1
                    if len(examples) < EXAMPLES_PER_KIND:
                        examples.append(_row_example(kind, rid, split, old, row))
                else:
                    counts.same += 1
            for rid, row in rows_a.items():
                if rid not in rows_b:
                    counts.removed += 1
                    if len(examples) < EXAMPLES_PER_KIND:
                        examples.append(f"  - {kind} {rid} ({row.get('scenario')}, {split})")
            report.rows.setdefault(kind, {})[split] = counts
        report.examples += examples
    report.sections["tools"] = compare_maps(tools_a, tools_b, describe_tool)
    report.sections = {k: report.sections[k] for k in ("specs", "settings", "tools", "scenarios")}
    return report


def _counts_words(x: dict[str, int], y: dict[str, int]) -> str:
    return ", ".join(f"{k} {x.get(k, 0)} -> {y.get(k, 0)}" for k in KINDS if x.get(k, 0) != y.get(k, 0)) or "changed"


def _rows(out: Path, kind: str, fmt: str, split: str) -> dict[str, dict[str, Any]] | None:
    """``id -> row`` of one file of a build (JSONL, else Parquet), without the ``split`` column; ``None`` if absent.

    JSONL first: it holds JSON-valued features (the ``openai`` format's tools and arguments) as the values
    themselves, where a plain Arrow read of the Parquet file gives their JSON text."""
    import pyarrow.parquet as pq

    from toolc.errors import DataError, on_path

    parquet, jsonl = out / kind / fmt / f"{split}.parquet", out / kind / fmt / f"{split}.jsonl"
    if jsonl.is_file():
        with on_path(jsonl, "read", DataError):
            rows = [json.loads(line) for line in jsonl.read_text(encoding="utf-8").splitlines() if line.strip()]
    elif parquet.is_file():
        with on_path(parquet, "read", DataError):
            rows = pq.read_table(parquet).to_pylist()
    else:
        return None
    return {r["id"]: {k: v for k, v in r.items() if k not in _META} for r in rows}


def _collect_tools(rows: Iterable[dict[str, Any]], into: dict[str, Any]) -> None:
    """Every tool definition the rows offer (the ``tools`` column, a JSON string or a list), by name."""
    seen: set[str] = set()
    for row in rows:
        tools = row.get("tools")
        if not tools:
            continue
        key = tools if isinstance(tools, str) else json.dumps(tools, sort_keys=True)
        if key in seen:
            continue
        seen.add(key)
        for t in json.loads(tools) if isinstance(tools, str) else tools:
            into.setdefault(t.get("function", t).get("name"), t)


def _pretty(v: Any) -> list[str]:
    if isinstance(v, str):
        try:
            v = json.loads(v)
        except json.JSONDecodeError:
            return v.splitlines() or [""]
    return json.dumps(v, ensure_ascii=False, indent=1, sort_keys=True).splitlines()


def _row_example(kind: str, rid: str, split: str, old: dict[str, Any], new: dict[str, Any], width: int = 6) -> str:
    cols = [c for c in new if old.get(c) != new.get(c)] + [c for c in old if c not in new]
    lines = [f"  ~ {kind} {rid} ({new.get('scenario')}, {split}): {', '.join(cols)} changed"]
    for c in cols[:2]:
        delta = [d for d in difflib.unified_diff(_pretty(old.get(c)), _pretty(new.get(c)), lineterm="", n=0)
                 if d[:1] in "+-" and not d.startswith(("+++", "---"))]
        lines += [f"      {c}: {d[:150]}" for d in delta[:width]]
        if len(delta) > width:
            lines.append(f"      {c}: ... {len(delta) - width} more lines")
    return "\n".join(lines)


# ---------------------------------------------------------------------------------------------- spec versions


def diff_specs(a: list[Path], b: list[Path]) -> Report:
    """Compares two versions of a spec tree by declaration.

    Raises:
        BuildError: either version has spec errors (nothing is compared).
    """
    from toolc.errors import BuildError

    from .build import check
    from .schema import tool_definition

    pa, da = check(a)
    pb, db = check(b)
    for d in (da, db):
        if d:
            raise BuildError(d)
    report = Report()
    defs_a = {n: tool_definition(t.node, extensions=True) for n, t in pa.tools.items()}
    defs_b = {n: tool_definition(t.node, extensions=True) for n, t in pb.tools.items()}
    report.sections["tools"] = compare_maps(defs_a, defs_b, describe_tool)
    report.sections["slots"] = compare_maps({n: s.node for n, s in pa.slots.items()},
                                            {n: s.node for n, s in pb.slots.items()})
    report.sections["scenarios"] = compare_maps({n: s.node for n, s in pa.scenarios.items()},
                                                {n: s.node for n, s in pb.scenarios.items()})
    report.sections["datasets"] = compare_maps(
        {n: _plan(d) for n, d in pa.datasets.items()}, {n: _plan(d) for n, d in pb.datasets.items()},
        lambda x, y: ", ".join(k for k in x if x[k] != y.get(k)) or "changed")
    touched = set(report.sections["tools"].changed) | set(report.sections["slots"].changed)
    direct = set(report.sections["scenarios"].changed)
    report.affected = sorted(n for n, s in pb.scenarios.items()
                             if n in pa.scenarios and n not in direct and _uses(s.node) & touched)
    return report


def _plan(d: Any) -> dict[str, Any]:
    return {k: v for k, v in vars(d).items() if k != "span"}


def _uses(node: Any) -> set[str]:
    """Names of the tools and slots a scenario mentions (any string field named like one is enough)."""
    found: set[str] = set()

    def walk(v: Any) -> None:
        if isinstance(v, dict):
            for k, x in v.items():
                if k in ("tool", "name", "base") and isinstance(x, str):
                    found.add(x)
                walk(x)
        elif isinstance(v, (list, tuple)):
            for x in v:
                if isinstance(x, str):
                    found.add(x)
                else:
                    walk(x)

    walk(node.model_dump())
    return found


def build_and_diff(a: list[Path], b: list[Path], *, today: Any = None, formats: Iterable[str] = ("openai",),
                   **overrides: Any) -> Report:
    """:func:`diff_specs`, then both versions built with the same options and their rows compared.

    Args:
        a, b: the two versions (files or directories).
        today: the reference date of both builds (default: today, the same for both).
        formats: formats to build (rows are compared in the first).
        overrides: ``dataset``, ``seed``, ``sft``, ``rm``, ``ppo``, ``test_percent`` for both builds.

    Raises:
        BuildError, UsageError: see :func:`compiler.build.build`.
    """
    import datetime as _dt
    import tempfile

    from .build import build

    report = diff_specs(a, b)
    today = today or _dt.date.today()
    with tempfile.TemporaryDirectory(prefix="toolc-diff-") as tmp:
        outs = []
        for name, paths in (("a", a), ("b", b)):
            out = Path(tmp) / name
            build(paths, out, today=today, formats=list(formats), progress=False, warnings=_quiet(), **overrides)
            outs.append(out)
        built = diff_builds(outs[0], outs[1])
    report.sections = {"specs": built.sections["specs"], **report.sections, "settings": built.sections["settings"]}
    report.rows, report.row_format, report.examples = built.rows, built.row_format, built.examples
    return report


def _quiet() -> Any:
    from toolc.dsl.diagnostics import Diagnostics

    return Diagnostics()
