"""Fault script: restart PostgreSQL while replies are posted, and lose none.

    python bench/db_fault.py            (or: make bench-fault)

A throwaway PostgreSQL cluster (port 5499, never the shared one on 5432) and
gunicorn (port 8063) serve the site with DEBUG off. Posters send replies
concurrently, each from its own address and email; meanwhile the database is
stopped for a few seconds and started again. Afterwards every reply answered
with success must be in the database, every other one must have had a clear
error answer, and pages must be served again within seconds of the restart.
Exits non-zero if any reply was lost or any answer was unclear.
"""

from __future__ import annotations

import argparse
import json
import sys
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.harness import AppServer, Reader, ThrowawayPostgres, app_env, manage, prepare_site, unique_suffix

TRY_AGAIN = "Nothing was saved: please try again in a minute."
STORED_BODIES = """
import json
from comments.models import Reply
print(json.dumps(list(Reply.objects.filter(body__startswith=%r).values_list("body", flat=True))))
"""


def classify(answer) -> str:
    if answer.status == 302 and "#reply-" in answer.location:
        return "accepted"
    if answer.status == 503 and TRY_AGAIN in answer.body:
        return "refused: database unavailable (503, try again)"
    explained = "errorlist" in answer.body or 'role="alert"' in answer.body
    if answer.status in (400, 403, 409, 429) and explained:
        return f"refused: form message ({answer.status})"
    return f"UNCLEAR ({answer.status})"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--posters", type=int, default=8, help="concurrent readers posting")
    parser.add_argument("--duration", type=float, default=12, help="seconds of posting")
    parser.add_argument("--outage", type=float, default=4, help="seconds the database stays down")
    parser.add_argument("--pg-port", type=int, default=5499)
    parser.add_argument("--app-port", type=int, default=8063)
    args = parser.parse_args()

    run = f"fault-{unique_suffix()}"
    started = time.monotonic()
    with ThrowawayPostgres(args.pg_port) as pg:
        env = app_env(
            pg.url,
            CONN_MAX_AGE="60",
            TRUSTED_PROXY_COUNT="1",
            PAGECACHE="0",  # measure the database, not the page cache
            STATIC_ROOT=str(pg.dir / "static"),
        )
        _, article_path = prepare_site(env)
        with AppServer(args.app_port, env) as app:
            reader = Reader(app.url)
            post_path, tokens = reader.reply_form(article_path)
            answers: list[tuple[str, str]] = []
            lock = threading.Lock()
            stop = threading.Event()
            counter = iter(range(1_000_000))

            def poster(worker: int) -> None:
                while not stop.is_set():
                    n = next(counter)
                    body = f"{run}-{n} Prices at the market, report number {n}."
                    answer = reader.post(
                        post_path,
                        {
                            **tokens,
                            "name": f"Reader {n}",
                            "email": f"reader{n}@{run}.example.org",
                            "body": body,
                        },
                        # Each post from its own address, as from many readers behind our proxy.
                        headers={"X-Forwarded-For": f"10.{worker}.{n // 250 % 250}.{n % 250 + 1}"},
                    )
                    with lock:
                        answers.append((body, classify(answer)))

            pages: list[tuple[float, int]] = []

            def watch_pages() -> None:
                watcher = Reader(app.url)
                while not stop.is_set():
                    pages.append((time.monotonic(), watcher.get(article_path, timeout=5).status))
                    time.sleep(0.2)

            with ThreadPoolExecutor(args.posters + 1) as pool:
                posting_started = time.monotonic()
                futures = [pool.submit(poster, i) for i in range(args.posters)]
                futures.append(pool.submit(watch_pages))
                time.sleep(args.duration / 3)
                down_at = time.monotonic()
                pg.stop("fast")
                time.sleep(args.outage)
                pg.start()
                up_at = time.monotonic()
                time.sleep(max(0.0, args.duration - (up_at - posting_started)))
                # Keep posting (and watching) past the 5 s the pages have to come back in.
                time.sleep(max(0.0, up_at + 6 - time.monotonic()))
                stop.set()
                for future in futures:
                    future.result()

        stored = set(json.loads(manage(env, "shell", "-c", STORED_BODIES % run).strip().splitlines()[-1]))

    outcomes = Counter(outcome for _, outcome in answers)
    accepted = {body for body, outcome in answers if outcome == "accepted"}
    refused = [body for body, outcome in answers if outcome.startswith("refused")]
    lost = accepted - stored
    refused_but_stored = [body for body in refused if body in stored]
    unclear = sum(count for outcome, count in outcomes.items() if outcome.startswith("UNCLEAR"))
    during = [status for at, status in pages if down_at <= at < up_at]
    back = next((at - up_at for at, status in pages if at >= up_at and status == 200), None)

    print(f"posts: {len(answers)} by {args.posters} concurrent readers; database down {args.outage:.0f}s")
    for outcome, count in sorted(outcomes.items()):
        print(f"  {outcome}: {count}")
    print(f"accepted: {len(accepted)}  refused: {len(refused)}  lost: {len(lost)}  unclear: {unclear}")
    print(f"replies in the database: {len(stored)} (refused yet stored: {len(refused_but_stored)})")
    print(f"article page while the database was down: {dict(Counter(during))}")
    print(
        "pages served again " + (f"{back:.2f}s after the database restarted" if back is not None else "NEVER")
    )
    print(f"total time: {time.monotonic() - started:.1f}s")
    ok = not lost and not unclear and back is not None and back < 5 and accepted and refused
    print("RESULT: " + ("OK" if ok else "FAILED"))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
