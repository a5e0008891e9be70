"""The release gate across workers: wait for earlier articles that peers are still fetching.

The coordinator feeds it, every poll, the earliest card time among the other workers'
unfinished articles and the articles still queued (:meth:`RedisRun.tick`). An item waits for a
view taken *after* it arrived: its request was popped before, so a copy popped earlier by a
peer (the queue pops oldest first) is in that view.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from newscrawl.normalize.dates import parse_iso_instant
from newscrawl.ordering import ReleaseGate


def epoch(value: str) -> float | None:
    """Seconds since the epoch of an ISO time, None when it is not one.

    >>> epoch("2022-01-10T08:00:00Z"), epoch("n/a")
    (1641801600.0, None)
    """
    moment = parse_iso_instant(value)
    return None if moment is None else moment.timestamp()


class DistributedGate(ReleaseGate):
    """A :class:`ReleaseGate` that also waits for earlier articles of other workers."""

    def __init__(self) -> None:
        super().__init__()
        self.remote_earliest: float | None = None
        self.views = 0  # how many remote views were received
        self.waiting = 0  # items waiting now: the coordinator polls faster while there are
        #: Called with the URL of every finished article (its peers stop waiting for it).
        self.on_finished: Callable[[str], None] | None = None
        self.on_wait: Callable[[], None] | None = None

    def finished(self, url: str) -> None:
        super().finished(url)
        if self.on_finished is not None:
            self.on_finished(url)

    def update_remote(self, earliest: float | None) -> None:
        self.remote_earliest = earliest
        self.views += 1
        if self._changed is not None:
            self._changed.set()

    def _remote_blocks(self, before: float | None, first_view: int) -> bool:
        if self.views < first_view:
            return True
        return (
            before is not None
            and self.remote_earliest is not None
            and (self.remote_earliest < before)
        )

    async def wait_clear(self, before: str, timeout: float, dedup_key: str | None = None) -> bool:
        """Wait for every earlier article, here and at the peers, whatever ``dedup_key`` is:
        the peers' view holds card times only."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        first_view = self.views + 1
        when = epoch(before)
        while True:
            earliest = self.earliest_unfinished()
            local = earliest is not None and earliest < before
            if not local and not self._remote_blocks(when, first_view):
                return True
            remaining = deadline - loop.time()
            if remaining <= 0:
                return False
            if self._changed is None:
                self._changed = asyncio.Event()
            self._changed.clear()
            self.waiting += 1
            if self.on_wait is not None:
                self.on_wait()
            try:
                await asyncio.wait_for(self._changed.wait(), remaining)
            except TimeoutError:
                return False
            finally:
                self.waiting -= 1
