"""Page metadata for the generic extractor: JSON-LD, meta tags, microdata and ``<time>``.

Only general signals are read (schema.org JSON-LD and microdata, Open Graph and other common
meta names, ``rel=author``, class/id hints such as "byline"); nothing here knows a publisher.
"""

from __future__ import annotations

import contextlib
import html
import json
import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from functools import lru_cache
from itertools import islice
from typing import Any, NamedTuple
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from htmldate import find_date
from lxml import etree
from lxml.html import HtmlElement

from newscrawl.lexicon import alternation, month_numbers, words
from newscrawl.normalize.text import clean_text
from newscrawl.normalize.zones import month_first_country, named_offset, printed_zone

#: schema.org types that describe the page's article.
ARTICLE_TYPES = frozenset(
    {
        "article", "newsarticle", "reportagenewsarticle", "analysisnewsarticle",
        "opinionnewsarticle", "backgroundnewsarticle", "reviewnewsarticle", "blogposting",
        "liveblogposting", "socialmediaposting", "scholarlyarticle", "techarticle", "report",
        "webpage", "creativework", "medicalwebpage", "videoobject", "posting",
    }
)  # fmt: skip
#: Article types that describe a page rather than a piece of writing.
_PAGE_TYPES = frozenset({"webpage", "creativework", "medicalwebpage", "videoobject"})
#: Types that are organisations when they appear as an author.
ORG_TYPES = frozenset({"organization", "newsmediaorganization", "corporation", "organisation"})

_ISO = re.compile(
    r"(?P<date>\d{4}-\d{2}-\d{2})(?:[T ](?P<time>\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?)"
    r"\s*(?P<tz>Z|UTC|GMT|[+-]\d{2}:?\d{2})?)?"
)


def _types(obj: dict[str, Any]) -> set[str]:
    kind = obj.get("@type") or []
    kinds = kind if isinstance(kind, list) else [kind]
    return {str(k).rsplit("/", 1)[-1].casefold() for k in kinds}


def _walk(data: Any) -> Iterator[tuple[dict[str, Any], bool]]:
    """Every JSON object inside ``data`` (``@graph`` and nested values included), each with
    whether it sits inside an article object (a live blog's updates, an article's parts or
    related items): such an object is never the page's own article."""
    stack: list[tuple[Any, bool]] = [(data, False)]
    while stack:
        item, inside = stack.pop(0)
        if isinstance(item, list):
            stack[:0] = [(v, inside) for v in item]
        elif isinstance(item, dict):
            yield item, inside
            below = inside or bool(_types(item) & ARTICLE_TYPES - _PAGE_TYPES)
            stack.extend((v, below) for v in item.values() if isinstance(v, dict | list))


#: What XHTML-era pages wrap a script's JSON in: a CDATA section (commented out for old
#: browsers, "//<![CDATA[ ... //]]>") or an HTML comment.
_WRAPPER = re.compile(r"^\s*(?://\s*)?(?:<!\[CDATA\[|<!--)|(?://\s*)?(?:\]\]>|-->)\s*$")


def _json_ld(tree: HtmlElement) -> list[tuple[dict[str, Any], bool]]:
    """All JSON-LD objects of the page, top-level first, broken scripts skipped, each with
    whether it sits inside an article object (see :func:`_walk`)."""
    objects: list[tuple[dict[str, Any], bool]] = []
    for script in tree.iter("script"):
        if (script.get("type") or "").strip().casefold() != "application/ld+json":
            continue
        text = (script.text or "").strip()
        if text.startswith(("//", "<!")):  # a wrapper; the check spares a scan of every script
            text = _WRAPPER.sub("", text).strip()
        if not text:
            continue
        try:
            data = json.loads(text)
        except ValueError:
            try:  # a trailing comma or stray control character is common
                data = json.loads(
                    re.sub(r",\s*([}\]])", r"\1", text.replace("\n", " ")), strict=False
                )
            except ValueError:
                continue
        objects.extend(_walk(data))
    return objects


def main_article(
    objects: list[dict[str, Any]], nested: frozenset[int] = frozenset()
) -> dict[str, Any]:
    """The JSON-LD object that describes the article (an Article type with a headline or
    date preferred over a WebPage), or an empty dict. Objects whose ``id()`` is in ``nested``
    sit inside another article (a live blog's updates) and are taken only when no other
    object describes an article.

    >>> blog = {"@type": "LiveBlogPosting", "headline": "Live", "datePublished": "2024-08-04",
    ...         "liveBlogUpdate": [{"@type": "BlogPosting", "headline": "Update",
    ...                             "datePublished": "2024-08-05", "articleBody": "..."}]}
    >>> pairs = list(_walk(blog))
    >>> main_article([o for o, _ in pairs], frozenset(id(o) for o, n in pairs if n))["headline"]
    'Live'
    """
    best: tuple[int, dict[str, Any]] = (0, {})
    for obj in objects:
        kinds = _types(obj)
        if not kinds & ARTICLE_TYPES:
            continue
        score = 1 if id(obj) in nested else 20
        if kinds - _PAGE_TYPES:
            score += 4
        score += 2 * bool(obj.get("headline")) + 2 * bool(obj.get("datePublished"))
        score += bool(obj.get("author")) + bool(obj.get("articleBody"))
        if score > best[0]:
            best = (score, obj)
    return best[1]


@lru_cache(maxsize=4096)
def _squash(name: str) -> str:
    """A meta name without case and separators.

    >>> _squash("article:published:time") == _squash("article_published_time")
    True
    """
    return re.sub(r"[\W_]+", "", name.casefold())


#: Every itemprop attribute of the page (a compiled XPath that returns the attribute
#: values, each with its element, is cheaper than selecting the elements).
_ITEMPROP_VALUES = etree.XPath("//@itemprop")


class PageMeta:
    """Meta tags, JSON-LD and microdata of one page, with lookups by common names."""

    def __init__(self, tree: HtmlElement) -> None:
        self.tree = tree
        self.meta: dict[str, list[str]] = {}
        for el in tree.iter("meta"):
            key = (
                (el.get("property") or el.get("name") or el.get("itemprop") or "")
                .strip()
                .casefold()
            )
            value = el.get("content")
            if key and value and value.strip():
                self.meta.setdefault(key, []).append(clean_text(unescaped(value)))
        # the same names spelt with other separators ("article:published:time")
        self.squashed: dict[str, list[str]] = {}
        for key, values in self.meta.items():
            self.squashed.setdefault(_squash(key), []).extend(values)
        found = _json_ld(tree)
        self.ld_objects = [obj for obj, _ in found]
        self.article = main_article(
            self.ld_objects, frozenset(id(obj) for obj, inside in found if inside)
        )
        self._itemprops: dict[str, list[HtmlElement]] | None = None
        self.times: dict[str, list[str]] = {}  # raw timestamps by kind, see _time_candidates
        self._headlines: dict[str | None, HtmlElement | None] = {}

    def first(self, *names: str) -> str | None:
        """The first non-empty meta value among ``names`` (property, name or itemprop)."""
        for name in names:
            values = self.meta.get(name.casefold()) or self.squashed.get(_squash(name))
            if values:
                return values[0]
        return None

    def all(self, *names: str) -> list[str]:
        """Every meta value among ``names``, in the given name order."""
        return [
            v
            for name in names
            for v in (self.meta.get(name.casefold()) or self.squashed.get(_squash(name), []))
        ]

    def ld(self, key: str) -> Any:
        """A field of the main JSON-LD article, or of any JSON-LD object when it lacks it."""
        if key in self.article and self.article[key]:
            return self.article[key]
        return None

    def headline_element(self, headline: str | None) -> HtmlElement | None:
        """:func:`headline_element` of the page, read once for each ``headline``."""
        if headline not in self._headlines:
            self._headlines[headline] = headline_element(self.tree, headline)
        return self._headlines[headline]

    def itemprop(self, name: str) -> list[HtmlElement]:
        """Elements with ``itemprop=name`` (space-separated itemprop lists included)."""
        if self._itemprops is None:
            self._itemprops = {}
            for value in _ITEMPROP_VALUES(self.tree):
                for prop in value.split():
                    self._itemprops.setdefault(prop, []).append(value.getparent())
        return list(self._itemprops.get(name, []))


def ld_text(value: Any) -> str | None:
    """A JSON-LD value as one clean string (first of a list, ``name``/``@value`` of an object)."""
    if isinstance(value, list):
        for v in value:
            text = ld_text(v)
            if text:
                return text
        return None
    if isinstance(value, dict):
        return ld_text(value.get("name") or value.get("@value") or value.get("text"))
    if isinstance(value, str | int | float):
        return clean_text(unescaped(str(value))) or None
    return None


#: An HTML character reference: "&#39;", "&#x27;", "&amp;", "&rsquo;".
_CHARACTER_REFERENCE = re.compile(r"&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z][a-zA-Z0-9]{1,31});")


def unescaped(text: str) -> str:
    """``text`` with its HTML character references decoded. A JSON-LD string is not HTML, so
    the parser leaves "Houston&#39;s" in it as written; a meta tag's content escaped twice by
    its CMS ("&amp;#8217;") keeps one reference after parsing. Either is meant as the
    character it names; a bare "&" ("AT&T") stays.

    >>> unescaped("Houston&#39;s best &#8211; Food &amp; Drink"), unescaped("AT&T & Co")
    ("Houston's best – Food & Drink", 'AT&T & Co')
    """
    return html.unescape(text) if _CHARACTER_REFERENCE.search(text) else text


def parse_instant(text: str | None) -> tuple[datetime, bool] | None:
    """Parse an ISO-like timestamp into ``(datetime, has_offset)``; a date-only value gives
    midnight and ``has_offset`` False. Fractions of a second are dropped.

    >>> moment, has_offset = parse_instant("2024-04-30T16:17:29+02:00")
    >>> moment.isoformat(), has_offset
    ('2024-04-30T16:17:29+02:00', True)
    >>> parse_instant("2024-04-30 16:17")[1]
    False
    >>> parse_instant("soon") is None
    True
    """
    if not text:
        return None
    match = _ISO.search(text)
    if not match:
        return None
    try:
        year, month, mday = match["date"].split("-")
        day = datetime(int(year), int(month), int(mday))  # strptime costs ten times as much
    except ValueError:
        return None
    if not match["time"]:
        return day, False
    parts = [int(float(p.replace(",", "."))) for p in match["time"].split(":")]
    hour, minute, second = (parts + [0, 0])[:3]
    if hour > 23 or minute > 59 or second > 59:
        return None
    moment = day.replace(hour=hour, minute=minute, second=second)
    tz = match["tz"]
    if not tz:
        return moment, False
    if tz in ("Z", "UTC", "GMT"):
        return moment.replace(tzinfo=UTC), True
    sign = 1 if tz[0] == "+" else -1
    digits = tz[1:].replace(":", "")
    offset = timedelta(hours=int(digits[:2]), minutes=int(digits[2:]))
    if offset > timedelta(hours=14):
        return None
    return moment.replace(tzinfo=timezone(sign * offset)), True


def iso_with_offset(moment: datetime) -> str:
    """Format an aware datetime as ISO 8601 with its own offset ('Z' for UTC).

    >>> iso_with_offset(datetime(2024, 4, 30, 16, 17, 29, tzinfo=UTC))
    '2024-04-30T16:17:29Z'
    """
    text = moment.replace(microsecond=0).isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


PUBLISHED_META = (
    "article:published_time", "og:published_time", "og:article:published_time",
    "datepublished", "published_time", "pubdate", "publishdate", "publish-date",
    "publish_date", "parsely-pub-date", "sailthru.date", "article.published",
    "dcterms.created", "dc.date.issued", "dcterms.issued", "dc.date", "date", "citation_date",
    "article_date_original", "cxenseparse:recs:publishtime", "originalpublicationdate",
)  # fmt: skip
MODIFIED_META = (
    "article:modified_time", "og:updated_time", "og:modified_time", "datemodified",
    "modified_time", "last-modified", "article.updated", "dcterms.modified", "lastmod",
)  # fmt: skip


def _time_candidates(meta: PageMeta, kind: str) -> list[str]:
    """Raw timestamp strings for ``kind`` ('published' or 'modified'), best source first."""
    if kind not in meta.times:
        meta.times[kind] = _read_time_candidates(meta, kind)
    return meta.times[kind]


def _read_time_candidates(meta: PageMeta, kind: str) -> list[str]:
    ld_key = "datePublished" if kind == "published" else "dateModified"
    names = PUBLISHED_META if kind == "published" else MODIFIED_META
    out: list[str] = []
    value = meta.ld(ld_key)
    if value:
        out.append(ld_text(value) or "")
    out.extend(meta.all(*names))
    for el in meta.itemprop(ld_key):
        out.append(el.get("content") or el.get("datetime") or clean_text(el.text_content()))
    for obj in meta.ld_objects:
        if obj.get(ld_key):
            out.append(ld_text(obj[ld_key]) or "")
    if kind == "published":
        out.extend(_marked_times(meta.tree))
    return [v for v in out if v]


def _marked_times(tree: HtmlElement) -> list[str]:
    """``<time datetime>`` values, those marked as the publication first (hAtom's and
    WordPress' class ``published``, microformats2's ``dt-published``, hAtom's ``<abbr
    class=published title=...>``); a time marked only as the update is left out.

    >>> from lxml.html import fragment_fromstring
    >>> _marked_times(fragment_fromstring(
    ...     '<div><time class="updated" datetime="2024-05-02T08:00Z"></time>'
    ...     '<time datetime="2024-05-03T09:00Z"></time>'
    ...     '<abbr class="published" title="2024-05-01 10:00:00 GMT">May 1</abbr></div>'))
    ['2024-05-01 10:00:00 GMT', '2024-05-03T09:00Z']
    """
    marked: list[str] = []
    plain: list[str] = []
    for el in tree.iter("time", "abbr"):
        value = el.get("datetime") or (el.get("title") if el.tag == "abbr" else None)
        if not value:
            continue
        classes = (el.get("class") or "").casefold().split()
        if any(c == "published" or c.endswith("-published") for c in classes):
            marked.append(value)
        elif el.tag == "time" and not any("updated" in c or "modified" in c for c in classes):
            plain.append(value)
    return marked + plain


def find_instant(meta: PageMeta, kind: str, headline: str | None = None) -> str | None:
    """The page's published or modified instant as ISO 8601 with an offset, or None.

    The first candidate with a time and an offset wins; a candidate with a time but no offset
    takes the offset of another candidate that shows the same wall-clock time with one, or
    else of any other timestamp on the page (publishers print one zone throughout), or else
    the zone of the page's language (:func:`local_zone`). When no machine-readable value has
    a time, the publication time printed under the ``headline`` is read
    (:func:`printed_instant`), if it agrees with a machine-readable date. A date alone gives
    None: it names no instant.
    """
    parsed = _instants(meta, kind)
    if not any(has_offset or m.time() != datetime.min.time() for m, has_offset in parsed):
        printed = printed_instant(meta, headline) if kind == "published" else None
        days = {m.date() for m, _ in parsed}
        if printed and (not days or printed.date() in days):
            zone = printed.tzinfo or _zone(meta, printed)
            return iso_with_offset(printed.replace(tzinfo=zone))
        return None
    full = [moment for moment, has_offset in parsed if has_offset]
    naive = [moment for moment, has_offset in parsed if not has_offset]
    first_moment, first_has_offset = parsed[0]
    if first_has_offset:
        return iso_with_offset(first_moment)
    timed = [m for m in naive if (m.hour, m.minute, m.second) != (0, 0, 0)]
    if timed or full:
        if timed and (not full or first_moment in timed):
            wall = timed[0]
            same = [f for f in full if f.replace(tzinfo=None) == wall]
            if same:
                return iso_with_offset(same[0])
            return iso_with_offset(wall.replace(tzinfo=_zone(meta, wall)))
        return iso_with_offset(full[0])
    return None


#: htmldate's output: the day, then the time and offset when its source showed them.
_HTMLDATE_FORMAT = "%Y-%m-%dT%H:%M:%S%z"
logging.getLogger("htmldate").setLevel(logging.WARNING)


def published_fallback(meta: PageMeta, url: str | None = None) -> str | None:
    """The publication date when :func:`find_instant` finds no instant: htmldate's original
    date (the maintained reader trafilatura uses: meta tags, JSON-LD, the URL, labelled dates
    printed in the page, then an extensive search of its text). A time with an offset gives
    an instant; a time without one takes the page's offset (see :func:`_zone`); a day alone
    gives the ISO date ``YYYY-MM-DD`` (a day, not an instant). Today's date is the latest
    accepted (htmldate's default).

    >>> from lxml.html import document_fromstring
    >>> page = document_fromstring("<html><body><h1>Rain</h1><p class='meta'>Published "
    ...     "November 12, 2025</p><p>It rained all day in the city.</p></body></html>")
    >>> published_fallback(PageMeta(page))
    '2025-11-12'
    >>> page = document_fromstring("<html><head><meta property='article:published_time' "
    ...     "content='2025-11-12T09:30:00-05:00'></head><body><p>x</p></body></html>")
    >>> published_fallback(PageMeta(page))
    '2025-11-12T09:30:00-05:00'
    """
    try:
        found = find_date(
            meta.tree,
            extensive_search=True,
            original_date=True,
            outputformat=_HTMLDATE_FORMAT,
            url=url,
        )
    except (ValueError, TypeError, OverflowError):  # a malformed page; htmldate's own errors
        return None
    parsed = parse_instant(found)
    if parsed is None or parsed[0].year < _EARLIEST_YEAR:
        return None
    moment, has_offset = parsed
    if has_offset:
        return iso_with_offset(moment)
    if moment.time() == datetime.min.time():
        return moment.date().isoformat()
    return iso_with_offset(moment.replace(tzinfo=_zone(meta, moment)))


def _zone(meta: PageMeta, wall: datetime) -> tzinfo:
    """The offset of a local time shown without one: that of the page's other timestamps,
    else its language's zone, else UTC."""
    offsets = _page_offsets(meta)
    if offsets:
        return offsets[0]  # type: ignore[no-any-return]
    zone = local_zone(meta)
    if zone is None:
        return UTC
    offset = wall.replace(tzinfo=zone).utcoffset() or timedelta(0)
    return timezone(offset)


#: The time zone of a page's language or locale, where it is spoken in one zone only (a
#: language alone) or the locale names a one-zone country.
_LANGUAGE_ZONES = {
    "de": "Europe/Berlin", "it": "Europe/Rome", "nl": "Europe/Amsterdam",
    "pl": "Europe/Warsaw", "cs": "Europe/Prague", "sk": "Europe/Bratislava",
    "hu": "Europe/Budapest", "da": "Europe/Copenhagen", "sv": "Europe/Stockholm",
    "nb": "Europe/Oslo", "nn": "Europe/Oslo", "no": "Europe/Oslo", "fi": "Europe/Helsinki",
    "el": "Europe/Athens", "ro": "Europe/Bucharest", "bg": "Europe/Sofia", "hr": "Europe/Zagreb",
    "sl": "Europe/Ljubljana", "sr": "Europe/Belgrade", "uk": "Europe/Kyiv", "tr": "Europe/Istanbul",
    "he": "Asia/Jerusalem", "ja": "Asia/Tokyo", "ko": "Asia/Seoul", "zh": "Asia/Shanghai",
    "th": "Asia/Bangkok", "vi": "Asia/Ho_Chi_Minh", "fr-fr": "Europe/Paris",
    "fr-be": "Europe/Brussels", "fr-ch": "Europe/Zurich", "es-es": "Europe/Madrid",
    "es-ar": "America/Argentina/Buenos_Aires", "es-co": "America/Bogota",
    "es-cl": "America/Santiago", "es-pe": "America/Lima", "pt-pt": "Europe/Lisbon",
    "en-gb": "Europe/London",
    "en-ie": "Europe/Dublin", "en-in": "Asia/Kolkata", "en-za": "Africa/Johannesburg",
    "en-ng": "Africa/Lagos", "en-ke": "Africa/Nairobi", "en-nz": "Pacific/Auckland",
    "en-sg": "Asia/Singapore", "en-ph": "Asia/Manila", "en-pk": "Asia/Karachi",
}  # fmt: skip


def local_zone(meta: PageMeta) -> ZoneInfo | None:
    """The time zone the page's language or locale implies (see :data:`_LANGUAGE_ZONES`).

    >>> from lxml.html import document_fromstring
    >>> local_zone(PageMeta(document_fromstring('<html lang="de-AT"><p>x</p></html>')))
    zoneinfo.ZoneInfo(key='Europe/Berlin')
    >>> local_zone(PageMeta(document_fromstring('<html lang="en"><p>x</p></html>'))) is None
    True
    """
    for value in (
        meta.tree.get("lang"),
        ld_text(meta.ld("inLanguage")),
        meta.first("og:locale", "content-language", "language"),
    ):
        code = re.sub(r"[_\s]+", "-", (value or "").strip().casefold())
        for key in (code[:5], code.split("-")[0]):
            if key in _LANGUAGE_ZONES:
                try:
                    return ZoneInfo(_LANGUAGE_ZONES[key])
                except ZoneInfoNotFoundError:  # a host whose time zone database lacks it
                    return None
    return None


#: Month names and abbreviations of every language of the lexicon.
_MONTHS = month_numbers()
_MONTH_NAME = alternation(_MONTHS)
#: A printed date: year first (2024-04-25, 2024.04.25, 2024年4月25日), day first with dots
#: (25.04.2024, 25.04.24), with a month name (25. April 2024, 25 de abril de 2024, April 25,
#: 2024), or slashed with a four-digit year (12/19/2025, 19/12/2025): their order differs by
#: country, see :func:`_slashed`.
_PRINTED_DATE = re.compile(
    r"(?<!\d)(?:(?P<y1>\d{4})\s*[-./年]\s*(?P<m1>\d{1,2})\s*[-./月]\s*(?P<d1>\d{1,2})(?!\d)\s*日?"
    r"|(?P<d2>\d{1,2})\.(?P<m2>\d{1,2})\.(?P<y2>\d{4}|\d{2})(?!\d)"
    rf"|(?P<d3>\d{{1,2}})\.?\s+(?:de\s+)?(?P<n3>{_MONTH_NAME})\.?,?\s+(?:de\s+)?(?P<y3>\d{{4}})"
    rf"|(?P<n4>{_MONTH_NAME})\.?\s+(?P<d4>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y4>\d{{4}})"
    r"|(?<!/)(?P<a5>\d{1,2})/(?P<b5>\d{1,2})/(?P<y5>\d{4})(?![\d/]))",
    re.IGNORECASE,
)
#: A clock time shortly after the date ("25.04.24 | 14:07 Uhr", "1 avril 2025 à 15h25").
_CLOCK = (
    r"(?<![\d:])(?P<hour>\d{1,2})[:h](?P<minute>\d{2})(?!\d)(?:\s*(?P<ampm>[ap])\.?\s?m\b\.?)?"
    r"(?:\s*\(?(?P<zone>(?-i:[A-Z]{2,5}))\b)?"
)
#: A clock time shortly after the date ("25.04.24 | 14:07 Uhr", "1 avril 2025 à 15h25") ...
_PRINTED_TIME = re.compile(r"\D{0,25}?" + _CLOCK, re.IGNORECASE)
#: ... or just before it ("Published 10:02 AM EST Nov 19, 2019").
_TIME_BEFORE = re.compile(_CLOCK + r"\D{0,15}$", re.IGNORECASE)
#: A word that marks the date after it as the last update, not the publication.
_UPDATED = re.compile(rf"(?:{alternation(words('updated'))})\W*(?:\w+\W+){{0,2}}$", re.IGNORECASE)
#: A word that marks the date after it as the publication.
_PUBLISHED = re.compile(
    rf"(?:{alternation(words('published'))})\W*(?:\w+\W+){{0,2}}$", re.IGNORECASE
)
#: How much of the page after the headline is searched, in text nodes; longer nodes are
#: prose, whose dates are not the page's.
_HEADER_NODES = 40
_HEADER_NODE_CHARS = 120
#: Elements whose text is code, never printed: a date in them is not the page's.
_CODE_TAGS = frozenset({"script", "style"})
#: ... and the page's footer, which a date line under the headline never stands in.
_CODE_AND_FOOTER_TAGS = _CODE_TAGS | {"footer"}


def printed_instant(meta: PageMeta, headline: str | None) -> datetime | None:
    """The first date with a clock time printed in the article's header: the text after the
    element that shows the ``headline`` (else the first ``<h1>``), as a naive local time, or
    an aware one when a zone abbreviation follows the time ("10:02 AM EST"). None when an
    earlier date without a clock names another day: that is the header's date, and the
    clock belongs to a later one (a quoted post's, a comment's).

    >>> from lxml.html import document_fromstring
    >>> page = document_fromstring(
    ...     "<html><body><p>Updated 10:00</p><h1>Rain all week</h1><div>"
    ...     "<span>erstellt:</span> <b>01. April 2025, 15:25</b></div><p>It rained.</p>"
    ...     "</body></html>")
    >>> printed_instant(PageMeta(page), "Rain all week")
    datetime.datetime(2025, 4, 1, 15, 25)
    >>> page = document_fromstring("<html><body><h1>Rain</h1><div>Published 10:02 AM EST "
    ...     "Nov 19, 2019</div></body></html>")
    >>> printed_instant(PageMeta(page), "Rain").isoformat()
    '2019-11-19T10:02:00-05:00'
    """
    first_day = None
    for moment, has_clock in _printed_dates(meta, headline):
        if first_day is not None and moment.date() != first_day:
            return None  # the header's date has no clock; this one is another day's
        if has_clock:
            return moment
        first_day = moment.date()
    return None


def find_published(meta: PageMeta, headline: str | None, url: str | None = None) -> str | None:
    """The page's publication: a date printed in the header with a label that says so
    ("Published November 12, 2025", "Posted on ...", "Veröffentlicht am ..."; see
    :data:`_PUBLISHED`) when the structured instant (:func:`find_instant`) names another day
    or none; else that instant; else :func:`published_fallback` (htmldate). A printed time
    is kept (with the page's offset, see :func:`_zone`); a printed day alone gives the ISO
    date.

    >>> from lxml.html import document_fromstring
    >>> page = document_fromstring("<html><head><meta property='article:published_time' "
    ...     "content='2025-12-02T08:00:00Z'></head><body><h1>Rain</h1><p>By Ann Lee</p><p>"
    ...     "Updated Dec 2, 2025</p><p>Published November 12, 2025</p><p>It rained.</p>"
    ...     "</body></html>")
    >>> find_published(PageMeta(page), "Rain")
    '2025-11-12'
    >>> page = document_fromstring("<html><head><meta property='article:published_time' "
    ...     "content='2025-11-12T08:00:00Z'></head><body><h1>Rain</h1><p>Posted on Nov 12, "
    ...     "2025</p><p>It rained.</p></body></html>")
    >>> find_published(PageMeta(page), "Rain")
    '2025-11-12T08:00:00Z'
    """
    instant = _first_day(meta, find_instant(meta, "published", headline=headline))
    for moment, has_clock in _printed_dates(meta, headline, labelled=True, above=True):
        if instant and _same_local_day(instant, moment):
            break
        return _printed_value(meta, moment, has_clock)
    line = header_date(meta, headline)
    if line is not None and _another_day(meta, line, instant):
        if instant is None:  # htmldate may give the printed day's time
            found = published_fallback(meta, url)
            if found and _written_on(found, line):
                return found
        return _printed_value(meta, line.moment, line.has_clock)
    return instant or published_fallback(meta, url)


def _first_day(meta: PageMeta, instant: str | None) -> str | None:
    """The ``instant``, or the day of the page's first-ranked published date (JSON-LD's
    ``datePublished`` first, see :func:`_read_time_candidates`) when that gives a day
    without a time and the instant, read from a lower-ranked source, falls on another day.

    >>> from lxml.html import document_fromstring
    >>> page = document_fromstring('<html><head><script type="application/ld+json">'
    ...     '{"@type": "Article", "datePublished": "2017-04-03"}</script></head><body>'
    ...     '<time datetime="2026-02-12T12:07:55-05:00">Feb 12</time></body></html>')
    >>> _first_day(PageMeta(page), "2026-02-12T12:07:55-05:00")
    '2017-04-03'
    """
    parsed = _instants(meta, "published")
    if not instant or not parsed:
        return instant
    first, has_offset = parsed[0]
    if has_offset or first.time() != datetime.min.time():
        return instant
    if _same_local_day(instant, first):
        return instant
    return first.date().isoformat()


def _another_day(meta: PageMeta, line: HeaderDate, instant: str | None) -> bool:
    """Whether the date ``line`` names a day that neither the structured ``instant`` nor any
    update timestamp of the page names: a date under the headline that is the last update's
    is no publication."""
    if instant and _same_day(instant, line):
        return False
    return not any(_same_day(value, line) for value in _time_candidates(meta, "modified"))


def _printed_value(meta: PageMeta, moment: datetime, has_clock: bool) -> str:
    """A printed date as the record gives it: the ISO day, or with a clock the instant in
    its printed zone or else the page's offset (:func:`_zone`)."""
    if not has_clock:
        return moment.date().isoformat()
    return iso_with_offset(moment if moment.tzinfo else moment.replace(tzinfo=_zone(meta, moment)))


def _same_local_day(instant: str, printed: datetime) -> bool:
    """Whether the ``printed`` day is the ``instant``'s day in some zone of the world (UTC-12
    to UTC+14): a page prints its local day, its structured data may be in UTC.

    >>> _same_local_day("2025-12-19T02:41:41Z", datetime(2025, 12, 18))
    True
    >>> _same_local_day("2025-12-19T12:00:00Z", datetime(2025, 12, 17))
    False
    """
    moment = datetime.fromisoformat(instant.replace("Z", "+00:00"))
    if moment.tzinfo is None:
        return moment.date() == printed.date()
    utc = moment.astimezone(UTC)
    return any((utc + timedelta(hours=h)).date() == printed.date() for h in (-12, 0, 14))


#: How many text nodes above the headline may hold a labelled publication date ("Published"
#: / "October 14, 2025" / "in" / a category link), and how long each may be.
_LABELLED_ABOVE_NODES = 6
_LABELLED_ABOVE_CHARS = 40


def _printed_dates(
    meta: PageMeta,
    headline: str | None,
    nodes: int = _HEADER_NODES,
    labelled: bool = False,
    above: bool = False,
) -> Iterator[tuple[datetime, bool]]:
    """Dates printed in the header, the last update's left out, each with whether a clock
    time is printed with it; with ``above``, first those of the short lines just above the
    headline (:data:`_LABELLED_ABOVE_NODES`, a kicker's "Published October 14, 2025")."""
    top = meta.headline_element(headline)
    if top is None:
        return
    texts = [node.text for node in islice(texts_after(top, _CODE_TAGS), nodes)]
    if above:
        kicker = [
            node.text for node in islice(texts_before(top, _CODE_TAGS), _LABELLED_ABOVE_NODES)
        ]
        kicker.reverse()  # in document order
        long = [k for k, t in enumerate(kicker) if len(" ".join(t.split())) > _LABELLED_ABOVE_CHARS]
        texts = kicker[long[-1] + 1 if long else 0 :] + texts  # the short lines nearest it
    short = [t for t in texts if len(t) <= _HEADER_NODE_CHARS]
    text = " ".join(" ".join(short).split())
    order = month_first(meta)
    for match in _dates_in(text, order):
        if _UPDATED.search(text, max(0, match.start() - 30), match.start()):
            continue
        if labelled and not _PUBLISHED.search(text, max(0, match.start() - 30), match.start()):
            continue
        clock = _PRINTED_TIME.match(text, match.end()) or _TIME_BEFORE.search(
            text, max(0, match.start() - 45), match.start()
        )
        if clock:
            moment = _printed_moment(match, clock, order)
            if moment is not None:
                yield moment, True
                continue
        day = _printed_moment(match, None, order)
        if day is not None:
            yield day, False


#: How far below the headline a date line may stand, in characters of text before it, and how
#: much other text its node may hold (a weekday, a bullet, "on"): a date in a sentence, or
#: further down (a related story's, a quoted post's), is not the page's.
_DATE_LINE_CHARS = 250
_DATE_LINE_OTHER = 15


@dataclass(frozen=True)
class HeaderDate:
    """The date printed on a line of its own under the headline: its moment (naive unless a
    zone is printed), whether a clock time is printed, and the days it may name (two for a
    numeric date whose day and month could trade places, "09.10.2024")."""

    moment: datetime
    has_clock: bool
    days: frozenset[date]


def header_date(meta: PageMeta, headline: str | None) -> HeaderDate | None:
    """The first date printed under the headline when it stands on a line of its own (a text
    node that is the date, give or take :data:`_DATE_LINE_OTHER` characters) within
    :data:`_DATE_LINE_CHARS` characters of text; when none is dated there, one just above
    the headline (:func:`_line_above`, a kicker); else None. A date after an update label is
    None; a ``<time>``'s ``datetime`` value is read rather than its text (the value the page
    means, "2024-12-20" shown as "August 28, 2024").

    >>> from lxml.html import document_fromstring
    >>> page = document_fromstring("<html><body><h1>Rain</h1><p>By Ann Lee</p><p>Friday, "
    ...     "December 19, 2025</p><p>It rained on 12 May 2024.</p></body></html>")
    >>> line = header_date(PageMeta(page), "Rain")
    >>> line.moment.isoformat(), line.has_clock
    ('2025-12-19T00:00:00', False)
    >>> page = document_fromstring("<html><body><h1>Rain</h1><p>It rained on 12 May "
    ...     "2024 and the river rose.</p></body></html>")
    >>> header_date(PageMeta(page), "Rain") is None
    True
    """
    top = meta.headline_element(headline)
    if top is None:
        return None
    before, previous, order = 0, "", month_first(meta)
    for node in islice(texts_after(top, _CODE_AND_FOOTER_TAGS), _HEADER_NODES):
        text = " ".join(node.text.split())
        match = next(_dates_in(text, order), None) if len(text) <= _HEADER_NODE_CHARS else None
        if match is None and _time_text(node, text):
            line = _line_of(node, text, None, previous, order)
            if line is not None:
                return line
        if match is None:
            before += len(text) + 1
            previous = text
            if before > _DATE_LINE_CHARS:
                break
            continue
        return _line_of(node, text, match, previous, order)
    return _line_above(top, order)


#: How many text nodes just above the headline may hold its date line (a kicker), and how
#: many characters they may hold together.
_ABOVE_NODES = 2
_ABOVE_CHARS = 60


def _line_above(top: HtmlElement, order: bool | None = None) -> HeaderDate | None:
    """The date line just above the headline: in the :data:`_ABOVE_NODES` text nodes before
    it (nearest first, :data:`_ABOVE_CHARS` characters at most), the node before them read
    for an update label.

    >>> from lxml.html import document_fromstring
    >>> page = document_fromstring("<html><body><p>Blog</p><h5>January 23, 2025</h5><h1>Rain"
    ...     "</h1><p>It rained all day long in the city, and the river rose.</p></body></html>")
    >>> header_date(PageMeta(page), "Rain").moment.isoformat()
    '2025-01-23T00:00:00'
    """
    nodes = list(islice(texts_before(top, _CODE_TAGS), _ABOVE_NODES + 1))
    nodes.reverse()  # in document order: the nearest last
    texts = [" ".join(node.text.split()) for node in nodes]
    seen = 0
    for k in range(len(nodes) - 1, len(nodes) - 1 - _ABOVE_NODES, -1):
        if k < 0:
            break
        seen += len(texts[k])
        if seen > _ABOVE_CHARS:
            break
        match = next(_dates_in(texts[k], order), None)
        if match is not None:
            return _line_of(nodes[k], texts[k], match, texts[k - 1] if k else "", order)
    return None


def _time_text(node: TextNode, text: str) -> bool:
    """Whether the text ``node`` is the whole text of a ``<time datetime>`` element, short
    enough to be a date line whatever its format ("03/01/2017", "3 days ago"), and not
    marked as the update."""
    parent = node.element
    return (
        node.is_text
        and parent.tag == "time"
        and bool(parent.get("datetime"))
        and len(text) <= _DATE_LINE_OTHER + 10
        and not _UPDATE_CLASS.search(parent.get("class") or "")
    )


#: A class that marks an element's date as the last update (hAtom's ``updated``).
_UPDATE_CLASS = re.compile(r"updated|modified", re.IGNORECASE)


def _line_of(
    node: TextNode,
    text: str,
    match: re.Match[str] | None,
    previous: str,
    order: bool | None = None,
) -> HeaderDate | None:
    """:func:`header_date`'s reading of the first dated text node (``match`` None: a
    ``<time datetime>`` whose text is no date :data:`_PRINTED_DATE` reads); ``order`` is
    :func:`month_first`'s."""
    if _UPDATED.search(f"{previous} {text[: match.start() if match else 0]}"[-30:]):
        return None
    parent = node.element
    if node.is_text and parent.tag == "time":
        machine = parse_instant(parent.get("datetime"))  # the value the page means
        if machine is not None and machine[0].year >= _EARLIEST_YEAR:
            value, has_offset = machine  # midnight: a day, whatever its offset
            has_clock = has_offset and value.time() != datetime.min.time()
            return HeaderDate(value, has_clock, frozenset({value.date()}))
    if match is None:
        return None
    clock = _PRINTED_TIME.match(text, match.end()) or _TIME_BEFORE.search(text, 0, match.start())
    moment = _printed_moment(match, clock, order) if clock else None
    has_clock = moment is not None and clock is not None
    start, end = match.start(), match.end()
    if has_clock and clock is not None:
        start, end = min(start, clock.start()), max(end, clock.end())
    else:
        moment = _printed_moment(match, None, order)
    if moment is None or len(text) - (end - start) > _DATE_LINE_OTHER:
        return None
    days = {moment.date()}
    if match["y2"] and int(match["d2"]) <= 12:  # 09.10.2024: September 10 where written so
        with contextlib.suppress(ValueError):
            days.add(date(moment.year, int(match["d2"]), int(match["m2"])))
    return HeaderDate(moment, has_clock, frozenset(days))


def _written_on(value: str, line: HeaderDate) -> bool:
    """Whether the timestamp ``value`` is written (in its own offset, if any) on one of the
    ``line``'s days: htmldate's time for the day the page prints, not a creation time of the
    day before in another zone.

    >>> line = HeaderDate(datetime(2025, 12, 18), False, frozenset({date(2025, 12, 18)}))
    >>> _written_on("2025-12-18T09:00:00-05:00", line), _written_on("2025-12-17T22:18:44Z", line)
    (True, False)
    """
    parsed = parse_instant(value)
    return parsed is not None and parsed[0].date() in line.days


def _same_day(value: str, line: HeaderDate) -> bool:
    """Whether the timestamp ``value`` (ISO-like, a day or an instant) names one of the
    ``line``'s days: an instant in some zone of the world (see :func:`_same_local_day`)."""
    parsed = parse_instant(value)
    if parsed is None:
        return False
    moment, has_offset = parsed
    if not has_offset:
        return moment.date() in line.days
    utc = moment.astimezone(UTC)
    return any((utc + timedelta(hours=h)).date() in line.days for h in (-12, 0, 14))


class TextNode(NamedTuple):
    """A text node of the page, as XPath's ``text()`` selects it: its ``text``, the
    ``element`` that holds it (whose ``.text`` it is, or whose ``.tail`` it is), and which
    of the two (``is_text``)."""

    text: str
    element: HtmlElement
    is_text: bool


#: XPath's white space (``normalize-space()``): not every character ``str.split`` splits on.
_XML_SPACE = " \t\n\r"


def _inner_texts(el: Any, skip: frozenset[str]) -> Iterator[TextNode]:
    """The text nodes inside ``el`` in document order (its tail left out), none inside a
    ``skip`` element; a comment or processing instruction holds none."""
    if not isinstance(el.tag, str) or el.tag in skip:
        return
    if el.text:
        yield TextNode(el.text, el, True)
    for child in el:
        yield from _inner_texts(child, skip)
        if child.tail:
            yield TextNode(child.tail, child, False)


def _inner_texts_backwards(el: Any, skip: frozenset[str]) -> Iterator[TextNode]:
    """:func:`_inner_texts` from the last to the first."""
    if not isinstance(el.tag, str) or el.tag in skip:
        return
    for child in reversed(el):
        if child.tail:
            yield TextNode(child.tail, child, False)
        yield from _inner_texts_backwards(child, skip)
    if el.text:
        yield TextNode(el.text, el, True)


def texts_after(top: HtmlElement, skip: frozenset[str]) -> Iterator[TextNode]:
    """The non-blank text nodes after ``top`` (XPath's ``following::text()[normalize-space()]``,
    so none inside ``top``), nearest first, none inside an element whose tag is in ``skip``.
    A walk that stops where its caller stops, where the XPath reads the rest of the page."""
    levels = [top, *top.iterancestors()]
    for i, node in enumerate(levels):
        if any(a.tag in skip for a in levels[i + 1 :]):
            continue
        if node.tail and node.tail.strip(_XML_SPACE):
            yield TextNode(node.tail, node, False)
        for sibling in node.itersiblings():
            for found in _inner_texts(sibling, skip):
                if found.text.strip(_XML_SPACE):
                    yield found
            if sibling.tail and sibling.tail.strip(_XML_SPACE):
                yield TextNode(sibling.tail, sibling, False)


def texts_before(top: HtmlElement, skip: frozenset[str]) -> Iterator[TextNode]:
    """The non-blank text nodes before ``top`` (XPath's ``preceding::text()[normalize-space()]``:
    its ancestors' own text included), nearest first, none inside a ``skip`` element."""
    levels = [top, *top.iterancestors()]
    for i, node in enumerate(levels):
        if any(a.tag in skip for a in levels[i + 1 :]):
            continue
        for sibling in node.itersiblings(preceding=True):
            if sibling.tail and sibling.tail.strip(_XML_SPACE):
                yield TextNode(sibling.tail, sibling, False)
            for found in _inner_texts_backwards(sibling, skip):
                if found.text.strip(_XML_SPACE):
                    yield found
        parent = node.getparent()
        if parent is not None and parent.text and parent.text.strip(_XML_SPACE):
            yield TextNode(parent.text, parent, True)


def headline_element(tree: HtmlElement, headline: str | None) -> HtmlElement | None:
    """The first ``<h1>`` that shows the ``headline`` (or a part of it), else the first
    ``<h2>`` or ``<h3>`` that does, else the first ``<h1>`` (a site's logo is often an
    ``<h1>`` too, before the headline's; a teaser or a breadcrumb may repeat the headline
    in a smaller heading before it)."""
    wanted = " ".join(html.unescape(headline or "").split()).casefold()
    first = smaller = None
    for el in tree.iter("h1", "h2", "h3"):
        shown = " ".join(el.text_content().split()).casefold()
        if wanted and shown and (wanted in shown or shown in wanted):
            if el.tag == "h1":
                return el
            smaller = el if smaller is None else smaller
        if first is None and el.tag == "h1":
            first = el
    return smaller if smaller is not None else first


def _printed_moment(
    date: re.Match[str], clock: re.Match[str] | None, month_first: bool | None = None
) -> datetime | None:
    g = date.groupdict()
    if g["y5"]:
        order = _slashed(date, month_first)
        if order is None:
            return None
        year, (month, day) = int(g["y5"]), order
    elif g["y1"]:
        year, month, day = int(g["y1"]), int(g["m1"]), int(g["d1"])
    elif g["y2"]:
        year, month, day = int(g["y2"]), int(g["m2"]), int(g["d2"])
    elif g["y3"]:
        year, month, day = int(g["y3"]), _MONTHS[g["n3"].casefold()], int(g["d3"])
    else:
        year, month, day = int(g["y4"]), _MONTHS[g["n4"].casefold()], int(g["d4"])
    if year < 100:
        year += 2000
    if clock is None:
        try:
            return datetime(year, month, day)
        except ValueError:
            return None
    hour, minute = int(clock["hour"]), int(clock["minute"])
    if clock["ampm"]:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if clock["ampm"].casefold() == "p" else 0)
    try:
        moment = datetime(year, month, day, hour, minute)
    except ValueError:
        return None
    zone = printed_zone(clock["zone"]) if clock["zone"] else None
    if zone is None:
        return moment
    # "EST" in July is UTC-5, "ET" New York's clock (zones.named_offset).
    return moment.replace(tzinfo=named_offset(zone, clock["zone"], moment))


def _slashed(date: re.Match[str], month_first: bool | None) -> tuple[int, int] | None:
    """The month and day of a slashed date ("12/19/2025"): month first where the page's
    country writes them so (:func:`month_first`), else day first; where the country is not
    known, only the reading in which one number cannot be a month. None: no reading.

    >>> match = _PRINTED_DATE.search("12/19/2025")
    >>> _slashed(match, None), _slashed(match, False)
    ((12, 19), (12, 19))
    >>> match = _PRINTED_DATE.search("8/1/2025")
    >>> _slashed(match, True), _slashed(match, False), _slashed(match, None)
    ((8, 1), (1, 8), None)
    """
    first, second = int(date["a5"]), int(date["b5"])
    if month_first is None:
        if first > 12 >= second:
            return second, first
        if second > 12 >= first:
            return first, second
        return None
    month, day = (first, second) if month_first else (second, first)
    if month > 12 >= day:  # the other reading is the only one
        month, day = day, month
    return month, day


def month_first(meta: PageMeta) -> bool | None:
    """Whether the page's country writes numeric dates month first (the US,
    :func:`~newscrawl.normalize.zones.month_first_country`): the country of its locale
    ("en-US", "en_GB"); None when no locale names a country.

    >>> from lxml.html import document_fromstring
    >>> month_first(PageMeta(document_fromstring('<html lang="en-US"><p>x</p></html>')))
    True
    >>> month_first(PageMeta(document_fromstring('<html lang="en"><head><meta '
    ...     'property="og:locale" content="en_GB"></head><p>x</p></html>')))
    False
    >>> month_first(PageMeta(document_fromstring('<html lang="en"><p>x</p></html>'))) is None
    True
    """
    for value in (
        meta.tree.get("lang"),
        ld_text(meta.ld("inLanguage")),
        meta.first("og:locale", "content-language", "language"),
    ):
        parts = re.split(r"[-_\s]+", (value or "").strip())
        if len(parts) >= 2 and len(parts[1]) == 2 and parts[1].isalpha():
            return month_first_country(parts[1].upper())
    return None


def _dates_in(text: str, order: bool | None) -> Iterator[re.Match[str]]:
    """The printed dates of ``text`` that have a reading (a slashed date's order may be
    unknown, see :func:`_slashed`)."""
    for match in _PRINTED_DATE.finditer(text):
        if not match["y5"] or _slashed(match, order) is not None:
            yield match


def _page_offsets(meta: PageMeta) -> list[Any]:
    return [
        moment.tzinfo
        for kind in ("published", "modified")
        for moment, has_offset in _instants(meta, kind)
        if has_offset
    ]


#: Timestamps before this year are placeholders of an empty field (0001-01-01 is .NET's
#: DateTime.MinValue, 1970-01-01 the Unix epoch), not when a web page was published.
_EARLIEST_YEAR = 1991


def _instants(meta: PageMeta, kind: str) -> list[tuple[datetime, bool]]:
    """The parsed candidates of :func:`_time_candidates`, placeholders left out.

    >>> from lxml.html import document_fromstring
    >>> page = document_fromstring('<html><head><meta property="article:published_time" '
    ...     'content="0001-01-01T00:00:00Z"></head><body><p>x</p></body></html>')
    >>> _instants(PageMeta(page), "published")
    []
    """
    parsed = (parse_instant(c) for c in _time_candidates(meta, kind))
    return [p for p in parsed if p and p[0].year >= _EARLIEST_YEAR]
