"""Drop body paragraphs that recur across many articles of one source (promo and ad lines).

Structural rules already ran at extraction (:mod:`newscrawl.boilerplate`); this pipeline adds
the one signal that needs the whole run: a short line printed in several distinct articles of
the same source is a template, not reporting.
"""

from __future__ import annotations

from itemadapter import ItemAdapter
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured

from newscrawl.normalize.text import word_count


class BoilerplatePipeline:
    """Count short paragraphs per source; once one recurs in enough articles, drop it."""

    def __init__(self, crawler: Crawler, recur_min: int, max_words: int) -> None:
        self.crawler = crawler
        self.recur_min = recur_min
        self.max_words = max_words
        # hash((source, paragraph)) -> hashes of the distinct articles that printed it, at most
        # recur_min of them (enough to decide). Hashes, not the texts: a run sees hundreds of
        # thousands of short paragraphs, and 64-bit hashes collide once in billions of pairs.
        self._seen: dict[int, tuple[int, ...]] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> BoilerplatePipeline:
        recur_min = crawler.settings.getint("NEWSCRAWL_BOILERPLATE_RECUR_MIN")
        if recur_min <= 0:
            raise NotConfigured("NEWSCRAWL_BOILERPLATE_RECUR_MIN is 0")
        return cls(
            crawler, recur_min, crawler.settings.getint("NEWSCRAWL_BOILERPLATE_RECUR_MAX_WORDS")
        )

    def process_item(self, item: object) -> object:
        adapter = ItemAdapter(item)
        body = adapter.get("body") or ""
        if not body:
            return item
        source = adapter.get("source_key") or adapter.get("original_language") or "unknown"
        article = adapter.get("source_url") or adapter.get("url") or ""
        kept = []
        article_hash = hash(article)
        for paragraph in body.split("\n\n"):
            if word_count(paragraph) <= self.max_words:
                key = hash((source, paragraph))
                seen = self._seen.get(key, ())
                if article_hash not in seen and len(seen) < self.recur_min:
                    seen = self._seen[key] = (*seen, article_hash)
                if len(seen) >= self.recur_min:
                    assert self.crawler.stats is not None
                    self.crawler.stats.inc_value("newscrawl/boilerplate/recurring_dropped")
                    continue
            kept.append(paragraph)
        if len(kept) != len(body.split("\n\n")):
            adapter["body"] = "\n\n".join(kept)
            adapter["word_count"] = sum(word_count(p) for p in kept)
        return item
