#!/usr/bin/env python3
"""Newsroom benchmark: a realistic archive in PostgreSQL, gunicorn, wrk, the floor.

    .venv/bin/python bench/bench.py --articles 10000          # fill (if needed) and measure
    .venv/bin/python bench/bench.py --articles 100000 --fill-only

Steps: create the database (default ``bench_newsroom_<N>``) if missing, migrate,
fill it with N articles and replies in proportion (PostgreSQL COPY), then for
the page cache off and on: start gunicorn (2 sync workers, 127.0.0.1), count
the SQL queries of each page, drive bounded load with wrk from a second
process, and print requests/s, p50 and p99 next to the constant-response
floor view served by the same gunicorn, and each worker's peak memory.
See bench/README.md.
"""

from __future__ import annotations

import argparse
import datetime
import io
import json
import os
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.harness import PYTHON, QueryTimer, gunicorn_command  # noqa: E402

PG = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
REDIS = os.environ.get("BENCH_REDIS", "redis://127.0.0.1:6379/1")
REPLIES_PER_ARTICLE = 3
HOT_REPLIES = 200
HOT_SLUG = "breaking-the-long-night-in-kabul"
# The demo article's shape (seed_demo): eight categories, 33 replies, and tags
# few other articles carry (the related box's hard case: rare tags).
DEMO_REPLIES = 33
DEMO_SLUG = "eight-sections-one-story"
RARE_TAGS = 3

# --- filling (runs inside Django) ---------------------------------------------------

WORDS = """
province government security talks border trade wheat market council ministry election
district road women school health refugees water drought aid governor police army convoy
bridge winter harvest exports customs budget bank currency prices reform negotiation
delegation neighbours agreement dispute river mountain valley city capital village
mosque bazaar radio journalists court law
""".split()  # noqa: SIM905


def _sentence(rng: random.Random, n: int) -> str:
    words = [rng.choice(WORDS) for _ in range(n)]
    return " ".join(words).capitalize() + "."


def _paragraphs(rng: random.Random, count: int) -> list[str]:
    return [" ".join(_sentence(rng, rng.randint(12, 24)) for _ in range(5)) for _ in range(count)]


class Copier:
    """Rows to PostgreSQL at COPY speed, from model field values."""

    def __init__(self, connection):
        self.connection = connection

    @staticmethod
    def _text(value) -> str:
        if value is None:
            return "\\N"
        if isinstance(value, bool):
            return "t" if value else "f"
        if isinstance(value, (dict, list)):
            value = json.dumps(value)
        return str(value).replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")

    def copy(self, model, rows: list[dict]) -> None:
        if not rows:
            return
        columns = list(rows[0])
        fields = {f.attname: f for f in model._meta.concrete_fields}
        buffer = io.StringIO()
        for row in rows:
            buffer.write("\t".join(self._text(row[c]) for c in columns))
            buffer.write("\n")
        buffer.seek(0)
        names = ", ".join(f'"{fields[c].column}"' for c in columns)
        with self.connection.cursor() as cursor:
            cursor.cursor.copy_expert(f'COPY "{model._meta.db_table}" ({names}) FROM STDIN', buffer)


def fill(articles: int, seed: int = 7) -> None:
    import django

    django.setup()
    from django.core.files.base import ContentFile
    from django.core.management.color import no_style
    from django.db import connection, transaction
    from django.utils import timezone
    from django.utils.text import slugify
    from PIL import Image
    from taggit.models import Tag

    from articles.models import Article, ArticleTag, Author, Byline, Category
    from comments.models import Reply
    from library.models import Image as LibraryImage

    if Article.objects.count() == articles:
        print(f"fill: {articles} articles already there")
        _index_for_search()
        return
    if Article.objects.exists():
        sys.exit("fill: the database holds another archive; use another --database or drop it")

    rng = random.Random(seed)
    started = time.time()
    now = timezone.now()

    # One library image, made by the real upload code, featured on every article.
    buffer = io.BytesIO()
    Image.new("RGB", (1600, 1000), (90, 110, 130)).save(buffer, "JPEG", quality=80)
    picture = LibraryImage.objects.create_from_file(
        ContentFile(buffer.getvalue(), name="photo.jpg"),
        alt_text="A street in the city",
        caption="A street in the city, at dusk.",
        credit="Newsroom photo",
    )

    with transaction.atomic():
        top = ["Region", "Analysis", "Government", "Military", "Politics", "Security", "Society", "Economy"]
        categories = []
        for position, name in enumerate(top):
            categories.append(
                Category.objects.create(
                    name=name, slug=slugify(name), position=position, show_on_home=position < 4
                )
            )
        region = categories[0]
        for name in ["Afghanistan", "Pakistan", "Iran", "Central Asia"]:
            categories.append(Category.objects.create(name=name, slug=slugify(name), parent=region))
        afghanistan = categories[8]
        for name in ["Kabul", "Herat", "Kandahar", "Balkh", "Nangarhar"]:
            categories.append(Category.objects.create(name=name, slug=slugify(name), parent=afghanistan))
        authors = [
            Author.objects.create(name=f"Reporter {n}", slug=f"reporter-{n}", bio=_sentence(rng, 20))
            for n in range(40)
        ]
        tags = Tag.objects.bulk_create([Tag(name=f"topic {n}", slug=f"topic-{n}") for n in range(300)])
        rare = Tag.objects.bulk_create([Tag(name=f"rare {n}", slug=f"rare-{n}") for n in range(RARE_TAGS)])

        pool = _paragraphs(rng, 300)
        article_rows, category_rows, byline_rows, tag_rows, reply_rows = [], [], [], [], []
        reply_id = 0
        hot_id = articles  # the newest
        demo_id = articles - 1
        # The rare tags' other articles: a handful, among the oldest.
        rare_holders = set(rng.sample(range(1, max(2, articles // 20)), min(5, max(1, articles // 20 - 1))))
        for pk in range(1, articles + 1):
            # Eight a day, back from now; the newest is the one with many replies.
            publish_at = now - datetime.timedelta(hours=3 * (articles - pk) + 1, minutes=rng.randint(0, 59))
            roll = rng.random()
            status = "published"
            if pk in (hot_id, demo_id):
                pass
            elif roll < 0.03:
                status = "draft"
            elif roll < 0.04:
                status = "review"
            elif roll < 0.05:
                publish_at = now + datetime.timedelta(days=rng.randint(1, 30))
            title = _sentence(rng, rng.randint(6, 11))[:-1]
            slug = {hot_id: HOT_SLUG, demo_id: DEMO_SLUG}.get(pk, f"{slugify(title)[:200]}-{pk}")
            primary = rng.choice(categories)
            body = "".join(f"<p>{p}</p>" for p in rng.sample(pool, 6))
            article_rows.append(
                {
                    "id": pk,
                    "title": title,
                    "slug": slug,
                    "dek": _sentence(rng, 25),
                    "body": body,
                    "language": "en",
                    "featured_image_id": picture.pk,
                    "source_line": "Kabul Analysis Desk",
                    "primary_category_id": primary.pk,
                    "status": status,
                    "publish_at": publish_at,
                    "publish_date": timezone.localdate(publish_at),
                    "created_at": publish_at,
                    "updated_at": publish_at,
                    "created_by_id": None,
                    "is_pinned": False,
                    "is_featured": False,
                    "comments_open": True,
                    "seo_title": "",
                    "seo_description": "",
                }
            )
            chosen = {primary.pk} | {c.pk for c in rng.sample(categories, rng.randint(0, 3))}
            if pk == demo_id:
                chosen = {primary.pk} | {c.pk for c in categories[:8]}
            category_rows += [{"article_id": pk, "category_id": c} for c in chosen]
            for position, author in enumerate(rng.sample(authors, 1 if rng.random() < 0.8 else 2)):
                byline_rows.append({"article_id": pk, "author_id": author.pk, "position": position})
            chosen_tags = rng.sample(tags, rng.randint(2, 5))
            if pk == demo_id:
                chosen_tags = rare
            elif pk in rare_holders:
                chosen_tags = [*chosen_tags, rng.choice(rare)]
            for tag in chosen_tags:
                listed_at = Article(status=status, publish_at=publish_at).listed_at
                tag_rows.append({"content_object_id": pk, "tag_id": tag.pk, "listed_at": listed_at})
            count = {hot_id: HOT_REPLIES, demo_id: DEMO_REPLIES}.get(
                pk, rng.randint(0, 2 * REPLIES_PER_ARTICLE)
            )
            if status != "published":
                count = 0
            thread: list[tuple[int, int]] = []  # (id, depth)
            for n in range(count):
                reply_id += 1
                parent, depth = (None, 0)
                if thread and rng.random() < 0.4:
                    parent, depth = rng.choice(thread)
                    depth += 1
                    if depth > 2:
                        parent, depth = None, 0
                if pk in (hot_id, demo_id):
                    reply_status = "approved"
                else:
                    reply_status = rng.choices(["approved", "pending", "spam", "trash"], [80, 10, 6, 4])[0]
                if reply_status == "approved":
                    thread.append((reply_id, depth))
                else:
                    parent = None
                reply_rows.append(
                    {
                        "id": reply_id,
                        "article_id": pk,
                        "parent_id": parent,
                        "name": f"Reader {rng.randint(1, 5000)}",
                        "email": f"reader{rng.randint(1, 5000)}@example.org",
                        "url": "",
                        "body": _sentence(rng, rng.randint(10, 60)),
                        "status": reply_status,
                        "hold_reason": "",
                        "ip_address": "192.0.2.1",
                        "user_agent": "bench",
                        "user_id": None,
                        "created_at": publish_at + datetime.timedelta(minutes=n + 1),
                        "updated_at": publish_at + datetime.timedelta(minutes=n + 1),
                        "fingerprint": None,
                    }
                )
            if len(article_rows) >= 5000:
                _flush(connection, article_rows, category_rows, byline_rows, tag_rows, reply_rows)
        _flush(connection, article_rows, category_rows, byline_rows, tag_rows, reply_rows)
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(no_style(), [Article, Byline, ArticleTag, Reply]):
                cursor.execute(sql)
            table = Article.categories.through._meta.db_table
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'), "
                f'(SELECT max(id) FROM "{table}"))'
            )
    _index_for_search()
    print(f"fill: {articles} articles, {reply_id} replies in {time.time() - started:.0f} s")


def _index_for_search() -> None:
    """The stored full-text documents COPY leaves empty (archives filled before this step too)."""
    from django.db import connection

    from articles import search
    from articles.models import Article

    missing = list(Article.objects.filter(search_vector__isnull=True).values_list("pk", flat=True))
    if missing:
        started = time.time()
        for first in range(0, len(missing), 1000):  # each UPDATE well within the statement timeout
            search.refresh_search_vectors(missing[first : first + 1000])
        print(f"fill: search documents of the archive made in {time.time() - started:.0f} s")
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")


def _flush(connection, *tables) -> None:
    from articles.models import Article, ArticleTag, Byline
    from comments.models import Reply

    models = [Article, Article.categories.through, Byline, ArticleTag, Reply]
    copier = Copier(connection)
    for model, rows in zip(models, tables, strict=True):
        copier.copy(model, rows)
        rows.clear()


# --- queries per page (runs inside Django) ------------------------------------------


def sql_per_request(urls: dict[str, str]) -> dict[str, dict]:
    """Queries and SQL time of each page in each cache mode, in-process (the test client, same database).

    After two warm-up requests (the process's own first lookups, the parts or
    the page being stored), the median of five: ``on`` serves readers from the
    page cache, ``off`` renders the page around its remembered shared parts,
    ``cold`` renders everything from the database.
    """
    import statistics

    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import override_settings

    client = Client()
    found: dict[str, dict] = {}
    for mode, (page_cache, parts) in MODES.items():
        found[mode] = {}
        with override_settings(PAGECACHE_ENABLED=page_cache == "1", PAGECACHE_FRAGMENTS=parts == "1"):
            for name, url in urls.items():
                client.get(url)
                client.get(url)
                counts, times, status = [], [], 200
                for _ in range(5):
                    timer = QueryTimer()
                    with connection.execute_wrapper(timer):
                        status = client.get(url).status_code
                    counts.append(timer.count)
                    times.append(timer.seconds * 1000)
                found[mode][name] = (
                    {"queries": max(counts), "sql_ms": statistics.median(times)} if status == 200 else None
                )
    return found


def pick_urls() -> dict[str, str]:
    import django

    django.setup()
    from articles.models import Article, Author, Category

    published = Article.objects.published()
    hot = published.get(slug=HOT_SLUG)
    demo = published.filter(slug=DEMO_SLUG).first()  # archives filled before it existed have none
    category = Category.objects.get(slug="afghanistan")  # has subcategories
    tag = hot.tags.order_by("slug").first()
    author = Author.objects.order_by("slug").first()
    word = "harvest"
    # The bound on any page making the cold article's nine queries: the middleware and nine
    # article rows loaded through the ORM, nothing rendered.
    urls = {
        "site floor (middleware)": "/_bench/floor/",
        "site floor + 9 ORM rows": "/_bench/floor/?lookups=9",
    }
    if demo is not None:
        urls["article (33 replies)"] = demo.get_absolute_url()
    urls.update(
        {
            "article (200 replies)": hot.get_absolute_url(),
            "home": "/",
            "category (with subcategories)": category.get_absolute_url(),
            "tag": f"/tag/{tag.slug}/",
            "author": author.get_absolute_url(),
            "feed": "/feed/",
            "search": f"/search/?q={word}",
        }
    )
    return urls


# --- the run ------------------------------------------------------------------------


def database_url(name: str) -> str:
    return f"{PG}/{name}"


def ensure_database(name: str) -> None:
    import psycopg2

    connection = psycopg2.connect(database_url("postgres"))
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if not cursor.fetchone():
            cursor.execute(f'CREATE DATABASE "{name}"')
    connection.close()


# Cache modes: the page cache and the shared page parts (pagecache.fragment).
MODES = {"on": ("1", "1"), "off": ("0", "1"), "cold": ("0", "0")}


def django_env(args, mode: str) -> dict[str, str]:
    page_cache, parts = MODES[mode]
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="newsroom.settings",
        DATABASE_URL=database_url(args.database),
        SECRET_KEY="bench-only-secret-key-not-for-production-use-0123456789",
        DEBUG="0",
        ALLOWED_HOSTS="127.0.0.1,localhost,testserver",
        BENCH_FLOOR="1",
        PAGECACHE=page_cache,
        PAGECACHE_FRAGMENTS=parts,
        MEDIA_ROOT=str(args.media),
        LOG_LEVEL="WARNING",
        # Plain HTTP on the loopback interface: no redirect to HTTPS, cookies over HTTP.
        SECURE_SSL_REDIRECT="0",
        SECURE_COOKIES="0",
        PYTHONPATH=str(ROOT),
    )
    if args.cache_backend == "redis":
        env.update(REDIS_URL=REDIS, CACHE_KEY_PREFIX=f"bench-{args.database}")
    else:
        env.pop("REDIS_URL", None)
    return env


def run_django(args, mode: str, *command: str) -> str:
    result = subprocess.run(
        [PYTHON, *command], cwd=ROOT, env=django_env(args, mode), capture_output=True, text=True
    )
    if result.returncode:
        sys.exit(f"{' '.join(command)} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


def free_port(first: int) -> int:
    """``first`` or the next free port up to 8079 (tests may hold some of them)."""
    for port in range(first, max(first, 8079) + 1):
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) != 0:
                return port
    sys.exit(f"no free port from {first} to 8079")


def start_gunicorn(args, mode: str) -> subprocess.Popen:
    args.port = free_port(args.requested_port)
    command = gunicorn_command(
        "newsroom.wsgi", args.port, 2, "--config", str(ROOT / "gunicorn.conf.py")
    )  # no access log and no worker recycling while measuring
    process = subprocess.Popen(
        command, cwd=ROOT, env=django_env(args, mode), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    deadline = time.time() + 90
    while time.time() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{args.port}/_bench/floor/", timeout=5).read()
            return process
        except OSError:
            time.sleep(0.3)
    process.kill()
    sys.exit("gunicorn did not start:\n" + process.stderr.read().decode())


def worker_pids(master: int) -> list[int]:
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    return [int(pid) for pid in children]


def peak_memory_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def wrk(args, url: str, port: int | None = None) -> dict:
    command = ["wrk", f"-t{args.threads}", f"-c{args.connections}", f"-d{args.duration}s", "--timeout", "10s"]
    if args.gzip:
        command += ["--header", "Accept-Encoding: gzip"]  # as browsers and CDNs ask
    output = subprocess.run(
        [*command, "--latency", f"http://127.0.0.1:{port or args.port}{url}"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    result = {"rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))}
    for percentile in ("50", "99"):
        match = re.search(rf"^\s+{percentile}%\s+([\d.]+)(us|ms|s)\s*$", output, re.M)
        value, unit = float(match.group(1)), match.group(2)
        result[f"p{percentile}"] = value * {"us": 0.001, "ms": 1, "s": 1000}[unit]
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    result["errors"] = int(errors.group(1)) if errors else 0
    return result


def warm_up(args, url: str, port: int | None = None) -> None:
    """Two seconds of light load: the workers' imports, the page or its parts stored."""
    headers = ["-H", "Accept-Encoding: gzip"] if args.gzip else []
    subprocess.run(
        ["wrk", "-t1", "-c2", "-d2s", *headers, f"http://127.0.0.1:{port or args.port}{url}"],
        capture_output=True,
        check=True,
    )


def available(args, url: str, port: int | None = None) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port or args.port}{url}", timeout=10) as response:
            return response.status == 200
    except OSError:
        return False


def start_floor(args) -> subprocess.Popen:
    """The one-file Django app (bench/floor_app.py) under the same gunicorn settings as the site."""
    args.floor_port = free_port(args.requested_port + 5)
    command = gunicorn_command("bench.floor_app:application", args.floor_port, 2)
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.time() + 60
    while time.time() < deadline:
        if available(args, "/", args.floor_port):
            return process
        time.sleep(0.3)
    process.kill()
    sys.exit("the floor app did not start:\n" + process.stderr.read().decode())


def memory_mib(pid: int) -> dict[str, float]:
    found = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(("VmHWM:", "VmRSS:")):
            found[line[:5]] = int(line.split()[1]) / 1024
    return {"peak": found.get("VmHWM", float("nan")), "now": found.get("VmRSS", float("nan"))}


def measure(args, mode: str, urls: dict[str, str]) -> dict:
    """``args.rounds`` rounds over every page with one gunicorn, the floor measured in each round."""
    process = start_gunicorn(args, mode)
    rounds: list[dict] = []
    try:
        reachable = {name: url for name, url in urls.items() if available(args, url)}
        warm_up(args, "/", args.floor_port)
        for url in reachable.values():
            warm_up(args, url)
        for _ in range(args.rounds):
            results = {"floor": wrk(args, "/", args.floor_port)}
            for name, url in reachable.items():
                results[name] = wrk(args, url)
            rounds.append(results)
        if mode == "on" and shutil.which("varnishd") and not args.no_varnish:
            rounds[-1].update(through_varnish(args, urls))
        memory = [memory_mib(pid) for pid in worker_pids(process.pid)]
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=30)
    return {"rounds": rounds, "memory": memory, "missing": [n for n in urls if n not in reachable]}


def through_varnish(args, urls: dict[str, str]) -> dict:
    """The cached pages through Varnish (deploy/varnish.vcl) in front of this gunicorn."""
    folder = Path(tempfile.mkdtemp(prefix="newsroom-bench-varnish-"))
    folder.chmod(0o755)  # varnishd's child runs as its own user
    vcl = folder / "varnish.vcl"
    vcl.write_text((ROOT / "deploy" / "varnish.vcl").read_text().replace('"8000"', f'"{args.port}"'))
    vcl.chmod(0o644)
    port = free_port(args.port + 1)
    command = ["varnishd", "-F", "-a", f"127.0.0.1:{port}", "-T", "127.0.0.1:0", "-f", str(vcl)]
    process = subprocess.Popen(
        [*command, "-n", str(folder / "work"), "-s", "malloc,256m"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    results = {}
    try:
        deadline = time.time() + 30
        while not available(args, "/robots.txt", port) and time.time() < deadline:
            time.sleep(0.3)
        for name in ("article (33 replies)", "article (200 replies)", "home"):
            if name in urls and available(args, urls[name], port):
                subprocess.run(
                    ["wrk", "-t1", "-c2", "-d2s", f"http://127.0.0.1:{port}{urls[name]}"],
                    check=True,
                    capture_output=True,
                )
                results[f"{name} via Varnish"] = wrk(args, urls[name], port)
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=30)
        shutil.rmtree(folder, ignore_errors=True)
    return results


def _common(args) -> list[str]:
    return [
        "--articles",
        str(args.articles),
        "--database",
        args.database,
        "--cache-backend",
        args.cache_backend,
        "--media",
        str(args.media),
    ]


def report(args, runs: dict, sql: dict) -> None:
    import statistics

    print()
    print(
        f"Newsroom bench: {args.articles} articles, database {args.database}, cache {args.cache_backend}, "
        f"wrk -t{args.threads} -c{args.connections} -d{args.duration}s "
        f"{'with' if args.gzip else 'without'} gzip, {args.rounds} rounds, "
        f"{datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC, {os.cpu_count()} CPUs"
    )
    header = (
        f"{'page':<30} {'mode':<4} {'req/s':>7} {'% floor':>7} {'p50 ms':>7} {'p99 ms':>7} "
        f"{'SQL':>4} {'SQL ms':>6} {'rounds (req/s)':>22} {'1st→3rd':>8}"
    )
    print(header)
    print("-" * len(header))
    for mode, run in runs.items():
        rounds = run["rounds"]
        # Every round's pages (the last one adds those through Varnish), each against its own round's floor.
        names = [name for name in dict.fromkeys(n for r in rounds for n in r) if name != "floor"]
        for name in ["floor", *names]:
            results = [r[name] for r in rounds if name in r]
            rps = [r["rps"] for r in results]
            middle = sorted(results, key=lambda r: r["rps"])[len(results) // 2]
            share = statistics.median(r[name]["rps"] / r["floor"]["rps"] for r in rounds if name in r) * 100
            cost = (sql.get(mode) or {}).get(name) or {}
            drop = 100 * (rps[-1] - rps[0]) / rps[0] if len(rps) > 1 and rps[0] else 0.0
            label = "floor (one-file Django app)" if name == "floor" else name
            print(
                f"{label:<30} {mode:<4} {statistics.median(rps):>7.0f} {share:>6.1f}% {middle['p50']:>7.2f} "
                f"{middle['p99']:>7.2f} {cost.get('queries', '-')!s:>4} "
                f"{cost['sql_ms'] if cost else float('nan'):>6.2f} "
                f"{' / '.join(f'{r:.0f}' for r in rps):>22} {drop:>+7.1f}%"
                + (
                    f"  ({sum(r['errors'] for r in results)} errors)"
                    if any(r["errors"] for r in results)
                    else ""
                )
            )
        for name in run["missing"]:
            print(f"{name:<30} {mode:<4} (no such page yet)")
        print(
            f"{'worker memory (MiB)':<30} {mode:<4} "
            + ", ".join(f"peak {m['peak']:.1f} now {m['now']:.1f}" for m in run["memory"])
        )
    print("on: page cache and shared parts; off: no page cache, shared parts remembered; cold: nothing kept")
    print("% floor: median over the rounds of the page's req/s over the floor's in the same round")
    print("SQL, SQL ms: queries and their time per request in that mode (in-process, median of five)")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--database", help="default: bench_newsroom_<articles>")
    parser.add_argument("--port", type=int, default=int(os.environ.get("BENCH_PORT", "8071")))
    parser.add_argument("--duration", type=int, default=10, help="seconds of load per page")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--rounds", type=int, default=3, help="rounds over every page per mode")
    parser.add_argument("--gzip", action="store_true", help="ask for gzip (Accept-Encoding), as browsers do")
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--cache-backend", choices=["redis", "file"], default="redis")
    parser.add_argument("--media", type=Path, help="default: /tmp/newsroom-bench-media")
    parser.add_argument("--only", choices=list(MODES), help="measure one cache mode only")
    parser.add_argument("--fill-only", action="store_true")
    parser.add_argument("--no-varnish", action="store_true", help="skip the pages through Varnish (mode on)")
    parser.add_argument("--fill", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--queries", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--urls", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    args.database = args.database or f"bench_newsroom_{args.articles}"
    args.requested_port = args.port
    args.media = args.media or Path("/tmp/newsroom-bench-media")

    # Inner steps, run in a Django process with the bench environment.
    if args.fill:
        return fill(args.articles)
    if args.urls:
        return print(json.dumps(pick_urls()))
    if args.queries:
        return print(json.dumps(sql_per_request(pick_urls())))

    if not (shutil.which("wrk") or args.fill_only):
        sys.exit("wrk is missing: apt-get install wrk (or make bench, which installs it)")
    ensure_database(args.database)
    args.media.mkdir(parents=True, exist_ok=True)
    run_django(args, "cold", "manage.py", "migrate", "--noinput")
    run_django(args, "cold", "manage.py", "collectstatic", "--noinput")
    print(run_django(args, "cold", __file__, "--fill", *_common(args)).strip())
    if args.fill_only:
        return
    urls = json.loads(run_django(args, "cold", __file__, "--urls", *_common(args)))
    if args.cache_backend == "redis":
        _clear_redis(args)
    sql = json.loads(run_django(args, "cold", __file__, "--queries", *_common(args)))
    floor = start_floor(args)
    runs = {}
    try:
        for mode in MODES:
            if args.only in (None, mode):
                runs[mode] = measure(args, mode, urls)
    finally:
        floor.send_signal(signal.SIGTERM)
        floor.wait(timeout=30)
    report(args, runs, sql)
    if args.cache_backend == "redis":
        _clear_redis(args)


def _clear_redis(args) -> None:
    """Delete this bench's keys only: the Redis database is shared with others."""
    import redis

    client = redis.Redis.from_url(REDIS)
    for key in client.scan_iter(match=f"bench-{args.database}:*", count=1000):
        client.delete(key)


if __name__ == "__main__":
    main()
