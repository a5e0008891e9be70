"""devtools.peakrss: a command's own peak RSS, whatever the size of the process that runs it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# A 300 MB parent runs a small child twice: with Popen + wait4, and with run_measured.
PARENT = """
import json, os, subprocess, sys
from devtools.peakrss import run_measured
big = bytearray(300 << 20)
big[::4096] = b"1" * ((300 << 20) // 4096)
child = [sys.executable, "-c", "pass"]
proc = subprocess.Popen(child)
_, _, usage = os.wait4(proc.pid, 0)
measured = run_measured(child)
print(json.dumps({"wait4": usage.ru_maxrss / 1024, "measured": measured.peak_rss_mb,
                  "code": measured.returncode}))
"""


def test_a_large_parent_does_not_count_in_the_child_s_peak() -> None:
    out = subprocess.run(
        [sys.executable, "-c", PARENT], cwd=ROOT, capture_output=True, text=True, check=True
    )
    figures = json.loads(out.stdout)
    # What Linux reports for the child of a large process: the parent's peak (the reason for
    # the launcher), and what the launcher reports: the child's own.
    assert figures["wait4"] > 290, figures
    assert figures["measured"] < 60, figures
    assert figures["code"] == 0


def test_exit_codes_and_signals_are_the_command_s() -> None:
    from devtools.peakrss import run_measured

    assert run_measured([sys.executable, "-c", "raise SystemExit(3)"]).returncode == 3
    killed = run_measured([sys.executable, "-c", "import os; os.kill(os.getpid(), 9)"])
    assert killed.returncode == -9
    assert killed.cpu_seconds > 0
