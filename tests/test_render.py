"""End to end with the real Chromium: category listings built by JavaScript (the JS replica).

Needs Debian's Chromium at /usr/bin/chromium (``.ci/run`` installs it); without it these tests
fail, they do not skip.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from devtools.chromium import ChromiumWatch
from devtools.server import ReplicaServer
from devtools.truth import compare
from newscrawl.render.config import DEFAULT_CHROMIUM, RenderConfig
from tests.helpers.crawl import CrawlResult, run_crawl

MANIFEST = json.loads((Path(__file__).parent / "fixtures/replica-js/manifest.json").read_text())
CATEGORIES = len(MANIFEST["per_category_pages"])


@pytest.fixture(scope="module", autouse=True)
def chromium() -> str:
    path = RenderConfig().chromium_path()
    if path is None:
        pytest.fail(
            f"Chromium is not installed at {DEFAULT_CHROMIUM}: `apt-get install chromium`"
            " (.ci/run does it); the rendering tests need the real browser"
        )
    return path


def crawl(
    server: ReplicaServer, tmp_path: Path, args: dict[str, str], **settings: str
) -> tuple[CrawlResult, ChromiumWatch, Counter[str]]:
    """Crawl with a watch on Chromium processes; also the requests the server saw meanwhile."""
    before = server.request_counts
    with ChromiumWatch() as watch:
        result = run_crawl(tmp_path, {"base_url": server.url, **args}, settings=settings)
    assert result.returncode == 0, result.stderr[-3000:]
    return result, watch, server.request_counts - before


def browser_stats(stats: dict[str, Any]) -> list[str]:
    return [
        k for k in stats if k.startswith("playwright/") or k == "newscrawl/render/browser_started"
    ]


def test_auto_renders_category_listings(
    replica_js_server: ReplicaServer, tmp_path: Path, replica_truth: list[dict[str, Any]]
) -> None:
    result, watch, requests = crawl(
        replica_js_server, tmp_path, {"categories": "all", "render": "auto"}
    )
    comparison = compare(result.records, replica_truth)
    assert comparison.perfect(), comparison.report()
    stats = result.stats
    assert watch.started, "no Chromium process was seen"
    assert stats["newscrawl/render/browser_started"] == 1
    assert stats["playwright/browser_count"] == 1
    # Each first page came back empty once; after that the run knew: page 2 went straight
    # to the browser (one request for it, and no second "needed").
    assert 1 <= stats["newscrawl/render/needed"] <= CATEGORIES
    assert requests["/news?page=2"] == 1
    assert stats["newscrawl/render/rendered"] == stats["newscrawl/render/needed"] + 1
    assert stats["newscrawl/listings/pages"] == CATEGORIES + 1
    assert "newscrawl/render/timeout" not in stats
    assert "log_count/ERROR" not in stats
    # Articles stay on plain HTTP; the browser fetched no card image either.
    assert not any(path.startswith("/img/") for path in requests)
    assert "category listings go through the browser for the rest of the run" in result.stderr


def test_always_renders_every_listing(
    replica_js_server: ReplicaServer, tmp_path: Path, replica_truth: list[dict[str, Any]]
) -> None:
    result, watch, _ = crawl(replica_js_server, tmp_path, {"categories": "all", "render": "always"})
    assert compare(result.records, replica_truth).perfect()
    # The home page (for the category navigation) and every category page, none plain first.
    assert result.stats["newscrawl/render/rendered"] == CATEGORIES + 2
    assert "newscrawl/render/needed" not in result.stats
    assert watch.started


def test_never_finds_nothing_in_category_listings_and_says_why(
    replica_js_server: ReplicaServer, tmp_path: Path
) -> None:
    result, watch, _ = crawl(replica_js_server, tmp_path, {"categories": "all", "render": "never"})
    assert result.records == []
    assert result.stats["newscrawl/render/skipped"] == CATEGORIES
    assert "is built by JavaScript and render=never" in result.stderr
    assert not watch.started and browser_stats(result.stats) == []
    assert "scrapy-playwright" not in result.stderr


def test_archive_walk_starts_no_browser(
    replica_js_server: ReplicaServer, tmp_path: Path, replica_truth: list[dict[str, Any]]
) -> None:
    result, watch, _ = crawl(
        replica_js_server, tmp_path, {"start": "2022-01-09", "end": "2022-01-14", "render": "auto"}
    )
    assert compare(result.records, replica_truth).perfect()
    assert not watch.started, f"Chromium processes started: {sorted(watch.started)}"
    assert browser_stats(result.stats) == []
    assert not any(k.startswith("newscrawl/render/") for k in result.stats)


def test_missing_chromium_is_one_clear_line_and_the_run_goes_on(
    replica_js_server: ReplicaServer, tmp_path: Path
) -> None:
    result, watch, _ = crawl(
        replica_js_server,
        tmp_path,
        {"categories": "all", "render": "auto"},
        NEWSCRAWL_RENDER_CHROMIUM="/nonexistent/chromium",
    )
    lines = [line for line in result.stderr.splitlines() if "Chromium not found" in line]
    assert len(lines) == 1, lines
    assert "at /nonexistent/chromium: install it with `apt-get install chromium`" in lines[0]
    assert result.stats["newscrawl/render/unavailable"] == CATEGORIES
    assert result.stats["finish_reason"] == "finished"
    assert not watch.started and browser_stats(result.stats) == []
