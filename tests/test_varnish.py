"""Exact at the edge: Varnish (deploy/varnish.vcl) in front of gunicorn, purged by xkey.

Starts gunicorn (SQLite and the file cache in a temporary folder, one worker)
and Debian's varnishd with the repo's VCL, each on a free loopback port.
Changes are made from another process (``manage.py shell``), as an editor's
or a moderator's would be: after each, the next request through Varnish shows
it, and between changes the requests never reach gunicorn (its access log
does not grow). Skipped where varnishd or its xkey module is missing
(``make edge`` installs both; ``.ci/run`` runs it).
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
VARNISHD = shutil.which("varnishd") or "/usr/sbin/varnishd"
XKEY = [Path("/usr/lib/x86_64-linux-gnu/varnish/vmods/libvmod_xkey.so"), Path("/usr/lib/varnish/vmods")]

pytestmark = pytest.mark.skipif(
    not (os.path.exists(VARNISHD) and any(path.exists() for path in XKEY)),
    reason="needs Debian's varnish and varnish-modules (make edge)",
)

SETUP = """
from articles.models import Article, Author, Byline, Category
from comments.models import Reply
category = Category.objects.create(name="Politics", slug="politics", show_on_home=True)
author = Author.objects.create(name="Mariam Noori", slug="mariam-noori")
article = Article.objects.create(
    title="Talks resume in Doha", slug="talks-resume", status="published", primary_category=category,
    body="<p>Delegations met again.</p>",
)
article.categories.add(category)
Byline.objects.create(article=article, author=author)
reply = Reply.objects.create(
    article=article, name="Farid", email="farid@example.org", body="A question about Doha.", status="pending",
)
print("CREATED", article.pk, article.get_absolute_url(), reply.pk)
"""


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _get(url: str) -> tuple[int, dict, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, dict(response.headers), response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode()


def _wait_for(url: str, seconds: float = 60) -> None:
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2).read()
            return
        except OSError:
            time.sleep(0.3)
    raise AssertionError(f"{url} did not answer")


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    folder = tmp_path_factory.mktemp("varnish")
    # varnishd's child runs as its own user: its folder must be reachable (pytest's are private).
    edge_folder = Path(tempfile.mkdtemp(prefix="newsroom-varnish-"))
    edge_folder.chmod(0o755)
    app_port, edge_port = _free_port(), _free_port()
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{folder / 'db.sqlite3'}",
        "CACHE_DIR": str(folder / "cache"),
        "MEDIA_ROOT": str(folder / "media"),
        "SECRET_KEY": "varnish-test-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
        "DEBUG": "0",
        "ALLOWED_HOSTS": "127.0.0.1",
        "PAGECACHE": "1",
        "PAGECACHE_EDGE": "varnish",
        "PAGECACHE_EDGE_URL": f"http://127.0.0.1:{edge_port}",
        "SECURE_SSL_REDIRECT": "0",
        "SECURE_COOKIES": "0",
        "SECURE_HSTS_SECONDS": "0",
        "PYTHONPATH": str(ROOT),
        "DJANGO_SETTINGS_MODULE": "newsroom.settings",
    }
    for variable in ("REDIS_URL", "TEST_DATABASE_NAME", "PYTEST_XDIST_WORKER"):
        env.pop(variable, None)
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "--noinput"], env=env, check=True, capture_output=True)
    subprocess.run([*manage, "collectstatic", "--noinput"], env=env, check=True, capture_output=True)
    output = subprocess.run(
        [*manage, "shell", "-c", SETUP], env=env, check=True, capture_output=True, text=True
    )
    article_id, article_url, reply_id = re.search(
        r"^CREATED (\d+) (\S+) (\d+)$", output.stdout, re.M
    ).groups()

    vcl = edge_folder / "varnish.vcl"
    vcl.write_text(
        (ROOT / "deploy" / "varnish.vcl").read_text().replace('.port = "8000"', f'.port = "{app_port}"')
    )
    vcl.chmod(0o644)
    access_log = folder / "access.log"
    processes = [
        subprocess.Popen(
            [
                str(Path(sys.executable).with_name("gunicorn")),
                "newsroom.wsgi",
                "--config",
                str(ROOT / "gunicorn.conf.py"),
                "--bind",
                f"127.0.0.1:{app_port}",
                "--workers",
                "1",
                "--access-logfile",
                str(access_log),
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        ),
        subprocess.Popen(
            [
                VARNISHD,
                "-F",
                "-a",
                f"127.0.0.1:{edge_port}",
                "-T",
                "127.0.0.1:0",
                "-f",
                str(vcl),
                "-n",
                str(edge_folder / "work"),
                "-s",
                "malloc,64m",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        ),
    ]
    try:
        _wait_for(f"http://127.0.0.1:{app_port}/robots.txt")
        _wait_for(f"http://127.0.0.1:{edge_port}/robots.txt")

        def shell(code: str) -> None:
            subprocess.run([*manage, "shell", "-c", code], env=env, check=True, capture_output=True)

        yield {
            "edge": f"http://127.0.0.1:{edge_port}",
            "article_id": int(article_id),
            "article_url": article_url,
            "reply_id": int(reply_id),
            "origin_requests": lambda: len(access_log.read_text().splitlines()),
            "shell": shell,
        }
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(timeout=20)
        shutil.rmtree(edge_folder, ignore_errors=True)


def _settled(count) -> int:
    """The origin's request count once its last access-log line is written (after the response)."""
    seen = count()
    while (time.sleep(0.2), count())[1] != seen:
        seen = count()
    return seen


def _held_at_the_edge(site, url: str, text: str | None = None, status: int = 200) -> None:
    """``url`` comes from Varnish: after one miss, ten requests that never reach gunicorn."""
    deadline = time.time() + 10
    while _get(url)[1].get("X-Edge-Cache") != "hit":
        assert time.time() < deadline, f"{url} never kept by Varnish"
        time.sleep(0.3)
    before = _settled(site["origin_requests"])
    for _ in range(10):
        code, headers, body = _get(url)
        assert (code, headers.get("X-Edge-Cache")) == (status, "hit")
        assert text is None or text in body
        assert "xkey" not in {name.lower() for name in headers}
    assert _settled(site["origin_requests"]) == before


def _shown_within_a_second(url: str, check) -> None:
    started = time.monotonic()
    code, headers, body = _get(url)
    assert check(code, body), (code, body[:300])
    assert time.monotonic() - started < 1.0


def test_edits_approvals_and_unpublishing_show_through_varnish_at_once(site):
    page = site["edge"] + site["article_url"]
    home = site["edge"] + "/"
    _held_at_the_edge(site, page, "Talks resume in Doha")
    _held_at_the_edge(site, home, "Talks resume in Doha")
    code, headers, _ = _get(page)
    # Browsers ask again each time; Varnish keeps the page until it is purged.
    kept = re.fullmatch(r"public, max-age=0, must-revalidate, s-maxage=(\d+)", headers["Cache-Control"])
    assert kept and int(kept[1]) > 3500

    # An editor's edit, saved in another process: purged there by its tags.
    site["shell"](
        "from articles.models import Article\n"
        f"a = Article.objects.get(pk={site['article_id']})\n"
        "a.title = 'Talks collapse in Doha'\n"
        "a.save()\n"
    )
    _shown_within_a_second(page, lambda code, body: "Talks collapse in Doha" in body)
    _shown_within_a_second(home, lambda code, body: "Talks collapse in Doha" in body)
    _held_at_the_edge(site, page, "Talks collapse in Doha")

    # A moderator approves the pending reply.
    assert "A question about Doha." not in _get(page)[2]
    site["shell"](
        "from django.contrib.auth import get_user_model\n"
        "from comments import moderation\n"
        "from comments.models import Reply\n"
        "moderator = get_user_model().objects.create_superuser('mod', 'mod@example.org', 'x-long-password')\n"
        f"moderation.approve(Reply.objects.get(pk={site['reply_id']}), moderator)\n"
    )
    _shown_within_a_second(page, lambda code, body: "A question about Doha." in body)
    _held_at_the_edge(site, page, "A question about Doha.")

    # An editor takes the story down: gone from the article address and the home page.
    site["shell"](
        "from articles.models import Article\n"
        f"a = Article.objects.get(pk={site['article_id']})\n"
        "a.status = Article.Status.DRAFT\n"
        "a.save()\n"
    )
    _shown_within_a_second(page, lambda code, body: code == 404)
    _shown_within_a_second(home, lambda code, body: "Talks collapse in Doha" not in body)


def test_made_up_query_parameters_are_not_kept_by_varnish(site):
    before = _settled(site["origin_requests"])
    for n in range(20):
        code, headers, _ = _get(f"{site['edge']}/?utm_source=x{n}")
        assert code == 200
        assert headers["X-Edge-Cache"] == "miss"
    # Passed to the app, which answers them from its one entry for "/".
    assert _settled(site["origin_requests"]) == before + 20


def test_a_purge_naming_no_keys_is_refused(site):
    request = urllib.request.Request(site["edge"] + "/", method="PURGE")
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=5)
    assert refused.value.code == 400
