"""Build stage, shards' spool: a worker's encoded rows handed to the parent through a file of its own instead of the
result pipe (input: a shard's JSONL lines and Arrow batch per ``(format, split)``; output: the JSONL byte ranges
and the Arrow rows the split writers append).

Sent through the pipe, a shard's rows were pickled by the worker and unpickled by the parent, with two kernel
copies between: measured on 100k SFT ``openai`` rows at ``--jobs 2``, 785 MB pickled, 0.9 s of each worker's and
~1.2 s of the parent's CPU. Spooled, a worker writes each ``(format, split)``'s JSONL bytes and then its batch as
an Arrow IPC stream (https://arrow.apache.org/docs/format/Columnar.html#ipc-streaming-format) to one file per
task in the build's staging directory, and sends only where they lie (:class:`Spooled`). The parent reads the
Arrow rows back (one copy, where the pipe made two and pickling two more), has the kernel copy the JSONL bytes
into the output file (:func:`compiler.files.copy_range`), and removes the file once it holds it open; the space
is freed when the last reader lets go. Files of shards the merge never reads (computed past a scenario's end) go
with the spool directory (:class:`compiler.shards.Workers` removes it). The bytes written are those the pipe
carried: the output is the same.

A task of several small shards (:func:`compiler.shards.compute_group`) encodes their rows together and writes one
file: each ``(format, split)`` once, its Arrow rows one batch, of which each shard's entry names its slice
(:func:`share`). Per shard, the README build's 20-row SFT shards cost ~200 us a row in encoders, Arrow streams and
files of their own (five formats, two splits: ten batches of one to twenty rows), ~80 in 100-row batches. The
parent keeps such a file open, and its batches read, until each member was read (:func:`open_result`).
"""

from __future__ import annotations

import os
from array import array
from dataclasses import dataclass
from itertools import count
from pathlib import Path
from typing import Any

__all__ = ["Spooled", "close_shared", "open_result", "share", "take_rows", "write_result"]

_NAMES = count()


@dataclass(frozen=True)
class Spooled:
    """Where one ``(format, split)``'s rows of a shard lie in its spool file.

    Attributes:
        path: the spool file (one per task, every ``(format, split)`` of its shards).
        starts: byte offsets of the rows' JSONL lines in the file, one per row and the end of the last (each line
            ends with its newline).
        ipc: ``[start, stop)`` of the Arrow IPC stream holding the rows as one record batch.
        first: where the shard's rows begin in that batch (0 unless the task's shards share it).
        members: how many shards' entries name the file (1: this shard's alone).
    """

    path: str
    starts: array
    ipc: tuple[int, int]
    first: int = 0
    members: int = 1

    def __len__(self) -> int:
        return len(self.starts) - 1


def write_result(encoded: dict[tuple[str, str], tuple[list[bytes], Any]], directory: Path) -> dict:
    """Writes a shard's encoded rows (``(format, split) -> (JSONL lines, Arrow batch)``) to a new file in
    ``directory`` (the worker's side); returns ``(format, split) -> Spooled``.

    Raises:
        OSError: the file cannot be written (a full disk): the build stops with it, as with any write.
    """
    import pyarrow as pa

    from .files import naming_errors

    path = str(directory / f"{os.getpid()}-{next(_NAMES)}")
    out: dict[tuple[str, str], Spooled] = {}
    with naming_errors(Path(path)), pa.OSFile(path, "wb") as sink:
        for key, (lines, batch) in encoded.items():
            at = sink.tell()
            starts = array("q", [at])
            for line in lines:
                at += len(line) + 1
                starts.append(at)
            if lines:
                sink.write(b"\n".join(lines) + b"\n")
            begin = sink.tell()
            with pa.ipc.new_stream(sink, batch.schema) as stream:
                stream.write_batch(batch)
            out[key] = Spooled(path, starts, (begin, sink.tell()))
    return out


def share(whole: dict[tuple[str, str], Spooled], spans: list[dict[tuple[str, str], tuple[int, int]]]) -> list[dict]:
    """The entries of the shards whose rows :func:`write_result` wrote together (``whole``, in the shards' order):
    per shard, ``(format, split) -> Spooled`` of its ``(first row, rows)`` span of each batch (``spans``)."""
    members = sum(1 for span in spans if span)  # (a shard without rows is never opened)
    return [{key: Spooled(whole[key].path, whole[key].starts[first:first + n + 1], whole[key].ipc, first, members)
             for key, (first, n) in span.items()} for span in spans]


class _Shared:
    """A spool file several shards' entries name, open in this process: its descriptor (the file is removed once
    open), the batches read from it by IPC range, and how many members are still to be read."""

    __slots__ = ("batches", "fd", "left")

    def __init__(self, fd: int, left: int) -> None:
        self.fd, self.left, self.batches = fd, left, {}


#: Spool files of several shards, by path, until their last member is read (or :func:`close_shared`).
_SHARED: dict[str, _Shared] = {}


def close_shared() -> None:
    """Closes the spool files kept open for members never read (shards computed past a scenario's end)."""
    while _SHARED:
        os.close(_SHARED.popitem()[1].fd)


def open_result(encoded: dict, picked: dict[tuple[str, str], list[int]]) -> dict[tuple[str, str], tuple]:
    """The parts a split writer appends for the rows ``picked`` (``(format, split) -> positions``, ascending) of a
    shard: ``(format, split) -> (parts, batch, release)`` for :meth:`compiler.files.SplitWriter.add_parts`.

    Rows a worker spooled (:class:`Spooled` entries): ``parts`` are the picked rows' JSONL byte ranges
    ``(fd, start, stop)`` in its file, ``batch`` their Arrow rows read back, ``release`` closes ``fd`` once the
    ranges are copied; the file is removed once open (what it holds lives while ``fd`` does). A file several shards
    share (:func:`share`) is opened once, each member's ``fd`` a duplicate of it, its batches read once; it is closed
    after its last member (or by :func:`close_shared`). Rows made in this process (``(lines, batch)`` entries:
    ``jobs == 1``, RM rows): ``parts`` is the picked lines' bytes, ``release`` ``None``."""
    import pyarrow as pa

    out: dict[tuple[str, str], tuple] = {}
    first = next(iter(encoded.values()), None)
    if type(first) is not Spooled:
        for key, positions in picked.items():
            lines, batch = encoded[key]
            if len(positions) != len(lines):
                lines, batch = [lines[p] for p in positions], take_rows(batch, positions)
            out[key] = ([b"\n".join(lines) + b"\n"] if lines else [], batch, None)
        return out
    shared = None
    if first.members > 1:
        shared = _SHARED.get(first.path)
        if shared is None:
            shared = _SHARED[first.path] = _Shared(os.open(first.path, os.O_RDONLY), first.members)
            os.unlink(first.path)
        shared.left -= 1
    try:
        for key, positions in picked.items():
            sp: Spooled = encoded[key]
            release = _closer(os.open(sp.path, os.O_RDONLY) if shared is None else os.dup(shared.fd))
            out[key] = ([], None, release)  # held from here: released below if what follows fails
            batch = None if shared is None else shared.batches.get(sp.ipc)
            if batch is None:
                start, stop = sp.ipc
                # read, not mapped: a mapped batch would keep its whole file's pages counted as this process's
                # memory while the writer holds it (a test split's row group gathers rows from every shard)
                batch = pa.ipc.open_stream(os.pread(release.fd, stop - start, start)).read_next_batch()
                if shared is not None:
                    shared.batches[sp.ipc] = batch
            if shared is not None:
                batch = batch.slice(sp.first, len(sp))
            if len(positions) != len(sp):
                batch = take_rows(batch, positions)
            out[key] = (_ranges(release.fd, sp.starts, positions), batch, release)
    except BaseException:
        for _, _, release in out.values():
            release()
        raise
    finally:
        if shared is None:
            os.unlink(first.path)
        elif shared.left <= 0:
            os.close(_SHARED.pop(first.path).fd)
    return out


def take_rows(batch: Any, positions: list[int]) -> Any:
    """The rows at ``positions`` (ascending) of an Arrow record batch, as one batch: the runs of consecutive rows
    sliced (views) and concatenated. ``RecordBatch.take`` gives the same rows, but its first call imports
    ``pyarrow.compute`` (~60 ms: every kernel's wrapper is made at import), which a build's merge needs for nothing
    else; the rows a merge leaves out (duplicates, a scenario's rows past its quota) are few and together."""
    import pyarrow as pa

    runs = [batch.slice(start, stop - start) for start, stop in _runs(positions)]
    if len(runs) == 1:
        return runs[0]
    return pa.concat_batches(runs) if runs else batch.slice(0, 0)


def _ranges(fd: int, starts: array, positions: list[int]) -> list[tuple[int, int, int]]:
    """The byte ranges of the lines at ``positions`` (ascending), consecutive lines joined into one range."""
    return [(fd, starts[start], starts[stop]) for start, stop in _runs(positions)]


def _runs(positions: list[int]) -> list[tuple[int, int]]:
    """``[start, stop)`` of each run of consecutive numbers in ``positions`` (ascending)."""
    runs: list[tuple[int, int]] = []
    first = last = -2
    for p in positions:
        if p != last + 1:
            if first >= 0:
                runs.append((first, last + 1))
            first = p
        last = p
    if first >= 0:
        runs.append((first, last + 1))
    return runs


class _closer:
    """Closes a file descriptor, once however often it is called (``fd``: the descriptor)."""

    __slots__ = ("fd",)

    def __init__(self, fd: int) -> None:
        self.fd = fd

    def __call__(self) -> None:
        fd, self.fd = self.fd, -1
        if fd >= 0:
            try:
                os.close(fd)
            except OSError:
                pass
