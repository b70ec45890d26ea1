"""Loader tests: reading spec files defensively, imports, cycles and the spec-tree boundary."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from toolc.dsl import span as span_mod
from toolc.dsl.diagnostics import Diagnostics
from toolc.dsl.load import load_program
from toolc.dsl.span import display_path


def write(root: Path, files: dict[str, str | bytes]) -> None:
    for name, content in files.items():
        p = root / name
        p.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            p.write_bytes(content)
        else:
            p.write_text(content, encoding="utf-8")


def load(*paths: Path):
    diags = Diagnostics()
    program = load_program(list(paths), diags)
    return program, diags


def names(program) -> list[str]:
    return [Path(m.path).name for m in program.modules]


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # display paths are relative to the working directory


def test_imports_come_before_importers_and_each_file_once(tmp_path):
    write(tmp_path, {
        "main.tool": 'import "tools/a.tool"\nimport "b.tool"\nscenario s {}\n',
        "tools/a.tool": 'import "../common.tool"\ntool a {}\n',
        "b.tool": 'import "common.tool"\nimport "tools/a.tool"\ntool b {}\n',
        "common.tool": "slot c = 1\n",
    })
    program, diags = load(tmp_path / "main.tool", tmp_path / "b.tool", tmp_path / "common.tool")
    assert not diags, diags.render()
    assert names(program) == ["common.tool", "a.tool", "b.tool", "main.tool"]
    assert program.root == tmp_path.resolve()
    assert set(program.sources) == {"main.tool", "tools/a.tool", "b.tool", "common.tool"}
    assert diags.sources.keys() == program.sources.keys()
    assert program.modules[1].path == "tools/a.tool"  # spans name files by their display path


def test_root_is_the_common_parent_of_the_given_files(tmp_path):
    write(tmp_path, {"x/a.tool": 'import "../y/b.tool"\n', "y/b.tool": "", "z/c.tool": 'import "../y/b.tool"\n'})
    program, diags = load(tmp_path / "x" / "a.tool", tmp_path / "z" / "c.tool")
    assert not diags and program.root == tmp_path.resolve()
    _, diags = load(tmp_path / "x" / "a.tool")  # alone, x/ is the tree and y/ is outside
    (err,) = diags.errors
    assert err.code == "E404" and "leaves the spec tree" in err.message and err.span.line == 1


def test_import_cycle_names_the_cycle_at_the_import(tmp_path):
    write(tmp_path, {"a.tool": 'import "b.tool"\ntool a {}\n', "b.tool": 'tool b {}\nimport "a.tool"\n'})
    program, diags = load(tmp_path / "a.tool")
    (err,) = diags.errors
    assert err.code == "E302" and err.message == "import cycle: a.tool -> b.tool -> a.tool"
    assert (err.span.file, err.span.line, err.span.col) == ("b.tool", 2, 1)
    assert names(program) == ["b.tool", "a.tool"]  # both files still parse; the cycle is the error


def test_self_import_is_a_cycle(tmp_path):
    write(tmp_path, {"a.tool": 'import "./a.tool"\n'})
    _, diags = load(tmp_path / "a.tool")
    assert [e.message for e in diags.errors] == ["import cycle: a.tool -> a.tool"]


def test_missing_import_and_missing_file(tmp_path):
    write(tmp_path, {"a.tool": 'tool t {}\nimport "nope.tool"\n'})
    _, diags = load(tmp_path / "a.tool", tmp_path / "ghost.tool")
    errs = diags.sorted()
    assert [e.code for e in errs] == ["E401", "E401"]
    assert errs[0].span is None and "ghost.tool" in errs[0].message
    assert errs[1].span.file == "a.tool" and errs[1].span.line == 2 and "nope.tool" in errs[1].message


def test_import_escaping_through_dotdot_absolute_or_symlink(tmp_path):
    outside = tmp_path / "outside.tool"
    outside.write_text("tool secret {}\n")
    write(tmp_path, {"tree/a.tool": f'import "../outside.tool"\nimport "{outside}"\nimport "link.tool"\n'})
    os.symlink(outside, tmp_path / "tree" / "link.tool")
    program, diags = load(tmp_path / "tree" / "a.tool")
    assert [e.code for e in diags.sorted()] == ["E404", "E404", "E404"]
    assert program.root == (tmp_path / "tree").resolve()
    assert "outside.tool" not in " ".join(program.sources)


@pytest.mark.parametrize("path", ["", "sub", "a\\u0000b.tool"])
def test_odd_import_paths_are_errors_not_crashes(tmp_path, path):
    write(tmp_path, {"a.tool": f'import "{path}"\n', "sub/x.tool": ""})
    _, diags = load(tmp_path / "a.tool")
    (err,) = diags.errors
    assert err.code == "E401" and err.span.line == 1


def test_empty_file_is_a_valid_module(tmp_path):
    write(tmp_path, {"e.tool": b""})
    program, diags = load(tmp_path / "e.tool")
    assert not diags and len(program.modules) == 1 and program.modules[0].decls == ()


def test_binary_file(tmp_path):
    write(tmp_path, {"b.tool": b"tool t {}\n\x00\x01\x02\xff"})
    program, diags = load(tmp_path / "b.tool")
    (err,) = diags.errors
    assert err.code == "E402" and "not a text file" in err.message
    assert (err.span.line, err.span.col) == (2, 1) and program.modules == []


def test_non_utf8_points_at_the_first_bad_byte(tmp_path):
    write(tmp_path, {"l.tool": "tool t \"天气\" {}\n# café\n".encode("utf-8") + "tool u \"naïve\" {}\n".encode("latin-1")})
    _, diags = load(tmp_path / "l.tool")
    (err,) = diags.errors
    assert err.code == "E402" and "0xEF" in err.message
    assert (err.span.line, err.span.col) == (3, 11)
    rendered = diags.render()
    assert 'tool u "na\ufffdve" {}' in rendered and "^" in rendered  # the line is shown, bad byte replaced


def test_huge_file_is_refused_without_parsing(tmp_path, monkeypatch):
    monkeypatch.setattr("toolc.dsl.load.MAX_SPEC_BYTES", 1000)
    write(tmp_path, {"h.tool": "# " + "x" * 2000 + "\n", "ok.tool": "tool t {}\n"})
    program, diags = load(tmp_path / "h.tool", tmp_path / "ok.tool")
    (err,) = diags.errors
    assert err.code == "E403" and names(program) == ["ok.tool"]
    assert span_mod.MAX_SPEC_BYTES == 8 * 1024 * 1024


def test_truncated_file_reports_and_keeps_going(tmp_path):
    write(tmp_path, {"a.tool": 'import "b.tool"\ntool t "x" {\n    city: string\n    days: int(1..',
                     "b.tool": "tool u { x string }\n"})
    program, diags = load(tmp_path / "a.tool")
    errs = diags.sorted()
    assert [(e.span.file, e.code) for e in errs] == [("a.tool", "E001"), ("b.tool", "E001")]
    assert program.modules == []  # broken files are left out; the build must stop


def test_directory_given_as_a_file(tmp_path):
    (tmp_path / "d.tool").mkdir()
    _, diags = load(tmp_path / "d.tool")
    (err,) = diags.errors
    assert err.code == "E401" and "directory" in err.message


def test_bom_and_crlf_are_normalised(tmp_path):
    write(tmp_path, {"w.tool": b"\xef\xbb\xbftool t {\r\n  x: strng\r\n}\r\n"})
    program, diags = load(tmp_path / "w.tool")
    (err,) = diags.errors
    assert (err.span.line, err.span.col) == (2, 6)  # the BOM does not shift columns
    assert "  x: strng\n" in program.sources["w.tool"].text


def test_same_file_given_twice_or_by_two_names(tmp_path):
    write(tmp_path, {"a.tool": "tool t {}\n"})
    program, diags = load(tmp_path / "a.tool", tmp_path / "." / "a.tool", Path("a.tool"))
    assert not diags and len(program.modules) == 1


def test_display_path_is_relative_to_the_working_directory(tmp_path):
    assert display_path(tmp_path / "x" / "a.tool") == os.path.join("x", "a.tool")


# ---------------------------------------------------------------------------------------------- not regular files


def test_fifo_named_or_imported_is_refused_without_blocking(tmp_path):
    """Opening a FIFO for reading blocks until a writer comes; toolc must refuse it at once."""
    import time

    os.mkfifo(tmp_path / "pipe.tool")
    write(tmp_path, {"main.tool": 'import "pipe.tool"\n'})
    t0 = time.perf_counter()
    _, diags = load(tmp_path / "main.tool")
    _, named = load(tmp_path / "pipe.tool")
    assert time.perf_counter() - t0 < 5
    (err,) = diags.errors
    assert err.code == "E401" and "it is a FIFO (named pipe), not a regular file" in err.message
    assert err.span.line == 1
    (err,) = named.errors
    assert err.code == "E401" and "pipe.tool" in err.message and "FIFO" in err.message


def test_devices_and_directories_are_refused(tmp_path):
    (tmp_path / "dir.tool").mkdir()
    _, diags = load(Path("/dev/null"), tmp_path / "dir.tool")
    messages = sorted(e.message for e in diags.errors)
    assert any("character device, not a regular file" in m for m in messages)
    assert any("is a directory without any `.tool` file" in m for m in messages)  # a directory names its *.tool files


def test_an_import_name_longer_than_the_file_system_allows(tmp_path):
    write(tmp_path, {"main.tool": f'import "{"n" * 300}.tool"\n'})
    _, diags = load(tmp_path / "main.tool")
    (err,) = diags.errors
    assert err.code == "E401" and err.message.endswith(": file name too long")
    assert len(err.message) < 200  # the name is clipped in the one-line message


def test_spec_hashes_come_from_the_bytes_read(tmp_path):
    """The manifest hashes the bytes the loader read (files are read once: a FIFO or a file swapped after
    loading cannot block or change the hash)."""
    import hashlib

    from toolc.compiler.build import check

    write(tmp_path, {"a.tool": 'slot s = "x" | "y"\r\n'})
    prog, diags = check([tmp_path / "a.tool"])
    assert not diags
    assert prog.files == {"a.tool": hashlib.sha256(b'slot s = "x" | "y"\r\n').hexdigest()}
