"""Django's Redis cache backend, keeping one client object per connection pool.

Django builds a new ``redis.Redis`` for every cache call; with redis-py 8 that
costs more than serving a cached page (each one builds its table of response
callbacks). The pools, and so the connections, stay Django's own.
"""

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient


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
        super().__init__(server, params)
        self._class = ReusingRedisCacheClient

    def validate_key(self, key):
        """Redis takes any key; the base class checks each character for memcached's sake."""

    def publish(self, channel: str, message: str) -> None:
        self._cache.get_client(write=True).publish(self.make_key(channel), message)

    def subscribe(self, channel: str):
        """A redis-py ``PubSub`` on ``channel``, named like a key: sites sharing a server differ."""
        # On the server that takes the writes: Redis answers a PUBLISH after
        # queuing the message to its own subscribers, not a replica's.
        pubsub = self._cache.get_client(write=True).pubsub()
        pubsub.subscribe(self.make_key(channel))
        return pubsub
