"""The package's layout rules (issue 20): one name per module, one owner per concern.

Read from the source files, so a regression names the file and line that broke the rule.
"""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "newscrawl"


def _modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def _lines(path: Path) -> list[tuple[int, str]]:
    return list(enumerate(path.read_text(encoding="utf-8").splitlines(), 1))


def test_no_two_modules_share_a_file_name() -> None:
    """``__init__.py`` aside, a module's file name says which module it is."""
    by_name: dict[str, list[str]] = defaultdict(list)
    for path in _modules():
        if path.name != "__init__.py":
            by_name[path.name].append(str(path.relative_to(PACKAGE)))
    assert {name: paths for name, paths in by_name.items() if len(paths) > 1} == {}


#: A call into the frontier's gate or the crawl state: the spiders leave both to components.
_GATE_OR_STATE = re.compile(
    r"\.(?:gate|release|run_state|state)\.\w+\(|\bgate\.(?:started|finished|known|keyed)\("
    r"|\bpage_done\(|\bknown_pages\("
)


def test_spiders_and_sites_make_no_gate_or_state_call() -> None:
    found = [
        f"{path.relative_to(PACKAGE)}:{number}: {line.strip()}"
        for folder in ("spiders", "sites")
        for path in sorted((PACKAGE / folder).rglob("*.py"))
        for number, line in _lines(path)
        if _GATE_OR_STATE.search(line)
    ]
    assert found == []


def test_only_the_distributed_package_reads_the_redis_url() -> None:
    """``NEWSCRAWL_REDIS_URL`` is declared in settings.py and settingspec.py and read through
    :mod:`newscrawl.distributed` everywhere else (comments and docstrings may name it)."""
    read = re.compile(r"[\"']NEWSCRAWL_REDIS_URL[\"']|environ.*NEWSCRAWL_REDIS_URL")
    allowed = {"settings.py", "settingspec.py"}
    found = [
        f"{path.relative_to(PACKAGE)}:{number}: {line.strip()}"
        for path in _modules()
        if path.parent.name != "distributed" and path.name not in allowed
        for number, line in _lines(path)
        if read.search(line)
    ]
    assert found == []


def test_no_spider_attribute_is_probed_with_getattr() -> None:
    """Components reach each other with ``crawler.get_extension`` and learn the run from the
    settings; none probes the spider (a class's hook, ``check_arguments``, is not the spider)."""
    probe = re.compile(r"\b(?:get|has|set)attr\((?:self\.)?(?:crawler\.)?spider\b")
    found = [
        f"{path.relative_to(PACKAGE)}:{number}: {line.strip()}"
        for path in _modules()
        for number, line in _lines(path)
        if probe.search(line)
    ]
    assert found == []
