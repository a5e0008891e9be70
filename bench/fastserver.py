"""A fast replica server for benchmarks: every file pre-loaded, raw HTTP/1.1 on asyncio.

Same routing rules as :mod:`devtools.server` (README "Serving it"), no faults, no request
log. Every response (status line, headers, body) is built once at start-up, so a request costs
a dictionary lookup and one ``transport.write``; connections are kept alive.

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
import os
import sys
from pathlib import Path
from urllib.parse import unquote

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from devtools.server import ARCHIVE_DAY_RE, _page_number, content_type  # noqa: E402

NOT_FOUND_BODY = b"<h1>404 Not Found</h1>\n"


def _response(status: str, ctype: str, body: bytes, head_only: bool = False) -> bytes:
    head = (
        f"HTTP/1.1 {status}\r\nContent-Type: {ctype}\r\nContent-Length: {len(body)}\r\n"
        "Connection: keep-alive\r\n\r\n"
    ).encode("ascii")
    return head if head_only else head + body


class Site:
    """The site folder in memory: relative path -> ready-made 200 response."""

    def __init__(self, root: Path) -> None:
        self.files: dict[str, bytes] = {}
        self.heads: dict[str, bytes] = {}
        self.categories: set[str] = set()
        root = root.resolve()
        for dirpath, _dirs, names in os.walk(root):
            for name in names:
                path = Path(dirpath) / name
                rel = path.relative_to(root).as_posix()
                body = path.read_bytes()
                ctype = content_type(path)
                self.files[rel] = _response("200 OK", ctype, body)
                self.heads[rel] = _response("200 OK", ctype, body, head_only=True)
        for child in root.iterdir():
            if (child / "page").is_dir():
                self.categories.add(child.name)
        self.not_found = _response("404 Not Found", "text/html; charset=utf-8", NOT_FOUND_BODY)
        self.not_found_head = _response(
            "404 Not Found", "text/html; charset=utf-8", NOT_FOUND_BODY, head_only=True
        )

    def key(self, target: str) -> str | None:
        """The relative path answering ``target`` (README rules 1-5), or None for a 404."""
        path, _, query = target.partition("?")
        path = path.partition("#")[0]
        if path == "/":
            return "index.html"
        if not path.startswith("/"):
            return None
        segments = unquote(path).split("/")[1:]
        if any(s in ("", ".", "..") for s in segments):
            return None
        if len(segments) == 1 and segments[0] in self.categories:
            page = _page_number(query)
            return None if page is None else f"{segments[0]}/page/{page}.html"
        if (
            len(segments) == 2
            and segments[0] == "archive"
            and ARCHIVE_DAY_RE.fullmatch(segments[1])
        ):
            page = _page_number(query)
            return None if page is None else f"archive/{segments[1]}/page/{page}.html"
        return "/".join(segments)

    def answer(self, method: str, target: str) -> bytes:
        key = self.key(target)
        table = self.heads if method == "HEAD" else self.files
        found = table.get(key) if key is not None else None
        if found is None:
            return self.not_found_head if method == "HEAD" else self.not_found
        return found


class HttpProtocol(asyncio.Protocol):
    """HTTP/1.1 with keep-alive; requests without a body (GET and HEAD) only."""

    def __init__(self, site: Site) -> None:
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
                self.transport.write(self.site.not_found)
                self.transport.close()
                return
            self.transport.write(self.site.answer(method, target))
            if any(line.lower() == b"connection: close" for line in lines[1:]):
                self.transport.close()
                return


async def serve(root: Path, host: str, port: int) -> None:
    site = Site(root)
    loop = asyncio.get_running_loop()
    server = await loop.create_server(lambda: HttpProtocol(site), host, port, backlog=1024)
    bound = server.sockets[0].getsockname()
    print(f"http://{bound[0]}:{bound[1]}", flush=True)
    print(f"{len(site.files)} files in memory", file=sys.stderr, flush=True)
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
