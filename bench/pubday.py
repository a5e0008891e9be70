"""The publication day of generic pages: ours against htmldate's, page by page, and each miss's why.

Usage (from the project root)::

    .venv/bin/python bench/pubday.py /work/shared/realdata [--sets fundus,wcxb] [--keep FILE]

Issue 18 wants the publication day of generic pages "found at least as often as htmldate finds
it, and right more often". For every page of the sets with a day in its truth (wcxb's
``published_day``, the day of fundus' ``published_at`` as written) this prints:

- the confusion of ours (``find_published``, the day of ``published_at`` as written) with
  htmldate's ``find_date`` called as trafilatura calls it (``original_date=True``,
  ``extensive_search=True``, the page's URL), each right, wrong or none, per set and per half
  of the set's publishers (``realdata.half_of``), and htmldate's other modes' figures
  (``original_date=False``: the latest date; ``extensive_search=False``);
- which of our readers answered (:func:`traced`: the structured instant and its source, a
  labelled date printed in the header, the date line under the headline, htmldate);
- why each of our misses is one: ``update`` (the truth's day is one of the page's update
  timestamps, or is printed after an update label: WCXB's truth is the day the page shows,
  and ours is never the update), ``absent`` (the truth's day is not written in the page in any
  common form: ISO, slashed either way, dotted, month names in English), ``zone`` (ours is a
  day off: the same instant read in another zone), ``other``.

``--no-dates`` first removes every machine-readable date from each page, for both readers
(JSON scripts, JSON-LD included; meta tags, itemprop values and attributes named like a date;
``<time datetime>``; ``<abbr title>``): only the dates printed in the text and the URL are left,
as on a publisher that gives no structured data, so that the printed-date readers are measured
on every page.

It reads the development pages only (the folder given); it never fails on a low figure.
"""

from __future__ import annotations

import argparse
import gzip
import json
import logging
import re
import sys
from collections import Counter
from datetime import date, datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from realdata import _use_project, half_of  # noqa: E402

_use_project()

from htmldate import find_date  # noqa: E402
from lxml.html import HtmlElement  # noqa: E402

from newscrawl.extract import generic_meta as gm  # noqa: E402
from newscrawl.extract.generic import _publisher, find_title, parse_html  # noqa: E402

logging.getLogger("htmldate").setLevel(logging.ERROR)

#: htmldate's modes: trafilatura's call first.
MODES = {
    "trafilatura": {"original_date": True, "extensive_search": True},
    "latest": {"original_date": False, "extensive_search": True},
    "fast": {"original_date": True, "extensive_search": False},
}
_MONTHS = [
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
]  # fmt: skip
#: An update label shortly before a date written in the page's HTML.
_UPDATE_BEFORE = re.compile(
    r"(?:updat|modif|review|refresh|revis)[^<>]{0,40}(?:<[^>]*>\s*){0,6}[^<>]{0,10}$", re.I
)


def traced(meta: gm.PageMeta, headline: str | None, url: str) -> tuple[str | None, str]:
    """:func:`~newscrawl.extract.generic_meta.find_published` step by step: its value and the
    reader that gave it (``main`` checks that the two agree)."""
    instant = gm._first_day(meta, gm.find_instant(meta, "published", headline=headline))
    for moment, has_clock in gm._printed_dates(meta, headline, labelled=True, above=True):
        if instant and gm._same_local_day(instant, moment):
            break
        return gm._printed_value(meta, moment, has_clock), "labelled date"
    line = gm.header_date(meta, headline)
    if line is not None and gm._another_day(meta, line, instant):
        if instant is None:
            found = gm.published_fallback(meta, url)
            if found and gm._written_on(found, line):
                return found, "date line + htmldate's time"
        return gm._printed_value(meta, line.moment, line.has_clock), "date line"
    if instant:
        return instant, "instant: " + _instant_source(meta)
    found = gm.published_fallback(meta, url)
    return found, "htmldate" if found else "none"


def _instant_source(meta: gm.PageMeta) -> str:
    """The source of the first published candidate (see ``_read_time_candidates``)."""
    if meta.ld("datePublished"):
        return "JSON-LD"
    if meta.all(*gm.PUBLISHED_META):
        return "meta"
    if meta.itemprop("datePublished"):
        return "itemprop"
    if any(obj.get("datePublished") for obj in meta.ld_objects):
        return "JSON-LD (other object)"
    if gm._marked_times(meta.tree):
        return "<time>"
    return "printed clock"


def _written_forms(day: date) -> list[str]:
    """Patterns of ``day`` as pages write it."""
    d, m, y, name = day.day, day.month, day.year, _MONTHS[day.month - 1][:3]
    return [
        day.isoformat(),
        f"{y}/{m:02d}/{d:02d}",
        rf"\b0?{m}/0?{d}/{y}",
        rf"\b0?{d}/0?{m}/{y}",
        rf"\b0?{d}\.0?{m}\.{y}",
        rf"{name}\w*\.?\s+{d}(?:st|nd|rd|th)?,?\s+{y}",
        rf"\b{d}(?:st|nd|rd|th)?\.?\s+(?:of\s+)?{name}\w*,?\s+{y}",
    ]


def why(truth: str, ours: str, html: str, meta: gm.PageMeta) -> str:
    """The class of a miss (see the module's docstring)."""
    try:
        day = date.fromisoformat(truth)
    except ValueError:  # a month alone
        return "absent"
    found = [m for p in _written_forms(day) for m in re.finditer(p, html, re.I)]
    if not found:
        return "absent"
    if ours and abs((date.fromisoformat(ours) - day).days) == 1:
        return "zone"
    updates = {value[:10] for value in gm._time_candidates(meta, "modified")}
    if truth in updates or any(
        _UPDATE_BEFORE.search(html, max(0, m.start() - 200), m.start()) for m in found
    ):
        return "update"
    return "other"


#: A meta name, itemprop or attribute that names a date.
_DATE_NAME = re.compile(r"date|time|publish|modif|updat|created|issued", re.I)


def without_dates(tree: HtmlElement) -> HtmlElement:
    """``tree`` with its machine-readable dates removed (see ``--no-dates``)."""
    for el in list(tree.iter("script", "meta")):
        kind = el.get("type") or ""
        name = el.get("property") or el.get("name") or el.get("itemprop") or ""
        name = name or el.get("http-equiv") or ""
        if (el.tag == "script" and "json" in kind) or (
            el.tag == "meta" and _DATE_NAME.search(name)
        ):
            el.getparent().remove(el)
    for el in tree.iter():
        if not isinstance(el.tag, str):
            continue
        dated = el.tag == "time" or bool(_DATE_NAME.search(el.get("itemprop") or ""))
        for attribute in ("datetime", "content", "itemprop") if dated else ():
            el.attrib.pop(attribute, None)
        if el.tag == "abbr":
            el.attrib.pop("title", None)
    return tree


def outcome(value: str, truth: str) -> str:
    return "none" if not value else "right" if value[:10] == truth else "wrong"


def read_page(
    root: Path, row: dict[str, Any], truth: str, today: str, dates: bool = True
) -> dict[str, Any]:
    raw = gzip.decompress((root / row["html"]).read_bytes())

    def parsed() -> HtmlElement:
        return parse_html(raw) if dates else without_dates(parse_html(raw))

    tree = parsed()
    meta = gm.PageMeta(tree)
    title = find_title(meta, tree, _publisher(meta))
    value, reader = traced(meta, title, row["url"])
    if value != gm.find_published(meta, title, row["url"]):
        raise SystemExit(f"{row['id']}: traced() no longer follows find_published; update it")
    ours = (value or "")[:10]
    page: dict[str, Any] = {
        "id": row["id"], "set": row["set"], "half": half_of(row["url"]), "truth": truth,
        "ours": ours, "reader": reader, "ours_c": outcome(ours, truth),
    }  # fmt: skip
    for mode, options in MODES.items():
        try:
            found = find_date(parsed(), url=row["url"], max_date=today, **options) or ""
        except (ValueError, TypeError, OverflowError):
            found = ""
        page[mode] = found
        page[f"{mode}_c"] = outcome(found, truth)
    page["why"] = None
    if page["ours_c"] != "right":
        page["why"] = why(truth, ours, raw.decode("utf-8", "replace"), meta)
    return page


def report(pages: list[dict[str, Any]]) -> None:
    for name in sorted({p["set"] for p in pages}, reverse=True):
        rows = [p for p in pages if p["set"] == name]
        print(f"\n== {name}: {len(rows)} pages with a day in their truth")
        print("        pages  ours   htmldate  (latest)  (fast)   ours none  htmldate none")
        for half in ("", "A", "B"):
            part = [p for p in rows if not half or p["half"] == half]
            share = {
                k: sum(p[f"{k}_c"] == "right" for p in part) / len(part) for k in ("ours", *MODES)
            }
            nones = [sum(p[f"{k}_c"] == "none" for p in part) for k in ("ours", "trafilatura")]
            print(
                f"{name + (':' + half if half else ''):9} {len(part):4}  {share['ours']:.3f}  "
                f"{share['trafilatura']:.3f}     {share['latest']:.3f}     {share['fast']:.3f}"
                f"    {nones[0]:4}       {nones[1]:4}"
            )
        pairs = Counter((p["ours_c"], p["trafilatura_c"]) for p in rows)
        print("ours \\ htmldate   right  wrong  none")
        for o in ("right", "wrong", "none"):
            print(f"  {o:14} {pairs[o, 'right']:6} {pairs[o, 'wrong']:6} {pairs[o, 'none']:5}")
        print("reader that answered              right  wrong  none")
        readers = Counter((p["reader"], p["ours_c"]) for p in rows)
        for reader in sorted({p["reader"] for p in rows}):
            counts = [readers[reader, o] for o in ("right", "wrong", "none")]
            print(f"  {reader:32} {counts[0]:5} {counts[1]:6} {counts[2]:5}")
        misses = Counter((p["why"], p["half"]) for p in rows if p["why"])
        print("our misses, why   A    B")
        for kind in ("update", "absent", "zone", "other"):
            print(f"  {kind:12} {misses[kind, 'A']:4} {misses[kind, 'B']:4}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("root", type=Path, help="the realdata folder (truth.jsonl, pages/)")
    parser.add_argument("--sets", default="fundus,wcxb")
    parser.add_argument("--keep", type=Path, help="write one JSON line per page here")
    parser.add_argument("--no-dates", action="store_true", help="remove machine-readable dates")
    args = parser.parse_args(argv)
    wanted = set(args.sets.split(","))
    today = datetime.now().strftime("%Y-%m-%d")
    pages = []
    with (args.root / "truth.jsonl").open(encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            truth = row.get("published_day") or (row.get("published_at") or "")[:10]
            if row["set"] in wanted and truth:
                pages.append(read_page(args.root, row, truth, today, not args.no_dates))
    if args.keep:
        args.keep.write_text("".join(json.dumps(p) + "\n" for p in pages), encoding="utf-8")
    report(pages)


if __name__ == "__main__":
    main()
