"""The replica dev server: every routing rule, faults and the CLI, over real HTTP."""

from __future__ import annotations

import http.client
import json
import re
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any
from urllib.error import HTTPError
from urllib.parse import urlsplit
from urllib.request import urlopen

import pytest

from devtools.routing import DECLARED_LAYOUTS, ManifestError, Route, Site
from devtools.server import ReplicaServer, serve
from newscrawl.sites import all_sites

MANIFEST = Path(__file__).parent / "fixtures" / "replica" / "manifest.json"
PAGES = Path(__file__).parent / "fixtures" / "replica" / "pages.jsonl"
SITES = Path(__file__).parent / "fixtures" / "sites"


def fetch(
    server: ReplicaServer, target: str, method: str = "GET"
) -> tuple[int, http.client.HTTPMessage, bytes]:
    """Send ``target`` byte for byte (no client-side normalisation of ``..`` or escapes)."""
    conn = http.client.HTTPConnection(server.host, server.port, timeout=10)
    try:
        conn.request(method, target)
        response = conn.getresponse()
        return response.status, response.headers, response.read()
    finally:
        conn.close()


def manifest() -> dict[str, Any]:
    return json.loads(MANIFEST.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def article_paths() -> list[str]:
    with PAGES.open(encoding="utf-8") as lines:
        return [json.loads(line)["path"] for line in lines if line.strip()]


def assert_serves(server: ReplicaServer, target: str, file: Path) -> None:
    status, headers, body = fetch(server, target)
    assert status == 200, target
    assert headers["Content-Type"] == "text/html; charset=utf-8"
    assert body == file.read_bytes(), target


# Rule 1: / serves index.html.


def test_root_serves_index(replica_server: ReplicaServer, replica_root: Path) -> None:
    assert_serves(replica_server, "/", replica_root / "index.html")


def test_root_ignores_query(replica_server: ReplicaServer, replica_root: Path) -> None:
    assert_serves(replica_server, "/?utm_source=x", replica_root / "index.html")


# Rule 2: /{category}[?page=N] serves {category}/page/N.html.


def categories(root: Path) -> list[str]:
    return sorted(p.parent.name for p in root.glob("*/page") if p.is_dir() and p.parent.name)


def test_sample_has_the_seven_categories(replica_root: Path) -> None:
    expected = ["business", "entertainment", "life", "news", "sports", "tech", "world"]
    assert [c for c in categories(replica_root) if c != "archive"] == expected


def test_every_category_page_is_served(replica_server: ReplicaServer, replica_root: Path) -> None:
    served = 0
    for category in categories(replica_root):
        page_dir = replica_root / category / "page"
        assert_serves(replica_server, f"/{category}", page_dir / "1.html")
        for page in sorted(page_dir.glob("*.html")):
            assert_serves(replica_server, f"/{category}?page={page.stem}", page)
            served += 1
    assert served >= 9


def test_category_page_with_other_query_parameters(
    replica_server: ReplicaServer, replica_root: Path
) -> None:
    assert_serves(replica_server, "/news?page=2&utm_source=x", replica_root / "news/page/2.html")


def test_empty_page_beyond_last_is_a_valid_listing(
    replica_server: ReplicaServer, replica_root: Path
) -> None:
    target = manifest()["empty_page_beyond_last"]
    assert target == "/world?page=2"
    assert_serves(replica_server, target, replica_root / "world/page/2.html")
    assert b"No articles" in fetch(replica_server, target)[2]


# Rule 3: /archive/YYYY-MM-DD[?page=N] serves archive/YYYY-MM-DD/page/N.html.


def test_every_archive_page_is_served(replica_server: ReplicaServer, replica_root: Path) -> None:
    days = sorted(p.name for p in (replica_root / "archive").iterdir())
    assert days[0] == "2022-01-09" and days[-1] == "2022-01-14"
    for day in days:
        page_dir = replica_root / "archive" / day / "page"
        assert_serves(replica_server, f"/archive/{day}", page_dir / "1.html")
        for page in sorted(page_dir.glob("*.html")):
            assert_serves(replica_server, f"/archive/{day}?page={page.stem}", page)


def test_empty_archive_days_are_valid_pages(replica_server: ReplicaServer) -> None:
    for day in manifest()["empty_archive_days"]:
        status, _, body = fetch(replica_server, f"/archive/{day}")
        assert status == 200
        assert b"No articles" in body


# Rule 4: any other path serves the file at that path, query ignored.


def test_every_article_page_is_served(replica_server: ReplicaServer, replica_root: Path) -> None:
    paths = article_paths()
    assert len(paths) == manifest()["pages"]
    for path in paths:
        assert_serves(replica_server, path, replica_root / path.lstrip("/"))


def test_article_query_is_ignored(replica_server: ReplicaServer, replica_root: Path) -> None:
    path = article_paths()[0]
    assert_serves(replica_server, f"{path}?utm_source=a&page=x", replica_root / path.lstrip("/"))


def test_percent_encoded_path_is_decoded(replica_server: ReplicaServer, replica_root: Path) -> None:
    path = article_paths()[0]
    encoded = path.replace("-", "%2D", 1)
    assert_serves(replica_server, encoded, replica_root / path.lstrip("/"))


def test_listing_files_are_reachable_by_path(
    replica_server: ReplicaServer, replica_root: Path
) -> None:
    assert_serves(replica_server, "/news/page/2.html", replica_root / "news/page/2.html")
    assert_serves(
        replica_server,
        "/archive/2022-01-10/page/1.html",
        replica_root / "archive/2022-01-10/page/1.html",
    )


def test_robots_txt_is_plain_text(replica_server: ReplicaServer, replica_root: Path) -> None:
    status, headers, body = fetch(replica_server, "/robots.txt?x=1")
    assert status == 200
    assert headers["Content-Type"].startswith("text/plain")
    assert body == (replica_root / "robots.txt").read_bytes()
    assert b"Disallow: /search" in body


# Rule 5: missing file, directory, malformed page number -> 404.


@pytest.mark.parametrize(
    "target",
    [
        "/news?page=0",
        "/news?page=x",
        "/news?page=",
        "/news?page=-1",
        "/news?page=1.0",
        "/news?page=01",
        "/news?page=1&page=2",
        "/news?page=3",
        "/business?page=2",
        "/archive/2022-01-10?page=0",
        "/archive/2022-01-10?page=x",
        "/archive/2022-01-10?page=9",
        "/archive/2021-12-31",
        "/archive/20220110",
        "/archive",
        "/archive/",
        "/tag/russia",
        "/tag/x",
        "/search",
        "/search?q=putin",
        "/img/HJx2HyMD3F.jpg",
        "/nope",
        "/news/",
        "/news/page",
        "/news/page/",
        "/news/page/3.html",
        "/archive/2022-01-10/",
        "/news//page/1.html",
    ],
)
def test_not_found(replica_server: ReplicaServer, target: str) -> None:
    status, headers, _ = fetch(replica_server, target)
    assert status == 404, target
    assert headers["Content-Length"] is not None


def test_dead_card_link_is_not_found(replica_server: ReplicaServer) -> None:
    for path in manifest()["dead_card_paths"]:
        assert fetch(replica_server, path)[0] == 404


# Path traversal.


@pytest.mark.parametrize(
    "target",
    [
        "/../../../../etc/passwd",
        "/..",
        "/news/../index.html",
        "/news/../../devserver_secret.txt",
        "/%2e%2e/%2e%2e/etc/passwd",
        "/%2E%2E/%2E%2E/etc/passwd",
        "/news/%2e%2e/%2e%2e/devserver_secret.txt",
        "/news/..%2f..%2fdevserver_secret.txt",
        "/..%5c..%5cdevserver_secret.txt",
        "/%2fetc%2fpasswd",
        "/./index.html",
        "/index.html%00.txt",
    ],
)
def test_traversal_is_impossible(tmp_path: Path, target: str) -> None:
    site = tmp_path / "site"
    (site / "news" / "page").mkdir(parents=True)
    (site / "index.html").write_text("home", encoding="utf-8")
    (site / "news" / "page" / "1.html").write_text("news", encoding="utf-8")
    (tmp_path / "devserver_secret.txt").write_text("secret", encoding="utf-8")
    with serve(site) as server:
        status, _, body = fetch(server, target)
    assert status == 404, target
    assert b"secret" not in body and b"root:" not in body


def test_symlink_out_of_the_root_is_not_followed(tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    (tmp_path / "devserver_secret.txt").write_text("secret", encoding="utf-8")
    (site / "leak.html").symlink_to(tmp_path / "devserver_secret.txt")
    with serve(site) as server:
        assert fetch(server, "/leak.html")[0] == 404


def test_route_without_http(replica_root: Path) -> None:
    site = Site.open(replica_root)
    assert site.layout == "limitedtimes" and site.origin is None
    assert site.route("/") == Route(200, "index.html")
    assert site.route("/world?page=2") == Route(200, "world/page/2.html")
    assert site.route("/world?page=3") == Route(404)
    assert site.route("/../replica/site/index.html") == Route(404)


# HTTP details.


def test_head_sends_headers_only(replica_server: ReplicaServer, replica_root: Path) -> None:
    status, headers, body = fetch(replica_server, "/news", method="HEAD")
    assert status == 200
    assert body == b""
    assert int(headers["Content-Length"]) == (replica_root / "news/page/1.html").stat().st_size


def test_url_is_the_local_base_url(replica_server: ReplicaServer) -> None:
    parts = urlsplit(replica_server.url)
    assert parts.scheme == "http" and parts.hostname == "127.0.0.1"
    assert parts.port == replica_server.port and parts.path == ""
    with urlopen(replica_server.url + "/") as response:
        assert response.status == 200


def test_keep_alive_connection_serves_several_requests(replica_server: ReplicaServer) -> None:
    conn = http.client.HTTPConnection(replica_server.host, replica_server.port, timeout=10)
    try:
        for target in ["/", "/news", "/nope", "/robots.txt"]:
            conn.request("GET", target)
            response = conn.getresponse()
            response.read()
            assert response.status in (200, 404)
    finally:
        conn.close()


def test_missing_root_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(NotADirectoryError):
        ReplicaServer(tmp_path / "absent")


# Faults, logs and counters.


def test_fail_first_fails_each_article_once(replica_root: Path) -> None:
    article, other = article_paths()[:2]
    dead = manifest()["dead_card_paths"][0]
    with serve(replica_root, fail_first=True) as server:
        assert fetch(server, article)[0] == 500
        assert fetch(server, article)[0] == 200
        assert fetch(server, article)[0] == 200
        assert fetch(server, other)[0] == 500
        assert fetch(server, other + "?retry=1")[0] == 200  # the same article URL, query aside
        # Listings, robots.txt and missing pages never fail.
        assert fetch(server, "/")[0] == 200
        assert fetch(server, "/news")[0] == 200
        assert fetch(server, "/robots.txt")[0] == 200
        assert fetch(server, dead)[0] == 404
        assert server.request_counts[article] == 3
        assert server.request_log[:2] == [("GET", article), ("GET", article)]
        server.reset()
        assert server.request_log == []
        assert fetch(server, article)[0] == 500


def test_request_log_and_counts(replica_root: Path) -> None:
    with serve(replica_root) as server:
        fetch(server, "/")
        fetch(server, "/news?page=2", method="HEAD")
        fetch(server, "/news?page=2")
        fetch(server, "/nope")
        assert server.request_log == [
            ("GET", "/"),
            ("HEAD", "/news?page=2"),
            ("GET", "/news?page=2"),
            ("GET", "/nope"),
        ]
        assert server.request_counts == {"/": 1, "/news?page=2": 2, "/nope": 1}


def test_delay_is_per_response_and_threaded(replica_root: Path) -> None:
    with serve(replica_root, delay=0.3) as server:
        started = time.monotonic()
        with ThreadPoolExecutor(max_workers=8) as pool:
            statuses = list(pool.map(lambda _: fetch(server, "/news")[0], range(8)))
        elapsed = time.monotonic() - started
        assert statuses == [200] * 8
        assert 0.3 <= elapsed < 1.5  # eight slow responses in parallel, not one after another
        assert len(server.request_log) == 8


def test_stop_releases_the_port(replica_root: Path) -> None:
    server = serve(replica_root)
    assert fetch(server, "/")[0] == 200
    server.stop()
    server.stop()  # idempotent
    with pytest.raises(OSError):
        fetch(server, "/")


# CLI.


def test_cli_prints_url_and_serves_quietly(replica_root: Path) -> None:
    command = [sys.executable, "-m", "devtools.server", str(replica_root), "--fail-first"]
    with subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=Path(__file__).parent.parent,
    ) as proc:
        try:
            assert proc.stdout is not None
            url = proc.stdout.readline().strip()
            assert url.startswith("http://127.0.0.1:")
            article = article_paths()[0]
            with urlopen(url + "/") as response:
                assert response.status == 200
            with pytest.raises(HTTPError) as failure:
                urlopen(url + article)
            failure.value.close()
            assert failure.value.code == 500
            with urlopen(url + article) as response:
                assert response.status == 200
        finally:
            proc.terminate()
            _, stderr = proc.communicate(timeout=10)
    assert stderr == ""


# The layout of a replica: from the site its manifest names (its declaration), never guessed.


def _replica_with_manifest(tmp_path: Path, manifest: dict[str, Any]) -> Path:
    """A replica folder whose manifest is ``manifest`` and whose robots.txt names a sitemap
    (what the guess for a folder without a manifest reads)."""
    site = tmp_path / "site"
    site.mkdir()
    (site / "robots.txt").write_text(
        "User-agent: *\nSitemap: https://pressdigest.example/sitemap_index.xml\n", encoding="utf-8"
    )
    (tmp_path / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    return site


@pytest.mark.parametrize("key", sorted(all_sites()))
def test_layout_comes_from_the_declared_site(tmp_path: Path, key: str) -> None:
    declared = all_sites()[key]
    site = Site.open(_replica_with_manifest(tmp_path, {"site": key}))
    assert site.layout == DECLARED_LAYOUTS[declared.url_layout]
    assert site.article_path is declared.article_path
    if site.layout == "press":  # bodies rewritten from the site's own origin
        assert site.origin == declared.base_url.encode()


def test_bundled_replicas_name_their_site() -> None:
    for replica in sorted(SITES.iterdir()):
        data = json.loads((replica / "manifest.json").read_text(encoding="utf-8"))
        assert data["site"] == replica.name.split("+")[0], replica.name
        site = all_sites()[data["site"]]
        assert Site.open(replica / "site").layout == DECLARED_LAYOUTS[site.url_layout]


@pytest.mark.parametrize(
    ("manifest", "named"),
    [
        ({"layout": "wordpress"}, "unknown layout 'wordpress' (known: limitedtimes, press)"),
        ({"site": "nosuchsite"}, "unknown site 'nosuchsite' (declared: "),
        ({"site": "limitedtimes", "layout": "press"}, "layout 'press' but site 'limitedtimes'"),
    ],
)
def test_unknown_layout_or_site_is_an_error_naming_it(
    tmp_path: Path, manifest: dict[str, Any], named: str
) -> None:
    site = _replica_with_manifest(tmp_path, manifest)
    with pytest.raises(ManifestError, match=re.escape(named)):
        serve(site)
    command = [sys.executable, "-m", "devtools.server", str(site)]
    proc = subprocess.run(command, capture_output=True, text=True, timeout=60, check=False)
    assert proc.returncode == 2 and proc.stdout == ""
    [line] = proc.stderr.splitlines()
    assert line.startswith(f"python -m devtools.server: error: {tmp_path / 'manifest.json'}: ")
    assert named in line


def test_fail_first_follows_the_declared_article_path(tmp_path: Path) -> None:
    site = _replica_with_manifest(tmp_path, {"site": "pressdigest"})
    post = site / "2022" / "01" / "10" / "a-post"
    post.mkdir(parents=True)
    (post / "index.html").write_text("post", encoding="utf-8")
    # The other layout's article path is only a file here: never failed.
    other = site / "news" / "2022-01-10-a-post.HJx2HyMD3F.html"
    other.parent.mkdir()
    other.write_text("a file", encoding="utf-8")
    with serve(site, fail_first=True) as server:
        assert [fetch(server, "/2022/01/10/a-post/")[0] for _ in range(2)] == [500, 200]
        assert fetch(server, "/news/2022-01-10-a-post.HJx2HyMD3F.html")[0] == 200


def test_a_copy_under_sites_key_is_served_by_that_site(tmp_path: Path) -> None:
    # Without a "site" in its manifest, the folder sites/<key>[+<variant>]/ names the site.
    copy = tmp_path / "sites" / "pressdigest+other"
    copy.mkdir(parents=True)
    site = _replica_with_manifest(copy, {"generator": "by hand"})
    assert Site.open(site).layout == "press"
    assert Site.open(site).origin == all_sites()["pressdigest"].base_url.encode()
