#!/usr/bin/env python3
"""WordPress import benchmark: time, peak memory and queries per item.

    .venv/bin/python bench/wordpress_import.py           # 2,000 posts, 2,000 images, 20,000 replies
    .venv/bin/python bench/wordpress_import.py --posts 200 --posts 2000
    .venv/bin/python bench/wordpress_import.py --fetch   # images downloaded from a local HTTP server
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python bench/wordpress_import.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres REDIS_URL=redis://127.0.0.1:6379/5 \
        .venv/bin/python bench/wordpress_import.py --pg-database bench_17   # a database of one's own

For each size it writes a WXR file (tests/wordpress/generate.py: categories in
a hierarchy, tags, three-deep reply threads in every status, one image
attachment per post used as its featured image and, as a size variant, in its
body) and the uploads folder with the images (400 x 300 JPEGs by default), then runs
``import_wordpress --media-dir`` (or ``--fetch-media`` from a server on
127.0.0.1) in a fresh child process on a fresh database (a temporary SQLite
file, or a throwaway PostgreSQL database ``bench_wordpress_<pid>`` made next
to the one DATABASE_URL names), and prints the wall time, the child's peak
resident memory (ru_maxrss) and the number of SQL queries per item. It then
runs the import a second time on the same data ("nothing changed").
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def child(args) -> None:
    """Runs in its own process: migrate, import twice, print one JSON line of figures."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    os.environ.setdefault("SECRET_KEY", "bench-only")
    os.environ["DEBUG"] = "0"
    import io

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    queries = 0

    def count(execute, sql, params, many, context):
        nonlocal queries
        queries += 1
        return execute(sql, params, many, context)

    figures = {}
    baseline = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    for run in ("first", "second"):
        queries = 0
        started = time.perf_counter()
        with connection.execute_wrapper(count):
            call_command(
                "import_wordpress",
                args.file,
                stdout=io.StringIO(),
                batch_size=args.batch_size,
                **({"fetch_media": True} if args.fetch else {"media_dir": args.media_dir}),
            )
        figures[run] = {"seconds": round(time.perf_counter() - started, 2), "queries": queries}
    figures["baseline_rss_mb"] = round(baseline / 1024, 1)
    figures["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    print(json.dumps(figures))


def measure(
    posts: int,
    replies_per_post: int,
    batch_size: int,
    workdir: Path,
    fetch: bool,
    size: tuple[int, int],
    pg_database: str = "",
) -> dict:
    sys.path.insert(0, str(ROOT))
    from tests.wordpress.generate import write_uploads, write_wxr

    path = workdir / f"wxr-{posts}.xml"
    with path.open("w", encoding="utf-8") as out:
        write_wxr(out, posts=posts, replies_per_post=replies_per_post)
    uploads = workdir / f"uploads-{posts}"
    write_uploads(uploads, posts, size=size)
    server = None
    if fetch:
        from tests.wordpress.media import OldSite

        server = OldSite(uploads).__enter__()
        text = path.read_text(encoding="utf-8").replace("https://old.example.org", server.url)
        path.write_text(text, encoding="utf-8")
    env = dict(os.environ)
    database_url = env.get("DATABASE_URL", "")
    drop = None
    if database_url.startswith("postgres"):
        import psycopg2

        name = pg_database or f"bench_wordpress_{os.getpid()}_{posts}"
        admin = psycopg2.connect(database_url)
        admin.autocommit = True
        if pg_database:  # a database of one's own, emptied for each size
            admin.cursor().execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.cursor().execute(f'CREATE DATABASE "{name}"')
        env["DATABASE_URL"] = database_url.rsplit("/", 1)[0] + "/" + name

        def drop():
            admin.cursor().execute(f'DROP DATABASE IF EXISTS "{name}"')
            admin.close()
    else:
        env["DATABASE_URL"] = f"sqlite:///{workdir / f'bench-{posts}.sqlite3'}"
    env["MEDIA_ROOT"] = str(workdir / "media")
    command = [sys.executable, __file__, "--child", str(path), "--batch-size", str(batch_size)]
    command += ["--fetch"] if fetch else ["--media-dir", str(uploads)]
    try:
        output = subprocess.run(
            command,
            env=env,
            check=True,
            capture_output=True,
            text=True,
        ).stdout
    finally:
        if drop:
            drop()
        if server is not None:
            server.__exit__(None, None, None)
    figures = json.loads(output.strip().splitlines()[-1])
    figures.update(
        posts=posts,
        replies=posts * replies_per_post,
        images=posts,
        items=posts * (2 + replies_per_post),
        fetched=sum(server.requests.values()) if server is not None else 0,
        file_mb=round(path.stat().st_size / 1024 / 1024, 1),
    )
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--posts", type=int, action="append", help="posts per file (repeatable)")
    parser.add_argument("--replies-per-post", type=int, default=10)
    parser.add_argument("--batch-size", type=int, default=100)
    parser.add_argument("--fetch", action="store_true", help="fetch the images over HTTP (local server)")
    parser.add_argument(
        "--image-size", default="400x300", help="width x height of each image (default 400x300)"
    )
    parser.add_argument(
        "--pg-database",
        default="",
        help="PostgreSQL: import into this database (dropped and made again for each size) "
        "instead of a throwaway bench_wordpress_<pid>_<posts>, e.g. on a shared server",
    )
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--media-dir", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        args.file = args.child
        child(args)
        return
    sizes = args.posts or [2000]
    engine = "PostgreSQL" if os.environ.get("DATABASE_URL", "").startswith("postgres") else "SQLite"
    source = "--fetch-media (local HTTP server)" if args.fetch else "--media-dir"
    print(f"{platform.node()} · {os.cpu_count()} cores · Python {platform.python_version()}")
    print(f"{engine} · {source} · images {args.image_size}")
    header = (
        f"{'posts':>6} {'images':>7} {'replies':>8} {'file MB':>8} {'import s':>9} {'items/s':>8} "
        f"{'queries':>8} {'q/item':>7} {'q/post':>7} {'peak RSS MB':>12} {'2nd run s':>10} "
        f"{'2nd q/item':>11} {'GETs':>6}"
    )
    print(header)
    with tempfile.TemporaryDirectory() as tmp:
        for posts in sizes:
            size = tuple(int(n) for n in args.image_size.lower().split("x"))
            f = measure(
                posts, args.replies_per_post, args.batch_size, Path(tmp), args.fetch, size, args.pg_database
            )
            first, second = f["first"], f["second"]
            print(
                f"{f['posts']:>6} {f['images']:>7} {f['replies']:>8} {f['file_mb']:>8} {first['seconds']:>9} "
                f"{round(f['items'] / first['seconds']):>8} {first['queries']:>8} "
                f"{first['queries'] / f['items']:>7.3f} {first['queries'] / f['posts']:>7.2f} "
                f"{f['peak_rss_mb']:>12} {second['seconds']:>10} {second['queries'] / f['items']:>11.3f} "
                f"{f['fetched']:>6}"
            )


if __name__ == "__main__":
    main()
