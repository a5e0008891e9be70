"""The Limited Times (https://newsrnd.com) spider: ``scrapy crawl limitedtimes``."""

from newscrawl.sites.limitedtimes import SITE
from newscrawl.spiders.aggregator import AggregatorSpider


class LimitedTimesSpider(AggregatorSpider):
    """Articles of The Limited Times, one record per source article."""

    name = "limitedtimes"
    site = SITE
