"""Django's Redis cache backend, failing open: with Redis refused or hung, pages render uncached.

An error opens a circuit breaker for REDIS_BREAKER_SECONDS, in which every call
answers at once as a miss (README.md, "Page cache"); ``recoveries`` counts outages.
"""

import contextlib
import logging
import time

from django.conf import settings
from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient

logger = logging.getLogger(__name__)

# What each call answers while Redis is away ("default": the caller's default, "keys": every key failed).
_ANSWERS = {"get": "default", "get_many": {}, "add": True, "set": None, "set_many": "keys", "has_key": False}
_ANSWERS |= dict.fromkeys(["delete", "touch"], False) | dict.fromkeys(["delete_many", "clear", "incr"], None)


class ReusingRedisCacheClient(RedisCacheClient):
    """One client per pool: Django builds one per call, which costs more than a cached page."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        if index not in self._clients:
            self._clients[index] = self._client(connection_pool=self._get_connection_pool(write))
        return self._clients[index]


class RedisCache(DjangoRedisCache):
    def __init__(self, server, params):
        options = {"socket_connect_timeout": 0.25, "socket_timeout": 0.25, "socket_keepalive": True}
        options["health_check_interval"] = 5  # a PING on a connection idle this long
        params["OPTIONS"] = options | params.get("OPTIONS", {})
        super().__init__(server, params)
        self._class = ReusingRedisCacheClient
        self.open_until = self.logged_at = 0.0  # the breaker: no call reaches Redis before open_until
        self.recoveries = 0

    def validate_key(self, key):  # Redis takes any key; the base class checks for memcached's sake
        pass

    def available(self) -> bool:
        return time.monotonic() >= self.open_until

    def _call(self, function, *args, **kwargs):
        import redis

        if not self.available():
            raise ConnectionError("Redis is away (circuit open)")
        try:
            result = function(*args, **kwargs)
        except (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError, OSError) as error:
            now = time.monotonic()
            self.open_until = now + settings.REDIS_BREAKER_SECONDS
            if now - self.logged_at >= 60:
                self.logged_at = now
                logger.error("Redis unavailable, pages served uncached: %s", error)
            raise ConnectionError(str(error)) from error
        if self.open_until:
            self.open_until, self.recoveries = 0.0, self.recoveries + 1
            logger.warning("Redis answers again; the page cache starts afresh")
        return result

    def publish(self, channel: str, message: str) -> None:
        with contextlib.suppress(ConnectionError):  # subscribers lost theirs too: they read the epoch
            self._call(self._cache.get_client(write=True).publish, self.make_key(channel), message)

    def subscribe(self, channel: str):
        """A ``PubSub`` on ``channel``, named like a key, on the server taking writes (and PUBLISHes)."""
        pubsub = self._cache.get_client(write=True).pubsub()
        self._call(pubsub.subscribe, self.make_key(channel))
        return pubsub


def _fail_open(name: str, answer):
    def method(self, *args, **kwargs):
        try:
            return self._call(getattr(DjangoRedisCache, name), self, *args, **kwargs)
        except ConnectionError:
            if answer == "default":
                return kwargs.get("default", args[1] if len(args) > 1 else None)
            return list(args[0] if args else kwargs["data"]) if answer == "keys" else answer

    method.__name__ = name
    return method


for _name, _answer in _ANSWERS.items():
    setattr(RedisCache, _name, _fail_open(_name, _answer))
