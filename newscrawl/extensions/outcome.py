"""Fail a run that got nothing: the site could not be reached, no listing could be read, or an
asked-for category is missing.

A run over an unchanged site that finds nothing new is a success (exit code 0). These are
not: when the crawl is done and *no response at all* came from the site (a DNS failure,
nothing listening on the port), the run finishes as ``site_unreachable`` (a site that never
answers is given up on sooner: :mod:`newscrawl.middlewares.reachability`); when the site
answered but every listing request failed (a redirect loop, an oversize page, a gzip bomb, a
server too slow to finish a page; in a run of the newest pages, a feed or a sitemap, also a 404:
a wrong ``base_url``) and none was read, as ``no_listing``; when a category named
in ``-a categories=...`` answered 404 on its first page, as ``unknown_category`` (after the
rest of the run was crawled). Each gets one ERROR line and its exit code
(:mod:`newscrawl.exitcodes`).

A robots.txt that cannot be downloaded is one line, not a traceback: Scrapy's robots.txt
middleware logs the network error with its stack, which says nothing more than the message.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from scrapy import Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import CloseSpider
from scrapy.http import Request, Response

from newscrawl import distributed
from newscrawl.exitcodes import (
    FAILURE,
    NO_LISTING_REASON,
    SITE_UNREACHABLE_REASON,
    UNKNOWN_CATEGORY_REASON,
    record_failure,
)
from newscrawl.extensions.progress import ARTICLES_FOUND
from newscrawl.runsettings import base_url_of, crawl_args_of

if TYPE_CHECKING:
    from newscrawl.args import CrawlArgs

logger = logging.getLogger(__name__)

META_LISTING = "newscrawl/listing"  # as newscrawl.spiders.aggregator.META_LISTING
META_PAGE = "newscrawl/page"
EXCEPTION_STATS = "downloader/exception_type_count/"
#: Stats counting listing documents read (HTML pages, feeds, sitemaps) and listing failures.
LISTINGS_READ = (
    "newscrawl/listings/pages",
    "newscrawl/listings/feeds",
    "newscrawl/listings/sitemaps",
)
LISTINGS_FAILED = "newscrawl/listings/failed"
#: Listings skipped for want of a browser (as newscrawl.render.policy counts them).
RENDER_SKIPPED = "newscrawl/render/skipped"
#: Listings that answered 404 (an empty day of an archive walk can be one).
LISTINGS_NOT_FOUND = "newscrawl/listings/not_found"
#: Walks where a listing that answered 404 may simply hold nothing (a day without posts; a
#: missing category is ``unknown_category``). In the others (the newest pages, feeds,
#: sitemaps) it is a listing the site should have: a wrong ``base_url`` answers 404 to all.
WALKS_WITH_EMPTY_404 = frozenset({"archive", "categories"})


class OneLine(logging.Filter):
    """Drop the traceback of a log record, keep its message (with the error it names)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and str(record.msg).startswith("Error downloading"):
            record.exc_info = None
            record.exc_text = None
        return True


ROBOTS_LOGGER = logging.getLogger("scrapy.downloadermiddlewares.robotstxt")


def no_listing_message(stats: dict[str, object], base: str, failed: int) -> str:
    """The cause line of a run whose every listing failed, with the failures by reason.

    >>> key = "newscrawl/listings/failed/"
    >>> stats = {key + "redirect_loop": 2, key + "timeout": 1}
    >>> no_listing_message(stats, "http://h", 3)  # doctest: +NORMALIZE_WHITESPACE
    'No listing could be read: all 3 listing requests to http://h failed (redirect_loop 2,
    timeout 1); no article was found'
    """
    prefix = LISTINGS_FAILED + "/"
    reasons = ", ".join(
        f"{key.removeprefix(prefix)} {value}"
        for key, value in sorted(stats.items())
        if key.startswith(prefix)
    )
    return (
        f"No listing could be read: all {failed} listing requests to {base} failed "
        f"({reasons or 'no reason recorded'}); no article was found"
    )


def no_card_read(stats: dict[str, object], args: CrawlArgs | None) -> bool:
    """Whether the listings read held no article card at all, where they always hold some.

    The newest pages, feeds and sitemaps of a site list its latest articles (on an unchanged
    site, known ones: they are found all the same); a server that is not the site (a default
    page, junk) or a changed layout yields none, which is no "nothing new". An archive day or a
    category may be empty, and a listing skipped for want of a browser is logged already.

    >>> from newscrawl.args import parse_args
    >>> newest, days = parse_args({}, "http://h"), parse_args({"days": "1"}, "http://h")
    >>> no_card_read({}, newest), no_card_read({ARTICLES_FOUND: 3}, newest)
    (True, False)
    >>> no_card_read({}, days), no_card_read({"newscrawl/render/skipped": 1}, newest)
    (False, False)
    """
    if args is None or args.walks & WALKS_WITH_EMPTY_404:
        return False
    return not stats.get(ARTICLES_FOUND) and not stats.get(RENDER_SKIPPED)


class RunOutcome:
    """Watches responses; at the end of the crawl, closes it with a failure reason if it got
    nothing (see the module docstring)."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.responses = 0
        self.missing_categories: list[str] = []
        self.distributed = distributed.enabled(crawler.settings)
        self._reported = False

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RunOutcome:
        ext = cls(crawler)
        if not any(isinstance(f, OneLine) for f in ROBOTS_LOGGER.filters):
            ROBOTS_LOGGER.addFilter(OneLine())
        crawler.signals.connect(ext.response_received, signal=signals.response_received)
        crawler.signals.connect(ext.spider_idle, signal=signals.spider_idle)
        return ext

    def response_received(self, response: Response, request: Request, spider: Spider) -> None:
        self.responses += 1
        listing = str(request.meta.get(META_LISTING, ""))
        first_page = int(request.meta.get(META_PAGE, 1)) == 1
        if listing.startswith("category/") and first_page and response.status == 404:
            self.missing_categories.append(listing.removeprefix("category/"))

    def spider_idle(self, spider: Spider) -> None:
        stats = self.crawler.stats
        assert stats is not None
        base = base_url_of(self.crawler.settings)
        requested = int(stats.get_value("downloader/request_count", 0) or 0)
        # A worker of a distributed run may get no page while its peers get them all.
        if not self.responses and requested and not self.distributed:
            errors = sorted(
                k.removeprefix(EXCEPTION_STATS).rpartition(".")[2]
                for k in stats.get_stats()
                if k.startswith(EXCEPTION_STATS)
            )
            self._fail(
                SITE_UNREACHABLE_REASON,
                f"Site unreachable: no page of {base} could be fetched "
                f"({requested} requests; {', '.join(errors) or 'no response'})",
            )
        read = sum(int(stats.get_value(key, 0) or 0) for key in LISTINGS_READ)
        failed = int(stats.get_value(LISTINGS_FAILED, 0) or 0)
        counted = stats.get_stats()
        args = crawl_args_of(self.crawler.settings)
        not_found = int(stats.get_value(LISTINGS_NOT_FOUND, 0) or 0)
        if not_found and args is not None and not args.walks & WALKS_WITH_EMPTY_404:
            failed += not_found
            counted = {**counted, f"{LISTINGS_FAILED}/not_found": not_found}
        if self.responses and not read and failed and not self.distributed:
            self._fail(NO_LISTING_REASON, no_listing_message(counted, base, failed))
        if read and not self.distributed and no_card_read(counted, args):
            self._fail(
                NO_LISTING_REASON,
                f"No article link on any listing: {read} listing page(s) of {base} read, "
                "none held an article card (is base_url the site? did its layout change?)",
            )
        if self.missing_categories:
            names = ", ".join(dict.fromkeys(self.missing_categories))
            self._fail(
                UNKNOWN_CATEGORY_REASON,
                f"Unknown category: {names} (its listing on {base} answered 404)",
            )

    def _fail(self, reason: str, message: str) -> None:
        stats = self.crawler.stats
        if not self._reported and not (stats is not None and stats.get_value(FAILURE)):
            self._reported = True
            logger.error("%s", message)
            record_failure(self.crawler, reason, message)
        raise CloseSpider(reason)
