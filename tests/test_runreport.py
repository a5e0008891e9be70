"""The run report: summary in the log, ``<feed>.report.json``, drops and the coverage minimum."""

from __future__ import annotations

import json
import re
import shutil
from datetime import datetime
from pathlib import Path

from devtools.server import ReplicaServer, serve
from newscrawl.extensions.runreport import COVERAGE_EXIT_CODE, OVERALL
from tests.helpers.crawl import run_crawl

MANIFEST = json.loads((Path(__file__).parent / "fixtures/replica/manifest.json").read_text())
DAYS = {"start": "2022-01-09", "end": "2022-01-14"}
# Walla's byline is the block's first <div><span> after its h1 (replica README, "Per source").
WALLA_BYLINE = re.compile(
    r'(<div class="post-content">\s*<h1>.*?</h1>\s*)<div><span>.*?</span></div>', re.S
)


def _without_walla_bylines(site: Path, copy: Path) -> int:
    """A copy of the replica where Walla's pages lost their byline (a layout change)."""
    shutil.copytree(site, copy)
    changed = 0
    for page in copy.glob("*/*.html"):
        html = page.read_text(encoding="utf-8")
        if ">walla</a>" in html:
            html, n = WALLA_BYLINE.subn(r"\1", html, count=1)
            changed += n
            page.write_text(html, encoding="utf-8")
    return changed


def test_report_beside_the_feed(replica_server: ReplicaServer, tmp_path: Path) -> None:
    result = run_crawl(
        tmp_path,
        {"base_url": replica_server.url, **DAYS},
        settings={"NEWSCRAWL_COVERAGE_MIN": "0.8"},
    )
    assert result.returncode == 0, result.stderr[-3000:]
    report = json.loads((tmp_path / "feed.jsonl.report.json").read_text(encoding="utf-8"))
    assert report["spider"] == "limitedtimes" and report["finish_reason"] == "finished"
    # Both times in one format (ISO 8601 with a "T"), the start before the finish.
    started, finished = (datetime.fromisoformat(report[k]) for k in ("started_at", "finished_at"))
    assert "T" in report["started_at"] and started <= finished
    assert report["counts"] == {
        "listing_pages": MANIFEST["listing_pages_by_kind"]["archive"],
        "listing_failed": 0,
        "new": MANIFEST["unique_articles"],
        "known": 0,
        "duplicate": MANIFEST["duplicates"],
        "failed": 0,
        "dead_links": MANIFEST["dead_card_links_404"],
    }
    coverage = report["coverage"]
    assert set(coverage) >= set(MANIFEST["per_source"]) | {OVERALL}
    assert coverage[OVERALL]["records"] == MANIFEST["unique_articles"]
    for name in ("byline", "published_at", "media_credit", "body"):
        assert coverage[OVERALL][name] == 1.0, name
    assert 0 < coverage[OVERALL]["modified_at"] < 1
    assert report["drops"] == [] and report["below_minimum"] == []
    assert "Run report limitedtimes (finished): listing pages 9, articles new 60" in result.stderr
    summary = [
        line for line in result.stderr.splitlines() if "[newscrawl.extensions.runreport]" in line
    ]
    assert len(summary) <= 24  # one screen


def test_layout_change_warns_and_coverage_min_fails(replica_root: Path, tmp_path: Path) -> None:
    with serve(replica_root) as server:
        first = run_crawl(tmp_path, {"base_url": server.url, **DAYS}, feed_name="run1.jsonl")
    assert first.returncode == 0, first.stderr[-3000:]
    changed = tmp_path / "changed-site"
    assert _without_walla_bylines(replica_root, changed) >= MANIFEST["per_source"]["walla"]
    with serve(changed) as server:
        second = run_crawl(
            tmp_path,
            {"base_url": server.url, **DAYS, "fresh": "true"},
            feed_name="run2.jsonl",
            settings={"NEWSCRAWL_COVERAGE_MIN": "0.8"},
        )
    assert second.returncode == COVERAGE_EXIT_CODE, second.stderr[-3000:]
    report = json.loads((tmp_path / "run2.jsonl.report.json").read_text(encoding="utf-8"))
    assert report["coverage"]["walla"]["byline"] == 0.0
    assert report["drops"] == ["walla: byline 100% -> 0%"]
    assert report["below_minimum"] == ["walla: byline 0% < 80%", "(all): byline 77% < 80%"]
    assert (
        "Coverage dropped since the previous run (layout change?): walla: byline" in second.stderr
    )
    assert "Coverage below NEWSCRAWL_COVERAGE_MIN=0.8: walla: byline 0% < 80%;" in second.stderr
    assert second.records, "the feed is still written"
