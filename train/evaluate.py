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

What each decision point expects (``expect``):

* ``call`` -- the gold turn makes tool calls; it is right when the calls match (parallel calls in any order);
* ``clarify`` -- the gold turn asks for a missing required argument; right when the model answers with text and
  no call;
* ``none`` -- smalltalk, and the final answer after tool results: right when the model makes no call.

The kind of each turn is read from the row's ``expects`` column when the build wrote one (one entry per
assistant message, as in :class:`compiler.record.Record`); otherwise it is inferred (:func:`infer_expects`): a
text turn that directly answers a user turn and is followed by a user turn and then a call turn is a clarification,
any other text turn is ``none``.

Metrics (definitions in :mod:`compiler.checker.score`): format validity, tool-level accuracy, exact call match,
partial match, argument precision / recall / F1, turn accuracy, chain-level success (a conversation counts when
every one of its decision points is right, final answers included), irrelevance accuracy, clarification accuracy,
per tool and per scenario; plus latency per sample in ms (the wall time of each generation batch divided by its
size, so it includes prompt encoding and is lower than single-request latency at batch sizes above 1).

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

from toolc.compiler.checker import GoldCall, Scoreboard, gold_from_call, parse_tool_calls, score_turn, tools_by_name
from toolc.compiler.families import DEFAULT_FAMILY, Family, family_of_template, get_family
from toolc.compiler.record import ToolCall
from toolc.errors import DatasetDirError

#: Stop strings of the default family's chat template (Qwen3's end of turn and end of text; the family registry's).
STOP_STRINGS: tuple[str, ...] = get_family(DEFAULT_FAMILY).stop
#: Default greedy-decoding budget per decision point (a Qwen tool call is ~30-80 tokens; replies are short).
DEFAULT_MAX_NEW_TOKENS = 256
DEFAULT_BATCH_SIZE = 16

EXPECTS = ("call", "none", "clarify")


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
        expect: ``call`` | ``none`` | ``clarify``.
        gold: the gold calls in the checker's acceptable-values shape (empty unless ``expect == "call"``).
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


#: A generator answers a batch of decision points with one completion text each (what the model wrote after the
#: generation prompt). :class:`HFGenerator` is the real one; tests pass scripted ones.
Generate = Callable[[Sequence[DecisionPoint]], list[str]]


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
            optional ``expects``).
        limit: evaluate only the first ``limit`` conversations (whole conversations, so chains stay complete).

    Returns:
        The decision points, conversation by conversation, in turn order.

    Raises:
        DatasetDirError: a row's ``expects`` column disagrees with its assistant turns, or a ``call`` turn has no calls.
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
        conv = str(row.get("id", f"row-{n}"))
        for step, (i, expect) in enumerate(zip(assistant, expects, strict=True)):
            calls = _calls_of(messages[i])
            if expect == "call" and not calls:
                raise DatasetDirError(f"row {conv!r}: assistant turn {i} is marked `call` but makes no call")
            gold = [gold_from_call(c, by_name.get(c.name)) for c in calls] if expect == "call" else []
            points.append(DecisionPoint(conv, i, step, row.get("scenario"), messages[:i], tools, messages[i],
                                        expect, gold))
    return points


def stop_token_ids(tokenizer: Any, model: Any = None, family: Family | None = None) -> list[int]:
    """Token ids that end an assistant turn: the family's stop strings (default: ``<|im_end|>``,
    ``<|endoftext|>``), eos and the model's eos ids."""
    ids: list[int] = []
    vocab = tokenizer.get_vocab()
    for s in (family.stop if family is not None else STOP_STRINGS):
        if s in vocab:
            ids.append(vocab[s])
    if tokenizer.eos_token_id is not None:
        ids.append(tokenizer.eos_token_id)
    gen_cfg = getattr(model, "generation_config", None)
    eos = getattr(gen_cfg, "eos_token_id", None)
    ids += eos if isinstance(eos, list) else ([eos] if eos is not None else [])
    return sorted(set(ids))


def cut_at_stop(text: str, stops: Iterable[str]) -> str:
    """Truncates a decoded completion at the first stop string (a family's parser puts the end-of-turn marker
    back: :meth:`compiler.families.Family.terminate`)."""
    cut = len(text)
    for s in stops:
        if s:
            k = text.find(s)
            if 0 <= k < cut:
                cut = k
    return text[:cut]


class HFGenerator:
    """Greedy generation with a ``transformers`` causal LM and its chat template.

    Counts the tokens it generated (``new_tokens``) and the completions cut by the budget before any stop token
    (``truncated``).

    Args:
        model: a causal LM (``PreTrainedModel`` or ``peft.PeftModel``), on any device.
        tokenizer: its tokenizer (with a chat template).
        max_new_tokens: generation budget per decision point.
        chat_template_kwargs: extra variables for the chat template (e.g. ``{"enable_thinking": False}`` for
            Qwen3).
        family: the model family (its stop strings; its parser reads the completions); default: the family whose
            template the tokenizer carries, if any.
    """

    def __init__(self, model: Any, tokenizer: Any, *, max_new_tokens: int = DEFAULT_MAX_NEW_TOKENS,
                 chat_template_kwargs: Mapping[str, Any] | None = None, family: Family | None = None) -> None:
        from transformers import GenerationConfig

        self.model = model
        self.tokenizer = tokenizer
        self.chat_template_kwargs = dict(chat_template_kwargs or {})
        self.family = family if family is not None else family_of_template(getattr(tokenizer, "chat_template", None))
        self.stop_ids = stop_token_ids(tokenizer, model, self.family)
        pad = tokenizer.pad_token_id if tokenizer.pad_token_id is not None else self.stop_ids[0]
        self.generation_config = GenerationConfig(
            max_new_tokens=max_new_tokens, do_sample=False, eos_token_id=self.stop_ids, pad_token_id=pad,
        )
        stops = self.family.stop if self.family is not None else STOP_STRINGS
        self.stop_strings = [s for s in dict.fromkeys((*stops, tokenizer.eos_token, tokenizer.pad_token)) if s]
        self.new_tokens = 0
        self.truncated = 0

    def render(self, point: DecisionPoint) -> str:
        """The prompt text of a decision point: the chat template with the offered tools and generation prompt."""
        return self.tokenizer.apply_chat_template(
            point.prompt, tools=point.tools or None, add_generation_prompt=True, tokenize=False,
            **self.chat_template_kwargs,
        )

    def __call__(self, points: Sequence[DecisionPoint]) -> list[str]:
        """Generates one completion per decision point (one left-padded batch).

        Args:
            points: the batch.

        Returns:
            The completion texts, special tokens kept (``<tool_call>`` survives), cut at the first stop string.
        """
        import torch

        texts = [self.render(p) for p in points]
        side = self.tokenizer.padding_side
        self.tokenizer.padding_side = "left"
        try:
            enc = self.tokenizer(texts, return_tensors="pt", padding=True, add_special_tokens=False)
        finally:
            self.tokenizer.padding_side = side
        device = next(self.model.parameters()).device
        enc = {k: v.to(device) for k, v in enc.items()}
        with torch.inference_mode():
            out = self.model.generate(**enc, generation_config=self.generation_config)
        new = out[:, enc["input_ids"].shape[1]:]
        self.new_tokens += int((new != self.generation_config.pad_token_id).sum())
        stopped = torch.isin(new, torch.tensor(self.stop_ids, device=new.device)).any(dim=1)
        self.truncated += int((~stopped).sum())
        decoded = self.tokenizer.batch_decode(new, skip_special_tokens=False)
        return [cut_at_stop(t, self.stop_strings) for t in decoded]


def auto_max_new_tokens(points: Sequence[DecisionPoint], tokenizer: Any, *, margin: int = 16,
                        chat_template_kwargs: Mapping[str, Any] | None = None) -> int:
    """A generation budget from the data: the longest gold assistant turn of the split (tokens) plus ``margin``.

    Args:
        points: decision points (:func:`decision_points`).
        tokenizer: the model's tokenizer (its chat template renders the gold turns).
        margin: extra tokens.
        chat_template_kwargs: extra chat-template variables.

    Returns:
        The budget; an untrained model that never stops then costs no more than a right answer would.
    """
    longest = 0
    for p in points:
        kw = dict(chat_template_kwargs or {})
        prompt = tokenizer.apply_chat_template(p.prompt, tools=p.tools or None, add_generation_prompt=True,
                                               tokenize=False, **kw)
        full = tokenizer.apply_chat_template(p.prompt + [p.target], tools=p.tools or None, tokenize=False, **kw)
        longest = max(longest, len(tokenizer(full[len(prompt):], add_special_tokens=False)["input_ids"]))
    return longest + margin


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


def score_points(points: Sequence[DecisionPoint], completions: Sequence[str], *, bfcl: bool = False,
                 family: Family | None = None, prompts: Sequence[str] | None = None
                 ) -> tuple[Scoreboard, list[dict[str, Any]]]:
    """Scores completions against their decision points.

    Args:
        points: the decision points.
        completions: one completion text per point, same order.
        bfcl: judge with BFCL's rules (:mod:`compiler.checker.match`).
        family: parse the completions in this model family's syntax (``None``: the default parser).
        prompts: the prompt text of each point (the family's parser reads what the template pre-wrote).

    Returns:
        The filled :class:`compiler.checker.Scoreboard` and one sample record per point (``id``, ``turn``,
        ``step``, ``scenario``, ``expect``, ``gold``, ``completion``, ``correct``, ``code``, ``message``).
    """
    board = Scoreboard()
    samples = []
    for k, (p, text) in enumerate(zip(points, completions, strict=True)):
        parsed = parse_tool_calls(text, family, prefix=prompts[k] if prompts else "", tools=p.tools or None)
        score = score_turn(parsed, p.gold, p.tools, p.expect, bfcl=bfcl)
        board.add(score, scenario=p.scenario, chain=p.conversation)
        samples.append({
            "id": p.conversation,
            "turn": p.index,
            "step": p.step,
            "scenario": p.scenario,
            "expect": p.expect,
            "gold": _gold_json(p) if p.expect == "call" else (p.target.get("content") or ""),
            "completion": text,
            "correct": score.correct,
            "code": score.verdict.code,
            "message": score.verdict.message,
        })
    return board, samples


def evaluate(model: Any, tokenizer: Any, dataset: Iterable[Mapping[str, Any]], *, limit: int | None = None,
             batch_size: int = DEFAULT_BATCH_SIZE, max_new_tokens: int = DEFAULT_MAX_NEW_TOKENS,
             chat_template_kwargs: Mapping[str, Any] | None = None, bfcl: bool = False,
             generate: Generate | None = None, progress: Callable[[int, int], None] | None = None,
             keep_samples: bool = True) -> dict[str, Any]:
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

    Returns:
        The report: ``{"n_conversations", "n_decisions", "metrics": Scoreboard.summary(), "latency_ms": {"mean",
        "p50", "p95", "total_s"}, "generation": {...}, "samples": [...]}``.

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
    completions: list[str] = [""] * len(points)
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
            completions[i], latency[i] = t, dt_ms
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
    out = rpt.write_json(result, args.output)
    plot = rpt.plot_per_tool({result["label"]: result} if base is None else {"before": base, "after": result},
                             args.plot or Path(args.output).with_suffix(".png"))
    if base is not None:
        rpt.print_comparison({"before": base, "after": result}, console=console, breakdowns=not args.quiet)
    else:
        rpt.print_report(result, console=console, breakdowns=not args.quiet)
    console.print(f"report -> {out}; per-tool plot -> {plot}")
    return 0


if __name__ == "__main__":  # `python -m` gets the error handling of `toolc eval`
    from toolc.cli import main as toolc_main

    sys.exit(toolc_main(["eval", *sys.argv[1:]]))
