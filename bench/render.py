"""Benchmark rendering: listing pages per second through Chromium vs plain HTTP, and the
browser's peak memory.

Run from the project root (needs /usr/bin/chromium, or NEWSCRAWL_RENDER_CHROMIUM)::

    .venv/bin/python bench/render.py                 # 20 rounds over the category listings
    .venv/bin/python bench/render.py --rounds 50 --max-pages 8

The same category listing pages are fetched ``--rounds`` times each, through newscrawl's own
download handler: the JavaScript replica's pages in the browser (``render=always``, waiting
for the cards), the plain replica's pages over plain HTTP (``render=never``). Each side runs
in its own ``scrapy`` process on a local dev server; every page's cards are counted, so a page
that did not render fails the run. "steady" leaves out the time to the first page (the
browser's start). Memory is sampled from /proc every 50 ms over Chromium's processes: RSS
summed (counts shared pages once per process, an upper bound) and PSS summed (shared pages
split between processes).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
# bench/ itself off the path: its scripts' names (bench/scheduled_runs.py) would shadow packages.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench"]
sys.path.insert(0, str(ROOT))

FIXTURES = ROOT / "tests" / "fixtures"


def listing_paths(site: Path) -> list[str]:
    """The category listing pages of a replica that hold cards (plain replica as reference)."""
    paths = []
    for page in sorted(site.glob("*/page/*.html")):
        if page.parts[-3] == "archive" or 'class="card"' not in page.read_text(encoding="utf-8"):
            continue
        category, number = page.parts[-3], int(page.stem)
        paths.append(f"/{category}" if number == 1 else f"/{category}?page={number}")
    return paths


def worker(mode: str, base_url: str, rounds: int, max_pages: int, out: Path) -> None:
    """One scrapy process: fetch every listing ``rounds`` times, write timings to ``out``."""
    import scrapy
    from scrapy.crawler import CrawlerProcess
    from scrapy.http import Request, Response
    from scrapy.utils.project import get_project_settings

    from newscrawl.render.policy import RenderPolicy
    from newscrawl.sites.limitedtimes import SITE

    paths = listing_paths(FIXTURES / "replica" / "site")
    result: dict[str, Any] = {"pages": 0, "cards": 0, "empty": 0, "times": []}

    class ListingBench(scrapy.Spider):
        name = "render-bench"

        async def start(self) -> AsyncIterator[Request]:
            policy = RenderPolicy.from_crawler(
                self.crawler, "always" if mode == "browser" else "never", SITE
            )
            result["start"] = time.perf_counter()
            for _ in range(rounds):
                for path in paths:
                    request = Request(base_url + path, callback=self.parse, dont_filter=True)
                    yield policy.route(request, "category/bench")

        def parse(self, response: Response) -> None:
            cards = len(response.css(SITE.card))
            result["pages"] += 1
            result["cards"] += cards
            result["empty"] += cards == 0
            result["times"].append(time.perf_counter())

    os.environ.setdefault("SCRAPY_SETTINGS_MODULE", "newscrawl.settings")
    settings = get_project_settings()
    settings.setdict(
        {
            "LOG_LEVEL": "WARNING",
            "ROBOTSTXT_OBEY": False,
            "AUTOTHROTTLE_ENABLED": False,
            "DOWNLOAD_DELAY": 0,
            "CONCURRENT_REQUESTS": 16,
            "CONCURRENT_REQUESTS_PER_DOMAIN": 16,
            "NEWSCRAWL_RENDER_MAX_PAGES": max_pages,
            "ITEM_PIPELINES": {},
            "EXTENSIONS": {},
            "FEEDS": {},
            "TELNETCONSOLE_ENABLED": False,
        },
        priority="cmdline",
    )
    process = CrawlerProcess(settings)
    process.crawl(ListingBench)
    process.start()
    out.write_text(json.dumps(result), encoding="utf-8")


def run_side(mode: str, site: Path, rounds: int, max_pages: int, tmp: Path) -> dict[str, Any]:
    """Serve ``site``, run one worker under a Chromium watch, and summarise."""
    from devtools.chromium import ChromiumWatch
    from devtools.server import serve

    out = tmp / f"{mode}.json"
    with serve(site) as server, ChromiumWatch() as watch:
        cmd = [sys.executable, __file__, "--worker", mode, server.url, str(rounds), str(max_pages)]
        subprocess.run([*cmd, str(out)], cwd=ROOT, check=True)
    result = json.loads(out.read_text(encoding="utf-8"))
    times = result.pop("times")
    total = times[-1] - result["start"]
    steady = times[-1] - times[0]
    result.update(
        seconds=total,
        pages_per_s=result["pages"] / total,
        steady_pages_per_s=(result["pages"] - 1) / steady if steady > 0 else float("nan"),
        first_page_s=times[0] - result["start"],
        chromium_processes=watch.peak_processes,
        chromium_rss_mib=watch.peak_rss_mib,
        chromium_pss_mib=watch.peak_pss_mib,
    )
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=20, help="fetches of each listing page")
    parser.add_argument("--max-pages", type=int, default=4, help="NEWSCRAWL_RENDER_MAX_PAGES")
    parser.add_argument("--worker", nargs=5, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        mode, base, rounds, max_pages, out = args.worker
        worker(mode, base, int(rounds), int(max_pages), Path(out))
        return 0

    import tempfile

    paths = listing_paths(FIXTURES / "replica" / "site")
    print(f"{len(paths)} category listing pages x {args.rounds} rounds,", end=" ")
    print(f"at most {args.max_pages} browser pages at once")
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for mode, site in (("http", "replica"), ("browser", "replica-js")):
            rows.append(
                (
                    mode,
                    run_side(
                        mode, FIXTURES / site / "site", args.rounds, args.max_pages, Path(tmp)
                    ),
                )
            )
    columns = ("side", "pages", "empty", "seconds", "pages/s", "steady/s", "1st page s")
    columns += ("procs", "RSS MiB", "PSS MiB")
    print(" ".join(f"{c:>10}" for c in columns))
    for mode, r in rows:
        values = [mode, r["pages"], r["empty"], f"{r['seconds']:.2f}", f"{r['pages_per_s']:.1f}"]
        values += [f"{r['steady_pages_per_s']:.1f}", f"{r['first_page_s']:.2f}"]
        values += [r["chromium_processes"], f"{r['chromium_rss_mib']:.0f}"]
        values += [f"{r['chromium_pss_mib']:.0f}"]
        print(" ".join(f"{v:>10}" for v in values))
    http, browser = rows[0][1], rows[1][1]
    print(f"browser / http throughput: {browser['pages_per_s'] / http['pages_per_s']:.3f}")
    bad = [mode for mode, r in rows if r["empty"]]
    if bad:
        print(f"pages without cards on: {', '.join(bad)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
