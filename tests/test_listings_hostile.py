"""Hostile listing documents, generated here: entity bombs, XXE, malformed, gzip bombs, 50k URLs.

Each is refused or read as far as it is sound, with one reason; none raises anything but
ListingError, none reads a local file or makes a request, and report() counts and logs it.
"""

from __future__ import annotations

import functools
import gzip
import logging
import threading
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from scrapy.utils.test import get_crawler

from newscrawl.listings.errors import ListingError, report
from newscrawl.listings.safexml import SITEMAP_MAX_BYTES
from newscrawl.listings.sitemaps import read_sitemap
from newscrawl.listings.syndication import read_feed

URL = "http://127.0.0.1:8000/post-sitemap.xml"
SITEMAP_NS = b'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'
Reader = Callable[..., object]
READERS = pytest.mark.parametrize("read", [read_sitemap, read_feed], ids=["sitemap", "feed"])


def _document(read: Reader, prolog: bytes, loc: bytes) -> bytes:
    if read is read_sitemap:
        return prolog + b"<urlset " + SITEMAP_NS + b"><url><loc>" + loc + b"</loc></url></urlset>"
    return prolog + b"<rss><channel><item><link>" + loc + b"</link></item></channel></rss>"


def _billion_laughs(levels: int = 10) -> bytes:
    lines = [b'<!ENTITY lol0 "lol">']
    for level in range(1, levels):
        refs = b"".join(b"&lol%d;" % (level - 1) for _ in range(10))
        lines.append(b'<!ENTITY lol%d "%s">' % (level, refs))
    return b"<?xml version='1.0'?>\n<!DOCTYPE lolz [\n" + b"\n".join(lines) + b"\n]>\n"


@READERS
def test_billion_laughs_refused_unread(read: Reader) -> None:
    body = _document(read, _billion_laughs(), b"http://h/&lol9;")
    with pytest.raises(ListingError) as caught:
        read(body, URL)
    assert caught.value.reason == "entities"
    assert "10 entities" in caught.value.detail


@READERS
def test_xxe_to_a_local_file_refused(read: Reader, tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-MARKER")
    prolog = b'<!DOCTYPE x [<!ENTITY xxe SYSTEM "%s">]>' % secret.as_uri().encode()
    with pytest.raises(ListingError) as caught:
        read(_document(read, prolog, b"http://h/&xxe;"), URL)
    assert caught.value.reason == "entities"
    assert secret.as_uri() in caught.value.detail
    assert "TOP-SECRET-MARKER" not in str(caught.value)


@pytest.fixture
def dtd_server() -> Iterator[tuple[str, list[str]]]:
    """A server on a free port recording every path asked for (it must see none)."""
    asked: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            asked.append(self.path)
            body = b'<!ENTITY xxe "FETCHED-MARKER">'
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

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


@READERS
def test_external_dtd_and_parameter_entities_are_never_fetched(
    read: Reader, dtd_server: tuple[str, list[str]]
) -> None:
    base, asked = dtd_server
    external = b'<!DOCTYPE x SYSTEM "%s/evil.dtd">' % base.encode()
    parameter = b'<!DOCTYPE x [<!ENTITY %% p SYSTEM "%s/p.dtd"> %%p;]>' % base.encode()
    outcomes = []
    for prolog in (external, parameter):
        try:
            result = read(_document(read, prolog, b"http://h/&xxe;"), URL)
        except ListingError as error:
            outcomes.append(error.reason)
        else:
            # &xxe; (declared, if anywhere, in the DTD never loaded) is not expanded: the
            # entry it would cut short is dropped, and counted as an entities problem.
            assert result.entries == ()  # type: ignore[attr-defined]
            problem = result.problem  # type: ignore[attr-defined]
            assert problem is not None and problem.reason == "entities"
            outcomes.append("dropped")
    assert asked == []
    # A declared parameter entity is refused like any other declared entity.
    assert outcomes == ["dropped", "entities"]


def _urlset(count: int) -> bytes:
    start = datetime(2022, 1, 1, tzinfo=UTC)
    rows = (
        b"<url><loc>https://digest.example/2022/01/%05d/post-%d/</loc><lastmod>%s</lastmod></url>"
        % (n, n, (start + timedelta(minutes=n)).isoformat().encode())
        for n in range(count)
    )
    return (
        b'<?xml version="1.0"?>\n<urlset ' + SITEMAP_NS + b">\n" + b"\n".join(rows) + b"\n</urlset>"
    )


def test_truncated_sitemap_keeps_the_complete_entries() -> None:
    whole = _urlset(10)
    cut = whole[: whole.index(b"post-7/")]  # inside the 8th <loc>
    sitemap = read_sitemap(cut, URL)
    assert [e.url.rsplit("-", 1)[1] for e in sitemap.entries] == [f"{n}/" for n in range(7)]
    assert sitemap.problem is not None and sitemap.problem.reason == "malformed"


def test_truncated_between_entries_loses_none() -> None:
    whole = _urlset(10)
    cut = whole[: whole.index(b"</urlset>")]
    sitemap = read_sitemap(cut, URL)
    assert len(sitemap.entries) == 10
    assert sitemap.problem is not None and sitemap.problem.reason == "malformed"


def test_stray_ampersand_is_recovered_and_reported() -> None:
    body = _urlset(5).replace(b"post-2/", b"post-2/?a=1&b=2")
    sitemap = read_sitemap(body, URL)
    assert len(sitemap.entries) == 5
    assert sitemap.problem is not None and sitemap.problem.reason == "malformed"
    assert sitemap.problem.detail.startswith("line 5 column 61: EntityRef")


def test_malformed_feed_keeps_items_before_the_break() -> None:
    items = b"".join(
        b"<item><link>https://digest.example/p/%d/</link><pubDate>Mon, 10 Jan 2022 "
        b"08:00:00 +0000</pubDate></item>" % n
        for n in range(4)
    )
    body = b'<rss version="2.0"><channel>' + items + b"<item><link>https://digest.ex"
    feed = read_feed(body, URL)
    assert [e.url for e in feed.entries] == [f"https://digest.example/p/{n}/" for n in range(4)]
    assert feed.problem is not None and feed.problem.reason == "malformed"


@functools.cache
def _gzip_bomb(read: Reader) -> bytes:
    """64 MiB of blanks inside a valid document: about 64 KiB of gzip."""
    head = _document(read, b"", b"http://h/a/")
    return gzip.compress(head[:-10] + b" " * (64 << 20) + head[-10:], compresslevel=9)


@READERS
def test_gzip_bomb_refused(read: Reader) -> None:
    bomb = _gzip_bomb(read)
    assert len(bomb) < 200_000
    with pytest.raises(ListingError) as caught:
        read(bomb, URL + ".gz", max_size=16 << 20)
    assert caught.value.reason == "gzip_bomb"


@READERS
def test_corrupt_gzip_and_plain_oversize(read: Reader) -> None:
    with pytest.raises(ListingError) as caught:
        read(b"\x1f\x8b\x08" + b"\x00" * 40, URL)
    assert caught.value.reason == "bad_gzip"
    with pytest.raises(ListingError) as caught:
        read(_document(read, b"", b"http://h/" + b"a" * 5000), URL, max_size=1000)
    assert caught.value.reason == "too_large"


def test_fifty_thousand_urls() -> None:
    body = _urlset(50_000)
    assert len(body) < SITEMAP_MAX_BYTES
    sitemap = read_sitemap(gzip.compress(body, compresslevel=1), URL, max_size=SITEMAP_MAX_BYTES)
    assert sitemap.problem is None
    assert len(sitemap.entries) == 50_000
    assert len({e.url for e in sitemap.entries}) == 50_000
    last = sitemap.entries[-1]
    assert last.url == "https://digest.example/2022/01/49999/post-49999/"
    assert last.lastmod == datetime(2022, 1, 1, tzinfo=UTC) + timedelta(minutes=49_999)


def test_report_counts_and_logs_one_line_with_the_url(caplog: pytest.LogCaptureFixture) -> None:
    crawler = get_crawler()
    assert crawler.stats is not None
    stats = crawler.stats
    caplog.set_level(logging.WARNING)
    for body in (_billion_laughs() + b"<urlset/>", b"<html/>", b"<html/>"):
        try:
            read_sitemap(body, URL)
        except ListingError as error:
            report(stats, URL, error)
    assert stats.get_value("newscrawl/listings/invalid/entities") == 1
    assert stats.get_value("newscrawl/listings/invalid/wrong_root") == 2
    lines = [r for r in caplog.records if r.name == "newscrawl.listings.errors"]
    assert len(lines) == 3
    assert all(URL in r.getMessage() and r.exc_info is None for r in lines)
    assert lines[0].getMessage().startswith(f"Listing {URL}: entities: declares 10 entities")


@pytest.mark.parametrize(
    ("payload", "limit"),
    [
        (b"<x>" * 100_000 + b"</x>" * 100_000, "Excessive depth"),
        (b"<x>" + b"b" * (11 << 20) + b"</x>", "Text node too long"),
    ],
    ids=["depth", "text"],
)
def test_libxml2_limits_stay_on(payload: bytes, limit: str) -> None:
    # huge_tree is off: libxml2 stops at its limits instead of building the monster; the
    # entries before the break are kept and the document is reported malformed.
    body = (
        b"<urlset "
        + SITEMAP_NS
        + b"><url><loc>http://h/a/</loc></url><url><loc>http://h/b/</loc>"
        + payload
        + b"</url></urlset>"
    )
    sitemap = read_sitemap(body, URL)
    assert [e.url for e in sitemap.entries] == ["http://h/a/"]
    assert sitemap.problem is not None and sitemap.problem.reason == "malformed"
    assert limit in sitemap.problem.detail


@pytest.mark.parametrize("cut", [b"<loc>http", b"<url>"], ids=["in-loc", "before-loc"])
def test_truncated_entry_without_its_url_costs_no_complete_entry(cut: bytes) -> None:
    whole = _urlset(5)
    last = whole.rindex(b"<url>")
    body = whole[:last] + cut if cut == b"<url>" else whole[: whole.index(b"post-4/")]
    sitemap = read_sitemap(body, URL)
    assert [e.url.rsplit("-", 1)[1] for e in sitemap.entries] == [f"{n}/" for n in range(4)]


def test_truncated_feed_item_before_its_link_costs_no_complete_item() -> None:
    items = b"".join(
        b"<item><title>T</title><link>https://digest.example/p/%d/</link></item>" % n
        for n in range(3)
    )
    body = b'<rss version="2.0"><channel>' + items + b"<item><title>Cut he"
    feed = read_feed(body, URL)
    assert [e.url for e in feed.entries] == [f"https://digest.example/p/{n}/" for n in range(3)]
    assert feed.problem is not None and feed.problem.reason == "malformed"


def test_gzip_past_the_warning_size_logs_one_line(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.WARNING)
    body = gzip.compress(_urlset(2000))
    sitemap = read_sitemap(body, URL + ".gz", max_size=1 << 30, warn_size=len(body) + 1)
    assert len(sitemap.entries) == 2000 and sitemap.problem is None
    (line,) = [r.getMessage() for r in caplog.records]
    assert line.startswith(f"Listing {URL}.gz: ") and "past the warning size" in line
    caplog.clear()
    read_sitemap(body, URL + ".gz", warn_size=1 << 30)
    assert caplog.records == []
