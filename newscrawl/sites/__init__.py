"""Aggregator site profiles: each site is a small declaration of URL patterns and selectors.

The shared machinery (spider, block parser, loader) reads these; adding a site is one module
here, listed in ``_MODULES``, plus its recorded pages under ``tests/fixtures``.
"""

from __future__ import annotations

import importlib
import re
from dataclasses import dataclass
from functools import cache
from urllib.parse import urlsplit

from newscrawl.sources import SourceStyle, all_sources


@dataclass(frozen=True)
class SiteProfile:
    """Where an aggregator's pages are and how to read them."""

    key: str
    name: str
    base_url: str
    #: ISO 639-1 language the aggregator publishes in.
    language: str
    #: Article page path; groups ``category``, ``date`` (YYYY-MM-DD) and ``id``.
    article_path: re.Pattern[str]
    #: Date archive page path for a day (``{day}`` is YYYY-MM-DD).
    archive_path: str
    #: Category listing path (``{category}`` is the slug).
    category_path: str
    # Listing pages.
    card: str
    card_link: str
    card_time: str
    next_page: str
    category_nav: str
    #: A listing's feed container, and the marks of a feed built by JavaScript.
    feed: str
    js_feed_marks: tuple[str, ...]
    # Article pages.
    title: str
    aggregated_at: str
    aggregated_at_fallbacks: tuple[str, ...]
    canonical: str
    block: str
    categories: str
    tags: str
    source_link: str
    source_key: str
    #: Source publishers the site republishes.
    sources: tuple[SourceStyle, ...]

    def is_article_url(self, url: str) -> bool:
        """True when ``url``'s path is an article page of this site."""
        return bool(self.article_path.match(urlsplit(url).path))

    def source_names(self) -> tuple[str, ...]:
        """Publisher display names, longest first (for stripping title suffixes)."""
        return tuple(sorted((s.name for s in self.sources), key=len, reverse=True))


_MODULES = ("limitedtimes",)


@cache
def all_sites() -> dict[str, SiteProfile]:
    """Every declared site, by key."""
    profiles = (importlib.import_module(f"{__name__}.{m}").SITE for m in _MODULES)
    return {p.key: p for p in profiles}


def site_for_url(url: str, mirrors: dict[str, str] | None = None) -> SiteProfile | None:
    """The site whose base URL (or a configured mirror base URL, ``{site key: base_url}``)
    hosts ``url``.

    >>> site_for_url("https://newsrnd.com/news/x.html").key
    'limitedtimes'
    >>> site_for_url("http://127.0.0.1:8000/a", {"limitedtimes": "http://127.0.0.1:8000"}).key
    'limitedtimes'
    >>> site_for_url("https://example.com/") is None
    True
    """
    netloc = urlsplit(url).netloc.lower()
    for site in all_sites().values():
        bases = [site.base_url, (mirrors or {}).get(site.key, "")]
        if any(b and urlsplit(b).netloc.lower() == netloc for b in bases):
            return site
    return None


def default_sources() -> tuple[SourceStyle, ...]:
    """All declared source styles (a site republishing every known source)."""
    return tuple(all_sources().values())
