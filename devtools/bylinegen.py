"""Bylines and date lines built from the documented parts of each source, with their answer.

The replica README documents, per source, the parts a byline is made of (persons, roles before
or after them, places, the publisher's own names, agencies, desks) and the connectors between
them, and the date-line formats with their time zones. This module combines those parts in
any number (1-4 persons from several name pools, places, cities of the world after a name
from GeoNames (:func:`city`), singular and plural roles, agencies) so that tests and
benchmarks see shapes nobody wrote down, each with the authors, agencies and UTC instants it
must give. Everything draws from one ``random.Random``, so the property tests
(``hypothesis.strategies.randoms()``) and ``bench/bylines.py`` share the generators.
"""

from __future__ import annotations

import html
import random
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import cache
from zoneinfo import ZoneInfo

from newscrawl.normalize.bylines import is_known_agency
from newscrawl.normalize.places import is_place, place_names

#: Name pools: (given names, family names, family name first).
NAME_POOLS: dict[str, tuple[tuple[str, ...], tuple[str, ...], bool]] = {
    "hebrew": (
        ("Noa", "Yossi", "Shira", "Amnon", "Eyal", "Michal", "Tal", "Oren", "Sigal", "Itay"),
        ("Cohen", "Levi", "Biton", "Ben-Ami", "Be'eri", "Mizrahi", "Shapira", "Ben-David"),
        False,
    ),
    "german": (
        ("Reto", "Anna", "Lukas", "Jürg", "Anna-Lena", "Hans-Peter", "Käthi", "Nina"),
        ("Huber", "Müller", "Steiner", "Wyss", "von Arx", "Gerber", "Schäfer", "zu Guttenberg"),
        False,
    ),
    "french": (
        ("Aurélie", "Antoine", "Jean-Pierre", "Marie-Claire", "Élodie", "François", "Hélène"),
        ("Dubois", "Gauthier", "d'Arcy", "de la Fontaine", "Lefèvre", "Le Goff", "Morel"),
        False,
    ),
    "spanish": (
        ("Lucía", "Tobías", "Gustavo", "José María", "María José", "Martina", "Ramón"),
        ("Álvarez", "González", "de la Cruz", "Fernández", "García Márquez", "Ortega y Gasset"),
        False,
    ),
    "chinese": (
        ("Kuan-yu", "Yi-chun", "Mei-ling", "Wei", "Chun-hsien", "Tsung-han", "Hsiao-wen"),
        ("Lin", "Wu", "Huang", "Chen", "Tsai", "Hsu", "Kuo"),
        True,
    ),
    "arabic": (
        ("Mohammed", "Abu Bakr", "Fatima", "Omar", "Layla", "Abdel Rahman"),
        ("al-Hakim", "bin Salman", "Haddad", "el-Sayed", "Abdullah", "ibn Rashid"),
        False,
    ),
    "dutch_irish": (
        ("Jan", "Pieter", "Sean", "Siobhan", "Anneke"),
        ("van der Berg", "de Vries", "O'Brien", "McDonald", "ter Horst"),
        False,
    ),
}
PLACES = (
    "Jerusalem", "Tel Aviv", "Haifa", "Be'er Sheva", "Zurich", "Geneva", "Paris", "Brussels",
    "Rio de Janeiro", "Buenos Aires", "La Plata", "Taipei", "New Taipei", "Kaohsiung", "Tainan",
    "Washington", "New York", "Saint-Denis",
)  # fmt: skip
BEATS = ("political", "economic", "diplomatic", "military", "sports", "health", "Arab affairs")
#: Letters of invented names (accents included), so that the pools are not all there is.
_LOWER = "abcdefghijklmnoprstuvyz" * 3 + "áéíóúäöüèñç"
_UPPER = "ABCDEFGHIJKLMNOPRSTUVYZ" * 3 + "ÁÉÖÜŠ"
#: Words an invented name must not be (they are connectors, roles or organisations).
_RESERVED = frozenset(
    ["and", "und", "et", "mit", "avec", "con", "with", "by", "from", "von", "par", "por", "in"]
    + ["report", "news", "press", "agency", "online", "staff", "system", "media", "team"]
    + ["desk", "wire", "wires", "service", "bureau", "newsroom", "editorial", "editors"]
)


@dataclass(frozen=True)
class SourceFormat:
    """What the README says a source prints: publisher names, agencies, zone."""

    key: str
    publisher: str
    timezone: str
    agencies: tuple[str, ...]


SOURCES: dict[str, SourceFormat] = {
    s.key: s
    for s in (
        SourceFormat("walla", "Walla! news", "Asia/Jerusalem", ("Reuters", "AP", "AFP")),
        SourceFormat("ynet", "ynet", "Asia/Jerusalem", ("AP", "Reuters", "AFP")),
        SourceFormat("maariv", "Maariv Online", "Asia/Jerusalem", ("Reuters", "AP")),
        SourceFormat(
            "20min", "20 minutes", "Europe/Zurich", ("AFP", "dpa", "sda", "Reuters", "AP")
        ),
        SourceFormat("lemonde", "Le Monde", "Europe/Paris", ("AFP", "Reuters", "AP")),
        SourceFormat(
            "infobae", "Infobae", "America/Argentina/Buenos_Aires", ("EFE", "Europa Press")
        ),
        SourceFormat("ltn", "Liberty Times Net", "Asia/Taipei", ("Central News Agency",)),
    )
}


@dataclass(frozen=True)
class Person:
    """A generated person: the name as the truth has it and as the byline prints it."""

    name: str
    printed: str


@dataclass(frozen=True)
class GeneratedByline:
    """A byline as printed and what it must give."""

    source: str
    text: str
    authors: list[str]
    agencies: list[str]


def _invented_word(rng: random.Random) -> str:
    while True:
        word = rng.choice(_UPPER) + "".join(rng.choice(_LOWER) for _ in range(rng.randint(2, 8)))
        if word.casefold() not in _RESERVED:
            return word


def person(rng: random.Random, caps: float = 0.05) -> Person:
    """One person from a name pool or invented; hyphens, particles, initials; in capitals on
    about ``caps`` of the draws (the truth keeps the mixed-case name)."""
    if rng.random() < 0.2:
        given, family, family_first = _invented_word(rng), _invented_word(rng), False
        if rng.random() < 0.3:
            family = f"{family}-{_invented_word(rng)}"
    else:
        givens, families, family_first = NAME_POOLS[rng.choice(sorted(NAME_POOLS))]
        given, family = rng.choice(givens), rng.choice(families)
    if not family_first and rng.random() < 0.1:
        given = rng.choice((f"{given[0]}.", f"{given} {rng.choice(_UPPER[:23])}."))
    name = f"{family} {given}" if family_first else f"{given} {family}"
    printed = name.upper() if rng.random() < caps else name
    return Person(name, printed)


def persons(rng: random.Random, low: int = 1, high: int = 4) -> list[Person]:
    """``low``-``high`` distinct persons."""
    out: list[Person] = []
    for _ in range(rng.randint(low, high)):
        candidate = person(rng)
        if candidate.name not in {p.name for p in out}:
            out.append(candidate)
    return out


def place(rng: random.Random) -> str:
    """A city from the pool or an invented one."""
    return rng.choice(PLACES) if rng.random() < 0.8 else _invented_word(rng)


#: Words a city drawn for a byline must not hold: connectors and "by" words of any language
#: the parser knows (a city's name is one part of the byline), roles and organisations.
_CITY_STOPWORDS = _RESERVED | frozenset(
    ["for", "og", "och", "en", "y", "e", "i", "ve", "ja", "és", "door", "av", "af", "de"]
    + ["correspondent", "reporter", "editor", "writer"]
)
_CITY_SHAPE = re.compile(r"[^\W\d_][^\W\d_'’. -]*(?:[-' ][^\W\d_][^\W\d_'’. -]*)*")


@cache
def gazetteer_cities() -> tuple[str, ...]:
    """The gazetteer's cities (:mod:`newscrawl.normalize.places`, GeoNames) as GeoNames
    prints them, those a byline can hold as one part: letters, spaces, hyphens, apostrophes
    and dots only ("Tel Aviv", "Zürich", "Be'er Sheva", "Rio de Janeiro"; not "Biel/Bienne"
    nor "Halle (Saale)"), no connector or organisation word, no agency's name ("Xinhua"), a
    particle only inside ("Rio de Janeiro", not "De Aar")."""
    out = []
    for name in place_names():
        words = [w.casefold().strip(".") for w in name.replace("-", " ").split()]
        if (
            _CITY_SHAPE.fullmatch(name)
            and not set(words[:1]) & _CITY_STOPWORDS
            and not set(words) & (_CITY_STOPWORDS - {"de", "y", "e", "i", "en"})
            and not is_known_agency(name)
            and is_place(name)
        ):
            out.append(name)
    return tuple(sorted(set(out)))


def city(rng: random.Random) -> str:
    """A city of the world from the gazetteer (any of about 30,000: "a city after a name")."""
    return rng.choice(gazetteer_cities())


def _city_after(rng: random.Random, name: Person) -> str:
    """``name`` printed with its city after it: "{P}, {City}", "{P}, from {City}" or
    "{P} from {City}". After a lone given name ("Noa") a one-word city is printed with
    "from": "Noa, Haifa" lists two names (see :func:`newscrawl.normalize.bylines._places`)."""
    where = city(rng)
    how = rng.random()
    if how < 0.5 and (" " in name.printed or " " in where):
        return f"{name.printed}, {where}"
    if how < 0.8:
        return f"{name.printed}, from {where}"
    return f"{name.printed} from {where}"


def join_names(rng: random.Random, names: list[str], commas_only: bool = False) -> str:
    """ "A", "A and B", "A, B and C" (", and" sometimes); "A, B" when ``commas_only``."""
    if len(names) == 1:
        return names[0]
    if commas_only:
        return ", ".join(names)
    last = rng.choice((" and ", ", and ")) if len(names) > 2 else " and "
    return ", ".join(names[:-1]) + last + names[-1]


def _names_with_places(rng: random.Random, people: list[Person], commas_only: bool) -> str:
    printed = [p.printed for p in people]
    where = rng.random()
    if where < 0.25:  # "{P} in {City}": after the last name, or after each
        if rng.random() < 0.5:
            printed[-1] += f" in {place(rng)}"
        else:
            printed = [f"{p} in {place(rng)}" for p in printed]
    elif where < 0.4 and not commas_only:  # "{P}, {City}", "{P}, from {City}", "{P} from {City}"
        if rng.random() < 0.6:
            printed[-1] = _city_after(rng, people[-1])
        else:
            printed = [_city_after(rng, p) for p in people]
    return join_names(rng, printed, commas_only)


def _role(rng: random.Random, plural: bool) -> str:
    noun = rng.choice(("Reporter", "Correspondent"))
    if rng.random() < 0.3:
        noun = f"{rng.choice(BEATS).capitalize()} {noun.lower()}"
    return noun + ("s" if plural else "")


#: Names a parser may mistake for something else: one token, starting like an article or a
#: "by" word of another language, an agency acronym in title case, lower-case particles or
#: prefixes, apostrophes, initials without spaces, family name first.
ODD_NAMES = (
    "Noa", "Wei", "Reto", "Sana", "Ana", "Mapa", "Las Heras", "La Toya Jackson",
    "Le Duc Tho", "El Sayed Omar", "Die Antwoord", "De Luca Marco", "Da Silva Pedro",
    "Van Gogh Anna", "Con O'Neill", "Et Ruth", "Yossi ben David", "Omar al Hakim",
    "Dana ha-Levi", "Aminata N'Diaye", "Priya D'Souza", "A.B. Levi", "J. R. Cohen",
    "Mary-Kate O'Connor-Smith", "Nguyen Van An", "Kim Jong-un", "Abdel Rahman bin Salman",
    "Jean de La Fontaine", "Charles de Gaulle", "Ludwig van Beethoven", "Omar Abu Bakr",
    "María del Carmen Ruiz", "Tom", "Ibn Battuta", "Mohammed bin Rashid Al Maktoum", "Yossi L.",
    "Sean Kelly Jr.",
)  # fmt: skip
#: Names that printed in capitals are agency acronyms (SANA, ANA): the page cannot tell.
_CAPS_UNSAFE = frozenset(["Sana", "Ana"])


def odd_person(rng: random.Random, caps: float = 0.1) -> Person:
    """One of :data:`ODD_NAMES` (in capitals on about ``caps`` of the draws)."""
    name = rng.choice(ODD_NAMES)
    printed = name.upper() if rng.random() < caps and name not in _CAPS_UNSAFE else name
    return Person(name, printed)


def _mixed_persons(rng: random.Random) -> list[Person]:
    """1-4 persons, odd names among them. A name that is a place as a whole ("Noa", "Las
    Heras": GeoNames has both) comes first only: after a comma and a name it is that name's
    city ("Anna Berg, Las Heras"), and nothing on the page tells otherwise."""
    out: list[Person] = []
    for _ in range(rng.randint(1, 4)):
        candidate = odd_person(rng) if rng.random() < 0.35 else person(rng, caps=0.1)
        if out and is_place(candidate.name):
            continue
        if candidate.name not in {p.name for p in out}:
            out.append(candidate)
    return out


def _joined(rng: random.Random, printed: list[str]) -> str:
    """Persons joined by any documented connector: "and", ", and", commas only, "&", "with"."""
    if len(printed) == 1:
        return printed[0]
    how = rng.random()
    if how < 0.35:
        return join_names(rng, printed)
    if how < 0.75:
        return ", ".join(printed)
    last = rng.choice((" & ", " with "))
    return ", ".join(printed[:-1]) + last + printed[-1]


def _decorated(rng: random.Random, people: list[Person]) -> list[str]:
    """Names with a place after one, some or each: "in {City}" (README places), or a city
    from the gazetteer after a comma or "from" ("{P}, {City}", "{P}, from {City}")."""
    printed = [p.printed for p in people]
    where = rng.random()
    if where < 0.2:
        printed[-1] += f" in {place(rng)}"
    elif where < 0.35:
        printed = [f"{p} in {place(rng)}" if rng.random() < 0.6 else p for p in printed]
    elif where < 0.45:
        printed[-1] = _city_after(rng, people[-1])
    elif where < 0.55:
        printed = [_city_after(rng, p) if rng.random() < 0.6 else p.printed for p in people]
    return printed


def _role_word(rng: random.Random, plural: bool, capital: bool) -> str:
    noun = rng.choice(("reporter", "correspondent", "editor", "writer"))
    if rng.random() < 0.4:
        noun = f"{rng.choice(BEATS)} {noun}"
    noun += "s" if plural else ""
    return noun[:1].upper() + noun[1:] if capital else noun


def combined_byline(rng: random.Random, source: str) -> GeneratedByline:
    """A byline of ``source`` built from the parts the README documents for ANY source, in
    combinations no source shows: a role before the names (singular or plural) or after
    them, "By"/"from"/"Compiled by", comma-only lists, "&"/"with", places after some names,
    "({City}, correspondents)", the publisher or its own credit after the names, agencies
    after a comma, a slash or " / " (one or two), "/{City} Report"; names of every kind
    (:data:`ODD_NAMES`), in capitals at times, the whole byline in capitals at times.

    The answer follows from the parts: the names in order are the authors; the agencies
    ("News agencies" too) are the agencies; the publisher's name or its own account
    ("Walla! news system", like "Maariv Online") after a name, roles, places and desks are
    neither.
    """
    fmt = SOURCES[source]
    people = _mixed_persons(rng)
    names = [p.name for p in people]
    plural = len(people) > 1
    agencies: list[str] = []
    text = _joined(rng, _decorated(rng, people))
    head = rng.random()
    if head < 0.15:
        text = f"{rng.choice(('By', 'by', 'from', 'From', 'Compiled by'))} {text}"
    elif head < 0.3:
        text = f"{_role_word(rng, plural and rng.random() < 0.8, True)} {text}"
    tail = rng.random()
    if tail < 0.15:
        text += f", {_role_word(rng, plural and rng.random() < 0.7, False)}"
    elif tail < 0.25:
        text += f" ({place(rng)}, correspondent{'s' if plural else ''})"
    end = rng.random()
    own = {
        "walla": ("Walla! news system", "News agencies"),
        "maariv": (),
        "lemonde": (),
    }.get(source, ())
    if end < 0.15:
        text += f", {fmt.publisher}"
    elif end < 0.22 and own:
        credit = rng.choice(own)
        text += f", {credit}"
        if credit == "News agencies":  # the publisher's own account is no agency after a name
            agencies.append(credit)
    elif end < 0.5:
        wires = rng.sample(sorted(set(fmt.agencies) | {"AFP", "Reuters"}), rng.randint(1, 2))
        sep = rng.choice((", ", "/", " / "))
        text += sep + sep.join(wires)
        agencies.extend(wires)
    elif end < 0.6:
        text += f"/{place(rng)} Report" if rng.random() < 0.7 else "/Comprehensive Report"
    if rng.random() < 0.05 and not _CAPS_UNSAFE & set(names):
        text = text.upper()
    if source == "ltn":
        text = f"[{text}]"
    return GeneratedByline(source, text, names, agencies)


def byline(rng: random.Random, source: str, combined: float = 0.0) -> GeneratedByline:
    """A byline of ``source`` combining its documented parts (see the replica README); on
    about ``combined`` of the draws one of :func:`combined_byline`'s cross-source shapes."""
    if rng.random() < combined:
        return combined_byline(rng, source)
    fmt = SOURCES[source]
    people = persons(rng)
    names = [p.name for p in people]
    plural = len(people) > 1
    agency = rng.choice(fmt.agencies)
    shape = rng.random()

    def made(text: str, authors: list[str], agencies: list[str]) -> GeneratedByline:
        return GeneratedByline(source, text, authors, agencies)

    if source == "walla":
        if shape < 0.15:
            credit = rng.choice(("News agencies", "Walla! news system"))
            return made(credit, [], [credit])
        text = _names_with_places(rng, people, False)
        tail = rng.random()
        if tail < 0.3:
            text += ", Walla! news"
        elif tail < 0.6:
            beat = rng.choice(BEATS)
            text += f", {beat} correspondent" + ("s" if plural and rng.random() < 0.7 else "")
        elif tail < 0.7:
            return made(f"{text}, {agency}", names, [agency])
        return made(text, names, [])
    if source == "ynet":
        text = _names_with_places(rng, people, False)
        if shape < 0.4:
            return made(f"{text}, {agency}", names, [agency])
        return made(text, names, [])
    if source == "maariv":
        if shape < 0.3:
            return made("Maariv Online", [], ["Maariv Online"])
        text = _names_with_places(rng, people, False)
        return made(text + (", Maariv Online" if rng.random() < 0.5 else ""), names, [])
    if source == "20min":
        if shape < 0.25:
            wires = rng.sample(fmt.agencies, rng.randint(2, 3))
            return made("/".join(wires), [], wires)
        text = _names_with_places(rng, people, False)
        if shape < 0.5:
            return made(f"{text}/{agency}", names, [agency])
        return made(f"{rng.choice(('from', 'by', 'From', 'By'))} {text}", names, [])
    if source == "lemonde":
        if shape < 0.2:
            return made(f"Le Monde with {agency}", [], ["Le Monde", agency])
        text = _names_with_places(rng, people, False)
        if shape < 0.6:
            text = f"By {text}"
        if rng.random() < 0.4:
            text += f" ({place(rng)}, correspondent{'s' if plural else ''})"
        return made(text, names, [])
    if source == "infobae":
        if shape < 0.3:
            return made(agency, [], [agency])
        text = _names_with_places(rng, people, False)
        if shape < 0.6:
            return made(f"{text} / {agency}", names, [agency])
        return made(f"By {text}", names, [])
    # ltn: "[Reporter {P}/{City} Report]", "[Compiled by {P}/Comprehensive Report]",
    # "[Central News Agency]"; roles singular or plural, before the names.
    if shape < 0.25:
        return made(f"[{agency}]", [], [agency])
    commas_only = plural and rng.random() < 0.5
    text = _names_with_places(rng, people, commas_only)
    if shape < 0.5:
        return made(f"[Compiled by {text}/Comprehensive Report]", names, [])
    return made(f"[{_role(rng, plural)} {text}/{place(rng)} Report]", names, [])


# --- date lines ------------------------------------------------------------------------------

MONTHS = (
    "January", "February", "March", "April", "May", "June", "July",
    "August", "September", "October", "November", "December",
)  # fmt: skip
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


@dataclass(frozen=True)
class GeneratedDates:
    """The block's date lines (each ``(tag, text)``) and the instants they stand for."""

    lines: list[tuple[str, str]]
    published: datetime
    modified: datetime | None
    #: The first line carries the byline in front ("{P} | Published: ..."): ynet only.
    inline: bool = False


def _twelve(moment: datetime) -> str:
    hour = moment.hour % 12 or 12
    return f"{hour}:{moment.minute:02d} {'a.m.' if moment.hour < 12 else 'p.m.'}"


def date_lines(
    rng: random.Random, source: str, published: datetime, modified: datetime | None
) -> GeneratedDates:
    """The date lines ``source`` prints for these UTC instants (README formats).

    Formats whose update shows only a clock (walla, Le Monde's "updated at") need the update
    within 24 hours of publication (walla) or on the same local day (Le Monde); other updates
    are printed with their date.
    """
    zone = ZoneInfo(SOURCES[source].timezone)
    pub = published.astimezone(zone)
    mod = modified.astimezone(zone) if modified else None
    if source == "walla":
        line = f"{WEEKDAYS[pub.weekday()]}, {pub.day:02d} {MONTHS[pub.month - 1]} {pub.year}, "
        line += f"{pub:%H:%M}"
        if mod is not None:
            line += f" Updated: {mod:%H:%M}"
        return GeneratedDates([("div", f"{pub:%d/%m/%Y}"), ("div", line)], published, modified)
    if source == "ynet":
        line = f"Published: {pub:%d.%m.%y, %H:%M}"
        if mod is not None:
            line += f" | Updated: {mod:%d.%m.%y, %H:%M}"
        return GeneratedDates([("div", line)], published, modified, inline=rng.random() < 0.6)
    if source == "maariv":
        return GeneratedDates([("div", f"{pub:%d/%m/%Y %H:%M}")], published, None)
    if source == "20min":
        lines = [("div", f"Published {pub.day} {MONTHS[pub.month - 1]} {pub.year}, {pub:%H:%M}")]
        if mod is not None:
            lines.append(
                ("div", f"Updated {mod.day} {MONTHS[mod.month - 1]} {mod.year}, {mod:%H:%M}")
            )
        return GeneratedDates(lines, published, modified)
    if source == "lemonde":
        line = f"Published on {MONTHS[pub.month - 1]} {pub.day}, {pub.year} at {_twelve(pub)}"
        if mod is not None:
            if mod.date() == pub.date() and rng.random() < 0.6:
                line += f", updated at {_twelve(mod)}"
            else:
                line += (
                    f", updated on {MONTHS[mod.month - 1]} {mod.day}, {mod.year} at {_twelve(mod)}"
                )
        return GeneratedDates([("div", line)], published, modified)
    if source == "infobae":
        lines = []
        if rng.random() < 0.6:
            lines.append(("span", f"{pub.day} {MONTHS[pub.month - 1][:3]} {pub.year}"))
        lines.append(
            ("div", f"{MONTHS[pub.month - 1]} {pub.day}, {pub.year} at {_twelve(pub)} ART")
        )
        return GeneratedDates(lines, published, None)
    return GeneratedDates([("span", f"{pub:%Y/%m/%d %H:%M}")], published, None)


def instants(
    rng: random.Random, source: str, start: datetime, days: int
) -> tuple[datetime, datetime | None, datetime]:
    """(published, modified or None, aggregated_at) in UTC, whole minutes for the source's
    times; modified comes before the aggregator copied the page, as on the replica."""
    published = start + timedelta(minutes=rng.randrange(days * 24 * 60))
    published = published.replace(second=0, microsecond=0, tzinfo=UTC)
    modified = None
    if source in ("walla", "ynet", "20min", "lemonde") and rng.random() < 0.3:
        modified = published + timedelta(minutes=rng.randint(5, 22 * 60))
        if source == "lemonde":  # "updated at" is the same local day, else "updated on" a date
            modified = published + timedelta(minutes=rng.randint(5, 36 * 60))
    copied_after = modified or published
    aggregated = copied_after + timedelta(seconds=rng.uniform(15 * 60, 12 * 3600))
    return published, modified, aggregated


@dataclass(frozen=True)
class BlockPieces:
    """Where the generated byline and date lines go in a source block.

    ``head`` replaces the block's own byline and date elements; at LTN the bracket byline is
    either ``lead_paragraph`` (its own ``<p>``, before the first body paragraph) or
    ``prefix`` (in front of the first body paragraph's text).
    """

    head: str
    lead_paragraph: str | None = None
    prefix: str | None = None


def block_pieces(rng: random.Random, made: GeneratedByline, dates: GeneratedDates) -> BlockPieces:
    """The HTML a source prints for this byline and these date lines."""
    text = html.escape(made.text, quote=False)
    lines = "".join(f"<{tag}>{html.escape(line)}</{tag}>" for tag, line in dates.lines)
    if made.source == "ltn":
        if rng.random() < 0.5:
            return BlockPieces(lines, lead_paragraph=f"<p>{text}</p>")
        return BlockPieces(lines, prefix=made.text + " ")
    if made.source == "ynet" and dates.inline:
        first_tag, first = dates.lines[0]
        return BlockPieces(f"<{first_tag}>{text} | {html.escape(first)}</{first_tag}>")
    if made.source in ("walla", "20min"):
        return BlockPieces(f"<div><span>{text}</span></div>{lines}")
    return BlockPieces(f"<div>{text}</div>{lines}")
