"""Slot stage: lowers slot sources to seeded samplers of (surface, value) pairs (input: dsl.ast.Slot; output: Sampler).

A sampler draws from a train pool or a held-out test pool (``docs/language.md``, "Datasets"):

* copy slots (Faker providers, literal choices of 4+ values, ranges) hold out the values whose stable hash
  falls in the test bucket, so test rows ask for values the model never saw in training;
* maps (surface -> value, e.g. ``"明天": +1d``) are never held out: the mapping itself is what the model
  must learn, and a held-out surface could not be learned at all.

Faker access is whitelisted (LANGUAGE.md non-negotiable 2): only public provider methods of the locale's
generator, minus those that return bytes, containers or files (:mod:`compiler.faker_providers`), may be named, with
literal args.
"""

from __future__ import annotations

import datetime as _dt
import contextlib
import decimal
import hashlib
import os
import random
import signal
import threading
import time
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

import orjson

from toolc.dsl import ast
from toolc.user_cache import cache_file, keep, read_json, source_version

from .chat_control import find_chat_control

if TYPE_CHECKING:
    from faker import Faker

@lru_cache(maxsize=None)
def faker_for(locale: str) -> Faker:
    """One Faker per locale (re-seeded for each pool :func:`faker_pool` draws, so sharing is safe and fast).

    Raises:
        AttributeError: for a locale Faker does not know (lowering reports it as a spec error first).
    """
    from faker import Faker  # imported on first use: ~0.1 s a spec without Faker slots does not pay

    return Faker(locale)


@lru_cache(maxsize=1)
def known_locales() -> list[str]:
    """Locales Faker ships (for did-you-mean on ``locale``). Listing them imports ``faker.config``, which imports
    every provider (~40 ms, a fifth of checking a small spec without Faker slots): the list is kept in toolc's cache
    folder per Faker version (:func:`toolc.user_cache.cache_file`), read back without importing Faker."""
    version = source_version("faker")
    path = cache_file(f"faker-locales-{version}.json") if version else None
    stored = read_json(path)
    if isinstance(stored, list) and stored and all(isinstance(x, str) for x in stored):
        return stored
    from faker.config import AVAILABLE_LOCALES

    found = list(AVAILABLE_LOCALES)
    keep(path, orjson.dumps(found))
    return found


def to_json_value(v: Any) -> Any:
    """Converts a Faker/Python value to a JSON scalar: date -> ``YYYY-MM-DD``, datetime -> ISO seconds, Decimal -> float.

    Raises:
        TypeError: for values that are not scalars (lists, bytes, ...).
    """
    if isinstance(v, bool) or v is None or isinstance(v, (str, int)):
        return v
    if isinstance(v, float):
        return v
    if isinstance(v, decimal.Decimal):
        return float(v)
    if isinstance(v, _dt.datetime):
        return v.replace(microsecond=0, tzinfo=None).isoformat()
    if isinstance(v, _dt.date):
        return v.isoformat()
    if isinstance(v, _dt.time):
        return v.replace(microsecond=0).isoformat()
    raise TypeError(f"{type(v).__name__} is not a JSON scalar")


def json_kind(v: Any) -> str:
    """Type tag of a JSON value as toolc types it: string, int, float, bool, date, datetime."""
    if isinstance(v, bool):
        return "bool"
    if isinstance(v, int):
        return "int"
    if isinstance(v, float):
        return "float"
    if isinstance(v, str):
        if _is_date(v):
            return "date"
        if _is_datetime(v):
            return "datetime"
        return "string"
    return type(v).__name__


def _is_date(s: str) -> bool:
    if len(s) != 10 or s[4] != "-" or s[7] != "-":
        return False
    try:
        _dt.date.fromisoformat(s)
        return True
    except ValueError:
        return False


def _is_datetime(s: str) -> bool:
    if len(s) < 19 or s[10] != "T":
        return False
    try:
        _dt.datetime.fromisoformat(s)
        return True
    except ValueError:
        return False


def stable_hash(*parts: Any) -> int:
    """64-bit hash of the parts' text, identical on every machine and Python run (blake2b, not ``hash``)."""
    h = hashlib.blake2b("\x1f".join(str(p) for p in parts).encode("utf-8"), digest_size=8)
    return int.from_bytes(h.digest(), "big")


def stable_hasher(*parts: Any) -> Callable[[Any], int]:
    """``lambda last: stable_hash(*parts, last)`` with the common prefix hashed once (for per-row seeds)."""
    head = hashlib.blake2b("".join(f"{p}\x1f" for p in parts).encode("utf-8"), digest_size=8)

    def hash_with(last: Any) -> int:
        h = head.copy()
        h.update(str(last).encode("utf-8"))
        return int.from_bytes(h.digest(), "big")

    return hash_with


def in_test_bucket(surface: str, percent: float) -> bool:
    """Whether a copy-slot value is held out for the test split (its hash falls in the first ``percent``)."""
    return (stable_hash("holdout", surface) % 10_000) < percent * 100


@dataclass(frozen=True)
class Draw:
    """One sampled slot value: the text the user says and the value the argument receives."""

    surface: str
    value: Any


class Sampler:
    """Draws slot values. ``kind`` is the value's type tag; ``values`` the finite value set, if any.

    Args:
        name: slot name (for messages).
        draw_one: ``(rng, today) -> Draw`` drawing from the full pool.
        kind: value type tag (string/int/float/bool/date/datetime).
        finite: the finite list of draws, when the pool is finite (choices, maps).
        holdout: whether this slot holds out test values (copy slots only).
        lo, hi: numeric range, for range slots.

    ``at_date(day)`` returns the sampler for a build whose reference date is ``day`` (Faker pools are drawn
    with the clock frozen at that date; other samplers do not depend on it).
    """

    def __init__(self, name: str, draw_one: Callable[[random.Random, _dt.date], Draw], kind: str,
                 finite: list[Draw] | None = None, holdout: bool = True,
                 lo: float | None = None, hi: float | None = None) -> None:
        self.name, self._draw_one, self.kind = name, draw_one, kind
        self.finite, self.holdout, self.lo, self.hi = finite, holdout, lo, hi
        self.at_date: Callable[[_dt.date], "Sampler"] = lambda day: self
        #: ``(rng, today) -> value``: a value from the full pool, as ``draw_one(rng, today).value`` (no holdout)
        self.value_one: Callable[[random.Random, _dt.date], Any] = lambda rng, day: draw_one(rng, day).value

    def pools(self, percent: float) -> tuple[list[Draw] | None, list[Draw] | None]:
        """Train and test pools of a finite slot (``None`` for infinite ones, which filter by hash)."""
        if self.finite is None:
            return None, None
        if not self.holdout or percent <= 0 or len(self.finite) < 4:
            return self.finite, self.finite
        ranked = sorted(self.finite, key=lambda d: stable_hash("holdout", d.surface))
        k = max(1, round(len(ranked) * percent / 100))
        test = set(id(d) for d in ranked[:k])
        return [d for d in self.finite if id(d) not in test], [d for d in self.finite if id(d) in test]

    def draw(self, rng: random.Random, today: _dt.date, split: str, percent: float,
             avoid: set[str] | None = None, pools: tuple | None = None) -> Draw:
        """Draws one value for a row of ``split`` (``train``/``test``), avoiding surfaces in ``avoid``.

        Finite slots draw from their split's pool; infinite ones resample until the value's hash bucket
        matches the split (at most 64 tries, then accept: a build never hangs on a tiny value space).
        """
        if pools is None:
            pools = self.pools(percent)
        if self.finite is not None:
            pool = pools[1] if split == "test" else pools[0]
            d = pool[int(rng.random() * len(pool))]
            if avoid and d.surface in avoid:
                rest = [x for x in pool if x.surface not in avoid]
                d = rest[int(rng.random() * len(rest))] if rest else d
            return d
        want_test = split == "test"
        d = self._draw_one(rng, today)
        for _ in range(64):
            if (not self.holdout or percent <= 0 or in_test_bucket(d.surface, percent) == want_test) and \
                    not (avoid and d.surface in avoid):
                return d
            d = self._draw_one(rng, today)
        return d


def _lit_draw(v: Any) -> Draw:
    return Draw(v if isinstance(v, str) else _surface(v), v)


def _surface(v: Any) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, float):
        return repr(v)
    return str(v)


def make_sampler(slot: ast.Slot, locale: str) -> Sampler:
    """Builds the sampler of a (validated) slot; a Faker provider's pool is drawn once (see :func:`faker_pool`).

    Raises:
        TypeError / ValueError: if a Faker provider rejects its arguments or returns a non-scalar
            (lowering turns these into spec errors E204).
    """
    src = slot.source
    name = slot.name
    if isinstance(src, ast.ChoiceSource):
        draws = [_lit_draw(v.value) for v in src.values]
        kinds = {json_kind(d.value) for d in draws}
        kind = kinds.pop() if len(kinds) == 1 else "mixed"
        return Sampler(name, lambda rng, today: draws[int(rng.random() * len(draws))], kind, finite=draws, holdout=True)
    if isinstance(src, ast.MapSource):
        def entry(e: ast.MapEntry, today: _dt.date) -> Draw:
            if isinstance(e.value, ast.RelDate):
                return Draw(e.surface, (today + _dt.timedelta(days=e.value.days)).isoformat())
            return Draw(e.surface, e.value.value)

        entries = src.entries
        kinds = {"date" if isinstance(e.value, ast.RelDate) else json_kind(e.value.value) for e in entries}
        kind = kinds.pop() if len(kinds) == 1 else "mixed"
        has_rel = any(isinstance(e.value, ast.RelDate) for e in entries)
        sampler = Sampler(name, lambda rng, today: entry(entries[int(rng.random() * len(entries))], today), kind,
                          holdout=False)
        if not has_rel:  # finite and date-independent
            sampler.finite = [entry(e, _dt.date(2000, 1, 1)) for e in entries]
        return sampler
    if isinstance(src, ast.RangeSource):
        lo, hi = src.lo, src.hi
        if src.type == "int":
            lo_i, hi_i = int(lo), int(hi)
            finite = [_lit_draw(v) for v in range(lo_i, hi_i + 1)] if hi_i - lo_i < 10_000 else None
            randint = randint_of(lo_i, hi_i)
            sampler = Sampler(name, lambda rng, today: _lit_draw(randint(rng)), "int", finite=finite, lo=lo, hi=hi)
            sampler.value_one = lambda rng, today: randint(rng)
            return sampler
        sampler = Sampler(name, lambda rng, today: _lit_draw(round(rng.uniform(lo, hi), 2)), "float", lo=lo, hi=hi)
        sampler.value_one = lambda rng, today: round(rng.uniform(lo, hi), 2)
        return sampler
    # Faker provider: a seeded pool of distinct values, drawn from by the row's generator. Checking needs
    # only the value type, so lowering draws a small probe pool; a build draws the full pool (`at_date`).
    return _faker_sampler(name, locale, src, PROBE_DATE, PROBE_DRAWS)


def randint_of(lo: int, hi: int) -> Callable[[random.Random], int]:
    """``rng -> rng.randint(lo, hi)``: the same number from the same generator state, drawn the way the standard
    library draws it (``randrange`` -> ``_randbelow_with_getrandbits``: ``getrandbits(k)`` until below the
    width) without its Python-level layers, which cost more than the draw (a build draws such numbers by the
    million). Where the standard library draws differently (another Python) -- checked on a probe -- or the
    range is empty, ``rng.randint`` itself is used."""
    n = hi - lo + 1
    k = n.bit_length()

    def fast(rng: random.Random) -> int:
        getrandbits = rng.getrandbits
        r = getrandbits(k)
        while r >= n:
            r = getrandbits(k)
        return lo + r

    if n > 0 and _RANDINT_MATCHES:
        return fast
    return lambda rng: rng.randint(lo, hi)


def _randint_matches() -> bool:
    """Whether :func:`randint_of`'s draw equals ``random.Random.randint`` on this Python (probe ranges)."""
    for lo, hi in ((0, 0), (1, 6), (0, 999_999), (-5, 1000), (10, 2**40)):
        a, b = random.Random(7), random.Random(7)
        n, k = hi - lo + 1, (hi - lo + 1).bit_length()
        for _ in range(50):
            r = b.getrandbits(k)
            while r >= n:
                r = b.getrandbits(k)
            if a.randint(lo, hi) != lo + r:
                return False
    return True


_RANDINT_MATCHES = _randint_matches()


#: Reference date of the pools lowering builds to learn a provider's value type (builds use ``--today``).
PROBE_DATE = _dt.date(2000, 1, 1)


#: Faker calls of the probe pool lowering uses to learn a provider's value type.
PROBE_DRAWS = 16


def _faker_sampler(name: str, locale: str, src: ast.FakerSource, today: _dt.date, draws_n: int | None = None) -> Sampler:
    values = faker_pool(locale, src.provider, tuple(a.value for a in src.args),
                        tuple((k, v.value) for k, v in src.kwargs), today, draws_n or POOL_DRAWS, span=src.span)
    draws = [_lit_draw(v) for v in values]
    kinds = {json_kind(d.value) for d in draws}
    kind = kinds.pop() if len(kinds) == 1 else "mixed"
    sampler = Sampler(name, lambda rng, today: draws[int(rng.random() * len(draws))], kind, finite=draws,
                      holdout=True)
    sampler.at_date = lambda day: _faker_sampler(name, locale, src, day)
    return sampler


#: Faker calls made to fill one provider's value pool (distinct values are kept, in first-seen order).
POOL_DRAWS = 1000


@contextlib.contextmanager
def frozen_clock(today: _dt.date):
    """Makes Faker's date/time providers see ``today`` (at noon) as the current moment.

    Faker computes ``date_between(start_date="-30d")``, ``date_time()``, ``time()`` ... from the real clock
    (``faker.providers.date_time`` reads ``datetime.now()`` / ``date.today()``); with the clock frozen at the
    build's reference date those values depend on ``--today`` only, so builds are reproducible.
    """
    import faker.providers.date_time as dtmod

    real_datetime, real_date = dtmod.datetime, dtmod.dtdate
    noon = real_datetime.combine(today, _dt.time(12, 0))

    class _Meta(type):  # real dates stay instances of the frozen classes (Faker checks isinstance)
        def __instancecheck__(cls, obj):
            return isinstance(obj, cls.__mro__[1])

    class FrozenDatetime(real_datetime, metaclass=_Meta):
        @classmethod
        def now(cls, tz=None):  # noqa: D102
            return noon.replace(tzinfo=tz) if tz is not None else noon

        @classmethod
        def today(cls):  # noqa: D102
            return noon

    class FrozenDate(real_date, metaclass=_Meta):
        @classmethod
        def today(cls):  # noqa: D102
            return today

    dtmod.datetime, dtmod.dtdate = FrozenDatetime, FrozenDate
    try:
        yield
    finally:
        dtmod.datetime, dtmod.dtdate = real_datetime, real_date


#: Time budget of one pool, in seconds: drawing it (or, for a probe pool, the projection of its fastest calls
#: to :data:`POOL_DRAWS` calls) may take no longer.
POOL_SECONDS = 5.0
#: Size budget of one pool: the most characters of one value, and of all its distinct values together.
MAX_VALUE_CHARS = 10_000
MAX_POOL_CHARS = 4_000_000


class PoolError(ValueError):
    """A Faker pool cannot be drawn: the provider raised, gave a non-scalar, or ran over its time or size budget.

    Attributes:
        span: where the provider is named in the spec (``None`` until a caller that knows it adds it).
        code: the diagnostic code: E204 (arguments, budgets) or E206 (a value holds chat-template control text).
    """

    def __init__(self, message: str, span=None, code: str = "E204") -> None:
        super().__init__(message)
        self.span, self.code = span, code


def faker_pool(locale: str, provider: str, args: tuple = (), kwargs: tuple = (),
               today: _dt.date = PROBE_DATE, draws: int = POOL_DRAWS, span=None) -> tuple[Any, ...]:
    """The distinct values of ``draws`` seeded calls of a Faker provider, as JSON scalars (cached).

    Rows draw from this pool with their own generator: the same values Faker gives, at a fraction of the
    cost of re-seeding Faker per row, and a finite pool makes held-out test values exact. The pool's seed
    derives from (locale, provider, args), so it is identical on every machine.

    Date and time providers see ``today`` as the current date (:func:`frozen_clock`).

    Budgets: drawing a pool may take :data:`POOL_SECONDS` (enforced between calls and, in the main thread,
    inside a call by ``SIGALRM``); no value may exceed :data:`MAX_VALUE_CHARS` characters and the distinct
    values together :data:`MAX_POOL_CHARS`. A probe pool (``draws`` < :data:`POOL_DRAWS`) is also refused
    when its fastest call, or its average value size, projected to :data:`POOL_DRAWS` calls would break a
    budget, so ``toolc check`` reports what a build would meet.

    Args:
        span: where the provider is named, for the error.

    Raises:
        PoolError: the provider raised (any exception: Faker raises ``AssertionError``, ``OverflowError``,
            ``IndexError`` ... for bad arguments), gave a non-scalar, or broke a budget.
    """
    # one cache entry per pool however the arguments are passed (a slot and a result field may share a pool)
    try:
        return _faker_pool(locale, provider, tuple(args), tuple(kwargs), today, draws)
    except PoolError as exc:
        raise PoolError(str(exc), span, exc.code) from None


class _OverTime(Exception):
    """Raised by the ``SIGALRM`` handler inside a Faker call that ran past the pool's time budget."""


@contextlib.contextmanager
def _deadline(seconds: float):
    """Interrupts the block with :class:`_OverTime` after ``seconds`` (main thread, when no timer is set)."""
    usable = (hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
              and signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0))
    if not usable:
        yield
        return
    armed = [True]

    def on_alarm(signum, frame):
        if armed[0]:
            raise _OverTime

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        armed[0] = False
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _call(provider: str, method: Callable, args: tuple, kw: dict) -> Any:
    try:
        raw = method(*args, **kw)
    except _OverTime:
        raise
    except Exception as exc:  # noqa: BLE001 - Faker's own errors for bad arguments are of every kind
        text = str(exc).strip().splitlines()[0][:200] if str(exc).strip() else ""
        raise PoolError(f"faker.{provider} fails with these arguments: {type(exc).__name__}"
                        + (f": {text}" if text else "")) from None
    try:
        return to_json_value(raw)
    except TypeError:
        raise PoolError(f"faker.{provider} gives {type(raw).__name__} values; a slot takes text, numbers, "
                        f"booleans, dates or times") from None


@lru_cache(maxsize=None)
def _faker_pool(locale: str, provider: str, args: tuple, kwargs: tuple, today: _dt.date, draws: int) -> tuple[Any, ...]:
    """:func:`faker_pool` without its span: pools also come from, and go to, the pool store on disk
    (:func:`_stored_pool`): a build's (``draws`` = :data:`POOL_DRAWS`) and the probe pools ``toolc check`` draws of
    result fields, so that neither a warm build nor a warm check imports Faker
    (:func:`compiler.faker_providers.provider_table`)."""
    path = _stored_pool(locale, provider, args, kwargs, today, draws)
    stored = read_json(path)  # missing, unreadable or damaged: drawn again
    if isinstance(stored, list):  # (anything else is not a pool this function wrote)
        return tuple(stored)
    pool = _draw_pool(locale, provider, args, kwargs, today, draws)
    if path is not None:
        try:
            keep(path, orjson.dumps(pool))
        except TypeError:  # an integer beyond 64 bits: this pool is drawn in every build
            pass
    return pool


def _stored_pool(locale: str, provider: str, args: tuple, kwargs: tuple, today: _dt.date, draws: int) -> Path | None:
    """Where a pool of ``draws`` values is kept between builds: ``$XDG_CACHE_HOME/toolc/pools/`` (default
    ``~/.cache``), one JSON list per pool, named by a hash of the pool's arguments and
    :func:`compiler.cache_keys.code_fingerprint` (toolc's code and the versions of Faker and Python: a pool is drawn
    again when any of them changes). Drawing the README build's pools takes ~0.34 s (1,000 seeded Faker calls each),
    reading them ~0.01 s. ``None`` when ``TOOLC_NO_POOL_CACHE`` is set."""
    from .cache_keys import code_fingerprint

    key = hashlib.sha256(repr((code_fingerprint(), locale, provider, args, kwargs, today.isoformat(),
                               draws, MAX_VALUE_CHARS, MAX_POOL_CHARS)).encode()).hexdigest()[:32]
    return cache_file(f"pools/{key}.json")


def _draw_pool(locale: str, provider: str, args: tuple, kwargs: tuple, today: _dt.date, draws: int) -> tuple[Any, ...]:
    fk = faker_for(locale)  # seeding resets all of its random state: the same values as a new Faker's
    fk.seed_instance(stable_hash("faker-pool", locale, provider, args, kwargs))
    method = getattr(fk, provider)
    kw = dict(kwargs)
    seen: dict[Any, None] = {}
    chars = drawn_chars = 0
    fastest = float("inf")
    start = time.perf_counter()
    too_slow = PoolError(f"faker.{provider} with these arguments takes longer than the pool budget of "
                         f"{POOL_SECONDS:g} s for {POOL_DRAWS:,} values")
    try:
        with frozen_clock(today), _deadline(POOL_SECONDS):
            for _ in range(draws):
                t0 = time.perf_counter()
                value = _call(provider, method, args, kw)
                t1 = time.perf_counter()
                fastest = min(fastest, t1 - t0)
                n = len(value) if isinstance(value, str) else 0
                if n and value not in seen:
                    hit = find_chat_control(value)
                    if hit is not None:
                        raise PoolError(f"faker.{provider} gives a value holding chat-template control text "
                                        f"`{hit}`: {value[:80]!r}", code="E206")
                if n > MAX_VALUE_CHARS:
                    raise PoolError(f"faker.{provider} gives values of {n:,} characters; at most "
                                    f"{MAX_VALUE_CHARS:,} are allowed")
                drawn_chars += n
                if value not in seen:
                    seen[value] = None
                    chars += n
                if chars > MAX_POOL_CHARS:
                    raise PoolError(f"faker.{provider} gives values of more than {MAX_POOL_CHARS:,} characters "
                                    f"in all; ask for shorter values")
                if t1 - start > POOL_SECONDS:
                    raise too_slow
    except _OverTime:
        raise too_slow from None
    if draws < POOL_DRAWS and draws:
        if fastest * POOL_DRAWS > POOL_SECONDS:
            raise too_slow
        if drawn_chars / draws * POOL_DRAWS > MAX_POOL_CHARS:
            raise PoolError(f"faker.{provider} gives values of about {drawn_chars // draws:,} characters: "
                            f"{POOL_DRAWS:,} of them would exceed the pool budget of {MAX_POOL_CHARS:,}; "
                            f"ask for shorter values")
    return tuple(seen)
