"""Benchmark: a full run over the bundled replica, then an immediate second run.

Prints both runs' request counts (all, article pages) and wall times, and what each exported.
Usage: python bench/scheduled_runs.py [--root SITE] [--state-uri URI]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from devtools.server import serve  # noqa: E402


def crawl(base_url: str, state_uri: str, out: Path, start: str, end: str) -> dict[str, float]:
    stats_file = out.with_suffix(".stats.json")
    cmd = [
        sys.executable,
        "-m",
        "scrapy",
        "crawl",
        "limitedtimes",
        "-O",
        str(out),
        "-a",
        f"base_url={base_url}",
        "-a",
        f"start={start}",
        "-a",
        f"end={end}",
        "-s",
        "AUTOTHROTTLE_ENABLED=False",
        "-s",
        "DOWNLOAD_DELAY=0",
        "-s",
        "LOG_LEVEL=WARNING",
        "-s",
        f"NEWSCRAWL_STATE_URI={state_uri}",
        "-s",
        f"NEWSCRAWL_STATS_FILE={stats_file}",
    ]
    began = time.perf_counter()
    subprocess.run(cmd, cwd=REPO, check=True)
    wall = time.perf_counter() - began
    stats = json.loads(stats_file.read_text())
    return {
        "wall_s": wall,
        "exported": sum(1 for _ in out.open()),
        "requests": stats.get("downloader/request_count", 0),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--root", type=Path, default=REPO / "tests/fixtures/replica/site")
    parser.add_argument("--state-uri", default=None)
    opts = parser.parse_args()
    days = sorted(p.name for p in (opts.root / "archive").iterdir())
    with tempfile.TemporaryDirectory() as tmp, serve(opts.root) as server:
        uri = opts.state_uri or f"sqlite://{tmp}/state.sqlite"
        rows = []
        for run in ("first", "second"):
            mark = len(server.request_log)
            figures = crawl(server.url, uri, Path(tmp) / f"{run}.jsonl", days[0], days[-1])
            figures["article_requests"] = sum(
                1 for _, p in server.request_log[mark:] if p.endswith(".html")
            )
            rows.append((run, figures))
    print(f"{'run':8} {'exported':>9} {'requests':>9} {'article pages':>14} {'wall s':>8}")
    for run, f in rows:
        print(
            f"{run:8} {f['exported']:9.0f} {f['requests']:9.0f} "
            f"{f['article_requests']:14.0f} {f['wall_s']:8.2f}"
        )


if __name__ == "__main__":
    main()
