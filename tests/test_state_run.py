"""A run's use of the state store: a failing store is never an answer; recovery by lease."""

from __future__ import annotations

import asyncio
import json
import logging
import socket
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from newscrawl.state import open_store
from newscrawl.state.base import StateStore
from newscrawl.state.lease import Lease, process_start
from newscrawl.state.run import RunState, StateFailed, feed_keys


class FailingStore:
    """Every call raises, as a dropped Redis connection would."""

    uri = "redis://127.0.0.1:1/0"

    def __getattr__(self, name: str) -> object:
        def fail(*args: object, **kwargs: object) -> object:
            raise ConnectionError(f"simulated failure in {name}")

        return fail


class FlakyStore:
    """A real store that does not answer for its first ``down`` claims."""

    def __init__(self, store: StateStore, down: int) -> None:
        self.store, self.down, self.uri = store, down, store.uri

    def claim(self, *args: object) -> bool:
        if self.down:
            self.down -= 1
            raise ConnectionError("Connection refused")
        return self.store.claim(*args)  # type: ignore[arg-type]

    def __getattr__(self, name: str) -> object:
        return getattr(self.store, name)


def test_failed_claim_is_not_a_won_claim(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    """A store that never answers: the claim waits, then fails the run; nothing is pending."""
    failures: list[str] = []
    state = RunState(
        FailingStore(),  # type: ignore[arg-type]
        "limitedtimes",
        tmp_path,
        outage_seconds=0.5,
        on_failure=failures.append,
    )
    started = time.monotonic()
    with caplog.at_level(logging.WARNING), pytest.raises(StateFailed):
        asyncio.run(state.claim("https://x.org/1", "https://agg/1"))
    assert 0.5 <= time.monotonic() - started < 3
    assert state.uncommitted == 0  # never counted as won
    assert len(failures) == 1 and "did not answer for" in failures[0]
    assert "NEWSCRAWL_STATE_OUTAGE_SECONDS" in failures[0]
    # Rate-limited: the first warning, not one per retry.
    assert len([r for r in caplog.records if "does not answer" in r.getMessage()]) == 1
    assert state.known_pages(["https://agg/1"]) == [False]
    assert state.commit() == 0


def test_claim_waits_out_a_short_outage(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    store = open_store(f"sqlite://{tmp_path / 's.sqlite'}")
    state = RunState(FlakyStore(store, 3), "site", tmp_path / "j", outage_seconds=10)  # type: ignore[arg-type]
    with caplog.at_level(logging.WARNING):
        assert asyncio.run(state.claim("k", "u")) is True
    assert state.failure is None and state.unwritten == 1 and state.uncommitted == 0
    assert "answers again" in caplog.text
    assert state.commit() == 0  # its line is not in the feed yet: nothing to commit
    state.written("k")  # the feed took its line
    assert state.uncommitted == 1 and state.commit() == 1
    assert store.counts("site") == {"pages": 1, "exported": 1, "pending": 0}


def test_corrupt_sqlite_fails_the_run_at_once(tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite"
    store = open_store(f"sqlite://{path}")
    for n in range(2000):  # enough pages that the middle of the file holds table data
        store.mark_page_fetched("site", f"https://agg/{n}/" + "x" * 200)
    store.close()
    data = bytearray(path.read_bytes())
    middle = len(data) // 2
    data[middle : middle + 8192] = b"\xff" * 8192
    path.write_bytes(bytes(data))
    failures: list[str] = []
    state = RunState(
        open_store(f"sqlite://{path}"), "site", tmp_path / "j", on_failure=failures.append
    )
    urls = [f"https://agg/{n}/" + "x" * 200 for n in range(2000)]
    started = time.monotonic()
    assert state.known_pages(urls) == [False] * len(urls)
    with pytest.raises(StateFailed):
        asyncio.run(state.claim("k", "u"))
    assert time.monotonic() - started < 1  # no waiting for an outage to end
    assert len(failures) == 1 and "corrupt" in failures[0]


def test_claim_is_lost_to_an_earlier_run(tmp_path: Path) -> None:
    store: StateStore = open_store(f"sqlite://{tmp_path / 's.sqlite'}")
    first = RunState(store, "site", tmp_path / "j")
    assert asyncio.run(first.claim("k", "u1"))
    first.written("k")  # the feed took its line
    first.commit()
    second = RunState(store, "site", tmp_path / "j")
    assert not asyncio.run(second.claim("k", "u2"))
    assert asyncio.run(RunState(store, "site", tmp_path / "j", fresh=True).claim("k", "u3"))
    assert store.aggregator_urls("site", "k") == ["u1", "u2", "u3"]


def test_repeated_claim_of_the_same_owner_is_won_again(tmp_path: Path) -> None:
    """A retry after a lost reply: the claim went through, the answer did not."""
    store = open_store(f"sqlite://{tmp_path / 's.sqlite'}")
    assert store.claim("site", "k", "u", "run-a/boot/1/1")
    assert store.claim("site", "k", "u", "run-a/boot/1/1")
    assert not store.claim("site", "k", "u", "run-b/boot/2/2")
    assert not store.claim("site", "k", "u")
    assert store.pending_owners("site") == {"run-a/boot/1/1": 1}


def _journal(tmp_path: Path, lease: str, feeds: list[Path], pid: int) -> Path:
    journal = tmp_path / "j" / f"site-{pid}-1.json"
    journal.parent.mkdir(exist_ok=True)
    data = {"site": "site", "pid": pid, "lease": lease, "feeds": [str(f) for f in feeds]}
    journal.write_text(json.dumps(data))
    return journal


def test_recovery_commits_what_the_feed_holds_and_releases_the_rest(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    store = open_store(f"sqlite://{tmp_path / 's.sqlite'}")
    feed = tmp_path / "feed.jsonl"
    gone = Lease(socket.gethostname(), "a-boot-before-this-one", 4242, 1).token()
    for n in range(3):
        assert store.claim("site", f"k{n}", f"u{n}", gone)
    # Line 0 complete, line 1 torn by the kill, line 2 never written.
    feed.write_bytes(
        json.dumps({"url": "u0", "source_url": "k0"}).encode() + b"\n" + b'{"url": "u1", "sour'
    )
    journal = _journal(tmp_path, gone, [feed], 4242)
    assert feed_keys(feed) == (["k0"], ["u0"])
    with caplog.at_level(logging.WARNING):
        result = RunState(store, "site", tmp_path / "j").recover()
    assert result == {"runs": 1, "committed": 1, "released": 2}
    assert store.exported_many("site", ["k0", "k1", "k2"]) == [True, False, False]
    assert store.pages_fetched("site", ["u0", "u1"]) == [True, False]
    assert not journal.exists()
    assert "1 exports confirmed" in caplog.text and "2 unfinished claims released" in caplog.text


def test_a_reused_pid_does_not_pass_for_the_dead_run(tmp_path: Path) -> None:
    """The journal's PID now belongs to a live, unrelated process: the start time differs."""
    store = open_store(f"sqlite://{tmp_path / 's.sqlite'}")
    other = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        started = process_start(other.pid)
        assert started
        dead = Lease(socket.gethostname(), Lease.current().boot, other.pid, started - 1)
        assert dead.liveness() == "gone"
        store.claim("site", "k", "u", dead.token())
        _journal(tmp_path, dead.token(), [], other.pid)
        result = RunState(store, "site", tmp_path / "j").recover()
        assert result["released"] == 1
        alive = Lease(socket.gethostname(), Lease.current().boot, other.pid, started)
        assert alive.liveness() == "alive"
        store.claim("site", "k2", "u", alive.token())
        _journal(tmp_path, alive.token(), [], other.pid)
        assert RunState(store, "site", tmp_path / "j").recover()["released"] == 0
        assert store.pending_owners("site") == {alive.token(): 1}
    finally:
        other.kill()
        other.wait()


def test_claims_of_a_gone_run_without_journal_are_released_with_a_warning(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    store = open_store(f"sqlite://{tmp_path / 's.sqlite'}")
    gone = Lease(socket.gethostname(), "a-boot-before-this-one", 4242, 1).token()
    elsewhere = Lease("another-machine", "b", 7, 7).token()
    for n in range(4):
        store.claim("site", f"k{n}", "u", gone)
    store.claim("site", "remote", "u", elsewhere)
    with caplog.at_level(logging.INFO):
        result = RunState(store, "site", tmp_path / "j").recover()
    assert result["released"] == 4
    assert store.pending_owners("site") == {elsewhere: 1}  # may be alive: left alone
    warning = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warning) == 1 and "journal is missing" in warning[0].getMessage()


def test_version_1_state_file_is_upgraded_in_place(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    db = sqlite3.connect(path)
    db.executescript(
        "CREATE TABLE pages (site TEXT NOT NULL, url TEXT NOT NULL, PRIMARY KEY (site, url));"
        "CREATE TABLE exports (site TEXT NOT NULL, key TEXT NOT NULL, committed INTEGER NOT "
        "NULL DEFAULT 0, claimed_at REAL NOT NULL, PRIMARY KEY (site, key));"
        "CREATE TABLE carriers (site TEXT NOT NULL, key TEXT NOT NULL, aggregator_url TEXT "
        "NOT NULL, UNIQUE (site, key, aggregator_url));"
        "INSERT INTO exports VALUES ('site', 'old', 0, 1.0);"
        "PRAGMA user_version=1;"
    )
    db.close()
    store = open_store(f"sqlite://{path}")
    assert store.pending_owners("site") == {"": 1}
    assert RunState(store, "site", tmp_path / "j").recover()["released"] == 1


def test_a_journal_that_cannot_be_written_fails_the_run(tmp_path: Path) -> None:
    """Without its journal a crash could not be recovered: the run stops instead."""
    (tmp_path / "a-file").write_text("")
    failures: list[str] = []
    store = open_store(f"sqlite://{tmp_path / 's.sqlite'}")
    state = RunState(store, "site", tmp_path / "a-file" / "journal", on_failure=failures.append)
    state.write_journal(["/feeds/a.jsonl"])
    assert len(failures) == 1 and "cannot write the run journal" in failures[0]
    with pytest.raises(StateFailed):
        asyncio.run(state.claim("k", "u"))


def test_only_claims_whose_line_the_feed_took_are_committed(tmp_path: Path) -> None:
    """Items claimed together (the dedup pipeline lets them through at once) reach the feed
    one by one: a commit at the first one's turn commits only what the feed took, never the
    claims still on their way (a full disk then cost them: the store counted 60 exported, the
    feed held 13)."""
    store = open_store(f"sqlite://{tmp_path / 's.sqlite'}")
    state = RunState(store, "site", tmp_path / "j")
    for n in range(5):
        assert asyncio.run(state.claim(f"k{n}", f"u{n}"))
    state.written("k0")
    assert (state.uncommitted, state.unwritten, state.commit()) == (1, 4, 1)
    assert store.counts("site") == {"pages": 1, "exported": 1, "pending": 4}
    # The feed failed after k1: k1's line is whole in it, the other three are released.
    state.written("k1")
    feed = tmp_path / "feed.jsonl"
    feed.write_text('{"url": "u1", "source_url": "k1"}\n')
    assert state.settle_unconfirmed([str(feed)]) == (1, 3)
    assert store.counts("site")["exported"] == 2 and store.counts("site")["pending"] == 0
