"""The issue-12 figures on a generated Press Digest instance (hidden-instance conditions).

Usage (from the project root)::

    .venv/bin/python bench/press_instance.py [--posts 400] [--days 18] [--start 2022-03-10]
                                             [--seed 3] [--no-faults]

Generates the instance with ``bench/generate_press.py`` (400 posts over 18 days across the DST
changes of the site and the sources), serves it with the dev server answering HTTP 500 to the
first request of every post, and runs ``scrapy crawl pressdigest``:

1. the day-archive walk over every day: recall, duplicates, per-field accuracy, leaks;
2. ``-a via=sitemap``: the same, and how many posts were fetched more than once;
3. a run with no arguments, then a second one on the same state: the posts of the news sitemap
   exported by the first, the article fetches and records of the second.

Prints the figures and PASS / FAIL per target; exits 0 unless a crawl fails.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != BENCH]
sys.path.insert(0, str(ROOT))

from bench.generate_press import generate  # noqa: E402
from devtools.server import ReplicaServer, serve  # noqa: E402
from devtools.truth import Comparison, compare  # noqa: E402
from newscrawl.listings.sitemaps import read_sitemap  # noqa: E402
from newscrawl.sites import all_sites  # noqa: E402
from tests.helpers.crawl import CrawlResult, run_crawl  # noqa: E402

SITE = all_sites()["pressdigest"]


def _lines(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def _posts_fetched(server: ReplicaServer, since: int = 0) -> list[str]:
    return [p for _, p in server.request_log[since:] if SITE.article_path.match(p.split("?")[0])]


def _figures(name: str, result: CrawlResult, comparison: Comparison, took: float) -> bool:
    accuracy = comparison.accuracy()
    worst = min(accuracy, key=lambda f: accuracy[f])
    recall = comparison.matched / (comparison.matched + len(comparison.missing) or 1)
    ok = (
        result.returncode == 0
        and recall == 1.0
        and not comparison.duplicates
        and not comparison.spurious
        and not comparison.boilerplate_leaks
        and all(v >= 0.99 for v in accuracy.values())
    )
    print(
        f"{name}: exit {result.returncode}, {len(result.records)} records, recall {recall:.3f}, "
        f"duplicates {len(comparison.duplicates)}, spurious {len(comparison.spurious)}, "
        f"leaks {len(comparison.boilerplate_leaks)}, lowest field {worst} {accuracy[worst]:.3f}, "
        f"{took:.1f}s  {'PASS' if ok else 'FAIL'}"
    )
    if not ok:
        print(comparison.report()[:3000])
    return ok


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--posts", type=int, default=400)
    parser.add_argument("--days", type=int, default=18)
    parser.add_argument("--start", default="2022-03-10")
    parser.add_argument("--seed", type=int, default=3)
    parser.add_argument("--no-faults", action="store_true", help="no HTTP 500s")
    args = parser.parse_args(argv)
    failed = False
    with tempfile.TemporaryDirectory(prefix="press-instance-") as tmp:
        work = Path(tmp)
        out = work / "instance"
        manifest = generate(out, args.posts, args.days, date.fromisoformat(args.start), args.seed)
        print(f"instance: {json.dumps(manifest)}")
        truth = _lines(out / "truth.jsonl")
        first, last = manifest["archive_days"]
        with serve(out / "site", fail_first=not args.no_faults) as server:
            for name, spider_args in (
                ("archive walk", {"start": first, "end": last}),
                ("via=sitemap", {"via": "sitemap"}),
            ):
                server.reset()  # every run meets the 500s afresh
                mark, started = len(server.request_log), time.time()
                result = run_crawl(
                    work / name.replace(" ", "-").replace("=", "-"),
                    {"base_url": server.url, **spider_args},
                    spider="pressdigest",
                    timeout=1800,
                )
                failed |= result.returncode != 0
                ok = _figures(name, result, compare(result.records, truth), time.time() - started)
                fetched = _posts_fetched(server, mark)
                print(f"  posts fetched {len(fetched)} ({len(set(fetched))} distinct URLs)")
                failed |= not ok

            news = read_sitemap((out / "site" / "news-sitemap.xml").read_bytes(), SITE.base_url)
            pages = {p["path"]: p["truth_id"] for p in _lines(out / "pages.jsonl")}
            wanted = {
                pages[urlsplit(e.url).path] for e in news.entries if urlsplit(e.url).path in pages
            }
            by_path = {
                p: t["id"] for t in truth for p in [t["aggregator_url"], *t["duplicate_urls"]]
            }
            state = work / "newest"
            state.mkdir()
            server.reset()
            one = run_crawl(state, {"base_url": server.url}, spider="pressdigest", timeout=1800)
            mark = len(server.request_log)
            two = run_crawl(
                state, {"base_url": server.url}, spider="pressdigest", feed_name="again.jsonl"
            )
            refetched = _posts_fetched(server, mark)
        got = {by_path.get(urlsplit(r["url"]).path) for r in one.records}
        covered = len(wanted & got)
        ok = one.returncode == two.returncode == 0 and covered == len(wanted) and not refetched
        print(
            f"newest run: exit {one.returncode}, {len(one.records)} records; news sitemap source "
            f"articles exported {covered}/{len(wanted)}; second run: exit {two.returncode}, "
            f"{len(two.records)} records, {len(refetched)} posts fetched  "
            f"{'PASS' if ok else 'FAIL'}"
        )
        failed |= one.returncode != 0 or two.returncode != 0
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
