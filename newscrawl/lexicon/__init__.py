"""The words of news pages, one module per language: months and weekdays, by-words and
connectors, date labels, credit labels, boilerplate lead-ins.

Every reader (dates, bylines, captions, body cleaning) takes its words from here, for the
aggregator's source blocks and generic pages alike, so a word learned for one helps both.
Adding a language is one file in this package with a ``LANGUAGE = Language(...)``; nothing
registers it. Words are lower case; readers match them case-insensitively.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
from collections.abc import Iterable
from dataclasses import dataclass, fields
from functools import cache
from typing import Any

__all__ = [
    "BY_WORDS",
    "Language",
    "alternation",
    "and_words",
    "by_words",
    "languages",
    "month_numbers",
    "words",
]


@dataclass(frozen=True)
class Language:
    """One language's words. Each field is a tuple of lower-case words or phrases."""

    #: ISO 639-1 code.
    code: str
    #: Twelve entries, January first: the month's names and usual abbreviations.
    months: tuple[tuple[str, ...], ...] = ()
    #: Weekday names and abbreviations, in any order.
    weekdays: tuple[str, ...] = ()
    #: Words that put a byline's names after them ("by", "von", "par").
    by: tuple[str, ...] = ()
    #: By-words that are also a common given name in other languages (Catalan "per", the
    #: Scandinavian "Per"): they open a byline only on a page known to be in this language
    #: (:func:`by_words`), never in :data:`BY_WORDS`.
    by_own: tuple[str, ...] = ()
    #: Labels that put a byline's names after them with a colon ("Text: Anna Berg").
    by_label: tuple[str, ...] = ()
    #: Labels of the kind of article that a byline prints before its names with a colon
    #: ("Column: Anna Berg", "Opinion: Anna Berg", "Kommentar: Anna Berg"): no name.
    genre: tuple[str, ...] = ()
    #: Labels of the page's writer, before the names or on a line of their own ("Written
    #: by", "Author"); words before a by-word not listed here credit someone else
    #: ("Photo by", "Reviewed by", "Powered by").
    writer: tuple[str, ...] = ()
    #: Labels of a credit to someone other than the writer, in a byline ("Reviewed by",
    #: "Edited by", "Fact checked by"): the names after one, up to a label of the writer,
    #: are no authors.
    other_credit: tuple[str, ...] = ()
    #: "and" between two names.
    and_: tuple[str, ...] = ()
    #: "and" words that are also a common word of other languages (Slovenian "in", the
    #: English "in {City}"): they join two names only on a page known to be in this language
    #: (:func:`and_words`), never in ``words("and_")``.
    and_own: tuple[str, ...] = ()
    #: "from" or "in" before a place after a name ("Anna Berger aus Brüssel", "Pablo Herrera
    #: desde Bruselas", "Ana Lopes em Lisboa"): what follows is a place only when the
    #: gazetteer knows it.
    from_: tuple[str, ...] = ()
    #: "with" between a name and a credit ("X with AFP").
    with_: tuple[str, ...] = ()
    #: Labels of the publication time ("published", "veröffentlicht").
    published: tuple[str, ...] = ()
    #: Labels of an update ("updated", "aktualisiert", "mis à jour").
    updated: tuple[str, ...] = ()
    #: Labels of a picture credit ("photo", "foto", "bild", "image").
    credit: tuple[str, ...] = ()
    #: "Source" as the label of a credit.
    source: tuple[str, ...] = ()
    #: Lower-case particles inside a person's name ("van", "de", "bin").
    particles: tuple[str, ...] = ()
    #: Nouns of a writer's job, singular, that a byline prints before or after a name
    #: ("Redakteurin", "redactor", "correspondante"): a part with one is a role, no person.
    roles: tuple[str, ...] = ()
    #: Ranks before a role ("Senior Reporter", "Deputy Editor"), never a person's first
    #: name: a part of two words or more that opens with one is a role, no person.
    ranks: tuple[str, ...] = ()
    #: Words of a credit to a newsroom rather than a person: its desk, staff or team, or
    #: the agencies it takes copy from ("Editorial team", "News desk", "Agencies",
    #: "Redaktion"). A byline part with one is no person; one before a bar in front of a
    #: date line is the byline.
    desk: tuple[str, ...] = ()
    #: Words of a news organisation's name ("Maariv Online", "Europa Press", "Sky News"): a
    #: byline part with one is no person. Section names use them too ("World News"): unlike
    #: :attr:`desk`, they do not by themselves make a line a byline.
    organisation: tuple[str, ...] = ()
    #: "All rights reserved": a line with it is a copyright notice, no body.
    rights: tuple[str, ...] = ()
    #: Names a publishing system gives its built-in or shared accounts ("admin", "redaktion"):
    #: an author tag holding one names no person.
    accounts: tuple[str, ...] = ()
    #: Midday printed as a clock's name ("Updated July 5, 2022 at noon").
    noon: tuple[str, ...] = ()


@cache
def languages() -> tuple[Language, ...]:
    """Every language module of this package, by code.

    >>> "en" in {language.code for language in languages()}
    True
    """
    found = []
    for module in pkgutil.iter_modules(__path__):
        language = getattr(importlib.import_module(f"{__name__}.{module.name}"), "LANGUAGE", None)
        if isinstance(language, Language):
            found.append(language)
    return tuple(sorted(found, key=lambda language: language.code))


_FIELDS = frozenset(f.name for f in fields(Language)) - {"code", "months", "by_own", "and_own"}


@cache
def words(kind: str) -> tuple[str, ...]:
    """The words of one kind in every language, longest first, without repeats.

    >>> "aktualisiert" in words("updated"), words("by")[:2]
    (True, ('a cura di', 'przez'))
    """
    if kind not in _FIELDS:
        raise ValueError(f"no such kind of word: {kind!r}")
    every = {word for language in languages() for word in getattr(language, kind)}
    return tuple(sorted(every, key=lambda word: (-len(word), word)))


@cache
def month_numbers() -> dict[str, int]:
    """Month names and abbreviations of every language -> 1..12.

    >>> numbers = month_numbers()
    >>> numbers["january"], numbers["märz"], numbers["août"], numbers["dic"]
    (1, 3, 8, 12)
    """
    numbers: dict[str, int] = {}
    for language in languages():
        for number, names in enumerate(language.months, start=1):
            for name in names:
                numbers.setdefault(name, number)
    return numbers


def alternation(items: Iterable[str]) -> str:
    r"""A regex that matches any of ``items``, the longer first where one begins another,
    spaces matching any white space. The items share their common beginnings in one tree
    ("update(?:d)?"): a pattern of the 170 date labels and weekdays of every language scans a
    line about four times faster so than as a plain alternation, which tries every item at
    every position.

    >>> alternation(["de", "mis à jour"])
    '(?:de|mis\\s+à\\s+jour)'
    >>> alternation(["update", "updated", "last updated"])
    '(?:last\\s+updated|update(?:d)?)'
    >>> import re
    >>> re.findall(alternation(["update", "updated", "up"]), "updated up update")
    ['updated', 'up', 'update']
    """
    trie: dict[str, Any] = {}
    for item in set(items):
        node = trie
        for char in " ".join(item.split()):
            node = node.setdefault(char, {})
        node[""] = {}
    return _trie_pattern(trie) if trie else "(?!)"


def _trie_pattern(node: dict[str, Any]) -> str:
    """The pattern of the words below ``node`` of :func:`alternation`'s trie (a key ``""``
    marks a word's end): an optional group when a word ends here, so that the longer one is
    tried first."""
    branches = []
    for char in sorted(key for key in node if key):
        head = r"\s+" if char == " " else re.escape(char)
        branches.append(head + _trie_pattern(node[char]))
    if not branches:
        return ""
    if "" in node:
        return "(?:" + "|".join(branches) + ")?"
    return branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"


#: The by-words of every language as one regex alternation ("by|von|par|..."): what opens a
#: byline, on a generic page and in a source block alike.
BY_WORDS = alternation(words("by"))


@cache
def by_words(language: str = "") -> str:
    """The by-words of :data:`BY_WORDS` and those of ``language`` (ISO 639-1) that open a
    byline only in that language (``by_own``), as one regex alternation: the publisher's
    language, where known, adds its own ambiguous by-words.

    >>> import re
    >>> bool(re.fullmatch(by_words("ca"), "per")), bool(re.fullmatch(by_words(), "per"))
    (True, False)
    >>> by_words("xx") == BY_WORDS
    True
    """
    own = [word for lang in languages() if lang.code == language for word in lang.by_own]
    return alternation(words("by") + tuple(own)) if own else BY_WORDS


@cache
def and_words(language: str = "") -> tuple[str, ...]:
    """The "and" words of every language and those of ``language`` (ISO 639-1) that join
    names only in that language (``and_own``).

    >>> "in" in and_words("sl"), "in" in and_words(), "og" in and_words()
    (True, False, True)
    """
    own = tuple(word for lang in languages() if lang.code == language for word in lang.and_own)
    return words("and_") + own
