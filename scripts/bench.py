"""Benchmark: SFT rows/second and peak memory for builds from the bundled specs, and parse+check time for 1,000 tools.

Usage::

    python scripts/bench.py                  # the full report (100k SFT rows, 1 format; sizes for memory)
    python scripts/bench.py --rows 20000     # one size only

Each build size runs in its own process so peak RSS (``ru_maxrss``) belongs to that size alone; "memory
flat in rows" means peak RSS barely moves from 10k to 100k rows. ``rows/s`` counts SFT rows over the whole
build (expansion, rendering, JSON Schema validation, writing JSONL + Parquet with `datasets`); the
``record stream + rendering`` lines time the records and their rendered row dicts alone (``--serialize``
also ``json.dumps`` each row, as builds before the Arrow writer did to spool rows). CPU seconds are reported
next to wall seconds: the build is single-threaded Python, so rows/s per core = rows / CPU seconds.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
os.environ.setdefault("ARROW_DEFAULT_MEMORY_POOL", "system")  # as `toolc` does (toolc/cli.py)
SPECS = sorted((ROOT / "specs").glob("*.tool"))
TODAY = dt.date(2025, 4, 23)


def _cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def _anon_sampler() -> dict:
    """Samples the process's anonymous (heap) memory every 20 ms; ``peak["mib"]`` is its maximum.

    ``ru_maxrss`` also counts file-backed pages, e.g. the memory-mapped Arrow cache `datasets` writes
    through, which the kernel can drop at any time; anonymous memory is what a build really holds.
    """
    import threading

    peak = {"mib": 0.0}

    def run() -> None:
        while True:
            with open("/proc/self/status") as f:
                for line in f:
                    if line.startswith("RssAnon"):
                        peak["mib"] = max(peak["mib"], int(line.split()[1]) / 1024)
            time.sleep(0.02)

    threading.Thread(target=run, daemon=True).start()
    return peak


def one_build(rows: int, fmt: str) -> dict:
    """Builds ``rows`` SFT rows (no RM/PPO) in one format; returns timings, peak RSS and peak anonymous memory."""
    sys.path.insert(0, str(ROOT))
    from toolc.compiler.build import build

    anon = _anon_sampler()
    with tempfile.TemporaryDirectory() as tmp:
        t0, c0 = time.perf_counter(), _cpu()
        build(SPECS, Path(tmp) / "out", today=TODAY, formats=[fmt], sft=rows, rm=0, ppo=0, progress=False)
        wall, cpu = time.perf_counter() - t0, _cpu() - c0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"rows": rows, "format": fmt, "wall_s": round(wall, 2), "cpu_s": round(cpu, 2),
            "rows_per_s": round(rows / wall), "rows_per_cpu_s": round(rows / cpu), "peak_rss_mib": round(peak),
            "peak_anon_mib": round(anon["mib"])}


def expand_only(rows: int, fmt: str, serialize: bool = False) -> dict:
    """Times the record stream plus rendering in one format, without writing files (``serialize``: plus
    ``json.dumps`` of every row)."""
    sys.path.insert(0, str(ROOT))
    from toolc.compiler.build import Options, check, resolve_plan
    from toolc.compiler.generate import Generator
    from toolc.compiler.writers import get_writer

    prog, diags = check(SPECS)
    plan = resolve_plan(prog, Options(sft=rows), diags)
    w = get_writer(fmt)
    gen = Generator(prog, plan, TODAY)
    t0, c0 = time.perf_counter(), _cpu()
    n = 0
    for rec in gen.records("sft"):
        row = w.render(rec)
        if serialize:
            json.dumps(row, ensure_ascii=False)
        n += 1
    wall, cpu = time.perf_counter() - t0, _cpu() - c0
    return {"rows": n, "format": fmt, "serialize": serialize, "wall_s": round(wall, 2), "rows_per_s": round(n / wall),
            "rows_per_cpu_s": round(n / cpu)}


def tools_spec(n: int) -> str:
    """A spec with ``n`` generated tools of varied parameter types, plus one slot and scenario per 10 tools."""
    kinds = ['string? "a name"', "int(1..100)?", '"low" | "mid" | "high" = "mid"', "date = today", "float(0..5)?",
             "list[string]?", "{ lat: float, lon: float }?", "bool = false"]
    out = ["locale en_US", "slot city = faker.city"]
    for i in range(n):
        params = "\n".join(f"    p{j}: {kinds[(i + j) % len(kinds)]}" for j in range(5))
        out.append(f'tool tool_{i} "Generated tool number {i}." {{\n    city: string "City" ask "Which city?"\n'
                   f"{params}\n    returns {{ ok: bool, value: int(0..9) }}\n}}")
        if i % 10 == 0:
            out.append(f'scenario s{i} {{\n    user "run tool {i} for {{city}}" | "tool {i} in {{city}} please"\n'
                       f"    call tool_{i}(city=city) -> r\n    assistant \"done: {{r.value}}\"\n}}")
    return "\n\n".join(out) + "\n"


def check_tools(n: int) -> dict:
    """Parse + check time of a generated spec with ``n`` tools (median of 5 runs, after one warm-up)."""
    sys.path.insert(0, str(ROOT))
    from toolc.compiler.build import check

    with tempfile.TemporaryDirectory() as tmp:
        p = Path(tmp) / "many.tool"
        p.write_text(tools_spec(n), encoding="utf-8")
        size = p.stat().st_size
        _, diags = check([p])
        assert not diags, diags.render()
        times = []
        for _ in range(5):
            t0 = time.perf_counter()
            check([p])
            times.append(time.perf_counter() - t0)
    times.sort()
    return {"tools": n, "bytes": size, "median_s": round(times[2], 3),
            "min_s": round(times[0], 3)}


def _sub(args: list[str]) -> dict:
    out = subprocess.run([sys.executable, __file__, *args], capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--rows", type=int, help="one build size only (runs in this process)")
    ap.add_argument("--format", default="openai")
    ap.add_argument("--expand-only", action="store_true")
    ap.add_argument("--serialize", action="store_true", help="with --expand-only: also json.dumps every row")
    ap.add_argument("--check-tools", type=int)
    a = ap.parse_args()
    if a.check_tools:
        print(json.dumps(check_tools(a.check_tools)))
        return
    if a.rows:
        print(json.dumps(expand_only(a.rows, a.format, a.serialize) if a.expand_only else one_build(a.rows, a.format)))
        return
    print("SFT builds from the bundled specs (one format, JSONL + Parquet via datasets):")
    for n in (10_000, 30_000, 100_000):
        print(" ", _sub(["--rows", str(n), "--format", a.format]))
    print("record stream + rendering only (no files; serialize = json.dumps of each row as well):")
    for fmt in ("openai", "qwen"):
        print(" ", _sub(["--rows", "100000", "--format", fmt, "--expand-only"]))
    print(" ", _sub(["--rows", "100000", "--format", "openai", "--expand-only", "--serialize"]))
    print("parse + check:")
    print(" ", _sub(["--check-tools", "1000"]))


if __name__ == "__main__":
    main()
