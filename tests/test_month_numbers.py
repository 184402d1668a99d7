"""Month names of every dateparser locale: the table, its cache file, and dates found with it."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from crawler.extract import extract_article
from crawler.extract.dates import find_date_in_text
from crawler.extract.month_numbers import build_table, locale_month, month_table


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("Publikuar më 13 gusht 2020, 09:08", date(2020, 8, 13)),  # Albanian (koha.net)
        ("19 sierpnia 2020, 5:16", date(2020, 8, 19)),  # Polish, genitive (tvn24.pl)
        ("Dilluns, 23 Març 2020", date(2020, 3, 23)),  # Catalan (elvallenc.cat)
        ("Aktualizováno 13. srpna 2020", date(2020, 8, 13)),  # Czech
        ("13 Ağustos 2020 14:00", date(2020, 8, 13)),  # Turkish
        ("13 Αυγούστου 2020", date(2020, 8, 13)),  # Greek
        ("5 maart 2021", date(2021, 3, 5)),  # Dutch
        ("Frissítve: 2020. augusztus 13. 10:30", date(2020, 8, 13)),  # Hungarian, year first
    ],
)
def test_month_names_of_other_languages_are_read_in_text(text: str, day: date) -> None:
    found = find_date_in_text(text)
    assert found is not None and found.day == day


@pytest.mark.parametrize(
    "text",
    [
        "5 people 2020",  # a word in the month's place that no locale names a month
        "3 listopada 2020",  # October in Croatian, November in Polish: left out
        "Szezon 2020 augusztus 13",  # year first only with the dot Hungarian writes after it
    ],
)
def test_words_that_are_no_sure_month_give_no_date(text: str) -> None:
    assert find_date_in_text(text) is None


def test_a_name_goes_to_the_month_most_locales_give_it() -> None:
    january = ["styczeń", "januar"]
    locales = {
        "pl": [january, [], [], [], [], [], [], [], [], [], ["listopad"], []],
        "cs": [["leden"], [], [], [], [], [], [], [], [], [], ["listopad"], []],
        "hr": [["siječanj"], [], [], [], [], [], [], [], [], ["listopad"], [], []],
        "sl": [["januar."], [], [], [], [], [], [], [], [], ["oktobra"], [], []],
        "xx": [["ja", "jan 1"], [], [], [], [], [], [], [], [], [], [], ["oktobra"]],
    }
    table = build_table(locales)
    assert table["listopad"] == 11  # two locales against one
    assert table["januar"] == 1  # the same month in both, once without the dot
    assert "oktobra" not in table  # a tie
    assert "ja" not in table and "jan 1" not in table  # too short; not one word


def test_the_table_is_dateparsers_and_cached(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    month_table.cache_clear()
    try:
        assert locale_month("gusht") == 8 and locale_month("Sierpnia") == 8
        (cache,) = (tmp_path / "presswatch").glob("month-numbers-dateparser-*.json")
        locales = json.loads(cache.read_text(encoding="utf-8"))
        assert len(locales) > 150 and "gusht" in locales["sq"][7]
    finally:
        month_table.cache_clear()


def test_an_unreadable_cache_leaves_the_builtin_names(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))  # no folder can be made in a file
    month_table.cache_clear()
    try:
        assert locale_month("gusht") == 0
        assert find_date_in_text("13 gusht 2020") is None
        found = find_date_in_text("13 août 2020")  # the names the patterns know by heart
        assert found is not None and found.day == date(2020, 8, 13)
    finally:
        month_table.cache_clear()


def test_a_page_dated_only_in_its_language_gets_its_date() -> None:
    """Regression (issue 13, metadata stripped: koha.net): htmldate's last resort took an
    older date of the page because no pattern read 'gusht'."""
    page = (
        "<html><head><title>Arrestohen dy persona në Pejë</title></head><body>"
        "<h1>Arrestohen dy persona në Pejë për organizim të lojërave të fatit</h1>"
        "<p class='date'>13 gusht 2020, 09:08</p>"
        "<p>" + "Policia e Kosovës ka arrestuar dy persona në Pejë. " * 8 + "</p>"
        "<p>Lajmi i vitit 2019: 11.08.2019</p></body></html>"
    )
    article = extract_article(page, "https://www.koha.net/arberi/233165/arrestohen")
    assert article.published_day == date(2020, 8, 13)
    assert article.published_raw == "13 gusht 2020, 09:08"
