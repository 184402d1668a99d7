"""Language of an article: detected from its text, with the page's declared language as a hint."""

from __future__ import annotations

import re

_CJK = re.compile(r"[\u3400-\u9fff]")
_KANA = re.compile(r"[\u3040-\u30ff]")
_HANGUL = re.compile(r"[\uac00-\ud7af]")
_ANY_OF_THE_THREE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")


def declared_code(value: str | None) -> str:
    """The ISO 639-1 part of a declared language ('zh-CN' -> 'zh', 'en_US' -> 'en'), or ''."""
    if not value:
        return ""
    code = re.split(r"[-_]", value.strip().lower())[0]
    return code if re.fullmatch(r"[a-z]{2}", code) else ""


def detect_language(text: str, declared: str = "") -> tuple[str, str]:
    """(ISO 639-1 code, source): 'detected' from the text, else 'declared', else ('', '')."""
    sample = text[:1200]
    script = _script_language(sample)
    if script:
        return script, "detected"
    if len(sample) >= 80:
        code = _classify(sample, declared)
        if code:
            return code, "detected"
    if declared:
        return declared, "declared"
    return "", ""


def _script_language(sample: str) -> str:
    """Chinese, Japanese and Korean are told apart by their scripts, more reliably than n-grams."""
    if not _ANY_OF_THE_THREE.search(sample):  # most pages: no need to count their letters
        return ""
    letters = sum(ch.isalpha() for ch in sample) or 1
    if len(_KANA.findall(sample)) / letters > 0.05:
        return "ja"
    if len(_HANGUL.findall(sample)) / letters > 0.3:
        return "ko"
    if len(_CJK.findall(sample)) / letters > 0.3:
        return "zh"
    return ""


def _classify(sample: str, declared: str) -> str:
    from crawler.extract.langid_model import identifier

    ranked = [(code, score) for code, score in identifier().rank(sample) if len(code) == 2]
    if not ranked:
        return ""
    best, best_score = ranked[0]
    if declared and declared != best:
        # Trust the page's own declaration when the model finds it nearly as likely.
        for code, score in ranked[:3]:
            if code == declared and best_score - score < 20:
                return declared
    return str(best)


def dense_script_chars(text: str) -> int:
    """How many Chinese, Japanese or Korean characters the text holds."""
    return len(_ANY_OF_THE_THREE.findall(text))


def is_dense_script(text: str) -> bool:
    """True for Chinese, Japanese or Korean text (one character carries a word's meaning)."""
    return _script_language(text) != ""
