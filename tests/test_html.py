"""Every public page is well-formed HTML5 with lang and dir from the language."""

import html5lib
import pytest
from django.utils import translation

from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    CategoryFactory,
    CorrectionFactory,
    MenuFactory,
    MenuItemFactory,
    PageFactory,
    library_image,
)


@pytest.fixture
def site(db):
    parent = CategoryFactory(slug="region", show_on_home=True)
    child = CategoryFactory(slug="afghanistan", parent=parent)
    author = AuthorFactory(slug="mariam")
    article = ArticleFactory(
        primary_category=child,
        categories=[child, parent],
        authors=[author, AuthorFactory()],
        tags=["wheat", "trade"],
        featured_image=library_image(alt_text="A field", caption="Caption", credit="Credit"),
        source_line="Agency",
    )
    CorrectionFactory(article=article)
    ArticleFactory(primary_category=child, tags=["wheat"])
    about = PageFactory(title="About us", slug="about", kind="about", body="<h2>Who</h2><p>We are.</p>")
    staff = PageFactory(title="Our staff", slug="staff", parent=about)
    privacy = PageFactory(title="Privacy policy", slug="privacy", kind="privacy")
    top = MenuItemFactory(page=about)
    MenuItemFactory(menu=top.menu, parent=top, page=staff)
    MenuItemFactory(menu=MenuFactory(location="footer"), page=privacy)
    day = article.publish_date
    return [
        "/about/",
        "/about/staff/",
        "/",
        article.get_absolute_url(),
        "/category/region/",
        "/category/afghanistan/",
        "/tag/wheat/",
        "/author/mariam/",
        f"/{day.year}/",
        f"/{day.year}/{day.month:02d}/",
        "/no-such-page/",
    ]


def parse_strictly(content: bytes):
    parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
    return parser.parse(content)


@pytest.mark.django_db
@pytest.mark.parametrize("language, direction", [("en", "ltr"), ("fa", "rtl"), ("ps", "rtl")])
def test_public_pages_are_valid_html_with_lang_and_dir(client, site, language, direction):
    client.cookies["django_language"] = language
    for url in site:
        response = client.get(url)
        assert response.status_code in (200, 404), url
        document = parse_strictly(response.content)  # raises on any parse error
        root = document if document.tag == "html" else document.find("html")
        assert root.get("lang") == language, url
        assert root.get("dir") == direction, url
        assert document.find(".//main") is not None, url
        assert document.find(".//title").text.strip(), url


def test_ui_strings_are_marked_for_translation():
    """Every template that shows words loads i18n; no bare English outside tags."""
    from pathlib import Path

    templates = Path(__file__).resolve().parent.parent / "templates"
    for path in templates.rglob("*.html"):
        text = path.read_text()
        if any(word in text for word in ("translate", "blocktranslate")):
            assert "{% load" in text and "i18n" in text, path
    with translation.override("en"):
        assert translation.gettext("Skip to content") == "Skip to content"
