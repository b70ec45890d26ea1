"""Benchmark: toolc against Chatette 1.6.3, builds at scale, and check time, in one run (whole processes).

Usage::

    python scripts/bench.py            # the full report (40,000-row template race, 1M bundled rows, check)
    python scripts/bench.py --quick    # small sizes (a minute or two): the same table, for a quick look
    python scripts/bench.py --json out.json
    python scripts/bench.py --only check    # one part: race, scale, check, rebuild, readme or derived
    python scripts/bench.py --only derived --before /tmp/pre/.venv/bin/toolc   # against an older install

What it measures (each a separate process, start-up included, as a user waits for it):

1. **Template race** (issue 12): one weather intent written for both tools -- 3 user templates, 1,000 cities,
   10 date phrases, an optional ", please" -- 40,000 rows. Chatette 1.6.3 writes bare sentences (its
   ``jsonl`` adapter); toolc writes whole conversations (user turn, tool call, tool result, reply) as
   ``openai`` and ``qwen`` rows (JSONL + Parquet). Chatette is installed in a throwaway venv inside the run
   (``python -m venv``, ``pip install chatette==1.6.3 'setuptools<81'``: it needs ``pkg_resources``), never
   as a dependency of toolc. Runs are **paired**: each round runs the three commands back to back in a
   rotating order, and the ratio is taken per round, so load from other processes on a shared machine hits
   both sides of a ratio alike; the table shows the median round. Every toolc build here runs with
   ``--no-cache``: rounds build into the same output, and a rebuild would otherwise reuse the previous rows.
2. **Scale**: SFT ``openai`` rows of the bundled specs (``specs/main.tool``), 1,000,000 by default, with
   ``--jobs 2`` when the CLI has ``--jobs`` (else one process): wall seconds, CPU seconds (user+sys of the
   process tree) and peak RSS (the sum over the process tree, sampled every 20 ms with psutil).
3. **Rebuild** (issue 10): 100,000 SFT ``openai`` rows of a copy of the bundled specs built once, then one
   tool's description edited (``get_weather``'s, offered in about a sixth of the rows) and the same command
   run again into the same output; the table shows the rebuild's time as a share of the full build, and
   whether its files equal a from-scratch build of the edited specs byte for byte (``--jobs 1`` both). The
   rebuild runs ``--rebuild-rounds`` times (default 3), each into a copy of the full build's output; the median.
4. **README build**: the build the README's set-up runs (``toolc build specs/main.tool``: every kind at the
   bundled dataset's sizes -- 5,000 SFT, 2,000 RM, 1,000 PPO rows -- in its five formats, default ``--jobs``),
   with ``--no-cache``; the median of ``--rounds`` runs.
5. **Derived results** (issue 8): the race's intent with two more result fields, ``city`` and ``date``, 100,000 SFT
   ``openai`` rows: echoing the call (``city: string = city``) with ``--jobs 1`` and default jobs, and drawn from
   their types (words that contradict the call, as every result did before issue 8) with ``--jobs 1``. The ratios
   divide by the drawn build, or with ``--before TOOLC`` by that executable's build of the drawn spec (install a
   commit before derived results, e.g. ``bb9e52f``, in its own venv): identical templates, so the ratio is what
   derived results, the verification stage and the incremental-build cache cost, not what richer specs hold.
6. **Check**: parse + check of a generated spec of 1,000 tools with up to 5 parameters and 1,000 scenarios
   (``tests/specgen.py``), in-process (median of 5 after a warm-up) and as ``toolc check`` (median of 3).

Every time is reported as wall and CPU (user+sys) seconds: on a busy machine wall time includes waiting for a
core, CPU time does not. Targets (issue 12): toolc >= 3x Chatette's rows/s in ``openai`` and >= 1.5x in
``qwen``; 1M rows in < 60 s wall with peak RSS < 1 GB on 2 cores; check < 1 s; (issue 10) a one-description
rebuild <= 10 % of a full build. It is a benchmark, not a test.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parents[1]
TODAY = "2025-04-23"
DATES = ["today", "tomorrow", "tonight", "this weekend", "on Monday", "on Tuesday", "next week",
         "the day after tomorrow", "this afternoon", "on Friday"]
USER = ["what is the weather in {city} {date}{please}", "will it rain in {city} {date}{please}",
        "show me the forecast for {city} {date}{please}"]


def cities(n: int = 1000) -> list[str]:
    return [f"City{i:04d}" for i in range(n)]


def chatette_template(rows: int) -> str:
    """The weather intent in Chatette's template language (``~[please?]``: the alias half of the time)."""
    lines = [f"%[weather](training: {rows})"]
    lines += ["  " + u.format(city="@[city]", date="~[date]", please="~[please?]") for u in USER]
    lines += ["", "@[city]", *("  " + c for c in cities()), "", "~[date]", *("  " + d for d in DATES), "",
              "~[please]", "  , please", ""]
    return "\n".join(lines)


def toolc_spec(rows: int, results: str = "") -> str:
    """The same intent as a toolc scenario: the same 3 user templates and slot values, plus the tool call,
    its result and a reply that a conversation has and a bare sentence does not.

    ``results``: ``""`` -- the result is a condition and a temperature; ``"drawn"`` -- it also has ``city`` and
    ``date`` fields drawn from their types (words that contradict the call, as every result did before results
    followed from their calls); ``"derived"`` -- those fields echo the call's arguments (``city: string = city``)."""
    def choice(values: list[str]) -> str:
        return " | ".join(json.dumps(v) for v in values)

    users = " | ".join(json.dumps(u.format(city="{city}", date="{day}", please="[, please]")) for u in USER)
    return f"""locale en_US

tool get_weather "Weather forecast for a city on a day" {{
    city: string "City name"
    date: string "The day, as the user said it"
    returns {{{RESULT_FIELDS[results]}
        condition: "sunny" | "cloudy" | "rain"
        temp_c: int(-10..40)
    }}
}}

slot city = {choice(cities())}
slot day = {choice(DATES)}

scenario weather {{
    user {users}
    call get_weather(city=city, date=day) -> w
    assistant "{{city}}: {{w.condition}}, {{w.temp_c}} C."
}}

dataset bench {{
    scenarios weather
    sft {rows}
    format openai
    seed 1
}}
"""


RESULT_FIELDS = {"": "", "drawn": "\n        city: string\n        date: string",
                 "derived": "\n        city: string = city\n        date: string = date"}


# ---------------------------------------------------------------------------------------------- processes


def run(cmd: list[str], cwd: Path | None = None) -> dict:
    """Runs ``cmd`` to completion; returns wall seconds, CPU seconds (user+sys of the process and every
    descendant it waited for) and peak RSS in MiB (the sum over the process tree, sampled every 20 ms).

    Raises:
        RuntimeError: the command failed (its stderr's tail is in the message).
    """
    try:
        import psutil
    except ImportError:  # pragma: no cover - psutil comes with accelerate
        psutil = None
    peak = [0.0]
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=_env())
    done = threading.Event()

    def sample() -> None:
        if psutil is None:
            return
        try:
            root = psutil.Process(proc.pid)
        except psutil.Error:
            return
        while not done.is_set():
            try:
                rss = sum(p.memory_info().rss for p in [root, *root.children(recursive=True)])
                peak[0] = max(peak[0], rss / 2**20)
            except psutil.Error:
                pass
            done.wait(0.02)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    err = proc.stderr.read() if proc.stderr else b""
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    done.set()
    sampler.join()
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd[:4])} ... failed ({proc.returncode}): {err.decode(errors='replace')[-2000:]}")
    return {"wall_s": wall, "cpu_s": usage.ru_utime + usage.ru_stime,
            "peak_rss_mib": max(peak[0], usage.ru_maxrss / 1024)}


def paired_rounds(cmds: dict[str, list[str]], rounds: int, work: Path,
                  rows: Callable[[str], int] | None = None) -> list[dict[str, dict]]:
    """``rounds`` paired rounds of ``cmds`` (each round runs every command once, in an order rotating by round) after
    an unmeasured one that warms the file cache and toolc's grammar cache: one ``{name: run(...)}`` per round
    (plus ``"rows"``: ``rows(name)`` counted after each run, when given)."""
    names = list(cmds)
    per_round = []
    for r in range(rounds + 1):
        order = names[r % len(names):] + names[:r % len(names)]
        got = {n: run(cmds[n], cwd=work) for n in order}
        if rows is not None:
            for n in names:
                got[n]["rows"] = rows(n)
        if r:
            per_round.append(got)
    return per_round


def median_round(per_round: list[dict[str, dict]], name: str) -> dict:
    """``name``'s run in the round where its wall time is the (lower) median."""
    walls = [g[name]["wall_s"] for g in per_round]
    return per_round[walls.index(statistics.median_low(walls))][name]


def _env() -> dict[str, str]:
    """The environment of a measured process: this one's, less ``PYTHONDONTWRITEBYTECODE`` (a user's Python keeps
    compiled modules in ``__pycache__``; without them every toolc process compiles its own sources again, ~0.1 s).
    The first (unmeasured) run of each command writes them."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["ARROW_DEFAULT_MEMORY_POOL"] = os.environ.get("ARROW_DEFAULT_MEMORY_POOL", "system")
    return env


def chatette_python(work: Path) -> str:
    """A throwaway venv with Chatette 1.6.3 (and ``setuptools<81``, whose ``pkg_resources`` it imports)."""
    venv = work / "chatette-venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    py = str(venv / "bin" / "python")
    subprocess.run([py, "-m", "pip", "install", "-q", "chatette==1.6.3", "setuptools<81"], check=True,
                   stdout=subprocess.DEVNULL)
    return py


def count_lines(folder: Path, pattern: str) -> int:
    return sum(sum(1 for _ in open(p, "rb")) for p in folder.rglob(pattern))


def toolc_cmd(*args: str) -> list[str]:
    return [sys.executable, "-m", "toolc.cli", *args]


def has_jobs() -> bool:
    out = subprocess.run(toolc_cmd("build", "--help"), capture_output=True, text=True, cwd=ROOT)
    return "--jobs" in out.stdout


# ---------------------------------------------------------------------------------------------- the three parts


def race(work: Path, rows: int, rounds: int) -> list[dict]:
    """Chatette vs toolc ``openai`` and ``qwen`` on the weather intent, ``rounds`` paired rounds."""
    py = chatette_python(work)
    (work / "weather.chatette").write_text(chatette_template(rows), encoding="utf-8")
    (work / "weather.tool").write_text(toolc_spec(rows), encoding="utf-8")
    cmds = {
        "chatette": [py, "-m", "chatette", str(work / "weather.chatette"), "-o", str(work / "ch-out"), "-a", "jsonl",
                     "-s", "1", "-f"],
        # --no-cache: every round builds into the same output, and a rebuild would reuse the previous rows
        "toolc openai": toolc_cmd("build", str(work / "weather.tool"), "-o", str(work / "openai-out"), "--force",
                                  "--today", TODAY, "--format", "openai", "--rm", "0", "--ppo", "0", "--no-progress",
                                  "--no-cache"),
        "toolc qwen": toolc_cmd("build", str(work / "weather.tool"), "-o", str(work / "qwen-out"), "--force",
                                "--today", TODAY, "--format", "qwen", "--rm", "0", "--ppo", "0", "--no-progress",
                                "--no-cache"),
    }
    outputs = {"chatette": (work / "ch-out", "*.jsonl"), "toolc openai": (work / "openai-out", "*.jsonl"),
               "toolc qwen": (work / "qwen-out", "*.jsonl")}
    per_round = paired_rounds(cmds, rounds, work, lambda n: count_lines(*outputs[n]))
    out = []
    for n in cmds:
        mid = median_round(per_round, n)
        row = {"what": f"race: {n}", "rows": mid["rows"], "wall_s": mid["wall_s"], "cpu_s": mid["cpu_s"],
               "rows_per_s": mid["rows"] / mid["wall_s"], "rows_per_cpu_s": mid["rows"] / mid["cpu_s"],
               "peak_rss_mib": mid["peak_rss_mib"]}
        if n != "chatette":
            ratios = [(g[n]["rows"] / g[n]["wall_s"]) / (g["chatette"]["rows"] / g["chatette"]["wall_s"]) for g in per_round]
            cpu_ratios = [(g[n]["rows"] / g[n]["cpu_s"]) / (g["chatette"]["rows"] / g["chatette"]["cpu_s"])
                          for g in per_round]
            row["vs_chatette"] = statistics.median(ratios)
            row["vs_chatette_cpu"] = statistics.median(cpu_ratios)
            row["target"] = 3.0 if n.endswith("openai") else 1.5
        out.append(row)
    return out


def scale(work: Path, rows: int) -> dict:
    """SFT ``openai`` rows of the bundled specs, ``--jobs 2`` when the CLI has it."""
    jobs = ["--jobs", "2"] if has_jobs() else []
    got = run(toolc_cmd("build", str(ROOT / "specs" / "main.tool"), "-o", str(work / "scale-out"), "--force",
                        "--today", TODAY, "--format", "openai", "--sft", str(rows), "--rm", "0", "--ppo", "0",
                        "--no-progress", "--no-cache", *jobs), cwd=work)
    return {"what": f"bundled specs, openai, jobs {jobs[1] if jobs else 1}", "rows": rows, **got,
            "rows_per_s": rows / got["wall_s"], "rows_per_cpu_s": rows / got["cpu_s"]}


def readme_build(work: Path, rounds: int) -> dict:
    """The README's build of the bundled specs (every kind, its formats, default jobs): the median of ``rounds``."""
    runs = [run(toolc_cmd("build", str(ROOT / "specs" / "main.tool"), "-o", str(work / "readme-out"), "--force",
                          "--today", TODAY, "--no-progress", "--no-cache"), cwd=work) for _ in range(rounds)]
    walls = [r["wall_s"] for r in runs]
    got = runs[walls.index(statistics.median_low(walls))]
    rows = sum(count_lines(work / "readme-out" / kind / "openai", "*.jsonl") for kind in ("sft", "rm", "ppo"))
    return {"what": f"README build (every kind, 5 formats; median of {rounds})", "rows": rows, **got,
            "rows_per_s": rows / got["wall_s"], "rows_per_cpu_s": rows / got["cpu_s"]}


def derived(work: Path, rows: int, rounds: int, before: str | None) -> list[dict]:
    """Issue 8's cost of results that follow from their calls: the race's weather intent with ``city`` and ``date``
    result fields, ``rows`` SFT ``openai`` rows, ``rounds`` paired rounds (after an unmeasured one).

    Runs the current toolc on the fields echoing the call (``derived``), with ``--jobs 1`` and with its default jobs,
    and on the same fields drawn from their types (``drawn``, ``--jobs 1``: the derivation's own cost). With
    ``before`` (a ``toolc`` executable installed from a commit before derived results, e.g. ``bb9e52f``: one
    process, no verification stage, no cache), that build of the ``drawn`` spec is the baseline the ratios divide
    by; else the current ``drawn`` build is.
    """
    specs = {}
    for kind in ("drawn", "derived"):
        specs[kind] = work / f"weather-{kind}.tool"
        specs[kind].write_text(toolc_spec(rows, kind), encoding="utf-8")

    def now(spec: str, out: str, *extra: str) -> list[str]:
        return toolc_cmd("build", str(specs[spec]), "-o", str(work / out), "--force", "--today", TODAY, "--format",
                         "openai", "--rm", "0", "--ppo", "0", "--no-progress", "--no-cache", *extra)

    cmds = {"now drawn, jobs 1": now("drawn", "drawn-1", "--jobs", "1"),
            "now derived, jobs 1": now("derived", "derived-1", "--jobs", "1"),
            "now derived, default jobs": now("derived", "derived-n")}
    base = "now drawn, jobs 1"
    if before:
        base = "before drawn (one process)"
        cmds[base] = [before, "build", str(specs["drawn"]), "-o", str(work / "before"), "--force", "--today", TODAY,
                      "--format", "openai", "--rm", "0", "--ppo", "0", "--no-progress"]
    per_round = paired_rounds(cmds, rounds, work)
    out = []
    for n in cmds:
        mid = median_round(per_round, n)
        row = {"what": f"derived: {n}", "rows": rows, **mid, "rows_per_s": rows / mid["wall_s"],
               "rows_per_cpu_s": rows / mid["cpu_s"]}
        if n != base:
            row["vs_base"] = statistics.median([g[base]["wall_s"] / g[n]["wall_s"] for g in per_round])
            row["vs_base_cpu"] = statistics.median([g[base]["cpu_s"] / g[n]["cpu_s"] for g in per_round])
            row["base"] = base
        out.append(row)
    return out


REBUILD_TOOL = 'tool get_weather "'


def rebuild(work: Path, rows: int, rounds: int = 3) -> list[dict]:
    """A full build, then a rebuild after one tool description changed, into the same output (``--jobs 1``).

    The rebuild runs ``rounds`` times, each into a fresh copy of the full build's output (file times kept, so the
    cache trusts it as it trusts the build's own output); the table shows the round of median wall time."""
    import filecmp
    import shutil

    specs = work / "rebuild-specs"
    shutil.copytree(ROOT / "specs", specs)

    def build(out: str, *extra: str) -> dict:
        return run(toolc_cmd("build", str(specs / "main.tool"), "-o", str(work / out), "--today", TODAY,
                             "--format", "openai", "--sft", str(rows), "--rm", "0", "--ppo", "0", "--jobs", "1",
                             "--no-progress", *extra), cwd=work)

    build("rebuild-warm", "--no-cache")  # compiled modules and the file cache, not counted
    full = build("rebuild-out")
    before = work / "rebuild-before"
    shutil.copytree(work / "rebuild-out", before)  # copy2: file times kept
    spec = next(p for p in sorted(specs.glob("*.tool")) if REBUILD_TOOL in p.read_text(encoding="utf-8"))
    text = spec.read_text(encoding="utf-8")
    spec.write_text(text.replace(REBUILD_TOOL, REBUILD_TOOL + "(edited) ", 1), encoding="utf-8")
    runs = []
    for r in range(max(1, rounds)):
        if r:
            shutil.rmtree(work / "rebuild-out")
            shutil.copytree(before, work / "rebuild-out")
        runs.append(build("rebuild-out"))
    walls = [g["wall_s"] for g in runs]
    again = runs[walls.index(statistics.median_low(walls))]
    fresh = build("rebuild-fresh", "--no-cache")

    def files(root: Path) -> list[str]:
        return sorted(str(p.relative_to(root)) for p in root.rglob("*")
                      if p.is_file() and ".toolc-cache" not in p.parts and p.suffix in (".jsonl", ".parquet"))
    a, b = work / "rebuild-out", work / "rebuild-fresh"
    same = files(a) == files(b) and all(filecmp.cmp(a / f, b / f, shallow=False) for f in files(a))
    return [{"what": "rebuild: full build, bundled specs, jobs 1", "rows": rows, **full},
            {"what": f"rebuild: after one description edit (median of {len(runs)})", "rows": rows, **again,
             "share": again["cpu_s"] / full["cpu_s"], "share_wall": again["wall_s"] / full["wall_s"],
             "identical": same, "rounds": runs}]


def check_time(work: Path) -> list[dict]:
    """Parse + check of 1,000 generated tools and 1,000 scenarios, in-process and as ``toolc check``."""
    sys.path[:0] = [str(ROOT / "tests")]
    from specgen import generate_spec

    spec = work / "gen1000.tool"
    spec.write_text(generate_spec(1000), encoding="utf-8")
    probe = ("import sys, time, json\nfrom pathlib import Path\nfrom toolc.compiler.check import check\n"
             "p = [Path(sys.argv[1])]\n_, d = check(p)\nassert not d, d.render()\nw, c = [], []\n"
             "for _ in range(5):\n    t, u = time.perf_counter(), time.process_time()\n    check(p)\n"
             "    w.append(time.perf_counter() - t); c.append(time.process_time() - u)\n"
             "print(json.dumps([sorted(w)[2], sorted(c)[2]]))")
    out = subprocess.run([sys.executable, "-c", probe, str(spec)], capture_output=True, text=True, check=True,
                         env=_env())
    wall, cpu = json.loads(out.stdout.strip().splitlines()[-1])
    run(toolc_cmd("check", str(spec)), cwd=work)  # warm-up: compiled modules, toolc's parse tables cache
    runs = [run(toolc_cmd("check", str(spec)), cwd=work) for _ in range(3)]
    mid = sorted(runs, key=lambda r: r["wall_s"])[1]
    return [{"what": "check 1,000 tools + 1,000 scenarios, in-process", "wall_s": wall, "cpu_s": cpu, "target_s": 1.0},
            {"what": "check 1,000 tools + 1,000 scenarios, toolc check", **mid, "target_s": 1.0}]


def table(results: list[dict]) -> str:
    head = f"{'what':<52} {'rows':>9} {'wall s':>8} {'cpu s':>8} {'rows/s':>9} {'rows/cpu s':>10} {'RSS MiB':>8}  vs target"
    lines = [head, "-" * len(head)]
    for r in results:
        vs = ""
        if "vs_chatette" in r:
            vs = (f"{r['vs_chatette']:.2f}x Chatette wall, {r['vs_chatette_cpu']:.2f}x cpu "
                  f"(target >= {r['target']}x)")
        elif "share" in r:
            vs = (f"{r['share_wall']:.1%} of the full build's wall, {r['share']:.1%} cpu (target <= 10%); "
                  f"{'byte-identical to' if r['identical'] else 'DIFFERS from'} a full build; rounds wall "
                  + "/".join(f"{g['wall_s']:.2f}" for g in r["rounds"]) + " s, cpu "
                  + "/".join(f"{g['cpu_s']:.2f}" for g in r["rounds"]) + " s")
        elif "vs_base" in r:
            vs = (f"{r['vs_base']:.2f}x the rows/s of '{r['base']}' wall, {r['vs_base_cpu']:.2f}x cpu "
                  "(issue 8: >= 0.67x)")
        elif "target_s" in r:
            vs = f"target < {r['target_s']} s"
        elif r["what"].startswith("bundled") and r["rows"] >= 1_000_000:
            vs = "target < 60 s wall, < 1024 MiB"
        rows = f"{r['rows']:,}" if "rows" in r else ""
        rate = f"{r['rows_per_s']:,.0f}" if "rows_per_s" in r else ""
        rate_cpu = f"{r['rows_per_cpu_s']:,.0f}" if "rows_per_cpu_s" in r else ""
        rss = f"{r['peak_rss_mib']:,.0f}" if "peak_rss_mib" in r else ""
        lines.append(f"{r['what']:<52} {rows:>9} {r['wall_s']:>8.2f} {r['cpu_s']:>8.2f} {rate:>9} {rate_cpu:>10} "
                     f"{rss:>8}  {vs}")
    return "\n".join(lines)


PARTS = ["race", "scale", "check", "rebuild", "readme", "derived"]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--quick", action="store_true", help="small sizes: 4,000 race rows, 20,000 bundled rows")
    ap.add_argument("--rounds", type=int, default=3, help="paired rounds of the race (default 3)")
    ap.add_argument("--race-rows", type=int, help="rows of the race (default 40,000; --quick 4,000)")
    ap.add_argument("--scale-rows", type=int, help="bundled rows (default 1,000,000; --quick 20,000)")
    ap.add_argument("--rebuild-rows", type=int, help="rows of the rebuild part (default 100,000; --quick 10,000)")
    ap.add_argument("--rebuild-rounds", type=int, default=3, help="rebuilds of the rebuild part, each into a copy of "
                    "the full build's output (default 3; the median is shown)")
    ap.add_argument("--derived-rows", type=int, help="rows of the derived part (default 100,000; --quick 10,000)")
    ap.add_argument("--before", help="derived part: a toolc executable installed from a commit before derived results "
                    "(e.g. bb9e52f), the baseline of its ratios")
    ap.add_argument("--skip", action="append", default=[], choices=PARTS)
    ap.add_argument("--only", choices=PARTS, help="run this part alone")
    ap.add_argument("--json", type=Path, help="also write the results as JSON")
    a = ap.parse_args()
    race_rows = a.race_rows or (4_000 if a.quick else 40_000)
    scale_rows = a.scale_rows or (20_000 if a.quick else 1_000_000)
    if a.only:
        a.skip = [part for part in PARTS if part != a.only]
    results: list[dict] = []
    with tempfile.TemporaryDirectory(prefix="toolc-bench-") as tmp:
        work = Path(tmp)
        if "race" not in a.skip:
            results += race(work, race_rows, a.rounds)
        if "check" not in a.skip:
            results += check_time(work)
        if "readme" not in a.skip:
            results.append(readme_build(work, a.rounds))
        if "rebuild" not in a.skip:
            results += rebuild(work, a.rebuild_rows or (10_000 if a.quick else 100_000), a.rebuild_rounds)
        if "derived" not in a.skip:
            results += derived(work, a.derived_rows or (10_000 if a.quick else 100_000), a.rounds, a.before)
        if "scale" not in a.skip:
            results.append(scale(work, scale_rows))
    print(f"toolc bench ({os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} at the end)")
    print(table(results))
    if a.json:
        a.json.write_text(json.dumps(results, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
