"""Pages nested too deep to read: libxml2's HTML parser stops at a fixed depth.

Scrapy's selectors (parsel, ``huge_tree``) parse with libxml2, which reads elements down to
2048 levels and silently drops the rest of the document from there: a page opening with 100,000
nested ``div``s parses as an almost empty tree, so a listing shows no cards and an article no
text, with no error anywhere. Our own tree walks recurse, so even a page within that limit can
raise ``RecursionError``. Both are told apart from an ordinary "no cards" or "not an article"
here, so that such a page is counted as failed with the reason :data:`REASON`.
"""

from __future__ import annotations

import re
from typing import Any

from lxml import etree
from parsel import Selector

#: Depth at which libxml2 stops reading (its limit with XML_PARSE_HUGE, which parsel sets).
PARSER_MAX_DEPTH = 2048
#: The failure reason (``newscrawl/pages/failed/too_deep``, ``newscrawl/listings/too_deep``).
REASON = "too_deep"
MESSAGE = (
    f"the page nests elements deeper than the HTML parser reads ({PARSER_MAX_DEPTH} levels); "
    "everything from there on is lost"
)


#: Start and end tags (a ``/>`` self-closing one counts as both), for a quick depth estimate.
_TAG = re.compile(r"<(/?)([A-Za-z][\w:-]*)[^>]*>")
#: Elements that never hold others (HTML's void elements).
_VOID = frozenset(
    ("area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param")
    + ("source", "track", "wbr")
)


def may_be_deep(text: str) -> bool:
    """A cheap necessary condition for :func:`too_deep`: the tags, counted as written (end tags
    close, void and self-closing ones do not open), reach the parser's depth somewhere.

    Unclosed ``<p>`` or ``<li>`` only make the count higher, so no deep page is missed; a page
    that passes is then parsed to be sure.

    >>> may_be_deep("<div>" * 3000), may_be_deep("<div></div>" * 3000 + "<br>" * 3000)
    (True, False)
    """
    if text.count("<") < PARSER_MAX_DEPTH:
        return False  # fewer tags than levels
    depth = 0
    for found in _TAG.finditer(text):
        closing, name = found.groups()
        if closing:
            depth = max(0, depth - 1)
        elif not found.group().endswith("/>") and name.lower() not in _VOID:
            depth += 1
            if depth >= PARSER_MAX_DEPTH:
                return True
    return False


def deepest(root: Any) -> int:
    """The depth of the deepest element under ``root`` (``root`` itself is 1).

    >>> deepest(Selector("<html><body><div><p>x</p></div></body></html>").root)
    4
    """
    depth = most = 0
    for event, _ in etree.iterwalk(root, events=("start", "end")):
        if event == "start":
            depth += 1
            most = max(most, depth)
        else:
            depth -= 1
    return most


def too_deep(page: Selector | str | bytes) -> bool:
    """Whether the parser gave up on ``page`` (a selector, or HTML to parse) for its depth.

    >>> too_deep("<div>" * 3000 + "x"), too_deep("<div>" * 100 + "x")
    (True, False)
    """
    if isinstance(page, bytes):
        page = page.decode("utf-8", "replace")
    if isinstance(page, str):
        if not may_be_deep(page):
            return False  # no need to parse
        page = Selector(text=page)
    return deepest(page.root) >= PARSER_MAX_DEPTH


def failure_is_depth(error: BaseException, page: Selector | str | bytes) -> bool:
    """Whether a page failed (``error`` raised while reading it) because of its depth."""
    return isinstance(error, RecursionError) or too_deep(page)
