"""README.md and docs/ cannot rot: their offline command blocks run, their links resolve.

A block runs when the line before its ```sh fence is ``<!-- runs offline -->``. The blocks of one
page run in order, as one bash script (``set -euo pipefail``), in a temporary copy of the checkout
(a fresh clone's files, with this checkout's ``.venv``), the way a reader would paste them; the
one rewrite is the dev servers' ports 8000-8009, each of which becomes a free port so runs can go
in parallel. The copy holds, as a reader's checkout may, a feed of an earlier run of every site in
the default output folder: a trial must bring a state and an output folder of its own, or a crawl
is refused as a lost state (``state_missing``).
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

from newscrawl.sites import all_sites
from tests.helpers.crawl import PROJECT

MARK = "<!-- runs offline -->"
BLOCK = re.compile(r"^<!-- runs offline -->\n```(?P<lang>\w*)\n(?P<code>.*?)^```$", re.M | re.S)
LINK = re.compile(r"\]\((?P<target>[^)\s]+)\)")
#: The state file or output folder a trial crawl names (``sqlite://$PWD/trial/...``, ``trial/...``).
TRIAL_STATE = re.compile(r"sqlite://\$PWD/(?P<path>\S+)")
TRIAL_OUTPUT = re.compile(r"NEWSCRAWL_OUTPUT_DIR=(?:\$PWD/)?(?P<path>\S+)")
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


def seed_earlier_feeds(copy: Path) -> None:
    """A feed of an earlier run of each site in the default output folder (``output/<site>/``),
    as a run without ``-O`` leaves it."""
    for site in all_sites():
        folder = copy / "output" / site
        folder.mkdir(parents=True, exist_ok=True)
        record = {"url": f"https://{site}.example/earlier", "site": site}
        (folder / "2022-01-01T00-00-00+00-00.jsonl").write_text(json.dumps(record) + "\n")


def run_page(page: Path, tmp_path: Path) -> tuple[Path, subprocess.CompletedProcess[str]]:
    copy = clone(tmp_path / "clone")
    seed_earlier_feeds(copy)
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


def trial_places(page: Path) -> set[str]:
    """The state files and output folders the crawls of a page's blocks name."""
    code = "\n".join(offline_blocks(page))
    states = {m["path"] for m in TRIAL_STATE.finditer(code)}
    return states | {m["path"] for m in TRIAL_OUTPUT.finditer(code)}


def test_each_page_trial_has_a_state_and_output_folder_of_its_own() -> None:
    """A page's counts hold whichever pages ran before: its crawls of a bundled copy name a
    state and an output folder, and no other page names the same."""
    owners: dict[str, str] = {}
    for page in RUNNABLE:
        code = "\n".join(offline_blocks(page))
        if not re.search(r"scrapy crawl \w+ -a base_url=http://127\.0\.0\.1", code):
            continue
        assert "NEWSCRAWL_STATE_URI=" in code and "NEWSCRAWL_OUTPUT_DIR=" in code, page.name
        for place in trial_places(page):
            assert place.startswith("trial/"), f"{page.name}: {place} outside trial/"
            assert owners.setdefault(place, page.name) == page.name, (
                f"{page.name} and {owners[place]} share {place}"
            )
    assert len(set(owners.values())) >= 5, owners


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
