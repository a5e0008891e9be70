"""The ``StateStore`` interface: what a scheduled crawl remembers between runs.

A store keeps three records per site (a short key such as ``"limitedtimes"``):

* **fetched pages** — aggregator URLs already downloaded, so a scheduled run can skip them;
* **exports** — source keys (canonical source-article URLs) handed to the feed, each either
  *pending* or *committed*;
* **carriers** — for each source key, the aggregator URLs it was found through.

Durability design. Several machines may crawl the same site at once, so the exporter must
decide "is this article new?" and "it is mine now" in one atomic step: :meth:`StateStore.claim`.
A claim is *pending* until the exporter says the item is durable (its feed batch was flushed)
with :meth:`StateStore.commit_exports`. If the export fails the claim is undone with
:meth:`StateStore.release`; if the process dies between claim and commit, the claim stays
pending and :meth:`StateStore.release_stale` (run at the start of a later crawl, with an age
longer than any crawl lasts) frees it, so a crash loses no article for good. Pending and
committed keys both count as exported for :meth:`StateStore.is_exported`, so a concurrent peer
never exports an article another machine is about to write.

Batch methods (``pages_fetched``, ``mark_pages_fetched``, ``exported_many``, ``claim_many``)
exist because one round trip per URL dominates the cost on Redis; the single-URL methods are
kept for readability at call sites that handle one request.
"""

from __future__ import annotations

import re
import sqlite3
from abc import ABC, abstractmethod
from collections.abc import Iterable, Sequence
from types import TracebackType
from typing import TypedDict
from urllib.parse import urlsplit, urlunsplit

SITE_KEY_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")


class StateStoreError(Exception):
    """The state store could not be opened or used (bad URI, unreachable server, ...)."""


def is_corruption(exc: BaseException) -> bool:
    """True for errors that retrying cannot cure: a corrupted SQLite file, not a database.

    Everything else (a refused connection, a timeout, a locked database, a full disk) is an
    outage that may end.

    >>> import sqlite3
    >>> bad = sqlite3.DatabaseError("database disk image is malformed")
    >>> is_corruption(bad), is_corruption(ConnectionError("refused"))
    (True, False)
    """
    if isinstance(exc, sqlite3.DatabaseError) and not isinstance(exc, sqlite3.OperationalError):
        name = getattr(exc, "sqlite_errorname", "")
        text = str(exc)
        return name in ("SQLITE_CORRUPT", "SQLITE_NOTADB") or (
            not name and ("malformed" in text or "not a database" in text)
        )
    return False


class StateCounts(TypedDict):
    """Sizes of one site's records, as returned by :meth:`StateStore.counts`."""

    pages: int
    exported: int
    pending: int


def check_site(site: str) -> str:
    """Return ``site`` if it is a usable site key, else raise ``ValueError``.

    Site keys become part of Redis key names, so they are kept to a safe alphabet.

    >>> check_site("limitedtimes")
    'limitedtimes'
    >>> check_site("bad site")
    Traceback (most recent call last):
    ...
    ValueError: invalid site key 'bad site': use letters, digits, '_', '.', '-'
    """
    if not SITE_KEY_RE.match(site):
        raise ValueError(f"invalid site key {site!r}: use letters, digits, '_', '.', '-'")
    return site


def redact_uri(uri: str) -> str:
    """Return ``uri`` with any password replaced by ``***``, for error messages and logs.

    >>> redact_uri("redis://:s3cret@db.example:6379/2")
    'redis://:***@db.example:6379/2'
    >>> redact_uri("sqlite:///var/lib/newscrawl/state.sqlite")
    'sqlite:///var/lib/newscrawl/state.sqlite'
    """
    try:
        parts = urlsplit(uri)
    except ValueError:
        return uri
    if parts.password is None:
        return uri
    userinfo, _, hostport = parts.netloc.rpartition("@")
    user = userinfo.partition(":")[0]
    return urlunsplit(parts._replace(netloc=f"{user}:***@{hostport}"))


def check_aggregator_url(aggregator_url: str) -> str:
    """Return ``aggregator_url`` unless it holds a newline, which no URL may (Redis joins on it).

    >>> check_aggregator_url("https://limitedtimes.example/world/")
    'https://limitedtimes.example/world/'
    """
    if "\n" in aggregator_url:
        raise ValueError(f"aggregator URL contains a newline: {aggregator_url!r}")
    return aggregator_url


class StateStore(ABC):
    """Persistent per-site crawl state; see the module docstring for the claim lifecycle.

    Implementations are safe to call from several threads of one process. Stores are context
    managers: ``with open_store(uri) as store: ...`` closes them.
    """

    #: The URI the store was opened with, password redacted (for logs and errors).
    uri: str

    # -- fetched aggregator pages -------------------------------------------------------------

    def is_page_fetched(self, site: str, url: str) -> bool:
        """Return whether ``url`` was marked fetched for ``site``."""
        return self.pages_fetched(site, [url])[0]

    @abstractmethod
    def pages_fetched(self, site: str, urls: Sequence[str]) -> list[bool]:
        """Return, for each of ``urls`` in order, whether it was marked fetched."""

    def mark_page_fetched(self, site: str, url: str) -> None:
        """Record that ``url`` was fetched for ``site`` (idempotent)."""
        self.mark_pages_fetched(site, [url])

    @abstractmethod
    def mark_pages_fetched(self, site: str, urls: Iterable[str]) -> None:
        """Record every URL of ``urls`` as fetched, in one batch (idempotent)."""

    # -- exported source articles -------------------------------------------------------------

    def is_exported(self, site: str, source_key_url: str) -> bool:
        """Return whether ``source_key_url`` is claimed (pending) or committed for ``site``."""
        return self.exported_many(site, [source_key_url])[0]

    @abstractmethod
    def exported_many(self, site: str, keys: Sequence[str]) -> list[bool]:
        """Return, for each of ``keys`` in order, whether it is claimed or committed."""

    def claim(self, site: str, key: str, aggregator_url: str, owner: str = "") -> bool:
        """Atomically claim ``key`` for export; return True if this caller won it.

        Exactly one caller wins a key, across threads, processes and machines sharing the
        store. The aggregator URL is recorded as a carrier whether or not the claim was won
        (an empty one is not recorded).
        A won claim is pending until :meth:`commit_exports` or :meth:`release`. ``owner``
        (a run's :class:`~newscrawl.state.lease.Lease` token) is recorded with it, and a claim
        repeated by the same non-empty owner while still pending is won again: a retry after
        a lost reply does not lose the article.
        """
        return self.claim_many(site, [(key, aggregator_url)], owner)[0]

    @abstractmethod
    def claim_many(
        self, site: str, claims: Sequence[tuple[str, str]], owner: str = ""
    ) -> list[bool]:
        """Claim each ``(key, aggregator_url)`` pair as :meth:`claim` does, in one batch.

        Each pair is atomic on its own; the batch as a whole is not a transaction. A key
        repeated within the batch is won at most once.
        """

    @abstractmethod
    def pending_owners(self, site: str) -> dict[str, int]:
        """How many pending claims each owner holds (``''``: claims recorded without one)."""

    @abstractmethod
    def release_owner(self, site: str, owner: str) -> int:
        """Release every pending claim of ``owner`` (a run that is gone); return the count."""

    @abstractmethod
    def add_aggregator_url(self, site: str, key: str, aggregator_url: str) -> None:
        """Record that ``key`` was also found on ``aggregator_url`` (idempotent)."""

    @abstractmethod
    def aggregator_urls(self, site: str, key: str) -> list[str]:
        """Return the aggregator URLs recorded for ``key``, in first-seen order."""

    def release(self, site: str, key: str) -> bool:
        """Undo a pending claim on ``key``; return True if one was removed.

        Committed exports are never released: once durable, an article stays exported.
        """
        return self.release_many(site, [key]) == 1

    @abstractmethod
    def release_many(self, site: str, keys: Iterable[str]) -> int:
        """Undo the pending claims on ``keys``; return how many were removed."""

    @abstractmethod
    def commit_exports(self, site: str, keys: Iterable[str]) -> int:
        """Mark pending claims on ``keys`` as durable; return how many changed.

        Call it once the feed holding those items is flushed. Keys that are not pending
        (never claimed, released, or already committed) are left as they are.
        """

    @abstractmethod
    def release_stale(self, site: str, older_than: float) -> int:
        """Release pending claims made more than ``older_than`` seconds ago; return the count.

        For claims left by a crashed run. Pick an age longer than any run lasts, or a live
        peer's claims will be freed and its articles exported twice.
        """

    # -- housekeeping -------------------------------------------------------------------------

    @abstractmethod
    def reset(self, site: str) -> None:
        """Forget everything recorded for ``site`` (pages, exports, carriers)."""

    @abstractmethod
    def counts(self, site: str) -> StateCounts:
        """Return how many pages, committed exports and pending claims ``site`` has."""

    @abstractmethod
    def close(self) -> None:
        """Release connections and files; the store must not be used afterwards."""

    def __enter__(self) -> StateStore:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()
