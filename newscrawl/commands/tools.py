"""Scrapy's interactive tools (``parse``, ``shell``, ``check``, ``fetch``) without side effects.

They look at a page or two; they must not touch what a scheduled run relies on. With the
project's settings alone they would open the state store (and create its file), write the
default feed and its run report, the stats file, join a distributed run (``NEWSCRAWL_REDIS_URL``
from the environment) and, on idle, fetch every article a listing held. Each of the four project
commands of those names applies :data:`TOOL_SETTINGS` over everything else, ``-s`` included:
the add-on of the components that write files (:mod:`newscrawl.outputs`) is taken out, once,
and the feeds, the state store and Redis are emptied. It then checks what is still written
(``LOG_FILE``, ``HTTPCACHE_DIR``...) like ``scrapy crawl`` does (:mod:`newscrawl.paths`,
:mod:`newscrawl.runfiles`).
"""

from __future__ import annotations

import sys
from typing import Any

from scrapy.settings import BaseSettings

from newscrawl.distributed import LOCAL_ONLY
from newscrawl.outputs import ADDON, resolve_defaults
from newscrawl.paths import UnsafePath, check_paths
from newscrawl.runfiles import check_logging, check_run_files
from newscrawl.settingspec import BadSetting

#: What a tool run changes besides the add-on: no feed, no state store (``check_arguments``
#: would open it), no Redis, and listings yield their article requests (shown by
#: ``scrapy parse``) instead of holding them.
TOOL_SETTINGS: dict[str, Any] = {
    "FEEDS": {},
    "NEWSCRAWL_STATE_URI": "",
    **LOCAL_ONLY,
    "NEWSCRAWL_RELEASE_HOLD": False,
}


def without_side_effects(settings: BaseSettings | None) -> None:
    """Take the add-on of the writing components out and apply :data:`TOOL_SETTINGS`, over the
    command line's ``-s`` (called after them), then check the paths left and what Scrapy's
    logging reads (``LOG_LEVEL``, ``LOG_FILE``, ``JOBDIR``): one line and exit code 2 when one
    is unsafe or cannot be used.

    >>> from scrapy.settings import Settings
    >>> settings = Settings({"ADDONS": {ADDON: 10}, "FEEDS": {"x.jsonl": {}}}, priority="cmdline")
    >>> without_side_effects(settings)
    >>> settings.getdict("ADDONS")[ADDON], settings.getdict("FEEDS")
    (None, {})
    """
    if settings is None:
        return
    resolve_defaults(settings)  # the environment's roots, for the check below
    settings.setdict(TOOL_SETTINGS, priority="cmdline")
    settings.set("ADDONS", {**settings.getdict("ADDONS"), ADDON: None}, priority="cmdline")
    try:
        check_logging(settings)
        check_paths(settings)
        check_run_files(settings)
    except (UnsafePath, BadSetting) as exc:
        print(f"newscrawl: error: {exc}", file=sys.stderr)
        raise SystemExit(2) from None
