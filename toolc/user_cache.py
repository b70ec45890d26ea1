"""toolc's cache folder: what toolc can make again, kept between processes so that it is made once per machine and
version -- the grammar's parse tables (:mod:`toolc.dsl.parse.tables`, :mod:`toolc.dsl.parse.grammar`), Faker's
locales, its providers and their signatures per locale, and the Faker pools of builds and checks
(:mod:`toolc.compiler.slots`).

The folder is ``$XDG_CACHE_HOME/toolc`` (default ``~/.cache/toolc``, the XDG Base Directory specification:
https://specifications.freedesktop.org/basedir-spec/latest/). Every file in it is named by a hash or a version of
what it was made from, written whole or not at all, and read back only when it holds what its maker writes; any of
them may be deleted at any time.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

__all__ = ["cache_file", "cache_folder", "keep", "read_json", "source_version"]


def cache_folder() -> Path:
    """``$XDG_CACHE_HOME/toolc`` (default ``~/.cache/toolc``); not made here."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "toolc"


def cache_file(name: str) -> Path | None:
    """``name`` (a relative path) in :func:`cache_folder`, for what :mod:`toolc.compiler.slots` keeps; ``None``
    when ``TOOLC_NO_POOL_CACHE`` is set (they are then made in every process: the test suite sets it)."""
    if os.environ.get("TOOLC_NO_POOL_CACHE"):
        return None
    return cache_folder() / name


def read_json(path: Path | None) -> Any:
    """The JSON value in ``path``; ``None`` when ``path`` is ``None``, the file is missing or unreadable, or it does
    not hold JSON (damaged)."""
    import orjson

    if path is None:
        return None
    try:
        return orjson.loads(path.read_bytes())
    except (OSError, orjson.JSONDecodeError):
        return None


def keep(path: Path | None, data: bytes) -> None:
    """Writes ``data`` to ``path`` whole or not at all (a temporary file renamed into place: a reader never sees half
    of it, and processes writing the same file at once leave one whole copy); nothing when ``path`` is ``None`` or
    the folder cannot be made or written (the value is made again next time)."""
    if path is None:
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        try:
            tmp.write_bytes(data)
            os.replace(tmp, path)
        finally:
            tmp.unlink(missing_ok=True)
    except OSError:
        pass


def source_version(package: str) -> str | None:
    """An installed package's version read from its ``__init__.py`` (``__version__ = "..."``, or Faker's ``VERSION =
    "..."``) without importing it -- the import is what a cache keyed by the version saves; ``None`` when the package
    or the assignment is not found."""
    import re
    from importlib.util import find_spec

    spec = find_spec(package)
    if spec is None or spec.origin is None:
        return None
    try:
        text = Path(spec.origin).read_text(encoding="utf-8")
    except OSError:
        return None
    found = re.search(r"""^(?:__version__|VERSION)\s*[:=][^"'\n]*["']([^"']+)""", text, re.MULTILINE)
    return found.group(1) if found else None
