"""One routing for every replica server: the press layout's rules, and the dev, fault and
benchmark servers answering every target alike over real HTTP."""

from __future__ import annotations

import http.client
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from devtools.routing import MemoryFiles, Route, Site, detect
from devtools.server import serve
from tests.helpers.faulty_server import FaultyServer

PROJECT = Path(__file__).resolve().parents[1]
ORIGIN = "https://pressdigest.example"
POST = "2022/01/10/the-bank-of-israel-hikes-the-rate"


@pytest.fixture
def press_root(tmp_path: Path) -> Path:
    """A small site in the press layout (replica-press README, "Serving it")."""
    site = tmp_path / "site"
    files = {
        "index.html": f'<a href="{ORIGIN}/{POST}/">post</a><a href="{ORIGIN}/page/2/">next</a>',
        "page/2/index.html": f'<a href="{ORIGIN}/">newer</a>',
        f"{POST}/index.html": f'<link rel="canonical" href="{ORIGIN}/{POST}/">',
        "category/news/index.html": "news 1",
        "category/news/page/2/index.html": "news 2",
        "category/news/feed/index.xml": f"<rss><link>{ORIGIN}/{POST}/</link></rss>",
        "feed/index.xml": f"<rss><link>{ORIGIN}/{POST}/</link></rss>",
        "sitemap_index.xml": f"<sitemapindex><loc>{ORIGIN}/post-sitemap.xml</loc></sitemapindex>",
        "robots.txt": f"User-agent: *\nSitemap: {ORIGIN}/sitemap_index.xml\n",
        "404.html": "<h1>Oops! That page can't be found.</h1>",
    }
    for rel, text in files.items():
        (site / rel).parent.mkdir(parents=True, exist_ok=True)
        (site / rel).write_text(text, encoding="utf-8")
    (tmp_path / "secret.txt").write_text("secret", encoding="utf-8")
    return site


def test_press_layout_is_detected_from_robots(press_root: Path) -> None:
    assert detect(press_root) == ("press", ORIGIN)


def test_layouts_detected_from_the_manifest(replica_root: Path, tmp_path: Path) -> None:
    assert detect(replica_root) == ("limitedtimes", None)
    (tmp_path / "site").mkdir()
    (tmp_path / "manifest.json").write_text(
        '{"layout": "press", "base_url": "https://other.example/"}', encoding="utf-8"
    )
    assert detect(tmp_path / "site") == ("press", "https://other.example")


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("/", Route(200, "index.html")),
        ("/?utm_source=x", Route(200, "index.html")),
        ("/page/2/", Route(200, "page/2/index.html")),
        (f"/{POST}/", Route(200, f"{POST}/index.html")),
        (f"/{POST}", Route(301, location=f"/{POST}/")),
        ("/category/news", Route(301, location="/category/news/")),
        ("/category/news/page/2?x=1", Route(301, location="/category/news/page/2/?x=1")),
        ("/feed/", Route(200, "feed/index.xml")),
        ("/category/news/feed/", Route(200, "category/news/feed/index.xml")),
        ("/feed", Route(301, location="/feed/")),
        ("/sitemap_index.xml", Route(200, "sitemap_index.xml")),
        ("/robots.txt", Route(200, "robots.txt")),
        ("/category/news/page/3/", Route(404, "404.html")),
        ("/category/news/politics/", Route(404, "404.html")),
        ("/2022/", Route(404, "404.html")),  # a folder without an index
        ("/?p=1419", Route(404, "404.html")),
        ("/sitemap_index.xml/", Route(404, "404.html")),
        ("/../secret.txt", Route(404, "404.html")),
        ("/%2e%2e/secret.txt", Route(404, "404.html")),
        ("//secret.txt", Route(404, "404.html")),
    ],
)
def test_press_rules(press_root: Path, target: str, expected: Route) -> None:
    assert Site.open(press_root).route(target) == expected
    assert Site.open(press_root, in_memory=True).route(target) == expected


def test_press_bodies_live_at_the_request_origin(press_root: Path) -> None:
    site = Site.open(press_root)
    body = site.body(site.route("/"), "127.0.0.1:8123")
    assert ORIGIN.encode() not in body
    assert f"http://127.0.0.1:8123/{POST}/".encode() in body
    assert site.location(site.route(f"/{POST}"), "127.0.0.1:8123") == (
        f"http://127.0.0.1:8123/{POST}/"
    )


def test_memory_files_keep_symlinks_out(tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    (tmp_path / "secret.txt").write_text("secret", encoding="utf-8")
    (site / "leak.html").symlink_to(tmp_path / "secret.txt")
    (site / "ok.html").write_text("ok", encoding="utf-8")
    files = MemoryFiles(site)
    assert files.is_file("ok.html") and not files.is_file("leak.html")


def fetch(base: str, target: str, method: str = "GET") -> tuple[int, str | None, bytes]:
    host, port = base.removeprefix("http://").split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=10)
    try:
        conn.request(method, target)
        response = conn.getresponse()
        location = response.headers["Location"]
        body = response.read()
    finally:
        conn.close()
    # Each server rewrites to its own origin: compare the bodies with it taken out.
    return (
        response.status,
        location and location.replace(base, "ORIGIN"),
        body.replace(base.encode(), b"ORIGIN"),
    )


@contextmanager
def fast_server(root: Path) -> Iterator[str]:
    command = [sys.executable, str(PROJECT / "bench" / "fastserver.py"), str(root)]
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE) as proc:
        try:
            assert proc.stdout is not None
            yield proc.stdout.readline().decode().strip()
        finally:
            proc.terminate()
            proc.communicate(timeout=10)


LIMITED_TIMES_TARGETS = [
    "/",
    "/news",
    "/news?page=2",
    "/news?page=0",
    "/archive/2022-01-10",
    "/archive/2022-01-10?page=9",
    "/robots.txt",
    "/nope",
    "/news/",
    "/%2e%2e/%2e%2e/etc/passwd",
]
PRESS_TARGETS = [
    "/",
    f"/{POST}",
    f"/{POST}/",
    "/feed/",
    "/category/news/page/2",
    "/category/news/page/3/",
    "/sitemap_index.xml",
    "/?p=3",
    "/../secret.txt",
]


@pytest.mark.parametrize("layout", ["limitedtimes", "press"])
def test_three_servers_answer_alike(
    layout: str, replica_root: Path, press_root: Path, tmp_path: Path
) -> None:
    root, targets = (
        (replica_root, LIMITED_TIMES_TARGETS)
        if layout == "limitedtimes"
        else (press_root, PRESS_TARGETS)
    )
    statuses = set()
    with serve(root) as dev, FaultyServer(root) as faulty, fast_server(root) as fast:
        for target in targets:
            answers = {fetch(base, target) for base in (dev.url, faulty.url, fast)}
            assert len(answers) == 1, (target, answers)
            statuses.add(answers.pop()[0])
            heads = {fetch(base, target, "HEAD") for base in (dev.url, fast)}  # no HEAD in faults
            assert len(heads) == 1 and heads.pop()[2] == b"", target
    assert statuses == ({200, 404} if layout == "limitedtimes" else {200, 301, 404})
