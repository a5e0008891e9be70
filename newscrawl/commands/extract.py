"""``scrapy extract PAGES.jsonl -O ARTICLES.jsonl``: re-extract stored pages into Articles.

Each input line is ``{"id": ..., "url": ..., "html": PATH}``; PATH is an ``.html`` or
``.html.gz`` file, absolute or relative to the input file's folder. Each output line is an
Article record with the same ``id``. Pages of a known aggregator (its base URL or a mirror
given with ``--mirror KEY=URL``) use that site's extraction; all others the generic
extractor (``site: "generic"``). A generic page's times keep the offset the page gives (the
publisher's day); ``--utc`` writes them in UTC, as the crawl does.

Pages are read only inside the page folders: ``--root DIR`` (repeatable) and
``NEWSCRAWL_ALLOWED_ROOTS``, else the input file's folder; only regular files with one name (no
device, FIFO, socket or hard link), at most ``DOWNLOAD_MAXSIZE`` bytes as stored and once
decompressed (:mod:`newscrawl.extract.pagefile`). A page that cannot be read or parsed gives one
line with its ``id`` and an ``error``. An input line that is not a JSON object with
``id``/``url``/``html`` is counted, logged with its line number and skipped. Only an unusable
input (missing, not a regular file, outside the page folders when ``NEWSCRAWL_ALLOWED_ROOTS`` is
set, a hard link there, no usable line at all), output (a format it cannot write, ``-o`` onto
a JSON array, a URI other than ``file://``, outside the roots), ``--root`` folder that does not
exist, mirror of an unknown site or bad setting (``LOG_LEVEL``, ``LOG_FILE``...) makes the exit
code non-zero (2), with one line on stderr. ``-O FILE`` replaces FILE only once every page was
extracted and fsynced (:class:`Output`): stopped by SIGINT or SIGTERM, the command exits 8 and
keeps the records done beside FILE; a failed write (disk full) exits 6; FILE is left as it was
in both.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import logging
import multiprocessing
import os
import re
import signal
import sys
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from types import FrameType
from typing import IO, Any
from urllib.parse import unquote, urlsplit

from itemadapter import ItemAdapter
from scrapy.commands import ScrapyCommand
from scrapy.exporters import BaseItemExporter, JsonItemExporter, JsonLinesItemExporter
from scrapy.utils.log import configure_logging

from newscrawl.commands.helptext import ProjectHelp
from newscrawl.exitcodes import FEED, INTERRUPTED
from newscrawl.exporters import ArticleCsvItemExporter
from newscrawl.extract.depth import MESSAGE as DEPTH
from newscrawl.extract.depth import REASON as DEPTH_REASON
from newscrawl.extract.depth import failure_is_depth, too_deep
from newscrawl.extract.pagefile import HARD_LINK, PageFileError, inside, read_page_file
from newscrawl.feeds import ConfirmedFile, _sync_folder, _tagged, free_name
from newscrawl.items import ARTICLE_FIELDS
from newscrawl.outputs import resolve_defaults
from newscrawl.paths import UnsafePath, allowed_roots, check_path
from newscrawl.runfiles import check_log_file, check_logging
from newscrawl.settingspec import BadSetting, check_settings

logger = logging.getLogger(__name__)

#: Output columns: the Article's fields, then the input line's id and the error, if any.
OUTPUT_FIELDS: tuple[str, ...] = (*ARTICLE_FIELDS, "id", "error")
#: Inputs shorter than this are extracted in this process (workers cost a start-up).
POOL_MIN_PAGES = 16
#: Output formats this command writes (``FILE:FORMAT`` or by extension), as Scrapy names them.
FORMATS = {"jsonlines": "jsonlines", "jsonl": "jsonlines", "jl": "jsonlines", "json": "json"}
FORMATS |= {"csv": "csv"}
#: Bad input lines logged one by one; beyond, only counted.
MAX_LOGGED_BAD_LINES = 20
#: The longest input line read (an id, a URL and a path are far shorter): longer is a bad line.
MAX_LINE_CHARS = 1 << 20
#: An output file is fsynced every so many records, and at the end.
CONFIRM_EVERY = 100
EXPECTED = (
    'expected JSON lines, one {"id": ..., "url": ..., "html": PATH} object per line '
    "(the page itself goes in the file at PATH)"
)


class UnusableInput(Exception):
    """The input file cannot be used at all (exit code 2)."""


@dataclass(frozen=True)
class PageJob:
    """One input line, resolved."""

    line: int
    id: Any
    url: str
    path: Path


@dataclass
class Input:
    """The usable lines of an input file, and how many were skipped."""

    jobs: list[PageJob]
    bad_lines: int


def _job(input_path: Path, number: int, raw: str) -> PageJob:
    """One input line as a job; ValueError with a short reason when it is not one."""
    try:
        data = json.loads(raw)
    except ValueError:
        raise ValueError("not a JSON object") from None
    if not isinstance(data, dict):
        raise ValueError("not a JSON object")
    missing = [k for k in ("id", "url", "html") if k not in data]
    if missing:
        raise ValueError(f"missing {', '.join(missing)}")
    if not isinstance(data["html"], str) or not isinstance(data["url"], str):
        raise ValueError("'url' and 'html' must be strings")
    path = Path(data["html"])
    if not path.is_absolute():
        path = input_path.parent / path
    return PageJob(number, data["id"], data["url"], path)


#: Stands for an input line over MAX_LINE_CHARS (its text is not kept).
TOO_LONG = "\0too long"


def _bounded_lines(stream: IO[str]) -> Iterator[str]:
    """The lines of ``stream``, each read at most MAX_LINE_CHARS at a time (TOO_LONG if over).

    >>> import io
    >>> list(_bounded_lines(io.StringIO("a\\n" + "b" * (MAX_LINE_CHARS + 5) + "\\nc\\n")))
    ['a\\n', '\\x00too long', 'c\\n']
    """
    while line := stream.readline(MAX_LINE_CHARS + 1):
        if len(line) <= MAX_LINE_CHARS or line.endswith("\n"):
            yield line
            continue
        while (rest := stream.readline(MAX_LINE_CHARS)) and not rest.endswith("\n"):
            pass  # skip the rest of the long line without keeping it
        yield TOO_LONG


def check_input(input_path: Path, roots: list[Path]) -> None:
    """With ``roots`` (``NEWSCRAWL_ALLOWED_ROOTS`` is set): the input list must resolve inside
    one (as pages do) and be the same file as its name, not a hard link to one outside."""
    if not roots:
        return
    resolved = input_path.resolve()
    if not inside(resolved, roots):
        folders = ", ".join(str(root) for root in roots)
        raise UnusableInput(f"input file {input_path} is outside the page folders ({folders})")
    with contextlib.suppress(OSError):  # a missing file is reported by read_jobs
        if input_path.is_file() and (links := input_path.stat().st_nlink) > 1:
            why = HARD_LINK.format(n=links)
            raise UnusableInput(f"input file {input_path} is {why}")


def read_jobs(input_path: Path, roots: list[Path] | None = None) -> Input:
    """Parse the input JSON lines; bad lines are logged and skipped.

    Raise :class:`UnusableInput` with a one-line reason when the file cannot be read or has no
    usable line (an HTML page given directly, say), or is outside ``roots`` (see
    :func:`check_input`).
    """
    try:
        info = input_path.stat()
    except FileNotFoundError:
        raise UnusableInput(f"input file not found: {input_path}") from None
    except OSError as exc:
        raise UnusableInput(f"cannot read input file {input_path}: {exc.strerror}") from None
    check_input(input_path, roots or [])
    if not input_path.is_file():
        raise UnusableInput(f"{input_path} is not a regular file; {EXPECTED}")
    jobs: list[PageJob] = []
    bad = 0
    first_bad = ""
    try:
        with input_path.open(encoding="utf-8", errors="strict") as lines:
            for number, raw in enumerate(_bounded_lines(lines), start=1):
                if not raw.strip():
                    continue
                try:
                    if raw is TOO_LONG:
                        raise ValueError(f"longer than {MAX_LINE_CHARS} characters")
                    jobs.append(_job(input_path, number, raw))
                except ValueError as exc:
                    bad += 1
                    first_bad = first_bad or f"line {number}: {exc}"
                    if bad <= MAX_LOGGED_BAD_LINES:
                        logger.warning("%s:%d: %s; skipped", input_path, number, exc)
    except UnicodeDecodeError:
        raise UnusableInput(f"{input_path} is not UTF-8 text; {EXPECTED}") from None
    except OSError as exc:
        raise UnusableInput(f"cannot read input file {input_path}: {exc}") from None
    if not jobs:
        if not bad:
            raise UnusableInput(f"no pages in {input_path} ({info.st_size} bytes); {EXPECTED}")
        raise UnusableInput(f"{input_path} has no usable line ({first_bad}); {EXPECTED}")
    if bad > MAX_LOGGED_BAD_LINES:
        logger.warning("%s: %d more bad lines skipped", input_path, bad - MAX_LOGGED_BAD_LINES)
    return Input(jobs, bad)


def _site_extractor(url: str, mirrors: dict[str, str]) -> Any:
    """The known site hosting ``url``, or None (the generic path)."""
    try:
        from newscrawl.sites import site_for_url
    except ImportError:  # the site registry is optional for the generic path
        return None
    return site_for_url(url, mirrors)


@dataclass(frozen=True)
class Limits:
    """Where pages may be read from, how large they may be, and how times are written."""

    roots: tuple[Path, ...]
    max_size: int
    #: ``--utc``: instants in UTC (the crawl's form), not with the offset the page gives.
    utc: bool = False


def extract_page(
    job: PageJob, mirrors: dict[str, str], scraped_at: str, limits: Limits
) -> dict[str, Any]:
    """One output record for ``job``: an Article dict with ``id``, or ``id`` and ``error``."""
    try:
        html = read_page_file(job.path, list(limits.roots), limits.max_size)
    except PageFileError as exc:
        return {"id": job.id, "url": job.url, "error": f"cannot read {exc}"}
    try:
        site = _site_extractor(job.url, mirrors)
        if site is not None:
            from newscrawl.extract.aggregated import extract_article

            article, _ = extract_article(html, job.url, site)
            record = dict(ItemAdapter(article).items())
        else:
            # Imported here: Scrapy loads every command module for every command it runs.
            from newscrawl.extract.generic import extract_generic

            record = extract_generic(html, job.url)
    except Exception as exc:  # one bad page must not stop the run
        if failure_is_depth(exc, html):
            return {"id": job.id, "url": job.url, "error": f"cannot parse: {DEPTH_REASON}: {DEPTH}"}
        return {"id": job.id, "url": job.url, "error": f"cannot parse: {type(exc).__name__}: {exc}"}
    if too_deep(html):  # the parser dropped the rest of the page: the record would lie
        return {"id": job.id, "url": job.url, "error": f"cannot parse: {DEPTH_REASON}: {DEPTH}"}
    record = {field: record.get(field) for field in ARTICLE_FIELDS}
    for field in ("authors", "agencies", "tags", "categories", "media"):
        record[field] = record[field] or []
    record["scraped_at"] = record["scraped_at"] or scraped_at
    if limits.utc:
        for field in ("published_at", "modified_at"):
            record[field] = utc_instant(record[field])
    record["id"] = job.id
    return record


#: An ISO 8601 time with its offset (or Z) at the end: an instant that converts to UTC.
_OFFSET_TIME = re.compile(r"T\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:?\d\d)$", re.IGNORECASE)


def utc_instant(value: Any) -> Any:
    """An instant with an offset written in UTC, as the crawl writes it
    (:func:`newscrawl.normalize.dates.to_iso_z`); a day alone, or a time without an offset,
    stays as the page gave it (converting it would invent a zone).

    >>> utc_instant("2024-11-22T16:55:35+08:00"), utc_instant("2025-11-12")
    ('2024-11-22T08:55:35Z', '2025-11-12')
    >>> utc_instant("2024-04-26T20:44:00"), utc_instant(None)
    ('2024-04-26T20:44:00', None)
    """
    if not isinstance(value, str) or not _OFFSET_TIME.search(value.strip()):
        return value
    # Imported here: Scrapy loads every command module for every command it runs.
    from newscrawl.normalize.dates import parse_iso_instant, to_iso_z

    return to_iso_z(parse_iso_instant(value)) or value


def _extract_star(args: tuple[PageJob, dict[str, str], str, Limits]) -> dict[str, Any]:
    return extract_page(*args)


def _watch_parent(parent: int) -> None:
    """End this worker once its parent is gone (killed: nobody would ever read its results)."""
    while os.getppid() == parent:
        time.sleep(1.0)
    os._exit(1)


def _worker_start(parent: int) -> None:
    """A worker leaves stop signals to the command: Ctrl-C reaches the terminal's whole process
    group, and the command ends the pool itself (SIGTERM, default: the worker ends)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    threading.Thread(target=_watch_parent, args=(parent,), daemon=True).start()


def _stop_pool(pool: ProcessPoolExecutor) -> None:
    """End the pool now: its queued pages cancelled, its workers terminated (not waited for)."""
    pool.shutdown(wait=False, cancel_futures=True)
    if hasattr(pool, "terminate_workers"):  # Python 3.14
        pool.terminate_workers()
        return
    for process in list((getattr(pool, "_processes", None) or {}).values()):
        with contextlib.suppress(OSError, ValueError):
            process.terminate()


def iter_records(
    jobs: list[PageJob], mirrors: dict[str, str], workers: int, scraped_at: str, limits: Limits
) -> Iterator[dict[str, Any]]:
    """Records in input order, from a pool of ``workers`` processes on long inputs. Closed
    early (an interrupted or failed run), the pool stops at once: no queued page is extracted."""
    tasks = ((job, mirrors, scraped_at, limits) for job in jobs)
    if workers <= 1 or len(jobs) < POOL_MIN_PAGES:
        yield from map(_extract_star, tasks)
        return
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    pool = ProcessPoolExecutor(
        max_workers=workers,
        mp_context=context,
        initializer=_worker_start,
        initargs=(os.getpid(),),
    )
    try:
        yield from pool.map(_extract_star, tasks, chunksize=4)
    except BaseException:
        _stop_pool(pool)
        raise
    pool.shutdown()


def check_output_place(path: str) -> None:
    """ValueError naming what is wrong when ``path`` cannot become an output file: it is a
    folder, or a folder on its way is a file (checked before any input is read).

    >>> import tempfile
    >>> with tempfile.NamedTemporaryFile() as afile:
    ...     check_output_place(afile.name + "/out.jsonl")
    Traceback (most recent call last):
    ValueError: output .../out.jsonl refused: ... is a file, not a folder
    >>> check_output_place("/nonexistent/out.jsonl/")
    Traceback (most recent call last):
    ValueError: output /nonexistent/out.jsonl/ refused: it ends with /, a folder's name; name a file
    """
    target = Path(path)
    if target.is_dir():
        raise ValueError(f"output {path} refused: it is a folder, not a file")
    if path.endswith(("/", os.sep)):  # Path() drops the slash: the file would be written
        raise ValueError(f"output {path} refused: it ends with /, a folder's name; name a file")
    folder = target.parent
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    if not folder.is_dir():
        raise ValueError(f"output {path} refused: {folder} is a file, not a folder")


def whole_number(value: str) -> int:
    """An option's count: a whole number, 0 or more (``--workers -2`` ran in one process and
    ``--progress-every -1`` logged every page, both without a word).

    >>> whole_number("4"), whole_number("0")
    (4, 0)
    >>> whole_number("-1")
    Traceback (most recent call last):
    argparse.ArgumentTypeError: -1 is negative; expected a whole number, 0 or more
    """
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{value!r} is not a whole number; expected 0 or more"
        ) from None
    if number < 0:
        raise argparse.ArgumentTypeError(
            f"{number} is negative; expected a whole number, 0 or more"
        )
    return number


def check_appendable(path: str, fmt: str, append: bool) -> None:
    """ValueError for ``-o`` onto a JSON file: an array is one document, and a second run's
    records appended after its ``]`` made the file invalid JSON (as ``scrapy crawl`` refuses).

    >>> check_appendable("a.jsonl", "jsonlines", True), check_appendable("a.json", "json", False)
    (None, None)
    >>> check_appendable("a.json", "json", True)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ValueError: output a.json refused: a json output is one document and cannot be appended ...
    """
    if append and fmt == "json":
        raise ValueError(
            f"output {path} refused: a json output is one document and cannot be appended to "
            "(-o); use -O to replace it, or JSON lines (.jsonl) or CSV to append"
        )


def local_target(target: str) -> str:
    """``target`` as a local path: a ``file://`` URI's path; ValueError for any other URI.

    ``-O gopher://host/a.jsonl`` (or ``s3://``) was written as a local file ``gopher:/host/...``
    with exit code 0; ``scrapy crawl`` refuses an unknown scheme, and this command stores no feed
    anywhere else.

    >>> local_target("out/a.jsonl"), local_target("file:///tmp/a%20b.csv"), local_target("-")
    ('out/a.jsonl', '/tmp/a b.csv', '-')
    >>> local_target("s3://bucket/a.jsonl")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ValueError: output s3://bucket/a.jsonl refused: scrapy extract writes local files only ...
    """
    scheme = re.match(r"([A-Za-z][A-Za-z0-9+.-]*)://", target)
    if scheme is None:
        return target
    if scheme.group(1).casefold() == "file":
        return unquote(urlsplit(target).path)
    raise ValueError(
        f"output {target} refused: scrapy extract writes local files only (a path, file:///path "
        f"or - for stdout), not {scheme.group(1)}:// URIs"
    )


def output_format(target: str) -> tuple[str, str]:
    """(path, format) of an output: ``FILE:FORMAT``, else by extension, else JSON lines.

    Raise ValueError for a format this command cannot write (one line, as ``scrapy crawl``).

    >>> output_format("a.csv"), output_format("out/a.jsonl"), output_format("a.txt:json")
    (('a.csv', 'csv'), ('out/a.jsonl', 'jsonlines'), ('a.txt', 'json'))
    >>> output_format("o.parquet")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ValueError: unrecognized output format 'parquet' (o.parquet): scrapy extract writes ...
    """
    target = local_target(target)
    path, sep, fmt = target.rpartition(":")
    if not (sep and path and fmt.isalnum() and not os.path.exists(target)):
        path, fmt = target, Path(target).suffix.lstrip(".") or "jsonlines"
        if target == "-":
            fmt = "jsonlines"
    if fmt.casefold() not in FORMATS:
        raise ValueError(
            f"unrecognized output format {fmt!r} ({target}): scrapy extract writes jsonlines "
            "(.jsonl, .jl), json (.json) or csv (.csv); set one after a colon (-O FILE:FORMAT) "
            "or as the file extension"
        )
    return path, FORMATS[fmt.casefold()]


class Interrupted(Exception):
    """SIGINT or SIGTERM reached the command (exit code 8)."""


class Output:
    """One output target whose records are on disk when the command says so.

    ``-O FILE`` is staged: written as ``.FILE.extract-<pid>.part`` beside it and renamed over
    FILE only when every page was extracted and the file fsynced, so an interrupted or failed
    run never leaves FILE truncated; an interrupted run's records are kept as
    ``FILE.partial-<time>-<pid>.ext``. ``-o FILE`` appends (a torn last line of a killed earlier
    run starts a fresh one). Lines go straight to the file descriptor (:class:`ConfirmedFile`)
    and are fsynced every :data:`CONFIRM_EVERY` records and at the end; a failed write (disk
    full, I/O error) cuts the file back to its last fsynced line and is reported, not raised.
    """

    def __init__(self, target: str, append: bool, *, bom: bool = True) -> None:
        path, fmt = output_format(target)
        self.target = path
        self.append = append
        self.records = 0
        self.file: ConfirmedFile | None = None
        stream: Any
        if path == "-":
            stream = sys.stdout.buffer
        else:
            Path(path).parent.mkdir(parents=True, exist_ok=True)
            name = Path(path).name
            written = (
                Path(path)
                if append
                else Path(path).with_name(f".{name}.extract-{os.getpid()}.part")
            )
            self.file = stream = ConfirmedFile(written, append=append)
        fields = list(OUTPUT_FIELDS)
        if fmt == "csv":
            self.exporter: BaseItemExporter = ArticleCsvItemExporter(
                stream, bom=bom, fields_to_export=fields
            )
        elif fmt == "json":
            self.exporter = JsonItemExporter(stream, encoding="utf-8", ensure_ascii=False)
        else:
            self.exporter = JsonLinesItemExporter(stream, encoding="utf-8", ensure_ascii=False)

    @property
    def error(self) -> OSError | None:
        return self.file.error if self.file is not None else None

    def export(self, record: dict[str, Any]) -> None:
        self.exporter.export_item(record)
        self.records += 1
        if self.file is not None and self.records % CONFIRM_EVERY == 0:
            self.file.confirm()

    def finish(self) -> None:
        """Close the export (a JSON array's ``]``), fsync; ``-O``: rename over the target."""
        self.exporter.finish_exporting()
        if self.file is None:
            sys.stdout.buffer.flush()
            return
        self.file.close()
        if self.file.error is None and not self.append:
            try:
                os.replace(self.file.path, self.target)
                _sync_folder(Path(self.target).parent)
            except OSError as exc:
                self.file.error = exc

    def keep(self) -> str:
        """Close an unfinished output; where its records are, for the last line."""
        if self.file is None:
            with contextlib.suppress(OSError, ValueError):
                self.exporter.finish_exporting()
                sys.stdout.buffer.flush()
            return f"{self.records} records went to standard output"
        with contextlib.suppress(OSError, ValueError):
            self.exporter.finish_exporting()
        self.file.close()
        if self.append:
            return f"{self.records} records were appended to {self.target}"
        staged = self.file.path
        if self.file.error is not None or not self.records:
            with contextlib.suppress(OSError):
                staged.unlink()
            return f"no record was kept; {self.target} is left as it was"
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
        kept = free_name(
            Path(self.target).with_name(
                _tagged(Path(self.target).name, f"partial-{stamp}-{os.getpid()}")
            )
        )
        try:
            os.replace(staged, kept)
            _sync_folder(kept.parent)
        except OSError:
            kept = staged
        return f"the {self.records} records are in {kept}; {self.target} is left as it was"


def parse_mirrors(values: list[str]) -> dict[str, str]:
    """``["limitedtimes=http://127.0.0.1:8000"]`` -> ``{"limitedtimes": "http://127.0.0.1:8000"}``.

    >>> parse_mirrors(["limitedtimes=http://127.0.0.1:8000"])
    {'limitedtimes': 'http://127.0.0.1:8000'}
    """
    mirrors = {}
    for value in values:
        key, sep, url = value.partition("=")
        if not sep or not key.strip() or not url.strip():
            raise ValueError(f"--mirror expects SITE=URL, got {value!r}")
        mirrors[key.strip()] = url.strip()
    return mirrors


def check_mirrors(mirrors: dict[str, str], given_as: str = "--mirror") -> None:
    """Raise ValueError (one line) for a mirror of a site no module declares, or one whose
    URL has no host: every page would silently fall back to the generic extractor.

    >>> check_mirrors({"limitedtimes": "http://127.0.0.1:8000"})
    >>> check_mirrors({"limitedtime": "http://127.0.0.1:8000"})  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ValueError: --mirror limitedtime=...: unknown site 'limitedtime'; known: limitedtimes, ...
    >>> check_mirrors({"limitedtimes": "127.0.0.1:8000"})  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ValueError: --mirror limitedtimes=127.0.0.1:8000: not a base URL (http://HOST[:PORT])...
    """
    from newscrawl.sites import all_sites

    known = all_sites()
    for key, url in mirrors.items():
        shown = f"{given_as} {key}={url[:120]}"
        if key not in known:
            raise ValueError(f"{shown}: unknown site {key!r}; known: {', '.join(sorted(known))}")
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise ValueError(
                f"{shown}: not a base URL (http://HOST[:PORT]); pages would be read as generic"
            )


def page_folders(roots: list[str]) -> list[Path]:
    """The ``--root`` folders, resolved; ValueError (one line) for one that does not exist or
    is not a folder (every page would be an error, and the run would still exit 0).

    >>> page_folders(["/"])
    [PosixPath('/')]
    >>> page_folders(["/nonexistent_root"])
    Traceback (most recent call last):
    ValueError: --root /nonexistent_root: no such folder
    """
    folders = []
    for root in roots:
        path = Path(root).expanduser().resolve()
        if not path.is_dir():
            why = "not a folder" if path.exists() else "no such folder"
            raise ValueError(f"--root {root}: {why}")
        folders.append(path)
    return folders


class _StopSignals:
    """SIGINT and SIGTERM raise :class:`Interrupted` in the command (not Python's traceback),
    except inside :meth:`deferred`, which takes the signal once the block is done: a record is
    written whole. The previous handlers come back on exit."""

    def __init__(self) -> None:
        self._defer = False
        self._pending: str | None = None
        self._previous: dict[int, Any] = {}

    def _handle(self, signum: int, frame: FrameType | None) -> None:
        name = signal.Signals(signum).name
        if self._defer:
            self._pending = self._pending or name
            return
        raise Interrupted(name)

    @contextlib.contextmanager
    def deferred(self) -> Iterator[None]:
        self._defer = True
        try:
            yield
        finally:
            self._defer = False
        if self._pending:
            raise Interrupted(self._pending)

    def __enter__(self) -> _StopSignals:
        for signum in (signal.SIGINT, signal.SIGTERM):
            self._previous[signum] = signal.signal(signum, self._handle)
        return self

    def __exit__(self, *exc: object) -> None:
        for signum, handler in self._previous.items():
            signal.signal(signum, handler)


class Command(ProjectHelp, ScrapyCommand):
    """Re-extract stored pages (JSON lines of id, url, html path) into Article records."""

    requires_project = True
    requires_crawler_process = False
    default_settings = {"LOG_LEVEL": "INFO"}

    def syntax(self) -> str:
        return "PAGES.jsonl [-o|-O ARTICLES.jsonl|.csv] [--root DIR]"

    def short_desc(self) -> str:
        return "Extract Article records from stored pages (known sites and generic pages)"

    def long_desc(self) -> str:
        return (__doc__ or "").strip()

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        super().add_options(parser)
        parser.add_argument(
            "-o",
            "--output",
            metavar="FILE",
            action="append",
            default=[],
            help="append records to FILE (.jsonl, .csv; - for stdout; -O for .json)",
        )
        parser.add_argument(
            "-O",
            "--overwrite-output",
            metavar="FILE",
            action="append",
            default=[],
            help="write records to FILE, replacing it",
        )
        parser.add_argument(
            "--mirror",
            metavar="SITE=URL",
            action="append",
            default=[],
            help="a mirror base URL of a known site, e.g. limitedtimes=http://127.0.0.1:8000",
        )
        parser.add_argument(
            "--root",
            metavar="DIR",
            action="append",
            default=[],
            help="a folder pages may be read from (repeatable; default: NEWSCRAWL_ALLOWED_ROOTS, "
            "else the input file's folder)",
        )
        parser.add_argument(
            "--utc",
            action="store_true",
            help="write published_at and modified_at in UTC, as the crawl does (default: a "
            "generic page's instant with the offset the page gives, so its day is the "
            "publisher's)",
        )
        parser.add_argument(
            "--workers",
            type=whole_number,
            default=None,
            help="extraction processes (default or 0: the number of CPUs)",
        )
        parser.add_argument(
            "--progress-every",
            type=whole_number,
            default=100,
            metavar="N",
            help="log progress every N pages (default 100; 0: never)",
        )

    def _fail(self, message: str) -> None:
        self._stop(2, message)

    def _stop(self, code: int, message: str) -> None:
        print(f"newscrawl: error: {message}", file=sys.stderr)
        self.exitcode = code

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        assert self.settings is not None
        resolve_defaults(self.settings)
        try:
            check_logging(self.settings)  # before Scrapy's logging set-up reads them
            check_log_file(self.settings)
        except BadSetting as exc:
            self._fail(str(exc))
            return
        configure_logging(self.settings)
        if len(args) != 1:
            self._fail("expected one input file (PAGES.jsonl)")
            return
        targets = [(t, True) for t in opts.output] + [(t, False) for t in opts.overwrite_output]
        if not targets:
            targets = [("-", True)]
        try:
            check_settings(self.settings)  # DOWNLOAD_MAXSIZE, NEWSCRAWL_EXTRACT_MIRRORS...
            configured = dict(self.settings.getdict("NEWSCRAWL_EXTRACT_MIRRORS"))
            check_mirrors(configured, "NEWSCRAWL_EXTRACT_MIRRORS")
            mirrors = {**configured, **parse_mirrors(opts.mirror)}
            check_mirrors(mirrors)
            roots = allowed_roots(self.settings)
            for target, append in targets:  # before reading anything: refused like scrapy crawl
                path, fmt = output_format(target)
                if path != "-":
                    check_appendable(path, fmt, append)
                    check_path("-o/-O", path, roots)
                    check_output_place(path)
            page_roots = page_folders(opts.root) + roots
            # With NEWSCRAWL_ALLOWED_ROOTS, the list is read only where pages may be.
            source = read_jobs(Path(args[0]), page_roots if roots else [])
        except (UnusableInput, UnsafePath, ValueError) as exc:
            self._fail(str(exc))
            return
        limits = Limits(
            tuple(page_roots or [Path(args[0]).resolve().parent]),
            self.settings.getint("DOWNLOAD_MAXSIZE"),
            utc=opts.utc,
        )
        jobs = source.jobs
        workers = opts.workers or os.cpu_count() or 1
        scraped_at = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        started = time.perf_counter()
        done = errors = 0
        stop = _StopSignals()
        outputs: list[Output] = []
        try:
            with stop:
                with stop.deferred():
                    bom = self.settings.getbool("NEWSCRAWL_CSV_BOM", True)
                    try:
                        for target, append in targets:
                            outputs.append(Output(target, append, bom=bom))
                    except OSError as exc:
                        for output in outputs:
                            output.keep()
                        self._fail(f"cannot open output: {exc}")
                        return
                for output in outputs:
                    output.exporter.start_exporting()
                for record in iter_records(jobs, mirrors, workers, scraped_at, limits):
                    done += 1
                    if "error" in record:
                        errors += 1
                        logger.warning("Page %s: %s", record["id"], record["error"])
                    with stop.deferred():  # a record is written whole to every output
                        for output in outputs:
                            output.export(record)
                    if failed := [o for o in outputs if o.error is not None]:
                        raise failed[0].error  # type: ignore[misc]
                    if opts.progress_every and done % opts.progress_every == 0:
                        rate = done / max(time.perf_counter() - started, 1e-9)
                        logger.info("Extracted %d/%d pages (%.1f pages/s)", done, len(jobs), rate)
                with stop.deferred():
                    for output in outputs:
                        output.finish()
                if failed := [o for o in outputs if o.error is not None]:
                    raise failed[0].error  # type: ignore[misc]
        except Interrupted as exc:
            kept = "; ".join(o.keep() for o in outputs) or "nothing was written"
            self._stop(
                INTERRUPTED,
                f"interrupted by {exc} after {done} of {len(jobs)} pages: {kept}; run again",
            )
            return
        except OSError as exc:
            where = next((o for o in outputs if o.error is exc), outputs[0])
            where.keep()
            others = "".join(f"; {o.keep()}" for o in outputs if o is not where)
            why = exc.strerror or str(exc)
            self._stop(
                FEED,
                f"cannot write {where.target}: {why}, after {done} of {len(jobs)} pages; "
                + (
                    "standard output was closed"
                    if where.file is None
                    else f"it keeps this run's records up to the last fsync (every "
                    f"{CONFIRM_EVERY}), whole lines only"
                    if where.append
                    else "it is left as it was; run again with room"
                )
                + others,
            )
            return
        elapsed = time.perf_counter() - started
        logger.info(
            "Extracted %d pages, %d errors, %d bad input lines skipped, in %.1f s (%.1f pages/s)",
            done,
            errors,
            source.bad_lines,
            elapsed,
            done / max(elapsed, 1e-9),
        )
