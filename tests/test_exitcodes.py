"""Exit codes a timer can act on: a run that got nothing is not a success.

(A run with nothing new exits 0: tests/test_incremental.py, the second run.)
"""

from __future__ import annotations

import socket
from pathlib import Path

from devtools.server import ReplicaServer
from newscrawl.exitcodes import SITE_UNREACHABLE, STATE, UNKNOWN_CATEGORY
from tests.helpers.crawl import run_crawl


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
