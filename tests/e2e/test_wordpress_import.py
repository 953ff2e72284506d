"""An imported WordPress site in a real browser: pictures, galleries, cards and players load from
this site under the Content-Security-Policy, nothing is wider than the window, axe is content."""

import io

import pytest
from django.core.management import call_command

from articles.models import Article
from tests.wordpress.conftest import FIXTURES
from tests.wordpress.media import write_uploads
from wordpress.models import ImportedObject

ROOT_SHOTS = FIXTURES.parents[2] / "docs" / "screenshots"


@pytest.fixture
def imported_site(transactional_db, live_server, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    uploads = write_uploads(tmp_path / "uploads")
    call_command(
        "import_wordpress", str(FIXTURES / "moving.xml"), media_dir=str(uploads), stdout=io.StringIO()
    )
    return live_server


def url_of(wp_id: int) -> str:
    row = ImportedObject.objects.get(kind="post", wp_key=str(wp_id))
    return Article.objects.get(pk=row.object_id).get_absolute_url()


@pytest.mark.parametrize("width", [375, 1280])
def test_imported_pages_load_everything_from_here_and_fit_the_window(imported_site, browser, axe, width):
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    errors = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    foreign = []
    page.on(
        "request", lambda request: request.url.startswith(imported_site.url) or foreign.append(request.url)
    )
    for path in [url_of(401), url_of(402), url_of(404), "/about/staff/"]:
        page.goto(imported_site.url + path)
        page.wait_for_load_state("load")
        assert errors == [], (path, errors)  # a CSP violation or a missing file is logged as an error
        broken = page.evaluate(
            "[...document.images].filter(i => i.loading !== 'lazy' && !(i.complete && i.naturalWidth)).length"
        )
        assert broken == 0, path
        assert page.evaluate("document.documentElement.scrollWidth") <= width, path
        assert axe(page) == [], path
    assert foreign == []  # no request to YouTube, X or the old site
    context.close()


def test_screenshots_of_an_imported_post(imported_site, browser):
    """For a person to look at: the gallery grid, the embed cards and the players (docs/screenshots/)."""
    ROOT_SHOTS.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(imported_site.url + url_of(402))
    page.wait_for_load_state("load")
    page.evaluate("document.querySelectorAll('img[loading=lazy]').forEach(i => i.loading = 'eager')")
    page.wait_for_timeout(300)
    page.locator("article").first.screenshot(path=str(ROOT_SHOTS / "wordpress-import-block-post-1280.png"))
    page.goto(imported_site.url + url_of(404))
    page.screenshot(path=str(ROOT_SHOTS / "wordpress-import-long-title-1280.png"))
    context.close()
