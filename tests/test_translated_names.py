"""Category names and the site's name in the reader's language (django-modeltranslation)."""

import pytest

from articles.models import Category, Masthead
from tests.factories import ArticleFactory, CategoryFactory


@pytest.fixture
def politics(db):
    category = CategoryFactory(slug="politics", name="Politics", show_on_home=True)
    category.name_fa, category.name_ps = "سیاست", "سیاست"
    category.description_fa = "گزارش‌های سیاسی"
    category.save()
    ArticleFactory(primary_category=category, categories=[category], title="Talks resume")
    return category


@pytest.mark.django_db
@pytest.mark.parametrize("language, name", [("en", "Politics"), ("fa", "سیاست"), ("ps", "سیاست")])
def test_category_names_follow_the_interface_in_menu_cards_and_category_page(
    client, politics, language, name
):
    client.cookies["django_language"] = language
    home = client.get("/").content.decode()
    assert f'<a href="/category/politics/">{name}</a>' in home  # menu and section heading
    assert f'<p class="kicker"><a href="/category/politics/">{name}</a></p>' in home  # card kicker
    page = client.get("/category/politics/").content.decode()
    assert f'<h1 dir="auto">{name}</h1>' in page
    if language == "en":
        assert "Politics" in page and "سیاست" not in page


@pytest.mark.django_db
def test_an_untranslated_name_falls_back_to_english(client):
    CategoryFactory(slug="security", name="Security")
    client.cookies["django_language"] = "ps"
    assert '<a href="/category/security/">Security</a>' in client.get("/").content.decode()


@pytest.mark.django_db
def test_renaming_a_category_in_dari_shows_on_the_next_dari_page(client, politics):
    client.cookies["django_language"] = "fa"
    assert "سیاست" in client.get("/").content.decode()
    politics.name_fa = "امور سیاسی"
    politics.save()
    assert "امور سیاسی" in client.get("/").content.decode()


@pytest.mark.django_db
def test_site_name_and_tagline_are_translated_and_fall_back(client, settings):
    client.cookies["django_language"] = "fa"
    assert settings.NEWSROOM_SITE_NAME in client.get("/").content.decode()  # nothing set yet
    Masthead.objects.create(name_en="Kabul Desk", name_fa="میز تحلیل کابل", tagline_en="Analysis")
    page = client.get("/").content.decode()
    assert '<p class="site-title"><a href="/">میز تحلیل کابل</a></p>' in page
    assert '<p class="site-tagline">Analysis</p>' in page  # no Dari tagline: the English one
    assert '<meta property="og:site_name" content="میز تحلیل کابل">' in page
    client.cookies["django_language"] = "en"
    assert '<p class="site-title"><a href="/">Kabul Desk</a></p>' in client.get("/").content.decode()


@pytest.mark.django_db
def test_a_dari_feed_carries_the_dari_site_name_and_follows_a_rename(client, settings):
    settings.PAGECACHE_ENABLED = True
    ArticleFactory(tags=["water"])
    Masthead.objects.create(name_en="Kabul Desk", name_fa="میز تحلیل کابل", tagline_fa="تحلیل")
    client.cookies["django_language"] = "fa"
    for url in ["/feed/", "/tag/water/feed/"]:
        client.get(url)
        feed = client.get(url).content.decode()
        assert "<title>میز تحلیل کابل" in feed or "| میز تحلیل کابل</title>" in feed, url
        assert "Kabul Desk" not in feed
    assert "<copyright>© میز تحلیل کابل</copyright>" in feed
    masthead = Masthead.objects.get()
    masthead.name_fa = "میز کابل"
    masthead.save()
    assert "| میز کابل</title>" in client.get("/tag/water/feed/").content.decode()


@pytest.mark.django_db
def test_editors_edit_category_names_in_every_language_in_the_admin(client, editor):
    category = CategoryFactory(slug="society", name="Society")
    client.force_login(editor)
    url = f"/admin/articles/category/{category.pk}/change/"
    form = client.get(url).content.decode()
    for field in ("name_en", "name_fa", "name_ps", "description_fa"):
        assert f'name="{field}"' in form
    response = client.post(
        url,
        {
            "name_en": "Society",
            "name_fa": "جامعه",
            "name_ps": "ټولنه",
            "slug": "society",
            "position": 100,
            "description_en": "",
            "description_fa": "",
            "description_ps": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    category = Category.objects.get(pk=category.pk)
    assert (category.name_en, category.name_fa, category.name_ps) == ("Society", "جامعه", "ټولنه")


@pytest.mark.django_db
def test_only_administrators_change_the_site_name(client, editor, admin_user):
    client.force_login(editor)
    assert client.get("/admin/articles/masthead/add/").status_code == 403
    client.force_login(admin_user)
    response = client.post("/admin/articles/masthead/add/", {"name_en": "Desk", "name_ps": "د کابل میز"})
    assert response.status_code == 302
    assert client.get("/admin/articles/masthead/add/").status_code == 403  # one row only
