"""The newsroom desk in a real browser: writing around a body image, autosave, who else is here.

Under the strict Content-Security-Policy of tests/e2e/test_admin.py, so the
desk's own scripts run as files, never inline.
"""

import re
import time
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from django.apps import apps as django_apps
from django.conf import settings as django_settings
from django.contrib.auth.models import Group
from django.core.files.storage import default_storage
from django.utils import timezone

from articles.models import Article, Category
from desk.models import Autosave
from newsroom import roles
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    CategoryFactory,
    UserFactory,
    library_image,
)

from .helpers import wait_until
from .test_admin import DESKTOP, STRICT_CSP

EDITOR = ".prose-editor [contenteditable=true].ProseMirror"


@pytest.fixture
def desk(transactional_db, live_server, settings):
    settings.NEWSROOM_AUTOSAVE_SECONDS = 2
    settings.NEWSROOM_PRESENCE_SECONDS = 5
    roles.sync_roles(django_apps)  # a transactional test starts from a flushed database
    CategoryFactory(name="Economy", slug="economy")
    return live_server


def person(username, role, first, last, author=True):
    user = UserFactory(username=username, first_name=first, last_name=last, is_staff=True)
    user.groups.add(Group.objects.get(name=role))
    if author:
        AuthorFactory(name=f"{first} {last}", user=user)
    return user


def open_as(browser, server, username):
    """A desktop page in its own browser context, logged in, every document under the strict CSP."""
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    page.console_errors = []
    page.on("console", lambda m: m.type == "error" and page.console_errors.append(m.text))
    page.on("pageerror", lambda error: page.console_errors.append(str(error)))

    def with_csp(route):
        if route.request.resource_type != "document":
            route.fallback()
            return
        response = route.fetch(max_redirects=0)
        route.fulfill(response=response, headers={**response.headers, "content-security-policy": STRICT_CSP})

    def media(route):
        name = unquote(urlsplit(route.request.url).path).removeprefix(django_settings.MEDIA_URL)
        path = Path(default_storage.path(name))
        route.fulfill(path=str(path)) if path.is_file() else route.fulfill(status=404)

    context.route(re.compile(re.escape(server.url) + "/media/.*"), media)
    context.route(re.compile(re.escape(server.url) + "/(?!media/).*"), with_csp)
    page.goto(server.url + "/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "password")
    page.click("input[type=submit]")
    page.wait_for_url("**/admin/")
    return context, page


def kept_after(page, since_ms: float) -> None:
    """Wait until the page's autosave answered with a time after ``since_ms``."""
    wait_until(
        page,
        f"Date.parse(document.getElementById('desk-autosave-status').dataset.savedAt || 0) > {since_ms}",
        timeout=15,
    )


def insert_picture(page, picture):
    page.get_by_role("button", name="Insert image from the library").click()
    dialog = page.locator("dialog.image-chooser-dialog[open]")
    dialog.locator(f".chooser__item[data-id='{picture.pk}']").click()
    dialog.wait_for(state="detached")
    page.locator(f"{EDITOR} figure img").wait_for()


def test_a_journalist_writes_around_an_image_closes_the_tab_and_restores_the_autosave(
    browser, desk, screenshot
):
    person("e2e-writer", roles.JOURNALIST, "Nadia", "Karimi")
    picture = library_image(
        "herat.jpg", alt_text="Traders in Herat", caption="Herat market", credit="Omid Rahimi"
    )
    context, page = open_as(browser, desk, "e2e-writer")
    page.goto(desk.url + "/admin/articles/article/add/")
    editor = page.locator(EDITOR)
    editor.wait_for()
    assert editor.get_attribute("spellcheck") != "false"
    page.fill("#id_title", "Bread prices in Kabul")
    # The byline is shown before anything is saved.
    assert page.locator("#id_bylines-0-author option:checked").inner_text() == "Nadia Karimi"

    editor.click()
    page.keyboard.press("Control+Alt+2")  # heading 2
    page.keyboard.type("What a loaf costs")
    page.keyboard.press("Enter")
    page.locator(".prose-menubar__button", has_text="format_list_bulleted").first.click()
    page.keyboard.type("Flour")
    page.keyboard.press("Enter")
    page.keyboard.type("Fuel")
    page.keyboard.press("Enter")
    page.keyboard.press("Enter")  # out of the list
    page.keyboard.type("Traders say prices doubled.")
    page.keyboard.press("Enter")
    insert_picture(page, picture)

    # Into the caption, then Enter: a new paragraph below the figure, not a trapped cursor.
    editor.locator("figure figcaption").click()
    page.keyboard.press("End")
    page.keyboard.press("Enter")
    page.keyboard.type("Below the picture, the story goes on.")
    assert editor.locator("figure + p").inner_text() == "Below the picture, the story goes on."
    bullet = page.locator(".prose-menubar__button", has_text="format_list_bulleted").first
    assert bullet.is_enabled() and "disabled" not in (bullet.get_attribute("class") or "")
    # The credit entered at upload is written under the picture, as under the featured image.
    assert editor.locator("figure figcaption span.credit").inner_text() == "Photo: Omid Rahimi"
    count = page.locator("#id_body_count").inner_text()
    assert re.fullmatch(r"\d+ words · about 1 min to read", count), count

    # The form is kept by itself within a few seconds (the server's time of the last keep).
    kept_after(page, page.evaluate("Date.now()"))

    # Leaving asks first; the tab is closed anyway, and what was typed last goes with it.
    page.keyboard.type(" More.")
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.type), dialog.accept()))
    with page.expect_event("close"):
        page.close(run_before_unload=True)
    assert dialogs == ["beforeunload"]
    assert page.console_errors == [], page.console_errors
    # Checked once the browser is quiet (the live server shares this thread's SQLite connection).
    time.sleep(1)
    (autosave,) = Autosave.objects.all()
    assert "Below the picture, the story goes on. More." in autosave.data["body"]
    assert autosave.data["title"] == "Bread prices in Kabul"
    assert not Article.objects.exists()  # an autosave is never an article

    page = context.new_page()
    page.console_errors = []
    page.on("console", lambda m: m.type == "error" and page.console_errors.append(m.text))
    page.goto(desk.url + "/admin/articles/article/add/")
    page.locator(EDITOR).wait_for()
    prompt = page.locator("#desk-autosave-prompt")
    prompt.wait_for()
    assert "You have an unsaved new article from" in prompt.inner_text()
    screenshot(page, "desk-autosave-prompt", full_page=False)
    prompt.get_by_role("button", name=re.compile("Restore the unsaved changes from")).click()
    assert page.input_value("#id_title") == "Bread prices in Kabul"
    assert "Below the picture, the story goes on. More." in page.locator(EDITOR).inner_text()
    page.locator(".workflow-row button[value=draft]").first.click()
    page.wait_for_selector(".messagelist .success")
    article = Article.objects.get()
    assert "<h2>What a loaf costs</h2>" in article.body
    assert "<li><p>Flour</p></li>" in article.body or "<li>Flour</li>" in article.body
    assert re.search(r"</figure>\s*<p>Below the picture, the story goes on\. More\.</p>", article.body)
    assert (
        '<figcaption>Herat market <span class="credit">Photo: Omid Rahimi</span></figcaption>' in article.body
    )
    assert not Autosave.objects.exists()  # saved for real: the autosave is gone
    assert page.console_errors == [], page.console_errors
    context.close()


def test_a_second_editor_sees_who_has_the_article_open(browser, desk, screenshot):
    person("e2e-laila", roles.EDITOR, "Laila", "Hakimi", author=False)
    person("e2e-omar", roles.EDITOR, "Omar", "Safi", author=False)
    article = ArticleFactory(title="Grain convoys", status=Article.Status.DRAFT, publish_at=None)
    url = f"{desk.url}/admin/articles/article/{article.pk}/change/"
    first_context, first = open_as(browser, desk, "e2e-laila")
    first.goto(url)
    first.locator(EDITOR).wait_for()
    second_context, second = open_as(browser, desk, "e2e-omar")
    second.goto(url)
    notice = second.locator("#desk-presence")
    notice.wait_for()
    assert notice.inner_text() == "Laila Hakimi is also editing this article right now."
    screenshot(second, "desk-presence", full_page=False)
    # The first editor hears of the second with the next heartbeat.
    wait_until(first, "!document.getElementById('desk-presence').hidden", timeout=12)
    assert first.locator("#desk-presence").inner_text() == "Omar Safi is also editing this article right now."
    # When the second one leaves, the notice goes with the next beat.
    second_context.close()
    wait_until(first, "document.getElementById('desk-presence').hidden", timeout=12)
    assert first.console_errors == [] and second.console_errors == []
    first_context.close()


@pytest.mark.parametrize(
    ("username", "password", "lists"),
    [
        (
            "journalist",
            "newsroom-journalist",
            ["My drafts", "My articles in review", "My scheduled and published articles"],
        ),
        (
            "editor",
            "newsroom-editor",
            # Editors write too: their own lists come first.
            ["My drafts", "My articles in review", "Awaiting review", "Scheduled", "Recently published"]
            + ["Articles with corrections"],
        ),
        ("moderator", "newsroom-moderator", ["Pending replies"]),
    ],
)
def test_the_newsroom_home_of_each_role_is_accessible(
    browser, demo_site, axe, screenshot, username, password, lists
):
    from django.contrib.auth import get_user_model

    # Something waiting for review, written by the demo journalist.
    journalist = get_user_model().objects.get(username="journalist")
    piece = ArticleFactory(
        title="Checkpoints on the Kabul–Jalalabad road",
        status=Article.Status.REVIEW,
        publish_at=None,
        authors=[journalist.author_profile],
        created_by=journalist,
    )
    assert piece.pk
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    errors = []
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    page.goto(demo_site.url + "/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("input[type=submit]")
    page.wait_for_url("**/admin/")
    titles = page.locator(".desk-section__title").all_inner_texts()
    assert [re.sub(r"\s*\d+$", "", title.strip()) for title in titles] == lists
    assert axe(page) == []
    screenshot(page, f"desk-home-{username}", full_page=False)
    page.set_viewport_size({"width": 375, "height": 812})
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert errors == []
    context.close()


def test_restoring_an_autosave_brings_back_the_featured_image_and_categories(browser, desk):
    """An admin trial found them dropped: the chooser and the autocomplete selects hold only what
    the page was made with, so a category or picture chosen since had nothing to be restored into."""
    writer = person("e2e-restorer", roles.JOURNALIST, "Nadia", "Karimi")
    economy = Category.objects.get(slug="economy")
    politics = CategoryFactory(name="Politics", slug="politics")
    picture = library_image("herat.jpg", title="Herat market", alt_text="Traders in Herat")
    article = ArticleFactory(
        title="Grain convoys",
        status=Article.Status.DRAFT,
        publish_at=None,
        created_by=writer,
        primary_category=None,
        categories=[],
    )
    Autosave.objects.create(
        user=writer,
        article=article,
        edit_token="0",
        saved_at=timezone.now(),
        data={"title": "Grain convoys reach Herat", "featured_image": str(picture.pk),
              "primary_category": str(politics.pk), "categories": [str(politics.pk), str(economy.pk)]},
    )  # fmt: skip
    context, page = open_as(browser, desk, "e2e-restorer")
    page.goto(f"{desk.url}/admin/articles/article/{article.pk}/change/")
    page.locator(EDITOR).wait_for()
    page.locator("#desk-autosave-prompt").get_by_role("button", name=re.compile("Restore")).click()
    assert page.input_value("#id_title") == "Grain convoys reach Herat"
    assert page.input_value(".image-chooser input[type=hidden]") == str(picture.pk)
    assert "Herat market" in page.locator(".image-chooser__preview").inner_text()
    assert "Politics" in page.locator(".field-primary_category .select2-selection").inner_text()
    page.locator(".workflow-row button[value=draft]").first.click()
    page.wait_for_selector(".messagelist .success")
    article.refresh_from_db()
    assert article.title == "Grain convoys reach Herat"
    assert article.featured_image == picture and article.primary_category == politics
    assert set(article.categories.all()) == {politics, economy}
    assert page.console_errors == [], page.console_errors
    context.close()
