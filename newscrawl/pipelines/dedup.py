"""One record per source article: deduplicate by canonical ``source_url``, across runs too.

The key is the canonical source URL, or the aggregator URL when a page links no source. The
earliest-aggregated copy should win, so an item first waits (see :mod:`newscrawl.frontier.earliest`)
until no earlier article request that may hold a copy of it is unfinished (an earlier item
already here with another key does not hold it up); the copies that lose are dropped, counted
as ``newscrawl/dedup/dropped`` and logged at DEBUG. Across runs, the key is claimed in the state
store (:mod:`newscrawl.state.run`); a key exported by an earlier run is dropped and
counted as ``newscrawl/state/known_dropped``. While the store does not answer the claim waits
(:meth:`newscrawl.state.run.RunState.claim`); once the store failed for good, items are dropped
unexported.
"""

from __future__ import annotations

import logging

from itemadapter import ItemAdapter
from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem

from newscrawl.frontier.earliest import instant_key
from newscrawl.frontier.holding import frontier_of
from newscrawl.items import dedup_key
from newscrawl.state.run import StateFailed

logger = logging.getLogger(__name__)

__all__ = ["DedupPipeline", "dedup_key"]


class DedupPipeline:
    """Drop every copy of a source article after the first one exported in this run."""

    def __init__(self, crawler: Crawler, hold_seconds: float) -> None:
        self.crawler = crawler
        self.hold_seconds = hold_seconds
        self.exported: dict[str, str] = {}  # key -> aggregator URL of the kept copy

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> DedupPipeline:
        return cls(crawler, crawler.settings.getfloat("NEWSCRAWL_DEDUP_HOLD_SECONDS"))

    async def process_item(self, item: object) -> object:
        adapter = ItemAdapter(item)
        frontier = frontier_of(self.crawler)
        gate = frontier.gate if frontier is not None else None
        when = adapter.get("aggregated_at")
        key = dedup_key(adapter)
        url = str(adapter.get("url"))
        if gate is not None and when and self.hold_seconds > 0:
            gate.keyed(url, key)  # later items of other keys need not wait for this one
            in_order = await gate.wait_clear(instant_key(str(when)), self.hold_seconds, key)
            if not in_order:
                logger.debug("Released %s after the hold timeout", url)
        stats = self.crawler.stats
        assert stats is not None
        state = getattr(self.crawler.spider, "run_state", None)
        if key in self.exported:
            if state is not None:
                state.page_done(url)
            stats.inc_value("newscrawl/dedup/dropped")
            logger.debug(
                "Duplicate of %s dropped: %s (kept %s)", key, adapter.get("url"), self.exported[key]
            )
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
