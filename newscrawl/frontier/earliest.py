"""Let the earliest-aggregated copy of a source article win deduplication.

Article requests complete in any order, so a later copy of a source article can reach the
dedup pipeline before the earlier one. The frontier (:mod:`newscrawl.frontier.holding`) releases
older cards first and records here every article request that has started downloading and not
yet finished (retries included, keyed by URL). The dedup pipeline waits, before deciding on an
article aggregated at T, until no started request with an earlier card time is unfinished.
Only started requests count, so the wait is bounded by the download concurrency and by
``NEWSCRAWL_DEDUP_HOLD_SECONDS``; requests still queued are younger (they were prioritised
by age), so they cannot hold anything up.
"""

from __future__ import annotations

import asyncio
import heapq
import itertools

from newscrawl.normalize.dates import parse_iso_instant


def instant_key(value: str) -> str:
    """A card time as fixed-width UTC text, so that times compare as instants.

    Pages print ``...:23.000Z`` where the record says ``...:23Z``: compared as raw text the
    first sorts earlier, and an item would wait for its own request until the hold timeout.

    >>> instant_key("2022-01-10T15:46:23Z") == instant_key("2022-01-10T15:46:23.000Z")
    True
    >>> instant_key("2022-01-10T17:46:23+02:00") < instant_key("2022-01-10T15:46:23.001Z")
    True
    >>> instant_key("not a time"), instant_key(instant_key("2022-01-10"))
    ('not a time', '2022-01-10T00:00:00.000000Z')
    """
    moment = parse_iso_instant(value)
    return value if moment is None else moment.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


#: Stale heap entries tolerated beyond twice the live ones before a heap is rebuilt.
_COMPACT_SLACK = 1024


class ReleaseGate:
    """Unfinished article requests by card time, and waiters for earlier ones to finish."""

    def __init__(self) -> None:
        self._times: dict[str, str] = {}  # url -> card time (instant_key: comparable as text)
        self._heap: list[tuple[str, str]] = []
        # Dedup keys of unfinished requests whose item reached the dedup pipeline (url -> key,
        # key -> urls), and the heap of the others: only those may still be a copy of any key.
        self._keys: dict[str, str] = {}
        self._by_key: dict[str, set[str]] = {}
        self._unkeyed: list[tuple[str, str]] = []
        #: Set on every finish, for subclasses that wait on other conditions as well.
        self._changed: asyncio.Event | None = None
        # Waiters by the card time they wait for: a finish wakes only those now clear, so
        # each waiter is woken once (not once per finished request).
        self._waiters: list[tuple[str, int, asyncio.Future[None], str | None]] = []
        self._waiter_seq = itertools.count()

    def started(self, url: str, card_time: str) -> None:
        """An article request reached the downloader (a retry of a known URL is a no-op)."""
        if url not in self._times:
            key = instant_key(card_time)
            self._times[url] = key
            heapq.heappush(self._heap, (key, url))
            heapq.heappush(self._unkeyed, (key, url))

    def known(self, url: str, aggregated_at: str) -> None:
        """The article was parsed: its own time replaces the card time, which may have been
        only a lower bound (then items of the same card time no longer wait for each other).

        >>> gate = ReleaseGate()
        >>> gate.started("/a", "2022-01-10T00:00Z"); gate.started("/b", "2022-01-10T00:00Z")
        >>> gate.known("/a", "2022-01-10T09:00Z"); gate.known("/b", "2022-01-10T08:00Z")
        >>> gate.earliest_unfinished()
        '2022-01-10T08:00:00.000000Z'
        """
        if url not in self._times:
            return
        key = instant_key(aggregated_at)
        self._times[url] = key
        heapq.heappush(self._heap, (key, url))
        if url not in self._keys:
            heapq.heappush(self._unkeyed, (key, url))
        self._wake()

    def keyed(self, url: str, dedup_key: str) -> None:
        """The item of ``url`` reached the dedup pipeline with ``dedup_key``: items of other
        keys no longer wait for it (it cannot be their copy), those of this key still do.

        >>> gate = ReleaseGate()
        >>> gate.started("/a", "2022-01-10T08:00Z"); gate.started("/b", "2022-01-10T09:00Z")
        >>> gate.keyed("/a", "https://x.org/1")
        >>> gate.clear("2022-01-10T09:00Z", "https://x.org/2")
        True
        >>> gate.clear("2022-01-10T09:00Z", "https://x.org/1")
        False
        """
        if url not in self._times or url in self._keys:
            return
        self._keys[url] = dedup_key
        self._by_key.setdefault(dedup_key, set()).add(url)
        self._wake()

    def finished(self, url: str) -> None:
        """The article request ended: parsed, or failed for good."""
        if self._times.pop(url, None) is None:
            return
        if (dedup_key := self._keys.pop(url, None)) is not None:
            same = self._by_key[dedup_key]
            same.discard(url)
            if not same:
                del self._by_key[dedup_key]
        self._compact()
        self._wake()

    def _compact(self) -> None:
        """Rebuild the heaps once stale entries (finished requests, replaced times) outnumber
        the live ones, so that they stay as small as the unfinished requests, not the crawl.

        >>> gate = ReleaseGate()
        >>> for n in range(5000):
        ...     gate.started(f"/{n}", "2022-01-10T08:00Z"); gate.known(f"/{n}", "2022-01-10T09:00Z")
        ...     gate.finished(f"/{n}")
        >>> len(gate._heap) <= _COMPACT_SLACK and len(gate._unkeyed) <= _COMPACT_SLACK
        True
        """
        live = len(self._times)
        if len(self._heap) > 2 * live + _COMPACT_SLACK:
            self._heap = [(key, url) for url, key in self._times.items()]
            heapq.heapify(self._heap)
        if len(self._unkeyed) > 2 * live + _COMPACT_SLACK:
            self._unkeyed = [(k, url) for url, k in self._times.items() if url not in self._keys]
            heapq.heapify(self._unkeyed)

    def _wake(self) -> None:
        if self._changed is not None:
            self._changed.set()
        if not self._waiters:
            return
        earliest = self._earliest_unkeyed()
        still: list[tuple[str, int, asyncio.Future[None], str | None]] = []
        # Only waiters before the earliest unkeyed request can be clear: check those.
        while self._waiters and (earliest is None or self._waiters[0][0] <= earliest):
            waiter = heapq.heappop(self._waiters)
            before, _, future, dedup_key = waiter
            if future.done():
                continue
            if self._clear(before, dedup_key):
                future.set_result(None)
            else:
                still.append(waiter)
        for waiter in still:
            heapq.heappush(self._waiters, waiter)

    def earliest_unfinished(self) -> str | None:
        """The earliest card time among unfinished requests (as :func:`instant_key`).

        >>> gate = ReleaseGate()
        >>> gate.started("/b", "2022-01-11T08:00:00Z"); gate.started("/a", "2022-01-10T08:00Z")
        >>> gate.earliest_unfinished()
        '2022-01-10T08:00:00.000000Z'
        >>> gate.finished("/a"); gate.earliest_unfinished()
        '2022-01-11T08:00:00.000000Z'
        """
        while self._heap and self._times.get(self._heap[0][1]) != self._heap[0][0]:
            heapq.heappop(self._heap)
        return self._heap[0][0] if self._heap else None

    def _earliest_unkeyed(self) -> str | None:
        """The earliest card time among unfinished requests whose dedup key is not known."""
        heap = self._unkeyed
        while heap and (heap[0][1] in self._keys or self._times.get(heap[0][1]) != heap[0][0]):
            heapq.heappop(heap)
        return heap[0][0] if heap else None

    def clear(self, before: str, dedup_key: str | None = None) -> bool:
        """No unfinished request earlier than ``before`` may hold a copy of ``dedup_key``
        (None: no unfinished request earlier than ``before`` at all)."""
        return self._clear(instant_key(before), dedup_key)

    def _clear(self, before: str, dedup_key: str | None) -> bool:
        if dedup_key is None:
            earliest = self.earliest_unfinished()
            return earliest is None or earliest >= before
        earliest = self._earliest_unkeyed()
        if earliest is not None and earliest < before:
            return False
        return all(self._times[url] >= before for url in self._by_key.get(dedup_key, ()))

    async def wait_clear(self, before: str, timeout: float, dedup_key: str | None = None) -> bool:
        """Wait until no unfinished request earlier than ``before`` may hold a copy of
        ``dedup_key`` (see :meth:`clear`).

        Returns False when ``timeout`` seconds passed first.

        >>> async def b_waits_until_a_is_keyed() -> tuple[bool, bool]:
        ...     gate = ReleaseGate()
        ...     gate.started("/a", "2022-01-10T08:00Z"); gate.started("/b", "2022-01-10T09:00Z")
        ...     gate.keyed("/b", "k2")
        ...     b = asyncio.ensure_future(gate.wait_clear("2022-01-10T09:00Z", 5, "k2"))
        ...     await asyncio.sleep(0)
        ...     waited = not b.done()
        ...     gate.keyed("/a", "k1")  # another source article: /b goes on
        ...     return waited, await b
        >>> asyncio.run(b_waits_until_a_is_keyed())
        (True, True)
        """
        before = instant_key(before)
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while not self._clear(before, dedup_key):
            remaining = deadline - loop.time()
            if remaining <= 0:
                return False
            future: asyncio.Future[None] = loop.create_future()
            heapq.heappush(self._waiters, (before, next(self._waiter_seq), future, dedup_key))
            try:
                await asyncio.wait_for(future, remaining)
            except TimeoutError:
                return False
        return True
