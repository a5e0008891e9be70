"""A progress line every ``NEWSCRAWL_PROGRESS_INTERVAL`` seconds, the way a progress bar reads.

While listings are read it says how many were read and how many articles they revealed; once
they are all read (the spider releases the articles: stat ``newscrawl/listings/done``), how many
articles are queued, how many are done (exported, known from earlier runs, duplicates, failed,
dead links), how many are left and about how long that takes at the rate seen so far. Read
from the crawl's stats only, so it works the same in every mode; it replaces Scrapy's
``LogStats`` line (``LOGSTATS_INTERVAL = 0``).
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from typing import Any

from scrapy import Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.utils.asyncio import create_looping_call

logger = logging.getLogger(__name__)

#: Stats the spider keeps for this line (and for anyone else who wants them).
LISTINGS_DONE = "newscrawl/listings/done"
ARTICLES_FOUND = "newscrawl/articles/found"
ARTICLES_QUEUED = "newscrawl/articles/queued"


def duration(seconds: float) -> str:
    """A short human duration.

    >>> duration(4.2), duration(75), duration(3600 * 2 + 60 * 5)
    ('4 s', '1 min 15 s', '2 h 5 min')
    """
    seconds = round(seconds)
    if seconds < 60:
        return f"{seconds} s"
    minutes, seconds = divmod(seconds, 60)
    if minutes < 60:
        return f"{minutes} min {seconds} s" if seconds else f"{minutes} min"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes} min" if minutes else f"{hours} h"


@dataclass(frozen=True)
class Snapshot:
    """The counts of one progress line, read from the stats."""

    listings: int
    listings_failed: int
    listings_done: bool
    found: int
    queued: int
    exported: int
    dropped: int  # known from earlier runs, duplicates, invalid
    failed: int
    dead_links: int

    @classmethod
    def of(cls, stats: dict[str, Any]) -> Snapshot:
        def get(key: str) -> int:
            return int(stats.get(key, 0) or 0)

        return cls(
            listings=get("newscrawl/listings/pages"),
            listings_failed=get("newscrawl/listings/failed"),
            listings_done=bool(get(LISTINGS_DONE)),
            found=get(ARTICLES_FOUND),
            queued=get(ARTICLES_QUEUED),
            exported=get("item_scraped_count"),
            dropped=get("item_dropped_count"),
            failed=get("newscrawl/pages/failed"),
            dead_links=get("newscrawl/articles/dead_links"),
        )

    @property
    def done(self) -> int:
        """Articles finished one way or another."""
        return self.exported + self.dropped + self.failed + self.dead_links


def progress_line(now: Snapshot, rate: float | None) -> str:
    """The progress line; ``rate`` is articles done per second since listings were done.

    >>> reading = Snapshot(5, 1, False, 120, 0, 0, 0, 0, 0)
    >>> progress_line(reading, None)
    'Progress: listings 5 read (1 failed), still reading; articles 120 found'
    >>> fetching = Snapshot(9, 0, True, 70, 67, 40, 3, 1, 1)
    >>> progress_line(fetching, 2.0)
    'Progress: listings 9 read, done; articles 67 queued, 45 done (40 exported, 3 dropped, 1 failed, 1 dead links), 22 to go, about 11 s left'
    """  # noqa: E501
    failed = f" ({now.listings_failed} failed)" if now.listings_failed else ""
    if not now.listings_done:
        return (
            f"Progress: listings {now.listings} read{failed}, still reading; "
            f"articles {now.found} found"
        )
    to_go = max(now.queued - now.done, 0)
    left = f", about {duration(to_go / rate)} left" if rate and to_go else ""
    return (
        f"Progress: listings {now.listings} read{failed}, done; articles {now.queued} queued, "
        f"{now.done} done ({now.exported} exported, {now.dropped} dropped, {now.failed} failed, "
        f"{now.dead_links} dead links), {to_go} to go{left}"
    )


class Progress:
    """Log :func:`progress_line` every ``interval`` seconds while the spider runs."""

    def __init__(self, crawler: Crawler, interval: float) -> None:
        self.crawler = crawler
        self.interval = interval
        self.task: Any = None
        # When listings were first seen done, and how many articles were done then.
        self.release: tuple[float, int] | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Progress:
        interval = crawler.settings.getfloat("NEWSCRAWL_PROGRESS_INTERVAL")
        if interval <= 0:
            raise NotConfigured  # off: quietly
        ext = cls(crawler, interval)
        crawler.signals.connect(ext.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        return ext

    def spider_opened(self, spider: Spider) -> None:
        self.task = create_looping_call(self.log)
        self.task.start(self.interval, now=False)

    def snapshot(self) -> Snapshot:
        assert self.crawler.stats is not None
        return Snapshot.of(self.crawler.stats.get_stats())

    def rate(self, now: Snapshot) -> float | None:
        """Articles done per second since listings were done (None until it can be told)."""
        if not now.listings_done:
            return None
        moment = time.monotonic()
        if self.release is None:
            self.release = (moment, now.done)
            return None
        since, done_then = self.release
        elapsed, done = moment - since, now.done - done_then
        return done / elapsed if elapsed > 0 and done > 0 else None

    def log(self) -> None:
        now = self.snapshot()
        logger.info(progress_line(now, self.rate(now)))

    def spider_closed(self, spider: Spider, reason: str) -> None:
        if self.task is not None and self.task.running:
            self.task.stop()
