"""``scrapy crawl`` that checks spider arguments first: a bad one is one line, exit code 2."""

from __future__ import annotations

import argparse
import sys

from scrapy.commands.crawl import Command as ScrapyCrawlCommand

from newscrawl.args import BadArgument


class Command(ScrapyCrawlCommand):
    """Validate the spider's arguments before the crawl starts; otherwise Scrapy's crawl."""

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        if len(args) == 1 and self.crawler_process is not None:
            try:
                spidercls = self.crawler_process.spider_loader.load(args[0])
            except KeyError:
                spidercls = None
            check = getattr(spidercls, "check_arguments", None)
            if check is not None:
                try:
                    check(dict(opts.spargs), self.settings)
                except BadArgument as exc:
                    print(f"newscrawl: error: {exc}", file=sys.stderr)
                    self.exitcode = 2
                    return
        super().run(args, opts)
