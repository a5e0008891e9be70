"""Tests for newscrawl.normalize.dates."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone

import pytest

from newscrawl.normalize.dates import (
    DateLine,
    is_date_line,
    parse_date_lines,
    parse_iso_instant,
    to_iso_z,
)
from newscrawl.normalize.text import clean_text
from tests.helpers.replica import source_block, unique_pages

JERUSALEM = "Asia/Jerusalem"
ZURICH = "Europe/Zurich"
PARIS = "Europe/Paris"
BUENOS_AIRES = "America/Argentina/Buenos_Aires"
TAIPEI = "Asia/Taipei"


def iso(lines: list[str], tz: str, *, dayfirst: bool = True) -> tuple[str | None, str | None]:
    result = parse_date_lines(lines, tz, dayfirst=dayfirst)
    return to_iso_z(result.published), to_iso_z(result.modified)


@pytest.mark.parametrize(
    ("lines", "tz", "published", "modified"),
    [
        # walla
        (
            ["05/02/2023", "Sunday, 05 February 2023, 08:05"],
            JERUSALEM,
            "2023-02-05T06:05:00Z",
            None,
        ),
        (
            ["05/02/2023", "Sunday, 5 February 2023, 08:05 Updated: 09:40"],
            JERUSALEM,
            "2023-02-05T06:05:00Z",
            "2023-02-05T07:40:00Z",
        ),
        (
            ["05/02/2023", "Sunday, 05 February 2023, 23:50 Updated: 00:10"],
            JERUSALEM,
            "2023-02-05T21:50:00Z",
            "2023-02-05T22:10:00Z",
        ),
        (
            ["31/12/2022", "Saturday, 31 December 2022, 22:00 Updated: 01:00"],
            JERUSALEM,
            "2022-12-31T20:00:00Z",
            "2022-12-31T23:00:00Z",
        ),
        # ynet, with and without a byline in front
        (["Published: 07.06.23, 14:03"], JERUSALEM, "2023-06-07T11:03:00Z", None),
        (
            ["Dana Halevi | Published: 07.06.23, 14:03 | Updated: 08.06.23, 09:00"],
            JERUSALEM,
            "2023-06-07T11:03:00Z",
            "2023-06-08T06:00:00Z",
        ),
        # maariv
        (["07/06/2023 14:03"], JERUSALEM, "2023-06-07T11:03:00Z", None),
        # 20min
        (["Published 7 June 2023, 14:03"], ZURICH, "2023-06-07T12:03:00Z", None),
        (
            ["Published 7 June 2023, 14:03", "Updated 8 June 2023, 07:30"],
            ZURICH,
            "2023-06-07T12:03:00Z",
            "2023-06-08T05:30:00Z",
        ),
        # lemonde
        (["Published on June 7, 2023 at 9:05 a.m."], PARIS, "2023-06-07T07:05:00Z", None),
        (["Published on June 7, 2023 at 12:05 a.m."], PARIS, "2023-06-06T22:05:00Z", None),
        (["Published on June 7, 2023 at 12:30 p.m."], PARIS, "2023-06-07T10:30:00Z", None),
        (
            ["Published on June 7, 2023 at 11:40 p.m., updated at 1:10 a.m."],
            PARIS,
            "2023-06-07T21:40:00Z",
            "2023-06-07T23:10:00Z",
        ),
        (
            ["Published on June 7, 2023 at 9:05 a.m., updated on June 9, 2023 at 4:15 p.m."],
            PARIS,
            "2023-06-07T07:05:00Z",
            "2023-06-09T14:15:00Z",
        ),
        # infobae
        (
            ["7 Jun 2023", "June 7, 2023 at 9:05 p.m. ART"],
            BUENOS_AIRES,
            "2023-06-08T00:05:00Z",
            None,
        ),
        (["June 7, 2023 at 9:05 a.m. ART"], BUENOS_AIRES, "2023-06-07T12:05:00Z", None),
        (["Sept. 7, 2023 at 9:05 a.m. ART"], BUENOS_AIRES, "2023-09-07T12:05:00Z", None),
        # ltn
        (["2023/06/07 14:03"], TAIPEI, "2023-06-07T06:03:00Z", None),
        # a date-only line alone: local midnight
        (["07/06/2023"], JERUSALEM, "2023-06-06T21:00:00Z", None),
        # other generic shapes
        (["Posted 7th June 2023 at 14:03"], ZURICH, "2023-06-07T12:03:00Z", None),
        (["2023-06-07 14:03:27"], ZURICH, "2023-06-07T12:03:27Z", None),
        (
            ["Updated: 07.06.23, 15:00", "Published: 07.06.23, 14:03"],
            JERUSALEM,
            "2023-06-07T11:03:00Z",
            "2023-06-07T12:00:00Z",
        ),
        ([], JERUSALEM, None, None),
        (["Comments"], JERUSALEM, None, None),
    ],
)
def test_formats(lines: list[str], tz: str, published: str | None, modified: str | None) -> None:
    assert iso(lines, tz) == (published, modified)


def test_month_first_numeric_dates() -> None:
    assert iso(["06/07/2023 14:03"], "America/New_York", dayfirst=False) == (
        "2023-06-07T18:03:00Z",
        None,
    )
    # A day over 12 can only be read one way.
    assert iso(["25/06/2023 14:03"], "America/New_York", dayfirst=False)[0] == (
        "2023-06-25T18:03:00Z"
    )


# --- daylight-saving transitions (2022) -----------------------------------------------------
# Israel: clocks forward Fri 25 March 02:00 -> 03:00, back Sun 30 October 02:00 -> 01:00.
# Central Europe: forward Sun 27 March 02:00 -> 03:00, back Sun 30 October 03:00 -> 02:00.


@pytest.mark.parametrize(
    ("lines", "tz", "published"),
    [
        (["24/03/2022 23:30"], JERUSALEM, "2022-03-24T21:30:00Z"),
        (["25/03/2022 01:59"], JERUSALEM, "2022-03-24T23:59:00Z"),
        (["25/03/2022 03:00"], JERUSALEM, "2022-03-25T00:00:00Z"),
        (["25/03/2022", "Friday, 25 March 2022, 09:15"], JERUSALEM, "2022-03-25T06:15:00Z"),
        (["Published: 29.10.22, 12:00"], JERUSALEM, "2022-10-29T09:00:00Z"),
        (["Published: 30.10.22, 12:00"], JERUSALEM, "2022-10-30T10:00:00Z"),
        (["Published 26 March 2022, 12:00"], ZURICH, "2022-03-26T11:00:00Z"),
        (["Published 27 March 2022, 01:30"], ZURICH, "2022-03-27T00:30:00Z"),
        (["Published 27 March 2022, 03:30"], ZURICH, "2022-03-27T01:30:00Z"),
        (["Published 29 October 2022, 12:00"], ZURICH, "2022-10-29T10:00:00Z"),
        (["Published 30 October 2022, 12:00"], ZURICH, "2022-10-30T11:00:00Z"),
        (["Published on March 26, 2022 at 11:00 p.m."], PARIS, "2022-03-26T22:00:00Z"),
        (["Published on March 27, 2022 at 4:00 a.m."], PARIS, "2022-03-27T02:00:00Z"),
        (["Published on October 30, 2022 at 1:00 a.m."], PARIS, "2022-10-29T23:00:00Z"),
        (["Published on October 30, 2022 at 4:00 p.m."], PARIS, "2022-10-30T15:00:00Z"),
        # A wall time in the skipped hour is read with the winter offset.
        (["Published on March 27, 2022 at 2:30 a.m."], PARIS, "2022-03-27T01:30:00Z"),
        # A wall time in the repeated hour is its first (summer time) occurrence.
        (["Published on October 30, 2022 at 2:30 a.m."], PARIS, "2022-10-30T00:30:00Z"),
        (["2022/10/30 12:00"], TAIPEI, "2022-10-30T04:00:00Z"),
        (["October 30, 2022 at 12:00 p.m. ART"], BUENOS_AIRES, "2022-10-30T15:00:00Z"),
    ],
)
def test_daylight_saving(lines: list[str], tz: str, published: str) -> None:
    assert iso(lines, tz)[0] == published


def test_update_across_the_change_to_winter_time() -> None:
    lines = ["Published on October 29, 2022 at 11:00 p.m., updated at 4:00 a.m."]
    assert iso(lines, PARIS) == ("2022-10-29T21:00:00Z", "2022-10-30T03:00:00Z")


def test_update_in_the_repeated_hour_is_not_before_publication() -> None:
    # Published at 2:40 summer time; updated at 2:10 after the clocks went back at 3:00.
    lines = ["Published 30 October 2022, 02:40", "Updated 30 October 2022, 02:10"]
    assert iso(lines, ZURICH) == ("2022-10-30T00:40:00Z", "2022-10-30T01:10:00Z")


@pytest.mark.parametrize(
    ("line", "published"),
    [
        # The hours of an offset are no clock, after a clock written with a dot too
        # (bench/undeclared.py: the line was read as 03:00 or not at all).
        ("Posted on 2022/04/02 at 00.12 Uhr (UTC+03:00)", "2022-04-01T21:12:00Z"),
        ("Published Wednesday, 23 Mar 2022 | 05.10 Uhr GMT+04:30", "2022-03-23T00:40:00Z"),
        ("23 Mar 2022 | 05.10 UTC-05:00", "2022-03-23T10:10:00Z"),
        ("23.03.2022 05.10 -05:00", "2022-03-23T10:10:00Z"),
        # A clock after a dash is still a clock.
        ("10.01.2022 - 13:45", "2022-01-10T12:45:00Z"),
    ],
)
def test_the_hours_of_an_offset_are_no_clock(line: str, published: str) -> None:
    assert iso([line], ZURICH)[0] == published


@pytest.mark.parametrize(
    ("lines", "tz", "published", "modified"),
    [
        # the clock before the date, the zone after the date: the printed zone, not the host's
        (
            ["Published: 3:34pm, 10 Jan, 2022 HKT", "Updated: 9:05pm, 10 Jan, 2022 HKT"],
            None,
            "2022-01-10T07:34:00Z",
            "2022-01-10T13:05:00Z",
        ),
        (["Published: 3:34pm, 10 Jan, 2022 ET"], "Europe/London", "2022-01-10T20:34:00Z", None),
        (["Published: 3:34pm, 10 Jan, 2022"], "Europe/London", "2022-01-10T15:34:00Z", None),
        # day, a month's name and year joined by dots ("10.jan.2022 às 15h34")
        (
            ["10.jan.2022 at 15h34", "Updated: 10.jan.2022 at 17h02"],
            "America/Sao_Paulo",
            "2022-01-10T18:34:00Z",
            "2022-01-10T20:02:00Z",
        ),
        (["3.März.2022 15:34"], "Europe/Berlin", "2022-03-03T14:34:00Z", None),
        # publication and update labels an untranslated copy keeps (Hebrew, Arabic)
        (
            ["פורסם: 10.01.22, 15:34 | עודכן: 10.01.22, 18:20"],
            "Asia/Jerusalem",
            "2022-01-10T13:34:00Z",
            "2022-01-10T16:20:00Z",
        ),
        (
            ["10 يناير 2022 15:34", "آخر تحديث: 10 يناير 2022 21:05"],
            "Asia/Dubai",
            "2022-01-10T11:34:00Z",
            "2022-01-10T17:05:00Z",
        ),
    ],
)
def test_zone_after_the_date_and_dotted_month_names(
    lines: list[str], tz: str | None, published: str, modified: str | None
) -> None:
    result = parse_date_lines(lines, tz)
    assert (to_iso_z(result.published), to_iso_z(result.modified)) == (published, modified)


def test_returns_aware_utc() -> None:
    result = parse_date_lines(["2023/06/07 14:03"], TAIPEI)
    assert isinstance(result, DateLine)
    assert result.published == datetime(2023, 6, 7, 6, 3, tzinfo=UTC)
    assert result.published is not None and result.published.utcoffset() == timedelta(0)


@pytest.mark.parametrize(
    "text",
    [
        "05/02/2023",
        "Sunday, 05 February 2023, 08:05 Updated: 09:40",
        "Published: 07.06.23, 14:03 | Updated: 08.06.23, 09:00",
        "Dana Halevi | Published: 07.06.23, 14:03",
        "07/06/2023 14:03",
        "Published 7 June 2023, 14:03",
        "Updated 8 June 2023, 07:30",
        "Published on June 7, 2023 at 9:05 a.m., updated at 1:10 p.m.",
        "7 Jun 2023",
        "June 7, 2023 at 9:05 p.m. ART",
        "2023/06/07 14:03",
    ],
)
def test_is_date_line_true(text: str) -> None:
    assert is_date_line(text)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "Dana Halevi",
        "Share on Facebook",
        "Fans in Rosario, March 3, 2023 (EFE/Juan Perez)",
        "The vote is expected on 7 June 2023, the coalition said on Monday in Jerusalem.",
        "The meeting started at 10:30 and ended well after midnight, officials said today.",
        "[Central News Agency] The storm intensified today (Monday).",
    ],
)
def test_is_date_line_false(text: str) -> None:
    assert not is_date_line(text)


def test_to_iso_z() -> None:
    assert to_iso_z(None) is None
    assert to_iso_z(datetime(2022, 1, 10, 15, 46, 23)) == "2022-01-10T15:46:23Z"
    plus_two = timezone(timedelta(hours=2))
    assert to_iso_z(datetime(2022, 1, 10, 17, 46, 23, tzinfo=plus_two)) == "2022-01-10T15:46:23Z"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2022-01-10T15:46:23.398Z", "2022-01-10T15:46:23Z"),
        ("2022-01-10T15:46:23Z", "2022-01-10T15:46:23Z"),
        ("2022-01-10T17:46:23+02:00", "2022-01-10T15:46:23Z"),
        ("2022-01-10T15:46:23", "2022-01-10T15:46:23Z"),
        (" 2022-01-10T15:46:23.398z ", "2022-01-10T15:46:23Z"),
    ],
)
def test_parse_iso_instant(text: str, expected: str) -> None:
    assert to_iso_z(parse_iso_instant(text)) == expected


@pytest.mark.parametrize("text", ["", "2022-13-10T00:00:00Z", "January 10"])
def test_parse_iso_instant_invalid(text: str) -> None:
    assert parse_iso_instant(text) is None


def test_parse_iso_instant_keeps_milliseconds() -> None:
    parsed = parse_iso_instant("2022-01-10T15:46:23.398Z")
    assert parsed == datetime(2022, 1, 10, 15, 46, 23, 398000, tzinfo=UTC)


# --- the sample's date lines ----------------------------------------------------------------

# The zone of a block follows from its date format (pages without a source link included).
_ZONE_BY_FORMAT = [
    (re.compile(r"\bART\b"), BUENOS_AIRES),
    (re.compile(r"Published on "), PARIS),
    (re.compile(r"Published \d"), ZURICH),
    (re.compile(r"^\d{4}/\d{2}/\d{2} "), TAIPEI),
]


def _zone(lines: list[str]) -> str:
    for pattern, zone in _ZONE_BY_FORMAT:
        if any(pattern.search(line) for line in lines):
            return zone
    return JERUSALEM


def _fixture_cases() -> list[tuple[str, list[str], dict[str, str | None]]]:
    cases = []
    for page, record in unique_pages():
        texts = [clean_text(element.text_content()) for element in source_block(page)]
        lines = [text for text in texts if is_date_line(text)]
        cases.append((page["truth_id"], lines, record))
    return cases


@pytest.mark.parametrize(("truth_id", "lines", "record"), _fixture_cases())
def test_fixture_dates(truth_id: str, lines: list[str], record: dict[str, str | None]) -> None:
    assert lines, truth_id
    assert iso(lines, _zone(lines)) == (record["published_at"], record["modified_at"])


@pytest.mark.parametrize(
    "line",
    ["10 January 2565, 15:34", "10/01/2565 15:34", "2565-01-10 15:34", "January 10, 2565 3:34 PM"],
)
def test_buddhist_era_years_are_the_common_era(line: str) -> None:
    """Thai pages print the Buddhist era's year (2565 = 2022), kept in a translated copy."""
    result = parse_date_lines([line], "Asia/Bangkok")
    assert to_iso_z(result.published) == "2022-01-10T08:34:00Z"


# --- undeclared publishers' date lines (independent testers, session 14) -----------------


def _read(lines: list[str], tz: str | None, country: str | None) -> tuple[str | None, ...]:
    result = parse_date_lines(lines, tz, dayfirst=None, country=country)
    return to_iso_z(result.published), to_iso_z(result.modified)


@pytest.mark.parametrize(
    ("line", "tz", "country", "published"),
    [
        # "CST" is -6 from Canada to Costa Rica, +8 in China, -5 in Cuba (tzdata): it tells no
        # country's order, the host's does (a .com host's: none, so day first).
        ("10/01/2022 10:35 a.m. CST", None, None, "2022-01-10T16:35:00Z"),
        ("10/01/2022 10:35 a.m. CST", "America/Costa_Rica", "CR", "2022-01-10T16:35:00Z"),
        ("01/10/2022 10:35 a.m. CST", "America/New_York", "US", "2022-01-10T16:35:00Z"),
        # "EST" names one clock, the US's in CLDR's English: month first at a .com host, day
        # first where the host's country uses it too (Canada).
        ("01/10/2022 10:35 a.m. EST", None, None, "2022-01-10T15:35:00Z"),
        ("10/01/2022 10:35 a.m. EST", "America/Toronto", "CA", "2022-01-10T15:35:00Z"),
        ("10/01/2022 10:35 a.m. ET", "America/Toronto", "CA", "2022-01-10T15:35:00Z"),
        ("01/10/2022 10:35 a.m. ET", None, None, "2022-01-10T15:35:00Z"),
        # An offset names no country: the host's order.
        ("01/10/2022 10:35 (GMT-5)", "America/New_York", "US", "2022-01-10T15:35:00Z"),
        # Dots are day first everywhere, the US's pages included (they write slashes).
        ("Mexico City / 10.01.2022 19:29:00 (CST)", None, None, "2022-01-11T01:29:00Z"),
        ("10.01.2022 10:35 a.m. ET", None, None, "2022-01-10T15:35:00Z"),
        ("10.01.2022 10:35", "America/New_York", "US", "2022-01-10T15:35:00Z"),
    ],
)
def test_numeric_order_of_shared_zone_names_and_dots(
    line: str, tz: str | None, country: str | None, published: str
) -> None:
    assert _read([line], tz, country)[0] == published


@pytest.mark.parametrize(
    ("lines", "tz", "published", "modified"),
    [
        # The update first, then the publication, on one line.
        (
            ["Updated: 11.01.2022, 08:10 | Published: 10.01.2022, 14:20"],
            "Europe/Berlin",
            "2022-01-10T13:20:00Z",
            "2022-01-11T07:10:00Z",
        ),
        (
            ["Updated 11.01.2022, 08:10, published 10.01.2022, 14:20"],
            "Europe/Berlin",
            "2022-01-10T13:20:00Z",
            "2022-01-11T07:10:00Z",
        ),
        # A publication's clock without a date: the update's day (Fairfax's papers) ...
        (
            ["Updated January 10, 2022 — 8.31am, first published at 6.26am"],
            "Australia/Sydney",
            "2022-01-09T19:26:00Z",
            "2022-01-09T21:31:00Z",
        ),
        # ... the day before when it is later than the update's clock ...
        (
            ["Updated January 10, 2022 — 1.31am, first published at 11.26pm"],
            "Australia/Sydney",
            "2022-01-09T12:26:00Z",
            "2022-01-09T14:31:00Z",
        ),
        # ... or the date a later line prints.
        (["14:20", "10.01.2022"], "Europe/Berlin", "2022-01-10T13:20:00Z", None),
    ],
)
def test_publication_after_the_update_and_clocks_before_the_date(
    lines: list[str], tz: str, published: str, modified: str | None
) -> None:
    assert iso(lines, tz) == (published, modified)


@pytest.mark.parametrize(
    ("line", "tz", "published"),
    [
        ("Jan - 10 - 2022 , 01:23", "Africa/Accra", "2022-01-10T01:23:00Z"),
        ("Jan-10-2022 01:23", "Africa/Accra", "2022-01-10T01:23:00Z"),
        # A literal translation of "11 de enero de 2022".
        ("11 of January of 2022 06:36 (GMT-5)", None, "2022-01-11T11:36:00Z"),
        # A zone in lower case where it ends the line.
        ("Jan. 10, 2022 at 10:20 a.m. et", None, "2022-01-10T15:20:00Z"),
    ],
)
def test_more_date_shapes(line: str, tz: str | None, published: str) -> None:
    assert _read([line], tz, None)[0] == published


def test_a_lower_case_word_inside_a_line_is_no_zone() -> None:
    # Only a lower-case name that ends the line is read as a zone (French "et" is "and").
    line = "Publié le 10 janvier 2022 à 10h20 et mis à jour à 11h05"
    assert _read([line], "Europe/Paris", "FR") == ("2022-01-10T09:20:00Z", "2022-01-10T10:05:00Z")
