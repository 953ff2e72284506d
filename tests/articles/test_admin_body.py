"""The body as saved through the admin: dangerous markup never survives.

Posted as the editor's form would post it, then read back from the database
and from the published page.
"""

import re

import pytest
from django.urls import reverse

from articles.models import Article
from tests.factories import ArticleFactory

from .admin_forms import change_form_data

pytestmark = pytest.mark.django_db

HOSTILE = (
    "<h2>Kabul at night</h2>"
    "<p>Intro <strong>bold</strong> <em>italic</em> "
    '<a href="https://example.org/report" title="report">a link</a> '
    '<a href="javascript:alert(1)">bad link</a> '
    '<a href="JaVaScRiPt:alert(2)">mixed case</a></p>'
    "<script>alert('xss')</script>"
    '<img src="x" onerror="alert(3)" alt="pic">'
    '<p onclick="steal()" style="color:red">styled</p>'
    '<iframe src="https://evil.example/"></iframe>'
    "<blockquote>A quote</blockquote>"
    "<ul><li>one</li><li>two</li></ul>"
    '<svg onload="alert(4)"><circle r="1"></circle></svg>'
    '<a href="data:text/html;base64,PHNjcmlwdD4=">data url</a>'
)

FORBIDDEN = [
    "<script",
    "onerror",
    "onclick",
    "javascript:",
    "<iframe",
    "style=",
    "<svg",
    "onload",
    "data:text",
]
KEPT = [
    "<h2>Kabul at night</h2>",
    "<strong>bold</strong>",
    "<em>italic</em>",
    'href="https://example.org/report"',
    "<blockquote>A quote</blockquote>",
    "<ul><li>one</li><li>two</li></ul>",
    'alt="pic"',
]


def test_hostile_body_is_stored_and_shown_without_any_of_it(client, editor):
    article = ArticleFactory(body="<p>Old.</p>")
    url = reverse("admin:articles_article_change", args=[article.pk])
    client.force_login(editor)
    response = client.post(url, change_form_data(client.get(url), body=HOSTILE, _workflow="save"))
    assert response.status_code == 302

    stored = Article.objects.get(pk=article.pk).body
    page = client.get(article.get_absolute_url()).content.decode()
    body_html = page.split('class="article__body prose">', 1)[1].split("</div>", 1)[0]
    for html in (stored, body_html):
        lowered = html.lower()
        for bad in FORBIDDEN:
            assert bad not in lowered, (bad, html)
        for good in KEPT:
            assert good in html, (good, html)


def test_the_editor_widget_offers_only_what_the_sanitizer_keeps(client, editor):
    """Every tag the toolbar can produce survives a save: no silent loss."""
    from django_prose_editor.config import allowlist_from_extensions

    from articles.sanitize import ALLOWED_TAGS
    from articles.widgets import BODY_EXTENSIONS

    produced = allowlist_from_extensions(BODY_EXTENSIONS)["tags"]
    assert produced <= ALLOWED_TAGS, produced - ALLOWED_TAGS


def test_change_form_loads_the_editor_assets_without_inline_scripts(client, editor):
    article = ArticleFactory()
    client.force_login(editor)
    html = client.get(reverse("admin:articles_article_change", args=[article.pk])).content.decode()
    assert 'src="/static/js/article-editor.js" type="module"' in html
    assert "data-article-editor=" in html
    assert "django_prose_editor/editor.css" in html
    # No import map or other inline script: a strict CSP would refuse it.
    assert 'type="importmap"' not in html
    assert "<style" not in html
    inline = re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", html)
    assert inline == [], inline
