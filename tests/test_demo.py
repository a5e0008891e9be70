"""``make demo`` (scripts/demo.py) says whether it worked: per site, the match against its truth."""

from __future__ import annotations

import csv
import json
import shutil
import subprocess
import sys
from pathlib import Path

from newscrawl.sites import all_sites
from tests.helpers.crawl import PROJECT

DEMO = PROJECT / "scripts" / "demo.py"
SITES = PROJECT / "tests" / "fixtures" / "sites"


def run_demo(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(DEMO), *args],
        cwd=PROJECT,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


def _replicas() -> list[str]:
    """The bundled copies of the declared sites (``scrapy list``): ``<key>``, ``<key>+<v>``."""
    return sorted(p.name for p in SITES.iterdir() if p.name.split("+")[0] in all_sites())


def _publisher_counts(replica: str) -> tuple[int, int]:
    """Articles of declared and of undeclared publishers in a copy (its manifest)."""
    manifest = json.loads((SITES / replica / "manifest.json").read_text(encoding="utf-8"))
    undeclared = int(manifest["unknown_sources"]["articles"])
    return int(manifest["unique_articles"]) - undeclared, undeclared


def test_demo_prints_the_match_for_every_site(tmp_path: Path) -> None:
    proc = run_demo("--output", str(tmp_path))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    replicas = _replicas()
    assert {
        "limitedtimes",
        "limitedtimes+unknown-sources",
        "pressdigest",
        "pressdigest+unknown-sources",
    } <= set(replicas)
    sites = sorted({name.split("+")[0] for name in replicas})
    for replica in replicas:
        assert (
            f"{replica:<28} MATCH: every article once, every field equal to the truth"
            in proc.stdout
        )
    assert proc.stdout.rstrip().endswith("make demo: OK, every site matched its bundled truth")
    for replica in (r for r in replicas if "+" in r):  # undeclared publishers, apart
        declared, undeclared = _publisher_counts(replica)  # 45 and 15 in the bundled copies
        line = f"declared publishers {declared} of {declared} articles: every field 100%; "
        assert f"  {replica}: {line}" in proc.stdout
        assert (
            f"undeclared publishers {undeclared} of {undeclared} articles: every field 100%"
            in proc.stdout
        )
    table = proc.stdout.split("Against the bundled truth", 1)[1]
    assert "  title " in table and "  body " in table and "  exported " in table
    records = [json.loads(line) for line in (tmp_path / "demo.jsonl").read_text().splitlines()]
    assert {r["site"] for r in records} == set(sites)
    with (tmp_path / "demo.csv").open(encoding="utf-8-sig", newline="") as rows:
        assert len(list(csv.DictReader(rows))) == len(records)
    assert f"{len(records)} records of {', '.join(replicas)}" in proc.stdout
    for replica in replicas:
        assert (tmp_path / f"demo-{replica}.log").is_file()
        assert f"demo-{replica}.jsonl.report.json" in proc.stdout


def test_demo_says_when_a_site_does_not_match(tmp_path: Path) -> None:
    replicas = tmp_path / "replicas"
    shutil.copytree(SITES / "limitedtimes", replicas / "limitedtimes", symlinks=False)
    truth = replicas / "limitedtimes" / "truth.jsonl"
    lines = truth.read_text(encoding="utf-8").splitlines()
    first = json.loads(lines[0])
    first["title"] = "A title the page never had"
    truth.write_text("\n".join([json.dumps(first), *lines[1:]]) + "\n", encoding="utf-8")
    proc = run_demo("--output", str(tmp_path / "out"), "--replicas", str(replicas))
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "limitedtimes   MISMATCH" in proc.stdout
    assert f"{first['aggregator_url']} title" in proc.stdout  # the first difference, named
    title_row = next(line for line in proc.stdout.splitlines() if line.startswith("  title "))
    assert "98.3%" in title_row  # 59 of 60
    assert "make demo: limitedtimes did not match" in proc.stdout


def test_unknown_site_is_one_line(tmp_path: Path) -> None:
    proc = run_demo("--output", str(tmp_path), "--site", "nosuchsite")
    assert proc.returncode == 2
    bundled = {"limitedtimes", "limitedtimes+unknown-sources", "pressdigest"}
    assert bundled | {"pressdigest+unknown-sources"} <= set(_replicas())
    have = ", ".join(_replicas())
    assert f"no bundled replica for nosuchsite (have: {have})" in proc.stderr
