"""A run's state with claims owned per worker, so one worker's crash is settled alone.

:class:`~newscrawl.state.run.RunState` recovers a crashed run from its journal and then releases
*every* pending claim of the site when no other run is alive on the machine: right for one
machine, wrong when live workers on other machines hold pending claims. Here each won claim is
also recorded under the worker's id (atomically, :meth:`RedisRun.claim`), the journal names the
worker, and recovery releases only the dead worker's claims (:func:`settle_worker`).
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Iterable
from pathlib import Path

from newscrawl.distributed.run import RedisRun
from newscrawl.state import StateStore
from newscrawl.state.run import RunState, feed_keys

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
    ) -> None:
        super().__init__(store, site, journal_dir, fresh=fresh)
        self.run = run

    def claim(self, key: str, page_url: str) -> bool:
        try:
            won = self.run.claim(self.site, key, page_url)
        except Exception as exc:
            self._error("claim", exc)
            won = True  # as RunState: export it; losing data is worse than a retry later
        if won or self.fresh:
            self._pending_keys.append(key)
            self._pending_pages.append(page_url)
            return True
        self._pending_pages.append(page_url)
        return False

    def commit(self) -> int:
        keys = list(self._pending_keys)
        done = super().commit()
        if keys and done == len(keys):
            try:
                self.run.forget_claims(self.site, keys)
            except Exception as exc:  # stale entries only cost a no-op release later
                self._error("forget claims", exc)
        return done

    def write_journal(self, feeds: Iterable[str]) -> None:
        paths = sorted(set(feeds))
        self.journal_dir.mkdir(parents=True, exist_ok=True)
        data = {"site": self.site, "pid": os.getpid(), "worker": self.run.worker, "feeds": paths}
        tmp = self.journal.with_suffix(".tmp")
        tmp.write_text(json.dumps(data), encoding="utf-8")
        tmp.replace(self.journal)
        try:
            self.run.publish_feeds(paths)
        except Exception as exc:
            self._error("publish feeds", exc)

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
            result["committed"] += settled["committed"]
            result["released"] += settled["released"]
            result["runs"] += 1
            journal.unlink()
        return result
