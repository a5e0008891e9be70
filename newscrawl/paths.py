"""Keep every file a crawl writes inside the operator's folders (``NEWSCRAWL_ALLOWED_ROOTS``).

Anyone who may schedule a Scrapyd job may also pass ``setting=NAME=value``, so the feed folder,
the state store, the journals, the stats file, ``LOG_FILE``, ``JOBDIR``, ``HTTPCACHE_DIR`` and any
other setting that names a path are strings from outside. Spider arguments never take part in a
path (feed URIs use the spider's name and the time only); these settings are checked before a
crawl starts: no NUL byte, no ``..`` segment, and, when ``NEWSCRAWL_ALLOWED_ROOTS`` is set, inside
one of its folders once resolved (symlinks followed), and the same file as its name says: a
regular file with a second name (a hard link, maybe to a file outside the roots), a FIFO, a
device or a socket is refused (the state file, its journals, logs, the stats file; feed targets
are checked by :mod:`newscrawl.feeds`). The roots themselves come from the environment or
``settings.py`` only: a ``-s``/``setting=`` override is refused.
"""

from __future__ import annotations

import contextlib
import os
import stat
from collections.abc import Iterator, Mapping
from pathlib import Path, PurePath
from typing import Any

from scrapy.exceptions import NotConfigured
from scrapy.settings import SETTINGS_PRIORITIES, BaseSettings
from scrapy.utils.project import data_path

from newscrawl.extensions.statecommit import journal_dir_for, local_path
from newscrawl.state.base import StateStoreError
from newscrawl.state.sqlite import sqlite_path

#: Settings naming a file or folder the crawl writes when set (besides the state URI's SQLite
#: file, the journal folder, HTTPCACHE_DIR and NEWSCRAWL_OUTPUT_DIR, which count when used).
PATH_SETTINGS = (
    "NEWSCRAWL_STATS_FILE",
    "LOG_FILE",
    "JOBDIR",
    "FEED_TEMPDIR",
    "FILES_STORE",
    "IMAGES_STORE",
    "REMOTE_CONTROL_JOBS_DIR",
)
#: Any other setting whose name ends so names a path too (an add-on's, a future Scrapy's), and
#: is checked when set above Scrapy's defaults.
PATH_NAME_ENDINGS = ("DIR", "_FILE", "_STORE", "_PATH")
#: Path settings only read (Scrapy's project templates), or checked on their own terms above.
NOT_WRITTEN = frozenset(
    {"TEMPLATES_DIR", "NEWSCRAWL_OUTPUT_DIR", "NEWSCRAWL_STATE_JOURNAL_DIR", "HTTPCACHE_DIR"}
)
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
    default = SETTINGS_PRIORITIES["default"]
    extra = [
        name
        for name in settings
        if name.endswith(PATH_NAME_ENDINGS)
        and name not in PATH_SETTINGS
        and name not in NOT_WRITTEN
        and (settings.getpriority(name) or 0) > default
    ]
    for name in (*PATH_SETTINGS, *sorted(extra)):
        value = settings.get(name)
        if isinstance(value, str | os.PathLike) and str(value).strip():
            yield name, str(value)
    if settings.getbool("HTTPCACHE_ENABLED") or (settings.getpriority("HTTPCACHE_DIR") or 0) > (
        default
    ):
        # Scrapy puts a relative cache folder in the project's .scrapy folder; a deployed egg has
        # none (no scrapy.cfg): Scrapy's cache middleware reports that itself.
        cache = str(settings.get("HTTPCACHE_DIR") or "httpcache")
        with contextlib.suppress(NotConfigured):
            yield "HTTPCACHE_DIR", cache if PurePath(cache).is_absolute() else data_path(cache)
    uri = str(settings.get("NEWSCRAWL_STATE_URI") or "")
    journals = settings.get("NEWSCRAWL_STATE_JOURNAL_DIR")
    if uri.startswith("sqlite:"):
        # A malformed URI is reported when the store opens.
        with contextlib.suppress(StateStoreError, ValueError):
            yield "NEWSCRAWL_STATE_URI", str(sqlite_path(uri))
    if uri or journals:
        with contextlib.suppress(StateStoreError, ValueError):
            yield "NEWSCRAWL_STATE_JOURNAL_DIR", str(journal_dir_for(uri, journals))
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


#: Files beside a SQLite state file that SQLite writes too.
SQLITE_SIDECARS = ("-wal", "-shm", "-journal")


def other_file(path: Path) -> str | None:
    """Why ``path`` is not the plain file or folder its name says (None when it is, or is
    absent): a regular file with more than one name (a hard link), a FIFO, a device, a socket.

    >>> other_file(Path("/dev/null")), other_file(Path("/nonexistent")), other_file(Path("/"))
    ('a character device, not a regular file', None, None)
    """
    try:
        info = path.stat()
    except OSError:
        return None
    if stat.S_ISDIR(info.st_mode):
        return None
    if stat.S_ISREG(info.st_mode):
        if info.st_nlink > 1:
            return f"a hard link ({info.st_nlink} names; the others may be outside the roots)"
        return None
    kinds = {stat.S_ISFIFO: "a FIFO", stat.S_ISCHR: "a character device"}
    kinds |= {stat.S_ISBLK: "a block device", stat.S_ISSOCK: "a socket"}
    kind = next((what for test, what in kinds.items() if test(info.st_mode)), "a special file")
    return f"{kind}, not a regular file"


def check_same_file(name: str, value: str, path: Path) -> None:
    """Raise UnsafePath when ``path`` (resolved) is not the plain file its name says."""
    if (why := other_file(path)) is not None:
        raise UnsafePath(f"{name}={value[:120]!r} is {why}")


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
    if name != "FEEDS":  # feed targets: newscrawl.feeds
        check_same_file(name, value, resolved)
        if name == "NEWSCRAWL_STATE_URI":
            for suffix in SQLITE_SIDECARS:
                sidecar = resolved.with_name(resolved.name + suffix)
                check_same_file(name, str(sidecar), sidecar)
        elif name == "NEWSCRAWL_STATE_JOURNAL_DIR" and resolved.is_dir():
            for journal in sorted(resolved.glob("*.json")):
                check_same_file(name, str(journal), journal)


def is_safe(settings: BaseSettings, name: str) -> bool:
    """Whether the path setting ``name`` is set and passes :func:`check_path` (may be written).

    >>> from scrapy.settings import Settings
    >>> roots = Settings({"NEWSCRAWL_ALLOWED_ROOTS": "/srv/data", "LOG_FILE": "/srv/data/x.log"})
    >>> is_safe(roots, "LOG_FILE"), is_safe(Settings({"LOG_FILE": "../x.log"}), "LOG_FILE")
    (True, False)
    """
    value = settings.get(name)
    if not isinstance(value, str | os.PathLike) or not str(value).strip():
        return False
    try:
        check_path(name, str(value), allowed_roots(settings))
    except UnsafePath:
        return False
    return True


def check_paths(settings: BaseSettings, spider_name: str = "x") -> None:
    """Check every path ``settings`` write to; raise UnsafePath (one line) naming every bad one.

    >>> from scrapy.settings import Settings
    >>> check_paths(Settings({"NEWSCRAWL_ALLOWED_ROOTS": "/srv", "LOG_FILE": "/var/x.log",
    ...     "NEWSCRAWL_STATS_FILE": "/etc/x.json"}))  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    newscrawl.paths.UnsafePath: NEWSCRAWL_STATS_FILE='/etc/x.json' is outside ...; LOG_FILE=...
    """
    roots = allowed_roots(settings)
    refused: list[str] = []
    for name, value in written_paths(settings, spider_name):
        try:
            check_path(name, value, roots)
        except UnsafePath as exc:
            refused.append(str(exc))
    if refused:
        raise UnsafePath("; ".join(refused))


def check_job_settings(
    settings: BaseSettings, sent: Mapping[str, str], spider_name: str = "x"
) -> None:
    """Check the paths named by the settings a Scrapyd job is sent with (``scrapy schedule``).

    Only the sent settings are checked: the others are the Scrapyd service's own (from its
    environment). Each sent path must be absolute, as a relative one would resolve in Scrapyd's
    working directory, unknown here. Raise UnsafePath (one line) on the first bad one.

    >>> from scrapy.settings import Settings
    >>> roots = Settings({"NEWSCRAWL_ALLOWED_ROOTS": "/srv/data"})
    >>> check_job_settings(roots, {"LOG_FILE": "/srv/data/job.log"})
    >>> check_job_settings(roots, {"LOG_FILE": "/var/log/job.log"})  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    newscrawl.paths.UnsafePath: LOG_FILE='/var/log/job.log' is outside NEWSCRAWL_ALLOWED_ROOTS ...
    >>> check_job_settings(Settings(), {"JOBDIR": "jobs/1"})  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    newscrawl.paths.UnsafePath: JOBDIR='jobs/1': a job's path must be absolute ...
    """
    job = settings.copy()
    job.setdict(dict(sent), priority="cmdline")
    roots = allowed_roots(job)
    for feed_uri in job.getdict("FEEDS") if "FEEDS" in sent else ():
        plain = "://" not in str(feed_uri) and not str(feed_uri).startswith(OUTPUT_PARAM)
        if plain and not PurePath(str(feed_uri)).is_absolute():
            _not_absolute("FEEDS", str(feed_uri))
    for name, value in written_paths(job, spider_name):
        if name not in sent:
            continue
        given = value if name in ("FEEDS", "NEWSCRAWL_STATE_URI") else str(sent[name])
        if not PurePath(given.removeprefix("file://")).is_absolute():
            _not_absolute(name, given)
        check_path(name, value, roots)


def _not_absolute(name: str, value: str) -> None:
    raise UnsafePath(
        f"{name}={value[:120]!r}: a job's path must be absolute "
        "(Scrapyd resolves a relative one in its own working directory)"
    )
