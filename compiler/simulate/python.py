"""Results stage, user simulators: a tool implemented by the user's Python function (input: a call; output:
its result). Seed 003 (`../shared/seeds/003_*.recovered.txt`) runs a ``fake_tool_executor`` like this.

A tool opts in with ``returns TYPE simulate "FILE.py:FUNCTION"`` (the path is relative to the spec file and
must stay inside the spec tree). Naming a simulator in a spec never runs it: ``toolc check`` only checks that
the file exists, and ``toolc build`` refuses to build rows that need it unless the user passes
``--allow-simulators`` (LANGUAGE.md, non-negotiable 2: no code runs from a spec alone).

The function is called as ``FUNCTION(arguments, ctx)``: ``arguments`` is the call's arguments with the
tool's defaults applied (a fresh ``dict`` per call); ``ctx`` is a :class:`SimulatorContext` whose ``rng`` is
the only randomness a simulator may use (builds stay deterministic). It returns the result, a JSON value
that the verification stage checks against ``returns`` like any other. An exception stops the build with
one error naming the tool, the arguments and the spec location (:class:`SimulatorError`), never a traceback.
"""

from __future__ import annotations

import datetime as _dt
import importlib.util
import random
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from toolc.errors import BuildError

#: Longest argument text shown in a simulator error.
SHOWN_ARGUMENTS = 300


@dataclass(frozen=True)
class SimulatorContext:
    """What a simulator may read besides the arguments.

    Attributes:
        rng: a ``random.Random`` seeded from the row and the call: the only randomness allowed.
        today: the build's reference date (``--today``).
        now: the row's reference instant (aware, UTC); its date in the user's time zone is ``today``.
        locale: the conversation's Faker locale (``zh_CN``, ``en_US``, ...).
        tool: the tool's name.
    """

    rng: random.Random
    today: _dt.date
    now: _dt.datetime
    locale: str
    tool: str


class SimulatorError(BuildError):
    """A user simulator could not be loaded or raised; ``location`` is the ``simulate`` clause's span."""

    def __init__(self, message: str, location: Any = None) -> None:
        super().__init__(message)
        self.location = location


def split_ref(ref: str) -> tuple[str, str] | None:
    """``"sims.py:calculate"`` -> ``("sims.py", "calculate")``; ``None`` when malformed."""
    path, _, func = ref.rpartition(":")
    if not path.endswith(".py") or not func.isidentifier():
        return None
    return path, func


def resolve(ref: str, spec_file: str, root: Path | None) -> Path:
    """The simulator file a spec names, resolved against the spec file's folder (``spec_file`` relative to the
    spec tree ``root``, or absolute).

    Raises:
        SimulatorError: malformed reference, a file outside the spec tree ``root``, or no such file.
    """
    parts = split_ref(ref)
    if parts is None:
        raise SimulatorError(f"`{ref}` is not `FILE.py:FUNCTION`")
    base = Path(spec_file)
    if root is not None and not base.is_absolute():  # spec files are named relative to the spec tree
        base = Path(root) / base
    path = (base.parent / parts[0]).resolve()
    if root is not None and not path.is_relative_to(root.resolve()):
        raise SimulatorError(f"simulator file `{parts[0]}` is outside the spec tree {root}")
    if not path.is_file():
        raise SimulatorError(f"simulator file `{parts[0]}` does not exist ({path})")
    return path


_LOADED: dict[tuple[str, str], Callable] = {}


def load(path: Path, func: str) -> Callable:
    """Imports ``path`` (once per build process) and returns its function ``func``.

    Raises:
        SimulatorError: the module raises on import, or has no callable ``func``.
    """
    key = (str(path), func)
    hit = _LOADED.get(key)
    if hit is not None:
        return hit
    name = f"toolc_simulator_{abs(hash(str(path)))}"
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        raise SimulatorError(f"cannot load simulator file {path}")
    module = importlib.util.module_from_spec(spec)
    try:
        sys.modules[name] = module
        spec.loader.exec_module(module)
    except Exception as exc:  # noqa: BLE001 - user code: one line, not a traceback
        sys.modules.pop(name, None)
        raise SimulatorError(f"importing simulator file {path.name} raised {type(exc).__name__}: {exc}") from None
    fn = getattr(module, func, None)
    if not callable(fn):
        raise SimulatorError(f"simulator file {path.name} has no function `{func}`")
    _LOADED[key] = fn
    return fn


def call(fn: Callable, tool: str, ref: str, arguments: dict[str, Any], ctx: SimulatorContext, location: Any) -> Any:
    """Runs one simulator call; its exception becomes a :class:`SimulatorError` naming tool, arguments and place."""
    try:
        return fn(dict(arguments), ctx)
    except Exception as exc:  # noqa: BLE001 - user code: one line, not a traceback
        from ..record import dumps

        shown = dumps(arguments)
        if len(shown) > SHOWN_ARGUMENTS:
            shown = shown[:SHOWN_ARGUMENTS] + "..."
        raise SimulatorError(f"simulator `{ref}` of tool `{tool}` raised {type(exc).__name__}: {exc} "
                             f"(arguments {shown})", location) from None
