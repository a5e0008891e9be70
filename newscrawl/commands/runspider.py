"""``scrapy runspider`` that checks the logging settings first: a bad one is one line, exit 2.

Scrapy configures its logging from ``LOG_LEVEL`` (and the other logging switches) before a
spider or any component of the project runs, so the in-run check that refuses a bad setting of
a run started this way (:func:`newscrawl.settingspec.guard`) comes too late for them: a
``LOG_LEVEL=BOGUS`` printed a 20-line traceback. The other settings are still refused by that
in-run check, as before.
"""

from __future__ import annotations

import argparse
import sys

from scrapy.commands.runspider import Command as ScrapyRunspiderCommand

from newscrawl.commands.helptext import ProjectHelp
from newscrawl.exitcodes import BAD_ARGUMENTS
from newscrawl.runfiles import check_logging
from newscrawl.settingspec import BadSetting


class Command(ProjectHelp, ScrapyRunspiderCommand):
    """Scrapy's ``runspider``, with :func:`~newscrawl.runfiles.check_logging` before Scrapy
    configures its logging."""

    def process_options(self, args: list[str], opts: argparse.Namespace) -> None:
        super().process_options(args, opts)
        if self.settings is None:
            return
        try:
            check_logging(self.settings)
        except BadSetting as exc:
            print(f"newscrawl: error: {exc}", file=sys.stderr)
            raise SystemExit(BAD_ARGUMENTS) from None
