"""The recurring-boilerplate pipeline: promo lines on most pages go, template body text stays."""

from __future__ import annotations

from typing import Any

from scrapy.utils.test import get_crawler

from newscrawl.pipelines.boilerplate import BoilerplatePipeline


def _item(n: int, body: list[str], source: str = "ltn") -> dict[str, Any]:
    return {
        "source_key": source,
        "source_url": f"https://x.org/{n}",
        "url": f"https://a/{n}",
        "body": "\n\n".join(body),
        "word_count": 0,
    }


def _pipeline() -> BoilerplatePipeline:
    crawler = get_crawler(
        settings_dict={
            "NEWSCRAWL_BOILERPLATE_RECUR_MIN": 3,
            "NEWSCRAWL_BOILERPLATE_RECUR_ARTICLES": 10,
            "NEWSCRAWL_BOILERPLATE_RECUR_SHARE": 0.5,
            "NEWSCRAWL_BOILERPLATE_RECUR_MAX_WORDS": 25,
        }
    )
    return BoilerplatePipeline.from_crawler(crawler)


def test_line_on_every_page_is_dropped_once_the_source_has_enough_articles() -> None:
    pipeline = _pipeline()
    promo = "Collect points every day in our app and win a prize."
    bodies = [
        pipeline.process_item(_item(n, [f"Story {n} happened.", promo]))["body"] for n in range(14)
    ]
    assert all(promo in b for b in bodies[:9])  # too few articles of the source yet
    assert all(b == f"Story {n} happened." for n, b in enumerate(bodies) if n >= 9)


def test_template_sentence_in_a_few_articles_stays() -> None:
    pipeline = _pipeline()
    template = "This is not the first time in the past 9 months that Hazan has made headlines."
    out = [
        pipeline.process_item(
            _item(n, [f"Story {n}.", template] if n % 7 == 0 else [f"Story {n}."])
        )
        for n in range(40)
    ]
    assert sum(template in o["body"] for o in out) == 6


def test_copies_of_one_article_count_once() -> None:
    pipeline = _pipeline()
    for n in range(10):
        pipeline.process_item(_item(n, [f"Story {n}."]))
    line = "A line seen in one article only."
    for _ in range(5):  # the same source article five times (copies)
        assert line in pipeline.process_item(_item(99, [line]))["body"]
