"""The one component that decides which pages go through the browser (``render`` argument).

:class:`RenderRouting` is a spider middleware around the site spider; the spider itself never
thinks of the browser. With the decisions of :class:`~newscrawl.render.policy.RenderPolicy` it

* routes every HTML listing request (the start requests, the listings a page links, a
  listing's next page) to the browser when its kind needs one, by setting the meta that
  :class:`~newscrawl.render.handler.RenderDownloadHandler` acts on (``playwright``, as
  scrapy-playwright's handler does);
* reads a listing page before the spider does: one with no cards but built by JavaScript is
  requested again through the browser instead (the spider never sees the empty page). Only
  pages up to :data:`SHELL_MAX_BYTES`: a page built by JavaScript is a small shell, and a larger
  one is the spider's to parse as it streams (its tree is never built whole);
* takes the article pages the spider could not read: the spider yields the
  :class:`~newscrawl.extract.aggregated.NotAnArticle` it met before it counts the failure; a
  page without its title that ships a ``noscript`` or a data script is requested again
  through the browser, and the spider's generator is then not resumed (no failure counted);
  any other is passed back to the spider, which counts it. So an article page is parsed once,
  by the spider, unless it failed.

The render mode and the site come from the settings (:mod:`newscrawl.runsettings`); a spider
that is not a site spider leaves the component off.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable, Iterator
from typing import Any

from scrapy.crawler import Crawler
from scrapy.http import HtmlResponse, Request, Response

from newscrawl.extract.aggregated import NotAnArticle
from newscrawl.logs import switched_off
from newscrawl.render.policy import RenderPolicy
from newscrawl.runsettings import crawl_args_of, site_of

#: Request meta of an HTML listing page (as :mod:`newscrawl.spiders.aggregator` sets it): its
#: listing's name and its page number (feeds and sitemaps have no page number).
META_LISTING = "newscrawl/listing"
META_PAGE = "newscrawl/page"
#: The largest listing page read for signs of JavaScript before the spider reads it.
SHELL_MAX_BYTES = 1 << 20


class RenderRouting:
    """Route HTML listings to the browser, and read JavaScript-built pages again in it."""

    def __init__(self, policy: RenderPolicy) -> None:
        self.policy = policy

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RenderRouting:
        site, args = site_of(crawler.settings), crawl_args_of(crawler.settings)
        if site is None or args is None:
            raise switched_off(__name__, "not a site spider (no NEWSCRAWL_SITE)")
        return cls(RenderPolicy.from_crawler(crawler, args.render, site))

    # --- requests ----------------------------------------------------------------------------

    def route(self, element: Any) -> Any:
        """An HTML listing request as this run sends it; anything else as it is."""
        if isinstance(element, Request) and META_PAGE in element.meta:
            return self.policy.route(element, str(element.meta.get(META_LISTING, "listing")))
        return element

    async def process_start(self, start: AsyncIterator[Any]) -> AsyncIterator[Any]:
        async for element in start:
            yield self.route(element)

    # --- responses ---------------------------------------------------------------------------

    def listing_in_browser(self, response: Response) -> Request | None:
        """A listing page's request through the browser, when the page was built by
        JavaScript and this run renders it; None to let the spider read the page."""
        if not isinstance(response, HtmlResponse) or META_PAGE not in response.meta:
            return None
        if len(response.body) > SHELL_MAX_BYTES:
            return None
        return self.policy.retry_listing(response, str(response.meta.get(META_LISTING, "")))

    def article_in_browser(self, response: Response, element: Any) -> Request | None:
        """For the spider's NotAnArticle: the page's request through the browser when it was
        built by JavaScript and this run renders it."""
        return self.policy.retry_article(response) if isinstance(element, NotAnArticle) else None

    def process_spider_output(self, response: Response, result: Iterable[Any]) -> Iterator[Any]:
        again = self.listing_in_browser(response)
        if again is not None:
            yield again  # the spider's callback is not run on the empty page
            return
        for element in result:
            if (again := self.article_in_browser(response, element)) is not None:
                yield again
                return  # the spider is not resumed: it counts no failure
            if not isinstance(element, NotAnArticle):
                yield self.route(element)

    async def process_spider_output_async(
        self, response: Response, result: AsyncIterator[Any]
    ) -> AsyncIterator[Any]:
        again = self.listing_in_browser(response)
        if again is not None:
            yield again
            return
        async for element in result:
            if (again := self.article_in_browser(response, element)) is not None:
                yield again
                return
            if not isinstance(element, NotAnArticle):
                yield self.route(element)
