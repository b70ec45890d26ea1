"""Check stage: spec files -> checked IR and every spec error (input: paths; output: ir.Program + Diagnostics).

This is all of ``toolc check`` and the first step of a build (:mod:`compiler.build` calls it): loading and
parsing (:mod:`dsl.load`), then lowering (:mod:`compiler.lower`). It imports nothing a build needs beyond
that, so ``toolc check`` starts without the expansion, writer and chat-template modules.
"""

from __future__ import annotations

from pathlib import Path
from typing import Sequence

from toolc.dsl.diagnostics import Diagnostics
from toolc.dsl.load import load_program, spec_name
from toolc.dsl.parse import gc_paused

from . import ir
from .lower import lower

__all__ = ["check", "check_and_read"]


def check(paths: Sequence[Path]) -> tuple[ir.Program, Diagnostics]:
    """Parses and checks spec files; returns the IR and every error found (``toolc check``).

    Returns:
        ``(program, diagnostics)``: the program is empty when a file has a syntax error (names are then not
        checked against the rest, which would only add noise).
    """
    with gc_paused():  # lowering, like parsing, makes many small objects and no cycles: ~20 % of a big check
        prog, diags, _ = check_and_read(paths)
    return prog, diags


def check_and_read(paths: Sequence[Path]) -> tuple[ir.Program, Diagnostics, list[Path]]:
    """:func:`check`, plus every spec file read (named or imported; a build's output may not hold them)."""
    diags = Diagnostics()
    program = load_program([Path(p) for p in paths], diags)
    read = [Path(p) for p in paths] + list(program.paths.values())
    if diags:  # files with syntax errors are left out; checking names against the rest would only add noise
        return ir.Program(), diags, read
    names = {shown: spec_name(path, program.root) for shown, path in program.paths.items()}
    prog = lower(program.modules, diags, program.raw, names, root=program.root)
    return prog, diags, read
