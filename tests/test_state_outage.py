"""A state store that fails mid-run: a real redis-server killed and restarted; a corrupt SQLite."""

from __future__ import annotations

import json
import subprocess
import time
from pathlib import Path
from typing import Any

from devtools.server import serve
from devtools.truth import compare
from newscrawl.exitcodes import STATE
from newscrawl.state import open_store
from newscrawl.state.run import feed_keys
from tests.helpers.crawl import (
    PROJECT,
    TEST_SETTINGS,
    crawl_command,
    crawl_env,
    feed_files,
    feed_lines,
    run_crawl,
)
from tests.helpers.redis_server import RestartableRedis

FIRST_DAY, LAST_DAY = "2022-01-09", "2022-01-14"
SITE = "limitedtimes"


def _lines(path: Path) -> list[dict[str, Any]]:
    return feed_lines(path)


def _crawl(
    tmp_path: Path, base_url: str, settings: dict[str, str], feed: Path
) -> subprocess.Popen[str]:
    cmd = crawl_command(
        {"base_url": base_url, "start": FIRST_DAY, "end": LAST_DAY}, settings, feed=feed
    )
    with (tmp_path / f"{feed.stem}.log").open("w") as log:  # the child keeps its own copy
        return subprocess.Popen(
            cmd, cwd=PROJECT, env=crawl_env(), stdout=subprocess.DEVNULL, stderr=log, text=True
        )


def _wait_lines(proc: subprocess.Popen[str], feed: Path, count: int) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and proc.poll() is None:
        if len(feed_lines(feed)) >= count:
            return
        time.sleep(0.01)
    raise AssertionError("the crawl ended (or stalled) before the store could be killed")


def _settings(tmp_path: Path, redis_url: str, outage: float) -> dict[str, str]:
    return {
        **TEST_SETTINGS,
        "CONCURRENT_REQUESTS": "2",
        "NEWSCRAWL_STATE_URI": redis_url,
        "NEWSCRAWL_STATE_JOURNAL_DIR": str(tmp_path / "journal"),
        "NEWSCRAWL_STATE_COMMIT_ITEMS": "5",
        "NEWSCRAWL_STATE_OUTAGE_SECONDS": str(outage),
        "NEWSCRAWL_STATS_FILE": str(tmp_path / "stats.json"),
    }


def test_redis_killed_for_20_s_mid_run(
    replica_root: Path, replica_truth: list[dict[str, Any]], tmp_path: Path
) -> None:
    redis = RestartableRedis(tmp_path / "redis")
    redis.start()
    try:
        settings = _settings(tmp_path, redis.url, outage=60)
        feed = tmp_path / "run1.jsonl"
        with serve(replica_root, delay=0.05) as slow:
            proc = _crawl(tmp_path, slow.url, settings, feed)
            _wait_lines(proc, feed, 5)
            redis.kill()
            time.sleep(20)
            assert proc.poll() is None, "the run ended while the store was down"
            redis.start()
            assert proc.wait(timeout=120) == 0, (tmp_path / "run1.log").read_text()[-3000:]
        log = (tmp_path / "run1.log").read_text()
        assert "Traceback" not in log, log[-3000:]
        outage_lines = [line for line in log.splitlines() if "State store" in line]
        assert 2 <= len(outage_lines) <= 8, outage_lines  # rate-limited, with "answers again"
        first = _lines(feed)
        keys = [k for f in feed_files(feed) for k in feed_keys(f)[0]]
        with open_store(redis.url) as store:
            # The store records exactly the lines the feed holds.
            assert store.counts(SITE)["exported"] == len(keys) == len(first)
            assert store.counts(SITE)["pending"] == 0
            assert all(store.exported_many(SITE, keys))
        with serve(replica_root) as server:
            second = run_crawl(
                tmp_path / "2",
                {"base_url": server.url, "start": FIRST_DAY, "end": LAST_DAY},
                settings={k: v for k, v in settings.items() if k.startswith("NEWSCRAWL_STATE")},
            )
        assert second.returncode == 0, second.stderr[-2000:]
        union = compare(first + second.records, replica_truth)
        assert union.perfect(), union.report()
        assert not {r["url"] for r in first} & {r["url"] for r in second.records}
    finally:
        redis.stop()


def test_redis_left_down_ends_the_run_within_the_outage_setting(
    replica_root: Path, replica_truth: list[dict[str, Any]], tmp_path: Path
) -> None:
    redis = RestartableRedis(tmp_path / "redis")
    redis.start()
    try:
        settings = _settings(tmp_path, redis.url, outage=3)
        feed = tmp_path / "run1.jsonl"
        with serve(replica_root, delay=0.05) as slow:
            proc = _crawl(tmp_path, slow.url, settings, feed)
            _wait_lines(proc, feed, 5)
            redis.kill()
            killed = time.monotonic()
            code = proc.wait(timeout=60)
            lasted = time.monotonic() - killed
        log = (tmp_path / "run1.log").read_text()
        assert code == STATE, log[-3000:]
        assert lasted < 3 + 10, f"the run took {lasted:.0f} s to end after the store went down"
        assert "Traceback" not in log, log[-3000:]
        assert "ERROR: Run failed (exit code 7, state_failed)" in log.strip().splitlines()[-1]
        assert json.loads((tmp_path / "stats.json").read_text())["finish_reason"] == "state_failed"
        first = _lines(feed)
        keys = [k for f in feed_files(feed) for k in feed_keys(f)[0]]
        redis.start()
        with open_store(redis.url) as store:
            # Nothing was exported that the store does not record (committed or still claimed).
            assert all(store.exported_many(SITE, keys))
        with serve(replica_root) as server:
            second = run_crawl(
                tmp_path / "2",
                {"base_url": server.url, "start": FIRST_DAY, "end": LAST_DAY},
                settings={k: v for k, v in settings.items() if k.startswith("NEWSCRAWL_STATE")},
            )
        assert second.returncode == 0, second.stderr[-2000:]
        assert "Recovered interrupted run" in second.stderr
        union = compare(first + second.records, replica_truth)
        assert union.perfect(), union.report()
        assert not {r["url"] for r in first} & {r["url"] for r in second.records}
    finally:
        redis.stop()


def test_corrupted_sqlite_stops_the_run_at_once(
    replica_root: Path, replica_truth: list[dict[str, Any]], tmp_path: Path
) -> None:
    path = tmp_path / "state" / "state.sqlite"
    settings = {"NEWSCRAWL_STATE_URI": f"sqlite://{path}"}
    args = {"start": FIRST_DAY, "end": LAST_DAY}
    with serve(replica_root) as server:
        first = run_crawl(tmp_path / "1", {"base_url": server.url, **args}, settings=settings)
        assert first.returncode == 0
        data = bytearray(path.read_bytes())
        middle = len(data) // 2
        data[middle : middle + 8192] = b"\xff" * 8192
        path.write_bytes(bytes(data))
        mark = len(server.request_log)
        second = run_crawl(
            tmp_path / "2", {"base_url": server.url, **args, "fresh": "true"}, settings=settings
        )
        fetched = len(server.request_log) - mark
    assert second.returncode == STATE, second.stderr[-3000:]
    assert "Traceback" not in second.stderr
    errors = [line for line in second.stderr.splitlines() if " ERROR: " in line]
    assert len(errors) == 2 and "is corrupt" in errors[0], errors  # the cause, the final line
    assert second.records == [] and fetched == 0
    assert second.stats["finish_reason"] == "state_failed"


def test_distributed_worker_with_redis_left_down_ends_quietly(
    replica_root: Path, tmp_path: Path
) -> None:
    """Redis is the frontier too: pops, pushes, heartbeats and claims fail, the run still ends."""
    redis = RestartableRedis(tmp_path / "redis")
    redis.start()
    try:
        settings = {
            **_settings(tmp_path, redis.url, outage=3),
            "NEWSCRAWL_REDIS_URL": redis.url,
            "NEWSCRAWL_DISTRIBUTED_DEAD_AFTER_SECONDS": "2",
        }
        feed = tmp_path / "worker.jsonl"
        with serve(replica_root, delay=0.05) as slow:
            proc = _crawl(tmp_path, slow.url, settings, feed)
            _wait_lines(proc, feed, 5)
            redis.kill()
            killed = time.monotonic()
            code = proc.wait(timeout=60)
            lasted = time.monotonic() - killed
    finally:
        redis.stop()
    log = (tmp_path / "worker.log").read_text()
    assert code == STATE, log[-3000:]
    assert lasted < 3 + 10, f"the worker took {lasted:.0f} s to end after Redis went down"
    assert "Traceback" not in log, log[-3000:]
    assert "Distributed poll failed" not in log
    outage = [line for line in log.splitlines() if "does not answer" in line]
    assert 1 <= len(outage) <= 3, outage  # rate-limited
    assert "ERROR: Run failed (exit code 7, state_failed)" in log.strip().splitlines()[-1]
