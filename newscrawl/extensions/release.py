"""Deprecated: the article release is now the crawl's scheduler, :mod:`newscrawl.frontier`.

``newscrawl.extensions.release.ArticleRelease`` named in a project's ``EXTENSIONS`` still loads,
for one release, and does nothing (the frontier, ``SCHEDULER``, holds and releases the article
requests); ``META_CARD_TIME`` and ``META_LOWER_BOUND`` are re-exported from
:mod:`newscrawl.frontier.holding`. Importing this module warns.
"""

from __future__ import annotations

import logging
import warnings

from scrapy.crawler import Crawler

from newscrawl.frontier.holding import META_CARD_TIME, META_LOWER_BOUND
from newscrawl.logs import switched_off

logger = logging.getLogger(__name__)

__all__ = ["META_CARD_TIME", "META_LOWER_BOUND", "ArticleRelease"]

warnings.warn(
    "newscrawl.extensions.release is deprecated: the article frontier is the scheduler "
    "(SCHEDULER = 'newscrawl.frontier.holding.ArticleFrontier'); remove ArticleRelease from "
    "EXTENSIONS",
    DeprecationWarning,
    stacklevel=2,
)


class ArticleRelease:
    """Deprecated alias: switched off (the frontier does its work)."""

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ArticleRelease:
        logger.warning(
            "EXTENSIONS names newscrawl.extensions.release.ArticleRelease, deprecated: the "
            "article frontier (SCHEDULER) does its work; remove it from EXTENSIONS"
        )
        raise switched_off(__name__, "deprecated, the article frontier (SCHEDULER) does its work")
