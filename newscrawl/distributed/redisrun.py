"""One worker's view of a shared run in Redis: join, pop, heartbeat, take over, finish.

Every multi-key step is one Lua script, so no other worker sees it half done (design: the
package docstring, :mod:`newscrawl.distributed`). No Scrapy objects here: requests arrive
serialized, so this class can be tested with a bare Redis.
"""

from __future__ import annotations

import json
import logging
import os
import socket
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import redis

from newscrawl.state.redis import CLAIM_LUA, owners_key, site_keys

logger = logging.getLogger(__name__)

_NOW_LUA = """
local function now()
  local t = redis.call('TIME')
  return tonumber(t[1]) + tonumber(t[2]) / 1000000
end
"""

# KEYS: gen counter. ARGV: base prefix, worker. Joins the current generation, or starts the next
# one when the current is done; registers the worker's first heartbeat.
JOIN_LUA = (
    _NOW_LUA
    + """
local gen = redis.call('GET', KEYS[1])
if not gen then gen = '1'; redis.call('SET', KEYS[1], gen) end
if redis.call('EXISTS', ARGV[1] .. ':' .. gen .. ':done') == 1 then
  gen = tostring(redis.call('INCR', KEYS[1]))
end
redis.call('ZADD', ARGV[1] .. ':' .. gen .. ':workers', now(), ARGV[2])
return gen
"""
)

# KEYS: dupefilter, target zset. ARGV: fingerprint ('' = don't filter), score, member.
ENQUEUE_LUA = """
if ARGV[1] ~= '' and redis.call('SADD', KEYS[1], ARGV[1]) == 0 then return 0 end
redis.call('ZADD', KEYS[2], ARGV[2], ARGV[3])
return 1
"""

# KEYS: requests, inflight:me, started:me. Pops the first request into the worker's in-flight
# hash (field: sha1 of the member, value: "score|member"); articles (score >= 0, their card
# time) are also recorded as started, for the cross-worker release gate.
POP_LUA = """
local r = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
if #r == 0 then return false end
redis.call('ZREM', KEYS[1], r[1])
local field = redis.sha1hex(r[1])
redis.call('HSET', KEYS[2], field, r[2] .. '|' .. r[1])
if tonumber(r[2]) >= 0 then redis.call('ZADD', KEYS[3], r[2], field) end
return {field, r[1]}
"""

# KEYS: workers, started:me. ARGV: me, dead after (s), run prefix, finished fields...
# Heartbeat; returns {stale workers, earliest unfinished article elsewhere (others' started
# and the queue's oldest article, '' if none), queued, phase, done}.
TICK_LUA = (
    _NOW_LUA
    + """
local t = now()
redis.call('ZADD', KEYS[1], t, ARGV[1])
for i = 4, #ARGV do redis.call('ZREM', KEYS[2], ARGV[i]) end
local stale = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', '(' .. (t - tonumber(ARGV[2])))
local p = ARGV[3]
local earliest = nil
for _, w in ipairs(redis.call('ZRANGE', KEYS[1], 0, -1)) do
  if w ~= ARGV[1] then
    local e = redis.call('ZRANGE', p .. ':started:' .. w, 0, 0, 'WITHSCORES')
    if #e > 0 and (earliest == nil or tonumber(e[2]) < earliest) then
      earliest = tonumber(e[2])
    end
  end
end
local q = redis.call('ZRANGEBYSCORE', p .. ':requests', 0, '+inf', 'WITHSCORES', 'LIMIT', 0, 1)
if #q > 0 and (earliest == nil or tonumber(q[2]) < earliest) then earliest = tonumber(q[2]) end
local shown = ''
if earliest ~= nil then shown = string.format('%.3f', earliest) end
return {stale, shown, redis.call('ZCARD', p .. ':requests'),
        redis.call('GET', p .. ':phase') or '', redis.call('EXISTS', p .. ':done')}
"""
)

# KEYS: inflight:me, started:me. ARGV: fields. Finished (and committed) requests leave.
FINISH_LUA = """
for i = 1, #ARGV do
  redis.call('HDEL', KEYS[1], ARGV[i])
  redis.call('ZREM', KEYS[2], ARGV[i])
end
return #ARGV
"""

# ARGV: run prefix, done ttl. The run-level step, taken by an idle worker: 'done', 'work',
# 'unseeded', 'wait' (a peer is busy or seeding) or 'released' (the listing phase ended and the
# held articles went to the queue).
STEP_LUA = """
local p = ARGV[1]
if redis.call('EXISTS', p .. ':done') == 1 then return 'done' end
if redis.call('ZCARD', p .. ':requests') > 0 then return 'work' end
local seeded = redis.call('GET', p .. ':seeded')
if not seeded then return 'unseeded' end
if seeded ~= 'done' then return 'wait' end
for _, w in ipairs(redis.call('ZRANGE', p .. ':workers', 0, -1)) do
  if redis.call('HLEN', p .. ':inflight:' .. w) > 0 then return 'wait' end
end
if redis.call('ZCARD', p .. ':held') > 0 then
  redis.call('ZUNIONSTORE', p .. ':requests', 2, p .. ':requests', p .. ':held')
  redis.call('DEL', p .. ':held')
  redis.call('SET', p .. ':phase', 'articles')
  return 'released'
end
redis.call('SET', p .. ':done', '1', 'EX', ARGV[2])
redis.call('DEL', p .. ':dupefilter', p .. ':seeded', p .. ':phase', p .. ':feeds')
redis.call('EXPIRE', p .. ':workers', ARGV[2])
return 'done'
"""

# KEYS: inflight:dead, started:dead, requests, workers, feeds, seeded. ARGV: dead worker.
# Its in-flight requests go back to the queue with their scores; a seeding it never finished
# is undone, so a live worker seeds again.
REQUEUE_LUA = """
local all = redis.call('HGETALL', KEYS[1])
for i = 1, #all, 2 do
  local v = all[i + 1]
  local bar = string.find(v, '|', 1, true)
  redis.call('ZADD', KEYS[3], string.sub(v, 1, bar - 1), string.sub(v, bar + 1))
end
redis.call('DEL', KEYS[1], KEYS[2])
redis.call('ZREM', KEYS[4], ARGV[1])
redis.call('HDEL', KEYS[5], ARGV[1])
if redis.call('GET', KEYS[6]) == 'seeding:' .. ARGV[1] then redis.call('DEL', KEYS[6]) end
return #all / 2
"""

# The state store's claim, plus: every won key is recorded as this worker's (KEYS[5]).
OWNED_CLAIM_LUA = (
    "local function store_claim()\n"
    + CLAIM_LUA
    + """
end
local won = store_claim()
for i = 1, #won do
  if won[i] == 1 then redis.call('SADD', KEYS[5], ARGV[2 * i]) end
end
return won
"""
)


def new_worker_id() -> str:
    """A worker id unique across machines: host, pid and a random part."""
    return f"{socket.gethostname()}-{os.getpid()}-{uuid.uuid4().hex[:6]}"


def claims_key(site: str, worker: str) -> str:
    """The SET of keys a worker claimed and has not committed (per site, across runs)."""
    return f"newscrawl:state:{site}:claims:{worker}"


@dataclass
class Tick:
    """What a heartbeat learned about the run."""

    stale: list[str]
    earliest: float | None  # earliest unfinished or queued article of the others (epoch)
    queued: int
    phase: str
    done: bool


def _text(value: Any) -> str:
    return value.decode() if isinstance(value, bytes) else str(value)


class RedisRun:
    """A worker's handle on one generation of a shared run (see the package docstring)."""

    def __init__(
        self, client: Any, base: str, worker: str | None = None, *, join: bool = True
    ) -> None:
        self.redis: Any = client
        self.base = base
        self.worker = worker or new_worker_id()
        scripts = {
            "join": JOIN_LUA,
            "enqueue": ENQUEUE_LUA,
            "pop": POP_LUA,
            "tick": TICK_LUA,
            "finish": FINISH_LUA,
            "step": STEP_LUA,
            "requeue": REQUEUE_LUA,
            "claim": OWNED_CLAIM_LUA,
        }
        self._scripts = {name: client.register_script(lua) for name, lua in scripts.items()}
        self._published_feeds: list[str] | None = None
        self.generation = ""
        self.prefix = ""
        if join:
            self.join()

    def join(self) -> None:
        """Join the current generation (or start the next): the first heartbeat is sent now."""
        self.generation = _text(
            self._scripts["join"](keys=[f"{self.base}:gen"], args=[self.base, self.worker])
        )
        self.prefix = f"{self.base}:{self.generation}"

    @classmethod
    def connect(
        cls, url: str, base: str, worker: str | None = None, *, join: bool = True
    ) -> RedisRun:
        """Join the run ``base`` on the Redis at ``url`` (bytes replies: requests are pickles)."""
        client = redis.Redis.from_url(url, socket_connect_timeout=5.0)
        return cls(client, base, worker, join=join)

    def key(self, name: str, worker: str | None = None) -> str:
        return f"{self.prefix}:{name}" + (f":{worker}" if worker else "")

    # --- frontier --------------------------------------------------------------------------

    def enqueue(self, member: bytes, score: float, fingerprint: str, *, held: bool) -> bool:
        """Push a serialized request unless its fingerprint was seen (``''``: never filtered)."""
        target = self.key("held" if held else "requests")
        added = self._scripts["enqueue"](
            keys=[self.key("dupefilter"), target], args=[fingerprint, repr(score), member]
        )
        return bool(added)

    def pop(self) -> tuple[str, bytes] | None:
        """Pop the first queued request into this worker's in-flight hash: (field, member)."""
        reply = self._scripts["pop"](
            keys=[
                self.key("requests"),
                self.key("inflight", self.worker),
                self.key("started", self.worker),
            ]
        )
        if not reply:
            return None
        return _text(reply[0]), bytes(reply[1])

    def queued(self) -> int:
        return int(self.redis.zcard(self.key("requests")))

    def finish(self, fields: Sequence[str]) -> None:
        """Requests done (and their exports committed): out of in-flight and started."""
        if fields:
            self._scripts["finish"](
                keys=[self.key("inflight", self.worker), self.key("started", self.worker)],
                args=list(fields),
            )

    # --- seeding ---------------------------------------------------------------------------

    def try_seed(self) -> bool:
        """True for the one worker that seeds this generation (``SET seeded NX``)."""
        return bool(self.redis.set(self.key("seeded"), f"seeding:{self.worker}", nx=True))

    def seeded(self) -> None:
        self.redis.set(self.key("seeded"), "done")

    # --- heartbeat, run step, takeover -----------------------------------------------------

    def tick(self, dead_after: float, finished_articles: Iterable[str] = ()) -> Tick:
        stale, earliest, queued, phase, done = self._scripts["tick"](
            keys=[self.key("workers"), self.key("started", self.worker)],
            args=[self.worker, dead_after, self.prefix, *finished_articles],
        )
        shown = _text(earliest)
        return Tick(
            stale=[_text(w) for w in stale],
            earliest=float(shown) if shown else None,
            queued=int(queued),
            phase=_text(phase),
            done=bool(done),
        )

    def step(self, done_ttl: float) -> str:
        return _text(self._scripts["step"](args=[self.prefix, int(done_ttl)]))

    def lock_takeover(self, dead: str, seconds: float) -> bool:
        """One live worker takes over a dead one (the lock expires if the taker dies too)."""
        return bool(
            self.redis.set(self.key("recover", dead), self.worker, nx=True, ex=max(1, int(seconds)))
        )

    def dead_feeds(self, dead: str) -> list[str] | None:
        raw = self.redis.hget(self.key("feeds"), dead)
        return list(json.loads(raw)) if raw else None

    def requeue(self, dead: str) -> int:
        """Give a dead worker's in-flight requests back to the queue; forget the worker."""
        return int(
            self._scripts["requeue"](
                keys=[
                    self.key("inflight", dead),
                    self.key("started", dead),
                    self.key("requests"),
                    self.key("workers"),
                    self.key("feeds"),
                    self.key("seeded"),
                ],
                args=[dead],
            )
        )

    def publish_feeds(self, feeds: list[str]) -> None:
        """Tell peers where this worker's feeds are (read when it dies)."""
        if feeds != self._published_feeds:
            self.redis.hset(self.key("feeds"), self.worker, json.dumps(feeds))
            self._published_feeds = feeds

    def leave(self) -> None:
        """A clean exit: nothing in flight any more, deregister."""
        pipe = self.redis.pipeline(transaction=True)
        pipe.delete(self.key("inflight", self.worker), self.key("started", self.worker))
        pipe.zrem(self.key("workers"), self.worker)
        pipe.hdel(self.key("feeds"), self.worker)
        pipe.execute()

    # --- claims owned by a worker -----------------------------------------------------------

    def claim(self, site: str, key: str, aggregator_url: str, owner: str = "") -> bool:
        """The state store's atomic claim, recording the won key as this worker's."""
        _, exported, pending, carriers = site_keys(site)
        won = self._scripts["claim"](
            keys=[exported, pending, carriers, owners_key(site), claims_key(site, self.worker)],
            args=[owner, key, aggregator_url],
        )
        return bool(won[0])

    def forget_claims(self, site: str, keys: Sequence[str], worker: str | None = None) -> None:
        """Committed keys are no longer this worker's to settle."""
        if keys:
            self.redis.srem(claims_key(site, worker or self.worker), *keys)

    def owned_claims(self, site: str, worker: str) -> list[str]:
        return sorted(_text(k) for k in self.redis.smembers(claims_key(site, worker)))

    def drop_claims(self, site: str, worker: str) -> None:
        self.redis.delete(claims_key(site, worker))

    def close(self) -> None:
        self.redis.close()
