"""Exit codes of ``scrapy crawl`` that a timer can act on (the table: ``docs/exit-codes.md``).

A component that fails the run calls :func:`record_failure` (the cause, one line) and usually
:func:`close_spider` with the same reason, which becomes the finish reason. ``scrapy crawl``
(:mod:`newscrawl.commands.crawl`) reads the cause back with :func:`exit_code` and, under
Scrapyd (whose job state is "finished" whatever happened) as in a terminal, ends the log with one
ERROR line naming it (:func:`final_line`).
"""

from __future__ import annotations

from typing import Any

from scrapy.crawler import Crawler
from scrapy.utils.defer import deferred_from_coro

#: The run finished (also when nothing was new).
OK = 0
#: A bad argument or setting: refused before the crawl, nothing fetched.
BAD_ARGUMENTS = 2
#: Field coverage below NEWSCRAWL_COVERAGE_MIN (newscrawl.extensions.runreport).
COVERAGE = 3
#: No page of the site could be fetched at all (DNS failure, nothing listening, ...).
SITE_UNREACHABLE = 4
#: An asked-for category does not exist on the site.
UNKNOWN_CATEGORY = 5
#: A feed write failed (disk full, I/O error): the articles not written are left for the next run.
FEED = 6
#: The state store failed (unreachable too long, corrupt, journal not writable).
STATE = 7

# Finish reasons (and failure causes) of the failures above.
SITE_UNREACHABLE_REASON = "site_unreachable"
UNKNOWN_CATEGORY_REASON = "unknown_category"
FEED_FAILED = "feed_failed"
STATE_FAILED = "state_failed"
#: A bad setting found where ``scrapy crawl``'s check was bypassed (newscrawl.settingspec).
BAD_SETTINGS_REASON = "bad_settings"
#: A feed that would not be written, refused at spider_opened where `scrapy crawl` was bypassed
#: (newscrawl.extensions.feedguard): nothing fetched, exit code 2 as for a refusal before the crawl.
FEED_REFUSED = "feed_refused"

#: Refused at start (exit code 2): the state holds nothing although earlier runs left journals
#: or feeds; a local feed in a format crash recovery cannot read (newscrawl.state.records).
STATE_MISSING = "state_missing"
FEED_UNRECOVERABLE = "feed_unrecoverable"

CODES = {
    STATE_MISSING: BAD_ARGUMENTS,
    FEED_UNRECOVERABLE: BAD_ARGUMENTS,
    SITE_UNREACHABLE_REASON: SITE_UNREACHABLE,
    UNKNOWN_CATEGORY_REASON: UNKNOWN_CATEGORY,
    FEED_FAILED: FEED,
    STATE_FAILED: STATE,
    BAD_SETTINGS_REASON: BAD_ARGUMENTS,
    FEED_REFUSED: BAD_ARGUMENTS,
}

#: The run was interrupted before it finished (SIGINT, SIGTERM, Scrapyd's cancel): what its feed
#: holds is exported and recorded, the rest is left for the next run.
INTERRUPTED = 8
#: The site answered, but every listing page failed (redirect loop, oversize page, gzip bomb, a
#: server too slow to finish a page): no article could be found.
NO_LISTING = 9
INTERRUPTED_REASON = "interrupted"
NO_LISTING_REASON = "no_listing"
CODES[INTERRUPTED_REASON] = INTERRUPTED
CODES[NO_LISTING_REASON] = NO_LISTING
#: The stats file (NEWSCRAWL_STATS_FILE) could not be written at the end (a full disk): the
#: articles were exported and recorded, but a script reading the file would find none.
STATS = 10
STATS_FAILED = "stats_failed"
CODES[STATS_FAILED] = STATS
#: Scrapy's finish reason of a crawl stopped by a signal (its graceful shutdown).
CODES["shutdown"] = INTERRUPTED

#: Stats keys: the cause of a failed run (the first one wins) and its one-line message.
FAILURE = "newscrawl/run/failure"
FAILURE_MESSAGE = "newscrawl/run/failure_message"
#: Set to 1 when coverage fell below NEWSCRAWL_COVERAGE_MIN (by the run report).
COVERAGE_FAILED = "newscrawl/report/coverage_failed"


def record_failure(crawler: Crawler, cause: str, message: str) -> None:
    """Record why the run failed (the first cause recorded wins)."""
    stats = crawler.stats
    if stats is not None and not stats.get_value(FAILURE):
        stats.set_value(FAILURE, cause)
        stats.set_value(FAILURE_MESSAGE, message)


def close_spider(crawler: Crawler, reason: str) -> None:
    """Close the crawl's spider with ``reason`` as its finish reason (no-op once closing)."""
    engine = crawler.engine
    if engine is None or engine.spider is None or not engine.running:
        return
    slot = getattr(engine, "_slot", None)
    if slot is not None and slot.closing is not None:
        return
    deferred_from_coro(engine.close_spider_async(reason=reason))


def exit_code(stats: dict[str, Any]) -> int:
    """The exit code of a finished crawl, from its stats.

    >>> exit_code({"finish_reason": "finished"})
    0
    >>> exit_code({"finish_reason": "feed_failed", FAILURE: "feed_failed"})
    6
    >>> exit_code({"finish_reason": "finished", COVERAGE_FAILED: 1})
    3
    >>> exit_code({"finish_reason": "shutdown", FAILURE: "state_failed"})
    7
    >>> exit_code({"finish_reason": "shutdown"}), exit_code({FAILURE: "no_listing"})
    (8, 9)
    """
    cause = stats.get(FAILURE) or stats.get("finish_reason")
    if cause in CODES:
        return CODES[str(cause)]
    if stats.get(COVERAGE_FAILED):
        return COVERAGE
    return OK


def final_line(stats: dict[str, Any], code: int) -> str | None:
    """The ERROR line that ends the log of a failed run, naming the cause (None when 0).

    >>> final_line({FAILURE: "feed_failed", FAILURE_MESSAGE: "Feed failure: /o/a.jsonl: full"}, 6)
    'Run failed (exit code 6, feed_failed): Feed failure: /o/a.jsonl: full'
    >>> final_line({"finish_reason": "finished"}, 0) is None
    True
    """
    if code == OK:
        return None
    cause = stats.get(FAILURE) or ("coverage" if code == COVERAGE else stats.get("finish_reason"))
    message = stats.get(FAILURE_MESSAGE) or {
        COVERAGE: "field coverage below NEWSCRAWL_COVERAGE_MIN (see the run report)",
    }.get(code, f"finish reason {stats.get('finish_reason')}")
    return f"Run failed (exit code {code}, {cause}): {message}"
