"""Let the earliest-aggregated copy of a source article win deduplication.

Article requests complete in any order, so a later copy of a source article can reach the
dedup pipeline before the earlier one. The spider asks for older cards first (priority by
card time) and records here every article request that has started downloading and not yet
finished (retries included, keyed by URL). The dedup pipeline waits, before deciding on an
article aggregated at T, until no started request with an earlier card time is unfinished.
Only started requests count, so the wait is bounded by the download concurrency and by
``NEWSCRAWL_DEDUP_HOLD_SECONDS``; requests still queued are younger (they were prioritised
by age), so they cannot hold anything up.
"""

from __future__ import annotations

import asyncio
import heapq


class ReleaseGate:
    """Unfinished article requests by card time, and waiters for earlier ones to finish."""

    def __init__(self) -> None:
        self._times: dict[str, str] = {}  # url -> card time (ISO, comparable as text)
        self._heap: list[tuple[str, str]] = []
        self._changed: asyncio.Event | None = None

    def started(self, url: str, card_time: str) -> None:
        """An article request reached the downloader (a retry of a known URL is a no-op)."""
        if url not in self._times:
            self._times[url] = card_time
            heapq.heappush(self._heap, (card_time, url))

    def finished(self, url: str) -> None:
        """The article request ended: parsed, or failed for good."""
        if self._times.pop(url, None) is not None and self._changed is not None:
            self._changed.set()

    def earliest_unfinished(self) -> str | None:
        """The earliest card time among unfinished requests.

        >>> gate = ReleaseGate()
        >>> gate.started("/b", "2022-01-11"); gate.started("/a", "2022-01-10")
        >>> gate.earliest_unfinished()
        '2022-01-10'
        >>> gate.finished("/a"); gate.earliest_unfinished()
        '2022-01-11'
        """
        while self._heap and self._times.get(self._heap[0][1]) != self._heap[0][0]:
            heapq.heappop(self._heap)
        return self._heap[0][0] if self._heap else None

    async def wait_clear(self, before: str, timeout: float) -> bool:
        """Wait until no unfinished request has a card time earlier than ``before``.

        Returns False when ``timeout`` seconds passed first.
        """
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while (earliest := self.earliest_unfinished()) is not None and earliest < before:
            remaining = deadline - loop.time()
            if remaining <= 0:
                return False
            if self._changed is None:
                self._changed = asyncio.Event()
            self._changed.clear()
            try:
                await asyncio.wait_for(self._changed.wait(), remaining)
            except TimeoutError:
                return False
        return True
