"""The cache on Redis, failing open: with Redis down or hanging, the portal serves without a cache.

Everything kept in the cache can be rebuilt (public map answers, address look-ups, import progress) and nothing
there is the only copy (sessions and login attempts live in the database), so an unreachable Redis is a warning
in the log, not an error page. Each call behaves as a miss or a no-op instead. Short socket timeouts keep a
hanging Redis from hanging the request, and after a failure the backend leaves Redis alone for a few seconds, so
a page with twenty cache calls does not wait twenty times, and the log gets one warning a minute, not one a call.
"""

from __future__ import annotations

import logging
import threading
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

log = logging.getLogger(__name__)

# What "Redis is unreachable" looks like: refused, reset or timed out. Anything else (a wrong command, a value
# that does not unpickle) is a programming error and still raises.
UNREACHABLE = (RedisConnectionError, RedisTimeoutError, OSError)

_MISSING = object()


class _Health:
    """Per process and per Redis, shared by the threads (Django keeps one backend instance per thread)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.down_until = 0.0  # monotonic time before which calls do not try Redis
        self.warned_at: float | None = None
        self.missed = 0  # calls served without Redis since the last warning
        self.down = False


_health: dict[tuple[str, ...], _Health] = {}
_health_lock = threading.Lock()


def _health_for(servers) -> _Health:
    with _health_lock:
        return _health.setdefault(tuple(servers), _Health())


class FailOpenRedisCache(RedisCache):
    """Django's RedisCache, except that an unreachable Redis is a miss (reads) or a no-op (writes)."""

    # Seconds. A local Redis answers in well under a millisecond; these only bound how long a dead one costs.
    DEFAULT_OPTIONS = {"socket_connect_timeout": 0.5, "socket_timeout": 1.0}
    # After a failure, calls skip Redis this long before trying again.
    RETRY_AFTER = 5.0
    # At most one warning per this many seconds (per process), with the number of calls served without Redis.
    WARN_EVERY = 60.0

    def __init__(self, server, params):
        params = {**params, "OPTIONS": {**self.DEFAULT_OPTIONS, **params.get("OPTIONS", {})}}
        super().__init__(server, params)
        self._health = _health_for(self._servers)

    def _guarded(self, fallback, method, *args, **kwargs):
        health = self._health
        if health.down and time.monotonic() < health.down_until:
            self._missed(None)
            return fallback
        try:
            result = method(*args, **kwargs)
        except UNREACHABLE as error:
            self._missed(error)
            return fallback
        if health.down:
            with health.lock:
                health.down = False
                health.warned_at = None
                missed, health.missed = health.missed, 0
            log.warning("Redis-cache weer bereikbaar na %s aanroep(en) zonder cache.", missed)
        return result

    def _missed(self, error: Exception | None) -> None:
        health = self._health
        now = time.monotonic()
        with health.lock:
            health.missed += 1
            if error is not None:
                health.down = True
                health.down_until = now + self.RETRY_AFTER
            if health.warned_at is not None and now - health.warned_at < self.WARN_EVERY:
                return
            health.warned_at = now
            missed, health.missed = health.missed, 0
        log.warning(
            "Redis-cache onbereikbaar (%s); de portal werkt zonder cache verder (%s aanroep(en) zonder cache).",
            error or "nog steeds",
            missed,
        )

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guarded(False, super().add, key, value, timeout, version)

    def get(self, key, default=None, version=None):
        return self._guarded(default, super().get, key, default, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guarded(None, super().set, key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guarded(False, super().touch, key, timeout, version)

    def delete(self, key, version=None):
        return self._guarded(False, super().delete, key, version)

    def get_many(self, keys, version=None):
        return self._guarded({}, super().get_many, keys, version)

    def has_key(self, key, version=None):
        return self._guarded(False, super().has_key, key, version)

    def incr(self, key, delta=1, version=None):
        result = self._guarded(_MISSING, super().incr, key, delta, version)
        if result is _MISSING:
            # What RedisCache says for a key that is not there; callers already handle it (set it instead).
            raise ValueError(f"Key '{key}' not found")
        return result

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        # The keys that were not stored: all of them.
        return self._guarded(list(data), super().set_many, data, timeout, version)

    def delete_many(self, keys, version=None):
        return self._guarded(None, super().delete_many, keys, version)

    def clear(self):
        return self._guarded(None, super().clear)
