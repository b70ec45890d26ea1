"""Languages: what toolc knows about the language of a conversation (input: a Faker locale; output: facts).

A conversation's language is its scenario file's ``locale`` (``zh_CN`` -> ``zh``). The system prompt, the
clarification questions, result text and replies are chosen in that language (docs/language.md,
"One language per conversation"); the verification stage checks that the texts a template wrote are in
the script of that language (:func:`script_of`). Scripts separate Chinese, Japanese, Korean, Cyrillic,
Greek, Arabic, Hebrew, Thai, Devanagari and Latin texts; two Latin-script languages (English and French)
cannot be told apart this way, which the docs say.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache
from typing import Any

#: Built-in clarification question per language, when a parameter has no ``ask`` text in it
#: (``{label}`` is the parameter's description or name).
ASK_DEFAULT: dict[str, str] = {
    "zh": "请问您想要的{label}是什么？",
    "en": "Could you tell me the {label}?",
    "ja": "{label}を教えていただけますか？",
    "ko": "{label}을(를) 알려 주시겠어요?",
    "fr": "Pourriez-vous me préciser : {label} ?",
    "de": "Könnten Sie mir bitte Folgendes nennen: {label}?",
    "es": "¿Podría indicarme lo siguiente: {label}?",
    "it": "Potrebbe indicarmi: {label}?",
    "pt": "Poderia me informar: {label}?",
    "ru": "Уточните, пожалуйста: {label}?",
}

#: What a user says to confirm a call with side effects (``True``) or to decline it (``False``), per language.
CONFIRMATIONS: dict[str, dict[bool, tuple[str, ...]]] = {
    "zh": {True: ("好的，确认。", "可以，就这么办。", "确认。", "没问题，继续吧。", "是的。"),
           False: ("先不要了，取消吧。", "等一下，先别执行。", "不用了。", "算了，取消。")},
    "en": {True: ("Yes, go ahead.", "Confirm.", "Sure, do it.", "Yes please.", "That's right, go ahead."),
           False: ("No, cancel that.", "Wait, don't do it yet.", "Never mind, cancel.", "No thanks.")},
    "ja": {True: ("はい、お願いします。", "確認しました。"), False: ("いいえ、やめておきます。", "キャンセルしてください。")},
    "ko": {True: ("네, 진행해 주세요.", "확인합니다."), False: ("아니요, 취소해 주세요.", "잠깐만요, 하지 마세요.")},
    "fr": {True: ("Oui, allez-y.", "Je confirme."), False: ("Non, annulez.", "Attendez, ne le faites pas.")},
    "de": {True: ("Ja, bitte.", "Bestätigt."), False: ("Nein, abbrechen.", "Warten Sie, bitte nicht.")},
    "es": {True: ("Sí, adelante.", "Confirmado."), False: ("No, cancélalo.", "Espera, no lo hagas.")},
    "it": {True: ("Sì, procedi.", "Confermo."), False: ("No, annulla.", "Aspetta, non farlo.")},
    "pt": {True: ("Sim, pode fazer.", "Confirmo."), False: ("Não, cancele.", "Espere, não faça isso.")},
    "ru": {True: ("Да, выполняйте.", "Подтверждаю."), False: ("Нет, отмените.", "Подождите, не надо.")},
}

#: The user's own time zone per locale (a tool called without a time zone answers in it; the system
#: prompt's date is the date there). Other locales use their language's first entry, else UTC.
USER_TIME_ZONES: dict[str, str] = {
    "zh_CN": "Asia/Shanghai", "zh_TW": "Asia/Taipei", "en_US": "America/New_York", "en_GB": "Europe/London",
    "en_AU": "Australia/Sydney", "en_CA": "America/Toronto", "en_IN": "Asia/Kolkata", "ja_JP": "Asia/Tokyo",
    "ko_KR": "Asia/Seoul", "fr_FR": "Europe/Paris", "de_DE": "Europe/Berlin", "es_ES": "Europe/Madrid",
    "es_MX": "America/Mexico_City", "it_IT": "Europe/Rome", "pt_BR": "America/Sao_Paulo",
    "pt_PT": "Europe/Lisbon", "ru_RU": "Europe/Moscow",
}

#: The script each language is written in (languages not listed: Latin).
SCRIPTS: dict[str, str] = {
    "zh": "han", "ja": "japanese", "ko": "hangul", "ru": "cyrillic", "uk": "cyrillic", "bg": "cyrillic",
    "el": "greek", "ar": "arabic", "fa": "arabic", "he": "hebrew", "th": "thai", "hi": "devanagari",
}


def language(locale: str) -> str:
    """The language code of a locale: ``zh_CN`` -> ``zh``, ``en_US`` -> ``en``."""
    return locale.replace("-", "_").split("_")[0].lower()


def tag_matches(tag: str | None, locale: str) -> bool:
    """Whether a language tag (``zh``, ``zh_CN``, ``None`` = untagged) is meant for conversations in ``locale``."""
    if tag is None:
        return False
    return tag == locale or tag.lower() == language(locale)


def user_time_zone(locale: str) -> str:
    """The IANA time zone of a user writing in ``locale`` (see :data:`USER_TIME_ZONES`)."""
    if locale in USER_TIME_ZONES:
        return USER_TIME_ZONES[locale]
    lang = language(locale)
    for loc, tz in USER_TIME_ZONES.items():
        if language(loc) == lang:
            return tz
    return "UTC"


@lru_cache(maxsize=65_536)
def _char_script(ch: str) -> str | None:
    if not ch.isalpha():
        return None
    o = ord(ch)
    if 0x3040 <= o <= 0x30FF or 0x31F0 <= o <= 0x31FF:
        return "japanese"
    if 0xAC00 <= o <= 0xD7AF or 0x1100 <= o <= 0x11FF or 0x3130 <= o <= 0x318F:
        return "hangul"
    if 0x4E00 <= o <= 0x9FFF or 0x3400 <= o <= 0x4DBF or 0xF900 <= o <= 0xFAFF or 0x20000 <= o <= 0x2FFFF:
        return "han"
    name = unicodedata.name(ch, "")
    for word, script in (("LATIN", "latin"), ("CYRILLIC", "cyrillic"), ("GREEK", "greek"), ("ARABIC", "arabic"),
                         ("HEBREW", "hebrew"), ("THAI", "thai"), ("DEVANAGARI", "devanagari")):
        if name.startswith(word):
            return script
    return "other"


def script_of(text: str) -> str | None:
    """The main script of ``text``: the script of most of its letters (``None`` without letters).

    Japanese text mixes kana and kanji: any kana makes it ``japanese``. Han characters count once each,
    Latin letters a fifth each (a Chinese sentence quoting an English word stays Chinese)."""
    counts: dict[str, float] = {}
    for ch in text:
        s = _char_script(ch)
        if s is not None:
            counts[s] = counts.get(s, 0.0) + (0.2 if s == "latin" else 1.0)
    if not counts:
        return None
    if counts.get("japanese"):
        return "japanese"
    return max(counts.items(), key=lambda kv: kv[1])[0]


@lru_cache(maxsize=65_536)
def script_fits(text: str, locale: str) -> bool:
    """Whether ``text`` (template text a spec wrote) is in the script of ``locale``'s language; text without
    letters fits any language. Japanese accepts Han-only text (kanji)."""
    s = script_of(text)
    if s is None:
        return True
    want = SCRIPTS.get(language(locale), "latin")
    return s == want or (want == "japanese" and s == "han")


def clarification(param: Any, name: str, locale: str, tool_locale: str) -> str | None:
    """The question asking for a missing argument in ``locale``: the parameter's ``ask`` tagged with that
    language; else an untagged ``ask`` written in the language's script (for a Latin-script language, only
    one from a tool file of the same language); else a built-in question made from its description
    (:data:`ASK_DEFAULT`); ``None`` when the language has none of these."""
    lang = language(locale)
    if param is not None:
        for a in param.asks:
            if tag_matches(a.lang, locale):
                return a.text
        latin = SCRIPTS.get(lang, "latin") == "latin"
        for a in param.asks:
            if a.lang is None and script_fits(a.text, locale) and (not latin or language(tool_locale) == lang):
                return a.text
    template = ASK_DEFAULT.get(lang)
    if template is None:
        return None
    label = (param.description or param.name.replace("_", " ")) if param else name
    label = label if lang in ("zh", "ja", "ko") else label[:1].lower() + label[1:]
    return template.format(label=label)


def confirmations(locale: str, yes: bool) -> tuple[str, ...]:
    """What a user in ``locale`` says to confirm (``yes``) or decline a call (:data:`CONFIRMATIONS`; English
    for languages without their own phrases -- ``toolc check`` warns about those)."""
    return CONFIRMATIONS.get(language(locale), CONFIRMATIONS["en"])[yes]
