"""WARC files in and out: reading captures, writing a crawl's exchanges, importing archives."""
