"""Parse stage, shared: the LALR(1) tables and lexer terminals of ``grammars/tool.lark`` as plain data, and the
:class:`Token` the tree builder receives (input: the lark parser, or its cached tables; output: :class:`Tables`).

The fast parse path (:mod:`.fast`) needs lark's tables, not lark: the tables are read once from the
:class:`lark.Lark` instance of :mod:`.grammar` and kept in ``$XDG_CACHE_HOME/toolc`` as a ``marshal`` file (a
few ms to load), so a process that parses specs without syntax errors never imports lark (~0.1 s with its
grammar and the ``interegular`` and ``regex`` modules it pulls in). The file is named by a hash of the grammar,
the lark options and version, the Python version and :data:`FORMAT`, written under a temporary name and
renamed, and rebuilt from lark when it is missing or unreadable; ``TOOLC_NO_GRAMMAR_CACHE`` turns it off.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import re
import sys
from functools import lru_cache
from typing import Any

from toolc.user_cache import cache_folder, keep, source_version

__all__ = ["FORMAT", "Lexer", "Tables", "Token", "tables"]

#: Version of the cached tables' layout (part of the file name).
FORMAT = 2
#: lark's ignored terminals in tool.lark (blanks and comments): the fast path skips them itself.
IGNORED = frozenset({"WS", "COMMENT"})


class Token(str):
    """One token as the tree builder receives it: its text (the ``str``), its terminal ``type`` and where it stands.

    The same attributes as ``lark.Token`` (https://lark-parser.readthedocs.io/en/stable/classes.html#token):
    ``line``/``column`` 1-based, ``end_column`` exclusive, ``start_pos``/``end_pos`` offsets in the text. The
    recovering path converts lark's tokens with :meth:`of`, so the builder sees one class from both paths.
    """

    __slots__ = ("type", "start_pos", "value", "line", "column", "end_line", "end_column", "end_pos")

    type: str
    start_pos: int
    value: str
    line: int
    column: int
    end_line: int
    end_column: int
    end_pos: int

    def __new__(cls, type: str, value: str, start_pos: int = 0, line: int = 1, column: int = 1,
                end_line: int | None = None, end_column: int | None = None, end_pos: int | None = None) -> "Token":
        tok = str.__new__(cls, value)
        tok.type, tok.value, tok.start_pos, tok.line, tok.column = type, value, start_pos, line, column
        tok.end_line = line if end_line is None else end_line
        tok.end_column = column + len(value) if end_column is None else end_column
        tok.end_pos = start_pos + len(value) if end_pos is None else end_pos
        return tok

    @classmethod
    def of(cls, t: Any) -> "Token":
        """This class's copy of a ``lark.Token``."""
        return cls(t.type, str(t.value), t.start_pos, t.line, t.column, t.end_line, t.end_column, t.end_pos)

    def __repr__(self) -> str:
        return f"Token({self.type!r}, {self.value!r})"

    def __reduce__(self) -> tuple:
        return (Token, (self.type, self.value, self.start_pos, self.line, self.column, self.end_line,
                        self.end_column, self.end_pos))


class Tables:
    """LALR(1) tables of tool.lark in the form the fast loop reads.

    Attributes:
        actions: parser state -> terminal or rule name -> the next state (an ``int``: shift or goto) or the
            rule to reduce: ``(size, expand, kind, name, origin, mode)``; ``expand`` holds the positions of spliced
            ``_`` rules, ``kind`` is 0 (splice into the parent), 1 (a ``?rule``: one child stands for it) or 2
            (a node named ``name``, the rule's alias or name), ``origin`` the rule's name (for the goto),
            ``mode`` a shortcut for the loop (see :func:`_rule`).
        start: start symbol -> (start state, end state).
        rule_names: names of the rules that make tree nodes (each needs a builder callback).
        drop: terminals the builder does not receive (punctuation, ``_KEYWORDS``; kept for spans only).
        lexers: parser state -> its :class:`Lexer` (made on first use; states with the same terminals share one).
    """

    def __init__(self, data: dict[str, Any]) -> None:
        self.actions: list[dict[str, Any]] = data["actions"]
        self.start: dict[str, tuple[int, int]] = data["start"]
        self.rule_names: frozenset[str] = frozenset(data["rule_names"])
        self.drop: frozenset[str] = frozenset(data["drop"])
        self._state_lexer: list[int] = data["state_lexer"]
        self._lexer_data: list[tuple] = data["lexers"]
        self._flags: int = data["flags"]
        self._made: dict[int, Lexer] = {}
        self._patterns: dict[tuple[str, ...], Any] = {}
        self.lexers: list[Lexer | None] = [None] * len(self.actions)

    def lexer(self, state: int) -> "Lexer":
        """The lexer of parser ``state`` (kept in :attr:`lexers`)."""
        index = self._state_lexer[state]
        got = self._made.get(index)
        if got is None:
            got = self._made[index] = Lexer(*self._lexer_data[index], flags=self._flags, patterns=self._patterns)
        self.lexers[state] = got
        return got


class Lexer:
    """The terminals of one contextual-lexer state, as regular expressions by the character a token starts with.

    lark's scanner tries one alternation of every terminal of the state, in priority order, at each token
    (https://github.com/lark-parser/lark, ``lark/lexer.py``, ``Scanner``); most alternatives are keywords that
    fail on their first character. Here the alternation for a character keeps only the terminals that can start
    with it, in the same order, so the first that matches is the one lark's scanner finds.

    Attributes:
        by_char: first character -> compiled alternation, or ``None`` when no terminal starts with it.
        retype: terminal -> alternation of the string terminals a token of it becomes when its text is one of
            them (lark's ``UnlessCallback``; none in tool.lark today).
        newline_types: terminals whose pattern may hold a line break (a token that does goes to the driver).
    """

    def __init__(self, terminals: list, retype: dict[str, list], newline_types: list[str], *, flags: int,
                 patterns: dict[tuple[str, ...], Any]) -> None:
        self._terminals = terminals  # (name, regex, first characters or None), lark's order
        self._flags = flags
        self._patterns = patterns
        self.by_char: dict[str, Any] = {}
        self.retype = {k: re.compile("|".join(f"(?P<{n}>{r})" for n, r in v), flags) for k, v in retype.items()}
        self.newline_types = frozenset(newline_types)

    def regex(self, ch: str) -> Any:
        """The alternation of the terminals that can start with ``ch`` (``None``: none can); kept in ``by_char``."""
        chosen = [(name, regex) for name, regex, first in self._terminals if first is None or ch in first]
        key = tuple(name for name, _ in chosen)
        compiled = self._patterns.get(key)
        if compiled is None and chosen:
            compiled = self._patterns[key] = re.compile("|".join(f"(?P<{n}>{r})" for n, r in chosen), self._flags)
        self.by_char[ch] = compiled
        return compiled


@lru_cache(maxsize=1)
def tables() -> Tables:
    """The tables of tool.lark: from the cache file, else read from :func:`.grammar.parser` (and cached)."""
    from toolc.grammars import grammar_text

    from .grammar import LARK_OPTIONS

    if os.environ.get("TOOLC_NO_GRAMMAR_CACHE"):
        return Tables(_read_lark())
    text = grammar_text()
    options = sorted((k, repr(v)) for k, v in LARK_OPTIONS.items() if k != "lexer_callbacks")
    key = hashlib.sha256(repr((text, options, source_version("lark") or "?", sys.version_info[:2], FORMAT)).encode()).hexdigest()[:24]
    path = cache_folder() / f"tool-tables-{key}.marshal"
    try:
        return Tables(marshal.loads(path.read_bytes()))
    except (OSError, EOFError, ValueError, TypeError, KeyError):  # missing, unreadable or not ours: rebuild
        pass
    data = _read_lark()
    keep(path, marshal.dumps(data))  # (no cache folder: the tables are read from lark in every process)
    return Tables(data)


def _read_lark() -> dict[str, Any]:
    """The tables of :func:`.grammar.parser` as plain data (``marshal``-able)."""
    from .grammar import dropped_terminals, parser, rule_names

    lark = parser()
    frontend = lark.parser
    table = frontend.parser._parse_table
    rules: dict[Any, tuple] = {}
    actions: list[dict[str, Any]] = [{} for _ in range(max(table.states) + 1)]
    for state, row in table.states.items():
        out = actions[state]
        for sym, (action, arg) in row.items():
            if action.name == "Shift":
                out[sym] = arg
            else:
                rule = rules.get(arg)
                if rule is None:
                    rule = rules[arg] = _rule(arg)
                out[sym] = rule
    state_lexer: list[int] = [0] * len(actions)
    lexers: list[tuple] = []
    index_of: dict[int, int] = {}
    flags = 0
    for state, lark_lexer in frontend.lexer.lexers.items():
        index = index_of.get(id(lark_lexer))
        if index is None:
            index = index_of[id(lark_lexer)] = len(lexers)
            scanner = lark_lexer.scanner  # lark's terminal order (priority, width, name), "unless" strings removed
            flags = scanner.g_regex_flags
            terminals = [(t.name, t.pattern.to_regexp(), _first_chars(t.pattern.to_regexp()))
                         for t in scanner.terminals if t.name not in IGNORED]
            retype = {}
            for name, callback in lark_lexer.callback.items():
                if name in IGNORED:
                    continue
                inner = getattr(callback, "scanner", None)  # lark's UnlessCallback
                if inner is None:
                    raise NotImplementedError(f"lexer callback on {name} is not supported by the fast parse path")
                retype[name] = [(t.name, t.pattern.to_regexp()) for t in inner.terminals]
            lexers.append((terminals, retype, sorted(lark_lexer.newline_types - IGNORED)))
        state_lexer[state] = index
    return {"actions": actions, "start": {name: (table.start_states[name], table.end_states[name])
                                          for name in table.start_states},
            "rule_names": sorted(rule_names()), "drop": sorted(dropped_terminals()), "state_lexer": state_lexer,
            "lexers": lexers, "flags": flags}


def _rule(rule: Any) -> tuple:
    """``(size, expand, kind, name, origin, mode)`` of a lark rule (see :attr:`Tables.actions`), after lark's
    ``parse_tree_builder``: a ``_rule`` is spliced into its parent, a ``?rule`` without an alias whose children
    are one is that child, any other rule is a node named by its alias or its name. ``mode`` tells the loop a
    shortcut: 1 a ``?rule`` of one symbol (only the state changes), 2 the first child alone is spliced (a
    left-recursive ``x*``: the children go onto its list), 0 none."""
    origin = str(rule.origin.name)
    expand = frozenset(i for i, sym in enumerate(rule.expansion) if not sym.is_term and sym.name.startswith("_"))
    if origin.startswith("_"):
        kind = 0
    elif rule.options.expand1 and not rule.alias:
        kind = 1
    else:
        kind = 2
    size = len(rule.expansion)
    if kind == 1 and size == 1 and not expand:
        mode = 1
    elif expand == {0} and size >= 2:
        mode = 2
    else:
        mode = 0
    return (size, expand, kind, str(rule.alias or rule.options.template_source or origin), origin, mode)


def _first_chars(regex: str) -> frozenset[str] | None:
    """The characters a match of ``regex`` can start with, or ``None`` when that is not worked out (any)."""
    try:
        parsed = _sre_parse.parse(regex)
    except Exception:  # pragma: no cover - lark compiled it already
        return None
    first, nullable = _first(list(parsed))
    return None if first is None or nullable else frozenset(first)


def _first(items: list) -> tuple[set[str] | None, bool]:
    """``(first characters or None for any, whether the sequence can match empty)`` of parsed regex items."""
    c = _sre_constants
    out: set[str] = set()
    for op, arg in items:
        if op in (c.ASSERT, c.ASSERT_NOT, c.AT):
            continue  # zero width: leaving it out only widens the set
        if op is c.LITERAL:
            return out | {chr(arg)}, False
        if op is c.IN:
            chars = _in_chars(arg)
            return (None if chars is None else out | chars), False
        if op is c.SUBPATTERN:
            _group, add_flags, del_flags, sub = arg
            if add_flags or del_flags:
                return None, False
            got, nullable = _first(list(sub))
        elif op is c.BRANCH:
            got, nullable = set(), False
            for alt in arg[1]:
                f, n = _first(list(alt))
                if f is None:
                    return None, False
                got |= f
                nullable = nullable or n
        elif op in _REPEATS:
            lo, _hi, sub = arg
            got, nullable = _first(list(sub))
            nullable = nullable or lo == 0
        else:
            return None, False
        if got is None:
            return None, False
        out |= got
        if not nullable:
            return out, False
    return out, True


def _in_chars(items: list) -> set[str] | None:
    c = _sre_constants
    chars: set[str] = set()
    for op, arg in items:
        if op is c.LITERAL:
            chars.add(chr(arg))
        elif op is c.RANGE and arg[1] - arg[0] < 256:
            chars.update(chr(i) for i in range(arg[0], arg[1] + 1))
        else:  # NEGATE, CATEGORY, a wide range
            return None
    return chars


try:  # Python >= 3.11
    from re import _constants as _sre_constants, _parser as _sre_parse  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - Python 3.10
    import sre_constants as _sre_constants  # type: ignore[no-redef]
    import sre_parse as _sre_parse  # type: ignore[no-redef]

_REPEATS = tuple(getattr(_sre_constants, n) for n in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT")
                 if hasattr(_sre_constants, n))
