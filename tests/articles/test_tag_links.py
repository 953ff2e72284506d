"""Tag links carry their article's listing time, so a tag's page walks its own index."""

import datetime
import json

import pytest
import reversion
import time_machine
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from reversion.models import Version
from taggit.models import Tag

from articles import revisions
from articles.models import Article, ArticleTag
from tests.factories import ArticleFactory


def ago(hours):
    return timezone.now() - datetime.timedelta(hours=hours)


def listed_at(article):
    return list(ArticleTag.objects.filter(content_object=article).values_list("listed_at", flat=True))


@pytest.mark.django_db
def test_a_link_follows_its_article_through_publishing_rescheduling_and_unpublishing():
    draft = ArticleFactory(status=Article.Status.DRAFT, publish_at=None, tags=["trade"])
    assert listed_at(draft) == [None]

    draft.status, draft.publish_at = Article.Status.PUBLISHED, ago(2)
    draft.save()
    assert listed_at(draft) == [draft.publish_at]

    later = timezone.now() + datetime.timedelta(days=1)
    fresh = Article.objects.get(pk=draft.pk)  # loaded, as the admin does
    fresh.publish_at = later
    fresh.save()
    assert listed_at(draft) == [later]

    fresh.status = Article.Status.DRAFT
    fresh.save()
    assert listed_at(draft) == [None]


@pytest.mark.django_db
def test_a_tag_added_to_a_published_article_is_listed_at_its_time():
    article = ArticleFactory(publish_at=ago(5))
    article.tags.add("wheat")
    assert listed_at(article) == [article.publish_at]


@pytest.mark.django_db
def test_a_save_that_changes_no_listing_time_writes_no_link():
    article = ArticleFactory(tags=["trade"])
    fresh = Article.objects.get(pk=article.pk)
    fresh.title = "A new title"
    with CaptureQueriesContext(connection) as captured:
        fresh.save()
    assert not [q["sql"] for q in captured if q["sql"].startswith('UPDATE "articles_articletag"')]


@pytest.mark.django_db
def test_the_tag_page_and_feed_list_only_readable_articles_newest_first():
    newest, older = (
        ArticleFactory(tags=["trade"], publish_at=ago(1)),
        ArticleFactory(tags=["trade"], publish_at=ago(9)),
    )
    ArticleFactory(tags=["trade"], status=Article.Status.DRAFT, publish_at=None)
    ArticleFactory(tags=["trade"], publish_at=timezone.now() + datetime.timedelta(hours=3))
    page = Client().get("/tag/trade/")
    assert list(page.context["object_list"]) == [newest, older]
    feed = Client().get("/tag/trade/feed/").content.decode()
    assert feed.index(newest.title) < feed.index(older.title)
    assert feed.count("<item>") == 2


@pytest.mark.postgres
@pytest.mark.django_db
def test_a_tag_on_thousands_of_articles_reads_only_the_page_it_shows():
    tag = Tag.objects.create(name="Kabul", slug="kabul")
    tagged = Article.objects.bulk_create(
        Article(title=f"Story {n}", slug=f"story-{n}", status=Article.Status.PUBLISHED, publish_at=ago(n + 1))
        for n in range(3000)
    )
    ArticleTag.objects.bulk_create(
        ArticleTag(tag=tag, content_object=a, listed_at=a.publish_at) for a in tagged
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    page = Article.objects.tagged(tag).defer("body", "search_vector")[:12]
    assert list(page) == tagged[:12]
    sql, params = page.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # as on a large archive
        cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + sql, params)
        plan = cursor.fetchone()[0][0]["Plan"]
    # Sorting the tag's articles read all 3,000 of them.
    assert _rows(plan, Article._meta.db_table) <= 12


def _rows(plan: dict, table: str) -> int:
    own = (
        plan.get("Actual Rows", 0) * plan.get("Actual Loops", 1) if plan.get("Relation Name") == table else 0
    )
    return own + sum(_rows(child, table) for child in plan.get("Plans", []))


BEFORE = [("articles", "0014_merge_0012_embedprovider_0013_newest_index")]
AFTER = [("articles", "0015_article_tags_listed")]


@pytest.mark.django_db(transaction=True)
def test_the_migration_moves_every_tagging_and_the_revisions_that_kept_them():
    with reversion.create_revision():
        article = ArticleFactory(title="Kept with its tags", tags=["trade", "wheat"], publish_at=ago(3))
        article.save()
    links = sorted(ArticleTag.objects.values_list("pk", "tag_id", "content_object_id"))
    article.tags.set(["other"])  # changed since the revision

    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)  # taggit's generic links again, and the revision names them
    old_apps = executor.loader.project_state(BEFORE).apps
    OldTaggedItem = old_apps.get_model("taggit", "TaggedItem")
    taggit_type = ContentType.objects.get(app_label="taggit", model="taggeditem")
    assert OldTaggedItem.objects.filter(object_id=article.pk).count() == 1
    kept = Version.objects.filter(content_type=taggit_type)
    assert sorted(json.loads(v.serialized_data)[0]["fields"]["object_id"] for v in kept) == [article.pk] * 2

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(AFTER)
    assert ArticleTag.objects.filter(content_object=article).get().listed_at == article.publish_at
    assert not Version.objects.filter(content_type=taggit_type).exists()

    revisions.restore(Version.objects.get_for_object(article).first())
    assert sorted(article.tags.names()) == ["trade", "wheat"]
    assert sorted(ArticleTag.objects.values_list("pk", "tag_id", "content_object_id")) == links
    restored = Article.objects.get(pk=article.pk)  # its time as the revision kept it (JSON: milliseconds)
    assert listed_at(article) == [restored.publish_at] * 2


@pytest.mark.django_db
def test_a_tag_only_a_scheduled_story_carries_is_unknown_to_readers_until_it_is_out(client):
    """An embargoed story's topic must not show: its tag's page and feed answer 404 until then."""
    out = timezone.now() + datetime.timedelta(hours=2)
    ArticleFactory(tags=["Secret summit"], publish_at=out)
    for url in ["/tag/secret-summit/", "/tag/secret-summit/feed/"]:
        response = client.get(url)
        assert response.status_code == 404 and b"Secret summit" not in response.content
    with time_machine.travel(out + datetime.timedelta(minutes=1)):
        assert b"Secret summit" in client.get("/tag/secret-summit/").content
        assert client.get("/tag/secret-summit/feed/").status_code == 200
