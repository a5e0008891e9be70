"""A fast replica server for benchmarks: every file pre-loaded, raw HTTP/1.1 on asyncio.

The routing of :mod:`devtools.routing` (as the dev server: both replica layouts), no faults, no
request log. Every file is read at start-up and each response (status line, headers, body) is
built once on its first request, so a request costs a dictionary lookup and one
``transport.write``; connections are kept alive.

    .venv/bin/python bench/fastserver.py bench/out/site-20000/site [--port N]

prints the base URL on the first line of stdout and serves until killed. The stdlib
``ThreadingHTTPServer`` of the devserver answers a few thousand small requests a second with
a thread each; this one answers tens of thousands on one core, so the crawler is what is
measured.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from devtools.routing import MemoryFiles, Site, content_type, detect  # noqa: E402


def _response(status: str, ctype: str, body: bytes, extra: str = "") -> tuple[bytes, bytes]:
    """The whole response and its head alone (for HEAD)."""
    head = (
        f"HTTP/1.1 {status}\r\nContent-Type: {ctype}\r\nContent-Length: {len(body)}\r\n"
        f"{extra}Connection: keep-alive\r\n\r\n"
    ).encode("latin-1")
    return head + body, head


class Responses:
    """Ready-made responses of a site in memory, built once per (request target, Host)."""

    STATUS = {200: "200 OK", 301: "301 Moved Permanently", 404: "404 Not Found"}

    def __init__(self, root: Path) -> None:
        self.files = MemoryFiles(root)
        self.site = Site(self.files, *detect(root.resolve()))
        self.cache: dict[tuple[str, str], tuple[bytes, bytes]] = {}

    def build(self, target: str, host: str) -> tuple[bytes, bytes]:
        route = self.site.route(target)
        body = self.site.body(route, host)
        if route.status == 301:
            extra = f"Location: {self.site.location(route, host)}\r\n"
            return _response(self.STATUS[301], "text/html; charset=utf-8", body, extra)
        ctype = content_type(route.file) if route.status == 200 and route.file else None
        return _response(self.STATUS[route.status], ctype or "text/html; charset=utf-8", body)

    def answer(self, method: str, target: str, host: str) -> bytes:
        key = (target, host)
        found = self.cache.get(key)
        if found is None:
            found = self.cache[key] = self.build(target, host)
        return found[1] if method == "HEAD" else found[0]


class HttpProtocol(asyncio.Protocol):
    """HTTP/1.1 with keep-alive; requests without a body (GET and HEAD) only."""

    def __init__(self, site: Responses) -> None:
        self.site = site
        self.buffer = b""
        self.transport: asyncio.Transport | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport  # type: ignore[assignment]

    def data_received(self, data: bytes) -> None:
        self.buffer += data
        assert self.transport is not None
        while (end := self.buffer.find(b"\r\n\r\n")) >= 0:
            head, self.buffer = self.buffer[:end], self.buffer[end + 4 :]
            lines = head.split(b"\r\n")
            try:
                method, target, _version = lines[0].decode("latin-1").split(" ", 2)
            except ValueError:
                self.transport.write(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n")
                self.transport.close()
                return
            host = ""
            for line in lines[1:]:
                if line[:5].lower() == b"host:":
                    host = line[5:].strip().decode("latin-1")
            self.transport.write(self.site.answer(method, target, host))
            if any(line.lower() == b"connection: close" for line in lines[1:]):
                self.transport.close()
                return


async def serve(root: Path, host: str, port: int) -> None:
    site = Responses(root)
    loop = asyncio.get_running_loop()
    server = await loop.create_server(lambda: HttpProtocol(site), host, port, backlog=1024)
    bound = server.sockets[0].getsockname()
    print(f"http://{bound[0]}:{bound[1]}", flush=True)
    print(f"{len(site.files.files)} files in memory", file=sys.stderr, flush=True)
    async with server:
        await server.serve_forever()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Serve a replica site folder from memory.")
    parser.add_argument("root", type=Path)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0)
    args = parser.parse_args(argv)
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(serve(args.root, args.host, args.port))
    return 0


if __name__ == "__main__":
    sys.exit(main())
