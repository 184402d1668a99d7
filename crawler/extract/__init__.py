"""Extraction: pure functions from a page's HTML to an Article (no Scrapy, no SQLite)."""

from crawler.extract.article import detect_article_language, extract_article, extract_text

__all__ = ["detect_article_language", "extract_article", "extract_text"]
