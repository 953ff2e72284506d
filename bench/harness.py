"""Real servers for the load, fault and multi-process scripts: a throwaway
PostgreSQL cluster, gunicorn app servers, and a small HTTP client for replies.

Everything listens on 127.0.0.1 only and is stopped by the context managers.
The shared PostgreSQL on port 5432 is never touched.
"""

from __future__ import annotations

import glob
import http.cookiejar
import io
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable


def _pg_bin(name: str) -> str:
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    if found:
        return found[-1]
    path = shutil.which(name)
    if not path:
        raise RuntimeError(f"PostgreSQL's {name} was not found (apt-get install postgresql).")
    return path


def port_is_open(port: int, host: str = "127.0.0.1") -> bool:
    with socket.socket() as sock:
        sock.settimeout(0.2)
        return sock.connect_ex((host, port)) == 0


def wait_for(predicate, timeout: float, what: str, interval: float = 0.1):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = predicate()
        if result:
            return result
        time.sleep(interval)
    raise RuntimeError(f"Timed out after {timeout}s waiting for {what}")


class ThrowawayPostgres:
    """A private PostgreSQL cluster in a temporary folder, on its own port."""

    def __init__(self, port: int = 5499):
        if port_is_open(port):
            raise RuntimeError(f"Port {port} is already in use; is another throwaway cluster running?")
        self.port = port
        self.dir = Path(tempfile.mkdtemp(prefix="newsroom-pg-"))
        self.data = self.dir / "data"
        self.log = self.dir / "postgres.log"
        self.url = f"postgres://postgres@127.0.0.1:{port}/newsroom"
        # initdb refuses to run as root: run the cluster as the postgres user then.
        self.as_user = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []

    def _run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        return subprocess.run(
            [*self.as_user, *args], check=check, capture_output=True, text=True, timeout=120
        )

    def __enter__(self) -> ThrowawayPostgres:
        if self.as_user:
            shutil.chown(self.dir, "postgres")
        self._run(_pg_bin("initdb"), "-D", str(self.data), "-U", "postgres", "--auth=trust", "-E", "UTF8")
        self.start()
        self._run(_pg_bin("createdb"), "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", "newsroom")
        return self

    def start(self) -> None:
        options = f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.dir} -c fsync=off"
        self._run(_pg_bin("pg_ctl"), "-D", str(self.data), "-l", str(self.log), "-o", options, "-w", "start")

    def stop(self, mode: str = "fast") -> None:
        self._run(_pg_bin("pg_ctl"), "-D", str(self.data), "-m", mode, "-w", "stop", check=False)

    def __exit__(self, *exc) -> None:
        self.stop("immediate")
        shutil.rmtree(self.dir, ignore_errors=True)


def app_env(database_url: str, **extra: str) -> dict[str, str]:
    """A production-like environment (DEBUG off) for plain HTTP on the loopback."""
    env = {name: os.environ[name] for name in ("PATH", "HOME", "LANG") if name in os.environ}
    env.update(
        DEBUG="0",
        SECRET_KEY="bench-" + "k" * 60,
        ALLOWED_HOSTS="127.0.0.1,localhost",
        DATABASE_URL=database_url,
        SECURE_SSL_REDIRECT="0",
        SECURE_COOKIES="0",
        SECURE_HSTS_SECONDS="0",
        EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend",
        REPLY_MIN_SECONDS="0",
        LOG_LEVEL="WARNING",
    )
    env.update(extra)
    return env


def gunicorn_command(app: str, port: int, workers: int, *options: str) -> list[str]:
    """Gunicorn as the benches measure it: sync workers, no access log, no recycling while measuring."""
    return [
        str(Path(PYTHON).with_name("gunicorn")),
        app,
        *options,
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers),
        "--worker-class",
        "sync",
        "--access-logfile",
        "/dev/null",
        "--max-requests",
        "0",
    ]


class QueryTimer:
    """Queries and their time, each timed in full (Django's query log rounds each to the millisecond)."""

    def __init__(self):
        self.count, self.seconds = 0, 0.0

    def __call__(self, execute, sql, params, many, context):
        start = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.count += 1
            self.seconds += time.perf_counter() - start


def wsgi_get(application, path: str, **headers: str) -> tuple[str, bytes]:
    """GET ``path`` from a WSGI ``application`` in this process, as 127.0.0.1 (no server, no
    socket: only the site's own work is measured); its status line and body."""
    environ = {
        "REQUEST_METHOD": "GET", "PATH_INFO": path, "QUERY_STRING": "", "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "80", "SERVER_PROTOCOL": "HTTP/1.1", "HTTP_HOST": "127.0.0.1",
        "wsgi.url_scheme": "http", "wsgi.input": io.BytesIO(), "wsgi.errors": sys.stderr, **headers,
    }  # fmt: skip
    statuses = []
    body = application(environ, lambda status, response_headers, exc_info=None: statuses.append(status))
    try:
        return statuses[0], b"".join(body)
    finally:
        body.close()


def in_process_site(database: str) -> None:
    """Settings for measuring pages in this process against a bench archive: nothing kept
    between requests (no page cache, no parts, no Redis), no second factor for the staff."""
    pg = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
    os.environ.update(
        app_env(
            f"{pg}/{database}",
            DJANGO_SETTINGS_MODULE="newsroom.settings",
            ALLOWED_HOSTS="testserver",
            PAGECACHE="0",
            PAGECACHE_FRAGMENTS="0",
            NEWSROOM_REQUIRE_2FA="0",
        )
    )
    os.environ.pop("REDIS_URL", None)  # a local memory cache: nothing shared with other runs


def manage(env: dict[str, str], *args: str) -> str:
    result = subprocess.run(
        [PYTHON, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )
    if result.returncode:
        raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


CREATE_ARTICLE = """
from tests.factories import ArticleFactory
article = ArticleFactory(title="Replies under load", comments_open=True)
print(article.pk, article.get_absolute_url())
"""


def prepare_site(env: dict[str, str]) -> tuple[int, str]:
    """Migrate, collect static files, and publish one article open for replies."""
    manage(env, "migrate", "--noinput", "-v", "0")
    manage(env, "collectstatic", "--noinput", "-v", "0")
    pk, url = manage(env, "shell", "-c", CREATE_ARTICLE).split()[-2:]
    return int(pk), url


@dataclass
class AppServer:
    """gunicorn serving newsroom.wsgi on 127.0.0.1:port."""

    port: int
    env: dict[str, str]
    workers: int = 2
    threads: int = 4
    process: subprocess.Popen | None = field(default=None, repr=False)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> AppServer:
        if port_is_open(self.port):
            raise RuntimeError(f"Port {self.port} is already in use.")
        self.log = tempfile.NamedTemporaryFile(prefix=f"gunicorn-{self.port}-", suffix=".log", delete=False)
        self.process = subprocess.Popen(
            [
                PYTHON,
                "-m",
                "gunicorn",
                "newsroom.wsgi",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                str(self.workers),
                "--threads",
                str(self.threads),
                "--timeout",
                "30",
                "--access-logfile",
                "/dev/null",
            ],
            cwd=ROOT,
            env=self.env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        wait_for(lambda: port_is_open(self.port), 30, f"gunicorn on port {self.port}")
        # Workers load the app after the port opens; wait for a real answer.
        wait_for(
            lambda: Reader(self.url).get("/", timeout=30).status, 60, f"a page from port {self.port}", 0.5
        )
        return self

    def __exit__(self, *exc) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
        self.log.close()
        os.unlink(self.log.name)


@dataclass
class Answer:
    status: int  # 0: no HTTP answer at all (connection refused or reset)
    location: str = ""
    body: str = ""


_TOKEN = re.compile(r'name="(csrfmiddlewaretoken|started)" value="([^"]*)"')
_REPLY_FORM = re.compile(r'<form[^>]*action="([^"]*)"(?:(?!</form>).)*?name="started".*?</form>', re.S)


class Reader:
    """One reader's browser: cookies, the reply form's tokens, plain urllib."""

    def __init__(self, base_url: str, forwarded_for: str | None = None):
        self.base = base_url
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar), _NoRedirect())
        self.headers = {"X-Forwarded-For": forwarded_for} if forwarded_for else {}

    def get(self, path: str, timeout: float = 10) -> Answer:
        return self._open(urllib.request.Request(self.base + path, headers=self.headers), timeout)

    def reply_form(self, article_path: str) -> tuple[str, dict[str, str]]:
        """The reply form's action and hidden tokens; the CSRF cookie stays in this reader's jar."""
        answer = self.get(article_path, timeout=30)
        if answer.status != 200:
            raise RuntimeError(f"GET {article_path} answered {answer.status}")
        match = _REPLY_FORM.search(answer.body)
        if not match:
            raise RuntimeError(f"No reply form on {article_path}")
        # The form's start token counts whole seconds: let one pass, or even with
        # REPLY_MIN_SECONDS=0 the post could look faster than a person (spam).
        time.sleep(1.1)
        return match.group(1), dict(_TOKEN.findall(match.group(0)))

    def post(self, path: str, data: dict, headers: dict | None = None, timeout: float = 20) -> Answer:
        """POST a form. The cookie jar is thread-safe, so threads may share one reader."""
        request = urllib.request.Request(
            self.base + path,
            data=urllib.parse.urlencode(data).encode(),
            headers={**self.headers, **(headers or {})},
            method="POST",
        )
        return self._open(request, timeout)

    def _open(self, request, timeout) -> Answer:
        try:
            with self.opener.open(request, timeout=timeout) as response:
                return Answer(response.status, response.headers.get("Location", ""), response.read().decode())
        except urllib.error.HTTPError as error:
            body = error.read().decode(errors="replace")
            return Answer(error.code, error.headers.get("Location", ""), body)
        except (OSError, urllib.error.URLError):
            return Answer(0)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def unique_suffix() -> str:
    return secrets.token_hex(4)
