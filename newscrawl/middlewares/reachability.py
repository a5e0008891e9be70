"""Give up on a site that never answered, after a few requests, not after the whole crawl.

Until the site has answered once (any status, or only its headers), every failed download
(retries included: each attempt counts) is counted; ``NEWSCRAWL_UNREACHABLE_AFTER`` failures in a
row end the run as ``site_unreachable`` (exit code 4) with one ERROR line. Meanwhile each
request may take at most ``NEWSCRAWL_UNREACHABLE_TIMEOUT`` seconds (when ``DOWNLOAD_TIMEOUT`` is
longer), so a server that accepts connections and never answers is called unreachable in
seconds. Once the site has answered, a failed page is the listing's or article's own (counted
and logged by the spider), unless the site stops answering altogether: ``after`` times
``RETRY_TIMES + 1`` failed downloads in a row with no answer in between (any status, or
headers, resets the count; a bad page's retries interleave with other pages' answers) end the
run as ``site_unreachable`` too. A server that died mid-crawl walked the rest of the queue
one refused connection at a time and exited 0 (``finished``) with every remaining page failed;
the pages not fetched are left for the next run either way. After the verdict, requests
still on their way (a retry, listings waiting for robots.txt) are dropped at once
(:class:`GivenUp`) rather than each waiting out its timeout while the spider closes.

It sits after ``RetryMiddleware`` on the way back (a higher order), so it sees every attempt.
"""

from __future__ import annotations

import logging
import time
from collections import Counter

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Request, Response

from newscrawl import distributed
from newscrawl.exitcodes import (
    FAILURE,
    SITE_UNREACHABLE_REASON,
    close_spider,
    record_failure,
)
from newscrawl.logs import switched_off
from newscrawl.runsettings import base_url_of

logger = logging.getLogger(__name__)

#: Stats key: failed downloads in a row before the first answer (the verdict's count).
FAILURES_IN_A_ROW = "newscrawl/unreachable/failures_in_a_row"


class GivenUp(IgnoreRequest):
    """A request dropped because the run already found the site unreachable."""


class ReachabilityMiddleware:
    """Counts failed downloads until the first answer; see the module docstring."""

    def __init__(
        self, crawler: Crawler, after: int, first_timeout: float, after_answer: int = 0
    ) -> None:
        self.crawler = crawler
        self.after = after
        #: Failed downloads in a row, once the site answered, that end the run (0: never).
        self.after_answer = after_answer
        self.silent = 0
        self.last_answer = 0.0
        self.first_timeout = first_timeout
        self.answered = False
        self.failures = 0
        self.errors: Counter[str] = Counter()
        self.started = time.monotonic()
        self.given_up = False

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ReachabilityMiddleware:
        settings = crawler.settings
        after = settings.getint("NEWSCRAWL_UNREACHABLE_AFTER")
        if after <= 0:
            raise switched_off(__name__, "NEWSCRAWL_UNREACHABLE_AFTER is 0")
        # A worker of a distributed run may get no page while its peers get them all.
        if distributed.enabled(settings):
            raise switched_off(__name__, "distributed run")
        timeout = min(
            settings.getfloat("NEWSCRAWL_UNREACHABLE_TIMEOUT") or float("inf"),
            settings.getfloat("DOWNLOAD_TIMEOUT") or float("inf"),
        )
        after_answer = after * (settings.getint("RETRY_TIMES") + 1)
        mw = cls(crawler, after, timeout, after_answer)
        crawler.signals.connect(mw.headers_received, signal=signals.headers_received)
        crawler.signals.connect(mw.spider_opened, signal=signals.spider_opened)
        return mw

    def spider_opened(self) -> None:
        self.started = time.monotonic()

    def headers_received(self) -> None:
        """The site answered (headers of a body still on its way count)."""
        self.answered = True
        self.silent = 0
        self.errors.clear()
        self.last_answer = time.monotonic()

    def process_request(self, request: Request) -> None:
        """Before the first answer, a request waits at most the shorter timeout; after the
        verdict, none is sent."""
        if self.given_up:
            raise GivenUp("the site is unreachable: the run is closing")
        if not self.answered and self.first_timeout != float("inf"):
            current = float(request.meta.get("download_timeout") or float("inf"))
            request.meta["download_timeout"] = min(current, self.first_timeout)

    def process_response(self, request: Request, response: Response) -> Response:
        self.answered = True
        self.silent = 0
        self.errors.clear()
        self.last_answer = time.monotonic()
        return response

    def process_exception(self, request: Request, exception: BaseException) -> None:
        """Count a failed download while nothing answered; at the limit, the verdict."""
        if isinstance(exception, IgnoreRequest):
            return
        if self.answered:
            self.silent += 1
            self.errors[type(exception).__name__] += 1
            stats = self.crawler.stats
            assert stats is not None
            if self.silent == self.after_answer and not stats.get_value(FAILURE):
                self._stopped_answering()
            return
        self.failures += 1
        self.errors[type(exception).__name__] += 1
        stats = self.crawler.stats
        assert stats is not None
        stats.set_value(FAILURES_IN_A_ROW, self.failures)
        if self.failures == self.after and not stats.get_value(FAILURE):
            self._verdict()

    def _stopped_answering(self) -> None:
        base = base_url_of(self.crawler.settings)
        errors = ", ".join(sorted(self.errors))
        message = (
            f"Site stopped answering: {base} gave no answer to {self.silent} requests in a "
            f"row ({errors}) since its last answer {time.monotonic() - self.last_answer:.0f} s "
            f"ago; the pages not fetched are left for the next run "
            f"(NEWSCRAWL_UNREACHABLE_AFTER={self.after} x {self.after_answer // self.after} "
            "attempts)"
        )
        self.given_up = True
        logger.error("%s", message)
        record_failure(self.crawler, SITE_UNREACHABLE_REASON, message)
        close_spider(self.crawler, SITE_UNREACHABLE_REASON)

    def _verdict(self) -> None:
        base = base_url_of(self.crawler.settings)
        errors = ", ".join(sorted(self.errors))
        message = (
            f"Site unreachable: no page of {base} could be fetched (no answer to "
            f"{self.failures} requests in a row: {errors}; gave up after "
            f"{time.monotonic() - self.started:.0f} s, NEWSCRAWL_UNREACHABLE_AFTER={self.after})"
        )
        self.given_up = True
        logger.error("%s", message)
        record_failure(self.crawler, SITE_UNREACHABLE_REASON, message)
        close_spider(self.crawler, SITE_UNREACHABLE_REASON)
