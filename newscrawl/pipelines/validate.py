"""Drop items that do not match the Article schema, with their URL and reason."""

from __future__ import annotations

import logging

from itemadapter import ItemAdapter
from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem

from newscrawl.schema import article_errors

logger = logging.getLogger(__name__)


class ValidationPipeline:
    """Validate each item against ``schema/article.schema.json``."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ValidationPipeline:
        return cls(crawler)

    def process_item(self, item: object) -> object:
        record = ItemAdapter(item).asdict()
        errors = article_errors(record)
        if errors:
            assert self.crawler.stats is not None
            self.crawler.stats.inc_value("newscrawl/validate/dropped")
            raise DropItem(
                f"invalid article {record.get('url')}: {'; '.join(errors[:3])}", log_level="ERROR"
            )
        return item
