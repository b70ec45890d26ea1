"""Audit of the bundled specs' build (issue 8), the rows: a build's openai files read as a trainer reads them
(input: an output directory; output: :class:`Row` objects with their :class:`Call` s), and the helpers every
check shares (dates, units, scripts and languages, arithmetic and SQL conditions written here, not toolc's).

Used by tests/audit_calls.py and tests/audit_checks.py; shares no code with toolc's generator.
"""

from __future__ import annotations

import ast
import datetime as dt
import json
import math
import operator
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterator

ROOT = Path(__file__).resolve().parents[1]
TODAY = dt.date(2026, 12, 2)
#: where a user without an explicit time zone lives: Chinese conversations in China, English ones in New York
USER_TZ = {"zh": "Asia/Shanghai", "en": "America/New_York"}


# ---------------------------------------------------------------------------------------------- rows


@dataclass
class Call:
    name: str
    args: dict[str, Any]
    result: Any = None          # None for a PPO ground-truth call (no result yet)
    asked: str = ""             # the last user turn before the call
    heard: str = ""             # every user turn and tool result before the call
    reply: str = ""             # the first assistant text after the call's results

    @property
    def error(self) -> str | None:
        """The error name of an error result (``{"error": NAME, "message": TEXT}``), else ``None``."""
        r = self.result
        return r["error"] if isinstance(r, dict) and set(r) == {"error", "message"} else None

    @property
    def ok(self) -> bool:
        """Whether the call has a result that is not an error."""
        return self.result is not None and self.error is None


@dataclass
class Row:
    kind: str
    scenario: str
    system: str
    texts: list[tuple[str, str]] = field(default_factory=list)   # (role, content) of user and assistant text
    calls: list[Call] = field(default_factory=list)
    expects: list[str] = field(default_factory=list)              # SFT: what each assistant turn does
    user_turns: int = 0
    free_text: set[str] = field(default_factory=set)              # argument values of parameters without an enum
    offered: set[str] = field(default_factory=set)                # names of the tools the row offers

    @property
    def lang(self) -> str:
        return "zh" if _count(self.system, HAN) else "en"


def _json(value: Any) -> Any:
    """A JSON column as written: structured (the ``openai`` format's ``Json`` features) or JSON text."""
    return json.loads(value) if isinstance(value, str) else value


def _row(kind: str, record: dict[str, Any]) -> Row:
    messages = record["messages"] if kind == "sft" else record["prompt"]
    row = Row(kind, record["scenario"], messages[0]["content"] if messages[0]["role"] == "system" else "",
              expects=_json(record["expects"]) if kind == "sft" else [],
              user_turns=sum(m["role"] == "user" for m in messages))
    by_id: dict[str, Call] = {}
    pending: list[Call] = []
    last_user = ""
    heard: list[str] = []
    for m in messages[1:]:
        if m["role"] in ("user", "tool"):
            heard.append(m["content"])
        if m["role"] == "user":
            last_user = m["content"]
            row.texts.append(("user", m["content"]))
        elif m["role"] == "assistant" and m.get("tool_calls"):
            pending = []
            for tc in m["tool_calls"]:
                c = Call(tc["function"]["name"], _json(tc["function"]["arguments"]), asked=last_user,
                         heard="\n".join(heard))
                by_id[tc["id"]] = c
                pending.append(c)
                row.calls.append(c)
        elif m["role"] == "tool":
            by_id[m["tool_call_id"]].result = json.loads(m["content"])
        elif m["role"] == "assistant":
            row.texts.append(("assistant", m["content"]))
            for c in pending:
                c.reply = m["content"]
            pending = []
    schemas = {t["function"]["name"]: t["function"]["parameters"].get("properties", {})
               for t in _json(record.get("tools") or "[]")}
    row.offered = set(schemas)
    row.free_text = {v for c in row.calls for k, v in c.args.items()
                     if isinstance(v, str) and "enum" not in schemas.get(c.name, {}).get(k, {"enum": ()})}
    if kind == "ppo":  # the ground truth lists acceptable values, the exact (generated) one first; "" = left out
        for g in _json(record["ground_truth"]).get("calls", ()):
            exact = {k: acc[0] for k, acc in g["arguments"].items() if acc and acc[0] != ""}
            row.calls.append(Call(g["name"], exact, asked=last_user, heard="\n".join(heard)))
    return row


# ---------------------------------------------------------------------------------------------- helpers

HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")
_KANA = re.compile(r"[\u3040-\u30ff]")
_HANGUL = re.compile(r"[\uac00-\ud7af\u1100-\u11ff]")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")
_DATE = re.compile(r"\b(\d{4})[-/](\d{2})[-/](\d{2})\b")


def _count(text: str, pattern: re.Pattern) -> int:
    return len(pattern.findall(text))


def iso_day(s: str) -> dt.date:
    return dt.date.fromisoformat(s[:10])


def dates_in(text: str) -> list[dt.date]:
    out = []
    for y, m, d in _DATE.findall(text):
        try:
            out.append(dt.date(int(y), int(m), int(d)))
        except ValueError:
            pass
    return out


def to_celsius(v: float, unit: str) -> float:
    return (v - 32) * 5 / 9 if unit == "fahrenheit" else v


_OPS = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul, ast.Div: operator.truediv,
        ast.Mod: operator.mod, ast.Pow: operator.pow, ast.USub: operator.neg, ast.UAdd: operator.pos}
_FUNCS = {"sqrt": math.sqrt, "abs": abs, "round": round}


def arithmetic(expression: str) -> float:
    """The value of an arithmetic expression as the calculator tool describes it (``^`` is power)."""
    def ev(n: ast.AST) -> float:
        if isinstance(n, ast.Expression):
            return ev(n.body)
        if isinstance(n, ast.Constant) and isinstance(n.value, (int, float)):
            return n.value
        if isinstance(n, ast.BinOp):
            return _OPS[type(n.op)](ev(n.left), ev(n.right))
        if isinstance(n, ast.UnaryOp):
            return _OPS[type(n.op)](ev(n.operand))
        if isinstance(n, ast.Call) and isinstance(n.func, ast.Name):
            return _FUNCS[n.func.id](*[ev(a) for a in n.args])
        raise ValueError(f"not arithmetic: {ast.dump(n)}")
    return ev(ast.parse(expression.replace("^", "**").replace("×", "*").replace("÷", "/"), mode="eval"))


_SQL = re.compile(r"^\s*(\w+)\s*(>=|<=|!=|=|>|<)\s*(?:'([^']*)'|(-?\d+(?:\.\d+)?))\s*$")


def sql_condition(where: str) -> Callable[[dict], bool | None]:
    """A one-comparison SQL WHERE condition as a test on a row (``None``: the row lacks the column)."""
    m = _SQL.match(where)
    assert m, f"unsupported WHERE condition {where!r}"
    col, op, text, num = m.groups()
    want: Any = text if text is not None else float(num)
    cmp = {"=": operator.eq, "!=": operator.ne, ">": operator.gt, "<": operator.lt, ">=": operator.ge,
           "<=": operator.le}[op]
    return lambda row: None if col not in row else cmp(row[col], want)


#: words and letters that mark a Latin-script language (the audit tells English, French, German and Spanish apart)
_STOPWORDS = {
    "en": "the is a an and you to of in this have be will me please for on it are your with when we i do could "
          "would thank has been by at let's so may all".split(),
    "fr": "le la les des du de est et vous pour un une dans au avec nous ce que qui sera y il votre mon me moins "
          "plus à été faites".split(),
    "de": "der die das und ist sie ich nicht ein eine mit für zu es wir bitte dieses mir vor im auf den dem "
          "wurde wenn haben".split(),
    "es": "el la los las de y es que en un una por para con su se este lo al del le está hay hace muy".split(),
}
_LETTERS = {"en": "", "fr": "éèêàçù", "de": "äöüß", "es": "ñ¿¡áíóú"}


def latin_language(text: str) -> str:
    words = re.findall(r"[a-zà-ÿ']+", text.lower())
    scores = {lang: sum(w in vocab for w in words) + 2 * sum(ch in _LETTERS[lang] for ch in text.lower())
              for lang, vocab in _STOPWORDS.items()}
    return max(scores, key=lambda k: scores[k])


def script_language(text: str) -> str | None:
    """``zh``, ``ja``, ``ko``, ``ru``, ``latin`` or ``None`` (no letters), by Unicode blocks."""
    if _count(text, _KANA):
        return "ja"
    counts = {"zh": _count(text, HAN), "ko": _count(text, _HANGUL), "ru": _count(text, _CYRILLIC),
              "latin": _count(text, _LATIN) / 5}
    best = max(counts, key=lambda k: counts[k])
    return best if counts[best] else None


def strings_in(value: Any) -> Iterator[str]:
    if isinstance(value, dict):
        for v in value.values():
            yield from strings_in(v)
    elif isinstance(value, list):
        for v in value:
            yield from strings_in(v)
    elif isinstance(value, str):
        yield value
        if value.endswith(".") and len(value) > 1:
            yield value[:-1]


def without_values(text: str, row: Row) -> str:
    """``text`` minus every argument and result value it quotes (those may be in any language)."""
    values = sorted({s for c in row.calls for s in (*strings_in(c.args), *strings_in(c.result)) if s}, key=len,
                    reverse=True)
    for v in values:
        text = text.replace(v, " ")
    return _ADDRESSES.sub(" ", text)


#: e-mail addresses, URLs and file paths: language-neutral wherever they stand
_ADDRESSES = re.compile(r"\S+@\S+|https?://\S+|[\w.~-]*/[\w./~-]+")


def load_rows(out: Path) -> list[Row]:
    """The SFT and PPO rows of a build's openai files."""
    rows = []
    for kind in ("sft", "ppo"):
        for split in ("train", "test"):
            path = out / kind / "openai" / f"{split}.jsonl"
            for line in path.read_text(encoding="utf-8").splitlines() if path.exists() else ():
                rows.append(_row(kind, json.loads(line)))
    return rows


#: what a check yields: ``(check name, ok)`` per thing it checked
Verdicts = Iterator[tuple[str, bool]]
