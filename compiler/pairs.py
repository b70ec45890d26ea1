"""Pair sampling: one verified conversation -> one RM pair (decision, chosen, rejected, label, hard) (input: Conversation; output: Pair).

How a pair is drawn (the RM rows of ``toolc build``):

1. **Label.** The labels the dataset allows (``perturb``) that apply to some turn of the conversation are
   ordered by a weighted draw without replacement (weights :data:`compiler.perturb.MIX`, FC-RewardBench's error
   distribution, raised for labels that lag behind their share); the first that yields a usable candidate wins.
2. **Wrong.** A candidate must really be wrong for its turn: calls are judged by the one checker
   (:func:`compiler.checker.check_calls`), a reply by being another text (``wrong_fact``, ``ignore_error``), a
   malformed call by failing to parse.
3. **Length balance.** Every label keeps its own count of pairs whose rejected answer is longer, shorter or as
   long as the chosen one (characters of the answer as the default model family writes it, :func:`answer_text`).
   The sampler takes a candidate on the side that evens the label's count (or one of equal length); a candidate on
   the other side is taken only while the label stays within :data:`SLACK` (a looser :data:`LAST_SLACK` when no
   label of the conversation fits; beyond it the conversation gives no pair), so in every label the rejected answer
   is longer in about half of the pairs whose lengths differ and length alone does not give the chosen side away.
   The same counts are kept for each text format of the build (:data:`FORMAT_SLACK`); where a call stands against a
   reply, whose relative length the formats disagree on, the candidate that evens every format best is taken
   (:meth:`PairSampler._drift_after`). Among a label's candidates
   the sampler also prefers the calling side that is behind (:func:`calling_side`): pairs where only the rejected
   answer calls (a call where a reply, question, confirmation or refusal was due) and pairs where only the chosen
   one does (``no_call``) are kept about equally frequent where the labels allow.
   The counts run over the whole build in generation order: an RM row depends on the rows generated before it
   (the build stays deterministic). They are not kept per scenario: the bundled build has ~9 RM rows per scenario,
   about one per label, and a per-scenario balance let every label drift to its easy side (measured on the
   bundled RM build: ``count`` 97 %, ``tool`` 21 %, ``spurious_call`` 84 % rejected-longer). An incremental
   build reuses a scenario's RM rows when the sampler enters it in the same :meth:`PairSampler.state`.
4. **Distinct in every format.** A pair whose chosen and rejected answers render to the same text in some format
   (``19`` and ``"19"`` are both ``19`` in alpaca's call style) is not taken; the next candidate is tried, and the
   number of such candidates is counted (manifest ``rm_pairs.indistinct``).
5. **Hard.** A pair is ``hard`` (a schema-valid near miss) when its label is one of
   :data:`compiler.perturb.NEAR_MISS` and every call of the rejected answer names an offered tool and passes its
   JSON Schema (:func:`is_hard`), unless the candidate is implausible (a wrong tool whose arguments landed in
   parameters that mean something else, :attr:`compiler.perturb.Candidate.plausible`).
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field
from typing import Any, Callable, Sequence

from . import ir
from .checker import GoldCall, check_calls, parse_tool_calls, validate_call
from .checker.truth import in_language
from .expand import Conversation, Decision, Expander
from .families import DEFAULT_FAMILY, get_family
from .ground_truth import gold_calls
from .perturb import MIX, NEAR_MISS, Candidate, applicable, candidates
from .record import Message

#: How far a label's longer and shorter counts may drift apart: ``max(2, SLACK * pairs of the label)`` in the
#: default family's text (:func:`answer_text`), ``max(4, FORMAT_SLACK * pairs)`` in each text format of the build
#: (formats write calls at different lengths, so the sides of one candidate may differ between formats); when no
#: label of a conversation fits, ``max(4, LAST_SLACK * pairs)`` everywhere (the rejected answer longer in at most
#: 60 % of a label's pairs), and beyond that the conversation gives no pair (the scenario's next row is tried).
SLACK, FORMAT_SLACK, LAST_SLACK = 0.06, 0.15, 0.2
#: How far the pairs where only the rejected answer calls may outnumber those where only the chosen one does
#: before the sampler's first pass takes no more of them: ``max(3, SHAPE_SLACK * both)``. The drift runs that way
#: only: five labels' rejected side alone calls (``spurious_call``, the calls of ``skip_confirm``, ``skip_clarify``,
#: ``skip_refuse``, ``ignore_error``), one label's chosen side alone (``no_call``, already raised in the order,
#: :meth:`PairSampler._order`); replies that list a result's items (a long chosen answer, which few rejected texts
#: outgrow) left 49 against 38 in the 1,000-pair build of seed 42 without it.
SHAPE_SLACK = 0.05
#: Labels whose rejected answer is a reply text, wrong by being another text than the chosen reply.
_TEXT_LABELS = frozenset({"wrong_fact", "ignore_error", "needless_refusal", "made_up_results", "skip_clarify",
                          "skip_confirm", "skip_refuse"})


@dataclass(slots=True)
class Pair:
    """One sampled pair: the turn, the rejected answer, its label, hardness and the row's offered tools."""

    decision: Decision
    rejected: Message
    label: str
    hard: bool
    tools: tuple[dict[str, Any], ...]


@dataclass
class PairStats:
    """What the sampler did, for the manifest (``rm_pairs``): per label, pairs whose rejected answer is
    ``longer`` / ``shorter`` / ``equal`` than the chosen one; ``hard`` pairs; candidates not taken because some
    format rendered both answers the same (``indistinct``)."""

    lengths: dict[str, dict[str, int]] = field(default_factory=dict)
    hard: int = 0
    indistinct: int = 0

    def to_json(self) -> dict[str, Any]:
        return {"hard": self.hard, "indistinct": self.indistinct,
                "lengths": {k: dict(self.lengths[k]) for k in sorted(self.lengths)}}


#: Characters of English per character of Chinese saying the same: the median ratio of the bundled specs' parallel
#: ``ask`` questions (2.7; mean 2.9) and of their refusals (3.1), measured on 24 and 44 texts.
CJK_WIDTH = 2.7
#: Labels whose rejected answer is in another language than the chosen one: their lengths are compared in English
#: characters (:func:`answer_length`).
_CROSS_LANGUAGE = frozenset({"wrong_language"})
_CJK = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]")


def answer_length(text: str, label: str = "") -> float:
    """The length the balance compares: characters, and for a :data:`_CROSS_LANGUAGE` label each Chinese character
    (CJK ideograph or full-width punctuation) counted as :data:`CJK_WIDTH` -- in characters every English negative
    to a Chinese user would be the longer side and every Chinese one to an English user the shorter, so the balance
    would fill the label from one language."""
    if label not in _CROSS_LANGUAGE:
        return len(text)
    return len(text) + (CJK_WIDTH - 1) * len(_CJK.findall(text))


def answer_text(message: Message) -> str:
    """An answer as the default model family writes it (Qwen3's ``<tool_call>`` blocks after the text; a malformed
    call's ``raw`` text): what the length balance measures, in characters."""
    if message.raw is not None:
        return message.raw
    fam = get_family(DEFAULT_FAMILY)
    return message.content + "".join(fam.wrap_call(fam.call_body(c)) for c in message.tool_calls)


def schema_valid(message: Message, tools: Sequence[dict[str, Any]]) -> bool:
    """Whether an answer passes the schema: no malformed call, and every call names an offered tool and its
    arguments validate against that tool's JSON Schema (:func:`compiler.checker.validate_call`). A reply without
    calls is valid."""
    if message.raw is not None:
        return False
    by_name = {t["function"]["name"]: t for t in tools}
    return all(c.name in by_name and not validate_call(c, by_name[c.name]) for c in message.tool_calls)


def is_hard(label: str, rejected: Message, tools: Sequence[dict[str, Any]]) -> bool:
    """Whether a pair is a schema-valid near miss: a :data:`compiler.perturb.NEAR_MISS` label whose rejected answer
    passes the schema (:func:`schema_valid`). For the ``skip_`` labels both answers count: the call where a question,
    a confirmation or a refusal was due, and the reply that claims the task done (only the conversation shows that
    nothing was done)."""
    return label in NEAR_MISS and schema_valid(rejected, tools)


def is_wrong(rejected: Message, d: Decision, conv: Conversation, label: str, gold: Sequence[GoldCall]) -> bool:
    """Whether a rejected answer is really wrong for decision ``d``, judged by the one checker against the turn's
    gold calls ``gold`` (:func:`compiler.ground_truth.gold_calls`, made once per turn: a call that leaves out an
    argument equal to its default, ``today`` resolved, is right, so never a rejected side; empty for a turn that
    is not a call); a reply text of a :data:`_TEXT_LABELS` label is wrong when it differs from the chosen reply, a
    ``wrong_language`` one when it is not written in the conversation's language."""
    if rejected.raw is not None:
        return not parse_tool_calls(rejected.raw).format_ok
    if d.expect != "call":
        if rejected.tool_calls:
            return True
        if label == "wrong_language":  # the reward's own language check (compiler.checker.truth.in_language)
            return not in_language(rejected.content, conv.lang)
        return label in _TEXT_LABELS and rejected.content != conv.messages[d.index].content
    if not rejected.tool_calls:
        return True
    return not check_calls(list(rejected.tool_calls), list(gold), conv.tools).ok


class PairSampler:
    """Draws the RM pair of each conversation (see the module docstring).

    Args:
        prog: the checked program.
        labels: the labels the dataset allows, in any order.
        ex: the expander (slot samplers for neighbouring values).
        render: called with a candidate record; returns ``{format: (chosen, rejected)}`` as each format of the
            build writes the two answers (a pair that reads the same in some format is not taken; text answers
            are length-balanced per format too).
    """

    def __init__(self, prog: ir.Program, labels: Sequence[str], ex: Expander,
                 render: Callable[[Any], dict[str, tuple[Any, Any]]] | None = None) -> None:
        self.prog, self.ex, self.render = prog, ex, render
        self.weights = {k: MIX[k] for k in labels}
        self.stats = PairStats()
        #: (label, format) -> longer / shorter / equal counts; format "" is :func:`answer_text`
        self.balance: dict[tuple[str, str], dict[str, int]] = {}
        #: pairs where only the rejected side calls / only the chosen side calls (:func:`calling_side`)
        self.shape = {"rejected": 0, "chosen": 0}

    def state(self) -> dict[str, Any]:
        """What the next pairs depend on, as JSON values: the balance counts and the calling-side counts (the
        build's cache keeps it per RM scenario, :mod:`compiler.cache`: a scenario's rows are reused only when the
        sampler enters it in the same state)."""
        return {"balance": [[k, f, c["longer"], c["shorter"], c["equal"]] for (k, f), c in sorted(self.balance.items())],
                "shape": [self.shape["rejected"], self.shape["chosen"]]}

    def restore(self, state: dict[str, Any]) -> None:
        """Puts the sampler in a :meth:`state` it had (after the rows of a scenario reused from the cache)."""
        self.balance = {(k, f): {"longer": lo, "shorter": sh, "equal": eq} for k, f, lo, sh, eq in state["balance"]}
        self.shape = {"rejected": state["shape"][0], "chosen": state["shape"][1]}

    def _order(self, conv: Conversation, rng: random.Random, app: Callable[[str, int, Decision], bool]) -> list[str]:
        """Applicable labels in a weighted random order (Efraimidis-Spirakis keys ``u ** (1 / w)``).

        A label's weight is its :data:`~compiler.perturb.MIX` weight times how far it lags behind its share of the
        pairs made so far (between 1/4 and 8 times): a label whose candidates the balance often refuses is tried
        first more often, so the realized mix stays closer to the weights. ``no_call`` (only the chosen side calls) is
        also raised, and ``spurious_call`` (only the rejected side calls) lowered, by the square of the ratio of pairs
        with only the rejected side calling to pairs with only the chosen side calling (:func:`calling_side`):
        raising ``no_call`` by the ratio alone left 53 against 32 in a 1,000-pair build (seed 2), 40 against 32 with
        seed 42; both labels, squared: 33 against 39 and 38 against 34 (seeds 0-3 and 42 within 10 %).
        """
        found = [k for k in self.weights if any(app(k, i, d) for i, d in enumerate(conv.decisions))]
        made = {k: sum(c.values()) for (k, f), c in self.balance.items() if not f}
        total, mass = sum(made.values()), sum(self.weights.values())

        r, c = self.shape["rejected"] + 1, self.shape["chosen"] + 1

        def weight(k: str) -> float:
            lag = (total * self.weights[k] / mass + 1) / (made.get(k, 0) + 1)
            if k == "no_call":  # the one label whose chosen side alone calls evens the calling side
                lag *= (r / c) ** 2
            elif k == "spurious_call":  # and the one whose rejected side always calls (after a result) yields
                lag *= (c / r) ** 2
            return self.weights[k] * min(8.0, max(0.25, lag))

        return sorted(found, key=lambda k: -(rng.random() ** (1.0 / weight(k))))

    def sample(self, conv: Conversation, rng: random.Random, make: Callable[[Pair], Any],
               fresh: Callable[[Any], bool] | None = None) -> Any:
        """The record of this conversation's pair, or ``None`` when no label yields a usable candidate.

        Args:
            conv: the verified conversation.
            rng: the row's random generator.
            make: builds the record of a :class:`Pair` (rendered by ``render`` before it is taken).
            fresh: ``False`` for a record the build already has (a duplicate row is not taken, so it is not counted
                in the balance either).
        """
        app = self._applicable(conv)
        order = self._order(conv, rng, app)
        options = {}
        corrected = conv.self_corrected()
        for label in order:
            found = [d for i, d in enumerate(conv.decisions) if i not in corrected and app(label, i, d)]
            rng.shuffle(found)
            options[label] = found[:2]
        for force in (False, True):  # a looser balance only when nothing else fits
            for label in order:
                for d in options[label]:
                    rec = self._pick(label, conv, d, rng, make, force, fresh)
                    if rec is not None:
                        return rec
        return None

    def _applicable(self, conv: Conversation) -> Callable[[str, int, Decision], bool]:
        """``(label, i, d) ->`` :func:`~compiler.perturb.applicable` of the conversation's ``i``-th decision ``d``,
        each answer kept (the label order and the options ask for the same ones)."""
        known: dict[tuple[str, int], bool] = {}

        def app(label: str, i: int, d: Decision) -> bool:
            hit = known.get((label, i))
            if hit is None:
                hit = known[(label, i)] = applicable(label, conv, d, self.prog)
            return hit

        return app

    def _want(self, label: str, fmt: str, rng: random.Random, last: bool = False) -> tuple[dict[str, int], str, float]:
        """The label's counts in one format, the side that evens them, and how much the other side may still add
        (``last``: the pass taken when no label fits, see :data:`LAST_SLACK`)."""
        counts = self.balance.setdefault((label, fmt), {"longer": 0, "shorter": 0, "equal": 0})
        drift = counts["longer"] - counts["shorter"]
        want = "shorter" if drift > 0 else "longer" if drift < 0 else rng.choice(("longer", "shorter"))
        n = sum(counts.values())
        cap = max(4, LAST_SLACK * n) if last else max(4, FORMAT_SLACK * n) if fmt else max(2, SLACK * n)
        return counts, want, cap - abs(drift)

    def _pick(self, label: str, conv: Conversation, d: Decision, rng: random.Random, make, force: bool,
              fresh) -> Any:
        chosen_len = answer_length(answer_text(conv.messages[d.index]), label)
        counts, want, room = self._want(label, "", rng, force)
        chosen = conv.messages[d.index]
        ahead = self.shape["rejected"] - self.shape["chosen"]
        over = "rejected" if ahead > 0 else "chosen" if ahead < 0 else None
        full = not force and ahead >= max(3, SHAPE_SLACK * sum(self.shape.values()))
        ranked = []
        gold = gold_calls(self.prog, conv, d, self.ex.today) if d.expect == "call" else ()
        for c in candidates(label, conv, d, self.ex, rng):
            if not is_wrong(c.message, d, conv, label, gold):
                continue
            side = _side(chosen_len, answer_length(answer_text(c.message), label))
            if side != want and side != "equal" and room < 1:
                continue
            tools = c.tools if c.tools is not None else tuple(conv.tools)
            hard = c.plausible and is_hard(label, c.message, tools)
            shape = calling_side(chosen, c.message)
            if full and shape == "rejected":  # see SHAPE_SLACK
                continue
            # the calling side that is behind first, then the length side that evens the count, equal lengths, hard
            ranked.append((over is not None and shape == over, side != want, side != "equal", not hard, rng.random(),
                           c, side, hard, tools, shape))
        ranked.sort(key=lambda r: r[:5])
        mixed = self.render is not None and any(r[-1] is not None for r in ranked)
        looked = []  # mixed kinds: every candidate's sides first, the one that evens the formats best taken
        for i, (behind, *_, c, side, hard, tools, shape) in enumerate(ranked):
            rec = make(Pair(d, c.message, label, hard, tools))
            if fresh is not None and not fresh(rec):
                continue
            sides = {"": side}
            if self.render is not None:
                answers = self.render(rec)
                if any(a == b for a, b in answers.values()):
                    self.stats.indistinct += 1
                    continue
                sides.update({f: _side(answer_length(a, label), answer_length(b, label))
                              for f, (a, b) in answers.items() if isinstance(a, str) and isinstance(b, str)})
            if mixed:
                looked.append((behind, self._drift_after(label, sides), i, rec, sides, side, hard, shape))
            elif self._fits_formats(label, sides, rng, force):
                return self._take(label, rec, sides, side, hard, shape)
        looked.sort(key=lambda r: r[:3])
        for *_, rec, sides, side, hard, shape in looked:
            if self._fits_formats(label, sides, rng, force):
                return self._take(label, rec, sides, side, hard, shape)
        return None

    def _drift_after(self, label: str, sides: dict[str, str]) -> int:
        """How far the label's longer and shorter counts would be apart, summed over the formats, after a pair of
        these ``sides`` (format -> side). A call and a reply are written at very different lengths by the formats
        (alpaca's ``f(x=1)`` is shorter than most replies, qwen-fc's JSON longer), so a reply of middling length is
        longer in one and shorter in another: taken first, such replies use up the room of both formats in opposite
        directions, and no later candidate can even both. Taking the candidate that evens the formats best keeps
        the room, and the labels whose rejected answer is of the other kind (``no_call``, ``spurious_call``, the
        calls of ``skip_confirm``) keep their share of the mix."""
        total = 0
        for f, s in sides.items():
            c = self.balance.get((label, f))
            drift = c["longer"] - c["shorter"] if c else 0
            total += abs(drift + (s == "longer") - (s == "shorter"))
        return total

    def _fits_formats(self, label: str, sides: dict[str, str], rng: random.Random, force: bool) -> bool:
        return all(self._fits(label, f, s, rng, force) for f, s in sides.items() if f)

    def _take(self, label: str, rec: Any, sides: dict[str, str], side: str, hard: bool, shape: str | None) -> Any:
        """Counts a taken pair in the balance and the stats; returns its record."""
        for f, s in sides.items():
            self.balance.setdefault((label, f), {"longer": 0, "shorter": 0, "equal": 0})[s] += 1
        self.stats.lengths.setdefault(label, {"longer": 0, "shorter": 0, "equal": 0})[side] += 1
        if shape is not None:
            self.shape[shape] += 1
        self.stats.hard += hard
        return rec

    def _fits(self, label: str, fmt: str, side: str, rng: random.Random, last: bool) -> bool:
        _, want, room = self._want(label, fmt, rng, last)
        return side in (want, "equal") or room >= 1


def calling_side(chosen: Message, rejected: Message) -> str | None:
    """``"rejected"`` when only the rejected answer calls (or tries to: a malformed call), ``"chosen"`` when only the
    chosen one does, else ``None``. The sampler keeps the two about equally frequent, so that "the side that calls"
    does not give the chosen side away."""
    a = bool(chosen.tool_calls) or chosen.raw is not None
    b = bool(rejected.tool_calls) or rejected.raw is not None
    return None if a == b else "rejected" if b else "chosen"


def _side(chosen: float, rejected: float) -> str:
    return "longer" if rejected > chosen else "shorter" if rejected < chosen else "equal"


__all__ = ["CJK_WIDTH", "Candidate", "Pair", "PairSampler", "PairStats", "SLACK", "answer_length", "answer_text",
           "calling_side", "is_hard", "is_wrong", "schema_valid"]
