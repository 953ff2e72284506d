"""Sitemaps and feeds are never stale: after every editorial event, each URL they list (and
each feed) answers from the cache exactly what a rendering from scratch answers."""

import re
import xml.etree.ElementTree as ET
from urllib.parse import urlsplit

import pytest
from django.test import Client, override_settings
from taggit.models import Tag

from articles.models import Article, Author, Byline, Category
from comments import moderation
from comments.models import Reply
from pages.models import Page
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    CategoryFactory,
    CorrectionFactory,
    PageFactory,
    ReplyFactory,
    UserFactory,
)

SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
# What differs between two renderings of the same content: the signed "form shown at" token,
# and the build time of a feed without items (Django's feeds then say "now").
PER_REQUEST = re.compile(rb'(name="started" value=")[^"]*(")')
FEED_TIME = re.compile(rb"(<lastBuildDate>|<updated>)[^<]*(</)")


def same_content(response) -> tuple[int, bytes]:
    content = PER_REQUEST.sub(rb"\1\2", response.content)
    if b"<item>" not in content and b"<entry>" not in content:
        content = FEED_TIME.sub(rb"\1\2", content)
    return response.status_code, content


@pytest.fixture(autouse=True)
def _page_cache(settings):
    settings.PAGECACHE_ENABLED = True


def sitemap_urls(client) -> list[str]:
    root = ET.fromstring(client.get("/sitemap.xml").content)
    return [urlsplit(loc.text).path for loc in root.iter(f"{SM}loc")]


def warm(client, url) -> None:
    for _ in range(3):
        if client.get(url).get("X-Page-Cache") == "hit":
            return


def from_scratch(url):
    with override_settings(PAGECACHE_ENABLED=False, PAGECACHE_FRAGMENTS=False):
        return Client().get(url)


@pytest.mark.django_db
@pytest.mark.parametrize("model", ["author", "tag"])
def test_renaming_an_author_or_a_tag_changes_the_sitemap_at_once(client, model):
    article = ArticleFactory(tags=["wheat"], authors=[AuthorFactory(name="Mariam", slug="mariam")])
    renamed = article.bylines.get().author if model == "author" else Tag.objects.get(slug="wheat")
    old = f"/{model}/{renamed.slug}/"
    warm(client, "/sitemap.xml")
    assert client.get("/sitemap.xml")["X-Page-Cache"] == "hit"
    assert old in sitemap_urls(client)

    renamed.slug = "renamed-slug"
    renamed.save()

    listed = sitemap_urls(client)
    assert f"/{model}/renamed-slug/" in listed
    assert old not in listed


@pytest.fixture
def newsroom(db):
    politics = CategoryFactory(name="Politics", slug="politics")
    economy = CategoryFactory(name="Economy", slug="economy")
    mariam, farid = AuthorFactory(name="Mariam", slug="mariam"), AuthorFactory(name="Farid", slug="farid")
    lead = ArticleFactory(title="Talks resume", primary_category=politics, tags=["talks"], authors=[mariam])
    second = ArticleFactory(
        title="Wheat prices", primary_category=economy, tags=["wheat", "talks"], authors=[farid, mariam]
    )
    ReplyFactory(article=lead, status=Reply.Status.APPROVED, body="First approved reply.")
    pending = ReplyFactory(article=lead, status=Reply.Status.PENDING, body="Waiting for a moderator.")
    PageFactory(title="About us", slug="about")
    return {"lead": lead, "second": second, "politics": politics, "farid": farid, "pending": pending}


def feeds_of(urls: list[str]) -> list[str]:
    scoped = [url for url in urls if url.startswith(("/category/", "/tag/", "/author/"))]
    return [
        "/feed/",
        "/feed/atom/",
        "/news-sitemap.xml",
        *[url + "feed/" for url in scoped],
        *[url + "feed/atom/" for url in scoped],
    ]


def walk(client, known: set[str]) -> list[str]:
    """Every URL of the sitemap and the feeds, cached, against a rendering from scratch."""
    listed = sitemap_urls(Client())
    known |= {"/sitemap.xml", *listed, *feeds_of(listed)}
    stale = []
    for url in sorted(known):
        if same_content(client.get(url)) != same_content(from_scratch(url)):
            stale.append(url)
    return stale


def _edit_title(n):
    lead = Article.objects.get(pk=n["lead"].pk)
    lead.title = "Talks collapse"
    lead.save()


def _unpublish(n):
    second = Article.objects.get(pk=n["second"].pk)
    second.status = Article.Status.DRAFT
    second.save()


def _rename_category(n):
    category = Category.objects.get(pk=n["politics"].pk)
    category.name, category.slug = "Government", "government"
    category.save()


def _rename_author(n):
    author = Author.objects.get(pk=n["farid"].pk)
    author.name, author.slug = "Farid Ahmadi", "farid-ahmadi"
    author.save()


def _rename_tag(n):
    tag = Tag.objects.get(slug="wheat")
    tag.name, tag.slug = "Grain", "grain"
    tag.save()


def _retag(n):
    Article.objects.get(pk=n["lead"].pk).tags.add("ceasefire")


def _byline(n):
    Byline.objects.create(article=n["lead"], author=n["farid"], position=5)


def _approve(n):
    moderation.approve(Reply.objects.get(pk=n["pending"].pk), UserFactory(is_staff=True))


def _correct(n):
    CorrectionFactory(article=n["lead"])


def _publish_new(n):
    ArticleFactory(title="A new story", tags=["talks"], primary_category=n["politics"])


def _edit_page(n):
    page = Page.objects.get(slug="about")
    page.title, page.slug = "Who we are", "who-we-are"
    page.save()


def _delete(n):
    Article.objects.get(pk=n["lead"].pk).delete()


EVENTS = [
    _edit_title,
    _rename_category,
    _rename_author,
    _rename_tag,
    _retag,
    _byline,
    _approve,
    _correct,
    _publish_new,
    _edit_page,
    _unpublish,
    _delete,
]


@pytest.mark.django_db
def test_no_sitemap_or_feed_url_is_stale_after_any_editorial_event(client, newsroom):
    known: set[str] = set()
    assert walk(client, known) == []
    for url in sorted(known):  # everything cached before the first event
        warm(client, url)
    for event in EVENTS:
        event(newsroom)
        assert walk(client, known) == [], event.__name__
