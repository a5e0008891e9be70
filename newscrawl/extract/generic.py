"""Generic extraction: an Article record from any article page no site profile knows.

:func:`extract_generic` reads the title, lead, authors and agencies, publication times,
media with captions and credits, tags and the body text. Every rule relies on general
signals only (schema.org JSON-LD and microdata, meta tags, ``rel=author``, class/id hints,
text patterns); no publisher is named anywhere. The body comes from
:mod:`newscrawl.extract.generic_body`, whose :func:`clean_body_paragraphs` also serves the
aggregator path for source blocks of unknown sources.
"""

from __future__ import annotations

import html
import re
from bisect import bisect_right
from collections.abc import Callable
from functools import cache, partial
from itertools import accumulate
from typing import Any
from urllib.parse import urljoin, urlsplit

from lxml import etree
from lxml.html import HtmlElement, HTMLParser, document_fromstring

from newscrawl.extract.furniture import same_text
from newscrawl.extract.generic_body import (
    BODY_TUNING,
    BodyTuning,
    body_paragraphs,
    clean_body_paragraphs,
)
from newscrawl.extract.generic_media import page_media
from newscrawl.extract.generic_meta import (
    ORG_TYPES,
    PageMeta,
    _types,
    find_instant,
    find_published,
    headline_element,
    ld_text,
)
from newscrawl.items import ARTICLE_FIELDS
from newscrawl.lexicon import BY_WORDS, alternation, month_numbers, words
from newscrawl.normalize.bylines import is_known_agency, is_label, is_place_part, parse_byline
from newscrawl.normalize.names import is_given_name, person_named
from newscrawl.normalize.text import EMAIL, HANDLE, clean_text, decode_html, word_count
from newscrawl.normalize.urls import without_tracking

__all__ = ["clean_body_paragraphs", "extract_generic", "parse_html"]

#: Class/id hints of byline elements.
_BYLINE_WORDS = ("byline", "author", "autor", "auteur", "writer", "reporter", "journalist")
_BYLINE_HINT = re.compile("|".join(_BYLINE_WORDS), re.IGNORECASE)
#: The same words matched as written, in lower-cased text (see :func:`_hinted`).
_BYLINE_HINT_LOWER = re.compile("|".join(_BYLINE_WORDS))
#: Characters that case-insensitive matching equates with an ASCII letter but ``str.lower``
#: does not lower to one ("İ" lowers to two characters; "ı" and "ſ" stay as they are).
_CASE_ODD = re.compile("[\u0130\u0131\u017f]")
_NOT_BYLINE_HINT = re.compile(
    r"bio|avatar|image|photo|img|social|follow|more|about|box|related|comment|"
    r"(?:^|[-_ ])menu(?:$|[-_ ])",  # a menu's item ("menu-item-object-guest-author")
    re.IGNORECASE,
)
_TITLE_SEPARATORS = re.compile(r"\s+(?:[|\u2013\u2014·»]|-|::)\s+")
_AUTHOR_META = (
    "author",
    "article:author",
    "parsely-author",
    "sailthru.author",
    "dc.creator",
    "dcterms.creator",
    "byl",
    "twitter:creator:name",
    "cxenseparse:author",
)


#: Comments and processing instructions are left out of the tree: trafilatura loses the text
#: that follows a comment inside a paragraph ("<p>a <!-- x --><a>b</a> c</p>" keeps "a"),
#: and its own loader drops them the same way.
_PARSER = HTMLParser(remove_comments=True, remove_pis=True, collect_ids=False)


class ParseError(ValueError):
    """The document is not HTML that can be parsed."""


#: An end tag of the body or the document: libxml2 drops what follows it, a browser does not.
_CLOSING_BODY = re.compile(r"</(?:body|html)\s*>", re.IGNORECASE)


def parse_html(html: str | bytes) -> HtmlElement:
    """Parse a page into an lxml HTML tree (bytes are decoded by their declared charset).

    >>> parse_html(b"<html><body><p>x</p></body></html>").findtext(".//p")
    'x'
    """
    text = decode_html(html) if isinstance(html, bytes) else html
    text = re.sub(r"^\s*<\?xml[^>]*\?>", "", text)
    text = _CLOSING_BODY.sub("", text)
    if not text.strip():
        raise ParseError("empty document")
    try:
        tree = document_fromstring(text, parser=_PARSER)
    except (etree.ParserError, ValueError) as exc:
        raise ParseError(str(exc)) from exc
    if tree is None or tree.find(".//body") is None and len(tree) == 0:
        raise ParseError("no HTML elements")
    return tree


def _visible_text(element: HtmlElement) -> str:
    return clean_text(" ".join(t for t in element.itertext() if t))


#: Elements that start a new line of text (a heading, a paragraph, a block, a break).
_BLOCK_TAGS = frozenset(
    {"address", "article", "blockquote", "br", "dd", "div", "dl", "dt", "figcaption", "figure"}
    | {"footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "li", "ol", "p", "section"}
    | {"table", "td", "th", "tr", "ul"}
)


def _first_line(element: HtmlElement) -> str:
    """The first line of text ``element`` shows, up to where a block-level child starts a new
    one: an author card's link holds the name, then the author's job on a line of its own
    ("<a><h2>Matt Check</h2><div>Head Winemaker</div></a>"), which is no part of the name.

    >>> from lxml.html import fragment_fromstring
    >>> _first_line(fragment_fromstring("<a> <h2>Matt <b>Check</b></h2><div>Head</div></a>"))
    'Matt Check'
    >>> _first_line(fragment_fromstring("<a>Written by <span>Ann Lee</span></a>"))
    'Written by Ann Lee'
    """
    pieces: list[str] = []

    def visit(node: HtmlElement) -> bool:
        """Add ``node``'s text to ``pieces``; True once a line is complete."""
        if node is not element and node.tag in _BLOCK_TAGS and clean_text(" ".join(pieces)):
            return True
        pieces.append(node.text or "")
        for child in node:
            if not isinstance(child.tag, str):
                pieces.append(child.tail or "")
            elif visit(child) or (child.tag in _BLOCK_TAGS and clean_text(" ".join(pieces))):
                return True
            else:
                pieces.append(child.tail or "")
        return False

    visit(element)
    return clean_text(" ".join(pieces))


def find_title(meta: PageMeta, tree: HtmlElement, publisher: str | None) -> str:
    """Headline: the ``<h1>`` that agrees with og:title/JSON-LD headline, else those, else
    ``<title>`` without the site name."""
    candidates = [ld_text(meta.ld("headline")), meta.first("og:title", "twitter:title")]
    h1s = [_visible_text(h) for h in tree.iter("h1")]
    h1s = [h for h in h1s if h]
    for h1 in h1s:
        if any(
            c and (same_text(h1, c) or c.startswith(h1) or h1.startswith(c)) for c in candidates
        ):
            return h1
    for cand in candidates:
        if cand:
            return _strip_site_name(cand, publisher)
    if h1s:
        return h1s[0]
    return _strip_site_name(clean_text(tree.findtext(".//title") or ""), publisher)


def _strip_site_name(title: str, publisher: str | None) -> str:
    parts = _TITLE_SEPARATORS.split(title)
    if len(parts) > 1:
        if publisher and same_text(parts[-1], publisher):
            return " - ".join(parts[:-1])
        if len(parts[-1].split()) <= 4 and len(parts[0].split()) > 3:
            return " - ".join(parts[:-1])
    return title


def _add(target: list[str], names: list[str]) -> None:
    for name in names:
        if name and name.casefold() not in {t.casefold() for t in target}:
            target.append(name)


def _ld_name(entry: dict[str, Any]) -> str | None:
    """The name of a schema.org Person or Organization: ``name``, else ``givenName``,
    ``additionalName`` and ``familyName`` joined (schema.org's parts of a name).

    >>> _ld_name({"@type": "Person", "givenName": "Anna Giulia", "familyName": "Fink"})
    'Anna Giulia Fink'
    >>> _ld_name({"@type": "Person", "name": "&quot;Ann Lee”"})
    'Ann Lee'
    """
    name = ld_text(entry.get("name"))
    if not name:
        parts = [ld_text(entry.get(k)) for k in ("givenName", "additionalName", "familyName")]
        if parts[0] and parts[2]:
            name = " ".join(p for p in parts if p)
    name = clean_text(html.unescape(name)).strip(_QUOTES) if name else None
    return name or None


#: Quotation marks around a whole name ('"Jane Roe"', as some sites fill schema.org's
#: ``name``): no part of the name.
_QUOTES = "\"'\u201c\u201d\u201e\u00ab\u00bb\u2018\u2019 "


#: The separators of a list of names in one structured value (a JSON-LD or meta author):
#: there a comma separates names, never a name from its place ("A, B" is two persons); a
#: spaced dash separates a name from its role or outlet ("Jane Roe - Reporter").
_LIST_SEPARATORS = re.compile(r"\s*[,;|\u3001\uff0c]\s*|\s+[-\u2013\u2014]\s+")


def _structured_credits(
    text: str, publishers: list[str], keep_unread: bool = False
) -> tuple[list[str], list[str]]:
    """Persons and organisations of one structured author value (a JSON-LD name, a meta
    author): each part of its list (see :data:`_LIST_SEPARATORS`) read by
    :func:`parse_byline`. A part it reads as nothing is still a name when written in a script
    without letter case (Arabic, Hebrew, Han, Hangul, ...; a trailing role such as "기자"
    removed; see :func:`_caseless_name`), or, with ``keep_unread`` (a JSON-LD Person's own
    name), when it is the whole value and shaped like a name. Spaces inside such a part do
    not separate names ("大渡 美咲" is one person).

    >>> _structured_credits("Maya Gebeily,Anthony Deutsch", [])
    (['Maya Gebeily', 'Anthony Deutsch'], [])
    >>> _structured_credits("By Jane Roe, Staff Writer", [])
    (['Jane Roe'], [])
    >>> _structured_credits("Anna-Lena Berg \u2013 Reporter", [])
    (['Anna-Lena Berg'], [])
    >>> _structured_credits("محمد علي; 大渡 美咲, 신현주 기자", [])
    (['محمد علي', '大渡 美咲', '신현주'], [])
    >>> _structured_credits("By 배윤경 and 이상현", [])
    (['배윤경', '이상현'], [])
    """
    authors: list[str] = []
    agencies: list[str] = []
    parts = [p for p in _LIST_SEPARATORS.split(clean_text(html.unescape(text))) if p]
    keep_unread = keep_unread and len(parts) == 1
    for index, part in enumerate(parts):
        if part.startswith(("http", "www.")) or (index and is_place_part(part)):
            continue
        persons, orgs = parse_byline(part, publishers)
        if not persons and not orgs:
            pieces = _AND.split(_BY_WORD.sub("", part))
            if all(_caseless(p) for p in pieces):
                persons = [_SCRIPT_ROLES.sub("", p) for p in pieces]
                persons = [p for p in persons if _caseless_name(p)]
            if not persons and keep_unread:
                persons = [_BY_WORD.sub("", part)]
            persons = [p for p in persons if _name_shaped(p)]
        _add_names(authors, persons)
        _add_names(agencies, orgs)
    return authors, agencies


#: "By" in front of, and "and" between, names in a script without case ("By 大渡 美咲").
_BY_WORD = re.compile(rf"^(?:{BY_WORDS})\s+", re.IGNORECASE)
_AND = re.compile(rf"\s+(?:{alternation(words('and_') + words('with_'))}|&)\s+", re.IGNORECASE)


def _caseless_name(text: str) -> bool:
    """A name in a script without case: in Han, Kana or Hangul two to five letters per word
    ("大渡 美咲"; "この記事を書いた人" is a label), else one to four words.

    >>> _caseless_name("大渡 美咲"), _caseless_name("この記事を書いた人"), _caseless_name("אבי כהן")
    (True, False, True)
    """
    words = text.split()
    if _CJK.search(text):
        return all(_SCRIPT_NAME.match(w) for w in words)
    return 1 <= len(words) <= 4


_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")


def _caseless(text: str) -> bool:
    """Letters only of scripts without case (no Latin, Greek, Cyrillic, ... letters).

    >>> _caseless("محمد علي"), _caseless("대전 기자"), _caseless("ssi")
    (True, True, False)
    """
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and not any(c.isupper() or c.islower() for c in letters)


def _name_shaped(text: str) -> bool:
    """No digits, no e-mail or URL, one to six words, not a lead-in word alone."""
    return (
        not any(c.isdigit() for c in text)
        and "@" not in text
        and "/" not in text
        and 1 <= len(text.split()) <= 6
        and not _LEAD_IN.match(text)
    )


def _from_ld_author(
    value: Any, publishers: list[str], by_id: dict[str, dict[str, Any]]
) -> tuple[list[str], list[str]]:
    """Persons and organisations of a JSON-LD ``author`` value: a Person, an Organization, a
    name, an ``@id`` reference into the graph, or a list of these. An Organization is an
    organisation unless it is named like a person and is not the site (see
    :func:`person_named`: a CMS that types every author as the site's kind); a Person's
    name or a plain name is read as a list of credits (see :func:`_structured_credits`)."""
    authors: list[str] = []
    agencies: list[str] = []
    entries = value if isinstance(value, list) else [value]
    for entry in entries:
        if isinstance(entry, dict) and not _ld_name(entry) and entry.get("@id") in by_id:
            entry = by_id[entry["@id"]]  # a reference into the @graph
        if isinstance(entry, dict):
            name = _ld_name(entry)
            if not name or name.startswith(("http", "www.")):
                continue
            if _types(entry) & ORG_TYPES and not (
                person_named(name) and not _is_own(name, publishers)
            ):
                _add_names(agencies, [name])
                continue
            persons, orgs = _structured_credits(name, publishers, keep_unread=True)
        elif isinstance(entry, str):
            persons, orgs = _structured_credits(entry, publishers, keep_unread=True)
        else:
            continue
        _add_names(authors, persons)
        _add_names(agencies, orgs)
    return authors, agencies


def _named_nodes(objects: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """The JSON-LD nodes that carry a name, by ``@id``: the targets of references such as
    ``"author": {"@id": "#/schema/person/1"}``. A bare reference is never its own target,
    wherever it stands in the graph.

    >>> ref, node = {"@id": "#p"}, {"@id": "#p", "@type": "Person", "name": "Jane Roe"}
    >>> _named_nodes([node, ref])["#p"]["name"]
    'Jane Roe'
    """
    nodes: dict[str, dict[str, Any]] = {}
    for obj in objects:
        key = obj.get("@id")
        if isinstance(key, str) and key not in nodes and _ld_name(obj):
            nodes[key] = obj
    return nodes


def _name_key(name: str) -> str:
    """A name's letters only, case-folded: "Sauli.giliard" and "Sauli Giliard" are one name."""
    return "".join(c for c in name.casefold() if c.isalnum())


def _add_names(target: list[str], names: list[str]) -> None:
    """Append the names not yet in ``target`` (compared by :func:`_name_key`)."""
    have = {_name_key(t) for t in target}
    for name in names:
        key = _name_key(name)
        if key and key not in have:
            target.append(name)
            have.add(key)


#: The attributes that may mark a byline element; reading them as strings and looking at the
#: few elements whose attribute matches is cheaper than a pass over every element.
_BYLINE_ATTRIBUTES = etree.XPath(
    "//body//@class | //body//@id | //body//@data-testid | //body//@itemprop | //body//a/@rel"
    " | //body//address"
)
_SKIP_BYLINE_TAGS = frozenset({"meta", "link", "script", "style", "html", "head", "body", "main"})


def _hinted(values: list[str]) -> set[int]:
    """The indices of the ``values`` that :data:`_BYLINE_HINT` finds a word in.

    One search of them all, joined by a character no word holds and lower-cased, for the
    words as written: eight times quicker than a case-insensitive search of each, and the
    same where lowering keeps every character one character and lowers to ASCII every
    character that case-insensitive matching equates with one (:data:`_CASE_ODD`).

    >>> sorted(_hinted(["post-AUTHOR", "menu", "x", "c-byline", "byline-x"]))
    [0, 3, 4]
    >>> sorted(_hinted(["JOURNALİST", "journalıst", "menu"]))
    [0, 1]
    """
    joined = "\x00".join(values)
    lowered = joined.lower()
    if len(lowered) != len(joined) or _CASE_ODD.search(joined):
        return {i for i, value in enumerate(values) if _BYLINE_HINT.search(value)}
    ends = list(accumulate(len(value) + 1 for value in values))
    return {bisect_right(ends, match.start()) for match in _BYLINE_HINT_LOWER.finditer(lowered)}


def _byline_elements(tree: HtmlElement) -> list[HtmlElement]:
    """Elements that print a byline: itemprop=author, rel=author, class/id hints."""
    found: list[HtmlElement] = []
    candidates: dict[HtmlElement, None] = {}
    values = _BYLINE_ATTRIBUTES(tree)
    hinted = _hinted(["" if isinstance(value, HtmlElement) else value for value in values])
    for i, value in enumerate(values):
        if isinstance(value, HtmlElement):  # <address>: HTML's element for author details
            candidates[value] = None
        elif i in hinted:
            candidates[value.getparent()] = None
    for el in candidates:
        if el.tag in _SKIP_BYLINE_TAGS:
            continue
        marked = (
            el.tag == "address"
            or "author" in (el.get("itemprop") or "").split()
            or (el.tag == "a" and "author" in (el.get("rel") or "").split())
        )
        if not marked:
            hint = f"{el.get('class', '')} {el.get('id', '')} {el.get('data-testid', '')}"
            if not _BYLINE_HINT.search(hint) or _NOT_BYLINE_HINT.search(hint):
                continue
        found.append(el)
    # outermost only, and skip page furniture
    chosen = set(found)
    return [
        el for el in found
        if not any(
            a in chosen or (a.tag in _FURNITURE_TAGS and not _articles_margin(a))
            or _other_text(a)
            for a in el.iterancestors()
        )
        and el.tag not in ("form", "input", "label", "textarea")
    ]  # fmt: skip


#: Class/id hints of blocks that show other articles (their bylines are not this page's).
_OTHER_ARTICLES = re.compile(r"teaser|related|recommend|promo|more-stories|read-more", re.I)
#: Class/id hints of the readers' comments (their authors are not the page's): "comments",
#: "comment-list", "jcomments-latest", "commentlist"; not a flag of the article's
#: ("comments-enabled", "has-comments"), nor on an element that holds the whole article.
_COMMENTS = re.compile(
    r"(?<![a-z])(?<!has-)(?<!no-)j?comment(?:s|list)?(?![a-z])"
    r"(?![-_](?:enabled|disabled|open|closed|on|off|allowed|count))",
    re.I,
)
#: Elements that hold the whole article: a hint of comments on them is none.
_WHOLE_PAGE_TAGS = frozenset({"html", "body", "main", "article"})


def _other_text(el: HtmlElement) -> bool:
    """Whether ``el`` marks a block of other articles' teasers or of readers' comments."""
    hint = f"{el.get('class', '')} {el.get('id', '')}"
    return bool(_OTHER_ARTICLES.search(hint)) or (
        el.tag not in _WHOLE_PAGE_TAGS and bool(_COMMENTS.search(hint))
    )


_FURNITURE_TAGS = frozenset({"footer", "aside", "nav", "form"})


def _articles_margin(el: HtmlElement) -> bool:
    """Whether ``el`` is an ``<aside>`` inside an ``<article>``: the article's own margin
    (its byline and date in a side column), not the page's furniture."""
    return el.tag == "aside" and any(a.tag == "article" for a in el.iterancestors())


def _in_furniture(el: HtmlElement) -> bool:
    """Whether ``el`` stands in the page's furniture (a footer, a menu, a form) or in a block
    of other articles' teasers or of readers' comments (see :func:`_other_text`). A "menu"
    that holds a headline is none: it wraps the page (an unclosed ``<nav>``, a form around
    everything).

    >>> from lxml.html import fragment_fromstring
    >>> page = fragment_fromstring("<div><nav><h1>Rain</h1><p><a>Ann Lee</a></p></nav>"
    ...     "<footer><a>Ed Poe</a></footer></div>")
    >>> [_in_furniture(a) for a in page.iter("a")]
    [False, True]
    """
    return any(
        (a.tag in _FURNITURE_TAGS and a.find(".//h1") is None and not _articles_margin(a))
        or _other_text(a)
        for a in el.iterancestors()
    )


#: A date (or time) and what follows it, with the label that may stand before it
#: ("Updated 5 May 2024", "Veröffentlicht am 13. Mai 2026", "Publié le 3 mars 2024").
_DATE_TAIL = re.compile(
    r"\s(?:(?:last\s+)?(?:updated|published|posted|veröffentlicht|aktualisiert|publié|"
    r"mis\s+à\s+jour|publicado|actualizado|pubblicato|aggiornato|gepubliceerd|bijgewerkt|"
    r"publisert|oppdatert|publicerad|uppdaterad|opublikowano|zaktualizowano)"
    r"(?:\s+(?:on|at|am|um|le|el|il|op|den|på|dnia))?\s*:?\s+)?"
    r"(?:\d{1,4}[./-]\d{1,2}|\d{1,2}\.?\s+[^\W\d]{3,}\.?\s+\d{4}|"
    r"[^\W\d]{3,}\.?\s+\d{1,2},?\s+\d{4}|\d{1,2}:\d{2}).*$",
    re.IGNORECASE,
)


#: Byline pieces that are only a lead-in word ("By", "Von", "Par") or a connector.
_LEAD_IN = re.compile(
    rf"^(?:{BY_WORDS}|{alternation(words('and_') + words('with_'))}|&|\||,|/|·|-|–|—)?"
    r"[\s:|,/·–—-]*$",
    re.IGNORECASE,
)
#: Contents of a byline element that are not the byline: an author's biography, social
#: handles, e-mail, a pop-up card or menu, text for screen readers only.
_CONTACT_HINT = re.compile(
    r"bio|twitter|facebook|instagram|linkedin|social|follow|contact|avatar|mail|"
    r"visually-hidden|sr-only|screen-reader|(?:^|[-_ ])(?:menu|icon|photo|image)(?:$|[-_ ])",
    re.IGNORECASE,
)
_SOCIAL_LINK = re.compile(
    r"^(?:https?:)?//(?:[\w-]+\.)*(?:twitter|x|facebook|instagram|linkedin|threads|bsky|"
    r"tiktok|youtube|mastodon)\.\w+/",
    re.IGNORECASE,
)
_NOT_BYLINE_TAGS = frozenset({"time", "script", "style", "noscript", "img", "svg", "picture"})


def _hidden(el: HtmlElement) -> bool:
    style = (el.get("style") or "").replace(" ", "").casefold()
    return (
        "display:none" in style
        or el.get("hidden") is not None
        or (el.get("aria-hidden") or "").casefold() == "true"
    )


def _is_aside(el: HtmlElement) -> bool:
    """A part of a byline element that is not the byline (see :data:`_CONTACT_HINT`): the
    date, hidden copies, links to the author's e-mail or social accounts that print the
    address or handle rather than the name."""
    if el.tag in _NOT_BYLINE_TAGS or _hidden(el):
        return True
    if el.tag == "a":
        text = el.text_content()
        if _SOCIAL_LINK.match(el.get("href") or "") or EMAIL.search(text) or "@" in text:
            return True
    return bool(_CONTACT_HINT.search(f"{el.get('class', '')} {el.get('id', '')}"))


def byline_text(el: HtmlElement) -> str:
    """The byline an element prints, without its author's biography, handles, e-mail, menus
    of links, hidden copies and the date.

    >>> from lxml.html import fragment_fromstring
    >>> byline_text(fragment_fromstring(
    ...     '<div class="byline"><span>By</span> <span class="name">Jane Roe</span>'
    ...     '<ul><li><a href="/bio" class="bio">Biography</a></li><li>@janeroe</li></ul>'
    ...     '<a href="mailto:jane@example.com">jane@example.com</a>'
    ...     '<time>Nov. 19, 2019 8:03 am ET</time></div>'))
    'By Jane Roe'
    >>> byline_text(fragment_fromstring('<div>Dec. 19, 2025 &middot; Jane Roe</div>'))
    'Jane Roe'
    """
    pieces: list[str] = []

    def visit(node: HtmlElement) -> None:
        if node is not el and isinstance(node.tag, str) and _is_aside(node):
            pass
        elif isinstance(node.tag, str):
            pieces.append(node.text or "")
            for child in node:
                visit(child)
        if node is not el:
            pieces.append(node.tail or "")

    visit(el)
    text = HANDLE.sub(" ", EMAIL.sub(" ", " ".join(pieces)))
    text = clean_text(_DATE_TAIL.sub("", " " + _DATE_HEAD.sub("", clean_text(text))))
    text = _TRAILING_LABEL.sub("", text)
    return _REPEAT.sub(r"\1", text).strip(" |,;·–—-")


#: A label with no names after it closing a byline's text ("Jane Roe and AP Powered by": the
#: names it labels are a logo's or the next element's).
_TRAILING_LABEL = re.compile(rf"\s+[^\W\d_]+\s+(?:{BY_WORDS})\s*:?$", re.IGNORECASE)


#: A date that opens a byline, with the separator after it ("Dec. 19, 2025 · Jane Roe",
#: "2025-12-19 | By Jane Roe"): the names follow it (a date after them ends the byline, see
#: :data:`_DATE_TAIL`).
_DATE_HEAD = re.compile(
    r"^(?:\d{1,4}[./-]\d{1,2}[./-]\d{1,4}|\d{1,2}\.?\s+[^\W\d]{3,}\.?,?\s+\d{4}|"
    r"[^\W\d]{3,}\.?\s+\d{1,2},?\s+\d{4})\s*[|·•/–—-]\s*(?=\S)"
)
#: A run of words printed twice in a row (a name and its pop-up card's copy).
_REPEAT = re.compile(r"\b(\w[\w.'’-]*(?:\s+[\w.'’-]+){1,4})\s+\1\b")


def _name_parts(el: HtmlElement) -> list[tuple[list[str], bool]]:
    """Ways to cut one byline element into pieces that each name one credit, best first: its
    ``itemprop=name`` children and links; its leaf elements when there are several (one
    element per author, "<span>A</span> <span>B</span>"); its whole byline text; its one leaf
    element with a name (the rest being labels, dates, reading times). Each way comes with
    True when it is made of pieces (not the whole text)."""
    inner = [
        n for n in el.iter()
        if n is not el and isinstance(n.tag, str)
        and not any(a is not el and _is_aside(a) for a in _up_to(n, el))
        and not _after_in(n)
    ]  # fmt: skip
    marked = [n for n in inner if "name" in (n.get("itemprop") or "").split() or n.tag == "a"]
    leaves = [n for n in inner if len(n) == 0]
    marked_parts, leaf_parts = (
        [
            p for p in (_DATE_TAIL.sub("", " " + _first_line(n)).strip() for n in group)
            if p and len(p) <= 80 and not _LEAD_IN.match(p) and not p.endswith(":")
            and not any(c.isdigit() for c in p)
        ]
        for group in (marked, leaves)
    )  # fmt: skip
    ways = [(marked_parts, True)] if marked_parts else []
    if len(leaf_parts) >= 2:
        ways.append((leaf_parts, True))
    ways.append(([byline_text(el)], False))
    if len(leaf_parts) == 1:
        ways.append((leaf_parts, True))
    return ways


def _after_in(node: HtmlElement) -> bool:
    """Whether ``node`` is printed right after the word "in": a place or the section the
    article is filed in ("Ann Lee in <a>Project Management</a>", see
    :func:`~newscrawl.normalize.bylines.is_place_part`), not a name.

    >>> from lxml.html import fragment_fromstring
    >>> [_after_in(a) for a in fragment_fromstring(
    ...     "<p>By <a>Ann Lee</a> in <a>Project Management</a></p>").iter("a")]
    [False, True]
    """
    previous = node.getprevious()
    before = previous.tail if previous is not None else node.getparent().text
    return bool(_IN_BEFORE.search(before or ""))


#: The word "in" closing the text before an element.
_IN_BEFORE = re.compile(r"(?:^|\s)(?:in|IN)\s*$")


def _up_to(node: HtmlElement, top: HtmlElement) -> list[HtmlElement]:
    """``node`` and its ancestors below ``top``."""
    chain = [node]
    for parent in node.iterancestors():
        if parent is top:
            break
        chain.append(parent)
    return chain


def _element_names(el: HtmlElement, publishers: list[str]) -> tuple[list[str], list[str]]:
    """Persons and organisations printed in one byline element: from the first way of cutting
    it (see :func:`_name_parts`) that gives a person, else the first that gives anything.
    A piece (a link, a leaf element) names one credit or a list of them, so it is read like
    a structured value (see :func:`_structured_credits`: "Mathias Hagen – Journalist",
    "大渡 美咲"). A piece of one word in a script with letter case is a label
    ("Comments", "News", "Updated"), not a person, unless it is a known agency or an
    abbreviation in capitals ("dpa", "SID"); a credit that only repeats another with
    more words ("Jane Roe Reporter" beside "Jane Roe") is dropped, and so is the site's own
    name beside a person."""
    found: tuple[list[str], list[str]] = ([], [])
    writers, others = _credit_texts(el)
    for parts, pieces in _name_parts(el):
        authors: list[str] = []
        agencies: list[str] = []
        for text in parts:
            if not text or len(text) > 200:
                continue
            if pieces:  # one credit per piece: read like a structured value
                persons, orgs = _structured_credits(text, publishers)
            else:
                persons, orgs = _parse_credit(text, publishers)
            if pieces:
                persons = [a for a in persons if not _one_cased_word(a)]
                orgs = [o for o in orgs if not _one_cased_word(o) or _agency_word(o)]
            persons, orgs = (
                [n for n in names if not _is_credit_label(n)] for names in (persons, orgs)
            )
            _add_names(authors, [a for a in persons if not _LEAD_IN.match(a)])
            _add_names(agencies, orgs)
        if others and (writing := [a for a in authors if not _credits_other(a, writers, others)]):
            # the writers, without those credited as reviewers, editors, fact-checkers (when
            # they are the only persons named, they are the credit the page gives)
            authors = writing
            agencies = [a for a in agencies if not _credits_other(a, writers, others)]
        kept = _without_longer_copies(authors + agencies)
        authors = [a for a in authors if a in kept]
        agencies = [a for a in agencies if a in kept and not (authors and _is_own(a, publishers))]
        if found[0]:
            # a later way names the same persons and more, each by a given name and a
            # surname ("<a>A</a>, <a>B</a>, <span>C</span> und <span>D</span>"): the links
            # were only some of the names
            more = [a for a in authors if a not in found[0]]
            if set(found[0]) < set(authors) and _full_names(more, publishers):
                return authors, agencies
            if not pieces and set(found[0]) == set(authors):
                # the whole text names the same persons and an agency beside them ("<a>Jane
                # Roe</a> and <span>AP</span>"): the links were only the persons
                _add_names(found[1], [a for a in agencies if is_known_agency(a)])
            continue
        if authors or (agencies and not found[1]):
            found = (authors, agencies)
    return found


#: A label in a byline element's text: of a credit to someone other than the writer
#: ("Reviewed by", "Edited by", "Fact checked"), or of the writer ("Written by", "Author", a
#: by-word at the start or after a separator: "By A | Edited by B").
_CREDIT_LABEL = re.compile(
    rf"(?<![\w-])(?:(?P<other>{alternation(words('other_credit'))})"
    rf"|{alternation(words('writer'))}|(?:^|(?<=[|.,;·•]))\s*(?:{BY_WORDS}))(?![\w-])\s*:?",
    re.IGNORECASE,
)


def _credit_texts(el: HtmlElement) -> tuple[str, str]:
    """(text of ``el`` that credits the writer, text after a label of another's credit), both
    case-folded; the second is empty when ``el`` holds no such label (see
    :data:`_CREDIT_LABEL`).

    >>> from lxml.html import fragment_fromstring
    >>> _credit_texts(fragment_fromstring("<p>By <a>Ann Lee</a>. Reviewed by <a>Bo Li, MD"
    ...     "</a> | Written by <a>Cy Dee</a></p>"))
    ('ann lee . | cy dee', 'bo li, md')
    """
    text = clean_text(" ".join(el.itertext())).casefold()  # elements apart: "A</a><b>Edited"
    writers: list[str] = []
    others: list[str] = []
    into, at = writers, 0
    for label in _CREDIT_LABEL.finditer(text):
        into.append(text[at : label.start()])
        into, at = (others if label.group("other") else writers), label.end()
    if not others and into is writers:
        return text, ""
    into.append(text[at:])
    writer, other = (
        " | ".join(t.strip(" |") for t in into if t.strip(" |")) for into in (writers, others)
    )
    return writer, other


def _credits_other(name: str, writers: str, others: str) -> bool:
    """Whether ``name`` is printed only after a label of another's credit (see
    :func:`_credit_texts`)."""
    folded = " ".join(name.casefold().split())
    return folded in others and folded not in writers


def _is_credit_label(name: str) -> bool:
    """Whether ``name`` is a label of a credit, whole ("Written By", "Fact Checked").

    >>> _is_credit_label("Fact Checked"), _is_credit_label("Written By"), _is_credit_label("Bo Li")
    (True, True, False)
    """
    label = _CREDIT_LABEL.match(name)
    return label is not None and label.end() == len(name.rstrip())


def _agency_word(word: str) -> bool:
    """A known agency ("dpa") or a short abbreviation in capitals ("SID", "APA")."""
    return is_known_agency(word) or bool(re.fullmatch(r"[A-Z]{2,6}", word))


def _one_cased_word(name: str) -> bool:
    """One word in a script with letter case ("Comments"; not "松岡大地")."""
    return len(name.split()) == 1 and not _caseless(name)


def _without_longer_copies(names: list[str]) -> list[str]:
    """``names`` without those that hold another of them and more words: "Jane Roe
    Reporter", "Jane Roe Jane Roe" beside "Jane Roe".

    >>> _without_longer_copies(["Nicole Opitz Redakteurin", "Nicole Opitz", "Tom Wyss"])
    ['Nicole Opitz', 'Tom Wyss']
    """
    words = [_name_key(n) and f" {' '.join(n.casefold().split())} " for n in names]
    return [
        name for name, own in zip(names, words, strict=True)
        if not any(other != own and other and other in own for other in words)
    ]  # fmt: skip


#: Roles printed after a name in scripts written without spaces between words
#: ("신현주 기자", "松岡大地記者"): reporter, correspondent, editor, staff writer.
_SCRIPT_ROLES = re.compile(
    r"\s*(?:기자|특파원|논설위원|선임기자|記者|特派員|编辑|編輯|责任编辑|記者|记者|特派员|通讯员)$"
)
#: A name in such a script: two to five letters of Han, Hangul or Kana, nothing else.
_SCRIPT_NAME = re.compile(r"^[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]{2,5}$")


def _parse_credit(text: str, publishers: list[str]) -> tuple[list[str], list[str]]:
    """:func:`parse_byline`, plus names in scripts written without spaces, which it leaves
    out: a part of two to five Han/Hangul/Kana letters (after a role such as "기자") that is
    not the publisher is a person.

    >>> _parse_credit("신현주 기자", ["한국일보"]), _parse_credit("牛镛 岳弘彬", [])
    ((['신현주'], []), (['牛镛', '岳弘彬'], []))
    """
    parsed = parse_byline(text, publishers)
    if parsed.authors or parsed.agencies:
        return parsed.authors, parsed.agencies
    own = {p.casefold() for p in publishers}
    names = [_SCRIPT_ROLES.sub("", part) for part in re.split(r"[\s,、，/|·]+", text) if part]
    names = [n for n in names if n]
    if names and all(_SCRIPT_NAME.match(n) for n in names):
        return [n for n in names if n.casefold() not in own], []
    return [], []


def _site_names(meta: PageMeta, publishers: list[str]) -> list[str]:
    """The names the site calls itself: ``publishers`` plus its JSON-LD ``publisher`` and
    ``og:site_name`` / ``application-name``, which often differ ("Krautreporter eG" and
    "Krautreporter")."""
    names: list[str] = []
    _add_names(names, publishers)
    value = meta.ld("publisher")
    for entry in value if isinstance(value, list) else [value]:
        if isinstance(entry, dict) and (name := _ld_name(entry)):
            _add_names(names, [name])
    _add_names(names, meta.all("og:site_name", "application-name"))
    return names


def _own_names(meta: PageMeta, publishers: list[str]) -> list[str]:
    """The site's names (:func:`_site_names`) that name an organisation: a name shaped like a
    person's (see :func:`person_named`: "Cory Dransfeldt") is left out, for a site called by
    its author's name is that person's, and the name in its byline credits the person.

    >>> from lxml.html import document_fromstring
    >>> page = document_fromstring("<html><head><meta property='og:site_name' content="
    ...     "'Erin Spain'><meta property='og:site_name' content='Podium Staff'></head></html>")
    >>> _own_names(PageMeta(page), [])
    ['Podium Staff']
    """
    return [name for name in _site_names(meta, publishers) if not person_named(name)]


def _is_own(credit: str, own: list[str]) -> bool:
    """Whether ``credit`` names the site itself: one of its names, or one of them with words
    added or left off at the end ("Krautreporter" / "Krautreporter eG", "Frankfurter
    Allgemeine Zeitung GmbH" / "Frankfurter Allgemeine Zeitung").

    >>> _is_own("Krautreporter ", ["Krautreporter eG"]), _is_own("AFP", ["Krautreporter eG"])
    (True, False)
    """
    words = credit.casefold().split()
    for name in own:
        other = name.casefold().split()
        short, long = sorted((words, other), key=len)
        if short and long[: len(short)] == short:
            return True
    return False


def _meta_credits(meta: PageMeta, own: list[str]) -> tuple[list[str], list[str]]:
    """Persons and organisations of the author meta tags, the site's own names (``own``) left
    out when a tag names a person or another organisation too (one tag may name the site,
    the next the author). A tag that names, in any case, a site called by a person's name is
    that person, written as the site writes it.

    >>> from lxml.html import document_fromstring
    >>> page = document_fromstring("<html><head><meta property='og:site_name' content="
    ...     "'Erin Spain'><meta name='author' content='erin spain'></head></html>")
    >>> _meta_credits(PageMeta(page), [])
    (['Erin Spain'], [])
    """
    authors: list[str] = []
    agencies: list[str] = []
    named = {n.casefold(): n for n in _site_names(meta, []) if person_named(n)}
    labelled = _labelled_writers(meta)
    logins: list[str] = []
    for raw in meta.all(*_AUTHOR_META) + labelled:
        if raw.startswith(("http", "@")) or len(raw) > 200:
            continue
        if person := named.get(" ".join(raw.casefold().split())):
            _add_names(authors, [person])  # "cory dransfeldt" on Cory Dransfeldt's site
            continue
        persons, orgs = _structured_credits(raw, own, keep_unread=raw in labelled)
        persons = [p for p in persons if not _is_account(p)]
        if not persons and not orgs and _one_cased_word(raw) and not _is_account(raw):
            _add_names(logins, _structured_credits(raw, own, keep_unread=True)[0])
        _add_names(authors, persons)
        _add_names(agencies, orgs)
    if not authors and not agencies:
        authors = logins  # one word in an author tag, and nothing else: a CMS login, as written
    others = [a for a in agencies if not _is_own(a, own)]
    return authors, others if authors or others else agencies


def _is_account(name: str) -> bool:
    """A publishing system's built-in or shared account ("admin", "Redaktion"), no person.

    >>> _is_account("admin"), _is_account("Redaktion"), _is_account("jdoe")
    (True, True, False)
    """
    return " ".join(name.casefold().split()) in _ACCOUNTS


_ACCOUNTS = frozenset(words("accounts"))


#: A label of the page's writer, whole ("Written by", "Author"): see :func:`_labelled_writers`.
_WRITER_LABEL = re.compile(rf"^(?:{alternation(words('writer'))})\s*:?$", re.IGNORECASE)


def _labelled_writers(meta: PageMeta) -> list[str]:
    """The values of the ``twitter:dataN`` tags whose ``twitter:labelN`` is a label of the
    writer ("Written by": the label/value pairs a link preview shows, which SEO plugins fill
    with the post's author as the CMS names them, a login included: "jdoe").

    >>> from lxml.html import document_fromstring
    >>> _labelled_writers(PageMeta(document_fromstring(
    ...     "<html><head><meta name='twitter:label1' content='Written by'><meta name="
    ...     "'twitter:data1' content='jdoe'><meta name='twitter:label2' content='Est. reading "
    ...     "time'><meta name='twitter:data2' content='4 minutes'></head></html>")))
    ['jdoe']
    """
    found: list[str] = []
    for number in range(1, 5):
        label = meta.first(f"twitter:label{number}")
        if label is None:
            break
        value = meta.first(f"twitter:data{number}")
        if value and _WRITER_LABEL.match(label.strip()):
            found.append(value)
    return found


def find_authors(
    meta: PageMeta, tree: HtmlElement, publishers: list[str], headline: str | None = None
) -> tuple[str | None, list[str], list[str]]:
    """(byline as printed, persons, organisations), from the most reliable signal that names
    anyone, structured data first: the JSON-LD ``author``; when it names no one or only the
    site itself (see :func:`_own_names`; a Person named like the site is the site, unless
    the site is named like a person), the
    author meta tags; and only when neither names anyone, the byline elements printed on the
    page (read from text, they are the least precise: labels, places, other articles'
    credits), then links to an author's page, then trafilatura's reading. Organisations
    count as credits (an agency, or the site's own name when nothing
    else is named). Structured data that credits only the site gives way to a printed
    byline of full names; structured persons the page prints nowhere give way to one that
    names others (see :func:`_printed_instead`)."""
    byline: str | None = None
    every = _byline_elements(tree)
    elements = every[:3]
    for el in elements:
        text = byline_text(el)
        if text and len(text) <= 200:
            byline = text
            break
    own = _own_names(meta, publishers)
    found: tuple[list[str], list[str]] = ([], [])
    value = meta.ld("author")
    if value:
        found = _from_ld_author(value, own, _named_nodes(meta.ld_objects))
    if not found[0] and all(_is_own(a, own) for a in found[1]):
        from_meta = _meta_credits(meta, own)
        if from_meta[0] or (from_meta[1] and not found[1]):
            found = from_meta
    shown = cache(partial(_printed_names, every, own))  # read when asked
    if not found[0] and _only_the_site(found[1], own):
        # The structured data credits only the site itself: a byline element, else links to
        # authors' pages, else a byline line after the headline (see :func:`_line_names`),
        # that name persons by their full names name the authors.
        readers: tuple[Callable[[], tuple[list[str], list[str]]], ...] = (
            shown,
            lambda: _author_page_links(tree, own),
            lambda: _headline_credits(tree, headline, own)[:2],
        )
        for read in readers:
            persons, orgs = read()
            full = [p for p in persons if _full_names([p], own)]
            if full:
                return byline, full, orgs
    if found[0] and all(_one_cased_word(p) for p in found[0]) and _full_names(shown()[0], own):
        # The structured data names only logins ("jdoe", "KatieS": a CMS account whose
        # display name was never set); the byline printed on the page names the persons.
        return byline, *shown()
    if found[0] and (printed := _printed_instead(found[0], shown, tree, headline, own)):
        return byline, printed, []
    if found[0] or found[1]:
        return byline, found[0], found[1]
    if shown()[0] or shown()[1]:
        return byline, *shown()
    persons, orgs, line = _headline_credits(tree, headline, own)
    if persons or orgs:
        return byline or line, persons, orgs
    linked = _author_page_links(tree, own)
    if linked[0] or linked[1]:
        return byline, linked[0], linked[1]
    persons = _avatar_names(tree, own)
    if persons:
        return byline, persons, []
    persons, orgs = _trafilatura_credits(tree)
    if persons or orgs:
        return byline, persons, orgs
    named, line = _by_lines(tree, own)
    if named:
        return byline or line, named, []
    return byline, _site_person(meta, publishers), []


def _printed_instead(
    named: list[str],
    shown: Callable[[], tuple[list[str], list[str]]],
    tree: HtmlElement,
    headline: str | None,
    own: list[str],
) -> list[str]:
    """The persons a printed byline names instead of the structured data's ``named``, when
    the page prints none of those anywhere: the structured author is then the publishing
    system's account that posted the page ("NOC Admin", an editor's login), and the byline
    printed on the page (a byline element, else a line after the headline) names the writer.
    Only persons by their full names count, none sharing a surname with ``named`` (the
    same person written another way)."""
    body = tree.find("body")
    if body is None or any(_caseless(n) for n in named):
        return []
    text = " ".join(body.text_content().split()).casefold()  # scripts too: a name there
    if any(" ".join(n.split()).casefold() in text for n in named):  # counts as printed
        return []
    surnames = {n.split()[-1].casefold() for n in named}
    readers: tuple[Callable[[], list[str]], ...] = (
        lambda: shown()[0],
        lambda: _headline_credits(tree, headline, own)[0],
        lambda: _by_lines(tree, own)[0],
    )
    for read in readers:
        persons = [p for p in read() if _full_names([p], own)]
        if persons and not any(p.split()[-1].casefold() in surnames for p in persons):
            return persons
    return []


def _headline_credits(
    tree: HtmlElement, headline: str | None, own: list[str]
) -> tuple[list[str], list[str], str | None]:
    """Persons, organisations and byline text of the first line after the headline that reads
    as a byline (see :func:`_headline_lines` and :func:`_line_names`)."""
    lines = _headline_lines(tree, headline)
    for i, (el, text) in enumerate(lines):
        shown = _line_names(el, text, own, lines[i + 1][1] if i + 1 < len(lines) else "")
        if shown[0] or shown[1]:
            return shown[0], shown[1], byline_text(el)
    return [], [], None


def _by_lines(tree: HtmlElement, own: list[str]) -> tuple[list[str], str | None]:
    """The persons of the first element anywhere on the page that opens with a by-word or a
    label of the writer ("By Jane Roe", "Written by Jane Roe", "Von Anna Berg", "Author:"
    and the name on the next element), outside the page's furniture and other articles'
    teasers, with its text: a byline printed as a paragraph of the article, or as an author
    card, with no class hint or position after the headline. Only persons of two words or
    more count (one word after "By" is too often something else: "By appointment").

    >>> from lxml.html import document_fromstring
    >>> _by_lines(document_fromstring("<html><body><p>Photo by Ed Roe</p><p>Text.</p><div>"
    ...     "<h2>Article by</h2><div>Ann Lee</div></div></body></html>"), [])
    (['Ann Lee'], 'Article by Ann Lee')
    """
    body = tree.find("body")
    for el in body.iter() if body is not None else ():
        if not isinstance(el.tag, str) or el.tag in _SKIP_BYLINE_TAGS:
            continue
        if not _WRITER_OPENING.match((el.text or "").lstrip()):
            continue
        text = _visible_text(el)
        label = _WRITER_OPENING.match(text)
        if not label or len(text) > 80 or _in_furniture(el):
            continue
        names = text[label.end() :]
        if not names and el.tail and el.tail.strip():
            names = clean_text(el.tail)  # "<strong>Author:</strong> Ann Lee"
            text = f"{text} {names}"
        elif not names and (following := el.getnext()) is not None:
            names = _first_line(following)  # the label on a line of its own
            text = f"{text} {names}"
        names = _DATE_TAIL.sub("", " " + names).strip()
        if not names or len(names) > 80:
            continue
        persons = [p for p in _structured_credits(names, own)[0] if len(p.split()) >= 2]
        if persons:
            return persons, _DATE_TAIL.sub("", " " + text).strip()
    return [], None


#: A by-word or a label of the writer opening a line ("By", "Written by", "Author:").
_WRITER_OPENING = re.compile(
    rf"^(?:{alternation(words('writer'))}|{BY_WORDS})\b\s*:?\s*", re.IGNORECASE
)


def _site_person(meta: PageMeta, publishers: list[str]) -> list[str]:
    """The person a site is called after, for a page where nothing else names anyone: a
    personal site or blog calls itself by its author's name (``og:site_name``, the
    ``<title>``'s part after a separator, "Colin Watson's blog"). One person's name (see
    :func:`person_named`) and no other site name that is one.

    >>> from lxml.html import document_fromstring
    >>> _site_person(PageMeta(document_fromstring("<html><head><title>Go ahead | Pierce "
    ...     "Freeman</title></head><body><p>Text.</p></body></html>")), [])
    ['Pierce Freeman']
    >>> _site_person(PageMeta(document_fromstring("<html><head><meta property="
    ...     "'og:site_name' content='Colin Watson&#39;s blog'></head></html>")), [])
    ['Colin Watson']
    """
    names = list(_site_names(meta, publishers)) + _rights_holders(meta.tree)
    title = meta.first("og:title", "twitter:title") or ""
    page_title = clean_text(meta.tree.findtext(".//title") or "")
    for text in (page_title, title):
        parts = _TITLE_SEPARATORS.split(text)
        if len(parts) > 1:
            names += [parts[0], parts[-1]]
    persons: list[str] = []
    for name in names:
        name = _OWNERS_SITE.sub("", name.strip())
        if person_named(name):
            _add_names(persons, [name])
    return persons if len(persons) == 1 else []


#: A copyright notice's holder: "© 2025 Jane Roe.", "Copyright © 2024 Jane Roe -".
_RIGHTS_HOLDER = re.compile(
    r"(?:©|\(c\)|copyright)\s*(?:©\s*)?(?:\d{4}\s*(?:[-–]\s*\d{4}\s*)?)?,?\s*"
    r"([^\W\d_][\w'’-]*\s+[^\W\d_][\w'’-]*)\s*(?:[.,|·•–—-]|$|all\b)",
    re.IGNORECASE,
)


def _rights_holders(tree: HtmlElement) -> list[str]:
    """The holders of the copyright notices in the page's ``<footer>`` elements: a personal
    site states its owner there ("© 2025 Jane Roe. All rights reserved.").

    >>> from lxml.html import document_fromstring
    >>> _rights_holders(document_fromstring("<html><body><p>© 2020 Ed Poe.</p><footer>"
    ...     "<p>&copy; 2019-2025 Jane Roe. All rights reserved.</p></footer></body></html>"))
    ['Jane Roe']
    """
    holders: list[str] = []
    for footer in tree.iter("footer"):
        text = " ".join(footer.text_content().split())
        if len(text) > 2000:
            continue
        holders += [m.group(1) for m in _RIGHTS_HOLDER.finditer(text)]
    return holders


#: "'s blog", "’s Website" after the name of a site's owner.
_OWNERS_SITE = re.compile(r"['’]s\s+(?:[^\W\d_]+\s+)?[^\W\d_]+$")


def _only_the_site(credits: list[str], own: list[str]) -> bool:
    """Whether ``credits`` name the site itself and nothing else."""
    return bool(credits) and all(_is_own(a, own) for a in credits)


def _full_names(persons: list[str], own: list[str]) -> bool:
    """Whether ``persons`` are each a given name and a surname at least (see
    :func:`is_given_name`), none of them the site's name."""
    return bool(persons) and all(
        len(p.split()) > 1 and is_given_name(p.split()[0]) and not _is_own(p, own) for p in persons
    )


#: A link to an author's page: ``/author/jane-roe`` (WordPress's and most CMSs' address for
#: an author's articles), ``/authors/jane-roe/``, ``?author=Jane+Roe``.
_AUTHOR_PAGE = re.compile(r"/authors?/[^/?#]+/?(?:[?#]|$)|[?&]_?author=[^&#]", re.IGNORECASE)


def _author_page_links(tree: HtmlElement, own: list[str]) -> tuple[list[str], list[str]]:
    """Persons and organisations named by the first links to an author's page (see
    :data:`_AUTHOR_PAGE`) outside the page's furniture and other articles' teasers, with the
    links beside it (the same parent or grandparent: a list of authors), for a page whose
    byline has no class, label or position we know. A link's text is read like a structured
    author value; one word with letter case is a label ("Authors"), not a person.

    >>> from lxml.html import document_fromstring
    >>> _author_page_links(document_fromstring(
    ...     "<html><body><nav><a href='/author/ed'>Ed Nav</a></nav><h1>Rain</h1><ul>"
    ...     "<li><a href='/authors/ann-lee/'>Ann Lee</a></li><li><a href='/authors/bo-li/'>"
    ...     "Bo Li</a></li></ul><p>It rained.</p><a href='/author/x'>Other Person</a>"
    ...     "</body></html>"), [])
    (['Ann Lee', 'Bo Li'], [])
    """
    persons: list[str] = []
    orgs: list[str] = []
    first: HtmlElement | None = None
    for link in _headline_first(tree, "a"):
        if not _AUTHOR_PAGE.search(link.get("href") or ""):
            continue
        if _in_furniture(link):
            continue
        text = _first_line(link)
        if not text or len(text) > 80:
            continue
        found, others = _structured_credits(text, own)
        found = [name for name in found if not _one_cased_word(name)]
        if not found and not others:
            continue
        parent = link.getparent()
        if first is None:
            first = parent
        elif parent is not first and parent.getparent() is not first.getparent():
            break
        _add_names(persons, found)
        _add_names(orgs, others)
    box = first.getparent() if first is not None else None
    if box is not None and persons:
        writers, other = _credit_texts(box)  # "By <a>A</a> | Fact-checked by <a>B</a>"
        if other and (writing := [p for p in persons if not _credits_other(p, writers, other)]):
            persons = writing
    return persons, orgs


def _avatar_names(tree: HtmlElement, own: list[str]) -> list[str]:
    """The persons named beside the first author's picture (an element whose class marks an
    avatar: "avatar", "author-avatar", "fluid-avatar-image") outside the page's furniture,
    other articles' teasers and readers' comments, after the headline first (see
    :func:`_headline_first`): a blog's or a company's author card shows the writer's
    picture and name, with no byline class. The text of the picture's parent, or else of
    its grandparent or great-grandparent, of 80 characters at most, read as a byline element;
    a publishing system's account ("admin") is none.

    >>> from lxml.html import document_fromstring
    >>> _avatar_names(document_fromstring("<html><body><h1>Rain</h1><ul><li><span>"
    ...     "<img class='user-avatar' src='a.jpg'></span><span>Ann Lee</span></li><li>3 min"
    ...     "</li></ul><p>It rained.</p></body></html>"), [])
    ['Ann Lee']
    """
    for pic in _headline_first(tree, "*"):
        if "avatar" not in (pic.get("class") or "").casefold() or _in_furniture(pic):
            continue
        node = pic
        for _ in range(3):
            node = node.getparent()
            if node is None or node.tag in _WHOLE_PAGE_TAGS:
                break
            text = _visible_text(node)
            if not text:
                continue
            if len(text) > 80:
                break
            persons = [p for p in _element_names(node, own)[0] if not _is_account(p)]
            if persons:
                return persons
            break
    return []


def _headline_first(tree: HtmlElement, tag: str) -> list[HtmlElement]:
    """The ``tag`` elements of the page after its first ``<h1>``, then those before it: what
    precedes the headline is mostly the site's header and menus (a menu of columnists links
    their author pages), what follows it the article's own.

    >>> from lxml.html import document_fromstring
    >>> [a.text for a in _headline_first(document_fromstring(
    ...     "<html><body><a>menu</a><h1>Rain</h1><a>byline</a></body></html>"), "a")]
    ['byline', 'menu']
    """
    before: list[HtmlElement] = []
    after: list[HtmlElement] = []
    into = before
    for el in tree.iter("h1", tag):
        if el.tag == "h1" and into is before:
            into = after
        elif el.tag == tag or (tag == "*" and isinstance(el.tag, str)):
            into.append(el)
    return after + before


def _trafilatura_credits(tree: HtmlElement) -> tuple[list[str], list[str]]:
    """Persons and organisations of the author trafilatura's metadata reader finds (its meta
    tags, JSON-LD, then its byline XPaths), for a page where no signal of ours names anyone:
    each of its names read by :func:`parse_byline` (an organisation word makes it an
    organisation), a name it reads as nothing kept as a person when shaped like a name.

    >>> from lxml.html import document_fromstring
    >>> _trafilatura_credits(document_fromstring(
    ...     "<html><body><h1>Rain</h1><span class='posted-by'>Ann Lee</span>"
    ...     "<p>It rained all day.</p></body></html>"))
    (['Ann Lee'], [])
    >>> _trafilatura_credits(document_fromstring(
    ...     "<html><body><h1>Rain</h1><span class='posted-by'>Personal finance January</span>"
    ...     "<p>It rained all day.</p></body></html>"))
    ([], [])
    """
    from trafilatura.metadata import examine_meta, extract_author, extract_meta_json

    try:
        found = examine_meta(tree)
        if found.author and " " not in found.author:  # as trafilatura: one word is no name
            found.author = None
        found = extract_meta_json(tree, found)
        text = found.author or extract_author(tree)
    except Exception:  # noqa: BLE001 - a third-party reader's error costs only its answer
        return [], []
    persons: list[str] = []
    orgs: list[str] = []
    for name in (text or "").split(";"):
        name = name.strip()
        words = name.casefold().split()
        # Its XPaths also return labels and dates ("Written By", "Dec", "Personal finance
        # January"): a name ending in a by-word or a month is none. (One word alone can be a
        # blog's author: "kev".)
        if not words or _BY_LINE.match(words[-1] + " x") or words[-1].strip(".") in _MONTHS:
            continue
        if not _name_shaped(name):
            continue
        parsed = parse_byline(name)
        _add_names(persons, parsed.authors or ([] if parsed.agencies or is_label(name) else [name]))
        _add_names(orgs, parsed.agencies)
    return persons, orgs


def _printed_names(every: list[HtmlElement], own: list[str]) -> tuple[list[str], list[str]]:
    """Persons and organisations of the first of the first three byline elements that names a
    person (else of the first that names an organisation: a lone "AFP" is often a photo
    credit), with those of the elements that repeat it (see :func:`_repeated`)."""
    readings = [(el, _element_names(el, own)) for el in every[:3]]
    for el, shown in [r for r in readings if r[1][0]] or [r for r in readings if r[1][1]]:
        for other in _repeated(el, every):
            more = _element_names(other, own)
            _add_names(shown[0], more[0])
            _add_names(shown[1], more[1])
        return shown
    return [], []


def _repeated(el: HtmlElement, elements: list[HtmlElement]) -> list[HtmlElement]:
    """The byline elements after ``el`` that repeat it: the same tag and class under the same
    parent (one element per author: "<a rel=author>A</a>, <a rel=author>B</a>", several
    ``itemprop=author`` spans)."""
    parent, kind = el.getparent(), (el.tag, el.get("class"), el.get("itemprop"), el.get("rel"))
    return [
        other for other in elements[elements.index(el) + 1 :]
        if other.getparent() is parent
        and (other.tag, other.get("class"), other.get("itemprop"), other.get("rel")) == kind
    ]  # fmt: skip


#: A line that opens with "By" in some language ("Von X", "Par X", "Por X").
_MONTHS = month_numbers()
_BY_LINE = re.compile(rf"^(?:{BY_WORDS})\s+(?=\S)", re.IGNORECASE)
_NUMERIC_DATE = re.compile(r"\b\d{1,2}[./-]\d{1,2}[./-]\d{2,4}\b")


def _headline_lines(
    tree: HtmlElement, headline: str | None = None, limit: int = 6
) -> list[tuple[HtmlElement, str]]:
    """The first few short elements printed after the heading that shows the ``headline``
    (see :func:`headline_element`; else the first ``<h1>``), its following siblings, then
    its parents', each with its text: where a byline without class hints stands (the
    typographic convention of a news page: headline, standfirst, byline and date)."""
    h1 = headline_element(tree, headline)
    out: list[tuple[HtmlElement, str]] = []
    node = h1
    for _ in range(3):
        if node is None or node.tag in ("body", "html"):
            break
        for sibling in node.itersiblings():
            if not isinstance(sibling.tag, str) or sibling.tag in _SKIP_BYLINE_TAGS:
                continue
            text = _visible_text(sibling)
            if text and len(text) <= 200:
                out.append((sibling, text))
            if len(out) >= limit:
                return out
        node = node.getparent()
    return out


#: A label of the publication or update time after a separator ("Ann Lee | Published 4 months
#: ago", "Ann Lee · Updated yesterday"): the line is dated though its date is not one.
_TIME_LABEL = re.compile(
    rf"\s[|·•–—]\s*(?:{alternation(words('published') + words('updated'))})\b", re.IGNORECASE
)

#: A credit label opening a line ("Photo: Jane Roe", "Copyright Jane Roe 2025", "©").
_CREDIT_OPENING = re.compile(rf"^(?:©|\(c\)|(?:{alternation(words('credit'))})\b)", re.IGNORECASE)

#: Words that join names in a byline, in every language of the lexicon.
_AND_WORDS = frozenset(words("and_"))


def _line_names(
    el: HtmlElement, text: str, own: list[str], next_text: str = ""
) -> tuple[list[str], list[str]]:
    """The credits of a line after the headline (see :func:`_headline_lines`) that reads as a
    byline: it opens with "By" ("Von", "Par", ...), or it holds a date (or a label of one
    after a separator: "Jane Roe | Published 4 months ago") and names persons of two words
    or more before it ("Jane Roe | 05.04.2025"), or it is nothing but such
    persons' names and the line after it (``next_text``) holds the date. Read like a
    byline element."""
    if _BY_LINE.match(text):
        return _element_names(el, own)
    if _CREDIT_OPENING.match(text):
        return [], []  # a picture's credit or the copyright notice ("© 2025 Jane Roe")
    dated = _DATE_TAIL.search(" " + text) or _NUMERIC_DATE.search(text) or _TIME_LABEL.search(text)
    if not dated and not (_DATE_TAIL.search(" " + next_text) or _NUMERIC_DATE.search(next_text)):
        return [], []
    named, orgs = _element_names(el, own)
    persons = [p for p in named if len(p.split()) >= 2]
    if not dated and not _only_names(text, persons):
        return [], []  # the line holds more than the names: a standfirst, a caption
    if dated and (before := [p for p in persons if p.casefold() in _before(text, dated)]):
        persons = before  # the names before the date; after it, the topics ("Jane Roe
        # 18 July 2018 College Admissions")
    # an agency credited beside the persons ("Jane Roe and AP June 30, 2026")
    return persons, [o for o in orgs if persons and is_known_agency(o)]


def _before(text: str, found: re.Match[str]) -> str:
    """``text`` before what ``found`` matched in it (or in it with a space in front), folded."""
    start = found.start() - 1 if found.string != text else found.start()
    return text[: max(start, 0)].casefold()


def _only_names(text: str, persons: list[str]) -> bool:
    """Whether ``text`` holds nothing but the ``persons`` and the words that join names
    ("Ann Lee and Bo Li", "Ann Lee, Bo Li").

    >>> _only_names("Ann Lee & Bo Li", ["Ann Lee", "Bo Li"])
    True
    >>> _only_names("Ann Lee explains the rain", ["Ann Lee"])
    False
    """
    rest = text.casefold()
    for person in persons:
        rest = rest.replace(person.casefold(), " ")
    return bool(persons) and all(word in _AND_WORDS for word in re.findall(r"[^\W\d_]+", rest))


def _language(meta: PageMeta, tree: HtmlElement) -> str | None:
    for value in (
        tree.get("lang"),
        ld_text(meta.ld("inLanguage")),
        meta.first("og:locale", "language", "content-language"),
    ):
        if value:
            code = re.split(r"[-_]", value.strip())[0].casefold()
            if re.fullmatch(r"[a-z]{2}", code):
                return code
    return None


def _keywords(meta: PageMeta) -> list[str]:
    tags: list[str] = list(meta.all("article:tag"))
    ld = meta.ld("keywords")
    if not tags and ld:
        tags = [ld_text(k) or "" for k in ld] if isinstance(ld, list) else str(ld).split(",")
    if not tags:
        for raw in meta.all("news_keywords", "keywords"):
            tags.extend(raw.split(","))
    out: list[str] = []
    _add(out, [clean_text(t) for t in tags if clean_text(t)])
    return out


def _canonical(tree: HtmlElement, meta: PageMeta) -> str | None:
    for link in tree.iter("link"):
        if "canonical" in (link.get("rel") or "").casefold().split() and link.get("href"):
            return str(link.get("href")).strip()
    return meta.first("og:url")


def _publisher(meta: PageMeta) -> str | None:
    value = meta.ld("publisher")
    return ld_text(value) or meta.first("og:site_name", "application-name")


def extract_generic(
    html: str | bytes, url: str, tuning: BodyTuning = BODY_TUNING
) -> dict[str, Any]:
    """An Article-shaped dict (every schema field; lists never None; ``site`` 'generic') from
    the page ``html`` fetched from ``url``. ``aggregated_at`` is None (no aggregator published
    the page), ``source_url`` is the page's own canonical URL (see :func:`page_source_url`)
    and ``scraped_at`` is left to the caller. ``tuning`` holds the body pass's thresholds.

    Raises :class:`ParseError` when the document cannot be parsed as HTML.

    >>> page = ('<html lang="en"><head><meta property="og:title" content="Rain | Daily">'
    ...         '<meta property="article:published_time" content="2024-05-01T10:00:00+02:00">'
    ...         '<meta name="author" content="By JANE ROE and John Doe"></head><body><article>'
    ...         '<h1>Rain</h1><p>It rained all day in the city, and the river rose by a metre.</p>'
    ...         '<figure><img src="/r.jpg"><figcaption>The river (Photo: AP)</figcaption></figure>'
    ...         '<p>Shops closed early and buses stopped running after six in the evening.</p>'
    ...         '</article></body></html>')
    >>> record = extract_generic(page, "https://example.com/rain")
    >>> record["title"], record["authors"], record["published_at"]
    ('Rain', ['Jane Roe', 'John Doe'], '2024-05-01T10:00:00+02:00')
    >>> record["media"]
    [{'kind': 'image', 'url': 'https://example.com/r.jpg', 'caption': 'The river', 'credit': 'AP'}]
    """
    tree = parse_html(html)
    meta = PageMeta(tree)
    publisher = _publisher(meta)
    publishers = [publisher] if publisher else []
    title = find_title(meta, tree, publisher)
    lead = ld_text(meta.ld("description")) or meta.first(
        "og:description", "description", "twitter:description"
    )
    byline, authors, agencies = find_authors(meta, tree, publishers, title)
    published = find_published(meta, title, url)
    modified = find_instant(meta, "modified")
    media = page_media(tree, url, ld_objects=meta.ld_objects)
    paragraphs = body_paragraphs(tree, url=url, title=title, lead=lead, tuning=tuning)
    body = "\n\n".join(paragraphs)
    canonical = _canonical(tree, meta)
    section = ld_text(meta.ld("articleSection")) or meta.first("article:section")
    host = (urlsplit(canonical or url).hostname or "").casefold().removeprefix("www.")
    record: dict[str, Any] = dict.fromkeys(ARTICLE_FIELDS)
    record.update(
        url=url,
        canonical_url=canonical,
        site="generic",
        category=section,
        categories=[section] if section else [],
        tags=_keywords(meta),
        title=title,
        lead=lead,
        byline=byline,
        authors=authors,
        agencies=agencies,
        aggregated_at=None,  # no aggregator published this page
        published_at=published,
        modified_at=modified,
        source_key=host or None,
        source_name=publisher,
        source_url=page_source_url(canonical, url),
        language=_language(meta, tree),
        original_language=None,
        body=body,
        media=media,
        word_count=word_count(body),
    )
    return record


def page_source_url(canonical: str | None, url: str) -> str | None:
    """The page's own URL: its canonical link (made absolute against ``url``), else ``url``,
    without tracking parameters, fragment or AMP path segment (``without_tracking``).
    Nothing is invented (no ``www.``, no scheme change): a generic page is its own source.

    >>> page_source_url("https://example.com/a/story", "https://example.com/a/story?ref=rss")
    'https://example.com/a/story'
    >>> page_source_url("/a/story", "http://example.com/x")
    'http://example.com/a/story'
    >>> page_source_url(None, "https://example.com/a/story#top")
    'https://example.com/a/story'
    >>> page_source_url("http://m.example.com/amp/news/a?id=5&utm_campaign=x&fbclid=abc", "")
    'http://m.example.com/news/a?id=5'
    """
    if canonical and canonical.strip():
        return without_tracking(urljoin(url, canonical.strip()))
    return without_tracking(url) or None
