"""Pure checks: was this page, fetched without a browser, meant to be built by JavaScript?"""

from __future__ import annotations

from parsel import Selector

from newscrawl.sites import SiteProfile

#: Inline scripts that carry a page's data, not metadata (JSON-LD is metadata).
_INLINE_SCRIPT = "script:not([src]):not([type='application/ld+json'])"


def built_by_javascript(page: Selector, site: SiteProfile) -> bool:
    """A listing with no cards that shows signs of client-side rendering: an empty feed
    container, or one of the site's marks (a ``noscript``, a data script).

    A listing that is simply empty ("No articles") says so in its feed, and is not one.

    >>> from newscrawl.sites.limitedtimes import SITE
    >>> js = '<section class="feed"></section><noscript>Enable JavaScript</noscript>'
    >>> built_by_javascript(Selector(js), SITE)
    True
    >>> built_by_javascript(Selector('<section class="feed"><p>No articles</p></section>'), SITE)
    False
    >>> card = '<section class="feed"><article class="card"></article></section><noscript/>'
    >>> built_by_javascript(Selector(card), SITE)
    False
    """
    if page.css(site.card):
        return False
    feed = page.css(site.feed)
    empty_feed = (
        bool(feed) and not feed.xpath("./*") and not "".join(feed.css("::text").getall()).strip()
    )
    return empty_feed or any(page.css(mark) for mark in site.js_feed_marks)


def client_rendered_article(page: Selector, site: SiteProfile) -> bool:
    """An article page with no title that ships a ``noscript`` or an inline data script.

    >>> from newscrawl.sites.limitedtimes import SITE
    >>> client_rendered_article(Selector('<main id="app"></main><script>render()</script>'), SITE)
    True
    >>> client_rendered_article(Selector('<h1 class="post-title">T</h1><script>x()</script>'), SITE)
    False
    >>> client_rendered_article(Selector('<p>Gone</p>'), SITE)
    False
    """
    if page.css(site.title):
        return False
    return bool(page.css("noscript") or page.css(_INLINE_SCRIPT))
