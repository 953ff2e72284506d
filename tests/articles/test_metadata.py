"""Head metadata on every public page; JSON-LD on the article; conditional GET."""

import datetime
import json

import html5lib
import pytest
from django.utils import timezone

from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    CategoryFactory,
    CorrectionFactory,
    library_image,
)


@pytest.fixture
def article(db):
    region = CategoryFactory(name="Region", slug="region")
    afghanistan = CategoryFactory(name="Afghanistan", slug="afghanistan", parent=region)
    kabul = CategoryFactory(name="Kabul", slug="kabul", parent=afghanistan)
    article = ArticleFactory(
        title="Wheat prices climb </script><script>alert(1)</script>",
        dek="Traders blame the border.",
        seo_description="Why bread costs more in Kabul this winter.",
        primary_category=kabul,
        categories=[kabul, region],
        authors=[AuthorFactory(name="Mariam", slug="mariam"), AuthorFactory(name="Omid", slug="omid")],
        tags=["wheat", "trade"],
        featured_image=library_image(alt_text="A wheat field"),
        source_line="Kabul Analysis Desk",
    )
    CorrectionFactory(article=article, note="An earlier version gave the wrong price.")
    return article


def head(response):
    document = html5lib.parse(response.content, namespaceHTMLElements=False)
    found = {}
    for meta in document.iter("meta"):
        key = meta.get("property") or meta.get("name")
        if key:
            found.setdefault(key, []).append(meta.get("content"))
    links = {}
    for link in document.iter("link"):
        links.setdefault(link.get("rel"), []).append(link)
    scripts = [json.loads(s.text) for s in document.iter("script") if s.get("type") == "application/ld+json"]
    return found, links, scripts


def public_urls(article):
    day = article.publish_date
    return [
        "/",
        article.get_absolute_url(),
        "/category/region/",
        "/category/kabul/",
        "/tag/wheat/",
        "/author/mariam/",
        f"/{day.year}/",
        f"/{day.year}/{day.month:02d}/",
        "/search/?q=wheat",
        "/search/",
    ]


@pytest.mark.django_db
def test_every_public_page_has_canonical_description_open_graph_twitter_and_feeds(client, article):
    for url in public_urls(article):
        response = client.get(url)
        assert response.status_code == 200, url
        meta, links, _ = head(response)
        assert len(links["canonical"]) == 1, url
        assert links["canonical"][0].get("href").startswith("http://testserver/"), url
        assert meta["description"][0], url
        for key in ("og:type", "og:title", "og:description", "og:url", "og:site_name", "twitter:card"):
            assert meta.get(key) and meta[key][0], (url, key)
        feeds = [link.get("href") for link in links["alternate"]]
        assert "/feed/" in feeds and "/feed/atom/" in feeds, url


@pytest.mark.django_db
def test_scoped_pages_link_their_own_feeds(client, article):
    for page, feed in [
        ("/category/region/", "/category/region/feed/"),
        ("/tag/wheat/", "/tag/wheat/feed/"),
        ("/author/mariam/", "/author/mariam/feed/"),
    ]:
        _, links, _ = head(client.get(page))
        hrefs = [link.get("href") for link in links["alternate"]]
        assert feed in hrefs and feed + "atom/" in hrefs
        assert client.get(feed).status_code == 200


@pytest.mark.django_db
def test_article_open_graph_is_an_article_with_times_section_and_tags(client, article):
    meta, links, _ = head(client.get(article.get_absolute_url()))
    assert links["canonical"][0].get("href") == "http://testserver" + article.get_absolute_url()
    assert meta["description"] == ["Why bread costs more in Kabul this winter."]
    assert meta["og:type"] == ["article"]
    published = datetime.datetime.fromisoformat(meta["article:published_time"][0])
    assert published.tzinfo is not None and published == article.publish_at
    assert datetime.datetime.fromisoformat(meta["article:modified_time"][0]).tzinfo is not None
    assert meta["article:section"] == ["Kabul"]
    assert sorted(meta["article:tag"]) == ["trade", "wheat"]
    assert meta["og:image"][0] == "http://testserver" + article.featured_image.crop("16x9")["url"]
    assert meta["og:image:width"] == ["1200"] and meta["og:image:height"] == ["675"]
    assert meta["og:image:alt"] == ["A wheat field"]
    assert meta["twitter:card"] == ["summary_large_image"]


@pytest.mark.django_db
def test_description_falls_back_to_the_dek(client):
    article = ArticleFactory(dek="The dek says it.", seo_description="")
    meta, _, _ = head(client.get(article.get_absolute_url()))
    assert meta["description"] == ["The dek says it."]
    assert meta["twitter:card"] == ["summary"]


@pytest.mark.django_db
def test_article_json_ld_is_a_complete_news_article(client, article):
    response = client.get(article.get_absolute_url())
    assert b"</script><script>alert(1)" not in response.content  # escaped inside the data block
    _, _, scripts = head(response)
    news = next(s for s in scripts if s["@type"] == "NewsArticle")
    assert news["headline"] == article.title
    assert news["image"] and all(url.startswith("http://testserver/media/") for url in news["image"])
    for key in ("datePublished", "dateModified"):
        moment = datetime.datetime.fromisoformat(news[key])
        assert moment.tzinfo is not None and moment.utcoffset() == datetime.timedelta(hours=4, minutes=30)
    assert news["author"] == [
        {"@type": "Person", "name": "Mariam", "url": "http://testserver/author/mariam/"},
        {"@type": "Person", "name": "Omid", "url": "http://testserver/author/omid/"},
    ]
    publisher = news["publisher"]
    assert publisher["name"] and publisher["logo"]["url"].endswith("/static/img/logo.png")
    assert client.get(publisher["logo"]["url"].replace("http://testserver", "")).status_code in (200, 404)
    assert news["correction"][0]["text"] == "An earlier version gave the wrong price."
    assert news["mainEntityOfPage"]["@id"] == "http://testserver" + article.get_absolute_url()
    assert news["keywords"] and news["articleSection"] and news["inLanguage"] == "en"


@pytest.mark.django_db
def test_breadcrumb_follows_the_primary_category_path(client, article):
    _, _, scripts = head(client.get(article.get_absolute_url()))
    crumbs = next(s for s in scripts if s["@type"] == "BreadcrumbList")["itemListElement"]
    assert [c["name"] for c in crumbs] == ["Home", "Region", "Afghanistan", "Kabul", article.title]
    assert [c["position"] for c in crumbs] == [1, 2, 3, 4, 5]
    assert crumbs[1]["item"] == "http://testserver/category/region/"


@pytest.mark.django_db
def test_listing_pages_have_their_own_canonical(client, monkeypatch, article):
    from articles.views import CategoryArticleList

    monkeypatch.setattr(CategoryArticleList, "paginate_by", 1)
    ArticleFactory(categories=[article.primary_category])
    _, links, _ = head(client.get("/category/kabul/?page=2&utm_source=x"))
    assert links["canonical"][0].get("href") == "http://testserver/category/kabul/?page=2"


@pytest.mark.django_db
def test_search_page_is_not_indexed(client, article):
    meta, _, _ = head(client.get("/search/?q=wheat"))
    assert meta["robots"] == ["noindex, follow"]


# --- conditional GET -------------------------------------------------------------------


@pytest.mark.django_db
def test_article_answers_304_to_its_etag(client, article):
    """The ETag hashes the page, so it changes with anything shown; no Last-Modified could."""
    url = article.get_absolute_url()
    first = client.get(url)
    assert first["ETag"] and not first.has_header("Last-Modified")
    assert client.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304


@pytest.mark.django_db
@pytest.mark.parametrize("change", ["edit", "correction", "correction_note"])
def test_article_etag_changes_when_it_or_its_corrections_change(client, article, change):
    url = article.get_absolute_url()
    etag = client.get(url)["ETag"]
    if change == "edit":
        article.dek = "A new dek."
        article.save()
    elif change == "correction":
        CorrectionFactory(article=article, note="Another fix.")
    else:
        correction = article.corrections.get()
        correction.note = "Reworded."
        correction.save()
    response = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200
    assert response["ETag"] != etag


@pytest.mark.django_db
def test_staff_never_get_a_readers_304(client, editor, article):
    url = article.get_absolute_url()
    anonymous = client.get(url)["ETag"]
    client.force_login(editor)
    staff = client.get(url)
    assert not staff.has_header("ETag") and "no-store" in staff["Cache-Control"]  # never kept anywhere
    assert client.get(url, HTTP_IF_NONE_MATCH=anonymous).status_code == 200


@pytest.mark.django_db
def test_unpublished_article_is_404_even_with_an_old_etag(client, article):
    url = article.get_absolute_url()
    etag = client.get(url)["ETag"]
    article.status = article.Status.DRAFT
    article.save()
    assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 404


@pytest.mark.django_db
def test_scheduled_article_appearing_changes_the_feed_etag(client, article, settings):
    later = ArticleFactory(title="Later", publish_at=timezone.now() + datetime.timedelta(minutes=5))
    etag = client.get("/feed/")["ETag"]
    later.publish_at = timezone.now() - datetime.timedelta(minutes=1)
    later.save()
    assert client.get("/feed/", HTTP_IF_NONE_MATCH=etag).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("status", ["draft", "scheduled"])
def test_staff_preview_of_an_unpublished_article_has_metadata_and_is_not_indexed(client, editor, status):
    from articles import preview
    from articles.models import Article

    if status == "draft":
        article = ArticleFactory(status=Article.Status.DRAFT, publish_at=None)
    else:
        article = ArticleFactory(publish_at=timezone.now() + datetime.timedelta(days=1))
    client.force_login(editor)
    response = client.get(preview.preview_url(article))
    assert response.status_code == 200
    meta, _, scripts = head(response)
    assert meta["robots"] == ["noindex, follow"]
    assert next(s for s in scripts if s["@type"] == "NewsArticle")["headline"] == article.title


@pytest.mark.django_db
@pytest.mark.parametrize("change", ["new_approved", "approve_pending", "spam_approved"])
def test_article_etag_changes_when_its_replies_change(client, article, change):
    from comments.models import Reply
    from tests.factories import ReplyFactory

    approved = ReplyFactory(article=article)
    pending = ReplyFactory(article=article, status=Reply.Status.PENDING)
    url = article.get_absolute_url()
    etag = client.get(url)["ETag"]
    assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304
    if change == "new_approved":
        ReplyFactory(article=article)
    elif change == "approve_pending":
        pending.status = Reply.Status.APPROVED
        pending.save()
    else:
        approved.status = Reply.Status.SPAM
        approved.save()
    response = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200 and response["ETag"] != etag
