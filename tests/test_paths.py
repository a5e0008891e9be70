"""Strings from outside (Scrapyd's arguments and settings) never steer where files are written."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from scrapy.settings import Settings
from scrapy.utils.test import get_crawler

from newscrawl import settings as project_settings
from newscrawl.args import BadArgument, parse_args
from newscrawl.feeds import uri_params
from newscrawl.paths import UnsafePath, check_job_settings, check_paths
from newscrawl.sites.limitedtimes import LimitedTimesSpider
from tests.helpers.crawl import PROJECT, crawl_command, crawl_env, run_crawl

NASTY = [
    "../../etc/passwd",
    "/etc/passwd",
    "..%2f..%2fetc",
    "a\x00b",
    "line\nbreak",
    "x" * 5000,
    "ünïcødé/..",
    "C:\\Windows\\system32",
]
ARGUMENTS = ["start", "end", "days", "categories", "since", "max_pages", "fresh", "render"]


def _settings(roots: str, **values: object) -> Settings:
    settings = Settings()
    settings.setmodule(project_settings, priority="project")
    settings.set("NEWSCRAWL_ALLOWED_ROOTS", roots, priority="project")
    settings.setdict(values, priority="cmdline")
    return settings


@pytest.mark.parametrize("value", NASTY)
@pytest.mark.parametrize("name", ARGUMENTS)
def test_nasty_argument_values_are_refused(name: str, value: str) -> None:
    with pytest.raises(BadArgument) as info:
        parse_args({name: value}, "https://newsrnd.com")
    message = str(info.value)
    assert "\n" not in message and len(message) < 400 and name in message


@pytest.mark.parametrize("value", NASTY)
def test_base_url_is_an_http_url_or_refused(value: str) -> None:
    for url in (value, f"http://127.0.0.1:8000/{value}"):
        try:
            args = parse_args({"base_url": url}, "https://newsrnd.com")
        except BadArgument as exc:
            assert "\n" not in str(exc)
        else:  # only a URL path: fetched from the site, never a local path
            assert args.base_url.startswith("http://127.0.0.1:8000/")


def test_no_spider_argument_reaches_a_feed_path(tmp_path: Path) -> None:
    crawler = get_crawler(LimitedTimesSpider, {"NEWSCRAWL_OUTPUT_DIR": str(tmp_path)})
    spider = LimitedTimesSpider.from_crawler(
        crawler, base_url="http://127.0.0.1:8000/..", categories="news", max_pages="2"
    )
    params = uri_params({"name": spider.name, "time": "T"}, spider)
    assert params == {"name": "limitedtimes", "time": "T", "newscrawl_output_dir": str(tmp_path)}


def test_paths_inside_the_roots_pass(tmp_path: Path) -> None:
    check_paths(
        _settings(
            str(tmp_path),
            NEWSCRAWL_OUTPUT_DIR=str(tmp_path / "out"),
            NEWSCRAWL_STATE_URI=f"sqlite://{tmp_path / 'state' / 'state.sqlite'}",
            NEWSCRAWL_STATS_FILE=str(tmp_path / "stats.json"),
        )
    )


@pytest.mark.parametrize(
    ("name", "value", "says"),
    [
        ("NEWSCRAWL_OUTPUT_DIR", "/etc/cron.d", "outside NEWSCRAWL_ALLOWED_ROOTS"),
        ("NEWSCRAWL_OUTPUT_DIR", "{root}/out/../../..", "'..' is not allowed"),
        ("NEWSCRAWL_OUTPUT_DIR", "{root}/out\x00", "NUL byte"),
        ("NEWSCRAWL_STATE_URI", "sqlite:///etc/state.sqlite", "outside NEWSCRAWL_ALLOWED_ROOTS"),
        ("NEWSCRAWL_STATE_URI", "sqlite://{root}/../x.sqlite", "'..' is not allowed"),
        ("NEWSCRAWL_STATE_JOURNAL_DIR", "/tmp", "outside NEWSCRAWL_ALLOWED_ROOTS"),
        ("LOG_FILE", "/var/log/newscrawl.log", "LOG_FILE='/var/log/newscrawl.log' is outside"),
        ("JOBDIR", "/var/tmp/job", "JOBDIR='/var/tmp/job' is outside"),
        ("HTTPCACHE_DIR", "/var/cache/nc", "HTTPCACHE_DIR='/var/cache/nc' is outside"),
        ("FEED_TEMPDIR", "/var/tmp", "FEED_TEMPDIR='/var/tmp' is outside"),
        ("FILES_STORE", "/srv/files", "FILES_STORE='/srv/files' is outside"),
        ("NEWSCRAWL_STATS_FILE", "/root/.bashrc", "outside NEWSCRAWL_ALLOWED_ROOTS"),
        ("FEEDS", {"/etc/feed.jsonl": {"format": "jsonlines"}}, "FEEDS='/etc/feed.jsonl'"),
        ("FEEDS", {"file:///{root}/../f.jsonl": {"format": "jsonlines"}}, "'..' is not allowed"),
        ("NEWSCRAWL_ALLOWED_ROOTS", "/", "can only be set in the environment"),
    ],
)
def test_paths_outside_the_roots_are_refused(
    tmp_path: Path, name: str, value: object, says: str
) -> None:
    root = str(tmp_path)
    if isinstance(value, str):
        value = value.replace("{root}", root)
    elif isinstance(value, dict):
        value = {k.replace("{root}", root): v for k, v in value.items()}
    values = {
        "NEWSCRAWL_OUTPUT_DIR": str(tmp_path / "out"),
        "NEWSCRAWL_STATE_URI": f"sqlite://{tmp_path / 'state.sqlite'}",
        name: value,
    }
    settings = _settings(root, **values)
    with pytest.raises(UnsafePath, match=f".*{says}".replace("(", r"\(").replace(")", r"\)")):
        check_paths(settings)


def test_symlink_out_of_the_root_is_refused(tmp_path: Path) -> None:
    (tmp_path / "root").mkdir()
    (tmp_path / "root" / "escape").symlink_to(tmp_path / "elsewhere", target_is_directory=True)
    settings = _settings(
        str(tmp_path / "root"),
        NEWSCRAWL_OUTPUT_DIR=str(tmp_path / "root" / "escape" / "out"),
        NEWSCRAWL_STATE_URI=f"sqlite://{tmp_path / 'root' / 'state.sqlite'}",
    )
    with pytest.raises(UnsafePath, match="outside"):
        check_paths(settings)


def test_crawl_refuses_a_state_path_outside_the_roots(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NEWSCRAWL_ALLOWED_ROOTS", str(tmp_path))
    outside = tmp_path.parent / f"{tmp_path.name}-outside"
    result = run_crawl(
        tmp_path,
        {"base_url": "http://127.0.0.1:9"},
        settings={"NEWSCRAWL_STATE_URI": f"sqlite://{outside / 'state.sqlite'}"},
    )
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "NEWSCRAWL_STATE_URI=" in lines[0] and "outside" in lines[0]
    assert not outside.exists(), "nothing is created outside the roots"


def test_crawl_refuses_widening_the_roots_from_the_command_line(tmp_path: Path) -> None:
    cmd = crawl_command({}, {"NEWSCRAWL_ALLOWED_ROOTS": "/"})
    env = crawl_env(NEWSCRAWL_ALLOWED_ROOTS=str(tmp_path))
    proc = subprocess.run(cmd, cwd=PROJECT, env=env, capture_output=True, text=True, check=False)
    assert proc.returncode == 2
    assert proc.stderr.strip() == (
        "newscrawl: error: NEWSCRAWL_ALLOWED_ROOTS can only be set in the environment or "
        "settings.py, not with -s or Scrapyd's setting="
    )


@pytest.mark.parametrize(
    ("name", "inside"),
    [
        ("LOG_FILE", "crawl.log"),
        ("JOBDIR", "job"),
        ("HTTPCACHE_DIR", "cache"),
        ("NEWSCRAWL_STATS_FILE", "stats.json"),
    ],
)
def test_crawl_refuses_any_written_path_outside_the_roots(
    tmp_path: Path, name: str, inside: str
) -> None:
    """Scrapy's own path settings (which Scrapyd's setting= reaches) obey the roots too."""
    root, outside = tmp_path / "root", tmp_path / "outside"
    root.mkdir()
    settings = {
        "NEWSCRAWL_OUTPUT_DIR": str(root / "out"),
        "NEWSCRAWL_STATE_URI": f"sqlite://{root / 'state.sqlite'}",
        "NEWSCRAWL_STATS_FILE": str(root / "stats.json"),
        "HTTPCACHE_ENABLED": "True",
        "HTTPCACHE_DIR": str(root / "cache"),
        name: str(outside / inside),
    }
    cmd = crawl_command({"base_url": "http://127.0.0.1:9"}, settings)
    env = crawl_env(NEWSCRAWL_ALLOWED_ROOTS=str(root))
    proc = subprocess.run(
        cmd, cwd=PROJECT, env=env, capture_output=True, text=True, timeout=60, check=False
    )
    assert proc.returncode == 2, proc.stderr[-2000:]
    assert proc.stderr.strip() == (
        f"newscrawl: error: {name}={str(outside / inside)!r} is outside NEWSCRAWL_ALLOWED_ROOTS "
        f"({root})"
    )
    assert not outside.exists(), "nothing is created outside the roots"
    assert list(root.iterdir()) == [], "nor inside: the run did not start"


def test_any_set_path_setting_counts_and_read_only_ones_do_not(tmp_path: Path) -> None:
    settings = _settings(
        str(tmp_path),
        NEWSCRAWL_OUTPUT_DIR=str(tmp_path / "out"),
        NEWSCRAWL_STATE_URI=f"sqlite://{tmp_path / 'state.sqlite'}",
        TEMPLATES_DIR="/usr/share/templates",  # read by startproject/genspider only
    )
    check_paths(settings)
    settings.set("SOME_ADDON_CACHE_DIR", "/var/cache/addon", priority="cmdline")
    with pytest.raises(UnsafePath, match="SOME_ADDON_CACHE_DIR='/var/cache/addon' is outside"):
        check_paths(settings)


def test_journals_of_a_redis_store_are_checked_where_they_go(tmp_path: Path) -> None:
    """With a Redis store the journals default to state/journal in the working directory."""
    settings = _settings(
        str(tmp_path),
        NEWSCRAWL_OUTPUT_DIR=str(tmp_path / "out"),
        NEWSCRAWL_STATE_URI="redis://127.0.0.1:9/0",
    )
    with pytest.raises(UnsafePath, match="NEWSCRAWL_STATE_JOURNAL_DIR="):
        check_paths(settings)  # the tests' working directory is the checkout, outside tmp_path
    settings.set("NEWSCRAWL_STATE_JOURNAL_DIR", str(tmp_path / "journal"), priority="cmdline")
    check_paths(settings)


def test_a_relative_cache_folder_of_a_deployed_egg_is_no_traceback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Under Scrapyd there is no scrapy.cfg: Scrapy disables the cache itself (nothing written)."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SCRAPY_SETTINGS_MODULE", "newscrawl.settings")
    settings = _settings(
        str(tmp_path),
        NEWSCRAWL_OUTPUT_DIR=str(tmp_path / "out"),
        NEWSCRAWL_STATE_URI=f"sqlite://{tmp_path / 'state.sqlite'}",
        HTTPCACHE_ENABLED=True,
    )
    check_paths(settings)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("NEWSCRAWL_STATE_URI", "hard link"),
        ("NEWSCRAWL_STATS_FILE", "hard link"),
        ("LOG_FILE", "hard link"),
        ("LOG_FILE", "FIFO"),
        ("NEWSCRAWL_STATE_JOURNAL_DIR", "hard link"),
    ],
)
def test_inside_the_roots_means_the_same_file(tmp_path: Path, name: str, kind: str) -> None:
    """A hard link inside the root to a file outside, or a FIFO, passed the roots check by its
    name. Before: the state was written into the outside file (an empty file became a SQLite
    database), the log appended to it, a FIFO as LOG_FILE hung the crawl with no line."""
    root, outside = tmp_path / "root", tmp_path / "outside"
    (root / "journal").mkdir(parents=True)
    outside.mkdir()
    target = outside / "victim"
    target.write_bytes(b"")
    paths = {
        "NEWSCRAWL_STATE_URI": root / "state.sqlite",
        "NEWSCRAWL_STATS_FILE": root / "stats.json",
        "LOG_FILE": root / "crawl.log",
        "NEWSCRAWL_STATE_JOURNAL_DIR": root / "journal" / "limitedtimes-1-1.json",
    }
    planted = paths[name]
    if kind == "FIFO":
        os.mkfifo(planted)
    else:
        planted.hardlink_to(target)
    settings = {
        "NEWSCRAWL_OUTPUT_DIR": str(root / "out"),
        "NEWSCRAWL_STATE_URI": f"sqlite://{paths['NEWSCRAWL_STATE_URI']}",
        "NEWSCRAWL_STATE_JOURNAL_DIR": str(root / "journal"),
        "NEWSCRAWL_STATS_FILE": str(paths["NEWSCRAWL_STATS_FILE"]),
        "LOG_FILE": str(paths["LOG_FILE"]),
        "TELNETCONSOLE_ENABLED": "False",
    }
    cmd = crawl_command({"base_url": "http://127.0.0.1:9", "days": "1"}, settings)
    env = crawl_env(NEWSCRAWL_ALLOWED_ROOTS=str(root))
    proc = subprocess.run(
        cmd, cwd=PROJECT, env=env, capture_output=True, text=True, timeout=30, check=False
    )
    assert proc.returncode == 2, proc.stderr[-2000:]
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"newscrawl: error: {name}="), lines
    assert (
        (f"is a {kind}" in lines[0]) if kind == "FIFO" else ("is a hard link (2 names" in lines[0])
    )
    assert target.read_bytes() == b"", "nothing written through the link"
    assert not (root / "out").exists(), "the run did not start"


def test_a_refusal_names_every_path_outside_the_roots(tmp_path: Path) -> None:
    settings = _settings(
        str(tmp_path),
        NEWSCRAWL_OUTPUT_DIR="/etc/cron.d",
        NEWSCRAWL_STATE_URI=f"sqlite://{tmp_path / 'state.sqlite'}",
        NEWSCRAWL_STATS_FILE="/root/.bashrc",
    )
    with pytest.raises(UnsafePath) as refused:
        check_paths(settings)
    message = str(refused.value)
    assert "\n" not in message
    for name in ("NEWSCRAWL_OUTPUT_DIR='/etc/cron.d'", "NEWSCRAWL_STATS_FILE='/root/.bashrc'"):
        assert f"{name} is outside NEWSCRAWL_ALLOWED_ROOTS" in message, message
    assert "state.sqlite" not in message  # inside the root: not named


def test_a_relative_sqlite_state_is_refused_in_a_scrapyd_job() -> None:
    with pytest.raises(UnsafePath, match="a job's path must be absolute"):
        check_job_settings(Settings(), {"NEWSCRAWL_STATE_URI": "sqlite:state/x.sqlite"})
