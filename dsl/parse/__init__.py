"""Parse stage: `.tool` source text -> AST (input: a Source; output: a dsl.ast.Module, errors into Diagnostics).

The grammar is ``grammars/tool.lark`` (lark LALR(1) with the contextual lexer; conflict- and
collision-free under ``strict=True``, which the tests check). The stage is split by job, as lark splits
its own parser:

- :mod:`.grammar` -- the one :class:`lark.Lark` instance, the rule and terminal names read from it;
- :mod:`.examples` -- data: known-bad snippets that label syntax errors, readable terminal names;
- :mod:`.driver` -- source -> parse tree, token by token, with panic-mode recovery (every syntax error
  of a file is reported, each saying what was expected);
- :mod:`.build` -- parse tree -> AST nodes with spans, one callback per grammar rule, reporting
  value-level errors (escapes, types, ranges) and going on; its type and expression callbacks are in
  :mod:`.typebuild` and :mod:`.exprs`, the token values and the tree walk they share in :mod:`.values`.
"""

from __future__ import annotations

import gc
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Iterator

from ..ast import Import, Module
from ..diagnostics import Diagnostics, Label, SpecError
from ..span import Source, Span
from .build import MAX_NESTING, MAX_RELATIVE_DAYS, TYPE_NAMES, Build
from .examples import ERROR_EXAMPLES
from .fast import parse_fast
from .grammar import LARK_OPTIONS, HeldReporter, Reporter, collecting_comments, comments_collected, describe_terminal
from .tables import Token


def __getattr__(name: str) -> Any:
    """The recovering driver's constants, from :mod:`.driver` (imported, with lark, on first use)."""
    if name in ("DECL_KEYWORDS", "MAX_SYNTAX_ERRORS"):
        from . import driver

        return getattr(driver, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["Comment", "DECL_KEYWORDS", "ERROR_EXAMPLES", "LARK_OPTIONS", "MAX_NESTING", "MAX_RELATIVE_DAYS", "MAX_SYNTAX_ERRORS",
           "TYPE_NAMES", "describe_terminal", "gc_paused", "parse_module", "parse_source", "parse_with_comments"]


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pauses Python's cyclic garbage collector while a file is parsed.

    Parsing allocates hundreds of thousands of small acyclic objects (tokens, trees, nodes); each
    allocation burst triggers a generation-2 scan of everything alive, which doubled the parse time
    of a 1,000-tool spec. Nothing here creates reference cycles, so pausing is safe; the previous
    state is restored on exit.

    On exit the objects made meanwhile are frozen (``gc.freeze``: moved to the permanent generation) before
    the collector is enabled again: otherwise its first collection scans all of them at once (~0.1 s after
    checking a 1,000-tool spec), and later ones again, though they live until the process ends (the AST
    and IR). Refcounting still frees them; a long-running caller (``toolc watch``) gets earlier frozen
    objects back into the collector's view, as the next pause unfreezes them first.
    """
    was_enabled = gc.isenabled()
    if was_enabled:
        gc.unfreeze()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.freeze()
            gc.enable()


def parse_source(source: Source, diags: Diagnostics) -> tuple[Module | None, bool]:
    """Parses a file as far as possible, also past errors.

    Args:
        source: the decoded file; ``source.path`` becomes the file of every span.
        diags: receives every syntax, lexical and literal error found.

    Returns:
        ``(module, ok)``: ``module`` holds the declarations that parsed (``None`` only when the parser
        gave up after :data:`MAX_SYNTAX_ERRORS`); ``ok`` is False when any error was reported. The loader
        uses a partial module to follow the imports of a broken file.
    """
    report = Reporter(diags)
    with gc_paused():
        items = _parse_fast(source, report)
        if items is None:  # a syntax error (or what the fast path leaves to the driver): parse again, recovering
            from .driver import parse_tree

            tree = parse_tree(source, report)
            if tree is None:
                return None, False
            try:
                items = Build(source.path, report).transform(tree)
            except SpecError as e:  # nesting deeper than MAX_NESTING
                report.add(e)
                return None, False
    locale: str | None = None
    locale_span: Span | None = None
    imports: list[Import] = []
    decls: list[Any] = []
    for item in items:
        if isinstance(item, tuple):  # ("locale", name, span)
            if locale is not None:
                report.add(SpecError("E303", "`locale` is set twice in this file", item[2],
                                     hint="a file has at most one `locale`",
                                     labels=(Label(locale_span, "first set here"),) if locale_span else ()))
                continue
            locale, locale_span = item[1], item[2]
        elif isinstance(item, Import):
            imports.append(item)
        else:
            decls.append(item)
    lines = source.text.split("\n")
    span = Span(source.path, 1, 1, len(lines), len(lines[-1]) + 1)
    module = Module.make(path=source.path, locale=locale, imports=tuple(imports), decls=tuple(decls), span=span,
                    locale_span=locale_span)
    return module, report.count == 0


def _parse_fast(source: Source, report: Reporter) -> list | None:
    """The top-level items of ``source`` built by :func:`.fast.parse_fast`, its value-level errors passed on to
    ``report``; ``None`` (and nothing reported) when the file needs the recovering driver."""
    if comments_collected():
        return None
    held = HeldReporter()
    try:
        items = parse_fast(source.text, Build(source.path, held))
    except SpecError:
        return None
    if items is not None:
        for error in held.errors:
            report.add(error)
    return items


@dataclass(frozen=True, slots=True)
class Comment:
    """A ``#`` comment: where it starts (1-based line and column) and its text (from ``#`` to the line's end).

    ``own_line``: nothing but spaces comes before it on its line.
    """

    line: int
    col: int
    text: str
    own_line: bool


def parse_with_comments(source: Source, diags: Diagnostics) -> tuple[Module | None, list[Comment]]:
    """:func:`parse_module`, plus the file's comments in order (``toolc fmt`` keeps them).

    Returns:
        ``(module, comments)``; ``module`` is ``None`` when any error was reported.
    """
    with collecting_comments() as tokens:
        module = parse_module(source, diags)
    lines = source.text.split("\n")
    seen: dict[tuple[int, int], Comment] = {}
    for t in tokens:  # the recovery driver may lex a stretch twice: one comment per position
        before = lines[t.line - 1][: t.column - 1] if t.line <= len(lines) else ""
        seen[(t.line, t.column)] = Comment(t.line, t.column, str(t).rstrip(), not before.strip())
    return module, [seen[k] for k in sorted(seen)]


def parse_module(source: Source, diags: Diagnostics) -> Module | None:
    """Parses one `.tool` file into a :class:`~dsl.ast.Module`.

    Args:
        source: the decoded file (``source.path`` is the file name used in spans and messages).
        diags: collects every error found in the file -- syntax errors (E001, as many as recovery
            finds, each saying what was expected), string/template errors (E002, E003) and
            value errors the grammar cannot express (E203 ranges, E205 literals, E303 a second
            ``locale`` or dataset setting, E305 dataset values).

    Returns:
        The module, or ``None`` when any error was reported for this file.

    Raises:
        Nothing for a bad spec: every problem is a :class:`~dsl.diagnostics.SpecError` in ``diags``.
    """
    module, ok = parse_source(source, diags)
    return module if ok else None


def parse_expression(text: str, diags: Diagnostics, file: str = "<expression>") -> Any:
    """Parses an expression written on its own (``"days * 24"``, ``"max(r, rating).name"``), as toolc's export
    writes a result field's source (``x-source: {"expr": ...}``).

    Returns:
        the expression node, or ``None`` when ``diags`` got an error.
    """
    report = Reporter(diags)
    try:
        return Build(file, report)._placeholder_expr(text, Span(file, 1, 1, 1, len(text) + 1))
    except SpecError as exc:
        diags.add(exc)
        return None


def parse_template_text(text: str, diags: Diagnostics, file: str = "<template>") -> Any:
    """Parses a template written as the text between a string literal's quotes (``x-source: {"template": ...}``).

    Returns:
        the template node, or ``None`` when ``diags`` got an error.
    """
    before = len(diags.errors)
    literal = '"' + text + '"'
    tpl = Build(file, Reporter(diags)).template(Token("STRING", literal, 0, 1, 1, 1, len(literal) + 1, len(literal)))
    return tpl if len(diags.errors) == before else None
