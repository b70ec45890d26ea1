"""Parse stage, token values: tokens -> Python values (input: a lark Tree of tool.lark; output: values, errors into a Reporter).

The base of :class:`.build.Build`, shared by every rule callback: strings, templates, numbers, names and
type names with their value-level errors (escapes, types, ranges). :meth:`Values.transform` walks the parse tree bottom-up and calls the rule callbacks of :class:`.build.Build`
(:func:`.build.rule_functions`); the other methods turn one token into its value and report what is wrong
with it, so that building goes on after an error.
"""

from __future__ import annotations

import math
from typing import Any

from ..ast import Count, Template
from ..diagnostics import Label, SpecError, did_you_mean
from ..span import Span
from ..template import parse_template, unquote
from .grammar import Reporter, tok_span
from .tables import Token, tables

__all__ = ["MAX_NESTING", "TYPE_NAMES", "Values"]


#: Type names as written -> the normalised :class:`~dsl.ast.PrimType` name.
TYPE_NAMES: dict[str, str] = {
    "string": "string", "str": "string", "int": "int", "integer": "int", "float": "float", "number": "float",
    "bool": "bool", "boolean": "bool", "date": "date", "datetime": "datetime",
}
#: Deepest parse tree accepted (the stages after the parser recurse over the AST).
MAX_NESTING = 200


def _first_token(tree: Any) -> Any:
    from lark import Tree

    while isinstance(tree, Tree):
        tree = tree.children[0]
    return tree


class Values:
    """What every rule callback shares: the file, error reporting, and the values of tokens (strings,
    templates, numbers) with their value-level errors (escapes, types, ranges)."""

    def __init__(self, file: str, report: Reporter) -> None:
        self.file = file
        self.report = report
        self._raw: dict[int, tuple[Any, Token]] = {}

    def transform(self, tree: Any) -> Any:
        """Builds the AST bottom-up (post-order) from ``tree``; each node's span runs from its first token to its last.

        Raises:
            SpecError: E001 when the tree nests deeper than :data:`MAX_NESTING` (later stages recurse).
        """
        from lark import Tree

        from .build import rule_functions  # the callbacks are Build's, which builds on this class

        rules, drop, file, own = rule_functions(), tables().drop, self.file, Token.of
        # one frame per open tree: [node, index of the next child, built children]; a built child is a
        # token or a tuple (value, line, col, end_line, end_col)
        frames: list[list] = [[tree, 0, []]]
        while True:
            frame = frames[-1]
            node, i, kids = frame
            children = node.children
            n = len(children)
            while i < n:
                child = children[i]
                i += 1
                if type(child) is Tree:
                    frame[1] = i
                    if len(frames) >= MAX_NESTING:
                        raise SpecError("E001", f"the spec nests deeper than {MAX_NESTING} levels here",
                                        self.tspan(_first_token(child)), hint="flatten the nested types")
                    frames.append([child, 0, []])
                    break
                kids.append(own(child))  # lark's token -> the builder's (see .tables.Token)
            else:  # every child built: build this node
                frames.pop()
                if kids:
                    first, last = kids[0], kids[-1]
                    sl, sc = (first.line, first.column) if type(first) is Token else (first[1], first[2])
                    el, ec = (last.end_line, last.end_column) if type(last) is Token else (last[3], last[4])
                    values = [k if type(k) is Token else k[0] for k in kids
                              if type(k) is not Token or k.type not in drop]
                    built = (rules[node.data](self, Span(file, sl, sc, el, ec), values), sl, sc, el, ec)
                else:
                    built = (rules[node.data](self, None, []), 1, 1, 1, 1)
                if not frames:
                    return built[0]
                frames[-1][2].append(built)

    def tspan(self, tok: Token) -> Span:
        return tok_span(self.file, tok)

    def fail(self, code: str, message: str, span: Span | None, hint: str | None = None,
             notes: tuple[str, ...] = (), labels: tuple[Label, ...] = ()) -> None:
        self.report.add(SpecError(code, message, span, hint, notes, labels))

    def string(self, tok: Token) -> str:
        try:
            return unquote(str(tok), self.tspan(tok))
        except SpecError as e:
            self.report.add(e)
            return ""

    def template(self, tok: Token) -> Template:
        try:
            return parse_template(str(tok), self.tspan(tok), self._placeholder_expr)
        except SpecError as e:
            self.report.add(e)
            return Template.make(parts=(), source_text=str(tok)[1:-1], span=self.tspan(tok))

    def number(self, tok: Token) -> int | float:
        """The value of a NUMBER token: an int without ``.``/exponent, else a float; E205 out of range."""
        text = str(tok)
        if all(c.isdigit() for c in text.lstrip("+-")):
            digits = text.lstrip("+-").lstrip("0")
            if len(digits) <= 19 and abs(value := int(text)) < 2**63:
                return value
        else:
            value = float(text)
            if math.isfinite(value):
                return value
        shown = text if len(text) <= 24 else text[:21] + "..."
        self.fail("E205", f"number `{shown}` is out of range", self.tspan(tok),
                  hint="whole numbers must fit in 64 bits, and floats must be finite")
        return 0

    def integer(self, tok: Token, what: str, code: str = "E205", minimum: int | None = None) -> int:
        value = self.number(tok)
        if not isinstance(value, int):
            self.fail(code, f"{what} must be a whole number, not `{tok}`", self.tspan(tok))
            return 0
        if minimum is not None and value < minimum:
            self.fail(code, f"{what} must be at least {minimum}, not `{tok}`", self.tspan(tok))
        return value

    def name(self, tok: Token) -> str:
        """A tool, parameter or argument name: a NAME as written, or a quoted one's text (``"Content-Type"``)."""
        if tok.type == "NAME":
            return str(tok)
        text = self.string(tok)
        if not text:
            self.fail("E001", "a name cannot be empty", self.tspan(tok), hint="write a name between the quotes")
        return text

    def type_name(self, tok: Token) -> str:
        written = str(tok)
        if written in TYPE_NAMES:
            return TYPE_NAMES[written]
        if written == "list":
            return "list"
        self.fail("E001", f"unknown type `{written}`", self.tspan(tok),
                  hint=did_you_mean(written, [*TYPE_NAMES, "list"]) or
                  "expected a type: string, int, float, bool, date, datetime, list[T], \"a\" | \"b\" or { ... }")
        return "string"

    def check_range(self, name: str, lo: Any, hi: Any, span: Span | None) -> tuple[Any, Any]:
        if name == "int":
            for b in (lo, hi):
                if isinstance(b, float):
                    self.fail("E203", f"an `int` range needs whole-number bounds, not `{b}`", span)
                    return None, None
        if lo is not None and hi is not None and lo > hi:
            self.fail("E203", f"empty range: {lo} is greater than {hi}", span, hint=f"write `({hi}..{lo})`")
            return None, None
        return lo, hi

    def count_setting(self, key: str, span: Span | None, c: list) -> tuple:
        n = self.integer(c[0], f"the `{key}` row count", "E305", minimum=0)
        return (key, Count.make(n=n, each=len(c) > 1, span=span), span)
