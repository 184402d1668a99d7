"""Words that mark a date as the publication's or as the last update's, in the sites' languages.

A <time> is marked by its class, itemprop and the text before it; a printed dateline by the
words before its date: 'Updated: 6 May 2025 | Published: 5 May 2025' gives 5 May as the
publication, 6 May as the update.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from crawler.extract.dates import NormalizedDate

UPDATED_MARK = re.compile(
    r"updated|modified|datemodified|aktualisiert|mis à jour|actualizado|aggiornato|bijgewerkt|"
    r"обновлено|更新|atualizado|oppdatert|uppdaterad|opdateret|zaktualizowano|aktualizováno|"
    r"güncellen\w*|päivitetty|frissítve|actualitzat",
    re.IGNORECASE,
)
PUBLISHED_MARK = re.compile(
    r"published|datepublished|pubdate|entry-date|posted|publicado|publié|veröffentlicht|"
    r"pubblicato|gepubliceerd|publicerad|publisert|publiceret|opublikowano|опубликовано|"
    r"publikováno|yayınlan\w*|julkaistu|megjelent|publicat|发布|發布",
    re.IGNORECASE,
)
_ANY_MARK = re.compile(f"{UPDATED_MARK.pattern}|{PUBLISHED_MARK.pattern}", re.IGNORECASE)
LEAD_CHARS = 30  # the words before a date that can mark it
MAX_DATES = 4  # dates tried in one text


def has_date_mark(text: str) -> bool:
    """Whether the text holds a word that marks a date ('Posted On', 'Last Updated')."""
    return bool(_ANY_MARK.search(text))


def is_updated(marks: str) -> bool:
    """Whether marks (a class, a label) say 'updated' and not also 'published'."""
    return bool(UPDATED_MARK.search(marks)) and not PUBLISHED_MARK.search(marks)


def ends_with_update_mark(lead: str) -> bool:
    """Whether the last mark in the words before a date is an update's ('Last updated: ')."""
    marks = _ANY_MARK.findall(lead[-LEAD_CHARS:])
    return bool(marks) and bool(UPDATED_MARK.fullmatch(marks[-1]))


def published_and_updated(
    text: str, find: Callable[[str], NormalizedDate | None], lead: str = ""
) -> tuple[NormalizedDate | None, NormalizedDate | None]:
    """The first date in `text` the words before it do not mark as an update, and the first
    one they do; `find` gives the first date of a text, and `lead` holds the words before
    the text (read for marks only, never for dates)."""
    updated: NormalizedDate | None = None
    rest, before = text, lead
    for _ in range(MAX_DATES):
        found = find(rest)
        if found is None:
            break
        at = rest.find(found.raw)
        if at < 0 or not ends_with_update_mark(f"{before} {rest[:at]}"):
            return found, updated
        updated = updated or found
        rest, before = rest[at + len(found.raw) :], ""
    return None, updated
