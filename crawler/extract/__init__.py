"""Extraction: pure functions from a page's HTML to an Article (no Scrapy, no SQLite)."""

from crawler.extract.article import extract_article, extract_text

__all__ = ["extract_article", "extract_text"]
