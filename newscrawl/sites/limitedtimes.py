"""The Limited Times (https://newsrnd.com): machine-translated copies of many publishers.

Article URL example:
https://newsrnd.com/news/2022-01-10-putin-we-have-won-a-victory-in-kazakhstan.HJx2HyMD3F.html
"""

import re

from newscrawl.sites import SiteProfile, default_sources

SITE = SiteProfile(
    key="limitedtimes",
    name="The Limited Times",
    base_url="https://newsrnd.com",
    language="en",
    article_path=re.compile(
        r"^/(?P<category>[a-z0-9-]+)/(?P<date>\d{4}-\d{2}-\d{2})-[a-z0-9-]*\.(?P<id>[A-Za-z0-9_-]{9,10})\.html$"
    ),
    archive_path="/archive/{day}",
    category_path="/{category}",
    card="section.feed article.card",
    card_link="a.card-link::attr(href)",
    card_time="time::attr(datetime)",
    next_page="nav.pagination a[rel=next]::attr(href), link[rel=next]::attr(href)",
    category_nav="nav.main-nav a::attr(href)",
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
