"""Which run owns a claim, and whether that run is provably gone: a lease that does not trust a PID.

A PID alone names a run badly: after a reboot, or simply after long enough, the same number
belongs to an unrelated live process. A :class:`Lease` adds the machine (host name), the boot
(the kernel's boot id) and the process start time (clock ticks since boot, field 22 of
``/proc/PID/stat``): a process is the run only if all four match. Its :meth:`Lease.token` is
stored with every claim the run makes and in its journal, so a crashed run's claims can be
settled even when its journal is gone.
"""

from __future__ import annotations

import os
import socket
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

BOOT_ID = Path("/proc/sys/kernel/random/boot_id")

Liveness = Literal["alive", "gone", "unknown"]


def boot_id() -> str:
    """This boot's id ('' where the kernel does not say, e.g. not Linux)."""
    try:
        return BOOT_ID.read_text(encoding="ascii").strip()
    except OSError:
        return ""


def process_start(pid: int) -> int | None:
    """Start time of process ``pid`` in clock ticks since boot; None if there is no such process.

    0 where ``/proc`` is not available but the process exists (the start time is unknown).
    """
    try:
        stat = Path(f"/proc/{pid}/stat").read_text(encoding="ascii", errors="replace")
    except FileNotFoundError:
        return None
    except OSError:
        stat = ""
    if stat:
        # The command name (field 2) is in parentheses and may hold spaces: split after it.
        fields = stat.rpartition(")")[2].split()
        return int(fields[19])
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return None
    except PermissionError:
        pass
    return 0


@dataclass(frozen=True)
class Lease:
    """A process identity that survives PID reuse (see the module docstring).

    >>> lease = Lease("crawler1", "d7033632", 4242, 65453)
    >>> lease.token()
    'crawler1/d7033632/4242/65453'
    >>> Lease.parse(lease.token()) == lease, Lease.parse("old-style") is None
    (True, True)
    >>> Lease(socket.gethostname(), "another-boot", 4242, 65453).liveness()
    'gone'
    >>> Lease("some-other-host", boot_id(), 4242, 65453).liveness()
    'unknown'
    >>> Lease.current().liveness()
    'alive'
    """

    host: str
    boot: str
    pid: int
    started: int

    @classmethod
    def current(cls) -> Lease:
        pid = os.getpid()
        return cls(socket.gethostname(), boot_id(), pid, process_start(pid) or 0)

    def token(self) -> str:
        return f"{self.host}/{self.boot}/{self.pid}/{self.started}"

    @classmethod
    def parse(cls, token: str) -> Lease | None:
        """The lease of a token, None for anything else (claims of older versions)."""
        parts = token.rsplit("/", 3)
        if len(parts) != 4 or not parts[2].isdigit() or not parts[3].isdigit():
            return None
        return cls(parts[0], parts[1], int(parts[2]), int(parts[3]))

    def liveness(self) -> Liveness:
        """``gone`` only when provable on this machine; another machine's run is ``unknown``."""
        if self.host != socket.gethostname():
            return "unknown"
        here = boot_id()
        if self.boot and here and self.boot != here:
            return "gone"  # rebooted since: no process of that boot is alive
        started = process_start(self.pid)
        if started is None:
            return "gone"
        if started and self.started and started != self.started:
            return "gone"  # the PID now names another process
        return "alive"
