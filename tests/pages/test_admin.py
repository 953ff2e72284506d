"""Pages and menus in the admin: who may do what, and the revisions."""

import pytest
from django.urls import reverse
from reversion.models import Version

from pages.models import Menu, MenuItem, Page
from tests.articles.admin_forms import change_form_data
from tests.factories import CategoryFactory, PageFactory


def add_page(client, **fields):
    form = client.get(reverse("admin:pages_page_add"))
    assert form.status_code == 200
    data = change_form_data(form, title="Advertising", slug="advertising", body="<p>Rates.</p>")
    data.update(fields)
    return client.post(reverse("admin:pages_page_add"), data)


def edit_page(client, page, **fields):
    url = reverse("admin:pages_page_change", args=[page.pk])
    return client.post(url, change_form_data(client.get(url), **fields))


@pytest.mark.django_db
def test_an_editor_publishes_a_page(client, editor):
    client.force_login(editor)
    response = add_page(client, status="published")
    assert response.status_code == 302
    page = Page.objects.get(slug="advertising")
    assert page.status == Page.Status.PUBLISHED
    assert client.get("/advertising/").status_code == 200


@pytest.mark.django_db
def test_a_journalist_drafts_a_page_but_cannot_publish_it(client, journalist):
    client.force_login(journalist)
    response = add_page(client, status="published", kind="privacy")
    assert response.status_code == 302
    page = Page.objects.get(slug="advertising")
    assert (page.status, page.kind) == (Page.Status.DRAFT, "")
    assert edit_page(client, page, title="Advertising rates", status="published").status_code == 302
    page.refresh_from_db()
    assert (page.title, page.status) == ("Advertising rates", Page.Status.DRAFT)


@pytest.mark.django_db
def test_a_journalist_cannot_change_or_delete_a_published_page(client, journalist):
    page = PageFactory(slug="about", title="About us")
    client.force_login(journalist)
    url = reverse("admin:pages_page_change", args=[page.pk])
    response = client.post(url, {"title": "Defaced", "slug": "about", "body": "", "language": "en"})
    assert response.status_code == 403
    assert client.post(reverse("admin:pages_page_delete", args=[page.pk]), {"post": "yes"}).status_code == 403
    page.refresh_from_db()
    assert page.title == "About us"


@pytest.mark.django_db
def test_a_journalist_cannot_publish_by_restoring_a_published_version(client, editor, journalist):
    client.force_login(editor)
    add_page(client, status="published")
    page = Page.objects.get(slug="advertising")
    edit_page(client, page, status="draft")
    published_version = Version.objects.get_for_object(page).order_by("pk").first()
    client.force_login(journalist)
    url = reverse("admin:pages_page_revision", args=[page.pk, published_version.pk])
    client.post(url, change_form_data(client.get(url)))
    page.refresh_from_db()
    assert page.status == Page.Status.DRAFT


@pytest.mark.django_db
def test_every_save_is_kept_and_an_editor_compares_and_restores(client, editor):
    client.force_login(editor)
    add_page(client, status="published", body="<p>Our rates are low.</p>")
    page = Page.objects.get(slug="advertising")
    edit_page(client, page, body="<p>Our rates are high.</p>")
    versions = list(Version.objects.get_for_object(page).order_by("pk"))
    assert len(versions) == 2

    history = client.get(reverse("admin:pages_page_history", args=[page.pk]))
    assert history.status_code == 200
    assert reverse("admin:pages_page_revision", args=[page.pk, versions[0].pk]) in history.content.decode()

    compare = client.get(
        reverse("admin:pages_page_compare", args=[page.pk]), {"a": versions[0].pk, "b": versions[1].pk}
    )
    html = compare.content.decode()
    assert "<del>low.</del>" in html and "<ins>high.</ins>" in html

    url = reverse("admin:pages_page_revision", args=[page.pk, versions[0].pk])
    assert client.post(url, change_form_data(client.get(url))).status_code == 302
    page.refresh_from_db()
    assert "rates are low" in page.body
    assert "rates are low" in client.get("/advertising/").content.decode()


@pytest.mark.django_db
def test_a_page_form_refuses_a_slug_another_route_owns(client, editor):
    client.force_login(editor)
    response = add_page(client, slug="search", status="published")
    assert response.status_code == 200
    assert "belongs to another part of the site" in response.content.decode()
    assert not Page.objects.filter(slug="search").exists()


@pytest.mark.django_db
def test_an_editor_arranges_a_menu_with_a_submenu(client, editor):
    about = PageFactory(title="About", slug="about")
    staff = PageFactory(title="Staff", slug="staff", parent=about)
    politics = CategoryFactory(name="Politics")
    client.force_login(editor)
    form = client.get(reverse("admin:pages_menu_add"))
    data = change_form_data(form, location="main", label_en="Sections")
    data.update({"items-0-position": "1", "items-0-category": politics.pk})
    data.update({"items-1-position": "2", "items-1-page": about.pk})
    assert client.post(reverse("admin:pages_menu_add"), data).status_code == 302
    menu = Menu.objects.get(location="main")
    about_link = MenuItem.objects.get(page=about)

    url = reverse("admin:pages_menu_change", args=[menu.pk])
    form = client.get(url)
    data = change_form_data(form)
    data.update({"items-2-position": "1", "items-2-page": staff.pk, "items-2-parent": about_link.pk})
    assert client.post(url, data).status_code == 302
    assert MenuItem.objects.get(page=staff).parent == about_link
    html = client.get("/").content.decode()
    assert '<ul class="submenu"><li><a href="/about/staff/">Staff</a></li></ul>' in html


@pytest.mark.django_db
def test_a_menu_link_to_two_places_is_refused_with_a_message(client, editor):
    client.force_login(editor)
    form = client.get(reverse("admin:pages_menu_add"))
    data = change_form_data(form, location="footer", label_en="Footer")
    data.update(
        {
            "items-0-category": CategoryFactory().pk,
            "items-0-url": "https://example.org/",
            "items-0-label_en": "X",
        }
    )
    response = client.post(reverse("admin:pages_menu_add"), data)
    assert response.status_code == 200
    assert "Link to exactly one thing" in response.content.decode()
    assert not Menu.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "fa"])
def test_an_external_link_without_a_label_is_refused_with_a_message(client, editor, language):
    client.force_login(editor)
    form = client.get(reverse("admin:pages_menu_add"))
    data = change_form_data(form, location="footer", label_en="Footer")
    # A Dari label alone is not enough: English pages (and the fallback) would show an empty link.
    data.update(
        {"items-0-position": "1", "items-0-url": "https://example.org/archive", "items-0-label_fa": "آرشیف"}
    )
    response = client.post(reverse("admin:pages_menu_add"), data, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    message = "Give the external link a label." if language == "en" else "به پیوند بیرونی برچسب بدهید."
    assert message in response.content.decode()
    assert not Menu.objects.exists()


@pytest.mark.django_db
def test_journalists_and_moderators_cannot_touch_menus(client, journalist, moderator):
    for user in (journalist, moderator):
        client.force_login(user)
        assert client.get(reverse("admin:pages_menu_add")).status_code == 403


@pytest.mark.django_db
def test_a_stale_page_form_is_refused_and_names_who_saved_in_between(client, editor, admin_user):
    from django.test import Client

    page = PageFactory(title="About us", body="<p>Who we are.</p>")
    url = reverse("admin:pages_page_change", args=[page.pk])
    client.force_login(editor)
    mine = client.get(url)  # I open the form...
    other = Client()
    other.force_login(admin_user)  # ...an administrator opens it too, and saves first.
    assert edit_page(other, page, body="<p>Who we are, since 2001.</p>").status_code == 302

    response = client.post(url, change_form_data(mine, title="About the agency"))
    assert response.status_code == 200
    html = response.content.decode()
    assert f"{admin_user.get_username()} saved this page at" in html and "Your changes were NOT saved" in html
    assert response.context["adminform"].form["title"].value() == "About the agency"
    page.refresh_from_db()
    assert (page.title, page.body) == ("About us", "<p>Who we are, since 2001.</p>")
    assert edit_page(client, page, title="About the agency").status_code == 302  # after reloading
    page.refresh_from_db()
    assert (page.title, page.body) == ("About the agency", "<p>Who we are, since 2001.</p>")


@pytest.mark.django_db
def test_the_menu_editor_lists_each_submenu_under_its_link(client, editor):
    from tests.factories import MenuFactory, MenuItemFactory

    menu = MenuFactory()
    news = MenuItemFactory(menu=menu, position=1, label="News", url="/news/")
    about = MenuItemFactory(menu=menu, position=2, label="About", url="/about/")
    MenuItemFactory(menu=menu, position=1, label="Staff", url="/about/staff/", parent=about)
    MenuItemFactory(menu=menu, position=3, label="Kabul", url="/tag/kabul/", parent=news)
    client.force_login(editor)
    formset = client.get(reverse("admin:pages_menu_change", args=[menu.pk])).context["inline_admin_formsets"][
        0
    ]
    labels = [form.form.instance.label for form in formset if form.form.instance.pk]
    assert labels == ["News", "Kabul", "About", "Staff"]  # by position alone: News, Staff, About, Kabul


@pytest.mark.django_db
def test_a_journalist_reads_a_published_page_without_the_guards_marker(client, journalist):
    page = PageFactory(title="About", status="published")
    client.force_login(journalist)
    response = client.get(reverse("admin:pages_page_change", args=[page.pk]))
    assert response.status_code == 200 and "field-edit_token" not in response.content.decode()
