"""axe-core finds no serious or critical problem on the public pages, in both
languages and in light and dark mode."""

import pytest

from articles.models import Article

PAGES = {
    "home": lambda: "/",
    "article": lambda: Article.objects.get(slug__startswith="a-cabinet-reshuffle").get_absolute_url(),
    "persian article": lambda: Article.objects.get(slug__startswith="در-بازار").get_absolute_url(),
    "pashto article": lambda: Article.objects.get(language="ps").get_absolute_url(),
    "category": lambda: "/category/afghanistan/",
    "tag": lambda: "/tag/cabinet/",
    "author": lambda: "/author/mariam-sadat/",
    "search": lambda: "/search/?q=cabinet",
    "empty search": lambda: "/search/?q=zzzzqqq",
    "not found": lambda: "/no-such-page/",
    "about page": lambda: "/about/",
    "page under a parent": lambda: "/about/staff/",
}


@pytest.mark.parametrize("color_scheme", ["light", "dark"])
def test_public_pages_have_no_serious_accessibility_violations(demo_site, browser, axe, color_scheme):
    context = browser.new_context(viewport={"width": 375, "height": 812}, color_scheme=color_scheme)
    page = context.new_page()
    found = {}
    try:
        for language in ("en", "fa", "ps"):
            context.add_cookies([{"name": "django_language", "value": language, "url": demo_site.url}])
            for name, path in PAGES.items():
                # Colour is what dark mode changes: one width is enough there.
                for width in (375, 1280) if color_scheme == "light" else (375,):
                    page.set_viewport_size({"width": width, "height": 900})
                    page.goto(demo_site.url + path())
                    assert page.locator("html").get_attribute("lang") == language
                    violations = axe(page)
                    if violations:
                        found[f"{name} ({language}, {width}px, {color_scheme})"] = violations
    finally:
        context.close()
    assert found == {}


def test_axe_does_report_a_real_problem(demo_site, page, axe):
    """The check above can fail: an image without alt text is caught."""
    page.goto(demo_site.url + "/")
    page.evaluate("document.querySelector('main img').removeAttribute('alt')")
    page.evaluate("document.querySelector('.card__image').removeAttribute('aria-hidden')")
    assert "image-alt" in {violation["id"] for violation in axe(page)}


@pytest.mark.parametrize("language", ["en", "fa"])
def test_reply_form_and_its_errors_are_accessible(demo_site, browser, axe, language):
    """The "Leave a Reply" form, sent empty: each message is tied to its field, and axe is content."""
    context = browser.new_context(viewport={"width": 375, "height": 812})
    context.add_cookies([{"name": "django_language", "value": language, "url": demo_site.url}])
    page = context.new_page()
    try:
        article = Article.objects.get(slug__startswith="a-cabinet-reshuffle")
        page.goto(demo_site.url + article.get_absolute_url() + "#respond")
        form = page.locator("#respond form")
        assert axe(page, "#respond") == []
        for field in form.locator("input:not([type=hidden]), textarea").all():
            if field.is_visible():
                assert field.evaluate("element => element.labels.length") > 0, field.get_attribute("name")

        form.locator("button[type=submit]").click()
        page.wait_for_load_state()
        invalid = page.locator("#respond [aria-invalid=true]")
        assert invalid.count() >= 3, "name, email and comment are marked invalid"
        for field in invalid.all():
            described = field.get_attribute("aria-describedby")
            assert described, field.get_attribute("name")
            message = page.locator("#" + described.split()[0])
            assert message.inner_text().strip(), f"{field.get_attribute('name')} has its message"
        assert axe(page) == []
    finally:
        context.close()
