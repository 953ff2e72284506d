"""Readers posting at the same moment (PostgreSQL: real concurrent writers).

SQLite serialises writers, so these prove nothing there; they run when
DATABASE_URL points at PostgreSQL.
"""

import threading

import pytest
from django.db import connection
from django.test import Client

from articles.models import Article
from comments import moderation
from comments.models import ModerationLog, Reply
from tests.comments.test_posting import form_data
from tests.factories import ArticleFactory, ReplyFactory, UserFactory

# SQLite serialises writers: these prove something on PostgreSQL only.
pytestmark = pytest.mark.postgres

THREADS = 50


def at_once(count, work):
    """Run ``work(n)`` in ``count`` threads released together; returns their results."""
    barrier = threading.Barrier(count)
    results = [None] * count

    def run(n):
        try:
            barrier.wait()
            results[n] = work(n)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def post(article, n, **overrides):
    return Client().post(
        f"/replies/post/{article.pk}/",
        form_data(article, **overrides),
        REMOTE_ADDR=f"203.0.113.{n + 1}",
    )


@pytest.mark.django_db(transaction=True)
def test_fifty_replies_at_once_are_each_stored_once_and_counted():
    article = ArticleFactory()
    elsewhere = ArticleFactory()
    for n in range(THREADS):
        # Known commenters, so each reply is approved and counted on the listings.
        ReplyFactory(article=elsewhere, email=f"reader{n}@readers.example")

    responses = at_once(
        THREADS,
        lambda n: post(article, n, email=f"reader{n}@readers.example", body=f"Reply number {n} at once."),
    )

    assert [response.status_code for response in responses] == [302] * THREADS
    stored = Reply.objects.filter(article=article)
    assert stored.count() == THREADS
    assert sorted(stored.values_list("body", flat=True)) == sorted(
        f"Reply number {n} at once." for n in range(THREADS)
    )
    assert set(stored.values_list("status", flat=True)) == {Reply.Status.APPROVED}
    assert ModerationLog.objects.filter(reply__article=article).count() == THREADS
    assert Article.objects.for_listing().get(pk=article.pk).reply_count == THREADS


@pytest.mark.django_db(transaction=True)
def test_the_same_reply_sent_fifty_times_at_once_is_stored_once(settings):
    settings.NEWSROOM_REPLY_FLOOD_SECONDS = 0  # leave it to the duplicate rule and the database
    article = ArticleFactory()

    responses = at_once(THREADS, lambda n: post(article, n))

    codes = sorted(response.status_code for response in responses)
    assert codes == [302] + [409] * (THREADS - 1)
    assert Reply.objects.filter(article=article).count() == 1
    assert ModerationLog.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_the_same_email_from_fifty_places_at_once_is_one_reply_and_49_floods():
    article = ArticleFactory()
    responses = at_once(THREADS, lambda n: post(article, n, body=f"Different words, number {n}."))
    codes = sorted(response.status_code for response in responses)
    assert codes == [302] + [429] * (THREADS - 1)
    assert Reply.objects.filter(article=article).count() == 1


@pytest.mark.django_db(transaction=True)
def test_moderators_approving_the_same_reply_at_once_log_one_decision():
    reply = ReplyFactory(status=Reply.Status.PENDING)
    moderators = [UserFactory(is_staff=True) for _ in range(10)]
    results = at_once(10, lambda n: moderation.approve(Reply.objects.get(pk=reply.pk), moderators[n]))
    assert results.count(True) == 1
    assert ModerationLog.objects.filter(reply=reply).count() == 1
