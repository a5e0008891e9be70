"""``scrapy crawl`` that checks spider arguments first: a bad one is one line, exit code 2.

``-o``/``-O`` replace the project's default feed rather than adding a second one.

The check runs in ``process_options``, before Scrapy creates the crawler process (and logs
its start-up banner), so a refused run prints exactly one line and fetches nothing; every feed
target is opened for writing there too. After the crawl, the exit code tells a timer what
happened (:mod:`newscrawl.exitcodes`, ``docs/exit-codes.md``) and a failed run's log ends with
one ERROR line naming the cause.
"""

from __future__ import annotations

import argparse
import logging
import signal
import sys
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Any, NoReturn

from scrapy.commands.crawl import Command as ScrapyCrawlCommand
from scrapy.crawler import Crawler
from scrapy.exceptions import UsageError
from scrapy.settings import BaseSettings
from scrapy.spiderloader import get_spider_loader
from scrapy.utils.conf import feed_process_params_from_cli

from newscrawl.args import BadArgument
from newscrawl.commands.helptext import ProjectHelp
from newscrawl.distributed import check_redis
from newscrawl.exitcodes import (
    BAD_ARGUMENTS,
    INTERRUPTED_REASON,
    STATE,
    STATE_FAILED,
    exit_code,
    final_line,
    record_failure,
)
from newscrawl.feeds import (
    FeedTargetError,
    check_feed_targets,
    confirmed_files,
    lock_feed_targets,
)
from newscrawl.feedtargets import check_feeds
from newscrawl.outputs import resolve_defaults
from newscrawl.paths import UnsafePath, check_paths, is_safe
from newscrawl.runfiles import check_logging, check_run_files
from newscrawl.settingspec import BadSetting, check_settings
from newscrawl.state import StateStoreError
from newscrawl.state.base import is_corruption

logger = logging.getLogger("newscrawl.run")


def named_feed(value: str, formats: Sequence[str]) -> str:
    """An ``-o``/``-O`` value whose format Scrapy can tell: a bare ``-`` is standard output in
    JSON lines (as ``scrapy extract`` writes it; Scrapy wanted ``-:jsonlines``); a name with
    neither an extension nor ``:FORMAT`` is a one-line UsageError naming it, not Scrapy's
    "Unrecognized output format ''" (a folder is said to be one).

    >>> named_feed("-", ["jsonlines"]), named_feed("a.csv", ["csv"]), named_feed("a:csv", ["csv"])
    ('-:jsonlines', 'a.csv', 'a:csv')
    >>> named_feed("articles", ["jsonlines"])  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    scrapy.exceptions.UsageError: feed articles names no format: end it in .jsonl, .csv ...
    """
    if value == "-":
        return "-:jsonlines"
    _, sep, fmt = value.rpartition(":")
    if (sep and fmt in formats) or Path(value).suffix:
        return value
    if Path(value).is_dir():
        raise UsageError(
            f"feed {value} is a folder; name a file in it ({Path(value) / 'articles.jsonl'})",
            print_help=False,
        )
    raise UsageError(
        f"feed {value} names no format: end it in .jsonl, .csv or .json, or add one after a "
        f"colon ({value}:jsonl)",
        print_help=False,
    )


def only_command_line_feeds(settings: BaseSettings, opts: argparse.Namespace) -> None:
    """Let ``-o``/``-O`` replace the project's default feed instead of adding to it.

    Scrapy merges the project's ``FEEDS`` into the command line's feeds; a user who names a
    file expects that file only, not also ``output/<spider>/<time>.jsonl`` beside it.
    """
    plain = settings.copy()
    plain.set("FEEDS", {}, priority="cmdline")
    feeds = feed_process_params_from_cli(plain, opts.output, overwrite_output=opts.overwrite_output)
    for options in feeds.values():
        # -o means append for every storage (S3, GCS and FTP default to replacing): stated, so
        # that newscrawl.feedtargets can refuse the storages and formats that cannot append.
        options.setdefault("overwrite", bool(opts.overwrite_output))
    settings.set("FEEDS", feeds, priority="cmdline")


def log_refusal(settings: BaseSettings, message: str, code: int, cause: str = "") -> None:
    """Append the refusal to ``LOG_FILE`` when there is one (a Scrapyd job's log): the crawl
    never started its logging, and the job would otherwise leave an empty log. ``cause``: the
    failure's cause where it has one (a corrupt state store: ``state_failed``)."""
    log_file = settings.get("LOG_FILE")
    if not log_file:
        return
    stamp = datetime.now().strftime("%Y-%m-%d %H:%M:%S")
    why = f", {cause}" if cause else ""
    line = f"{stamp} [newscrawl.run] ERROR: Run refused (exit code {code}{why}): {message}\n"
    try:
        with Path(str(log_file)).open("a", encoding="utf-8") as log:
            log.write(line)
    except OSError:
        pass  # stderr has it


def interruption(signums: list[int], stats: dict[str, Any], files: Sequence[str] = ()) -> str:
    """The cause line of a run stopped by signals, with what its feed holds and, given
    ``files``, where (a stopped ``-O`` run keeps its records beside the target).

    >>> interruption([2], {"item_scraped_count": 15, "finish_reason": "shutdown"})
    'Interrupted by SIGINT before the crawl finished: the feed holds 15 articles (exported and \
recorded); the rest are left for the next run'
    >>> interruption([15, 15], {})  # doctest: +ELLIPSIS
    'Interrupted by SIGTERM twice (forced stop) before the crawl finished: the feed holds 0 ...'
    >>> interruption([], {"finish_reason": "shutdown"})  # doctest: +ELLIPSIS
    'Interrupted (shutdown) before the crawl finished: the feed holds 0 articles (exported ...'
    >>> interruption([2], {"item_scraped_count": 3}, ["o.partial-1.jsonl"])  # doctest: +ELLIPSIS
    '... the feed (o.partial-1.jsonl) holds 3 articles (exported and recorded); ...'
    """
    names = list(dict.fromkeys(signal.Signals(n).name for n in signums))
    how = " by " + " then ".join(names) if names else " (shutdown)"
    held = int(stats.get("item_scraped_count", 0) or 0)
    if len(signums) <= 1:
        kept = "exported and recorded"
    else:
        how += " twice (forced stop)" if len(names) == 1 else " (forced stop)"
        kept = "written; the next run confirms them from its journal"
    where = f" ({', '.join(files)})" if files else ""
    return (
        f"Interrupted{how} before the crawl finished: the feed{where} holds {held} articles "
        f"({kept}); the rest are left for the next run"
    )


def was_interrupted(signums: list[int], stats: dict[str, Any]) -> bool:
    """Whether a crawl was stopped before it finished: Scrapy's graceful stop (finish reason
    ``shutdown``), or a forced one (a second signal). A signal that came while a finished
    crawl was closing does not count.

    >>> was_interrupted([2], {"finish_reason": "finished"}), was_interrupted([2, 2], {})
    (False, True)
    >>> was_interrupted([], {"finish_reason": "shutdown"})
    True
    """
    reason = stats.get("finish_reason")
    if len(signums) > 1 or reason == "shutdown":
        return True
    return bool(signums) and reason is None  # stopped before the spider could close


class Command(ProjectHelp, ScrapyCrawlCommand):
    """Scrapy's crawl, with the spider's ``check_arguments`` run up front."""

    _run_crawler: Crawler | None = None

    def _create_crawler(self, spidercls: Any) -> Crawler:
        self._run_crawler = super()._create_crawler(spidercls)
        return self._run_crawler

    def _watch_signals(self) -> list[int]:
        """The shutdown signals the crawl receives (SIGINT, SIGTERM; Scrapyd's cancel is a
        SIGINT), filled in as they come: Scrapy's handlers are wrapped before it installs them
        (at reactor start-up) and still do all the work."""
        received: list[int] = []
        process = self.crawler_process
        graceful = getattr(process, "_signal_shutdown", None)
        forced = getattr(process, "_signal_kill", None)
        if graceful is None or forced is None:  # another Scrapy: "shutdown" still tells
            return received

        def on_shutdown(signum: int, frame: Any) -> None:
            received.append(signum)
            graceful(signum, frame)

        def on_kill(signum: int, frame: Any) -> None:
            received.append(signum)
            forced(signum, frame)

        # Instance attributes: Scrapy looks both up on the process when it installs them.
        setattr(process, "_signal_shutdown", on_shutdown)  # noqa: B010
        setattr(process, "_signal_kill", on_kill)  # noqa: B010
        return received

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        received = self._watch_signals()
        super().run(args, opts)
        crawler = self._run_crawler
        if crawler is None or crawler.stats is None:
            return
        stats = crawler.stats.get_stats()
        interrupted = was_interrupted(received, stats)
        if self.exitcode and not interrupted:
            return
        if interrupted:
            self.exitcode = 0  # a forced stop may leave the crawl "unfinished" (Scrapy's 1)
            files = [str(f.path) for f in confirmed_files(crawler) if f.path.exists()]
            record_failure(crawler, INTERRUPTED_REASON, interruption(received, stats, files))
        stats = crawler.stats.get_stats()
        self.exitcode = exit_code(stats)
        line = final_line(stats, self.exitcode)
        if line is not None:
            logger.error("%s", line)

    def process_options(self, args: list[str], opts: argparse.Namespace) -> None:
        if self.settings is not None and (opts.output or opts.overwrite_output):
            formats = list(self.settings.getwithbase("FEED_EXPORTERS"))
            opts.output = [named_feed(value, formats) for value in opts.output or []]
            opts.overwrite_output = [
                named_feed(value, formats) for value in opts.overwrite_output or []
            ]
        super().process_options(args, opts)
        if self.settings is None:
            return
        resolve_defaults(self.settings)  # the environment's and working directory's, now
        if opts.output or opts.overwrite_output:
            only_command_line_feeds(self.settings, opts)
        try:
            check_logging(self.settings)  # Scrapy configures its logging next, spider or not
        except BadSetting as exc:
            self._refuse(exc, BAD_ARGUMENTS)
        if not args:
            # Scrapy printed its whole help and no line saying what was missing.
            known = ", ".join(get_spider_loader(self.settings).list())
            raise UsageError(f"no spider given: scrapy crawl SPIDER, one of {known}")
        if len(args) != 1:
            return
        try:
            spidercls = get_spider_loader(self.settings).load(args[0])
        except KeyError:
            # Scrapy would print a traceback; the exit code stays Scrapy's (1, docs/exit-codes.md).
            known = ", ".join(get_spider_loader(self.settings).list())
            print(f"newscrawl: error: unknown spider {args[0]!r}; known: {known}", file=sys.stderr)
            raise SystemExit(1) from None
        check = getattr(spidercls, "check_arguments", None)
        try:
            if check is not None:  # the arguments alone first: a refused run makes no folder
                check(dict(opts.spargs))
            check_settings(self.settings)  # BadSetting is a BadArgument
            # Before the state store opens: opening creates its file.
            check_paths(self.settings, args[0])
            # Scrapy opens LOG_FILE and creates JOBDIR before any component; once allowed.
            check_run_files(self.settings)
            # Before check_feed_targets, which would block opening a FIFO.
            check_feeds(self.settings, args[0])
            check_feed_targets(self.settings, args[0])
            lock_feed_targets(self.settings, args[0])
            if check is not None:
                check(dict(opts.spargs), self.settings)
        except StateStoreError as exc:
            if exc.__cause__ is not None and is_corruption(exc.__cause__):
                # A corrupt store is no bad argument: docs/exit-codes.md, code 7.
                self._refuse(exc, STATE, STATE_FAILED)
            self._refuse(exc, BAD_ARGUMENTS)
        except (BadArgument, UnsafePath, FeedTargetError) as exc:
            self._refuse(exc, BAD_ARGUMENTS)
        try:
            check_redis(self.settings)
        except StateStoreError as exc:
            self._refuse(exc, STATE, STATE_FAILED)

    def _refuse(self, exc: Exception, code: int, cause: str = "") -> NoReturn:
        """One line on stderr (and in ``LOG_FILE`` when it may be written), then exit."""
        assert self.settings is not None
        print(f"newscrawl: error: {exc}", file=sys.stderr)
        # A refused path may be LOG_FILE itself: written only when it passes the checks.
        if not isinstance(exc, UnsafePath) or is_safe(self.settings, "LOG_FILE"):
            log_refusal(self.settings, str(exc), code, cause)
        raise SystemExit(code) from None
