"""Training stage, evaluation: a model + a compiled dataset's SFT split -> tool-calling metrics (a JSON report).

``toolc eval --model MODEL --data DIR [--split test] [--adapter PATH] [--limit N] [-o report.json]`` replays every
SFT conversation of the split one assistant turn at a time. Each assistant turn is a **decision point**: the prompt
is the conversation before it (system prompt, user turns, the *gold* earlier assistant turns and tool results, i.e.
teacher forcing), rendered with the model's own chat template and the row's offered tools
(``tokenizer.apply_chat_template(prompt, tools=tools, add_generation_prompt=True)``); the model answers greedily
(batched, left padding, stopping at the model family's stop strings and eos); the answer is parsed in the model
family's own call syntax (:mod:`compiler.families`: the family whose template the tokenizer carries, parsed by
transformers' response parser; the default Hermes parser for an unregistered template) and scored by the one
checker (:mod:`compiler.checker`).

What each decision point expects (``expect``, the row's ``expects`` column) and what makes the answer right
(:func:`compiler.checker.score_turn`, with the turn's ground truth from the row's ``truth`` column):

* ``call`` -- the gold turn makes tool calls; right when the calls match (parallel calls in any order);
* ``clarify`` -- the gold turn asks for a missing required argument; right when the model makes no call and its
  question names the missing parameter (its name, or a word of its description or ``ask`` question);
* ``confirm`` -- the gold turn restates a call with side effects and asks; right with no call and a text
  restating the call's values;
* ``refuse`` -- no offered tool can do it; right with no call and a text saying it cannot (English or Chinese);
* ``none`` -- smalltalk, and the final answer after tool results: right when the model makes no call.

An answer that does not end within the generation budget (no stop token) is wrong for every metric. Rows without
an ``expects`` column are inferred (:func:`infer_expects`): a text turn that directly answers a user turn and is
followed by a user turn and then a call turn is a clarification, any other text turn is ``none``.

Metrics (definitions in :mod:`compiler.checker.score`): format validity, tool-level accuracy, exact call match,
partial match, argument precision / recall / F1, turn accuracy, chain-level success (a conversation counts when
every one of its decision points is right, final answers included), irrelevance, clarification, confirmation and
refusal accuracy, fact recall, per kind of turn, per tool and per scenario; 95 % bootstrap intervals of the
headline metrics (conversations resampled, :mod:`compiler.checker.intervals`); plus latency per sample in ms (the
wall time of each generation batch divided by its size, so it includes prompt encoding and is lower than
single-request latency at batch sizes above 1). ``toolc eval`` also scores the babble baseline
(:class:`train.generation.BabbleGenerator`, a model that never stops) and prints it beside the model.

Outputs: the report dict (:func:`evaluate`), written as JSON, printed as rich tables and drawn as a per-tool PNG by
:mod:`train.report`.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from toolc.compiler.checker import (
    GoldCall,
    Scoreboard,
    TurnTruth,
    gold_from_call,
    parse_tool_calls,
    score_turn,
    tools_by_name,
)
from toolc.compiler.families import Family
from toolc.compiler.record import ToolCall
from toolc.errors import DatasetDirError
from toolc.train.generation import (  # noqa: F401 - re-exported: evaluation's generators live there
    DEFAULT_MAX_NEW_TOKENS,
    STOP_STRINGS,
    BabbleGenerator,
    Completion,
    HFGenerator,
    as_completion,
    auto_max_new_tokens,
    cut_at_stop,
    stop_token_ids,
)
from toolc.vocab import EXPECTS

DEFAULT_BATCH_SIZE = 16


@dataclass(frozen=True)
class DecisionPoint:
    """One assistant turn of one SFT conversation, as an evaluation item.

    Attributes:
        conversation: the row's ``id`` (the chain id for chain-level success).
        index: position of the assistant message in the conversation's ``messages``.
        step: 0-based position among the conversation's assistant turns.
        scenario: the row's scenario name (``None`` when the row has no ``scenario`` column).
        prompt: the messages before the turn (template-ready dicts).
        tools: the offered tool definitions (OpenAI function-tool dicts).
        target: the gold assistant message.
        expect: one of ``compiler.vocab.EXPECTS``.
        gold: the gold calls in the checker's acceptable-values shape (empty unless ``expect == "call"``).
        truth: the turn's recorded ground truth (the row's ``truth`` column), ``None`` for rows without one.
    """

    conversation: str
    index: int
    step: int
    scenario: str | None
    prompt: list[dict[str, Any]]
    tools: list[dict[str, Any]]
    target: dict[str, Any]
    expect: str
    gold: list[GoldCall] = field(default_factory=list)
    truth: TurnTruth | None = None


#: A generator answers a batch of decision points with one completion each (what the model wrote after the
#: generation prompt): a :class:`train.generation.Completion` (text + whether it stopped within the budget) or a
#: plain string (a finished answer). :class:`HFGenerator` is the real one; tests pass scripted ones.
Generate = Callable[[Sequence["DecisionPoint"]], "list[str] | list[Completion]"]


def _calls_of(message: Mapping[str, Any]) -> list[ToolCall]:
    """The tool calls of a template-ready assistant message (arguments decoded to dicts)."""
    out = []
    for tc in message.get("tool_calls") or ():
        fn = tc.get("function", tc)
        args = fn.get("arguments") or {}
        if isinstance(args, str):
            args = json.loads(args) if args.strip() else {}
        out.append(ToolCall(fn["name"], dict(args)))
    return out


def infer_expects(messages: Sequence[Mapping[str, Any]]) -> list[str]:
    """Infers what each assistant turn of a conversation does, for rows without an ``expects`` column.

    Rules: a turn with tool calls is ``call``; a text turn is ``clarify`` when it directly follows a user turn,
    the next message is a user turn (the answer) and the assistant turn after that makes calls (toolc's
    clarification pattern, ``docs/language.md`` "Mentioned slots decide arguments"); every other text turn --
    smalltalk, the final answer after tool results -- is ``none``.

    Args:
        messages: the conversation (OpenAI-format dicts).

    Returns:
        One of ``call`` / ``clarify`` / ``none`` per assistant message, in order.
    """
    out: list[str] = []
    for i, m in enumerate(messages):
        if m.get("role") != "assistant":
            continue
        if m.get("tool_calls"):
            out.append("call")
            continue
        prev_user = i > 0 and messages[i - 1].get("role") == "user"
        next_user = i + 1 < len(messages) and messages[i + 1].get("role") == "user"
        then_call = (
            i + 2 < len(messages) and messages[i + 2].get("role") == "assistant"
            and bool(messages[i + 2].get("tool_calls"))
        )
        out.append("clarify" if prev_user and next_user and then_call else "none")
    return out


def _row_truths(row: Mapping[str, Any], n_assistant: int) -> list[TurnTruth | None]:
    """The row's ``truth`` column (one ground truth per assistant turn), or ``None`` per turn when absent."""
    value = row.get("truth")
    if value is None:
        return [None] * n_assistant
    if isinstance(value, str):
        value = json.loads(value)
    if len(value) != n_assistant:
        raise DatasetDirError(f"row {row.get('id')!r}: `truth` has {len(value)} entries for {n_assistant} "
                              "assistant messages")
    return [TurnTruth.from_json(v) for v in value]


def _row_expects(row: Mapping[str, Any], n_assistant: int) -> list[str] | None:
    """The row's ``expects`` column, validated (``None`` when absent)."""
    value = row.get("expects")
    if value is None:
        return None
    if isinstance(value, str):
        value = json.loads(value)
    value = list(value)
    if len(value) != n_assistant or any(v not in EXPECTS for v in value):
        raise DatasetDirError(
            f"row {row.get('id')!r}: `expects` {value!r} must list one of {EXPECTS} per assistant message "
            f"({n_assistant})"
        )
    return value


def decision_points(rows: Iterable[Mapping[str, Any]], *, limit: int | None = None) -> list[DecisionPoint]:
    """Splits SFT conversations into decision points.

    Args:
        rows: SFT rows as :func:`train.data.load_sft` returns them (``messages``, ``tools``, ``id``, ``scenario``,
            optional ``expects`` and ``truth``).
        limit: evaluate only the first ``limit`` conversations (whole conversations, so chains stay complete).

    Returns:
        The decision points, conversation by conversation, in turn order.

    Raises:
        DatasetDirError: a row's ``expects`` / ``truth`` column disagrees with its assistant turns, or a ``call`` turn
            has no calls.
    """
    points: list[DecisionPoint] = []
    for n, row in enumerate(rows):
        if limit is not None and n >= limit:
            break
        messages = [dict(m) for m in row["messages"]]
        tools = [dict(t) for t in (row.get("tools") or [])]
        by_name = tools_by_name(tools)
        assistant = [i for i, m in enumerate(messages) if m.get("role") == "assistant"]
        expects = _row_expects(row, len(assistant)) or infer_expects(messages)
        truths = _row_truths(row, len(assistant))
        conv = str(row.get("id", f"row-{n}"))
        for step, (i, expect, truth) in enumerate(zip(assistant, expects, truths, strict=True)):
            calls = _calls_of(messages[i])
            if expect == "call" and not calls:
                raise DatasetDirError(f"row {conv!r}: assistant turn {i} is marked `call` but makes no call")
            gold = [gold_from_call(c, by_name.get(c.name)) for c in calls] if expect == "call" else []
            points.append(DecisionPoint(conv, i, step, row.get("scenario"), messages[:i], tools, messages[i],
                                        expect, gold, truth))
    return points


def _gold_json(point: DecisionPoint) -> list[dict[str, Any]]:
    return [c.to_json() for c in _calls_of(point.target)]


def _prompt_size(point: DecisionPoint) -> int:
    """A cheap proxy of a prompt's token length (characters of the messages and tools), for batching."""
    return sum(len(str(m.get("content") or "")) + 40 * len(m.get("tool_calls") or ()) for m in point.prompt) + len(
        json.dumps(point.tools, ensure_ascii=False))


def _percentile(values: Sequence[float], q: float) -> float:
    if not values:
        return 0.0
    s = sorted(values)
    return s[min(len(s) - 1, int(q * len(s)))]


def score_points(points: Sequence[DecisionPoint], completions: Sequence[str | Completion], *, bfcl: bool = False,
                 family: Family | None = None, prompts: Sequence[str] | None = None
                 ) -> tuple[Scoreboard, list[dict[str, Any]]]:
    """Scores completions against their decision points.

    A completion that did not stop within the generation budget is wrong for every metric
    (:func:`compiler.checker.score_turn`, ``no_stop``).

    Args:
        points: the decision points.
        completions: one completion per point, same order (plain strings count as finished answers).
        bfcl: judge with BFCL's rules (:mod:`compiler.checker.match`).
        family: parse the completions in this model family's syntax (``None``: the default parser).
        prompts: the prompt text of each point (the family's parser reads what the template pre-wrote).

    Returns:
        The filled :class:`compiler.checker.Scoreboard` and one sample record per point (``id``, ``turn``,
        ``step``, ``scenario``, ``expect``, ``gold``, ``completion``, ``stopped``, ``correct``, ``code``,
        ``message``).
    """
    board = Scoreboard()
    samples = []
    for k, (p, done) in enumerate(zip(points, completions, strict=True)):
        text, stopped = as_completion(done)
        parsed = parse_tool_calls(text, family, prefix=prompts[k] if prompts else "", tools=p.tools or None)
        score = score_turn(parsed, p.gold, p.tools, p.expect, bfcl=bfcl, truth=p.truth, stopped=stopped)
        board.add(score, scenario=p.scenario, chain=p.conversation)
        samples.append({
            "id": p.conversation,
            "turn": p.index,
            "step": p.step,
            "scenario": p.scenario,
            "expect": p.expect,
            "gold": _gold_json(p) if p.expect == "call" else (p.target.get("content") or ""),
            "completion": text,
            "stopped": stopped,
            "correct": score.correct,
            "code": score.verdict.code,
            "message": score.verdict.message,
        })
    return board, samples


def evaluate(model: Any, tokenizer: Any, dataset: Iterable[Mapping[str, Any]], *, limit: int | None = None,
             batch_size: int = DEFAULT_BATCH_SIZE, max_new_tokens: int = DEFAULT_MAX_NEW_TOKENS,
             chat_template_kwargs: Mapping[str, Any] | None = None, bfcl: bool = False,
             generate: Generate | None = None, progress: Callable[[int, int], None] | None = None,
             keep_samples: bool = True, resamples: int = 1000, seed: int = 0) -> dict[str, Any]:
    """Evaluates a model on the decision points of SFT conversations.

    Args:
        model: a causal LM (ignored when ``generate`` is given).
        tokenizer: its tokenizer (ignored when ``generate`` is given).
        dataset: SFT rows (:func:`train.data.load_sft`).
        limit: evaluate the first ``limit`` conversations only.
        batch_size: decision points per generation batch (points are sorted by prompt length first so batches
            pad little; results come back in conversation order).
        max_new_tokens: generation budget per point.
        chat_template_kwargs: extra chat-template variables.
        bfcl: BFCL checker rules.
        generate: a replacement generator (scripted completions in tests, an API client, ...).
        progress: called with ``(done, total)`` after each batch.
        keep_samples: put every sample (prompt position, gold, completion, verdict) in the report.
        resamples: bootstrap resamples of the headline metrics' intervals (0: none).
        seed: the bootstrap's seed.

    Returns:
        The report: ``{"n_conversations", "n_decisions", "metrics": Scoreboard.summary(), "intervals": {metric:
        [low, high]} (95 % percentile bootstrap over conversations), "latency_ms": {"mean", "p50", "p95",
        "total_s"}, "generation": {...}, "samples": [...]}``.

    Raises:
        ValueError: ``batch_size`` < 1, or a row is inconsistent (see :func:`decision_points`).
    """
    if batch_size < 1:
        raise ValueError(f"batch_size must be >= 1, got {batch_size}")
    points = decision_points(dataset, limit=limit)
    gen = generate or HFGenerator(model, tokenizer, max_new_tokens=max_new_tokens,
                                  chat_template_kwargs=chat_template_kwargs)
    # Longest prompts first: similar lengths share a batch (less padding), and a too-long batch fails early.
    order = sorted(range(len(points)), key=lambda i: (-_prompt_size(points[i]), i))
    completions: list[Completion] = [Completion("", True)] * len(points)
    latency: list[float] = [0.0] * len(points)
    started = time.perf_counter()
    for k in range(0, len(order), batch_size):
        idx = order[k:k + batch_size]
        t0 = time.perf_counter()
        texts = gen([points[i] for i in idx])
        dt_ms = 1000 * (time.perf_counter() - t0) / len(idx)
        if len(texts) != len(idx):
            raise ValueError(f"the generator returned {len(texts)} completions for {len(idx)} prompts")
        for i, t in zip(idx, texts):
            completions[i], latency[i] = as_completion(t), dt_ms
        if progress is not None:
            progress(min(k + batch_size, len(order)), len(order))
    total = time.perf_counter() - started
    family = getattr(gen, "family", None)
    prompts = [gen.render(p) for p in points] if family is not None and hasattr(gen, "render") else None
    board, samples = score_points(points, completions, bfcl=bfcl, family=family, prompts=prompts)
    for s, ms in zip(samples, latency):
        s["latency_ms"] = round(ms, 2)
    report: dict[str, Any] = {
        "n_conversations": len({p.conversation for p in points}),
        "n_decisions": len(points),
        "metrics": board.summary(),
        "intervals": board.intervals(resamples=resamples, seed=seed) if resamples else {},
        "latency_ms": {
            "mean": round(statistics.fmean(latency), 2) if latency else 0.0,
            "p50": round(_percentile(latency, 0.5), 2),
            "p95": round(_percentile(latency, 0.95), 2),
            "total_s": round(total, 2),
        },
        "generation": {
            "greedy": True,
            "batch_size": batch_size,
            "max_new_tokens": max_new_tokens,
            "chat_template_kwargs": dict(chat_template_kwargs or {}),
            "family": family.name if family is not None else None,
            "new_tokens": getattr(gen, "new_tokens", None),
            "truncated": getattr(gen, "truncated", None),
            "bfcl_rules": bfcl,
        },
    }
    if keep_samples:
        report["samples"] = samples
    return report


def babble_report(dataset: Iterable[Mapping[str, Any]], max_new_tokens: int, tokenizer: Any = None, *,
                  limit: int | None = None, resamples: int = 1000, seed: int = 0) -> dict[str, Any]:
    """The babble baseline's report: :func:`evaluate` with :class:`train.generation.BabbleGenerator` (an answer
    that never ends, to the budget), labelled ``babble``. It scores 0 on every metric; an evaluation that credits
    unfinished answers would give it full irrelevance, clarification and format marks.

    Args:
        dataset: the SFT rows the model is evaluated on.
        max_new_tokens: the model's generation budget.
        tokenizer: the model's tokenizer (the babble fills the budget in its tokens), optional.
        limit: the first ``limit`` conversations only.
        resamples: bootstrap resamples.
        seed: the bootstrap's seed.

    Returns:
        The report (no samples).
    """
    gen = BabbleGenerator(max_new_tokens, tokenizer)
    report = evaluate(None, None, dataset, limit=limit, max_new_tokens=max_new_tokens, generate=gen,
                      keep_samples=False, resamples=resamples, seed=seed)
    return {"label": "babble", "model": "babble (never stops)", **report}


def load_model_for_eval(model: str, adapter: str | None = None, *, device: str = "auto",
                        trust_remote_code: bool = False) -> tuple[Any, Any]:
    """Loads a model (optionally with a LoRA adapter merged in) and its tokenizer for evaluation.

    Args:
        model: model directory, adapter directory or Hub id (:func:`train.model.load_causal_lm`).
        adapter: a LoRA adapter directory put on ``model`` and merged.
        device: ``auto`` (CUDA when available, else CPU), ``cpu``, ``cuda``, ``cuda:1``, ...
        trust_remote_code: allow model code from the Hub.

    Returns:
        ``(model, tokenizer)``; the tokenizer comes from the adapter directory when it has one.

    Raises:
        ModelNotFoundError: the model cannot be found.
    """
    import torch

    from toolc.train.model import load_causal_lm, load_tokenizer

    lm = load_causal_lm(model, trust_remote_code=trust_remote_code, merge_adapter=True)
    tok_source = model
    if adapter is not None:
        from peft import PeftModel

        lm = PeftModel.from_pretrained(lm, adapter).merge_and_unload().eval()
        if any((Path(adapter) / f).is_file() for f in ("tokenizer.json", "tokenizer_config.json")):
            tok_source = adapter
    tokenizer = load_tokenizer(tok_source, trust_remote_code=trust_remote_code)
    if device == "auto":
        device = "cuda" if torch.cuda.is_available() else "cpu"
    return lm.to(device), tokenizer


def _budget(text: str) -> int | None:
    if text == "auto":
        return None
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be a positive number of tokens or `auto`")
    return value


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="toolc eval",
        description="Generate an answer at every assistant turn of a split's SFT conversations and score the tool "
        "calls: format validity, tool accuracy, exact match, argument precision/recall, chain success, "
        "irrelevance, clarification, per tool and per scenario, latency.",
        formatter_class=argparse.ArgumentDefaultsHelpFormatter,
    )
    p.add_argument("--model", required=True, help="model directory, LoRA adapter directory or Hub id")
    p.add_argument("--data", required=True, help="compiled dataset directory (toolc build -o DIR)")
    p.add_argument("--split", default="test", choices=("train", "test"), help="split to evaluate")
    p.add_argument("--adapter", help="LoRA adapter directory to put on --model (merged before generation)")
    p.add_argument("--limit", type=int, help="evaluate only the first N conversations")
    p.add_argument("-o", "--output", default="runs/eval/report.json", help="JSON report path")
    p.add_argument("--plot", help="per-tool accuracy PNG (default: the report path with .png)")
    p.add_argument("--compare", help="an earlier report.json (e.g. the base model) to print side by side")
    p.add_argument("--batch-size", type=int, default=DEFAULT_BATCH_SIZE, help="decision points per generation batch")
    p.add_argument("--max-new-tokens", type=_budget, default=DEFAULT_MAX_NEW_TOKENS,
                   help="generation budget per turn, or `auto`: the longest gold turn of the split + 16")
    p.add_argument("--chat-template-kwargs", type=json.loads, default=None,
                   help='JSON object of chat-template variables, e.g. \'{"enable_thinking": false}\' for Qwen3')
    p.add_argument("--bfcl", action="store_true", help="judge with BFCL's checker rules (greedy parallel matching)")
    p.add_argument("--device", default="auto", help="auto, cpu, cuda, cuda:N")
    p.add_argument("--no-samples", action="store_true", help="leave the per-turn samples out of the report")
    p.add_argument("--trust-remote-code", action="store_true", help="allow model code shipped with a Hub repository")
    p.add_argument("--quiet", action="store_true", help="print only the metrics table")
    return p


def main(argv: Sequence[str] | None = None) -> int:
    """``toolc eval``.

    Args:
        argv: arguments after ``toolc eval`` (``None``: ``sys.argv[1:]``).

    Returns:
        Exit status 0.

    Raises:
        ToolcError: a bad dataset directory, model, report or output path (the command line prints it, exit 2).
    """
    from rich.console import Console

    from toolc.train import report as rpt
    from toolc.train.data import load_sft

    args = _parser().parse_args(argv)
    console = Console()
    dataset = load_sft(args.data, args.split)
    base = rpt.read_json(args.compare) if args.compare else None
    model, tokenizer = load_model_for_eval(args.model, args.adapter, device=args.device,
                                           trust_remote_code=args.trust_remote_code)
    budget = args.max_new_tokens or auto_max_new_tokens(decision_points(dataset, limit=args.limit), tokenizer,
                                                        chat_template_kwargs=args.chat_template_kwargs)
    result = evaluate(
        model, tokenizer, dataset, limit=args.limit, batch_size=args.batch_size,
        max_new_tokens=budget, chat_template_kwargs=args.chat_template_kwargs, bfcl=args.bfcl,
        keep_samples=not args.no_samples,
    )
    result = {"label": Path(args.adapter or args.model).name, "model": args.model, "adapter": args.adapter,
              "data": args.data, "split": args.split, **result}
    babble = babble_report(dataset, budget, tokenizer, limit=args.limit)
    result["baselines"] = {"babble": {k: babble[k] for k in ("metrics", "intervals")}}
    out = rpt.write_json(result, args.output)
    plot = rpt.plot_per_tool({result["label"]: result} if base is None else {"before": base, "after": result},
                             args.plot or Path(args.output).with_suffix(".png"))
    if not args.quiet and base is None:
        rpt.print_report(result, console=console, breakdowns=True)
    reports = {"babble": babble, **({"before": base, "after": result} if base is not None else {"model": result})}
    rpt.print_comparison(reports, console=console, breakdowns=base is not None and not args.quiet,
                         reference="before" if base is not None else "babble")
    console.print(f"report -> {out}; per-tool plot -> {plot}")
    return 0


if __name__ == "__main__":  # `python -m` gets the error handling of `toolc eval`
    from toolc.cli import main as toolc_main

    sys.exit(toolc_main(["eval", *sys.argv[1:]]))
