"""Stop a crawl whose feeds will not be written before its first request, however it was started.

``scrapy crawl`` refuses such a run in one line before the crawler exists
(:mod:`newscrawl.feedtargets`); ``scrapy runspider``, a ``CrawlerProcess`` script or another
runner skips that command, and Scrapy then switches its feed exporter off ("FeedExporter
extension is not enabled") or drops the storage and exports nothing, while the state would count
every article as exported. This extension runs the same checks on ``spider_opened``, ahead of
the state store (:mod:`newscrawl.extensions.statecommit`, which opens no state once a failure is
recorded): the failure is recorded (finish reason ``feed_refused``, exit code 2), the refused
feeds are dropped so that nothing is written to them at close (not even an empty file), and the
spider closes before the engine starts.
"""

from __future__ import annotations

import logging

from scrapy import Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import CloseSpider
from scrapy.extensions.feedexport import FeedExporter

from newscrawl.exitcodes import FEED_REFUSED, record_failure
from newscrawl.feeds import FeedTargetError
from newscrawl.feedtargets import check_feeds
from newscrawl.logs import switched_off
from newscrawl.paths import UnsafePath

logger = logging.getLogger(__name__)


class FeedGuard:
    """Refuses the run at ``spider_opened`` when a feed will not be written."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> FeedGuard:
        settings = crawler.settings
        if not settings.getdict("FEEDS") and not settings.get("FEED_URI"):
            raise switched_off(__name__, "no FEEDS")
        guard = cls(crawler)
        crawler.signals.connect(guard.spider_opened, signal=signals.spider_opened)
        return guard

    def problem(self, spider: Spider) -> str | None:
        """Why the run's feeds will not be written, or None."""
        try:
            check_feeds(self.crawler.settings, spider.name)
        except (FeedTargetError, UnsafePath) as exc:
            return str(exc)
        if self.crawler.get_extension(FeedExporter) is None:
            return (
                "FEEDS is set but Scrapy's feed exporter is not enabled (see the log above): "
                "the run would export nothing"
            )
        return None

    def spider_opened(self, spider: Spider) -> None:
        problem = self.problem(spider)
        if problem is None:
            return
        message = f"Feed refused: {problem}; nothing was fetched"
        logger.error("%s", message)
        record_failure(self.crawler, FEED_REFUSED, message)
        exporter = self.crawler.get_extension(FeedExporter)
        if exporter is not None:
            exporter.slots.clear()  # an empty feed would be stored at close (or hang on a FIFO)
        raise CloseSpider(FEED_REFUSED)
