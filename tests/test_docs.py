"""README.md and docs/ cannot rot: their offline command blocks run, their links resolve.

A block runs when the line before its ```sh fence is ``<!-- runs offline -->``. The blocks of one
page run in order, as one bash script (``set -euo pipefail``), in a temporary copy of the checkout
(a fresh clone's files, with this checkout's ``.venv``), the way a reader would paste them; the
one rewrite is the dev servers' ports 8000-8009, each of which becomes a free port so runs can go
in parallel.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
from pathlib import Path

import pytest

from tests.helpers.crawl import PROJECT

MARK = "<!-- runs offline -->"
BLOCK = re.compile(r"^<!-- runs offline -->\n```(?P<lang>\w*)\n(?P<code>.*?)^```$", re.M | re.S)
LINK = re.compile(r"\]\((?P<target>[^)\s]+)\)")
PAGES = [PROJECT / "README.md", *sorted((PROJECT / "docs").glob("*.md"))]


def offline_blocks(page: Path) -> list[str]:
    text = page.read_text(encoding="utf-8")
    blocks = list(BLOCK.finditer(text))
    marks = re.findall(rf"^{re.escape(MARK)}$", text, re.M)
    assert len(blocks) == len(marks), f"{page.name}: a mark not right before a fence"
    for block in blocks:
        assert block["lang"] in ("sh", "bash"), f"{page.name}: marked block is not sh"
    return [block["code"] for block in blocks]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def clone(into: Path) -> Path:
    """The checkout's files as a clone has them (tracked and new, not ignored), and its venv."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=PROJECT,
        capture_output=True,
        check=True,
    ).stdout.decode()
    for name in filter(None, listed.split("\0")):
        source, target = PROJECT / name, into / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if source.is_symlink():
            target.symlink_to(os.readlink(source))
        elif source.is_file():
            shutil.copy2(source, target)
    (into / ".venv").symlink_to((PROJECT / ".venv").resolve())
    return into


def run_page(page: Path, tmp_path: Path) -> tuple[Path, subprocess.CompletedProcess[str]]:
    copy = clone(tmp_path / "clone")
    ports: dict[str, str] = {}  # 8000, 8001... each to its own free port

    def free(match: re.Match[str]) -> str:
        return ports.setdefault(match[0], str(free_port()))

    script = "\n".join(
        [
            "set -euo pipefail",
            "trap 'kill $(jobs -p) 2>/dev/null || true' EXIT",
            *(re.sub(r"\b800[0-9]\b", free, code) for code in offline_blocks(page)),
        ]
    )
    # A reader's shell: none of this test run's project or Scrapyd variables.
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NEWSCRAWL_", "SCRAPYD_"))}
    env.pop("PYTHONPATH", None)
    proc = subprocess.run(
        ["bash", "-c", script],
        cwd=copy,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    return copy, proc


RUNNABLE = [page for page in PAGES if offline_blocks(page)]


def test_the_front_door_and_the_docs_have_runnable_blocks() -> None:
    names = {page.relative_to(PROJECT).as_posix() for page in RUNNABLE}
    assert "README.md" in names
    assert len(names) >= 6, names


@pytest.mark.parametrize("page", RUNNABLE, ids=lambda p: p.relative_to(PROJECT).as_posix())
def test_offline_blocks_run(page: Path, tmp_path: Path) -> None:
    copy, proc = run_page(page, tmp_path)
    assert proc.returncode == 0, (
        f"{page.name} blocks failed:\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}"
    )
    if page.name == "README.md":
        # The quick start's promise: a feed of the bundled site, with a readable first record.
        trial = copy / "trial"
        records = [
            json.loads(line) for line in (trial / "quickstart.jsonl").read_text().splitlines()
        ]
        assert len(records) == 60
        assert len((trial / "press.jsonl").read_text().splitlines()) == 60
        # The trials keep a state of their own: a later live run's state/state.sqlite is new.
        assert (trial / "state.sqlite").exists() and not (copy / "state" / "state.sqlite").exists()
        assert '"site": "limitedtimes"' in proc.stdout
        assert "Run report limitedtimes (finished): listing pages 9, articles new 60" in proc.stderr


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.relative_to(PROJECT).as_posix())
def test_links_resolve(page: Path) -> None:
    for match in LINK.finditer(page.read_text(encoding="utf-8")):
        target = match["target"].split("#", 1)[0]
        if not target or re.match(r"^[a-z]+:", target):
            continue  # an anchor or an absolute URL
        assert (page.parent / target).exists(), f"{page.name}: broken link {match['target']}"


def test_readme_is_a_front_door() -> None:
    lines = (PROJECT / "README.md").read_text(encoding="utf-8").splitlines()
    assert 150 <= len(lines) <= 250, len(lines)
