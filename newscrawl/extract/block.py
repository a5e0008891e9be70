"""Split an aggregator's source block (the republished source page) into its parts.

The block holds, in the source's own order: the source's h1, byline, date lines, widgets,
figures, body paragraphs and boilerplate. Only top-level ``<p>`` elements can be body; the
byline is the short line just before the first date line, unless the source declares that it
prints it elsewhere (:meth:`~newscrawl.sources.SourceStyle.split_inline_byline` in a date
line, :meth:`~newscrawl.sources.SourceStyle.split_paragraph_byline` in a paragraph); every
``<figure>`` is a media entry. Which ``<p>`` lines are really body is decided afterwards by
:mod:`newscrawl.extract.block_body`. Nothing here knows a particular source.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime

from lxml import html as lxml_html

from newscrawl.extract.furniture import is_boilerplate_line
from newscrawl.lexicon import alternation, words
from newscrawl.normalize.bylines import bare_place, is_known_agency, parse_byline
from newscrawl.normalize.captions import (
    caption_before,
    element_video_credit,
    labelled_credit,
    split_caption,
    unlabelled_credit,
)
from newscrawl.normalize.dates import is_date_line, parse_date_lines
from newscrawl.normalize.names import is_given_name
from newscrawl.normalize.places import is_place
from newscrawl.normalize.text import clean_text
from newscrawl.sources import SourceStyle, source_for_date_lines

#: Elements a byline line may contain; anything else (lists, headings) is not a byline.
_INLINE_TAGS = frozenset({"span", "a", "strong", "em", "b", "i", "br"})
#: A byline is a line, not a paragraph: four persons with long names, places, a role and
#: agencies fit.
_BYLINE_MAX_WORDS = 60
#: A line that ends like a sentence is no byline, but a name may end with an initial or an
#: abbreviation ("Yossi L.", "Sean Kelly Jr.").
_INITIAL_END = re.compile(r"(?:^|\s)(?:[^\W\d_]|[A-Z][A-Za-z]{1,2})\.$")


@dataclass(frozen=True)
class Paragraph:
    """A top-level ``<p>`` of the block with the features the boilerplate rules use."""

    text: str
    link_chars: int = 0
    strong_only: bool = False

    @property
    def link_density(self) -> float:
        """Share of the text that is link text (0 for an empty paragraph)."""
        return self.link_chars / len(self.text) if self.text else 0.0


@dataclass
class BlockParts:
    """What the block holds, before any boilerplate decision."""

    headline: str | None = None
    byline: str | None = None
    date_lines: list[str] = field(default_factory=list)
    media: list[dict[str, str | None]] = field(default_factory=list)
    paragraphs: list[Paragraph] = field(default_factory=list)
    #: Non-paragraph lines (divs, spans, list items) kept for boilerplate statistics.
    other_lines: list[str] = field(default_factory=list)
    #: The style whose date format the block shows (may differ from the linked source).
    detected_style: SourceStyle | None = None
    #: The block's publisher is declared by no module: read by the general rules.
    undeclared: bool = False
    #: Its times were read in a guessed zone (a capital's; no zone printed).
    zone_guessed: bool = False


def element_text(el: lxml_html.HtmlElement) -> str:
    """Text of ``el`` with ``<br>`` as a line break and other whitespace collapsed.

    >>> element_text(lxml_html.fromstring("<p>Demonstrators<br>Photo: <b>AP</b></p>"))
    'Demonstrators\\nPhoto: AP'
    """
    parts: list[str] = []

    def walk(node: lxml_html.HtmlElement) -> None:
        if node.tag == "br":
            parts.append("\n")
        elif node.text and isinstance(node.tag, str):
            parts.append(node.text)
        for child in node:
            if isinstance(child.tag, str):
                walk(child)
            if child.tail:
                parts.append(child.tail)

    walk(el)
    return "\n".join(clean_text(line) for line in "".join(parts).split("\n")).strip()


def _paragraph(el: lxml_html.HtmlElement, text: str | None = None) -> Paragraph:
    text = clean_text(el.text_content()) if text is None else text
    link_chars = sum(len(clean_text(a.text_content())) for a in el.iter("a"))
    children = [c for c in el if isinstance(c.tag, str) and c.tag != "br"]
    strong_only = (
        bool(children)
        and not clean_text(el.text or "")
        and len(children) == 1
        and children[0].tag in ("strong", "b")
        and not clean_text(children[0].tail or "")
    )
    return Paragraph(text=text, link_chars=min(link_chars, len(text)), strong_only=strong_only)


def _media(figure: lxml_html.HtmlElement) -> dict[str, str | None]:
    video = next(figure.iter("video"), None)
    img = next(figure.iter("img"), None)
    url = None
    if video is not None:
        url = video.get("src") or next((s.get("src") for s in video.iter("source")), None)
        url = url or video.get("poster")
    elif img is not None:
        url = img.get("src")
    caption_el = next(figure.iter("figcaption"), None)
    caption, credit = (
        _credit_element(caption_el) or split_caption(element_text(caption_el))
        if caption_el is not None
        else (None, None)
    )
    if credit is None:
        credit = _credit_beside(figure, caption_el)
    return {
        "kind": "video" if video is not None else "image",
        "url": url,
        "caption": caption,
        "credit": credit,
    }


#: A by-word, a writer's label or a byline label and its colon opening a line ("By", "Von",
#: "Par", "Written by", "Author:", "Text:"), from the lexicon.
_BY_WORD = re.compile(
    rf"^(?:(?:{alternation(words('by') + words('writer'))})\b\s*:?\s+"
    rf"|(?:{alternation(words('by_label'))})\s*:\s*)\S",
    re.IGNORECASE,
)


def _leading_byline(
    element: lxml_html.HtmlElement, date_text: str, style: SourceStyle | None
) -> tuple[str | None, str]:
    """A byline printed in the date line's first element of its own:
    ``<div><span>By {P}</span> <span>{date}</span></div>``."""
    first = next((c for c in element if isinstance(c.tag, str)), None)
    text = clean_text(first.text_content()) if first is not None else ""
    if not text or clean_text(element.text or "") or _is_date(text, style):
        return None, date_text
    if not _looks_like_byline(first, text, style) or not date_text.startswith(text):
        return None, date_text
    return text, date_text[len(text) :].strip()


#: What separates a byline from the date line it opens: a bar or a middle dot between spaces.
_INLINE_SEPARATOR = re.compile(r"\s+[|\u00b7\u2022]\s+")
#: At most this many words before the date in such a line.
_INLINE_BYLINE_MAX_WORDS = 12


def _inline_byline(text: str, style: SourceStyle | None) -> tuple[str | None, str]:
    """A byline in front of a date line of a publisher no module declares, before a bar or
    a middle dot, and the date line without it: "Av Erik Lind och Maja Berg, TT · Publicerad
    5 juli 2022 kl. 15.34" (the date line alone is too many words for one)."""
    found = _INLINE_SEPARATOR.search(text)
    if found is None:
        return None, text
    head, rest = text[: found.start()].strip(), text[found.end() :].strip()
    if (
        not head
        or len(head.split()) > _INLINE_BYLINE_MAX_WORDS
        or _ends_like_a_sentence(head, style)
        or _is_date(head, style)
        or not _is_date(rest, style)
    ):
        return None, text
    return head, rest


#: What joins agencies credited together: a comma, a slash, "and", "&".
_AGENCY_JOINER = re.compile(rf"\s*(?:[,/&]|\b(?:{alternation(words('and_'))})\b)\s*", re.IGNORECASE)


#: A role noun of a byline (a correspondent, a Reporterin), from the lexicon.
_ROLE_WORD = re.compile(rf"\b(?:{alternation(words('roles'))})s?\b", re.IGNORECASE)
#: A publication label opening the date after the bar ("Posted:", "Published").
_PUBLISHED_LABEL = re.compile(rf"(?:{alternation(words('published'))})\b", re.IGNORECASE)


#: A word of a newsroom's credit ("News desk", "Editorial team", "Agencies"), from the lexicon.
_DESK_WORD = re.compile(rf"\b(?:{alternation(words('desk'))})\b", re.IGNORECASE)


def _credits_before_bar(text: str, style: SourceStyle | None = None) -> bool:
    """Whether ``text`` opens with a byline and then a bar or a middle dot: known agencies,
    a desk's credit, the publisher's own name, a byline with a role noun, persons whose first
    name the given-name table knows, or any credit before a labelled date.

    >>> _credits_before_bar("AAP, Ritzau | Monday, 14 March 2022 at 7:50 AM ET")
    True
    >>> _credits_before_bar("Editorial staff | Posted: 18 March 2022 13h11 GMT-06:00")
    True
    >>> _credits_before_bar("Special correspondent Hunter Lee | March 19, 2022 | 20:11")
    True
    >>> _credits_before_bar("Westland Star editorial team | March 14, 2022 · 4:13 p.m. CT")
    True
    >>> _credits_before_bar("Agencies | 14.03.2022 07:50")
    True
    >>> _credits_before_bar("Ana Lopes and Tom Wyss | March 14, 2022 | 07:50")
    True
    >>> _credits_before_bar("Politics | 14.03.2022 07:50")
    False
    >>> _credits_before_bar("World News | 14.03.2022 07:50")
    False
    >>> _credits_before_bar("Paris | 14.03.2022 07:50")
    False
    """
    found = _INLINE_SEPARATOR.search(text)
    if found is None:
        return False
    if _PUBLISHED_LABEL.match(text, found.end()):
        return True  # "Editorial staff | Posted: 18 March 2022 13h11"
    return _is_credit(text[: found.start()].strip(), style)


def _is_credit(head: str, style: SourceStyle | None = None) -> bool:
    """Whether ``head`` is a byline by its shape alone: known agencies, a desk's credit, the
    publisher's own name, a byline with a role noun, or persons whose first name the
    given-name table knows.

    >>> _is_credit("Lena Hartmann, dpa"), _is_credit("dpa"), _is_credit("Kari Nordmann, Ola Hansen")
    (True, True, True)
    >>> _is_credit("Politics"), _is_credit("Yesterday"), _is_credit("Berlin")
    (False, False, False)
    """
    if _ROLE_WORD.search(head):
        return True  # "Special correspondent Hunter Lee | March 19, 2022 | 20:11"
    if _DESK_WORD.search(head):
        return True  # "Westland Star editorial team | March 14, 2022 · 4:13 p.m. CT"
    if style and _opens_with_own_name(head, style.publishers):
        return True  # "Westland Star Online | March 14, 2022"
    parts = [p for p in _AGENCY_JOINER.split(head) if p.strip()]
    if parts and all(is_known_agency(p.strip()) for p in parts):
        return True  # "AAP, Ritzau | Monday, 14 March 2022"
    byline = parse_byline(
        head,
        style.publishers if style else (),
        language=style.language if style else "",
    )
    # "Ana Lopes | March 14, 2022": a whole name whose first word is a given name, no place
    return any(_is_person(name) for name in byline.authors)


def _is_person(name: str) -> bool:
    """A whole name whose first word is a given name, and no place."""
    return len(name.split()) > 1 and is_given_name(name.split()[0]) and not is_place(name)


def _letters(text: str) -> str:
    return "".join(ch for ch in text.casefold() if ch.isalnum())


def _opens_with_own_name(head: str, publishers: tuple[str, ...]) -> bool:
    """Whether ``head`` opens with one of the publisher's names, as printed or as its key
    spells it without spaces ("Westland Star Online" at the key ``westlandstar``).

    >>> _opens_with_own_name("Westland Star Online", ("westlandstar",))
    True
    >>> _opens_with_own_name("Westlands", ("Westland",)), _opens_with_own_name("Ana", ("an",))
    (False, False)
    """
    words = head.split()
    for name in publishers:
        letters = _letters(name)
        if len(letters) < 4:
            continue
        # the name's letters end where a word of the head ends
        for count in range(1, len(words) + 1):
            if _letters(" ".join(words[:count])) == letters:
                return True
    return False


def _credit_element(caption_el: lxml_html.HtmlElement) -> tuple[str | None, str] | None:
    """Caption and credit printed in elements of their own, the credit without a label:
    ``<figcaption><span>{caption}</span> <span>{credit}</span></figcaption>``; None when the
    caption is not built so (its text alone decides then)."""
    elements = [c for c in caption_el if isinstance(c.tag, str)]
    if elements and not (elements[-1].tail or "").strip():
        # "{caption} <span>fot. Jane Roe</span>": a labelled credit in the last element, its
        # label in any case (the element, not a capital, tells where the credit starts)
        last = clean_text(elements[-1].text_content())
        credit = labelled_credit(last) or element_video_credit(last)
        whole = clean_text(caption_el.text_content())
        if credit and whole.endswith(last) and whole != last:
            return caption_before(whole[: len(whole) - len(last)], credit), credit
    pieces = [clean_text(c.text_content()) for c in elements]
    pieces = [p for p in pieces if p]
    if len(pieces) < 2 or clean_text(caption_el.text or ""):
        return None
    # "<span>Photo: X</span> <span>{caption}</span>": a labelled credit in an element before
    if (first := labelled_credit(pieces[0]) or element_video_credit(pieces[0])) is not None:
        return split_caption(" ".join(pieces[1:])).caption, first
    # "Photo: X", "Video: X": a labelled credit, read from the caption's text
    credit = unlabelled_credit(pieces[-1])
    if credit is None or unlabelled_credit(" ".join(pieces[:-1])) is not None:
        return None
    return split_caption(" ".join(pieces[:-1])).caption, credit


def _credit_beside(
    figure: lxml_html.HtmlElement, caption_el: lxml_html.HtmlElement | None
) -> str | None:
    """A labelled credit printed in the figure beside its caption ("Photo: X" after the image)."""
    for child in figure:
        if child is caption_el or not isinstance(child.tag, str) or child.tag in ("img", "video"):
            continue
        if credit := labelled_credit(element_text(child).replace("\n", " ")):
            return credit
    return None


def _is_date(text: str, style: SourceStyle | None) -> bool:
    """A date line of ``style``, or of any declared source when the style is not known yet."""
    if not text:
        return False
    if style is not None:
        return style.matches_date_line(text) or is_date_line(text, style.language or None)
    return source_for_date_lines([text]) is not None or is_date_line(text)


def _ends_like_a_sentence(text: str, style: SourceStyle | None) -> bool:
    """A final ". ! ? :", unless it closes an initial ("Yossi L.") or the publisher's own
    name ("..., Walla!")."""
    if not text.endswith((".", "!", "?", ":")):
        return False
    if text.endswith(".") and _INITIAL_END.search(text):
        return False
    folded = text.casefold()
    return not (style and any(folded.endswith(n.casefold()) for n in style.publishers))


def _looks_like_byline(el: lxml_html.HtmlElement, text: str, style: SourceStyle | None) -> bool:
    if not text or len(text.split()) > _BYLINE_MAX_WORDS or _ends_like_a_sentence(text, style):
        return False
    if any(d.tag not in _INLINE_TAGS for d in el.iterdescendants() if isinstance(d.tag, str)):
        return False
    return not (style and style.is_boilerplate(text))


#: A byline line of its own is at most this many words when nothing but its shape tells it.
_SHAPED_BYLINE_MAX_WORDS = 12
#: A word of a name as printed: a capital first ("Hartmann", "O'Neil"), or a short particle
#: in lower case ("von", "de", "da").
_PRINTED_NAME_WORD = re.compile(r"^(?:[^\W\d_]{1,3}|[^\w]*[^\W\d_](?<=[A-ZÀ-ÞĀ-ſ]).*)$")


def _printed_as_names(names: list[str], text: str) -> bool:
    """Whether every word of ``names`` is printed in ``text`` with a capital (or is a short
    particle): "Olaf Scholz visits Kyiv" is a sentence's subject, not a byline."""
    printed = {w.casefold(): w for w in re.findall(r"[^\W\d_][\w'’.-]*", text)}
    for name in names:
        for word in name.split():
            found = printed.get(word.casefold())
            if found is None or not (found[0].isupper() or len(found) <= 3):
                return False
    return True


def _byline_by_shape(text: str, style: SourceStyle | None) -> bool:
    """Whether the line ``text`` is a byline by its shape wherever it stands in the header:
    a by-word before a name or a credit ("By Lena Hartmann", "Von Ana Lopes"), or credits
    alone: known agencies, persons whose first name the given-name table knows (printed as
    names), a desk's credit ("Lena Hartmann, dpa", "dpa", "Kari Nordmann, Ola Hansen").

    >>> _byline_by_shape("By Lena Hartmann", None), _byline_by_shape("Lena Hartmann, dpa", None)
    (True, True)
    >>> _byline_by_shape("Kari Nordmann, Ola Hansen", None), _byline_by_shape("NTB", None)
    (True, True)
    >>> _byline_by_shape("Politics", None), _byline_by_shape("Yesterday", None)
    (False, False)
    >>> _byline_by_shape("Olaf Scholz visits Kyiv", None), _byline_by_shape("By the numbers", None)
    (False, False)
    """
    text = ", ".join(line for line in text.split("\n") if line)
    if (
        not text
        or len(text.split()) > _SHAPED_BYLINE_MAX_WORDS
        or _ends_like_a_sentence(text, style)
        or _is_date(text, style)
        or is_boilerplate_line(text)
        or (style is not None and style.is_boilerplate(text))
    ):
        return False
    publishers = style.publishers if style else ()
    language = style.language if style else ""
    byline = parse_byline(text, publishers, language=language)
    if not byline.authors and not byline.agencies:
        return False
    if _BY_WORD.match(text):
        return _printed_as_names(byline.authors, text)
    return (
        _is_credit(text, style)
        and all(_is_person(a) for a in byline.authors)
        and _printed_as_names(byline.authors, text)
    )


#: A lower-case word joining a byline to the date that follows it ("on", "am", "le").
_JOINING_WORD = re.compile(r"(?:\s+[^\W\d_A-Z]{1,3})+$")
_HEAD_EDGE = " ,;:-\u2013\u2014|\u00b7\u2022/"


def _byline_before_date(text: str, style: SourceStyle | None) -> tuple[str | None, str]:
    """A byline printed before the date on one line, without a bar: "By Lena Hartmann on
    10.01.2022 at 14:20", "Lena Hartmann - 10.01.2022 14:20", "Lena Hartmann, Berlin,
    10.01.2022, 14:20". The byline is the longest run of words before the first digit that
    is a byline by its shape while the rest is a date line.

    >>> _byline_before_date("By Lena Hartmann on 10.01.2022 at 14:20", None)
    ('By Lena Hartmann', '10.01.2022 at 14:20')
    >>> _byline_before_date("Lena Hartmann, Berlin, 10.01.2022, 14:20", None)
    ('Lena Hartmann, Berlin', '10.01.2022, 14:20')
    >>> _byline_before_date("Berlin, 10.01.2022, 14:20", None)
    (None, 'Berlin, 10.01.2022, 14:20')
    >>> _byline_before_date("Sunday January 9 2022 23:37", None)
    (None, 'Sunday January 9 2022 23:37')
    >>> _byline_before_date("Published on Monday, 10 January 2022", None)
    (None, 'Published on Monday, 10 January 2022')
    """
    digit = re.search(r"\d", text)
    words = text[: digit.start() if digit else len(text)].split(" ")
    for count in range(len(words) - 1, 0, -1):
        head = " ".join(words[:count])
        rest = text[len(head) :].strip()
        head = _JOINING_WORD.sub("", head.strip(_HEAD_EDGE)).strip(_HEAD_EDGE)
        if head and _is_date(rest, style) and _byline_by_shape(head, style):
            # the words before are no part of the date: without them it reads the same
            same = _read_alone(rest, style)
            if same is not None and same == _read_alone(text, style):
                return head, rest
    return None, text


def _read_alone(text: str, style: SourceStyle | None) -> datetime | None:
    """The time the date line ``text`` reads on its own, on a clock in UTC."""
    language = style.language if style else None
    return parse_date_lines([text], "UTC", language=language or None).published


def _header_byline(
    children: list[lxml_html.HtmlElement],
    texts: list[str],
    date_idx: list[int],
    first_prose: int,
    style: SourceStyle | None,
) -> tuple[int | None, int | None]:
    """The lines of the header (before the first paragraph of prose) that are a byline by
    their shape (:func:`_byline_by_shape`): the nearest one before the first date line, and
    the first after it ("Published: ..., Updated: ..., Kari Nordmann"), which counts only
    when no line before the date line is a byline."""
    first_date = next((i for i in date_idx if i < first_prose), first_prose)
    candidates = [
        j
        for j in range(first_prose)
        if j not in date_idx
        and children[j].tag in ("div", "span", "p")
        and _looks_like_byline(children[j], texts[j], style)
        and _byline_by_shape(texts[j], style)
    ]
    before = [j for j in candidates if j < first_date]
    after = [j for j in candidates if j > first_date]
    return (before[-1] if before else None), (after[0] if after else None)


def parse_block(block: lxml_html.HtmlElement, style: SourceStyle | None) -> BlockParts:
    """Split ``block`` (the ``div.post-content`` element) into its parts.

    ``style`` is the linked source's style; when None the style is detected from the date
    lines' format (a page without a source link still prints its source's dates).
    """
    parts = BlockParts()
    children = [c for c in block if isinstance(c.tag, str)]
    # The first pass finds the date lines, so the style is known before the byline is chosen.
    texts = [element_text(c) if c.tag != "p" else clean_text(c.text_content()) for c in children]
    # A <p> is a date line only in the header, before the first paragraph of prose (a
    # sentence: a byline "<p>By X</p>" may come first).
    first_prose = next(
        (
            i
            for i, (c, t) in enumerate(zip(children, texts, strict=True))
            if c.tag == "p" and _ends_like_a_sentence(t, style) and not _is_date(t, style)
        ),
        len(children),
    )
    undeclared = style is None or not style.declared
    # ... or, at a publisher no module declares, after the last one: the date lines printed
    # at the end of the article ("<p>Updated: 11.01.2022, 09:30</p>" as its last line).
    after_prose = (
        next(  # the last paragraph of prose, looked for from the end (the first found)
            (
                i
                for i in range(len(children) - 1, -1, -1)
                if children[i].tag == "p"
                and _ends_like_a_sentence(texts[i], style)
                and not _is_date(texts[i], style)
            ),
            len(children),
        )
        if undeclared
        else len(children)
    )
    date_idx = [
        i
        for i, (c, t) in enumerate(zip(children, texts, strict=True))
        if (c.tag in ("div", "span") or (c.tag == "p" and not first_prose <= i <= after_prose))
        and (
            _is_date(t.replace("\n", " "), style)
            or (undeclared and _inline_byline(t.replace("\n", " "), style)[0] is not None)
        )
    ]
    dates = [texts[i].replace("\n", " ") for i in date_idx]
    parts.detected_style = style or source_for_date_lines(dates)
    style = parts.detected_style

    general = style is None or not style.declared  # a publisher no module declares
    for n, date_text in enumerate(dates):
        byline, date_text = style.split_inline_byline(date_text) if style else (None, date_text)
        # A line with a few words before its date passes for a date line: it carries a
        # byline when those words open with a by-word ("by Ana Lopes / AFP | 06:27 ...") or
        # are agencies ("AAP, Ritzau | Monday, 14 March 2022 at 7:50 AM ET").
        if (
            byline is None
            and n == 0
            and general
            and (
                not _is_date(date_text, style)
                or _BY_WORD.match(date_text)
                or _credits_before_bar(date_text, style)
            )
        ):
            byline, date_text = _inline_byline(date_text, style)
        if byline is None and n == 0 and general:
            byline, date_text = _leading_byline(children[date_idx[0]], date_text, style)
        if byline is None and parts.byline is None and general:
            byline, date_text = _byline_before_date(date_text, style)
        parts.byline = parts.byline or byline
        parts.date_lines.append(date_text)
    byline_idx = None
    shaped: tuple[int | None, int | None] = (None, None)
    if parts.byline is None and general:
        # A line that is a byline by its shape, wherever it stands in the header.
        shaped = _header_byline(children, texts, date_idx, first_prose, style)
        byline_idx = shaped[0]
        parts.byline = texts[byline_idx] if byline_idx is not None else None
    # the short line just before the first date line (not one printed after the body)
    header_dates = [i for i in date_idx if children[i].tag != "p" or i < first_prose]
    if parts.byline is None and header_dates:
        for j in range(header_dates[0] - 1, -1, -1):
            c, t = children[j], texts[j]
            if c.tag in ("h1", "figure") or not t:
                break
            if c.tag in ("ul", "ol") or is_boilerplate_line(t):
                continue  # a share list or a reading time between the byline and the date
            if c.tag in ("div", "span", "p") and bare_place(t):
                continue  # a dateline's place between the byline and the date ("Brasília")
            if c.tag in ("div", "span", "p") and _looks_like_byline(c, t, style):
                parts.byline, byline_idx = t, j
                break
            if c.tag in ("div", "span") and style and style.is_boilerplate(t):
                continue
            break
    if parts.byline is None and shaped[1] is not None:
        byline_idx = shaped[1]
        parts.byline = texts[byline_idx]
    if parts.byline is None and date_idx and general and date_idx[-1] + 1 < len(children):
        # "By {P}" printed after the date lines.
        j = date_idx[-1] + 1
        if _BY_WORD.match(texts[j]) and _looks_like_byline(children[j], texts[j], style):
            parts.byline, byline_idx = texts[j], j
    if parts.byline is not None and general:
        parts.byline = ", ".join(line for line in parts.byline.split("\n") if line)
    for i, (c, text) in enumerate(zip(children, texts, strict=True)):
        if i in date_idx or i == byline_idx:
            continue
        if c.tag == "figure":
            parts.media.append(_media(c))
        elif c.tag == "h1" and parts.headline is None:
            parts.headline = text
        elif c.tag == "p":
            if parts.byline is None and style is not None:
                byline, text = style.split_paragraph_byline(text)
                parts.byline = clean_text(byline) if byline else None
                if byline and not text:
                    continue
            parts.paragraphs.append(_paragraph(c, text))
        else:
            # Figures nested in wrappers still count as media, in document order.
            for fig in c.iter("figure"):
                parts.media.append(_media(fig))
            parts.other_lines.extend(t for t in (clean_text(x) for x in text.split("\n")) if t)
    return parts
