"""A reader moves through the site in a real browser."""

import io

import pytest
from django.core.management import call_command

from articles.models import Article
from tests.e2e.helpers import wait_until


@pytest.fixture
def demo_site(transactional_db, live_server):
    call_command("seed_demo", stdout=io.StringIO())
    return live_server


def test_reader_goes_from_home_to_article_to_category_to_tag_to_author(demo_site, page, screenshot):
    page.goto(demo_site.url + "/")
    screenshot(page, "home-375-en")
    lead = Article.objects.get(slug__startswith="a-cabinet-reshuffle")
    page.get_by_role("link", name=lead.title).first.click()
    page.wait_for_url(f"**{lead.get_absolute_url()}")
    assert page.locator("h1").inner_text() == lead.title
    screenshot(page, "article-375-en")

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


def test_back_to_top_works_with_mouse_and_keyboard(demo_site, page):
    lead = Article.objects.get(slug__startswith="a-cabinet-reshuffle")
    page.goto(demo_site.url + lead.get_absolute_url())
    page.mouse.wheel(0, 4000)
    wait_until(page, "window.scrollY > 500")
    page.get_by_role("link", name="Back to top").click()
    wait_until(page, "window.scrollY === 0")

    page.mouse.wheel(0, 4000)
    wait_until(page, "window.scrollY > 500")
    page.get_by_role("link", name="Back to top").focus()
    page.keyboard.press("Enter")
    wait_until(page, "window.scrollY === 0")
