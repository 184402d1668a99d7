"""The cluster worker's last pipeline: each extracted article goes to the stream, not a store."""

from __future__ import annotations

from typing import Protocol

from scrapy.exceptions import DropItem

from crawler.crawl.component import CrawlerComponent
from crawler.model import ExtractedPage

SENT = "sent"


class NotSent(DropItem):
    """The article could not be sent to the stream: the crawl stops, the job is retried."""


class ArticleSink(Protocol):
    """Where a worker's articles go (crawler.cluster.job: a Redis Stream)."""

    def send(self, page: ExtractedPage) -> None: ...


class StreamPipeline(CrawlerComponent):
    """Hand each extracted page to the crawl's sink; the ingest decides new or unchanged."""

    def process_item(self, item: ExtractedPage) -> ExtractedPage:
        sink = self.context.sink
        if sink is None:
            raise TypeError("StreamPipeline runs in a crawl with an article sink")
        try:
            sink.send(item)
        except Exception as exc:  # Redis gone: stop; the job fails and is tried again
            self.context.sink_failed(exc)
            raise NotSent(f"not sent: {item.article.url} ({exc})") from exc
        self._inc("articles_sent")
        item.saved = SENT
        return item
