"""Limits: the documented ranges of a build's option values and their checks (input: option values; output: the value or UsageError).

One place for the command line (argparse types, argparse-style messages) and :func:`toolc.compiler.build.build`
(library callers get the same check as :class:`~toolc.errors.UsageError`). The ranges:

* row counts (``--sft``, ``--rm``, ``--ppo``): whole numbers ``0..MAX_ROWS``;
* ``--test-percent``: a finite number in ``[0, 100)``;
* ``--seed``: a whole number ``0..MAX_SEED`` (a signed 64-bit integer, what numpy and torch seeds take);
* ``--today``: a date in ``MIN_TODAY..MAX_TODAY``. Every date a build computes lies within
  ``MAX_DATE_OFFSET_DAYS`` of it (relative dates in maps are at most ``MAX_RELATIVE_DAYS`` away, see
  ``docs/language.md``; generated result dates within a week; perturbed dates one day off), so every one of
  them stays inside Python's ``date`` range (years 1..9999) with centuries to spare.
"""

from __future__ import annotations

import datetime as _dt
import math

from .errors import UsageError

__all__ = ["MAX_DATE_OFFSET_DAYS", "MAX_RELATIVE_DAYS", "MAX_ROWS", "MAX_SEED", "MAX_TODAY", "MIN_TODAY",
           "check_count", "check_percent", "check_seed", "check_today"]

#: Most rows of one kind a build may be asked for.
MAX_ROWS = 1_000_000_000
#: Largest seed.
MAX_SEED = 2**63 - 1
#: Farthest a relative date in a map (``+1d``, ``-2w``) may lie from the reference date, in days.
MAX_RELATIVE_DAYS = 36_500
#: Farthest any date a build computes lies from the reference date, in days (relative dates plus a week).
MAX_DATE_OFFSET_DAYS = MAX_RELATIVE_DAYS + 8
#: Range of the reference date (``--today``).
MIN_TODAY = _dt.date(1000, 1, 1)
MAX_TODAY = _dt.date(8999, 12, 31)

assert _dt.date.min + _dt.timedelta(days=MAX_DATE_OFFSET_DAYS) < MIN_TODAY
assert MAX_TODAY + _dt.timedelta(days=MAX_DATE_OFFSET_DAYS) < _dt.date.max


def check_count(n: int, option: str = "count") -> int:
    """Returns ``n`` if it is a row count in ``0..MAX_ROWS``.

    Raises:
        UsageError: otherwise (the message names ``option``).
    """
    if isinstance(n, bool) or not isinstance(n, int) or not 0 <= n <= MAX_ROWS:
        raise UsageError(f"{option}: expected a row count from 0 to {MAX_ROWS:_}, got {n!r}")
    return n


def check_percent(x: float, option: str = "test percent") -> float:
    """Returns ``x`` as a float if it is finite and in ``[0, 100)``.

    Raises:
        UsageError: otherwise.
    """
    try:
        value = float(x)
    except (TypeError, ValueError, OverflowError):
        raise UsageError(f"{option}: expected a number from 0 up to (not including) 100, got {x!r}") from None
    if isinstance(x, bool) or not math.isfinite(value) or not 0 <= value < 100:
        raise UsageError(f"{option}: expected a number from 0 up to (not including) 100, got {x!r}")
    return value


def check_seed(n: int, option: str = "seed") -> int:
    """Returns ``n`` if it is a seed in ``0..MAX_SEED``.

    Raises:
        UsageError: otherwise.
    """
    if isinstance(n, bool) or not isinstance(n, int) or not 0 <= n <= MAX_SEED:
        raise UsageError(f"{option}: expected a whole number from 0 to {MAX_SEED}, got {n!r}")
    return n


def check_today(day: _dt.date, option: str = "today") -> _dt.date:
    """Returns ``day`` if it is a reference date in ``MIN_TODAY..MAX_TODAY``.

    Raises:
        UsageError: otherwise.
    """
    if not isinstance(day, _dt.date) or isinstance(day, _dt.datetime) or not MIN_TODAY <= day <= MAX_TODAY:
        raise UsageError(f"{option}: expected a date from {MIN_TODAY} to {MAX_TODAY}, got {day!s}")
    return day
