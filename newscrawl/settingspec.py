"""Every setting the project reads, with its type and range, checked before a crawl starts.

``newscrawl/settings.py`` sets the values (the defaults); this registry says what a value may be.
Each ``NEWSCRAWL_*`` setting is declared here once (name, kind, range or choices, one line of
what it does), and so is every Scrapy setting the project depends on (``DOWNLOAD_MAXSIZE``,
``DOWNLOAD_TIMEOUT``, ``CONCURRENT_*``, ...). :func:`check_settings` raises :class:`BadSetting`,
one line, on the first value out of its type or range, on an unknown ``NEWSCRAWL_*`` name (with
the nearest known one) and on a ``NEWSCRAWL_*``/``SCRAPY_NEWSCRAWL_*`` environment variable that
nothing reads. ``scrapy crawl`` calls it before anything else (exit code 2); :func:`guard` does
the same where ``scrapy crawl`` is bypassed (``scrapy runspider``, a ``CrawlerProcess`` script):
the run closes before its first request as ``bad_settings`` with one ERROR line.
"""

from __future__ import annotations

import difflib
import logging
import math
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

from scrapy import Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import CloseSpider
from scrapy.settings import BaseSettings, default_settings

from newscrawl import settings as project_settings
from newscrawl.args import BadArgument
from newscrawl.exitcodes import BAD_SETTINGS_REASON, record_failure

logger = logging.getLogger("newscrawl.run")

Kind = Literal["int", "float", "bool", "str", "optional_str", "dict", "json", "paths", "log_level"]
PREFIX = "NEWSCRAWL_"
#: Settings ``settings.py`` reads from the environment variable of the same name.
FROM_ENVIRONMENT = frozenset(
    {
        "NEWSCRAWL_OUTPUT_DIR",
        "NEWSCRAWL_STATE_URI",
        "NEWSCRAWL_REDIS_URL",
        "NEWSCRAWL_ALLOWED_ROOTS",
    }
)


class BadSetting(BadArgument):
    """A setting's value or name is wrong; the message is one line naming it."""


@dataclass(frozen=True)
class Spec:
    """What one setting may hold: a kind and, for numbers, a range (``low < value`` when
    ``above``, else ``low <= value``; ``value <= high``)."""

    name: str
    kind: Kind
    doc: str
    low: float | None = None
    high: float | None = None
    above: bool = False

    def range_text(self) -> str:
        """The range in words, as the error message shows it.

        >>> Spec("X", "float", "", low=0, high=1).range_text()
        'between 0 and 1'
        >>> Spec("X", "float", "", low=0, above=True).range_text()
        'greater than 0'
        """
        if self.low is not None and self.high is not None:
            return f"between {self.low:g} and {self.high:g}"
        if self.low is not None:
            return f"greater than {self.low:g}" if self.above else f"at least {self.low:g}"
        return f"at most {self.high:g}" if self.high is not None else "any value"


def _spec(name: str, kind: Kind, doc: str, **limits: Any) -> tuple[str, Spec]:
    return name, Spec(name, kind, doc, **limits)


#: The project's own settings; their values are set in newscrawl/settings.py only.
NEWSCRAWL: dict[str, Spec] = dict(
    [
        _spec(
            "NEWSCRAWL_BOILERPLATE_RECUR_MIN",
            "int",
            "articles a boilerplate line recurs in; 0: off",
            low=0,
        ),
        _spec(
            "NEWSCRAWL_BOILERPLATE_RECUR_ARTICLES",
            "int",
            "articles of a source before lines are judged",
            low=1,
        ),
        _spec(
            "NEWSCRAWL_BOILERPLATE_RECUR_SHARE",
            "float",
            "share of a source's articles a boilerplate line is in",
            low=0,
            high=1,
        ),
        _spec(
            "NEWSCRAWL_BOILERPLATE_RECUR_MAX_WORDS",
            "int",
            "longest boilerplate line (words)",
            low=1,
        ),
        _spec(
            "NEWSCRAWL_DEDUP_HOLD_SECONDS",
            "float",
            "longest hold of an article while an earlier copy is fetched",
            low=0,
        ),
        _spec("NEWSCRAWL_LISTING_PRIORITY", "int", "priority of listing pages over article pages"),
        _spec(
            "NEWSCRAWL_RELEASE_BATCH",
            "int",
            "article requests in the scheduler at a time; 0: all",
            low=0,
        ),
        _spec(
            "NEWSCRAWL_RELEASE_HOLD", "bool", "hold article requests until every listing is read"
        ),
        _spec("NEWSCRAWL_STATS_FILE", "optional_str", "JSON file of the final stats"),
        _spec("NEWSCRAWL_LOG_QUIET", "bool", "Scrapy's start-up lists and stats dump at DEBUG"),
        _spec(
            "NEWSCRAWL_PROGRESS_INTERVAL", "float", "seconds between progress lines; 0: none", low=0
        ),
        _spec(
            "NEWSCRAWL_RENDER_CHROMIUM",
            "optional_str",
            "the Chromium that renders JavaScript listings",
        ),
        _spec("NEWSCRAWL_RENDER_MAX_PAGES", "int", "browser pages open at once", low=1),
        _spec(
            "NEWSCRAWL_RENDER_WAIT_SECONDS",
            "float",
            "longest wait for a rendered page's cards",
            low=0,
            above=True,
        ),
        _spec("NEWSCRAWL_OUTPUT_DIR", "optional_str", "folder of the default feeds"),
        _spec(
            "NEWSCRAWL_STATE_URI",
            "optional_str",
            "crawl state store (sqlite:///path, redis://...); empty: none",
        ),
        _spec("NEWSCRAWL_STATE_COMMIT_ITEMS", "int", "items between two state commits", low=1),
        _spec(
            "NEWSCRAWL_STATE_COMMIT_SECONDS",
            "float",
            "seconds between two state commits",
            low=0,
            above=True,
        ),
        _spec("NEWSCRAWL_STATE_JOURNAL_DIR", "optional_str", "folder of run journals"),
        _spec(
            "NEWSCRAWL_STATE_OUTAGE_SECONDS",
            "float",
            "longest state store outage before exit code 7",
            low=0,
        ),
        _spec("NEWSCRAWL_REDIS_URL", "optional_str", "Redis of a distributed run; unset: none"),
        _spec("NEWSCRAWL_RUN_ID", "optional_str", "the distributed run workers join"),
        _spec(
            "NEWSCRAWL_DISTRIBUTED_POLL_SECONDS",
            "float",
            "seconds between worker heartbeats",
            low=0,
            above=True,
        ),
        _spec(
            "NEWSCRAWL_DISTRIBUTED_DEAD_AFTER_SECONDS",
            "float",
            "heartbeat age of a dead worker",
            low=0,
            above=True,
        ),
        _spec(
            "NEWSCRAWL_DISTRIBUTED_DONE_TTL_SECONDS",
            "float",
            "how long a finished run's marker is kept",
            low=0,
            above=True,
        ),
        _spec("NEWSCRAWL_RETRY_AFTER_MAX_SECONDS", "float", "longest Retry-After wait", low=0),
        _spec("NEWSCRAWL_REPORT_ENABLED", "bool", "write the run report"),
        _spec(
            "NEWSCRAWL_REPORT_DROP_WARN",
            "float",
            "coverage drop that warns of a layout change",
            low=0,
            high=1,
        ),
        _spec("NEWSCRAWL_REPORT_MIN_RECORDS", "int", "records a source needs to be judged", low=0),
        _spec(
            "NEWSCRAWL_COVERAGE_MIN",
            "float",
            "coverage below which the run fails with exit code 3; 0: never",
            low=0,
            high=1,
        ),
        _spec("NEWSCRAWL_ALLOWED_ROOTS", "paths", "folders every written path must be inside"),
        _spec(
            "NEWSCRAWL_EXTRACT_MIRRORS",
            "dict",
            "scrapy extract's mirrors of known sites {SITE: URL}",
        ),
        _spec("NEWSCRAWL_LISTING_MAX_CARDS", "int", "cards a listing page yields at most", low=1),
        _spec(
            "NEWSCRAWL_UNREACHABLE_AFTER",
            "int",
            "failed downloads in a row before a site that never answered is unreachable; 0: off",
            low=0,
        ),
        _spec(
            "NEWSCRAWL_UNREACHABLE_TIMEOUT",
            "float",
            "seconds a request waits at most until the site first answers",
            low=0,
            above=True,
        ),
        _spec("NEWSCRAWL_CSV_BOM", "bool", "a UTF-8 byte-order mark at the start of a CSV feed"),
        _spec("NEWSCRAWL_SITE", "optional_str", "the crawled site's key (set by its spider)"),
        _spec(
            "NEWSCRAWL_CRAWL_ARGS",
            "json",
            "the spider's validated arguments (set by the spider from its -a arguments)",
        ),
    ]
)

#: Scrapy settings the project depends on, range-checked the same way (Scrapy's own meaning).
SCRAPY: dict[str, Spec] = dict(
    [
        _spec("DOWNLOAD_MAXSIZE", "int", "largest response (bytes); 0: no limit", low=0),
        _spec("DOWNLOAD_WARNSIZE", "int", "response size that warns (bytes); 0: none", low=0),
        _spec("DOWNLOAD_TIMEOUT", "float", "seconds a download may take", low=0, above=True),
        _spec("DOWNLOAD_DELAY", "float", "seconds between requests to a site", low=0),
        _spec("CONCURRENT_REQUESTS", "int", "requests in flight", low=1),
        _spec("CONCURRENT_REQUESTS_PER_DOMAIN", "int", "requests in flight per site", low=1),
        _spec("CONCURRENT_ITEMS", "int", "items processed in parallel per response", low=1),
        _spec("RETRY_ENABLED", "bool", "retry failed requests"),
        _spec("RETRY_TIMES", "int", "retries of a failed request", low=0),
        _spec("REDIRECT_MAX_TIMES", "int", "redirects followed per request", low=0),
        _spec("ROBOTSTXT_OBEY", "bool", "obey robots.txt"),
        _spec("AUTOTHROTTLE_ENABLED", "bool", "adapt the delay to the site's latency"),
        _spec("AUTOTHROTTLE_START_DELAY", "float", "first delay of AutoThrottle", low=0),
        _spec("AUTOTHROTTLE_MAX_DELAY", "float", "longest delay of AutoThrottle", low=0),
        _spec(
            "AUTOTHROTTLE_TARGET_CONCURRENCY",
            "float",
            "AutoThrottle's target concurrency",
            low=0,
            above=True,
        ),
        _spec("DOWNLOAD_FAIL_ON_DATALOSS", "bool", "fail a truncated response"),
        _spec("HTTPCACHE_ENABLED", "bool", "Scrapy's HTTP cache"),
        # Read by Scrapy's logging set-up, before any component: a bad one was a traceback.
        _spec("LOG_LEVEL", "log_level", "lowest level logged"),
        _spec("LOG_ENABLED", "bool", "Scrapy's logging"),
        _spec("LOG_FILE_APPEND", "bool", "append to LOG_FILE rather than replace it"),
        _spec("LOG_STDOUT", "bool", "standard output into the log"),
    ]
)

SPECS: dict[str, Spec] = {**NEWSCRAWL, **SCRAPY}


#: Python's level names (``logging.getLevelNamesMapping()``), in the order a message lists them.
LOG_LEVELS = ("CRITICAL", "ERROR", "WARNING", "INFO", "DEBUG", "NOTSET", "FATAL", "WARN")


def log_level(value: Any) -> str | int:
    """``LOG_LEVEL`` as Python's logging takes it: a level name in any case (upper-cased) or a
    whole number; ValueError for anything else (Scrapy passed it on and crashed).

    >>> log_level("debug"), log_level(" Warning "), log_level("10"), log_level(20)
    ('DEBUG', 'WARNING', 10, 20)
    >>> log_level("verbose")
    Traceback (most recent call last):
    ValueError: verbose
    """
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return value
    text = str(value).strip()
    if text.isdigit():
        return int(text)
    if text.upper() in LOG_LEVELS:
        return text.upper()
    raise ValueError(value)


def normalize_log_level(settings: BaseSettings) -> None:
    """Write ``LOG_LEVEL`` as logging takes it (``debug`` -> ``DEBUG``), at its own priority,
    before Scrapy configures its logging; a bad value is left to :func:`check_settings`."""
    raw = settings.get("LOG_LEVEL")
    try:
        level = log_level(raw)
    except ValueError:
        return
    if level != raw and not settings.frozen:
        settings.set("LOG_LEVEL", level, priority=settings.getpriority("LOG_LEVEL") or 0)


def declared_names() -> list[str]:
    """The ``NEWSCRAWL_*`` names ``newscrawl/settings.py`` gives a value."""
    return [name for name in dir(project_settings) if name.startswith(PREFIX)]


def known_names() -> set[str]:
    """Every ``NEWSCRAWL_*`` name a crawl accepts: the registry's and settings.py's."""
    return set(NEWSCRAWL) | set(declared_names())


def nearest(name: str, names: Iterable[str]) -> str:
    """``; did you mean X?`` for the closest of ``names``, or nothing.

    >>> nearest("NEWSCRAWL_STATE_COMIT_ITEMS", NEWSCRAWL)
    '; did you mean NEWSCRAWL_STATE_COMMIT_ITEMS?'
    """
    close = difflib.get_close_matches(name, sorted(names), n=1, cutoff=0.6)
    return f"; did you mean {close[0]}?" if close else ""


def _number(spec: Spec, settings: BaseSettings) -> float:
    """The value as the component reads it (getint/getfloat); ValueError when it is none."""
    value = settings.getint(spec.name) if spec.kind == "int" else settings.getfloat(spec.name)
    if not math.isfinite(value):
        raise ValueError(value)
    return value


def value_problem(spec: Spec, settings: BaseSettings) -> str | None:
    """Why the setting's value is wrong, one line, or None.

    >>> from scrapy.settings import Settings
    >>> value_problem(SPECS["DOWNLOAD_TIMEOUT"], Settings({"DOWNLOAD_TIMEOUT": -1}))
    'DOWNLOAD_TIMEOUT=-1: must be greater than 0 (seconds a download may take)'
    >>> value_problem(SPECS["NEWSCRAWL_COVERAGE_MIN"], Settings({"NEWSCRAWL_COVERAGE_MIN": "abc"}))
    "NEWSCRAWL_COVERAGE_MIN='abc': not a number (coverage below which the run fails with exit code 3; 0: never)"
    """  # noqa: E501
    raw = settings.get(spec.name)
    shown = f"{spec.name}={str(raw)[:80] if isinstance(raw, int | float) else repr(raw)[:80]}"
    try:
        if spec.kind in ("int", "float"):
            value = _number(spec, settings)
        elif spec.kind == "bool":
            settings.getbool(spec.name)
            return None
        elif spec.kind == "dict":
            mapping = settings.getdict(spec.name)
            if not all(isinstance(k, str) and isinstance(v, str) for k, v in mapping.items()):
                return f"{shown}: must map names to strings ({spec.doc})"
            return None
        elif spec.kind == "json":
            settings.getdict(spec.name)
            return None
        elif spec.kind == "log_level":
            log_level(raw)
            return None
        else:
            text_ok = isinstance(raw, str) or (raw is None and spec.kind != "str")
            list_ok = spec.kind == "paths" and isinstance(raw, list | tuple)
            if not (text_ok or list_ok):
                return f"{shown}: must be text ({spec.doc})"
            return None
    except (TypeError, ValueError):
        what = {"int": "a whole number", "float": "a number", "bool": "true or false"}
        what["log_level"] = (
            f"a log level: one of {', '.join(LOG_LEVELS[:5])} (any case) or a number"
        )
        return f"{shown}: not {what.get(spec.kind, 'a JSON object')} ({spec.doc})"
    low_bad = spec.low is not None and (value <= spec.low if spec.above else value < spec.low)
    if low_bad or (spec.high is not None and value > spec.high):
        return f"{shown}: must be {spec.range_text()} ({spec.doc})"
    return None


def environment_problems(environ: Mapping[str, str]) -> list[str]:
    """``NEWSCRAWL_*`` environment variables that nothing reads, and ``SCRAPY_NEWSCRAWL_*`` ones
    (Scrapy reads no settings from the environment).

    >>> environment_problems({"NEWSCRAWL_OUTPUT_DIR": "/o", "SCRAPY_NEWSCRAWL_STATE_COMMIT_ITEMS": "5"})
    ['environment variable SCRAPY_NEWSCRAWL_STATE_COMMIT_ITEMS is not read (Scrapy takes no settings from SCRAPY_ variables): use -s NEWSCRAWL_STATE_COMMIT_ITEMS=...']
    """  # noqa: E501
    found = []
    known = known_names()
    for variable in sorted(environ):
        name = variable.removeprefix("SCRAPY_")
        if not name.startswith(PREFIX) or variable in FROM_ENVIRONMENT:
            continue
        if name not in known:
            hint = nearest(name, known)
            found.append(f"unknown environment variable {variable}{hint}")
        elif variable != name:
            found.append(
                f"environment variable {variable} is not read (Scrapy takes no settings from "
                f"SCRAPY_ variables): use -s {name}=..."
            )
        else:
            only = ", ".join(sorted(FROM_ENVIRONMENT))
            found.append(
                f"environment variable {variable} is not read (the environment sets only "
                f"{only}): use -s {name}=..."
            )
    return found


def problems(
    settings: BaseSettings,
    names: Iterable[str] | None = None,
    environ: Mapping[str, str] | None = None,
) -> list[str]:
    """Every problem of ``settings`` (only ``names`` when given), one line each."""
    known = known_names()
    found = []
    for name in sorted(settings if names is None else names):
        if name.startswith(PREFIX) and name not in known:
            found.append(f"unknown setting {name}{nearest(name, known)}")
        elif problem := _value_problem(name, settings, known):
            found.append(problem)
    return found + environment_problems(environ or {})


def _value_problem(name: str, settings: BaseSettings, known: set[str]) -> str | None:
    """The registry's verdict on a value; settings.py's default types one not yet in it."""
    if name in SPECS:
        return value_problem(SPECS[name], settings)
    return _by_default(name, settings) if name in known else None


def _by_default(name: str, settings: BaseSettings) -> str | None:
    """A setting declared in settings.py but not yet in the registry: typed by its default."""
    default = getattr(project_settings, name)
    kinds: dict[type, Kind] = {bool: "bool", int: "int", float: "float", str: "str"}
    kind = "optional_str" if default is None else kinds.get(type(default))
    if kind is None:  # a list or a mapping: its reader knows its shape
        return None
    return value_problem(Spec(name, kind, "declared in newscrawl/settings.py"), settings)


def check_settings(
    settings: BaseSettings,
    names: Iterable[str] | None = None,
    environ: Mapping[str, str] | None = os.environ,
) -> None:
    """Raise :class:`BadSetting` (one line: the first problem, and how many more) if any."""
    found = problems(settings, names, environ)
    if found:
        more = f" (and {len(found) - 1} more)" if len(found) > 1 else ""
        raise BadSetting(f"bad setting: {found[0]}{more}")


def check_sent(settings: BaseSettings, sent: Mapping[str, str]) -> None:
    """Check the settings a Scrapyd job is sent with (``scrapy schedule``), before sending: only
    those (the service's environment is its own), as the job will read them.

    >>> from scrapy.settings import Settings
    >>> check_sent(Settings({"DOWNLOAD_TIMEOUT": 30}), {"DOWNLOAD_TIMEOUT": "5"})
    >>> check_sent(Settings(), {"NEWSCRAWL_STATE_COMIT_ITEMS": "5"})  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    newscrawl.settingspec.BadSetting: bad setting: unknown setting NEWSCRAWL_STATE_COMIT_ITEMS; ...
    """
    job = settings.copy()
    job.setdict(dict(sent), priority="cmdline")
    check_settings(job, names=sent, environ=None)


def default_value(name: str) -> Any:
    """The value of ``name`` before any override: settings.py's, else Scrapy's."""
    return getattr(project_settings, name, getattr(default_settings, name, None))


GUARDED = "_newscrawl_settings_guarded"


def guard(crawler: Crawler) -> None:
    """Check the crawler's settings once, where ``scrapy crawl``'s check may not have run.

    On a problem: one ERROR line now, the bad values set back to their defaults so that no
    component fails to start with a traceback, and the spider closed as ``bad_settings`` (exit
    code 2 under ``scrapy crawl``) when it opens, before its first request.
    """
    if getattr(crawler, GUARDED, False):
        return
    setattr(crawler, GUARDED, True)
    try:
        check_settings(crawler.settings)
    except BadSetting as exc:
        message = str(exc)
    else:
        return
    logger.error("Run refused (%s): %s", BAD_SETTINGS_REASON, message)
    if not crawler.settings.frozen:
        for name in SPECS:
            if name in crawler.settings and value_problem(SPECS[name], crawler.settings):
                priority = crawler.settings.getpriority(name) or 0
                crawler.settings.set(name, default_value(name), priority=priority)

    def refuse(spider: Spider) -> None:
        record_failure(crawler, BAD_SETTINGS_REASON, message)
        raise CloseSpider(BAD_SETTINGS_REASON)

    crawler.signals.connect(refuse, signal=signals.spider_opened, weak=False)


class SettingsCheck:
    """Extension: :func:`guard` for every crawl of the project, whatever starts it."""

    def __init__(self, crawler: Crawler) -> None:
        guard(crawler)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SettingsCheck:
        return cls(crawler)
