"""What a run crawls, as two settings: the site's key and the spider's validated arguments.

Components never read the spider's attributes: they learn what the run crawls from the
crawler's settings, the Scrapy way.

* ``NEWSCRAWL_SITE``: the key of the site's :class:`~newscrawl.sites.SiteProfile`, put by the
  site spider's ``update_settings`` classmethod (at ``spider`` priority); :func:`site_of` looks
  the profile up in the site registry (:func:`newscrawl.sites.all_sites`).
* ``NEWSCRAWL_CRAWL_ARGS``: the spider's arguments once validated
  (:class:`~newscrawl.args.CrawlArgs` as JSON data), put by the spider's ``from_crawler``
  (:func:`publish_args`), where Scrapy lets a spider change settings from its arguments: the
  add-ons, extensions and middlewares are built after it, and the settings frozen then.
  :func:`crawl_args_of` rebuilds the arguments.

A spider that is not a site spider (``scrapy runspider`` of another one) sets neither: both
functions then return None.
"""

from __future__ import annotations

import logging
from typing import Any

from scrapy.settings import BaseSettings

from newscrawl.args import CrawlArgs
from newscrawl.sites import SiteProfile, all_sites

logger = logging.getLogger(__name__)

#: The setting that names the crawled site (a key of :func:`newscrawl.sites.all_sites`).
SITE_SETTING = "NEWSCRAWL_SITE"
#: The setting that holds the spider's validated arguments, as JSON data.
ARGS_SETTING = "NEWSCRAWL_CRAWL_ARGS"


def declare_site(settings: BaseSettings, site: SiteProfile) -> None:
    """Name the crawled site in the settings (a site spider's ``update_settings``).

    >>> from scrapy.settings import Settings
    >>> from newscrawl.sites import all_sites
    >>> settings = Settings(); declare_site(settings, all_sites()["limitedtimes"])
    >>> site_of(settings).key
    'limitedtimes'
    """
    settings.set(SITE_SETTING, site.key, priority="spider")


def site_of(settings: BaseSettings) -> SiteProfile | None:
    """The profile of the crawled site, None when the spider declares none.

    >>> from scrapy.settings import Settings
    >>> site_of(Settings()) is None, site_of(Settings({"NEWSCRAWL_SITE": "nosuchsite"})) is None
    (True, True)
    """
    key = settings.get(SITE_SETTING)
    return all_sites().get(str(key)) if key else None


def publish_args(settings: BaseSettings, args: CrawlArgs) -> None:
    """Put the validated arguments in the settings (the spider's ``from_crawler``), over any
    ``-s`` (the arguments are the command line's). Settings already frozen (a spider built by
    hand after :func:`scrapy.utils.test.get_crawler`) are left as they are, said at DEBUG.

    >>> from scrapy.settings import Settings
    >>> from newscrawl.args import parse_args
    >>> settings = Settings(); publish_args(settings, parse_args({"days": "2"}, "https://x.org"))
    >>> crawl_args_of(settings).days, crawl_args_of(settings).base_url
    (2, 'https://x.org')
    """
    if settings.frozen:
        logger.debug("Settings frozen: the crawl arguments are not published")
        return
    settings.set(ARGS_SETTING, args.model_dump(mode="json"), priority="cmdline")


def crawl_args_of(settings: BaseSettings) -> CrawlArgs | None:
    """The run's validated arguments, None when no site spider published them.

    >>> from scrapy.settings import Settings
    >>> crawl_args_of(Settings()) is None
    True
    """
    data: Any = settings.get(ARGS_SETTING)
    if not data:
        return None
    if isinstance(data, CrawlArgs):
        return data
    return CrawlArgs.model_validate(dict(settings.getdict(ARGS_SETTING)))


def base_url_of(settings: BaseSettings, default: str = "the site") -> str:
    """The base URL the run crawls (a mirror's with ``-a base_url``), for messages.

    >>> from scrapy.settings import Settings
    >>> base_url_of(Settings())
    'the site'
    """
    args = crawl_args_of(settings)
    return args.base_url if args is not None else default
