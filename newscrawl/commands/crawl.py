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
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

from scrapy.commands.crawl import Command as ScrapyCrawlCommand
from scrapy.crawler import Crawler
from scrapy.settings import BaseSettings
from scrapy.spiderloader import get_spider_loader
from scrapy.utils.conf import feed_process_params_from_cli

from newscrawl.args import BadArgument
from newscrawl.exitcodes import BAD_ARGUMENTS, STATE, exit_code, final_line
from newscrawl.feeds import FeedTargetError, check_feed_targets
from newscrawl.feedtargets import check_feeds
from newscrawl.paths import UnsafePath, check_paths, is_safe
from newscrawl.settingspec import check_settings
from newscrawl.state import StateStoreError
from newscrawl.state.base import redact_uri

logger = logging.getLogger("newscrawl.run")


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


def check_redis(settings: BaseSettings) -> None:
    """A distributed run's Redis (``NEWSCRAWL_REDIS_URL``) must answer before the crawl starts:
    the frontier lives there, so without it the run cannot even begin (exit code 7)."""
    url = settings.get("NEWSCRAWL_REDIS_URL")
    if not url:
        return
    import redis  # only distributed runs need the package

    try:
        client = redis.Redis.from_url(str(url), socket_connect_timeout=2.0, socket_timeout=5.0)
    except ValueError as exc:
        raise StateStoreError(f"bad NEWSCRAWL_REDIS_URL {redact_uri(str(url))!r}: {exc}") from None
    try:
        client.ping()
    except redis.RedisError as exc:
        raise StateStoreError(
            f"cannot reach Redis {redact_uri(str(url))} (NEWSCRAWL_REDIS_URL): {exc}"
        ) from None
    finally:
        client.close()


def log_refusal(settings: BaseSettings, message: str, code: int) -> None:
    """Append the refusal to ``LOG_FILE`` when there is one (a Scrapyd job's log): the crawl
    never started its logging, and the job would otherwise leave an empty log."""
    log_file = settings.get("LOG_FILE")
    if not log_file:
        return
    stamp = datetime.now().strftime("%Y-%m-%d %H:%M:%S")
    line = f"{stamp} [newscrawl.run] ERROR: Run refused (exit code {code}): {message}\n"
    try:
        with Path(str(log_file)).open("a", encoding="utf-8") as log:
            log.write(line)
    except OSError:
        pass  # stderr has it


class Command(ScrapyCrawlCommand):
    """Scrapy's crawl, with the spider's ``check_arguments`` run up front."""

    _run_crawler: Crawler | None = None

    def _create_crawler(self, spidercls: Any) -> Crawler:
        self._run_crawler = super()._create_crawler(spidercls)
        return self._run_crawler

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        super().run(args, opts)
        crawler = self._run_crawler
        if crawler is None or crawler.stats is None or self.exitcode:
            return
        stats = crawler.stats.get_stats()
        self.exitcode = exit_code(stats)
        line = final_line(stats, self.exitcode)
        if line is not None:
            logger.error("%s", line)

    def process_options(self, args: list[str], opts: argparse.Namespace) -> None:
        super().process_options(args, opts)
        if self.settings is None:
            return
        if opts.output or opts.overwrite_output:
            only_command_line_feeds(self.settings, opts)
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
            check_settings(self.settings)  # BadSetting is a BadArgument
            # Before the state store opens: opening creates its file.
            check_paths(self.settings, args[0])
            # Before check_feed_targets, which would block opening a FIFO.
            check_feeds(self.settings, args[0])
            check_feed_targets(self.settings, args[0])
            if check is not None:
                check(dict(opts.spargs), self.settings)
        except (BadArgument, StateStoreError, UnsafePath, FeedTargetError) as exc:
            print(f"newscrawl: error: {exc}", file=sys.stderr)
            # A refused path may be LOG_FILE itself: written only when it passes the checks.
            if not isinstance(exc, UnsafePath) or is_safe(self.settings, "LOG_FILE"):
                log_refusal(self.settings, str(exc), BAD_ARGUMENTS)
            raise SystemExit(BAD_ARGUMENTS) from None
        try:
            check_redis(self.settings)
        except StateStoreError as exc:
            print(f"newscrawl: error: {exc}", file=sys.stderr)
            log_refusal(self.settings, str(exc), STATE)
            raise SystemExit(STATE) from None
