"""One suite for every state store: SQLite on a temp file and Redis on a real redis-server."""

from __future__ import annotations

import multiprocessing
import random
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from multiprocessing.queues import Queue
from multiprocessing.synchronize import Barrier
from pathlib import Path

import pytest

from newscrawl.state import StateStore, StateStoreError, open_store
from tests.helpers.crawl import PROJECT, crawl_env
from tests.helpers.redis_server import free_port, redis_server, redis_url  # noqa: F401

SITE = "limitedtimes"
AGG = "https://limitedtimes.example/world/"


def source(n: int) -> str:
    return f"https://source{n % 7}.example/news/{n}.html"


def page(n: int) -> str:
    return f"https://limitedtimes.example/world/page/{n}/"


@pytest.fixture(params=["sqlite", "redis"])
def store_uri(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh store URI of each kind; the SQLite file sits in folders that don't exist yet."""
    if request.param == "sqlite":
        return f"sqlite://{tmp_path}/not/yet/state.sqlite"
    url: str = request.getfixturevalue("redis_url")
    return url


@pytest.fixture
def store(store_uri: str) -> Iterator[StateStore]:
    with open_store(store_uri) as opened:
        yield opened


# -- opening ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "uri", ["mysql://db/state", "state.sqlite", "", "http://127.0.0.1/", "memory:"]
)
def test_unknown_scheme_raises(uri: str) -> None:
    with pytest.raises(StateStoreError) as info:
        open_store(uri)
    message = str(info.value)
    assert "\n" not in message
    assert repr(uri) in message
    assert "sqlite:///" in message and "redis://" in message


def test_unreachable_redis_fails_fast_and_redacts_password() -> None:
    uri = f"redis://:hunter2@127.0.0.1:{free_port()}/0"  # nothing listens there
    started = time.monotonic()
    with pytest.raises(StateStoreError) as info:
        open_store(uri)
    assert time.monotonic() - started < 3.0
    message = str(info.value)
    assert "\n" not in message
    assert "hunter2" not in message
    assert f"redis://:***@127.0.0.1:{uri.rsplit(':', 1)[1]}" in message


def test_redis_bad_uri_raises() -> None:
    with pytest.raises(StateStoreError, match="redis://127.0.0.1:notaport"):
        open_store("redis://127.0.0.1:notaport/0")


def test_sqlite_creates_file_and_parents(tmp_path: Path) -> None:
    path = tmp_path / "a" / "b" / "state.sqlite"
    with open_store(f"sqlite://{path}"):
        assert path.is_file()


@pytest.mark.parametrize("uri", ["sqlite://host/state.sqlite", "sqlite:", "sqlite:///tmp/"])
def test_sqlite_malformed_uri_raises(uri: str) -> None:
    with pytest.raises(StateStoreError, match="sqlite"):
        open_store(uri)


def test_sqlite_unusable_file_raises(tmp_path: Path) -> None:
    garbage = tmp_path / "state.sqlite"
    garbage.write_bytes(b"this is not a database" * 100)
    with pytest.raises(StateStoreError, match="state.sqlite"):
        open_store(f"sqlite://{garbage}")
    blocker = tmp_path / "blocker"
    blocker.write_text("a file where a folder should be")
    with pytest.raises(StateStoreError, match="blocker"):
        open_store(f"sqlite://{blocker}/state.sqlite")


def test_a_read_only_or_existing_open_creates_nothing(tmp_path: Path) -> None:
    """``scrapy state show`` opened (and so created) any mistyped path; ``read_only`` writes
    nothing, not even the schema into an empty file, and still reads a store a crawl wrote."""
    missing = tmp_path / "no" / "dir" / "x.sqlite"
    for flags in ({"existing": True}, {"read_only": True}):
        with pytest.raises(StateStoreError, match=f"{missing} does not exist.*nothing was created"):
            open_store(f"sqlite://{missing}", **flags)
    assert not (tmp_path / "no").exists()
    empty = tmp_path / "empty.sqlite"
    empty.touch()
    with pytest.raises(StateStoreError, match="holds no crawl state"):
        open_store(f"sqlite://{empty}", read_only=True)
    assert empty.stat().st_size == 0
    written = tmp_path / "state.sqlite"
    with open_store(f"sqlite://{written}") as store:
        store.mark_page_fetched(SITE, page(1))
    with open_store(f"sqlite://{written}", read_only=True) as store:
        assert store.counts(SITE)["pages"] == 1


def state_command(action: str, uri: str) -> subprocess.CompletedProcess[str]:
    """``scrapy state ACTION limitedtimes`` on the store at ``uri``."""
    return subprocess.run(
        [sys.executable, "-m", "scrapy", "state", action, SITE, "-s", f"NEWSCRAWL_STATE_URI={uri}"],
        cwd=PROJECT,
        env=crawl_env(),
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_scrapy_state_on_a_missing_store_is_one_line_and_exit_2(tmp_path: Path) -> None:
    """``show`` printed "0 exported source articles" and ``reset`` "state ... reset", exit 0,
    both creating /nonexistent/dir/x.sqlite: a typo looked like an empty state."""
    missing = tmp_path / "nonexistent" / "dir" / "x.sqlite"
    for action in ("show", "reset"):
        proc = state_command(action, f"sqlite://{missing}")
        assert proc.returncode == 2, proc.stderr
        assert proc.stdout == ""
        assert proc.stderr.splitlines() == [
            f"newscrawl: error: state store 'sqlite://{missing}': {missing} does not exist (no "
            "crawl has written it); nothing was created"
        ]
    assert not (tmp_path / "nonexistent").exists()
    with open_store(f"sqlite://{missing}") as store:  # as a crawl creates it
        store.mark_page_fetched(SITE, page(1))
    shown = state_command("show", f"sqlite://{missing}")
    assert shown.returncode == 0, shown.stderr
    assert "0 exported source articles, 1 fetched pages" in shown.stdout


# -- pages ------------------------------------------------------------------------------------


def test_pages_single_and_batch(store: StateStore) -> None:
    assert not store.is_page_fetched(SITE, page(1))
    store.mark_page_fetched(SITE, page(1))
    store.mark_page_fetched(SITE, page(1))  # idempotent
    assert store.is_page_fetched(SITE, page(1))
    store.mark_pages_fetched(SITE, [page(2), page(3), page(2)])
    assert store.pages_fetched(SITE, [page(3), page(4), page(1), page(3)]) == [
        True,
        False,
        True,
        True,
    ]
    assert store.pages_fetched(SITE, []) == []
    store.mark_pages_fetched(SITE, [])
    assert store.counts(SITE)["pages"] == 3


def test_large_batches_cross_chunk_boundaries(store: StateStore) -> None:
    store.mark_pages_fetched(SITE, (page(n) for n in range(0, 2500, 2)))
    assert store.pages_fetched(SITE, [page(n) for n in range(2500)]) == [
        n % 2 == 0 for n in range(2500)
    ]
    won = store.claim_many(SITE, [(source(n), AGG) for n in range(0, 2500, 3)])
    assert all(won)
    assert store.exported_many(SITE, [source(n) for n in range(2500)]) == [
        n % 3 == 0 for n in range(2500)
    ]
    assert store.commit_exports(SITE, [source(n) for n in range(0, 2500, 3)]) == 834
    assert store.counts(SITE) == {"pages": 1250, "exported": 834, "pending": 0}


# -- exports ----------------------------------------------------------------------------------


def test_claim_once_and_record_carriers(store: StateStore) -> None:
    key = source(1)
    assert not store.is_exported(SITE, key)
    assert store.claim(SITE, key, AGG)
    assert store.is_exported(SITE, key)
    assert not store.claim(SITE, key, page(2))  # lost, but the carrier is still recorded
    store.add_aggregator_url(SITE, key, page(3))
    store.add_aggregator_url(SITE, key, AGG)  # already known
    store.add_aggregator_url(SITE, key, "")  # nothing to record
    assert store.aggregator_urls(SITE, key) == [AGG, page(2), page(3)]
    assert store.aggregator_urls(SITE, source(2)) == []
    assert store.exported_many(SITE, [source(2), key]) == [False, True]


def test_claim_many_wins_a_repeated_key_once(store: StateStore) -> None:
    store.claim(SITE, source(1), AGG)
    claims = [(source(1), AGG), (source(2), AGG), (source(2), page(9)), (source(3), AGG)]
    assert store.claim_many(SITE, claims) == [False, True, False, True]
    assert store.claim_many(SITE, []) == []
    assert store.aggregator_urls(SITE, source(2)) == [AGG, page(9)]


def test_claim_lifecycle_commit_release(store: StateStore) -> None:
    a, b, c = source(1), source(2), source(3)
    for key in (a, b, c):
        assert store.claim(SITE, key, AGG)
    assert store.counts(SITE) == {"pages": 0, "exported": 0, "pending": 3}
    assert store.commit_exports(SITE, [a, a, source(99)]) == 1  # repeats, unknowns ignored
    assert store.commit_exports(SITE, [a]) == 0  # already committed
    assert store.release(SITE, b)
    assert not store.release(SITE, b)  # nothing left to release
    assert not store.release(SITE, a)  # committed exports stay exported
    assert store.exported_many(SITE, [a, b, c]) == [True, False, True]
    assert store.counts(SITE) == {"pages": 0, "exported": 1, "pending": 1}
    assert store.claim(SITE, b, AGG)  # released keys can be claimed again
    assert store.release_many(SITE, [b, c, a]) == 2
    assert store.release_many(SITE, []) == 0
    assert store.counts(SITE) == {"pages": 0, "exported": 1, "pending": 0}


def test_release_stale_frees_only_old_pending_claims(store: StateStore) -> None:
    store.claim(SITE, source(1), AGG)
    store.commit_exports(SITE, [source(1)])
    store.claim(SITE, source(2), AGG)
    assert store.release_stale(SITE, 3600.0) == 0
    time.sleep(0.05)
    assert store.release_stale(SITE, 0.01) == 1
    assert store.exported_many(SITE, [source(1), source(2)]) == [True, False]
    assert store.counts(SITE) == {"pages": 0, "exported": 1, "pending": 0}


def test_invalid_site_and_carrier_rejected(store: StateStore) -> None:
    with pytest.raises(ValueError, match="site key"):
        store.claim("bad site", source(1), AGG)
    with pytest.raises(ValueError, match="site key"):
        store.mark_page_fetched("", page(1))
    with pytest.raises(ValueError, match="newline"):
        store.claim(SITE, source(1), "https://x.example/\nnext")
    assert not store.is_exported(SITE, source(1))


# -- housekeeping -----------------------------------------------------------------------------


def test_reset_forgets_one_site_only(store: StateStore) -> None:
    for site in (SITE, "othertimes"):
        store.mark_pages_fetched(site, [page(1), page(2)])
        store.claim(site, source(1), AGG)
        store.claim(site, source(2), AGG)
        store.commit_exports(site, [source(1)])
    assert store.counts(SITE) == {"pages": 2, "exported": 1, "pending": 1}
    store.reset(SITE)
    assert store.counts(SITE) == {"pages": 0, "exported": 0, "pending": 0}
    assert not store.is_page_fetched(SITE, page(1))
    assert store.aggregator_urls(SITE, source(1)) == []
    assert store.claim(SITE, source(1), AGG)
    assert store.counts("othertimes") == {"pages": 2, "exported": 1, "pending": 1}
    store.reset("nevercrawled")  # no error


def test_state_persists_across_reopen(store_uri: str) -> None:
    with open_store(store_uri) as first:
        first.mark_pages_fetched(SITE, [page(1), page(2)])
        first.claim(SITE, source(1), AGG)
        first.claim(SITE, source(2), AGG)
        first.commit_exports(SITE, [source(1)])
    with open_store(store_uri) as second:
        assert second.counts(SITE) == {"pages": 2, "exported": 1, "pending": 1}
        assert second.pages_fetched(SITE, [page(1), page(3)]) == [True, False]
        assert not second.claim(SITE, source(1), page(5))
        assert second.aggregator_urls(SITE, source(1)) == [AGG, page(5)]


# -- concurrency ------------------------------------------------------------------------------


def test_threads_racing_win_each_key_once(store_uri: str) -> None:
    """8 threads over two store objects claim the same 200 keys; every key is won once."""
    keys = [source(n) for n in range(200)]
    stores = [open_store(store_uri), open_store(store_uri)]
    barrier = threading.Barrier(8)
    wins: list[list[str]] = [[] for _ in range(8)]
    errors: list[BaseException] = []

    def race(index: int) -> None:
        try:
            store = stores[index % 2]
            order = keys[:]
            random.Random(index).shuffle(order)
            barrier.wait(timeout=10)
            if index % 4 == 0:  # some threads claim in batches, the rest one by one
                for start in range(0, 200, 25):
                    batch = order[start : start + 25]
                    won = store.claim_many(SITE, [(key, page(index)) for key in batch])
                    wins[index].extend(key for key, ok in zip(batch, won, strict=True) if ok)
            else:
                wins[index].extend(key for key in order if store.claim(SITE, key, page(index)))
        except BaseException as exc:  # surfaced below
            errors.append(exc)

    threads = [threading.Thread(target=race, args=(i,)) for i in range(8)]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        assert not errors, errors
        won = Counter(key for per_thread in wins for key in per_thread)
        assert won == Counter(keys)
        assert stores[0].counts(SITE)["pending"] == 200
        assert all(len(stores[1].aggregator_urls(SITE, key)) == 8 for key in keys)
    finally:
        for store in stores:
            store.close()


def _claim_in_process(uri: str, seed: int, start: Barrier, results: Queue[list[str]]) -> None:
    """Child-process body: open the store, wait for the others, race for the shared keys."""
    keys = [source(n) for n in range(200)]
    random.Random(seed).shuffle(keys)
    with open_store(uri) as store:
        start.wait(timeout=30)
        results.put([key for key in keys if store.claim(SITE, key, page(seed))])


def test_processes_racing_win_each_key_once(redis_url: str) -> None:  # noqa: F811
    """Separate processes (as separate machines would) share one Redis; each key is won once."""
    context = multiprocessing.get_context("spawn")
    start = context.Barrier(4)
    results: Queue[list[str]] = context.Queue()
    processes = [
        context.Process(target=_claim_in_process, args=(redis_url, seed, start, results))
        for seed in range(4)
    ]
    for process in processes:
        process.start()
    try:
        per_process = [results.get(timeout=60) for _ in processes]
    finally:
        for process in processes:
            process.join(timeout=10)
    assert [process.exitcode for process in processes] == [0, 0, 0, 0]
    won = Counter(key for keys in per_process for key in keys)
    assert won == Counter(source(n) for n in range(200))
    with open_store(redis_url) as store:
        assert store.counts(SITE) == {"pages": 0, "exported": 0, "pending": 200}


def test_redis_key_layout(redis_url: str) -> None:  # noqa: F811
    import redis

    with open_store(redis_url) as store:
        store.mark_page_fetched(SITE, page(1))
        store.claim(SITE, source(1), AGG)
    client = redis.Redis.from_url(redis_url, decode_responses=True)
    try:
        assert sorted(client.keys("*")) == [
            f"newscrawl:state:{SITE}:{name}"
            for name in ("carriers", "exported", "pages", "pending")
        ]
    finally:
        client.close()
