"""Driver, commands: parsed arguments -> a stage's work (input: an argparse Namespace; output: exit status, files, stdout).

One function per ``toolc`` command (``check``, ``build``, ``stats``, ``export``, ``import``, ``push``, ``explain``,
``diff``, ``watch``, ``fmt``, ``new``), found by name in :data:`COMMANDS`; :func:`toolc.cli.main` parses the
command line and prints what a command raises. Each command imports its stage when it runs, so that
``toolc check`` loads neither pyarrow nor polars nor the training libraries (tests/test_startup.py).
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Callable

from toolc.errors import EXIT_FAILED, EXIT_OK, EXIT_USAGE, BuildError, InputError, ToolcError, UsageError, on_path

__all__ = ["COMMANDS"]


def _check(args) -> int:
    from toolc.compiler.check import check

    prog, diags = check(args.specs)
    if diags:
        raise BuildError(diags)
    if args.error_format == "json":
        print(diags.render("json"))
    else:
        if diags.warnings:
            print(diags.render(), file=sys.stderr)
        n = len(diags.warnings)
        print(f"ok: {len(prog.tools)} tools, {len(prog.slots)} slots, {len(prog.scenarios)} scenarios, "
              f"{len(prog.datasets)} datasets" + (f", {n} warning{'s' if n != 1 else ''}" if n else ""))
    return EXIT_OK


def _explain(args) -> int:
    from toolc.dsl.codes import explain

    print(explain(args.code).rstrip("\n"))
    return EXIT_OK


def _build(args) -> int:
    from toolc.compiler.build import build
    from toolc.compiler.files import skip_pandas_probe
    from toolc.compiler.output import terminate_as_interrupt
    from toolc.dsl.diagnostics import Diagnostics

    skip_pandas_probe()  # this process hands pyarrow no pandas objects: 0.2 s less start-up

    warnings = Diagnostics()
    stats: dict[str, int] = {}
    try:
        with terminate_as_interrupt():
            m = build(args.specs, args.out, dataset=args.dataset, seed=args.seed, today=args.today,
                      formats=args.formats, sft=args.sft, rm=args.rm, ppo=args.ppo, test_percent=args.test_percent,
                      progress=False if args.no_progress else None, force=args.force, warnings=warnings,
                      allow_simulators=args.allow_simulators, jobs=args.jobs, incremental=not args.no_cache,
                      stats=stats, gc_after=not _process_ends())
    except KeyboardInterrupt as exc:  # Ctrl-C, or SIGTERM (terminate_as_interrupt): say what became of OUT
        late = exc.args and str(exc.args[0]).startswith("after")
        raise KeyboardInterrupt(f"interrupted {exc.args[0]}" if late else f"interrupted: {args.out} is unchanged") from None
    rows = m["rows"]
    summary = ", ".join(f"{k} {v['train']}+{v['test']}" for k, v in rows.items())
    reused = (f"; reused the rows of {stats['scenarios']} of {stats['cached_scenarios']} (scenario, kind) pairs from "
              f"its cache" if stats.get("scenarios") else "")
    print(f"built dataset `{m['dataset']}` into {args.out}: {summary} (train+test) in {len(m['formats'])} formats"
          f"{reused}", file=sys.stderr if args.error_format == "json" else sys.stdout)
    _print_warnings(warnings, args.error_format)
    return EXIT_OK


def _process_ends() -> bool:
    """Whether the process ends with this command (:func:`toolc.cli.script`, not ``main`` called from a program)."""
    from toolc import cli

    return cli._SCRIPT


def _print_warnings(diags, fmt: str) -> None:
    """After a successful command: its warnings and notes (text on stderr with their count; ``json``: the list,
    possibly empty, on stdout, so stdout of ``--error-format json`` is always a JSON list of diagnostics)."""
    if fmt == "json":
        print(diags.render("json"))
    elif diags.warnings:
        print(f"{diags.render()}\n{diags.summary()}", file=sys.stderr)


def _stats(args) -> int:
    import polars as pl

    from toolc.compiler.stats import describe, tables

    ts = tables(args.out)
    print(describe(args.out))
    with pl.Config(tbl_rows=200, tbl_hide_dataframe_shape=True, fmt_str_lengths=60, tbl_width_chars=120):
        for title, df in ts.items():
            print(f"\n{title}")
            print(df)
    return EXIT_OK


def _push(args) -> int:
    from toolc.compiler.hub import push

    names = push(args.out, args.repo, kinds=args.kinds, formats=args.formats, private=args.private, token=args.token,
                 license=args.license, dry_run=args.dry_run)
    if args.dry_run is not None:
        print(f"wrote {len(names)} configs for {args.repo} into {args.dry_run} (nothing uploaded): {', '.join(names)}")
    else:
        print(f"pushed {len(names)} configs to https://huggingface.co/datasets/{args.repo}: {', '.join(names)}")
    return EXIT_OK


def _export(args) -> int:
    from toolc.compiler.check import check
    from toolc.compiler.export import export_tools

    prog, diags = check(args.specs)
    if diags:
        raise BuildError(diags)
    names = args.tool or list(prog.tools)
    missing = [n for n in names if n not in prog.tools]
    if missing:
        raise UsageError(f"unknown tool `{missing[0]}`")
    doc = export_tools([prog.tools[n].node for n in names], args.shape, extensions=not args.plain)
    _emit(json.dumps(doc, ensure_ascii=False, indent=2) + "\n", args.out)
    return EXIT_OK


def _import(args) -> int:
    from toolc.compiler.importers import import_file

    imported = import_file(args.file, source=args.source)
    d = imported.diags
    if d.errors or d.warnings:
        print(d.render(args.error_format), file=sys.stdout if args.error_format == "json" else sys.stderr)
    _emit(imported.text(), args.out)
    n_w = len(d.warnings)
    if args.error_format == "text":
        print(f"imported {len(imported.tools)} tool{'s' if len(imported.tools) != 1 else ''} from {args.file} "
              f"({imported.source})" + (f", {n_w} warning{'s' if n_w != 1 else ''}" if n_w else "")
              + (f", {len(d.errors)} not imported" if d.errors else ""), file=sys.stderr)
    return EXIT_FAILED if d.errors else EXIT_OK


def _diff(args) -> int:
    from toolc.compiler import diff

    builds = (diff.is_build(args.a), diff.is_build(args.b))
    try:  # 1 means "different" here: every error exits 2, so CI can tell them apart
        if builds[0] != builds[1]:
            which, other = (args.a, args.b) if builds[0] else (args.b, args.a)
            raise UsageError(f"cannot compare a build ({which}) with specs ({other}): give two builds or two spec "
                             "versions")
        if all(builds):
            report = diff.diff_builds(args.a, args.b, args.row_format)
        elif args.specs_only:
            report = diff.diff_specs([args.a], [args.b])
        else:
            overrides = {k: getattr(args, k) for k in ("dataset", "seed", "sft", "rm", "ppo")
                         if getattr(args, k) is not None}
            report = diff.build_and_diff([args.a], [args.b], today=args.today, **overrides)
    except ToolcError as exc:
        print(exc.render(), file=sys.stderr)
        return EXIT_USAGE
    print(json.dumps(report.to_json(), ensure_ascii=False, indent=2) if args.json else report.render())
    return EXIT_OK if report.same else EXIT_FAILED


def _watch(args) -> int:
    import time

    from toolc.compiler.watch import Event, watch

    if not 0.05 <= args.interval <= 3600:
        raise UsageError(f"argument --interval: expected 0.05..3600 seconds, got {args.interval}")
    options = {k: getattr(args, k) for k in ("dataset", "seed", "today", "formats", "sft", "rm", "ppo",
                                             "test_percent", "force")}

    def report(e: Event) -> None:
        stamp = time.strftime("%H:%M:%S")
        if e.kind == "changed":
            print(f"[{stamp}] changed: {e.detail}", file=sys.stderr, flush=True)
        elif e.kind == "built":
            print(f"[{stamp}] {e.detail} in {e.seconds:.1f} s; watching for changes (Ctrl-C stops)", flush=True)
        else:
            print(e.detail, file=sys.stderr, flush=True)
            print(f"[{stamp}] build failed; {args.out} is unchanged; watching for changes (Ctrl-C stops)",
                  file=sys.stderr, flush=True)

    try:
        watch(args.specs, args.out, options, report=report, interval=args.interval)
    except KeyboardInterrupt:
        print("stopped watching", file=sys.stderr)
    return EXIT_OK


def _fmt(args) -> int:
    from toolc.dsl.fmt import FormatError, format_source
    from toolc.dsl.diagnostics import Diagnostics
    from toolc.dsl.load import read_source, spec_files
    from toolc.dsl.span import Source, display_path

    diags = Diagnostics()
    if [str(p) for p in args.specs] == ["-"]:
        source = Source("<stdin>", sys.stdin.read())
        diags.sources[source.path] = source
        text = format_source(source, diags)
        if text is None:
            print(diags.render(args.error_format), file=sys.stderr)
            return EXIT_USAGE
        if args.check:
            return EXIT_FAILED if text != source.text else EXIT_OK
        sys.stdout.write(text)
        return EXIT_OK
    changed, failed = [], False
    for path in spec_files(list(args.specs)):
        name = display_path(path)
        source = read_source(path, name, diags)
        if source is None:
            failed = True
            continue
        try:
            text = format_source(source, diags)
        except FormatError as exc:  # a bug in the formatter: the file is left as it is
            print(f"error: {exc}", file=sys.stderr)
            failed = True
            continue
        if text is None:
            failed = True
            continue
        with on_path(path, "read"):
            as_is = path.read_bytes()
        if text.encode("utf-8") == as_is:
            continue
        changed.append(name)
        if not args.check:
            _replace_text(path, text)
    if diags.errors or diags.warnings:
        print(diags.render(args.error_format), file=sys.stderr)
    verb = "would reformat" if args.check else "reformatted"
    for name in changed:
        print(f"{verb} {name}")
    if failed:  # like ruff format: 2 when a file could not be formatted, so --check's 1 means "would change"
        return EXIT_USAGE
    return EXIT_FAILED if args.check and changed else EXIT_OK


def _replace_text(path: Path, text: str) -> None:
    """Replaces a file's text atomically (a temporary file beside it, then ``os.replace``), keeping its mode."""
    import tempfile

    with on_path(path, "write"):
        mode = path.stat().st_mode & 0o7777
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as f:
                f.write(text)
            os.chmod(tmp, mode)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise


def _new(args) -> int:
    from importlib.resources import files

    target = args.dir / "main.tool"
    if target.exists() or target.is_symlink():
        raise InputError(f"{target}: already exists; toolc new writes only a new file")
    text = files("toolc").joinpath("templates/starter.tool").read_text(encoding="utf-8")
    with on_path(args.dir, "create the directory"):
        args.dir.mkdir(parents=True, exist_ok=True)
    with on_path(target, "write"):
        with open(target, "x", encoding="utf-8") as f:  # "x": never replaces a file created meanwhile
            f.write(text)
    print(f"wrote {target}; next: toolc check {args.dir} && toolc build {args.dir} -o out")
    return EXIT_OK


def _emit(text: str, out: Path | None) -> None:
    """Writes ``text`` to ``out`` or, without one, to stdout.

    Raises:
        InputError: ``out`` is a directory or cannot be written.
    """
    if out is None:
        sys.stdout.write(text)
        return
    if out.is_dir():
        raise InputError(f"{out}: cannot write: it is a directory")
    with on_path(out, "write"):
        out.write_text(text, encoding="utf-8")


#: Command name -> the function running it (called with the parsed arguments; returns the exit status).
COMMANDS: dict[str, Callable[..., int]] = {
    "check": _check, "build": _build, "stats": _stats, "export": _export, "import": _import, "push": _push,
    "explain": _explain, "new": _new, "diff": _diff, "fmt": _fmt, "watch": _watch,
}
