"""``scrapy schedule`` checks the settings it would send before sending anything.

Nothing is sent in these cases, so no Scrapyd is needed: ``SCRAPYD_URL`` points at a listening
socket that records whether the command connected at all (tests/test_scrapyd.py runs the real
Scrapyd for what is sent).
"""

from __future__ import annotations

import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from scrapy.settings import Settings

from newscrawl import settings as project_settings
from newscrawl.paths import UnsafePath, check_job_settings
from tests.helpers.crawl import PROJECT, crawl_env


class Listener:
    """A TCP socket on a free 127.0.0.1 port that counts connections and closes each at once."""

    def __init__(self) -> None:
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.port: int = self.sock.getsockname()[1]
        self.connections = 0
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    def _accept(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return  # closed
            self.connections += 1
            conn.close()

    def close(self) -> None:
        self.sock.shutdown(socket.SHUT_RDWR)
        self.sock.close()
        self._thread.join(timeout=5)


@pytest.fixture
def listener() -> Iterator[Listener]:
    server = Listener()
    yield server
    server.close()


def schedule(listener: Listener, roots: Path, *settings: str) -> subprocess.CompletedProcess[str]:
    port = listener.port
    env = crawl_env(
        SCRAPYD_URL=f"http://127.0.0.1:{port}/",
        SCRAPYD_USERNAME="u",
        SCRAPYD_PASSWORD="p",
        NEWSCRAWL_ALLOWED_ROOTS=str(roots),
    )
    cmd = [sys.executable, "-m", "scrapy", "schedule", "limitedtimes", "-a", "days=1"]
    cmd += [f"--setting={value}" for value in settings]
    return subprocess.run(
        cmd, cwd=PROJECT, env=env, capture_output=True, text=True, timeout=60, check=False
    )


CASES = [
    ("NEWSCRAWL_OUTPUT_DIR={out}/feeds", "NEWSCRAWL_OUTPUT_DIR='{out}/feeds' is outside"),
    ("NEWSCRAWL_STATE_URI=sqlite://{out}/s.sqlite", "NEWSCRAWL_STATE_URI='{out}/s.sqlite' is"),
    ("LOG_FILE={out}/job.log", "LOG_FILE='{out}/job.log' is outside"),
    ("JOBDIR={out}/job", "JOBDIR='{out}/job' is outside"),
    ("HTTPCACHE_DIR={out}/cache", "HTTPCACHE_DIR='{out}/cache' is outside"),
    ("NEWSCRAWL_STATS_FILE={out}/stats.json", "NEWSCRAWL_STATS_FILE='{out}/stats.json' is"),
    ('FEEDS={{"{out}/f.jsonl": {{"format": "jsonlines"}}}}', "FEEDS='{out}/f.jsonl' is"),
    ('FEEDS={{"f.jsonl": {{"format": "jsonlines"}}}}', "FEEDS='f.jsonl': a job's path must be"),
    ("NEWSCRAWL_OUTPUT_DIR={root}/../x", "'..' is not allowed"),
    ("LOG_FILE=job.log", "LOG_FILE='job.log': a job's path must be absolute"),
    ("NEWSCRAWL_ALLOWED_ROOTS=/", "NEWSCRAWL_ALLOWED_ROOTS can only be set in the environ"),
]


@pytest.mark.parametrize(("setting", "says"), CASES)
def test_job_settings_rules(tmp_path: Path, setting: str, says: str) -> None:
    root, out = tmp_path / "root", tmp_path / "outside"
    fill = {"root": str(root), "out": str(out)}
    name, _, value = setting.format(**fill).partition("=")
    settings = Settings()
    settings.setmodule(project_settings, priority="project")
    settings.set("NEWSCRAWL_ALLOWED_ROOTS", str(root), priority="project")
    with pytest.raises(UnsafePath) as refused:
        check_job_settings(settings, {name: value}, "limitedtimes")
    assert says.format(**fill) in str(refused.value)
    # What the service's own environment decides is not the job's to check.
    check_job_settings(settings, {"DOWNLOAD_DELAY": "0"}, "limitedtimes")


@pytest.mark.parametrize(("setting", "says"), [CASES[2]])
def test_a_job_writing_outside_the_roots_is_refused_before_sending(
    listener: Listener, tmp_path: Path, setting: str, says: str
) -> None:
    root, out = tmp_path / "root", tmp_path / "outside"
    root.mkdir()
    fill = {"root": str(root), "out": str(out)}
    proc = schedule(listener, root, setting.format(**fill))
    assert proc.returncode == 2, proc.stderr
    assert proc.stdout == ""
    lines = proc.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("newscrawl: error: "), proc.stderr
    assert says.format(**fill) in lines[0]
    assert listener.connections == 0, "nothing may be sent"
    assert not out.exists()


def test_a_job_inside_the_roots_is_sent(listener: Listener, tmp_path: Path) -> None:
    """The check does not refuse what is fine: the command connects (and then fails with
    exit code 1, as the listener hangs up instead of answering like Scrapyd)."""
    proc = schedule(
        listener,
        tmp_path,
        f"NEWSCRAWL_OUTPUT_DIR={tmp_path / 'feeds'}",
        f"LOG_FILE={tmp_path / 'job.log'}",
        "DOWNLOAD_DELAY=0",
    )
    assert listener.connections >= 1, proc.stderr
    assert proc.returncode == 1, proc.stderr
