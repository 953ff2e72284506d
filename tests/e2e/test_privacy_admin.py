"""An administrator erases a commenter's data in the browser, under the strict CSP."""

import pytest

from comments.models import Reply
from tests.comments.test_privacy import make_reply
from tests.factories import ArticleFactory, UserFactory


@pytest.fixture
def site(transactional_db, live_server):
    article = ArticleFactory()
    make_reply(article, email="zahra@example.org", body="Prices rose.")
    make_reply(article, email="zahra@example.org", body="And fell.", status=Reply.Status.PENDING)
    UserFactory(username="chief", is_staff=True, is_superuser=True)
    return live_server


def test_erase_commenter_data_from_the_replies_admin(site, page, screenshot):
    page.goto(site.url + "/admin/login/?next=/admin/comments/reply/%3Fstatus%3Dall")
    page.get_by_label("Username").fill("chief")
    page.get_by_label("Password").fill("password")
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/admin/comments/reply/**")

    page.locator("input.action-select").first.check()
    page.locator("select[name=action]").select_option("erase_commenter_data")
    page.get_by_role("button", name="Go").first.click()
    assert "Erase personal data?" in page.locator("#content").inner_text()
    screenshot(page, "admin-erase-commenter-confirmation")

    page.get_by_role("button", name="Yes, erase their data").click()
    assert "Erased the personal data of 2 replies." in page.locator(".messagelist").inner_text()
    assert not Reply.objects.filter(email="zahra@example.org").exists()
