"""RSS 2.0 and Atom feeds: valid, complete, scoped, readable articles only, fixed cost."""

import datetime
import xml.etree.ElementTree as ET

import feedparser
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Article, Masthead
from tests.factories import ArticleFactory, AuthorFactory, CategoryFactory, library_image

RSS_URLS = ["/feed/", "/category/region/feed/", "/tag/wheat/feed/", "/author/mariam/feed/"]
ATOM_URLS = [url + "atom/" for url in RSS_URLS]
ATOM = "{http://www.w3.org/2005/Atom}"
MEDIA = "{http://search.yahoo.com/mrss/}"
DC = "{http://purl.org/dc/elements/1.1/}"


@pytest.fixture
def site(db):
    region = CategoryFactory(name="Region", slug="region")
    afghanistan = CategoryFactory(name="Afghanistan", slug="afghanistan", parent=region)
    mariam = AuthorFactory(name="Mariam Example", slug="mariam")
    second = AuthorFactory(name="Second Author")
    showcase = ArticleFactory(
        title="Wheat prices climb",
        dek="Traders blame the border.",
        body="<p>Full <strong>body</strong> text.</p>",
        primary_category=afghanistan,  # only in the subcategory: the Region feed still has it
        categories=[afghanistan],
        authors=[mariam, second],
        tags=["wheat", "trade"],
        featured_image=library_image(alt_text="A wheat field", credit="Photo desk"),
    )
    ArticleFactory(title="Draft about wheat", status=Article.Status.DRAFT, authors=[mariam], tags=["wheat"])
    ArticleFactory(
        title="Scheduled wheat piece",
        publish_at=timezone.now() + datetime.timedelta(days=1),
        authors=[mariam],
        categories=[region],
        tags=["wheat"],
    )
    return showcase


def parse(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo, (url, parsed.get("bozo_exception"))
    return response, parsed


@pytest.mark.django_db
@pytest.mark.parametrize("url", RSS_URLS + ATOM_URLS)
def test_every_feed_parses_cleanly_and_lists_only_readable_articles(client, site, url):
    _, parsed = parse(client, url)
    assert [entry.title for entry in parsed.entries] == ["Wheat prices climb"]
    entry = parsed.entries[0]
    assert entry.link == "http://testserver" + site.get_absolute_url()
    assert [a.name for a in entry.authors] == ["Mariam Example", "Second Author"]
    assert {t.term for t in entry.tags} == {"Afghanistan", "wheat", "trade"}
    assert entry.published_parsed
    if "atom" in url:
        assert "updated" in entry
    enclosures = [link for link in entry.links if link.rel == "enclosure"]
    assert enclosures and enclosures[0].href == "http://testserver" + site.featured_image.src
    assert parsed.feed.title and parsed.feed.link


@pytest.mark.django_db
def test_rss_document_has_the_required_elements(client, site):
    response = client.get("/feed/")
    assert response["Content-Type"].startswith("application/rss+xml")
    root = ET.fromstring(response.content)
    assert root.tag == "rss" and root.get("version") == "2.0"
    channel = root.find("channel")
    for name in ("title", "link", "description", "language", "lastBuildDate"):
        assert channel.findtext(name), name
    assert channel.find(f"{ATOM}link[@rel='self']").get("href") == "http://testserver/feed/"
    item = channel.find("item")
    for name in ("title", "link", "description", "guid", "pubDate"):
        assert item.findtext(name), name
    assert [e.text for e in item.findall(f"{DC}creator")] == ["Mariam Example", "Second Author"]
    assert {e.text for e in item.findall("category")} == {"Afghanistan", "wheat", "trade"}
    enclosure = item.find("enclosure")
    assert enclosure.get("type") == "image/jpeg" and enclosure.get("length") == "0"
    media = item.find(f"{MEDIA}content")
    # The size of the rendition linked (the middle of 480/800/1200), not of the upload.
    assert media.get("url").endswith("/800.jpg")
    assert media.get("medium") == "image" and media.get("width") == "800" and media.get("height") == "533"
    assert media.findtext(f"{MEDIA}description") == "A wheat field"
    assert "<strong>body</strong>" in item.findtext("description")


@pytest.mark.django_db
def test_atom_document_has_the_required_elements(client, site):
    response = client.get("/feed/atom/")
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)
    assert root.tag == f"{ATOM}feed"
    for name in ("id", "title", "updated"):
        assert root.findtext(f"{ATOM}{name}"), name
    assert root.find(f"{ATOM}link[@rel='self']").get("href") == "http://testserver/feed/atom/"
    entry = root.find(f"{ATOM}entry")
    for name in ("id", "title", "updated", "published", "summary", "content"):
        assert entry.findtext(f"{ATOM}{name}"), name
    assert [a.findtext(f"{ATOM}name") for a in entry.findall(f"{ATOM}author")] == [
        "Mariam Example",
        "Second Author",
    ]
    assert entry.find(f"{ATOM}author/{ATOM}uri").text == "http://testserver/author/mariam/"
    assert entry.findtext(f"{ATOM}summary") == "Traders blame the border."
    assert entry.find(f"{ATOM}link[@rel='enclosure']") is not None


@pytest.mark.django_db
def test_dek_only_by_setting(client, site, settings):
    settings.NEWSROOM_FEED_FULL_TEXT = False
    _, rss = parse(client, "/feed/")
    assert rss.entries[0].summary == "Traders blame the border."
    root = ET.fromstring(client.get("/feed/atom/").content)
    assert root.find(f"{ATOM}entry/{ATOM}content") is None


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/category/nope/feed/", "/tag/nope/feed/atom/", "/author/nope/feed/"])
def test_unknown_scope_is_404(client, url):
    assert client.get(url).status_code == 404


@pytest.mark.django_db
def test_feed_query_count_is_fixed_as_items_grow(client):
    category = CategoryFactory(slug="c")
    author = AuthorFactory(slug="a")

    def counts():
        found = []
        for url in ["/feed/", "/feed/atom/", "/category/c/feed/", "/tag/t/feed/", "/author/a/feed/"]:
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200
            found.append(len(queries))
        return found

    ArticleFactory(primary_category=category, categories=[category], authors=[author], tags=["t"])
    Masthead.names()  # remembered for every page once looked up (the feeds' titles name the site)
    small = counts()
    picture = library_image()
    for _ in range(12):
        ArticleFactory(
            primary_category=category,
            categories=[category, CategoryFactory()],
            authors=[author, AuthorFactory()],
            tags=["t", "u"],
            featured_image=picture,
        )
    assert counts() == small
    assert max(small) <= 6


@pytest.mark.django_db
def test_feeds_from_scratch_cost_the_same_for_2_and_20_items(client, settings):
    """Each item's bylines, categories and tags come in one query for all items, not one per item."""
    settings.PAGECACHE_ENABLED = False
    settings.PAGECACHE_FRAGMENTS = False
    settings.NEWSROOM_FEED_ITEMS = 20
    category = CategoryFactory(slug="c")
    author = AuthorFactory(slug="a")
    urls = [*RSS_URLS, *ATOM_URLS]
    urls = [u.replace("region", "c").replace("wheat", "t").replace("mariam", "a") for u in urls]

    def add(count):
        for n in range(count):
            ArticleFactory(
                primary_category=category,
                categories=[category, CategoryFactory(name=f"Section {n}")],
                authors=[author, AuthorFactory()],
                tags=["t", f"only-{n}"],
                featured_image=picture,
            )

    def counts():
        found = {}
        for url in urls:
            client.get(url)  # the process's own first-time lookups (content types)
            with CaptureQueriesContext(connection) as queries:
                response = client.get(url)
            assert response.status_code == 200, url
            found[url] = len(queries)
        return found

    picture = library_image()
    add(2)
    two = counts()
    add(18)
    twenty = counts()
    assert twenty == two
    # Every item still names its own categories and tags.
    parsed = feedparser.parse(client.get("/feed/").content)
    assert len(parsed.entries) == 20
    for entry in parsed.entries:
        terms = {t["term"] for t in entry.tags}
        assert "t" in terms
        assert any(term.startswith("only-") for term in terms)
        assert any(term.startswith("Section ") for term in terms)


@pytest.mark.django_db
def test_feed_answers_304_until_an_article_changes(client, site):
    first = client.get("/feed/")
    assert first["ETag"] and first["Last-Modified"]
    again = client.get("/feed/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    since = client.get("/feed/", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert since.status_code == 304
    site.title = "Wheat prices climb again"
    site.save()
    changed = client.get("/feed/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert changed.status_code == 200 and changed["ETag"] != first["ETag"]
