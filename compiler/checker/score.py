"""Checker stage: parsed assistant turns + gold calls -> per-turn scores and evaluation metrics (:class:`Scoreboard`).

Metric definitions (all in [0, 1]; ``None`` when no turn of the needed kind was seen):

* ``format_validity`` -- share of all turns whose completion parses (:attr:`ParsedTurn.format_ok`).
* ``tool_accuracy`` -- tool-level accuracy (seed ``004_*.txt``): share of call turns whose multiset of
  called tool names equals the gold multiset (right tools, arguments not looked at).
* ``exact_match`` -- share of call turns that :func:`check_calls` accepts (right tools, right arguments,
  parallel calls in any order).
* ``partial_match`` -- seed ``001_*.txt``'s "partial match (some args correct)": share of call turns with the
  right tools and at least one right argument that are not an exact match.
* ``arg_precision`` / ``arg_recall`` / ``arg_f1`` -- micro-averaged over the arguments of all call turns.
  Predicted calls are paired with gold calls of the same name (maximum-weight assignment). A predicted
  argument is a true positive when the gold call has that parameter and the value is acceptable; any other
  predicted argument (unknown name, wrong value, or in a call with no gold partner) is a false positive; a
  gold argument that must be passed (no ``""`` among its values, or schema-required) and is not a true
  positive is a false negative.
* ``chain_success`` -- chain-level success (seed ``004_*.txt``): share of conversations (chain ids) all of
  whose scored turns are right; a turn added without a chain id is a chain of its own.
* ``turn_accuracy`` -- share of all turns that are right (``exact`` / ``irrelevance_ok`` / ``clarify_ok``
  by the kind of turn expected).
* ``irrelevance_accuracy`` -- share of ``expect="none"`` turns (smalltalk) with no call attempted and a
  well-formed answer. Unlike BFCL, a malformed call block counts as an attempted call.
* ``clarification_accuracy`` -- share of ``expect="clarify"`` turns answered with no call and a question naming
  the missing parameter (its name or a word of its description / ``ask`` question, :mod:`compiler.checker.truth`).
* ``confirmation_accuracy`` -- share of ``expect="confirm"`` turns answered with no call and a text restating at
  least half of the call's values.
* ``refusal_accuracy`` -- share of ``expect="refuse"`` turns answered with no call and a text saying it cannot.
* ``fact_recall`` -- mean share of the tool-result facts a ``none`` turn's ground truth lists that the answer
  mentions (turns with a ground truth only).
* ``per_kind`` -- turns and accuracy per kind of turn.

A completion that does not end within the generation budget (no stop token) is wrong for every metric: not
well-formed, no right call, no right argument, no right no-call answer (``n_unfinished`` counts them).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from toolc.compiler.checker.match import (
    OMIT,
    GoldCall,
    Verdict,
    match_calls,
    max_weight_assignment,
    tool_parameters,
    tools_by_name,
)
from toolc.compiler.checker.parse import ParsedTurn
from toolc.compiler.checker.rules import OK
from toolc.compiler.checker.truth import ANSWER_FAILURES, TurnTruth, answer_failure, asks, content_score
from toolc.compiler.record import ToolCall
from toolc.vocab import EXPECTS, Expect

#: The accuracy metric of each no-call kind of turn (share of those turns answered right, :func:`score_turn`).
KIND_METRICS: dict[str, str] = {"none": "irrelevance_accuracy", "clarify": "clarification_accuracy",
                                "confirm": "confirmation_accuracy", "refuse": "refusal_accuracy"}


@dataclass(frozen=True, slots=True)
class CallPair:
    """Argument-level comparison of one predicted call with the gold call it is paired with.

    Attributes:
        pred: index of the predicted call.
        gold: index of the gold call.
        names_tp: predicted argument names the gold call has (|P & A|).
        names_fp: predicted argument names the gold call lacks (|P - A|).
        names_fn: names that must be passed but are not (|E - P|).
        values_tp: predicted arguments with an accepted value.
        values_fp: predicted arguments without an accepted value (|P| - values_tp).
        values_fn: must-pass arguments without an accepted value (|E - right|).
    """

    pred: int
    gold: int
    names_tp: int
    names_fp: int
    names_fn: int
    values_tp: int
    values_fp: int
    values_fn: int

    @property
    def names_score(self) -> float:
        """``names_tp / (names_tp + names_fp + names_fn)``, 1.0 for a call with no arguments on either side."""
        d = self.names_tp + self.names_fp + self.names_fn
        return self.names_tp / d if d else 1.0

    @property
    def values_score(self) -> float:
        """``values_tp / |P | E|`` (right values over predicted plus missing must-pass arguments), 1.0 if empty."""
        d = self.values_tp + self.values_fp + self.names_fn
        return self.values_tp / d if d else 1.0


def _must_pass(gold: GoldCall, tool: Mapping[str, Any] | None) -> set[str]:
    required = tool_parameters(tool).get("required") or ()
    return {k for k, acc in gold.arguments.items() if OMIT not in acc} | set(required)


def _pair_stats(i: int, j: int, pred: ToolCall, gold: GoldCall, tool: Mapping[str, Any] | None, bfcl: bool) -> CallPair:
    props = tool_parameters(tool).get("properties") if tool is not None else None
    props = props if isinstance(props, Mapping) else ({} if tool is not None else None)
    allowed = {k for k in gold.arguments if props is None or k in props}
    must = _must_pass(gold, tool)
    given = set(pred.arguments)
    right = {
        k
        for k in given & allowed
        if gold.accepts(k, pred.arguments[k], props.get(k) if props else None, bfcl=bfcl).ok
    }
    return CallPair(
        pred=i,
        gold=j,
        names_tp=len(given & allowed),
        names_fp=len(given - allowed),
        names_fn=len(must - given),
        values_tp=len(right),
        values_fp=len(given) - len(right),
        values_fn=len(must - right),
    )


def pair_calls(
    pred: Sequence[ToolCall],
    gold: Sequence[GoldCall],
    tools: Iterable[Mapping[str, Any]] | Mapping[str, Mapping[str, Any]] | None,
    *,
    bfcl: bool = False,
) -> list[CallPair]:
    """Pairs predicted calls with same-named gold calls, maximising argument agreement.

    Args:
        pred: predicted calls.
        gold: gold calls.
        tools: offered tool definitions (list or name -> definition map).
        bfcl: use BFCL's argument rules for value acceptance.

    Returns:
        The :class:`CallPair` of each pair (maximum-weight assignment, weight ``1 + names_score +
        values_score``), sorted by predicted index. Calls without a partner are not listed.
    """
    by_name = tools if isinstance(tools, Mapping) else tools_by_name(tools)
    stats: dict[tuple[int, int], CallPair] = {}
    weights = [[0.0] * len(gold) for _ in pred]
    for i, p in enumerate(pred):
        for j, g in enumerate(gold):
            if p.name == g.name:
                s = _pair_stats(i, j, p, g, by_name.get(g.name), bfcl)
                stats[(i, j)] = s
                weights[i][j] = 1.0 + s.names_score + s.values_score
    return [stats[(i, j)] for i, j in max_weight_assignment(weights)] if stats else []


@dataclass(frozen=True, slots=True)
class TurnScore:
    """The score of one assistant turn.

    Attributes:
        expect: what was due (``compiler.vocab.EXPECTS``).
        format_ok: the completion ended (a stop token within the budget) and parsed.
        tool_correct: call turn: the multiset of called tool names equals the gold one; otherwise no call made.
        exact: call turn: :func:`check_calls` accepts the calls; otherwise equal to the turn being right.
        arg_tp: right predicted arguments (see the module docstring).
        arg_fp: wrong or unknown predicted arguments.
        arg_fn: must-pass gold arguments not rightly predicted.
        irrelevance_ok: for ``expect="none"``: well-formed and no call; else ``None``.
        clarify_ok: for ``expect="clarify"``: see :func:`score_turn`; else ``None``.
        verdict: the checker's verdict for the turn.
        gold_tools: gold tool names, in gold order.
        pred_tools: predicted tool names, in emitted order.
        gold_call_ok: per gold call, whether a predicted call answers it (optimal matching).
        stopped: the completion ended within the generation budget.
        content: no-call turns: :func:`compiler.checker.truth.content_score` (``None`` without a ground truth).
    """

    expect: Expect
    format_ok: bool
    tool_correct: bool
    exact: bool
    arg_tp: int
    arg_fp: int
    arg_fn: int
    irrelevance_ok: bool | None
    clarify_ok: bool | None
    verdict: Verdict
    gold_tools: tuple[str, ...] = ()
    pred_tools: tuple[str, ...] = ()
    gold_call_ok: tuple[bool, ...] = ()
    stopped: bool = True
    content: float | None = None

    @property
    def correct(self) -> bool:
        """Whether the turn is right for what was expected."""
        if self.expect == "call":
            return self.exact
        return self.verdict.ok


#: Share of the restated values a confirmation must mention to count (:func:`score_turn`).
CONFIRM_THRESHOLD = 0.5


def _no_call_verdict(expect: Expect, pred: ParsedTurn, truth: TurnTruth | None) -> tuple[Verdict, float | None]:
    """The verdict of a well-formed completion without calls where no call was due, and its content score."""
    text = pred.content
    if truth is None:  # no recorded ground truth: a non-empty answer is all that can be checked
        truth = TurnTruth(expect)
    content = content_score(truth, text)
    if expect == "clarify" and content < 1.0:
        if not text.strip():
            return Verdict(False, "no_clarification", "a clarification question was due, got an empty answer"), content
        if not asks(text):
            return Verdict(False, "no_clarification", "a clarification question was due, the answer asks nothing"), \
                content
        names = ", ".join(m.name for m in truth.missing if not m.named_by(text))
        return Verdict(False, "no_clarification", f"the question does not name the missing parameter {names}"), content
    if expect == "confirm" and text.strip() and not asks(text):
        return Verdict(False, "no_restatement", "a confirmation question was due, the answer asks nothing (it states "
                                                 "the action as if done)"), content
    if expect == "confirm" and (not text.strip() or content < CONFIRM_THRESHOLD):
        return Verdict(False, "no_restatement", "a confirmation restating the call was due "
                                                 f"(mentions {content:.0%} of {list(truth.restate)})"), content
    if expect == "refuse" and content < 1.0:
        return Verdict(False, "no_refusal", "a reply saying no offered tool can do this was due"), content
    failure = answer_failure(truth, text) if expect == "none" else None
    if failure is not None:
        return Verdict(False, failure, ANSWER_FAILURES[failure]), content
    return OK, content


def score_turn(
    pred: ParsedTurn,
    gold: Sequence[GoldCall],
    tools: Iterable[Mapping[str, Any]] | None,
    expect: Expect,
    *,
    bfcl: bool = False,
    truth: TurnTruth | None = None,
    stopped: bool = True,
) -> TurnScore:
    """Scores one assistant turn.

    A completion that did not end within the generation budget (``stopped=False``: no stop token, no eos) is
    wrong for every metric, whatever it holds: it is not an answer (``no_stop``). Otherwise, by ``expect``:

    * ``call`` -- the calls must match the gold calls (:func:`match_calls`, parallel calls in any order);
    * ``none`` -- no call (``content`` = share of the ground truth's facts mentioned, reported, not required);
    * ``clarify`` -- no call, and a text naming every missing parameter the ground truth records (by name or
      one of its words, :class:`compiler.checker.truth.MissingParam`); any non-empty text when none is recorded;
    * ``confirm`` -- no call, and a text mentioning at least :data:`CONFIRM_THRESHOLD` of the values to restate;
    * ``refuse`` -- no call, and a text saying it cannot (:func:`compiler.checker.truth.says_cannot`).

    Args:
        pred: the parsed completion (:func:`compiler.checker.parse.parse_tool_calls`).
        gold: the gold calls (empty for no-call turns); ``truth.calls`` when empty and ``truth`` has some.
        tools: the offered tool definitions.
        expect: what was due (``compiler.vocab.EXPECTS``).
        bfcl: BFCL rules (greedy parallel matching etc.) for ``exact``.
        truth: the turn's recorded ground truth (:class:`compiler.checker.truth.TurnTruth`), if any.
        stopped: whether the completion ended within the budget.

    Returns:
        The :class:`TurnScore`.

    Raises:
        ValueError: for an unknown ``expect``.
    """
    if expect not in EXPECTS:
        raise ValueError(f"expect must be one of {', '.join(EXPECTS)}, got {expect!r}")
    if not gold and truth is not None and truth.calls:
        gold = truth.calls
    by_name = tools_by_name(tools)
    calls = pred.calls
    pairs = pair_calls(calls, gold, by_name, bfcl=bfcl)
    paired_p = {p.pred for p in pairs}
    paired_g = {p.gold for p in pairs}
    tp = sum(p.values_tp for p in pairs)
    fp = sum(p.values_fp for p in pairs) + sum(len(c.arguments) for i, c in enumerate(calls) if i not in paired_p)
    fn = sum(p.values_fn for p in pairs) + sum(
        len(_must_pass(g, by_name.get(g.name))) for j, g in enumerate(gold) if j not in paired_g
    )
    names = tuple(c.name for c in calls)
    gold_names = tuple(g.name for g in gold)
    common = dict(gold_tools=gold_names, pred_tools=names, stopped=stopped)
    # a content score exists for no-call turns with a ground truth (for `none` turns: one that lists facts)
    measured = expect != "call" and truth is not None and (expect != "none" or bool(truth.facts))
    if not stopped or not pred.format_ok:
        bad = (Verdict(False, "no_stop", "the answer did not end within the generation budget") if not stopped
               else Verdict(False, "format", pred.error or "malformed completion"))
        if not stopped:  # nothing in an unfinished answer counts, not even the arguments it got right
            tp, fp = 0, fp + tp
            fn = sum(len(_must_pass(g, by_name.get(g.name))) for g in gold)
        return TurnScore(
            expect, False, False, False, tp, fp, fn, irrelevance_ok=False if expect == "none" else None,
            clarify_ok=False if expect == "clarify" else None, verdict=bad,
            gold_call_ok=(False,) * len(gold), content=0.0 if measured else None, **common,
        )
    if expect == "call":
        verdict, match = match_calls(calls, gold, by_name, bfcl=bfcl)
        return TurnScore(
            expect, True, Counter(names) == Counter(gold_names), verdict.ok, tp, fp, fn, irrelevance_ok=None,
            clarify_ok=None, verdict=verdict, gold_call_ok=tuple(m >= 0 for m in match), **common,
        )
    if calls:
        verdict, content = Verdict(False, "spurious_call", f"no call was due, got {', '.join(names)}"), 0.0
    else:
        verdict, content = _no_call_verdict(expect, pred, truth)
    return TurnScore(
        expect, True, not calls, verdict.ok, tp, fp, fn,
        irrelevance_ok=verdict.ok if expect == "none" else None,
        clarify_ok=verdict.ok if expect == "clarify" else None,
        verdict=verdict, content=content if measured else None, **common,
    )


def _ratio(num: float, den: float) -> float | None:
    return num / den if den else None


@dataclass(slots=True)
class _Entry:
    score: TurnScore
    scenario: str | None
    chain: str


@dataclass(slots=True)
class Scoreboard:
    """Accumulates :class:`TurnScore` s and summarises them (metric definitions: module docstring).

    Example::

        board = Scoreboard()
        board.add(score_turn(parse_tool_calls(text), gold, tools, "call"), scenario="weather.single", chain="row-17")
        board.summary()["exact_match"]
    """

    entries: list[_Entry] = field(default_factory=list)

    def add(self, score: TurnScore, *, scenario: str | None = None, chain: str | None = None) -> None:
        """Adds one turn.

        Args:
            score: the turn's score.
            scenario: the scenario name, for the per-scenario breakdown.
            chain: the conversation id; turns sharing it form one chain. ``None`` = a chain of its own.
        """
        self.entries.append(_Entry(score, scenario, chain if chain is not None else f"\0turn{len(self.entries)}"))

    def __len__(self) -> int:
        return len(self.entries)

    @staticmethod
    def _metrics(entries: Sequence[_Entry]) -> dict[str, Any]:
        turns = [e.score for e in entries]
        by_kind: dict[str, list[TurnScore]] = {k: [] for k in EXPECTS}
        for t in turns:
            by_kind[t.expect].append(t)
        calls = by_kind["call"]
        tp = sum(s.arg_tp for s in calls)
        fp = sum(s.arg_fp for s in calls)
        fn = sum(s.arg_fn for s in calls)
        precision, recall = _ratio(tp, tp + fp), _ratio(tp, tp + fn)
        f1 = None
        if precision is not None and recall is not None:
            f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        chains: dict[str, bool] = {}
        for e in entries:
            chains[e.chain] = chains.get(e.chain, True) and e.score.correct
        facts = [s.content for s in by_kind["none"] if s.content is not None]
        return {
            "n_turns": len(turns),
            **{f"n_{k}_turns": len(v) for k, v in by_kind.items()},
            "n_chains": len(chains),
            "n_unfinished": sum(not s.stopped for s in turns),
            "format_validity": _ratio(sum(s.format_ok for s in turns), len(turns)),
            "tool_accuracy": _ratio(sum(s.tool_correct for s in calls), len(calls)),
            "exact_match": _ratio(sum(s.exact for s in calls), len(calls)),
            "partial_match": _ratio(sum(s.tool_correct and not s.exact and s.arg_tp > 0 for s in calls), len(calls)),
            "arg_precision": precision,
            "arg_recall": recall,
            "arg_f1": f1,
            "turn_accuracy": _ratio(sum(s.correct for s in turns), len(turns)),
            "chain_success": _ratio(sum(chains.values()), len(chains)),
            **{KIND_METRICS[k]: _ratio(sum(s.correct for s in v), len(v)) for k, v in by_kind.items() if k != "call"},
            "fact_recall": _ratio(sum(facts), len(facts)),
            "per_kind": {k: {"turns": len(v), "accuracy": _ratio(sum(s.correct for s in v), len(v))}
                         for k, v in by_kind.items() if v},
        }

    def intervals(self, *, resamples: int = 1000, seed: int = 0, level: float = 0.95) -> dict[str, list[float]]:
        """Percentile bootstrap intervals of the headline metrics (:mod:`compiler.checker.intervals`).

        Returns:
            ``{metric: [low, high]}`` for every headline metric that has turns of its kind.
        """
        from toolc.compiler.checker.intervals import bootstrap

        return bootstrap([(e.chain, e.score) for e in self.entries], resamples=resamples, seed=seed, level=level)

    def summary(self) -> dict[str, Any]:
        """All metrics, plus ``per_tool`` and ``per_scenario`` breakdowns (keys sorted).

        Returns:
            ``{metric: float | None, ..., "per_tool": {tool: {"calls", "call_accuracy", "turns",
            "exact_match"}}, "per_scenario": {scenario: {metric: ...}}}``. ``per_tool`` counts gold calls of
            each tool (``call_accuracy`` = share answered by a right call) and the call turns that involve it.
        """
        out = self._metrics(self.entries)
        tools: dict[str, list[int]] = {}
        for e in self.entries:
            s = e.score
            if s.expect != "call":
                continue
            for name, ok in zip(s.gold_tools, s.gold_call_ok or (False,) * len(s.gold_tools)):
                t = tools.setdefault(name, [0, 0, 0, 0])
                t[0] += 1
                t[1] += ok
            for name in set(s.gold_tools):
                tools[name][2] += 1
                tools[name][3] += s.exact
        out["per_tool"] = {
            name: {"calls": c, "call_accuracy": ok / c, "turns": n, "exact_match": ex / n}
            for name, (c, ok, n, ex) in sorted(tools.items())
        }
        groups: dict[str, list[_Entry]] = {}
        for e in self.entries:
            if e.scenario is not None:
                groups.setdefault(e.scenario, []).append(e)
        out["per_scenario"] = {k: self._metrics(v) for k, v in sorted(groups.items())}
        return out
