"""Feed files that confirm their writes: the state commits an article once its line is on disk.

* :func:`uri_params` fills ``%(newscrawl_output_dir)s`` in a ``FEEDS`` key from the settings.
* :class:`ConfirmedFileStorage` replaces Scrapy's local file storage (``FEED_STORAGES``): its file
  (:class:`ConfirmedFile`) writes every line whole, straight to the file descriptor (no user-space
  buffer whose loss would go unnoticed), and :meth:`ConfirmedFile.confirm` fsyncs it. A failed
  write or fsync (disk full, I/O error) is recorded, not raised (no traceback per item): the file
  is cut back to its last confirmed size and takes no more lines, and the state commit
  (:mod:`newscrawl.extensions.statecommit`) sees the failure, commits nothing more and ends the
  run. Appending (``-o``) to a feed whose last line is torn (a run killed mid-write) starts on a
  fresh line, so the next record is not glued onto the fragment; the fragment, never a complete
  JSON line, is never counted as exported. The ending is written with the first record (an
  append that exports nothing leaves the file as it was), and a format can set its own
  (:attr:`ConfirmedFile.tail`: the CSV exporter closes an open quoted field). A feed the run
  created (the default ``output/<spider>/<time>.jsonl``) that a failed run wrote no record into
  is removed: a run refused as it opened (``state_missing``) leaves no empty feed behind.
* ``-O`` (overwrite) is *staged*: the run writes ``.NAME.newscrawl-<pid>.part`` beside the
  target and renames it over the target only when the run finished (:func:`run_failed`); a run
  that failed or was stopped never replaces an earlier feed, not even with an empty one (Scrapy
  stores empty feeds at close): its records, which the state counts as exported, are kept as
  ``NAME.partial-<time>`` (logged), an empty staged file is removed. The invariant, with the run
  journal naming all three files (:meth:`ConfirmedFileStorage.journal_paths`): at every instant
  every record the state counts as exported is complete in a file that recovery reads.
* :class:`StagedFTPFeedStorage` does the same for ``-O ftp://``: upload under the staged name,
  RNFR/RNTO once the server confirmed the whole file; the state commits only after that.
* :func:`check_feed_targets` opens every feed target for writing before the crawl starts, so a
  feed folder that is a file, or not writable, stops the run with one line.
* :func:`lock_feed_targets` holds each local feed target for the whole run: a second run
  writing the same file at the same time (two ``-O FILE`` over one state: the later rename
  dropped the earlier run's exported records) is refused with one line.
"""

from __future__ import annotations

import atexit
import contextlib
import errno
import fcntl
import logging
import os
import posixpath
import re
import sys
import tempfile
import weakref
from collections.abc import Iterator, Mapping
from datetime import UTC, datetime
from ftplib import FTP, FTP_TLS, error_perm
from pathlib import Path
from ssl import create_default_context
from typing import IO, Any
from urllib.parse import unquote, urlsplit

from scrapy import Spider
from scrapy.crawler import Crawler
from scrapy.extensions.feedexport import (
    FileFeedStorage,
    FTPFeedStorage,
    StdoutFeedStorage,
    apply_uri_params,
)
from scrapy.settings import BaseSettings
from scrapy.utils.ftp import ftp_makedirs_cwd

from newscrawl.exitcodes import FAILURE, UNKNOWN_CATEGORY_REASON
from newscrawl.state.records import feed_records

logger = logging.getLogger(__name__)


def uri_params(params: dict[str, Any], spider: Spider) -> dict[str, Any]:
    """Add ``newscrawl_output_dir``: ``NEWSCRAWL_OUTPUT_DIR`` as an absolute path, no final slash.

    Read when a feed opens, so ``-s NEWSCRAWL_OUTPUT_DIR=...`` (Scrapyd: ``setting=...``) counts.

    >>> from scrapy.utils.test import get_crawler
    >>> crawler = get_crawler(Spider, {"NEWSCRAWL_OUTPUT_DIR": "/srv/feeds/"})
    >>> spider = Spider.from_crawler(crawler, name="limitedtimes")
    >>> uri_params({"name": "limitedtimes"}, spider)["newscrawl_output_dir"]
    '/srv/feeds'
    """
    return {**params, "newscrawl_output_dir": output_dir(spider.crawler.settings)}


def output_dir(settings: BaseSettings) -> str:
    """``NEWSCRAWL_OUTPUT_DIR`` as an absolute path (default ``output``)."""
    folder = settings.get("NEWSCRAWL_OUTPUT_DIR") or "output"
    return str(Path(folder).expanduser().resolve())


def local_path(uri: str) -> Path | None:
    """The local file of a feed URI, or None for remote storage and standard output.

    >>> local_path("file:///tmp/a%20b.jsonl"), local_path("s3://b/k") is None
    (PosixPath('/tmp/a b.jsonl'), True)
    >>> local_path("stdout:") is None
    True
    """
    parts = urlsplit(uri)
    if parts.scheme == "file":
        return Path(unquote(parts.path))
    if not parts.scheme or len(parts.scheme) == 1:  # a plain or Windows path
        return Path(uri).resolve()
    return None


class ConfirmedFile:
    """A feed file whose every write is whole or recorded as failed (see the module docstring).

    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "f.jsonl"
    >>> _ = path.write_bytes(b'{"url": "a"}\\n{"url": "b", "bo')  # torn by a killed run
    >>> f = ConfirmedFile(path, append=True)
    >>> f.torn, f.write(b'{"url": "c"}\\n'), f.confirm()
    (True, 13, True)
    >>> f.close(); path.read_bytes().split(b"\\n")[-2]
    b'{"url": "c"}'
    """

    def __init__(self, path: Path, *, append: bool) -> None:
        self.path = path
        self.error: OSError | None = None
        self.torn = False
        #: Written before the first record: ends a torn last line (see the module docstring).
        self.tail = b""
        flags = os.O_RDWR | os.O_CREAT | (os.O_APPEND if append else os.O_TRUNC)
        self._fd = os.open(path, flags, 0o666)
        self._closed = False
        try:
            if append:
                self._start_on_a_fresh_line()
            #: Size up to which every byte is fsynced (a line boundary).
            self.confirmed = os.lseek(self._fd, 0, os.SEEK_END)
        except OSError:
            os.close(self._fd)
            raise

    def _start_on_a_fresh_line(self) -> None:
        size = os.fstat(self._fd).st_size
        if size and os.pread(self._fd, 1, size - 1) != b"\n":
            self.torn = True
            logger.warning(
                "Feed %s ends with a torn line (a run was interrupted mid-write): appending "
                "starts on a new line; the fragment is not an exported record",
                self.path,
            )
            self.tail = b"\n"

    # --- the file interface the item exporters use -------------------------------------------

    @property
    def closed(self) -> bool:
        return self._closed

    def writable(self) -> bool:
        return True

    def readable(self) -> bool:
        return False

    def seekable(self) -> bool:
        return False

    def fileno(self) -> int:
        return self._fd

    def flush(self) -> None:
        """Nothing is buffered here: every write went to the descriptor."""

    def write(self, data: bytes | bytearray | memoryview) -> int:
        """Write ``data`` whole; after a failure nothing more is written (the failure is kept)."""
        size = len(data)
        if self.error is None and not self._closed:
            try:
                if self.tail:
                    self._write_all(self.tail)
                    self.tail = b""
                self._write_all(data)
            except OSError as exc:
                self._fail(exc)
        return size

    def _write_all(self, data: bytes | bytearray | memoryview) -> None:
        view = memoryview(data).cast("B")
        while view:
            view = view[os.write(self._fd, view) :]

    # --- confirmation ----------------------------------------------------------------------

    def confirm(self) -> bool:
        """Fsync what was written; True when every line written so far is on disk."""
        if self.error is not None:
            return False
        if self._closed:
            return True
        try:
            os.fsync(self._fd)
            self._check_still_there()
            self.confirmed = os.lseek(self._fd, 0, os.SEEK_CUR)
        except OSError as exc:
            self._fail(exc)
            return False
        return True

    def _check_still_there(self) -> None:
        """FileNotFoundError when the file's path no longer names it (the file or its folder
        was removed, or another file put in its place): its lines, fsynced into a file no name
        leads to, are in no feed, and no export may be recorded for them."""
        own = os.fstat(self._fd)
        try:
            named = os.stat(self.path)
        except FileNotFoundError:
            named = None
        if named is None or (named.st_dev, named.st_ino) != (own.st_dev, own.st_ino):
            raise FileNotFoundError(
                errno.ENOENT,
                "the feed file was removed or replaced while the run wrote it",
                str(self.path),
            )

    def _fail(self, exc: OSError) -> None:
        """Keep the first failure; cut the file back to its last confirmed line."""
        if self.error is None:
            self.error = exc
            with contextlib.suppress(OSError):
                os.ftruncate(self._fd, self.confirmed)

    def close(self) -> None:
        if self._closed:
            return
        self.confirm()
        self._closed = True
        try:
            os.close(self._fd)
        except OSError as exc:
            if self.error is None:
                self.error = exc

    def __enter__(self) -> ConfirmedFile:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class ConfirmedStream(ConfirmedFile):
    """Standard output as a :class:`ConfirmedFile`: every line written whole to descriptor 1
    (a duplicate of it), a failed write (the reader closed the pipe: ``| head``) recorded, not
    raised. A pipe or terminal cannot be fsynced: a line is confirmed once the descriptor took
    it (stdout redirected to a regular file is fsynced as a feed file is).

    >>> stream = ConfirmedStream(os.open(os.devnull, os.O_WRONLY))
    >>> stream.write(b"{}\\n"), stream.confirm(), stream.error
    (3, True, None)
    >>> stream.close()
    """

    def __init__(self, fd: int) -> None:
        self.path = Path("<standard output>")
        self.error = None
        self.torn = False
        self.tail = b""
        self._fd = fd
        self._closed = False
        try:
            self.confirmed = os.lseek(fd, 0, os.SEEK_CUR)
        except OSError:  # a pipe or a terminal: no position
            self.confirmed = 0

    def confirm(self) -> bool:
        if self.error is not None:
            return False
        if self._closed:
            return True
        try:
            os.fsync(self._fd)
        except OSError as exc:
            if exc.errno not in (errno.EINVAL, errno.ENOTSUP, errno.EROFS, errno.EBADF):
                self._fail(exc)
                return False
        with contextlib.suppress(OSError):
            self.confirmed = os.lseek(self._fd, 0, os.SEEK_CUR)
        return True

    def _fail(self, exc: OSError) -> None:
        """Keep the first failure (nothing to cut back on a pipe; a regular file is)."""
        if self.error is None:
            self.error = exc
            with contextlib.suppress(OSError):
                if os.path.isfile(f"/proc/self/fd/{self._fd}"):
                    os.ftruncate(self._fd, self.confirmed)


class ConfirmedStdoutStorage(StdoutFeedStorage):
    """Scrapy's stdout storage writing through a :class:`ConfirmedStream`: a closed pipe stops
    the run as a failed feed (exit code 6) and the articles not written stay unexported, where
    Scrapy logged a ``BrokenPipeError`` traceback per article and the state counted every one
    as exported."""

    crawler: Crawler | None = None

    @classmethod
    def from_crawler(
        cls, crawler: Crawler, uri: str, *, feed_options: dict[str, Any] | None = None
    ) -> ConfirmedStdoutStorage:
        storage = cls(uri, feed_options=feed_options)
        storage.crawler = crawler
        return storage

    def open(self, spider: Spider) -> Any:
        with contextlib.suppress(OSError, ValueError):
            sys.stdout.flush()
        file = ConfirmedStream(os.dup(sys.stdout.fileno()))
        if self.crawler is not None:
            _FILES.setdefault(self.crawler, []).append(file)
        return file

    def store(self, file: Any) -> None:
        file.close()


_FILES: weakref.WeakKeyDictionary[Crawler, list[ConfirmedFile]] = weakref.WeakKeyDictionary()


def confirmed_files(crawler: Crawler) -> list[ConfirmedFile]:
    """Every feed file this crawl opened, closed batches included."""
    return _FILES.get(crawler, [])


class ConfirmedFileStorage(FileFeedStorage):
    """Scrapy's local file storage, writing through a :class:`ConfirmedFile`.

    Appending (``-o``) writes to the feed itself. Overwriting (``-O``) is *staged*: the run
    writes beside the target (:func:`staged_name`, same folder) and the file replaces the target
    only when the run finished (:func:`run_failed`); a failed run leaves the target as it was,
    its file kept as ``NAME.partial-<time>`` when it holds records, else removed. All three names
    are in the run's journal (:meth:`journal_paths`), so every record the state counts as
    exported is, at every instant, in a file that recovery reads.
    """

    crawler: Crawler | None = None

    def __init__(self, uri: str, *, feed_options: dict[str, Any] | None = None) -> None:
        super().__init__(uri, feed_options=feed_options)
        self.target = Path(self.path)
        self.staged = self.write_mode == "wb"
        stamp = datetime.now(tz=UTC).strftime("%Y%m%dT%H%M%S")
        self.temp = self.target.with_name(staged_name(self.target.name, os.getpid()))
        self.partial = self.target.with_name(
            _tagged(self.target.name, f"partial-{stamp}-{os.getpid()}")
        )
        self._current: Path | None = self.temp if self.staged else self.target
        #: Whether this run created the appended feed (a new default feed, or ``-o`` of a new
        #: file): a failed run that wrote no record into it removes it again.
        self._created = False

    @classmethod
    def from_crawler(
        cls, crawler: Crawler, uri: str, *, feed_options: dict[str, Any] | None = None
    ) -> ConfirmedFileStorage:
        storage = cls(uri, feed_options=feed_options)
        storage.crawler = crawler
        return storage

    @property
    def current(self) -> Path | None:
        """The file holding this feed's records, or that will once the slot is stored (the
        run report is written before): the target, or for a failed run its partial file (None
        when it wrote no record)."""
        if not self.staged:
            return None if self._left_empty() else self._current
        if self._current != self.temp:
            return self._current
        if self.crawler is None or run_failed(self.crawler) is None:
            return self.target
        return self.partial if any(True for _ in feed_records(self.temp)) else None

    def journal_paths(self) -> list[Path]:
        """Every file this feed's records may be in (the staged file, the target, the kept
        partial file): the journal lists them all."""
        return [self.temp, self.target, self.partial] if self.staged else [self.target]

    def _left_empty(self) -> bool:
        """Whether this failed run created its appended feed and wrote no record into it (a
        run refused as it opened: ``state_missing``); such a file is removed when stored."""
        return (
            self._created
            and self.crawler is not None
            and run_failed(self.crawler) is not None
            and not any(True for _ in feed_records(self.target))
        )

    def open(self, spider: Spider) -> Any:
        self.target.parent.mkdir(parents=True, exist_ok=True)
        self._created = not self.staged and not self.target.exists()
        path = self.temp if self.staged else self.target
        file = ConfirmedFile(path, append=not self.staged)
        if self.crawler is not None:
            _FILES.setdefault(self.crawler, []).append(file)
        return file

    def store(self, file: Any) -> None:
        file.close()
        if self.staged and isinstance(file, ConfirmedFile):
            self._finish_staged(file)
        elif self._left_empty():
            self.target.unlink(missing_ok=True)
            self._current = None
            _sync_folder(self.target.parent)
            logger.warning(
                "The run did not finish (%s): feed %s is removed (this run created it and "
                "wrote no record)",
                run_failed(self.crawler) if self.crawler is not None else None,
                self.target,
            )

    def _finish_staged(self, file: ConfirmedFile) -> None:
        """Replace the target with the staged file, or, when the run failed, keep the target."""
        failed = run_failed(self.crawler) if self.crawler is not None else None
        if failed is None:
            os.replace(self.temp, self.target)
            file.path = self._current = self.target
            _sync_folder(self.target.parent)
            return
        held = sum(1 for _ in feed_records(self.temp))
        if held:
            self.partial = free_name(self.partial)
            os.replace(self.temp, self.partial)
            file.path = self._current = self.partial
            _sync_folder(self.target.parent)
            logger.warning(
                "The run did not finish (%s): feed %s is left as it was; the %d records this "
                "run wrote are in %s",
                failed,
                self.target,
                held,
                self.partial,
            )
        else:
            self.temp.unlink(missing_ok=True)
            self._current = None
            logger.warning(
                "The run did not finish (%s): feed %s is left as it was (this run wrote no record)",
                failed,
                self.target,
            )


class StagedFTPFeedStorage(FTPFeedStorage):
    """Scrapy's FTP storage, uploading ``-O`` feeds under a temporary name.

    The file goes up as :func:`staged_name` beside the target and is renamed (RNFR/RNTO) to the
    target only once the server confirmed the whole transfer (the ``226`` reply, and the size
    it reports where it answers ``SIZE``). An upload cut short (the server or the connection
    died) fails the slot, so the run commits none of its articles, and leaves only the staged
    name on the server, never a partial file under the feed's name. A failed run's records go
    up as ``NAME.partial-<time>``, never over an earlier feed.
    Appending (``-o ftp://``) is Scrapy's own ``APPE``.
    """

    crawler: Crawler | None = None

    @classmethod
    def from_crawler(
        cls, crawler: Crawler, uri: str, *, feed_options: dict[str, Any] | None = None
    ) -> StagedFTPFeedStorage:
        storage = cls(
            uri,
            use_active_mode=crawler.settings.getbool("FEED_STORAGE_FTP_ACTIVE"),
            feed_options=feed_options,
        )
        storage.crawler = crawler
        return storage

    def _store_in_thread(self, file: IO[bytes]) -> None:
        if not self.overwrite:
            super()._store_in_thread(file)
            return
        folder, name = posixpath.split(self.path)
        failed = run_failed(self.crawler) if self.crawler is not None else None
        if failed is not None:
            file.seek(0, os.SEEK_END)
            if not file.tell() or not any(True for _ in _records_of(file)):
                file.close()
                logger.warning(
                    "The run did not finish (%s): feed %s is left as it was (no record)",
                    failed,
                    self.path,
                )
                return
            stamp = datetime.now(tz=UTC).strftime("%Y%m%dT%H%M%S")
            name = _tagged(name, f"partial-{stamp}-{os.getpid()}")
            logger.warning(
                "The run did not finish (%s): feed %s is left as it was; this run's records go "
                "to %s",
                failed,
                self.path,
                posixpath.join(folder, name),
            )
        temp = staged_name(name, os.getpid())
        ftp = FTP_TLS(context=create_default_context()) if self.tls else FTP()
        with ftp, contextlib.closing(file):
            ftp.connect(self.host, self.port)
            ftp.login(self.username, self.password)
            if isinstance(ftp, FTP_TLS):
                ftp.prot_p()
            if self.use_active_mode:
                ftp.set_pasv(False)
            file.seek(0, os.SEEK_END)
            size = file.tell()
            file.seek(0)
            ftp_makedirs_cwd(ftp, folder)
            ftp.storbinary(f"STOR {temp}", file)
            _check_size(ftp, temp, size)
            ftp.rename(temp, name)


def _records_of(file: IO[bytes]) -> Iterator[Mapping[str, Any]]:
    """The complete records of an open feed file (read back from its start)."""
    file.flush()
    file.seek(0)
    with tempfile.TemporaryDirectory() as folder:
        copy = Path(folder) / "feed"
        copy.write_bytes(file.read())
        yield from feed_records(copy)


def _check_size(ftp: FTP, name: str, size: int) -> None:
    """Raise when the server holds fewer (or more) bytes than were sent; servers that do not
    answer ``SIZE`` are trusted on their ``226`` reply."""
    try:
        stored = ftp.size(name)
    except error_perm:
        return
    if stored is not None and stored != size:
        raise OSError(f"FTP server stored {stored} of {size} bytes of {name}")


#: The staged file of ``-O NAME`` written by process PID (a hidden name in the same folder).
STAGED_RE = re.compile(r"^\.(?P<name>.+)\.newscrawl-(?P<pid>\d+)\.part$")


def staged_name(name: str, pid: int) -> str:
    """The name a run writes ``-O NAME`` under until it finished.

    >>> staged_name("o.jsonl", 42), STAGED_RE.match(".o.jsonl.newscrawl-42.part")["name"]
    ('.o.jsonl.newscrawl-42.part', 'o.jsonl')
    """
    return f".{name}.newscrawl-{pid}.part"


def _tagged(name: str, tag: str) -> str:
    """``name`` with ``tag`` before its extension.

    >>> _tagged("o.jsonl", "partial-1"), _tagged("feed", "recovered-1")
    ('o.partial-1.jsonl', 'feed.recovered-1')
    """
    stem, dot, suffix = name.rpartition(".")
    return f"{stem}.{tag}.{suffix}" if dot and stem else f"{name}.{tag}"


def recovered_path(staged: Path) -> Path | None:
    """Where recovery keeps the records of a crashed run's staged file (None: not one).

    >>> name = recovered_path(Path("/o/.a.csv.newscrawl-7.part")).name
    >>> name.startswith("a.recovered-2"), name.endswith("-7.csv")
    (True, True)
    """
    match = STAGED_RE.match(staged.name)
    if match is None:
        return None
    stamp = datetime.now(tz=UTC).strftime("%Y%m%dT%H%M%S")
    return free_name(staged.with_name(_tagged(match["name"], f"recovered-{stamp}-{match['pid']}")))


def free_name(path: Path) -> Path:
    """``path``, or ``path`` with ``-2``, ``-3``... before its extension while that exists: a
    kept file never replaces another one."""
    found, n = path, 1
    while found.exists():
        n += 1
        found = path.with_name(_tagged(path.name, str(n)))
    return found


#: Failures recorded once the whole crawl was done (exit code 5: the other categories were
#: crawled and exported); the feed is complete, so ``-O`` replaces the target as for exit 0 or 3.
CRAWLED_TO_THE_END = frozenset({UNKNOWN_CATEGORY_REASON})


def run_failed(crawler: Crawler) -> str | None:
    """Why the crawl failed or was stopped (None: it crawled to the end): a failure recorded by
    the project (:mod:`newscrawl.exitcodes`) other than :data:`CRAWLED_TO_THE_END`, or a finish
    reason other than ``finished`` (and Scrapy's ``closespider_*`` limits), such as ``shutdown``
    after a signal."""
    stats = crawler.stats
    if stats is None:
        return None
    failure = stats.get_value(FAILURE)
    if failure in CRAWLED_TO_THE_END:
        return None
    if failure:
        return str(failure)
    reason = stats.get_value("finish_reason")
    if reason is None or reason == "finished" or str(reason).startswith("closespider_"):
        return None
    return str(reason)


def _sync_folder(folder: Path) -> None:
    """Make a rename in ``folder`` durable."""
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


# --- before the crawl ------------------------------------------------------------------------


class _Placeholders(Mapping[str, Any]):
    """URI parameters for a check before the spider exists: known ones, else a stand-in."""

    def __init__(self, known: dict[str, Any]) -> None:
        self.known = known

    def __getitem__(self, key: str) -> Any:
        return self.known.get(key, "x")

    def __iter__(self) -> Iterator[str]:
        return iter(self.known)

    def __len__(self) -> int:
        return len(self.known)


def feed_targets(settings: BaseSettings, spider: str) -> list[Path]:
    """The local files of ``FEEDS`` as they will be opened.

    Parameters are filled as the feed exporter will (``%(time)s`` with the time now).

    >>> from scrapy.settings import Settings
    >>> jsonl = {"format": "jsonlines"}
    >>> s = Settings({"FEEDS": {"%(newscrawl_output_dir)s/%(name)s/a.jsonl": jsonl,
    ...               "s3://bucket/key": jsonl}, "NEWSCRAWL_OUTPUT_DIR": "/srv/o"})
    >>> feed_targets(s, "limitedtimes")
    [PosixPath('/srv/o/limitedtimes/a.jsonl')]
    """
    now = datetime.now(tz=UTC)
    params = _Placeholders(
        {
            "name": spider,
            "time": now.replace(microsecond=0).isoformat().replace(":", "-"),
            "batch_time": now.isoformat().replace(":", "-"),
            "batch_id": 1,
            "newscrawl_output_dir": output_dir(settings),
        }
    )
    targets = []
    for uri in settings.getdict("FEEDS"):
        path = local_path(apply_uri_params(str(uri), params))  # type: ignore[arg-type]
        if path is not None:
            targets.append(path)
    return targets


class FeedTargetError(Exception):
    """A feed file cannot be written (one line naming the file and why)."""


def check_feed_targets(settings: BaseSettings, spider: str) -> None:
    """Open every local feed target for writing; raise :class:`FeedTargetError` if one can't be.

    The folder is created (as the feed exporter would); an existing target is opened for
    appending (nothing written), a new one is tried with a temporary file beside it.
    """
    for uri in settings.getdict("FEEDS"):
        text = str(uri)
        if local_path(text) is not None and text.endswith(("/", os.sep)):
            raise FeedTargetError(
                f"feed {text} cannot be written: it ends with /, a folder's name; name a file"
            )
    for path in feed_targets(settings, spider):
        try:
            if path.is_dir():
                raise IsADirectoryError(21, "it is a folder")
            for folder in path.parents:
                if folder.exists():
                    if not folder.is_dir():
                        raise NotADirectoryError(20, f"{folder} is not a folder")
                    break
            path.parent.mkdir(parents=True, exist_ok=True)
            if path.exists():
                with path.open("ab"):
                    pass
            else:
                with tempfile.NamedTemporaryFile(dir=path.parent, prefix=".newscrawl-check-"):
                    pass
        except OSError as exc:
            reason = exc.strerror or str(exc)
            raise FeedTargetError(f"feed {path} cannot be written: {reason}") from None


#: Lock files held by this process (:func:`lock_feed_targets`), removed when it exits.
_LOCKS: dict[Path, int] = {}


def lock_name(name: str) -> str:
    """The lock file beside feed ``NAME`` that a run writing it holds.

    >>> lock_name("o.jsonl")
    '.o.jsonl.newscrawl.lock'
    """
    return f".{name}.newscrawl.lock"


def lock_feed_targets(settings: BaseSettings, spider: str) -> None:
    """Hold an exclusive lock on every local feed target until this process exits; raise
    :class:`FeedTargetError` naming the file when another run holds one.

    Two runs over one state writing the same ``-O FILE`` at once each exported their own
    articles, and the later rename over FILE dropped the earlier run's records (recorded as
    exported: lost). The lock is ``flock`` on :func:`lock_name` beside the target (released by
    the kernel however the process ends); the file is removed at exit, and a lock taken on a file
    removed meanwhile is taken again on the new one.
    """
    for path in feed_targets(settings, spider):
        lock = path.with_name(lock_name(path.name))
        if lock in _LOCKS:
            continue
        while True:
            fd = os.open(lock, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                os.close(fd)
                raise FeedTargetError(
                    f"feed {path} is being written by another run (it holds {lock}); run this "
                    "one after it ends, or give it another feed"
                ) from None
            try:
                same = os.fstat(fd).st_ino == os.stat(lock).st_ino
            except FileNotFoundError:
                same = False
            if same:
                break
            os.close(fd)  # removed by the run that held it, between our open and lock
        if not _LOCKS:
            atexit.register(_release_locks)
        _LOCKS[lock] = fd


def _release_locks() -> None:
    """Remove the lock files, then release them (a run waiting on a removed one retries)."""
    for lock, fd in _LOCKS.items():
        with contextlib.suppress(OSError):
            lock.unlink()
        with contextlib.suppress(OSError):
            os.close(fd)
    _LOCKS.clear()
