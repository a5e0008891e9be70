"""Crawl every bundled site's replica through the dev server and summarise what came out.

For each declared site with a bundled replica (``tests/fixtures/sites/<site>``: The Limited Times
and Press Digest), runs ``scrapy crawl <site>`` over the replica's whole archive day range with
politeness off, then writes all records into ``output/demo.jsonl`` and ``output/demo.csv``
(the ``site`` field tells them apart; logs: ``output/demo-<site>.log``) and prints, per site, the
articles exported, duplicates dropped, pages failed and how often each key field is filled. Exits
non-zero when a crawl fails. Usage: ``python scripts/demo.py [--site KEY ...] [--fail-first]``.
"""

from __future__ import annotations

import argparse
import csv
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

#: One folder per site key with its recorded replica (site/, truth.jsonl, manifest.json).
REPLICAS = REPO / "tests" / "fixtures" / "sites"
OUTPUT = REPO / "output"
FEED_JSONL = OUTPUT / "demo.jsonl"
FEED_CSV = OUTPUT / "demo.csv"

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


def site_files(site: str) -> dict[str, Path]:
    """Where one site's crawl writes: its feeds (merged afterwards), log and stats."""
    return {
        "jsonl": OUTPUT / f"demo-{site}.jsonl",
        "csv": OUTPUT / f"demo-{site}.csv",
        "log": OUTPUT / f"demo-{site}.log",
        "stats": OUTPUT / f"demo-{site}.stats.json",  # written by newscrawl.extensions.statsfile
    }


def archive_day_range(replica: Path) -> tuple[str, str]:
    """The first and last archive day of a replica (its manifest's ``archive_days``)."""
    manifest = json.loads((replica / "manifest.json").read_text(encoding="utf-8"))
    days = manifest.get("archive_days") or []
    if not days:
        raise SystemExit(f"no archive_days in {replica / 'manifest.json'}")
    return str(days[0]), str(days[-1])


def demo_feeds(site: str) -> dict[str, dict[str, Any]]:
    files = site_files(site)
    return {
        str(files["jsonl"].relative_to(REPO)): {"format": "jsonlines", "overwrite": True},
        str(files["csv"].relative_to(REPO)): {"format": "csv", "overwrite": True},
    }


def crawl_command(site: str, base_url: str, start: str, end: str) -> list[str]:
    files = site_files(site)
    return [
        sys.executable,
        "-m",
        "scrapy",
        "crawl",
        site,
        "-a",
        f"base_url={base_url}",
        "-a",
        f"start={start}",
        "-a",
        f"end={end}",
        # -s FEEDS, not -O: -O adds to the project's FEEDS, and only these two files are wanted.
        "-s",
        f"FEEDS={json.dumps(demo_feeds(site))}",
        "-s",
        "AUTOTHROTTLE_ENABLED=False",
        "-s",
        "DOWNLOAD_DELAY=0",
        "-s",
        "ROBOTSTXT_OBEY=True",
        "-s",
        "LOG_LEVEL=INFO",
        "-s",
        f"LOG_FILE={files['log'].relative_to(REPO)}",
        "-s",
        f"NEWSCRAWL_STATS_FILE={files['stats'].relative_to(REPO)}",
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


def read_stats(site: str, started: float) -> dict[str, Any]:
    files = site_files(site)
    stats: dict[str, Any] = {}
    if files["log"].exists():
        stats.update(stats_from_log(files["log"].read_text(encoding="utf-8", errors="replace")))
    if files["stats"].exists() and files["stats"].stat().st_mtime >= started:
        stats.update(json.loads(files["stats"].read_text(encoding="utf-8")))
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


def expected_articles(replica: Path) -> int | None:
    """The number of truth records of a replica, if it has a truth.jsonl."""
    truth = replica / "truth.jsonl"
    if not truth.exists():
        return None
    return sum(1 for line in truth.read_text(encoding="utf-8").splitlines() if line.strip())


def bundled_sites() -> list[str]:
    """The site keys with a bundled replica, in name order."""
    return sorted(p.name for p in REPLICAS.iterdir() if (p / "site").is_dir())


def crawl_site(site: str, args: argparse.Namespace) -> str | None:
    """Crawl one site's replica; None on success, else what went wrong."""
    replica = REPLICAS / site
    start, end = archive_day_range(replica)
    files = site_files(site)
    for stale in files.values():
        stale.unlink(missing_ok=True)
    started = time.time()
    root = replica / "site"
    with serve(root, delay=args.delay, fail_first=args.fail_first) as server:
        command = crawl_command(site, server.url, start, end)
        print(f"[{site}] serving {root.relative_to(REPO)} at {server.url}")
        print(
            f"[{site}] crawling {start}..{end}: {shlex.join(['scrapy', *command[3:]])}", flush=True
        )
        result = subprocess.run(command, cwd=REPO, check=False)
    elapsed = time.time() - started
    stats = read_stats(site, started)
    finish_reason = stats.get("finish_reason")
    problems = []
    if result.returncode != 0:
        problems.append(f"scrapy exited with status {result.returncode}")
    if finish_reason not in (None, "finished"):
        problems.append(f"crawl finished with reason {finish_reason!r}")
    if not files["jsonl"].exists():
        problems.append(f"no feed written at {files['jsonl']}")
    if problems:
        if files["log"].exists():
            tail = files["log"].read_text(encoding="utf-8", errors="replace").splitlines()[-30:]
            print(f"--- last lines of {files['log']} ---", *tail, sep="\n", file=sys.stderr)
        return "; ".join(problems)
    with files["jsonl"].open(encoding="utf-8") as lines:
        records = [json.loads(line) for line in lines if line.strip()]
    print(f"\n[{site}]")
    print(summarise(records, stats))
    expected = expected_articles(replica)
    if expected is not None:
        print(f"expected articles:   {expected} (truth.jsonl)")
    print(f"took {elapsed:.1f}s; log: {files['log']}\n")
    return None


def merge_feeds(sites: list[str]) -> int:
    """Every site's records into output/demo.jsonl and output/demo.csv (one CSV header)."""
    count = 0
    with FEED_JSONL.open("w", encoding="utf-8") as jsonl:
        for site in sites:
            text = site_files(site)["jsonl"].read_text(encoding="utf-8")
            lines = [line for line in text.splitlines() if line.strip()]
            jsonl.writelines(f"{line}\n" for line in lines)
            count += len(lines)
    with FEED_CSV.open("w", encoding="utf-8", newline="") as out:
        writer: Any = None  # a csv.writer once the first header is read
        for site in sites:
            with site_files(site)["csv"].open(encoding="utf-8", newline="") as part:
                rows = csv.reader(part)
                header = next(rows, None)
                if writer is None and header is not None:
                    writer = csv.writer(out)
                    writer.writerow(header)
                if writer is not None:
                    writer.writerows(rows)
    return count


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument(
        "--site", action="append", choices=bundled_sites(), help="only this site (repeatable)"
    )
    parser.add_argument("--delay", type=float, default=0.0, help="server delay per response (s)")
    parser.add_argument(
        "--fail-first", action="store_true", help="server answers 500 to each article's first GET"
    )
    args = parser.parse_args(argv)
    sites = args.site or bundled_sites()
    OUTPUT.mkdir(exist_ok=True)
    for stale in (FEED_JSONL, FEED_CSV):
        stale.unlink(missing_ok=True)
    failed = {site: problem for site in sites if (problem := crawl_site(site, args))}
    if failed:
        for site, problem in failed.items():
            print(f"demo crawl of {site} FAILED: {problem}", file=sys.stderr)
        return 1
    count = merge_feeds(sites)
    print(f"{count} records of {', '.join(sites)} in {FEED_JSONL} and {FEED_CSV}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
