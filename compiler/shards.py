"""Build stage, shards: a build's rows computed in parallel processes, merged in a fixed order (input: a
Generator and the build's writers; output: encoded rows handed to the split writers in row order).

A **shard** is one scenario's row indices ``[start, stop)`` for one kind. Row ``i`` of a scenario depends only
on (seed, kind, scenario, ``i``), the program and the reference date (:meth:`compiler.generate.Generator.row`),
so a worker computes a shard on its own: it expands, verifies and renders every row of the shard in every
format and encodes the rendered rows (JSONL lines and an Arrow batch per format and split,
:class:`compiler.files.RowEncoder`). The parent then *merges* shards in one fixed order -- kinds in
``sft, rm, ppo`` order, scenarios in plan order, indices ascending (:mod:`compiler.merge`) -- deciding with
:class:`compiler.generate.Selection` which rows are kept (drops, duplicates within the scenario, the quota) and
counting what the manifest reports. The output is therefore byte-identical for any number of workers: only
the merge decides, and it sees the same per-index results in the same order.

Consecutive small shards go to a worker as one **task** (:func:`groups_with`, :func:`compute_group`): their rows
are encoded together, one batch per format and split, and spooled to one file, of which each shard's result names
its slice (:func:`compiler.spool.share`); the merge still takes them shard by shard.

A scenario whose first shards (indices ``[0, want)``) leave it short gets more shards, sized from its yield so
far, merged before the next scenario's; indices computed past the point where a scenario is complete are
ignored (wasted work, never output).

Processes: ``jobs`` workers forked (``fork`` start method: workers inherit the checked program, and share the
parent's string-hash salt, which :func:`compiler.generate.content_key` relies on) when the build starts,
before any Parquet file is opened. Workers ignore SIGINT (Ctrl-C interrupts the parent, which stops them) and
close the output lock. A worker's exception reaches the parent (a toolc error as itself, a bug as a bug
report without traceback unless ``TOOLC_BACKTRACE=1``); a worker that dies (killed, out of memory) stops the
build with a :class:`~toolc.errors.BuildError`. With ``jobs == 1`` shards are computed in the parent, by the
same code.
"""

from __future__ import annotations

import os
import signal
import sys
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from .chat_control import record_chat_control
from .generate import Generator, content_key, row_facts, rows_made
from .record import content_json

__all__ = ["Shard", "ShardResult", "RowError", "Workers", "compute"]

#: The interpreter's thread switch interval while workers run (seconds; Python's default is 0.005). The executor's
#: manager thread, which hands each finished shard's result to its future and the next shard to a worker, needs the
#: GIL, and the parent's thread holds it while it makes RM rows: at 5 ms a turn, the README build's 488 small SFT and
#: PPO shards were not all handed back by the end of RM, and their merges waited (0.60 + 0.45 s; at 0.5 ms: 0.29 +
#: 0.24 s, the whole build ~0.5 s sooner, RM itself no slower).
SWITCH_INTERVAL = 0.0005
#: Rows and shards a task of consecutive small shards holds at most (:func:`groups_with`): the README build's PPO
#: shards are 4 rows (1,000 rows over 244 scenarios), its SFT shards 20. A task's rows are encoded and spooled
#: together (:func:`compute_group`).
GROUP_ROWS = 128
GROUP_SHARDS = 16

#: Rows of later kinds computed ahead while the parent makes RM rows (:meth:`Workers.ahead`): their results wait in
#: this process (a few hundred bytes a row; the rows themselves in spool files) until their kind is merged.
AHEAD_ROWS = 20_000


def groups_with(group: list[Shard], shard: Shard) -> bool:
    """Whether ``shard`` joins the task of ``group`` (consecutive shards of one kind in merge order): while the task
    holds fewer than :data:`GROUP_ROWS` rows and :data:`GROUP_SHARDS` shards."""
    return shard.kind == group[0].kind and len(group) < GROUP_SHARDS and \
        sum(s.stop - s.start for s in group) < GROUP_ROWS


@dataclass(frozen=True)
class Shard:
    """Row indices ``[start, stop)`` of one scenario for one kind."""

    kind: str
    scenario: str
    start: int
    stop: int


@dataclass(frozen=True)
class RowError:
    """A build error met while making one row (raised only if the merge consumes that row).

    Attributes:
        code: ``E603`` (a user simulator raised), ``E204``/``E206`` (a Faker pool), or ``control`` (a turn
            renders chat-template control text; ``message`` is the control text).
        message: the error's text.
        span: where it points (a simulator's ``simulate`` clause, a pool's provider), or ``None``.
    """

    code: str
    message: str
    span: Any = None


@dataclass
class ShardResult:
    """What a worker sends back for one shard.

    Attributes:
        scenario: the shard's scenario.
        rows: per index, ``(events, key, facts, placements, error)``: the verification events
            (:meth:`compiler.generate.RowEvents.compact`), the row's content key (``None``: dropped), its
            :func:`compiler.generate.row_facts`, per writer either the row's position in ``encoded[(format,
            split)]`` or the construct the format left it out for (a string), and a :class:`RowError` or ``None``;
            when caching, a kept row adds its record's line (:func:`compiler.cache.encode_record`) and the names
            of the tools it offers.
        encoded: ``(format, split) -> (JSONL lines, Arrow batch)`` of every rendered row, in index order; from a
            worker, ``(format, split) -> compiler.spool.Spooled``: where in a file the worker wrote them (the file
            and batches of the task's shards, :func:`compute_group`).
        rendered: ``(format, split) -> rendered rows`` (dicts), in index order, in place of ``encoded`` for a
            shard computed in the parent (``jobs == 1``, RM rows): the split writer encodes them in chunks of its
            own, not one batch per shard (an RM shard is one row: 5 formats x 2,000 one-row Arrow batches cost the
            README build's RM rows a fifth of their time).
        described: position in ``rows`` -> what the row read of tools' and parameters' descriptions, for the rows
            that read any (:attr:`compiler.generate.Generator.reads`).
    """

    scenario: str = ""
    rows: list[tuple] = field(default_factory=list)
    encoded: dict[tuple[str, str], tuple[list[bytes], Any]] = field(default_factory=dict)
    rendered: dict[tuple[str, str], list[dict[str, Any]]] = field(default_factory=dict)
    described: dict[int, tuple] = field(default_factory=dict)


#: What forked workers inherit: the generator, the writers and one RowEncoder per (format, kind).
_STATE: dict[str, Any] = {}


def compute(shard: Shard, encode: bool = True) -> ShardResult:
    """Makes, renders and encodes the rows of one shard (in a worker, or in the parent when ``jobs == 1``);
    ``encode=False`` leaves the rendered rows unencoded (:attr:`ShardResult.rendered`)."""
    from .simulate.python import SimulatorError
    from .slots import PoolError
    from .writers import LeftOut

    from .cache import encode_record

    gen: Generator = _STATE["gen"]
    writers = _STATE["writers"]
    encoders = _STATE["encoders"]
    cache = _STATE["cache"]
    kind = shard.kind
    scen = gen.prog.scenarios[shard.scenario]
    row_seed = gen.row_seeder(kind, shard.scenario)
    out = ShardResult(shard.scenario)
    rendered: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for i in range(shard.start, shard.stop):
        try:
            rec, events = gen.row(kind, scen, i, row_seed)
        except SimulatorError as exc:
            out.rows.append((None, None, None, None, RowError("E603", str(exc), exc.location)))
            break  # the merge stops the build here if it consumes this row: later rows are never needed
        except PoolError as exc:
            out.rows.append((None, None, None, None, RowError(exc.code, str(exc), exc.span)))
            break
        if gen.reads:
            out.described[len(out.rows)] = tuple(gen.reads)
        if rec is None:
            out.rows.append((events, None, None, None, None))
            continue
        hit = record_chat_control(rec)
        if hit is not None:
            out.rows.append((events, content_key(rec), None, None, RowError("control", hit)))
            break
        placements = []
        for w in writers:
            try:
                row = w.render(rec)
            except LeftOut as left:
                placements.append(left.construct)
                continue
            bucket = rendered.setdefault((w.name, rec.split), [])
            encoders[(w.name, kind)].check(row, len(bucket))
            placements.append(len(bucket))
            bucket.append(row)
        if cache:
            content = content_json(rec)  # hashed for the content key and embedded in the cache's record line
            out.rows.append((events, content_key(rec, content), row_facts(rec), placements, None,
                             encode_record(rec, content), [t["function"]["name"] for t in rec.tools]))
        else:
            out.rows.append((events, content_key(rec), row_facts(rec), placements, None))
    rows_made(shard.stop - shard.start)
    out.rendered = rendered
    if encode:
        _encode([(shard, out)])
    return out


def _encode(results: list[tuple[Shard, ShardResult]]) -> None:
    """Encodes the rendered rows of a task's shards together -- per ``(kind, format, split)`` one list of JSONL
    lines and one Arrow batch, of which each shard gets its slice -- into each result's ``encoded`` (its
    ``rendered`` emptied); in a worker, through one spool file (:func:`compiler.spool.share`). Encoding a few
    small shards at once costs what one larger shard does (the module docstring of :mod:`compiler.spool`)."""
    rows: dict[tuple[str, str, str], list[dict[str, Any]]] = {}
    spans: list[dict[tuple[str, str], tuple[int, int]]] = []
    for shard, result in results:
        span = {}
        for (fmt, split), rendered in result.rendered.items():
            bucket = rows.setdefault((shard.kind, fmt, split), [])
            span[(fmt, split)] = (len(bucket), len(rendered))
            bucket.extend(rendered)
        result.rendered = {}
        spans.append(span)
    if not rows:
        return
    encoded = {}
    for (kind, fmt, split), bucket in rows.items():
        enc = _STATE["encoders"][(fmt, kind)]
        encoded[(kind, fmt, split)] = (enc.lines(bucket), enc.batch(bucket))
    spool = _STATE.get("spool_here")
    if spool is not None:  # a worker: the rows go through a file, not the result pipe (compiler.spool)
        from .spool import share, write_result

        whole = write_result(encoded, spool)
        keyed = [{(shard.kind, *key): at for key, at in span.items()} for (shard, _), span in zip(results, spans)]
        for (_, result), entries in zip(results, share(whole, keyed)):
            result.encoded = {key[1:]: sp for key, sp in entries.items()}
        return
    for (shard, result), span in zip(results, spans):
        for (fmt, split), (first, n) in span.items():
            lines, batch = encoded[(shard.kind, fmt, split)]
            result.encoded[(fmt, split)] = (lines[first:first + n], batch.slice(first, n))


def compute_group(shards: list[Shard]) -> list[tuple[ShardResult | None, BaseException | None]]:
    """:func:`compute` of consecutive shards in one task (a worker's), each with the exception it raised (``None``:
    it raised none), so that a shard's error is raised where its own result is asked for, as with one shard a task.
    The exception carries the worker's traceback as a note (the executor adds it as ``__cause__`` to a task's). The
    shards' rows are encoded together once the last is made (:func:`_encode`)."""
    out: list[tuple[ShardResult | None, BaseException | None]] = []
    for s in shards:
        try:
            out.append((compute(s, encode=False), None))
        except Exception as exc:  # noqa: BLE001 - raised in the parent by _Member.result
            import traceback

            exc.add_note("".join(traceback.format_exception(exc)).rstrip())
            out.append((None, exc))
    _encode([(s, result) for s, (result, _) in zip(shards, out) if result is not None])
    return out


class _Member:
    """The future of the ``i``-th shard of a task of :func:`compute_group` (the task's future: ``group``). A member
    is not cancelled alone: the task computes its shards in one go."""

    __slots__ = ("group", "i")

    def __init__(self, group: Any, i: int) -> None:
        self.group, self.i = group, i

    def result(self) -> ShardResult:
        result, exc = self.group.result()[self.i]
        if exc is not None:
            raise exc
        return result

    def done(self) -> bool:
        return self.group.done()

    def cancel(self) -> bool:
        return False


class _Lazy:
    """A shard computed in this process when its result is asked for, shaped like a future (``jobs == 1``)."""

    def __init__(self, shard: Shard) -> None:
        self.shard = shard

    def result(self) -> ShardResult:
        return compute(self.shard, encode=False)

    def cancel(self) -> bool:
        return True


def _warm_up() -> None:
    """Before forking: makes and renders row 0 of every scenario once (results thrown away, nothing counted),
    so the caches every worker would otherwise fill on its own -- scenario plans, slot pools (Faker), result
    shapes, compiled chat templates, lazily imported modules -- are filled once and shared by the fork."""
    from toolc.vocab import KINDS

    gen: Generator = _STATE["gen"]
    for kind in KINDS:
        if kind == "rm":
            continue  # RM rows are made in the parent, in order: a warm-up row would count in the pair sampler
        encode = True  # the kind's first row warms the row encoders; encoding the others' one-row batches warms
        # nothing more (~0.1 s of the README build's warm-up)
        for name, want in gen.quotas()[kind].items():
            if want <= 0:
                continue
            try:
                compute(Shard(kind, name, 0, 1), encode=encode)
            except Exception:  # noqa: BLE001 - the shard that meets it in a worker reports it
                return
            encode = False
            if kind != "sft":
                break  # one PPO row warms what that kind adds


#: Signals blocked while the workers are forked (:meth:`Workers.submit`): a worker is born with them blocked, so one
#: that arrives before :func:`_worker_init` has replaced the parent's handlers (the parent's ``terminate_as_interrupt``
#: raises ``KeyboardInterrupt``; multiprocessing prints it with a traceback) waits, and then meets the worker's own.
_FORK_BLOCKED = frozenset({signal.SIGINT, signal.SIGTERM}) if hasattr(signal, "pthread_sigmask") else frozenset()


#: How much lower than the parent's the workers' scheduling priority is (``os.nice``) in a build that makes RM rows.
#: The parent makes them one at a time, in order (:mod:`compiler.pairs`), while the workers compute the later kinds'
#: shards ahead: the parent's RM loop is such a build's critical path, and on 2 cores the three processes shared
#: them evenly, the parent getting two thirds of one. README build (2,000 RM rows), 6 paired runs on 2 cores: wall
#: 0.914 at 5, 0.909 at 10, 0.98 at 2, CPU unchanged; 40,000 SFT rows only: 0.987 (noise), so such builds keep 0.
WORKER_NICE = 5


def _worker_init(close_fd: int | None, spool: Path | None = None, parent: int | None = None, nice: int = 0) -> None:
    _STATE["spool_here"] = spool
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C and stops the workers
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # not the parent's terminate_as_interrupt handler
    if _FORK_BLOCKED:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, _FORK_BLOCKED)  # one sent meanwhile ends the worker now
    _die_with_parent(parent)
    if nice:
        try:
            os.nice(nice)
        except (OSError, AttributeError):  # no os.nice (Windows): the workers run at the parent's priority
            pass
    if close_fd is not None:
        try:
            os.close(close_fd)  # the output's lock: only the parent holds it
        except OSError:
            pass


def _die_with_parent(parent: int | None = None) -> None:
    """Linux: the kernel kills this worker when the parent dies (``prctl(PR_SET_PDEATHSIG, SIGKILL)``), so a
    ``kill -9``-ed build leaves no workers computing, or waiting, for nobody. A parent that died between the fork
    and the ``prctl`` sends no signal (prctl(2)): a worker whose parent is no longer ``parent`` exits at once --
    it would otherwise wait forever for work on a queue it holds open itself, and hold the build's stdout open."""
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL, 0, 0, 0)  # PR_SET_PDEATHSIG = 1
    except (OSError, AttributeError):
        pass
    if parent is not None and os.getppid() != parent:
        os._exit(1)


class Workers:
    """Computes shards: in ``jobs`` forked processes, or in this process when ``jobs == 1``.

    Use as a context manager; leaving it (an error, Ctrl-C) stops the workers without waiting for them.

    Args:
        gen, writers: the build's generator and writers (workers inherit them).
        jobs: worker processes (1: none, the parent computes).
        close_fd: a file descriptor the workers close at start (the output lock).
        cache: send back each row's record and offered tools too (for the build's cache, :mod:`compiler.cache`).
        spool: a directory (made here, removed on leaving) where workers write their encoded rows instead of
            sending them through the result pipe (:mod:`compiler.spool`); ``None``: through the pipe. A
            :class:`ShardResult`'s ``encoded`` then holds :class:`compiler.spool.Spooled` entries.
        nice: added to the workers' niceness (:data:`WORKER_NICE` where the parent's work is the critical path).
    """

    def __init__(self, gen: Generator, writers: list, jobs: int, close_fd: int | None = None,
                 cache: bool = False, spool: Path | None = None, nice: int = 0) -> None:
        from toolc.vocab import KINDS

        from .files import RowEncoder

        self.encoders = {(w.name, k): RowEncoder(w.features(k)) for w in writers for k in KINDS}
        _STATE.update(gen=gen, writers=writers, cache=cache, encoders=self.encoders)
        self.jobs = max(1, jobs)
        self._pool = None
        self._close_fd = close_fd
        self._spool = spool
        self._nice = nice
        self._ahead: deque[Shard] = deque()  # shards of later kinds to compute while the parent makes RM rows
        self._early: dict[Shard, Any] = {}  # their futures, until the merge of their kind claims them
        self._running: list[Any] = []  # the futures of the tasks of them started last (at most ``jobs`` not done)
        self._switch: float | None = None  # the interpreter's switch interval before (SWITCH_INTERVAL)

    def __enter__(self) -> "Workers":
        if self.jobs > 1:
            import multiprocessing
            from concurrent.futures import ProcessPoolExecutor

            _warm_up()
            if self._spool is not None:
                self._spool.mkdir()
            self._switch = sys.getswitchinterval()
            sys.setswitchinterval(SWITCH_INTERVAL)
            self._pool = ProcessPoolExecutor(self.jobs, mp_context=multiprocessing.get_context("fork"),
                                             initializer=_worker_init,
                                             initargs=(self._close_fd, self._spool, os.getpid(), self._nice))
        return self

    def submit(self, shard: Shard):
        """A future of the shard's :class:`ShardResult`."""
        if self._pool is None:
            return _Lazy(shard)
        return self._submit(compute, shard)

    def _submit(self, fn: Callable, arg: Any):
        if not _FORK_BLOCKED:  # no pthread_sigmask on this platform
            return self._pool.submit(fn, arg)
        # the executor forks its workers in a submit: with Ctrl-C and SIGTERM blocked (see _FORK_BLOCKED); here
        # they are only deferred to the end of the call
        before = signal.pthread_sigmask(signal.SIG_BLOCK, _FORK_BLOCKED)
        try:
            return self._pool.submit(fn, arg)
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, before)

    def ahead(self, shards: list[Shard]) -> None:
        """Queues shards of a later kind to be computed while this process makes a sequential kind's rows (RM:
        :func:`compiler.merge.run_kind` calls :meth:`feed`); at most :data:`AHEAD_ROWS` rows in all. Nothing with one
        job."""
        if self._pool is None:
            return
        budget = AHEAD_ROWS - sum(s.stop - s.start for s in self._ahead) - sum(s.stop - s.start for s in self._early)
        for s in shards:
            if s.stop - s.start > budget:
                break
            budget -= s.stop - s.start
            self._ahead.append(s)

    def feed(self) -> None:
        """Keeps ``jobs`` tasks of queued :meth:`ahead` shards computing (one per worker) while this process makes RM
        rows; a task holds consecutive shards up to :data:`GROUP_ROWS` rows (:func:`compute_group`).

        Measured on the README build (2 cores): ``jobs`` running ahead ends the build ~0.3 s sooner than
        ``jobs - 1`` (the workers finish the later kinds during RM; RM itself hardly slows), and sooner than
        ``4 * jobs`` (RM 3.8 -> 4.4-5.1 s: workers and the executor's thread take this process's time). One shard a
        task, 156-198 of the 488 shards had not started when RM ended: each takes a round trip through the executor,
        and that is what bounds a small shard's pace."""
        if not self._ahead:
            return
        running = self._running = [f for f in self._running if not f.done()]
        while self._ahead and len(running) < self.jobs:
            group = [self._ahead.popleft()]
            while self._ahead and groups_with(group, self._ahead[0]):
                group.append(self._ahead.popleft())
            fut = self._submit(compute_group, group)
            for i, s in enumerate(group):
                self._early[s] = _Member(fut, i)
            running.append(fut)

    def claim_all(self, shards: list[Shard]) -> list:
        """The futures of consecutive ``shards``: those :meth:`feed` started, the others computed in one new task
        (:func:`compute_group`: their rows encoded together) -- or each in this process when ``jobs == 1``."""
        futures = [self._early.pop(s, None) for s in shards]
        todo = [s for s, f in zip(shards, futures) if f is None]
        if not todo:
            return futures
        if self._pool is None or len(todo) == 1:
            new = [self.submit(s) for s in todo]
        else:
            task = self._submit(compute_group, todo)
            new = [_Member(task, i) for i in range(len(todo))]
        made = iter(new)
        return [f if f is not None else next(made) for f in futures]

    def end_of(self, kind: str) -> None:
        """After ``kind``'s merge: shards of it computed ahead and never claimed are dropped (a sequential kind's
        end also ends the computing ahead: its queue is cleared, the kinds submit the rest themselves)."""
        self._ahead.clear()
        self._running = []
        for s in [s for s in self._early if s.kind == kind]:
            self._early.pop(s).cancel()

    def __exit__(self, exc_type, exc, tb) -> None:
        try:
            self._stop(exc_type)
        finally:
            if self._spool is not None:  # and the files of shards the merge never read
                import shutil

                shutil.rmtree(self._spool, ignore_errors=True)

    def _stop(self, exc_type) -> None:
        pool, self._pool = self._pool, None
        _STATE.clear()
        if self._switch is not None:
            sys.setswitchinterval(self._switch)
            self._switch = None
        if pool is None:
            return
        if exc_type is None:
            pool.shutdown(wait=True)
            return
        # running shards are not waited for: the workers are stopped, then the executor's manager thread sees
        # them gone and ends (shutting down without waiting would leave it to an exit hook that writes to a
        # closed pipe and prints a traceback)
        procs = list((getattr(pool, "_processes", None) or {}).values())
        for p in procs:
            try:
                p.terminate()
            except (OSError, AttributeError):
                pass
        for p in procs:
            try:
                p.join(5)
            except (OSError, AttributeError, AssertionError):
                pass
        # a worker that outlives SIGTERM (its handler ran, then it blocked writing a result nobody reads) would
        # keep the manager thread, and so this shutdown, waiting for ever: kill it
        for p in procs:
            try:
                if p.is_alive():
                    p.kill()
                    p.join(5)
            except (OSError, AttributeError, AssertionError):
                pass
        # a worker killed halfway through sending a result leaves the manager thread reading the rest of it
        # forever: once no worker is left, closing this process's copy of the result pipe's write end ends that
        # read with EOF, which the manager thread takes for a broken pool (found by SIGTERM at random instants)
        writer = getattr(getattr(pool, "_result_queue", None), "_writer", None)
        if writer is not None and not any(p.is_alive() for p in procs):
            try:
                writer.close()
            except OSError:
                pass
        pool.shutdown(wait=True, cancel_futures=True)
