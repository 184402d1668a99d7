"""Whether a page gives readers without a subscription only a teaser (the paywall flag)."""

from __future__ import annotations

import re
from typing import Any

from lxml import etree
from lxml import html as lxml_html

from crawler.extract.overlays import named_overlay

__all__ = ["find_paywall", "is_paywall_notice", "read_free_flag"]

# Class or id values of paywall containers: generic words and the common vendors' prefixes
# (Piano's 'tp-' and 'piano-' containers), never one outlet's names.
_PAYWALL_CLASS = re.compile(
    r"pay-?wall|reg-?wall|subscriber-?only|subscribers-?only|premium-?(?:wall|gate|lock)|"
    r"meter(?:ed)?-?(?:wall|gate|block|content)|(?:content|article)-?gate|locked-?content|"
    r"(?:^|[\s_-])(?:piano-(?:offer|paywall|container|inline)|tp-(?:container|modal|backdrop))",
    re.IGNORECASE,
)
# A cheap first cut over class and id (XPath has no case folding); _PAYWALL_CLASS decides.
_MARKUP_XPATH = etree.XPath(
    "//*[@data-paywall or contains(@class, 'aywall') or contains(@class, 'AYWALL')"
    " or contains(@class, 'ay-wall') or contains(@class, 'egwall') or contains(@class, 'eg-wall')"
    " or contains(@class, 'ubscriber') or contains(@class, 'remium-') or contains(@class, 'eter')"
    " or contains(@class, 'gate') or contains(@class, 'ocked') or contains(@class, 'tp-')"
    " or contains(@class, 'piano-') or contains(@id, 'aywall') or contains(@id, 'piano')"
    " or contains(@id, 'ubscriber')]"
)
# What a page says where its free part stops: "Subscribe to continue reading", in the
# languages of the configured outlets; a newsletter's "Subscribe" alone is no paywall.
_TEASER_STOP = re.compile(
    r"subscribe (?:now )?to (?:continue|keep) reading|(?:continue|keep) reading with (?:a|your) "
    r"(?:subscription|digital)|to (?:continue|keep) reading,? (?:please )?(?:subscribe|log in|"
    r"sign in|become a (?:member|subscriber))|(?:article|story|content) is (?:only )?(?:available|"
    r"reserved|exclusive) (?:only )?(?:to|for) (?:paying |premium |digital )?subscribers|"
    r"exclusive(?:ly)? for subscribers|for subscribers only|subscribers only|subscribe to read "
    r"(?:the full|the rest|this|more)|(?:the )?rest of this (?:article|story) is (?:only )?"
    r"(?:available|for)|unlock (?:this|the full) (?:article|story)|"
    r"(?:artikel|beitrag|inhalt) ist (?:nur|exklusiv) für abonnent|nur für abonnenten|"
    r"exklusiv für abonnenten|mit (?:einem )?abo weiterlesen|"
    r"réservée? aux abonnés|abonnez-vous pour (?:lire|continuer)|"
    r"(?:exclusivo|reservado) para (?:suscriptores|assinantes|socios)|"
    r"suscr[ií]bete para (?:seguir|continuar) leyendo|riservato agli abbonati|"
    r"alleen voor abonnees|endast för prenumeranter|kun for abonnenter|"
    # 'This article is for members: register to read on' (Japanese papers' notices).
    r"この記事は(?:有料)?会員限定|(?:続き|全文)をお読みいただけます|有料会員になると",
    re.IGNORECASE,
)
# Plain strings (smart_strings=False): no element object is built for each result's parent.
_VISIBLE_TEXT_PATH = (
    "//body//text()[not(ancestor::script or ancestor::style or ancestor::noscript"
    " or ancestor::nav or ancestor::footer or ancestor::header)]"
)
_VISIBLE_TEXT = etree.XPath(_VISIBLE_TEXT_PATH, smart_strings=False)
_VISIBLE_TEXT_NODES = etree.XPath(_VISIBLE_TEXT_PATH)  # each knows its element: getparent()
# Words the patterns above need, looked for first (a substring test is far cheaper than
# walking the tree, which costs several ms a page): in the page's class and id values, and
# in the raw page without their first letter (no lowercasing of the whole page).
_MARKUP_WORDS = (
    "paywall", "pay-wall", "regwall", "reg-wall", "subscriber-only", "subscribers-only",
    "subscriberonly", "subscribersonly", "premium-wall", "premiumwall", "premium-gate",
    "premiumgate", "premium-lock", "premiumlock", "meterwall", "meter-wall", "metered",
    "metergate", "meter-gate", "meterblock", "meter-block", "contentgate", "content-gate",
    "articlegate", "article-gate", "lockedcontent", "locked-content", "piano-",
    "tp-container", "tp-modal", "tp-backdrop",
)  # fmt: skip
_NOTICE_WORDS = (
    "ontinue reading", "eep reading", "ubscribers", "ubscribe to read", "nlock th",
    "est of this", "bonne", "bo weiterlesen", "uscri", "ssinantes", "para socios", "bbonati",
    "renumeranter", "会員限定", "お読みいただけます", "有料会員",
)  # fmt: skip
_NAMES = etree.XPath("//@class | //@id", smart_strings=False)
MAX_NOTICE_CHARS = 150
"""A paywall notice is a short element; a longer text holding the words is prose about it."""
MAX_MARKUP_ELEMENTS = 200


def read_free_flag(value: object) -> str:
    """'true' or 'false' for a JSON-LD isAccessibleForFree value (bool or text), else ''."""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, str) and value.strip().lower() in {"true", "false", "yes", "no"}:
        return "true" if value.strip().lower() in {"true", "yes"} else "false"
    return ""


def find_paywall(
    tree: lxml_html.HtmlElement, free_flag: tuple[str, str], tier: str = "", html: str = ""
) -> tuple[bool, str]:
    """(paywalled, source) for a parsed page.

    What the page states comes first: `free_flag` is ('true'/'false', source) from
    isAccessibleForFree (JSON-LD or microdata), `tier` the article:content_tier meta
    ('free', 'metered', 'locked'), `html` the raw page (when given, only pages holding the
    words of a paywall are searched).  Otherwise paywall markup holding content, or a short
    notice where the free text stops ('Subscribe to continue reading') mark the page; a
    page with neither is taken as free ('none found').
    """
    flag, source = free_flag
    if flag:
        return flag == "false", source
    tier = tier.strip().lower()
    if tier in {"locked", "metered", "free"}:
        return tier != "free", "meta"
    if _has_markup_words(tree, html) and _paywall_markup(tree):
        return True, "markup"
    if (not html or any(word in html for word in _NOTICE_WORDS)) and _teaser_notice(tree):
        return True, "notice"
    return False, "none found"


def _has_markup_words(tree: lxml_html.HtmlElement, html: str) -> bool:
    if "data-paywall" in html or not html:
        return True
    names = " ".join(map(str, _NAMES(tree))).lower()
    return any(word in names for word in _MARKUP_WORDS)


# Where paywall markup says nothing of this article: the site's chrome (a header's 'Sign In
# Subscribe' list named 'paywall-links'), menus' and lists' items and links (a submenu's
# 'subscriber-only' entry, a teaser's) and headings (a recirculation module's
# 'story_page_paywall_1_story_label').
_NOT_THIS_ARTICLE = frozenset(
    {"body", "html", "script", "style", "link", "meta", "h1", "h2", "h3", "h4", "h5", "h6"}
    | {"ul", "ol", "li", "a", "button"}
)
_CHROME = etree.XPath("ancestor::header | ancestor::nav | ancestor::footer")
MAX_BADGE_WORDS = 2
"""A leaf this short is a label on a teaser ('PAYWALL', 'Subscriber-Only'), no paywall."""


def _paywall_markup(tree: lxml_html.HtmlElement) -> bool:
    """An element whose class or id names a paywall and that is not an empty placeholder,
    a teaser's badge nor part of the site's chrome."""
    for count, element in enumerate(_MARKUP_XPATH(tree)):
        if count >= MAX_MARKUP_ELEMENTS:
            break
        if element.tag in _NOT_THIS_ARTICLE or _is_badge(element) or _CHROME(element):
            continue
        flag = element.get("data-paywall")
        if flag is not None:
            if flag.strip().lower() not in {"false", "0", "no"}:
                return True
            continue
        names = f"{element.get('class') or ''} {element.get('id') or ''}"
        if _PAYWALL_CLASS.search(names) and (element.text_content().strip() or len(element) > 0):
            return True
    return False


def _is_badge(element: lxml_html.HtmlElement) -> bool:
    """A leaf holding one or two words: a label, not a container of the story or an offer."""
    words = (element.text or "").split()
    return len(element) == 0 and 0 < len(words) <= MAX_BADGE_WORDS


def _teaser_notice(tree: lxml_html.HtmlElement) -> bool:
    """A short visible text such as 'Subscribe to continue reading' outside menus, footer
    and pop-ups. Plain strings first (cheap); their elements only once one reads as a
    notice."""
    if not any(is_paywall_notice(text) for text in _VISIBLE_TEXT(tree)):
        return False
    nodes = _VISIBLE_TEXT_NODES(tree)
    return any(is_paywall_notice(text) and not _in_popup(text) for text in nodes)


def is_paywall_notice(text: str) -> bool:
    """A short text saying the free part stops here ('Subscribe to continue reading')."""
    stripped = text.strip()
    return 10 <= len(stripped) <= MAX_NOTICE_CHARS and bool(_TEASER_STOP.search(stripped))


# A pop-up over the page: WordPress's Jetpack newsletter modal says "Subscribe now to keep
# reading and get access to the full archive." on free blogs whose whole story is there.
def _in_popup(text: Any) -> bool:
    """True when a text node sits in a modal, pop-up or dialog: an offer shown over the
    page, not the place where its free text stops."""
    parent = text.getparent()
    places = [parent, *parent.iterancestors()] if parent is not None else []
    return any(
        place.tag == "dialog"
        or place.get("role") == "dialog"
        or place.get("aria-modal") == "true"
        or named_overlay(place)
        for place in places
    )
