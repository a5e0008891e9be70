"""Benchmark: one worker vs two workers over one Redis, on the same machine.

Serves the bundled replica (optionally with a per-response delay, as a remote site would have),
starts a throwaway ``redis-server`` behind a counting TCP proxy, and crawls the date archives
with 1 and then 2 worker processes (distributed mode, fresh Redis each time). Prints pages per
second (all requests / wall time from the first start to the last exit, process start-up
included, and over the crawl's own elapsed time) and Redis round trips per exported article
(a round trip: the client sends after it has read a reply; a pipeline is one).

Usage: python bench/distributed.py [--delay 0.05] [--concurrency 8] [--rounds 3]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from devtools.server import serve  # noqa: E402
from tests.helpers.redis_server import free_port, redis_command, run_redis_server  # noqa: E402


class CountingProxy:
    """A TCP proxy in front of Redis that counts request bursts (round trips)."""

    def __init__(self, target_port: int) -> None:
        self.target_port = target_port
        self.port = free_port()
        self.round_trips = 0
        self._loop = asyncio.new_event_loop()
        self._ready = threading.Event()
        threading.Thread(target=self._run, daemon=True).start()
        self._ready.wait(5)

    def _run(self) -> None:
        asyncio.set_event_loop(self._loop)

        async def main() -> None:
            await asyncio.start_server(self._handle, "127.0.0.1", self.port)
            self._ready.set()
            await asyncio.Event().wait()

        self._loop.run_until_complete(main())

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        up_reader, up_writer = await asyncio.open_connection("127.0.0.1", self.target_port)
        awaiting = [False]

        async def pipe(src: asyncio.StreamReader, dst: asyncio.StreamWriter, up: bool) -> None:
            try:
                while data := await src.read(65536):
                    if up and not awaiting[0]:
                        self.round_trips += 1
                    awaiting[0] = up
                    dst.write(data)
                    await dst.drain()
            except (ConnectionError, OSError):
                pass
            finally:
                dst.close()

        await asyncio.gather(pipe(reader, up_writer, True), pipe(up_reader, writer, False))


def crawl(workers: int, site: str, redis_url: str, out: Path, concurrency: int) -> list[dict]:
    procs = []
    for n in range(workers):
        cmd = [
            sys.executable,
            "-m",
            "scrapy",
            "crawl",
            "limitedtimes",
            "-O",
            str(out / f"w{n}.jsonl"),
        ]
        for arg in (f"base_url={site}", "start=2022-01-09", "end=2022-01-14"):
            cmd += ["-a", arg]
        for setting in (
            "AUTOTHROTTLE_ENABLED=False",
            "DOWNLOAD_DELAY=0",
            "LOG_LEVEL=WARNING",
            f"CONCURRENT_REQUESTS={concurrency}",
            f"NEWSCRAWL_REDIS_URL={redis_url}",
            f"NEWSCRAWL_STATE_JOURNAL_DIR={out / 'journal'}",
            f"NEWSCRAWL_STATS_FILE={out / f'w{n}.stats.json'}",
        ):
            cmd += ["-s", setting]
        procs.append(subprocess.Popen(cmd, cwd=REPO, env={**os.environ, "PYTHONPATH": str(REPO)}))
    for proc in procs:
        if proc.wait() != 0:
            raise SystemExit(f"a worker failed with {proc.returncode}")
    return [json.loads((out / f"w{n}.stats.json").read_text()) for n in range(workers)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--delay", type=float, default=0.05, help="seconds per response")
    parser.add_argument("--concurrency", type=int, default=8, help="CONCURRENT_REQUESTS")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    root = REPO / "tests" / "fixtures" / "replica" / "site"
    print(f"cpus={os.cpu_count()} delay={args.delay}s concurrency={args.concurrency}/worker")
    with run_redis_server() as base, serve(root, delay=args.delay) as site:
        port = int(base.rsplit(":", 1)[1])
        proxy = CountingProxy(port)
        for workers in (1, 2):
            rates, crawl_rates, trips = [], [], []
            for _ in range(args.rounds):
                redis_command(port, "FLUSHALL")
                before = proxy.round_trips
                with tempfile.TemporaryDirectory() as tmp:
                    began = time.perf_counter()
                    stats = crawl(
                        workers,
                        site.url,
                        f"redis://127.0.0.1:{proxy.port}/0",
                        Path(tmp),
                        args.concurrency,
                    )
                    wall = time.perf_counter() - began
                pages = sum(s.get("downloader/request_count", 0) for s in stats)
                articles = sum(s.get("newscrawl/state/new", 0) for s in stats)
                elapsed = max(s["elapsed_time_seconds"] for s in stats)
                rates.append(pages / wall)
                crawl_rates.append(pages / elapsed)
                trips.append((proxy.round_trips - before) / max(articles, 1))
                shares = "/".join(str(s.get("newscrawl/state/new", 0)) for s in stats)
                print(
                    f"  {workers} worker(s): {pages} pages, {articles} articles ({shares}), "
                    f"wall {wall:.2f}s, crawl {elapsed:.2f}s"
                )
            print(
                f"{workers} worker(s): {statistics.median(rates):.1f} pages/s wall, "
                f"{statistics.median(crawl_rates):.1f} pages/s crawl, "
                f"{statistics.median(trips):.1f} Redis round trips per article"
            )


if __name__ == "__main__":
    main()
