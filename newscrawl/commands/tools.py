"""Scrapy's interactive tools (``parse``, ``shell``, ``check``, ``fetch``) without side effects.

They look at a page or two; they must not touch what a scheduled run relies on. With the
project's settings alone they would open the state store (and create its file), write the
default feed and its run report, the stats file, join a distributed run (``NEWSCRAWL_REDIS_URL``
from the environment) and, on idle, fetch every article a listing held. Each of the four project
commands of those names applies :data:`TOOL_SETTINGS` over everything else, ``-s`` included,
and then checks what is still written (``LOG_FILE``, ``HTTPCACHE_DIR``...) like ``scrapy crawl``
does (:mod:`newscrawl.paths`).
"""

from __future__ import annotations

import sys
from typing import Any

from scrapy.settings import BaseSettings

from newscrawl.distributed import LOCAL_ONLY
from newscrawl.paths import UnsafePath, check_paths

#: The project's extensions that write (state, run report, stats file): left out of a tool run,
#: quietly (a NotConfigured would log a warning each).
WRITING_EXTENSIONS = (
    "newscrawl.extensions.statecommit.StateCommit",
    "newscrawl.extensions.runreport.RunReport",
    "newscrawl.extensions.statsfile.StatsFile",
)
#: What a tool run changes: no feed (hence no report), no state, no stats file, no Redis, and
#: listings yield their article requests (shown by ``scrapy parse``) instead of holding them.
TOOL_SETTINGS: dict[str, Any] = {
    "FEEDS": {},
    "NEWSCRAWL_STATE_URI": "",
    "NEWSCRAWL_STATS_FILE": None,
    "NEWSCRAWL_REPORT_ENABLED": False,
    **LOCAL_ONLY,
    "NEWSCRAWL_RELEASE_HOLD": False,
}


def without_side_effects(settings: BaseSettings | None) -> None:
    """Apply :data:`TOOL_SETTINGS` over the command line's ``-s`` (called after them), then
    check the paths left: one line and exit code 2 when one is unsafe.

    >>> from scrapy.settings import Settings
    >>> settings = Settings({"NEWSCRAWL_STATS_FILE": "/tmp/s.json"}, priority="cmdline")
    >>> without_side_effects(settings)
    >>> settings["NEWSCRAWL_STATS_FILE"], settings.getdict("FEEDS")
    (None, {})
    >>> settings.getdict("EXTENSIONS")["newscrawl.extensions.statecommit.StateCommit"] is None
    True
    """
    if settings is None:
        return
    settings.setdict(TOOL_SETTINGS, priority="cmdline")
    extensions = {**settings.getdict("EXTENSIONS"), **dict.fromkeys(WRITING_EXTENSIONS)}
    settings.set("EXTENSIONS", extensions, priority="cmdline")
    try:
        check_paths(settings)
    except UnsafePath as exc:
        print(f"newscrawl: error: {exc}", file=sys.stderr)
        raise SystemExit(2) from None
