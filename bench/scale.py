"""Crawl generated sites of each declared shape (5,000 and 20,000 articles), politeness off.

Usage (from the project root)::

    .venv/bin/python bench/scale.py                      # both sites, sizes 5000,20000
    .venv/bin/python bench/scale.py --sites pressdigest --sizes 2000 --server dev --no-bench
    .venv/bin/python bench/scale.py --probe-server       # requests/s of both servers alone

For each site and size the site is generated once (The Limited Times: ``generate_site.py``
into ``bench/out/site-N``; Press Digest: ``generate_press.py`` into ``bench/out/press-N``, a
year of posts), reused while its manifest matches, served on 127.0.0.1 by ``fastserver.py``
(or the project's threaded devserver with ``--server dev``) in its own process, and crawled by
``scrapy crawl <site> -a base_url=... -a start=... -a end=...`` (the day-archive walk) in a
subprocess with politeness off, a throwaway state store and feed folder. Measured on that
subprocess:

- wall time (process start to exit) and the crawl's own elapsed time (Scrapy's stats);
- CPU seconds (user + system) and peak RSS (``ru_maxrss``) of the crawl alone, from
  ``devtools.peakrss`` (Linux counts a launching process's peak in its child's ``ru_maxrss``:
  this script, which may have just generated a site in memory, would add its own);
- pages/s (every HTTP response / elapsed), article pages/s, exported articles and
  CPU seconds per article page.

The same run also runs ``scrapy bench`` (outside the project, so with Scrapy's default
settings) and reads its "pages/min" as the engine's ceiling on this machine.

Targets (issues 8 and 12, for each site): crawl pages/s >= 80% of ``scrapy bench``; peak RSS
< 300 MB at 20,000 articles and growing < 15% from 5,000 to 20,000. Per-article processing
against lxml is measured by ``profile_article.py``. This is a measurement script: it prints
PASS / FAIL and always exits 0 unless a crawl itself fails.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
# bench/ is sys.path[0] when run as a script: keep it off the path, so that no bench module
# can shadow an installed package (Twisted imports one named `incremental`).
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != BENCH]
sys.path.insert(0, str(ROOT))

from bench.generate_press import ensure_press  # noqa: E402
from bench.generate_site import ensure_site  # noqa: E402
from devtools.peakrss import run_measured  # noqa: E402

PYTHON = str(ROOT / ".venv" / "bin" / "python")
SCRAPY = str(ROOT / ".venv" / "bin" / "scrapy")


#: How each site's large instances are generated: (folder of a size) and the crawl's days.
GENERATORS = {
    "limitedtimes": lambda size: ensure_site(size),
    "pressdigest": lambda size: ensure_press(size, days=365, start="2022-01-01"),
}


@dataclass
class CrawlResult:
    site: str
    size: int
    wall: float
    elapsed: float
    cpu: float
    peak_rss_mb: float
    responses: int
    article_pages: int
    exported: int
    expected_unique: int
    stats: dict[str, object]

    @property
    def pages_per_s(self) -> float:
        return self.responses / self.elapsed

    @property
    def articles_per_s(self) -> float:
        return self.article_pages / self.elapsed

    @property
    def cpu_per_article(self) -> float:
        return self.cpu / max(1, self.article_pages)


def start_server(kind: str, site: Path) -> tuple[subprocess.Popen[str], str]:
    if kind == "fast":
        cmd = [PYTHON, str(ROOT / "bench" / "fastserver.py"), str(site)]
    else:
        cmd = [PYTHON, "-m", "devtools.server", str(site)]
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    url = proc.stdout.readline().strip()
    if not url.startswith("http"):
        proc.kill()
        raise RuntimeError(f"server did not start: {url!r}")
    return proc, url


def crawl(site: str, size: int, server: str, concurrency: int, extra: list[str]) -> CrawlResult:
    out = GENERATORS[site](size)
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    # The walk's days: the manifest's start/end (Limited Times) or its archive days (press).
    first, last = manifest.get("start"), manifest.get("end")
    if not first:
        first, last = manifest["archive_days"][0], manifest["archive_days"][-1]
    proc_server, url = start_server(server, out / "site")
    try:
        with tempfile.TemporaryDirectory(prefix="newscrawl-scale-") as tmp:
            stats_file = Path(tmp) / "stats.json"
            cmd = [
                SCRAPY, "crawl", site,
                "-a", f"base_url={url}",
                "-a", f"start={first}",
                "-a", f"end={last}",
                "-s", "AUTOTHROTTLE_ENABLED=False",
                "-s", "DOWNLOAD_DELAY=0",
                "-s", f"CONCURRENT_REQUESTS={concurrency}",
                "-s", f"CONCURRENT_REQUESTS_PER_DOMAIN={concurrency}",
                "-s", "LOG_LEVEL=WARNING",
                "-s", f"NEWSCRAWL_STATE_URI=sqlite://{tmp}/state.sqlite",
                "-s", f"NEWSCRAWL_STATS_FILE={stats_file}",
                *extra,
            ]  # fmt: skip
            env = {**os.environ, "NEWSCRAWL_OUTPUT_DIR": str(Path(tmp) / "output")}
            started = time.perf_counter()
            # Measured by a small launcher: the crawl's own peak, not this process's.
            run = run_measured(cmd, cwd=ROOT, env=env)
            wall = time.perf_counter() - started
            if run.returncode != 0:
                raise RuntimeError(f"crawl of {site} {size} exited with {run.returncode}")
            stats = json.loads(stats_file.read_text(encoding="utf-8"))
            feeds = list((Path(tmp) / "output").rglob("*.jsonl"))
            exported = sum(len(f.read_text(encoding="utf-8").splitlines()) for f in feeds)
    finally:
        proc_server.terminate()
        proc_server.wait()
    return CrawlResult(
        site=site,
        size=size,
        wall=wall,
        elapsed=float(stats.get("elapsed_time_seconds") or wall),
        cpu=run.cpu_seconds,
        peak_rss_mb=run.peak_rss_mb,
        responses=int(stats.get("downloader/response_count", 0)),
        article_pages=int(stats.get("newscrawl/articles/parsed", 0)),
        exported=exported,
        expected_unique=int(manifest["unique_articles"]),
        stats=stats,
    )


def scrapy_bench(seconds: int) -> float:
    """Pages/s of ``scrapy bench`` (Scrapy's defaults, outside the project): the median of
    its per-second "pages/min" log lines after the first two."""
    with tempfile.TemporaryDirectory(prefix="scrapy-bench-") as tmp:
        run = subprocess.run(
            [SCRAPY, "bench", "-s", f"CLOSESPIDER_TIMEOUT={seconds}", "-s", "LOGSTATS_INTERVAL=1"],
            cwd=tmp,
            capture_output=True,
            text=True,
            check=True,
        )
    rates = [float(r) for r in re.findall(r"\(at (\d+) pages/min\)", run.stderr)]
    steady = [r for r in rates[2:] if r > 0] or rates
    return statistics.median(steady) / 60 if steady else 0.0


def probe_server(kind: str, size: int, seconds: float = 5.0, connections: int = 16) -> float:
    """Requests/s one server answers to a keep-alive client (article pages, round robin)."""
    import asyncio

    out = ensure_site(size)
    paths = [
        "/" + p.relative_to(out / "site").as_posix()
        for p in sorted((out / "site").glob("*/*.html"))
    ][:2000]
    proc, url = start_server(kind, out / "site")
    host, port = url.removeprefix("http://").split(":")

    async def worker(offset: int, deadline: float, counter: list[int]) -> None:
        reader, writer = await asyncio.open_connection(host, int(port))
        i = offset
        while time.perf_counter() < deadline:
            path = paths[i % len(paths)]
            i += connections
            writer.write(f"GET {path} HTTP/1.1\r\nHost: {host}\r\n\r\n".encode())
            head = await reader.readuntil(b"\r\n\r\n")
            length = int(re.search(rb"Content-Length: (\d+)", head, re.I).group(1))  # type: ignore[union-attr]
            await reader.readexactly(length)
            counter[0] += 1
        writer.close()

    async def main() -> int:
        counter = [0]
        deadline = time.perf_counter() + seconds
        await asyncio.gather(*(worker(n, deadline, counter) for n in range(connections)))
        return counter[0]

    try:
        count = asyncio.run(main())
    finally:
        proc.terminate()
        proc.wait()
    return count / seconds


def verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def targets(site: str, results: list[CrawlResult], bench: float) -> None:
    """Print one site's targets (issues 8 and 12)."""
    big = max(results, key=lambda r: r.size)
    small = min(results, key=lambda r: r.size)
    if bench:
        share = big.pages_per_s / bench
        print(
            f"  {site}: throughput >= 80% of scrapy bench: {big.pages_per_s:.1f} / {bench:.1f} = "
            f"{share:.0%}  {verdict(share >= 0.8)}"
        )
    print(
        f"  {site}: peak RSS < 300 MB at {big.size}: {big.peak_rss_mb:.1f} MB  "
        f"{verdict(big.peak_rss_mb < 300)}"
    )
    if big is not small:
        growth = big.peak_rss_mb / small.peak_rss_mb - 1
        print(
            f"  {site}: RSS growth {small.size} -> {big.size} < 15%: {growth:+.1%}  "
            f"{verdict(growth < 0.15)}"
        )
    for r in results:
        print(
            f"  {site}: one item per unique article ({r.size}): {r.exported} / "
            f"{r.expected_unique}  {verdict(r.exported == r.expected_unique)}"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Crawl large generated replica sites.")
    parser.add_argument("--sites", default="limitedtimes,pressdigest", help="comma-separated")
    parser.add_argument("--sizes", default="5000,20000")
    parser.add_argument("--server", choices=("fast", "dev"), default="fast")
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--bench-seconds", type=int, default=20)
    parser.add_argument("--no-bench", action="store_true", help="skip scrapy bench")
    parser.add_argument("--probe-server", action="store_true", help="only probe both servers")
    parser.add_argument("-s", dest="settings", action="append", default=[], metavar="NAME=VALUE")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]

    if args.probe_server:
        for kind in ("dev", "fast"):
            rate = probe_server(kind, sizes[0])
            print(f"{kind} server: {rate:,.0f} requests/s (16 keep-alive connections, 1 client)")
        return 0

    extra = [x for s in args.settings for x in ("-s", s)]
    sites = [s for s in args.sites.split(",") if s]
    unknown = [s for s in sites if s not in GENERATORS]
    if unknown:
        parser.error(f"no generator for {', '.join(unknown)}; known: {', '.join(GENERATORS)}")
    results = []
    for site in sites:
        for size in sizes:
            print(f"crawling {site} {size} ...", file=sys.stderr, flush=True)
            results.append(crawl(site, size, args.server, args.concurrency, extra))
    bench = 0.0 if args.no_bench else scrapy_bench(args.bench_seconds)

    print(f"\nserver: {args.server}; CONCURRENT_REQUESTS={args.concurrency}; cpus={os.cpu_count()}")
    if args.settings:
        print("settings: " + " ".join(args.settings))
    head = (
        f"{'site':<13} {'articles':>8} {'pages':>7} {'art.pages':>9} {'exported':>8} {'unique':>7} "
        f"{'wall s':>7} {'crawl s':>7} {'pages/s':>8} {'art/s':>7} {'CPU s':>7} "
        f"{'CPU ms/art':>10} {'peak RSS MB':>11}"
    )
    print(head)
    for r in results:
        print(
            f"{r.site:<13} {r.size:>8} {r.responses:>7} {r.article_pages:>9} {r.exported:>8} "
            f"{r.expected_unique:>7} {r.wall:>7.1f} {r.elapsed:>7.1f} {r.pages_per_s:>8.1f} "
            f"{r.articles_per_s:>7.1f} {r.cpu:>7.1f} {r.cpu_per_article * 1000:>10.2f} "
            f"{r.peak_rss_mb:>11.1f}"
        )
    if bench:
        print(f"scrapy bench (same machine, this run): {bench:.1f} pages/s")
    print("\ntargets:")
    for site in sites:
        mine = [r for r in results if r.site == site]
        targets(site, mine, bench)
    return 0


if __name__ == "__main__":
    sys.exit(main())
