"""Pages in several languages and menus in the reader's language."""

import re

import pytest
from django.utils import translation

from pages.models import Page
from tests.factories import ArticleFactory, MenuFactory, MenuItemFactory, PageFactory

HOST = "http://testserver"


def hreflangs(html: str) -> dict[str, str]:
    return dict(re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', html))


@pytest.fixture
def about(db):
    english = PageFactory(title="About us", slug="about", language="en")
    dari = PageFactory(title="دربارهٔ ما", slug="darbare", language="fa", translation_of=english)
    pashto = PageFactory(title="زموږ په اړه", slug="zmuzh", language="ps", translation_of=english)
    return english, dari, pashto


@pytest.mark.django_db
def test_page_hreflang_alternates_both_ways(client, about):
    english, dari, pashto = about
    expected = {
        "en": HOST + "/about/",
        "fa": HOST + "/darbare/",
        "ps": HOST + "/zmuzh/",
        "x-default": HOST + "/about/",
    }
    for page in about:
        assert hreflangs(client.get(page.get_absolute_url()).content.decode()) == expected


@pytest.mark.django_db
@pytest.mark.parametrize(
    "language, title, href", [("en", "About us", "/about/"), ("fa", "دربارهٔ ما", "/darbare/")]
)
def test_a_menu_link_to_a_page_leads_to_its_version_in_the_readers_language(
    client, about, language, title, href
):
    MenuItemFactory(menu=MenuFactory(location="main"), page=about[0])
    client.cookies["django_language"] = language
    html = client.get("/").content.decode()
    assert f'<a href="{href}">{title}</a>' in html


@pytest.mark.django_db
def test_menu_labels_are_translated_and_fall_back_to_english(client, about):
    # Each language's column by name: which one `label` means depends on the active language.
    menu = MenuFactory(location="main", label_en="Sections", label_fa="بخش‌ها")
    MenuItemFactory(menu=menu, url="https://example.org/", label_en="Archive", label_ps="آرشیف")
    client.cookies["django_language"] = "ps"
    html = client.get("/").content.decode()
    assert '<a href="https://example.org/">آرشیف</a>' in html
    assert 'aria-label="Sections"' in html  # no Pashto label: the English one
    client.cookies["django_language"] = "fa"
    html = client.get("/").content.decode()
    assert 'aria-label="بخش‌ها"' in html and ">Archive</a>" in html


@pytest.mark.django_db
def test_the_switcher_on_a_page_lands_on_its_translation(client, about):
    html = client.get("/about/").content.decode()
    assert '<input name="next_ps" type="hidden" value="/zmuzh/">' in html
    response = client.post("/i18n/setlang/", {"language": "ps", "next": "/about/", "next_ps": "/zmuzh/"})
    assert response["Location"] == "/zmuzh/"


@pytest.mark.django_db
def test_a_new_page_translation_shows_in_cached_menus_at_once(client):
    english = PageFactory(title="Contact", slug="contact", language="en")
    MenuItemFactory(menu=MenuFactory(location="main"), page=english)
    client.cookies["django_language"] = "fa"
    # The English title in a Dari page carries its own language and direction.
    assert '<a href="/contact/" lang="en" dir="ltr">Contact</a>' in client.get("/").content.decode()
    PageFactory(title="تماس", slug="tamas", language="fa", translation_of=english)
    assert '<a href="/tamas/">تماس</a>' in client.get("/").content.decode()


@pytest.mark.django_db
def test_the_reply_form_links_the_privacy_policy_in_the_readers_language(client, settings):
    settings.PAGECACHE_ENABLED = True
    policy = PageFactory(title="Privacy policy", slug="privacy", kind=Page.Kind.PRIVACY)
    url = ArticleFactory().get_absolute_url()
    client.cookies["django_language"] = "fa"
    # No Dari version yet: named in Dari, and said to be in English.
    with translation.override("fa"):
        name = translation.gettext("Privacy policy")
    expected = f'<a href="/privacy/" hreflang="en">{name} (<span lang="en" dir="ltr">English</span>)</a>'
    assert name != "Privacy policy" and expected in client.get(url).content.decode()
    PageFactory(title="پالیسی حریم خصوصی", slug="privacy-fa", language="fa", translation_of=policy)
    page = client.get(url).content.decode()  # the new version shows at once, cached page or not
    assert '<a href="/privacy-fa/">پالیسی حریم خصوصی</a>' in page
    client.cookies["django_language"] = "en"
    assert '<a href="/privacy/">Privacy policy</a>' in client.get(url).content.decode()
