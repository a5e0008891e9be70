"""Newest-pages mode reads a listing's next page only while the page before held news.

The spider marks the next page of a newest-pages listing with the card URLs of the page it
follows (:data:`META_CARDS`); this spider middleware asks the state component
(:meth:`newscrawl.extensions.statecommit.StateCommit.page_on`) whether any of them is new to the
state store, and drops the next page when none is (or when the run has no state: the first run
of a site reads the first page of each listing only).
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from typing import Any

from scrapy.crawler import Crawler
from scrapy.http import Request, Response

from newscrawl.extensions.statecommit import StateCommit

logger = logging.getLogger(__name__)

#: Request meta of a newest-pages next page: the card URLs of the page it follows.
META_CARDS = "newscrawl/newest_cards"


class NewestPaging:
    """Drop a newest-pages listing's next page once its previous page held nothing new."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> NewestPaging:
        return cls(crawler)

    def _page_on(self, cards: list[str]) -> bool:
        component = self.crawler.get_extension(StateCommit)
        return component is not None and component.page_on(cards)

    async def process_spider_output_async(
        self, response: Response, result: AsyncIterator[Any]
    ) -> AsyncIterator[Any]:
        async for element in result:
            if isinstance(element, Request) and META_CARDS in element.meta:
                cards = element.meta.pop(META_CARDS)
                if not self._page_on(cards):
                    logger.debug("Newest pages: nothing new before %s, not read", element.url)
                    continue
            yield element

    def process_spider_output(self, response: Response, result: Any) -> Any:
        for element in result:
            paged = isinstance(element, Request) and META_CARDS in element.meta
            if paged and not self._page_on(element.meta.pop(META_CARDS)):
                continue
            yield element
