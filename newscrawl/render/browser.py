"""scrapy-playwright's download handler set up from :class:`RenderConfig` (imports playwright).

Only :mod:`newscrawl.render.handler` imports this module, when the first page needs a browser.
"""

from __future__ import annotations

import logging

from playwright.async_api import Request as PageRequest
from scrapy.crawler import Crawler
from scrapy.settings import Settings
from scrapy_playwright.handler import Config, ScrapyPlaywrightDownloadHandler

from newscrawl.render.config import RenderConfig

logger = logging.getLogger(__name__)

#: Page resources a listing needs no bytes of (card images are 404 on the replica, too).
SKIPPED_RESOURCES = frozenset({"image", "media", "font"})


def skip_heavy_resource(request: PageRequest) -> bool:
    """scrapy-playwright's ``abort_request``: images, media and fonts are not fetched."""
    return request.resource_type in SKIPPED_RESOURCES


class BrowserDownloadHandler(ScrapyPlaywrightDownloadHandler):  # type: ignore[misc]
    """scrapy-playwright's handler with newscrawl's launch options and page bound."""

    def __init__(self, crawler: Crawler, config: RenderConfig) -> None:
        super().__init__(crawler)
        settings = Settings(crawler.settings.copy_to_dict())
        for key, value in config.playwright_settings().items():
            if key == "PLAYWRIGHT_LAUNCH_OPTIONS":  # explicit PLAYWRIGHT_* launch options win
                value = {**value, **settings.getdict("PLAYWRIGHT_LAUNCH_OPTIONS")}
            settings.set(key, value, priority="cmdline")
        self.config = Config.from_settings(settings)
        self.abort_request = skip_heavy_resource


async def start_browser_handler(crawler: Crawler, config: RenderConfig) -> BrowserDownloadHandler:
    """Create the handler and start Playwright; Chromium launches with the first page.

    scrapy-playwright starts Playwright on ``engine_started``, which has long fired when the
    first page needs a browser: its ``_launch()`` (scrapy-playwright 0.0.48) is called here.
    """
    handler = BrowserDownloadHandler(crawler, config)
    await handler._launch()
    assert crawler.stats is not None
    crawler.stats.set_value("newscrawl/render/browser_started", 1)
    logger.info(
        "Browser started for pages built by JavaScript: %s (headless, at most %d pages at once)",
        config.chromium,
        config.max_pages,
    )
    return handler
