"""The distributed frontier: the local one over a run's Redis keys, and its gate across workers.

:class:`RedisFrontier` subclasses the local :class:`~newscrawl.frontier.holding.ArticleFrontier`
(holding article requests while this worker reads listings, the known-page skip, the gate fed by
Scrapy's signals) and uses scrapy-redis's :class:`~scrapy_redis.queue.PriorityQueue` (request
serialization) and :class:`~scrapy_redis.dupefilter.RFPDupeFilter` (fingerprints) as parts; the
library's ``Scheduler.__init__`` does not match Scrapy's, so it is not a base. What changes:

* ``queue_request``/``next_request``: one Lua call each (:class:`RedisRun`): the dupefilter
  check and the push together; the pop moves the request into the worker's in-flight hash in
  the same step, so a killed worker's requests are never lost (scrapy-redis pops them for
  good). Article requests pushed before the run's listing phase ends are held in Redis, scored
  by card time, oldest first (scrapy-redis orders by priority only, arbitrary within a
  priority). This also avoids the library's ``stats.inc_value(..., spider=...)``, deprecated in
  Scrapy 2.19.
* The held articles go to Redis all at once, when the coordinator's idle step asks for them
  (:meth:`DistributedCrawl.spider_idle <newscrawl.distributed.coordinator.DistributedCrawl>`
  calls :meth:`release_held` before it takes the run step), not on this frontier's own idle.
* ``from_crawler``: keys come from the run (spider, arguments, generation), not from
  ``SCHEDULER_QUEUE_KEY % {"spider": ...}``.
* ``close``: never flushes: the frontier is shared.
* ``has_pending_requests``: the shared queue's length at the last poll; the local engine must
  not close on it: closing is decided by the coordinator's run step.

:class:`DistributedGate` subclasses the local gate. The coordinator feeds it, every poll, the
earliest card time among the other workers' unfinished articles and the articles still queued
(:meth:`RedisRun.tick`). An item waits for a view taken *after* it arrived: its request was
popped before, so a copy popped earlier by a peer (the queue pops oldest first) is in that view.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from typing import Any, Self

import redis
from scrapy import Spider, signals
from scrapy.crawler import Crawler
from scrapy.http import Request
from scrapy_redis.dupefilter import RFPDupeFilter
from scrapy_redis.queue import PriorityQueue

from newscrawl.distributed.coordinator import DistributedCrawl
from newscrawl.frontier.earliest import ReleaseGate
from newscrawl.frontier.holding import META_CARD_TIME, ArticleFrontier, is_article
from newscrawl.normalize.dates import parse_iso_instant

logger = logging.getLogger(__name__)


def request_score(request: Request) -> float:
    """The queue score (lowest pops first): card time for articles, else minus priority.

    Listings (priority >= 0) thus come before every article, articles oldest card first.

    >>> request_score(Request("https://a/x", priority=1000))
    -1000.0
    >>> request_score(Request("https://a/y", meta={META_CARD_TIME: "2022-01-10T08:00:00Z"}))
    1641801600.0
    """
    if is_article(request):
        return epoch(str(request.meta[META_CARD_TIME])) or 0.0
    return float(-request.priority)


class RedisFrontier(ArticleFrontier):
    """The article frontier on one run's Redis keys (see the module docstring)."""

    gate: DistributedGate

    def __init__(self, *args: Any, coordinator: DistributedCrawl, **kwargs: Any) -> None:
        self.coordinator = coordinator
        self.run = coordinator.run
        super().__init__(*args, **kwargs)
        self.batch = 0  # released all at once: they go to Redis
        self.df: RFPDupeFilter
        self.queue: PriorityQueue | None = None
        #: Popped and not yet finished: in-flight field -> (request, is an article).
        self.popped: dict[str, tuple[Request, bool]] = {}
        self._article_fields: dict[str, str] = {}  # article URL -> in-flight field
        #: Requests that could not be pushed while Redis did not answer (pushed at a poll).
        self.unsent: list[Request] = []

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        coordinator = crawler.get_extension(DistributedCrawl)
        assert coordinator is not None, "the DistributedCrawl extension is not enabled"
        coordinator.join()
        run = coordinator.run
        frontier = cls(
            RFPDupeFilter(run.redis, run.key("dupefilter")),
            stats=crawler.stats,
            crawler=crawler,
            coordinator=coordinator,
        )
        frontier.connect_signals()
        coordinator.attach(frontier)
        return frontier

    def make_gate(self) -> ReleaseGate:
        return DistributedGate()

    def open(self, spider: Spider) -> None:
        self.spider = spider
        self.queue = PriorityQueue(
            server=self.run.redis, spider=spider, key=self.run.key("requests")
        )
        queued = len(self.queue)
        if queued:
            logger.info("Joined run %s with %d requests queued", self.run.prefix, queued)

    def close(self, reason: str) -> None:
        """Keep the shared frontier: other workers go on with it."""

    def _on_idle(self, spider: Spider) -> None:
        """Released by the coordinator's idle step instead (before it takes the run step)."""

    def queue_released(self, request: Request) -> None:
        """Push a released request (it counts in the gate once popped, as every article)."""
        if not self.queue_request(request):
            assert self.crawler is not None
            self.crawler.signals.send_catch_log(
                signals.request_dropped, request=request, spider=self.crawler.spider
            )

    def queue_request(self, request: Request) -> bool:
        try:
            return self._push(request)
        except redis.RedisError as exc:  # kept here until Redis answers again
            self.coordinator.redis_failed("push", exc)
            self.unsent.append(request)
            return True

    def push_unsent(self) -> None:
        """Push the requests kept while Redis did not answer (raises while it still doesn't)."""
        while self.unsent:
            self._push(self.unsent[0])
            self.unsent.pop(0)

    def _push(self, request: Request) -> bool:
        assert self.queue is not None
        article = is_article(request)
        held = article and not self.coordinator.articles_phase
        fingerprint = "" if request.dont_filter else self.df.request_fingerprint(request)
        member = self.queue._encode_request(request)
        if not self.run.enqueue(member, request_score(request), fingerprint, held=held):
            self.df.log(request, self.spider)
            return False
        assert self.stats is not None
        self.stats.inc_value("scheduler/enqueued/redis")
        if held:
            self.stats.inc_value("newscrawl/distributed/held")
        return True

    def next_request(self) -> Request | None:
        try:
            popped = self.run.pop()
        except redis.RedisError as exc:
            self.coordinator.redis_failed("pop", exc)
            return None
        if popped is None:
            return None
        assert self.queue is not None
        field, member = popped
        request: Request = self.queue._decode_request(member)
        article = is_article(request)
        self.popped[field] = (request, article)
        if article:
            self._article_fields[request.url] = field
            # Counted as started from the pop, not from the downloader: until then it is in no
            # one's view (the queue no longer has it).
            self.gate.started(request.url, str(request.meta[META_CARD_TIME]))
        assert self.stats is not None
        self.stats.inc_value("scheduler/dequeued/redis")
        self.hand_out(request)
        return request

    def has_pending_requests(self) -> bool:
        return self.coordinator.queued_hint() > 0 or bool(self.unsent)

    def __len__(self) -> int:
        try:
            return int(self.run.queued()) + len(self.unsent)
        except redis.RedisError:
            return len(self.unsent)

    def finished(self, in_progress: Any, *, articles_only: bool) -> list[str]:
        """In-flight fields whose request the engine no longer processes."""
        return [
            field
            for field, (request, article) in self.popped.items()
            if request not in in_progress and (article or not articles_only)
        ]

    def fields_of(self, urls: list[str]) -> list[str]:
        """The in-flight fields of popped article requests, by URL."""
        return [self._article_fields[url] for url in urls if url in self._article_fields]

    def forget(self, fields: list[str]) -> None:
        for field in fields:
            popped = self.popped.pop(field, None)
            if popped is not None and popped[1]:
                self._article_fields.pop(popped[0].url, None)


def epoch(value: str) -> float | None:
    """Seconds since the epoch of an ISO time, None when it is not one.

    >>> epoch("2022-01-10T08:00:00Z"), epoch("n/a")
    (1641801600.0, None)
    """
    moment = parse_iso_instant(value)
    return None if moment is None else moment.timestamp()


class DistributedGate(ReleaseGate):
    """A :class:`ReleaseGate` that also waits for earlier articles of other workers."""

    def __init__(self) -> None:
        super().__init__()
        self.remote_earliest: float | None = None
        self.views = 0  # how many remote views were received
        self.waiting = 0  # items waiting now: the coordinator polls faster while there are
        #: Called with the URL of every finished article (its peers stop waiting for it).
        self.on_finished: Callable[[str], None] | None = None
        self.on_wait: Callable[[], None] | None = None

    def finished(self, url: str) -> None:
        super().finished(url)
        if self.on_finished is not None:
            self.on_finished(url)

    def update_remote(self, earliest: float | None) -> None:
        self.remote_earliest = earliest
        self.views += 1
        if self._changed is not None:
            self._changed.set()

    def _remote_blocks(self, before: float | None, first_view: int) -> bool:
        if self.views < first_view:
            return True
        return (
            before is not None
            and self.remote_earliest is not None
            and (self.remote_earliest < before)
        )

    async def wait_clear(self, before: str, timeout: float, dedup_key: str | None = None) -> bool:
        """Wait for every earlier article, here and at the peers, whatever ``dedup_key`` is:
        the peers' view holds card times only."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        first_view = self.views + 1
        when = epoch(before)
        while True:
            earliest = self.earliest_unfinished()
            local = earliest is not None and earliest < before
            if not local and not self._remote_blocks(when, first_view):
                return True
            remaining = deadline - loop.time()
            if remaining <= 0:
                return False
            if self._changed is None:
                self._changed = asyncio.Event()
            self._changed.clear()
            self.waiting += 1
            if self.on_wait is not None:
                self.on_wait()
            try:
                await asyncio.wait_for(self._changed.wait(), remaining)
            except TimeoutError:
                return False
            finally:
                self.waiting -= 1
