"""Host names a site may claim: bare names with a dot or IP addresses, never a public suffix."""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Sequence
from urllib.parse import urlsplit

# Public suffixes under which anyone can register a name: a site claiming one of these would
# claim every outlet registered under it.  Single labels ("com", "uk", "cn") are refused by
# the dot rule, so this lists only the two-label suffixes most common among news outlets; it
# is deliberately short (the full Public Suffix List has ~10,000 entries and takes 0.3 s to
# load through tldextract, too slow for every config load).
TWO_LABEL_SUFFIXES = frozenset(
    f"{second}.{top}"
    for top, seconds in {
        "uk": ("co", "org", "ac", "gov", "ltd", "me", "net", "nhs", "plc", "police", "sch"),
        "au": ("com", "net", "org", "edu", "gov", "asn", "id"),
        "nz": ("co", "net", "org", "govt", "ac", "school"),
        "za": ("co", "org", "gov", "ac", "net", "web"),
        "jp": ("co", "ne", "or", "ac", "go", "ad", "ed", "gr", "lg"),
        "kr": ("co", "ne", "or", "ac", "go", "re", "pe"),
        "cn": ("com", "net", "org", "gov", "edu", "ac"),
        "hk": ("com", "net", "org", "gov", "edu", "idv"),
        "tw": ("com", "net", "org", "gov", "edu", "idv"),
        "sg": ("com", "net", "org", "gov", "edu"),
        "in": ("co", "net", "org", "gov", "ac", "edu", "nic", "firm", "gen", "ind"),
        "br": ("com", "net", "org", "gov", "edu", "art", "blog", "jor"),
        "ar": ("com", "net", "org", "gob", "edu"),
        "mx": ("com", "net", "org", "gob", "edu"),
        "tr": ("com", "net", "org", "gov", "edu", "av", "bel", "web"),
        "il": ("co", "org", "net", "ac", "gov", "muni"),
        "ru": ("com", "net", "org", "msk", "spb"),
        "ua": ("com", "net", "org", "gov", "edu", "in"),
        "my": ("com", "net", "org", "gov", "edu"),
        "ph": ("com", "net", "org", "gov", "edu"),
        "pk": ("com", "net", "org", "gov", "edu"),
        "eg": ("com", "net", "org", "gov", "edu"),
        "ng": ("com", "net", "org", "gov", "edu"),
        "ke": ("co", "or", "ne", "go", "ac"),
        "id": ("co", "or", "net", "go", "ac", "web"),
        "th": ("co", "or", "net", "go", "ac", "in"),
        "vn": ("com", "net", "org", "gov", "edu"),
    }.items()
    for second in seconds
)
_LABEL = re.compile(r"[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?")


def url_host(url: str) -> str:
    """The host of a URL, lower case; '' for none, or for a URL no parser reads
    ('http://[::1', an IPv6 host left open), which a page or a sitemap may well hold."""
    try:
        return urlsplit(url).hostname or ""
    except ValueError:
        return ""


def host_within(host: str, domains: Sequence[str]) -> bool:
    """True when `host` is one of `domains` or a subdomain of one (names lowercase)."""
    return any(host == domain or host.endswith("." + domain) for domain in domains)


def is_ip_address(host: str) -> bool:
    """True for an IPv4 or IPv6 address written bare (no brackets, no port)."""
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def is_public_suffix(host: str) -> bool:
    """True when `host` is a public suffix alone ("com", "co.uk"), so no one outlet's name."""
    host = host.lower().rstrip(".")
    return "." not in host or host in TWO_LABEL_SUFFIXES


def domain_problem(domain: str) -> str | None:
    """Why `domain` cannot be a site's domain, or None when it is a bare host name or an IP."""
    if is_ip_address(domain):
        return None
    if any(mark in domain for mark in ("://", "/", "?", "#", "@")) or ":" in domain:
        return "is not a bare host name (no scheme, path, query or port)"
    try:
        ascii_name = domain.lower().encode("idna").decode("ascii")
    except UnicodeError:
        return "is not a valid host name"
    if "." not in ascii_name.strip("."):
        return "has no dot: give the outlet's host name, such as 'example.com'"
    if not all(_LABEL.fullmatch(label) for label in ascii_name.split(".")):
        return "is not a valid host name (letters, digits and '-' between dots)"
    if is_public_suffix(ascii_name):
        return "is a public suffix, not one outlet's host name"
    return None
