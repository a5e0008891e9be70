"""Tests for newscrawl.normalize.places and the places after names in bylines (issue #18.3).

The cities here are chosen to be unlike the replica sample's (which names Israeli, Swiss,
French, Argentine and Taiwanese cities): the parser must know them from the gazetteer.
"""

from __future__ import annotations

import random

import pytest

from devtools import bylinegen
from devtools.truth import field_equal
from newscrawl.normalize.bylines import Byline, parse_byline
from newscrawl.normalize.places import is_place, place_key, place_names
from newscrawl.sources import source_by_key

WALLA = ("Walla! news", "Walla!", "Walla")


# --- the gazetteer ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    [
        "Nairobi",
        "Ulaanbaatar",
        "Reykjavík",
        "Reykjavik",
        "REYKJAVIK",
        "Kraków",
        "Cracow",  # an English exonym (GeoNames' alternate names)
        "Łódź",
        "Lodz",
        "Saint-Étienne",
        "Saint Etienne",
        "Ho Chi Minh City",
        "Kuala Lumpur",
        "Rio de Janeiro",
        "St. Gallen",
        "Nizhniy Novgorod",
        "Canada",  # a country
        "New Zealand",
        "Nebraska",  # a US state
    ],
)
def test_gazetteer_knows_world_places(name: str) -> None:
    assert is_place(name)


@pytest.mark.parametrize(
    "text",
    ["Anna Berg", "Jack London", "Paris Hilton", "Reuters staff", "Walla! news", "", "  ", "---"],
)
def test_gazetteer_answers_for_the_whole_text_only(text: str) -> None:
    assert not is_place(text)


def test_place_key_folds_case_accents_and_punctuation() -> None:
    assert place_key("Saint-Étienne") == place_key("SAINT ETIENNE") == "saint etienne"
    assert place_key("Straße") == "strasse"
    assert place_key("Москва") == "москва"  # other scripts are kept, never emptied


def test_place_names_by_population() -> None:
    names = set(place_names(min_population=1_000_000))
    assert {"Tokyo", "Lagos", "Lima"} <= names
    assert "Vaduz" not in names  # a capital (so in cities15000) of 5,000 inhabitants
    assert "Vaduz" in set(place_names())


# --- places after names in bylines -----------------------------------------------------------

BOTH = pytest.mark.parametrize("declared", [True, False], ids=["declared", "undeclared"])


@BOTH
@pytest.mark.parametrize(
    ("text", "authors", "agencies"),
    [
        # "{P}, {City}": one word, several words, accents, capitals
        ("Amara Okafor, Nairobi", ["Amara Okafor"], []),
        ("Amara Okafor, Kuala Lumpur", ["Amara Okafor"], []),
        ("Amara Okafor, Reykjavík", ["Amara Okafor"], []),
        ("AMARA OKAFOR, SAINT-ÉTIENNE", ["Amara Okafor"], []),
        ("Amara Okafor, Ho Chi Minh City, AFP", ["Amara Okafor"], ["AFP"]),
        # a city then its country
        ("Amara Okafor, Mombasa, Kenya", ["Amara Okafor"], []),
        # "{P}, from {City}" and "{P} from {City}"
        ("Amara Okafor, from Ulaanbaatar", ["Amara Okafor"], []),
        ("Amara Okafor from Rio de Janeiro", ["Amara Okafor"], []),
        ("Amara Okafor from Kraków/Reuters", ["Amara Okafor"], ["Reuters"]),
        # "from {P}, {City}": the by-word, a name, a place
        ("from Amara Okafor, Nairobi", ["Amara Okafor"], []),
        ("From Amara Okafor, Los Angeles", ["Amara Okafor"], []),
        # each name with its city
        ("Amara Okafor, Lagos, and Tomasz Nowak, Łódź", ["Amara Okafor", "Tomasz Nowak"], []),
        ("Amara Okafor and Tomasz Nowak, Wrocław", ["Amara Okafor", "Tomasz Nowak"], []),
        (
            "By Amara Okafor from Accra and Tomasz Nowak, from Gdańsk",
            ["Amara Okafor", "Tomasz Nowak"],
            [],
        ),
        # a place's name in a name's position is a name
        ("Paris Hilton", ["Paris Hilton"], []),
        ("Florence Welch and Jack London", ["Florence Welch", "Jack London"], []),
        ("Jack London, London", ["Jack London"], []),
        ("Paris Hilton from Florence", ["Paris Hilton"], []),
        ("By Sydney Chen, Sydney", ["Sydney Chen"], []),
    ],
)
def test_a_place_after_a_name_is_no_person(
    declared: bool, text: str, authors: list[str], agencies: list[str]
) -> None:
    assert parse_byline(text, WALLA, declared=declared) == Byline(authors, agencies)


@pytest.mark.parametrize(
    ("text", "authors"),
    [
        # a comma list of whole names: no name is a place ("Jordan Smith" is not Jordan)
        ("Amara Okafor, Jordan Smith, Walla! news", ["Amara Okafor", "Jordan Smith"]),
        # after a lone given name, a one-word place's name is a second person: position and
        # connector decide, and a comma after "Noa" is no name with its city
        ("Noa, Florence, Walla! news", ["Noa", "Florence"]),
        # a place's name first or after "and" is a person
        ("Florence and Jack London", ["Florence", "Jack London"]),
        ("Las Heras and Amara Okafor", ["Las Heras", "Amara Okafor"]),
        # after "from", an unknown word stays what it was (a name)
        ("Amara Okafor, from Qqzzyx", ["Amara Okafor", "Qqzzyx"]),
    ],
)
def test_declared_names_that_are_also_places_keep_their_position(
    text: str, authors: list[str]
) -> None:
    assert parse_byline(text, WALLA, declared=True).authors == authors


def test_one_word_place_after_a_full_name_is_a_place_though_also_a_name() -> None:
    # "Jordan" is a given name and a country: after a whole name and a comma, the place.
    assert parse_byline("Amara Okafor, Jordan", declared=True).authors == ["Amara Okafor"]
    assert parse_byline("Jordan, Amara Okafor", declared=True).authors == ["Jordan", "Amara Okafor"]


def test_undeclared_list_still_reads_persons_around_a_place() -> None:
    got = parse_byline("Amara Okafor, Tomasz Nowak, Gdańsk and Lena Ruiz")
    assert got.authors == ["Amara Okafor", "Tomasz Nowak", "Lena Ruiz"]


# --- the generator draws its cities from the gazetteer -----------------------------------------


def test_generator_cities_are_gazetteer_places_a_byline_can_hold() -> None:
    cities = bylinegen.gazetteer_cities()
    assert len(cities) > 20_000
    sample = random.Random(7).sample(cities, 200)
    assert all(is_place(c) for c in sample)
    assert not any("/" in c or "(" in c or "," in c for c in cities)


@pytest.mark.parametrize("source", sorted(bylinegen.SOURCES))
def test_generated_cities_after_names_are_dropped(source: str) -> None:
    rng = random.Random(18)
    seen = 0
    for _ in range(300):
        made = bylinegen.byline(rng, source, combined=0.5)
        if " from " not in made.text.casefold() and ", " not in made.text:
            continue
        seen += 1
        style = source_by_key(source)
        assert style is not None
        got = parse_byline(made.text, style.publishers, declared=True)
        assert field_equal("authors", got.authors, made.authors), made.text
        assert field_equal("agencies", got.agencies, made.agencies), made.text
    assert seen > 30
