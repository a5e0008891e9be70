"""A feed that will not be written is refused before the first request, however the run starts."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from scrapy.utils.project import get_project_settings

from devtools.server import ReplicaServer, serve
from newscrawl.exitcodes import BAD_ARGUMENTS, FEED_REFUSED
from newscrawl.feedtargets import FeedRefused, check_feeds
from tests.helpers.crawl import PROJECT, TEST_SETTINGS, crawl_command, crawl_env
from tests.helpers.ftp_server import PASSWORD, FtpServer

ONE_DAY = {"start": "2022-01-10", "end": "2022-01-10"}
BLOCKER = Path(__file__).parent / "helpers" / "blockimports"
#: No AWS credentials anywhere boto3 looks (and no instance metadata lookup).
NO_AWS = {
    "AWS_ACCESS_KEY_ID": "",
    "AWS_SECRET_ACCESS_KEY": "",
    "AWS_SESSION_TOKEN": "",
    "AWS_PROFILE": "",
    "AWS_CONFIG_FILE": "/nonexistent/aws-config",
    "AWS_SHARED_CREDENTIALS_FILE": "/nonexistent/aws-credentials",
    "AWS_EC2_METADATA_DISABLED": "true",
}


def _env(blocked: str = "", **extra: str) -> dict[str, str]:
    """A crawl's environment; ``blocked`` packages fail to import for real (sitecustomize)."""
    env = crawl_env(**{**NO_AWS, **extra})
    env = {k: v for k, v in env.items() if v != "" or not k.startswith("AWS_")}
    if blocked:
        env["PYTHONPATH"] = f"{BLOCKER}{os.pathsep}{env['PYTHONPATH']}"
        env["TEST_BLOCKED_IMPORTS"] = blocked
    return env


def _crawl(
    tmp_path: Path, server: ReplicaServer, feed: list[str], env: dict[str, str], name: str
) -> subprocess.CompletedProcess[str]:
    settings = {
        **TEST_SETTINGS,
        "NEWSCRAWL_STATE_URI": f"sqlite://{tmp_path / 'runs' / name / 'state.sqlite'}",
        "NEWSCRAWL_STATS_FILE": str(tmp_path / "runs" / name / "stats.json"),
    }
    cmd = crawl_command({"base_url": server.url, **ONE_DAY}, settings) + feed
    return subprocess.run(
        cmd, cwd=PROJECT, env=env, capture_output=True, text=True, timeout=60, check=False
    )


def test_feeds_that_would_not_be_written_are_refused_before_any_request(
    replica_root: Path, tmp_path: Path
) -> None:
    fifo = tmp_path / "fifo.jsonl"
    os.mkfifo(fifo)
    roots = tmp_path / "roots"
    roots.mkdir()
    outside = tmp_path / "outside.jsonl"
    outside.write_text('{"url": "https://outside.example/1"}\n', encoding="utf-8")
    os.link(outside, roots / "linked.jsonl")
    plain = _env()
    cases: dict[str, tuple[list[str], dict[str, str], str]] = {
        "unknown scheme": (["-O", "bogus://h/x.jsonl"], plain, "unknown storage scheme"),
        "s3 without boto3": (
            ["-O", "s3://bucket/x.jsonl"],
            _env("boto3,botocore"),
            "needs the Python package botocore",
        ),
        "json append": (["-o", str(tmp_path / "a.json")], plain, "cannot be appended to"),
        "fifo": (["-O", str(fifo)], plain, "FIFO"),
        "hard link out of the roots": (
            ["-o", str(roots / "linked.jsonl")],
            _env(NEWSCRAWL_ALLOWED_ROOTS=f"{roots}{os.pathsep}{tmp_path / 'runs'}"),
            "hard link (2 names)",
        ),
        "ftp host not answering": (
            ["-O", f"ftp://u:p@127.0.0.1:{_closed_port()}/x.jsonl"],
            plain,
            "does not answer",
        ),
    }
    with serve(replica_root) as server, ThreadPoolExecutor(max_workers=2) as pool:
        runs = {
            case: pool.submit(_crawl, tmp_path, server, feed, env, f"run{i}")
            for i, (case, (feed, env, _)) in enumerate(cases.items())
        }
        results = {case: run.result() for case, run in runs.items()}
        assert server.request_log == [], "a request was made before the feed was checked"
    for case, proc in results.items():
        why = cases[case][2]
        lines = proc.stderr.strip().splitlines()
        assert proc.returncode == BAD_ARGUMENTS, (case, proc.stderr[-2000:])
        assert len(lines) == 1 and lines[0].startswith("newscrawl: error: feed "), (case, lines)
        assert why in lines[0] and "refused" in lines[0], (case, lines[0])
    # Nothing was written or recorded: no state, no feed, the linked file outside untouched.
    assert not any(tmp_path.glob("runs/*/state.sqlite"))
    assert not (tmp_path / "a.json").exists()
    assert outside.read_text(encoding="utf-8").count("\n") == 1


def _refusal(settings: dict[str, Any]) -> str:
    """The one line check_feeds refuses ``settings`` with (the project's settings beneath)."""
    merged = get_project_settings()
    merged.setdict(settings, priority="cmdline")
    with pytest.raises(FeedRefused) as refused:
        check_feeds(merged, "limitedtimes")
    return str(refused.value)


def test_remote_storages_that_cannot_append_or_log_in_and_special_files_are_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name, value in NO_AWS.items():
        if value:
            monkeypatch.setenv(name, value)
        else:
            monkeypatch.delenv(name, raising=False)
    earlier = tmp_path / "earlier.json"
    earlier.write_text("[]", encoding="utf-8")
    append = {"format": "jsonlines", "overwrite": False}
    replace = {"format": "jsonlines", "overwrite": True}
    with FtpServer(tmp_path / "ftp", tmp_path) as ftp:
        cases = {
            "s3 without credentials": ({"s3://bucket/x.jsonl": replace}, "no AWS credentials"),
            "s3 append": ({"s3://bucket/x.jsonl": append}, "S3 cannot append"),
            "gs without its package": ({"gs://b/x.jsonl": replace}, "google.cloud.storage"),
            "json append, FEEDS": ({str(earlier): {"format": "json"}}, "cannot be appended"),
            "xml append": ({str(tmp_path / "a.xml"): {"format": "xml", "overwrite": False}}, "xml"),
            "device": ({"/dev/null": replace}, "character device"),
            "unknown format": ({str(tmp_path / "a.x"): {"format": "x"}}, "unknown feed format"),
            "batches in one file": (
                {str(tmp_path / "b.jsonl"): {"format": "jsonlines", "batch_item_count": 5}},
                "batch_item_count needs",
            ),
            "ftp login refused": (
                {ftp.feed_url("x.jsonl", password="wrong"): replace},
                "refuses the login",
            ),
            "ftp append": ({ftp.feed_url("x.jsonl"): append}, "torn tail"),
        }
        lines = {case: _refusal({"FEEDS": feeds}) for case, (feeds, _) in cases.items()}
        lines["s3 endpoint not answering"] = _refusal(
            {
                "FEEDS": {"s3://bucket/x.jsonl": replace},
                "AWS_ACCESS_KEY_ID": "AKIDTEST",
                "AWS_SECRET_ACCESS_KEY": "test",
                "AWS_ENDPOINT_URL": f"http://127.0.0.1:{_closed_port()}",
            }
        )
        cases["s3 endpoint not answering"] = ({}, "the S3 endpoint")
        # A server that answers and a login it takes: no refusal; nothing was written.
        assert check_feeds(_settings({ftp.feed_url("x.jsonl"): replace}), "limitedtimes") is None
        assert list((tmp_path / "ftp").iterdir()) == []
    for case, line in lines.items():
        assert cases[case][1] in line and line.startswith("feed "), (case, line)
        assert PASSWORD not in line and "wrong" not in line  # passwords are not shown
    assert earlier.read_text(encoding="utf-8") == "[]"


def _settings(feeds: dict[str, Any]) -> Any:
    """The project's settings with ``FEEDS`` set as on the command line."""
    merged = get_project_settings()
    merged.setdict({"FEEDS": feeds}, priority="cmdline")
    return merged


def _closed_port() -> int:
    """A port of 127.0.0.1 nothing listens on (bound, then closed)."""
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


CRAWLER_PROCESS = """
import json, sys
from scrapy.crawler import Crawler, CrawlerProcess
from scrapy.utils.project import get_project_settings
from newscrawl.sites.limitedtimes import LimitedTimesSpider

process = CrawlerProcess(get_project_settings())
for i, overrides in enumerate(json.loads(sys.argv[1])):
    settings = get_project_settings()
    settings.setdict(overrides, priority="cmdline")
    if overrides.get("TEST_FEED_EXPORTER_OFF"):
        extensions = settings.getdict("EXTENSIONS")
        extensions["scrapy.extensions.feedexport.FeedExporter"] = None
        settings.set("EXTENSIONS", extensions, priority="cmdline")
    crawler = Crawler(LimitedTimesSpider, settings, init_reactor=i == 0)  # the first installs it
    process.crawl(crawler, base_url=sys.argv[2],
                  start="2022-01-10", end="2022-01-10")
process.start()
"""


def test_a_crawler_process_without_a_working_feed_exporter_stops_before_any_request(
    replica_root: Path, tmp_path: Path
) -> None:
    """A CrawlerProcess script (also what `scrapy runspider` and other runners use) skips
    `scrapy crawl`: Scrapy switches the feed exporter off for an S3 feed without boto3 (its
    import fails for real in this process), would hang on a FIFO, and a project may switch it
    off; the feed guard refuses each before the state opens. Three crawlers in one process."""
    fifo = tmp_path / "fifo.jsonl"
    os.mkfifo(fifo)
    cases = {
        "s3 without boto3": ("s3://bucket/x.jsonl", "botocore"),
        "fifo": (str(fifo), "FIFO"),
        # Scrapy switches the feed exporter off when it is disabled in EXTENSIONS.
        "feed exporter off": (str(tmp_path / "x.jsonl"), "not enabled"),
    }
    crawls = [
        {
            **TEST_SETTINGS,
            "FEEDS": {uri: {"format": "jsonlines", "overwrite": True}},
            "NEWSCRAWL_STATE_URI": f"sqlite://{tmp_path / f'run{i}' / 'state.sqlite'}",
            "NEWSCRAWL_STATS_FILE": str(tmp_path / f"run{i}" / "stats.json"),
            "TEST_FEED_EXPORTER_OFF": case == "feed exporter off",
        }
        for i, (case, (uri, _)) in enumerate(cases.items())
    ]
    with serve(replica_root) as server:
        proc = subprocess.run(
            [sys.executable, "-c", CRAWLER_PROCESS, json.dumps(crawls), server.url],
            cwd=PROJECT,
            env=_env("boto3,botocore"),
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert server.request_log == [], "a request was made before the feed was checked"
    assert "Traceback" not in proc.stderr, proc.stderr[-3000:]
    refused = [line for line in proc.stderr.splitlines() if "Feed refused:" in line]
    assert len(refused) == len(cases), proc.stderr[-3000:]
    for i, (case, (_, why)) in enumerate(cases.items()):
        stats: dict[str, Any] = json.loads((tmp_path / f"run{i}" / "stats.json").read_text())
        assert stats["finish_reason"] == FEED_REFUSED, (case, proc.stderr[-3000:])
        assert any(why in line for line in refused), (case, refused)
        assert "item_scraped_count" not in stats and "downloader/request_count" not in stats
    # The state store was never opened: nothing claimed, nothing recorded.
    assert not any(tmp_path.glob("run*/state.sqlite"))
