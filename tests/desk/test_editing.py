"""Autosave and presence endpoints: who may use them, what they keep, what the edit page offers."""

import datetime
import json

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from desk.models import Autosave, Presence
from tests.factories import ArticleFactory, AuthorFactory, UserFactory

from .conftest import article_form

AUTOSAVE = reverse("desk-autosave")
DISCARD = reverse("desk-autosave-discard")
PRESENCE = reverse("desk-presence")


@pytest.fixture
def own_draft(journalist):
    return ArticleFactory(
        title="Grain convoys",
        status=Article.Status.DRAFT,
        publish_at=None,
        authors=[AuthorFactory(user=journalist)],
        created_by=journalist,
    )


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def keep(client, article, **data):
    form = {"title": "Grain convoys, unsaved", "body": "<p>Typed but not saved.</p>"}
    return client.post(
        AUTOSAVE,
        {"article": article.pk if article else "", "data": json.dumps(form), "edit_token": "1", **data},
    )


@pytest.mark.django_db
def test_an_autosave_is_kept_per_user_and_article_and_never_changes_the_article(
    client, journalist, own_draft
):
    client.force_login(journalist)
    response = keep(client, own_draft)
    assert response.status_code == 200
    assert response.json()["label"].startswith("Draft kept at")
    keep(client, own_draft)
    autosave = Autosave.objects.get()
    assert (autosave.user, autosave.article) == (journalist, own_draft)
    assert autosave.data["title"] == "Grain convoys, unsaved"
    own_draft.refresh_from_db()
    assert (own_draft.title, own_draft.status) == ("Grain convoys", Article.Status.DRAFT)


@pytest.mark.django_db
def test_the_edit_page_offers_the_autosave_back_and_a_save_clears_it(client, journalist, own_draft):
    client.force_login(journalist)
    keep(client, own_draft)
    page = client.get(change_url(own_draft)).content.decode()
    assert 'id="desk-autosave-prompt"' in page
    assert "Restore the unsaved changes from" in page
    assert "Grain convoys, unsaved" in page  # in the JSON data for the restore button
    assert "Careful:" not in page
    assert article_form(client, own_draft, _workflow="draft").status_code == 302
    assert not Autosave.objects.exists()


@pytest.mark.django_db
def test_an_autosave_older_than_a_saved_version_says_so(client, journalist, editor, own_draft):
    editor.first_name, editor.last_name = "Laila", "Hakimi"
    editor.save()
    client.force_login(journalist)
    article_form(client, own_draft, _workflow="draft")  # a first kept version
    token = client.get(change_url(own_draft)).context["adminform"].form["edit_token"].value()
    keep(client, own_draft, edit_token=token)
    other = Client()
    other.force_login(editor)
    assert (
        article_form(other, own_draft, title="Grain convoys (edited)", _workflow="draft").status_code == 302
    )
    page = client.get(change_url(own_draft)).content.decode()
    assert "Careful: Laila Hakimi saved this article at" in page


@pytest.mark.django_db
def test_a_new_article_autosaves_under_its_draft_key_and_is_offered_on_the_add_page(client, journalist):
    client.force_login(journalist)
    assert keep(client, None).status_code == 400  # a new article needs its key
    assert keep(client, None, draft_key="abc123").status_code == 200
    page = client.get(reverse("admin:articles_article_add")).content.decode()
    assert "You have an unsaved new article from" in page
    assert "“Grain convoys, unsaved”." in page  # which one, before deciding
    assert 'data-draft-key="abc123"' in page
    client.post(DISCARD, {"article": "", "draft_key": "abc123"})
    assert not Autosave.objects.exists()


@pytest.mark.django_db
def test_nobody_autosaves_an_article_they_may_not_change(client, journalist, moderator, editor):
    others = ArticleFactory(status=Article.Status.DRAFT, publish_at=None)
    published_own = ArticleFactory(authors=[AuthorFactory(user=journalist)])
    client.force_login(journalist)
    assert keep(client, others).status_code == 403
    assert keep(client, published_own).status_code == 403
    assert client.post(PRESENCE, {"article": others.pk}).status_code == 403
    client.force_login(moderator)
    assert keep(client, None, draft_key="x").status_code == 403
    client.force_login(editor)
    assert keep(client, others).status_code == 200
    assert Autosave.objects.count() == 1


@pytest.mark.django_db
def test_the_endpoints_want_a_post_with_a_csrf_token_and_a_login(journalist, own_draft):
    anonymous = Client()
    assert anonymous.post(AUTOSAVE, {"article": own_draft.pk}).status_code == 302  # to the login
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(journalist)
    assert keep(strict, own_draft).status_code == 403
    assert strict.get(AUTOSAVE).status_code == 405
    assert not Autosave.objects.exists()


@pytest.mark.django_db
def test_garbage_is_refused_and_stores_nothing(client, journalist, own_draft):
    client.force_login(journalist)
    assert client.post(AUTOSAVE, {"article": own_draft.pk, "data": "{not json"}).status_code == 400
    assert client.post(AUTOSAVE, {"article": own_draft.pk, "data": "[1, 2]"}).status_code == 400
    assert client.post(AUTOSAVE, {"article": "1 OR 1=1", "data": "{}"}).status_code == 403
    assert not Autosave.objects.exists()


@pytest.mark.django_db
def test_the_edit_page_and_the_heartbeat_name_who_else_has_the_article_open(client, editor, admin_user):
    article = ArticleFactory(status=Article.Status.DRAFT, publish_at=None)
    admin_user.first_name, admin_user.last_name = "Omar", "Safi"
    admin_user.save()
    first = Client()
    first.force_login(admin_user)
    first.get(change_url(article))  # opening the page counts as being there
    client.force_login(editor)
    page = client.get(change_url(article)).content.decode()
    assert "Omar Safi is also editing this article right now." in page
    beat = client.post(PRESENCE, {"article": article.pk}).json()
    assert beat["others"] == ["Omar Safi"]
    first.post(PRESENCE, {"article": article.pk, "leaving": "1"})
    assert client.post(PRESENCE, {"article": article.pk}).json()["others"] == []


@pytest.mark.django_db
def test_a_silent_page_stops_counting_after_two_heartbeats(client, editor, settings):
    article = ArticleFactory(status=Article.Status.DRAFT, publish_at=None)
    gone = UserFactory(username="gone", is_staff=True, is_superuser=True)
    Presence.objects.create(
        user=gone,
        article=article,
        seen_at=timezone.now() - datetime.timedelta(seconds=2 * settings.NEWSROOM_PRESENCE_SECONDS + 1),
    )
    client.force_login(editor)
    assert client.post(PRESENCE, {"article": article.pk}).json()["others"] == []


@pytest.mark.django_db
def test_the_stale_edit_guard_names_who_else_is_editing(client, editor, admin_user):
    article = ArticleFactory(status=Article.Status.DRAFT, publish_at=None)
    admin_user.first_name, admin_user.last_name = "Omar", "Safi"
    admin_user.save()
    client.force_login(editor)
    url = change_url(article)
    stale = client.get(url)
    other = Client()
    other.force_login(admin_user)
    assert article_form(other, article, title="Changed by Omar", _workflow="draft").status_code == 302
    from tests.articles.admin_forms import change_form_data

    response = client.post(url, change_form_data(stale, title="Changed by me", _workflow="draft"))
    assert response.status_code == 200
    text = response.content.decode()
    assert "Your changes were NOT saved" in text
    assert "Omar Safi is also editing this article right now." in text


@pytest.mark.django_db
def test_the_offer_carries_how_to_show_the_chosen_image_and_categories(client, journalist, own_draft):
    from tests.factories import CategoryFactory, library_image

    politics, picture = CategoryFactory(name="Politics"), library_image(title="Herat market")
    client.force_login(journalist)
    chosen = {
        "featured_image": str(picture.pk),
        "categories": [str(politics.pk), "x"],
        "primary_category": "",
    }
    client.post(AUTOSAVE, {"article": own_draft.pk, "data": json.dumps(chosen), "edit_token": "1"})
    assert Autosave.objects.get().data["featured_image"] == str(picture.pk)
    page = client.get(change_url(own_draft))
    shown = page.context["autosave_choices"]
    assert shown["featured_image"] == {
        str(picture.pk): {"text": "Herat market", "thumb": picture.thumbnail_url}
    }
    assert shown["categories"] == {str(politics.pk): {"text": "Politics", "thumb": ""}}
    assert 'id="desk-autosave-choices"' in page.content.decode()
