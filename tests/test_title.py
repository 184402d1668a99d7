"""Headline choice: h1 that agrees with structured titles, site names off, entities decoded."""

from __future__ import annotations

import pytest

from crawler.extract import extract_article
from crawler.extract.title import (
    choose_title,
    clean_title,
    infer_site_names,
    strip_short_affix,
    strip_site_names,
)


@pytest.mark.parametrize(
    ("title", "names", "expected"),
    [
        ("Rates rise again - BBC News", ["BBC News"], "Rates rise again"),
        ("CCTV.com | China's soft power rises", ["CCTV.com"], "China's soft power rises"),
        ("Brexit: what happens next", ["BBC"], "Brexit: what happens next"),
        (
            "Bericht: Aktivistin getötet - Irans Justiz dementiert",
            ["MZ"],
            "Bericht: Aktivistin getötet - Irans Justiz dementiert",
        ),
        # ' -- ' stands for a dash (Sott.net)
        (
            "New court files expose a spy operation -- Sott.net",
            ["sott.net"],
            "New court files expose a spy operation",
        ),
        # the host's registered name spelt with spaces, at either end (Terminal Trove, GDC Vault)
        (
            "jolt - A TUI battery monitor. - Terminal Trove",
            ["terminaltrove.com"],
            "jolt - A TUI battery monitor.",
        ),
        ("GDC Vault - Parallelizing the Engine", ["gdcvault.com"], "Parallelizing the Engine"),
        ("Rates rise - BBC", ["www.bbc.co.uk"], "Rates rise"),
        # ... but not inside the headline, nor where the site name is no host name
        ("Ideas - Terminal Trove - rated", ["terminaltrove.com"], "Ideas - Terminal Trove - rated"),
        ("Terminal Trove - rated", ["Terminal Trove Blog"], "Terminal Trove - rated"),
    ],
)
def test_only_known_site_names_are_stripped(title: str, names: list[str], expected: str) -> None:
    assert strip_site_names(title, names) == expected


def test_bare_html_title_loses_a_short_affix() -> None:
    assert strip_short_affix("Floods hit the north | Daily Ledger") == "Floods hit the north"
    assert strip_short_affix("Markets rally as inflation cools") == (
        "Markets rally as inflation cools"
    )


def test_an_underscore_inside_a_name_in_code_parts_nothing() -> None:
    assert strip_short_affix("rustc_codegen_gcc: Progress Report #39") == (
        "rustc_codegen_gcc: Progress Report #39"
    )
    assert strip_short_affix("my_var_name is gone") == "my_var_name is gone"
    # ... while a Chinese portal's title still loses its site's name after '_'
    assert strip_short_affix("DeepMind新电脑已可利用记忆自学 人工智能迈上新台阶_科技_腾讯网") == (
        "DeepMind新电脑已可利用记忆自学 人工智能迈上新台阶_科技"
    )
    assert strip_short_affix("Headline in words_SiteName") == "Headline in words_SiteName"
    assert strip_short_affix("宇航员在太空中喝酒会怎么样 _光明网") == "宇航员在太空中喝酒会怎么样"


@pytest.mark.parametrize(
    ("raw", "title"),
    [
        ("## Hyper-Local Regolith Binding", "Hyper-Local Regolith Binding"),
        ("Top Home Gym Must Haves ⋆", "Top Home Gym Must Haves"),  # '⋆ %site%', site empty
        (
            "» Stress Hormones Could Predict Boxing Dominance",
            "Stress Hormones Could Predict Boxing Dominance",
        ),
        ("Floods hit the north |", "Floods hit the north"),
        # kept: a French quote's closing guillemet, a Nordic quote's dash, stars, '#1'
        (
            "Binet met en garde sur la « gravité de la situation »",
            "Binet met en garde sur la « gravité de la situation »",
        ),
        ("- Angsten vil øke", "- Angsten vil øke"),
        ("*Not* what you want to see", "*Not* what you want to see"),
        ("#1 hit single returns", "#1 hit single returns"),
    ],
)
def test_markdown_heading_marks_and_edge_separators_are_dropped(raw: str, title: str) -> None:
    assert clean_title(raw) == title


def test_entities_are_decoded_even_when_escaped_twice() -> None:
    assert clean_title("Trump&#039;s &amp;quot;deal&amp;quot;") == 'Trump\'s "deal"'


def test_structured_title_wins_and_an_h1_inside_it_trims_its_affix() -> None:
    title, source = choose_title(
        [("Tony Blair: Why there has to be compromise to end the Ukraine war", "json-ld")],
        ["Tony Blair: Why there has to be compromise in Ukraine"],
        "",
        [],
    )
    assert (title, source) == (
        "Tony Blair: Why there has to be compromise to end the Ukraine war",
        "json-ld",
    )
    title, source = choose_title(
        [("Steigende US-Zinsen setzen Dax zu | Sport", "meta")],
        ["Steigende US-Zinsen setzen Dax zu"],
        "",
        [],
    )
    assert (title, source) == ("Steigende US-Zinsen setzen Dax zu", "h1")


@pytest.mark.parametrize(
    ("structured", "h1", "title"),
    [
        # the h1 in lower case, styled up by the page's CSS
        (
            "History of coffee | Origin, Spread, Ethiopia, Arabia, Facts, & Timeline",
            "history of coffee",
            "History of coffee",
        ),
        # a question mark the title field leaves out
        (
            "How Much is Pet Insurance | 2025 Pet Insurance Cost Guide for Dogs & Cats",
            "How Much is Pet Insurance?",
            "How Much is Pet Insurance",
        ),
        # typographic against typed quotes, and a site name that holds a bar itself
        (
            "The Beginner's Guide to Gym Equipment - Urge Fitness | Affordable Gyms Near Me",
            "The Beginner’s Guide to Gym Equipment",
            "The Beginner's Guide to Gym Equipment",
        ),
    ],
)
def test_an_h1_spelt_apart_still_trims_the_affix(structured: str, h1: str, title: str) -> None:
    assert choose_title([(structured, "meta")], [h1], structured, []) == (title, "h1")


def test_a_kicker_before_the_h1_stays_in_the_structured_title() -> None:
    """Regression: 'Kicker: Headline' in JSON-LD lost its kicker when the h1 printed it apart."""
    title, source = choose_title(
        [("Nach Gaetz-Rückzug: Trump-Anwältin soll Justizministerin werden", "json-ld")],
        ["Trump-Anwältin soll Justizministerin werden"],
        "",
        [],
    )
    assert (title, source) == (
        "Nach Gaetz-Rückzug: Trump-Anwältin soll Justizministerin werden",
        "json-ld",
    )


def test_a_section_label_before_a_bar_goes_when_the_h1_is_the_rest() -> None:
    """The Washington Post: og:title 'Opinion | Enough platitudes: Let's name names' beside
    the h1 without the section. A kicker before a colon stays (above); a bar after a long
    part is no section label."""
    headline = "Enough platitudes: Let’s name names"
    title, source = choose_title([(f"Opinion | {headline}", "meta")], [headline], "", [])
    assert (title, source) == (headline, "h1")
    long_part = f"What the council decided on the harbour plan | {headline}"
    assert choose_title([(long_part, "meta")], [headline], "", [])[0] == long_part


def test_without_structured_titles_the_h1_found_in_the_page_title_wins() -> None:
    assert choose_title(
        [], ["中国软实力排名升至全球第二"], "中国软实力排名升至全球第二_新闻中心_央视网", []
    ) == ("中国软实力排名升至全球第二", "h1")


def test_an_unrelated_h1_loses_to_json_ld() -> None:
    title, source = choose_title([("Central bank raises rates", "json-ld")], ["Most read"], "", [])
    assert (title, source) == ("Central bank raises rates", "json-ld")


def test_site_name_learnt_from_the_html_title() -> None:
    title, _ = choose_title(
        [("Ukrainische Gegenoffensive | DW", "meta")],
        [],
        "Ukrainische Gegenoffensive | DW",
        ["Deutsche Welle"],
    )
    # Nothing to learn from, but a short part after '|' is a site name (issue 13).
    assert title == "Ukrainische Gegenoffensive"
    title, _ = choose_title(
        [("Ukrainische Gegenoffensive | DW", "meta")],
        ["Ukrainische Gegenoffensive"],
        "Ukrainische Gegenoffensive | DW",
        [],
    )
    assert title == "Ukrainische Gegenoffensive"


def test_selector_wins_and_nothing_gives_empty() -> None:
    assert choose_title([("Chosen", "selector")], ["Other"], "", []) == ("Chosen", "selector")
    assert choose_title([], [], "", []) == ("", "")


def test_a_logo_h1_loses_to_the_headline_h1_when_both_are_in_the_page_title() -> None:
    """Regression: without structured titles the logo h1 ('Caspian Wire') was chosen."""
    assert choose_title(
        [],
        ["Caspian Wire", "Caspian ferry line to resume crossings next month"],
        "Caspian ferry line to resume crossings next month - Caspian Wire",
        [],
    ) == ("Caspian ferry line to resume crossings next month", "h1")


def test_a_kicker_ending_in_a_colon_is_not_learnt_as_a_site_name() -> None:
    """Regression: 'Kicker: Headline - Section' made 'Kicker' a site name to strip."""
    html_title = "Rückbau von Atomkraftwerk: Kühltürme von AKW Gundremmingen gesprengt - Politik"
    assert infer_site_names(html_title, ["Kühltürme von AKW Gundremmingen gesprengt"]) == [
        "Politik"
    ]


def test_a_meta_headline_beats_an_og_title_with_section_and_site_glued_on() -> None:
    page = (
        "<html><head><title>Budget passes-Politics | Daily Ledger</title>"
        '<meta name="headline" content="Budget passes after a night of talks">'
        '<meta property="og:title" content="Budget passes-Politics | Daily Ledger">'
        "</head><body><p>Text.</p></body></html>"
    )
    assert extract_article(page).title == "Budget passes after a night of talks"


def test_a_headline_that_only_copies_the_page_title_loses_to_one_written_apart() -> None:
    copy = (
        "Swedish police to investigate reports of information leaks to violent gangs",
        "json-ld",
    )
    written = ("Swedish police to investigate reports of leaks to violent gangs", "meta")
    page_title = f"{copy[0]} | Euronews"
    assert choose_title([copy, written], [copy[0]], page_title, ["Euronews"]) == written
    # ...and the other way round: the og:title copies <title>, the JSON-LD headline is its own.
    ld = ("Unknown Maya cities shed new light on early history", "json-ld")
    og = ("Archaeological sensation: ancient Maya cities found in Guatemala", "meta")
    assert choose_title([ld, og], [og[0]], og[0], []) == ld


def test_a_copy_with_only_a_site_suffix_added_is_not_written_apart() -> None:
    ld = ("Police catch two burglars within two days", "json-ld")
    og = ("Police catch two burglars within two days - Samastipur News", "meta")
    assert choose_title([ld, og], [], ld[0], []) == ld


def test_the_same_words_keep_the_plainest_punctuation() -> None:
    quoted = ('"Pink hair sparks mockery": the riddle of the colour', "json-ld")
    plain = ("Pink hair sparks mockery: the riddle of the colour", "meta")
    assert choose_title([quoted, plain], [quoted[0]], plain[0], []) == plain


def test_a_site_selector_is_never_second_guessed() -> None:
    chosen = ("Budget passes", "selector")
    other = ("Budget passes after a night of talks", "meta")
    assert choose_title([chosen, other], [], "Budget passes", []) == chosen


def test_a_logo_h1_loses_to_a_headline_h1_written_apart_from_the_page_title() -> None:
    """Rolling Stone's shape: the headline h1 differs from <title>, and the logo h1 is the
    <title>'s last part, which alone was 'found in the page title'."""
    assert choose_title(
        [],
        ["Rolling Stone", "‘La La Land’: How a Young Filmmaker Resurrected the Musical"],
        "How 'La La Land' Resurrected the Hollywood Musical - Rolling Stone",
        [],
    ) == ("‘La La Land’: How a Young Filmmaker Resurrected the Musical", "h1")


def test_an_h1_labelled_logo_is_no_headline() -> None:
    """Politico's shape: the only h1 holds the logo ('POLITICO Politico Logo')."""
    assert choose_title(
        [],
        ["POLITICO Politico Logo"],
        "Insiders: Trump will sink Pence in VP debate - POLITICO",
        [],
    ) == ("Insiders: Trump will sink Pence in VP debate", "title")


def test_a_headline_that_is_the_page_titles_last_part_stays_a_headline() -> None:
    assert choose_title([], ["Storm closes ports"], "News | Storm closes ports", []) == (
        "Storm closes ports",
        "h1",
    )


def test_a_fullwidth_colon_sets_a_japanese_outlets_name_apart() -> None:
    """Asahi Shimbun's shape: 'Headline：朝日新聞デジタル' in og:title, the h1 the headline."""
    headline = "メディア芸術祭賞、「チコちゃんに叱られる！」が受賞"
    assert choose_title(
        [(f"{headline}：朝日新聞デジタル", "meta")], [headline], f"{headline}：朝日新聞デジタル", []
    ) == (headline, "h1")


def test_a_title_part_that_is_the_pages_host_is_the_site_name() -> None:
    """Pastebin: '<title>atg 1700 - Pastebin.com' and an og:title the same, no site name."""
    head = (
        "<title>atg 1700 - Pastebin.com</title>"
        '<meta property="og:title" content="atg 1700 - Pastebin.com">'
    )
    page = f"<html><head>{head}</head><body><div class='paste'>text</div></body></html>"
    assert extract_article(page, "https://pastebin.com/xYz12").title == "atg 1700"
    elsewhere = extract_article(page, "https://example.org/xYz12").title
    assert elsewhere == "atg 1700 - Pastebin.com"


def test_a_one_word_h1_inside_the_page_title_loses_to_the_headline_sharing_more_of_it() -> None:
    """vse-diety.com: h1s 'Диета Аткинса - потеря веса до 10 килограмм за 14 дней' ...
    'Отзывы' (the readers' reviews) and '<title>Диета Аткинса (14 дней) - потеря веса до 10
    кг. Отзывы': the last h1 is inside <title>, the first shares most of its words."""
    page = (
        "<html><head><title>Atkins diet (14 days) - lose up to 10 kg. Reviews</title></head>"
        "<body><h1>Atkins diet - lose up to 10 kilograms in 14 days</h1><p>Text.</p>"
        "<h1>Second phase of the diet</h1><p>More.</p><h1>Reviews</h1><p>Great.</p></body></html>"
    )
    assert extract_article(page).title == "Atkins diet - lose up to 10 kilograms in 14 days"


def test_a_headings_permalink_mark_is_no_part_of_it() -> None:
    """Sphinx and many blog engines end a heading with a link to itself: '<a
    class="headerlink" href="#evolve">¶</a>'; a headline ending in 'C#' keeps its '#'."""
    page = (
        "<html><head><title>Page</title></head><body><h1>Evolve: Shared Mutable History"
        '<a class="headerlink" href="#evolve" title="Permalink">¶</a></h1>'
        "<p>Text.</p></body></html>"
    )
    assert extract_article(page).title == "Evolve: Shared Mutable History"
    plain = page.replace("Evolve: Shared Mutable History", "Why We Moved Our Services To C#")
    assert extract_article(plain.replace("¶", "")).title == "Why We Moved Our Services To C#"


def test_without_metadata_a_printed_headline_beats_the_search_engine_title() -> None:
    """Regression (issue 13, metadata stripped: NPR, Washington Post, Fortune, Rzeczpospolita):
    <title> holds the headline written for search engines, the h1 the printed one, and the
    printed one is what og:title states where a page has metadata."""
    page = (
        "<html><head><title>Dylann Roof Convicted Of Charleston Church Massacre : The Two-Way"
        " : NPR</title></head><body><h1>Jury Finds Dylann Roof Guilty In S.C. Church Shooting"
        "</h1><p>" + "The jury deliberated for two hours before the verdict. " * 8 + "</p>"
        "</body></html>"
    )
    article = extract_article(page, "https://www.npr.org/sections/thetwo-way/roof")
    assert (article.title, article.title_source) == (
        "Jury Finds Dylann Roof Guilty In S.C. Church Shooting",
        "h1",
    )


@pytest.mark.parametrize("heading", ["Regionen", "Latest in Gear", "ニュース"])
def test_a_short_h1_is_a_section_name_and_leaves_the_page_title(heading: str) -> None:
    """DW's "Regionen", Engadget's "Latest in Gear": an h1 shorter than a headline names a
    section or a widget; the page's <title> is the better title."""
    page_title = "Post-Vac-Syndrom nach COVID-19-Impfung: Was wissen wir? | DW"
    assert choose_title([], [heading], page_title, []) == (
        "Post-Vac-Syndrom nach COVID-19-Impfung: Was wissen wir?",
        "title",
    )


def test_an_unspaced_headline_counts_its_characters() -> None:
    headline = "メディア芸術祭賞、チコちゃんが受賞"
    assert choose_title([], [headline], "芸術祭の結果：朝日新聞デジタル", []) == (headline, "h1")


def test_a_kicker_span_joined_to_the_headline_keeps_a_space() -> None:
    """Tageblatt: '<h1><span>Nationale Demo</span>Der 9. Juli naht: ...</h1>' read as
    'Nationale DemoDer 9. Juli naht'; markup inside a word ('Trump<span>'s</span>') stays."""
    page = (
        "<html><head><title>Page</title></head><body><h1><span>Nationale Demo</span>Der 9. Juli "
        "naht: Gewerkschaften demonstrieren Stärke</h1><p>Text.</p></body></html>"
    )
    assert extract_article(page).title == (
        "Nationale Demo Der 9. Juli naht: Gewerkschaften demonstrieren Stärke"
    )
    page = page.replace("<span>Nationale Demo</span>Der", "Trump<span>s</span> Demo:")
    assert extract_article(page).title.startswith("Trumps Demo: 9. Juli naht")


@pytest.mark.parametrize(
    ("page_title", "logo", "expected"),
    [
        # snacktory's blog pages (2010-2011): no metadata, the blog's name in the h1
        ("BenjaminSte.in - Hey guys, whatcha doing?", "BenjaminSte.in", "Hey guys, whatcha doing?"),
        # a colon without a space before it is no separator ('Kicker: Headline' stays whole)
        ("The Brain Dump: Gavin King unveils Ceylon", "The Brain Dump", None),
        ("Dear Mark Zuckerberg by Dalton Caldwell", "dalton", None),
    ],
)
def test_an_h1_that_only_links_home_is_the_sites_name(
    page_title: str, logo: str, expected: str | None
) -> None:
    """Regression (issue 13, snacktory and Omnivore blog pages): '<h1><a href="/">Blog</a>
    </h1>' names the site above the post's own h2; it is taken off <title> (else <title> is
    the title), never the title itself."""
    page = (
        f"<html><head><title>{page_title}</title></head><body><h1><a href='/'>{logo}</a></h1>"
        "<div class='post'><h2>The post</h2><p>"
        + "The post itself, long enough to be the body of the page. " * 6
        + "</p></div></body></html>"
    )
    url = "https://blog.example.org/post/1"
    assert extract_article(page, url).title == (expected or page_title)
    # the same h1 linking anywhere else is read as before: a headline, or a logo where it
    # is the shorter end of <title>
    elsewhere = extract_article(page.replace("href='/'", "href='/about'"), url).title
    assert elsewhere != (expected or page_title)


def test_a_heading_inside_the_sites_name_is_no_headline() -> None:
    """Regression (issue 13, Stratechery stripped of its metadata): a widget's h1 'By Ben
    Thompson' is inside <title>, but only inside its site-name part, once the home-linked h1
    has named the site."""
    page = (
        "<html><head><title>It’s a Tesla – Stratechery by Ben Thompson</title></head><body>"
        "<h1 class='site-title'><a href='https://stratechery.com/'>Stratechery by Ben Thompson"
        "</a></h1><article><h2>It’s a Tesla</h2><p>"
        + "The post itself, long enough to be the body of the page. "
        * 6
        + "</p></article><aside><h1 class='widget-title'>By Ben Thompson</h1></aside>"
        "</body></html>"
    )
    assert extract_article(page, "https://stratechery.com/2024/its-a-tesla/").title == (
        "It’s a Tesla"
    )


def test_a_blog_posts_entry_title_is_its_headline_under_the_blogs_h1() -> None:
    """Regression (issue 13, Blogger and WordPress blogs without metadata: The Grumpy
    Economist, Information Processing, Silicon Exposed, Bits or pieces?): the h1 names the
    blog, the post's title is marked 'entry-title' (hAtom), and <title> joins both."""
    page = (
        "<html><head><title>The Grumpy Economist: Free Market Vaccines</title></head><body>"
        "<div class='header'><h1 class='title'><a href='https://johnhcochrane.blogspot.com/'>"
        "The Grumpy Economist</a></h1></div>"
        "<div class='post hentry'><h3 class='post-title entry-title'>Free Market Vaccines</h3>"
        "<div class='post-body entry-content'><p>"
        + "Vaccines are slow to reach people because prices are fixed. " * 6
        + "</p></div></div></body></html>"
    )
    assert extract_article(page).title == "Free Market Vaccines"
    # no entry-title: the <title> as it stands ('Blog: Post' reads as a kicker)
    plain = page.replace(" entry-title", "")
    assert extract_article(plain).title == "The Grumpy Economist: Free Market Vaccines"
    # the class is a whole word of the list, wherever it stands; a longer word is another
    spaced = page.replace("'post-title entry-title'", "'post-title\n  entry-title '")
    assert extract_article(spaced).title == "Free Market Vaccines"
    longer = page.replace(" entry-title", " entry-titles")
    assert extract_article(longer).title == "The Grumpy Economist: Free Market Vaccines"


_DESCRIPTION = (
    "The Nutrition 2025 meeting hosted annually by the American Society for Nutrition brought"
    " together leading experts and clinicians to Orlando to showcase the latest in nutrition"
    " science. I compiled 5 trends that stood out to me."
)


def test_a_description_in_the_headline_field_is_outvoted_by_h1_and_title() -> None:
    """LinkedIn's JSON-LD puts the post's opening in `headline`; its h1, <title> and
    og:title agree on the headline."""
    structured = [(_DESCRIPTION, "json-ld"), ("5 Trends from Nutrition 2025", "meta")]
    title, source = choose_title(
        structured, ["5 Trends from Nutrition 2025"], "5 Trends from Nutrition 2025", []
    )
    assert (title, source) == ("5 Trends from Nutrition 2025", "meta")
    # no structured title agrees: the h1
    sentence = "Machine learning is a powerful form of AI that is affecting every industry."
    title, source = choose_title(
        [(sentence, "meta")], ["Machine learning, explained"], "Machine learning, explained", []
    )
    assert (title, source) == ("Machine learning, explained", "h1")


@pytest.mark.parametrize(
    ("structured", "h1", "page_title"),
    [
        # a headline, not prose: h1 and <title> hold the search-engine version (Funke's pages)
        ([("Ampeln tot, S-Bahnen stoppen: Wie sicher ist Deutschlands Stromnetz?", "json-ld")],
         "Stromausfall Berlin: Wie sicher ist unser Stromnetz?",
         "Stromausfall Berlin: Wie sicher ist unser Stromnetz?"),
        # prose, but h1 and <title> disagree with each other
        ([(_DESCRIPTION, "json-ld")], "5 Trends from Nutrition 2025", "Nutrition trends | Blog"),
        # the site's own selector is never outvoted
        ([(_DESCRIPTION, "selector")], "5 Trends from Nutrition 2025",
         "5 Trends from Nutrition 2025"),
    ],
)  # fmt: skip
def test_a_structured_title_stands_unless_prose_and_outvoted(
    structured: list[tuple[str, str]], h1: str, page_title: str
) -> None:
    title, _ = choose_title(structured, [h1], page_title, [])
    assert title == structured[0][0]
