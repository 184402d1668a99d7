"""The Scrapy runtime: spider, discovery, middlewares, pipelines and the extraction pool."""
