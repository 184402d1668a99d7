"""The WCXB cache builder, on a small synthetic repository (never the real pages)."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

from bench import wcxb
from tests.test_peer_pages import PAGE, _bare_repo

CC_BY = "Creative Commons Attribution 4.0 International License (CC-BY-4.0)\n"


def _record(file_id: str, page_type: str, **truth: object) -> str:
    return json.dumps(
        {
            "url": f"https://example.com/{file_id}",
            "file_id": file_id,
            "_internal": {"page_type": {"primary": page_type}},
            "ground_truth": truth,
        }
    )


def _mirror(root: Path) -> Path:
    article = PAGE.format(title="Vote", body="The council voted to keep the library open.")
    files = {
        "LICENSE": CC_BY,
        "dev/ground-truth/0001.json": _record(
            "0001",
            "article",
            title="Vote",
            author="Ann Lee, Bo Chen",
            publish_date="2025-09-04",
            main_content="The council voted to keep the library open.",
            **{"with": ["The council voted"], "without": ["Subscribe now", ""]},
        ),
        "dev/ground-truth/0002.json": _record("0002", "product", title="Kettle"),
        "dev/ground-truth/0003.json": _record("0003", "article", title="No page stored"),
        # the test split repeats a development page: no held-out check
        "test/ground-truth/0001.json": _record("0001", "article", title="Vote"),
        "test/ground-truth/0009.json": _record(
            "0009", "article", title="Held out", author=None, publish_date=None, main_content="x"
        ),
    }
    pages = {
        f"{split}/html/{file_id}.html.gz": gzip.compress(article.encode())
        for split, file_id in (("dev", "0001"), ("dev", "0002"), ("test", "0009"), ("test", "0001"))
    }
    work = root / "work" / wcxb.REPO.replace("/", "+")
    for path in pages:  # _bare_repo writes the binary files without making their folders
        (work / path).parent.mkdir(parents=True, exist_ok=True)
    return _bare_repo(root, wcxb.REPO, files, pages)


def test_the_dev_split_gives_its_article_pages_with_every_field(tmp_path: Path) -> None:
    mirror, cache = _mirror(tmp_path), tmp_path / "wcxb"
    assert wcxb.main(["--mirror", str(mirror), "--cache", str(cache)]) == 0
    manifest = json.loads((cache / "manifest.json").read_text())
    assert manifest["sources"]["wcxb"]["pages"] == 1  # the product page and the page-less left out
    assert manifest["sources"]["wcxb"]["licence"] == "CC-BY-4.0"
    expected = json.loads((cache / "cases" / "wcxb__0001" / "expected.json").read_text())
    assert (expected["title"], expected["authors"], expected["published"]) == (
        "Vote",
        "Ann Lee, Bo Chen",
        "2025-09-04",
    )
    assert expected["must_contain"] == ["The council voted"]
    assert expected["must_not_contain"] == ["Subscribe now"]
    truth = json.loads((cache / "ground-truth.json").read_text())
    assert truth["wcxb__0001"]["articleBody"] == "The council voted to keep the library open."


def test_the_test_split_is_a_cache_of_its_own(tmp_path: Path) -> None:
    mirror, cache = _mirror(tmp_path), tmp_path / "held-out"
    assert wcxb.main(["--split", "test", "--mirror", str(mirror), "--cache", str(cache)]) == 0
    index = [json.loads(line) for line in (cache / "index.jsonl").read_text().splitlines()]
    assert [entry["id"] for entry in index] == ["wcxb-test__0009"]
    expected = json.loads((cache / "cases" / "wcxb-test__0009" / "expected.json").read_text())
    assert "authors" not in expected and "published" not in expected


def test_no_snapshot_is_exit_2(tmp_path: Path) -> None:
    assert wcxb.main(["--mirror", str(tmp_path / "none"), "--cache", str(tmp_path / "c")]) == 2
