"""Pages nested deeper than the HTML parser reads (100,000 ``div``s): failed with their reason."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

from parsel import Selector

from devtools.server import serve
from newscrawl.commands.extract import Limits, PageJob, extract_page
from newscrawl.extract.depth import MESSAGE
from newscrawl.sites.limitedtimes import SITE
from tests.helpers.crawl import run_crawl

DEEP = "<div>" * 100_000 + "deep" + "</div>" * 100_000
DAYS = {"start": "2022-01-10", "end": "2022-01-11"}


def _cards(page: Path) -> list[str]:
    return Selector(page.read_text(encoding="utf-8")).css(f"{SITE.card} {SITE.card_link}").getall()


def _nest(page: Path, after: str) -> None:
    html = page.read_text(encoding="utf-8")
    assert after in html
    page.write_text(html.replace(after, after + DEEP, 1), encoding="utf-8")


def test_deep_pages_are_counted_as_failed_with_their_reason(
    replica_root: Path, tmp_path: Path, replica_truth: list[dict[str, Any]]
) -> None:
    """A listing read as empty and articles read as "not an article" (or a RecursionError)
    before: now the reason is the depth, and the empty listing says so in the log."""
    site = tmp_path / "site"
    shutil.copytree(replica_root, site)
    singles = {t["aggregator_url"] for t in replica_truth if not t["duplicate_urls"]}
    first, second = [u for u in _cards(site / "archive/2022-01-10/page/1.html") if u in singles][:2]
    _nest(site / first.lstrip("/"), "<body>")  # the parser stops before the article
    _nest(site / second.lstrip("/"), '<div class="post-content">')  # inside its text
    listing = site / "archive/2022-01-11/page/1.html"
    lost = _cards(listing)
    _nest(listing, "<body>")
    with serve(site) as server:
        result = run_crawl(tmp_path, {"base_url": server.url, **DAYS})
    assert result.returncode == 0, result.stderr[-3000:]
    stats = result.stats
    assert stats["newscrawl/pages/failed/too_deep"] == 2, result.stderr[-3000:]
    assert "newscrawl/pages/failed/not_an_article" not in stats
    assert "newscrawl/pages/failed/RecursionError" not in stats
    assert stats["newscrawl/listings/too_deep"] == 1
    log = result.stderr
    assert f"Listing {server.url}/archive/2022-01-11: 0 cards read; {MESSAGE}" in log
    for path in (first, second):
        assert f"Could not parse {server.url}{path}: too_deep: " in log
    urls = {record["url"] for record in result.records}
    assert not urls & {server.url + path for path in (first, second, *lost)}
    assert urls, "the other pages are read as usual"


def test_extract_gives_deep_pages_an_error_record(replica_root: Path, tmp_path: Path) -> None:
    article = _cards(replica_root / "archive/2022-01-10/page/1.html")[0]
    html = (replica_root / article.lstrip("/")).read_text(encoding="utf-8")
    limits = Limits((tmp_path,), 16 << 20)
    for name, url in (
        ("site.html", "https://newsrnd.com" + article),
        ("g.html", "https://x.org/a"),
    ):
        for marker in ("<body>", '<div class="post-content">'):
            page = tmp_path / name
            page.write_text(html.replace(marker, marker + DEEP, 1), encoding="utf-8")
            record = extract_page(PageJob(1, "d", url, page), {}, "T", limits)
            assert record.get("error") == f"cannot parse: too_deep: {MESSAGE}", (name, marker)
    json.dumps(record)  # an ordinary output line
