"""Aggregator sites: each site is one module here, a declaration plus its spider.

A module ``newscrawl/sites/<key>.py`` declares ``SITE = SiteProfile(...)`` (URL scheme,
selectors, time zone and the listing sources it has, as objects in the Fundus way) and its
spider, a subclass of :class:`~newscrawl.spiders.aggregator.AggregatorSpider` naming the
profile. Sites are discovered by walking this package: adding one touches no shared module.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
from dataclasses import dataclass
from datetime import date, datetime, time
from functools import cache
from typing import Literal
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from newscrawl.sources import SourceStyle, all_sources

# --- listing sources: what a site has, each a small typed object ------------------------


@dataclass(frozen=True)
class DayArchive:
    """All posts of one day of the site's time zone, e.g. ``/archive/{day:%Y-%m-%d}``."""

    path: str
    #: A day without posts answers 404 (WordPress) instead of an empty page: not an error.
    empty_day_is_404: bool = False


@dataclass(frozen=True)
class CategoryListings:
    """Category listings: ``path`` formats ``{category}``; the home page's ``nav`` lists them."""

    path: str
    nav: str
    #: A nav link's path that is a category listing; group ``category`` is the slug.
    nav_path: re.Pattern[str]


@dataclass(frozen=True)
class NewestPages:
    """The home page (newest first; later pages by the site's next-page link)."""

    path: str = "/"
    #: Newest mode also reads the first page of every category listing.
    with_categories: bool = False


@dataclass(frozen=True)
class Feeds:
    """RSS/Atom feeds of the newest posts: the site's, and per category (``{category}``)."""

    path: str
    category_path: str | None = None


@dataclass(frozen=True)
class Sitemaps:
    """``robots.txt`` ``Sitemap:`` lines lead to a sitemap index; ``news`` is its Google News
    sitemap (the posts of the last hours, with their publication times)."""

    robots: str = "/robots.txt"
    news: str | None = None


ListingSource = DayArchive | CategoryListings | NewestPages | Feeds | Sitemaps
#: The spider argument ``via`` naming each kind of listing source.
VIA_NAMES: dict[type, str] = {
    DayArchive: "archive",
    CategoryListings: "categories",
    Feeds: "feeds",
    Sitemaps: "sitemap",
    NewestPages: "newest",
}


@dataclass(frozen=True)
class SiteProfile:
    """Where an aggregator's pages are and how to read them."""

    key: str
    name: str
    base_url: str
    #: ISO 639-1 language the aggregator publishes in.
    language: str
    #: The site's own time zone: day archives and ``start``/``end``/``since`` days are in it.
    timezone: str
    #: Article page path; groups ``date`` (the URL's day, parsed by ``article_date``) and,
    #: when the path names it, ``category``.
    article_path: re.Pattern[str]
    #: The listing sources the site has; the spider combines them by its arguments.
    listings: tuple[ListingSource, ...]
    #: Whether a post's URL carries its day (``article_path`` has a ``date`` group). Without
    #: one, a sitemap's ``lastmod`` is only when the post was last edited (an upper bound of
    #: its publication): such an entry is held with an unknown card time, never ``lastmod``.
    dated_urls: bool
    #: How the site's URLs name its pages: ``"directories"`` (WordPress: every page a folder
    #: URL ending in ``/``, ``/page/N/``, a 301 adds a missing ``/``) or ``"files"`` (file URLs,
    #: ``?page=N``). The dev server serves a recorded copy of the site by it.
    url_layout: Literal["files", "directories"]
    # Listing pages.
    card: str
    card_link: str
    card_time: str
    next_page: str
    #: A listing's feed container, and the marks of a feed built by JavaScript.
    feed: str
    # Article pages.
    title: str
    aggregated_at: str
    aggregated_at_fallbacks: tuple[str, ...]
    canonical: str
    #: The content container holding the source block.
    block: str
    categories: str
    tags: str
    source_link: str
    #: Source publishers the site republishes.
    sources: tuple[SourceStyle, ...]
    #: ``strptime`` format of the article path's ``date`` group.
    article_date: str = "%Y-%m-%d"
    js_feed_marks: tuple[str, ...] = ()
    #: The credit's publisher key as printed (None: the publisher comes from the link's host).
    source_key: str | None = None
    #: The credit's publisher name as printed ("Source: {name}"), if the site prints one.
    source_credit_name: str | None = None
    #: The primary category's link on an article page, and the slug in its path (when the
    #: article path does not name the category).
    category_link: str | None = None
    category_link_path: re.Pattern[str] | None = None
    #: The site's own elements inside the content container: never part of the source block
    #: (sharing widgets, related boxes, the source credit when it sits in the container).
    block_exclude: tuple[str, ...] = ()
    #: Where a post prints the site's own account (a selector): never an author or agency.
    own_account: str | None = None

    def __post_init__(self) -> None:
        if self.dated_urls != ("date" in self.article_path.groupindex):
            has = "has" if "date" in self.article_path.groupindex else "has no"
            raise ValueError(
                f"site {self.key}: dated_urls={self.dated_urls} but article_path {has} date group"
            )

    @property
    def zone(self) -> ZoneInfo:
        """The site's time zone."""
        return ZoneInfo(self.timezone)

    def listing(self, kind: type[ListingSource]) -> ListingSource | None:
        """The site's listing source of that kind, if it has one."""
        return next((s for s in self.listings if isinstance(s, kind)), None)

    def listing_names(self) -> tuple[str, ...]:
        """The ``via`` names of the listing sources the site has.

        >>> all_sites()["limitedtimes"].listing_names()
        ('archive', 'categories', 'newest')
        """
        return tuple(VIA_NAMES[type(source)] for source in self.listings)

    def is_article_url(self, url: str) -> bool:
        """True when ``url``'s path is an article page of this site."""
        return bool(self.article_path.match(urlsplit(url).path))

    def url_day_start(self, url: str) -> datetime | None:
        """Midnight (site time) of the day in an article URL: no post is older than that.

        >>> SITE = all_sites()["limitedtimes"]
        >>> SITE.url_day_start("https://newsrnd.com/news/2022-01-10-x.HJx2HyMD3F.html").isoformat()
        '2022-01-10T00:00:00+00:00'
        """
        match = self.article_path.match(urlsplit(url).path)
        if not match or "date" not in match.groupdict():
            return None
        try:
            day = datetime.strptime(match.group("date"), self.article_date).date()
        except ValueError:
            return None
        return datetime.combine(day, time(), self.zone)

    def local_day(self, moment: datetime) -> date:
        """The site's calendar day of an aware instant."""
        return moment.astimezone(self.zone).date()

    def source_names(self) -> tuple[str, ...]:
        """Publisher display names, longest first (for stripping title suffixes)."""
        return tuple(sorted((s.name for s in self.sources), key=len, reverse=True))


@cache
def all_sites() -> dict[str, SiteProfile]:
    """Every declared site, by key: each module of this package with a ``SITE``."""
    sites = {}
    for module in pkgutil.iter_modules(__path__):
        profile = getattr(importlib.import_module(f"{__name__}.{module.name}"), "SITE", None)
        if isinstance(profile, SiteProfile):
            sites[profile.key] = profile
    return sites


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
