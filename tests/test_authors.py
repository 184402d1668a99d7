"""Author names: structured values and visible bylines cleaned into people or organisations."""

from __future__ import annotations

import pytest
from lxml import html as lxml_html

from crawler.extract import extract_article
from crawler.extract.authors import clean_authors, is_outlet_name
from crawler.extract.bylines import byline_names, labelled_names
from crawler.extract.story_lists import own_addresses


def _tree(snippet: str) -> lxml_html.HtmlElement:
    return lxml_html.fromstring(f"<html><body>{snippet}</body></html>")


def test_profile_slug_becomes_a_name() -> None:
    assert clean_authors(["chuck-ross"]) == ["Chuck Ross"]


def test_lower_case_domain_or_outlet_name_is_kept() -> None:
    assert clean_authors(["ndr.de"]) == ["ndr.de"]
    assert clean_authors(["kicker"], ["kicker"]) == ["kicker"]
    assert clean_authors(["amw"], ["kicker"]) == []


def test_digits_inside_a_word_are_allowed_but_not_numbers() -> None:
    assert clean_authors(["BR24 Redaktion"]) == ["BR24 Redaktion"]
    assert clean_authors(["105092", "05. November 2024"]) == []


def test_generic_agency_word_and_author_label_are_not_names() -> None:
    assert clean_authors(["red, ORF.at/Agenturen"]) == ["ORF.at"]
    assert clean_authors(["松岡大地", "この記事の筆者"]) == ["松岡大地"]


@pytest.mark.parametrize("label", ["Reading Time", "Read time", "Lesezeit", "Temps de lecture"])
def test_a_reading_times_label_is_no_name(label: str) -> None:
    """WCXB: 'Daniel Rodriguez', then 'Reading Time' and '6 min' in leaves of their own."""
    assert clean_authors(["Daniel Rodriguez", label]) == ["Daniel Rodriguez"]


def test_regional_desk_of_the_outlet_is_an_outlet() -> None:
    assert is_outlet_name("MDR THÜRINGEN", ["MDR"])
    assert not is_outlet_name("David Straub", ["MDR"])


def test_prefix_in_its_own_element_without_a_space_is_dropped() -> None:
    tree = _tree('<div class="author"><span>Von</span><a href="/a">BR24 Redaktion</a></div>')
    assert clean_authors(byline_names(tree)) == ["BR24 Redaktion"]


def test_extract_keeps_the_domain_author_of_structured_data() -> None:
    page = (
        '<html><head><script type="application/ld+json">{"@type": "NewsArticle", '
        '"headline": "Storm", "author": {"@type": "Organization", "name": "ndr.de"}}'
        "</script></head><body><h1>Storm</h1><p>Text.</p></body></html>"
    )
    assert extract_article(page, "https://www.ndr.de/a.html").authors == ["ndr.de"]


def test_bylines_of_related_stories_far_away_are_ignored() -> None:
    tree = _tree(
        '<main><article><div class="meta"><span class="author">Madeleine Howell</span>'
        "</div></article></main><aside><ul><li><article><div><div><div>"
        '<span class="author">Rebecca Astill</span></div></div></div></article></li></ul></aside>'
    )
    assert byline_names(tree) == ["Madeleine Howell"]


def test_co_authors_side_by_side_are_all_kept() -> None:
    tree = _tree(
        '<div class="bylines"><div class="byline"><address><a>Ingrid Treborg</a></address></div>'
        '<div class="byline"><address><a>Marlene Holm</a></address></div></div>'
    )
    assert clean_authors(byline_names(tree)) == ["Ingrid Treborg", "Marlene Holm"]


def test_author_class_matches_in_camel_case() -> None:
    tree = _tree('<header><ul class="metaInfoAuthorList"><li>Nathaniel Flakin</li></ul></header>')
    assert byline_names(tree) == ["Nathaniel Flakin"]


def test_follow_author_buttons_are_not_bylines() -> None:
    tree = _tree(
        '<div><button class="followAuthorBtn">Folgen</button>'
        '<a class="followAuthorBtn" href="/t">Themen bearbeiten</a></div>'
    )
    assert byline_names(tree) == []


def test_skyline_class_is_no_byline_but_any_class_on_rel_author_is() -> None:
    assert byline_names(_tree('<div class="skyline">Berlin Mitte</div>')) == []
    tree = _tree('<p><a rel="author" class="link" href="/p/jd">Jane Doe</a></p>')
    assert byline_names(tree) == ["Jane Doe"]


def test_source_credit_is_no_byline() -> None:
    assert byline_names(_tree('<div class="backlink__author">Quelle: sid/dpa</div>')) == []


def test_names_after_an_author_label_are_the_last_resort() -> None:
    tree = _tree("<ul><li><strong>Autorin/Autor</strong> Roman Goncharenko </li></ul>")
    assert clean_authors(byline_names(tree)) == ["Roman Goncharenko"]
    tree = _tree(
        '<ul><li>Von: <span><a href="/bm">Bill M</a>, </span><a href="/mg">Mia G</a></li></ul>'
    )
    assert clean_authors(byline_names(tree)) == ["Bill M", "Mia G"]
    tree = _tree('<span class="date">Author: <b></b>Brijesh Srivastava</span>')
    assert clean_authors(byline_names(tree)) == ["Brijesh Srivastava"]


@pytest.mark.parametrize("label", ["Von", "Par", "Por", "Door", "Av"])
def test_a_capitalised_short_label_before_a_linked_name_is_a_byline(label: str) -> None:
    """Euronews, Les Echos, Junge Welt, Versants: '<div class="c-article-contributors">Von
    <a href="/profile/3270">Malek Fouda</a></div>', where the page states no author. The
    lower-case word stays a preposition: '<li>von <a>Berlin</a> nach Rom</li>'."""
    byline = f'<div class="c-article-contributors">{label} <a href="/p/3">Malek Fouda</a></div>'
    assert clean_authors(byline_names(_tree(byline))) == ["Malek Fouda"]
    prose = f'<p>{label.lower()} <a href="/p/3">Malek Fouda</a></p>'
    assert byline_names(_tree(prose)) == []


def test_a_menu_link_named_authors_is_no_label() -> None:
    assert (
        byline_names(_tree('<nav><a href="/authors">Authors</a><a href="/t">Topics</a></nav>'))
        == []
    )


def test_co_authors_are_near_when_counted_from_their_author_items() -> None:
    authors = "".join(
        f'<div><a itemprop="author"><span><span itemprop="name">{name}</span></span></a></div>'
        for name in ("Jim Rutenberg", "Lisa Lerer")
    )
    tree = _tree(
        f'<article><div class="byline"><div class="coauthors">{authors}</div></div></article>'
    )
    assert byline_names(tree) == ["Jim Rutenberg", "Lisa Lerer"]


def test_bylines_in_a_sidebar_or_menu_are_ignored() -> None:
    tree = _tree(
        '<aside><ul><li><span class="preview__author">Sergei B</span></li></ul></aside>'
        '<nav><a href="/author/ann">Ann Lee</a></nav>'
    )
    assert byline_names(tree) == []


def test_a_cyrillic_author_label_is_no_name() -> None:
    tree = _tree('<div class="author_block"><p>Автор:</p><p>Олеся Жуковень</p></div>')
    assert clean_authors(byline_names(tree)) == ["Олеся Жуковень"]


def test_a_byline_the_page_marks_as_its_author_counts_in_an_aside_or_nav() -> None:
    """Shapes of real pages (The Guardian's 2016 layout, NDTV): the article's own byline sits
    in an <aside> or a <nav>, marked rel="author" or itemprop="author" (its text the name)."""
    guardian = _tree(
        '<aside class="content__meta-container"><div class="meta__contact-wrap"><address>'
        '<div><a rel="author" href="/profile/jcw">Julia Carrie Wong</a></div>'
        '<div><a rel="author" href="/profile/sl">Sam Levin</a></div></address></div></aside>'
    )
    assert clean_authors(byline_names(guardian)) == ["Julia Carrie Wong", "Sam Levin"]
    ndtv = _tree(
        '<nav><div><span><a href="/author/swati-bhasin">'
        '<span itemprop="author">Swati Bhasin</span></a></span></div></nav>'
    )
    assert clean_authors(byline_names(ndtv)) == ["Swati Bhasin"]


def test_a_marked_author_in_a_sidebar_waits_for_the_byline_elsewhere() -> None:
    tree = _tree(
        '<article><p class="byline">By <a href="/p/ann">Ann Lee</a></p><p>Text.</p></article>'
        '<aside><ul><li><a rel="author" href="/p/bo">Bo Chen</a></li></ul></aside>'
    )
    assert clean_authors(byline_names(tree)) == ["Ann Lee"]
    figure = _tree(
        '<figure><figcaption><a rel="author" href="/p/x">Jo Poe</a></figcaption></figure>'
    )
    assert byline_names(figure) == []


def test_element_boundaries_separate_words_of_a_byline() -> None:
    """247sports: '<span>By</span>Travis Haney' read as 'ByTravis Haney'."""
    tree = _tree('<a class="article-cnt__author" href="/u/th"><span>By</span>Travis Haney</a>')
    assert clean_authors(byline_names(tree)) == ["Travis Haney"]


def test_an_initial_is_no_conjunction_and_an_author_note_is_no_name() -> None:
    assert clean_authors(["Laura E. Adkins"]) == ["Laura E. Adkins"]
    assert clean_authors(["Y. Zhang and E. Li"]) == ["Y. Zhang", "E. Li"]
    assert clean_authors(["Maria Rossi e Luca Bianchi"]) == ["Maria Rossi", "Luca Bianchi"]
    assert clean_authors(["Juan Pérez y María López"]) == ["Juan Pérez", "María López"]
    assert clean_authors(["Laura E. Adkins is Opinion Editor of the Forward."]) == []
    assert clean_authors(["Die Autorin ist Wissenschaftsautorin in Washington"]) == []


def test_a_readers_quote_and_a_site_builders_credit_are_no_names() -> None:
    """Reuters' comment quotes ('TheUSofA wrote:', snacktory's test page) beside the
    reporters, and a government site's footer ('Government Websites by CivicPlus®', WCXB).
    A sponsor's credit stays: it names who wrote the paid post (WCXB's truth keeps it)."""
    raw = ["Jed Horowitz", "Joseph Menn", "Vuenbelvue wrote", "TheUSofA wrote:"]
    assert clean_authors(raw) == ["Jed Horowitz", "Joseph Menn"]
    assert clean_authors(["Government Websites by CivicPlus®"]) == []
    assert clean_authors(["Powered by WordPress"]) == []
    assert clean_authors(["Sponsored by StackCommerce"]) == ["Sponsored by StackCommerce"]
    assert clean_authors(["Wrote Smith"]) == ["Wrote Smith"]


def test_profile_controls_beside_the_name_are_not_names() -> None:
    """CNET, Page Six, LinkedIn, The Washington Post: 'See full bio', 'Get author RSS feed',
    '+ Follow', 'Bio' in the byline element."""
    controls = ("See full bio", "Get author RSS feed", "+ Follow", "Bio", "WATCH LIVE")
    # Yahoo ('Link copied' of its share button), InformationWeek ('Connect Directly',
    # 'Comment Now', the section 'News'), podcast hosts ('View the Website', 'Log in'), a
    # blog's 'Comment' column head (berthub.eu).
    more = ("Link copied", "Connect Directly", "Comment Now", "News", "View the Website")
    more += ("Comment", "Comments")
    # RT en Español ('Publicado'), Motorsport.com ('More from' above the writer's name).
    labels = ("Publicado", "Publié", "Veröffentlicht", "More from")
    for control in (*controls, *more, *labels, "Log in", "Sign in"):
        assert clean_authors(["Oli Coleman", control]) == ["Oli Coleman"], control


def test_a_meta_author_that_is_the_copyright_holder_gives_way_to_the_writer() -> None:
    """Condé Nast's sites (Wired, Pitchfork, The New Yorker): <meta name="author"> names the
    company, as <meta name="copyright"> does, and article:author names the writer."""
    head = (
        '<meta name="author" content="Cond&#xE9; Nast">'
        '<meta name="copyright" content="Copyright (c) Cond&#xE9; Nast 2022">'
    )
    writer = '<meta content="Emma Grey Ellis" property="article:author">'
    page = "<html><head>{}</head><body><h1>Memes</h1><p>Text.</p></body></html>"
    url = "https://www.wired.com/2016/12/memes/"
    assert extract_article(page.format(head + writer), url).authors == ["Emma Grey Ellis"]
    byline = page.format(head).replace("<p>", '<p class="byline">By Ann Lee</p><p>')
    assert extract_article(byline, url).authors == ["Ann Lee"]  # the company is no person
    assert extract_article(page.format(head), url).authors == ["Condé Nast"]  # all there is


def test_an_article_author_profile_url_gives_the_writer_its_slug_names() -> None:
    """Engadget: article:author holds the profile URL (as the Open Graph protocol has it)."""
    page = "<html><head>{}</head><body><h1>Chips</h1><p>Text.</p></body></html>"
    url = "https://www.engadget.com/2016/12/21/chips/"
    profile = (
        '<meta property="article:author" content="https://www.engadget.com/editors/jon-fingas/">'
    )
    assert extract_article(page.format(profile), url).authors == ["Jon Fingas"]
    facebook = '<meta property="article:author" content="https://www.facebook.com/laurenjgwriter">'
    assert extract_article(page.format(facebook), url).authors == []
    cxense = '<meta name="cXenseParse:author" content="ZDNet Japan Staff">'
    assert extract_article(page.format(cxense), url).authors == ["ZDNet Japan Staff"]


def test_a_name_written_surname_first_is_turned_round() -> None:
    """Parse.ly and Dublin Core tags ('Gillman, Steve' at The Penny Hoarder, 'Jong, Michiel
    de' in an IETF draft) write catalogue order; two people or two credits stay two."""
    assert clean_authors(["Gillman, Steve"]) == ["Steve Gillman"]
    assert clean_authors(["Jong, Michiel de"]) == ["Michiel de Jong"]
    assert clean_authors(["van der Berg, Jan"]) == ["Jan van der Berg"]
    assert clean_authors(["By Doe, Jane J."]) == ["Jane J. Doe"]
    assert clean_authors(["Ann Lee, Bo Chen"]) == ["Ann Lee", "Bo Chen"]
    assert clean_authors(["Reuters, AFP"]) == ["Reuters", "AFP"]
    assert clean_authors(["dpa, Berlin"]) == ["dpa", "Berlin"]


def test_citation_author_tags_name_each_author() -> None:
    """bioRxiv and other scholarly pages: one citation_author tag per author (Google
    Scholar's tags), in either order."""
    tags = '<meta name="citation_author" content="{}">'
    head = tags.format("Markus, Havell") + tags.format("Jun Zhao")
    page = f"<html><head>{head}</head><body><h1>DNA</h1><p>Text.</p></body></html>"
    article = extract_article(page, "https://www.biorxiv.org/content/10.1101/696633v1")
    assert article.authors == ["Havell Markus", "Jun Zhao"]


def test_a_byline_whose_leaves_are_single_words_is_one_name() -> None:
    """Highwire's author lists: each name is given name and surname in their own spans."""
    tree = _tree(
        '<div class="citation-authors"><span class="citation-author">'
        '<span class="given">Havell</span> <span class="surname">Markus</span></span>, '
        '<span class="citation-author"><span class="given">Jun</span> '
        '<span class="surname">Zhao</span></span></div>'
    )
    assert clean_authors(byline_names(tree)) == ["Havell Markus", "Jun Zhao"]
    two_people = _tree('<p class="byline"><span>Ann Lee</span><span>Bo Chen</span></p>')
    assert clean_authors(byline_names(two_people)) == ["Ann Lee", "Bo Chen"]


def test_a_date_in_the_byline_element_is_no_part_of_the_name() -> None:
    """The Forward, the New York Daily News, the Chicago Tribune: the byline element holds
    the date too ('By Laura E. Adkins December 28, 2016')."""
    assert clean_authors(["By Laura E. Adkins December 28, 2016"]) == ["Laura E. Adkins"]
    assert clean_authors(["Jane Doe 28 December 2016, 14:05"]) == ["Jane Doe"]
    assert clean_authors(["Jane Doe | Updated 12/28/2016"]) == ["Jane Doe"]
    assert clean_authors(["Jane Doe 2016-12-28"]) == ["Jane Doe"]
    assert clean_authors(["Theresa May"]) == ["Theresa May"]  # a month name alone stays


def test_a_date_before_the_names_goes_alone() -> None:
    """FlatpanelsHD (issue 13, metadata stripped): '10 Jun 2025 | Rasmus Larsen |' in a
    'dateauthorartikel' element lost the name too: a date was cut with all after it."""
    assert clean_authors(["10 Jun 2025 | Rasmus Larsen |"]) == ["Rasmus Larsen"]
    assert clean_authors(["Published 12.05.2020, Melanie Wassink"]) == ["Melanie Wassink"]
    assert clean_authors(["Updated: May 5, 2025 at 10:00"]) == []
    # NPR (WCXB, metadata stripped): the date's time and zone go with it, and the show's
    # line before 'By' then goes as words before a capitalised 'By'.
    npr = "October 17, 2023 6:01 PM ET Heard on All Things Considered By Sergio Martínez-Beltrán"
    assert clean_authors([npr]) == ["Sergio Martínez-Beltrán"]
    assert clean_authors(["12.05.2020, 14:30 Uhr Melanie Wassink"]) == ["Melanie Wassink"]
    tree = _tree(
        '<div class="dateauthorartikel">10 Jun 2025 | <a href="contact.php">Rasmus Larsen</a>'
        " | <a href='#comments'>2 comments</a></div>"
    )
    assert clean_authors(byline_names(tree)) == ["Rasmus Larsen"]


def test_a_part_that_starts_with_a_lowercase_preposition_is_no_name() -> None:
    """Lifehacker (Kinja): the network's links 'on Deadspin', 'on Jalopnik' were taken as the
    authors; a capitalised first word ('In Sook Kim') is a name."""
    assert clean_authors(["on Deadspin", "on Jalopnik"]) == []
    assert clean_authors(["Kyle Kellogg at MSA Models", "at MSA Models"]) == [
        "Kyle Kellogg at MSA Models"
    ]
    assert clean_authors(["In Sook Kim"]) == ["In Sook Kim"]


def test_the_outlet_in_capitals_after_the_name_is_dropped() -> None:
    """'By Meg Wagner NEW YORK DAILY NEWS Dec 16, 2016 at 1:38 pm'; names written all in
    capitals, or with the surname in capitals, stay whole."""
    byline = "By Meg Wagner NEW YORK DAILY NEWS Dec 16, 2016 at 1:38 pm"
    assert clean_authors([byline]) == ["Meg Wagner"]
    assert clean_authors(["JOE HILDEBRAND"]) == ["JOE HILDEBRAND"]
    assert clean_authors(["Jean DUPONT"]) == ["Jean DUPONT"]
    assert clean_authors(["Laura E. Adkins CNN US"]) == ["Laura E. Adkins"]


def test_profile_urls_joined_by_commas_name_each_writer() -> None:
    """The Guardian: one article:author tag holds both writers' profile URLs."""
    profiles = (
        "https://www.theguardian.com/profile/julia-carrie-wong,"
        "https://www.theguardian.com/profile/sam-levin"
    )
    head = f'<meta name="article:author" content="{profiles}">'
    page = f"<html><head>{head}</head><body><h1>Facebook</h1><p>Text.</p></body></html>"
    url = "https://www.theguardian.com/technology/2016/dec/16/facebook-fake-news"
    assert extract_article(page, url).authors == ["Julia Carrie Wong", "Sam Levin"]


def test_an_element_whose_class_says_writer_is_a_byline() -> None:
    """Thought Catalog ('tc_article-meta-writer-name'), CNET Japan: 'writer' where other
    sites say 'author'."""
    tree = _tree(
        '<header><h1>One Day</h1><cite class="article-meta-writer-name">By <a title="More" '
        'href="https://example.com/lauren-jarvis-gibson/">Lauren Jarvis-Gibson</a>, '
        '<time datetime="2016-12-16">December 16th 2016</time></cite></header>'
    )
    assert clean_authors(byline_names(tree)) == ["Lauren Jarvis-Gibson"]


def test_everything_after_a_spaced_dot_in_a_byline_is_the_credit() -> None:
    """CBC: 'Pete Evans · CBC News · Posted: Oct 14, 2022 9:27 AM ET'."""
    byline = "Pete Evans · CBC News · Posted: Oct 14, 2022 9:27 AM ET | Last Updated: today"
    assert clean_authors([byline]) == ["Pete Evans"]
    assert clean_authors(["Jane Doe — The Daily Ledger — Metro desk"]) == ["Jane Doe"]


def test_a_capitalised_by_before_the_name_marks_a_byline_without_a_class() -> None:
    """Quartz, Bustle: generated class names, no rel or itemprop; only 'By' says what the
    name is. A lower-case 'by' in running text is no label."""
    quartz = _tree('<div class="_ceVT">By <span class="rlwyg">Yomi Kazeem</span></div>')
    assert clean_authors(byline_names(quartz)) == ["Yomi Kazeem"]
    bustle = _tree('<div class="Yc"><span>By </span><a href="/p/1">Teresa Newsome</a></div>')
    assert clean_authors(byline_names(bustle)) == ["Teresa Newsome"]
    running = _tree("<p>Written <em>by</em> <b>Ann Lee</b>, the text goes on at length.</p>")
    assert byline_names(running) == []


def test_links_set_apart_by_words_are_not_a_list_of_authors() -> None:
    """Phoronix: 'Written by <a>Michael Larabel</a> in <a>Valve</a> on 1 June 2019.
    <a>51 Comments</a>'; a list of writers is joined by commas and 'and'."""
    phoronix = _tree(
        '<div class="author">Written by <a href="https://www.michaellarabel.com/">Michael '
        'Larabel</a> in <a href="/linux/Valve">Valve</a> on 1 June 2019 at 08:34 PM EDT. '
        '<a href="/forums/node/1103455">51 Comments</a></div>'
    )
    assert clean_authors(byline_names(phoronix)) == ["Michael Larabel"]
    three = _tree(
        '<p class="byline">By <a href="/a">Ann Lee</a>, <a href="/b">Bo Chen</a> and '
        '<a href="/c">Cy Young</a> in <a href="/politics">Politics</a></p>'
    )
    assert clean_authors(byline_names(three)) == ["Ann Lee", "Bo Chen", "Cy Young"]


def test_a_profile_slug_with_an_initial_keeps_it() -> None:
    """The New York Times: 'byl'-less pages list profile slugs ('william-k-rashbaum')."""
    assert clean_authors(["william-k-rashbaum"]) == ["William K. Rashbaum"]


def test_an_author_note_is_dropped_whole_not_split_at_its_commas() -> None:
    """Spektrum: 'Die Autorin ist Wissenschaftsautorin in Washington, USA.' beside the name;
    its comma left 'USA' behind as a second author."""
    note = "Die Autorin ist Wissenschaftsautorin in Washington, USA."
    assert clean_authors(["Christie Wilcox", note]) == ["Christie Wilcox"]


def test_brackets_around_a_byline_and_a_note_in_brackets_after_it_go() -> None:
    """Le Monde: 'Par Cécile Ducourtieux (Bruxelles, bureau européen)'; ITmedia:
    '[田中宏昌，ITmedia]' with a fullwidth comma; Publickey: 'Junichi Niino（jniino）'."""
    byline = "Par Cécile Ducourtieux (Bruxelles, bureau européen)"
    assert clean_authors([byline]) == ["Cécile Ducourtieux"]
    assert clean_authors(["[田中宏昌，ITmedia]"], ["ITmedia"]) == ["田中宏昌"]
    assert clean_authors(["Junichi Niino（jniino）"]) == ["Junichi Niino"]
    assert clean_authors(["Richard (R.J.) Eskow"]) == []  # a note inside the name: unsure


def test_the_outlets_own_credit_is_the_author_when_the_page_names_nobody_else() -> None:
    """Apartment Therapy ('Apartment Therapy Submissions'), a personal blog whose site name
    is its writer's: the byline names only the outlet; a person beside it still wins."""
    page = (
        '<html><head><meta property="og:site_name" content="Apartment Therapy"></head><body>'
        '<h1>A Light Filled LA Loft</h1><div class="PostByline"><a class="PostByline__author" '
        'href="/authors/submissions">Apartment Therapy Submissions</a></div>'
        "<p>The loft has windows on three sides.</p></body></html>"
    )
    url = "https://www.apartmenttherapy.com/la-loft-236564"
    assert extract_article(page, url).authors == ["Apartment Therapy Submissions"]
    person = page.replace("</div>", '<a class="author" href="/authors/ann">Ann Lee</a></div>')
    assert extract_article(person, url).authors == ["Ann Lee"]


def test_the_names_of_readers_comments_are_no_byline() -> None:
    """Dan Wang's blog (WordPress): the post's author is in JSON-LD under the site's own
    name; the first 'comment-author' under the post named a commenter instead."""
    jsonld = (
        '<script type="application/ld+json">{"@type": "BlogPosting", "headline": "2022 letter",'
        ' "author": {"@type": "Person", "name": "Dan Wang"}}</script>'
    )
    page = (
        f'<html><head>{jsonld}<meta property="og:site_name" content="Dan Wang"></head><body>'
        "<article><h1>2022 letter</h1><p>The year began in Shanghai.</p></article>"
        '<div id="comments" class="comments-area"><ol class="commentlist"><li class="comment">'
        '<div class="comment-author vcard"><cite class="fn">Mike L</cite></div>'
        "<p>Great letter.</p></li></ol></div></body></html>"
    )
    assert extract_article(page, "https://danwang.co/2022-letter/").authors == ["Dan Wang"]
    tree = _tree('<div id="comments"><span class="author">Mike L</span></div>')
    assert byline_names(tree) == []


def test_the_kind_of_piece_before_by_is_no_part_of_the_name() -> None:
    """Süddeutsche Zeitung: 'Essay von Alexander Hagelüken'; 'Analysis by', 'Interview von'.
    A particle inside a name stays ('Dani di Placido')."""
    assert clean_authors(["Essay von Alexander Hagelüken"]) == ["Alexander Hagelüken"]
    assert clean_authors(["Analysis by Ann Lee"]) == ["Ann Lee"]
    assert clean_authors(["Dani di Placido"]) == ["Dani di Placido"]


def test_a_list_of_comments_is_no_byline() -> None:
    """Yahoo News: each reader's comment in a 'comments-list' carries a 'byline' of its own
    ('J J', 'S Sky') after the article's author."""
    comments = (
        '<ul class="comments-list List(n)"><li class="comment">'
        '<div class="byline Fz(13px)">J J</div><p>So true.</p></li>'
        '<li class="comment"><div class="byline Fz(13px)">S Sky</div><p>No.</p></li></ul>'
    )
    assert byline_names(_tree(comments)) == []
    article = '<div class="author">Nataliya Vasilyeva</div>'
    assert byline_names(_tree(article + comments)) == ["Nataliya Vasilyeva"]


def test_a_dated_label_alone_is_no_name() -> None:
    """Spiceworks: an 'author-details' element held only 'Last Updated: January 7, 2025',
    whose cut date left 'Last' as a name."""
    assert clean_authors(["Last Updated: January 7, 2025"]) == []
    assert clean_authors(["Updated: 7 January 2025"]) == []
    assert clean_authors(["By Laura E. Adkins Last updated December 28, 2016"]) == [
        "Laura E. Adkins"
    ]


def test_a_button_is_no_byline() -> None:
    """Habr: the header's 'Как стать автором' ('become an author') button has 'author' in
    its class."""
    tree = _tree('<a class="tm-header__become-author-btn" href="/sandbox">Как стать автором</a>')
    assert byline_names(tree) == []
    assert byline_names(_tree('<span class="author-name">Ann Lee</span>')) == ["Ann Lee"]


def test_a_user_name_in_metadata_is_the_author_when_the_page_names_no_one() -> None:
    """Habr, a WordPress blog: JSON-LD gives a lower-case user name ('programmerguru') as
    the Person. A name the byline writes out beats it: al.com's meta 'mikecason' beside
    'Mike Cason' on the page."""
    jsonld = (
        '<script type="application/ld+json">{"@type": "BlogPosting", "headline": "Js tricks",'
        ' "author": {"@type": "Person", "name": "programmerguru"}}</script>'
    )
    page = f"<html><head>{jsonld}</head><body><h1>Js tricks</h1><p>Text.</p></body></html>"
    url = "https://habr.com/ru/articles/712386/"
    assert extract_article(page, url).authors == ["programmerguru"]
    named = page.replace("<p>", '<p class="byline">By Mike Cason</p><p>')
    assert extract_article(named, url).authors == ["Mike Cason"]
    assert clean_authors(["programmerguru"]) == []
    assert clean_authors(["programmerguru"], handles=True) == ["programmerguru"]


def test_a_teasers_byline_under_its_linked_headline_is_not_the_articles() -> None:
    """D Magazine: 'Related content' teasers (a linked headline, then a 'byline' link) come
    before the byline the page marks only with an /author/ link: 'By Kathy Wise'."""
    teaser = (
        '<article class="w-stories__item"><div class="block__content">'
        '<h1 class="block__title"><a href="/frontburner/2012/02/dorsett-sues/">Tony Dorsett '
        'Is Suing the Cowboys</a></h1><a class="byline" href="/author/mikemooney">Michael J. '
        "Mooney</a></div></article>"
    )
    own = (
        '<header><h1>NFL Concussion Settlement Payments Can Begin</h1><div class="info">'
        '<span>By <a href="/author/kathy-wise">Kathy Wise</a></span></div></header>'
    )
    page = f"<html><body>{own}<p>The Supreme Court defers.</p>{teaser * 3}</body></html>"
    url = "https://www.dmagazine.com/frontburner/2016/12/nfl-concussion-settlement/"
    assert extract_article(page, url).authors == ["Kathy Wise"]
    # A headline that links to the page itself is the article's own.
    mine = teaser.replace("/frontburner/2012/02/dorsett-sues/", url)
    assert byline_names(_tree(mine)) == []
    assert byline_names(_tree(mine), own_addresses(url, ""), url) == ["Michael J. Mooney"]
    # A one-word section link over the byline is no headline.
    section = (
        '<div><div><h2><a href="/sports/">Sports</a></h2><p class="byline">Ann Lee</p></div></div>'
    )
    assert byline_names(_tree(section)) == ["Ann Lee"]


def test_a_user_name_in_the_byline_is_the_author_when_nothing_else_names_one() -> None:
    """IIJ's tech blog, Blogger, GitHub: the byline's hCard names a user ('doumae',
    'swardley'). Written-out names and the metadata's come first."""
    byline = (
        '<span class="author vcard"><a class="url fn n" href="/author/doumae">doumae</a></span>'
    )
    page = f"<html><body><h1>Packet capture at scale</h1>{byline}<p>Text.</p></body></html>"
    url = "https://techlog.iij.ad.jp/archives/2500"
    article = extract_article(page, url)
    assert (article.authors, article.authors_source) == (["doumae"], "byline")
    named = page.replace("<p>", '<p class="byline">By Mike Cason</p><p>')
    assert extract_article(named, url).authors == ["Mike Cason"]
    meta = page.replace("<html>", '<html><head><meta name="author" content="swardley"></head>')
    assert (extract_article(meta, url).authors, extract_article(meta, url).authors_source) == (
        ["swardley"],
        "meta",
    )


@pytest.mark.parametrize("placeholder", ["guest", "anonymous", "undefined", "null", "webmaster"])
def test_a_placeholder_is_no_user_name(placeholder: str) -> None:
    """User names are taken when nothing else names anyone; template placeholders and
    generic accounts are no one's name."""
    assert clean_authors([placeholder], handles=True) == []
    assert clean_authors([f"By {placeholder.title()}"]) == []


def test_job_titles_and_log_in_links_in_other_languages_are_no_names() -> None:
    """ABC (Madrid): 'Marta Cañete', 'Corresponsal' and an 'Iniciar sesión' link beside
    the byline; the English job titles were already known."""
    assert clean_authors(["Marta Cañete", "Corresponsal"]) == ["Marta Cañete"]
    assert clean_authors(["Anna Weber", "Redakteurin"]) == ["Anna Weber"]
    assert clean_authors(["Marta Cañete", "Iniciar sesión"]) == ["Marta Cañete"]
    assert clean_authors(["Corresponsal"]) == ["Corresponsal"]  # alone, it is the credit


def test_an_address_element_is_the_authors_even_in_a_figure() -> None:
    """WAZ, Hamburger Abendblatt, Berliner Morgenpost: the author box is a <figure> with the
    author's photo and an <address> holding the name, no byline class. A site's postal
    address in its <footer> is no author."""
    box = (
        '<figure class="flex items-center"><img src="/p.jpg" alt=""><figcaption>'
        '<address class="not-italic"><a href="/autoren/philipp-wahl/">Philipp Wahl</a>'
        "</address></figcaption></figure>"
    )
    assert byline_names(_tree(box)) == ["Philipp Wahl"]
    caption = '<figure><img src="/p.jpg" alt=""><figcaption>Foto: Ann Lee</figcaption></figure>'
    assert byline_names(_tree(caption)) == []
    footer = "<footer><address>Funke Medien NRW GmbH</address></footer>"
    assert byline_names(_tree(footer)) == []


def test_a_byline_class_in_other_languages_is_a_byline() -> None:
    """WDR: <p class="autor small">Von Nina Magoley</p>; French sites write 'auteur'. A
    class that only starts like the word ('autorefresh') is none."""
    assert byline_names(_tree('<p class="autor small">Von Nina Magoley</p>')) == [
        "Von Nina Magoley"
    ]
    assert clean_authors(byline_names(_tree('<p class="autor small">Von Nina Magoley</p>'))) == [
        "Nina Magoley"
    ]
    assert byline_names(_tree('<span class="auteur">Anne Lee</span>')) == ["Anne Lee"]
    assert byline_names(_tree('<div class="autorefresh">Live Ticker</div>')) == []


def test_a_label_and_a_name_in_one_element_of_their_own_are_a_byline() -> None:
    """ZDF, Süddeutsche Zeitung: 'von Katja Belousova' in a span with generated classes,
    nothing else marking it. A teaser's 'Von Ines Zöttl, Washington' inside the link to its
    story is not the article's (Spiegel), nor is a phrase ('von Sonntag bis Montag')."""
    assert byline_names(_tree('<div><span class="m2113">von Katja Belousova</span></div>')) == [
        "Katja Belousova"
    ]
    teaser = (
        '<a href="/other-story"><span>Rettet die Reichen</span>'
        "<span>Von Ines Zöttl, Washington</span></a>"
    )
    assert byline_names(_tree(teaser)) == []
    assert byline_names(_tree("<p>Geöffnet von Sonntag bis Montag</p>")) == []
    assert byline_names(_tree("<span>von Sonntag bis Montag</span>")) == []


def test_a_comment_forms_name_field_is_no_byline() -> None:
    """Global News (WordPress): the comment form's 'Name' label sits in a
    'comment-form-author' paragraph, before the article's byline is found by its class."""
    form = (
        '<div id="respond"><form><p class="comment-form-author"><label>Name</label>'
        '<input name="author"></p></form></div>'
    )
    assert byline_names(_tree(form)) == []
    byline = '<div class="c-byline__text">By Samya Kullab and Vasilisa Stepanenko</div>'
    assert clean_authors(byline_names(_tree(form + byline))) == [
        "Samya Kullab",
        "Vasilisa Stepanenko",
    ]


def test_a_button_holding_just_a_written_name_is_a_byline() -> None:
    """Motorsport-Magazin: the author's name is a button ('autor-info-btn') that opens the
    author's box; a button holding words is still a control (Habr, above)."""
    button = '<p><strong class="autor-info-btn">Tobias Mühlbauer</strong></p>'
    assert byline_names(_tree(button)) == ["Tobias Mühlbauer"]


def test_written_by_and_a_name_in_one_element_are_a_byline() -> None:
    """The Namibian: '<span>Written by Eliaser Ndeyanale</span>', no byline class."""
    assert byline_names(_tree("<div><span>Written by Eliaser Ndeyanale</span></div>")) == [
        "Eliaser Ndeyanale"
    ]


def test_share_and_follow_buttons_beside_a_byline_are_no_names() -> None:
    """CNA's author card is followed by 'Bookmark', 'WhatsApp', 'Telegram', 'LinkedIn'
    buttons; Stuff's byline by 'Whats App' and 'Reddit'; the Rams' by a 'Copied!' toast."""
    assert clean_authors(["Daphne Yow", "Bookmark", "WhatsApp", "Telegram", "LinkedIn"]) == [
        "Daphne Yow"
    ]
    assert clean_authors(["Whats App", "Reddit", "Jono Galuszka", "Copied!"]) == ["Jono Galuszka"]
    assert clean_authors(["Printz Ostrowski"]) == ["Printz Ostrowski"]


def test_a_job_title_beside_the_name_is_no_author() -> None:
    """CNN: 'Joan Biskupic' + 'CNN Senior Supreme Court Analyst'; BuzzFeed: '... UK News
    Fellow'; Postlight: 'CEO'. Alone, a title stays: it is what the page credits."""
    assert clean_authors(["Joan Biskupic", "CNN Senior Supreme Court Analyst"]) == ["Joan Biskupic"]
    assert clean_authors(["Ikran Dahir", "BuzzFeed UK News Fellow"]) == ["Ikran Dahir"]
    assert clean_authors(["Gina Trapani", "CEO"]) == ["Gina Trapani"]
    assert clean_authors(["Megan Fellows"]) == ["Megan Fellows"]


def test_a_byline_given_whole_and_in_pieces_is_one_name() -> None:
    """A byline element and its children each match: Die Welt gives the name with the job
    title after it and both alone, iNews the name with the title and the title, Dagbladet
    the name and its two words, Luxemburger Wort 'SID Nachrichtenagentur' and its words."""
    welt = ["Holger Zschäpitz Leitender Wirtschaftsredakteur", "Holger Zschäpitz"]
    assert clean_authors([*welt, "Leitender Wirtschaftsredakteur"]) == ["Holger Zschäpitz"]
    inews = ["Michael Hincks Freelance sports writer", "Freelance sports writer"]
    assert clean_authors(inews) == ["Michael Hincks"]
    assert clean_authors(["Martin Gramnæs", "Martin", "Gramnæs"]) == ["Martin Gramnæs"]
    assert clean_authors(["SID Nachrichtenagentur", "SID", "Nachrichtenagentur"]) == ["SID"]
    assert clean_authors(["Anna Lee", "Lee Chen"]) == ["Anna Lee", "Lee Chen"]


def test_the_words_before_a_bylines_names_are_no_name() -> None:
    """t-online: 'Eine Analyse von' in its own element before the name; La Vanguardia's
    'Actualizado a' (updated at) beside the byline; The New York Times' 'Deal Professor By'."""
    assert clean_authors(["Eine Analyse von", "Patrick Diekmann"]) == ["Patrick Diekmann"]
    assert clean_authors(["Carlota Guindal", "Actualizado a"]) == ["Carlota Guindal"]
    assert clean_authors(["Deal Professor By", "Steven Davidoff Solomon"]) == [
        "Steven Davidoff Solomon"
    ]
    assert clean_authors(["Marc von Lüpke"]) == ["Marc von Lüpke"]


def test_a_test_hook_naming_the_byline_marks_it_where_classes_are_generated() -> None:
    """BBC: <span data-testid="byline-contributors"> around generated classes; Nine News:
    data-ui-testid="header-byline". A hook for the author's photo or the date is none, nor
    a 'Save' button beside the name."""
    bbc = (
        '<div class="sc-e56a85d5-1"><span data-testid="byline-contributors" class="sc-11">'
        '<div class="sc-e56a85d5-7"><span class="sc-8">Duncan Walker</span></div></span>'
        "<button>Save</button></div>"
    )
    assert clean_authors(byline_names(_tree(bbc))) == ["Duncan Walker"]
    nine = (
        '<div data-ui-testid="header-byline" class="sc-czxEME"><a href="/t">Adam Vidler</a></div>'
    )
    assert byline_names(_tree(nine)) == ["Adam Vidler"]
    photo = '<div data-testid="author-image"><img alt="Ann Lee"><span>Ann Lee</span></div>'
    assert byline_names(_tree(photo)) == []
    assert clean_authors(["Duncan Walker", "Save"]) == ["Duncan Walker"]


def test_a_company_named_beside_a_person_is_no_author() -> None:
    """Gizmodo Japan: 'mediagene Inc' beside the writer; a company stays when it is the only
    name given. A surname that looks like a legal form in lower case ('Bo Co') is a name."""
    assert clean_authors(["mediagene Inc", "小暮ひさのり"]) == ["小暮ひさのり"]
    assert clean_authors(["Henning Peitsmeier", "Frankfurter Allgemeine Zeitung GmbH"]) == [
        "Henning Peitsmeier"
    ]
    assert clean_authors(["Frankfurter Allgemeine Zeitung GmbH"]) == [
        "Frankfurter Allgemeine Zeitung GmbH"
    ]
    assert clean_authors(["Anna Eg", "Bo Co"]) == ["Anna Eg", "Bo Co"]


def test_the_weekday_before_a_bylines_date_goes_with_the_date() -> None:
    """The Register: 'Chris Mellor Tue 3 May 2016'; Hamburger Abendblatt: 'Melanie
    Wassink, Fr, 12.05.2020'. A name that is also a weekday word stays ('Sunday Dare')."""
    assert clean_authors(["Chris Mellor Tue 3 May 2016"]) == ["Chris Mellor"]
    assert clean_authors(["Melanie Wassink, Fr, 12.05.2020"]) == ["Melanie Wassink"]
    assert clean_authors(["Sunday Dare"]) == ["Sunday Dare"]


def test_a_link_to_a_german_author_page_marks_the_byline() -> None:
    """LTO, Süddeutsche Zeitung, Tagesspiegel, 20 Minuten: 'von <a href="/autoren/name/
    max-kolter">Dr. Max Kolter</a>', the only sign of the byline among generated classes."""
    page = '<p class="x1">von <a href="/autoren/name/max-kolter">Dr. Max Kolter</a></p>'
    assert byline_names(_tree(page)) == ["Dr. Max Kolter"]


def test_the_outlets_initials_are_the_outlet() -> None:
    """LTO's metadata names 'LTO' (Legal Tribune Online) as the author: the outlet's credit,
    so the reporter its byline names comes first."""
    assert is_outlet_name("LTO", ["Legal Tribune Online"])
    assert is_outlet_name("TPN", ["The Portugal News"])
    assert not is_outlet_name("Lto", ["Legal Tribune Online"])
    assert not is_outlet_name("Max Kolter", ["Legal Tribune Online"])


def test_the_outlet_named_by_the_page_title_is_no_author_beside_a_person() -> None:
    """Fox News, The West Australian, HuffPost, BBC (issue 13, metadata stripped): without
    og:site_name the outlet's credit beside the reporter was kept as a second author; the
    <title> names the outlet after the headline."""
    page = (
        "<html><head><title>Senate passes the harbour bill | Fox News</title></head><body>"
        "<article><h1>Senate passes the harbour bill</h1>"
        "<div class='author-byline'><a href='/person/k/aaron-kliegman'>Aaron Kliegman</a>"
        " | <span>Fox News</span></div>"
        + "<p>The Senate passed the harbour bill on Tuesday after a long debate.</p>" * 12
        + "</article></body></html>"
    )
    article = extract_article(page, "https://www.foxnews.com/politics/harbour-bill")
    assert article.authors == ["Aaron Kliegman"]
    alone = page.replace("<a href='/person/k/aaron-kliegman'>Aaron Kliegman</a> | ", "")
    assert extract_article(alone, "https://www.foxnews.com/politics/harbour-bill").authors == [
        "Fox News"
    ]


def test_a_name_set_apart_from_the_job_title_after_it_is_the_name() -> None:
    """The Mirror (issue 13, metadata stripped): '<strong>Steffan Rhys</strong> Deputy
    Content Hub Director' was one part ending in a job title, so a label, and the byline
    gave no name."""
    tree = _tree(
        '<div class="Authors_authors-container" data-testid="byline-author"><span>'
        "<strong>Steffan Rhys</strong> Deputy Content Hub Director</span></div>"
    )
    assert clean_authors(byline_names(tree)) == ["Steffan Rhys"]
    plain = _tree('<div class="author"><span>Steffan Rhys</span> Cardiff</div>')
    assert byline_names(plain) == ["Steffan Rhys Cardiff"]  # no job title: left whole


def test_the_place_after_a_job_title_is_no_name() -> None:
    """ABC: 'Marta Cañete' + 'Corresponsal en Atenas'. Split at 'en' (Dutch 'and') the place
    had become a second author; a title that opens with the job is a label too."""
    assert clean_authors(["Marta Cañete", "Corresponsal en Atenas"]) == ["Marta Cañete"]
    assert clean_authors(["Marta Cañete, corresponsal en Atenas"]) == ["Marta Cañete"]
    assert clean_authors(["Johannes Ritter", "Korrespondent für Politik"]) == ["Johannes Ritter"]
    assert clean_authors(["Jan de Vries en Piet Jansen"]) == ["Jan de Vries", "Piet Jansen"]
    page = (
        "<html><head><title>Grecia vota</title></head><body><article><h1>Grecia vota</h1>"
        "<div class='voc-author'><p class='voc-author__name'><a href='/autor/marta-canete-5890/'>"
        "Marta Cañete</a></p><p class='voc-author__special'>Corresponsal en Atenas</p></div>"
        "<p>El Parlamento griego votó el martes la reforma.</p></article></body></html>"
    )
    assert extract_article(page).authors == ["Marta Cañete"]


def _byline_page(byline: str) -> str:
    return (
        "<html><head><title>Germany start with a win</title></head><body><article>"
        f"<h1>Germany start with a win</h1>{byline}"
        "<p>Germany beat Curacao in their opening match in Houston.</p></article></body></html>"
    )


def test_the_place_beside_a_linked_name_is_no_author() -> None:
    """DW: '<a class=author-link>Jonathan Harding</a><span class=extra-info> Houston</span>';
    Stuttgarter Zeitung's '<span class=...__place>Stuttgart</span>' the same way."""
    place = (
        "<div class='author-details'><a href='/en/jonathan-harding/person-18385408' "
        "class='author-link'>Jonathan Harding</a><span class='extra-info'> Houston</span></div>"
    )
    assert extract_article(_byline_page(place)).authors == ["Jonathan Harding"]
    # A news agency, a name in capitals and a name written without case are names still.
    for lone, kept in (("dpa", "dpa"), ("TNN", "TNN"), ("谢若含", "谢若含")):
        byline = place.replace("Houston", lone)
        assert extract_article(_byline_page(byline)).authors == ["Jonathan Harding", kept]


def test_a_link_to_an_at_handle_profile_marks_the_byline() -> None:
    """Medium, Pikabu and other platforms link a writer's profile as '/@handle'."""
    byline = (
        "<div class='ab r'><a href='/@vincentvallet?source=post_page-----d6e62af173e2---'>"
        "<img alt='Vincent Vallet' src='a.jpg'></a><span><a href='/@vincentvallet?source=post'>"
        "Vincent Vallet</a></span><button>Follow</button></div>"
    )
    assert extract_article(_byline_page(byline)).authors == ["Vincent Vallet"]


def test_markup_inside_a_name_does_not_split_it() -> None:
    """Condé Nast's sites set a linked name's last letter apart in a span of its own."""
    byline = (
        "<p class='byline'><span class='byline__preamble'>By</span> <span class='byline__name'>"
        "<a href='/contributor/bess-levin'>Bess Levi<span class='link__last-letter-spacing'>n"
        "</span></a></span></p>"
    )
    assert extract_article(_byline_page(byline)).authors == ["Bess Levin"]
    # Boundaries between words still part them: '<span>By</span>Travis Haney'.
    byline = "<p class='byline'><span>By</span>Travis Haney</p>"
    assert extract_article(_byline_page(byline)).authors == ["Travis Haney"]


def test_a_job_held_somewhere_is_a_title_not_a_name() -> None:
    """Daily Mail: 'Ryan Parry' + 'West Coast Editor For Dailymail.com'."""
    assert clean_authors(["Ryan Parry", "West Coast Editor For Dailymail.com"]) == ["Ryan Parry"]
    assert clean_authors(["Jane Doe, Senior Reporter at Vox"]) == ["Jane Doe"]
    assert clean_authors(["Ann Lee", "Redakteurin bei der FAZ"]) == ["Ann Lee"]
    assert clean_authors(["Alexander Editor"]) == ["Alexander Editor"]  # alone: the credit


def test_a_creator_class_and_a_capitalised_author_path_mark_the_byline() -> None:
    """heise: '<div class=creator>Von <li class=creator__name>Sven Ruppert</li>'; AnandTech
    links its writers as '/Author/191'."""
    creator = (
        "<div class='creator'><span class='creator__label'>Von</span><ul class='creator__names'>"
        "<li class='creator__name'>Sven Ruppert</li></ul></div>"
    )
    assert extract_article(_byline_page(creator)).authors == ["Sven Ruppert"]
    linked = "<span>by <a href='#'></a><a class='b' href='/Author/191'>Anton Shilov</a></span>"
    assert extract_article(_byline_page(linked)).authors == ["Anton Shilov"]


def test_a_byline_class_on_the_label_alone_marks_the_names_beside_it() -> None:
    """The New York Times: only the 'By ' span has a byline class; the names are its
    siblings, each a link, the last after 'and'."""
    byline = (
        "<p class='css-4anu6l'><span class='byline-prefix'>By </span><span><a href='/by/ms'>"
        "Marc Santora</a>, </span><span><a href='/by/wkr'>William K. Rashbaum</a></span> and "
        "<span><a href='/by/ag'>Adam Goldman</a></span></p>"
    )
    assert extract_article(_byline_page(byline)).authors == [
        "Marc Santora",
        "William K. Rashbaum",
        "Adam Goldman",
    ]


def test_a_tag_named_author_is_no_author_link() -> None:
    """Durban Local's tags: '<a href=/tags/author/>author</a>' among 'books', 'romance'...
    had made the tag list a byline."""
    tags = "".join(
        f"<a href='/tags/{tag}/'>{tag}</a>" for tag in ("books", "romance", "author", "genre")
    )
    page = _byline_page(f"<div class='tags'><p>Related Topics:</p><div>{tags}</div></div>")
    assert extract_article(page).authors == []


@pytest.mark.parametrize(
    ("byline", "names"),
    [
        ("Diana Resnik mit AP", ["Diana Resnik"]),  # Euronews DE: 'Von <a>..</a> mit <b>AP</b>'
        ("Euronews with Agencies", ["Euronews"]),
        ("Par Anne Dupont avec AFP", ["Anne Dupont"]),
        ("Jane Doe with AP, Reuters and dpa", ["Jane Doe"]),
        ("Jane Doe with Apple Lee", ["Jane Doe with Apple Lee"]),  # no wire service
    ],
)
def test_the_wire_services_credited_after_the_names_are_no_authors(
    byline: str, names: list[str]
) -> None:
    assert clean_authors([byline]) == names


def _bylined_page(byline: str) -> str:
    return (
        "<html><head><title>Senate passes the bill</title></head><body><article>"
        f"<h1>Senate passes the bill</h1><div class='byline'>{byline}</div>"
        "<p>The story itself.</p></article></body></html>"
    )


def test_a_one_word_credit_spelling_the_sites_host_is_the_outlet() -> None:
    """CNN with no metadata: 'By Eric Bradner, CNN' on edition.cnn.com; elsewhere 'CNN' may be
    a co-author's credit, and a personal site's owner ('Sahil Bloom' on sahilbloom.com) stays."""
    page = _bylined_page("By Eric Bradner, CNN")
    assert extract_article(page, "https://edition.cnn.com/2017/a").authors == ["Eric Bradner"]
    assert extract_article(page, "https://example.com/2017/a").authors == ["Eric Bradner", "CNN"]
    own = _bylined_page("By Sahil Bloom")
    assert extract_article(own, "https://www.sahilbloom.com/a").authors == ["Sahil Bloom"]


def test_a_byline_pattern_holding_no_name_leaves_the_search_to_the_next() -> None:
    """Regression (issue 13, CNET stripped of its metadata): its rel="author" link reads 'See
    full bio'; the name is in the author class further on, and it was lost."""
    tree = _tree(
        '<section class="c-assetAuthor"><div class="c-assetAuthor_name">'
        '<span class="author author-1">Marguerite Reardon</span></div>'
        '<a rel="author" class="c-assetAuthor_card_link" href="/profiles/maggie-reardon/">'
        "See full bio</a></section>"
    )
    assert clean_authors(byline_names(tree)) == ["Marguerite Reardon"]
    # a user name alone still ends the search: some sites print only the handle
    tree = _tree('<a rel="author" href="/u/doumae">doumae</a><div class="author">Ann Lee</div>')
    assert byline_names(tree) == ["doumae"]


def test_an_unrendered_template_is_no_name() -> None:
    """Regression (issue 13, DZone stripped of its metadata): an Angular template's author
    slot, '{{node.authors[0].realName }}', came first in the author classes and hid the
    rendered byline after it."""
    tree = _tree(
        "<div><div><div><div><div>"
        '<a class="author-name" href="/u">{{node.authors[0].realName }}</a>'
        "</div></div></div></div></div>"
        '<div><div><div><div class="article-author-meta"><div class="author-info">'
        '<span class="author-name"><a href="/users/2910331/gabrieletomassetti.html">'
        "Gabriele Tomassetti</a></span></div></div></div></div></div>"
    )
    assert clean_authors(byline_names(tree)) == ["Gabriele Tomassetti"]
    assert byline_names(_tree('<span class="byline">${article.author}</span>')) == []


def test_a_sign_in_forms_authorizers_are_no_byline() -> None:
    """Regression (issue 13, Inc. stripped of its metadata): 'Or sign up using:' in an
    'externalAuthorizersContainer' was given as the author; 'authorize' is no author."""
    tree = _tree(
        '<div class="externalAuthorizersContainer"><div class="externalAuthorizersLabel">'
        "Or sign up using:</div></div>"
    )
    assert byline_names(tree) == []
    assert byline_names(_tree('<div class="autorizacion-box">Entrar con Google</div>')) == []
    assert byline_names(_tree('<div class="article-author">Jeremy Quittner</div>')) == [
        "Jeremy Quittner"
    ]


@pytest.mark.parametrize(
    ("raw", "names"),
    [
        # the follow buttons beside a byline (Sydney.com's 'Tiktok', Kicker's 'Threads')
        (["TikTok"], []),
        (["Instagram", "YouTube", "Threads"], []),
        # The San Francisco Standard's contact line after the name
        (["Lauren Saria can be reached at lsaria@sfstandard.com"], ["Lauren Saria"]),
        (["Jane Doe may be contacted via the newsroom"], ["Jane Doe"]),
        # the Rust blog's byline: the group a post speaks for is no author
        (["Niko Matsakis on behalf of Vision Doc group"], ["Niko Matsakis"]),
        (["Mark Rousskov on behalf of the Rust Release Team"], ["Mark Rousskov"]),
    ],
)
def test_social_buttons_and_contact_lines_are_no_names(raw: list[str], names: list[str]) -> None:
    assert clean_authors(raw) == names


@pytest.mark.parametrize(
    ("byline", "names"),
    [
        ("Written By Paige Brunton", ["Paige Brunton"]),  # WCXB's WordPress themes
        ("Posted by BeauHD", ["BeauHD"]),  # Slashdot
        ("Reyan Perumal Published", ["Reyan Perumal"]),  # the label of the date after it
        ("Michelle Lee Last updated:", ["Michelle Lee"]),
        ("Last Updated", []),
        ("The Author", []),
        # an editor's credit after the author's name is no author
        ("Written by Rob Ewaschuk Edited by Betsy Beyer", ["Rob Ewaschuk"]),
        ("Ann Lee, fact-checked by Bo Chen", ["Ann Lee"]),
        # a reviewer's credit alone names no author
        ("Reviewed by Robert Tschudi Expert Reviewer", []),
        ("Medically reviewed by Dr. Ann Lee", []),
        ("Recipe by PJ Hamel", ["PJ Hamel"]),  # King Arthur
        ("Haley Hoekstra •", ["Haley Hoekstra"]),
        # links beside a byline, a social button, an unfilled template
        ("About the Author", []),
        ("View more posts", []),
        ("Insights from", []),
        ("Medium", []),
        ("page.head.extra.author", []),
        ("news.bbc.co.uk", ["news.bbc.co.uk"]),  # an outlet's address stays
        # a title beside a name on guides and reviews is no second author; alone it stays
        ("Paul Frew, Home Security Expert", ["Paul Frew"]),
        ("Rasmus Barslund, Lead Reviewer", ["Rasmus Barslund"]),
        ("Liz Kenny / Former McKinsey Consultant", ["Liz Kenny"]),
        ("Luxury Travel Expert", ["Luxury Travel Expert"]),
        # jobs outside the newsroom, on the guides, reviews and blogs that cite experts
        ("Matt Check, Head Winemaker", ["Matt Check"]),
        ("Tracy Parker, Dietitian", ["Tracy Parker"]),
        ("Jane Roe, Trial Attorney", ["Jane Roe"]),
        ("Bob Stone, Professor of Law", ["Bob Stone"]),
        ("Sam Fry, Research Scientist", ["Sam Fry"]),
        ("Chirag Bhardwaj, VP Technology", ["Chirag Bhardwaj"]),
        ("James R., SEO Copywriter", ["James R"]),
        # the outlet's editorial rules linked beside the name, a follow link, a blog's counters
        ("Ellen O'Brien, Brides's Editorial Guidelines", ["Ellen O'Brien"]),
        ("Arlene Marturano, Garden Based Learning Network on Facebook", ["Arlene Marturano"]),
        ("Tuva Mathilde Løland, Tips meg", ["Tuva Mathilde Løland"]),  # Nettavisen's tip line
        ("Nachrichten", []),  # 'News' as the author (Wochenblatt's JSON-LD), in any language
        # whom the writer wrote for (the Daily Mail's bylines); an organisation keeps its 'for'
        ("By Dolores Chang For Dailymail.Com", ["Dolores Chang"]),
        ("Jane Doe for The Guardian and John Roe for The Observer", ["Jane Doe", "John Roe"]),
        ("Organization for Transformative Works", ["Organization for Transformative Works"]),
        ("National Center for Health Statistics", ["National Center for Health Statistics"]),
        ("Noticias", []),
        ("史蒂文的家, 人氣, 留言", ["史蒂文的家"]),
    ],
)
def test_labels_around_a_bylines_names_go(byline: str, names: list[str]) -> None:
    assert clean_authors([byline]) == names


@pytest.mark.parametrize("label", ["Written by", "Posted by", "Words by:"])
def test_a_written_by_label_in_its_own_element_names_the_next_one(label: str) -> None:
    """Lifehacker's side rail and WCXB's pages: '<p>Written by</p><p>Edzel Tabing</p>'."""
    tree = _tree(
        '<div class="meta"><div><p>Last updated</p><time>Aug 04, 2025</time></div>'
        f"<div><p>{label}</p><p>Edzel Tabing</p></div></div>"
    )
    assert clean_authors(byline_names(tree)) == ["Edzel Tabing"]


@pytest.mark.parametrize(
    ("byline", "names"),
    [
        (  # a position beside the name, both inside the author's box
            '<div class="author"><div class="text"><div class="name">Written by <span>Meghan'
            ' Neville</span></div><div class="position">Content Marketing Coordinator</div>'
            "</div></div>",
            ["Meghan Neville"],
        ),
        (  # CSS modules: the role is a byline class of its own
            '<div class="BylineComponent_author-text__NH1SJ">Written by <span>Ryan Noonan'
            '</span></div><div class="BylineComponent_role__vScBp">Staff Writer</div>',
            ["Ryan Noonan"],
        ),
        (  # the job title inside the author's link, in blocks without spaces between them
            '<a href="https://www.linkedin.com/in/joakim-edin/" class="post_author-text">'
            '<div class="post_author-name">Joakim Edin</div><div class="post_author-job">'
            "Research &amp; Development</div></a>",
            ["Joakim Edin"],
        ),
        (  # a section's link before the 'By' label is no name
            '<div class="article-author-container"><a href="/travel/">Travel</a>'
            '<span class="author-label">By</span><div class="author"><a href="/authors/sf/">'
            'Sophie Foster</a><span class="job-title">Travel News Reporter</span></div></div>',
            ["Sophie Foster"],
        ),
        (  # classes that only contain the words stay ('positioned'), and an author card's
            # name marked as its title is the name
            '<p class="byline positioned"><span class="author-card-title">Ana Lima</span>'
            '<span class="author-role">Editor</span></p>',
            ["Ana Lima"],
        ),
    ],
)
def test_a_bylines_parts_marked_as_job_or_role_are_no_names(byline: str, names: list[str]) -> None:
    assert clean_authors(byline_names(_tree(byline))) == names


def _twitter_labelled(label: str, data: str, body: str = "<p>Text.</p>") -> str:
    return (
        '<html><head><meta name="twitter:label1" content="Est. reading time">'
        '<meta name="twitter:data1" content="4 minutes">'
        f'<meta name="twitter:label2" content="{label}">'
        f'<meta name="twitter:data2" content="{data}">'
        f"</head><body><article><h1>A headline of the story</h1>{body}</article></body></html>"
    )


@pytest.mark.parametrize("label", ["Written by", "Verfasst von", "Écrit par"])
def test_an_seo_plugins_written_by_card_names_the_author(label: str) -> None:
    """Yoast and Ghost state the author as twitter:labelN 'Written by' and twitter:dataN."""
    article = extract_article(_twitter_labelled(label, "Andrew Liptak"), "https://x.example/a")
    assert (article.authors, article.authors_source) == (["Andrew Liptak"], "meta")


def test_a_visible_byline_comes_before_the_written_by_card() -> None:
    """The card names the account that posted the story, an editor's at times (Prospect)."""
    byline = '<p class="byline">By <a href="/authors/duncan-bell">Duncan Bell</a></p><p>Text.</p>'
    page = _twitter_labelled("Written by", "Sameer Rahim", byline)
    assert extract_article(page, "https://x.example/a").authors == ["Duncan Bell"]
    other = _twitter_labelled("Est. reading time", "Sameer Rahim")  # not an author's label
    assert extract_article(other, "https://x.example/a").authors == []


def test_a_lower_case_by_before_a_linked_name_labels_it() -> None:
    """'by <a>Marketing Team</a>' where no byline is marked: the label's element holds the
    names; running text that ends in 'by' before an element is no label."""
    labelled = _tree('<ul><li>by <a href="#">Marketing Team</a></li></ul>')
    assert clean_authors(labelled_names(labelled)) == ["Marketing Team"]
    running = "<p>The answer is divisible by <em>b</em> for all values.</p>"
    assert labelled_names(_tree(running)) == []


def test_a_reading_time_after_the_name_is_no_part_of_it() -> None:
    """'by <strong>Jacob Trussell</strong>—10 min read': the reading time a blog prints after
    the name goes, with its dash or dot; a name alone is untouched."""
    assert clean_authors(["Jacob Trussell —10 min read"]) == ["Jacob Trussell"]
    assert clean_authors(["Mary Jones · 3 minute read"]) == ["Mary Jones"]
    assert clean_authors(["Mary Jones"]) == ["Mary Jones"]


def test_words_before_a_capitalised_by_inside_a_byline_are_no_author() -> None:
    """'Heard on All Things Considered By Sergio Martínez-Beltrán': the programme (or a
    'Cite this Webpage' button) before 'By' names nobody; 'Fact Checked' after the name is
    the article's mark, and 'Last Updated on <date>' its date."""
    heard = "Heard on All Things Considered By Sergio Martínez-Beltrán"
    assert clean_authors([heard]) == ["Sergio Martínez-Beltrán"]
    cited = "Cite this Webpage By Melanie Hanson Fact Checked"
    assert clean_authors([cited]) == ["Melanie Hanson"]
    dated = "Jeff Cobb . Last Updated on December 11, 2025"
    assert clean_authors([dated]) == ["Jeff Cobb"]
    assert clean_authors(["Deal Professor By"]) == []  # a label, its names elsewhere


def test_a_label_with_a_colon_or_a_separator_after_the_name_labels_a_name() -> None:
    """'By: Paul Fenaroli', 'by Jason Rostar | <a>SEO</a>', 'by: Ziyi Xu, Dec 17, 2025': the
    label and the name in an element's own text; a sentence after the label is no name."""
    assert labelled_names(_tree("<div><p>By: Paul Fenaroli</p></div>")) == ["Paul Fenaroli"]
    separated = '<span class="blog-meta"> by Jason Rostar | <a href="/seo/">SEO</a></span>'
    assert labelled_names(_tree(separated)) == ["Jason Rostar"]
    dated = "<p>by: <!-- -->Ziyi Xu<!-- -->, <!-- -->Dec 17, 2025</p>"
    article = extract_article(f"<html><body><h1>Mini-SGLang</h1>{dated}</body></html>", "")
    assert article.authors == ["Ziyi Xu"]
    running = "<p>by the way we went home | and then</p>"
    assert labelled_names(_tree(running)) == []


def test_a_label_between_two_elements_names_the_second() -> None:
    """'<em><time>October 11, 2023</time></em> by <strong>Autumn Huerter</strong>' names the
    author; 'Portrait of <a>Hinepare</a> by <a>Gottfried Lindauer</a>' is a caption's
    running text."""
    dated = (
        "<div><em><time>October 11, 2023</time></em> by <strong>Autumn Huerter</strong><br></div>"
    )
    assert labelled_names(_tree(dated)) == ["Autumn Huerter"]
    caption = (
        '<div class="thumbcaption">Portrait of <a href="/h">Hinepare</a> by '
        '<a href="/g">Gottfried Lindauer</a>, showing chin moko</div>'
    )
    assert labelled_names(_tree(caption)) == []


def test_the_link_after_a_label_names_the_author_beside_the_bio_card_it_opens() -> None:
    """'<span>By</span><div><a>Jesse Porter</a><div>(a bio of 300 characters)</div></div>':
    the name is the link, not the whole card; 'Article by' is a label too."""
    bio = "Jesse Porter is a writer and cook who has covered coffee for many years. " * 3
    card = (
        '<div><span class="attribution__descriptor">By</span> <div tabindex="0">'
        f'<a href="/jesse-porter-5324038">Jesse Porter</a><div class="tooltip">{bio}</div>'
        "</div></div>"
    )
    assert labelled_names(_tree(card)) == ["Jesse Porter"]
    article_by = '<h2>Article by</h2><div class="lead">Matias Heikkilä</div>'
    assert clean_authors(labelled_names(_tree(article_by))) == ["Matias Heikkilä"]


def test_a_job_title_printed_right_after_the_name_goes() -> None:
    """'Keith Barry Senior Autos Reporter': the name before the job's opening word; a job
    title alone, or one whose words before the opener are no name, stays as it was."""
    assert clean_authors(["Keith Barry Senior Autos Reporter"]) == ["Keith Barry"]
    assert clean_authors(["Shaoni Mukherjee Technical Writer"]) == ["Shaoni Mukherjee"]
    assert clean_authors(["Joan Biskupic", "CNN Senior Supreme Court Analyst"]) == ["Joan Biskupic"]
    assert clean_authors(["Jane Writer"]) == ["Jane Writer"]


def test_a_link_label_opening_with_view_is_no_name() -> None:
    """'View Google Map', 'View my complete profile': a link's label beside the byline, no
    name; a name that starts with the same letters stays."""
    assert clean_authors(["View Google Map"]) == []
    assert clean_authors(["View my complete profile", "Steve Hsu"]) == ["Steve Hsu"]
    assert clean_authors(["Viewpoint Staff"]) == ["Viewpoint Staff"]


def test_what_follows_a_job_title_after_a_name_describes_the_job() -> None:
    """ACLU: 'By Daniel Kahn Gillmor, Senior Staff Technologist, ACLU Speech, Privacy, and
    Technology Project' gave the project's words as three more authors."""
    byline = (
        "By Daniel Kahn Gillmor, Senior Staff Technologist, ACLU Speech, Privacy, and "
        "Technology Project"
    )
    assert clean_authors([byline]) == ["Daniel Kahn Gillmor"]
    job_at = "Daniel Burstein, Senior Director, Content & Marketing, MECLABS Institute"
    assert clean_authors([job_at]) == ["Daniel Burstein"]
    assert clean_authors(["Jane Doe, Lena Roe, and Kim Poe"]) == ["Jane Doe", "Lena Roe", "Kim Poe"]


@pytest.mark.parametrize(
    ("raw", "names"),
    [
        (["About Peter Bell", "More articles by Peter Bell"], ["Peter Bell"]),
        (["Zander Dejah", "See more from Zander Dejah"], ["Zander Dejah"]),
        (["View all posts by Jane Doe"], ["Jane Doe"]),
        (["Posts by Jane Doe"], ["Jane Doe"]),
        (["More from Jessie Festa →"], ["Jessie Festa"]),
        (["About Łukasz Nowak"], ["Łukasz Nowak"]),
        (["About Us"], []),  # the box of a page about its owners names no one
        (["About Me", "Jane Doe"], ["Jane Doe"]),
    ],
)
def test_an_author_boxs_heading_and_links_name_the_author(raw: list[str], names: list[str]) -> None:
    """WCXB pages read without their metadata gave 'About Peter Bell' (the author box's
    heading), 'More articles by Peter Bell' and 'See more from Zander Dejah' (its links)
    as authors: the name after the label is the author, a link's arrow no part of it."""
    assert clean_authors(raw) == names
    # 'From' alone labels no author box: 'From Masculindians' is a book an excerpt is from.
    assert "Masculindians" not in clean_authors(["From Masculindians"])


def test_an_author_box_on_a_page_without_metadata_names_its_author() -> None:
    page = (
        "<html><body><article><h1>Ten tools for data teams</h1>"
        + "<p>Data teams choose tools for many reasons, and cost is only one of them.</p>" * 5
        + '</article><div class="bio"><h2>About Peter Bell</h2>'
        '<a class="author-link" href="https://example.com/blog/author/peter-bell/">'
        "More articles by Peter Bell</a></div></body></html>"
    )
    assert extract_article(page, "https://example.com/blog/ten-tools/").authors == ["Peter Bell"]


@pytest.mark.parametrize(
    ("raw", "names"),
    [
        (
            ["Catherine Boeckmann", "Executive Digital Editor and Master Gardener"],
            ["Catherine Boeckmann"],
        ),
        (["Jack Beresford", "Senior Life and Trends Reporter"], ["Jack Beresford"]),
        (["Kendall Breitman", "Social Media & Community Expert"], ["Kendall Breitman"]),
        # ... after the name's comma too (Security.org)
        (["Brett Cruz, Privacy and Digital Security Expert"], ["Brett Cruz"]),
        # Two names joined by 'and' stay two authors.
        (["Jane Doe and John Roe"], ["Jane Doe", "John Roe"]),
        (["Jane Doe, John Roe and Ann Lee"], ["Jane Doe", "John Roe", "Ann Lee"]),
    ],
)
def test_two_jobs_joined_by_and_are_one_title_not_a_name(raw: list[str], names: list[str]) -> None:
    """WCXB pages read without their metadata: the author box's job line 'Executive Digital
    Editor and Master Gardener' gave 'Master Gardener' as a second author, 'Senior Life and
    Trends Reporter' gave 'Senior Life'. Two parts joined by 'and', one a job title, are one
    title."""
    assert clean_authors(raw) == names


@pytest.mark.parametrize(
    ("raw", "names"),
    [
        (["CM", "Craig McCarthy"], ["Craig McCarthy"]),
        (["Povilas Aleksandravičius", "P. A."], ["Povilas Aleksandravičius"]),
        (["Scott Pletcher", "Scott P"], ["Scott Pletcher"]),
        # A news agency's short name is its credit, whoever's initials it matches.
        (["AP", "Amy Peterson"], ["AP", "Amy Peterson"]),
        # Initials that are no other listed name's stay.
        (["TW", "Craig McCarthy"], ["TW", "Craig McCarthy"]),
        (["Scott Pletcher", "Scott Peters"], ["Scott Pletcher", "Scott Peters"]),
    ],
)
def test_another_names_initials_or_shortened_form_is_no_author(
    raw: list[str], names: list[str]
) -> None:
    """LRT signs a column 'PA' under 'Povilas Aleksandravičius', a blog 'CM' beside 'Craig
    McCarthy', a course page 'Scott P' beside 'Scott Pletcher': one author, signed twice."""
    assert clean_authors(raw) == names


@pytest.mark.parametrize(
    ("raw", "names"),
    [
        (["✉ Aditya Mahindru   ✉ Corresponding author"], ["Aditya Mahindru"]),
        (["Charlie Hills ∙ Paid"], ["Charlie Hills"]),
        (["∙ Paid"], []),
        (["Jane Doe ★ John Roe"], ["Jane Doe", "John Roe"]),
        # A symbol inside a word stays with it ('CFP®' is how the credential is written).
        (["Brian Stormont, CFP®"], ["Brian Stormont", "CFP®"]),
        (["Paidi Hasan"], ["Paidi Hasan"]),
    ],
)
def test_a_lone_symbol_separates_a_bylines_names_and_its_marks_are_no_names(
    raw: list[str], names: list[str]
) -> None:
    """A paper's author line ('✉ Aditya Mahindru ✉ Corresponding author') and Substack's
    bylines ('Charlie Hills ∙ Paid'), read without their metadata, gave the mark and the
    symbol as a name."""
    assert clean_authors(raw) == names


@pytest.mark.parametrize(
    ("byline", "names"),
    [
        # UDN's JSON-LD author: the reporter's title, then the kind of report after a slash
        ("記者林宸誼／即時報導", ["林宸誼"]),
        ("記者王小明、李大華／台北報導", ["王小明", "李大華"]),
        ("记者 张三 报道", ["张三"]),
        ("本报记者 李四", ["李四"]),
        ("中央社記者王大明", ["王大明"]),
        ("文／記者王小明", ["王小明"]),
        ("（记者宋晨、田中全）", ["宋晨", "田中全"]),
        # a name that holds the credit's character, and one with the dateline's slash in ASCII
        ("王文／台北報導", ["王文"]),
        ("記者陳立/綜合報導", ["陳立"]),
        # UDN's printed byline, the outlet's name and a space before the reporter's title
        ("聯合報 記者林宸誼／即時報導", ["林宸誼"]),
    ],
)
def test_a_chinese_byline_keeps_the_names_without_titles_credits_or_datelines(
    byline: str, names: list[str]
) -> None:
    assert clean_authors([byline]) == names


def test_a_sites_contact_lines_are_no_names() -> None:
    """An <address> outside any <footer> element: upmedia.mg's company contact."""
    contact = [
        "地址：台北市中山區長安東路一段63之1號5樓",
        "電話：+886 (2) 2568-3356",
        "Fax: 555 1234",
    ]
    assert clean_authors(contact) == []
    assert clean_authors(["Telma Hopkins", "Address: 1 Main St"]) == ["Telma Hopkins"]


@pytest.mark.parametrize(
    ("byline", "names"),
    [
        # patient.info: the reviewer's post-nominal letters after a comma, then the author
        (["Dr Colin Tidy, MRCGP", "Victoria Raw"], ["Dr Colin Tidy", "Victoria Raw"]),
        (["Cara Dumaplin, BSN"], ["Cara Dumaplin"]),
        (["Jane Roe, RDN, LD"], ["Jane Roe"]),
        (["Matthew Frankel, CFP"], ["Matthew Frankel"]),
    ],
)
def test_post_nominal_letters_after_a_comma_are_no_author(
    byline: list[str], names: list[str]
) -> None:
    assert clean_authors(byline) == names


def test_a_block_holding_the_headline_is_no_byline_but_the_byline_inside_it_is() -> None:
    """Insightly's page header is classed 'author': its category link was an author."""
    tree = _tree(
        '<header class="four10 author"><h1>8 best HubSpot alternatives</h1>'
        '<h4><a href="/blog/category/business-tech/">Business &amp; tech</a></h4>'
        '<p class="post-meta"><span class="p-author h-card">by <a>Val Riley</a></span>'
        "<time>October 20, 2025</time></p></header>"
    )
    assert clean_authors(byline_names(tree)) == ["Val Riley"]


def test_an_address_with_a_phone_number_is_a_contact_not_a_byline() -> None:
    """Expert Market Research's offices, each in an <address> outside any <footer>."""
    offices = "".join(
        f'<address><p class="mb-0">{country}</p><p class="mb-0">{street}</p>'
        f'<p class="mb-0">{phone}</p></address>'
        for country, street, phone in [
            (
                "United Kingdom",
                "6 Gardner Place, Becketts Close, Greater London",
                "+44-753-713-2163",
            ),
            ("United States", "30 North Gould Street, Sheridan, WY 82801", "(415) 325-5166"),
        ]
    )
    assert byline_names(_tree(f"<div class='offices'>{offices}</div>")) == []
    author = _tree("<address>By <a href='/p/jane'>Jane Doe</a>, 2025-01-02 12:30</address>")
    assert clean_authors(byline_names(author)) == ["Jane Doe"]


def test_a_topics_link_in_the_byline_block_is_no_author() -> None:
    """beonpath.org's 'blog-post__byline' lists the post's tags; Science Fly's byline links
    its category beside the writer."""
    tags = _tree(
        '<div class="blog-post__byline"><ul><li><a class="tag tag--linked" '
        'href="https://www.beonpath.org/blog/tag/personal-finance">Personal finance</a></li>'
        "</ul><time>January 27, 2025</time></div>"
    )
    assert clean_authors(byline_names(tags)) == []
    beside = _tree(
        '<div class="cb-byline"><div class="cb-author cb-byline-element">'
        '<a href="http://sciencefly.com/author/paul/">Paul</a></div>'
        '<div class="cb-date cb-byline-element"><time>December 23, 2016</time></div>'
        '<div class="cb-category cb-byline-element"><a href="http://sciencefly.com/category/'
        'scifly/" title="View all posts in Scifly">Scifly</a></div></div>'
    )
    assert clean_authors(byline_names(beside), handles=True) == ["Paul"]


def test_at_before_a_date_goes_with_it() -> None:
    """Movable Type's 'Posted by David at December 16, 2025 11:15 AM' left 'David at'."""
    assert clean_authors(["Jane Doe at December 16, 2025 11:15 AM"]) == ["Jane Doe"]
    assert clean_authors(["Jane Doe posted at 3 May 2024"]) == ["Jane Doe"]
    assert clean_authors(["at 3 May 2024 | Jane Doe"]) == ["Jane Doe"]
    assert clean_authors(["Kate At"]) == ["Kate At"]  # no date after it: part of the name


def test_a_label_in_readers_comments_is_no_byline() -> None:
    """A Movable Type blog: the post's own line has no label, each comment a 'Posted by:'
    with its writer (davidbau.com gave a commenter as the author). A label in a comment block
    named in another language counts as a comment too; outside comments it still names."""
    comments = (
        '<div class="entry"><p>Text of the post.</p><span class="posted">Posted by David at '
        'December 16, 2025 11:15 AM</span></div><div class="comments-head">Comments</div>'
        '<div class="comments-body"><p>I dislike the term.</p><span class="comments-post">'
        'Posted by: <a href="mailto:j@example.org">John Smith</a> at December 18, 2025 05:48 PM'
        "</span></div>"
    )
    assert labelled_names(_tree(comments)) == []
    kommentar = '<div id="kommentare"><p>Von: <a href="/u/7">Karl Sophanus</a></p></div>'
    assert labelled_names(_tree(kommentar)) == []
    outside = '<div class="entry-meta"><p>Posted by: <a href="/u/1">John Smith</a></p></div>'
    assert clean_authors(labelled_names(_tree(outside))) == ["John Smith"]


def test_a_follow_button_and_invisible_spaces_are_no_part_of_a_name() -> None:
    """Zhihu's author card: 'Andy宋 专注房产10000年 \u200b 关注' (a zero-width space, then
    'Follow') beside the same name without them gave two authors."""
    card = ["Andy宋 专注房产10000年 \u200b 关注", "Andy宋 专注房产10000年"]
    assert clean_authors(card) == ["Andy宋 专注房产10000年"]
    assert clean_authors(["Jane Doe Follow"]) == ["Jane Doe"]
    assert clean_authors(["Jane\u200b Doe\ufeff, Ann Lee Folgen"]) == ["Jane Doe", "Ann Lee"]
    assert clean_authors(["Follow"]) == []


def test_names_in_readers_comments_are_no_byline_however_the_block_is_named() -> None:
    """A forum thread (community.musictribe.com): its starter's 'by RexBeckett' under the
    title, each reply's writer in a block named 'comment_edit_form'; the repliers were taken
    first. Names in a 'kommentare' block are no bylines either."""
    thread = (
        "<div><h2>Controlling an XR12 via MIDI</h2><ul>"
        '<li><div class="comment_edit_form"><div class="comment_usr_img">'
        '<a href="/profile/TsolisKostantin" class="author">Tsolis Kostantin</a></div></div>'
        "</li></ul></div>"
    )
    assert byline_names(_tree(thread)) == []
    kommentare = '<section class="kommentare"><span class="author">Karl Sophanus</span></section>'
    assert byline_names(_tree(kommentare)) == []
    own = '<div class="post"><span class="author">Karl Sophanus</span></div>'
    assert byline_names(_tree(own)) == ["Karl Sophanus"]


def test_quotation_marks_around_a_name_go() -> None:
    """A meta author written '"David Kim"'; an apostrophe inside or before a name stays."""
    assert clean_authors(['"David Kim"', "“Ann Lee”", "„Jan Roe“"]) == [
        "David Kim",
        "Ann Lee",
        "Jan Roe",
    ]
    assert clean_authors(["Ann O'Neil", "'t Hooft"]) == ["Ann O'Neil", "'t Hooft"]


def test_where_the_writer_was_sent_is_no_part_of_the_name() -> None:
    """Libération: 'LILIAN ALEMAGNA, LAURE BRETTON Envoyés spéciaux à Toulouse'; the
    Spanish and Italian press sign the same way."""
    assert clean_authors(["LILIAN ALEMAGNA, LAURE BRETTON Envoyés spéciaux à Toulouse"]) == [
        "LILIAN ALEMAGNA",
        "LAURE BRETTON",
    ]
    assert clean_authors(["Par Laure Bretton Envoyée spéciale à Kiev"]) == ["Laure Bretton"]
    assert clean_authors(["Marta Cañete Corresponsal en Roma"]) == ["Marta Cañete"]
    assert clean_authors(["Paolo Rossi Inviato speciale a Kiev"]) == ["Paolo Rossi"]


def test_a_byline_bar_named_after_its_comments_link_is_still_a_byline() -> None:
    """The Register's 'byline_and_dateline_and_share_and_comments', the Observer's
    'entry-meta nyo-social-comments': a bar that links to the comments, not the comments
    (both bylines were lost, seen with the page's metadata stripped)."""
    register = (
        '<div class="byline_and_dateline_and_share_and_comments"><a class="byline" '
        'href="/Author/Chris-Mellor">Chris Mellor</a><span class="dateline">Tue 3 May 2016'
        "</span></div>"
    )
    assert clean_authors(byline_names(_tree(register))) == ["Chris Mellor"]
    observer = (
        '<div class="entry-meta nyo-social-comments nyo-social-comments-above"><span '
        'class="author vcard"><a class="url fn n" href="/author/sage-lazzaro/">Sage Lazzaro'
        "</a></span></div>"
    )
    assert clean_authors(byline_names(_tree(observer))) == ["Sage Lazzaro"]


@pytest.mark.parametrize(
    "byline",
    [
        # the job in an element named after the author's title (Drupal's Almanac blog)
        '<div class="author-line"><span class="author-label">Written By:</span>'
        '<span class="author-name"><a href="/author/celeste-longacre">Celeste Longacre</a>'
        '</span> <span class="author-title">Gardener &amp; Astrologer</span></div>',
        # a Webflow author list: each card a name and its title
        '<div class="video-post_author-list"><a class="video-post_author-text" href="/in/c-l">'
        '<div class="video-post_author-name">Celeste Longacre</div>'
        '<div class="video-post_author-title">Research &amp; Development</div></a></div>',
    ],
)
def test_the_authors_title_named_so_in_the_markup_is_no_name(byline: str) -> None:
    """WCXB pages: 'Gardener & Astrologer' gave two authors 'Gardener' and 'Astrologer',
    'Research & Development' gave 'Development'; words no job-title list can foresee, but the
    markup names the element the author's title."""
    assert clean_authors(byline_names(_tree(byline))) == ["Celeste Longacre"]


def test_an_authors_blurb_alone_is_no_byline() -> None:
    blurb = _tree(
        '<div><p class="gb-headline">Asser Christensen</p>'
        '<div class="dynamic-author-description">Licensed Q Arabica Grader, M.A. Journalism'
        "</div></div>"
    )
    assert clean_authors(byline_names(blurb)) == []


@pytest.mark.parametrize(
    ("raw", "names"),
    [
        (["Author: Jane Doe"], ["Jane Doe"]),
        (["Autorin: Anna Weber"], ["Anna Weber"]),
        (["Authors: Jane Doe and John Roe"], ["Jane Doe", "John Roe"]),
        # an author box of labelled fields: the next label opens another field
        (
            ["Author: Alec Sills-Trausch Title: Founder of Explore with Alec Expertise: Hiking"],
            ["Alec Sills-Trausch"],
        ),
        # ... only after an author's label: a headline's colon cuts no name out of it
        (["Licensing for AI Training: Insights from the Copyright Office"], []),
    ],
)
def test_an_author_label_with_its_colon_goes_and_the_next_field_is_no_name(
    raw: list[str], names: list[str]
) -> None:
    """'Author: Jane Doe' gave no name at all: the label stayed and read as 'author'."""
    assert clean_authors(raw) == names


def test_a_checkers_credit_in_its_own_element_names_no_author() -> None:
    """Embarque's author card: 'Written By', the writer, 'Fact Checked By', the checker,
    and the checker's card again in a pop-up further on."""
    raw = [
        "Written By",
        "Stephen Jesudunsin",
        "AI Writer, Embarque",
        "Fact Checked By",
        "Chukwuezugo Aronu",
        "Editor, Embarque",
        "Chukwuezugo Aronu",
    ]
    assert clean_authors(raw) == ["Stephen Jesudunsin"]
    assert clean_authors(["Medically reviewed by:", "Ann Lee, MD", "Jane Doe"]) == ["Jane Doe"]


def test_those_credited_for_contributing_are_no_authors() -> None:
    assert clean_authors(["Stella Kim", "Abigail Williams and Beomsu Jo contributed."]) == [
        "Stella Kim"
    ]
    assert clean_authors(["Jane Doe contributed reporting from Kyiv"]) == []


def test_the_sites_copyright_line_is_no_byline() -> None:
    footer = _tree(
        '<ul class="site-byline"><li>©2026 AFPA.</li><li><a href="/terms">Terms &amp; '
        'Conditions</a></li><li><a href="/privacy">Privacy Policy</a></li></ul>'
    )
    assert clean_authors(byline_names(footer)) == []


def test_an_author_title_alone_in_its_card_is_the_name() -> None:
    """'author-title' marks the job beside a name, but some themes put the name in it."""
    card = _tree(
        '<div class="post-author"><div class="post-author_details">'
        '<h4 class="author-title">Elliptic Research</h4></div></div>'
    )
    assert clean_authors(byline_names(card)) == ["Elliptic Research"]


@pytest.mark.parametrize(
    "link",
    ["Related Topics", "Advertiser Disclosure", "History", "Privacy Policy", "Co Authors"],
)
def test_a_sites_links_beside_the_byline_are_no_names(link: str) -> None:
    assert clean_authors(["Scott Kasun", link]) == ["Scott Kasun"]
    assert clean_authors(["Authors of this article"]) == []


def test_a_menu_taken_for_a_byline_names_no_one() -> None:
    """Regression: a news site's section menu beside the headline ('World, Politics,
    Business, ...') gave nine one-word authors. Five one-word names or more are a menu;
    fewer are kept, and so are Korean names, one word each."""
    menu = ["Hubs", "Galleries", "Videos", "Podcasts", "Authors", "FAQ"]
    assert clean_authors(menu) == []
    assert clean_authors([*menu, "TIP US"]) == []  # and the tip line beside it
    assert clean_authors(["World, Politics, Business, Tech, Science, Arts"]) == []
    assert clean_authors(["Anna", "Ben", "Carl", "Dora"]) == ["Anna", "Ben", "Carl", "Dora"]
    korean = ["배윤경", "이상현", "한수진", "김혜진", "박준석"]
    assert clean_authors([", ".join(korean)]) == korean
