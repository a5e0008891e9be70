"""End to end: the real spider over real HTTP against the bundled replica, compared with truth."""

from __future__ import annotations

import codecs
import csv
import html
import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from devtools.server import ReplicaServer, serve
from devtools.truth import compare
from newscrawl.items import ARTICLE_FIELDS
from newscrawl.schema import article_errors
from tests.helpers.crawl import CrawlResult, run_crawl

MANIFEST = json.loads((Path(__file__).parent / "fixtures/replica/manifest.json").read_text())
FIRST_DAY, LAST_DAY = "2022-01-09", "2022-01-14"


#: The paths the archive crawl requested (the session's server also logs other tests' crawls).
ARCHIVE_REQUESTS: list[str] = []


@pytest.fixture(scope="module")
def archive_crawl(
    replica_server: ReplicaServer, tmp_path_factory: pytest.TempPathFactory
) -> CrawlResult:
    tmp = tmp_path_factory.mktemp("archive")
    before = len(replica_server.request_log)
    result = run_crawl(tmp, {"base_url": replica_server.url, "start": FIRST_DAY, "end": LAST_DAY})
    assert result.returncode == 0, result.stderr[-3000:]
    ARCHIVE_REQUESTS[:] = [path for _, path in replica_server.request_log[before:]]
    return result


def test_archive_walk_equals_truth(
    archive_crawl: CrawlResult, replica_truth: list[dict[str, Any]]
) -> None:
    comparison = compare(archive_crawl.records, replica_truth)
    print(comparison.report())  # per-field accuracy, shown with -s or on failure
    assert comparison.perfect(), comparison.report()
    assert len(archive_crawl.records) == MANIFEST["unique_articles"]


def test_records_match_the_schema(archive_crawl: CrawlResult) -> None:
    for record in archive_crawl.records:
        assert article_errors(record) == [], record["url"]
        assert record["site"] == "limitedtimes"
        assert record["language"] == "en"
        assert record["word_count"] > 0 and record["body"]


def test_stats_count_duplicates_and_dead_links(archive_crawl: CrawlResult) -> None:
    stats = archive_crawl.stats
    assert stats["newscrawl/dedup/dropped"] == MANIFEST["duplicates"]
    assert stats["newscrawl/articles/dead_links"] == MANIFEST["dead_card_links_404"]
    assert stats.get("newscrawl/pages/failed", 0) == 0
    assert stats["finish_reason"] == "finished"
    assert "log_count/ERROR" not in stats
    assert "Dead card link (404)" in archive_crawl.stderr


def test_article_links_only_from_listing_feeds(archive_crawl: CrawlResult) -> None:
    # Every article fetched was a card of a walked listing: none only linked from side boxes.
    assert archive_crawl.stats["newscrawl/articles/parsed"] == MANIFEST["pages"]
    assert ARCHIVE_REQUESTS, "the archive crawl's requests"
    assert not any(path.startswith(("/tag/", "/search", "/img/")) for path in ARCHIVE_REQUESTS)


def test_csv_feed(
    replica_server: ReplicaServer, tmp_path: Path, replica_truth: list[dict[str, Any]]
) -> None:
    result = run_crawl(
        tmp_path,
        {"base_url": replica_server.url, "start": "2022-01-10", "end": "2022-01-10"},
        feed_name="feed.csv",
        settings={"NEWSCRAWL_OUTPUT_DIR": str(tmp_path / "default-output")},
    )
    assert result.returncode == 0, result.stderr[-2000:]
    # -O names the one feed: the project's default feed is not written beside it.
    assert not (tmp_path / "default-output").exists()
    assert result.feed.read_bytes().startswith(codecs.BOM_UTF8)  # spreadsheets read UTF-8
    with result.feed.open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        rows = list(reader)
        assert reader.fieldnames == list(ARTICLE_FIELDS)
    assert rows, "no rows"
    by_url = {t["aggregator_url"]: t for t in replica_truth}
    for row in rows:
        want = by_url[row["url"].removeprefix(replica_server.url)]
        assert row["authors"].split(" | ") == want["authors"] or (
            not row["authors"] and not want["authors"]
        )
        media = json.loads(row["media"])
        assert [m["credit"] for m in media] == [m["credit"] for m in want["media"]]
        assert row["modified_at"] == (want["modified_at"] or "")


def test_category_walk_all(
    replica_server: ReplicaServer, tmp_path: Path, replica_truth: list[dict[str, Any]]
) -> None:
    result = run_crawl(tmp_path, {"base_url": replica_server.url, "categories": "all"})
    assert result.returncode == 0, result.stderr[-2000:]
    comparison = compare(result.records, replica_truth)
    assert comparison.perfect(), comparison.report()
    # Every category page with cards is walked (an empty page after the last is never linked).
    site = Path(__file__).parent / "fixtures/replica/site"
    with_cards = [
        p
        for p in site.glob("*/page/*.html")
        if p.parts[-3] != "archive" and 'class="card"' in p.read_text(encoding="utf-8")
    ]
    assert result.stats["newscrawl/listings/pages"] == len(with_cards)


def test_category_subset_and_since(
    replica_server: ReplicaServer, tmp_path: Path, replica_truth: list[dict[str, Any]]
) -> None:
    result = run_crawl(
        tmp_path,
        {"base_url": replica_server.url, "categories": "news,sports", "since": "2022-01-12"},
    )
    assert result.returncode == 0, result.stderr[-2000:]
    categories = {r["category"] for r in result.records}
    assert categories <= {"news", "sports"} and categories
    assert all(r["aggregated_at"][:10] >= "2022-01-12" for r in result.records)
    expected = {
        t["aggregator_url"]
        for t in replica_truth
        if t["category"] in ("news", "sports") and t["aggregated_at"][:10] >= "2022-01-12"
    }
    got = {r["url"].removeprefix(replica_server.url) for r in result.records}
    # A copy outside the walked categories can be the earliest one: then this walk keeps its twin.
    assert (
        expected <= got | {p for t in replica_truth for p in t["duplicate_urls"]} and expected & got
    )


def test_max_pages_bounds_each_listing(replica_server: ReplicaServer, tmp_path: Path) -> None:
    result = run_crawl(
        tmp_path, {"base_url": replica_server.url, "categories": "news", "max_pages": "1"}
    )
    assert result.returncode == 0
    assert result.stats["newscrawl/listings/pages"] == 1
    assert result.stats["newscrawl/listings/max_pages_reached"] == 1
    assert 0 < len(result.records) <= 20


def test_newest_pages_mode(replica_server: ReplicaServer, tmp_path: Path) -> None:
    result = run_crawl(tmp_path, {"base_url": replica_server.url})
    assert result.returncode == 0, result.stderr[-2000:]
    categories = len(MANIFEST["per_category_pages"])
    # Home page plus the first page of each category; never a second page.
    assert result.stats["newscrawl/listings/pages"] == 1 + categories
    assert result.records


def test_transient_500s_and_slow_answers_lose_nothing(
    replica_root: Path, tmp_path: Path, replica_truth: list[dict[str, Any]]
) -> None:
    # As the acceptance server may: a 500 to the first request of each article, slow answers.
    with serve(replica_root, fail_first=True, delay=0.05) as server:
        result = run_crawl(tmp_path, {"base_url": server.url, "start": FIRST_DAY, "end": LAST_DAY})
    assert result.returncode == 0
    comparison = compare(result.records, replica_truth)
    assert comparison.perfect(), comparison.report()
    assert result.stats["retry/reason_count/500 Internal Server Error"] == MANIFEST["pages"]


PRESS = Path(__file__).parent / "fixtures" / "replica-press"

#: Each duplicate post's source link (its truth id) rewritten into a variant that sharers, mobile
#: sites and AMP produce beyond the README's list: mobile./amp. hosts, ".amp" and "/amp" forms,
#: analytics parameters other than utm_ (ref, at_, mtm_, ref_src), AMP switches, a doubled
#: slash, an escaped "-", an upper-case host with its default port.
VARIANTS = {
    "TCY4wVwGkG": "https://amp.maariv.co.il/news/politics/Article-972224.amp?mtm_campaign=x",
    "I64TND_tz": "https://www.infobae.com/amp/teleshow/2022/01/10/"
    "actor-cecilia-brindicci-announces-a-break-from-performing-after-31-years/?outputType=amp",
    "Ih-2Et0uYd": "https://mobile.20min.ch/story/haddad-we-have-won-victory-in-lima%2D592615180",
    "QZR5-IMbiW": "HTTPS://WWW.20MIN.CH:443/story/suter-we-will-not-let-the-rent-738995242?ref_src=t",
    "ROzR9rA26Q": "http://m.maariv.co.il/food/Article-966773/amp?amp=1",
    "H149vAi6I": "https://mobile.walla.co.il/item/3544996?ref=rss&at_medium=RSS#comments",
    "Z-bnZOPiwC": "http://sports.walla.co.il//item/3590693?at_campaign=morning",
}


def test_source_link_variants_deduplicate_in_a_crawl(tmp_path: Path) -> None:
    site = tmp_path / "site"
    shutil.copytree(PRESS / "site", site)
    pages = [json.loads(line) for line in (PRESS / "pages.jsonl").read_text().splitlines() if line]
    duplicates = [page for page in pages if page["is_duplicate"]]
    assert {page["truth_id"] for page in duplicates} == set(VARIANTS)
    for page in duplicates:
        post = site / page["path"].strip("/") / "index.html"
        printed = f'href="{html.escape(page["source_url_as_linked"])}"'
        text = post.read_text(encoding="utf-8")
        assert text.count(printed) == 1, page["path"]
        variant = f'href="{html.escape(VARIANTS[page["truth_id"]])}"'
        post.write_text(text.replace(printed, variant), encoding="utf-8")
    truth = [json.loads(line) for line in (PRESS / "truth.jsonl").read_text().splitlines() if line]

    with serve(site) as server:
        result = run_crawl(
            tmp_path, {"base_url": server.url, "via": "sitemap"}, spider="pressdigest"
        )

    assert result.returncode == 0, result.stderr[-3000:]
    comparison = compare(result.records, truth)
    assert comparison.perfect(), comparison.report()
    assert result.stats["newscrawl/dedup/dropped"] == len(duplicates)
