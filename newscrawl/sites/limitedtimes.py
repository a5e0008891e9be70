"""The Limited Times (https://newsrnd.com): machine-translated copies of many publishers.

Article URL example:
https://newsrnd.com/news/2022-01-10-putin-we-have-won-a-victory-in-kazakhstan.HJx2HyMD3F.html
"""

import re

from newscrawl.sites import CategoryListings, DayArchive, NewestPages, SiteProfile, default_sources
from newscrawl.spiders.aggregator import AggregatorSpider

SITE = SiteProfile(
    key="limitedtimes",
    name="The Limited Times",
    base_url="https://newsrnd.com",
    language="en",
    # Archive days and the dates in article URLs are UTC days.
    timezone="UTC",
    article_path=re.compile(
        r"^/(?P<category>[a-z0-9-]+)/(?P<date>\d{4}-\d{2}-\d{2})-[a-z0-9-]*\.(?P<id>[A-Za-z0-9_-]{9,10})\.html$"
    ),
    dated_urls=True,  # /{category}/{YYYY-MM-DD}-{slug}.{id}.html: the UTC day
    url_layout="files",  # ?page=N
    listings=(
        DayArchive("/archive/{day:%Y-%m-%d}"),
        CategoryListings(
            "/{category}",
            nav="nav.main-nav a:not(.search)::attr(href)",
            nav_path=re.compile(r"^/(?P<category>[a-z0-9-]+)/?$"),
        ),
        NewestPages("/", with_categories=True),
    ),
    card="section.feed article.card",
    card_link="a.card-link::attr(href)",
    card_time="time::attr(datetime)",
    next_page="nav.pagination a[rel=next]::attr(href), link[rel=next]::attr(href)",
    feed="section.feed",
    js_feed_marks=("noscript", "script#feed-data"),
    title="h1.post-title",
    aggregated_at="time.post-date::attr(datetime)",
    aggregated_at_fallbacks=("meta[property='article:published_time']::attr(content)",),
    canonical="link[rel=canonical]::attr(href)",
    block="div.post-content",
    categories="ul.post-categories > li",
    tags="div.post-tags li",
    source_link="div.post-source a::attr(href)",
    source_key="div.post-source a::text",
    sources=default_sources(),
)


class LimitedTimesSpider(AggregatorSpider):
    """Articles of The Limited Times, one record per source article."""

    name = "limitedtimes"
    site = SITE
