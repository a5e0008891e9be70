"""CSV export: one row per article, fixed columns, lists joined with " | ", media as JSON."""

from __future__ import annotations

import json
from typing import Any

from scrapy.exporters import CsvItemExporter

from newscrawl.items import ARTICLE_FIELDS

#: Joins list fields in CSV cells.
LIST_SEPARATOR = " | "


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


class ArticleCsvItemExporter(CsvItemExporter):
    """Scrapy's CSV exporter with the Article's column order and cell formats."""

    def __init__(self, file: Any, **kwargs: Any) -> None:
        kwargs.setdefault("fields_to_export", list(ARTICLE_FIELDS))
        super().__init__(file, **kwargs)

    def serialize_field(self, field: Any, name: str, value: Any) -> Any:
        return csv_cell(name, value)
