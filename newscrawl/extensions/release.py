"""Hold article requests until every listing is read, release them oldest first, and gate items.

The one owner of article ordering. The spider hands it every article it finds on a listing
(:meth:`ArticleRelease.hold`); when the crawl goes idle (every listing read) the held articles
go to the scheduler oldest card first, in batches of ``NEWSCRAWL_RELEASE_BATCH``, skipping pages
fetched by earlier runs. It keeps the :class:`~newscrawl.ordering.ReleaseGate` of unfinished
article requests that the dedup pipeline waits on, so the first-published copy of a source
article wins. Others reach it with ``crawler.get_extension(ArticleRelease)``; the distributed
mode swaps in its own gate with :meth:`use_gate`.

A card time is exact (a listing card, a feed item, a news sitemap entry) or only a lower bound
(the day in a post URL, for a sitemap entry without a publication time). An exact request
counts in the gate once it reaches the downloader: queued ones are younger. A lower-bound one
counts from its release, since a younger request may be fetched before it.
"""

from __future__ import annotations

import logging
from collections import deque
from typing import Any, Protocol, cast
from urllib.parse import urlsplit

from itemadapter import ItemAdapter
from scrapy import Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DontCloseSpider
from scrapy.http import Request

from newscrawl.extensions.progress import ARTICLES_FOUND, ARTICLES_QUEUED, LISTINGS_DONE
from newscrawl.extensions.statecommit import StateCommit
from newscrawl.logs import switched_off
from newscrawl.middlewares.offsite import redirect_changes_port
from newscrawl.ordering import ReleaseGate, instant_key


class ArticleSpider(Protocol):
    """What the component needs of a spider: how to request one article page."""

    def make_article_request(self, url: str, card_time: str) -> Request: ...


logger = logging.getLogger(__name__)

#: Request meta keys: the card time of an article request, and whether it is a lower bound.
META_CARD_TIME = "newscrawl/card_time"
META_LOWER_BOUND = "newscrawl/card_time_lower_bound"


class ArticleRelease:
    """Held articles, their release oldest first, and the gate of unfinished ones."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.gate = ReleaseGate()
        self.batch = crawler.settings.getint("NEWSCRAWL_RELEASE_BATCH")
        # Off under Scrapy's tools (newscrawl.commands.tools): nothing held is ever fetched.
        self.releases = crawler.settings.getbool("NEWSCRAWL_RELEASE_HOLD")
        # hash(url) -> (instant_key(card time), exact): URLs need not stay alive.
        self._held: dict[str, tuple[str, bool]] = {}
        self._seen: set[int] = set()
        # Released (card time, URL, exact) not yet handed to the scheduler, oldest first.
        self._to_release: deque[tuple[str, str, bool]] = deque()
        self._started_since_feed = 0

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ArticleRelease:
        if not hasattr(crawler.spider, "make_article_request"):
            raise switched_off(__name__, "the spider requests no article pages")
        ext = cls(crawler)
        connect = crawler.signals.connect
        connect(ext._request_started, signal=signals.request_reached_downloader)
        connect(ext._request_scheduled, signal=signals.request_scheduled)
        connect(ext._request_dropped, signal=signals.request_dropped)
        connect(ext._release, signal=signals.spider_idle)
        for signal in (signals.item_scraped, signals.item_dropped, signals.item_error):
            connect(ext._item_done, signal=signal)
        return ext

    def use_gate(self, gate: ReleaseGate) -> None:
        """Gate with ``gate`` instead (distributed mode: it also sees the other workers)."""
        self.gate = gate

    @property
    def spider(self) -> ArticleSpider:
        return cast(ArticleSpider, self.crawler.spider)

    # --- holding and releasing -------------------------------------------------------------

    def hold(self, url: str, card_time: str, *, exact: bool = True) -> None:
        """An article found on a listing; its request goes out when the listings end.

        Once per URL, except that an exact card time replaces a lower bound held before.
        """
        key = instant_key(card_time)
        if (seen := hash(url)) not in self._seen:
            self._seen.add(seen)
            self._held[url] = (key, exact)
            assert self.crawler.stats is not None
            self.crawler.stats.inc_value(ARTICLES_FOUND)
        elif exact and url in self._held and not self._held[url][1]:
            self._held[url] = (key, exact)

    def _release(self, spider: Spider) -> None:
        """On idle (every listing read): schedule the held articles, oldest first."""
        if spider is not self.crawler.spider or not (self._held or self._to_release):
            return
        if not self.releases:
            logger.info(
                "Not fetching %d held article pages (NEWSCRAWL_RELEASE_HOLD off)", len(self._held)
            )
            self._held = {}
            return
        held = sorted((key, url, exact) for url, (key, exact) in self._held.items())
        self._held = {}
        stats = self.crawler.stats
        assert stats is not None
        # Idle with articles in hand: every listing is read (the progress line's second phase).
        stats.set_value(LISTINGS_DONE, 1)
        state_commit = self.crawler.get_extension(StateCommit)
        state = state_commit.state if state_commit is not None else None
        if state is not None and held:
            known = state.known_pages([url for _, url, _ in held])
            if skipped := sum(known):
                stats.inc_value("newscrawl/state/pages_skipped", skipped)
                logger.info("Skipped %d article pages fetched by earlier runs", skipped)
            held = [h for h, k in zip(held, known, strict=True) if not k]
        stats.inc_value(ARTICLES_QUEUED, len(held))
        if self._to_release:
            held = sorted([*self._to_release, *held])
        if not held:
            return
        self._to_release = deque(held)
        self._feed_scheduler()
        raise DontCloseSpider

    def _feed_scheduler(self) -> None:
        """Hand released articles to the scheduler, oldest first, up to the release batch."""
        engine = self.crawler.engine
        assert engine is not None
        scheduler = engine.scheduler
        batch = self.batch
        if batch <= 0 or self.crawler.settings.get("NEWSCRAWL_REDIS_URL") or scheduler is None:
            batch = len(self._to_release)  # all at once (distributed: they go to Redis)
            queued = 0
        else:
            queued = len(scheduler) if hasattr(scheduler, "__len__") else 0
        while self._to_release and queued < batch:
            card_time, url, exact = self._to_release.popleft()
            request = self.spider.make_article_request(url, card_time)
            if not exact:
                request.meta[META_LOWER_BOUND] = True
                self.gate.started(url, card_time)
            engine.crawl(request)
            queued += 1
        self._started_since_feed = 0

    # --- the gate --------------------------------------------------------------------------

    def started(self, url: str, card_time: str) -> None:
        """An article request is under way (a redirect target counts as the same article)."""
        self.gate.started(url, card_time)

    def known(self, url: str, aggregated_at: str) -> None:
        """The article was parsed: the gate waits on its own time from now on."""
        self.gate.known(url, aggregated_at)

    def finished(self, url: str) -> None:
        """The article request ended: parsed, dropped or failed for good."""
        self.gate.finished(url)

    def finish_hops(self, meta: dict[str, Any], keep: str = "") -> None:
        """The URLs a redirected article request passed through are done (the gate saw each)."""
        for hop in meta.get("redirect_urls", []):
            if hop != keep:
                self.gate.finished(hop)

    def _request_started(self, request: Request, spider: Spider) -> None:
        if spider is self.crawler.spider and META_CARD_TIME in request.meta:
            self.gate.started(request.url, request.meta[META_CARD_TIME])
            self._started_since_feed += 1
            if self._to_release and self._started_since_feed * 2 >= self.batch:
                self._feed_scheduler()  # half a batch went out: top the scheduler up

    def _request_scheduled(self, request: Request, spider: Spider) -> None:
        """An article redirected off the site: OffsiteMiddleware drops it without a signal."""
        if spider is not self.crawler.spider or META_CARD_TIME not in request.meta:
            return
        host = urlsplit(request.url).hostname or ""
        domains = getattr(spider, "allowed_domains", None) or []
        on_site = not domains or any(host == d or host.endswith(f".{d}") for d in domains)
        if not on_site or redirect_changes_port(request):
            self._article_dropped(request, "offsite_redirect")

    def _request_dropped(self, request: Request, spider: Spider) -> None:
        """An article request the scheduler refused (a redirect back to a fetched URL)."""
        if spider is self.crawler.spider and META_CARD_TIME in request.meta:
            self._article_dropped(request, "dropped")

    def _article_dropped(self, request: Request, reason: str) -> None:
        self.gate.finished(request.url)
        self.finish_hops(request.meta)
        stats = self.crawler.stats
        assert stats is not None
        stats.inc_value("newscrawl/pages/failed")
        stats.inc_value(f"newscrawl/pages/failed/{reason}")
        logger.warning("Article dropped (%s): %s", reason, request.url)

    def _item_done(self, item: Any, spider: Spider, **kwargs: Any) -> None:
        # The article's fate is decided (exported or dropped): later copies may go on.
        if spider is self.crawler.spider:
            self.gate.finished(str(ItemAdapter(item).get("url")))
