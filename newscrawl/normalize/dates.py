"""Parse the date lines of a source block into UTC publication and update times."""

from __future__ import annotations

import json
import pkgutil
import re
from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from functools import cache
from typing import NamedTuple
from zoneinfo import ZoneInfo

from newscrawl.lexicon import alternation, month_numbers, words
from newscrawl.normalize.zones import (
    ABBREVIATION,
    LONG_NAME,
    SHORT_LONG_NAME,
    date_order_country,
    month_first_country,
    named_offset,
    printed_zone,
)

__all__ = ["DateLine", "is_date_line", "parse_date_lines", "parse_iso_instant", "to_iso_z"]


class DateLine(NamedTuple):
    """Publication and update instants, aware and in UTC."""

    published: datetime | None
    modified: datetime | None
    #: The times were read in a zone the lines print ("ET", "+01:00"), not the one given.
    zone_printed: bool = False


_MONTHS = month_numbers()


@cache
def _cldr_months() -> Mapping[str, int]:
    """The month names of every CLDR language that mean one month in all of them and that the
    lexicon lacks ("martie", "lipiec"; ``lexicon/cldr_months.json``, written from ``babel``'s
    data by ``devtools/cldr_months.py``): a publisher whose language is unknown (a ``.com``
    host) is read in its own."""
    data = pkgutil.get_data("newscrawl", "lexicon/cldr_months.json") or b"{}"
    return {str(name): int(number) for name, number in json.loads(data).items()}


@cache
def _months(language: str | None) -> Mapping[str, int]:
    """Month names -> 1..12: the lexicon's, every language, with the Unicode CLDR's month
    names of ``language`` (the publisher's, ISO 639-1; from ``babel``) over them, so that a
    language the lexicon lacks is read ("5 iulie 2022", "úterý 5. července 2022") and a name
    means what it means in that language (Croatian "listopada" is October, Czech and Polish
    "listopad" November).

    >>> _months("hr")["listopada"], _months("cs")["listopadu"], _months(None)["listopada"]
    (10, 11, 11)
    >>> _months("ca")["juliol"], _months("bg")["юли"], _months("xx") is _months(None)
    (7, 7, False)

    A name the lexicon lacks that means one month in every CLDR language is read whatever the
    language ("20. martie 2022" at a ``.com`` publisher); one that does not is not:

    >>> _months(None)["martie"], "listopad" in _cldr_months()
    (3, False)
    """
    from babel import Locale, UnknownLocaleError  # the locale data loads only when needed

    table = {**_cldr_months(), **_MONTHS}
    try:
        locale = Locale.parse(language) if language else None
    except (UnknownLocaleError, ValueError, TypeError):
        locale = None
    if locale is None:
        return table
    for context in ("format", "stand-alone"):
        for width in ("wide", "abbreviated"):
            for number, name in locale.months[context][width].items():
                # Catalan prints the preposition with the name ("de juliol", "d’agost").
                word = re.split(r"[\s'’]", str(name).lower().rstrip("."))[-1]
                if len(word) >= 3 and word.isalpha():
                    table[word] = int(number)
    return table


#: Any word where a month's name may stand; :func:`_date_from` keeps only the lexicon's months
#: (one dictionary look-up is cheaper than an alternation of every language's months).
_MONTH = r"(?P<month>[^\W\d_]{3,})\.?"
_ORD = r"(?:st|nd|rd|th)?"

# Longest, least ambiguous forms first; each match is blanked out of the text
# before the next pattern and before times are searched.
_DATE_PATTERNS = (
    # 2022年1月10日 (Chinese, Japanese), 2022년 1월 10일 (Korean)
    re.compile(r"(?P<year>\d{4})\s*[年년]\s*(?P<a>\d{1,2})\s*[月월]\s*(?P<b>\d{1,2})\s*[日일]?"),
    # 2022/01/10, 2022-01-10, 2022.01.10, 2022-01-10T15:34:00+03:00
    re.compile(
        r"\b(?P<year>\d{4})(?P<sep>[./-])(?P<a>\d{1,2})(?P=sep)(?P<b>\d{1,2})(?:\b|(?=T\d))"
    ),
    # 2022. 07. 05. (Hungarian: a space after each dot)
    re.compile(r"\b(?P<year>\d{4})\.\s(?P<a>\d{1,2})\.\s(?P<b>\d{1,2})\b\.?"),
    # 10/01/2022, 12.01.22 (day first unless told otherwise)
    re.compile(r"\b(?P<a>\d{1,2})(?P<sep>[./-])(?P<b>\d{1,2})(?P=sep)(?P<year>\d{4}|\d{2})\b"),
    # 5. 7. 2022 (Czech, Slovak, Slovenian, Croatian: a space after each dot)
    re.compile(r"\b(?P<a>\d{1,2})\.\s(?P<b>\d{1,2})\.\s?(?P<year>\d{4})\b"),
    # 10 January 2022, 10 Jan. 2022, 10th of January, 2022
    re.compile(
        rf"\b(?P<day>\d{{1,2}}){_ORD}\.?\s+(?:(?:of|de)\s+|d['’])?{_MONTH},?\s+(?:(?:of|de)\s+)?"
        r"(?P<year>\d{4})\b",
        re.IGNORECASE,
    ),
    # 10-Jan-2022, 10/Jan/22, 10.jan.2022 (day, month's name and year joined by dashes,
    # slashes or dots)
    re.compile(
        rf"\b(?P<day>\d{{1,2}})(?P<sep>[-/.]){_MONTH}(?P=sep)(?P<year>\d{{4}}|\d{{2}})\b",
        re.IGNORECASE,
    ),
    # January 10, 2022; Jan 10 2022
    re.compile(rf"\b{_MONTH}\s+(?P<day>\d{{1,2}}){_ORD},?\s+(?P<year>\d{{4}})\b", re.IGNORECASE),
    # Jan-10-2022, Jan - 10 - 2022, Jan/10/2022 (the month's name, day and year joined by
    # dashes or slashes)
    re.compile(
        rf"\b{_MONTH}\s*(?P<sep>[-/])\s*(?P<day>\d{{1,2}})\s*(?P=sep)\s*(?P<year>\d{{4}})\b",
        re.IGNORECASE,
    ),
    # 2022. január 10. (Hungarian), 2022 m. sausio 10 d. (Lithuanian): the year first
    re.compile(
        rf"\b(?P<year>\d{{4}})\.?\s+(?:m\.\s+)?{_MONTH}\s+(?P<day>\d{{1,2}})\b\.?(?:\s*d\.)?",
        re.IGNORECASE,
    ),
)
_TIME = re.compile(
    r"(?:(?P<half>[上下]午|午[前後]|오[전후])\s*)?"  # a.m./p.m. before the clock in CJK
    # Not the hours of an offset ("GMT+04:30", "(UTC-05:00)", "+01:00").
    r"(?<![\d:+\u2212])(?<!UTC-)(?<!GMT-)(?<!\s-)"
    r"(?P<hour>\d{1,2})(?:[:h]|\s*[時시]\s*|\s[hH]\s)(?P<minute>\d{2})(?:\s*[分분])?"
    r"(?::(?P<second>\d{2}))?"
    r"(?:\s*(?P<ampm>[ap])\.?\s?m\b\.?|\s*(?P<half_after>[πμ]\.\s?μ\.))?(?![\d:])",
    re.IGNORECASE,
)
#: Chinese, Japanese and Korean "a.m." and "p.m.", printed before the clock ("下午 03:34"),
#: and Greek ones after it ("3:34 μ.μ.": "π.μ." before midday, "μ.μ." after).
_HALF_DAY = {
    "上午": "a", "午前": "a", "오전": "a", "下午": "p", "午後": "p", "오후": "p",
    "π.μ.": "a", "μ.μ.": "p",
}  # fmt: skip
#: "13.45 Uhr", "kl. 13.45", or any "13.45" on a line that already shows a date: a clock
#: written with a dot (German, Nordic, Finnish usage). Dates are blanked before it is tried.
_DOT_TIME = re.compile(
    r"(?<![\d.,])(?P<hour>\d{1,2})\.(?P<minute>\d{2})(?![\d.,]\d)"
    r"(?:\s*(?P<ampm>[ap])\.?\s?m\b\.?)?",
    re.IGNORECASE,
)
#: A clock that prints the hour only, with "a.m."/"p.m." ("3 p.m.", AP style) or an "h"
#: ("à 15h", French usage): only on a line that shows a date or a date label.
_HOUR_ONLY = re.compile(
    r"(?<![\d:.,])(?P<hour>\d{1,2})(?:\s?(?P<ampm>[ap])\.?\s?m\b\.?|h(?!\w))", re.IGNORECASE
)
#: Midday printed as a word ("at noon", "12 noon", "à midi"), from the lexicon: a clock only on
#: a line that shows a date, like a clock written with a dot.
_NOON = re.compile(rf"(?<![\w:])(?:12\s+)?(?:{alternation(words('noon'))})(?![\w-])", re.IGNORECASE)
#: What a line prints right after a clock: a zone name or an offset ("ET", "(KST)", "Uhr MEZ",
#: "h. (CEST)", "GMT+1", "+01:00", "Eastern Time").
_AFTER_TIME = re.compile(
    r"\s*(?:Uhr\s*|hrs?\.?\s*|h\.\s*)?\(?\s*(?P<zone>(?:UTC|GMT)\s*[+\-\u2212]\s*\d{1,2}(?::?\d{2})?"
    rf"|[+\-\u2212]\d{{2}}:?\d{{2}}|(?<=\d)Z|{LONG_NAME.pattern}|{SHORT_LONG_NAME.pattern}"
    rf"|{ABBREVIATION}(?:/{ABBREVIATION})?|(?:[A-Z]\.){{2,4}}"
    # An abbreviation in lower case ("10:20 a.m. et") only where it ends the line: a table
    # must know it in capitals.
    r"|(?P<lower>[a-z]{2,4})(?=[\s.)]*$))(?![\w+\-:/])"
)
# Splits a line into its publication and update parts, in either order ("Updated: 11.01.2022,
# 08:10 | Published: 10.01.2022, 14:20").
# One alternation of both kinds: a third cheaper to scan than two; the kind is looked up.
_PART_LABEL = re.compile(
    rf"\b(?:{alternation(words('published') + words('updated'))})\b", re.IGNORECASE
)
_UPDATE_LABELS = frozenset(words("updated"))
# Words that may surround a date without making the line anything else.
_FILLER = re.compile(
    rf"\b(?i:{alternation(words('published') + words('updated') + words('weekdays'))}"
    r"|on|at|date|time|am|pm|[ap]\.\s?m\.)\b"
    rf"|\b{ABBREVIATION}\b",  # zone abbreviations: ART, CET, UTC, ChST
)
_WORDS = re.compile(r"[^\W\d_]+")
_MAX_EXTRA_WORDS = 5


class _Stamp(NamedTuple):
    day: date | None
    clock: time | None
    updated: bool
    #: The zone name or offset printed after the clock ("ET", "+01:00"), as printed.
    zone: str | None = None


#: The Buddhist era (Thailand's calendar, and Cambodia's, Laos's, Myanmar's) counts 543 years more
#: than the common era: 2565 is 2022. No news page of the common era is dated 2400 or later.
BUDDHIST_ERA = 543


def _year(text: str) -> int:
    """A printed year in the common era.

    >>> _year("2022"), _year("22"), _year("99"), _year("2565")
    (2022, 2022, 1999, 2022)
    """
    value = int(text)
    if len(text) == 2:
        value += 2000 if value < 70 else 1900
    elif value >= 2400 and value < 2800:
        value -= BUDDHIST_ERA
    return value


def _make_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _date_from(
    match: re.Match[str], dayfirst: bool, months: Mapping[str, int] = _MONTHS
) -> date | None:
    groups = match.groupdict()
    year = _year(groups["year"])
    if groups.get("month"):
        month = months.get(groups["month"].lower().rstrip("."))
        return _make_date(year, month, int(groups["day"])) if month else None
    first, second = int(groups["a"]), int(groups["b"])
    if len(groups["year"]) == 4 and match.start("year") == match.start():
        return _make_date(year, first, second)  # year first: always Y/M/D
    # Dots are day first everywhere: the US, the only country that writes the month first,
    # writes slashes (CLDR's en_US "M/d/yy"); "10.01.2022" is 10 January wherever it is.
    if "." in match.string[match.end("a") : match.start("b")]:
        dayfirst = True
    day, month = (first, second) if dayfirst else (second, first)
    if month > 12 >= day:  # the other reading is the only valid one
        day, month = month, day
    return _make_date(year, month, day)


def _find_dates(
    text: str, dayfirst: bool, months: Mapping[str, int] = _MONTHS
) -> tuple[list[date], str]:
    """Return the dates in ``text`` in order, and the text with them blanked."""
    found: list[tuple[int, date]] = []
    for pattern in _DATE_PATTERNS:
        for match in pattern.finditer(text):
            parsed = _date_from(match, dayfirst, months)
            if parsed is not None:
                found.append((match.start(), parsed))
                text = text[: match.start()] + " " * len(match.group()) + text[match.end() :]
    found.sort()
    return [parsed for _, parsed in found], text


def _time_from(match: re.Match[str]) -> time | None:
    groups = match.groupdict()
    hour, minute = int(match["hour"]), int(groups.get("minute") or 0)
    second = int(groups.get("second") or 0)
    half = groups.get("half") or "".join((groups.get("half_after") or "").split())
    ampm = (groups.get("ampm") or "").lower() or _HALF_DAY.get(half, "")
    if ampm:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if ampm == "p" else 0)
    if hour > 23 or minute > 59 or second > 59:
        return None
    return time(hour, minute, second)


#: What a date blanked out of a line leaves between a clock and a zone printed after the date
#: ("3:34pm, 10 Jan, 2022 HKT"): a comma and the blanks.
_BLANKED_DATE = re.compile(r",?\s{4,},?")


def _find_times(
    text: str, dated: bool = False, line_end: bool = True
) -> tuple[list[tuple[time, str | None]], str]:
    """The clocks in ``text`` with the zone printed after each, and the text with them
    blanked. A clock written with a dot, midday as a word or an hour alone ("3 p.m.", "15h")
    counts only on a line with a date or a date label (``dated``), a clock with a dot also
    before "Uhr". A zone in lower case counts only where ``text`` ends the line
    (``line_end``)."""
    times: list[tuple[time, str | None]] = []
    for pattern in (_TIME, _DOT_TIME, _NOON, _HOUR_ONLY):
        if pattern is _DOT_TIME and (times or not (dated or "uhr" in text.casefold())):
            break
        if pattern in (_NOON, _HOUR_ONLY) and (times or not dated):
            break
        for match in pattern.finditer(text):
            parsed = time(12) if pattern is _NOON else _time_from(match)
            if parsed is not None:
                after = _AFTER_TIME.match(text, match.end())
                if after is None:  # "3:34pm, 10 Jan, 2022 HKT": the zone after the date
                    gap = _BLANKED_DATE.match(text, match.end())
                    after = _AFTER_TIME.match(text, gap.end()) if gap else None
                zone = after["zone"] if after else None
                if after and after["lower"]:
                    zone = after["lower"].upper() if line_end else None
                times.append((parsed, zone))
                text = text[: match.start()] + " " * len(match.group()) + text[match.end() :]
    return times, text


_DATE_LABEL = re.compile(
    rf"\b(?:{alternation(words('published') + words('updated'))})\b", re.IGNORECASE
)


def _labelled(text: str) -> bool:
    """Whether ``text`` holds a publication or update label ("Uppdaterad 17.10")."""
    return bool(_DATE_LABEL.search(text))


def _parts(line: str) -> list[tuple[str, bool | None]]:
    """The parts of a line, each from a date label to the next, with whether the label is an
    update's (None for the part before the first label: a publication's).

    >>> _parts("Updated 11.01.2022, 08:10, first published 10.01.2022")
    [('', None), ('Updated 11.01.2022, 08:10, ', True), ('first published 10.01.2022', False)]
    """
    parts: list[tuple[str, bool | None]] = []
    start, updated = 0, None
    for label in _PART_LABEL.finditer(line):
        parts.append((line[start : label.start()], updated))
        start = label.start()
        updated = " ".join(label.group().lower().split()) in _UPDATE_LABELS
    parts.append((line[start:], updated))
    return parts


def _stamps(line: str, dayfirst: bool, months: Mapping[str, int] = _MONTHS) -> list[_Stamp]:
    """Split one line into stamps: its publication and update parts, in the line's order."""
    stamps: list[_Stamp] = []
    parts = _parts(line)
    for index, (part, updated) in enumerate(parts):
        if not part or part.isspace():
            continue
        dates, rest = _find_dates(part, dayfirst, months)
        dated = bool(dates) or updated is not None
        times, _ = _find_times(rest, dated, line_end=index == len(parts) - 1)
        if dates or times:
            day = dates[0] if dates else None
            clock, zone = times[0] if times else (None, None)
            stamps.append(_Stamp(day, clock, updated=bool(updated), zone=zone))
    return stamps


def _localise(moment: datetime, zone: tzinfo, fold: int = 0) -> datetime:
    """Attach ``zone`` and convert to UTC.

    An ambiguous wall time (the repeated hour when clocks go back) takes its
    first occurrence unless ``fold=1``; a wall time that does not exist (the
    skipped hour) is read with the offset in force before the change, as
    PEP 495 prescribes.
    """
    return moment.replace(tzinfo=zone, fold=fold).astimezone(UTC)


def _readings(moment: datetime, zone: tzinfo) -> list[datetime]:
    """The UTC instants a wall time stands for: two in the repeated hour, else one (a time
    in the skipped hour is read as PEP 495 says, see :func:`_localise`)."""
    readings = {_localise(moment, zone, fold) for fold in (0, 1)}
    real = sorted(r for r in readings if r.astimezone(zone).replace(tzinfo=None) == moment)
    return real or [_localise(moment, zone)]


def _choose(
    readings: list[datetime], not_before: datetime | None, not_after: datetime | None
) -> datetime:
    """The first reading inside the bounds (the first reading when none is): a wall time of
    the repeated hour is its first occurrence, as ``zoneinfo`` reads it (``fold=0``), unless
    the bounds rule it out (an update before its publication, a time after the copy)."""
    fitting = [
        r
        for r in readings
        if (not_before is None or r >= not_before) and (not_after is None or r <= not_after)
    ]
    return (fitting or readings)[0]


def parse_date_lines(
    lines: Sequence[str],
    tz: str | None,
    *,
    dayfirst: bool | None = True,
    not_after: datetime | None = None,
    country: str | None = None,
    language: str | None = None,
) -> DateLine:
    """Read the publication and update times from a block's date lines.

    ``lines`` are the date line texts in document order; local times are read
    in zone ``tz`` and returned in UTC. A part after "Updated" / "updated on"
    / "Modified" is the update; an update that gives only a time is on the
    publication day, or the next day when it is earlier than the publication
    time. A line with a date but no time supplies the date for a later line
    that has only a time, and is used on its own (at midnight) only when no
    line gives a time.

    A wall time in the hour repeated when clocks go back stands for two
    instants: the first is taken (``zoneinfo``'s reading, ``fold=0``), unless it
    is ruled out: an update is never before its publication, and ``not_after``
    (when the page was copied: the aggregator's time) is never before either.

    >>> def show(lines, tz, not_after=None):
    ...     read = parse_date_lines(lines, tz, not_after=not_after)
    ...     return [to_iso_z(read.published), to_iso_z(read.modified)]
    >>> show(["10/01/2022", "Monday, 10 January 2022, 21:54 Updated: 00:22"], "Asia/Jerusalem")
    ['2022-01-10T19:54:00Z', '2022-01-10T22:22:00Z']
    >>> show(["OREN SHAPIRA | Published: 11.01.22, 17:07 | Updated: 12.01.22, 01:24"],
    ...      "Asia/Jerusalem")
    ['2022-01-11T15:07:00Z', '2022-01-11T23:24:00Z']
    >>> show(["2022/07/05 下午 03:34"], "Asia/Taipei"), show(["2022.07.05 오전 9:05"], "Asia/Seoul")
    (['2022-07-05T07:34:00Z', None], ['2022-07-05T00:05:00Z', None])
    >>> show(["10/01/2022 12:20"], "Asia/Jerusalem")
    ['2022-01-10T10:20:00Z', None]
    >>> show(["Published 11 January 2022, 09:01", "Updated 11 January 2022, 14:42"],
    ...      "Europe/Zurich")
    ['2022-01-11T08:01:00Z', '2022-01-11T13:42:00Z']
    >>> show(["Published on January 12, 2022 at 12:30 p.m., updated at 7:20 p.m."],
    ...      "Europe/Paris")
    ['2022-01-12T11:30:00Z', '2022-01-12T18:20:00Z']
    >>> show(["Published on March 26, 2022 at 11:00 p.m., updated on March 27, 2022 at 12:15 a.m."],
    ...      "Europe/Paris")
    ['2022-03-26T22:00:00Z', '2022-03-26T23:15:00Z']
    >>> show(["11 Jan 2022", "January 11, 2022 at 9:05 p.m. ART"],
    ...      "America/Argentina/Buenos_Aires")
    ['2022-01-12T00:05:00Z', None]
    >>> show(["2022/01/10 07:18"], "Asia/Taipei")
    ['2022-01-09T23:18:00Z', None]
    >>> show(["Summer in the city"], "Europe/Paris")
    [None, None]
    >>> repeated = ["Published 30 October 2022, 02:30"]  # 00:30Z in summer time, 01:30Z after
    >>> show(repeated, "Europe/Zurich"), show(repeated, "Europe/Zurich", datetime(2022, 10, 30, 3))
    (['2022-10-30T00:30:00Z', None], ['2022-10-30T00:30:00Z', None])
    >>> show(["30 October 2022, 02:50", "Updated 30 October 2022, 02:10"], "Europe/Zurich")
    ['2022-10-30T00:50:00Z', '2022-10-30T01:10:00Z']

    A zone or an offset printed after a clock wins over ``tz`` ("ET" follows New York's
    clock, summer time included); without one and without ``tz`` nothing is read.
    ``dayfirst=None`` reads numeric dates month first where the printed zone's country (else
    ``country``, the publisher's) writes them so: the US.

    >>> show(["Published: 10.01.2022, 13.45 Uhr"], "Europe/Berlin")
    ['2022-01-10T12:45:00Z', None]
    >>> show(["10 de enero de 2022, 9:05"], "Europe/Madrid"), show(["3. März 2022, 10:00"], "UTC")
    (['2022-01-10T08:05:00Z', None], ['2022-03-03T10:00:00Z', None])
    >>> show(["July 4, 2022 9:30 a.m. ET"], None), show(["10 Jan 2022 10:15 KST"], "Europe/Paris")
    (['2022-07-04T13:30:00Z', None], ['2022-01-10T01:15:00Z', None])
    >>> to_iso_z(parse_date_lines(["01/10/2022 08:15 PT"], None, dayfirst=None).published)
    '2022-01-10T16:15:00Z'
    >>> to_iso_z(parse_date_lines(["01/10/2022 08:15"], "Europe/Rome", dayfirst=None).published)
    '2022-10-01T06:15:00Z'
    >>> parse_date_lines(["10 Jan 2022 10:15 KST"], "Europe/Paris").zone_printed
    True
    >>> show(["Published July 5, 2022 at 9:15 a.m. CT", "Updated July 5, 2022 at noon CT"], None)
    ['2022-07-05T14:15:00Z', '2022-07-05T17:00:00Z']
    >>> show(["mardi 5 juillet 2022 à 15 h 34"], "Europe/Paris")  # French typography
    ['2022-07-05T13:34:00Z', None]
    >>> show(["2022. 07. 05. 15:34"], "Europe/Budapest")
    ['2022-07-05T13:34:00Z', None]
    >>> show(["05-Jul-2022 15:34"], "Asia/Thimphu"), show(["10/Jan/22 08:15"], "Europe/Paris")
    (['2022-07-05T09:34:00Z', None], ['2022-01-10T07:15:00Z', None])
    >>> show(["Publié le 5 juillet 2022 à 15h34", "Dernière mise à jour : 5 juillet 2022 à 17h02"],
    ...      "Europe/Luxembourg")
    ['2022-07-05T13:34:00Z', '2022-07-05T15:02:00Z']
    >>> show(["martes 5 de julio de 2022, 15:34", "Última actualización: 05/07/2022 17:02"],
    ...      "America/Costa_Rica")
    ['2022-07-05T21:34:00Z', '2022-07-05T23:02:00Z']
    >>> show(["July 5, 2022 3:34 PM ChST"], None)
    ['2022-07-05T05:34:00Z', None]
    >>> show(["Publié le 5 juillet 2022 à midi"], "Europe/Paris"), is_date_line("Lunch at noon")
    (['2022-07-05T10:00:00Z', None], False)
    >>> show(["2022年7月5日 15時34分"], "Asia/Tokyo"), show(["2022년 7월 5일 15:34"], "Asia/Seoul")
    (['2022-07-05T06:34:00Z', None], ['2022-07-05T06:34:00Z', None])
    >>> show(["2022-07-05T15:34:00+03:00"], None)
    ['2022-07-05T12:34:00Z', None]
    >>> show(["2022-01-10 08:15 +05:30"], None), show(["10.01.2022 08:15"], None)
    (['2022-01-10T02:45:00Z', None], [None, None])

    An hour alone on a dated line ("3 p.m.", "à 15h"), a year before the month's name
    (Hungarian, Lithuanian), a clock with a dot after an update label:

    >>> show(["Published July 5, 2022, 3 p.m. CT", "Updated July 6, 2022, 10 a.m. CT"], None)
    ['2022-07-05T20:00:00Z', '2022-07-06T15:00:00Z']
    >>> show(["Publié le 5 juillet 2022 à 15h"], "Africa/Porto-Novo")
    ['2022-07-05T14:00:00Z', None]
    >>> to_iso_z(parse_date_lines(["2022. július 5., kedd 15:34"], "Europe/Budapest",
    ...                           language="hu").published)
    '2022-07-05T13:34:00Z'
    >>> to_iso_z(parse_date_lines(["2022 m. liepos 5 d. 15:34"], "Europe/Vilnius",
    ...                           language="lt").published)
    '2022-07-05T12:34:00Z'
    >>> show(["tisdag 5 juli 2022 kl. 15.34", "Uppdaterad 17.10"], "Europe/Stockholm")
    ['2022-07-05T13:34:00Z', '2022-07-05T15:10:00Z']

    Month names are read in the publisher's ``language`` too (CLDR's, see :func:`_months`):

    >>> read = parse_date_lines(["30. listopada 2022. u 09:15"], "Europe/Zagreb", language="hr")
    >>> to_iso_z(read.published)
    '2022-10-30T08:15:00Z'
    >>> read = parse_date_lines(["marți, 5 iulie 2022, 15:34"], "Europe/Chisinau", language="ro")
    >>> to_iso_z(read.published)
    '2022-07-05T12:34:00Z'

    An update must fit too: not before the publication, not after the copy. A clock-only
    update earlier than the publication is the next day, unless the copy was made before
    that and the repeated hour fits (01:40 summer time, then 01:10 winter time):

    >>> walla = ["30/10/2022", "Sunday, 30 October 2022, 01:40 Updated: 01:10"]
    >>> show(walla, "Asia/Jerusalem", datetime(2022, 10, 29, 23, 50, tzinfo=UTC))
    ['2022-10-29T22:40:00Z', '2022-10-29T23:10:00Z']
    >>> show(walla, "Asia/Jerusalem", datetime(2022, 10, 31, 9, 0, tzinfo=UTC))
    ['2022-10-29T23:40:00Z', '2022-10-30T23:10:00Z']
    >>> twenty = ["Published 30 October 2022, 02:50", "Updated 30 October 2022, 02:10"]
    >>> show(twenty, "Europe/Zurich", datetime(2022, 10, 30, 4, tzinfo=UTC))
    ['2022-10-30T00:50:00Z', '2022-10-30T01:10:00Z']
    """
    read_dayfirst = True if dayfirst is None else dayfirst
    months = _months(language)
    stamps = [stamp for line in lines for stamp in _stamps(line, read_dayfirst, months)]
    printed, printed_name = next(
        (
            (zone, stamp.zone)
            for stamp in stamps
            if stamp.zone and (zone := printed_zone(stamp.zone, country))
        ),
        (None, ""),
    )
    zone = printed or (ZoneInfo(tz) if tz else None)
    if zone is None:
        return DateLine(None, None)
    if dayfirst is None:
        told = date_order_country(printed, printed_name, country) if printed else country
        dayfirst = not month_first_country(told)
    if dayfirst != read_dayfirst:
        stamps = [stamp for line in lines for stamp in _stamps(line, dayfirst, months)]
    last_day: date | None = None
    published: datetime | None = None
    modified: datetime | None = None
    rolled = False  # an update printed as a clock only, earlier than the publication: next day
    undated_publication: date | None = None
    dayless_clock: time | None = None  # a publication's clock before any date
    for stamp in stamps:
        if not stamp.updated:
            if stamp.clock is None:
                if stamp.day is not None:
                    last_day = stamp.day
                    undated_publication = undated_publication or stamp.day
                continue
            day = stamp.day or last_day
            if published is None and day is not None:
                published = datetime.combine(day, stamp.clock)
                last_day = day
            elif day is None:
                dayless_clock = dayless_clock or stamp.clock
        elif modified is None:
            base = published or (datetime.combine(last_day, time()) if last_day else None)
            if stamp.day is not None:
                modified = datetime.combine(stamp.day, stamp.clock or time())
            elif base is not None and stamp.clock is not None:
                modified = datetime.combine(base.date(), stamp.clock)
                if modified < base:
                    modified += timedelta(days=1)
                    rolled = True
    if published is None and dayless_clock is not None:
        # A publication's clock before any date: the day a later line prints ("14:20",
        # "10.01.2022"), else the update's ("Updated January 10, 2022 — 8.31am, first
        # published at 6.26am"), the day before when the clock is later than the update's.
        if undated_publication is not None:
            published = datetime.combine(undated_publication, dayless_clock)
        elif modified is not None:
            published = datetime.combine(modified.date(), dayless_clock)
            if published > modified:
                published -= timedelta(days=1)
    if published is None and undated_publication is not None:
        published = datetime.combine(undated_publication, time())
    if printed is not None and printed_name.replace(" ", "").isalpha() and (published or modified):
        zone = named_offset(printed, printed_name, published or modified)  # type: ignore[arg-type]
    bound = not_after.astimezone(UTC) if not_after and not_after.tzinfo else not_after
    if bound is not None and bound.tzinfo is None:
        bound = bound.replace(tzinfo=UTC)
    published_utc = _choose(_readings(published, zone), None, bound) if published else None
    modified_utc = None
    if modified is not None:
        # Not before the publication: the repeated hour then takes its later reading.
        modified_utc = _choose(_readings(modified, zone), published_utc, bound)
        if published_utc and modified_utc < published_utc:
            modified_utc = _readings(modified, zone)[-1]
        if published is not None and bound is not None:
            pair = _consistent(published, modified, rolled, zone, bound)
            published_utc, modified_utc = pair or (published_utc, modified_utc)
    return DateLine(published_utc, modified_utc, zone_printed=printed is not None)


def _consistent(
    published: datetime, modified: datetime, rolled: bool, zone: tzinfo, bound: datetime
) -> tuple[datetime, datetime] | None:
    """The readings of a publication and its update that fit together: the update not before
    the publication, both not after the copy (``bound``). The update read as printed comes
    first; a clock-only update earlier than the publication is the next day, unless that is
    after the copy and the same day's repeated hour fits (published 01:40 in summer time,
    updated 01:10 after the clocks went back). Among fitting pairs the latest publication
    and then the latest update win (see :func:`_choose`). None when no pair fits."""
    options = [modified] + ([modified - timedelta(days=1)] if rolled else [])
    for option in options:
        pairs = [
            (p, m)
            for p in _readings(published, zone)
            for m in _readings(option, zone)
            if p <= m <= bound
        ]
        if pairs:
            return max(pairs)
    return None


def is_date_line(text: str, language: str | None = None) -> bool:
    """Tell whether ``text`` is (mostly) a date/time line.

    It must hold a date or a time; apart from them and words such as
    "Published", "Updated", "at", weekdays and zone abbreviations it may hold
    at most a few words (a byline in front, as in "Dana Halevi | Published:
    ..."), and only when it also shows a time.

    >>> is_date_line("Monday, 10 January 2022, 15:34 Updated: 17:12")
    True
    >>> is_date_line("10/01/2022")
    True
    >>> is_date_line("Dana Halevi | Published: 12.01.22, 12:26")
    True
    >>> is_date_line("January 10, 2022 at 6:01 a.m. ART")
    True
    >>> is_date_line("A session of the Knesset, January 10, 2022")
    False
    >>> is_date_line("The talks began at 10:00 and lasted well into the night.")
    False
    """
    if not any(c.isdigit() for c in text):
        return False  # no date and no clock (midday as a word counts only beside a date)
    dates, rest = _find_dates(text, dayfirst=True, months=_months(language))
    times, rest = _find_times(rest, dated=bool(dates) or _labelled(text))
    if not dates and not times:
        return False
    extra = len(_WORDS.findall(_FILLER.sub(" ", rest)))
    if extra == 0:
        return True
    return bool(times) and extra <= _MAX_EXTRA_WORDS


def to_iso_z(dt: datetime | None) -> str | None:
    """Format an instant as ``YYYY-MM-DDTHH:MM:SSZ`` (a naive value is taken as UTC).

    >>> to_iso_z(datetime(2022, 1, 10, 15, 46, 23, 398000, tzinfo=UTC))
    '2022-01-10T15:46:23Z'
    >>> to_iso_z(None) is None
    True
    """
    if dt is None:
        return None
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=UTC)
    return dt.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_iso_instant(s: str) -> datetime | None:
    """Parse an ISO 8601 timestamp into an aware UTC datetime (naive means UTC).

    >>> parse_iso_instant("2022-01-10T15:46:23.398Z")
    datetime.datetime(2022, 1, 10, 15, 46, 23, 398000, tzinfo=datetime.timezone.utc)
    >>> to_iso_z(parse_iso_instant("2022-01-10T17:46:23+02:00"))
    '2022-01-10T15:46:23Z'
    >>> parse_iso_instant("yesterday") is None
    True
    """
    text = s.strip()
    if text.endswith(("z", "Z")):
        text = text[:-1] + "+00:00"
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC)
