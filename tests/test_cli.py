"""The command line as a user meets it: exit codes, messages, no traceback for any bad spec."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
MINI = ROOT / "tests" / "data" / "mini.tool"


def toolc(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "toolc.cli", *args], capture_output=True, text=True,
                          cwd=cwd or ROOT, timeout=300)


def test_check_ok_exits_zero():
    r = toolc("check", str(MINI))
    assert r.returncode == 0, r.stderr
    assert "3 tools" in r.stdout and "6 scenarios" in r.stdout


def test_check_reports_every_error_with_caret_and_hint(tmp_path):
    bad = tmp_path / "bad.tool"
    bad.write_text(MINI.read_text(encoding="utf-8")
                   .replace('user "查一下{city}的天气"', 'user "查一下{cty}的天气"')
                   .replace("call get_weather(city=city)\n", "call get_wether(city=city)\n")
                   .replace("slot city    = faker.city", "slot city    = faker.cty"), encoding="utf-8")
    r = toolc("check", str(bad), cwd=tmp_path)
    assert r.returncode == 1
    err = r.stderr
    assert "Traceback" not in err
    assert "bad.tool:" in err and "error[E102]: unknown slot `cty`" in err
    assert "did you mean `city`?" in err
    assert "unknown tool `get_wether`" in err and "did you mean `get_weather`?" in err
    assert "unknown Faker provider `cty`" in err
    assert "^^^" in err
    assert err.strip().endswith("errors")


def test_json_error_format(tmp_path):
    bad = tmp_path / "bad.tool"
    bad.write_text('tool t {\n  x: strin\n}\n', encoding="utf-8")
    r = toolc("check", "--error-format", "json", str(bad), cwd=tmp_path)
    assert r.returncode == 1
    errs = json.loads(r.stdout)
    assert errs and {"code", "message", "file", "line", "col"} <= set(errs[0])


@pytest.mark.parametrize("content", [
    b"\x00\x01\x02binary\xff\xfe",
    b"",
    "tool get_weather \"x\" {\n    city: string \"城市".encode(),
    "locale zh_CN\nslot s = \"北京\" | \"".encode("utf-8"),
    "slot s = \"caf\xe9\"\n".encode("latin-1"),
    b"tool " + b"a" * 100 + b" {" * 5000,
])
def test_bad_files_never_show_a_traceback(tmp_path, content):
    p = tmp_path / "x.tool"
    p.write_bytes(content)
    r = toolc("check", str(p), cwd=tmp_path)
    assert "Traceback" not in r.stderr + r.stdout
    assert r.returncode in (0, 1)
    if content:
        assert r.returncode == 1 and "x.tool" in r.stderr


def test_usage_errors_exit_two(tmp_path):
    assert toolc().returncode == 2
    assert toolc("check").returncode == 2
    assert toolc("frobnicate").returncode == 2
    r = toolc("check", str(tmp_path / "missing.tool"))
    assert r.returncode == 1 and "Traceback" not in r.stderr
    assert toolc("stats", str(tmp_path)).returncode == 2


def test_build_and_stats(tmp_path):
    out = tmp_path / "out"
    r = toolc("build", str(MINI), "-o", str(out), "--today", "2025-04-23", "--format", "openai,qwen",
              "--sft", "60", "--rm", "30", "--ppo", "20")
    assert r.returncode == 0, r.stderr
    assert "built dataset `mini`" in r.stdout
    s = toolc("stats", str(out))
    assert s.returncode == 0, s.stderr
    for word in ("rows", "scenarios", "tool calls", "rm perturbations", "get_weather", "weather.single"):
        assert word in s.stdout


def test_build_with_spec_errors_exits_one_and_writes_nothing(tmp_path):
    bad = tmp_path / "bad.tool"
    bad.write_text(MINI.read_text(encoding="utf-8").replace("format qwen,", "format qwenn,"), encoding="utf-8")
    r = toolc("build", str(bad), "-o", str(tmp_path / "out"))
    assert r.returncode == 1 and "did you mean `qwen`?" in r.stderr
    assert not (tmp_path / "out").exists()


def test_export_import_round_trip(tmp_path):
    r = toolc("export", str(MINI))
    assert r.returncode == 0, r.stderr
    (tmp_path / "tools.json").write_text(r.stdout, encoding="utf-8")
    back = toolc("import", str(tmp_path / "tools.json"))
    assert back.returncode == 0, back.stderr
    (tmp_path / "t.tool").write_text(back.stdout, encoding="utf-8")
    again = toolc("export", str(tmp_path / "t.tool"))
    assert again.returncode == 0, again.stderr
    assert json.loads(again.stdout) == json.loads(r.stdout)


def test_stats_into_a_closed_pipe_shows_no_traceback(tmp_path):
    """`toolc stats out | head -1`: the reader leaves early; toolc stops quietly with 128 + SIGPIPE."""
    out = tmp_path / "out"
    assert toolc("build", str(MINI), "-o", str(out), "--today", "2025-04-23", "--format", "openai",
                 "--sft", "60", "--rm", "0", "--ppo", "0").returncode == 0
    read_end, write_end = os.pipe()
    os.close(read_end)  # the reader is already gone when toolc writes: every write fails with EPIPE
    try:
        r = subprocess.run([sys.executable, "-m", "toolc.cli", "stats", str(out)], cwd=ROOT, stdout=write_end,
                           stderr=subprocess.PIPE, text=True, timeout=120)
    finally:
        os.close(write_end)
    assert r.returncode == 141, r.stderr
    assert "Traceback" not in r.stderr


def test_the_script_ends_without_freeing_objects_yet_loses_no_output(tmp_path):
    """The console script (toolc.cli:script) ends with os._exit after toolc's own commands: what they print through a
    pipe (block-buffered, so still in Python's buffer at the end) arrives whole, the exit status is kept, and the
    exit handlers ran (an atexit handler registered during the command writes its file)."""
    marker = tmp_path / "atexit.txt"
    probe = ("import atexit, sys\nfrom pathlib import Path\nfrom toolc import cli\n"
             f"atexit.register(lambda: Path({str(marker)!r}).write_text('ran'))\n"
             "sys.argv = ['toolc', *sys.argv[1:]]\ncli.script()\nprint('not reached')\n")
    r = subprocess.run([sys.executable, "-c", probe, "export", str(MINI)], cwd=ROOT, capture_output=True, text=True,
                       timeout=120)
    assert r.returncode == 0, r.stderr
    assert r.stdout == toolc("export", str(MINI)).stdout and json.loads(r.stdout) and "not reached" not in r.stdout
    assert marker.read_text() == "ran"
    bad = tmp_path / "bad.tool"
    bad.write_text("tool t {\n  x: strin\n}\n", encoding="utf-8")
    r = subprocess.run([sys.executable, "-c", probe, "check", "--error-format", "json", str(bad)], cwd=ROOT,
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 1 and json.loads(r.stdout), (r.returncode, r.stdout, r.stderr)


# ---------------------------------------------------------------------------------------------- error handling


def _raise(exc: BaseException):
    def fail(*args, **kwargs):
        raise exc
    return fail


@pytest.mark.parametrize("argv,target", [
    (["check", "x.tool"], "toolc.compiler.check.check"),
    (["model", "tiny", "--data", "d"], "toolc.train.tiny.main"),  # a delegated command: the same handling
])
def test_a_bug_is_reported_as_one_short_block_not_a_traceback(argv, target, monkeypatch, capsys):
    """An exception that is not a ToolcError is a bug in toolc: version, the exception, where it was raised, and
    how to file it; exit status 70; the traceback only with TOOLC_BACKTRACE=1."""
    from toolc.cli import main
    from toolc.errors import EXIT_BUG

    monkeypatch.setattr(target, _raise(ZeroDivisionError("division by zero")))
    monkeypatch.delenv("TOOLC_BACKTRACE", raising=False)
    assert main(argv) == EXIT_BUG
    captured = capsys.readouterr()
    err = captured.err
    assert "Traceback" not in err and not captured.out
    lines = err.splitlines()
    assert lines[0].startswith("error: internal error in toolc ") and "this is a bug in toolc" in lines[0]
    assert lines[1] == "  ZeroDivisionError: division by zero"
    assert lines[2].startswith("  at ") and "in fail" in lines[2]
    assert "file an issue" in lines[3] and "TOOLC_BACKTRACE=1" in lines[3] and len(lines) == 4
    monkeypatch.setenv("TOOLC_BACKTRACE", "1")
    assert main(argv) == EXIT_BUG
    err = capsys.readouterr().err
    assert err.startswith("Traceback (most recent call last):") and "error: internal error in toolc" in err


def test_ctrl_c_is_one_line_and_exit_130(monkeypatch, capsys):
    from toolc.cli import main

    monkeypatch.setattr("toolc.compiler.check.check", _raise(KeyboardInterrupt()))
    assert main(["check", "x.tool"]) == 130
    assert capsys.readouterr().err == "toolc: interrupted\n"
    monkeypatch.setattr("toolc.train.tiny.main", _raise(KeyboardInterrupt()))
    assert main(["model", "tiny"]) == 130


def test_ctrl_c_in_a_real_process():
    """SIGINT while a command runs: one line on stderr, status 130, no traceback."""
    import signal

    code = ("import sys, time, toolc.compiler.check as b\n"
            "def slow(paths):\n    print('running', flush=True)\n    time.sleep(60)\n"
            "b.check = slow\n"
            "from toolc.cli import main\nsys.exit(main(['check', 'x.tool']))\n")
    p = subprocess.Popen([sys.executable, "-c", code], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert p.stdout.readline() == "running\n"  # inside the command
    p.send_signal(signal.SIGINT)
    out, err = p.communicate(timeout=60)
    assert p.returncode == 130, err
    assert err == "toolc: interrupted\n"


def test_a_missing_output_parent_is_one_line_naming_the_path(tmp_path):
    """OSErrors on paths the user named are one line with the path and the reason."""
    (tmp_path / "file").write_text("x", encoding="utf-8")
    r = toolc("import", str(tmp_path / "nope.json"))
    assert r.returncode == 2 and r.stderr == f"error: {tmp_path / 'nope.json'}: cannot read: no such file or directory\n"
    r = toolc("stats", str(tmp_path / "file"))
    assert r.returncode == 2 and r.stderr.count("\n") == 1 and "does not exist" in r.stderr


def test_import_of_a_fifo_is_one_line_without_blocking(tmp_path):
    os.mkfifo(tmp_path / "tools.json")
    r = toolc("import", str(tmp_path / "tools.json"))
    assert r.returncode == 2 and "Traceback" not in r.stderr
    assert r.stderr == f"error: {tmp_path / 'tools.json'}: cannot read: it is a FIFO (named pipe), not a regular file\n"


def test_errors_into_a_closed_pipe_show_no_traceback(tmp_path):
    """`toolc check bad.tool --error-format json | head -1`: printing the diagnostics meets a closed pipe."""
    bad = tmp_path / "bad.tool"
    bad.write_text("tool t { x: int }\n" * 3000, encoding="utf-8")
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        r = subprocess.run([sys.executable, "-m", "toolc.cli", "check", "--error-format", "json", str(bad)], cwd=ROOT,
                           stdout=write_end, stderr=subprocess.PIPE, text=True, timeout=120)
    finally:
        os.close(write_end)
    assert r.returncode == 141, r.stderr
    assert "Traceback" not in r.stderr


def _tree_bytes(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_same_specs_from_two_folders_give_identical_bytes(tmp_path):
    """`source` and the manifest name spec files relative to the spec tree, not to the working directory."""
    import shutil

    a, b = tmp_path / "a" / "specs", tmp_path / "elsewhere" / "deeper" / "specs"
    shutil.copytree(ROOT / "specs", a, ignore=shutil.ignore_patterns("__*"))
    shutil.copytree(ROOT / "specs", b, ignore=shutil.ignore_patterns("__*"))
    flags = ["--today", "2026-12-02", "--format", "openai,alpaca", "--sft", "40", "--rm", "20", "--ppo", "10",
             "--no-progress"]
    r1 = toolc("build", "specs/main.tool", "-o", str(tmp_path / "out1"), *flags, cwd=a.parent)
    r2 = toolc("build", str(b / "main.tool"), "-o", str(tmp_path / "out2"), *flags, cwd=tmp_path)
    assert r1.returncode == 0 and r2.returncode == 0, r1.stderr + r2.stderr
    one, two = _tree_bytes(tmp_path / "out1"), _tree_bytes(tmp_path / "out2")
    assert one == two
    row = json.loads(one["sft/openai/train.jsonl"].splitlines()[0])
    assert row["source"] in {p.name for p in a.glob("*.tool")}  # e.g. "weather_zh.tool"
    assert "main.tool" in json.loads(one["manifest.json"])["specs"]


def test_a_directory_names_every_tool_file_in_its_tree(tmp_path):
    r = toolc("check", "specs")
    assert r.returncode == 0 and "17 tools" in r.stdout, r.stderr
    nested = tmp_path / "proj" / "tools"
    nested.mkdir(parents=True)
    (nested / "t.tool").write_text('tool t "x" { a: int }\n', encoding="utf-8")
    (tmp_path / "proj" / "s.tool").write_text('import "tools/t.tool"\nscenario s { user "hi" call t(a=1) }\n',
                                              encoding="utf-8")
    (tmp_path / "proj" / ".hidden").mkdir()
    (tmp_path / "proj" / ".hidden" / "broken.tool").write_text("tool {", encoding="utf-8")
    r = toolc("check", str(tmp_path / "proj"))
    assert r.returncode == 0 and "1 tools" in r.stdout and "1 scenarios" in r.stdout, r.stderr
    empty = tmp_path / "empty"
    empty.mkdir()
    r = toolc("check", str(empty))
    assert r.returncode == 1 and "is a directory without any `.tool` file" in r.stderr


def test_version_and_help_on_every_subcommand_and_group():
    r = toolc("--version")
    assert r.returncode == 0 and r.stdout.startswith("toolc ")
    for words in (["check"], ["build"], ["stats"], ["export"], ["import"], ["push"], ["new"], ["eval"], ["demo"],
                  ["train"], ["model"], ["train", "sft"], ["train", "rm"], ["train", "rl"], ["model", "tiny"]):
        r = toolc(*words, "--help")
        assert r.returncode == 0 and r.stdout.startswith("usage: toolc " + " ".join(words)), (words, r.stderr)
    assert "sft" in toolc("train", "--help").stdout and "tiny" in toolc("model", "--help").stdout
    r = toolc("train")
    assert r.returncode == 2 and "usage: toolc train" in r.stderr


def test_new_writes_a_starter_spec_that_builds_and_never_overwrites(tmp_path):
    proj = tmp_path / "proj"
    r = toolc("new", str(proj))
    assert r.returncode == 0, r.stderr
    r = toolc("build", str(proj), "-o", str(tmp_path / "out"), "--today", "2026-01-01", "--no-progress")
    assert r.returncode == 0 and "warning" not in r.stderr, r.stderr
    (proj / "main.tool").write_text("# mine\n", encoding="utf-8")
    r = toolc("new", str(proj))
    assert r.returncode == 2 and "already exists" in r.stderr
    assert (proj / "main.tool").read_text(encoding="utf-8") == "# mine\n"
