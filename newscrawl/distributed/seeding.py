"""Only the first worker of a run yields the spider's start requests; the others join.

A spider middleware's ``process_start``: the worker that wins ``SET seeded NX`` passes the
listing requests on (they go to the shared queue) and marks the run seeded when they are all
queued; the run is not done before that. Every other worker yields nothing and takes its
requests from the shared queue.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from typing import Any

from scrapy.crawler import Crawler

from newscrawl.distributed import enabled
from newscrawl.distributed.coordinator import DistributedCrawl
from newscrawl.logs import switched_off

logger = logging.getLogger(__name__)


class SeedOnce:
    """Seed the shared frontier once per run generation (see the module docstring)."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SeedOnce:
        if not enabled(crawler.settings):
            raise switched_off(__name__, "NEWSCRAWL_REDIS_URL is not set")
        return cls(crawler)

    def _coordinator(self) -> DistributedCrawl:
        coordinator = self.crawler.get_extension(DistributedCrawl)
        assert coordinator is not None, "the DistributedCrawl extension is not enabled"
        return coordinator

    async def process_start(self, start: AsyncIterator[Any]) -> AsyncIterator[Any]:
        run = self._coordinator().run
        if not run.try_seed():
            logger.info("Joining run %s: another worker seeded it", run.prefix)
            return
        logger.info("Seeding run %s", run.prefix)
        async for request_or_item in start:
            yield request_or_item
        run.seeded()
