"""Generate a large replica site (tests/fixtures/replica/README.md's format) for benchmarks.

Usage::

    .venv/bin/python bench/generate_site.py --articles 20000 [--days 365] [--seed 8]
                                            [--start 2022-01-01] [--out bench/out/site-20000]

Writes ``OUT/site/`` (the site, served with the replica's routing rules),
``OUT/manifest.json`` (counts: unique articles, article pages, duplicates, dead card links,
listing pages, the first and last archive day, the crawl's ``start`` / ``end``) and
``OUT/pages.jsonl`` (each article page: ``path``, its source ``article`` number,
``source_url_as_linked``, ``is_duplicate``).

The article pages are built from the public sample's 60 unique article pages: each new article
takes one of them as a template and gets its own id, slug, aggregated_at (spread over the
days, so the run crosses daylight-saving changes), source URL (new id; dates in it shifted),
block dates shifted by the same number of days (weekdays recomputed, local times kept) and
body words varied, so that no two articles share their body text. Everything else keeps the
documented structure: per-source blocks and boilerplate, titles with or without publisher
suffix, JSON-LD on some pages, pages without a source link, ~12% duplicates linking a variant
of the source URL, ~1% dead card links, category listings (20 a page, pagination nav and
``link rel``), one category with a valid empty page after its last, archive day pages
(from the day before the first article to the day after the last), the home page, robots.txt
and the three side boxes on every page. Deterministic for a given seed.
"""

from __future__ import annotations

import argparse
import html
import json
import random
import re
import shutil
import string
import sys
import time
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "tests" / "fixtures" / "replica"
CATEGORIES = ("news", "world", "business", "life", "tech", "sports", "entertainment")
PER_PAGE = 20
HOME_CARDS = 30
ID_CHARS = string.ascii_letters + string.digits + "_-"

MONTHS = [
    "January", "February", "March", "April", "May", "June", "July",
    "August", "September", "October", "November", "December",
]  # fmt: skip
MONS = [m[:3] for m in MONTHS]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]

# Every date shape the seven sources print (and the dates in source URLs), in one
# alternation so that a longer shape wins over the shorter one it contains.
_M = "|".join(MONTHS)
_MON = "|".join(MONS)
DATE_RE = re.compile(
    rf"(?P<wd>(?:{'|'.join(WEEKDAYS)}), (?P<wd_d>\d{{1,2}}) (?P<wd_m>{_M}) (?P<wd_y>\d{{4}}))"
    rf"|(?P<mdy>(?P<mdy_m>{_M}) (?P<mdy_d>\d{{1,2}}), (?P<mdy_y>\d{{4}}))"
    rf"|(?P<dmy>\b(?P<dmy_d>\d{{1,2}}) (?P<dmy_m>{_M}|{_MON}) (?P<dmy_y>\d{{4}}))"
    r"|(?P<ymd>\b(?P<ymd_y>\d{4})/(?P<ymd_m>\d{2})/(?P<ymd_d>\d{2})\b)"
    r"|(?P<slash>\b(?P<sl_d>\d{2})/(?P<sl_m>\d{2})/(?P<sl_y>\d{4})\b)"
    r"|(?P<dots>\b(?P<dt_d>\d{2})\.(?P<dt_m>\d{2})\.(?P<dt_y>\d{2})\b)"
)
P_RE = re.compile(r"<p>(.*?)</p>", re.S)
WORD_RE = re.compile(r"(?<![&#\w])[a-z]{5,}(?![\w;])")
TAG_RE = re.compile(r"(<[^>]+>)")


def shift_dates(text: str, days: int) -> str:
    """Move every printed date in ``text`` by ``days`` days, keeping its format."""
    if not days:
        return text

    def sub(m: re.Match[str]) -> str:
        g = m.groupdict()
        try:
            if g["wd"]:
                d = date(int(g["wd_y"]), MONTHS.index(g["wd_m"]) + 1, int(g["wd_d"]))
                d += timedelta(days=days)
                return f"{WEEKDAYS[d.weekday()]}, {d.day:02d} {MONTHS[d.month - 1]} {d.year}"
            if g["mdy"]:
                d = date(int(g["mdy_y"]), MONTHS.index(g["mdy_m"]) + 1, int(g["mdy_d"]))
                d += timedelta(days=days)
                return f"{MONTHS[d.month - 1]} {d.day}, {d.year}"
            if g["dmy"]:
                name = g["dmy_m"]
                short = name in MONS
                d = date(int(g["dmy_y"]), (MONS if short else MONTHS).index(name) + 1, 1)
                d = d.replace(day=int(g["dmy_d"])) + timedelta(days=days)
                month = (MONS if short else MONTHS)[d.month - 1]
                return f"{d.day} {month} {d.year}"
            if g["ymd"]:
                d = date(int(g["ymd_y"]), int(g["ymd_m"]), int(g["ymd_d"])) + timedelta(days=days)
                return f"{d.year}/{d.month:02d}/{d.day:02d}"
            if g["slash"]:
                d = date(int(g["sl_y"]), int(g["sl_m"]), int(g["sl_d"])) + timedelta(days=days)
                return f"{d.day:02d}/{d.month:02d}/{d.year}"
            if g["dots"]:
                d = date(2000 + int(g["dt_y"]), int(g["dt_m"]), int(g["dt_d"]))
                d += timedelta(days=days)
                return f"{d.day:02d}.{d.month:02d}.{d.year % 100:02d}"
        except ValueError:  # not a date after all (e.g. a decimal number)
            pass
        return m.group(0)

    return DATE_RE.sub(sub, text)


def vary_words(text: str, rng: random.Random, vocab: list[str], share: float) -> str:
    """Replace about ``share`` of the lower-case words (5+ letters) of the text outside tags."""

    def word(m: re.Match[str]) -> str:
        return rng.choice(vocab) if rng.random() < share else m.group(0)

    pieces = TAG_RE.split(text)
    return "".join(p if p.startswith("<") else WORD_RE.sub(word, p) for p in pieces)


def slugify(title: str) -> str:
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    slug = "-".join(re.findall(r"[a-z0-9]+", ascii_title.lower()))
    if len(slug) > 80:
        slug = slug[:80].rsplit("-", 1)[0] if "-" in slug[:80] else slug[:80]
    return slug.strip("-")


def iso_ms(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


@dataclass(frozen=True)
class Template:
    """What an article page of the sample contributes."""

    title: str  # without the publisher suffix
    suffix: str | None  # " - Walla! news" or None
    category: str
    section: str
    aggregated_at: datetime
    block: str  # inner HTML of div.post-content
    categories_html: str
    tags_html: str
    source_url: str | None
    source_key: str | None
    jsonld: bool
    meta_published: bool


@dataclass(frozen=True)
class Page:
    """One generated article page (or a dead card when ``dead``)."""

    id: str
    title_shown: str  # with the suffix when the page has one
    title: str  # without it: the slug's words
    category: str
    aggregated_at: datetime
    tpl: Template
    block: str
    source_url: str | None
    dead: bool = False
    primary: bool = True
    #: The source article's number: a duplicate has its first copy's.
    n: int = -1

    @property
    def path(self) -> str:
        day = self.aggregated_at.date().isoformat()
        return f"/{self.category}/{day}-{slugify(self.title)}.{self.id}.html"


def _between(text: str, start: str, end: str) -> str:
    i = text.index(start) + len(start)
    return text[i : text.index(end, i)]


def load_templates() -> list[Template]:
    templates = []
    for line in (SAMPLE / "pages.jsonl").read_text(encoding="utf-8").splitlines():
        rec = json.loads(line)
        if rec["is_duplicate"]:
            continue
        page = (SAMPLE / "site" / rec["path"].lstrip("/")).read_text(encoding="utf-8")
        shown = html.unescape(_between(page, '<h1 class="post-title">', "</h1>"))
        suffix = None
        for name in ("Walla! news", "ynet", "Maariv", "20 minutes", "Le Monde", "Infobae"):
            if shown.endswith(f" - {name}"):
                suffix = f" - {name}"
        if shown.endswith(" - Liberty Times Net"):
            suffix = " - Liberty Times Net"
        title = shown[: -len(suffix)] if suffix else shown
        source = re.search(
            r'<div class="post-source">Source: <a href="([^"]+)" rel="nofollow">([^<]+)</a>', page
        )
        block = _between(
            page, '<div class="post-content">', '</div>\n <ul class="post-categories">'
        )
        templates.append(
            Template(
                title=title,
                suffix=suffix,
                category=rec["path"].split("/")[1],
                section=_between(page, '<meta property="article:section" content="', '"'),
                aggregated_at=datetime.fromisoformat(
                    _between(page, '<time class="post-date" datetime="', '"').replace("Z", "+00:00")
                ),
                block=block,
                categories_html=re.search(r'<ul class="post-categories">.*?</ul>', page).group(0),  # type: ignore[union-attr]
                tags_html=re.search(r'<div class="post-tags">.*?</ul></div>', page).group(0),  # type: ignore[union-attr]
                source_url=html.unescape(source.group(1)) if source else None,
                source_key=source.group(2) if source else None,
                jsonld="application/ld+json" in page,
                meta_published="article:published_time" in page,
            )
        )
    return templates


def build_vocab(templates: list[Template]) -> list[str]:
    words: set[str] = set()
    for t in templates:
        for m in P_RE.finditer(t.block):
            for piece in TAG_RE.split(m.group(1)):
                if not piece.startswith("<"):
                    words.update(WORD_RE.findall(piece))
    return sorted(words)


def new_source_url(url: str, key: str, n: int, days: int, rng: random.Random) -> str:
    """A distinct source URL of the same shape: a new numeric id, dates moved by ``days``."""
    url = shift_dates(url, days)
    if key == "ynet":
        head, _, _ = url.rpartition("/")
        alphabet = string.ascii_lowercase + string.digits
        return f"{head}/{''.join(rng.choice(alphabet) for _ in range(9))}"
    if key == "infobae":  # no id: a distinct slug
        head, _, slug = url.rstrip("/").rpartition("/")
        return f"{head}/{slug}-{n}/"
    found = list(re.finditer(r"\d{6,9}", url))
    if not found:
        return url
    digits = found[-1]
    width = len(digits.group(0))
    # Distinct for every n below 24,000 even with 6 digits (maariv).
    value = 10 ** (width - 1) + n * 37 + rng.randrange(37)
    return url[: digits.start()] + str(value) + url[digits.end() :]


def variant_url(url: str, key: str, rng: random.Random) -> str:
    """The link a duplicate page prints for the same source article (same canonical form)."""
    choices = ["utm", "fbclid", "fragment", "http"]
    if key in ("lemonde", "infobae"):
        choices.append("amp")
    if key == "infobae":
        choices.append("noslash")
    elif key in ("20min", "ynet", "maariv", "ltn", "walla"):
        choices.append("slash")
    kind = rng.choice(choices)
    if kind == "utm":
        return url + "?utm_source=twitter&utm_medium=referral&utm_campaign=morning"
    if kind == "fbclid":
        return url + "?fbclid=IwAR" + "".join(rng.choice(ID_CHARS[:62]) for _ in range(20))
    if kind == "fragment":
        return url + "#comments"
    if kind == "http":
        return "http://" + url.removeprefix("https://")
    if kind == "amp":
        scheme, _, rest = url.partition("://")
        host, _, path = rest.partition("/")
        return f"{scheme}://{host}/amp/{path}"
    if kind == "noslash":
        return url.rstrip("/")
    return url + "/"


class Generator:
    def __init__(self, articles: int, days: int, start: date, seed: int) -> None:
        self.n = articles
        self.days = days
        self.start = start
        self.rng = random.Random(seed)
        self.templates = load_templates()
        self.vocab = build_vocab(self.templates)
        self._ids: set[str] = set()

    def new_id(self) -> str:
        while True:
            value = "".join(self.rng.choice(ID_CHARS) for _ in range(self.rng.choice((9, 10))))
            if value not in self._ids and value[0] not in "-_":
                self._ids.add(value)
                return value

    def vary_title(self, title: str) -> str:
        return vary_words(title, self.rng, self.vocab, 0.3)

    def pages(self) -> list[Page]:
        rng = self.rng
        out: list[Page] = []
        for n in range(self.n):
            tpl = self.templates[n % len(self.templates)]
            day = self.start + timedelta(days=rng.randrange(self.days))
            shift = (day - tpl.aggregated_at.date()).days
            when = tpl.aggregated_at + timedelta(days=shift, seconds=rng.uniform(0, 900))
            block = shift_dates(tpl.block, shift)
            block = P_RE.sub(
                lambda m: f"<p>{vary_words(m.group(1), rng, self.vocab, 0.35)}</p>", block
            )
            source = (
                new_source_url(tpl.source_url, tpl.source_key or "", n, shift, rng)
                if tpl.source_url
                else None
            )
            title = self.vary_title(tpl.title)
            page = Page(
                id=self.new_id(),
                title_shown=title + (tpl.suffix or ""),
                title=title,
                category=tpl.category,
                aggregated_at=when,
                tpl=tpl,
                block=block,
                source_url=source,
                n=n,
            )
            out.append(page)
            if source and rng.random() < 0.12:
                later = when + timedelta(seconds=rng.uniform(60, 30 * 3600))
                category = tpl.category if rng.random() < 0.8 else rng.choice(CATEGORIES)
                suffix = tpl.suffix if rng.random() < 0.8 else None
                retitled = self.vary_title(title)
                out.append(
                    replace(
                        page,
                        id=self.new_id(),
                        title_shown=retitled + (suffix or ""),
                        title=retitled,
                        category=category,
                        aggregated_at=later,
                        source_url=variant_url(source, tpl.source_key or "", rng),
                        primary=False,
                    )
                )
        for _ in range(max(1, self.n // 100)):  # dead card links
            tpl = rng.choice(self.templates)
            day = self.start + timedelta(days=rng.randrange(self.days))
            when = datetime.combine(day, tpl.aggregated_at.timetz()) + timedelta(
                seconds=rng.uniform(0, 900)
            )
            title = self.vary_title(tpl.title)
            out.append(
                Page(
                    id=self.new_id(),
                    title_shown=title + (tpl.suffix or ""),
                    title=title,
                    category=tpl.category,
                    aggregated_at=when,
                    tpl=tpl,
                    block="",
                    source_url=None,
                    dead=True,
                )
            )
        out.sort(key=lambda p: p.aggregated_at, reverse=True)  # newest first
        return out


# --- rendering -------------------------------------------------------------------------------

HEADER = (
    '<header class="site-header"><a class="logo" href="/">The Limited Times</a>\n'
    ' <p class="tagline">Now you can see non-English news...</p> <nav class="main-nav">'
    '<a href="/">Home</a> '
    + " ".join(f'<a href="/{c}">{c.capitalize()}</a>' for c in CATEGORIES)
    + ' <a class="search" href="/search">Search</a></nav></header>\n'
)
FOOTER = (
    "<footer>© Communities 2019 - Privacy <p>The information on this site is from external "
    "sources that are not under our control. The inclusion of any links does not necessarily "
    "imply a recommendation or endorse the views expressed within them.</p></footer>"
    "</body></html>\n"
)


def esc(text: str) -> str:
    return html.escape(text, quote=False)


def attr(text: str) -> str:
    return html.escape(text, quote=True)


def card(p: Page) -> str:
    return (
        '<article class="card">\n'
        f'  <a class="card-link" href="{p.path}">\n'
        f'    <img class="card-img" src="/img/{p.id}.jpg" alt="">\n'
        f'    <h3 class="card-title">{esc(p.title_shown)}</h3></a>\n'
        f'  <span class="card-cat">{p.category.capitalize()}</span> '
        f'<time datetime="{iso_ms(p.aggregated_at)}">{p.aggregated_at.date().isoformat()}</time>\n'
        "</article>\n"
    )


class SideBoxes:
    """The three asides, drawn from the live pages (duplicates included)."""

    def __init__(self, pages: list[Page], rng: random.Random) -> None:
        self.live = [p for p in pages if not p.dead]
        self.by_cat: dict[str, list[Page]] = defaultdict(list)
        for p in self.live:
            self.by_cat[p.category].append(p)
        self.rng = rng
        self.latest = "".join(
            f'<li><a href="{p.path}">{esc(p.title_shown)}</a></li>' for p in self.live[:6]
        )

    def render(self, category: str | None) -> str:
        pool = self.by_cat.get(category or "", []) or self.live
        like = self.rng.sample(pool, min(6, len(pool)))
        trends = self.rng.sample(self.live, min(4, len(self.live)))
        return (
            '<aside class="you-may-like"><h2>You may like</h2><ul>'
            + "".join(f'<li><a href="{p.path}">{esc(p.title_shown)}</a></li>' for p in like)
            + '</ul></aside><aside class="trends"><h2>Trends 24h</h2><ul>'
            + "".join(
                f'<li><a href="{p.path}">{esc(p.title_shown)}</a> '
                f"<span>{p.category.capitalize()}/{esc(p.tpl.section)} "
                f"{iso_ms(p.aggregated_at)}</span></li>"
                for p in trends
            )
            + '</ul></aside>\n<aside class="latest"><h2>Latest</h2><ul>'
            + self.latest
            + "</ul></aside></main>\n"
        )


def article_html(p: Page, boxes: SideBoxes) -> str:
    url = f"https://newsrnd.com{p.path}"
    agg = iso_ms(p.aggregated_at)
    tpl = p.tpl
    head = [
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">',
        f"<title>{esc(p.title_shown)}</title>",
        f'<link rel="canonical" href="{url}">',
        f'<meta property="og:title" content="{attr(p.title_shown)}">',
        f'<meta property="og:type" content="article"> <meta property="og:url" content="{url}">',
        f'<meta property="og:image" content="https://newsrnd.com/img/{p.id}.jpg">',
    ]
    if tpl.meta_published:
        head.append(f'<meta property="article:published_time" content="{agg}">')
    head.append(f'<meta property="article:section" content="{attr(tpl.section)}">')
    if tpl.jsonld:
        ld = {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": p.title_shown,
            "datePublished": agg,
            "inLanguage": "en",
        }
        if p.source_url:
            ld["isBasedOn"] = p.source_url
        ld["publisher"] = {"@type": "Organization", "name": "The Limited Times"}  # type: ignore[assignment]
        text = json.dumps(ld, ensure_ascii=False).replace("</", "<\\/")
        head.append(f'<script type="application/ld+json">{text}</script>')
    categories = tpl.categories_html
    if p.category != tpl.category:
        categories = re.sub(
            r'^<ul class="post-categories"><li><a href="/[^"]+">[^<]+</a></li>',
            f'<ul class="post-categories"><li><a href="/{p.category}">{p.category}</a></li>',
            categories,
        )
    source = (
        f'\n <div class="post-source">Source: <a href="{attr(p.source_url)}" rel="nofollow">'
        f"{tpl.source_key}</a></div>"
        if p.source_url
        else ""
    )
    day = p.aggregated_at.date().isoformat()
    return (
        "\n".join(head)
        + "\n</head><body>\n"
        + HEADER
        + '<main><article class="post">\n'
        + f' <h1 class="post-title">{esc(p.title_shown)}</h1>\n'
        + f' <time class="post-date" datetime="{agg}">{agg}</time>\n'
        + f' <div class="post-content">{p.block}</div>\n'
        + f" {categories}\n {tpl.tags_html}{source}\n"
        + f' <a class="post-archive" href="/archive/{day}">All news articles on {day}</a>\n'
        + "</article>\n"
        + boxes.render(p.category)
        + FOOTER
    )


def pagination(base: str, page: int, pages: int) -> str:
    def href(n: int) -> str:
        return base if n == 1 else f"{base}?page={n}"

    parts = []
    if page > 1:
        parts.append(f'<a rel="prev" href="{href(page - 1)}">Previous</a>')
    shown = sorted({1, pages, *range(max(1, page - 2), min(pages, page + 2) + 1)})
    last = 0
    for n in shown:
        if n - last > 1:
            parts.append('<span class="gap">…</span>')
        parts.append(
            f'<span class="current">{n}</span>' if n == page else f'<a href="{href(n)}">{n}</a>'
        )
        last = n
    if page < pages:
        parts.append(f'<a rel="next" href="{href(page + 1)}">Next</a>')
    return '<nav class="pagination">' + " ".join(parts) + "</nav>\n"


def listing_html(
    *,
    title: str,
    heading: str,
    canonical: str,
    base: str | None,
    page: int,
    pages: int,
    cards: list[Page],
    boxes: SideBoxes,
    category: str | None,
    extra_nav: str = "",
    after_feed: str = "",
) -> str:
    head = [
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">',
        f"<title>{esc(title)}</title>",
        f'<link rel="canonical" href="https://newsrnd.com{canonical}">',
    ]
    nav = ""
    if base is not None:
        if page > 1:
            head.append(
                f'<link rel="prev" href="{base if page == 2 else f"{base}?page={page - 1}"}">'
            )
        if page < pages:
            head.append(f'<link rel="next" href="{base}?page={page + 1}">')
        if pages > 1 or page > 1:
            nav = pagination(base, page, max(pages, page))
    feed = "".join(card(p) for p in cards) if cards else '<p class="empty">No articles</p>\n'
    return (
        "\n".join(head)
        + "\n</head><body>\n"
        + HEADER
        + f'<main><h1 class="listing-title">{esc(heading)}</h1>\n<section class="feed">\n'
        + feed
        + "</section>\n"
        + after_feed
        + nav
        + extra_nav
        + boxes.render(category)
        + FOOTER
    )


def write(root: Path, relative: str, text: str) -> None:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def generate(
    out: Path, articles: int, days: int, start: date, seed: int, gen: Generator | None = None
) -> dict[str, object]:
    """Write the site of ``gen`` (by default a :class:`Generator` of these arguments; a
    subclass may change its pages, as ``bench/undeclared.py`` does)."""
    gen = gen or Generator(articles, days, start, seed)
    pages = gen.pages()
    site = out / "site"
    if site.exists():
        shutil.rmtree(site)
    site.mkdir(parents=True)
    boxes = SideBoxes(pages, gen.rng)
    write(site, "robots.txt", "User-agent: *\nDisallow: /search\n")
    live = [p for p in pages if not p.dead]
    for p in live:
        write(site, p.path.lstrip("/"), article_html(p, boxes))

    listing_pages = 0
    empty_beyond = gen.rng.choice(CATEGORIES)
    for cat in CATEGORIES:
        cards = [p for p in pages if p.category == cat]
        total = max(1, -(-len(cards) // PER_PAGE))
        for n in range(1, total + 1):
            label = cat.capitalize()
            write(
                site,
                f"{cat}/page/{n}.html",
                listing_html(
                    title=f"{label} - The Limited Times",
                    heading=label,
                    canonical=f"/{cat}" if n == 1 else f"/{cat}?page={n}",
                    base=f"/{cat}",
                    page=n,
                    pages=total,
                    cards=cards[(n - 1) * PER_PAGE : n * PER_PAGE],
                    boxes=boxes,
                    category=cat,
                ),
            )
            listing_pages += 1
        if cat == empty_beyond:
            write(
                site,
                f"{cat}/page/{total + 1}.html",
                listing_html(
                    title=f"{cat.capitalize()} - The Limited Times",
                    heading=cat.capitalize(),
                    canonical=f"/{cat}?page={total + 1}",
                    base=f"/{cat}",
                    page=total + 1,
                    pages=total + 1,
                    cards=[],
                    boxes=boxes,
                    category=cat,
                ),
            )
            listing_pages += 1

    by_day: dict[date, list[Page]] = defaultdict(list)
    for p in pages:
        by_day[p.aggregated_at.astimezone(UTC).date()].append(p)
    first_day, last_day = min(by_day) - timedelta(days=1), max(by_day) + timedelta(days=1)
    day = first_day
    while day <= last_day:
        cards = by_day.get(day, [])
        total = max(1, -(-len(cards) // PER_PAGE))
        iso = day.isoformat()
        links = []
        if day > first_day:
            prev_day = (day - timedelta(days=1)).isoformat()
            links.append(f'<a class="prev-day" href="/archive/{prev_day}">Previous day</a>')
        if day < last_day:
            next_day = (day + timedelta(days=1)).isoformat()
            links.append(f'<a class="next-day" href="/archive/{next_day}">Next day</a>')
        days_nav = '<nav class="archive-days">' + " ".join(links) + "</nav>\n"
        for n in range(1, total + 1):
            write(
                site,
                f"archive/{iso}/page/{n}.html",
                listing_html(
                    title=f"All news articles on {iso} - The Limited Times",
                    heading=f"All news articles on {iso}",
                    canonical=f"/archive/{iso}" if n == 1 else f"/archive/{iso}?page={n}",
                    base=f"/archive/{iso}",
                    page=n,
                    pages=total,
                    cards=cards[(n - 1) * PER_PAGE : n * PER_PAGE],
                    boxes=boxes,
                    category=None,
                    extra_nav=days_nav,
                ),
            )
            listing_pages += 1
        day += timedelta(days=1)

    newest = max(by_day).isoformat()
    write(
        site,
        "index.html",
        listing_html(
            title="The Limited Times - Now you can see non-English news...",
            heading="Latest news",
            canonical="/",
            base=None,
            page=1,
            pages=1,
            cards=pages[:HOME_CARDS],
            boxes=boxes,
            category=None,
            after_feed=(
                f'<p class="archive-link"><a href="/archive/{newest}">'
                f"All news articles on {newest}</a></p>\n"
            ),
        ),
    )
    listing_pages += 1

    manifest = {
        "generator": "bench/generate_site.py",
        "seed": seed,
        "articles": articles,
        "unique_articles": sum(1 for p in live if p.primary),
        "pages": len(live),
        "duplicates": sum(1 for p in live if not p.primary),
        "dead_card_links_404": sum(1 for p in pages if p.dead),
        "listing_pages": listing_pages,
        "first_archive_day": first_day.isoformat(),
        "last_archive_day": last_day.isoformat(),
        "start": first_day.isoformat(),
        "end": last_day.isoformat(),
        "empty_page_beyond_last": empty_beyond,
        "bytes": sum(f.stat().st_size for f in site.rglob("*") if f.is_file()),
    }
    (out / "manifest.json").write_text(json.dumps(manifest, indent=1), encoding="utf-8")
    (out / "pages.jsonl").write_text(
        "".join(
            json.dumps(
                {
                    "path": p.path,
                    "article": p.n,
                    "source_url_as_linked": p.source_url,
                    "is_duplicate": not p.primary,
                }
            )
            + "\n"
            for p in sorted(live, key=lambda p: p.aggregated_at)
        ),
        encoding="utf-8",
    )
    return manifest


def ensure_site(articles: int, days: int = 365, seed: int = 8, start: str = "2022-01-01") -> Path:
    """The folder of a generated site (generated once; reused when its manifest matches)."""
    out = ROOT / "bench" / "out" / f"site-{articles}"
    manifest = out / "manifest.json"
    if manifest.exists():
        data = json.loads(manifest.read_text(encoding="utf-8"))
        if data.get("seed") == seed and data.get("articles") == articles:
            return out
    generate(out, articles, days, date.fromisoformat(start), seed)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=20000, help="unique source articles")
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--start", default="2022-01-01", help="first day (YYYY-MM-DD)")
    parser.add_argument("--seed", type=int, default=8)
    parser.add_argument("--out", type=Path, help="default bench/out/site-N")
    args = parser.parse_args(argv)
    out = args.out or ROOT / "bench" / "out" / f"site-{args.articles}"
    started = time.perf_counter()
    manifest = generate(out, args.articles, args.days, date.fromisoformat(args.start), args.seed)
    print(json.dumps(manifest, indent=1))
    print(f"generated {out} in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
