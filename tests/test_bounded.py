"""Bounded work and fast verdicts against hostile or absent sites (the real crawl, counts asserted).

Seconds and peak memory at full size (100,000 cards; the unreachable site with no ``end``) are
measured by bench/hostile.py, not here.
"""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from devtools.server import ReplicaServer
from devtools.truth import compare
from newscrawl.exitcodes import BAD_ARGUMENTS, SITE_UNREACHABLE
from newscrawl.sites.limitedtimes import SITE, LimitedTimesSpider
from newscrawl.spiders.aggregator import LARGE_LISTING_BYTES
from tests.helpers.crawl import (
    PROJECT,
    TEST_SETTINGS,
    crawl_command,
    crawl_env,
    feed_files,
    run_crawl,
)
from tests.helpers.faulty_server import FaultyServer

CAP = 100


@pytest.mark.parametrize("cards", [3000, 10_000], ids=["parsed-whole", "parsed-as-it-streams"])
def test_a_listing_page_yields_at_most_the_cap_and_dead_links_are_summed_up(
    cards: int, replica_root: Path, tmp_path: Path
) -> None:
    """3,000 cards (430 KB) are read from the whole page; 10,000 (1.4 MB, over
    LARGE_LISTING_BYTES) are pruned while the page is parsed."""
    with FaultyServer(replica_root, cards=cards) as server:
        assert (len(server.cards_page()) > LARGE_LISTING_BYTES) == (cards > 3000)
        result = run_crawl(
            tmp_path,
            {"base_url": server.url, "categories": "cards"},
            settings={"NEWSCRAWL_LISTING_MAX_CARDS": str(CAP)},
            timeout=120,
        )
    assert result.returncode == 0, result.stderr[-3000:]
    stats, lines = result.stats, result.stderr.splitlines()
    # robots.txt, the listing, then one request per card under the cap.
    assert stats["downloader/request_count"] <= CAP + 2
    assert server.counts["/cards"] == 1
    assert stats["newscrawl/listings/cards_over_cap"] == cards - CAP
    assert stats["newscrawl/articles/dead_links"] == CAP
    capped = [line for line in lines if "NEWSCRAWL_LISTING_MAX_CARDS" in line]
    assert len(capped) == 1 and f"holds {cards} cards: only the first {CAP}" in capped[0]
    dead = [line for line in lines if "Dead card link" in line]
    assert len(dead) == 5, dead
    assert any(f"{CAP} dead card links (404/410) in all; the first 5" in line for line in lines)
    assert len(lines) < 40, "a handful of lines, not one per card"


def _dead_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


@pytest.fixture
def silent_port() -> Iterator[int]:
    """A port that accepts connections (the kernel's backlog) and never answers."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen(64)
        yield sock.getsockname()[1]


def _wait_listening(port: int) -> None:
    deadline = time.monotonic() + 30
    while True:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        assert time.monotonic() < deadline, f"nothing listens on {port}"
        time.sleep(0.05)


def _jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def test_an_unreachable_site_with_no_end_is_given_up_after_three_failures(
    tmp_path: Path,
) -> None:
    """``start`` and no ``end``: ~1,800 days to walk; the verdict comes after 3 failed
    downloads in a row (NEWSCRAWL_UNREACHABLE_AFTER), not after the walk."""
    base = f"http://127.0.0.1:{_dead_port()}"
    result = run_crawl(tmp_path, {"base_url": base, "start": "2022-01-09"}, timeout=60)
    assert result.returncode == SITE_UNREACHABLE, result.stderr[-3000:]
    stats = result.stats
    assert stats["newscrawl/unreachable/failures_in_a_row"] == 3
    assert stats["downloader/request_count"] == 3  # robots.txt and its two retries
    assert "Traceback" not in result.stderr
    last = result.stderr.strip().splitlines()[-1]
    assert f"(exit code 4, site_unreachable): Site unreachable: no page of {base}" in last
    assert "no answer to 3 requests in a row" in last


def test_a_site_that_dies_mid_crawl_ends_the_run_and_loses_nothing(
    replica_root: Path, replica_truth: list[dict[str, Any]], tmp_path: Path
) -> None:
    """The server killed mid-crawl: the run walked the rest of its queue one refused connection
    at a time and exited 0 (``finished``, every remaining page "failed"), so a timer saw a good
    run. Now 12 failed downloads in a row with no answer (NEWSCRAWL_UNREACHABLE_AFTER x
    (RETRY_TIMES + 1)) end it as ``site_unreachable`` (exit 4); the next run exports the rest."""
    state = {"NEWSCRAWL_STATE_URI": f"sqlite://{tmp_path / 'state.sqlite'}"}
    days = {"start": "2022-01-09", "end": "2022-01-14"}
    port = _dead_port()
    server = subprocess.Popen(  # its own process, killed as a user would kill it
        [sys.executable, "-m", "devtools.server", str(replica_root), "--port", str(port)],
        cwd=PROJECT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        feed = tmp_path / "1" / "feed.jsonl"
        slow = {**TEST_SETTINGS, **state, "DOWNLOAD_DELAY": "0.2"}  # ~16 s for the 77 requests
        base = f"http://127.0.0.1:{port}"
        _wait_listening(port)
        cmd = crawl_command({"base_url": base, **days}, slow, feed=feed)
        crawl = subprocess.Popen(
            cmd, cwd=PROJECT, env=crawl_env(), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
        )
        deadline = time.monotonic() + 120
        while sum(len(_jsonl(path)) for path in feed_files(feed)) < 3:  # a few articles in
            assert crawl.poll() is None and time.monotonic() < deadline, "the crawl ended first"
            time.sleep(0.05)
    finally:
        server.kill()
        server.wait()
    err = crawl.communicate(timeout=120)[1].decode()
    assert crawl.returncode == SITE_UNREACHABLE, err[-3000:]
    assert "Traceback" not in err
    last = err.strip().splitlines()[-1]
    assert "(exit code 4, site_unreachable): Site stopped answering: " in last, last
    assert "gave no answer to 12 requests in a row (" in last
    written = [record for path in feed_files(feed) for record in _jsonl(path)]
    with ReplicaServer(replica_root).start() as again:
        second = run_crawl(tmp_path / "2", {"base_url": again.url, **days}, settings=state)
    assert second.returncode == 0, second.stderr[-3000:]
    assert len(written) < len(replica_truth)
    union = compare(written + second.records, replica_truth)
    assert union.perfect(), union.report()


def test_a_server_that_never_answers_is_given_up_in_seconds(
    silent_port: int, tmp_path: Path
) -> None:
    """DOWNLOAD_TIMEOUT stays 30 s; until the site first answers a request waits at most
    NEWSCRAWL_UNREACHABLE_TIMEOUT (1 s here, 10 by default)."""
    base = f"http://127.0.0.1:{silent_port}"
    result = run_crawl(
        tmp_path,
        {"base_url": base, "start": "2022-01-09"},
        settings={"NEWSCRAWL_UNREACHABLE_TIMEOUT": "1", "DOWNLOAD_TIMEOUT": "30"},
        timeout=60,
    )
    assert result.returncode == SITE_UNREACHABLE, result.stderr[-3000:]
    assert result.stats["newscrawl/unreachable/failures_in_a_row"] == 3
    assert result.stats["retry/reason_count/scrapy.exceptions.DownloadTimeoutError"] >= 2
    last = result.stderr.strip().splitlines()[-1]
    assert "no answer to 3 requests in a row: DownloadTimeoutError" in last, last


@pytest.mark.parametrize("args", [{"end": 2}, {"start": 2, "end": 3}], ids=["end", "start"])
def test_a_day_after_the_sites_today_is_refused(args: dict[str, int], tmp_path: Path) -> None:
    today = datetime.now(SITE.zone).date()
    spider_args = {"base_url": "http://127.0.0.1:9", "start": today.isoformat()}
    spider_args |= {k: (today + timedelta(days=n)).isoformat() for k, n in args.items()}
    result = run_crawl(tmp_path, spider_args, timeout=60)
    assert result.returncode == BAD_ARGUMENTS, result.stderr[-3000:]
    lines = result.stderr.strip().splitlines()
    name = "start" if "start" in args else "end"
    assert len(lines) == 1 and lines[0].startswith(
        f"newscrawl: error: invalid spider argument {name}='{spider_args[name]}': after today ("
    ), lines
    assert SITE.timezone in lines[0]


def test_today_is_accepted() -> None:
    """The refusal is for days after today only: ``end`` = today in the site's zone is fine."""
    today = datetime.now(SITE.zone).date()
    assert LimitedTimesSpider.check_arguments({"start": str(today), "end": str(today)}).end == today


def test_listings_not_found_are_logged_five_times_then_summed_up(
    replica_server: ReplicaServer, tmp_path: Path
) -> None:
    """Twenty archive days the replica does not have (404): five lines and one sum, not 20."""
    result = run_crawl(
        tmp_path,
        {"base_url": replica_server.url, "start": "2021-12-20", "end": "2022-01-08"},
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stats["newscrawl/listings/not_found"] == 20
    lines = result.stderr.splitlines()
    assert sum("Listing not found (404)" in line for line in lines) == 5
    assert any("20 listings not found (404) in all; the first 5" in line for line in lines)
