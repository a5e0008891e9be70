"""One record per source article, across runs: dedup, the state's claims and their commits.

:class:`StateCommit` is the one component that owns what the run exports. Reached with
``crawler.get_extension(StateCommit)`` (its :attr:`~StateCommit.state` too), it

* dedups: :meth:`StateCommit.admit`, called by the thin item pipeline
  :class:`newscrawl.pipelines.dedup.DedupPipeline` (Scrapy calls pipelines, not extensions, with
  items, and the pipeline's order among the pipelines matters), keeps the earliest copy of a
  source article in the run and claims its key in the state store (:mod:`newscrawl.state.run`);
* opens the run's state store (``NEWSCRAWL_STATE_URI``; empty: no store, dedup in the run only),
  recovers crashed runs, and commits exports once the feeds confirm them;
* answers what earlier runs fetched: newest-pages mode reads a listing's next page only while
  it holds unknown articles (:meth:`StateCommit.page_on`, asked by
  :class:`newscrawl.middlewares.newest.NewestPaging`), and a dead card link (404) is marked
  fetched (``response_received``).

See :mod:`newscrawl.state.run` for the design. This extension is ordered after Scrapy's feed
exporter, so on ``item_scraped`` the feed line has already been handed to the file. It owns
the run's two write failures: a feed whose write or fsync failed (finish reason
``feed_failed``) and a state store that is corrupt or did not answer for longer than
``NEWSCRAWL_STATE_OUTAGE_SECONDS`` (``state_failed``); either closes the spider at once, with
one ERROR line, and ``scrapy crawl`` exits with its code (:mod:`newscrawl.exitcodes`).
The site and the arguments come from the settings (:mod:`newscrawl.runsettings`).
"""

from __future__ import annotations

import contextlib
import logging
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from itemadapter import ItemAdapter
from scrapy import Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import CloseSpider, DropItem
from scrapy.extensions.feedexport import FeedExporter, FeedSlot
from scrapy.http import Request, Response

from newscrawl.exitcodes import (
    FAILURE,
    FEED_FAILED,
    FEED_UNRECOVERABLE,
    STATE_FAILED,
    STATE_MISSING,
    close_spider,
    record_failure,
)
from newscrawl.feeds import (
    ConfirmedFile,
    ConfirmedFileStorage,
    confirmed_files,
    local_path,
    output_dir,
)
from newscrawl.frontier.earliest import instant_key
from newscrawl.items import dedup_key
from newscrawl.runsettings import crawl_args_of, site_of
from newscrawl.state import StateStoreError, open_store
from newscrawl.state.base import is_corruption, redact_uri
from newscrawl.state.records import unrecoverable_feed
from newscrawl.state.run import BACKOFF_FIRST, BACKOFF_MAX, RunState, StateFailed
from newscrawl.state.sqlite import sqlite_path

__all__ = ["StateCommit", "feed_paths", "journal_dir_for", "journal_paths", "local_path"]

logger = logging.getLogger(__name__)

#: Signal sent once at the end of a run, after its exports are settled (the last commit; after
#: a feed failure, the unconfirmed claims committed or released): the run report counts then.
exports_settled = object()
#: Stats key: the articles handed to a feed that failed whose lines were not found whole in
#: it, released for the next run (not exported by this one).
RELEASED = "newscrawl/state/released"


def journal_dir_for(uri: str, configured: str | None) -> Path:
    """Where run journals live: configured, else beside a SQLite file, else ``state/journal``.

    >>> journal_dir_for("sqlite:///var/lib/nc/state.sqlite", None)
    PosixPath('/var/lib/nc/journal')
    >>> journal_dir_for("redis://127.0.0.1:6379/0", "/tmp/j")
    PosixPath('/tmp/j')
    """
    if configured:
        return Path(configured)
    if uri.startswith("sqlite:"):
        return sqlite_path(uri).parent / "journal"
    return Path("state") / "journal"


def feed_paths(crawler: Crawler) -> list[Path]:
    """The local files of the crawl's feeds (remote feeds have none), where their records are
    now: a staged ``-O`` feed's file (:attr:`ConfirmedFileStorage.current`), none once a failed
    run removed it."""
    exporter = crawler.get_extension(FeedExporter)
    paths: list[Path | None] = []
    for slot in exporter.slots if exporter else []:
        storage = slot.storage
        if isinstance(storage, ConfirmedFileStorage):
            paths.append(storage.current)
        else:
            paths.append(local_path(slot.uri))
    return [p for p in paths if p is not None]


def journal_paths(crawler: Crawler) -> list[Path]:
    """Every local file the crawl's feeds may hold records in, as the journal lists them: a
    staged ``-O`` feed's three names (:meth:`ConfirmedFileStorage.journal_paths`), every file
    opened so far (closed batches too)."""
    exporter = crawler.get_extension(FeedExporter)
    paths: list[Path | None] = [f.path for f in confirmed_files(crawler)]
    for slot in exporter.slots if exporter else []:
        if isinstance(slot.storage, ConfirmedFileStorage):
            paths += slot.storage.journal_paths()
        else:
            paths.append(local_path(slot.uri))
    return list(dict.fromkeys(p for p in paths if p is not None))


def _slot_file(slot: FeedSlot) -> Any:
    """The file under a slot's post-processing wrappers (gzip...), if any."""
    file: Any = slot.file
    while file is not None and not isinstance(file, ConfirmedFile) and hasattr(file, "file"):
        with contextlib.suppress(Exception):
            file.flush()
        file = file.file
    return file


def _a_feed(path: Path) -> bool:
    """A non-empty feed file (not a run report, not a hidden staged file)."""
    if path.name.startswith(".") or path.name.endswith(".report.json"):
        return False
    with contextlib.suppress(OSError):
        return path.is_file() and path.stat().st_size > 0
    return False


def state_is_empty(state: RunState) -> bool:
    """True when the store holds nothing for the site (a store in trouble: False, the run
    reports that itself)."""
    try:
        counts = state.store.counts(state.site)
    except Exception:
        return False
    return not (counts["pages"] or counts["exported"] or counts["pending"])


def vanished_state(state: RunState) -> str | None:
    """What earlier runs left (None: nothing): journals of this site's gone runs (a run alive
    beside this one is no evidence), feed files in the default output folder (the first of
    :attr:`RunState.feed_dirs`). A gone run that put nothing in the store (killed in its first
    seconds: its journal says ``"stored": false``) is no evidence; journals without the mark are."""
    found: list[str] = []
    journals = [
        path
        for path, data, liveness in state.all_journals()
        if liveness == "gone" and data.get("stored", True) is not False
    ]
    if journals:
        found.append(f"{len(journals)} journals of interrupted runs are in {state.journal_dir}")
    feeds: list[Path] = []
    if state.feed_dirs and state.feed_dirs[0].is_dir():
        feeds = sorted(p for p in state.feed_dirs[0].iterdir() if _a_feed(p))
    if feeds:
        names = ", ".join(str(p) for p in feeds[:3])
        more = f" and {len(feeds) - 3} more" if len(feeds) > 3 else ""
        found.append(f"{len(feeds)} feeds of earlier runs exist ({names}{more})")
    return " and ".join(found) or None


class StateCommit:
    """Ties a crawl run to the state store (``NEWSCRAWL_STATE_URI``)."""

    def __init__(self, crawler: Crawler, uri: str) -> None:
        self.crawler = crawler
        self.uri = uri
        settings = crawler.settings
        self.every_items = settings.getint("NEWSCRAWL_STATE_COMMIT_ITEMS")
        self.every_seconds = settings.getfloat("NEWSCRAWL_STATE_COMMIT_SECONDS")
        self.outage_seconds = settings.getfloat("NEWSCRAWL_STATE_OUTAGE_SECONDS")
        self.journal_dir = journal_dir_for(uri, settings.get("NEWSCRAWL_STATE_JOURNAL_DIR"))
        self.state: RunState | None = None
        self.hold_seconds = settings.getfloat("NEWSCRAWL_DEDUP_HOLD_SECONDS")
        #: Dedup key -> aggregator URL of the copy kept in this run.
        self.exported: dict[str, str] = {}
        self._history: bool | None = None
        # Distributed mode swaps in a RunState whose claims are owned per worker.
        self.run_state_factory: Callable[..., RunState] = RunState
        self._last_commit = time.monotonic()
        self._closed = False
        #: Set when a feed failed: nothing more is committed in this run.
        self.feed_failure: str | None = None
        self._stopped: str | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StateCommit:
        uri = str(crawler.settings.get("NEWSCRAWL_STATE_URI") or "")
        if not uri:
            logger.debug("No state store (NEWSCRAWL_STATE_URI is empty): dedup in the run only")
        ext = cls(crawler, uri)
        crawler.signals.connect(ext.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.response_received, signal=signals.response_received)
        crawler.signals.connect(ext.item_scraped, signal=signals.item_scraped)
        crawler.signals.connect(ext.feed_exporter_closed, signal=signals.feed_exporter_closed)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        return ext

    def _feed_exporter(self) -> FeedExporter | None:
        return self.crawler.get_extension(FeedExporter)

    def _feed_paths(self) -> list[Path]:
        return journal_paths(self.crawler)

    # --- failures ---------------------------------------------------------------------------

    def _stop(self, reason: str, message: str) -> None:
        """One ERROR line, the failure recorded for the exit code, the spider closed."""
        if self._stopped is not None:
            return
        self._stopped = reason
        logger.error("%s", message)
        record_failure(self.crawler, reason, message)
        close_spider(self.crawler, reason)

    def _state_failed(self, message: str) -> None:
        self._stop(STATE_FAILED, f"State failure: {message}; nothing more is exported in this run")

    def _feed_failed(self, file: ConfirmedFile) -> None:
        if self.feed_failure is not None:
            return
        error = file.error
        why = (error.strerror or str(error)) if error is not None else "write failed"
        self.feed_failure = f"{file.path}: {why}"
        waiting = self.state.uncommitted if self.state is not None else 0
        self._stop(
            FEED_FAILED,
            f"Feed failure: {self.feed_failure}; the {waiting} articles written since its last "
            "confirmed write are not exported (the next run exports them)",
        )

    # --- the run ----------------------------------------------------------------------------

    def spider_opened(self, spider: Spider) -> None:
        site = site_of(self.crawler.settings)
        assert self.crawler.stats is not None
        if not self.uri or site is None or self.crawler.stats.get_value(FAILURE):
            return  # a run refused as it opened (newscrawl.extensions.feedguard) opens no state
        args = crawl_args_of(self.crawler.settings)
        try:
            store = open_store(self.uri)
        except StateStoreError as exc:
            self._stop(STATE_FAILED, f"State failure: {exc}")
            raise CloseSpider(STATE_FAILED) from None
        self.state = self.run_state_factory(
            store,
            site.key,
            self.journal_dir,
            fresh=bool(args and args.fresh),
            outage_seconds=self.outage_seconds,
            on_failure=self._state_failed,
        )
        self.state.feed_dirs = self._feed_dirs(spider)
        refusal = self._refusal(self.state, spider)
        if refusal is not None:
            self.state = None
            with contextlib.suppress(Exception):
                store.close()
            self._stop(*refusal)
            raise CloseSpider(refusal[0])
        try:
            self.state.recover()
        except Exception as exc:
            problem = "is corrupt" if is_corruption(exc) else "failed"
            self.state.fail(
                f"state store {store.uri} {problem} (recovery of interrupted runs: "
                f"{type(exc).__name__}: {exc})"
            )
        else:
            self.state.write_journal(str(p) for p in self._feed_paths())
        if self._stopped is not None:  # the engine is not running yet: close it this way
            raise CloseSpider(self._stopped)

    def _feed_dirs(self, spider: Spider) -> list[Path]:
        """The default output folder of this spider and the folders of this run's feeds."""
        folders = [Path(output_dir(self.crawler.settings)) / spider.name]
        folders += [p.parent for p in self._feed_paths()]
        return list(dict.fromkeys(folders))

    def _refusal(self, state: RunState, spider: Spider) -> tuple[str, str] | None:
        """Why the run must not start (finish reason, one line), before anything is recovered:
        a local feed that recovery could not read after a crash, or a state store that lost
        its records while earlier runs' journals or feeds exist (see :func:`vanished_state`)."""
        for uri, options in self.crawler.settings.getdict("FEEDS").items():
            why = unrecoverable_feed(str(uri), options) if local_path(str(uri)) else None
            if why is not None:
                return FEED_UNRECOVERABLE, (
                    f"Feed {uri} cannot be recovered after a crash: {why}; write jsonlines, "
                    "json or csv, or set NEWSCRAWL_STATE_URI= (no state) for this feed"
                )
        if state.fresh or not state_is_empty(state):
            return None
        found = vanished_state(state)
        if found is None:
            for feed in (p for p in self._appended_feeds() if _a_feed(p)):
                logger.warning(
                    "State store %s holds nothing for %s, and this run appends to %s, which "
                    "holds records: an article it already holds is appended again",
                    redact_uri(self.uri),
                    state.site,
                    feed,
                )
            return None
        return STATE_MISSING, (
            f"State store {redact_uri(self.uri)} holds nothing for {state.site} although {found}: "
            "it was deleted or emptied, and a run now would export every article again; "
            "restore it, or pass -a fresh=true to export everything again"
        )

    def _appended_feeds(self) -> list[Path]:
        """The local feeds this run appends to (``-o``)."""
        exporter = self._feed_exporter()
        found: list[Path] = []
        for slot in exporter.slots if exporter else []:
            storage = slot.storage
            if isinstance(storage, ConfirmedFileStorage) and not storage.staged:
                found.append(storage.target)
        return found

    # --- dedup and claims ---------------------------------------------------------------------

    async def admit(self, item: object) -> object:
        """The item, when it is the run's first copy of its source article and no earlier run
        exported it; else :class:`~scrapy.exceptions.DropItem` (counted, logged at DEBUG).

        It first waits (see :mod:`newscrawl.frontier.earliest`) until no earlier article request
        that may hold a copy of it is unfinished, so that the earliest-aggregated copy wins; then
        its key is claimed in the state store (waiting while the store does not answer).
        """
        adapter = ItemAdapter(item)
        key = dedup_key(adapter)
        url = str(adapter.get("url"))
        await self._wait_for_earlier(adapter, key, url)
        stats = self.crawler.stats
        assert stats is not None
        state = self.state
        if key in self.exported:
            if state is not None:
                state.page_done(url)
            stats.inc_value("newscrawl/dedup/dropped")
            logger.debug("Duplicate of %s dropped: %s (kept %s)", key, url, self.exported[key])
            raise DropItem(f"duplicate of {key}", log_level="DEBUG")
        self.exported[key] = url  # reserved while the claim waits: a copy meanwhile is a duplicate
        try:
            won = state is None or await state.claim(key, url)
        except StateFailed:
            # The store failed for good (the run is closing): export nothing it does not record.
            del self.exported[key]
            raise DropItem("state store failed", log_level="DEBUG") from None
        if not won:
            del self.exported[key]
            stats.inc_value("newscrawl/state/known_dropped")
            logger.debug("Exported by an earlier run, dropped: %s (%s)", key, url)
            raise DropItem(f"exported by an earlier run: {key}", log_level="DEBUG")
        stats.inc_value("newscrawl/dedup/kept")
        return item

    async def _wait_for_earlier(self, adapter: ItemAdapter, key: str, url: str) -> None:
        """Hold the item (at most ``NEWSCRAWL_DEDUP_HOLD_SECONDS``) while an earlier article
        that may be a copy of it is unfinished (the frontier's gate)."""
        from newscrawl.frontier.holding import frontier_of  # it imports this module

        frontier = frontier_of(self.crawler)
        gate = frontier.gate if frontier is not None else None
        when = adapter.get("aggregated_at")
        if gate is None or not when or self.hold_seconds <= 0:
            return
        gate.keyed(url, key)  # later items of other keys need not wait for this one
        if not await gate.wait_clear(instant_key(str(when)), self.hold_seconds, key):
            logger.debug("Released %s after the hold timeout", url)

    # --- what earlier runs fetched -----------------------------------------------------------

    def page_on(self, card_urls: list[str]) -> bool:
        """Newest-pages mode: whether a listing's next page is read, that is, whether this
        page held an article no earlier run fetched. The first run of a site (no history, or
        no state) reads the first page of each listing only."""
        state = self.state
        if state is None or state.fresh:
            return False
        if self._history is None:
            self._history = state.has_history()
        return self._history and not all(state.known_pages(card_urls))

    def response_received(self, response: Response, request: Request, spider: Spider) -> None:
        """A dead card link (404, 410) is fetched: a later run need not retry it."""
        from newscrawl.frontier.holding import META_CARD_TIME  # it imports this module

        dead = response.status in (404, 410) and META_CARD_TIME in request.meta
        if self.state is not None and dead:
            self.state.page_done(request.url)

    # --- commits -----------------------------------------------------------------------------

    def item_scraped(self, item: object, spider: Spider) -> None:
        if self.state is None or self.feed_failure is not None:
            return
        assert self.crawler.stats is not None
        self.crawler.stats.inc_value("newscrawl/state/new")
        self.state.written(dedup_key(ItemAdapter(item)))
        for file in confirmed_files(self.crawler):
            if file.error is not None:
                self._feed_failed(file)
                return
        due = time.monotonic() - self._last_commit >= self.every_seconds
        if self.state.uncommitted >= self.every_items or due:
            self._confirm_and_commit(final=False)

    def checkpoint(self) -> None:
        """Confirm the feeds now, then commit (newscrawl.distributed, before it lets finished
        requests leave its in-flight list)."""
        if self.state is not None and not self._closed:
            self._confirm_and_commit(final=False)

    def _confirm(self, *, final: bool) -> bool | None:
        """True when every feed confirmed every line written so far, False when one failed,
        None when a feed confirms only as it closes (remote storage) and this is not the end."""
        exporter = self._feed_exporter()
        for file in confirmed_files(self.crawler):
            if not file.confirm():
                self._feed_failed(file)
                return False
        if exporter is None:
            return True
        waiting = False
        for slot in exporter.slots:
            if isinstance(slot.storage, ConfirmedFileStorage) or slot.file is None:
                continue
            file = _slot_file(slot)
            if isinstance(file, ConfirmedFile):
                continue
            if local_path(slot.uri) is None and not slot.uri.startswith("stdout:"):
                waiting = True  # S3, FTP...: stored (or not) when the slot closes
            else:
                with contextlib.suppress(OSError, ValueError):
                    file.flush()
        if not final and waiting:
            return None
        assert self.crawler.stats is not None
        failed = [
            k
            for k, v in self.crawler.stats.get_stats().items()
            if k.startswith("feedexport/failed_count/") and v
        ]
        if failed:
            self.feed_failure = self.feed_failure or ", ".join(failed)
            self._stop(FEED_FAILED, f"Feed failure: a feed was not stored ({self.feed_failure})")
            return False
        return True

    def _confirm_and_commit(self, *, final: bool) -> None:
        assert self.state is not None
        if self.feed_failure is not None or self.state.failure is not None:
            return
        confirmed = self._confirm(final=final)
        if not confirmed:
            return
        # Batch feeds open new files as they go: keep the journal's list current.
        self.state.write_journal(str(p) for p in self._feed_paths())
        self.state.commit()
        self._last_commit = time.monotonic()

    def _finish(self) -> None:
        """Settle the run's exports once, at its end, then tell :data:`exports_settled`."""
        if self._closed:
            return
        self._closed = True
        try:
            if self.state is not None:
                self._settle(self.state)
        finally:
            self.crawler.signals.send_catch_log(exports_settled)

    def _settle(self, state: RunState) -> None:
        """The last commit (retried through an outage), then, after a feed failure, the
        claims whose lines are whole in the feeds committed and the others released (counted
        in :data:`RELEASED`: handed to the feed, not exported)."""
        self._confirm_and_commit(final=True)
        # The store may be down just now: retry the last commit for as long as an outage may
        # last (the run is over, nothing else waits for the reactor).
        delay = BACKOFF_FIRST
        while state.uncommitted and state.failure is None and self.feed_failure is None:
            time.sleep(delay)
            delay = min(delay * 2, BACKOFF_MAX)
            state.commit()
        if state.failure is not None and self._stopped is None:
            self._stop(STATE_FAILED, f"State failure: {state.failure}")
        if self.feed_failure is not None and state.failure is None:
            files = {str(f.path) for f in confirmed_files(self.crawler)}
            files.update(str(p) for p in self._feed_paths())
            committed, released = state.settle_unconfirmed(files)
            assert self.crawler.stats is not None
            self.crawler.stats.set_value(RELEASED, released)
            logger.warning(
                "Feed failure: %d unconfirmed exports found whole in the feed and committed, %d "
                "released for the next run",
                committed,
                released,
            )
        elif state.uncommitted == 0 and state.failure is None:
            state.release_leftovers()
        assert self.crawler.stats is not None
        if state.errors:
            self.crawler.stats.set_value("newscrawl/state/errors", state.errors)
        if state.uncommitted == 0 and state.failure is None:
            state.remove_journal()
        with contextlib.suppress(Exception):
            state.store.close()

    def feed_exporter_closed(self) -> None:
        self._finish()

    def spider_closed(self, spider: Spider, reason: str) -> None:
        if self._feed_exporter() is None:  # no feeds: nothing else will call _finish
            self._finish()
