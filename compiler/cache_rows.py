"""Build stage, incremental builds: the cache entry of a scenario's kept rows (input: per merged row its split,
offered tools, places in the files, facts and record span; output: the entry's ``at``, ``n``, ``left``, ``tools``,
``facts``, ``records``, ``count`` and ``rows``, :mod:`compiler.cache`'s index) and back (:func:`unpack`, for
:class:`compiler.reuse.Replay`)."""

from __future__ import annotations

from typing import Any

import orjson

__all__ = ["Packer", "pack", "unpack"]


def pack(rows: list[list], formats: list[str]) -> dict[str, Any]:
    """The cache entry of a scenario's kept rows, except its key and counts (:class:`Packer` over ``rows``).

    Args:
        rows: per kept row, in order, ``[split, offered tool names, places, facts, [start, stop)]``
            (:meth:`Packer.add`).
        formats: the build's format names.
    """
    packer = Packer(formats)
    for row in rows:
        packer.add(*row)
    return packer.entry()


class Packer:
    """Makes the cache entry of a scenario's kept rows (except its key and counts) as the rows are merged, one
    at a time: each row is kept as its JSON text only (no Python objects per row, which the cyclic garbage
    collector would scan while the build goes on; :func:`compiler.generate.gc_for_rows`), and the entry is ready
    when the scenario closes.

    Args:
        formats: the build's format names.
    """

    __slots__ = ("at", "base", "count", "facts", "formats", "left", "n", "rows", "stop", "tools")

    def __init__(self, formats: list[str]) -> None:
        self.formats = formats
        self.at: dict[str, int] = {}
        self.n: dict[str, int] = {}
        self.left: dict[str, dict[str, int]] = {}
        self.tools: set[str] = set()
        self.facts: dict[bytes, list] = {}
        self.rows = bytearray(b"[")  # the rows' JSON text so far (one buffer: orjson's bytes keep ~4 KiB each)
        self.count = 0
        self.base: int | None = None
        self.stop = 0

    def add(self, split: str, offered: list[str], places: list, fact: Any, span: list[int]) -> None:
        """Adds the next kept row: its split, the names of the tools it offers, per format its position in its
        ``{format}/{split}`` file (or the construct it was left out for), its
        :func:`compiler.generate.row_facts` and its record's byte span ``[start, stop)`` in the records file."""
        if self.base is None:
            self.base = span[0]
        base = self.base
        self.tools.update(offered)
        rel: list = []
        at, n = self.at, self.n
        for fmt, p in zip(self.formats, places):
            if isinstance(p, str):
                counts = self.left.setdefault(fmt, {})
                counts[p] = counts.get(p, 0) + 1
                rel.append(p)
                continue
            k = f"{fmt}/{split}"
            first = at.setdefault(k, p)
            n[k] = n.get(k, 0) + 1
            rel.append(p - first)
        b = orjson.dumps(fact)
        hit = self.facts.get(b)
        if hit is None:
            self.facts[b] = [fact, 1]
        else:
            hit[1] += 1
        if self.count:
            self.rows += b","
        self.rows += orjson.dumps([split, offered, rel, orjson.Fragment(b), span[0] - base, span[1] - base])
        self.count += 1
        self.stop = span[1]

    def entry(self) -> dict[str, Any]:
        """``at`` / ``n``: per ``{format}/{split}`` the position of the scenario's first row there and its rows (a
        scenario's rows are consecutive in every file); ``left``: per format the rows left out, by construct;
        ``tools``: every tool its rows offer; ``facts``: ``[facts, rows]`` pairs (what the manifest counts);
        ``records``: its byte range in the records file; ``count``; ``rows``: the rows as JSON text with places
        and spans relative to ``at`` and ``records`` (so a reused scenario's text is kept as it is, and
        ``index.json`` loads without making an object per row)."""
        base = 0 if self.base is None else self.base
        return {"at": self.at, "n": self.n, "left": self.left, "tools": sorted(self.tools),
                "facts": list(self.facts.values()),
                "records": [base, self.stop + 1 if self.count else base], "count": self.count,
                "rows": (self.rows + b"]").decode()}


def unpack(entry: dict[str, Any], formats: list[str]) -> list[list]:
    """The rows :func:`pack` packed (``formats``: the build's that packed them), with absolute places and spans."""
    at, base = entry["at"], entry["records"][0]
    rows = []
    for split, offered, rel, fact, a, b in orjson.loads(entry["rows"]):
        places = [p if isinstance(p, str) else at[f"{fmt}/{split}"] + p for fmt, p in zip(formats, rel)]
        rows.append([split, offered, places, fact, [base + a, base + b]])
    return rows
