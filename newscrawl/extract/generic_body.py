"""Body text of an article page without boilerplate: trafilatura's main-content pass, then
paragraph-level filters (headline and standfirst repeats, link lists, teaser and newsletter
lines, copyright notices, bare URLs and dates, duplicates).

Two entry points:

- :func:`body_paragraphs` for a whole page (what the generic extractor uses);
- :func:`clean_body_paragraphs` for one block element already known to hold an article's body,
  e.g. the quoted source block on an aggregator page whose source no profile knows.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from copy import deepcopy
from dataclasses import dataclass
from functools import lru_cache

from lxml import etree
from lxml.html import HtmlElement
from trafilatura import bare_extraction
from trafilatura.settings import Document

from newscrawl.extract.furniture import (
    _SENTENCE_END,
    BARE_DATE,
    BARE_URL,
    _tokens,
    is_boilerplate_line,
    same_text,
    squeeze,
)

_is_furniture = lru_cache(maxsize=1024)(is_boilerplate_line)


def link_density(element: etree._Element, link_tags: Iterable[str] = ("ref", "a")) -> float:
    """Share of an element's text that sits inside links (0.0 for an empty element)."""
    total = len(squeeze("".join(element.itertext())))
    if not total:
        return 0.0
    tags = tuple(link_tags)
    linked = sum(
        len(squeeze("".join(link.itertext())))
        for link in element.iter(*tags)
        if not any(a.tag in tags for a in link.iterancestors())
    )
    return min(1.0, linked / total)


class AnchorDensity:
    """Link density of blocks of text from the links of the page they came from.

    trafilatura keeps links in its output only with ``include_links``, and that setting loses
    paragraphs and headings (it keeps less text: see ``bench/realdata.py``); its plain output
    is measured against the page's own links instead. A block's linked share is the length of
    the page's link texts found in it: any link text equal to the whole block, and link texts
    of three words or more inside it (shorter ones, "News", "here", occur in prose too).

    >>> from lxml.html import fragment_fromstring
    >>> density = AnchorDensity(fragment_fromstring(
    ...     '<div><a href="/a">Other story about the rain</a> <a href="/b">Sport</a></div>'))
    >>> block = etree.fromstring("<p>Read: Other story about the rain</p>")
    >>> round(density(block), 2), density(etree.fromstring("<item>Sport</item>"))
    (0.81, 1.0)
    """

    def __init__(self, tree: etree._Element) -> None:
        texts = {squeeze(a.text_content()) for a in tree.iter("a")}
        self.whole = frozenset(t.casefold() for t in texts if t)
        self.long = sorted(
            {t.casefold() for t in texts if len(t.split()) >= 3}, key=len, reverse=True
        )

    def __call__(self, element: etree._Element) -> float:
        text = _block_text(element).casefold()
        if not text:
            return 0.0
        if text in self.whole:
            return 1.0
        if element.tag in ("list", "table"):
            parts = [_block_text(p).casefold() for p in element.iter("item", "cell")]
            linked = sum(len(p) for p in parts if p in self.whole)
        else:
            linked = 0
        rest = text
        for anchor in self.long:
            if len(anchor) > len(rest):
                continue
            if anchor in rest:
                linked += len(anchor) * rest.count(anchor)
                rest = rest.replace(anchor, " ")
        return min(1.0, linked / len(text))


def _block_text(element: etree._Element, leave_out: str = "") -> str:
    """A block's text; a line break (``lb``) inside it separates words as it does on the page.
    The text of descendants tagged ``leave_out`` is left out (their tails are kept).

    >>> _block_text(etree.fromstring("<p>June 9, FL<lb/>June 10, GA</p>"))
    'June 9, FL June 10, GA'
    >>> _block_text(etree.fromstring("<item>Fish<list><item>Salmon</item></list></item>"), "list")
    'Fish'
    """
    pieces: list[str] = []

    def visit(node: etree._Element) -> None:
        if node.tag == "lb":
            pieces.append(" ")
        pieces.append(node.text or "")
        for child in node:
            if isinstance(child.tag, str) and child.tag != leave_out:
                visit(child)
            pieces.append(child.tail or "")

    visit(element)
    return squeeze("".join(pieces))


def _iter_units(
    body: etree._Element, loose: bool = True
) -> Iterable[tuple[etree._Element, list[str]]]:
    """Yield (unit, paragraph texts) for trafilatura's output tree: a list or table is one
    unit (judged as a whole) of one paragraph per item or row; anything else is one unit.
    Text that trafilatura leaves loose between its blocks (a tail) is a paragraph too: its
    own text output prints it, and it can be a whole paragraph of the article.

    >>> body = etree.fromstring("<body><p>One.</p>Two.<list><item>a</item></list></body>")
    >>> [(unit.tag, texts) for unit, texts in _iter_units(body)]
    [('p', ['One.']), ('loose', ['Two.']), ('list', ['a'])]
    """
    if loose and squeeze(body.text):
        yield _loose(body.text), [squeeze(body.text)]
    for child in body:
        yield from _child_units(child)
        if loose and squeeze(child.tail):
            yield _loose(child.tail), [squeeze(child.tail)]


def _loose(text: str | None) -> etree._Element:
    """Loose text as a unit of its own kind (see :func:`filter_blocks`)."""
    paragraph = etree.Element(LOOSE)
    paragraph.text = text
    return paragraph


#: The tag of a unit made of text that trafilatura left outside its blocks.
LOOSE = "loose"
#: Loose text of this many words can be a core paragraph (see :func:`filter_blocks`).
_LOOSE_CORE_WORDS = 12


def _child_units(child: etree._Element) -> Iterable[tuple[etree._Element, list[str]]]:
    if not isinstance(child.tag, str) or child.tag == "graphic":
        return
    if child.tag in ("list", "table"):
        parts = child.iter("item") if child.tag == "list" else child.iter("row")
        # an item's nested list is items of its own (they follow it in the iteration)
        texts = [
            _row_text(part) if child.tag == "table" else _block_text(part, "list") for part in parts
        ]
        yield child, [t for t in texts if t]
    else:
        text = _block_text(child)
        yield child, [text] if text else []


def _row_text(row: etree._Element) -> str:
    return " | ".join(_block_text(cell) for cell in row.iter("cell"))


def filter_blocks(
    body: etree._Element,
    title: str | None = None,
    lead: str | None = None,
    density: Callable[[etree._Element], float] = link_density,
    drop_lead_repeat: bool = True,
    prose_words: int = 0,
    furniture_words: int = 40,
    skip: frozenset[str] = frozenset(),
) -> list[str]:
    """Paragraph texts of trafilatura's output ``body``, with page furniture removed.

    Furniture sits at the edges of the content region trafilatura picks: the blocks before the
    first and after the last *core* paragraph (one of eight words or more that is not mostly
    links) are dropped when they repeat the ``title`` (or, with ``drop_lead_repeat``, are a
    heading that repeats the ``lead``), are mostly links, or come after a trailing heading
    (a new, non-article section such as a newsletter box). Known furniture lines (see
    :func:`is_boilerplate_line`) are dropped everywhere, short paragraphs that mention
    newsletters or subscribing only outside the core paragraphs. ``density`` measures a
    block's share of link text (by default from the ``ref``/``a`` elements inside it). With
    ``prose_words``, a paragraph of that many words or more that ends a sentence counts as
    unlinked unless nearly all of it is links. ``skip`` names rules to switch off
    (:data:`RULES`).
    """
    units = []
    for unit, texts in _iter_units(body, loose="loose" not in skip):
        if texts:
            joined = " ".join(texts)
            words = len(_tokens(joined))
            share = density(unit)
            if (
                prose_words
                and unit.tag in ("p", "quote")
                and words >= prose_words
                and share < _PROSE_MAX_SHARE
                and _SENTENCE_END.search(joined)
            ):
                share = 0.0
            units.append((unit.tag, texts, words, len(joined), share))

    def furniture(text: str) -> bool:
        return _is_furniture(text, furniture_words, skip)

    core = [
        i
        for i, (tag, texts, words, chars, share) in enumerate(units)
        if (
            (
                (tag in ("p", "quote") and (words >= 12 or chars >= 60))
                or (tag == LOOSE and words >= _LOOSE_CORE_WORDS)
            )
            and share < 0.3
            and not furniture(texts[0])
        )
        or (tag in ("list", "table") and len(texts) >= 3 and share < 0.2)
    ]
    if not core or "edges" in skip:
        return [text for _, texts, *_ in units for text in texts if not furniture(text)]
    first, last = core[0], core[-1]
    standfirst = lead if drop_lead_repeat else None
    paragraphs: list[str] = []
    for i, (tag, texts, _words, _chars, share) in enumerate(units):
        # between core paragraphs a paragraph about newsletters or subscriptions is text
        # (guides and reviews discuss them); the sign-up box sits at the edges
        words_limit = 0 if first <= i <= last else furniture_words
        for text in texts:
            if _is_furniture(text, words_limit, skip):
                continue
            verdict = _keep(text, tag, share, i, first, last, title, standfirst, skip)
            if verdict is None:
                return paragraphs
            if verdict:
                paragraphs.append(text)
    return paragraphs


#: Linked prose (see :func:`filter_blocks`) is still furniture when nearly all of it is links.
_PROSE_MAX_SHARE = 0.8


def _keep(
    text: str,
    tag: str,
    density: float,
    index: int,
    first: int,
    last: int,
    title: str | None,
    lead: str | None,
    skip: frozenset[str] = frozenset(),
) -> bool | None:
    """Whether to keep one paragraph that is no furniture; None means 'stop here' (the
    article has ended)."""
    if index < first:
        if "title_repeat" not in skip and title and same_text(text, title):
            return False
        if lead and tag == "head" and same_text(text, lead):
            return False
        if "head_links" in skip:
            return True
        return not (density >= 0.5 or BARE_URL.match(text) or BARE_DATE.match(text))
    if (
        index > last
        and "tail_stop" not in skip
        and (tag == "head" or density >= (0.3 if tag == "list" else 0.5))
    ):
        return None
    return True


@dataclass(frozen=True)
class BodyTuning:
    """The body pass's thresholds and optional rules, in one place, so that
    ``bench/realdata.py`` can choose them leave-publisher-out (each publisher's pages scored
    with the values that do best on the other publishers). The defaults are the values that
    procedure picks on all development publishers."""

    #: Run trafilatura with ``include_links`` (link density from its ``ref`` elements) instead
    #: of measuring its plain output against the page's links (:class:`AnchorDensity`).
    trafilatura_links: bool = True
    #: trafilatura's fast pass is redone with its fallbacks when it keeps less than this share
    #: of the text of the page's main paragraph container (:func:`paragraph_container`) ...
    retry_share: float = 0.6
    #: ... or less than this many characters (a short text is often the first block of a
    #: guide or review whose content is not in paragraphs) ...
    retry_chars: int = 2000
    #: ... and the container's own paragraphs replace trafilatura's when it still keeps less
    #: than this share.
    container_share: float = 0.75
    #: The page's one ``<main>`` landmark (:func:`main_landmark`), cleaned, replaces a body
    #: shorter than this share of it (rule ``landmark``) ...
    landmark_share: float = 0.35
    #: ... when cleaning keeps at least this share of the landmark's text (a ``<main>`` that
    #: wraps sidebars, menus and teasers around the article is mostly dropped by it).
    landmark_clean: float = 0.5
    #: Drop a heading before the first core paragraph that repeats the page's standfirst (off:
    #: it helped aeb's WSJ pages only; fev, fundus and wcxb's truths keep the standfirst).
    drop_lead_repeat: bool = False
    #: Paragraphs of this many words or more that end a sentence are prose however many links
    #: they hold (0: off); see :func:`filter_blocks`.
    prose_words: int = 0
    #: Paragraphs of at most this many words that mention newsletters or subscribing are
    #: furniture (:func:`is_boilerplate_line`).
    furniture_words: int = 40
    #: Rules switched off, by name (:data:`RULES`): for ``bench/body_ablation.py``.
    skip: frozenset[str] = frozenset()


#: The body pass's corrections of trafilatura's output, by the name that switches each off
#: (:attr:`BodyTuning.skip`).
RULES: dict[str, str] = {
    "retry": "trafilatura's fast pass redone with its fallbacks when it keeps too little",
    "container": "the paragraph container replaces a body that keeps too little of it",
    "loose": "text left between trafilatura's blocks is a paragraph",
    "edges": "blocks before the first and after the last core paragraph are judged at all",
    "title_repeat": "the headline repeated before the first core paragraph goes",
    "head_links": "linked blocks, bare URLs and dates before the first core paragraph go",
    "tail_stop": "a heading or linked block after the last core paragraph ends the body",
    "boilerplate_line": "whole lines of BOILERPLATE_LINE go",
    "lead_in_line": "teaser and tag lines of LEAD_IN_LINE go",
    "copyright_line": "copyright notices of COPYRIGHT_LINE go",
    "newsletter": "short paragraphs that promote newsletters or subscriptions go (at the edges)",
    "call_to_action": "short paragraphs to the reader that end 'Click here.' / 'Get it here.' go",
    "gaps": "list items of the paragraph container left out between kept paragraphs come back",
    "copies": "a second copy of a passage of the body (a fifth of its words or more) goes",
    "landmark": "the page's one <main> replaces a body that keeps under a third of its text",
    "body_end": "paragraphs after the last one inside the page's one articleBody, outside it, go",
}


#: The shipped values.
BODY_TUNING = BodyTuning()

#: Elements whose paragraphs never count towards the article container.
_OUTSIDE_XPATH = etree.XPath("//nav//p | //footer//p | //form//p | //figure//p | //figcaption//p")


#: Every itemprop attribute value, each with its element (cheaper than selecting elements).
_ITEMPROPS = etree.XPath("//@itemprop")


def _paragraph_scores(tree: HtmlElement) -> tuple[dict[HtmlElement, float], dict[HtmlElement, int]]:
    scores: dict[HtmlElement, float] = {}
    lengths: dict[HtmlElement, int] = {}
    outside = set(_OUTSIDE_XPATH(tree))
    for p in tree.iter("p"):
        if p in outside:
            continue
        size = len(squeeze(p.text_content()))
        if size < 25:
            continue
        lengths[p] = size
        parent = p.getparent()
        if parent is not None:
            scores[parent] = scores.get(parent, 0.0) + size
            grandparent = parent.getparent()
            if grandparent is not None:
                scores[grandparent] = scores.get(grandparent, 0.0) + size / 2
    return scores, lengths


def article_body_marks(tree: HtmlElement) -> list[HtmlElement]:
    """The elements marked ``itemprop="articleBody"`` (space-separated lists included)."""
    return [value.getparent() for value in _ITEMPROPS(tree) if "articleBody" in value.split()]


def paragraph_container(
    tree: HtmlElement, marked: list[HtmlElement] | None = None
) -> tuple[list[HtmlElement], int]:
    """The elements that hold the page's article paragraphs, and the length of their text.

    The page's ``itemprop=articleBody`` when it has one with text; otherwise every ``<p>``
    outside navigation, footers, forms and figures credits its text length to its parent and
    half of it to its grandparent (as readability does), the element with the highest score
    wins, and its siblings of the same tag and class that hold paragraphs too join it (a
    body split into several columns or blocks). The length is that of all such paragraphs
    inside them. ``marked`` is :func:`article_body_marks`, when the caller has read it.
    """
    scores, lengths = _paragraph_scores(tree)
    marked = article_body_marks(tree) if marked is None else marked
    if marked:
        best_marked = max(marked, key=lambda el: len(el.text_content()))
        size = len(squeeze(best_marked.text_content()))
        if size >= 200:
            return [best_marked], size
    if not scores:
        return [], 0
    best = max(scores, key=scores.__getitem__)
    group = [best]
    for level in (best, best.getparent()):
        parent = level.getparent() if level is not None else None
        if parent is None:
            break
        key = (level.tag, level.get("class"))
        siblings = [
            sib for sib in parent
            if sib is level or (
                (sib.tag, sib.get("class")) == key
                and any(p in lengths for p in sib.iter("p"))
            )
        ]  # fmt: skip
        if len(siblings) > 1:
            group = siblings
            break
    return group, sum(lengths.get(p, 0) for el in group for p in el.iter("p"))


def _inside(paragraphs: list[str], container: list[HtmlElement]) -> bool:
    """True when most of the text of ``paragraphs`` is found inside ``container`` (the
    container extends trafilatura's region rather than being another part of the page)."""
    text = " ".join(squeeze(el.text_content()) for el in container)
    total = sum(len(p) for p in paragraphs)
    found = sum(len(p) for p in paragraphs if p in text)
    return total == 0 or found >= 0.6 * total


def _trafilatura_body(tree: HtmlElement, fast: bool, links: bool) -> etree._Element | None:
    # Only the body tree is read: the "txt" format leaves the text of the python format
    # (a second walk of the body, serialised) unmade; the extraction is the same.
    document = bare_extraction(
        tree, fast=fast, include_comments=False, include_links=links, output_format="txt"
    )
    if not isinstance(document, Document) or document.body is None:
        return None
    return document.body


def body_paragraphs(
    tree: HtmlElement,
    url: str | None = None,
    title: str | None = None,
    lead: str | None = None,
    tuning: BodyTuning | None = None,
) -> list[str]:
    """Paragraphs of the article body of a whole page ``tree`` (left unmodified).

    Uses trafilatura's main-content detection and then :func:`filter_blocks`. trafilatura runs
    first in its fast mode (its readability/jusText fallbacks tend to widen the region to
    neighbouring teasers); when that keeps much less text than the page's main paragraph
    container (see :func:`paragraph_container`) or is short in itself, it was cut short, and
    runs again with its fallbacks, whose result is kept if longer. ``tuning`` holds the
    thresholds.
    """
    del url  # kept for callers; trafilatura needs no base URL for text
    tuning = tuning or BODY_TUNING
    links = tuning.trafilatura_links
    body = _trafilatura_body(tree, fast=True, links=links)
    size = len(_body_text(body))
    skip = tuning.skip
    marked = article_body_marks(tree)
    container, container_size = paragraph_container(tree, marked)
    if size < max(tuning.retry_share * container_size, tuning.retry_chars) and "retry" not in skip:
        retry = _trafilatura_body(tree, fast=False, links=links)
        if len(_body_text(retry)) > size:
            body, size = retry, len(_body_text(retry))
    density = link_density if links else AnchorDensity(tree)
    paragraphs = (
        filter_blocks(
            body,
            title,
            lead,
            density,
            tuning.drop_lead_repeat,
            tuning.prose_words,
            tuning.furniture_words,
            skip,
        )
        if body is not None
        else []
    )
    if (
        size < tuning.container_share * container_size
        and "container" not in skip
        and _inside(paragraphs, container)
    ):
        holder = etree.Element("div")
        holder.extend(deepcopy(el) for el in container)
        fallback = clean_body_paragraphs(holder, title=title, lead=lead)
        if sum(map(len, fallback)) > sum(map(len, paragraphs)):
            return fallback if "copies" in skip else without_copies(fallback)
    if "landmark" not in skip:
        landmark = landmark_body(tree, paragraphs, title, lead, tuning)
        if landmark is not None:
            return landmark if "copies" in skip else without_copies(landmark)
    if "gaps" not in skip and container:
        paragraphs = fill_gaps(paragraphs, container)
    if "body_end" not in skip:
        paragraphs = within_article_body(tree, paragraphs, marked)
    return paragraphs if "copies" in skip else without_copies(paragraphs)


def within_article_body(
    tree: HtmlElement, paragraphs: list[str], marked: list[HtmlElement] | None = None
) -> list[str]:
    """``paragraphs`` without those after the last one found inside the page's schema.org
    ``articleBody`` (one element marked ``itemprop="articleBody"``) that are not inside it:
    the publisher marks where the article's text ends, and what trafilatura takes after it
    (an "about us" box, a share dialog's "Thank you") is the page's. Paragraphs are compared
    without their white space (a line break is a space in one and nothing in the other).
    ``marked`` is :func:`article_body_marks`, when the caller has read it.

    >>> from lxml.html import document_fromstring
    >>> page = document_fromstring(
    ...     "<div itemprop='articleBody'><p>It rained.</p><p>Shops<br>closed.</p></div>"
    ...     "<div><p>About us</p></div>")
    >>> within_article_body(page, ["It rained.", "Shops closed.", "About us"])
    ['It rained.', 'Shops closed.']
    """
    marked = article_body_marks(tree) if marked is None else marked
    if len(marked) != 1 or not paragraphs:
        return paragraphs
    text = "".join(marked[0].text_content().split())
    inside = [i for i, p in enumerate(paragraphs) if "".join(p.split()) in text]
    if not inside:
        return paragraphs
    return paragraphs[: inside[-1] + 1]


#: The main landmark (HTML's ``<main>``, ARIA's ``role=main``).
_MAIN_XPATH = etree.XPath("//main | //*[@role='main']")


def main_landmark(tree: HtmlElement) -> HtmlElement | None:
    """The page's main landmark: its one ``<main>`` or ``role="main"`` element (HTML: "the
    dominant contents of the document"), or None when it has none or several.

    >>> from lxml.html import document_fromstring
    >>> main_landmark(document_fromstring("<div role='main'><p>Text</p></div>")).tag
    'div'
    >>> main_landmark(document_fromstring("<main>A</main><main>B</main>")) is None
    True
    """
    found = _MAIN_XPATH(tree)
    return found[0] if len(found) == 1 else None


def landmark_body(
    tree: HtmlElement,
    paragraphs: list[str],
    title: str | None,
    lead: str | None,
    tuning: BodyTuning,
) -> list[str] | None:
    """The paragraphs of the page's main landmark (:func:`main_landmark`, cleaned by
    :func:`clean_body_paragraphs`) when the body ``paragraphs`` found are inside it and keep
    less than :attr:`BodyTuning.landmark_share` of its cleaned text; None otherwise.

    trafilatura sometimes takes only the first block of an article spread over many sibling
    blocks (listicle slides, an accordion per step, a column per section: its class filters
    drop "slide", "bar", "collapse" blocks, and the paragraph container is then one block of
    many). The landmark holds them all; cleaning must keep at least
    :attr:`BodyTuning.landmark_clean` of its text (and as much of it must lie outside links),
    so that a ``<main>`` that is mostly menus, sidebars and teasers is not taken.
    """
    landmark = main_landmark(tree)
    if landmark is None:
        return None
    size = sum(map(len, paragraphs))
    whole = len(squeeze(landmark.text_content()))
    # clean it (a copy: the cost) only when the body is far shorter than its text and at
    # least the share cleaning must keep is text outside links (a landmark mostly links is
    # menus and teasers, whose link lists cleaning drops)
    if size >= tuning.landmark_share * whole:
        return None
    linked = sum(len(squeeze(a.text_content())) for a in landmark.iter("a"))
    if whole - linked < tuning.landmark_clean * whole:
        return None
    cleaned = clean_body_paragraphs(landmark, title=title, lead=lead)
    kept = sum(map(len, cleaned))
    if (
        size < tuning.landmark_share * kept
        and kept >= tuning.landmark_clean * whole
        and _inside(paragraphs, [landmark])
    ):
        return cleaned
    return None


#: A repeated passage is a copy of the article when it holds at least this share of its words.
_COPY_SHARE = 0.2


def without_copies(paragraphs: list[str]) -> list[str]:
    """``paragraphs`` without a second copy of a passage of them: a run of two or more
    paragraphs that repeats an earlier run word for word and in the same order, and holds at
    least :data:`_COPY_SHARE` of the words. A page that prints its article twice (a desktop
    and a mobile copy, a tabbed and an expanded one) yields it twice; a line repeated on
    purpose (a meal plan's "Breakfast", a review's "Buy at ...") is short and stays.

    >>> one, two = "It rained all day in the old town.", "Shops closed early."
    >>> without_copies([one, two, "Then the sun came out.", one, two])
    ['It rained all day in the old town.', 'Shops closed early.', 'Then the sun came out.']
    >>> without_copies(["Breakfast", one, "Breakfast", two, "Lunch", "Breakfast"])[-1]
    'Breakfast'
    """
    keys = [" ".join(_tokens(text)) for text in paragraphs]
    total = sum(len(key.split()) for key in keys)
    first: dict[str, int] = {}
    for i, key in enumerate(keys):
        first.setdefault(key, i)
    drop: set[int] = set()
    j = 0
    while j < len(keys):
        run = _copied_run(keys, first[keys[j]], j)
        if run >= 2 and sum(len(k.split()) for k in keys[j : j + run]) >= _COPY_SHARE * total:
            drop.update(range(j, j + run))
            j += run
        else:
            j += 1
    return [text for i, text in enumerate(paragraphs) if i not in drop] if drop else paragraphs


def _copied_run(keys: list[str], earlier: int, at: int) -> int:
    """How many paragraphs from ``at`` on repeat, in order, those from ``earlier`` on (0 when
    ``earlier`` is not before ``at`` or the paragraph has no words); the copy never reaches
    into itself."""
    if earlier >= at or not keys[at]:
        return 0
    run = 0
    while at + run < len(keys) and earlier + run < at and keys[at + run] == keys[earlier + run]:
        run += 1
    return run


#: A list item with one of these inside is a teaser card, not an item of the article's list.
_CARD_TAGS = ("h1", "h2", "h3", "h4", "h5", "h6", "img", "picture")
#: A list item put back by :func:`fill_gaps` is less than this share links.
_GAP_ITEM_MAX_LINKS = 0.3
#: A paragraph that anchors a gap (see :func:`fill_gaps`) has at least this many words.
_GAP_ANCHOR_WORDS = 8


def _container_items(container: list[HtmlElement]) -> list[tuple[str, bool]]:
    """The blocks of the paragraph ``container`` in document order, as (text, whether it is
    an item of one of the article's lists), without what :func:`clean_body_paragraphs` drops
    as furniture. A list item counts as the article's when it is not inside a link, has
    little link text (:data:`_GAP_ITEM_MAX_LINKS`) and holds no heading or image (a teaser
    card of related stories does).

    >>> from lxml.html import fragment_fromstring
    >>> _container_items([fragment_fromstring(
    ...     "<div><p>Intro.</p><ul><li>Flour</li><li><h3>Other story</h3>Teaser</li></ul></div>")])
    [('Intro.', False), ('Flour', True), ('Other storyTeaser', False)]
    """
    holder = _without_furniture(container)
    blocks = []
    for el in _outer_paragraphs(holder):
        text = squeeze("".join(el.itertext()))
        if text:
            item = (
                el.tag == "li"
                and link_density(el) < _GAP_ITEM_MAX_LINKS
                and not any(a.tag == "a" for a in el.iterancestors())
                and next(el.iter(*_CARD_TAGS), None) is None
            )
            blocks.append((text, item))
    return blocks


def _trigrams(text: str) -> set[tuple[str, ...]]:
    tokens = _tokens(text)
    return {tuple(tokens[i : i + 3]) for i in range(max(1, len(tokens) - 2))}


def _mostly_in(text: str, present: set[tuple[str, ...]]) -> bool:
    """True when at least half the word trigrams of ``text`` are in ``present`` (the text is
    there already, maybe split over other paragraphs)."""
    grams = _trigrams(text)
    return sum(g in present for g in grams) >= 0.5 * len(grams)


def fill_gaps(paragraphs: list[str], container: list[HtmlElement]) -> list[str]:
    """``paragraphs`` with the list items of the page's paragraph ``container`` that they
    leave out between two paragraphs they keep put back in place.

    trafilatura drops whole lists when it finds no article element and falls back to
    collecting the page's loose ``<p>`` elements (its "wild text" recovery takes no lists),
    and sometimes inside an article too; a list between two kept paragraphs of the same
    container is the article's. An anchor is a container paragraph of
    :data:`_GAP_ANCHOR_WORDS` words or more found in ``paragraphs``; items before the first
    or after the last anchor, furniture lines and items whose words are already there are
    left out.

    >>> from lxml.html import fragment_fromstring
    >>> one = "It rained all day in the old town today."
    >>> two = "Shops in the old town closed early on that day."
    >>> page = fragment_fromstring(
    ...     f"<div><p>{one}</p><ul><li>Bread</li><li>Milk</li></ul><p>{two}</p></div>")
    >>> fill_gaps([one, two], [page])[1:3]
    ['Bread', 'Milk']
    """
    if all(el.find(".//li") is None for el in container):
        return paragraphs
    blocks = _container_items(container)
    if not any(item for _text, item in blocks):
        return paragraphs
    where: list[int | None] = []
    cursor = 0
    for text, _item in blocks:
        found = next((i for i in range(cursor, len(paragraphs)) if text in paragraphs[i]), None)
        cursor = cursor if found is None else found
        where.append(found)
    anchors = [
        i
        for i, (text, _item) in enumerate(blocks)
        if where[i] is not None and len(text.split()) >= _GAP_ANCHOR_WORDS
    ]
    if len(anchors) < 2:
        return paragraphs
    inserts: dict[int, list[str]] = {}
    previous = where[anchors[0]]
    present: set[tuple[str, ...]] | None = None
    for i in range(anchors[0], anchors[-1]):
        text, item = blocks[i]
        if where[i] is not None:
            previous = where[i]
        elif item and not _is_furniture(text, 40, frozenset()):
            present = _trigrams(" ".join(paragraphs)) if present is None else present
            if not _mostly_in(text, present):
                inserts.setdefault(previous or 0, []).append(text)
    if not inserts:
        return paragraphs
    out: list[str] = []
    for i, paragraph in enumerate(paragraphs):
        out.append(paragraph)
        out.extend(inserts.get(i, []))
    return out


def _body_text(body: etree._Element | None) -> str:
    return squeeze(" ".join(body.itertext())) if body is not None else ""


#: Elements whose content is never body text.
_DROP_TAGS = (
    "script",
    "style",
    "noscript",
    "template",
    "iframe",
    "form",
    "button",
    "svg",
    "nav",
    "aside",
    "footer",
    "figure",
    "figcaption",
)
#: Class/id fragments of furniture inside an article block.
_FURNITURE_HINT = re.compile(
    r"(?:^|[-_ ])(?:share|social|related|newsletter|promo|advert|ad|ads|teaser|recommend\w*|"
    r"tags?|comments?|byline|author|caption|credit|breadcrumbs?|subscribe|paywall|toolbar|meta)"
    r"(?:$|[-_ ])",
    re.IGNORECASE,
)
_PARAGRAPH_TAGS = ("p", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre")


def clean_body_paragraphs(
    block: HtmlElement,
    title: str | None = None,
    lead: str | None = None,
    drop: Sequence[str] = (),
) -> list[str]:
    """Body paragraphs of one block element known to hold an article, without furniture.

    Meant for blocks whose layout nobody profiled: the source article quoted inside an
    aggregator page, or a page's ``<article>``. The block is not modified. Removed: scripts,
    forms, figures and captions, elements whose class or id says share/related/newsletter/
    promo/ad/tags/comments/byline/caption/credit, link lists, paragraphs that are mostly links,
    the headline and standfirst when repeated at the top, known boilerplate lines (see
    :data:`BOILERPLATE_LINE`), bare URLs and dates, duplicates. ``drop`` adds CSS selectors of
    elements to remove first (a site's own furniture).

    Paragraphs are ``p``/``h2``-``h6``/``li``/``blockquote``/``pre`` elements, or the block's
    own text lines when it has none.

    >>> from lxml.html import fragment_fromstring
    >>> block = fragment_fromstring(
    ...     '<div><h1>Rain</h1><p>It rained all day in the city.</p>'
    ...     '<div class="share-bar"><p>Share on X</p></div>'
    ...     '<ul><li><a href="/a">Other story one</a></li><li><a href="/b">Two</a></li></ul>'
    ...     '<p>Read more: Sun returns</p><p>Shops closed early.</p></div>')
    >>> clean_body_paragraphs(block, title="Rain")
    ['It rained all day in the city.', 'Shops closed early.']
    """
    block = _without_furniture([block], drop)
    candidates = _outer_paragraphs(block)
    if not candidates:
        lines = [squeeze(line) for line in "".join(block.itertext()).splitlines()]
        holder = etree.Element("body")
        for line in lines:
            if line:
                etree.SubElement(holder, "p").text = line
    else:
        holder = etree.Element("body")
        for el in candidates:
            holder.append(_as_block(el))
    return filter_blocks(holder, title=title, lead=lead)


def _without_furniture(elements: Sequence[HtmlElement], drop: Sequence[str] = ()) -> HtmlElement:
    """A copy of ``elements`` (one element, or several inside a new ``div``) without comments,
    the elements the CSS selectors ``drop`` name, :data:`_DROP_TAGS`, elements whose class or
    id is a :data:`_FURNITURE_HINT`, and link lists."""
    if len(elements) == 1:
        block = deepcopy(elements[0])
    else:
        block = etree.Element("div")
        block.extend(deepcopy(el) for el in elements)
    etree.strip_elements(block, etree.Comment, etree.ProcessingInstruction, with_tail=False)
    for selector in drop:
        for element in block.cssselect(selector):
            _remove(element)
    for element in list(block.iter(*_DROP_TAGS)):
        _remove(element)
    for element in list(block.iter()):
        if not isinstance(element.tag, str):
            continue
        hint = f"{element.get('class', '')} {element.get('id', '')}"
        if element is not block and _FURNITURE_HINT.search(hint):
            _remove(element)
    for lst in list(block.iter("ul", "ol")):
        items = lst.findall("li")
        if len(items) >= 2 and sum(link_density(li) >= 0.5 for li in items) / len(items) >= 0.5:
            _remove(lst)
    return block


def _outer_paragraphs(block: etree._Element) -> list[etree._Element]:
    """The paragraph elements (:data:`_PARAGRAPH_TAGS`) of ``block`` not inside another."""
    return [
        el
        for el in block.iter(*_PARAGRAPH_TAGS)
        if not any(a.tag in _PARAGRAPH_TAGS for a in el.iterancestors() if a is not block)
    ]


def _as_block(element: etree._Element) -> etree._Element:
    """Copy an HTML paragraph as a trafilatura-style block: links become ``ref``, other
    inline tags are flattened, headings become ``head``."""
    copy = deepcopy(element)
    copy.tail = None
    for link in copy.iter("a"):
        link.tag = "ref"
    for line_break in copy.iter("br"):
        line_break.tag = "lb"
    inline = {el.tag for el in copy.iter() if el is not copy and el.tag not in ("ref", "lb")}
    inline = {tag for tag in inline if isinstance(tag, str)}
    if inline:
        etree.strip_tags(copy, *inline)
    copy.attrib.clear()
    copy.tag = "head" if re.fullmatch(r"h\d", element.tag) else "p"
    return copy


def _remove(element: etree._Element) -> None:
    """Remove an element but keep its tail text in place."""
    parent = element.getparent()
    if parent is None:
        return
    tail = element.tail
    if tail:
        previous = element.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
    parent.remove(element)
