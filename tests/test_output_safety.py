"""Output a page cannot hijack: rich markup and terminal escapes in stored articles print as
text; an Atom watch survives control characters and damage; an interrupted batch goes only
to the target configured now."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest

from crawler.store import ArticleStore
from search.watch import ATOM, item_json, load_watches, record, write_synced
from tests.conftest import invoke_cli
from tests.research_archive import ResearchArchive, build_archive, make_article, store_and_index

HOSTILE_SITE = """
[[site]]
id = "hostile"
name = "[b]Hostile[/"
domains = ["hostile.example"]
feeds = ["https://hostile.example/rss"]
country = "GB"
media_type = "online"
"""
TITLE = "[bold red]Alarm[/ at the harbour [link=file:///etc/passwd]x[/link] :smile:"
URL = "https://hostile.example/[link=file:///etc/passwd]x[/link]/alarm.html?q=[/b]&p=[/"
ESCAPE = "\x1b]8;;file:///etc/passwd\x07click\x1b]8;;\x07"
BODY = (
    "Harbour alarm [bold red]raised[/bold red] after the storm [/ broke the outer wall. "
    "The board said [link=file:///etc/passwd]x[/link] repairs would take weeks, and "
    "ships waited offshore while engineers inspected the damaged quay for a second day."
)


def hostile_archive(root: Path, watches: str = "") -> tuple[ResearchArchive, int]:
    archive = build_archive(root, HOSTILE_SITE + watches)
    article = make_article(900, "hostile", "en", "2025-06-20T09:00:00+00:00", TITLE, BODY)
    article.url = URL
    article.title = TITLE + ESCAPE
    article.authors = ["Ana\x0bSouza\x00", "Li\x1b[31m Wei\ufffe"]
    (article_id,) = store_and_index(archive, [article])
    return archive, article_id


def assert_plain(result: object) -> str:
    """Exit 0, no traceback, no terminal escape; the output."""
    returncode, stdout, stderr = (getattr(result, k) for k in ("returncode", "stdout", "stderr"))
    assert returncode == 0, stdout + stderr
    assert "Traceback" not in stdout + stderr
    assert "\x1b" not in stdout
    return str(stdout)


def test_markup_in_a_stored_article_prints_as_text(tmp_path: Path) -> None:
    archive, article_id = hostile_archive(tmp_path)
    cli = archive.cli_args()
    found = assert_plain(invoke_cli(*cli, "search", "harbour alarm", "--site", "hostile"))
    assert TITLE in found and URL in found
    assert "[bold red]raised[/bold red]" in found  # the snippet, matched words highlighted
    assert "hostile · 2025-06-20" in found
    for shown in (
        invoke_cli(*cli, "show", URL),
        invoke_cli(*cli, "show", str(article_id)),
    ):
        text = " ".join(assert_plain(shown).split())  # long lines wrap at 120 columns
        assert TITLE in text and URL in text and BODY in text
        assert "\ufffd]8;;file:///etc/passwd\ufffdclick" in text  # ESC shown, not obeyed
    sites = assert_plain(invoke_cli(*cli, "sites"))
    assert "[b]Hostile[/" in sites
    stats = assert_plain(invoke_cli(*cli, "stats", '"bold red" OR alarm', "--split", "site"))
    assert 'Coverage of “"bold red" OR alarm” per day' in stats and "hostile" in stats


WATCH = """
[[watch]]
name = "alarm-feed"
query = "harbour alarm"
site = "hostile"
atom = "out/alarm.xml"
"""


def feed_entries(path: Path) -> list[ET.Element]:
    return ET.parse(path).getroot().findall(f"{{{ATOM}}}entry")


def watch_run(archive: ResearchArchive, *args: str) -> dict[str, object]:
    result = invoke_cli(*archive.cli_args(), "watch", "run", "--json", *args)
    assert result.returncode == 0, result.stdout + result.stderr
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def add_hostile(archive: ResearchArchive, number: int) -> None:
    article = make_article(number, "hostile", "en", "2025-06-21T09:00:00+00:00", TITLE, BODY)
    article.authors = ["Mo\x0cRae\x1f", "Bo\x7fLu"]
    article.lead = "Harbour alarm\x00 lead\x08"
    store_and_index(archive, [article])


def test_control_characters_never_break_the_atom_feed(tmp_path: Path) -> None:
    archive, _ = hostile_archive(tmp_path, WATCH)
    target = tmp_path / "out" / "alarm.xml"
    assert watch_run(archive)["watches"][0]["delivered"] == 1  # type: ignore[index]
    (entry,) = feed_entries(target)
    names = [n.text for n in entry.iter(f"{{{ATOM}}}name")]
    assert names == ["AnaSouza", "Li[31m Wei"]
    add_hostile(archive, 901)
    assert watch_run(archive)["watches"][0]["delivered"] == 1  # type: ignore[index]
    entries = feed_entries(target)  # parses, and the earlier entry is kept
    assert len(entries) == 2
    assert [n.text for n in entries[0].iter(f"{{{ATOM}}}name")] == [
        "MoRae",
        "Bo\x7fLu",
    ]  # DEL is allowed in XML 1.0
    assert entries[1].findtext(f"{{{ATOM}}}id") == URL


def test_a_damaged_feed_is_set_aside_with_a_warning(tmp_path: Path) -> None:
    archive, _ = hostile_archive(tmp_path, WATCH)
    target = tmp_path / "out" / "alarm.xml"
    target.parent.mkdir()
    damaged = b'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><entry>\x0b'
    target.write_bytes(damaged)
    summary = watch_run(archive)
    (result,) = summary["watches"]  # type: ignore[misc]
    assert result["delivered"] == 1 and not result["error"]
    (aside,) = target.parent.glob("alarm.xml.damaged-*")
    assert aside.read_bytes() == damaged
    assert f"set aside as {aside.name}" in result["warning"]
    assert len(feed_entries(target)) == 1
    add_hostile(archive, 902)
    text = invoke_cli(*archive.cli_args(), "watch", "run")
    assert text.returncode == 0 and "warning" not in text.stdout  # the new feed is healthy
    assert len(feed_entries(target)) == 2


PIPE = """
[[watch]]
name = "pipe"
query = "harbour alarm"
site = "hostile"
{output}
"""


def interrupted(archive: ResearchArchive, output: str, target: str, staged: str = "") -> int:
    """Leave what a run killed mid-delivery leaves, for the watch as it was configured then."""
    (watch,) = load_watches(archive.config)
    then = dataclasses.replace(watch, output=output, target=target)
    with ArticleStore.open(archive.data) as store:
        newest = store.connection.execute("SELECT max(id) FROM articles").fetchone()[0]
        (article,) = store.get_many([newest])
        assert article.site == "hostile"
        if staged:
            write_synced(Path(staged), (json.dumps(item_json("pipe", article)) + "\n").encode())
        record(store, then, staged, "staged" if staged else "sending", [article.id or 0])
        return article.id or 0


def delivered_ids(path: Path) -> list[int]:
    return [json.loads(line)["id"] for line in path.read_text("utf-8").splitlines()]


@pytest.mark.parametrize("now", ["command", "jsonl"])
def test_an_interrupted_command_batch_goes_only_to_the_target_configured_now(
    tmp_path: Path, now: str
) -> None:
    old, new = tmp_path / "old.jsonl", tmp_path / "new.jsonl"
    output = f'command = "cat >> {new}"' if now == "command" else f'jsonl = "{new}"'
    archive, first = hostile_archive(tmp_path, PIPE.format(output=output))
    add_hostile(archive, 903)
    batch = interrupted(archive, "command", f"cat >> {old}")
    (result,) = watch_run(archive)["watches"]  # type: ignore[misc]
    assert not old.exists()  # the command stored with the batch never runs
    assert sorted(delivered_ids(new)) == sorted([first, batch])
    # A command resends the batch (recovered); a file gets its articles as new matches.
    assert (result["recovered"], result["delivered"]) == ((1, 1) if now == "command" else (0, 2))
    watch_run(archive)
    assert len(delivered_ids(new)) == 2


def test_a_staged_file_for_an_old_target_is_delivered_to_the_new_one(tmp_path: Path) -> None:
    old, new = tmp_path / "old.jsonl", tmp_path / "new.jsonl"
    archive, first = hostile_archive(tmp_path, PIPE.format(output=f'jsonl = "{new}"'))
    staged = tmp_path / ".old.jsonl.killed.staged"
    batch = interrupted(archive, "jsonl", str(old), str(staged))
    (result,) = watch_run(archive)["watches"]  # type: ignore[misc]
    assert not old.exists() and not staged.exists()
    assert (result["recovered"], result["delivered"]) == (0, 1)
    assert delivered_ids(new) == [batch] == [first]


def test_dollar_signs_in_a_chart_title_are_drawn_as_written(tmp_path: Path) -> None:
    pytest.importorskip("matplotlib")
    archive, _ = hostile_archive(tmp_path)
    chart = tmp_path / "chart.png"
    query = 'alarm OR "$\\frac{x" OR "$5"'  # broken mathtext: matplotlib raised on it
    result = invoke_cli(
        *archive.cli_args(), "stats", query, "--split", "site", "--plot", str(chart)
    )
    assert_plain(result)
    assert chart.read_bytes().startswith(b"\x89PNG")


def test_the_batch_of_a_removed_watch_is_never_sent(tmp_path: Path) -> None:
    old, new = tmp_path / "old.jsonl", tmp_path / "new.jsonl"
    archive, _ = hostile_archive(tmp_path, PIPE.format(output=f'jsonl = "{new}"'))
    interrupted(archive, "command", f"cat >> {old}")
    # The watch is renamed in the config: the old name's batch belongs to no watch now.
    archive.config.write_text(
        archive.config.read_text("utf-8").replace('name = "pipe"', 'name = "pipe-2"'), "utf-8"
    )
    (result,) = watch_run(archive)["watches"]  # type: ignore[misc]
    assert result["name"] == "pipe-2" and result["delivered"] == 1
    assert not old.exists()
