"""Merging tags in the admin: articles keep their tagging, the merged tags' addresses redirect."""

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.test import Client
from django.urls import reverse
from taggit.models import Tag

from articles.models import ArticleTag
from tests.factories import ArticleFactory

from .conftest import login

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:taggit_tag_changelist")
MERGE = reverse("admin:taggit_tag_merge_tags")


def choose(client, tags):
    chosen = {"action": "render_tag_form", ACTION_CHECKBOX_NAME: [tag.pk for tag in tags]}
    assert client.post(CHANGELIST, chosen).status_code == 302


def merge(client, tags, name):
    choose(client, tags)
    return client.post(MERGE, {"name": name})


def test_an_editor_merges_tags_and_every_article_keeps_its_tagging(client, editor):
    one, both = ArticleFactory(tags=["Pak"]), ArticleFactory(tags=["Pak", "Pakistan"])
    kept = ArticleFactory(tags=["Pakistan"])
    pak, pakistan = Tag.objects.get(name="Pak"), Tag.objects.get(name="Pakistan")
    login(client, editor)

    response = merge(client, [pak, pakistan], "pakistan")  # the existing tag, whatever the case

    assert response.status_code == 302
    assert list(Tag.objects.values_list("name", flat=True)) == ["Pakistan"]
    for article in (one, both, kept):
        assert list(article.tags.names()) == ["Pakistan"]
    assert ArticleTag.objects.count() == 3
    reader = Client()
    assert reader.get("/tag/pak/").url == "/tag/pakistan/"
    listed = reader.get("/tag/pakistan/").context["object_list"]
    assert sorted(article.pk for article in listed) == sorted([one.pk, both.pk, kept.pk])


def test_the_merge_page_names_the_tags_in_the_editors_language(client, editor):
    ArticleFactory(tags=["wheat", "گندم"])
    login(client, editor)
    choose(client, list(Tag.objects.all()))
    page = client.get(MERGE, HTTP_ACCEPT_LANGUAGE="fa").content.decode()
    assert "یکجا کردن برچسب‌ها" in page  # "Merge tags"
    assert '<li dir="auto">wheat</li>' in page and '<li dir="auto">گندم</li>' in page
    assert client.post(MERGE, {"name": " "}).status_code == 200  # asked again, nothing merged
    assert Tag.objects.count() == 2


def test_a_new_name_makes_a_new_tag(client, editor):
    article = ArticleFactory(tags=["kabul", "Kabul city"])
    login(client, editor)
    merge(client, list(Tag.objects.all()), "Kabul Province")
    assert list(article.tags.names()) == ["Kabul Province"]
    assert Client().get("/tag/kabul/").url == "/tag/kabul-province/"


def test_a_journalist_may_not_merge_tags(client, journalist):
    article = ArticleFactory(tags=["one", "two"])
    login(client, journalist)
    tag_list = client.get(CHANGELIST)
    assert tag_list.status_code == 200 and "render_tag_form" not in tag_list.content.decode()
    session = client.session
    session["selected_tag_ids"] = ",".join(str(pk) for pk in Tag.objects.values_list("pk", flat=True))
    session.save()
    assert client.post(MERGE, {"name": "one"}).status_code == 403
    assert sorted(article.tags.names()) == ["one", "two"]


def test_readers_cached_pages_show_the_merge_at_once(client, editor):
    moved = ArticleFactory(tags=["Pak"], title="Moved story")
    ArticleFactory(tags=["Pakistan"])  # the tag page has something cached before the merge
    reader = Client()
    for path in (moved.get_absolute_url(), "/tag/pakistan/"):
        reader.get(path)
        assert reader.get(path)["X-Page-Cache"] == "hit"  # kept for every reader until a change
    login(client, editor)
    merge(client, list(Tag.objects.all()), "Pakistan")

    article = reader.get(moved.get_absolute_url())
    assert article["X-Page-Cache"] == "miss"
    assert 'href="/tag/pakistan/"' in article.content.decode()
    assert 'href="/tag/pak/"' not in article.content.decode()
    assert "Moved story" in reader.get("/tag/pakistan/").content.decode()
