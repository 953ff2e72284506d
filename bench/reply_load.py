"""Load script: 200 concurrent reply posts, then the database holds exactly the accepted ones.

    python bench/reply_load.py          (or: make bench-load)

A throwaway PostgreSQL cluster (port 5499) and gunicorn (port 8064, 2 workers
x 4 threads) with DEBUG off. All posts are released at once from 200 threads,
each from its own address and email, so the flood limit does not refuse them.
Exits non-zero if the count of stored replies differs from the accepted answers
or any answer was neither a success nor a clear refusal.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.db_fault import STORED_BODIES, classify
from bench.harness import AppServer, Reader, ThrowawayPostgres, app_env, manage, prepare_site, unique_suffix


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--posts", type=int, default=200)
    parser.add_argument("--pg-port", type=int, default=5499)
    parser.add_argument("--app-port", type=int, default=8064)
    args = parser.parse_args()

    run = f"load-{unique_suffix()}"
    started = time.monotonic()
    with ThrowawayPostgres(args.pg_port) as pg:
        env = app_env(pg.url, TRUSTED_PROXY_COUNT="1", STATIC_ROOT=str(pg.dir / "static"))
        _, article_path = prepare_site(env)
        with AppServer(args.app_port, env) as app:
            reader = Reader(app.url)
            post_path, tokens = reader.reply_form(article_path)
            gate = threading.Barrier(args.posts)

            def post(n: int):
                body = f"{run}-{n} A reader's view of the budget, number {n}."
                data = {**tokens, "name": f"Reader {n}", "email": f"r{n}@{run}.example.org", "body": body}
                headers = {"X-Forwarded-For": f"10.1.{n // 250}.{n % 250 + 1}"}
                gate.wait()  # all threads send together
                sent = time.monotonic()
                answer = reader.post(post_path, data, headers=headers, timeout=60)
                return body, classify(answer), time.monotonic() - sent

            load_started = time.monotonic()
            with ThreadPoolExecutor(args.posts) as pool:
                results = list(pool.map(post, range(args.posts)))
            elapsed = time.monotonic() - load_started
        stored = set(json.loads(manage(env, "shell", "-c", STORED_BODIES % run).strip().splitlines()[-1]))

    outcomes = Counter(outcome for _, outcome, _ in results)
    accepted = {body for body, outcome, _ in results if outcome == "accepted"}
    latencies = sorted(seconds for _, _, seconds in results)
    unclear = sum(count for outcome, count in outcomes.items() if outcome.startswith("UNCLEAR"))
    print(f"posts: {args.posts} concurrent, answered in {elapsed:.2f}s ({args.posts / elapsed:.0f} posts/s)")
    for outcome, count in sorted(outcomes.items()):
        print(f"  {outcome}: {count}")
    print(
        f"latency: median {statistics.median(latencies):.2f}s, "
        f"p95 {latencies[int(len(latencies) * 0.95) - 1]:.2f}s, max {latencies[-1]:.2f}s"
    )
    print(f"accepted answers: {len(accepted)}  replies in the database: {len(stored)}")
    print(f"total time: {time.monotonic() - started:.1f}s")
    ok = stored == accepted and not unclear
    print("RESULT: " + ("OK" if ok else "FAILED"))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
