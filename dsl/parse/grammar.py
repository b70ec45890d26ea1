"""Parse stage, shared: the one lark LALR parser of ``grammars/tool.lark`` and what the driver and the tree builder read from it.

Like lark's own split (``lark.py`` builds the parser, ``parsers/`` drives it, ``parse_tree_builder.py`` turns
rules into callbacks), this module owns the :class:`lark.Lark` instance; :mod:`.driver` feeds it tokens and
:mod:`.build` turns its trees into AST nodes with one callback per rule of :func:`rule_names`, which is read
from the grammar itself.
"""

from __future__ import annotations

import os
import sys
from contextlib import contextmanager
from contextvars import ContextVar
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterator

from toolc.grammars import grammar_text

from ..diagnostics import Diagnostic, Diagnostics, SpecError
from ..span import Span
from .examples import TERMINAL_NAMES

if TYPE_CHECKING:  # lark is imported where a parser is built (the fast path runs without it: see .tables)
    from lark import Lark, Token

__all__ = ["HeldReporter", "LARK_OPTIONS", "Reporter", "collecting_comments", "comments_collected", "describe_terminal", "dropped_terminals", "parser", "rule_names",
           "terminal_names", "tok_span"]

#: Where the lexer puts the comments it skips, while :func:`collecting_comments` listens (``toolc fmt``).
_COMMENTS: ContextVar[list[Token] | None] = ContextVar("toolc_comments", default=None)


def _on_comment(tok: Token) -> Token:
    """lark lexer callback for ``COMMENT`` (an ignored terminal): hands the token to the listener, if any."""
    sink = _COMMENTS.get()
    if sink is not None:
        sink.append(tok)
    return tok


def comments_collected() -> bool:
    """Whether a :func:`collecting_comments` block is listening (the fast parse path skips comments unseen)."""
    return _COMMENTS.get() is not None


@contextmanager
def collecting_comments() -> Iterator[list[Token]]:
    """Collects the ``COMMENT`` tokens lexed inside the block (lark's ``lexer_callbacks``, the documented way
    to keep ignored comments: https://lark-parser.readthedocs.io/en/stable/recipes.html)."""
    sink: list[Token] = []
    reset = _COMMENTS.set(sink)
    try:
        yield sink
    finally:
        _COMMENTS.reset(reset)


#: Options of the one Lark instance. ``keep_all_tokens``: punctuation and keywords stay in the tree so
#: every node's span runs from its first to its last character (the builder drops them).
LARK_OPTIONS: dict[str, Any] = dict(parser="lalr", lexer="contextual", keep_all_tokens=True, maybe_placeholders=False,
                                    start=["start", "expr_start"], lexer_callbacks={"COMMENT": _on_comment})
_KEPT_PUNCTUATION = frozenset({"QMARK", "BANG", "DOTDOT"})  # named string terminals the builder reads
_KEYWORD_SUFFIX = "(?![A-Za-z0-9_])"  # how tool.lark writes a keyword: /tool(?![A-Za-z0-9_])/


@lru_cache(maxsize=1)
def parser() -> Lark:
    """The one Lark instance, built once per process.

    With ``interegular`` installed, lark checks every pair of terminals for collisions on *every*
    build, its own meta-grammar included: ~0.5 s of a ~0.6 s build. ``tests/test_parse.py`` builds the
    grammar with ``strict=True`` (collisions and LALR conflicts are errors), so here the check is
    skipped by hiding interegular from lark's lexer module for the duration of the build.
    """
    import lark.lexer as lark_lexer

    saved = getattr(lark_lexer, "has_interegular", None)
    if saved is not None:
        lark_lexer.has_interegular = False
    try:
        return _cached_lark(grammar_text())
    finally:
        if saved is not None:
            lark_lexer.has_interegular = saved


def _cached_lark(text: str) -> Lark:
    """``Lark(text, **LARK_OPTIONS)``, its analysed tables cached by lark (its ``cache`` option: LALR tables
    pickled, ~3x faster to load than to build) in ``$XDG_CACHE_HOME/toolc`` (default ``~/.cache/toolc``), a
    folder of the user's own (lark's ``cache=True`` would use the shared temp folder, where another user
    could plant the pickle). The file is named by a hash of the grammar, the options and the lark and Python
    versions, and appears complete or not at all (written under a temporary name, then renamed), so parallel
    builds never read half a file. No cache when the folder cannot be made or ``TOOLC_NO_GRAMMAR_CACHE`` is set.
    """
    import hashlib

    import lark
    from lark import Lark

    if os.environ.get("TOOLC_NO_GRAMMAR_CACHE"):
        return Lark(text, **LARK_OPTIONS)
    from toolc.user_cache import cache_folder

    folder = cache_folder()
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError:
        return Lark(text, **LARK_OPTIONS)
    options = sorted((k, repr(v)) for k, v in LARK_OPTIONS.items() if k != "lexer_callbacks")
    key = hashlib.sha256(repr((text, options, lark.__version__, sys.version_info[:2])).encode()).hexdigest()[:24]
    path = folder / f"tool-grammar-{key}.lark"
    if path.is_file():
        return Lark(text, **LARK_OPTIONS, cache=str(path))
    tmp = folder / f".tool-grammar-{key}.{os.getpid()}.tmp"
    try:
        parser = Lark(text, **LARK_OPTIONS, cache=str(tmp))
        if tmp.is_file():
            os.replace(tmp, path)
            # read back: lark numbers the LALR states of a loaded cache otherwise than those of a fresh analysis
            # (whose numbering follows the process's hash seed), and the fast path's tables (.tables) are taken from
            # this instance: every process then sees the numbering of the one cache file
            return Lark(text, **LARK_OPTIONS, cache=str(path))
        return parser
    finally:
        tmp.unlink(missing_ok=True)


@lru_cache(maxsize=1)
def rule_names() -> frozenset[str]:
    """Names of the grammar rules that appear as tree nodes: each needs a builder callback.

    A rule is left out when lark inlines it into its parent: a ``_rule``, or a ``?rule`` alternative of one
    symbol without an alias (lark's ``expand1``). An alias (``NAME -> name_value``) names its own node.
    """
    names = set()
    for rule in parser().rules:
        name = rule.alias or rule.origin.name
        if name.startswith("_") or (rule.options.expand1 and not rule.alias and len(rule.expansion) == 1):
            continue
        names.add(str(name))
    return frozenset(names)


@lru_cache(maxsize=1)
def dropped_terminals() -> frozenset[str]:
    """Terminals lark would filter out of the tree (punctuation, ``_KEYWORDS``): the parser keeps them for spans only."""
    from lark.lexer import PatternStr

    return frozenset(t.name for t in parser().terminals
                     if t.name.startswith("_") or (isinstance(t.pattern, PatternStr) and t.name not in _KEPT_PUNCTUATION))


@lru_cache(maxsize=1)
def terminal_names() -> dict[str, str]:
    """Terminal name -> how a message shows it (see :func:`describe_terminal`)."""
    from lark.lexer import PatternRE, PatternStr

    names = dict(TERMINAL_NAMES)
    for t in parser().terminals:
        if isinstance(t.pattern, PatternStr):
            names[t.name] = f"`{t.pattern.value}`"
        elif isinstance(t.pattern, PatternRE) and _KEYWORD_SUFFIX in t.pattern.value:
            stem = t.pattern.value.split(_KEYWORD_SUFFIX, 1)[0]
            if stem.isalpha():
                names[t.name] = f"`{stem}`"
    return names


def describe_terminal(name: str) -> str:
    """Readable form of a grammar terminal: ``RBRACE`` -> "`}`", ``NAME`` -> "a name", ``$END`` -> "the end of the file"."""
    return terminal_names().get(name, name.lower())


_new_span = tuple.__new__  # Span(...) without its keyword-handling __new__


def tok_span(file: str, tok: Token) -> Span:
    """The span of one token in ``file``."""
    return _new_span(Span, (file, tok.line, tok.column, tok.end_line, tok.end_column))


class Reporter:
    """Forwards errors to the Diagnostics and counts them (Diagnostics de-duplicates, so its length cannot)."""

    def __init__(self, diags: Diagnostics) -> None:
        self.diags = diags
        self.count = 0

    def add(self, error: SpecError | Diagnostic) -> None:
        self.count += 1
        self.diags.add(error)


class HeldReporter(Reporter):
    """A reporter that keeps errors (in :attr:`errors`) until the parse they came from is known to stand."""

    def __init__(self) -> None:
        super().__init__(Diagnostics())
        self.errors: list[SpecError | Diagnostic] = []

    def add(self, error: SpecError | Diagnostic) -> None:
        self.count += 1
        self.errors.append(error)
