"""The complete records of a feed file, whatever format the project wrote it in.

Crash recovery (:mod:`newscrawl.state.run`) commits the claims whose record is complete in a
killed run's feed. It reads every format the project writes, recognised by the file's first
byte rather than its name (``-O a.txt:jsonl`` is JSON lines):

* JSON lines (``{`` first): every line that ends with a newline and holds a JSON object; a torn
  last line is not complete.
* JSON arrays (``[`` first): every whole object of the array; a killed run leaves ``[``, complete
  objects and a torn one, and no ``]``. Arrays appended one after the other are read in turn.
* CSV (anything else, with or without a UTF-8 byte-order mark): every row with as many cells as
  the header, read by the header's names (``url``, ``source_url``, ``canonical_url``); a last
  row that does not end with a newline, or whose quoted cell is still open, is torn.

:data:`RECOVERABLE_FORMATS` are the ``FEEDS`` formats this covers; a run writing a local feed in
another format (XML, pickle, marshal) or through a post-processing plugin (gzip...) could not be
recovered after a crash, and is refused before it starts (:func:`unrecoverable_feed`).
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import os
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

#: Feed formats whose complete records recovery reads (Scrapy's names).
RECOVERABLE_FORMATS = frozenset({"jsonlines", "jsonl", "json", "csv"})


def record_key(record: Mapping[str, Any]) -> str:
    """The dedup key of a record (:func:`newscrawl.pipelines.dedup.dedup_key`): the canonical
    source URL, else the canonical URL, else the aggregator URL (empty CSV cells are none).

    >>> record_key({"source_url": "", "canonical_url": None, "url": "https://agg/1"})
    'https://agg/1'
    """
    return str(record.get("source_url") or record.get("canonical_url") or record.get("url"))


def _jsonl(data: bytes) -> Iterator[Mapping[str, Any]]:
    for raw in io.BytesIO(data):
        if not raw.endswith(b"\n"):
            break  # torn by a killed run
        try:
            record = json.loads(raw)
        except ValueError:
            continue  # a fragment an appending run moved to a line of its own
        if isinstance(record, dict):
            yield record


def _json_arrays(text: str) -> Iterator[Mapping[str, Any]]:
    decoder = json.JSONDecoder()
    pos, size, in_array = 0, len(text), False
    while pos < size:
        char = text[pos]
        if char in " \t\r\n,":
            pos += 1
        elif char == "[" and not in_array:
            in_array, pos = True, pos + 1
        elif char == "]" and in_array:
            in_array, pos = False, pos + 1
        elif in_array:
            try:
                record, pos = decoder.raw_decode(text, pos)
            except ValueError:
                return  # the torn last object
            if isinstance(record, dict):
                yield record
        else:
            return


def _csv(text: str) -> Iterator[Mapping[str, Any]]:
    rows: list[list[str]] = []
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        rows.extend(reader)
    except csv.Error:
        pass  # a quoted cell still open at the end: the torn row was not yielded
    else:
        if rows and not text.endswith("\n"):
            rows.pop()  # the last row is torn
    if not rows or "url" not in rows[0]:
        return
    header = rows[0]
    for row in rows[1:]:
        if len(row) == len(header) and row != header:
            yield dict(zip(header, row, strict=True))


def feed_records(path: Path) -> Iterator[Mapping[str, Any]]:
    """The complete records of the feed at ``path`` (none when it is missing or empty)."""
    try:
        data = path.read_bytes()
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
        return
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    first = data.lstrip()[:1]
    if first == b"{":
        yield from _jsonl(data)
    elif first == b"[":
        yield from _json_arrays(data.decode("utf-8", errors="replace"))
    elif first:
        yield from _csv(data.decode("utf-8", errors="replace"))


def _csv_end(text: str) -> int:
    """Where the last complete CSV row ends (a newline outside quotes)."""
    end, quoted = 0, False
    for pos, char in enumerate(text):
        if char == '"':
            quoted = not quoted
        elif char == "\n" and not quoted:
            end = pos + 1
    return end


def _json_end(text: str) -> int:
    """Where the last whole object of a JSON array ends."""
    decoder = json.JSONDecoder()
    pos, end = text.index("[") + 1, 0
    while True:
        while pos < len(text) and text[pos] in " \t\r\n,":
            pos += 1
        try:
            _, pos = decoder.raw_decode(text, pos)
        except ValueError:
            return end
        end = pos


def cut_torn_tail(path: Path) -> None:
    """Cut a feed back to its last complete record (a killed run's torn one goes) and close a
    JSON array left open, so that a recovered file reads as a whole feed of its format.

    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "a.json"
    >>> _ = path.write_text('[\\n{"url": "a"},\\n{"url": "b"},\\n{"url": "c", "bo')
    >>> cut_torn_tail(path); json.loads(path.read_text())
    [{'url': 'a'}, {'url': 'b'}]
    >>> _ = path.write_bytes(b'url,body\\r\\na,"one\\nline"\\r\\nb,"torn\\n')
    >>> cut_torn_tail(path); path.read_bytes()
    b'url,body\\r\\na,"one\\nline"\\r\\n'
    """
    data = path.read_bytes()
    bom = len(codecs.BOM_UTF8) if data.startswith(codecs.BOM_UTF8) else 0
    first = data[bom:].lstrip()[:1]
    closing = b""
    if first == b"{":
        end = data.rfind(b"\n") + 1
    elif first == b"[":
        text = data[bom:].decode("utf-8", errors="replace")
        if text.rstrip().endswith("]"):
            return
        end = bom + len(text[: _json_end(text)].encode())
        closing = b"\n]\n"
    elif first:
        text = data[bom:].decode("utf-8", errors="replace")
        end = bom + len(text[: _csv_end(text)].encode())
    else:
        return
    if end == len(data) and not closing:
        return
    with path.open("r+b") as fh:
        fh.truncate(end)
        fh.seek(end)
        fh.write(closing)
        os.fsync(fh.fileno())


def feed_keys(path: Path) -> tuple[list[str], list[str]]:
    """Dedup keys and article (aggregator) URLs of the complete records of a feed file.

    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "a.json"
    >>> one = '{"url": "https://a/1", "source_url": "https://s/1"}'
    >>> _ = path.write_text('[\\n' + one + ',\\n{"url": "ht')
    >>> feed_keys(path)
    (['https://s/1'], ['https://a/1'])
    >>> csv = '\\ufeffurl,source_url\\r\\nhttps://a/1,\\r\\nhttps://a/2,"https://s'
    >>> _ = path.write_text(csv, "utf-8")
    >>> feed_keys(path)
    (['https://a/1'], ['https://a/1'])
    """
    keys: list[str] = []
    urls: list[str] = []
    for record in feed_records(path):
        keys.append(record_key(record))
        if record.get("url"):
            urls.append(str(record["url"]))
    return keys, urls


def unrecoverable_feed(uri: str, options: Mapping[str, Any]) -> str | None:
    """Why a local feed could not be recovered after a crash (None when it can).

    >>> unrecoverable_feed("/o/a.xml", {"format": "xml"})
    "format 'xml' (crash recovery reads jsonlines, json and csv)"
    >>> unrecoverable_feed("/o/a.jsonl.gz", {"format": "jsonlines", "postprocessing": ["gz"]})
    'post-processing (a compressed feed cut by a crash cannot be read back)'
    >>> unrecoverable_feed("/o/a.csv", {"format": "csv"}) is None
    True
    """
    fmt = str(options.get("format") or "")
    if fmt not in RECOVERABLE_FORMATS:
        return f"format {fmt!r} (crash recovery reads jsonlines, json and csv)"
    if options.get("postprocessing"):
        return "post-processing (a compressed feed cut by a crash cannot be read back)"
    return None
