"""Django's Redis cache backend, failing open, with one client object per pool.

A cache must never take the site down: with Redis refused or hung, pages are
rendered uncached. Connections time out quickly (``socket_connect_timeout``
and ``socket_timeout``, 0.25 s unless OPTIONS say otherwise); an error opens
a circuit breaker for ``REDIS_BREAKER_SECONDS``, during which every call
answers at once as a miss (reads), a failure (``set_many``) or a pass
(``add``: flood limits let replies through) without touching the network,
and is logged once per interval. ``recoveries`` counts the outages ended, so
the page cache can forget what it kept before one (bumps made during it were
lost).

Django builds a new ``redis.Redis`` for every call; with redis-py 8 that costs
more than serving a cached page. The pools and connections stay Django's.
"""

import contextlib
import logging
import time

from django.conf import settings
from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient

logger = logging.getLogger(__name__)

# What each call answers while Redis is away.
_ANSWERS = {"get": "default", "get_many": {}, "add": True, "set": None, "set_many": "keys", "has_key": False}
_ANSWERS |= dict.fromkeys(["delete", "touch"], False) | dict.fromkeys(["delete_many", "clear", "incr"], None)


class ReusingRedisCacheClient(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            client = self._clients[index] = self._client(connection_pool=self._get_connection_pool(write))
        return client


class RedisCache(DjangoRedisCache):
    def __init__(self, server, params):
        options = params.setdefault("OPTIONS", {})
        options.setdefault("socket_connect_timeout", 0.25)
        options.setdefault("socket_timeout", 0.25)
        options.setdefault("socket_keepalive", True)
        options.setdefault("health_check_interval", 5)  # a PING on a connection idle this long
        super().__init__(server, params)
        self._class = ReusingRedisCacheClient
        self.open_until = 0.0  # the breaker: no call reaches Redis before this moment
        self.logged_at = 0.0
        self.recoveries = 0

    def validate_key(self, key):
        """Redis takes any key; the base class checks each character for memcached's sake."""

    def available(self) -> bool:
        return time.monotonic() >= self.open_until

    def _call(self, function, *args, **kwargs):
        if not self.available():
            raise ConnectionError("Redis is away (circuit open)")
        try:
            result = function(*args, **kwargs)
        except self._lib_errors() as error:
            self._trip(error)
            raise ConnectionError(str(error)) from error
        if self.open_until:
            self.open_until = 0.0
            self.recoveries += 1
            logger.warning("Redis answers again; the page cache starts afresh")
        return result

    def _lib_errors(self):
        import redis

        return (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError, OSError)

    def _trip(self, error) -> None:
        now = time.monotonic()
        self.open_until = now + getattr(settings, "REDIS_BREAKER_SECONDS", 2.0)
        if now - self.logged_at >= getattr(settings, "REDIS_LOG_INTERVAL", 60.0):
            self.logged_at = now
            logger.error("Redis unavailable, pages served uncached: %s", error)

    def publish(self, channel: str, message: str) -> None:
        # Subscribers lose their connection too, and read the epoch until back.
        with contextlib.suppress(ConnectionError):
            self._call(self._cache.get_client(write=True).publish, self.make_key(channel), message)

    def subscribe(self, channel: str):
        """A redis-py ``PubSub`` on ``channel``, named like a key: sites sharing a server differ."""
        return self._call(self._subscribed, channel)

    def _subscribed(self, channel):
        # On the server that takes the writes: Redis answers a PUBLISH after
        # queuing the message to its own subscribers, not a replica's.
        pubsub = self._cache.get_client(write=True).pubsub()
        pubsub.subscribe(self.make_key(channel))
        return pubsub


def _fail_open(name: str, answer):
    def method(self, *args, **kwargs):
        try:
            return self._call(getattr(DjangoRedisCache, name), self, *args, **kwargs)
        except ConnectionError:
            if answer == "default":
                return kwargs.get("default", args[1] if len(args) > 1 else None)
            if answer == "keys":
                return list(args[0] if args else kwargs["data"])
            return answer

    method.__name__ = name
    return method


for _name, _answer in _ANSWERS.items():
    setattr(RedisCache, _name, _fail_open(_name, _answer))
