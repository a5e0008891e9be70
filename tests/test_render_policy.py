"""RenderPolicy: which listings and articles go through the browser, per render mode."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest
from scrapy.http import HtmlResponse, Request
from scrapy.statscollectors import MemoryStatsCollector
from scrapy.utils.test import get_crawler

from newscrawl.render.config import RenderConfig
from newscrawl.render.policy import META_RENDERED, RenderMode, RenderPolicy
from newscrawl.sites.limitedtimes import SITE

FIXTURES = Path(__file__).parent / "fixtures"
JS_LISTING = (FIXTURES / "replica-js/site/news/page/1.html").read_bytes()
PLAIN_LISTING = (FIXTURES / "replica/site/news/page/1.html").read_bytes()
EMPTY_LISTING = (FIXTURES / "replica/site/world/page/2.html").read_bytes()
JS_ARTICLE = b'<html><body><main id="app"></main><script>render()</script></body></html>'


def make_policy(mode: RenderMode, chromium: str = "/bin/sh") -> RenderPolicy:
    stats = MemoryStatsCollector(get_crawler())
    # /bin/sh stands in for an installed browser: nothing is launched here.
    return RenderPolicy(mode, RenderConfig(chromium=chromium), SITE, SimpleNamespace(stats=stats))


def listing(url: str, listing_name: str, body: bytes, **meta: object) -> HtmlResponse:
    request = Request(url, meta={"newscrawl/listing": listing_name, **meta})
    return HtmlResponse(url, body=body, request=request)


def test_auto_retries_a_js_listing_and_remembers_its_kind() -> None:
    policy = make_policy("auto")
    fresh = policy.route(Request("https://x.org/news"), "category/news")
    assert "playwright" not in fresh.meta
    again = policy.retry_listing(
        listing("https://x.org/news", "category/news", JS_LISTING), "category/news"
    )
    assert again is not None and again.meta["playwright"] and again.dont_filter
    assert policy.stats.get_value("newscrawl/render/needed") == 1
    # Same kind: straight to the browser; another kind: plain HTTP.
    assert policy.route(Request("https://x.org/world"), "category/world").meta["playwright"]
    assert "playwright" not in policy.route(Request("https://x.org/archive/d"), "archive/d").meta


def test_a_next_page_drops_the_last_fetch_meta() -> None:
    policy = make_policy("auto")
    response = listing("https://x.org/news", "category/news", JS_LISTING)
    again = policy.retry_listing(response, "category/news")
    assert again is not None
    next_page = again.replace(
        url="https://x.org/news?page=2",
        meta={**again.meta, "download_latency": 0.1, "retry_times": 1},
    )
    routed = policy.route(next_page, "category/news")
    assert routed.meta["playwright"] and not routed.dont_filter
    assert "download_latency" not in routed.meta and "retry_times" not in routed.meta
    assert routed.meta["playwright_page_methods"] is not again.meta["playwright_page_methods"]


@pytest.mark.parametrize("body", [PLAIN_LISTING, EMPTY_LISTING])
def test_listings_with_cards_or_saying_empty_stay_plain(body: bytes) -> None:
    policy = make_policy("auto")
    assert (
        policy.retry_listing(listing("https://x.org/news", "category/news", body), "category/news")
        is None
    )
    assert policy.stats.get_stats() == {}


def test_a_rendered_listing_is_read_as_it_is() -> None:
    policy = make_policy("auto")
    response = listing("https://x.org/news", "category/news", JS_LISTING, **{META_RENDERED: True})
    assert policy.retry_listing(response, "category/news") is None


def test_never_counts_and_skips() -> None:
    policy = make_policy("never")
    response = listing("https://x.org/news", "category/news", JS_LISTING)
    assert policy.retry_listing(response, "category/news") is None
    assert policy.stats.get_value("newscrawl/render/skipped") == 1
    assert "playwright" not in policy.route(Request("https://x.org/news"), "category/news").meta


def test_always_routes_every_listing() -> None:
    policy = make_policy("always")
    assert policy.route(Request("https://x.org/archive/d"), "archive/d").meta["playwright"]


def test_missing_chromium_counts_unavailable(caplog: pytest.LogCaptureFixture) -> None:
    policy = make_policy("auto", chromium="/nonexistent/chromium")
    for slug in ("news", "world"):
        response = listing(f"https://x.org/{slug}", f"category/{slug}", JS_LISTING)
        assert policy.retry_listing(response, f"category/{slug}") is None
    assert policy.stats.get_value("newscrawl/render/unavailable") == 2
    assert [r.message for r in caplog.records].count(policy.config.missing_message()) == 1
    assert "playwright" not in policy.route(Request("https://x.org/news"), "category/news").meta


def test_an_empty_article_goes_to_the_browser_once() -> None:
    policy = make_policy("auto")
    url = "https://x.org/news/2022-01-10-a.HJx2HyMD3F.html"
    response = HtmlResponse(url, body=JS_ARTICLE, request=Request(url))
    again = policy.retry_article(response)
    assert again is not None and again.meta["playwright"]
    rendered = HtmlResponse(url, body=JS_ARTICLE, request=again)
    assert policy.retry_article(rendered) is None
    gone = HtmlResponse(url, body=b"<p>Gone</p>", request=Request(url))
    assert policy.retry_article(gone) is None
