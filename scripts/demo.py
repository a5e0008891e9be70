"""``make demo``: crawl every bundled site's copy through the dev server and say whether it worked.

For each declared site (``newscrawl/sites/``, what ``scrapy list`` prints) with a bundled replica
(``tests/fixtures/sites/<site>``), runs ``scrapy crawl <site>`` over the replica's archive days
with politeness off, then compares the records with the replica's ``truth.jsonl``
(``devtools.truth``) and prints, per site, articles exported against the truth, missing, extra
and duplicate ones, the accuracy of every field, and where the files are: all records in
``output/demo.jsonl`` and ``output/demo.csv`` (the ``site`` field tells the sites apart), each
site's log and run report.
Exits 1 when a crawl fails or a site does not match its truth.

    python scripts/demo.py [--site KEY ...] [--fail-first] [--output DIR] [--replicas DIR]

A site is one entry: a folder ``<replicas>/<key>/`` with ``site/``, ``truth.jsonl`` and
``manifest.json`` (whose ``archive_days`` give the days to crawl), and a spider named ``<key>``.
A folder ``<key>+<variant>/`` is another copy of the same site (``limitedtimes+unknown-sources``:
with a publisher no module declares), crawled by the same spider.
"""

from __future__ import annotations

import argparse
import csv
import json
import shlex
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))  # run as a plain script from anywhere, without installing newscrawl

from devtools.server import serve  # noqa: E402 (needs the sys.path line above)
from devtools.truth import FIELDS, Comparison, compare, compare_by_publisher  # noqa: E402
from newscrawl.sites import all_sites  # noqa: E402

#: One folder per site key with its recorded replica (site/, truth.jsonl, manifest.json).
REPLICAS = REPO / "tests" / "fixtures" / "sites"
OUTPUT = REPO / "output"


@dataclass
class SiteRun:
    """One site's demo crawl: where it writes, and what came out."""

    site: str
    replica: Path
    output: Path
    problem: str | None = None
    elapsed: float = 0.0
    records: list[dict[str, Any]] = field(default_factory=list)
    stats: dict[str, Any] = field(default_factory=dict)
    comparison: Comparison | None = None
    #: Declared and undeclared publishers apart, for a copy with undeclared ones.
    by_publisher: tuple[Comparison, Comparison] | None = None

    @property
    def spider(self) -> str:
        """The spider of the replica: ``limitedtimes+unknown-sources`` is ``limitedtimes``'s."""
        return self.site.split("+", 1)[0]

    def file(self, kind: str) -> Path:
        """``jsonl``, ``csv`` (merged afterwards), ``log`` or ``stats`` of this site."""
        name = {"stats": f"demo-{self.site}.stats.json"}.get(kind, f"demo-{self.site}.{kind}")
        return self.output / name

    @property
    def report_file(self) -> Path:
        return self.file("jsonl").with_name(self.file("jsonl").name + ".report.json")

    @property
    def matched(self) -> bool:
        return self.problem is None and self.comparison is not None and self.comparison.perfect()


def archive_day_range(replica: Path) -> tuple[str, str]:
    """The first and last archive day of a replica (its manifest's ``archive_days``)."""
    manifest = json.loads((replica / "manifest.json").read_text(encoding="utf-8"))
    days = manifest.get("archive_days") or []
    if not days:
        raise SystemExit(f"no archive_days in {replica / 'manifest.json'}")
    return str(days[0]), str(days[-1])


def crawl_command(run: SiteRun, base_url: str, start: str, end: str) -> list[str]:
    feeds = {
        str(run.file("jsonl")): {"format": "jsonlines", "overwrite": True},
        str(run.file("csv")): {"format": "csv", "overwrite": True},
    }
    spider = [run.spider, "-a", f"base_url={base_url}", "-a", f"start={start}", "-a", f"end={end}"]
    settings = {
        # FEEDS, not -O: only these two files are wanted, not also the default feed.
        "FEEDS": json.dumps(feeds),
        "AUTOTHROTTLE_ENABLED": "False",
        "DOWNLOAD_DELAY": "0",
        "LOG_FILE": str(run.file("log")),
        "NEWSCRAWL_STATS_FILE": str(run.file("stats")),
        "NEWSCRAWL_STATE_URI": f"sqlite://{run.output / 'demo-state' / 'state.sqlite'}",
    }
    # The demo keeps its own crawl state and ignores it (fresh): every demo exports it all.
    command = [sys.executable, "-m", "scrapy", "crawl", *spider, "-a", "fresh=true"]
    for name, value in settings.items():
        command += ["-s", f"{name}={value}"]
    return command


def read_truth(replica: Path) -> list[dict[str, Any]]:
    with (replica / "truth.jsonl").open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


def crawl_site(run: SiteRun, args: argparse.Namespace, width: int = 14) -> None:
    """Crawl one site's replica and compare it with its truth (fills ``run``)."""
    start, end = archive_day_range(run.replica)
    for kind in ("jsonl", "csv", "log", "stats"):
        run.file(kind).unlink(missing_ok=True)
    root = run.replica / "site"
    started = time.monotonic()
    with serve(root, delay=args.delay, fail_first=args.fail_first) as server:
        command = crawl_command(run, server.url, start, end)
        shown = shlex.join(["scrapy", "crawl", *command[4:11]])
        print(f"{run.site:<{width}} {shown}  (+ demo settings)", flush=True)
        result = subprocess.run(command, cwd=REPO, check=False)
    run.elapsed = time.monotonic() - started
    if run.file("stats").exists():
        run.stats = json.loads(run.file("stats").read_text(encoding="utf-8"))
    problems = []
    if result.returncode != 0:
        problems.append(f"scrapy exited with status {result.returncode}")
    if run.stats.get("finish_reason") not in (None, "finished"):
        problems.append(f"the crawl finished with reason {run.stats['finish_reason']!r}")
    if not run.file("jsonl").exists():
        problems.append(f"no feed written at {run.file('jsonl')}")
    if problems:
        run.problem = "; ".join(problems)
        return
    with run.file("jsonl").open(encoding="utf-8") as lines:
        run.records = [json.loads(line) for line in lines if line.strip()]
    run.comparison = compare(run.records, read_truth(run.replica))
    manifest = json.loads((run.replica / "manifest.json").read_text(encoding="utf-8"))
    if undeclared := set(manifest.get("unknown_sources", {}).get("sources", {})):
        run.by_publisher = compare_by_publisher(run.records, read_truth(run.replica), undeclared)


def percent(value: float) -> str:
    """
    >>> percent(1.0), percent(0.9833), percent(0.0)
    ('100%', '98.3%', '0%')
    """
    text = f"{value:.1%}"
    return text.replace(".0%", "%")


def match_table(runs: list[SiteRun]) -> list[str]:
    """Per site (one column each): counts against the truth, then each field's accuracy."""
    done = [r for r in runs if r.comparison is not None]
    if not done:
        return []
    width = max(14, *(len(r.site) + 2 for r in done))
    rows: list[tuple[str, list[str]]] = []
    for label, value in (
        ("exported", lambda c, r: str(len(r.records))),
        ("expected", lambda c, r: str(c.matched + len(c.missing))),
        ("missing", lambda c, r: str(len(c.missing))),
        ("extra", lambda c, r: str(len(c.spurious))),
        ("duplicates", lambda c, r: str(len(c.duplicates))),
        ("boilerplate", lambda c, r: str(len(c.boilerplate_leaks))),
    ):
        rows.append((label, [value(r.comparison, r) for r in done]))
    for name in FIELDS:
        rows.append((name, [percent(r.comparison.accuracy()[name]) for r in done if r.comparison]))
    lines = [f"{'':<16}" + "".join(f"{r.site:>{width}}" for r in done)]
    for label, cells in rows:
        lines.append(f"  {label:<14}" + "".join(f"{cell:>{width}}" for cell in cells))
    return lines


def publisher_lines(runs: list[SiteRun]) -> list[str]:
    """For copies with publishers no module declares: each group's articles and the fields
    below 100% (the figure that says whether the general rules hold)."""
    lines = []
    for run in runs:
        if run.by_publisher is None:
            continue
        cells = []
        for label, part in zip(("declared", "undeclared"), run.by_publisher, strict=True):
            low = [f"{f} {percent(v)}" for f, v in part.accuracy().items() if v < 1.0]
            counts = f"{part.matched} of {part.matched + len(part.missing)} articles"
            cells.append(f"{label} publishers {counts}: " + (", ".join(low) or "every field 100%"))
        lines.append(f"  {run.site}: " + "; ".join(cells))
    return (["Declared and undeclared publishers apart:", *lines]) if lines else []


def merge_feeds(runs: list[SiteRun], jsonl_path: Path, csv_path: Path) -> int:
    """Every site's records into one JSON lines file and one CSV file (one header)."""
    count = 0
    with jsonl_path.open("w", encoding="utf-8") as jsonl:
        for run in runs:
            text = run.file("jsonl").read_text(encoding="utf-8")
            lines = [line for line in text.splitlines() if line.strip()]
            jsonl.writelines(f"{line}\n" for line in lines)
            count += len(lines)
    # utf-8-sig: each site's CSV starts with a byte-order mark (NEWSCRAWL_CSV_BOM), and so does
    # the merged one, for spreadsheets.
    with csv_path.open("w", encoding="utf-8-sig", newline="") as out:
        writer: Any = None  # a csv.writer once the first header is read
        for run in runs:
            with run.file("csv").open(encoding="utf-8-sig", newline="") as part:
                rows = csv.reader(part)
                header = next(rows, None)
                if writer is None and header is not None:
                    writer = csv.writer(out)
                    writer.writerow(header)
                if writer is not None:
                    writer.writerows(rows)
    return count


def shown_path(path: Path) -> str:
    return str(path.relative_to(REPO)) if path.is_relative_to(REPO) else str(path)


def bundled_sites(replicas: Path) -> list[str]:
    """The replicas (``<key>``, ``<key>+<variant>``) of declared sites, in name order."""
    declared = all_sites()
    return sorted(
        p.name
        for p in replicas.iterdir()
        if (p / "site").is_dir() and p.name.split("+", 1)[0] in declared
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--site", action="append", help="only this site (repeatable)")
    parser.add_argument("--delay", type=float, default=0.0, help="server delay per response (s)")
    parser.add_argument(
        "--fail-first", action="store_true", help="server answers 500 to each article's first GET"
    )
    parser.add_argument("--output", type=Path, default=OUTPUT, help="folder of the demo files")
    parser.add_argument("--replicas", type=Path, default=REPLICAS, help="folder of site replicas")
    args = parser.parse_args(argv)
    replicas, output = args.replicas.resolve(), args.output.resolve()
    known = bundled_sites(replicas)
    if unknown := [s for s in args.site or [] if s not in known]:
        parser.error(f"no bundled replica for {', '.join(unknown)} (have: {', '.join(known)})")
    output.mkdir(parents=True, exist_ok=True)
    jsonl_path, csv_path = output / "demo.jsonl", output / "demo.csv"
    for stale in (jsonl_path, csv_path):
        stale.unlink(missing_ok=True)

    runs = [SiteRun(site, replicas / site, output) for site in args.site or known]
    print(f"Crawling {len(runs)} bundled site(s) through the dev server (127.0.0.1):")
    width = max([14, *(len(run.site) for run in runs)])
    for run in runs:
        crawl_site(run, args, width)

    truth = shown_path(replicas / "<site>" / "truth.jsonl")
    print(f"\nAgainst the bundled truth ({truth}); fields: share of matched records equal to it")
    print(*match_table(runs), sep="\n")
    print(*publisher_lines(runs), sep="\n")
    for run in runs:
        took = f"{len(run.records)} articles in {run.elapsed:.1f} s"
        if run.problem is not None:
            verdict = f"FAILED: {run.problem}"
        elif run.matched:
            verdict = f"MATCH: every article once, every field equal to the truth ({took})"
        else:
            assert run.comparison is not None
            first = (run.comparison.missing + run.comparison.mismatches)[:3]
            verdict = f"MISMATCH ({took}); first differences: " + " | ".join(first)
        print(f"{run.site:<{width}} {verdict}")

    print("\nFiles:")
    ok = [r for r in runs if r.problem is None]
    if ok:
        count = merge_feeds(ok, jsonl_path, csv_path)
        sites = ", ".join(r.site for r in ok)
        print(f"  {shown_path(jsonl_path):<44} {count} records of {sites}, one JSON per line")
        print(f"  {shown_path(csv_path):<44} the same records as CSV")
    for run in runs:
        print(f"  {shown_path(run.file('log')):<44} the crawl's log ({run.site})")
        if run.report_file.exists():
            print(f"  {shown_path(run.report_file):<44} its run report")
    if runs:
        each = shown_path(runs[0].output / "demo-<site>")
        print(f"  {each + '.{jsonl,csv,stats.json}':<44} each site's own feeds and final stats")
        state = shown_path(runs[0].output / "demo-state")
        print(f"  {state:<44} the demo's crawl state (ignored: fresh=true)")
    if ok:
        print(f"Look at one record: head -n 1 {shown_path(jsonl_path)} | python3 -m json.tool")
    failed = [r.site for r in runs if not r.matched]
    if failed:
        print(f"\nmake demo: {', '.join(failed)} did not match (see above and the logs)")
        return 1
    print("\nmake demo: OK, every site matched its bundled truth")
    return 0


if __name__ == "__main__":
    sys.exit(main())
