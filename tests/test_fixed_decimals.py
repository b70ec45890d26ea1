"""A reply that writes a result value with fixed decimals (``${fmt(o.amount, 2)}``: ``$1613.60`` for 1613.6, as
money is written) still quotes that value: the verification finds it in the result, the ground truth lists the
written text as a fact, and a ``wrong_fact`` negative writes its other amount with as many decimals
(docs/language.md, built-in functions)."""

from __future__ import annotations

import re

import pytest

from rm_fixtures import wrong_candidates
from test_behaviours import TODAY, compiled, rows
from toolc.compiler.checker.truth import content_score
from toolc.compiler.ground_truth import turn_truth

SPEC = """\
locale en_US

tool query_orders "List the largest orders" {
    limit: int(1..20) "How many orders"
    returns { rows: list[{ id: int(1000..9999), amount: float(1..500) }](limit) }
}

slot n = int(2..6)

scenario top {
    user "List the {n} largest orders"
    call query_orders(limit=n) -> q
    assistant "The {len(q.rows)} largest:{for o in q.rows}\\n- #{o.id}: ${fmt(o.amount, 2)}{endfor}"
}

scenario first {
    user "What is the largest of the top {n} orders?"
    call query_orders(limit=n) -> q
    assistant "#{q.rows[0].id}, at ${fmt(q.rows[0].amount, 2)}."
}
"""


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    return compiled(tmp_path_factory.mktemp("decimals") / "d.tool", SPEC)


def test_an_amount_written_to_the_cent_quotes_the_amount_the_tool_returned(built):
    prog = built[0]
    for conv in rows(built, "top", 20):
        amounts = [o["amount"] for o in conv.calls[0].result["rows"]]
        reply = conv.messages[-1].content
        assert re.findall(r"\$(\S+)", reply) == [f"{a:.2f}" for a in amounts]
        quoted = [q for q in conv.quotes[len(conv.messages) - 1] if q[3] is not None]
        assert [(base, value, text, decimals) for base, value, text, decimals in quoted] == \
            [("q", a, f"{a:.2f}", 2) for a in amounts]
        truth = turn_truth(prog, prog.scenarios["top"], conv, conv.decisions[-1], TODAY)
        assert [f"{a:.2f}" for a in amounts] == [f for f in truth.facts if "." in f]
        assert content_score(truth, reply) == 1.0
        plain = re.sub(r"\$(\d+\.\d+)", lambda m: "$" + str(float(m.group(1))), reply)  # $12.50 as $12.5
        assert content_score(truth, plain) == 1.0


def test_the_verification_reads_the_amount_behind_the_text(built):
    """A quote of an amount the result does not hold fails the semantic check, however it is written."""
    prog, ex, verifier = built
    conv = rows(built, "first", 1)[0]
    index = len(conv.messages) - 1
    base, value, text, decimals = next(q for q in conv.quotes[index] if q[3] is not None)
    conv.quotes[index] = [(base, value + 1000, text, decimals)]
    stage, reason, detail = verifier.failure(conv)
    assert (stage, reason) == ("semantic", "quote") and "not in the result `q`" in detail


def test_a_wrong_amount_is_written_to_the_cent_as_well(built):
    """A ``wrong_fact`` negative that swaps an amount writes the other one as the reply wrote its own (``$218.40``,
    not ``$218.4``): a form no right answer takes would teach a reward model the form, not the fact."""
    prog, ex, _ = built
    swapped = 0
    for conv in rows(built, "top", 12):
        d = conv.decisions[-1]
        chosen = conv.messages[d.index].content
        for c in wrong_candidates((prog, ex), "wrong_fact", conv, d):
            new = c.message.content
            assert all(re.fullmatch(r"\d+\.\d\d", a) for a in re.findall(r"\$(\S+)", new)), new
            swapped += re.findall(r"\$(\S+)", new) != re.findall(r"\$(\S+)", chosen)
    assert swapped >= 12
