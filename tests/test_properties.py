"""Property-based tests: mutated real pages and random strings never break the parser or the
normalisers; records stay valid; normalisers are idempotent where they should be."""

from __future__ import annotations

import os
import re
from pathlib import Path

import lxml.html
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from itemadapter import ItemAdapter

from newscrawl.extract.aggregated import NotAnArticle, extract_article
from newscrawl.loaders import iso_instant, strip_publisher_suffix, unique
from newscrawl.normalize.bylines import is_agency, parse_byline, title_case_name
from newscrawl.normalize.captions import split_caption
from newscrawl.normalize.dates import is_date_line, parse_date_lines, parse_iso_instant
from newscrawl.normalize.text import clean_text, decode_html, join_fragments, word_count
from newscrawl.normalize.urls import canonical_source_url
from newscrawl.schema import article_errors
from newscrawl.sites.limitedtimes import SITE

SITE_ROOT = Path(__file__).parent / "fixtures" / "replica" / "site"
# Every source, with and without JSON-LD: a spread of real pages, read once.
PAGES = [p.read_bytes() for p in sorted(SITE_ROOT.glob("*/*.html"))[::5]]
URL = "https://newsrnd.com/news/2022-01-10-some-title.ABCDEFGHIJ.html"
PROPERTY = settings(
    max_examples=150,
    # CI draws the same examples on every run (a red gate must be reproducible); a local run
    # explores new ones each time.
    derandomize=os.environ.get("CI") == "true",
    deadline=None,
    database=None,  # no .hypothesis/ folder in the checkout
    suppress_health_check=[HealthCheck.too_slow],
)
TIME_ZONES = ["Asia/Jerusalem", "Europe/Zurich", "Europe/Paris", "Asia/Taipei", "UTC"]

# Text like the sites print, and anything else.
words = st.sampled_from(
    ["By", "and", "Photo:", "(Photo: Reuters)", "AFP", "Le Monde", "|", "Published:", "10.01.22,",
     "14:05", "Updated:", "/", "EFE", "[Reporter", "Taipei Report]", "OREN", "SHAPIRA", "dpa",
     "Walla! news", "Monday,", "10 January 2022,", "a.m.", "ART", "-", ".", ",", "McDONALD", "ß"]
)  # fmt: skip
texty = st.one_of(
    st.text(max_size=80),
    st.lists(words, max_size=12).map(" ".join),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=40),
)


def _xml_safe(text: str) -> str:
    return "".join(
        c
        for c in text
        if c in "\t\n\r" or (ord(c) >= 0x20 and not 0xD800 <= ord(c) <= 0xDFFF and ord(c) < 0xFFFE)
    )


#: Text lxml accepts in a tree; raw bytes of any kind are spliced in after serialising.
tree_text = texty.map(_xml_safe)


def _mutate(data: st.DataObject, html: bytes) -> bytes:
    """Delete, duplicate, shuffle, insert text into, splice bytes into, or truncate a page."""
    root = lxml.html.fromstring(html)
    elements = [e for e in root.iter() if isinstance(e.tag, str) and e.getparent() is not None]
    for _ in range(data.draw(st.integers(0, 6), label="edits")):
        if not elements:
            break
        element = data.draw(st.sampled_from(elements), label="element")
        parent = element.getparent()
        if parent is None:
            continue
        action = data.draw(st.sampled_from(["delete", "duplicate", "shuffle", "text", "tail"]))
        if action == "delete":
            parent.remove(element)
            elements = [
                e for e in root.iter() if isinstance(e.tag, str) and e.getparent() is not None
            ]
        elif action == "duplicate":
            parent.insert(parent.index(element), lxml.html.fromstring(lxml.html.tostring(element)))
        elif action == "shuffle":
            children = list(element)
            order = data.draw(st.permutations(range(len(children))), label="order")
            for child in children:
                element.remove(child)
            for n in order:
                element.append(children[n])
        elif action == "text":
            element.text = data.draw(tree_text, label="text")
        else:
            element.tail = data.draw(tree_text, label="tail")
    out = lxml.html.tostring(root, encoding="utf-8")
    if data.draw(st.booleans(), label="splice"):
        at = data.draw(st.integers(0, len(out)), label="splice_at")
        out = out[:at] + data.draw(st.binary(max_size=20), label="bytes") + out[at:]
    if data.draw(st.booleans(), label="truncate"):
        out = out[: data.draw(st.integers(0, len(out)), label="at")]
    return out


@PROPERTY
@given(st.data())
def test_mutated_pages_give_a_valid_record_or_not_an_article(data: st.DataObject) -> None:
    html = _mutate(data, data.draw(st.sampled_from(PAGES), label="page"))
    as_text = data.draw(st.booleans(), label="as_text")
    try:
        article, _ = extract_article(decode_html(html) if as_text else html, URL, SITE)
    except NotAnArticle:
        return
    record = ItemAdapter(article).asdict()
    assert article_errors(record) == [], record


@PROPERTY
@given(st.binary(max_size=400) | st.text(max_size=400))
def test_random_input_is_not_an_article(html: bytes | str) -> None:
    try:
        article, _ = extract_article(html, URL, SITE)
    except NotAnArticle:
        return
    assert article_errors(ItemAdapter(article).asdict()) == []


@PROPERTY
@given(texty)
def test_clean_text_is_idempotent(text: str) -> None:
    once = clean_text(text)
    assert clean_text(once) == once
    assert once == once.strip() and "  " not in once


@PROPERTY
@given(texty)
def test_title_case_name_is_idempotent(name: str) -> None:
    once = title_case_name(name)
    assert title_case_name(once) == once


@PROPERTY
@given(texty, st.lists(st.sampled_from(["Walla! news", "Maariv Online", "ynet"]), max_size=2))
def test_parse_byline_never_fails_and_gives_clean_names(text: str, publishers: list[str]) -> None:
    byline = parse_byline(text, publishers)
    for name in byline.authors + byline.agencies:
        assert name and name == name.strip()
    assert len(set(byline.authors)) == len(byline.authors)
    is_agency(text)


@PROPERTY
@given(texty)
def test_split_caption_invents_nothing(text: str) -> None:
    caption = split_caption(text)
    words = set(re.findall(r"\w+", clean_text(text).casefold()))
    for part in caption:
        assert part is None or (part and part == part.strip())
        assert part is None or set(re.findall(r"\w+", part.casefold())) <= words
    # Splitting the caption again never makes it longer.
    if caption.caption:
        again = split_caption(caption.caption).caption
        assert again is None or len(again) <= len(caption.caption)


@PROPERTY
@given(
    st.one_of(
        st.text(max_size=120),
        st.builds(
            "{}://{}/{}?{}#{}".format,
            st.sampled_from(["http", "https", "HTTP", "ftp", ""]),
            st.sampled_from(
                ["m.walla.co.il", "20min.ch", "www.lemonde.fr", "amp.x.com", "", "é.fr"]
            ),
            st.text(max_size=30),
            st.sampled_from(["", "utm_source=x&id=1", "fbclid=1", "a=%ZZ"]),
            st.text(max_size=5),
        ),
    ),
    st.booleans(),
    st.booleans(),
)
def test_canonical_source_url_is_idempotent(url: str, slash: bool, drop_query: bool) -> None:
    once = canonical_source_url(url, trailing_slash=slash, drop_query=drop_query)
    assert canonical_source_url(once, trailing_slash=slash, drop_query=drop_query) == once


@PROPERTY
@given(st.lists(texty, max_size=5), st.sampled_from(TIME_ZONES), st.booleans())
def test_dates_never_fail_and_are_utc(lines: list[str], tz: str, dayfirst: bool) -> None:
    dates = parse_date_lines(lines, tz, dayfirst=dayfirst)
    for moment in (dates.published, dates.modified):
        assert moment is None or moment.utcoffset() is not None
    for line in lines:
        is_date_line(line)
        parse_iso_instant(line)
        iso_instant(line)


@PROPERTY
@given(st.lists(texty, max_size=8))
def test_join_fragments_keeps_every_word(paragraphs: list[str]) -> None:
    cleaned = [clean_text(p) for p in paragraphs if clean_text(p)]
    joined = join_fragments(cleaned)
    assert sum(word_count(p) for p in joined) == sum(word_count(p) for p in cleaned)
    assert unique(joined) == list(dict.fromkeys(joined))


@PROPERTY
@given(texty, st.lists(st.sampled_from(["Walla! news", "ynet", "Le Monde", ""]), max_size=3))
def test_strip_publisher_suffix_never_empties_a_title(title: str, publishers: list[str]) -> None:
    stripped = strip_publisher_suffix(title, publishers)
    assert bool(stripped.strip()) or not title.strip() or title.strip(" -") in publishers + [""]
