"""A stop signal while ``scrapy crawl`` or ``scrapy extract`` is still starting: one line and
exit code 8.

Scrapy installs its own SIGINT/SIGTERM handlers only once the reactor runs, about two seconds
into a crawl (the imports, the settings, the spider and its components come first); ``scrapy
extract`` installs its own once it runs. Before that, Ctrl-C (or Scrapyd's cancel, a SIGINT)
printed Python's ``KeyboardInterrupt`` traceback and SIGTERM ended the process without a word.
:func:`guard` installs a handler for that window, as early as the project's code runs (the top
of ``newscrawl/settings.py``), and only in those two commands: an interactive ``scrapy shell``
keeps Python's Ctrl-C. Until the command's own handlers replace it no page has been fetched and
no output written, so the run stops at once, as after a kill: nothing it wrote is lost (a
staged feed is recovered by the next run from its journal, docs/faults.md).

Only the first half second, while Python loads Scrapy itself before any project code, is left
to Python's default handling.
"""

from __future__ import annotations

import os
import signal
import sys
from collections.abc import Callable
from types import FrameType

#: The exit code of an interrupted run (newscrawl.exitcodes.INTERRUPTED; not imported here,
#: which would load Scrapy's crawler before the handler is in place).
INTERRUPTED = 8


#: The commands guarded, and the line each ends with.
LINES = {
    "crawl": "Run failed (exit code {code}, interrupted): Interrupted by {name} while the crawl "
    "was starting, before any page was fetched; run again",
    "extract": "interrupted by {name} while scrapy extract was starting, before any output was "
    "written; run again",
}


def _stop_with(line: str) -> Callable[[int, FrameType | None], None]:
    def stop(signum: int, frame: FrameType | None) -> None:
        name = signal.Signals(signum).name
        said = line.format(code=INTERRUPTED, name=name)
        os.write(2, f"newscrawl: error: {said}\n".encode())
        os._exit(INTERRUPTED)

    return stop


def guard(argv: list[str] | None = None) -> bool:
    """Install the starting-window handler when ``argv`` runs a guarded command (``crawl``,
    ``extract``); True when installed."""
    argv = sys.argv if argv is None else argv
    line = LINES.get(argv[1]) if len(argv) > 1 else None
    if line is None:
        return False
    stop = _stop_with(line)
    for signum in (signal.SIGINT, signal.SIGTERM):
        # Never over a handler someone else set (a debugger, an embedding program).
        if signal.getsignal(signum) in (signal.default_int_handler, signal.SIG_DFL):
            signal.signal(signum, stop)
    return True
