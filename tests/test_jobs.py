"""`--jobs N`: rows computed in parallel shards (compiler/shards.py) give byte-identical output for any N, the
same counts in the manifest, and a worker's failure or Ctrl-C leaves the previous output as it was."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from toolc.cli import main
from toolc.compiler import cores, merge, shards
from toolc.compiler.build import build
from toolc.compiler.generate import Generator
from toolc.errors import BuildError, UsageError

HERE = Path(__file__).parent
ROOT = HERE.parent
MINI = HERE / "data" / "mini.tool"
MAIN = ROOT / "specs" / "main.tool"
TODAY = dt.date(2025, 4, 23)


def digest(root: Path) -> dict[str, str]:
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def _leftovers(parent: Path) -> list[str]:
    return sorted(n for n in os.listdir(parent) if n.startswith(".out.") and not n.endswith(".lock"))


#: A scenario whose reply reads the third restaurant of a list of 2..4: rows with two are dropped and counted.
THIRD = """
scenario pick.third {
    user "{city}有什么{cuisine}餐厅？" | "推荐几家{city}的{cuisine}"
    call search_restaurants(location=city, cuisine=cuisine) -> r
    assistant "第三家是{r[2].name}。"
}

"""


@pytest.fixture
def spec(tmp_path) -> Path:
    """mini.tool plus a scenario some of whose rows the verification stage drops."""
    text = MINI.read_text(encoding="utf-8")
    path = tmp_path / "spec" / "mini.tool"
    path.parent.mkdir()
    path.write_text(text.replace("dataset mini {", THIRD + "dataset mini {"), encoding="utf-8")
    return path


@pytest.fixture(autouse=True)
def small_shards(monkeypatch):
    """Shards of 8..32 rows, so that small builds still have many shards, several per scenario, and extra
    rounds for short scenarios."""
    monkeypatch.setattr(merge, "MIN_SHARD_ROWS", 8)
    monkeypatch.setattr(merge, "MAX_SHARD_ROWS", 32)


def test_mini_spec_is_byte_identical_for_jobs_1_2_3(tmp_path, spec):
    outs = {}
    for jobs in (1, 2, 3):
        out = tmp_path / f"j{jobs}"
        m = build([spec], out, today=TODAY, sft=400, rm=120, ppo=90, progress=False, jobs=jobs)
        outs[jobs] = digest(out)
    assert outs[1] == outs[2] == outs[3]
    assert m["verification"]["checked"] > m["verification"]["passed"]  # drops were counted, the same for any N
    # the spec has a scenario that repeats itself (duplicates dropped, a shortfall): the merge decides the same
    assert m["shortfalls"] and sum(m["duplicates_dropped"].values()) > 0


def test_bundled_specs_are_byte_identical_for_jobs_1_2_3(tmp_path):
    outs = {}
    for jobs in (1, 2, 3):
        out = tmp_path / f"j{jobs}"
        build([MAIN], out, today=TODAY, sft=240, rm=120, ppo=60, progress=False, jobs=jobs)
        outs[jobs] = digest(out)
    assert outs[1] == outs[2] == outs[3]


def test_written_rows_are_the_generators_rows_in_order(tmp_path):
    """The sharded build writes exactly the rows `Generator.records` yields, in its order."""
    from toolc.compiler.build import Options, _check, resolve_plan
    from toolc.dsl.diagnostics import Diagnostics

    out = tmp_path / "out"
    build([MINI], out, today=TODAY, sft=200, rm=60, ppo=40, formats=["openai"], progress=False, jobs=2)
    prog, diags, _ = _check([MINI])
    plan = resolve_plan(prog, Options(sft=200, rm=60, ppo=40, formats=("openai",)), Diagnostics())
    gen = Generator(prog, plan, TODAY)
    for kind in ("sft", "rm", "ppo"):
        ids = {"train": [], "test": []}
        for rec in gen.records(kind):
            ids[rec.split].append(rec.id)
        for split, want in ids.items():
            path = out / kind / "openai" / f"{split}.jsonl"
            got = [json.loads(line)["id"] for line in path.read_text().splitlines()] if path.exists() else []
            assert got == want, (kind, split)
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["verification"] == gen.report.to_json()
    assert manifest["duplicates_dropped"] == gen.tally.duplicates_dropped


def test_later_kinds_shards_are_computed_while_rm_rows_are_made(tmp_path, monkeypatch):
    """While the parent makes RM rows one at a time, each worker computes a task of a later kind's shards
    (Workers.ahead; consecutive shards up to GROUP_ROWS rows a task): at most AHEAD_ROWS rows, the very shards the
    later kind's merge claims, the same rows as computed in its turn."""
    from toolc.compiler.build import Options, _check, resolve_plan, _writers
    from toolc.dsl.diagnostics import Diagnostics

    monkeypatch.setattr(shards, "AHEAD_ROWS", 40)
    monkeypatch.setattr(shards, "GROUP_ROWS", 20)
    prog, _, _ = _check([MINI])
    plan = resolve_plan(prog, Options(sft=200, rm=60, ppo=40, formats=("openai",)), Diagnostics())
    gen = Generator(prog, plan, TODAY)
    with shards.Workers(gen, _writers(plan, TODAY, Diagnostics()), 2) as workers:
        first = merge.first_shards(gen, "sft", set(), workers.jobs)
        assert [s.kind for s in first] == ["sft"] * len(first) and sum(s.stop - s.start for s in first) == 200
        workers.ahead(first)
        queued = list(workers._ahead)
        assert queued == first[:len(queued)] and sum(s.stop - s.start for s in queued) <= 40
        assert [s.stop - s.start for s in queued] == [13, 13, 13]
        workers.feed()  # two tasks, one a worker: shards 0 and 1 (26 rows >= GROUP_ROWS), then shard 2
        assert len(workers._running) == 2 and not workers._ahead
        started = dict(workers._early)
        assert list(started) == queued
        assert started[queued[0]].group is started[queued[1]].group is not started[queued[2]].group
        (fut,) = workers.claim_all([queued[1]])
        assert fut is started[queued[1]]
        again = shards.compute(queued[1], encode=False)  # the same shard made here, in its turn
        assert [r[1] for r in fut.result().rows] == [r[1] for r in again.rows]
        workers.end_of("rm")  # the sequential kind ends: nothing more is queued ahead; started shards wait
        assert not workers._ahead and list(workers._early) == [queued[0], queued[2]]
        workers.end_of("sft")  # unclaimed ones of a merged kind are dropped
        assert not workers._early


@pytest.mark.skipif(not hasattr(os, "nice"), reason="os.nice is POSIX")
@pytest.mark.parametrize("rm, nice", [(60, shards.WORKER_NICE), (0, 0)])
def test_workers_yield_to_the_parent_while_it_makes_rm_rows(tmp_path, monkeypatch, rm, nice):
    """A build that makes RM rows (in the parent, one at a time: its critical path) forks its workers
    WORKER_NICE below the parent's priority; a build without RM rows at the parent's own."""
    made = []

    class Recording(shards.Workers):
        def __enter__(self):
            made.append(self)
            entered = super().__enter__()
            self.niceness = self._submit(os.nice, 0).result()  # os.nice(0): a worker's niceness, unchanged
            return entered

    monkeypatch.setattr(shards, "Workers", Recording)
    out = tmp_path / "out"
    assert main(["build", str(MINI), "-o", str(out), "--sft", "200", "--rm", str(rm), "--ppo", "0", "--jobs", "2",
                 "--format", "openai", "--today", TODAY.isoformat()]) == 0
    (workers,) = made
    assert workers.niceness == min(os.nice(0) + nice, 19)


def test_jobs_must_be_a_positive_count(tmp_path):
    with pytest.raises(UsageError, match="jobs"):
        build([MINI], tmp_path / "out", today=TODAY, sft=10, rm=0, ppo=0, progress=False, jobs=0)
    assert main(["build", str(MINI), "-o", str(tmp_path / "o2"), "--jobs", "0"]) == 2
    assert not (tmp_path / "out").exists() and not (tmp_path / "o2").exists()


def _cgroup_root(tmp_path, cgroup: str, mountinfo: str, files: dict[str, str]) -> str:
    """A fake ``/proc/self`` and cgroup tree under ``tmp_path`` (for ``cores.default_jobs(root)``)."""
    (tmp_path / "proc" / "self").mkdir(parents=True)
    (tmp_path / "proc" / "self" / "cgroup").write_text(cgroup)
    (tmp_path / "proc" / "self" / "mountinfo").write_text(mountinfo)
    for rel, text in files.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(text)
    return str(tmp_path)


V2_MOUNT = "30 23 0:26 / /sys/fs/cgroup rw,nosuid - cgroup2 cgroup2 rw\n"
V1_MOUNT = "32 31 0:29 / /sys/fs/cgroup/cpu,cpuacct rw - cgroup cgroup rw,cpu,cpuacct\n"


@pytest.mark.parametrize("case, quota", [
    # cgroup v2, `docker run --cpus 1.5` (a container's own namespace: its group is the root), rounded up
    (("0::/\n", V2_MOUNT, {"sys/fs/cgroup/cpu.max": "150000 100000"}), 2),
    # v2 without a quota at the group, a tighter one at an ancestor (a systemd slice)
    (("0::/user.slice/build.scope\n", V2_MOUNT, {"sys/fs/cgroup/user.slice/build.scope/cpu.max": "max 100000",
                                                  "sys/fs/cgroup/user.slice/cpu.max": "100000 100000"}), 1),
    # v1: the cpu controller mounted with cpuacct, the container's group shown as the mount's root
    (("4:cpu,cpuacct:/docker/abc\n", V1_MOUNT.replace(" / /sys", " /docker/abc /sys"),
      {"sys/fs/cgroup/cpu,cpuacct/cpu.cfs_quota_us": "300000", "sys/fs/cgroup/cpu,cpuacct/cpu.cfs_period_us": "100000"}), 3),
    # no quota: v2 `max`, v1 -1, or no files at all
    (("0::/\n", V2_MOUNT, {"sys/fs/cgroup/cpu.max": "max 100000"}), None),
    (("4:cpu,cpuacct:/\n", V1_MOUNT, {"sys/fs/cgroup/cpu,cpuacct/cpu.cfs_quota_us": "-1",
                                        "sys/fs/cgroup/cpu,cpuacct/cpu.cfs_period_us": "100000"}), None),
    (("0::/\n", "", {}), None),
])
def test_default_jobs_follow_the_cgroup_cpu_quota(tmp_path, case, quota):
    """`--jobs` by default: the cores this process may run on, fewer where its control group's CPU quota allows less
    (a container limited to 2 CPUs on a large machine forks 2 workers, not one per core of the machine)."""
    root = _cgroup_root(tmp_path, *case)
    assert cores.cgroup_cpus(root) == quota
    available = len(os.sched_getaffinity(0))
    assert cores.default_jobs(root) == (available if quota is None else min(available, quota))


def test_default_jobs_ignore_a_malformed_cgroup_file(tmp_path):
    root = _cgroup_root(tmp_path, "0::/\n", V2_MOUNT, {"sys/fs/cgroup/cpu.max": "lots\n"})
    assert cores.cgroup_cpus(root) is None
    assert cores.default_jobs(root) == len(os.sched_getaffinity(0))


def test_a_worker_exception_is_a_clean_bug_report_and_leaves_the_output(tmp_path, monkeypatch, capsys):
    out = tmp_path / "out"
    build([MINI], out, today=TODAY, sft=30, rm=0, ppo=0, formats=["openai"], progress=False, jobs=1)
    before = digest(out)
    real = Generator.row

    def broken(self, kind, scen, i, row_seed):
        if i == 5:
            raise RuntimeError("boom in a worker")
        return real(self, kind, scen, i, row_seed)

    monkeypatch.setattr(Generator, "row", broken)  # the workers are forked: they see it too
    monkeypatch.delenv("TOOLC_BACKTRACE", raising=False)
    status = main(["build", str(MINI), "-o", str(out), "--today", "2025-04-23", "--sft", "300", "--rm", "0",
                   "--ppo", "0", "--format", "openai", "--no-progress", "--jobs", "2"])
    err = capsys.readouterr().err
    assert status == 70
    assert "boom in a worker" in err and "Traceback" not in err
    assert digest(out) == before and _leftovers(tmp_path) == []


def test_a_killed_worker_stops_the_build_with_one_error(tmp_path, monkeypatch):
    out = tmp_path / "out"
    build([MINI], out, today=TODAY, sft=30, rm=0, ppo=0, formats=["openai"], progress=False, jobs=1)
    before = digest(out)
    real = Generator.row

    def killed(self, kind, scen, i, row_seed):
        if i == 7 and os.getpid() != parent:
            os.kill(os.getpid(), signal.SIGKILL)
        return real(self, kind, scen, i, row_seed)

    parent = os.getpid()
    monkeypatch.setattr(Generator, "row", killed)
    with pytest.raises(BuildError, match="worker process died"):
        build([MINI], out, today=TODAY, sft=300, rm=0, ppo=0, formats=["openai"], progress=False, jobs=2)
    assert digest(out) == before and _leftovers(tmp_path) == []


def test_ctrl_c_stops_the_workers_and_leaves_the_previous_output(tmp_path):
    out = tmp_path / "out"
    build([MINI], out, today=TODAY, sft=30, rm=0, ppo=0, formats=["openai"], progress=False, jobs=1)
    before = digest(out)
    proc = subprocess.Popen([sys.executable, "-m", "toolc.cli", "build", str(MINI), "-o", str(out), "--today",
                             "2025-04-23", "--format", "openai", "--sft", "200000", "--no-progress", "--jobs", "2"],
                            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)
    deadline = time.time() + 120
    while time.time() < deadline and proc.poll() is None and not list(tmp_path.glob(".out.tmp-*")):
        time.sleep(0.02)
    time.sleep(1.0)  # workers are computing shards
    assert proc.poll() is None, proc.communicate()
    os.killpg(proc.pid, signal.SIGINT)  # as a terminal's Ctrl-C: the whole process group
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 130, err
    assert "Traceback" not in err and err.strip().splitlines() == [f"toolc: interrupted: {out} is unchanged"]
    assert digest(out) == before and _leftovers(tmp_path) == []
    deadline = time.time() + 10
    while time.time() < deadline:  # no worker left behind
        try:
            os.killpg(proc.pid, 0)
        except ProcessLookupError:
            break
        time.sleep(0.1)
    with pytest.raises(ProcessLookupError):
        os.killpg(proc.pid, 0)


@pytest.mark.slow
def test_sigterm_at_random_instants_never_hangs_a_parallel_build(tmp_path):
    """A worker stopped halfway through sending a result left the executor's manager thread reading the rest
    forever (3 hangs in 26 SIGTERMs at random instants before the fix in ``Workers.__exit__``)."""
    import random

    rng = random.Random(7)
    for i in range(20):
        out = tmp_path / f"out{i}"
        proc = subprocess.Popen([sys.executable, "-m", "toolc.cli", "build", str(MINI), "-o", str(out), "--today",
                                 "2025-04-23", "--format", "openai", "--sft", "200000", "--no-progress", "--jobs", "2"],
                                cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        time.sleep(rng.uniform(0.8, 4.0))
        proc.send_signal(signal.SIGTERM)
        try:
            proc.communicate(timeout=60)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.communicate()
            pytest.fail(f"build {i} hung after SIGTERM")
        assert proc.returncode in (130, 0, -signal.SIGTERM)


def test_spooled_rows_come_back_as_the_worker_wrote_them(tmp_path):
    """A worker's rows go through a file (compiler/spool.py): the parent gets the picked rows' JSONL bytes as byte
    ranges (consecutive rows joined) and their Arrow rows; the file is gone once opened, its descriptors closed
    by `release`."""
    import pyarrow as pa

    from toolc.compiler.spool import open_result, write_result

    lines = [b'{"a":1}', b'{"a":22}', b'{"a":333}', b'{"a":4}']
    batch = pa.record_batch({"a": [1, 22, 333, 4]})
    encoded = write_result({("openai", "train"): (lines, batch), ("openai", "test"): ([b'{"a":5}'], batch.slice(0, 1))},
                           tmp_path)
    assert {len(s) for s in encoded.values()} == {4, 1}
    got = open_result(encoded, {("openai", "train"): [0, 2, 3]})
    assert os.listdir(tmp_path) == []  # removed once open
    parts, rows, release = got[("openai", "train")]
    assert len(parts) == 2  # rows 0, then 2..3
    text = b"".join(os.pread(fd, stop - start, start) for fd, start, stop in parts)
    assert text == b'{"a":1}\n{"a":333}\n{"a":4}\n'
    assert rows.column("a").to_pylist() == [1, 333, 4]
    release()
    with pytest.raises(OSError):
        os.fstat(parts[0][0])


def test_a_tasks_shards_share_one_spool_file(tmp_path):
    """The small shards of one task are encoded together and spooled to one file (shards._encode, spool.share): each
    shard's entry names its slice of the rows; the parent reads a batch once, gives each member its own rows and
    descriptor, removes the file when it first opens it and closes it after the last member; the file of members
    never read (computed past a scenario's end) is closed by close_shared."""
    import pyarrow as pa

    from toolc.compiler.spool import _SHARED, close_shared, open_result, share, write_result

    key = ("openai", "train")
    lines = [b'{"a":%d}' % i for i in range(6)]
    whole = write_result({key: (lines, pa.record_batch({"a": list(range(6))}))}, tmp_path)
    members = share(whole, [{key: (0, 2)}, {}, {key: (2, 3)}, {key: (5, 1)}])
    assert members[1] == {} and [len(m[key]) for m in (members[0], members[2], members[3])] == [2, 3, 1]
    assert {m[key].members for m in (members[0], members[2], members[3])} == {3}  # (the one without rows: never read)

    def read(got):
        parts, rows, release = got[key]
        text = b"".join(os.pread(fd, stop - start, start) for fd, start, stop in parts)
        release()
        return text, rows.column("a").to_pylist()

    assert read(open_result(members[0], {key: [0, 1]})) == (b'{"a":0}\n{"a":1}\n', [0, 1])
    assert os.listdir(tmp_path) == [] and len(_SHARED) == 1  # removed once open, kept open for the others
    assert read(open_result(members[2], {key: [0, 2]})) == (b'{"a":2}\n{"a":4}\n', [2, 4])
    fd = _SHARED[whole[key].path].fd
    close_shared()  # the last member is never read
    assert not _SHARED
    with pytest.raises(OSError):
        os.fstat(fd)
    whole = write_result({key: (lines[:2], pa.record_batch({"a": [0, 1]}))}, tmp_path)
    first, last = share(whole, [{key: (0, 1)}, {key: (1, 1)}])
    assert read(open_result(first, {key: [0]})) == (b'{"a":0}\n', [0])
    assert read(open_result(last, {key: [0]})) == (b'{"a":1}\n', [1])
    assert not _SHARED  # closed after its last member


def test_small_shards_are_computed_and_spooled_a_few_a_task(tmp_path, spec, monkeypatch):
    """Consecutive small shards go to a worker as one task (merge.run_kind, shards.groups_with), whose rows are encoded
    and spooled together: fewer spool files than shards, and the same bytes as one process makes."""
    from toolc.compiler import spool

    log = tmp_path / "log.txt"
    encode, write_result = shards._encode, spool.write_result

    def logged_encode(results):
        with open(log, "a", encoding="utf-8") as f:
            f.write(f"shards {len(results)}\n")
        return encode(results)

    def logged_write(encoded, directory):
        with open(log, "a", encoding="utf-8") as f:
            f.write("file 1\n")
        return write_result(encoded, directory)

    monkeypatch.setattr(shards, "_encode", logged_encode)  # the workers are forked after: they log too
    monkeypatch.setattr(spool, "write_result", logged_write)
    build([spec], tmp_path / "j2", today=TODAY, sft=400, rm=0, ppo=90, progress=False, jobs=2)
    made = [line.split() for line in log.read_text(encoding="utf-8").splitlines()]
    files = sum(int(n) for what, n in made if what == "file")
    tasks = [int(n) for what, n in made if what == "shards"]  # (the warm-up's rows, encoded here, too)
    assert max(tasks) > 1 and files < sum(tasks) / 2
    build([spec], tmp_path / "j1", today=TODAY, sft=400, rm=0, ppo=90, progress=False, jobs=1)
    assert digest(tmp_path / "j1") == digest(tmp_path / "j2")


def test_kept_rows_are_sliced_out_of_a_shards_batch_as_take_would_pick_them():
    """spool.take_rows: the rows at ascending positions, as ``RecordBatch.take`` gives them (values and type), for
    every pattern of kept and left-out rows of a small batch (runs of consecutive rows become slices)."""
    import itertools

    import pyarrow as pa

    from toolc.compiler.spool import take_rows

    batch = pa.record_batch({"n": list(range(6)), "s": [f"r{i}" for i in range(6)],
                             "m": [[{"role": "user", "content": str(i)}] for i in range(6)]})
    for keep in itertools.product((True, False), repeat=6):
        positions = [i for i, k in enumerate(keep) if k]
        got = take_rows(batch, positions)
        want = batch.take(pa.array(positions, pa.int64()))
        assert got.schema == batch.schema and got.to_pylist() == want.to_pylist(), positions


_EARLY_SIGNAL = r'''
import os, signal, time
from toolc.compiler import merge, shards
from toolc.compiler.output import terminate_as_interrupt
shards._warm_up = lambda: None
init = shards._worker_init
def slow(*args):  # the window between a worker's fork and its own signal handlers, made wide
    time.sleep(1.5)
    init(*args)
shards._worker_init = slow
with terminate_as_interrupt():
    w = shards.Workers(None, [], 2)
    w.__enter__()
    w.submit(shards.Shard("sft", "x", 0, 1))
    time.sleep(0.3)
    procs = list(w._pool._processes.values())
    for p in procs:
        os.kill(p.pid, signal.SIGTERM)
    time.sleep(2.5)
    print([p.exitcode for p in procs], flush=True)
    os._exit(0)
'''


def test_a_worker_signalled_before_it_is_set_up_ends_without_a_traceback():
    """A worker stopped (the parent's Ctrl-C handling sends SIGTERM) before its initializer replaced the parent's
    handlers ended in the parent's ``terminate_as_interrupt`` handler: a KeyboardInterrupt traceback on stderr, which
    CI met once as ``Process ForkProcess-2:``. Workers are forked with the signals blocked: it ends as SIGTERM says."""
    proc = subprocess.run([sys.executable, "-c", _EARLY_SIGNAL], capture_output=True, text=True, timeout=60)
    assert "Traceback" not in proc.stderr and "KeyboardInterrupt" not in proc.stderr, proc.stderr
    assert proc.stdout.strip() == f"[-{int(signal.SIGTERM)}, -{int(signal.SIGTERM)}]", proc.stdout


def test_a_worker_whose_parent_died_before_it_was_set_up_exits_at_once():
    """``prctl(PR_SET_PDEATHSIG)`` is no help when the parent died between the fork and the call (prctl(2)): a worker
    then sees another parent and exits, instead of waiting forever on a queue it holds open itself (a ``kill -9``
    landing as the workers start left one behind, holding the build's stdout open). One whose parent lives goes on."""
    for parent, status in ((os.getpid(), 0), (os.getpid() + 1_000_000, 1)):
        child = os.fork()
        if child == 0:  # pragma: no cover - the forked child
            shards._die_with_parent(parent)
            os._exit(0)
        _, code = os.waitpid(child, 0)
        assert os.waitstatus_to_exitcode(code) == status


def test_a_task_of_shards_raises_each_shards_error_at_its_own_result(monkeypatch):
    """Shards computed ahead go to a worker a few at a time (shards.compute_group): a shard that raises does not hide
    the others' results, and its error (with the worker's traceback as a note) is raised where its result is asked
    for, as it is with one shard a task."""
    from concurrent.futures import Future

    from toolc.compiler import shards

    def compute(shard, encode=True):
        assert not encode  # a task's shards are encoded together, after the last one (shards._encode)
        if shard.start == 4:
            raise ValueError(f"broken row {shard.start}")
        return shards.ShardResult(shard.scenario)

    monkeypatch.setattr(shards, "compute", compute)
    group = [shards.Shard("ppo", "a", 0, 4), shards.Shard("ppo", "a", 4, 8), shards.Shard("ppo", "b", 0, 4)]
    fut = Future()
    fut.set_result(shards.compute_group(group))
    members = [shards._Member(fut, i) for i in range(3)]
    assert all(m.done() for m in members) and not members[0].cancel()
    assert members[0].result().scenario == "a" and members[2].result().scenario == "b"
    with pytest.raises(ValueError, match="broken row 4") as info:
        members[1].result()
    assert "in compute" in "\n".join(info.value.__notes__)
