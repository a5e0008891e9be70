"""Feed URI parameters: ``%(newscrawl_output_dir)s`` in a ``FEEDS`` key, from the settings."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from scrapy import Spider


def uri_params(params: dict[str, Any], spider: Spider) -> dict[str, Any]:
    """Add ``newscrawl_output_dir``: ``NEWSCRAWL_OUTPUT_DIR`` as an absolute path, no final slash.

    Read when a feed opens, so ``-s NEWSCRAWL_OUTPUT_DIR=...`` (Scrapyd: ``setting=...``) counts.

    >>> from scrapy.utils.test import get_crawler
    >>> crawler = get_crawler(Spider, {"NEWSCRAWL_OUTPUT_DIR": "/srv/feeds/"})
    >>> spider = Spider.from_crawler(crawler, name="limitedtimes")
    >>> uri_params({"name": "limitedtimes"}, spider)["newscrawl_output_dir"]
    '/srv/feeds'
    """
    folder = spider.crawler.settings.get("NEWSCRAWL_OUTPUT_DIR") or "output"
    return {**params, "newscrawl_output_dir": str(Path(folder).expanduser().resolve())}
