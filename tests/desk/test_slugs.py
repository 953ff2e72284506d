"""A draft's slug follows its title; a published article's changes on purpose and redirects."""

import datetime

import pytest
from django.utils import timezone

from articles.models import Article
from desk.models import MovedAddress
from tests.factories import ArticleFactory

from .conftest import article_form, login


def draft(**kwargs):
    return ArticleFactory(status=Article.Status.DRAFT, publish_at=None, **kwargs)


@pytest.mark.django_db
def test_a_drafts_slug_follows_its_title(client, editor):
    article = draft(title="Draft notes on the Doha talks", slug="draft-notes-on-the-doha-talks")
    login(client, editor)
    response = article_form(client, article, title="What the Doha talks decided", _workflow="draft")
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.slug == "what-the-doha-talks-decided"


@pytest.mark.django_db
def test_a_slug_set_by_hand_is_kept_when_the_title_changes(client, editor):
    article = draft(title="Draft notes on the Doha talks", slug="doha")
    login(client, editor)
    article_form(client, article, title="What the Doha talks decided", _workflow="draft")
    article.refresh_from_db()
    assert article.slug == "doha"


@pytest.mark.django_db
def test_the_first_publish_fixes_the_slug(client, editor):
    article = draft(title="Draft notes", slug="draft-notes")
    login(client, editor)
    article_form(client, article, title="Notes on the talks", _workflow="publish")
    article.refresh_from_db()
    assert (article.slug, article.status) == ("notes-on-the-talks", Article.Status.PUBLISHED)
    assert article.first_published_at == article.publish_at
    article_form(client, article, title="Notes on the talks, updated")
    article.refresh_from_db()
    assert article.slug == "notes-on-the-talks"
    assert not MovedAddress.objects.exists()


@pytest.mark.django_db
def test_unpublished_then_retitled_keeps_its_public_slug(client, editor):
    article = ArticleFactory(title="Kabul budget", slug="kabul-budget")
    login(client, editor)
    article_form(client, article, _workflow="unpublish")
    article_form(client, article, title="Kabul budget, revised", _workflow="draft")
    article.refresh_from_db()
    assert article.slug == "kabul-budget"


@pytest.mark.django_db
def test_a_changed_slug_of_a_published_article_redirects_its_old_address(client, editor):
    article = ArticleFactory(title="Herat water", slug="herat-water")
    old_url = article.get_absolute_url()
    login(client, editor)
    assert article_form(client, article, slug="herat-water-dispute").status_code == 302
    article.refresh_from_db()
    client.logout()
    response = client.get(old_url)
    assert response.status_code == 301
    assert response["Location"] == article.get_absolute_url()
    assert client.get(article.get_absolute_url()).status_code == 200

    # Moved again: the first address follows to the newest one, and going back
    # to an old slug makes it live again rather than a redirect.
    article.slug = "herat-water-story"
    article.save()
    assert client.get(old_url)["Location"] == article.get_absolute_url()
    article.slug = "herat-water"
    article.save()
    assert client.get(old_url).status_code == 200
    assert MovedAddress.objects.filter(path=old_url).count() == 0


@pytest.mark.django_db
def test_an_old_address_never_leads_readers_to_an_unpublished_article(client):
    article = ArticleFactory(slug="first")
    old_url = article.get_absolute_url()
    article.slug = "second"
    article.save()
    article.status = Article.Status.DRAFT
    article.save()
    assert client.get(old_url).status_code == 404


@pytest.mark.django_db
def test_a_scheduled_article_has_a_public_address_already():
    article = ArticleFactory(publish_at=timezone.now() + datetime.timedelta(days=1), slug="tomorrow")
    assert article.first_published_at is not None
    old = article.get_absolute_url()
    article.slug = "tomorrow-morning"
    article.save()
    assert MovedAddress.objects.get(path=old).article == article
