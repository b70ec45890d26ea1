"""Checker stage: tool calls (predicted or generated) + gold calls / tool schemas -> verdicts, scores and rewards.

The one checker of toolc, used by

* the compiler: :func:`validate_call` (JSON Schema validation of every emitted call) and :func:`check_calls`
  (every RM ``rejected`` answer must really be wrong);
* evaluation: :func:`parse_tool_calls`, :func:`score_turn` and :class:`Scoreboard` (tool accuracy, exact
  match, argument precision/recall, chain success, irrelevance, clarification, confirmation, refusal, bootstrap
  intervals);
* RL: :func:`reward_components` / :func:`tool_call_reward` (verifiable reward).

Matching rules follow BFCL's AST checker (``../shared/data/bfcl/CHECKER_NOTES.md``); see
:mod:`compiler.checker.match` for the rules and for what ``bfcl=True`` changes.

Modules: :mod:`.parse` (completion -> calls), :mod:`.rules` (one argument vs its acceptable values),
:mod:`.match` (calls vs gold calls, parallel matching), :mod:`.validate` (JSON Schema), :mod:`.score` (metrics),
:mod:`.reward` (RL reward), :mod:`.truth` (ground truth of a turn, content checks), :mod:`.intervals` (bootstrap).
"""

from toolc.compiler.checker.match import (
    CODES,
    OMIT,
    GoldCall,
    Verdict,
    check_argument,
    check_call,
    check_calls,
    gold_from_call,
    match_calls,
    normalize_string,
    tools_by_name,
)
from toolc.compiler.checker.parse import ParsedTurn, parse_completion, parse_message, parse_tool_calls
from toolc.compiler.checker.reward import (
    COMPONENTS,
    DEFAULT_WEIGHTS,
    gold_calls,
    read_truth,
    reward_components,
    tool_call_reward,
    tool_call_reward_func,
)
from toolc.compiler.checker.score import KIND_METRICS, CallPair, Scoreboard, TurnScore, pair_calls, score_turn
from toolc.compiler.checker.truth import MissingParam, TurnTruth, content_score, says_cannot
from toolc.compiler.checker.validate import compile_validator, validate_call

__all__ = [
    "CODES",
    "COMPONENTS",
    "DEFAULT_WEIGHTS",
    "OMIT",
    "KIND_METRICS",
    "CallPair",
    "MissingParam",
    "TurnTruth",
    "GoldCall",
    "ParsedTurn",
    "Scoreboard",
    "TurnScore",
    "Verdict",
    "check_argument",
    "check_call",
    "check_calls",
    "compile_validator",
    "content_score",
    "gold_calls",
    "gold_from_call",
    "match_calls",
    "normalize_string",
    "pair_calls",
    "parse_completion",
    "parse_message",
    "parse_tool_calls",
    "read_truth",
    "reward_components",
    "says_cannot",
    "score_turn",
    "tool_call_reward",
    "tool_call_reward_func",
    "tools_by_name",
    "validate_call",
]
