"""Property tests through the whole checker and the expander: mutated bundled specs give spec errors only.

One file of the bundled spec tree is mutated (token deletes, inserts, duplicates, swaps, truncation; the
others stay as they are), then ``compiler.build.check`` runs on the tree. Whatever the mutation, the
result is a list of :class:`~dsl.diagnostics.SpecError` s or a valid program -- and a valid program
expands into rows without any other exception (invalid rows surface as ``BuildError``).
"""

from __future__ import annotations

import datetime as dt
import shutil
from dataclasses import replace
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from toolc.compiler.build import BuildError, Options, check, resolve_plan
from toolc.compiler.expand import ExpansionError
from toolc.compiler.generate import Generator
from toolc.dsl import ast
from toolc.dsl.diagnostics import CODES
from test_fuzz_parse import EDITS, TOKEN_RE, mutate

ROOT = Path(__file__).resolve().parent.parent
SPECS = sorted((ROOT / "specs").glob("*.tool"))
TEXTS = {p.name: p.read_text(encoding="utf-8") for p in SPECS}
# identifiers that occur in the specs: swapping one name for another is the mutation that reaches the checker
NAMES = sorted({t for text in TEXTS.values() for t in TOKEN_RE.findall(text) if t.isidentifier() and len(t) > 2})


@st.composite
def mutated_tree(draw) -> tuple[str, str]:
    name = draw(st.sampled_from(sorted(TEXTS)))
    text = mutate(draw, TOKEN_RE.findall(TEXTS[name]), NAMES, ["rename", "rename", *EDITS], 3)
    return name, text


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                  HealthCheck.function_scoped_fixture])
@given(mutated_tree())
def test_mutated_spec_trees_give_spec_errors_or_valid_rows(tmp_path_factory, case):
    name, text = case
    tree = tmp_path_factory.mktemp("tree")
    for p in SPECS:
        shutil.copy(p, tree / p.name)
    (tree / name).write_text(text, encoding="utf-8")
    prog, diags = check([tree / "main.tool"])  # must not raise
    for e in diags.errors:
        assert e.code in CODES and e.message
    diags.render()
    diags.render("json")
    if diags:
        return
    plan = resolve_plan(prog, Options(), diags)
    if plan is None:
        return
    one = ast.Count(n=1, each=True)  # one row of every scenario and kind
    gen = Generator(prog, replace(plan, sft=one, rm=one, ppo=one), dt.date(2025, 4, 23))
    try:
        for kind in ("sft", "rm", "ppo"):
            for rec in gen.records(kind):
                assert rec.messages
    except (ExpansionError, BuildError):
        pass
