"""The deployed egg holds the crawler only: built as ``scrapyd-deploy`` builds it, from a copy of
the whole checkout (tests, devtools, bench and scripts beside it, as in a clone)."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.helpers.crawl import PROJECT

#: Top-level folders of the checkout that must never reach the egg.
NOT_SHIPPED = ("tests", "devtools", "bench", "scripts", "output", "docs")


def checkout_files() -> list[str]:
    """The files of a clone of this checkout (tracked, plus new files not ignored)."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=PROJECT,
        capture_output=True,
        check=True,
    ).stdout.decode()
    return [name for name in listed.split("\0") if name and (PROJECT / name).is_file()]


@pytest.fixture(scope="module")
def egg(tmp_path_factory: pytest.TempPathFactory) -> Path:
    copy = tmp_path_factory.mktemp("clone")
    for name in checkout_files():
        (copy / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(PROJECT / name, copy / name)
    built = tmp_path_factory.mktemp("egg") / "newscrawl.egg"
    deploy = shutil.which("scrapyd-deploy", path=str(Path(sys.executable).parent))
    assert deploy is not None, "scrapyd-deploy not found: install requirements-deploy.txt"
    proc = subprocess.run(
        [deploy, f"--build-egg={built}"],
        cwd=copy,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return built


def test_egg_lists_the_crawler_only(egg: Path) -> None:
    names = zipfile.ZipFile(egg).namelist()
    top = {name.split("/", 1)[0] for name in names}
    assert top == {"newscrawl", "EGG-INFO"}, sorted(top)
    assert not any(name.split("/", 1)[0] in NOT_SHIPPED for name in names)
    # No test or demo helper inside the package either (they moved to devtools/).
    for name in names:
        parts = name.split("/")
        assert not any(p in ("testing", "tests", "devserver.py", "demo.py") for p in parts), name
        assert not parts[-1].startswith("test_"), name
    assert "newscrawl/settings.py" in names and "newscrawl/spiders/aggregator.py" in names
    top_level = zipfile.ZipFile(egg).read("EGG-INFO/top_level.txt").decode().split()
    assert top_level == ["newscrawl"]


def test_package_never_imports_the_dev_tools() -> None:
    for module in (PROJECT / "newscrawl").rglob("*.py"):
        text = module.read_text(encoding="utf-8")
        for banned in ("import devtools", "from devtools", "from tests", "import tests"):
            assert banned not in text, f"{module.relative_to(PROJECT)}: {banned}"
