"""Every way a run ends has its exit code: stopped by a signal (8), every listing failed (9).

Real ``scrapy crawl`` subprocesses over a replica server that answers slowly (so the run is
stopped half-way) or whose every listing fails; real signals. Scrapyd's cancel is in
tests/test_scrapyd.py.
"""

from __future__ import annotations

import re
import signal
import subprocess
import time
from pathlib import Path

import pytest

from devtools.server import serve
from newscrawl import startguard
from newscrawl.exitcodes import INTERRUPTED, NO_LISTING
from tests.helpers.crawl import (
    PROJECT,
    TEST_SETTINGS,
    crawl_command,
    crawl_env,
    feed_files,
    feed_lines,
    run_crawl,
)
from tests.helpers.faulty_server import FaultyServer, article_paths

DAYS = {"start": "2022-01-09", "end": "2022-01-14"}
ARCHIVES = [f"/archive/2022-01-{day:02d}" for day in range(9, 15)]
ARTICLES = 60  # tests/fixtures/replica/manifest.json


def _wait_for(predicate: object, what: str, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():  # type: ignore[operator]
        assert time.monotonic() < deadline, f"no {what} after {timeout} s"
        time.sleep(0.05)


@pytest.mark.parametrize(
    "signals",
    [("SIGINT",), ("SIGTERM",), ("SIGINT", "SIGINT")],
    ids=["sigint", "sigterm", "double-sigint"],
)
def test_a_run_stopped_by_signals_exits_8_and_says_what_its_feed_holds(
    signals: tuple[str, ...], replica_root: Path, tmp_path: Path
) -> None:
    plan = dict.fromkeys(article_paths(replica_root), "slow")
    feed, log = tmp_path / "feed.jsonl", tmp_path / "stderr.log"
    settings = {
        **TEST_SETTINGS,
        "CONCURRENT_REQUESTS": "2",
        "NEWSCRAWL_STATE_URI": f"sqlite://{tmp_path / 'state.sqlite'}",
    }
    with FaultyServer(replica_root, plan, sleep=0.3) as server, log.open("w") as err:
        cmd = crawl_command({"base_url": server.url, **DAYS}, settings, feed=feed)
        proc = subprocess.Popen(cmd, cwd=PROJECT, env=crawl_env(), stderr=err)
        try:
            # -O is staged while the run goes (tests/helpers/crawl.py feed_files).
            _wait_for(lambda: len(feed_lines(feed)) >= 3, "feed lines")
            for n, name in enumerate(signals):
                if n:  # the second one while the first's graceful stop is under way
                    _wait_for(lambda: "shutting down gracefully" in log.read_text(), "shutdown")
                proc.send_signal(getattr(signal, name))
            proc.wait(timeout=60)
        finally:
            proc.kill()
    text = log.read_text(encoding="utf-8")
    assert proc.returncode == INTERRUPTED, text[-3000:]
    assert "Traceback" not in text
    held = len(feed_lines(feed))
    assert 0 < held < ARTICLES, "stopped half-way"
    assert not feed.exists()  # a stopped run replaces no feed: its records are kept beside
    last = text.strip().splitlines()[-1]
    how = "SIGINT twice (forced stop)" if len(signals) == 2 else signals[0]
    assert f"ERROR: Run failed (exit code 8, interrupted): Interrupted by {how} " in last, last
    # Kept beside the feed, named in the last line: a .partial- file, or after a forced stop
    # the staged file, which the next run recovers.
    kept = feed_files(feed)
    assert len(kept) == 1 and f"the feed ({kept[0]}) holds {held} articles" in last, last


def _catches(pid: int, signum: int) -> bool:
    """Whether process ``pid`` has a handler for ``signum`` (its /proc status ``SigCgt`` mask)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False
    mask = re.search(r"^SigCgt:\s*([0-9a-f]+)$", status, re.M)
    return bool(mask) and bool(int(mask.group(1), 16) >> (signum - 1) & 1)  # type: ignore[union-attr]


@pytest.mark.parametrize("name", ["SIGINT", "SIGTERM"])
def test_a_signal_while_the_crawl_starts_is_one_line_and_exit_8(name: str, tmp_path: Path) -> None:
    """Ctrl-C in the two seconds before Scrapy's own handlers (imports, settings, spider) printed
    Python's KeyboardInterrupt traceback, and SIGTERM ended the run without a word.

    The signal goes as soon as the project's settings have set their handler (SIGTERM caught:
    Python leaves it to the default), well before the reactor runs."""
    log = tmp_path / "stderr.log"
    settings = {**TEST_SETTINGS, "NEWSCRAWL_STATE_URI": f"sqlite://{tmp_path / 'state.sqlite'}"}
    with serve(PROJECT / "tests/fixtures/replica/site") as server, log.open("w") as err:
        cmd = crawl_command({"base_url": server.url, **DAYS}, settings, feed=tmp_path / "f.jsonl")
        proc = subprocess.Popen(cmd, cwd=PROJECT, env=crawl_env(), stderr=err)
        try:
            deadline = time.monotonic() + 60
            while not _catches(proc.pid, signal.SIGTERM):
                assert time.monotonic() < deadline and proc.poll() is None, "no handler set"
                time.sleep(0.002)
            proc.send_signal(getattr(signal, name))
            proc.wait(timeout=60)
        finally:
            proc.kill()
        fetched = [target for _, target in server.request_log if "/archive/" in target]
    text = log.read_text(encoding="utf-8")
    assert proc.returncode == INTERRUPTED, text[-3000:]
    assert "Traceback" not in text and "KeyboardInterrupt" not in text
    last = text.strip().splitlines()[-1]
    assert f"Run failed (exit code 8, interrupted): Interrupted by {name} " in last, last
    # Sent half a second or more before Scrapy's handlers: the starting guard took it.
    assert "while the crawl was starting, before any page was fetched" in last, last
    assert fetched == []


def test_the_starting_guard_is_only_for_a_crawl() -> None:
    """``scrapy shell`` (and any other command) keeps Python's Ctrl-C."""
    before = signal.getsignal(signal.SIGINT), signal.getsignal(signal.SIGTERM)
    try:
        assert not startguard.guard(["scrapy", "shell", "https://example.org"])
        assert (signal.getsignal(signal.SIGINT), signal.getsignal(signal.SIGTERM)) == before
        assert startguard.INTERRUPTED == INTERRUPTED
    finally:
        signal.signal(signal.SIGINT, before[0])
        signal.signal(signal.SIGTERM, before[1])


def test_every_listing_failed_exits_9_naming_each_cause(replica_root: Path, tmp_path: Path) -> None:
    """The site answers (robots.txt) but no listing page can be read: a redirect loop, a page
    over DOWNLOAD_MAXSIZE, a gzip bomb, a server trickling a byte at a time."""
    kinds = ["redirect_loop", "oversized", "gzip_bomb", "trickle", "trickle", "redirect_loop"]
    plan = dict(zip(ARCHIVES, kinds, strict=True))
    with FaultyServer(replica_root, plan, sleep=0.5, big_size=200_000) as server:
        result = run_crawl(
            tmp_path,
            {"base_url": server.url, **DAYS},
            settings={
                "DOWNLOAD_MAXSIZE": "100000",
                "DOWNLOAD_WARNSIZE": "50000",
                "DOWNLOAD_TIMEOUT": "1",
                "RETRY_TIMES": "0",
                "REDIRECT_MAX_TIMES": "3",
            },
            timeout=120,
        )
    assert result.returncode == NO_LISTING, result.stderr[-3000:]
    assert "Traceback" not in result.stderr
    assert result.records == []
    assert result.stats["finish_reason"] == "no_listing"
    last = result.stderr.strip().splitlines()[-1]
    assert "ERROR: Run failed (exit code 9, no_listing): No listing could be read: all 6 " in last
    for reason in ("redirect_loop 2", "too_large 2", "timeout 2"):
        assert reason in last, last


def test_a_wrong_base_url_fails_a_newest_run_with_9(replica_root: Path, tmp_path: Path) -> None:
    """The site answers, but under a wrong base path: the home page the newest-pages run
    starts from answers 404. That is no listing read, not "nothing new" (exit 0)."""
    with FaultyServer(replica_root, {}) as server:
        result = run_crawl(tmp_path, {"base_url": server.url + "/sub"}, timeout=120)
    assert result.returncode == NO_LISTING, result.stderr[-3000:]
    assert result.records == []
    last = result.stderr.strip().splitlines()[-1]
    assert "ERROR: Run failed (exit code 9, no_listing): No listing could be read" in last, last
    assert "not_found " in last, last


@pytest.mark.parametrize("spider", ["limitedtimes", "pressdigest"])
def test_a_server_that_is_not_the_site_fails_a_newest_run_with_9(
    spider: str, tmp_path: Path
) -> None:
    """base_url at another server (a default page, junk): every page answers 200 and holds no
    article card. That is no listing of the site read, not "nothing new" (exit 0)."""
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("<html><body><h1>It works!</h1></body></html>")
    (site / "feed").write_bytes(bytes(range(256)) * 20)  # junk where a feed should be
    with serve(site) as server:
        result = run_crawl(tmp_path, {"base_url": server.url}, spider=spider, timeout=120)
    assert result.returncode == NO_LISTING, result.stderr[-3000:]
    assert result.records == []
    last = result.stderr.strip().splitlines()[-1]
    assert "ERROR: Run failed (exit code 9, no_listing): No article link on any listing: " in last
    assert f"of {server.url} read, none held an article card" in last, last


def test_an_archive_day_without_posts_is_no_failure(replica_root: Path, tmp_path: Path) -> None:
    """In an archive walk a 404 day may just hold nothing: a range of such days exits 0."""
    with FaultyServer(replica_root, {}) as server:
        args = {"base_url": server.url + "/sub", **DAYS}
        result = run_crawl(tmp_path, args, timeout=120)
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.records == []


def test_a_feed_folder_removed_mid_run_records_no_export_after_it(
    replica_root: Path, tmp_path: Path
) -> None:
    """The feed's folder is deleted while the run writes (an operator's rm -rf): the lines
    written after that go to a file no name leads to, so no export may be recorded for them.
    The run fails with code 6, and the next run exports every article the state does not
    record, so none is lost beyond what the deleted file held, and none is exported twice."""
    plan = dict.fromkeys(article_paths(replica_root), "slow")
    folder = tmp_path / "feeds"
    folder.mkdir()
    feed, log = folder / "feed.jsonl", tmp_path / "stderr.log"
    state_uri = f"sqlite://{tmp_path / 'state.sqlite'}"
    settings = {
        **TEST_SETTINGS,
        "CONCURRENT_REQUESTS": "2",
        "NEWSCRAWL_STATE_URI": state_uri,
        "NEWSCRAWL_STATE_COMMIT_ITEMS": "2",
    }
    with FaultyServer(replica_root, plan, sleep=0.2) as server, log.open("w") as err:
        cmd = crawl_command({"base_url": server.url, **DAYS}, settings, feed=feed)
        proc = subprocess.Popen(cmd, cwd=PROJECT, env=crawl_env(), stderr=err)
        try:
            _wait_for(lambda: len(feed_lines(feed)) >= 6, "feed lines")
            held = len(feed_lines(feed))
            subprocess.run(["rm", "-rf", str(folder)], check=True)
            proc.wait(timeout=120)
        finally:
            proc.kill()
        assert proc.returncode == 6, log.read_text()[-3000:]
        again = tmp_path / "again.jsonl"
        rerun = subprocess.run(
            crawl_command({"base_url": server.url, **DAYS}, settings, feed=again),
            cwd=PROJECT, env=crawl_env(), capture_output=True, text=True, timeout=180,
        )  # fmt: skip
    assert rerun.returncode == 0, rerun.stderr[-3000:]
    exported_first = ARTICLES - len(feed_lines(again))
    # What the first run recorded as exported is at most what its deleted file held when
    # the folder went (a few lines more may have been confirmed in the same instant).
    assert exported_first <= held + 2, (exported_first, held)
    assert len({r["url"] for r in feed_lines(again)}) == len(feed_lines(again))
    # The first run's report (its log: a failed -O feed leaves no file to put it beside)
    # counts what it exported, not what it handed to the lost file (it counted every article
    # the feed was given: 60 for 15 exported, before).
    counted = re.search(r"Run report .*articles new (\d+)", log.read_text())
    assert counted is not None and int(counted[1]) == exported_first, (counted, exported_first)
