"""``scrapy state show|reset SITE``: inspect or forget a site's crawl state.

Neither creates a store: a ``sqlite:`` file that does not exist (a mistyped path, a state no
crawl has written yet) is one line and exit code 2, as a bad state URI is; ``show`` opens the
store read-only (``docs/exit-codes.md``).
"""

from __future__ import annotations

import argparse
import sys

from scrapy.commands import ScrapyCommand
from scrapy.exceptions import UsageError

from newscrawl.commands.helptext import ProjectHelp
from newscrawl.outputs import resolve_defaults
from newscrawl.sites import all_sites
from newscrawl.state import StateStoreError, open_store


class Command(ProjectHelp, ScrapyCommand):
    """Show or reset the state (exported source URLs, fetched pages) of one site."""

    requires_project = True
    requires_crawler_process = False
    default_settings = {"LOG_ENABLED": False}

    def syntax(self) -> str:
        return "show|reset SITE"

    def short_desc(self) -> str:
        return "Show or reset a site's crawl state (NEWSCRAWL_STATE_URI)"

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        if len(args) != 2 or args[0] not in ("show", "reset"):
            raise UsageError("expected: scrapy state show|reset SITE")
        action, site = args
        if site not in all_sites():
            raise UsageError(f"unknown site {site!r}; known: {', '.join(all_sites())}")
        assert self.settings is not None
        resolve_defaults(self.settings)
        uri = self.settings.get("NEWSCRAWL_STATE_URI")
        try:
            store = open_store(uri, existing=True, read_only=action == "show")
        except StateStoreError as exc:
            print(f"newscrawl: error: {exc}", file=sys.stderr)
            self.exitcode = 2
            return
        with store:
            if action == "reset":
                store.reset(site)
                print(f"state of {site} reset in {store.uri}")
            else:
                counts = store.counts(site)
                print(
                    f"{site} in {store.uri}: {counts['exported']} exported source articles, "
                    f"{counts['pages']} fetched pages, {counts['pending']} pending claims"
                )
