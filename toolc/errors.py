"""Errors: the one root of every error toolc reports to a user, and one class per stage.

The command line catches :class:`ToolcError` (one clear line or the rendered diagnostics, and the exit
status the error names); anything else that escapes is a bug in toolc and is reported as one, with the
version and where to file it. The shape follows jinja2's and lark's exception trees (one root, errors by
stage) and sqlglot's ``ErrorLevel`` (see ``../shared/design/HOUSE_PLAN.md``).

Stages, in the order a build meets them::

    ToolcError
    ├── UsageError        bad command-line values (exit 2)
    ├── InputError        a file or directory toolc was pointed at cannot be used (exit 2)
    ├── SpecError*        a problem in a spec, with a code and a span (toolc.dsl.diagnostics; exit 1)
    ├── BuildError        a build failed; carries every diagnostic (exit 1)
    ├── RenderError       a record cannot be rendered in a format (exit 1)
    ├── VerifyError       a verification check could not run (exit 1)
    ├── ImportError_      tool definitions from elsewhere cannot be turned into .tool text (exit 1)
    ├── DataError         a build directory or dataset file is missing or malformed (exit 2)
    └── ModelError        a model, tokenizer or checkpoint cannot be loaded or used (exit 2)

(*) ``SpecError`` lives beside the diagnostics that render it.
"""

from __future__ import annotations

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_INTERRUPTED, EXIT_BUG = 0, 1, 2, 130, 70


class ToolcError(Exception):
    """Root of every error toolc reports to a user (never a bug).

    Attributes:
        exit_status: the process exit status the command line uses for it.
    """

    exit_status: int = EXIT_FAILED


class UsageError(ToolcError):
    """A command-line value is invalid (argparse-style message)."""

    exit_status = EXIT_USAGE


class InputError(ToolcError):
    """A path given to toolc cannot be used: missing, unreadable, the wrong kind of file, or unsafe to write."""

    exit_status = EXIT_USAGE


class BuildError(ToolcError):
    """A build stopped; nothing was written (the previous output is untouched)."""


class RenderError(ToolcError):
    """A record cannot be rendered in a format (a template raised, or the format cannot express it)."""


class VerifyError(ToolcError):
    """A verification check could not be run on a row (distinct from a row that fails a check)."""


class ImportError_(ToolcError):  # noqa: N801 - `ImportError` is a builtin
    """Tool definitions from another source (OpenAI, OpenAPI, MCP, BFCL) cannot be imported."""


class DataError(ToolcError):
    """A build directory or dataset file is missing or malformed."""

    exit_status = EXIT_USAGE


class ModelError(ToolcError):
    """A model, tokenizer or checkpoint cannot be found, loaded or used."""

    exit_status = EXIT_USAGE
