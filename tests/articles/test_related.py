"""The related box: readable articles sharing a tag or the primary category, newest first."""

import datetime

import pytest
from django.utils import timezone

from articles.models import Article, related_articles
from tests.factories import ArticleFactory, CategoryFactory


def ago(hours):
    return timezone.now() - datetime.timedelta(hours=hours)


@pytest.mark.django_db
def test_related_articles_share_a_tag_or_the_primary_category():
    water, roads = CategoryFactory(name="Water"), CategoryFactory(name="Roads")
    story = ArticleFactory(primary_category=water, tags=["canals", "drought"], publish_at=ago(10))
    same_tag = ArticleFactory(primary_category=roads, tags=["drought"], publish_at=ago(1))
    same_category = ArticleFactory(primary_category=water, publish_at=ago(2))
    both = ArticleFactory(primary_category=water, tags=["canals"], publish_at=ago(3))
    ArticleFactory(primary_category=roads, tags=["elections"], publish_at=ago(1))  # nothing shared
    ArticleFactory(primary_category=water, tags=["canals"], status=Article.Status.DRAFT)
    ArticleFactory(primary_category=water, tags=["canals"], publish_at=ago(-1))  # scheduled
    older = ArticleFactory(primary_category=roads, tags=["canals"], publish_at=ago(20))

    assert list(related_articles(story)) == [same_tag, same_category, both, older]
    assert list(related_articles(story, limit=2)) == [same_tag, same_category]


@pytest.mark.django_db
def test_without_tags_the_primary_category_decides_and_without_either_nothing():
    water = CategoryFactory(name="Water")
    story = ArticleFactory(primary_category=water)
    neighbour = ArticleFactory(primary_category=water, publish_at=ago(5))
    ArticleFactory(tags=["canals"])
    assert list(related_articles(story)) == [neighbour]

    loner = ArticleFactory(primary_category=None, categories=[])
    assert list(related_articles(loner)) == []


@pytest.mark.django_db
def test_tags_alone_are_enough():
    story = ArticleFactory(primary_category=None, categories=[], tags=["canals"])
    tagged = ArticleFactory(tags=["canals"], publish_at=ago(4))
    ArticleFactory(publish_at=ago(1))
    assert list(related_articles(story)) == [tagged]


@pytest.mark.django_db
def test_an_article_sharing_several_tags_is_listed_once():
    story = ArticleFactory(tags=["canals", "drought", "wheat"], publish_at=ago(10))
    close = ArticleFactory(tags=["canals", "drought", "wheat"], publish_at=ago(2))
    other = ArticleFactory(tags=["wheat"], publish_at=ago(3))
    assert [a for a in related_articles(story) if a in (close, other)] == [close, other]


def _rows_read(plan: dict, table: str) -> int:
    """Rows the executor read from ``table`` in an EXPLAIN (ANALYZE, FORMAT JSON) plan."""
    own = (
        plan.get("Actual Rows", 0) * plan.get("Actual Loops", 1) if plan.get("Relation Name") == table else 0
    )
    return own + sum(_rows_read(child, table) for child in plan.get("Plans", []))


@pytest.mark.postgres
@pytest.mark.django_db
def test_a_tag_only_older_articles_carry_does_not_make_the_related_box_walk_the_archive():
    """The tag half reads the tags' own items, not every newer readable article looking for them."""
    from django.db import connection
    from taggit.models import Tag

    from articles.models import ArticleTag

    story = ArticleFactory(tags=["canals"], primary_category=None, categories=[], publish_at=ago(1))
    canals, other = Tag.objects.get(name="canals"), Tag.objects.create(name="other", slug="other")
    older = Article.objects.bulk_create(
        Article(
            title=f"Older {n}", slug=f"older-{n}", status=Article.Status.PUBLISHED, publish_at=ago(900 + n)
        )
        for n in range(40)
    )
    newer = Article.objects.bulk_create(
        Article(title=f"Newer {n}", slug=f"newer-{n}", status=Article.Status.PUBLISHED, publish_at=ago(n + 2))
        for n in range(3000)
    )
    ArticleTag.objects.bulk_create(
        [ArticleTag(tag=canals, content_object=a, listed_at=a.publish_at) for a in older]
        + [ArticleTag(tag=other, content_object=a, listed_at=a.publish_at) for a in newer]
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    related = related_articles(story)
    assert list(related) == older[:4]
    sql, params = related.query.sql_with_params()
    with connection.cursor() as cursor:
        # As on a large archive, where reading a whole table is never the cheap way.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + sql, params)
        plan = cursor.fetchone()[0][0]["Plan"]
    # The few the tag's newest links name (and the category's), then the chosen rows;
    # walking the archive newest-first read the 3,000 newer ones first.
    assert _rows_read(plan, Article._meta.db_table) <= 20
