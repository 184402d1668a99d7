"""What a watch delivers: one JSON item per article, as JSON Lines or Atom entries."""

from __future__ import annotations

import json
import os
import re
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

from crawler.model import Article
from search.watch.config import Watch

ATOM = "http://www.w3.org/2005/Atom"
# What XML 1.0 forbids: C0 controls but tab, newline and CR; lone surrogates; U+FFFE/U+FFFF.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_text(value: object) -> str:
    """A value as text XML 1.0 allows: forbidden characters (a byline's \\x0b...) dropped."""
    return _NOT_XML.sub("", str(value))


class DamagedFeed(ValueError):
    """The existing Atom file does not parse; `aside` is where it was moved."""

    def __init__(self, path: Path, aside: Path, reason: str) -> None:
        super().__init__(
            f"{path} did not parse ({reason}); set aside as {aside.name}, a new feed started"
        )
        self.aside = aside


def item_json(watch: str, article: Article) -> dict[str, Any]:
    """What a watch delivers for one article (a JSONL line, or a line on a command's stdin)."""
    body = " ".join(article.body.split())
    return {
        "delivery_id": f"{watch}:{article.id}",
        "watch": watch,
        "id": article.id,
        "url": article.url,
        "title": article.title,
        "site": article.site,
        "site_name": article.site_name,
        "country": article.country,
        "media_type": article.media_type,
        "state_affiliated": article.state_affiliated,
        "language": article.language,
        "authors": article.authors,
        "published": article.published.isoformat() if article.published else "",
        "first_seen": article.first_seen.isoformat() if article.first_seen else "",
        "lead": article.lead,
        "excerpt": body[:300] + ("\u2026" if len(body) > 300 else ""),
        "duplicate_group": article.duplicate_group,
        "is_original": article.is_original,
    }


def jsonl_lines(items: list[dict[str, Any]]) -> bytes:
    return "".join(json.dumps(i, ensure_ascii=False) + "\n" for i in items).encode("utf-8")


def _atom_entry(item: dict[str, Any]) -> ET.Element:
    entry = ET.Element(f"{{{ATOM}}}entry")

    def add(tag: str, text: str, **attrs: str) -> ET.Element:
        element = ET.SubElement(entry, f"{{{ATOM}}}{tag}", _attrs(attrs))
        element.text = xml_text(text)
        return element

    add("title", item["title"] or item["url"])
    add("id", item["url"])
    ET.SubElement(entry, f"{{{ATOM}}}link", _attrs({"href": item["url"], "rel": "alternate"}))
    when = item["published"] or item["first_seen"]
    if len(when) == 10:
        when += "T00:00:00+00:00"
    add("updated", when or datetime.now(UTC).isoformat(timespec="seconds"))
    if item["published"]:
        add("published", when)
    for name in item["authors"] or [item["site_name"] or item["site"]]:
        author = ET.SubElement(entry, f"{{{ATOM}}}author")
        ET.SubElement(author, f"{{{ATOM}}}name").text = xml_text(name)
    add("summary", item["lead"] or item["excerpt"])
    ET.SubElement(entry, f"{{{ATOM}}}category", _attrs({"term": item["site"]}))
    return entry


def _attrs(attrs: dict[str, str]) -> dict[str, str]:
    return {name: xml_text(value) for name, value in attrs.items()}


def previous_entries(path: Path) -> list[ET.Element]:
    """The entries of the Atom file at `path` ([] when there is none).

    A file that does not parse is never overwritten silently: it is renamed to
    ``<name>.damaged-<UTC time>`` beside it and DamagedFeed is raised (the caller warns and
    starts a new feed; the entries in the damaged file stay readable there).
    """
    if not path.exists():
        return []
    try:
        return ET.parse(path).getroot().findall(f"{{{ATOM}}}entry")
    except ET.ParseError as exc:
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        aside = path.with_name(f"{path.name}.damaged-{stamp}")
        number = 1
        while aside.exists():
            number += 1
            aside = path.with_name(f"{path.name}.damaged-{stamp}-{number}")
        os.replace(path, aside)
        raise DamagedFeed(path, aside, str(exc)) from exc


def atom_document(watch: Watch, items: list[dict[str, Any]], old: list[ET.Element]) -> bytes:
    """The feed with the new entries first, then the `old` entries already there, up to the cap."""
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed")
    ET.SubElement(feed, f"{{{ATOM}}}title").text = xml_text(f"presswatch: {watch.name}")
    ET.SubElement(feed, f"{{{ATOM}}}subtitle").text = xml_text(watch.query)
    feed_id = uuid.uuid5(uuid.NAMESPACE_URL, f"presswatch-watch:{watch.name}")
    ET.SubElement(feed, f"{{{ATOM}}}id").text = f"urn:uuid:{feed_id}"
    ET.SubElement(feed, f"{{{ATOM}}}updated").text = datetime.now(UTC).isoformat(timespec="seconds")
    ET.SubElement(feed, f"{{{ATOM}}}generator").text = "presswatch"
    entries = [_atom_entry(item) for item in reversed(items)] + old
    feed.extend(entries[: watch.max_entries])
    ET.indent(feed)
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="utf-8")
