"""Ablation of the generic body pass on every development set: which correction of
trafilatura's output earns its place.

Usage (from the project folder)::

    python bench/body_ablation.py /work/shared/realdata [--sets aeb,wcxb] [--limit N]
        [--cache DIR] [--only shipped,-retry,...] [--pages OUT.jsonl] [--speed]

Every page is parsed once; for each variant the body is extracted in this process with
:func:`~newscrawl.extract.generic_body.body_paragraphs` (the headline and standfirst that
``extract_generic`` finds on the page, as shipped) and scored against the set's truth:

- aeb, fev, fundus: word 4-gram shingles (tokens are ``\\w+`` runs), per page tp/fp/fn
  normalised by their sum, precision and recall averaged over pages, F1 of the averages
  (the article-extraction-benchmark's metric, as in ``bench/realdata.py``);
- wcxb: the WCXB benchmark's word F1: bags of lower-cased ``\\w+`` tokens, F1 per page,
  averaged over pages (this reproduces the README's figures for trafilatura and newscrawl).

Variants (``--only`` picks some by name):

- ``trafilatura``: trafilatura 2.3.1 alone, ``bare_extraction(html, url)`` with default
  settings, its ``text`` (the README's reference figures);
- ``shipped``: the body pass as shipped (:data:`~newscrawl.extract.generic_body.BODY_TUNING`);
- ``-NAME``: shipped with the rule NAME of :data:`~newscrawl.extract.generic_body.RULES`
  switched off (``-all``: every rule off and no standfirst repeat dropped, which leaves
  trafilatura's output as the body pass asks for it, paragraph by paragraph);
- ``tuning:FIELD=VALUE``: shipped with one :class:`BodyTuning` field changed;
- ``traf:OPTION=VALUE``: shipped with one more ``bare_extraction`` option (``favor_precision``,
  ``favor_recall``, ``include_tables``, ``include_comments``, ``fast``).

The table gives each set's body F1 for ``shipped`` and every variant's difference from it,
then the mean over the four sets and the worst set. A rule written for aeb/fev/fundus earns
its place only if switching it off loses on wcxb too (wcxb was seen by no rule).

trafilatura's output for each page and set of options is stored under ``--cache`` (default:
``body_ablation_cache`` in the system's temporary folder) and reused by later runs: delete it
when the parser (``newscrawl.extract.generic.parse_html``), the headline/standfirst finding or
trafilatura changes. ``--pages`` writes one line per page and variant (id, set, publisher,
precision, recall) for a closer look. ``--speed`` also measures CPU time per page of
``extract_generic`` against trafilatura's ``bare_extraction(with_metadata=True)``, alternately
on the same bytes in this process (no cache).

This is a measurement script, not a test: it never fails on a low figure.
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import json
import re
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

PROJECT_DIR = Path(__file__).resolve().parent.parent
TOKEN_RE = re.compile(r"\w+")
SETS = ("aeb", "fev", "fundus", "wcxb")


def _use_project() -> None:
    """Import the project from this script's project folder (bench/ kept off the path)."""
    here = Path(__file__).resolve().parent
    sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != here]
    sys.path.insert(0, str(PROJECT_DIR))


# --- scoring -------------------------------------------------------------------------------


def _normalised(tp: float, fp: float, fn: float) -> tuple[float, float]:
    total = tp + fp + fn
    if total == 0:
        return 1.0, 1.0
    tp, fp, fn = tp / total, fp / total, fn / total
    return (tp / (tp + fp) if tp + fp else 0.0), (tp / (tp + fn) if tp + fn else 0.0)


def shingle_pr(truth: str, got: str, n: int = 4) -> tuple[float, float]:
    """Precision and recall of word n-gram shingles (bench/realdata.py's body metric)."""

    def shingles(text: str) -> Counter[tuple[str, ...]]:
        tokens = TOKEN_RE.findall(text or "")
        if not tokens:
            return Counter()
        return Counter(tuple(tokens[i : i + n]) for i in range(max(1, len(tokens) - n + 1)))

    t, g = shingles(truth), shingles(got)
    tp = sum((t & g).values())
    return _normalised(tp, sum(g.values()) - tp, sum(t.values()) - tp)


def word_pr(truth: str, got: str) -> tuple[float, float]:
    """WCXB's word precision and recall: bags of lower-cased ``\\w+`` tokens.

    >>> word_pr("The cat sat", "the cat")
    (1.0, 0.6666666666666666)
    """
    t = Counter(TOKEN_RE.findall((truth or "").lower()))
    g = Counter(TOKEN_RE.findall((got or "").lower()))
    tp = sum((t & g).values())
    if not t and not g:
        return 1.0, 1.0
    return (tp / sum(g.values()) if g else 0.0), (tp / sum(t.values()) if t else 0.0)


def page_pr(row: dict[str, Any], got: str) -> tuple[float, float]:
    if row["set"] == "wcxb":
        return word_pr(row.get("body") or "", got)
    return shingle_pr(row.get("body") or "", got)


def set_f1(pairs: list[tuple[float, float]], name: str = "") -> float:
    """A set's body F1 from its pages' (precision, recall): F1 of the averages, or for wcxb
    the average of the pages' F1."""
    if not pairs:
        return float("nan")
    if name == "wcxb":
        return sum(2 * p * r / (p + r) if p + r else 0.0 for p, r in pairs) / len(pairs)
    p = sum(x for x, _ in pairs) / len(pairs)
    r = sum(y for _, y in pairs) / len(pairs)
    return 2 * p * r / (p + r) if p + r else 0.0


def publisher_of(url: str) -> str:
    """The registrable part of a page's host (as bench/realdata.py counts publishers)."""
    labels = (urlsplit(url).hostname or "").casefold().split(".")
    second = {"ac", "co", "com", "edu", "gov", "ne", "net", "or", "org"}
    keep = 3 if len(labels) >= 3 and labels[-2] in second and len(labels[-1]) == 2 else 2
    return ".".join(labels[-keep:])


# --- trafilatura, cached -------------------------------------------------------------------


class TrafilaturaCache:
    """Stands in for ``bare_extraction`` in the body module: each page's output per set of
    options is computed once and kept on disk. ``overrides`` adds options to every call."""

    def __init__(self, folder: Path, real: Callable[..., Any]) -> None:
        self.folder = folder
        self.real = real
        self.page = ""
        self.entries: dict[str, str | None] = {}
        self.dirty = False
        self.overrides: dict[str, Any] = {}
        folder.mkdir(parents=True, exist_ok=True)

    def open(self, page: str) -> None:
        self.close()
        self.page = page
        path = self.folder / f"{page}.json"
        self.entries = json.loads(path.read_text("utf-8")) if path.exists() else {}

    def close(self) -> None:
        if self.page and self.dirty:
            path = self.folder / f"{self.page}.json"
            path.write_text(json.dumps(self.entries), "utf-8")
        self.dirty = False

    def __call__(self, tree: Any, **options: Any) -> Any:
        from lxml import etree
        from trafilatura.settings import Document

        options = {**options, **self.overrides}
        key = json.dumps(options, sort_keys=True)
        if key not in self.entries:
            document = self.real(tree, **options)
            body = getattr(document, "body", None)
            text = getattr(document, "text", None)
            self.entries[key] = json.dumps(
                [etree.tostring(body, encoding="unicode") if body is not None else None, text]
            )
            self.dirty = True
        xml, text = json.loads(self.entries[key] or "[null, null]")
        if xml is None:
            return None
        return Document(body=etree.fromstring(xml), text=text)

    def text(self, name: str, compute: Callable[[], str]) -> str:
        """A cached text under ``name`` for the current page."""
        if name not in self.entries:
            self.entries[name] = compute()
            self.dirty = True
        return self.entries[name] or ""


# --- variants ------------------------------------------------------------------------------


def parse_variant(name: str, rules: dict[str, str]) -> tuple[str, Any]:
    """(kind, argument) of a variant name (see the module doc)."""
    if name in ("trafilatura", "shipped"):
        return name, None
    if name.startswith("-"):
        rule = name[1:]
        if rule != "all" and rule not in rules:
            raise SystemExit(f"unknown rule {rule!r}; known: {', '.join(rules)}")
        return "skip", frozenset(rules) if rule == "all" else frozenset({rule})
    kind, _, assignment = name.partition(":")
    field, _, raw = assignment.partition("=")
    if kind not in ("tuning", "traf") or not raw:
        raise SystemExit(f"bad variant {name!r}")
    value: Any = json.loads(raw.replace("True", "true").replace("False", "false"))
    return kind, (field, value)


def default_variants(rules: dict[str, str]) -> list[str]:
    return [
        "trafilatura",
        "shipped",
        *(f"-{rule}" for rule in rules),
        "-all",
        "tuning:trafilatura_links=false",
        "tuning:drop_lead_repeat=true",
        "tuning:retry_chars=0",
        "tuning:retry_share=0.75",
        "tuning:container_share=0.9",
        "tuning:prose_words=30",
        "traf:fast=false",
        "traf:favor_precision=true",
        "traf:favor_recall=true",
        "traf:include_tables=false",
        "traf:include_comments=true",
    ]


def run(args: argparse.Namespace) -> dict[str, dict[str, list[tuple[float, float]]]]:
    _use_project()
    import trafilatura

    from newscrawl.extract import generic_body
    from newscrawl.extract.generic import extract_generic, parse_html

    rules = generic_body.RULES
    names = args.only.split(",") if args.only else default_variants(rules)
    variants = [(name, *parse_variant(name, rules)) for name in names]
    rows = [json.loads(line) for line in (args.realdata / "truth.jsonl").open(encoding="utf-8")]
    wanted = set(args.sets.split(",")) if args.sets else set(SETS)
    per_set: Counter[str] = Counter()
    chosen = []
    for row in rows:
        if row["set"] in wanted and not (args.limit and per_set[row["set"]] >= args.limit):
            per_set[row["set"]] += 1
            chosen.append(row)
    cache = TrafilaturaCache(args.cache, trafilatura.bare_extraction)
    generic_body.bare_extraction = cache  # type: ignore[attr-defined,assignment]
    scores: dict[str, dict[str, list[tuple[float, float]]]] = defaultdict(lambda: defaultdict(list))
    pages_out = args.pages.open("w", encoding="utf-8") if args.pages else None
    started = time.perf_counter()
    try:
        for n, row in enumerate(chosen, 1):
            cache.open(row["id"])
            cache.overrides = {}
            html = gzip.decompress((args.realdata / row["html"]).read_bytes())
            try:
                tree = parse_html(html)
                record = extract_generic(html, row["url"])
            except ValueError:
                tree = record = None
            for name, kind, arg in variants:
                cache.overrides = {}
                if kind == "trafilatura":
                    got = cache.text(
                        "trafilatura-default",
                        partial(
                            _trafilatura_default, trafilatura.bare_extraction, html, row["url"]
                        ),
                    )
                elif tree is None or record is None:
                    got = ""
                else:
                    tuning = generic_body.BODY_TUNING
                    if kind == "skip":
                        tuning = replace(tuning, skip=arg)
                        if arg == frozenset(rules):
                            tuning = replace(tuning, drop_lead_repeat=False)
                    elif kind == "tuning":
                        tuning = replace(tuning, **{arg[0]: arg[1]})
                    elif kind == "traf":
                        cache.overrides = {arg[0]: arg[1]}
                    paragraphs = generic_body.body_paragraphs(
                        tree, title=record["title"], lead=record["lead"], tuning=tuning
                    )
                    got = "\n\n".join(paragraphs)
                    if kind == "shipped" and got != record["body"]:
                        print(f"warning: {row['id']}: body differs from extract_generic's")
                pr = page_pr(row, got)
                scores[name][row["set"]].append(pr)
                if pages_out:
                    line = {"id": row["id"], "set": row["set"], "variant": name}
                    line.update(publisher=publisher_of(row["url"]), p=pr[0], r=pr[1])
                    pages_out.write(json.dumps(line) + "\n")
            if n % 100 == 0:
                print(f"  {n}/{len(chosen)} pages, {time.perf_counter() - started:.0f} s",
                      file=sys.stderr)  # fmt: skip
    finally:
        cache.close()
        if pages_out:
            pages_out.close()
    return scores


def _trafilatura_default(extract: Callable[..., Any], html: bytes, url: str) -> str:
    with contextlib.suppress(Exception):
        document = extract(html, url=url)
        return (document.text or "") if document is not None else ""
    return ""


def print_table(scores: dict[str, dict[str, list[tuple[float, float]]]]) -> None:
    sets = [s for s in SETS if any(s in by_set for by_set in scores.values())]
    base = {s: set_f1(scores["shipped"][s], s) for s in sets} if "shipped" in scores else None
    header = "variant".ljust(34) + "".join(f"{s:>9}" for s in sets) + "     mean    worst"
    print(header)
    for name, by_set in scores.items():
        f1 = {s: set_f1(by_set[s], s) for s in sets}
        mean = sum(f1.values()) / len(f1)
        if base is None or name == "shipped":
            cells = "".join(f"{f1[s]:9.4f}" for s in sets)
            print(f"{name:<34}{cells} {mean:8.4f} {min(f1.values()):8.4f}")
            continue
        delta = {s: f1[s] - base[s] for s in sets}
        cells = "".join(f"{delta[s]:+9.4f}" for s in sets)
        print(f"{name:<34}{cells} {sum(delta.values()) / len(delta):+8.4f} "
              f"{min(delta.values()):+8.4f}")  # fmt: skip
    if base is not None:
        print("(rows other than 'shipped': difference of body F1 from shipped; mean and worst "
              "over the sets)")  # fmt: skip


def speed(args: argparse.Namespace) -> None:
    """CPU time per page: extract_generic vs trafilatura with metadata, alternately."""
    _use_project()
    import trafilatura

    from newscrawl.extract import generic_body
    from newscrawl.extract.generic import extract_generic

    generic_body.bare_extraction = trafilatura.bare_extraction  # type: ignore[attr-defined]
    rows = [json.loads(line) for line in (args.realdata / "truth.jsonl").open(encoding="utf-8")]
    wanted = set(args.sets.split(",")) if args.sets else set(SETS)
    rows = [row for row in rows if row["set"] in wanted]
    ours = theirs = 0.0
    for row in rows:
        html = gzip.decompress((args.realdata / row["html"]).read_bytes())
        started = time.process_time()
        with contextlib.suppress(Exception):
            trafilatura.bare_extraction(html, url=row["url"], with_metadata=True)
        theirs += time.process_time() - started
        started = time.process_time()
        with contextlib.suppress(ValueError):
            extract_generic(html, row["url"])
        ours += time.process_time() - started
    print(
        f"CPU per page over {len(rows)} pages: extract_generic {1000 * ours / len(rows):.1f} ms,"
        f" trafilatura with_metadata {1000 * theirs / len(rows):.1f} ms; ratio "
        f"{ours / theirs:.2f}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("realdata", type=Path, help="folder with truth.jsonl and pages/")
    parser.add_argument("--sets", help="comma-separated set names (default: all four)")
    parser.add_argument("--limit", type=int, help="at most N pages per set")
    parser.add_argument("--only", help="comma-separated variant names (default: all)")
    parser.add_argument(
        "--cache",
        type=Path,
        default=Path(tempfile.gettempdir()) / "body_ablation_cache",
        help="folder for trafilatura's cached output",
    )
    parser.add_argument("--pages", type=Path, help="write per-page scores here (jsonl)")
    parser.add_argument("--speed", action="store_true", help="also compare CPU time per page")
    args = parser.parse_args(argv)
    args.realdata = args.realdata.resolve()
    print_table(run(args))
    if args.speed:
        speed(args)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
