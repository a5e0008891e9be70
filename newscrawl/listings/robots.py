"""The sitemaps a robots.txt names (its ``Sitemap:`` lines), through Scrapy's own reader."""

from __future__ import annotations

from scrapy.utils.sitemap import sitemap_urls_from_robots

from newscrawl.listings.entry import absolute_http_url

__all__ = ["sitemap_urls"]


def sitemap_urls(body: bytes, url: str) -> list[str]:
    """The absolute http(s) sitemap URLs in the robots.txt ``body`` fetched from ``url``, once
    each, in order (relative ones joined on ``url``, other schemes dropped).

    >>> sitemap_urls(b'''User-agent: *
    ... Disallow: /wp-admin/
    ... sitemap: https://pressdigest.example/sitemap_index.xml
    ... Sitemap: /news-sitemap.xml
    ... Sitemap: /news-sitemap.xml
    ... Sitemap: ftp://elsewhere/x.xml''', "http://127.0.0.1:8000/robots.txt")
    ['https://pressdigest.example/sitemap_index.xml', 'http://127.0.0.1:8000/news-sitemap.xml']
    """
    found: dict[str, None] = {}
    for candidate in sitemap_urls_from_robots(body, base_url=url):
        absolute = absolute_http_url(candidate, url)
        if absolute:
            found.setdefault(absolute)
    return list(found)
