"""Make the packages named in ``TEST_BLOCKED_IMPORTS`` impossible to import.

Put this folder first on ``PYTHONPATH`` of a subprocess: Python imports ``sitecustomize`` at
start-up, which installs a meta-path finder that refuses those packages (and their submodules)
as if they were not installed, whatever the environment holds. Used to run a real crawl
"without boto3" on a machine that has it.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from importlib.machinery import ModuleSpec
from types import ModuleType

BLOCKED = tuple(
    name.strip() for name in os.environ.get("TEST_BLOCKED_IMPORTS", "").split(",") if name.strip()
)


class RefuseBlocked:
    """A meta-path finder that raises ModuleNotFoundError for the blocked names."""

    @staticmethod
    def find_spec(
        name: str, path: Sequence[str] | None = None, target: ModuleType | None = None
    ) -> ModuleSpec | None:
        if any(name == blocked or name.startswith(blocked + ".") for blocked in BLOCKED):
            raise ModuleNotFoundError(
                f"No module named {name!r} (blocked for this test)", name=name
            )
        return None


if BLOCKED:
    sys.meta_path.insert(0, RefuseBlocked())
