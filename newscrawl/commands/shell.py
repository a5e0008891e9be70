"""``scrapy shell``, without side effects: no state, feed, report or stats (see ``tools``)."""

from __future__ import annotations

import argparse

from scrapy.commands.shell import Command as ScrapyShellCommand

from newscrawl.commands.helptext import ProjectHelp
from newscrawl.commands.tools import without_side_effects


class Command(ProjectHelp, ScrapyShellCommand):
    """Scrapy's ``shell`` with :data:`newscrawl.commands.tools.TOOL_SETTINGS` applied."""

    def process_options(self, args: list[str], opts: argparse.Namespace) -> None:
        super().process_options(args, opts)
        without_side_effects(self.settings)
