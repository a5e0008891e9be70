"""Compare a crawl's feed with a replica's ``truth.jsonl``, field by field.

Implements the replica README's rules: text after whitespace normalisation and case folding,
names also ignoring accents and dots, timestamps as instants (``aggregated_at`` to the
second), ``agencies`` as a set, other lists in order, the body by word overlap with the truth
paragraphs, and no planted ``boilerplate`` string in any body.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

FIELDS = (
    "title",
    "category",
    "categories",
    "tags",
    "aggregated_at",
    "source_name",
    "source_url",
    "authors",
    "agencies",
    "published_at",
    "modified_at",
    "media",
    "body",
)
#: Body word-overlap (F1 of word multisets) needed for the body to count as equal.
BODY_MIN_F1 = 0.98


def norm_text(value: Any) -> str:
    """Whitespace-normalised, case-folded text.

    >>> norm_text("  Hello\\u00a0 World ")
    'hello world'
    """
    return " ".join(str(value or "").split()).casefold()


def norm_name(value: str) -> str:
    """A name without accents and dots, case-folded.

    >>> norm_name("Aurélie J. Gauthier")
    'aurelie j gauthier'
    """
    decomposed = unicodedata.normalize("NFKD", value)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).replace(".", "")
    return norm_text(plain)


def _instant(value: Any, seconds: bool) -> datetime | None:
    if not value:
        return None
    moment = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    return moment.replace(microsecond=0) if seconds else moment


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.casefold())


def body_f1(got: str, want: list[str]) -> float:
    """Word-multiset F1 of a body against the truth paragraphs.

    >>> body_f1("a b c", ["a b", "c"])
    1.0
    """
    from collections import Counter

    g, w = Counter(_words(got)), Counter(_words(" ".join(want)))
    if not g and not w:
        return 1.0
    overlap = sum((g & w).values())
    if not overlap:
        return 0.0
    p, r = overlap / sum(g.values()), overlap / sum(w.values())
    return 2 * p * r / (p + r)


def field_equal(name: str, got: Any, want: Any) -> bool:
    """Whether one field of a record equals the truth under the README's rules."""
    if name in ("aggregated_at", "published_at", "modified_at"):
        return _instant(got, True) == _instant(want, True)
    if name == "agencies":
        return {norm_name(a) for a in got or []} == {norm_name(a) for a in want or []}
    if name == "authors":
        return [norm_name(a) for a in got or []] == [norm_name(a) for a in want or []]
    if name == "media":

        def key(m: dict[str, Any]) -> tuple[str, str, str]:
            return (m.get("kind") or "", norm_text(m.get("caption")), norm_text(m.get("credit")))

        return [key(m) for m in got or []] == [key(m) for m in want or []]
    if name == "body":
        return body_f1(got or "", want or []) >= BODY_MIN_F1
    if isinstance(want, list):
        return [norm_text(v) for v in got or []] == [norm_text(v) for v in want]
    return norm_text(got) == norm_text(want)


@dataclass
class Comparison:
    """The outcome of comparing a feed with the truth."""

    matched: int = 0
    missing: list[str] = field(default_factory=list)
    spurious: list[str] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)
    field_hits: dict[str, int] = field(default_factory=dict)
    mismatches: list[str] = field(default_factory=list)
    boilerplate_leaks: list[str] = field(default_factory=list)

    def accuracy(self) -> dict[str, float]:
        """Share of matched records with each field equal to the truth."""
        return {
            f: (self.field_hits.get(f, 0) / self.matched if self.matched else 0.0) for f in FIELDS
        }

    def perfect(self) -> bool:
        return (
            not self.missing
            and not self.spurious
            and not self.duplicates
            and not self.boilerplate_leaks
            and all(v == 1.0 for v in self.accuracy().values())
        )

    def report(self) -> str:
        lines = [
            f"matched {self.matched}, missing {len(self.missing)}, spurious {len(self.spurious)}, "
            f"duplicates {len(self.duplicates)}, boilerplate leaks {len(self.boilerplate_leaks)}"
        ]
        lines += [f"  {f:14} {v:7.1%}" for f, v in self.accuracy().items()]
        lines += [f"  missing: {m}" for m in self.missing[:10]]
        lines += [f"  spurious: {m}" for m in self.spurious[:10]]
        lines += [f"  duplicate: {m}" for m in self.duplicates[:10]]
        lines += [f"  leak: {m}" for m in self.boilerplate_leaks[:10]]
        lines += [f"  {m}" for m in self.mismatches[:40]]
        return "\n".join(lines)


def compare(records: list[dict[str, Any]], truth: list[dict[str, Any]]) -> Comparison:
    """Match records to truth by aggregator path (``truth.aggregator_url``) and compare."""
    by_path = {t["aggregator_url"]: t for t in truth}
    dup_paths = {p: t for t in truth for p in t.get("duplicate_urls", [])}
    result = Comparison()
    seen: set[str] = set()
    for rec in records:
        path = urlsplit(rec.get("url", "")).path
        want = by_path.get(path)
        if want is None:
            (result.duplicates if path in dup_paths else result.spurious).append(path)
            continue
        if path in seen:
            result.duplicates.append(path)
            continue
        seen.add(path)
        result.matched += 1
        for name in FIELDS:
            if field_equal(name, rec.get(name), want.get(name)):
                result.field_hits[name] = result.field_hits.get(name, 0) + 1
            else:
                shown = rec.get(name)
                result.mismatches.append(
                    f"{path} {name}: got {str(shown)[:160]!r} want {str(want.get(name))[:160]!r}"
                )
        body = norm_text(rec.get("body"))
        for planted in want.get("boilerplate", []):
            if norm_text(planted) and norm_text(planted) in body:
                result.boilerplate_leaks.append(f"{path}: {planted[:80]}")
    result.missing = [p for p in by_path if p not in seen]
    return result


def compare_by_publisher(
    records: list[dict[str, Any]], truth: list[dict[str, Any]], undeclared: set[str]
) -> tuple[Comparison, Comparison]:
    """:func:`compare` on the articles of declared publishers and, apart, on those of the
    publishers in ``undeclared`` (source keys no module declares). A record that no truth
    article names counts with the declared ones."""
    groups: tuple[list[dict[str, Any]], list[dict[str, Any]]] = ([], [])
    for article in truth:
        groups[article.get("source_key") in undeclared].append(article)
    paths = {
        path: article.get("source_key") in undeclared
        for article in truth
        for path in [article["aggregator_url"], *article.get("duplicate_urls", [])]
    }
    mine: tuple[list[dict[str, Any]], list[dict[str, Any]]] = ([], [])
    for record in records:
        mine[paths.get(urlsplit(record.get("url", "")).path, False)].append(record)
    return compare(mine[0], groups[0]), compare(mine[1], groups[1])
