"""The cache fails open: with Redis refused or hung, every public page still answers, uncached."""

import logging
import socket
import threading
import time

import pytest
from django.core.cache import caches
from django.test import Client

from comments.models import Reply
from tests.comments.test_posting import post
from tests.factories import ArticleFactory


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class HungRedis:
    """A listener that takes connections and never answers, as a frozen Redis does."""

    def __init__(self):
        self.server = socket.socket()
        self.server.bind(("127.0.0.1", 0))
        self.server.listen(64)
        self.port = self.server.getsockname()[1]
        self.accepted = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while True:
            try:
                connection, _ = self.server.accept()
            except OSError:
                return
            self.accepted.append(connection)  # held open, never read nor answered

    def close(self):
        self.server.close()
        for connection in self.accepted:
            connection.close()


def render_times(article) -> dict[str, float]:
    """Each page rendered uncached with a cache that works: what the machine itself costs."""
    client, times = Client(), {}
    for url in public_urls(article):
        started = time.monotonic()
        client.get(url, HTTP_COOKIE="sessionid=x")  # a session: rendered, never from the cache
        times[url] = time.monotonic() - started
    return times


@pytest.fixture(params=["refused", "hung"])
def redis_away(request, settings, article):
    rounds = [render_times(article) for _ in range(2)]
    baseline = {url: max(found[url] for found in rounds) for url in rounds[0]}
    hung = HungRedis() if request.param == "hung" else None
    port = hung.port if hung else _free_port()  # nothing listens on a free port: refused
    settings.CACHES = {
        "default": {
            "BACKEND": "newsroom.redis_cache.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{port}/0",
            "OPTIONS": {"socket_connect_timeout": 0.25, "socket_timeout": 0.25},
        }
    }
    settings.REDIS_BREAKER_SECONDS = 2.0
    settings.PAGECACHE_ENABLED = True
    yield baseline
    if hung:
        hung.close()


def public_urls(article) -> list[str]:
    author = article.bylines.first().author
    tag = article.tags.first()
    day = article.publish_at
    return [
        "/",
        article.get_absolute_url(),
        article.primary_category.get_absolute_url(),
        f"/category/{article.primary_category.slug}/feed/",
        f"/tag/{tag.slug}/",
        f"/tag/{tag.slug}/feed/",
        f"/author/{author.slug}/",
        f"/author/{author.slug}/feed/",
        f"/{day:%Y}/",
        f"/{day:%Y/%m}/",
        "/search/?q=canals",
        "/feed/",
        "/feed/atom/",
        "/sitemap.xml",
        "/news-sitemap.xml",
        "/robots.txt",
    ]


@pytest.fixture
def article(db):
    return ArticleFactory(title="Water and the northern canals", tags=["water"])


@pytest.mark.django_db
def test_every_public_page_answers_within_a_second_while_redis_is_away(client, article, redis_away, caplog):
    caplog.set_level(logging.ERROR, logger="newsroom.redis_cache")
    for _ in range(2):  # the second round runs with the breaker open
        for url in public_urls(article):
            started = time.monotonic()
            response = client.get(url)
            elapsed = time.monotonic() - started
            assert response.status_code == 200, url
            # Within a second, besides what rendering costs on this (shared) machine anyway.
            assert elapsed < 1.0 + redis_away[url], (url, elapsed, redis_away[url])
            assert response.get("X-Page-Cache") in (None, "miss", "skip"), url
    # Logged once for the interval, not once per request.
    assert len([r for r in caplog.records if r.name == "newsroom.redis_cache"]) == 1


@pytest.mark.django_db
def test_replies_can_be_posted_while_redis_is_away(client, article, redis_away):
    response = post(client, article)
    assert response.status_code < 400
    assert Reply.objects.filter(article=article).count() == 1
    assert client.get(article.get_absolute_url()).status_code == 200


@pytest.mark.django_db
def test_a_hung_redis_is_not_asked_again_while_the_breaker_is_open(client, article, settings):
    hung = HungRedis()
    settings.CACHES = {
        "default": {
            "BACKEND": "newsroom.redis_cache.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{hung.port}/0",
            "OPTIONS": {"socket_connect_timeout": 0.25, "socket_timeout": 0.25},
        }
    }
    settings.REDIS_BREAKER_SECONDS = 30.0
    try:
        client.get("/")
        tried = len(hung.accepted)
        for _ in range(20):
            assert client.get(article.get_absolute_url()).status_code == 200
        # Twenty pages and no new connection: none of them waited on the network.
        assert len(hung.accepted) == tried
    finally:
        hung.close()


@pytest.mark.django_db
def test_pages_are_cached_again_once_redis_answers(client, article, settings):
    from tests.test_redis_cache import redis_available

    if not redis_available():
        pytest.skip("needs Redis on 127.0.0.1:6379")
    settings.CACHES = {
        "default": {
            "BACKEND": "newsroom.redis_cache.RedisCache",
            "LOCATION": "redis://127.0.0.1:6379/9",
            "KEY_PREFIX": f"test-outage-{_free_port()}",
        }
    }
    settings.PAGECACHE_ENABLED = True
    cache = caches["default"]
    url = article.get_absolute_url()
    for _ in range(3):
        client.get(url)
    assert client.get(url)["X-Page-Cache"] == "hit"
    # An outage: the breaker opens, a bump made meanwhile is lost.
    cache.open_until = time.monotonic() + 60
    assert client.get(url)["X-Page-Cache"] != "hit"
    Article = type(article)
    Article.objects.filter(pk=article.pk).update(title="Renamed while Redis was away")
    # Redis answers again: nothing kept before the outage is served.
    cache.open_until = time.monotonic() - 1
    cache.get("probe")
    response = client.get(url)
    assert "Renamed while Redis was away" in response.content.decode()
    cache.clear()
