"""The Scrapy settings of a crawl, checked against Scrapy's own code that reads them."""

from __future__ import annotations

import inspect
from pathlib import Path

import pytest
from scrapy import Spider
from scrapy.settings import Settings
from scrapy.utils.misc import warn_on_generator_with_return_value

from crawler.config import Config, CrawlDefaults
from crawler.crawl.run import crawl_settings
from crawler.crawl.spider import NewsSpider


def test_callbacks_are_not_parsed_again_for_every_response(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Scrapy's check of a generator callback's source costs 1 ms a page: it is off."""
    read: list[object] = []

    def getsource(function: object) -> str:
        read.append(function)
        return "def parse_article(self, response):\n    yield response\n"

    monkeypatch.setattr(inspect, "getsource", getsource)
    spider = Spider(name="check")
    callback = NewsSpider.parse_article.__get__(object.__new__(NewsSpider))
    spider.settings = Settings()
    warn_on_generator_with_return_value(spider, callback)
    assert read  # Scrapy's default reads the callback's source
    read.clear()
    config = Config(path=tmp_path / "sites.toml", defaults=CrawlDefaults(), sites=())
    spider.settings = Settings(crawl_settings(config, tmp_path))
    warn_on_generator_with_return_value(spider, callback)
    assert not read
