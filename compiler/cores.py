"""Build stage, parallelism: how many processes compute a build's rows by default (input: this process's CPU
affinity and control groups; output: a count), :func:`default_jobs`."""

from __future__ import annotations

import math
import os

__all__ = ["cgroup_cpus", "default_jobs"]


def default_jobs(root: str = "/") -> int:
    """The cores this process may use: those it may run on (``os.sched_getaffinity``; ``os.cpu_count`` where
    unavailable), or fewer where its control group's CPU quota allows less -- a container started with ``--cpus 2``
    on a 64-core machine sees 64 cores but gets the time of two, and 64 workers would only take turns
    (:func:`cgroup_cpus`). ``root``: where ``/proc`` and ``/sys`` are (tests)."""
    try:
        cores = max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        cores = max(1, os.cpu_count() or 1)
    quota = cgroup_cpus(root)
    return cores if quota is None else max(1, min(cores, quota))


def cgroup_cpus(root: str = "/") -> int | None:
    """The CPUs this process's control groups allow, rounded up; ``None`` without a quota (or off Linux).

    The quota is the tightest of the process's cgroup and its ancestors: cgroup v2's ``cpu.max`` (``"$MAX
    $PERIOD"``, ``max`` for none; https://docs.kernel.org/admin-guide/cgroup-v2.html#cpu-interface-files), cgroup
    v1's ``cpu.cfs_quota_us`` / ``cpu.cfs_period_us`` (``-1`` for none;
    https://docs.kernel.org/scheduler/sched-bwc.html), found through ``/proc/self/cgroup`` and ``/proc/self/mountinfo``.
    An unreadable or malformed file counts as no quota.
    """
    groups = _read(os.path.join(root, "proc/self/cgroup"))
    if not groups:
        return None
    mounts = _read(os.path.join(root, "proc/self/mountinfo")) or ""
    best: float | None = None
    for entry in groups.splitlines():
        parts = entry.split(":", 2)
        if len(parts) != 3:
            continue
        _, controllers, path = parts
        v2 = controllers == ""
        if not v2 and "cpu" not in controllers.split(","):
            continue
        for mount, mount_root in _cgroup_mounts(mounts, v2):
            # the group's path is in its hierarchy; the mount may show a subtree of it (a container's own group)
            rel = (path[len(mount_root):] if path.startswith(mount_root) else path).strip("/")
            while True:  # the process's group, then each ancestor up to the mount's root
                cpus = _group_cpus(os.path.join(root, mount.lstrip("/"), rel), v2)
                if cpus is not None:
                    best = cpus if best is None else min(best, cpus)
                if not rel:
                    break
                rel = os.path.dirname(rel)
    return None if best is None else max(1, math.ceil(best))


def _group_cpus(directory: str, v2: bool) -> float | None:
    """The CPUs one cgroup's own quota allows (quota / period), or ``None``: ``max``, -1, no file, not a number."""
    if v2:
        fields = (_read(os.path.join(directory, "cpu.max")) or "").split()
        quota, period = (fields + ["", ""])[:2]
    else:
        quota = _read(os.path.join(directory, "cpu.cfs_quota_us"))
        period = _read(os.path.join(directory, "cpu.cfs_period_us"))
    try:
        q, p = int(quota), int(period)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return q / p if q > 0 and p > 0 else None


def _read(path: str) -> str | None:
    """A small text file's stripped contents, or ``None`` when it cannot be read."""
    try:
        with open(path, encoding="ascii") as f:
            return f.read().strip()
    except (OSError, UnicodeDecodeError):
        return None


def _cgroup_mounts(mountinfo: str, v2: bool) -> list[tuple[str, str]]:
    """``(mount point, root of the hierarchy it shows)`` of the cgroup v2 hierarchy (``v2``) or of v1's ``cpu``
    controller, from ``/proc/self/mountinfo`` (proc(5): the root is the 4th field, the mount point the 5th, the
    filesystem type follows the `` - `` separator and v1's super options name the controllers); where none is
    listed, the usual place (``/sys/fs/cgroup``, ``/sys/fs/cgroup/cpu``)."""
    found = []
    for line in mountinfo.splitlines():
        head, sep, tail = line.partition(" - ")
        fields, rest = head.split(), tail.split()
        if not sep or len(fields) < 5 or not rest:
            continue
        if (v2 and rest[0] == "cgroup2") or \
                (not v2 and rest[0] == "cgroup" and len(rest) >= 3 and "cpu" in rest[2].split(",")):
            found.append((fields[4], fields[3]))
    return found or [("/sys/fs/cgroup" if v2 else "/sys/fs/cgroup/cpu", "/")]
