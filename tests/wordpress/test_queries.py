"""The import costs a fixed number of queries per item, whatever the size of the archive."""

import io

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from articles.models import Article
from comments.models import Reply

from .generate import write_uploads, write_wxr

BATCH = 10  # small batches, so both files below span several of them
REPLIES_PER_POST = 6


class _Undo(Exception):
    pass


def archive(tmp_path, posts: int):
    """A generated export with an image per post, and its uploads folder next to it."""
    path = tmp_path / f"archive-{posts}.xml"
    with path.open("w", encoding="utf-8") as out:
        write_wxr(out, posts=posts, replies_per_post=REPLIES_PER_POST)
    write_uploads(tmp_path / "uploads", posts, size=(64, 48))
    return path, posts * (2 + REPLIES_PER_POST)


def run(path) -> None:
    call_command(
        "import_wordpress",
        str(path),
        batch_size=BATCH,
        media_dir=str(path.parent / "uploads"),
        stdout=io.StringIO(),
    )


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
    assert all(article.featured_image for article in Article.objects.all())


@pytest.mark.django_db
def test_a_post_costs_one_save_plus_its_share_of_the_batch_queries(tmp_path):
    path, _items = archive(tmp_path, posts=40)
    # Per article: its INSERT (Article.save sanitizes it) and the page cache's bookkeeping on that
    # save (newsroom/pagecache.py: the tags it declares, one query); its image's way into the media library
    # (create_from_file: validation, INSERT, the stored files' UPDATE); its featured image's UPDATE
    # with the same bookkeeping; plus a bounded set of bulk queries per batch of ten posts, their
    # images and their sixty replies. On PostgreSQL, also the search index's two refreshes of the
    # post (articles/search.py: after its save, and after its tags and bylines are set).
    search_index = 2 if connection.vendor == "postgresql" else 0
    assert queries_of_import_rolled_back(path) / 40 < 17 + search_index


@pytest.mark.django_db
def test_a_second_run_of_an_unchanged_archive_costs_only_the_lookups(tmp_path):
    path, _items = archive(tmp_path, posts=40)
    run(path)
    with CaptureQueriesContext(connection) as queries:
        run(path)
    writes = [q["sql"] for q in queries if q["sql"].lstrip().startswith(("INSERT", "UPDATE", "DELETE"))]
    assert writes == []
    # Per batch of ten posts: the mappings and objects of their images, of the posts, of their
    # replies, and the featured-image check; no file is read again.
    assert len(queries) / 40 < 2
