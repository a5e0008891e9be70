"""What the frontier's gate cannot learn from Scrapy's signals: failed downloads and parses.

* :class:`FailedDownloads`, a downloader middleware: a download that failed for good (after
  RetryMiddleware and ReachabilityMiddleware, whose ``process_exception`` run before its own;
  an off-site redirect refused by OffsiteMiddleware too) ends its gate entry. In Scrapy 2.19 such
  a failure goes to the request's errback without passing the spider middlewares.
* :class:`ParsedArticles`, a spider middleware around the article callbacks' output: an item
  gives the gate the article's own time (``aggregated_at``, replacing a card time that may have
  been only a lower bound); a parse that yields no item and no further request (not an article,
  out of the run's bounds, too deep, an HTTP error sent to the errback) ends the entry. A dead
  card link (404/410) is recorded in the state as fetched, so a later run need not retry it.

The spider thus only reads a page into an article or counts a failure.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable
from typing import Any, Self

from itemadapter import ItemAdapter
from scrapy import Request, Spider
from scrapy.crawler import Crawler
from scrapy.http import Response

from newscrawl.extensions.statecommit import StateCommit
from newscrawl.frontier.holding import ArticleFrontier, frontier_of, is_article

#: Statuses of a dead card link: the page was fetched, a later run need not ask again.
DEAD_LINK_STATUSES = (404, 410)


class FailedDownloads:
    """End the gate entry of an article whose download failed for good."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    def process_exception(
        self, request: Request, exception: BaseException, spider: Spider | None = None
    ) -> None:
        frontier = frontier_of(self.crawler)
        if frontier is not None and is_article(request):
            frontier.gate.finished(request.url)
            frontier.finish_hops(request)


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
            return
        goes_on = False
        for output in result:
            goes_on = self._saw(frontier, response, output) or goes_on
            yield output
        if not goes_on:
            self._ended(frontier, response)

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
            goes_on = self._saw(frontier, response, output) or goes_on
            yield output
        if not goes_on:
            self._ended(frontier, response)

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

    @staticmethod
    def _saw(frontier: ArticleFrontier, response: Response, output: Any) -> bool:
        """Whether ``output`` carries the article on: an item (whose own time the gate takes
        from now on) or a request (such as a retry in the browser: still under way)."""
        if isinstance(output, Request):
            return True
        if not ItemAdapter.is_item(output):
            return False
        when = ItemAdapter(output).get("aggregated_at")
        if when:
            frontier.gate.known(response.url, str(when))
        return True

    def _ended(self, frontier: ArticleFrontier, response: Response) -> None:
        """No item came of the page: its gate entry ends; a dead link is fetched for good."""
        frontier.gate.finished(response.url)
        if response.status in DEAD_LINK_STATUSES:
            state_commit = self.crawler.get_extension(StateCommit)
            if state_commit is not None and state_commit.state is not None:
                state_commit.state.page_done(response.url)
