"""Parse stage, fast path: `.tool` source -> AST in one pass, for text without syntax errors (input: text;
output: the built start symbol, or ``None`` to say "use the recovering driver").

Most spec files parse without a syntax error, and for them the recovering driver (:mod:`.driver`) does
more than needed: lark's lexer makes a token for every run of blanks, its interactive parser builds a
``lark.Tree`` per rule, and :meth:`.build.Build.transform` walks those trees again. This module drives
the *same* LALR(1) tables and contextual-lexer terminals in one loop and calls the :class:`~.build.Build`
callbacks as rules are reduced (LALR reduces in post-order, the order ``transform`` visits the tree), so
the AST, its spans and the value-level errors are those of the recovering path, in the same order.

What it leaves to the recovering driver (it returns ``None`` and the caller parses again): a character
no terminal of the state can start with, a token the state does not accept, a tree deeper than
:data:`~.values.MAX_NESTING` allows, a token holding a line break, and comment collection (``toolc fmt``).
The shape of the tree follows lark's ``parse_tree_builder`` (https://github.com/lark-parser/lark,
``lark/parse_tree_builder.py``): a rule whose name starts with ``_`` is spliced into its parent, a ``?rule``
with one child is that child, any other rule is a node named by its alias or its name.

Blanks and comments are skipped by one regular expression; a token is then matched by its state's
terminals that can start with the character at hand, in lark's order (see :class:`.tables.Lexer`); the
tables come from :mod:`.tables`, so this path runs without importing lark.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any, Callable

from .tables import Token, tables

__all__ = ["parse_fast"]

#: Blanks and comments between tokens (tool.lark's ignored ``WS`` and ``COMMENT``); no terminal starts with these.
_SKIP_RE = re.compile(r"(?:[ \t\f\r\n]+|#[^\n]*)+")
_SKIP_START = frozenset(" \t\f\r\n#")
#: Height of tree this path builds; a deeper one goes to the recovering path, which reports E001 at its limit.
_MAX_HEIGHT = 180
_new_str = str.__new__
_UNSEEN = object()


def parse_fast(text: str, builder: Any, start: str = "start", line: int = 1, col: int = 1) -> Any:
    """Parses ``text`` from rule ``start`` and builds it with ``builder``'s rule callbacks (a :class:`~.build.Build`).

    Args:
        text: the source text (a whole file for ``start``, one placeholder's text for ``expr_start``).
        builder: its methods named as the grammar's rules are called ``method(span, children)``.
        line, col: where ``text`` starts in its file (1-based), for spans.

    Returns:
        What the ``start`` rule's callback built, or ``None`` when the text needs the recovering driver (see
        the module docstring). Value-level errors the callbacks report go to ``builder.report`` meanwhile: a
        caller that falls back must give the builder a reporter it can drop.
    """
    from toolc.dsl.span import Span

    t = tables()
    new_span = tuple.__new__
    actions, drop, file = t.actions, t.drop, builder.file
    functions = _bound(type(builder))
    start_state, end_state = t.start[start]
    lexers = t.lexers
    state_stack = [start_state]
    value_stack: list = []
    pos, n = 0, len(text)
    line_start = 1 - col  # column of offset p on the current line: p - line_start + 1
    skip, skip_start = _SKIP_RE.match, _SKIP_START
    tok: Any = None
    ttype = ""
    while True:
        state = state_stack[-1]
        # -- lex one token in this state (or the end of the text)
        if pos < n and text[pos] in skip_start:
            begin = skip(text, pos).end()
            newlines = text.count("\n", pos, begin)
            if newlines:
                line += newlines
                line_start = text.rfind("\n", pos, begin) + 1
            pos = begin
        if pos < n:
            lexer = lexers[state] or t.lexer(state)
            ch = text[pos]
            regex = lexer.by_char.get(ch, _UNSEEN)
            if regex is _UNSEEN:
                regex = lexer.regex(ch)
            m = regex.match(text, pos) if regex is not None else None
            if m is None:
                return None  # a character no terminal of this state starts with
            ttype = m.lastgroup
            end = m.end()
            value = text[pos:end]
            if ttype in lexer.newline_types and "\n" in value:
                return None
            tok = _new_str(Token, value)
            tok.type = ttype
            tok.start_pos = pos
            tok.value = value
            tok.line = tok.end_line = line
            tok.column = pos - line_start + 1
            tok.end_column = end - line_start + 1
            tok.end_pos = end
            if ttype in lexer.retype:  # a string terminal that the regex terminal also matches (lark: "unless")
                exact = lexer.retype[ttype].fullmatch(value)
                if exact is not None:
                    ttype = tok.type = exact.lastgroup
        else:
            ttype = "$END"
            tok = None
            end = n
        pos = end
        # -- feed it: reduce as long as the state says so, then shift
        while True:
            act = actions[state].get(ttype)
            if act is None:
                return None  # a syntax error: the recovering driver reports it
            if act.__class__ is int:
                if act == end_state:
                    return None  # not reached by a complete parse (lark asserts the same)
                state_stack.append(act)
                value_stack.append(tok)
                break
            size, expand, kind, name, origin, mode = act
            if mode == 1:  # `?rule: one_symbol`: the child stands for it, only the state changes
                state = state_stack[-1] = actions[state_stack[-2]][origin]
                continue
            if mode == 2:  # the first child is a spliced list (`x*` so far): the others go onto it
                kids = value_stack[-size]
                kids += value_stack[len(value_stack) - size + 1:]
                del value_stack[-size:]
                del state_stack[-size:]
            elif size:
                kids = value_stack[-size:]
                del value_stack[-size:]
                del state_stack[-size:]
                if expand:
                    flat: list = []
                    for i, k in enumerate(kids):
                        if i in expand:
                            flat += k
                        else:
                            flat.append(k)
                    kids = flat
            else:
                kids = []
            if kind == 0:
                built: Any = kids
            elif kind == 1 and len(kids) == 1:
                built = kids[0]
            elif kids:
                first, last = kids[0], kids[-1]
                if first.__class__ is Token:
                    sl, sc = first.line, first.column
                else:
                    sl, sc = first[1], first[2]
                if last.__class__ is Token:
                    el, ec = last.end_line, last.end_column
                else:
                    el, ec = last[3], last[4]
                values = []
                height = 0
                for k in kids:
                    if k.__class__ is Token:
                        if k.type not in drop:
                            values.append(k)
                    else:
                        values.append(k[0])
                        if k[5] > height:
                            height = k[5]
                if height >= _MAX_HEIGHT:
                    return None
                built = (functions[name](builder, new_span(Span, (file, sl, sc, el, ec)), values), sl, sc, el, ec, height + 1)
            else:
                built = (functions[name](builder, None, []), 1, 1, 1, 1, 1)
            state = actions[state_stack[-1]][origin]
            state_stack.append(state)
            value_stack.append(built)
            if ttype == "$END" and state == end_state:
                return built[0]
        if ttype == "$END":
            return None  # pragma: no cover - the end token is never shifted


@lru_cache(maxsize=None)
def _bound(cls: type) -> dict[str, Callable]:
    """Rule name -> ``cls``'s method building that node (looked up once per builder class)."""
    from .build import rule_functions

    return {name: getattr(cls, name) for name in rule_functions()}
