"""The strict Content-Security-Policy breaks nothing: the browser reports no violation.

The `page` fixture fails a test on any console error, and Chromium reports each
blocked inline script, inline style or foreign resource as one.
"""

import pytest

from tests.factories import ArticleFactory, UserFactory

ADMIN_PAGES = [
    "/admin/",
    "/admin/articles/article/",
    "/admin/articles/article/add/",
    "/admin/articles/category/",
    "/admin/articles/author/add/",
    "/admin/auth/user/",
    "/admin/auth/group/add/",
    "/admin/password_change/",
]


@pytest.fixture
def site(transactional_db, live_server):
    article = ArticleFactory(title="Wheat prices rise", tags=["wheat"])
    UserFactory(username="chief", is_staff=True, is_superuser=True)
    return live_server, article


def log_in(page, url):
    page.goto(url + "/admin/login/")
    page.get_by_label("Username").fill("chief")
    page.get_by_label("Password").fill("password")
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/admin/")


def test_public_pages_run_under_the_policy(site, page):
    server, article = site
    for path in ["/", article.get_absolute_url(), "/tag/wheat/"]:
        response = page.goto(server.url + path)
        assert "default-src 'self'" in response.headers["content-security-policy"]
        assert page.console_errors == [], (path, page.console_errors)
    page.goto(server.url + "/no-such-page/")
    # Chromium logs the 404 status of the page itself; nothing else may be logged.
    assert len(page.console_errors) == 1 and "404" in page.console_errors[0], page.console_errors
    page.console_errors.clear()


def test_admin_works_under_the_policy(site, page, screenshot):
    server, article = site
    log_in(page, server.url)
    for path in [*ADMIN_PAGES, f"/admin/articles/article/{article.pk}/change/"]:
        response = page.goto(server.url + path)
        assert response.status == 200, path
        assert "script-src 'self'" in response.headers["content-security-policy"]
        assert page.console_errors == [], (path, page.console_errors)
    screenshot(page, "admin-article-change-under-csp")


def test_admin_scripts_still_run_under_the_policy(site, page):
    """Inline-free is not enough: the admin's own JavaScript must work."""
    server, article = site
    log_in(page, server.url)
    page.goto(server.url + "/admin/articles/article/")
    # actions.js: ticking "select all" ticks every row and updates the counter.
    page.locator("#action-toggle").check()
    assert page.locator("input.action-select").first.is_checked()
    assert "1 of 1 selected" in page.locator(".action-counter").inner_text()
    page.goto(server.url + "/admin/auth/group/add/")
    # SelectFilter2.js builds the two-box permission picker with its filter field.
    assert page.locator("#id_permissions_input").is_visible()


def test_failed_logins_lock_out_in_the_browser(site, page):
    server, _ = site
    for _ in range(5):
        page.goto(server.url + "/admin/login/")
        page.get_by_label("Username").fill("chief")
        page.get_by_label("Password").fill("wrong")
        page.get_by_role("button", name="Log in").click()
    assert page.locator("h1").inner_text() == "Too many failed logins"
    # Chromium logs the 429 status of the lockout page itself; nothing else may be logged.
    assert all("429" in error for error in page.console_errors), page.console_errors
    page.console_errors.clear()
