"""A replica server that misbehaves on purpose, for fault tests.

It routes by :mod:`devtools.routing` (as the dev server and the benchmark server do) and applies
a fault plan:
a mapping from request path (no query) to a fault name. Transient faults hit the first request
of a path only, so a retry succeeds; the others hit every request.

Transient (first request only):
  ``500`` ``502`` ``503``  that status
  ``429``                  Too Many Requests with ``Retry-After: 1``
  ``reset``                the connection reset (TCP RST) before any answer
  ``timeout``              sleeps ``sleep`` seconds before answering (longer than DOWNLOAD_TIMEOUT)
  ``truncated``            Content-Length of the whole page, half the body sent, connection closed

Persistent (every request):
  ``ctype_missing``        no Content-Type header
  ``ctype_wrong``          ``Content-Type: application/json``
  ``ctype_binary``         ``Content-Type: application/octet-stream``
  ``cp1252``               the page re-encoded as windows-1252, ``<meta charset>`` saying so,
                           header ``text/html`` without a charset
  ``cp1252_bare``          the same without any declaration (no meta, no header charset)
  ``redirect_offsite``     302 to the same path on ``offsite_url`` (another host)
  ``redirect_loop``        302 to ``?loop=N+1`` of the same path, forever
  ``oversized``            the page padded with an HTML comment to ``big_size`` bytes
  ``gzip_bomb``            ``Content-Encoding: gzip`` of ``big_size`` zero bytes (a few KiB sent)
  ``offsite_card``         a listing page with an extra card linking to ``offsite_url``
  ``down``                 503 Service Unavailable, always
  ``slow``                 sleeps ``sleep`` seconds, then answers (a slow site, to stop mid-run)
  ``trickle``              headers at once, then the body one byte every ``sleep`` seconds

``/endless`` (and ``/endless?page=N``) is a listing that always has a next page.
``/cards`` is one listing page of ``cards`` cards (built on the first request, about 120 bytes a
card: 100,000 make a 12 MB page), each linking to an article page that does not exist (404).
"""

from __future__ import annotations

import gzip
import hashlib
import io
import re
import socket
import struct
import threading
import time
from collections import Counter
from collections.abc import Iterable, Mapping
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from typing import Any
from urllib.parse import parse_qsl

from devtools.routing import ARTICLE_PATH_RE, Site, content_type

TRANSIENT = ("500", "502", "503", "429", "reset", "timeout", "truncated")
PERSISTENT = (
    "ctype_missing",
    "ctype_wrong",
    "ctype_binary",
    "cp1252",
    "cp1252_bare",
    "redirect_offsite",
    "redirect_loop",
    "oversized",
    "gzip_bomb",
    "offsite_card",
    "down",
    "slow",
    "trickle",
)
_META_CHARSET = re.compile(rb'<meta charset="utf-8">', re.IGNORECASE)


def plan_by_hash(paths: Iterable[str], kinds: Iterable[str], share: float = 1.0) -> dict[str, str]:
    """A deterministic fault plan: each path's hash picks whether it fails and with which kind.

    >>> plan_by_hash(["/a", "/b", "/c"], ["500"], share=1.0)
    {'/a': '500', '/b': '500', '/c': '500'}
    >>> plan_by_hash(["/a", "/b"], ["500"], share=0.0)
    {}
    """
    kinds = list(kinds)
    plan = {}
    for path in paths:
        digest = hashlib.sha256(path.encode()).digest()
        if digest[0] / 256 < share:
            plan[path] = kinds[int.from_bytes(digest[1:5], "big") % len(kinds)]
    return plan


def article_paths(root: Path) -> list[str]:
    """Every article page path of a replica folder, sorted."""
    paths = ("/" + p.relative_to(root).as_posix() for p in root.glob("*/*.html"))
    return sorted(p for p in paths if ARTICLE_PATH_RE.fullmatch(p))


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.1"
    timeout = 30

    def do_GET(self) -> None:
        owner = self.server.owner
        path, _, query = self.path.partition("?")
        first = owner._record(self.path, path)
        if path == "/endless":
            self._endless(query)
            return
        if path == "/cards":
            self._send(200, owner.cards_page(), "text/html; charset=utf-8")
            return
        fault = owner.plan.get(path)
        if fault in TRANSIENT and not first:
            fault = None
        route = owner.site.route(self.path)
        host = self.headers.get("Host") or ""
        if route.status == 301:
            self._send(301, b"", extra={"Location": owner.site.location(route, host)})
            return
        if route.status != 200 or route.file is None:
            self._send(404, owner.site.body(route, host))
            return
        body = owner.site.body(route, host)
        ctype: str | None = content_type(route.file)
        if fault == "down":
            self._send(503, b"<h1>503</h1>\n")
        elif fault == "slow":
            time.sleep(owner.sleep)
            self._send(200, body, ctype)
        elif fault == "trickle":
            self._trickle(body, ctype or "")
        elif fault in ("500", "502", "503"):
            self._send(int(fault), f"<h1>{fault}</h1>\n".encode())
        elif fault == "429":
            self._send(429, b"<h1>Too Many Requests</h1>\n", extra={"Retry-After": "1"})
        elif fault == "timeout":
            time.sleep(owner.sleep)
            self._send(200, body, ctype)
        elif fault == "reset":
            self._reset()
        elif fault == "truncated":
            self._truncated(body, ctype or "")
        elif fault == "ctype_missing":
            self._send(200, body, None)
        elif fault == "ctype_wrong":
            self._send(200, body, "application/json")
        elif fault == "ctype_binary":
            self._send(200, body, "application/octet-stream")
        elif fault in ("cp1252", "cp1252_bare"):
            text = body.decode("utf-8")
            meta = "" if fault == "cp1252_bare" else '<meta charset="windows-1252">'
            text = text.replace('<meta charset="utf-8">', meta)
            self._send(200, text.encode("cp1252", "xmlcharrefreplace"), "text/html")
        elif fault == "redirect_offsite":
            self._send(302, b"", extra={"Location": owner.offsite_url + self.path})
        elif fault == "redirect_loop":
            n = int(dict(parse_qsl(query)).get("loop", "0")) + 1
            self._send(302, b"", extra={"Location": f"{path}?loop={n}"})
        elif fault == "oversized":
            padding = b"<!-- " + b"x" * owner.big_size + b" -->"
            self._send(200, body.replace(b"</body>", padding + b"</body>"), ctype)
        elif fault == "gzip_bomb":
            self._send(200, owner.bomb, ctype, extra={"Content-Encoding": "gzip"})
        elif fault == "offsite_card":
            card = (
                '<article class="card"><a class="card-link" href="'
                + owner.offsite_url
                + '/news/2022-01-10-offsite-article.OFFSITE001.html">'
                '<h3 class="card-title">Off-site</h3></a>'
                '<time datetime="2022-01-10T00:00:00.000Z">2022-01-10</time></article>'
            ).encode()
            self._send(
                200,
                body.replace(b'<section class="feed">', b'<section class="feed">' + card),
                ctype,
            )
        else:
            self._send(200, body, ctype)

    def _endless(self, query: str) -> None:
        page = int(dict(parse_qsl(query)).get("page", "1"))
        # One card (a dead link), so the page is not taken for a listing built by JavaScript.
        href = "/news/2022-01-10-endless.ENDLESS001.html"
        html = (
            f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>Endless {page}</title>'
            f'</head><body><section class="feed"><article class="card"><a class="card-link" '
            f'href="{href}"><h3 class="card-title">Card</h3></a>'
            f'<time datetime="2022-01-10T00:00:00.000Z">2022-01-10</time></article></section>'
            f'<nav class="pagination"><a rel="next" href="/endless?page={page + 1}">Next</a>'
            f"</nav></body></html>"
        )
        self._send(200, html.encode(), "text/html; charset=utf-8")

    def _send(
        self,
        status: int,
        body: bytes,
        ctype: str | None = "text/html; charset=utf-8",
        extra: Mapping[str, str] | None = None,
    ) -> None:
        self.send_response(status)
        if ctype:
            self.send_header("Content-Type", ctype)
        for key, value in (extra or {}).items():
            self.send_header(key, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _truncated(self, body: bytes, ctype: str) -> None:
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(body[: len(body) // 2])
        self.wfile.flush()
        self.close_connection = True

    def _trickle(self, body: bytes, ctype: str) -> None:
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        try:
            for n in range(len(body)):
                self.wfile.write(body[n : n + 1])
                self.wfile.flush()
                time.sleep(self.server.owner.sleep)
        except OSError:
            self.close_connection = True  # the client gave up

    def _reset(self) -> None:
        # SO_LINGER 0: close() sends a TCP RST instead of a FIN, before any answer.
        self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.connection.close()  # now: the server's own shutdown_request() would send a FIN first
        self.close_connection = True

    def log_message(self, format: str, *args: object) -> None:
        pass


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    # A full listen backlog drops SYNs; their 1 s retransmit would trip a short DOWNLOAD_TIMEOUT.
    request_queue_size = 128

    def __init__(self, address: tuple[str, int], owner: FaultyServer) -> None:
        self.owner = owner
        super().__init__(address, _Handler)

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # resets and hang-ups are the point here


class FaultyServer:
    """A replica over HTTP applying ``plan`` ({path: fault}); also a context manager."""

    def __init__(
        self,
        root: Path,
        plan: Mapping[str, str] | None = None,
        *,
        host: str = "127.0.0.1",
        offsite_url: str = "",
        sleep: float = 3.0,
        big_size: int = 2_000_000,
        cards: int = 0,
    ) -> None:
        self.root = Path(root).resolve()
        self.site = Site.open(self.root)
        self.plan = dict(plan or {})
        self.offsite_url = offsite_url
        self.sleep = sleep
        self.big_size = big_size
        buffer = io.BytesIO()
        with gzip.GzipFile(fileobj=buffer, mode="wb") as zipped:
            zipped.write(b"\0" * big_size)
        self.bomb = buffer.getvalue()
        self.cards = cards
        self._cards_page: bytes | None = None
        self._lock = threading.Lock()
        self.counts: Counter[str] = Counter()  # per path (no query)
        self.log: list[str] = []  # request targets
        self.times: dict[str, list[float]] = {}  # per path: time.monotonic() of each request
        self._httpd = _Server((host, 0), self)
        self._thread: threading.Thread | None = None

    def cards_page(self) -> bytes:
        """The ``/cards`` listing page: ``cards`` cards, each a dead link (built once)."""
        with self._lock:
            if self._cards_page is None:
                parts = [
                    b'<!DOCTYPE html><html><head><meta charset="utf-8"><title>Cards</title>'
                    b'</head><body><section class="feed">'
                ]
                parts += [
                    b'<article class="card"><a class="card-link" '
                    b'href="/news/2022-01-10-c.C%08d.html">c</a>'
                    b'<time datetime="2022-01-10T00:00:00Z"></time></article>' % n
                    for n in range(self.cards)
                ]
                parts.append(b"</section></body></html>")
                self._cards_page = b"".join(parts)
            return self._cards_page

    @property
    def url(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host!s}:{port}"

    def _record(self, target: str, path: str) -> bool:
        """Record a request; True when it is the first one for its path."""
        with self._lock:
            self.log.append(target)
            self.counts[path] += 1
            self.times.setdefault(path, []).append(time.monotonic())
            return self.counts[path] == 1

    def __enter__(self) -> FaultyServer:
        self._thread = threading.Thread(target=self._httpd.serve_forever, args=(0.05,), daemon=True)
        self._thread.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
