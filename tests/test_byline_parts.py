"""Property tests: bylines and date lines built from each source's documented parts (persons
from several name pools, places, roles singular and plural, 1-4 persons, agencies) come out
as the persons and credits they were built from, also inside a whole source block."""

from __future__ import annotations

import os
import random
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import lxml.html
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from devtools import bylinegen
from devtools.truth import norm_name
from newscrawl.extract.block import parse_block
from newscrawl.normalize.bylines import parse_byline
from newscrawl.normalize.dates import parse_date_lines
from newscrawl.sources import source_by_key

PROPERTY = settings(
    max_examples=150,
    # CI draws the same examples on every run (a red gate must be reproducible); a local run
    # explores new ones each time.
    derandomize=os.environ.get("CI") == "true",
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
SOURCES = sorted(bylinegen.SOURCES)
rngs = st.randoms(use_true_random=False)


def _wall(moment: datetime, zone: ZoneInfo) -> datetime:
    return moment.astimezone(zone).replace(tzinfo=None)


def _repeated_hour(moment: datetime, zone: ZoneInfo) -> bool:
    wall = _wall(moment, zone)
    return (
        wall.replace(tzinfo=zone, fold=0).utcoffset()
        != wall.replace(tzinfo=zone, fold=1).utcoffset()
    )


def _names(values: list[str]) -> list[str]:
    return [norm_name(v) for v in values]


@PROPERTY
@pytest.mark.parametrize("source", SOURCES)
@given(rng=rngs)
def test_generated_byline_splits_into_its_persons_and_credits(
    source: str, rng: random.Random
) -> None:
    made = bylinegen.byline(rng, source)
    style = source_by_key(source)
    assert style is not None
    got = parse_byline(made.text, style.publishers, declared=True)
    assert _names(got.authors) == _names(made.authors), made.text
    assert set(_names(got.agencies)) == set(_names(made.agencies)), made.text


@PROPERTY
@pytest.mark.parametrize("source", SOURCES)
@given(rng=rngs)
def test_byline_from_every_sources_parts_splits_into_its_persons_and_credits(
    source: str, rng: random.Random
) -> None:
    """Parts documented for any source, combined at this one (comma-only lists, a role
    before the names, "&"/"with", places after some names, agencies after a slash, names
    of one token, with particles, starting like an article), come out as they were built."""
    made = bylinegen.combined_byline(rng, source)
    style = source_by_key(source)
    assert style is not None
    got = parse_byline(made.text, style.publishers, declared=True)
    assert _names(got.authors) == _names(made.authors), made.text
    assert set(_names(got.agencies)) == set(_names(made.agencies)), made.text


def _block(rng: random.Random, source: str) -> tuple[str, bylinegen.GeneratedByline, tuple]:
    made = bylinegen.byline(rng, source, combined=0.5)
    start = datetime(2022, rng.choice((3, 10)), 20, tzinfo=UTC)  # around the DST changes
    published, modified, aggregated = bylinegen.instants(rng, source, start, 14)
    dates = bylinegen.date_lines(rng, source, published, modified)
    pieces = bylinegen.block_pieces(rng, made, dates)
    first = (pieces.prefix or "") + "The council met on Tuesday and voted."
    html = (
        f"<div class='post-content'><h1>Headline</h1>{pieces.head}"
        "<figure><img src='a.jpg'><figcaption>Voters (Photo: Reuters)</figcaption></figure>"
        f"{pieces.lead_paragraph or ''}<p>{first}</p><p>It adjourned at noon.</p></div>"
    )
    return html, made, (published, modified, aggregated)


@PROPERTY
@pytest.mark.parametrize("source", SOURCES)
@pytest.mark.parametrize("linked", [True, False], ids=["linked", "unlinked"])
@given(rng=rngs)
def test_generated_block_gives_byline_and_dates(
    source: str, linked: bool, rng: random.Random
) -> None:
    html, made, (published, modified, aggregated) = _block(rng, source)
    style = source_by_key(source)
    parts = parse_block(lxml.html.fromstring(html), style if linked else None)
    found = parts.detected_style
    assert found is not None and found.timezone == bylinegen.SOURCES[source].timezone, html
    got = parse_byline(parts.byline or "", found.publishers, declared=True)
    assert _names(got.authors) == _names(made.authors), html
    assert set(_names(got.agencies)) == set(_names(made.agencies)), html
    dates = parse_date_lines(
        parts.date_lines, found.timezone, dayfirst=found.dayfirst, not_after=aggregated
    )
    zone = ZoneInfo(found.timezone)
    for got, want in ((dates.published, published), (dates.modified, modified)):
        if want is None or not _repeated_hour(want, zone):
            assert got == want, html
        else:  # two instants print the same: any reading before the copy was made
            assert got is not None and got <= aggregated, html
            assert got.astimezone(zone).replace(tzinfo=None) == _wall(want, zone), html
    assert [p.text for p in parts.paragraphs][-2:] == [
        "The council met on Tuesday and voted.",
        "It adjourned at noon.",
    ]


@pytest.mark.parametrize(
    ("byline", "authors"),
    [
        # a name may end with an initial or an abbreviation: the line is still a byline
        ("Noa Cohen and Yossi L.", ["Noa Cohen", "Yossi L."]),
        ("Sean Kelly Jr., Walla! news", ["Sean Kelly Jr."]),
        ("BY NOA AND SEAN KELLY JR.", ["Noa", "Sean Kelly Jr."]),
        # four long names with places, a role and an agency: more than 40 words
        (
            "Mohammed bin Rashid Al Maktoum in Rio de Janeiro, Abdel Rahman bin Salman in"
            " Buenos Aires, María José Ortega y Gasset in New Taipei and José María García"
            " Márquez in Be'er Sheva, Arab affairs correspondents, Reuters",
            [
                "Mohammed bin Rashid Al Maktoum",
                "Abdel Rahman bin Salman",
                "María José Ortega y Gasset",
                "José María García Márquez",
            ],
        ),
    ],
)
def test_byline_line_before_the_date_line(byline: str, authors: list[str]) -> None:
    html = (
        f"<div><h1>Headline</h1><div><span>{byline}</span></div><div>10/01/2022</div>"
        "<div>Monday, 10 January 2022, 15:34</div><p>The council met on Tuesday.</p></div>"
    )
    style = source_by_key("walla")
    parts = parse_block(lxml.html.fromstring(html), style)
    assert parts.byline == byline
    assert style is not None
    got = parse_byline(parts.byline or "", style.publishers, declared=True)
    assert _names(got.authors) == _names(authors)


def test_a_sentence_before_the_date_line_is_no_byline() -> None:
    html = (
        "<div><h1>Headline</h1><div><span>The talks went on.</span></div><div>10/01/2022</div>"
        "<div>Monday, 10 January 2022, 15:34</div><p>The council met on Tuesday.</p></div>"
    )
    assert parse_block(lxml.html.fromstring(html), source_by_key("walla")).byline is None


def _changes(zone: ZoneInfo, year: int) -> list[datetime]:
    """The UTC instants of ``year`` at which ``zone`` changes its offset (to the minute)."""
    out, moment = [], datetime(year, 1, 1, tzinfo=UTC)
    before = moment.astimezone(zone).utcoffset()
    while moment.year == year:
        moment += timedelta(minutes=30)
        offset = moment.astimezone(zone).utcoffset()
        if offset != before:
            out.append(moment)
            before = offset
    return out


def _readings(wall: datetime, zone: ZoneInfo) -> list[datetime]:
    found = {wall.replace(tzinfo=zone, fold=fold).astimezone(UTC) for fold in (0, 1)}
    return [r for r in found if _wall(r, zone) == wall]


@pytest.mark.parametrize("source", ["walla", "ynet", "20min", "lemonde"])
def test_dates_around_every_clock_change_are_exact_unless_two_instants_fit(source: str) -> None:
    """Publication and update printed in each README format, every 13 minutes from 30 hours
    before to 30 hours after both changes of the source's zone, with updates 5 minutes to
    22 hours later and copies 16 minutes or 10 hours after: every date reads exactly,
    except where two pairs of instants fit the printed walls (the repeated hour) and the copy
    time does not tell them apart."""
    fmt = bylinegen.SOURCES[source]
    zone, style = ZoneInfo(fmt.timezone), source_by_key(source)
    assert style is not None
    rng = random.Random(0)
    checked = 0
    for change in _changes(zone, 2022):
        for step in range(-30 * 60 // 13, 30 * 60 // 13):
            published = change + timedelta(minutes=13 * step)
            for delta in (None, 5, 50, 700, 1300):
                modified = published + timedelta(minutes=delta) if delta else None
                for lag in (16, 600):
                    copied = (modified or published) + timedelta(minutes=lag)
                    made = bylinegen.date_lines(rng, source, published, modified)
                    got = parse_date_lines(
                        [text for _, text in made.lines],
                        fmt.timezone,
                        dayfirst=style.dayfirst,
                        not_after=copied,
                    )
                    mods = _readings(_wall(modified, zone), zone) if modified else [None]
                    fitting = [
                        (p, m)
                        for p in _readings(_wall(published, zone), zone)
                        for m in mods
                        if p <= copied and (m is None or p <= m <= copied)
                    ]
                    if len(fitting) == 1:
                        assert (got.published, got.modified) == (published, modified), made
                        checked += 1
    assert checked > 4_000
