"""What a crawl prints: no warning for an unset setting, progress lines, the report last.

Real crawls over the dev server (``scrapy crawl`` in a subprocess, LOG_LEVEL INFO as shipped).
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from devtools.server import ReplicaServer, serve
from tests.helpers.crawl import PROJECT, crawl_env, run_crawl

DAYS = {"start": "2022-01-09", "end": "2022-01-14"}
LINE = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d \[(?P<logger>[^\]]+)\] (?P<level>[A-Z]+): ")


def log_lines(stderr: str) -> list[tuple[str, str, str]]:
    """(logger, level, message) of each log record (continuation lines belong to the record)."""
    records: list[tuple[str, str, str]] = []
    for line in stderr.splitlines():
        match = LINE.match(line)
        if match:
            records.append((match["logger"], match["level"], line[match.end() :]))
        elif records:
            logger, level, text = records[-1]
            records[-1] = (logger, level, text + "\n" + line)
    return records


FIXTURES = Path(__file__).parent / "fixtures"


_READING = re.compile(
    r"Progress: listings \d+ read( \(\d+ failed\))?, still reading; articles \d+ found"
)
_FETCHING = re.compile(
    r"Progress: listings \d+ read( \(\d+ failed\))?, done; articles \d+ queued, (?P<done>\d+) "
    r"done \(\d+ exported, \d+ dropped, \d+ failed, \d+ dead links\), (?P<to_go>\d+) to go"
    r"(?P<left>, about .+ left)?"
)


def _assert_progress_lines(progress: list[str], fetching_seen: bool) -> None:
    """Every progress line is a reading line or a fetching line; once listings are done, a
    line shows the time left exactly when the rate is known (articles done since the first
    fetching line) and articles are left. How many lines of each kind a run prints depends on
    the machine's speed, so that is not asserted (a JavaScript listing may finish after most
    articles did); ``fetching_seen``: a line with the time left must be among them (an
    archive walk, whose listings are read in a moment and whose articles take a while at 20 ms
    a page)."""
    first_done: int | None = None
    for line in progress:
        if _READING.fullmatch(line):
            assert first_done is None, progress  # no reading after the listings were done
            continue
        fetching = _FETCHING.fullmatch(line)
        assert fetching is not None, line
        done, to_go = int(fetching["done"]), int(fetching["to_go"])
        if first_done is None:
            first_done = done
            assert fetching["left"] is None, line  # no rate yet
        else:
            assert (fetching["left"] is not None) == (done > first_done and to_go > 0), line
    if fetching_seen:  # and with a rate, so the time left, at least once
        lefts = [m["left"] for m in map(_FETCHING.fullmatch, progress) if m]
        assert any(lefts), progress


@pytest.mark.parametrize(
    ("site", "replica", "walk"),
    [
        ("limitedtimes", "sites/limitedtimes", "archive"),
        ("pressdigest", "sites/pressdigest", "archive"),
        # Category listings built by JavaScript: through Chromium, which closes after the report.
        ("limitedtimes", "replica-js", "categories"),
    ],
)
def test_normal_crawl_is_quiet_and_ends_with_the_report(
    site: str, replica: str, walk: str, tmp_path: Path
) -> None:
    manifest = json.loads((FIXTURES / replica / "manifest.json").read_text(encoding="utf-8"))
    days = {"start": manifest["archive_days"][0], "end": manifest["archive_days"][-1]}
    args = days if walk == "archive" else {"categories": "news,world"}
    # A slow server (20 ms a page) so the crawl lasts long enough for several progress lines.
    with serve(FIXTURES / replica / "site", delay=0.02) as server:
        result = run_crawl(
            tmp_path,
            {"base_url": server.url, **args},
            spider=site,
            settings={"NEWSCRAWL_PROGRESS_INTERVAL": "0.2", "NEWSCRAWL_STATS_FILE": ""},
        )
    assert result.returncode == 0, result.stderr[-3000:]
    records = log_lines(result.stderr)
    assert records, result.stderr
    # Nothing at WARNING or above (the unset NEWSCRAWL_STATS_FILE included).
    assert [r for r in records if r[1] not in ("INFO", "DEBUG")] == []
    assert "NEWSCRAWL_STATS_FILE" not in result.stderr
    # Start-up: the first useful line comes at once, no component lists or settings dumps.
    first_lines = [message for _, _, message in records[:3]]
    assert first_lines[:2] == ["Scrapy 2.19.0 started (bot: newscrawl)", "Spider opened"]
    for noise in ("Enabled extensions", "Overridden settings", "Versions:", "Dumping Scrapy stats"):
        assert noise not in result.stderr, noise
    # Progress lines while crawling: listings, then articles queued/done/to go with time left.
    progress = [m for logger, _, m in records if logger == "newscrawl.extensions.progress"]
    assert len(progress) >= 3, progress
    _assert_progress_lines(progress, fetching_seen=walk == "archive")
    # The run report is the last block: every line after "Spider closed" is the report's.
    closed = next(i for i, r in enumerate(records) if r[2].startswith("Spider closed"))
    tail = records[closed + 1 :]
    assert tail and {logger for logger, _, _ in tail} == {"newscrawl.extensions.runreport"}
    assert tail[0][2].startswith(f"Run report {site} (finished): listing pages ")
    assert tail[-2][2] == f"Feed: {result.feed}"
    assert tail[-1][2] == f"Run report: {result.feed}.report.json"
    if walk == "archive":
        assert len(result.records) == manifest["unique_articles"]
    else:
        assert result.records and "Browser started" in result.stderr


def test_debug_still_shows_what_info_hides(replica_server: ReplicaServer, tmp_path: Path) -> None:
    result = run_crawl(
        tmp_path,
        {"base_url": replica_server.url, **DAYS},
        settings={"LOG_LEVEL": "DEBUG", "NEWSCRAWL_STATS_FILE": ""},
    )
    assert result.returncode == 0, result.stderr[-3000:]
    levels = {m.split(":")[0]: level for _, level, m in log_lines(result.stderr)}
    assert levels["Overridden settings"] == "DEBUG"
    assert levels["Dumping Scrapy stats"] == "DEBUG"
    assert levels["Enabled extensions"] == "DEBUG"
    assert "Off: NEWSCRAWL_STATS_FILE is not set" in result.stderr


def test_scrapy_fetch_prints_no_warning(replica_server: ReplicaServer) -> None:
    """A tool's default spider holds no articles: the frontier passes its request on, quietly."""
    proc = subprocess.run(
        [sys.executable, "-m", "scrapy", "fetch", f"{replica_server.url}/robots.txt"],
        cwd=PROJECT,
        env=crawl_env(),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "Disallow: /search" in proc.stdout
    assert [r for r in log_lines(proc.stderr) if r[1] not in ("INFO", "DEBUG")] == []


def test_scrapy_parse_prints_no_warning(replica_server: ReplicaServer) -> None:
    page = "tech/2022-01-12-worldwide-outage-at-lumina-labs-millions-without-service.H149vAi6I.html"
    url = f"{replica_server.url}/{page}"
    proc = subprocess.run(
        [sys.executable, "-m", "scrapy", "parse", url, "--spider", "limitedtimes"]
        + ["-a", f"base_url={replica_server.url}", "-s", "TELNETCONSOLE_ENABLED=False"],
        cwd=PROJECT,
        env=crawl_env(),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "'title': 'Worldwide outage at Lumina Labs: Millions without service'" in proc.stdout
    assert [r for r in log_lines(proc.stderr) if r[1] not in ("INFO", "DEBUG")] == []
