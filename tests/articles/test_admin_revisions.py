"""Revisions: history, compare, restore, and the lost-edit guard (issue 4, point 4)."""

import re

import pytest
from django.test import Client
from django.urls import reverse
from reversion.models import Version

from articles.models import Article
from tests.factories import ArticleFactory, AuthorFactory, CategoryFactory, UserFactory

from .admin_forms import change_form_data

pytestmark = pytest.mark.django_db


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def save(client, article, **fields):
    response = client.post(change_url(article), change_form_data(client.get(change_url(article)), **fields))
    assert response.status_code == 302, response.context["adminform"].form.errors
    return response


@pytest.fixture
def two_versions(client, editor):
    """An article saved twice by an editor: v1 (original), then v2 (rewritten)."""
    politics, economy = CategoryFactory(name="Politics"), CategoryFactory(name="Economy")
    article = ArticleFactory(
        title="Original title",
        body="<p>The original body.</p>",
        primary_category=politics,
        categories=[politics],
        tags=["cabinet"],
    )
    client.force_login(editor)
    save(client, article, _workflow="save")
    save(
        client,
        article,
        title="Rewritten title",
        body="<p>A rewritten body.</p>",
        primary_category=str(economy.pk),
        categories=[str(economy.pk)],
        tags="budget, taxes",
        _workflow="save",
    )
    versions = list(Version.objects.get_for_object(article).order_by("pk"))
    assert len(versions) == 2
    return article, versions


def test_history_lists_every_save_with_who(client, editor, two_versions):
    article, versions = two_versions
    page = client.get(reverse("admin:articles_article_history", args=[article.pk]))
    assert page.status_code == 200
    assert [row["version"] for row in page.context["versions"]] == versions[::-1]
    html = page.content.decode()
    assert "Compare selected versions" in html
    assert reverse("admin:articles_article_revision", args=[article.pk, versions[0].pk]) in html
    assert editor.get_username() in html


def test_compare_shows_what_changed(client, two_versions):
    article, (v1, v2) = two_versions
    url = reverse("admin:articles_article_compare", args=[article.pk])
    page = client.get(url, {"a": v1.pk, "b": v2.pk})
    assert page.status_code == 200
    changes = {change.label: change for change in page.context["changes"]}
    assert changes["Title"].changed and (changes["Title"].old, changes["Title"].new) == (
        "Original title",
        "Rewritten title",
    )
    assert (changes["Categories"].old, changes["Categories"].new) == ("Politics", "Economy")
    assert (changes["Tags"].old, changes["Tags"].new) == ("cabinet", "budget, taxes")
    assert not changes["Slug"].changed
    html = page.content.decode()
    assert "<del>Original</del>" in html and "<ins>Rewritten</ins>" in html


def test_compare_refuses_versions_of_another_article(client, two_versions):
    article, (v1, _v2) = two_versions
    other = ArticleFactory()
    url = reverse("admin:articles_article_compare", args=[other.pk])
    assert client.get(url, {"a": v1.pk, "b": v1.pk}).status_code == 404


def test_restore_brings_back_title_body_categories_and_tags(client, two_versions):
    article, (v1, _v2) = two_versions
    url = reverse("admin:articles_article_revision", args=[article.pk, v1.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert [b["label"] for b in page.context["workflow_buttons"]] == ["Restore this version"]
    # Looking at an old version changes nothing.
    article.refresh_from_db()
    assert article.title == "Rewritten title"

    response = client.post(url, change_form_data(page, _workflow="save"))
    assert response.status_code == 302
    article = Article.objects.get(pk=article.pk)
    assert article.title == "Original title"
    assert article.body == "<p>The original body.</p>"
    assert article.primary_category.name == "Politics"
    assert [c.name for c in article.categories.all()] == ["Politics"]
    assert sorted(article.tags.names()) == ["cabinet"]
    assert article.is_published  # the restore brings back content, not an old status
    assert Version.objects.get_for_object(article).count() == 3


def test_restore_keeps_the_current_status(client, editor, two_versions):
    article, (v1, _v2) = two_versions
    save(client, article, _workflow="unpublish")
    url = reverse("admin:articles_article_revision", args=[article.pk, v1.pk])
    page = client.get(url)
    restore = page.context["workflow_buttons"][0]
    assert (restore["label"], restore["action"]) == ("Restore this version", "draft")
    response = client.post(url, change_form_data(page, _workflow=restore["action"]))
    assert response.status_code == 302, response.context["adminform"].form.errors
    article.refresh_from_db()
    assert (article.title, article.status) == ("Original title", Article.Status.DRAFT)


def test_journalist_cannot_restore_a_published_article(client, journalist, two_versions):
    article, (v1, _v2) = two_versions
    article.bylines.create(author=AuthorFactory(user=journalist), position=5)
    journalist_client = Client()
    journalist_client.force_login(journalist)
    url = reverse("admin:articles_article_revision", args=[article.pk, v1.pk])
    assert journalist_client.get(url).status_code == 403
    assert journalist_client.post(url, {"title": "x", "_workflow": "save"}).status_code == 403
    article.refresh_from_db()
    assert article.title == "Rewritten title"


def test_a_stale_form_is_refused_and_names_who_saved_in_between(client, editor):
    article = ArticleFactory(title="Shared piece")
    colleague = UserFactory(
        username="farid", first_name="Farid", last_name="Noori", is_staff=True, is_superuser=True
    )
    client.force_login(editor)
    mine = client.get(change_url(article))  # I open the form...

    other = Client()
    other.force_login(colleague)  # ...a colleague opens it too, and saves first.
    save(other, article, title="Colleague's headline", _workflow="save")

    response = client.post(change_url(article), change_form_data(mine, dek="My new dek", _workflow="save"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Farid Noori saved this article at" in html
    assert "Your changes were NOT saved" in html
    # My typing is still in the form, nothing of theirs was overwritten.
    assert response.context["adminform"].form["dek"].value() == "My new dek"
    article.refresh_from_db()
    assert (article.title, article.dek) == ("Colleague's headline", "A short standfirst.")

    # After reloading, the save goes through.
    save(client, article, dek="My new dek", _workflow="save")
    article.refresh_from_db()
    assert (article.title, article.dek) == ("Colleague's headline", "My new dek")


def test_bulk_publish_is_kept_in_history(client, editor):
    drafts = ArticleFactory.create_batch(2, status=Article.Status.DRAFT, publish_at=None)
    client.force_login(editor)
    client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "publish_selected", "_selected_action": [a.pk for a in drafts], "index": 0},
    )
    for article in drafts:
        article.refresh_from_db()
        assert article.is_published
        version = Version.objects.get_for_object(article).get()
        assert version.revision.user == editor


def test_the_form_says_when_and_by_whom_it_was_last_saved_in_one_sentence(client, editor, two_versions):
    article, _ = two_versions
    html = client.get(change_url(article)).content.decode()
    sentence = re.search(r'<p class="last-saved">([^<]*)</p>', html)[1]
    # The time ends in "a.m." or "p.m." in English: it must not end the sentence ("p.m..").
    assert re.fullmatch(r"Last saved on .+ by (.+)\.", sentence)[1] == (
        editor.get_full_name() or editor.username
    )
    assert ".." not in sentence


def test_an_editor_recovers_a_deleted_article_with_its_categories_and_bylines(client, editor, two_versions):
    article, _versions = two_versions
    author = AuthorFactory(name="Rahima Ahmadi")
    article.bylines.create(author=author)
    save(client, article, _workflow="save")
    pk = article.pk
    response = client.post(reverse("admin:articles_article_delete", args=[pk]), {"post": "yes"})
    assert response.status_code == 302 and not Article.objects.filter(pk=pk).exists()

    listing = client.get(reverse("admin:articles_article_recoverlist"))
    assert "Rewritten title" in listing.content.decode()
    (deleted,) = Version.objects.get_deleted(Article)
    url = reverse("admin:articles_article_recover", args=[deleted.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert not Article.objects.filter(pk=pk).exists()  # looking brings nothing back
    response = client.post(url, change_form_data(page, _workflow="save"))
    assert response.status_code == 302
    recovered = Article.objects.get(pk=pk)
    assert recovered.title == "Rewritten title"
    assert [c.name for c in recovered.categories.all()] == ["Economy"]
    assert author in [b.author for b in recovered.bylines.all()]


def test_only_who_may_delete_articles_sees_or_recovers_deleted_ones(client, editor, journalist):
    own = ArticleFactory(
        title="A journalist's deleted draft", status=Article.Status.DRAFT, created_by=journalist
    )
    client.force_login(editor)
    save(client, own, _workflow="draft")
    client.post(reverse("admin:articles_article_delete", args=[own.pk]), {"post": "yes"})
    (deleted,) = Version.objects.get_deleted(Article)

    client.force_login(journalist)
    assert client.get(reverse("admin:articles_article_recoverlist")).status_code == 403
    assert client.get(reverse("admin:articles_article_recover", args=[deleted.pk])).status_code == 403
    assert "recoverlink" not in client.get(reverse("admin:articles_article_changelist")).content.decode()
    client.force_login(editor)
    assert "recoverlink" in client.get(reverse("admin:articles_article_changelist")).content.decode()
