"""The http(s) download handler: plain HTTP, and a browser started on the first page that needs one.

Requests with ``meta["playwright"]`` (set by :class:`~newscrawl.render.policy.RenderPolicy`) go
to scrapy-playwright's handler, which this one creates, and which launches Chromium, only
when the first such request arrives; every other request goes to Scrapy's HTTP/1.1 handler.
So a run that renders nothing never imports playwright nor starts a browser process (with
scrapy-playwright's handler installed directly, its Playwright driver starts with the engine).
The browser is closed with the crawl.
"""

from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING, Any

from scrapy.crawler import Crawler
from scrapy.http import Request, Response
from scrapy.utils.misc import build_from_crawler, load_object

from newscrawl.render.config import RenderConfig

if TYPE_CHECKING:
    from newscrawl.render.browser import BrowserDownloadHandler

logger = logging.getLogger(__name__)

#: The handler of requests that need no browser.
PLAIN_HANDLER = "scrapy.core.downloader.handlers.http11.HTTP11DownloadHandler"


class RenderDownloadHandler:
    """Plain HTTP for most requests; a lazily started Chromium for ``playwright`` ones."""

    lazy = True

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.config = RenderConfig.from_settings(crawler.settings)
        self.plain: Any = build_from_crawler(load_object(PLAIN_HANDLER), crawler)
        self._browser: BrowserDownloadHandler | None = None
        self._starting = asyncio.Lock()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RenderDownloadHandler:
        return cls(crawler)

    async def download_request(self, request: Request) -> Response:
        if not request.meta.get("playwright"):
            response: Response = await self.plain.download_request(request)
            return response
        browser = await self.browser()
        assert self.crawler.stats is not None
        self.crawler.stats.inc_value("newscrawl/render/rendered")
        rendered: Response = await browser.download_request(request)
        return rendered

    async def browser(self) -> BrowserDownloadHandler:
        """scrapy-playwright's handler, created and started on first use."""
        async with self._starting:
            if self._browser is None:
                from newscrawl.render.browser import start_browser_handler

                self._browser = await start_browser_handler(self.crawler, self.config)
        return self._browser

    async def close(self) -> None:
        await self.plain.close()
        if self._browser is not None:
            await self._browser.close()
            # After the run report (the download handler closes when the engine has stopped):
            # DEBUG, so the report stays the last block of the log.
            logger.debug("Browser closed")
