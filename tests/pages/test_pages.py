"""Pages: who sees them, where they live, and what happens when they move."""

import json

import pytest
from django.core.exceptions import ValidationError
from django.urls import resolve

from pages.models import Page, PageRedirect
from tests.factories import ArticleFactory, PageFactory, UserFactory


@pytest.mark.django_db
@pytest.mark.parametrize(
    "status, parent_status, expected",
    [
        ("published", None, 200),
        ("draft", None, 404),
        ("published", "published", 200),
        ("published", "draft", 404),  # a hidden parent hides its pages
        ("draft", "published", 404),
    ],
)
def test_a_page_answers_readers_only_when_it_and_its_parent_are_published(
    client, status, parent_status, expected
):
    parent = PageFactory(slug="about", status=parent_status) if parent_status else None
    page = PageFactory(title="Our staff", slug="staff", parent=parent, status=status)
    url = "/about/staff/" if parent else "/staff/"
    assert page.get_absolute_url() == url
    response = client.get(url)
    assert response.status_code == expected
    if expected == 200:
        assert "Our staff" in response.content.decode()


@pytest.mark.django_db
def test_staff_who_edit_pages_preview_a_draft_marked_not_for_search_engines(client, editor):
    PageFactory(title="Coming soon", slug="soon", status=Page.Status.DRAFT)
    client.force_login(editor)
    response = client.get("/soon/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "readers cannot see this page yet" in html
    assert '<meta name="robots" content="noindex, follow">' in html


@pytest.mark.django_db
def test_a_signed_in_user_without_page_rights_gets_404_for_a_draft(client):
    PageFactory(slug="soon", status=Page.Status.DRAFT)
    client.force_login(UserFactory(is_staff=False))
    assert client.get("/soon/").status_code == 404


@pytest.mark.django_db
def test_a_parent_slug_change_redirects_its_and_its_childrens_old_addresses(client):
    about = PageFactory(title="About", slug="about")
    staff = PageFactory(title="Staff", slug="staff", parent=about)
    about.slug = "about-us"
    about.save()
    response = client.get("/about/staff/")
    assert response.status_code == 301
    assert response["Location"] == "/about-us/staff/"
    assert client.get("/about/")["Location"] == "/about-us/"
    assert client.get("/about-us/staff/").status_code == 200
    assert set(PageRedirect.objects.values_list("old_path", "page")) == {
        ("/about/", about.pk),
        ("/about/staff/", staff.pk),
    }


@pytest.mark.django_db
def test_moving_a_page_under_a_parent_redirects_its_old_address(client):
    about = PageFactory(slug="about")
    staff = PageFactory(title="Staff", slug="staff")
    staff.parent = about
    staff.save()
    assert client.get("/staff/")["Location"] == "/about/staff/"


@pytest.mark.django_db
def test_an_old_address_of_a_page_now_a_draft_is_not_redirected(client):
    page = PageFactory(slug="ethics")
    page.slug = "standards"
    page.status = Page.Status.DRAFT
    page.save()
    assert client.get("/ethics/").status_code == 404


@pytest.mark.django_db
def test_a_live_page_wins_over_an_old_address(client):
    first = PageFactory(slug="team", title="The old team page")
    first.slug = "people"
    first.save()
    PageFactory(slug="team", title="A new team page")
    response = client.get("/team/")
    assert response.status_code == 200
    assert "A new team page" in response.content.decode()


@pytest.mark.django_db
def test_remember_address_sends_an_imported_old_url_to_the_page(client):
    page = PageFactory(slug="contact")
    page.remember_address("/contact-us")
    assert client.get("/contact-us/")["Location"] == "/contact/"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url, view_name",
    [
        ("/2026/", "articles:year"),
        ("/2026/11/", "articles:month"),
        ("/feed/", "articles:feed"),
        ("/search/", "articles:search"),
        ("/category/politics/", "articles:category"),
        ("/tag/cabinet/", "articles:tag"),
        ("/author/someone/", "articles:author"),
        ("/category/politics/feed/", "articles:category-feed"),
        ("/sitemap.xml", "articles:sitemap"),
        ("/sitemap-pages.xml", "articles:sitemap-section"),
        ("/robots.txt", "articles:robots"),
        ("/admin/", "admin:index"),
        ("/about/", "pages:detail"),
        ("/about/staff/", "pages:child"),
    ],
)
def test_page_addresses_come_after_every_other_route(url, view_name):
    match = resolve(url)
    assert f"{match.namespace}:{match.url_name}" == view_name


@pytest.mark.django_db
@pytest.mark.parametrize("slug", ["admin", "category", "tag", "author", "feed", "search", "2026", "media"])
def test_a_slug_another_route_owns_is_refused(slug):
    page = Page(title="Clash", slug=slug)
    with pytest.raises(ValidationError) as caught:
        page.full_clean()
    assert "slug" in caught.value.message_dict


@pytest.mark.django_db
def test_pages_nest_one_level_deep():
    about = PageFactory(slug="about")
    staff = PageFactory(slug="staff", parent=about)
    deeper = Page(title="Deeper", slug="deeper", parent=staff)
    with pytest.raises(ValidationError) as caught:
        deeper.full_clean()
    assert "parent" in caught.value.message_dict
    about.parent = PageFactory(slug="elsewhere")
    with pytest.raises(ValidationError):
        about.full_clean()


@pytest.mark.django_db
def test_the_same_slug_may_sit_under_different_parents_but_not_twice_under_one():
    about, policies = PageFactory(slug="about"), PageFactory(slug="policies")
    PageFactory(slug="contact", parent=about)
    Page(title="Contact", slug="contact", parent=policies).full_clean()
    with pytest.raises(ValidationError):
        Page(title="Contact", slug="contact", parent=about).full_clean()


@pytest.mark.django_db
def test_the_body_is_sanitized_on_save():
    page = PageFactory(body='<p onclick="x()">Hi</p><script>alert(1)</script>')
    assert page.body == "<p>Hi</p>"


@pytest.mark.django_db
def test_published_pages_are_in_the_sitemap_and_drafts_are_not(client):
    about = PageFactory(slug="about")
    PageFactory(slug="staff", parent=about)
    PageFactory(slug="secret", status=Page.Status.DRAFT)
    ArticleFactory()
    xml = client.get("/sitemap.xml").content.decode()
    assert "http://testserver/about/</loc>" in xml
    assert "http://testserver/about/staff/</loc>" in xml
    assert "/secret/" not in xml


@pytest.mark.django_db
def test_a_new_page_appears_in_the_cached_sitemap(client, settings):
    PageFactory(slug="about")
    client.get("/sitemap.xml")
    client.get("/sitemap.xml")
    PageFactory(slug="contact")
    assert "/contact/</loc>" in client.get("/sitemap.xml").content.decode()


def structured(html: str) -> list[dict]:
    start = '<script type="application/ld+json">'
    return [json.loads(chunk.split("</script>")[0]) for chunk in html.split(start)[1:]]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "kind, schema_type",
    [(Page.Kind.ABOUT, "AboutPage"), (Page.Kind.CONTACT, "ContactPage"), (Page.Kind.PAGE, "WebPage")],
)
def test_a_page_carries_canonical_open_graph_and_its_schema_type(client, kind, schema_type):
    page = PageFactory(title="Who we are", slug="who", kind=kind, seo_description="The desk and its people.")
    html = client.get(page.get_absolute_url()).content.decode()
    assert '<link rel="canonical" href="http://testserver/who/">' in html
    assert '<meta property="og:title" content="Who we are">' in html
    assert '<meta name="description" content="The desk and its people.">' in html
    data = structured(html)
    assert data[0]["@type"] == schema_type
    assert data[0]["url"] == "http://testserver/who/"
    assert data[0]["publisher"]["@type"] == "NewsMediaOrganization"


@pytest.mark.django_db
def test_a_page_costs_a_fixed_number_of_queries(client, django_assert_max_num_queries, settings):
    settings.PAGECACHE_FRAGMENTS = False
    about = PageFactory(slug="about")
    for n in range(10):
        PageFactory(slug=f"child-{n}", parent=about)
    # The page, its children, the policy pages, the menus (2), the next scheduled
    # time; the site's name on the very first request.
    with django_assert_max_num_queries(7):
        assert client.get("/about/").status_code == 200


@pytest.mark.django_db
def test_a_page_answers_304_to_its_etag_until_it_changes(client):
    page = PageFactory(slug="about", title="About us")
    first = client.get("/about/")
    assert first["ETag"] and not first.has_header("Last-Modified")
    assert client.get("/about/", HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    page.title = "About the desk"
    page.save()
    response = client.get("/about/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert response.status_code == 200 and "About the desk" in response.content.decode()
