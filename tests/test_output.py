"""The -o directory under faults: nothing lost, one build at a time, old-or-new after any crash, no traceback."""

from __future__ import annotations

import datetime as dt
import fcntl
import hashlib
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from toolc import errors
from toolc.compiler import output as output_mod
from toolc.compiler.build import build
from toolc.compiler.output import MARKER, MARKER_HEADER, Output, is_toolc_output

HERE = Path(__file__).parent
ROOT = HERE.parent
MINI = HERE / "data" / "mini.tool"
TODAY = dt.date(2025, 4, 23)
SMALL = dict(today=TODAY, formats=["openai"], sft=20, rm=10, ppo=10, progress=False)


def digest(root: Path) -> dict[str, str]:
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def leftovers(parent: Path, name: str = "out") -> list[str]:
    return sorted(n for n in os.listdir(parent) if n.startswith(f".{name}.") and not n.endswith(".lock"))


def toolc(*args: str, cwd: Path = ROOT, **kw) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "toolc.cli", *args], capture_output=True, text=True, cwd=cwd,
                          timeout=300, **kw)


def one_error_line(r: subprocess.CompletedProcess) -> str:
    assert "Traceback" not in r.stderr, r.stderr
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1, r.stderr
    return lines[0]


# ---------------------------------------------------------------------------------------------- refusals


def test_output_holding_the_specs_is_refused_even_with_force(tmp_path):
    """`toolc build specs_copy/main.tool -o specs_copy` used to delete the specs and exit 0."""
    specs = tmp_path / "specs_copy"
    specs.mkdir()
    shutil.copy(MINI, specs / "main.tool")
    before = digest(specs)
    for extra in ((), ("--force",)):
        r = toolc("build", "specs_copy/main.tool", "-o", "specs_copy", *extra, cwd=tmp_path)
        assert r.returncode == 2
        line = one_error_line(r)
        assert "specs_copy" in line and "spec" in line
        assert digest(specs) == before
    # a parent of the spec tree too, and a folder that holds only an imported file
    (specs / "lib").mkdir()
    (specs / "lib" / "shared.tool").write_text('slot colour = "red" | "blue"\n', encoding="utf-8")
    (specs / "main.tool").write_text('import "lib/shared.tool"\n' + MINI.read_text(encoding="utf-8"),
                                     encoding="utf-8")
    for out in (tmp_path, specs / "lib"):
        with pytest.raises(errors.InputError, match="spec"):
            build([specs / "main.tool"], out, force=True, **SMALL)
    assert (specs / "lib" / "shared.tool").exists()


def test_foreign_directory_and_file_are_refused_unless_forced(tmp_path):
    foreign = tmp_path / "foreign"
    foreign.mkdir()
    (foreign / "notes.txt").write_text("mine", encoding="utf-8")
    r = toolc("build", str(MINI), "-o", str(foreign), "--format", "openai", "--sft", "5", "--rm", "0", "--ppo", "0")
    assert r.returncode == 2 and "--force" in one_error_line(r)
    assert (foreign / "notes.txt").read_text(encoding="utf-8") == "mine"
    assert leftovers(tmp_path, "foreign") == [] and not (tmp_path / ".foreign.lock").exists()

    a_file = tmp_path / "afile"
    a_file.write_text("data", encoding="utf-8")
    r = toolc("build", str(MINI), "-o", str(a_file), "--format", "openai", "--sft", "5", "--rm", "0", "--ppo", "0")
    assert r.returncode == 2 and "is a file" in one_error_line(r)
    assert a_file.read_text(encoding="utf-8") == "data"

    for target in (foreign, a_file):
        build([MINI], target, force=True, **SMALL)
        assert is_toolc_output(target) and (target / "manifest.json").exists()
        assert leftovers(tmp_path, target.name) == []


def test_toolc_output_with_a_file_toolc_did_not_write_is_refused(tmp_path):
    out = tmp_path / "out"
    build([MINI], out, **SMALL)
    (out / "sft" / "my-notes.md").write_text("keep me", encoding="utf-8")
    with pytest.raises(errors.InputError, match="my-notes.md"):
        build([MINI], out, **SMALL)
    assert (out / "sft" / "my-notes.md").read_text(encoding="utf-8") == "keep me"


def test_empty_directory_missing_parents_and_earlier_outputs_are_replaced(tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    build([MINI], empty, **SMALL)
    assert is_toolc_output(empty)
    deep = tmp_path / "a" / "b" / "out"
    build([MINI], deep, **SMALL)
    assert is_toolc_output(deep)
    # an output written before the marker existed (and before the incremental-build cache): recognised from its
    # manifest's file list
    (empty / MARKER).unlink()
    shutil.rmtree(empty / ".toolc-cache")
    assert is_toolc_output(empty)
    build([MINI], empty, seed=5, **SMALL)
    assert (empty / MARKER).read_text(encoding="utf-8").startswith(MARKER_HEADER)


def test_marker_lists_every_file_written(tmp_path):
    out = tmp_path / "out"
    build([MINI], out, **SMALL)
    listed = (out / MARKER).read_text(encoding="utf-8").splitlines()[1:]
    present = sorted(str(p.relative_to(out)) for p in out.rglob("*") if p.is_file() and p.name != MARKER)
    assert listed == present and "manifest.json" in listed and "sft/openai/train.parquet" in listed


def test_the_current_directory_is_never_replaced(tmp_path, monkeypatch):
    work = tmp_path / "work"
    (work / "sub").mkdir(parents=True)
    monkeypatch.chdir(work / "sub")
    for out in (work / "sub", work):
        with pytest.raises(errors.InputError, match="current directory"):
            build([MINI], out, force=True, **SMALL)
    assert (work / "sub").is_dir()


def test_a_symlinked_output_replaces_its_target_and_keeps_the_link(tmp_path):
    target = tmp_path / "disk" / "out"
    build([MINI], target, **SMALL)
    link = tmp_path / "out"
    link.symlink_to(target, target_is_directory=True)
    build([MINI], link, seed=6, **SMALL)
    assert link.is_symlink() and is_toolc_output(target)
    assert (link / "manifest.json").read_text(encoding="utf-8") == (target / "manifest.json").read_text(encoding="utf-8")
    assert '"seed": 6' in (target / "manifest.json").read_text(encoding="utf-8")


def test_a_file_where_the_parent_should_be_is_one_line(tmp_path):
    (tmp_path / "afile").write_text("x", encoding="utf-8")
    r = toolc("build", str(MINI), "-o", str(tmp_path / "afile" / "sub" / "out"))
    assert r.returncode == 2
    line = one_error_line(r)
    assert "afile" in line and "not a directory" in line


# ---------------------------------------------------------------------------------------------- lock, leftovers


def test_second_builder_gets_a_clear_message(tmp_path):
    out = tmp_path / "out"
    build([MINI], out, **SMALL)
    before = digest(out)
    fd = os.open(tmp_path / ".out.lock", os.O_RDWR)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        os.pwrite(fd, b"4242\n", 0)
        with pytest.raises(errors.BuildError, match=r"another toolc build \(pid 4242\) is writing"):
            build([MINI], out, seed=9, **SMALL)
        r = toolc("build", str(MINI), "-o", str(out), "--format", "openai", "--sft", "5")
        assert r.returncode == 1 and "another toolc build" in one_error_line(r)
    finally:
        os.close(fd)
    assert digest(out) == before and leftovers(tmp_path) == []
    build([MINI], out, seed=9, **SMALL)  # the lock died with its holder
    assert digest(out) != before


def test_only_leftovers_toolc_made_are_removed(tmp_path):
    out = tmp_path / "out"
    build([MINI], out, **SMALL)
    ours = tmp_path / ".out.tmp-killed"
    (ours / "sft").mkdir(parents=True)
    (ours / MARKER).write_text(MARKER_HEADER + "\n", encoding="utf-8")
    (ours / "sft" / "half.jsonl").write_text("{}", encoding="utf-8")
    empty = tmp_path / ".out.tmp-empty"
    empty.mkdir()
    theirs = tmp_path / ".out.tmp-theirs"
    theirs.mkdir()
    (theirs / "precious.txt").write_text("not toolc's", encoding="utf-8")
    build([MINI], out, **SMALL)
    assert leftovers(tmp_path) == [".out.tmp-theirs"]
    assert (theirs / "precious.txt").read_text(encoding="utf-8") == "not toolc's"


def test_a_swap_cut_between_two_renames_is_undone_at_the_next_start(tmp_path):
    """The fallback swap (no RENAME_EXCHANGE) renames OUT away, then the new tree in; killed in between, the
    next build (under the lock) puts the old output back before anything else."""
    out = tmp_path / "out"
    build([MINI], out, **SMALL)
    before = digest(out)
    os.rename(out, tmp_path / ".out.old-x1")
    staged = tmp_path / ".out.tmp-x2"
    staged.mkdir()
    (staged / MARKER).write_text(MARKER_HEADER + "\n", encoding="utf-8")
    with Output(out):
        assert digest(out) == before  # restored before staging began
    assert leftovers(tmp_path) == []


def test_fallback_swap_without_rename_exchange(tmp_path, monkeypatch):
    monkeypatch.setattr(output_mod, "_exchange", lambda a, b: False)
    out = tmp_path / "out"
    build([MINI], out, **SMALL)
    build([MINI], out, seed=3, **SMALL)
    assert is_toolc_output(out) and leftovers(tmp_path) == []


def test_rename_exchange_swaps_directories_atomically(tmp_path):
    if output_mod._renameat2() is None:
        pytest.skip("renameat2 is not available here")
    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir()
    b.mkdir()
    (a / "x").write_text("a", encoding="utf-8")
    (b / "y").write_text("b", encoding="utf-8")
    assert output_mod._exchange(a, b)
    assert (a / "y").exists() and (b / "x").exists()


# ---------------------------------------------------------------------------------------------- hygiene


@pytest.mark.parametrize("mask,mode", [(0o022, 0o755), (0o077, 0o700), (0o002, 0o775)])
def test_output_honours_the_umask(tmp_path, mask, mode):
    old = os.umask(mask)
    try:
        build([MINI], tmp_path / "out", **SMALL)
    finally:
        os.umask(old)
    out = tmp_path / "out"
    assert out.stat().st_mode & 0o777 == mode
    assert (out / "sft").stat().st_mode & 0o777 == mode
    assert (out / "manifest.json").stat().st_mode & 0o777 == mode & 0o666
    assert (out / "sft" / "openai" / "train.parquet").stat().st_mode & 0o777 == mode & 0o666


def test_writers_do_not_recreate_a_staging_tree_that_vanished(tmp_path, monkeypatch):
    """Another program removes the staging tree mid-build: the build fails with one clear error and installs
    nothing (it used to recreate the folders and install an output missing files its manifest lists)."""
    from toolc.compiler import files

    out = tmp_path / "out"
    build([MINI], out, **SMALL)
    before = digest(out)
    real_finish = files.SplitWriter.finish

    def finish(self, *a, **kw):
        staging = next(tmp_path.glob(".out.tmp-*"))
        shutil.rmtree(staging)
        return real_finish(self, *a, **kw)

    monkeypatch.setattr(files.SplitWriter, "finish", finish)
    with pytest.raises(errors.BuildError, match="vanished"):
        build([MINI], out, seed=4, **SMALL)
    assert digest(out) == before and leftovers(tmp_path) == []


def test_interrupt_mid_build_removes_staging_and_keeps_old(tmp_path, monkeypatch):
    from toolc.compiler import files

    out = tmp_path / "out"
    build([MINI], out, **SMALL)
    before = digest(out)

    def interrupted(self, *a, **kw):
        raise KeyboardInterrupt

    monkeypatch.setattr(files.SplitWriter, "finish", interrupted)
    with pytest.raises(KeyboardInterrupt):
        build([MINI], out, seed=4, **SMALL)
    assert digest(out) == before and leftovers(tmp_path) == []


def _start_big_build(out: Path, *extra: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "toolc.cli", "build", str(MINI), "-o", str(out), "--today",
                             "2025-04-23", "--format", "openai", "--sft", "200000", "--no-progress", *extra],
                            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, preexec_fn=_ctrl_c_on)


def _big_build_over_a_small_one(tmp_path: Path) -> tuple[Path, dict[str, str], subprocess.Popen]:
    """A small build into ``tmp_path/out``, then a big one started into it and writing its staging tree: the output,
    the small build's digest, the big build's process."""
    out = tmp_path / "out"
    build([MINI], out, **SMALL)
    before = digest(out)
    proc = _start_big_build(out)
    _wait_for_staging(tmp_path, proc)
    return out, before, proc


def _ctrl_c_on() -> None:
    """In the child: SIGINT handled as Python does by default, also where the tests run with it ignored (a shell's
    background job): an interpreter that starts with SIGINT ignored keeps ignoring it."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _wait_for_staging(parent: Path, proc: subprocess.Popen, name: str = "out") -> None:
    deadline = time.time() + 120
    while time.time() < deadline and proc.poll() is None and not list(parent.glob(f".{name}.tmp-*")):
        time.sleep(0.02)
    time.sleep(0.3)
    assert proc.poll() is None, proc.communicate()


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
def test_ctrl_c_and_sigterm_exit_130_with_one_line_and_clean_up(tmp_path, sig):
    out, before, proc = _big_build_over_a_small_one(tmp_path)
    proc.send_signal(sig)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 130, err
    assert "Traceback" not in err and err.strip().splitlines() == [f"toolc: interrupted: {out} is unchanged"]
    assert digest(out) == before and leftovers(tmp_path) == []


def test_a_second_interrupt_while_the_first_unwinds_ends_the_process_at_once():
    """Ctrl-C pressed again while the first interrupt's clean-up runs: exit 130 with one line, no traceback (a second
    KeyboardInterrupt cut the clean-up short wherever it landed)."""
    code = ("import os, signal, time\n"
            "from toolc.compiler.output import terminate_as_interrupt\n"
            "with terminate_as_interrupt():\n"
            "    try:\n"
            "        os.kill(os.getpid(), signal.SIGINT)\n"
            "        time.sleep(5)\n"
            "    except KeyboardInterrupt:\n"
            "        os.kill(os.getpid(), signal.SIGTERM)  # while cleaning up\n"
            "        time.sleep(5)\n"
            "        print('clean-up went on')\n")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, cwd=ROOT,
                          preexec_fn=_ctrl_c_on)
    assert proc.returncode == errors.EXIT_INTERRUPTED and proc.stdout == ""
    assert proc.stderr == output_mod.STOPPED_AT_ONCE


def test_ctrl_c_twice_leaves_the_output_and_no_traceback(tmp_path):
    out, before, proc = _big_build_over_a_small_one(tmp_path)
    proc.send_signal(signal.SIGINT)
    time.sleep(0.05)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 130 and "Traceback" not in err, err
    assert err.strip().splitlines()[-1] in (f"toolc: interrupted: {out} is unchanged",
                                            output_mod.STOPPED_AT_ONCE.strip())
    assert digest(out) == before
    build([MINI], out, **SMALL)  # removes a staging tree the second Ctrl-C left
    assert digest(out) == before and leftovers(tmp_path) == []


@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_an_interrupt_python_swallows_still_stops_the_swap(tmp_path):
    """SIGTERM landing where Python ignores exceptions (here a ``__del__``; in a build, the at-fork hook run as the
    workers start) loses its KeyboardInterrupt: the build goes on, and its swap must not happen."""
    out = tmp_path / "out"
    with output_mod.Output(out) as o:
        (o.staging / "a.txt").write_text("old")
        o.commit(["a.txt"])

    class Dies:
        def __del__(self):
            os.kill(os.getpid(), signal.SIGTERM)
            for _ in range(1000):  # the handler runs between bytecodes, inside __del__
                pass

    with pytest.raises(KeyboardInterrupt, match="terminated"):
        with output_mod.terminate_as_interrupt():
            with Output(out) as o:
                (o.staging / "a.txt").write_text("new")
                d = Dies()
                del d  # prints "Exception ignored in ...": the raise went nowhere
                o.commit(["a.txt"])
    assert (out / "a.txt").read_text() == "old" and leftovers(tmp_path) == []
    assert signal.getsignal(signal.SIGTERM) is not None and not output_mod._RECEIVED


def test_killed_build_leaves_previous_output_and_is_cleaned_next_time(tmp_path):
    out, before, proc = _big_build_over_a_small_one(tmp_path)
    proc.kill()
    try:  # a worker left behind by the kill would hold the pipes open (shards._die_with_parent)
        proc.communicate(timeout=120)
    except subprocess.TimeoutExpired:
        pytest.fail("a worker outlived the killed build and kept its output pipes open")
    assert digest(out) == before and leftovers(tmp_path)  # the staging tree is left by kill -9 ...
    build([MINI], out, **SMALL)
    assert digest(out) == before and leftovers(tmp_path) == []  # ... and removed by the next build


# ---------------------------------------------------------------------------------------------- OS errors


@pytest.fixture
def tmpfs(tmp_path):
    """A small tmpfs mounted at tmp_path/fs (root only; skipped elsewhere); unmounted afterwards."""
    mnt = tmp_path / "fs"
    mnt.mkdir()
    r = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(mnt)], capture_output=True)
    if r.returncode != 0:
        pytest.skip("cannot mount a tmpfs here (needs root)")
    try:
        yield mnt
    finally:
        subprocess.run(["umount", "-l", str(mnt)], capture_output=True)


def test_full_disk_is_one_line_and_leaves_nothing(tmpfs):
    out = tmpfs / "out"
    r = toolc("build", str(MINI), "-o", str(out), "--today", "2025-04-23", "--format", "openai,qwen,alpaca",
              "--sft", "20000", "--rm", "0", "--ppo", "0", "--no-progress")
    assert r.returncode == 1
    line = one_error_line(r)
    assert "no space left on device" in line and "unchanged" in line
    assert not out.exists() and leftovers(tmpfs) == []


def test_read_only_location_is_one_line(tmpfs):
    subprocess.run(["mount", "-o", "remount,ro", str(tmpfs)], check=True)
    r = toolc("build", str(MINI), "-o", str(tmpfs / "out"))
    assert r.returncode == 2
    line = one_error_line(r)
    assert "read-only file system" in line and str(tmpfs) in line


@pytest.mark.parametrize("writes, file", [("parquet", "train.parquet"), ("jsonl", "train.jsonl")])
def test_disk_full_while_writing_is_a_build_error(tmp_path, monkeypatch, writes, file):
    """Without a mountable tmpfs: ENOSPC from the Parquet writer, or from the JSONL lines' writer (a thread of its
    own where the build has no workers), becomes one line naming the file, and nothing is left."""
    import errno

    from toolc.compiler import files

    out = tmp_path / "out"
    build([MINI], out, **SMALL)
    before = digest(out)

    def full(*args, **kwargs):  # what pyarrow raises: an errno, no file name
        raise OSError(errno.ENOSPC, "Error writing bytes to file. Detail: [errno 28] No space left on device")

    if writes == "parquet":
        monkeypatch.setattr(files.pq.ParquetWriter, "write_table", full)
    else:
        monkeypatch.setattr(files.SplitWriter, "_write_lines", full)
    with pytest.raises(errors.BuildError, match=f"{file}: no space left on device; .* is unchanged"):
        build([MINI], out, seed=2, **SMALL)
    assert digest(out) == before and leftovers(tmp_path) == []


# ---------------------------------------------------------------------------------------------- crashes, races


KILL_BUILD = """
import datetime, sys
from toolc.compiler.build import build
build([sys.argv[1]], sys.argv[2], today=datetime.date(2025, 4, 23), formats=["openai", "qwen"], sft=int(sys.argv[3]),
      rm=20, ppo=20, seed=int(sys.argv[4]), progress=False)
"""


def _kill_at_random_instants(tmp_path: Path, rounds: int, rng: random.Random) -> None:
    """Builds seed 1 into OUT, then kills builds of seed 2 at random instants: OUT is always the whole seed-1 or
    the whole seed-2 output, and the next build leaves no leftovers."""
    out = tmp_path / "out"
    ref_old, ref_new = tmp_path / "ref1", tmp_path / "ref2"
    build([MINI], ref_old, today=TODAY, formats=["openai", "qwen"], sft=300, rm=20, ppo=20, seed=1, progress=False)
    build([MINI], ref_new, today=TODAY, formats=["openai", "qwen"], sft=300, rm=20, ppo=20, seed=2, progress=False)
    old, new = digest(ref_old), digest(ref_new)
    assert old != new
    t0 = time.time()
    subprocess.run([sys.executable, "-c", KILL_BUILD, str(MINI), str(tmp_path / "timing"), "300", "2"], check=True)
    full = time.time() - t0
    seen = set()
    for _ in range(rounds):
        if not out.exists() or digest(out) != old:
            shutil.rmtree(out, ignore_errors=True)
            shutil.copytree(ref_old, out)
        proc = subprocess.Popen([sys.executable, "-c", KILL_BUILD, str(MINI), str(out), "300", "2"])
        time.sleep(rng.uniform(0, full * 1.1))
        proc.kill()
        proc.wait()
        with Output(out):  # the next start: recovers, cleans leftovers
            pass
        got = digest(out)
        assert got in (old, new), "a crash left a mix of two outputs"
        seen.add("new" if got == new else "old")
        assert leftovers(tmp_path) == []
    return seen


def test_kill_9_at_random_instants_of_a_build(tmp_path):
    _kill_at_random_instants(tmp_path, 2, random.Random(7))


@pytest.mark.slow
def test_kill_9_at_many_random_instants_of_a_build(tmp_path):
    seen = _kill_at_random_instants(tmp_path, 40, random.Random(11))
    assert seen == {"old", "new"}  # the kills landed both before and after the swap


RACER = """
import os, random, sys, time
from pathlib import Path
from toolc.errors import BuildError
from toolc.compiler.output import Output
out, tag, seed = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
rng = random.Random(seed)
try:
    with Output(out) as o:
        files = [f"d{i}/f{j}.txt" for i in range(3) for j in range(4)]
        for f in files:
            (o.staging / f).parent.mkdir(exist_ok=True)
            (o.staging / f).write_text(tag)
            if rng.random() < 0.3:
                time.sleep(rng.uniform(0, 0.004))
        o.commit(files)
except BuildError as e:
    assert "another toolc build" in str(e), e
    sys.exit(3)
"""


def _consistent(out: Path) -> str:
    files = sorted(p for p in out.rglob("*") if p.is_file() and p.name != MARKER)
    tags = {p.read_text() for p in files}
    assert len(files) == 12 and len(tags) == 1, (len(files), tags)
    assert is_toolc_output(out)
    return tags.pop()


def _race(tmp_path: Path, rounds: int, rng: random.Random) -> dict[str, int]:
    out = tmp_path / "out"
    outcomes = {"both": 0, "one locked out": 0, "killed": 0}
    for r in range(rounds):
        a = subprocess.Popen([sys.executable, "-c", RACER, str(out), f"a{r}", str(rng.randrange(10**6))])
        time.sleep(rng.uniform(0, 0.05))
        b = subprocess.Popen([sys.executable, "-c", RACER, str(out), f"b{r}", str(rng.randrange(10**6))])
        if rng.random() < 0.3:
            time.sleep(rng.uniform(0, 0.1))
            rng.choice((a, b)).kill()
            outcomes["killed"] += 1
        codes = sorted((a.wait(), b.wait()))
        if codes == [0, 0]:
            outcomes["both"] += 1
        elif codes == [0, 3]:
            outcomes["one locked out"] += 1
        else:
            assert -signal.SIGKILL in codes, codes
        with Output(out):
            pass
        if out.exists():
            _consistent(out)
        assert leftovers(tmp_path) == []
    return outcomes


def test_two_racing_toolc_builds(tmp_path):
    """Two real `toolc build` runs into one output at once: each either builds or is told another build is
    writing; the output is one whole build."""
    out = tmp_path / "out"
    for seed in ("1",):
        procs = [_start_big_build(out, "--sft", "400", "--seed", s) for s in (seed, "3")]
        results = [p.communicate(timeout=300) + (p.returncode,) for p in procs]
        assert all(code in (0, 1) for _, _, code in results), results
        assert any(code == 0 for _, _, code in results)
        for _, err, code in results:
            assert "Traceback" not in err
            if code == 1:
                assert "another toolc build" in err
        assert is_toolc_output(out) and leftovers(tmp_path) == []


def test_two_racing_builds(tmp_path):
    outcomes = _race(tmp_path, 6, random.Random(3))
    assert sum(outcomes.values()) >= 6


@pytest.mark.slow
def test_two_racing_builds_stress(tmp_path):
    """A few hundred interleavings of two builders into one output, some killed with SIGKILL at random."""
    outcomes = _race(tmp_path, 300, random.Random(5))
    assert outcomes["one locked out"] > 0 and outcomes["both"] > 0 and outcomes["killed"] > 0


def test_an_interrupt_while_the_files_are_finished_waits_for_their_writers():
    """Ctrl-C (or SIGTERM) while a kind's files are finished on threads (build._finish): the interrupt reaches the
    caller only once every writer's thread has stopped -- the caller then discards the writers, and closing a Parquet
    writer that a thread still wrote to crashed the build (SIGSEGV, exit -11) in about one interrupted build in ten."""
    import threading

    from toolc.compiler import build as build_mod

    done: list[int] = []

    class Slow:
        def __init__(self, i: int) -> None:
            self.i = i

        def finish(self, empty_files: bool = True) -> None:
            time.sleep(0.4)
            done.append(self.i)

    threading.Timer(0.1, os.kill, (os.getpid(), signal.SIGINT)).start()
    with pytest.raises(KeyboardInterrupt):
        build_mod._finish([Slow(0), Slow(1), Slow(2)], 2)
    assert sorted(done) == [0, 1]  # the two running finished first; the third was never started
