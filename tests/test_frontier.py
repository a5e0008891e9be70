"""Unit tests of the article frontier (newscrawl.frontier) and its gate, without a server.

The frontier is built as Scrapy builds a scheduler (``from_crawler`` on a crawler from
``scrapy.utils.test.get_crawler``); Scrapy's own signals are sent through the crawler's signal
manager as the engine sends them, and errbacks are called as the scraper calls them.
"""

from __future__ import annotations

import importlib
import warnings
from typing import Any

import pytest
from scrapy import Spider, signals
from scrapy.core.scheduler import Scheduler
from scrapy.crawler import Crawler
from scrapy.exceptions import DontCloseSpider, IgnoreRequest
from scrapy.http import HtmlResponse, Request, Response
from scrapy.settings import Settings
from scrapy.spidermiddlewares.httperror import HttpError
from scrapy.utils.project import get_project_settings
from scrapy.utils.test import get_crawler
from twisted.python.failure import Failure

from newscrawl import distributed
from newscrawl.frontier import (
    META_CARD_TIME,
    META_LOWER_BOUND,
    META_RELEASED,
    ArticleFrontier,
    instant_key,
)
from newscrawl.frontier.holding import GateErrback
from newscrawl.frontier.tracking import follow
from newscrawl.items import Article
from newscrawl.outputs import Outputs

SITE = "https://news.example"


class ArticlesSpider(Spider):
    """A spider with the two article callbacks; it records the failures it was given."""

    name = "articles"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.failures: list[Failure] = []

    def parse_article(self, response: Response) -> None:
        """Never called here: the frontier only stores its name."""

    def article_failed(self, failure: Failure) -> None:
        self.failures.append(failure)


def _frontier(**settings: Any) -> tuple[ArticleFrontier, Crawler, ArticlesSpider]:
    defaults = {
        "NEWSCRAWL_RELEASE_BATCH": 2000,
        "NEWSCRAWL_RELEASE_HOLD": True,
        # Scrapy's default queue asks the engine's downloader for its slots: there is no engine.
        "SCHEDULER_PRIORITY_QUEUE": "scrapy.pqueues.ScrapyPriorityQueue",
    }
    crawler = get_crawler(ArticlesSpider, {**defaults, **settings})
    spider = ArticlesSpider.from_crawler(crawler)
    crawler.spider = spider
    frontier = ArticleFrontier.from_crawler(crawler)
    frontier.open(spider)
    return frontier, crawler, spider


def _card(spider: ArticlesSpider, path: str, when: str, *, exact: bool = True) -> Request:
    """An article request as the spider yields it from a listing."""
    meta: dict[str, Any] = {META_CARD_TIME: when, "depth": 1}
    if not exact:
        meta[META_LOWER_BOUND] = True
    return Request(
        f"{SITE}{path}", callback=spider.parse_article, errback=spider.article_failed, meta=meta
    )


def _drain(frontier: ArticleFrontier) -> list[Request]:
    out = []
    while (request := frontier.next_request()) is not None:
        out.append(request)
    return out


def _send(crawler: Crawler, signal: object, **kwargs: Any) -> None:
    crawler.signals.send_catch_log(signal=signal, spider=crawler.spider, **kwargs)


def _started(crawler: Crawler, request: Request) -> None:
    _send(crawler, signals.request_reached_downloader, request=request)


def test_articles_are_held_until_idle_then_released_oldest_first() -> None:
    frontier, crawler, spider = _frontier()
    listing = Request(f"{SITE}/page/2", priority=1000)
    frontier.enqueue_request(_card(spider, "/c", "2022-01-12T09:00:00Z"))
    frontier.enqueue_request(_card(spider, "/a", "2022-01-10T10:00:00+02:00"))
    frontier.enqueue_request(_card(spider, "/b", "2022-01-11T00:00:00Z", exact=False))
    frontier.enqueue_request(_card(spider, "/b", "2022-01-11T15:00:00Z"))  # exact wins
    frontier.enqueue_request(_card(spider, "/a", "2022-01-01T00:00:00Z"))  # seen: ignored
    frontier.enqueue_request(listing)
    assert frontier.held == 3
    assert crawler.stats is not None and crawler.stats.get_value("newscrawl/articles/found") == 3
    assert _drain(frontier) == [listing]  # listings go on while the articles wait
    assert not frontier.has_pending_requests()  # so the crawl goes idle
    results = crawler.signals.send_catch_log(signal=signals.spider_idle, spider=spider)
    assert any(isinstance(r, Failure) and r.check(DontCloseSpider) for _, r in results)
    released = _drain(frontier)
    assert [r.url for r in released] == [f"{SITE}/a", f"{SITE}/b", f"{SITE}/c"]
    first = released[0]
    assert first.meta[META_CARD_TIME] == instant_key("2022-01-10T08:00:00Z")
    assert first.meta[META_RELEASED] and first.meta["depth"] == 1
    assert first.callback == spider.parse_article
    assert isinstance(first.errback, GateErrback) and first.errback.errback == spider.article_failed
    assert META_LOWER_BOUND not in released[1].meta  # the exact card time replaced the bound
    assert released[1].meta[META_CARD_TIME] == instant_key("2022-01-11T15:00:00Z")
    assert first.priority > released[2].priority  # older first in Scrapy's queues as well
    assert not frontier.release_held()  # nothing left: the crawl may close


def test_lower_bound_counts_in_the_gate_from_release_exact_from_the_downloader() -> None:
    frontier, crawler, spider = _frontier()
    frontier.enqueue_request(_card(spider, "/bound", "2022-01-10", exact=False))
    frontier.enqueue_request(_card(spider, "/exact", "2022-01-09T12:00:00Z"))
    frontier.release_held()
    assert frontier.gate.earliest_unfinished() == instant_key("2022-01-10")
    exact, bound = _drain(frontier)
    assert bound.meta[META_LOWER_BOUND]
    _started(crawler, exact)
    assert frontier.gate.earliest_unfinished() == instant_key("2022-01-09T12:00:00Z")
    # The page says when it was published: that time replaces the lower bound.
    page = HtmlResponse(bound.url, body=b"<html></html>", request=bound)
    item = Article(url=bound.url, aggregated_at="2022-01-10T17:00:00Z")
    assert list(follow(frontier, page, [item])) == [item]
    assert not frontier.gate.clear("2022-01-10T16:00:00Z")  # /exact is still unfinished
    _send(crawler, signals.item_scraped, item=Article(url=exact.url), response=page)
    assert frontier.gate.clear("2022-01-10T16:00:00Z")
    assert not frontier.gate.clear("2022-01-10T18:00:00Z")  # /bound's own item is not done
    _send(crawler, signals.item_dropped, item=item, response=page, exception=Exception("dup"))
    assert frontier.gate.earliest_unfinished() is None


def test_release_goes_in_batches_topped_up_as_requests_leave() -> None:
    frontier, _, spider = _frontier(NEWSCRAWL_RELEASE_BATCH=4)
    for day in range(10, 20):
        frontier.enqueue_request(_card(spider, f"/{day}", f"2022-01-{day}T08:00:00Z"))
    frontier.release_held()
    assert Scheduler.__len__(frontier) == 4 and len(frontier) == 10
    assert frontier.next_request() is not None and frontier.next_request() is not None
    assert Scheduler.__len__(frontier) == 2
    frontier.next_request()  # half a batch went out: topped up to the batch first
    assert Scheduler.__len__(frontier) == 3 and len(frontier) == 7
    assert [r.url[-2:] for r in _drain(frontier)] == [str(d) for d in range(13, 20)]


def test_hold_off_passes_requests_straight_through() -> None:
    frontier, _, spider = _frontier(NEWSCRAWL_RELEASE_HOLD=False)
    request = _card(spider, "/a", "2022-01-10T08:00:00Z")
    frontier.enqueue_request(request)
    assert frontier.held == 0
    assert _drain(frontier) == [request]


def test_a_redirect_is_the_same_article_and_its_hops_finish() -> None:
    frontier, crawler, spider = _frontier(NEWSCRAWL_RELEASE_HOLD=False)
    frontier.enqueue_request(_card(spider, "/old", "2022-01-10T08:00:00Z"))
    (first,) = _drain(frontier)
    _started(crawler, first)
    # RedirectMiddleware's copy: it comes back to the frontier, which unwraps its errback.
    hop = first.replace(url=f"{SITE}/new", meta={**first.meta, "redirect_urls": [first.url]})
    frontier.enqueue_request(hop)
    (second,) = _drain(frontier)
    assert isinstance(second.errback, GateErrback)
    assert second.errback.errback == spider.article_failed  # wrapped once, not twice
    _started(crawler, second)
    page = HtmlResponse(second.url, body=b"<html></html>", request=second)
    _send(crawler, signals.response_received, response=page, request=second)
    assert frontier.gate._times.keys() == {second.url}  # the hop is done
    # A browser that followed a redirect itself: the page's URL is the article from now on.
    moved = HtmlResponse(f"{SITE}/final", body=b"<html></html>", request=second)
    _send(crawler, signals.response_received, response=moved, request=second)
    assert frontier.gate._times.keys() == {moved.url}
    _send(crawler, signals.item_scraped, item=Article(url=moved.url), response=moved)
    assert frontier.gate.earliest_unfinished() is None


@pytest.mark.parametrize(
    "exception",
    [IgnoreRequest("max redirections reached"), HttpError(HtmlResponse(f"{SITE}/x", status=500))],
)
def test_a_failure_for_good_ends_the_gate_entry_then_the_spider_counts_it(
    exception: Exception,
) -> None:
    frontier, crawler, spider = _frontier(NEWSCRAWL_RELEASE_HOLD=False)
    card = _card(spider, "/x", "2022-01-10T08:00:00Z")
    card.meta["redirect_urls"] = [f"{SITE}/hop"]
    frontier.enqueue_request(card)
    (request,) = _drain(frontier)
    frontier.gate.started(f"{SITE}/hop", "2022-01-10T08:00:00Z")
    _started(crawler, request)
    failure = Failure(exception)
    failure.request = request  # type: ignore[attr-defined]  # as Scrapy's scraper sets it
    assert request.errback is not None
    request.errback(failure)
    assert frontier.gate.earliest_unfinished() is None
    assert spider.failures == [failure]


def test_dropped_and_offsite_redirected_articles_end_and_are_counted() -> None:
    frontier, crawler, spider = _frontier(NEWSCRAWL_RELEASE_HOLD=False)
    spider.allowed_domains = ["news.example"]
    stats = crawler.stats
    assert stats is not None
    for path in ("/a", "/b"):
        frontier.enqueue_request(_card(spider, path, "2022-01-10T08:00:00Z"))
    a, b = _drain(frontier)
    for request in (a, b):
        _started(crawler, request)
    back = a.replace(meta={**a.meta, "redirect_urls": [f"{SITE}/a2"]})
    _send(crawler, signals.request_dropped, request=back)  # refused by the dupefilter
    away = b.replace(url="https://elsewhere.example/b", meta={**b.meta, "redirect_urls": [b.url]})
    _send(crawler, signals.request_scheduled, request=away)
    assert frontier.gate.earliest_unfinished() is None
    assert stats.get_value("newscrawl/pages/failed/dropped") == 1
    assert stats.get_value("newscrawl/pages/failed/offsite_redirect") == 1
    assert stats.get_value("newscrawl/pages/failed") == 2


def test_a_parse_without_item_ends_the_entry_a_browser_retry_does_not() -> None:
    frontier, crawler, spider = _frontier(NEWSCRAWL_RELEASE_HOLD=False)
    for path in ("/not-an-article", "/js"):
        frontier.enqueue_request(_card(spider, path, "2022-01-10T08:00:00Z"))
    plain, js = _drain(frontier)
    for request in (plain, js):
        _started(crawler, request)
    assert list(follow(frontier, HtmlResponse(plain.url, body=b"", request=plain), [])) == []
    again = js.replace(dont_filter=True)
    out = list(follow(frontier, HtmlResponse(js.url, body=b"", request=js), [again]))
    assert out == [again]
    assert frontier.gate._times.keys() == {js.url}


def test_distributed_coordinator_opens_before_the_state_commit() -> None:
    """DistributedCrawl.spider_opened installs the run state factory that StateCommit's
    spider_opened uses: handlers run in the order the extensions were built (by order)."""
    settings = Settings(get_project_settings().copy_to_dict())
    settings.set("NEWSCRAWL_REDIS_URL", "redis://127.0.0.1:1/0")
    distributed.configure(settings)
    Outputs().update_settings(settings)  # the add-on that brings StateCommit
    extensions = settings.getwithbase("EXTENSIONS")
    assert (
        extensions[distributed.EXTENSION]
        < (extensions["newscrawl.extensions.statecommit.StateCommit"])
    )
    assert settings["SCHEDULER"] == distributed.SCHEDULER


@pytest.mark.parametrize(
    ("module", "name"),
    [
        ("newscrawl.extensions.release", "ArticleRelease"),
        ("newscrawl.distributed.scheduler", "RedisScheduler"),
    ],
)
def test_deprecated_paths_still_load_and_warn(module: str, name: str) -> None:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        loaded = importlib.reload(importlib.import_module(module))
    assert hasattr(loaded, name)
    assert any(issubclass(w.category, DeprecationWarning) for w in caught)
