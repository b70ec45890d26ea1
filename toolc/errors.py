"""Errors: the one root of every error toolc reports to a user, and one class per stage (input: none; output: classes).

The command line (:func:`toolc.cli.main`) catches :class:`ToolcError` and prints :meth:`ToolcError.render` (one
clear line, or the rendered diagnostics) with the exit status the error carries; ``KeyboardInterrupt`` is one
line and status 130; anything else that escapes is a bug in toolc and is reported as one (version, the
exception, where to file it; the traceback with ``TOOLC_BACKTRACE=1``). The shape follows jinja2's and lark's
exception trees (one root, errors by stage) and sqlglot's ``ErrorLevel`` (see ``../shared/design/HOUSE_PLAN.md``).

Stages, in the order a build meets them, and the classes raised from each::

    ToolcError
    ├── UsageError          bad command-line values (exit 2)
    │   └── UnknownFormatError      an output format name no writer is registered under
    ├── InputError          a path the user named cannot be read or written (exit 2)
    ├── SpecError*          one problem in a spec, with a code and a span (exit 1)
    │   └── ExpansionError*         a scenario produced an invalid row while expanding (E601..)
    ├── BuildError          a build stopped, carrying every diagnostic; nothing was written (exit 1)
    ├── RenderError         a record cannot be rendered in a format (exit 1)
    │   └── RowColumnsError         a rendered row's columns differ from its format's columns
    ├── VerifyError         a verification check could not run (exit 1)
    ├── ToolImportError     tool definitions from elsewhere cannot be turned into .tool text (exit 1)
    │   └── SchemaImportError       a JSON Schema construct .tool cannot express
    ├── HubError            the Hugging Face Hub refused a push or cannot be reached (exit 1)
    ├── DataError           a build directory, dataset file or report is missing or malformed (exit 2)
    │   └── DatasetDirError         a build directory that lacks what training or evaluation needs
    │       └── NotABuildError      a directory without a build's manifest.json
    └── ModelError          a model, tokenizer or checkpoint cannot be found, loaded or used (exit 2)
        ├── ModelNotFoundError      neither a local directory, nor cached, and the Hub is unreachable
        └── CheckpointError         ``--resume`` names no usable checkpoint

(*) :class:`~toolc.dsl.diagnostics.SpecError` lives beside the diagnostics that render it, and
:class:`~toolc.compiler.conversation.ExpansionError` beside the conversation the expansion makes.
"""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator

__all__ = [
    "EXIT_BUG", "EXIT_FAILED", "EXIT_INTERRUPTED", "EXIT_OK", "EXIT_USAGE",
    "BuildError", "CheckpointError", "DataError", "DatasetDirError", "HubError", "InputError", "ModelError", "ModelNotFoundError",
    "NotABuildError", "RenderError", "RowColumnsError", "SchemaImportError", "ToolImportError", "ToolcError",
    "UnknownFormatError", "UsageError", "VerifyError", "os_reason", "on_path",
]

#: Exit statuses: success, a failed stage (spec errors, a build that stopped), bad usage or input, interrupted
#: (128 + SIGINT, as a shell reports it), and an internal error (``EX_SOFTWARE`` of BSD's sysexits.h).
EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_INTERRUPTED, EXIT_BUG = 0, 1, 2, 130, 70


class ToolcError(Exception):
    """Root of every error toolc reports to a user (never a bug).

    Attributes:
        exit_status: the process exit status the command line uses for it.
    """

    exit_status: int = EXIT_FAILED

    def render(self, fmt: str = "text") -> str:
        """The error as the command line prints it: ``error: MESSAGE`` (``fmt="json"``: a one-item JSON list
        shaped like the diagnostics of ``--error-format json``)."""
        if fmt == "json":
            import json

            return json.dumps([{"level": "error", "code": None, "message": str(self)}], ensure_ascii=False, indent=2)
        return f"error: {self}"


class UsageError(ToolcError):
    """A command-line value is invalid (argparse-style message)."""

    exit_status = EXIT_USAGE


class UnknownFormatError(UsageError):
    """An output format name that names no format (see ``compiler.families.formats``).

    Attributes:
        name: the name asked for.
        suggestion: the closest known name, or ``None``.
        reason: why the name does not resolve, when it is more than a typo (a model family that cannot express
            tool calls, a training variant of a format without one), or ``None``.
    """

    def __init__(self, name: str, suggestion: str | None, known: tuple[str, ...] = (), reason: str | None = None
                 ) -> None:
        if reason is not None:
            message = f"unknown format `{name}`: {reason}"
        elif suggestion is not None:
            message = f"unknown format `{name}`; did you mean `{suggestion}`?"
        else:
            message = f"unknown format `{name}`; expected one of: {', '.join(known)}"
        super().__init__(message)
        self.name = name
        self.suggestion = suggestion
        self.reason = reason


class UnknownFamilyError(UsageError):
    """A model family name that no family is registered under (``compiler.families``).

    Attributes:
        name: the name asked for.
        suggestion: the closest registered name, or ``None``.
    """

    def __init__(self, name: str, suggestion: str | None, known: tuple[str, ...] = ()) -> None:
        hint = f"did you mean `{suggestion}`?" if suggestion else f"known families: {', '.join(known)}"
        super().__init__(f"unknown model family `{name}`; {hint}")
        self.name = name
        self.suggestion = suggestion


class InputError(ToolcError):
    """A path the user named cannot be used: missing, unreadable, unwritable, or the wrong kind of file.

    The message starts with the path: ``out/x: cannot write: permission denied``.
    """

    exit_status = EXIT_USAGE


class BuildError(ToolcError):
    """A build stopped; nothing was written (the previous output is untouched).

    Attributes:
        diags: the :class:`~toolc.dsl.diagnostics.Diagnostics` of the run (every error and warning), or ``None``
            when the build stopped for another reason (the message says which).
    """

    def __init__(self, diags_or_message: Any) -> None:
        if isinstance(diags_or_message, str):
            super().__init__(diags_or_message)
            self.diags = None
        else:
            super().__init__(diags_or_message.summary())
            self.diags = diags_or_message

    def render(self, fmt: str = "text") -> str:
        """The diagnostics (errors, then warnings) in ``fmt`` followed, in text, by the count; or the one-line message."""
        if self.diags is None:
            return super().render(fmt)
        rendered = self.diags.render(fmt)
        return rendered if fmt == "json" else f"{rendered}\n{self}"


class RenderError(ToolcError):
    """A record cannot be rendered in a format (a template raised, or the format cannot express the record)."""


class RowColumnsError(RenderError):
    """A rendered row's columns are not exactly its format's columns (a writer and its features disagree)."""


class VerifyError(ToolcError):
    """A verification check could not be run on a row (distinct from a row that fails a check)."""


class ToolImportError(ToolcError):
    """Tool definitions from another source (OpenAI, OpenAPI, MCP, BFCL) cannot be imported."""


class SchemaImportError(ToolImportError):
    """A function definition uses a JSON Schema construct that .tool cannot express; the message names its JSON path."""


class HubError(ToolcError):
    """The Hugging Face Hub refused an upload (authentication, permissions, a bad repository id) or cannot be reached."""


class DataError(ToolcError):
    """A build directory, dataset file or evaluation report is missing or malformed."""

    exit_status = EXIT_USAGE


class DatasetDirError(DataError):
    """A build directory cannot be trained or evaluated on: a format, split or column is missing, or a row is malformed."""


class NotABuildError(DatasetDirError):
    """A directory does not exist or has no ``manifest.json``: it is not the output of ``toolc build``."""


class ModelError(ToolcError):
    """A model, tokenizer or checkpoint cannot be found, loaded or used."""

    exit_status = EXIT_USAGE


class ModelNotFoundError(ModelError):
    """The model is neither a local directory nor in the Hugging Face cache, and the Hub cannot be reached."""


class CheckpointError(ModelError):
    """``--resume`` names no checkpoint (or the output directory holds none)."""


def os_reason(exc: OSError) -> str:
    """The reason of an OS error in a message's words: ``strerror`` lower-cased (``no such file or directory``)."""
    reason = exc.strerror or str(exc) or type(exc).__name__
    return reason[:1].lower() + reason[1:]


@contextmanager
def on_path(path: str | Path, doing: str, error: type[ToolcError] = InputError) -> Iterator[None]:
    """Turns an ``OSError`` raised inside the block into ``error`` with one line naming the path and the reason.

    Args:
        path: the path the user named (the message shows the OS error's own file name when it has one, e.g.
            the parent directory that is not writable).
        doing: what toolc was doing, in words: ``"read"``, ``"write the report"``.
        error: the :class:`ToolcError` class raised (:class:`InputError` by default).

    Raises:
        ToolcError: ``error("PATH: cannot DOING: REASON")``, chained to the ``OSError``.

    >>> with on_path("nope/x.json", "read"):  # doctest: +SKIP
    ...     open("nope/x.json")
    toolc.errors.InputError: nope/x.json: cannot read: no such file or directory
    """
    try:
        yield
    except OSError as exc:
        where = exc.filename if isinstance(exc.filename, str) and exc.filename else str(path)
        raise error(f"{where}: cannot {doing}: {os_reason(exc)}") from exc
