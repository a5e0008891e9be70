"""One crawl run's use of the state store: skip known pages, claim articles, commit durably.

No data lost, none doubled
--------------------------
An article is recorded as exported only once its feed line is durably on disk:

1. The dedup pipeline *claims* the article's key (atomic in the store; the claim is
   *pending*). Losing the claim means an earlier run (or a peer) has it: the copy is dropped.
2. Scrapy's feed exporter writes the line (on ``item_scraped``).
3. Every ``NEWSCRAWL_STATE_COMMIT_ITEMS`` items (and at the end) the run flushes and fsyncs
   every local feed file, *then* commits the pending claims and marks their pages fetched.

A run killed between 1 and 3 leaves pending claims whose lines may or may not be complete in
its feed. So each run keeps a *journal* (a small JSON file: pid, feed paths) in
``NEWSCRAWL_STATE_JOURNAL_DIR`` and deletes it after its last commit. The next run first
*recovers* every journal whose process is gone: the keys of the complete JSON lines of that
run's feeds are committed (they were exported), and the remaining pending claims are released
(those articles were not exported, so this run exports them). Every article thus ends up in
exactly one run's feed.

A failing store never loses an item: a claim that raises counts as won (the item is exported,
``newscrawl/state/errors`` counted, the error logged); failed commits are retried at the next
commit.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from newscrawl.state import StateStore

logger = logging.getLogger(__name__)


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def feed_keys(path: Path) -> tuple[list[str], list[str]]:
    """Dedup keys and article URLs of the complete JSON lines of a feed file.

    A torn last line (a crash mid-write) is not complete and is ignored.
    """
    keys: list[str] = []
    urls: list[str] = []
    if not path.exists() or path.suffix not in (".jsonl", ".jl", ".json"):
        return keys, urls
    with path.open("rb") as fh:
        for raw in fh:
            if not raw.endswith(b"\n"):
                break
            try:
                record = json.loads(raw)
            except ValueError:
                continue
            if isinstance(record, dict):
                keys.append(
                    str(
                        record.get("source_url") or record.get("canonical_url") or record.get("url")
                    )
                )
                if record.get("url"):
                    urls.append(str(record["url"]))
    return keys, urls


class RunState:
    """The state store as one run uses it (see the module docstring for the design)."""

    def __init__(
        self, store: StateStore, site: str, journal_dir: Path, *, fresh: bool = False
    ) -> None:
        self.store = store
        self.site = site
        self.fresh = fresh
        self.journal_dir = journal_dir
        self.journal = journal_dir / f"{site}-{os.getpid()}-{int(time.time() * 1000)}.json"
        self._pending_keys: list[str] = []
        self._pending_pages: list[str] = []
        self.errors = 0

    # --- before fetching -------------------------------------------------------------------

    def known_pages(self, urls: list[str]) -> list[bool]:
        """Which article pages an earlier run already fetched (all False with ``fresh``)."""
        if self.fresh or not urls:
            return [False] * len(urls)
        try:
            return self.store.pages_fetched(self.site, urls)
        except Exception as exc:  # a failing store must not stop the crawl
            self._error("page lookup", exc)
            return [False] * len(urls)

    def has_history(self) -> bool:
        """True when earlier runs recorded anything for this site."""
        try:
            counts = self.store.counts(self.site)
        except Exception as exc:
            self._error("counts", exc)
            return False
        return bool(counts["pages"] or counts["exported"])

    # --- deciding --------------------------------------------------------------------------

    def claim(self, key: str, page_url: str) -> bool:
        """Claim ``key`` for this run's feed; False when it was exported before."""
        try:
            won = self.store.claim(self.site, key, page_url)
        except Exception as exc:
            self._error("claim", exc)
            won = True  # export it all the same: losing data is worse than a retry later
        if won or self.fresh:
            self._pending_keys.append(key)
            self._pending_pages.append(page_url)
            return True
        self._pending_pages.append(page_url)
        return False

    def page_done(self, page_url: str) -> None:
        """A page whose article was a duplicate: marked fetched with the next commit."""
        self._pending_pages.append(page_url)

    # --- committing ------------------------------------------------------------------------

    @property
    def uncommitted(self) -> int:
        return len(self._pending_keys)

    def commit(self) -> int:
        """Commit pending claims and page marks (call only after the feed is fsynced)."""
        keys, pages = self._pending_keys, self._pending_pages
        self._pending_keys, self._pending_pages = [], []
        try:
            self.store.commit_exports(self.site, keys)
            if self.fresh:  # claims lost to earlier runs are committed already
                pass
            self.store.mark_pages_fetched(self.site, pages)
        except Exception as exc:
            self._error("commit", exc)
            self._pending_keys, self._pending_pages = (
                keys + self._pending_keys,
                pages + self._pending_pages,
            )
            return 0
        return len(keys)

    # --- journal and recovery --------------------------------------------------------------

    def write_journal(self, feeds: Iterable[str]) -> None:
        """Record this run's feed files so that a crash can be recovered from."""
        self.journal_dir.mkdir(parents=True, exist_ok=True)
        data = {"site": self.site, "pid": os.getpid(), "feeds": sorted(set(feeds))}
        tmp = self.journal.with_suffix(".tmp")
        tmp.write_text(json.dumps(data), encoding="utf-8")
        tmp.replace(self.journal)

    def remove_journal(self) -> None:
        with contextlib.suppress(FileNotFoundError):
            self.journal.unlink()

    def journals(self) -> Iterator[tuple[Path, dict[str, Any] | None]]:
        """Other runs' journals of this site: ``(path, data)``, data None while alive."""
        if not self.journal_dir.is_dir():
            return
        for journal in sorted(self.journal_dir.glob(f"{self.site}-*.json")):
            if journal == self.journal:
                continue
            try:
                data: dict[str, Any] = json.loads(journal.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                continue
            yield journal, (None if _pid_alive(int(data.get("pid", 0))) else data)

    def confirm_feeds(self, feeds: Iterable[str]) -> int:
        """Commit the claims of the complete lines of ``feeds`` and mark their pages fetched."""
        keys: list[str] = []
        urls: list[str] = []
        for feed in feeds:
            k, u = feed_keys(Path(feed))
            keys += k
            urls += u
        committed = self.store.commit_exports(self.site, keys)
        self.store.mark_pages_fetched(self.site, urls)
        return committed

    def recover(self) -> dict[str, int]:
        """Settle the pending claims of crashed runs of this site (see the module docstring)."""
        result = {"runs": 0, "committed": 0, "released": 0}
        live_peers = False
        for journal, data in self.journals():
            if data is None:
                live_peers = True
                continue
            result["committed"] += self.confirm_feeds(data.get("feeds", []))
            result["runs"] += 1
            journal.unlink()
        if result["runs"] and not live_peers:
            # Claims still pending belong to crashed runs and never reached a feed.
            result["released"] = self.store.release_stale(self.site, 0)
        return result

    def _error(self, what: str, exc: Exception) -> None:
        self.errors += 1
        logger.error("State store %s failed: %s: %s", what, type(exc).__name__, exc)
