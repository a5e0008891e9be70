"""Coordinate one worker with its run: heartbeat, shared idle, phases, takeover of dead peers.

Enabled by ``NEWSCRAWL_REDIS_URL`` (see :func:`newscrawl.distributed.configure`). Every
``NEWSCRAWL_DISTRIBUTED_POLL_SECONDS`` the worker sends its heartbeat and learns the run's state
in one Lua call (:meth:`RedisRun.tick`); on ``spider_idle`` it commits, clears its in-flight
requests and takes the run step (:meth:`RedisRun.step`), staying open until the run is done.

Two private Scrapy attributes are read, each in one helper below: the engine's set of requests
in progress (a popped request leaves the in-flight hash only once the engine is done with it,
item pipelines included) and its ``nextcall`` (work pushed by a peer is picked up within a poll,
not at the engine's fixed 5 s heartbeat). Both exist unchanged since Scrapy 2.0.

Redis down: every step that talks to Redis (poll, pop, push, idle step, leave) catches the
error; the worker keeps its requests (pushes wait locally), logs a rate-limited warning, and
once Redis has not answered for ``NEWSCRAWL_STATE_OUTAGE_SECONDS`` closes the run as
``state_failed`` (exit code 7) with one ERROR line; the waiting items are not exported.
"""

from __future__ import annotations

import logging
import os
import time
from typing import TYPE_CHECKING, Any

import redis
from scrapy import Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import CloseSpider, DontCloseSpider
from scrapy.http import Request
from scrapy.utils.defer import deferred_from_coro
from twisted.internet import reactor as _reactor

from newscrawl.distributed import DistributedConfig, enabled, run_args, run_base, run_id
from newscrawl.distributed.redisrun import RedisRun
from newscrawl.distributed.workerstate import DistributedRunState, settle_worker
from newscrawl.exitcodes import STATE_FAILED, close_spider, record_failure
from newscrawl.extensions.statecommit import StateCommit
from newscrawl.frontier.holding import wake_engine
from newscrawl.logs import switched_off
from newscrawl.state.base import redact_uri
from newscrawl.state.run import OutageClock

if TYPE_CHECKING:
    from newscrawl.distributed.redisfrontier import DistributedGate, RedisFrontier

logger = logging.getLogger(__name__)
reactor: Any = _reactor  # callLater/seconds, untyped in Twisted's stubs as a module

#: Poll interval (seconds) while items wait for articles of peers.
FAST_POLL_SECONDS = 0.01


def _in_progress(crawler: Crawler) -> Any:
    """Requests the engine is downloading or processing (its slot's ``inprogress`` set)."""
    slot = getattr(crawler.engine, "_slot", None)
    return slot.inprogress if slot is not None else set()


class DistributedCrawl:
    """One worker of a run shared through Redis (see :mod:`newscrawl.distributed`)."""

    def __init__(self, crawler: Crawler, config: DistributedConfig, run: RedisRun) -> None:
        self.crawler = crawler
        self.config = config
        self.run = run
        self.scheduler: RedisFrontier | None = None
        self.articles_phase = False
        self.commit_seconds = crawler.settings.getfloat("NEWSCRAWL_STATE_COMMIT_SECONDS")
        self._queued = 0
        self._reported: set[str] = set()  # finished articles already out of started:{me}
        self._gate_finished: list[str] = []  # URLs of articles whose item was decided
        self._last_checkpoint = time.monotonic()
        self._call: Any = None  # the next poll (an IDelayedCall)
        self._stopped = False
        self._done = False
        self.run_name = ""
        self.outage = OutageClock(
            f"Redis {redact_uri(config.redis_url)}",
            crawler.settings.getfloat("NEWSCRAWL_STATE_OUTAGE_SECONDS"),
        )
        self.failure: str | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> DistributedCrawl:
        if not enabled(crawler.settings):
            raise switched_off(__name__, "NEWSCRAWL_REDIS_URL is not set")
        config = DistributedConfig.from_settings(crawler.settings)
        spider = crawler.spider
        assert spider is not None
        run_name = run_id(spider.name, run_args(crawler.settings), config.run_id)
        # Joined (first heartbeat) only when the scheduler is built, right before the spider
        # opens: building the rest of the crawler can take longer than a peer waits for it.
        run = RedisRun.connect(config.redis_url, run_base(spider.name, run_name), join=False)
        ext = cls(crawler, config, run)
        ext.run_name = run_name
        crawler.signals.connect(ext.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.spider_idle, signal=signals.spider_idle)
        crawler.signals.connect(ext.engine_stopped, signal=signals.engine_stopped)
        return ext

    # --- wiring ----------------------------------------------------------------------------

    def join(self) -> None:
        """Join the run (called by the scheduler as the engine builds it)."""
        self.run.join()
        logger.info(
            "Distributed run %s (worker %s, generation %s)",
            self.run_name,
            self.run.worker,
            self.run.generation,
        )

    def attach(self, frontier: RedisFrontier) -> None:
        """The run's frontier (built by the engine, after the extensions): its gate tells this
        worker when an article finishes and when items wait for peers."""
        self.scheduler = frontier
        frontier.gate.on_finished = self._article_finished
        frontier.gate.on_wait = lambda: self._schedule(FAST_POLL_SECONDS)

    @property
    def gate(self) -> DistributedGate:
        """The frontier's gate, fed with the peers' view at every poll."""
        assert self.scheduler is not None, "the frontier is not built yet"
        return self.scheduler.gate

    def _state_commit(self) -> StateCommit | None:
        return self.crawler.get_extension(StateCommit)

    def spider_opened(self, spider: Spider) -> None:
        # Before StateCommit's spider_opened (EXTENSION_ORDER < 600), which builds the run state
        # with this factory.
        state_commit = self._state_commit()
        if state_commit is not None:
            run = self.run

            def factory(*args: Any, **kwargs: Any) -> DistributedRunState:
                return DistributedRunState(*args, run=run, **kwargs)

            state_commit.run_state_factory = factory
        self._schedule(0)

    def queued_hint(self) -> int:
        """The shared queue's length at the last poll (the engine asks this very often)."""
        return self._queued

    # --- every poll ------------------------------------------------------------------------

    def _schedule(self, delay: float) -> None:
        """Poll in ``delay`` seconds, or sooner if a poll is already due sooner."""
        if self._stopped:
            return
        call = self._call
        if call is not None and call.active():
            if call.getTime() - reactor.seconds() > delay:
                call.reset(delay)
            return
        self._call = reactor.callLater(delay, self._tick)

    def _article_finished(self, url: str) -> None:
        # Peers may be waiting for this one: tell them at once, not at the next poll.
        self._gate_finished.append(url)
        self._schedule(0)

    def _tick(self) -> None:
        try:
            self._poll()
        except Exception as exc:  # Redis down must not stop the loop (nor flood the log)
            self.redis_failed("poll", exc)
            self._schedule(self.config.poll_seconds)
            return
        self.outage.answered()
        # While items wait for peers, poll fast: that wait is the cost of the global order.
        self._schedule(FAST_POLL_SECONDS if self.gate.waiting else self.config.poll_seconds)

    def redis_failed(self, what: str, exc: Exception) -> None:
        """A Redis call failed: rate-limited warnings; past the outage limit the run fails."""
        if self.failure is not None:
            return
        failure = self.outage.failed(f"{what}: {type(exc).__name__}: {exc}")
        if failure is None:
            return
        self.failure = failure
        if self.scheduler is not None:  # items waiting for a view of the peers: no more views
            self.gate.update_remote(None)
        state_commit = self._state_commit()
        if state_commit is not None and state_commit.state is not None:
            # Claims waiting now give up (not exported); the state commit logs the one ERROR
            # line, records the cause and closes the run.
            state_commit.state.fail(failure)
            return
        message = f"State failure: {failure}; nothing more is exported in this run"
        logger.error("%s", message)
        record_failure(self.crawler, STATE_FAILED, message)
        close_spider(self.crawler, STATE_FAILED)

    def _poll(self) -> None:
        scheduler = self.scheduler
        if scheduler is None:
            return
        scheduler.push_unsent()
        in_progress = _in_progress(self.crawler)
        urls, self._gate_finished = self._gate_finished, []
        candidates = scheduler.finished(in_progress, articles_only=True)
        candidates += scheduler.fields_of(urls)
        finished = [f for f in dict.fromkeys(candidates) if f not in self._reported]
        self._reported.update(finished)
        tick = self.run.tick(self.config.dead_after_seconds, finished)
        self._queued = tick.queued
        if tick.phase == "articles":
            self.articles_phase = True
        self.gate.update_remote(tick.earliest)
        for dead in tick.stale:
            if dead != self.run.worker:
                self._take_over(dead)
        if time.monotonic() - self._last_checkpoint >= self.commit_seconds:
            self.checkpoint(articles_only=True)
        assert self.crawler.engine is not None
        if tick.queued or tick.done or self.crawler.engine.spider_is_idle():
            wake_engine(self.crawler)

    def checkpoint(self, *, articles_only: bool) -> bool:
        """Commit exports, then let finished requests leave the in-flight hash.

        Returns False when the commit failed (they stay in flight: a crash is still safe).
        """
        self._last_checkpoint = time.monotonic()
        scheduler = self.scheduler
        assert scheduler is not None
        fields = scheduler.finished(_in_progress(self.crawler), articles_only=articles_only)
        if not fields:
            return True
        state_commit = self._state_commit()
        if state_commit is not None and state_commit.state is not None:
            state_commit.checkpoint()
            if state_commit.state.uncommitted or state_commit.state.unwritten:
                return False
        self.run.finish(fields)
        scheduler.forget(fields)
        self._reported.difference_update(fields)
        return True

    def _take_over(self, dead: str) -> None:
        """Settle a dead worker's claims from its feeds, then requeue its requests."""
        if not self.run.lock_takeover(dead, 4 * self.config.dead_after_seconds):
            return
        stats = self.crawler.stats
        assert stats is not None
        feeds = self.run.dead_feeds(dead) or []
        state_commit = self._state_commit()
        state = state_commit.state if state_commit is not None else None
        readable = feeds_on_this_machine(feeds)
        if state is not None and readable:
            settled = settle_worker(state.store, self.run, state.site, dead, feeds)
        else:
            settled = {"committed": 0, "released": 0}
            if state is not None:
                logger.warning(
                    "Feeds of dead worker %s are not on this machine (%s): its pending claims "
                    "are left to that machine's journal recovery",
                    dead,
                    ", ".join(feeds),
                )
        requeued = self.run.requeue(dead)
        stats.inc_value("newscrawl/distributed/takeovers")
        stats.inc_value("newscrawl/distributed/requeued", requeued)
        logger.warning(
            "Took over dead worker %s: %d requests requeued, %d exports confirmed from its "
            "feeds, %d unfinished claims released",
            dead,
            requeued,
            settled["committed"],
            settled["released"],
        )

    # --- idle and end ----------------------------------------------------------------------

    def spider_idle(self, spider: Spider) -> None:
        """Locally idle: close only when the whole run is done, else wait for peers."""
        if self.failure is not None:
            raise CloseSpider(STATE_FAILED)
        # First the articles this worker held while it read listings go to the run (held
        # there until the listing phase of every worker is over), then the run step.
        released = self.scheduler is not None and self.scheduler.release_held()
        try:
            if not self.checkpoint(articles_only=False):
                raise DontCloseSpider
            outcome = self.run.step(self.config.done_ttl_seconds)
        except redis.RedisError as exc:
            self.redis_failed("run step", exc)
            if self.failure is not None:
                raise CloseSpider(STATE_FAILED) from None
            raise DontCloseSpider from None
        self.outage.answered()
        if outcome == "done" and not released:
            if not self._done:
                logger.info("Run %s is done", self.run.prefix)
            self._done = True
            return
        if outcome == "released":
            self.articles_phase = True
            logger.info("Listing phase of the run over: articles released to every worker")
        elif outcome == "unseeded":
            self._seed_again(spider)
        raise DontCloseSpider

    def _seed_again(self, spider: Spider) -> None:
        """The seeding worker died before it finished: seed again from the spider's
        ``start()`` (seen requests are skipped)."""
        if not self.run.try_seed():
            return
        deferred_from_coro(self._seed(spider))

    async def _seed(self, spider: Spider) -> None:
        """Queue what the spider's ``start()`` yields, then mark the run seeded."""
        assert self.crawler.engine is not None
        async for request in spider.start():
            if isinstance(request, Request):
                self.crawler.engine.crawl(request)
        self.run.seeded()
        logger.warning("Seeded the run again: the seeding worker died")

    def engine_stopped(self) -> None:
        self._stopped = True
        if self._call is not None and self._call.active():
            self._call.cancel()
        state_commit = self._state_commit()
        state = state_commit.state if state_commit is not None else None
        try:
            if state is None or (state.uncommitted == 0 and state.unwritten == 0):
                self.run.leave()  # else: a peer takes over when the heartbeat is stale
        except redis.RedisError as exc:
            logger.warning("Could not leave the run (a peer takes over): %s", exc)
        finally:
            self.run.close()


def feeds_on_this_machine(feeds: list[str]) -> bool:
    """Whether a dead worker's feed files are here to be read: those that exist are readable,
    and one exists at least. A staged ``-O`` feed lists its staged file (named with the
    worker's PID, there from the start), its target and its partial name, of which only the
    staged file exists while the run goes (newscrawl.feeds.ConfirmedFileStorage.journal_paths).

    >>> import tempfile, os
    >>> staged = tempfile.NamedTemporaryFile(delete=False).name
    >>> feeds_on_this_machine([staged, staged + ".target"]), feeds_on_this_machine(["/nx/a"])
    (True, False)
    >>> feeds_on_this_machine([]); os.unlink(staged)
    True
    """
    present = [f for f in feeds if os.path.lexists(f)]
    return not feeds or (bool(present) and all(_readable(f) for f in present))


def _readable(path: str) -> bool:
    try:
        with open(path, "rb"):
            return True
    except OSError:
        return False
