"""The compact stoplist of trafilatura's justext fallback answers as justext's frozenset."""

from __future__ import annotations

import random

import justext.core
import lxml.html
import trafilatura.external
from justext.core import ParagraphMaker, classify_paragraphs
from justext.utils import get_stoplist, get_stoplists

from crawler.extract.stoplist import Stoplist, use_compact_stoplists


def _every_word() -> list[str]:
    return [word for language in get_stoplists() for word in get_stoplist(language)]


def _probes(words: list[str]) -> list[str]:
    sample = random.Random(7).sample(words, 3000)
    return (
        words
        + [w.upper() for w in sample]
        + [w.title() for w in sample]
        + [w + "x" for w in sample]
        + ["", "presswatch", "the", "The", "und", "и", "的"]
    )


def test_membership_equals_the_frozenset_of_every_stoplist() -> None:
    words = _every_word()
    expected = frozenset(word.lower() for word in words)
    compact = Stoplist(words)
    assert len(compact) == len(expected) > 100_000
    assert [p in compact for p in _probes(words)] == [p in expected for p in _probes(words)]
    assert 3 not in compact


def test_every_colliding_key_is_checked_against_the_word() -> None:
    words = ["de", "la", "le", "und", "der", "the", "and", "и", "в", "的"]
    by_length = Stoplist(words, key=len)  # many words, one key: each hit is checked
    for probe in [*words, "xx", "abc", "ё", "zz", "THE"]:
        assert (probe in by_length) == (probe in frozenset(words)), probe


def _classes(stoplist: object) -> list[str]:
    page = (
        "<html><body><div><p>The minister said that the plan would be presented to the "
        "parliament in the coming weeks, and that it was the result of long talks.</p>"
        "<p>Le ministre a déclaré que le plan serait présenté au parlement dans les "
        "prochaines semaines et qu'il était le fruit de longues discussions.</p>"
        "<p>Zyxw qwrt plmk vbnm zxcv lkjh asdf poiu mnbv cxzl kjhg fdsa wert yuio pqow "
        "eiru tyal skdj fhgz xmcn vbqp woei ruty alsk djfh gzxm cnvb qpwo eiru tyal.</p>"
        "<p>Copyright and terms</p></div></body></html>"
    )
    paragraphs = ParagraphMaker.make_paragraphs(lxml.html.fromstring(page))
    classify_paragraphs(paragraphs, stoplist, 50, 150, 0.1, 0.2, 0.25, True)
    return [paragraph.cf_class for paragraph in paragraphs]


def test_justext_classifies_with_it_as_with_the_frozenset() -> None:
    words = _every_word()
    expected = _classes(frozenset(words))
    assert expected == ["neargood", "neargood", "bad", "short"]  # by stop-word density
    use_compact_stoplists()
    assert isinstance(trafilatura.external.JT_STOPLIST, Stoplist)
    assert justext.core.define_stoplist(trafilatura.external.JT_STOPLIST) is (
        trafilatura.external.JT_STOPLIST
    )
    assert _classes(trafilatura.external.JT_STOPLIST) == expected
    assert _classes(frozenset(words)) == expected  # a language's own stoplist still works


def test_trafilaturas_fallback_keeps_using_it() -> None:
    """trafilatura reads the module's JT_STOPLIST on each fallback: it is not rebuilt."""
    use_compact_stoplists()
    compact = trafilatura.external.JT_STOPLIST
    tree = lxml.html.fromstring(
        "<html><body><div><p>The minister said that the plan would be presented to the "
        "parliament in the coming weeks, and that it was the result of long talks with all "
        "of the parties, as he had said in the spring.</p></div></body></html>"
    )
    body = trafilatura.external.try_justext(tree, None, None)
    assert "The minister said" in "".join(body.itertext())
    assert trafilatura.external.JT_STOPLIST is compact
