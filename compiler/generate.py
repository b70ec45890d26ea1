"""Generation stage: a dataset plan -> streams of canonical SFT / RM / PPO records (input: ir.Program; output: Records).

Row ``i`` of scenario ``S`` for dataset kind ``K`` depends only on (seed, K, S, i) and the reference date:
its seed is ``stable_hash(seed, K, S, i)`` and its split follows from the seed's high bits, so adding a
scenario leaves every other scenario's rows as they were (with ``sft N each``, byte for byte; with a total
``sft N`` the per-scenario counts are re-shared by weight and each scenario's rows stay a prefix-stable list).
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import random
from dataclasses import dataclass, field
from typing import Iterator

from toolc.dsl import ast
from toolc.vocab import KINDS

from . import ir
from .expand import Conversation, ExpansionError, Expander
from .ground_truth import turn_truth
from .pairs import Pair, PairSampler, answer_text
from .record import Message, Provenance, Record
from .slots import stable_hasher
from .verify import Verifier


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
        self.writers = tuple(writers)
        self._seen: set[int] = set()
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
        """Yields the records of one kind, scenario by scenario, dropping exact duplicates.

        Args:
            kind: ``sft``, ``rm`` or ``ppo``.
            on_row: called with no argument after each produced row (progress bars).

        Rows that fail verification (or cannot be expanded) are skipped and counted in ``verifier.report``;
        the scenario's next row index is tried instead (at most ``4 * want + 16`` indices).
        """
        seen: set[int] = set()
        self._seen = seen
        make = {"sft": self._sft, "rm": self._rm, "ppo": self._ppo}[kind]
        test_below = self.plan.test_percent * 100
        for name, want in self.quotas()[kind].items():
            scen = self.prog.scenarios[name]
            row_seed = stable_hasher(self.plan.seed, kind, name)  # row i: stable_hash(seed, kind, name, i)
            made, i, limit = 0, 0, want * 4 + 16
            while made < want and i < limit:
                seed = row_seed(i)
                split = "test" if (seed >> 32) % 10_000 < test_below else "train"
                rec = make(scen, seed, split, _row_id(self.plan.name, kind, name, i))
                i += 1
                if rec is None:
                    continue
                key = _content_key(rec)
                if key in seen:
                    self.tally.duplicates_dropped[kind] += 1
                    continue
                seen.add(key)
                made += 1
                self._count(rec)
                if on_row:
                    on_row()
                yield rec
            if made < want:
                self.tally.shortfalls.append({"kind": kind, "scenario": name, "wanted": want, "made": made,
                                              "reason": _SHORT_RM if kind == "rm" else _SHORT})

    # ------------------------------------------------------------------ kinds

    def _conversation(self, scen: ir.ScenarioIR, seed: int, split: str) -> Conversation | None:
        """The verified conversation of one row, or ``None`` when it is dropped (and counted)."""
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
        truths = tuple([turn_truth(self.prog, scen, conv, d, self.today) for d in conv.decisions])
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
                      expects=(d.expect,), truth=turn_truth(self.prog, scen, conv, d, self.today))

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

        return self.pairs.sample(conv, rng, make, lambda rec: _content_key(rec) not in self._seen)

    def _count(self, rec: Record) -> None:
        t = self.tally
        t.rows[rec.kind][rec.split] += 1
        s = t.scenarios.get(rec.provenance.scenario)
        if s is None:
            s = t.scenarios[rec.provenance.scenario] = dict.fromkeys(KINDS, 0)
        s[rec.kind] += 1
        if rec.kind == "sft":
            for m in rec.messages:
                for c in m.tool_calls:
                    t.tools[c.name] = t.tools.get(c.name, 0) + 1
            for e in rec.expects:
                t.expects[e] = t.expects.get(e, 0) + 1
        elif rec.kind == "ppo" and rec.expect is not None:
            t.ppo_expects[rec.expect] = t.ppo_expects.get(rec.expect, 0) + 1
        elif rec.kind == "rm" and rec.perturbation:
            t.perturbations[rec.perturbation] = t.perturbations.get(rec.perturbation, 0) + 1
            t.rm_hard += bool(rec.hard)
            diff = len(answer_text(rec.rejected[0])) - len(answer_text(rec.chosen[0]))
            side = "longer" if diff > 0 else "shorter" if diff < 0 else "equal"
            counts = t.rm_lengths.setdefault(rec.perturbation, {"longer": 0, "shorter": 0, "equal": 0})
            counts[side] += 1


_SHORT = "too few distinct rows that pass verification (or applicable perturbations)"
_SHORT_RM = ("too few distinct rows that pass verification and have a wrong answer that keeps its label's length "
             "balance (compiler/pairs.py); allowing more perturbations (e.g. `needless_refusal` for smalltalk) "
             "gives the sampler more to choose from")


def _row_id(dataset: str, kind: str, scenario: str, i: int) -> str:
    """Row ``i`` of a scenario: ``{kind}-`` + 12 hex digits of blake2b(``dataset/kind/scenario/i``)."""
    return f"{kind}-{hashlib.blake2b(f'{dataset}/{kind}/{scenario}/{i}'.encode(), digest_size=6).hexdigest()}"


def _content_key(rec: Record) -> int:
    """A 64-bit digest of everything a row shows, for exact-duplicate detection within one build.

    Python's ``hash`` of a tuple of the row's strings: fast, and a collision (2**-64 per pair) is the only way
    two different rows could be taken for duplicates.
    """
    return hash((_messages_key(rec.messages), tuple([t["function"]["name"] for t in rec.tools]),
                 _messages_key(rec.chosen) if rec.chosen else (), _messages_key(rec.rejected) if rec.rejected else (),
                 repr([(c.name, c.arguments) for c in rec.expected]) if rec.expected else ""))


def _messages_key(messages: tuple[Message, ...]) -> tuple:
    return tuple([(m.role, m.content, m.name, m.raw,
                   m.tool_calls and repr([(c.name, c.arguments) for c in m.tool_calls])) for m in messages])
