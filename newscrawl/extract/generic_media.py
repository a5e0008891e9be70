"""Images and videos of an article page with their captions and credits.

Figures are ``<figure>`` elements and elements whose class names an image/photo/media holder
and contain an ``<img>``; their caption is a ``<figcaption>`` or an element hinted as a
caption; their credit an element hinted as credit/copyright/source/photographer (class, id or
itemprop), else a credit pattern inside the caption text ("(Photo: X)", "Photo: X",
"X / Getty Images", "© X"; see :func:`newscrawl.normalize.captions.split_caption`).
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import unquote, urljoin, urlsplit

from lxml.html import HtmlElement

from newscrawl.extract.generic_meta import ld_text
from newscrawl.normalize.bylines import is_known_agency
from newscrawl.normalize.captions import CREDIT_LABEL, split_caption
from newscrawl.normalize.text import clean_text

_CREDIT_HINT = re.compile(
    r"credit|copyright|photographer|fotograf|urheber|quelle|source|autor|author|byline|agency"
    r"|rights|(?:^|[-_ ])src(?:$|[-_ ])",
    re.IGNORECASE,
)
_CREDIT_ITEMPROP = frozenset(
    {"copyrightholder", "credittext", "author", "creator", "copyrightnotice"}
)
_CAPTION_HINT = re.compile(
    r"caption|legend|description|unterzeile|bildtext|desc|subtitle|infotext", re.IGNORECASE
)
_HOLDER_HINT = re.compile(
    r"(?:^|[-_ ])(?:image|img|photo|picture|media|figure|caption)(?:$|[-_ ])", re.IGNORECASE
)
#: Tags that may hold a figure when their class says so.
_HOLDER_TAGS = frozenset({"div", "span", "section", "picture", "aside", "p", "a"})
#: A caption printed beside its image rather than in a figure: its class says "caption".
_LOOSE_CAPTION_HINT = re.compile(r"caption", re.IGNORECASE)
_LOOSE_CAPTION_TAGS = frozenset({"div", "span", "p"})
#: A holder's own text longer than this is not its caption.
_MAX_CAPTION = 600
#: Words that label a credit, in every language of the lexicon.
_CREDIT_WORDS = CREDIT_LABEL
_SKIP_ANCESTORS = frozenset({"nav", "footer", "aside"})
#: Tags that carry a figure's credit when they are not its caption.
_CREDIT_TAGS = frozenset({"footer", "small", "cite"})
#: Text that opens a credit ("© X", "Foto: X", "Photo by X").
_CREDIT_TEXT = re.compile(rf"^\s*(?:©|\(c\)\s|(?:{_CREDIT_WORDS})\s*(?::|by\s))", re.IGNORECASE)
_CREDIT_PREFIX = re.compile(
    rf"^\s*(?:\(|\[)?\s*(?:(?:{_CREDIT_WORDS})\s*(?::|by\b|©)|©|\(c\)|copyright\s+(?=\w)"
    r"|(?:(?:photo|image)\s+)?courtesy(?:\s+of)?\s+(?=\w))\s*",
    re.IGNORECASE,
)
#: What joins several holders in one credit: "X, Y", "X; Y", "X and Y", "X | Y". A credit is
#: written as their list joined by "; " (the convention of the fundus truth).
_BARE_LABEL = re.compile(rf"(?:{_CREDIT_WORDS})\s*:?", re.IGNORECASE)
_CREDIT_LIST = re.compile(r"\s*[,;]\s*|\s+(?:and|und|&|\|)\s+")
#: A credit at the end of an image's title or alt text: "A fire | Bildquelle: WDR / X".
_ATTR_CREDIT = re.compile(
    rf"(?:^|[|\s])(?:©|(?:{_CREDIT_WORDS})\s*:)\s*(?P<credit>[^|©:]+?)\s*$", re.IGNORECASE
)
#: After the caption's last sentence: a credit in parentheses ("... (Jane Roe/Agency)"), or
#: one to three words without punctuation ("... in Palma. Supplied").
_TAIL_PAREN = re.compile(r"^(?P<text>.{20,}?[.!?…。])\s*[(（](?P<credit>[^()（）]{2,60})[)）]\s*$")
_TAIL_WORDS = re.compile(
    r"^(?P<text>.{20,}?[.!?…。])\s+(?P<credit>[^\W\d_][^\s,.:;!?()]*(?:\s[^\s,.:;!?()]+){0,2})\s*$"
)
#: A copyright notice after a credit: "Jane Roe/Copyright 2024 The AP. All rights reserved".
_NOTICE = re.compile(r"\s*[/|,;]?\s*(?:copyright|©)\s*\d{4}\b.*$", re.IGNORECASE)


def _hint(element: HtmlElement) -> str:
    return f"{element.get('class', '')} {element.get('id', '')}"


def _is_credit(element: HtmlElement) -> bool:
    itemprops = {p.casefold() for p in (element.get("itemprop") or "").split()}
    if itemprops & _CREDIT_ITEMPROP or _CREDIT_HINT.search(_hint(element)):
        return True
    if element.tag in _CREDIT_TAGS:
        return True
    # a leaf-ish element whose own text opens like a credit: "<span>© dpa | X</span>"
    return len(element) <= 1 and bool(_CREDIT_TEXT.match(element.text or ""))


def _text(element: HtmlElement) -> str:
    return clean_text(" ".join(element.itertext()))


def clean_credit(text: str | None) -> str | None:
    """A credit without its label or brackets: "(Photo: Reuters)" -> "Reuters".

    >>> clean_credit("Foto: dpa")
    'dpa'
    >>> clean_credit("© Jane Roe")
    'Jane Roe'
    >>> clean_credit("Copyright Frank Franklin II"), clean_credit("EFE")
    ('Frank Franklin II', 'EFE')
    >>> clean_credit("Источник: Фундация DEJURE")
    'Фундация DEJURE'
    >>> clean_credit("Image credit: Google")
    'Google'
    >>> clean_credit("© dpa | Jens Kalaene")
    'dpa; Jens Kalaene'
    >>> clean_credit("AP Photo/Eric Gay, File"), clean_credit("Jane Roe and John Doe")
    ('AP Photo/Eric Gay; File', 'Jane Roe; John Doe')
    >>> clean_credit("Photograph: Jane Roe"), clean_credit("Courtesy of Jane Roe")
    ('Jane Roe', 'Jane Roe')
    >>> clean_credit("Image source, Getty Images")
    'Getty Images'
    >>> clean_credit("  ") is None
    True
    """
    text = clean_text(text or "")
    half = len(text) // 2
    if len(text) % 2 == 1 and text[half] in " |/;," and text[:half] == text[half + 1 :]:
        text = text[:half]  # the same credit printed twice
    if _NOTICE.search(text) and _NOTICE.sub("", text).strip():
        text = _NOTICE.sub("", text)
    text = text.lstrip(" |/–—-").strip()
    previous = None
    while text and text != previous:
        previous = text
        text = _CREDIT_PREFIX.sub("", text).strip()
        if text.startswith("(") and text.endswith(")"):
            text = text[1:-1].strip()
        if text.endswith(")") and text.count(")") > text.count("("):
            text = text[:-1].strip()
    parts = [p.strip(" ;") for p in _CREDIT_LIST.split(text)]
    # a bare label is no holder: "Image source, Getty Images"
    parts = [p for p in parts if not _BARE_LABEL.fullmatch(p)]
    text = "; ".join(dict.fromkeys(p for p in parts if p))
    return text.rstrip(" ;|").strip() or None


#: Elements that show an image (``amp-img`` on AMP pages).
_IMAGE_TAGS = ("img", "source", "amp-img")
_IMAGE_ATTRS = ("src", "data-src", "data-original", "data-lazy-src", "srcset", "data-srcset")
#: A lazy-loading attribute of another name holding an image address.
_IMAGE_VALUE = re.compile(
    r"^(?:https?:)?/[^\s\"'<>]+\.(?:jpe?g|png|gif|webp|avif)\b", re.IGNORECASE
)
_VIDEO_SRC = re.compile(r"youtube|youtu\.be|vimeo|dailymotion|brightcove|jwplayer|video", re.I)


def _first_url(value: str, base_url: str) -> str:
    return urljoin(base_url, value.split(",")[0].split()[0])


def _image_url(holder: HtmlElement, base_url: str) -> str | None:
    for img in holder.iter(*_IMAGE_TAGS):
        for attr in _IMAGE_ATTRS:
            value = (img.get(attr) or "").strip()
            if value and not value.startswith("data:"):
                return _first_url(value, base_url)
        for attr, value in img.attrib.items():
            if attr.startswith("data-") and _IMAGE_VALUE.match(value.strip()):
                return _first_url(value.strip(), base_url)
    return None


def _video(holder: HtmlElement, base_url: str) -> tuple[bool, str | None]:
    """(whether the holder shows a video, the video's address when it has one)."""
    for el in holder.iter("video", "iframe", "amp-video", "amp-youtube", "amp-iframe"):
        src = (el.get("src") or el.get("data-src") or "").strip()
        if el.tag in ("video", "amp-video", "amp-youtube") or _VIDEO_SRC.search(src):
            if not src:
                source = el.find(".//source")
                src = (source.get("src") or "").strip() if source is not None else ""
            return True, (urljoin(base_url, src) if src else el.get("poster") or None)
    return False, None


def _shown_media(holder: HtmlElement, base_url: str) -> tuple[str, str | None] | None:
    """(kind, url) of what a holder shows, or None when it shows no image or video (a pull
    quote or an info box in a ``<figure>``). A ``<figcaption>`` outside any figure captions
    the image just before it."""
    is_video, video_url = _video(holder, base_url)
    url = _image_url(holder, base_url)
    if is_video:
        return "video", url or video_url
    if url is None and (holder.tag == "figcaption" or _is_loose_caption(holder)):
        url = _preceding_image(holder, base_url)
    return ("image", url) if url else None


def _preceding_image(caption: HtmlElement, base_url: str) -> str | None:
    """The image just before a caption printed outside its figure: in the two elements before
    it, or before its parent or grandparent ("<figure><img></figure><div><figcaption>")."""
    node: HtmlElement | None = caption
    for _ in range(3):
        if node is None:
            break
        previous = node.getprevious()
        for _ in range(2):
            if previous is None:
                break
            if isinstance(previous.tag, str):
                url = _image_url(previous, base_url)
                if url:
                    return url
            previous = previous.getprevious()
        node = node.getparent()
    return None


def figure_media(figure: HtmlElement, base_url: str) -> dict[str, Any] | None:
    """The media item of one figure-like element, or None when it shows no image or video."""
    shown = _shown_media(figure, base_url)
    if shown is None:
        return None
    kind, url = shown
    caption, credit = _caption_and_credit(figure)
    return {"kind": kind, "url": url, "caption": caption, "credit": credit}


def _caption_and_credit(
    figure: HtmlElement, image_holder: HtmlElement | None = None
) -> tuple[str | None, str | None]:
    """The caption and credit a figure-like element prints; ``image_holder`` (default: the
    figure) is where the image's own attributes may carry the credit."""
    caption_el = next(iter(figure.iter("figcaption")), None)
    if caption_el is None:
        caption_el = next(
            (el for el in figure.iter() if el is not figure and isinstance(el.tag, str)
             and _CAPTION_HINT.search(_hint(el))),
            None,
        )  # fmt: skip
    if caption_el is None and figure.tag != "figcaption":
        own = _text_outside(figure, ("script", "style", "button", "noscript", "svg"))
        if own and len(own) <= _MAX_CAPTION:
            caption_el = figure  # a holder's own short text is its caption
    scope = caption_el if caption_el is not None else figure
    credit_els = [
        el for el in figure.iter()
        if el is not figure and el is not caption_el and isinstance(el.tag, str) and _is_credit(el)
    ]  # fmt: skip
    # keep outermost credit elements only
    credit_els = [el for el in credit_els if not any(a in credit_els for a in el.iterancestors())]
    credit_texts = [t for t in (_text(el) for el in credit_els) if t]
    caption_text = ""
    if caption_el is not None:
        parts = []
        for node in _caption_nodes(scope, credit_els):
            parts.append(node)
        caption_text = clean_text(" ".join(parts))
    credit = clean_credit(" ".join(dict.fromkeys(credit_texts))) if credit_texts else None
    caption = caption_text or None
    if caption and not credit:
        caption, credit = _split_tail(caption)
    if caption and not credit:
        split = split_caption(caption)
        caption, credit = split.caption, clean_credit(split.credit) if split.credit else None
    if caption and not credit:
        labelled = _ATTR_CREDIT.search(caption)
        if labelled and len(labelled["credit"]) <= 120:
            credit = clean_credit(labelled["credit"])
            caption = clean_text(caption[: labelled.start()]) or None
    if credit and not credit_texts and caption_el is not None:
        snapped = _snap_to_last_element(scope, caption_text, caption or "")
        if snapped is not None:
            caption, credit = snapped
    if not credit:
        credit = _attribute_credit(figure if image_holder is None else image_holder)
    elif caption and credit and caption.endswith(credit):
        caption = clean_text(caption[: -len(credit)]).rstrip(" .,;:|/-\u2013\u2014") or None
    if caption:
        caption = re.sub(r"\s*(?:[|/]|\s[-\u2013\u2014])\s*$", "", caption).strip() or None
    if caption and re.fullmatch(rf"(?:{_CREDIT_WORDS})\s*:?", caption, re.IGNORECASE):
        caption = None  # a bare label ("Photo") is no caption
    if caption and not credit and is_known_agency(caption):
        caption, credit = None, clean_credit(caption)  # "Getty Images" printed on the picture
    return caption, credit


def _snap_to_last_element(
    scope: HtmlElement, full: str, caption: str
) -> tuple[str, str | None] | None:
    """(caption, credit) when a credit found in the caption's text overlaps the element the
    caption ends with: the credit is that whole element, as printed apart
    ("...2024. <span>Jane Roe (dpa/Getty)</span>", "...in La Soledat <span>/ Jo Roe</span>")."""
    last = None
    for el in scope.iter():
        if el is not scope and isinstance(el.tag, str) and len(el) == 0 and el.tag != "br":
            last = el
    if last is None:
        return None
    tail = _text(last)
    if not tail or len(tail) > 100 or len(tail.split()) > 8 or not full.endswith(tail):
        return None
    head = clean_text(full[: len(full) - len(tail)])
    if not head or len(caption) >= len(full) or len(caption) == len(head):
        return None
    between = full[min(len(caption), len(head)) : max(len(caption), len(head))]
    if len(caption) < len(head) and re.search(rf"[:©]|{_CREDIT_WORDS}", between, re.IGNORECASE):
        return None  # "Photo: <span>X</span>": the label belongs to the credit
    caption = head.rstrip(" |/-\u2013\u2014").strip()
    return caption, clean_credit(tail)


def _split_tail(caption: str) -> tuple[str | None, str | None]:
    """(caption, credit) when the caption ends with a credit after its last sentence."""
    for pattern in (_TAIL_PAREN, _TAIL_WORDS):
        match = pattern.match(caption)
        if match and len(match["credit"].split()) <= 6 and not match["credit"][0].islower():
            return clean_text(match["text"]), clean_credit(match["credit"])
    return caption, None


def _attribute_credit(holder: HtmlElement) -> str | None:
    """A credit printed only in an image's title or alt text ("... | Bildquelle: X")."""
    for img in holder.iter("img", "amp-img"):
        for attr in ("data-credit", "data-copyright", "title", "alt"):
            value = clean_text(img.get(attr) or "")
            if not value:
                continue
            if attr.startswith("data-"):
                return clean_credit(value)
            labelled = _ATTR_CREDIT.search(value)
            if labelled and len(labelled["credit"]) <= 120:
                return clean_credit(labelled["credit"])
    return None


def _text_outside(element: HtmlElement, skip: tuple[str, ...]) -> str:
    """The element's visible text, leaving out the subtrees of tags in ``skip``."""
    pieces: list[str] = []

    def visit(el: HtmlElement) -> None:
        if isinstance(el.tag, str) and el.tag not in skip:
            if el.text:
                pieces.append(el.text)
            for child in el:
                visit(child)
        if el is not element and el.tail:
            pieces.append(el.tail)

    visit(element)
    return clean_text(" ".join(pieces))


def _caption_nodes(scope: HtmlElement, credit_els: list[HtmlElement]) -> list[str]:
    """Text pieces of ``scope`` outside the credit elements, in document order."""
    pieces: list[str] = []
    excluded = set(credit_els)

    def visit(el: HtmlElement) -> None:
        if el in excluded:
            if el.tail:
                pieces.append(el.tail)
            return
        if isinstance(el.tag, str) and el.tag in ("script", "style", "button", "noscript", "svg"):
            if el.tail:
                pieces.append(el.tail)
            return
        if el.text and isinstance(el.tag, str):
            pieces.append(el.text)
        for child in el:
            visit(child)
        if el is not scope and el.tail:
            pieces.append(el.tail)

    visit(scope)
    return pieces


def _galleries(holders: list[HtmlElement]) -> set[HtmlElement]:
    """Holders of several figures that each have their own caption (galleries, slideshows)."""
    captioned: dict[HtmlElement, int] = {}
    for figure in holders:
        if figure.tag == "figure" and figure.find(".//figcaption") is not None:
            for ancestor in figure.iterancestors():
                captioned[ancestor] = captioned.get(ancestor, 0) + 1
    return {el for el, count in captioned.items() if count >= 2}


def _is_loose_caption(element: HtmlElement) -> bool:
    """An element whose class names it a caption ("wp-caption-text", "caption") and that
    shows no image itself: printed beside its image, not inside a figure."""
    if element.tag not in _LOOSE_CAPTION_TAGS:
        return False
    if not _LOOSE_CAPTION_HINT.search(element.get("class") or ""):
        return False
    if any(True for _ in element.iter(*_IMAGE_TAGS)):
        return False
    # a box of captions (a slideshow's) is no caption, nor is one caption among its siblings:
    # which slide each belongs to is not printed
    parent = element.getparent()
    neighbours = [] if parent is None else [el for el in parent if el is not element]
    return not any(
        isinstance(el.tag, str) and _LOOSE_CAPTION_HINT.search(el.get("class") or "")
        for el in [*element.iterdescendants(), *neighbours]
    )


def _is_holder(element: HtmlElement) -> bool:
    if element.tag == "figure":
        return True
    if element.tag == "figcaption" or _is_loose_caption(element):  # a caption outside a figure
        return not any(a.tag == "figure" for a in element.iterancestors())
    if element.tag not in _HOLDER_TAGS:
        return False
    shows_image = any(True for _ in element.iter(*_IMAGE_TAGS))
    return shows_image and bool(_HOLDER_HINT.search(_hint(element)))


#: schema.org ImageObject properties naming who holds the picture, most specific first.
_LD_CREDIT_KEYS = ("creditText", "copyrightHolder", "author", "creator")


def _file_name(url: str | None) -> str | None:
    """The last path segment of an image address without its extension: CDNs put sizes in
    folders and queries.

    >>> _file_name("https://cdn.example/img/16x9-960/fire-104.webp?w=1200")
    'fire-104'
    >>> _file_name("https://cdn.example/lead.jpg") is None  # too short to tell images apart
    True
    """
    name = unquote(urlsplit(url or "").path.rsplit("/", 1)[-1]).casefold()
    stem = name.rsplit(".", 1)[0]  # the same picture is served as .jpg and .webp
    return stem if len(stem) >= 8 and "." in name else None


def ld_image_credits(objects: list[dict[str, Any]], base_url: str) -> dict[str, str]:
    """Credits of the page's JSON-LD ImageObjects by image file name (see :func:`_file_name`).

    >>> ld_image_credits([{"@type": "ImageObject", "url": "/i/x/lead-photo.jpg",
    ...                    "copyrightHolder": {"@type": "Person", "name": "dpa | Jo Roe"}}], "https://e.org/")
    {'lead-photo': 'dpa; Jo Roe'}
    """
    credits: dict[str, str] = {}
    for obj in objects:
        kinds = obj.get("@type")
        if "ImageObject" not in (kinds if isinstance(kinds, list) else [kinds]):
            continue
        url = ld_text(obj.get("contentUrl")) or ld_text(obj.get("url"))
        name = _file_name(urljoin(base_url, url)) if url else None
        credit = next(
            (c for key in _LD_CREDIT_KEYS if (c := clean_credit(ld_text(obj.get(key))))), None
        )
        if name and credit:
            credits.setdefault(name, credit)
    return credits


#: A caption printed right after a bare image (no figure, no hinted holder) is short and
#: links nowhere; a paragraph (``<p>``) there is body text.
_SIBLING_CAPTION_TAGS = frozenset({"div", "span"})
_MAX_SIBLING_CAPTION = 300


_NOT_CONTENT_ANCESTORS = frozenset(
    {"a", "button", "li", "nav", "header", "footer", "aside", "form", "label"}
)
#: What a page leaves out when printed is furniture (promotions, sharing, pop-ups).
_NOT_PRINTED = re.compile(r"print:hidden|no-?print|hidden-print|d-print-none", re.IGNORECASE)
#: Icons, logos, spinners and placeholders are no pictures.
_ICON_URL = re.compile(r"\.(?:svg|gif)(?:$|[?#])|logo|placeholder|spinner|loader", re.IGNORECASE)
#: An image narrower than this (by its width/height attributes) is an icon or a logo.
_MIN_IMAGE_SIZE = 150


def _content_sized(img: HtmlElement) -> bool:
    for attr in ("width", "height"):
        value = (img.get(attr) or "").strip().removesuffix("px")
        if value.isdigit() and int(value) < _MIN_IMAGE_SIZE:
            return False
    return True


_BESIDE_AN_IMAGE = frozenset({"source", "noscript", "script"})


def _image_wrapper(img: HtmlElement) -> HtmlElement:
    """The outermost element (up to 4 levels) that holds ``img`` and nothing else to read."""
    wrapper = img
    for _ in range(4):
        parent = wrapper.getparent()
        if parent is None or parent.tag in ("body", "article", "main", "section"):
            break
        if any(
            el is not wrapper and isinstance(el.tag, str) and el.tag not in _BESIDE_AN_IMAGE
            for el in parent
        ):
            break
        if clean_text(parent.text or "") or clean_text(wrapper.tail or ""):
            break
        wrapper = parent
    return wrapper


def _sibling_caption_media(img: HtmlElement, base_url: str) -> dict[str, Any] | None:
    """A bare image captioned by the element just after its wrapper
    (``<div><picture><img></picture></div><div><span>Caption</span></div>``), with a credit
    printed just before or inside it."""
    wrapper = _image_wrapper(img)
    after = wrapper.getnext()
    while after is not None and not isinstance(after.tag, str):
        after = after.getnext()
    if after is None or after.tag not in _SIBLING_CAPTION_TAGS or clean_text(wrapper.tail or ""):
        return None
    if any(True for _ in after.iter("a", "img", "p", "ul", "ol", "table", "h2", "h3", "figure")):
        return None
    text = _text(after)
    if len(text.split()) < 2 or len(text) > _MAX_SIBLING_CAPTION or text.isupper():
        return None  # a label ("Share", "ADVERTISEMENT") is no caption
    if _LOOSE_CAPTION_HINT.search(_hint(after)):
        return None
    url = _image_url(wrapper, base_url)
    if url is None or _ICON_URL.search(url):
        return None
    before = wrapper.getprevious()
    lead_credit = (
        before
        if before is not None and isinstance(before.tag, str) and len(before) == 0
        and _CREDIT_TEXT.match(before.text or "")
        else None
    )  # fmt: skip
    caption, credit = _caption_and_credit(after, wrapper)
    if lead_credit is not None and not credit:
        credit = clean_credit(lead_credit.text)
    if not (caption or credit):
        return None
    return {"kind": "image", "url": url, "caption": caption, "credit": credit}


def page_media(
    tree: HtmlElement,
    base_url: str,
    scope: HtmlElement | None = None,
    ld_objects: list[dict[str, Any]] | None = None,
) -> list[dict[str, Any]]:
    """Media items of the page (or of ``scope``), in document order, one per figure; nested
    holders count once (the outermost) and uncaptioned ones in nav/footer/aside are skipped.
    An image printed without a credit takes the credit its JSON-LD ImageObject gives
    (``ld_objects``, matched by file name)."""
    ld_credits: dict[str, str] | None = None  # read when an image lacks a printed credit
    root = scope if scope is not None else tree
    holders = [
        el
        for el in root.xpath(
            ".//figure | .//figcaption | .//@class[contains(., 'aption')]/.."
            " | .//img/ancestor::*[position() <= 6][@class or @id]"
            " | .//amp-img/ancestor::*[position() <= 6][@class or @id]"
        )
        if _is_holder(el)
    ]
    # a gallery printed as one figure of figures: each picture keeps its own caption
    galleries = _galleries(holders)
    if galleries:
        holders = [h for h in holders if h not in galleries]
    holder_set = set(holders)
    items: list[dict[str, Any]] = []
    seen: set[tuple[str | None, str | None]] = set()
    outermost: list[HtmlElement] = []
    for holder in holders:
        ancestors = list(holder.iterancestors())
        if any(a in holder_set for a in ancestors):
            continue
        outermost.append(holder)
        # teasers in navigation and side boxes have no figcaption; captioned figures count
        if (
            any(a.tag in _SKIP_ANCESTORS for a in ancestors)
            and holder.find(".//figcaption") is None
        ):
            continue
        if (
            holder.tag != "figcaption"
            and _is_loose_caption(holder)
            and any(a.tag == "header" for a in ancestors)
            and not any(a.tag in ("article", "main") for a in ancestors)
        ):
            continue  # a caption beside the page header's logo
        item = figure_media(holder, base_url)
        # (a caption printed apart from its image is matched to it by place only)
        shows_image = holder.tag != "figcaption" and not _is_loose_caption(holder)
        if item is not None and not item["credit"] and ld_objects and shows_image:
            if ld_credits is None:
                ld_credits = ld_image_credits(ld_objects, base_url)
            item["credit"] = ld_credits.get(_file_name(item["url"]) or "")
        if item is None or (
            item["caption"] is None and item["credit"] is None and holder.tag != "figure"
        ):
            continue
        key = (item["url"], item["caption"])
        if key in seen:
            continue
        seen.add(key)
        same_image = next(
            (
                i for i, old in enumerate(items)
                if old["url"] == item["url"] and not old["caption"]
                and old["credit"] in (None, item["credit"])
            ),
            None,
        )  # fmt: skip
        if same_image is not None and item["url"]:  # a caption printed apart from its image
            items[same_image] = item
            continue
        items.append(item)
    covered: set[HtmlElement] = set()
    for holder in outermost:
        covered.update(holder.iter("img"))
    for img in root.iter("img"):
        if img in covered or not _content_sized(img):
            continue
        item = _sibling_caption_media(img, base_url)
        if item is None or (item["url"], item["caption"]) in seen:
            continue
        if any(
            a.tag in _NOT_CONTENT_ANCESTORS
            or a.get("role") == "dialog"
            or _NOT_PRINTED.search(a.get("class") or "")
            for a in img.iterancestors()
        ):
            continue  # in a figure already; icons, teasers, menus, pop-ups: page furniture
        seen.add((item["url"], item["caption"]))
        items.append(item)
    return items
