"""SPEC §1, cell by cell, through the admin's own views.

Every request goes through the Django test client to /admin/..., as a
browser would, including POSTs a journalist crafts by hand.
"""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, Category
from newsroom import roles
from tests.factories import ArticleFactory, AuthorFactory, CategoryFactory, UserFactory

from .admin_forms import change_form_data

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:articles_article_changelist")
ADD = reverse("admin:articles_article_add")


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


@pytest.fixture
def journalist_author(journalist):
    return AuthorFactory(name="Journalist Byline", user=journalist)


@pytest.fixture
def own_draft(journalist, journalist_author):
    return ArticleFactory(
        title="My draft", status=Article.Status.DRAFT, publish_at=None, authors=[journalist_author]
    )


@pytest.fixture
def others_draft(db):
    return ArticleFactory(title="Someone else's draft", status=Article.Status.DRAFT, publish_at=None)


@pytest.fixture
def published(journalist_author):
    # The journalist's own, but published: no longer theirs to change.
    return ArticleFactory(title="Already out", authors=[journalist_author])


def post_change(client, article, **overrides):
    """Load the change form as the logged-in user, then post it back."""
    page = client.get(change_url(article))
    assert page.status_code == 200
    return client.post(change_url(article), change_form_data(page, **overrides))


def add_data(client, **overrides):
    page = client.get(ADD)
    assert page.status_code == 200
    category = CategoryFactory()
    data = change_form_data(
        page,
        title="A new piece",
        slug="a-new-piece",
        body="<p>Text.</p>",
        primary_category=str(category.pk),
        categories=[str(category.pk)],
    )
    data.update(overrides)
    return data


# --- Reader (anonymous) ------------------------------------------------------
def test_reader_cannot_open_the_newsroom(client, others_draft):
    for url in (CHANGELIST, change_url(others_draft), ADD):
        response = client.get(url)
        assert response.status_code == 302
        assert reverse("admin:login") in response["Location"]


def test_reader_cannot_post_an_article(client):
    client.post(ADD, {"title": "Spam", "slug": "spam", "_workflow": "publish"})
    assert not Article.objects.filter(title="Spam").exists()


# --- Journalist ----------------------------------------------------------------
def test_journalist_creates_a_draft_with_their_byline(client, journalist, journalist_author):
    client.force_login(journalist)
    response = client.post(ADD, add_data(client, _workflow="draft"))
    assert response.status_code == 302, response.context["adminform"].form.errors
    article = Article.objects.get(slug="a-new-piece")
    assert article.status == Article.Status.DRAFT
    assert article.created_by == journalist
    assert article.ordered_authors() == [journalist_author]


def test_journalist_submits_for_review(client, journalist, own_draft):
    client.force_login(journalist)
    response = post_change(client, own_draft, _workflow="review")
    assert response.status_code == 302
    own_draft.refresh_from_db()
    assert own_draft.status == Article.Status.REVIEW


def test_journalist_edits_their_own_article_until_published(client, journalist, own_draft):
    client.force_login(journalist)
    response = post_change(client, own_draft, title="My draft, revised", _workflow="draft")
    assert response.status_code == 302
    own_draft.refresh_from_db()
    assert own_draft.title == "My draft, revised"


def test_journalist_owns_what_they_created_even_without_a_byline(client, journalist):
    article = ArticleFactory(status=Article.Status.REVIEW, publish_at=None, created_by=journalist)
    client.force_login(journalist)
    response = post_change(client, article, dek="Sharper dek.", _workflow="save")
    assert response.status_code == 302
    article.refresh_from_db()
    assert (article.dek, article.status) == ("Sharper dek.", Article.Status.REVIEW)


def test_journalist_cannot_edit_a_colleagues_article(client, journalist, others_draft):
    client.force_login(journalist)
    # A colleague's draft is not theirs to see (tests/articles/test_draft_privacy.py).
    page = client.get(change_url(others_draft))
    assert page.status_code == 302 and page["Location"] == reverse("admin:index")
    response = client.post(
        change_url(others_draft),
        {"title": "Hijacked", "slug": others_draft.slug, "_workflow": "draft"},
    )
    assert response.status_code in (302, 403)
    others_draft.refresh_from_db()
    assert others_draft.title == "Someone else's draft"


def test_journalist_reads_a_colleagues_published_article_read_only(client, journalist):
    live = ArticleFactory(title="A colleague's live piece")
    client.force_login(journalist)
    page = client.get(change_url(live))
    assert page.status_code == 200
    assert page.context["workflow_buttons"] == []
    assert 'name="title"' not in page.content.decode()
    response = client.post(change_url(live), {"title": "Hijacked", "slug": live.slug, "_workflow": "save"})
    assert response.status_code == 403
    live.refresh_from_db()
    assert live.title == "A colleague's live piece"


def test_journalist_cannot_change_their_published_article(client, journalist, published):
    client.force_login(journalist)
    page = client.get(change_url(published))
    assert page.context["workflow_buttons"] == []
    assert "only an editor can change it" in page.content.decode()
    response = client.post(change_url(published), {"title": "Quietly changed", "_workflow": "save"})
    assert response.status_code == 403
    published.refresh_from_db()
    assert published.title == "Already out"


@pytest.mark.parametrize("forged", ["publish", "schedule"])
def test_journalist_cannot_publish_by_forging_the_action(client, journalist, own_draft, forged):
    client.force_login(journalist)
    future = timezone.localtime() + datetime.timedelta(days=1)
    response = post_change(
        client,
        own_draft,
        _workflow=forged,
        publish_at_0=future.strftime("%Y-%m-%d"),
        publish_at_1=future.strftime("%H:%M:%S"),
    )
    assert response.status_code == 200
    assert "Only editors can publish, schedule or unpublish articles." in response.content.decode()
    own_draft.refresh_from_db()
    assert own_draft.status == Article.Status.DRAFT
    assert own_draft.publish_at is None


def test_journalist_cannot_publish_by_forging_the_status_field(client, journalist, own_draft):
    client.force_login(journalist)
    now = timezone.localtime()
    response = post_change(
        client,
        own_draft,
        status="published",
        publish_at_0=now.strftime("%Y-%m-%d"),
        publish_at_1=now.strftime("%H:%M:%S"),
        is_pinned="on",
        _workflow="draft",
    )
    assert response.status_code == 302
    own_draft.refresh_from_db()
    assert own_draft.status == Article.Status.DRAFT
    assert own_draft.publish_at is None
    assert own_draft.is_pinned is False
    assert not Article.objects.published().filter(pk=own_draft.pk).exists()


def test_journalist_cannot_create_a_published_article(client, journalist):
    client.force_login(journalist)
    response = client.post(ADD, add_data(client, status="published", _workflow="publish"))
    assert response.status_code == 200
    assert "Only editors can publish" in response.content.decode()
    assert not Article.objects.filter(slug="a-new-piece").exists()


def test_journalist_sees_no_publishing_buttons_or_bulk_actions(client, journalist, own_draft):
    client.force_login(journalist)
    page = client.get(change_url(own_draft))
    assert [b["action"] for b in page.context["workflow_buttons"]] == ["draft", "review"]
    listing = client.get(CHANGELIST)
    form = listing.context["action_form"]
    actions = dict(form.fields["action"].choices) if form else {}
    assert "publish_selected" not in actions and "unpublish_selected" not in actions
    response = client.post(
        CHANGELIST, {"action": "publish_selected", "_selected_action": [own_draft.pk], "index": 0}
    )
    own_draft.refresh_from_db()
    assert own_draft.status == Article.Status.DRAFT
    assert response.status_code in (200, 302)


def test_journalist_cannot_delete_articles(client, journalist, own_draft):
    client.force_login(journalist)
    response = client.post(reverse("admin:articles_article_delete", args=[own_draft.pk]), {"post": "yes"})
    assert response.status_code == 403
    assert Article.objects.filter(pk=own_draft.pk).exists()


def test_journalist_cannot_manage_categories(client, journalist):
    client.force_login(journalist)
    response = client.post(reverse("admin:articles_category_add"), {"name": "Mine", "slug": "mine"})
    assert response.status_code == 403
    assert not Category.objects.filter(slug="mine").exists()


def test_journalist_can_preview_their_draft(client, journalist, own_draft):
    client.force_login(journalist)
    page = client.get(change_url(own_draft))
    preview = client.get(page.context["preview_url"])
    assert preview.status_code == 200
    assert own_draft.title in preview.content.decode()


# --- Editor --------------------------------------------------------------------
def test_editor_edits_anyones_article_even_published(client, editor, others_draft, published):
    client.force_login(editor)
    assert post_change(client, others_draft, title="Edited draft", _workflow="draft").status_code == 302
    assert post_change(client, published, title="Edited live", _workflow="save").status_code == 302
    others_draft.refresh_from_db()
    published.refresh_from_db()
    assert (others_draft.title, published.title) == ("Edited draft", "Edited live")
    assert published.is_published


def test_editor_publishes(client, editor, others_draft):
    client.force_login(editor)
    assert post_change(client, others_draft, _workflow="publish").status_code == 302
    others_draft.refresh_from_db()
    assert others_draft.is_published


def test_editor_schedules(client, editor, others_draft):
    client.force_login(editor)
    later = timezone.localtime() + datetime.timedelta(days=2)
    response = post_change(
        client,
        others_draft,
        _workflow="schedule",
        publish_at_0=later.strftime("%Y-%m-%d"),
        publish_at_1=later.strftime("%H:%M:%S"),
    )
    assert response.status_code == 302
    others_draft.refresh_from_db()
    assert others_draft.is_scheduled


def test_editor_cannot_schedule_without_a_future_time(client, editor, others_draft):
    client.force_login(editor)
    response = post_change(client, others_draft, _workflow="schedule")
    assert response.status_code == 200
    assert "set a publish time in the future" in response.content.decode()
    others_draft.refresh_from_db()
    assert others_draft.status == Article.Status.DRAFT


def test_editor_unpublishes(client, editor, published):
    client.force_login(editor)
    assert post_change(client, published, _workflow="unpublish").status_code == 302
    published.refresh_from_db()
    assert published.status == Article.Status.DRAFT
    assert not Article.objects.published().filter(pk=published.pk).exists()


def test_editor_manages_categories_tags_and_authors(client, editor):
    client.force_login(editor)
    response = client.post(
        # Names per language (modeltranslation); English is required, the others fall back to it.
        reverse("admin:articles_category_add"),
        {"name_en": "Economy", "slug": "economy", "position": 5},
    )
    assert response.status_code == 302
    response = client.post(reverse("admin:articles_author_add"), {"name": "New Voice", "slug": "new-voice"})
    assert response.status_code == 302
    tag_page = client.get(reverse("admin:taggit_tag_add"))
    response = client.post(
        reverse("admin:taggit_tag_add"), change_form_data(tag_page, name="elections", slug="elections")
    )
    assert response.status_code == 302
    assert client.get(reverse("admin:taggit_tag_changelist")).status_code == 200


def test_editor_cannot_manage_users(client, editor):
    client.force_login(editor)
    assert client.get(reverse("admin:auth_user_changelist")).status_code == 403
    response = client.post(reverse("admin:auth_user_add"), {"username": "intruder"})
    assert response.status_code == 403
    assert client.get(reverse("admin:auth_group_changelist")).status_code == 403


# --- Moderator -----------------------------------------------------------------
def test_moderator_cannot_see_or_edit_articles(client, moderator, others_draft):
    client.force_login(moderator)
    assert client.get(CHANGELIST).status_code == 403
    assert client.get(change_url(others_draft)).status_code == 403
    response = client.post(change_url(others_draft), {"title": "Moderated", "_workflow": "draft"})
    assert response.status_code == 403
    assert client.post(ADD, {"title": "x", "slug": "x"}).status_code == 403
    others_draft.refresh_from_db()
    assert others_draft.title == "Someone else's draft"


def test_moderator_has_no_preview(client, moderator, others_draft):
    from articles.preview import preview_url

    client.force_login(moderator)
    assert client.get(preview_url(others_draft)).status_code == 404


# --- Administrator -------------------------------------------------------------
def test_administrator_does_everything(client, admin_user, others_draft):
    client.force_login(admin_user)
    assert post_change(client, others_draft, _workflow="publish").status_code == 302
    others_draft.refresh_from_db()
    assert others_draft.is_published
    assert client.get(reverse("admin:auth_user_changelist")).status_code == 200


# --- groups come from the migration -------------------------------------------
def test_groups_exist_with_the_declared_permissions(db):
    for role, permissions in roles.ROLE_PERMISSIONS.items():
        group = Group.objects.get(name=role)
        granted = {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all()}
        assert set(permissions) <= granted, role


@pytest.mark.parametrize(
    ("role", "publish"),
    [(roles.JOURNALIST, False), (roles.EDITOR, True), (roles.MODERATOR, False)],
)
def test_only_editors_hold_the_publish_permission(role, publish):
    user = UserFactory(is_staff=True)
    user.groups.add(Group.objects.get(name=role))
    assert user.has_perm("articles.publish_article") is publish
