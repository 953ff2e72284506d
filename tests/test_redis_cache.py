"""The Redis backend is Django's, with its client objects reused between calls."""

import socket
import uuid

import pytest
from django.core.cache.backends.redis import RedisCache as DjangoRedisCache

from newsroom import pagecache
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


@pytest.fixture
def two_processes():
    """Two cache clients of one site, as two app servers hold them."""
    prefix = f"test-epoch-{uuid.uuid4().hex[:8]}"
    caches = [RedisCache("redis://127.0.0.1:6379/1", {"KEY_PREFIX": prefix}) for _ in range(2)]
    yield caches
    caches[0].delete_many([pagecache.EPOCH_KEY, pagecache.TAG_PREFIX + "menu"])


class CountingReads:
    def __init__(self, cache):
        self.cache, self.reads = cache, 0

    def __getattr__(self, name):
        return getattr(self.cache, name)

    def get(self, *args, **kwargs):
        self.reads += 1
        return self.cache.get(*args, **kwargs)


@pytest.mark.skipif(not redis_available(), reason="needs Redis on 127.0.0.1:6379")
def test_a_process_learns_of_another_ones_bump_without_reading_the_epoch_each_time(
    two_processes, monkeypatch
):
    here, there = CountingReads(two_processes[0]), two_processes[1]
    monkeypatch.setattr(pagecache, "_cache", lambda: there)
    pagecache.bump("menu")
    watch = pagecache._EpochWatch()
    first = watch.epoch(here)
    assert first == there.get(pagecache.EPOCH_KEY)
    assert [watch.epoch(here) for _ in range(5)] == [first] * 5
    assert here.reads == 1  # the rest came from the subscription: nothing announced

    pagecache.bump("menu")  # by the other app server
    assert watch.epoch(here) == there.get(pagecache.EPOCH_KEY) != first
    assert here.reads == 2


@pytest.mark.skipif(not redis_available(), reason="needs Redis on 127.0.0.1:6379")
def test_a_bump_made_while_the_subscription_was_down_is_not_missed(two_processes, monkeypatch):
    here, there = two_processes
    monkeypatch.setattr(pagecache, "_cache", lambda: there)
    pagecache.bump("menu")
    watch = pagecache._EpochWatch()
    first = watch.epoch(here)
    watch.pubsub.connection.disconnect()  # Redis restarted, a network blip…
    pagecache.bump("menu")
    assert watch.epoch(here) == there.get(pagecache.EPOCH_KEY) != first


def test_without_publish_and_subscribe_every_check_reads_the_epoch():
    from django.core.cache.backends.locmem import LocMemCache

    cache = CountingReads(LocMemCache("watch-test", {}))
    cache.set(pagecache.EPOCH_KEY, "1:a")
    watch = pagecache._EpochWatch()
    assert [watch.epoch(cache) for _ in range(3)] == ["1:a"] * 3
    assert cache.reads == 3


@pytest.mark.skipif(not redis_available(), reason="needs Redis on 127.0.0.1:6379")
@pytest.mark.django_db
def test_a_page_this_process_keeps_a_copy_of_is_stale_once_another_process_bumps_it(client, settings):
    """This process serves its own copy while no bump is announced; another app server's
    bump (here a separate Python process on the same Redis) reaches it, and the next
    request renders the page again."""
    import os
    import subprocess
    import sys

    from tests.factories import ArticleFactory
    from tests.test_pagecache import warm

    prefix = f"test-epoch-{uuid.uuid4().hex[:8]}"
    settings.CACHES = {
        "default": {
            "BACKEND": "newsroom.redis_cache.RedisCache",
            "LOCATION": "redis://127.0.0.1:6379/1",
            "KEY_PREFIX": prefix,
        }
    }
    article = ArticleFactory(title="Before the other server")
    url = article.get_absolute_url()
    warm(client, url)
    assert client.get(url)["X-Page-Cache"] == "hit"
    code = "import django; django.setup(); from newsroom import pagecache; pagecache.bump(%r)"
    env = {**os.environ, "REDIS_URL": "redis://127.0.0.1:6379/1", "CACHE_KEY_PREFIX": prefix}
    env |= {"DJANGO_SETTINGS_MODULE": "newsroom.settings", "DEBUG": "1"}
    subprocess.run([sys.executable, "-c", code % pagecache.tag(article)], env=env, check=True)
    assert client.get(url)["X-Page-Cache"] == "miss"
