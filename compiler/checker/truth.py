"""Checker stage: what a right assistant turn must do (:class:`TurnTruth`) and the content checks of non-call turns.

A :class:`TurnTruth` is the verifiable ground truth of one assistant decision, one shape for every kind of turn
(``compiler.vocab.EXPECTS``); the PPO ``ground_truth`` column is its JSON (:meth:`TurnTruth.to_json`) and the SFT
``truth`` column lists one per assistant turn (without the calls, which the turn itself shows):

* ``call`` -- ``calls``: the gold calls in BFCL's possible-answer shape (each argument -> list of acceptable
  values, ``""`` = may be omitted; ``../shared/data/bfcl/CHECKER_NOTES.md`` section 3); ``order_free``: parallel
  calls may come in any order.
* ``clarify`` -- ``missing``: the parameters the question must ask for, each with the words that name it (its
  name, words of its description and of its ``ask`` question, in the languages the spec wrote them, less those
  the user already said); the reply must ask (:func:`asks`): a question, or a request for what is missing.
* ``confirm`` -- ``restate``: the tool names and argument values of the pending calls (a confirmation restates
  the action), and ``said``: the user's own words for a value they gave in other words (``tomorrow at 6:30 pm``
  for ``2026-12-04`` and ``18:30``), which restate it as well; the reply asks (:func:`asks`: "Send it?"), and no
  call may be made before the user's yes.
* ``refuse`` -- ``not_tools``: the tools the request needs but that are not offered; the reply must make no call
  and say it cannot (:data:`CANNOT`, English and Chinese).
* ``none`` -- ``facts``: the tool-result values the gold reply quotes, which a right final answer mentions;
  ``or_facts``: what each other alternative the spec gives that reply would quote in the same row (the answer may
  be written like any of them: mentioning all of one set is as good);
  ``answers``: the reply answers the user's message itself (smalltalk), where saying it cannot is no answer;
  ``nothing_found``: the results found nothing, and the reply must say so; ``failed``: a call it answers failed (an
  error result), and the reply must say so (:func:`says_failed`) rather than report what the call would have done;
  ``succeeded``: the calls it answers all succeeded and it quotes none of their values ("Done, it went through"), so a
  reply that says a call failed is wrong.

Every non-call kind also means "no call" (``no_call`` in the JSON) and carries ``lang``, the conversation's
language: the reply must be written in it (:func:`in_language`), so that a policy cannot earn a clarification's or a
refusal's reward by answering an English user in Chinese, whose words the truth also lists. The content checks
(:func:`mentions`, :func:`says_cannot`, :func:`content_score`) compare text after :func:`fold` (NFKC, lower
case, no spaces), so ``"New York"`` is mentioned by ``"new york"`` and full-width digits equal ASCII ones.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from toolc.compiler.checker.match import GoldCall
from toolc.vocab import EXPECTS, Expect

#: Phrases of a refusal ("I can't do that"), English and Chinese, compared after :func:`fold`.
CANNOT: tuple[str, ...] = (
    "can't", "cannot", "can not", "unable", "not able", "don't have", "do not have", "no tool", "not possible",
    "isn't possible", "not available", "not supported", "doesn't support", "beyond what",
    "outside what", "outside my", "beyond my", "not something i can", "isn't something", "aren't something",
    "not something my", "i have no",
    "无法", "不能", "做不到", "办不到", "没办法", "没有办法", "没法", "帮不了", "做不了", "不支持", "没有可以", "没有能",
    "没有相关", "没有这个", "不具备", "暂不支持", "无能为力", "能力范围", "不在我的",
)
#: "I have no tool for that" in Chinese (``我没有订机票的工具``), after :func:`fold`; within one clause, so
#: ``没有问题，这个功能...`` is no refusal.
_NO_TOOL_RE = re.compile(r"没有[^。！？!?，,；;]{0,20}(?:工具|功能)")

#: English words too common to name a parameter (question words, pronouns, fillers).
_EN_STOP = frozenset(
    """a an the and or of to in on at for from with into by as is are be was were it its this that these those
    you your yours me my i we our us would could should can will may might please tell what which who whom whose
    when where why how want wants like need needs do does did some any one give let know sure just also name
    value provide specify enter kind type e g eg etc omitted default check look find get search set use say line plain
    happy help sure course okay great thanks thank couldn didn doesn isn wasn won aren haven""".split()
)
#: Chinese characters of question scaffolding (请问您想要哪个...); a bigram holding one of them names nothing.
_ZH_STOP = frozenset("请问您你我他她它们想要哪个些什么吗呢吧啊的了是在有和与或及把被给让这那一下告诉提供需可以具体多少里儿个")
_ZH_GENERIC = frozenset(("查询", "查看", "输入", "指定", "名称", "信息", "内容", "默认", "例如", "比如", "省略"))
_EXAMPLE_RE = re.compile(r"(?:\be\.g\.|\bfor example\b|\bsuch as\b|例如|比如|如：|如:).*$", re.I | re.S)
_WORD_RE = re.compile(r"[A-Za-z][A-Za-z0-9]*")
_HAN_RUN_RE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")


def fold(text: str) -> str:
    """Text for containment checks: NFKC, lower case, whitespace removed (``"New  York"`` -> ``"newyork"``)."""
    return "".join(unicodedata.normalize("NFKC", text).lower().split())


def keywords(*texts: str | None) -> list[str]:
    """Words that name a parameter, from its name, description or question (English words and Chinese bigrams).

    English: words of 3+ letters that are not question scaffolding (:data:`_EN_STOP`); an ``e.g.`` / ``例如``
    tail (example values) is cut first. Chinese: two-character windows of each Han run that hold no
    scaffolding character (``请问您想查询哪个城市`` -> ``城市``) and are not generic verbs (``查询``).

    Args:
        *texts: the texts (``None`` skipped).

    Returns:
        The distinct keywords, folded (:func:`fold`), in order of first appearance.
    """
    out: dict[str, None] = {}
    for text in texts:
        if not text:
            continue
        text = _EXAMPLE_RE.sub("", text)
        for w in _WORD_RE.findall(text.replace("_", " ")):
            if len(w) >= 3 and w.lower() not in _EN_STOP:
                out.setdefault(fold(w), None)
        for run in _HAN_RUN_RE.findall(text):
            for i in range(len(run) - 1):
                bi = run[i:i + 2]
                if not (set(bi) & _ZH_STOP) and bi not in _ZH_GENERIC:
                    out.setdefault(bi, None)
    return list(out)


@dataclass(frozen=True, slots=True)
class MissingParam:
    """A parameter a clarification must ask for: its ``name`` and the ``words`` that name it (folded)."""

    name: str
    words: tuple[str, ...]

    def named_by(self, text: str) -> bool:
        """Whether ``text`` names the parameter: its name (``start_date`` or ``start date``) or one of its words."""
        t = fold(text)
        forms = {fold(self.name), fold(self.name.replace("_", " "))}
        return any(f and f in t for f in forms) or any(w in t for w in self.words)


@dataclass(frozen=True, slots=True)
class TurnTruth:
    """The verifiable ground truth of one assistant turn (see the module docstring for each field's meaning).

    Attributes:
        expect: the kind of turn due (``compiler.vocab.EXPECTS``).
        calls: ``call`` turns: the gold calls with acceptable values per argument.
        order_free: parallel calls may come in any order.
        missing: ``clarify``: the parameters to ask for.
        restate: ``confirm``: tool names and argument values the question should mention.
        said: ``confirm``: ``(value, (words, ...))`` for a restated value the user gave in other words
            (``2026-12-04`` said as ``tomorrow``): the user's words mention it too.
        not_tools: ``refuse``: tools the request needs that are not offered.
        facts: ``none``: tool-result values the answer should mention.
        or_facts: ``none``: what each other alternative of the gold reply quotes in this row, each as right an
            answer (:mod:`compiler.reply_facts`): a reply mentioning all of one earns as much as one mentioning
            ``facts``.
        answers: ``none``: the reply answers the user's message itself (no tool result comes between: smalltalk,
            a question answered from what was said), so a refusal does not answer it.
        nothing_found: ``none``: the results the reply answers found nothing (every one an empty list), so the
            reply must say so (:func:`says_none`) rather than name anything.
        failed: ``none``: a call the reply answers failed (an error result: fully booked, the service down, a date
            too far ahead), so the reply must say so (:func:`says_failed`) rather than report a success.
        succeeded: ``none``: the calls the reply answers all succeeded (results, none empty) and the gold reply quotes
            none of their values, so ``facts`` cannot tell a right reply: one that says a call failed is wrong.
        lang: every kind but ``call``: the language the reply must be written in (``zh``, ``en``: the
            conversation's; :func:`in_language`); ``None``: not checked (truths of older builds).
    """

    expect: Expect
    calls: tuple[GoldCall, ...] = ()
    order_free: bool = True
    missing: tuple[MissingParam, ...] = ()
    restate: tuple[str, ...] = ()
    not_tools: tuple[str, ...] = ()
    facts: tuple[str, ...] = ()
    lang: str | None = None
    said: tuple[tuple[str, tuple[str, ...]], ...] = ()
    answers: bool = False
    nothing_found: bool = False
    or_facts: tuple[tuple[str, ...], ...] = ()
    failed: bool = False
    succeeded: bool = False

    @property
    def no_call(self) -> bool:
        """Whether a right answer makes no call (every kind but ``call``)."""
        return self.expect != "call"

    def to_json(self, *, with_calls: bool = True) -> dict[str, Any]:
        """The JSON object (keys with empty values left out; ``expect`` and ``no_call`` always present).

        Args:
            with_calls: include ``calls`` / ``order_free`` (the SFT column leaves them out: the turn shows them).
        """
        out: dict[str, Any] = {"expect": self.expect, "no_call": self.expect != "call"}  # :attr:`no_call`
        if with_calls and self.calls:
            out["calls"] = [c.to_json() for c in self.calls]
            if len(self.calls) > 1:
                out["order_free"] = self.order_free
        if self.missing:
            out["missing"] = [{"name": m.name, "words": list(m.words)} for m in self.missing]
        if self.restate:
            out["restate"] = list(self.restate)
        if self.said:
            out["said"] = {value: list(words) for value, words in self.said}
        if self.not_tools:
            out["not_tools"] = list(self.not_tools)
        if self.facts:
            out["facts"] = list(self.facts)
        if self.or_facts:
            out["or_facts"] = [list(f) for f in self.or_facts]
        if self.answers:
            out["answers"] = True
        if self.nothing_found:
            out["nothing_found"] = True
        if self.failed:
            out["failed"] = True
        if self.succeeded:
            out["succeeded"] = True
        if self.lang:
            out["lang"] = self.lang
        return out

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> TurnTruth:
        """Reads :meth:`to_json`'s object.

        Raises:
            ValueError: an unknown ``expect`` or a malformed field.
        """
        expect = data.get("expect") or ("call" if data.get("calls") else "none")
        if expect not in EXPECTS:
            raise ValueError(f"ground truth `expect` must be one of {EXPECTS}, got {expect!r}")
        missing = tuple(MissingParam(str(m["name"]), tuple(str(w) for w in m.get("words") or ()))
                        for m in data.get("missing") or ())
        return cls(expect, tuple(GoldCall.from_json(c) for c in data.get("calls") or ()),
                   bool(data.get("order_free", True)), missing,
                   *(tuple(str(v) for v in data.get(k) or ()) for k in ("restate", "not_tools", "facts")),
                   lang=str(data["lang"]) if data.get("lang") else None,
                   said=tuple((str(k), tuple(str(w) for w in v)) for k, v in (data.get("said") or {}).items()),
                   answers=bool(data.get("answers", False)), nothing_found=bool(data.get("nothing_found", False)),
                   or_facts=tuple(tuple(str(v) for v in f) for f in data.get("or_facts") or ()),
                   failed=bool(data.get("failed", False)), succeeded=bool(data.get("succeeded", False)))

    def empty(self) -> bool:
        """Whether there is nothing to verify beyond "no call": no calls, parameter, restatement or fact, and not a
        refusal (which must always say it cannot)."""
        return self.expect != "refuse" and not (self.calls or self.missing or self.restate or self.facts)


def mentions(text: str, items: Iterable[str], said: Mapping[str, Sequence[str]] | None = None) -> float:
    """Share of ``items`` that ``text`` mentions (after :func:`fold`): the item itself or, for an item in ``said``,
    one of the words the user gave it in; 1.0 when there are none. A number is mentioned as a number of its own, of
    the same value (:func:`_number_in`): ``2`` is not in ``2026-12-05``, ``14`` not in ``14.5`` (else a reply would
    earn a fact or a restated party size by naming any date), but ``1613.6`` is in ``$1,613.60``."""
    said = said or {}
    forms = []
    for item in items:
        if (f := fold(item)):
            forms.append([f, *(w for w in map(fold, said.get(item, ())) if w)])
    if not forms:
        return 1.0
    t = fold(text)
    spaced = unicodedata.normalize("NFKC", text).lower()  # numbers are told apart by what stands around them
    return sum(any(_number_in(f, spaced) if _NUMBER_RE.fullmatch(f) else f in t for f in fs)
               for fs in forms) / len(forms)


_NUMBER_RE = re.compile(r"-?\d+(?:\.\d+)?")


def _number_in(number: str, text: str) -> bool:
    """Whether ``number`` stands in ``text`` as a number of its own with the same value: no digit, decimal point or
    date hyphen (``12-14``) joins it to another number; it may be written with trailing zeros or thousands
    separators (``1613.6`` as ``1613.60`` or ``1,613.6``, ``26`` as ``26.0``: an amount written as money is the
    amount the tool returned)."""
    return _number_pattern(number).search(text) is not None


@functools.lru_cache(maxsize=4096)
def _number_pattern(number: str) -> re.Pattern:
    sign, digits = ("-", number[1:]) if number.startswith("-") else ("", number)
    whole, _, decimals = digits.partition(".")
    decimals = decimals.rstrip("0")
    groups = [whole[max(0, i - 3):i] for i in range(len(whole), 0, -3)][::-1]
    whole_re = f"(?:{whole}|{','.join(groups)})" if len(groups) > 1 else whole
    tail = rf"\.{decimals}0*" if decimals else r"(?:\.0+)?"
    # not the end of a longer number ("613" in "1,613") nor its start ("1" in "1,613")
    before = r"(?<![\d.])(?<!\d-)" + (r"(?<!\d,)" if len(whole) == 3 else "")
    return re.compile(rf"{before}{re.escape(sign)}{whole_re}{tail}(?!\d|\.\d|-\d|,\d{{3}}(?!\d))")


#: A clarification asks: a question mark, or a request for what is missing ("Please give me the address", "Send
#: me the text", "请提供收件人"); English by words (not "pleased"), case ignored.
_ASKS_RE = re.compile(r"[?？]|\b(?:please|kindly|let me know)\b|\b(?:send|give|tell|show) me\b|请|告诉我|发给我|给我",
                      re.I)


def asks(text: str) -> bool:
    """Whether ``text`` asks the user something (:data:`_ASKS_RE`): a clarification that only names the missing
    parameter ("Beijing's weather is sunny" names the weather) is an answer, not a question."""
    return bool(_ASKS_RE.search(unicodedata.normalize("NFKC", text)))


#: "Nothing was found", English (words, case ignored) and Chinese.
_NONE_RE = re.compile(r"\b(?:no|none|nothing)\b|\b(?:couldn't|could not|didn't|did not|can't|cannot) find\b|"
                      r"没有|没找到|未找到|找不到|无结果", re.I)


def says_none(text: str) -> bool:
    """Whether ``text`` says that nothing was found ("I found no sushi places", "没有找到...")."""
    return bool(_NONE_RE.search(unicodedata.normalize("NFKC", text)))


#: "The call failed", English (words, case ignored) and Chinese: what the replies after a tool error say -- the
#: service is down or timed out, the address is invalid, the restaurant is fully booked, the date too far ahead, the
#: file cannot be opened, nothing was sent -- and a report of success does not ("Done, it went through", 已发送; not
#: "error" alone, which names files: "/var/log/nginx/error.log has 3 lines").
_FAILED_RE = re.compile(
    r"\b(?:couldn't|could not|can't|cannot|unable to|wasn't able|wasn't sent|was not sent|not sent|nothing was sent|"
    r"nothing went out|didn't go (?:out|through)|isn't a valid|not a valid|invalid|rejected|unavailable|"
    r"not available|isn't responding|not responding|is down|went wrong|failed|failure|an error|timed out|"
    r"fully booked|no tables? (?:left|available)|too far|only (?:reaches?|forecasts?|reads?))\b|"
    r"超时|不可用|没有响应|没响应|没能|未能|无法|打不开|查不到|没查到|太远|订满|没有空位|没空位|无效|不是有效|"
    r"没有发出|没发出|未发送|没有发送成功|发送失败|失败|出错|出了问题|故障", re.I)


def says_failed(text: str) -> bool:
    """Whether ``text`` says a call failed (:data:`_FAILED_RE`: "the mail server is down, nothing was sent",
    "已经订满了"), as a reply after a tool error must."""
    return bool(_FAILED_RE.search(unicodedata.normalize("NFKC", text)))


def says_cannot(text: str) -> bool:
    """Whether ``text`` says the assistant cannot do the task (one of :data:`CANNOT`, or ``没有...工具``)."""
    t = fold(text)
    return any(fold(p) in t for p in CANNOT) or bool(_NO_TOOL_RE.search(t))


def in_language(text: str, lang: str | None, quoted: Iterable[str] = ()) -> bool:
    """Whether ``text`` is written in ``lang``, by its script once the values it ``quoted`` are taken out (a
    name, an address or a translation may be in any language): ``zh`` -- at least as many Chinese characters as
    English words of :data:`EN_COMMON` (``sqrt(144) + 7 = 19`` holds none; an English sentence with one Chinese
    word is not Chinese); ``en`` -- at most half as many Chinese characters as Latin letters. Other languages (and
    ``None``) are not checked: ``True``."""
    if lang not in ("zh", "en"):
        return True
    for q in sorted({q for q in quoted if q}, key=len, reverse=True):
        text = text.replace(q, " ")
    han = sum(map(len, _HAN_RUN_RE.findall(text)))
    words = _LATIN_WORD_RE.findall(text)
    if lang == "zh":
        return han >= sum(w.lower() in EN_COMMON for w in words)
    return 2 * han <= sum(map(len, words))


#: English words every English sentence of some length holds one of (articles, pronouns, auxiliaries, common
#: prepositions): :func:`in_language` counts them against a text's Chinese characters.
EN_COMMON = frozenset("""a an the is are was were be been it its this that there here i you your we our they he she
    to of in on at for with from by and or but not no yes can could will would should do does did have has had
    sorry please sure what which who where when how""".split())
_LATIN_WORD_RE = re.compile(r"[A-Za-z]+")


def content_score(truth: TurnTruth, text: str, called: Sequence[str] = ()) -> float:
    """How well a no-call turn's text does what ``truth`` asks, in [0, 1] (the caller checks there is no call).

    * ``clarify``: share of the missing parameters the text names (any text at all when none is recorded); 0
      when the text does not ask (:func:`asks`);
    * ``confirm``: share of the restated items mentioned, in their own form or the user's words; 0 when the text
      does not ask (a restatement of the call as done claims it was made);
    * ``refuse``: 1 when the text says it cannot (:func:`says_cannot`), else 0;
    * ``none``: share of the facts mentioned (1 with no facts, when the text is not empty), or of one other
      alternative's facts (``or_facts``) where that share is larger; 0 for a refusal
      where the reply answers the user directly (``answers``); after results that found nothing (``nothing_found``), 1
      when the text says nothing was found (:func:`says_none`), else 0; after a failed call (``failed``), 0 unless
      the text says it failed (:func:`says_failed`); after calls that succeeded (``succeeded``), 0 when it says one
      failed.

    Args:
        truth: the turn's ground truth.
        text: the answer's text (outside call blocks).
        called: names of the tools the answer called (any call scores 0 here).

    Returns:
        The score; 0 for an empty text, any call, or a text not written in ``truth.lang`` (:func:`in_language`).
    """
    if called or not text.strip():
        return 0.0
    if truth.lang and not in_language(text, truth.lang, truth.facts + sum(truth.or_facts, ()) + truth.restate +
                                      tuple(w for _, ws in truth.said for w in ws)):
        return 0.0
    if truth.expect == "clarify":
        if not asks(text):
            return 0.0
        if not truth.missing:
            return 1.0
        return sum(m.named_by(text) for m in truth.missing) / len(truth.missing)
    if truth.expect == "confirm":  # it asks: the call restated as done ("已订好：...") claims it was made
        return mentions(text, truth.restate, dict(truth.said)) if asks(text) else 0.0
    if truth.expect == "refuse":
        return 1.0 if says_cannot(text) else 0.0
    if answer_failure(truth, text) is not None:
        return 0.0
    if truth.nothing_found:  # it says nothing was found: all there is to say
        return 1.0
    return max([mentions(text, truth.facts)] + [mentions(text, f) for f in truth.or_facts])


#: What :func:`answer_failure`'s codes mean (the evaluator's verdict messages, ``compiler.checker.score``).
ANSWER_FAILURES = {
    "needless_refusal": "the user's message needed an answer, the reply says it cannot",
    "ignored_error": "the call failed, and the reply does not say so",
    "claimed_failure": "the calls succeeded, and the reply says one failed",
    "made_up_results": "the results found nothing, and the reply does not say so",
}


def answer_failure(truth: TurnTruth, text: str) -> str | None:
    """How a ``none`` answer is wrong whatever facts it mentions (a code of :data:`ANSWER_FAILURES`), or ``None``:
    a refusal where the reply answers the user directly ("Sorry, I can't help with that" to "Good morning!",
    ``answers``), no word of a failed call ("Booked!" after "fully booked", ``failed``), a failure claimed after
    calls that succeeded (``succeeded``), nothing said of results that found nothing (``nothing_found``)."""
    if truth.answers and says_cannot(text):
        return "needless_refusal"
    if truth.failed and not says_failed(text):
        return "ignored_error"
    if truth.succeeded and says_failed(text):
        return "claimed_failure"
    if truth.nothing_found and not says_none(text):
        return "made_up_results"
    return None
