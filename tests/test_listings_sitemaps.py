"""Sitemaps, sitemap indexes, Google News sitemaps and robots.txt lines over recorded files."""

from __future__ import annotations

import gzip
from datetime import UTC, datetime
from pathlib import Path

import pytest

from newscrawl.listings.errors import ListingError
from newscrawl.listings.robots import sitemap_urls
from newscrawl.listings.sitemaps import read_sitemap

LISTINGS = Path(__file__).parent / "fixtures" / "listings"
BASE = "http://127.0.0.1:8000"


def _read(name: str) -> bytes:
    return (LISTINGS / name).read_bytes()


def test_robots_sitemap_lines_absolute_and_relative() -> None:
    assert sitemap_urls(_read("robots.txt"), f"{BASE}/robots.txt") == [
        "https://digest.example/sitemap_index.xml",
        f"{BASE}/news-sitemap.xml",
    ]


def test_robots_without_sitemap_lines() -> None:
    assert sitemap_urls(b"User-agent: *\nDisallow: /\n", f"{BASE}/robots.txt") == []


def test_sitemap_index_children_with_lastmod() -> None:
    index = read_sitemap(_read("sitemap_index.xml"), f"{BASE}/sitemap_index.xml")
    assert index.kind == "sitemapindex"
    assert index.problem is None
    assert [(e.url.rsplit("/", 1)[1], e.lastmod) for e in index.entries] == [
        ("post-sitemap.xml", datetime(2022, 1, 5, 14, 12, tzinfo=UTC)),
        ("post-sitemap2.xml", datetime(2022, 1, 13, 17, 11, 59, tzinfo=UTC)),
        ("category-sitemap.xml", None),
        ("news-sitemap.xml", datetime(2022, 1, 13, 17, 11, 59, tzinfo=UTC)),
    ]


def test_urlset_lastmod_forms_and_alternates() -> None:
    urlset = read_sitemap(_read("post-sitemap2.xml"), f"{BASE}/post-sitemap2.xml")
    assert urlset.kind == "urlset"
    assert urlset.problem is None
    by_slug = {e.url.rstrip("/").rsplit("/", 1)[1]: e for e in urlset.entries}
    assert list(by_slug) == [
        "late-on-sunday",
        "first-on-monday",
        "edited-much-later",
        "with-translations",
        "day-only-lastmod",
        "no-lastmod",
    ]
    # Offsets are kept as instants: 23:30 in New York is 04:30 UTC the next day.
    assert by_slug["late-on-sunday"].lastmod == datetime(2022, 1, 10, 4, 30, tzinfo=UTC)
    # A day without time is an upper bound: the last instant that date means anywhere.
    assert by_slug["day-only-lastmod"].lastmod == datetime(2022, 1, 13, 12, tzinfo=UTC)
    assert by_slug["no-lastmod"].lastmod is None
    # hreflang alternates other than the page itself.
    assert by_slug["with-translations"].alternates == (
        "https://digest.example/fr/2022/01/11/avec-traductions/",
    )
    assert all(e.published is None and e.title is None for e in urlset.entries)


def test_news_sitemap_publication_date_and_title() -> None:
    news = read_sitemap(_read("news-sitemap.xml"), f"{BASE}/news-sitemap.xml")
    assert news.kind == "urlset"
    assert news.problem is None
    assert [(e.published, e.title) for e in news.entries] == [
        (
            datetime(2022, 1, 13, 17, 11, 59, tzinfo=UTC),
            'Peleg: "We deserved the victory against Bnei Be\'er Sheva"',
        ),
        (
            datetime(2022, 1, 13, 0, 21, 59, tzinfo=UTC),
            "Report: 84% of households & firms struggle - Infobae",
        ),
        (datetime(2022, 1, 11, 17, 12, tzinfo=UTC), "Inside the window by a minute"),
        (datetime(2022, 1, 11, 17, 11, 58, tzinfo=UTC), "Outside the window by a second"),
    ]
    assert all(e.published is not None and e.published.tzinfo is UTC for e in news.entries)


def test_news_prefix_without_namespace_declaration_is_read_and_reported() -> None:
    doc = (
        b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>/a/</loc>'
        b"<news:news><news:publication_date>2022-01-10T10:00:00Z</news:publication_date>"
        b"<news:title>T</news:title></news:news></url></urlset>"
    )
    sitemap = read_sitemap(doc, f"{BASE}/news-sitemap.xml")
    assert [(e.url, e.published, e.title) for e in sitemap.entries] == [
        (f"{BASE}/a/", datetime(2022, 1, 10, 10, tzinfo=UTC), "T")
    ]
    assert sitemap.problem is not None and sitemap.problem.reason == "malformed"
    assert "news" in sitemap.problem.detail


def test_gzipped_sitemap_by_magic_bytes_not_name() -> None:
    body = gzip.compress(_read("post-sitemap2.xml"))
    plain = read_sitemap(_read("post-sitemap2.xml"), f"{BASE}/post-sitemap2.xml")
    for url in (f"{BASE}/post-sitemap2.xml.gz", f"{BASE}/post-sitemap2.xml"):
        assert read_sitemap(body, url, max_size=1 << 20) == plain


def test_feed_and_text_file_served_as_sitemaps() -> None:
    from_feed = read_sitemap(_read("feed.xml"), f"{BASE}/feed/")
    assert from_feed.kind == "urlset"
    assert [e.url for e in from_feed.entries][:2] == [
        "https://digest.example/2022/01/13/newest-post/",
        "https://digest.example/2022/01/12/ampersand-title/",
    ]
    text = read_sitemap(_read("sitemap.txt"), f"{BASE}/sitemap.txt")
    assert [e.url for e in text.entries] == [e.url for e in from_feed.entries[:2]]


def test_entries_without_usable_loc_are_counted_not_kept() -> None:
    doc = (
        b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        b"<url><loc></loc></url><url><lastmod>2022-01-10</lastmod></url>"
        b"<url><loc>mailto:desk@digest.example</loc></url><url><loc>/ok/</loc></url></urlset>"
    )
    sitemap = read_sitemap(doc, f"{BASE}/s.xml")
    assert [e.url for e in sitemap.entries] == [f"{BASE}/ok/"]
    assert sitemap.problem is not None
    assert (sitemap.problem.reason, sitemap.problem.detail) == (
        "malformed",
        "2 entries without an http(s) <loc>",
    )


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        ((LISTINGS / "not-found.html").read_bytes(), "wrong_root"),
        (b'<?xml version="1.0"?><opml version="2.0"><body/></opml>', "wrong_root"),
        (b"User-agent: *\nDisallow: /\n", "not_xml"),
        (b"", "not_xml"),
        (b"   \n", "not_xml"),
        (b"\x00\x01\x02binary", "not_xml"),
    ],
)
def test_wrong_content_is_refused_with_reason(body: bytes, reason: str) -> None:
    with pytest.raises(ListingError) as caught:
        read_sitemap(body, f"{BASE}/sitemap_index.xml")
    assert caught.value.reason == reason


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-8-sig"])
def test_news_sitemap_in_other_encodings(encoding: str) -> None:
    text = _read("news-sitemap.xml").decode("utf-8")
    # utf-16 writes a BOM; utf-16-le does not, so the declaration must say it.
    declared = {"utf-16": "UTF-16", "utf-16-le": "UTF-16LE", "utf-8-sig": "UTF-8"}[encoding]
    text = text.replace('encoding="UTF-8"', f'encoding="{declared}"')
    plain = read_sitemap(_read("news-sitemap.xml"), f"{BASE}/news-sitemap.xml")
    again = read_sitemap(text.encode(encoding), f"{BASE}/news-sitemap.xml")
    assert again == plain
    assert all(e.title and e.published for e in again.entries)
