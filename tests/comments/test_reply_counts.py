"""Every listing's cards show their approved replies, counted by the listing's own queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from comments.models import Reply
from tests.factories import ArticleFactory, CategoryFactory, ReplyFactory


@pytest.fixture(autouse=True)
def _from_scratch(settings):
    settings.PAGECACHE_ENABLED = False
    settings.PAGECACHE_FRAGMENTS = False


def listing_urls(article) -> list[str]:
    day = article.publish_date
    return [
        "/",
        article.primary_category.get_absolute_url(),
        "/tag/counted/",
        article.ordered_authors()[0].get_absolute_url(),
        f"/{day.year:04d}/",
        f"/{day.year:04d}/{day.month:02d}/",
    ]


def queries(client, url) -> tuple[int, str]:
    client.get(url)  # tags and totals seen once are remembered: count the steady state
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured), response.content.decode()


@pytest.mark.django_db
def test_reply_counts_cost_the_same_queries_for_any_number_of_replies(client):
    section = CategoryFactory(show_on_home=True)
    quiet = ArticleFactory(primary_category=section, categories=[section], tags=["counted"])
    before = {url: queries(client, url)[0] for url in listing_urls(quiet)}
    busy = [
        ArticleFactory(
            primary_category=section, categories=[section], tags=["counted"], authors=quiet.authors.all()
        )
        for _ in range(3)
    ]
    for number, article in enumerate(busy, start=2):
        ReplyFactory.create_batch(number, article=article)
        ReplyFactory(article=article, status=Reply.Status.PENDING)  # never counted on the public site
    for url, cost in before.items():
        after, html = queries(client, url)
        assert after == cost, url
        for number, article in enumerate(busy, start=2):
            assert f'href="{article.get_absolute_url()}#replies">{number} replies</a>' in html, url
