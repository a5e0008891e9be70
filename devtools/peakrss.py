"""Run a command and measure its own peak RSS and CPU time.

``ru_maxrss`` from ``wait4`` on a child started by a large process is not the child's own
peak: Linux keeps the larger of the process's peak and the peak of the memory it replaced at
``exec`` (``setmax_mm_hiwater_rss``), and a child forked or vforked from a 500 MB parent
replaces that parent's image. A benchmark that generated its site in memory, then started the
crawl, read 499 MB for a crawl that peaked at 160 MB. So the command is started by this small
launcher, a fresh interpreter that forks it: the child replaces only the launcher's small image
(about 10 MB, below any crawl's), and the launcher's ``wait4`` reads the child's own figures.

Usage, as a module (the caller's process may be as large as it likes)::

    result = run_measured(["scrapy", "crawl", "x"], cwd=..., env=..., stderr=...)
    result.returncode, result.peak_rss_kib, result.cpu_seconds

From a shell: ``python -m devtools.peakrss REPORT.json -- CMD ARG...`` writes the report and
exits with the command's exit code (128 + the signal that ended it). A SIGTERM or SIGINT sent to
the launcher is passed to the command.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class Measured:
    """A finished command: its exit code (``-N``: ended by signal N) and its own resource use."""

    returncode: int
    peak_rss_kib: int
    user_seconds: float
    system_seconds: float

    @property
    def cpu_seconds(self) -> float:
        return self.user_seconds + self.system_seconds

    @property
    def peak_rss_mb(self) -> float:
        return self.peak_rss_kib / 1024


def run_measured(cmd: list[str], **popen: Any) -> Measured:
    """Run ``cmd`` (``subprocess.Popen`` keyword arguments as given) to its end, measured.

    >>> fill_64_mb = "x = bytearray(64 << 20); x[::4096] = b'1' * (16 << 10)"
    >>> r = run_measured([sys.executable, "-c", fill_64_mb])
    >>> r.returncode, 64 < r.peak_rss_mb < 200
    (0, True)
    """
    with tempfile.TemporaryDirectory(prefix="peakrss-") as tmp:
        report = Path(tmp) / "report.json"
        launcher = [sys.executable, "-m", "devtools.peakrss", str(report), "--", *cmd]
        env = dict(popen.pop("env", None) or os.environ)
        root = str(Path(__file__).resolve().parent.parent)
        env["PYTHONPATH"] = os.pathsep.join(p for p in (root, env.get("PYTHONPATH")) if p)
        proc = subprocess.Popen(launcher, env=env, **popen)
        try:
            proc.wait()
        except BaseException:
            proc.terminate()  # the launcher passes it on to the command
            proc.wait()
            raise
        if not report.exists():
            raise RuntimeError(f"peakrss launcher exited with {proc.returncode} and no report")
        data = json.loads(report.read_text(encoding="utf-8"))
    return Measured(**data)


def main(argv: list[str]) -> int:
    if len(argv) < 3 or argv[1] != "--":
        print("usage: python -m devtools.peakrss REPORT.json -- CMD [ARG...]", file=sys.stderr)
        return 2
    report, cmd = Path(argv[0]), argv[2:]
    pid = os.fork()
    if pid == 0:  # the command: replaces this small image
        try:
            os.execvp(cmd[0], cmd)
        finally:
            os._exit(127)
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda signum, _frame: os.kill(pid, signum))
    while True:
        try:
            _, status, usage = os.wait4(pid, 0)
            break
        except InterruptedError:  # pragma: no cover (PEP 475 retries)
            continue
    code = os.waitstatus_to_exitcode(status)  # -N: ended by signal N, as Popen says
    data = {
        "returncode": code,
        "peak_rss_kib": usage.ru_maxrss,
        "user_seconds": usage.ru_utime,
        "system_seconds": usage.ru_stime,
    }
    report.write_text(json.dumps(data), encoding="utf-8")
    return 128 - code if code < 0 else code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
