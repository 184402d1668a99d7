"""Clean author names: real people or agencies, no 'By', roles, e-mails, joined names or repeats."""

from __future__ import annotations

import re
import unicodedata

from crawler.extract.job_titles import (
    JOB_AT,
    ends_with_job_title,
    without_job_places,
    without_posting,
    without_trailing_job,
)
from crawler.extract.language import is_dense_script
from crawler.extract.textnorm import clean_text, domain_key, letters_key, unquoted

_BY = re.compile(
    r"^\s*(?:(?:essay|analysis|analyse|interview|commentary|kommentar|review|column|"
    r"kolumne|reportage|report|story|text|words|written|posted|reported|authored|recipe)"
    r"\s+(?=by|von|par))?"
    r"(?:(?:by|von|par|por|di|door|av|от|quelle|source|作者|记者|文)\s*[:：]?"
    # 'Author: Jane Doe', 'Autorin: Anna Weber': the label with its colon
    r"|(?:authors?|autor(?:in|en|es)?|auteur|autor[ei]|автор)\s*[:：])(?:\s+|$)",
    re.IGNORECASE,
)
# Patterns with a leading '\s*' start only where a run of spaces starts ((?<!\s)): tried
# from every position inside a long run, they would rescan it each time (quadratic).
# The one-letter conjunctions ('y', 'e') only in lower case and not before a dot: 'Laura E.
# Adkins' and 'Y. Zhang' hold initials.
_SPLIT = re.compile(
    r"(?<!\s)\s*(?:,|;|\||/|&|\band\b|\bund\b|\bet\b|(?-i:\b[ye]\b)(?!\.)|\bog\b|\boch\b|"
    r"\ben\b|、|，|和)\s*",
    re.IGNORECASE,
)
_SPLIT_KEEPING = re.compile(f"({_SPLIT.pattern})", re.IGNORECASE)  # the separators kept
# 'Jane Doe — The Daily Ledger', 'Pete Evans · CBC News · Posted: ...': the first spaced
# dash or dot after a name of two words or more starts the outlet's (or desk's) name and
# what follows it, not another author.
_TRAILING_CREDIT = re.compile(r"(?<=\w)\s+[—–·•-]\s.*$")
# 'Jacob Trussell —10 min read', 'Mary Jones · 3 minute read': the reading time printed
# after the name.
_TRAILING_READING_TIME = re.compile(
    r"(?<=\w)\s*[—–·•|-]?\s*\d+\s*(?:min(?:ute)?s?|mins?)\.?\s+read\b.*$",
    re.IGNORECASE,
)
# 'Heard on All Things Considered By Sergio Martínez-Beltrán', 'Cite this Webpage By
# Melanie Hanson': the words before a capitalised 'By' inside a byline name no author.
_LEADING_WORDS_BY = re.compile(r"^(?:\S+\s+){1,6}?(?-i:By)\s+(?=[A-Z])")
# 'About Peter Bell', 'More articles by Peter Bell', 'See more from Zander Dejah': an author
# box's heading and its links, the name after the label (see _without_link_label).
_LEADING_LINK_LABEL = re.compile(
    r"^(?:about|meet|(?:(?:see|view|read)\s+)?(?:all\s+|more\s+)+"
    r"(?:(?:articles|posts|stories|content)\s+)?(?:by|from)"
    r"|(?:(?:see|view|read)\s+)?(?:articles|posts|stories|content)\s+(?:by|from))\s+",
    re.IGNORECASE,
)
_CODE_SUFFIX = re.compile(r"(?<!\s)\s*\(\w{1,6}\.?\)$")
_TITLE_SUFFIX = re.compile(r"(?<!\s)\s*(기자|특파원|記者|特派員|记者)$")
# Chinese bylines: '記者林宸誼／即時報導', '本报记者 李四', '文／記者王小明',
# '（记者宋晨、田中全）'.
# The reporter's title comes before the name (after the outlet's, at times: '中央社記者'), a
# credit ('文／', text by) before that, and the place or kind of the report after it.
_CJK_BRACKETED = re.compile(r"[（〔]([^（）〔〕]+)[）〕]")
_CJK_CREDIT = re.compile(r"^(?:文|圖|图|撰文|採訪|采访|整理)\s*[／/:：]\s*")
_CJK_DATELINE = re.compile(
    r"(?<!\s)(?:\s*[／/]\s*[^／/\s]{1,8}(?:報導|報道|报道|電|电)|\s+(?:報導|報道|报道))$"
)
# '聯合報記者林宸誼', '聯合報 記者林宸誼': the outlet's short name and the reporter's title.
_CJK_REPORTER = re.compile(
    r"^(?:[^\s、，,]{1,4}\s?)??(?:實習|实习|特派|特約|特约)?(?:記者|记者)\s*(?=\S)"
)
# From a token's start only: '\S+@' tried at every position of a long token is quadratic.
_EMAIL = re.compile(r"(?<!\S)\S+@\S+")
# Longer author fields are debris (a whole page in a meta tag); 100 names fit easily.
MAX_AUTHOR_FIELD_CHARS = 2000
# A profile slug such as 'chuck-ross' given as the author's name.
# Both are used with fullmatch; the lookbehinds keep a search linear too (no start inside a word).
_SLUG = re.compile(r"(?<![a-z])[a-z]{2,}(-[a-z]){0,2}(-[a-z]{2,}){1,3}")
_DOMAIN = re.compile(r"(?<![\w.-])[\w-]+(\.[\w-]+)*\.[a-z]{2,6}", re.IGNORECASE)
_DOTTED = re.compile(r"(?<![\w.-])[\w-]+(\.[\w-]+)+")
_NOT_NAMES = re.compile(
    r"^(email|e-mail|contact|follow|twitter|facebook|staff|admin|editor|editors|reporter|"
    r"correspondent|author|autor|autorin|autoren|auteur|autore|autori|autores|автор|авторы|"
    r"published|updated|last updated|last modified|the author|"
    r"publicado|publié|veröffentlicht|pubblicato|gepubliceerd|"
    r"actualizado|aktualisiert|aggiornato|atualizado|mis à jour|bijgewerkt|oppdatert|"
    r"uppdaterad|opdateret|zaktualizowano|"
    r"opublikowano|read more|more by|more from|share|news desk|press release|"
    r"bio|see full bio|full bio|get author rss|rss|watch live|subscribe|"
    r"connect directly|comment now|comments?|link copied|log ?in|sign in|news|"
    # 'News' in the sites' languages: a section's name in the author field (Wochenblatt's
    # JSON-LD 'Nachrichten').
    r"nachrichten|noticias|notícias|nouvelles|notizie|nieuws|nyheter|nyheder|uutiset|"
    r"wiadomości|zprávy|новости|haberler|"
    r"iniciar sesi[oó]n|anmelden|einloggen|se connecter|connexion|accedi|inloggen|zaloguj|"
    r"guest|anonymous|anonym|unknown|webmaster|administrator|moderator|null|none|undefined|"
    r"the associated press staff|image|images|photo|photos|getty|istock\w*|shutterstock|"
    r"reuters pictures|afp photo|"
    # Share and follow buttons beside a byline ('Bookmark', 'WhatsApp', 'Telegram').
    r"whats ?app|telegram|linkedin|reddit|pinterest|tumblr|flipboard|instagram|tiktok|"
    r"youtube|threads|bluesky|mastodon|snapchat|bookmark|copied|"
    r"sign up|print|save|saved|medium|substack|discord|twitch|patreon|spotify|"
    # Links beside a byline, and a credit that names a reviewer or an editor, not an author.
    r"about the author|view|learn more|insights from|more posts|"
    # A reading time's label beside the byline ('Daniel Rodriguez | Reading Time: 6 min').
    r"read(?:ing)? time|lesezeit|temps de lecture|tiempo de lectura|tempo di lettura|"
    r"(?:medically\s+)?reviewed by|fact[- ]checked by|edited by|"
    # A scientific paper's mark, and a paid post's (Substack's "∙ Paid") beside its byline.
    r"corresponding author|paid|"
    # A site's links beside an author box ('Related Topics', 'Advertiser Disclosure', an
    # article's edit 'History'), and its legal ones.
    r"related topics|advertiser disclosure|disclosure|disclaimer|history|privacy policy|"
    r"privacy|terms|terms of (?:use|service)|"
    r"co[- ]?authors|authors of this article|"
    # The site builder's credit in a footer ('Government Websites by CivicPlus'). A
    # sponsor's ('Sponsored by StackCommerce') stays: it names who wrote a paid post.
    r"powered by|(?:[\w ]+ )?websites? by|site by)\b|"
    # A follow link ('… Learning Network on Facebook'); a blog's comment and view counters
    # beside its byline ('留言', '人氣').
    r"\son (?:facebook|twitter|x|instagram|linkedin|youtube|tiktok|threads|bluesky)$|"
    # A newsroom's tip line beside the byline ('Tip us', Nettavisen's 'Tips meg').
    r"^(?:tip us|send us a tip|tips meg|tipsa oss)$|"
    # The outlet's editorial rules, linked beside the byline ("Brides's Editorial Guidelines").
    r"\beditorial (?:guidelines|policy|policies|process|standards)\b|"
    r"^(?:留言|評論|评论|人氣|人气|分享)$|"
    r"^(agenturen|agencies|agences|agencias|agenzie|redaktion)$|"
    # A site's contact lines in an <address> ('地址：台北市…', '電話：+886 …', 'Fax: …').
    r"^(?:address|phone|tel|telephone|fax|地址|電話|电话|傳真|传真|住所)\s*[:：]|"
    r"筆者|https?://|^\W*$|\(|\)",
    re.IGNORECASE,
)
_ROLE = re.compile(
    r"(?<!\s)\s*[,(|–—-]\s*(?:(senior|chief|staff|political|economics|business|foreign|"
    r"science|special|global|china|us|europe)\s*)?(writer|reporter|correspondent|editor|"
    r"contributor|columnist|analyst|journalist)\b.*$",
    re.IGNORECASE,
)


# 'Laura Adkins is Opinion Editor of the Forward', 'Die Autorin ist ...': a verb makes an
# author note, not a name; 'TheUSofA wrote:' quotes a reader in the comments.
_SENTENCE = re.compile(r"(?-i:\s(is|was|ist|war|est|était|es|era|è|är|er)\s)|\swrote:?$")
# 'Abigail Williams and Beomsu Jo contributed.': a credit for help, under the byline.
_CONTRIBUTED = re.compile(r"\scontributed(?:\s+(?:to|reporting|research)\b.*|\.)?$", re.I)
# ', and Tom Watkins': the comma's split leaves the conjunction of an Oxford comma behind.
_LEADING_CONJUNCTION = re.compile(r"(?:and|und|et|og|och)\s+(?=\w)", re.IGNORECASE)
# 'Brenda Goodman, MA', 'Ben Silverman' + 'Games Editor': a degree or a job title in its own
# element or after a comma is split off as if it were another author.
_CREDENTIALS = frozenset(
    {"ma", "ms", "msc", "md", "phd", "mph", "mba", "rn", "jd", "dds", "dvm", "pharmd", "bsc"}
    # medicine, nursing, nutrition, psychology, law and finance's post-nominal letters
    | {"mbbs", "mbchb", "mrcgp", "mrcp", "frcp", "frcs", "frcpc", "facp", "facs", "faap"}
    | {"facog", "dnp", "msn", "bsn", "aprn", "fnp", "np", "lpn", "cnm", "ibclc", "rd", "rdn"}
    | {"ld", "ldn", "cde", "cdces", "psyd", "edd", "lcsw", "lmft", "lpc", "dpt", "cpa", "cfa"}
    | {"cfp", "esq", "llm", "ba", "bs", "med"}
)
MIN_PHRASE_WORDS = 3


def clean_authors(
    raw_names: list[str],
    site_names: list[str] | tuple[str, ...] = (),
    handles: bool = False,
    lower_names: bool = False,
) -> list[str]:
    """Split, strip and de-duplicate author names, keeping their first-seen order.

    The outlet's own name counts only when it is the whole byline (many sites add it to the
    meta author beside the reporters). ``handles`` also keeps a lone lower-case user name
    ('programmerguru'), which is debris in a byline but a site's choice in its metadata;
    with ``lower_names`` too, a name written all in lower case ('joshua becker': a byline's
    lower-case words are a sentence's or a menu's, the metadata's a name).
    """
    names: list[str] = []
    seen: set[str] = set()
    outlet = frozenset(name.casefold() for name in site_names if name)
    for raw in _without_checkers(raw_names):
        for name in _split(raw, outlet, handles, lower_names):
            key = name.casefold()
            if key not in seen:
                seen.add(key)
                names.append(name)
    # A label beside a name is the name's title or a link's text; alone it is the credit
    # the outlet gives ('Guardian staff reporter').
    names = _without_pieces(names)
    names = [name for name in names if not _is_label(name)] or names
    people = [
        name for name in names if name.casefold() not in outlet and not _LEGAL_FORM.search(name)
    ]
    kept = people or names
    return [] if _menu(kept) else kept


# Five or more one-word names are a site's menu taken for a byline ('Hubs, Galleries,
# Videos, Podcasts, Authors, FAQ'); a newsroom's initials run to three ('srf/hosb, kesm'),
# and a Korean name is one word of a dense script.
MIN_MENU_WORDS = 5


def _menu(names: list[str]) -> bool:
    return len(names) >= MIN_MENU_WORDS and not any(
        " " in name or is_dense_script(name) for name in names
    )


# 'Fact Checked By' in an element of its own, before the checker's name in the next one.
_CHECKER_LABEL = re.compile(
    r"(?:medically\s+)?(?:reviewed|fact[- ]?checked|edited|verified)\s+by\s*:?", re.IGNORECASE
)


def _without_checkers(raw_names: list[str]) -> list[str]:
    """A byline's parts without a reviewer's or checker's credit: the label, and the name
    after it wherever it stands ('Written By', 'Stephen Jesudunsin', 'Fact Checked By',
    'Chukwuezugo Aronu', and the checker's card again further on)."""
    labels = [i for i, raw in enumerate(raw_names) if _CHECKER_LABEL.fullmatch(raw.strip())]
    if not labels:
        return raw_names
    checkers = {" ".join(raw_names[i + 1].split()) for i in labels if i + 1 < len(raw_names)}
    return [
        raw
        for i, raw in enumerate(raw_names)
        if i not in labels and " ".join(raw.split()) not in checkers
    ]


# 'mediagene Inc', 'Frankfurter Allgemeine Zeitung GmbH': a company, not a writer; it stays
# only when no person is named.
_LEGAL_FORM = re.compile(
    r"\s(?:Inc\.?|INC\.?|Ltd\.?|LTD\.?|LLC|GmbH|AG|Corp\.?|Co\.|PLC|plc|S\.A\.?|SA|S\.L\.?|"
    r"S\.p\.A\.?|B\.V\.?|N\.V\.?|K\.K\.?|eG)$|株式会社|有限公司"
)


def _without_pieces(names: list[str]) -> list[str]:
    """A byline element and its children give the same name twice, whole and in pieces:
    'Holger Zschäpitz Leitender Wirtschaftsredakteur' beside the title alone, 'Martin
    Gramnæs' beside 'Martin' and 'Gramnæs'. The title goes from the whole, and a lone word
    of another name is no name of its own (a news agency's short name aside), nor are its
    initials or its shortened form."""
    labels = [name for name in names if _is_label(name)]
    trimmed: list[str] = []
    for name in names:
        for label in labels:
            if name.endswith(" " + label):
                name = name[: -len(label) - 1]
        if name.casefold() not in (kept.casefold() for kept in trimmed):
            trimmed.append(name)
    words_of_names = {
        word.casefold() for name in trimmed if len(name.split()) > 1 for word in name.split()
    }
    pieces = {
        name
        for name in trimmed
        if " " not in name
        and name.casefold() in words_of_names
        and name.casefold() not in NEWS_AGENCIES
    }
    return [
        name
        for name in trimmed
        if name not in pieces and not any(_shortened(name, other) for other in trimmed)
    ]


def _shortened(short: str, name: str) -> bool:
    """'CM' or 'C. M.' for 'Craig McCarthy', 'Scott P' for 'Scott Pletcher': another name's
    initials, or that name with its last word cut short, as a page signs with it again."""
    words, short_words = name.split(), short.replace(".", " ").split()
    if short == name or len(words) < 2 or not short_words or short.casefold() in NEWS_AGENCIES:
        return False  # 'AP' beside Amy Peterson is the agency's credit
    letters = "".join(short_words)
    if len(letters) == len(words) and letters.isupper():
        return letters == "".join(word[0] for word in words).upper()
    return (
        len(short_words) == len(words)
        and short_words[:-1] == words[:-1]
        and len(short_words[-1]) < len(words[-1])
        and words[-1].startswith(short_words[-1])
    )


# 'Gillman, Steve', 'Jong, Michiel de', 'Markus, H.': a surname (with its particle) before a
# comma and a given name with initials or particles after it, as library catalogues write
# names (Dublin Core, Parse.ly, Google Scholar's citation_author).
_REVERSED = re.compile(
    r"(?P<last>(?:(?-i:[a-z]{1,3})\s+){0,2}[^\W\d_][\w'’-]+)\s*,\s*"
    r"(?P<first>[^\W\d_][\w'’-]*\.?(?:\s+(?:[^\W\d_]\.|(?-i:[a-z]{1,3})(?=\s|$)))*)"
)


def _unreversed(text: str) -> str:
    """'Gillman, Steve' as 'Steve Gillman'; any other text as it is.

    Both sides must be capitalised words that are no news agency ('Reuters, AFP' is two
    credits), and the given name a single word: 'Ann Lee, Bo Chen' is two people.
    """
    match = _REVERSED.fullmatch(text)
    if not match:
        return text
    last, first = match["last"], match["first"]
    surname, given = last.split()[-1], first.split()[0]
    if not (surname[0].isupper() and given[0].isupper()):
        return text
    if {surname.casefold(), given.casefold()} & NEWS_AGENCIES:
        return text
    return f"{first} {last}"


_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
# 'Chris Mellor Tue 3 May 2016', 'Melanie Wassink, Fr, 12.05.2020': the weekday goes too.
_WEEKDAY = (
    r"(?:(?:mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?\.?|"
    r"(?-i:Mo|Di|Mi|Do|Fr|Sa|So)\.?)"
)
# 'on' or 'at' before the date: 'Jane Doe on March 3, 2024', 'David at December 16, 2025'.
_DATED = (
    r"(?:(?:on|at|(?:(?:last\s+)?updated|published|posted)(?:\s+(?:on|at))?)\s*:?\s+)?"
    rf"(?:{_WEEKDAY},?\s+)?(?:"
    rf"{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}|"
    rf"\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH},?\s+\d{{4}}|"
    r"\d{1,2}[./]\d{1,2}[./]\d{4}|\d{4}-\d{2}-\d{2})\b"
)
# 'By Laura E. Adkins December 28, 2016', 'By Meg Wagner Dec 16, 2016 at 1:38 pm': a byline
# element that also holds the date; the date and all after it go. An element that holds
# only a dated label ('Last Updated: January 7, 2025') goes whole.
_TRAILING_DATE = re.compile(r"(?<!\s)\s+" + _DATED + r".*$", re.IGNORECASE)
# '10 Jun 2025 | Rasmus Larsen |': a date before the names goes with its separator only,
# and with its time ('October 17, 2023 6:01 PM ET Heard on ... By Sergio Martínez-Beltrán').
_TIME = (
    r"(?:,?\s+(?:at\s+)?\d{1,2}[:.]\d{2}(?:\s*(?:[ap]\.?m\.?|uhr|h))?"
    r"(?:\s+(?-i:[A-Z]{2,4})\b)?)?"  # 'ET', 'CEST'
)
_LEADING_DATE = re.compile(
    "^" + _DATED + _TIME + r"(?:(?:\s*[|·•,;–—-])+\s*|\s+(?=\S)|.*$)", re.IGNORECASE
)


MIN_CAPITALS_WORDS = 2


def _without_capitals(text: str) -> str:
    """'Meg Wagner NEW YORK DAILY NEWS' as 'Meg Wagner': a name in mixed case and then, in
    capitals, the outlet it wrote for. All-capitals names ('JOE HILDEBRAND') stay."""
    words = text.split()
    caps = 0
    while caps < len(words) and len(words[-1 - caps]) > 1 and words[-1 - caps].isupper():
        caps += 1
    name = words[: len(words) - caps]
    if caps < MIN_CAPITALS_WORDS or len(name) < MIN_CAPITALS_WORDS:
        return text
    if all(word[0].isupper() and (not word.isupper() or word.endswith(".")) for word in name):
        return " ".join(name)
    return text


# A template's unfilled placeholder, 'page.head.extra.author': four dotted words or more, the
# last no country or short top-level domain ('news.bbc.co.uk' is an outlet's address).
_PLACEHOLDER = re.compile(r"[a-z_]+(?:\.[a-z_]+){2,}\.[a-z_]{4,}")
_TRAILING_NOTE = re.compile(r"(?<=\w)\s*[(（][^()（）]{3,}[)）]$")


def _split(
    raw: str,
    outlets: frozenset[str] = frozenset(),
    handles: bool = False,
    lower_names: bool = False,
) -> list[str]:
    # clean_text: a zero-width space or joiner between the words is no part of a name
    words = map(_symbol_as_separator, clean_text(raw[:MAX_AUTHOR_FIELD_CHARS]).split())
    text = _EMAIL.sub(" ", " ".join(words))
    label = _BY.match(text)
    fields = label is not None and any(colon in label[0] for colon in ":：")
    text = text[label.end() :] if label else text
    text = _TRAILING_DATE.sub("", _LEADING_DATE.sub("", text, count=1))
    text = _unreversed(_without_capitals(text))
    if _SLUG.fullmatch(text):
        # 'william-k-rashbaum': a one-letter part is an initial.
        return [" ".join(w + "." if len(w) == 1 else w for w in text.title().split("-"))]
    if _PLACEHOLDER.fullmatch(text):
        return []
    if text.casefold() in outlets or _DOMAIN.fullmatch(text):
        return [text]
    if _SENTENCE.search(text) or _CONTRIBUTED.search(text):
        # 'Die Autorin ist Wissenschaftsautorin in Washington, USA.'
        return []
    # '[田中宏昌，ITmedia]', 'Cécile Ducourtieux (Bruxelles, bureau européen)': brackets
    # around the byline go, and so does a note in brackets after it.
    text = _TRAILING_NOTE.sub("", unquoted(text).strip("[]【】《》"))
    text = _without_cjk_credits(text)
    text = _BY.sub("", text)
    text = _WITH_AGENCIES.sub("", _ROLE.sub("", text))
    text = _LEADING_WORDS_BY.sub("", _TRAILING_READING_TIME.sub("", text), count=1)
    text = _without_link_label(text)
    text = without_trailing_job(without_posting(text))
    text = _NEXT_FIELD.sub("", text) if fields else text
    text = _TRAILING_LABEL.sub("", _REACH_AT.sub("", text))
    credit = _TRAILING_CREDIT.search(text)
    if credit and " " in text[: credit.start()].strip():
        text = text[: credit.start()]
    return _names_in(text, handles, lower_names)


def _without_cjk_credits(text: str) -> str:
    """A Chinese byline without its brackets, its credit and its dateline: the names and
    their reporters' titles ('記者林宸誼', each part loses its title in _names_in)."""
    bracketed = _CJK_BRACKETED.fullmatch(text)
    text = bracketed.group(1) if bracketed else text
    return _CJK_DATELINE.sub("", _CJK_CREDIT.sub("", text, count=1))


def _without_link_label(text: str) -> str:
    """The name an author box's label or link stands before ('About Peter Bell'); nothing
    for the box of a page about its owners ('About Us', 'About Me')."""
    label = _LEADING_LINK_LABEL.match(text)
    if label is None:
        return text
    name = text[label.end() :]
    return "" if name.casefold() in _PRONOUNS else name


_PRONOUNS = frozenset(("us", "me", "him", "her", "them", "you"))


def _symbol_as_separator(word: str) -> str:
    """A symbol standing alone between a byline's words ('✉ Aditya Mahindru ✉ Corresponding
    author', Substack's '∙ Paid') separates them, like '|'; a word keeps its own ('CFP®')."""
    return "|" if len(word) == 1 and unicodedata.category(word).startswith("S") else word


# 'Lauren Saria can be reached at lsaria@...': the contact line after a name (the address
# itself is gone with _EMAIL).
_REACH_AT = re.compile(r"\s+(?:can|may)\s+be\s+(?:reached|contacted)\b.*$", re.IGNORECASE)


# 'Author: Alec Sills-Trausch Expertise: Hiking, Backpacking, Photography': an author box
# of labelled fields; after an author's field the next label opens another field, not more
# names. Only there (after `_BY`'s label with its colon): in running text a colon parts a
# headline ('Licensing for AI Training:').
_NEXT_FIELD = re.compile(r"(?<=\w)\s+[A-Z][a-z]+\s?:\s.*$")


# 'Reyan Perumal Published', 'Jane Doe Last updated:': the label of a date that follows the
# name, its date gone with _TRAILING_DATE or printed apart ('Last Updated' alone is no name).
# An editor's or reviewer's credit after the author's name is no author's.
_TRAILING_LABEL = re.compile(
    r"(?<=\w)(?<!last)\s+(?:published|updated|last\s+updated|posted|modified)\s*:?$"
    # 'Rob Ewaschuk Edited by Betsy Beyer': the editor's credit after the author's name
    r"|(?<!medically)\s+(?:edited|reviewed|fact[- ]checked)\s+by\s.*$"
    # 'Melanie Hanson Fact Checked': the mark of a checked article after the name
    r"|\s+(?:fact[- ]checked|verified|reviewed)$"
    # 'Niko Matsakis on behalf of Vision Doc group': whom the writer speaks for
    r"|(?<=\w)\s+on\s+behalf\s+of\s.*$"
    # 'Jane Doe Follow', 'Andy宋 关注': a follow button's text after the name
    r"|(?<=\w)\s+(?:follow|folgen|suivre|seguir|volgen|obserwuj|关注|關注|フォロー)$",
    re.IGNORECASE,
)


# 'Dolores Chang For Dailymail.Com', 'Jane Doe for The Guardian': whom a writer wrote for,
# capitalised words after 'for' ending the name (case-sensitive: 'for' before lower-case
# words is a sentence's).
_FOR_OUTLET = re.compile(
    r"(?<=\w)\s+[Ff]or\s+(?:[Tt]he\s+)?[A-Z][\w.'&-]*(?:\s+[A-Z][\w.'&-]*){0,3}$"
)
# The words that head an organisation's name, which goes on after 'for' ('Center for Drug
# Evaluation', 'Organization for Transformative Works').
_ORGANISATION_HEADS = frozenset(
    {
        "center", "centre", "institute", "organization", "organisation", "committee",
        "council", "foundation", "society", "association", "alliance", "coalition", "office",
        "department", "agency", "commission", "bureau", "campaign", "network", "fund",
        "union", "project", "initiative", "partnership", "federation", "league", "board",
        "school", "college", "university", "academy", "museum",
    }
)  # fmt: skip


def _without_outlet(part: str) -> str:
    """A name without the outlet it was written for, after a person's name of two words
    or more; an organisation's name keeps its 'for'."""
    cut = _FOR_OUTLET.search(part)
    if cut is None:
        return part
    before = part[: cut.start()].split()
    if len(before) < 2 or any(word.casefold() in _ORGANISATION_HEADS for word in before):
        return part
    return part[: cut.start()]


# Punctuation around a name: separators, and a link's arrow ('More from Jessie Festa →').
_AROUND_NAMES = " .:-–—·•|+→←»«›‹"
# 'Ein Interview von', 'Deal Professor By': the words before a byline's names.
_ENDS_WITH_BY = re.compile(r"\s(?:by|von|par|por|door|av)$", re.IGNORECASE)


def _names_in(byline: str, handles: bool = False, lower_names: bool = False) -> list[str]:
    """The names of one cleaned byline, split at commas, 'and', '&', '/'..., up to the first
    job title after a name."""
    parts: list[str] = []
    for part in without_job_places(_SPLIT_KEEPING.split(byline)):
        part = _TITLE_SUFFIX.sub("", _CODE_SUFFIX.sub("", _BY.sub("", part)))
        part = _without_outlet(part).strip(_AROUND_NAMES)
        part = _CJK_REPORTER.sub("", part, count=1) if "记" in part or "記" in part else part
        part = (
            _LEADING_CONJUNCTION.sub("", part, count=1)
            if _LEADING_CONJUNCTION.match(part)
            else part
        )
        if parts and (ends_with_job_title(part) or JOB_AT.search(part)):
            # 'Daniel Kahn Gillmor, Senior Staff Technologist, ACLU Speech, Privacy, and
            # Technology Project': what follows a job title after a name describes the job
            break
        if (
            2 <= len(part) <= 60
            and not _NOT_NAMES.search(part)
            and not _ENDS_WITH_BY.search(part)
            and (_looks_like_name(part) or (handles and _written_as_handle(part, lower_names)))
        ):
            parts.append(part)
    return parts


def _is_label(part: str) -> bool:
    """A degree ('MA'), a job title ('Games Editor') or a phrase of running text ('Aller sur
    la page de ce journaliste'): more lowercase words than capitalised ones."""
    if part.casefold().replace(".", "") in _CREDENTIALS or ends_with_job_title(part):
        return True
    if " " in part and ends_with_job_title(part.split()[0]):
        return True  # 'Korrespondent in Frankfurt', 'Redakteurin für Wirtschaft'
    if JOB_AT.search(part):
        return True  # 'West Coast Editor For Dailymail.com', 'Senior Reporter at Vox'
    words = part.split()
    lower = sum(1 for w in words if w[0].islower())
    upper = sum(1 for w in words if w[0].isupper())
    return len(words) >= MIN_PHRASE_WORDS and lower > upper


# Wire services whose short name is a byline of its own, often written in lower case.
NEWS_AGENCIES = frozenset(
    {
        "dpa",
        "afp",
        "ap",
        "reuters",
        "apa",
        "kna",
        "epd",
        "sid",
        "ansa",
        "efe",
        "anp",
        "ats",
        "belga",
        "tass",
        "ria",
        "xinhua",
        "kyodo",
        "yonhap",
        "pti",
        "ians",
        "aap",
        "ddp",
        "dts",
    }
)


# 'Diana Resnik mit AP', 'Euronews with Agencies', 'Par Anne Dupont avec AFP': the wire
# services whose copy the writer used, credited after the names.
_AGENCY = r"(?:(?:the\s+)?(?:agencies|agenturen|agences|agencias|agenzie|wires)|{})\b".format(
    "|".join(sorted(NEWS_AGENCIES))
)
_WITH_AGENCIES = re.compile(
    rf"(?<=\w)\s+(?:with|mit|avec|con|com|med)\s+{_AGENCY}(?:\s*(?:,|&|and|und|et|y)\s*{_AGENCY})*"
    r"\s*$",
    re.IGNORECASE,
)
_HANDLE = re.compile(r"[a-z][a-z0-9_.]{2,29}")
# 'joshua becker', 'kirstin boatto': a name a site's metadata writes in lower case, two or
# three words of letters (kept as written, like a name in capitals).
_LOWER_NAME = re.compile(r"[^\W\d_]{2,}(?:[ '-][^\W\d_]{2,}){1,2}")


def _written_as_handle(part: str, lower_names: bool) -> bool:
    """A user name, or (``lower_names``) a full name written in lower case."""
    if _HANDLE.fullmatch(part):
        return True
    return lower_names and part.islower() and bool(_LOWER_NAME.fullmatch(part))


_LEADING_PREPOSITION = re.compile(r"(?:on|at|in|for|from|via|with)\s", re.ASCII)


def _looks_like_name(part: str) -> bool:
    """Names have a capital where the script has case (news agencies such as 'dpa' aside);
    a lone lowercase word is debris."""
    if part.casefold() in NEWS_AGENCIES:
        return True
    if any(ch in "*:@#|" for ch in part) or re.search(r"(?<!\w)\d", part):
        return False
    if _LEADING_PREPOSITION.match(part):  # 'on Deadspin': a network's link, 'at MSA Models'
        return False
    cased = [ch for ch in part if ch.isupper() or ch.islower()]
    return not cased or any(ch.isupper() for ch in cased)


def is_outlet_name(name: str, site_names: list[str] | tuple[str, ...] = ()) -> bool:
    """True for an organisation rather than a person: the outlet: its site name, a regional
    desk such as 'MDR THÜRINGEN', the site name without its legal form, or a domain like
    'ndr.de'."""
    folded = name.casefold()
    if any(
        folded == site.casefold()
        or folded in site.casefold().split(" | ")
        or folded.startswith(site.casefold() + " ")
        or site.casefold().startswith(folded + " ")  # 'Krautreporter' of 'Krautreporter eG'
        for site in site_names
        if site
    ):
        return True
    if name.isupper() and any(folded in _initials(site) for site in site_names if site):
        return True  # 'LTO' of 'Legal Tribune Online'
    # One word that spells the site's host: 'CNN' on cnn.com. Two are a person's name on a
    # personal site ('Sahil Bloom' on sahilbloom.com).
    if " " not in name.strip() and any(
        letters_key(name) == domain_key(site) for site in site_names if site
    ):
        return True
    return bool(_DOTTED.fullmatch(folded))


def _initials(site_name: str) -> tuple[str, ...]:
    """A site name's initials, with and without a leading article ('tpn', 'pn')."""
    words = [word for word in re.split(r"[\s-]+", site_name.casefold()) if word[:1].isalpha()]
    if len(words) < 2:
        return ()
    return ("".join(w[0] for w in words), "".join(w[0] for w in words[1:]))
