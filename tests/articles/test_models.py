import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection
from django.utils import timezone

from articles.models import Article, Category
from tests.factories import ArticleFactory, CategoryFactory


@pytest.mark.django_db
def test_slug_is_unique_for_the_publication_date_only():
    when = timezone.now() - datetime.timedelta(days=3)
    ArticleFactory(slug="budget", publish_at=when)
    ArticleFactory(slug="budget", publish_at=when - datetime.timedelta(days=1))  # another day: fine
    clash = Article(title="Budget", slug="budget", publish_at=when, status=Article.Status.PUBLISHED)
    with pytest.raises(ValidationError) as error:
        clash.full_clean()
    assert "slug" in error.value.message_dict
    with pytest.raises(IntegrityError):
        clash.save()


@pytest.mark.django_db
def test_publishing_without_a_time_stamps_now():
    article = ArticleFactory(status=Article.Status.PUBLISHED, publish_at=None)
    assert article.publish_at is not None
    assert article.publish_date == timezone.localdate(article.publish_at)


@pytest.mark.django_db
def test_url_date_uses_the_newsroom_time_zone(settings):
    settings.TIME_ZONE = "Asia/Kabul"  # UTC+04:30
    with timezone.override("Asia/Kabul"):
        late_utc = datetime.datetime(2026, 1, 31, 20, 0, tzinfo=datetime.UTC)  # 00:30 Feb 1 in Kabul
        article = ArticleFactory(publish_at=late_utc)
        assert article.get_absolute_url().startswith("/2026/02/01/")


@pytest.mark.django_db
def test_body_is_sanitized_on_every_save():
    article = ArticleFactory(
        body='<p onclick="steal()">Hi <script>alert(1)</script><a href="javascript:alert(1)">x</a>'
        '<iframe src="https://evil.example"></iframe><strong>bold</strong></p>'
    )
    article.refresh_from_db()
    assert "<script" not in article.body and "onclick" not in article.body
    assert "javascript:" not in article.body and "<iframe" not in article.body
    assert "<strong>bold</strong>" in article.body


@pytest.mark.django_db
def test_a_category_cannot_become_its_own_ancestor():
    parent = CategoryFactory()
    child = CategoryFactory(parent=parent)
    parent.parent = child
    with pytest.raises(ValidationError):
        parent.full_clean()


@pytest.mark.django_db
def test_indexes_serve_the_visibility_filter_and_listing_order():
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, Article._meta.db_table)
    indexed = {tuple(c["columns"]) for c in constraints.values() if c["index"] or c["unique"]}
    assert ("status", "publish_at") in indexed
    assert ("publish_date", "slug") in indexed
    with connection.cursor() as cursor:
        through = connection.introspection.get_constraints(cursor, Article.categories.through._meta.db_table)
    assert any(c["columns"] == ["category_id"] for c in through.values() if c["index"])


@pytest.mark.django_db
def test_descendants_and_ancestors_from_one_list():
    region = CategoryFactory()
    country = CategoryFactory(parent=region)
    province = CategoryFactory(parent=country)
    other = CategoryFactory()
    everything = list(Category.objects.all())
    assert Category.descendant_ids(everything, region) == {region.pk, country.pk, province.pk}
    assert other.pk not in Category.descendant_ids(everything, region)
    assert Category.ancestors(everything, province) == [region, country]
