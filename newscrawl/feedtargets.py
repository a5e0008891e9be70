"""Refuse, before the first request, a feed that will not be written, in one line naming it.

Scrapy switches its whole feed exporter off when one feed's storage cannot load (an unknown
scheme, ``s3://`` without boto3) and the run then exports nothing while it counts articles as
exported; an FTP host that does not answer, or S3 without credentials, is found only when the
feed is stored after the crawl; a FIFO hangs the run; appending to a JSON array, or to S3 or GCS
(which only replace), ruins or loses the feed; an FTP append killed mid-transfer leaves a torn
remote tail. :func:`check_feeds` finds each of these from the settings alone: ``scrapy crawl``
calls it in ``process_options`` (exit code 2) and :mod:`newscrawl.extensions.feedguard` at
``spider_opened`` wherever that command is bypassed. A remote storage is checked only for what
needs no permission beyond the run's own: S3 credentials present (and ``AWS_ENDPOINT_URL``
answering), an FTP server that answers and lets the run log in. Nothing is written.
"""

from __future__ import annotations

import contextlib
import ftplib
import importlib
import os
import re
import socket
import stat
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from scrapy.extensions.feedexport import FTPFeedStorage, GCSFeedStorage, S3FeedStorage
from scrapy.settings import BaseSettings
from scrapy.utils.conf import feed_complete_default_values_from_settings
from scrapy.utils.misc import load_object
from scrapy.utils.python import without_none_values

from newscrawl.feeds import FeedTargetError, local_path, output_dir
from newscrawl.paths import allowed_roots
from newscrawl.state.base import redact_uri

#: Seconds a remote storage (FTP server, S3 endpoint) has to answer the check.
REMOTE_TIMEOUT = 5.0
#: Formats written as one document (an array, a root element): a second run's append breaks it.
WHOLE_DOCUMENT_FORMATS = frozenset({"json", "xml"})
#: What tells the files of a batched feed apart (Scrapy's own test).
BATCH_PARAM = re.compile(r"%\(batch_time\)s|%\(batch_id\)")
#: Packages a storage of Scrapy's needs, imported when its feed is stored.
STORAGE_PACKAGES: dict[type, tuple[str, ...]] = {
    S3FeedStorage: ("botocore", "boto3"),
    GCSFeedStorage: ("google.cloud.storage",),
}


class FeedRefused(FeedTargetError):
    """A feed target that would lose or ruin the feed (the message is one line)."""


@dataclass(frozen=True)
class Feed:
    """One ``FEEDS`` entry as it will be opened: URI with parameters filled, options completed."""

    uri: str
    options: dict[str, Any]
    #: The ``FEEDS`` key, parameters unfilled.
    template: str = ""

    @property
    def shown(self) -> str:
        """The URI for a message (a password replaced by ``***``)."""
        return redact_uri(self.uri)

    @property
    def appends(self) -> bool:
        """Whether the feed is asked to append (``-o``, or ``overwrite`` false in ``FEEDS``).

        Without ``overwrite``, Scrapy appends to a local file and replaces a remote one.
        """
        return self.options.get("overwrite") is False


class _Params(dict[str, Any]):
    """URI parameters before the spider exists: the known ones, a stand-in for the others."""

    def __missing__(self, key: str) -> str:
        return "x"


def configured_feeds(settings: BaseSettings, spider: str) -> list[Feed]:
    """``FEEDS`` as the feed exporter will open them (``%(time)s`` with the time now).

    >>> from scrapy.settings import Settings
    >>> s = Settings({"FEEDS": {"%(newscrawl_output_dir)s/%(name)s.csv": {"overwrite": True}},
    ...               "NEWSCRAWL_OUTPUT_DIR": "/srv/o"})
    >>> [(f.uri, f.options["format"], f.appends) for f in configured_feeds(s, "limitedtimes")]
    [('/srv/o/limitedtimes.csv', 'csv', False)]
    """
    now = datetime.now(tz=UTC)
    params = _Params(
        name=spider,
        time=now.replace(microsecond=0).isoformat().replace(":", "-"),
        batch_time=now.isoformat().replace(":", "-"),
        batch_id=1,
        newscrawl_output_dir=output_dir(settings),
    )
    feeds = []
    for template, options in settings.getdict("FEEDS").items():
        template = str(template)
        try:
            uri = template % params
        except (TypeError, ValueError, KeyError):
            uri = template
        completed = feed_complete_default_values_from_settings(dict(options), settings, template)
        feeds.append(Feed(uri, completed, template))
    return feeds


def check_feeds(settings: BaseSettings, spider: str) -> None:
    """Raise :class:`FeedRefused` (one line) for the first feed that will not be written."""
    for feed in configured_feeds(settings, spider):
        problem = feed_problem(feed, settings)
        if problem is not None:
            raise FeedRefused(f"feed {feed.shown} refused: {problem}")


def feed_problem(feed: Feed, settings: BaseSettings) -> str | None:
    """Why ``feed`` will not be written, or None."""
    exporters = without_none_values(settings.getwithbase("FEED_EXPORTERS"))
    fmt = str(feed.options.get("format") or "")
    if fmt not in exporters:
        known = ", ".join(sorted(str(k) for k in exporters))
        return f"unknown feed format {fmt!r} (known: {known}); Scrapy would export nothing"
    if feed.options.get("batch_item_count") and not BATCH_PARAM.search(feed.template):
        return (
            "batch_item_count needs %(batch_id)d or %(batch_time)s in the feed's name (Scrapy "
            "would switch every feed off and export nothing)"
        )
    scheme = urlsplit(feed.uri).scheme
    if scheme == "stdout":
        return None
    storage, problem = storage_class(scheme, settings)
    if problem is not None:
        return problem
    if storage is not None and issubclass(storage, S3FeedStorage | GCSFeedStorage):
        return cloud_problem(feed, storage, settings)
    if storage is not None and issubclass(storage, FTPFeedStorage):
        return ftp_problem(feed)
    path = local_path(feed.uri)
    if path is None:
        return None  # a storage of its own (a plugin's scheme): nothing known to check
    appends = feed.appends or (not feed.options.get("overwrite", False) and has_data(path))
    if appends and fmt in WHOLE_DOCUMENT_FORMATS:
        return (
            f"a {fmt} feed is one document and cannot be appended to (-o); use -O to replace "
            "it, or JSON lines (.jsonl) or CSV to append"
        )
    return file_problem(path, allowed_roots(settings))


def storage_class(scheme: str, settings: BaseSettings) -> tuple[type | None, str | None]:
    """(the storage class of ``scheme``, None) or (None, why it cannot be used here)."""
    storages = without_none_values(settings.getwithbase("FEED_STORAGES"))
    if len(scheme) == 1:  # a Windows drive letter: Scrapy's file storage
        scheme = "file"
    if scheme not in storages:
        known = ", ".join(sorted(f"{k}://" for k in storages if k))
        return None, f"unknown storage scheme {scheme!r} (known: {known})"
    try:
        storage = load_object(storages[scheme])
    except (ImportError, NameError, ValueError, AttributeError) as exc:
        return None, f"its storage {storages[scheme]} cannot be loaded ({exc})"
    for base, packages in STORAGE_PACKAGES.items():
        if isinstance(storage, type) and issubclass(storage, base):
            missing = missing_package(packages)
            if missing is not None:
                return None, (
                    f"{scheme}:// needs the Python package {missing}, which is not installed "
                    "here (Scrapy would switch every feed off and export nothing)"
                )
    return (storage if isinstance(storage, type) else None), None


def missing_package(names: tuple[str, ...]) -> str | None:
    """The first of ``names`` that cannot be imported, or None.

    >>> missing_package(("json",)), missing_package(("json", "no_such_package_here"))
    (None, 'no_such_package_here')
    """
    for name in names:
        try:
            importlib.import_module(name)
        except ImportError:
            return name
    return None


def cloud_problem(feed: Feed, storage: type, settings: BaseSettings) -> str | None:
    """S3 and GCS replace a file whole: an append is refused; S3 needs credentials."""
    name = "S3" if issubclass(storage, S3FeedStorage) else "GCS"
    if feed.appends:
        return (
            f"{name} cannot append to a file (Scrapy would replace it and lose what it holds); "
            "use -O, or write a new file each run (%(time)s in the name)"
        )
    if name == "S3":
        return s3_problem(feed.uri, settings)
    return None


def s3_problem(uri: str, settings: BaseSettings) -> str | None:
    """No S3 credentials anywhere boto3 looks, or an ``AWS_ENDPOINT_URL`` that does not answer."""
    parts = urlsplit(uri)
    given = (parts.username and parts.password) or (
        settings.get("AWS_ACCESS_KEY_ID") and settings.get("AWS_SECRET_ACCESS_KEY")
    )
    if not given:
        import boto3.session  # present: storage_class checked it

        if boto3.session.Session().get_credentials() is None:
            return (
                "no AWS credentials (the AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY settings, "
                "the environment or ~/.aws): the upload after the crawl would fail"
            )
    endpoint = settings.get("AWS_ENDPOINT_URL")
    if endpoint:
        where = urlsplit(str(endpoint))
        port = where.port or (443 if where.scheme == "https" else 80)
        problem = tcp_problem(where.hostname or "", port)
        if problem is not None:
            return f"the S3 endpoint {endpoint} does not answer ({problem})"
    return None


def tcp_problem(host: str, port: int, timeout: float = REMOTE_TIMEOUT) -> str | None:
    """Why a TCP connection to ``host:port`` fails within ``timeout`` seconds, or None."""
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return None
    except OSError as exc:
        return str(exc.strerror or exc) if not isinstance(exc, TimeoutError) else "timed out"


def ftp_problem(feed: Feed, timeout: float = REMOTE_TIMEOUT) -> str | None:
    """An FTP append, a server that does not answer, or a login it refuses."""
    if feed.appends:
        return (
            "an FTP append interrupted mid-transfer leaves a torn tail on the server; use -O "
            "(replace), or write a new file each run (%(time)s in the name)"
        )
    parts = urlsplit(feed.uri)
    host, port = parts.hostname or "", parts.port or 21
    ftp = ftplib.FTP_TLS() if parts.scheme == "ftps" else ftplib.FTP()
    try:
        ftp.connect(host, port, timeout=timeout)
    except (OSError, EOFError, ftplib.Error) as exc:
        why = "timed out" if isinstance(exc, TimeoutError) else str(exc) or type(exc).__name__
        return f"the FTP server {host}:{port} does not answer ({why})"
    try:
        ftp.login(unquote(parts.username or ""), unquote(parts.password or ""))
    except (OSError, EOFError, ftplib.Error) as exc:
        return f"the FTP server {host}:{port} refuses the login ({str(exc).strip()})"
    finally:
        with contextlib.suppress(OSError, EOFError, ftplib.Error):
            ftp.quit()
        ftp.close()
    return None


def has_data(path: Path) -> bool:
    """Whether ``path`` is a file holding at least one byte."""
    try:
        return path.stat().st_size > 0
    except OSError:
        return False


def file_problem(path: Path, roots: list[Path]) -> str | None:
    """A special file (FIFO, device, socket), or, under ``NEWSCRAWL_ALLOWED_ROOTS``, a file with
    more than one name (a hard link may be a file outside the roots); a missing file is fine."""
    try:
        info = os.stat(path)
    except OSError:
        return None  # missing (created when the feed opens) or unreadable (check_feed_targets)
    if not stat.S_ISREG(info.st_mode):
        if stat.S_ISDIR(info.st_mode):
            return None  # check_feed_targets says "it is a folder"
        return (
            f"it is a {file_kind(info.st_mode)}, not a regular file (a feed there hangs the run "
            "or loses its records)"
        )
    if roots and info.st_nlink > 1:
        return (
            f"it is a hard link ({info.st_nlink} names): inside NEWSCRAWL_ALLOWED_ROOTS must be "
            "the same file, and another name may be outside"
        )
    return None


def file_kind(mode: int) -> str:
    """A file type's name.

    >>> file_kind(stat.S_IFIFO), file_kind(stat.S_IFCHR)
    ('FIFO (named pipe)', 'character device')
    """
    kinds = {
        stat.S_IFIFO: "FIFO (named pipe)",
        stat.S_IFCHR: "character device",
        stat.S_IFBLK: "block device",
        stat.S_IFSOCK: "socket",
    }
    return kinds.get(stat.S_IFMT(mode), "special file")
