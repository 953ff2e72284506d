#!/usr/bin/env python3
"""What a page costs to render from scratch, in this process, without wrk.

    .venv/bin/python bench/render_profile.py --database bench_22 [--requests 20] [--page home]
    .venv/bin/python bench/render_profile.py --database bench_22 --page home --profile 25

Needs an archive filled by bench.py (1,000 articles are enough: the render
does not grow with the archive). Settings as bench/harness.py's
``in_process_site`` (DEBUG off, page cache and shared parts off), with the
cache in Redis (``--redis``, database 12 by default) as in bench.py's
``cold`` mode: remembered totals and the masthead are kept (``--forget``
empties the cache before each request). For each page bench.py measures,
after two warm-ups, over ``--requests`` requests through the test client:
mean and median wall time; median and least CPU time of this process (the
render without the database; the least is what other work on a shared
machine disturbs least); queries and their time; the page's size.

``--profile N`` prints the N costliest functions of the measured requests
(cProfile: by own time, by cumulative time, and the project's own code by
cumulative time). ``--tree`` prints pyinstrument's call tree instead (not a
dependency of the project: ``pip install pyinstrument`` into the venv first).
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.harness import ROOT, QueryTimer, in_process_site  # noqa: E402


def Tree():
    """pyinstrument's profiler, started and stopped around each measured request."""
    from pyinstrument import Profiler

    return Profiler(interval=0.001, async_mode="disabled")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--database", default="bench_22")
    parser.add_argument("--requests", type=int, default=20, help="measured requests per page")
    parser.add_argument("--page", help="only the pages whose name contains this")
    parser.add_argument("--profile", type=int, metavar="N", help="print the N costliest functions")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/12", help="'' for the file cache")
    parser.add_argument(
        "--forget", action="store_true", help="empty the cache before each request (remembered totals too)"
    )
    parser.add_argument("--save", type=Path, metavar="DIR", help="write each page's HTML there (to compare)")
    parser.add_argument("--parts", action="store_true", help="keep the shared parts (bench.py's off mode)")
    parser.add_argument("--tree", action="store_true", help="print pyinstrument's call tree (pip install it)")
    args = parser.parse_args()
    in_process_site(args.database)
    if args.redis:  # as bench.py's cold mode: remembered totals and the masthead in Redis
        os.environ.update(REDIS_URL=args.redis, CACHE_KEY_PREFIX=f"render-{args.database}")
    if args.parts:  # as bench.py's off mode: the shared parts kept
        os.environ["PAGECACHE_FRAGMENTS"] = "1"
    os.environ["BENCH_FLOOR"] = "1"  # the site's own floor: its middleware around a constant page
    import django

    django.setup()
    from django.core.cache import caches
    from django.db import connection
    from django.test import Client

    from bench.bench import pick_urls

    client = Client()
    parts = "on" if args.parts else "off"
    print(f"database {args.database}, {args.requests} requests per page, page cache off, parts {parts}")
    columns = ("mean ms", "p50 ms", "CPU ms", "min CPU", "SQL", "SQL ms", "kB")
    print(f"{'page':30} " + " ".join(f"{column:>8}" for column in columns))
    for name, url in pick_urls().items():
        if args.page and args.page not in name:
            continue
        client.get(url)
        client.get(url)
        times, cpu, sql_ms, size = [], [], [], 0
        profiler = cProfile.Profile() if args.profile else None
        tree = Tree() if args.tree else None
        for _ in range(args.requests):
            if args.forget:
                caches["default"].clear()
            sql = QueryTimer()
            with connection.execute_wrapper(sql):
                if profiler:
                    profiler.enable()
                if tree:
                    tree.start()
                start, start_cpu = time.perf_counter(), time.process_time()
                response = client.get(url)
                times.append((time.perf_counter() - start) * 1000)
                cpu.append((time.process_time() - start_cpu) * 1000)
                if tree:
                    tree.stop()
                if profiler:
                    profiler.disable()
            assert response.status_code == 200, (url, response.status_code)
            size = len(response.content)
            sql_ms.append(sql.seconds * 1000)
        if args.save:
            args.save.mkdir(parents=True, exist_ok=True)
            stem = f"{name.split()[0]}{name.count('200')}"
            (args.save / f"{stem}.html").write_bytes(response.content)
            dari = client.get(url, HTTP_ACCEPT_LANGUAGE="fa")  # Solar Hijri dates, translated names
            (args.save / f"{stem}-fa.html").write_bytes(dari.content)
        figures = [statistics.mean(times), statistics.median(times), statistics.median(cpu), min(cpu)]
        figures += [sql.count, statistics.median(sql_ms), size / 1024]
        print(f"{name:30} " + " ".join(f"{figure:8.1f}" for figure in figures))
        if tree:
            print(tree.output_text(unicode=True, show_all=False, short_mode=True))
        if profiler:
            own_code = f"^{ROOT}/(?!\\.venv)|templatetags|defaulttags"  # and the template tags
            for order, only in (("tottime", ""), ("cumulative", ""), ("cumulative", own_code)):
                out = io.StringIO()
                stats = pstats.Stats(profiler, stream=out).sort_stats(order)
                stats.print_stats(*([only] if only else []), args.profile)
                print(out.getvalue().split("\n", 4)[-1].replace(str(ROOT) + "/", ""))


if __name__ == "__main__":
    main()
