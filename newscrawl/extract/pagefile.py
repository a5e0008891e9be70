"""Read a stored page file for ``scrapy extract``: inside the roots, a regular file, bounded.

A page list (``PAGES.jsonl``) names files by path, so it is input from outside like a Scrapyd
setting: a path may point at ``/etc/shadow``, climb out with ``..``, follow a symlink out of the
page folder, name a device (``/dev/zero`` never ends) or a FIFO (blocks forever), or be a 1 GB
file or a small gzip that expands to gigabytes, or be a hard link inside the folder to a file
outside it. Each page is therefore read only when it resolves (symlinks followed) inside one of
the allowed folders, is a regular file with one name (no hard link), and is at most
``max_size`` bytes both as stored and once decompressed (Scrapy's ``DOWNLOAD_MAXSIZE`` rule).
"""

from __future__ import annotations

import os
import stat
import zlib
from pathlib import Path, PurePath

#: Bytes decompressed per step: memory stays near ``max_size`` plus this.
CHUNK = 1 << 16
GZIP_MAGIC = b"\x1f\x8b"
HARD_LINK = "a hard link ({n} names; the others may be outside the page folders)"


class PageFileError(Exception):
    """A page file that is not read; the message is one line naming the path and why."""


def inside(path: Path, roots: list[Path]) -> bool:
    """Whether ``path`` (already resolved) is one of ``roots`` or below one.

    >>> roots = [Path("/srv/pages")]
    >>> inside(Path("/srv/pages/a.html"), roots), inside(Path("/etc/passwd"), roots)
    (True, False)
    """
    return any(path.is_relative_to(root) for root in roots)


def gunzip_bounded(data: bytes, max_size: int) -> bytes:
    """Decompress gzip ``data`` (every member), refusing more than ``max_size`` bytes of output.

    >>> import gzip
    >>> gunzip_bounded(gzip.compress(b"abc") + gzip.compress(b"def"), 10)
    b'abcdef'
    >>> gunzip_bounded(gzip.compress(b"x" * 100), 10)
    Traceback (most recent call last):
    newscrawl.extract.pagefile.PageFileError: larger than 10 bytes once decompressed
    """
    out = bytearray()
    rest = data
    while rest:
        inflater = zlib.decompressobj(wbits=31)
        pending = rest
        while True:
            chunk = inflater.decompress(pending, CHUNK)
            out += chunk
            if max_size and len(out) > max_size:
                raise PageFileError(f"larger than {max_size} bytes once decompressed")
            pending = inflater.unconsumed_tail
            if inflater.eof or (not chunk and not pending):
                break
        if not inflater.eof:
            raise PageFileError("a truncated gzip stream")
        rest = inflater.unused_data.lstrip(b"\0")  # gzip members may be padded with zeros
    return bytes(out)


def read_page_file(path: Path, roots: list[Path], max_size: int) -> bytes:
    """The page's bytes (``.gz`` or gzip magic: decompressed), or :class:`PageFileError`.

    ``roots`` are resolved folders; ``max_size`` 0 means no bound.
    """
    if ".." in PurePath(path).parts:
        raise PageFileError(f"{path}: '..' is not allowed in a page path")
    try:
        resolved = path.resolve(strict=True)
    except FileNotFoundError:
        raise PageFileError(f"{path}: no such file") from None
    except (OSError, RuntimeError) as exc:  # a symlink loop
        raise PageFileError(f"{path}: {exc}") from None
    if not inside(resolved, roots):
        folders = ", ".join(str(root) for root in roots)
        raise PageFileError(f"{path}: outside the page folders ({folders})")
    try:
        # O_NONBLOCK: opening a FIFO must not wait for a writer; it is refused just below.
        fd = os.open(resolved, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise PageFileError(f"{path}: {exc.strerror or exc}") from None
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(handle.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise PageFileError(f"{path}: not a regular file (a device, FIFO, socket or folder)")
        if info.st_nlink > 1:  # the same file may have a name outside the folders
            raise PageFileError(f"{path}: {HARD_LINK.format(n=info.st_nlink)}")
        if max_size and info.st_size > max_size:
            raise PageFileError(f"{path}: {info.st_size} bytes, larger than {max_size}")
        data = handle.read(max_size + 1) if max_size else handle.read()
    if max_size and len(data) > max_size:  # grew while being read
        raise PageFileError(f"{path}: larger than {max_size} bytes")
    if resolved.suffix == ".gz" or data[:2] == GZIP_MAGIC:
        try:
            data = gunzip_bounded(data, max_size)
        except zlib.error as exc:
            raise PageFileError(f"{path}: not a valid gzip file ({exc})") from None
        except PageFileError as exc:
            raise PageFileError(f"{path}: {exc}") from None
    return data
