"""The components that write files, switched on together by one Scrapy add-on, and the
defaults of the settings that come from the environment or the working directory.

:class:`Outputs` (in ``ADDONS``) adds the feed guard, the stats file, the state and dedup
component and the run report (:data:`COMPONENTS`) at the add-on priority, so a user's
``EXTENSIONS`` can still switch one off; Scrapy's tools (``scrapy parse``, ``shell``, ``check``,
``fetch``: :mod:`newscrawl.commands.tools`) take the add-on out of ``ADDONS`` instead of
switching each component off.

``settings.py`` reads neither the environment nor the working directory when imported:
``NEWSCRAWL_OUTPUT_DIR``, ``NEWSCRAWL_STATE_URI``, ``NEWSCRAWL_REDIS_URL`` and
``NEWSCRAWL_ALLOWED_ROOTS`` are None there, and :func:`resolve_defaults` fills them when a
crawl starts: the environment variable of the same name, else the default (for the folders,
absolute, from the working directory at that moment, so a Scrapyd job writes where its own
working directory says). ``-s`` (or a spider's setting) beats the environment, which beats the
default, as before. It is called by this add-on (before any crawler is built:
``update_pre_crawler_settings``; and as a crawler starts: ``update_settings``) and by the
commands that read these settings before any crawler exists (``scrapy crawl``'s checks,
``scrapy state``, ``clearrun``, ``schedule``, ``extract``, the tools).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from pathlib import Path

from scrapy.settings import SETTINGS_PRIORITIES, BaseSettings

from newscrawl.settingspec import FROM_ENVIRONMENT

#: The add-on's dotted path (``ADDONS``).
ADDON = "newscrawl.outputs.Outputs"

#: The components the add-on switches on, by the setting that lists them, with their order.
COMPONENTS: dict[str, dict[str, int]] = {
    "EXTENSIONS": {
        # Refuses, at spider_opened and before the state store opens, a run whose feeds will
        # not be written, where `scrapy crawl`'s own check was bypassed (runspider, scripts).
        "newscrawl.extensions.feedguard.FeedGuard": 50,
        "newscrawl.extensions.statsfile.StatsFile": 500,
        # Dedup, the state's claims and their commits (after the feed exporter: a line is
        # handed to the feed before its claim is committed).
        "newscrawl.extensions.statecommit.StateCommit": 600,
        "newscrawl.extensions.runreport.RunReport": 700,
    },
}


def _output_dir(cwd: Path) -> str:
    return str(cwd / "output")


def _state_uri(cwd: Path) -> str:
    # "sqlite://" + an absolute path gives the three slashes of sqlite:///abs/path.
    return f"sqlite://{cwd / 'state' / 'state.sqlite'}"


#: The default of each setting read from the environment, from the working directory.
DEFAULTS: dict[str, Callable[[Path], str | None]] = {
    "NEWSCRAWL_OUTPUT_DIR": _output_dir,
    "NEWSCRAWL_STATE_URI": _state_uri,
    "NEWSCRAWL_ALLOWED_ROOTS": lambda cwd: "",
}


def resolve_defaults(
    settings: BaseSettings, environ: Mapping[str, str] | None = None, cwd: Path | None = None
) -> None:
    """Fill the settings of :data:`~newscrawl.settingspec.FROM_ENVIRONMENT` still None at the
    project's priority or below: the environment variable, else the default (:data:`DEFAULTS`;
    none for the others). Values given with ``-s`` or by a spider are left alone; so is a value
    already resolved (idempotent).

    >>> from scrapy.settings import Settings
    >>> s = Settings({"NEWSCRAWL_OUTPUT_DIR": None, "NEWSCRAWL_STATE_URI": None})
    >>> s.set("NEWSCRAWL_STATE_URI", "", priority="cmdline")
    >>> resolve_defaults(s, {"NEWSCRAWL_OUTPUT_DIR": "/srv/o"}, Path("/w"))
    >>> s["NEWSCRAWL_OUTPUT_DIR"], s["NEWSCRAWL_STATE_URI"], s["NEWSCRAWL_ALLOWED_ROOTS"]
    ('/srv/o', '', '')
    >>> resolve_defaults(s := Settings({"NEWSCRAWL_STATE_URI": None}), {}, Path("/w"))
    >>> s["NEWSCRAWL_STATE_URI"], s["NEWSCRAWL_OUTPUT_DIR"]
    ('sqlite:///w/state/state.sqlite', '/w/output')
    """
    environ = os.environ if environ is None else environ
    project = SETTINGS_PRIORITIES["project"]
    for name in sorted(FROM_ENVIRONMENT):
        if settings.get(name) is not None or (settings.getpriority(name) or 0) > project:
            continue
        value = environ.get(name) or None
        if value is None and name in DEFAULTS:
            value = DEFAULTS[name](cwd or Path.cwd())
        if value is not None and not settings.frozen:
            settings.set(name, value, priority="project")


class Outputs:
    """Scrapy add-on: every component that writes files, on together (see the module)."""

    @classmethod
    def update_pre_crawler_settings(cls, settings: BaseSettings) -> None:
        # Before the spider's update_settings reads them (distributed mode).
        resolve_defaults(settings)

    def update_settings(self, settings: BaseSettings) -> None:
        resolve_defaults(settings)
        for setting, components in COMPONENTS.items():
            listed = settings[setting]
            for path, order in components.items():
                listed.set(path, order, priority="addon")
