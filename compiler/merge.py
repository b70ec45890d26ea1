"""Build stage, merge: a kind's shards consumed in one fixed order (input: :class:`compiler.shards.Workers` computing
shards, the generator's selections; output: the kept rows handed to the build's callbacks, which write them).

Kinds in ``sft, rm, ppo`` order, scenarios in plan order, indices ascending: :class:`compiler.generate.Selection`
decides which rows are kept (drops, duplicates within the scenario, the quota) and counts what the manifest
reports, so the output is the same for any number of workers (see :mod:`compiler.shards`). A scenario whose first
shards leave it short gets more, sized from its yield so far; indices computed past a scenario's end are ignored.
"""

from __future__ import annotations

import math
from collections import deque
from typing import Any, Callable

from toolc.errors import BuildError

from .generate import Generator, Selection, rows_made
from .spool import close_shared
from .shards import GROUP_ROWS, RowError, Shard, ShardResult, Workers, _Lazy, groups_with

__all__ = ["RowErrorRaised", "first_shards", "run_kind", "shard_size"]

#: Most rows in one shard: bounds the memory a shard's encoded rows take (five formats of 512 rows: ~10 MB).
MAX_SHARD_ROWS = 512
#: Fewest rows in one shard (below, the cost of sending a shard dominates).
MIN_SHARD_ROWS = 32


def _first_shards(gen: Generator, kind: str, reused: set[str], jobs: int) -> tuple[int, deque]:
    """``(rows per shard, merge queue)`` of one kind: for each scenario in merge order, its name when its rows come
    from the cache (``reused``), else the shards of its first ``want`` indices (one row each for RM, made in
    order); a scenario that drops rows gets more shards as its merge finds it short (:func:`run_kind`)."""
    quotas = gen.quotas()[kind]
    size = 1 if kind == "rm" else shard_size(sum(w for n, w in quotas.items() if n not in reused), jobs)
    queue: deque = deque()
    for name, want in quotas.items():
        queue.extend([name] if name in reused else _chunks(kind, name, 0, want, size))
    return size, queue


def first_shards(gen: Generator, kind: str, reused: set[str], jobs: int) -> list[Shard]:
    """The shards :func:`run_kind` computes first for ``kind`` (scenarios in ``reused`` come from the cache), in
    merge order: what :meth:`Workers.ahead` can compute before that kind's turn."""
    return [s for s in _first_shards(gen, kind, reused, jobs)[1] if not isinstance(s, str)]


def _chunks(kind: str, scenario: str, start: int, stop: int, size: int) -> list[Shard]:
    return [Shard(kind, scenario, a, min(a + size, stop)) for a in range(start, stop, size)]


def shard_size(total: int, jobs: int) -> int:
    """Rows per shard: about eight shards per worker over a kind's rows, within the bounds above."""
    return max(MIN_SHARD_ROWS, min(MAX_SHARD_ROWS, math.ceil(total / max(1, jobs * 8))))


def _more(sel: Selection) -> int:
    """How many more indices a short scenario gets: its deficit over its yield so far, with a margin."""
    rate = sel.made / sel.next if sel.next else 1.0
    need = math.ceil((sel.want - sel.made) / max(rate, 0.1) * 1.2) + 4
    return min(need, sel.limit - sel.next)


def run_kind(workers: Workers, gen: Generator, kind: str, take_row: Callable[[ShardResult, int, tuple], None],
             flush: Callable[[ShardResult], None], on_row: Callable[[], None] | None = None,
             reuse: dict[str, Callable[[Selection], bool]] | None = None,
             on_close: Callable[[Selection], None] | None = None,
             on_start: Callable[[str], None] | None = None, described: dict[str, set] | None = None) -> None:
    """Computes and merges every shard of one kind, in merge order.

    Args:
        workers: where shards are computed.
        gen: the generator (its tally and verification report receive the counts).
        kind: ``sft``, ``rm`` or ``ppo``.
        take_row: called for each kept row with the shard's result, the row's position in it and its entry
            in ``ShardResult.rows`` (the caller picks its encoded rows per format).
        flush: called after each shard's kept rows were taken (the caller writes them).
        on_row: called after each kept row (progress).
        reuse: scenario -> a function that writes the scenario's rows from a cache (called in merge order with
            the scenario's selection, in place of computing shards for it); when it returns ``False`` (it wrote
            nothing: RM rows made from another pair sampler state) the scenario is computed.
        on_close: called with each scenario's selection once its rows are all merged (computed scenarios).
        on_start: called with a computed scenario's name before its first row is merged (RM: before it is made).
        described: receives, per computed scenario, what its merged rows read of tools' and parameters'
            descriptions (:attr:`ShardResult.described`; scenarios whose rows read none are absent).

    Raises:
        RowErrorRaised: a consumed row met a build error (:class:`RowError`).
        BuildError: a worker process died.
    """
    from concurrent.futures.process import BrokenProcessPool

    reuse = reuse or {}
    quotas = gen.quotas()[kind]
    # RM pairs depend on the RM rows generated before them (compiler.pairs: length balance, duplicates): they are
    # made here, one row at a time, in merge order, while the workers compute later kinds' shards (Workers.ahead)
    sequential = kind == "rm"
    claim_all = (lambda shards: [_Lazy(s) for s in shards]) if sequential else workers.claim_all
    submit = lambda s: claim_all([s])[0]  # noqa: E731
    sels = {name: Selection(gen, kind, name, want) for name, want in quotas.items()}
    size, queue = _first_shards(gen, kind, set(reuse), workers.jobs)
    scheduled = dict(quotas)  # indices each scenario has shards for: the first shards cover [0, want)
    inflight: deque[tuple[Any, Any]] = deque()
    # in flight: about three tasks a worker (RM: three rows, made here one at a time)
    window = workers.jobs * 3 * (1 if sequential else max(size, GROUP_ROWS))
    done: set[str] = set()
    started: set[str] = set()

    def close(sel: Selection) -> None:
        if sel.scenario not in done:
            done.add(sel.scenario)
            sel.close()
            if on_close is not None:
                on_close(sel)

    try:
        while queue or inflight:
            if sequential:
                workers.feed()
            while queue and sum(s.stop - s.start for s, _ in inflight if not isinstance(s, str)) < window:  # rows
                s = queue.popleft()
                if isinstance(s, str):
                    inflight.append((s, None))
                elif sels[s.scenario].open:  # else the scenario is complete: its remaining shards are not needed
                    group = [s]  # with the small shards after it, one task (RM: one row at a time, here)
                    while not sequential and queue and isinstance(queue[0], Shard) and \
                            sels[queue[0].scenario].open and groups_with(group, queue[0]):
                        group.append(queue.popleft())
                    inflight.extend(zip(group, claim_all(group)))
            if not inflight:
                break
            shard, fut = inflight.popleft()
            if fut is None:  # a scenario written from the cache
                if reuse[shard](sels[shard]) is not False:
                    done.add(shard)
                    continue
                inflight.extendleft(reversed([(s, submit(s)) for s in _chunks(kind, shard, 0, scheduled[shard], size)]))
                continue
            sel = sels[shard.scenario]
            if on_start is not None and shard.scenario not in started:
                started.add(shard.scenario)
                on_start(shard.scenario)
            if not sel.open:
                fut.cancel()
                close(sel)
                continue
            gen._seen = sel.seen  # an RM pair that repeats a kept row of the scenario is not taken
            result = fut.result()
            _merge(result, shard, sel, take_row, on_row, described if described is not None else {})
            flush(result)
            if not isinstance(fut, _Lazy):  # a worker's rows (rows computed here were counted by compute)
                rows_made(len(result.rows))
            if shard.stop == scheduled[shard.scenario]:
                if sel.open and sel.next == shard.stop:
                    n = _more(sel)
                    extra = _chunks(kind, shard.scenario, sel.next, sel.next + n, size)
                    scheduled[shard.scenario] = sel.next + n
                    inflight.extendleft(reversed([(s, submit(s)) for s in extra]))
                else:
                    close(sel)
        for sel in sels.values():
            close(sel)
        workers.end_of(kind)
    except BrokenProcessPool:
        raise BuildError("a build worker process died (killed, or out of memory?); nothing was written") from None
    finally:
        close_shared()  # the spool files of shards computed past a scenario's end, never read


class RowErrorRaised(Exception):
    """A consumed row met a build error; ``error`` is its :class:`RowError`, ``scenario`` the scenario."""

    def __init__(self, scenario: str, error: RowError) -> None:
        super().__init__(scenario, error)
        self.scenario, self.error = scenario, error


def _merge(result: ShardResult, shard: Shard, sel: Selection, take_row, on_row, described: dict[str, set]) -> None:
    """Consumes the shard's rows in index order while the scenario wants more."""
    for pos, entry in enumerate(result.rows):
        if not sel.open:
            return
        events, key, facts, error = entry[0], entry[1], entry[2], entry[4]
        if error is not None:
            raise RowErrorRaised(shard.scenario, error)
        read = result.described.get(pos)
        if read:
            described.setdefault(shard.scenario, set()).update(read)
        if sel.take(events, key, facts):
            take_row(result, pos, entry)
            if on_row:
                on_row()
