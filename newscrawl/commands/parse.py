"""``scrapy parse``, without side effects: no state, feed, report or stats (see ``tools``).

A URL the spider's off-site filter drops (a page of the local copy while the spider crawls the
live site: no ``-a base_url``) says so in one ERROR line and exits 2, instead of Scrapy's "No
response downloaded" with the reason at DEBUG and exit code 0; a run refused for a bad setting
exits 2 too (:mod:`newscrawl.settingspec`).
"""

from __future__ import annotations

import argparse
import logging
import sys
import warnings
from typing import Any
from urllib.parse import urlsplit

from scrapy.commands.parse import Command as ScrapyParseCommand
from scrapy.crawler import Crawler
from scrapy.exceptions import ScrapyDeprecationWarning
from scrapy.settings import BaseSettings
from scrapy.spiderloader import get_spider_loader

from newscrawl.args import BadArgument
from newscrawl.commands.helptext import ProjectHelp
from newscrawl.commands.tools import without_side_effects
from newscrawl.exitcodes import BAD_ARGUMENTS, FAILURE, exit_code
from newscrawl.runsettings import base_url_of

logger = logging.getLogger(__name__)


def _stats(crawler: Crawler) -> dict[str, Any]:
    """The crawl's stats; none when it never started (Crawler.stats would raise)."""
    collector = getattr(crawler, "_stats", None)
    return dict(collector.get_stats()) if collector is not None else {}


def offsite_reason(crawler: Crawler, url: str) -> str | None:
    """Why ``url`` was not fetched when the off-site filter dropped it (None otherwise)."""
    stats = _stats(crawler)
    if not stats.get("offsite/filtered"):
        return None
    base = base_url_of(crawler.settings, default="its allowed domains")
    parts = urlsplit(url)
    return (
        f"Not fetched: {url} is outside the site spider {crawler.spidercls.name} crawls "
        f"({base}); to parse a copy served there, add -a base_url={parts.scheme}://{parts.netloc}"
    )


def check_spider_arguments(
    settings: BaseSettings | None, spider: str | None, spargs: dict[str, Any]
) -> None:
    """Refuse a bad ``-a`` argument in one line, exit code 2, as ``scrapy crawl`` does (the
    spider would raise it in a traceback); a spider guessed from the URL is checked by
    Scrapy as it starts."""
    if settings is None or not spider:
        return
    try:
        spidercls = get_spider_loader(settings).load(spider)
    except KeyError:
        return  # Scrapy says "Unable to find spider"
    check = getattr(spidercls, "check_arguments", None)
    if check is None:
        return
    try:
        check(spargs, settings)
    except BadArgument as exc:
        print(f"newscrawl: error: {exc}", file=sys.stderr)
        raise SystemExit(BAD_ARGUMENTS) from None


class Command(ProjectHelp, ScrapyParseCommand):
    """Scrapy's ``parse`` with :data:`newscrawl.commands.tools.TOOL_SETTINGS` applied."""

    def process_options(self, args: list[str], opts: argparse.Namespace) -> None:
        super().process_options(args, opts)
        without_side_effects(self.settings)
        check_spider_arguments(self.settings, opts.spider, dict(opts.spargs))
        # Scrapy 2.19's own parse command wraps every callback in a function that returns a
        # Deferred (scrapy/commands/parse.py, prepare_request) and its spider middleware then
        # warns about that on every page: a WARNING that is not the spider's to fix.
        warnings.filterwarnings(
            "ignore",
            message=r".* returned a Deferred\. Returning Deferreds from spider callbacks",
            category=ScrapyDeprecationWarning,
        )

    def start_parsing(self, url: str, opts: argparse.Namespace) -> None:
        """Scrapy's, except when nothing was fetched because of an off-site URL or a failure
        the run recorded: one line saying why, and a non-zero exit code."""
        assert self.crawler_process
        assert self.spidercls
        self.pcrawler = self._create_crawler(self.spidercls)
        self.crawler_process.crawl(self.pcrawler, **opts.spargs)
        self.crawler_process.start()
        if self.crawler_process.bootstrap_failed:
            self.exitcode = 1
        if self.first_response:
            return
        stats = _stats(self.pcrawler)
        if stats.get(FAILURE):  # already said in its own ERROR line (a bad setting)
            self.exitcode = exit_code(stats)
        elif (why := offsite_reason(self.pcrawler, url)) is not None:
            logger.error("%s", why)
            self.exitcode = BAD_ARGUMENTS
        else:
            logger.error("No response downloaded for: %(url)s", {"url": url})
