"""The shared aggregator spider: walks listings of a site profile and parses its articles.

A concrete spider only names its :class:`~newscrawl.sites.SiteProfile`; see
:mod:`newscrawl.spiders.limitedtimes`.
"""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import AsyncIterator, Iterator
from typing import Any, ClassVar
from urllib.parse import urljoin, urlsplit

import scrapy
from itemadapter import ItemAdapter
from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DontCloseSpider
from scrapy.http import Request, Response, TextResponse
from scrapy.settings import BaseSettings
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure

from newscrawl.args import CrawlArgs, parse_args
from newscrawl.distributed import configure as configure_distributed
from newscrawl.extract.aggregator import NotAnArticle, extract_article
from newscrawl.failures import failure_reason
from newscrawl.items import Article
from newscrawl.middlewares.offsite import redirect_changes_port
from newscrawl.normalize.dates import parse_iso_instant
from newscrawl.ordering import ReleaseGate
from newscrawl.render.policy import RenderPolicy
from newscrawl.sites import SiteProfile
from newscrawl.state import open_store
from newscrawl.state.run import RunState

logger = logging.getLogger(__name__)

#: Request meta keys.
META_LISTING = "newscrawl/listing"  # e.g. "archive/2022-01-10", "category/news", "home"
META_PAGE = "newscrawl/page"  # page number within that listing
META_CARD_TIME = "newscrawl/card_time"  # the listing card's datetime of an article


class AggregatorSpider(scrapy.Spider):
    """Walk date archives, category listings or the newest pages; parse article pages."""

    site: ClassVar[SiteProfile]
    crawl_args: CrawlArgs
    #: Set by :class:`newscrawl.extensions.statecommit.StateCommit` when the spider opens.
    run_state: RunState | None = None
    #: Which pages go through the browser (``render`` argument); see :mod:`newscrawl.render`.
    render: RenderPolicy

    def __init__(self, name: str | None = None, **kwargs: Any) -> None:
        # Arguments are validated here (BadArgument) and are not set as attributes: a
        # "-a start=..." must not shadow Spider.start().
        self.crawl_args = parse_args(kwargs, self.site.base_url)
        super().__init__(name)
        self.base_url = self.crawl_args.base_url
        self.allowed_domains = [urlsplit(self.base_url).hostname or ""]
        self.gate = ReleaseGate()
        # hash() of every article URL carded so far: the URLs themselves need not stay alive.
        self._seen_articles: set[int] = set()
        # Article requests wait here until every listing page is read, then go out oldest
        # card first: the first-published copy of a source article is then fetched first.
        self._discovered: list[tuple[str, str]] = []
        # Released articles not yet handed to the scheduler, oldest first: a (card time, URL)
        # pair is a tenth of a Request, so the scheduler holds NEWSCRAWL_RELEASE_BATCH at most.
        self._to_release: deque[tuple[str, str]] = deque()
        self._started_since_feed = 0
        self._dead_links: set[str] = set()

    @classmethod
    def update_settings(cls, settings: BaseSettings) -> None:
        super().update_settings(settings)
        # NEWSCRAWL_REDIS_URL: several workers share the run (scheduler, extension, state).
        configure_distributed(settings)

    @classmethod
    def check_arguments(cls, raw: dict[str, Any], settings: Any = None) -> CrawlArgs:
        """Validate arguments, and that the state store opens, before a crawl starts.

        Raises BadArgument or StateStoreError with a one-line message.
        """
        args = parse_args(raw, cls.site.base_url)
        uri = settings.get("NEWSCRAWL_STATE_URI") if settings is not None else None
        if uri:
            open_store(uri).close()
        return args

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> AggregatorSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        spider.render = RenderPolicy.from_crawler(crawler, spider.crawl_args.render, spider.site)
        crawler.signals.connect(spider._request_started, signal=signals.request_reached_downloader)
        crawler.signals.connect(spider._request_scheduled, signal=signals.request_scheduled)
        crawler.signals.connect(spider._request_dropped, signal=signals.request_dropped)
        crawler.signals.connect(spider._release_articles, signal=signals.spider_idle)
        for signal in (signals.item_scraped, signals.item_dropped, signals.item_error):
            crawler.signals.connect(spider._item_done, signal=signal)
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
        request = Request(
            self.url(path),
            callback=callback or self.parse_listing,
            errback=self.listing_failed,
            priority=self.settings.getint("NEWSCRAWL_LISTING_PRIORITY") + priority,
            meta={META_LISTING: listing, META_PAGE: page},
        )
        return self.render.route(request, listing)

    def listing_requests(self) -> Iterator[Request]:
        """The first page of each listing this run walks."""
        args = self.crawl_args
        days = args.archive_days
        for n, day in enumerate(days):
            # Oldest day first, so the first-published copy of an article wins dedup.
            path = self.site.archive_path.format(day=day.isoformat())
            yield self._listing(path, f"archive/{day.isoformat()}", priority=len(days) - n)
        if "all" in args.categories:
            yield self._listing("/", "home", callback=self.parse_navigation)
        else:
            for slug in args.categories:
                yield self._listing(
                    self.site.category_path.format(category=slug), f"category/{slug}"
                )
        if args.newest_only:
            yield self._listing("/", "home", callback=self.parse_home)

    def _category_slugs(self, response: Response) -> list[str]:
        slugs = []
        for href in response.css(self.site.category_nav).getall():
            path = urlsplit(response.urljoin(href)).path.strip("/")
            if path and "/" not in path and path != "search":
                slugs.append(path)
        return list(dict.fromkeys(slugs))

    def parse_navigation(self, response: Response) -> Iterator[Request]:
        """Home page, for ``categories=all``: every category on the site's navigation."""
        for slug in self._category_slugs(response):
            yield self._listing(self.site.category_path.format(category=slug), f"category/{slug}")

    def parse_home(self, response: Response) -> Iterator[Request]:
        """Newest pages: the home page's cards and the first page of each category."""
        yield from self.parse_listing(response)
        for slug in self._category_slugs(response):
            request = self._listing(
                self.site.category_path.format(category=slug), f"category/{slug}"
            )
            request.meta["newscrawl/newest"] = True
            yield request

    def parse_listing(self, response: Response) -> Iterator[Request]:
        """A listing page: its cards' article requests, then its next page."""
        stats = self.crawler.stats
        assert stats is not None
        listing = response.meta.get(META_LISTING, "listing")
        page = int(response.meta.get(META_PAGE, 1))
        if (in_browser := self.render.retry_listing(response, listing)) is not None:
            yield in_browser  # no cards, built by JavaScript: read it again in the browser
            return
        stats.inc_value("newscrawl/listings/pages")
        since = self.crawl_args.since.isoformat() if self.crawl_args.since else None
        cards = response.css(self.site.card)
        older = 0
        card_urls: list[str] = []
        for card in cards:
            href = card.css(self.site.card_link).get()
            card_time = card.css(self.site.card_time).get(default="")
            if not href:
                continue
            url = response.urljoin(href)
            if since and listing.startswith("category/") and card_time[:10] < since:
                older += 1
                continue
            if not self._is_own_article(url):
                continue
            card_urls.append(url)
            yield from self.article_request(url, card_time)
        if since and cards and older == len(cards):
            logger.info("Stopped %s at page %d: cards older than since=%s", listing, page, since)
            return
        next_href = response.css(self.site.next_page).get()
        if next_href and response.meta.get("newscrawl/newest") and not self._page_on(card_urls):
            return
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
                yield self.render.route(next_page, listing)

    def _page_on(self, card_urls: list[str]) -> bool:
        """Newest-pages mode: read the next page only while this one holds unknown articles.

        The first run of a site (no history) reads the first page of each listing only.
        """
        state = self.run_state
        if state is None or state.fresh or not self._has_history:
            return False
        return not all(state.known_pages(card_urls))

    @property
    def _has_history(self) -> bool:
        if not hasattr(self, "_history"):
            self._history = bool(self.run_state and self.run_state.has_history())
        return self._history

    def _is_own_article(self, url: str) -> bool:
        return urlsplit(url).netloc == urlsplit(self.base_url).netloc and self.site.is_article_url(
            url
        )

    def article_request(self, url: str, card_time: str) -> Iterator[Request]:
        """Remember an article card (once per URL); its request goes out when listings end."""
        if (seen := hash(url)) not in self._seen_articles:
            self._seen_articles.add(seen)
            self._discovered.append((card_time, url))
        return iter(())

    def _release_articles(self, spider: scrapy.Spider) -> None:
        """On idle (every listing read): schedule the discovered articles, oldest first."""
        if spider is not self or not (self._discovered or self._to_release):
            return
        discovered, self._discovered = sorted(self._discovered), []
        assert self.crawler.engine is not None and self.crawler.stats is not None
        if self.run_state is not None and discovered:
            known = self.run_state.known_pages([url for _, url in discovered])
            skipped = sum(known)
            if skipped:
                self.crawler.stats.inc_value("newscrawl/state/pages_skipped", skipped)
                logger.info("Skipped %d article pages fetched by earlier runs", skipped)
            discovered = [d for d, k in zip(discovered, known, strict=True) if not k]
        if self._to_release:
            discovered = sorted([*self._to_release, *discovered])
        if not discovered:
            return
        self._to_release = deque(discovered)
        self._feed_scheduler()
        raise DontCloseSpider

    def _feed_scheduler(self) -> None:
        """Hand released articles to the scheduler, oldest first, up to the release batch."""
        engine = self.crawler.engine
        assert engine is not None
        batch = self.settings.getint("NEWSCRAWL_RELEASE_BATCH")
        scheduler = engine.scheduler
        if batch <= 0 or self.settings.get("NEWSCRAWL_REDIS_URL") or scheduler is None:
            batch = len(self._to_release)  # all at once (distributed: they go to Redis)
            queued = 0
        else:
            queued = len(scheduler) if hasattr(scheduler, "__len__") else 0
        while self._to_release and queued < batch:
            card_time, url = self._to_release.popleft()
            engine.crawl(self.make_article_request(url, card_time))
            queued += 1
        self._started_since_feed = 0

    def make_article_request(self, url: str, card_time: str) -> Request:
        """The request for one article page; older cards get a higher priority."""
        # Hour buckets keep the number of priority queues small.
        when = parse_iso_instant(card_time)
        priority = -int(when.timestamp() // 3600) if when else 0
        return Request(
            url,
            callback=self.parse_article,
            errback=self.article_failed,
            priority=priority,
            meta={META_CARD_TIME: card_time},
        )

    def listing_failed(self, failure: Failure) -> None:
        """A listing that cannot be fetched is counted and logged, never fatal."""
        request = failure.request  # type: ignore[attr-defined]
        stats = self.crawler.stats
        assert stats is not None
        if _http_status(failure) == 404:
            stats.inc_value("newscrawl/listings/not_found")
            logger.info("Listing not found (404): %s", request.url)
        else:
            stats.inc_value("newscrawl/listings/failed")
            stats.inc_value(f"newscrawl/listings/failed/{failure_reason(failure)}")
            logger.error("Listing failed: %s (%s)", request.url, failure.getErrorMessage())

    # --- articles -------------------------------------------------------------------------

    def _request_started(self, request: Request, spider: scrapy.Spider) -> None:
        if spider is self and META_CARD_TIME in request.meta:
            self.gate.started(request.url, request.meta[META_CARD_TIME])
            self._started_since_feed += 1
            batch = self.settings.getint("NEWSCRAWL_RELEASE_BATCH")
            if self._to_release and self._started_since_feed * 2 >= batch:
                self._feed_scheduler()  # half a batch went out: top the scheduler up

    def _finish_hops(self, meta: dict[str, Any], keep: str = "") -> None:
        """The URLs a redirected article request passed through are done (the gate saw each)."""
        for hop in meta.get("redirect_urls", []):
            if hop != keep:
                self.gate.finished(hop)

    def _request_scheduled(self, request: Request, spider: scrapy.Spider) -> None:
        """An article redirected off the site: OffsiteMiddleware drops it without a signal."""
        if spider is not self or META_CARD_TIME not in request.meta:
            return
        host = urlsplit(request.url).hostname or ""
        on_site = any(host == d or host.endswith(f".{d}") for d in self.allowed_domains)
        if not on_site or redirect_changes_port(request):
            self._article_dropped(request, "offsite_redirect")

    def _request_dropped(self, request: Request, spider: scrapy.Spider) -> None:
        """An article request the scheduler refused (a redirect back to a fetched URL)."""
        if spider is self and META_CARD_TIME in request.meta:
            self._article_dropped(request, "dropped")

    def _article_dropped(self, request: Request, reason: str) -> None:
        self.gate.finished(request.url)
        self._finish_hops(request.meta)
        assert self.crawler.stats is not None
        self.crawler.stats.inc_value("newscrawl/pages/failed")
        self.crawler.stats.inc_value(f"newscrawl/pages/failed/{reason}")
        logger.warning("Article dropped (%s): %s", reason, request.url)

    def _item_done(self, item: Any, spider: scrapy.Spider, **kwargs: Any) -> None:
        # The article's fate is decided (exported or dropped): later copies may go on.
        if spider is self:
            self.gate.finished(str(ItemAdapter(item).get("url")))

    def parse_article(self, response: Response) -> Iterator[Article | Request]:
        """An article page: one Article, or a counted and logged failure."""
        stats = self.crawler.stats
        assert stats is not None
        request_url = response.request.url if response.request else response.url
        if response.url != request_url:  # redirected: the item carries the final URL
            self.gate.started(response.url, response.meta.get(META_CARD_TIME, ""))
            self.gate.finished(request_url)
        self._finish_hops(response.meta, keep=response.url)
        try:
            # .text: the header's charset, a BOM, <meta charset>, else UTF-8 or windows-1252.
            html = response.text if isinstance(response, TextResponse) else response.body
            article, _ = extract_article(html, response.url, self.site)
        except NotAnArticle as exc:
            if (in_browser := self.render.retry_article(response)) is not None:
                yield in_browser  # empty without JavaScript; the gate keeps it started
                return
            self.gate.finished(response.url)
            stats.inc_value("newscrawl/pages/failed")
            stats.inc_value("newscrawl/pages/failed/not_an_article")
            logger.warning("Not an article page: %s (%s)", response.url, exc)
            return
        except Exception as exc:  # a bad page must never stop the crawl
            self.gate.finished(response.url)
            stats.inc_value("newscrawl/pages/failed")
            stats.inc_value(f"newscrawl/pages/failed/{type(exc).__name__}")
            logger.error("Could not parse %s: %s: %s", response.url, type(exc).__name__, exc)
            return
        stats.inc_value("newscrawl/articles/parsed")
        yield article

    def article_failed(self, failure: Failure) -> None:
        """Dead card links (404) are counted and logged once; other failures as errors."""
        request = failure.request  # type: ignore[attr-defined]
        self.gate.finished(request.url)
        self._finish_hops(request.meta)
        stats = self.crawler.stats
        assert stats is not None
        status = _http_status(failure)
        if status in (404, 410):
            stats.inc_value("newscrawl/articles/dead_links")
            if self.run_state is not None:
                self.run_state.page_done(request.url)  # fetched: a later run need not retry
            if request.url not in self._dead_links:
                self._dead_links.add(request.url)
                logger.info("Dead card link (404): %s", request.url)
            return
        reason = failure_reason(failure)
        stats.inc_value("newscrawl/pages/failed")
        stats.inc_value(f"newscrawl/pages/failed/{reason}")
        logger.error("Article failed: %s (%s)", request.url, failure.getErrorMessage())


def _http_status(failure: Failure) -> int | None:
    """The HTTP status of a failed request when the failure is an HTTP error response."""
    value = failure.value
    return value.response.status if isinstance(value, HttpError) else None
