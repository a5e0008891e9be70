"""The XML listing sources of a site: RSS/Atom feeds, robots.txt, sitemap indexes and sitemaps.

Parsing is :mod:`newscrawl.listings` (safe XML, gzip caps, counted errors); this mixin of
:class:`~newscrawl.spiders.aggregator.AggregatorSpider` turns their entries into article
requests, which the frontier holds until every listing is read (:mod:`newscrawl.frontier`).
An entry's card time is its publication time when the document gives one (feed items, Google
News sitemaps); otherwise the day in the post URL is a lower bound (see
:mod:`newscrawl.frontier.holding`), and for a site whose URLs carry no day
(``SiteProfile.dated_urls``) the lower bound is unknown: the empty card time, which sorts
before every instant. ``lastmod`` is never a lower bound: it is when the post was last edited.
A sitemap walk bounded by ``start``/``end`` keeps the entries whose URL day (or, without one,
dates) may fall in those days of the site's time zone, and drops a fetched article whose own
``aggregated_at`` does not.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from typing import Any, ClassVar
from urllib.parse import urljoin, urlsplit

import scrapy
from scrapy.http import Request, Response
from twisted.python.failure import Failure

from newscrawl.args import CrawlArgs
from newscrawl.listings.bounds import Window, day_window, may_fall_within
from newscrawl.listings.entry import Entry
from newscrawl.listings.errors import ListingError, report
from newscrawl.listings.robots import sitemap_urls
from newscrawl.listings.safexml import SITEMAP_MAX_BYTES
from newscrawl.listings.sitemaps import read_sitemap
from newscrawl.listings.syndication import read_feed
from newscrawl.normalize.dates import parse_iso_instant
from newscrawl.sites import Feeds, Sitemaps, SiteProfile

logger = logging.getLogger(__name__)

#: Request meta key: how many sitemap indexes led to this sitemap request.
META_INDEX_DEPTH = "newscrawl/sitemap_index_depth"
#: sitemaps.org: an index lists sitemaps, not indexes. One level of nesting (yearly indexes of
#: monthly sitemaps, seen in the wild) is followed; deeper ones, which could chain without end,
#: are counted and logged instead.
MAX_INDEX_NESTING = 1


class FeedAndSitemapListings(scrapy.Spider):
    """Requests and callbacks for a site's feeds and sitemaps; the base of the site spiders."""

    site: ClassVar[SiteProfile]
    crawl_args: CrawlArgs
    base_url: str

    def _is_own_article(self, url: str) -> bool:
        own_host = urlsplit(url).netloc == urlsplit(self.base_url).netloc
        return own_host and self.site.is_article_url(url)

    def listing_failed(self, failure: Failure) -> None:
        raise NotImplementedError

    def make_article_request(self, url: str, card_time: str, *, exact: bool = True) -> Request:
        raise NotImplementedError

    def _xml_listing(self, path_or_url: str, listing: str, callback: Any, **meta: Any) -> Request:
        if callback == self.parse_sitemap:
            # A sitemap may be 50 MiB uncompressed (sitemaps.org), past DOWNLOAD_MAXSIZE.
            meta.setdefault("download_maxsize", SITEMAP_MAX_BYTES)
        return Request(
            urljoin(self.base_url + "/", path_or_url),
            callback=callback,
            errback=self.listing_failed,
            priority=self.settings.getint("NEWSCRAWL_LISTING_PRIORITY"),
            meta={"newscrawl/listing": listing, **meta},
        )

    def feed_requests(self, categories: Iterable[str]) -> Iterator[Request]:
        """The site's feed, or the feeds of ``categories`` (none, or only ``all``: the
        site's feed; the spider adds every category's for ``all``)."""
        feeds = self.site.listing(Feeds)
        if not isinstance(feeds, Feeds):
            return
        slugs = [c for c in categories if c != "all"]
        if not slugs or not feeds.category_path:
            yield self._xml_listing(feeds.path, "feed", self.parse_feed)
            return
        for slug in slugs:
            path = feeds.category_path.format(category=slug)
            yield self._xml_listing(path, f"feed/{slug}", self.parse_feed)

    def news_sitemap_requests(self) -> Iterator[Request]:
        """The site's Google News sitemap (the posts of the last hours), for newest runs."""
        sitemaps = self.site.listing(Sitemaps)
        if isinstance(sitemaps, Sitemaps) and sitemaps.news:
            yield self._xml_listing(sitemaps.news, "sitemap/news", self.parse_sitemap)

    def sitemap_requests(self) -> Iterator[Request]:
        """``robots.txt``, whose ``Sitemap:`` lines lead to the whole sitemap index."""
        sitemaps = self.site.listing(Sitemaps)
        if isinstance(sitemaps, Sitemaps):
            yield self._xml_listing(sitemaps.robots, "robots", self.parse_robots)

    # --- bounds ----------------------------------------------------------------------------

    @property
    def _bounds(self) -> Window | None:
        """[start 00:00, end + 1 day 00:00) in the site's zone, for a bounded sitemap walk."""
        days = self.crawl_args.sitemap_days if "sitemap" in self.crawl_args.walks else None
        return day_window(days[0], days[1], self.site.zone) if days else None

    def _entry_in_bounds(self, entry: Entry) -> bool:
        bounds = self._bounds
        if bounds is None:
            return True
        if (day_start := self.site.url_day_start(entry.url)) is not None:
            return day_start in bounds  # the URL's day is the post's local day: exact
        return may_fall_within(entry, bounds)

    def within_bounds(self, article: Any) -> bool:
        """A fetched article of a bounded sitemap walk was aggregated within start/end."""
        bounds = self._bounds
        when = parse_iso_instant(str(article.get("aggregated_at") or ""))
        return bounds is None or when is None or when in bounds

    # --- callbacks -------------------------------------------------------------------------

    def _max_size(self, response: Response) -> int:
        return int(response.meta.get("download_maxsize", self.settings.getint("DOWNLOAD_MAXSIZE")))

    def _warn_size(self, response: Response) -> int:
        warn = response.meta.get("download_warnsize", self.settings.getint("DOWNLOAD_WARNSIZE"))
        return int(warn)

    def _entry_request(self, entry: Entry) -> Request | None:
        """The article request of a feed item or sitemap entry; None when it is not one."""
        if not self._is_own_article(entry.url):
            return None
        since = self.crawl_args.since
        if since and entry.published and self.site.local_day(entry.published) < since:
            return None
        if entry.published is not None:
            return self.make_article_request(entry.url, entry.published.isoformat())
        # The URL's day, else unknown: "" sorts before every instant, so the entry is released
        # first and every later item waits for it. Never ``lastmod``: an edit time is an upper
        # bound of publication (an earlier copy edited after its duplicate would lose to it).
        bound = self.site.url_day_start(entry.url) if self.site.dated_urls else None
        return self.make_article_request(entry.url, bound.isoformat() if bound else "", exact=False)

    def _entry_requests(self, entries: Iterable[Entry], stat: str) -> Iterator[Request]:
        """The article requests of a feed's or sitemap's entries, counted as ``stat``."""
        found = 0
        for entry in entries:
            if (request := self._entry_request(entry)) is not None:
                found += 1
                yield request
        stats = self.crawler.stats
        assert stats is not None
        stats.inc_value(stat, found)

    def parse_feed(self, response: Response) -> Iterator[Request]:
        """An RSS/Atom feed: its items' posts (``dc:creator`` is the site's account: unused)."""
        stats = self.crawler.stats
        assert stats is not None
        try:
            feed = read_feed(
                response.body,
                response.url,
                max_size=self._max_size(response),
                warn_size=self._warn_size(response),
            )
        except ListingError as error:
            report(stats, response.url, error)
            return
        if feed.problem is not None:
            report(stats, response.url, feed.problem)
        stats.inc_value("newscrawl/listings/feeds")
        yield from self._entry_requests(feed.entries, "newscrawl/listings/feed_entries")

    def parse_robots(self, response: Response) -> Iterator[Request]:
        """``robots.txt``: every ``Sitemap:`` line on this site."""
        stats = self.crawler.stats
        assert stats is not None
        host = urlsplit(response.url).netloc
        urls = [u for u in sitemap_urls(response.body, response.url) if urlsplit(u).netloc == host]
        if not urls:
            stats.inc_value("newscrawl/listings/no_sitemap")
            logger.warning("No Sitemap line for this site in %s", response.url)
        for url in urls:
            yield self._xml_listing(url, "sitemap", self.parse_sitemap)

    def parse_sitemap(self, response: Response) -> Iterator[Request]:
        """A sitemap index (its child sitemaps) or a sitemap (its posts)."""
        stats = self.crawler.stats
        assert stats is not None
        try:
            sitemap = read_sitemap(
                response.body,
                response.url,
                max_size=self._max_size(response),
                warn_size=self._warn_size(response),
            )
        except ListingError as error:
            report(stats, response.url, error)
            return
        if sitemap.problem is not None:
            report(stats, response.url, sitemap.problem)
        stats.inc_value("newscrawl/listings/sitemaps")
        if sitemap.kind == "sitemapindex":
            depth = int(response.meta.get(META_INDEX_DEPTH, 0))
            if depth > MAX_INDEX_NESTING:
                nested = f"a sitemap index {depth} levels inside sitemap indexes: not followed"
                report(stats, response.url, ListingError("wrong_root", nested))
                return
            bounds = self._bounds
            origin = urlsplit(response.url).netloc
            elsewhere = [c.url for c in sitemap.entries if urlsplit(c.url).netloc != origin]
            if elsewhere:
                # Another host, or another port of this one (a local service): Scrapy's
                # offsite check compares host names only. Counted, one line, not followed.
                stats.inc_value("newscrawl/listings/sitemaps_offsite", len(elsewhere))
                logger.warning(
                    "Sitemap index %s lists %d sitemaps on another site, not followed (%s ...)",
                    response.url,
                    len(elsewhere),
                    elsewhere[0],
                )
            for child in sitemap.entries:
                if urlsplit(child.url).netloc != origin:
                    continue
                if bounds is not None and not may_fall_within(child, bounds):
                    stats.inc_value("newscrawl/listings/sitemaps_skipped")
                    continue  # every post in it was edited, so published, before start
                meta = {META_INDEX_DEPTH: depth + 1}
                yield self._xml_listing(child.url, "sitemap", self.parse_sitemap, **meta)
            return
        entries = (e for e in sitemap.entries if self._entry_in_bounds(e))
        yield from self._entry_requests(entries, "newscrawl/listings/sitemap_entries")
