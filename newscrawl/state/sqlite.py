"""SQLite state store: the embedded default, one file per deployment, stdlib ``sqlite3`` only.

One connection per store, opened with ``check_same_thread=False`` and guarded by a lock, so
Scrapy's reactor thread and worker threads can share it. The database runs in WAL mode with
``synchronous=NORMAL``: a commit costs no fsync (the WAL is synced at checkpoints), readers
never block the writer, and a process crash loses nothing committed (a power cut may lose the
last few transactions). Several processes can open the same file, since writes that must be
atomic run inside ``BEGIN IMMEDIATE``, but it is meant for one crawling process; use Redis to
share state between machines.

Batch methods run one transaction each: lookups use ``IN (...)`` chunks below SQLite's
parameter limit and inserts use ``executemany``, which is what makes them fast.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import TypeVar
from urllib.parse import urlsplit

from newscrawl.state.base import (
    StateCounts,
    StateStore,
    StateStoreError,
    check_aggregator_url,
    check_site,
    redact_uri,
)

SCHEMA_VERSION = 2  # 2: exports.owner

# Keep well below SQLITE_MAX_VARIABLE_NUMBER (999 on old builds) with the extra site parameter.
CHUNK = 500

SCHEMA = """
CREATE TABLE IF NOT EXISTS pages (
    site TEXT NOT NULL,
    url TEXT NOT NULL,
    PRIMARY KEY (site, url)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS exports (
    site TEXT NOT NULL,
    key TEXT NOT NULL,
    committed INTEGER NOT NULL DEFAULT 0,  -- 0: pending claim, 1: durable export
    claimed_at REAL NOT NULL,              -- unix time of the claim, for release_stale
    owner TEXT NOT NULL DEFAULT '',        -- lease token of the claiming run (state.lease)
    PRIMARY KEY (site, key)
) WITHOUT ROWID;
-- A rowid table, so aggregator URLs come back in first-seen order.
CREATE TABLE IF NOT EXISTS carriers (
    site TEXT NOT NULL,
    key TEXT NOT NULL,
    aggregator_url TEXT NOT NULL,
    UNIQUE (site, key, aggregator_url)
);
"""

T = TypeVar("T")


def sqlite_path(uri: str) -> Path:
    """Return the file path named by a ``sqlite:`` URI.

    ``sqlite:///abs/path.sqlite`` is absolute; ``sqlite:rel/path.sqlite`` is relative to the
    working directory.

    >>> sqlite_path("sqlite:///var/lib/newscrawl/state.sqlite")
    PosixPath('/var/lib/newscrawl/state.sqlite')
    >>> sqlite_path("sqlite:state/state.sqlite")
    PosixPath('state/state.sqlite')
    """
    parts = urlsplit(uri)
    if parts.netloc:
        raise StateStoreError(
            f"state store {uri!r}: a sqlite URI takes no host; "
            "use sqlite:///absolute/path.sqlite or sqlite:relative/path.sqlite"
        )
    if not parts.path or parts.path.endswith("/"):
        raise StateStoreError(f"state store {uri!r}: a sqlite URI needs a file path")
    return Path(parts.path)


def chunked(items: Sequence[T], size: int = CHUNK) -> Iterator[Sequence[T]]:
    """Yield consecutive slices of ``items`` of at most ``size`` elements."""
    for start in range(0, len(items), size):
        yield items[start : start + size]


def unique(items: Iterable[str]) -> list[str]:
    """Return ``items`` without repeats, first occurrence order kept."""
    return list(dict.fromkeys(items))


class SqliteStateStore(StateStore):
    """A :class:`StateStore` in one SQLite file (see the module docstring)."""

    def __init__(self, uri: str, *, existing: bool = False, read_only: bool = False) -> None:
        """Open (creating file and folders) the store at ``uri``; with ``existing`` or
        ``read_only``, a missing file is a :class:`StateStoreError` and nothing is created;
        ``read_only`` also writes nothing (no schema: a file no crawl wrote is an error)."""
        self.uri = redact_uri(uri)
        self.path = sqlite_path(uri)
        self._lock = threading.Lock()
        if (existing or read_only) and not self.path.is_file():
            what = (
                "is not a file"
                if self.path.exists()
                else "does not exist (no crawl has written it)"
            )
            raise StateStoreError(
                f"state store {self.uri!r}: {self.path} {what}; nothing was created"
            )
        try:
            if read_only:
                self._db = sqlite3.connect(
                    f"{self.path.resolve().as_uri()}?mode=ro",
                    uri=True,
                    timeout=30.0,
                    isolation_level=None,
                    check_same_thread=False,
                )
            else:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                self._db = sqlite3.connect(
                    self.path, timeout=30.0, isolation_level=None, check_same_thread=False
                )
        except (OSError, sqlite3.Error) as exc:
            raise StateStoreError(f"cannot open state store {self.uri!r}: {exc}") from exc
        try:
            if read_only:
                self._check_schema()
                return
            self._init_schema()
        except (OSError, sqlite3.Error, StateStoreError) as exc:
            self._db.close()
            if isinstance(exc, StateStoreError):
                raise
            raise StateStoreError(f"cannot open state store {self.uri!r}: {exc}") from exc

    def _check_schema(self) -> None:
        """A read-only store must be one a crawl wrote: its schema there, not newer."""
        (version,) = self._db.execute("PRAGMA user_version").fetchone()
        if version == 0:
            raise StateStoreError(
                f"state store {self.uri!r}: {self.path} holds no crawl state (no crawl has "
                "written it)"
            )
        if version > SCHEMA_VERSION:
            raise StateStoreError(
                f"cannot open state store {self.uri!r}: schema version {version} is newer "
                f"than this newscrawl supports ({SCHEMA_VERSION})"
            )

    def _init_schema(self) -> None:
        db = self._db
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")
        (version,) = db.execute("PRAGMA user_version").fetchone()
        if version > SCHEMA_VERSION:
            raise StateStoreError(
                f"cannot open state store {self.uri!r}: schema version {version} is newer "
                f"than this newscrawl supports ({SCHEMA_VERSION})"
            )
        # Version 1 files lack exports.owner: added in place (old claims have owner '').
        upgrade = ""
        if version == 1:
            upgrade = "ALTER TABLE exports ADD COLUMN owner TEXT NOT NULL DEFAULT '';"
        try:
            db.executescript(
                f"BEGIN IMMEDIATE; {SCHEMA} {upgrade} PRAGMA user_version={SCHEMA_VERSION}; COMMIT;"
            )
        except BaseException:
            if db.in_transaction:
                db.execute("ROLLBACK")
            raise

    def _existing(self, table: str, column: str, site: str, values: Sequence[str]) -> set[str]:
        """Return which of ``values`` are present in ``table.column`` for ``site``."""
        found: set[str] = set()
        for chunk in chunked(values):
            marks = ",".join("?" * len(chunk))
            rows = self._db.execute(
                f"SELECT {column} FROM {table} WHERE site = ? AND {column} IN ({marks})",
                (site, *chunk),
            )
            found.update(row[0] for row in rows)
        return found

    # -- pages --------------------------------------------------------------------------------

    def is_page_fetched(self, site: str, url: str) -> bool:
        check_site(site)
        with self._lock:
            row = self._db.execute(
                "SELECT 1 FROM pages WHERE site = ? AND url = ?", (site, url)
            ).fetchone()
        return row is not None

    def pages_fetched(self, site: str, urls: Sequence[str]) -> list[bool]:
        check_site(site)
        with self._lock:
            found = self._existing("pages", "url", site, unique(urls))
        return [url in found for url in urls]

    def mark_page_fetched(self, site: str, url: str) -> None:
        check_site(site)
        with self._lock:
            self._db.execute("INSERT OR IGNORE INTO pages (site, url) VALUES (?, ?)", (site, url))

    def mark_pages_fetched(self, site: str, urls: Iterable[str]) -> None:
        check_site(site)
        rows = [(site, url) for url in urls]
        with self._lock, self._db:
            self._db.execute("BEGIN")
            self._db.executemany("INSERT OR IGNORE INTO pages (site, url) VALUES (?, ?)", rows)

    # -- exports ------------------------------------------------------------------------------

    def is_exported(self, site: str, source_key_url: str) -> bool:
        check_site(site)
        with self._lock:
            row = self._db.execute(
                "SELECT 1 FROM exports WHERE site = ? AND key = ?", (site, source_key_url)
            ).fetchone()
        return row is not None

    def exported_many(self, site: str, keys: Sequence[str]) -> list[bool]:
        check_site(site)
        with self._lock:
            found = self._existing("exports", "key", site, unique(keys))
        return [key in found for key in keys]

    def claim(self, site: str, key: str, aggregator_url: str, owner: str = "") -> bool:
        return self.claim_many(site, [(key, aggregator_url)], owner)[0]

    def claim_many(
        self, site: str, claims: Sequence[tuple[str, str]], owner: str = ""
    ) -> list[bool]:
        check_site(site)
        for _, url in claims:
            check_aggregator_url(url)
        now = time.time()
        keys = unique(key for key, _ in claims)
        with self._lock, self._db:
            # IMMEDIATE takes the write lock first, so no other connection can insert between
            # the lookup and the insert below: the batch is as atomic as single claims.
            self._db.execute("BEGIN IMMEDIATE")
            taken = self._existing("exports", "key", site, keys)
            again = [k for k in keys if k in taken] if owner else []
            mine = self._pending_of(site, owner, again)
            result: list[bool] = []
            winners: list[tuple[str, str, float, str]] = []
            for key, _ in claims:
                won = key not in taken or key in mine
                result.append(won)
                mine.discard(key)
                if key not in taken:
                    winners.append((site, key, now, owner))
                taken.add(key)
            self._db.executemany(
                "INSERT INTO exports (site, key, claimed_at, owner) VALUES (?, ?, ?, ?)", winners
            )
            self._db.executemany(
                "INSERT OR IGNORE INTO carriers (site, key, aggregator_url) VALUES (?, ?, ?)",
                [(site, key, url) for key, url in claims if url],
            )
        return result

    def _pending_of(self, site: str, owner: str, keys: Sequence[str]) -> set[str]:
        """Which of ``keys`` are pending claims of ``owner``."""
        found: set[str] = set()
        for chunk in chunked(keys):
            marks = ",".join("?" * len(chunk))
            rows = self._db.execute(
                f"SELECT key FROM exports WHERE site = ? AND committed = 0 AND owner = ? "
                f"AND key IN ({marks})",
                (site, owner, *chunk),
            )
            found.update(row[0] for row in rows)
        return found

    def pending_owners(self, site: str) -> dict[str, int]:
        check_site(site)
        with self._lock:
            rows = self._db.execute(
                "SELECT owner, COUNT(*) FROM exports WHERE site = ? AND committed = 0 "
                "GROUP BY owner",
                (site,),
            ).fetchall()
        return {str(owner): int(n) for owner, n in rows}

    def release_owner(self, site: str, owner: str) -> int:
        check_site(site)
        with self._lock:
            cursor = self._db.execute(
                "DELETE FROM exports WHERE site = ? AND committed = 0 AND owner = ?", (site, owner)
            )
        return cursor.rowcount

    def add_aggregator_url(self, site: str, key: str, aggregator_url: str) -> None:
        check_site(site)
        check_aggregator_url(aggregator_url)
        if not aggregator_url:
            return
        with self._lock:
            self._db.execute(
                "INSERT OR IGNORE INTO carriers (site, key, aggregator_url) VALUES (?, ?, ?)",
                (site, key, aggregator_url),
            )

    def aggregator_urls(self, site: str, key: str) -> list[str]:
        check_site(site)
        with self._lock:
            rows = self._db.execute(
                "SELECT aggregator_url FROM carriers WHERE site = ? AND key = ? ORDER BY rowid",
                (site, key),
            ).fetchall()
        return [row[0] for row in rows]

    def release_many(self, site: str, keys: Iterable[str]) -> int:
        check_site(site)
        rows = [(site, key) for key in unique(keys)]
        with self._lock, self._db:
            self._db.execute("BEGIN")
            cursor = self._db.executemany(
                "DELETE FROM exports WHERE site = ? AND key = ? AND committed = 0", rows
            )
        return cursor.rowcount

    def commit_exports(self, site: str, keys: Iterable[str]) -> int:
        check_site(site)
        rows = [(site, key) for key in unique(keys)]
        with self._lock, self._db:
            self._db.execute("BEGIN")
            cursor = self._db.executemany(
                "UPDATE exports SET committed = 1 WHERE site = ? AND key = ? AND committed = 0",
                rows,
            )
        return cursor.rowcount

    def release_stale(self, site: str, older_than: float) -> int:
        check_site(site)
        with self._lock:
            cursor = self._db.execute(
                "DELETE FROM exports WHERE site = ? AND committed = 0 AND claimed_at < ?",
                (site, time.time() - older_than),
            )
        return cursor.rowcount

    # -- housekeeping -------------------------------------------------------------------------

    def reset(self, site: str) -> None:
        check_site(site)
        with self._lock, self._db:
            self._db.execute("BEGIN IMMEDIATE")
            for table in ("pages", "exports", "carriers"):
                self._db.execute(f"DELETE FROM {table} WHERE site = ?", (site,))

    def counts(self, site: str) -> StateCounts:
        check_site(site)
        with self._lock:
            (pages,) = self._db.execute(
                "SELECT COUNT(*) FROM pages WHERE site = ?", (site,)
            ).fetchone()
            by_state = dict(
                self._db.execute(
                    "SELECT committed, COUNT(*) FROM exports WHERE site = ? GROUP BY committed",
                    (site,),
                ).fetchall()
            )
        return StateCounts(pages=pages, exported=by_state.get(1, 0), pending=by_state.get(0, 0))

    def close(self) -> None:
        with self._lock:
            self._db.close()
