"""Colleagues' unpublished work is not a journalist's to read (issue 18, finding 7).

SPEC §1: a journalist edits their own articles. As WordPress's Contributor,
a journalist sees their own articles in every status and what is on the
site, never a colleague's draft, piece in review or scheduled piece: not in
the list, the change view, the history, a restore or a preview link.
Editors and administrators see everything.
"""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from reversion import create_revision, set_user

from articles import preview
from articles.models import Article
from tests.factories import ArticleFactory, AuthorFactory, UserFactory

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:articles_article_changelist")


def hidden_pieces():
    colleague = AuthorFactory(name="A colleague")
    later = timezone.now() + datetime.timedelta(days=2)
    pieces = {
        "draft": ArticleFactory(title="Colleague draft", status=Article.Status.DRAFT, publish_at=None),
        "review": ArticleFactory(title="Colleague in review", status=Article.Status.REVIEW, publish_at=None),
        "scheduled": ArticleFactory(title="Colleague scheduled", publish_at=later),
    }
    for article in pieces.values():
        article.bylines.update(author=colleague)
        with create_revision():
            set_user(UserFactory(username="colleague", is_staff=True))
            article.save()
    return pieces


def urls_of(article):
    from reversion.models import Version

    version = Version.objects.get_for_object(article).first()
    return [
        reverse("admin:articles_article_change", args=[article.pk]),
        reverse("admin:articles_article_history", args=[article.pk]),
        reverse("admin:articles_article_revision", args=[article.pk, version.pk]),
        reverse("admin:articles_article_compare", args=[article.pk]) + f"?a={version.pk}&b={version.pk}",
        preview.preview_url(article),
    ]


@pytest.fixture
def journalist_client(journalist):
    client = Client()
    client.force_login(journalist)
    return client


@pytest.mark.parametrize("kind", ["draft", "review", "scheduled"])
def test_a_journalist_cannot_open_a_colleagues_unpublished_piece(journalist_client, kind):
    article = hidden_pieces()[kind]
    for url in urls_of(article):
        response = journalist_client.get(url, follow=True)
        assert response.status_code in (403, 404) or response.redirect_chain, url
        assert article.title not in response.content.decode(), url


def test_the_list_shows_a_journalist_their_own_work_and_what_is_published(journalist_client, journalist):
    hidden = hidden_pieces()
    mine = ArticleFactory(
        title="My own draft",
        status=Article.Status.DRAFT,
        publish_at=None,
        authors=[AuthorFactory(user=journalist)],
    )
    live = ArticleFactory(title="Colleague live piece")
    page = journalist_client.get(CHANGELIST)
    shown = {article.pk for article in page.context["cl"].result_list}
    assert shown == {mine.pk, live.pk}
    assert not any(article.title in page.content.decode() for article in hidden.values())
    # A published colleague's piece opens read-only.
    assert journalist_client.get(reverse("admin:articles_article_change", args=[live.pk])).status_code == 200


@pytest.mark.parametrize("role", ["editor", "admin_user"])
def test_editors_and_administrators_see_every_piece(request, role):
    client = Client()
    client.force_login(request.getfixturevalue(role))
    for article in hidden_pieces().values():
        for url in urls_of(article):
            response = client.get(url)
            assert response.status_code == 200, url
            assert article.title in response.content.decode(), url
