"""Read an aggregator article page into an Article, using the site's declaration.

Shared by the crawl (:mod:`newscrawl.spiders.aggregator`) and ``scrapy extract``.
"""

from __future__ import annotations

from datetime import UTC, datetime
from urllib.parse import urlsplit

from scrapy.selector import Selector

from newscrawl.extract.block import BlockParts, parse_block
from newscrawl.extract.block_body import body_paragraphs
from newscrawl.items import Article
from newscrawl.loaders import (
    ArticleLoader,
    own_names_in,
    publisher_suffix,
    strip_publisher_suffix,
)
from newscrawl.normalize.bylines import parse_byline
from newscrawl.normalize.dates import parse_date_lines, parse_iso_instant, to_iso_z
from newscrawl.normalize.text import clean_text, decode_html, word_count
from newscrawl.normalize.urls import (
    canonical_source_url,
    edition_labels,
    query_names_article,
    registrable_label,
)
from newscrawl.sites import SiteProfile
from newscrawl.sources import SourceStyle, source_by_key, source_for_url, undeclared_source


class NotAnArticle(ValueError):
    """The page lacks what every article page of the site has (title, block)."""


def source_url_for(link: str, style: SourceStyle | None) -> str:
    """The canonical source URL: a declared style's host rules, or the generic ones (an
    undeclared publisher's too: the READMEs' canonical form has no query, unless the query is
    what names the article, ``/view.php?id=123``: two articles must not become one)."""
    if style is None:
        return canonical_source_url(link, drop_query=False)
    if not style.declared:
        return canonical_source_url(link, drop_query=not query_names_article(link))
    aliases = dict(style.host_aliases)
    host = (urlsplit(link).hostname or "").lower()
    if host not in aliases and style.main_host and host != style.main_host:
        # m.X, amp.X and the bare domain all lead to the main host.
        aliases[host] = style.main_host
    return canonical_source_url(link, host_aliases=aliases, trailing_slash=style.trailing_slash)


def site_canonical(canonical: str | None, url: str, site: SiteProfile) -> str | None:
    """The page's ``rel=canonical`` at the site's own origin: a mirror or replay proxy that
    serves the site at another origin rewrites the page's absolute links to its own (Press
    Digest's README), and the same post must keep one canonical URL, one key across runs,
    whichever origin served it.

    >>> from newscrawl.sites import all_sites
    >>> press, times = all_sites()["pressdigest"], all_sites()["limitedtimes"]
    >>> site_canonical("http://127.0.0.1:8000/2022/01/10/a/", "http://127.0.0.1:8000/x", press)
    'https://pressdigest.example/2022/01/10/a/'
    >>> site_canonical("https://newsrnd.com/a.html", "http://127.0.0.1:8000/a.html", times)
    'https://newsrnd.com/a.html'
    """
    if not canonical:
        return canonical
    page, served, own = urlsplit(canonical), urlsplit(url), urlsplit(site.base_url)
    if (page.scheme, page.netloc) != (served.scheme, served.netloc) or not served.netloc:
        return canonical
    return page._replace(scheme=own.scheme, netloc=own.netloc).geturl()


def _category(sel: Selector, url: str, site: SiteProfile) -> str | None:
    """The primary category's slug: named by the article path, else by its category link."""
    path = site.article_path.match(urlsplit(url).path)
    if path and "category" in path.groupdict():
        return path.group("category")
    if site.category_link and site.category_link_path:
        for href in sel.css(site.category_link).getall():
            if found := site.category_link_path.match(urlsplit(href).path):
                return found.group("category")
    return None


def extract_article(
    html: str | bytes, url: str, site: SiteProfile, *, scraped_at: datetime | None = None
) -> tuple[Article, BlockParts]:
    """The Article on ``html`` (fetched from ``url``) and the parsed source block."""
    sel = Selector(text=html if isinstance(html, str) else decode_html(html))
    title_raw = clean_text(" ".join(sel.css(f"{site.title} ::text").getall()))
    block_sel = sel.css(site.block)
    if not title_raw or not block_sel:
        raise NotAnArticle(f"no {site.title!r} or {site.block!r} on the page")

    link = clean_text(sel.css(site.source_link).get(default=""))
    key = clean_text(sel.css(site.source_key).get(default="")) or None if site.source_key else None
    credit_name = (
        clean_text(sel.css(site.source_credit_name).get(default="")) or None
        if site.source_credit_name
        else None
    )
    style = source_by_key(key) or source_for_url(link)
    host = (urlsplit(link).hostname or "").lower() if link else ""
    host_name = registrable_label(host) if host else ""
    hints = [h for h in (key, host_name, *edition_labels(host)) if h]
    if link and style is None:
        # A publisher no module declares: read by the general rules, named by the page.
        headline = clean_text(" ".join(block_sel[0].css("h1 ::text").getall())) or None
        name = credit_name or publisher_suffix(title_raw, hints, headline)
        style = undeclared_source(link, key, name)
    if link and style is not None and key is None:
        key = style.key
    for widget in block_sel[0].css(", ".join(site.block_exclude)) if site.block_exclude else ():
        widget.root.drop_tree()  # the site's widgets and credit: never part of the source block
    parts = parse_block(block_sel[0].root, style if link else None)
    # A page without a source link still prints its source's dates: their format tells the
    # zone (and the source's conventions), while the record's source fields stay null. A
    # format no module declares is read only where its lines print their zone.
    block_style = (style if link else parts.detected_style) or undeclared_source(None, None, None)

    loader = ArticleLoader(selector=sel)
    loader.add_value("url", url)
    loader.add_value("canonical_url", site_canonical(sel.css(site.canonical).get(), url, site))
    loader.add_value("site", site.key)
    loader.add_value("category", _category(sel, url, site))
    loader.add_value(
        "categories",
        [clean_text(" ".join(li.css("::text").getall())) for li in sel.css(site.categories)],
    )
    loader.add_value(
        "tags", [clean_text(" ".join(li.css("::text").getall())) for li in sel.css(site.tags)]
    )
    publishers = ([style.name] if style and style.name else []) + list(site.source_names())
    loader.add_value("title", strip_publisher_suffix(title_raw, publishers))
    loader.add_value("byline", parts.byline)
    own_names = block_style.publishers
    if link and not block_style.declared and parts.byline:
        # The publisher's name after the names, where the page prints it nowhere else.
        own_names += own_names_in(parts.byline, hints)
    byline = parse_byline(
        parts.byline or "",
        own_names,
        declared=block_style.declared,
        lone_word_agency=not block_style.declared,
        language=block_style.language,
    )
    own = (
        {clean_text(n).casefold() for n in sel.css(site.own_account).getall()}
        if site.own_account
        else set()
    )
    loader.add_value("authors", [a for a in byline.authors if a.casefold() not in own])
    loader.add_value("agencies", [a for a in byline.agencies if a.casefold() not in own])
    loader.add_css("aggregated_at", site.aggregated_at)
    for css in site.aggregated_at_fallbacks:
        loader.add_css("aggregated_at", css)
    # The copy shows only times before it was made: that settles the repeated hour.
    copied = parse_iso_instant(loader.get_output_value("aggregated_at") or "")
    dates = parse_date_lines(
        parts.date_lines,
        block_style.timezone,
        dayfirst=block_style.dayfirst,
        not_after=copied,
        country=block_style.country,
        language=block_style.language or None,
    )
    parts.undeclared = not block_style.declared
    parts.zone_guessed = (
        block_style.zone_guessed and bool(dates.published) and not dates.zone_printed
    )
    loader.add_value("published_at", to_iso_z(dates.published))
    loader.add_value("modified_at", to_iso_z(dates.modified))
    loader.add_value("original_language", block_style.language or None)
    if link:
        loader.add_value("source_key", key)
        loader.add_value("source_name", style.name if style else None)
        loader.add_value("source_url", source_url_for(link, style))
    lang = sel.css("html::attr(lang)").get() or site.language
    loader.add_value("language", lang.split("-")[0].lower())
    body = body_paragraphs(parts.paragraphs, block_style)
    loader.add_value("body", "\n\n".join(body))
    loader.add_value("word_count", sum(word_count(p) for p in body))
    loader.add_value("media", parts.media)
    stamp = scraped_at or datetime.now(UTC)
    loader.add_value("scraped_at", to_iso_z(stamp))
    article = loader.load_article()
    if not article.get("aggregated_at"):  # every article page shows when it was aggregated
        raise NotAnArticle(f"no {site.aggregated_at!r} or a fallback on the page")
    return article, parts
