"""Start-up tests: ``toolc check`` and ``toolc build`` do not import the heavy libraries they do not use.

``datasets``, ``torch`` and ``transformers`` take seconds to import (``python -X importtime``), more than
checking a spec or building thousands of rows; a build needs none of them (files: orjson and pyarrow; chat
templates: :mod:`compiler.families.jinja_env`), nor pandas (:func:`compiler.files.skip_pandas_probe`).
Each command runs in a fresh interpreter, which then reports the modules it imported.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
HEAVY = ("datasets", "torch", "transformers", "trl", "peft", "accelerate")

_PROBE = """
import json, sys
from toolc import cli
try:
    code = cli.main(sys.argv[1:])
except SystemExit as exc:
    code = exc.code
print(json.dumps({"code": code, "modules": sorted({m.split(".")[0] for m in sys.modules})}), file=sys.stderr)
"""


def _imported(*argv: str) -> set[str]:
    out = subprocess.run([sys.executable, "-c", _PROBE, *argv], capture_output=True, text=True, cwd=ROOT, timeout=300)
    report = json.loads(out.stderr.strip().splitlines()[-1])
    assert report["code"] in (0, None), out.stderr
    return set(report["modules"])


def test_check_imports_no_heavy_library() -> None:
    imported = _imported("check", "specs/main.tool")
    assert imported.isdisjoint(HEAVY + ("pandas", "polars", "jinja2", "jsonschema")), sorted(imported & set(HEAVY))


@pytest.mark.parametrize("fmt", ["openai", "qwen", "chat:llama3_1-train"])
def test_build_imports_no_heavy_library(tmp_path: Path, fmt: str) -> None:
    imported = _imported("build", "specs/main.tool", "-o", str(tmp_path / "out"), "--today", "2025-04-23",
                         "--format", fmt, "--sft", "40", "--rm", "20", "--ppo", "10", "--no-progress")
    assert (tmp_path / "out" / "manifest.json").is_file()
    assert imported.isdisjoint(HEAVY + ("pandas",)), sorted(imported & set(HEAVY + ("pandas",)))


def test_a_parallel_build_imports_no_pyarrow_compute(tmp_path: Path) -> None:
    """The merge picks a shard's kept rows out of its Arrow batch by slicing (compiler.spool.take_rows):
    ``RecordBatch.take`` imported ``pyarrow.compute``, ~60 ms of the parent's start on every build that drops a
    duplicate, for nothing else. This build drops some (mini.tool repeats itself) and merges workers' shards."""
    probe = _PROBE.replace('sorted({m.split(".")[0] for m in sys.modules})', '"pyarrow.compute" in sys.modules')
    out = subprocess.run([sys.executable, "-c", probe, "build", "tests/data/mini.tool", "-o", str(tmp_path / "out"),
                          "--today", "2025-04-23", "--format", "openai", "--sft", "400", "--rm", "0", "--ppo", "60",
                          "--jobs", "2", "--no-progress"], capture_output=True, text=True, cwd=ROOT, timeout=300)
    report = json.loads(out.stderr.strip().splitlines()[-1])
    assert report["code"] in (0, None), out.stderr
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text(encoding="utf-8"))
    assert sum(manifest["duplicates_dropped"].values()) > 0
    assert report["modules"] is False


def test_a_build_starts_no_blas_threads(tmp_path: Path) -> None:
    """pyarrow imports numpy, whose OpenBLAS starts a thread per core that spins ~0.1 s of CPU for nothing (no
    command but training multiplies matrices): a build's interpreter has one BLAS thread, unless the user set
    ``OPENBLAS_NUM_THREADS`` (kept)."""
    import os

    probe = _PROBE.replace('sorted({m.split(".")[0] for m in sys.modules})',
                           '[os.environ.get("OPENBLAS_NUM_THREADS"), "numpy" in sys.modules]').replace(
        "import json, sys", "import json, os, sys")
    argv = ["build", "tests/data/mini.tool", "-o", str(tmp_path / "out"), "--today", "2025-04-23", "--format",
            "openai", "--sft", "20", "--rm", "0", "--ppo", "0", "--no-progress"]
    for preset, want in ((None, "1"), ("2", "2")):
        env = {k: v for k, v in os.environ.items() if k != "OPENBLAS_NUM_THREADS"}
        if preset is not None:
            env["OPENBLAS_NUM_THREADS"] = preset
        out = subprocess.run([sys.executable, "-c", probe, *argv, "--force"], capture_output=True, text=True,
                             cwd=ROOT, timeout=300, env=env)
        report = json.loads(out.stderr.strip().splitlines()[-1])
        assert report["code"] in (0, None), out.stderr
        assert report["modules"] == [want, True]  # numpy was loaded, after the setting
