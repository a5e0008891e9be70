"""The shared aggregator spider: walks listings of a site profile and parses its articles.

A concrete spider only names its :class:`~newscrawl.sites.SiteProfile`; see
:mod:`newscrawl.sites.limitedtimes`.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Iterator
from datetime import date, datetime
from logging import ERROR, WARNING
from typing import Any
from urllib.parse import urljoin, urlsplit

from lxml import etree
from parsel import SelectorList
from parsel.csstranslator import HTMLTranslator
from scrapy.crawler import Crawler
from scrapy.http import Request, Response, TextResponse
from scrapy.selector import Selector
from scrapy.settings import BaseSettings
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure

from newscrawl.args import CrawlArgs, parse_args
from newscrawl.distributed import configure as configure_distributed
from newscrawl.distributed import enabled as distributed_enabled
from newscrawl.extract.aggregated import NotAnArticle, extract_article
from newscrawl.extract.depth import MESSAGE as DEPTH
from newscrawl.extract.depth import REASON as DEPTH_REASON
from newscrawl.extract.depth import too_deep
from newscrawl.failures import failure_reason
from newscrawl.frontier.holding import META_CARD_TIME, META_LOWER_BOUND, article_priority
from newscrawl.items import Article
from newscrawl.listings.cards import pruned_root
from newscrawl.middlewares.htmlresponse import looks_like_html
from newscrawl.middlewares.newest import META_CARDS as NEWEST_CARDS
from newscrawl.middlewares.reachability import GivenUp
from newscrawl.normalize import places, zones
from newscrawl.normalize.dates import parse_iso_instant
from newscrawl.runsettings import declare_site, publish_args
from newscrawl.settingspec import guard as guard_settings
from newscrawl.sites import CategoryListings, DayArchive, NewestPages
from newscrawl.spiders.xmllistings import FeedAndSitemapListings
from newscrawl.state import open_store

logger = logging.getLogger(__name__)

#: Request meta keys.
META_LISTING = "newscrawl/listing"  # e.g. "archive/2022-01-10", "category/news", "home"
META_PAGE = "newscrawl/page"  # page number within that listing
#: How many dead card links and missing listings are logged one per line; the rest are counted
#: (stats, run report) and summed up in one line when the spider closes.
LOGGED_PER_KIND = 5
#: How many failed pages (listings, articles, pages not read) are logged one per line; past
#: that they are only counted (newscrawl/pages/failed/<reason>, the run report) and summed up
#: when the spider closes: a site gone down must not bury the log under a line per page.
LOGGED_FAILED = 20
#: Stats keys of the cards a listing page held past NEWSCRAWL_LISTING_MAX_CARDS (not read).
CARDS_OVER_CAP = "newscrawl/listings/cards_over_cap"
PAGES_OVER_CAP = "newscrawl/listings/pages_over_cap"
#: A listing page larger than this is parsed as it streams, its cards past the cap dropped on
#: the way (newscrawl.listings.cards): a real one is well under a megabyte.
LARGE_LISTING_BYTES = 1 << 20


class AggregatorSpider(FeedAndSitemapListings):
    """Walk date archives, category listings or the newest pages; parse article pages."""

    def __init__(self, name: str | None = None, **kwargs: Any) -> None:
        # Arguments are validated here (BadArgument) and are not set as attributes: a
        # "-a start=..." must not shadow Spider.start().
        self.crawl_args = parse_args(
            kwargs, self.site.base_url, self.site.listing_names(), today=self.site_today()
        )
        super().__init__(name)
        self.base_url = self.crawl_args.base_url
        self.allowed_domains = [urlsplit(self.base_url).hostname or ""]
        self._dead_links: set[str] = set()  # the logged ones (LOGGED_PER_KIND)
        self._missing_listings = 0
        self._failed_logged: dict[str, int] = {}  # per kind of failure: how many lines so far
        self._card_xpath = HTMLTranslator().css_to_xpath(self.site.card)
        self._cap_logged = False

    @classmethod
    def update_settings(cls, settings: BaseSettings) -> None:
        super().update_settings(settings)
        declare_site(settings, cls.site)  # components look the profile up by its key
        # NEWSCRAWL_REDIS_URL: several workers share the run (scheduler, extension, state).
        configure_distributed(settings)

    @classmethod
    def check_arguments(cls, raw: dict[str, Any], settings: Any = None) -> CrawlArgs:
        """Validate arguments, and that the state store opens, before a crawl starts.

        Raises BadArgument or StateStoreError with a one-line message.
        """
        args = parse_args(raw, cls.site.base_url, cls.site.listing_names(), today=cls.site_today())
        # A distributed run's store is its Redis, which the command's check_redis opens.
        local = settings is not None and not distributed_enabled(settings)
        uri = settings.get("NEWSCRAWL_STATE_URI") if local else None
        if uri:
            open_store(uri).close()
        return args

    @classmethod
    def site_today(cls) -> tuple[date, str]:
        """Today's date in the site's time zone, and the zone's name."""
        return datetime.now(cls.site.zone).date(), cls.site.timezone

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> AggregatorSpider:
        guard_settings(crawler)  # before anything reads them (the extensions come later)
        spider = super().from_crawler(crawler, *args, **kwargs)
        publish_args(crawler.settings, spider.crawl_args)  # before the components are built
        # The bylines' gazetteer and the zone tables, before any request is in flight (see
        # places.load).
        places.load()
        zones.load()
        return spider

    # --- listings -------------------------------------------------------------------------

    async def start(self) -> AsyncIterator[Any]:
        for request in self.listing_requests():
            yield request

    def url(self, path: str) -> str:
        """An absolute URL on the crawled site (the live site or a mirror)."""
        return urljoin(self.base_url + "/", path.lstrip("/"))

    def _listing(
        self, path: str, listing: str, *, page: int = 1, priority: int = 0, callback: Any = None
    ) -> Request:
        # Through the browser or not: newscrawl.render.routing decides, from the meta.
        return Request(
            self.url(path),
            callback=callback or self.parse_listing,
            errback=self.listing_failed,
            priority=self.settings.getint("NEWSCRAWL_LISTING_PRIORITY") + priority,
            meta={META_LISTING: listing, META_PAGE: page},
        )

    def listing_requests(self) -> Iterator[Request]:
        """The first page of each listing this run walks (``via``, or what the dates,
        categories or neither imply)."""
        args, walks = self.crawl_args, self.crawl_args.walks
        if "archive" in walks:
            days = args.archive_days_until(datetime.now(self.site.zone).date())
            archive = self.site.listing(DayArchive)
            assert isinstance(archive, DayArchive)  # checked with the arguments
            for n, day in enumerate(days):
                # Oldest day first, so the first-published copy of an article wins dedup.
                path = archive.path.format(day=day)
                yield self._listing(path, f"archive/{day.isoformat()}", priority=len(days) - n)
        if "categories" in walks:
            if "all" in args.categories or not args.categories:
                yield self._listing("/", "home", callback=self.parse_navigation)
            else:
                for slug in args.categories:
                    yield self._category_listing(slug)
        if "newest" in walks:
            newest = self.site.listing(NewestPages)
            if isinstance(newest, NewestPages):
                home = self._listing(newest.path, "home", callback=self.parse_home)
                home.meta["newscrawl/newest"] = True  # later pages only while they hold news
                yield home
            yield from self.feed_requests(())
            yield from self.news_sitemap_requests()
        if "feeds" in walks:
            if "all" in args.categories:
                # the site's feed, and the feed of every category of the navigation
                yield from self.feed_requests(())
                yield self._listing("/", "home", callback=self.parse_feed_navigation)
            else:
                yield from self.feed_requests(args.categories)
        if "sitemap" in walks:
            yield from self.sitemap_requests()

    def _category_listing(self, slug: str) -> Request:
        categories = self.site.listing(CategoryListings)
        assert isinstance(categories, CategoryListings)  # checked with the arguments
        return self._listing(categories.path.format(category=slug), f"category/{slug}")

    def _category_slugs(self, response: Response) -> list[str]:
        categories = self.site.listing(CategoryListings)
        if not isinstance(categories, CategoryListings):
            return []
        slugs = []
        for href in response.css(categories.nav).getall():
            path = urlsplit(response.urljoin(href)).path
            if found := categories.nav_path.match(path):
                slugs.append(found.group("category"))
        return list(dict.fromkeys(slugs))

    def parse_navigation(self, response: Response) -> Iterator[Request]:
        """Home page, for ``categories=all``: every category on the site's navigation."""
        for slug in self._category_slugs(response):
            yield self._category_listing(slug)

    def parse_feed_navigation(self, response: Response) -> Iterator[Request]:
        """Home page, for ``via=feeds`` with ``categories=all``: the feed of every category
        on the site's navigation."""
        yield from self.feed_requests(self._category_slugs(response))

    def parse_home(self, response: Response) -> Iterator[Request]:
        """Newest pages: the home page's cards (and the first page of each category when the
        site's newest pages include them)."""
        yield from self.parse_listing(response)
        newest = self.site.listing(NewestPages)
        if not (isinstance(newest, NewestPages) and newest.with_categories):
            return
        for slug in self._category_slugs(response):
            request = self._category_listing(slug)
            request.meta["newscrawl/newest"] = True
            yield request

    def parse_listing(self, response: Response) -> Iterator[Request]:
        """A listing page: its cards' article requests, then its next page."""
        stats = self.crawler.stats
        assert stats is not None
        listing = response.meta.get(META_LISTING, "listing")
        page = int(response.meta.get(META_PAGE, 1))
        dropped = self._prune_large(response)
        stats.inc_value("newscrawl/listings/pages")
        since = self.crawl_args.since
        cards = self._cards(response, dropped)
        older = 0
        card_urls: list[str] = []
        for card in cards:
            href = card.css(self.site.card_link).get()
            card_time = card.css(self.site.card_time).get(default="")
            if not href:
                continue
            url = response.urljoin(href)
            if since and listing.startswith("category/") and self._before(card_time, since):
                older += 1
                continue
            if not self._is_own_article(url):
                continue
            card_urls.append(url)
            yield from self.article_request(url, card_time)
        if isinstance(response, TextResponse) and too_deep(response.selector):
            stats.inc_value(f"newscrawl/listings/{DEPTH_REASON}")
            logger.warning("Listing %s: %d cards read; %s", response.url, len(cards), DEPTH)
        if since and cards and older == len(cards):
            logger.info("Stopped %s at page %d: cards older than since=%s", listing, page, since)
            return
        next_href = response.css(self.site.next_page).get()
        max_pages = min(self.crawl_args.max_pages, response.meta.get("newscrawl/max_pages", 10**9))
        if next_href and page >= max_pages:
            stats.inc_value("newscrawl/listings/max_pages_reached")
            logger.info("Stopped %s at max_pages=%d (%s)", listing, max_pages, response.url)
        elif next_href:
            next_url = response.urljoin(next_href)
            if urlsplit(next_url).netloc == urlsplit(response.url).netloc:
                assert response.request is not None
                # Only our own meta: Scrapy's (download_latency, depth...) is per response.
                own = {k: v for k, v in response.meta.items() if k.startswith("newscrawl/")}
                next_page = response.request.replace(
                    url=next_url, meta={**own, META_PAGE: page + 1}
                )
                if response.meta.get("newscrawl/newest"):
                    # Read only while this page held news (newscrawl.middlewares.newest).
                    next_page.meta[NEWEST_CARDS] = card_urls
                yield next_page

    def _prune_large(self, response: Response) -> int:
        """A listing page over LARGE_LISTING_BYTES: its tree built as it streams, with at most
        ``NEWSCRAWL_LISTING_MAX_CARDS`` cards, becomes the response's selector. How many cards
        were dropped (0 for any other page)."""
        cap = self.settings.getint("NEWSCRAWL_LISTING_MAX_CARDS")
        if cap <= 0 or not isinstance(response, TextResponse):
            return 0
        if len(response.body) <= LARGE_LISTING_BYTES or response._cached_selector is not None:
            return 0
        try:
            root, dropped = pruned_root(response.body, response.encoding, self.site.card, cap)
        except (LookupError, ValueError, etree.LxmlError):  # read whole, as any other page
            return 0
        response._cached_selector = Selector(root=root, type="html")
        return dropped

    def _cards(self, response: Response, dropped: int = 0) -> SelectorList[Any]:
        """The page's cards, at most ``NEWSCRAWL_LISTING_MAX_CARDS``; the rest (with those
        ``dropped`` while parsing) counted, and the first capped page of the run logged. Selected
        by position in the document, so a page of 100,000 cards never becomes 100,000
        selectors."""
        cap = self.settings.getint("NEWSCRAWL_LISTING_MAX_CARDS")
        if cap <= 0 or not isinstance(response, TextResponse):
            return response.css(self.site.card)
        total = dropped + int(float(response.xpath(f"count({self._card_xpath})").get() or 0))
        if total <= cap:
            return response.xpath(self._card_xpath)
        stats = self.crawler.stats
        assert stats is not None
        stats.inc_value(CARDS_OVER_CAP, total - cap)
        stats.inc_value(PAGES_OVER_CAP)
        if not self._cap_logged:
            self._cap_logged = True
            logger.warning(
                "Listing %s holds %d cards: only the first %d are read "
                "(NEWSCRAWL_LISTING_MAX_CARDS); the rest, here and on any other such page, are "
                "counted (%s), not logged",
                response.url,
                total,
                cap,
                CARDS_OVER_CAP,
            )
        return response.xpath(f"({self._card_xpath})[position() <= {cap}]")

    def _before(self, card_time: str, day: date) -> bool:
        """The card was published before ``day`` (of the site's time zone)."""
        moment = parse_iso_instant(card_time)
        return moment is not None and self.site.local_day(moment) < day

    def article_request(self, url: str, card_time: str) -> Iterator[Request]:
        """The request of an article card (the frontier holds it until every listing is
        read, then releases it oldest card first; see :mod:`newscrawl.frontier`)."""
        yield self.make_article_request(url, card_time)

    def make_article_request(self, url: str, card_time: str, *, exact: bool = True) -> Request:
        """The request for one article page, its card time in meta (when ``exact`` is False,
        a lower bound of the publication time); older cards get a higher priority."""
        meta: dict[str, Any] = {META_CARD_TIME: card_time}
        if not exact:
            meta[META_LOWER_BOUND] = True
        return Request(
            url,
            callback=self.parse_article,
            errback=self.article_failed,
            priority=article_priority(card_time),
            meta=meta,
        )

    def listing_failed(self, failure: Failure) -> None:
        """A listing that cannot be fetched is counted and logged, never fatal."""
        request = failure.request  # type: ignore[attr-defined]
        stats = self.crawler.stats
        assert stats is not None
        if isinstance(failure.value, GivenUp):  # the run's verdict is already logged
            stats.inc_value("newscrawl/listings/dropped_unreachable")
            return
        if _http_status(failure) == 404:
            stats.inc_value("newscrawl/listings/not_found")
            self._missing_listings += 1
            if self._missing_listings <= LOGGED_PER_KIND:
                logger.info("Listing not found (404): %s", request.url)
        else:
            stats.inc_value("newscrawl/listings/failed")
            stats.inc_value(f"newscrawl/listings/failed/{failure_reason(failure)}")
            self._log_failed(
                "listings", "Listing failed: %s (%s)", request.url, failure.getErrorMessage()
            )

    # --- articles -------------------------------------------------------------------------

    def parse(
        self, response: Response, **kwargs: Any
    ) -> Iterator[Article | Request | NotAnArticle]:
        """Any page of the site (``scrapy parse URL`` without ``-c``): an article page parses
        as an article, ``robots.txt`` for its sitemaps, a sitemap or feed (XML) as one, any
        other page as an HTML listing."""
        if self.site.is_article_url(response.url):
            yield from self.parse_article(response)
        elif urlsplit(response.url).path == "/robots.txt":
            yield from self.parse_robots(response)
        elif _looks_like_xml(response.body):
            yield from self.parse_sitemap(response)  # sitemaps, RSS and Atom alike
        else:
            yield from self.parse_listing(response)

    def parse_article(self, response: Response) -> Iterator[Article | Request | NotAnArticle]:
        """An article page: one Article, or a counted and logged failure (the frontier's gate
        learns the outcome from what this yields: :mod:`newscrawl.frontier.tracking`)."""
        stats = self.crawler.stats
        assert stats is not None
        try:
            # .text: the header's charset, a BOM, <meta charset>, else UTF-8 or windows-1252.
            html = response.text if isinstance(response, TextResponse) else response.body
            article, parts = extract_article(html, response.url, self.site)
        except NotAnArticle as exc:
            if isinstance(response, TextResponse) and too_deep(response.selector):
                stats.inc_value("newscrawl/pages/failed")
                stats.inc_value(f"newscrawl/pages/failed/{DEPTH_REASON}")
                self._log_failed(
                    "unparsed", "Could not parse %s: %s: %s", response.url, DEPTH_REASON, DEPTH
                )
                return
            # Why the page was not read, before it is counted: newscrawl.render.routing may
            # read it again in the browser instead, and then this generator is not resumed.
            yield exc
            stats.inc_value("newscrawl/pages/failed")
            stats.inc_value("newscrawl/pages/failed/not_an_article")
            self._log_failed(
                "not_article", "Not an article page: %s (%s)", response.url, exc, level=WARNING
            )
            return
        except Exception as exc:  # a bad page must never stop the crawl
            # Nested too deep for a tree walk: the same cause as the parser's depth limit.
            reason = DEPTH_REASON if isinstance(exc, RecursionError) else type(exc).__name__
            stats.inc_value("newscrawl/pages/failed")
            stats.inc_value(f"newscrawl/pages/failed/{reason}")
            self._log_failed("unparsed", "Could not parse %s: %s: %s", response.url, reason, exc)
            return
        stats.inc_value("newscrawl/articles/parsed")
        if parts.undeclared:  # read by the general rules: worth knowing how many
            stats.inc_value("newscrawl/sources/undeclared")
        if parts.zone_guessed:  # a country of several clocks, no zone printed: its capital's
            stats.inc_value("newscrawl/sources/zone_guessed")
        if not self.within_bounds(article):
            stats.inc_value("newscrawl/articles/out_of_range")
            logger.debug("Outside start/end, not exported: %s", response.url)
            return
        yield article

    def article_failed(self, failure: Failure) -> None:
        """Dead card links (404) are counted and logged once; other failures as errors."""
        request = failure.request  # type: ignore[attr-defined]
        stats = self.crawler.stats
        assert stats is not None
        status = _http_status(failure)
        if status in (404, 410):
            stats.inc_value("newscrawl/articles/dead_links")
            if len(self._dead_links) < LOGGED_PER_KIND and request.url not in self._dead_links:
                self._dead_links.add(request.url)
                logger.info("Dead card link (404): %s", request.url)
            return
        reason = failure_reason(failure)
        stats.inc_value("newscrawl/pages/failed")
        stats.inc_value(f"newscrawl/pages/failed/{reason}")
        self._log_failed(
            "articles", "Article failed: %s (%s)", request.url, failure.getErrorMessage()
        )

    def _log_failed(self, kind: str, message: str, *args: object, level: int = ERROR) -> None:
        """Log one failed page, the first LOGGED_FAILED of each kind; :meth:`closed` sums up."""
        count = self._failed_logged.get(kind, 0) + 1
        self._failed_logged[kind] = count
        if count <= LOGGED_FAILED:
            logger.log(level, message, *args)

    def closed(self, reason: str) -> None:
        """Sum up what was logged only in part: dead card links and missing listings."""
        stats = self.crawler.stats
        assert stats is not None
        for key, what in (
            ("newscrawl/articles/dead_links", "dead card links (404/410)"),
            ("newscrawl/listings/not_found", "listings not found (404)"),
        ):
            count = int(stats.get_value(key, 0) or 0)
            if count > LOGGED_PER_KIND:
                logger.info(
                    "%d %s in all; the first %d are logged above (%s)",
                    count,
                    what,
                    LOGGED_PER_KIND,
                    key,
                )
        for kind, what, key in (
            ("listings", "listing pages failed", "newscrawl/listings/failed"),
            ("articles", "article pages failed to download", "newscrawl/pages/failed"),
            ("unparsed", "pages could not be parsed", "newscrawl/pages/failed"),
            ("not_article", "pages were no article page", "newscrawl/pages/failed/not_an_article"),
        ):
            count = self._failed_logged.get(kind, 0)
            if count > LOGGED_FAILED:
                logger.log(
                    WARNING if kind == "not_article" else ERROR,
                    "%d %s in all; the first %d are logged above (%s)",
                    count,
                    what,
                    LOGGED_FAILED,
                    key,
                )


def _looks_like_xml(body: bytes) -> bool:
    """An XML document (or a gzip file, as sitemaps come) rather than an HTML page.

    >>> _looks_like_xml(b'<?xml version="1.0"?><urlset/>'), _looks_like_xml(b"<!DOCTYPE html>")
    (True, False)
    """
    head = body[:1024].lstrip(b"\xef\xbb\xbf \t\r\n")
    return head[:2] == b"\x1f\x8b" or (head[:1] == b"<" and not looks_like_html(head))


def _http_status(failure: Failure) -> int | None:
    """The HTTP status of a failed request when the failure is an HTTP error response."""
    value = failure.value
    return value.response.status if isinstance(value, HttpError) else None
