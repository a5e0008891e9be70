"""Local threaded HTTP server for a replica site folder, with the replica's routing rules.

The rules (both layouts: The Limited Times' and the WordPress press site's) live in
:mod:`devtools.routing`, shared with ``tests/helpers/faulty_server.py`` and ``bench/fastserver.py``;
this module only speaks HTTP around them.

Faults for tests: ``delay`` sleeps before every response, ``fail_first`` answers HTTP 500 to the
first request of each existing article page (``/{category}/{YYYY-MM-DD}-{slug}.{id}.html``, or
a press post ``/YYYY/MM/DD/{slug}/``), so a retry of the same URL succeeds. Every request is
recorded (``request_log``, ``request_counts``).

Use it from Python with ``serve(root)`` (a running server, also a context manager) or from a
shell with ``python -m devtools.server ROOT [--port N] [--delay S] [--fail-first]``, which
prints the base URL on the first line of stdout and serves until killed.
"""

from __future__ import annotations

import argparse
import contextlib
import socket
import sys
import threading
import time
from collections import Counter
from collections.abc import Sequence
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from typing import Any

from devtools.routing import (
    HTML_TYPE,
    LAYOUTS,
    Layout,
    ManifestError,
    Site,
    content_type,
)


class _ReplicaHandler(BaseHTTPRequestHandler):
    """Answers GET and HEAD from the replica folder of its server."""

    server: _ReplicaHTTPServer
    protocol_version = "HTTP/1.1"  # keep-alive: every response carries a Content-Length
    timeout = 30  # seconds an idle keep-alive connection holds a thread

    def do_GET(self) -> None:
        self._answer(send_body=True)

    def do_HEAD(self) -> None:
        self._answer(send_body=False)

    def _answer(self, send_body: bool) -> None:
        owner = self.server.owner
        owner._record(self.command, self.path)
        if owner.delay > 0:
            time.sleep(owner.delay)
        route = owner.site.route(self.path)
        host = self.headers.get("Host") or f"{owner.host}:{owner.port}"
        body = owner.site.body(route, host)
        if route.status == HTTPStatus.MOVED_PERMANENTLY:
            location = owner.site.location(route, host)
            self._send(route.status, HTML_TYPE, body, send_body, location=location)
            return
        if route.status != HTTPStatus.OK or route.file is None:
            self._send(HTTPStatus.NOT_FOUND, HTML_TYPE, body, send_body)
            return
        path = self.path.partition("?")[0]
        if owner.fail_first and owner.site.is_article(path) and owner._fail_now(path):
            body = b"<h1>500 Internal Server Error</h1>\n"
            self._send(HTTPStatus.INTERNAL_SERVER_ERROR, HTML_TYPE, body, send_body)
            return
        self._send(HTTPStatus.OK, content_type(route.file), body, send_body)

    def _send(
        self, status: int, ctype: str, body: bytes, send_body: bool, location: str | None = None
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        if location is not None:
            self.send_header("Location", location)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if send_body:
            self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        if self.server.owner.verbose:
            sys.stderr.write(f"{self.address_string()} - {format % args}\n")

    def log_error(self, format: str, *args: object) -> None:
        self.log_message(format, *args)


class _ReplicaHTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, address: tuple[str, int], owner: ReplicaServer) -> None:
        self.owner = owner
        super().__init__(address, _ReplicaHandler)

    def handle_error(
        self, request: socket.socket | tuple[bytes, socket.socket], client_address: Any
    ) -> None:
        # A client that hangs up mid-response is normal for a crawler; stay quiet unless asked.
        if self.owner.verbose:
            super().handle_error(request, client_address)


class ReplicaServer:
    """A replica site served over HTTP from a background thread.

    Bound on construction (``port=0`` picks a free port); ``start()`` begins serving, ``stop()``
    shuts down. Also a context manager that stops on exit.
    """

    def __init__(
        self,
        root: str | Path,
        host: str = "127.0.0.1",
        port: int = 0,
        *,
        delay: float = 0.0,
        fail_first: bool = False,
        verbose: bool = False,
        layout: Layout | None = None,
        origin: str | None = None,
    ) -> None:
        self.site = Site.open(root, layout, origin)
        self.root = Path(root).resolve()
        self.delay = delay
        self.fail_first = fail_first
        self.verbose = verbose
        self._lock = threading.Lock()
        self._log: list[tuple[str, str]] = []
        self._counts: Counter[str] = Counter()
        self._failed_once: set[str] = set()
        self._thread: threading.Thread | None = None
        self._httpd = _ReplicaHTTPServer((host, port), self)

    @property
    def host(self) -> str:
        return str(self._httpd.server_address[0])

    @property
    def port(self) -> int:
        return int(self._httpd.server_address[1])

    @property
    def url(self) -> str:
        """The base URL without a trailing slash, e.g. ``http://127.0.0.1:8123``."""
        return f"http://{self.host}:{self.port}"

    @property
    def request_log(self) -> list[tuple[str, str]]:
        """A copy of every (method, request target) seen so far, in arrival order."""
        with self._lock:
            return list(self._log)

    @property
    def request_counts(self) -> Counter[str]:
        """A copy of the number of requests per request target (path and query as sent)."""
        with self._lock:
            return Counter(self._counts)

    def reset(self) -> None:
        """Forget the request log, the counts and which article pages already failed once."""
        with self._lock:
            self._log.clear()
            self._counts.clear()
            self._failed_once.clear()

    def _record(self, method: str, target: str) -> None:
        with self._lock:
            self._log.append((method, target))
            self._counts[target] += 1

    def _fail_now(self, path: str) -> bool:
        with self._lock:
            if path in self._failed_once:
                return False
            self._failed_once.add(path)
            return True

    def start(self) -> ReplicaServer:
        if self._thread is None:
            self._thread = threading.Thread(
                target=self._httpd.serve_forever,
                kwargs={"poll_interval": 0.05},
                name=f"replica-server-{self.port}",
                daemon=True,
            )
            self._thread.start()
        return self

    def serve_forever(self) -> None:
        """Serve in the calling thread until interrupted (used by the CLI)."""
        try:
            self._httpd.serve_forever(poll_interval=0.2)
        finally:
            self._httpd.server_close()

    def stop(self) -> None:
        """Stop serving and release the port; safe to call more than once."""
        if self._thread is not None:
            self._httpd.shutdown()
            self._thread.join()
            self._thread = None
        self._httpd.server_close()

    def __enter__(self) -> ReplicaServer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()


def serve(
    root: str | Path,
    host: str = "127.0.0.1",
    port: int = 0,
    *,
    delay: float = 0.0,
    fail_first: bool = False,
    verbose: bool = False,
    layout: Layout | None = None,
    origin: str | None = None,
) -> ReplicaServer:
    """Start serving ``root`` in a background thread; use as ``with serve(root) as server:``.

    ``layout`` and ``origin`` default to what :func:`devtools.routing.detect` finds.
    """
    server = ReplicaServer(
        root,
        host,
        port,
        delay=delay,
        fail_first=fail_first,
        verbose=verbose,
        layout=layout,
        origin=origin,
    )
    return server.start()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m devtools.server",
        description="Serve a replica site folder on 127.0.0.1 with the replica's routing rules.",
    )
    parser.add_argument("root", type=Path, help="the replica's site/ folder")
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=0, help="port (default 0: a free port)")
    parser.add_argument("--delay", type=float, default=0.0, help="seconds to wait per response")
    parser.add_argument(
        "--fail-first",
        action="store_true",
        help="answer HTTP 500 to the first request of each article page",
    )
    parser.add_argument("--verbose", action="store_true", help="log every request to stderr")
    parser.add_argument(
        "--layout", choices=LAYOUTS, help="the replica's layout (default: detected from the folder)"
    )
    parser.add_argument(
        "--origin", help="public origin to rewrite to the request's (press; default: detected)"
    )
    args = parser.parse_args(argv)
    try:
        server = ReplicaServer(
            args.root,
            args.host,
            args.port,
            delay=args.delay,
            fail_first=args.fail_first,
            verbose=args.verbose,
            layout=args.layout,
            origin=args.origin,
        )
    except OSError as exc:
        parser.error(str(exc))
    except ManifestError as exc:  # one line naming it, exit 2 (argparse's code for bad input)
        print(f"{parser.prog}: error: {exc}", file=sys.stderr)
        return 2
    print(server.url, flush=True)
    with contextlib.suppress(KeyboardInterrupt):
        server.serve_forever()
    return 0


if __name__ == "__main__":
    sys.exit(main())
