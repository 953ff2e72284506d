"""An article and its translations: hreflang, sitemap alternates, JSON-LD, the switcher."""

import json
import re

import pytest
from django.core.exceptions import ValidationError

from tests.factories import ArticleFactory

HOST = "http://testserver"


@pytest.fixture
def story(db):
    english = ArticleFactory(title="Eight provinces, one budget", language="en", slug="budget")
    dari = ArticleFactory(
        title="هشت ولایت، یک بودجه", language="fa", slug="budget-fa", translation_of=english
    )
    pashto = ArticleFactory(
        title="اته ولایتونه، یوه بودیجه", language="ps", slug="budget-ps", translation_of=english
    )
    return english, dari, pashto


def hreflangs(html: str) -> dict[str, str]:
    return dict(re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', html))


@pytest.mark.django_db
def test_hreflang_alternates_both_ways(client, story):
    english, dari, pashto = story
    expected = {
        "en": HOST + english.get_absolute_url(),
        "fa": HOST + dari.get_absolute_url(),
        "ps": HOST + pashto.get_absolute_url(),
        "x-default": HOST + english.get_absolute_url(),
    }
    for article in story:  # from the original to its translations and back
        assert hreflangs(client.get(article.get_absolute_url()).content.decode()) == expected


def also_in(html: str) -> list[tuple[str, str, str]]:
    found = re.search(r'<p class="other-versions">(.*?)</p>', html, re.S)
    return (
        re.findall(
            r'<a href="([^"]+)" hreflang="([^"]+)" lang="[^"]+" dir="[^"]+">([^<]+)</a>', found.group(1)
        )
        if found
        else []
    )


@pytest.mark.django_db
def test_each_version_links_to_the_others_in_sight_whatever_the_interface(client, story):
    """A Dari reader on the English story has no Dari button to press (Dari is current): the links are."""
    english, dari, pashto = story
    client.cookies["django_language"] = "fa"
    assert also_in(client.get(english.get_absolute_url()).text) == [
        (dari.get_absolute_url(), "fa", "دری"),
        (pashto.get_absolute_url(), "ps", "پښتو"),
    ]
    assert [code for _url, code, _name in also_in(client.get(dari.get_absolute_url()).text)] == ["en", "ps"]


@pytest.mark.django_db
def test_a_story_in_one_language_has_no_hreflang_and_drafts_are_not_offered(client):
    english = ArticleFactory(language="en")
    ArticleFactory(language="fa", translation_of=english, status="draft", publish_at=None)
    html = client.get(english.get_absolute_url()).content.decode()
    assert hreflangs(html) == {} and also_in(html) == []


@pytest.mark.django_db
def test_a_new_translation_shows_on_the_cached_original_at_once(client):
    english = ArticleFactory(language="en")
    client.get(english.get_absolute_url())
    dari = ArticleFactory(language="fa", translation_of=english)
    html = client.get(english.get_absolute_url()).content.decode()
    assert hreflangs(html)["fa"] == HOST + dari.get_absolute_url()


@pytest.mark.django_db
def test_the_sitemap_lists_translations_as_xhtml_alternates(client, story):
    english, dari, pashto = story
    lonely = ArticleFactory(language="en")
    xml = client.get("/sitemap.xml").content.decode()
    for article in story:
        entry = re.search(rf"<url><loc>{HOST}{article.get_absolute_url()}</loc>.*?</url>", xml, re.S)
        assert entry, article
        for other, language in [(english, "en"), (dari, "fa"), (pashto, "ps"), (english, "x-default")]:
            link = (
                f'<xhtml:link rel="alternate" hreflang="{language}" href="{HOST}{other.get_absolute_url()}"/>'
            )
            assert link in entry.group(), (article, language)
    alone = re.search(rf"<url><loc>{HOST}{lonely.get_absolute_url()}</loc>.*?</url>", xml, re.S)
    assert "xhtml:link" not in alone.group()
    assert 'xmlns:xhtml="http://www.w3.org/1999/xhtml"' in xml


@pytest.mark.django_db
def test_json_ld_names_language_and_translations(client, story):
    english, dari, _pashto = story

    def news_article(article):
        html = client.get(article.get_absolute_url()).content.decode()
        blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
        return next(d for d in map(json.loads, blocks) if d["@type"] == "NewsArticle")

    original = news_article(english)
    assert original["inLanguage"] == "en"
    assert {work["inLanguage"] for work in original["workTranslation"]} == {"fa", "ps"}
    translated = news_article(dari)
    assert translated["inLanguage"] == "fa"
    assert translated["translationOfWork"]["url"] == HOST + english.get_absolute_url()
    assert "workTranslation" not in translated


@pytest.mark.django_db
@pytest.mark.parametrize("language, lands_on", [("fa", 1), ("ps", 2)])
def test_the_switcher_on_an_article_lands_on_its_translation(client, story, language, lands_on):
    english = story[0]
    html = client.get(english.get_absolute_url()).content.decode()
    target = story[lands_on].get_absolute_url()
    assert f'<input name="next_{language}" type="hidden" value="{target}">' in html
    response = client.post(
        "/i18n/setlang/",
        {"language": language, "next": english.get_absolute_url(), f"next_{language}": target},
    )
    assert response.status_code == 302 and response["Location"] == target
    page = client.get(target).content.decode()
    assert f'<html lang="{language}" dir="rtl">' in page


@pytest.mark.django_db
def test_the_switcher_keeps_the_page_without_a_translation_and_refuses_other_sites(client, story):
    english = story[0]
    response = client.post("/i18n/setlang/", {"language": "en", "next": english.get_absolute_url()})
    assert response["Location"] == english.get_absolute_url()
    response = client.post(
        "/i18n/setlang/", {"language": "fa", "next": "/", "next_fa": "https://evil.example/"}
    )
    assert response["Location"] == "/"


@pytest.mark.django_db
def test_translation_links_are_one_level_and_one_per_language(story):
    english, dari, _pashto = story
    another = ArticleFactory(language="ps")
    another.translation_of = dari  # a translation of a translation → of the original
    with pytest.raises(ValidationError, match="already has an article in this language"):
        another.full_clean()
    assert another.translation_of == english
    another.language = "en"
    with pytest.raises(ValidationError, match="already has an article in this language"):
        another.full_clean()
    english.translation_of = ArticleFactory()
    with pytest.raises(ValidationError, match="itself an original"):
        english.full_clean()
