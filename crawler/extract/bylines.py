"""Find the visible byline of a page: marked author elements, byline classes (an author box's
opening name), author links and labels ('By', 'Von:'), near the first one found and away from
sidebars and captions; last, a name beside the date under the headline."""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass

from lxml import etree
from lxml import html as lxml_html

from crawler.extract.authors import NEWS_AGENCIES, clean_authors
from crawler.extract.comments import in_comments
from crawler.extract.date_marks import has_date_mark
from crawler.extract.dates import find_date_in_text
from crawler.extract.job_titles import ends_with_job_title
from crawler.extract.story_lists import is_own_link
from crawler.extract.textnorm import joined_text

# A cheap XPath over the class in any case ('author-name', 'metaInfoAuthorList'), checked
# by _BYLINE_CLASS afterwards ('skyline' is no byline).
_CLASS_XPATH = etree.XPath(
    "//@class[contains(., 'yline') or contains(., 'uthor') or contains(., 'riter') or "
    "contains(., 'autor') or contains(., 'auteur') or contains(., 'creator')]/.."
)
# Test hooks name what an element is where its classes are generated ('sc-e56a85d5-11'):
# data-testid="byline-contributors" (BBC), data-qa="author-name" (The Washington Post).
_HOOKS = (
    "data-testid",
    "data-test",
    "data-test-id",
    "data-ui-testid",
    "data-qa",
    "data-cy",
    "data-component",
)
# Any element with a hook; which hooks name a byline is checked in Python (_byline_hook):
# 21 contains() tests on every element cost 4 ms a page, walking the hook attributes 0.6.
_HOOK_XPATH = etree.XPath("({})/..".format(" | ".join(f"//@{hook}" for hook in _HOOKS)))
# Hooks beside the byline: the photo, the date, the job title, social links, comments.
_NOT_BYLINE_HOOK = re.compile(
    r"comment|teaser|image|img|avatar|headshot|icon|social|date|time|function|position|job|"
    r"service",
    re.IGNORECASE,
)
# <address> holds the contact of the article's author (HTML): in a figure with the
# author's photo too (Funke's sites), never the site's own in a <footer>.
_ADDRESS_XPATH = etree.XPath("//address[not(ancestor::footer)]")
# A phone number makes an <address> the site's contact ('63 Fiona Drive, Tamworth, NSW',
# '+61-448-061-727'; '電話：+886 (2) 2568-3356'), whose lines are no names.
_PHONE = re.compile(r"\+\d[\d ()./-]{7,}\d|\(\d{3}\) ?\d{3}[-. ]\d{4}")
# Each pattern walks the attributes it tests, then up to their elements: a third to half the
# time of testing every element (1.0 against 1.6 ms a page for the classes, 0.6 against 1.7
# for the hooks, 0.35 against 0.6 for the itemprops); the same elements, in document order.
_ITEMPROP_AUTHOR_NAME = etree.XPath("//@itemprop[.='author']/..//*[@itemprop='name']")
_REL_AUTHOR = etree.XPath("//a[@rel='author']")
_BYLINE_XPATHS = (
    _ITEMPROP_AUTHOR_NAME,
    _REL_AUTHOR,
    _CLASS_XPATH,
    _ADDRESS_XPATH,
    # Not a tag's page ('/tags/author/': a topic link among the article's tags).
    etree.XPath(
        "//a[(contains(@href, '/author/') or contains(@href, '/Author/') or "
        "contains(@href, '/autor/') or "
        "contains(@href, '/authors/') or contains(@href, '/autoren/') or "
        "contains(@href, '/journalist') or contains(@href, '/@')) and not(contains(@href, '/tag'))]"
    ),
    _HOOK_XPATH,
)
MAX_BYLINE_CHARS = 120
MAX_BYLINE_ELEMENTS = 6
# Elements a pattern looks at: a page of hundreds of teasers costs no more than this.
MAX_BYLINE_CANDIDATES = 60
# 'autor' (German, Spanish, Polish...) and 'auteur' too, but not 'autorefresh', nor a
# sign-in form's 'externalAuthorizersContainer' ('authorize', 'autorización').
_BYLINE_CLASS = re.compile(
    r"byline|author(?!i[sz])|writer|autor(?!efresh|i[sz])|auteur|creator", re.IGNORECASE
)
_NOT_BYLINE_CLASS = re.compile(r"follow|comment-author", re.IGNORECASE)
# A part of a byline marked as the author's job, not the name: '<div class="position">Content
# Marketing Coordinator</div>', 'BylineComponent_role__vS', 'author-job-title'. A whole class
# word, so 'author-name' or 'roles-list' is none. 'title' alone is not one: author cards
# mark the name so ('card-author-name title', 'node-title').
_ROLE_CLASS = re.compile(
    r"(?:^|[\s_-])(?:role|position|job|jobtitle|designation|occupation)(?:$|[\s_-])",
    re.IGNORECASE,
)
# The author's title or blurb, named after the author ('author-title', 'video-post_author-
# title', 'dynamic-author-description'): 'Gardener & Astrologer', 'Research & Development'.
# The class word ends there: an 'author-title-wrap' holds the name too.
_AUTHOR_ROLE_CLASS = re.compile(
    r"(?:author|byline|writer)[_-](?:title|description|desc|bio|tagline)(?:$|\s)",
    re.IGNORECASE,
)
_ROLE_PARTS = etree.XPath(
    ".//*[@class][contains(@class, 'role') or contains(@class, 'osition') or "
    "contains(@class, 'job') or contains(@class, 'esignation') or contains(@class, 'ccupation')"
    " or contains(@class, 'itle') or contains(@class, 'esc') or contains(@class, 'bio') or "
    "contains(@class, 'agline')]"
)
# A button is a control ('Как стать автором', become an author), unless it holds just a
# written name (Motorsport-Magazin's author name opens the author's box).
_BUTTON_CLASS = re.compile(r"btn|button", re.IGNORECASE)
# 'Quelle: dpa' credits where the text came from, not who wrote it.
_CREDIT = re.compile(r"(quelle|source|fuente|fonte|bron|kilde|källa)\s*:", re.IGNORECASE)
# '©2026 AFPA. Terms & Conditions Privacy Policy': the site's copyright line in a footer
# block named 'site-byline' holds its legal links, not the article's writers.
_COPYRIGHT = re.compile(r"©|\(c\)\s|copyright\b", re.IGNORECASE)
_NOT_BYLINE_TAGS = frozenset({"meta", "button", "body", "html", "article"})


def byline_names(
    tree: lxml_html.HtmlElement, own: frozenset[str] = frozenset(), base: str = ""
) -> list[str]:
    """Raw names from the page's visible byline: the first byline pattern that has any
    (a pattern whose texts are no names, a rel="author" link reading 'See full bio', does not
    stop the search).

    Only matches near the first one with names count: the others are bylines of teasers,
    related stories or comments elsewhere on the page. Bylines in an aside or a nav are
    skipped (sidebars), unless the page marks its author nowhere else: then an element
    the page itself calls its author (rel="author", itemprop="author") counts there too,
    since some layouts keep the article's byline in an <aside> or a <nav>. Teasers' bylines
    (``_in_teaser``) never count; ``own`` holds the page's addresses (``own_addresses``),
    which ``base`` resolves its links against. Without any of these, a name beside the date
    under the headline (``dated_name``).
    """
    place = _Place(own, base)
    for xpath in _BYLINE_XPATHS:
        names = _pattern_names(tree, xpath, _NOT_BYLINE_PLACES, place)
        if clean_authors(names, handles=True):
            return names
    for xpath in _MARKED_AUTHOR_XPATHS:
        names = _pattern_names(tree, xpath, _NOT_AUTHOR_PLACES, place)
        if clean_authors(names, handles=True):
            return names
    return labelled_names(tree)


@dataclass(frozen=True)
class _Place:
    """Where the page lives: its own addresses and the base its links resolve against."""

    own: frozenset[str]
    base: str


def _pattern_names(
    tree: lxml_html.HtmlElement, xpath: etree.XPath, excluded: etree.XPath, place: _Place
) -> list[str]:
    """The names of the byline elements an XPath finds outside the ``excluded`` places, near
    the first of them that has any."""
    names: list[str] = []
    anchor: list[lxml_html.HtmlElement] = []  # the first byline with names, and its ups
    used = 0
    by_class = xpath is _CLASS_XPATH
    elements = xpath(tree)
    if xpath is _HOOK_XPATH:
        elements = [element for element in elements if _byline_hook(element)]
    elif xpath is _ADDRESS_XPATH:
        elements = [element for element in elements if not _PHONE.search(element.text_content())]
    for element in elements[:MAX_BYLINE_CANDIDATES]:
        if used == MAX_BYLINE_ELEMENTS or not _byline_candidate(element, by_class, excluded):
            continue
        if _in_teaser(element, place.own, place.base):
            continue
        if anchor and not any(up in anchor for up in _ups(element)):
            continue
        element = _beyond_label(element)
        found = _element_names(element)
        if found and not anchor:
            anchor = _ups(element)
        names.extend(found)
        used += 1
    return names


# A label before the names: 'Von:', 'Autorin/Autor', 'Author', 'Written by' (in an element of
# its own above the name's: '<p>Written by</p><p>Edzel Tabing</p>'); the short prefixes need a colon
# or a capital ('By', 'Von', 'Par' before a linked name; 'von' alone is a preposition).
_LABEL = re.compile(
    r"((by|von|par|por|door|av|text|texte)\s*:|(autor(in)?|autorin/autor|authors?|auteurs?|"
    r"autore|autori|autores|autoren|автор|(?:written|posted|words|article|story)\s+by)\s*:?|"
    r"(?-i:By|Von|Par|Por|Door|Av))",
    re.IGNORECASE,
)
MAX_LABEL_CHARS = 16


def labelled_names(tree: lxml_html.HtmlElement) -> list[str]:
    """Raw names after the first author label of the page outside readers' comments ('Posted
    by: <a>John</a> at December 18' under a Movable Type post), the last resort for a byline."""
    for element in tree.iter(etree.Element):
        names = _names_after_tail_label(element)
        if names and not in_comments(element):
            return names
        label = (element.text or "").strip()
        if not label or len(label) > MAX_LABEL_CHARS:
            continue
        # 'by <a>Marketing Team</a>': a lower-case 'by' before the element's first child
        if not _LABEL.fullmatch(label) and not (label == "by" and len(element)):
            continue
        if element.tag == "a":  # a menu link such as 'Authors'
            continue
        names = _element_names(element) if len(element) else _after_label(element)
        names = [_LABEL.sub("", name, count=1) if _LABEL.match(name) else name for name in names]
        if names and not in_comments(element):
            return names
    return _labelled_leaf(tree) or dated_name(tree)


def _names_after_tail_label(element: lxml_html.HtmlElement) -> list[str]:
    """'<em><time>October 11, 2023</time></em> by <strong>Autumn Huerter</strong>': a label
    between two elements names the written name in the second, in a line of a byline's
    length whose words are only the label's (not running text: 'Portrait of <a>Hinepare</a>
    by <a>Gottfried Lindauer</a>')."""
    label = (element.tail or "").strip()
    following = element.getnext()
    if not label or following is None or len(label) > MAX_LABEL_CHARS:
        return []
    if not (_LABEL.fullmatch(label) or label == "by"):
        return []
    parent = element.getparent()
    if parent is None or len(_spaced_text(parent)) > MAX_BYLINE_CHARS:
        return []
    before = [parent.text, *(sibling.tail for sibling in element.itersiblings(preceding=True))]
    if any((text or "").strip() for text in before):
        return []
    text = _spaced_text(following)
    return [text] if _is_written_name(text) and not _NOT_BYLINE_PLACES(following) else []


# 'von Katja Belousova', 'Von Johannes Knuth', 'Written by Eliaser Ndeyanale': the label and
# a name in one element of its own.
_LABEL_AND_NAME = re.compile(
    r"(?:(?:written|posted|reported|words|story)\s+)?(?:by|von|par|por|door|av)(?:\s*:\s*|\s+)"
    r"(\S.{2,50})",
    re.IGNORECASE,
)
_PARTICLES = frozenset({"de", "da", "di", "del", "van", "von", "der", "den", "la", "le", "du"})
MAX_NAME_WORDS = 4
MAX_LABELLED_CHARS = 200  # with the spaces of the page's indentation
_IN_LINK = etree.XPath("ancestor::a")


# 'by Jason Rostar | <a>Marketing</a>', 'By: Paul Fenaroli · May 2': what follows a separator
# after the name is the byline's next part.
_BYLINE_SEPARATOR = re.compile(r"\s+[|·•]\s*|\s*[|·•]\s+")


def _labelled_leaf(tree: lxml_html.HtmlElement) -> list[str]:
    """The name of the first element whose own text is 'by', 'von'... and a name, alone in a
    leaf or followed by a separator ('by Jason Rostar | ...'); not inside a link (a teaser of
    another story, linked whole)."""
    for element in tree.iter(etree.Element):
        text = element.text
        if not text or len(text) > MAX_LABELLED_CHARS:
            continue
        parts = _BYLINE_SEPARATOR.split(" ".join(text.split()), maxsplit=1)
        if len(element) and len(parts) == 1:
            continue
        match = _LABEL_AND_NAME.fullmatch(parts[0])
        # 'by: Ziyi Xu, Dec 17, 2025': the names without the date that follows them
        names = clean_authors([match[1]]) if match else []
        if not names or not all(_is_written_name(name) for name in names):
            continue
        if not _set_apart(element) and not _IN_LINK(element):
            return names
    return []


def _is_written_name(text: str) -> bool:
    """Two to four words, each capitalised or a particle ('Anne-Marie de la Cruz')."""
    words = text.split()
    return 2 <= len(words) <= MAX_NAME_WORDS and all(
        word[0].isupper() or word in _PARTICLES for word in words
    )


def _after_label(label: lxml_html.HtmlElement) -> list[str]:
    """The text right after a label element: its tail or its next sibling."""
    tail = (label.tail or "").strip()
    if tail:
        return [tail] if len(tail) <= MAX_BYLINE_CHARS else []
    following = label.getnext()
    return _following_names(following) if following is not None else []


def _following_names(following: lxml_html.HtmlElement) -> list[str]:
    """The names of the element after a label; where it holds more than a byline (the
    author's link and the bio card it opens), its first link with a written name."""
    names = _element_names(following)
    if names:
        return names
    for link in following.iter("a"):
        text = _spaced_text(link)
        if _is_written_name(text):
            return [text]
    return []


NEAR_LEVELS = 3
# Readers' comments (WordPress: <div id="comments"><ol class="commentlist">, each name in a
# 'comment-author') name their writers, not the article's.
_COMMENTS = (
    "ancestor-or-self::*[@id='comments' or @id='respond' or contains(@class, 'comment-form') or "
    "contains(@class, 'commentlist') or "
    "contains(@class, 'comment-list') or contains(@class, 'comments-list') or "
    "contains(@class, 'comments-area')]"
)
_NOT_AUTHOR_PLACES = etree.XPath(
    f"ancestor::figure | ancestor::figcaption | ancestor::blockquote | {_COMMENTS}"
)
_NOT_BYLINE_PLACES = etree.XPath(
    "ancestor::aside | ancestor::nav | ancestor::figure[not(.//address)]"
    " | ancestor::figcaption[not(.//address)] "
    f" | ancestor::blockquote | {_COMMENTS}"
)


def _set_apart(element: lxml_html.HtmlElement, places: etree.XPath = _NOT_BYLINE_PLACES) -> bool:
    """In a place whose names are not the article's writers': one of `places` (figures,
    quotes, sidebars...), or readers' comments however the site names them (a forum
    thread's replies in 'comment_edit_form' blocks below its starter's 'by RexBeckett')."""
    return bool(places(element)) or in_comments(element)


_MARKED_AUTHOR_XPATHS = (
    _ITEMPROP_AUTHOR_NAME,
    _REL_AUTHOR,
    etree.XPath("//@itemprop[.='author']/parent::*[not(.//*[@itemprop='name'])]"),
)


def _byline_candidate(
    element: lxml_html.HtmlElement, by_class: bool, excluded: etree.XPath = _NOT_BYLINE_PLACES
) -> bool:
    """Not a page-wide container, a meta tag, a 'follow the author' button or a teaser in a
    sidebar or menu."""
    if element.tag in _NOT_BYLINE_TAGS:
        return False
    css = element.get("class") or ""
    if by_class and not _BYLINE_CLASS.search(css):
        return False
    if _NOT_BYLINE_CLASS.search(css) or _ROLE_CLASS.search(css):
        return False
    if _AUTHOR_ROLE_CLASS.search(css) and not _alone(element):
        return False
    if _BUTTON_CLASS.search(css) and not _is_written_name(" ".join(element.text_content().split())):
        return False
    # A block that holds the headline is the page's header (Insightly's '<header class="author">'
    # with the category's link), not a byline: the byline inside it counts on its own.
    if element.find(".//h1") is not None:
        return False
    # Photo credits, pull quotes and sidebars name people who did not write the article.
    return not _set_apart(element, excluded)


def _byline_hook(element: lxml_html.HtmlElement) -> bool:
    """A test hook that names a byline or an author, not what sits beside it."""
    hooks = [element.get(hook) or "" for hook in _HOOKS]
    return any(_BYLINE_CLASS.search(hook) and not _NOT_BYLINE_HOOK.search(hook) for hook in hooks)


MIN_HEADLINE_WORDS = 3
TEASER_LEVELS = 3
_HEADINGS = frozenset({"h1", "h2", "h3", "h4"})


def _in_teaser(element: lxml_html.HtmlElement, own: frozenset[str], base: str) -> bool:
    """A byline under a headline that links to another story, both in one small block: a
    teaser's ('Related content', 'Most popular'), whose writer did not write this article.
    A headline that links to the page itself is the article's."""
    heading = _heading_before(element)
    return heading is not None and any(
        len(link.text_content().split()) >= MIN_HEADLINE_WORDS
        and not is_own_link(link.get("href") or "", own, base)
        for link in heading.iter("a")
    )


def _heading_before(element: lxml_html.HtmlElement) -> lxml_html.HtmlElement | None:
    """The last heading before the element inside its block (its third ancestor), if any."""
    block = list(element.iterancestors())[TEASER_LEVELS - 1 : TEASER_LEVELS]
    heading = None
    for node in block[0].iter() if block else ():
        if node is element:
            return heading
        if node.tag in _HEADINGS:
            heading = node
    return None


def _ups(element: lxml_html.HtmlElement) -> list[lxml_html.HtmlElement]:
    """The element and a few ancestors, counted from its schema.org author item if any."""
    chain = [element, *element.iterancestors()]
    for i, node in enumerate(chain[:NEAR_LEVELS]):
        if node.get("itemprop") == "author":
            return chain[i : i + NEAR_LEVELS + 1]
    return chain[: NEAR_LEVELS + 1]


# An unrendered client-side template ('{{node.authors[0].realName }}', '${author}'), which
# the page's script fills in: no name yet.
_TEMPLATE = re.compile(r"\{\{|\}\}|\{%|\$\{")


def _element_names(element: lxml_html.HtmlElement) -> list[str]:
    """An element's names: its links or separate leaf elements when it has several; parts
    its classes mark as the author's job are left out."""
    element = _without_roles(element)
    text = _spaced_text(element)
    if text and len(text) > MAX_BYLINE_CHARS:
        return _box_name(element, text)
    if not text or _CREDIT.match(text) or _COPYRIGHT.match(text) or _TEMPLATE.search(text):
        return []
    links = [_spaced_text(a) for a in element.iter("a") if a.text_content().strip()]
    if len(links) > 1:
        return _listed_links(links, text)
    leaves = [
        e.text_content()
        for e in element.iter()
        if len(e) == 0 and e is not element and (e.text or "").strip()
    ]
    # One word per leaf is one name in parts: '<span>Havell</span> <span>Markus</span>'.
    words_per_leaf = [len(leaf.split()) for leaf in leaves]
    if len(leaves) > 1 and max(words_per_leaf) > 1 and _same_text(leaves, text):
        return [leaf for leaf in leaves if not _lone_word_beside_names(leaf)]
    # '<strong>Steffan Rhys</strong> Deputy Content Hub Director': the markup sets the name
    # apart from the job title that follows it.
    named = [leaf for leaf in leaves if _is_written_name(" ".join(leaf.split()))]
    if len(named) == 1 and ends_with_job_title(text) and not ends_with_job_title(named[0]):
        return named
    return [text]


def _without_roles(element: lxml_html.HtmlElement) -> lxml_html.HtmlElement:
    """The byline without the parts its classes mark as a job title or role, and without
    its links to a tag's or a category's page (a copy; the element itself where it has
    none)."""
    if not _role_parts(element):
        return element
    bare = copy.deepcopy(element)
    for part in _role_parts(bare):
        if part.getparent() is not None:
            part.drop_tree()  # its tail stays
    return bare


# A topic's link in the byline block (beonpath.org's 'blog-post__byline' lists the post's
# tags: '/blog/tag/personal-finance'), not an author's.
_TAXONOMY_LINKS = etree.XPath(
    ".//a[contains(@href, '/tag/') or contains(@href, '/tags/') or contains(@href, '/category/')"
    " or contains(@href, '/categories/') or contains(@href, '/topic/') or"
    " contains(@href, '/topics/')]"
)


def _role_parts(element: lxml_html.HtmlElement) -> list[lxml_html.HtmlElement]:
    """The parts of an element its classes mark as a job title or role, and its topics'
    links."""
    roles = [
        part
        for part in _ROLE_PARTS(element)
        if _ROLE_CLASS.search(part.get("class", ""))
        or (_AUTHOR_ROLE_CLASS.search(part.get("class", "")) and not _alone(part))
    ]
    return roles + _TAXONOMY_LINKS(element)


def _alone(element: lxml_html.HtmlElement) -> bool:
    """Whether an element holds all the text of its parent: an 'author-title' alone in its
    card is the author's name ('<h4 class="author-title">Elliptic</h4>'), beside a name it is
    the author's job."""
    parent = element.getparent()
    if parent is None:
        return True
    return "".join(parent.text_content().split()) == "".join(element.text_content().split())


def _beyond_label(element: lxml_html.HtmlElement) -> lxml_html.HtmlElement:
    """The byline around an element that holds only its label: the names of
    '<p><span class="byline-prefix">By </span><a>Marc Santora</a>, ...</p>' are beside it."""
    parent = element.getparent()
    label = " ".join(element.text_content().split())
    if parent is None or not label or not _LABEL.fullmatch(label.rstrip(":") + ":"):
        return element
    return parent


def _spaced_text(element: lxml_html.HtmlElement) -> str:
    """The element's text with a space at every element boundary ('<span>By</span>Travis
    Haney' is 'By Travis Haney'), but not inside a word: Condé Nast's sites set a name's last
    letter apart ('Bess Levi<span class="link__last-letter-spacing">n</span>')."""
    text = joined_text(element, lambda before, after: not (before.islower() and after.islower()))
    return " ".join(text.split())


def _lone_word_beside_names(leaf: str) -> bool:
    """A capitalised word alone in a leaf, among leaves that hold names, is the place beside
    them ('<a>Jonathan Harding</a><span> Houston</span>'). A news agency, a word in capitals
    ('TNN'), a user name and a name in a script without case ('谢若含') stay."""
    words = leaf.split()
    if len(words) != 1 or words[0].casefold() in NEWS_AGENCIES:
        return False
    word = words[0]
    return word[0].isupper() and any(ch.islower() for ch in word)


_LIST_GAP = re.compile(r"(?:[\s,;&|·/]|\b(?:and|und|et|y|e|og|och|en|with|mit|avec)\b)*", re.I)


def _listed_links(links: list[str], text: str) -> list[str]:
    """The links of a byline up to the first one set apart by words, not by a comma or an
    'and': 'Written by <a>Michael Larabel</a> in <a>Valve</a>' names one author. Links before
    an author label are not its names ('<a>Travel</a> By <a>Sophie Foster</a>')."""
    listed: list[str] = []
    cursor = 0
    for link in links:
        words = " ".join(link.split())
        start = text.find(words, cursor)
        if start < 0:
            break
        gap = " ".join(text[cursor:start].split())
        if cursor and _LABEL.fullmatch(gap):
            listed = []  # 'Travel By Sophie Foster': the names follow the label
        elif listed and not _LIST_GAP.fullmatch(gap):
            break
        listed.append(link)
        cursor = start + len(words)
    return listed or links


def _same_text(parts: list[str], text: str) -> bool:
    """Whether the parts hold all of the text (spaces aside)."""
    return "".join("".join(parts).split()) == "".join(text.split())


# The elements that follow the page's first headline, where a byline sits under it.
_AFTER_HEADLINE = etree.XPath("(//h1)[1]/following::*[position() <= 40]")
MIN_STORY_WORDS = 25
DATED_LEVELS = 2
MAX_OTHER_WORDS = 4


def dated_name(tree: lxml_html.HtmlElement) -> list[str]:
    """A byline with neither a label nor a class: a written name alone in an element under the
    headline, in a small block whose other words are a date and a few more ('Jens Neuse
    2026-01-14 · 5 min read', 'Horea Matei Created on Jul 11, 2025', 'Fox Nation • October 3,
    2016'). The last resort of `byline_names`, before the story starts.

    Not a label ('Posted On', 'Filed Under:'), not a link (a section's: 'Project Management',
    'North Korea'; an author's link is found by its address before), not in a sidebar, a
    figure or the comments, and not a block with more words (a teaser's headline beside its
    date, a forum's member card)."""
    for element in _AFTER_HEADLINE(tree):
        if element.tag == "p" and len(element.text_content().split()) >= MIN_STORY_WORDS:
            return []
        if len(element) or element.tag in ("script", "style"):  # XPath's * holds no comment
            continue
        text = _spaced_text(element).rstrip(" |·•")
        if not _is_written_name(text) or text.endswith(":") or has_date_mark(text):
            continue
        if element.tag == "a" or _IN_LINK(element) or _set_apart(element):
            continue
        if _beside_a_date(element, text):
            return [text]
    return []


def _beside_a_date(element: lxml_html.HtmlElement, name: str) -> bool:
    """Whether the element's block (its parent or grandparent, of a byline's length) holds a
    date and at most four other words beside the name."""
    for block in list(element.iterancestors())[:DATED_LEVELS]:
        full = _spaced_text(block)
        if len(full) > MAX_BYLINE_CHARS:
            return False
        rest = full.replace(name, " ", 1)
        date = find_date_in_text(rest)
        if date is not None:
            words = rest.replace(date.raw, " ", 1).split()
            return sum(1 for word in words if any(c.isalpha() for c in word)) <= MAX_OTHER_WORDS
    return False


def _box_name(element: lxml_html.HtmlElement, text: str) -> list[str]:
    """The name an author box opens with, in a leaf of its own, where the bio that follows
    names the person again ('<div class="author-text"><div>Bence Kovács</div><p>Bence is a
    software developer...'): a box too long for a byline still names its author so. A box
    that opens with anything else ('New Results', a photo's credit) names no one."""
    leaf = next((e for e in element.iter() if _own_text_leaf(e)), None)
    if leaf is None:
        return []
    name = _spaced_text(leaf)
    bio = text[len(name) :]
    named_again = any(len(word) > 2 and word in bio for word in name.split())
    return [name] if text.startswith(name) and _is_written_name(name) and named_again else []


def _own_text_leaf(element: lxml_html.HtmlElement) -> bool:
    """An element without children that holds text of its own."""
    return isinstance(element.tag, str) and not len(element) and bool((element.text or "").strip())
