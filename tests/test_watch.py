"""toolc watch: one build at the start, then exactly one rebuild for one edit; errors are shown and the watch goes on."""

from __future__ import annotations

import datetime as dt
import json
import threading
import time
from pathlib import Path

from toolc.compiler.watch import watch

MINI = Path(__file__).parent / "data" / "mini.tool"
OPTIONS = {"today": dt.date(2025, 4, 23), "formats": ["openai"], "sft": 20, "rm": 10, "ppo": 5}


def _start(spec_dir: Path, out: Path):
    events, done = [], threading.Event()
    thread = threading.Thread(target=watch, args=([spec_dir], out, OPTIONS),
                              kwargs={"report": events.append, "interval": 0.05, "stop": done.is_set}, daemon=True)
    thread.start()
    return events, done, thread


def _wait(events: list, n_builds: int, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while sum(e.kind in ("built", "failed") for e in events) < n_builds:
        assert time.monotonic() < deadline, [e.kind for e in events]
        time.sleep(0.05)


def test_one_edit_one_rebuild(tmp_path):
    spec = tmp_path / "specs" / "mini.tool"
    spec.parent.mkdir()
    text = MINI.read_text(encoding="utf-8")
    spec.write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    events, done, thread = _start(spec.parent, out)
    try:
        _wait(events, 1)
        assert [e.kind for e in events] == ["built"]
        first = (out / "sft" / "openai" / "train.jsonl").read_text(encoding="utf-8")
        time.sleep(0.1)  # a different mtime even on coarse file systems
        spec.write_text(text.replace('"搜索某地的餐厅"', '"搜索某地的饭店"'), encoding="utf-8")
        _wait(events, 2)
        time.sleep(0.5)  # and no further rebuild for the same edit
        assert [e.kind for e in events] == ["built", "changed", "built"], events
        assert "mini.tool" in events[1].detail
        second = (out / "sft" / "openai" / "train.jsonl").read_text(encoding="utf-8")
        assert second != first and "搜索某地的饭店" in second
        # a spec error is reported and the last good build stays
        spec.write_text(text.replace("call get_weather(city=city)", "call get_wether(city=city)", 1), encoding="utf-8")
        _wait(events, 3)
        assert events[-1].kind == "failed" and "E101" in events[-1].detail
        assert (out / "sft" / "openai" / "train.jsonl").read_text(encoding="utf-8") == second
        assert json.loads((out / "manifest.json").read_text(encoding="utf-8"))["dataset"] == "mini"
    finally:
        done.set()
        thread.join(timeout=30)
    assert not thread.is_alive()
