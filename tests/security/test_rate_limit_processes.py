"""Reply flood limits hold across app servers: two gunicorn processes sharing Redis.

Each server is a separate process with its own memory; only the cache (Redis
database 2, under a key prefix of this test's own) and the database file are
shared. A limit kept in process memory would let the second post through.
"""

import os

import pytest

from bench.harness import AppServer, Reader, app_env, port_is_open, prepare_site, unique_suffix

REDIS = "redis://127.0.0.1:6379/2"
FLOOD = "You are posting comments too quickly"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    if not port_is_open(6379):
        message = "Redis is not running on 127.0.0.1:6379"
        pytest.fail(message) if os.environ.get("CI") else pytest.skip(message)
    folder = tmp_path_factory.mktemp("two-app-servers")
    env = app_env(
        f"sqlite:///{folder}/db.sqlite3",
        STATIC_ROOT=str(folder / "static"),
        TRUSTED_PROXY_COUNT="1",  # readers' addresses come from X-Forwarded-For
        PAGECACHE="0",
        REPLY_FLOOD_SECONDS="60",
    )
    _, article_path = prepare_site(env)
    return env, article_path


@pytest.fixture
def redis_env(site):
    import redis

    env, _ = site
    prefix = f"security-test-{unique_suffix()}"
    yield {**env, "REDIS_URL": REDIS, "CACHE_KEY_PREFIX": prefix}
    client = redis.Redis.from_url(REDIS)
    keys = list(client.scan_iter(match=f"{prefix}:*"))
    if keys:
        client.delete(*keys)


def post_reply(server, article_path, *, ip, email, body):
    reader = Reader(server.url, forwarded_for=ip)
    action, tokens = reader.reply_form(article_path)
    return reader.post(action, {**tokens, "name": "Zahra", "email": email, "body": body})


def test_flood_limit_is_counted_across_two_app_processes(site, redis_env):
    _, article_path = site
    with (
        AppServer(8061, redis_env, workers=1, threads=2) as one,
        AppServer(8062, redis_env, workers=1, threads=2) as two,
    ):
        first = post_reply(one, article_path, ip="203.0.113.5", email="zahra@example.org", body="First word.")
        assert first.status == 302 and "#reply-" in first.location

        # Same address, other server: refused with the message.
        same_ip = post_reply(two, article_path, ip="203.0.113.5", email="other@example.org", body="Second.")
        assert same_ip.status == 429
        assert FLOOD in same_ip.body

        # Same email from another address, other server: refused too.
        same_email = post_reply(
            two, article_path, ip="198.51.100.7", email="zahra@example.org", body="Third."
        )
        assert same_email.status == 429

        # Someone else entirely is not held back by Zahra's limit.
        other = post_reply(two, article_path, ip="192.0.2.44", email="farid@example.org", body="Hello.")
        assert other.status == 302


def test_without_a_shared_cache_the_second_server_would_let_it_through(site, tmp_path):
    """The control: a cache each server keeps to itself cannot hold a limit across servers."""
    env, article_path = site
    own = [{**env, "CACHE_DIR": str(tmp_path / name)} for name in ("one", "two")]
    with (
        AppServer(8061, own[0], workers=1, threads=2) as one,
        AppServer(8062, own[1], workers=1, threads=2) as two,
    ):
        assert (
            post_reply(one, article_path, ip="203.0.113.9", email="a@example.org", body="One.").status == 302
        )
        assert (
            post_reply(two, article_path, ip="203.0.113.9", email="b@example.org", body="Two.").status == 302
        )
