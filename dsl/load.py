"""Load stage: spec files and their imports -> parsed modules (input: paths; output: a Program, errors into Diagnostics).

Reading is defensive, because a spec is user input: a file is read as bytes, at most
:data:`~dsl.span.MAX_SPEC_BYTES` of them (E403 beyond); NUL bytes mean a binary file (E402); bytes that
are not UTF-8 are reported at the line and column of the first bad byte (E402); a missing or
unreadable file is E401. A UTF-8 byte-order mark is dropped and ``\\r\\n`` / ``\\r`` line ends read as
``\\n`` (strings never span lines, so no literal changes).

Imports resolve relative to the importing file and must stay inside the spec tree -- the common parent
directory of the files named on the command line -- after symlinks are resolved (E404). A missing
import is E401 and an import cycle E302, both at the ``import`` line. Every file is parsed once, and
:attr:`Program.modules` lists imports before their importers.
"""

from __future__ import annotations

import errno
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

from toolc.errors import os_reason

from .ast import Import, Module
from .diagnostics import Diagnostics, SpecError
from .parse import gc_paused, parse_source
from .span import MAX_SPEC_BYTES, Source, Span, display_path

__all__ = ["NotRegularFileError", "Program", "load_program", "read_regular_file", "read_source", "spec_files", "spec_name"]


@dataclass
class Program:
    """Every module of one build.

    Attributes:
        modules: the files that parsed without errors, each once, every import before its importers
            (then in command-line order). Files with errors are left out; their errors are in the
            Diagnostics and the compiler should not run.
        sources: display path -> decoded source of every file read (also in ``diags.sources``).
        root: the spec tree: imports may not leave this directory.
        paths: display path -> resolved path of every file read (a build's output may not hold them).
        raw: display path -> the bytes of every file read (the manifest hashes them).
    """

    modules: list[Module] = field(default_factory=list)
    sources: dict[str, Source] = field(default_factory=dict)
    paths: dict[str, Path] = field(default_factory=dict)
    raw: dict[str, bytes] = field(default_factory=dict)
    root: Path = field(default_factory=Path.cwd)


def _line_col(data: bytes, offset: int) -> tuple[int, int]:
    """1-based line and code-point column of byte ``offset`` (the bytes before it must be valid UTF-8)."""
    line_start = data.rfind(b"\n", 0, offset) + 1
    line = data.count(b"\n", 0, offset) + 1
    col = len(data[line_start:offset].decode("utf-8", errors="replace")) + 1
    return line, col


class NotRegularFileError(OSError):
    """The path names a FIFO, a device, a socket or a directory: toolc reads only regular files (opening a FIFO
    would block until someone writes to it)."""


_KINDS = ((stat.S_ISDIR, "a directory"), (stat.S_ISFIFO, "a FIFO (named pipe)"), (stat.S_ISCHR, "a character device"),
          (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"))


def _not_regular(mode: int, path: Path) -> NotRegularFileError | None:
    if stat.S_ISREG(mode):
        return None
    kind = next((what for test, what in _KINDS if test(mode)), "not a regular file")
    return NotRegularFileError(errno.EINVAL, f"it is {kind}, not a regular file", str(path))


def read_regular_file(path: Path, limit: int) -> bytes:
    """Reads at most ``limit`` bytes of a regular file without ever blocking on a FIFO or opening a device.

    The path is checked with ``stat`` before it is opened (so a device's open has no side effect), opened
    with ``O_NONBLOCK``, and checked again on the open descriptor (so a swap in between is caught too).

    Raises:
        NotRegularFileError: the path is a directory, FIFO, device or socket (``strerror`` says which).
        OSError: it cannot be read (missing, no permission, name too long, ...).
    """
    bad = _not_regular(os.stat(path).st_mode, path)
    if bad is not None:
        raise bad
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    with os.fdopen(fd, "rb") as f:
        bad = _not_regular(os.fstat(fd).st_mode, path)
        if bad is not None:
            raise bad
        return f.read(limit)


def read_source(path: Path, name: str, diags: Diagnostics, at: Span | None = None,
                raw: dict[str, bytes] | None = None) -> Source | None:
    """Reads and decodes one spec file.

    Args:
        path: the file to read.
        name: its display path (the ``file`` of every span into it).
        diags: receives E401 (cannot read: missing, a directory, FIFO or device, ...), E402 (binary or not
            UTF-8) or E403 (too large).
        at: where the file was asked for (an ``import`` line), for E401; ``None`` for the command line.
        raw: receives the file's bytes under ``name`` when it is read (for the manifest's spec hashes).

    Returns:
        The decoded source, or ``None`` after reporting why it cannot be used.
    """
    try:
        data = read_regular_file(path, MAX_SPEC_BYTES + 1)
    except (OSError, ValueError) as e:
        reason = os_reason(e) if isinstance(e, OSError) else str(e)
        hint = "name a `.tool` file" if isinstance(e, NotRegularFileError) else None
        diags.add(SpecError("E401", f"cannot read `{_clip(name)}`: {reason}", at, hint=hint, path=name))
        return None
    if raw is not None:
        raw[name] = data
    if len(data) > MAX_SPEC_BYTES:
        diags.add(SpecError("E403", f"`{name}` is larger than {MAX_SPEC_BYTES // (1024 * 1024)} MiB", at,
                            hint="split it into several files joined by `import`", path=name))
        return None
    nul = data.find(b"\x00")
    if nul >= 0:
        line, col = _line_col(data, nul)
        diags.add(SpecError("E402", "not a text file: it contains NUL bytes", Span(name, line, col, line, col + 1),
                            hint="a spec is UTF-8 text"))
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        line, col = _line_col(data, e.start)
        shown = Source(name, _normalise(data.decode("utf-8", errors="replace")))
        diags.sources[name] = shown  # so the error shows the line, the bad byte as U+FFFD
        diags.add(SpecError("E402", f"not UTF-8: byte 0x{data[e.start]:02X} cannot start or continue a character",
                            Span(name, line, col, line, col + 1), hint="save the file as UTF-8"))
        return None
    return Source(name, _normalise(text))


def _normalise(text: str) -> str:
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


def _spec_root(paths: list[Path]) -> Path:
    """The spec tree: the common directory of the named directories and of the named files' parents."""
    parents = [str(p.resolve() if p.is_dir() else p.resolve().parent) for p in paths]
    return Path(os.path.commonpath(parents)) if parents else Path.cwd().resolve()


def spec_files(paths: list[Path]) -> list[Path]:
    """The named paths with every directory replaced by the ``*.tool`` files in its tree.

    A directory's files come in the order of their paths relative to it (``/``-separated, so the same
    on every system); directories whose names start with ``.`` are skipped and symbolic links to
    directories are not followed. A directory without any ``.tool`` file stays in the list, so that
    loading it reports why it cannot be used.
    """
    out: list[Path] = []
    for p in paths:
        if not p.is_dir():
            out.append(p)
            continue
        found = []
        for folder, dirs, files in os.walk(p):
            dirs[:] = [d for d in dirs if not d.startswith(".")]
            found += [Path(folder, f) for f in files if f.endswith(".tool") and not f.startswith(".")]
        out += sorted(found, key=lambda f: f.relative_to(p).as_posix()) or [p]
    return out


def spec_name(path: Path, root: Path) -> str:
    """How a build names a spec file: its path relative to the spec tree, ``/``-separated (``travel/air.tool``).

    Rows (the ``source`` column) and the manifest use it, so the same specs give the same bytes from any
    working directory or checkout.
    """
    try:
        return path.resolve().relative_to(root).as_posix()
    except ValueError:  # pragma: no cover - every file read is inside the tree (imports are checked)
        return path.resolve().as_posix()


def load_program(paths: list[Path], diags: Diagnostics) -> Program:
    """Reads and parses the given spec files and, transitively, everything they import.

    Args:
        paths: the files named by the user (command-line order); a directory names every ``*.tool``
            file in its tree (:func:`spec_files`). The common directory of the named directories and
            the named files' parents is the spec tree that imports may not leave.
        diags: receives every error: file errors (E401-E404), import cycles (E302) and everything
            :func:`dsl.parse.parse_module` reports. Sources are registered in ``diags.sources``.

    Returns:
        The program. When ``diags`` holds errors afterwards, ``modules`` lacks the broken files and
        the build must stop; imports of a file with syntax errors are still followed so that their
        errors are reported in the same run.
    """
    loader = _Loader(Program(root=_spec_root(paths)), diags)
    with gc_paused():  # once for the whole program: see dsl.parse.gc_paused
        for given in spec_files(paths):
            if given.is_dir():  # a directory without any .tool file
                shown = display_path(given)
                diags.add(SpecError("E401", f"cannot read `{_clip(shown)}`: it is a directory without any `.tool` file",
                                    None, hint="name a `.tool` file or a directory of them", path=shown))
                continue
            loader.visit(given.resolve())
    return loader.program


class _Loader:
    """Reads each file once and walks the import graph depth-first (iteratively: no recursion limit)."""

    def __init__(self, program: Program, diags: Diagnostics) -> None:
        self.program = program
        self.diags = diags
        self.parsed: dict[Path, Module | None] = {}  # resolved path -> (partial) module; None: unreadable
        self.ok: dict[Path, bool] = {}
        self.done: set[Path] = set()

    def load(self, path: Path, at: Span | None) -> None:
        name = display_path(path)
        source = read_source(path, name, self.diags, at, self.program.raw)
        if source is None:
            self.parsed[path], self.ok[path] = None, False
            return
        self.program.sources[name] = source
        self.program.paths[name] = path
        self.diags.sources[name] = source
        self.parsed[path], self.ok[path] = parse_source(source, self.diags)

    def imports_of(self, path: Path) -> list[tuple[Path, Import]]:
        module = self.parsed.get(path)
        targets = []
        for imp in module.imports if module else ():
            target = _resolve_import(path, imp, self.program.root, self.diags)
            if target is not None:
                targets.append((target, imp))
        return targets

    def visit(self, start: Path) -> None:
        """Loads ``start`` and everything it imports; appends modules in post-order (imports first)."""
        if start in self.done:
            return
        if start not in self.parsed:
            self.load(start, None)
        stack: list[tuple[Path, list[tuple[Path, Import]]]] = [(start, self.imports_of(start))]  # the import chain
        on_stack = {start}
        while stack:
            path, pending = stack[-1]
            if pending:
                target, imp = pending.pop(0)
                if target in on_stack:
                    chain = [p for p, _ in stack]
                    cycle = chain[chain.index(target):] + [target]
                    self.diags.add(SpecError("E302", "import cycle: " + " -> ".join(display_path(p) for p in cycle),
                                             imp.span, hint="remove one of these imports"))
                    continue
                if target in self.done:
                    continue
                if target not in self.parsed:
                    self.load(target, imp.span)
                    if self.parsed[target] is None:
                        self.done.add(target)
                        continue
                stack.append((target, self.imports_of(target)))
                on_stack.add(target)
            else:
                stack.pop()
                on_stack.discard(path)
                self.done.add(path)
                module = self.parsed.get(path)
                if module is not None and self.ok.get(path):
                    self.program.modules.append(module)


def _resolve_import(importer: Path, imp: Import, root: Path, diags: Diagnostics) -> Path | None:
    """The resolved file an ``import`` names, or ``None`` after reporting E401/E404."""
    if not imp.path.strip():
        diags.add(SpecError("E401", "empty import path", imp.span, hint='write `import "other.tool"`'))
        return None
    try:
        target = (importer.parent / imp.path).resolve()
    except (OSError, ValueError, RuntimeError) as e:  # NUL byte in the path, symlink loop
        diags.add(SpecError("E401", f"cannot resolve import `{_clip(imp.path)}`: {e}", imp.span))
        return None
    shown = _clip(imp.path)
    if not target.is_relative_to(root):
        diags.add(SpecError("E404", f"import `{shown}` leaves the spec tree", imp.span,
                            hint=f"imports must stay inside the spec tree `{os.path.join(display_path(root), '')}`",
                            notes=(f"it resolves to {_clip(os.path.relpath(target))}",)))
        return None
    try:
        os.stat(target)
    except (FileNotFoundError, NotADirectoryError):
        diags.add(SpecError("E401", f"cannot import `{shown}`: no such file", imp.span,
                            hint=f"looked for {_clip(display_path(target))}"))
        return None
    except OSError as e:  # a name longer than the file system allows, a permission, ...
        reason = os_reason(e)
        diags.add(SpecError("E401", f"cannot import `{shown}`: {reason}", imp.span))
        return None
    return target


def _clip(text: str, most: int = 120) -> str:
    """``text`` cut to ``most`` characters with ``…`` (a path in a one-line message)."""
    return text if len(text) <= most else text[: most - 1] + "…"
