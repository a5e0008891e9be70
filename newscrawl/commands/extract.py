"""``scrapy extract PAGES.jsonl -O ARTICLES.jsonl``: re-extract stored pages into Articles.

Each input line is ``{"id": ..., "url": ..., "html": PATH}``; PATH is an ``.html`` or
``.html.gz`` file, absolute or relative to the input file's folder. Each output line is an
Article record with the same ``id``. Pages of a known aggregator (its base URL or a mirror
given with ``--mirror KEY=URL``) use that site's extraction; all others the generic
extractor (``site: "generic"``). A page that cannot be read or parsed gives one line with its
``id`` and an ``error``; only an unusable input (missing, unreadable, not JSON lines with
``id``/``url``/``html``) or output makes the exit code non-zero (2), with one line on stderr.
"""

from __future__ import annotations

import argparse
import gzip
import json
import logging
import multiprocessing
import os
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any, cast

from itemadapter import ItemAdapter
from scrapy.commands import ScrapyCommand
from scrapy.exporters import BaseItemExporter, JsonItemExporter, JsonLinesItemExporter
from scrapy.utils.log import configure_logging

from newscrawl.exporters import ArticleCsvItemExporter
from newscrawl.extract.generic import extract_generic
from newscrawl.items import ARTICLE_FIELDS

logger = logging.getLogger(__name__)

#: Output columns: the Article's fields, then the input line's id and the error, if any.
OUTPUT_FIELDS: tuple[str, ...] = (*ARTICLE_FIELDS, "id", "error")
#: Inputs shorter than this are extracted in this process (workers cost a start-up).
POOL_MIN_PAGES = 16


class UnusableInput(Exception):
    """The input file cannot be used at all (exit code 2)."""


@dataclass(frozen=True)
class PageJob:
    """One input line, resolved."""

    line: int
    id: Any
    url: str
    path: Path


def read_jobs(input_path: Path) -> list[PageJob]:
    """Parse the input JSON lines; raise :class:`UnusableInput` with a one-line reason."""
    try:
        text = input_path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise UnusableInput(f"input file not found: {input_path}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise UnusableInput(f"cannot read input file {input_path}: {exc}") from None
    jobs: list[PageJob] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip():
            continue
        try:
            data = json.loads(raw)
        except ValueError:
            raise UnusableInput(f"{input_path}:{number}: not a JSON object") from None
        missing = [k for k in ("id", "url", "html") if not isinstance(data, dict) or k not in data]
        if missing:
            raise UnusableInput(f"{input_path}:{number}: missing {', '.join(missing)}")
        if not isinstance(data["html"], str) or not isinstance(data["url"], str):
            raise UnusableInput(f"{input_path}:{number}: 'url' and 'html' must be strings")
        path = Path(data["html"])
        if not path.is_absolute():
            path = input_path.parent / path
        jobs.append(PageJob(number, data["id"], data["url"], path))
    if not jobs:
        raise UnusableInput(f"no pages in {input_path}")
    return jobs


def read_page(path: Path) -> bytes:
    """The page's bytes; ``.gz`` files are decompressed."""
    data = path.read_bytes()
    if path.suffix == ".gz" or data[:2] == b"\x1f\x8b":
        data = gzip.decompress(data)
    return data


def _site_extractor(url: str, mirrors: dict[str, str]) -> Any:
    """The known site hosting ``url``, or None (the generic path)."""
    try:
        from newscrawl.sites import site_for_url
    except ImportError:  # the site registry is optional for the generic path
        return None
    return site_for_url(url, mirrors)


def extract_page(job: PageJob, mirrors: dict[str, str], scraped_at: str) -> dict[str, Any]:
    """One output record for ``job``: an Article dict with ``id``, or ``id`` and ``error``."""
    try:
        html = read_page(job.path)
    except (OSError, EOFError, gzip.BadGzipFile) as exc:
        return {"id": job.id, "url": job.url, "error": f"cannot read {job.path}: {exc}"}
    try:
        site = _site_extractor(job.url, mirrors)
        if site is not None:
            from newscrawl.extract.aggregator import extract_article

            article, _ = extract_article(html, job.url, site)
            record = dict(ItemAdapter(article).items())
        else:
            record = extract_generic(html, job.url)
    except Exception as exc:  # one bad page must not stop the run
        return {"id": job.id, "url": job.url, "error": f"cannot parse: {type(exc).__name__}: {exc}"}
    record = {field: record.get(field) for field in ARTICLE_FIELDS}
    for field in ("authors", "agencies", "tags", "categories", "media"):
        record[field] = record[field] or []
    record["scraped_at"] = record["scraped_at"] or scraped_at
    record["id"] = job.id
    return record


def _extract_star(args: tuple[PageJob, dict[str, str], str]) -> dict[str, Any]:
    return extract_page(*args)


def iter_records(
    jobs: list[PageJob], mirrors: dict[str, str], workers: int, scraped_at: str
) -> Iterator[dict[str, Any]]:
    """Records in input order, from a pool of ``workers`` processes on long inputs."""
    tasks = ((job, mirrors, scraped_at) for job in jobs)
    if workers <= 1 or len(jobs) < POOL_MIN_PAGES:
        yield from map(_extract_star, tasks)
        return
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        yield from pool.map(_extract_star, tasks, chunksize=4)


def open_exporter(target: str, append: bool) -> tuple[BaseItemExporter, IO[bytes]]:
    """A feed exporter for ``target`` (``.csv``, ``.json`` or JSON lines; ``-`` is stdout)."""
    path, _, fmt = (
        target.partition(":") if ":" in target and not os.path.exists(target) else (target, "", "")
    )
    fmt = fmt or {".csv": "csv", ".json": "json"}.get(Path(path).suffix.casefold(), "jsonlines")
    if path == "-":
        stream: IO[bytes] = sys.stdout.buffer
    else:
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        stream = open(path, "ab" if append else "wb")  # noqa: SIM115 - closed by the caller
    fields = list(OUTPUT_FIELDS)
    if fmt == "csv":
        exporter: BaseItemExporter = ArticleCsvItemExporter(
            stream, fields_to_export=fields, include_headers_line=not (append and stream.tell() > 0)
        )
    elif fmt == "json":
        exporter = JsonItemExporter(cast(Any, stream), encoding="utf-8", ensure_ascii=False)
    else:
        exporter = JsonLinesItemExporter(cast(Any, stream), encoding="utf-8", ensure_ascii=False)
    return exporter, stream


def parse_mirrors(values: list[str]) -> dict[str, str]:
    """``["limitedtimes=http://127.0.0.1:8000"]`` -> ``{"limitedtimes": "http://127.0.0.1:8000"}``.

    >>> parse_mirrors(["limitedtimes=http://127.0.0.1:8000"])
    {'limitedtimes': 'http://127.0.0.1:8000'}
    """
    mirrors = {}
    for value in values:
        key, sep, url = value.partition("=")
        if not sep or not key.strip() or not url.strip():
            raise ValueError(f"--mirror expects SITE=URL, got {value!r}")
        mirrors[key.strip()] = url.strip()
    return mirrors


class Command(ScrapyCommand):
    """Re-extract stored pages (JSON lines of id, url, html path) into Article records."""

    requires_project = True
    requires_crawler_process = False
    default_settings = {"LOG_LEVEL": "INFO"}

    def syntax(self) -> str:
        return "PAGES.jsonl [-o|-O ARTICLES.jsonl|.csv]"

    def short_desc(self) -> str:
        return "Extract Article records from stored pages (known sites and generic pages)"

    def long_desc(self) -> str:
        return (__doc__ or "").strip()

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        super().add_options(parser)
        parser.add_argument(
            "-o",
            "--output",
            metavar="FILE",
            action="append",
            default=[],
            help="append records to FILE (.jsonl, .csv, .json; - for stdout)",
        )
        parser.add_argument(
            "-O",
            "--overwrite-output",
            metavar="FILE",
            action="append",
            default=[],
            help="write records to FILE, replacing it",
        )
        parser.add_argument(
            "--mirror",
            metavar="SITE=URL",
            action="append",
            default=[],
            help="a mirror base URL of a known site, e.g. limitedtimes=http://127.0.0.1:8000",
        )
        parser.add_argument(
            "--workers",
            type=int,
            default=None,
            help="extraction processes (default: the number of CPUs)",
        )
        parser.add_argument(
            "--progress-every",
            type=int,
            default=100,
            metavar="N",
            help="log progress every N pages (default 100)",
        )

    def _fail(self, message: str) -> None:
        print(f"scrapy extract: error: {message}", file=sys.stderr)
        self.exitcode = 2

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        assert self.settings is not None
        configure_logging(self.settings)
        if len(args) != 1:
            self._fail("expected one input file (PAGES.jsonl)")
            return
        try:
            mirrors = {
                **dict(self.settings.getdict("NEWSCRAWL_EXTRACT_MIRRORS")),
                **parse_mirrors(opts.mirror),
            }
            jobs = read_jobs(Path(args[0]))
        except (UnusableInput, ValueError) as exc:
            self._fail(str(exc))
            return
        targets = [(t, True) for t in opts.output] + [(t, False) for t in opts.overwrite_output]
        if not targets:
            targets = [("-", True)]
        try:
            outputs = [open_exporter(t, append) for t, append in targets]
        except OSError as exc:
            self._fail(f"cannot open output: {exc}")
            return
        workers = opts.workers or os.cpu_count() or 1
        scraped_at = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        started = time.perf_counter()
        done = errors = 0
        for exporter, _ in outputs:
            exporter.start_exporting()
        try:
            for record in iter_records(jobs, mirrors, workers, scraped_at):
                done += 1
                if "error" in record:
                    errors += 1
                    logger.warning("Page %s: %s", record["id"], record["error"])
                for exporter, _ in outputs:
                    exporter.export_item(record)
                if opts.progress_every and done % opts.progress_every == 0:
                    rate = done / max(time.perf_counter() - started, 1e-9)
                    logger.info("Extracted %d/%d pages (%.1f pages/s)", done, len(jobs), rate)
        finally:
            for exporter, stream in outputs:
                exporter.finish_exporting()
                if stream is not sys.stdout.buffer:
                    stream.close()
        elapsed = time.perf_counter() - started
        logger.info(
            "Extracted %d pages, %d errors, in %.1f s (%.1f pages/s)",
            done,
            errors,
            elapsed,
            done / max(elapsed, 1e-9),
        )
