"""A listing page too large to parse whole: parsed as it streams, cards past the cap dropped.

A real listing page holds tens of cards in well under a megabyte. A hostile one (100,000 cards,
15 MB) would cost a tree of 1.3 KB per card (some 160 MB) before the cap on cards
(``NEWSCRAWL_LISTING_MAX_CARDS``) could apply. :func:`pruned_root` parses such a page chunk by
chunk and removes every card element past the cap as soon as it is complete, so the tree holds
the page's other parts (navigation, next link) and ``cap`` cards only.

A card is recognised by the last compound of the site's card selector (``article.card`` of
``section.feed article.card``): while parsing, an element's ancestors are not all known yet.
"""

from __future__ import annotations

from typing import Any

from cssselect import HTMLTranslator, parse
from cssselect.parser import CombinedSelector
from cssselect.parser import Selector as CssSelector
from lxml import etree

__all__ = ["CHUNK", "last_compound_xpath", "pruned_root"]

#: Bytes fed to the parser at a time.
CHUNK = 1 << 16


def last_compound_xpath(css: str) -> str:
    """An XPath testing whether an element matches the last compound of each selector of ``css``.

    >>> last_compound_xpath("section.feed article.card")  # doctest: +ELLIPSIS
    "self::article[@class and contains(@class, 'card') and ...]"
    >>> last_compound_xpath("li > a, div")
    'self::a | self::div'
    """
    translator = HTMLTranslator()
    parts = []
    for selector in parse(css):
        tree = selector.parsed_tree
        while isinstance(tree, CombinedSelector):
            tree = tree.subselector
        parts.append(translator.selector_to_xpath(CssSelector(tree), prefix="self::"))
    return " | ".join(parts)


def pruned_root(body: bytes, encoding: str, card_css: str, cap: int) -> tuple[Any, int]:
    """The page's tree with at most ``cap`` elements like cards, and how many were dropped.

    >>> page = b"<html><body><ul>" + b"<li class='c'>x</li>" * 5 + b"</ul><a>next</a></body></html>"
    >>> root, dropped = pruned_root(page, "utf-8", "ul li.c", 2)
    >>> len(root.xpath("//li")), dropped, root.xpath("string(//a)")
    (2, 3, 'next')
    """
    is_card = etree.XPath(f"boolean({last_compound_xpath(card_css)})")
    parser = etree.HTMLPullParser(events=("end",), encoding=encoding, recover=True, huge_tree=True)
    seen = dropped = 0
    for start in range(0, len(body), CHUNK):
        parser.feed(body[start : start + CHUNK])
        seen, dropped = _prune(parser.read_events(), is_card, cap, seen, dropped)
    root = parser.close()
    _prune(parser.read_events(), is_card, cap, seen, dropped)
    return root, dropped


def _prune(events: Any, is_card: etree.XPath, cap: int, seen: int, dropped: int) -> tuple[int, int]:
    """Count complete card elements; remove those past ``cap`` from their parent."""
    for _, element in events:
        if not is_card(element):
            continue
        seen += 1
        if seen > cap:
            parent = element.getparent()
            if parent is not None:
                parent.remove(element)
                dropped += 1
    return seen, dropped
