"""Distributed mode: several worker processes share one run through a real redis-server."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
import redis

from devtools.server import serve
from devtools.truth import compare
from newscrawl.distributed.redisrun import RedisRun, claims_key
from newscrawl.state import open_store
from tests.helpers.crawl import (
    PROJECT,
    TEST_SETTINGS,
    crawl_command,
    crawl_env,
    feed_lines,
)
from tests.helpers.redis_server import redis_server, redis_url  # noqa: F401

FIRST_DAY, LAST_DAY = "2022-01-09", "2022-01-14"


def _lines(path: Path) -> list[dict[str, Any]]:
    """The complete lines of ``-O path``: staged, kept or final (a torn tail is none)."""
    return feed_lines(path)


def _worker(
    tmp_path: Path, name: str, base_url: str, redis: str, extra: dict[str, str] | None = None
) -> tuple[subprocess.Popen[str], Path]:
    feed = tmp_path / f"{name}.jsonl"
    settings = {
        **(extra or {}),
        **TEST_SETTINGS,
        "CONCURRENT_REQUESTS": "2",
        "NEWSCRAWL_REDIS_URL": redis,
        "NEWSCRAWL_STATE_JOURNAL_DIR": str(tmp_path / "journal"),
        "NEWSCRAWL_STATS_FILE": str(tmp_path / f"{name}.stats.json"),
        "NEWSCRAWL_STATE_COMMIT_ITEMS": "5",
        "NEWSCRAWL_DISTRIBUTED_DEAD_AFTER_SECONDS": "2",
    }
    args = {"base_url": base_url, "start": FIRST_DAY, "end": LAST_DAY}
    cmd = crawl_command(args, settings, feed=feed)
    with (tmp_path / f"{name}.log").open("w") as log:  # the child keeps its own descriptor
        proc = subprocess.Popen(
            cmd,
            cwd=PROJECT,
            env=crawl_env(),
            stdout=subprocess.DEVNULL,
            stderr=log,
            text=True,
        )
    return proc, feed


def _finish(proc: subprocess.Popen[str], tmp_path: Path, name: str) -> dict[str, Any]:
    assert proc.wait(timeout=90) == 0, (tmp_path / f"{name}.log").read_text()[-3000:]
    stats: dict[str, Any] = json.loads((tmp_path / f"{name}.stats.json").read_text())
    return stats


def test_two_workers_share_the_run(
    replica_root: Path,
    replica_truth: list[dict[str, Any]],
    tmp_path: Path,
    redis_url: str,  # noqa: F811
) -> None:
    with serve(replica_root, delay=0.05) as server:
        one, feed1 = _worker(tmp_path, "one", server.url, redis_url)
        two, feed2 = _worker(tmp_path, "two", server.url, redis_url)
        stats1, stats2 = _finish(one, tmp_path, "one"), _finish(two, tmp_path, "two")
    records1, records2 = _lines(feed1), _lines(feed2)
    union = compare(records1 + records2, replica_truth)
    assert union.perfect(), union.report()
    assert not {r["url"] for r in records1} & {r["url"] for r in records2}
    # Each did a real share of the pages, not one worker everything.
    total = stats1["downloader/request_count"] + stats2["downloader/request_count"]
    for stats in (stats1, stats2):
        assert stats["downloader/request_count"] >= total // 5, (stats1, stats2)
    assert min(len(records1), len(records2)) >= len(replica_truth) // 5
    # Listings were read once between them; the run left only its done marker and the state.
    # Every listing page once, whichever worker fetched it (one may have fetched them all).
    pages = "newscrawl/listings/pages"
    assert stats1.get(pages, 0) + stats2.get(pages, 0) == 9
    client = redis.Redis.from_url(redis_url, decode_responses=True)
    left = sorted(k for k in client.keys("newscrawl:run:*") if not k.endswith((":gen", ":done")))
    assert left == [], left
    assert not client.keys("newscrawl:state:limitedtimes:claims:*")


def test_the_state_is_the_redis_even_with_a_state_uri_given(
    replica_root: Path,
    replica_truth: list[dict[str, Any]],
    tmp_path: Path,
    redis_url: str,  # noqa: F811
) -> None:
    """-s NEWSCRAWL_STATE_URI (a worker's own SQLite file) is replaced by the Redis: `scrapy
    crawl` copied its -s settings over the spider's after it switched the store, and the
    exports went to the file while the claims stayed pending in Redis (a later run exported
    every article again)."""
    own = tmp_path / "own.sqlite"
    with serve(replica_root, delay=0.0) as server:
        proc, feed = _worker(
            tmp_path, "one", server.url, redis_url, {"NEWSCRAWL_STATE_URI": f"sqlite://{own}"}
        )
        _finish(proc, tmp_path, "one")
    assert len(_lines(feed)) == len(replica_truth)
    store = open_store(redis_url)
    try:
        counts = store.counts("limitedtimes")
    finally:
        store.close()
    assert (counts["exported"], counts["pending"]) == (len(replica_truth), 0), counts
    assert not own.exists()


@pytest.mark.parametrize("kill_after", [3, 20])
def test_worker_killed_mid_run_then_restarted(
    kill_after: int,
    replica_root: Path,
    replica_truth: list[dict[str, Any]],
    tmp_path: Path,
    redis_url: str,  # noqa: F811
) -> None:
    with serve(replica_root, delay=0.1) as server:
        victim, feed1 = _worker(tmp_path, "victim", server.url, redis_url)
        survivor, feed2 = _worker(tmp_path, "survivor", server.url, redis_url)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and victim.poll() is None:
            if len(_lines(feed1)) >= kill_after:
                break
            time.sleep(0.01)
        assert victim.poll() is None, "the victim ended before it could be killed"
        victim.send_signal(signal.SIGKILL)
        victim.wait(10)
        stats2 = _finish(survivor, tmp_path, "survivor")
        restarted, feed3 = _worker(tmp_path, "restarted", server.url, redis_url)
        _finish(restarted, tmp_path, "restarted")
    killed, survived, again = _lines(feed1), _lines(feed2), _lines(feed3)
    assert 0 < len(killed) < len(replica_truth)
    assert stats2["newscrawl/distributed/takeovers"] == 1
    # The survivor read the victim's staged -O file: the claims settled at once (when they were
    # left to the victim's machine, a page the survivor dropped as a duplicate meanwhile was lost).
    assert "not on this machine" not in (tmp_path / "survivor.log").read_text()
    union = compare(killed + survived + again, replica_truth)
    assert union.perfect(), union.report()
    urls = [r["url"] for r in killed + survived + again]
    assert len(urls) == len(set(urls)), "an article is in two feeds"
    client = redis.Redis.from_url(redis_url, decode_responses=True)
    assert not client.keys("newscrawl:state:limitedtimes:claims:*")
    assert client.zcard("newscrawl:state:limitedtimes:pending") == 0
    assert not list((tmp_path / "journal").glob("*.json")), "journal left after recovery"


def test_pop_requeue_and_owned_claims(redis_url: str) -> None:  # noqa: F811
    """The Lua steps alone: a dead worker's popped requests and claims are not lost."""
    client = redis.Redis.from_url(redis_url)
    a = RedisRun(client, "newscrawl:run:t:x", worker="a")
    b = RedisRun(client, "newscrawl:run:t:x", worker="b")
    assert a.generation == b.generation == "1"
    assert a.try_seed() and not b.try_seed()
    assert a.enqueue(b"listing", -1000.0, "fp1", held=False)
    assert not b.enqueue(b"listing", -1000.0, "fp1", held=False)  # the shared dupefilter
    assert a.enqueue(b"article", 1641801600.0, "fp2", held=True)
    a.seeded()
    field, member = b.pop() or ("", b"")
    assert member == b"listing" and a.pop() is None
    assert a.step(60) == "wait"  # b has it in flight
    assert a.claim("limitedtimes", "https://src/1", "https://agg/1")
    assert not b.claim("limitedtimes", "https://src/1", "https://agg/2")
    assert client.smembers(claims_key("limitedtimes", "a")) == {b"https://src/1"}
    assert a.requeue("b") == 1  # b died: its listing is back in the queue
    assert a.step(60) == "work"
    field, member = a.pop() or ("", b"")
    a.finish([field])
    assert a.step(60) == "released" and a.pop() == (field_of(b"article"), b"article")
    a.finish([field_of(b"article")])
    assert a.step(60) == "done"
    assert RedisRun(client, "newscrawl:run:t:x", worker="c").generation == "2"


def field_of(member: bytes) -> str:
    import hashlib

    return hashlib.sha1(member).hexdigest()


@pytest.mark.parametrize("env", [{}, {"NEWSCRAWL_REDIS_URL": ""}])
def test_without_the_setting_nothing_changes(env: dict[str, str]) -> None:
    from scrapy.settings import Settings

    from newscrawl.distributed import configure

    settings = Settings({"NEWSCRAWL_REDIS_URL": env.get("NEWSCRAWL_REDIS_URL")})
    configure(settings)
    assert settings["SCHEDULER"] == "scrapy.core.scheduler.Scheduler"
    assert "newscrawl.distributed.coordinator.DistributedCrawl" not in settings.getdict(
        "EXTENSIONS"
    )


def test_clearrun_deletes_a_stuck_run(redis_url: str) -> None:  # noqa: F811
    from newscrawl.distributed import run_base, run_id

    client = redis.Redis.from_url(redis_url)
    args = {"base_url": "http://127.0.0.1:9", "start": FIRST_DAY, "end": FIRST_DAY}
    data = {
        **args,
        "days": None,
        "end": FIRST_DAY,
        "categories": [],
        "since": None,
        "max_pages": 1000,
        "fresh": False,
        "render": "auto",
        "archive_days": [FIRST_DAY],
    }
    stuck = RedisRun(client, run_base("limitedtimes", run_id("limitedtimes", data)), "dead")
    stuck.enqueue(b"listing", -1000.0, "fp", held=False)
    other = RedisRun(client, run_base("limitedtimes", "other"), "w")
    cmd = [sys.executable, "-m", "scrapy", "clearrun", "limitedtimes"]
    cmd += [arg for k, v in args.items() for arg in ("-a", f"{k}={v}")]
    cmd += ["-s", f"NEWSCRAWL_REDIS_URL={redis_url}"]
    done = subprocess.run(cmd, cwd=PROJECT, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("cleared ")
    assert not client.keys(stuck.base + ":*")
    assert client.keys(other.base + ":*"), "another run was cleared too"


def test_scrapy_redis_own_deprecations_are_ignored_narrowly(redis_url: str) -> None:  # noqa: F811
    """Why pyproject.toml ignores ScrapyDeprecationWarning from scrapy_redis.* (and only that)."""
    import warnings

    from scrapy import Spider
    from scrapy.exceptions import ScrapyDeprecationWarning
    from scrapy.http import Request
    from scrapy.utils.test import get_crawler
    from scrapy_redis.scheduler import Scheduler

    settings = {"REDIS_URL": redis_url, "DUPEFILTER_CLASS": "scrapy_redis.dupefilter.RFPDupeFilter"}
    crawler = get_crawler(Spider, settings)
    crawler.spider = Spider.from_crawler(crawler, name="t")
    scheduler = Scheduler.from_crawler(crawler)
    scheduler.open(crawler.spider)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        scheduler.enqueue_request(Request("https://example.org/"))  # the unwrapped library
    assert any(
        issubclass(w.category, ScrapyDeprecationWarning) and "scrapy_redis" in w.filename
        for w in caught
    ), [str(w.message) for w in caught]
    scheduler.flush()
    with pytest.raises(ScrapyDeprecationWarning):  # ours stay errors
        warnings.warn("our own", ScrapyDeprecationWarning, stacklevel=1)
