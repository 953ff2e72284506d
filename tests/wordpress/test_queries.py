"""The import costs a fixed number of queries per item, whatever the size of the archive."""

import io

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from articles.models import Article
from comments.models import Reply

from .generate import write_wxr

BATCH = 10  # small batches, so both files below span several of them
REPLIES_PER_POST = 6


class _Undo(Exception):
    pass


def archive(tmp_path, posts: int):
    path = tmp_path / f"archive-{posts}.xml"
    with path.open("w", encoding="utf-8") as out:
        write_wxr(out, posts=posts, replies_per_post=REPLIES_PER_POST)
    return path, posts * (1 + REPLIES_PER_POST)


def run(path) -> None:
    call_command("import_wordpress", str(path), batch_size=BATCH, stdout=io.StringIO())


def queries_of_import_rolled_back(path) -> int:
    """Import ``path`` into the empty test database, count its queries, then undo it."""
    try:
        with transaction.atomic(), CaptureQueriesContext(connection) as queries:
            run(path)
            raise _Undo
    except _Undo:
        return len(queries)


@pytest.mark.django_db
def test_queries_per_item_do_not_grow_with_the_archive(tmp_path, django_assert_max_num_queries):
    small, small_items = archive(tmp_path, posts=20)
    large, large_items = archive(tmp_path, posts=80)
    per_item = queries_of_import_rolled_back(small) / small_items
    assert Article.objects.count() == 0
    # Four times the archive may cost at most four times the queries.
    with django_assert_max_num_queries(int(per_item * large_items)):
        run(large)
    assert Article.objects.count() == 80
    assert Reply.objects.count() == 80 * REPLIES_PER_POST


@pytest.mark.django_db
def test_a_post_costs_one_save_plus_its_share_of_the_batch_queries(tmp_path):
    path, _items = archive(tmp_path, posts=40)
    # Per article: its INSERT (Article.save sanitizes it) and the page cache's bookkeeping on that
    # save (articles/invalidation.py, three small queries); plus a bounded set of bulk queries per
    # batch of ten posts and their sixty replies.
    assert queries_of_import_rolled_back(path) / 40 < 8


@pytest.mark.django_db
def test_a_second_run_of_an_unchanged_archive_costs_only_the_lookups(tmp_path):
    path, _items = archive(tmp_path, posts=40)
    run(path)
    with CaptureQueriesContext(connection) as queries:
        run(path)
    assert len(queries) / 40 < 1
