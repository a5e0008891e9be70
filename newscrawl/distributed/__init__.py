"""Distributed crawling: several workers on several machines share one run through Redis.

``NEWSCRAWL_REDIS_URL=redis://host:port/db`` switches a run to distributed mode (unset: nothing
here is imported by a crawl and Redis is never contacted). Every worker is started with the
same command and arguments; they share a frontier held by scrapy-redis's scheduler and
dupefilter, and the state store (:mod:`newscrawl.state`) lives in the same Redis.

Run identity and keys
---------------------
A *run* is named by the spider and its validated arguments, resolved (``days=2`` gives the two
concrete days), hashed: ``newscrawl:run:{spider}:{run id}``, or ``NEWSCRAWL_RUN_ID`` when set.
Workers started with the same command share it whichever machine or Scrapyd job they are. A
run has *generations*: a worker that finds the current generation finished starts the next one,
so tomorrow's (or the next hour's) run walks the listings again while the state store, which
is not per run, still keeps it from exporting or fetching anything twice. Frontier keys live
under ``newscrawl:run:{spider}:{run id}:{generation}:``:

``requests`` (scrapy-redis priority queue), ``dupefilter`` (its request fingerprints),
``held`` (article requests waiting for the listing phase to end), ``workers`` (ZSET of
heartbeats), ``inflight:{worker}`` (requests a worker popped and has not finished),
``started:{worker}`` (its unfinished article requests by card time), ``feeds`` (each worker's
feed files), ``seeded``, ``phase``, ``done``. ``scrapy clearrun`` deletes them.

Phases
------
1. *Seeding*: the first worker to ``SET seeded NX`` yields the listing requests; the others
   yield nothing from ``start()`` and take requests from the shared queue
   (:mod:`newscrawl.distributed.seeding`).
2. *Listings*: listing pages are popped by any worker. The cards a worker finds are held in
   the shared ``held`` ZSET scored by card time, not crawled, as the one-process spider holds
   them until its listings end: a later copy of a source article must not be fetched before
   a listing page not yet read reveals the earlier copy.
3. *Articles*: when the queue is empty and no worker has anything in flight, one atomic step
   moves ``held`` into the queue; articles are popped oldest card first by every worker.
4. *Done*: queue and ``held`` empty, nothing in flight anywhere: the run is marked ``done`` and
   every worker closes at its next idle. A worker whose own queue is empty stays (``spider_idle``
   raises ``DontCloseSpider``) while the run is not done.

Earliest copy wins across workers
---------------------------------
The dedup pipeline waits on the frontier's :class:`~newscrawl.frontier.earliest.ReleaseGate`
until no earlier article is unfinished. In distributed mode the frontier
(:class:`~newscrawl.distributed.redisfrontier.RedisFrontier`, a subclass of the local
:class:`~newscrawl.frontier.holding.ArticleFrontier`) has a gate
(:class:`~newscrawl.distributed.redisfrontier.DistributedGate`) that also sees the other
workers' unfinished articles (``started:{worker}``, written atomically with the pop) and the
oldest article still queued, through a view refreshed every
``NEWSCRAWL_DISTRIBUTED_POLL_SECONDS``; an item waits for a view taken after it arrived, so a
copy popped earlier by a peer is always seen. The claim in the state store stays the final,
atomic arbiter: two workers never export the same key.

Crashes
-------
Popping a request moves it, in the same Lua step, into ``inflight:{worker}``; it leaves only
after the worker finished it and committed its exports (feed fsynced). Every claim a worker
wins is recorded in ``newscrawl:state:{site}:claims:{worker}`` in the same script as the claim.
A worker whose heartbeat is older than ``NEWSCRAWL_DISTRIBUTED_DEAD_AFTER_SECONDS`` is taken
over by a live peer: keys found in its feed files are committed, its other claims released,
then its in-flight requests go back to the queue. Feed files on another machine cannot be read:
the claims are then left for that machine's journal recovery (:mod:`newscrawl.state.run`,
extended per worker in :mod:`newscrawl.distributed.workerstate`), so an article is never exported
twice, and at worst by a later run.

Redis round trips: one Lua call per pop, one per enqueue (dupefilter and push together), one
per claim, plus per-tick and per-commit batches; the scripts build per-worker key names, so a
single Redis server (or a primary with replicas), not Redis Cluster.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from scrapy.settings import SETTINGS_PRIORITIES, BaseSettings

SCHEDULER = "newscrawl.distributed.redisfrontier.RedisFrontier"
EXTENSION = "newscrawl.distributed.coordinator.DistributedCrawl"
SEED_MIDDLEWARE = "newscrawl.distributed.seeding.SeedOnce"
#: The one setting that switches a crawl to distributed mode (read only through this module).
REDIS_URL_SETTING = "NEWSCRAWL_REDIS_URL"
#: Settings that keep a run local whatever the environment says (Scrapy's tools).
LOCAL_ONLY: dict[str, Any] = {REDIS_URL_SETTING: None}
#: The coordinator's order among EXTENSIONS: before StateCommit (600), whose spider_opened
#: builds the run state with the factory the coordinator's spider_opened installs (handlers of
#: one signal run in the order the extensions were built). Checked by tests/test_frontier.py.
EXTENSION_ORDER = 550


def redis_url(settings: BaseSettings) -> str | None:
    """The Redis of a distributed run, None when the run is local.

    >>> from scrapy.settings import Settings
    >>> redis_url(Settings({"NEWSCRAWL_REDIS_URL": "redis://h:1/0"})), redis_url(Settings())
    ('redis://h:1/0', None)
    """
    url = settings.get(REDIS_URL_SETTING)
    return str(url) if url else None


def enabled(settings: BaseSettings) -> bool:
    """Whether the run is distributed (``NEWSCRAWL_REDIS_URL`` set)."""
    return redis_url(settings) is not None


def check_redis(settings: BaseSettings) -> None:
    """A distributed run's Redis must answer before the crawl starts: the frontier lives there,
    so without it the run cannot even begin (raises StateStoreError: exit code 7)."""
    url = redis_url(settings)
    if url is None:
        return
    import redis  # only distributed runs need the package

    from newscrawl.state import StateStoreError
    from newscrawl.state.base import redact_uri

    try:
        client = redis.Redis.from_url(url, socket_connect_timeout=2.0, socket_timeout=5.0)
    except ValueError as exc:
        raise StateStoreError(f"bad {REDIS_URL_SETTING} {redact_uri(url)!r}: {exc}") from None
    try:
        client.ping()
    except redis.RedisError as exc:
        raise StateStoreError(
            f"cannot reach Redis {redact_uri(url)} ({REDIS_URL_SETTING}): {exc}"
        ) from None
    finally:
        client.close()


@dataclass(frozen=True)
class DistributedConfig:
    """The ``NEWSCRAWL_REDIS_*`` and ``NEWSCRAWL_DISTRIBUTED_*`` settings, parsed.

    >>> from scrapy.settings import Settings
    >>> DistributedConfig.from_settings(Settings({"NEWSCRAWL_REDIS_URL": "redis://h:1/2"}))
    DistributedConfig(redis_url='redis://h:1/2', run_id=None, poll_seconds=0.2, \
dead_after_seconds=30.0, done_ttl_seconds=86400.0)
    """

    redis_url: str
    run_id: str | None = None
    poll_seconds: float = 0.2
    dead_after_seconds: float = 30.0
    done_ttl_seconds: float = 86400.0

    @classmethod
    def from_settings(cls, settings: BaseSettings) -> DistributedConfig:
        def number(name: str, default: float) -> float:
            value = settings.getfloat(name, default)
            if value <= 0:
                raise ValueError(f"{name} must be positive, got {value}")
            return value

        return cls(
            redis_url=redis_url(settings) or "",
            run_id=settings.get("NEWSCRAWL_RUN_ID") or None,
            poll_seconds=number("NEWSCRAWL_DISTRIBUTED_POLL_SECONDS", 0.2),
            dead_after_seconds=number("NEWSCRAWL_DISTRIBUTED_DEAD_AFTER_SECONDS", 30.0),
            done_ttl_seconds=number("NEWSCRAWL_DISTRIBUTED_DONE_TTL_SECONDS", 86400.0),
        )


def run_id(spider: str, args: dict[str, Any], configured: str | None = None) -> str:
    """The identity of a run shared by every worker started with the same command.

    ``args`` are the validated arguments as JSON data (with resolved days); ``configured``
    (``NEWSCRAWL_RUN_ID``) wins when given.

    >>> run_id("limitedtimes", {"days": 2, "archive_days": ["2022-01-10", "2022-01-11"]})
    'ad97a800a224503d'
    >>> run_id("limitedtimes", {}, "backfill-2021")
    'backfill-2021'
    """
    if configured:
        return configured
    blob = json.dumps({"spider": spider, "args": args}, sort_keys=True, default=str)
    return hashlib.sha1(blob.encode()).hexdigest()[:16]


def run_base(spider: str, run: str) -> str:
    """The Redis key prefix of every generation of a run.

    >>> run_base("limitedtimes", "abc")
    'newscrawl:run:limitedtimes:abc'
    """
    return f"newscrawl:run:{spider}:{run}"


def run_args(settings: BaseSettings) -> dict[str, Any]:
    """The run's validated arguments (:mod:`newscrawl.runsettings`) as JSON data, days resolved
    (for :func:`run_id`); none for a spider that is not a site spider."""
    from newscrawl.runsettings import crawl_args_of  # imports the site registry: when needed

    crawl_args = crawl_args_of(settings)
    return {} if crawl_args is None else crawl_args_data(crawl_args)


def crawl_args_data(crawl_args: Any) -> dict[str, Any]:
    """Validated arguments as JSON data, days resolved (what :func:`run_id` hashes)."""
    data: dict[str, Any] = crawl_args.model_dump(mode="json")
    if data.get("via") is None:  # a run not naming a listing source keeps its former id
        data.pop("via", None)
    data["archive_days"] = [day.isoformat() for day in crawl_args.archive_days]
    return data


def configure(settings: BaseSettings) -> None:
    """Switch a crawl's settings to distributed mode when ``NEWSCRAWL_REDIS_URL`` is set.

    Called from the spider's ``update_settings``: the scheduler, the coordinating extension
    and the seeding middleware are added, and the state store is the same Redis (claims and
    frontier must be in one server for the claim-ownership scripts).

    >>> from scrapy.settings import Settings
    >>> s = Settings({"NEWSCRAWL_REDIS_URL": "redis://h:1/0"})
    >>> configure(s)
    >>> s["SCHEDULER"], s["NEWSCRAWL_STATE_URI"], s.getdict("EXTENSIONS")[EXTENSION]
    ('newscrawl.distributed.redisfrontier.RedisFrontier', 'redis://h:1/0', 550)
    >>> plain = Settings(); configure(plain); plain["SCHEDULER"]
    'scrapy.core.scheduler.Scheduler'
    """
    url = redis_url(settings)
    if url is None:
        return

    def put(name: str, value: Any) -> None:
        # Above -s: `scrapy crawl` copies its own settings (-s at "cmdline") onto the crawler's
        # after this spider hook ran, which at an equal priority would undo the change (a
        # state URI given with -s then took the exports away from the Redis of the claims).
        current = settings.getpriority(name) or 0
        priority = max(current, SETTINGS_PRIORITIES["cmdline"]) + 1
        settings.set(name, value, priority=priority)

    put("SCHEDULER", SCHEDULER)
    put("EXTENSIONS", {**settings.getdict("EXTENSIONS"), EXTENSION: EXTENSION_ORDER})
    put("SPIDER_MIDDLEWARES", {**settings.getdict("SPIDER_MIDDLEWARES"), SEED_MIDDLEWARE: 10})
    put("NEWSCRAWL_STATE_URI", url)
