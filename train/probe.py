"""Training stage, teacher-forced probe: a model + a compiled dataset's SFT split -> how well it writes tool calls
when every earlier token is the gold one (a JSON report), in one forward pass per conversation.

Generation (:mod:`train.evaluate`) is the measure users see, but it costs a decode per decision point and, early in
training, says 0 % for every setting. This probe answers the narrower question a short training run can decide:
*does the model copy argument values it never saw in training from the user's words into the call?* Each
conversation is rendered as SFT trains on it (the tokenizer's training chat template when TRL has one, e.g.
``qwen3_training``; else its own), scored by teacher forcing (the prediction at each position is the argmax given
the gold prefix), and every assistant turn that calls a tool counts:

* **exact**: every token of the turn (through ``<|im_end|>``) is right;
* **tool**: every token up to the first call's ``"arguments"`` (the tool name) is right;
* every string argument value of the turn, by kind (:func:`value_kind`): **copy** -- it occurs verbatim in a user
  turn and is not a value of that tool parameter in the training split (the held-out, open-pool values the model
  must copy); **seen** -- in a user turn and also a training value; **other** -- in no user turn (a fixed-list value
  the user paraphrased, a computed date, ...). A value is right when every token overlapping its characters is
  right; its **first** token (where the value starts: which span of the user's words) and its **later** tokens
  (continuing a started copy, what an induction head does) are also counted apart.

CLI: ``python -m toolc.train.probe --model DIR --data DIR [--split test] [--limit N] [-o probe.json]``.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from itertools import islice
from typing import Any

#: Value kinds, in report order (module docstring).
VALUE_KINDS: tuple[str, ...] = ("copy", "seen", "other")
_OPEN = "<|im_start|>assistant\n"
_CLOSE = "<|im_end|>"


def _arguments(call: Mapping[str, Any]) -> dict[str, Any]:
    fn = call.get("function", call)
    args = fn.get("arguments") or {}
    return json.loads(args) if isinstance(args, str) else dict(args)


def _name(call: Mapping[str, Any]) -> str:
    return str(call.get("function", call)["name"])


def slot_values(rows: Iterable[Mapping[str, Any]]) -> dict[tuple[str, str], set[str]]:
    """The string argument values of every ``(tool, parameter)`` in SFT rows (``messages`` in OpenAI format).

    Returns:
        ``{(tool name, parameter name): {value, ...}}``.
    """
    out: dict[tuple[str, str], set[str]] = defaultdict(set)
    for row in rows:
        for m in row["messages"]:
            for call in m.get("tool_calls") or ():
                for key, value in _arguments(call).items():
                    if isinstance(value, str):
                        out[(_name(call), key)].add(value)
    return dict(out)


def value_kind(value: str, user_text: str, seen: set[str]) -> str:
    """``copy`` (in the user's words, never a training value of the slot), ``seen`` (in the user's words and a
    training value) or ``other`` (not in the user's words).

    Args:
        value: a string argument value.
        user_text: the user turns of the conversation up to the call, joined.
        seen: the training values of the same ``(tool, parameter)`` (:func:`slot_values`).
    """
    if value not in user_text:
        return "other"
    return "seen" if value in seen else "copy"


def _turn_spans(text: str, n: int) -> list[tuple[int, int]]:
    """Character spans (content start, end of ``<|im_end|>``) of the first ``n`` assistant turns in rendered text."""
    spans, pos = [], 0
    for _ in range(n):
        start = text.index(_OPEN, pos) + len(_OPEN)
        end = text.index(_CLOSE, start) + len(_CLOSE)
        spans.append((start, end))
        pos = end
    return spans


class _Tally:
    def __init__(self) -> None:
        self.counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])

    def add(self, key: str, ok: bool) -> None:
        c = self.counts[key]
        c[0] += 1
        c[1] += bool(ok)

    def rates(self) -> dict[str, dict[str, float | int]]:
        return {k: {"n": n, "right": r, "rate": round(r / n, 4) if n else 0.0} for k, (n, r) in self.counts.items()}


def probe(model: Any, tokenizer: Any, rows: Iterable[Mapping[str, Any]], train_values: Mapping[tuple[str, str], set[str]],
          *, limit: int | None = None, chat_template: str | None = None, examples: int = 8) -> dict[str, Any]:
    """Teacher-forced tool-call accuracy of ``model`` on SFT conversations (module docstring).

    Args:
        model: a causal LM (``transformers``), on any device; put in eval mode here.
        tokenizer: its tokenizer (a fast one: offsets are needed).
        rows: SFT rows (``messages``, ``tools``) as :func:`train.data.load_sft` returns them.
        train_values: :func:`slot_values` of the training split (what makes a value unseen).
        limit: only the first ``limit`` rows.
        chat_template: the template to render with (default: TRL's training template for the tokenizer's, else the
            tokenizer's own).
        examples: how many wrong ``copy`` values to return with what the model wrote.

    Returns:
        ``{"conversations", "calls": {"exact", "tool"}, "values": {kind: ...}, "value_tokens": {"<kind>/first",
        "<kind>/later": ...}, "examples": [...]}``; every rate entry is ``{"n", "right", "rate"}`` (rate in [0, 1]).

    Raises:
        ValueError: a rendered conversation lacks an assistant turn its messages have (a template the probe cannot
            read).
    """
    import torch
    from trl.chat_template_utils import get_training_chat_template

    if chat_template is None:
        try:
            chat_template = get_training_chat_template(tokenizer) or tokenizer.chat_template
        except ValueError:  # a template TRL has no training variant for
            chat_template = tokenizer.chat_template
    model.eval()
    device = next(model.parameters()).device
    calls, values, value_tokens = _Tally(), _Tally(), _Tally()
    wrong: list[dict[str, str]] = []
    n_rows = 0
    for n_rows, row in enumerate(islice(rows, limit), start=1):
        messages = [dict(m) for m in row["messages"]]
        text = tokenizer.apply_chat_template(messages, tools=row.get("tools") or None, chat_template=chat_template,
                                             tokenize=False)
        enc = tokenizer(text, add_special_tokens=False, return_offsets_mapping=True)
        ids, offsets = enc["input_ids"], enc["offset_mapping"]
        with torch.inference_mode():
            logits = model(torch.tensor([ids], device=device)).logits[0]
        pred = [-1, *logits[:-1].argmax(-1).tolist()]  # pred[t]: the model's token at t given the gold ids[:t]
        right = [p == g for p, g in zip(pred, ids, strict=True)]
        assistant = [i for i, m in enumerate(messages) if m.get("role") == "assistant"]
        for i, (start, end) in zip(assistant, _turn_spans(text, len(assistant)), strict=True):
            message = messages[i]
            if not message.get("tool_calls"):
                continue
            turn = [t for t, (a, b) in enumerate(offsets) if start <= a < end and b > a]
            calls.add("exact", all(right[t] for t in turn))
            name_end = text.find('"arguments"', start, end)
            calls.add("tool", all(right[t] for t in turn if offsets[t][0] < name_end) if name_end >= 0 else False)
            users = " ".join(str(m.get("content") or "") for m in messages[:i] if m.get("role") == "user")
            pos = start
            for call in message["tool_calls"]:
                for key, value in _arguments(call).items():
                    if not isinstance(value, str) or not value:
                        continue
                    needle = f"{json.dumps(key, ensure_ascii=False)}: {json.dumps(value, ensure_ascii=False)}"
                    at = text.find(needle, pos, end)
                    if at < 0:
                        continue
                    pos = at + len(needle)
                    s, e = pos - len(json.dumps(value, ensure_ascii=False)) + 1, pos - 1
                    toks = [t for t, (a, b) in enumerate(offsets) if a < e and b > s and b > a]
                    kind = value_kind(value, users, train_values.get((_name(call), key), set()))
                    ok = all(right[t] for t in toks)
                    values.add(kind, ok)
                    for j, t in enumerate(toks):
                        value_tokens.add(f"{kind}/{'first' if j == 0 else 'later'}", right[t])
                    if kind == "copy" and not ok and len(wrong) < examples:
                        wrote = tokenizer.decode([pred[t] for t in toks])
                        wrong.append({"tool": _name(call), "parameter": key, "value": value, "wrote": wrote})
    return {"conversations": n_rows, "calls": calls.rates(), "values": values.rates(),
            "value_tokens": value_tokens.rates(), "examples": wrong}


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m toolc.train.probe``: prints (and with ``-o`` writes) the probe report of a model.

    Returns:
        Exit status 0.

    Raises:
        DatasetDirError: ``--data`` is not a toolc build with SFT rows.
        ModelNotFoundError: ``--model`` cannot be found.
    """
    from toolc.train.data import load_sft
    from toolc.train.model import load_causal_lm, load_tokenizer

    p = argparse.ArgumentParser(prog="python -m toolc.train.probe", description=__doc__.split("\n\n")[0])
    p.add_argument("--model", required=True, help="model directory")
    p.add_argument("--data", required=True, help="compiled dataset directory (toolc build -o DIR)")
    p.add_argument("--split", default="test", choices=("train", "test"), help="split to probe")
    p.add_argument("--limit", type=int, default=None, help="probe the first N conversations")
    p.add_argument("-o", "--output", default=None, help="also write the report here (JSON)")
    args = p.parse_args(argv)
    report = probe(load_causal_lm(args.model), load_tokenizer(args.model), load_sft(args.data, args.split),
                   slot_values(load_sft(args.data, "train")), limit=args.limit)
    text = json.dumps(report, ensure_ascii=False, indent=1)
    if args.output:
        from pathlib import Path

        Path(args.output).write_text(text + "\n", encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
