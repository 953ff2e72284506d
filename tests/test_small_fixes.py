"""Small things a user sees: the staff 403 page, the admin's title, search snippets, log lines."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

from articles.search import plain_text
from tests.factories import ArticleFactory
from tests.test_html import parse_strictly

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.django_db
def test_staff_refused_a_page_get_the_site_page_with_a_way_back(client, journalist):
    client.force_login(journalist)
    response = client.get(reverse("admin:auth_user_changelist"))
    assert response.status_code == 403
    html = response.content.decode()
    assert '<html lang="en" dir="ltr"' in html and 'class="error-page"' in html
    assert "You do not have permission to see this page" in html
    assert f'href="{reverse("admin:index")}"' in html
    parse_strictly(response.content)  # raises on any parse error
    client.cookies["django_language"] = "fa"
    persian = client.get(reverse("admin:auth_user_changelist"))
    assert persian.status_code == 403
    root = parse_strictly(persian.content)
    root = root if root.tag == "html" else root.find("html")
    assert (root.get("lang"), root.get("dir")) == ("fa", "rtl")
    assert "اجازهٔ دیدن این صفحه را ندارید" in persian.content.decode()


@pytest.mark.django_db
def test_the_admin_title_names_the_page_and_the_site_once_each(client, editor, settings):
    client.force_login(editor)
    html = client.get(reverse("admin:index")).content.decode()
    title = html.split("<title>", 1)[1].split("</title>", 1)[0]
    assert title == f"Dashboard | {settings.NEWSROOM_SITE_NAME} newsroom"


def test_search_snippets_keep_paragraphs_apart():
    article = ArticleFactory.build(
        dek="",
        body="<p>The river fell to its lowest point.</p><p>Wafa met the farmers.</p><ul><li>a<li>b</ul>",
    )
    assert plain_text(article) == "… The river fell to its lowest point. Wafa met the farmers. a b"


def test_a_django_log_line_is_printed_once():
    code = (
        "import django, logging; django.setup(); "
        "logging.getLogger('django.request').warning('one-line-marker')"
    )
    env = {**os.environ, "DEBUG": "1", "DJANGO_SETTINGS_MODULE": "newsroom.settings"}
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True)
    assert (result.stdout + result.stderr).count("one-line-marker") == 1, result.stderr


@pytest.mark.django_db
def test_the_bench_floor_makes_the_lookups_asked_for_and_no_more(rf, django_assert_num_queries):
    from newsroom.views import bench_floor

    with django_assert_num_queries(9):  # no article yet: nothing to load, no error either
        assert bench_floor(rf.get("/_bench/floor/", {"lookups": "9"})).content == b"floor"
    ArticleFactory()
    with django_assert_num_queries(9):
        assert bench_floor(rf.get("/_bench/floor/", {"lookups": "9"})).content == b"floor"
    for asked in ("", "x", "-1", "999999"):  # nonsense, or more than the bench's pages make
        with django_assert_num_queries(0):
            bench_floor(rf.get("/_bench/floor/", {"lookups": asked}))
