"""The article frontier: which article pages are fetched, in which order, and when an item may
pass deduplication.

- :mod:`newscrawl.frontier.holding`: :class:`ArticleFrontier`, the Scrapy scheduler
  (``SCHEDULER``) that holds article requests until every listing is read, releases them oldest
  card first in batches, skips pages earlier runs fetched, and follows each request through
  Scrapy's signals into the gate.
- :mod:`newscrawl.frontier.earliest`: :class:`ReleaseGate`, the unfinished article requests by
  card time that the dedup pipeline waits on, so the earliest copy of a source article wins.
- :mod:`newscrawl.frontier.tracking`: the downloader and spider middlewares that tell the gate
  what the signals do not (a download failed for good, a parse yielded no item).

The distributed frontier (:mod:`newscrawl.distributed.redisfrontier`) subclasses both.
"""

from newscrawl.frontier.earliest import ReleaseGate, instant_key
from newscrawl.frontier.holding import (
    META_CARD_TIME,
    META_LOWER_BOUND,
    META_RELEASED,
    ArticleFrontier,
    frontier_of,
    is_article,
)

__all__ = [
    "META_CARD_TIME",
    "META_LOWER_BOUND",
    "META_RELEASED",
    "ArticleFrontier",
    "ReleaseGate",
    "frontier_of",
    "instant_key",
    "is_article",
]
