"""Scheduled runs: cross-run dedup, no refetch of known pages, fresh runs, crash safety."""

from __future__ import annotations

import signal
import subprocess
import time
from pathlib import Path
from typing import Any

import pytest

from devtools.server import ReplicaServer, serve
from devtools.truth import compare
from tests.helpers.crawl import (
    PROJECT,
    TEST_SETTINGS,
    crawl_command,
    crawl_env,
    feed_lines,
    run_crawl,
)
from tests.helpers.redis_server import redis_server, redis_url  # noqa: F401

FIRST_DAY, LAST_DAY = "2022-01-09", "2022-01-14"
ARTICLE = "/20"  # article paths are /{category}/YYYY-MM-DD-...; matched below by ".html"


def _article_requests(server: ReplicaServer, since: int) -> int:
    return sum(1 for _, path in server.request_log[since:] if path.endswith(".html"))


@pytest.fixture(params=["sqlite", "redis"])
def state_uri(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite://{tmp_path / 'shared-state' / 'state.sqlite'}"
    return str(request.getfixturevalue("redis_url"))


def test_second_run_exports_and_fetches_nothing(
    replica_root: Path, replica_truth: list[dict[str, Any]], tmp_path: Path, state_uri: str
) -> None:
    settings = {
        "NEWSCRAWL_STATE_URI": state_uri,
        "NEWSCRAWL_STATE_JOURNAL_DIR": str(tmp_path / "journal"),
    }
    args = {"start": FIRST_DAY, "end": LAST_DAY}
    with serve(replica_root) as server:
        first = run_crawl(tmp_path / "1", {"base_url": server.url, **args}, settings=settings)
        assert first.returncode == 0, first.stderr[-2000:]
        assert compare(first.records, replica_truth).perfect()
        assert first.stats["newscrawl/state/new"] == len(replica_truth)
        mark = len(server.request_log)
        second = run_crawl(tmp_path / "2", {"base_url": server.url, **args}, settings=settings)
        assert second.returncode == 0, second.stderr[-2000:]
        assert second.records == []
        assert _article_requests(server, mark) == 0
        assert (
            second.stats["newscrawl/state/pages_skipped"]
            == first.stats["newscrawl/articles/parsed"] + 1
        )
        # fresh=true ignores the state for one run: everything again, once.
        third = run_crawl(
            tmp_path / "3", {"base_url": server.url, **args, "fresh": "true"}, settings=settings
        )
        assert third.returncode == 0
        assert compare(third.records, replica_truth).perfect()
    assert not list((tmp_path / "journal").glob("*.json")), "journal left after clean runs"


def test_cross_run_dedup_whichever_copy(
    replica_server: ReplicaServer, replica_truth: list[dict[str, Any]], tmp_path: Path
) -> None:
    settings = {"NEWSCRAWL_STATE_URI": f"sqlite://{tmp_path / 'state.sqlite'}"}
    first = run_crawl(
        tmp_path / "1",
        {"base_url": replica_server.url, "start": "2022-01-10", "end": "2022-01-10"},
        settings=settings,
    )
    second = run_crawl(
        tmp_path / "2",
        {"base_url": replica_server.url, "start": "2022-01-11", "end": LAST_DAY},
        settings=settings,
    )
    assert first.returncode == second.returncode == 0
    first_sources = {r["source_url"] for r in first.records if r["source_url"]}
    # Copies of day-one articles republished later under new aggregator URLs are not exported.
    assert not first_sources & {r["source_url"] for r in second.records}
    assert second.stats["newscrawl/state/known_dropped"] > 0
    union = compare(first.records + second.records, replica_truth)
    assert not union.duplicates and not union.spurious
    assert len(first.records) + len(second.records) == len(
        {*first_sources, *(r["source_url"] or r["url"] for r in second.records)}
        | {r["url"] for r in first.records if not r["source_url"]}
    )


def test_newest_mode_pages_until_known(replica_server: ReplicaServer, tmp_path: Path) -> None:
    settings = {"NEWSCRAWL_STATE_URI": f"sqlite://{tmp_path / 'state.sqlite'}"}
    first = run_crawl(tmp_path / "1", {"base_url": replica_server.url}, settings=settings)
    assert first.returncode == 0
    # First run: home and the first page of each category.
    assert first.stats["newscrawl/listings/pages"] == 8
    second = run_crawl(tmp_path / "2", {"base_url": replica_server.url}, settings=settings)
    # Then every first page holds only known articles: no further page, nothing new.
    assert second.stats["newscrawl/listings/pages"] == 8
    assert second.records == []


def _complete_lines(path: Path) -> list[dict[str, Any]]:
    """The complete lines of ``-O path``: staged, kept or final (a torn tail is none)."""
    return feed_lines(path)


@pytest.mark.parametrize("kill_after", [5, 25, 45])
def test_sigkill_mid_run_loses_and_doubles_nothing(
    replica_root: Path, replica_truth: list[dict[str, Any]], tmp_path: Path, kill_after: int
) -> None:
    settings = {
        **TEST_SETTINGS,
        "NEWSCRAWL_STATE_URI": f"sqlite://{tmp_path / 'state' / 'state.sqlite'}",
        "NEWSCRAWL_STATE_COMMIT_ITEMS": "7",
        "CONCURRENT_REQUESTS": "4",
    }
    feed1 = tmp_path / "run1.jsonl"
    with serve(replica_root, delay=0.05) as slow:
        args = {"base_url": slow.url, "start": FIRST_DAY, "end": LAST_DAY}
        proc = subprocess.Popen(
            crawl_command(args, settings, feed=feed1),
            cwd=PROJECT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env=crawl_env(),
        )
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and proc.poll() is None:
            if len(feed_lines(feed1)) >= kill_after:
                break
            time.sleep(0.01)
        assert proc.poll() is None, "the crawl ended before it could be killed"
        proc.send_signal(signal.SIGKILL)
        proc.wait(30)
    killed = _complete_lines(feed1)
    assert 0 < len(killed) < len(replica_truth)
    with serve(replica_root) as server:
        second = run_crawl(
            tmp_path / "2",
            {"base_url": server.url, "start": FIRST_DAY, "end": LAST_DAY},
            settings={k: v for k, v in settings.items() if k.startswith("NEWSCRAWL_STATE")},
        )
    assert second.returncode == 0, second.stderr[-2000:]
    urls1 = {r["url"] for r in killed}
    urls2 = {r["url"] for r in second.records}
    assert not urls1 & urls2, "an article is in both runs' feeds"
    union = compare(killed + second.records, replica_truth)
    assert union.perfect(), union.report()
