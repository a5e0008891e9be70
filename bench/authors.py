"""Where the generic extractor's authors come from, and how each source holds on its own.

Usage::

    python bench/authors.py /work/shared/realdata [--stress] [--misses [--misses-all]]

Over the fundus pages with author truth (the set with authors), it prints:

- per SOURCE read alone (``JSON-LD``, ``meta tags``, ``printed bylines``, ``headline line``):
  on how many pages it names anyone, on how many of those it is right (the exact match of
  ``bench/realdata.py``: persons + organisations, folded), and on how many publishers
  (registrable domains) it is ever wrong. A source right on most pages where it speaks is one
  a publisher nobody has seen can rely on; ``find_authors`` takes them in that order.
- ``final``: :func:`~newscrawl.extract.generic.find_authors` as shipped.
- ``final without JSON-LD`` and ``final without JSON-LD and meta``: the same pages with those
  signals removed, for publishers that do not print structured data.
- with ``--stress``: the dev pages' own correct JSON-LD persons re-expressed in the other
  conventions schema.org, meta tags and common markup allow (an ``@graph`` with ``@id``
  references, ``givenName``/``familyName``, one string "A, B and C", "By ...", capitals,
  HTML entities, an agency beside them, meta tags, one byline element or microdata span per
  author, "Updated" labels, the line after the headline, ...), each checked to give the same
  names.

Figures on the dev pages (fundus, 176 pages with author truth, 119 publishers), final authors
exact / without JSON-LD / without JSON-LD and meta / stress: 0.898 / 115 / 85 / 1743 of 2530
at cd67e04 (session start), 0.915 / 129 / 111 / 2495 of 2530 at a81d783 (this script's commit).

This is a measurement script, not a test: it never fails on a low figure.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
from collections import defaultdict
from collections.abc import Callable
from html import escape
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from lxml.html import HtmlElement  # noqa: E402
from realdata import authors_match, publisher_of  # noqa: E402

from newscrawl.extract import generic as g  # noqa: E402
from newscrawl.extract.generic_meta import PageMeta  # noqa: E402

Credits = tuple[list[str], list[str]]


def _own(meta: PageMeta) -> list[str]:
    publisher = g._publisher(meta)
    return g._own_names(meta, [publisher] if publisher else [])


def _jsonld(meta: PageMeta, tree: HtmlElement) -> Credits:
    value = meta.ld("author")
    if not value:
        return [], []
    return g._from_ld_author(value, _own(meta), g._named_nodes(meta.ld_objects))


def _headline(meta: PageMeta, tree: HtmlElement) -> Credits:
    for el, text in g._headline_lines(tree):
        found = g._line_names(el, text, _own(meta))
        if found[0] or found[1]:
            return found
    return [], []


SOURCES: dict[str, Callable[[PageMeta, HtmlElement], Credits]] = {
    "JSON-LD": _jsonld,
    "meta tags": lambda meta, tree: g._meta_credits(meta, _own(meta)),
    "printed bylines": lambda meta, tree: g._printed_names(g._byline_elements(tree), _own(meta)),
    "headline line": _headline,
    "final": lambda meta, tree: g.find_authors(meta, tree, _own(meta))[1:],
}


def _strip(tree: HtmlElement, meta_tags: bool) -> None:
    for script in list(tree.iter("script")):
        if (script.get("type") or "").strip().casefold() == "application/ld+json":
            script.getparent().remove(script)
    if meta_tags:
        for tag in list(tree.iter("meta")):
            key = (tag.get("name") or tag.get("property") or tag.get("itemprop") or "").casefold()
            if "author" in key or "creator" in key or key == "byl":
                tag.getparent().remove(tag)


def _page(head: str, body: str) -> str:
    para = "<p>" + "The river rose by two metres overnight and the town shut its bridges. " * 3
    return (
        f"<html><head>{head}</head><body><article><h1>Rain over the town</h1>"
        f"<p>A short standfirst.</p>{body}{para}</p>{para}</p></article></body></html>"
    )


def _ld(author: Any, extra: str = "") -> str:
    data = json.dumps({"@type": "NewsArticle", "headline": "Rain", "author": author})
    return f"<script type='application/ld+json'>{data}</script>{extra}"


def _listed(names: list[str], conj: str = "and") -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + f" {conj} " + names[-1]


def _given_family(name: str) -> dict[str, str]:
    first, _, rest = name.partition(" ")
    if not rest:
        return {"@type": "Person", "name": name}
    return {"@type": "Person", "givenName": first, "familyName": rest}


def _persons(names: list[str], **more: str) -> list[dict[str, str]]:
    return [{"@type": "Person", "name": n, **more} for n in names]


#: name -> (page builder, extra credits expected beside the persons)
STRESS: dict[str, tuple[Callable[[list[str]], str], list[str]]] = {
    "ld persons": (lambda p: _page(_ld(_persons(p)), ""), []),
    "ld strings": (lambda p: _page(_ld(p), ""), []),
    "ld 'A, B and C'": (lambda p: _page(_ld(_listed(p)), ""), []),
    "ld 'By A and B'": (lambda p: _page(_ld("By " + " and ".join(p)), ""), []),
    "ld capitals": (lambda p: _page(_ld(_persons([n.upper() for n in p])), ""), []),
    "ld given/family": (
        lambda p: _page(
            _ld([_given_family(n) for n in p]),
            "",
        ),
        [],
    ),  # fmt: skip
    "ld @graph @id refs": (
        lambda p: _page(
            "<script type='application/ld+json'>"
            + json.dumps(
                {
                    "@graph": [
                        *({"@type": "Person", "@id": f"#p{i}", "name": n} for i, n in enumerate(p)),
                        {
                            "@type": "NewsArticle",
                            "headline": "Rain",
                            "author": [{"@id": f"#p{i}"} for i in range(len(p))],
                        },
                        {"@type": "WebPage", "creator": [{"@id": f"#p{i}"} for i in range(len(p))]},
                    ]
                },
                ensure_ascii=False,
            )
            + "</script>",
            "",
        ),
        [],
    ),  # fmt: skip
    "ld + agency": (
        lambda p: _page(_ld([*_persons(p), {"@type": "Organization", "name": "AFP"}]), ""),
        ["AFP"],
    ),
    "ld entities": (lambda p: _page(_ld(_persons([escape(n) for n in p])), ""), []),
    "ld 'A - Reporter'": (lambda p: _page(_ld(_persons([n + " - Reporter" for n in p])), ""), []),
    "ld site + meta": (
        lambda p: _page(
            _ld({"@type": "Organization", "name": "Daily Rain"})
            + "<meta property='og:site_name' content='Daily Rain'>"
            + f"<meta name='author' content='{escape(', '.join(p))}'>",
            "<div class='byline'>By Someone Else</div>",
        ),
        [],
    ),
    "meta 'A, B'": (
        lambda p: _page(f"<meta name='author' content='{escape(', '.join(p))}'>", ""),
        [],
    ),
    "meta per author": (
        lambda p: _page("".join(f"<meta name='author' content='{escape(n)}'>" for n in p), ""),
        [],
    ),
    "byline 'By A and B'": (lambda p: _page("", f"<div class='byline'>By {_listed(p)}</div>"), []),
    "byline links": (
        lambda p: _page(
            "",
            "<div class='author'>"
            + ", ".join(f"<a rel='author' href='/a/{i}'>{n}</a>" for i, n in enumerate(p))
            + "</div>",
        ),
        [],
    ),
    "byline 'Von A und B, Berlin'": (
        lambda p: _page("", f"<p class='byline'>Von {_listed(p, 'und')}, Berlin</p>"),
        [],
    ),
    "byline 'A | Reuters'": (
        lambda p: _page("", f"<div class='byline'>{_listed(p)} | Reuters</div>"),
        ["Reuters"],
    ),
    "byline + 'Updated' date": (
        lambda p: _page(
            "", f"<div class='byline'>By {_listed(p)} <span>Updated 5 May 2024, 14:00</span></div>"
        ),
        [],
    ),
    "microdata per author": (
        lambda p: _page(
            "",
            "".join(
                "<span itemprop='author' itemscope itemtype='https://schema.org/Person'>"
                f"<span itemprop='name'>{n}</span></span> "
                for n in p
            ),
        ),
        [],
    ),
    "author cards": (
        lambda p: _page(
            "",
            "".join(
                f"<div class='article-author'><span class='author-name'>{n}</span> "
                "<span class='author-role'>Reporter</span></div>"
                for n in p
            ),
        ),
        [],
    ),
    "<address>": (
        lambda p: _page(
            "",
            "<address>By "
            + " and ".join(f"<a href='/a/{i}'>{n}</a>" for i, n in enumerate(p))
            + "</address>",
        ),
        [],
    ),
    "line after the headline": (lambda p: _page("", f"<p>By {_listed(p)} · 5 May 2024</p>"), []),
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("root", type=Path, help="the realdata directory (truth.jsonl, pages/)")
    parser.add_argument("--stress", action="store_true", help="also run the convention variants")
    parser.add_argument("--misses", action="store_true", help="list the final misses")
    parser.add_argument(
        "--misses-all", action="store_true", help="with --misses, list those of every world"
    )
    args = parser.parse_args(argv)
    rows = [json.loads(line) for line in (args.root / "truth.jsonl").open(encoding="utf-8")]
    rows = [r for r in rows if r["set"] == "fundus" and r.get("authors")]
    pages = {r["id"]: gzip.decompress((args.root / r["html"]).read_bytes()) for r in rows}
    publishers = {publisher_of(r["url"]) for r in rows}
    print(f"{len(rows)} fundus pages with author truth, {len(publishers)} publishers")
    print(f"{'source':40} names  right  precision  publishers wrong")
    worlds = [("", None), (" without JSON-LD", False), (" without JSON-LD and meta", True)]
    stress_names: list[list[str]] = []
    for suffix, meta_tags in worlds:
        for name, source in SOURCES.items():
            if suffix and name != "final":
                continue
            named = right = 0
            wrong: set[str] = set()
            for row in rows:
                tree = g.parse_html(pages[row["id"]])
                if meta_tags is not None:
                    _strip(tree, meta_tags)
                persons, orgs = source(PageMeta(tree), tree)
                ok = authors_match(row["authors"], persons + orgs)
                if persons or orgs or name == "final":
                    named += 1
                    right += ok
                    if not ok:
                        wrong.add(publisher_of(row["url"]))
                        if args.misses and name == "final" and (not suffix or args.misses_all):
                            print(f"  miss {row['id']}: {persons + orgs} truth {row['authors']}")
                if (
                    name == "JSON-LD"
                    and not suffix
                    and ok
                    and persons
                    and persons not in stress_names
                ):
                    stress_names.append(persons)
            share = right / max(named, 1)
            print(f"{name + suffix:40} {named:5}  {right:5}  {share:9.3f}  {len(wrong):5}")
    if args.stress:
        print(f"\nstress: {len(stress_names)} sets of persons from the dev pages' JSON-LD")
        misses: dict[str, list[tuple[list[str], list[str]]]] = defaultdict(list)
        for shape, (build, extra) in STRESS.items():
            ok = 0
            for persons in stress_names:
                record = g.extract_generic(build(persons), "https://example.org/a")
                got = record["authors"] + record["agencies"]
                if authors_match(persons + extra, got):
                    ok += 1
                else:
                    misses[shape].append((persons, got))
            print(f"  {shape:30} {ok}/{len(stress_names)}")
        for shape, items in misses.items():
            for persons, got in items[:3]:
                print(f"  miss {shape}: {persons} -> {got}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
