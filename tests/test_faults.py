"""Faults: the real crawl against a replica server that misbehaves on purpose.

Every transient fault (5xx, 429 with Retry-After, resets, timeouts, truncated bodies) and every
harmless oddity (wrong or missing Content-Type, windows-1252 pages) must still give the exact
truth; what must not be fetched (off-site, loops, oversized, bombs) is refused and counted.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from devtools.truth import compare
from newscrawl.spiders.aggregator import LOGGED_FAILED
from tests.helpers.crawl import run_crawl
from tests.helpers.faulty_server import TRANSIENT, FaultyServer, article_paths, plan_by_hash

FIXTURES = Path(__file__).parent / "fixtures" / "replica"
MANIFEST = json.loads((FIXTURES / "manifest.json").read_text())
DAYS = {"start": "2022-01-09", "end": "2022-01-14"}
ARCHIVES = [f"/archive/2022-01-{day:02d}" for day in range(9, 15)]


def _plan(root: Path, kinds: tuple[str, ...]) -> dict[str, str]:
    plan = plan_by_hash(article_paths(root) + ARCHIVES, kinds)
    assert set(plan.values()) == set(kinds), "every fault kind is exercised"
    return plan


def test_transient_faults_lose_nothing(
    replica_root: Path, tmp_path: Path, replica_truth: list[dict[str, Any]]
) -> None:
    plan = _plan(replica_root, TRANSIENT)
    with FaultyServer(replica_root, plan, sleep=2.5) as server:
        result = run_crawl(
            tmp_path, {"base_url": server.url, **DAYS}, settings={"DOWNLOAD_TIMEOUT": "1"}
        )
    assert result.returncode == 0, result.stderr[-3000:]
    comparison = compare(result.records, replica_truth)
    assert comparison.perfect(), comparison.report()
    stats, planned = result.stats, Counter(plan.values())
    # Each failure is counted with its reason (Scrapy's retry stats), none is given up.
    for status, text in (("500", "Internal Server Error"), ("502", "Bad Gateway")):
        assert stats[f"retry/reason_count/{status} {text}"] == planned[status]
    assert stats["retry/reason_count/503 Service Unavailable"] == planned["503"]
    assert stats["retry/reason_count/429 Unknown Status"] == planned["429"]
    assert stats["retry/reason_count/scrapy.exceptions.DownloadTimeoutError"] >= planned["timeout"]
    # A truncated body is a data loss, retried: never parsed half (the comparison above).
    assert (
        stats["retry/reason_count/scrapy.exceptions.ResponseDataLossError"] >= planned["truncated"]
    )
    # A reset on a reused connection may be retried inside Twisted's pool, unseen by Scrapy.
    assert stats["retry/count"] >= len(plan) - planned["reset"]
    assert stats.get("newscrawl/pages/failed", 0) == 0
    # Retry-After: 1 is waited out before the retry.
    assert stats["newscrawl/retry_after/waits"] == planned["429"]
    for path in (p for p, kind in plan.items() if kind == "429"):
        first, second = server.times[path][:2]
        assert second - first >= 0.9, path


def test_content_types_and_legacy_charset(
    replica_root: Path, tmp_path: Path, replica_truth: list[dict[str, Any]]
) -> None:
    kinds = ("ctype_missing", "ctype_wrong", "ctype_binary", "cp1252", "cp1252_bare")
    plan = _plan(replica_root, kinds)
    with FaultyServer(replica_root, plan) as server:
        result = run_crawl(tmp_path, {"base_url": server.url, **DAYS})
    assert result.returncode == 0, result.stderr[-3000:]
    comparison = compare(result.records, replica_truth)
    # windows-1252 pages decode right (names with accents), HTML sent as JSON is still HTML.
    assert comparison.perfect(), comparison.report()
    assert "log_count/ERROR" not in result.stats, result.stderr[-3000:]
    assert result.stats["newscrawl/listings/pages"] == 9


def test_offsite_loops_and_size_limits(
    replica_root: Path, tmp_path: Path, replica_truth: list[dict[str, Any]]
) -> None:
    singles = [t["aggregator_url"] for t in replica_truth if not t["duplicate_urls"]]
    kinds = ("redirect_offsite", "redirect_loop", "oversized", "gzip_bomb")
    plan = dict(zip(singles[::7], kinds, strict=False))
    plan["/archive/2022-01-10"] = "offsite_card"  # a card linking to another host
    with (
        FaultyServer(replica_root, host="127.0.0.2") as offsite,
        FaultyServer(replica_root, plan, offsite_url=offsite.url, big_size=2_000_000) as server,
    ):
        result = run_crawl(
            tmp_path,
            {"base_url": server.url, **DAYS},
            settings={"DOWNLOAD_MAXSIZE": "1000000", "DOWNLOAD_WARNSIZE": "500000"},
        )
    assert result.returncode == 0, result.stderr[-3000:]
    assert offsite.log == [], "the off-site host saw a request"
    comparison = compare(result.records, replica_truth)
    refused = [path for path, kind in plan.items() if kind != "offsite_card"]
    assert sorted(comparison.missing) == sorted(refused), comparison.report()
    assert not comparison.spurious and not comparison.duplicates
    stats = result.stats
    assert stats["newscrawl/pages/failed/offsite_redirect"] == 1
    assert stats["newscrawl/pages/failed/redirect_loop"] == 1
    assert stats["newscrawl/pages/failed/too_large"] == 2  # by Content-Length, and the bomb
    assert stats["newscrawl/pages/failed"] == 4
    assert server.counts[refused[1]] == 21  # the loop ends: 1 + REDIRECT_MAX_TIMES (20)
    # No article is left "in flight": the dedup hold (60 s) never waits for a dropped one.
    assert stats["elapsed_time_seconds"] < 30


def test_endless_pagination_stops_at_max_pages(replica_root: Path, tmp_path: Path) -> None:
    with FaultyServer(replica_root) as server:
        result = run_crawl(
            tmp_path, {"base_url": server.url, "categories": "endless", "max_pages": "5"}
        )
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stats["newscrawl/listings/pages"] == 5
    assert result.stats["newscrawl/listings/max_pages_reached"] == 1
    assert server.counts["/endless"] == 5
    assert "playwright/page_count" not in result.stats  # plain HTML: never a browser


@pytest.mark.parametrize("kind", ["500", "429"])
def test_listing_faults_are_retried(
    kind: str, replica_root: Path, tmp_path: Path, replica_truth: list[dict[str, Any]]
) -> None:
    plan = dict.fromkeys(ARCHIVES, kind)
    with FaultyServer(replica_root, plan) as server:
        result = run_crawl(tmp_path, {"base_url": server.url, **DAYS})
    assert compare(result.records, replica_truth).perfect()
    assert result.stats["newscrawl/listings/pages"] == 9
    assert result.stats["retry/count"] == len(ARCHIVES)


def test_a_listing_down_for_good_is_counted_with_its_reason(
    replica_root: Path, tmp_path: Path
) -> None:
    with FaultyServer(replica_root, {"/archive/2022-01-13": "down"}) as server:
        result = run_crawl(tmp_path, {"base_url": server.url, **DAYS})
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stats["newscrawl/listings/failed/http_503"] == 1
    assert server.counts["/archive/2022-01-13"] == 4  # RETRY_TIMES = 3
    report = json.loads((tmp_path / "feed.jsonl.report.json").read_text(encoding="utf-8"))
    assert report["counts"]["listing_failed"] == 1


def test_many_failed_pages_are_logged_once_each_up_to_a_cap(
    replica_root: Path, tmp_path: Path
) -> None:
    """A site whose article pages all fail: one line each for the first LOGGED_FAILED, then
    one line with the count (Scrapy's own give-up line is DEBUG), every failure still counted."""
    plan = dict.fromkeys(article_paths(replica_root), "down")
    with FaultyServer(replica_root, plan) as server:
        result = run_crawl(tmp_path, {"base_url": server.url, **DAYS})
    failed = result.stats["newscrawl/pages/failed/http_503"]
    assert failed > LOGGED_FAILED, failed
    errors = [line for line in result.stderr.splitlines() if " ERROR: " in line]
    per_page = [line for line in errors if "Article failed: " in line]
    assert len(per_page) == LOGGED_FAILED, errors[:3]
    summary = f"{failed} article pages failed to download in all; the first {LOGGED_FAILED}"
    assert sum(summary in line for line in errors) == 1, errors[-3:]
    assert not any("Gave up retrying" in line for line in errors)
    assert result.stats["newscrawl/pages/failed"] == failed
