"""A run's state with claims owned per worker, so one worker's crash is settled alone.

:class:`~newscrawl.state.run.RunState` recovers a crashed run from its journal and then releases
*every* pending claim of the site when no other run is alive on the machine: right for one
machine, wrong when live workers on other machines hold pending claims. Here each won claim is
also recorded under the worker's id (atomically, :meth:`RedisRun.claim`), the journal names the
worker, and recovery releases only the dead worker's claims (:func:`settle_worker`).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from newscrawl.distributed.redisrun import RedisRun
from newscrawl.state import StateStore
from newscrawl.state.run import RunState, feed_keys, keep_staged

logger = logging.getLogger(__name__)


def settle_worker(
    store: StateStore, run: RedisRun, site: str, worker: str, feeds: Iterable[str]
) -> dict[str, int]:
    """Commit a dead worker's keys found in its feeds, release its other pending claims."""
    keys: list[str] = []
    urls: list[str] = []
    for feed in feeds:
        k, u = feed_keys(Path(feed))
        keys += k
        urls += u
    committed = store.commit_exports(site, keys)
    store.mark_pages_fetched(site, urls)
    released = store.release_many(site, run.owned_claims(site, worker))
    run.drop_claims(site, worker)
    keep_staged(Path(f) for f in feeds)
    return {"committed": committed, "released": released}


class DistributedRunState(RunState):
    """:class:`RunState` whose claims belong to this worker (see the module docstring)."""

    def __init__(
        self,
        store: StateStore,
        site: str,
        journal_dir: Path,
        *,
        fresh: bool = False,
        run: RedisRun,
        **kwargs: Any,
    ) -> None:
        super().__init__(store, site, journal_dir, fresh=fresh, **kwargs)
        self.run = run

    def _store_claim(self, key: str, page_url: str) -> bool:
        return self.run.claim(self.site, key, page_url, self.owner)

    def commit(self) -> int:
        keys = list(self._pending_keys)
        done = super().commit()
        if keys and done == len(keys):
            try:
                self.run.forget_claims(self.site, keys)
            except Exception as exc:  # stale entries only cost a no-op release later
                self._trouble("forget claims", exc)
        return done

    def journal_data(self, feeds: Iterable[str]) -> dict[str, Any]:
        return {**super().journal_data(feeds), "worker": self.run.worker}

    def write_journal(self, feeds: Iterable[str]) -> None:
        paths = sorted(set(feeds))
        super().write_journal(paths)
        try:
            self.run.publish_feeds(paths)
        except Exception as exc:
            self._trouble("publish feeds", exc)

    def recover(self) -> dict[str, int]:
        """Settle crashed workers of this machine (journals of dead processes), one by one."""
        result = {"runs": 0, "committed": 0, "released": 0}
        for journal, data in self.journals():
            if data is None:
                continue
            feeds = data.get("feeds", [])
            worker = data.get("worker")
            if worker:
                settled = settle_worker(self.store, self.run, self.site, worker, feeds)
            else:  # a journal of a one-machine run: its feeds, not the site's claims
                settled = {"committed": self.confirm_feeds(feeds), "released": 0}
                keep_staged(Path(f) for f in feeds)
            result["committed"] += settled["committed"]
            result["released"] += settled["released"]
            result["runs"] += 1
            journal.unlink()
            logger.warning(
                "Recovered interrupted worker %s (journal %s): %d exports confirmed from its "
                "feeds, %d unfinished claims released",
                worker or data.get("lease"),
                journal,
                settled["committed"],
                settled["released"],
            )
        return result
