"""Evidence that a page is an anti-bot challenge instead of content, read from its markup.

Only pages that gave no article are judged (and feeds or sitemaps answered with HTML): a page
with an article body is an article whatever scripts it loads. Every rule asks for a short
page (challenge pages are a title, a widget and a sentence) plus one piece of known challenge
markup, title or wording, so a word in a comment form or a menu is never enough.
"""

from __future__ import annotations

import lxml.html
from lxml import etree

SCAN_CHARS = 100_000  # challenge pages are a few KB; markers sit in the first part of a page
SHORT_PAGE_WORDS = 200  # visible words (scripts and styles left out) of a challenge page
WIDGET_PAGE_WORDS = 60  # a captcha widget is the main content only on an almost empty page
MAX_TITLE_CHARS = 300

# Markup only challenge pages carry (not the scripts vendors add to every page they protect:
# Cloudflare's '/cdn-cgi/challenge-platform/.../jsd/main.js' or DataDome's 'tags.js').
VENDOR_MARKUP = (
    ("_cf_chl_opt", "Cloudflare challenge (_cf_chl_opt)"),
    ("cf-chl-", "Cloudflare challenge (cf-chl)"),
    ("orchestrate/chl_page", "Cloudflare challenge (chl_page)"),
    ("captcha-delivery.com", "DataDome challenge (captcha-delivery.com)"),
    ("var dd={", "DataDome challenge (dd=)"),
    ("px-captcha", "PerimeterX challenge (px-captcha)"),
    ("_incapsula_resource", "Imperva challenge (_Incapsula_Resource)"),
    ("ddos-guard", "DDoS-Guard challenge"),
)
CAPTCHA_WIDGETS = (
    ("g-recaptcha", "reCAPTCHA widget as the page's content"),
    ("h-captcha", "hCaptcha widget as the page's content"),
    ("cf-turnstile", "Turnstile widget as the page's content"),
)
CHALLENGE_TITLES = (
    "just a moment",
    "attention required",
    "access denied",
    "access to this page has been denied",
    "are you a robot",
    "are you a human",
    "robot check",
    "security check",
    "pardon our interruption",
    "verify you are human",
    "captcha",
)
CHALLENGE_WORDING = (
    "checking your browser",
    "checking if the site connection is secure",
    "enable javascript and cookies to continue",
    "verify you are human",
    "verifying you are human",
    "press & hold",
    "please complete the security check",
)
# A page holding none of these is no challenge: most pages are let go without being parsed.
NEEDLES = (
    *(marker for marker, _ in VENDOR_MARKUP),
    *(marker for marker, _ in CAPTCHA_WIDGETS),
    *CHALLENGE_TITLES,
    *CHALLENGE_WORDING,
    "press &amp; hold",
)


def challenge_evidence(html: str) -> str:
    """Why `html` is a challenge page ('' when it is not): vendor markup, title or wording."""
    head = html[:SCAN_CHARS]
    lowered = head.lower()
    if not any(needle in lowered for needle in NEEDLES):
        return ""
    title, words = _title_and_words(head)
    if len(words) >= SHORT_PAGE_WORDS:
        return ""
    for marker, evidence in VENDOR_MARKUP:
        if marker in lowered:
            return evidence
    for phrase in CHALLENGE_TITLES:
        if phrase in title:
            shown = "".join(ch for ch in title[:80] if ch.isprintable())
            return f"challenge title {shown!r}"
    text = " ".join(words).lower()
    for phrase in CHALLENGE_WORDING:
        if phrase in text:
            return f"challenge wording {phrase!r}"
    if len(words) < WIDGET_PAGE_WORDS:
        for marker, evidence in CAPTCHA_WIDGETS:
            if marker in lowered:
                return evidence
    return ""


def _title_and_words(html: str) -> tuple[str, list[str]]:
    """The lower-cased <title> and the visible words of a page (scripts and styles left out)."""
    try:
        root = lxml.html.document_fromstring(html)
    except (etree.ParserError, ValueError):
        return "", []
    title = " ".join((root.findtext(".//title") or "").split())[:MAX_TITLE_CHARS].lower()
    for element in list(root.iter("script", "style", "template", "title")):
        element.drop_tree()
    body = root.find("body")
    text = body.text_content() if body is not None else ""
    return title, text.split()
