"""The listings layer over the bundled press replica's own robots.txt, sitemaps and feeds,
checked against its manifest and truth (not against sample strings)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from newscrawl.listings.bounds import news_window, within
from newscrawl.listings.robots import sitemap_urls
from newscrawl.listings.sitemaps import read_sitemap
from newscrawl.listings.syndication import read_feed
from newscrawl.normalize.dates import parse_iso_instant

PRESS = Path(__file__).parent / "fixtures" / "replica-press"
SITE = PRESS / "site"
ORIGIN = "https://pressdigest.example"


def _lines(name: str) -> list[dict[str, Any]]:
    text = (PRESS / name).read_text(encoding="utf-8")
    return [json.loads(line) for line in text.splitlines() if line]


MANIFEST = json.loads((PRESS / "manifest.json").read_text(encoding="utf-8"))
PAGES = {page["path"]: page for page in _lines("pages.jsonl")}
TRUTH = {t["aggregator_url"]: t for t in _lines("truth.jsonl")}
DEAD = set(MANIFEST["dead_card_paths"])


def _file(url: str) -> Path:
    path = urlsplit(url).path.lstrip("/")
    folder = SITE / path
    return folder / "index.xml" if path.endswith("/") or folder.is_dir() else folder


def test_robots_leads_to_an_index_whose_post_sitemaps_list_every_post() -> None:
    (index_url,) = sitemap_urls((SITE / "robots.txt").read_bytes(), f"{ORIGIN}/robots.txt")
    index = read_sitemap(_file(index_url).read_bytes(), index_url)
    assert index.kind == "sitemapindex" and index.problem is None
    posts = [e for e in index.entries if urlsplit(e.url).path.startswith("/post-sitemap")]
    assert len(posts) == MANIFEST["post_sitemaps"]
    listed: set[str] = set()
    for child in posts:
        sitemap = read_sitemap(_file(child.url).read_bytes(), child.url)
        assert sitemap.kind == "urlset" and sitemap.problem is None
        lastmods = [e.lastmod for e in sitemap.entries]
        assert all(lastmods)
        # What pruning children by lastmod relies on: a child's lastmod is its newest edit.
        assert child.lastmod is not None and max(m for m in lastmods if m) <= child.lastmod
        listed |= {urlsplit(e.url).path for e in sitemap.entries}
    assert set(PAGES) <= listed
    assert listed - set(PAGES) <= DEAD


def test_news_sitemap_is_the_48_hours_before_the_newest_post() -> None:
    url = f"{ORIGIN}/news-sitemap.xml"
    news = read_sitemap(_file(url).read_bytes(), url)
    assert news.problem is None
    assert len(news.entries) == MANIFEST["news_sitemap_urls"]
    window = news_window(news.entries)
    assert window is not None
    assert list(within(news.entries, window)) == list(news.entries)
    checked = 0
    for entry in news.entries:
        path = urlsplit(entry.url).path
        assert entry.title and entry.published is not None
        if path in TRUTH:  # an earliest copy: its publication time is the truth's
            assert entry.published == parse_iso_instant(TRUTH[path]["aggregated_at"])
            checked += 1
    assert checked


@pytest.mark.parametrize(
    "feed", sorted(str(p.relative_to(SITE)) for p in SITE.glob("**/feed/index.xml"))
)
def test_every_feed_names_posts_with_their_publication_time(feed: str) -> None:
    url = f"{ORIGIN}/{feed.removesuffix('index.xml')}"
    items = read_feed((SITE / feed).read_bytes(), url)
    assert items.problem is None and items.entries
    for item in items.entries:
        path = urlsplit(item.url).path
        assert path in PAGES or path in DEAD
        assert item.published is not None and item.published.utcoffset() is not None
        if path in TRUTH:
            assert item.published == parse_iso_instant(TRUTH[path]["aggregated_at"])
        # guid is the short link (?p=ID), not the post's URL.
        assert item.guid is not None and urlsplit(item.guid).query.startswith("p=")
    # dc:creator is the site's one account (README), kept apart from any author.
    creators = {item.creator for item in items.entries}
    assert len(creators) == 1 and None not in creators
    published = [item.published for item in items.entries]
    assert published == sorted(published, reverse=True)  # newest first, as the README says
