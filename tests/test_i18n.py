"""The interface in Dari and Pashto: complete catalogues, switcher, dates, direction."""

import gettext
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone

from tests.factories import ArticleFactory, CategoryFactory, ReplyFactory

LOCALE = Path(settings.BASE_DIR) / "locale"
CATALOGUES = ["fa", "ps"]


def po_path(language: str) -> Path:
    return LOCALE / language / "LC_MESSAGES" / "django.po"


def compile_po(tmp_path, language: str) -> tuple[Path, str]:
    if not shutil.which("msgfmt"):
        pytest.fail("msgfmt not found: `make install` installs gettext.")
    out = tmp_path / f"{language}.mo"
    result = subprocess.run(
        ["msgfmt", "--check", "--statistics", "-o", str(out), str(po_path(language))],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    return out, result.stderr


def entries_lacking_translation(language: str) -> list[str]:
    """The msgids of untranslated and fuzzy entries (with their source lines), for the failure message."""
    found = []
    for option in ("--untranslated", "--only-fuzzy"):
        result = subprocess.run(
            ["msgattrib", option, "--no-obsolete", "--no-wrap", str(po_path(language))],
            capture_output=True,
            text=True,
            check=True,
        )
        kind = "untranslated" if option == "--untranslated" else "fuzzy"
        for block in result.stdout.split("\n\n"):
            msgid = re.search(r'^msgid "(.+)"$', block, re.M)
            if msgid:
                where = " ".join(re.findall(r"^#: (.+)$", block, re.M))
                found.append(f"{kind}: {msgid.group(1)!r} ({where})")
    return found


@pytest.mark.parametrize("language", CATALOGUES)
def test_every_interface_string_is_translated_and_none_is_fuzzy(tmp_path, language):
    """Run `make messages` after adding strings, then translate each one this names in locale/<language>."""
    _mo, statistics = compile_po(tmp_path, language)
    missing = entries_lacking_translation(language)
    assert not missing, f"locale/{language}/LC_MESSAGES/django.po lacks translations:\n" + "\n".join(missing)
    assert "untranslated" not in statistics and "fuzzy" not in statistics, statistics


@pytest.mark.parametrize("language", CATALOGUES)
def test_the_committed_mo_matches_the_po(tmp_path, language):
    """A fresh clone works without gettext only if the .mo is compiled from the current .po."""
    fresh, _ = compile_po(tmp_path, language)
    with fresh.open("rb") as a, po_path(language).with_suffix(".mo").open("rb") as b:
        assert gettext.GNUTranslations(a)._catalog == gettext.GNUTranslations(b)._catalog, (
            f"locale/{language}/LC_MESSAGES/django.mo is stale: run `make messages` and commit it"
        )


def test_the_check_names_the_string_that_lacks_a_translation(tmp_path, monkeypatch):
    """The failure message says which string, so whoever added it knows what to translate."""
    po = tmp_path / "ps" / "LC_MESSAGES" / "django.po"
    po.parent.mkdir(parents=True)
    po.write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        '#: templates/base.html:3\nmsgid "Skip to content"\nmsgstr "منځپانګې ته تلل"\n\n'
        '#: templates/new.html:7\nmsgid "A brand new string"\nmsgstr ""\n\n'
        '#: templates/new.html:9\n#, fuzzy\nmsgid "Half done"\nmsgstr "نیمګړی"\n',
        encoding="utf-8",
    )
    monkeypatch.setattr(__name__ + ".LOCALE", tmp_path)
    assert entries_lacking_translation("ps") == [
        "untranslated: 'A brand new string' (templates/new.html:7)",
        "fuzzy: 'Half done' (templates/new.html:9)",
    ]


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
@pytest.mark.parametrize("language, two, three", [("fa", "۲", "۳"), ("ps", "۲", "۳"), ("en", "2", "3")])
def test_counts_and_page_numbers_use_the_interfaces_digits(client, settings, article, language, two, three):
    """Dari and Pashto pages write numbers as they are printed in Afghanistan, English keeps 0–9."""
    for _ in range(3):
        ReplyFactory(article=article)
    for _ in range(settings.NEWSROOM_PAGE_SIZE):  # a second page
        ArticleFactory(categories=[article.primary_category], primary_category=article.primary_category)
    client.cookies["django_language"] = language
    heading = re.search(
        r'<h2 id="replies-title"[^>]*>([^<]*)</h2>', client.get(article.get_absolute_url()).text
    )
    assert three in heading.group(1) and (language == "en" or "3" not in heading.group(1))
    listing = client.get("/category/region/?page=2").text
    current = re.search(r'<span class="pagination__current">([^<]*)</span>', listing).group(1)
    assert two in current and (language == "en" or not re.search("[0-9]", current))
    card_count = re.search(r'<p class="card__replies"><a [^>]*>([^<]*)</a>', listing).group(1)  # the oldest
    assert three in card_count


@pytest.mark.django_db
@pytest.mark.parametrize(
    "language, sentence",
    [("en", r"By <a .*?</a></p>"), ("fa", r"نوشتهٔ <a .*?</a></p>"), ("ps", r"د <a .*?</a> له خوا</p>")],
)
def test_the_byline_is_one_sentence_each_language_orders(client, article, language, sentence):
    """Pashto puts its words around the names (د … له خوا), Dari and English before them."""
    client.cookies["django_language"] = language
    byline = re.search(r'<p class="byline">(.*?</p>)', client.get(article.get_absolute_url()).text, re.S)
    assert re.fullmatch(sentence, byline.group(1), re.S), byline.group(1)


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
    card_title = r'<h([23]) class="card__title[^"]*" lang="fa" dir="rtl"><a href="[^"]+">قیمت آرد</a></h\1>'
    assert re.search(card_title, home)

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


@pytest.mark.django_db
def test_the_admin_header_follows_the_language(settings):
    from django.contrib import admin
    from django.utils import translation

    with translation.override("en"):
        english = str(admin.site.site_header)
    with translation.override("fa"):
        persian = str(admin.site.site_header)
    assert english == f"{settings.NEWSROOM_SITE_NAME} newsroom"
    assert persian != english and settings.NEWSROOM_SITE_NAME in persian


@pytest.mark.django_db
def test_the_admin_header_names_the_site_as_its_readers_do(client, editor):
    from articles.models import Masthead

    Masthead.objects.create(
        name="Kabul Analysis Desk", name_fa="میز تحلیل کابل", name_ps="د کابل د تحلیل مېز"
    )
    client.force_login(editor)
    html = client.get("/admin/", HTTP_ACCEPT_LANGUAGE="fa").content.decode()
    assert "میز تحلیل کابل" in html and "Kabul Analysis Desk" not in html


@pytest.mark.django_db
def test_the_dari_admin_names_tags_and_bylines_in_dari(client, editor):
    from articles.models import Byline

    assert str(Byline._meta.get_field("author").verbose_name) == "author"
    client.force_login(editor)
    html = client.get("/admin/", HTTP_ACCEPT_LANGUAGE="fa").content.decode()
    assert "Taggit" not in html and "TAGGIT" not in html


@pytest.mark.django_db
def test_the_dari_admin_shows_dates_in_the_solar_hijri_calendar(client, editor, moderator):
    from comments.models import Reply
    from newsroom import calendars
    from tests.factories import ArticleFactory, ReplyFactory

    article = ArticleFactory(title="Wheat prices")
    ReplyFactory(article=article, status=Reply.Status.PENDING)
    client.force_login(editor)
    html = client.get("/admin/articles/article/", HTTP_ACCEPT_LANGUAGE="fa").content.decode()
    assert calendars.local_date(article.publish_at, "DATETIME", "fa") in html
    client.force_login(moderator)
    html = client.get("/admin/comments/reply/", HTTP_ACCEPT_LANGUAGE="fa").content.decode()
    assert "۱۴۰" in html  # a Solar Hijri year (1400s) in Dari digits
