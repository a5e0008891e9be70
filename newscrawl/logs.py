"""Quiet start-up and close: Scrapy's component lists and dumps go to DEBUG, not INFO.

At INFO, a crawl printed about 95 lines (versions, add-ons, every enabled component, the
overridden settings) before its first useful one, and 43 lines of stats after its run report
(and, with a browser, scrapy-playwright's closing lines after that).
The add-on :class:`QuietLogs` (in ``ADDONS``) re-levels exactly those records to DEBUG, where
``-s LOG_LEVEL=DEBUG`` still shows them; every other Scrapy line is left as it is (``Spider
opened``, ``Closing spider``, retries, errors, signals). The stats are also in
``NEWSCRAWL_STATS_FILE`` and the run report.
"""

from __future__ import annotations

import logging
import re

from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.settings import BaseSettings

#: Logger name -> the message templates (their start) that are sent at DEBUG instead of INFO.
DEMOTED: dict[str, tuple[str, ...]] = {
    "scrapy.addons": ("Enabled addons:",),
    "scrapy.middleware": ("Enabled %(componentname)ss:",),
    "scrapy.crawler": ("Overridden settings:",),
    "scrapy.statscollectors": ("Dumping Scrapy stats:",),
    # scrapy-playwright's start and close chatter (newscrawl.render logs that the browser started).
    "scrapy-playwright": (
        "Starting download handler",
        "Launching ",
        "Startup context(s) launched",
        "Browser %s launched",
        "Closing download handler",
        "Closing browser",
    ),
}


def switched_off(component: str, reason: str) -> NotConfigured:
    """A quiet ``NotConfigured`` for a component that is simply off, its reason at DEBUG.

    Scrapy logs ``NotConfigured("reason")`` as ``WARNING: Disabled ...`` on every run, also for
    an unset setting (``NEWSCRAWL_STATS_FILE``) or a tool's spider; without arguments it logs
    nothing. Use as ``raise switched_off(__name__, "NEWSCRAWL_STATS_FILE is not set")``.

    >>> switched_off("newscrawl.x", "NEWSCRAWL_X is not set").args
    ()
    """
    logging.getLogger(component).debug("Off: %s", reason)
    return NotConfigured()


class DemoteToDebug(logging.Filter):
    """Turn INFO records whose message template starts with one of ``prefixes`` into DEBUG.

    A logger filter runs before the handlers compare levels, so a demoted record is shown
    only when the handler's level (``LOG_LEVEL``) is DEBUG.

    >>> record = logging.LogRecord("scrapy.crawler", logging.INFO, "", 0, "Overridden settings:\\n%(s)s", None, None)
    >>> DemoteToDebug(("Overridden settings:",)).filter(record), record.levelname
    (True, 'DEBUG')
    """  # noqa: E501

    def __init__(self, prefixes: tuple[str, ...]) -> None:
        super().__init__()
        self.prefixes = prefixes

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno == logging.INFO and str(record.msg).startswith(self.prefixes):
            record.levelno = logging.DEBUG
            record.levelname = logging.getLevelName(logging.DEBUG)
        return True


#: ``scheme://user:password@``: the password of a URI in a log line.
_URI_PASSWORD = re.compile(r"(\b[a-zA-Z][\w+.-]*://[^\s/:@]*):[^\s/@]+@")
#: Loggers that print feed URIs as given, passwords included (Scrapy's "Stored ... feed in:").
REDACTED = ("scrapy.extensions.feedexport",)


class RedactPasswords(logging.Filter):
    """Replace the password of every URI in a record's message by ``***``.

    >>> record = logging.LogRecord("scrapy.extensions.feedexport", logging.INFO, "", 0,
    ...     "Stored %s", ("jsonlines feed (3 items) in: ftp://feeds:s3cret@h:21/x.jsonl",), None)
    >>> RedactPasswords().filter(record), record.getMessage()
    (True, 'Stored jsonlines feed (3 items) in: ftp://feeds:***@h:21/x.jsonl')
    """

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        redacted = _URI_PASSWORD.sub(r"\1:***@", message)
        if redacted != message:
            record.msg, record.args = redacted, ()
        return True


class OneLineStoreErrors(logging.Filter):
    """Scrapy's "Error storing <feed>" record in one line: the exception's type and message
    instead of its traceback (the run's own ERROR line then says what it means: exit code 6,
    nothing committed). ``-s LOG_LEVEL=DEBUG`` still shows the traceback, at DEBUG.

    >>> try:
    ...     raise EOFError("connection closed")
    ... except EOFError:
    ...     import sys; info = sys.exc_info()
    >>> record = logging.LogRecord("scrapy.extensions.feedexport", logging.ERROR, "", 0,
    ...     "Error storing %s", ("jsonl feed (9 items) in: ftp://h/x.jsonl",), info)
    >>> OneLineStoreErrors().filter(record), record.getMessage(), record.exc_info
    (True, 'Error storing jsonl feed (9 items) in: ftp://h/x.jsonl: EOFError: connection closed', None)
    """  # noqa: E501

    def filter(self, record: logging.LogRecord) -> bool:
        if not (str(record.msg).startswith("Error storing") and record.exc_info):
            return True
        _, exc, _ = record.exc_info
        logging.getLogger(record.name).debug("Traceback of the failed store", exc_info=exc)
        record.msg = f"{record.getMessage()}: {type(exc).__name__}: {exc}"
        record.args, record.exc_info, record.exc_text = (), None, None
        return True


def redact_feed_passwords() -> None:
    """Install :class:`RedactPasswords` and :class:`OneLineStoreErrors` on :data:`REDACTED`
    (once per process)."""
    for name in REDACTED:
        logger = logging.getLogger(name)
        for kind in (OneLineStoreErrors, RedactPasswords):  # one line first, then redacted
            if not any(isinstance(f, kind) for f in logger.filters):
                logger.addFilter(kind())


def quiet_scrapy_logs() -> None:
    """Install the filters (once per process: several crawlers share the loggers)."""
    for name, prefixes in DEMOTED.items():
        logger = logging.getLogger(name)
        if not any(isinstance(f, DemoteToDebug) for f in logger.filters):
            logger.addFilter(DemoteToDebug(prefixes))


class QuietLogs:
    """Scrapy add-on: quiet start-up and close lines (``NEWSCRAWL_LOG_QUIET``); feed URIs
    logged without their passwords (always).

    An add-on because add-ons load before the crawler logs anything about itself, and after
    Scrapy configured logging (whose ``dictConfig`` resets logger levels, but keeps filters).
    """

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> QuietLogs:
        redact_feed_passwords()  # whatever the setting: a password is never logged
        if not crawler.settings.getbool("NEWSCRAWL_LOG_QUIET"):
            raise NotConfigured  # no message: Scrapy then logs nothing about it
        return cls()

    def update_settings(self, settings: BaseSettings) -> None:
        quiet_scrapy_logs()
