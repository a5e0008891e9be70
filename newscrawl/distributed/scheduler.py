"""Deprecated: the distributed scheduler is :mod:`newscrawl.distributed.redisfrontier`.

``SCHEDULER = "newscrawl.distributed.scheduler.RedisScheduler"`` in a project's settings still
works for one release (``RedisScheduler`` is :class:`RedisFrontier`); ``NEWSCRAWL_REDIS_URL``
alone sets the right scheduler. Importing this module warns.
"""

from __future__ import annotations

import warnings

from newscrawl.distributed.redisfrontier import RedisFrontier, request_score

__all__ = ["RedisScheduler", "request_score"]

warnings.warn(
    "newscrawl.distributed.scheduler is deprecated: NEWSCRAWL_REDIS_URL sets the scheduler "
    "(newscrawl.distributed.redisfrontier.RedisFrontier)",
    DeprecationWarning,
    stacklevel=2,
)

RedisScheduler = RedisFrontier
