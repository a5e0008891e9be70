"""Hostile sitemaps and feeds in real crawls: the press replica served by the dev server, with
some of its listing documents replaced by entity bombs, XXE, gzip bombs, truncated and wrong
documents. Each bad document is counted (``newscrawl/listings/invalid/<reason>``) and logged once
with its URL; nothing raises a traceback, the sound listings are still walked, the run succeeds.
"""

from __future__ import annotations

import gzip
import json
import re
import shutil
import threading
from collections import Counter
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from devtools.server import serve
from devtools.truth import compare
from newscrawl.listings.safexml import SITEMAP_MAX_BYTES
from tests.helpers.crawl import CrawlResult, run_crawl
from tests.helpers.faulty_server import FaultyServer

PRESS = Path(__file__).parent / "fixtures" / "replica-press"
ORIGIN = "https://pressdigest.example"
SECRET = "NEWSCRAWL-XXE-MARKER"
SITEMAP_NS = 'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'


def _truth() -> list[dict[str, Any]]:
    lines = (PRESS / "truth.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line]


def _truth_ids() -> dict[str, str]:
    """Every article page of the replica (duplicate copies too): its source article's id."""
    lines = (PRESS / "pages.jsonl").read_text(encoding="utf-8").splitlines()
    return {page["path"]: page["truth_id"] for page in map(json.loads, lines) if page}


def _with_entity(root: str, declarations: str, reference: str) -> bytes:
    """A sitemap (``root="urlset"``) or RSS feed whose one URL uses ``reference``."""
    prolog = f'<?xml version="1.0"?>\n<!DOCTYPE {root} [\n{declarations}\n]>\n'
    if root == "urlset":
        body = f"<urlset {SITEMAP_NS}><url><loc>{ORIGIN}/{reference}/</loc></url></urlset>"
    else:
        body = f"<rss><channel><item><link>{ORIGIN}/{reference}/</link></item></channel></rss>"
    return (prolog + body).encode()


def _billion_laughs(root: str) -> bytes:
    """Ten levels of ten references: 10**9 "lol"s if anything expanded them."""
    levels = ['<!ENTITY lol0 "lol">']
    levels += [f'<!ENTITY lol{n} "{f"&lol{n - 1};" * 10}">' for n in range(1, 10)]
    return _with_entity(root, "\n".join(levels), "&lol9;")


def _xxe(root: str, secret: Path) -> bytes:
    """An external entity naming a local file."""
    return _with_entity(root, f'<!ENTITY xxe SYSTEM "{secret.as_uri()}">', "&xxe;")


def _gzip_bomb(document: bytes) -> bytes:
    """``document`` with 64 MiB of blanks before its last tag, gzipped (about 64 KiB)."""
    cut = document.rindex(b"</")
    return gzip.compress(document[:cut] + b" " * (64 << 20) + document[cut:], compresslevel=9)


def _cut_inside_third_entry(document: bytes, entry: bytes) -> bytes:
    starts = [m.start() for m in re.finditer(b"<" + entry + b">", document)]
    assert len(starts) >= 3
    return document[: starts[2] + 40]


def _bad_lines(result: CrawlResult, url: str) -> list[str]:
    return [line for line in result.stderr.splitlines() if f"Listing {url}: " in line]


def _assert_counted_once(result: CrawlResult, base: str, expected: dict[str, str]) -> None:
    """Each bad document's one log line names its URL and reason; the stats count them."""
    for path, reason in expected.items():
        lines = _bad_lines(result, base + path)
        assert len(lines) == 1, (path, lines)
        assert f": {reason}: " in lines[0] and "WARNING" in lines[0], lines[0]
    for reason, count in Counter(expected.values()).items():
        assert result.stats.get(f"newscrawl/listings/invalid/{reason}") == count, reason
    assert "Traceback" not in result.stderr
    assert SECRET not in result.stderr


@pytest.fixture
def press_site(tmp_path: Path) -> Path:
    """A private copy of the press replica's site folder, to spoil."""
    site = tmp_path / "site"
    shutil.copytree(PRESS / "site", site)
    return site


@pytest.fixture
def secret(tmp_path: Path) -> Path:
    path = tmp_path / "secret.txt"
    path.write_text(SECRET)
    return path


@pytest.fixture
def other_service() -> Iterator[tuple[str, list[str]]]:
    """Another HTTP service on 127.0.0.1 (its own port), recording the paths asked of it."""
    asked: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            asked.append(self.path)
            self.send_response(404)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", asked
    finally:
        server.shutdown()
        server.server_close()


def test_sitemap_walk_over_hostile_child_sitemaps(
    press_site: Path, secret: Path, tmp_path: Path
) -> None:
    post_sitemap = (press_site / "post-sitemap.xml").read_bytes()
    hostile = {
        "/bomb-sitemap.xml.gz": ("gzip_bomb", _gzip_bomb(post_sitemap)),
        "/laughs-sitemap.xml": ("entities", _billion_laughs("urlset")),
        "/xxe-sitemap.xml": ("entities", _xxe("urlset", secret)),
        "/truncated-sitemap.xml": ("malformed", _cut_inside_third_entry(post_sitemap, b"url")),
        "/html-sitemap.xml": ("wrong_root", (press_site / "404.html").read_bytes()),
        # gzip magic bytes that do not decompress
        "/corrupt-sitemap.xml.gz": ("bad_gzip", b"\x1f\x8b\x08" + b"\x00" * 64),
    }
    children = "".join(f"<sitemap><loc>{ORIGIN}{path}</loc></sitemap>\n" for path in hostile)
    index = press_site / "sitemap_index.xml"
    index.write_text(index.read_text().replace("</sitemapindex>", children + "</sitemapindex>"))
    for path, (_, body) in hostile.items():
        (press_site / path.lstrip("/")).write_bytes(body)

    with serve(press_site) as server:
        result = run_crawl(
            tmp_path, {"base_url": server.url, "via": "sitemap"}, spider="pressdigest"
        )
        fetched = [p for _, p in server.request_log]

    assert result.returncode == 0, result.stderr[-3000:]
    _assert_counted_once(result, server.url, {p: r for p, (r, _) in hostile.items()})
    # The sound sitemaps were walked in full: every post once, as from the intact replica.
    comparison = compare(result.records, _truth())
    assert comparison.perfect(), comparison.report()
    posts = [p for p in fetched if re.fullmatch(r"/\d{4}/\d{2}/\d{2}/[a-z0-9-]+/", p)]
    assert len(posts) == len(set(posts))
    assert SECRET not in (tmp_path / "feed.jsonl").read_text()


def test_feeds_walk_over_hostile_category_feeds(
    press_site: Path, secret: Path, tmp_path: Path
) -> None:
    feeds = press_site / "category"
    business = (feeds / "business" / "feed" / "index.xml").read_bytes()
    hostile = {
        "news": ("entities", _billion_laughs("rss")),
        "tech": ("entities", _xxe("rss", secret)),
        "world": ("gzip_bomb", _gzip_bomb((feeds / "world" / "feed" / "index.xml").read_bytes())),
        "business": ("malformed", _cut_inside_third_entry(business, b"item")),
        "sports": ("wrong_root", (press_site / "404.html").read_bytes()),
    }
    for slug, (_, body) in hostile.items():
        (feeds / slug / "feed" / "index.xml").write_bytes(body)
    slugs = [*hostile, "life"]

    with serve(press_site) as server:
        args = {"base_url": server.url, "via": "feeds", "categories": ",".join(slugs)}
        result = run_crawl(tmp_path, args, spider="pressdigest")

    assert result.returncode == 0, result.stderr[-3000:]
    expected = {f"/category/{slug}/feed/": reason for slug, (reason, _) in hostile.items()}
    _assert_counted_once(result, server.url, expected)
    # The intact feed and the two items of the truncated one before the cut were exported.
    link = rb"<link>https://pressdigest.example(/\d{4}/[^<]+)</link>"
    life = (feeds / "life" / "feed" / "index.xml").read_bytes()
    wanted_paths = re.findall(link, life) + re.findall(link, business)[:2]
    truth_of = _truth_ids()
    wanted = {truth_of[p.decode()] for p in wanted_paths if p.decode() in truth_of}
    exported = {truth_of.get(urlsplit(r["url"]).path) for r in result.records}
    assert wanted and wanted <= exported
    assert result.stats["newscrawl/listings/feeds"] == 2  # the two readable ones


def test_newest_run_over_a_bombed_news_sitemap_and_feed(
    press_site: Path, secret: Path, tmp_path: Path
) -> None:
    # The news sitemap is a gzip bomb although named .xml (found by its magic bytes); the feed
    # declares an external entity. The home page still lists the newest posts.
    news = press_site / "news-sitemap.xml"
    news.write_bytes(_gzip_bomb(news.read_bytes()))
    (press_site / "feed" / "index.xml").write_bytes(_xxe("rss", secret))

    with serve(press_site) as server:
        result = run_crawl(tmp_path, {"base_url": server.url}, spider="pressdigest")

    assert result.returncode == 0, result.stderr[-3000:]
    _assert_counted_once(
        result, server.url, {"/news-sitemap.xml": "gzip_bomb", "/feed/": "entities"}
    )
    assert result.records  # the home page's newest posts


def test_newest_run_over_transport_faults_of_its_xml_listings(tmp_path: Path) -> None:
    # HTTP-level gzip (Content-Encoding) past the size limit (a sitemap's: the protocol's 50 MiB)
    # is stopped by Scrapy's HttpCompressionMiddleware before any parsing: a failed listing,
    # counted and logged once. A feed sent as application/json is still read: the body decides.
    plan = {"/news-sitemap.xml": "gzip_bomb", "/feed/": "ctype_wrong"}
    with FaultyServer(PRESS / "site", plan, big_size=SITEMAP_MAX_BYTES + (1 << 20)) as server:
        settings = {"DOWNLOAD_MAXSIZE": str(1 << 20), "DOWNLOAD_WARNSIZE": "0"}
        result = run_crawl(
            tmp_path, {"base_url": server.url}, spider="pressdigest", settings=settings
        )

    assert result.returncode == 0, result.stderr[-3000:]
    bombed = f"{server.url}/news-sitemap.xml"
    lines = [line for line in result.stderr.splitlines() if bombed in line]
    assert len([line for line in lines if "Listing failed" in line]) == 1, lines
    assert result.stats.get("newscrawl/listings/failed") == 1
    assert result.stats.get("newscrawl/listings/feeds") == 1
    assert not any(k.startswith("newscrawl/listings/invalid/") for k in result.stats)
    assert "Traceback" not in result.stderr
    assert result.records


def _index(*children: str) -> bytes:
    rows = "".join(f"<sitemap><loc>{ORIGIN}{child}</loc></sitemap>" for child in children)
    return f'<?xml version="1.0"?>\n<sitemapindex {SITEMAP_NS}>{rows}</sitemapindex>\n'.encode()


def test_sitemap_indexes_nested_deeper_than_one_level_are_not_followed(
    press_site: Path, tmp_path: Path
) -> None:
    # robots.txt -> sitemap_index.xml -> chain-1.xml (an index: one level, followed)
    # -> chain-2.xml (an index in an index in an index: refused) -> chain-3.xml (never asked).
    index = press_site / "sitemap_index.xml"
    child = f"<sitemap><loc>{ORIGIN}/chain-1.xml</loc></sitemap>"
    index.write_text(index.read_text().replace("</sitemapindex>", child + "</sitemapindex>"))
    (press_site / "chain-1.xml").write_bytes(_index("/chain-2.xml"))
    (press_site / "chain-2.xml").write_bytes(_index("/chain-3.xml"))
    (press_site / "chain-3.xml").write_bytes(_index("/chain-4.xml"))

    with serve(press_site) as server:
        result = run_crawl(
            tmp_path, {"base_url": server.url, "via": "sitemap"}, spider="pressdigest"
        )
        asked = {path for _, path in server.request_log}

    assert result.returncode == 0, result.stderr[-3000:]
    assert {"/chain-1.xml", "/chain-2.xml"} <= asked and "/chain-3.xml" not in asked
    _assert_counted_once(result, server.url, {"/chain-2.xml": "wrong_root"})
    comparison = compare(result.records, _truth())
    assert comparison.perfect(), comparison.report()


def test_a_sitemap_may_be_larger_than_download_maxsize(press_site: Path, tmp_path: Path) -> None:
    # sitemaps.org allows 50 MiB uncompressed; DOWNLOAD_MAXSIZE (16 MiB here, 1 MiB in this
    # test) is for pages. The post sitemap padded past it is still read in full.
    sitemap = press_site / "post-sitemap.xml"
    padded = sitemap.read_bytes().replace(b"</urlset>", b" " * (2 << 20) + b"</urlset>")
    sitemap.write_bytes(padded)
    settings = {"DOWNLOAD_MAXSIZE": str(1 << 20), "DOWNLOAD_WARNSIZE": "0"}
    with serve(press_site) as server:
        args = {"base_url": server.url, "via": "sitemap"}
        result = run_crawl(tmp_path, args, spider="pressdigest", settings=settings)

    assert result.returncode == 0, result.stderr[-3000:]
    assert "newscrawl/listings/failed" not in result.stats
    comparison = compare(result.records, _truth())
    assert comparison.perfect(), comparison.report()


def test_sitemap_index_children_on_another_origin_are_not_fetched(
    press_site: Path, tmp_path: Path, other_service: tuple[str, list[str]]
) -> None:
    # An index naming sitemaps of another host, or of another port of this host (a local
    # service such as Scrapyd): none is asked for; they are counted and named on one line.
    other, asked = other_service
    index = press_site / "sitemap_index.xml"
    children = (
        f"<sitemap><loc>{other}/evil-sitemap.xml</loc></sitemap>"
        "<sitemap><loc>http://elsewhere.example/sitemap.xml</loc></sitemap>"
    )
    index.write_text(index.read_text().replace("</sitemapindex>", children + "</sitemapindex>"))

    with serve(press_site) as server:
        result = run_crawl(
            tmp_path, {"base_url": server.url, "via": "sitemap"}, spider="pressdigest"
        )

    assert result.returncode == 0, result.stderr[-3000:]
    assert asked == []
    assert result.stats["newscrawl/listings/sitemaps_offsite"] == 2
    lines = [line for line in result.stderr.splitlines() if "on another site" in line]
    assert len(lines) == 1 and f"{server.url}/sitemap_index.xml" in lines[0]
    comparison = compare(result.records, _truth())
    assert comparison.perfect(), comparison.report()


def test_feeds_of_every_category_with_categories_all(tmp_path: Path) -> None:
    # via=feeds with categories=all: the site's feed and the feed of every category of the
    # navigation, each read once; their posts exported (not the site's feed alone).
    site = PRESS / "site"
    slugs = sorted(p.name for p in (site / "category").iterdir() if (p / "feed").is_dir())
    link = rb"<link>https://pressdigest.example(/\d{4}/[^<]+)</link>"
    truth_of = _truth_ids()
    wanted = set()
    for feed in [site / "feed", *(site / "category" / slug / "feed" for slug in slugs)]:
        for path in re.findall(link, (feed / "index.xml").read_bytes()):
            if path.decode() in truth_of:
                wanted.add(truth_of[path.decode()])

    with serve(site) as server:
        args = {"base_url": server.url, "via": "feeds", "categories": "all"}
        result = run_crawl(tmp_path, args, spider="pressdigest")

    assert result.returncode == 0, result.stderr[-3000:]
    assert len(slugs) > 1
    assert result.stats["newscrawl/listings/feeds"] == 1 + len(slugs)
    exported = {truth_of.get(urlsplit(r["url"]).path) for r in result.records}
    site_feed_only = {
        truth_of[p.decode()]
        for p in re.findall(link, (site / "feed" / "index.xml").read_bytes())
        if p.decode() in truth_of
    }
    assert wanted - site_feed_only  # the category feeds add posts the site's feed lacks
    assert wanted <= exported


def test_posts_without_a_source_link_are_kept_once_whichever_origin_serves_the_site(
    tmp_path: Path,
) -> None:
    # The press replica rewrites its absolute links (rel=canonical too) to the origin that
    # serves it; a post without a source link is keyed by its canonical URL, which is the
    # site's own origin's, so a second run through another origin exports nothing again.
    unlinked = [r for r in _truth() if not r["source_url"]]
    assert unlinked
    counts = []
    for _ in range(2):
        with serve(PRESS / "site") as server:
            args = {"base_url": server.url, "via": "sitemap"}
            result = run_crawl(tmp_path, args, spider="pressdigest")
        assert result.returncode == 0, result.stderr[-3000:]
        counts.append(len(result.records))
        canonical = {r["canonical_url"] for r in result.records if not r["source_url"]}
        assert all(url.startswith(f"{ORIGIN}/") for url in canonical), canonical
    assert counts[0] == len(_truth())
    assert counts[1] == 0
