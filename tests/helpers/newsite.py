"""A third site added the way docs/adding-a-site.md says, into a copy of the checkout.

Foldline Daily (``https://foldline.example``) is a WordPress republisher on another theme than
Press Digest's: post URLs without a date (``/{slug}/``), WordPress core sitemaps
(``robots.txt`` -> ``wp-sitemap.xml`` -> ``wp-sitemap-posts-post-1.xml``, ``lastmod`` only) and no
Google News sitemap, an RSS feed. Its recorded copy is made from the Press Digest replica's
(``tests/fixtures/sites/pressdigest``): the posts moved to dateless URLs, the theme's class names
changed, the Yoast sitemaps replaced by core ones. One earlier copy was edited after its duplicate
was published (:data:`EDITED_LATE`): its ``lastmod`` is later than the duplicate's.

:func:`add_site` writes one module (``newscrawl/sites/foldline.py``) and one fixture folder
(``tests/fixtures/sites/foldline/``), and nothing else: it refuses to overwrite a file, so a run
shows what adding a site takes.
"""

from __future__ import annotations

import json
import re
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

PROJECT = Path(__file__).resolve().parents[2]
KEY = "foldline"
OLD_ORIGIN = "https://pressdigest.example"
ORIGIN = "https://foldline.example"
#: Press Digest's theme class -> this theme's.
THEME = {"entry-title": "post-heading", "entry-content": "post-body"}
#: A dated post path of the source replica (a day archive's ``page/N/`` is not a post).
DATED_POST = re.compile(r"/\d{4}/\d{2}/\d{2}/(?!page/)([a-z0-9-]+)/")
#: Yoast's sitemaps, replaced by WordPress core's.
YOAST = ("sitemap_index.xml", "post-sitemap.xml", "category-sitemap.xml", "news-sitemap.xml")
LASTMOD = re.compile(r"<url><loc>([^<]+)</loc><lastmod>([^<]+)</lastmod></url>")

MODULE = '''"""Foldline Daily (https://foldline.example): a WordPress republisher, dateless URLs.

Post URL example: https://foldline.example/the-bank-of-israel-hikes-the-interest-rate-after-8-years/
"""

import re

from newscrawl.sites import (
    CategoryListings,
    DayArchive,
    Feeds,
    NewestPages,
    Sitemaps,
    SiteProfile,
    default_sources,
)
from newscrawl.spiders.aggregator import AggregatorSpider

SITE = SiteProfile(
    key="foldline",
    name="Foldline Daily",
    base_url="https://foldline.example",
    language="en",
    timezone="America/New_York",
    # /{slug}/ (WordPress "post name" permalinks); /feed/, /page/N/ are not posts.
    article_path=re.compile(r"^/(?!(?:feed|page|category|tag|author|wp-[a-z-]+)/)(?P<slug>[a-z0-9-]+)/$"),
    dated_urls=False,
    url_layout="directories",
    listings=(
        DayArchive("/{day:%Y/%m/%d}/", empty_day_is_404=True),
        CategoryListings(
            "/category/{category}/",
            nav="#site-navigation a::attr(href)",
            nav_path=re.compile(r"^/category/(?P<category>[a-z0-9-]+)/$"),
        ),
        NewestPages("/"),
        Feeds("/feed/", category_path="/category/{category}/feed/"),
        Sitemaps("/robots.txt"),  # WordPress core sitemaps: wp-sitemap.xml, no news sitemap
    ),
    card="main article.post",
    card_link="h2.post-heading a::attr(href)",
    card_time="time.entry-date.published::attr(datetime)",
    next_page="nav.pagination a.next.page-numbers::attr(href)",
    feed="main.site-main",
    title="h1.post-heading",
    aggregated_at="article time.entry-date.published::attr(datetime)",
    aggregated_at_fallbacks=("meta[property='article:published_time']::attr(content)",),
    canonical="link[rel=canonical]::attr(href)",
    block="div.post-body",
    source_link=(
        "div.post-body > p.source > a::attr(href),"
        " div.post-body > p > a[rel~=nofollow]::attr(href),"
        " div.post-body > p > a[target]::attr(href)"
    ),
    source_credit_name="div.post-body > p.source > a::text",
    block_exclude=(
        "p.source",
        "p:has(> a[rel~=nofollow])",
        "p:has(> a[target])",
        "div.sharedaddy",
        "div.jp-relatedposts",
    ),
    categories="span.cat-links a",
    category_link="span.cat-links a::attr(href)",
    category_link_path=re.compile(r"^/category/(?P<category>[a-z0-9-]+)/"),
    tags="span.tags-links a",
    own_account="span.byline .author ::text",
    sources=default_sources(),
)


class FoldlineSpider(AggregatorSpider):
    """Posts of Foldline Daily, one record per source article."""

    name = "foldline"
    site = SITE
'''


def undated(path: str) -> str:
    """A Press Digest post path without its date: ``/2022/01/10/x/`` -> ``/x/``."""
    return DATED_POST.sub(r"/\1/", path)


def retheme(text: str) -> str:
    """Another origin, dateless post URLs, the theme's class names."""
    text = text.replace(OLD_ORIGIN, ORIGIN)
    text = re.sub(re.escape(ORIGIN) + DATED_POST.pattern, ORIGIN + r"/\1/", text)
    for old, new in THEME.items():
        text = text.replace(old, new)
    return text


def _lines(path: Path) -> list[dict[str, Any]]:
    text = path.read_text(encoding="utf-8")
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def _jsonl(records: list[dict[str, Any]]) -> str:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)


def _write_new(path: Path, data: str | bytes, written: list[Path]) -> None:
    if path.exists():
        raise FileExistsError(f"adding a site would change an existing file: {path}")
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, bytes):
        path.write_bytes(data)
    else:
        path.write_text(data, encoding="utf-8")
    written.append(path)


def _site_files(source: Path) -> dict[str, bytes]:
    """The copy's ``site/`` files but the Yoast sitemaps, moved and rethemed."""
    files = {}
    for file in sorted(p for p in source.rglob("*") if p.is_file()):
        rel = file.relative_to(source).as_posix()
        if rel in YOAST:
            continue
        body = file.read_bytes()
        if file.suffix in (".html", ".xml", ".txt"):
            body = retheme(body.decode("utf-8")).encode("utf-8")
        files[undated("/" + rel).lstrip("/")] = body
    return files


def edited_late(truth: list[dict[str, Any]]) -> tuple[str, str]:
    """The earlier copy (its path) edited after its duplicate (that one's path) was published:
    the first source article with a later copy."""
    record = next(t for t in truth if t["duplicate_urls"])
    return record["aggregator_url"], record["duplicate_urls"][0]


def core_sitemaps(old_posts: str, truth: list[dict[str, Any]]) -> dict[str, str]:
    """``wp-sitemap.xml`` and its posts sitemap, ``lastmod`` from the Yoast one, except that the
    :func:`edited_late` earlier copy was edited a day after its duplicate's last edit."""
    lastmods = {
        undated(loc.replace(OLD_ORIGIN, "")): mod for loc, mod in LASTMOD.findall(old_posts)
    }
    earlier, duplicate = edited_late(truth)
    late = datetime.fromisoformat(lastmods[duplicate]) + timedelta(days=1)
    lastmods[earlier] = late.isoformat()
    ns = 'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'
    urls = "".join(
        f"<url><loc>{ORIGIN}{path}</loc><lastmod>{mod}</lastmod></url>\n"
        for path, mod in lastmods.items()
    )
    children = ("wp-sitemap-posts-post-1.xml", "wp-sitemap-taxonomies-category-1.xml")
    index = "".join(f"<sitemap><loc>{ORIGIN}/{name}</loc></sitemap>\n" for name in children)
    categories = "".join(
        f"<url><loc>{ORIGIN}/category/{slug}/</loc></url>\n"
        for slug in sorted({t["category"] for t in truth})
    )
    head = '<?xml version="1.0" encoding="UTF-8"?>\n'
    return {
        "wp-sitemap.xml": f"{head}<sitemapindex {ns}>\n{index}</sitemapindex>\n",
        children[0]: f"{head}<urlset {ns}>\n{urls}</urlset>\n",
        children[1]: f"{head}<urlset {ns}>\n{categories}</urlset>\n",
    }


def add_site(project: Path) -> list[Path]:
    """Add Foldline Daily to the checkout at ``project``; the files written (all new)."""
    source = (PROJECT / "tests" / "fixtures" / "sites" / "pressdigest").resolve()
    fixtures = project / "tests" / "fixtures" / "sites" / KEY
    written: list[Path] = []
    _write_new(project / "newscrawl" / "sites" / f"{KEY}.py", MODULE, written)
    truth = _lines(source / "truth.jsonl")
    for record in truth:
        record["aggregator_url"] = undated(record["aggregator_url"])
        record["duplicate_urls"] = [undated(p) for p in record["duplicate_urls"]]
    pages = _lines(source / "pages.jsonl")
    for page in pages:
        page["path"] = undated(page["path"])
    files = _site_files(source / "site")
    old_posts = (source / "site" / "post-sitemap.xml").read_text(encoding="utf-8")
    for name, text in core_sitemaps(old_posts, truth).items():
        files[name] = text.encode("utf-8")
    robots = files["robots.txt"].decode("utf-8")
    files["robots.txt"] = robots.replace("/sitemap_index.xml", "/wp-sitemap.xml").encode("utf-8")
    for rel, body in files.items():
        _write_new(fixtures / "site" / rel, body, written)
    manifest = json.loads((source / "manifest.json").read_text(encoding="utf-8"))
    for name in ("layout", "news_sitemap_urls", "generator"):
        manifest.pop(name, None)
    manifest.update(site=KEY, base_url=ORIGIN, generator="tests/helpers/newsite.py")
    manifest["dead_card_paths"] = [undated(p) for p in manifest.get("dead_card_paths", [])]
    _write_new(fixtures / "manifest.json", json.dumps(manifest, indent=1) + "\n", written)
    _write_new(fixtures / "truth.jsonl", _jsonl(truth), written)
    _write_new(fixtures / "pages.jsonl", _jsonl(pages), written)
    readme = (
        "# Foldline Daily: a WordPress republisher, post URLs without a date\n\n"
        "Made by `tests/helpers/newsite.py` from the Press Digest replica; served like it.\n"
    )
    _write_new(fixtures / "README.md", readme, written)
    return written
