"""Read sitemaps: url sets, sitemap indexes, Google News sitemaps, and the other forms allowed.

Built on Scrapy's streaming :class:`scrapy.utils.sitemap.Sitemap` (which clears each ``<url>``
as it goes), extended to keep the Google News fields it drops (``news:publication_date``,
``news:title``). The sitemaps.org protocol also accepts an RSS/Atom feed or a plain-text list
of URLs as a sitemap; both are read as a url set.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

import lxml.etree
from scrapy.utils import sitemap as scrapy_sitemap

from newscrawl.listings.entry import (
    Entry,
    absolute_http_url,
    parse_publication,
    parse_w3c_datetime,
)
from newscrawl.listings.errors import ListingError
from newscrawl.listings.safexml import (
    ends_inside,
    has_entity_references,
    listing_body,
    local_name,
    looks_like_xml,
    open_document,
    parse_problem,
    unexpanded_problem,
)
from newscrawl.listings.syndication import read_feed

__all__ = ["Sitemap", "read_sitemap"]

_NEWS = "newscrawl:news"  # key of the Google News fields in Scrapy's entry dicts
_FEED_ROOTS = frozenset({"rss", "feed", "RDF"})


@dataclass(frozen=True, slots=True)
class Sitemap:
    """A read sitemap. For an index, each entry's URL is a child sitemap (with its lastmod).

    ``problem`` is set when the document was malformed but entries were recovered (those
    before the break), or some entries had no usable URL.
    """

    kind: Literal["urlset", "sitemapindex"]
    entries: tuple[Entry, ...]
    problem: ListingError | None = None


class _ScrapySitemap(scrapy_sitemap.Sitemap):
    """Scrapy's reader, keeping the ``<news:news>`` children it would clear unread, and
    dropping (and counting) entries whose text an unexpanded entity would cut short."""

    unexpanded = 0
    #: Whether the last ``<url>``/``<sitemap>`` read was passed on (not dropped).
    last_kept = False
    #: False when the document holds no "&" at all: then no entity can cut an entry short.
    may_cut = True
    #: False when the document never says "news": then no entry has a <news:news> block.
    may_have_news = True

    def _process_sitemap_element(self, elem: lxml.etree._Element) -> dict[str, Any] | None:
        news = _news_fields(elem) if self.may_have_news else {}
        cut_short = self.may_cut and has_entity_references(elem)
        entry = super()._process_sitemap_element(elem)  # also clears elem
        if cut_short:
            self.unexpanded += 1
            entry = None
        if entry is not None and news:
            entry[_NEWS] = news
        self.last_kept = entry is not None
        return entry


def _news_fields(url_element: lxml.etree._Element) -> dict[str, str]:
    # <news:news><news:publication>...</news:publication><news:publication_date>...
    news = url_element.find("{*}news")
    if news is not None:
        return {
            "publication_date": news.findtext("{*}publication_date", ""),
            "title": news.findtext("{*}title", ""),
        }
    # A prefix without its xmlns declaration leaves "news:title" as the tag.
    for child in url_element:
        if local_name(child).endswith(":news"):
            return {local_name(field).rpartition(":")[2]: field.text or "" for field in child}
    return {}


def read_sitemap(body: bytes, url: str, *, max_size: int = 0, warn_size: int = 0) -> Sitemap:
    """Read the sitemap ``body`` fetched from ``url`` (gzip or not, at most ``max_size`` bytes;
    a gzip expanding past ``warn_size`` logs a warning, see :func:`.safexml.listing_body`).

    Raises :class:`ListingError` when nothing can be read: entities declared, a gzip bomb,
    HTML or another XML document where a sitemap was expected.

    >>> doc = b'''<?xml version="1.0" encoding="UTF-8"?>
    ... <urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
    ...         xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
    ... <url><loc>/2022/01/13/peleg/</loc><news:news>
    ...   <news:publication><news:name>Press Digest</news:name></news:publication>
    ...   <news:publication_date>2022-01-13T12:11:59-05:00</news:publication_date>
    ...   <news:title>Peleg: "We deserved the victory"</news:title></news:news></url>
    ... </urlset>'''
    >>> sitemap = read_sitemap(doc, "http://127.0.0.1:8000/news-sitemap.xml")
    >>> sitemap.kind, sitemap.problem
    ('urlset', None)
    >>> entry = sitemap.entries[0]
    >>> entry.url, entry.published.isoformat()
    ('http://127.0.0.1:8000/2022/01/13/peleg/', '2022-01-13T17:11:59+00:00')
    >>> entry.title
    'Peleg: "We deserved the victory"'
    >>> read_sitemap(b"<html><body>Not found</body></html>", "http://h/sitemap.xml")
    Traceback (most recent call last):
    ...
    newscrawl.listings.errors.ListingError: wrong_root: root element <html>, not a sitemap
    """
    document = listing_body(body, max_size=max_size, warn_size=warn_size, url=url)
    if not looks_like_xml(document):
        return Sitemap("urlset", _text_sitemap(document, url))
    # The root and the DTD first (entities are refused before Scrapy's reader sees anything).
    kind = local_name(open_document(document)[1])
    if kind in _FEED_ROOTS:
        feed = read_feed(document, url)
        return Sitemap("urlset", feed.entries, feed.problem)
    if kind not in ("urlset", "sitemapindex"):
        raise ListingError("wrong_root", f"root element <{kind}>, not a sitemap")
    reader = _ScrapySitemap(document)
    # Byte scans (C speed) that spare the per-entry checks on the common post sitemap; they
    # only see ASCII-compatible encodings (UTF-16 and UTF-32 start with a BOM or a NUL byte).
    wide = document[:2] in (b"\xff\xfe", b"\xfe\xff") or b"\x00" in document[:4]
    reader.may_cut = wide or b"&" in document
    reader.may_have_news = wide or b"news" in document
    entries: list[Entry] = []
    unusable = 0
    broken: ListingError | None = None
    last_made = False  # the last element read became the last entry
    try:
        for fields in reader:
            entry = _entry(fields, url)
            last_made = entry is not None
            if entry is None:
                unusable += 1
            else:
                entries.append(entry)
    except lxml.etree.XMLSyntaxError as exc:  # recover mode rarely gives up, but may
        broken = ListingError("malformed", str(exc))
    problem = broken or parse_problem(reader.xmliter) or unexpanded_problem(reader.unexpanded)
    cut_off = problem is not None and ends_inside(document, frozenset({kind, "url", "sitemap"}))
    if cut_off and reader.last_kept and last_made:
        entries.pop()  # cut off inside its last entry: that one is incomplete
    if problem is None and unusable:
        problem = ListingError("malformed", f"{unusable} entries without an http(s) <loc>")
    return Sitemap(kind, tuple(entries), problem)  # type: ignore[arg-type]


def _entry(fields: dict[str, Any], base: str) -> Entry | None:
    url = absolute_http_url(fields.get("loc"), base)
    if url is None:
        return None
    lastmod = parse_w3c_datetime(fields.get("lastmod"), day_only_as_latest=True)
    if _NEWS not in fields and "alternate" not in fields:
        return Entry(url, lastmod)  # a post sitemap's entry: the common case, kept fast
    news: dict[str, str] = fields.get(_NEWS, {})
    published, lastmod = parse_publication(news.get("publication_date"), lastmod)
    alternates = (absolute_http_url(href, base) for href in fields.get("alternate", ()))
    return Entry(
        url=url,
        lastmod=lastmod,
        published=published,
        title=" ".join(news.get("title", "").split()) or None,
        alternates=tuple(a for a in alternates if a and a != url),
    )


def _text_sitemap(document: bytes, base: str) -> tuple[Entry, ...]:
    """A text sitemap: one URL a line, UTF-8 (sitemaps.org, "Text file").

    >>> [e.url for e in _text_sitemap(b"http://h/a\\n\\nhttp://h/b\\n", "http://h/s.txt")]
    ['http://h/a', 'http://h/b']
    >>> _text_sitemap(b"User-agent: *", "http://h/s.txt")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    newscrawl.listings.errors.ListingError: not_xml: neither XML nor a list of URLs (line 1: ...)
    """
    try:
        lines = document.decode("utf-8").splitlines()
    except UnicodeDecodeError as exc:
        raise ListingError("not_xml", "neither XML nor UTF-8 text") from exc
    entries = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        url = absolute_http_url(line, base) if "://" in line else None
        if url is None:
            raise ListingError(
                "not_xml", f"neither XML nor a list of URLs (line {number}: {line[:60]!r})"
            )
        entries.append(Entry(url))
    if not entries:
        raise ListingError("not_xml", "an empty document")
    return tuple(entries)
