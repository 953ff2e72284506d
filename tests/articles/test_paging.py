"""Listings remember how many articles they hold until an article joins or leaves them."""

import datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Article
from tests.factories import ArticleFactory, AuthorFactory, CategoryFactory


@pytest.fixture(autouse=True)
def _no_page_cache(settings):
    settings.PAGECACHE_ENABLED = False  # the page itself is rendered every time


def total_pages(client, url) -> int:
    response = client.get(url)
    assert response.status_code == 200
    return response.context["page_obj"].paginator.num_pages


def counts_run(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    return sum("COUNT(*)" in query["sql"] for query in queries)


@pytest.fixture
def region(db):
    parent = CategoryFactory(name="Afghanistan", slug="afghanistan")
    child = CategoryFactory(name="Herat", slug="herat", parent=parent)
    return parent, child


def fill(category, count, **fields):
    return [ArticleFactory(primary_category=category, **fields) for _ in range(count)]


@pytest.mark.django_db
def test_the_total_is_counted_then_remembered(client, region, monkeypatch):
    from articles import views

    monkeypatch.setattr(views.PublishedArticlesMixin, "paginate_by", 2)
    parent, child = region
    fill(child, 3)
    url = parent.get_absolute_url()
    # Tags never bumped are started before the first count: it is remembered at once.
    assert [counts_run(client, url) for _ in range(3)] == [1, 0, 0]
    assert total_pages(client, url) == 2


@pytest.mark.django_db
def test_publishing_unpublishing_and_moving_change_the_total(client, region, monkeypatch):
    from articles import views

    monkeypatch.setattr(views.PublishedArticlesMixin, "paginate_by", 2)
    parent, child = region
    articles = fill(child, 4)
    url = parent.get_absolute_url()
    assert total_pages(client, url) == 2

    fill(parent, 1)  # published into the parent itself
    assert total_pages(client, url) == 3

    for article in articles[:3]:
        article.status = Article.Status.DRAFT
        article.save()
    assert total_pages(client, url) == 1

    # A subcategory moved elsewhere takes its articles with it.
    child.parent = CategoryFactory(name="Elsewhere")
    child.save()
    fill(child, 2)
    assert total_pages(client, url) == 1
    assert total_pages(client, child.get_absolute_url()) == 2


@pytest.mark.django_db
def test_a_scheduled_article_counts_from_its_publish_time(client, region, monkeypatch):
    from articles import views

    monkeypatch.setattr(views.PublishedArticlesMixin, "paginate_by", 1)
    parent, _ = region
    now = timezone.now()
    fill(parent, 1)
    fill(parent, 1, publish_at=now + datetime.timedelta(minutes=5))
    url = parent.get_absolute_url()
    assert [total_pages(client, url) for _ in range(3)] == [1, 1, 1]  # remembered by now
    with time_machine.travel(now + datetime.timedelta(minutes=6), tick=False):
        assert total_pages(client, url) == 2


@pytest.mark.django_db
def test_tag_and_author_listings_remember_their_totals_too(client, monkeypatch):
    from articles import views

    monkeypatch.setattr(views.PublishedArticlesMixin, "paginate_by", 1)
    author = AuthorFactory()
    ArticleFactory(authors=[author], tags=["water"])
    author_url, tag_url = author.get_absolute_url(), "/tag/water/"
    assert total_pages(client, author_url) == 1 and total_pages(client, tag_url) == 1
    ArticleFactory(authors=[author], tags=["water"])
    assert total_pages(client, author_url) == 2 and total_pages(client, tag_url) == 2


@pytest.mark.django_db
def test_a_long_listing_is_counted_only_a_few_pages_past_the_one_asked(client, region, monkeypatch):
    """The count stops LOOKAHEAD_PAGES pages further: its cost follows the page, not the archive."""
    from articles import paging, views

    monkeypatch.setattr(views.PublishedArticlesMixin, "paginate_by", 2)
    monkeypatch.setattr(paging, "LOOKAHEAD_PAGES", 1)
    parent, child = region
    fill(child, 7)
    url = parent.get_absolute_url()
    with CaptureQueriesContext(connection) as queries:
        first = client.get(url)
    counts = [q["sql"] for q in queries if "COUNT(*)" in q["sql"]]
    assert (
        len(counts) == 1 and "LIMIT 5" in counts[0]
    )  # (page 1 + 1) x 2 rows, and one to know there are more
    assert first.context["page_obj"].paginator.count_is_lower_bound
    assert "Page 1 of more than 2" in first.content.decode()
    assert 'rel="next"' in first.content.decode()

    third = client.get(url, {"page": 3})  # counted further: now exact
    assert not third.context["page_obj"].paginator.count_is_lower_bound
    assert "Page 3 of 4" in third.content.decode()
    assert client.get(url, {"page": 4}).status_code == 200


@pytest.mark.django_db
def test_search_results_are_counted_only_a_few_pages_past_the_one_asked(client, monkeypatch):
    from articles import paging, views

    monkeypatch.setattr(views.PublishedArticlesMixin, "paginate_by", 2)
    monkeypatch.setattr(paging, "LOOKAHEAD_PAGES", 1)
    for n in range(6):
        ArticleFactory(title=f"Harvest report {n}")
    first = client.get("/search/", {"q": "harvest"})
    assert first.context["page_obj"].paginator.count_is_lower_bound
    assert "More than 4 articles match “\u2068harvest\u2069”." in first.content.decode()
    third = client.get("/search/", {"q": "harvest", "page": 3})
    assert "6 articles match “\u2068harvest\u2069”." in third.content.decode()
    assert "Page 3 of 3" in third.content.decode()
