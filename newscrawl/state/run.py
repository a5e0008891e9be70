"""One crawl run's use of the state store: skip known pages, claim articles, commit durably.

No data lost, none doubled
--------------------------
An article is recorded as exported only once its feed line is durably on disk:

1. The dedup pipeline *claims* the article's key (atomic in the store; the claim is
   *pending* and names this run's lease, :mod:`newscrawl.state.lease`). Losing the claim means
   an earlier run (or a peer) has it: the copy is dropped.
2. Scrapy's feed exporter writes the line (on ``item_scraped``) through a
   :class:`~newscrawl.feeds.ConfirmedFile`.
3. Every ``NEWSCRAWL_STATE_COMMIT_ITEMS`` items (and at the end) the run fsyncs every feed
   file, and only when each confirmed its writes commits the pending claims and marks their
   pages fetched. A feed that failed (disk full, I/O error) is cut back to its last confirmed
   line; this run's unconfirmed claims are released (:meth:`RunState.settle_unconfirmed`) and
   the run ends with its own finish reason, so the next run exports those articles.

A run killed between 1 and 3 leaves pending claims whose lines may or may not be complete in
its feed. So each run keeps a *journal* (a small JSON file: lease, feed paths) in
``NEWSCRAWL_STATE_JOURNAL_DIR`` and deletes it after its last commit. The next run first
*recovers* every journal whose run is provably gone (its lease: host, boot id, PID and process
start time, so a reused PID does not pass for it): the keys of the complete JSON lines of that
run's feeds are committed (they were exported), and its remaining pending claims are released
(those articles were not exported, so this run exports them). Recovery reads every format the
project writes (:mod:`newscrawl.state.records`: JSON lines, JSON arrays, CSV with or without a
byte-order mark). Pending claims of a gone run whose journal is missing are matched against the
files of :attr:`RunState.feed_dirs` (the default output folder, this run's feed folders) and the
rest released, with a warning. Every article thus ends up in a run's feed.

The invariant: at every instant, every record the state counts as exported is complete in a
file that recovery reads (one the journal names), and no run destroys such a file. ``-O`` is
staged for it (:class:`newscrawl.feeds.ConfirmedFileStorage`): the run writes beside the target
and replaces it only when it finished; a failed run keeps the target and leaves its records as
``NAME.partial-<time>``; recovery keeps a killed run's staged file as ``NAME.recovered-<time>``
(:func:`keep_staged`) before the next run writes. A remote feed (FTP) commits only after its
upload was confirmed whole and renamed (:class:`newscrawl.feeds.StagedFTPFeedStorage`).

A failing store never passes for an answer: a claim that raises is retried with backoff while
the item waits (exporting pauses); an outage longer than ``NEWSCRAWL_STATE_OUTAGE_SECONDS``, or
a corrupt store at once, fails the run (:attr:`RunState.failure`, reported to ``on_failure``)
and the waiting items are not exported. Failed commits are retried at the next commit.
Warnings during an outage are rate-limited.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import os
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from newscrawl.feeds import recovered_path
from newscrawl.state import StateStore
from newscrawl.state.base import is_corruption
from newscrawl.state.lease import Lease, Liveness, process_start
from newscrawl.state.records import cut_torn_tail
from newscrawl.state.records import feed_keys as feed_keys

logger = logging.getLogger(__name__)

#: Waits between claim retries while the store does not answer (seconds, doubling).
BACKOFF_FIRST, BACKOFF_MAX = 0.1, 2.0
#: At most one "still unreachable" warning per this many seconds.
OUTAGE_LOG_SECONDS = 5.0


class StateFailed(Exception):
    """The run must stop: the store is corrupt, or did not answer for too long."""


class OutageClock:
    """How long a server has not answered, with rate-limited warnings.

    :meth:`failed` is called on every failed call: the first one logs a warning, later ones at
    most every :data:`OUTAGE_LOG_SECONDS`; once the outage lasted more than ``limit`` seconds
    it returns the one-line reason the run must stop. :meth:`answered` ends the outage.
    """

    def __init__(self, name: str, limit: float) -> None:
        self.name = name
        self.limit = limit
        self.since: float | None = None
        self._logged = 0.0
        #: How many callers wait for the server now (shown in the warnings).
        self.waiting = 0

    def failed(self, detail: str) -> str | None:
        now = time.monotonic()
        if self.since is None:
            self.since = self._logged = now
            logger.warning(
                "%s does not answer (%s): exports paused, retrying for up to %.0f s "
                "(NEWSCRAWL_STATE_OUTAGE_SECONDS)",
                self.name,
                detail,
                self.limit,
            )
            return None
        lasted = now - self.since
        if lasted > self.limit:
            return (
                f"{self.name} did not answer for {lasted:.0f} s "
                f"(NEWSCRAWL_STATE_OUTAGE_SECONDS={self.limit:g}; {detail})"
            )
        if now - self._logged >= OUTAGE_LOG_SECONDS:
            self._logged = now
            logger.warning(
                "%s still does not answer after %.0f s (%d waiting): %s",
                self.name,
                lasted,
                self.waiting,
                detail,
            )
        return None

    def answered(self) -> None:
        if self.since is not None:
            logger.warning(
                "%s answers again after %.1f s: exports resume",
                self.name,
                time.monotonic() - self.since,
            )
            self.since = None


def keep_staged(feeds: Iterable[Path]) -> None:
    """Keep the records of a crashed run's staged ``-O`` files under a name of their own.

    A staged file (:func:`newscrawl.feeds.staged_name`) of a run that did not finish is cut back
    to its last complete record (:func:`~newscrawl.state.records.cut_torn_tail`: a JSON array is
    closed) and renamed beside its target (``o.recovered-<time>-<pid>.jsonl``, logged) when it
    holds complete records,
    which the state now counts as exported, and removed when it holds none; the target, the
    feed of an earlier run, is left alone.
    """
    for feed in feeds:
        kept = recovered_path(feed)
        if kept is None or not feed.exists():
            continue
        held = len(feed_keys(feed)[0])
        if held:
            cut_torn_tail(feed)
            feed.replace(kept)
            logger.warning(
                "The interrupted run's feed %s holds %d complete records: kept as %s",
                feed,
                held,
                kept,
            )
        else:
            feed.unlink(missing_ok=True)


def _gone(owner: str) -> bool:
    """Whether the run of a claim owner is gone (claims of older versions name none: gone)."""
    lease = Lease.parse(owner)
    return lease is None or lease.liveness() == "gone"


def journal_liveness(data: dict[str, Any]) -> Liveness:
    """Whether the run of a journal is alive, by its lease (older journals: PID and start)."""
    lease = Lease.parse(str(data.get("lease") or ""))
    if lease is not None:
        return lease.liveness()
    return "gone" if process_start(int(data.get("pid", 0) or 0)) is None else "alive"


class RunState:
    """The state store as one run uses it (see the module docstring for the design)."""

    def __init__(
        self,
        store: StateStore,
        site: str,
        journal_dir: Path,
        *,
        fresh: bool = False,
        outage_seconds: float = 60.0,
        on_failure: Callable[[str], None] | None = None,
    ) -> None:
        self.store = store
        self.site = site
        self.fresh = fresh
        self.journal_dir = journal_dir
        self.lease = Lease.current()
        self.owner = self.lease.token()
        self.journal = journal_dir / f"{site}-{os.getpid()}-{int(time.time() * 1000)}.json"
        self.outage_seconds = outage_seconds
        self.on_failure = on_failure
        #: Why the run must stop (one line), once the store failed for good.
        self.failure: str | None = None
        #: Claims won whose item the feed has not taken yet (key -> page): never committed.
        self._claimed: dict[str, str] = {}
        self._pending_keys: list[str] = []
        self._pending_pages: list[str] = []
        #: Folders whose feed files are searched for the records of a run whose journal is
        #: missing (:meth:`confirm_orphans`).
        self.feed_dirs: list[Path] = []
        self.outage = OutageClock(f"State store {getattr(store, 'uri', '?')}", outage_seconds)
        self.errors = 0
        #: Whether this run put anything in the store yet (a claim the store answered): the
        #: journal of a run killed before that is no sign of a store that lost its records.
        self.stored = False

    # --- store trouble -----------------------------------------------------------------------

    def _trouble(self, what: str, exc: Exception) -> None:
        """A store call failed: corruption fails the run, an outage does once it lasts too long."""
        self.errors += 1
        uri = getattr(self.store, "uri", "?")
        detail = f"{what}: {type(exc).__name__}: {exc}"
        if is_corruption(exc):
            self.fail(f"state store {uri} is corrupt ({detail})")
            return
        failure = self.outage.failed(detail)
        if failure is not None:
            self.fail(failure.replace("State store", "state store", 1))

    def _answered(self) -> None:
        self.outage.answered()

    def fail(self, message: str) -> None:
        """The run cannot go on with this store: record why (once) and tell ``on_failure``."""
        if self.failure is None:
            self.failure = message
            if self.on_failure is not None:
                self.on_failure(message)

    # --- before fetching -------------------------------------------------------------------

    def known_pages(self, urls: list[str]) -> list[bool]:
        """Which article pages an earlier run already fetched (all False with ``fresh``).

        A store that does not answer makes every page new: fetching a page again costs a
        request, never an article (the claim decides).
        """
        if self.fresh or not urls or self.failure:
            return [False] * len(urls)
        try:
            known = self.store.pages_fetched(self.site, urls)
        except Exception as exc:
            self._trouble("page lookup", exc)
            return [False] * len(urls)
        self._answered()
        return known

    def has_history(self) -> bool:
        """True when earlier runs recorded anything for this site."""
        try:
            counts = self.store.counts(self.site)
        except Exception as exc:
            self._trouble("counts", exc)
            return False
        self._answered()
        return bool(counts["pages"] or counts["exported"])

    # --- deciding --------------------------------------------------------------------------

    def _store_claim(self, key: str, page_url: str) -> bool:
        return self.store.claim(self.site, key, page_url, self.owner)

    async def claim(self, key: str, page_url: str) -> bool:
        """Claim ``key`` for this run's feed; False when it was exported before.

        While the store does not answer, waits and retries with backoff; raises
        :class:`StateFailed` once the run failed (the item must not be exported).
        """
        delay = BACKOFF_FIRST
        while True:
            if self.failure:
                raise StateFailed(self.failure)
            try:
                won = self._store_claim(key, page_url)
            except Exception as exc:
                self._trouble("claim", exc)
                if self.failure:
                    raise StateFailed(self.failure) from None
                self.outage.waiting += 1
                try:
                    await asyncio.sleep(delay)
                finally:
                    self.outage.waiting -= 1
                delay = min(delay * 2, BACKOFF_MAX)
                continue
            self._answered()
            self.stored = True
            break
        if won or self.fresh:
            self._claimed[key] = page_url  # committable once the feed took its line
            return True
        self._pending_pages.append(page_url)
        return False

    def written(self, key: str) -> None:
        """The feed exporter took the line of ``key``'s item: its claim is committed with the
        next commit (after the feed confirmed the line). Claims of items still on their way
        to the feed are never committed: a commit at another item's turn would count them as
        exported before their line exists."""
        page_url = self._claimed.pop(key, None)
        if page_url is not None:
            self._pending_keys.append(key)
            self._pending_pages.append(page_url)

    @property
    def unwritten(self) -> int:
        """Claims won whose item has not reached the feed yet."""
        return len(self._claimed)

    def page_done(self, page_url: str) -> None:
        """A page whose article was a duplicate: marked fetched with the next commit."""
        self._pending_pages.append(page_url)

    # --- committing ------------------------------------------------------------------------

    @property
    def uncommitted(self) -> int:
        return len(self._pending_keys)

    def commit(self) -> int:
        """Commit pending claims and page marks (call only after the feed is confirmed)."""
        if self.failure:
            return 0
        keys, pages = self._pending_keys, self._pending_pages
        self._pending_keys, self._pending_pages = [], []
        try:
            self.store.commit_exports(self.site, keys)
            self.store.mark_pages_fetched(self.site, pages)
        except Exception as exc:
            self._trouble("commit", exc)
            self._pending_keys, self._pending_pages = (
                keys + self._pending_keys,
                pages + self._pending_pages,
            )
            return 0
        self._answered()
        return len(keys)

    def release_leftovers(self) -> int:
        """After the last commit: release any pending claim of this run not in its feed."""
        try:
            return self.store.release_owner(self.site, self.owner)
        except Exception as exc:
            self._trouble("release", exc)
            return 0

    def settle_unconfirmed(self, feeds: Iterable[str]) -> tuple[int, int]:
        """A feed failed: commit the pending claims whose line is complete in ``feeds`` (the
        failed file was cut back to its confirmed lines), release the rest, so the next run
        exports them. Returns ``(committed, released)``; pages are not marked fetched."""
        in_feed: dict[str, str] = {}
        for feed in feeds:
            keys, urls = feed_keys(Path(feed))
            in_feed.update(zip(keys, urls, strict=False))
        keys = list(dict.fromkeys(self._pending_keys + list(self._claimed)))
        confirmed = [k for k in keys if k in in_feed]
        unconfirmed = [k for k in keys if k not in in_feed]
        try:
            self.store.commit_exports(self.site, confirmed)
            self.store.mark_pages_fetched(self.site, [in_feed[k] for k in confirmed])
            released = self.store.release_many(self.site, unconfirmed)
        except Exception as exc:
            self._trouble("settle", exc)
            return 0, 0  # the journal stays: the next run recovers from it
        self._pending_keys, self._pending_pages, self._claimed = [], [], {}
        return len(confirmed), released

    # --- journal and recovery --------------------------------------------------------------

    def journal_data(self, feeds: Iterable[str]) -> dict[str, Any]:
        return {
            "site": self.site,
            "pid": os.getpid(),
            "lease": self.owner,
            "feeds": sorted(set(feeds)),
            "stored": self.stored,
        }

    def write_journal(self, feeds: Iterable[str]) -> None:
        """Record this run's feed files so that a crash can be recovered from."""
        data = self.journal_data(feeds)
        try:
            self.journal_dir.mkdir(parents=True, exist_ok=True)
            tmp = self.journal.with_suffix(".tmp")
            tmp.write_text(json.dumps(data), encoding="utf-8")
            tmp.replace(self.journal)
        except OSError as exc:
            self.fail(f"cannot write the run journal {self.journal}: {exc.strerror or exc}")

    def remove_journal(self) -> None:
        with contextlib.suppress(FileNotFoundError):
            self.journal.unlink()

    def all_journals(self) -> Iterator[tuple[Path, dict[str, Any], Liveness]]:
        """Other runs' journals of this site, with whether their run is alive."""
        if not self.journal_dir.is_dir():
            return
        for journal in sorted(self.journal_dir.glob(f"{self.site}-*.json")):
            if journal == self.journal:
                continue
            try:
                data: dict[str, Any] = json.loads(journal.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                continue
            yield journal, data, journal_liveness(data)

    def journals(self) -> Iterator[tuple[Path, dict[str, Any] | None]]:
        """Other runs' journals of this site: ``(path, data)``, data None unless provably gone."""
        for journal, data, liveness in self.all_journals():
            yield journal, (data if liveness == "gone" else None)

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

    def confirm_orphans(self) -> int:
        """Pending claims of runs whose journal is missing: commit those whose record is
        complete in a feed file that may be theirs (:meth:`orphan_feeds`), before the rest is
        released. Called only while no other run of the site is alive, so every pending claim
        belongs to a gone run."""
        committed = 0
        for feed in self.orphan_feeds():
            found = self.confirm_feeds([str(feed)])
            if found:
                logger.warning(
                    "%d pending claims of runs whose journal is missing confirmed from %s",
                    found,
                    feed,
                )
                keep_staged([feed])
            committed += found
        return committed

    def orphan_feeds(self) -> list[Path]:
        """Feed files a run without a journal may have written: every file of
        :attr:`feed_dirs` (the default output folder, this run's feed folders), the staged
        files (``-O``) of gone runs included."""
        found: list[Path] = []
        for folder in self.feed_dirs:
            with contextlib.suppress(OSError):
                found += sorted(p for p in folder.iterdir() if p.is_file())
        return list(dict.fromkeys(found))

    def recover(self) -> dict[str, int]:
        """Settle the pending claims of gone runs of this site (see the module docstring)."""
        result = {"runs": 0, "committed": 0, "released": 0}
        settled: set[str] = set()
        live: set[str] = set()
        for journal, data, liveness in self.all_journals():
            token = str(data.get("lease") or "")
            if liveness != "gone":
                live.add(token)
                continue
            feeds = [str(f) for f in data.get("feeds", [])]
            committed = self.confirm_feeds(feeds)
            released = self.store.release_owner(self.site, token) if token else 0
            keep_staged(Path(f) for f in feeds)
            logger.warning(
                "Recovered interrupted run %s (journal %s): %d exports confirmed from its "
                "feeds (%s), %d unfinished claims released",
                token or f"pid {data.get('pid')}",
                journal,
                committed,
                ", ".join(feeds) or "none",
                released,
            )
            journal.unlink()
            settled.add(token)
            result["runs"] += 1
            result["committed"] += committed
            result["released"] += released
        orphans = [
            owner
            for owner in self.store.pending_owners(self.site)
            if owner != self.owner and owner not in settled and _gone(owner)
        ]
        if orphans and not live:
            result["committed"] += self.confirm_orphans()
        for owner, count in sorted(self.store.pending_owners(self.site).items()):
            if owner == self.owner or owner in live or (owner and owner in settled):
                continue
            lease = Lease.parse(owner)
            if lease is None:
                if live:
                    continue
                # Claims without an owner (an older version): gone unless a run is alive here.
                released = self.store.release_owner(self.site, owner)
            elif lease.liveness() == "gone":
                released = self.store.release_owner(self.site, owner)
            else:
                logger.info("%d pending claims of run %s left alone: it may be alive", count, owner)
                continue
            if released:
                logger.warning(
                    "Released %d pending claims of run %s: the run is gone and its journal is "
                    "missing, so its feed could not be checked (an article it did write is "
                    "exported again)",
                    released,
                    owner or "(no owner recorded)",
                )
                result["released"] += released
        return result
