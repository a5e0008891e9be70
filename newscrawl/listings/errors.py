"""The one error of the listings layer, and the one place that counts and logs it."""

from __future__ import annotations

import logging
from typing import Protocol

__all__ = ["REASONS", "ListingError", "StatsLike", "report", "stats_key"]

logger = logging.getLogger(__name__)

#: Why a listing document (sitemap, feed) was refused or only partly read.
REASONS = {
    "malformed": "not well-formed XML (entries before the break are kept)",
    "entities": "declares XML entities (billion laughs, external entities): refused unread",
    "too_large": "larger than the size limit",
    "gzip_bomb": "gzip that expands past the size limit",
    "bad_gzip": "gzip data that cannot be decompressed",
    "not_xml": "not an XML document",
    "wrong_root": "XML, but not the expected kind of document",
}


class ListingError(ValueError):
    """A sitemap or feed that could not be read, or only partly.

    >>> str(ListingError("entities", "declares entity 'lol'"))
    "entities: declares entity 'lol'"
    >>> ListingError("nonsense", "x")
    Traceback (most recent call last):
    ...
    ValueError: unknown listing error reason 'nonsense'
    """

    def __init__(self, reason: str, detail: str) -> None:
        if reason not in REASONS:
            raise ValueError(f"unknown listing error reason {reason!r}")
        super().__init__(f"{reason}: {detail}")
        self.reason = reason
        self.detail = detail


class StatsLike(Protocol):
    """What :func:`report` needs of a Scrapy stats collector."""

    def inc_value(self, key: str, count: int = 1, start: int = 0) -> None: ...


def stats_key(error: ListingError) -> str:
    """The stats key counting documents that failed for ``error``'s reason.

    >>> stats_key(ListingError("gzip_bomb", "expands past 16 MiB"))
    'newscrawl/listings/invalid/gzip_bomb'
    """
    return f"newscrawl/listings/invalid/{error.reason}"


def report(stats: StatsLike | None, url: str, error: ListingError) -> None:
    """Count ``error`` in ``stats`` and log one WARNING line naming ``url`` (no traceback)."""
    if stats is not None:
        stats.inc_value(stats_key(error))
    logger.warning("Listing %s: %s", url, error)
