"""Saved searches against a real archive: config errors, exactly-once files and feeds,
at-least-once commands, recovery after a kill, and the run at the end of a crawl."""

from __future__ import annotations

import fcntl
import json
import os
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest

from crawler.store import ArticleStore
from search.watch import (
    ATOM,
    WatchConfigError,
    item_json,
    load_watches,
    new_matches,
    record,
    write_synced,
)
from tests.conftest import fixture_config, invoke_cli, run_cli
from tests.research_archive import ResearchArchive, build_archive, make_article, store_and_index

WATCHES = """
[[watch]]
name = "rates"
query = '"central bank" OR "interest rate"'
jsonl = "out/rates.jsonl"

[[watch]]
name = "soft-power"
query = '"soft power"'
state_affiliated = true
media_type = "broadcaster"
atom = "out/soft-power.xml"
max_entries = 50

[[watch]]
name = "china-pipe"
query = "china"
country = ["CN"]
since = "2025-05"
command = "cat >> {received}"
"""


def archive_with_watches(root: Path, watches: str = WATCHES) -> ResearchArchive:
    received = root / "received.jsonl"
    return build_archive(root, watches.replace("{received}", str(received)))


def watch_run(archive: ResearchArchive, *args: str) -> dict[str, object]:
    result = invoke_cli(*archive.cli_args(), "watch", "run", "--json", *args)
    assert result.returncode in (0, 1), result.stderr
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def delivered(summary: dict[str, object]) -> dict[str, int]:
    return {w["name"]: w["delivered"] for w in summary["watches"]}  # type: ignore[attr-defined,index]


def lines(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines()]


def add_matching_article(archive: ResearchArchive, number: int, title: str) -> None:
    store_and_index(
        archive,
        [
            make_article(
                number,
                "state-tv",
                "en",
                "2025-06-20T09:00:00+08:00",
                title,
                f"{title}. The central bank of China spoke about soft power and interest rates.",
            )
        ],
    )


def test_each_match_is_delivered_once(tmp_path: Path) -> None:
    archive = archive_with_watches(tmp_path)
    first = watch_run(archive)
    assert first["ok"] is True
    assert delivered(first) == {"rates": 4, "soft-power": 2, "china-pipe": 1}
    assert delivered(watch_run(archive)) == {"rates": 0, "soft-power": 0, "china-pipe": 0}
    add_matching_article(archive, 200, "New policy")
    assert delivered(watch_run(archive)) == {"rates": 1, "soft-power": 1, "china-pipe": 1}
    rates = lines(tmp_path / "out" / "rates.jsonl")
    assert len(rates) == 5 and len({r["delivery_id"] for r in rates}) == 5
    assert rates[-1]["title"] == "New policy" and rates[0]["delivery_id"] == "rates:1"
    assert {"url", "title", "site", "published", "country", "duplicate_group"} <= set(rates[0])
    received = lines(tmp_path / "received.jsonl")
    assert [r["watch"] for r in received] == ["china-pipe"] * 2
    feed = ET.parse(tmp_path / "out" / "soft-power.xml").getroot()
    entries = feed.findall(f"{{{ATOM}}}entry")
    titles = [e.findtext(f"{{{ATOM}}}title") for e in entries]
    assert titles[0] == "New policy" and len(titles) == 3  # newest delivery first
    ids = [e.findtext(f"{{{ATOM}}}id") for e in entries]
    assert len(set(ids)) == 3 and all(i and i.startswith("https://") for i in ids)
    assert feed.findtext(f"{{{ATOM}}}id", "").startswith("urn:uuid:")
    listed = json.loads(invoke_cli(*archive.cli_args(), "watch", "list", "--json").stdout)
    assert {w["name"]: w["delivered"] for w in listed} == {
        "rates": 5,
        "soft-power": 3,
        "china-pipe": 2,
    }


def test_a_failing_command_delivers_later(tmp_path: Path) -> None:
    marker = tmp_path / "fail"
    marker.touch()
    watch = f"""
[[watch]]
name = "pipe"
query = '"soft power"'
command = "test ! -e {marker} && cat >> {tmp_path / "got.jsonl"} || (echo refused >&2; exit 3)"
"""
    archive = build_archive(tmp_path, watch)
    result = invoke_cli(*archive.cli_args(), "watch", "run")
    assert result.returncode == 1
    assert "watch pipe: failed: command exited with 3: refused" in result.stdout
    marker.unlink()
    assert delivered(watch_run(archive)) == {"pipe": 2}
    assert len(lines(tmp_path / "got.jsonl")) == 2


def test_a_killed_command_is_sent_again_with_the_same_ids(tmp_path: Path) -> None:
    got, once = tmp_path / "got.jsonl", tmp_path / "killed-once"
    # The first time, the receiver takes the batch and then kills presswatch (SIGKILL)
    # before it can record the delivery as done.
    watch = f"""
[[watch]]
name = "pipe"
query = '"soft power"'
command = "cat >> {got}; if [ ! -e {once} ]; then touch {once}; kill -9 $PPID; fi"
"""
    archive = build_archive(tmp_path, watch)
    # A subprocess: the receiver kills its parent, which must not be the test runner.
    killed = run_cli(*archive.cli_args(), "watch", "run")
    assert killed.returncode == -9
    assert len(lines(got)) == 2
    again = watch_run(archive)
    assert again["watches"][0]["recovered"] == 2 and delivered(again) == {"pipe": 0}  # type: ignore[index]
    received = [r["delivery_id"] for r in lines(got)]
    assert len(received) == 4 and len(set(received)) == 2  # a repeat, with the same ids
    assert delivered(watch_run(archive)) == {"pipe": 0}
    assert len(lines(got)) == 4


def test_a_file_delivery_killed_after_its_commit_is_finished_once(tmp_path: Path) -> None:
    archive = archive_with_watches(tmp_path)
    (watch,) = [w for w in load_watches(archive.config) if w.name == "rates"]
    # The state a kill between the commit and the rename leaves: a complete staged file
    # recorded as 'staged', the target not replaced yet.
    target = Path(watch.target)
    target.parent.mkdir(parents=True)
    staged = target.with_name(f".{target.name}.killed.staged")
    with ArticleStore.open(archive.data) as store:
        from indexer.index import ArticleIndex

        ids = new_matches(store, ArticleIndex.open(archive.data / "index"), watch)
        items = [item_json(watch.name, a) for a in store.get_many(ids)]
        content = "".join(json.dumps(i, ensure_ascii=False) + "\n" for i in items)
        write_synced(staged, content.encode())
        record(store, watch, str(staged), "staged", ids)
    # A kill before the commit leaves only a stray staged file: nothing was delivered.
    stray = target.with_name(f".{target.name}.stray.staged")
    stray.write_text('{"half": ', "utf-8")
    summary = watch_run(archive, "--name", "rates")
    assert summary["watches"][0]["recovered"] == 4 and delivered(summary) == {"rates": 0}  # type: ignore[index]
    assert [r["id"] for r in lines(target)] == ids and not staged.exists()
    assert not stray.exists()
    assert delivered(watch_run(archive, "--name", "rates")) == {"rates": 0}
    assert len(lines(target)) == 4


def test_a_file_delivery_killed_before_its_commit_is_delivered_again(tmp_path: Path) -> None:
    archive = archive_with_watches(tmp_path)
    target = tmp_path / "out" / "rates.jsonl"
    target.parent.mkdir()
    target.write_text('{"delivery_id": "earlier"}\n', "utf-8")
    (target.parent / ".rates.jsonl.0123.staged").write_text("partial", "utf-8")
    assert delivered(watch_run(archive, "--name", "rates")) == {"rates": 4}
    assert [r["delivery_id"] for r in lines(target)][:2] == ["earlier", "rates:1"]
    assert [p.name for p in target.parent.iterdir()] == ["rates.jsonl"]


def test_one_run_at_a_time(tmp_path: Path) -> None:
    archive = archive_with_watches(tmp_path)
    fd = os.open(archive.data / "watch.lock", os.O_RDWR | os.O_CREAT)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        # Another process, as when two runs overlap.
        busy = run_cli(*archive.cli_args(), "watch", "run")
    finally:
        os.close(fd)
    assert busy.returncode == 3 and "delivering watches" in busy.stderr


@pytest.mark.parametrize(
    ("table", "message"),
    [
        (
            'name = "x"\nquery = "china"\njsonl = "a"\ncolour = 1',
            "watch 'x' key 'colour': unknown key",
        ),
        ('name = "x"\njsonl = "a"', "watch 'x' key 'query': missing (it is required)"),
        ('query = "china"\njsonl = "a"', "[[watch]] number 1 key 'name': missing"),
        ('name = "x"\nquery = "china"', "watch 'x' key 'jsonl': give exactly one output"),
        ('name = "x"\nquery = "china"\njsonl = "a"\natom = "b"', "give exactly one output"),
        ('name = "x"\nquery = "(a"\natom = "b"', "watch 'x' key 'query': unclosed parenthesis"),
        ('name = "x"\nquery = "china"\natom = "b"\nsince = "soon"', "key 'since': 'soon' is not"),
        ('name = "x"\nquery = "china"\natom = "b"\nstate_affiliated = "yes"', "expected bool"),
        ('name = "X Y"\nquery = "china"\natom = "b"', "key 'name': lowercase letters"),
        ('name = "x"\nquery = "china"\ncommand = "true"\ntimeout = 0', "key 'timeout': must be 1"),
    ],
)
def test_config_errors_name_file_watch_and_key(tmp_path: Path, table: str, message: str) -> None:
    config = tmp_path / "sites.toml"
    config.write_text(f"[[watch]]\n{table}\n", "utf-8")
    with pytest.raises(WatchConfigError) as caught:
        load_watches(config)
    text = str(caught.value)
    assert text.startswith(f"{config}: ") and message in text and "\n" not in text


def test_config_error_on_the_command_line(tmp_path: Path) -> None:
    archive = build_archive(tmp_path, '\n[[watch]]\nname = "x"\nquery = "china"\n')
    result = invoke_cli(*archive.cli_args(), "watch", "run")
    assert result.returncode == 2
    assert result.stderr == (
        f"Error: {archive.config}: watch 'x' key 'jsonl': give exactly one output: "
        "jsonl, atom or command\n"
    )
    archive.config.write_text(archive.config.read_text("utf-8") + 'jsonl = "x.jsonl"\n', "utf-8")
    unknown = invoke_cli(*archive.cli_args(), "watch", "run", "--name", "nope")
    assert unknown.returncode == 2
    assert f"no watch named 'nope' in {archive.config} (configured: x)" in unknown.stderr


@pytest.mark.slow
def test_the_crawl_delivers_watches_at_its_end(fixture_site: object, tmp_path: Path) -> None:
    base = fixture_site.base_url  # type: ignore[attr-defined]
    config = tmp_path / "sites.toml"
    site = fixture_config(base, country='"NZ"', media_type='"newspaper"', state_affiliated="false")
    config.write_text(
        site + '\n[[watch]]\nname = "soft"\nquery = \'"soft power"\'\njsonl = "clips.jsonl"\n',
        "utf-8",
    )
    result = run_cli("--config", str(config), "--data", str(tmp_path / "data"), "crawl")
    assert result.returncode == 0, result.stderr
    clips = lines(tmp_path / "clips.jsonl")
    assert clips and all(c["watch"] == "soft" for c in clips)
    assert "watch soft: " in result.stderr
    # The crawl copied the site's source metadata onto every article it stored.
    paths = ("--config", str(config), "--data", str(tmp_path / "data"))
    total = invoke_cli(*paths, "search", "*", "--count").stdout
    assert int(total) > 10
    assert invoke_cli(*paths, "search", "*", "--country", "NZ", "--count").stdout == total
    searched = invoke_cli(*paths, "search", "state:false AND media:newspaper", "--count")
    assert searched.stdout == total


COLLAPSING = """
[[watch]]
name = "every-copy"
query = '"interest rate"'
jsonl = "out/every.jsonl"

[[watch]]
name = "one-per-story"
query = '"interest rate"'
collapse_duplicates = true
jsonl = "out/stories.jsonl"
"""


def test_collapse_duplicates_delivers_one_copy_per_story(tmp_path: Path) -> None:
    archive = archive_with_watches(tmp_path, COLLAPSING)
    first = delivered(watch_run(archive))
    every = lines(tmp_path / "out" / "every.jsonl")
    stories = lines(tmp_path / "out" / "stories.jsonl")
    groups = [r["duplicate_group"] for r in every if r["duplicate_group"]]
    assert len(groups) > len(set(groups))  # the archive holds copies of one wire story
    assert first["one-per-story"] < first["every-copy"] == len(every)
    story_groups = [r["duplicate_group"] for r in stories if r["duplicate_group"]]
    assert len(story_groups) == len(set(story_groups))
    assert {r["duplicate_group"] or r["id"] for r in every} == {
        r["duplicate_group"] or r["id"] for r in stories
    }
    # Another outlet runs a story already delivered: only the uncollapsed watch sends it.
    copied = next(r for r in stories if r["duplicate_group"])
    with ArticleStore.open(archive.data) as store:
        body = store.connection.execute(
            "SELECT body FROM articles WHERE id = ?", (copied["id"],)
        ).fetchone()[0]
    add = make_article(300, "courier", "en", "2025-06-21T09:00:00+01:00", "Copy", body)
    store_and_index(archive, [add])
    assert delivered(watch_run(archive)) == {"every-copy": 1, "one-per-story": 0}
