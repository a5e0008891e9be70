"""CSV feeds: a byte-order mark on a new file, one header however often -o appends, torn rows
closed."""

from __future__ import annotations

import codecs
import csv
import io
import subprocess
from pathlib import Path

from scrapy.utils.test import get_crawler

from devtools.server import ReplicaServer
from newscrawl.exporters import TORN_ROW_MARKER, ArticleCsvItemExporter
from newscrawl.feeds import ConfirmedFile
from newscrawl.items import ARTICLE_FIELDS
from tests.helpers.crawl import PROJECT, TEST_SETTINGS, crawl_command, crawl_env

BOM = codecs.BOM_UTF8
COLUMNS = len(ARTICLE_FIELDS)


def _append(tmp_path: Path, server: ReplicaServer, feed: Path, day: str) -> str:
    """``scrapy crawl ... -o feed`` over one day of the replica (one state for every run)."""
    settings = {**TEST_SETTINGS, "NEWSCRAWL_STATE_URI": f"sqlite://{tmp_path / 's.sqlite'}"}
    cmd = crawl_command({"base_url": server.url, "start": day, "end": day}, settings)
    proc = subprocess.run(
        [*cmd, "-o", str(feed)],
        cwd=PROJECT,
        env=crawl_env(),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    return proc.stderr


def _rows(feed: Path) -> list[list[str]]:
    with feed.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.reader(fh))


def test_appending_writes_one_header_and_one_mark_and_starts_after_a_torn_row(
    replica_server: ReplicaServer, tmp_path: Path
) -> None:
    feed = tmp_path / "f.csv"
    _append(tmp_path, replica_server, feed, "2022-01-10")
    first = _rows(feed)
    _append(tmp_path, replica_server, feed, "2022-01-11")
    raw = feed.read_bytes()
    whole = _rows(feed)
    assert raw.startswith(BOM) and raw.count(BOM) == 1
    assert whole[0] == list(ARTICLE_FIELDS) and whole.count(list(ARTICLE_FIELDS)) == 1
    assert all(len(row) == COLUMNS for row in whole)
    assert whole[: len(first)] == first and len(whole) > len(first) > 1
    assert len({row[0] for row in whole[1:]}) == len(whole) - 1  # every article once

    # A run killed mid-write: the last row ends inside its quoted body (paragraphs hold newlines).
    body = whole[-1][ARTICLE_FIELDS.index("body")]
    cut = raw.rindex(body[:40].encode()) + 20
    assert raw[:cut].count(b'"') % 2 == 1, "the cut is not inside a quoted field"
    feed.write_bytes(raw[:cut])
    log = _append(tmp_path, replica_server, feed, "2022-01-12")
    rows = _rows(feed)
    assert "torn row" in log
    # The complete rows before stay as they were; the fragment is one row with one cell more
    # than the header, the marker last (no reader takes it for a record); the appended rows are
    # whole, under the one header.
    assert rows[: len(whole) - 1] == whole[:-1]
    torn = rows[len(whole) - 1]
    assert len(torn) == COLUMNS + 1 and torn[-1] == TORN_ROW_MARKER
    assert torn[ARTICLE_FIELDS.index("body")] == body[:20]
    appended = rows[len(whole) :]
    assert appended and all(len(row) == COLUMNS for row in appended)
    assert list(ARTICLE_FIELDS) not in appended
    assert feed.read_bytes().count(BOM) == 1


def test_the_byte_order_mark_setting(tmp_path: Path) -> None:
    item = {"url": "https://a.example/1", "title": "Lucía", "authors": ["Lucía Pérez"]}
    for bom in (True, False):
        path = tmp_path / f"{bom}.csv"
        crawler = get_crawler(settings_dict={"NEWSCRAWL_CSV_BOM": bom})
        with ConfirmedFile(path, append=False) as file:
            exporter = ArticleCsvItemExporter.from_crawler(crawler, file)
            exporter.start_exporting()
            exporter.export_item(item)
            exporter.finish_exporting()
        assert path.read_bytes().startswith(BOM) is bom
        rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
        assert rows[0]["title"] == "Lucía" and rows[0]["url"] == item["url"]
