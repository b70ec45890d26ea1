"""Driver: the ``toolc`` command line (input: argv; output: exit status). It only dispatches to the stages.

This module parses the command line and prints what stops a command; the commands themselves, one function
each, are in :mod:`toolc.commands`.

Exit status: 0 success, 1 spec errors (or a failed stage), 2 usage, input, data or model errors, 70 an internal
error (a bug in toolc: set ``TOOLC_BACKTRACE=1`` to see its traceback), 130 interrupted, 141 stdout closed early.
Errors are :class:`toolc.errors.ToolcError`; :func:`main` is the one place that prints them.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import os
import sys
from pathlib import Path
from typing import Any, Sequence

from toolc.commands import COMMANDS
from toolc.errors import EXIT_BUG, EXIT_INTERRUPTED, EXIT_OK, EXIT_USAGE, ToolcError

_DELEGATED = {
    # command -> (module, help); the module's main(argv) parses its own flags (`toolc train sft --help`)
    ("train", "sft"): ("toolc.train.sft", "LoRA supervised fine-tuning on the SFT split (TRL SFTTrainer)"),
    ("train", "rm"): ("toolc.train.rm", "reward model on the RM pairs (TRL RewardTrainer)"),
    ("train", "rl"): ("toolc.train.rl", "online RL on the PPO prompts (TRL GRPOTrainer) with the tool-call reward"),
    ("eval",): ("toolc.train.evaluate", "generate and score tool calls on a split"),
    ("model", "tiny"): ("toolc.train.tiny", "build the tiny Qwen3-architecture model from a compiled corpus"),
    ("demo",): ("toolc.train.demo", "compile the bundled specs, build the tiny model, train and evaluate it"),
}


def _date(text: str) -> _dt.date:
    from toolc.limits import check_today

    try:
        day = _dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a date YYYY-MM-DD, got {text!r}") from None
    return _checked(check_today, day)


def _checked(check, value):
    from toolc.errors import UsageError

    try:
        return check(value)
    except UsageError as exc:
        raise argparse.ArgumentTypeError(str(exc).split(": ", 1)[1]) from None


def _whole(text: str) -> int:
    try:
        return int(text, 10)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None


def _count(text: str) -> int:
    from toolc.limits import check_count

    return _checked(check_count, _whole(text))


def _jobs_arg(text: str) -> int:
    n = _whole(text)
    if not 1 <= n <= 256:
        raise argparse.ArgumentTypeError(f"expected a number of processes from 1 to 256, got {n}")
    return n


def _seed(text: str) -> int:
    from toolc.limits import check_seed

    return _checked(check_seed, _whole(text))


def _percent(text: str) -> float:
    from toolc.limits import check_percent

    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number, got {text!r}") from None
    _checked(check_percent, value)
    return value


def _csv(text: str) -> tuple[str, ...]:
    return tuple(x.strip() for x in text.split(",") if x.strip())


_SPEC_HELP = "a .tool file, or a directory: every *.tool file in its tree"


def _format_help() -> str:
    """``--format``'s help, from the family registry (the fixed formats, then every model family's name)."""
    from toolc.compiler.families import FAMILIES, FORMATS

    families = ", ".join(n for n, f in FAMILIES.items() if f.template is not None)
    return (f"comma-separated: {','.join(FORMATS)}; chat:FAMILY for a model family's own chat template "
            f"(FAMILY: {families}); chat:PATH for a .jinja file or a tokenizer directory; F-train for the training "
            "variant of a text format (qwen-train, chat:llama3_1-train)")


class _Version(argparse.Action):
    """``--version``: prints ``toolc VERSION`` and exits, as argparse's ``version`` action does, but looks the
    version up only when asked (``importlib.metadata`` costs ~16 ms of every command's start-up)."""

    def __init__(self, option_strings: list[str], dest: str = argparse.SUPPRESS, default: Any = argparse.SUPPRESS,
                 help: str = "show program's version number and exit") -> None:  # noqa: A002 - argparse's name
        super().__init__(option_strings=option_strings, dest=dest, default=default, nargs=0, help=help)

    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace, values: Any,
                 option_string: str | None = None) -> None:
        parser._print_message(f"toolc {version()}\n", sys.stdout)
        parser.exit()


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="toolc", description="Compile .tool specs into tool-calling training data.")
    p.add_argument("--version", action=_Version)
    sub = p.add_subparsers(dest="cmd", metavar="COMMAND")

    c = sub.add_parser("check", help="parse and check specs; report every error")
    c.add_argument("specs", nargs="+", type=Path, metavar="SPEC", help=_SPEC_HELP)
    c.add_argument("--error-format", choices=("text", "json"), default="text")

    b = sub.add_parser("build", help="expand specs into SFT, RM and PPO datasets")
    b.add_argument("specs", nargs="+", type=Path, metavar="SPEC", help=_SPEC_HELP)
    b.add_argument("-o", "--out", type=Path, required=True,
                   help="output directory: created, or replaced atomically if it is empty or an earlier toolc output")
    b.add_argument("--force", action="store_true",
                   help="replace OUT even if it is a file or a directory toolc did not write (its contents are deleted)")
    b.add_argument("--dataset", help="which `dataset` block to build (default: the first declared)")
    b.add_argument("--seed", type=_seed, help="0..2**63-1 (default: the dataset's `seed`, else 0)")
    b.add_argument("--today", type=_date,
                   help="reference date for `today` and relative dates, 1000-01-01..8999-12-31 (default: today)")
    b.add_argument("--format", type=_csv, dest="formats", help=_format_help())
    b.add_argument("--sft", type=_count, help="total SFT rows (0..1_000_000_000)")
    b.add_argument("--rm", type=_count, help="total RM rows (0..1_000_000_000)")
    b.add_argument("--ppo", type=_count, help="total PPO rows (0..1_000_000_000)")
    b.add_argument("--test-percent", type=_percent, help="share of rows in the test split: a number in [0, 100)")
    b.add_argument("--error-format", choices=("text", "json"), default="text")
    b.add_argument("--no-progress", action="store_true")
    b.add_argument("-j", "--jobs", type=_jobs_arg, metavar="N",
                   help="processes that compute rows (default: the cores available); the output is the same for any N")
    b.add_argument("--no-cache", action="store_true",
                   help="compute every row, reusing nothing from OUT's cache (by default a build into an earlier "
                        "toolc output reuses the rows nothing changed; the bytes are the same either way)")
    b.add_argument("--allow-simulators", action="store_true",
                   help="run the Python simulators the specs name (`returns ... simulate \"file.py:fn\"`): code runs")

    s = sub.add_parser("stats", help="print a build's manifest as tables")
    s.add_argument("out", type=Path, metavar="DIR")

    e = sub.add_parser("export", help="export tools as OpenAI tools, an MCP tool list or an OpenAPI document")
    e.add_argument("specs", nargs="+", type=Path, metavar="SPEC", help=_SPEC_HELP)
    e.add_argument("--as", dest="shape", choices=("openai", "mcp", "openapi"), default="openai",
                   help="openai: a list of function tools (default); mcp: a tools/list result; "
                        "openapi: an OpenAPI 3.1 document, one POST operation per tool")
    e.add_argument("--tool", action="append", help="only these tools")
    e.add_argument("--plain", action="store_true", help="omit toolc's x-ask/x-returns/x-count/x-source keys")
    e.add_argument("-o", "--out", type=Path, help="write to this file (default: stdout)")

    h = sub.add_parser("push", help="upload a build to the Hugging Face Hub (one config per kind and format)")
    h.add_argument("out", type=Path, metavar="DIR")
    h.add_argument("repo", metavar="USER/NAME")
    h.add_argument("--kind", type=_csv, dest="kinds", help="comma-separated: sft,rm,ppo (default: all)")
    h.add_argument("--format", type=_csv, dest="formats", help="comma-separated formats (default: all built)")
    h.add_argument("--private", action="store_true")
    h.add_argument("--token", help="Hub token (default: the logged-in user's)")
    h.add_argument("--license", default="unknown",
                   help="the dataset card's license, a Hub identifier such as apache-2.0 or cc-by-4.0 (default: unknown)")
    h.add_argument("--dry-run", type=Path, metavar="DIR",
                   help="write exactly what would be uploaded (README.md card, manifest, Parquet files) into DIR, "
                        "a new or empty directory, and upload nothing")

    i = sub.add_parser("import", help="turn tool definitions (OpenAI, OpenAPI 3, MCP, JSON Schema, BFCL; JSON, "
                                      "JSONL or YAML) into .tool source")
    i.add_argument("file", type=Path)
    i.add_argument("--from", dest="source", choices=("openai", "openapi", "mcp", "jsonschema", "bfcl"),
                   help="what the file holds (default: detected)")
    i.add_argument("-o", "--out", type=Path, help="write the .tool text to this file (default: stdout)")
    i.add_argument("--error-format", choices=("text", "json"), default="text")

    x = sub.add_parser("explain", help="print the long explanation of a diagnostic code (`toolc explain E102`)")
    x.add_argument("code", metavar="CODE")

    d = sub.add_parser("diff", help="what changed between two builds or two spec versions (exit 0 same, 1 different, "
                                    "2 error)")
    d.add_argument("a", type=Path, metavar="A", help="a build directory, or a spec file or directory")
    d.add_argument("b", type=Path, metavar="B", help="the same kind of thing as A")
    d.add_argument("--json", action="store_true", help="print the report as one JSON object")
    d.add_argument("--specs-only", action="store_true",
                   help="spec versions: compare declarations only, without building both to compare rows")
    d.add_argument("--format", dest="row_format",
                   help="builds: the format rows are compared in (default: openai when both have it)")
    d.add_argument("--today", type=_date, help="spec versions: the reference date of both builds (default: today)")
    d.add_argument("--seed", type=_seed)
    d.add_argument("--dataset")
    d.add_argument("--sft", type=_count)
    d.add_argument("--rm", type=_count)
    d.add_argument("--ppo", type=_count)

    w = sub.add_parser("watch", help="build, then rebuild on every save of a spec file (Ctrl-C stops)")
    w.add_argument("specs", nargs="+", type=Path, metavar="SPEC", help=_SPEC_HELP)
    w.add_argument("-o", "--out", type=Path, required=True, help="output directory (as for build)")
    w.add_argument("--force", action="store_true", help="as for build")
    w.add_argument("--dataset")
    w.add_argument("--seed", type=_seed)
    w.add_argument("--today", type=_date, help="reference date (default: today)")
    w.add_argument("--format", type=_csv, dest="formats", help="comma-separated formats (as for build)")
    w.add_argument("--sft", type=_count)
    w.add_argument("--rm", type=_count)
    w.add_argument("--ppo", type=_count)
    w.add_argument("--test-percent", type=_percent)
    w.add_argument("--interval", type=float, default=0.5, help="seconds between looks at the files (default: 0.5)")

    f = sub.add_parser("fmt", help="rewrite .tool files in the canonical layout (comments kept); --check for CI")
    f.add_argument("specs", nargs="+", type=Path, metavar="SPEC",
                   help=_SPEC_HELP + "; `-` reads standard input and writes the result to standard output")
    f.add_argument("--check", action="store_true",
                   help="change nothing; list the files that would change and exit 1 if there are any")
    f.add_argument("--error-format", choices=("text", "json"), default="text")

    n = sub.add_parser("new", help="write a starter spec (main.tool) that builds")
    n.add_argument("dir", nargs="?", type=Path, default=Path("."), metavar="DIR",
                   help="where to write main.tool (created if missing; default: the current directory)")

    # delegated commands parse their own flags (`toolc train sft --help`); these entries list them in
    # `toolc --help`, and `toolc train --help` / `toolc model --help` list their subcommands
    for words, (_, help_) in _DELEGATED.items():
        if len(words) == 1:
            sub.add_parser(words[0], help=help_, add_help=False)
    for group, help_ in (("train", "train on a build: sft | rm | rl"), ("model", "build models: tiny")):
        g = sub.add_parser(group, help=help_, description=help_.capitalize() + ".",
                           epilog=f"Each subcommand takes --help: `toolc {group} "
                                  f"{next(w[1] for w in _DELEGATED if w[0] == group)} --help`.")
        gsub = g.add_subparsers(dest="sub", metavar="SUBCOMMAND")
        for words, (_, sub_help) in _DELEGATED.items():
            if words[0] == group and len(words) == 2:
                gsub.add_parser(words[1], help=sub_help, add_help=False)
    return p


#: Exit status when the reader of stdout goes away (``toolc stats out | head``): 128 + SIGPIPE, as a shell reports a command killed by that signal.
EXIT_BROKEN_PIPE = 141
#: Set to ``1`` to print the traceback of an internal error (a bug in toolc) above its report.
BACKTRACE_ENV = "TOOLC_BACKTRACE"


def main(argv: Sequence[str] | None = None) -> int:
    """``toolc``: runs one command and returns its exit status.

    Exit status: 0 success; 1 spec errors or a failed stage; 2 usage, input, data or model errors; 70 an internal
    error (a bug in toolc); 130 interrupted (Ctrl-C); 141 stdout closed early. Every :class:`~toolc.errors.ToolcError`
    is printed as one line or as the rendered diagnostics (``--error-format json``: a JSON list on stdout); any
    other exception is a bug and is printed as a short report (version, exception, where to file it), with the
    traceback when ``TOOLC_BACKTRACE=1``. Delegated commands (``toolc train ...``, ``eval``, ``demo``,
    ``model tiny``) go through the same handling.

    Args:
        argv: the arguments after ``toolc`` (``None``: ``sys.argv[1:]``).
    """
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        return _run(argv, _error_format(argv))
    except BrokenPipeError:  # also while printing an error: `toolc check big.tool --error-format json | head`
        # Python's recipe (https://docs.python.org/3/library/signal.html#note-on-sigpipe): point stdout at
        # devnull so the interpreter's final flush does not raise again, and stop without a traceback.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_BROKEN_PIPE


#: Whether :func:`script` runs the command, i.e. the process ends with it (not ``main`` called from a program, or a
#: test): an interrupted command then ignores further interrupts while it reports and exits.
_SCRIPT = False


def script() -> None:
    """The ``toolc`` console script (``[project.scripts]``): :func:`main` with the command line, then the process ends.

    An interpreter's normal exit frees every object the process made, one at a time: 0.5 s of the README build's
    7 s (its program, caches, Faker pools and donor rows). After toolc's own commands the script runs the exit
    handlers (``atexit``), flushes stdout and stderr and ends the process without freeing them (``os._exit``, as
    mypy's ``hard_exit`` does, https://github.com/python/mypy/blob/master/mypy/util.py); toolc has closed every file
    it wrote by then. Delegated commands (``train``, ``eval``, ``demo``, ``model``), whose libraries may finish work
    in finalizers, exit normally, as does a process being profiled or traced.
    """
    global _SCRIPT
    argv = sys.argv[1:]
    _SCRIPT = True
    status = main(argv)
    if any(argv[: len(words)] == list(words) for words in _DELEGATED) or sys.getprofile() or sys.gettrace():
        sys.exit(status)  # also under a profiler or tracer (python -m cProfile writes its data after the script)
    import atexit

    run_exit_handlers = getattr(atexit, "_run_exitfuncs", None)  # CPython; elsewhere the exit handlers are skipped
    if run_exit_handlers is not None:
        run_exit_handlers()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # closed, or a reader that went away (main pointed stdout at devnull)
            pass
    os._exit(status if isinstance(status, int) else 0 if status is None else 1)


def _run(argv: list[str], fmt: str) -> int:
    """Runs the command; prints what stopped it and returns the exit status (see :func:`main`)."""
    try:
        return _main(argv)
    except ToolcError as exc:
        print(exc.render(fmt), file=sys.stdout if fmt == "json" else sys.stderr)
        return exc.exit_status
    except KeyboardInterrupt as exc:  # a command may say what became of its output: "interrupted: out is unchanged"
        if _SCRIPT:  # the process is ending: a second Ctrl-C here printed a traceback (SIGTERM: ended it unsaid)
            _ignore_interrupts()
        print(f"toolc: {exc.args[0]}" if exc.args else "toolc: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        raise  # main's, not a bug
    except Exception as exc:  # noqa: BLE001 - not a ToolcError: a bug in toolc, reported as one
        print(bug_report(exc, backtrace=os.environ.get(BACKTRACE_ENV, "") not in ("", "0")), file=sys.stderr)
        return EXIT_BUG


def _ignore_interrupts() -> None:
    """Ignores further SIGINT and SIGTERM (main thread only; elsewhere nothing): for a process that is ending."""
    import signal

    try:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
    except ValueError:  # not the main thread (main() run from a thread of a program)
        pass


def _error_format(argv: list[str]) -> str:
    """The ``--error-format`` named on the command line (``text`` when none), read before any command runs."""
    for i, a in enumerate(argv):
        if a == "--error-format" and i + 1 < len(argv):
            return argv[i + 1]
        if a.startswith("--error-format="):
            return a.split("=", 1)[1]
    return "text"


def version() -> str:
    """The installed toolc version (``unknown`` when toolc runs from a checkout that is not installed)."""
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as dist_version

    try:
        return dist_version("toolc")
    except PackageNotFoundError:
        return "unknown"


def bug_report(exc: BaseException, backtrace: bool = False) -> str:
    """The report of an exception that is not a :class:`~toolc.errors.ToolcError`: a bug in toolc.

    Returns:
        A short block: the toolc version and Python, the exception and the line that raised it, and what to
        do; with ``backtrace`` the full traceback comes first.
    """
    import platform
    import traceback

    lines = []
    if backtrace:
        lines.append("".join(traceback.format_exception(exc)).rstrip())
    message = " ".join(str(exc).split())
    lines.append(f"error: internal error in toolc {version()} (Python {platform.python_version()}): "
                 "this is a bug in toolc, not a problem with your input")
    lines.append(f"  {type(exc).__name__}" + (f": {message[:300]}" if message else ""))
    frames = traceback.extract_tb(exc.__traceback__)
    if frames:
        last = frames[-1]
        lines.append(f"  at {last.filename}:{last.lineno} in {last.name}")
    if backtrace:
        lines.append("  = help: please file an issue with the command you ran and the traceback above")
    else:
        lines.append(f"  = help: please file an issue with the command you ran and the traceback "
                     f"(run it again with {BACKTRACE_ENV}=1 to show it)")
    return "\n".join(lines)


def _few_malloc_arenas(arenas: int = 2) -> None:
    """Caps glibc's malloc arenas for this process (``mallopt(M_ARENA_MAX)``, glibc ``malloc.h``; nothing elsewhere).

    A build's writer threads (:class:`compiler.files.SplitWriter`) would each get an arena of their own (up to 8
    per core), keeping what the Arrow buffers they free leave behind: measured on 100k SFT rows, peak RSS 420 MB
    with the default, 368 MB with two arenas, the same time (``MALLOC_ARENA_MAX``, read by glibc at start-up,
    does the same from outside; a value set there wins)."""
    if not sys.platform.startswith("linux") or "MALLOC_ARENA_MAX" in os.environ:
        return
    import ctypes

    try:
        ctypes.CDLL("libc.so.6").mallopt(-8, arenas)  # M_ARENA_MAX
    except (OSError, AttributeError):  # another C library (musl): it has no arenas to cap
        pass


def _main(argv: list[str]) -> int:
    # Arrow's default allocator keeps freed batches cached, so a build's peak memory grew with its row count;
    # the system allocator keeps it nearly flat (see compiler/files.py). Must be set before pyarrow loads.
    os.environ.setdefault("ARROW_DEFAULT_MEMORY_POOL", "system")
    _few_malloc_arenas()
    # delegated commands parse their own flags
    for words, (module, _) in _DELEGATED.items():
        if argv[: len(words)] == list(words):
            import importlib

            return int(importlib.import_module(module).main(argv[len(words):]) or 0)
    # numpy (which pyarrow imports) starts OpenBLAS's thread pool, a thread per further core, each spinning ~0.1 s of
    # CPU after it loads though no command here multiplies matrices (perf, 2 cores: 2.3 % of the race build's CPU
    # samples, 1.5 % of the README build's; 8 paired race builds: -1.2 % CPU); one thread starts none. Not for the
    # delegated commands above (training)
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    parser = _parser()
    if not argv:
        parser.print_help()
        return EXIT_USAGE
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return EXIT_USAGE if exc.code else EXIT_OK
    if args.cmd in ("train", "model"):  # the group alone (a subcommand is delegated above)
        subs = "|".join(w[1] for w in _DELEGATED if w[0] == args.cmd)
        print(f"usage: toolc {args.cmd} {{{subs}}} ... (see `toolc {args.cmd} --help`)", file=sys.stderr)
        return EXIT_USAGE
    if args.cmd is None:
        parser.print_help()
        return EXIT_USAGE
    return COMMANDS[args.cmd](args)


if __name__ == "__main__":  # pragma: no cover
    script()
