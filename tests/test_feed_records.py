"""Crash recovery reads every format the project writes (newscrawl.state.records)."""

from __future__ import annotations

import codecs
import csv
import io
import json
from pathlib import Path

import pytest

from newscrawl.exporters import LIST_SEPARATOR
from newscrawl.items import ARTICLE_FIELDS
from newscrawl.state.records import feed_keys

RECORDS = [
    {"url": "https://agg/1", "source_url": "https://src/1", "body": "two\nlines", "authors": []},
    {"url": "https://agg/2", "source_url": None, "canonical_url": "https://c/2", "body": "b"},
    {"url": "https://agg/3", "source_url": "", "body": 'a "quoted"\nbody', "authors": ["A", "B"]},
]
KEYS = ["https://src/1", "https://c/2", "https://agg/3"]


def _csv(records: list[dict[str, object]], *, bom: bool) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    writer.writerow(ARTICLE_FIELDS)
    for record in records:
        cells = []
        for name in ARTICLE_FIELDS:
            value = record.get(name)
            cells.append(LIST_SEPARATOR.join(value) if isinstance(value, list) else value or "")
        writer.writerow(cells)
    data = out.getvalue().encode()
    return codecs.BOM_UTF8 + data if bom else data


def _torn(data: bytes, last: bytes) -> bytes:
    """``data`` cut inside its last record (a kill mid-write)."""
    return data[: data.rindex(last) + len(last) // 2]


@pytest.mark.parametrize("bom", [False, True])
def test_csv_with_or_without_bom_torn_inside_a_quoted_multiline_cell(
    bom: bool, tmp_path: Path
) -> None:
    path = tmp_path / "a.csv"
    whole = _csv(RECORDS, bom=bom)
    path.write_bytes(whole)
    assert feed_keys(path)[0] == KEYS
    path.write_bytes(_torn(whole, b'a ""quoted""\nbody'))  # an open quoted cell, a newline in it
    assert feed_keys(path) == (KEYS[:2], ["https://agg/1", "https://agg/2"])
    path.write_bytes(whole[: whole.rindex(b"https://agg/3") + 20])  # cut outside quotes
    assert feed_keys(path)[0] == KEYS[:2]


def test_json_array_torn_without_closing_bracket(tmp_path: Path) -> None:
    path = tmp_path / "a.json"
    objects = [json.dumps(r) for r in RECORDS]
    path.write_text("[\n" + ",\n".join(objects[:2]) + ",\n" + objects[2][:30])
    assert feed_keys(path)[0] == KEYS[:2]
    path.write_text("[\n" + ",\n".join(objects) + "\n]" + "[\n" + objects[0] + "\n]")
    assert feed_keys(path)[0] == [*KEYS, KEYS[0]]  # two arrays (appended): both read


def test_json_lines_under_any_name(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    lines = [json.dumps(r).encode() + b"\n" for r in RECORDS]
    path.write_bytes(b"".join(lines[:2]) + lines[2][:25])
    assert feed_keys(path)[0] == KEYS[:2]
    assert feed_keys(tmp_path / "missing.jsonl") == ([], [])
