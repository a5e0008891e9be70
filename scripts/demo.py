"""Crawl the bundled replica through the dev server and summarise what came out.

Runs ``scrapy crawl limitedtimes`` over the replica's whole archive day range with politeness off,
writes ``output/demo.jsonl`` and ``output/demo.csv`` (log: ``output/demo.log``), then prints the
articles exported, duplicates dropped, pages failed and how often each key field is filled.
Exits non-zero when the crawl fails. Usage: ``python scripts/demo.py [--root SITE] [--fail-first]``.
"""

from __future__ import annotations

import argparse
import json
import re
import shlex
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))  # run as a plain script from anywhere, without installing newscrawl

from devtools.server import serve  # noqa: E402 (needs the sys.path line above)

SPIDER = "limitedtimes"
DEFAULT_ROOT = REPO / "tests" / "fixtures" / "replica" / "site"
OUTPUT = REPO / "output"
FEED_JSONL = OUTPUT / "demo.jsonl"
FEED_CSV = OUTPUT / "demo.csv"
LOG_FILE = OUTPUT / "demo.log"
STATS_JSON = OUTPUT / "demo.stats.json"  # written by newscrawl.extensions.statsfile

DAY_RE = re.compile(r"\d{4}-\d{2}-\d{2}")
# One entry of the pprint-ed stats dict Scrapy logs at the end: 'key': 12 or 'key': 'text'.
STAT_RE = re.compile(r"'([^']+)': (\d+|'[^']*')")
FILLED_FIELDS: dict[str, tuple[str, ...]] = {
    "authors or agencies": ("authors", "agencies"),
    "published_at": ("published_at",),
    "modified_at": ("modified_at",),
    "media": ("media",),
    "body": ("body",),
    "source_url": ("source_url",),
}


def archive_day_range(root: Path) -> tuple[str, str]:
    """The first and last day among the replica's ``archive/YYYY-MM-DD`` folders."""
    days = sorted(p.name for p in (root / "archive").iterdir() if DAY_RE.fullmatch(p.name))
    if not days:
        raise SystemExit(f"no archive/YYYY-MM-DD folders under {root}")
    return days[0], days[-1]


def demo_feeds() -> dict[str, dict[str, Any]]:
    return {
        str(FEED_JSONL.relative_to(REPO)): {"format": "jsonlines", "overwrite": True},
        str(FEED_CSV.relative_to(REPO)): {"format": "csv", "overwrite": True},
    }


def crawl_command(base_url: str, start: str, end: str) -> list[str]:
    return [
        sys.executable,
        "-m",
        "scrapy",
        "crawl",
        SPIDER,
        "-a",
        f"base_url={base_url}",
        "-a",
        f"start={start}",
        "-a",
        f"end={end}",
        # -s FEEDS, not -O: -O adds to the project's FEEDS, and only these two files are wanted.
        "-s",
        f"FEEDS={json.dumps(demo_feeds())}",
        "-s",
        "AUTOTHROTTLE_ENABLED=False",
        "-s",
        "DOWNLOAD_DELAY=0",
        "-s",
        "ROBOTSTXT_OBEY=True",
        "-s",
        "LOG_LEVEL=INFO",
        "-s",
        f"LOG_FILE={LOG_FILE.relative_to(REPO)}",
        "-s",
        f"NEWSCRAWL_STATS_FILE={STATS_JSON.relative_to(REPO)}",
        # The demo keeps its own crawl state and ignores it (fresh): every demo exports it all.
        "-s",
        f"NEWSCRAWL_STATE_URI=sqlite://{OUTPUT / 'demo-state' / 'state.sqlite'}",
        "-a",
        "fresh=true",
    ]


def stats_from_log(log: str) -> dict[str, Any]:
    """The numbers and strings of the last "Dumping Scrapy stats:" block of a Scrapy log."""
    _, found, dump = log.rpartition("Dumping Scrapy stats:")
    if not found:
        return {}
    block = dump.split("}", 1)[0]  # the dict ends at the first closing brace
    return {
        key: int(value) if value.isdigit() else value.strip("'")
        for key, value in STAT_RE.findall(block)
    }


def read_stats(started: float) -> dict[str, Any]:
    stats: dict[str, Any] = {}
    if LOG_FILE.exists():
        stats.update(stats_from_log(LOG_FILE.read_text(encoding="utf-8", errors="replace")))
    if STATS_JSON.exists() and STATS_JSON.stat().st_mtime >= started:
        stats.update(json.loads(STATS_JSON.read_text(encoding="utf-8")))
    return stats


def is_filled(value: Any) -> bool:
    return value not in (None, "", [], {})


def summarise(records: list[dict[str, Any]], stats: dict[str, Any]) -> str:
    def stat(key: str) -> str:
        # Scrapy only records a counter once it is incremented: a finished run without it had 0.
        return str(stats.get(key, 0 if stats.get("finish_reason") == "finished" else "n/a"))

    lines = [
        f"articles exported:   {len(records)}",
        f"duplicates dropped:  {stat('newscrawl/dedup/dropped')}",
        f"pages failed:        {stat('newscrawl/pages/failed')}",
        "fields filled:",
    ]
    for label, keys in FILLED_FIELDS.items():
        filled = sum(1 for r in records if any(is_filled(r.get(k)) for k in keys))
        share = filled / len(records) if records else 0.0
        lines.append(f"  {label:<20} {filled:>5}/{len(records):<5} {share:6.1%}")
    return "\n".join(lines)


def expected_articles(root: Path) -> int | None:
    """The number of truth records next to a replica's site folder, if it has a truth.jsonl."""
    truth = root.parent / "truth.jsonl"
    if not truth.exists():
        return None
    return sum(1 for line in truth.read_text(encoding="utf-8").splitlines() if line.strip())


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--root", type=Path, default=DEFAULT_ROOT, help="replica site folder")
    parser.add_argument("--delay", type=float, default=0.0, help="server delay per response (s)")
    parser.add_argument(
        "--fail-first", action="store_true", help="server answers 500 to each article's first GET"
    )
    args = parser.parse_args(argv)

    start, end = archive_day_range(args.root)
    OUTPUT.mkdir(exist_ok=True)
    for stale in (FEED_JSONL, FEED_CSV, LOG_FILE):
        stale.unlink(missing_ok=True)

    started = time.time()
    with serve(args.root, delay=args.delay, fail_first=args.fail_first) as server:
        command = crawl_command(server.url, start, end)
        print(f"serving {args.root} at {server.url}")
        print(f"crawling {start}..{end}: {shlex.join(['scrapy', *command[3:]])}", flush=True)
        result = subprocess.run(command, cwd=REPO, check=False)
    elapsed = time.time() - started

    stats = read_stats(started)
    finish_reason = stats.get("finish_reason")
    problems = []
    if result.returncode != 0:
        problems.append(f"scrapy exited with status {result.returncode}")
    if finish_reason not in (None, "finished"):
        problems.append(f"crawl finished with reason {finish_reason!r}")
    if not FEED_JSONL.exists():
        problems.append(f"no feed written at {FEED_JSONL}")
    if problems:
        print("demo crawl FAILED: " + "; ".join(problems), file=sys.stderr)
        if LOG_FILE.exists():
            tail = LOG_FILE.read_text(encoding="utf-8", errors="replace").splitlines()[-30:]
            print(f"--- last lines of {LOG_FILE} ---", *tail, sep="\n", file=sys.stderr)
        return 1

    with FEED_JSONL.open(encoding="utf-8") as lines:
        records = [json.loads(line) for line in lines if line.strip()]
    print()
    print(summarise(records, stats))
    expected = expected_articles(args.root)
    if expected is not None:
        print(f"expected articles:   {expected} (truth.jsonl)")
    print(f"took {elapsed:.1f}s; feeds: {FEED_JSONL}, {FEED_CSV}; log: {LOG_FILE}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
