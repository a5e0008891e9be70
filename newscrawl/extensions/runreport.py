"""Run report: a one-screen summary in the log and ``<feed>.report.json`` beside each local feed.

Counts (listing pages; articles new, known, duplicate, failed) and field coverage per source
(the share of records with a byline, ``published_at``, media credits...). Coverage is compared
with the previous report of the same spider in the same folder: a sharp drop is the sign that a
source changed its layout, and is logged as a warning. ``NEWSCRAWL_COVERAGE_MIN`` turns low
coverage into a failed run (``scrapy crawl`` exits with code 3).
"""

from __future__ import annotations

import json
import logging
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from itemadapter import ItemAdapter
from scrapy import Spider, signals
from scrapy.crawler import Crawler

from newscrawl.exitcodes import COVERAGE, COVERAGE_FAILED
from newscrawl.extensions.statecommit import RELEASED, StateCommit, exports_settled, feed_paths
from newscrawl.logs import switched_off

logger = logging.getLogger(__name__)

#: Exit code of a run whose coverage fell below NEWSCRAWL_COVERAGE_MIN (COVERAGE_FAILED set).
COVERAGE_EXIT_CODE = COVERAGE
#: Fields whose coverage is checked (drops, minimum). ``modified_at`` and ``media`` are shown
#: only: many articles are never updated or have no figure.
CHECKED = ("byline", "published_at", "media_credit", "body")
SUFFIX = ".report.json"
OVERALL = "(all)"
UNKNOWN = "(none)"  # pages without a source link


@dataclass
class Coverage:
    """Per source: how many records, and how many have each field."""

    records: int = 0
    hits: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    media_items: int = 0
    media_credited: int = 0

    def add(self, item: ItemAdapter) -> None:
        self.records += 1
        media = item.get("media") or []
        for name, present in (
            ("byline", bool(item.get("authors") or item.get("agencies"))),
            ("published_at", bool(item.get("published_at"))),
            ("modified_at", bool(item.get("modified_at"))),
            ("media", bool(media)),
            ("body", bool(item.get("body"))),
        ):
            self.hits[name] += present
        self.media_items += len(media)
        self.media_credited += sum(1 for m in media if isinstance(m, dict) and m.get("credit"))

    def shares(self) -> dict[str, float | None]:
        """Share of records with each field; ``media_credit`` is per figure (None: no figure)."""
        shares: dict[str, float | None] = {
            name: round(self.hits[name] / self.records, 3) if self.records else None
            for name in ("byline", "published_at", "modified_at", "media", "body")
        }
        shares["media_credit"] = (
            round(self.media_credited / self.media_items, 3) if self.media_items else None
        )
        return shares


def coverage_drops(
    now: dict[str, Any], before: dict[str, Any], threshold: float, min_records: int
) -> list[str]:
    """Lines naming each source and checked field whose share fell by more than ``threshold``.

    >>> now = {"walla": {"records": 9, "byline": 0.1, "body": 1.0}}
    >>> before = {"walla": {"records": 8, "byline": 0.9, "body": 1.0}}
    >>> coverage_drops(now, before, 0.3, 3)
    ['walla: byline 90% -> 10%']
    >>> coverage_drops(now, before, 0.3, 10)
    []
    """
    lines = []
    for source, cov in now.items():
        old = before.get(source)
        if not old or min(cov.get("records", 0), old.get("records", 0)) < min_records:
            continue
        for name in CHECKED:
            was, new = old.get(name), cov.get(name)
            if was is not None and new is not None and was - new > threshold:
                lines.append(f"{source}: {name} {was:.0%} -> {new:.0%}")
    return lines


def below_minimum(coverage: dict[str, Any], minimum: float, min_records: int) -> list[str]:
    """Lines naming each source (and the overall figure) with a checked field under ``minimum``.

    >>> below_minimum({"ltn": {"records": 5, "byline": 0.5, "body": 1.0}}, 0.8, 3)
    ['ltn: byline 50% < 80%']
    """
    lines = []
    for source, cov in coverage.items():
        if cov.get("records", 0) < min_records and source != OVERALL:
            continue
        for name in CHECKED:
            share = cov.get(name)
            if share is not None and share < minimum:
                lines.append(f"{source}: {name} {share:.0%} < {minimum:.0%}")
    return lines


def previous_report(folder: Path, spider: str, exclude: set[Path]) -> dict[str, Any] | None:
    """The newest earlier report of ``spider`` in ``folder`` (by ``finished_at``), if any."""
    best: dict[str, Any] | None = None
    for path in folder.glob(f"*{SUFFIX}"):
        if path.resolve() in exclude:
            continue
        try:
            report = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if not isinstance(report, dict) or report.get("spider") != spider:
            continue
        if best is None or str(report.get("finished_at")) > str(best.get("finished_at")):
            best = report
    return best


def summary_lines(report: dict[str, Any]) -> list[str]:
    """The one-screen summary of a report."""
    c = report["counts"]
    lines = [
        f"Run report {report['spider']} ({report['finish_reason']}): listing pages "
        f"{c['listing_pages']}, articles new {c['new']}, known {c['known']}, "
        f"duplicate {c['duplicate']}, failed {c['failed']}, dead links {c['dead_links']}",
        f"  {'source':<10} {'records':>7} {'byline':>7} {'published':>9} {'modified':>8} "
        f"{'media':>6} {'credit':>6} {'body':>6}",
    ]

    def pct(value: float | None) -> str:
        return "-" if value is None else f"{value:.0%}"

    for source, cov in report["coverage"].items():
        lines.append(
            f"  {source:<10} {cov['records']:>7} {pct(cov['byline']):>7} "
            f"{pct(cov['published_at']):>9} {pct(cov['modified_at']):>8} {pct(cov['media']):>6} "
            f"{pct(cov['media_credit']):>6} {pct(cov['body']):>6}"
        )
    lines += [f"  WARNING coverage drop since the previous run: {w}" for w in report["drops"]]
    lines += [f"  FAILED coverage minimum: {w}" for w in report["below_minimum"]]
    return lines


def _iso(value: Any) -> str:
    """A stats time (a datetime) as ISO 8601, the format of ``finished_at``.

    >>> _iso(datetime(2022, 1, 10, 7, 5, tzinfo=UTC)), _iso(None)
    ('2022-01-10T07:05:00+00:00', '')
    """
    return value.isoformat() if isinstance(value, datetime) else str(value or "")


class RunReport:
    """Collect coverage from scraped items; at close, log the summary and write the reports."""

    def __init__(self, crawler: Crawler) -> None:
        settings = crawler.settings
        self.crawler = crawler
        self.drop_warn = settings.getfloat("NEWSCRAWL_REPORT_DROP_WARN")
        self.min_records = settings.getint("NEWSCRAWL_REPORT_MIN_RECORDS")
        self.coverage_min = settings.getfloat("NEWSCRAWL_COVERAGE_MIN")
        self.sources: dict[str, Coverage] = defaultdict(Coverage)
        self.overall = Coverage()
        # The summary, logged when the engine stopped: after Scrapy's own closing lines
        # (feeds stored, "Spider closed"), so the report is the last block of the log.
        self._summary: list[tuple[int, str]] = []
        # The report is built once the spider closed (its reason) and the state commit has
        # settled the run's exports (what was exported), in whichever order they come.
        self._closed: tuple[Spider, str] | None = None
        self._settled = self._reported = False

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RunReport:
        if not crawler.settings.getbool("NEWSCRAWL_REPORT_ENABLED"):
            raise switched_off(__name__, "NEWSCRAWL_REPORT_ENABLED is off")
        ext = cls(crawler)
        crawler.signals.connect(ext.item_scraped, signal=signals.item_scraped)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        crawler.signals.connect(ext.exports_settled, signal=exports_settled)
        crawler.signals.connect(ext.engine_stopped, signal=signals.engine_stopped)
        return ext

    def item_scraped(self, item: Any, spider: Spider) -> None:
        adapter = ItemAdapter(item)
        self.sources[str(adapter.get("source_key") or UNKNOWN)].add(adapter)
        self.overall.add(adapter)

    def _feed_paths(self) -> list[Path]:
        return feed_paths(self.crawler)

    def build(self, spider: Spider, reason: str) -> dict[str, Any]:
        """The report of this run (without comparison with an earlier one)."""
        assert self.crawler.stats is not None
        stats = self.crawler.stats.get_stats()

        def count(*keys: str) -> int:
            return sum(int(stats.get(k, 0) or 0) for k in keys)

        coverage = {
            key: {"records": cov.records, **cov.shares()}
            for key, cov in sorted(self.sources.items())
        }
        coverage[OVERALL] = {"records": self.overall.records, **self.overall.shares()}
        return {
            "spider": spider.name,
            "finish_reason": reason,
            "started_at": _iso(stats.get("start_time")),
            "finished_at": datetime.now(UTC).isoformat(),
            "counts": {
                "listing_pages": count("newscrawl/listings/pages"),
                "listing_failed": count("newscrawl/listings/failed"),
                # Handed to the feeds, less those a failed feed lost (released for the next
                # run): what this run exported.
                "new": max(0, count("item_scraped_count") - count(RELEASED)),
                "known": count("newscrawl/state/known_dropped", "newscrawl/state/pages_skipped"),
                "duplicate": count("newscrawl/dedup/dropped"),
                "failed": count("newscrawl/pages/failed"),
                "dead_links": count("newscrawl/articles/dead_links"),
            },
            "failed_by_reason": {
                k.removeprefix("newscrawl/pages/failed/"): v
                for k, v in sorted(stats.items())
                if k.startswith("newscrawl/pages/failed/")
            },
            "coverage": coverage,
            "drops": [],
            "below_minimum": [],
        }

    def spider_closed(self, spider: Spider, reason: str) -> None:
        self._closed = (spider, reason)
        if self._settled or self.crawler.get_extension(StateCommit) is None:
            self._report(spider, reason)

    def exports_settled(self) -> None:
        self._settled = True
        if self._closed is not None:
            self._report(*self._closed)

    def _report(self, spider: Spider, reason: str) -> None:
        """Build, log and write the report (once)."""
        if self._reported:
            return
        self._reported = True
        report = self.build(spider, reason)
        feeds = self._feed_paths()
        targets = [feed.with_name(feed.name + SUFFIX) for feed in feeds]
        if targets:
            before = previous_report(targets[0].parent, spider.name, {t.resolve() for t in targets})
            if before is not None:
                report["previous"] = before.get("finished_at")
                report["drops"] = coverage_drops(
                    report["coverage"], before.get("coverage", {}), self.drop_warn, self.min_records
                )
        if self.coverage_min > 0 and self.overall.records:
            report["below_minimum"] = below_minimum(
                report["coverage"], self.coverage_min, self.min_records
            )
        summary = [(logging.INFO, line) for line in summary_lines(report)]
        summary += [
            (logging.WARNING, f"Coverage dropped since the previous run (layout change?): {line}")
            for line in report["drops"]
        ]
        if report["below_minimum"]:
            assert self.crawler.stats is not None
            self.crawler.stats.set_value(COVERAGE_FAILED, 1)
            summary.append(
                (
                    logging.ERROR,
                    f"Coverage below NEWSCRAWL_COVERAGE_MIN={self.coverage_min}: "
                    + "; ".join(report["below_minimum"]),
                )
            )
        text = json.dumps(report, indent=1, ensure_ascii=False, default=str)
        summary += [(logging.INFO, f"Feed: {feed}") for feed in feeds]
        for target in targets:
            try:
                target.parent.mkdir(parents=True, exist_ok=True)
                tmp = target.with_name(target.name + ".tmp")
                tmp.write_text(text, encoding="utf-8")
                tmp.replace(target)
            except OSError as exc:
                logger.error("Could not write the run report %s: %s", target, exc)
            else:
                summary.append((logging.INFO, f"Run report: {target}"))
        self._summary = summary

    def engine_stopped(self) -> None:
        for level, line in self._summary:
            logger.log(level, line)
        self._summary = []
