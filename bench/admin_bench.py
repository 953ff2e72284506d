#!/usr/bin/env python3
"""The newsroom's own screens, timed in-process: the admin article list, its search, the reply queue.

    .venv/bin/python bench/admin_bench.py --database bench_newsroom_10000   # after bench.py filled it

Signed in as the role that uses each screen (an editor for the articles, a
moderator for the replies; both made in the database if missing), with the
Django test client in this process, no page cache (staff never get one).
Each screen is requested once to warm the process, then ``--repeat`` times:
prints the median and worst time, the SQL time and the number of queries.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.harness import in_process_site  # noqa: E402

SCREENS = [
    ("admin article list", "editor", "/admin/articles/article/"),
    ("admin article search ?q=border", "editor", "/admin/articles/article/?q=border"),
    ("reply queue (pending)", "moderator", "/admin/comments/reply/"),
    ("moderation log", "moderator", "/admin/comments/moderationlog/"),
    ("media library", "editor", "/admin/library/image/"),
]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--database", default="bench_newsroom_10000")
    parser.add_argument("--repeat", type=int, default=10)
    args = parser.parse_args()
    in_process_site(args.database)
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from articles.models import Article
    from comments.models import Reply
    from newsroom import roles

    users = {}
    for role, group in (("editor", roles.EDITOR), ("moderator", roles.MODERATOR)):
        user, _ = get_user_model().objects.get_or_create(
            username=f"bench-{role}", defaults={"is_staff": True}
        )
        user.groups.add(Group.objects.get(name=group))
        client = Client()
        client.force_login(user)
        users[role] = client

    print(
        f"Admin screens: {Article.objects.count()} articles, {Reply.objects.count()} replies "
        f"({Reply.objects.filter(status=Reply.Status.PENDING).count()} pending), database {args.database}, "
        f"{args.repeat} requests each after one warm-up"
    )
    header = f"{'screen':<34} {'p50 ms':>8} {'max ms':>8} {'SQL ms':>8} {'queries':>8}"
    print(header)
    print("-" * len(header))
    for name, role, url in SCREENS:
        client = users[role]
        response = client.get(url)
        if response.status_code != 200:
            print(f"{name:<34} HTTP {response.status_code}")
            continue
        times, sql_times, counts = [], [], []
        for _ in range(args.repeat):
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                client.get(url)
                times.append((time.perf_counter() - started) * 1000)
            counts.append(len(queries))
            sql_times.append(sum(float(q["time"]) for q in queries.captured_queries) * 1000)
        print(
            f"{name:<34} {statistics.median(times):>8.1f} {max(times):>8.1f} "
            f"{statistics.median(sql_times):>8.1f} {max(counts):>8}"
        )


if __name__ == "__main__":
    main()
