"""RM audit of a build: near-miss share, pairs and length balance per label, and a shortcut classifier.

Usage::

    toolc build specs/main.tool --dataset assistant -o out/assistant --today 2025-04-23
    python scripts/rm_audit.py out/assistant            # tables
    python scripts/rm_audit.py out/assistant --json     # the report as JSON

What is measured and how: ``compiler/rm_audit.py``. Targets (issue 9): schema-valid near misses >= 60 % of the
pairs, the rejected answer longer in 50 +- 10 % of the pairs of every label, the shortcut classifier <= 65 %.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from rich.console import Console
from rich.table import Table

from toolc.compiler.rm_audit import CANNED_MIN, audit


def _pct(x: float | None) -> str:
    return "-" if x is None else f"{100 * x:.1f} %"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("build", type=Path, help="a build directory (toolc build ... -o DIR)")
    ap.add_argument("--json", action="store_true", help="print the report as JSON")
    args = ap.parse_args(argv)
    try:
        report = audit(args.build)
    except FileNotFoundError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(report, indent=2, ensure_ascii=False))
        return 0
    con = Console()
    con.print(f"pairs {report['pairs']}; hard (column) {_pct(report['hard_share'])}; schema-valid, same kind "
              f"{_pct(report['near_miss_share'])}; shortcut classifier (max) {_pct(report['classifier_max'])}")
    fmts = list(report["lengths"])
    table = Table("label", "pairs", *[f"longer share ({f})" for f in fmts])
    for label, n in report["labels"].items():
        table.add_row(label, str(n), *[_pct(report["lengths"][f].get(label, {}).get("longer_share")) for f in fmts])
    con.print(table)
    cls = Table("format", "tree (5-fold)", "logistic (5-fold)", "longer share range")
    for f in fmts:
        c, r = report["classifier"][f], report["longer_share_range"][f]
        cls.add_row(f, _pct(c["tree"]), _pct(c["logistic"]), f"{_pct(r[0])} .. {_pct(r[1])}" if r else "-")
    con.print(cls)
    if report["canned_share"] is not None:
        con.print(f"canned rejected replies (a text in >= {CANNED_MIN} rejected answers and no chosen one): "
                  f"{_pct(report['canned_share'])} of the pairs; "
                  + (", ".join(f"{k} {v}" for k, v in report["canned"].items()) or "none"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
