"""A run's use of the state store: a failing store never loses an item; recovery from journals."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest

from newscrawl.state import open_store
from newscrawl.state.base import StateStore
from newscrawl.state.run import RunState, feed_keys


class FailingStore:
    """Every write raises, as a broken disk or a dropped Redis connection would."""

    def __getattr__(self, name: str) -> object:
        def fail(*args: object, **kwargs: object) -> object:
            raise OSError(f"simulated failure in {name}")

        return fail


def test_failing_store_still_exports_and_counts(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    state = RunState(FailingStore(), "limitedtimes", tmp_path)  # type: ignore[arg-type]
    with caplog.at_level(logging.ERROR):
        assert state.claim("https://x.org/1", "https://agg/1") is True
        assert state.known_pages(["https://agg/1"]) == [False]
        assert state.commit() == 0
    assert state.errors == 3
    assert state.uncommitted == 1  # kept for the next commit
    assert "simulated failure in claim" in caplog.text


def test_claim_is_lost_to_an_earlier_run(tmp_path: Path) -> None:
    store: StateStore = open_store(f"sqlite://{tmp_path / 's.sqlite'}")
    first = RunState(store, "site", tmp_path / "j")
    assert first.claim("k", "u1")
    first.commit()
    second = RunState(store, "site", tmp_path / "j")
    assert not second.claim("k", "u2")
    assert RunState(store, "site", tmp_path / "j", fresh=True).claim("k", "u3")
    assert store.aggregator_urls("site", "k") == ["u1", "u2", "u3"]


def test_recovery_commits_what_the_feed_holds_and_releases_the_rest(tmp_path: Path) -> None:
    store = open_store(f"sqlite://{tmp_path / 's.sqlite'}")
    feed = tmp_path / "feed.jsonl"
    crashed = RunState(store, "site", tmp_path / "j")
    for n in range(3):
        assert crashed.claim(f"k{n}", f"u{n}")
    # Line 0 complete, line 1 torn by the kill, line 2 never written.
    feed.write_bytes(
        json.dumps({"url": "u0", "source_url": "k0"}).encode() + b"\n" + b'{"url": "u1", "sour'
    )
    journal = tmp_path / "j" / "site-999999999-1.json"
    journal.parent.mkdir()
    journal.write_text(json.dumps({"site": "site", "pid": 999_999_999, "feeds": [str(feed)]}))
    assert feed_keys(feed) == (["k0"], ["u0"])
    result = RunState(store, "site", tmp_path / "j").recover()
    assert result == {"runs": 1, "committed": 1, "released": 2}
    assert store.exported_many("site", ["k0", "k1", "k2"]) == [True, False, False]
    assert store.pages_fetched("site", ["u0", "u1"]) == [True, False]
    assert not journal.exists()
