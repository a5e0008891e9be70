"""Wait what a 429 or 503 answer's ``Retry-After`` asks (bounded) before it is retried.

Scrapy's ``RetryMiddleware`` retries those statuses at once; this middleware sits just before
it on the response path (a higher order) and holds such a response for the asked delay, so the
retry that follows honours it. Other requests go on meanwhile.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

from scrapy.crawler import Crawler
from scrapy.http import Request, Response

from newscrawl.logs import switched_off

logger = logging.getLogger(__name__)

STATUSES = (429, 503)


def retry_after_seconds(value: str, now: datetime | None = None) -> float | None:
    """Seconds asked by a ``Retry-After`` header (delta-seconds or an HTTP date), else None.

    >>> retry_after_seconds("2"), retry_after_seconds(" 0 "), retry_after_seconds("soon")
    (2.0, 0.0, None)
    >>> now = datetime(2022, 1, 10, 12, 0, 0, tzinfo=UTC)
    >>> retry_after_seconds("Mon, 10 Jan 2022 12:00:30 GMT", now)
    30.0
    >>> retry_after_seconds("Mon, 10 Jan 2022 11:00:00 GMT", now)
    0.0
    """
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


class RetryAfterMiddleware:
    """Delay a 429/503 with ``Retry-After`` by up to ``NEWSCRAWL_RETRY_AFTER_MAX_SECONDS``."""

    def __init__(self, crawler: Crawler, max_seconds: float, max_retries: int) -> None:
        self.crawler = crawler
        self.max_seconds = max_seconds
        self.max_retries = max_retries

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RetryAfterMiddleware:
        settings = crawler.settings
        max_seconds = settings.getfloat("NEWSCRAWL_RETRY_AFTER_MAX_SECONDS")
        if max_seconds <= 0 or not settings.getbool("RETRY_ENABLED"):
            raise switched_off(__name__, "Retry-After is not honoured")
        return cls(crawler, max_seconds, settings.getint("RETRY_TIMES"))

    async def process_response(self, request: Request, response: Response) -> Response:
        header = response.headers.get("Retry-After")
        if response.status not in STATUSES or header is None:
            return response
        retries = request.meta.get("max_retry_times", self.max_retries)
        if request.meta.get("retry_times", 0) >= retries or request.meta.get("dont_retry"):
            return response  # no retry follows: nothing to wait for
        asked = retry_after_seconds(header.decode("latin-1"))
        if asked is None:
            return response
        delay = min(asked, self.max_seconds)
        assert self.crawler.stats is not None
        self.crawler.stats.inc_value("newscrawl/retry_after/waits")
        if asked > self.max_seconds:
            self.crawler.stats.inc_value("newscrawl/retry_after/capped")
        logger.debug("Retry-After %.1fs (waiting %.1fs): %s", asked, delay, request.url)
        await asyncio.sleep(delay)
        return response
