"""Years a request names (compiler/simulate/mentions.py): search results about a year do not predate it."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

from toolc.compiler.builtins import ABSENT, BUILTINS


def test_the_latest_standalone_year_a_text_names():
    fn = BUILTINS["year_start"].fn
    assert fn(None, "2024年诺贝尔物理学奖得主") == "2024-01-01"
    assert fn(None, "climate change report 2019 vs 2024") == "2024-01-01"
    assert fn(None, "order 120245 and room 1999b") is ABSENT      # digits inside longer numbers or words are no year
    assert fn(None, "how to improve sleep quality") is ABSENT
    assert fn(None, ABSENT) is ABSENT


def test_words_for_the_present_name_the_reference_year():
    ctx = SimpleNamespace(today=dt.date(2026, 12, 2))
    fn = BUILTINS["year_start"].fn
    for text in ("latest advances in AI", "best-selling electric cars this year", "今年高考作文题目", "最新的iPhone发布会",
                 "The newest phones"):
        assert fn(ctx, text) == "2026-01-01", text
    assert fn(ctx, "2030 climate goals, latest") == "2030-01-01"   # the later of the two
    assert fn(ctx, "palatest") is ABSENT                           # a word, not part of one
