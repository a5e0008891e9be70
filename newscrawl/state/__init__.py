"""Persistent crawl state for scheduled runs, chosen by ``NEWSCRAWL_STATE_URI``.

``open_store(uri)`` returns a :class:`StateStore` for one of:

* ``sqlite:///abs/path/state.sqlite`` (or ``sqlite:rel/path.sqlite``): the embedded default,
  stdlib ``sqlite3``, file and parent folders created on first use; one crawling process.
* ``redis://[:password@]host:port/db`` (``rediss://`` for TLS): a Redis 6.2+ server, shared by
  several machines crawling concurrently.

Anything else, or a store that cannot be reached or opened, raises :class:`StateStoreError`
with a one-line message naming the URI (password redacted). Backends are imported lazily, so
the ``redis`` package is needed only when a Redis URI is used.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from newscrawl.state.base import StateCounts, StateStore, StateStoreError, redact_uri

__all__ = ["ACCEPTED_URIS", "StateCounts", "StateStore", "StateStoreError", "open_store"]

ACCEPTED_URIS = "sqlite:///path/to/state.sqlite or redis://host:port/db (rediss:// for TLS)"


def open_store(uri: str, *, existing: bool = False, read_only: bool = False) -> StateStore:
    """Open the state store named by ``uri``; raise :class:`StateStoreError` if it can't be.

    With ``existing`` (a command that changes a store: ``scrapy state reset``) or ``read_only``
    (one that only reads it: ``scrapy state show``), a SQLite file that does not exist is an
    error and nothing is created (a mistyped path would show or reset an empty new store);
    ``read_only`` writes nothing at all. A Redis server is never created by opening it.

    >>> open_store("mysql://db/state")
    Traceback (most recent call last):
    ...
    newscrawl.state.base.StateStoreError: unknown state store URI 'mysql://db/state': \
accepted are sqlite:///path/to/state.sqlite or redis://host:port/db (rediss:// for TLS)
    """
    try:
        scheme = urlsplit(uri).scheme.lower()
    except ValueError:
        scheme = ""
    if scheme == "sqlite":
        from newscrawl.state.sqlite import SqliteStateStore

        return SqliteStateStore(uri, existing=existing, read_only=read_only)
    if scheme in ("redis", "rediss"):
        try:
            from newscrawl.state.redis import RedisStateStore
        except ImportError as exc:
            raise StateStoreError(
                f"cannot open state store {redact_uri(uri)!r}: the 'redis' package is not "
                f"installed ({exc})"
            ) from exc
        return RedisStateStore(uri)
    raise StateStoreError(
        f"unknown state store URI {redact_uri(uri)!r}: accepted are {ACCEPTED_URIS}"
    )
