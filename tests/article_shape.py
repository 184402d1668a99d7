"""The article every page-shape test builds its page around: URL, fetch time, headline, text."""

from __future__ import annotations

from datetime import UTC, datetime

FETCHED = datetime(2026, 12, 4, 10, 0, tzinfo=UTC)
URL = "https://news.example/world/harbour-plan.html"
HEADLINE = "Harbour plan approved by the council after a long night"
TEXT = "".join(
    f"<p>The council met on Tuesday to discuss the harbour plan, part {n}, and what it will "
    "cost the residents of the old town over the next ten years.</p>"
    for n in range(5)
)
