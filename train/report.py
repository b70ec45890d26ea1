"""Training stage, reporting: evaluation reports (dicts from :func:`train.evaluate.evaluate`) -> tables, JSON, PNG.

Kept apart from :mod:`train.evaluate` so evaluation stays about generating and scoring. Three outputs:

* rich tables on the terminal: the headline metrics, the per-tool and per-scenario breakdowns, and a side-by-side
  comparison of several reports (base model beside trained model) with the change;
* the report as JSON (UTF-8, indented, keys in insertion order);
* a PNG bar chart of per-tool accuracy (matplotlib, ``Agg`` backend, so it works without a display), one bar
  group per tool and one bar per report.

Metric names and definitions are the checker's (:mod:`compiler.checker.score`).
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from toolc.errors import DataError, on_path

#: Headline metrics in display order: (summary key, label). Definitions: ``compiler.checker.score``.
METRICS: tuple[tuple[str, str], ...] = (
    ("format_validity", "format validity"),
    ("tool_accuracy", "tool accuracy"),
    ("exact_match", "exact call match"),
    ("partial_match", "partial match"),
    ("arg_precision", "argument precision"),
    ("arg_recall", "argument recall"),
    ("arg_f1", "argument F1"),
    ("turn_accuracy", "turn accuracy"),
    ("chain_success", "chain success"),
    ("irrelevance_accuracy", "irrelevance (no call)"),
    ("clarification_accuracy", "clarification (names the parameter)"),
    ("confirmation_accuracy", "confirmation (restates the call)"),
    ("refusal_accuracy", "refusal (says it cannot)"),
    ("fact_recall", "result facts mentioned"),
)

#: Count fields shown under the metrics.
COUNTS: tuple[tuple[str, str], ...] = (
    ("n_turns", "decision turns"),
    ("n_call_turns", "  call turns"),
    ("n_none_turns", "  no-call turns"),
    ("n_clarify_turns", "  clarification turns"),
    ("n_confirm_turns", "  confirmation turns"),
    ("n_refuse_turns", "  refusal turns"),
    ("n_unfinished", "answers not ended within the budget"),
    ("n_chains", "conversations (chains)"),
)

#: Per-scenario columns: (metric key, header).
SCENARIO_COLUMNS: tuple[tuple[str, str], ...] = (
    ("n_turns", "turns"),
    ("turn_accuracy", "turn acc"),
    ("exact_match", "exact"),
    ("chain_success", "chain"),
)


def fmt_rate(value: float | None) -> str:
    """Formats a rate in [0, 1] as a percentage with one decimal (``"—"`` for ``None``: no such turns)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    return f"{100 * value:.1f}%"


def fmt_interval(report: Mapping[str, Any], key: str) -> str:
    """A metric with its bootstrap interval, ``"62.5% [55.0–70.1]"`` (just the rate when the report has none)."""
    value = fmt_rate(report["metrics"].get(key))
    ci = (report.get("intervals") or {}).get(key)
    if not ci or value == "—":
        return value
    return f"{value} [dim][{100 * ci[0]:.1f}–{100 * ci[1]:.1f}][/dim]"


def fmt_delta(new: float | None, old: float | None) -> str:
    """Formats ``new - old`` in percentage points with a sign and rich colour (green up, red down)."""
    if new is None or old is None:
        return ""
    d = 100 * (new - old)
    if abs(d) < 0.05:
        return "[dim]±0.0[/dim]"
    colour = "green" if d > 0 else "red"
    return f"[{colour}]{d:+.1f}[/{colour}]"


def _latency(report: Mapping[str, Any]) -> dict[str, Any]:
    return dict(report.get("latency_ms") or {})


def metrics_table(report: Mapping[str, Any], title: str | None = None) -> Table:
    """The headline metrics of one report.

    Args:
        report: an evaluation report (``metrics`` = ``Scoreboard.summary()``, ``latency_ms``).
        title: table title (default: the report's model name).

    Returns:
        A two-column rich table.
    """
    m = report["metrics"]
    table = Table(title=title or f"{report.get('model', 'model')} on {report.get('split', '?')}", title_justify="left")
    table.add_column("metric")
    table.add_column("value [95% CI]", justify="right")
    for key, label in METRICS:
        table.add_row(label, fmt_interval(report, key))
    table.add_section()
    for key, label in COUNTS:
        if key in m:
            table.add_row(label, str(m[key]))
    gen = report.get("generation") or {}
    if gen.get("truncated") is not None:
        table.add_row("answers cut by the budget", f"{gen['truncated']} (max {gen.get('max_new_tokens')} tokens)")
    lat = _latency(report)
    if lat:
        table.add_section()
        table.add_row("latency / sample (mean)", f"{lat.get('mean', 0):.1f} ms")
        table.add_row("latency / sample (p95)", f"{lat.get('p95', 0):.1f} ms")
    return table


def comparison_table(reports: Mapping[str, Mapping[str, Any]], title: str = "evaluation",
                     reference: str | None = None) -> Table:
    """Side-by-side metrics of several reports (bootstrap intervals where a report has them), with the change of
    the last one against a reference.

    Args:
        reports: label -> report, in column order (e.g. ``{"babble": ..., "base": ..., "trained": ...}``).
        title: table title.
        reference: the label the change is measured against (default: the first).

    Returns:
        A rich table: one row per metric, one column per report, and a ``Δ (pp)`` column when there are two
        or more reports.

    Raises:
        KeyError: ``reference`` is not a label of ``reports``.
    """
    labels = list(reports)
    table = Table(title=title, title_justify="left")
    table.add_column("metric")
    for label in labels:
        table.add_column(label, justify="right")
    delta = len(labels) >= 2
    if delta:
        table.add_column("Δ (pp)", justify="right")
    first, last = reports[reference if reference is not None else labels[0]], reports[labels[-1]]
    for key, label in METRICS:
        row = [label] + [fmt_interval(reports[k], key) for k in labels]
        if delta:
            row.append(fmt_delta(last["metrics"].get(key), first["metrics"].get(key)))
        table.add_row(*row)
    table.add_section()
    for key, label in COUNTS:
        if all(key in reports[k]["metrics"] for k in labels):
            table.add_row(label, *[str(reports[k]["metrics"][key]) for k in labels], *([""] if delta else []))
    if all(_latency(reports[k]) for k in labels):
        table.add_row("latency / sample", *[f"{_latency(reports[k]).get('mean', 0):.1f} ms" for k in labels],
                      *([""] if delta else []))
    return table


def per_tool_table(reports: Mapping[str, Mapping[str, Any]], key: str = "call_accuracy") -> Table:
    """Per-tool accuracy of one or more reports.

    Args:
        reports: label -> report.
        key: per-tool field: ``call_accuracy`` (share of the tool's gold calls answered by a right call) or
            ``exact_match`` (share of call turns involving the tool that are exact).

    Returns:
        A rich table: tool, number of gold calls, then one column per report.
    """
    labels = list(reports)
    tools = sorted({t for r in reports.values() for t in r["metrics"].get("per_tool", {})})
    table = Table(title=f"per tool ({key.replace('_', ' ')})", title_justify="left")
    table.add_column("tool")
    table.add_column("calls", justify="right")
    for label in labels:
        table.add_column(label, justify="right")
    for tool in tools:
        entries = [reports[k]["metrics"].get("per_tool", {}).get(tool) for k in labels]
        n = next((e["calls"] for e in entries if e), 0)
        table.add_row(tool, str(n), *[fmt_rate(e.get(key)) if e else "—" for e in entries])
    return table


def per_scenario_table(reports: Mapping[str, Mapping[str, Any]]) -> Table:
    """Per-scenario turn accuracy, exact match and chain success of one or more reports.

    Args:
        reports: label -> report.

    Returns:
        A rich table with one row per scenario.
    """
    labels = list(reports)
    names = sorted({s for r in reports.values() for s in r["metrics"].get("per_scenario", {})})
    table = Table(title="per scenario", title_justify="left")
    table.add_column("scenario")
    table.add_column("turns", justify="right")
    for label in labels:
        for key, header in SCENARIO_COLUMNS[1:]:
            table.add_column(f"{label}\n{header}" if len(labels) > 1 else header, justify="right")
    for name in names:
        entries = [reports[k]["metrics"].get("per_scenario", {}).get(name) or {} for k in labels]
        n = next((e.get("n_turns") for e in entries if e), 0)
        cells = [fmt_rate(e.get(key)) for e in entries for key, _ in SCENARIO_COLUMNS[1:]]
        table.add_row(name, str(n), *cells)
    return table


def print_report(report: Mapping[str, Any], *, console: Console | None = None, breakdowns: bool = True) -> None:
    """Prints one report: metrics, then the per-tool and per-scenario tables.

    Args:
        report: an evaluation report.
        console: where to print (default: a new stdout console).
        breakdowns: also print the per-tool and per-scenario tables.
    """
    console = console or Console()
    console.print(metrics_table(report))
    if breakdowns:
        label = str(report.get("label") or "model")
        if report["metrics"].get("per_tool"):
            console.print(per_tool_table({label: report}))
        if report["metrics"].get("per_scenario"):
            console.print(per_scenario_table({label: report}))


def print_comparison(reports: Mapping[str, Mapping[str, Any]], *, console: Console | None = None,
                     title: str = "evaluation", breakdowns: bool = True, reference: str | None = None) -> None:
    """Prints reports side by side (e.g. babble and base beside trained).

    Args:
        reports: label -> report, in column order; the delta column compares the last with ``reference``.
        console: where to print (default: a new stdout console).
        title: title of the metrics table.
        breakdowns: also print per-tool and per-scenario tables.
        reference: the label the change is measured against (default: the first).
    """
    console = console or Console()
    console.print(comparison_table(reports, title=title, reference=reference))
    if breakdowns:
        console.print(per_tool_table(reports))
        console.print(per_scenario_table(reports))


def write_json(report: Mapping[str, Any], path: str | Path) -> Path:
    """Writes a report as JSON (UTF-8, ``indent=2``, non-ASCII kept) and returns the path; parents are created."""
    path = Path(path)
    with on_path(path, "write the report"):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return path


def read_json(path: str | Path) -> dict[str, Any]:
    """Reads a report written by :func:`write_json`.

    Raises:
        InputError: the file cannot be read.
        DataError: the file holds no evaluation report (not JSON, or no ``metrics`` mapping).
    """
    with on_path(path, "read"):
        text = Path(path).read_text(encoding="utf-8", errors="replace")
    try:
        value = json.loads(text)
    except json.JSONDecodeError:
        value = None
    if not isinstance(value, dict) or not isinstance(value.get("metrics"), dict):
        raise DataError(f"{path}: not a toolc evaluation report (no `metrics` object)")
    return value


def plot_per_tool(reports: Mapping[str, Mapping[str, Any]] | Sequence[Mapping[str, Any]], path: str | Path, *,
                  key: str = "call_accuracy", title: str | None = None) -> Path:
    """Draws per-tool accuracy as a grouped bar chart and saves it as PNG.

    Args:
        reports: label -> report (one bar per report in each tool's group), or a sequence of reports labelled by
            their ``label`` field (else ``model``).
        path: output ``.png`` path (parents created).
        key: per-tool field plotted (``call_accuracy`` or ``exact_match``), as a percentage.
        title: figure title (default: ``"per-tool <key>"``).

    Returns:
        ``path``. Tools with no gold call in any report are not drawn; a report lacking a tool draws no bar there.
        Non-ASCII tool names are drawn with matplotlib's default font (tool names are ASCII identifiers in the DSL).
    """
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    if not isinstance(reports, Mapping):
        reports = {str(r.get("label") or r.get("model") or f"report {i}"): r for i, r in enumerate(reports)}
    labels = list(reports)
    tools = sorted({t for r in reports.values() for t in r["metrics"].get("per_tool", {})})
    width = 0.8 / max(1, len(labels))
    fig, ax = plt.subplots(figsize=(max(4.0, 0.9 * len(tools) + 2.0), 3.6), dpi=100)
    for i, label in enumerate(labels):
        per_tool = reports[label]["metrics"].get("per_tool", {})
        xs = [k + (i - (len(labels) - 1) / 2) * width for k, t in enumerate(tools) if t in per_tool]
        ys = [100 * per_tool[t][key] for t in tools if t in per_tool]
        bars = ax.bar(xs, ys, width=width, label=label)
        ax.bar_label(bars, fmt="%.0f", fontsize=7, padding=1)
    ax.set_xticks(range(len(tools)))
    ax.set_xticklabels(tools, rotation=30, ha="right", fontsize=8)
    ax.set_ylim(0, 110)
    ax.set_ylabel(f"{key.replace('_', ' ')} (%)")
    ax.set_title(title or f"per-tool {key.replace('_', ' ')}")
    if len(labels) > 1 or labels[0] != "model":
        ax.legend(fontsize=8, loc="upper right")
    ax.grid(axis="y", alpha=0.3)
    return save_png(fig, path)


def save_png(fig: Any, path: str | Path) -> Path:
    """Writes a matplotlib figure as PNG at ``path`` (parents created) and closes it; fixed metadata, so the same
    numbers give the same bytes.

    Raises:
        InputError: the file cannot be written (one line naming the path, :func:`toolc.errors.on_path`).
    """
    import matplotlib.pyplot as plt

    fig.tight_layout()
    path = Path(path)
    try:
        with on_path(path, "write the plot"):
            path.parent.mkdir(parents=True, exist_ok=True)
            fig.savefig(path, format="png", metadata={"Software": None})
    finally:
        plt.close(fig)
    return path
