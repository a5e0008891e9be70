"""RSS 2.0, RSS 1.0 and Atom feeds over recorded files."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from newscrawl.listings.errors import ListingError
from newscrawl.listings.syndication import read_feed

LISTINGS = Path(__file__).parent / "fixtures" / "listings"
BASE = "http://127.0.0.1:8000"


def _read(name: str) -> bytes:
    return (LISTINGS / name).read_bytes()


def test_rss2_items() -> None:
    feed = read_feed(_read("feed.xml"), f"{BASE}/feed/")
    assert feed.problem is None
    assert [(e.url, e.published, e.guid, e.creator) for e in feed.entries] == [
        (
            "https://digest.example/2022/01/13/newest-post/",
            datetime(2022, 1, 13, 17, 11, 59, tzinfo=UTC),
            "https://digest.example/?p=1664",
            "Digest Desk",
        ),
        (
            "https://digest.example/2022/01/12/ampersand-title/",
            datetime(2022, 1, 13, 0, 21, 59, tzinfo=UTC),
            "https://digest.example/?p=1662",
            "Digest Desk",
        ),
        # No <link>: a guid that is a permalink (the default) is the post's URL.
        (
            "https://digest.example/2022/01/11/permalink-guid/",
            datetime(2022, 1, 11, 12, tzinfo=UTC),
            "https://digest.example/2022/01/11/permalink-guid/",
            None,
        ),
        # Relative link joined on the feed URL; a named zone (EST).
        (
            f"{BASE}/2022/01/10/relative-link/",
            datetime(2022, 1, 10, 13, tzinfo=UTC),
            None,
            None,
        ),
    ]
    assert [e.title for e in feed.entries][:2] == [
        'Peleg: "We deserved the victory against Bnei Be\'er Sheva"',
        "Report: 84% of households & firms struggle - Infobae",
    ]
    # The channel's own <link> and atom:link rel=self are not entries.
    assert f"{BASE}/feed/" not in {e.url for e in feed.entries}


def test_rss_short_link_guid_is_never_the_url() -> None:
    doc = (
        b'<rss version="2.0"><channel><item><title>No link</title>'
        b'<guid isPermaLink="false">https://digest.example/?p=7</guid></item>'
        b"<item><link>https://digest.example/ok/</link></item></channel></rss>"
    )
    feed = read_feed(doc, f"{BASE}/feed/")
    assert [e.url for e in feed.entries] == ["https://digest.example/ok/"]
    assert feed.problem is not None and feed.problem.reason == "malformed"


def test_atom_entries() -> None:
    feed = read_feed(_read("atom.xml"), f"{BASE}/feed/atom/")
    assert feed.problem is None
    first, second = feed.entries
    assert first.url == "https://digest.example/2022/01/13/newest-post/"  # rel=alternate
    assert first.title == 'Peleg: "We deserved it"'
    assert first.published == datetime(2022, 1, 13, 17, 11, 59, tzinfo=UTC)
    assert first.lastmod == datetime(2022, 1, 13, 19, tzinfo=UTC)
    assert (first.guid, first.creator) == ("https://digest.example/?p=1664", "Digest Desk")
    # A link without rel is the alternate; no <published>: only lastmod is known.
    assert second.url == f"{BASE}/2022/01/12/only-updated/"
    assert second.published is None
    assert second.lastmod == datetime(2022, 1, 13, 0, 21, 59, tzinfo=UTC)


def test_rss1_rdf_items() -> None:
    feed = read_feed(_read("rdf.xml"), f"{BASE}/index.rdf")
    assert feed.problem is None
    assert [(e.url, e.published, e.creator) for e in feed.entries] == [
        (
            "https://digest.example/2022/01/13/newest-post/",
            datetime(2022, 1, 13, 17, 11, 59, tzinfo=UTC),
            "Digest Desk",
        ),
        (
            "https://digest.example/2022/01/12/about-only/",
            datetime(2022, 1, 13, 0, 21, 59, tzinfo=UTC),
            None,
        ),
    ]


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("not-found.html", "wrong_root"),
        ("sitemap_index.xml", "wrong_root"),
        ("robots.txt", "not_xml"),
    ],
)
def test_wrong_content_is_refused_with_reason(name: str, reason: str) -> None:
    with pytest.raises(ListingError) as caught:
        read_feed(_read(name), f"{BASE}/feed/")
    assert caught.value.reason == reason


@pytest.mark.parametrize("encoding", ["windows-1252", "iso-8859-1", "utf-16"])
def test_feed_in_its_declared_encoding(encoding: str) -> None:
    doc = (
        f'<?xml version="1.0" encoding="{encoding}"?>\n<rss version="2.0"><channel>'
        "<item><title>Élection à Genève : « résultats »</title>"
        "<link>https://digest.example/2022/01/10/election/</link>"
        "<pubDate>Mon, 10 Jan 2022 08:00:00 +0100</pubDate></item></channel></rss>"
    )
    (item,) = read_feed(doc.encode(encoding), f"{BASE}/feed/").entries
    assert item.title == "Élection à Genève : « résultats »"
    assert item.published == datetime(2022, 1, 10, 7, tzinfo=UTC)
