"""Page dates: datelines near the title's own headline, the script state, updates."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from lxml import etree
from lxml import html as lxml_html

from crawler.extract import extract_article, published
from crawler.extract.script_dates import MAX_KEY_TRIES, MAX_SCRIPT_CHARS
from crawler.extract.story_lists import in_story_teaser

FETCHED = datetime(2026, 1, 1, tzinfo=UTC)


def test_a_dateline_element_beats_a_date_inside_a_caption_sentence() -> None:
    page = (
        "<html><body><article><header><h1>Crowd gathers outside the theatre tonight</h1>"
        "</header><div><div>FILE PHOTO: the minister speaks to reporters at the harbour in "
        "Northport, January 16, 2021. Staff photographer</div>"
        "<p>January 18, 2021</p><p>The story itself, which has no other date.</p></div>"
        "</article></body></html>"
    )
    article = extract_article(page, fetched_at=FETCHED)
    assert (str(article.published), article.published_source) == ("2021-01-18", "text")


def test_the_date_next_to_the_titles_own_h1_wins_over_a_logo_h1s_neighbourhood() -> None:
    page = (
        "<html><head><title>Ferry line resumes - Caspian Wire</title></head><body>"
        "<div>Tuesday, (08 Dec 2020)</div><h1>Caspian Wire</h1>"
        "<div><div><h1>Ferry line resumes</h1></div><span>13 Oct 2020 18:29</span></div>"
        "</body></html>"
    )
    article = extract_article(page, fetched_at=FETCHED)
    assert article.title == "Ferry line resumes"
    assert (str(article.published), article.published_raw) == ("2020-10-13", "13 Oct 2020 18:29")


def _news_release(more_news: str) -> str:
    """Sanwa Supply's news release shape: the release's date above its block, the list of
    other releases with their dates inside the block, under the text."""
    return (
        "<html><head><title>Mouse with a fingerprint reader - Sanwa</title></head><body>"
        "<div id='container'><h1>News releases</h1><dl class='date'><dt>2019.03.08</dt>"
        "<dd><a href='/news/'>All news releases</a></dd></dl><div id='newsContent'>"
        "<h2>Mouse with a fingerprint reader</h2><p>The mouse signs you in to Windows with "
        f"a fingerprint and ships this spring.</p>{more_news}</div></div></body></html>"
    )


def test_the_dates_of_a_list_of_other_stories_are_not_the_articles() -> None:
    items = "".join(
        f"<dt>2022.08.{day:02d}</dt><dd><a href='/n/{day}'>Release {day}</a></dd>"
        for day in (10, 9, 8, 5)
    )
    page = _news_release(f"<h3>More news</h3><dl class='news'>{items}</dl>")
    assert str(extract_article(page, fetched_at=FETCHED).published) == "2019-03-08"
    listed = "".join(
        f"<li><a href='/n/{day}'>Release {day}</a> <span class='d'>2022-08-{day:02d}</span></li>"
        for day in (10, 9, 8)
    )
    page = _news_release(f"<ul>{listed}</ul>")
    assert str(extract_article(page, fetched_at=FETCHED).published) == "2019-03-08"


def test_a_date_among_other_byline_items_is_no_list() -> None:
    page = (
        "<html><head><title>Ferry line resumes</title></head><body><article>"
        "<h1>Ferry line resumes</h1><ul class='meta'><li>By Ann Lee</li><li>May 5, 2025</li>"
        "<li>3 min read</li></ul><p>The ferry runs again from Monday.</p></article>"
        "<aside><ul><li>Port news <span>2025-06-01</span></li></ul></aside></body></html>"
    )
    assert str(extract_article(page, fetched_at=FETCHED).published) == "2025-05-05"


def test_the_times_of_a_list_of_teasers_above_the_article_are_not_its_date() -> None:
    """ICI Radio-Canada: 'latest news' with a <time> in each item comes before the
    article's own <time>, all with the same 'published-date-time' class."""
    teasers = "".join(
        f"<li><article><a href='/n/{hour}'>Story {hour}</a><div class='published-date-time'>"
        f"<time datetime='2022-08-10 {hour}:00:00+00:00'>1 h ago</time></div></article></li>"
        for hour in (15, 14, 13)
    )
    page = (
        "<html><head><title>Tax havens</title></head><body>"
        f"<ul class='latest'>{teasers}</ul><main><h1>Tax havens</h1>"
        "<div class='published-date-time'>Publié le <time datetime='2017-03-13 19:18:46+00:00'>"
        "13 mars 2017</time></div><p>The judge heard the case.</p></main></body></html>"
    )
    article = extract_article(page, fetched_at=FETCHED)
    assert (str(article.published), article.published_source) == (
        "2017-03-13 19:18:46+00:00",
        "time",
    )
    one_item = page.replace(teasers, teasers.split("</li>")[0] + "</li>")
    assert str(extract_article(one_item, fetched_at=FETCHED).published).startswith("2022-08-10")


def test_a_list_of_latest_stories_that_holds_the_article_gives_its_time() -> None:
    """Anime News Network: the 'latest news' list at the top holds this story too, its
    link (relative here) pointing to the page itself; that item's time is the article's."""
    items = "".join(
        f"<li><time datetime='2026-06-15T{hour}:15:00-04:00'>{hour}:15</time> "
        f"<a href='/news/2026-06-15/story-{hour}/'>Story {hour}</a></li>"
        for hour in (11, 10, 9)
    )
    page = (
        "<html><head><title>Story 11</title><link rel='canonical' "
        "href='https://news.example/news/2026-06-15/story-11/'></head><body>"
        f"<ul>{items}</ul><h1>Story 11</h1><p>The manga launches in July.</p></body></html>"
    )
    url = "https://news.example/news/2026-06-15/story-11/?ref=feed"
    article = extract_article(page, url, fetched_at=datetime(2026, 7, 1, tzinfo=UTC))
    assert str(article.published) == "2026-06-15 11:15:00-04:00"


def test_an_embedded_tweets_date_is_not_the_articles() -> None:
    """The Week: a tweet quoted above the dateline signs off '— Name (@handle) January 1,
    2020'; that dates the tweet, the article is of the next day."""
    page = (
        "<html><head><title>Golf days</title></head><body><article><h1>Golf days</h1>"
        "<p>The president kicked off the year at his club.</p>"
        "<blockquote class='twitter-tweet'><p>Thirteenth day in a row.</p>"
        "<p>— Dana Reporter (@dreporter) <a href='https://twitter.com/x/status/1'>"
        "January 1, 2020</a></p></blockquote>"
        "<p class='meta'>Posted January 2, 2020</p><p>More of the story.</p>"
        "</article></body></html>"
    )
    article = extract_article(page, fetched_at=FETCHED)
    assert (str(article.published), article.published_source) == ("2020-01-02", "text")


def test_a_dateline_beside_the_headlines_columns_in_its_header() -> None:
    """Numerama: the h1 sits three columns deep in the article's <header>, 'Publié le <time>'
    in a sibling column; the menu before the article has more elements than the page-wide
    dateline search reads."""
    menu = "".join(f"<li><a href='/s/{n}'>Section {chr(97 + n % 26)}</a></li>" for n in range(200))
    page = (
        "<html><head><title>Sam Altman annonce des changements</title></head><body>"
        f"<nav><ul>{menu}</ul></nav><main><article><header><div class='row'>"
        "<div class='col'><div class='meta'>Publié le <time> 09 août 2025 à 10h00 </time>"
        "</div></div><div class='col'><div class='inner'><div class='left'>"
        "<h1>Sam Altman annonce des changements</h1><p>Quelques ajustements</p></div></div>"
        "</div></div></header><p>ChatGPT-5 est disponible depuis le 6 août 2025.</p>"
        "</article></main></body></html>"
    )
    article = extract_article(page, fetched_at=FETCHED)
    assert (article.published_raw, article.published_source) == ("09 août 2025 à 10h00", "text")


def test_a_dateline_after_the_headline_in_another_branch_of_the_layout() -> None:
    """Game Developer: the h1 and its standfirst sit in one nest of divs, the author and
    'October 24, 2024' in the next; the sidebar's teasers come first in the page, beyond
    the elements the page-wide dateline search reads."""
    teasers = "".join(
        f"<div><a href='/t/{n}'>Teaser number {n}</a><p>Mar {n + 1}, 2026</p></div>"
        for n in range(80)
    )
    page = (
        "<html><head><title>5 tips for no-bull indie game design</title></head><body>"
        f"<aside>{teasers}</aside><div><div><div><h1>5 tips for no-bull indie game design</h1>"
        "<p>A solo developer explores finding the fun.</p></div></div>"
        "<div><div><a href='/author/zd'>Zander Dejah</a><p>October 24, 2024</p></div></div>"
        "</div><div><p>Like many of you, I started with game jams.</p></div></body></html>"
    )
    article = extract_article(page, fetched_at=FETCHED)
    assert (article.published_raw, article.published_source) == ("October 24, 2024", "text")


def test_the_date_of_another_storys_article_card_is_not_the_pages() -> None:
    """Kong: the article's date is printed in a <div>; a 'Recommended posts' card under it is
    an <article> of its own, headed by its h1, with a <time datetime>. An <article> that
    holds the body under a headline set above it keeps its date."""
    card = (
        "<article><h1>What is Docs as Code?</h1><div><a href='/blog'>Learning Center</a>"
        "<time datetime='2025-04-14T04:00:00.000Z'>April 14, 2025</time></div>"
        "<p>If you take a step back and think about today's software.</p></article>"
    )
    page = (
        "<html><head><title>Essential Guide to API Documentation</title></head><body>"
        "<section><div>Learning Center</div><div>January 28, 2025</div>"
        "<h1>Essential Guide to API Documentation</h1></section>"
        f"<section><h2>Recommended posts</h2>{card}</section></body></html>"
    )
    article = extract_article(page, fetched_at=FETCHED)
    assert (article.published_raw, article.published_source) == ("January 28, 2025", "text")
    body = " ".join(["The guide goes on at length."] * 40)
    own_article = page.replace("<p>If you take", f"<p>{body}</p><p>If you take")
    assert extract_article(own_article, fetched_at=FETCHED).published_source == "time"


def _dated_page(dateline: str) -> str:
    return (
        "<html><head><title>Ferry line resumes</title></head><body><article>"
        f"<h1>Ferry line resumes</h1>{dateline}<p>The ferry runs again from Monday.</p>"
        "</article></body></html>"
    )


@pytest.mark.parametrize(
    "dateline",
    [
        "<p>Updated: May 6, 2025 | Published: May 5, 2025</p>",
        "<p>Aktualisiert am 06.05.2025</p><p>Veröffentlicht am 05.05.2025</p>",
        "<div><span>Mis à jour le</span> <time>6 mai 2025</time></div><p>5 mai 2025</p>",
        "<p>Last updated <b>May 6, 2025</b></p><p>May 5, 2025</p>",
    ],
)
def test_a_printed_update_is_the_modified_date_not_the_published(dateline: str) -> None:
    """The Opposing Views shape: 'Updated' printed before the date the article came out;
    the issue's failure class for <time> elements, for printed datelines."""
    article = extract_article(_dated_page(dateline), fetched_at=FETCHED)
    assert (str(article.published), article.published_source) == ("2025-05-05", "text")
    assert str(article.modified) == "2025-05-06"


@pytest.mark.parametrize(
    "dateline",
    [
        '<div class="entry-meta"><time class="updated">May 6, 2025</time>'
        '<time class="entry-date published">May 5, 2025</time> by Ann Lee</div>',
        '<p><span class="post-modified">May 6, 2025</span> '
        '<span class="post-published">May 5, 2025</span></p>',
    ],
)
def test_a_date_whose_class_marks_the_update_is_not_the_published(dateline: str) -> None:
    """Blister's WordPress theme prints the update's date first, marked only by its class,
    then the entry's date: without datetime attributes the class tells them apart."""
    article = extract_article(_dated_page(dateline), fetched_at=FETCHED)
    assert (str(article.published), article.published_source) == ("2025-05-05", "text")
    assert str(article.modified) == "2025-05-06"


def test_a_lone_updated_class_marks_the_posts_one_date() -> None:
    """hAtom themes put "updated" on the post's only date ('mvp-post-date updated'): with
    no date marked as the publication's, a later date in the header does not replace it."""
    page = _dated_page(
        '<div class="meta"><span class="mvp-post-date updated">May 5, 2025</span></div>'
        "<div class='meta'><span>Event: June 9, 2025</span></div>"
    )
    article = extract_article(page, fetched_at=FETCHED)
    assert (str(article.published), article.published_source) == ("2025-05-05", "text")


def test_a_dateline_that_only_gives_an_update_dates_the_page() -> None:
    """Seattle PI, News18: 'Updated 9:53 am PDT, Tuesday, September 1, 2020' is the only date
    printed near the headline, and the page's date."""
    page = _dated_page("<span class='timestamp'>Updated <time> Tuesday, September 1, 2020 </time>")
    article = extract_article(page, fetched_at=FETCHED)
    assert (str(article.published), article.published_source) == ("2020-09-01", "text")
    assert str(article.modified) == "2020-09-01"


def test_the_words_before_a_dateline_are_read_for_marks_not_for_dates() -> None:
    """goo blog: the headline before the dateline holds '2020/7/11-12'; the dateline's own
    '2020年07月12日' dates the page."""
    page = (
        "<html><head><title>Sale horses</title></head><body><h1>Blog name</h1><div>"
        "<h3>Sale horses that won (2020/7/11-12, 18 horses)</h3><div class='info'>"
        "<span>2020年07月12日</span> | Sale news</div><p>Text of the entry.</p></div>"
        "</body></html>"
    )
    assert str(extract_article(page, fetched_at=FETCHED).published) == "2020-07-12"


def test_the_words_before_a_dateline_skip_a_comment() -> None:
    from lxml import html as lxml_html

    tree = lxml_html.fromstring("<div><span>Updated</span><!-- ad --><time>6 May 2025</time></div>")
    assert published._lead(tree.find(".//time")) == "Updated"


def test_a_fresh_page_dated_in_its_own_language_hours_ago() -> None:
    """A German page fetched today whose only dateline is 'vor 2 Stunden'."""
    from datetime import timedelta

    page = _dated_page("<p class='meta'>Veröffentlicht vor 2 Stunden</p>")
    fetched = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)
    article = extract_article(page, fetched_at=fetched)
    assert (article.published, article.published_source) == (fetched - timedelta(hours=2), "text")


def test_a_printed_update_fills_modified_beside_a_date_from_the_metadata() -> None:
    """El Mundo: the metadata dates the article, the page prints 'Actualizado domingo
    28/10/2012 03:21 horas' under the byline and states no modification elsewhere."""
    page = _dated_page(
        "<div class='update'>Actualizado <strong>domingo 28/10/2012</strong> "
        "<strong>03:21 horas</strong></div>"
    ).replace(
        "<head>",
        "<head><meta property='article:published_time' content='2012-10-28T02:48:29+01:00'>",
    )
    article = extract_article(page, fetched_at=FETCHED)
    assert (str(article.published), article.published_source) == (
        "2012-10-28 02:48:29+01:00",
        "meta",
    )
    assert (str(article.modified)[:10], article.modified_source) == ("2012-10-28", "text")
    assert article.modified_raw.startswith("28/10/2012 03:21")


def _state_page(script: str) -> str:
    """A page dated only by its framework's state data (Die Welt, Seznam, Luxemburger Wort
    with their metadata gone): no meta tag, JSON-LD, <time>, dated URL nor dateline."""
    return (
        "<html><head><title>Thuringia votes on Sunday</title></head><body>"
        f"<script>{script}</script><h1>Thuringia votes on Sunday</h1>"
        "<p>The story itself, which prints no date.</p>"
        '<img src="https://cdn.example.com/uploads/2019/10/07/photo.jpg"></body></html>'
    )


def test_a_publication_key_in_the_pages_script_state_dates_it_before_htmldate() -> None:
    """htmldate took the record's first date ('lastModifiedDate', an image's upload folder);
    the value under the key naming the publication is the date."""
    state = (
        'window.__STATE__ = {"lastModifiedDate":"2024-08-27T08:49:08.000Z",'
        '"publicationDate":"2024-08-26T23:27:57.000Z"};'
    )
    article = extract_article(_state_page(state), "https://example.com/a/1", fetched_at=FETCHED)
    assert (article.published_source, article.published_raw) == (
        "script",
        "2024-08-26T23:27:57.000Z",
    )
    # JSON inside a JavaScript string (Next.js' streamed chunks) has its quotes escaped
    flight = (
        r'self.__next_f.push([1,"{\"updated\":\"2024-12-01\",'
        r'\"publishedDate\":\"2024-11-15T10:59:26Z\"}"])'
    )
    article = extract_article(_state_page(flight), "https://example.com/a/1", fetched_at=FETCHED)
    assert (article.published_source, str(article.published)[:10]) == ("script", "2024-11-15")


def test_a_tracking_layers_spaced_key_names_the_publication_too() -> None:
    """Vox's dataLayer: 'Last Time Updated' first, then 'Publish Date'."""
    layer = (
        'dataLayer = [{"Last Time Updated":"2018-07-24 14:16","Publish Date":"2017-12-15 08:50"}];'
    )
    article = extract_article(_state_page(layer), "https://example.com/a/1", fetched_at=FETCHED)
    assert (article.published_source, article.published_raw) == ("script", "2017-12-15 08:50")


@pytest.mark.parametrize(
    ("state", "instant"),
    [
        # Medium: milliseconds, after the author's account's "createdAt"
        ('{"createdAt":1344986320107,"firstPublishedAt":1426609660294}', "2015-03-17T16:27:40"),
        # Kotaku: the unit after the key; the last republication before it is not read
        ('{"lastPublishedAt":1660200000000,"publishTimeMillis":1660077900326}', "2022-08-09T20:45"),
        # CNBC: seconds, in JSON inside a JavaScript string
        (r'"{\"pubdate\":1682706180,\"id\":107230456}"', "2023-04-28T18:23"),
    ],
)
def test_a_unix_time_under_a_publication_key_dates_the_page(state: str, instant: str) -> None:
    article = extract_article(
        _state_page(f"var s = {state};"), "https://example.com/a/1", fetched_at=FETCHED
    )
    assert article.published_source == "script"
    assert article.published is not None
    assert article.published.astimezone(UTC).isoformat().startswith(instant)


def test_a_number_that_is_no_unix_time_is_no_date() -> None:
    """A story's id under a publication-like key, a number of 11 digits, or a decimal."""
    for state in ('{"published":12345}', '{"pubDate":14266096602}', '{"publishedAt":1426609660.5}'):
        article = extract_article(
            _state_page(f"var s = {state};"), "https://example.com/a/1", fetched_at=FETCHED
        )
        assert article.published_source != "script", state


def test_the_script_states_publication_beats_a_printed_update_alone() -> None:
    """Vox: the page prints only 'Updated Jul 24, 2018, 2:15pm EDT'; its dataLayer names
    the publication ('Publish Date'), which dates it; the printed update stays `modified`."""
    layer = (
        'dataLayer = [{"Last Time Updated":"2018-07-24 14:16","Publish Date":"2017-12-15 08:50"}];'
    )
    page = _state_page(layer).replace(
        "<p>The story itself", "<p>Updated Jul 24, 2018, 2:15pm EDT</p><p>The story itself"
    )
    article = extract_article(page, "https://example.com/a/1", fetched_at=FETCHED)
    assert (article.published_source, article.published_raw) == ("script", "2017-12-15 08:50")
    assert str(article.modified)[:10] == "2018-07-24"


def test_a_script_states_publication_after_the_printed_update_is_not_the_pages() -> None:
    """A health guide (WCXB, metadata stripped) prints 'Updated Dec. 23, 2024'; its script
    state's publication key says 2025-03-20, months later (a widget's or a related item's):
    a page is not published after it is updated, so the printed update dates it."""
    layer = 'dataLayer = [{"Publish Date":"2025-03-20 18:58"}];'
    page = _state_page(layer).replace(
        "<p>The story itself", "<p>Updated Dec. 23, 2024, 1:24 PM EST</p><p>The story itself"
    )
    article = extract_article(page, "https://example.com/a/1", fetched_at=FETCHED)
    assert (article.published_source, str(article.published)[:10]) == ("text", "2024-12-23")
    # a day later is the same day in another zone: the script's stands
    near = page.replace("2025-03-20 18:58", "2024-12-24 02:10")
    article = extract_article(near, "https://example.com/a/1", fetched_at=FETCHED)
    assert (article.published_source, article.published_raw) == ("script", "2024-12-24 02:10")


def test_an_update_or_creation_key_in_script_state_is_no_publication_date() -> None:
    state = 'var page = {"updated":"2026-06-10T17:00:00Z","created_date":"2024-08-27"};'
    article = extract_article(_state_page(state), "https://example.com/a/1", fetched_at=FETCHED)
    assert article.published_source != "script"


def test_a_date_in_the_title_dates_a_page_nothing_closer_dates() -> None:
    """DW: '<title>Was wissen wir? – DW – 13.06.2023' where the page prints no dateline (on
    the real page htmldate took a related story's 2016 date from the rest of it)."""
    page = (
        "<html><head><title>Post-Vac-Syndrom: Was wissen wir? – DW – 13.06.2023</title></head>"
        "<body><h1>Post-Vac-Syndrom: Was wissen wir?</h1><p>Die Geschichte selbst.</p>"
        "<aside><ul><li><a href='/a-1'>Corona und Wissenschaft</a> 27.02.2016</li>"
        "<li><a href='/a-2'>Grippe</a> 03.01.2017</li><li><a href='/a-3'>Masern</a> 09.05.2019</li>"
        "</ul></aside></body></html>"
    )
    article = extract_article(page, "https://www.dw.com/de/post-vac/a-65897191", fetched_at=FETCHED)
    assert (str(article.published), article.published_source) == ("2023-06-13", "title")
    # a dateline near the headline stays the closer statement
    printed = page.replace("<p>Die Geschichte", "<p>12.06.2023</p><p>Die Geschichte")
    article = extract_article(
        printed, "https://www.dw.com/de/post-vac/a-65897191", fetched_at=FETCHED
    )
    assert (str(article.published), article.published_source) == ("2023-06-12", "text")


def test_script_state_is_read_only_so_far() -> None:
    """A hostile page's megabytes of script are not all searched: a key past the first
    MAX_SCRIPT_CHARS of script text, or after MAX_KEY_TRIES other keys, is not read."""
    filler = "var x = '" + "a" * MAX_SCRIPT_CHARS + "';"
    late = filler + ' var s = {"datePublished":"2024-08-26"};'
    article = extract_article(_state_page(late), "https://example.com/a/1", fetched_at=FETCHED)
    assert article.published_source != "script"
    early = 'var s = {"datePublished":"2024-08-26"};' + filler
    article = extract_article(_state_page(early), "https://example.com/a/1", fetched_at=FETCHED)
    assert article.published_source == "script"
    crowded = '{"publishedBy":"x"},' * (MAX_KEY_TRIES + 1) + '{"datePublished":"2024-08-26"}'
    article = extract_article(_state_page(crowded), "https://example.com/a/1", fetched_at=FETCHED)
    assert article.published_source != "script"


def test_the_date_beside_another_storys_linked_headline_is_not_the_articles() -> None:
    """A single teaser ('<a>Judge To Replace Watson In Texas Senate</a> Jul 27, 2020') dates
    another story, even where it comes first; a dated headline that links to the page
    itself is the article's."""
    url = "https://radio.example/post/local-attorney"
    teaser = (
        "<div class='related'><div class='item'><a href='https://radio.example/post/other'>"
        "Judge To Replace Watson In Texas Senate</a><span>Jul 27, 2020</span></div></div>"
    )
    page = (
        "<html><head><title>Local attorney will be nominee</title></head><body><article>"
        f"<h1>Local attorney will be nominee</h1>{teaser}<p>August 16, 2020</p><p>The party "
        "chose its nominee on Sunday after a vote of the precinct chairs.</p></article>"
        "</body></html>"
    )
    assert str(extract_article(page, url, fetched_at=FETCHED).published) == "2020-08-16"
    own = teaser.replace("https://radio.example/post/other", url)
    dated = extract_article(page.replace(teaser, own), url, fetched_at=FETCHED).published
    assert str(dated) == "2020-07-27"


def test_an_articles_own_dateline_with_tags_or_a_dated_link_is_no_teaser() -> None:
    """The article's meta line followed by its tags ('<a>She Keeps Me Young</a>'), and a
    date that is itself a link ('<a href="/time/2020-10-13">13 Oct 2020 18:29</a>'), are the
    article's own dates: a teaser's headline comes before its date and reads as words."""
    own = frozenset({"news.example/a"})
    tags = (
        "<div class='meta'><p>by Natalia Keogan on <span>Dec 17, 2025</span></p>"
        "<a href='/tag/she-keeps-me-young/'>She Keeps Me Young</a></div>"
    )
    linked = "<ul><li><a href='/time/2020-10-13'>13 Oct 2020 18:29</a></li></ul>"
    teaser = "<div><a href='/other'>Judge To Replace Watson In Senate</a><span>Jul 27</span></div>"
    for snippet, xpath, expected in (
        (tags, "//span", False),
        (linked, "//li", False),
        (teaser, "//span", True),
    ):
        tree = lxml_html.fromstring(f"<html><body>{snippet}</body></html>")
        element = tree.xpath(xpath)[0]
        assert in_story_teaser(element, own, "https://news.example/a") is expected


def test_the_teaser_check_walks_a_deep_tree_without_recursion() -> None:
    """A hostile page nests its headline link thousands of levels deep in an empty block:
    the check climbs it in a loop (a recursive walk raised RecursionError)."""
    block = lxml_html.fromstring("<div><span>Jul 27, 2020</span></div>")
    date = block[0]
    deepest = block
    for _ in range(5000):
        deepest = etree.SubElement(deepest, "div")
    block.remove(date)
    block.append(date)
    link = etree.SubElement(deepest, "a", href="https://other.example/story")
    link.text = "Judge To Replace Watson In Senate"
    assert in_story_teaser(date, frozenset(), "https://news.example/a")


_STORY = " ".join(["The story's first paragraph runs well past twenty words of text"] * 3)


def _migrated_page(dateline: str, story: str = _STORY, stamped: str = "2025-11-05") -> str:
    """A page whose JSON-LD gives one day for publication and modification (a CMS that
    stamped an old story when it was moved), and prints its own date under the headline."""
    return (
        "<html><head><title>How much to pay for cleaning</title>"
        '<script type="application/ld+json">{"@type": "BlogPosting", "headline": "How much '
        f'to pay for cleaning", "datePublished": "{stamped}T10:00:00Z", '
        '"dateModified": "2025-11-05T16:30:00Z"}</script></head><body><article>'
        f"<h1>How much to pay for cleaning</h1>{dateline}<p>{story}</p>"
        "</article></body></html>"
    )


def test_a_dateline_earlier_than_one_stamp_for_both_metadata_dates_is_the_publication() -> None:
    """slatenyc.com, cdc.gov: JSON-LD publication and modification on one day (2025-11-05)
    and 'January 31, 2024' printed under the headline."""
    article = extract_article(
        _migrated_page("<p>January 31, 2024 · Written by Miguel Z.</p>"),
        url="https://www.example.com/resources/cleaning-cost",
        fetched_at=FETCHED,
    )
    assert (str(article.published), article.published_source) == ("2024-01-31", "text")
    assert str(article.modified) == "2025-11-05 16:30:00+00:00"


@pytest.mark.parametrize(
    ("dateline", "story", "stamped", "url_path"),
    [
        # a date in the story's running text after its first paragraph
        ("", f"{_STORY}</p><p>As of July 31, 2024, the agency has received", "2025-11-05", "a"),
        # the nearest dateline is an update's; the next date is a video list's
        (
            "<p>Updated: November 5, 2025</p><p>Tuesday 25 February, 2020</p>",
            _STORY,
            "2025-11-05",
            "a",
        ),
        # the URL holds the day the story was filed
        ("<p>January 31, 2024</p>", _STORY, "2025-11-05", "2025/11/05/a"),
        # one day earlier: the local day printed beside a stamp in UTC
        ("<p>November 4, 2025</p>", _STORY, "2025-11-05", "a"),
        # a date after another story's teaser: a list of stories, not the headline's dateline
        (
            "<div><a href='/other-story'>Another story with its own long headline</a>"
            "<span>May 15, 2017</span></div><p>January 31, 2024</p>",
            _STORY,
            "2025-11-05",
            "a",
        ),
        # a dateline later than the metadata's day: the metadata is kept
        ("<p>November 20, 2025</p>", _STORY, "2025-11-05", "a"),
        # publication and modification on different days: the metadata is kept
        ("<p>January 31, 2024</p>", _STORY, "2025-10-01", "a"),
    ],
)
def test_the_metadatas_publication_stands_where_no_dateline_heads_the_story(
    dateline: str, story: str, stamped: str, url_path: str
) -> None:
    page = _migrated_page(dateline, story, stamped)
    article = extract_article(page, url=f"https://www.example.com/{url_path}", fetched_at=FETCHED)
    assert (str(article.published)[:10], article.published_source) == (stamped, "json-ld")


_STORY = "<p>" + "The council voted on the harbour plan after a long debate. " * 6 + "</p>"
_COMMENTS = (
    '<div id="comments" class="comments-area"><ol class="comment-list"><li class="comment">'
    '<div class="comment-author"><cite itemprop="name" class="fn">Bill</cite></div>'
    '<div class="entry-meta comment-metadata"><a href="#comment-78">'
    '<time datetime="2009-01-13T11:16:33-04:00" itemprop="{prop}">January 13, 2009</time>'
    "</a></div><p>Great post.</p></li></ol></div>"
)


def test_a_readers_comment_dates_no_article() -> None:
    """WordPress themes mark each comment's time with microdata (indietraveller.co's
    published date was a 2022 comment's, alittleadrift.com's modified date a 2009 one's)."""
    page = (
        "<html><head><meta property='article:published_time' content='2025-08-02T10:00:00Z'>"
        "</head><body><article><h1>Facing fears of travelling solo</h1>"
        f"{_STORY}</article>{_COMMENTS.format(prop='dateModified')}</body></html>"
    )
    article = extract_article(page, fetched_at=FETCHED)
    assert str(article.published) == "2025-08-02 10:00:00+00:00"
    assert article.modified is None
    printed = (
        "<html><body><article><h1>Facing fears of travelling solo</h1><p>August 2, 2025</p>"
        f"{_STORY}</article>{_COMMENTS.format(prop='datePublished')}</body></html>"
    )
    article = extract_article(printed, fetched_at=FETCHED)
    assert (str(article.published), article.published_source) == ("2025-08-02", "text")


def test_a_related_posts_update_stamp_is_not_the_articles() -> None:
    """Lesotho Times (a Soledad theme): the post's one <time> is 'published updated' (never
    updated), related posts below carry 'updated' stamps of their own (one from 2018)."""
    own = (
        '<time class="entry-date published updated" datetime="2025-11-21T15:34:26+02:00">'
        "November 21, 2025</time>"
    )
    related = (
        '<div class="item-related"><h4><a href="/other/">Govt to forge ahead</a></h4>'
        '<div class="penci-schema-markup"><time class="entry-date published" '
        'datetime="2018-01-27T13:34:35+02:00">January 27, 2018</time><time class="updated" '
        'datetime="2018-01-27T13:34:54+02:00">January 27, 2018</time></div></div>'
    )
    page = (
        '<html><head><script type=\'application/ld+json\'>{"@type": "NewsArticle", '
        '"datePublished": "2025-11-21T15:34:26+02:00"}</script></head><body><article>'
        f"<h1>Makara off the hook in fraud case</h1>{own}{_STORY}</article>{related}"
        "</body></html>"
    )
    article = extract_article(page, fetched_at=FETCHED)
    assert str(article.published) == "2025-11-21 15:34:26+02:00"
    assert article.modified is None
    updated = page.replace("entry-date published updated", "updated").replace(
        '"datePublished"', '"dateModified": "x", "datePublished"'
    )
    assert str(extract_article(updated, fetched_at=FETCHED).modified) == "2025-11-21 15:34:26+02:00"


# A tax guide (WCXB, metadata stripped) prints only 'Updated Jan. 17, 2025' under its headline;
# its first paragraph says the tax season ends April 15, 2025, which was taken for the
# publication: the update dates it. A price guide whose JSON-LD states only its modification
# took 'valid through 01/23/2026' for its publication: with no printed update, no date.
_TAX_GUIDE = (
    "<html><head><title>How to file your taxes for free</title></head><body><article>"
    "<h1>How to file your taxes for free</h1><div class='meta'><span>Updated Jan. 17, "
    "2025</span></div><div><p>The end of the 2025 tax season for most Americans is April "
    "15, 2025. If you are unable to file before that date, you can ask for an extension."
    "</p><p>Free filing sites open in January and some close at the end of tax season.</p>"
    "</div></article></body></html>"
)
_PRICE_GUIDE = (
    "<html><head><title>Electrical service costs</title>"
    '<script type="application/ld+json">{"@type": "WebPage", "dateModified": '
    '"2025-11-04T00:00:00.000Z"}</script></head><body><article><h1>Electrical service '
    "costs</h1><p>Valid through 01/23/2026</p><p>This estimate is based on actual data "
    "from 31 completed projects in the area. Actual costs may still vary.</p></article>"
    "</body></html>"
)


@pytest.mark.parametrize(
    ("page", "fetched", "dates"),
    [
        (_TAX_GUIDE, datetime(2025, 6, 1, tzinfo=UTC), ("2025-01-17", "2025-01-17")),
        (_PRICE_GUIDE, datetime(2026, 2, 1, tzinfo=UTC), ("None", "2025-11-04")),
    ],
)
def test_no_page_is_published_after_its_modification(
    page: str, fetched: datetime, dates: tuple[str, str]
) -> None:
    article = extract_article(page, url="https://example.com/guide", fetched_at=fetched)
    assert (str(article.published), str(article.modified)[:10]) == dates
