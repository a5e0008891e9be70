"""Run the real ``scrapy crawl`` in a subprocess and read back its feed and stats."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

PROJECT = Path(__file__).resolve().parents[2]

#: Politeness off and no remote control: tests talk to 127.0.0.1 only.
TEST_SETTINGS = {
    "AUTOTHROTTLE_ENABLED": "False",
    "DOWNLOAD_DELAY": "0",
    "TELNETCONSOLE_ENABLED": "False",
    "LOG_LEVEL": "INFO",
}


@dataclass
class CrawlResult:
    returncode: int
    records: list[dict[str, Any]]
    stats: dict[str, Any]
    stderr: str
    feed: Path


def run_crawl(
    tmp_path: Path,
    spider_args: dict[str, str],
    *,
    spider: str = "limitedtimes",
    feed_name: str = "feed.jsonl",
    settings: dict[str, str] | None = None,
    extra: list[str] | None = None,
    timeout: float = 300,
) -> CrawlResult:
    """Crawl with ``-O tmp_path/feed_name``; stats come from ``NEWSCRAWL_STATS_FILE``."""
    feed = tmp_path / feed_name
    stats_file = tmp_path / "stats.json"
    cmd = [sys.executable, "-m", "scrapy", "crawl", spider, "-O", str(feed)]
    for key, value in spider_args.items():
        cmd += ["-a", f"{key}={value}"]
    defaults = {
        **TEST_SETTINGS,
        "NEWSCRAWL_STATS_FILE": str(stats_file),
        "NEWSCRAWL_STATE_URI": f"sqlite://{tmp_path / 'state' / 'state.sqlite'}",
    }
    for key, value in {**defaults, **(settings or {})}.items():
        cmd += ["-s", f"{key}={value}"]
    cmd += extra or []
    env = {**os.environ, "PYTHONPATH": str(PROJECT)}
    proc = subprocess.run(
        cmd, cwd=PROJECT, env=env, capture_output=True, text=True, timeout=timeout, check=False
    )
    records: list[dict[str, Any]] = []
    if feed.exists() and feed.suffix == ".jsonl":
        records = [
            json.loads(line) for line in feed.read_text(encoding="utf-8").splitlines() if line
        ]
    stats = json.loads(stats_file.read_text(encoding="utf-8")) if stats_file.exists() else {}
    return CrawlResult(proc.returncode, records, stats, proc.stderr, feed)
