"""Editing a page or a menu shows at once on every cached page that shows it,
for readers (whole cached pages) and staff (the shared menu part)."""

import json

import pytest

from pages.models import Menu, Page
from tests.articles.test_invalidation import _no_clock_skew, shows, visitor, warm  # noqa: F401
from tests.factories import (
    ArticleFactory,
    CategoryFactory,
    MenuFactory,
    MenuItemFactory,
    PageFactory,
    library_image,
)


@pytest.fixture
def site(db, visitor):  # noqa: F811
    about = PageFactory(title="About us", slug="about", kind=Page.Kind.ABOUT, body="<p>Founded in 2019.</p>")
    staff = PageFactory(title="Our staff", slug="staff", parent=about)
    ethics = PageFactory(title="Ethics and corrections", slug="ethics", kind=Page.Kind.ETHICS)
    privacy = PageFactory(title="Privacy policy", slug="privacy", kind=Page.Kind.PRIVACY)
    politics = CategoryFactory(name="Politics", slug="politics")
    story = ArticleFactory(title="Cabinet reshuffle", primary_category=politics)
    about_link = MenuItemFactory(position=1, page=about)
    MenuItemFactory(position=2, category=politics)
    footer = MenuFactory(location=Menu.Location.FOOTER)
    MenuItemFactory(menu=footer, page=privacy)
    return {"about": about, "staff": staff, "ethics": ethics, "privacy": privacy, "story": story,
            "politics": politics, "about_link": about_link}  # fmt: skip


def urls(site):
    return [
        "/",
        site["story"].get_absolute_url(),
        site["politics"].get_absolute_url(),
        "/about/",
        "/about/staff/",
        "/ethics/",
    ]


@pytest.mark.django_db
def test_a_page_title_change_reaches_its_page_and_every_menu_showing_it(client, site):
    for url in urls(site):
        warm(client, url)
    about = site["about"]
    about.title = "Who we are"
    about.save()
    for url in urls(site):
        assert shows(client, url, "Who we are"), url


@pytest.mark.django_db
def test_a_new_crop_of_an_image_reaches_the_cached_page_that_shows_it(client, site):
    picture = library_image()
    about = site["about"]
    about.body += picture.figure_html()
    about.save()
    warm(client, "/about/")
    picture.focal_x = 0.1  # new renditions, at new addresses
    picture.save()
    assert "/2/" in picture.src
    assert shows(client, "/about/", picture.src)


@pytest.mark.django_db
def test_a_body_edit_shows_on_the_cached_page(client, site):
    warm(client, "/about/")
    about = site["about"]
    about.body = "<p>Founded in 2019 in Kabul, now in three cities.</p>"
    about.save()
    assert shows(client, "/about/", "now in three cities")


@pytest.mark.django_db
def test_editing_a_menu_item_updates_every_cached_page(client, site):
    for url in urls(site):
        warm(client, url)
    link = site["about_link"]
    link.label = "The desk"
    link.save()
    for url in urls(site):
        assert shows(client, url, ">The desk</a>"), url
    link.delete()
    for url in urls(site):
        assert not shows(client, url, ">The desk</a>"), url


@pytest.mark.django_db
def test_unpublishing_a_page_takes_it_off_menus_and_its_children_off_the_site(client, site):
    for url in urls(site):
        warm(client, url)
    about = site["about"]
    about.status = Page.Status.DRAFT
    about.save()
    if client.session.session_key is None:  # readers; staff may preview
        assert client.get("/about/").status_code == 404
        assert client.get("/about/staff/").status_code == 404
    for url in ["/", site["story"].get_absolute_url(), "/ethics/"]:
        assert not shows(client, url, 'href="/about/"'), url


@pytest.mark.django_db
def test_a_parent_slug_change_moves_the_links_to_it_and_its_children(client, site):
    MenuItemFactory(position=3, page=site["staff"])
    for url in urls(site):
        warm(client, url)
    about = site["about"]
    about.slug = "about-us"
    about.save()
    for url in ["/", site["story"].get_absolute_url(), "/ethics/"]:
        assert shows(client, url, 'href="/about-us/staff/"'), url
    assert client.get("/about/staff/")["Location"] == "/about-us/staff/"


@pytest.mark.django_db
def test_a_new_child_page_joins_its_parents_list(client, site):
    warm(client, "/about/")
    PageFactory(title="Contact the desk", slug="contact", parent=site["about"])
    assert shows(client, "/about/", "Contact the desk")


@pytest.mark.django_db
def test_the_reply_form_follows_the_privacy_policy_page(client, site):
    article = site["story"].get_absolute_url()
    warm(client, article)
    assert shows(client, article, 'href="/privacy/">Privacy policy</a>')
    privacy = site["privacy"]
    privacy.slug = "privacy-policy"
    privacy.save()
    assert shows(client, article, 'href="/privacy-policy/">Privacy policy</a>')
    privacy.status = Page.Status.DRAFT
    privacy.save()
    assert not shows(client, article, "privacy-policy")


def publisher(client, url) -> dict:
    html = client.get(url).content.decode()
    blocks = html.split('<script type="application/ld+json">')[1:]
    return json.loads(blocks[0].split("</script>")[0])["publisher"]


@pytest.mark.django_db
def test_the_publisher_data_follows_the_ethics_page(client, site):
    article = site["story"].get_absolute_url()
    warm(client, article)
    warm(client, "/about/")
    assert publisher(client, article)["publishingPrinciples"] == "http://testserver/ethics/"
    ethics = site["ethics"]
    ethics.slug = "standards"
    ethics.save()
    for url in [article, "/about/"]:
        data = publisher(client, url)
        assert data["publishingPrinciples"] == "http://testserver/standards/", url
        assert data["correctionsPolicy"] == "http://testserver/standards/", url


@pytest.mark.django_db
def test_the_front_page_names_the_organisation_and_follows_its_policy_pages(client, site):
    warm(client, "/")
    data = json.loads(
        client.get("/").content.decode().split('<script type="application/ld+json">')[1].split("</script>")[0]
    )
    assert data["@type"] == "NewsMediaOrganization"
    assert data["logo"]["url"].startswith("http://testserver/static/")
    assert data["publishingPrinciples"] == "http://testserver/ethics/"
    ethics = site["ethics"]
    ethics.status = Page.Status.DRAFT
    ethics.save()
    assert "publishingPrinciples" not in client.get("/").content.decode()
