"""``scrapy clearrun SPIDER [-a NAME=VALUE ...] [--run ID | --all]``: clear a stuck run.

Deletes a distributed run's frontier keys (queue, dupefilter, held articles, workers, in-flight
requests, markers) in ``NEWSCRAWL_REDIS_URL``; the crawl state (exported articles, fetched
pages) is kept. The run is named as the workers name it: the spider with the same arguments,
or ``--run`` (``NEWSCRAWL_RUN_ID``); ``--all`` clears every run of the spider. Stop the workers
of the run first.
"""

from __future__ import annotations

import argparse
import sys

import redis
from scrapy.commands import ScrapyCommand
from scrapy.exceptions import UsageError
from scrapy.spiderloader import get_spider_loader
from scrapy.utils.conf import arglist_to_dict

from newscrawl.commands.helptext import ProjectHelp
from newscrawl.distributed import crawl_args_data, redis_url, run_base, run_id
from newscrawl.outputs import resolve_defaults


class Command(ProjectHelp, ScrapyCommand):
    """Delete the shared frontier of a distributed run (or of every run of a spider)."""

    requires_project = True
    requires_crawler_process = False
    default_settings = {"LOG_ENABLED": False}

    def syntax(self) -> str:
        return "SPIDER [-a NAME=VALUE ...] [--run ID | --all]"

    def short_desc(self) -> str:
        return "Clear a stuck distributed run's frontier in NEWSCRAWL_REDIS_URL"

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        super().add_options(parser)
        parser.add_argument("-a", dest="spargs", action="append", default=[], metavar="NAME=VALUE")
        parser.add_argument("--run", help="the run id (NEWSCRAWL_RUN_ID) instead of arguments")
        parser.add_argument("--all", action="store_true", help="every run of the spider")

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        if len(args) != 1:
            raise UsageError("expected: scrapy clearrun SPIDER [-a NAME=VALUE ...]")
        spider = args[0]
        assert self.settings is not None
        resolve_defaults(self.settings)
        loader = get_spider_loader(self.settings)
        if spider not in loader.list():
            raise UsageError(f"unknown spider {spider!r}; known: {', '.join(loader.list())}")
        url = redis_url(self.settings)
        if url is None:
            print("newscrawl: error: NEWSCRAWL_REDIS_URL is not set", file=sys.stderr)
            self.exitcode = 2
            return
        if opts.all:
            pattern = f"newscrawl:run:{spider}:*"
        else:
            run = opts.run or self.settings.get("NEWSCRAWL_RUN_ID")
            if not run:
                raw = arglist_to_dict(opts.spargs)
                crawl_args = loader.load(spider).check_arguments(raw)  # type: ignore[attr-defined]
                run = run_id(spider, crawl_args_data(crawl_args))
            pattern = run_base(spider, run) + ":*"
        client = redis.Redis.from_url(url, socket_connect_timeout=5.0)
        try:
            keys = list(client.scan_iter(match=pattern, count=1000))
            for start in range(0, len(keys), 500):
                client.unlink(*keys[start : start + 500])
        except redis.RedisError as exc:
            print(f"newscrawl: error: {exc}", file=sys.stderr)
            self.exitcode = 2
            return
        finally:
            client.close()
        print(f"cleared {len(keys)} keys matching {pattern}")
