"""A reader moves through the site in a real browser."""

import pytest

from articles.models import Article, Category
from tests.e2e.helpers import wait_until

PERSIAN_TITLE = "در بازار کابل قیمت آرد بالا رفت"
# Afghan Solar Hijri months, as Dari pages show dates.
AFGHAN_MONTHS = ("حمل", "ثور", "جوزا", "سرطان", "اسد", "سنبله", "میزان", "عقرب", "قوس", "جدی", "دلو", "حوت")


def lead_article() -> Article:
    return Article.objects.get(slug__startswith="a-cabinet-reshuffle")


def test_reader_goes_from_home_to_article_to_category_to_tag_to_author(demo_site, page, screenshot):
    page.goto(demo_site.url + "/")
    lead = lead_article()
    page.get_by_role("link", name=lead.title).first.click()
    page.wait_for_url(f"**{lead.get_absolute_url()}")
    assert page.locator("h1").inner_text() == lead.title

    page.locator(".article__categories").get_by_role("link", name="Region").click()
    page.wait_for_url("**/category/region/")
    assert page.locator("h1").inner_text() == "Region"

    page.go_back()
    page.locator(".article__tags").get_by_role("link", name="cabinet").click()
    page.wait_for_url("**/tag/cabinet/")
    assert lead.title in page.content()

    page.go_back()
    page.locator(".byline").get_by_role("link", name="Mariam Sadat").first.click()
    page.wait_for_url("**/author/mariam-sadat/")
    assert "Articles by Mariam Sadat" in page.content()

    search = page.get_by_role("search", name="Site search")
    search.get_by_label("Search the articles").fill("cabinet reshuffle")
    search.get_by_role("button", name="Search").click()
    page.wait_for_url("**/search/?q=cabinet+reshuffle")
    page.locator(".search-results").get_by_role("link", name=lead.title).first.click()
    page.wait_for_url(f"**{lead.get_absolute_url()}")

    feed = page.locator('head link[rel="alternate"][type="application/rss+xml"]').first.get_attribute("href")
    response = page.request.get(demo_site.url + feed if feed.startswith("/") else feed)
    assert response.ok and "<rss" in response.text() and lead.title in response.text()


def test_back_to_top_works_with_mouse_and_keyboard(demo_site, page):
    page.goto(demo_site.url + lead_article().get_absolute_url())
    page.mouse.wheel(0, 4000)
    wait_until(page, "window.scrollY > 500")
    page.get_by_role("link", name="Back to top").click()
    wait_until(page, "window.scrollY === 0")

    page.mouse.wheel(0, 4000)
    wait_until(page, "window.scrollY > 500")
    page.get_by_role("link", name="Back to top").focus()
    page.keyboard.press("Enter")
    wait_until(page, "window.scrollY === 0")


def test_skip_link_is_the_first_stop_and_moves_focus_to_the_content(demo_site, page):
    page.goto(demo_site.url + lead_article().get_absolute_url())
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to content")
    assert skip.evaluate("element => element === document.activeElement")
    box = skip.bounding_box()
    assert box["y"] >= 0 and box["height"] > 10, "the focused skip link is on screen"
    page.keyboard.press("Enter")
    wait_until(page, "document.activeElement && document.activeElement.id === 'main'")
    # The next Tab lands inside the content, not back in the header.
    page.keyboard.press("Tab")
    assert page.evaluate("document.querySelector('main').contains(document.activeElement)")


def test_focus_is_visible_on_every_kind_of_control(demo_site, page):
    page.goto(demo_site.url + lead_article().get_absolute_url())
    for _ in range(6):
        page.keyboard.press("Tab")
        outline = page.evaluate(
            """() => {
                const style = getComputedStyle(document.activeElement);
                return [style.outlineStyle, parseFloat(style.outlineWidth)];
            }"""
        )
        tag = page.evaluate("document.activeElement.outerHTML.slice(0, 80)")
        assert outline[0] != "none" and outline[1] >= 2, tag


@pytest.fixture
def browser_javascript_off(browser):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 375, "height": 812})
    yield context.new_page()
    context.close()


def test_language_switcher_works_without_javascript(demo_site, browser_javascript_off):
    page = browser_javascript_off
    category_path = "/category/region/"
    page.goto(demo_site.url + category_path)
    assert page.locator("html").get_attribute("lang") == "en"

    page.get_by_role("button", name="دری").click()
    page.wait_for_load_state()
    assert page.url == demo_site.url + category_path, "the reader stays on the same page"
    assert page.locator("html").get_attribute("lang") == "fa"
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.get_by_role("link", name="رفتن به محتوا").count() == 1  # "Skip to content"
    assert page.locator(".language-switcher [aria-current]").inner_text() == "دری"

    page.get_by_role("button", name="English").click()
    page.wait_for_load_state()
    assert page.url == demo_site.url + category_path
    assert page.locator("html").get_attribute("dir") == "ltr"
    assert page.get_by_role("link", name="Skip to content").count() == 1


def use_language(page, site_url: str, language: str):
    page.context.add_cookies([{"name": "django_language", "value": language, "url": site_url}])


def box(page, selector: str) -> dict:
    return page.locator(selector).first.bounding_box()


def test_right_to_left_pages_mirror_the_layout(demo_site, page):
    """In Dari the masthead, cards, byline, breadcrumb and controls run from the right."""
    use_language(page, demo_site.url, "fa")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(demo_site.url + "/category/afghanistan/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    width = 1280

    title, switcher = box(page, ".site-title"), box(page, ".language-switcher")
    assert title["x"] > switcher["x"], "site title on the right, switcher on the left"
    assert title["x"] + title["width"] > width * 0.8

    first, second = page.locator(".breadcrumb li").nth(0), page.locator(".breadcrumb li").nth(1)
    assert first.bounding_box()["x"] > second.bounding_box()["x"], "breadcrumb reads right to left"

    card_image, card_text = box(page, ".card-list .card__image"), box(page, ".card-list .card__text")
    assert card_image["x"] > card_text["x"], "a listing card has its picture on the right"

    menu_first, menu_second = page.locator(".main-menu li").nth(0), page.locator(".main-menu li").nth(1)
    assert menu_first.bounding_box()["x"] > menu_second.bounding_box()["x"]

    page.mouse.wheel(0, 3000)
    wait_until(page, "window.scrollY > 500")
    back = page.get_by_role("link", name="بازگشت به بالا")  # "Back to top"
    back_box = back.bounding_box()
    assert back_box["x"] < width / 2, "back to top sits at the bottom left"

    page.goto(demo_site.url + lead_article().get_absolute_url())
    byline = box(page, ".article__header .byline")
    header = box(page, ".article__header")
    assert byline["x"] + byline["width"] == pytest.approx(header["x"] + header["width"], abs=2)
    dateline = page.locator(".dateline time").first.inner_text()
    assert any(month in dateline for month in AFGHAN_MONTHS), dateline


def test_persian_article_is_marked_up_as_persian_on_the_english_site(demo_site, page):
    article = Article.objects.get(title=PERSIAN_TITLE)
    page.goto(demo_site.url + article.get_absolute_url())
    assert page.locator("html").get_attribute("lang") == "en"
    title = page.locator("h1")
    assert title.get_attribute("lang") == "fa" and title.get_attribute("dir") == "rtl"
    assert page.locator(".article__body").get_attribute("dir") == "rtl"
    assert page.evaluate("getComputedStyle(document.querySelector('.article__body')).direction") == "rtl"
    # The interface words around it stay English and left to right.
    assert page.locator(".byline").evaluate("element => element.closest('[lang]').lang") == "en"


SCREENS = [
    ("home", lambda: "/"),
    ("article", lambda: lead_article().get_absolute_url()),
    ("category", lambda: Category.objects.get(slug="afghanistan").get_absolute_url()),
]


def test_screenshots_of_home_article_and_category_in_english_and_dari(demo_site, page, screenshot):
    """Saved to test-artifacts/screenshots/ for a person to look at, 375 and 1280 px wide."""
    for language in ("en", "fa"):
        use_language(page, demo_site.url, language)
        for width in (375, 1280):
            page.set_viewport_size({"width": width, "height": 900 if width > 800 else 812})
            for name, path in SCREENS:
                page.goto(demo_site.url + path())
                assert page.locator("html").get_attribute("lang") == language
                # No sideways scrolling on a phone: nothing is wider than the screen.
                assert page.evaluate("document.documentElement.scrollWidth") <= width, (name, width)
                page.wait_for_load_state("networkidle")
                screenshot(page, f"{name}-{width}-{language}")


def test_print_shows_the_article_black_on_white_without_the_site_controls(demo_site, browser):
    context = browser.new_context(color_scheme="dark")
    page = context.new_page()
    try:
        page.goto(demo_site.url + lead_article().get_absolute_url())
        screen_ink = page.evaluate("getComputedStyle(document.body).color")
        page.emulate_media(media="print")
        for selector in (".main-menu", ".back-to-top", ".language-switcher", ".site-footer", ".related"):
            assert page.locator(selector).first.is_hidden(), selector
        assert page.locator(".article__body").is_visible()
        assert page.evaluate("getComputedStyle(document.body).color") == "rgb(0, 0, 0)" != screen_ink
        assert page.evaluate("getComputedStyle(document.querySelector('.byline a')).color") == "rgb(0, 0, 0)"
        assert page.pdf()[:4] == b"%PDF"
    finally:
        context.close()
