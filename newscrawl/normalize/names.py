"""Is this the name of a person? Asked where nothing else tells a person from an organisation:
a site called by its author's name ("Cory Dransfeldt", "Rick Steves") credits a person, a
site called "Podium Staff" or "Cleveland Clinic" an organisation.

The given names come from a maintained compilation of national name registers
(``given_names.txt``, written by ``devtools/given_names.py`` from nomquamgender's data, MIT
licence), never from the names seen in a sample. A first word that also names a large city
(GeoNames, 100,000 inhabitants or more) is read as the more common of the two: institutions
are named after their city ("Cleveland Clinic": 22,000 people named Cleveland, 370,000
inhabitants), persons after a common name ("Elizabeth": 1.9 million people, a city of
137,000).
"""

from __future__ import annotations

import os
from functools import cache

from newscrawl.normalize.places import cities, is_country_or_state, place_key

__all__ = ["common_given_name", "is_given_name", "person_named"]

#: The cities whose name may outweigh a given name (:func:`_large_cities`).
_LARGE_CITY = 100_000


@cache
def _given_names() -> dict[str, int]:
    """Given name (case-folded) -> the count of people who bear it."""
    path = os.path.join(os.path.dirname(__file__), "given_names.txt")
    names: dict[str, int] = {}
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if line.strip() and not line.startswith("#"):
                name, people = line.split()
                names[name] = int(people)
    return names


@cache
def _large_cities() -> dict[str, int]:
    """City key (see :func:`place_key`) -> the largest population of a city of that name."""
    out: dict[str, int] = {}
    for name, population in cities(_LARGE_CITY):
        key = place_key(name)
        out[key] = max(population, out.get(key, 0))
    return out


def is_given_name(word: str) -> bool:
    """Tell whether ``word`` is a given name (any case).

    >>> [is_given_name(w) for w in ("Cory", "ELIZABETH", "Anil", "Podium", "Quiet", "The")]
    [True, True, True, False, False, False]
    """
    return word.casefold() in _given_names()


def common_given_name(word: str, bearers: int) -> bool:
    """Tell whether ``word`` is a given name of more than ``bearers`` people, more than live
    in any large city of that name, and names no country or US state: read as a person's
    name wherever a word of that name could name a place or an outlet too.

    >>> [common_given_name(w, 50_000) for w in ("Marc", "Pedro", "Sky", "Jordan", "Austin")]
    [True, True, False, False, False]
    """
    people = _given_names().get(word.casefold(), 0)
    return (
        people > bearers
        and people > _large_cities().get(place_key(word), 0)
        and not is_country_or_state(word)
    )


def person_named(name: str) -> bool:
    """Tell whether ``name`` is shaped like a person's own: two words of letters (a hyphen or
    an apostrophe inside), each capitalised and not in capitals throughout ("REI Hub"), the
    first a given name borne by more people than live in any large city of that name, and
    not an agency's or a publication's shape (:func:`is_agency`: "Sky News", "Le Figaro",
    whose "Le" is a given name too). A third word is most often what the business does
    ("King Arthur Baking", "Kyle Howells Blog"), so three words are no person's name here.

    >>> [person_named(n) for n in ("Cory Dransfeldt", "Erin Spain", "Elizabeth McCravy")]
    [True, True, True]
    >>> [person_named(n) for n in ("Podium Staff", "Cleveland Clinic", "GlossGenius")]
    [False, False, False]
    >>> [person_named(n) for n in ("Mark 4", "Anna", "ELLE Decor", "Tiger Data Blog")]
    [False, False, False, False]
    >>> [person_named(n) for n in ("Le Figaro", "El País", "Al Jazeera", "Sky News")]
    [False, False, False, False]
    """
    words = name.split()
    if len(words) != 2:
        return False
    for word in words:
        letters = word.replace("-", "").replace("'", "")
        if not (letters.isalpha() and word[:1].isupper() and not word.isupper()):
            return False
    from newscrawl.normalize.bylines import is_agency  # bylines asks is_given_name

    people = _given_names().get(words[0].casefold(), 0)
    if people == 0 or is_agency(name):
        return False
    return people > _large_cities().get(place_key(words[0]), 0)
