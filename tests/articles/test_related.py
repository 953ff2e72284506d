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
