"""What a watch delivers: one JSON item per article, as JSON Lines or Atom entries."""

from __future__ import annotations

import json
import uuid
from contextlib import suppress
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any
from xml.etree import ElementTree as ET

from crawler.model import Article

if TYPE_CHECKING:
    pass

from search.watch.config import Watch

ATOM = "http://www.w3.org/2005/Atom"


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
        element = ET.SubElement(entry, f"{{{ATOM}}}{tag}", attrs)
        element.text = text
        return element

    add("title", item["title"] or item["url"])
    add("id", item["url"])
    ET.SubElement(entry, f"{{{ATOM}}}link", {"href": item["url"], "rel": "alternate"})
    when = item["published"] or item["first_seen"]
    if len(when) == 10:
        when += "T00:00:00+00:00"
    add("updated", when or datetime.now(UTC).isoformat(timespec="seconds"))
    if item["published"]:
        add("published", when)
    for name in item["authors"] or [item["site_name"] or item["site"]]:
        author = ET.SubElement(entry, f"{{{ATOM}}}author")
        ET.SubElement(author, f"{{{ATOM}}}name").text = name
    add("summary", item["lead"] or item["excerpt"])
    ET.SubElement(entry, f"{{{ATOM}}}category", {"term": item["site"]})
    return entry


def atom_document(watch: Watch, items: list[dict[str, Any]], old: Path) -> bytes:
    """The feed with the new entries first, then the entries already there, up to the cap."""
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed")
    ET.SubElement(feed, f"{{{ATOM}}}title").text = f"presswatch: {watch.name}"
    ET.SubElement(feed, f"{{{ATOM}}}subtitle").text = watch.query
    feed_id = uuid.uuid5(uuid.NAMESPACE_URL, f"presswatch-watch:{watch.name}")
    ET.SubElement(feed, f"{{{ATOM}}}id").text = f"urn:uuid:{feed_id}"
    ET.SubElement(feed, f"{{{ATOM}}}updated").text = datetime.now(UTC).isoformat(timespec="seconds")
    ET.SubElement(feed, f"{{{ATOM}}}generator").text = "presswatch"
    entries = [_atom_entry(item) for item in reversed(items)]
    if old.exists():
        with suppress(ET.ParseError):  # a damaged feed is replaced by a fresh one
            entries += ET.parse(old).getroot().findall(f"{{{ATOM}}}entry")
    feed.extend(entries[: watch.max_entries])
    ET.indent(feed)
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="utf-8")
