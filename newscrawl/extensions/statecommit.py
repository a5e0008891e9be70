"""Open the run's state store, recover crashed runs, and commit exports after fsync.

See :mod:`newscrawl.state.run` for the design. This extension is ordered after Scrapy's feed
exporter, so on ``item_scraped`` the feed line has already been handed to the file.
"""

from __future__ import annotations

import contextlib
import logging
import os
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import unquote, urlsplit

from scrapy import Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.extensions.feedexport import FeedExporter

from newscrawl.state import open_store
from newscrawl.state.run import RunState
from newscrawl.state.sqlite import sqlite_path

logger = logging.getLogger(__name__)


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


def local_path(uri: str) -> Path | None:
    """The local file of a feed URI, or None for remote storage.

    >>> local_path("file:///tmp/a%20b.jsonl"), local_path("s3://b/k") is None
    (PosixPath('/tmp/a b.jsonl'), True)
    """
    parts = urlsplit(uri)
    if parts.scheme == "file":
        return Path(unquote(parts.path))
    if parts.scheme in ("", "") or len(parts.scheme) == 1:  # a plain or Windows path
        return Path(uri).resolve()
    return None


def feed_paths(crawler: Crawler) -> list[Path]:
    """The local files of the crawl's open feeds (remote feeds have none)."""
    exporter = crawler.get_extension(FeedExporter)
    paths = [local_path(slot.uri) for slot in (exporter.slots if exporter else [])]
    return [p for p in paths if p is not None]


class StateCommit:
    """Ties a crawl run to the state store (``NEWSCRAWL_STATE_URI``)."""

    def __init__(self, crawler: Crawler, uri: str) -> None:
        self.crawler = crawler
        self.uri = uri
        self.every_items = crawler.settings.getint("NEWSCRAWL_STATE_COMMIT_ITEMS")
        self.every_seconds = crawler.settings.getfloat("NEWSCRAWL_STATE_COMMIT_SECONDS")
        self.journal_dir = journal_dir_for(uri, crawler.settings.get("NEWSCRAWL_STATE_JOURNAL_DIR"))
        self.state: RunState | None = None
        # Distributed mode swaps in a RunState whose claims are owned per worker.
        self.run_state_factory: Callable[..., RunState] = RunState
        self._last_commit = time.monotonic()
        self._closed = False

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StateCommit:
        uri = crawler.settings.get("NEWSCRAWL_STATE_URI")
        if not uri:
            raise NotConfigured("NEWSCRAWL_STATE_URI is empty")
        ext = cls(crawler, uri)
        crawler.signals.connect(ext.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.item_scraped, signal=signals.item_scraped)
        crawler.signals.connect(ext.feed_exporter_closed, signal=signals.feed_exporter_closed)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        return ext

    def _feed_exporter(self) -> FeedExporter | None:
        return self.crawler.get_extension(FeedExporter)

    def _feed_paths(self) -> list[Path]:
        return feed_paths(self.crawler)

    def spider_opened(self, spider: Spider) -> None:
        site = getattr(spider, "site", None)
        if site is None:
            return
        args = getattr(spider, "crawl_args", None)
        store = open_store(self.uri)
        self.state = self.run_state_factory(
            store, site.key, self.journal_dir, fresh=bool(args and args.fresh)
        )
        recovered = self.state.recover()
        if recovered["runs"]:
            logger.warning(
                "Recovered %(runs)d interrupted run(s): %(committed)d exports confirmed from "
                "their feeds, %(released)d unfinished claims released",
                recovered,
            )
        self.state.write_journal(str(p) for p in self._feed_paths())
        spider.run_state = self.state  # type: ignore[attr-defined]

    def item_scraped(self, item: object, spider: Spider) -> None:
        if self.state is None:
            return
        assert self.crawler.stats is not None
        self.crawler.stats.inc_value("newscrawl/state/new")
        due = time.monotonic() - self._last_commit >= self.every_seconds
        if self.state.uncommitted >= self.every_items or due:
            self._sync_and_commit(open_files=True)

    def checkpoint(self) -> None:
        """Flush and fsync the feeds now, then commit (newscrawl.distributed, before it lets
        finished requests leave its in-flight list)."""
        if self.state is not None and not self._closed:
            self._sync_and_commit(open_files=True)

    def _sync_and_commit(self, *, open_files: bool) -> None:
        assert self.state is not None
        exporter = self._feed_exporter()
        if open_files and exporter is not None:
            for slot in exporter.slots:
                if slot.file is not None and not slot.file.closed:
                    slot.file.flush()
                    with contextlib.suppress(OSError, ValueError, AttributeError):
                        os.fsync(slot.file.fileno())
        else:
            for path in self._feed_paths():
                with contextlib.suppress(OSError):
                    fd = os.open(path, os.O_RDONLY)
                    try:
                        os.fsync(fd)
                    finally:
                        os.close(fd)
        # Batch feeds open new files as they go: keep the journal's list current.
        self.state.write_journal(str(p) for p in self._feed_paths())
        self.state.commit()
        self._last_commit = time.monotonic()

    def _finish(self) -> None:
        if self._closed or self.state is None:
            return
        self._closed = True
        self._sync_and_commit(open_files=False)
        assert self.crawler.stats is not None
        if self.state.errors:
            self.crawler.stats.set_value("newscrawl/state/errors", self.state.errors)
        if self.state.uncommitted == 0:
            self.state.remove_journal()
        self.state.store.close()

    def feed_exporter_closed(self) -> None:
        self._finish()

    def spider_closed(self, spider: Spider, reason: str) -> None:
        if self._feed_exporter() is None:  # no feeds: nothing else will call _finish
            self._finish()
