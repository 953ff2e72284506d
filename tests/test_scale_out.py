"""Two app servers, one PostgreSQL and one Redis: a change made through one is
on the other's next page.

Starts two gunicorn instances on free ports in 8071-8079 against a database of
its own (created and dropped here) and Redis database 1 with a key prefix of its
own. Runs with the PostgreSQL suite; skipped when PostgreSQL or Redis is not
reachable on 127.0.0.1.
"""

from __future__ import annotations

import html
import http.cookiejar
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from html.parser import HTMLParser
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PG = os.environ.get("SCALE_OUT_PG", "postgres://postgres@127.0.0.1:5432")
REDIS = os.environ.get("SCALE_OUT_REDIS", "redis://127.0.0.1:6379/1")
pytestmark = [pytest.mark.scale_out, pytest.mark.postgres]


def _reachable(host: str, port: int) -> bool:
    try:
        socket.create_connection((host, port), timeout=1).close()
        return True
    except OSError:
        return False


def _free_ports(count: int) -> list[int]:
    ports = []
    for port in range(8071, 8080):
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) != 0:
                ports.append(port)
        if len(ports) == count:
            return ports
    pytest.skip("no free port in 8071-8079")


def _admin_sql(statement: str) -> None:
    import psycopg2

    connection = psycopg2.connect(f"{PG}/postgres")
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute(statement)
    connection.close()


SETUP = """
from django.contrib.auth import get_user_model
from articles.models import Article, Author, Byline, Category
category = Category.objects.create(name="Politics", slug="politics", show_on_home=True)
author = Author.objects.create(name="Mariam Noori", slug="mariam-noori")
article = Article.objects.create(
    title="Talks resume in Doha", slug="talks-resume", status="published", primary_category=category,
    body="<p>Delegations met again.</p>",
)
article.categories.add(category)
Byline.objects.create(article=article, author=author)
get_user_model().objects.create_superuser("chief", "chief@example.org", "a-long-test-password")
from comments.models import Reply
reply = Reply.objects.create(
    article=article, name="Farid", email="farid@example.org", body="A reader's question about Doha.",
    status="pending",
)
print("CREATED", article.pk, article.get_absolute_url(), reply.pk)
"""


@pytest.fixture(scope="module")
def servers():
    # Part of the PostgreSQL run of the suite (make test with DATABASE_URL): marked postgres.
    if not (_reachable("127.0.0.1", 5432) and _reachable("127.0.0.1", 6379)):
        pytest.skip("needs PostgreSQL and Redis on 127.0.0.1")
    name = f"test_scale_out_{uuid.uuid4().hex[:8]}"
    prefix = f"test-scale-out-{uuid.uuid4().hex[:8]}"
    _admin_sql(f'CREATE DATABASE "{name}"')
    env = {
        **os.environ,
        "DATABASE_URL": f"{PG}/{name}",
        "REDIS_URL": REDIS,
        "CACHE_KEY_PREFIX": prefix,
        "SECRET_KEY": "scale-out-test-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
        "DEBUG": "0",
        "ALLOWED_HOSTS": "127.0.0.1",
        "PAGECACHE": "1",
        # Plain HTTP on the loopback: no redirect to https, cookies without the Secure flag.
        "SECURE_SSL_REDIRECT": "0",
        "SECURE_COOKIES": "0",
        "SECURE_HSTS_SECONDS": "0",
        "PYTHONPATH": str(ROOT),
        "DJANGO_SETTINGS_MODULE": "newsroom.settings",
    }
    for variable in ("TEST_DATABASE_NAME", "PYTEST_XDIST_WORKER"):
        env.pop(variable, None)
    processes = []
    try:
        manage = [sys.executable, str(ROOT / "manage.py")]
        subprocess.run([*manage, "migrate", "--noinput"], env=env, check=True, capture_output=True)
        subprocess.run([*manage, "collectstatic", "--noinput"], env=env, check=True, capture_output=True)
        output = subprocess.run(
            [*manage, "shell", "-c", SETUP], env=env, check=True, capture_output=True, text=True
        ).stdout
        created = re.search(r"^CREATED (\d+) (\S+) (\d+)$", output, re.M).groups()
        ports = _free_ports(2)
        for port in ports:
            processes.append(
                subprocess.Popen(
                    [
                        str(Path(sys.executable).with_name("gunicorn")),
                        "newsroom.wsgi",
                        "--config",
                        str(ROOT / "gunicorn.conf.py"),
                        "--bind",
                        f"127.0.0.1:{port}",
                        "--workers",
                        "1",
                        "--access-logfile",
                        "/dev/null",
                    ],
                    cwd=ROOT,
                    env=env,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                )
            )
        for port in ports:
            _wait_for(f"http://127.0.0.1:{port}/")
        yield {
            "one": f"http://127.0.0.1:{ports[0]}",
            "two": f"http://127.0.0.1:{ports[1]}",
            "article_id": int(created[0]),
            "article_url": created[1],
            "reply_id": int(created[2]),
        }
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(timeout=20)
        _admin_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        _drop_keys(prefix)


def _drop_keys(prefix: str) -> None:
    import redis

    client = redis.Redis.from_url(REDIS)
    for key in client.scan_iter(match=f"{prefix}:*", count=1000):
        client.delete(key)


def _wait_for(url: str) -> None:
    deadline = time.time() + 40
    while time.time() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2).read()
            return
        except OSError:
            time.sleep(0.3)
    raise AssertionError(f"{url} did not answer")


def _cached(url: str) -> str:
    """The page once the server answers it from the cache (stored a second after a change)."""
    deadline = time.time() + 10
    while time.time() < deadline:
        headers, page = _get(url)
        if headers["X-Page-Cache"] == "hit":
            return page
        time.sleep(0.3)
    raise AssertionError(f"{url} never came from the cache")


def _get(url: str):
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.headers, response.read().decode()


class _FormReader(HTMLParser):
    """The fields of the form with ``id``, as a browser would submit them."""

    def __init__(self, form_id: str):
        super().__init__()
        self.form_id, self.inside, self.fields = form_id, False, []
        self._select = self._textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and attrs.get("id") == self.form_id:
            self.inside = True
        if not self.inside:
            return
        name = attrs.get("name")
        if tag == "input" and name and attrs.get("type") not in {"submit", "button", "file", "image"}:
            if attrs.get("type") in {"checkbox", "radio"} and "checked" not in attrs:
                return
            self.fields.append([name, attrs.get("value", "on" if attrs.get("type") == "checkbox" else "")])
        elif tag == "select" and name:
            self._select = name
        elif tag == "option" and self._select and "selected" in attrs:
            self.fields.append([self._select, attrs.get("value", "")])
        elif tag == "textarea" and name:
            self._textarea = [name, ""]
            self.fields.append(self._textarea)

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None


class Browser:
    def __init__(self, base: str):
        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )

    def get(self, path: str) -> str:
        with self.opener.open(self.base + path, timeout=15) as response:
            return response.read().decode()

    def submit(self, path: str, form_id: str, changes: dict[str, str], extra: dict[str, str] | None = None):
        reader = _FormReader(form_id)
        reader.feed(self.get(path))
        assert reader.fields, f"no form #{form_id} on {path}"
        fields = [[name, html.unescape(value)] for name, value in reader.fields]
        for name, value in changes.items():
            for field in fields:
                if field[0] == name:
                    field[1] = value
        fields += list((extra or {}).items())
        data = urllib.parse.urlencode([(name, value) for name, value in fields]).encode()
        request = urllib.request.Request(self.base + path, data=data, headers={"Referer": self.base + path})
        with self.opener.open(request, timeout=15) as response:
            return response.geturl(), response.read().decode()

    def login(self, username: str, password: str) -> None:
        url, page = self.submit(
            "/admin/login/?next=/admin/", "login-form", {"username": username, "password": password}
        )
        assert url.endswith("/admin/"), "login failed"


def test_an_article_edited_through_one_server_shows_on_the_other(servers):
    article_url = servers["article_url"]
    two = servers["two"]
    # The second server has the page cached ...
    assert "Talks resume in Doha" in _cached(two + article_url)
    _cached(two + "/")

    # ... an editor changes the title through the first ...
    editor = Browser(servers["one"])
    editor.login("chief", "a-long-test-password")
    url, _ = editor.submit(
        f"/admin/articles/article/{servers['article_id']}/change/",
        "article_form",
        {"title": "Talks collapse in Doha"},
        extra={"_save": "Save"},
    )
    assert re.search(r"/admin/articles/article/(\?.*)?$", url), url

    # ... and the second server's next page shows it, on the article and the home page.
    headers, page = _get(two + article_url)
    assert "Talks collapse in Doha" in page
    assert "Talks collapse in Doha" in _get(two + "/")[1]


def test_a_reply_approved_through_one_server_shows_on_the_other(servers):
    article_url, two = servers["article_url"], servers["two"]
    assert "question about Doha" not in _cached(two + article_url)

    moderator = Browser(servers["one"])
    moderator.login("chief", "a-long-test-password")
    moderator.get("/admin/comments/reply/")
    moderator.submit(
        "/admin/comments/reply/",
        "changelist-form",
        {"action": "approve_replies"},
        extra={"_selected_action": str(servers["reply_id"]), "index": "0"},
    )

    headers, page = _get(two + article_url)
    assert "question about Doha" in page
