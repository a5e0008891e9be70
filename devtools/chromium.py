"""Watch the Chromium processes a crawl starts: how many, and their memory (tests, benchmarks).

Linux only (reads ``/proc``). Chromium runs as a tree under Playwright's driver, itself a child
of the crawl; only processes below ``root`` (by default this process) are counted, so another
browser on the machine is not.
"""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path
from types import TracebackType

PROC = Path("/proc")


def _processes() -> dict[int, tuple[int, str]]:
    """Every process: pid -> (parent pid, command name)."""
    table: dict[int, tuple[int, str]] = {}
    for entry in PROC.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:  # it ended meanwhile
            continue
        name = stat[stat.index("(") + 1 : stat.rindex(")")]
        table[int(entry.name)] = (int(stat[stat.rindex(")") + 2 :].split()[1]), name)
    return table


def descendants(root: int, table: dict[int, tuple[int, str]]) -> set[int]:
    """The pids below ``root`` in ``table``.

    >>> sorted(descendants(1, {2: (1, "a"), 3: (2, "b"), 4: (9, "c")}))
    [2, 3]
    """
    children: dict[int, list[int]] = {}
    for pid, (parent, _) in table.items():
        children.setdefault(parent, []).append(pid)
    found: set[int] = set()
    todo = [root]
    while todo:
        for child in children.get(todo.pop(), []):
            if child not in found:
                found.add(child)
                todo.append(child)
    return found


def _memory_kib(pid: int) -> tuple[int, int]:
    """(RSS, PSS) of a process in KiB; PSS shares pages between Chromium's processes fairly."""
    rss = pss = 0
    try:
        for line in (PROC / str(pid) / "smaps_rollup").read_text().splitlines():
            if line.startswith("Rss:"):
                rss = int(line.split()[1])
            elif line.startswith("Pss:"):
                pss = int(line.split()[1])
    except (OSError, ValueError):
        pass
    return rss, pss


class ChromiumWatch:
    """Sample, in a thread, the Chromium processes below ``root`` until stopped.

    ``with ChromiumWatch() as watch: run_crawl(...)``, then ``watch.started`` (pids seen),
    ``watch.peak_processes``, ``watch.peak_rss_mib`` and ``watch.peak_pss_mib``.
    """

    def __init__(self, root: int | None = None, interval: float = 0.05) -> None:
        self.root = root if root is not None else os.getpid()
        self.interval = interval
        self.started: set[int] = set()
        self.peak_processes = 0
        self.peak_rss_mib = 0.0
        self.peak_pss_mib = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="chromium-watch", daemon=True)

    def sample(self) -> None:
        """Record the Chromium processes running now."""
        table = _processes()
        pids = [p for p in descendants(self.root, table) if table[p][1].startswith("chrom")]
        self.started.update(pids)
        memory = [_memory_kib(pid) for pid in pids]
        self.peak_processes = max(self.peak_processes, len(pids))
        self.peak_rss_mib = max(self.peak_rss_mib, sum(m[0] for m in memory) / 1024)
        self.peak_pss_mib = max(self.peak_pss_mib, sum(m[1] for m in memory) / 1024)

    def _run(self) -> None:
        while not self._stop.is_set():
            self.sample()
            time.sleep(self.interval)

    def __enter__(self) -> ChromiumWatch:
        self._thread.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._stop.set()
        self._thread.join()
