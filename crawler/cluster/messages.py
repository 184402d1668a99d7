"""What travels through the Redis Stream: extracted articles and a site run's final report."""

from __future__ import annotations

import json
import zlib
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from crawler.model import Article, article_from_dict, article_to_dict
from crawler.store.fetch_state import Validators
from crawler.store.run_log import UrlOutcome

ARTICLE = "article"
REPORT = "report"


@dataclass
class ArticleMessage:
    """One extracted article and the raw page, sent by the job `job_id` (one job per site run)."""

    job_id: str
    article: Article
    html: str

    def fields(self) -> dict[str, bytes | str]:
        """The stream entry's fields (the page compressed: it is most of the bytes)."""
        return {
            "kind": ARTICLE,
            "job": self.job_id,
            "article": json.dumps(article_to_dict(self.article), ensure_ascii=False),
            "html": zlib.compress(self.html.encode("utf-8"), 6),
        }


@dataclass
class SiteRunState:
    """What a worker's crawl of one site learnt, for the ingest to save as a local crawl would:
    Scrapy stats, the URLs requested and their outcomes ('sent' ones, detail = the article's
    URL, become the store's outcome at the ingest), feed validators and completeness."""

    site: str
    started: datetime
    ended: datetime
    stats: dict[str, Any] = field(default_factory=dict)
    requested: set[str] = field(default_factory=set)
    fetched: dict[str, UrlOutcome] = field(default_factory=dict)
    outcomes: dict[str, str] = field(default_factory=dict)
    seen_validators: dict[str, Validators] = field(default_factory=dict)
    complete: bool = True
    finished: bool = True
    worker: str = ""

    def as_json(self) -> dict[str, Any]:
        return {
            "site": self.site,
            "started": self.started.isoformat(),
            "ended": self.ended.isoformat(),
            "stats": {k: _plain(v) for k, v in self.stats.items()},
            "requested": sorted(self.requested),
            "fetched": {url: [o.outcome, o.detail] for url, o in self.fetched.items()},
            "outcomes": self.outcomes,
            "validators": {
                url: [v.etag, v.last_modified, list(v.children)]
                for url, v in self.seen_validators.items()
            },
            "complete": self.complete,
            "finished": self.finished,
            "worker": self.worker,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> SiteRunState:
        return cls(
            site=data["site"],
            started=datetime.fromisoformat(data["started"]),
            ended=datetime.fromisoformat(data["ended"]),
            stats=dict(data["stats"]),
            requested=set(data["requested"]),
            fetched={url: UrlOutcome(o, d) for url, (o, d) in data["fetched"].items()},
            outcomes=dict(data["outcomes"]),
            seen_validators={
                url: Validators(etag, modified, tuple(children))
                for url, (etag, modified, children) in data["validators"].items()
            },
            complete=bool(data["complete"]),
            finished=bool(data["finished"]),
            worker=str(data.get("worker", "")),
        )


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, datetime) else value


def report_fields(job_id: str, state: SiteRunState) -> dict[str, bytes | str]:
    """The stream entry of a site run's final report."""
    return {"kind": REPORT, "job": job_id, "report": json.dumps(state.as_json())}


def decode(fields: dict[bytes, bytes]) -> ArticleMessage | tuple[str, SiteRunState]:
    """An article, or (job id, run state) of a report, from a stream entry's fields."""
    kind = fields[b"kind"].decode()
    job_id = fields[b"job"].decode()
    if kind == ARTICLE:
        article = article_from_dict(json.loads(fields[b"article"]))
        html = zlib.decompress(fields[b"html"]).decode("utf-8")
        return ArticleMessage(job_id, article, html)
    return job_id, SiteRunState.from_json(json.loads(fields[b"report"]))
