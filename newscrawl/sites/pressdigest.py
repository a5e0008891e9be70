"""Press Digest (https://pressdigest.example): a WordPress republisher (Yoast, Jetpack).

Post URL example (the day is the site's local day of publication):
https://pressdigest.example/2022/01/10/the-bank-of-israel-hikes-the-interest-rate-after-8-years/
"""

import re

from newscrawl.sites import (
    CategoryListings,
    DayArchive,
    Feeds,
    NewestPages,
    Sitemaps,
    SiteProfile,
    default_sources,
)
from newscrawl.spiders.aggregator import AggregatorSpider

SITE = SiteProfile(
    key="pressdigest",
    name="Press Digest",
    base_url="https://pressdigest.example",
    language="en",
    timezone="America/New_York",
    article_path=re.compile(r"^/(?P<date>\d{4}/\d{2}/\d{2})/(?P<slug>[a-z0-9-]+)/$"),
    article_date="%Y/%m/%d",
    dated_urls=True,  # /{yyyy}/{mm}/{dd}/{slug}/: the local day of publication
    url_layout="directories",
    listings=(
        # "Day: January 10, 2022"; a day without posts is a 404.
        DayArchive("/{day:%Y/%m/%d}/", empty_day_is_404=True),
        CategoryListings(
            "/category/{category}/",
            nav="#site-navigation a::attr(href)",
            nav_path=re.compile(r"^/category/(?P<category>[a-z0-9-]+)/$"),
        ),
        NewestPages("/"),
        Feeds("/feed/", category_path="/category/{category}/feed/"),
        Sitemaps("/robots.txt", news="/news-sitemap.xml"),
    ),
    # Posts of the listing only: the "Recent Posts" widget (aside#secondary) is not a listing.
    card="main article.post",
    card_link="h2.entry-title a::attr(href)",
    card_time="time.entry-date.published::attr(datetime)",
    # nav.post-navigation (rel=prev/next on posts) is not pagination.
    next_page="nav.pagination a.next.page-numbers::attr(href)",
    feed="main.site-main",
    title="h1.entry-title",
    # The copy's publication time, with the site's UTC offset (-05:00 / -04:00).
    aggregated_at="article time.entry-date.published::attr(datetime)",
    aggregated_at_fallbacks=("meta[property='article:published_time']::attr(content)",),
    canonical="link[rel=canonical]::attr(href)",
    block="div.entry-content",
    # The credit is the paragraph the site appends after the block: "Source link", or "Source:
    # {publisher}". Its link carries the site's rel="nofollow" and target; a link of the block
    # may carry them too, so only the block's last paragraph is looked at.
    source_link=(
        "div.entry-content > p.source > a::attr(href),"
        " div.entry-content > p:last-of-type > a[rel~=nofollow]::attr(href),"
        " div.entry-content > p:last-of-type > a[target]::attr(href)"
    ),
    source_credit_name="div.entry-content > p.source > a::text",
    block_exclude=(
        "p.source",
        "div.entry-content > p:last-of-type:has(> a[rel~=nofollow])",
        "div.entry-content > p:last-of-type:has(> a[target])",
        "div.sharedaddy",
        "div.jp-relatedposts",
    ),
    categories="span.cat-links a",
    category_link="span.cat-links a::attr(href)",
    category_link_path=re.compile(r"^/category/(?P<category>[a-z0-9-]+)/"),
    tags="span.tags-links a",
    # "by Digest Desk" (also meta author, JSON-LD author, RSS dc:creator): the site's account.
    own_account="span.byline .author ::text",
    sources=default_sources(),
)


class PressDigestSpider(AggregatorSpider):
    """Posts of Press Digest, one record per source article."""

    name = "pressdigest"
    site = SITE
