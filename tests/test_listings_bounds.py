"""Date bounds over listed entries: site-time-zone days and the news sitemap's 48 hours."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from newscrawl.listings.bounds import day_window, news_window, within
from newscrawl.listings.sitemaps import read_sitemap

LISTINGS = Path(__file__).parent / "fixtures" / "listings"
NEW_YORK = ZoneInfo("America/New_York")


def _slugs(entries: object) -> list[str]:
    return [e.url.rstrip("/").rsplit("/", 1)[1] for e in entries]  # type: ignore[attr-defined]


def test_day_bounds_in_the_site_time_zone_on_lastmod() -> None:
    posts = read_sitemap((LISTINGS / "post-sitemap2.xml").read_bytes(), "http://h/s.xml").entries
    monday = day_window(date(2022, 1, 10), date(2022, 1, 10), NEW_YORK)
    # late-on-sunday was last edited 23:30 New York on the 9th (04:30 UTC on the 10th): out,
    # though its UTC date is the 10th. A lastmod after the window keeps the entry (an edit
    # follows publication), as do a day-only lastmod and none at all.
    assert _slugs(within(posts, monday)) == [
        "first-on-monday",
        "edited-much-later",
        "with-translations",
        "day-only-lastmod",
        "no-lastmod",
    ]


def test_index_children_pruned_by_lastmod() -> None:
    index = read_sitemap((LISTINGS / "sitemap_index.xml").read_bytes(), "http://h/i.xml").entries
    window = day_window(date(2022, 1, 10), date(2022, 1, 11), NEW_YORK)
    # post-sitemap.xml last changed on Jan 5: it lists no post of the 10th or 11th.
    assert [e.url.rsplit("/", 1)[1] for e in within(index, window)] == [
        "post-sitemap2.xml",
        "category-sitemap.xml",
        "news-sitemap.xml",
    ]


def test_publication_date_decides_exactly() -> None:
    news = read_sitemap((LISTINGS / "news-sitemap.xml").read_bytes(), "http://h/n.xml").entries
    tuesday = day_window(date(2022, 1, 11), date(2022, 1, 11), NEW_YORK)
    assert _slugs(within(news, tuesday)) == ["utc-zulu", "just-outside"]
    wednesday_on = day_window(date(2022, 1, 12), None, NEW_YORK)
    assert _slugs(within(news, wednesday_on)) == ["newest-post", "ampersand-title"]


def test_news_sitemaps_48_hours() -> None:
    news = read_sitemap((LISTINGS / "news-sitemap.xml").read_bytes(), "http://h/n.xml").entries
    window = news_window(news)
    assert window is not None
    newest = datetime(2022, 1, 13, 17, 11, 59, tzinfo=UTC)
    assert window.start == newest - timedelta(hours=48)
    assert _slugs(within(news, window)) == ["newest-post", "ampersand-title", "utc-zulu"]


def test_day_window_across_dst_changes() -> None:
    spring = day_window(date(2022, 3, 13), date(2022, 3, 13), NEW_YORK)
    autumn = day_window(date(2022, 11, 6), date(2022, 11, 6), NEW_YORK)
    assert spring.end is not None and autumn.end is not None
    assert spring.end - spring.start == timedelta(hours=23)
    assert autumn.end - autumn.start == timedelta(hours=25)
    assert spring.start == datetime(2022, 3, 13, 5, tzinfo=UTC)
    assert autumn.end == datetime(2022, 11, 7, 5, tzinfo=UTC)


def test_day_only_publication_date_is_a_bound_not_midnight_utc() -> None:
    # Google News allows a publication date without time. Read as midnight UTC, a post of
    # Jan 10 in New York would fall on Jan 9 there and be cut from a Jan 10 walk.
    doc = (
        b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'
        b' xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">'
        b"<url><loc>http://h/a/</loc><news:news>"
        b"<news:publication_date>2022-01-10</news:publication_date>"
        b"<news:title>Day only</news:title></news:news></url></urlset>"
    )
    (entry,) = read_sitemap(doc, "http://h/news-sitemap.xml").entries
    assert entry.published is None
    assert entry.lastmod == datetime(2022, 1, 11, 12, tzinfo=UTC)  # Jan 10 ends there last
    for day in (9, 10):
        window = day_window(date(2022, 1, day), date(2022, 1, day), NEW_YORK)
        assert list(within([entry], window)) == [entry]
    after = day_window(date(2022, 1, 12), None, NEW_YORK)
    assert list(within([entry], after)) == []
