"""Exactly once across runs: a killed run, a failed run, a lost state, a killed FTP server.

Every scenario is the real ``scrapy crawl`` over the replica on 127.0.0.1, killed with a real
SIGKILL where it says so, then rerun; the figures are counted over every feed file the runs
left (:func:`figures`: records, articles there twice, articles in no feed). docs/faults.md
("Exactly once: scenarios") has them before and after.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from devtools.server import serve
from devtools.truth import compare
from newscrawl.state import open_store
from newscrawl.state.records import feed_records
from tests.helpers.crawl import PROJECT, TEST_SETTINGS, crawl_command
from tests.helpers.ftp_server import PASSWORD, FtpServer

DAYS = {"start": "2022-01-09", "end": "2022-01-14"}
SITE = "limitedtimes"


@dataclass
class Figures:
    """What the feeds of a scenario's runs hold, counted by article."""

    exported: int
    twice: int
    lost: int


@dataclass
class Run:
    returncode: int
    stderr: str


def figures(folder: Path, truth: list[dict[str, Any]]) -> Figures:
    """Records of every feed file under ``folder`` (not reports, not hidden staged files),
    matched to the truth by their aggregator URL."""
    records: list[dict[str, Any]] = []
    for path in sorted(folder.rglob("*")):
        if path.is_file() and not path.name.startswith(".") and "report" not in path.name:
            records += [{"url": r.get("url")} for r in feed_records(path)]
    comparison = compare(records, truth)
    return Figures(len(records), len(comparison.duplicates), len(comparison.missing))


def settings_for(tmp_path: Path) -> dict[str, str]:
    return {
        **TEST_SETTINGS,
        "CONCURRENT_REQUESTS": "2",
        "NEWSCRAWL_STATE_URI": f"sqlite://{tmp_path / 'state' / 'state.sqlite'}",
        "NEWSCRAWL_OUTPUT_DIR": str(tmp_path / "output"),
        "NEWSCRAWL_STATE_COMMIT_ITEMS": "5",
        "NEWSCRAWL_STATE_COMMIT_SECONDS": "60",  # commits by count only: the kill is deterministic
    }


def _env(project: Path) -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(project)}


def crawl(
    feed_args: list[str],
    base_url: str,
    settings: dict[str, str],
    *,
    project: Path = PROJECT,
    spider_args: dict[str, str] | None = None,
) -> Run:
    """One ``scrapy crawl`` to the end."""
    cmd = crawl_command({"base_url": base_url, **DAYS, **(spider_args or {})}, settings)
    proc = subprocess.run(
        cmd + feed_args,
        cwd=project,
        env=_env(project),
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    return Run(proc.returncode, proc.stderr)


def _records_in(folder: Path) -> int:
    total = 0
    for path in folder.iterdir() if folder.is_dir() else []:
        if path.is_file() and "report" not in path.name:
            total += sum(1 for _ in feed_records(path))
    return total


@contextmanager
def running(cmd: list[str], log: Path, project: Path) -> Iterator[subprocess.Popen[bytes]]:
    with log.open("w") as err:
        proc = subprocess.Popen(
            cmd, cwd=project, env=_env(project), stdout=subprocess.DEVNULL, stderr=err
        )
    try:
        yield proc
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait(30)


def killed_run(
    tmp_path: Path,
    replica_root: Path,
    feed_args: list[str],
    watch: Path,
    *,
    project: Path = PROJECT,
    records: int = 12,
) -> None:
    """A crawl SIGKILLed once ``watch`` holds ``records`` complete records (a slow server)."""
    settings = settings_for(tmp_path)
    with serve(replica_root, delay=0.05) as slow:
        cmd = crawl_command({"base_url": slow.url, **DAYS}, settings) + feed_args
        with running(cmd, tmp_path / "killed.log", project) as proc:
            deadline = time.monotonic() + 60
            while proc.poll() is None and time.monotonic() < deadline:
                written = _records_in(watch)
                if written >= records and written % 5:  # some written since the last commit
                    break
                time.sleep(0.02)
            assert proc.poll() is None, (tmp_path / "killed.log").read_text()[-3000:]
            proc.send_signal(signal.SIGKILL)
    with open_store(settings["NEWSCRAWL_STATE_URI"]) as store:
        counts = store.counts(SITE)
    assert counts["exported"] and counts["pending"], counts  # committed and uncommitted both


def kill_then_rerun(
    tmp_path: Path,
    replica_root: Path,
    feed: str,
    *,
    project: Path = PROJECT,
    rerun_feed: str | None = None,
) -> tuple[Run, Path]:
    """Kill a run writing ``-O out/FEED``, rerun with the same ``-O`` (or ``rerun_feed``);
    returns the rerun and ``out``."""
    out = tmp_path / "out"
    out.mkdir(parents=True)
    killed_run(tmp_path, replica_root, ["-O", str(out / feed)], out, project=project)
    with serve(replica_root) as server:
        target = out / (rerun_feed or feed)
        rerun = crawl(["-O", str(target)], server.url, settings_for(tmp_path), project=project)
    return rerun, out


FORMATS = ["o.jsonl", "a.csv", "a.json", "a.txt:jsonl"]


def test_a_rerun_after_a_kill_keeps_and_repeats_nothing(
    replica_root: Path, replica_truth: list[dict[str, Any]], tmp_path: Path
) -> None:
    """JSON lines, CSV, a JSON array and JSON lines under another name, side by side (four
    scenarios at once: each its own server, state and folder)."""
    with ThreadPoolExecutor(len(FORMATS)) as pool:
        done = pool.map(
            lambda feed: kill_then_rerun(tmp_path / feed.replace(":", "-"), replica_root, feed),
            FORMATS,
        )
        results = dict(zip(FORMATS, done, strict=True))
    for feed, (rerun, out) in results.items():
        assert rerun.returncode == 0, (feed, rerun.stderr[-3000:])
        assert "Recovered interrupted run" in rerun.stderr, feed
        assert figures(out, replica_truth) == Figures(len(replica_truth), 0, 0), feed
        # The killed run's records stayed, beside the new feed, under a name the log gives.
        kept = [p for p in out.iterdir() if ".recovered-" in p.name]
        assert len(kept) == 1 and f"kept as {kept[0]}" in rerun.stderr, feed
        # ... cut back to its complete records: it reads as a whole feed of its format.
        data = kept[0].read_bytes()
        assert data.endswith(b"\n"), feed
        if kept[0].suffix == ".json":
            assert len(json.loads(data)) == sum(1 for _ in feed_records(kept[0]))
        assert not [p for p in out.iterdir() if p.name.startswith(".")], feed


def test_a_failed_run_leaves_the_earlier_feed_alone(
    replica_root: Path, replica_truth: list[dict[str, Any]], tmp_path: Path
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    settings = settings_for(tmp_path)
    # The feed of an earlier run that finished: one line per article of the copy.
    lines = [json.dumps({"url": "http://x" + t["aggregator_url"]}) + "\n" for t in replica_truth]
    (out / "keep.jsonl").write_text("".join(lines), encoding="utf-8")
    before = (out / "keep.jsonl").read_bytes()
    # Nothing listens on port 9: the site is unreachable, exit code 4.
    failed = crawl(
        ["-O", str(out / "keep.jsonl")], "http://127.0.0.1:9", {**settings, "RETRY_TIMES": "0"}
    )
    assert failed.returncode == 4, failed.stderr[-3000:]
    assert (out / "keep.jsonl").read_bytes() == before, "the failed run replaced the feed"
    assert "is left as it was" in failed.stderr
    assert sorted(p.name for p in out.iterdir() if "report" not in p.name) == ["keep.jsonl"]
    assert figures(out, replica_truth) == Figures(len(replica_truth), 0, 0)
    # A run stopped by SIGTERM (finish reason "shutdown") replaces nothing either: its
    # records, counted as exported, are kept beside under a name of their own.
    # A state of its own: the articles are new to it.
    other = {**settings, "NEWSCRAWL_STATE_URI": f"sqlite://{tmp_path / 'state2' / 's.sqlite'}"}
    with serve(replica_root, delay=0.05) as slow:
        cmd = crawl_command({"base_url": slow.url, **DAYS}, other)
        with running(cmd + ["-O", str(out / "keep.jsonl")], tmp_path / "term.log", PROJECT) as p:
            while p.poll() is None and _records_in(out) < 60 + 8:
                time.sleep(0.02)
            p.send_signal(signal.SIGTERM)
            p.wait(60)
    log = (tmp_path / "term.log").read_text()
    assert (out / "keep.jsonl").read_bytes() == before, log[-3000:]
    (partial,) = [p for p in out.glob("keep.partial-*.jsonl")]
    kept = sum(1 for _ in feed_records(partial))
    assert f"is left as it was; the {kept} records this run wrote are in {partial}" in log
    # Every record kept is counted as exported, nothing is left pending, and no page of an
    # article the copy exports is marked fetched without its record (a later run would skip it).
    # Other fetched pages are later copies dropped as duplicates (or dead links): counted too.
    written = {record["url"] for record in feed_records(partial)}
    urls = [slow.url + t["aggregator_url"] for t in replica_truth]
    with open_store(other["NEWSCRAWL_STATE_URI"]) as store:
        counts = store.counts(SITE)
        marks = store.pages_fetched(SITE, urls)
    fetched = [url for url, done in zip(urls, marks, strict=True) if done]
    assert (counts["exported"], counts["pending"]) == (kept, 0)
    assert counts["pages"] >= kept
    assert [url for url in fetched if url not in written] == []


def test_a_feed_recovery_could_not_read_is_refused_at_start(tmp_path: Path) -> None:
    with serve(tmp_path) as server:  # an empty site: nothing may be requested at all
        refused = crawl(["-O", str(tmp_path / "a.xml")], server.url, settings_for(tmp_path))
        assert server.request_log == []
    assert refused.returncode == 2, refused.stderr[-3000:]
    assert "cannot be recovered after a crash: format 'xml'" in refused.stderr
    assert "Traceback" not in refused.stderr
    assert not (tmp_path / "a.xml").exists()


def test_a_vanished_state_is_refused(
    replica_root: Path, replica_truth: list[dict[str, Any]], tmp_path: Path
) -> None:
    settings = settings_for(tmp_path)
    state = tmp_path / "state" / "state.sqlite"
    with serve(replica_root) as server:
        first = crawl([], server.url, settings)  # the default feed: output/<spider>/<time>.jsonl
        assert first.returncode == 0, first.stderr[-3000:]
        for how in ("truncated", "deleted"):
            if how == "truncated":
                state.write_bytes(b"")
            else:
                state.unlink()
            refused = crawl([], server.url, settings)
            assert refused.returncode == 2, (how, refused.stderr[-3000:])
            assert "holds nothing for limitedtimes although 1 feeds of earlier runs" in (
                refused.stderr
            )
            assert "Traceback" not in refused.stderr
            assert figures(tmp_path / "output", replica_truth) == Figures(len(replica_truth), 0, 0)
            # the refused run leaves no empty feed of its own beside the first run's
            assert len(list((tmp_path / "output").rglob("*.jsonl"))) == 1
        again = crawl([], server.url, settings, spider_args={"fresh": "true"})
    assert again.returncode == 0, again.stderr[-3000:]
    assert figures(tmp_path / "output", replica_truth).twice == len(replica_truth)


def ftp_killed_then_rerun(
    tmp_path: Path, replica_root: Path, *, project: Path = PROJECT
) -> tuple[int, str, Run, Path]:
    """Kill the FTP server during the upload of ``-O ftp://.../feeds/run1.jsonl``, restart it,
    rerun with ``run2.jsonl`` (a new name per run, as the default feed has); returns the first
    run's exit code and log, the rerun and the server's feed folder."""
    remote = tmp_path / "ftp"
    feeds = remote / "feeds"
    settings = settings_for(tmp_path)
    with serve(replica_root) as server:
        # Uploads at 20 kB/s: the ~190 kB feed takes seconds, the kill lands mid-transfer.
        with FtpServer(remote, tmp_path, read_limit=20_000) as ftp:
            cmd = crawl_command({"base_url": server.url, **DAYS}, settings)
            cmd += ["-O", f"{ftp.url}/feeds/run1.jsonl"]
            with running(cmd, tmp_path / "upload.log", project) as proc:
                deadline = time.monotonic() + 90
                while proc.poll() is None and time.monotonic() < deadline:
                    sizes = [p.stat().st_size for p in feeds.glob("*")] if feeds.is_dir() else []
                    if sizes and max(sizes) > 40_000:
                        break
                    time.sleep(0.02)
                assert proc.poll() is None, (tmp_path / "upload.log").read_text()[-3000:]
                ftp.kill()
                code = proc.wait(120)
        with FtpServer(remote, tmp_path) as ftp:
            rerun = crawl(
                ["-O", f"{ftp.url}/feeds/run2.jsonl"], server.url, settings, project=project
            )
    return code, (tmp_path / "upload.log").read_text(), rerun, feeds


def test_an_ftp_server_killed_mid_upload_leaves_nothing_that_looks_whole(
    replica_root: Path, replica_truth: list[dict[str, Any]], tmp_path: Path
) -> None:
    code, log, rerun, feeds = ftp_killed_then_rerun(tmp_path, replica_root)
    assert code == 6, log[-3000:]  # the feed was not stored: exit code 6
    # Only the staged (hidden, .part) name of the cut upload, never run1.jsonl.
    assert [p.name for p in feeds.iterdir() if "run1" in p.name] == [
        p.name for p in feeds.iterdir() if p.name.startswith(".run1.jsonl.newscrawl-")
    ]
    assert rerun.returncode == 0, rerun.stderr[-3000:]
    assert figures(feeds, replica_truth) == Figures(len(replica_truth), 0, 0)
    # Scrapy logs the feed URI it stored or failed to store: without the FTP password.
    stored = f"Stored jsonl feed ({len(replica_truth)} items) in: ftp://feeds:***@"
    assert stored in rerun.stderr
    assert PASSWORD not in log and PASSWORD not in rerun.stderr
    # The failed upload is one line (Scrapy's "Error storing ...: <exception>"), no traceback.
    assert "Traceback" not in log and "Error storing jsonl feed" in log, log[-3000:]


def before_and_after(project: Path) -> None:
    """Print each scenario's figures with the code of ``project`` (docs/faults.md's table)."""
    import tempfile  # noqa: PLC0415

    root = PROJECT / "tests" / "fixtures" / "replica" / "site"
    truth = [json.loads(line) for line in (root.parent / "truth.jsonl").read_text().splitlines()]
    for name in ["o.jsonl", "a.csv", "a.json", "a.txt:jsonl"]:
        with tempfile.TemporaryDirectory() as tmp:
            run, out = kill_then_rerun(Path(tmp), root, name, project=project)
            print(f"kill -9, rerun -O {name}:", run.returncode, figures(out, truth))
        with tempfile.TemporaryDirectory() as tmp:
            other = "b." + name.split(".", 1)[1]
            run, out = kill_then_rerun(Path(tmp), root, name, project=project, rerun_feed=other)
            print(f"kill -9 -O {name}, rerun -O {other}:", run.returncode, figures(out, truth))
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "out"
        out.mkdir()
        killed_run(Path(tmp), root, ["-O", str(out / "o.jsonl")], out, project=project)
        for journal in (Path(tmp) / "state" / "journal").glob("*.json"):
            journal.unlink()
        with serve(root) as server:
            settings = settings_for(Path(tmp))
            run = crawl(["-O", str(out / "o2.jsonl")], server.url, settings, project=project)
        print("kill -9, journal deleted, rerun -O o2.jsonl:", run.returncode, figures(out, truth))
    with tempfile.TemporaryDirectory() as tmp, serve(root) as server:
        out, settings = Path(tmp) / "out", settings_for(Path(tmp))
        crawl(["-O", str(out / "keep.jsonl")], server.url, settings, project=project)
        failed = crawl(
            ["-O", str(out / "keep.jsonl")],
            "http://127.0.0.1:9",
            {**settings, "RETRY_TIMES": "0"},
            project=project,
        )
        print("failed run -O keep.jsonl:", failed.returncode, figures(out, truth))
    for how in ("truncated", "deleted"):
        with tempfile.TemporaryDirectory() as tmp, serve(root) as server:
            settings = settings_for(Path(tmp))
            crawl([], server.url, settings, project=project)
            state = Path(tmp) / "state" / "state.sqlite"
            state.write_bytes(b"") if how == "truncated" else state.unlink()
            again = crawl([], server.url, settings, project=project)
            print(f"state {how}:", again.returncode, figures(Path(tmp) / "output", truth))
    with tempfile.TemporaryDirectory() as tmp:
        code, _, rerun, feeds = ftp_killed_then_rerun(Path(tmp), root, project=project)
        print("FTP killed mid-upload:", code, rerun.returncode, figures(feeds, truth))


if __name__ == "__main__":  # python -m tests.test_exactly_once PROJECT
    before_and_after(Path(sys.argv[1]))
