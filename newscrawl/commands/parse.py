"""``scrapy parse``, without side effects: no state, feed, report or stats (see ``tools``)."""

from __future__ import annotations

import argparse
import warnings

from scrapy.commands.parse import Command as ScrapyParseCommand
from scrapy.exceptions import ScrapyDeprecationWarning

from newscrawl.commands.tools import without_side_effects


class Command(ScrapyParseCommand):
    """Scrapy's ``parse`` with :data:`newscrawl.commands.tools.TOOL_SETTINGS` applied."""

    def process_options(self, args: list[str], opts: argparse.Namespace) -> None:
        super().process_options(args, opts)
        without_side_effects(self.settings)
        # Scrapy 2.19's own parse command wraps every callback in a function that returns a
        # Deferred (scrapy/commands/parse.py, prepare_request) and its spider middleware then
        # warns about that on every page: a WARNING that is not the spider's to fix.
        warnings.filterwarnings(
            "ignore",
            message=r".* returned a Deferred\. Returning Deferreds from spider callbacks",
            category=ScrapyDeprecationWarning,
        )
