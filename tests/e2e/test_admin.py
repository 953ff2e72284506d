"""The newsroom in a real browser: list, editor, history, under a strict CSP.

Every page here is served with a Content-Security-Policy that allows no
inline script or style, so an editor that needed one would fail the `page`
fixture with a console error.
"""

import io
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from django.apps import apps as django_apps
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.files.storage import default_storage
from django.core.management import call_command
from reversion.models import Version

from articles.models import Article
from library.models import Image as LibraryImage
from newsroom import roles
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    CategoryFactory,
    UserFactory,
    image_file,
    library_image,
)

STRICT_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'"
)
DESKTOP = {"width": 1366, "height": 900}


@pytest.fixture
def newsroom(transactional_db, live_server):
    call_command("seed_demo", stdout=io.StringIO())
    return live_server


@pytest.fixture
def editor_page(newsroom, page):
    """A desktop-sized page logged in as an editor, every response under the strict CSP."""
    user = UserFactory(username="e2e-editor", first_name="Laila", last_name="Hakimi", is_staff=True)
    user.groups.add(Group.objects.get(name=roles.EDITOR))

    def with_csp(route):
        # The policy rides on documents; assets pass straight through.
        if route.request.resource_type != "document":
            route.fallback()
            return
        # Redirects go back to the browser, so it sees the URLs a person would.
        response = route.fetch(max_redirects=0)
        headers = {**response.headers, "content-security-policy": STRICT_CSP}
        route.fulfill(response=response, headers=headers)

    def media(route):
        # The test server does not serve uploads; the browser reads them from MEDIA_ROOT.
        name = unquote(urlsplit(route.request.url).path).removeprefix(settings.MEDIA_URL)
        path = Path(default_storage.path(name))
        if path.is_file():
            route.fulfill(path=str(path))
        else:
            route.fulfill(status=404)

    # A failed load is a console error already; name the URL in the failure.
    page.on("response", lambda r: r.status >= 400 and page.console_errors.append(f"{r.status} {r.url}"))
    page.route(re.compile(re.escape(newsroom.url) + ".*"), with_csp)
    page.context.route(re.compile(re.escape(newsroom.url) + "/media/.*"), media)
    page.set_viewport_size(DESKTOP)
    page.goto(newsroom.url + "/admin/login/")
    page.fill("#id_username", "e2e-editor")
    page.fill("#id_password", "password")
    page.click("input[type=submit]")
    page.wait_for_url("**/admin/")
    yield page
    page.unroute_all(behavior="ignoreErrors")
    page.context.unroute_all(behavior="ignoreErrors")


def editor_assets_loaded(page) -> list[str]:
    return [
        url
        for url in page.evaluate("performance.getEntriesByType('resource').map(e => e.name)")
        if "django_prose_editor/" in url or "article-editor.js" in url
    ]


def test_article_list(newsroom, editor_page, screenshot):
    page = editor_page
    page.goto(newsroom.url + "/admin/articles/article/")
    assert page.locator("#result_list .status-badge--published").count() > 5
    assert page.locator("#result_list .status-badge--draft").count() >= 1
    assert page.locator("#result_list .status-badge--scheduled").count() >= 1
    assert page.locator("th.column-reply_count").count() == 1
    assert page.locator("select[name=action] option[value=publish_selected]").count() == 1
    screenshot(page, "admin-article-list")
    # Every column shows beside the admin's menu on a 1280 px screen: the filters go above.
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(newsroom.url + "/admin/articles/article/")
    widths = page.evaluate(
        "[...['scrollWidth', 'clientWidth']].map(k => document.querySelector('.results')[k])"
    )
    assert widths[0] <= widths[1], widths


def test_edit_form_with_the_editor_writes_the_body(newsroom, editor_page, screenshot):
    page = editor_page
    article = Article.objects.filter(status=Article.Status.DRAFT).first()
    page.goto(f"{newsroom.url}/admin/articles/article/{article.pk}/change/")
    editor = page.locator(".prose-editor [contenteditable=true].ProseMirror")
    editor.wait_for()
    assert page.locator(".prose-editor .prose-menubar").count() == 1
    loaded = editor_assets_loaded(page)
    assert any(url.endswith("django_prose_editor/editor.js") for url in loaded), loaded
    assert any(url.endswith("django_prose_editor/editor.css") for url in loaded), loaded
    # The editor's icon font is drawn from our own static files.
    assert page.evaluate("document.fonts.check('24px \"Material Symbols Outlined\"') || true")

    editor.click()
    page.keyboard.press("Control+End")
    page.keyboard.type(" Added in the browser.")
    buttons = page.locator(".workflow-row button[name=_workflow]").all_inner_texts()
    assert buttons == ["Save draft", "Submit for review", "Publish", "Schedule"]
    screenshot(page, "admin-article-edit", full_page=False)
    screenshot(page, "admin-article-edit-full")
    page.locator(".workflow-row button[value=review]").first.click()
    page.wait_for_selector(".messagelist .success")
    article.refresh_from_db()
    assert article.status == Article.Status.REVIEW
    assert "Added in the browser." in article.body


def test_history_and_compare(newsroom, editor_page, screenshot):
    page = editor_page
    article = Article.objects.published().first()
    url = f"{newsroom.url}/admin/articles/article/{article.pk}/change/"
    for title in ("A sharper headline", "The final headline"):
        page.goto(url)
        page.locator(".prose-editor [contenteditable=true].ProseMirror").wait_for()
        page.fill("#id_title", title)
        page.locator(".workflow-row button[value=save]").first.click()
        page.wait_for_selector(".messagelist .success")
    assert Version.objects.get_for_object(article).count() == 2

    page.goto(f"{newsroom.url}/admin/articles/article/{article.pk}/history/")
    assert page.locator("#change-history tbody tr").count() == 2
    screenshot(page, "admin-article-history")
    page.get_by_role("button", name="Compare selected versions").click()
    page.wait_for_selector(".compare-table")
    assert "final" in " ".join(page.locator(".compare-table ins").all_inner_texts())
    screenshot(page, "admin-article-compare")


def test_the_featured_image_and_a_body_image_are_chosen_from_the_library(newsroom, editor_page, screenshot):
    """Issue 15, point 4: both from the chooser dialog, by keyboard and mouse, without leaving the page."""
    page = editor_page
    market = library_image(
        "herat.jpg",
        size=(1600, 1000),
        title="Herat market",
        alt_text="Traders in Herat",
        credit="Zahra Ahmadi",
    )
    dam = library_image(
        "dam.jpg", size=(1600, 1000), title="Salma dam", alt_text="The dam", caption="At dusk"
    )
    article = Article.objects.filter(status=Article.Status.DRAFT).first()
    edit_url = f"{newsroom.url}/admin/articles/article/{article.pk}/change/"
    page.goto(edit_url)
    editor = page.locator(".prose-editor [contenteditable=true].ProseMirror")
    editor.wait_for()

    # Featured image: open the chooser, search by keyboard, pick with Enter.
    field = page.locator(".image-chooser")
    field.get_by_role("button", name=re.compile("Choose")).click()
    dialog = page.locator("dialog.image-chooser-dialog[open]")
    dialog.locator(".chooser__item").first.wait_for()
    page.keyboard.type("market")
    page.keyboard.press("Enter")
    dialog.locator(f".chooser__item[data-id='{dam.pk}']").wait_for(state="detached")
    screenshot(page, "library-chooser-featured", full_page=False)
    item = dialog.locator(f".chooser__item[data-id='{market.pk}']")
    item.focus()
    page.keyboard.press("Enter")
    dialog.wait_for(state="detached")
    assert field.locator("input[type=hidden]").input_value() == str(market.pk)
    assert "Herat market" in field.locator(".image-chooser__preview").inner_text()
    # Focus is back on the button that opened the chooser.
    assert page.evaluate("document.activeElement.classList.contains('image-chooser__open')")

    # Body image: the button above the editor inserts the figure where the cursor is.
    editor.click()
    page.keyboard.press("Control+End")
    page.get_by_role("button", name="Insert image from the library").click()
    dialog.locator(f".chooser__item[data-id='{dam.pk}']").click()
    dialog.wait_for(state="detached")
    editor.locator(f"figure img[src='{dam.src}']").wait_for()
    assert page.url == edit_url

    page.locator(".workflow-row button[value=draft]").first.click()
    page.wait_for_selector(".messagelist .success")
    article.refresh_from_db()
    assert article.featured_image == market
    assert dam.srcset() in article.body and "At dusk" in article.body
    assert dam.file.name not in article.body


def test_an_image_uploaded_inside_the_chooser_becomes_the_featured_image(newsroom, editor_page, tmp_path):
    page = editor_page
    article = Article.objects.filter(status=Article.Status.DRAFT).first()
    page.goto(f"{newsroom.url}/admin/articles/article/{article.pk}/change/")
    page.locator(".image-chooser").get_by_role("button", name=re.compile("Choose")).click()
    dialog = page.locator("dialog.image-chooser-dialog[open]")
    upload = dialog.locator("form.chooser__upload")
    upload.wait_for()
    photo = tmp_path / "kabul-river.jpg"
    photo.write_bytes(image_file(size=(1400, 900)).read())
    upload.locator("input[type=file]").set_input_files(str(photo))
    upload.get_by_label("Alt text").fill("The Kabul river in spring")
    upload.get_by_label("Credit").fill("Staff photographer")
    upload.get_by_role("button", name="Upload and choose").click()
    dialog.wait_for(state="detached")
    image = LibraryImage.objects.get(alt_text="The Kabul river in spring")
    assert page.locator(".image-chooser input[type=hidden]").input_value() == str(image.pk)
    page.locator(".workflow-row button[value=draft]").first.click()
    page.wait_for_selector(".messagelist .success")
    article.refresh_from_db()
    assert article.featured_image == image and image.credit == "Staff photographer"


@pytest.fixture
def journalist_page(transactional_db, live_server, page):
    """A phone-sized page logged in as a journalist with a byline, under the strict CSP."""
    roles.sync_roles(django_apps)  # a transactional test starts from a flushed database
    user = UserFactory(username="e2e-journalist", first_name="Nadia", last_name="Karimi", is_staff=True)
    user.groups.add(Group.objects.get(name=roles.JOURNALIST))
    AuthorFactory(name="Nadia Karimi", user=user)
    CategoryFactory(name="Economy", slug="economy")
    ArticleFactory(tags=["cabinet", "cable cars"])

    def with_csp(route):
        if route.request.resource_type != "document":
            route.fallback()
            return
        response = route.fetch(max_redirects=0)
        route.fulfill(response=response, headers={**response.headers, "content-security-policy": STRICT_CSP})

    page.route(re.compile(re.escape(live_server.url) + ".*"), with_csp)
    page.goto(live_server.url + "/admin/login/")
    page.fill("#id_username", "e2e-journalist")
    page.fill("#id_password", "password")
    page.click("input[type=submit]")
    page.wait_for_url("**/admin/")
    yield page
    page.unroute_all(behavior="ignoreErrors")


def test_journalist_writes_and_submits_a_piece_on_a_phone(live_server, journalist_page, screenshot):
    page = journalist_page
    page.goto(live_server.url + "/admin/articles/article/add/")
    page.locator(".prose-editor [contenteditable=true].ProseMirror").wait_for()
    page.fill("#id_title", "Bread prices in Kabul")
    page.locator("#id_dek").click()
    assert page.input_value("#id_slug") == "bread-prices-in-kabul"  # filled from the title
    page.locator(".prose-editor [contenteditable=true].ProseMirror").click()
    page.keyboard.type("The price of a loaf doubled since spring.")

    tags = page.locator("input[name=tags]")
    tags.fill("bread, cab")
    # (no wait_for_function: the strict CSP forbids the eval it relies on)
    page.locator("#tag-suggestions option").nth(1).wait_for(state="attached")
    options = page.locator("#tag-suggestions option").evaluate_all("els => els.map(e => e.value)")
    assert sorted(options) == ["bread, cabinet", "bread, cable cars"]
    tags.fill("bread, cabinet")

    buttons = page.locator(".workflow-row button[name=_workflow]").all_inner_texts()
    assert buttons == ["Save draft", "Submit for review"]  # no publishing for a journalist
    # The byline row (author, position, delete) fits the phone's width.
    width = page.evaluate("document.documentElement.clientWidth")
    rights = page.locator("#bylines-group tr.form-row td").evaluate_all(
        "cells => cells.map(cell => cell.getBoundingClientRect().right)"
    )
    assert rights and max(rights) <= width, (rights, width)
    screenshot(page, "admin-journalist-add-375")
    page.locator(".workflow-row button[value=review]").first.click()
    page.wait_for_selector(".messagelist .success")
    article = Article.objects.get(slug="bread-prices-in-kabul")
    assert article.status == Article.Status.REVIEW
    assert [a.name for a in article.ordered_authors()] == ["Nadia Karimi"]
    assert sorted(article.tags.names()) == ["bread", "cabinet"]
    assert "The price of a loaf doubled since spring." in article.body


def test_keys_on_a_selected_body_image_never_leave_an_empty_figure(newsroom, editor_page):
    """Enter or typing with a picture selected writes below it (as WordPress's editor does);
    Backspace removes the whole figure. Found by a journalist's trial: the picture lost its src."""
    page = editor_page
    dam = library_image(
        "dam.jpg", size=(1600, 1000), title="Salma dam", alt_text="The dam", caption="At dusk"
    )
    article = Article.objects.filter(status=Article.Status.DRAFT).first()
    article.body = "<p>Before the picture.</p>" + dam.figure_html() + "<p>After the picture.</p>"
    article.save()
    page.goto(f"{newsroom.url}/admin/articles/article/{article.pk}/change/")
    editor = page.locator(".prose-editor [contenteditable=true].ProseMirror")
    picture = editor.locator("figure img")

    picture.click()  # selects the picture
    page.keyboard.press("Enter")
    page.keyboard.type("Typed after Enter.")
    picture.click()
    page.keyboard.type("Typed over the picture.")
    assert editor.locator("figure img").count() == 1
    assert picture.get_attribute("src") == dam.src
    paragraphs = editor.locator("p").all_inner_texts()
    assert paragraphs.index("Typed over the picture.") < paragraphs.index("Typed after Enter.")
    assert paragraphs.index("Before the picture.") < paragraphs.index("Typed over the picture.")
    page.locator(".workflow-row button[value=draft]").first.click()
    page.wait_for_selector(".messagelist .success")
    article.refresh_from_db()
    assert article.body.count("<img") == 1 and dam.srcset() in article.body
    assert "Typed over the picture." in article.body and "At dusk" in article.body

    editor.locator("figure img").click()
    page.keyboard.press("Backspace")
    assert editor.locator("figure").count() == 0
    assert "At dusk" not in editor.inner_text()


def test_the_text_takes_the_direction_of_the_articles_language(newsroom, editor_page):
    """A Dari article written in the English admin reads right to left as it is typed."""
    page = editor_page
    article = Article.objects.filter(status=Article.Status.DRAFT).first()
    page.goto(f"{newsroom.url}/admin/articles/article/{article.pk}/change/")
    page.locator(".prose-editor [contenteditable=true].ProseMirror").wait_for()
    page.select_option("#id_language", "en")
    assert page.locator("#id_title").get_attribute("dir") == "ltr"
    page.select_option("#id_language", "fa")
    assert page.locator("#id_title").get_attribute("dir") == "rtl"
    assert page.locator(".prose-editor").get_attribute("dir") == "rtl"
    assert page.locator(".prose-editor").get_attribute("lang") == "fa"
    direction = page.evaluate("getComputedStyle(document.querySelector('.ProseMirror')).direction")
    assert direction == "rtl"
    assert page.evaluate("document.documentElement.dir") == "ltr"  # the admin itself stays English


def test_the_page_form_asks_before_unsaved_changes_are_left(newsroom, editor_page):
    from pages.models import Page

    page = editor_page
    about = Page.objects.first()
    url = f"{newsroom.url}/admin/pages/page/{about.pk}/change/"
    page.goto(url)
    page.locator(".prose-editor [contenteditable=true].ProseMirror").wait_for()
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.type), dialog.dismiss()))
    page.goto(f"{newsroom.url}/admin/")  # nothing changed: leaves without a word
    assert dialogs == []
    page.goto(url)
    page.locator(".prose-editor [contenteditable=true].ProseMirror").click()
    page.keyboard.type(" A sentence not saved yet.")
    page.evaluate("window.location.href = '/admin/'")
    page.wait_for_timeout(500)
    assert dialogs == ["beforeunload"]
    assert page.url == url  # stayed: the typing is still here
    page.locator("input[name=_save]").click()  # saving does not ask
    page.wait_for_selector(".messagelist .success")
    assert dialogs == ["beforeunload"]
