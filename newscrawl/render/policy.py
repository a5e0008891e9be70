"""Which pages go through the browser: the ``render`` argument, and what the run has learnt.

``auto``: a listing that comes back with no cards but with signs of client-side rendering is
fetched again through the browser, and its kind (``category``, ``archive``, ``home``) goes
straight to the browser for the rest of the run. An article page goes through plain HTTP
unless it too comes back empty. ``always``: every listing through the browser. ``never``: no
browser; such listings are counted and logged as skipped.
"""

from __future__ import annotations

import logging
from typing import Any, Literal, Protocol

from scrapy.crawler import Crawler
from scrapy.http import Request, Response, TextResponse
from scrapy.statscollectors import StatsCollector

from newscrawl.render.config import RenderConfig
from newscrawl.render.detect import built_by_javascript, client_rendered_article
from newscrawl.sites import SiteProfile

logger = logging.getLogger(__name__)

RenderMode = Literal["auto", "never", "always"]


class _WithStats(Protocol):
    """A crawler, whose stats exist once the crawl starts (after the spider is built)."""

    @property
    def stats(self) -> StatsCollector | None: ...


#: Request meta: the request goes through the browser (set with scrapy-playwright's keys).
META_RENDERED = "newscrawl/render/rendered"
#: Request meta: a page fetched again through the browser after a plain fetch.
META_RETRY = "newscrawl/render/retry"
_OWN_META = ("playwright", "newscrawl/render/")
#: Meta that Scrapy's downloader sets for one fetch; a new fetch must not inherit it.
_FETCH_META = frozenset(
    {
        "download_latency",
        "retry_times",
        "redirect_times",
        "redirect_ttl",
        "redirect_urls",
        "redirect_reasons",
        "cache_timestamp",
        "_dont_cache",
        "_auth_proxy",
        "_scheme_proxy",
    }
)

# True once the element exists and holds something: the cards, or an empty-listing notice.
_FILLED_JS = (
    "sel => { const el = document.querySelector(sel);"
    " return !!el && (el.children.length > 0 || el.textContent.trim().length > 0); }"
)


async def wait_until_filled(page: Any, selector: str, timeout_ms: float) -> bool:
    """A page method: wait, without a fixed sleep, until ``selector`` holds content.

    Returns False (the page is kept as it is) when nothing appeared within ``timeout_ms``.
    """
    from playwright.async_api import TimeoutError as PlaywrightTimeout  # only in the browser

    try:
        await page.wait_for_function(_FILLED_JS, arg=selector, timeout=timeout_ms)
    except PlaywrightTimeout:
        return False
    return True


def listing_kind(listing: str) -> str:
    """The kind of a listing, remembered for the run.

    >>> listing_kind("category/news"), listing_kind("archive/2022-01-10"), listing_kind("home")
    ('category', 'archive', 'home')
    """
    return listing.split("/", 1)[0]


class RenderPolicy:
    """Routes listing requests to the browser or plain HTTP and decides on empty pages."""

    def __init__(
        self, mode: RenderMode, config: RenderConfig, site: SiteProfile, crawler: _WithStats
    ) -> None:
        self.mode = mode
        self.config = config
        self.site = site
        self.crawler = crawler
        #: Listing kinds found to need the browser in this run.
        self.browser_kinds: set[str] = set()
        self._available: bool | None = None
        self._told_never: set[str] = set()

    @classmethod
    def from_crawler(cls, crawler: Crawler, mode: RenderMode, site: SiteProfile) -> RenderPolicy:
        return cls(mode, RenderConfig.from_settings(crawler.settings), site, crawler)

    @property
    def stats(self) -> StatsCollector:
        assert self.crawler.stats is not None
        return self.crawler.stats

    def browser_available(self) -> bool:
        """Whether Chromium is installed; checked (and a missing one logged) once, when first
        needed."""
        if self._available is None:
            self._available = self.config.chromium_path() is not None
            if not self._available:
                logger.warning(self.config.missing_message())
        return self._available

    def route(self, request: Request, listing: str) -> Request:
        """A listing request as this run sends it: through the browser when its kind needs one."""
        meta = _fresh_meta(request)
        # A next page inherits its browser retry's dont_filter; a new URL needs no such pass.
        dont_filter = request.dont_filter and META_RETRY not in request.meta
        request = request.replace(meta=meta, dont_filter=dont_filter)
        wanted = self.mode == "always" or (
            self.mode == "auto" and listing_kind(listing) in self.browser_kinds
        )
        if wanted and self.browser_available():
            return self._through_browser(request, self.site.feed)
        return request

    def retry_listing(self, response: Response, listing: str) -> Request | None:
        """A listing came back: None to read it as it is, or its request through the browser."""
        if response.meta.get(META_RENDERED):
            waited = response.meta.get("playwright_page_methods") or ()
            if waited and waited[0].result is False:
                self.stats.inc_value("newscrawl/render/timeout")
                logger.warning(
                    "No cards appeared within %.0f s in the browser: %s",
                    self.config.wait_seconds,
                    response.url,
                )
            return None
        if not isinstance(response, TextResponse):
            return None
        if not built_by_javascript(response.selector, self.site):
            return None
        kind = listing_kind(listing)
        if self.mode == "never":
            self.stats.inc_value("newscrawl/render/skipped")
            if kind not in self._told_never:
                self._told_never.add(kind)
                logger.warning(
                    "Listing %s is built by JavaScript and render=never: its cards cannot be"
                    " read without a browser (%s listings are skipped; use render=auto)",
                    response.url,
                    kind,
                )
            return None
        self.stats.inc_value("newscrawl/render/needed")
        if not self.browser_available():
            self.stats.inc_value("newscrawl/render/unavailable")
            return None
        if kind not in self.browser_kinds:
            self.browser_kinds.add(kind)
            logger.info(
                "Listing %s is built by JavaScript: %s listings go through the browser"
                " for the rest of the run",
                response.url,
                kind,
            )
        return self._retry(response.request or Request(response.url), self.site.feed)

    def retry_article(self, response: Response) -> Request | None:
        """An article page that could not be parsed: its request through the browser when it
        looks built by JavaScript, else None."""
        if self.mode == "never" or response.meta.get(META_RENDERED):
            return None
        if not isinstance(response, TextResponse):
            return None
        if not client_rendered_article(response.selector, self.site):
            return None
        self.stats.inc_value("newscrawl/render/articles_needed")
        if not self.browser_available():
            self.stats.inc_value("newscrawl/render/unavailable")
            return None
        logger.info(
            "Article page is built by JavaScript, fetching it in the browser: %s", response.url
        )
        return self._retry(response.request or Request(response.url), self.site.title)

    def _retry(self, request: Request, wait_for: str) -> Request:
        meta = _fresh_meta(request)
        again = request.replace(meta={**meta, META_RETRY: True}, dont_filter=True)
        return self._through_browser(again, wait_for)

    def _through_browser(self, request: Request, wait_for: str) -> Request:
        from scrapy_playwright.page import PageMethod  # a plain class: playwright stays unloaded

        timeout_ms = self.config.wait_seconds * 1000
        return request.replace(
            meta={
                **request.meta,
                META_RENDERED: True,
                "playwright": True,
                "playwright_page_methods": [PageMethod(wait_until_filled, wait_for, timeout_ms)],
            }
        )


def _fresh_meta(request: Request) -> dict[str, Any]:
    """A request's meta without the routing of its last fetch and what that fetch recorded."""
    return {
        k: v
        for k, v in request.meta.items()
        if not k.startswith(_OWN_META) and k not in _FETCH_META
    }
