"""Generate a larger Press Digest replica (``tests/fixtures/replica-press``'s format) and its truth.

Usage::

    .venv/bin/python bench/generate_press.py --posts 400 [--days 18] [--start 2022-03-10]
                                             [--seed 3] [--out bench/out/press-400]

Writes ``OUT/site/`` (served by the dev server's press rules), ``OUT/truth.jsonl``,
``OUT/pages.jsonl`` and ``OUT/manifest.json``. The default days (2022-03-10 .. 2022-03-27) cross
the daylight-saving changes of the site (America/New_York, 13 March), of Israel (25 March) and
of Zurich and Paris (27 March).

Each post takes one of the sample's unique posts as a template: a new post id, slug, URL and
publication time (spread over the days; about a quarter edited later by the site), the source
block's printed dates moved by the same number of days (local times kept, so the UTC instants in
the truth are recomputed in the source's zone), a new source URL of the same shape, and a
per-post substitution of some body words (applied to the page and to the truth alike), so that no
two posts share their body. About 12% of source articles get a later second copy linking a
variant of the source URL, and about 1% of listed posts are dead links. Listings follow the
README: home and ``/page/N/``, category and day archives (10 a page, ``a.next.page-numbers``, a
day without posts is a 404), RSS feeds of the 10 newest, and the Yoast sitemap index with post
sitemaps of 200 (oldest edit first), a category sitemap and the Google News sitemap of the last
48 hours. Deterministic for a given seed.
"""

from __future__ import annotations

import argparse
import html
import json
import random
import re
import shutil
import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench"]
sys.path.insert(0, str(ROOT))

from bench.generate_site import new_source_url, shift_dates, variant_url  # noqa: E402

SAMPLE = ROOT / "tests" / "fixtures" / "replica-press"
ORIGIN = "https://pressdigest.example"
SITE_TZ = ZoneInfo("America/New_York")
PER_PAGE = 10
SITEMAP_SIZE = 200
#: Time zones of the sources (their README), to find which one a block without a link prints.
SOURCE_ZONES = {
    "walla": "Asia/Jerusalem",
    "ynet": "Asia/Jerusalem",
    "maariv": "Asia/Jerusalem",
    "20min": "Europe/Zurich",
    "lemonde": "Europe/Paris",
    "infobae": "America/Argentina/Buenos_Aires",
    "ltn": "Asia/Taipei",
}
WORD_RE = re.compile(r"(?<![&#\w])[a-z]{5,}(?![\w;])")
TAG_RE = re.compile(r"(<[^>]+>)")
CONTENT_RE = re.compile(r'(<div class="entry-content">)(.*?)(<div class="sharedaddy)', re.S)
MAIN_RE = re.compile(r"(<main id=\"main\" class=\"site-main\">)(.*?)(</main>)", re.S)


@dataclass
class Template:
    path: str
    post_id: int
    html: str
    truth: dict[str, Any]
    linked: str | None
    zone: ZoneInfo
    published: datetime  # aware, site time
    modified: datetime | None


@dataclass
class Post:
    n: int
    post_id: int
    path: str
    published: datetime
    modified: datetime
    title: str
    category: str
    html: str
    truth: dict[str, Any]
    dead: bool = False


def _lines(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def _zone_of(block: str, truth: dict[str, Any]) -> ZoneInfo:
    """The source zone whose local time of ``published_at`` the block prints."""
    if truth.get("source_key"):
        return ZoneInfo(SOURCE_ZONES[truth["source_key"]])
    moment = datetime.fromisoformat(truth["published_at"].replace("Z", "+00:00"))
    for name in dict.fromkeys(SOURCE_ZONES.values()):
        local = moment.astimezone(ZoneInfo(name))
        forms = {local.strftime("%H:%M"), f"{local.hour % 12 or 12}:{local.minute:02d}"}
        if any(form in block for form in forms):
            return ZoneInfo(name)
    return ZoneInfo("UTC")


def load_templates() -> list[Template]:
    truth = {t["id"]: t for t in _lines(SAMPLE / "truth.jsonl")}
    templates = []
    for page in _lines(SAMPLE / "pages.jsonl"):
        if page["is_duplicate"]:
            continue
        text = (SAMPLE / "site" / page["path"].lstrip("/") / "index.html").read_text("utf-8")
        published = re.search(r'entry-date published" datetime="([^"]+)"', text)
        modified = re.search(r'class="updated" datetime="([^"]+)"', text)
        block = CONTENT_RE.search(text)
        assert published and block, page["path"]
        record = truth[page["truth_id"]]
        templates.append(
            Template(
                path=page["path"],
                post_id=page["post_id"],
                html=text,
                truth=record,
                linked=page["source_url_as_linked"],
                zone=_zone_of(block.group(2), record),
                published=datetime.fromisoformat(published.group(1)),
                modified=datetime.fromisoformat(modified.group(1)) if modified else None,
            )
        )
    return templates


def _utc(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _shift_instant(value: str | None, zone: ZoneInfo, days: int) -> str | None:
    """A UTC instant whose local time in ``zone`` moves by ``days`` days (wall clock kept)."""
    if not value:
        return value
    local = datetime.fromisoformat(value.replace("Z", "+00:00")).astimezone(zone)
    moved = (local.replace(tzinfo=None) + timedelta(days=days)).replace(tzinfo=zone)
    return _utc(moved)


def _slug(title: str, taken: set[str]) -> str:
    slug = "-".join(re.findall(r"[a-z0-9]+", title.lower().encode("ascii", "ignore").decode()))
    if len(slug) > 70:
        slug = slug[:70].rsplit("-", 1)[0]
    base, n = slug, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    taken.add(slug)
    return slug


def _word_map(tpl: Template, rng: random.Random, vocab: list[str]) -> dict[str, str]:
    """Body words to replace in this post: never a word printed outside the body."""
    block = CONTENT_RE.search(tpl.html)
    assert block
    body_words = set(WORD_RE.findall(" ".join(tpl.truth["body"])))
    text = html.unescape(re.sub(r"<[^>]+>", " ", block.group(2)))
    outside = text
    for paragraph in tpl.truth["body"]:
        outside = outside.replace(paragraph, " ")
    protected = set(WORD_RE.findall(outside)) | set(
        WORD_RE.findall(" ".join(tpl.truth.get("boilerplate", [])))
    )
    candidates = sorted(body_words - protected)
    chosen = rng.sample(candidates, k=min(len(candidates), max(3, len(candidates) // 5)))
    # No replacement may spell a planted boilerplate string ("Share" inside "shares").
    planted = [b.casefold() for b in tpl.truth.get("boilerplate", []) if b]
    usable = [w for w in vocab if not any(b in w for b in planted)]
    return {w: rng.choice(usable) for w in chosen}


def _replace_words(text: str, mapping: dict[str, str]) -> str:
    if not mapping:
        return text
    return WORD_RE.sub(lambda m: mapping.get(m.group(0), m.group(0)), text)


def _iso(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds")


def _display(moment: datetime) -> str:
    return f"{moment.strftime('%B')} {moment.day}, {moment.year}"


def render_post(
    tpl: Template, post: Post, source_link: str | None, days: int, words: dict[str, str]
) -> str:
    text = tpl.html
    block = CONTENT_RE.search(text)
    assert block
    content = block.group(2)
    mark = "\x00SOURCE\x00"  # the new link goes in after the dates move (it has its own)
    if tpl.linked and source_link:
        content = content.replace(f'href="{html.escape(tpl.linked)}"', f'href="{mark}"')
    content = shift_dates(content, days)
    pieces = TAG_RE.split(content)
    content = "".join(p if p.startswith("<") else _replace_words(p, words) for p in pieces)
    content = content.replace(mark, html.escape(source_link or ""))
    text = text[: block.start(2)] + content + text[block.end(2) :]
    text = text.replace(tpl.path, post.path)
    text = re.sub(rf"\b(post-|postid-|\?p=){tpl.post_id}\b", rf"\g<1>{post.post_id}", text)
    pub, mod = _iso(post.published), _iso(post.modified)
    for pattern, value in (
        (r'(entry-date published" datetime=")[^"]+', pub),
        (r'(article:published_time" content=")[^"]+', pub),
        (r'("datePublished": ")[^"]+', pub),
        (r'(class="updated" datetime=")[^"]+', mod),
        (r'(article:modified_time" content=")[^"]+', mod),
        (r'("dateModified": ")[^"]+', mod),
    ):
        text = re.sub(pattern, lambda m, v=value: m.group(1) + v, text)
    shown = (
        (r'(<time class="entry-date published" datetime="[^"]+">)[^<]*', post.published),
        (r'(<time class="updated" datetime="[^"]+">)[^<]*', post.modified),
    )
    for pattern, moment in shown:
        shown_date = _display(moment)
        text = re.sub(pattern, lambda m, d=shown_date: m.group(1) + d, text)
    if tpl.modified is None and post.modified != post.published:
        updated = f'<time class="updated" datetime="{mod}">{_display(post.modified)}</time>'
        text = re.sub(
            r'(<time class="entry-date published" datetime="[^"]+">[^<]*</time>)',
            lambda m: m.group(1) + updated,
            text,
            count=1,
        )
    return text


def _card(post: Post) -> str:
    url = f"{ORIGIN}{post.path}"
    pid, title = post.post_id, html.escape(post.title)
    return (
        f'<article id="post-{pid}" class="post-{pid} post type-post status-publish '
        f'format-standard hentry category-{post.category}">\n<header class="entry-header">'
        f'<h2 class="entry-title"><a href="{url}" rel="bookmark">{title}</a></h2>\n'
        f'<div class="entry-meta"><span class="posted-on"><a href="{url}" rel="bookmark">'
        f'<time class="entry-date published" datetime="{_iso(post.published)}">'
        f"{_display(post.published)}</time></a></span></div></header>\n</article>\n"
    )


def _pagination(base: str, page: int, pages: int) -> str:
    if pages <= 1:
        return ""

    def href(n: int) -> str:
        return base if n == 1 else f"{base}page/{n}/"

    parts = []
    if page > 1:
        parts.append(f'<a class="prev page-numbers" href="{href(page - 1)}">Previous</a>')
    for n in range(1, pages + 1):
        if n == page:
            parts.append(f'<span aria-current="page" class="page-numbers current">{n}</span>')
        elif n in (1, pages) or abs(n - page) <= 2:
            parts.append(f'<a class="page-numbers" href="{href(n)}">{n}</a>')
    if page < pages:
        parts.append(f'<a class="next page-numbers" href="{href(page + 1)}">Next</a>')
    return (
        '<nav class="navigation pagination" aria-label="Posts"><h2 class="screen-reader-text">'
        f'Posts navigation</h2><div class="nav-links">{"".join(parts)}</div></nav>\n'
    )


def write_listing(site: Path, shell: str, base: str, header: str, posts: list[Post]) -> int:
    """Pages of ``posts`` (newest first) under ``base``; returns how many were written."""
    pages = max(1, -(-len(posts) // PER_PAGE))
    for page in range(1, pages + 1):
        chunk = posts[(page - 1) * PER_PAGE : page * PER_PAGE]
        main = header + "".join(_card(p) for p in chunk) + _pagination(base, page, pages)
        body = MAIN_RE.sub(lambda m, main=main: m.group(1) + "\n" + main + m.group(3), shell, 1)
        folder = base if page == 1 else f"{base}page/{page}/"
        _write(site, folder + "index.html", body)
    return pages


def _write(site: Path, relative: str, text: str) -> None:
    target = site / relative.lstrip("/")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")


def _rss(posts: list[Post], title: str) -> str:
    items = "".join(
        f"<item><title>{html.escape(p.title)}</title><link>{ORIGIN}{p.path}</link>"
        "<dc:creator><![CDATA[Digest Desk]]></dc:creator>"
        f"<pubDate>{format_datetime(p.published.astimezone(UTC))}</pubDate>"
        f'<guid isPermaLink="false">{ORIGIN}/?p={p.post_id}</guid></item>\n'
        for p in posts[:10]
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/">\n<channel>\n'
        f"<title>{html.escape(title)}</title><link>{ORIGIN}/</link>\n{items}</channel>\n</rss>\n"
    )


#: ``adapt(post, record, link, is_duplicate)``: called on every copy once rendered (the first
#: copy first); it may rewrite the post's HTML and title and its article's truth record.
Adapt = Callable[[Post, dict[str, Any], str | None, bool], None]


def generate(
    out: Path,
    posts_wanted: int,
    days: int,
    start: date,
    seed: int,
    adapt: Adapt | None = None,
) -> dict[str, Any]:
    rng = random.Random(seed)
    templates = load_templates()
    vocab = sorted({w for t in templates for w in WORD_RE.findall(" ".join(t.truth["body"]))})
    first = datetime.combine(start, datetime.min.time(), SITE_TZ)
    span = timedelta(days=days) - timedelta(hours=1)
    times = sorted(
        (first + timedelta(seconds=rng.randrange(int(span.total_seconds())))).astimezone(SITE_TZ)
        for _ in range(posts_wanted)
    )
    taken: set[str] = set()
    posts: list[Post] = []
    truth: list[dict[str, Any]] = []
    pages_out: list[dict[str, Any]] = []
    next_id = 2000
    duplicates = dead = 0
    for n, when in enumerate(times):
        tpl = templates[n % len(templates)]
        # Whole days in the site's zone from the template's publication day: source-local
        # times are kept, so their UTC instants move across the DST changes.
        when = when.replace(second=tpl.published.second)
        shift = (when.date() - tpl.published.date()).days
        key = tpl.truth["source_key"]
        source = new_source_url(tpl.truth["source_url"], key, n, shift, rng) if key else None
        words = _word_map(tpl, rng, vocab)
        record = dict(tpl.truth)
        record.update(
            id=f"g{n:05d}",
            aggregated_at=_utc(when),
            source_url=source,
            published_at=_shift_instant(tpl.truth["published_at"], tpl.zone, shift),
            modified_at=_shift_instant(tpl.truth["modified_at"], tpl.zone, shift),
            body=[_replace_words(shift_dates(p, shift), words) for p in tpl.truth["body"]],
            media=[
                {**m, "caption": _replace_words(shift_dates(m["caption"] or "", shift), words)}
                if m.get("caption")
                else m
                for m in tpl.truth["media"]
            ],
            duplicate_urls=[],
        )
        copies = [(when, source, False)]
        if source and rng.random() < 0.12:
            later = when + timedelta(minutes=rng.randrange(20, 1800))
            if later < first + timedelta(days=days):
                copies.append((later.astimezone(SITE_TZ), variant_url(source, key, rng), True))
        for copy_time, link, is_dup in copies:
            next_id += rng.randrange(1, 4)
            title = _page_title(tpl)
            local = copy_time.astimezone(SITE_TZ)
            path = f"/{local:%Y/%m/%d}/{_slug(tpl.truth['title'], taken)}/"
            edited = rng.random() < 0.25
            modified = local + timedelta(minutes=rng.randrange(30, 1800)) if edited else local
            post = Post(n, next_id, path, local, modified, title, tpl.truth["category"], "", record)
            # A second copy republishes the same source article: same block, same dates.
            post.html = render_post(tpl, post, link, shift, words)
            if adapt is not None:
                adapt(post, record, link, is_dup)
            posts.append(post)
            pages_out.append(
                {
                    "path": path,
                    "post_id": next_id,
                    "source_url_as_linked": link,
                    "truth_id": record["id"],
                    "is_duplicate": is_dup,
                }
            )
            if is_dup:
                record["duplicate_urls"].append(path)
                duplicates += 1
            else:
                record["aggregator_url"] = path
        truth.append(record)
        if rng.random() < 0.01:
            next_id += 1
            local = when.astimezone(SITE_TZ)
            ghost = Post(
                n,
                next_id,
                f"/{local:%Y/%m/%d}/{_slug('gone ' + str(n), taken)}/",
                local,
                local,
                f"Gone {n}",
                tpl.truth["category"],
                "",
                record,
                dead=True,
            )
            posts.append(ghost)
            dead += 1

    if out.exists():
        shutil.rmtree(out)
    site = out / "site"
    for fixed in ("404.html", "robots.txt"):
        _write(site, fixed, (SAMPLE / "site" / fixed).read_text("utf-8"))
    for post in posts:
        if not post.dead:
            _write(site, post.path + "index.html", post.html)
    shell = (SAMPLE / "site" / "index.html").read_text("utf-8")
    newest = sorted(posts, key=lambda p: p.published, reverse=True)
    listing_pages = write_listing(site, shell, "/", "", newest)
    categories = sorted({p.category for p in posts})
    for slug in categories:
        mine = [p for p in newest if p.category == slug]
        header = _page_header(f"Category: <span>{slug.title()}</span>")
        listing_pages += write_listing(site, shell, f"/category/{slug}/", header, mine)
        _write(site, f"/category/{slug}/feed/index.xml", _rss(mine, f"Press Digest {slug}"))
    by_day: dict[date, list[Post]] = {}
    for p in newest:
        by_day.setdefault(p.published.date(), []).append(p)
    for day, mine in by_day.items():
        header = _page_header(f"Day: <span>{_display(mine[0].published)}</span>")
        listing_pages += write_listing(site, shell, f"/{day:%Y/%m/%d}/", header, mine)
    _write(site, "/feed/index.xml", _rss(newest, "Press Digest"))
    # Sitemaps: posts oldest edit first, 200 a file; the news sitemap: 48 h before the newest.
    by_edit = sorted(posts, key=lambda p: p.modified)
    names = []
    for i in range(0, len(by_edit), SITEMAP_SIZE):
        chunk = by_edit[i : i + SITEMAP_SIZE]
        name = "post-sitemap.xml" if i == 0 else f"post-sitemap{i // SITEMAP_SIZE + 1}.xml"
        urls = "".join(
            f"<url><loc>{ORIGIN}{p.path}</loc><lastmod>{_iso(p.modified)}</lastmod></url>\n"
            for p in chunk
        )
        _write(site, name, _urlset(urls, news=False))
        names.append((name, _iso(chunk[-1].modified)))
    horizon = newest[0].published - timedelta(hours=48)
    news = "".join(
        f"<url><loc>{ORIGIN}{p.path}</loc><news:news><news:publication><news:name>Press Digest"
        "</news:name><news:language>en</news:language></news:publication>"
        f"<news:publication_date>{_iso(p.published)}</news:publication_date>"
        f"<news:title>{html.escape(p.title)}</news:title></news:news></url>\n"
        for p in newest
        if p.published >= horizon
    )
    _write(site, "news-sitemap.xml", _urlset(news, news=True))
    cats = "".join(f"<url><loc>{ORIGIN}/category/{c}/</loc></url>\n" for c in categories)
    _write(site, "category-sitemap.xml", _urlset(cats, news=False))
    index = "".join(
        f"<sitemap><loc>{ORIGIN}/{name}</loc><lastmod>{lastmod}</lastmod></sitemap>\n"
        for name, lastmod in names
    )
    index += f"<sitemap><loc>{ORIGIN}/category-sitemap.xml</loc></sitemap>\n"
    news_lastmod = _iso(newest[0].modified)
    index += f"<sitemap><loc>{ORIGIN}/news-sitemap.xml</loc><lastmod>{news_lastmod}</lastmod>"
    index += "</sitemap>\n"
    _write(
        site,
        "sitemap_index.xml",
        '<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex '
        f'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n{index}</sitemapindex>\n',
    )
    truth.sort(key=lambda t: t["aggregated_at"])
    out.joinpath("truth.jsonl").write_text("".join(json.dumps(t) + "\n" for t in truth), "utf-8")
    out.joinpath("pages.jsonl").write_text(
        "".join(json.dumps(p) + "\n" for p in pages_out), "utf-8"
    )
    local_days = sorted(by_day)
    manifest = {
        "generator": "bench/generate_press.py",
        "layout": "press",
        "site": "pressdigest",
        "base_url": ORIGIN,
        "seed": seed,
        "posts": posts_wanted,
        "unique_articles": len(truth),
        "pages": len(pages_out),
        "duplicates": duplicates,
        "dead_card_links_404": dead,
        "listing_pages": listing_pages,
        "time_zone": "America/New_York",
        "archive_days": [str(local_days[0]), str(local_days[-1])],
        "news_sitemap_urls": news.count("<url>"),
        "post_sitemaps": len(names),
    }
    out.joinpath("manifest.json").write_text(json.dumps(manifest, indent=1) + "\n", "utf-8")
    return manifest


def _page_header(title: str) -> str:
    return f'<header class="page-header"><h1 class="page-title">{title}</h1></header>\n'


def _page_title(tpl: Template) -> str:
    found = re.search(r'<h1 class="entry-title">(.*?)</h1>', tpl.html, re.S)
    return html.unescape(found.group(1)) if found else tpl.truth["title"]


def _urlset(urls: str, *, news: bool) -> str:
    ns = ' xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"' if news else ""
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<urlset '
        f'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"{ns}>\n{urls}</urlset>\n'
    )


def ensure_press(posts: int, days: int = 18, seed: int = 3, start: str = "2022-03-10") -> Path:
    """The folder of a generated press site (generated once; reused when its manifest matches)."""
    out = ROOT / "bench" / "out" / f"press-{posts}"
    manifest = out / "manifest.json"
    if manifest.exists():
        data = json.loads(manifest.read_text(encoding="utf-8"))
        if data.get("seed") == seed and data.get("posts") == posts:
            return out
    generate(out, posts, days, date.fromisoformat(start), seed)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--posts", type=int, default=400, help="unique source articles")
    parser.add_argument("--days", type=int, default=18)
    parser.add_argument("--start", default="2022-03-10", help="first day (YYYY-MM-DD, site time)")
    parser.add_argument("--seed", type=int, default=3)
    parser.add_argument("--out", type=Path, help="default bench/out/press-N")
    args = parser.parse_args(argv)
    out = args.out or ROOT / "bench" / "out" / f"press-{args.posts}"
    manifest = generate(out, args.posts, args.days, date.fromisoformat(args.start), args.seed)
    print(json.dumps(manifest, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
