"""``scrapy crawl`` that checks spider arguments first: a bad one is one line, exit code 2.

The check runs in ``process_options``, before Scrapy creates the crawler process (and logs
its start-up banner), so a refused run prints exactly one line and fetches nothing.
"""

from __future__ import annotations

import argparse
import sys

from scrapy.commands.crawl import Command as ScrapyCrawlCommand
from scrapy.spiderloader import get_spider_loader

from newscrawl.args import BadArgument
from newscrawl.state import StateStoreError


class Command(ScrapyCrawlCommand):
    """Scrapy's crawl, with the spider's ``check_arguments`` run up front."""

    def process_options(self, args: list[str], opts: argparse.Namespace) -> None:
        super().process_options(args, opts)
        if len(args) != 1 or self.settings is None:
            return
        try:
            spidercls = get_spider_loader(self.settings).load(args[0])
        except KeyError:
            return  # Scrapy reports the unknown spider itself
        check = getattr(spidercls, "check_arguments", None)
        if check is None:
            return
        try:
            check(dict(opts.spargs), self.settings)
        except (BadArgument, StateStoreError) as exc:
            print(f"newscrawl: error: {exc}", file=sys.stderr)
            raise SystemExit(2) from None
