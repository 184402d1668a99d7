"""Collection side of presswatch: site config, Scrapy crawl, extraction, normalization, store."""
