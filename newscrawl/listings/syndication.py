"""Read RSS 2.0, RSS 1.0 (RDF) and Atom 1.0 feeds into entries, streaming and safely.

A feed names posts with a publication time (RSS ``pubDate`` in RFC 822, ``dc:date``, Atom
``published``; Atom ``updated`` is the entry's ``lastmod``). ``dc:creator`` / the Atom author is
kept in ``Entry.creator``: on an aggregator it is the site's own account, never an author.
"""

from __future__ import annotations

from dataclasses import dataclass

import lxml.etree

from newscrawl.listings.entry import (
    Entry,
    absolute_http_url,
    parse_publication,
    parse_rfc822,
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

__all__ = ["Feed", "read_feed"]

_ATOM = "http://www.w3.org/2005/Atom"
_DC = "http://purl.org/dc/elements/1.1/"
_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
# Root element -> (entry element, the elements an entry sits in).
_SHAPES = {
    "rss": ("item", frozenset({"channel"})),
    "RDF": ("item", frozenset({"RDF", "channel"})),
    "feed": ("entry", frozenset({"feed"})),
}


@dataclass(frozen=True, slots=True)
class Feed:
    """A read feed, newest first as the feed lists them.

    ``problem`` is set when the document was malformed but entries were recovered (those
    before the break), or some entries had no usable link.
    """

    entries: tuple[Entry, ...]
    problem: ListingError | None = None


def read_feed(body: bytes, url: str, *, max_size: int = 0, warn_size: int = 0) -> Feed:
    """Read the feed ``body`` fetched from ``url`` (gzip or not, at most ``max_size`` bytes;
    a gzip expanding past ``warn_size`` logs a warning, see :func:`.safexml.listing_body`).

    Raises :class:`ListingError` when nothing can be read (entities declared, gzip bomb, HTML).

    >>> rss = b'''<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel>
    ... <item><title>Peleg: "We deserved it"</title><link>https://h/2022/01/13/peleg/</link>
    ... <dc:creator><![CDATA[Digest Desk]]></dc:creator>
    ... <pubDate>Thu, 13 Jan 2022 17:11:59 +0000</pubDate>
    ... <guid isPermaLink="false">https://h/?p=1664</guid></item></channel></rss>'''
    >>> item = read_feed(rss, "https://h/feed/").entries[0]
    >>> item.url, item.guid, item.creator, item.published.isoformat()
    ('https://h/2022/01/13/peleg/', 'https://h/?p=1664', 'Digest Desk', '2022-01-13T17:11:59+00:00')
    >>> atom = b'''<feed xmlns="http://www.w3.org/2005/Atom">
    ... <entry><title type="html">A &amp; B</title>
    ... <link rel="alternate" href="/a/"/><id>urn:x:1</id><author><name>Desk</name></author>
    ... <published>2022-01-10T20:59:44-05:00</published><updated>2022-01-11T08:00:00Z</updated>
    ... </entry></feed>'''
    >>> entry = read_feed(atom, "https://h/feed.atom").entries[0]
    >>> entry.url, entry.title, entry.creator, entry.published.isoformat(), entry.lastmod.hour
    ('https://h/a/', 'A & B', 'Desk', '2022-01-11T01:59:44+00:00', 8)
    """
    document = listing_body(body, max_size=max_size, warn_size=warn_size, url=url)
    if not looks_like_xml(document):
        raise ListingError("not_xml", "the document does not start with markup")
    reader, root = open_document(document)
    kind = local_name(root)
    if kind not in _SHAPES:
        raise ListingError("wrong_root", f"root element <{kind}>, not an RSS or Atom feed")
    entry_name, containers = _SHAPES[kind]
    read = _atom_entry if kind == "feed" else _rss_item
    entries: list[Entry] = []
    unusable = unexpanded = 0
    broken: ListingError | None = None
    last_made = False  # the last entry element read became the last entry
    try:
        for event, element in reader:
            if event != "end" or local_name(element) != entry_name:
                continue
            parent = element.getparent()
            if parent is None or local_name(parent) not in containers:
                continue
            cut_short = has_entity_references(element)
            entry = None if cut_short else read(element, url)
            last_made = entry is not None
            if cut_short:
                unexpanded += 1
            elif entry is None:
                unusable += 1
            else:
                entries.append(entry)
            element.clear()
            while element.getprevious() is not None:
                del parent[0]
    except lxml.etree.XMLSyntaxError as exc:
        broken = ListingError("malformed", str(exc))
    problem = broken or parse_problem(reader) or unexpanded_problem(unexpanded)
    if problem is not None and last_made and ends_inside(document, frozenset({kind, entry_name})):
        entries.pop()  # cut off inside its last entry: that one is incomplete
    if problem is None and unusable:
        problem = ListingError("malformed", f"{unusable} entries without an http(s) link")
    return Feed(tuple(entries), problem)


def _text(element: lxml.etree._Element | None) -> str | None:
    if element is None:
        return None
    text = " ".join("".join(element.itertext()).split())
    return text or None


def _rss_item(item: lxml.etree._Element, base: str) -> Entry | None:
    fields: dict[str, lxml.etree._Element] = {}
    for child in item:
        name = local_name(child)
        if not name:
            continue
        namespace = lxml.etree.QName(child).namespace
        key = f"dc:{name}" if namespace == _DC else name if namespace != _ATOM else f"atom:{name}"
        fields.setdefault(key, child)
    guid = fields.get("guid")
    guid_text = _text(guid)
    permalink = guid is not None and guid.get("isPermaLink", "true").strip().lower() != "false"
    url = absolute_http_url(_text(fields.get("link")), base)
    if url is None and permalink:
        url = absolute_http_url(guid_text, base)
    if url is None:
        url = absolute_http_url(item.get(f"{{{_RDF}}}about"), base)
    if url is None:
        return None
    lastmod = parse_w3c_datetime(_text(fields.get("atom:updated")), day_only_as_latest=True)
    published = parse_rfc822(_text(fields.get("pubDate")))
    if published is None:
        published, lastmod = parse_publication(_text(fields.get("dc:date")), lastmod)
    return Entry(
        url=url,
        published=published,
        lastmod=lastmod,
        title=_text(fields.get("title")),
        guid=guid_text,
        creator=_text(fields.get("dc:creator")) or _text(fields.get("author")),
    )


def _atom_entry(entry: lxml.etree._Element, base: str) -> Entry | None:
    def child(name: str) -> lxml.etree._Element | None:
        return entry.find(f"{{{_ATOM}}}{name}")

    links = entry.findall(f"{{{_ATOM}}}link")
    alternate = [link for link in links if link.get("rel", "alternate") == "alternate"]
    url = None
    for link in alternate or links:
        url = absolute_http_url(link.get("href"), base)
        if url:
            break
    if url is None:
        return None
    author = child("author")
    published, lastmod = parse_publication(
        _text(child("published")),
        parse_w3c_datetime(_text(child("updated")), day_only_as_latest=True),
    )
    return Entry(
        url=url,
        published=published,
        lastmod=lastmod,
        title=_text(child("title")),
        guid=_text(child("id")),
        creator=_text(author.find(f"{{{_ATOM}}}name")) if author is not None else None,
    )
