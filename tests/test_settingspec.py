"""Settings are checked before the crawl: one line and exit code 2, nothing fetched.

Real ``scrapy crawl`` subprocesses against a replica server on 127.0.0.1, a real
``CrawlerProcess`` script and ``scrapy runspider`` (which bypass ``scrapy crawl``'s check), and
a scan of the code for every ``NEWSCRAWL_*`` name it reads.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest
from scrapy.settings import Settings

from devtools.server import ReplicaServer, serve
from newscrawl import settingspec
from newscrawl.settingspec import NEWSCRAWL, SPECS, BadSetting, check_settings
from tests.helpers.crawl import PROJECT, TEST_SETTINGS, crawl_command, crawl_env


@pytest.fixture(scope="module")
def server(replica_root: Path) -> Iterator[ReplicaServer]:
    """A replica server of this module's own: its request log shows what a run fetched."""
    with serve(replica_root) as replica:
        yield replica


def crawl_args(tmp_path: Path, server: ReplicaServer, settings: dict[str, str]) -> list[str]:
    """``scrapy crawl limitedtimes -O tmp_path/feed.jsonl`` over ``server`` with ``settings``."""
    state = tmp_path / "state" / "state.sqlite"
    defaults = {**TEST_SETTINGS, "NEWSCRAWL_STATE_URI": f"sqlite://{state}"}
    return crawl_command(
        {"base_url": server.url, "days": "1"},
        {**defaults, **settings},
        feed=tmp_path / "feed.jsonl",
    )


def wrote_nothing(tmp_path: Path) -> bool:
    """No feed and no state file: the run never started."""
    return not (tmp_path / "feed.jsonl").exists() and not (tmp_path / "state").exists()


def refused_crawl(
    tmp_path: Path, server: ReplicaServer, settings: dict[str, str], **env: str
) -> subprocess.CompletedProcess[str]:
    """One crawl with ``settings``; asserts nothing was fetched or written."""
    server.reset()
    cmd = crawl_args(tmp_path, server, settings)
    proc = subprocess.run(
        cmd, cwd=PROJECT, env=crawl_env(**env), capture_output=True, text=True, timeout=60
    )
    assert server.request_log == [] and wrote_nothing(tmp_path)
    return proc


BAD = {
    "NEWSCRAWL_COVERAGE_MIN=abc": "NEWSCRAWL_COVERAGE_MIN='abc': not a number",
    "NEWSCRAWL_COVERAGE_MIN=1.5": "NEWSCRAWL_COVERAGE_MIN='1.5': must be between 0 and 1",
    "NEWSCRAWL_STATE_COMMIT_ITEMS=abc": "NEWSCRAWL_STATE_COMMIT_ITEMS='abc': not a whole number",
    "NEWSCRAWL_STATE_COMIT_ITEMS=5": (
        "unknown setting NEWSCRAWL_STATE_COMIT_ITEMS; did you mean NEWSCRAWL_STATE_COMMIT_ITEMS?"
    ),
    "DOWNLOAD_MAXSIZE=-1": "DOWNLOAD_MAXSIZE='-1': must be at least 0",
    "DOWNLOAD_TIMEOUT=-1": "DOWNLOAD_TIMEOUT='-1': must be greater than 0",
    # Scrapy's own, read before any newscrawl component: each was a 20-line traceback, exit 1.
    "LOG_LEVEL=verbose": (
        "LOG_LEVEL='verbose': not a log level: one of CRITICAL, ERROR, WARNING, INFO, DEBUG"
    ),
    "LOG_ENABLED=maybe": "LOG_ENABLED='maybe': not true or false",
    "LOG_FILE=/nonexistent-newscrawl/nodir2/x.log": (
        "LOG_FILE='/nonexistent-newscrawl/nodir2/x.log': the folder "
        "/nonexistent-newscrawl/nodir2 does not exist"
    ),
    "LOG_FILE=/tmp": "LOG_FILE='/tmp': it is a folder",
    "JOBDIR=/proc/j": "JOBDIR='/proc/j': cannot create or write in it",
    # Found only after the whole crawl: a traceback in a signal handler, exit 0, no file.
    "NEWSCRAWL_STATS_FILE=/proc/x.json": (
        "NEWSCRAWL_STATS_FILE='/proc/x.json': cannot write in /proc"
    ),
}


@pytest.fixture(scope="module")
def bad_runs(
    server: ReplicaServer, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, tuple[subprocess.CompletedProcess[str], Path]]:
    """Every crawl of BAD, started together (the module pays about one start-up)."""
    server.reset()
    started = {}
    for setting in BAD:
        folder = tmp_path_factory.mktemp("bad")
        name, _, value = setting.partition("=")
        cmd = crawl_args(folder, server, {name: value})
        proc = subprocess.Popen(
            cmd, cwd=PROJECT, env=crawl_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE
        )
        started[setting] = (proc, folder)
    done = {}
    for setting, (proc, folder) in started.items():
        out, err = proc.communicate(timeout=120)
        result = subprocess.CompletedProcess(proc.args, proc.returncode, out.decode(), err.decode())
        done[setting] = (result, folder)
    assert server.request_log == [], "nothing fetched"
    return done


@pytest.mark.parametrize("setting", list(BAD))
def test_a_bad_setting_is_one_line_and_exit_2(
    bad_runs: dict[str, tuple[subprocess.CompletedProcess[str], Path]], setting: str
) -> None:
    """Before: a 30-line traceback and exit 1 (abc), a silently ignored typo (the run went on),
    "Site unreachable" (DOWNLOAD_MAXSIZE=-1), three tracebacks (DOWNLOAD_TIMEOUT=-1)."""
    proc, folder = bad_runs[setting]
    assert proc.returncode == 2, proc.stderr
    lines = proc.stderr.splitlines()
    assert len(lines) == 1, proc.stderr
    assert lines[0].startswith(f"newscrawl: error: bad setting: {BAD[setting]}"), lines[0]
    assert wrote_nothing(folder)


def test_a_log_level_in_lower_case_works(tmp_path: Path, server: ReplicaServer) -> None:
    """``-s LOG_LEVEL=debug`` was ``ValueError: Unknown level: 'debug'`` (a traceback, exit
    1): a level name in any case (or a number: the doctest of ``log_level``) is what Python's
    logging takes once upper-cased. Both runs go together (``days=1``: today, not in the
    copy)."""
    started = {}
    for level in ("debug", "warning"):
        folder = tmp_path / level
        cmd = crawl_args(folder, server, {"LOG_LEVEL": level})
        started[level] = subprocess.Popen(
            cmd, cwd=PROJECT, env=crawl_env(), stderr=subprocess.PIPE, text=True
        )
    logged = {}
    for level, proc in started.items():
        _, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err[-3000:]
        assert "Traceback" not in err
        logged[level] = {m for m in re.findall(r"\] (DEBUG|INFO|WARNING|ERROR):", err)}
    assert {"DEBUG", "INFO"} <= logged["debug"]
    assert not {"DEBUG", "INFO"} & logged["warning"]


def test_a_typo_in_a_settings_module_or_the_environment(
    tmp_path: Path, server: ReplicaServer
) -> None:
    """A settings module of one's own with a typo, and ``SCRAPY_NEWSCRAWL_*`` in the environment
    (which Scrapy 2.19 does not read): both were silently ignored."""
    module = tmp_path / "mysettings.py"
    module.write_text("from newscrawl.settings import *\nNEWSCRAWL_REPORT_DROPWARN = 0.2\n")
    proc = refused_crawl(
        tmp_path,
        server,
        {},
        SCRAPY_SETTINGS_MODULE="mysettings",
        PYTHONPATH=f"{PROJECT}:{tmp_path}",
    )
    assert proc.returncode == 2, proc.stderr
    assert proc.stderr.splitlines() == [
        "newscrawl: error: bad setting: unknown setting NEWSCRAWL_REPORT_DROPWARN; did you mean "
        "NEWSCRAWL_REPORT_DROP_WARN?"
    ]
    proc = refused_crawl(tmp_path, server, {}, SCRAPY_NEWSCRAWL_STATE_COMMIT_ITEMS="5")
    assert proc.returncode == 2, proc.stderr
    assert proc.stderr.splitlines() == [
        "newscrawl: error: bad setting: environment variable SCRAPY_NEWSCRAWL_STATE_COMMIT_ITEMS "
        "is not read (Scrapy takes no settings from SCRAPY_ variables): use "
        "-s NEWSCRAWL_STATE_COMMIT_ITEMS=..."
    ]


SCRIPT = """
import sys
from scrapy.crawler import CrawlerProcess
from scrapy.utils.project import get_project_settings

settings = get_project_settings()
settings.setdict(json.loads(sys.argv[1]), priority="cmdline")
process = CrawlerProcess(settings)
process.crawl("limitedtimes", base_url=sys.argv[2], days="1")
process.start()
"""


def test_a_crawler_process_script_and_runspider_close_before_the_first_request(
    tmp_path: Path, server: ReplicaServer
) -> None:
    """Where ``scrapy crawl`` is bypassed, a bad setting closed nothing: a 68-line traceback
    (NEWSCRAWL_STATE_COMMIT_ITEMS=abc) or a run with the setting ignored. Now one ERROR line,
    the run closed as ``bad_settings`` before any request. Both run at once."""
    script = tmp_path / "script.py"
    script.write_text("import json\n" + textwrap.dedent(SCRIPT))
    spider = PROJECT / "newscrawl" / "sites" / "limitedtimes.py"
    server.reset()
    started = {}
    for kind in ("script", "runspider"):
        settings = {
            **TEST_SETTINGS,
            "NEWSCRAWL_STATS_FILE": str(tmp_path / f"{kind}-stats.json"),
            "NEWSCRAWL_STATE_URI": f"sqlite://{tmp_path / kind / 'state.sqlite'}",
            "NEWSCRAWL_OUTPUT_DIR": str(tmp_path / kind / "output"),
        }
        if kind == "script":
            args = [str(script), json.dumps({**settings, "NEWSCRAWL_STATE_COMMIT_ITEMS": "abc"})]
            args.append(server.url)
        else:
            args = ["-m", "scrapy", "runspider", str(spider), "-a", "days=1"]
            args += [a for k, v in settings.items() for a in ("-s", f"{k}={v}")]
            args += ["-s", "NEWSCRAWL_STATE_COMIT_ITEMS=0", "-a", f"base_url={server.url}"]
        started[kind] = subprocess.Popen(
            [sys.executable, *args], cwd=PROJECT, env=crawl_env(), stderr=subprocess.PIPE
        )
    for kind, proc in started.items():
        _, err = proc.communicate(timeout=120)
        stderr = err.decode()
        errors = [line for line in stderr.splitlines() if "ERROR" in line or "Trace" in line]
        assert len(errors) == 1, stderr
        assert "Run refused (bad_settings): bad setting: " in errors[0]
        assert "NEWSCRAWL_STATE_CO" in errors[0]
        finished = json.loads((tmp_path / f"{kind}-stats.json").read_text())
        assert finished["finish_reason"] == "bad_settings"
        assert finished["newscrawl/run/failure"] == "bad_settings"
        assert "downloader/request_count" not in finished
    assert server.request_log == []


def test_runspider_refuses_a_bad_log_level_in_one_line() -> None:
    """Scrapy configures its logging before the in-run check: ``LOG_LEVEL=BOGUS`` under
    ``scrapy runspider`` printed a traceback. Now one line and exit code 2."""
    spider = PROJECT / "newscrawl" / "sites" / "limitedtimes.py"
    proc = subprocess.run(
        [sys.executable, "-m", "scrapy", "runspider", str(spider), "-s", "LOG_LEVEL=BOGUS"],
        cwd=PROJECT,
        env=crawl_env(),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 2, proc.stderr[-2000:]
    assert proc.stderr.strip().splitlines() == [
        "newscrawl: error: bad setting: LOG_LEVEL='BOGUS': not a log level: one of CRITICAL, "
        "ERROR, WARNING, INFO, DEBUG (any case) or a number (lowest level logged)"
    ]


def test_scrapy_schedule_refuses_a_bad_setting_before_sending() -> None:
    """Nothing listens at SCRAPYD_URL: a job that were sent would fail with exit 1, not 2."""
    proc = subprocess.run(
        [sys.executable, "-m", "scrapy", "schedule", "limitedtimes"]
        + ["--setting", "DOWNLOAD_TIMEOUT=abc"],
        cwd=PROJECT,
        env=crawl_env(SCRAPYD_URL="http://127.0.0.1:9"),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 2
    assert proc.stderr.splitlines() == [
        "newscrawl: error: bad setting: DOWNLOAD_TIMEOUT='abc': not a number (seconds a "
        "download may take)"
    ]


def test_every_name_read_in_code_is_declared_once() -> None:
    """The registry, settings.py's values and the names the code reads agree (NEWSCRAWL_
    EXTRACT_MIRRORS was read but never declared)."""
    read = set()
    for path in (PROJECT / "newscrawl").rglob("*.py"):
        code = [line for line in path.read_text().splitlines() if ">>>" not in line]  # no doctest
        read |= set(re.findall(r"[\"'](NEWSCRAWL_[A-Z0-9_]*[A-Z0-9])[\"']", "\n".join(code)))
    assert read - set(NEWSCRAWL) == set()
    assert set(settingspec.declared_names()) == set(NEWSCRAWL)
    assert {"NEWSCRAWL_EXTRACT_MIRRORS", "NEWSCRAWL_STATE_COMMIT_ITEMS"} <= read


def test_the_defaults_pass_and_each_kind_is_checked() -> None:
    from newscrawl import settings as project

    defaults = Settings()
    defaults.setmodule(project)
    check_settings(defaults, environ={})
    for name, value in (
        ("NEWSCRAWL_RELEASE_HOLD", "maybe"),
        ("NEWSCRAWL_EXTRACT_MIRRORS", "{not json"),
        ("NEWSCRAWL_PROGRESS_INTERVAL", "nan"),
        ("CONCURRENT_REQUESTS", "0"),
        ("NEWSCRAWL_RENDER_CHROMIUM", 5),
    ):
        bad = defaults.copy()
        bad.set(name, value, priority="cmdline")
        with pytest.raises(BadSetting, match=f"bad setting: {name}="):
            check_settings(bad, environ={})
    assert all(spec.doc for spec in SPECS.values())


def test_a_setting_declared_but_not_yet_registered_is_typed_by_its_default(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A merge that adds a setting to settings.py before the registry: known, and checked by
    its default's type, not refused as unknown (the test above then asks for its entry)."""
    from newscrawl import settings as project

    monkeypatch.setattr(project, "NEWSCRAWL_LISTING_MAX_CARDS", 5000, raising=False)
    check_settings(Settings({"NEWSCRAWL_LISTING_MAX_CARDS": "7"}), environ={})
    with pytest.raises(BadSetting, match="NEWSCRAWL_LISTING_MAX_CARDS='many': not a whole"):
        check_settings(Settings({"NEWSCRAWL_LISTING_MAX_CARDS": "many"}), environ={})
    with pytest.raises(BadSetting, match="did you mean NEWSCRAWL_LISTING_MAX_CARDS"):
        check_settings(Settings({"NEWSCRAWL_LISTING_MAX_CRADS": "7"}), environ={})
