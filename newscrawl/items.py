"""The exported Article record: field names follow ``schema/article.schema.json``."""

from __future__ import annotations

import scrapy
from itemadapter import ItemAdapter

#: Export order of the Article fields (also the CSV column order).
ARTICLE_FIELDS: tuple[str, ...] = (
    "url",
    "canonical_url",
    "site",
    "category",
    "categories",
    "tags",
    "title",
    "lead",
    "byline",
    "authors",
    "agencies",
    "aggregated_at",
    "published_at",
    "modified_at",
    "source_key",
    "source_name",
    "source_url",
    "language",
    "original_language",
    "body",
    "media",
    "word_count",
    "scraped_at",
)


class Article(scrapy.Item):
    """One article as exported; see ``newscrawl/schema/article.schema.json``."""

    url = scrapy.Field()
    canonical_url = scrapy.Field()
    site = scrapy.Field()
    category = scrapy.Field()
    categories = scrapy.Field()
    tags = scrapy.Field()
    title = scrapy.Field()
    lead = scrapy.Field()
    byline = scrapy.Field()
    authors = scrapy.Field()
    agencies = scrapy.Field()
    aggregated_at = scrapy.Field()
    published_at = scrapy.Field()
    modified_at = scrapy.Field()
    source_key = scrapy.Field()
    source_name = scrapy.Field()
    source_url = scrapy.Field()
    language = scrapy.Field()
    original_language = scrapy.Field()
    body = scrapy.Field()
    media = scrapy.Field()
    word_count = scrapy.Field()
    scraped_at = scrapy.Field()


def dedup_key(record: ItemAdapter) -> str:
    """The deduplication key of a record.

    >>> dedup_key(ItemAdapter({"source_url": "https://x.org/1", "url": "https://agg/1"}))
    'https://x.org/1'
    >>> dedup_key(ItemAdapter({"source_url": None, "url": "https://agg/1"}))
    'https://agg/1'
    """
    return str(record.get("source_url") or record.get("canonical_url") or record.get("url"))
