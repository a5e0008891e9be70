"""Scrapy's tools (``parse``, ``shell``, ``check``, ``fetch``) have no side effects.

Each runs as a real subprocess against its own replica server, with the feed folder, the state
store and a stats file in its own temporary folder (and a Redis URL that nothing listens on):
afterwards that folder is empty. The runs start together, so the module costs one start-up.
"""

from __future__ import annotations

import json
import socket
import subprocess
import sys
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from parsel import Selector
from scrapy.settings import Settings

from devtools.server import ReplicaServer, serve
from newscrawl import settings as project_settings
from newscrawl.commands.tools import without_side_effects
from newscrawl.sites.limitedtimes import SITE
from tests.helpers.crawl import PROJECT, crawl_env

LISTING = "/archive/2022-01-10"
LISTING_FILE = "archive/2022-01-10/page/1.html"


@dataclass
class ToolRun:
    proc: subprocess.CompletedProcess[str]
    server: ReplicaServer
    folder: Path

    @property
    def fetched(self) -> list[str]:
        return [target for _, target in self.server.request_log if target != "/robots.txt"]


def _dead_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port  # closed again: nothing listens there


def _article(replica_root: Path) -> str:
    hrefs = Selector((replica_root / LISTING_FILE).read_text(encoding="utf-8")).css(
        f"{SITE.card} {SITE.card_link}"
    )
    return str(hrefs[0].get())


TOOLS: dict[str, list[str]] = {
    "parse-c-listing": ["parse", "{url}" + LISTING, "-c", "parse_listing", "-a", "base_url={url}"],
    "parse-listing": ["parse", "{url}" + LISTING, "-a", "base_url={url}"],
    "parse-article": ["parse", "{url}{article}", "-a", "base_url={url}"],
    "shell": ["shell", "{url}" + LISTING, "-c", "len(response.css('article.card'))"],
    "fetch": ["fetch", "{url}{article}"],
    "check": ["check", "limitedtimes", "-a", "base_url={url}"],
}


@pytest.fixture(scope="module")
def runs(
    replica_root: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[dict[str, ToolRun]]:
    article = _article(replica_root)
    redis_url = f"redis://127.0.0.1:{_dead_port()}/0"
    with ExitStack() as stack:
        started: dict[str, tuple[subprocess.Popen[str], ReplicaServer, Path]] = {}
        for name, template in TOOLS.items():
            server = stack.enter_context(serve(replica_root))
            folder = tmp_path_factory.mktemp(name)
            argv = [part.format(url=server.url, article=article) for part in template]
            if argv[0] != "check":
                argv += ["--spider", "limitedtimes"]
            argv += ["-s", f"NEWSCRAWL_STATS_FILE={folder / 'stats.json'}"]
            env = crawl_env(
                NEWSCRAWL_OUTPUT_DIR=str(folder / "output"),
                NEWSCRAWL_STATE_URI=f"sqlite://{folder / 'state' / 'state.sqlite'}",
                NEWSCRAWL_REDIS_URL=redis_url,
            )
            proc = subprocess.Popen(
                [sys.executable, "-m", "scrapy", *argv],
                cwd=PROJECT,
                env=env,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            started[name] = (proc, server, folder)
        results = {}
        for name, (proc, server, folder) in started.items():
            out, err = proc.communicate(timeout=120)
            done = subprocess.CompletedProcess(proc.args, proc.returncode, out, err)
            results[name] = ToolRun(done, server, folder)
        yield results


@pytest.mark.parametrize("name", list(TOOLS))
def test_a_tool_leaves_nothing_behind(runs: dict[str, ToolRun], name: str) -> None:
    """No state file, journal, feed, report or stats file (they all did, but check)."""
    run = runs[name]
    assert run.proc.returncode == 0, run.proc.stderr[-3000:]
    assert "Traceback" not in run.proc.stderr, run.proc.stderr[-3000:]
    assert list(run.folder.rglob("*")) == [], "a tool wrote files"


def _shown_requests(stdout: str) -> list[str]:
    requests = stdout.split("# Requests")[-1]
    return [part.split(">")[0] for part in requests.split("<GET ")[1:]]


def test_parse_a_listing_shows_its_article_requests_without_fetching_them(
    runs: dict[str, ToolRun], replica_root: Path
) -> None:
    """It fetched the 19 articles into a feed and recorded them as exported; without ``-c``
    it was a NotImplementedError traceback."""
    html = (replica_root / LISTING_FILE).read_text(encoding="utf-8")
    cards = Selector(html).css(f"{SITE.card} {SITE.card_link}").getall()
    for name in ("parse-c-listing", "parse-listing"):
        run = runs[name]
        expected = {run.server.url + href for href in cards}
        shown = _shown_requests(run.proc.stdout)
        assert expected <= set(shown), run.proc.stdout[-3000:]
        assert f"{run.server.url}{LISTING}?page=2" in shown
        assert run.fetched == [LISTING], "only the listing itself is fetched"


def test_parse_an_article_without_a_callback_parses_it_as_an_article(
    runs: dict[str, ToolRun], replica_truth: list[dict[str, Any]]
) -> None:
    run = runs["parse-article"]
    path = run.fetched[0]
    truth = next(t for t in replica_truth if t["aggregator_url"] == path)
    items = run.proc.stdout.split("# Scraped Items")[1].split("# Requests")[0]
    assert f"'url': '{run.server.url}{path}'" in items
    title = json.dumps(truth["title"])[1:-1]
    assert title.split()[0] in items and "Traceback" not in run.proc.stderr


def test_shell_fetch_and_check_still_do_their_job(
    runs: dict[str, ToolRun], replica_root: Path
) -> None:
    html = (replica_root / LISTING_FILE).read_text(encoding="utf-8")
    assert runs["shell"].proc.stdout.strip() == str(len(Selector(html).css(SITE.card)))
    fetched = runs["fetch"].proc.stdout
    assert "<html" in fetched and runs["fetch"].fetched == [_article(replica_root)]
    assert "Ran 0 contracts" in runs["check"].proc.stderr


def test_a_tool_still_keeps_its_log_inside_the_roots(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    settings = Settings()
    settings.setmodule(project_settings, priority="project")
    settings.set("NEWSCRAWL_ALLOWED_ROOTS", str(tmp_path), priority="project")
    settings.set("LOG_FILE", "/var/log/parse.log", priority="cmdline")
    with pytest.raises(SystemExit) as refused:
        without_side_effects(settings)
    assert refused.value.code == 2
    assert capsys.readouterr().err == (
        f"newscrawl: error: LOG_FILE='/var/log/parse.log' is outside NEWSCRAWL_ALLOWED_ROOTS "
        f"({tmp_path})\n"
    )
    settings.set("LOG_FILE", str(tmp_path / "parse.log"), priority="cmdline")
    without_side_effects(settings)  # inside: fine (and the feed, state, stats are off)
    assert settings.getdict("FEEDS") == {} and not settings.get("NEWSCRAWL_STATE_URI")


def test_parse_off_the_site_says_why_and_fails(replica_root: Path, tmp_path: Path) -> None:
    """A page of the local copy without ``-a base_url`` is off-site for the live site's spider.
    Before: dropped with the reason at DEBUG only, "No response downloaded", exit code 0."""
    with serve(replica_root) as server:
        url = server.url + _article(replica_root)
        proc = subprocess.run(
            [sys.executable, "-m", "scrapy", "parse", url, "--spider", "limitedtimes"],
            cwd=PROJECT,
            env=crawl_env(NEWSCRAWL_STATE_URI=f"sqlite://{tmp_path / 'state.sqlite'}"),
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert server.request_log == []
    assert proc.returncode == 2, proc.stderr
    errors = [line for line in proc.stderr.splitlines() if " ERROR: " in line]
    assert len(errors) == 1, proc.stderr
    assert errors[0].endswith(
        f"ERROR: Not fetched: {url} is outside the site spider limitedtimes crawls "
        f"({SITE.base_url}); to parse a copy served there, add -a base_url={server.url}"
    )


def test_parse_with_a_bad_spider_argument_is_one_line(replica_root: Path, tmp_path: Path) -> None:
    """Before: the spider raised the bad ``-a`` in a traceback (as ``scrapy crawl`` did before it
    checked arguments up front)."""
    with serve(replica_root) as server:
        url = server.url + _article(replica_root)
        proc = subprocess.run(
            [sys.executable, "-m", "scrapy", "parse", url, "--spider", "limitedtimes"]
            + ["-a", f"base_url={server.url}", "-a", "days=abc"],
            cwd=PROJECT,
            env=crawl_env(NEWSCRAWL_STATE_URI=f"sqlite://{tmp_path / 'state.sqlite'}"),
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert server.request_log == []
    assert proc.returncode == 2, proc.stderr
    assert proc.stderr.splitlines() == [
        "newscrawl: error: invalid spider argument days='abc': not a whole number; expected a "
        "whole number of days from 1 to 3660"
    ]


@pytest.mark.parametrize(
    ("setting", "message"),
    [
        ("LOG_LEVEL=verbose", "bad setting: LOG_LEVEL='verbose': not a log level: one of"),
        ("LOG_FILE=/nonexistent-newscrawl/x.log", "bad setting: LOG_FILE='/nonexistent-newscrawl"),
        ("JOBDIR=/proc/j", "bad setting: JOBDIR='/proc/j': cannot create or write in it"),
    ],
)
def test_a_tool_refuses_a_bad_logging_or_job_setting_in_one_line(
    setting: str, message: str
) -> None:
    """Scrapy reads these before any component (``scrapy parse -s LOG_LEVEL=debug`` was
    ``ValueError: Unknown level``, a traceback and exit 1); the tools check them like
    ``scrapy crawl``. Nothing listens at the URL: nothing would be fetched anyway."""
    proc = subprocess.run(
        [sys.executable, "-m", "scrapy", "parse", "http://127.0.0.1:9/", "--spider"]
        + ["limitedtimes", "-s", setting],
        cwd=PROJECT,
        env=crawl_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 2, proc.stderr
    lines = proc.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"newscrawl: error: {message}"), lines
