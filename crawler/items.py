"""What the spider hands the pipelines: one downloaded article page and what discovery saw."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from crawler.model import DiscoveryHints


@dataclass
class ArticlePage:
    """A downloaded page that should be an article, not yet extracted."""

    url: str
    html: str
    site_id: str
    fetched_at: datetime
    hints: DiscoveryHints = field(default_factory=DiscoveryHints)
