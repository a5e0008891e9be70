"""One record per source article: deduplicate by canonical ``source_url``, across runs too.

A thin item pipeline: the dedup itself, with the state's claims, belongs to one component,
:class:`newscrawl.extensions.statecommit.StateCommit` (:meth:`~StateCommit.admit`), reached
with ``crawler.get_extension``. It stays a pipeline because Scrapy hands items to pipelines,
in their order: after boilerplate removal and validation, before the feed exporter.

The key is the canonical source URL, or the aggregator URL when a page links no source. The
earliest-aggregated copy wins; the copies that lose are dropped, counted as
``newscrawl/dedup/dropped`` and logged at DEBUG. A key exported by an earlier run is dropped and
counted as ``newscrawl/state/known_dropped``. Without the component (a tool run: ``scrapy
parse``, ``check``..., which writes no feed) items pass as they are.
"""

from __future__ import annotations

from scrapy.crawler import Crawler

from newscrawl.extensions.statecommit import StateCommit
from newscrawl.items import dedup_key

__all__ = ["DedupPipeline", "dedup_key"]


class DedupPipeline:
    """Drop every copy of a source article after the first one exported (see the module)."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> DedupPipeline:
        return cls(crawler)

    async def process_item(self, item: object) -> object:
        component = self.crawler.get_extension(StateCommit)
        if component is None:
            return item
        return await component.admit(item)
