"""The Redis backend is Django's, with its client objects reused between calls."""

import socket
import uuid

import pytest
from django.core.cache.backends.redis import RedisCache as DjangoRedisCache

from newsroom.redis_cache import RedisCache


def redis_available() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=1).close()
        return True
    except OSError:
        return False


@pytest.mark.skipif(not redis_available(), reason="needs Redis on 127.0.0.1:6379")
def test_stores_and_reads_with_one_client_per_pool():
    cache = RedisCache("redis://127.0.0.1:6379/1", {"KEY_PREFIX": f"test-redis-cache-{uuid.uuid4().hex[:8]}"})
    assert isinstance(cache, DjangoRedisCache)
    try:
        cache.set("page", b"<html>", timeout=30)
        cache.set_many({"a": 1, "b": 2}, timeout=30)
        assert cache.get("page") == b"<html>"
        assert cache.get_many(["a", "b", "missing"]) == {"a": 1, "b": 2}
        client = cache._cache.get_client(write=True)
        assert cache._cache.get_client(write=True) is client
    finally:
        cache.delete_many(["page", "a", "b"])
