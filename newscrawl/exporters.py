"""CSV export: one row per article, fixed columns, lists joined with " | ", media as JSON.

A new CSV file starts with a UTF-8 byte-order mark (``NEWSCRAWL_CSV_BOM``), so that spreadsheets
read it as UTF-8. Appending (``-o``) to a CSV that holds rows writes no second header and no
second mark, and a torn last row (a run killed mid-write, maybe inside a quoted field) is closed
first: its open quote ends and it is padded to one column more than the header, a marker last,
so that it cannot be read as a record while the rows before it and the appended ones stay whole.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import logging
import os
from pathlib import Path
from typing import IO, Any

from scrapy.crawler import Crawler
from scrapy.exporters import CsvItemExporter

from newscrawl.items import ARTICLE_FIELDS

logger = logging.getLogger(__name__)

#: Joins list fields in CSV cells.
LIST_SEPARATOR = " | "
#: The last cell of a torn row closed by an appending run (one column past the header).
TORN_ROW_MARKER = "newscrawl: torn row of an interrupted run (not a record)"
#: Bytes read at a time when scanning a CSV file for its last complete row.
SCAN_CHUNK = 1 << 20


def csv_cell(name: str, value: Any) -> Any:
    """A field value as one CSV cell.

    >>> csv_cell("authors", ["Yael Katz", "Dana Halevi"])
    'Yael Katz | Dana Halevi'
    >>> csv_cell("media", [{"kind": "image", "caption": "A", "credit": "AP"}])
    '[{"kind": "image", "caption": "A", "credit": "AP"}]'
    >>> csv_cell("modified_at", None)
    ''
    """
    if value is None:
        return ""
    if name == "media" or isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list | tuple):
        return LIST_SEPARATOR.join(str(v) for v in value)
    return value


def file_path(file: Any) -> Path | None:
    """The path of a feed's file (a ConfirmedFile or an open file), None for a stream."""
    path = getattr(file, "path", None) or getattr(file, "name", None)
    return Path(path) if isinstance(path, str | os.PathLike) else None


def last_row_start(fh: IO[bytes]) -> tuple[int, int, bool]:
    """(where the last complete row ends, file size, whether the end is inside quotes).

    A row ends at a newline outside quotes; quotes inside a field are doubled, so the parity of
    the quotes before a newline says whether it is inside one.

    >>> last_row_start(io.BytesIO(b'a,b\\r\\n1,"x\\ny"\\r\\n2,"tor'))
    (14, 20, True)
    """
    inside, end, offset = False, 0, 0
    for chunk in iter(lambda: fh.read(SCAN_CHUNK), b""):
        pos = 0
        while (newline := chunk.find(b"\n", pos)) >= 0:
            inside ^= bool(chunk.count(b'"', pos, newline) & 1)
            if not inside:
                end = offset + newline + 1
            pos = newline + 1
        inside ^= bool(chunk.count(b'"', pos) & 1)
        offset += len(chunk)
    return end, offset, inside


def first_row(data: bytes) -> list[str]:
    """The cells of the first CSV row in ``data`` (a byte-order mark skipped).

    >>> first_row(codecs.BOM_UTF8 + b'url,"a, b"\\r\\n1,2')
    ['url', 'a, b']
    """
    text = data.decode("utf-8-sig", errors="replace")
    return next(csv.reader(io.StringIO(text, newline="")), [])


def torn_row_ending(path: Path, columns: int) -> bytes:
    """What closes the torn last row of the CSV at ``path`` (``b""`` when its end is whole).

    The open quote is closed and the row padded to ``header + 1`` cells, the marker last, so it
    is never read as a record; ``columns`` counts the header when the file has none whole.

    >>> import tempfile
    >>> path = Path(tempfile.mkdtemp()) / "f.csv"
    >>> _ = path.write_bytes(b'url,body,n\\r\\nu1,"whole",1\\r\\nu2,"torn')
    >>> torn_row_ending(path, 3)
    b'",,newscrawl: torn row of an interrupted run (not a record)\\r\\n'
    >>> _ = path.write_bytes(b'url,body,n\\r\\nu1,"whole",1\\r\\n'); torn_row_ending(path, 3)
    b''
    """
    with path.open("rb") as fh:
        end, size, inside = last_row_start(fh)
        if end == size and not inside:
            return b""
        fh.seek(0)
        head = fh.read(min(end, SCAN_CHUNK)) if end else b""
        fh.seek(end)
        fragment = fh.read(size - end)
    if head:
        columns = len(first_row(head)) or columns
    close = b'"' if inside else b""
    cells = len(first_row(fragment + close))
    padding = b"," * max(columns + 1 - cells, 1)
    return close + padding + TORN_ROW_MARKER.encode() + b"\r\n"


class ArticleCsvItemExporter(CsvItemExporter):
    """Scrapy's CSV exporter with the Article's column order and cell formats, a byte-order mark
    on a new file and a whole-row append (see the module docstring)."""

    def __init__(self, file: Any, *, bom: bool = True, **kwargs: Any) -> None:
        kwargs.setdefault("fields_to_export", list(ARTICLE_FIELDS))
        path = file_path(file)
        size = _size(path)
        if size:  # appending: one header and one mark per file
            kwargs["include_headers_line"] = False
        super().__init__(file, **kwargs)
        utf8 = codecs.lookup(self.encoding or "utf-8").name == "utf-8"
        self._bom = bom and utf8 and size == 0
        if size and path is not None:
            self._close_torn_row(file, path)

    @classmethod
    def from_crawler(cls, crawler: Crawler, file: Any, **kwargs: Any) -> ArticleCsvItemExporter:
        """Scrapy's feed exporter builds it so: ``NEWSCRAWL_CSV_BOM`` decides the mark."""
        kwargs.setdefault("bom", crawler.settings.getbool("NEWSCRAWL_CSV_BOM", True))
        return cls(file, **kwargs)

    def _close_torn_row(self, file: Any, path: Path) -> None:
        columns = len(list(self.fields_to_export or ARTICLE_FIELDS))
        ending = torn_row_ending(path, columns)
        if not ending:
            return
        logger.warning(
            "CSV feed %s ends with a torn row (a run was interrupted mid-write): it is closed "
            "and marked as no record (one cell more than the header); appending starts on a "
            "new row",
            path,
        )
        if hasattr(file, "tail"):  # a ConfirmedFile: written with the first record
            file.tail = ending
        else:
            file.write(ending)

    def export_item(self, item: Any) -> None:
        if self._bom:
            self._bom = False
            self.stream.write("\ufeff")
        super().export_item(item)

    def serialize_field(self, field: Any, name: str, value: Any) -> Any:
        return csv_cell(name, value)


def _size(path: Path | None) -> int | None:
    """The size of a regular file at ``path``; None for a stream or a special file."""
    if path is None:
        return None
    try:
        info = path.stat()
    except OSError:
        return None
    return info.st_size if os.path.isfile(path) else None
