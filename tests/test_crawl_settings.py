"""The Scrapy settings of a crawl, checked against Scrapy's own code that reads them."""

from __future__ import annotations

import inspect
import subprocess
import sys
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


def test_extraction_workers_start_before_scrapy_is_imported(tmp_path: Path) -> None:
    """The workers warm up (about a second) while Scrapy is imported and set up."""
    script = (
        "import sys\n"
        "from pathlib import Path\n"
        "import crawler.crawl.run as run\n"
        "from crawler.config import Config, CrawlDefaults\n"
        "def start_pool(*args):\n"
        "    print('scrapy imported' if 'scrapy' in sys.modules else 'scrapy not imported')\n"
        "    raise SystemExit(0)\n"
        "run.start_pool = start_pool\n"
        f"data = Path({str(tmp_path)!r})\n"
        "config = Config(path=data / 'sites.toml', defaults=CrawlDefaults(), sites=())\n"
        "run.run_crawl(config, data, [])\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "scrapy not imported"


@pytest.mark.parametrize(
    ("setting", "left_out", "module"),
    [
        ("EXTENSIONS", "RemoteControl", "scrapy.extensions.remote_control"),
        ("DOWNLOADER_MIDDLEWARES", "CookiesMiddleware", "scrapy.downloadermiddlewares.cookies"),
    ],
)
def test_components_switched_off_are_never_imported(
    tmp_path: Path, setting: str, left_out: str, module: str
) -> None:
    """Off is not enough: Scrapy imports a component it lists to ask it (RemoteControl brings
    aiohttp, the cookies middleware tldextract and requests: 0.1 s of every crawl's start).
    Every other component of Scrapy's list is still there."""
    script = (
        "import sys\n"
        "from pathlib import Path\n"
        "from scrapy.settings import Settings, default_settings\n"
        "from scrapy.utils.conf import build_component_list\n"
        "from scrapy.utils.misc import load_object\n"
        "from crawler.config import Config, CrawlDefaults\n"
        "from crawler.crawl.run import crawl_settings\n"
        f"data = Path({str(tmp_path)!r})\n"
        "config = Config(path=data / 'sites.toml', defaults=CrawlDefaults(), sites=())\n"
        "settings = Settings(crawl_settings(config, data))\n"
        f"listed = settings.get_component_priority_dict_with_base({setting!r})\n"
        "loaded = {load_object(n).__name__ for n in build_component_list(listed)}\n"
        f"base = getattr(default_settings, {setting + '_BASE'!r})\n"
        f"wanted = {{p.rsplit('.', 1)[-1] for p in base}} - {{{left_out!r}}}\n"
        f"print(sorted(wanted - loaded), {module!r} in sys.modules)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[] False"
