"""What the frontier's gate cannot learn from Scrapy's signals about a parsed article page.

:class:`ParsedArticles`, a spider middleware around the output of article callbacks: an item
gives the gate the article's own time (``aggregated_at``, replacing a card time that may have
been only a lower bound); a parse that yields no item and no further request (not an article,
out of the run's bounds, too deep; an HTTP error sent to the errback) ends the entry. A download
that failed for good reaches the gate through the errback the frontier wraps
(:class:`~newscrawl.frontier.holding.GateErrback`): in Scrapy 2.19 such a failure does not pass
the spider middlewares. The spider thus only reads a page into an article or counts a failure.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable, Iterator
from typing import Any, Self

from itemadapter import ItemAdapter
from scrapy import Request, Spider
from scrapy.crawler import Crawler
from scrapy.http import Response

from newscrawl.frontier.holding import ArticleFrontier, frontier_of, is_article


class ParsedArticles:
    """Follow the output of article callbacks and errbacks into the gate."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    def process_spider_output(
        self, response: Response, result: Iterable[Any], spider: Spider | None = None
    ) -> Iterable[Any]:
        frontier = self._frontier(response)
        if frontier is None:
            yield from result
        else:
            yield from follow(frontier, response, result)

    async def process_spider_output_async(
        self, response: Response, result: AsyncIterator[Any], spider: Spider | None = None
    ) -> AsyncIterator[Any]:
        frontier = self._frontier(response)
        if frontier is None:
            async for output in result:
                yield output
            return
        goes_on = False
        async for output in result:
            goes_on = _carries_on(frontier, response, output) or goes_on
            yield output
        if not goes_on:
            frontier.gate.finished(response.url)

    def process_spider_exception(
        self, response: Response, exception: Exception, spider: Spider | None = None
    ) -> None:
        """A callback that raised: its article is done (Scrapy logs the error)."""
        frontier = self._frontier(response)
        if frontier is not None:
            frontier.gate.finished(response.url)

    def _frontier(self, response: Response) -> ArticleFrontier | None:
        """The frontier, when ``response`` is an article page's (None: pass its output on)."""
        request = response.request
        if request is None or not is_article(request):
            return None
        return frontier_of(self.crawler)


def follow(frontier: ArticleFrontier, response: Response, result: Iterable[Any]) -> Iterator[Any]:
    """The output of an article page's callback, passed on; the gate takes an item's own time,
    and the page's entry ends when nothing carried the article on."""
    goes_on = False
    for output in result:
        goes_on = _carries_on(frontier, response, output) or goes_on
        yield output
    if not goes_on:
        frontier.gate.finished(response.url)


def _carries_on(frontier: ArticleFrontier, response: Response, output: Any) -> bool:
    """Whether ``output`` carries the article on: an item (whose own time the gate takes from
    now on) or a request (such as a retry in the browser: still under way)."""
    if isinstance(output, Request):
        return True
    if not ItemAdapter.is_item(output):
        return False
    when = ItemAdapter(output).get("aggregated_at")
    if when:
        frontier.gate.known(response.url, str(when))
    return True
