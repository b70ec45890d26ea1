"""Build stage, incremental builds: a changed tool's definition swapped in the rows kept from the previous build, a
run of rows at a time (input: the previous file's bytes and Arrow rows, :mod:`compiler.reuse`; output: the same
rows as a full build writes them).

A format whose tool columns are lists of the offered tools' definitions (:meth:`Writer.tool_columns` with the
function ``list``, e.g. OpenAI's ``tools``) writes, in a row offering a tool, that tool's definition as one list
item: its JSON text (``orjson.dumps`` of the definition, items joined by commas) and one Arrow struct. A row kept
from the previous build whose offered tools changed is then the previous row with each changed tool's item
replaced. :class:`ToolSwap` replaces them in a whole run of rows at once -- every old text in the run's JSONL
bytes, every old item of the run's Arrow list columns -- rather than row by row.
"""

from __future__ import annotations

from typing import Any, Callable

import orjson

__all__ = ["ToolSwap"]


class ToolSwap:
    """The changed tools of one format whose tool columns are all lists of definitions.

    Args:
        columns: the format's tool columns (names; each one's function is ``list``).
        old, new: tool name -> definition (as offered) in the previous build and in this one, for every changed tool
            whose previous definition is known.
        encoder: the format's :class:`compiler.files.RowEncoder` (encodes the new definitions as Arrow items).
        patch: ``offered -> patch``, :meth:`compiler.reuse.Replay._patch` for this format: what replaces a row's tool
            columns when a run cannot be swapped whole (:meth:`write` returned ``None``).

    Attributes:
        changed: tool name -> (its item's index in the new items, previous JSON text, new JSON text).
    """

    def __init__(self, columns: list[str], old: dict[str, Any], new: dict[str, Any], encoder,
                 patch: Callable[[list[str]], list[tuple]]) -> None:
        names = sorted(new)
        self.columns, self.patch = list(columns), patch
        self.changed = {n: (i, orjson.dumps(old[n]), orjson.dumps(new[n])) for i, n in enumerate(names)}
        self._encoder, self._new, self._items = encoder, [new[n] for n in names], None

    def covers(self, offered: list[str], same: set[str]) -> bool:
        """Whether a row offering ``offered`` is its previous row with items swapped: each tool is unchanged
        (``same``) or a changed tool of this swap."""
        changed = self.changed
        return all(n in changed or n in same for n in offered)

    def write(self, lines, a: int, b: int, batch, rows: list[tuple[int, list[str]]]):
        """A run of previous rows with the changed tools' items swapped, or ``None`` when the run does not hold them
        as this class expects (the caller replaces the rows' columns one by one instead).

        Args:
            lines: the previous JSONL file (:class:`compiler.cache.Source`'s ``lines``).
            a, b: the run: the previous rows ``[a, b)``.
            batch: the run's Arrow rows (a ``pyarrow.RecordBatch``).
            rows: ``(row's index in the run, offered tools)`` for each row offering a changed tool, ascending.

        Returns:
            ``(parts, batch)``: the run as a full build writes it, its JSONL as
            :meth:`compiler.files.SplitWriter.add_parts` takes it (the bytes between old texts copied from the
            previous file, the new texts in their place). The JSONL swap is taken only when each old text occurs in
            each row that offers its tool exactly as many times as the row offers it (one item per list column,
            nowhere else in the row: a definition's JSON text is an object, which no string value holds unescaped);
            the rows that offer no changed tool are not searched (their bytes are what a full build writes). The
            Arrow swap is taken only when each such row's list has one item per offered tool.
        """
        import numpy as np
        import pyarrow as pa

        changed, per_column = self.changed, len(self.columns)
        start, stop = lines.offsets(a, b)
        hits: list[tuple[int, int, bytes]] = []
        for i, offered in rows:  # the rows that offer a changed tool: only their own lines are searched
            line_start, line_stop = lines.offsets(a + i, a + i + 1)
            for n in set(offered):
                hit = changed.get(n)
                if hit is None:
                    continue
                _, old, new = hit
                found = lines.find_all(old, line_start, line_stop, release=False)
                if len(found) != offered.count(n) * per_column:
                    return None
                hits.extend((p, len(old), new) for p in found)
        lines.release(stop)
        hits.sort()
        parts: list = []
        fd, cur = lines.fd, start
        for p, size, new in hits:
            if p > cur:
                parts.append((fd, cur, p))
            parts.append(new)
            cur = p + size
        if cur < stop:
            parts.append((fd, cur, stop))
        if self._items is None:
            self._items = {col: self._encoder.column(col, [self._new]).flatten() for col in self.columns}
        for col in self.columns:
            j = batch.schema.get_field_index(col)
            lists = batch.column(j)
            if not pa.types.is_list(lists.type):
                return None
            offsets = np.asarray(lists.offsets, dtype=np.int64)
            offsets = offsets - offsets[0]
            flat = lists.flatten()
            size = len(flat)
            take = np.arange(size, dtype=np.int32)
            for i, offered in rows:
                at = int(offsets[i])
                if offsets[i + 1] - at != len(offered):
                    return None
                for k, n in enumerate(offered):
                    hit = changed.get(n)
                    if hit is not None:
                        take[at + k] = size + hit[0]
            items = pa.concat_arrays([flat, self._items[col]]).take(pa.array(take))
            swapped = pa.ListArray.from_arrays(pa.array(offsets.astype(np.int32)), items, type=lists.type,
                                               mask=lists.is_null() if lists.null_count else None)
            batch = batch.set_column(j, batch.schema.field(j), swapped)
        return parts, batch
