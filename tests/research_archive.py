"""A small real archive for search, stats, export and watch tests: store, index and config.

Articles in English (with wire stories copied by several outlets: duplicate groups),
Portuguese and French (accents), Chinese (a copied wire story too), Japanese and Korean,
from sources with country, media type, owner and state affiliation in the config.
"""

from __future__ import annotations

import atexit
import hashlib
import shutil
import tempfile
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from crawler.config import load_config
from crawler.model import Article
from crawler.sources import apply_source
from crawler.store import ArticleStore
from crawler.store.duplicates import DEFAULT_THRESHOLD, link_article
from indexer.index import ArticleIndex
from indexer.sync import index_pending
from tests.dedup_corpus import CORPUS

SITES = """
[defaults]
user_agent = "presswatch-tests/1.0 (+mailto:tests@example.org)"
near_duplicate_threshold = 0.5

[[site]]
id = "wire"
name = "World Wire"
domains = ["wire.example"]
feeds = ["https://wire.example/rss"]
country = "GB"
media_type = "agency"
owner = "Wire Holdings"
state_affiliated = false

[[site]]
id = "daily-post"
name = "The Daily Post"
domains = ["post.example"]
feeds = ["https://post.example/rss"]
country = "US"
media_type = "newspaper"

[[site]]
id = "courier"
name = "The Courier"
domains = ["courier.example"]
feeds = ["https://courier.example/rss"]
country = "IE"
media_type = "newspaper"
tags = ["regional"]

[[site]]
id = "xinhua-zh"
name = "Agency China"
domains = ["agency.example.cn"]
feeds = ["https://agency.example.cn/rss"]
country = "CN"
media_type = "agency"
state_affiliated = true

[[site]]
id = "portal-zh"
name = "Portal"
domains = ["portal.example.cn"]
feeds = ["https://portal.example.cn/rss"]
country = "CN"
media_type = "online"
state_affiliated = false

[[site]]
id = "state-tv"
name = "State TV English"
domains = ["statetv.example"]
feeds = ["https://statetv.example/rss"]
country = "CN"
media_type = "broadcaster"
owner = "State Media Group"
state_affiliated = true

[[site]]
id = "gulf-tv"
name = "Gulf TV"
domains = ["gulftv.example"]
feeds = ["https://gulftv.example/rss"]
country = "QA"
media_type = "broadcaster"
state_affiliated = true

[[site]]
id = "folha"
name = "Folha Exemplo"
domains = ["folha.example"]
feeds = ["https://folha.example/rss"]
country = "BR"
media_type = "newspaper"

[[site]]
id = "lemonde"
name = "Le Monde Exemple"
domains = ["lemonde.example"]
feeds = ["https://lemonde.example/rss"]
country = "FR"
media_type = "newspaper"

[[site]]
id = "tokyo-daily"
name = "Tokyo Daily"
domains = ["tokyo.example"]
feeds = ["https://tokyo.example/rss"]
country = "JP"
media_type = "newspaper"

[[site]]
id = "seoul-herald"
name = "Seoul Herald"
domains = ["seoul.example"]
feeds = ["https://seoul.example/rss"]
country = "KR"
media_type = "newspaper"
"""

EXTRA: tuple[tuple[str, str, str, str, str], ...] = (
    # site, language, published, title, body
    (
        "state-tv",
        "en",
        "2025-05-05T10:30:00+08:00",
        "China's soft power rises across the Global South",
        "China's soft power is growing across Africa and Latin America, analysts told State TV, "
        "pointing to scholarships, films and infrastructure projects.\n\n"
        "Officials said cultural exchange would expand next year.",
    ),
    (
        "gulf-tv",
        "en",
        "2025-05-19T18:00:00+03:00",
        "Soft power and football: the Gulf's new diplomacy",
        "Gulf states are using football clubs and tournaments as soft power, a tool that "
        "critics call sportswashing.\n\nChina and the United States watch the trend closely.",
    ),
    (
        "daily-post",
        "en",
        "2025-05-20T07:00:00-04:00",
        '=HYPERLINK("http://evil.example") and other spreadsheet tricks',
        "Researchers warn that exported cells starting with an equals sign can run as formulas."
        "\n\nThe second paragraph keeps its line break.",
    ),
    (
        "folha",
        "pt",
        "2025-04-10T09:00:00-03:00",
        "Chuva forte em São Paulo alaga avenidas",
        "A cidade de São Paulo enfrentou chuvas fortes nesta quinta-feira, e a Defesa Civil "
        "pediu atenção aos moradores das áreas de risco.",
    ),
    (
        "lemonde",
        "fr",
        "2025-04-22T12:00:00+02:00",
        "Le président français reçoit les élèves de l'École polytechnique",
        "Le président de la République a reçu mardi à l'Élysée une délégation d'élèves, "
        "qui ont présenté leurs projets sur l'énergie et le climat.",
    ),
    (
        "tokyo-daily",
        "ja",
        "2025-05-02T20:00:00+09:00",
        "東京タワーの夜景が話題に",
        "東京タワーは夜になると美しくライトアップされます。連休中は観光客がたくさん訪れました。",
    ),
    (
        "seoul-herald",
        "ko",
        "2025-05-03T09:00:00+09:00",
        "서울 지하철 요금 인상",
        "서울시는 다음 달부터 지하철 기본요금을 인상한다고 밝혔다. 시민들은 교통비 부담이 "
        "커질 것이라고 우려했다.",
    ),
)

FIRST_SEEN = datetime(2025, 7, 1, tzinfo=UTC)


@dataclass
class ResearchArchive:
    config: Path
    data: Path

    def cli_args(self) -> tuple[str, ...]:
        return ("--config", str(self.config), "--data", str(self.data))


def make_article(
    number: int, site: str, language: str, published: str, title: str, body: str
) -> Article:
    when = datetime.fromisoformat(published)
    return Article(
        url=f"https://{site}.example/{number}.html",
        site=site,
        site_name=site,
        title=title,
        body=body,
        lead=body.split("\n")[0][:120],
        language=language,
        published=when,
        published_utc=when.astimezone(UTC),
        published_day=when.date(),
        published_source="json-ld",
        published_precision="minute",
        first_seen=FIRST_SEEN + timedelta(minutes=number),
        word_count=len(body.split()),
        content_hash=hashlib.sha256(body.encode()).hexdigest(),
        authors=["Ana Souza"] if site == "folha" else [],
    )


def corpus_articles() -> list[Article]:
    """Every fixture article, in the order they are stored."""
    articles = []
    for number, copy in enumerate(CORPUS):
        language = "zh" if copy.site.endswith("-zh") else "en"
        title = copy.body.split(". ")[0][:80] if language == "en" else copy.body[:20]
        articles.append(make_article(number, copy.site, language, copy.published, title, copy.body))
    for number, (site, language, published, title, body) in enumerate(EXTRA, len(CORPUS)):
        articles.append(make_article(number, site, language, published, title, body))
    return articles


def store_and_index(archive: ResearchArchive, articles: list[Article]) -> list[int]:
    """Save (with source metadata), link duplicates and index, as a crawl would; the ids."""
    config = load_config(archive.config)
    ids = []
    with ArticleStore.open(archive.data) as store:
        for article in articles:
            apply_source(article, config.site(article.site))
            result = store.save(article)
            link_article(store, result.article_id, DEFAULT_THRESHOLD)
            ids.append(result.article_id)
        index_pending(store, ArticleIndex.open(archive.data / "index", create=True))
    return ids


_TEMPLATE: list[Path] = []


def build_archive(root: Path, watches: str = "") -> ResearchArchive:
    """A config and data directory holding every fixture article, stored and indexed.

    The first archive of a test session is built as a crawl would build it; later ones
    are copies of its data directory (the same store and index, made in a fraction).
    """
    root.mkdir(parents=True, exist_ok=True)
    config = root / "sites.toml"
    config.write_text(SITES + watches, encoding="utf-8")
    archive = ResearchArchive(config=config, data=root / "data")
    if _TEMPLATE and _TEMPLATE[0].is_dir():
        shutil.copytree(_TEMPLATE[0], archive.data)
        return archive
    store_and_index(archive, corpus_articles())
    template = Path(tempfile.mkdtemp(prefix="presswatch-archive-")) / "data"
    atexit.register(shutil.rmtree, template.parent, True)
    shutil.copytree(archive.data, template)
    _TEMPLATE[:] = [template]
    return archive


def day(text: str) -> date:
    return date.fromisoformat(text)
