"""Results stage, what a request's text says about time: a search for "2024 Nobel Prize winners" cannot
return pages published in 2022 (input: a text; output: the first day of the latest year it names).

The built-in ``year_start(text)`` (registered in ``compiler/builtins.py``) reads four-digit years from
1900 to 2099 that stand alone in the text (``2024年``, ``report 2024``; not the digits of ``120245`` or ``1999b``) and
gives ``YYYY-01-01`` of the latest, or the value "absent" when the text names no year, so a spec writes
``date(max(start, year_start(query) ?? start)..today)``. Words for the present (``this year``, ``latest``,
``newest``, ``今年``, ``最新``) name the year of the reference date: "the latest iPhone launch" is not a page
from four years ago.
"""

from __future__ import annotations

import re
from typing import Any

from ..builtins import ABSENT

_YEAR = re.compile(r"(?<![0-9A-Za-z])(19\d\d|20\d\d)(?![0-9A-Za-z])")
_PRESENT = re.compile(r"\b(?:this year|latest|newest)\b|今年|本年|最新", re.IGNORECASE)


def year_start(ctx: Any, text: Any) -> Any:
    """``YYYY-01-01`` of the latest year ``text`` names, or ``ABSENT``.

    ``ctx.today`` (the reference date) is the year that ``this year`` / ``latest`` / ``今年`` / ``最新`` name;
    ``ctx`` may be ``None`` when the text names no such word.

    >>> year_start(None, "2024年诺贝尔物理学奖得主"), year_start(None, "climate report 2019 vs 2024")
    ('2024-01-01', '2024-01-01')
    >>> year_start(None, "order 120245") is ABSENT
    True
    """
    if not isinstance(text, str):
        return ABSENT
    years = [int(y) for y in _YEAR.findall(text)]
    if _PRESENT.search(text):
        years.append(ctx.today.year)
    return f"{max(years)}-01-01" if years else ABSENT
