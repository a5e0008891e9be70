"""Source styles: how each source publisher's block looks once an aggregator republishes it.

A source style is a declaration (hosts, time zone, date-line formats, byline publisher names,
known boilerplate labels); the shared block parser in :mod:`newscrawl.extract.block` does the
work. Adding a source means adding one module here and listing it in ``_MODULES``.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from urllib.parse import urlsplit


@dataclass(frozen=True)
class SourceStyle:
    """One source publisher as its republished copies show it."""

    key: str
    #: Display name, also the aggregator's title suffix (" - Walla! news").
    name: str
    #: Hosts that belong to the publisher (any sub-domain of these matches).
    domains: tuple[str, ...]
    #: IANA time zone of the dates printed in the block.
    timezone: str
    #: ISO 639-1 language of the original article.
    language: str
    #: Alternative host -> main host, for the canonical source URL.
    host_aliases: Mapping[str, str] = field(default_factory=dict)
    #: Host used for the bare domain and for ``m.``/``amp.`` hosts without an alias.
    main_host: str | None = None
    #: The publisher's canonical URLs end with "/" (infobae).
    trailing_slash: bool = False
    #: Names of the publisher that may follow a person in the byline (", Maariv Online").
    publishers: tuple[str, ...] = ()
    #: Regexes (full match, case-insensitive) of the block's date lines; they also identify
    #: the source of a page that does not link it.
    date_lines: tuple[str, ...] = ()
    #: Regexes (search, case-insensitive) of lines that are never a byline nor body.
    boilerplate: tuple[str, ...] = ()
    #: Numeric dates print the day first (DD/MM/YYYY).
    dayfirst: bool = True

    def owns_host(self, host: str) -> bool:
        """True when ``host`` is one of the publisher's hosts.

        >>> WALLA = SourceStyle("walla", "Walla! news", ("walla.co.il",), "Asia/Jerusalem", "he")
        >>> WALLA.owns_host("m.walla.co.il"), WALLA.owns_host("notwalla.co.il")
        (True, False)
        """
        host = host.lower().rstrip(".")
        return any(host == d or host.endswith("." + d) for d in self.domains)

    def matches_date_line(self, text: str) -> bool:
        """True when ``text`` is one of this source's date lines."""
        return any(rx.fullmatch(text) for rx in _compiled(self.date_lines))

    def is_boilerplate(self, text: str) -> bool:
        """True when ``text`` matches one of this source's boilerplate labels."""
        return any(rx.search(text) for rx in _compiled(self.boilerplate))


@cache
def _compiled(patterns: tuple[str, ...]) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(p, re.IGNORECASE) for p in patterns)


_MODULES = ("walla", "ynet", "maariv", "twentymin", "lemonde", "infobae", "ltn")


@cache
def all_sources() -> dict[str, SourceStyle]:
    """Every declared source style, by key."""
    styles = (importlib.import_module(f"{__name__}.{m}").STYLE for m in _MODULES)
    return {s.key: s for s in styles}


def source_by_key(key: str | None) -> SourceStyle | None:
    """The style declared for ``key``, or None.

    >>> source_by_key("ynet").name, source_by_key("nope")
    ('ynet', None)
    """
    return all_sources().get(key or "")


def source_for_url(url: str | None) -> SourceStyle | None:
    """The style whose publisher hosts ``url``, or None.

    >>> source_for_url("http://m.ynet.co.il/news/article/abc").key
    'ynet'
    >>> source_for_url("https://example.com/x") is None
    True
    """
    if not url:
        return None
    host = urlsplit(url).hostname or ""
    return next((s for s in all_sources().values() if s.owns_host(host)), None)


def source_for_date_lines(lines: list[str]) -> SourceStyle | None:
    """The style whose date-line format matches one of ``lines`` (for pages without a link).

    >>> source_for_date_lines(["Published on January 10, 2022 at 3:13 p.m."]).key
    'lemonde'
    >>> source_for_date_lines(["2022/01/10 07:18"]).key
    'ltn'
    """
    for style in all_sources().values():
        if any(style.matches_date_line(line) for line in lines):
            return style
    return None
