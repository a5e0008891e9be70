"""Adding a third site as docs/adding-a-site.md says, in a copy of the checkout: one module and
its fixtures, no other file. The site (``tests/helpers/newsite.py``) is a WordPress republisher
whose post URLs carry no date, with core sitemaps and no news sitemap: the site-level tests pick
it up, the dev server serves it by its declared layout, and a sitemap walk keeps the earlier of two
copies although the earlier one was edited after its duplicate (its ``lastmod`` is later)."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from devtools.truth import compare
from tests.helpers import newsite
from tests.helpers.crawl import PROJECT, TEST_SETTINGS, crawl_command

#: Top-level folders a checkout copy does without (virtualenv, VCS, outputs, caches).
SKIP_TOP = {".venv", ".git", "output", "state", "trial", "build", ".mypy_cache", ".ruff_cache"}


def _ignore(folder: str, names: list[str]) -> set[str]:
    skip = SKIP_TOP if Path(folder) == PROJECT else set()
    return {n for n in names if n in skip or n in ("__pycache__", ".pytest_cache")}


@pytest.fixture(scope="module")
def copy(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Path]]:
    """A copy of the checkout with the new site added, and the files adding it wrote."""
    root = tmp_path_factory.mktemp("checkout") / "newscrawl-copy"
    shutil.copytree(PROJECT, root, symlinks=True, ignore=_ignore)
    return root, newsite.add_site(root)


def _run(root: Path, *args: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(root)}
    return subprocess.run(
        [sys.executable, *args], cwd=root, env=env, capture_output=True, text=True,
        timeout=timeout, check=False,
    )  # fmt: skip


@contextmanager
def _dev_server(root: Path, site: Path) -> Iterator[str]:
    """``python -m devtools.server SITE`` of the copy (it knows the new site); its URL."""
    env = {**os.environ, "PYTHONPATH": str(root)}
    command = [sys.executable, "-m", "devtools.server", str(site)]
    with subprocess.Popen(command, cwd=root, env=env, stdout=subprocess.PIPE, text=True) as server:
        try:
            assert server.stdout is not None
            yield server.stdout.readline().strip()
        finally:
            server.terminate()
            server.wait(timeout=30)


def _lines(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def test_a_site_is_one_module_and_its_fixtures(copy: tuple[Path, list[Path]]) -> None:
    root, written = copy
    fixtures = root / "tests" / "fixtures" / "sites" / newsite.KEY
    others = [p for p in written if not p.is_relative_to(fixtures)]
    assert others == [root / "newscrawl" / "sites" / f"{newsite.KEY}.py"]
    for name in ("manifest.json", "truth.jsonl", "pages.jsonl", "site/robots.txt"):
        assert fixtures / name in written, name
    listed = _run(root, "-m", "scrapy", "list")
    assert listed.returncode == 0, listed.stderr
    assert listed.stdout.split() == sorted(["foldline", "limitedtimes", "pressdigest"])
    # The dev server takes the layout from the site's declaration (its manifest names the site).
    code = (
        "from pathlib import Path; from devtools.routing import detect; "
        f"print(*detect(Path({str(fixtures / 'site')!r})))"
    )
    detected = _run(root, "-c", code)
    assert detected.stdout.split() == ["press", newsite.ORIGIN], detected.stderr


def test_the_site_level_tests_pick_it_up(copy: tuple[Path, list[Path]]) -> None:
    root, _ = copy
    collected = _run(root, "-m", "pytest", "tests/test_sites.py", "--collect-only", "-q")
    ids = [line for line in collected.stdout.splitlines() if f"[{newsite.KEY}]" in line]
    # Every site-level test is parametrised over the declared sites: the new one too.
    names = {line.split("::")[1].split("[")[0] for line in ids}
    assert names == {
        "test_recorded_pages_equal_truth",
        "test_archive_walk_equals_truth",
        "test_sitemap_walk_exports_every_post_once",
        "test_sitemap_walk_bounded_by_days",
        "test_newest_run_reads_the_declared_newest_posts_and_a_rerun_fetches_nothing",
        "test_feeds_walk",
        "test_category_walk_equals_truth",
    }, collected.stdout[-3000:]
    # The ones reading what the site declares (no news sitemap: its feed) run here, and the
    # sitemap walk below; the others read the copy by the same rules as the bundled sites'
    # (docs/adding-a-site.md's manual check runs them all).
    chosen = f"{newsite.KEY} and (recorded_pages or newest_run)"
    ran = _run(root, "-m", "pytest", "tests/test_sites.py", "-q", "-p", "no:cacheprovider",
               "-k", chosen)  # fmt: skip
    assert ran.returncode == 0, ran.stdout[-3000:] + ran.stderr[-3000:]
    assert "2 passed" in ran.stdout, ran.stdout[-1000:]


def test_dateless_earlier_copy_edited_after_its_duplicate_wins(
    copy: tuple[Path, list[Path]], tmp_path: Path
) -> None:
    root, _ = copy
    fixtures = root / "tests" / "fixtures" / "sites" / newsite.KEY
    truth = _lines(fixtures / "truth.jsonl")
    earlier, duplicate = newsite.edited_late(truth)
    sitemap = (fixtures / "site" / "wp-sitemap-posts-post-1.xml").read_text(encoding="utf-8")
    lastmod = {urlsplit(loc).path: mod for loc, mod in newsite.LASTMOD.findall(sitemap)}
    assert lastmod[earlier] > lastmod[duplicate]  # the earlier copy was edited later
    assert not re.search(r"/\d{4}/\d{2}/\d{2}/", earlier + duplicate)  # no date in the URLs
    feed = tmp_path / "feed.jsonl"
    settings = {
        **TEST_SETTINGS,
        # One request at a time, in release order: the duplicate cannot be overtaken by luck.
        "CONCURRENT_REQUESTS": "1",
        "NEWSCRAWL_STATE_URI": f"sqlite://{tmp_path / 'state.sqlite'}",
    }
    with _dev_server(root, fixtures / "site") as url:
        args = {"base_url": url, "via": "sitemap"}
        command = crawl_command(args, settings, feed=feed, spider=newsite.KEY)
        proc = _run(root, *command[1:])
    assert proc.returncode == 0, proc.stderr[-3000:]
    records = _lines(feed)
    paths = {urlsplit(r["url"]).path for r in records}
    assert earlier in paths and duplicate not in paths
    comparison = compare(records, truth)
    assert comparison.perfect(), comparison.report()
