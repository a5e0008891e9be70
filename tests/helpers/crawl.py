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


def crawl_command(
    spider_args: dict[str, str],
    settings: dict[str, str] | None = None,
    *,
    feed: Path | None = None,
    spider: str = "limitedtimes",
) -> list[str]:
    """``python -m scrapy crawl SPIDER [-O feed] -a K=V ... -s K=V ...``."""
    cmd = [sys.executable, "-m", "scrapy", "crawl", spider]
    if feed is not None:
        cmd += ["-O", str(feed)]
    for key, value in spider_args.items():
        cmd += ["-a", f"{key}={value}"]
    for key, value in (settings or {}).items():
        cmd += ["-s", f"{key}={value}"]
    return cmd


def crawl_env(**extra: str) -> dict[str, str]:
    """The environment of a crawl subprocess: this checkout's package first."""
    return {**os.environ, "PYTHONPATH": str(PROJECT), **extra}


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
    defaults = {
        **TEST_SETTINGS,
        "NEWSCRAWL_STATS_FILE": str(stats_file),
        "NEWSCRAWL_STATE_URI": f"sqlite://{tmp_path / 'state' / 'state.sqlite'}",
    }
    cmd = crawl_command(spider_args, {**defaults, **(settings or {})}, feed=feed, spider=spider)
    proc = subprocess.run(
        cmd + (extra or []),
        cwd=PROJECT,
        env=crawl_env(),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    records: list[dict[str, Any]] = []
    if feed.exists() and feed.suffix == ".jsonl":
        records = [
            json.loads(line) for line in feed.read_text(encoding="utf-8").splitlines() if line
        ]
    stats = json.loads(stats_file.read_text(encoding="utf-8")) if stats_file.exists() else {}
    return CrawlResult(proc.returncode, records, stats, proc.stderr, feed)


def feed_files(feed: Path) -> list[Path]:
    """The files holding the records of ``-O feed`` (newscrawl.feeds.ConfirmedFileStorage):
    the feed once its run finished, else the staged file of a run still going (or killed), a
    failed run's ``.partial-`` file, a killed run's ``.recovered-`` file."""
    stem, dot, suffix = feed.name.rpartition(".")
    stem, suffix = (stem, dot + suffix) if dot and stem else (feed.name, "")
    found = [feed] if feed.exists() else []
    found += sorted(feed.parent.glob(f".{feed.name}.newscrawl-*.part"))
    for tag in ("partial", "recovered"):
        found += [
            p for p in sorted(feed.parent.glob(f"{stem}.{tag}-*{suffix}")) if p.suffix == suffix
        ]
    return found


def feed_lines(feed: Path) -> list[dict[str, Any]]:
    """The complete JSON lines of ``-O feed``, wherever they are (:func:`feed_files`)."""
    records: list[dict[str, Any]] = []
    for path in feed_files(feed):
        for raw in path.read_bytes().split(b"\n")[:-1]:
            try:
                records.append(json.loads(raw))
            except ValueError:
                continue
    return records
