"""``scrapy parse``, without side effects: no state, feed, report or stats (see ``tools``)."""

from __future__ import annotations

import argparse

from scrapy.commands.parse import Command as ScrapyParseCommand

from newscrawl.commands.tools import without_side_effects


class Command(ScrapyParseCommand):
    """Scrapy's ``parse`` with :data:`newscrawl.commands.tools.TOOL_SETTINGS` applied."""

    def process_options(self, args: list[str], opts: argparse.Namespace) -> None:
        super().process_options(args, opts)
        without_side_effects(self.settings)
