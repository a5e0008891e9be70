"""Exit codes a timer can act on: a run that got nothing is not a success.

(A run with nothing new exits 0: tests/test_incremental.py, the second run.)
"""

from __future__ import annotations

import contextlib
import socket
import subprocess
import sys
from pathlib import Path

from devtools.server import ReplicaServer, serve
from newscrawl.exitcodes import SITE_UNREACHABLE, STATE, STATS, UNKNOWN_CATEGORY
from tests.helpers.crawl import PROJECT, TEST_SETTINGS, crawl_env, run_crawl
from tests.test_feeds import small_filesystem

REPLICA = PROJECT / "tests" / "fixtures" / "sites" / "limitedtimes" / "site"


def _dead_port() -> int:
    """A 127.0.0.1 port nothing listens on (bound, then closed)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


def test_unreachable_site_exits_non_zero_without_tracebacks(tmp_path: Path) -> None:
    base = f"http://127.0.0.1:{_dead_port()}"
    result = run_crawl(
        tmp_path,
        {"base_url": base, "start": "2022-01-10", "end": "2022-01-10"},
        settings={"RETRY_TIMES": "1"},
    )
    assert result.returncode == SITE_UNREACHABLE, result.stderr[-3000:]
    assert "Traceback" not in result.stderr
    assert result.stats["finish_reason"] == "site_unreachable"
    last = result.stderr.strip().splitlines()[-1]
    assert (
        f"ERROR: Run failed (exit code 4, site_unreachable): Site unreachable: no page of {base}"
        in last
    )


def test_unknown_category_exits_non_zero_after_the_rest_is_crawled(
    replica_server: ReplicaServer, tmp_path: Path
) -> None:
    result = run_crawl(
        tmp_path, {"base_url": replica_server.url, "categories": "nosuchcategory,news"}
    )
    assert result.returncode == UNKNOWN_CATEGORY, result.stderr[-3000:]
    assert result.records, "the category that exists was crawled all the same"
    assert {r["category"] for r in result.records} == {"news"}
    assert result.stats["finish_reason"] == "unknown_category"
    last = result.stderr.strip().splitlines()[-1]
    assert "(exit code 5, unknown_category): Unknown category: nosuchcategory" in last


def test_distributed_run_without_its_redis_is_one_line_and_exit_7(tmp_path: Path) -> None:
    redis_url = f"redis://127.0.0.1:{_dead_port()}/0"
    result = run_crawl(
        tmp_path,
        {"base_url": "http://127.0.0.1:9", "start": "2022-01-10", "end": "2022-01-10"},
        settings={"NEWSCRAWL_REDIS_URL": redis_url},
    )
    assert result.returncode == STATE, result.stderr[-3000:]
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("newscrawl: error: cannot reach Redis"), lines


def test_a_corrupt_state_store_is_exit_7_with_its_cause(tmp_path: Path) -> None:
    """A state file that is not a database (truncated, overwritten) is the state failing
    (code 7, state_failed), not a bad argument (code 2); the job log says its cause."""
    state = tmp_path / "state.sqlite"
    state.write_bytes(b"not a database, " * 1024)
    log = tmp_path / "job.log"
    result = run_crawl(
        tmp_path,
        {"base_url": "http://127.0.0.1:9", "start": "2022-01-10", "end": "2022-01-10"},
        settings={"NEWSCRAWL_STATE_URI": f"sqlite://{state}", "LOG_FILE": str(log)},
    )
    assert result.returncode == STATE, result.stderr[-3000:]
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("newscrawl: error: cannot open state"), lines
    assert "Run refused (exit code 7, state_failed): cannot open state store" in log.read_text()


def test_a_stats_file_that_cannot_be_written_at_the_end_fails_the_run(
    replica_server: ReplicaServer, tmp_path: Path
) -> None:
    """A full disk under ``NEWSCRAWL_STATS_FILE`` (a real 64 KiB tmpfs, filled): the file can
    be created at start, so the run starts; writing it at the end failed with a traceback in a
    signal handler and exit 0. Now one ERROR line, exit code 10 and the cause last."""
    with small_filesystem(tmp_path / "full", "64k") as full:
        with (full / "filler").open("wb") as filler, contextlib.suppress(OSError):
            filler.write(b"\0" * 128 * 1024)
        result = run_crawl(
            tmp_path,
            {"base_url": replica_server.url, "days": "1"},
            settings={"NEWSCRAWL_STATS_FILE": str(full / "stats.json")},
            timeout=120,
        )
        assert sorted(p.name for p in full.iterdir()) == ["filler"], "no stats, no temp file"
    assert result.returncode == STATS, result.stderr[-3000:]
    assert "Traceback" not in result.stderr
    errors = [line for line in result.stderr.splitlines() if "ERROR" in line]
    assert len(errors) == 2, errors  # the failure, then the run's last line naming it
    assert f"Stats file {full / 'stats.json'} could not be written (No space left" in errors[0]
    assert errors[1] == result.stderr.strip().splitlines()[-1]
    assert "ERROR: Run failed (exit code 10, stats_failed): Stats file " in errors[1]


def test_an_unwritable_stats_file_closes_a_bypassing_run_before_its_first_request(
    tmp_path: Path,
) -> None:
    """``scrapy runspider`` skips ``scrapy crawl``'s check (tests/test_settingspec.py has that
    one): the stats file refuses the run at spider_opened, before the state store opens."""
    with serve(REPLICA) as server:
        settings = {
            **TEST_SETTINGS,
            "NEWSCRAWL_STATS_FILE": "/proc/x.json",
            "NEWSCRAWL_STATE_URI": f"sqlite://{tmp_path / 'state' / 'state.sqlite'}",
            "NEWSCRAWL_OUTPUT_DIR": str(tmp_path / "output"),
        }
        spider = PROJECT / "newscrawl" / "sites" / "limitedtimes.py"
        cmd = [sys.executable, "-m", "scrapy", "runspider", str(spider), "-a", "days=1"]
        cmd += [a for k, v in settings.items() for a in ("-s", f"{k}={v}")]
        cmd += ["-a", f"base_url={server.url}"]
        proc = subprocess.run(
            cmd, cwd=PROJECT, env=crawl_env(), capture_output=True, text=True, timeout=120
        )
        assert server.request_log == []
    errors = [line for line in proc.stderr.splitlines() if "ERROR" in line or "Trace" in line]
    assert len(errors) == 1, proc.stderr[-3000:]
    assert (
        "Run refused (bad_settings): bad setting: NEWSCRAWL_STATS_FILE='/proc/x.json': cannot "
        "write in /proc" in errors[0]
    )
    assert "Spider closed (bad_settings)" in proc.stderr
    assert not (tmp_path / "state").exists(), "the state store was not opened"
