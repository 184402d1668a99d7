"""Crawling on many machines: RQ jobs per site, articles through a Redis Stream, one ingest."""
