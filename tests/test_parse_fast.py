"""The fast parse path (dsl/parse/fast.py) builds what the recovering driver builds: the same AST with the same spans
and the same value-level errors, for every spec file in the repository; it hands syntax errors, deep nesting and
comment collection to the driver; its lexer picks the terminal lark's scanner picks; its tables cache rebuilds."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from pydantic import BaseModel

from toolc.dsl.parse import Build, parse_source
from toolc.dsl.parse.fast import parse_fast
from toolc.dsl.parse.grammar import HeldReporter, parser
from toolc.dsl.parse.tables import Tables, Token, tables
from toolc.dsl.diagnostics import Diagnostics
from toolc.dsl.span import Source

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
from specgen import generate_spec  # noqa: E402


def _spec_files() -> list[Path]:
    files = []
    for p in sorted([*ROOT.glob("specs/**/*.tool"), *ROOT.glob("tests/**/*.tool"), *ROOT.glob("docs/**/*.tool")]):
        try:
            p.read_text(encoding="utf-8")
        except UnicodeDecodeError:  # the loader's E402 cases
            continue
        files.append(p)
    return files


def _deep(x):
    """Everything a node holds, spans and token types included (``==`` on nodes ignores spans)."""
    if isinstance(x, BaseModel):
        return type(x).__name__, tuple((k, _deep(v)) for k, v in x.__dict__.items())
    if isinstance(x, (tuple, list)):
        return type(x).__name__, tuple(_deep(v) for v in x)
    if isinstance(x, dict):
        return "dict", tuple((k, _deep(v)) for k, v in x.items())
    return type(x).__name__, repr(x)


def _both(text: str, path: str = "t.tool"):
    """(fast result, its errors), (recovering result, its errors)."""
    from toolc.dsl.parse.driver import parse_tree

    fast_errors = HeldReporter()
    fast = parse_fast(text, Build(path, fast_errors))
    slow_errors = HeldReporter()
    tree = parse_tree(Source(path, text), slow_errors)
    slow = Build(path, slow_errors).transform(tree) if tree is not None else None
    return (fast, _errors(fast_errors)), (slow, _errors(slow_errors))


def _errors(held: HeldReporter) -> list[tuple]:
    shown = [getattr(e, "diagnostic", e) for e in held.errors]
    return [(d.code, d.message, d.span, d.hint, d.labels) for d in shown]


FILES = _spec_files()


@pytest.mark.parametrize("path", FILES, ids=[str(p.relative_to(ROOT)) for p in FILES])
def test_fast_path_builds_what_the_driver_builds(path: Path) -> None:
    text = path.read_text(encoding="utf-8").replace("\r\n", "\n")
    (fast, fast_errors), (slow, slow_errors) = _both(text, str(path))
    if fast is None:  # left to the driver: a syntax error it reports
        assert any(code in ("E001", "E003") for code, *_ in slow_errors), path
        return
    assert _deep(fast) == _deep(slow)
    assert fast_errors == slow_errors


def test_every_bundled_spec_takes_the_fast_path() -> None:
    for path in ROOT.glob("specs/*.tool"):
        assert parse_fast(path.read_text(encoding="utf-8"), Build(str(path), HeldReporter())) is not None, path


def test_generated_spec_and_value_errors_match() -> None:
    text = generate_spec(60) + '\nslot bad = int(5..1)\ntool t2 "x" { a: int(1.5..2) \n b: "\\q" }\n'
    (fast, fast_errors), (slow, slow_errors) = _both(text)
    assert fast is not None and fast_errors, "the value errors of the last lines"
    assert _deep(fast) == _deep(slow) and fast_errors == slow_errors


@pytest.mark.parametrize("text", [
    'tool t "x" { a: int }\ntool u "y" { b string }\n',    # a syntax error
    'tool t "x" { a: int = \'q\' }\n',                      # a character no terminal starts with
    'slot s = "a" | \n',                                    # the end of the file too early
])
def test_syntax_errors_go_to_the_driver(text: str) -> None:
    assert parse_fast(text, Build("t.tool", HeldReporter())) is None
    diags = Diagnostics()
    _, ok = parse_source(Source("t.tool", text), diags)
    assert not ok and diags.errors


def test_deep_nesting_goes_to_the_driver_which_reports_it() -> None:
    text = 'tool t "x" { a: int\n returns { v: int = ' + " + ".join(["1"] * 400) + " } }\n"
    assert parse_fast(text, Build("t.tool", HeldReporter())) is None
    diags = Diagnostics()
    parse_source(Source("t.tool", text), diags)
    assert any(e.code == "E001" and "nests deeper" in e.message for e in diags.errors)


def test_placeholder_expressions_get_their_spans_where_they_stand() -> None:
    text = 'tool t "x" { a: int\n returns { v: int } }\nscenario s {\n  user "hi"\n  call t(a=1) -> r\n  assistant "{max(r.v, 2) + 1} ok"\n}\n'
    (fast, fast_errors), (slow, slow_errors) = _both(text)
    assert _deep(fast) == _deep(slow) and fast_errors == slow_errors == []


def test_lexer_picks_the_terminal_lark_picks() -> None:
    """At every token start of the bundled specs and in every lexer state, the alternation by first character
    matches the same terminal and length as lark's scanner (which tries every terminal of the state)."""
    t = tables()
    lark_lexers = parser().parser.lexer.lexers
    text = "\n".join(p.read_text(encoding="utf-8") for p in sorted(ROOT.glob("specs/*.tool")))
    starts = sorted({m.start() for m in re.finditer(r"\S", text)})[::7]
    seen = 0
    for state in range(len(t.actions)):
        if state not in lark_lexers:
            continue
        ours, theirs = t.lexers[state] or t.lexer(state), lark_lexers[state].scanner
        for pos in starts[state % 7::40]:
            ch = text[pos]
            regex = ours.by_char[ch] if ch in ours.by_char else ours.regex(ch)
            m = regex.match(text, pos) if regex is not None else None
            mine = (m.lastgroup, m.end()) if m is not None else None
            got = None
            for mre in theirs._mres:
                lm = mre.match(text, pos)
                if lm:
                    got = (lm.lastgroup, lm.end())
                    break
            if got is not None and got[0] in ("WS", "COMMENT"):
                continue
            assert mine == got, (state, text[pos:pos + 20])
            seen += 1
    assert seen > 1000


def test_tables_cache_is_rebuilt_when_broken(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    tables.cache_clear()
    try:
        first = tables()
        files = list((tmp_path / "toolc").glob("tool-tables-*.marshal"))
        assert len(files) == 1
        files[0].write_bytes(b"not marshal data")
        tables.cache_clear()
        again = tables()
        assert again.actions == first.actions and again.rule_names == first.rule_names
        assert isinstance(again, Tables)
    finally:
        tables.cache_clear()


def test_check_of_a_valid_spec_imports_no_lark(tmp_path: Path) -> None:
    code = ("import sys, json\nfrom pathlib import Path\nfrom toolc.compiler.check import check\n"
            "prog, d = check([Path(sys.argv[1])])\nassert not d\n"
            "print(json.dumps(sorted(m for m in ('lark', 'interegular') if m in sys.modules)))")
    env_cache = {"XDG_CACHE_HOME": str(tmp_path)}
    import os

    env = {**os.environ, **env_cache}
    spec = str(ROOT / "specs" / "main.tool")
    first = subprocess.run([sys.executable, "-c", code, spec], capture_output=True, text=True, env=env, check=True)
    assert "lark" in first.stdout  # an empty cache: the tables are read from lark once
    second = subprocess.run([sys.executable, "-c", code, spec], capture_output=True, text=True, env=env, check=True)
    assert second.stdout.strip() == "[]"


def test_cached_tables_and_parser_number_states_alike(tmp_path: Path) -> None:
    """The fast path's tables and the recovering parser agree on LALR state numbers in every process: lark numbers
    a fresh analysis by the hash seed and a loaded cache otherwise, so the tables come from the cache as read back."""
    import os

    code = ("from toolc.dsl.parse.tables import tables\nfrom toolc.dsl.parse.grammar import parser\n"
            "t = tables(); p = parser().parser.parser._parse_table\n"
            "print(all(set(t.actions[s]) == set(p.states[s]) for s in range(len(t.actions))))")
    for seed in ("1", "2", "3"):  # the first run writes both caches, the others read them
        env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path), "PYTHONHASHSEED": seed}
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
        assert out.stdout.strip() == "True", (seed, out.stdout, out.stderr)


def test_token_pickles_and_reads_like_larks() -> None:
    import pickle

    tok = Token("NAME", "city", 5, 2, 3, 2, 7, 9)
    back = pickle.loads(pickle.dumps(tok))
    assert back == "city" and back.type == "NAME" and (back.line, back.column, back.end_column, back.end_pos) == (2, 3, 7, 9)
    assert repr(tok) == "Token('NAME', 'city')"
