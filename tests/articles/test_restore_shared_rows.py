"""Restoring a revision changes the article and its own links, never shared rows (issue 18, finding 1)."""

import pytest
from django.test import Client
from django.urls import reverse
from reversion.models import Version
from taggit.models import Tag

from articles.models import Article, ArticleTag, Author, Byline, Category
from tests.factories import ArticleFactory, AuthorFactory, CategoryFactory

from .admin_forms import change_form_data

pytestmark = pytest.mark.django_db


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def save(client, article, **fields):
    response = client.post(change_url(article), change_form_data(client.get(change_url(article)), **fields))
    assert response.status_code == 302, response.context["adminform"].form.errors
    return response


def restore(client, article, version):
    url = reverse("admin:articles_article_revision", args=[article.pk, version.pk])
    page = client.get(url)
    assert page.status_code == 200
    action = page.context["workflow_buttons"][0]["action"]
    response = client.post(url, change_form_data(page, _workflow=action))
    assert response.status_code == 302, response.context["adminform"].form.errors


def site_snapshot(exclude: Article) -> dict:
    """Everything a restore of ``exclude`` must not touch, as plain values."""
    others = Article.objects.exclude(pk=exclude.pk).order_by("pk")
    return {
        "tags": sorted(Tag.objects.values_list("pk", "name", "slug")),
        "categories": sorted(Category.objects.values_list("pk", "name", "slug", "parent_id")),
        "authors": sorted(Author.objects.values_list("pk", "name", "slug", "user_id")),
        "articles": {
            article.pk: (
                article.title,
                sorted(article.tags.values_list("pk", "name")),
                sorted(article.categories.values_list("pk", flat=True)),
                list(
                    Byline.objects.filter(article=article)
                    .order_by("position")
                    .values_list("author_id", "position")
                ),
            )
            for article in others
        },
        "tag_links": sorted(
            ArticleTag.objects.exclude(content_object=exclude).values_list("pk", "tag", "content_object")
        ),
    }


@pytest.fixture
def own_draft(journalist):
    author = AuthorFactory(name="Nadia Rahimi", user=journalist)
    section = CategoryFactory(name="Economy")
    return ArticleFactory(
        title="Wheat prices",
        status=Article.Status.DRAFT,
        publish_at=None,
        authors=[author],
        primary_category=section,
        categories=[section],
        created_by=journalist,
    )


def test_restoring_an_older_version_keeps_a_tag_used_elsewhere(client, journalist, own_draft):
    published = ArticleFactory(title="Border trade reopens", tags=["trade"])
    client.force_login(journalist)
    save(client, own_draft, tags="agriculture", _workflow="draft")
    save(client, own_draft, tags="agriculture, trade", _workflow="draft")
    first = Version.objects.get_for_object(own_draft).order_by("pk").first()

    restore(client, own_draft, first)

    own_draft.refresh_from_db()
    assert sorted(own_draft.tags.names()) == ["agriculture"]
    assert sorted(published.tags.names()) == ["trade"]
    assert Client().get(reverse("articles:tag", args=["trade"])).status_code == 200


def test_restoring_does_not_undo_an_editors_rename_of_a_tag(client, journalist, own_draft):
    client.force_login(journalist)
    save(client, own_draft, tags="kabul", _workflow="draft")
    first = Version.objects.get_for_object(own_draft).order_by("pk").first()
    other = ArticleFactory(tags=["kabul"])
    tag = Tag.objects.get(name="kabul")
    tag.name, tag.slug = "Kabul city", "kabul-city"
    tag.save()  # an editor's rename, on every article
    save(client, own_draft, tags="Kabul city, water", _workflow="draft")

    restore(client, own_draft, first)

    assert Tag.objects.get(pk=tag.pk).name == "Kabul city"
    assert list(other.tags.names()) == ["Kabul city"]
    assert list(Article.objects.get(pk=own_draft.pk).tags.names()) == ["Kabul city"]


def test_a_journalists_restore_leaves_every_other_article_as_it_was(client, journalist, own_draft):
    """What it must show, point 2: compare a snapshot of the rest of the site."""
    shared = CategoryFactory(name="Security")
    colleague = AuthorFactory(name="Farid Noori")
    ArticleFactory(title="One", tags=["trade", "border"], categories=[shared], authors=[colleague])
    ArticleFactory(title="Two", tags=["trade"], authors=[colleague, AuthorFactory()])
    ArticleFactory(title="Three", status=Article.Status.DRAFT, publish_at=None, tags=["water"])

    client.force_login(journalist)
    save(client, own_draft, tags="agriculture", _workflow="draft")
    first = Version.objects.get_for_object(own_draft).order_by("pk").first()
    save(
        client,
        own_draft,
        tags="agriculture, trade, water, drought",
        categories=[str(shared.pk), str(own_draft.primary_category_id)],
        _workflow="draft",
    )
    # The rest of the site moves on after the saves: a new link, a rename.
    ArticleFactory(title="Four", tags=["drought"])
    Tag.objects.filter(name="border").update(name="Border crossings")
    before = site_snapshot(exclude=own_draft)

    restore(client, own_draft, first)

    assert site_snapshot(exclude=own_draft) == before
    own_draft.refresh_from_db()
    assert sorted(own_draft.tags.names()) == ["agriculture"]
    assert [c.name for c in own_draft.categories.all()] == ["Economy"]
    assert [b.author.name for b in own_draft.bylines.all()] == ["Nadia Rahimi"]


def test_a_restore_skips_links_to_rows_deleted_since(client, editor):
    """A tag or author deleted after the version was kept cannot come back through a restore."""
    gone_author, kept_author = AuthorFactory(name="Gone"), AuthorFactory(name="Kept")
    article = ArticleFactory(tags=["old-tag", "kept-tag"], authors=[gone_author, kept_author])
    client.force_login(editor)
    save(client, article, _workflow="save")
    first = Version.objects.get_for_object(article).order_by("pk").first()
    save(client, article, tags="kept-tag", _workflow="save")
    Tag.objects.filter(name="old-tag").delete()
    Byline.objects.filter(author=gone_author).delete()
    gone_author.delete()

    restore(client, article, first)

    article.refresh_from_db()
    assert list(article.tags.names()) == ["kept-tag"]
    assert [b.author.name for b in article.bylines.all()] == ["Kept"]
    assert not Tag.objects.filter(name="old-tag").exists()
    assert not Author.objects.filter(name="Gone").exists()
