#!/usr/bin/env python3
"""Does a page get slower the longer a process serves it? (issue 22: "something accumulates")

    .venv/bin/python bench/render_drift.py --database bench_10k --path /category/afghanistan/ --blocks 16

One process, the site's WSGI handler called directly (the test client keeps
signal receivers of its own per request, which would drift by themselves),
settings as ``render_profile.py``'s: page cache and shared parts off,
remembered totals in Redis database 12. Prints, for each block of
``--size`` requests, the mean wall and CPU time per request and the number of
objects the garbage collector tracks: a rising line in either is something
accumulating; a swing without a trend is the machine.
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.harness import in_process_site, wsgi_get  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--database", default="bench_10k")
    parser.add_argument("--path", default="/category/afghanistan/")
    parser.add_argument("--blocks", type=int, default=16)
    parser.add_argument("--size", type=int, default=500, help="requests per block")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/12")
    args = parser.parse_args()
    in_process_site(args.database)
    os.environ.update(
        REDIS_URL=args.redis, CACHE_KEY_PREFIX=f"drift-{args.database}", ALLOWED_HOSTS="127.0.0.1"
    )
    from django.core.wsgi import get_wsgi_application

    application = get_wsgi_application()

    def request() -> None:
        status, _ = wsgi_get(application, args.path)
        if not status.startswith("200"):
            sys.exit(f"{args.path} answered {status}")

    print(f"{args.path} in database {args.database}, {args.size} requests per block")
    for block in range(args.blocks):
        start, start_cpu = time.perf_counter(), time.process_time()
        for _ in range(args.size):
            request()
        wall = (time.perf_counter() - start) * 1000 / args.size
        cpu = (time.process_time() - start_cpu) * 1000 / args.size
        print(
            f"block {block:3}: {wall:6.2f} ms wall {cpu:6.2f} ms CPU {len(gc.get_objects()):8} objects",
            flush=True,
        )


if __name__ == "__main__":
    main()
