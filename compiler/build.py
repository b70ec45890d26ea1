"""Build stage: spec files -> a dataset directory, atomically (input: paths; output: OUT/ with files + manifest.json).

Layout (see README): ``OUT/{sft,rm,ppo}/{FORMAT}/{train,test}.{jsonl,parquet}``, ``OUT/manifest.json`` and
the marker ``OUT/.toolc-output``. The build writes into a staging tree beside ``OUT`` and swaps it in only
when everything succeeded (:mod:`compiler.output`: lock, refusal of directories toolc did not write,
atomic exchange), so a failed or interrupted build leaves the previous output as it was.
"""

from __future__ import annotations

import datetime as _dt
import json
import sys
from contextlib import ExitStack
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Callable, Sequence

from toolc.dsl import ast
from toolc.dsl.diagnostics import Diagnostics, Label, did_you_mean
from toolc.dsl.parse import gc_paused
from toolc import limits
from toolc.errors import BuildError, UsageError, os_reason
from toolc.vocab import KINDS

from . import ir
from .check import check
from .check import check_and_read as _check
from .families import FORMATS_NOTE, format_problem
from .generate import Generator, gc_for_rows
from .lower import lower
from .output import Output, written_files

VERSION = "0.1.0"
#: Most worker processes ``--jobs`` may ask for.
MAX_JOBS = 256


@dataclass(frozen=True)
class Options:
    """Command-line overrides of a dataset plan; ``None`` keeps the spec's value."""

    dataset: str | None = None
    seed: int | None = None
    today: _dt.date | None = None
    formats: tuple[str, ...] | None = None
    sft: int | None = None
    rm: int | None = None
    ppo: int | None = None
    test_percent: float | None = None

    def __post_init__(self) -> None:
        """Checks every given value against its documented range (:mod:`toolc.limits`).

        Raises:
            toolc.errors.UsageError: a value is out of range (the message names the option).
        """
        if self.seed is not None:
            limits.check_seed(self.seed, "seed")
        if self.today is not None:
            limits.check_today(self.today, "today")
        for kind in KINDS:
            if getattr(self, kind) is not None:
                limits.check_count(getattr(self, kind), kind)
        if self.test_percent is not None:
            limits.check_percent(self.test_percent, "test_percent")


def resolve_plan(prog: ir.Program, opts: Options, diags: Diagnostics) -> ir.DatasetIR | None:
    """The dataset plan to build: ``--dataset`` or the first declared, with CLI overrides applied."""
    if opts.dataset is not None:
        plan = prog.datasets.get(opts.dataset)
        if plan is None:
            diags.error("E306", f"no dataset named `{opts.dataset}`", None,
                        hint=did_you_mean(opts.dataset, prog.datasets) or
                        (f"declared: {', '.join(prog.datasets)}" if prog.datasets else "declare one with `dataset NAME { ... }`"))
            return None
    elif prog.datasets:
        plan = next(iter(prog.datasets.values()))
    else:
        plan = ir.DatasetIR.default("default", tuple(prog.scenarios))
    if not plan.scenarios:
        diags.error("E306", f"dataset `{plan.name}` has no scenarios to expand", plan.span)
        return None
    changes: dict[str, Any] = {}
    if opts.seed is not None:
        changes["seed"] = opts.seed
    if opts.formats is not None:
        for f in opts.formats:
            problem = format_problem(f)
            if problem is not None:
                diags.error("E109", problem[0], None, hint=problem[1], notes=(FORMATS_NOTE,))
        changes["formats"] = tuple(opts.formats)
    for k in KINDS:
        n = getattr(opts, k)
        if n is not None:
            changes[k] = ast.Count.make(n=n)
    if opts.test_percent is not None:
        changes["test_percent"] = opts.test_percent
    return replace(plan, **changes)


def build(spec_paths: Sequence[Path], out_dir: Path, *, dataset: str | None = None, seed: int | None = None,
          today: _dt.date | None = None, formats: Sequence[str] | None = None, sft: int | None = None,
          rm: int | None = None, ppo: int | None = None, test_percent: float | None = None,
          progress: bool | None = None, force: bool = False, warnings: Diagnostics | None = None,
          allow_simulators: bool = False, jobs: int | None = None, incremental: bool = True,
          stats: dict[str, int] | None = None, gc_after: bool = True) -> dict[str, Any]:
    """Compiles specs into ``out_dir`` (replacing it atomically) and returns the manifest.

    Args:
        spec_paths: `.tool` files (imports are followed).
        out_dir: output directory; replaced only when the build succeeds, and only if it is missing, empty
            or a toolc output (see :mod:`compiler.output`).
        dataset, seed, today, formats, sft, rm, ppo, test_percent: overrides of the dataset plan.
        progress: show a progress bar (default: when stderr is a terminal).
        force: replace ``out_dir`` even if it is a file or a directory toolc did not write (never one that
            holds a spec file being built).
        warnings: a collector that receives the warnings of a successful build, with the sources they point
            into (``W202`` from checking; ``W301``: rows a format's chat template cannot express were left out
            of it, the manifest's ``left_out`` counts them; ``W601``: a scenario made fewer distinct rows than
            its share; ``W602``: rows of a scenario the verification stage dropped); a failed build's
            diagnostics travel in its BuildError.
        allow_simulators: run the user simulators the specs name (``--allow-simulators``); without it a
            dataset that calls a simulated tool is refused before anything is written.
        jobs: processes that compute rows (``None``: the cores available, :func:`compiler.cores.default_jobs`);
            the output is byte-identical for any value.
        incremental: when ``out_dir`` is an earlier toolc output with a cache (``.toolc-cache/``), reuse its
            untouched rows (:mod:`compiler.cache`; the output is byte-identical to a full build); ``False``
            (``--no-cache``) computes every row. Either way the new output gets a cache.
        stats: receives what was reused: ``scenarios`` (scenario-kinds whose rows came from the cache; RM ones
            also in ``rm_scenarios``),
            ``copied`` / ``rendered`` / ``patched`` (their rows copied from the previous files, rendered again, or
            copied with their tool columns replaced; once per format), ``computed_rows`` (rows expanded),
            ``cached_scenarios`` (scenario-kinds in the build).
        gc_after: turn Python's cyclic garbage collector back on once the rows are made (it is off meanwhile,
            :func:`compiler.generate.gc_for_rows`); ``False`` for a process that ends with the build (the ``toolc
            build`` command, :func:`toolc.cli.script`), whose garbage goes with it.

    Returns:
        the manifest dict (also written to ``out_dir/manifest.json``).

    Raises:
        BuildError: spec errors or bad options (``diags`` holds them; nothing is written); or another build is
            writing ``out_dir``, or writing failed (disk full, ...); ``out_dir`` is untouched either way.
        UsageError: an override is outside its range (:mod:`toolc.limits`).
        InputError: ``out_dir`` may not be replaced or its location cannot be written.
    """
    opts = Options(dataset, seed, today, tuple(formats) if formats else None, sft, rm, ppo, test_percent)
    with gc_paused():
        prog, diags, spec_files = _check(spec_paths)
    if diags:
        raise BuildError(diags)
    plan = resolve_plan(prog, opts, diags)
    if diags or plan is None:
        raise BuildError(diags)
    today = opts.today or _dt.date.today()
    _check_simulators(prog, plan, allow_simulators, diags)
    writers = _writers(plan, today, diags)
    if diags:
        raise BuildError(diags)
    gen = Generator(prog, plan, today, allow_simulators=allow_simulators, writers=tuple(writers))
    jobs = _jobs(jobs)
    with Output(Path(out_dir), force=force, protect=spec_files) as out:
        prev = _previous(out.path) if incremental else None
        try:
            with gc_for_rows(restore=gc_after):
                written = _write_all(gen, writers, out.staging, progress, diags, jobs, out.lock_fd, prev)
            if diags:
                raise BuildError(diags)
            manifest = _manifest(prog, plan, gen, today, writers, written)
            _left_out_warnings(manifest, diags)
            _shortfall_warnings(gen, prog, plan, diags)
            _dropped_warnings(prog, gen, diags)
            (out.staging / "manifest.json").write_text(
                json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=True) + "\n", encoding="utf-8")
            if prev is not None:
                prev.close()
            out.commit(written_files(manifest) + written["cache_files"])
        except OSError as exc:
            if not out.staging_intact():
                raise BuildError(f"the build's staging directory {out.staging} vanished while writing "
                                        f"(removed by another program?); {out_dir} is unchanged") from None
            raise BuildError(f"cannot write {exc.filename or out.staging}: {os_reason(exc)}; "
                                    f"{out_dir} is unchanged") from None
        except KeyboardInterrupt:
            if out.committed:  # held back during the swap and delivered just after it
                raise KeyboardInterrupt(f"after the new output was installed in {out_dir}") from None
            raise
        finally:
            if prev is not None:
                prev.close()
    if warnings is not None:
        warnings.extend(diags)
    if stats is not None:
        stats.update(written["reused"])
    return manifest


def _jobs(jobs: int | None) -> int:
    """``--jobs``: the given count (at least 1), or the cores available."""
    from .cores import default_jobs

    if jobs is None:
        return default_jobs()
    if isinstance(jobs, bool) or not isinstance(jobs, int) or not 1 <= jobs <= MAX_JOBS:
        raise UsageError(f"jobs: expected a number of processes from 1 to {MAX_JOBS}, got {jobs!r}")
    return jobs


def _check_simulators(prog: ir.Program, plan: ir.DatasetIR, allowed: bool, diags: Diagnostics) -> None:
    """Refuses a dataset that needs user code unless ``--allow-simulators`` was given (no code runs from a
    spec alone), and reports a simulator file that cannot be loaded, at its ``simulate`` clause."""
    from .simulate import python as py_sim

    used = {t for name in plan.scenarios for t in prog.scenarios[name].called}
    for name in sorted(used):
        tool = prog.tools[name]
        ref = tool.node.simulate
        if ref is None:
            continue
        span = tool.node.simulate_span or tool.node.span
        if not allowed:
            diags.error("E601", f"tool `{name}` is simulated by Python code (`{ref}`), which runs only when you "
                        f"allow it", span, hint="pass --allow-simulators to run it")
            continue
        try:
            py_sim.load(py_sim.resolve(ref, tool.file, prog.root), py_sim.split_ref(ref)[1])
        except py_sim.SimulatorError as exc:
            diags.error("E602", str(exc), span)


def _writers(plan: ir.DatasetIR, today: _dt.date, diags: Diagnostics) -> list:
    """The writer of every format of the plan (names resolved by the family registry), each output directory once."""
    from .writers import get_writer

    writers, seen = [], {}
    for f in plan.formats:
        w = get_writer(f, today)
        if w.name in seen:
            diags.error("E109", f"formats `{seen[w.name]}` and `{f}` both write `{w.name}/`", plan.span)
            continue
        seen[w.name] = f
        writers.append(w)
    return writers


def _previous(path: Path):
    """The cache of the output being replaced (:class:`compiler.cache.Previous`), or ``None``."""
    from .cache import Previous
    from .output import is_toolc_output

    return Previous.load(path) if path.is_dir() and is_toolc_output(path) else None


def _write_all(gen: Generator, writers, tmp: Path, progress: bool | None, diags: Diagnostics, jobs: int = 1,
               lock_fd: int | None = None, prev=None) -> dict:
    """Renders every record once per format, streaming the rows of each (kind, format, split) to its files.

    Layout: ``tmp/{kind}/{format}/{split}.{jsonl,parquet}``; a split without rows gets no files
    (``datasets.load_dataset`` cannot read empty ones). Rows are computed in shards by ``jobs`` processes and
    merged in a fixed order (:mod:`compiler.shards`), so the files are the same for any ``jobs``. A record a
    format cannot express (:class:`compiler.writers.LeftOut`) is left out of that format and counted. A user
    simulator that raises is reported in ``diags`` and stops the build (the caller removes ``tmp``); rows that
    fail verification are dropped and counted by the generator. The rows of scenarios unchanged since ``prev``
    (the replaced output's cache) are reused (:mod:`compiler.cache`); the rows are cached in ``tmp`` anew.

    Returns:
        ``{"rows": {format: {kind: {split: n}}}, "left_out": {format: {kind: {construct: n}}}, "extra_files":
        [path, ...], "cache_files": [path, ...], "reused": {"scenarios": n, "copied": n, "rendered": n}}`` (paths
        relative to ``tmp``; ``copied``/``rendered``: rows of reused scenarios copied from the previous files
        or rendered again from cached records, counted once per format).
    """
    import orjson

    from .cache import CacheWriter, description_hashes, scenario_keys
    from .generate import description_reads
    from .files import SplitWriter, system_memory_pool
    from .cache_rows import Packer
    from .reuse import CarryingWriter, Replay, RmStates
    from .merge import RowErrorRaised, first_shards, run_kind
    from .shards import WORKER_NICE, Workers
    from .spool import open_result

    rows: dict[str, dict[str, dict[str, int]]] = {w.name: {k: {"train": 0, "test": 0} for k in KINDS} for w in writers}
    left: dict[str, dict[str, dict[str, int]]] = {}
    extra: list[str] = []
    reused = {"scenarios": 0, "rm_scenarios": 0, "copied": 0, "rendered": 0, "patched": 0, "computed_rows": 0,
              "cached_scenarios": 0}
    written = {"rows": rows, "left_out": left, "extra_files": extra, "cache_files": [], "reused": reused}

    quotas = gen.quotas()
    own_tools = lambda name: gen.ex.tool_sets(gen.prog.scenarios[name])[0]  # noqa: E731
    keys = scenario_keys(gen.prog, gen.plan, gen.today, quotas, own_tools, gen.ex.tool_pool,
                         tuple(w.name for w in writers))
    # the descriptions of each scenario's own tools: what RM rows depend on (SFT and PPO rows: what they read)
    docs = description_hashes(gen.prog, gen.plan, own_tools) if any(quotas.get("rm", {}).values()) else {}
    reads = lambda probes: description_reads(gen.prog, probes)  # noqa: E731
    cached = {} if prev is None else {
        k: hit for k, key in keys.items() if (hit := prev.scenario(k[0], k[1], key, docs.get(k[1]), reads)) is not None}
    names = [w.name for w in writers]
    cache = CacheWriter(tmp, gen.prog, names, prev)
    total = sum(n for kind, q in quotas.items() for name, n in q.items() if (kind, name) not in cached)
    bar = _progress(total, progress)
    with ExitStack() as stack:
        stack.enter_context(system_memory_pool())
        # RM rows made here are the critical path: the workers, computing ahead meanwhile, yield to this process
        makes_rm = any(n > 0 and ("rm", name) not in cached for name, n in quotas.get("rm", {}).items())
        workers = stack.enter_context(Workers(gen, writers, jobs if total >= 2 * 32 else 1, lock_fd, cache=True,
                                              spool=tmp / ".toolc-spool", nice=WORKER_NICE if makes_rm else 0))
        tick: Callable[[], None] | None = None
        if bar is not None:
            stack.enter_context(bar)
            task = bar.add_task("expanding", total=total)
            tick = lambda: bar.advance(task)  # noqa: E731
        for kind in MERGE_ORDER:
            (tmp / kind).mkdir()  # never with parents: a writer must not recreate a staging tree that vanished
            with ExitStack() as files:
                splits = {(w.name, split): files.enter_context(CarryingWriter(
                    SplitWriter(w.features(kind), tmp / kind / w.name, split, background=workers.jobs == 1),
                    (lambda k=kind, f=w.name, s=split: prev and prev.source(k, f, s, workers.encoders[(f, k)].schema)),
                    f"{kind}/{w.name}/{split}"))
                          for w in writers for split in ("train", "test")}
                picked: dict[tuple[str, str], list[int]] = {}
                cache.begin(kind)
                packers: dict[str, Packer] = {}  # per computed scenario, its cache entry as rows merge
                described: dict[str, set] = {}  # what computed scenarios' rows read of descriptions

                def take(result, pos, entry, kind=kind):
                    split = entry[2][0]
                    places = []
                    for w, place in zip(writers, entry[3]):
                        if isinstance(place, str):
                            counts = left.setdefault(w.name, {}).setdefault(kind, {})
                            counts[place] = counts.get(place, 0) + 1
                            places.append(place)
                        else:
                            picked.setdefault((w.name, split), []).append(place)
                            places.append(rows[w.name][kind][split])
                            rows[w.name][kind][split] += 1
                    reused["computed_rows"] += 1
                    packer = packers.get(result.scenario)
                    if packer is None:
                        packer = packers[result.scenario] = Packer(names)
                    packer.add(split, entry[6], places, entry[2], cache.record(entry[5]))

                def closed(sel, kind=kind, described=described):
                    # RM pairs are also judged by the answers as rendered (compiler.pairs): descriptions always count
                    probes = None if kind == "rm" else sorted(described.get(sel.scenario, ()), key=orjson.dumps)
                    cache.scenario(sel.scenario, {"key": keys[(kind, sel.scenario)],
                                                  "docs": docs.get(sel.scenario) if probes is None else reads(probes),
                                                  "reads": probes or None, **sel.summary(),
                                                  **(packers.pop(sel.scenario, None) or Packer(names)).entry()})

                def flush(result):
                    if result.rendered:  # made in this process: the writers encode them in chunks of their own
                        for key, positions in picked.items():
                            rendered, writer = result.rendered[key], splits[key]
                            for p in positions:
                                writer.add_new(rendered[p])
                        picked.clear()
                        return
                    parts = open_result(result.encoded, picked)  # spooled by a worker or made here (compiler.spool)
                    try:
                        while parts:
                            key, (ranges, batch, release) = parts.popitem()
                            splits[key].add_parts(ranges, batch, release)
                    finally:
                        for _, _, release in parts.values():
                            if release is not None:
                                release()
                    picked.clear()

                replay = None
                if any(k == kind for k, _ in cached):
                    replay = Replay(prev, cache, gen.prog, kind, writers, splits, workers.encoders, rows, left, tick,
                                    gen.pairs if kind == "rm" else None)
                reuse = {name: (lambda sel, name=name, kind=kind: replay.scenario(sel, cached[(kind, name)],
                                                                                  keys[(kind, name)]))
                         for k, name in cached if k == kind}
                # RM rows depend on the pair sampler's state: each computed scenario's entry records it
                states = RmStates(cache, gen.pairs) if kind == "rm" else None
                if states is not None:
                    reuse = {name: states.before_reuse(fn) for name, fn in reuse.items()}
                    for later in MERGE_ORDER[MERGE_ORDER.index(kind) + 1:]:  # computed while RM rows are made here
                        workers.ahead(first_shards(gen, later, {n for k, n in cached if k == later}, workers.jobs))
                try:
                    run_kind(workers, gen, kind, take, flush, tick, reuse, closed, states and states.start, described)
                except RowErrorRaised as exc:
                    _row_error(gen, exc, diags)
                    return written
                if states is not None:
                    states.leave()
                if bar is not None:
                    bar.update(task, description=f"writing {kind} files")
                _finish(list(splits.values()), workers.jobs)
                if replay is not None:
                    reused["scenarios"] += replay.scenarios
                    if kind == "rm":
                        reused["rm_scenarios"] = replay.scenarios
                    reused["copied"] += replay.copied
                    reused["rendered"] += replay.rendered
                    reused["patched"] += replay.patched
            for w in writers:  # a format's loader config beside its files (Axolotl's, LLaMA-Factory's)
                for file_name, text in sorted(w.extra_files(kind, rows[w.name][kind]).items()):
                    path = tmp / kind / w.name / file_name
                    path.parent.mkdir(exist_ok=True)
                    path.write_text(text, encoding="utf-8")
                    extra.append(f"{kind}/{w.name}/{file_name}")
            if bar is not None:
                bar.update(task, description="expanding")
    data = {f"{k}/{f}/{s}.{ext}": n for f, by_kind in rows.items() for k, splits_ in by_kind.items()
            for s, n in splits_.items() if n for ext in ("jsonl", "parquet")}
    written["cache_files"] = cache.finish(tmp, data)
    reused["cached_scenarios"] = sum(1 for q in quotas.values() for n in q.values() if n)
    return written


#: The order kinds are merged and written in: RM first, whose rows this process makes one at a time (each depends
#: on the pair sampler's state, compiler.pairs) while the workers compute the SFT and PPO shards that follow
#: (``Workers.ahead``). The same order with any ``--jobs``: the manifest's lists (examples, shortfalls) follow it.
MERGE_ORDER = ("rm", "sft", "ppo")


def _finish(split_writers: list, jobs: int) -> None:
    """Completes a kind's files (:meth:`compiler.files.SplitWriter.finish`), ``jobs`` writers at a time on threads of
    their own: a small build's Parquet rows are all encoded here (a file's first row group fills at 10,000 rows), and
    pyarrow encodes with the GIL released while the workers are idle. Every writer is finished (or fails) before the
    first error is raised."""
    if jobs <= 1 or len(split_writers) <= 1:
        for w in split_writers:
            w.finish(empty_files=False)
        return
    from concurrent.futures import ThreadPoolExecutor, wait

    from .files import stop_threads

    pool = ThreadPoolExecutor(min(jobs, len(split_writers)), thread_name_prefix="toolc-finish")
    futures: list = []
    try:
        for w in split_writers:
            futures.append(pool.submit(w.finish, empty_files=False))
        wait(futures)
    finally:  # an interrupt while waiting or submitting: the writers' threads stop before the caller discards them
        stop_threads(pool)
    for f in futures:
        f.result()


def _row_error(gen: Generator, exc, diags: Diagnostics) -> None:
    """The diagnostic of a build error met while making a consumed row (:class:`compiler.shards.RowError`)."""
    err = exc.error
    if err.code == "E603":  # the user's code raised: one error at its `simulate` clause
        diags.error("E603", err.message, err.span)
    elif err.code == "control":
        scen = gen.prog.scenarios[exc.scenario]
        diags.error("E206", f"scenario `{scen.name}` renders chat-template control text `{err.message}` "
                    f"(template text and slot values joined)", scen.node.span,
                    hint="a spec may not write a model's chat structure")
    else:  # a Faker pool at this build's reference date (check probes another date)
        diags.error(err.code, f"{err.message} (reference date {gen.today})", err.span)


def _shortfall_warnings(gen: Generator, prog: ir.Program, plan: ir.DatasetIR, diags: Diagnostics) -> None:
    """W601 for each scenario that made fewer rows than its share: at the scenario, with a label at the count."""
    for s in gen.tally.shortfalls:
        kind, name = s["kind"], s["scenario"]
        count = getattr(plan, kind)
        asked = f"{count.n} {kind} rows{' each' if count.each else ''} asked for here"
        diags.warning("W601", f"scenario `{name}` made {s['made']} of {s['wanted']} {kind} rows",
                      prog.scenarios[name].node.span, hint=s["reason"],
                      labels=(Label(count.span, asked),) if count.span is not None else ())


def _dropped_warnings(prog: ir.Program, gen: Generator, diags: Diagnostics) -> None:
    """W602 for each scenario with rows the verification stage dropped: counts by stage and reason, an example."""
    for name, reasons in sorted(gen.verifier.report.by_scenario.items()):
        total = sum(reasons.values())
        parts = ", ".join(f"{stage}/{reason} {n}" for (stage, reason), n in sorted(reasons.items()))
        example = gen.verifier.report.first_detail.get(name)
        diags.warning("W602", f"scenario `{name}`: {total} generated row{'s' if total != 1 else ''} dropped by the "
                      f"verification stage ({parts})", prog.scenarios[name].node.span,
                      hint=f"e.g. {example}" if example else None)


def _left_out_warnings(manifest: dict[str, Any], diags: Diagnostics) -> None:
    """One ``W301`` warning per format and construct it left rows out for (``manifest["left_out"]``)."""
    for fmt, by_kind in manifest["left_out"].items():
        constructs = sorted({c for counts in by_kind.values() for c in counts})
        for construct in constructs:
            per_kind = {k: by_kind[k][construct] for k in KINDS if construct in by_kind.get(k, {})}
            total = sum(per_kind.values())
            diags.warning("W301", f"format `{fmt}` leaves out {total} row{'s' if total != 1 else ''} it cannot "
                          f"express ({construct})",
                          notes=(", ".join(f"{k} {n}" for k, n in per_kind.items()),))


def _progress(total: int, progress: bool | None):
    show = sys.stderr.isatty() if progress is None else progress
    if not show or total < 2000:
        return None
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    return Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                    transient=True)


def _manifest(prog: ir.Program, plan: ir.DatasetIR, gen: Generator, today: _dt.date, writers: list,
              written: dict) -> dict[str, Any]:
    t = gen.tally
    names = [w.name for w in writers]
    counts = written["rows"]
    return {
        "toolc_version": VERSION,
        "dataset": plan.name,
        "seed": plan.seed,
        "today": today.isoformat(),
        "formats": names,
        "test_percent": plan.test_percent,
        "holdout": list(plan.holdout),
        "distractors": list(plan.distractors),
        "perturbations_requested": list(plan.perturb),
        "specs": {p: {"sha256": h} for p, h in sorted(prog.files.items())},
        "rows": t.rows,
        "scenarios": {k: t.scenarios[k] for k in sorted(t.scenarios)},
        "tools": {k: t.tools[k] for k in sorted(t.tools)},
        "perturbations": {k: t.perturbations[k] for k in sorted(t.perturbations)},
        "turns": {k: t.expects[k] for k in sorted(t.expects)},
        "ppo_turns": {k: t.ppo_expects[k] for k in sorted(t.ppo_expects)},
        "duplicates_dropped": t.duplicates_dropped,
        "rm_pairs": {"hard": t.rm_hard, "indistinct_dropped": gen.pairs.stats.indistinct,
                     "lengths": {k: t.rm_lengths[k] for k in sorted(t.rm_lengths)}},
        "shortfalls": t.shortfalls,
        "verification": gen.verifier.report.to_json(),
        "files": {k: {f: {s: f"{k}/{f}/{s}.jsonl" for s in ("train", "test") if counts[f][k][s]} for f in names}
                  for k in KINDS},
        "left_out": {f: {k: dict(sorted(c.items())) for k, c in by_kind.items()}
                     for f, by_kind in sorted(written["left_out"].items())},
        "extra_files": sorted(written["extra_files"]),
    }
