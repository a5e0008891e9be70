"""Write the crawl's final stats as JSON to ``NEWSCRAWL_STATS_FILE`` (for scripts and tests).

A path that cannot be written is refused before the first request (``scrapy crawl`` refuses it
in one line, :mod:`newscrawl.runfiles`; where that command is bypassed, this extension closes
the run at ``spider_opened`` as ``bad_settings``, ahead of the state store). A write that still
fails at the end (a full disk) fails the run: one ERROR line and exit code 10
(``stats_failed``), the articles exported and recorded as usual.
"""

from __future__ import annotations

import contextlib
import json
import logging
from pathlib import Path

from scrapy import Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import CloseSpider

from newscrawl.exitcodes import BAD_SETTINGS_REASON, STATS_FAILED, record_failure
from newscrawl.logs import switched_off
from newscrawl.runfiles import file_problem

logger = logging.getLogger(__name__)


class StatsFile:
    """On close, dump every stat (``newscrawl/...`` included) to a JSON file."""

    def __init__(self, crawler: Crawler, path: Path) -> None:
        self.crawler = crawler
        self.path = path
        self.refused = False

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StatsFile:
        path = crawler.settings.get("NEWSCRAWL_STATS_FILE")
        if not path:
            raise switched_off(__name__, "NEWSCRAWL_STATS_FILE is not set")
        ext = cls(crawler, Path(path))
        crawler.signals.connect(ext.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        return ext

    def spider_opened(self, spider: Spider) -> None:
        """Close the run before its first request when the file cannot be written."""
        problem = file_problem(self.path, create_folder=True)
        if problem is None:
            return
        self.refused = True
        message = f"bad setting: NEWSCRAWL_STATS_FILE={str(self.path)[:120]!r}: {problem}"
        logger.error("Run refused (%s): %s", BAD_SETTINGS_REASON, message)
        record_failure(self.crawler, BAD_SETTINGS_REASON, message)
        raise CloseSpider(BAD_SETTINGS_REASON)

    def spider_closed(self, spider: Spider, reason: str) -> None:
        assert self.crawler.stats is not None
        if self.refused:
            return
        stats = dict(self.crawler.stats.get_stats())
        stats["finish_reason"] = reason
        tmp = self.path.with_suffix(self.path.suffix + ".tmp")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            text = json.dumps(stats, default=str, indent=1, sort_keys=True)
            tmp.write_text(text, encoding="utf-8")
            tmp.replace(self.path)
        except OSError as exc:
            with contextlib.suppress(OSError):
                tmp.unlink()
            self.failed(exc)

    def failed(self, exc: OSError) -> None:
        """One ERROR line, and the run's failure (exit code 10) unless another came first."""
        message = (
            f"Stats file {self.path} could not be written ({exc.strerror or exc}; "
            "NEWSCRAWL_STATS_FILE)"
        )
        logger.error("%s", message)
        record_failure(self.crawler, STATS_FAILED, message)
