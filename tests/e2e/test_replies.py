"""A reader replies, a moderator approves from the admin queue, the reply appears (Chromium)."""

import re

import pytest
from django.apps import apps

from newsroom import roles
from tests import factories

REPLY = "The point about customs revenue matches what traders in Hairatan told me last month."


@pytest.fixture
def newsroom(transactional_db, live_server, settings):
    settings.NEWSROOM_REPLY_MIN_SECONDS = 2
    roles.sync_roles(apps)  # a flushed database has no groups
    from django.contrib.auth.models import Group

    moderator = factories.UserFactory(
        username="mod", email="mod@newsroom.example", is_staff=True, password="moderate-me-42"
    )
    moderator.groups.add(Group.objects.get(name=roles.MODERATOR))
    article = factories.ArticleFactory(
        title="Customs posts and the revenue that reaches Kabul",
        dek="Who collects at the border, and where the money goes.",
        body="<p>"
        + "Traders at the northern crossings describe fees that change with each new official. " * 6
        + "</p>",
    )
    earlier = factories.ReplyFactory(
        article=article, name="Sara Wardak", body="Useful reporting; the fee tables would help."
    )
    factories.ReplyFactory(article=article, parent=earlier, name="Hamid K.", body="Seconded, with dates.")
    return live_server, article


def test_reader_replies_moderator_approves_reader_sees_it(newsroom, browser, page, screenshot):
    server, article = newsroom
    url = server.url + article.get_absolute_url()

    page.goto(url)
    form = page.locator("#respond")
    form.scroll_into_view_if_needed()
    assert "Your email address will not be published." in form.inner_text()
    page.get_by_role("textbox", name="Name").fill("Nadia Rahimi")
    page.get_by_role("textbox", name="Email").fill("nadia@readers.example")
    page.get_by_role("textbox", name="Comment").fill(REPLY)
    page.get_by_label("Save my name, email, and website").check()
    screenshot(page, "replies-form-375")
    page.wait_for_timeout(2100)  # a person takes longer than the bot threshold
    page.get_by_role("button", name="Post Comment").click()
    page.wait_for_url(re.compile(r".*#reply-\d+$"))
    pending = page.locator(".reply--pending")
    assert REPLY in pending.inner_text()
    assert "Your comment is awaiting moderation." in pending.inner_text()
    screenshot(page, "replies-awaiting-moderation-375")

    # Another reader sees neither the reply nor the notice.
    stranger = browser.new_context()
    other = stranger.new_page()
    other.goto(url)
    assert REPLY not in other.content()
    assert "awaiting moderation" not in other.content()

    desk = browser.new_context(viewport={"width": 1440, "height": 900})
    admin = desk.new_page()
    admin.goto(server.url + "/admin/")
    admin.get_by_label("Username").fill("mod")
    admin.get_by_label("Password").fill("moderate-me-42")
    admin.get_by_role("button", name="Log in").click()
    # The newsroom home keeps the admin's sections folded under "Everything in the admin".
    admin.locator("details.desk-all-sections summary").click()
    admin.locator(".model-reply th a").click()  # Replies, in the Replies section
    row = admin.locator("#result_list tbody tr", has_text="Nadia Rahimi")
    assert "nadia@readers.example" in row.inner_text()
    assert "First reply from this email" in row.inner_text()
    assert "Pending (1)" in admin.content()
    screenshot(admin, "replies-moderation-queue-1440")
    row.locator("input.action-select").check()
    admin.locator("select[name=action]").select_option(label="Approve selected replies")
    admin.locator("button[name=index]").click()
    assert "1 reply approved." in admin.locator(".messagelist").inner_text()
    desk.close()

    page.reload()
    mine = page.locator(".reply", has_text=REPLY)
    assert mine.count() == 1
    assert "awaiting moderation" not in mine.inner_text()
    mine.scroll_into_view_if_needed()
    screenshot(page, "replies-published-thread-375")

    other.reload()
    assert REPLY in other.content()
    assert "3 Replies" in other.content()
    stranger.close()
