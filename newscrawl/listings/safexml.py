"""Safe reading of listing XML: gzip with a size cap, no entities, no DTD, no network.

Every listing document goes through :func:`listing_body` (gzip by its magic bytes, as
:class:`scrapy.spiders.SitemapSpider` does, capped like ``DOWNLOAD_MAXSIZE``) and is parsed
streaming by :func:`iterparse` with lxml's safe options. A document that declares entities
(billion laughs, external entities to a local file or URL) is refused before any entry is read:
no listing format needs them. Malformed documents are read in lxml's recover mode (as Scrapy
reads sitemaps); :func:`parse_problem` then says what was wrong.
"""

from __future__ import annotations

import logging
import re
import struct
import zlib
from io import BytesIO

import lxml.etree
from scrapy.utils.gz import gunzip

from newscrawl.listings.errors import ListingError

logger = logging.getLogger(__name__)

__all__ = [
    "GZIP_MAGIC",
    "SITEMAP_MAX_BYTES",
    "check_no_entities",
    "ends_inside",
    "has_entity_references",
    "iterparse",
    "listing_body",
    "local_name",
    "looks_like_xml",
    "open_document",
    "parse_problem",
    "unexpanded_problem",
]

GZIP_MAGIC = b"\x1f\x8b\x08"
#: The sitemap protocol's limit on an uncompressed sitemap (sitemaps.org: 50 MB, 50,000 URLs).
SITEMAP_MAX_BYTES = 50 * 1024 * 1024
_BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")


def listing_body(body: bytes, *, max_size: int = 0, warn_size: int = 0, url: str = "") -> bytes:
    """The document in ``body``: gunzipped when it is gzip, at most ``max_size`` bytes (0: no cap).

    As :class:`scrapy.spiders.SitemapSpider` does with ``DOWNLOAD_WARNSIZE``, a gzip that
    expands past ``warn_size`` (0: never) logs one warning naming ``url``.

    >>> import gzip
    >>> listing_body(gzip.compress(b"<urlset/>"))
    b'<urlset/>'
    >>> listing_body(gzip.compress(b" " * 5000), max_size=1000)
    Traceback (most recent call last):
    ...
    newscrawl.listings.errors.ListingError: gzip_bomb: 41 B of gzip expand past the limit of 1000 B
    >>> listing_body(b"<urlset/>" * 200, max_size=1000)
    Traceback (most recent call last):
    ...
    newscrawl.listings.errors.ListingError: too_large: 1800 B, past the limit of 1000 B
    >>> listing_body(GZIP_MAGIC + b"junk")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    newscrawl.listings.errors.ListingError: bad_gzip: gzip data that cannot be decompressed (...)
    """
    if body[:3] == GZIP_MAGIC:
        try:
            document = gunzip(body, max_size=max_size)
        except ValueError as exc:  # scrapy's _DecompressionMaxSizeExceeded
            raise ListingError(
                "gzip_bomb", f"{len(body)} B of gzip expand past the limit of {max_size} B"
            ) from exc
        except (OSError, EOFError, struct.error, zlib.error) as exc:
            raise ListingError(
                "bad_gzip", f"gzip data that cannot be decompressed ({type(exc).__name__})"
            ) from exc
        if len(body) < warn_size <= len(document):
            logger.warning(
                "Listing %s: %d B after decompression, past the warning size of %d B",
                url,
                len(document),
                warn_size,
            )
        return document
    if max_size and len(body) > max_size:
        raise ListingError("too_large", f"{len(body)} B, past the limit of {max_size} B")
    return body


def looks_like_xml(body: bytes) -> bool:
    """True when ``body`` starts (after a byte order mark and blanks) with markup.

    >>> looks_like_xml(b"\\xef\\xbb\\xbf <?xml version='1.0'?><rss/>")
    True
    >>> looks_like_xml(b"User-agent: *")
    False
    """
    for bom in _BOMS:
        if body.startswith(bom):
            return bom == _BOMS[0] and body[3:].lstrip()[:1] == b"<" or bom != _BOMS[0]
    return body.lstrip()[:1] == b"<"


def iterparse(body: bytes) -> lxml.etree.iterparse:
    """A streaming ``(event, element)`` reader over ``body`` with the safe options.

    Entities are not resolved, no DTD is loaded, nothing is fetched, and libxml2's limits on
    huge documents stay on. The same options as :class:`scrapy.utils.sitemap.Sitemap`, plus
    the explicit ``load_dtd``/``no_network``/``huge_tree`` defaults, written out because they
    are the point.
    """
    return lxml.etree.iterparse(
        BytesIO(body),
        events=("start", "end"),
        recover=True,
        resolve_entities=False,
        load_dtd=False,
        no_network=True,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
        remove_blank_text=True,
        collect_ids=False,
    )


def check_no_entities(root: lxml.etree._Element) -> None:
    """Raise ``ListingError("entities")`` when the document of ``root`` declares any entity.

    >>> doc = b'<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>'
    >>> try:
    ...     check_no_entities(next(iterparse(doc))[1])
    ... except ListingError as error:
    ...     print(error.detail)
    declares 1 entity (e, external file:///etc/passwd); refused unread
    >>> check_no_entities(next(iterparse(b"<!DOCTYPE html><x/>"))[1])
    """
    dtd = root.getroottree().docinfo.internalDTD
    if dtd is None:
        return
    declared = list(dtd.iterentities())
    if not declared:
        return
    described = []
    for entity in declared[:3]:
        target = entity.system_url
        described.append(f"{entity.name}, external {target}" if target else str(entity.name))
    more = ", ..." if len(declared) > 3 else ""
    plural = "y" if len(declared) == 1 else "ies"
    raise ListingError(
        "entities",
        f"declares {len(declared)} entit{plural} ({'; '.join(described)}{more}); refused unread",
    )


def open_document(document: bytes) -> tuple[lxml.etree.iterparse, lxml.etree._Element]:
    """A reader over ``document`` and its root element, read as far as the root's start tag.

    Raises ``ListingError`` when there is no element, or entities are declared.

    >>> open_document(b"no markup here")
    Traceback (most recent call last):
    ...
    newscrawl.listings.errors.ListingError: not_xml: no XML element in the document
    """
    reader = iterparse(document)
    try:
        _, root = next(reader)
    except (lxml.etree.XMLSyntaxError, StopIteration) as exc:
        raise ListingError("not_xml", "no XML element in the document") from exc
    check_no_entities(root)
    return reader, root


def has_entity_references(element: lxml.etree._Element) -> bool:
    """True when ``element`` holds an entity reference left unexpanded (one declared in an
    external DTD, which is never loaded): its text would be silently cut at the reference.

    >>> reader = iterparse(b'<!DOCTYPE x SYSTEM "x.dtd"><x><loc>http://h/&e;</loc></x>')
    >>> [has_entity_references(el) for event, el in reader if event == "end"]
    [True, True]
    """
    return next(element.iter(lxml.etree.Entity), None) is not None


def unexpanded_problem(count: int) -> ListingError | None:
    """``ListingError("entities")`` for ``count`` entries dropped by
    :func:`has_entity_references`, or None."""
    if not count:
        return None
    return ListingError(
        "entities", f"{count} entries dropped: they use entities that are never expanded"
    )


def parse_problem(reader: lxml.etree.iterparse) -> ListingError | None:
    """The first error the parser recovered from, as ``ListingError("malformed")``, or None."""
    errors = [e for e in reader.error_log if e.level >= lxml.etree.ErrorLevels.ERROR]
    if not errors:
        return None
    first = errors[0]
    more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
    return ListingError(
        "malformed", f"line {first.line} column {first.column}: {first.message.strip()}{more}"
    )


_LAST_CLOSE = re.compile(rb"</\s*(?:[\w.-]+:)?([\w.-]+)\s*>\s*\Z")


def ends_inside(body: bytes, names: frozenset[str]) -> bool:
    """True when ``body`` is cut off: it does not end with the closing tag of one of ``names``
    (the root's or an entry's), so its last recovered entry is incomplete.

    >>> names = frozenset({"urlset", "url"})
    >>> ends_inside(b"<urlset><url><loc>http://a/</loc></url>", names)
    False
    >>> ends_inside(b"<urlset><url><loc>http://a/</loc></url><url><loc>http://b", names)
    True
    >>> ends_inside(b"<s:urlset><s:url><s:loc>http://a/</s:loc>", frozenset({"urlset", "url"}))
    True
    """
    match = _LAST_CLOSE.search(body[-512:])
    return match is None or match.group(1).decode("ascii", "replace") not in names


def local_name(element: lxml.etree._Element) -> str:
    """An element's tag without its namespace (``""`` for comments and entities).

    >>> local_name(lxml.etree.fromstring(b'<a:b xmlns:a="urn:x"/>'))
    'b'
    """
    tag = element.tag
    if not isinstance(tag, str):
        return ""
    return tag.rpartition("}")[2]
