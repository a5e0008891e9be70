"""Spider arguments as a typed model: the strings from ``-a`` or Scrapyd are validated once.

A bad value raises :class:`BadArgument` with one line naming the argument and what is
accepted; ``scrapy crawl`` prints that line and exits non-zero before anything is crawled.
"""

from __future__ import annotations

import ipaddress
import re
import socket
from collections.abc import Collection
from datetime import UTC, date, datetime, timedelta
from typing import Any, Literal
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, ValidationError, field_validator, model_validator

_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")
_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
#: The longest spider argument value accepted.
MAX_ARGUMENT_CHARS = 2048
#: Cloud instance metadata services: a crawl (from a Scrapyd job, say) must never fetch them.
METADATA_HOSTS = frozenset(
    {"metadata", "metadata.google.internal", "metadata.goog", "instance-data", "metadata.azure.com"}
)
METADATA_ADDRESSES = frozenset(
    ipaddress.ip_address(a) for a in ("169.254.169.254", "fd00:ec2::254", "100.100.100.200")
)


#: The most days one run walks (``days``, or ``start`` to ``end``): about ten years, so that a
#: mistyped year (``start=0202-01-09``) is refused rather than walked for hours.
MAX_DAYS = 3660


class BadArgument(ValueError):
    """A spider argument is invalid; the message is one line for the user."""


_ACCEPTED = {
    "base_url": "an http(s) URL such as https://newsrnd.com",
    "start": "a date YYYY-MM-DD, not after today",
    "end": "a date YYYY-MM-DD, not before start nor after today",
    "days": f"a whole number of days from 1 to {MAX_DAYS}",
    "categories": "a comma-separated list of category slugs (a-z, 0-9, -) or 'all'",
    "since": "a date YYYY-MM-DD",
    "max_pages": "a whole number from 1 to 100000",
    "fresh": "true or false",
    "render": "auto, never or always",
    "via": "one of archive, categories, feeds, sitemap, newest (a listing source of the site)",
}
#: The listing sources a run can walk (``via``), in the words of the arguments.
VIA = ("archive", "categories", "feeds", "sitemap", "newest")
Via = Literal["archive", "categories", "feeds", "sitemap", "newest"]
#: Which other arguments each ``via`` accepts (None: the argument is not allowed with it).
_VIA_TAKES = {
    "archive": {"start", "end", "days"},
    "categories": {"categories", "since"},
    "feeds": {"categories", "since"},
    "sitemap": {"start", "end", "days"},
    "newest": set(),
}


class CrawlArgs(BaseModel):
    """What a crawl of an aggregator walks, and its bounds."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    base_url: str
    start: date | None = None
    end: date | None = None
    days: int | None = None
    categories: tuple[str, ...] = ()
    since: date | None = None
    max_pages: int = 1000
    fresh: bool = False
    render: Literal["auto", "never", "always"] = "auto"
    via: Via | None = None

    @field_validator("base_url")
    @classmethod
    def _http_url(cls, value: str) -> str:
        parts = urlsplit(value.strip())
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError("not an http(s) URL")
        if "@" in parts.netloc:
            raise ValueError("user info (name@) is not allowed")
        if parts.query or parts.fragment:
            raise ValueError("no query or fragment allowed")
        parts.port  # noqa: B018 - raises ValueError on a port that is not a number below 65536
        if refused := refused_host(parts.hostname):
            raise ValueError(f"{parts.hostname} is {refused}, never crawled")
        return value.strip().rstrip("/")

    @field_validator("start", "end", "since", mode="before")
    @classmethod
    def _iso_date(cls, value: object) -> object:
        if isinstance(value, str) and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
            raise ValueError("not YYYY-MM-DD")
        return value

    @field_validator("days", "max_pages", mode="before")
    @classmethod
    def _whole(cls, value: object) -> object:
        if isinstance(value, str) and not re.fullmatch(r"[+-]?\d+", value.strip()):
            raise ValueError("not a whole number")  # "-1" is one, out of range below
        return value

    @field_validator("days")
    @classmethod
    def _days_range(cls, value: int | None) -> int | None:
        if value is not None and not 1 <= value <= MAX_DAYS:
            raise ValueError("out of range")
        return value

    @field_validator("max_pages")
    @classmethod
    def _pages_range(cls, value: int) -> int:
        if not 1 <= value <= 100_000:
            raise ValueError("out of range")
        return value

    @field_validator("categories", mode="before")
    @classmethod
    def _slugs(cls, value: object) -> object:
        if isinstance(value, str):
            value = [v.strip() for v in value.split(",") if v.strip()]
            if not value:  # "-a categories=" would otherwise silently mean "no categories"
                raise ValueError("no category given")
        if isinstance(value, list | tuple):
            for slug in value:
                if slug != "all" and not _SLUG.match(str(slug)):
                    raise ValueError(f"bad slug {slug!r}")
            return tuple(value)
        return value

    @field_validator("fresh", mode="before")
    @classmethod
    def _bool(cls, value: object) -> object:
        if isinstance(value, str):
            low = value.strip().lower()
            if low in _TRUE:
                return True
            if low in _FALSE:
                return False
            raise ValueError("not a boolean")
        return value

    @model_validator(mode="after")
    def _consistent(self) -> CrawlArgs:
        if self.days is not None and (self.start or self.end):
            raise ValueError("days: give either days or start/end, not both")
        if self.end and not self.start:
            raise ValueError("end: end needs start")
        if self.start and self.end and self.end < self.start:
            raise ValueError("end: end is before start")
        if self.start and (span := _span(self.start, self.end)) > MAX_DAYS:
            raise ValueError(f"start: {span} days from start to end, more than {MAX_DAYS}")
        if self.since and not self.categories and self.via not in ("categories", "feeds"):
            raise ValueError(
                "since: since bounds category listings and feeds; "
                "give categories, via=categories or via=feeds too"
            )
        if self.via is not None:
            given = {
                name
                for name in ("start", "end", "days", "categories", "since")
                if getattr(self, name) not in (None, ())
            }
            if extra := sorted(given - _VIA_TAKES[self.via]):
                raise ValueError(f"{extra[0]}: not used with via={self.via}")
            if self.via == "archive" and not (self.start or self.days):
                raise ValueError("via: via=archive needs start (and end) or days")
        return self

    @property
    def archive_days(self) -> list[date]:
        """Days whose archive is walked, oldest first (the earliest copy wins dedup)."""
        return self.archive_days_until(datetime.now(UTC).date())

    def archive_days_until(self, today: date) -> list[date]:
        """The days of ``start``/``end`` or ``days``, ``today`` being the site's today.

        >>> parse_args({"days": "2"}, "https://x.org").archive_days_until(date(2022, 3, 1))
        [datetime.date(2022, 2, 28), datetime.date(2022, 3, 1)]
        """
        if self.days is not None:
            first, last = today - timedelta(days=self.days - 1), today
        elif self.start is not None:
            first, last = self.start, self.end or today
        else:
            return []
        return [first + timedelta(days=n) for n in range((last - first).days + 1)]

    @property
    def newest_only(self) -> bool:
        """Neither dates nor categories: the newest pages, for frequent scheduled runs."""
        return self.walks == {"newest"}

    @property
    def walks(self) -> set[str]:
        """The listing sources this run walks (see :data:`VIA`).

        >>> sorted(parse_args({"start": "2022-01-10", "categories": "news"}, "https://x").walks)
        ['archive', 'categories']
        >>> parse_args({}, "https://x").walks, parse_args({"via": "sitemap"}, "https://x").walks
        ({'newest'}, {'sitemap'})
        """
        if self.via is not None:
            return {self.via}
        walks = set()
        if self.start or self.days:
            walks.add("archive")
        if self.categories:
            walks.add("categories")
        return walks or {"newest"}

    @property
    def sitemap_days(self) -> tuple[date, date] | None:
        """The first and last day a sitemap walk is bounded to, when ``start`` or ``days`` say."""
        days = self.archive_days
        return (days[0], days[-1]) if days else None


def _span(start: date, end: date | None) -> int:
    """Days from ``start`` to ``end`` (today in UTC when None), both included.

    >>> _span(date(2022, 1, 9), date(2022, 1, 14)), _span(date(1, 1, 1), date(2022, 1, 1))
    (6, 738156)
    """
    return ((end or datetime.now(UTC).date()) - start).days + 1


def refused_host(host: str) -> str | None:
    """Why a crawl may not fetch ``host`` (a link-local or metadata address), else None.

    IPv4 is read the way the resolver reads it, so ``2852039166`` and ``0xa9.254.169.254`` are
    169.254.169.254 too. A name that resolves to such an address is not caught here.

    >>> refused_host("169.254.169.254"), refused_host("2852039166"), refused_host("169.254.0.1")
    ('a cloud metadata service', 'a cloud metadata service', 'a link-local address')
    >>> refused_host("fe80::1%eth0"), refused_host("::ffff:169.254.1.1")
    ('a link-local address', 'a link-local address')
    >>> refused_host("metadata.google.internal."), refused_host("fd00:ec2::254")
    ('a cloud metadata service', 'a cloud metadata service')
    >>> refused_host("127.0.0.1"), refused_host("newsrnd.com"), refused_host("::1")
    (None, None, None)
    """
    name = host.strip("[]").rstrip(".").lower()
    if name in METADATA_HOSTS:
        return "a cloud metadata service"
    address: ipaddress.IPv4Address | ipaddress.IPv6Address
    try:
        address = ipaddress.ip_address(name.split("%", 1)[0])
    except ValueError:
        try:
            address = ipaddress.IPv4Address(socket.inet_aton(name))
        except OSError:
            return None  # a host name
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    if address in METADATA_ADDRESSES:
        return "a cloud metadata service"
    if address.is_link_local:
        return "a link-local address"
    if address.is_unspecified or address.is_multicast:
        return "not a host address"
    return None


def _not_after_today(args: CrawlArgs, data: dict[str, Any], today: date, zone: str) -> None:
    """Refuse a ``start`` or ``end`` after ``today`` (the site's date, in ``zone``)."""
    for name in ("start", "end"):
        day = getattr(args, name)
        if day is not None and day > today:
            raise BadArgument(
                f"invalid spider argument {name}={data.get(name, '')!r}: after today "
                f"({today.isoformat()} in {zone}); expected {_ACCEPTED[name]}"
            )


def parse_args(
    raw: dict[str, Any],
    default_base_url: str,
    site_listings: Collection[str] | None = None,
    *,
    today: tuple[date, str] | None = None,
) -> CrawlArgs:
    """Validate spider arguments; keys starting with "_" (Scrapyd's ``_job``) are ignored.

    ``today`` is the site's date and the name of its time zone: a ``start`` or ``end`` after it
    is refused (no archive has those days yet).

    >>> parse_args({"start": "2022-01-10", "end": "2022-01-11"}, "https://x.org").archive_days
    [datetime.date(2022, 1, 10), datetime.date(2022, 1, 11)]
    >>> parse_args({"start": "2022-13-01"}, "https://x.org")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    newscrawl.args.BadArgument: invalid spider argument start='2022-13-01': month value is ...
    >>> parse_args({"colour": "red"}, "https://x.org")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    newscrawl.args.BadArgument: unknown spider argument 'colour'; accepted: base_url, start, ...
    >>> parse_args({"days": "2", "start": "2022-01-10"}, "https://x.org")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    newscrawl.args.BadArgument: invalid spider argument days='2': give either days or start/end, ...
    >>> parse_args({"via": "feeds"}, "https://x.org", ["archive"])  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    newscrawl.args.BadArgument: invalid spider argument via='feeds': the site has no feeds (it ...
    >>> today = (date(2022, 1, 14), "Asia/Taipei")
    >>> parse_args({"start": "2022-01-10", "end": "2030-01-01"}, "https://x.org", today=today)
    Traceback (most recent call last):
    newscrawl.args.BadArgument: invalid spider argument end='2030-01-01': after today (2022-01-14 \
in Asia/Taipei); expected a date YYYY-MM-DD, not before start nor after today
    """
    data = {k: v for k, v in raw.items() if not k.startswith("_")}
    for key in data:
        if key not in _ACCEPTED:
            raise BadArgument(f"unknown spider argument {key!r}; accepted: {', '.join(_ACCEPTED)}")
        value = data[key]
        # Strings from outside (Scrapyd): bounded, printable (no NUL, newline or escape).
        if isinstance(value, str) and (len(value) > MAX_ARGUMENT_CHARS or _CONTROL.search(value)):
            raise BadArgument(
                f"invalid spider argument {key}={value[:60]!r}: longer than "
                f"{MAX_ARGUMENT_CHARS} characters or holds control characters"
            )
    data.setdefault("base_url", default_base_url)
    try:
        args = CrawlArgs(**data)
    except ValidationError as exc:
        err = exc.errors()[0]
        loc = str(err["loc"][0]) if err["loc"] else ""
        reason = ""
        if not loc:  # a model-level check: its message starts with the argument's name
            loc, _, reason = str(err["msg"]).removeprefix("Value error, ").partition(": ")
        value = data.get(loc, "")
        why = ""
        if err["type"] == "value_error" and err["loc"]:  # a field check saying why
            why = str(err["msg"]).removeprefix("Value error, ") + "; "
        elif (ctx := err.get("ctx")) and ctx.get("error"):  # "month value is outside ..."
            why = f"{ctx['error']}; "
        # A combination's reason is the whole message: the value itself is well formed, so
        # "expected <its format>" would point at the wrong thing.
        said = reason if reason else f"{why}expected {_ACCEPTED.get(loc, '')}"
        raise BadArgument(f"invalid spider argument {loc}={value!r}: {said}") from None
    if today is not None:
        _not_after_today(args, data, *today)
    if site_listings is not None and (missing := sorted(args.walks - set(site_listings))):
        name = "via" if args.via else {"archive": "start", "categories": "categories"}[missing[0]]
        raise BadArgument(
            f"invalid spider argument {name}={data.get(name, '')!r}: the site has no "
            f"{missing[0]} (it has: {', '.join(site_listings)})"
        )
    return args
