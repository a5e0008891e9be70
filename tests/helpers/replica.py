"""The bundled replica's recorded pages with their truth records, for per-page tests."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import lxml.html

REPLICA = Path(__file__).resolve().parents[1] / "fixtures" / "sites" / "limitedtimes"

Page = dict[str, Any]
Record = dict[str, Any]


def _lines(name: str) -> list[dict[str, Any]]:
    text = (REPLICA / name).read_text(encoding="utf-8")
    return [json.loads(line) for line in text.splitlines() if line.strip()]


@cache
def truth() -> dict[str, Record]:
    """Truth records by id."""
    return {record["id"]: record for record in _lines("truth.jsonl")}


def replica_pages() -> list[tuple[Page, Record]]:
    """Every article page of ``pages.jsonl`` (duplicates included) with its truth record."""
    records = truth()
    return [(page, records[page["truth_id"]]) for page in _lines("pages.jsonl")]


def unique_pages() -> list[tuple[Page, Record]]:
    """The pages whose record is the truth's own (no duplicate copies)."""
    return [(page, record) for page, record in replica_pages() if not page["is_duplicate"]]


def page_file(page: Page) -> Path:
    """The recorded HTML file of a page."""
    return REPLICA / "site" / str(page["path"]).lstrip("/")


def source_block(page: Page) -> lxml.html.HtmlElement:
    """The page's ``div.post-content`` element."""
    root = lxml.html.fromstring(page_file(page).read_bytes())
    return root.cssselect("div.post-content")[0]
