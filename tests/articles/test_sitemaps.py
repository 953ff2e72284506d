"""Sitemaps, the Google News sitemap and robots.txt."""

import datetime
import xml.etree.ElementTree as ET
from urllib.parse import urlsplit

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Article, Masthead
from tests.factories import ArticleFactory, AuthorFactory, CategoryFactory

SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
NEWS = "{http://www.google.com/schemas/sitemap-news/0.9}"


@pytest.fixture
def site(db):
    region = CategoryFactory(slug="region")
    fresh = ArticleFactory(
        title="Fresh & new", tags=["wheat"], authors=[AuthorFactory(slug="mariam")], language="en"
    )
    persian = ArticleFactory(title="قیمت آرد", language="fa", slug="قیمت-آرد")
    old = ArticleFactory(
        title="Old", publish_at=timezone.now() - datetime.timedelta(days=5), categories=[region]
    )
    draft = ArticleFactory(
        title="Draft",
        status=Article.Status.DRAFT,
        tags=["secret-tag"],
        authors=[AuthorFactory(slug="hidden")],
    )
    scheduled = ArticleFactory(title="Later", publish_at=timezone.now() + datetime.timedelta(hours=3))
    return {"fresh": fresh, "persian": persian, "old": old, "draft": draft, "scheduled": scheduled}


def locations(content: bytes) -> list[str]:
    root = ET.fromstring(content)
    return [loc.text for loc in root.iter(f"{SM}loc")]


def path(url: str) -> str:
    return urlsplit(url).path


@pytest.mark.django_db
def test_sitemap_lists_readable_articles_with_lastmod_and_every_url_answers(client, site):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    root = ET.fromstring(response.content)
    assert root.tag == f"{SM}urlset"
    urls = {path(u.findtext(f"{SM}loc")): u for u in root.findall(f"{SM}url")}
    for key in ("fresh", "persian", "old"):
        entry = urls[site[key].get_absolute_url()]
        assert entry.findtext(f"{SM}lastmod"), key
    for key in ("draft", "scheduled"):
        assert site[key].get_absolute_url() not in urls
    assert "/category/region/" in urls
    assert "/tag/wheat/" in urls and "/tag/secret-tag/" not in urls
    assert "/author/mariam/" in urls and "/author/hidden/" not in urls
    for url in urls:
        assert client.get(url).status_code == 200, url


@pytest.mark.django_db
def test_large_sitemap_becomes_an_index_of_pages(client, site, settings):
    settings.NEWSROOM_SITEMAP_LIMIT = 2
    root = ET.fromstring(client.get("/sitemap.xml").content)
    assert root.tag == f"{SM}sitemapindex"
    pages = [
        path(loc) + ("?" + urlsplit(loc).query if urlsplit(loc).query else "")
        for loc in locations(client.get("/sitemap.xml").content)
    ]
    assert "/sitemap-articles.xml" in pages and "/sitemap-articles.xml?p=2" in pages
    listed = []
    for page in pages:
        response = client.get(page)
        assert response.status_code == 200, page
        listed += [path(loc) for loc in locations(response.content)]
    assert site["fresh"].get_absolute_url() in listed
    assert site["old"].get_absolute_url() in listed
    assert site["draft"].get_absolute_url() not in listed


@pytest.mark.django_db
def test_news_sitemap_has_google_news_elements_for_the_last_two_days(client, site):
    response = client.get("/news-sitemap.xml")
    assert response.status_code == 200
    root = ET.fromstring(response.content)
    assert root.tag == f"{SM}urlset"
    entries = {path(u.findtext(f"{SM}loc")): u for u in root.findall(f"{SM}url")}
    assert set(entries) == {site["fresh"].get_absolute_url(), site["persian"].get_absolute_url()}
    fresh = entries[site["fresh"].get_absolute_url()].find(f"{NEWS}news")
    assert fresh.findtext(f"{NEWS}publication/{NEWS}name") == "Kabul Analysis Desk"
    assert fresh.findtext(f"{NEWS}publication/{NEWS}language") == "en"
    assert fresh.findtext(f"{NEWS}title") == "Fresh & new"
    published = datetime.datetime.fromisoformat(fresh.findtext(f"{NEWS}publication_date"))
    assert published.tzinfo is not None
    assert abs(published - site["fresh"].publish_at) < datetime.timedelta(seconds=1)
    persian = entries[site["persian"].get_absolute_url()].find(f"{NEWS}news")
    assert persian.findtext(f"{NEWS}publication/{NEWS}language") == "fa"
    for url in entries:
        assert client.get(url).status_code == 200


@pytest.mark.django_db
def test_news_sitemap_stops_at_one_thousand(client, monkeypatch):
    from articles import sitemaps

    monkeypatch.setattr(sitemaps, "NEWS_LIMIT", 3)
    for _ in range(5):
        ArticleFactory()
    assert len(locations(client.get("/news-sitemap.xml").content)) == 3


@pytest.mark.django_db
def test_robots_txt_names_both_sitemaps(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    text = response.content.decode()
    assert "Sitemap: http://testserver/sitemap.xml" in text
    assert "Sitemap: http://testserver/news-sitemap.xml" in text
    assert "Disallow: /admin/" in text


@pytest.mark.django_db
def test_sitemap_query_counts_are_fixed_as_the_archive_grows(client):
    def counts():
        # What every page reads once and then remembers (the site's name, the
        # next scheduled time) is read here first, for both counts alike.
        client.get("/")
        found = []
        for url in ["/sitemap.xml", "/news-sitemap.xml", "/sitemap-articles.xml", "/sitemap-tags.xml"]:
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200
            found.append(len(queries))
        return found

    Masthead.names()  # the site's name: read once by the first page that shows it, then kept
    ArticleFactory(tags=["a"])
    small = counts()
    for n in range(15):
        ArticleFactory(tags=["a", f"t{n}"], authors=[AuthorFactory(), AuthorFactory()])
    assert counts() == small
