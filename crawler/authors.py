"""Clean author names: real people or agencies, no 'By', roles, e-mails, joined names or repeats."""

from __future__ import annotations

import re

_BY = re.compile(r"^\s*(by|von|par|por|di|door|av|от|作者|记者|文)\s*[:：]?\s+", re.IGNORECASE)
_SPLIT = re.compile(r"\s*(?:,|;|\||/|&|\band\b|\bund\b|\bet\b|\by\b|\be\b|、|和)\s*", re.IGNORECASE)
_EMAIL = re.compile(r"\S+@\S+")
_NOT_NAMES = re.compile(
    r"^(email|e-mail|contact|follow|twitter|facebook|staff|admin|editor|editors|reporter|"
    r"correspondent|author|published|updated|read more|more by|view all|share|news desk|"
    r"the associated press staff)\b|https?://|^\W*$",
    re.IGNORECASE,
)
_ROLE = re.compile(
    r"\s*[,(|–—-]\s*(senior|chief|staff|political|economics|business|foreign|science|"
    r"special|global|china|us|europe)?\s*(writer|reporter|correspondent|editor|"
    r"contributor|columnist|analyst|journalist)\b.*$",
    re.IGNORECASE,
)


def clean_authors(raw_names: list[str]) -> list[str]:
    """Split, strip and de-duplicate author names, keeping their first-seen order."""
    names: list[str] = []
    seen: set[str] = set()
    for raw in raw_names:
        for name in _split(raw):
            key = name.casefold()
            if key not in seen:
                seen.add(key)
                names.append(name)
    return names


def _split(raw: str) -> list[str]:
    text = _EMAIL.sub(" ", " ".join(raw.split()))
    text = _BY.sub("", text)
    text = _ROLE.sub("", text)
    parts = []
    for part in _SPLIT.split(text):
        part = _BY.sub("", part).strip(" .:-–—·|")
        if 2 <= len(part) <= 60 and not _NOT_NAMES.search(part) and _looks_like_name(part):
            parts.append(part)
    return parts


def _looks_like_name(part: str) -> bool:
    """Names have a capital where the script has case; a lone lowercase word is debris."""
    if any(ch.isdigit() for ch in part):
        return False
    cased = [ch for ch in part if ch.isupper() or ch.islower()]
    return not cased or any(ch.isupper() for ch in cased)
