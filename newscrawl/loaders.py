"""The Article item loader: small pure processors wired to the record's fields."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from itemloaders.processors import Identity, MapCompose, TakeFirst
from scrapy.loader import ItemLoader

from newscrawl.items import Article
from newscrawl.normalize.dates import parse_iso_instant, to_iso_z
from newscrawl.normalize.text import clean_text


def strip_publisher_suffix(title: str, publishers: Sequence[str]) -> str:
    """Drop a trailing " - {publisher}" that the aggregator appends to titles.

    >>> strip_publisher_suffix("Putin: We won - Walla! news", ["Walla! news", "ynet"])
    'Putin: We won'
    >>> strip_publisher_suffix("Rock - paper - scissors", ["ynet"])
    'Rock - paper - scissors'
    """
    for name in publishers:
        suffix = f" - {name}"
        if title.endswith(suffix) and len(title) > len(suffix):
            return title[: -len(suffix)].rstrip()
    return title


def iso_instant(value: str) -> str | None:
    """An ISO 8601 timestamp as UTC with "Z", keeping milliseconds when given.

    >>> iso_instant("2022-01-10T15:46:23.398Z")
    '2022-01-10T15:46:23.398Z'
    >>> iso_instant("2022-01-10T17:46:23+02:00")
    '2022-01-10T15:46:23Z'
    >>> iso_instant("yesterday") is None
    True
    """
    moment = parse_iso_instant(value)
    if moment is None:
        return None
    base = to_iso_z(moment)
    if base and moment.microsecond:
        return f"{base[:-1]}.{moment.microsecond // 1000:03d}Z"
    return base


def drop_empty(value: str | None) -> str | None:
    """None for empty strings, so that TakeFirst moves on to the next candidate.

    >>> drop_empty(""), drop_empty("x")
    (None, 'x')
    """
    return value or None


def unique(values: Iterable[str]) -> list[str]:
    """Values in first-seen order without repeats.

    >>> unique(["Reuters", "AFP", "Reuters"])
    ['Reuters', 'AFP']
    """
    return list(dict.fromkeys(values))


class ArticleLoader(ItemLoader):
    """Wires the normalisers to the Article fields; the spider feeds raw values."""

    default_item_class = Article
    default_input_processor = MapCompose(clean_text, drop_empty)
    default_output_processor = TakeFirst()

    categories_out = Identity()
    tags_out = Identity()
    authors_out = unique
    agencies_out = unique
    aggregated_at_in = MapCompose(clean_text, iso_instant)
    media_in = Identity()
    media_out = Identity()
    word_count_in = Identity()
    body_in = Identity()

    def load_article(self) -> Article:
        """The item with every list field present (lists are never null)."""
        item: Any = self.load_item()
        for name in ("categories", "tags", "authors", "agencies", "media"):
            item.setdefault(name, [])
        item.setdefault("body", "")
        item.setdefault("word_count", 0)
        for name in Article.fields:
            item.setdefault(name, None)
        return item  # type: ignore[no-any-return]
