"""The headline: h1, JSON-LD and OpenGraph compared, site names taken off, entities decoded."""

from __future__ import annotations

import re
import unicodedata
from typing import Any
from urllib.parse import urlsplit

from crawler.extract.language import is_dense_script
from crawler.extract.textnorm import clean_text, domain_key, joined_text, letters_key, unescaped

# Tried only where a run of spaces starts ((?<!\s)): from inside a long run of spaces
# '\s+' would rescan the rest of the run at every position, quadratic in its length.
# ' -- ' is a dash typed on a keyboard without one ('Headline -- Sott.net'). A bare '_'
# parts a Chinese portal's title ('标题_科技_腾讯网'), not a name in code ('rustc_codegen_gcc').
_SEPARATORS = re.compile(
    r"(?<!\s)(?:\s+(?:--|[|\-–—:·•»/])\s+|\s*[|｜ㅣ：]\s*|\s+_\s+)"
    r"|_(?=[^_]*$)(?:(?<![A-Za-z0-9]_)|(?![A-Za-z0-9]))"
)
_WORD = re.compile(r"\w+")
MIN_AGREEMENT = 0.5
MAX_H1S = 5
# A headline is at most a few hundred characters: a longer candidate (an h1 around the whole
# page, a meta tag stuffed with text) is cut here, before any pattern looks at it.
MAX_TITLE_CHARS = 1000


# A markdown heading's marks a CMS copied into the title field ('## Headline'). Stars
# around words stay: on a tweet they are the writer's ('*Not* what you want to see').
_MARKDOWN_HEADING = re.compile(r"^#{1,6}\s+")
# A separator with nothing on its far side: a template's 'Headline ⋆ %site%' with the
# site's name left empty, a blog's '» Headline'. A dash before a headline opens a quote
# in Nordic papers ('- Angsten vil øke'), a guillemet after one closes a French quote
# ('sur la « gravité de la situation »'): both stay.
_EDGE_MARKS = re.compile(r"^[|｜»›⋆·•]+\s+|\s+[|｜⋆·•/–—-]+$")


def clean_title(raw: str) -> str:
    """One line of title text with HTML entities decoded (some sites escape them twice),
    without a markdown heading's marks or a separator at its edge."""
    text = clean_text(unescaped(raw[:MAX_TITLE_CHARS]))
    return _EDGE_MARKS.sub("", _MARKDOWN_HEADING.sub("", text))


def heading_text(element: Any) -> str:
    """A heading's text, with a space where its markup joins two phrases without one: a
    kicker before the headline ('<span>Nationale Demo</span>Der 9. Juli naht'), a <br>. Only
    where a lower-case letter meets a capital, so 'Trump<span>'s</span>' stays one word.
    A permalink mark at its end ('<a class="headerlink" href="#evolve">¶</a>') is left out."""
    text = joined_text(element, lambda before, after: before.islower() and after.isupper())
    for anchor in element.iter("a"):
        mark = anchor.text_content().strip()
        if (
            mark
            and anchor.get("href", "").startswith("#")
            and not any(c.isalnum() for c in mark)
            and text.rstrip().endswith(mark)
        ):
            text = text.rstrip()[: -len(mark)]
    return text


_HOME_PATHS = frozenset({"", "/", "/index.html", "/index.htm", "/index.php"})


def links_home(heading: Any) -> bool:
    """True for a heading that is one link to the site's home page: the site's name or
    logo ('<h1><a href="/">BenjaminSte.in</a></h1>' above a blog's post), never a headline
    on any page of the shared sets (0 of 41 such h1s)."""
    anchors = list(heading.iter("a"))
    href = (anchors[0].get("href") or "").strip() if len(anchors) == 1 else ""
    try:
        address = urlsplit(href)
    except ValueError:  # 'http://[::1': an IPv6 host left open
        return False
    if not href or address.query or address.fragment:
        return False
    return address.path in _HOME_PATHS and title_key(anchors[0].text_content()) == title_key(
        heading.text_content()
    )


def agreement(first: str, second: str) -> float:
    """Share of the shorter title's words found in the other (0..1)."""
    a, b = set(_WORD.findall(first.casefold())), set(_WORD.findall(second.casefold()))
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))


def infer_site_names(html_title: str, headlines: list[str]) -> list[str]:
    """Site names read off the <title>: what remains around a known headline ('X | Site')."""
    names = []
    folded = html_title.casefold()
    for headline in headlines:
        where = folded.find(headline.casefold()) if headline else -1
        if where < 0:
            continue
        before, after = html_title[:where], html_title[where + len(headline) :]
        # "Kicker: Headline - Site": a part that ends in a colon is a kicker, not a site name.
        for rest in (after,) if before.rstrip().endswith(":") else (before, after):
            rest = rest.strip(" |｜ㅣ-–—:·•»_/")
            if rest and len(rest) < len(headline):
                names.append(rest)
    return names


def strip_site_names(title: str, site_names: list[str]) -> str:
    """The title without parts that are exactly a known site name ('... | DW'), or that
    spell the site's domain at either end ('... - Terminal Trove' on terminaltrove.com)."""
    names = {name.casefold().strip() for name in site_names if name}
    if not names:
        return title
    parts = _SEPARATORS.split(title)
    domains = {key for name in names if (key := domain_key(name))}
    kept = [
        part
        for at, part in enumerate(parts)
        if part.strip().casefold() not in names
        and not (at in (0, len(parts) - 1) and letters_key(part) in domains)
    ]
    if len(kept) == len(parts) or not kept:
        return title
    # Re-cut the original text so separators inside the headline survive.
    first, last = kept[0], kept[-1]
    return title[title.find(first) : title.rfind(last) + len(last)].strip()


STRONG_MARKS = "|｜ㅣ_»"
"""Separators that set a site name apart; a dash or colon may be part of the headline."""
_STRONG_SUFFIX = re.compile(r"(?<!\s)\s+[|｜»]\s+([^|｜»]+)$")
MAX_SUFFIX_WORDS = 4


def strip_site_suffix(title: str) -> str:
    """A structured title without a trailing '| Site' or '» Site': a short last part after
    a strong separator.  A dash is left alone (headlines go on after one: 'X - so teuer
    wird sie'); a dash before a known site name goes in `strip_site_names`."""
    suffix = _STRONG_SUFFIX.search(title)
    if suffix and len(suffix.group(1).split()) <= MAX_SUFFIX_WORDS:
        head = title[: suffix.start()].strip()
        if len(head) > 2 * len(suffix.group(1).strip()):
            return head
    return title


def strip_short_affix(title: str) -> str:
    """For a bare <title>: drop a short last part after '|' (or much shorter after ' - ')."""
    parts = _SEPARATORS.split(title)
    if len(parts) < 2:
        return title
    first, last = parts[0].strip(), parts[-1].strip()
    cut = title.rfind(parts[-1])
    strong = any(mark in title[max(0, cut - 3) : cut] for mark in STRONG_MARKS)
    if len(last.split()) <= 4 and (strong or len(first) > 2 * len(last)):
        return title[:cut].rstrip(" |｜ㅣ-–—:·•»_/")
    return title


def choose_title(
    structured: list[tuple[str, str]],
    h1s: list[str],
    html_title: str,
    site_names: list[str],
) -> tuple[str, str]:
    """(title, source): the most trusted structured title an editor wrote, else an h1.

    `structured` holds (text, source) from selectors, JSON-LD and meta tags, most trusted
    first. A structured title that merely copies <title> gives way to one written apart from
    it (see `_not_a_copy`); one that reads as prose gives way to the headline the h1 and
    <title> agree on (`_outvoted`); an h1 equal to the chosen title minus a trailing affix
    trims it.
    Without structured titles, the h1 found in <title> wins; else a headline-sized first h1
    (the printed headline, where <title> holds the search-engine one: `_printed_headline`);
    else <title> minus its affix.
    """
    candidates = [(clean_title(text), source) for text, source in structured if text]
    headings = [clean_title(text) for text in h1s[:MAX_H1S] if text.strip()]
    page_title = clean_title(html_title)
    names = site_names + infer_site_names(page_title, [c for c, _ in candidates] + headings)
    candidates = [(strip_site_names(c, names), s) for c, s in candidates if c]
    headings = [strip_site_names(h, names) for h in headings if not _is_logo(h, names, page_title)]
    if candidates:
        bare_title = strip_short_affix(strip_site_names(page_title, names))
        title, source = _not_a_copy(candidates, bare_title)
        if (title, source) == candidates[0]:
            title, source = _outvoted(candidates, headings, bare_title) or (title, source)
        trimmed = _heading_inside(title, headings)
        if trimmed:
            return trimmed, "h1"
        return strip_site_suffix(title), source
    # Compared with <title> without the site's name: a heading inside that name ('By Ben
    # Thompson' in '<title>It's a Tesla - Stratechery by Ben Thompson') is a widget's.
    best = _agreeing_heading(headings, [strip_site_names(page_title, names)])
    best = best or _printed_headline(headings)
    if best:
        return best, "h1"
    if page_title:
        return strip_short_affix(strip_site_names(page_title, names)), "title"
    return "", ""


MIN_HEADLINE_WORDS = 4
# Chinese, Japanese, Korean: a headline's length counted in characters.
MIN_DENSE_CHARS = 12


def _printed_headline(headings: list[str]) -> str:
    """The page's first h1 when it is of a headline's length, though <title> says otherwise.

    Editors write two headlines: the printed one (h1, and og:title where the page has
    metadata) and one for search engines (<title>). With no metadata the printed one is the
    title. A short h1 ("Regionen", "Latest in Gear") is a section's or a widget's name."""
    first = headings[0] if headings else ""
    if len(first.split()) >= MIN_HEADLINE_WORDS:
        return first
    if len(first) >= MIN_DENSE_CHARS and is_dense_script(first):
        return first
    return ""


_LOGO = re.compile(r"\blogo\b", re.IGNORECASE)


def _is_logo(heading: str, site_names: list[str], page_title: str) -> bool:
    """An h1 that holds the outlet's logo, not a headline: just the site's name, known or
    the shorter last part of <title> ('Rolling Stone' beside '<title>Headline - Rolling
    Stone'), or the word 'logo' ('POLITICO Politico Logo', the logo image's hidden label)."""
    key = title_key(heading)
    if _LOGO.search(heading) or any(key == title_key(name) for name in site_names):
        return True
    parts = [part for part in _SEPARATORS.split(page_title) if part.strip()]
    last = parts[-1] if len(parts) > 1 else ""
    return bool(key) and key == title_key(last) and len(last) < len(page_title) - len(last)


def _outvoted(
    candidates: list[tuple[str, str]], headings: list[str], page_title: str
) -> tuple[str, str] | None:
    """The headline that the h1 and <title> agree on, where the most trusted structured
    title is prose instead: a description put in the headline field (LinkedIn's JSON-LD
    'The Nutrition 2025 meeting hosted annually by ...' above '<h1>5 Trends from Nutrition
    2025', its <title> and og:title). Spelled as a structured title has it where one agrees;
    None where nothing outvotes the first candidate."""
    if candidates[0][1] == "selector":  # the site's own configuration is never outvoted
        return None
    first = title_key(candidates[0][0])
    agreed = title_key(headings[0]) if headings else ""
    if not agreed or agreed == first or title_key(page_title) != agreed:
        return None
    if not _reads_as_prose(candidates[0][0]):
        return None
    for text, source in candidates[1:]:
        if title_key(text) == agreed:
            return text, source
    return headings[0], "h1"


PROSE_WORDS = 25
PROSE_SENTENCE_WORDS = 12


def _reads_as_prose(text: str) -> bool:
    """Whether a title reads as a description: 25 words or more, or 12 or more that end a
    sentence with a full stop (headlines end without one; few two-sentence headlines run
    that long, and only an h1 and <title> agreeing on another one outvote them)."""
    words = len(text.split())
    stripped = text.rstrip()
    sentence = stripped.endswith(".") and not stripped.endswith("..") and stripped[-2:-1].isalpha()
    return words >= PROSE_WORDS or (sentence and words >= PROSE_SENTENCE_WORDS)


def _not_a_copy(candidates: list[tuple[str, str]], page_title: str) -> tuple[str, str]:
    """The most trusted candidate, unless it only copies <title> and another one differs.

    CMSs fill empty headline fields from the document title; a field an editor set apart
    from it (a JSON-LD headline or an og:title of its own) is the written headline.
    """
    first, copied = candidates[0], title_key(page_title)
    if first[1] == "selector" or title_key(first[0]) != copied:
        return first
    for candidate in candidates[1:]:
        text = candidate[0]
        if title_key(text) != copied and not _heading_inside(text, [first[0]]):
            return candidate
    # The same words everywhere: the plainest spelling (no decorative quotes), then the
    # punctuation of the outlet's own <title>.
    return min(candidates, key=lambda c: (_marks(c[0]), c[0] != page_title))


def _marks(text: str) -> int:
    """Punctuation marks in a title: quotes, dashes, colons..."""
    return sum(1 for char in text if unicodedata.category(char).startswith("P"))


def title_key(title: str) -> str:
    """A title reduced to its words for comparison: NFKC, case folded, punctuation dropped."""
    return " ".join(_WORD.findall(unicodedata.normalize("NFKC", title).casefold()))


def _heading_inside(title: str, headings: list[str]) -> str:
    """A heading that is the title minus an affix after a separator ('H1 | Section'), its
    words compared (case, quotes and punctuation aside).

    A part *before* the heading ('Kicker: H1') is kept: outlets that print the kicker
    apart from the h1 still publish it as part of the headline in their metadata. A
    section's name before a bar ('Opinion | H1') is not part of it.
    """
    # Each part before a separator, by its words; spelt as the title has it, since the h1's
    # case or quotes may differ ('history of coffee').
    heads: dict[str, str] = {}
    for cut in _SEPARATORS.finditer(title):
        heads.setdefault(title_key(title[: cut.start()]), title[: cut.start()].strip())
    for heading in headings:
        if not heading or heading == title or len(heading) < 10:
            continue
        head = heads.get(title_key(heading))
        if head:
            return head
        if title.endswith(heading) and _SECTION_LABEL.fullmatch(title[: -len(heading)]):
            return heading
    return ""


# 'Opinion | ': a section's name before a bar, printed apart from the h1.
_SECTION_LABEL = re.compile(r"[^\s|][^|]{0,24}\s[|｜]\s")


def _agreeing_heading(headings: list[str], others: list[str]) -> str:
    others = [o for o in others if o]
    if not others:
        # Nothing to compare with: the longest heading (a logo h1 is the short one).
        return max(headings, key=len, default="")
    scored = [
        (max(1.0 if h.casefold() in o.casefold() else agreement(h, o) for o in others), h)
        for h in headings
        if h
    ]
    agreeing = [(score, h) for score, h in scored if score >= MIN_AGREEMENT]
    if not agreeing:
        return ""
    # First the heading that shares most words with the others: a one-word h1 ('Reviews',
    # a section's) is inside '<title>Headline. Reviews' too. Then the better agreement, then
    # the longer heading: a logo h1 ("Site") is also inside "Headline - Site".
    words = {word for other in others for word in _WORD.findall(other.casefold())}

    def rank(pair: tuple[float, str]) -> tuple[int, float, int]:
        score, heading = pair
        return len(set(_WORD.findall(heading.casefold())) & words), score, len(heading)

    return max(agreeing, key=rank)[1]
