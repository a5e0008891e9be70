"""Keep every file a crawl writes inside the operator's folders (``NEWSCRAWL_ALLOWED_ROOTS``).

Anyone who may schedule a Scrapyd job may also pass ``setting=NAME=value``, so the feed folder,
the state store and the stats file are strings from outside. Spider arguments never take part
in a path (feed URIs use the spider's name and the time only); these settings are checked
before a crawl starts: no NUL byte, no ``..`` segment, and, when ``NEWSCRAWL_ALLOWED_ROOTS``
is set, inside one of its folders once resolved (symlinks followed). The roots themselves come
from the environment or ``settings.py`` only: a ``-s``/``setting=`` override is refused.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path, PurePath
from typing import Any

from scrapy.settings import SETTINGS_PRIORITIES, BaseSettings

from newscrawl.extensions.statecommit import local_path
from newscrawl.state.base import StateStoreError
from newscrawl.state.sqlite import sqlite_path

#: Settings naming a file or folder the crawl writes (besides the state URI's SQLite file and
#: NEWSCRAWL_OUTPUT_DIR, which counts when a feed uses it).
PATH_SETTINGS = ("NEWSCRAWL_STATE_JOURNAL_DIR", "NEWSCRAWL_STATS_FILE")
OUTPUT_PARAM = "%(newscrawl_output_dir)s"


class UnsafePath(ValueError):
    """A configured path could escape the allowed folders; the message is one line."""


class _Placeholders(dict[str, Any]):
    """Feed URI parameters (``%(name)s``, ``%(time)s``...) filled with a harmless word."""

    def __missing__(self, key: str) -> str:
        return "x"


def allowed_roots(settings: BaseSettings) -> list[Path]:
    """The resolved folders of ``NEWSCRAWL_ALLOWED_ROOTS`` (os.pathsep-separated or a list)."""
    if (settings.getpriority("NEWSCRAWL_ALLOWED_ROOTS") or 0) > SETTINGS_PRIORITIES["project"]:
        raise UnsafePath(
            "NEWSCRAWL_ALLOWED_ROOTS can only be set in the environment or settings.py, "
            "not with -s or Scrapyd's setting="
        )
    value = settings.get("NEWSCRAWL_ALLOWED_ROOTS") or []
    if isinstance(value, str):
        value = value.split(os.pathsep)
    return [Path(str(v)).expanduser().resolve() for v in value if str(v).strip()]


def written_paths(settings: BaseSettings, spider_name: str = "x") -> Iterator[tuple[str, str]]:
    """(setting name, path as given) for every local file or folder the crawl writes."""
    for name in PATH_SETTINGS:
        if value := settings.get(name):
            yield name, str(value)
    uri = str(settings.get("NEWSCRAWL_STATE_URI") or "")
    if uri.startswith("sqlite:"):
        # A malformed URI is reported when the store opens.
        with contextlib.suppress(StateStoreError, ValueError):
            yield "NEWSCRAWL_STATE_URI", str(sqlite_path(uri))
    output = str(settings.get("NEWSCRAWL_OUTPUT_DIR") or "output")
    feeds = settings.getdict("FEEDS")
    if any(OUTPUT_PARAM in str(feed_uri) for feed_uri in feeds):
        yield "NEWSCRAWL_OUTPUT_DIR", output
    params = _Placeholders(name=spider_name, newscrawl_output_dir=output)
    for feed_uri in feeds:
        try:
            filled = str(feed_uri) % params
        except (TypeError, ValueError):
            filled = str(feed_uri)
        if "\x00" in filled or ".." in PurePath(filled).parts:
            yield "FEEDS", filled
        elif (path := local_path(filled)) is not None:
            yield "FEEDS", str(path)


def check_path(name: str, value: str, roots: list[Path]) -> None:
    """Raise UnsafePath unless ``value`` is a plain path inside one of ``roots`` (if any).

    >>> check_path("NEWSCRAWL_OUTPUT_DIR", "/srv/data/output", [Path("/srv/data")])
    >>> check_path("NEWSCRAWL_OUTPUT_DIR", "/srv/data/../../etc", [])  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    newscrawl.paths.UnsafePath: NEWSCRAWL_OUTPUT_DIR='/srv/data/../../etc': '..' is not ...
    >>> check_path("NEWSCRAWL_STATS_FILE", "/etc/x", [Path("/srv/data")])  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    newscrawl.paths.UnsafePath: NEWSCRAWL_STATS_FILE='/etc/x' is outside NEWSCRAWL_ALLOWED_ROOTS ...
    """
    shown = f"{name}={value[:120]!r}"
    if "\x00" in value:
        raise UnsafePath(f"{shown}: a NUL byte is not allowed in a path")
    if ".." in PurePath(value.removeprefix("file://")).parts:
        raise UnsafePath(f"{shown}: '..' is not allowed in a path")
    if not roots:
        return
    resolved = Path(value.removeprefix("file://")).expanduser().resolve()
    if not any(resolved.is_relative_to(root) for root in roots):
        folders = ", ".join(str(root) for root in roots)
        raise UnsafePath(f"{shown} is outside NEWSCRAWL_ALLOWED_ROOTS ({folders})")


def check_paths(settings: BaseSettings, spider_name: str = "x") -> None:
    """Check every path ``settings`` write to; raise UnsafePath (one line) on the first bad one."""
    roots = allowed_roots(settings)
    for name, value in written_paths(settings, spider_name):
        check_path(name, value, roots)
