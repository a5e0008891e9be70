"""Every declared site against its recorded replica (the Fundus way): adding a site adds its
recorded pages under ``tests/fixtures/sites/<site key>/`` and no test code."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import pytest
from parsel import Selector

from devtools.routing import Site
from devtools.server import ReplicaServer, serve
from devtools.truth import compare
from newscrawl.extract.aggregated import extract_article
from newscrawl.listings.sitemaps import read_sitemap
from newscrawl.listings.syndication import read_feed
from newscrawl.sites import CategoryListings, Feeds, NewestPages, Sitemaps, SiteProfile, all_sites
from tests.helpers.crawl import run_crawl

SITES = Path(__file__).parent / "fixtures" / "sites"
#: An origin the recorded pages are read at (the dev server rewrites the public one so too).
ORIGIN = "http://127.0.0.1:8"


def _lines(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def _replica(key: str) -> Path:
    return SITES / key


def _replicas() -> list[str]:
    """Every recorded copy: ``<site>`` and its variants ``<site>+<variant>`` (the same site
    with publishers no module declares)."""
    return sorted(p.name for p in SITES.iterdir() if p.name.split("+")[0] in all_sites())


def _page_html(site: SiteProfile, root: Path, path: str) -> bytes:
    file = root / "site" / path.lstrip("/")
    html = (file / "index.html" if file.is_dir() else file).read_bytes()
    return html.replace(site.base_url.encode(), ORIGIN.encode())


def test_every_site_has_a_recorded_replica() -> None:
    assert set(all_sites()) >= {"limitedtimes", "pressdigest"}
    for key in all_sites():
        assert (_replica(key) / "truth.jsonl").is_file(), f"{key}: no tests/fixtures/sites/{key}"


@pytest.mark.parametrize("replica", _replicas())
def test_recorded_pages_equal_truth(replica: str) -> None:
    key = replica.split("+")[0]
    site, root = all_sites()[key], _replica(replica)
    truth = {t["id"]: t for t in _lines(root / "truth.jsonl")}
    records = []
    for page in _lines(root / "pages.jsonl"):
        article, _ = extract_article(
            _page_html(site, root, page["path"]), ORIGIN + page["path"], site
        )
        # Every copy names its source article the same way (the dedup key).
        assert article["source_url"] == truth[page["truth_id"]]["source_url"], page["path"]
        assert article["site"] == key
        if not page["is_duplicate"]:
            records.append(dict(article))
    comparison = compare(records, list(truth.values()))
    assert comparison.perfect(), comparison.report()


@pytest.mark.parametrize("replica", _replicas())
def test_archive_walk_equals_truth(replica: str, tmp_path: Path) -> None:
    key = replica.split("+")[0]
    root = _replica(replica)
    manifest = json.loads((root / "manifest.json").read_text(encoding="utf-8"))
    first, last = manifest["archive_days"][0], manifest["archive_days"][-1]
    with serve(root / "site") as server:
        result = run_crawl(
            tmp_path, {"base_url": server.url, "start": first, "end": last}, spider=key
        )
    assert result.returncode == 0, result.stderr[-3000:]
    comparison = compare(result.records, _lines(root / "truth.jsonl"))
    assert comparison.perfect(), comparison.report()
    assert len(result.records) == manifest["unique_articles"]
    assert {r["site"] for r in result.records} == {key}
    stats = result.stats
    assert stats["newscrawl/dedup/dropped"] == manifest["duplicates"]
    assert stats["newscrawl/articles/dead_links"] == manifest["dead_card_links_404"]
    assert stats.get("newscrawl/pages/failed", 0) == 0
    assert "log_count/ERROR" not in stats
    undeclared = manifest.get("unknown_sources", {})
    assert stats.get("newscrawl/sources/undeclared", 0) == undeclared.get("pages", 0)


def _with(kind: type) -> list[str]:
    return sorted(k for k, site in all_sites().items() if site.listing(kind) is not None)


def _article_requests(server: ReplicaServer, site: SiteProfile, since: int = 0) -> list[str]:
    log = server.request_log[since:]
    return [path for _, path in log if site.article_path.match(path.split("?")[0])]


@pytest.mark.parametrize("key", _with(Sitemaps))
def test_sitemap_walk_exports_every_post_once(key: str, tmp_path: Path) -> None:
    site, root = all_sites()[key], _replica(key)
    with serve(root / "site") as server:
        result = run_crawl(tmp_path, {"base_url": server.url, "via": "sitemap"}, spider=key)
        fetched = _article_requests(server, site)
    assert result.returncode == 0, result.stderr[-3000:]
    comparison = compare(result.records, _lines(root / "truth.jsonl"))
    assert comparison.perfect(), comparison.report()
    assert len(fetched) == len(set(fetched)), "a post was fetched twice"
    assert "newscrawl/listings/pages" not in result.stats  # no HTML listing was read


@pytest.mark.parametrize("key", _with(Sitemaps))
def test_sitemap_walk_bounded_by_days(key: str, tmp_path: Path) -> None:
    site, root = all_sites()[key], _replica(key)
    manifest = json.loads((root / "manifest.json").read_text(encoding="utf-8"))
    first = date.fromisoformat(manifest["archive_days"][0]) + timedelta(days=1)
    last = first + timedelta(days=1)
    with serve(root / "site") as server:
        args = {"base_url": server.url, "via": "sitemap", "start": str(first), "end": str(last)}
        result = run_crawl(tmp_path, args, spider=key)
    assert result.returncode == 0, result.stderr[-3000:]

    def local_day(record: dict[str, Any]) -> date:
        return site.local_day(datetime.fromisoformat(record["aggregated_at"]))

    assert result.records and all(first <= local_day(r) <= last for r in result.records)
    truth = _lines(root / "truth.jsonl")
    expected = {t["aggregator_url"] for t in truth if first <= local_day(t) <= last}
    got = {urlsplit(r["url"]).path for r in result.records}
    # An earliest copy before start leaves its later copy, inside the days, to this walk.
    assert expected <= got | {p for t in truth for p in t["duplicate_urls"]}
    assert got - expected <= {p for t in truth for p in t["duplicate_urls"]}


def _served_file(root: Path, path: str) -> bytes:
    """The recorded file the dev server answers ``path`` with (by the site's layout)."""
    served = Site.open(root / "site")
    route = served.route(path)
    assert route.status == 200 and route.file is not None, (path, route)
    return served.files.read(route.file)


def _declared_newest(site: SiteProfile, root: Path) -> tuple[str, list[str]]:
    """The newest posts by what the site declares: its Google News sitemap, else its feed,
    else its home page (the listing a newest run trusts most), and their URLs."""
    sitemaps, feeds = site.listing(Sitemaps), site.listing(Feeds)
    if isinstance(sitemaps, Sitemaps) and sitemaps.news:
        news = read_sitemap(_served_file(root, sitemaps.news), site.base_url)
        return "news sitemap", [e.url for e in news.entries]
    if isinstance(feeds, Feeds):
        feed = read_feed(_served_file(root, feeds.path), site.base_url + feeds.path)
        return "feed", [e.url for e in feed.entries]
    newest = site.listing(NewestPages)
    assert isinstance(newest, NewestPages), f"{site.key} declares no newest posts"
    home = Selector(body=_served_file(root, newest.path), type="html")
    links = home.css(site.card).css(site.card_link).getall()
    return "home page", [urljoin(site.base_url + newest.path, link) for link in links]


@pytest.mark.parametrize("key", sorted(all_sites()))
def test_newest_run_reads_the_declared_newest_posts_and_a_rerun_fetches_nothing(
    key: str, tmp_path: Path
) -> None:
    site, root = all_sites()[key], _replica(key)
    source, newest = _declared_newest(site, root)
    pages = {p["path"]: p["truth_id"] for p in _lines(root / "pages.jsonl")}
    wanted = {pages[urlsplit(url).path] for url in newest if urlsplit(url).path in pages}
    truth = _lines(root / "truth.jsonl")
    by_path = {p: t["id"] for t in truth for p in [t["aggregator_url"], *t["duplicate_urls"]]}
    with serve(root / "site") as server:
        first = run_crawl(tmp_path, {"base_url": server.url}, spider=key)
        mark = len(server.request_log)
        again = run_crawl(tmp_path, {"base_url": server.url}, spider=key, feed_name="again.jsonl")
        refetched = _article_requests(server, site, mark)
    assert first.returncode == 0, first.stderr[-3000:]
    exported = {by_path[urlsplit(r["url"]).path] for r in first.records}
    assert wanted and wanted <= exported, f"{key}: posts of its {source} not exported"
    assert again.returncode == 0, again.stderr[-3000:]  # nothing new is a success
    assert again.records == [] and refetched == []


@pytest.mark.parametrize("key", _with(Feeds))
def test_feeds_walk(key: str, tmp_path: Path) -> None:
    root = _replica(key)
    with serve(root / "site") as server:
        result = run_crawl(tmp_path, {"base_url": server.url, "via": "feeds"}, spider=key)
    assert result.returncode == 0, result.stderr[-3000:]
    comparison = compare(result.records, _lines(root / "truth.jsonl"))
    assert result.records and not comparison.mismatches and not comparison.spurious
    assert result.stats["newscrawl/listings/feeds"] == 1


@pytest.mark.parametrize("key", _with(CategoryListings))
def test_category_walk_equals_truth(key: str, tmp_path: Path) -> None:
    root = _replica(key)
    with serve(root / "site") as server:
        result = run_crawl(tmp_path, {"base_url": server.url, "via": "categories"}, spider=key)
    assert result.returncode == 0, result.stderr[-3000:]
    comparison = compare(result.records, _lines(root / "truth.jsonl"))
    assert comparison.perfect(), comparison.report()


def test_every_site_has_its_spider() -> None:
    from scrapy.spiderloader import SpiderLoader
    from scrapy.utils.project import get_project_settings

    loader = SpiderLoader.from_settings(get_project_settings())
    assert set(loader.list()) == set(all_sites())
    for key, site in all_sites().items():
        assert loader.load(key).site is site
