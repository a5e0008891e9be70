"""A real ``redis-server`` on a free 127.0.0.1 port, for tests of Redis-backed components.

``run_redis_server()`` starts one (no persistence, files in a temporary folder) and yields its
base URL; the session fixture ``redis_server`` shares one server across the test session, and
the function fixture ``redis_url`` hands each test ``redis://127.0.0.1:PORT/0`` on a flushed
server. Use them from a conftest or test module with::

    from tests.helpers.redis_server import redis_server, redis_url  # noqa: F401

A missing ``redis-server`` is a test *failure*, not a skip: the Redis store is a supported
backend and its tests must run (``apt-get install redis-server``).
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

REDIS_SERVER_CANDIDATES = ("redis-server", "/usr/bin/redis-server", "/usr/local/bin/redis-server")
START_TIMEOUT = 10.0


def find_redis_server() -> str:
    """Return the path of ``redis-server``; raise ``RuntimeError`` saying how to get it."""
    for candidate in REDIS_SERVER_CANDIDATES:
        found = shutil.which(candidate)
        if found:
            return found
    raise RuntimeError(
        "redis-server not found (looked on PATH, /usr/bin, /usr/local/bin): "
        "install it with 'apt-get install redis-server'; the Redis tests need a real server"
    )


def free_port() -> int:
    """Return a TCP port on 127.0.0.1 that was free a moment ago (nothing listens on it)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def redis_command(port: int, *args: str, timeout: float = 2.0) -> bytes:
    """Send one command to the server on ``port`` in raw RESP and return the first reply line."""
    payload = f"*{len(args)}\r\n".encode()
    for arg in args:
        data = arg.encode()
        payload += b"$%d\r\n%s\r\n" % (len(data), data)
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as sock:
        sock.sendall(payload)
        reply = b""
        while not reply.endswith(b"\r\n"):
            chunk = sock.recv(4096)
            if not chunk:
                break
            reply += chunk
    return reply.strip()


def _wait_ready(process: subprocess.Popen[bytes], port: int, log: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(
                f"redis-server exited with {process.returncode} before answering on port "
                f"{port}: {log.read_text(errors='replace')[-2000:]}"
            )
        try:
            if redis_command(port, "PING", timeout=0.5) == b"+PONG":
                return
        except OSError:
            pass
        time.sleep(0.02)
    raise RuntimeError(f"redis-server did not answer on port {port} within {START_TIMEOUT}s")


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)


@contextmanager
def run_redis_server(attempts: int = 3) -> Iterator[str]:
    """Run a throwaway ``redis-server`` on a free port; yield ``redis://127.0.0.1:PORT``.

    Retries on a fresh port if another process grabbed the chosen one before the server bound
    it. The server is stopped (and its folder removed) on exit.
    """
    binary = find_redis_server()
    with tempfile.TemporaryDirectory(prefix="newscrawl-redis-") as tmp:
        for attempt in range(1, attempts + 1):
            port = free_port()
            log = Path(tmp) / f"redis-{port}.log"
            with log.open("wb") as log_file:
                process = subprocess.Popen(
                    [
                        binary,
                        "--port",
                        str(port),
                        "--bind",
                        "127.0.0.1",
                        "--save",
                        "",
                        "--appendonly",
                        "no",
                        "--dir",
                        tmp,
                        "--daemonize",
                        "no",
                    ],
                    stdout=log_file,
                    stderr=subprocess.STDOUT,
                    stdin=subprocess.DEVNULL,
                )
            try:
                _wait_ready(process, port, log)
            except RuntimeError:
                _stop(process)
                if attempt == attempts:
                    raise
                continue
            try:
                yield f"redis://127.0.0.1:{port}"
            finally:
                _stop(process)
            return


@pytest.fixture(scope="session")
def redis_server() -> Iterator[str]:
    """Base URL (``redis://127.0.0.1:PORT``) of one ``redis-server`` shared by the session."""
    try:
        find_redis_server()
    except RuntimeError as exc:
        pytest.fail(str(exc), pytrace=False)
    with run_redis_server() as url:
        yield url


@pytest.fixture
def redis_url(redis_server: str) -> str:
    """``redis://127.0.0.1:PORT/0`` on the session's server, flushed for this test."""
    port = int(redis_server.rsplit(":", 1)[1])
    reply = redis_command(port, "FLUSHALL")
    assert reply == b"+OK", f"FLUSHALL on {redis_server} answered {reply!r}"
    return f"{redis_server}/0"


class RestartableRedis:
    """A ``redis-server`` that keeps its data across a SIGKILL (AOF, fsync on every write) and
    comes back on the same port, for outage tests: ``kill()``, then ``start()`` again."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        log = self.folder / "redis.log"
        with log.open("ab") as log_file:
            self.process = subprocess.Popen(
                [
                    find_redis_server(),
                    "--port",
                    str(self.port),
                    "--bind",
                    "127.0.0.1",
                    "--save",
                    "",
                    "--appendonly",
                    "yes",
                    "--appendfsync",
                    "always",
                    "--dir",
                    str(self.folder),
                    "--daemonize",
                    "no",
                ],
                stdout=log_file,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
            )
        _wait_ready(self.process, self.port, log)

    def kill(self) -> None:
        """SIGKILL, as a crash or an OOM kill would: no shutdown, no final save."""
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=5)

    def stop(self) -> None:
        if self.process is not None:
            _stop(self.process)
