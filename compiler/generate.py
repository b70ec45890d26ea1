"""Generation stage: a dataset plan -> streams of canonical SFT / RM / PPO records (input: ir.Program; output: Records).

Row ``i`` of scenario ``S`` for dataset kind ``K`` depends only on (seed, K, S, i) and the reference date:
its seed is ``stable_hash(seed, K, S, i)`` and its split follows from the seed's high bits. Which rows a
scenario keeps (:class:`Selection`: drops, duplicates, its quota) depends on its own rows only -- duplicates
are looked for within the scenario -- so adding a scenario leaves every other scenario's rows as they were
(with ``sft N each``, byte for byte; with a total ``sft N`` the per-scenario counts are re-shared by weight
and each scenario's rows stay a prefix-stable list), and shards of a build may compute rows in any order.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import gc
import hashlib
import random
from dataclasses import dataclass, field
from typing import Callable, Iterator

import orjson

from toolc.dsl import ast
from toolc.vocab import KINDS

from . import ir
from .expand import Conversation, ExpansionError, Expander
from .ground_truth import turn_truth
from .pairs import Pair, PairSampler, answer_length, answer_text
from .record import Provenance, Record, content_json
from .slots import stable_hasher
from .verify import Verifier


#: Rows a process makes or merges between two collections of the cyclic garbage while :func:`gc_for_rows` holds.
ROWS_PER_COLLECTION = 20_000
#: Rows left before the next collection (:func:`rows_made`); ``None`` outside :func:`gc_for_rows`. Forked shard
#: workers inherit it with the collector's state.
_ROWS_LEFT: list[int | None] = [None]


@contextlib.contextmanager
def gc_for_rows(restore: bool = True) -> Iterator[None]:
    """Turns Python's automatic cyclic garbage collection off while a build makes rows, collecting every
    :data:`ROWS_PER_COLLECTION` rows instead (:func:`rows_made`); restores the collector's state on exit
    (``restore=False``: leaves it off, for a process that ends with the build -- its first automatic collection
    afterwards traversed everything the rows phase made and kept, 0.10-0.15 s of the README build, to free ~95,000
    objects of its per-build caches that the process's end frees anyway).

    A build keeps each shard's rows until they are written, so the young generation fills with objects that
    survive, and each automatic collection scans them again only to find them alive. Rows make no reference cycles
    (refcounting frees them): measured on 100,000 rows of the race's weather intent (``--jobs 1``), the collector
    ran 219 times for 0.56 s (~5 % of the build) and found 1,180 cyclic objects, all made once per build (the
    compilers of result shapes); on the README build, 94,000 such objects (once per tool and locale), none per row.
    The periodic collection bounds what a user simulator that does make cycles can leave behind to the garbage of
    that many rows. What exists before the rows (the program, its IR and plans) is frozen first (``gc.freeze``:
    moved to the permanent generation, as :func:`toolc.dsl.parse.gc_paused` does after checking), so a
    collection scans only what the rows phase made that is still alive. Forked shard workers inherit the state.
    """
    was_enabled = gc.isenabled()
    if was_enabled:
        gc.freeze()
    gc.disable()
    _ROWS_LEFT[0] = ROWS_PER_COLLECTION
    try:
        yield
    finally:
        _ROWS_LEFT[0] = None
        if was_enabled and restore:
            gc.enable()


def rows_made(n: int) -> None:
    """Counts ``n`` rows made (a shard computed) or merged (a worker's shard) by this process; every
    :data:`ROWS_PER_COLLECTION` of them, while :func:`gc_for_rows` holds, collects the cyclic garbage of the young
    generations (``gc.collect(1)``: what the rows phase made and still holds, not the frozen program)."""
    left = _ROWS_LEFT[0]
    if left is None:
        return
    left -= n
    if left <= 0:
        gc.collect(1)
        left = ROWS_PER_COLLECTION
    _ROWS_LEFT[0] = left


def allocate(plan: ir.DatasetIR, prog: ir.Program, count: ast.Count) -> dict[str, int]:
    """Rows per scenario for one dataset kind.

    ``N each`` gives every scenario ``round(N * weight)`` rows; a total ``N`` is shared by weight with the
    largest-remainder method (ties broken by scenario name), so the counts add up to exactly ``N``.
    """
    names = list(plan.scenarios)
    if not names:
        return {}
    weights = {n: prog.scenarios[n].node.weight for n in names}
    if count.each:
        return {n: int(round(count.n * weights[n])) for n in names}
    total_w = sum(weights.values())
    exact = {n: count.n * weights[n] / total_w for n in names}
    out = {n: int(exact[n]) for n in names}
    rest = count.n - sum(out.values())
    for n in sorted(names, key=lambda n: (-(exact[n] - out[n]), n))[:rest]:
        out[n] += 1
    return out


@dataclass
class Tally:
    """What a build produced, for the manifest: counts per scenario/tool/perturbation, shortfalls."""

    rows: dict[str, dict[str, int]] = field(default_factory=lambda: {k: {"train": 0, "test": 0} for k in KINDS})
    scenarios: dict[str, dict[str, int]] = field(default_factory=dict)
    tools: dict[str, int] = field(default_factory=dict)
    perturbations: dict[str, int] = field(default_factory=dict)
    expects: dict[str, int] = field(default_factory=dict)
    ppo_expects: dict[str, int] = field(default_factory=dict)
    shortfalls: list[dict] = field(default_factory=list)
    duplicates_dropped: dict[str, int] = field(default_factory=lambda: {k: 0 for k in KINDS})
    #: RM rows per label whose rejected answer is longer / shorter / as long as the chosen one (``pairs.answer_text``)
    rm_lengths: dict[str, dict[str, int]] = field(default_factory=dict)
    #: RM rows that are schema-valid near misses (``hard``)
    rm_hard: int = 0

    def count(self, kind: str, scenario: str, facts: tuple, n: int = 1) -> None:
        """Counts ``n`` kept rows with the same :func:`row_facts`."""
        split, calls, expects, extra = facts
        self.rows[kind][split] += n
        s = self.scenarios.get(scenario)
        if s is None:
            s = self.scenarios[scenario] = dict.fromkeys(KINDS, 0)
        s[kind] += n
        for name in calls:
            self.tools[name] = self.tools.get(name, 0) + n
        for e in expects:
            self.expects[e] = self.expects.get(e, 0) + n
        if kind == "rm" and extra:
            label, hard, side = extra
            self.perturbations[label] = self.perturbations.get(label, 0) + n
            self.rm_hard += bool(hard) * n
            counts = self.rm_lengths.setdefault(label, {"longer": 0, "shorter": 0, "equal": 0})
            counts[side] += n
        elif kind == "ppo" and extra is not None:
            self.ppo_expects[extra] = self.ppo_expects.get(extra, 0) + n


def row_facts(rec: Record) -> tuple:
    """What the manifest counts of one row: ``(split, called tool names, expects, extra)`` (tools and expects for
    SFT rows only; ``extra``: an RM row's ``(perturbation, hard, longer|shorter|equal)``, a PPO row's expected
    turn); small, for shards to send back."""
    if rec.kind == "sft":
        calls = tuple([c.name for m in rec.messages for c in m.tool_calls])
        return rec.split, calls, tuple(rec.expects), None
    if rec.kind == "rm":
        if not rec.perturbation:
            return rec.split, (), (), None
        diff = answer_length(answer_text(rec.rejected[0]), rec.perturbation) - \
            answer_length(answer_text(rec.chosen[0]), rec.perturbation)
        return rec.split, (), (), (rec.perturbation, bool(rec.hard),
                                   "longer" if diff > 0 else "shorter" if diff < 0 else "equal")
    return rec.split, (), (), rec.expect


class RowEvents:
    """What the verification stage counted while one row was made (stands in for the verifier's report, whose
    ``checked``/``passed``/``drop`` it records); :meth:`compact` is what a row carries to the merge, which counts it
    into the build's report when the row is consumed (:meth:`Selection.take`)."""

    __slots__ = ("checked", "drops", "passed")

    def __init__(self) -> None:
        self.checked = 0
        self.passed = 0
        self.drops: list[tuple[str, str, str, str]] = []

    def drop(self, stage: str, reason: str, scenario: str, detail: str) -> None:
        self.drops.append((stage, reason, scenario, detail))

    def compact(self) -> tuple | None:
        """``None`` for the common row (checked once, passed), else ``(checked, passed, drops)``: plain values, which
        a shard's result pickles several times faster than an object per row (~3 us a row less in a worker, ~1.4 us
        in the parent's result thread)."""
        if self.checked == 1 and self.passed == 1 and not self.drops:
            return None
        return self.checked, self.passed, tuple(self.drops)


#: The events :meth:`RowEvents.compact` gives as ``None``: checked once, passed, nothing dropped.
_PASSED_ONCE = (1, 1, ())


class Selection:
    """The rows one scenario keeps for one kind: indices 0, 1, 2, ... are consumed in order until ``want``
    rows are kept or ``4 * want + 16`` indices were tried; a row that was dropped, or that repeats a row the
    scenario already kept (same :func:`content_key`), is skipped and the next index tried.

    Duplicates are looked for within the scenario only, so a scenario's rows never depend on another's (the
    property parallel shards and incremental builds rely on). Counting happens here, in index order, so the
    manifest is the same however the rows were computed.
    """

    def __init__(self, gen: "Generator", kind: str, scenario: str, want: int) -> None:
        self.gen, self.kind, self.scenario, self.want = gen, kind, scenario, want
        self.made = 0
        self.next = 0
        self.limit = want * 4 + 16
        self.seen: set[int] = set()
        #: what was counted, for the build's cache: rows checked and passed, drops in order, duplicates, shortfall
        self.checked = self.passed = self.duplicates = 0
        self.drops: list[tuple[str, str, str]] = []
        self.shortfall: dict | None = None

    @property
    def open(self) -> bool:
        """Whether index ``next`` is consumed (more rows wanted and indices left)."""
        return self.made < self.want and self.next < self.limit

    def take(self, events: tuple | None, key: int | None, facts: tuple | None) -> bool:
        """Consumes index ``next``: counts its events (:meth:`RowEvents.compact`) into the build's verification report
        and this selection; returns whether its row (``key``: its content key, ``None`` when dropped) is kept, and
        counts it then."""
        self.next += 1
        checked, passed, drops = _PASSED_ONCE if events is None else events
        report = self.gen.report
        report.checked += checked
        report.passed += passed
        self.checked += checked
        self.passed += passed
        for d in drops:
            report.drop(*d)
            self.drops.append((d[0], d[1], d[3]))
        if key is None:
            return False
        if key in self.seen:
            self.gen.tally.duplicates_dropped[self.kind] += 1
            self.duplicates += 1
            return False
        self.seen.add(key)
        self.made += 1
        self.gen.tally.count(self.kind, self.scenario, facts)
        return True

    def close(self) -> None:
        """Records a shortfall when the scenario kept fewer rows than wanted."""
        if self.made < self.want:
            self.shortfall = {"kind": self.kind, "scenario": self.scenario, "wanted": self.want, "made": self.made,
                              "reason": _SHORT_RM if self.kind == "rm" else _SHORT}
            self.gen.tally.shortfalls.append(self.shortfall)

    def replay(self, cached: dict) -> None:
        """Counts what a cached selection of this scenario counted (:mod:`compiler.cache`), as :meth:`take` and
        :meth:`close` did when it was made."""
        report, tally = self.gen.report, self.gen.tally
        report.checked += cached["checked"]
        report.passed += cached["passed"]
        for stage, reason, detail in cached["drops"]:
            report.drop(stage, reason, self.scenario, detail)
        tally.duplicates_dropped[self.kind] += cached["duplicates"]
        for facts, n in cached["facts"]:  # the rows' row_facts, each with how many rows have them
            tally.count(self.kind, self.scenario, facts, n)
        if cached["shortfall"] is not None:
            tally.shortfalls.append(cached["shortfall"])

    def summary(self) -> dict:
        """What :meth:`replay` needs, as JSON values (the build adds ``rows``, one entry per kept row)."""
        return {"checked": self.checked, "passed": self.passed, "drops": [list(d) for d in self.drops],
                "duplicates": self.duplicates, "shortfall": self.shortfall}


class Generator:
    """Generates the records of one plan.

    Args:
        prog: the checked program.
        plan: the dataset plan (CLI overrides applied).
        today: reference date.
        allow_simulators: run user simulators (``--allow-simulators``).
        writers: the build's writers; an RM candidate that one of them renders with ``chosen == rejected`` is not
            taken, and text answers are length-balanced in each (:meth:`compiler.writers.base.Writer.rm_answers`,
            :mod:`compiler.pairs`).

    Every conversation passes the verification stage (:mod:`compiler.verify`) before it becomes a row;
    ``verifier.report`` counts what was dropped.
    """

    def __init__(self, prog: ir.Program, plan: ir.DatasetIR, today: _dt.date, allow_simulators: bool = False,
                 writers: tuple = ()) -> None:
        self.prog, self.plan, self.today = prog, plan, today
        self.ex = Expander(prog, plan, today, allow_simulators=allow_simulators, spec_root=prog.root)
        self.tally = Tally()
        self.verifier = Verifier(prog, today)
        self.report = self.verifier.report  # the build's counts: rows consumed by a Selection only
        self.writers = tuple(writers)
        self._seen: set[int] = set()
        self._row_ids: dict[tuple[str, str], Callable[[int], str]] = {}
        #: the descriptions the last row read, as probes (:meth:`_conversation`, :func:`description_reads`)
        self.reads: list[tuple] = []
        self.pairs = PairSampler(prog, plan.perturb, self.ex, self._answers if self.writers else None)

    def _answers(self, rec: Record) -> dict[str, tuple]:
        """``{format: (chosen, rejected)}`` as each writer writes an RM record's two answers (formats that leave
        the record out are skipped)."""
        from .writers import LeftOut

        out = {}
        for w in self.writers:
            try:
                out[w.name] = w.rm_answers(rec)
            except LeftOut:
                continue
        return out

    def quotas(self) -> dict[str, dict[str, int]]:
        """Rows wanted per kind and scenario."""
        return {k: allocate(self.plan, self.prog, getattr(self.plan, k)) for k in KINDS}

    def records(self, kind: str, on_row=None) -> Iterator[Record]:
        """Yields the records of one kind, scenario by scenario, dropping exact duplicates within a scenario.

        Args:
            kind: ``sft``, ``rm`` or ``ppo``.
            on_row: called with no argument after each produced row (progress bars).

        Rows that fail verification (or cannot be expanded) are skipped and counted in ``verifier.report``;
        the scenario's next row index is tried instead (at most ``4 * want + 16`` indices). The build computes
        the same rows in parallel shards (:mod:`compiler.shards`) and chooses them with the same
        :class:`Selection`, so both give the same rows.
        """
        for name, want in self.quotas()[kind].items():
            sel = Selection(self, kind, name, want)
            self._seen = sel.seen  # an RM pair that repeats a kept row is not taken (compiler.pairs)
            scen, row_seed = self.prog.scenarios[name], self.row_seeder(kind, name)
            while sel.open:
                rec, events = self.row(kind, scen, sel.next, row_seed)
                if sel.take(events, None if rec is None else content_key(rec), rec and row_facts(rec)):
                    if on_row:
                        on_row()
                    yield rec
            sel.close()

    def row_seeder(self, kind: str, scenario: str):
        """``i -> stable_hash(seed, kind, scenario, i)``: the seed of a scenario's row ``i``."""
        return stable_hasher(self.plan.seed, kind, scenario)

    def row(self, kind: str, scen: ir.ScenarioIR, i: int, row_seed) -> tuple[Record | None, tuple | None]:
        """Row ``i`` of a scenario for ``kind`` and what the verification stage counted on the way.

        Depends only on (seed, kind, scenario, ``i``), the program and the reference date, never on other rows:
        shards of a build compute rows in any order and any process.

        Returns:
            ``(record or None when the row is dropped, its verification events)`` (:meth:`RowEvents.compact`); the
            events are counted into ``verifier.report`` only when :class:`Selection` consumes the row.

        Raises:
            SimulatorError, PoolError: a user simulator raised; a Faker pool cannot be drawn (build errors).
        """
        events = RowEvents()
        self.verifier.report = events
        self.reads = self.ex.reads = []
        try:
            seed = row_seed(i)
            split = "test" if (seed >> 32) % 10_000 < self.plan.test_percent * 100 else "train"
            make = self._sft if kind == "sft" else self._rm if kind == "rm" else self._ppo
            row_id = self._row_ids.get((kind, scen.name))
            if row_id is None:
                row_id = self._row_ids[(kind, scen.name)] = row_ider(self.plan.name, kind, scen.name)
            rec = make(scen, seed, split, row_id(i))
        finally:
            self.verifier.report = self.report
        return rec, events.compact()

    # ------------------------------------------------------------------ kinds

    def _conversation(self, scen: ir.ScenarioIR, seed: int, split: str) -> Conversation | None:
        """The verified conversation of one row, or ``None`` when it is dropped (and counted).

        Clarifying questions are the only place tool and parameter descriptions reach a record: a built-in
        question names the parameter by its description (:func:`compiler.plan.question_text`), the clarify ground
        truth takes words from both (:func:`compiler.ground_truth.missing_param`). Each such read is added to
        :attr:`reads` (the question by the expansion, even when it fails later; the truth by the kinds), so that an
        incremental build reuses the rows whatever else the descriptions say (:func:`description_reads`)."""
        try:
            conv = self.ex.expand(scen, seed, split)
        except ExpansionError as exc:
            self.verifier.count_expansion_error(exc.stage, exc.reason, scen.name, str(exc))
            return None
        return conv if self.verifier.check(conv, scen.name) else None

    def _provenance(self, scen: ir.ScenarioIR, conv: Conversation, seed: int) -> Provenance:
        return Provenance(scen.file, scen.line, scen.name, conv.template, seed, self.plan.name)

    def _sft(self, scen: ir.ScenarioIR, seed: int, split: str, rid: str) -> Record | None:
        conv = self._conversation(scen, seed, split)
        if conv is None:
            return None
        truths = tuple([turn_truth(self.prog, scen, conv, d, self.today, calls=False, reads=self.reads)
                        for d in conv.decisions])
        return Record("sft", rid, tuple(conv.messages), tuple(conv.tools),
                      self._provenance(scen, conv, seed), split, expects=conv.expects, truths=truths)

    def _ppo(self, scen: ir.ScenarioIR, seed: int, split: str, rid: str) -> Record | None:
        conv = self._conversation(scen, seed, split)
        if conv is None:
            return None
        corrected = conv.self_corrected()
        targets = [d for i, d in enumerate(conv.decisions) if i not in corrected]
        if not targets:
            return None
        rng = random.Random(seed ^ 0x5EED)
        d = targets[rng.randrange(len(targets))]
        return Record("ppo", rid, tuple(conv.messages[:d.index]), tuple(conv.tools),
                      self._provenance(scen, conv, seed), split, expected=d.calls, expect=d.expect,
                      expects=(d.expect,), truth=turn_truth(self.prog, scen, conv, d, self.today, reads=self.reads))

    def _rm(self, scen: ir.ScenarioIR, seed: int, split: str, rid: str) -> Record | None:
        conv = self._conversation(scen, seed, split)
        if conv is None:
            return None
        rng = random.Random(seed ^ 0xB00)

        def make(p: Pair) -> Record:
            return Record("rm", rid, tuple(conv.messages[:p.decision.index]), p.tools,
                          self._provenance(scen, conv, seed), split, chosen=(conv.messages[p.decision.index],),
                          rejected=(p.rejected,), perturbation=p.label, expected=p.decision.calls,
                          expect=p.decision.expect, expects=(p.decision.expect,), hard=p.hard)

        return self.pairs.sample(conv, rng, make, lambda rec: content_key(rec) not in self._seen)


_SHORT = "too few distinct rows that pass verification (or applicable perturbations)"
_SHORT_RM = ("too few distinct rows that pass verification and have a wrong answer that keeps its label's length "
             "balance (compiler/pairs.py); allowing more perturbations (e.g. `needless_refusal` for smalltalk) "
             "gives the sampler more to choose from")


def row_ider(dataset: str, kind: str, scenario: str) -> Callable[[int], str]:
    """``i -> `` the id of a scenario's row ``i``: ``{kind}-`` + 12 hex digits of blake2b(``dataset/kind/scenario/i``)
    (the prefix hashed once, the row number added per row)."""
    head = hashlib.blake2b(f"{dataset}/{kind}/{scenario}/".encode(), digest_size=6)
    prefix = f"{kind}-"

    def row_id(i: int) -> str:
        h = head.copy()
        h.update(str(i).encode())
        return prefix + h.hexdigest()
    return row_id


def content_key(rec: Record, content: bytes | None = None) -> int:
    """A 64-bit digest of everything a row shows, for exact-duplicate detection within one scenario of a build.

    Python's ``hash`` of the row's :func:`compiler.record.content_json` (``content``, when made already: the cache's
    record line embeds the same bytes): fast, and a collision (2**-64 per pair) is the only way two different rows
    could be taken for duplicates. Hashes are salted per interpreter (``PYTHONHASHSEED``): keys are compared within
    one build only (forked shard workers share the salt).
    """
    return hash(content_json(rec) if content is None else content)


def description_reads(prog: ir.Program, reads) -> str | None:
    """A hash of what rows read of the tools' and parameters' descriptions, evaluated on ``prog``: ``reads`` are
    :attr:`Generator.reads` probes, ``("ask", tool, argument, locale)`` (:func:`compiler.plan.question_text`) or
    ``("truth", tool, parameter path, question)`` (:func:`compiler.ground_truth.missing_param`); ``None`` for
    none. Rows whose scenario key is unchanged are the same rows when this hash is (:mod:`compiler.cache`)."""
    if not reads:
        return None
    from .ground_truth import missing_param
    from .plan import question_text

    values = []
    for probe in reads:
        if probe[0] == "ask":
            values.append([list(probe), question_text(prog, *probe[1:])])
        else:
            found = missing_param(prog, *probe[1:])
            values.append([list(probe), found.name, list(found.words)])
    return hashlib.blake2b(orjson.dumps(values), digest_size=16).hexdigest()
