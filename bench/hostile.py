"""Bounded work against hostile sites: seconds and peak memory of the real crawl.

Usage (from the project root)::

    .venv/bin/python bench/hostile.py
    .venv/bin/python bench/hostile.py --cards 100000 --only listing

Three crawls, each ``scrapy crawl limitedtimes`` in a subprocess (politeness off, a throwaway
state store and feed; DOWNLOAD_TIMEOUT and retries left at the project's values):

- ``listing``: one listing page of ``--cards`` cards (generated in memory by
  ``tests/helpers/faulty_server.py``'s ``/cards``, about 12 MB for 100,000), each a dead link.
  Goal: under 60 s and under 300 MB peak RSS; requests at most NEWSCRAWL_LISTING_MAX_CARDS plus
  a few; log lines a handful, not one per card.
- ``refused``: ``-a start=2022-01-09`` with no ``end`` against a port nothing listens on (about
  1,800 days to walk). Goal: exit code 4 in under 60 s.
- ``silent``: the same against a port that accepts connections and never answers. Goal: exit
  code 4 in under 60 s.

Measured on the subprocess: wall time, peak RSS (``ru_maxrss`` of the crawl alone:
``devtools.peakrss``), exit code, requests (Scrapy's stats) and the lines it logged. Prints
PASS / FAIL per goal; exits 0.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[0] = str(ROOT)  # bench/ off the path (see scale.py); the project on it

from devtools.peakrss import run_measured  # noqa: E402
from tests.helpers.crawl import TEST_SETTINGS, crawl_command, crawl_env  # noqa: E402
from tests.helpers.faulty_server import FaultyServer  # noqa: E402

REPLICA = ROOT / "tests" / "fixtures" / "replica" / "site"
GOAL_SECONDS = 60.0
GOAL_MB = 300.0
DEAD = "newscrawl/articles/dead_links"


@dataclass
class Measure:
    """One crawl subprocess: how long, how much memory, how it ended, what it logged."""

    seconds: float
    peak_mb: float
    code: int
    requests: int
    log_lines: int
    last_line: str
    stats: dict[str, object]


def crawl(spider_args: dict[str, str], folder: Path) -> Measure:
    """Run one crawl in a subprocess and measure it."""
    stats_file = folder / "stats.json"
    settings = {
        **TEST_SETTINGS,
        "NEWSCRAWL_STATS_FILE": str(stats_file),
        "NEWSCRAWL_STATE_URI": f"sqlite://{folder / 'state.sqlite'}",
    }
    cmd = crawl_command(spider_args, settings, feed=folder / "feed.jsonl")
    log = folder / "stderr.log"
    started = time.monotonic()
    with log.open("wb") as err:
        run = run_measured(cmd, cwd=ROOT, env=crawl_env(), stderr=err)
    seconds = time.monotonic() - started
    lines = log.read_text(encoding="utf-8", errors="replace").splitlines()
    stats = json.loads(stats_file.read_text()) if stats_file.exists() else {}
    return Measure(
        seconds=seconds,
        peak_mb=run.peak_rss_mb,
        code=run.returncode,
        requests=int(stats.get("downloader/request_count", 0)),
        log_lines=len(lines),
        last_line=lines[-1] if lines else "",
        stats=stats,
    )


@contextmanager
def silent_port() -> Iterator[int]:
    """A 127.0.0.1 port that accepts connections (the kernel's backlog) and never answers."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen(1024)
        yield sock.getsockname()[1]


def dead_port() -> int:
    """A 127.0.0.1 port nothing listens on."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


def verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def report(name: str, m: Measure, *, memory: bool) -> None:
    """Print one crawl's figures and its goals."""
    elapsed = float(str(m.stats.get("elapsed_time_seconds", "nan")))
    print(
        f"{name}: {m.seconds:.1f} s (crawl {elapsed:.1f} s), peak RSS {m.peak_mb:.0f} MB, "
        f"exit {m.code}, {m.requests} requests, {m.log_lines} log lines"
    )
    print(f"  last line: {m.last_line[:200]}")
    print(f"  {verdict(m.seconds < GOAL_SECONDS)} under {GOAL_SECONDS:.0f} s", end="")
    if memory:
        print(f"; {verdict(m.peak_mb < GOAL_MB)} under {GOAL_MB:.0f} MB")
    else:
        print(f"; {verdict(m.code == 4)} exit code 4")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--cards", type=int, default=100_000)
    parser.add_argument("--only", choices=("listing", "refused", "silent"))
    opts = parser.parse_args()
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    with tempfile.TemporaryDirectory(prefix="hostile-") as tmp:
        base = Path(tmp)
        if opts.only in (None, "listing"):
            with FaultyServer(REPLICA, cards=opts.cards) as server:
                size = len(server.cards_page())
                folder = base / "listing"
                folder.mkdir()
                m = crawl({"base_url": server.url, "categories": "cards"}, folder)
            print(f"listing page of {opts.cards} cards ({size / 1e6:.1f} MB)")
            report("  listing", m, memory=True)
            over = m.stats.get("newscrawl/listings/cards_over_cap", 0)
            print(f"  cards over the cap {over}, dead links {m.stats.get(DEAD, 0)}")
        if opts.only in (None, "refused"):
            folder = base / "refused"
            folder.mkdir()
            m = crawl(
                {"base_url": f"http://127.0.0.1:{dead_port()}", "start": "2022-01-09"}, folder
            )
            print("unreachable site (connection refused), start=2022-01-09, no end")
            report("  refused", m, memory=False)
        if opts.only in (None, "silent"):
            folder = base / "silent"
            folder.mkdir()
            with silent_port() as port:
                m = crawl({"base_url": f"http://127.0.0.1:{port}", "start": "2022-01-09"}, folder)
            print("unreachable site (accepts, never answers), start=2022-01-09, no end")
            report("  silent", m, memory=False)


if __name__ == "__main__":
    main()
