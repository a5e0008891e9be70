"""Source styles: how each source publisher's block looks once an aggregator republishes it.

A source style is a declaration (hosts, time zone, date-line formats, byline publisher names,
known boilerplate labels, where the byline hides when it is not a line of its own); the shared
block parser in :mod:`newscrawl.extract.block` does the work and only calls these. Adding a
source means adding one module here and listing it in ``_MODULES``.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from urllib.parse import urlsplit

from newscrawl.lexicon import alternation, words
from newscrawl.normalize.urls import registrable_label
from newscrawl.normalize.zones import country_for_host, country_language, zone_for_country


@dataclass(frozen=True)
class SourceStyle:
    """One source publisher as its republished copies show it."""

    key: str
    #: Display name, also the aggregator's title suffix (" - Walla! news").
    name: str
    #: Hosts that belong to the publisher (any sub-domain of these matches).
    domains: tuple[str, ...]
    #: IANA time zone of the dates printed in the block (None: only a printed zone counts).
    timezone: str | None
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
    #: Numeric dates print the day first (DD/MM/YYYY); None: as the printed zone's country or
    #: ``country`` writes them (month first in the US).
    dayfirst: bool | None = True
    #: ISO country of the publisher (for ambiguous zone names and the order of numeric dates).
    country: str | None = None
    #: ``timezone`` is a guess: the capital's, of a country with several clocks.
    zone_guessed: bool = False
    #: A README section declares the source: its bylines follow a closed grammar. An
    #: undeclared publisher (:func:`undeclared_source`) is read by the general rules.
    declared: bool = True
    #: Regex (full match) of a date line that carries the byline in front of the date, with
    #: groups ``byline`` and ``date`` ("Yael Katz | Published: 11.01.22, 08:32").
    inline_byline: str | None = None
    #: Regex (match at the start of a ``<p>``) of a byline printed as or in front of a body
    #: paragraph, with groups ``byline`` and ``rest`` ("[Reporter X/Taipei Report] Body ...").
    paragraph_byline: str | None = None

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

    def split_inline_byline(self, line: str) -> tuple[str | None, str]:
        r"""(byline, date line) of a date line that may carry the byline in front.

        >>> YNET = SourceStyle("ynet", "ynet", ("ynet.co.il",), "Asia/Jerusalem", "he",
        ...                    inline_byline=r"(?P<byline>.+?) \| (?P<date>Published: .+)")
        >>> YNET.split_inline_byline("Yael Katz | Published: 11.01.22, 08:32")
        ('Yael Katz', 'Published: 11.01.22, 08:32')
        >>> YNET.split_inline_byline("Published: 11.01.22, 08:32")
        (None, 'Published: 11.01.22, 08:32')
        """
        found = _compiled((self.inline_byline,))[0].fullmatch(line) if self.inline_byline else None
        if found is None or not found["byline"].strip():
            return None, line
        return found["byline"].strip(), found["date"].strip()

    def split_paragraph_byline(self, text: str) -> tuple[str | None, str]:
        r"""(byline, the rest of the paragraph) of a paragraph that may open with the byline.

        >>> LTN = SourceStyle("ltn", "LTN", ("ltn.com.tw",), "Asia/Taipei", "zh",
        ...                   paragraph_byline=r"\[(?P<byline>[^\[\]]+)\]\s*(?P<rest>.*)")
        >>> LTN.split_paragraph_byline("[Central News Agency] The storm grew.")
        ('Central News Agency', 'The storm grew.')
        >>> LTN.split_paragraph_byline("The storm grew.")
        (None, 'The storm grew.')
        """
        pattern = self.paragraph_byline
        found = _compiled_dotall(pattern).match(text) if pattern else None
        if found is None or not found["byline"].strip():
            return None, text
        return found["byline"].strip(), found["rest"].strip()


@cache
def _compiled(patterns: tuple[str, ...]) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(p, re.IGNORECASE) for p in patterns)


@cache
def _compiled_dotall(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE | re.DOTALL)


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


#: A byline in front of a date line, behind a bar or a dot: "Petr Novák | Published: 06.07.2022".
_DATE_LABEL = rf"(?i:{alternation(words('published') + words('updated'))})\b"
_INLINE_BYLINE = (
    rf"(?P<byline>(?!{_DATE_LABEL})[^|·•\d]+?)\s*[|·•]\s*(?P<date>(?:{_DATE_LABEL}|\d).+)"
)


def undeclared_source(link: str | None, key: str | None, name: str | None) -> SourceStyle:
    """The style of a publisher no module declares, from what the page says of it: the
    source link's host (its country-code domain gives the country, the zone and the
    language), the key and the name the aggregator prints.

    >>> style = undeclared_source("https://www.spiegel.de/politik/a-1", None, "Der Spiegel")
    >>> style.key, style.timezone, style.country, style.language, style.declared
    ('spiegel', 'Europe/Berlin', 'DE', 'de', False)
    >>> style = undeclared_source("https://www.example.com/a", "example", None)
    >>> style.name, style.timezone, style.dayfirst, style.publishers
    (None, None, None, ('example',))
    """
    host = (urlsplit(link).hostname or "").lower() if link else ""
    country = country_for_host(host)
    zone = zone_for_country(country)
    label = registrable_label(host)
    return SourceStyle(
        key=key or label or "",
        name=name,  # type: ignore[arg-type]  # the record's source_name is null then
        domains=(host,) if host else (),
        timezone=zone.zone if zone else None,
        language=country_language(country) or "",
        main_host=None,
        publishers=tuple(n for n in (name, key) if n),
        dayfirst=None,
        inline_byline=_INLINE_BYLINE,
        country=country,
        zone_guessed=bool(zone and zone.guessed),
        declared=False,
    )


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
