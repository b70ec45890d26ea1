"""Years a request names (compiler/simulate/mentions.py): search results about a year do not predate it."""

from __future__ import annotations

from toolc.compiler.builtins import ABSENT, BUILTINS


def test_the_latest_standalone_year_a_text_names():
    fn = BUILTINS["year_start"].fn
    assert fn(None, "2024年诺贝尔物理学奖得主") == "2024-01-01"
    assert fn(None, "climate change report 2019 vs 2024") == "2024-01-01"
    assert fn(None, "order 120245 and room 1999b") is ABSENT      # digits inside longer numbers or words are no year
    assert fn(None, "latest advances in AI") is ABSENT
    assert fn(None, ABSENT) is ABSENT
