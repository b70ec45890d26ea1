"""Expansion stage, the facts of the replies not written: what each other alternative of a reply would quote in this
row (input: the row being expanded and the reply's compiled templates; output: one tuple of fact texts per
alternative).

A reply step offers alternatives (``"I found 3 files: ..." | "3 files, exported to ..."``) and a row writes one of
them; its ground truth (:func:`compiler.ground_truth.turn_truth`) lists the result values that one quotes, which a
right answer mentions. Another alternative is as right, yet quotes other values: an answer written like it earned a
fraction of the facts (``zh.db.query``: the export path and counts against the rows' ids, names and dates). So the
truth also keeps, per other alternative, the values it would quote in this row (``or_facts``), and a reward takes
the best of them (:func:`compiler.checker.truth.content_score`).

Only what an alternative quotes for sure counts: its ``[optional]`` parts and ``(choices)`` are left out, and an
alternative this row cannot write (a list item it lacks) gives nothing. The walk draws from a generator of its own
and puts back every slot it drew, so the row -- its random stream, its draws -- is exactly what it was.
"""

from __future__ import annotations

import random
from typing import Any

from .builtins import ABSENT, BuiltinError
from .conversation import ExpansionError
from .exprs import text_of
from .plan import EXPR, FOR, RESULT, SLOT


def other_facts(row: Any, templates: tuple, choices: tuple[int, ...], written: int) -> tuple[tuple[str, ...], ...]:
    """Per alternative of ``choices`` other than ``written`` (indices into ``templates``, compiled parts of
    :class:`compiler.plan.TemplateCompiler`) that quotes anything in this row, the texts it quotes, without repeats;
    alternatives that quote the same are given once. ``row``: the :class:`compiler.expand._Row` being expanded."""
    rng, draws, drawn = row.rng, row.draws, row.drawn
    row.rng = random.Random(row.seed ^ 0x5F3759DF)
    row.draws, row.drawn = dict(draws), {k: set(v) for k, v in drawn.items()}
    out: list[tuple[str, ...]] = []
    try:
        for i in choices:
            if i == written:
                continue
            facts: list[str] = []
            try:
                _quoted(row, templates[i], facts)
            except (ExpansionError, BuiltinError, LookupError, TypeError):
                continue  # an alternative this row could not have written
            got = tuple(dict.fromkeys(f for f in facts if f.strip()))
            if got and got not in out:
                out.append(got)
    finally:
        row.rng, row.draws, row.drawn = rng, draws, drawn
    return tuple(out)


def _quoted(row: Any, parts: tuple, facts: list[str]) -> None:
    """Appends the texts of the result values ``parts`` quote for sure (as :meth:`compiler.expand._Row.render`
    quotes them: results, result-valued expressions, a loop's items)."""
    for p in parts:
        k = p[0]
        if k == SLOT:
            if p[2] and p[1] in row.results:  # `{w}`: a bound result (or a loop's item) by its name alone
                facts.append(text_of(row.results[p[1]]))
        elif k == RESULT:
            facts.append(text_of(row.lookup(p[1], p[2])))
        elif k == EXPR:
            if p[2] is not None:  # a value taken from a result unchanged, or `{today}`
                value = p[1](row)
                if value is ABSENT:
                    raise LookupError("an absent value")
                facts.append(text_of(value))
        elif k == FOR:
            items = row.lookup(p[2], p[3])
            if not isinstance(items, list):
                raise LookupError("no list")
            try:
                for item in items:
                    row.results[p[1]] = item
                    _quoted(row, p[4], facts)
            finally:
                row.results.pop(p[1], None)
        # text and a slot's words or value quote no result; optional parts and choices are not said for sure
