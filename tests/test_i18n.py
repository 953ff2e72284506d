"""The interface in Persian (Dari): complete catalogue, switcher, dates, direction."""

import gettext
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone

from tests.factories import ArticleFactory, CategoryFactory

PO = Path(settings.BASE_DIR) / "locale" / "fa" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")


def compile_po(tmp_path) -> tuple[Path, str]:
    if not shutil.which("msgfmt"):
        pytest.fail("msgfmt not found: `make install` installs gettext.")
    out = tmp_path / "django.mo"
    result = subprocess.run(
        ["msgfmt", "--check", "--statistics", "-o", str(out), str(PO)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    return out, result.stderr


def test_every_persian_string_is_translated_and_none_is_fuzzy(tmp_path):
    _mo, statistics = compile_po(tmp_path)
    assert "untranslated" not in statistics and "fuzzy" not in statistics, statistics


def test_the_committed_mo_matches_the_po(tmp_path):
    """A fresh clone works without gettext only if the .mo is compiled from the current .po."""
    fresh, _ = compile_po(tmp_path)
    with fresh.open("rb") as a, MO.open("rb") as b:
        assert gettext.GNUTranslations(a)._catalog == gettext.GNUTranslations(b)._catalog, (
            "locale/fa/LC_MESSAGES/django.mo is stale: run `make messages` and commit it"
        )


@pytest.fixture
def article(db):
    category = CategoryFactory(slug="region", name="Region")
    return ArticleFactory(primary_category=category, categories=[category], tags=["wheat"])


@pytest.mark.django_db
def test_pages_in_dari_are_translated_right_to_left_with_afghan_dates(client, article):
    from newsroom.calendars import MONTH_NAMES, solar_hijri

    client.cookies["django_language"] = "fa"
    for url in ["/", article.get_absolute_url(), "/category/region/", "/tag/wheat/"]:
        html = client.get(url).content.decode()
        assert '<html lang="fa" dir="rtl">' in html, url
        assert "رفتن به محتوا" in html and "Skip to content" not in html, url
        assert "بازگشت به بالا" in html and "Back to top" not in html, url
    html = client.get(article.get_absolute_url()).content.decode()
    _year, month, _day = solar_hijri(timezone.localdate(article.publish_at))
    assert MONTH_NAMES["fa"][month - 1] in html
    assert article.publish_at.strftime("%B") not in html  # no English month name left


@pytest.mark.django_db
def test_language_switcher_sets_the_language_and_returns_to_the_same_page(client, article):
    response = client.get("/category/region/")
    html = response.content.decode()
    assert 'action="/i18n/setlang/"' in html
    assert '<button type="submit" name="language" value="fa" lang="fa" dir="rtl">دری</button>' in html
    assert 'aria-current="true">English</span>' in html

    response = client.post("/i18n/setlang/", {"language": "fa", "next": "/category/region/"})
    assert response.status_code == 302 and response["Location"] == "/category/region/"
    html = client.get("/category/region/").content.decode()
    assert 'dir="rtl"' in html and 'aria-current="true">دری</span>' in html


@pytest.mark.django_db
def test_language_switcher_refuses_to_send_the_reader_to_another_site(client, article):
    response = client.post("/i18n/setlang/", {"language": "fa", "next": "https://evil.example/"})
    assert response["Location"] == "/"


@pytest.mark.django_db
def test_an_article_in_another_language_carries_lang_and_dir_on_its_own_words(client):
    article = ArticleFactory(title="قیمت آرد", dek="بازار کابل", language="fa")
    html = client.get(article.get_absolute_url()).content.decode()
    assert '<h1 class="article__title" lang="fa" dir="rtl">قیمت آرد</h1>' in html
    assert '<div class="article__body prose" lang="fa" dir="rtl">' in html
    home = client.get("/").content.decode()
    assert 'lang="fa" dir="rtl">قیمت آرد</a>' in home

    client.cookies["django_language"] = "fa"
    html = client.get(article.get_absolute_url()).content.decode()
    assert '<h1 class="article__title">قیمت آرد</h1>' in html  # same language as the page: no markup


@pytest.mark.django_db
def test_switcher_offers_english_dari_and_pashto_each_in_its_own_name(client, article):
    html = client.get("/").content.decode()
    assert 'aria-current="true">English</span>' in html
    assert '<button type="submit" name="language" value="fa" lang="fa" dir="rtl">دری</button>' in html
    assert '<button type="submit" name="language" value="ps" lang="ps" dir="rtl">پښتو</button>' in html


def test_pashto_text_runs_right_to_left():
    from articles.templatetags.languages import text_direction

    assert [text_direction(code) for code in ("ps", "fa", "en", "fa-af")] == ["rtl", "rtl", "ltr", "rtl"]


@pytest.mark.django_db
def test_switcher_needs_no_csrf_token_so_pages_stay_cacheable(article):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    page = client.get("/category/region/")
    assert b"csrfmiddlewaretoken" not in page.content
    assert "private" not in page.get("Cache-Control", "")
    response = client.post("/i18n/setlang/", {"language": "fa", "next": "/category/region/"})
    assert response.status_code == 302
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "fa"


def test_the_admin_header_follows_the_language(settings):
    from django.contrib import admin
    from django.utils import translation

    with translation.override("en"):
        english = str(admin.site.site_header)
    with translation.override("fa"):
        persian = str(admin.site.site_header)
    assert english == f"{settings.NEWSROOM_SITE_NAME} newsroom"
    assert persian != english and settings.NEWSROOM_SITE_NAME in persian
