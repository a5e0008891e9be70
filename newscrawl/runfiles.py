"""The files a run writes besides its feeds, checked before the crawl: one line, exit code 2.

Scrapy opens ``LOG_FILE`` when it configures its logging, and creates ``JOBDIR`` when its
scheduler starts, both before any newscrawl component runs: a missing folder, a folder where a
file should be or ``/proc`` was a 20-line traceback and exit code 1. The stats file
(``NEWSCRAWL_STATS_FILE``) is written only after the crawl, so a path that cannot be written
was found after the whole run, as a traceback in a signal handler, and the run still exited 0.
:func:`check_run_files` tries each the way it will be written (nothing is left behind: a folder
created for the try is removed again) and raises :class:`~newscrawl.settingspec.BadSetting`
naming the setting; ``scrapy crawl`` and the tools call it after :mod:`newscrawl.paths` said the
path is allowed, and :mod:`newscrawl.extensions.statsfile` checks its file again at
``spider_opened`` where ``scrapy crawl`` is bypassed.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from pathlib import Path

from scrapy.settings import BaseSettings

from newscrawl.settingspec import BadSetting, check_settings, normalize_log_level

#: Settings naming a file that is written, and whether its folder is created when missing
#: (Scrapy's log handler does not create one; the stats file does).
FILE_SETTINGS = {"LOG_FILE": False, "NEWSCRAWL_STATS_FILE": True}
#: Settings naming a folder that is created when missing (Scrapy's ``job_dir``).
FOLDER_SETTINGS = ("JOBDIR",)
#: What Scrapy's logging set-up reads: checked before it runs.
LOGGING_SETTINGS = ("LOG_LEVEL", "LOG_ENABLED", "LOG_FILE_APPEND", "LOG_STDOUT")


def _missing_folders(folder: Path) -> list[Path]:
    """The folders from ``folder`` up that do not exist, deepest first; NotADirectoryError
    when the first one that exists is not a folder."""
    missing = []
    while not folder.exists() and folder != folder.parent:
        missing.append(folder)
        folder = folder.parent
    if not folder.is_dir():
        raise NotADirectoryError(20, f"{folder} is not a folder")
    return missing


def try_folder(folder: Path, *, create: bool) -> None:
    """Create a file in ``folder`` (its missing folders first when ``create``), then remove
    what was created; OSError with a short reason when that fails."""
    missing = _missing_folders(folder)
    if missing and not create:
        raise FileNotFoundError(2, f"the folder {folder} does not exist")
    try:
        for made in reversed(missing):
            made.mkdir()
        with tempfile.NamedTemporaryFile(dir=folder, prefix=".newscrawl-check-"):
            pass
    finally:
        for made in missing:  # deepest first
            with contextlib.suppress(OSError):
                made.rmdir()


def file_problem(path: Path, *, create_folder: bool) -> str | None:
    """Why ``path`` cannot be written as a file, or None.

    >>> file_problem(Path("/proc/x.json"), create_folder=True)
    'cannot write in /proc (No such file or directory)'
    >>> file_problem(Path("/nonexistent-x/x.log"), create_folder=False)
    'the folder /nonexistent-x does not exist'
    >>> file_problem(Path("/"), create_folder=True)
    'it is a folder'
    """
    try:
        info = os.stat(path)
    except OSError:
        info = None
    if info is not None and stat.S_ISDIR(info.st_mode):
        return "it is a folder"
    if info is not None and not stat.S_ISREG(info.st_mode):
        return None  # /dev/null, /dev/stderr: written as they are (the roots refuse others)
    try:
        if info is not None:
            with path.open("ab"):
                pass
        else:
            try_folder(path.parent, create=create_folder)
    except OSError as exc:
        if isinstance(exc, FileNotFoundError | NotADirectoryError) and exc.filename is None:
            return str(exc.strerror)
        return f"cannot write in {path.parent} ({exc.strerror or exc})"
    return None


def folder_problem(path: Path) -> str | None:
    """Why a file cannot be written in the folder ``path`` (created when missing), or None.

    >>> folder_problem(Path("/proc/j"))
    'cannot create or write in it (No such file or directory)'
    """
    try:
        try_folder(path, create=True)
    except OSError as exc:
        if isinstance(exc, NotADirectoryError) and exc.filename is None:
            return str(exc.strerror)
        return f"cannot create or write in it ({exc.strerror or exc})"
    return None


def run_file_problems(settings: BaseSettings) -> list[str]:
    """Each file or folder setting that cannot be written, one line each."""
    found = []
    for name, create in FILE_SETTINGS.items():
        value = settings.get(name)
        if value and (problem := file_problem(Path(str(value)), create_folder=create)):
            found.append(f"{name}={str(value)[:120]!r}: {problem}")
    for name in FOLDER_SETTINGS:
        value = settings.get(name)
        if value and (problem := folder_problem(Path(str(value)))):
            found.append(f"{name}={str(value)[:120]!r}: {problem}")
    return found


def check_logging(settings: BaseSettings) -> None:
    """Check the values Scrapy's logging set-up reads (``LOG_LEVEL`` and the switches), before
    it runs, and write ``LOG_LEVEL`` as logging takes it (``debug`` -> ``DEBUG``); raise
    :class:`BadSetting` (one line). ``LOG_FILE`` is tried by :func:`check_log_file`."""
    check_settings(settings, names=[n for n in LOGGING_SETTINGS if n in settings], environ=None)
    normalize_log_level(settings)


def check_log_file(settings: BaseSettings) -> None:
    """Raise :class:`BadSetting` (one line) when ``LOG_FILE`` cannot be opened for writing."""
    log_file = settings.get("LOG_FILE")
    if log_file and (problem := file_problem(Path(str(log_file)), create_folder=False)):
        raise BadSetting(f"bad setting: LOG_FILE={str(log_file)[:120]!r}: {problem}")


def check_run_files(settings: BaseSettings) -> None:
    """Raise :class:`BadSetting` (one line: the first problem) when ``LOG_FILE``, ``JOBDIR``
    or ``NEWSCRAWL_STATS_FILE`` cannot be written. Call it after :func:`newscrawl.paths.
    check_paths` allowed them: it creates (and removes) a file there."""
    found = run_file_problems(settings)
    if found:
        more = f" (and {len(found) - 1} more)" if len(found) > 1 else ""
        raise BadSetting(f"bad setting: {found[0]}{more}")
