"""Redis state store: one shared store for several machines crawling at once.

Layout, four keys per site (``{site}`` is the site key, e.g. ``limitedtimes``):

* ``newscrawl:state:{site}:pages`` — SET of fetched aggregator URLs;
* ``newscrawl:state:{site}:exported`` — HASH source key -> ``p`` (pending claim) or ``c``
  (committed export);
* ``newscrawl:state:{site}:pending`` — ZSET of pending source keys scored by claim time (the
  Redis server's clock, so machines with skewed clocks agree), for ``release_stale``;
* ``newscrawl:state:{site}:carriers`` — HASH source key -> newline-joined aggregator URLs;
* ``newscrawl:state:{site}:owners`` — HASH pending source key -> lease token of the claiming run
  (:mod:`newscrawl.state.lease`), so a gone run's claims are released even without its journal.

A fixed number of keys per site keeps ``reset`` to one ``UNLINK`` (no ``SCAN``) and makes the
Lua scripts list every key they touch, as Redis Cluster requires.

Claims run as Lua scripts: ``HSETNX`` decides the winner, and the script records the pending
timestamp and the carrier URL in the same atomic step, so a claim is never half-recorded.
Batches travel in pipelines (``SMISMEMBER``, ``HMGET``, ``SADD`` and script calls of at most
:data:`CHUNK` items each), one round trip per batch. Requires Redis 6.2+ (``SMISMEMBER``).

Opening pings the server with no retries and a 2 s connect timeout (unless the URI's query
string says otherwise, e.g. ``?socket_connect_timeout=5``), so a wrong URI fails fast with a
:class:`StateStoreError`; later commands retry twice with a short backoff.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import redis
from redis.backoff import ExponentialBackoff, NoBackoff
from redis.retry import Retry

from newscrawl.state.base import (
    StateCounts,
    StateStore,
    StateStoreError,
    check_aggregator_url,
    check_site,
    redact_uri,
)

MIN_SERVER_VERSION = (6, 2)

# Items per command or script call: big enough to amortise the round trip, small enough that a
# script never blocks the server for more than a few milliseconds.
CHUNK = 1000

_ADD_CARRIER_LUA = """
local function add_carrier(hash, key, url)
  if url == '' then return end
  local cur = redis.call('HGET', hash, key)
  if not cur then
    redis.call('HSET', hash, key, url)
  elseif not string.find('\\n' .. cur .. '\\n', '\\n' .. url .. '\\n', 1, true) then
    redis.call('HSET', hash, key, cur .. '\\n' .. url)
  end
end
"""

_NOW_LUA = """
local function now()
  local t = redis.call('TIME')
  return tonumber(t[1]) + tonumber(t[2]) / 1000000
end
"""

# KEYS: exported, pending, carriers, owners. ARGV: owner, key1, url1, key2, url2, ...
# A key already pending for the same (non-empty) owner is won again: a retry after a lost reply.
CLAIM_LUA = (
    _ADD_CARRIER_LUA
    + _NOW_LUA
    + """
local stamp = string.format('%.6f', now())
local owner = ARGV[1]
local won = {}
local seen = {}
for i = 2, #ARGV, 2 do
  local key = ARGV[i]
  if redis.call('HSETNX', KEYS[1], key, 'p') == 1 then
    redis.call('ZADD', KEYS[2], stamp, key)
    if owner ~= '' then redis.call('HSET', KEYS[4], key, owner) end
    won[#won + 1] = 1
  elseif owner ~= '' and not seen[key] and redis.call('HGET', KEYS[1], key) == 'p'
      and redis.call('HGET', KEYS[4], key) == owner then
    won[#won + 1] = 1
  else
    won[#won + 1] = 0
  end
  seen[key] = true
  add_carrier(KEYS[3], key, ARGV[i + 1])
end
return won
"""
)

# KEYS: carriers. ARGV: key, url.
ADD_CARRIER_LUA = _ADD_CARRIER_LUA + "add_carrier(KEYS[1], ARGV[1], ARGV[2])\nreturn 0\n"

# KEYS: exported, pending, owners. ARGV: keys. Only pending claims change.
COMMIT_LUA = """
local n = 0
for i = 1, #ARGV do
  if redis.call('HGET', KEYS[1], ARGV[i]) == 'p' then
    redis.call('HSET', KEYS[1], ARGV[i], 'c')
    redis.call('ZREM', KEYS[2], ARGV[i])
    redis.call('HDEL', KEYS[3], ARGV[i])
    n = n + 1
  end
end
return n
"""

# KEYS: exported, pending, owners. ARGV: keys.
RELEASE_LUA = """
local n = 0
for i = 1, #ARGV do
  if redis.call('HGET', KEYS[1], ARGV[i]) == 'p' then
    redis.call('HDEL', KEYS[1], ARGV[i])
    redis.call('ZREM', KEYS[2], ARGV[i])
    redis.call('HDEL', KEYS[3], ARGV[i])
    n = n + 1
  end
end
return n
"""

# KEYS: exported, pending, owners. ARGV: owner ('': pending keys recorded without an owner).
RELEASE_OWNER_LUA = """
local n = 0
if ARGV[1] == '' then
  for _, key in ipairs(redis.call('ZRANGE', KEYS[2], 0, -1)) do
    if redis.call('HEXISTS', KEYS[3], key) == 0 then
      if redis.call('HGET', KEYS[1], key) == 'p' then
        redis.call('HDEL', KEYS[1], key)
        n = n + 1
      end
      redis.call('ZREM', KEYS[2], key)
    end
  end
  return n
end
local all = redis.call('HGETALL', KEYS[3])
for i = 1, #all, 2 do
  if all[i + 1] == ARGV[1] then
    if redis.call('HGET', KEYS[1], all[i]) == 'p' then
      redis.call('HDEL', KEYS[1], all[i])
      n = n + 1
    end
    redis.call('ZREM', KEYS[2], all[i])
    redis.call('HDEL', KEYS[3], all[i])
  end
end
return n
"""

# KEYS: exported, pending, owners. ARGV: age in seconds.
RELEASE_STALE_LUA = (
    _NOW_LUA
    + """
local cutoff = string.format('(%.6f', now() - tonumber(ARGV[1]))
local keys = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', cutoff)
local n = 0
for _, key in ipairs(keys) do
  if redis.call('HGET', KEYS[1], key) == 'p' then
    redis.call('HDEL', KEYS[1], key)
    n = n + 1
  end
  redis.call('ZREM', KEYS[2], key)
  redis.call('HDEL', KEYS[3], key)
end
return n
"""
)


def site_keys(site: str) -> tuple[str, str, str, str]:
    """Return the Redis keys (pages, exported, pending, carriers) of ``site``.

    >>> site_keys("limitedtimes")[0]
    'newscrawl:state:limitedtimes:pages'
    """
    prefix = f"newscrawl:state:{check_site(site)}:"
    return (prefix + "pages", prefix + "exported", prefix + "pending", prefix + "carriers")


def owners_key(site: str) -> str:
    """The HASH of pending keys -> owner of ``site``.

    >>> owners_key("limitedtimes")
    'newscrawl:state:limitedtimes:owners'
    """
    return f"newscrawl:state:{check_site(site)}:owners"


def _unique(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))


def _version(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in text.split(".")[:2] if part.isdigit())


class RedisStateStore(StateStore):
    """A :class:`StateStore` on a Redis server (see the module docstring)."""

    def __init__(self, uri: str) -> None:
        self.uri = redact_uri(uri)
        try:
            # decode_responses: keys and URLs come back as str. No retries while opening, so an
            # unreachable server fails within the connect timeout.
            client: Any = redis.Redis.from_url(
                uri,
                decode_responses=True,
                socket_connect_timeout=2.0,
                socket_timeout=10.0,
                retry=Retry(NoBackoff(), 0),
            )
        except ValueError as exc:
            raise StateStoreError(f"cannot open state store {self.uri!r}: {exc}") from exc
        # The client's methods are typed as "result or awaitable"; this store is synchronous.
        self._redis: Any = client
        try:
            info = client.info("server")
        except redis.RedisError as exc:
            client.close()
            raise StateStoreError(f"cannot open state store {self.uri!r}: {exc}") from exc
        version = str(info.get("redis_version", "0"))
        if _version(version) < MIN_SERVER_VERSION:
            client.close()
            raise StateStoreError(
                f"cannot open state store {self.uri!r}: Redis {version} is too old, "
                "need 6.2 or newer"
            )
        client.set_retry(Retry(ExponentialBackoff(cap=1.0, base=0.05), 2))
        self._claim = client.register_script(CLAIM_LUA)
        self._add_carrier = client.register_script(ADD_CARRIER_LUA)
        self._commit = client.register_script(COMMIT_LUA)
        self._release = client.register_script(RELEASE_LUA)
        self._release_stale = client.register_script(RELEASE_STALE_LUA)
        self._release_owner = client.register_script(RELEASE_OWNER_LUA)

    # -- pages --------------------------------------------------------------------------------

    def is_page_fetched(self, site: str, url: str) -> bool:
        return bool(self._redis.sismember(site_keys(site)[0], url))

    def pages_fetched(self, site: str, urls: Sequence[str]) -> list[bool]:
        key = site_keys(site)[0]
        pipe = self._redis.pipeline(transaction=False)
        for start in range(0, len(urls), CHUNK):
            pipe.smismember(key, list(urls[start : start + CHUNK]))
        return [bool(flag) for reply in pipe.execute() for flag in reply]

    def mark_page_fetched(self, site: str, url: str) -> None:
        self._redis.sadd(site_keys(site)[0], url)

    def mark_pages_fetched(self, site: str, urls: Iterable[str]) -> None:
        key = site_keys(site)[0]
        members = _unique(urls)
        pipe = self._redis.pipeline(transaction=False)
        for start in range(0, len(members), CHUNK):
            pipe.sadd(key, *members[start : start + CHUNK])
        pipe.execute()

    # -- exports ------------------------------------------------------------------------------

    def is_exported(self, site: str, source_key_url: str) -> bool:
        return bool(self._redis.hexists(site_keys(site)[1], source_key_url))

    def exported_many(self, site: str, keys: Sequence[str]) -> list[bool]:
        exported = site_keys(site)[1]
        pipe = self._redis.pipeline(transaction=False)
        for start in range(0, len(keys), CHUNK):
            pipe.hmget(exported, list(keys[start : start + CHUNK]))
        return [value is not None for reply in pipe.execute() for value in reply]

    def claim(self, site: str, key: str, aggregator_url: str, owner: str = "") -> bool:
        # A direct EVALSHA: one round trip, where a pipeline would add a SCRIPT EXISTS.
        _, exported, pending, carriers = site_keys(site)
        check_aggregator_url(aggregator_url)
        won = self._claim(
            keys=[exported, pending, carriers, owners_key(site)], args=[owner, key, aggregator_url]
        )
        return bool(won[0])

    def claim_many(
        self, site: str, claims: Sequence[tuple[str, str]], owner: str = ""
    ) -> list[bool]:
        _, exported, pending, carriers = site_keys(site)
        for _, url in claims:
            check_aggregator_url(url)
        pipe = self._redis.pipeline(transaction=False)
        for start in range(0, len(claims), CHUNK):
            args = [owner] + [part for claim in claims[start : start + CHUNK] for part in claim]
            self._claim(
                keys=[exported, pending, carriers, owners_key(site)], args=args, client=pipe
            )
        return [bool(flag) for reply in pipe.execute() for flag in reply]

    def pending_owners(self, site: str) -> dict[str, int]:
        pipe = self._redis.pipeline(transaction=True)
        pipe.hvals(owners_key(site)).zcard(site_keys(site)[2])
        owners, n_pending = pipe.execute()
        counts: dict[str, int] = {}
        for owner in owners:
            counts[str(owner)] = counts.get(str(owner), 0) + 1
        legacy = int(n_pending) - len(owners)
        if legacy > 0:
            counts[""] = legacy
        return counts

    def release_owner(self, site: str, owner: str) -> int:
        _, exported, pending, _ = site_keys(site)
        return int(self._release_owner(keys=[exported, pending, owners_key(site)], args=[owner]))

    def add_aggregator_url(self, site: str, key: str, aggregator_url: str) -> None:
        check_aggregator_url(aggregator_url)
        self._add_carrier(keys=[site_keys(site)[3]], args=[key, aggregator_url])

    def aggregator_urls(self, site: str, key: str) -> list[str]:
        joined = self._redis.hget(site_keys(site)[3], key)
        return str(joined).split("\n") if joined else []

    def release(self, site: str, key: str) -> bool:
        _, exported, pending, _ = site_keys(site)
        return int(self._release(keys=[exported, pending, owners_key(site)], args=[key])) == 1

    def release_many(self, site: str, keys: Iterable[str]) -> int:
        return self._per_chunk(self._release, site, _unique(keys))

    def commit_exports(self, site: str, keys: Iterable[str]) -> int:
        return self._per_chunk(self._commit, site, _unique(keys))

    def _per_chunk(self, script: Any, site: str, keys: list[str]) -> int:
        """Run ``script`` over ``keys`` in chunks, in one pipeline; return the summed counts."""
        _, exported, pending, _ = site_keys(site)
        pipe = self._redis.pipeline(transaction=False)
        for start in range(0, len(keys), CHUNK):
            script(
                keys=[exported, pending, owners_key(site)],
                args=keys[start : start + CHUNK],
                client=pipe,
            )
        return sum(int(n) for n in pipe.execute())

    def release_stale(self, site: str, older_than: float) -> int:
        _, exported, pending, _ = site_keys(site)
        return int(
            self._release_stale(keys=[exported, pending, owners_key(site)], args=[older_than])
        )

    # -- housekeeping -------------------------------------------------------------------------

    def reset(self, site: str) -> None:
        self._redis.unlink(*site_keys(site), owners_key(site))

    def counts(self, site: str) -> StateCounts:
        pages, exported, pending, _ = site_keys(site)
        pipe = self._redis.pipeline(transaction=True)
        pipe.scard(pages).hlen(exported).zcard(pending)
        n_pages, n_claims, n_pending = pipe.execute()
        return StateCounts(
            pages=int(n_pages), exported=int(n_claims) - int(n_pending), pending=int(n_pending)
        )

    def close(self) -> None:
        self._redis.close()
