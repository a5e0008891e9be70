"""scrapy-redis's scheduler over one run's keys, with atomic pop-to-in-flight and held articles.

Wrapped, not forked: :class:`scrapy_redis.scheduler.Scheduler` keeps the queue and dupefilter
objects (request serialization, fingerprints, ``clear``), and we override only what must
change, for these reasons:

* ``enqueue_request``/``next_request``: one Lua call each (:class:`RedisRun`): the dupefilter
  check and the push together; the pop moves the request into the worker's in-flight hash in
  the same step, so a killed worker's requests are never lost (scrapy-redis pops them for
  good). Article requests are held until the listing phase ends and are scored by card time,
  oldest first (scrapy-redis orders by priority only, arbitrary within a priority). This also
  avoids the library's ``stats.inc_value(..., spider=...)``, deprecated in Scrapy 2.19.
* ``from_crawler``: keys come from the run (spider, arguments, generation), not from
  ``SCHEDULER_QUEUE_KEY % {"spider": ...}``, and the Redis URL from ``NEWSCRAWL_REDIS_URL``;
  the dupefilter is built here (the library's ``from_settings`` calls ``from_settings`` on
  ``DUPEFILTER_CLASS``, which Scrapy 2.19's own dupefilter no longer has).
* ``close``: never flushes: the frontier is shared (``SCHEDULER_PERSIST`` forced on).
* ``has_pending_requests``: the shared queue's length, as scrapy-redis, but the local engine
  must not close on it: closing is decided by the coordinator's run step.
"""

from __future__ import annotations

import logging
from typing import Any

import redis
from scrapy import Spider
from scrapy.crawler import Crawler
from scrapy.http import Request
from scrapy_redis.dupefilter import RFPDupeFilter
from scrapy_redis.queue import PriorityQueue
from scrapy_redis.scheduler import Scheduler

from newscrawl.distributed.coordinator import DistributedCrawl
from newscrawl.distributed.gate import epoch

logger = logging.getLogger(__name__)

META_CARD_TIME = "newscrawl/card_time"  # as newscrawl.spiders.aggregator.META_CARD_TIME


def request_score(request: Request) -> float:
    """The queue score (lowest pops first): card time for articles, else minus priority.

    Listings (priority >= 0) thus come before every article, articles oldest card first.

    >>> request_score(Request("https://a/x", priority=1000))
    -1000.0
    >>> request_score(Request("https://a/y", meta={META_CARD_TIME: "2022-01-10T08:00:00Z"}))
    1641801600.0
    """
    if META_CARD_TIME in request.meta:
        return epoch(str(request.meta[META_CARD_TIME])) or 0.0
    return float(-request.priority)


class RedisScheduler(Scheduler):  # type: ignore[misc]
    """A scrapy-redis scheduler on one run's keys (see the module docstring)."""

    def __init__(self, crawler: Crawler, coordinator: DistributedCrawl) -> None:
        run = coordinator.run
        super().__init__(
            server=run.redis,
            persist=True,
            queue_key=run.key("requests"),
            dupefilter=RFPDupeFilter(run.redis, run.key("dupefilter")),
        )
        self.crawler = crawler
        self.coordinator = coordinator
        self.run = run
        self.stats = crawler.stats
        #: Popped and not yet finished: in-flight field -> (request, is an article).
        self.popped: dict[str, tuple[Request, bool]] = {}
        self._article_fields: dict[str, str] = {}  # article URL -> in-flight field
        #: Requests that could not be pushed while Redis did not answer (pushed at a poll).
        self.unsent: list[Request] = []

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RedisScheduler:
        coordinator = crawler.get_extension(DistributedCrawl)
        assert coordinator is not None, "the DistributedCrawl extension is not enabled"
        coordinator.join()
        scheduler = cls(crawler, coordinator)
        coordinator.scheduler = scheduler
        return scheduler

    def open(self, spider: Spider) -> None:
        self.spider = spider
        self.queue = PriorityQueue(server=self.server, spider=spider, key=self.queue_key)
        queued = len(self.queue)
        if queued:
            logger.info("Joined run %s with %d requests queued", self.run.prefix, queued)

    def close(self, reason: str) -> None:
        """Keep the shared frontier: other workers go on with it."""

    def enqueue_request(self, request: Request) -> bool:
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
        article = META_CARD_TIME in request.meta
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
        field, member = popped
        request: Request = self.queue._decode_request(member)
        article = META_CARD_TIME in request.meta
        self.popped[field] = (request, article)
        if article:
            self._article_fields[request.url] = field
            # Counted as started from the pop, not from the downloader: until then it is in no
            # one's view (the queue no longer has it).
            self.coordinator.gate.started(request.url, str(request.meta[META_CARD_TIME]))
        assert self.stats is not None
        self.stats.inc_value("scheduler/dequeued/redis")
        return request

    def has_pending_requests(self) -> bool:
        return self.coordinator.queued_hint() > 0 or bool(self.unsent)

    def __len__(self) -> int:
        try:
            return int(self.run.queued()) + len(self.unsent)
        except redis.RedisError:
            return len(self.unsent)

    def finished(self, in_progress: Any, *, articles_only: bool) -> list[str]:
        """In-flight fields whose request the engine no longer processes (and forget them)."""
        done = [
            field
            for field, (request, article) in self.popped.items()
            if request not in in_progress and (article or not articles_only)
        ]
        return done

    def fields_of(self, urls: list[str]) -> list[str]:
        """The in-flight fields of popped article requests, by URL."""
        return [self._article_fields[url] for url in urls if url in self._article_fields]

    def forget(self, fields: list[str]) -> None:
        for field in fields:
            popped = self.popped.pop(field, None)
            if popped is not None and popped[1]:
                self._article_fields.pop(popped[0].url, None)
