"""Menus editors arrange: order, nesting, hidden links and a fixed cost."""

import re

import pytest
from django.core.cache import caches
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.models import Article, Masthead
from pages.models import Menu, MenuItem, Page
from tests.factories import ArticleFactory, CategoryFactory, MenuFactory, MenuItemFactory, PageFactory


@pytest.fixture(autouse=True)
def _from_scratch(settings):
    settings.PAGECACHE_FRAGMENTS = False
    settings.PAGECACHE_ENABLED = False


def nav(html: str, css_class: str) -> str:
    found = re.search(rf'<nav class="{css_class}"[^>]*>(.*?)</nav>', html, re.S)
    return found.group(1) if found else ""


def link_texts(html: str, css_class: str = "main-menu") -> list[str]:
    return [text.strip() for text in re.findall(r"<a [^>]*>([^<]*)</a>", nav(html, css_class))]


@pytest.mark.django_db
def test_without_a_menu_the_header_lists_the_top_level_categories(client):
    CategoryFactory(name="Politics", position=1)
    economy = CategoryFactory(name="Economy", position=2)
    CategoryFactory(name="Trade", parent=economy)
    assert link_texts(client.get("/").content.decode()) == ["Home", "Politics", "Economy"]


@pytest.mark.django_db
def test_the_header_follows_the_editors_order_and_reordering(client):
    about = PageFactory(title="About", slug="about")
    politics = CategoryFactory(name="Politics")
    article = ArticleFactory(title="Special report")
    first = MenuItemFactory(position=1, category=politics)
    MenuItemFactory(position=2, page=about)
    MenuItemFactory(position=3, article=article, label="The report")
    MenuItemFactory(position=4, url="https://example.org/archive/", label="Old archive")
    html = client.get("/").content.decode()
    assert link_texts(html) == ["Home", "Politics", "About", "The report", "Old archive"]
    assert 'href="/about/"' in nav(html, "main-menu")
    assert 'href="https://example.org/archive/"' in nav(html, "main-menu")
    first.position = 9
    first.save()
    assert link_texts(client.get("/").content.decode()) == [
        "Home",
        "About",
        "The report",
        "Old archive",
        "Politics",
    ]


@pytest.mark.django_db
def test_links_nest_one_level_in_a_submenu(client):
    about = PageFactory(title="About", slug="about")
    top = MenuItemFactory(position=1, page=about)
    MenuItemFactory(position=2, parent=top, menu=top.menu, page=PageFactory(title="Staff", parent=about))
    MenuItemFactory(position=1, parent=top, menu=top.menu, page=PageFactory(title="Ethics", parent=about))
    menu = nav(client.get("/about/").content.decode(), "main-menu")
    assert re.search(
        r'<li class="has-submenu"><a href="/about/" aria-current="page">About</a>\s*<ul class="submenu">',
        menu,
    )
    submenu = re.search(r'<ul class="submenu">(.*?)</ul>', menu, re.S).group(1)
    assert re.findall(r">([^<]+)</a>", submenu) == ["Ethics", "Staff"]


@pytest.mark.django_db
def test_the_kept_menu_marks_each_pages_own_link(client, settings):
    """One shared part serves every address: the current link is marked per page, not kept."""
    settings.PAGECACHE_FRAGMENTS = True
    caches["default"].clear()
    MenuItemFactory(position=1, page=PageFactory(title="About", slug="about"))
    about = nav(client.get("/about/").content.decode(), "main-menu")
    with CaptureQueriesContext(connection) as queries:
        home = nav(client.get("/").content.decode(), "main-menu")
    assert not [q for q in queries.captured_queries if "pages_menuitem" in q["sql"]]
    assert re.findall(r'<a href="([^"]+)" aria-current="page"', about) == ["/about/"]
    assert re.findall(r'<a href="([^"]+)" aria-current="page"', home) == ["/"]


@pytest.mark.django_db
def test_a_page_with_a_dari_address_is_marked_current(client):
    MenuItemFactory(position=1, page=PageFactory(title="درباره ما", slug="درباره", language="fa"))
    menu = nav(client.get("/درباره/").content.decode(), "main-menu")
    assert re.findall(r'<a href="([^"]+)" aria-current="page"', menu) == [
        "/%D8%AF%D8%B1%D8%A8%D8%A7%D8%B1%D9%87/"
    ]


@pytest.mark.django_db
def test_a_second_level_of_nesting_is_refused():
    top = MenuItemFactory(position=1, url="https://example.org/", label="Top")
    child = MenuItemFactory(menu=top.menu, parent=top, url="https://example.org/a/", label="A")
    grandchild = MenuItem(menu=top.menu, parent=child, url="https://example.org/b/", label="B")
    with pytest.raises(ValidationError) as caught:
        grandchild.full_clean()
    assert "parent" in caught.value.message_dict


@pytest.mark.django_db
@pytest.mark.parametrize(
    "targets",
    [{}, {"url": "https://example.org/", "label": "Both", "category": "make"}],
)
def test_a_link_goes_to_exactly_one_place(targets):
    menu = MenuFactory()
    if targets.get("category") == "make":
        targets["category"] = CategoryFactory()
    with pytest.raises(ValidationError):
        MenuItem(menu=menu, **targets).full_clean()


@pytest.mark.django_db
def test_an_external_link_needs_a_label():
    with pytest.raises(ValidationError) as caught:
        MenuItem(menu=MenuFactory(), url="https://example.org/").full_clean()
    assert "label_en" in caught.value.message_dict  # the default language's, which the others fall back to


HOSTILE_ADDRESSES = [
    "javascript:alert(document.cookie)",
    " JavaScript:alert(1)",
    "vbscript:msgbox(1)",
    "data:text/html,<script>x</script>",
    "java\tscript:alert(1)",
    "/\\evil.example/",
    "https://evil.example\\@good.example/",  # browsers go to evil.example
    "https://example.org/\u202egro.live",  # shown backwards
]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "address", ["https://archive.example.net/", "http://example.org/a?b=c", "/tag/kabul/", "/"]
)
def test_a_link_goes_to_a_web_address_or_a_path_here(address):
    MenuItem(menu=MenuFactory(), url=address, label="Link").full_clean()


@pytest.mark.django_db
@pytest.mark.parametrize("address", HOSTILE_ADDRESSES)
def test_a_link_that_would_run_code_is_refused_and_never_shown(client, address):
    menu = MenuFactory(location=Menu.Location.MAIN)
    with pytest.raises(ValidationError) as caught:
        MenuItem(menu=menu, url=address, label="Click").full_clean()
    assert "url" in caught.value.message_dict
    MenuItem.objects.create(menu=menu, url=address, label="Click")  # stored before this rule, say
    MenuItemFactory(menu=menu, label="Sport", url="https://example.org/sport")
    texts = link_texts(client.get("/").content.decode())
    assert "Sport" in texts and "Click" not in texts


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["reader", "editor"])
def test_links_to_unpublished_pages_and_articles_are_not_shown(client, editor, who):
    if who == "editor":
        client.force_login(editor)
    draft = PageFactory(title="Draft page", slug="draft-page", status=Page.Status.DRAFT)
    hidden_parent = PageFactory(title="Hidden parent", slug="hidden", status=Page.Status.DRAFT)
    child = PageFactory(title="Child of hidden", slug="child", parent=hidden_parent)
    unpublished = ArticleFactory(title="Not yet", status=Article.Status.DRAFT)
    MenuItemFactory(position=1, page=draft)
    MenuItemFactory(position=2, page=child)
    top = MenuItemFactory(position=3, article=unpublished)
    MenuItemFactory(menu=top.menu, parent=top, label="Under a hidden link", url="https://example.org/")
    MenuItemFactory(position=4, page=PageFactory(title="Contact", slug="contact"))
    assert link_texts(client.get("/").content.decode()) == ["Home", "Contact"]


@pytest.mark.django_db
def test_the_footer_menu_renders_its_links(client):
    footer = MenuFactory(location=Menu.Location.FOOTER, label="Site information")
    MenuItemFactory(menu=footer, page=PageFactory(title="Privacy policy", slug="privacy"))
    html = client.get("/").content.decode()
    assert '<nav class="footer-menu" aria-label="Site information">' in html
    assert link_texts(html, "footer-menu") == ["Privacy policy"]


@pytest.mark.django_db
def test_no_footer_menu_no_footer_navigation(client):
    assert 'class="footer-menu"' not in client.get("/").content.decode()


def header_queries(client) -> int:
    # From scratch: remembered lookups (the site's name, the next scheduled time) are
    # kept or not depending on what changed since, which is not what is measured here.
    caches["default"].clear()
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/category/politics/").status_code == 200
    return len(queries)


@pytest.mark.django_db
def test_the_header_costs_the_same_queries_with_2_or_40_links(client):
    Masthead.names()  # the site's name: read by the first page only, then kept
    CategoryFactory(slug="politics")
    footer = MenuFactory(location=Menu.Location.FOOTER)

    def add_links(count):
        for n in range(count):
            kind = n % 4
            item = {
                0: {"page": PageFactory()},
                1: {"category": CategoryFactory()},
                2: {"article": ArticleFactory()},
                3: {"url": f"https://example.org/{n}/", "label": f"Link {n}"},
            }[kind]
            MenuItemFactory(**item)
            MenuItemFactory(menu=footer, **item)

    add_links(2)
    few = header_queries(client)
    add_links(38)
    tops = list(MenuItem.objects.filter(menu__location="main", parent__isnull=True)[:5])
    for top in tops[1:]:
        top.parent = tops[0]
        top.save()
    many = header_queries(client)
    assert many == few
    html = client.get("/category/politics/").content.decode()
    assert len(link_texts(html)) >= 40


@pytest.mark.django_db
def test_a_page_title_in_another_language_than_the_interface_carries_its_lang_and_dir(client):
    MenuItemFactory(position=1, page=PageFactory(title="About us", slug="about", language="en"))
    MenuItemFactory(position=2, page=PageFactory(title="دربارهٔ ما", slug="darbara", language="fa"))
    english = nav(client.get("/").content.decode(), "main-menu")
    assert '<a href="/about/">About us</a>' in english
    assert '<a href="/darbara/" lang="fa" dir="rtl">دربارهٔ ما</a>' in english
    client.cookies["django_language"] = "fa"
    dari = nav(client.get("/").content.decode(), "main-menu")
    assert '<a href="/about/" lang="en" dir="ltr">About us</a>' in dari
    assert '<a href="/darbara/">دربارهٔ ما</a>' in dari


@pytest.mark.django_db
def test_menus_load_only_the_columns_they_show_in_one_query(django_assert_num_queries):
    """Links of every kind, a child page and translated labels: no deferred column is read later."""
    from django.utils import translation

    from pages.menus import load_menus

    about = PageFactory(title="About", slug="about")
    staff = PageFactory(title="Staff", slug="staff", parent=about)
    hidden = PageFactory(title="Draft", slug="draft", status="draft")
    politics = CategoryFactory(name="Politics", name_fa="سیاست", slug="politics")
    report = ArticleFactory(title="Special report", language="fa")
    MenuItemFactory(position=1, category=politics)
    MenuItemFactory(position=2, page=staff)
    MenuItemFactory(position=3, article=report)
    MenuItemFactory(position=4, page=hidden)
    MenuItemFactory(position=5, url="https://example.org/", label="Archive", label_fa="بایگانی")
    with translation.override("fa"), django_assert_num_queries(2):  # the links, the pages' versions
        menu = load_menus()["main"]
        shown = [(link.text, link.href, link.language) for link in menu.links]
    assert menu.label == "Sections"
    assert shown == [
        ("سیاست", "/category/politics/", ""),
        ("Staff", "/about/staff/", "en"),
        ("Special report", report.get_absolute_url(), "fa"),
        ("بایگانی", "https://example.org/", ""),
    ]
