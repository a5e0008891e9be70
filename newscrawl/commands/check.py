"""``scrapy check``, without side effects: no state, feed, report or stats (see ``tools``)."""

from __future__ import annotations

import argparse

from scrapy.commands.check import Command as ScrapyCheckCommand

from newscrawl.commands.helptext import ProjectHelp
from newscrawl.commands.tools import without_side_effects


class Command(ProjectHelp, ScrapyCheckCommand):
    """Scrapy's ``check`` with :data:`newscrawl.commands.tools.TOOL_SETTINGS` applied."""

    def process_options(self, args: list[str], opts: argparse.Namespace) -> None:
        super().process_options(args, opts)
        without_side_effects(self.settings)
