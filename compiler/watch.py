"""Watch stage: spec files on disk -> a rebuild after every save (input: spec paths; output: builds and messages).

``toolc watch SPEC... -o OUT`` builds once, then polls the modification time and size of every spec file
the build read (the named files, the ``*.tool`` files of named directories, which are listed again at every
poll so new files count, and everything they import) and rebuilds when one changes. A change is built once
the files have stopped changing for one poll interval (editors save in several writes). Spec errors are
printed as they appear and the watch goes on; the previous build stays in OUT until a build succeeds (see
:mod:`.output`). Polling needs no extra package and behaves the same on every file system, network and
container mounts included; at the default 0.5 s interval a spec tree of a few hundred files costs a few
hundred ``stat`` calls a second.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Sequence

from toolc.dsl.diagnostics import Diagnostics
from toolc.dsl.load import load_program, spec_files
from toolc.errors import BuildError, ToolcError

#: Seconds between two looks at the files.
DEFAULT_INTERVAL = 0.5


@dataclass(frozen=True)
class Event:
    """What the watch did: ``built`` (``detail``: the one-line summary), ``failed`` (the rendered diagnostics or
    error) or ``changed`` (``detail``: the files that changed)."""

    kind: str
    detail: str
    seconds: float = 0.0


Fingerprint = dict[str, tuple[int, int]]


def fingerprint(paths: Sequence[Path], imported: Sequence[Path]) -> Fingerprint:
    """``path -> (mtime_ns, size)`` of the spec files now (a missing file is ``(-1, -1)``)."""
    out: Fingerprint = {}
    for p in [*spec_files(list(paths)), *imported]:
        try:
            st = os.stat(p)
            out[str(p)] = (st.st_mtime_ns, st.st_size)
        except OSError:
            out[str(p)] = (-1, -1)
    return out


def imported_files(paths: Sequence[Path]) -> list[Path]:
    """Every file a build of ``paths`` reads (imports included), as far as they parse."""
    program = load_program(list(paths), Diagnostics())
    return sorted(set(program.paths.values()))


def watch(paths: Sequence[Path], out: Path, build_options: dict[str, Any], *, report: Callable[[Event], None],
          interval: float = DEFAULT_INTERVAL, stop: Callable[[], bool] = lambda: False) -> int:
    """Builds ``paths`` into ``out``, then rebuilds after every change until ``stop()`` is true.

    Args:
        paths: spec files or directories.
        out: the output directory (as ``toolc build -o``).
        build_options: keyword arguments of :func:`compiler.build.build` (``seed``, ``today``, ...).
        report: receives every :class:`Event` as it happens.
        interval: seconds between polls.
        stop: asked after every poll; the watch returns when it says so (the command line stops on Ctrl-C).

    Returns:
        the number of builds attempted.
    """
    from .build import build

    def run() -> None:
        started = time.perf_counter()
        warnings = Diagnostics()
        try:
            m = build(list(paths), out, progress=False, warnings=warnings, **build_options)
        except BuildError as exc:
            report(Event("failed", exc.render(), time.perf_counter() - started))
            return
        except ToolcError as exc:  # the output cannot be written, an option is out of range, ...
            report(Event("failed", exc.render(), time.perf_counter() - started))
            return
        rows = ", ".join(f"{k} {v['train']}+{v['test']}" for k, v in m["rows"].items())
        detail = f"built dataset `{m['dataset']}` into {out}: {rows} (train+test)"
        if warnings.warnings:
            detail += "\n" + warnings.render()
        report(Event("built", detail, time.perf_counter() - started))

    def settle() -> tuple[Fingerprint, list[Path]]:
        """The fingerprint to compare with: taken before the build, so a save during the build counts."""
        imported = imported_files(paths)
        return {**fingerprint(paths, imported), **before}, imported

    builds = 1
    before = fingerprint(paths, [])
    run()
    seen, imported = settle()
    while not stop():
        time.sleep(interval)
        now = fingerprint(paths, imported)
        if now == seen:
            continue
        while True:  # let the editor finish writing
            time.sleep(interval)
            settled = fingerprint(paths, imported)
            if settled == now or stop():
                break
            now = settled
        changed = sorted(k for k in set(now) | set(seen) if now.get(k) != seen.get(k))
        report(Event("changed", ", ".join(_short(c) for c in changed)))
        builds += 1
        before = now
        run()
        seen, imported = settle()
    return builds


def _short(path: str) -> str:
    try:
        return str(Path(path).resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return path
