"""The Limited Times spider, declared with its site in :mod:`newscrawl.sites.limitedtimes`."""

from newscrawl.sites.limitedtimes import LimitedTimesSpider

__all__ = ["LimitedTimesSpider"]
