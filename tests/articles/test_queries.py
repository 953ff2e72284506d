"""Pages cost a fixed number of queries, whatever the size of what they show."""

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.models import Masthead
from tests.factories import ArticleFactory, AuthorFactory, CategoryFactory


@pytest.fixture(autouse=True)
def _from_scratch(settings):
    # Shared parts (the menu, the article's own) kept from one request to the
    # next would hide queries, and whether they are kept depends on the clock.
    settings.PAGECACHE_FRAGMENTS = False


def build_archive(width: int, articles: int):
    categories = [CategoryFactory(show_on_home=True) for _ in range(width)]
    authors = [AuthorFactory() for _ in range(width)]
    tags = [f"tag-{n}" for n in range(width)]
    made = [
        ArticleFactory(primary_category=categories[0], categories=categories, authors=authors, tags=tags)
        for _ in range(articles)
    ]
    return made[-1]


def count_queries(client, url) -> int:
    # From scratch: whether a remembered lookup (the policy pages, the site's name) is
    # still kept depends on what changed since, not on the size of the archive.
    caches["default"].clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.django_db
@pytest.mark.parametrize("width, articles", [(1, 1), (50, 3), (5, 30)])
def test_article_page_costs_at_most_eleven_queries(client, django_assert_max_num_queries, width, articles):
    article = build_archive(width, articles)
    # The article and what hangs off it (6), the menus (2: editors' links, else the
    # categories), the policy pages the publisher data names, the next scheduled time,
    # and the site's translated name (read once, then kept in the shared cache).
    with django_assert_max_num_queries(11):
        response = client.get(article.get_absolute_url())
    assert response.status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("width, articles", [(1, 1), (50, 3), (5, 30)])
def test_home_page_costs_at_most_twelve_queries(client, django_assert_max_num_queries, width, articles):
    build_archive(width, articles)
    # The menus cost two (the editors' links, else the top-level categories), the
    # policy pages the organisation's data names one (remembered from then on).
    with django_assert_max_num_queries(12):
        client.get("/")


@pytest.mark.django_db
def test_listing_query_counts_do_not_grow_with_the_archive(client):
    Masthead.names()  # read by the first page only, then kept
    small = build_archive(1, 2)
    small_counts = {
        url: count_queries(client, url)
        for url in [
            "/",
            small.primary_category.get_absolute_url(),
            "/tag/tag-0/",
            small.ordered_authors()[0].get_absolute_url(),
            small.get_absolute_url(),
        ]
    }
    big = build_archive(20, 25)
    big_urls = [
        "/",
        big.primary_category.get_absolute_url(),
        "/tag/tag-0/",
        big.ordered_authors()[0].get_absolute_url(),
        big.get_absolute_url(),
    ]
    big_counts = [count_queries(client, url) for url in big_urls]
    assert big_counts == list(small_counts.values())
