"""Trim what generic extractors leave around a story: headline echo, bylines, related lists."""

from __future__ import annotations

import re
import unicodedata

from crawler.extract.language import dense_script_chars
from crawler.extract.paywall import is_paywall_notice

_SENTENCE_END = tuple('.!?"”’»…。！？」)')
_DATE_SHAPES = re.compile(r"\b\d{1,4}[./-]\d{1,2}[./-]\d{1,4}\b|\b\d{1,2}:\d{2}\b|\d{4}年\d{1,2}月")
_YEAR = re.compile(r"\b(?:19|20)\d{2}\b")
_SHORT_NUMBER = re.compile(r"\b\d{1,2}\b")
_BYLINE_START = re.compile(
    r"^(by|von|par|por|di|door|published|updated|posted|publicado|veröffentlicht|"
    r"publié|aktualisiert|atualizado|written by|photo|foto|image|credit)\b",
    re.IGNORECASE,
)
_BOILERPLATE = re.compile(
    r"(©|\bcopyright\b|all rights reserved|no reproduction without|無断転載|禁止转载|"
    r"click here|sign up|\bsubscribe\b|newsletter|"
    r"follow us|share (this|on)|tell us what|^\W*(?:\d+\s*)?comments?\W*$|^tags?\W*$|^tags:|"
    r"^read (more|also)\b|^see also\b|^related\b|^more (from|on|stories)\b|^advertisement$|"
    r"^【[^】]{0,6}(関連|相关|相關|관련)|(撮影|摄|攝)\s*[)）]?$|"
    r"^photo(s|graph)?:|^image:|^credit:|^source:\s*\S+$|"
    r"^(see more|don'?t miss|must read|also read|watch|listen)\b.{0,80}$|"
    # 'Read more' and 'see also' in the sites' languages; 'MORE: <other story>' (Metro),
    # 'Also on rt.com ...', a sign-up form's thanks.
    r"^(auch interessant|mehr zum thema|lesen sie (auch|mehr)|weiterlesen|lire aussi|"
    r"à lire aussi|lea también|leer más|leggi anche|lees ook|läs (också|mer)|les også|"
    r"læs også|czytaj (więcej|też|także)|читайте также|read next|mehr themen|"
    r"ähnliche artikel|kommentar abgeben|for more stories like this|"
    r"follow \S+ on google news)\b|^more\s*:|^also on \S+\.\w+\b|thanks for signing up|"
    r"like this (story|article)\?|"
    # Where the text came from ('Quelle: ntv.de', 'mit dpa'), a copied link's toast, the
    # end of a paywalled teaser ('Il vous reste 57% de cet article à lire'), an appeal.
    r"^(quelle|fuente|fonte|kilde|källa|bron)\s*:\s*\S+$|"
    r"^(mit|with)\s+(dpa|afp|ap|reuters|kna|epd|sid|apa)$|url.{0,12}(copied|복사)|"
    r"^il vous reste \d|réservée aux abonnés|unterstützen sie uns|um einen kommentar|"
    # A subscription offer's buttons where a teaser stops ('Already have an account? Log
    # in', 'Start your free trial today', 'Cancel at any time').
    r"^already have an account\?|^start (?:your )?(?:free )?trial\b|^cancel (?:at )?any ?time\W*$|"
    r"^get the full story\W*$|"
    r"^(関連キーワード|おすすめ情報)$|"
    # The wire's credits ('Reporting by ...; Editing by ...'), a short source line
    # ('SOURCE: News agencies'), 'Filed under: X', 'Popular on IndieWire'.
    r"^\(?(additional\s+)?reporting\s+(by|from)\b|^(writing|editing)\s+by\b|"
    r"^source\s*:\s*[^.]{1,40}$|^filed under\b|^popular on\b|^explore further$|"
    # The page's widgets talking: 'Sorry! There was an error processing your subscription.'
    r"^(sorry!?|an error (has )?occurred|there was an error|please try again|please wait\W*|"
    r"this is a modal window|loading\W*)$|^(there was an error|an error (has )?occurred)\b|"
    r"(?<![^\s@])[^\s@]+@[^\s@]+\.\w+)",
    re.IGNORECASE,
)
_LIST_HEADER = re.compile(
    r"^(related|read (also|next)|more (from|on|stories|news)|see also|recommended|"
    r"you may also like|you might also like|most (read|popular)|trending|latest|tags?|"
    r"相关新闻|相关阅读|相关报道|更多|推荐阅读)\b\W*$",
    re.IGNORECASE,
)
# 'Tempo de leitura: 2 minutos', '5 min read', 'Lesezeit: 3 Min.': the reading time.
_READING_TIME = re.compile(
    r"^(?:(?:estimated\s+)?read(?:ing)?\s+time|lesezeit|lesedauer|tempo de leitura|"
    r"temps de lecture|tiempo de lectura|tempo di lettura|leestijd|lesetid|lästid|"
    r"czas czytania|время чтения)\s*:?\s*(?:ca\.\s*)?\d+|^\d+\s*(?:min(?:ute)?s?|mins?)\.?\s+"
    r"(?:read|lesezeit|de lecture|de lectura|de leitura|di lettura)\b",
    re.IGNORECASE,
)
# An address printed alone on a line before the story (the page's own, for sharing); after
# it, a link the story gives.
_BARE_URL = re.compile(r"https?://\S+")
MAX_META_WORDS = 14
# Bylines, datelines and boilerplate notes are short: longer lines are story text, and the
# patterns above never see more than this many characters.
MAX_NOTE_CHARS = 400
MAX_NOTE_WORDS = 30


MENU_WORDS = 3
MIN_MENU_RUN = 6


def trim_boilerplate(
    paragraphs: list[str], title: str = "", headlines: tuple[str, ...] = ()
) -> list[str]:
    """The story's paragraphs without the leading headline/byline and trailing lists and
    notes; `headlines` are printed headlines (h1s) echoed like the title."""
    kept = _drop_menu_runs(paragraphs)
    kept = _drop_leading(kept, (title, *headlines))
    topic = _about_newsletters(kept, title)
    kept = _drop_trailing(kept, topic)
    kept = _drop_teaser_run([p for p in kept if not _is_boilerplate(p, topic)])
    return kept if kept else paragraphs


# 'Sign up for our newsletter' is a call to action, unless the story is about newsletters
# ('The newsletter industry has never been healthier'): its title or three of its long
# paragraphs name them.
_NEWSLETTER = re.compile("newsletter", re.IGNORECASE)
MIN_TOPIC_PARAGRAPHS = 3


def _about_newsletters(paragraphs: list[str], title: str) -> bool:
    mentions = sum(1 for p in paragraphs if _words(p) > MAX_NOTE_WORDS and _NEWSLETTER.search(p))
    return mentions >= MIN_TOPIC_PARAGRAPHS or bool(_NEWSLETTER.search(title))


# Teasers of other stories after the article (Taipei Times' 'RISK REMAINS: ... and
# “exercising an') are cut off mid-sentence; a story's own last paragraph may lack a full
# stop, two in a row at the end do not.
_CUT_OFF = re.compile(r"(?:[\w,;:]|…|\.\.\.)$")
MIN_TEASER_CHARS = 80
MIN_TEASER_RUN = 2


def _drop_teaser_run(paragraphs: list[str]) -> list[str]:
    """Without the trailing run of two or more long paragraphs that all stop mid-sentence."""
    end = len(paragraphs)
    while end > 1 and _cut_off(paragraphs[end - 1]):
        end -= 1
    return paragraphs[:end] if len(paragraphs) - end >= MIN_TEASER_RUN else paragraphs


def _cut_off(paragraph: str) -> bool:
    """A long paragraph that stops mid-sentence; list items need no full stop."""
    text = paragraph.rstrip()
    return (
        len(text) >= MIN_TEASER_CHARS and not text.startswith("- ") and bool(_CUT_OFF.search(text))
    )


def _drop_menu_runs(paragraphs: list[str]) -> list[str]:
    """Runs of many one-to-three-word lines are navigation menus, not prose or a list."""
    kept: list[str] = []
    run: list[str] = []
    for paragraph in [*paragraphs, ""]:
        if paragraph and _words(paragraph) <= MENU_WORDS and not paragraph.endswith(_SENTENCE_END):
            run.append(paragraph)
            continue
        if len(run) < MIN_MENU_RUN or _numbered(run) or _code(run):
            kept.extend(run)
        run = []
        if paragraph:
            kept.append(paragraph)
    return kept


_ITEM_NUMBER = re.compile(r"(\d{1,3})[.)]\s")


def _numbered(run: list[str]) -> bool:
    """A ranking ('1. Finland', '2. Norway', ...), numbered in order: a list of the story."""
    numbers = []
    for line in run:
        match = _ITEM_NUMBER.match(line)
        if match is None:
            return False
        numbers.append(int(match[1]))
    return numbers == list(range(numbers[0], numbers[0] + len(numbers)))


# A program's marks; a JSON member ('"city": "Turku",'), a request line ('POST /api HTTP/1.1'),
# a table's rule ('2 │ f') or a contents line's dot leader ('1. Introduction.......2').
_CODE_MARKS = re.compile(
    r'[{}();=\[\]│]|"\s*:|\.{4,}|^\s*(?://|#|<)|^(?:GET|POST|PUT|PATCH|DELETE|HEAD)\s+\S'
)


def _code(run: list[str]) -> bool:
    """Lines of a program ('// switch case', 'case 0:', '}'), half of them with its marks."""
    return 2 * sum(1 for line in run if _CODE_MARKS.search(line)) >= len(run)


def _words(text: str) -> int:
    """Words; Chinese and Japanese, written without spaces or with one between phrases
    ('美樹民宿有開設餐廳 室內簡單佈置提供伙食餐飲'), count one word per three characters."""
    if " " not in text.strip():
        return max(1, len(text) // 3)
    return max(len(text.split()), dense_script_chars(text) // 3)


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).casefold()
    return re.sub(r"\W+", " ", text).strip()


def _is_headline_echo(paragraph: str, title: str) -> bool:
    if not title:
        return False
    line, head = _fold(paragraph), _fold(title)
    return bool(line) and (
        line == head
        or (line in head and len(line) > 0.6 * len(head))
        or (head in line and len(line) < 1.5 * len(head) and not _after_dateline(line, head))
    )


def _after_dateline(line: str, head: str) -> bool:
    """The headline follows a dated opening ('Beijing, April 24 – Title: ...'): story text."""
    return any(ch.isdigit() for ch in line[: line.index(head)])


def _is_meta_line(paragraph: str) -> bool:
    """A short dateline/byline: 'Published: 05/10/2018 - by X', 'By Jane Doe'; a reading
    time ('5 min read')."""
    text = paragraph.strip()
    if _READING_TIME.search(text):
        return True
    if (
        len(paragraph) > MAX_NOTE_CHARS
        or _words(paragraph) > MAX_META_WORDS
        or paragraph.rstrip().endswith(("?", "!"))
    ):
        return False
    return bool(_BYLINE_START.search(text)) or (
        _date_like(paragraph)
        and not paragraph.rstrip().endswith(_SENTENCE_END[1:])
        and _words(paragraph) <= 10
    )


def _date_like(text: str) -> bool:
    """A date shape, or a year followed on its line by a day-sized number ('May 5, 2025 | 3').

    Two searches per line instead of `year.*number`, which backtracks once per year (linear).
    """
    if _DATE_SHAPES.search(text):
        return True
    for line in text.split("\n"):
        year = _YEAR.search(line)
        if year and _SHORT_NUMBER.search(line, year.end()):
            return True
    return False


def _is_boilerplate(paragraph: str, about_newsletters: bool = False) -> bool:
    if len(paragraph) > MAX_NOTE_CHARS or _words(paragraph) > MAX_NOTE_WORDS:
        return False
    text = paragraph.strip()
    if about_newsletters:
        text = _NEWSLETTER.sub(" ", text)  # the story's subject, not a call to action
    return bool(_BOILERPLATE.search(text)) or is_paywall_notice(text)


def _drop_leading(paragraphs: list[str], titles: tuple[str, ...]) -> list[str]:
    start = 0
    while start < min(len(paragraphs) - 1, 3):
        paragraph = paragraphs[start]
        if _is_echo(paragraph, titles) or _is_meta_line(paragraph) or _is_address(paragraph):
            start += 1
        elif _is_kicker(paragraph) and _is_echo(paragraphs[start + 1], titles):
            start += 2  # 'immunology' above the headline: the section's label
        else:
            break
    return paragraphs[start:]


def _is_address(paragraph: str) -> bool:
    return bool(_BARE_URL.fullmatch(paragraph.strip()))


def _is_echo(paragraph: str, titles: tuple[str, ...]) -> bool:
    return any(_is_headline_echo(paragraph, title) for title in titles)


MAX_KICKER_WORDS = 4


def _is_kicker(paragraph: str) -> bool:
    """A label of a few words with no sentence end ('immunology', 'GIRLS BASKETBALL')."""
    return _words(paragraph) <= MAX_KICKER_WORDS and not paragraph.rstrip().endswith(_SENTENCE_END)


def _drop_trailing(paragraphs: list[str], about_newsletters: bool = False) -> list[str]:
    end = len(paragraphs)
    for index in range(max(1, len(paragraphs) - 12), len(paragraphs)):
        if len(paragraphs[index]) <= MAX_NOTE_CHARS and _LIST_HEADER.match(
            paragraphs[index].strip()
        ):
            end = index
            break
    while end > 1 and (
        _is_boilerplate(paragraphs[end - 1], about_newsletters)
        or _is_meta_line(paragraphs[end - 1])
    ):
        end -= 1
    return paragraphs[:end]
