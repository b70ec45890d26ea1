"""RM audit: a build directory -> how much its preference pairs can be told apart without reading the conversation (input: build dir; output: report dict).

Measured on the ``rm`` files of a build (``toolc build SPEC -o DIR``), train and test splits together:

* **labels** -- pairs per ``perturbation`` label, and per label how often the rejected answer is longer, shorter or
  as long as the chosen one, in characters of each format's own ``chosen`` / ``rejected`` columns (text columns
  as they are; message columns as the default chat template writes the answer, since a trainer renders them
  through a chat template; for ``wrong_language``, whose two answers are in two languages, Chinese characters
  count :data:`compiler.pairs.CJK_WIDTH` each, as the pair sampler counts them); ``longer_share`` is
  ``longer / (longer + shorter)``, the share that matters to a model that compares lengths (equal lengths tell it
  nothing);
* **near misses** -- the share of pairs whose ``hard`` column is true (when the build has one), and, computed
  here from the ``openai`` rows alone, the share whose rejected answer passes the schema (no malformed call, every
  call names an offered tool and validates against its JSON Schema) and is of the same kind as the chosen one
  (both calls, or both replies);
* **canned texts** -- pairs whose rejected answer is a reply (no call) that stands as the rejected answer of at least
  :data:`CANNED_MIN` pairs and as the chosen answer of none: a text a reward model can learn to mark down by its
  words alone, wherever it appears, per label (that the SFT rows say it somewhere does not help the reward model,
  which sees the pairs only);
* **shortcut classifier** -- a model that sees only, for the two answers of a pair in random order, the length
  difference and whether each side passes the schema and whether each side calls, and predicts which side is
  chosen. Two models, each scored by 5-fold cross-validation over pairs (folds by a fixed shuffle): a
  depth-3 decision tree (Gini splits, thresholds at length-difference quantiles) and a logistic regression
  (gradient descent on standardized features). A value near 50 % means these features give nothing away.

Needs the ``openai`` format in the build (its rows carry the calls and the offered tools as JSON).
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

import numpy as np

from .checker import parse_message, validate_call
from .pairs import answer_length, answer_text
from .record import Message, ToolCall, dumps

#: Folds of the cross-validation and the depth of the tree.
FOLDS, DEPTH = 5, 3
#: Pairs a rejected reply must stand in, never chosen, to count as canned.
CANNED_MIN = 5


def _rows(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _length(value: Any, label: str = "") -> float:
    """Characters of one answer column: text as it is; messages (``openai``, ``openai-functions``, ShareGPT turns)
    as the default chat template would write the answer (:func:`compiler.pairs.answer_text`); for a label whose
    two sides are in different languages, Chinese characters weighted as the pair sampler weighs them
    (:func:`compiler.pairs.answer_length`)."""
    if isinstance(value, str):
        return answer_length(value, label)
    messages = value if isinstance(value, list) else [value]
    total = 0.0
    for m in messages:
        if not isinstance(m, dict):
            total += answer_length(dumps(m), label)
        elif "value" in m and "from" in m:  # a ShareGPT turn
            total += answer_length(m["value"] or "", label)
        else:
            fc = m.get("function_call")
            if fc:
                args = fc.get("arguments")
                m = {"content": m.get("content"), "tool_calls": [{"function": {
                    "name": fc.get("name"), "arguments": json.loads(args) if isinstance(args, str) else args}}]}
            turn = parse_message(m)
            text = turn.content if turn.format_ok else (m.get("content") or "")
            total += answer_length(answer_text(Message("assistant", text, tuple(turn.calls))), label)
    return total


def side_features(message: dict[str, Any], tools: list[dict[str, Any]]) -> tuple[bool, bool]:
    """``(passes the schema, calls)`` of one answer as an ``openai`` assistant message: a malformed call (call syntax
    that does not parse) calls and fails; a reply without calls passes."""
    turn = parse_message(message)
    calls = bool(turn.calls) or not turn.format_ok
    if not turn.format_ok:
        return False, True
    by_name = {t["function"]["name"]: t for t in tools}
    ok = all(c.name in by_name and not validate_call(ToolCall(c.name, c.arguments), by_name[c.name])
             for c in turn.calls)
    return ok, calls


def read_build(out_dir: Path) -> dict[str, Any]:
    """The RM rows of a build: ``{"pairs": [...], "formats": {format: {id: (chosen length, rejected length)}}}``.

    Raises:
        FileNotFoundError: the build has no ``rm/openai`` files.
    """
    rm = Path(out_dir) / "rm"
    if not (rm / "openai").is_dir():
        raise FileNotFoundError(f"{rm / 'openai'}: the audit needs the build's `openai` RM files")
    pairs = []
    for split in ("train", "test"):
        path = rm / "openai" / f"{split}.jsonl"
        if not path.is_file():
            continue
        for r in _rows(path):
            cv, cc = side_features(r["chosen"][0], r["tools"])
            rv, rc = side_features(r["rejected"][0], r["tools"])
            pairs.append({"id": r["id"], "label": r["perturbation"], "hard": r.get("hard"),
                          "chosen_valid": cv, "chosen_call": cc, "rejected_valid": rv, "rejected_call": rc,
                          "chosen_text": _reply(r["chosen"][-1]), "rejected_text": _reply(r["rejected"][-1])})
    formats: dict[str, dict[str, tuple[float, float]]] = {}
    for fdir in sorted(p for p in rm.iterdir() if p.is_dir()):
        lengths = {}
        for split in ("train", "test"):
            path = fdir / f"{split}.jsonl"
            if path.is_file():
                for r in _rows(path):
                    if "chosen" in r and "rejected" in r and "id" in r:
                        label = r.get("perturbation") or ""
                        lengths[r["id"]] = (_length(r["chosen"], label), _length(r["rejected"], label))
        if lengths:
            formats[fdir.name] = lengths
    return {"pairs": pairs, "formats": formats}


def _reply(message: dict[str, Any]) -> str | None:
    """The text of an ``openai`` assistant message without calls, else ``None``."""
    return None if message.get("tool_calls") or message.get("function_call") else message.get("content") or None


def canned(pairs: list[dict[str, Any]]) -> dict[str, int]:
    """Per label, the pairs whose rejected reply is canned (module docstring)."""
    chosen = {p["chosen_text"] for p in pairs if p["chosen_text"]}
    uses = Counter(p["rejected_text"] for p in pairs if p["rejected_text"])
    texts = {t for t, n in uses.items() if n >= CANNED_MIN and t not in chosen}
    return dict(Counter(p["label"] for p in pairs if p["rejected_text"] in texts).most_common())


# ------------------------------------------------------------------ classifiers


def _gini(y: np.ndarray) -> float:
    if len(y) == 0:
        return 0.0
    p = y.mean()
    return 2 * p * (1 - p)


def _grow(x: np.ndarray, y: np.ndarray, depth: int, thresholds: list[np.ndarray]) -> Any:
    """A decision tree as nested tuples ``(feature, threshold, left, right)``; a leaf is the predicted class."""
    leaf = int(y.mean() >= 0.5) if len(y) else 1
    if depth == 0 or len(y) < 10 or _gini(y) == 0:
        return leaf
    best = None
    for f, ts in enumerate(thresholds):
        for t in ts:
            left = x[:, f] <= t
            n_l = left.sum()
            if n_l == 0 or n_l == len(y):
                continue
            score = (n_l * _gini(y[left]) + (len(y) - n_l) * _gini(y[~left])) / len(y)
            if best is None or score < best[0] - 1e-12:
                best = (score, f, t)
    if best is None or best[0] >= _gini(y) - 1e-12:
        return leaf
    _, f, t = best
    left = x[:, f] <= t
    return (f, t, _grow(x[left], y[left], depth - 1, thresholds), _grow(x[~left], y[~left], depth - 1, thresholds))


def _predict_tree(tree: Any, row: np.ndarray) -> int:
    while isinstance(tree, tuple):
        f, t, left, right = tree
        tree = left if row[f] <= t else right
    return tree


def _tree_accuracy(x_tr, y_tr, x_te, y_te) -> float:
    thresholds = [np.unique(np.quantile(x_tr[:, 0], np.linspace(0.02, 0.98, 25)))] + [np.array([0.5])] * (x_tr.shape[1] - 1)
    tree = _grow(x_tr, y_tr, DEPTH, thresholds)
    return float(np.mean([_predict_tree(tree, r) == t for r, t in zip(x_te, y_te)]))


def _logistic_accuracy(x_tr, y_tr, x_te, y_te) -> float:
    mu, sd = x_tr.mean(0), x_tr.std(0) + 1e-9
    a, b = (x_tr - mu) / sd, (x_te - mu) / sd
    a, b = np.hstack([a, np.ones((len(a), 1))]), np.hstack([b, np.ones((len(b), 1))])
    w = np.zeros(a.shape[1])
    for _ in range(500):
        p = 1 / (1 + np.exp(-a @ w))
        w -= 0.5 * a.T @ (p - y_tr) / len(y_tr)
    return float(np.mean(((b @ w) > 0).astype(int) == y_te))


def shortcut_accuracy(pairs: list[dict[str, Any]], lengths: dict[str, tuple[int, int]], seed: int = 0) -> dict[str, float]:
    """5-fold cross-validated accuracy of the two shortcut classifiers (module docstring) on ``pairs``.

    Args:
        pairs: rows of :func:`read_build`.
        lengths: id -> (chosen length, rejected length) in one format.
        seed: the shuffle of sides and folds.

    Returns:
        ``{"tree": accuracy, "logistic": accuracy, "pairs": n}`` (accuracies in ``[0, 1]``).
    """
    rng = np.random.default_rng(seed)
    feats, ys = [], []
    for p in pairs:
        if p["id"] not in lengths:
            continue
        lc, lr = lengths[p["id"]]
        chosen = (lc, p["chosen_valid"], p["chosen_call"])
        rejected = (lr, p["rejected_valid"], p["rejected_call"])
        a_is_chosen = bool(rng.integers(2))
        a, b = (chosen, rejected) if a_is_chosen else (rejected, chosen)
        feats.append([a[0] - b[0], a[1], b[1], a[2], b[2]])
        ys.append(int(a_is_chosen))
    x, y = np.array(feats, dtype=float), np.array(ys)
    folds = np.array_split(rng.permutation(len(y)), FOLDS)
    scores: dict[str, list[float]] = {"tree": [], "logistic": []}
    for k in range(FOLDS):
        te = folds[k]
        tr = np.concatenate([folds[j] for j in range(FOLDS) if j != k])
        scores["tree"].append(_tree_accuracy(x[tr], y[tr], x[te], y[te]))
        scores["logistic"].append(_logistic_accuracy(x[tr], y[tr], x[te], y[te]))
    return {"tree": float(np.mean(scores["tree"])), "logistic": float(np.mean(scores["logistic"])), "pairs": len(y)}


# ------------------------------------------------------------------ the report


def audit(out_dir: Path) -> dict[str, Any]:
    """The audit of one build (module docstring).

    Returns:
        ``{"pairs", "hard_share" (None without a ``hard`` column), "near_miss_share", "labels": {label: count},
        "lengths": {format: {label: {"longer", "shorter", "equal", "longer_share"}}}, "longer_share_range":
        {format: [min, max]}, "classifier": {format: {"tree", "logistic", "pairs"}}, "classifier_max",
        "canned": {label: pairs}, "canned_share"}``.
    """
    data = read_build(out_dir)
    pairs = data["pairs"]
    n = len(pairs)
    has_hard = n > 0 and all(p["hard"] is not None for p in pairs)
    near = sum(1 for p in pairs if p["rejected_valid"] and p["rejected_call"] == p["chosen_call"])
    labels = Counter(p["label"] for p in pairs)
    lengths: dict[str, dict[str, dict[str, Any]]] = {}
    ranges: dict[str, list[float]] = {}
    classifier: dict[str, dict[str, float]] = {}
    for fmt, by_id in data["formats"].items():
        per: dict[str, Counter] = defaultdict(Counter)
        for p in pairs:
            if p["id"] in by_id:
                lc, lr = by_id[p["id"]]
                per[p["label"]]["longer" if lr > lc else "shorter" if lr < lc else "equal"] += 1
        table = {}
        for label in sorted(per):
            c = per[label]
            differ = c["longer"] + c["shorter"]
            table[label] = {"longer": c["longer"], "shorter": c["shorter"], "equal": c["equal"],
                            "longer_share": c["longer"] / differ if differ else None}
        lengths[fmt] = table
        shares = [v["longer_share"] for v in table.values() if v["longer_share"] is not None]
        ranges[fmt] = [min(shares), max(shares)] if shares else []
        classifier[fmt] = shortcut_accuracy(pairs, by_id)
    return {
        "pairs": n,
        "hard_share": sum(bool(p["hard"]) for p in pairs) / n if has_hard else None,
        "near_miss_share": near / n if n else None,
        "labels": dict(sorted(labels.items(), key=lambda kv: -kv[1])),
        "lengths": lengths,
        "longer_share_range": ranges,
        "classifier": classifier,
        "classifier_max": max((max(v["tree"], v["logistic"]) for v in classifier.values()), default=None),
        "canned": (c := canned(pairs)),
        "canned_share": sum(c.values()) / n if n else None,
    }
