"""Benchmark the state stores: page marks, page lookups, claims and export lookups per second.

Run from the project root::

    .venv/bin/python bench/state_throughput.py              # 100,000 URLs, SQLite and Redis
    .venv/bin/python bench/state_throughput.py --n 20000 --backends sqlite
    .venv/bin/python bench/state_throughput.py --redis-url redis://127.0.0.1:6379/15

Each operation runs over ``--n`` distinct URLs, one call per URL ("single") and in batches of
``--batch`` ("batch"), on a fresh site key so inserts really insert; lookups ask for a mix of
half known, half unknown URLs. Without ``--redis-url`` a throwaway ``redis-server`` is started
on a free 127.0.0.1 port (the test helper's). The Redis database used is wiped of this
benchmark's site keys before and after.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack, contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from newscrawl.state import StateStore, open_store  # noqa: E402
from tests.helpers.redis_server import run_redis_server  # noqa: E402

Row = tuple[str, str, int, float]


def chunks(items: Sequence[str], size: int) -> Iterator[Sequence[str]]:
    """Yield consecutive slices of ``items`` of at most ``size`` elements."""
    for start in range(0, len(items), size):
        yield items[start : start + size]


def timed(run: Callable[[], object]) -> float:
    """Return the wall-clock seconds ``run()`` took."""
    started = time.perf_counter()
    run()
    return time.perf_counter() - started


def bench_store(store: StateStore, backend: str, n: int, batch: int) -> list[Row]:
    """Run every operation on ``store`` and return (backend, operation, count, seconds) rows."""
    urls = [f"https://limitedtimes.example/world/2024/{i:07d}/story.html" for i in range(n)]
    keys = [f"https://source{i % 50}.example/news/{i:07d}.html" for i in range(n)]
    # Half of each lookup set is known, half not: alternate known and unknown URLs.
    page_probe = [url if i % 2 else url + "?unknown" for i, url in enumerate(urls)]
    key_probe = [key if i % 2 else key + "?unknown" for i, key in enumerate(keys)]
    agg = "https://limitedtimes.example/world/"
    single, batched = "bench-single", "bench-batch"
    for site in (single, batched):
        store.reset(site)

    def each(call: Callable[[str], object], items: Sequence[str]) -> Callable[[], None]:
        def run() -> None:
            for item in items:
                call(item)

        return run

    def per_batch(
        call: Callable[[Sequence[str]], object], items: Sequence[str]
    ) -> Callable[[], None]:
        def run() -> None:
            for part in chunks(items, batch):
                call(part)

        return run

    plan: list[tuple[str, Callable[[], None]]] = [
        ("mark page (single)", each(lambda u: store.mark_page_fetched(single, u), urls)),
        ("mark pages (batch)", per_batch(lambda p: store.mark_pages_fetched(batched, p), urls)),
        ("page lookup (single)", each(lambda u: store.is_page_fetched(single, u), page_probe)),
        ("page lookup (batch)", per_batch(lambda p: store.pages_fetched(batched, p), page_probe)),
        ("claim (single)", each(lambda k: store.claim(single, k, agg), keys)),
        (
            "claim (batch)",
            per_batch(lambda p: store.claim_many(batched, [(k, agg) for k in p]), keys),
        ),
        ("export lookup (single)", each(lambda k: store.is_exported(single, k), key_probe)),
        ("export lookup (batch)", per_batch(lambda p: store.exported_many(batched, p), key_probe)),
        ("commit exports (batch)", per_batch(lambda p: store.commit_exports(batched, p), keys)),
    ]
    rows = [(backend, name, n, timed(run)) for name, run in plan]
    expected = {"pages": n, "exported": n, "pending": 0}
    if store.counts(batched) != expected:  # the benchmark must have done real work
        raise SystemExit(f"{backend}: unexpected counts {store.counts(batched)} != {expected}")
    for site in (single, batched):
        store.reset(site)
    return rows


@contextmanager
def redis_uri(given: str | None) -> Iterator[str]:
    """Yield ``given``, or the URL of a throwaway redis-server started for the benchmark."""
    if given:
        yield given
        return
    with run_redis_server() as base:
        yield f"{base}/0"


def print_table(rows: list[Row]) -> None:
    """Print rows as an aligned table with operations per second."""
    print(f"{'backend':<8} {'operation':<24} {'ops':>8} {'seconds':>8} {'ops/s':>11}")
    for backend, name, count, seconds in rows:
        print(f"{backend:<8} {name:<24} {count:>8} {seconds:>8.2f} {count / seconds:>11,.0f}")


def main(argv: Sequence[str] | None = None) -> None:
    """Parse arguments, run the benchmark on each backend, print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=100_000, help="URLs per operation")
    parser.add_argument("--batch", type=int, default=1000, help="items per batch call")
    parser.add_argument("--backends", default="sqlite,redis", help="comma-separated list")
    parser.add_argument("--redis-url", help="use this Redis instead of starting one")
    parser.add_argument("--sqlite-path", type=Path, help="SQLite file (default: a temp file)")
    args = parser.parse_args(argv)
    rows: list[Row] = []
    with ExitStack() as stack:
        for backend in args.backends.split(","):
            if backend == "sqlite":
                path = args.sqlite_path or Path(stack.enter_context(tempfile.TemporaryDirectory()))
                uri = f"sqlite://{path.resolve() / 'state.sqlite' if path.is_dir() else path}"
            elif backend == "redis":
                uri = stack.enter_context(redis_uri(args.redis_url))
            else:
                parser.error(f"unknown backend {backend!r}: use sqlite, redis")
            with open_store(uri) as store:
                rows += bench_store(store, backend, args.n, args.batch)
    print_table(rows)


if __name__ == "__main__":
    main()
