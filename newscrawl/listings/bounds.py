"""Date bounds a crawl applies to listed entries: days in a site's time zone, the news window.

What a listing's dates can decide: a stated publication time (``Entry.published``) decides
exactly; ``lastmod`` alone is only an upper bound on publication (a post is edited after it is
published), so it can rule an entry out only when it is before the window. The same holds for
a sitemap index's child sitemaps: a child last changed before the window lists no post in it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import NamedTuple

from newscrawl.listings.entry import Entry

__all__ = ["Window", "day_window", "may_fall_within", "news_window", "within"]

#: How far back a Google News sitemap reaches (Google: "articles published in the last two days").
NEWS_SITEMAP_HOURS = 48


class Window(NamedTuple):
    """Instants ``start <= t < end`` (aware); ``end`` None means no upper bound."""

    start: datetime
    end: datetime | None = None

    def __contains__(self, instant: object) -> bool:
        if not isinstance(instant, datetime):
            return False
        return self.start <= instant and (self.end is None or instant < self.end)


def day_window(start: date, end: date | None, zone: tzinfo) -> Window:
    """The instants of the days ``start`` .. ``end`` (inclusive) in ``zone``, in UTC.

    >>> from zoneinfo import ZoneInfo
    >>> window = day_window(date(2022, 1, 10), date(2022, 1, 11), ZoneInfo("America/New_York"))
    >>> [t.isoformat() for t in window]
    ['2022-01-10T05:00:00+00:00', '2022-01-12T05:00:00+00:00']
    >>> late = datetime(2022, 1, 12, 4, 59, tzinfo=UTC)
    >>> late in window, late + timedelta(minutes=1) in window
    (True, False)

    Across a daylight-saving change the day is 23 or 25 hours long:

    >>> spring = day_window(date(2022, 3, 13), date(2022, 3, 13), ZoneInfo("America/New_York"))
    >>> spring.end - spring.start
    datetime.timedelta(seconds=82800)
    >>> day_window(date(2022, 1, 10), None, UTC).end is None
    True
    """
    first = datetime.combine(start, time(0), tzinfo=zone).astimezone(UTC)
    if end is None:
        return Window(first)
    after = datetime.combine(end + timedelta(days=1), time(0), tzinfo=zone).astimezone(UTC)
    return Window(first, after)


def may_fall_within(entry: Entry, window: Window) -> bool:
    """Whether ``entry`` may be a post published in ``window``, from what the listing says.

    >>> window = Window(datetime(2022, 1, 10, 5, tzinfo=UTC), datetime(2022, 1, 11, 5, tzinfo=UTC))
    >>> at = lambda hour: datetime(2022, 1, 10, hour, tzinfo=UTC)
    >>> may_fall_within(Entry("u", published=at(6)), window)
    True
    >>> may_fall_within(Entry("u", published=at(4), lastmod=at(6)), window)
    False
    >>> may_fall_within(Entry("u", lastmod=at(4)), window)  # last edited before the window
    False
    >>> may_fall_within(Entry("u", lastmod=at(4) + timedelta(days=30)), window)  # edited later
    True
    >>> may_fall_within(Entry("u"), window)
    True
    """
    if entry.published is not None:
        return entry.published in window
    if entry.lastmod is not None:
        return entry.lastmod >= window.start
    return True


def within(entries: Iterable[Entry], window: Window) -> Iterator[Entry]:
    """The entries that :func:`may_fall_within` ``window``, in their order."""
    return (entry for entry in entries if may_fall_within(entry, window))


def news_window(entries: Iterable[Entry], hours: int = NEWS_SITEMAP_HOURS) -> Window | None:
    """The ``hours`` before the newest stated publication time, up to and including it
    (a Google News sitemap's reach), or None when no entry states one.

    >>> newest = datetime(2022, 1, 13, 17, 11, 59, tzinfo=UTC)
    >>> window = news_window([Entry("a", published=newest), Entry("b"),
    ...                       Entry("c", published=newest - timedelta(hours=30))])
    >>> window.start.isoformat(), newest in window, window.start - timedelta(seconds=1) in window
    ('2022-01-11T17:11:59+00:00', True, False)
    >>> news_window([Entry("a")]) is None
    True
    """
    stated = [entry.published for entry in entries if entry.published is not None]
    if not stated:
        return None
    newest = max(stated)
    return Window(newest - timedelta(hours=hours), newest + timedelta.resolution)
