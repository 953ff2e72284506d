"""Who may read an article: one rule, used by every public page."""

import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from tests.factories import ArticleFactory, CategoryFactory

NOW = datetime.datetime(2026, 3, 10, 12, 0, tzinfo=datetime.UTC)
PAST = NOW - datetime.timedelta(days=1)
FUTURE = NOW + datetime.timedelta(hours=2)

CASES = [
    # status, publish time, readable
    (Article.Status.DRAFT, None, False),
    (Article.Status.DRAFT, PAST, False),
    (Article.Status.REVIEW, PAST, False),
    (Article.Status.REVIEW, FUTURE, False),
    (Article.Status.PUBLISHED, PAST, True),
    (Article.Status.PUBLISHED, FUTURE, False),  # scheduled
]


def listing_urls(article):
    day = timezone.localdate(article.publish_at or NOW)
    return [
        reverse("articles:home"),
        article.primary_category.get_absolute_url(),
        reverse("articles:tag", kwargs={"slug": "visibility"}),
        reverse("articles:author", kwargs={"slug": article.ordered_authors()[0].slug}),
        reverse("articles:year", kwargs={"year": day.year}),
        reverse("articles:month", kwargs={"year": day.year, "month": day.month}),
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("status, publish_at, readable", CASES)
def test_published_queryset_follows_status_and_clock(status, publish_at, readable):
    with time_machine.travel(NOW, tick=False):
        article = ArticleFactory(status=status, publish_at=publish_at)
        assert (article in Article.objects.published()) is readable
        assert article.is_published is readable


@pytest.mark.django_db
@pytest.mark.parametrize("status, publish_at, readable", CASES)
def test_unreadable_articles_404_and_stay_out_of_listings(client, status, publish_at, readable):
    with time_machine.travel(NOW, tick=False):
        # A readable neighbour keeps every listing page non-empty.
        ArticleFactory(title="Neighbour", publish_at=PAST - datetime.timedelta(hours=1), tags=["visibility"])
        article = ArticleFactory(
            title="The article under test",
            status=status,
            publish_at=publish_at,
            tags=["visibility"],
            categories=[],
        )
        article.categories.set([article.primary_category])
        response = client.get(article.get_absolute_url())
        assert response.status_code == (200 if readable else 404)
        for url in listing_urls(article):
            page = client.get(url)
            if page.status_code == 404:
                # An archive or category with nothing readable in it.
                assert not readable
                continue
            assert ("The article under test" in page.content.decode()) is readable, url


@pytest.mark.django_db
def test_scheduled_article_appears_by_itself_when_its_time_comes(client):
    category = CategoryFactory(show_on_home=True)
    with time_machine.travel(NOW, tick=False):
        article = ArticleFactory(title="Scheduled piece", publish_at=FUTURE, primary_category=category)
        assert client.get(article.get_absolute_url()).status_code == 404
        assert "Scheduled piece" not in client.get("/").content.decode()
        assert article.is_scheduled
    # No job runs in between: only the clock moves.
    with time_machine.travel(FUTURE + datetime.timedelta(seconds=1), tick=False):
        assert client.get(article.get_absolute_url()).status_code == 200
        assert "Scheduled piece" in client.get("/").content.decode()
        assert "Scheduled piece" in client.get(category.get_absolute_url()).content.decode()


@pytest.mark.django_db
def test_unpublishing_takes_an_article_off_the_site(client):
    article = ArticleFactory(title="Soon withdrawn")
    url = article.get_absolute_url()
    assert client.get(url).status_code == 200
    article.status = Article.Status.DRAFT
    article.save()
    assert client.get(url).status_code == 404
    assert "Soon withdrawn" not in client.get("/").content.decode()
