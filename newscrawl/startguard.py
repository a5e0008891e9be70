"""A stop signal while ``scrapy crawl`` is still starting: one line and exit code 8.

Scrapy installs its own SIGINT/SIGTERM handlers only once the reactor runs, about two seconds
into a crawl (the imports, the settings, the spider and its components come first). Before
that, Ctrl-C (or Scrapyd's cancel, a SIGINT) printed Python's ``KeyboardInterrupt`` traceback
and SIGTERM ended the process without a word. :func:`guard` installs a handler for that window,
as early as the project's code runs (the top of ``newscrawl/settings.py``), and only in a
``crawl`` command: an interactive ``scrapy shell`` keeps Python's Ctrl-C. Scrapy's handlers
replace it when the reactor starts; until then no page has been fetched, so the run stops at
once, as after a kill: nothing it wrote is lost (a staged feed is recovered by the next run from
its journal, docs/faults.md).

Only the first half second, while Python loads Scrapy itself before any project code, is left
to Python's default handling.
"""

from __future__ import annotations

import os
import signal
import sys
from types import FrameType

#: The exit code of an interrupted run (newscrawl.exitcodes.INTERRUPTED; not imported here,
#: which would load Scrapy's crawler before the handler is in place).
INTERRUPTED = 8


def _stop(signum: int, frame: FrameType | None) -> None:
    name = signal.Signals(signum).name
    line = (
        f"newscrawl: error: Run failed (exit code {INTERRUPTED}, interrupted): Interrupted by "
        f"{name} while the crawl was starting, before any page was fetched; run again\n"
    )
    os.write(2, line.encode())
    os._exit(INTERRUPTED)


def guard(argv: list[str] | None = None) -> bool:
    """Install the starting-window handler when ``argv`` runs ``crawl``; True when installed."""
    argv = sys.argv if argv is None else argv
    if argv[1:2] != ["crawl"]:
        return False
    for signum in (signal.SIGINT, signal.SIGTERM):
        # Never over a handler someone else set (a debugger, an embedding program).
        if signal.getsignal(signum) in (signal.default_int_handler, signal.SIG_DFL):
            signal.signal(signum, _stop)
    return True
