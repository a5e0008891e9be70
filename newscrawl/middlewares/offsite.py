"""Off-site requests by origin: a redirect to the same host on another port is off-site too.

Scrapy's ``OffsiteMiddleware`` compares host names only, so ``http://site:8000/a`` redirected
to ``http://site:6800/`` (another service on the same machine: Scrapyd, a database's HTTP port)
would be followed. This one also refuses a redirected request whose port differs from the port
of the URL first asked for, except the plain ``http://host/`` -> ``https://host/`` upgrade (both
on their scheme's default port). Such a drop is counted as ``offsite_redirect``: for an article by
the release component (``newscrawl/pages/failed/...``), for a listing here
(``newscrawl/listings/failed/...``, with a warning), as Scrapy drops it without any callback.
"""

from __future__ import annotations

import logging
from urllib.parse import urlparse

from scrapy import Request, Spider
from scrapy.downloadermiddlewares.offsite import OffsiteMiddleware as ScrapyOffsiteMiddleware
from scrapy.exceptions import IgnoreRequest
from scrapy.utils.httpobj import urlparse_cached

logger = logging.getLogger(__name__)

DEFAULT_PORTS = {"http": 80, "https": 443}
#: The meta key of listing requests (newscrawl.spiders.aggregator.META_LISTING).
META_LISTING = "newscrawl/listing"


def _port(scheme: str, port: int | None) -> int | None:
    return port if port is not None else DEFAULT_PORTS.get(scheme)


def redirect_changes_port(request: Request) -> bool:
    """Whether ``request`` is a redirect that moved to another port than the first URL's.

    >>> hop = lambda url, first: Request(url, meta={"redirect_urls": [first]})
    >>> redirect_changes_port(hop("http://h:6800/", "http://h:8000/a"))
    True
    >>> redirect_changes_port(hop("https://h/a", "http://h/a"))  # the https upgrade
    False
    >>> redirect_changes_port(hop("http://h:8000/b", "http://h:8000/a"))
    False
    >>> redirect_changes_port(Request("http://h:6800/"))  # not a redirect
    False
    """
    hops = request.meta.get("redirect_urls")
    if not hops:
        return False
    first, now = urlparse(hops[0]), urlparse_cached(request)
    before, after = _port(first.scheme, first.port), _port(now.scheme, now.port)
    if before == after:
        return False
    upgrade = before == DEFAULT_PORTS.get(first.scheme) and after == DEFAULT_PORTS.get(now.scheme)
    return not upgrade


class OffsiteMiddleware(ScrapyOffsiteMiddleware):
    """Scrapy's host check, plus: a redirect that changes the port is off-site."""

    def should_follow(self, request: Request, spider: Spider) -> bool:
        return super().should_follow(request, spider) and not redirect_changes_port(request)

    def process_request(self, request: Request, spider: Spider | None = None) -> None:
        try:
            super().process_request(request)
        except IgnoreRequest:
            hops = request.meta.get("redirect_urls")
            if hops and META_LISTING in request.meta:
                self.stats.inc_value("newscrawl/listings/failed")
                self.stats.inc_value("newscrawl/listings/failed/offsite_redirect")
                logger.warning("Listing redirected off the site: %s -> %s", hops[0], request.url)
            raise
