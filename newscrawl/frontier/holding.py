"""The article frontier: a Scrapy scheduler that holds article requests until every listing is
read, releases them oldest card first, and keeps the earliest-copy gate.

The spider yields ordinary article requests (their card time in ``META_CARD_TIME``, and
``META_LOWER_BOUND`` where that time is only a lower bound). :meth:`ArticleFrontier.enqueue_request`
keeps each as a compact entry (its URL, card time, exactness and an index into a small table of
callback names and meta), never the Request itself. When the crawl goes idle (every listing
read) the held entries are sorted oldest first; pages fetched by earlier runs are skipped (the
state of :class:`~newscrawl.extensions.statecommit.StateCommit`), and the rest go to Scrapy's
own queues ``NEWSCRAWL_RELEASE_BATCH`` at a time, each Request built then (callbacks found by
name, as Scrapy's ``request_from_dict`` does). Requests the frontier built carry
``META_RELEASED``; their redirects, retries and browser retries pass straight through, as does
everything else (listings), and every request when ``NEWSCRAWL_RELEASE_HOLD`` is off (Scrapy's
tools).

The :class:`~newscrawl.frontier.earliest.ReleaseGate` learns an article request's life from
Scrapy's signals here (reached the downloader, response received after redirects, dropped,
item scraped/dropped/failed), from the request's errback, which the frontier wraps as it hands
the request to the engine (a failure for good: Scrapy calls the errback for a download error
after the retries, and for an exception a downloader middleware raised in ``process_response``,
such as a redirect loop or a decompression bomb, which no ``process_exception`` sees), and from
:mod:`newscrawl.frontier.tracking` (a parse that yields no item).

An exact request counts in the gate once it reaches the downloader: queued ones are younger. A
lower-bound one counts from its release, since a younger request may be fetched before it.
Others reach the frontier with :func:`frontier_of`.
"""

from __future__ import annotations

import logging
import re
from collections import deque
from typing import TYPE_CHECKING, Any, Self
from urllib.parse import urlsplit

from itemadapter import ItemAdapter
from scrapy import Spider, signals
from scrapy.core.scheduler import Scheduler
from scrapy.crawler import Crawler
from scrapy.downloadermiddlewares.offsite import OffsiteMiddleware as ScrapyOffsite
from scrapy.dupefilters import BaseDupeFilter
from scrapy.exceptions import DontCloseSpider
from scrapy.http import Request, Response
from scrapy.spidermiddlewares.httperror import HttpError
from scrapy.utils.request import request_from_dict
from twisted.python.failure import Failure

from newscrawl.extensions.progress import ARTICLES_FOUND, ARTICLES_QUEUED, LISTINGS_DONE
from newscrawl.frontier.earliest import ReleaseGate, instant_key
from newscrawl.middlewares.offsite import redirect_changes_port
from newscrawl.normalize.dates import parse_iso_instant

if TYPE_CHECKING:
    from newscrawl.extensions.statecommit import StateCommit

logger = logging.getLogger(__name__)

#: Request meta keys: the card time of an article request, and whether it is a lower bound.
META_CARD_TIME = "newscrawl/card_time"
META_LOWER_BOUND = "newscrawl/card_time_lower_bound"
#: Request meta key set on the article requests the frontier built when it released them.
META_RELEASED = "newscrawl/released"
_CARD_META = (META_CARD_TIME, META_LOWER_BOUND)
#: Statuses of a dead card link: the page was fetched, a later run need not ask again.
DEAD_LINK_STATUSES = (404, 410)


def article_priority(card_time: str) -> int:
    """Scrapy priority of an article request: older cards first, in hour buckets (which keep
    the number of priority queues small).

    >>> article_priority("2022-01-10T08:59:00Z") == article_priority("2022-01-10T08:00:00Z")
    True
    >>> article_priority("2022-01-10T08:00:00Z") > article_priority("2022-01-10T09:00:00Z")
    True
    >>> article_priority("")
    0
    """
    when = parse_iso_instant(card_time)
    return -int(when.timestamp() // 3600) if when else 0


def is_article(request: Request) -> bool:
    """Whether ``request`` fetches an article page (it carries a card time)."""
    return META_CARD_TIME in request.meta


def frontier_of(crawler: Crawler) -> ArticleFrontier | None:
    """The crawl's article frontier, None when another scheduler is configured or the engine
    has not opened the spider yet."""
    scheduler = crawler.engine.scheduler if crawler.engine is not None else None
    return scheduler if isinstance(scheduler, ArticleFrontier) else None


def wake_engine(crawler: Crawler) -> None:
    """Make the engine ask the scheduler for requests now (or take its idle step) instead of
    at its next heartbeat: what ``engine.crawl`` does after queueing a request."""
    try:
        engine = crawler.engine
    except RuntimeError:  # no crawl started: nothing to wake (a crawler built for a test)
        return
    slot = getattr(engine, "_slot", None)
    if slot is not None and slot.closing is None:
        slot.nextcall.schedule()


def _method_name(spider: Spider | None, method: Any) -> str | None:
    """The name of a spider method given as a callback (None: none given)."""
    if method is None:
        return None
    if spider is None or getattr(method, "__self__", None) is not spider:
        raise ValueError(f"article requests must call methods of the spider, not {method!r}")
    return str(method.__name__)


class GateErrback:
    """An article request's errback while the engine has the request: the frontier learns of
    the failure, then the spider's own errback runs. Unwrapped whenever the request (or a copy
    of it: a retry, a redirect) comes back to the frontier, so only spider methods are stored
    or serialized."""

    __slots__ = ("errback", "frontier")

    def __init__(self, frontier: ArticleFrontier, errback: Any) -> None:
        self.frontier = frontier
        self.errback = errback

    def __call__(self, failure: Failure) -> Any:
        self.frontier.failed(failure.request, failure)  # type: ignore[attr-defined]
        return self.errback(failure)


class ArticleFrontier(Scheduler):
    """Scrapy's scheduler, plus held article requests and the earliest-copy gate."""

    #: (callback name, errback name, other meta) of held entries, by index.
    _kinds: list[tuple[str | None, str | None, dict[str, Any]]]

    def __init__(self, dupefilter: BaseDupeFilter, *args: Any, **kwargs: Any) -> None:
        super().__init__(dupefilter, *args, **kwargs)
        assert self.crawler is not None, "the frontier is built with a crawler"
        settings = self.crawler.settings
        self.gate = self.make_gate()
        self._host_regex: re.Pattern[str] | None = None  # the spider's allowed hosts, when needed
        self.batch = settings.getint("NEWSCRAWL_RELEASE_BATCH")
        # Off under Scrapy's tools (newscrawl.commands.tools): requests pass straight through.
        self.holds = settings.getbool("NEWSCRAWL_RELEASE_HOLD")
        # url -> (instant_key(card time), exact, kind): no Request is kept while held.
        self._held: dict[str, tuple[str, bool, int]] = {}
        self._seen: set[int] = set()  # hash(url): URLs need not stay alive
        self._kinds = []
        self._kind_index: dict[str, int] = {}
        # Released (card time, URL, exact, kind) not yet in Scrapy's queues, oldest first.
        self._to_release: deque[tuple[str, str, bool, int]] = deque()
        self._dequeued_since_feed = 0

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        frontier = super().from_crawler(crawler)
        frontier.connect_signals()
        return frontier

    def make_gate(self) -> ReleaseGate:
        """The gate items wait on (the distributed frontier's also sees other workers)."""
        return ReleaseGate()

    def connect_signals(self) -> None:
        """Follow article requests through the crawl (and release the held ones on idle)."""
        assert self.crawler is not None
        connect = self.crawler.signals.connect
        connect(self._on_idle, signal=signals.spider_idle)
        connect(self._reached_downloader, signal=signals.request_reached_downloader)
        connect(self._response_received, signal=signals.response_received)
        connect(self._scheduled, signal=signals.request_scheduled)
        connect(self._dropped, signal=signals.request_dropped)
        for signal in (signals.item_scraped, signals.item_dropped, signals.item_error):
            connect(self._item_done, signal=signal)

    # --- holding -----------------------------------------------------------------------------

    def enqueue_request(self, request: Request) -> bool:
        """Hold a new article request; queue any other request as Scrapy's scheduler does."""
        if isinstance(request.errback, GateErrback):  # a retry or redirect of a handed-out one
            request.errback = request.errback.errback
        if not self.holds or not is_article(request) or request.meta.get(META_RELEASED):
            return self.queue_request(request)
        self.hold(request)
        return True

    def queue_request(self, request: Request) -> bool:
        """Put a request in the queue (False: a duplicate, refused)."""
        return super().enqueue_request(request)

    def hold(self, request: Request) -> None:
        """An article found on a listing; its request goes out when the listings end.

        Once per URL, except that an exact card time replaces a lower bound held before.
        """
        url = request.url
        key = instant_key(str(request.meta[META_CARD_TIME]))
        exact = not request.meta.get(META_LOWER_BOUND)
        if (seen := hash(url)) not in self._seen:
            self._seen.add(seen)
            self._held[url] = (key, exact, self._kind(request))
            assert self.stats is not None
            self.stats.inc_value(ARTICLES_FOUND)
        elif exact and url in self._held and not self._held[url][1]:
            self._held[url] = (key, exact, self._kind(request))

    def _kind(self, request: Request) -> int:
        """The index of the request's callbacks and other meta in the table of kinds (a
        crawl has a handful: the meta the spider middlewares add, such as ``depth``)."""
        assert self.crawler is not None
        spider = self.crawler.spider
        callback = _method_name(spider, request.callback)
        errback = _method_name(spider, request.errback)
        extra = {k: v for k, v in request.meta.items() if k not in _CARD_META}
        token = repr((callback, errback, sorted(extra.items())))
        if (kind := self._kind_index.get(token)) is None:
            kind = self._kind_index[token] = len(self._kinds)
            self._kinds.append((callback, errback, extra))
        return kind

    def build_request(self, url: str, card_time: str, exact: bool, kind: int) -> Request:
        """The request of a released entry (callbacks looked up on the spider by name)."""
        assert self.crawler is not None and self.crawler.spider is not None
        spider = self.crawler.spider
        callback, errback, extra = self._kinds[kind]
        meta = {**extra, META_CARD_TIME: card_time, META_RELEASED: True}
        if not exact:
            meta[META_LOWER_BOUND] = True
        fields = {"url": url, "callback": callback, "errback": errback, "meta": meta}
        return request_from_dict({**fields, "priority": article_priority(card_time)}, spider=spider)

    @property
    def held(self) -> int:
        """How many article requests are held (listings not all read yet)."""
        return len(self._held)

    # --- releasing ---------------------------------------------------------------------------

    def _on_idle(self, spider: Spider) -> None:
        if self.release_held():
            # The engine would otherwise next ask for requests at its heartbeat, 5 s away.
            assert self.crawler is not None
            wake_engine(self.crawler)
            raise DontCloseSpider

    def release_held(self) -> bool:
        """Every listing is read: queue the held articles oldest first, skipping pages that
        earlier runs fetched. Returns whether any was released."""
        if not self._held:
            return False
        held = sorted((key, url, exact, kind) for url, (key, exact, kind) in self._held.items())
        self._held = {}
        stats = self.stats
        assert stats is not None and self.crawler is not None
        # Idle with articles in hand: every listing is read (the progress line's second phase).
        stats.set_value(LISTINGS_DONE, 1)
        state_commit = self.crawler.get_extension(_state_commit())
        state = state_commit.state if state_commit is not None else None
        if state is not None and held:
            known = state.known_pages([url for _, url, _, _ in held])
            if skipped := sum(known):
                stats.inc_value("newscrawl/state/pages_skipped", skipped)
                logger.info("Skipped %d article pages fetched by earlier runs", skipped)
            held = [h for h, k in zip(held, known, strict=True) if not k]
        stats.inc_value(ARTICLES_QUEUED, len(held))
        if self._to_release:
            held = sorted([*self._to_release, *held])
        if not held:
            return False
        self._to_release = deque(held)
        self.release_batch()
        return True

    def release_batch(self) -> None:
        """Move released entries into Scrapy's queues, oldest first, up to the release batch
        (all of them when it is 0)."""
        room = len(self._to_release) if self.batch <= 0 else self.batch - super().__len__()
        while self._to_release and room > 0:
            key, url, exact, kind = self._to_release.popleft()
            self.queue_released(self.build_request(url, key, exact, kind))
            room -= 1
        self._dequeued_since_feed = 0

    def queue_released(self, request: Request) -> None:
        """Queue a released request (a lower-bound one counts in the gate from now on)."""
        if request.meta.get(META_LOWER_BOUND):
            self.gate.started(request.url, str(request.meta[META_CARD_TIME]))
        if not self.queue_request(request):  # the engine's own reply to a refusal
            assert self.crawler is not None
            self.crawler.signals.send_catch_log(
                signals.request_dropped, request=request, spider=self.crawler.spider
            )

    def next_request(self) -> Request | None:
        """Scrapy's next request; the queue is topped up once half a batch went out."""
        if self._to_release and (
            self._dequeued_since_feed * 2 >= self.batch or not super().__len__()
        ):
            self.release_batch()
        request = super().next_request()
        if request is not None:
            self._dequeued_since_feed += 1
            self.hand_out(request)
        return request

    def hand_out(self, request: Request) -> None:
        """Wrap an article request's errback before the engine gets it (see GateErrback)."""
        if is_article(request) and request.errback is not None:
            request.errback = GateErrback(self, request.errback)

    def __len__(self) -> int:
        return super().__len__() + len(self._to_release)

    # --- the gate ----------------------------------------------------------------------------

    def finish_hops(self, request: Request, keep: str = "") -> None:
        """The URLs a redirected article request passed through are done (the gate saw each)."""
        for hop in request.meta.get("redirect_urls", ()):
            if hop != keep:
                self.gate.finished(hop)

    def failed(self, request: Request, failure: Failure) -> None:
        """An article request failed for good: its gate entry ends; a dead card link (404,
        410) counts as fetched in the state, so a later run need not retry it."""
        self.gate.finished(request.url)
        self.finish_hops(request)
        value = failure.value
        if isinstance(value, HttpError) and value.response.status in DEAD_LINK_STATUSES:
            assert self.crawler is not None
            state_commit = self.crawler.get_extension(_state_commit())
            if state_commit is not None and state_commit.state is not None:
                state_commit.state.page_done(request.url)

    def _reached_downloader(self, request: Request, spider: Spider) -> None:
        if is_article(request):
            self.gate.started(request.url, str(request.meta[META_CARD_TIME]))

    def _response_received(self, response: Response, request: Request, spider: Spider) -> None:
        """The article's page came (after any redirects): the hops are done; a page whose
        URL differs from its request's (a browser's redirect) is the same article."""
        if not is_article(request):
            return
        if response.url != request.url:
            self.gate.started(response.url, str(request.meta[META_CARD_TIME]))
            self.gate.finished(request.url)
        self.finish_hops(request, keep=response.url)

    def _scheduled(self, request: Request, spider: Spider) -> None:
        """An article redirected off the site: OffsiteMiddleware drops it without a signal."""
        if not is_article(request):
            return
        # The host against the spider's allowed_domains as Scrapy's OffsiteMiddleware reads them
        # (its own regex: no allowed_domains allows every host).
        if self._host_regex is None:
            assert self.crawler is not None
            self._host_regex = ScrapyOffsite(self.crawler.stats).get_host_regex(spider)
        on_site = bool(self._host_regex.search(urlsplit(request.url).hostname or ""))
        if not on_site or redirect_changes_port(request):
            self._article_dropped(request, "offsite_redirect")

    def _dropped(self, request: Request, spider: Spider) -> None:
        """An article request the scheduler refused (a redirect back to a fetched URL)."""
        if is_article(request):
            self._article_dropped(request, "dropped")

    def _article_dropped(self, request: Request, reason: str) -> None:
        self.gate.finished(request.url)
        self.finish_hops(request)
        stats = self.stats
        assert stats is not None
        stats.inc_value("newscrawl/pages/failed")
        stats.inc_value(f"newscrawl/pages/failed/{reason}")
        logger.warning("Article dropped (%s): %s", reason, request.url)

    def _item_done(self, item: Any, spider: Spider, **kwargs: Any) -> None:
        # The article's fate is decided (exported or dropped): later copies may go on.
        self.gate.finished(str(ItemAdapter(item).get("url")))


def _state_commit() -> type[StateCommit]:
    """The state's component class (imported when first needed: it imports the frontier's
    gate for the dedup wait)."""
    from newscrawl.extensions.statecommit import StateCommit

    return StateCommit
