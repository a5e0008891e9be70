"""Benchmark ``scrapy extract`` against the real-page set with third-party truth.

Usage::

    python bench/realdata.py /work/shared/realdata [--sets aeb,fundus] [--limit N] [--halves]
                             [--no-trafilatura] [--no-held-out] [--keep OUT_DIR]
                             [--strip-structured]

Runs ``scrapy extract`` as a subprocess inside the project directory over every page of the
set, then runs trafilatura (``bare_extraction``, default settings) over the same pages in this
process for the throughput comparison, and prints one row per set:

- body F1 / precision / recall: word 4-gram shingles (tokens are ``\\w+`` runs); per page
  tp, fp and fn are normalised by their sum, precision and recall are averaged over pages, F1
  is taken from those averages (the article-extraction-benchmark's metric);
- authors exact: the set of names equals the truth's after case folding, accent stripping and
  dot removal (pages with author truth only). Fundus' truth lists persons and organisations
  alike ("Adam Vidler", "AP"), so it is compared with our ``authors`` + ``agencies``;
- published_at exact: the same instant within 60 s; a value without a time or an offset does
  not count. Where the truth itself has no offset (12 of the 180 pages) the wall-clock time
  printed on our value is compared, since that is what the page showed;
- caption+credit: share of truth media items (caption or credit non-empty) that have an
  extracted item with a caption of fuzzy ratio >= 0.85 and the same credit (compared as
  normalised text, empty == None);
- wcxb, the benchmark's own metric: body is word F1 (bags of lower-cased ``\\w+`` tokens,
  precision, recall and F1 per page, F1 averaged over pages); authors: the truth string split
  at ``,`` ``;`` ``&`` and `` and ``, compared as a set of names with our ``authors`` (persons
  only, as the README's figures) after the folding above; ``+org`` in the last table compares
  ``authors`` + ``agencies`` instead, as fundus is scored, since WCXB's byline truth names
  organisations too ("Podium Staff"); publication day (``pub-day``): our ``published_at``'s
  day as written (its own offset) equals ``published_day``. These reproduce the README's
  figures for ef07ff6 (0.931, 0.629, 0.636). ``pub-day`` is also given on fundus (the day
  of the truth's ``published_at`` as written), where a date without a time counts;
- pages/s in the table titles: ours includes the subprocess' start-up (and uses the
  command's default worker processes, one per CPU); trafilatura's includes reading the files,
  in one process. These two are NOT comparable; the fair throughput comparison is the
  "single process" line: both extractors in this one process, page by page alternately on
  the same bytes, CPU time counted, trafilatura with ``with_metadata=True`` (it then also
  runs htmldate, as our extractor reads authors and dates; see :func:`compare_speed`).
  trafilatura's default settings give no authors or date, so it runs a second time with
  ``with_metadata=True`` for those columns (the README's reference figures); the last table
  puts the four sets side by side: ours, trafilatura's body (default settings), its authors
  and dates (with metadata).

Every figure is reported twice: on all development pages with the shipped settings, and
leave-publisher-out. A publisher is the page's registrable domain; each publisher's pages are
scored with the body settings (:class:`~newscrawl.extract.generic_body.BodyTuning`, the grid
:data:`TUNING_GRID`) that give the best mean body F1 over the sets on the OTHER
publishers' pages, so no page is scored with a threshold chosen on its own publisher. That
is the honest estimate for publishers nobody has seen; choose thresholds and rules by it. The
fields with no tuned setting (authors, dates, captions) come out the same in both.

``--strip-structured`` scores every page with its JSON-LD and its author meta tags removed
(:func:`strip_structured`), ours and trafilatura's alike: what a publisher that prints no
structured data gets, so that the reading of printed bylines is measured on every set.

``--halves`` adds a row per half of each set's publishers (``wcxb:A``, ``wcxb:B``: a hash of
the registrable domain, :func:`half_of`), so that a rule chosen on one half is judged on the
other half and on the sets it was not written for.

This is a measurement script, not a test: it never fails on a low figure.
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import hashlib
import json
import re
import subprocess
import sys
import tempfile
import time
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable
from datetime import datetime, timedelta
from difflib import SequenceMatcher
from itertools import product
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

PROJECT_DIR = Path(__file__).resolve().parent.parent
TOKEN_RE = re.compile(r"\w+")


def scrapy_extract_argv() -> list[str]:
    """The argv prefix that runs ``scrapy extract`` with this interpreter's Scrapy."""
    return [str(Path(sys.executable).with_name("scrapy")), "extract"]


# --- scoring -------------------------------------------------------------------------------


def shingles(text: str, n: int = 4) -> dict[tuple[str, ...], int]:
    """Count word n-gram shingles of ``text`` (a text shorter than n gives one shingle)."""
    tokens = TOKEN_RE.findall(text or "")
    counts: dict[tuple[str, ...], int] = defaultdict(int)
    if not tokens:
        return counts
    for i in range(max(1, len(tokens) - n + 1)):
        counts[tuple(tokens[i : i + n])] += 1
    return counts


def body_pr(truth: str, got: str) -> tuple[float, float]:
    """Precision and recall of one page's body, from normalised tp/fp/fn."""
    t, g = shingles(truth), shingles(got)
    tp = sum(min(c, g.get(s, 0)) for s, c in t.items())
    fp = sum(g.values()) - tp
    fn = sum(t.values()) - tp
    total = tp + fp + fn
    if total == 0:
        return 1.0, 1.0
    tp, fp, fn = tp / total, fp / total, fn / total
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    return precision, recall


def word_pr(truth: str, got: str) -> tuple[float, float]:
    """Precision and recall of one page's body as bags of lower-cased words (WCXB's metric).

    >>> word_pr("The cat sat", "the cat the end")
    (0.5, 0.6666666666666666)
    """
    t = Counter(w.casefold() for w in TOKEN_RE.findall(truth or ""))
    g = Counter(w.casefold() for w in TOKEN_RE.findall(got or ""))
    if not t and not g:
        return 1.0, 1.0
    overlap = sum((t & g).values())
    precision = overlap / sum(g.values()) if g else 0.0
    recall = overlap / sum(t.values()) if t else 0.0
    return precision, recall


_NAME_SPLIT = re.compile(r"\s*[,;&]\s*|\s+and\s+", re.IGNORECASE)


def split_names(text: str) -> list[str]:
    """WCXB's author string as names: split at , ; & and ' and '.

    >>> split_names("Ann Lee, Bo Chan & Cy Dee and Di Eve")
    ['Ann Lee', 'Bo Chan', 'Cy Dee', 'Di Eve']
    """
    return [name for name in _NAME_SPLIT.split(text or "") if name.strip()]


def fold(text: str | None) -> str:
    """Case-fold, strip accents and dots, squeeze spaces."""
    text = unicodedata.normalize("NFKD", text or "")
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    return " ".join(text.replace(".", "").split())


def authors_match(truth: Iterable[str], got: Iterable[str]) -> bool:
    """True when the folded name sets are equal."""
    return {fold(a) for a in truth} == {fold(a) for a in got}


HAS_TIME_AND_OFFSET = re.compile(r"T\d\d:\d\d.*(Z|[+-]\d\d:?\d\d)$")


def published_match(truth: str, got: str | None) -> bool:
    """True when ``got`` is a full instant within 60 s of the truth (see module doc)."""
    if not got or not HAS_TIME_AND_OFFSET.search(got):
        return False
    try:
        want = datetime.fromisoformat(truth.replace("Z", "+00:00"))
        have = datetime.fromisoformat(got.replace("Z", "+00:00"))
    except ValueError:
        return False
    if want.tzinfo is None:
        have = have.replace(tzinfo=None)
    return abs(have - want) <= timedelta(seconds=60)


def norm_credit(text: str | None) -> str:
    return " ".join((text or "").split()).casefold()


def media_hits(truth: list[dict], got: list[dict]) -> tuple[int, int]:
    """(matched, counted) truth media items; items with neither caption nor credit skipped."""
    matched = counted = 0
    for item in truth:
        caption, credit = (item.get("caption") or "").strip(), norm_credit(item.get("credit"))
        if not caption and not credit:
            continue
        counted += 1
        for cand in got:
            if norm_credit(cand.get("credit")) != credit:
                continue
            ratio = SequenceMatcher(None, caption, (cand.get("caption") or "").strip()).ratio()
            if ratio >= 0.85 or (not caption and not (cand.get("caption") or "").strip()):
                matched += 1
                break
    return matched, counted


# --- running -------------------------------------------------------------------------------


def load_truth(root: Path, sets: set[str] | None, limit: int | None) -> list[dict]:
    rows = []
    per_set: dict[str, int] = defaultdict(int)
    with (root / "truth.jsonl").open(encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            if sets and row["set"] not in sets:
                continue
            if limit and per_set[row["set"]] >= limit:
                continue
            per_set[row["set"]] += 1
            rows.append(row)
    return rows


#: A JSON-LD block, whole.
_JSON_LD = re.compile(
    rb"<script\b[^>]*\btype\s*=\s*[\"']?\s*application/ld\+json[^>]*>.*?</script\s*>",
    re.IGNORECASE | re.DOTALL,
)
_META_TAG = re.compile(rb"<meta\b[^>]*>", re.IGNORECASE)
#: The key of a meta tag that names the author (``author``, ``article:author``,
#: ``dc.creator``, ``twitter:creator``, ``byl``, microdata's ``itemprop=author``).
_AUTHOR_KEY = re.compile(
    rb"\b(?:name|property|itemprop)\s*=\s*[\"']?(?:[^\"'>]*(?:author|creator)[^\"'>]*|byl)[\"'\s>/]",
    re.IGNORECASE,
)


def strip_structured(html: bytes) -> bytes:
    """The page without its JSON-LD blocks and its author meta tags, every other byte kept
    (the same signals ``bench/authors.py`` takes away for its "without JSON-LD and meta").

    >>> strip_structured(b"<head><meta name='author' content='Ann Lee'><meta charset=utf-8>"
    ...     b"<script type=application/ld+json>{}</script></head>")
    b'<head><meta charset=utf-8></head>'
    """
    html = _JSON_LD.sub(b"", html)
    return _META_TAG.sub(lambda m: b"" if _AUTHOR_KEY.search(m.group(0)) else m.group(0), html)


def page_bytes(root: Path, row: dict, strip: bool = False) -> bytes:
    """A page's HTML, with its structured authors taken away when ``strip``."""
    html = gzip.decompress((root / row["html"]).read_bytes())
    return strip_structured(html) if strip else html


def run_ours(
    root: Path, rows: list[dict], work: Path, strip: bool = False
) -> tuple[dict[str, dict], float]:
    pages = work / "pages.jsonl"
    folder = root
    if strip:
        folder = work / "stripped"
        folder.mkdir(exist_ok=True)
    with pages.open("w", encoding="utf-8") as fh:
        for row in rows:
            html = root / row["html"]
            if strip:
                html = folder / f"{row['id']}.html"
                html.write_bytes(page_bytes(root, row, strip=True))
            line = {"id": row["id"], "url": row["url"], "html": str(html)}
            fh.write(json.dumps(line) + "\n")
    out = work / "articles.jsonl"
    started = time.perf_counter()
    proc = subprocess.run(
        [*scrapy_extract_argv(), str(pages), "-O", str(out), "--root", str(folder)],
        cwd=PROJECT_DIR,
        capture_output=True,
        text=True,
        check=False,
    )
    elapsed = time.perf_counter() - started
    if proc.returncode != 0:
        sys.stderr.write(proc.stderr[-3000:])
        raise SystemExit(f"scrapy extract exited {proc.returncode}")
    results = {}
    with out.open(encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            results[rec["id"]] = rec
    return results, elapsed


def run_trafilatura(
    root: Path, rows: list[dict], with_metadata: bool = False, strip: bool = False
) -> tuple[dict[str, dict], float]:
    """trafilatura's ``bare_extraction`` on every page; default settings unless
    ``with_metadata`` (needed for its authors and date, which default settings skip)."""
    import trafilatura

    results = {}
    started = time.perf_counter()
    for row in rows:
        html = page_bytes(root, row, strip)
        doc = trafilatura.bare_extraction(html, url=row["url"], with_metadata=with_metadata)
        data = doc.as_dict() if doc is not None and hasattr(doc, "as_dict") else (doc or {})
        results[row["id"]] = {
            "body": data.get("text") or "",
            "authors": [a.strip() for a in (data.get("author") or "").split(";") if a.strip()],
            "published_at": data.get("date"),
            "media": [],
        }
    return results, time.perf_counter() - started


def compare_speed(root: Path, rows: list[dict]) -> tuple[float, float]:
    """(ours, trafilatura's) CPU seconds over the same pages in this one process.

    Each page's bytes are read first; then, page by page, trafilatura's ``bare_extraction``
    (``with_metadata=True``: its authors and date, as ours reads them) and our
    ``extract_generic`` each get the same bytes (both parse them), alternately, so that both
    see the same machine load. CPU time of this process is counted.
    """
    import trafilatura

    _use_project()
    from newscrawl.extract.generic import extract_generic

    pages = [(row["url"], gzip.decompress((root / row["html"]).read_bytes())) for row in rows]
    ours = theirs = 0.0
    for url, html in pages:
        started = time.process_time()
        trafilatura.bare_extraction(html, url=url, with_metadata=True)
        theirs += time.process_time() - started
        started = time.process_time()
        with contextlib.suppress(ValueError):  # an unparseable page costs what it costs
            extract_generic(html, url)
        ours += time.process_time() - started
    return ours, theirs


def _use_project() -> None:
    """Import the project from its folder (this script's folder kept off the path: no bench
    module may shadow an installed package)."""
    here = Path(__file__).resolve().parent
    sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != here]
    if str(PROJECT_DIR) not in sys.path:
        sys.path.insert(0, str(PROJECT_DIR))


# --- leave-publisher-out -------------------------------------------------------------------

_SECOND_LEVEL = frozenset({"ac", "co", "com", "edu", "gov", "ne", "net", "or", "org"})


def publisher_of(url: str) -> str:
    """The publisher of a page: the registrable part of its host.

    >>> publisher_of("https://edition.cnn.com/2019/x"), publisher_of("https://www.bbc.co.uk/n")
    ('cnn.com', 'bbc.co.uk')
    """
    labels = (urlsplit(url).hostname or "").casefold().split(".")
    keep = 3 if len(labels) >= 3 and labels[-2] in _SECOND_LEVEL and len(labels[-1]) == 2 else 2
    return ".".join(labels[-keep:])


#: The body settings the leave-publisher-out figure chooses from: every combination of these
#: values (the shipped defaults first, so that a tie keeps them).
TUNING_AXES: dict[str, tuple[Any, ...]] = {
    "trafilatura_links": (True, False),
    "retry_share": (0.6, 0.75),
    "container_share": (0.75, 0.9),
    "drop_lead_repeat": (True, False),
    "prose_words": (0, 30),
}


def tuning_grid() -> list[Any]:
    _use_project()
    from newscrawl.extract.generic_body import BODY_TUNING, BodyTuning

    grid = [
        BodyTuning(**dict(zip(TUNING_AXES, values, strict=True)))
        for values in product(*TUNING_AXES.values())
    ]
    grid.sort(key=lambda t: t != BODY_TUNING)
    return grid


def body_scores_by_tuning(
    root: Path, rows: list[dict], grid: list[Any]
) -> dict[str, list[tuple[float, float]]]:
    """Per page id, the body (precision, recall) under each setting of ``grid``.

    Each page is parsed once; trafilatura's output for a (page, mode) is computed once and
    reused by every setting (the settings only decide which output is used and how it is
    filtered), which keeps the grid affordable.
    """
    _use_project()
    from newscrawl.extract import generic_body
    from newscrawl.extract.generic import extract_generic, parse_html

    original = generic_body._trafilatura_body
    cache: dict[tuple[int, bool, bool], Any] = {}

    def cached(tree: Any, fast: bool, links: bool) -> Any:
        key = (id(tree), fast, links)
        if key not in cache:
            cache[key] = original(tree, fast, links)
        return cache[key]

    out: dict[str, list[tuple[float, float]]] = {}
    generic_body._trafilatura_body = cached  # type: ignore[assignment]
    try:
        for row in rows:
            html = gzip.decompress((root / row["html"]).read_bytes())
            try:
                tree = parse_html(html)
            except ValueError:
                out[row["id"]] = [(0.0, 0.0)] * len(grid)
                continue
            record = extract_generic(html, row["url"])  # the shipped title and lead
            cache.clear()
            scores = []
            for tuning in grid:
                paragraphs = generic_body.body_paragraphs(
                    tree, title=record["title"], lead=record["lead"], tuning=tuning
                )
                scorer = word_pr if row["set"] == "wcxb" else body_pr
                scores.append(scorer(row.get("body") or "", "\n\n".join(paragraphs)))
            out[row["id"]] = scores
    finally:
        generic_body._trafilatura_body = original  # type: ignore[assignment]
    return out


def _objective(rows: list[dict], scores: dict[str, list[tuple[float, float]]], k: int) -> float:
    """Mean over the sets of the body F1 of setting ``k`` on ``rows``."""
    per_set: dict[str, list[tuple[float, float]]] = defaultdict(list)
    for row in rows:
        per_set[row["set"]].append(scores[row["id"]][k])
    f1s = []
    for pairs in per_set.values():
        p = sum(x for x, _ in pairs) / len(pairs)
        r = sum(y for _, y in pairs) / len(pairs)
        f1s.append(2 * p * r / (p + r) if p + r else 0.0)
    return sum(f1s) / len(f1s) if f1s else 0.0


def leave_publisher_out(
    rows: list[dict], scores: dict[str, list[tuple[float, float]]], size: int
) -> tuple[dict[str, tuple[float, float]], dict[int, int], int]:
    """(per page id the held-out body scores, how often each setting was chosen, the setting
    chosen on all publishers)."""
    by_publisher: dict[str, list[dict]] = defaultdict(list)
    for row in rows:
        by_publisher[publisher_of(row["url"])].append(row)
    held_out: dict[str, tuple[float, float]] = {}
    chosen: dict[int, int] = defaultdict(int)
    for name, own in by_publisher.items():
        others = [row for row in rows if publisher_of(row["url"]) != name]
        best = max(range(size), key=lambda k: (_objective(others, scores, k), -k))
        chosen[best] += 1
        for row in own:
            held_out[row["id"]] = scores[row["id"]][best]
    overall = max(range(size), key=lambda k: (_objective(rows, scores, k), -k))
    return held_out, chosen, overall


def half_of(url: str) -> str:
    """ "A" or "B": the half of a set a page's publisher falls in (by a hash of its registrable
    domain, :func:`publisher_of`), for choosing a rule on one half and judging it on the other.

    >>> half_of("https://edition.cnn.com/x") == half_of("https://cnn.com/y")
    True
    """
    digest = hashlib.sha1(publisher_of(url).encode("utf-8")).digest()
    return "AB"[digest[0] % 2]


def score(
    rows: list[dict],
    results: dict[str, dict],
    body_scores: dict[str, tuple[float, float]] | None = None,
    halves: bool = False,
) -> dict[str, dict[str, float]]:
    """Per set the figures of the module doc; with ``halves`` also per half of each set
    (rows "wcxb:A", "wcxb:B", see :func:`half_of`)."""
    acc: dict[str, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
    for row in rows:
        names = [row["set"]] + ([f"{row['set']}:{half_of(row['url'])}"] if halves else [])
        for name in names:
            _score_row(acc[name], row, results.get(row["id"]) or {}, body_scores)
    return _table(acc)


def _score_row(
    s: dict[str, list[float]],
    row: dict,
    rec: dict,
    body_scores: dict[str, tuple[float, float]] | None,
) -> None:
    """Add one page's figures to the accumulator ``s`` of its set."""
    wcxb = row["set"] == "wcxb"
    if body_scores is not None:
        p, r = body_scores[row["id"]]
    else:
        p, r = (word_pr if wcxb else body_pr)(row.get("body") or "", rec.get("body") or "")
    s["p"].append(p)
    s["r"].append(r)
    s["f1"].append(2 * p * r / (p + r) if p + r else 0.0)
    credited = (rec.get("authors") or []) + (rec.get("agencies") or [])
    if row.get("authors"):
        s["authors"].append(float(authors_match(row["authors"], credited)))
        s["authors_org"].append(s["authors"][-1])
    elif wcxb and row.get("author"):
        truth = split_names(row["author"])
        got = split_names("; ".join(rec.get("authors") or []))
        s["authors"].append(float(authors_match(truth, got)))
        got = split_names("; ".join(credited))
        s["authors_org"].append(float(authors_match(truth, got)))
    got_day = (rec.get("published_at") or "")[:10]
    if row.get("published_at"):
        s["date"].append(float(published_match(row["published_at"], rec.get("published_at"))))
        s["day"].append(float(got_day == row["published_at"][:10]))
    elif row.get("published_day"):
        s["day"].append(float(got_day == row["published_day"]))
    if row.get("media"):
        m, c = media_hits(row["media"], rec.get("media") or [])
        if c:
            s["media_m"].append(m)
            s["media_c"].append(c)
    s["errors"].append(float(bool(rec.get("error")) or not rec))


def _table(acc: dict[str, dict[str, list[float]]]) -> dict[str, dict[str, float]]:
    """The averages of the accumulated per-page figures, per set."""
    table = {}
    for name, s in acc.items():
        p = sum(s["p"]) / len(s["p"])
        r = sum(s["r"]) / len(s["r"])
        table[name] = {
            "pages": len(s["p"]),
            "f1": (
                sum(s["f1"]) / len(s["f1"])
                if name == "wcxb"
                else 2 * p * r / (p + r)
                if p + r
                else 0.0
            ),
            "p": p,
            "r": r,
            "authors": sum(s["authors"]) / len(s["authors"]) if s["authors"] else float("nan"),
            "authors_org": (
                sum(s["authors_org"]) / len(s["authors_org"]) if s["authors_org"] else float("nan")
            ),
            "date": sum(s["date"]) / len(s["date"]) if s["date"] else float("nan"),
            "day": sum(s["day"]) / len(s["day"]) if s["day"] else float("nan"),
            "media": sum(s["media_m"]) / sum(s["media_c"]) if s["media_c"] else float("nan"),
            "errors": sum(s["errors"]),
        }
    return table


def fmt(value: float) -> str:
    return "   -  " if value != value else f"{value:6.3f}"


def print_table(title: str, table: dict[str, dict[str, float]], rate: float) -> None:
    print(f"\n{title}  ({rate:.1f} pages/s over all sets)")
    print("set     pages  body-F1  prec   recall  authors  pub-at  pub-day  capt+cred  errors")
    for name in sorted(table):
        t = table[name]
        print(
            f"{name:<7} {t['pages']:>5}  {fmt(t['f1'])} {fmt(t['p'])} {fmt(t['r'])}  "
            f"{fmt(t['authors'])}  {fmt(t['date'])}  {fmt(t['day'])}  {fmt(t['media'])}    "
            f"{int(t['errors'])}"
        )


def print_side_by_side(
    ours: dict[str, dict[str, float]],
    body: dict[str, dict[str, float]],
    meta: dict[str, dict[str, float]],
) -> None:
    """One row per set: ours / trafilatura's (body with default settings, authors and dates
    with metadata)."""
    print("\nside by side, newscrawl / trafilatura 2.3.1 (body: default settings; authors, dates:")
    print("with_metadata=True); wcxb scored by its own metric (word F1, names split, day)")
    print("set     pages  body-F1         authors         +org    pub-at          pub-day")
    for name in sorted(ours):
        o, b, m = ours[name], body.get(name, {}), meta.get(name, {})
        nan = float("nan")
        print(
            f"{name:<7} {o['pages']:>5}  {fmt(o['f1'])}/{fmt(b.get('f1', nan))}  "
            f"{fmt(o['authors'])}/{fmt(m.get('authors', nan))}  {fmt(o['authors_org'])}  "
            f"{fmt(o['date'])}/{fmt(m.get('date', nan))}  {fmt(o['day'])}/{fmt(m.get('day', nan))}"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("realdata", type=Path, help="folder with truth.jsonl and pages/")
    parser.add_argument("--sets", help="comma-separated set names (default: all)")
    parser.add_argument("--limit", type=int, help="at most N pages per set")
    parser.add_argument("--no-trafilatura", action="store_true", help="skip the baseline run")
    parser.add_argument("--keep", type=Path, help="write our output and per-page scores here")
    parser.add_argument(
        "--no-held-out", action="store_true", help="skip the leave-publisher-out figures"
    )
    parser.add_argument(
        "--strip-structured",
        action="store_true",
        help="remove every page's JSON-LD and author meta tags first (the printed byline alone)",
    )
    parser.add_argument(
        "--halves",
        action="store_true",
        help="also score each set's two halves of publishers (by domain hash) apart",
    )
    args = parser.parse_args(argv)
    root = args.realdata.resolve()
    sets = set(args.sets.split(",")) if args.sets else None
    rows = load_truth(root, sets, args.limit)
    with tempfile.TemporaryDirectory() as tmp:
        work = args.keep or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        ours, elapsed = run_ours(root, rows, work, args.strip_structured)
    ours_table = score(rows, ours, halves=args.halves)
    stripped = ", JSON-LD and author meta tags STRIPPED" if args.strip_structured else ""
    print_table(
        f"newscrawl generic (scrapy extract), ALL development pages, shipped settings{stripped}",
        ours_table,
        len(rows) / elapsed,
    )
    if not args.no_held_out:
        grid = tuning_grid()
        started = time.perf_counter()
        scores = body_scores_by_tuning(root, rows, grid)
        held_out, chosen, overall = leave_publisher_out(rows, scores, len(grid))
        print_table(
            "newscrawl generic, LEAVE-PUBLISHER-OUT (body settings chosen on the other "
            f"publishers; {len(grid)} settings)",
            score(rows, ours, held_out),
            len(rows) / (time.perf_counter() - started),
        )
        print(
            "settings chosen (publishers): "
            + "; ".join(
                f"{count} x {grid[k]}" for k, count in sorted(chosen.items(), key=lambda kv: -kv[1])
            )
        )
        print(
            f"chosen on all publishers: {grid[overall]}"
            + ("  (the shipped one)" if overall == 0 else "  (NOT the shipped one)")
        )
    if args.keep:
        with (args.keep / "per_page.jsonl").open("w", encoding="utf-8") as fh:
            for row in rows:
                rec = ours.get(row["id"]) or {}
                scorer = word_pr if row["set"] == "wcxb" else body_pr
                p, r = scorer(row.get("body") or "", rec.get("body") or "")
                fh.write(json.dumps({"id": row["id"], "set": row["set"], "p": p, "r": r}) + "\n")
    if not args.no_trafilatura:
        ours_cpu, theirs_cpu = compare_speed(root, rows)
        print(
            f"\nsingle process, same pages, interleaved (CPU time): newscrawl generic "
            f"{1000 * ours_cpu / len(rows):.1f} ms/page ({len(rows) / ours_cpu:.1f} pages/s), "
            "trafilatura bare_extraction with_metadata=True "
            f"{1000 * theirs_cpu / len(rows):.1f} ms/page "
            f"({len(rows) / theirs_cpu:.1f} pages/s); ratio ours/theirs "
            f"{ours_cpu / theirs_cpu:.2f}"
        )
        theirs, t_elapsed = run_trafilatura(root, rows, strip=args.strip_structured)
        body_table = score(rows, theirs, halves=args.halves)
        print_table(
            f"trafilatura 2.3.1 bare_extraction, default settings{stripped}",
            body_table,
            len(rows) / t_elapsed,
        )
        meta, m_elapsed = run_trafilatura(
            root, rows, with_metadata=True, strip=args.strip_structured
        )
        meta_table = score(rows, meta, halves=args.halves)
        print_table(
            f"trafilatura 2.3.1 bare_extraction, with_metadata=True{stripped}",
            meta_table,
            len(rows) / m_elapsed,
        )
        print_side_by_side(ours_table, body_table, meta_table)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
