"""The Article item loader: small pure processors wired to the record's fields."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from difflib import SequenceMatcher
from functools import cache
from typing import Any

from anyascii import anyascii
from itemloaders.processors import Identity, MapCompose, TakeFirst
from scrapy.loader import ItemLoader

from newscrawl.items import Article
from newscrawl.normalize.dates import parse_iso_instant, to_iso_z
from newscrawl.normalize.text import clean_text


def strip_publisher_suffix(title: str, publishers: Sequence[str]) -> str:
    """Drop a trailing " - {publisher}" that the aggregator appends to titles.

    >>> strip_publisher_suffix("Putin: We won - Walla! news", ["Walla! news", "ynet"])
    'Putin: We won'
    >>> strip_publisher_suffix("Rock - paper - scissors", ["ynet"])
    'Rock - paper - scissors'
    """
    for name in publishers:
        suffix = f" - {name}"
        if title.endswith(suffix) and len(title) > len(suffix):
            return title[: -len(suffix)].rstrip()
    return title


#: A publisher's name as a title suffix: at most this many words.
_SUFFIX_MAX_WORDS = 6
#: After a title that retells the block's headline, a longer name may follow ("Allgemeine
#: Zeitung für Stadt und Land"): the retelling, not the name's shape, says it is a suffix.
_RETOLD_SUFFIX_MAX_WORDS = 10
#: Lower-case words a publisher's name may hold ("Corriere della Sera", "Diario de Noticias",
#: "El Diario de los Andes").
_NAME_PARTICLE = frozenset(
    [
        "of",
        "the",
        "de",
        "la",
        "le",
        "les",
        "del",
        "della",
        "di",
        "du",
        "des",
        "der",
        "die",
        "das",
        "den",
        "el",
        "los",
        "las",
        "da",
        "do",
        "dos",
        "y",
        "e",
        "and",
        "für",
        "am",
        "im",
        "van",
        "von",
        "al",
    ]
)


def publisher_suffix(title: str, hints: Sequence[str], headline: str | None = None) -> str | None:
    """The publisher name an aggregator appended to ``title`` (" - {publisher}"), for a
    publisher known only by ``hints`` (its key, its host's name): the last " - " part when it
    names the publisher (the hints' letters, their initials: "ltn" for "Liberty Times Net",
    or the start of each word: "vrytas" for "Vilniaus rytas"), or else when it is shaped
    like a name (a few capitalised words) that the source's own ``headline`` (the block's
    h1, which never carries the aggregator's suffix) does not also print: there the words
    are the headline's ("Liverpool - Real Madrid").

    >>> publisher_suffix("Storm hits the coast - Der Spiegel", ["spiegel"])
    'Der Spiegel'
    >>> publisher_suffix("Storm hits the coast - Liberty Times Net", ["ltn"])
    'Liberty Times Net'
    >>> publisher_suffix("Storm hits the coast - Corriere della Sera", ["cds"])
    'Corriere della Sera'
    >>> publisher_suffix("Rock - paper - scissors", ["ynet"]) is None
    True
    >>> publisher_suffix("Why it matters - Analysis", ["tribune"]) is None
    True
    >>> publisher_suffix("Live - Storm hits the coast", ["tribune"]) is None
    True
    >>> publisher_suffix("Storm hits the coast - Clarín", ["clarin"])
    'Clarín'
    >>> publisher_suffix("Budget approved - Vilniaus rytas", ["vrytas"])
    'Vilniaus rytas'
    >>> publisher_suffix("Trams run again - Brněnský deník", ["brnodenik"])
    'Brněnský deník'
    >>> publisher_suffix("Heat in the city - Београдски дневник", ["beogradskidnevnik"])
    'Београдски дневник'
    >>> publisher_suffix("Kenya: storm hits the coast", ["nation"]) is None
    True
    >>> publisher_suffix("Final preview: Liverpool - Real Madrid", ["post"])
    'Real Madrid'
    >>> publisher_suffix("Final preview: Liverpool - Real Madrid", ["post"],
    ...                  "Liverpool against Real Madrid: the final's preview") is None
    True
    >>> publisher_suffix("Sejm passes the budget after a long night - Rzeczpospolita", ["rp"],
    ...                  "Sejm passes the budget after an all-night session")
    'Rzeczpospolita'
    >>> publisher_suffix("Rock - paper - scissors", ["ynet"], "Rock, paper, scissors") is None
    True
    """
    head, sep, tail = title.rpartition(" - ")
    tail = tail.strip()
    if not sep or not head.strip() or not tail:
        return None
    # A name in another script is compared with the host's in Latin letters ("Београдски
    # дневник" is "Beogradski dnevnik"; anyascii's transliteration tables).
    spelled = anyascii(tail) if _OTHER_SCRIPT.search(tail) else tail
    squashed = _squash(spelled)
    words = tail.split()
    spelled_words = spelled.split()
    initials = "".join(w[0] for w in spelled_words if w[:1].isupper() or w[:1].isdigit()).casefold()
    folded = [_squash(word) for word in words]
    spelled_folded = [_squash(word) for word in spelled_words]
    for hint in filter(None, (_squash(h) for h in hints)):
        if hint in squashed or squashed in hint or hint == initials:
            return tail
        if len(hint) >= 2 and _abbreviates(hint, spelled_folded):
            return tail
        if _spells(hint, squashed):
            return tail
    # Else the rest of the title retells the source's own headline (the aggregator's
    # translation of it) and the headline does not hold the last part: the aggregator put it
    # there, whatever its shape ("... - Rzeczpospolita" for the key "rp").
    if (
        headline
        and len(words) <= _RETOLD_SUFFIX_MAX_WORDS
        and (words[0][:1].isupper() or words[0][:1].isdigit())
        and not tail.endswith((".", "?", "!", ":", ","))
        and _retells(head, headline)
        and not _holds_words(headline, folded)
    ):
        return tail
    # Else a name's shape: two to six capitalised words, name particles between them, not
    # ending in a number ("Spain 2 - Portugal 1") or a sentence's punctuation. One word
    # alone ("- Analysis", "- Barcelona") names no publisher without the hints.
    if not 2 <= len(words) <= _SUFFIX_MAX_WORDS or words[-1].isdigit():
        return None
    if not (words[0][:1].isupper() or words[0][:1].isdigit()):
        return None
    if any(not (w[:1].isupper() or w[:1].isdigit() or w in _NAME_PARTICLE) for w in words):
        return None
    if tail.endswith((".", "?", "!", ":", ",")):
        return None
    return None if headline and _holds_words(headline, folded) else tail


#: Lower-case words inside a publication's name ("Bosnia and Herzegovina Sentinel").
_NAME_JOINERS = frozenset(["and", "of", "the", "&", "for", "on"])
#: What separates the parts of a byline: a comma, a slash, a bar.
_BYLINE_PARTS = re.compile(r"\s*[,/|]\s*")


def own_names_in(byline: str, hints: Sequence[str]) -> tuple[str, ...]:
    """The parts of ``byline`` that name its publisher, known only by ``hints`` (its key, its
    host's name) where the page prints no name: a part of two or more capitalised words that
    holds the hint's letters, or that the hint holds, or that spells it (:func:`_spells`), as
    a title suffix names it ("by Aino Nitaić, Antananarivo News" at antananarivonews.mg).

    >>> own_names_in("by Aino Nitaić, Antananarivo News", ["antananarivon"])
    ('Antananarivo News',)
    >>> own_names_in("Ana Lopes, Reuters", ["dailypost"]), own_names_in("Ana Lopes", ["ana"])
    ((), ())
    >>> own_names_in("Text: Vietnam Voice Online", ["vietnamvoice"])  # a credit alone
    ()
    >>> own_names_in("By Ana Lopes, Bosnia and Herzegovina Sentinel", ["bosniaandherzegovina"])
    ('Bosnia and Herzegovina Sentinel',)
    >>> own_names_in("Ana Lopes, El Diario de los Andes", ["diariodelosandes"])
    ('El Diario de los Andes',)
    """
    squashed_hints = [hint for hint in (_squash(h) for h in hints) if len(hint) >= 4]
    found = []
    for part in _BYLINE_PARTS.split(byline)[1:]:  # after the names: never the first part
        words = part.split()
        if (
            len(words) < 2
            or not (words[0][:1].isupper() and words[-1][:1].isupper())
            or not all(w[:1].isupper() or w in _NAME_PARTICLE or w in _NAME_JOINERS for w in words)
        ):
            continue
        squashed = _squash(anyascii(part) if _OTHER_SCRIPT.search(part) else part)
        if any(h in squashed or squashed in h or _spells(h, squashed) for h in squashed_hints):
            found.append(part)
    return tuple(found)


#: A letter of a script other than Latin (Cyrillic, Greek, ...; CJK has no capitals to test).
_OTHER_SCRIPT = re.compile(r"[^\W\d_A-Za-z\u00c0-\u024f\u1e00-\u1eff]")

#: Runs of this many letters or more that a host's name and a suffix share count as spelling
#: the same name (see :func:`_spells`).
_SHARED_RUN = 3


def _spells(hint: str, squashed: str) -> bool:
    """Whether ``squashed`` (a suffix, see :func:`_squash`) spells the host's name ``hint``
    near enough: runs of three letters or more that both hold, in the same order, make up
    three quarters of the hint and half of the suffix. A host names its publisher in another
    form of the same words: "brnodenik" for "Brněnský deník" (the city's name for its
    adjective), "zagrebskilist" for "Zagrebački list", "courrierhaiti" for "Le Courrier
    d'Haïti".

    >>> _spells("brnodenik", "brnenskydenik"), _spells("courrierhaiti", "lecourrierdhaiti")
    (True, True)
    >>> _spells("post", "realmadrid"), _spells("tribune", "liveupdates")
    (False, False)
    >>> _spells("dailynews", "dailymail")  # a shared word alone is not the name
    False
    """
    blocks = SequenceMatcher(None, hint, squashed, autojunk=False).get_matching_blocks()
    shared = sum(block.size for block in blocks if block.size >= _SHARED_RUN)
    return shared >= 0.75 * len(hint) and shared >= 0.5 * len(squashed)


#: How much of a title's words its source headline must hold to be the same headline told
#: again (a machine translation varies a word in three or four).
_RETOLD_SHARE = 0.6


def _retells(title: str, headline: str) -> bool:
    """Whether ``title`` tells the ``headline`` again: three words or more, most of them
    (:data:`_RETOLD_SHARE`) in the headline.

    >>> _retells("Strike at Meridian Bank: 40,291 employees walk out",
    ...          "Strike at Meridian Bank: 40,291 workers walk out")
    True
    >>> _retells("Rain closes the schools", "Parliament passes the budget")
    False
    """
    mine = [_squash(w) for w in title.split()]
    mine = [w for w in mine if w]
    if len(mine) < 3:
        return False
    theirs = {_squash(w) for w in headline.split()}
    return sum(w in theirs for w in mine) >= _RETOLD_SHARE * len(mine)


def _holds_words(text: str, words: list[str]) -> bool:
    """Whether ``text`` holds ``words`` (squashed, see :func:`_squash`) one after the other.

    >>> _holds_words("Liverpool against Real Madrid", ["real", "madrid"])
    True
    >>> _holds_words("Unreal Madridistas", ["real", "madrid"])
    False
    """
    tokens = [_squash(token) for token in text.split()]
    tokens = [token for token in tokens if token]
    size = len(words)
    return any(tokens[at : at + size] == words for at in range(len(tokens) - size + 1))


def _abbreviates(hint: str, words: list[str]) -> bool:
    """Whether ``hint`` (a host's name) is the start of every word in turn, a name particle
    maybe left out: "vrytas" for "Vilniaus rytas", "ljnovice" for "Ljubljanske novice", "hn"
    for "Hospodářské noviny".

    >>> _abbreviates("vrytas", ["vilniaus", "rytas"])
    True
    >>> _abbreviates("hn", ["hospodarske", "noviny"])
    True
    >>> _abbreviates("vrytas", ["vilniaus"]), _abbreviates("rytas", ["vilniaus", "rytas"])
    (False, False)
    """

    @cache  # at most len(hint) x len(words) calls
    def match(at: int, index: int) -> bool:
        if index == len(words):
            return at == len(hint)
        word = words[index]
        if word in _NAME_PARTICLE and match(at, index + 1):
            return True
        return any(
            hint.startswith(word[:size], at) and match(at + size, index + 1)
            for size in range(1, min(len(word), len(hint) - at) + 1)
        )

    return match(0, 0)


def _squash(text: str) -> str:
    """Letters and digits only, case and accents folded: "Clarín" -> "clarin"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if c.isalnum())


def iso_instant(value: str) -> str | None:
    """An ISO 8601 timestamp as UTC with "Z", keeping milliseconds when given.

    >>> iso_instant("2022-01-10T15:46:23.398Z")
    '2022-01-10T15:46:23.398Z'
    >>> iso_instant("2022-01-10T17:46:23+02:00")
    '2022-01-10T15:46:23Z'
    >>> iso_instant("yesterday") is None
    True
    """
    moment = parse_iso_instant(value)
    if moment is None:
        return None
    base = to_iso_z(moment)
    if base and moment.microsecond:
        return f"{base[:-1]}.{moment.microsecond // 1000:03d}Z"
    return base


def drop_empty(value: str | None) -> str | None:
    """None for empty strings, so that TakeFirst moves on to the next candidate.

    >>> drop_empty(""), drop_empty("x")
    (None, 'x')
    """
    return value or None


def unique(values: Iterable[str]) -> list[str]:
    """Values in first-seen order without repeats.

    >>> unique(["Reuters", "AFP", "Reuters"])
    ['Reuters', 'AFP']
    """
    return list(dict.fromkeys(values))


class ArticleLoader(ItemLoader):
    """Wires the normalisers to the Article fields; the spider feeds raw values."""

    default_item_class = Article
    default_input_processor = MapCompose(clean_text, drop_empty)
    default_output_processor = TakeFirst()

    categories_out = Identity()
    tags_out = Identity()
    authors_out = unique
    agencies_out = unique
    aggregated_at_in = MapCompose(clean_text, iso_instant)
    media_in = Identity()
    media_out = Identity()
    word_count_in = Identity()
    body_in = Identity()

    def load_article(self) -> Article:
        """The item with every list field present (lists are never null)."""
        item: Any = self.load_item()
        for name in ("categories", "tags", "authors", "agencies", "media"):
            item.setdefault(name, [])
        item.setdefault("body", "")
        item.setdefault("word_count", 0)
        for name in Article.fields:
            item.setdefault(name, None)
        return item  # type: ignore[no-any-return]
