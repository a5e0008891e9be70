"""``scrapy fetch``, without side effects: no state, feed, report or stats (see ``tools``)."""

from __future__ import annotations

import argparse

from scrapy.commands.fetch import Command as ScrapyFetchCommand

from newscrawl.commands.helptext import ProjectHelp
from newscrawl.commands.tools import without_side_effects


class Command(ProjectHelp, ScrapyFetchCommand):
    """Scrapy's ``fetch`` with :data:`newscrawl.commands.tools.TOOL_SETTINGS` applied."""

    def process_options(self, args: list[str], opts: argparse.Namespace) -> None:
        super().process_options(args, opts)
        without_side_effects(self.settings)
