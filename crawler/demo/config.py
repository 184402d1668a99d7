"""The config that crawls the bundled demo site at a given base URL (config/demo.toml for :8765)."""

from __future__ import annotations

DEMO_PORT = 8765


def demo_config_toml(base_url: str = f"http://127.0.0.1:{DEMO_PORT}") -> str:
    """TOML text of a config with one site: the demo outlet served at `base_url`."""
    return f'''# The bundled demo outlet. `presswatch demo` writes this with the port it serves on;
# this copy is for `python -m crawler.demo.server --port {DEMO_PORT}` in another terminal.

[defaults]
user_agent = "presswatch-demo/0.1 (+mailto:presswatch@example.org)"
download_delay = 0
concurrency_per_domain = 8
index_batch_size = 10

[[site]]
id = "harbour-courier"
name = "The Harbour Courier"
domains = ["127.0.0.1"]
feeds = ["{base_url}/rss.xml", "{base_url}/atom.xml"]
sitemaps = ["{base_url}/sitemap.xml"]
start_urls = ["{base_url}/"]
article_pattern = '/\\w+/\\d{{4}}/\\d{{2}}/\\d{{2}}/[\\w-]+\\.html$'
exclude_pattern = '/print/'
language = ["en", "zh"]
timezone = "Europe/London"
max_depth = 2
country = "GB"
media_type = "newspaper"
'''
