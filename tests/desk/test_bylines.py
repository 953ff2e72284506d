"""Bylines: shown before saving, required, and a guest author added by a journalist."""

import re
from html import unescape as html_unescape

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils.html import strip_tags

from articles.models import Article, Author
from newsroom import roles
from tests.articles.admin_forms import change_form_data
from tests.factories import AuthorFactory, CategoryFactory, UserFactory

ADD = reverse("admin:articles_article_add")
AUTHOR_ADD = reverse("admin:articles_author_add")


@pytest.fixture
def writer(journalist):
    return AuthorFactory(name="Omar Safi", user=journalist)


def new_article(client, **overrides):
    page = client.get(ADD)
    category = CategoryFactory()
    data = change_form_data(
        page,
        title="Water rights on the Helmand",
        slug="water-rights-on-the-helmand",
        body="<p>Text.</p>",
        primary_category=str(category.pk),
        categories=[str(category.pk)],
        _workflow="draft",
    )
    data.update(overrides)
    return page, client.post(ADD, data)


@pytest.mark.django_db
def test_the_new_article_form_shows_the_writers_own_byline_before_saving(client, journalist, writer):
    client.force_login(journalist)
    page = client.get(ADD).content.decode()
    # The first byline row already names the writer, visibly selected.
    assert re.search(rf'<option value="{writer.pk}" selected>Omar Safi</option>', page)


@pytest.mark.django_db
def test_a_byline_is_required_and_nothing_is_stored_without_one(client, journalist, writer):
    client.force_login(journalist)
    _page, response = new_article(client, **{"bylines-0-author": ""})
    assert response.status_code == 200
    assert "Name at least one author: every article needs a byline." in response.content.decode()
    assert not Article.objects.exists()


@pytest.mark.django_db
def test_an_editor_without_an_author_profile_must_choose_a_byline(client, editor):
    client.force_login(editor)
    _page, response = new_article(client)
    assert "every article needs a byline" in response.content.decode()
    guest = AuthorFactory(name="Zahra Ahmadi")
    _page, response = new_article(client, **{"bylines-0-author": str(guest.pk)})
    assert response.status_code == 302
    assert Article.objects.get().ordered_authors() == [guest]


@pytest.mark.django_db
def test_a_journalist_adds_a_guest_author_from_the_byline_field(client, journalist, writer):
    client.force_login(journalist)
    page = client.get(ADD).content.decode()
    # The byline field's "+" opens the author form in a popup.
    assert f"{AUTHOR_ADD}?_to_field=id&amp;_popup=1" in page
    form = client.get(AUTHOR_ADD + "?_to_field=id&_popup=1").content.decode()
    assert 'name="user"' not in form  # a guest byline never links an account
    response = client.post(
        AUTHOR_ADD + "?_to_field=id&_popup=1",
        {"name": "Rahel Mousavi", "bio": "Writes from Herat.", "_popup": "1", "_to_field": "id"},
    )
    assert response.status_code == 200  # the popup hands the new author back to the field
    guest = Author.objects.get(name="Rahel Mousavi")
    assert (guest.slug, guest.user, guest.bio) == ("rahel-mousavi", None, "Writes from Herat.")

    _page, response = new_article(
        client,
        source_line="DID Press Agency",
        **{"bylines-0-author": str(guest.pk)},
        _workflow="review",
    )
    assert response.status_code == 302
    article = Article.objects.get()
    assert article.ordered_authors() == [guest]

    editor = UserFactory(username="desk-editor", is_staff=True)
    editor.groups.add(Group.objects.get(name=roles.EDITOR))
    client.force_login(editor)
    change = client.get(reverse("admin:articles_article_change", args=[article.pk]))
    client.post(
        reverse("admin:articles_article_change", args=[article.pk]),
        change_form_data(change, _workflow="publish"),
    )
    article.refresh_from_db()
    client.logout()
    html = client.get(article.get_absolute_url()).content.decode()
    byline = re.search(r'<p class="byline">.*?</p>', html, re.S).group(0)
    assert " ".join(html_unescape(strip_tags(byline)).split()) == "By Rahel Mousavi — DID Press Agency"


@pytest.mark.django_db
def test_two_guests_of_the_same_name_get_their_own_pages(client, journalist):
    client.force_login(journalist)
    for _ in range(2):
        assert client.post(AUTHOR_ADD, {"name": "Ali Rezaie"}).status_code == 302
    assert sorted(Author.objects.values_list("slug", flat=True)) == ["ali-rezaie", "ali-rezaie-2"]


@pytest.mark.django_db
def test_a_journalist_may_not_edit_or_link_existing_authors(client, journalist):
    other = AuthorFactory(name="Someone")
    client.force_login(journalist)
    url = reverse("admin:articles_author_change", args=[other.pk])
    client.post(url, {"name": "Renamed", "user": str(journalist.pk)})
    other.refresh_from_db()
    assert (other.name, other.user) == ("Someone", None)


@pytest.mark.django_db
def test_saving_without_touching_the_byline_leaves_it_and_the_history_says_what_changed(client, editor):
    from django.contrib.admin.models import LogEntry

    from tests.desk.conftest import article_form
    from tests.factories import ArticleFactory

    author = AuthorFactory(name="Mariam Sadat")
    article = ArticleFactory(status=Article.Status.DRAFT, publish_at=None, authors=[author])
    byline = article.bylines.get()
    client.force_login(editor)
    assert article_form(client, article, title="A sharper title", _workflow="draft").status_code == 302
    assert article.bylines.get().pk == byline.pk  # not rewritten
    edited = LogEntry.objects.latest("pk").get_change_message()
    assert "Title" in edited and "Mariam Sadat" not in edited
    assert article_form(client, article, _workflow="publish").status_code == 302
    published = LogEntry.objects.latest("pk").get_change_message()
    assert "Status" in published and "Mariam Sadat" not in published
