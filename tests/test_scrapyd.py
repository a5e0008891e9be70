"""End to end on a real Scrapyd: deploy with scrapyd-deploy, schedule with ``scrapy schedule``.

One Scrapyd for the module, on a free 127.0.0.1 port, with basic authentication and a config in a
temporary folder (its eggs, logs and databases too; ``items_dir`` empty so the project's FEEDS
hold). The project is deployed from a temporary copy of the files the egg is built from, because
``scrapyd-deploy`` builds in place (``build/``, ``newscrawl.egg-info/``) and the checkout should
stay clean. Scrapyd and scrapyd-client come from requirements-deploy.txt (``make venv``); a
missing one is a failure, not a skip.
"""

from __future__ import annotations

import base64
import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.error import HTTPError
from urllib.parse import urlencode
from urllib.request import Request, urlopen

import pytest

from devtools.server import ReplicaServer
from devtools.truth import compare
from tests.helpers.crawl import PROJECT, TEST_SETTINGS
from tests.helpers.faulty_server import FaultyServer, article_paths

MANIFEST = json.loads((PROJECT / "tests/fixtures/replica/manifest.json").read_text())
#: What the egg is built from (setup.py packages `newscrawl` and its data files).
EGG_SOURCES = ("setup.py", "scrapy.cfg", "newscrawl")
START_TIMEOUT = 30.0
JOB_TIMEOUT = 120.0


@dataclass
class Scrapyd:
    url: str
    port: int
    root: Path
    username: str
    password: str

    def env(self, **extra: str) -> dict[str, str]:
        """The environment a user sets for scrapyd-deploy and ``scrapy schedule``."""
        return {
            **os.environ,
            "SCRAPYD_URL": self.url,
            "SCRAPYD_USERNAME": self.username,
            "SCRAPYD_PASSWORD": self.password,
            **extra,
        }

    def get(self, endpoint: str, **params: str) -> dict[str, Any]:
        return self._call(Request(f"{self.url}{endpoint}?{urlencode(params)}"))

    def post(self, endpoint: str, form: list[tuple[str, str]]) -> dict[str, Any]:
        return self._call(Request(f"{self.url}{endpoint}", data=urlencode(form).encode()))

    def _call(self, request: Request) -> dict[str, Any]:
        token = base64.b64encode(f"{self.username}:{self.password}".encode()).decode()
        request.add_header("Authorization", f"Basic {token}")
        with urlopen(request, timeout=10) as response:
            answer: dict[str, Any] = json.loads(response.read())
        return answer


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def script(name: str) -> str:
    """A console script of this environment (the venv running the tests)."""
    found = shutil.which(name, path=str(Path(sys.executable).parent)) or shutil.which(name)
    if found is None:
        pytest.fail(f"{name} not found: install requirements-deploy.txt (make venv)")
    return found


@pytest.fixture(scope="module")
def scrapyd(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Scrapyd]:
    root = tmp_path_factory.mktemp("scrapyd")
    port = free_port()
    server = Scrapyd(
        f"http://127.0.0.1:{port}/", port, root, "newscrawl-test", secrets.token_urlsafe(16)
    )
    (root / "scrapyd.conf").write_text(
        "[scrapyd]\n"
        "bind_address = 127.0.0.1\n"
        f"http_port = {port}\n"
        f"username = {server.username}\n"
        f"password = {server.password}\n"
        f"eggs_dir = {root / 'eggs'}\n"
        f"logs_dir = {root / 'logs'}\n"
        f"dbs_dir = {root / 'dbs'}\n"
        "items_dir =\n"
        "jobs_dir =\n"
        "max_proc = 2\n"
        "poll_interval = 0.2\n",
        encoding="utf-8",
    )
    # Scrapyd reads ./scrapyd.conf (cwd = root), then ~/.scrapyd.conf: HOME=root keeps a
    # developer's own config out. SCRAPYD_* variables would override the file, and PYTHONPATH
    # would let jobs import the checkout instead of the deployed egg: both removed. The state
    # store and the feed folder come from the environment, as in the systemd example.
    env = {k: v for k, v in os.environ.items() if not k.startswith("SCRAPYD_")}
    env.pop("PYTHONPATH", None)
    # The roots cover this session's temporary folders (the jobs' feeds, Scrapyd's logs_dir).
    env.update(
        HOME=str(root),
        NEWSCRAWL_STATE_URI=f"sqlite://{root / 'state' / 'state.sqlite'}",
        NEWSCRAWL_OUTPUT_DIR=str(root / "env-feeds"),
        NEWSCRAWL_ALLOWED_ROOTS=str(tmp_path_factory.getbasetemp()),
    )
    with (root / "scrapyd.out").open("wb") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "scrapyd", "--pidfile="],
            cwd=root,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
        try:
            deadline = time.monotonic() + START_TIMEOUT
            while True:
                try:
                    if server.get("daemonstatus.json")["status"] == "ok":
                        break
                except OSError:
                    pass
                if proc.poll() is not None or time.monotonic() > deadline:
                    log = (root / "scrapyd.out").read_text(errors="replace")
                    pytest.fail(f"Scrapyd did not start on port {port}:\n{log[-3000:]}")
                time.sleep(0.2)
            yield server
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


@pytest.fixture(scope="module")
def deployed(scrapyd: Scrapyd, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Deploy a copy of the project with ``scrapyd-deploy``; return the stored egg."""
    copy = tmp_path_factory.mktemp("project")
    for name in EGG_SOURCES:
        source = PROJECT / name
        if source.is_dir():
            shutil.copytree(source, copy / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, copy / name)
    proc = subprocess.run(
        [script("scrapyd-deploy")],
        cwd=copy,
        env=scrapyd.env(),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr + proc.stdout
    assert json.loads(proc.stdout)["status"] == "ok", proc.stdout
    # The committed setup.py was used, not one generated by scrapyd-deploy.
    assert (copy / "setup.py").read_bytes() == (PROJECT / "setup.py").read_bytes()
    eggs = sorted((scrapyd.root / "eggs" / "newscrawl").glob("*.egg"))
    assert len(eggs) == 1, eggs
    return eggs[0]


def schedule(scrapyd: Scrapyd, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    """Run the shipped scheduling command from the checkout."""
    return subprocess.run(
        [sys.executable, "-m", "scrapy", "schedule", *args],
        cwd=PROJECT,
        env={**scrapyd.env(**env), "PYTHONPATH": str(PROJECT)},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def wait_finished(scrapyd: Scrapyd, job: str) -> None:
    deadline = time.monotonic() + JOB_TIMEOUT
    while (state := scrapyd.get("status.json", job=job)["currstate"]) != "finished":
        assert time.monotonic() < deadline, f"job {job} still {state} after {JOB_TIMEOUT} s"
        time.sleep(0.5)


def test_egg_carries_package_data(deployed: Path) -> None:
    names = set(zipfile.ZipFile(deployed).namelist())
    data_files = {
        path.relative_to(PROJECT).as_posix()
        for path in (PROJECT / "newscrawl").rglob("*")
        if path.is_file() and path.suffix not in (".py", ".pyc")
    }
    assert {
        "newscrawl/normalize/agencies.txt",
        "newscrawl/schema/article.schema.json",
    } <= data_files
    assert data_files <= names, f"not in the egg (setup.py package_data): {data_files - names}"
    assert "newscrawl/sites/limitedtimes.py" in names
    assert not any(name.startswith("tests/") for name in names)
    entry_points = zipfile.ZipFile(deployed).read("EGG-INFO/entry_points.txt").decode()
    assert "settings = newscrawl.settings" in entry_points


def test_scheduled_crawl_equals_truth(
    scrapyd: Scrapyd,
    deployed: Path,
    replica_server: ReplicaServer,
    replica_truth: list[dict[str, Any]],
    tmp_path: Path,
) -> None:
    feeds = tmp_path / "feeds"
    stats_file = tmp_path / "stats.json"
    settings = {
        **TEST_SETTINGS,
        "NEWSCRAWL_OUTPUT_DIR": str(feeds),
        "NEWSCRAWL_STATS_FILE": str(stats_file),
    }
    spider_args = {"base_url": replica_server.url, "start": "2022-01-09", "end": "2022-01-14"}
    proc = schedule(
        scrapyd,
        "limitedtimes",
        *[f"-a{k}={v}" for k, v in spider_args.items()],
        *[f"--setting={k}={v}" for k, v in settings.items()],
    )
    assert proc.returncode == 0, proc.stderr
    job = proc.stdout.strip()
    assert job and "\n" not in job, proc.stdout
    wait_finished(scrapyd, job)

    log_file = scrapyd.root / "logs" / "newscrawl" / "limitedtimes" / f"{job}.log"
    log = log_file.read_text(encoding="utf-8")
    assert "Spider closed (finished)" in log, log[-3000:]
    assert " ERROR: " not in log and "Traceback" not in log, log[-3000:]

    # The feed is where the job's NEWSCRAWL_OUTPUT_DIR says (over the environment's), named
    # <spider>/<start time>.jsonl; Scrapyd itself stored no items (items_dir is empty).
    written = sorted(p for p in feeds.rglob("*") if p.is_file())
    assert [p.relative_to(feeds).parts[0] for p in written] == ["limitedtimes"] * 2
    feed, report = written  # the feed and its run report beside it
    assert feed.suffix == ".jsonl" and report.name == feed.name + ".report.json"
    assert not (scrapyd.root / "env-feeds").exists()
    assert not (scrapyd.root / "items").exists()
    records = [json.loads(line) for line in feed.read_text(encoding="utf-8").splitlines() if line]
    urls = [record["url"] for record in records]
    assert len(urls) == len(set(urls)) == MANIFEST["unique_articles"]
    comparison = compare(records, replica_truth)
    assert comparison.perfect(), comparison.report()

    # The state store is the absolute path from Scrapyd's environment.
    assert (scrapyd.root / "state" / "state.sqlite").is_file()
    stats = json.loads(stats_file.read_text(encoding="utf-8"))
    assert stats["finish_reason"] == "finished"
    assert "log_count/ERROR" not in stats


def test_a_job_posted_with_a_path_outside_the_roots_writes_nothing(
    scrapyd: Scrapyd,
    deployed: Path,
    replica_server: ReplicaServer,
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    """Anyone with Scrapyd's credentials can post ``setting=JOBDIR=...`` to schedule.json without
    ``scrapy schedule``'s check; the job (run as the service's user) refuses it itself, and says
    so in Scrapyd's log and in the job's own log (which is inside the roots)."""
    base = tmp_path_factory.getbasetemp()
    outside = base.parent / f"{base.name}-outside-{secrets.token_hex(4)}"
    form = [("project", "newscrawl"), ("spider", "limitedtimes")]
    form += [("setting", f"{k}={v}") for k, v in TEST_SETTINGS.items()]
    form += [("setting", f"JOBDIR={outside / 'job'}"), ("base_url", replica_server.url)]
    form += [("start", "2022-01-09"), ("end", "2022-01-09")]
    answer = scrapyd.post("schedule.json", form)
    assert answer["status"] == "ok", answer
    wait_finished(scrapyd, answer["jobid"])
    assert not outside.exists(), "the job wrote outside NEWSCRAWL_ALLOWED_ROOTS"
    log = (scrapyd.root / "scrapyd.out").read_text(encoding="utf-8", errors="replace")
    refusal = (
        f"newscrawl: error: JOBDIR={str(outside / 'job')!r} is outside NEWSCRAWL_ALLOWED_ROOTS"
    )
    assert refusal in log, log[-3000:]
    assert "exitstatus=2" in log
    # The job's own log (inside the roots) says why too, in one ERROR line.
    job_log = scrapyd.root / "logs" / "newscrawl" / "limitedtimes" / f"{answer['jobid']}.log"
    lines = job_log.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 1 and " ERROR: " in lines[0] and refusal.split(": ", 2)[2] in lines[0]


def test_anonymous_schedule_is_refused(scrapyd: Scrapyd, deployed: Path) -> None:
    data = urlencode({"project": "newscrawl", "spider": "limitedtimes"}).encode()
    with pytest.raises(HTTPError) as refused:
        urlopen(Request(f"{scrapyd.url}schedule.json", data=data), timeout=10)
    assert refused.value.code == 401
    refused.value.close()


@pytest.mark.parametrize(
    ("env", "args", "message"),
    [
        ({"SCRAPYD_PASSWORD": "wrong"}, [], "HTTP 401"),
        ({}, ["--project", "no-such-project"], "project 'no-such-project' not found"),
        ({"SCRAPYD_URL": f"http://127.0.0.1:{free_port()}"}, [], "cannot reach Scrapyd"),
        ({"SCRAPYD_URL": ""}, [], "SCRAPYD_URL is not set"),
    ],
    ids=["bad-password", "unknown-project", "unreachable", "no-url"],
)
def test_schedule_refusals_exit_non_zero(
    scrapyd: Scrapyd, deployed: Path, env: dict[str, str], args: list[str], message: str
) -> None:
    proc = schedule(scrapyd, "limitedtimes", "-a", "days=1", *args, **env)
    assert proc.returncode == 1
    assert proc.stdout == ""
    assert proc.stderr.count("\n") == 1 and message in proc.stderr, proc.stderr


def test_bad_spider_argument_is_not_sent(scrapyd: Scrapyd, deployed: Path) -> None:
    proc = schedule(scrapyd, "limitedtimes", "-a", "days=soon")
    assert proc.returncode == 2
    assert "days" in proc.stderr and proc.stderr.count("\n") == 1, proc.stderr
    assert scrapyd.get("listjobs.json", project="newscrawl")["pending"] == []


def listening_addresses(port: int) -> set[str]:
    """Local addresses with a TCP socket listening on ``port`` (Linux /proc/net/tcp{,6})."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        lines = Path(table).read_text().splitlines()[1:] if Path(table).exists() else []
        for line in lines:
            local, state = line.split()[1], line.split()[3]
            address, hex_port = local.rsplit(":", 1)
            if state == "0A" and int(hex_port, 16) == port:  # 0A: LISTEN
                if len(address) == 8:
                    found.add(socket.inet_ntoa(bytes.fromhex(address)[::-1]))
                else:
                    found.add(address)
    return found


@pytest.mark.skipif(not Path("/proc/net/tcp").exists(), reason="reads Linux /proc/net/tcp")
def test_scrapyd_listens_on_loopback_only(scrapyd: Scrapyd) -> None:
    assert listening_addresses(scrapyd.port) == {"127.0.0.1"}
    # And it is not reachable on the machine's other addresses (when it has one).
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("192.0.2.1", 9))  # TEST-NET-1: no packet is sent
            other = probe.getsockname()[0]
        except OSError:
            other = "127.0.0.1"
    if not other.startswith("127."):
        with pytest.raises(OSError), socket.create_connection((other, scrapyd.port), timeout=3):
            pass


def test_failed_job_log_ends_with_one_error_line_naming_the_cause(
    scrapyd: Scrapyd, deployed: Path, replica_server: ReplicaServer, tmp_path: Path
) -> None:
    """Scrapyd calls every job "finished": the job log's last line says why this one failed."""
    settings = {**TEST_SETTINGS, "NEWSCRAWL_OUTPUT_DIR": str(tmp_path / "feeds")}
    proc = schedule(
        scrapyd,
        "limitedtimes",
        f"-abase_url={replica_server.url}",
        "-acategories=nosuchcategory",
        *[f"--setting={k}={v}" for k, v in settings.items()],
    )
    assert proc.returncode == 0, proc.stderr
    job = proc.stdout.strip()
    wait_finished(scrapyd, job)
    log_file = scrapyd.root / "logs" / "newscrawl" / "limitedtimes" / f"{job}.log"
    lines = log_file.read_text(encoding="utf-8").strip().splitlines()
    assert "Traceback" not in "\n".join(lines)
    assert " ERROR: Run failed (exit code 5, unknown_category): Unknown category: " in lines[-1]
    assert "nosuchcategory" in lines[-1]


def test_refused_job_log_says_why(scrapyd: Scrapyd, deployed: Path, tmp_path: Path) -> None:
    """A job refused before the crawl (its feed folder is a file) still leaves its one line."""
    a_file = tmp_path / "a-file"
    a_file.write_text("not a folder")
    proc = schedule(
        scrapyd,
        "limitedtimes",
        "-abase_url=http://127.0.0.1:9",
        f"--setting=NEWSCRAWL_OUTPUT_DIR={a_file}",
    )
    assert proc.returncode == 0, proc.stderr
    job = proc.stdout.strip()
    wait_finished(scrapyd, job)
    log_file = scrapyd.root / "logs" / "newscrawl" / "limitedtimes" / f"{job}.log"
    lines = log_file.read_text(encoding="utf-8").strip().splitlines()
    assert len(lines) == 1, lines
    assert " ERROR: Run refused (exit code 2): feed " in lines[0] and "is not a folder" in lines[0]


def test_a_cancelled_job_log_ends_with_exit_code_8_and_what_its_feed_holds(
    scrapyd: Scrapyd, deployed: Path, replica_root: Path, tmp_path: Path
) -> None:
    """Scrapyd's cancel (a SIGINT to the job) over a slow site: the job stops half-way and its
    log's last line names the interruption and how many articles its feed holds."""
    feeds = tmp_path / "feeds"
    settings = {
        **TEST_SETTINGS,
        "CONCURRENT_REQUESTS": "2",
        "NEWSCRAWL_OUTPUT_DIR": str(feeds),
        "NEWSCRAWL_STATE_URI": f"sqlite://{tmp_path / 'state.sqlite'}",
    }
    plan = dict.fromkeys(article_paths(replica_root), "slow")
    with FaultyServer(replica_root, plan, sleep=0.3) as server:
        proc = schedule(
            scrapyd,
            "limitedtimes",
            f"-abase_url={server.url}",
            "-astart=2022-01-09",
            "-aend=2022-01-14",
            *[f"--setting={k}={v}" for k, v in settings.items()],
        )
        assert proc.returncode == 0, proc.stderr
        job = proc.stdout.strip()

        def lines() -> int:
            return sum(p.read_bytes().count(b"\n") for p in feeds.rglob("*.jsonl"))

        deadline = time.monotonic() + JOB_TIMEOUT
        while lines() < 3:
            assert time.monotonic() < deadline, "the job wrote no feed lines"
            time.sleep(0.1)
        scrapyd.post("cancel.json", [("project", "newscrawl"), ("job", job)])
        wait_finished(scrapyd, job)
    log_file = scrapyd.root / "logs" / "newscrawl" / "limitedtimes" / f"{job}.log"
    log = log_file.read_text(encoding="utf-8").strip().splitlines()
    assert "Traceback" not in "\n".join(log)
    held = lines()
    assert 0 < held < MANIFEST["unique_articles"]
    assert " ERROR: Run failed (exit code 8, interrupted): Interrupted by SIGINT " in log[-1]
    (feed,) = feeds.rglob("*.jsonl")  # the default feed (-o style): written where it is named
    assert f"the feed ({feed}) holds {held} articles" in log[-1], log[-1]
