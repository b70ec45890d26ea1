"""A reply may not state a slot the user could have said and, in this row, did not: "No sushi under $20" to a user
who named no budget states a budget nobody gave. The verification drops such a row (semantic stage, ``unsaid``) and
the manifest counts it (compiler/verify/semantic.py)."""

from __future__ import annotations

from test_behaviours import TODAY, compiled
from toolc.compiler.verify import Verifier

SPEC = """\
locale en_US

tool search "Find places" {
    cuisine: string "Cuisine"
    max_price: int? "Highest price per person"
    returns { found: int(0..3) }
}

slot cuisine = "sushi" | "tacos" | "ramen"
slot budget = 20 | 30 | 40

scenario budgeted {
    user "Any {cuisine} under ${budget}?" | "Any good {cuisine} around?" | "I want {cuisine}"
    call search(cuisine=cuisine, max_price=budget) -> r
    assistant "{r.found} {cuisine} places under ${budget}."
}

scenario said {
    user "Any {cuisine} under ${budget}?" | "Find {cuisine} for at most ${budget} a head"
    call search(cuisine=cuisine, max_price=budget) -> r
    assistant "{r.found} {cuisine} places under ${budget}."
}
"""


def test_a_reply_stating_a_budget_the_user_never_gave_is_dropped(tmp_path):
    prog, ex, verifier = compiled(tmp_path / "u.tool", SPEC)
    kept = dropped = 0
    for seed in range(60):
        for split in ("train", "test"):
            conv = ex.expand(prog.scenarios["budgeted"], seed, split)
            user = conv.messages[1].content
            failure = verifier.failure(conv)
            if "$" in user:  # the user named the budget the reply states
                assert failure is None, failure
                kept += 1
            else:
                assert conv.unsaid == ("budget",)
                assert failure[:2] == ("semantic", "unsaid") and "`budget`" in failure[2]
                dropped += 1
    assert kept and dropped


def test_a_reply_restating_what_the_user_said_is_kept_and_counted(tmp_path):
    prog, ex, _ = compiled(tmp_path / "u.tool", SPEC)
    verifier = Verifier(prog, TODAY)
    for seed in range(30):
        conv = ex.expand(prog.scenarios["said"], seed, "train")
        assert conv.unsaid == () and verifier.check(conv, "said")
    conv = next(c for c in (ex.expand(prog.scenarios["budgeted"], s, "train") for s in range(60)) if c.unsaid)
    assert not verifier.check(conv, "budgeted")
    assert verifier.report.to_json()["stages"]["semantic"]["reasons"] == {"unsaid": 1}  # the manifest entry
