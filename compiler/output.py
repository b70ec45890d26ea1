"""Output stage: a finished staging tree -> the ``-o`` directory, replaced safely (input: OUT path; output: OUT swapped in).

What it guarantees (``toolc build -o OUT``; see README "What a build writes"):

* **Nothing lost.** OUT is replaced only when it is missing, an empty directory, or a toolc output: a
  directory holding :data:`MARKER` whose list names every file in it (or, for outputs built before the
  marker existed, exactly the files its ``manifest.json`` lists). Anything else -- a directory with other
  files, a file -- is refused with :class:`~toolc.errors.InputError` unless ``force``; a directory that holds
  a spec file being built is refused even with ``force``. Leftovers of killed builds are removed only when
  they carry the marker (toolc made them); an empty one is removed with ``rmdir``; anything else stays.
* **One build at a time per OUT.** An exclusive ``flock`` on ``.OUT.lock`` beside OUT (the kernel releases it
  when the process dies, even by ``kill -9``); a second build fails at once with
  :class:`~toolc.errors.BuildError`. The lock file is kept: deleting it would let a third build lock a new
  file while the first still holds the old one.
* **Never a mix, never nothing.** The new tree is written into ``.OUT.tmp-*`` beside OUT and swapped in
  with one ``renameat2(RENAME_EXCHANGE)`` (Linux >= 3.15, through ctypes; both names always exist), then
  the old tree is removed. Where the exchange is not available (another OS, a file system without it) the
  swap is two renames (OUT -> ``.OUT.old-*``, staging -> OUT); a crash between them leaves no OUT for an
  instant, and the next build (under the lock) renames the marked old tree back before anything else.
* **Interrupts clean up.** Leaving the :class:`Output` context without :meth:`Output.commit` (an error,
  Ctrl-C, SIGTERM through :func:`terminate_as_interrupt`) removes the staging tree; the swap itself runs
  with SIGINT/SIGTERM held back, so it is never cut in half by a signal Python handles.
* **The umask is honoured.** The staging directory is made with ``mkdtemp`` (mode 0700) and then set to
  ``0o777 & ~umask``, as ``mkdir`` would.

Durability against power loss is not promised: files are not ``fsync``-ed (a kill leaves either tree whole;
a power cut may leave recently written files empty, as with most tools).
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import os
import shutil
import signal
import stat
import tempfile
import threading
from pathlib import Path
from typing import Iterable, Iterator

from toolc.errors import EXIT_INTERRUPTED, BuildError, InputError, os_reason

__all__ = ["MARKER", "Output", "is_toolc_output", "terminate_as_interrupt", "written_files"]

#: File every toolc output (and staging tree) holds: a header line, then every file toolc wrote, one per line.
MARKER = ".toolc-output"
#: First line of :data:`MARKER`; a directory is a toolc tree only if its marker starts with it.
MARKER_HEADER = "toolc build output: `toolc build -o` may replace this directory; it wrote these files:"

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


def _umask() -> int:
    try:  # Linux >= 4.7 reports it without changing it
        with open("/proc/self/status", encoding="ascii", errors="replace") as f:
            for line in f:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _read_marker(directory: Path) -> list[str] | None:
    """The file list of ``directory``'s marker, or ``None`` when there is no valid marker."""
    try:
        with open(directory / MARKER, "rb") as f:
            st = os.fstat(f.fileno())
            if not stat.S_ISREG(st.st_mode) or st.st_size > 16 * 1024 * 1024:
                return None
            text = f.read().decode("utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    lines = text.split("\n")
    if lines[0] != MARKER_HEADER:
        return None
    return [line for line in lines[1:] if line]


def _tree_files(directory: Path) -> set[str] | None:
    """Relative paths (``/``-separated) of every non-directory entry under ``directory``; ``None`` if unreadable."""
    found: set[str] = set()
    try:
        for root, dirs, files in os.walk(directory, onerror=_raise):
            rel = os.path.relpath(root, directory)
            for name in files + [d for d in dirs if os.path.islink(os.path.join(root, d))]:
                found.add(name if rel == "." else f"{rel}/{name}".replace(os.sep, "/"))
    except OSError:
        return None
    return found


def _raise(exc: OSError) -> None:
    raise exc


def written_files(manifest: dict) -> list[str]:
    """Every file a build writes, relative to its output directory (``manifest.json`` lists the JSONL files;
    each has a Parquet sibling).

    Raises:
        KeyError, TypeError, AttributeError: ``manifest`` is not a toolc manifest.
    """
    files = ["manifest.json"]
    for formats in manifest["files"].values():
        for splits in formats.values():
            for jsonl in splits.values():
                files += [jsonl, jsonl[: -len(".jsonl")] + ".parquet"]
    return files + list(manifest.get("extra_files", ()))  # loader configs beside a format's files


def _legacy_files(directory: Path) -> set[str] | None:
    """Files an output written before :data:`MARKER` existed holds, from its ``manifest.json``; else ``None``."""
    import json

    try:
        manifest = json.loads((directory / "manifest.json").read_text(encoding="utf-8"))
        if "toolc_version" not in manifest:
            return None
        return set(written_files(manifest))
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def is_toolc_output(directory: Path) -> bool:
    """Whether ``directory`` is a whole toolc output: every file in it is one toolc wrote (see module docstring)."""
    present = _tree_files(directory)
    if present is None:
        return False
    listed = _read_marker(directory)
    if listed is not None:
        return present <= set(listed) | {MARKER}
    legacy = _legacy_files(directory)
    return legacy is not None and present == legacy


def _unexpected(directory: Path) -> str | None:
    """The first file in a marked ``directory`` that its marker does not list (``None``: all listed)."""
    listed = _read_marker(directory)
    present = _tree_files(directory) or set()
    extra = sorted(present - set(listed or ()) - {MARKER})
    return extra[0] if extra else None


def _exchange(a: Path, b: Path) -> bool:
    """Atomically swaps the names ``a`` and ``b`` (``renameat2(RENAME_EXCHANGE)``); ``False`` where unsupported.

    Raises:
        OSError: the exchange is supported but failed (permissions, read-only, ...).
    """
    fn = _renameat2()
    if fn is None:
        return False
    if fn(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP):
        return False  # kernel or file system without RENAME_EXCHANGE: the caller falls back to two renames
    raise OSError(err, os.strerror(err), str(b))


_RENAMEAT2: list = []


def _renameat2():
    if not _RENAMEAT2:
        fn = None
        if os.uname().sysname == "Linux":
            try:
                libc = ctypes.CDLL(None, use_errno=True)
                fn = libc.renameat2  # glibc >= 2.28, musl >= 1.2.3
                fn.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
                fn.restype = ctypes.c_int
            except (OSError, AttributeError):
                fn = None
        _RENAMEAT2.append(fn)
    return _RENAMEAT2[0]


@contextlib.contextmanager
def _signals_held() -> Iterator[None]:
    """Holds SIGINT and SIGTERM back (they are delivered afterwards) so a swap is not cut in half."""
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    old = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)


#: SIGINT / SIGTERM received inside :func:`terminate_as_interrupt`: the ``KeyboardInterrupt`` a handler raises is
#: lost where Python ignores exceptions (an at-fork hook, as when a build forks its workers, a ``__del__``), so
#: :meth:`Output.commit` looks here too before it swaps a tree in.
_RECEIVED: list[int] = []


#: What a second interrupt prints before it ends the process (:func:`terminate_as_interrupt`).
STOPPED_AT_ONCE = ("toolc: interrupted again: stopped at once; the output is unchanged, and the next build into it "
                   "removes the staging folder this one left\n")


@contextlib.contextmanager
def terminate_as_interrupt() -> Iterator[None]:
    """Turns SIGTERM into ``KeyboardInterrupt`` while the block runs (main thread only), so a terminated build
    unwinds like a Ctrl-C one: the staging tree is removed and OUT stays as it was. Both signals are also recorded,
    and a build whose interrupt Python swallowed stops before its swap (:meth:`Output.commit`).

    A second SIGINT or SIGTERM inside the block (Ctrl-C pressed again while the first unwinds, or while a swallowed
    one lets the build go on) ends the process at once: :data:`STOPPED_AT_ONCE` on stderr, exit status 130
    (``os._exit``, as ``kill -9`` would, less the kill). Raising a second ``KeyboardInterrupt`` instead cut the
    clean-up of the first short wherever it landed -- a thread still writing a Parquet file that the main thread
    closes crashes the process -- while an exit leaves, at worst, the staging tree, which the next build removes
    (:meth:`Output.__enter__`); OUT is replaced only by the atomic swap, so it is never half-written. Worker
    processes die with the parent (:func:`compiler.shards._die_with_parent`)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def handler(signum, frame):
        _RECEIVED.append(signum)
        if len(_RECEIVED) > 1:
            try:
                os.write(2, STOPPED_AT_ONCE.encode())
            finally:
                os._exit(EXIT_INTERRUPTED)
        raise KeyboardInterrupt("terminated" if signum == signal.SIGTERM else "")

    _RECEIVED.clear()
    previous = signal.signal(signal.SIGTERM, handler)
    previous_int = signal.getsignal(signal.SIGINT)
    if previous_int is signal.default_int_handler:  # Python's own Ctrl-C, which raises the same way
        signal.signal(signal.SIGINT, handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)
        if previous_int is signal.default_int_handler:
            signal.signal(signal.SIGINT, previous_int)
        _RECEIVED.clear()


def _remove(path: Path) -> None:
    """Removes a file, link or directory tree that toolc proved it wrote."""
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    else:
        path.unlink()


def _inside(path: Path, directory: Path) -> bool:
    return path == directory or directory in path.parents


class Output:
    """The ``-o`` directory of one build: checked, locked and staged on entry, swapped in by :meth:`commit`.

    >>> with Output(Path("out")) as out:                      # doctest: +SKIP
    ...     (out.staging / "manifest.json").write_text("{}")
    ...     out.commit(["manifest.json"])

    Args:
        out_dir: the output directory (created with its parents if missing; a symlink is followed).
        force: replace OUT even if it is a file or a directory toolc did not write.
        protect: files that must survive (the spec files being read): OUT may not contain any of them, nor
            the current directory, ``force`` or not.

    Attributes:
        path: the directory that gets replaced (``out_dir`` with symlinks resolved).
        staging: the staging tree (inside the context).

    Raises:
        InputError: OUT cannot be used (a file or foreign directory without ``force``, it holds a spec, its
            parent cannot be created or written).
        BuildError: another build holds OUT's lock; the staging tree was lost while writing.
    """

    def __init__(self, out_dir: Path, *, force: bool = False, protect: Iterable[Path] = ()) -> None:
        self.given = Path(out_dir)
        self.path = Path(os.path.realpath(out_dir))
        self.force = force
        self.protect = list(protect)
        self.staging = Path()
        self._lock_fd: int | None = None
        self._staged = False
        self._committed = False

    # ------------------------------------------------------------------------------------------ entry

    def __enter__(self) -> "Output":
        out, parent = self.path, self.path.parent
        if out == parent:
            raise InputError(f"cannot write the output into {out}: it is a file system root")
        if _inside(Path(os.path.realpath(os.getcwd())), out):
            raise InputError(f"refusing to write the output into {self.given}: it holds the current directory "
                             f"{os.getcwd()}, which replacing it would delete; choose another -o")
        for spec in self.protect:
            for p in {Path(os.path.abspath(spec)), Path(os.path.realpath(spec))}:
                if _inside(p, out):
                    raise InputError(f"refusing to write the output into {self.given}: it holds the spec {spec} "
                                     f"being built, which replacing it would delete; choose another -o")
        try:
            parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            blocker = next((a for a in reversed(parent.parents) if os.path.lexists(a) and not a.is_dir()), None)
            if parent.exists() and not parent.is_dir():
                blocker = parent
            if blocker is not None:
                raise InputError(f"cannot create the output directory {self.given}: {blocker} is a file, "
                                 f"not a directory") from None
            raise InputError(f"cannot create the output's parent {exc.filename or parent}: {os_reason(exc)}") from None
        if os.path.lexists(out):
            self._check_replaceable()  # refuse before leaving anything (a lock file) behind; again under the lock
        self._lock()
        try:
            self._recover()
            self._check_replaceable()
            self._make_staging()
        except BaseException:
            self._release()
            raise
        return self

    def _lock(self) -> None:
        try:
            import fcntl
        except ImportError:  # not POSIX (Windows): no lock; the swap and the refusals still hold
            return
        lock = self.path.parent / f".{self.path.name}.lock"
        try:
            fd = os.open(lock, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o666)
        except OSError as exc:
            raise InputError(f"cannot write beside the output {self.given}: {exc.filename or lock}: "
                             f"{os_reason(exc)}") from None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            holder = ""
            try:
                holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
            except OSError:
                pass
            os.close(fd)
            if exc.errno in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
                who = f" (pid {holder})" if holder.isdigit() else ""
                raise BuildError(f"another toolc build{who} is writing {self.given}; wait for it to finish "
                                 f"or choose another -o (lock: {lock})") from None
            raise InputError(f"cannot lock {lock}: {os_reason(exc)}") from None
        self._lock_fd = fd
        try:
            os.ftruncate(fd, 0)
            os.pwrite(fd, f"{os.getpid()}\n".encode("ascii"), 0)
        except OSError:
            pass  # the pid is only for the other builder's message

    def _release(self) -> None:
        if self._lock_fd is not None:
            os.close(self._lock_fd)  # releases the flock
            self._lock_fd = None

    def _leftovers(self, kind: str) -> list[Path]:
        prefix = f".{self.path.name}.{kind}-"
        try:
            return sorted(self.path.parent / n for n in os.listdir(self.path.parent) if n.startswith(prefix))
        except OSError:
            return []

    def _recover(self) -> None:
        """Under the lock: undoes a two-rename swap cut between its renames, then removes leftovers toolc made."""
        out = self.path
        if not os.path.lexists(out):
            olds = [p for p in self._leftovers("old") if p.is_dir() and is_toolc_output(p)]
            if olds:
                newest = max(olds, key=lambda p: p.stat().st_mtime_ns)
                os.rename(newest, out)
        for p in self._leftovers("tmp") + self._leftovers("old"):
            try:
                if not p.is_dir() or p.is_symlink():
                    continue
                if _read_marker(p) is not None or is_toolc_output(p):
                    shutil.rmtree(p)
                elif not os.listdir(p):
                    os.rmdir(p)  # killed between mkdtemp and writing the marker
            except OSError:
                continue  # not ours to force: it stays

    def _check_replaceable(self) -> None:
        out, given = self.path, self.given
        if not os.path.lexists(out):
            return
        if out.is_dir():
            try:
                empty = not os.listdir(out)
            except OSError as exc:
                raise InputError(f"cannot read the output directory {given}: {os_reason(exc)}") from None
            if empty or is_toolc_output(out) or self.force:
                return
            if _read_marker(out) is not None:
                raise InputError(f"{given} holds {_unexpected(out)}, which toolc did not write; move it away "
                                 f"or pass --force to replace the whole directory")
            raise InputError(f"{given} is a directory toolc did not write (it has no {MARKER}); choose another -o "
                             f"or pass --force to replace it")
        if not self.force:
            raise InputError(f"{given} is a file, not an output directory; choose another -o or pass --force "
                             f"to replace it")

    def _make_staging(self) -> None:
        try:
            self.staging = Path(tempfile.mkdtemp(prefix=f".{self.path.name}.tmp-", dir=self.path.parent))
            self._staged = True
            os.chmod(self.staging, 0o777 & ~_umask())
            self._write_marker(())
        except OSError as exc:
            raise InputError(f"cannot write beside the output {self.given}: {exc.filename or self.path.parent}: "
                             f"{os_reason(exc)}") from None

    def _write_marker(self, files: Iterable[str]) -> None:
        part = self.staging / (MARKER + ".part")
        part.write_text("".join(f"{line}\n" for line in (MARKER_HEADER, *files)), encoding="utf-8")
        os.replace(part, self.staging / MARKER)

    # ------------------------------------------------------------------------------------------ commit

    @property
    def committed(self) -> bool:
        """Whether :meth:`commit` swapped the new tree in."""
        return self._committed

    def staging_intact(self) -> bool:
        """Whether the staging tree is still there with its marker (not removed under the build)."""
        return _read_marker(self.staging) is not None

    def commit(self, files: Iterable[str]) -> None:
        """Swaps the staging tree in as OUT and removes the old OUT.

        Args:
            files: every file the build wrote, relative to the staging tree (``/``-separated); each must be
                there, or nothing is swapped.

        Raises:
            BuildError: the staging tree lost a file (removed by another program): OUT is left as it was.
            OSError: the swap failed (OUT is left as it was).
        """
        files = sorted(set(files))
        if not self.staging_intact():
            raise BuildError(f"the build's staging directory {self.staging} vanished while writing (removed by "
                             f"another program?); {self.given} is unchanged")
        for f in files:
            if not (self.staging / f).is_file():
                raise BuildError(f"{f} vanished from the build's staging directory {self.staging} while writing "
                                 f"(removed by another program?); {self.given} is unchanged")
        self._write_marker(files)
        out = self.path
        with _signals_held():
            if _RECEIVED:  # an interrupt whose KeyboardInterrupt was swallowed on the way: nothing is swapped
                raise KeyboardInterrupt("terminated" if _RECEIVED[-1] == signal.SIGTERM else "")
            if not os.path.lexists(out):
                os.rename(self.staging, out)
                self._committed = True
                return
            if _exchange(self.staging, out):
                self._committed = True
                old = self.staging
            else:
                old = Path(tempfile.mkdtemp(prefix=f".{out.name}.old-", dir=out.parent))
                os.rmdir(old)  # a fresh unique name; the rename below takes it
                os.rename(out, old)
                os.rename(self.staging, out)
                self._committed = True
            try:
                _remove(old)
            except OSError:
                pass  # a marked leftover is removed by the next build
        try:
            fd = os.open(out.parent, os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)
        except OSError:
            pass

    @property
    def lock_fd(self) -> int | None:
        """The descriptor holding the output's lock (``None`` without one): worker processes close it."""
        return self._lock_fd

    # ------------------------------------------------------------------------------------------ exit

    def __exit__(self, exc_type, exc, tb) -> None:
        try:
            if self._staged and not self._committed:
                with _signals_held():
                    shutil.rmtree(self.staging, ignore_errors=True)
        finally:
            self._release()
