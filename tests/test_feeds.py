"""Feeds that confirm their writes: bad targets stop the run first, a full disk loses nothing."""

from __future__ import annotations

import contextlib
import json
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from devtools.server import ReplicaServer, serve
from devtools.truth import compare
from newscrawl.exitcodes import BAD_ARGUMENTS, FEED
from newscrawl.state import open_store
from newscrawl.state.run import feed_keys
from tests.helpers.crawl import PROJECT, TEST_SETTINGS, crawl_command, crawl_env, run_crawl

FIRST_DAY, LAST_DAY = "2022-01-09", "2022-01-14"
ARGS = {"start": FIRST_DAY, "end": LAST_DAY}


def _lines(path: Path) -> list[dict[str, Any]]:
    return [json.loads(raw) for raw in path.read_bytes().split(b"\n")[:-1]] if path.exists() else []


@contextlib.contextmanager
def small_filesystem(where: Path, size: str, *, read_only: bool = False) -> Iterator[Path]:
    """A real tmpfs of ``size`` mounted at ``where`` (CI runs as root)."""
    where.mkdir(parents=True, exist_ok=True)
    options = f"size={size}" + (",ro" if read_only else "")
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(where)],
        capture_output=True,
        text=True,
        check=False,
    )
    if mounted.returncode != 0:
        pytest.fail(f"cannot mount a tmpfs at {where} (run as root): {mounted.stderr.strip()}")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], check=False)


def _refused(
    tmp_path: Path, server: ReplicaServer, *extra: str
) -> subprocess.CompletedProcess[str]:
    settings = {**TEST_SETTINGS, "NEWSCRAWL_STATE_URI": f"sqlite://{tmp_path / 'st' / 's.sqlite'}"}
    cmd = crawl_command({"base_url": server.url, **ARGS}, settings) + list(extra)
    return subprocess.run(
        cmd, cwd=PROJECT, env=crawl_env(), capture_output=True, text=True, timeout=60, check=False
    )


def test_bad_feed_targets_stop_the_run_before_any_request(
    replica_root: Path, tmp_path: Path
) -> None:
    a_file = tmp_path / "a-file"
    a_file.write_text("not a folder")
    with (
        serve(replica_root) as server,
        small_filesystem(tmp_path / "ro", "64k", read_only=True) as read_only,
    ):
        cases = {
            "folder is a file": ["-s", f"NEWSCRAWL_OUTPUT_DIR={a_file}"],
            "/proc": ["-O", "/proc/x/a.jsonl"],
            "read-only folder": ["-O", str(read_only / "a.jsonl")],
            # written as the file y.csv before: the slash names a folder
            "trailing slash": ["-O", f"{tmp_path}/out/y.csv/"],
        }
        for case, extra in cases.items():
            proc = _refused(tmp_path, server, *extra)
            assert proc.returncode == BAD_ARGUMENTS, (case, proc.stderr[-2000:])
            lines = proc.stderr.strip().splitlines()
            assert len(lines) == 1 and lines[0].startswith("newscrawl: error: feed "), (case, lines)
            assert "Traceback" not in proc.stderr
        assert server.request_log == [], "a request was made before the feed was checked"
    # Nothing was recorded (the state store was not even opened): the next good run exports
    # every article, as the first run over a site does.
    assert not (tmp_path / "st").exists()


def test_disk_full_mid_run_fails_and_the_next_run_exports_the_rest(
    replica_root: Path, replica_truth: list[dict[str, Any]], tmp_path: Path
) -> None:
    state_uri = f"sqlite://{tmp_path / 'state' / 'state.sqlite'}"
    settings = {
        **TEST_SETTINGS,
        "NEWSCRAWL_STATE_URI": state_uri,
        "NEWSCRAWL_STATE_COMMIT_ITEMS": "5",
        "NEWSCRAWL_STATS_FILE": str(tmp_path / "stats.json"),
    }
    # 60 articles make about 190 KB of JSON lines: a 100 KB disk fills mid-run.
    with serve(replica_root) as server, small_filesystem(tmp_path / "small", "100k") as small:
        feed = small / "feed.jsonl"
        cmd = crawl_command({"base_url": server.url, **ARGS}, settings, feed=feed)
        full = subprocess.run(
            cmd, cwd=PROJECT, env=crawl_env(), capture_output=True, text=True, timeout=120
        )
        # A failed run replaces no feed: its records are kept as feed.partial-<time>.jsonl.
        assert not feed.exists()
        (partial,) = [p for p in small.glob("feed.partial-*") if p.suffix == ".jsonl"]
        written = _lines(partial)  # every line whole: the failed write was cut back
        assert partial.read_bytes().endswith(b"\n")
        stats = json.loads((tmp_path / "stats.json").read_text())
        with open_store(state_uri) as store:
            counts = store.counts("limitedtimes")
        second = run_crawl(
            tmp_path / "2",
            {"base_url": server.url, **ARGS},
            settings={"NEWSCRAWL_STATE_URI": state_uri},
        )
    assert full.returncode == FEED, full.stderr[-3000:]
    assert "Traceback" not in full.stderr
    assert stats["finish_reason"] == "feed_failed"
    assert "No space left on device" in full.stderr
    # The log ends with one ERROR line naming the cause.
    assert "ERROR: Run failed (exit code 6, feed_failed)" in full.stderr.strip().splitlines()[-1]
    assert 0 < len(written) < len(replica_truth)
    # The store records exactly the lines the feed holds.
    assert counts["exported"] == len(written) and counts["pending"] == 0
    assert second.returncode == 0, second.stderr[-2000:]
    union = compare(written + second.records, replica_truth)
    assert union.perfect(), union.report()
    assert not {r["url"] for r in written} & {r["url"] for r in second.records}


def test_a_closed_standard_output_fails_the_feed_and_loses_no_article(
    replica_root: Path, replica_truth: list[dict[str, Any]], tmp_path: Path
) -> None:
    """``scrapy crawl limitedtimes -o - | head``: Scrapy logged a BrokenPipeError traceback per
    article, exited 0, and the state counted every article as exported (none reached anyone)."""
    state_uri = f"sqlite://{tmp_path / 'state' / 'state.sqlite'}"
    settings = {**TEST_SETTINGS, "NEWSCRAWL_STATE_URI": state_uri}
    with serve(replica_root) as server:
        cmd = crawl_command({"base_url": server.url, **ARGS}, settings) + ["-o", "-:jsonlines"]
        proc = subprocess.Popen(
            cmd, cwd=PROJECT, env=crawl_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE
        )
        assert proc.stdout is not None and proc.stderr is not None
        first = json.loads(proc.stdout.readline())
        proc.stdout.close()
        err = proc.stderr.read().decode()
        proc.stderr.close()
        assert proc.wait(timeout=120) == FEED, err[-3000:]
        with open_store(state_uri) as store:
            exported = store.counts("limitedtimes")["exported"]
        second = run_crawl(tmp_path / "2", {"base_url": server.url, **ARGS}, settings=settings)
    assert "Traceback" not in err
    last = err.strip().splitlines()[-1]
    assert (
        "ERROR: Run failed (exit code 6, feed_failed): Feed failure: <standard output>: "
        "Broken pipe" in last
    ), last
    assert first["url"] and exported < len(replica_truth)
    # Only what the pipe took before its last commit is exported; the next run exports the rest.
    assert second.returncode == 0, second.stderr[-2000:]
    assert exported + len(second.records) == len(replica_truth)


def test_a_bare_dash_is_standard_output_and_a_name_without_format_is_one_line(
    replica_server: ReplicaServer, tmp_path: Path
) -> None:
    """``-o -`` (as docs/exit-codes.md writes it) was refused with Scrapy's "Unrecognized output
    format ''. Set a supported one (('json', ...))": Scrapy wanted ``-o -:jsonlines``. It is JSON
    lines now, as ``scrapy extract`` writes standard output. A folder or a name without an
    extension was the same tuple-laden line; now one line names it and what to write."""
    settings = {**TEST_SETTINGS, "NEWSCRAWL_STATE_URI": f"sqlite://{tmp_path / 's.sqlite'}"}
    one_day = {"start": "2022-01-10", "end": "2022-01-10"}
    cmd = crawl_command({"base_url": replica_server.url, **one_day}, settings)
    proc = subprocess.run(
        [*cmd, "-o", "-"], cwd=PROJECT, env=crawl_env(), capture_output=True, text=True, timeout=120
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    records = [json.loads(line) for line in proc.stdout.splitlines()]
    assert records and all(record["url"] for record in records)
    with open_store(settings["NEWSCRAWL_STATE_URI"]) as store:
        assert store.counts("limitedtimes")["exported"] == len(records)
    (tmp_path / "out").mkdir()
    for option, value, why in (
        (
            "-O",
            tmp_path / "out",
            f"is a folder; name a file in it ({tmp_path / 'out'}/articles.jsonl)",
        ),
        (
            "-o",
            tmp_path / "articles",
            "names no format: end it in .jsonl, .csv or .json, or add one after a colon "
            f"({tmp_path / 'articles'}:jsonl)",
        ),
    ):
        proc = subprocess.run(
            [*cmd, option, str(value)],
            cwd=PROJECT,
            env=crawl_env(),
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert proc.returncode == BAD_ARGUMENTS, proc.stderr[-2000:]
        assert proc.stderr.splitlines() == [f"newscrawl: error: feed {value} {why}"]
    assert list((tmp_path / "out").iterdir()) == [] and not (tmp_path / "articles").exists()


def test_a_second_run_writing_the_same_feed_at_once_is_refused(
    replica_server: ReplicaServer, replica_truth: list[dict[str, Any]], tmp_path: Path
) -> None:
    """Two runs over one state with the same ``-O same.jsonl`` at once: each exported its share
    (59 and 1 articles, both exit 0), and the later rename over the file left only the later
    run's records; the state counted all 60 as exported, so 59 were lost. The second run is now
    refused before its first request; the first one's feed holds every article."""
    state_uri = f"sqlite://{tmp_path / 'state.sqlite'}"
    settings = {**TEST_SETTINGS, "NEWSCRAWL_STATE_URI": state_uri, "DOWNLOAD_DELAY": "0.05"}
    feed = tmp_path / "same.jsonl"
    cmd = crawl_command({"base_url": replica_server.url, **ARGS}, settings) + ["-O", str(feed)]
    first = subprocess.Popen(
        cmd, cwd=PROJECT, env=crawl_env(), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    try:
        deadline = time.monotonic() + 120
        while not list(tmp_path.glob(".same.jsonl.newscrawl-*.part")):  # the first run writes
            assert first.poll() is None and time.monotonic() < deadline, "the first run ended"
            time.sleep(0.1)
        second = subprocess.run(
            cmd, cwd=PROJECT, env=crawl_env(), capture_output=True, text=True, timeout=120
        )
        err = first.communicate(timeout=120)[1].decode()
        assert first.returncode == 0, err[-2000:]
    finally:
        if first.poll() is None:
            first.kill()
            first.communicate()
    assert second.returncode == BAD_ARGUMENTS, second.stderr[-2000:]
    lock = tmp_path / ".same.jsonl.newscrawl.lock"
    assert second.stderr.splitlines() == [
        f"newscrawl: error: feed {feed} is being written by another run (it holds {lock}); run "
        "this one after it ends, or give it another feed"
    ]
    assert compare(_lines(feed), replica_truth).perfect()
    with open_store(state_uri) as store:
        assert store.counts("limitedtimes")["exported"] == len(_lines(feed))
    assert not lock.exists()  # removed when the run ended


def test_append_after_a_torn_line_starts_on_a_fresh_line(
    replica_server: ReplicaServer, tmp_path: Path
) -> None:
    feed = tmp_path / "feed.jsonl"
    whole = json.dumps({"url": "https://old.example/1", "source_url": "https://src/old"})
    feed.write_text(whole + "\n" + '{"url": "https://old.example/2", "bo', encoding="utf-8")
    settings = {**TEST_SETTINGS, "NEWSCRAWL_STATE_URI": f"sqlite://{tmp_path / 's.sqlite'}"}
    one_day = {"start": "2022-01-10", "end": "2022-01-10"}
    cmd = crawl_command({"base_url": replica_server.url, **one_day}, settings) + ["-o", str(feed)]
    proc = subprocess.run(
        cmd, cwd=PROJECT, env=crawl_env(), capture_output=True, text=True, timeout=120
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "torn line" in proc.stderr
    raw = feed.read_bytes().split(b"\n")
    assert raw[0] == whole.encode() and raw[1] == b'{"url": "https://old.example/2", "bo'
    records = [json.loads(line) for line in raw[2:] if line]  # every appended line is whole
    assert records and all(r["url"].startswith(replica_server.url) for r in records)
    assert len({r["url"] for r in records}) == len(records)
    keys, _ = feed_keys(feed)
    assert len(keys) == 1 + len(records)  # the fragment is no record
