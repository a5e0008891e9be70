"""Recovery of a SIGKILLed run that does not trust a PID: reused PIDs, deleted journals."""

from __future__ import annotations

import json
import shutil
import subprocess
import time
from pathlib import Path
from typing import Any

import pytest

from devtools.server import serve
from devtools.truth import compare
from newscrawl.state import open_store
from newscrawl.state.records import feed_records
from tests.helpers.crawl import PROJECT, TEST_SETTINGS, crawl_command, crawl_env, run_crawl

FIRST_DAY, LAST_DAY = "2022-01-09", "2022-01-14"
SITE = "limitedtimes"


def _records(folder: Path, *, but: str = "") -> list[dict[str, Any]]:
    """Every complete record of the feeds in ``folder`` (recovered files included), but one."""
    records: list[dict[str, Any]] = []
    for path in sorted(folder.iterdir()) if folder.is_dir() else []:
        if path.is_file() and path.name != but and "report" not in path.name:
            records += [dict(r) for r in feed_records(path)]
    return records


def _children(pid: int) -> list[int]:
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        found += [int(c) for c in (task / "children").read_text().split()]
    return found


def _killed_run(
    tmp_path: Path, replica_root: Path, settings: dict[str, str], *, own_pid_namespace: bool
) -> Path:
    """Start a crawl, SIGKILL it once its feed has a few lines; return the feed's folder (the
    run writes a staged file there, :class:`newscrawl.feeds.ConfirmedFileStorage`)."""
    out = tmp_path / "out"
    feed = out / "killed.jsonl"
    cmd = crawl_command(
        {"start": FIRST_DAY, "end": LAST_DAY, "base_url": "%s"}, settings, feed=feed
    )
    if own_pid_namespace:
        unshare = shutil.which("unshare")
        if unshare is None:
            pytest.fail("unshare (util-linux) is needed to give the crawl a reused PID")
        # In its own PID namespace the crawl is PID 1, which outside is init: alive.
        cmd = [unshare, "--pid", "--fork", "--mount-proc", *cmd]
    with serve(replica_root, delay=0.05) as slow:
        cmd = [part.replace("base_url=%s", f"base_url={slow.url}") for part in cmd]
        with (tmp_path / "killed.log").open("w") as log:
            proc = subprocess.Popen(
                cmd, cwd=PROJECT, env=crawl_env(), stdout=subprocess.DEVNULL, stderr=log
            )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and proc.poll() is None:
            written = len(_records(out))
            if written >= 8 and written % 5:  # NEWSCRAWL_STATE_COMMIT_ITEMS: some uncommitted
                break
            time.sleep(0.01)
        assert proc.poll() is None, (tmp_path / "killed.log").read_text()[-3000:]
        victims = _children(proc.pid) if own_pid_namespace else [proc.pid]
        assert victims, "the crawl inside the PID namespace was not found"
        for pid in victims:
            subprocess.run(["kill", "-KILL", str(pid)], check=False)
        proc.wait(30)
    return out


@pytest.mark.parametrize("case", ["pid_reused", "journal_deleted"])
def test_a_killed_run_is_recovered_without_trusting_its_pid(
    case: str, replica_root: Path, replica_truth: list[dict[str, Any]], tmp_path: Path
) -> None:
    journals = tmp_path / "journal"
    state_uri = f"sqlite://{tmp_path / 'state' / 'state.sqlite'}"
    settings = {
        **TEST_SETTINGS,
        "CONCURRENT_REQUESTS": "2",
        "NEWSCRAWL_STATE_URI": state_uri,
        "NEWSCRAWL_STATE_JOURNAL_DIR": str(journals),
        "NEWSCRAWL_STATE_COMMIT_ITEMS": "5",
        "NEWSCRAWL_STATE_COMMIT_SECONDS": "60",  # commits by count only: some left pending
    }
    out = _killed_run(tmp_path, replica_root, settings, own_pid_namespace=case == "pid_reused")
    journal = [json.loads(p.read_text()) for p in journals.glob("*.json")]
    assert len(journal) == 1
    if case == "pid_reused":
        assert journal[0]["pid"] == 1  # a PID that is alive (init) outside the namespace
    else:
        for path in journals.glob("*.json"):
            path.unlink()
    with open_store(state_uri) as store:
        assert store.counts(SITE)["pending"] > 0, "nothing was left to recover"
    with serve(replica_root) as server:
        # The rerun writes into the same folder, where a journal-less recovery looks.
        second = run_crawl(
            out,
            {"base_url": server.url, "start": FIRST_DAY, "end": LAST_DAY},
            settings={k: v for k, v in settings.items() if k.startswith("NEWSCRAWL_STATE")},
        )
    assert second.returncode == 0, second.stderr[-2000:]
    with open_store(state_uri) as store:
        assert store.counts(SITE)["pending"] == 0, "claims of the killed run left pending"
    killed = _records(out, but="feed.jsonl")  # the killed run's records, kept beside
    assert killed and ".recovered-" in second.stderr
    union = compare(killed + second.records, replica_truth)
    assert not union.missing, union.report()  # recall 1.0: no claim was orphaned
    assert union.perfect(), union.report()
    assert not {r["url"] for r in killed} & {r["url"] for r in second.records}
    if case == "pid_reused":
        assert "Recovered interrupted run" in second.stderr
    else:
        # Without its journal the killed run's claims are matched against the feed files of
        # the folders this run writes to (and the default output folder), with a warning.
        assert "runs whose journal is missing confirmed from" in second.stderr


def test_a_first_run_killed_before_it_stored_anything_does_not_block_the_next(
    tmp_path: Path, replica_root: Path
) -> None:
    """A first run SIGKILLed in its first seconds (its journal written, no claim made) left a
    journal beside an empty store: every later run was refused as state_missing (exit 2,
    "it was deleted or emptied") until -a fresh=true. Its journal says it stored nothing."""
    state = tmp_path / "state" / "state.sqlite"
    settings = {**TEST_SETTINGS, "NEWSCRAWL_STATE_URI": f"sqlite://{state}"}
    days = {"start": FIRST_DAY, "end": LAST_DAY}
    with serve(replica_root, delay=30) as stalled:  # no listing answers before the kill
        cmd = crawl_command(
            {**days, "base_url": stalled.url}, settings, feed=tmp_path / "killed.jsonl"
        )
        proc = subprocess.Popen(
            cmd, cwd=PROJECT, env=crawl_env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        deadline = time.monotonic() + 120
        while not list(state.parent.glob("**/limitedtimes-*.json")):
            assert proc.poll() is None and time.monotonic() < deadline, "no journal written"
            time.sleep(0.05)
        proc.kill()
        proc.wait(timeout=30)
    journal = json.loads(next(state.parent.glob("**/limitedtimes-*.json")).read_text())
    with serve(replica_root) as server:
        result = run_crawl(tmp_path, {**days, "base_url": server.url}, timeout=240)
    assert result.returncode == 0, result.stderr[-3000:]
    assert len(result.records) == 60
    assert list(state.parent.glob("**/limitedtimes-*.json")) == []
    assert journal.get("stored") is False  # what the killed run's journal said
