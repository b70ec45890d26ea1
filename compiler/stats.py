"""Stats stage: a built dataset directory -> tables (input: OUT/manifest.json and the files; output: polars frames)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

from toolc.errors import DataError, NotABuildError, on_path
from toolc.vocab import SPLITS

if TYPE_CHECKING:
    import polars as pl


_STAGE_ORDER = ("format", "schema", "execution", "semantic")


def load_manifest(out_dir: Path) -> dict:
    """Reads ``OUT/manifest.json``.

    Raises:
        NotABuildError: the directory does not exist or has no manifest.
        DataError: the manifest cannot be read or is not a JSON object.
    """
    root = Path(out_dir)
    hint = f"build one with `toolc build SPEC -o {root}`"
    if not root.is_dir():
        raise NotABuildError(f"dataset directory `{root}` does not exist; {hint}")
    path = root / "manifest.json"
    if not path.is_file():
        raise NotABuildError(f"`{root}` is not a toolc build (no manifest.json); {hint}")
    with on_path(path, "read", DataError):
        text = path.read_text(encoding="utf-8", errors="replace")
    return json_object(text, str(path))


def json_object(text: str, where: str, error: type[DataError] = DataError) -> dict:
    """Parses one JSON object (a manifest, one line of a JSONL file).

    Raises:
        DataError: ``error("WHERE: not valid JSON (...)")`` or ``error("WHERE: expected a JSON object, got list")``.
    """
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        raise error(f"{where}: not valid JSON ({exc.msg} at column {exc.colno})") from None
    if not isinstance(value, dict):
        raise error(f"{where}: expected a JSON object, got {type(value).__name__}")
    return value


def tables(out_dir: Path) -> dict[str, pl.DataFrame]:
    """The manifest as polars tables: rows per kind and split, per scenario, per tool, per perturbation,
    turn kinds, conversation-length statistics computed from the SFT ``openai``/first-format Parquet file, and
    the verification stage's pass rate per stage with the reasons rows were dropped.

    Returns:
        title -> DataFrame, in display order.
    """
    import polars as pl  # here, not at the top: the trainers read manifests (load_manifest) and need no polars

    m = load_manifest(out_dir)
    out: dict[str, pl.DataFrame] = {}
    out["rows"] = pl.DataFrame(
        [{"dataset": k, "train": v["train"], "test": v["test"], "total": v["train"] + v["test"]} for k, v in m["rows"].items()]
    )
    if m["scenarios"]:
        out["scenarios"] = pl.DataFrame([{"scenario": s, **c} for s, c in m["scenarios"].items()]).sort("scenario")
    if m["tools"]:
        out["tool calls (sft)"] = pl.DataFrame({"tool": list(m["tools"]), "calls": list(m["tools"].values())}).sort(
            "calls", descending=True)
    if m["perturbations"]:
        out["rm perturbations"] = pl.DataFrame(
            {"perturbation": list(m["perturbations"]), "rows": list(m["perturbations"].values())})
    if m.get("turns"):
        out["assistant turns (sft)"] = pl.DataFrame({"expect": list(m["turns"]), "turns": list(m["turns"].values())})
    fmt = "openai" if "openai" in m["formats"] else (m["formats"][0] if m["formats"] else None)
    if fmt == "openai":
        frames = []
        for split in SPLITS:
            p = Path(out_dir) / "sft" / fmt / f"{split}.parquet"
            if p.is_file():
                frames.append(pl.read_parquet(p, columns=["messages"]).with_columns(pl.lit(split).alias("split")))
        if frames:
            df = pl.concat(frames).with_columns(pl.col("messages").list.len().alias("n"))
            out["messages per conversation (sft)"] = df.group_by("split").agg(
                pl.len().alias("rows"), pl.col("n").mean().round(2).alias("mean"), pl.col("n").min().alias("min"),
                pl.col("n").max().alias("max")).sort("split")
    v = m.get("verification")
    if v:
        out["verification (rows reaching each stage)"] = pl.DataFrame([
            {"stage": stage, "checked": s["checked"], "dropped": s["dropped"],
             "pass %": round(100.0 * (s["checked"] - s["dropped"]) / s["checked"], 2) if s["checked"] else 100.0,
             "reasons": ", ".join(f"{k} {n}" for k, n in s["reasons"].items())}
            for stage, s in sorted(v["stages"].items(), key=lambda kv: _STAGE_ORDER.index(kv[0])
                                   if kv[0] in _STAGE_ORDER else len(_STAGE_ORDER))])
    if m["shortfalls"]:
        out["shortfalls"] = pl.DataFrame(m["shortfalls"])
    return out


def describe(out_dir: Path) -> str:
    """Header line of ``toolc stats``: dataset, seed, reference date, formats, spec count."""
    m = load_manifest(out_dir)
    return (f"dataset {m['dataset']}  seed {m['seed']}  today {m['today']}  toolc {m['toolc_version']}\n"
            f"formats {', '.join(m['formats'])}  test {m['test_percent']}% holdout {', '.join(m['holdout'])}  "
            f"specs {len(m['specs'])}")
