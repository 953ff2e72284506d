"""Print PostgreSQL's plan and timing for a site search over a large archive.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/newsroom \
        .venv/bin/python bench/search_plan.py [ARTICLES] [QUERY]

Adds ARTICLES (default 20000) synthetic published articles inside a
transaction, fills their search vectors, runs EXPLAIN ANALYZE on the search
the /search/ page makes, and rolls everything back: the database is left as
it was. The plan should show "Bitmap Index Scan on article_search_vector_idx".
"""

import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
os.environ.setdefault("DEBUG", "1")

import django  # noqa: E402

django.setup()

from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from articles import search  # noqa: E402
from articles.models import Article  # noqa: E402

WORDS = [
    "wheat",
    "price",
    "border",
    "trade",
    "province",
    "council",
    "water",
    "canal",
    "harvest",
    "school",
    "clinic",
    "road",
    "market",
    "budget",
    "decree",
    "licence",
    "security",
    "election",
    "drought",
    "winter",
    "returnee",
    "refugee",
    "mine",
    "lithium",
]


class Rollback(Exception):
    pass


def main() -> None:
    if connection.vendor != "postgresql":
        sys.exit("Set DATABASE_URL to a PostgreSQL database: the full-text index exists only there.")
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 20000
    query_text = sys.argv[2] if len(sys.argv) > 2 else "pomegranate"
    rng = random.Random(5)
    now = timezone.now()
    try:
        with transaction.atomic():
            started = time.perf_counter()
            Article.objects.bulk_create(
                (
                    Article(
                        title=" ".join(rng.choices(WORDS, k=6)).capitalize(),
                        slug=f"bench-search-{n}",
                        dek=" ".join(rng.choices(WORDS, k=15)),
                        body="".join(f"<p>{' '.join(rng.choices(WORDS, k=60))}.</p>" for _ in range(8)),
                        status=Article.Status.PUBLISHED,
                        publish_at=now - timezone.timedelta(minutes=n),
                        language="en" if n % 3 else "fa",
                    )
                    for n in range(count)
                ),
                batch_size=2000,
            )
            Article.objects.filter(slug="bench-search-7").update(title="Pomegranate exports resume")
            search.refresh_search_vectors(
                Article.objects.filter(slug__startswith="bench-search-").values("pk")
            )
            print(f"{count} articles written and indexed in {time.perf_counter() - started:.1f} s")
            with connection.cursor() as cursor:
                cursor.execute("SELECT gin_clean_pending_list('article_search_vector_idx')")
                cursor.execute("ANALYZE articles_article")
                queryset = search.search_articles(
                    Article.objects.published().with_bylines(), search.SearchText.parse(query_text)
                )[:12]
                sql, params = queryset.query.sql_with_params()
                cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, params)
                print("\n".join(row[0] for row in cursor.fetchall()))
            raise Rollback
    except Rollback:
        print("(rolled back)")


if __name__ == "__main__":
    main()
