"""Helpers of the RM pair tests: conversations of a scenario, a decision of a kind, the wrong candidates of a label."""

from __future__ import annotations

import datetime as dt
import random

from toolc.compiler.ground_truth import gold_calls
from toolc.compiler.pairs import is_wrong
from toolc.compiler.perturb import applicable, candidates

TODAY = dt.date(2026, 12, 2)


def conversations(setup, scenario, n=12):
    prog, ex = setup
    return [ex.expand(prog.scenarios[scenario], seed, "train") for seed in range(n)]


def decision(conv, expect):
    return next(d for d in conv.decisions if d.expect == expect)


def wrong_candidates(setup, label, conv, d):
    prog, ex = setup
    assert applicable(label, conv, d, prog), label
    found = candidates(label, conv, d, ex, random.Random(0))
    gold = gold_calls(prog, conv, d, ex.today) if d.expect == "call" else ()
    wrong = [c for c in found if is_wrong(c.message, d, conv, label, gold)]
    assert wrong, (label, found)
    return wrong
