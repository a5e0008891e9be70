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
  (:attr:`ConfirmedFile.tail`: the CSV exporter closes an open quoted field).
* :func:`check_feed_targets` opens every feed target for writing before the crawl starts, so a
  feed folder that is a file, or not writable, stops the run with one line.
"""

from __future__ import annotations

import contextlib
import logging
import os
import tempfile
import weakref
from collections.abc import Iterator, Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from scrapy import Spider
from scrapy.crawler import Crawler
from scrapy.extensions.feedexport import FileFeedStorage, apply_uri_params
from scrapy.settings import BaseSettings

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
            self.confirmed = os.lseek(self._fd, 0, os.SEEK_CUR)
        except OSError as exc:
            self._fail(exc)
            return False
        return True

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


_FILES: weakref.WeakKeyDictionary[Crawler, list[ConfirmedFile]] = weakref.WeakKeyDictionary()


def confirmed_files(crawler: Crawler) -> list[ConfirmedFile]:
    """Every feed file this crawl opened, closed batches included."""
    return _FILES.get(crawler, [])


class ConfirmedFileStorage(FileFeedStorage):
    """Scrapy's local file storage, writing through a :class:`ConfirmedFile`."""

    crawler: Crawler | None = None

    @classmethod
    def from_crawler(
        cls, crawler: Crawler, uri: str, *, feed_options: dict[str, Any] | None = None
    ) -> ConfirmedFileStorage:
        storage = cls(uri, feed_options=feed_options)
        storage.crawler = crawler
        return storage

    def open(self, spider: Spider) -> Any:
        path = Path(self.path)
        path.parent.mkdir(parents=True, exist_ok=True)
        file = ConfirmedFile(path, append=self.write_mode == "ab")
        if self.crawler is not None:
            _FILES.setdefault(self.crawler, []).append(file)
        return file

    def store(self, file: Any) -> None:
        file.close()


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
