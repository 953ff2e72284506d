"""Embeds in a real browser: a link card contacts nobody; an enabled player loads under the policy.

The provider is played by a stub answered by the browser context (no network):
what matters is that Chromium frames it without a CSP violation (the ``page``
fixture fails on any console error), and frames nothing else.
"""

import pytest

from articles import embeds
from articles.models import EmbedProvider
from tests.factories import ArticleFactory

YOUTUBE = "https://www.youtube.com/watch?v=aqz-KE-bpKQ"
VIMEO = "https://vimeo.com/76979871"


@pytest.fixture
def story(transactional_db, live_server):
    body = (
        "<p>The dam opened.</p>"
        + embeds.link_card(YOUTUBE, "YouTube", "Drone footage.", "video")
        + embeds.link_card(VIMEO, "Vimeo", "", "video")
    )
    return live_server, ArticleFactory(title="The dam", body=body)


def stub_providers(page) -> list[str]:
    """Answer every request off this site with a small page; the addresses asked for."""
    asked = []

    def answer(route):
        asked.append(route.request.url)
        route.fulfill(
            status=200, content_type="text/html", body="<!doctype html><title>player</title><p>Player"
        )

    page.context.route(lambda url: not url.startswith("http://localhost"), answer)
    return asked


def test_with_players_off_the_card_contacts_nobody(story, page):
    server, article = story
    asked = stub_providers(page)
    page.goto(server.url + article.get_absolute_url())
    page.wait_for_load_state("load")
    assert page.locator("iframe").count() == 0
    assert page.locator("figure.embed-card a").first.get_attribute("href") == YOUTUBE
    assert asked == []


def test_an_enabled_player_is_framed_under_the_policy_and_no_other_is(story, page, axe):
    server, article = story
    EmbedProvider.objects.update_or_create(slug="youtube", defaults={"enabled": True})
    asked = stub_providers(page)
    page.goto(server.url + article.get_absolute_url())
    frame = page.locator("iframe")
    assert frame.count() == 1
    frame.scroll_into_view_if_needed()  # loading="lazy"
    player = page.frame_locator("iframe").get_by_text("Player")
    player.wait_for()
    assert asked == ["https://www.youtube-nocookie.com/embed/aqz-KE-bpKQ"]
    assert axe(page) == []  # the frame has a title, the card and link under it are readable
    # Vimeo is off: still a card.
    assert page.locator("figure.embed-card a").get_attribute("href") == VIMEO
    # A frame of a host the policy does not list is refused (and reported, which the page
    # fixture would count as a failure: expected here, so taken off the list).
    page.evaluate(
        "() => { const f = document.createElement('iframe'); f.src = 'https://player.vimeo.com/video/1';"
        " document.body.append(f); }"
    )
    page.wait_for_timeout(500)
    assert not any("player.vimeo.com" in url for url in asked)
    refused = [error for error in page.console_errors if "frame-src" in error]
    assert refused and "player.vimeo.com" in refused[0]
    page.console_errors[:] = [error for error in page.console_errors if error not in refused]


# --- the body editor -----------------------------------------------------------------------


@pytest.fixture
def editor_page(transactional_db, live_server, page):
    from django.contrib.auth.models import Group

    from newsroom import roles
    from tests.factories import UserFactory

    user = UserFactory(username="e2e-editor", is_staff=True)
    user.groups.add(Group.objects.get(name=roles.EDITOR))
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(live_server.url + "/admin/login/")
    page.fill("#id_username", "e2e-editor")
    page.fill("#id_password", "password")
    page.click("input[type=submit]")
    page.wait_for_url("**/admin/")
    yield live_server, page
    page.goto("about:blank")  # the edit page's autosave and presence calls end before the flush


def test_a_card_survives_the_editor_and_a_pasted_address_becomes_one(editor_page):
    from articles.models import Article

    server, page = editor_page
    article = ArticleFactory(
        status=Article.Status.DRAFT,
        body="<p>The dam opened.</p>" + embeds.link_card(YOUTUBE, "YouTube", "Drone footage.", "video"),
    )
    page.goto(f"{server.url}/admin/articles/article/{article.pk}/change/")
    editor = page.locator(".prose-editor [contenteditable=true].ProseMirror")
    editor.wait_for()
    editor.click()
    page.keyboard.press("Control+End")
    page.keyboard.press("Enter")
    page.keyboard.insert_text(VIMEO)
    page.locator(".workflow-row button[value=draft]").first.click()
    page.wait_for_selector(".messagelist .success")
    article.refresh_from_db()
    # The card as it was, caption included, and a new one for the pasted address.
    card = embeds.link_card(YOUTUBE, "YouTube", "Drone footage.", "video").replace(
        f'href="{YOUTUBE}"', f'href="{YOUTUBE}" rel="noopener noreferrer"'
    )
    assert article.body.count('<figure class="embed-card">') == 2, article.body
    assert card in article.body
    assert (
        f'<a href="{VIMEO}" rel="noopener noreferrer"><span class="embed-provider">Vimeo</span>'
        in article.body
    )
    assert "<img" not in article.body
