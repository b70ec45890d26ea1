"""Results stage: what a tool gives back for one call (input: a call + the row's context; output: a JSON result).

Two sources, in the order a build tries them:

* :mod:`.shape` -- the tool's ``returns`` shape, with fields derived from the call's arguments and constraints
  (declared in the spec; runs no user code);
* :mod:`.python` -- a user's Python function named by ``returns ... simulate "file.py:function"``, which runs
  only when the user passes ``--allow-simulators`` on the command line.

Either way the result is validated against ``returns`` by the verification stage (``compiler/verify``).
"""

from __future__ import annotations

from .shape import ResultContext, ResultShape, SimulationError, apply_defaults, canonical_unit

__all__ = ["ResultContext", "ResultShape", "SimulationError", "apply_defaults", "canonical_unit"]
