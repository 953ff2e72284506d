"""A PostgreSQL that accepts connections and never answers gives the outage 503 within seconds (finding 6)."""

import os
import secrets
import socket
import subprocess
import sys
import threading
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

REQUEST = """
import time
from django.test import Client
started = time.monotonic()
response = Client(raise_request_exception=False).get("/", HTTP_HOST="localhost")
print(response.status_code, response.get("Retry-After"), round(time.monotonic() - started, 1))
"""


@pytest.fixture
def hung_server():
    """A TCP port that accepts connections and then says nothing, like a hung PostgreSQL."""
    listener = socket.create_server(("127.0.0.1", 0))
    held, stop = [], threading.Event()

    def accept():
        listener.settimeout(0.2)
        while not stop.is_set():
            try:
                held.append(listener.accept()[0])
            except TimeoutError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield listener.getsockname()[1]
    stop.set()
    thread.join()
    for connection in held:
        connection.close()
    listener.close()


def test_a_hung_database_gives_the_503_page_within_seconds(hung_server):
    env = {name: os.environ[name] for name in ("PATH", "HOME", "LANG") if name in os.environ}
    # DEBUG=1 only because a checkout has no collected static files for the
    # 503 page's stylesheet link; the outage middleware answers either way.
    env.update(
        DEBUG="1",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="localhost",
        PAGECACHE="0",
        DATABASE_URL=f"postgres://newsroom@127.0.0.1:{hung_server}/newsroom",
    )
    # Without timeouts this waits for ever; 60 s is the test's own limit.
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", REQUEST],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    status, retry_after, seconds = result.stdout.split()[-3:]
    assert (status, retry_after) == ("503", "30")
    assert float(seconds) < 10


def test_statement_and_connect_timeouts_are_set_for_postgresql():
    code = "from django.conf import settings; print(settings.DATABASES['default']['OPTIONS'])"
    env = {name: os.environ[name] for name in ("PATH", "HOME", "LANG") if name in os.environ}
    env.update(DEBUG="1", DATABASE_URL="postgres://newsroom@127.0.0.1:5432/newsroom")
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code], cwd=ROOT, env=env, capture_output=True, text=True
    )
    options = result.stdout.strip().splitlines()[-1]
    assert "'connect_timeout': 3" in options
    assert "statement_timeout=15000" in options
