"""Drop body paragraphs that recur across most articles of one source (promo and ad lines).

Structural rules already ran at extraction (:mod:`newscrawl.extract.block_body`); this pipeline adds
the one signal that needs the whole run: a short line printed in most articles of the same
source is a template, not reporting.

Body text is written from templates too ("This is not the first time in the past 9 months that
Hazan has made headlines."), so an exact repeat in a few articles proves nothing. A paragraph is
boilerplate only once the source has ``NEWSCRAWL_BOILERPLATE_RECUR_ARTICLES`` articles in this
run, the paragraph appeared in at least ``NEWSCRAWL_BOILERPLATE_RECUR_MIN`` of them, and in at
least ``NEWSCRAWL_BOILERPLATE_RECUR_SHARE`` of them (a promo line is on nearly every page).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from itemadapter import ItemAdapter
from scrapy.crawler import Crawler

from newscrawl.logs import switched_off
from newscrawl.normalize.text import word_count


@dataclass(frozen=True)
class RecurrenceRule:
    """When a recurring paragraph counts as boilerplate.

    >>> rule = RecurrenceRule(min_count=3, min_articles=10, min_share=0.5)
    >>> rule.is_boilerplate(count=9, articles=10), rule.is_boilerplate(count=3, articles=100)
    (True, False)
    >>> rule.is_boilerplate(count=3, articles=3)  # too few articles of the source yet
    False
    """

    min_count: int
    min_articles: int
    min_share: float

    def is_boilerplate(self, count: int, articles: int) -> bool:
        return (
            count >= self.min_count
            and articles >= self.min_articles
            and count >= self.min_share * articles
        )


class BoilerplatePipeline:
    """Count short paragraphs per source; drop those printed in most of its articles."""

    def __init__(self, crawler: Crawler, rule: RecurrenceRule, max_words: int) -> None:
        self.crawler = crawler
        self.rule = rule
        self.max_words = max_words
        # Hashes, not texts: a run sees hundreds of thousands of short paragraphs, and 64-bit
        # hashes collide once in billions of pairs. Per source: the distinct articles seen;
        # per (source, paragraph): how many distinct articles printed it, and the last one
        # (copies of one source article arrive one after the other at most twice).
        self._articles: dict[str, set[int]] = defaultdict(set)
        self._counts: dict[int, tuple[int, int]] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> BoilerplatePipeline:
        settings = crawler.settings
        recur_min = settings.getint("NEWSCRAWL_BOILERPLATE_RECUR_MIN")
        if recur_min <= 0:
            raise switched_off(__name__, "NEWSCRAWL_BOILERPLATE_RECUR_MIN is 0")
        rule = RecurrenceRule(
            min_count=recur_min,
            min_articles=settings.getint("NEWSCRAWL_BOILERPLATE_RECUR_ARTICLES"),
            min_share=settings.getfloat("NEWSCRAWL_BOILERPLATE_RECUR_SHARE"),
        )
        return cls(crawler, rule, settings.getint("NEWSCRAWL_BOILERPLATE_RECUR_MAX_WORDS"))

    def process_item(self, item: object) -> object:
        adapter = ItemAdapter(item)
        body = adapter.get("body") or ""
        if not body:
            return item
        source = str(adapter.get("source_key") or adapter.get("original_language") or "unknown")
        article = hash(adapter.get("source_url") or adapter.get("url") or "")
        articles = self._articles[source]
        articles.add(article)
        paragraphs = body.split("\n\n")
        kept = []
        for paragraph in paragraphs:
            if word_count(paragraph) <= self.max_words:
                key = hash((source, paragraph))
                count, last = self._counts.get(key, (0, 0))
                if last != article or not count:
                    count += 1
                    self._counts[key] = (count, article)
                if self.rule.is_boilerplate(count, len(articles)):
                    assert self.crawler.stats is not None
                    self.crawler.stats.inc_value("newscrawl/boilerplate/recurring_dropped")
                    continue
            kept.append(paragraph)
        if len(kept) != len(paragraphs):
            adapter["body"] = "\n\n".join(kept)
            adapter["word_count"] = sum(word_count(p) for p in kept)
        return item
