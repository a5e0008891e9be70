"""A real FTP server (pyftpdlib) on 127.0.0.1 in a process of its own, to be killed mid-upload.

``python -m tests.helpers.ftp_server ROOT PORT_FILE [READ_LIMIT]`` serves ROOT to user
``feeds``/``secret`` (all permissions), uploads throttled to READ_LIMIT bytes per second (0: no
limit), and writes its port to PORT_FILE once it listens. :class:`FtpServer` starts it and kills
it with SIGKILL, as a crashed server or a lost host would end.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path
from types import TracebackType

from tests.helpers.crawl import PROJECT, crawl_env

USER, PASSWORD = "feeds", "secret"


def main(root: str, port_file: str, read_limit: int = 0) -> None:
    """Serve ``root`` until killed (the subprocess's entry point)."""
    from pyftpdlib.authorizers import DummyAuthorizer
    from pyftpdlib.handlers import FTPHandler, ThrottledDTPHandler
    from pyftpdlib.servers import FTPServer

    authorizer = DummyAuthorizer()
    authorizer.add_user(USER, PASSWORD, root, perm="elradfmwMT")
    handler = FTPHandler
    handler.authorizer = authorizer
    if read_limit:
        dtp = ThrottledDTPHandler
        dtp.read_limit = read_limit
        handler.dtp_handler = dtp
    server = FTPServer(("127.0.0.1", 0), handler)
    port = server.socket.getsockname()[1]
    Path(port_file + ".tmp").write_text(str(port))
    Path(port_file + ".tmp").replace(port_file)
    server.serve_forever()


class FtpServer:
    """The server subprocess: ``with FtpServer(root, tmp, read_limit=...) as ftp: ftp.url``."""

    def __init__(self, root: Path, work: Path, *, read_limit: int = 0) -> None:
        self.root = root
        self.port_file = work / f"ftp-port-{time.monotonic_ns()}"
        self.read_limit = read_limit
        self.proc: subprocess.Popen[bytes] | None = None
        self.port = 0

    @property
    def url(self) -> str:
        return f"ftp://{USER}:{PASSWORD}@127.0.0.1:{self.port}"

    def feed_url(self, name: str, *, password: str = PASSWORD) -> str:
        """An ``ftp://`` feed URI of ``name`` in the served folder, with a login."""
        return f"ftp://{USER}:{password}@127.0.0.1:{self.port}/{name}"

    def start(self) -> FtpServer:
        self.root.mkdir(parents=True, exist_ok=True)
        cmd = [sys.executable, "-m", "tests.helpers.ftp_server", str(self.root)]
        cmd += [str(self.port_file), str(self.read_limit)]
        self.proc = subprocess.Popen(
            cmd, cwd=PROJECT, env=crawl_env(), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
        )
        deadline = time.monotonic() + 20
        while not self.port_file.exists():
            if self.proc.poll() is not None or time.monotonic() > deadline:
                err = self.proc.stderr.read().decode() if self.proc.stderr else ""
                raise RuntimeError(f"the FTP server did not start: {err[-2000:]}")
            time.sleep(0.02)
        self.port = int(self.port_file.read_text())
        return self

    def kill(self) -> None:
        """SIGKILL the server (no goodbye to its clients)."""
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait(10)

    def __enter__(self) -> FtpServer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.kill()
        if self.proc is not None and self.proc.stderr is not None:
            self.proc.stderr.close()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]) if len(sys.argv) > 3 else 0)
