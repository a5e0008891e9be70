"""A real FTP server (pyftpdlib) on 127.0.0.1 in a subprocess, for remote feed tests."""

from __future__ import annotations

import contextlib
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

USER, PASSWORD = "feeds", "s3cret"

SERVER = """
import sys
from pyftpdlib.authorizers import DummyAuthorizer
from pyftpdlib.handlers import FTPHandler
from pyftpdlib.servers import FTPServer
authorizer = DummyAuthorizer()
authorizer.add_user(sys.argv[2], sys.argv[3], sys.argv[1], perm="elradfmwMT")
FTPHandler.authorizer = authorizer
FTPHandler.passive_ports = None
server = FTPServer(("127.0.0.1", 0), FTPHandler)
print(server.address[1], flush=True)
server.serve_forever()
"""


@dataclass
class FtpServer:
    """A running server: its port and the folder it serves."""

    port: int
    home: Path

    def url(self, name: str, *, password: str = PASSWORD) -> str:
        """An ``ftp://`` feed URI of ``name`` in the served folder, with the login."""
        return f"ftp://{USER}:{password}@127.0.0.1:{self.port}/{name}"


@contextlib.contextmanager
def ftp_server(home: Path) -> Iterator[FtpServer]:
    """Serve ``home`` over FTP (:data:`USER`, :data:`PASSWORD`) until the block ends."""
    home.mkdir(parents=True, exist_ok=True)
    proc = subprocess.Popen(
        [sys.executable, "-c", SERVER, str(home), USER, PASSWORD],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert proc.stdout is not None
        port = int(proc.stdout.readline())
        yield FtpServer(port, home)
    finally:
        proc.kill()
        proc.wait(timeout=10)
        if proc.stdout is not None:
            proc.stdout.close()
