#!/usr/bin/env python3
"""Every query of the reader's pages rendered from scratch, with its plan: EXPLAIN (ANALYZE, BUFFERS).

    .venv/bin/python bench/explain_pages.py --database bench_newsroom_10000 [--full]

Needs an archive filled by bench.py. Renders each page bench.py measures
(in-process, page cache and shared parts off, after two warm-up requests),
then explains each query it ran: the execution time, the shared buffers it
touched and the plan's top nodes (``--full``: the whole plan). A query whose
buffers grow with the archive is one to fix; bench/README.md keeps the figures.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.harness import in_process_site  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--database", default="bench_newsroom_10000")
    parser.add_argument("--full", action="store_true", help="print whole plans")
    parser.add_argument("--page", help="only the pages whose name contains this")
    args = parser.parse_args()
    in_process_site(args.database)
    import django

    django.setup()
    from django.core.cache import caches
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from articles.models import Article
    from bench.bench import pick_urls

    print(f"{Article.objects.count()} articles, database {args.database}")
    client = Client()
    for name, url in pick_urls().items():
        if "floor" in name or (args.page and args.page not in name):
            continue
        client.get(url)
        client.get(url)
        caches["default"].clear()  # what a page rendered after a change recomputes
        with CaptureQueriesContext(connection) as queries:
            status = client.get(url).status_code
        print(f"\n## {name}: {url} (HTTP {status}, {len(queries)} queries)")
        for number, query in enumerate(queries.captured_queries, 1):
            with connection.cursor() as cursor:
                cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + query["sql"])
                plan = [row[0] for row in cursor.fetchall()]
            total = next((line for line in plan if line.startswith("Execution Time")), "")
            buffers = next((line.strip() for line in plan if "Buffers:" in line), "Buffers: none")
            shown = (
                plan if args.full else [line for line in plan if "->" in line or not line.startswith(" ")][:6]
            )
            summary = re.sub(r"\s+", " ", query["sql"])[:150]
            print(f"{number}. {summary}")
            print(f"   {total.strip()}; {buffers}")
            for line in shown:
                if not line.startswith(("Planning", "Execution")):
                    print(f"     {line[:160]}")


if __name__ == "__main__":
    main()
